// Policy kms-key-conditions: kms:ViaService and kms:CallerAccount hold where a statement relies on them.
//
// Judged by what KMS/IAM would decide (lib/kms.ts probes, lib/conditions.ts evaluator), on every key
// policy of the plan (aws:kms/key:Key, aws:kms/keyPolicy:KeyPolicy, aws-native:kms:Key) and on every
// identity statement that uses a key through a service:
// - a key-policy statement that lets a principal other than the account root (a role, a service-linked
//   role, `*`), or a service principal without source conditions, use the key must hold it to the
//   services that act for resources of the stack encrypted with that key, in this region: a direct
//   call, a call through another service, or through another region must be refused. The KMS
//   request-context facts are in lib/kms.ts (AWS KMS Developer Guide, "AWS KMS condition keys").
// - such a statement for callers (not only service-linked roles: IAM User Guide, "Using
//   service-linked roles": only the service assumes those) must keep callers of other accounts out by
//   its own conditions (kms:CallerAccount or aws:PrincipalAccount = this account), whatever its
//   Principal says: the AWS managed key pattern of the KMS Developer Guide ("kms:CallerAccount")
//   relies on exactly that, and a principal list is the first thing an edit widens.
// - an identity statement that names kms:ViaService, or that uses a key of the stack named by its ARN,
//   must hold it in the same way.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { stackContext } from "./lib/access";
import { onlyAccountRoots, patternCovers } from "./lib/analysis";
import { Statement, statementLabel } from "./lib/documents";
import { keyUsersByKey } from "./lib/keyusers";
import {
    conditionsAdmit,
    conditionValuesUnknown,
    hasKey,
    KMS_USE_ACTIONS,
    otherCallerAccounts,
    otherCallerProbe,
    serviceName,
    ViaScope,
    viaServiceLeaks,
} from "./lib/kms";
import { stackRule, stringList } from "./lib/rule";
import { cannotJudge, DOMAIN_TYPES, KEY_TYPES, ofType, referent, safeString } from "./lib/stack";
import { UNKNOWN } from "./lib/conditions";
import { documentsForJudging } from "./lib/stackdocs";
import { documentedBinding } from "./lib/documented-forms";
import { TRUSTED_ACCOUNTS_SCHEMA, TrustConfig } from "./other-accounts";

export interface KmsConditionsConfig extends TrustConfig {
    allowedViaServices?: string[];
}

/** Whether an Allow statement lets its principal use key material or create grants. */
export const usesKey = (s: Statement): boolean =>
    s.effect === "Allow" && !!s.actions && s.actions.some((p) => KMS_USE_ACTIONS.some((a) => patternCovers(p, a)));

/**
 * A statement that gives only kms:CreateGrant of the key-use actions and does not name kms:ViaService:
 * its binding may be kms:GrantIsForAWSResource or the grantee, which kms-least-privilege-grants judges.
 */
const grantOnlyWithoutVia = (s: Statement): boolean =>
    !hasKey(s, "kms:ViaService") &&
    !KMS_USE_ACTIONS.filter((a) => a !== "kms:CreateGrant").some((a) =>
        (s.actions ?? []).some((p) => patternCovers(p, a)),
    );

const SOURCE_KEY = /^aws:Source(Account|Arn|OrgID|OrgPaths|Owner)$/i;
const SERVICE_LINKED_ROLE = /^arn:aws[a-z-]*:iam::\d{12}:role\/aws-service-role\//;

const shown = (labels: string[]) =>
    labels.length > 3 ? `${labels.slice(0, 3).join("; ")} and ${labels.length - 3} more` : labels.join("; ");

interface Outcome {
    violations: { message: string; urn: string }[];
    unjudged: string[];
}

