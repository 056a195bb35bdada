// KMS conditions judged by what KMS/IAM would decide: the condition evaluator (conditions.ts) over
// probe requests that an insider or a careless edit would make possible. Nothing here reads the
// operator names: an `IfExists`, a set operator, a negation, `Null` or a pattern is judged by the
// requests it lets through.
//
// Request-context facts (AWS KMS Developer Guide, "AWS KMS condition keys", conditions-kms.html; read
// in awsdocs/aws-kms-developer-guide doc_source/conditions-kms.md, sections per key):
// - kms:ViaService is `SERVICE.REGION.amazonaws.com` (section "kms:ViaService", table "Services that
//   support the kms:ViaService condition key") and "limits use of an KMS key to requests from specified
//   AWS services"; that a direct call carries no kms:ViaService is not said in words there (aws:CalledVia
//   is: IAM User Guide, "AWS global condition context keys", aws:CalledVia, "not present when the
//   principal makes the call directly"); the probes take it as absent;
// - kms:CallerAccount (section "kms:CallerAccount"): single-valued "because each API call can originate
//   from only one AWS account", for "KMS key resource operations" and custom key store operations; the
//   page does not say in words that every request carries it (the probes take it as present, the
//   caller's account, also when a service calls on the caller's behalf);
// - kms:GrantOperations (section "kms:GrantOperations") is multi-valued, the operations of the grant
//   being created; "ForAllValues: Every grant operation in the request must match a grant operation in
//   the policy condition. This set operator limits the grant operations to those specified", while with
//   ForAnyValue "Other grant operations are permitted";
// - kms:GranteePrincipal is the grantee of the grant being created (section "kms:GranteePrincipal");
// - kms:GrantIsForAWSResource (section "kms:GrantIsForAWSResource") allows CreateGrant, ListGrants or
//   RevokeGrant "only when an AWS services integrated with AWS KMS calls the operation on the user's
//   behalf. This policy condition doesn't allow the user to call these grant operations directly" (also
//   "Controlling access to grants", grant-authorization.html). Whether a direct call carries the key as
//   false or not at all is not said: the probes send false (so `BoolIfExists … true` is judged like
//   `Bool`; unsourced, see docs/policy-pack.md).
// Set operators, IfExists and Null: IAM User Guide, "IAM JSON policy elements: Condition operators",
// "Single-valued vs. multivalued context keys".
import { evaluateConditions, request, Request, Truth, UNKNOWN } from "./conditions";
import { Statement, statementLabel } from "./documents";

/** Operations that use key material (KMS API permissions reference: "cryptographic operations"). */
export const KMS_USE_ACTIONS = [
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:Sign",
    "kms:Verify",
    "kms:GenerateMac",
    "kms:VerifyMac",
    "kms:DeriveSharedSecret",
    "kms:CreateGrant",
];

/** Grant operations a grant (and a CreateGrant allowed by a policy) may give: the narrow set. */
export const DEFAULT_GRANT_OPERATIONS = [
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "ReEncryptFrom",
    "ReEncryptTo",
    "DescribeKey",
];

/**
 * Operations outside the narrow set that a grant could carry (GrantOperation enum of the KMS API,
 * node_modules/@aws-sdk/client-kms/dist-types/models/enums.d.ts): CreateGrant lets the grantee hand the
 * key on, RetireGrant lets it remove grants, the rest use the key for other purposes.
 */
export const WIDE_GRANT_OPERATIONS = ["CreateGrant", "RetireGrant", "GenerateDataKeyPair", "Sign"];

/** Services probed as "another service" (a made-up one first; then services that integrate with KMS). */
const PROBE_SERVICES = [
    "probe",
    "s3",
    "sqs",
    "sns",
    "kinesis",
    "firehose",
    "profile",
    "appflow",
    "logs",
    "events",
    "connect",
    "lambda",
    "secretsmanager",
    "ec2",
    "rds",
    "dynamodb",
    "ssm",
];

const PROBE_OTHER_ACCOUNT = "999988887777";

/** A service name (`sns`) from a principal or user service (`sns.amazonaws.com`). */
export const serviceName = (p: string) => p.toLowerCase().replace(/\.amazonaws\.com(\.cn)?$/, "");

