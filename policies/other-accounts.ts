// Policy other-accounts: no principal outside this stack's account, unless the account is trusted.
//
// Judged in every resource, key and trust policy of the plan (classic and aws-native types, whether
// or not the program created the resource), in KMS grants and EventBridge bus permissions. An account
// root ARN is "that account", never "this account" unless its id is this stack's. `*` principals
// and NotPrincipal are judged by what IAM would decide for a role of another account and for a service
// acting for another account's resource (lib/access.ts), so conditions such as aws:PrincipalAccount,
// aws:SourceAccount or kms:CallerAccount that keep outsiders out pass.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
    admitsIn,
    arnAccount,
    deniedBy,
    hasUnknown,
    isOwnOrTrusted,
    orgOf,
    otherAccountPrincipalProbe,
    outsiderAccounts,
    outsiderPrincipalArns,
    principalAccount,
    serviceProbe,
    StackContext,
    stackContext,
    voteNote,
} from "./lib/access";
import { UNKNOWN } from "./lib/conditions";
import { LAMBDA_PERMISSION_TYPES, Statement, statementLabel } from "./lib/documents";
import { stackRule, stringList } from "./lib/rule";
import { cannotJudge, safeGet } from "./lib/stack";
import { documentsForJudging } from "./lib/stackdocs";
import { EXPLICIT_GRANT_PROPS } from "./lib/policy-types";

export interface TrustConfig {
    trustedAccounts?: string[];
    accountId?: string;
}

export const TRUSTED_ACCOUNTS_SCHEMA = {
    trustedAccounts: {
        ...stringList(
            "Account ids (12 digits) that may appear as principals or sources besides this stack's account. Default: none.",
        ),
        items: { type: "string" as const, pattern: "^\\d{12}$" },
    },
    accountId: {
        type: "string" as const,
        pattern: "^\\d{12}$",
        description:
            "This stack's account id (12 digits). Default: the account most ARNs of the plan name (shown as advisory when some ARNs name another account).",
    },
};

/** Principals of resources that name one principal outside a policy document. */
export const PRINCIPAL_PROPS: Record<string, string[]> = {
    "aws:kms/grant:Grant": ["granteePrincipal", "retiringPrincipal"],
    "aws:cloudwatch/eventPermission:EventPermission": ["principal"],
    "aws:lambda/permission:Permission": ["principal"],
    "aws-native:events:EventBusPolicy": ["principal"],
    "aws-native:lambda:Permission": ["principal"],
    // Found by the pattern derivation of tests/policies/policy-types.test.ts, and the account-id grants
    // beside them: a layer version shared with an account (Lambda Developer Guide, "Granting layer
    // access to other accounts"), a signing profile (AWS Signer Developer Guide, "Cross-account
    // permissions"), an endpoint service's allowed principals (AWS PrivateLink Guide, "Manage permissions"),
    // a RAM share's principals (AWS RAM User Guide, "Sharing your AWS resources"), an AMI launch permission
    // and an EBS snapshot's create-volume permission (Amazon EC2 User Guide, "Share an AMI with specific
    // AWS accounts" and "Share an Amazon EBS snapshot").
    "aws:lambda/layerVersionPermission:LayerVersionPermission": ["principal"],
    "aws-native:lambda:LayerVersionPermission": ["principal"],
    "aws:signer/signingProfilePermission:SigningProfilePermission": ["principal"],
    "aws-native:signer:ProfilePermission": ["principal"],
    "aws:ec2/vpcEndpointService:VpcEndpointService": ["allowedPrincipals"],
    "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple": ["principalArn"],
    "aws-native:ec2:VpcEndpointServicePermissions": ["allowedPrincipals"],
    "aws:ram/principalAssociation:PrincipalAssociation": ["principal"],
    "aws-native:ram:ResourceShare": ["principals"],
    "aws:ec2/amiLaunchPermission:AmiLaunchPermission": ["accountId"],
    "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission": ["accountId"],
    // Sharing grants whose property the policy-type table widened to (issue 22 review M4): an RDS DB or
    // cluster snapshot shared with accounts, "all" = public (Amazon RDS User Guide, "Sharing a DB snapshot");
    // a Redshift endpoint authorization and an OpenSearch VPC endpoint access for an account (Amazon
    // Redshift Management Guide, "Working with Redshift-managed VPC endpoints"; Amazon OpenSearch Service
    // Developer Guide, "Access to Amazon OpenSearch Service using an OpenSearch Service-managed VPC endpoint");
    // a Connect data lake association's target account; an AWS Config aggregation authorization; an SSM
    // document shared with accounts, "All" = public (AWS Systems Manager User Guide, "Sharing SSM documents").
    "aws:rds/snapshot:Snapshot": ["sharedAccounts"],
    "aws:rds/clusterSnapshot:ClusterSnapshot": ["sharedAccounts"],
    "aws:rds/snapshotCopy:SnapshotCopy": ["sharedAccounts"],
    "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy": ["sharedAccounts"],
    "aws:redshift/endpointAuthorization:EndpointAuthorization": ["account"],
    "aws-native:redshift:EndpointAuthorization": ["account"],
    "aws:opensearch/authorizeVpcEndpointAccess:AuthorizeVpcEndpointAccess": ["account"],
    "aws-native:connect:DataLakeAssociation": ["targetAccountId"],
    ...EXPLICIT_GRANT_PROPS,
};