function judgeKeyStatement(
    r: PolicyResource,
    where: string,
    s: Statement,
    scope: ViaScope,
    ctx: { account: string | undefined; trusted: string[] },
    out: Outcome,
): void {
    if (!usesKey(s) || (!s.principal && !s.notPrincipal) || grantOnlyWithoutVia(s)) {
        return;
    }
    if (onlyAccountRoots(s.principal)) {
        return; // the account-root statement delegates to IAM (other-accounts judges whose root it is)
    }
    const p = s.principal;
    const serviceOnly = !!p && !p.any && p.aws.length === 0 && p.service.length > 0;
    if (serviceOnly && Object.values(s.conditions).some((b) => Object.keys(b).some((k) => SOURCE_KEY.test(k)))) {
        return; // bound by source conditions: judged by confused-deputy-source-conditions
    }
    if (serviceOnly && p.service.every((svc) => documentedBinding(s, "key", svc) === "none")) {
        return; // AWS documents this caller's key statement with no condition (lib/documented-forms.ts)
    }
    const label = `${r.name} ${where}: ${statementLabel(s)}`;
    if (conditionValuesUnknown(s)) {
        out.unjudged.push(`${label}: a condition value is unknown until apply`);
        return;
    }
    const { leaks } = viaServiceLeaks(s, scope);
    if (leaks.length > 0) {
        const to = scope.services ? scope.services.map((x) => `${x}.${scope.region ?? "REGION"}.amazonaws.com`) : [];
        out.violations.push({
            message: `${where}: ${statementLabel(s)}: kms:ViaService does not hold this key to ${to.length > 0 ? to.join(", ") : "the services that use it"}: KMS would allow ${shown(leaks)}`,
            urn: r.urn,
        });
    }
    const slrOnly =
        !!p && !p.any && p.service.length === 0 && p.aws.length > 0 && p.aws.every((a) => SERVICE_LINKED_ROLE.test(a));
    if (serviceOnly || slrOnly) {
        return;
    }
    if (!ctx.account) {
        out.unjudged.push(`${label}: kms:CallerAccount (this stack's account: no ARN in the plan names it)`);
        return;
    }
    const admitted = otherCallerAccounts(s, ctx.account, ctx.trusted).filter(
        (a) => conditionsAdmit(s, otherCallerProbe(a)) !== false,
    );
    if (admitted.length > 0) {
        out.violations.push({
            message: `${where}: ${statementLabel(s)}: its conditions admit a caller of account ${admitted.join(", ")} (only its Principal stands between); bind kms:CallerAccount = ${ctx.account} with StringEquals`,
            urn: r.urn,
        });
    }
}

function judgeIdentityStatement(r: PolicyResource, where: string, s: Statement, scope: ViaScope, out: Outcome): void {
    if (conditionValuesUnknown(s)) {
        out.unjudged.push(`${r.name} ${where}: ${statementLabel(s)}: a condition value is unknown until apply`);
        return;
    }
    const { leaks } = viaServiceLeaks(s, scope);
    if (leaks.length > 0) {
        out.violations.push({
            message: `${where}: ${statementLabel(s)}: kms:ViaService does not hold the key to the services that use it in this region: KMS would allow ${shown(leaks)}`,
            urn: r.urn,
        });
    }
}