const viaValue = (service: string, region: string) => `${service}.${region}.amazonaws.com`;

/** Another region than the stack's, for probes. */
export const otherRegion = (region: string) => (region === "us-east-1" ? "eu-west-1" : "us-east-1");

/** A request fixing the given keys (absent when undefined) and leaving every other key free. */
function probeRequest(values: Record<string, string | string[] | undefined>): Request {
    const fixed = new Set(Object.keys(values).map((k) => k.toLowerCase()));
    return request(values, (k) => !fixed.has(k));
}

export interface KmsProbe {
    label: string;
    req: Request;
}

/** Whether the statement's conditions admit the probe (principal and action are judged by the caller). */
export const conditionsAdmit = (s: Statement, p: KmsProbe): Truth => evaluateConditions(s.conditions, p.req);

export const conditionValuesUnknown = (s: Statement): boolean =>
    Object.values(s.conditions).some((b) => Object.values(b).some((vs) => vs.some((v) => v.includes(UNKNOWN))));

const keysOf = (s: Statement): string[] => Object.values(s.conditions).flatMap((b) => Object.keys(b));
export const hasKey = (s: Statement, key: string): boolean =>
    keysOf(s).some((k) => k.toLowerCase() === key.toLowerCase());

/** Every literal value the statement gives for a key (any operator). */
export function valuesOf(s: Statement, key: string): string[] {
    const out: string[] = [];
    for (const block of Object.values(s.conditions)) {
        for (const [k, vs] of Object.entries(block)) {
            if (k.toLowerCase() === key.toLowerCase()) {
                out.push(...vs);
            }
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// kms:ViaService
// ---------------------------------------------------------------------------------------------

export interface ViaScope {
    /** This stack's region; undefined when the plan does not tell it. */
    region: string | undefined;
    /** Services (`sns`, `profile`) that act for resources of the stack encrypted with the key; undefined if unknown. */
    services: string[] | undefined;
}

/**
 * Requests a `kms:ViaService` binding must refuse: a direct call; a call through a service that uses
 * the key for nothing in the stack; a call through an admitted service in another region.
 */
export function viaServiceProbes(scope: ViaScope): KmsProbe[] {
    const probes: KmsProbe[] = [
        { label: "a direct call (no kms:ViaService)", req: probeRequest({ "kms:ViaService": undefined }) },
    ];
    if (!scope.region) {
        return probes;
    }
    const region = scope.region;
    if (scope.services) {
        for (const svc of PROBE_SERVICES.filter((x) => !scope.services!.includes(x))) {
            probes.push({
                label: `a call through ${viaValue(svc, region)}`,
                req: probeRequest({ "kms:ViaService": viaValue(svc, region) }),
            });
        }
    }
    for (const svc of scope.services ?? PROBE_SERVICES) {
        probes.push({
            label: `a call through ${viaValue(svc, otherRegion(region))} (another region)`,
            req: probeRequest({ "kms:ViaService": viaValue(svc, otherRegion(region)) }),
        });
    }
    return probes;
}

/** What a statement's kms:ViaService lets through beyond the scope: labels of admitted probes. */
export function viaServiceLeaks(s: Statement, scope: ViaScope): { leaks: string[]; unsure: boolean } {
    const leaks: string[] = [];
    let unsure = false;
    for (const p of viaServiceProbes(scope)) {
        const t = conditionsAdmit(s, p);
        if (t === undefined) {
            unsure = true;
        } else if (t) {
            leaks.push(p.label);
        }
    }
    return { leaks, unsure };
}

// ---------------------------------------------------------------------------------------------
// kms:CallerAccount
// ---------------------------------------------------------------------------------------------

/** The accounts a caller probe comes from: a made-up one and every other account the statement names. */
export function otherCallerAccounts(s: Statement, own: string, trusted: string[]): string[] {
    const named = Object.values(s.conditions)
        .flatMap((b) => Object.values(b).flat())
        .flatMap((v) => v.match(/\b\d{12}\b/g) ?? []);
    return [...new Set([PROBE_OTHER_ACCOUNT, ...named])].filter((a) => a !== own && !trusted.includes(a));
}

/** A caller of another account: kms:CallerAccount and the principal keys name it; the rest is free. */
export function otherCallerProbe(account: string): KmsProbe {
    return {
        label: `a caller of account ${account}`,
        req: probeRequest({
            "kms:CallerAccount": account,
            "aws:PrincipalAccount": account,
            "aws:PrincipalArn": `arn:aws:iam::${account}:role/probe`,
            "aws:PrincipalOrgID": "o-probeother01",
            "aws:PrincipalIsAWSService": "false",
        }),
    };
}

// ---------------------------------------------------------------------------------------------
// Grants
// ---------------------------------------------------------------------------------------------

export interface GrantProbe extends KmsProbe {
    what: string;
}

/** A CreateGrant request: how it is made (direct or through a service) and what grant it asks for. */
function grantRequest(args: {
    account: string;
    via: string | undefined;
    grantee: string;
    operations: string[];
}): Request {
    return probeRequest({
        "kms:CallerAccount": args.account,
        "aws:PrincipalAccount": args.account,
        "kms:ViaService": args.via,
        "kms:GrantIsForAWSResource": args.via ? "true" : "false",
        "kms:GranteePrincipal": args.grantee,
        "kms:GrantOperations": args.operations,
    });
}

/**
 * CreateGrant requests a statement must refuse. Made directly (no service between): a grant for
 * another account's principal, and a grant with a wide operation (CreateGrant, RetireGrant …) for
 * this account's principal. When the statement limits kms:GrantOperations, the limit must also hold
 * for requests through each service it names: a grant with a wide operation beside an allowed one.
 */
export function grantProbes(s: Statement, account: string, allowed: string[]): GrantProbe[] {
    // Grantees: made-up ones of this and another account, and each one the statement names (a pattern
    // made concrete), so that a kms:GranteePrincipal condition is tried with what it admits.
    const named = valuesOf(s, "kms:GranteePrincipal")
        .filter((v) => !v.includes(UNKNOWN))
        .map((v) => v.replace(/[*?]/g, "x"));
    const accountOf = (arn: string) => /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn)?.[1];
    const owns = [`arn:aws:iam::${account}:role/probe`, ...named.filter((g) => accountOf(g) === account)];
    const foreigns = [
        `arn:aws:iam::${PROBE_OTHER_ACCOUNT}:role/probe`,
        ...named.filter((g) => accountOf(g) !== undefined && accountOf(g) !== account),
    ];
    const first = allowed[0] ?? "Decrypt";
    const wide = WIDE_GRANT_OPERATIONS.filter((o) => !allowed.includes(o));
    const probes: GrantProbe[] = [];
    for (const foreign of [...new Set(foreigns)]) {
        probes.push({
            what: "unbound",
            label: `a grant made directly for ${foreign} (another account)`,
            req: grantRequest({ account, via: undefined, grantee: foreign, operations: [first] }),
        });
    }
    for (const own of [...new Set(owns)]) {
        for (const op of wide) {
            probes.push({
                what: "operations",
                label: `a grant made directly with operations ${first}, ${op}`,
                req: grantRequest({ account, via: undefined, grantee: own, operations: [first, op] }),
            });
        }
    }
    if (hasKey(s, "kms:GrantOperations")) {
        // Through each service the statement names, and through any service acting for the principal
        // (a statement bound only by kms:GrantIsForAWSResource admits every integrated service).
        const vias = [
            ...valuesOf(s, "kms:ViaService").filter((v) => !/[*?]/.test(v) && !v.includes(UNKNOWN)),
            "probe.us-east-1.amazonaws.com",
        ];
        for (const via of vias) {
            for (const own of [...new Set(owns)]) {
                for (const op of wide) {
                    probes.push({
                        what: "operations",
                        label: `a grant made through ${via} with operations ${first}, ${op}`,
                        req: grantRequest({ account, via, grantee: own, operations: [first, op] }),
                    });
                }
            }
        }
    }
    return probes;
}

/** Requests to retire or revoke grants a statement must refuse: made directly, not by a service. */
export function retireProbe(account: string): KmsProbe {
    return {
        label: "a direct call (no service acting, kms:GrantIsForAWSResource false)",
        req: probeRequest({
            "kms:CallerAccount": account,
            "aws:PrincipalAccount": account,
            "kms:ViaService": undefined,
            "kms:GrantIsForAWSResource": "false",
        }),
    };
}

export const label = statementLabel;