interface Outcome {
    violations: { message: string; urn: string }[];
    unjudged: string[];
}

function judgeStatement(
    r: PolicyResource,
    where: string,
    s: Statement,
    statements: Statement[],
    ctx: StackContext,
    out: Outcome,
): void {
    if (s.effect !== "Allow" || (!s.principal && !s.notPrincipal)) {
        return;
    }
    const label = `${where}: ${statementLabel(s)}`;
    const named = s.principal?.aws ?? [];
    // Identity providers named by ARN (SAML, OIDC) belong to an account too.
    for (const f of s.principal?.federated ?? []) {
        const account = arnAccount(f);
        if (f.includes(UNKNOWN)) {
            out.unjudged.push(`${r.name} ${label}: federated principal unknown until apply`);
        } else if (account && ctx.account && !isOwnOrTrusted(ctx, account)) {
            out.violations.push({
                message: `${label}: trusts identity provider "${f}" of account ${account}, which is not this stack's account ${ctx.account} and not in trustedAccounts`,
                urn: r.urn,
            });
        }
    }
    // A canonical user id names an account (or a CloudFront identity) the plan cannot tell.
    for (const c of s.principal?.canonicalUser ?? []) {
        out.unjudged.push(`${r.name} ${label}: cannot tell the account of canonical user "${c.slice(0, 12)}…"`);
    }
    for (const p of named) {
        const account = principalAccount(p);
        if (p.includes(UNKNOWN)) {
            out.unjudged.push(`${r.name} ${label}: principal unknown until apply`);
        } else if (p.includes("*") && p !== "*") {
            // IAM User Guide, "AWS JSON policy elements: Principal": no wildcard inside a principal ARN.
            out.violations.push({
                message: `${label}: principal "${p}" has a wildcard, which IAM does not accept inside a principal ARN`,
                urn: r.urn,
            });
        } else if (account === undefined) {
            out.unjudged.push(`${r.name} ${label}: cannot tell the account of principal "${p}"`);
        } else if (account !== "*" && !ctx.account) {
            out.unjudged.push(
                `${r.name} ${label}: principal "${p}" (this stack's account: no ARN in the plan names it)`,
            );
        } else if (
            account !== "*" &&
            !isOwnOrTrusted(ctx, account) &&
            !deniedBy(statements, s, otherAccountPrincipalProbe(account, orgOf(s), ctx.account))
        ) {
            out.violations.push({
                message: `${label}: grants "${p}" of account ${account}, which is not this stack's account ${ctx.account} and not in trustedAccounts`,
                urn: r.urn,
            });
        }
    }
    if (s.principal?.any || named.includes("*") || s.notPrincipal) {
        if (hasUnknown(s)) {
            out.unjudged.push(`${r.name} ${label}: a condition value is unknown until apply`);
            return;
        }
        const org = orgOf(s);
        const probes = outsiderAccounts(s, ctx, statements).flatMap((account) => [
            ...outsiderPrincipalArns(s, account).map((arn) => {
                const p = otherAccountPrincipalProbe(account, org, ctx.account, arn);
                return arn.endsWith(":role/probe") ? p : { ...p, label: `${arn} (account ${account})` };
            }),
            serviceProbe(
                "s3.amazonaws.com",
                { account, arn: "arn:aws:s3:::probe-other", org },
                `a service acting for a resource of account ${account}`,
                ctx.account,
            ),
        ]);
        const letIn = probes.filter((probe) => admitsIn(statements, s, probe) !== false);
        if (letIn.length > 0) {
            const who = s.notPrincipal ? "NotPrincipal" : `"*"`;
            const shown = letIn.slice(0, 2).map((p) => p.label);
            const more = letIn.length > 2 ? ` and ${letIn.length - 2} more` : "";
            out.violations.push({
                message: `${label}: ${who} with these conditions admits ${shown.join(" and ")}${more}; bind it with aws:PrincipalAccount, aws:SourceAccount or kms:CallerAccount = this account`,
                urn: r.urn,
            });
        }
    }
}