/** What the rule finds on a stack: used by the policy and by tests. */
export function kmsConditionFindings(all: PolicyResource[], config: KmsConditionsConfig): Outcome {
    const ctx = stackContext(all, config.trustedAccounts ?? []);
    const out: Outcome = { violations: [], unjudged: [] };
    const keys = ofType(all, ...KEY_TYPES);
    const { users, unsure } = keyUsersByKey(all);
    const extra = (config.allowedViaServices ?? []).map(serviceName);
    const servicesOf = (key: PolicyResource | undefined): string[] | undefined => {
        if (!key || unsure(key).length > 0) {
            return undefined;
        }
        const own = (users.get(key) ?? []).flatMap((u) => [
            ...u.services.map(serviceName),
            // A domain's integration workflows create AppFlow flows on the domain key (Amazon Connect
            // Administrator Guide, "Grant least privilege access to your Customer Profiles execution
            // role": KMSAppflow, kms:ViaService = appflow.REGION on the domain's key).
            ...(DOMAIN_TYPES.includes(u.r.type) ? ["appflow"] : []),
        ]);
        return [...new Set([...own, ...extra])];
    };
    if (!ctx.region) {
        out.unjudged.push("kms:ViaService regions (this stack's region: no ARN in the plan names it)");
    }
    const keyIds = new Map<PolicyResource, string[]>();
    for (const k of keys) {
        keyIds.set(
            k,
            // safeString: a value unknown during preview is not read (reading it would throw)
            ["keyId", "id", "arn"]
                .map((p) => safeString(k.props, [p]))
                .filter((v): v is string => typeof v === "string" && v !== "" && !v.includes(UNKNOWN)),
        );
    }
    for (const r of all) {
        const isKeyDoc = KEY_TYPES.includes(r.type) || r.type === "aws:kms/keyPolicy:KeyPolicy";
        const { docs, unjudged } = documentsForJudging(r);
        if (isKeyDoc || /^aws(-native)?:iam[:/]/.test(r.type)) {
            out.unjudged.push(...unjudged); // documents this rule would judge: key and identity policies
        }
        for (const h of docs) {
            if (h.kind === "key" && isKeyDoc) {
                const key = KEY_TYPES.includes(r.type) ? r : referent(r, ["keyId"], keys, all);
                const k = key && typeof key === "object" ? (key as PolicyResource) : undefined;
                const services = servicesOf(k);
                if (!services) {
                    out.unjudged.push(
                        `${r.name}: which services use its key is not known (kms:ViaService judged without it)`,
                    );
                }
                for (const s of h.doc.statements) {
                    judgeKeyStatement(r, h.property, s, { region: ctx.region, services }, ctx, out);
                }
            } else if (h.kind === "identity") {
                for (const s of h.doc.statements) {
                    const named = keys.filter((k) =>
                        (s.resources ?? []).some((res) => keyIds.get(k)!.some((id) => res.endsWith(id))),
                    );
                    // Judged: statements that name kms:ViaService, and statements that use a key of the
                    // stack named by its ARN (the program reaches its keys only through services).
                    if (!usesKey(s) || grantOnlyWithoutVia(s) || (!hasKey(s, "kms:ViaService") && named.length === 0)) {
                        continue;
                    }
                    // Keys the statement does not name (patterns, keys of other stacks): services unknown.
                    const of = named.map(servicesOf);
                    const services =
                        named.length === 0 || of.some((x) => x === undefined)
                            ? undefined
                            : [...new Set(of.flatMap((x) => x ?? []))];
                    judgeIdentityStatement(r, h.property, s, { region: ctx.region, services }, out);
                }
            }
        }
    }
    return out;
}

export const kmsKeyConditions: StackValidationPolicy = stackRule<KmsConditionsConfig>(
    {
        name: "kms-key-conditions",
        description:
            "Key use through a service stays bound: kms:ViaService admits only the services that act for resources of the stack encrypted with the key, in this region (no direct call, other service or region), and statements for callers keep other accounts out with kms:CallerAccount, as KMS/IAM would decide.",
        remediationSteps:
            'Use StringEquals kms:ViaService = "SERVICE.REGION.amazonaws.com" for the services that use the key (no IfExists, no ForAllValues, no pattern or negation) and StringEquals kms:CallerAccount = this account.',
        enforcementLevel: "mandatory",
        config: {
            ...TRUSTED_ACCOUNTS_SCHEMA,
            allowedViaServices: stringList(
                "Services (e.g. lambda.amazonaws.com) accepted in kms:ViaService besides those acting for resources of the stack encrypted with the key (resources managed elsewhere).",
            ),
        },
    },
    (args, report, config) => {
        const { violations, unjudged } = kmsConditionFindings(args.resources, config);
        for (const v of violations) {
            report(v.message, v.urn);
        }
        cannotJudge([...new Set(unjudged)], "value not known from the plan");
    },
);