/** What the rule finds on a stack: used by the policy and by tests. */
export function otherAccountFindings(all: PolicyResource[], config: TrustConfig): Outcome {
    const ctx = stackContext(all, config.trustedAccounts ?? [], config.accountId);
    const out: Outcome = { violations: [], unjudged: [] };
    for (const r of all) {
        const { docs, unjudged } = documentsForJudging(r);
        out.unjudged.push(...unjudged);
        // A Lambda permission's principal is judged once, as a property (below: `*` is every account
        // whatever its conditions); its statement's source binding by confused-deputy-source-conditions.
        for (const h of LAMBDA_PERMISSION_TYPES.includes(r.type) ? [] : docs) {
            for (const s of h.doc.statements) {
                judgeStatement(r, h.property, s, h.doc.statements, ctx, out);
            }
        }
        for (const prop of PRINCIPAL_PROPS[r.type] ?? []) {
            const raw = safeGet(r.props, prop.split("."));
            // A comma-separated list too (an SSM document's permissions.accountIds).
            const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) =>
                typeof v === "string" ? v.split(",").map((x) => x.trim()) : [v],
            );
            for (const v of values) {
                if (typeof v !== "string" || v === "") {
                    continue;
                }
                const account = principalAccount(v);
                if (/^all$/i.test(v)) {
                    out.violations.push({ message: `${prop} is "${v}" (public: every account)`, urn: r.urn });
                } else if (v.includes(UNKNOWN)) {
                    out.unjudged.push(`${r.name} ${prop}: unknown until apply`);
                } else if (account === "*") {
                    out.violations.push({ message: `${prop} is "*" (every account)`, urn: r.urn });
                } else if (account === undefined && !/\.amazonaws\.com(\.cn)?$/.test(v)) {
                    out.unjudged.push(`${r.name} ${prop}: cannot tell the account of "${v}"`);
                } else if (account !== undefined && !ctx.account) {
                    out.unjudged.push(`${r.name} ${prop}: "${v}" (this stack's account: no ARN in the plan names it)`);
                } else if (account !== undefined && !isOwnOrTrusted(ctx, account)) {
                    out.violations.push({
                        message: `${prop} "${v}" is in account ${account}, which is not this stack's account ${ctx.account} and not in trustedAccounts`,
                        urn: r.urn,
                    });
                }
            }
        }
    }
    // A function URL with auth type NONE lets anyone on the internet invoke the function (Lambda
    // Developer Guide, "Security and auth model for Lambda function URLs": with NONE, "Lambda doesn't
    // perform IAM authentication"): every account, whatever the function's resource policy names.
    for (const r of all) {
        const authKey = FUNCTION_URL_AUTH[r.type];
        const auth = authKey ? safeGet(r.props, [authKey]) : undefined;
        if (authKey && typeof auth === "string" && auth.toUpperCase() === "NONE") {
            out.violations.push({
                message: `${authKey} is "NONE": anyone on the internet may invoke the function (every account); use AWS_IAM`,
                urn: r.urn,
            });
        }
    }
    const note = voteNote(ctx);
    if (note && (out.violations.length > 0 || out.unjudged.length > 0)) {
        out.unjudged.push(note);
    }
    return out;
}

/** Lambda function URL types → the property naming their auth type. */
export const FUNCTION_URL_AUTH: Record<string, string> = {
    "aws:lambda/functionUrl:FunctionUrl": "authorizationType",
    "aws-native:lambda:Url": "authType",
};

export const otherAccounts: StackValidationPolicy = stackRule<TrustConfig>(
    {
        name: "other-accounts",
        description:
            'No principal outside this stack\'s account (an account root, role or user ARN, a bare account id, a KMS grantee, "*" or NotPrincipal that admits other accounts) in any resource, key or trust policy, grant or permission (layer, signing-profile, endpoint-service, RAM, AMI and snapshot shares included), unless its account is in trustedAccounts; no Lambda function URL with auth type NONE.',
        remediationSteps:
            "Name principals of this account only; if another account must have access, add its id to the policy's trustedAccounts setting (and document why).",
        enforcementLevel: "mandatory",
        config: TRUSTED_ACCOUNTS_SCHEMA,
    },
    (args, report, config) => {
        const { violations, unjudged } = otherAccountFindings(args.resources, config);
        for (const v of violations) {
            report(v.message, v.urn);
        }
        cannotJudge(unjudged, "value not known from the plan");
    },
);
