// Every rule, table-driven: compliant, non-compliant and not-applicable fixtures, all run through
// the analyzer entry points `pulumi preview --policy-pack` drives (tools/lib/analyzer.ts).
import * as assert from "assert";
import * as D from "../fixtures/policies/documents";
import { compliantResources, mutate } from "../fixtures/policies/plan";
import { Case, iamPolicy, key, linesFor, notApplicableFor, one, queuePolicy, run } from "./helpers";

const J = JSON.stringify;
const allow = (Action: unknown, Resource: unknown = "*", extra: D.Json = {}): D.Json => ({
    Effect: "Allow",
    Action,
    Resource,
    ...extra,
});
const bucket = "arn:aws:s3:::example-bucket";
const sse = (name: string, bucketName: string, byDefault: D.Json) =>
    one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name, {
        bucket: bucketName,
        rules: [{ applyServerSideEncryptionByDefault: byDefault }],
    });
const LOG_ARN = "arn:aws:s3:::example-logs";
/** The delivery statement of the S3 User Guide's "Permissions for log delivery", bound to the source bucket. */
const logDelivery = (): D.Json => ({
    Sid: "ServerAccessLogsFromData",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${LOG_ARN}/data/*`,
    Condition: { StringEquals: { "aws:SourceAccount": D.ACCOUNT, "aws:SourceArn": bucket } },
});
/** A data bucket (CMK) logging to a log bucket (SSE-S3) with the given policy. */
const logTarget = (policy: D.Json | undefined, opts: { logging?: boolean; rules?: D.Json[] } = {}) => [
    one("aws:s3/bucketV2:BucketV2", "data", { bucket: "example-bucket" }),
    sse("data-sse", "example-bucket", { sseAlgorithm: "aws:kms", kmsMasterKeyId: D.KEY_ARN }),
    one("aws:s3/bucketV2:BucketV2", "logs", { bucket: "example-logs" }),
    one(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "logs-sse",
        {
            bucket: "example-logs",
            rules: opts.rules ?? [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        },
        { refs: { bucket: ["logs"] } },
    ),
    ...(policy === undefined
        ? []
        : [one("aws:s3/bucketPolicy:BucketPolicy", "logs-policy", { bucket: "example-logs", policy: J(policy) })]),
    ...(opts.logging === false
        ? []
        : [
              one(
                  "aws:s3/bucketLogging:BucketLogging",
                  "data-logging",
                  { bucket: "example-bucket", targetBucket: "example-logs", targetPrefix: "data/" },
                  { refs: { targetBucket: ["logs"] } },
              ),
          ]),
];

const TABLE: Record<string, Case[]> = {
    "iam-no-wildcard-actions": [
        {
            name: "named actions",
            resources: [iamPolicy("p", D.doc(allow(["s3:GetObject"], `${bucket}/*`)))],
            expect: [],
        },
        { name: "account-root kms:* in a key policy", resources: [key("k", D.keyPolicy())], expect: [] },
        {
            name: "TLS-only Deny with sqs:* on *",
            resources: [queuePolicy("qp", D.doc(D.tlsOnly("sqs", "*")))],
            expect: [],
        },
        {
            name: "service:* in an identity policy",
            resources: [iamPolicy("p", D.doc(allow("s3:*", bucket)))],
            expect: ['p: policy: statement 0: Allow grants every action of "s3:*"; list the actions needed'],
        },
        {
            name: "* in an inline role policy",
            resources: [
                one("aws:iam/role:Role", "r", {
                    assumeRolePolicy: J(D.workflowTrust),
                    inlinePolicies: [{ name: "x", policy: J(D.doc(allow("*"))) }],
                }),
            ],
            expect: [
                'r: inlinePolicies[0].policy: statement 0: Allow grants every action of "*"; list the actions needed',
            ],
        },
        {
            name: "kms:* to a role in a key policy",
            resources: [
                key(
                    "k",
                    D.doc(D.rootStatement, {
                        ...D.rootStatement,
                        Sid: "Admin",
                        Principal: { AWS: `arn:aws:iam::${D.ACCOUNT}:role/admin` },
                    }),
                ),
            ],
            expect: ['k: policy: statement 1 ("Admin"): Allow grants every action of "kms:*"; list the actions needed'],
        },
        {
            name: "a bucket (no document)",
            resources: [one("aws:s3/bucketV2:BucketV2", "b", {})],
            notApplicable: "no policy document on this resource",
        },
    ],
    "iam-no-not-elements-with-allow": [
        {
            name: "Deny with NotAction",
            resources: [iamPolicy("p", D.doc({ Effect: "Deny", NotAction: "s3:GetObject", Resource: "*" }))],
            expect: [],
        },
        {
            name: "Allow with NotAction and NotResource",
            resources: [iamPolicy("p", D.doc({ Effect: "Allow", NotAction: "iam:*", NotResource: bucket }))],
            expect: [
                "p: policy: statement 0: Allow with NotAction, NotResource grants everything not listed; name what is granted instead",
            ],
        },
        {
            name: "Allow with NotPrincipal in a queue policy",
            resources: [
                queuePolicy(
                    "qp",
                    D.doc({
                        Effect: "Allow",
                        NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
                        Action: "sqs:SendMessage",
                        Resource: "*",
                    }),
                ),
            ],
            expect: [
                "qp: policy: statement 0: Allow with NotPrincipal grants everything not listed; name what is granted instead",
            ],
        },
        {
            name: "a KMS grant",
            resources: [one("aws:kms/grant:Grant", "g", { operations: ["Decrypt"] })],
            notApplicable: "no policy document on this resource",
        },
    ],
    "iam-no-star-resource-on-scoped-actions": [
        {
            name: "AWS workflow policy with UseConnectorProfile scoped",
            resources: [iamPolicy("p", D.workflowPolicyScoped)],
            expect: [],
        },
        { name: "wildcard-only action on *", resources: [iamPolicy("p", D.doc(allow("kms:ListAliases")))], expect: [] },
        {
            name: "resource policy Resource * (means this resource)",
            resources: [queuePolicy("qp", D.doc(D.dlqStatement))],
            expect: [],
        },
        {
            name: "AWS workflow policy as published (UseConnectorProfile on *)",
            resources: [iamPolicy("p", D.workflowPolicyAsRecommended)],
            expect: [
                'p: policy: statement 1 ("UseConnectorResources"): Resource "*" on actions that take resource ARNs (appflow:UseConnectorProfile) and no condition scopes it; name the resources',
            ],
        },
        {
            name: "workflow policy without the RequestTag condition",
            resources: [
                iamPolicy(
                    "p",
                    D.withoutCondition(
                        D.workflowPolicyScoped,
                        "CreateFlowResources",
                        "aws:RequestTag/awsOwningService",
                    ),
                ),
            ],
            expect: [
                'p: policy: statement 0 ("CreateFlowResources"): Resource "*" on actions that take resource ARNs (appflow:TagResource, profile:PutIntegration, profile:TagResource) and no condition scopes it; name the resources',
            ],
        },
        {
            name: "workflow policy without the ResourceTag condition",
            resources: [
                iamPolicy(
                    "p",
                    D.withoutCondition(
                        D.workflowPolicyScoped,
                        "AccessFlowResources",
                        "aws:ResourceTag/awsOwningService",
                    ),
                ),
            ],
            expect: [
                'p: policy: statement 2 ("AccessFlowResources"): Resource "*" on actions that take resource ARNs (appflow:DeleteFlow, appflow:DescribeFlow, appflow:DescribeFlowExecutionRecords, appflow:StartFlow, appflow:StopFlow, appflow:UpdateFlow and 1 more) and no condition scopes it; name the resources',
            ],
        },
        {
            name: "ForAllValues does not scope",
            resources: [
                iamPolicy(
                    "p",
                    D.doc(
                        allow("sqs:SendMessage", "*", {
                            Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } },
                        }),
                    ),
                ),
            ],
            expect: [
                'p: policy: statement 0: Resource "*" on actions that take resource ARNs (sqs:SendMessage) and no condition scopes it; name the resources',
            ],
        },
        {
            name: "a queue",
            resources: [one("aws:sqs/queue:Queue", "q", { kmsMasterKeyId: D.KEY_ARN })],
            notApplicable: "no policy document on this resource",
        },
    ],
    "iam-no-broad-managed-policies": [
        {
            name: "customer managed attachment",
            resources: [
                one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a", {
                    role: "r",
                    policyArn: `arn:aws:iam::${D.ACCOUNT}:policy/x`,
                }),
            ],
            expect: [],
        },
        {
            name: "AdministratorAccess",
            resources: [
                one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a", {
                    role: "r",
                    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
                }),
            ],
            expect: [
                "a: policyArn: attaches the AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess, which is broad: statement 0 allows every action of every service on every resource; attach a policy naming the actions and resources needed",
            ],
        },
    ],
    "iam-known-actions-and-condition-keys": [
        {
            name: "AWS workflow policy (ForAllValues on the multi-valued kms:GrantOperations)",
            resources: [iamPolicy("p", D.workflowPolicyScoped)],
            expect: [],
        },
        {
            name: "key policy with kms:ViaService and source keys",
            resources: [key("k", D.keyPolicy(D.viaServiceStatement))],
            expect: [],
        },
        {
            name: "misspelt action, unknown service, unknown key, ForAllValues on a single-valued key",
            resources: [
                iamPolicy(
                    "p",
                    D.doc(
                        allow(["kms:Decryptt", "nosuch:Get*", "appflow:Nope*"], D.KEY_ARN, {
                            Condition: {
                                StringEquals: { "kms:ViaServices": "x" },
                                "ForAllValues:StringEquals": { "kms:ViaService": "profile.eu-west-2.amazonaws.com" },
                            },
                        }),
                    ),
                ),
            ],
            expect: [
                'p: policy: statement 0: "kms:Decryptt" matches no kms action in the AWS catalog',
                'p: policy: statement 0: "nosuch:Get*": unknown service prefix "nosuch"',
                'p: policy: statement 0: "appflow:Nope*" matches no appflow action in the AWS catalog',
                'p: policy: statement 0: unknown condition key "kms:ViaServices"',
                'p: policy: statement 0: ForAllValues:StringEquals on single-valued key "kms:ViaService" is true for any request without the key; use StringEquals',
            ],
        },
        {
            name: "a stream",
            resources: [one("aws:kinesis/stream:Stream", "s", { encryptionType: "KMS", kmsKeyId: D.KEY_ARN })],
            notApplicable: "no policy document on this resource",
        },
    ],
    "iam-pass-role-bound": [
        {
            name: "PassRole bound to a service",
            resources: [
                iamPolicy(
                    "p",
                    D.doc(
                        allow("iam:PassRole", `arn:aws:iam::${D.ACCOUNT}:role/x`, {
                            Condition: { StringEquals: { "iam:PassedToService": "appflow.amazonaws.com" } },
                        }),
                    ),
                ),
            ],
            expect: [],
        },
        {
            name: "PassRole without iam:PassedToService",
            resources: [iamPolicy("p", D.doc(allow("iam:PassRole", `arn:aws:iam::${D.ACCOUNT}:role/x`)))],
            expect: [
                "p: policy: statement 0: iam:PassRole is not bound by iam:PassedToService (a request passing the role to probe-other.amazonaws.com is allowed); add StringEquals iam:PassedToService = the one service that uses the role",
            ],
        },
        {
            name: "PassRole on every role, and on a pattern over a role of the stack",
            resources: [
                one("aws:iam/role:Role", "x", {
                    name: "x-delivery-1",
                    arn: `arn:aws:iam::${D.ACCOUNT}:role/x-delivery-1`,
                    assumeRolePolicy: J(D.workflowTrust),
                }),
                iamPolicy(
                    "p",
                    D.doc(
                        allow("iam:PassRole", ["*", `arn:aws:iam::${D.ACCOUNT}:role/x-delivery-*`], {
                            Condition: {
                                StringEquals: { "iam:PassedToService": ["profile.amazonaws.com", "ec2.amazonaws.com"] },
                            },
                        }),
                    ),
                ),
            ],
            expect: [
                `p: policy: statement 0: iam:PassRole on Resource "*" passes any role (e.g. arn:aws:iam::${D.ACCOUNT}:role/probe-other), an administrator's included; name the role ARNs`,
                `p: policy: statement 0: iam:PassRole on the pattern "arn:aws:iam::${D.ACCOUNT}:role/x-delivery-*" passes this stack's arn:aws:iam::${D.ACCOUNT}:role/x-delivery-1 and other roles too (e.g. arn:aws:iam::${D.ACCOUNT}:role/x-delivery-1-other); name the role ARN`,
                `p: policy: statement 0: passes arn:aws:iam::${D.ACCOUNT}:role/x-delivery-1, which only profile.amazonaws.com may assume, to ec2.amazonaws.com as well; bind iam:PassedToService to profile.amazonaws.com`,
            ],
        },
    ],
    "iam-no-privilege-escalation": [
        {
            name: "policy management through a wildcard",
            resources: [
                iamPolicy(
                    "p",
                    D.doc(allow(["iam:Attach*", "iam:CreatePolicyVersion"], `arn:aws:iam::${D.ACCOUNT}:role/x`)),
                ),
            ],
            expect: [
                "p: policy: statement 0: grants policy-management actions that allow privilege escalation (iam:AttachGroupPolicy, iam:AttachRolePolicy, iam:AttachUserPolicy, iam:CreatePolicyVersion)",
            ],
        },
        {
            name: "a domain",
            resources: [
                one("aws:customerprofiles/domain:Domain", "d", { domainName: "x", defaultEncryptionKey: D.KEY_ARN }),
            ],
            notApplicable: "no policy document on this resource",
        },
    ],
    "confused-deputy-source-conditions": [
        { name: "AWS's recommended DLQ policy", resources: [queuePolicy("qp", D.dlqPolicy)], expect: [] },
        {
            name: "AWS's recommended key statement for Customer Profiles",
            resources: [key("k", D.keyPolicy())],
            expect: [],
        },
        {
            name: "workflow-role trust bound to the domain",
            resources: [one("aws:iam/role:Role", "r", { assumeRolePolicy: J(D.workflowTrust) })],
            expect: [],
        },
        {
            name: "identity policies are not resource policies",
            resources: [iamPolicy("p", D.workflowPolicyScoped)],
            expect: [],
        },
        {
            name: "DLQ statement without any source condition",
            resources: [
                queuePolicy(
                    "qp",
                    D.withoutCondition(
                        D.withoutCondition(D.dlqPolicy, "CustomerProfilesDlq", "aws:SourceArn"),
                        "CustomerProfilesDlq",
                        "aws:SourceAccount",
                    ),
                ),
            ],
            expect: [
                `qp: policy: statement 0 ("CustomerProfilesDlq"): lets profile.amazonaws.com act for a resource of account 999988887777 (arn:aws:profile:eu-west-2:999988887777:probe/other); a request naming only aws:SourceArn arn:aws:profile:eu-west-2:999988887777:probe/other and 2 more (confused deputy); bind it with StringEquals aws:SourceAccount = ${D.ACCOUNT} and ArnEquals aws:SourceArn = the ARN of the resource it serves`,
            ],
        },
        {
            name: "wildcard SourceArn and IfExists",
            resources: [
                key(
                    "k",
                    D.doc(D.rootStatement, {
                        ...D.profileKeyStatement,
                        Condition: {
                            ArnLike: { "aws:SourceArn": "arn:aws:profile:*:*:domains/*" },
                            StringEqualsIfExists: { "aws:SourceAccount": D.ACCOUNT },
                        },
                    }),
                ),
            ],
            expect: [
                `k: policy: statement 1 ("CustomerProfiles"): lets profile.amazonaws.com act for a request naming only aws:SourceArn arn:aws:profile:probe-x:999988887777:domains/probe-x (confused deputy); bind it with StringEquals aws:SourceAccount = ${D.ACCOUNT} and ArnEquals aws:SourceArn = the ARN of the resource it serves`,
            ],
        },
        {
            name: "Principal * on a topic (judged by other-accounts)",
            resources: [
                one("aws:sns/topicPolicy:TopicPolicy", "tp", {
                    arn: "arn:aws:sns:eu-west-2:111122223333:t",
                    policy: J(D.doc({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*" })),
                }),
            ],
            expect: [],
        },
        {
            name: "trust policy for a service without conditions",
            resources: [
                one("aws:iam/role:Role", "r", {
                    assumeRolePolicy: J(
                        D.doc({
                            Effect: "Allow",
                            Principal: { Service: "firehose.amazonaws.com" },
                            Action: "sts:AssumeRole",
                        }),
                    ),
                }),
            ],
            expect: [
                "r: assumeRolePolicy: statement 0: lets firehose.amazonaws.com act for a resource of account 999988887777 (arn:aws:firehose:eu-west-2:999988887777:probe/other); a request naming only aws:SourceArn arn:aws:firehose:eu-west-2:999988887777:probe/other and 2 more (confused deputy); bind it with StringEquals aws:SourceAccount = this account and ArnEquals aws:SourceArn = the ARN of the resource it serves",
            ],
        },
        {
            name: "a grant (no document: nothing to judge)",
            resources: [one("aws:kms/grant:Grant", "g", { operations: ["Decrypt"] })],
            expect: [],
        },
    ],
    "other-accounts": [
        {
            name: "Principal * on a topic",
            resources: [
                one("aws:sns/topicPolicy:TopicPolicy", "tp", {
                    arn: "arn:aws:sns:eu-west-2:111122223333:t",
                    policy: J(D.doc({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*" })),
                }),
            ],
            expect: [
                'tp: policy: statement 0: "*" with these conditions admits a role of account 999988887777 and a service acting for a resource of account 999988887777; bind it with aws:PrincipalAccount, aws:SourceAccount or kms:CallerAccount = this account',
            ],
        },
        {
            name: "another account's root in a key policy",
            resources: [
                key(
                    "k",
                    D.doc(D.rootStatement, {
                        Sid: "Partner",
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${D.OTHER_ACCOUNT}:root` },
                        Action: "kms:Decrypt",
                        Resource: "*",
                    }),
                    { arn: D.KEY_ARN },
                ),
            ],
            expect: [
                `k: policy: statement 1 ("Partner"): grants "arn:aws:iam::${D.OTHER_ACCOUNT}:root" of account ${D.OTHER_ACCOUNT}, which is not this stack's account ${D.ACCOUNT} and not in trustedAccounts`,
            ],
        },
        {
            name: "a grant to another account's role",
            resources: [
                key("k", D.keyPolicy()),
                one("aws:kms/grant:Grant", "g", {
                    keyId: D.KEY_ID,
                    operations: ["Decrypt"],
                    granteePrincipal: `arn:aws:iam::${D.OTHER_ACCOUNT}:role/reader`,
                }),
            ],
            expect: [
                `g: granteePrincipal "arn:aws:iam::${D.OTHER_ACCOUNT}:role/reader" is in account ${D.OTHER_ACCOUNT}, which is not this stack's account ${D.ACCOUNT} and not in trustedAccounts`,
            ],
        },
    ],
    "kms-least-privilege-grants": [
        {
            name: "AWS's recommended key statement (CreateGrant to a bound service principal)",
            resources: [key("k", D.keyPolicy(D.viaServiceStatement, D.connectSlrStatement))],
            expect: [],
        },
        {
            name: "AWS's recommended KMSAppflow and KMSCustomerProfiles",
            resources: [iamPolicy("p", D.workflowPolicyScoped)],
            expect: [],
        },
        {
            name: "KMSAppflow without kms:ViaService",
            resources: [iamPolicy("p", D.withoutCondition(D.workflowPolicyScoped, "KMSAppflow", "kms:ViaService"))],
            expect: [
                `p: policy: statement 3 ("KMSAppflow"): kms:CreateGrant is not bound to a service (kms:ViaService, kms:GrantIsForAWSResource) or to this account's grantees (kms:GranteePrincipal): KMS would allow a grant made directly for arn:aws:iam::999988887777:role/probe (another account)`,
            ],
        },
        {
            name: "GrantOperations admitting CreateGrant",
            resources: [
                iamPolicy(
                    "p",
                    D.doc(
                        allow("kms:CreateGrant", D.KEY_ARN, {
                            Condition: {
                                "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt", "CreateGrant"] },
                            },
                        }),
                    ),
                ),
            ],
            expect: [
                // bound by nothing but its operations: the principal could give Decrypt to another account
                `p: policy: statement 0: kms:CreateGrant is not bound to a service (kms:ViaService, kms:GrantIsForAWSResource) or to this account's grantees (kms:GranteePrincipal): KMS would allow a grant made directly for arn:aws:iam::999988887777:role/probe (another account)`,
            ],
        },
        {
            name: "kms:* to a role in a key policy",
            resources: [
                key(
                    "k",
                    D.doc(D.rootStatement, {
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${D.ACCOUNT}:role/ops` },
                        Action: "kms:*",
                        Resource: "*",
                    }),
                ),
            ],
            expect: [
                "k: policy: statement 1: kms:* is granted to a principal other than the account root; grant the named actions it needs",
            ],
        },
        {
            name: "CreateGrant to an unbound service principal",
            resources: [key("k", D.doc(D.rootStatement, { ...D.profileKeyStatement, Condition: undefined }))],
            expect: [
                `k: policy: statement 1 ("CustomerProfiles"): kms:CreateGrant is not bound to a service (kms:ViaService, kms:GrantIsForAWSResource) or to this account's grantees (kms:GranteePrincipal): KMS would allow a grant made directly for arn:aws:iam::999988887777:role/probe (another account)`,
            ],
        },
        { name: "a queue policy", resources: [queuePolicy("qp", D.dlqPolicy)], expect: [] },
        {
            name: "a queue",
            resources: [one("aws:sqs/queue:Queue", "q", { kmsMasterKeyId: D.KEY_ARN })],
            notApplicable: "no key or identity policy in the stack",
        },
    ],
    "kms-grant-narrow-operations": [
        {
            name: "Decrypt and GenerateDataKey",
            resources: [
                one("aws:kms/grant:Grant", "g", {
                    keyId: D.KEY_ID,
                    granteePrincipal: "x",
                    operations: ["Decrypt", "GenerateDataKey"],
                }),
            ],
            expect: [],
        },
        {
            name: "CreateGrant and Sign",
            resources: [
                one("aws:kms/grant:Grant", "g", {
                    keyId: D.KEY_ID,
                    granteePrincipal: "x",
                    operations: ["Decrypt", "CreateGrant", "Sign"],
                }),
            ],
            expect: [
                "g: the grant includes CreateGrant, so its grantee can hand the key on to anyone",
                "g: the grant gives operations outside the allowlist: Sign",
            ],
        },
        { name: "a key", resources: [key("k", D.keyPolicy())], notApplicable: "not a KMS grant" },
    ],
    "kms-key-rotation-enabled": [
        { name: "rotation on", resources: [key("k", D.keyPolicy())], expect: [] },
        {
            name: "rotation off",
            resources: [key("k", D.keyPolicy(), { enableKeyRotation: false })],
            expect: ["k: automatic key rotation is off"],
        },
        {
            name: "asymmetric key",
            resources: [key("k", D.keyPolicy(), { enableKeyRotation: false, customerMasterKeySpec: "RSA_2048" })],
            notApplicable: "rotation does not apply to RSA_2048 keys",
        },
        { name: "a queue", resources: [one("aws:sqs/queue:Queue", "q", {})], notApplicable: "not a KMS key" },
    ],
    "kms-no-lockout-bypass": [
        {
            name: "check kept",
            resources: [one("aws:kms/keyPolicy:KeyPolicy", "kp", { keyId: D.KEY_ID, policy: J(D.keyPolicy()) })],
            expect: [],
        },
        {
            name: "check bypassed",
            resources: [key("k", D.keyPolicy(), { bypassPolicyLockoutSafetyCheck: true })],
            expect: [
                "k: bypassPolicyLockoutSafetyCheck is true: a policy that locks every principal out of the key would be accepted",
            ],
        },
        {
            name: "a role",
            resources: [one("aws:iam/role:Role", "r", { assumeRolePolicy: J(D.workflowTrust) })],
            notApplicable: "not a KMS key or key policy",
        },
    ],
    "encryption-customer-managed-keys": [
        {
            name: "queue, stream and domain with a CMK",
            resources: compliantResources().filter((r) =>
                ["profiles-key", "stream-key", "profiles-dlq", "ctr-stream", "profiles-domain"].includes(r.name),
            ),
            expect: [],
        },
        {
            name: "AWS managed keys and missing keys",
            resources: [
                one("aws:sqs/queue:Queue", "q", { kmsMasterKeyId: "alias/aws/sqs" }),
                one("aws:sqs/queue:Queue", "q2", { sqsManagedSseEnabled: true }),
                one("aws:sns/topic:Topic", "t", {}),
                one("aws:kinesis/stream:Stream", "s", { encryptionType: "NONE" }),
                one("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "f", {
                    serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
                }),
                one("aws:appflow/flow:Flow", "flow", {
                    kmsArn: "arn:aws:kms:eu-west-2:111122223333:alias/aws/appflow",
                }),
                one("aws:customerprofiles/domain:Domain", "d", { domainName: "x", defaultExpirationDays: 366 }),
                one("aws-native:customerprofiles:Integration", "i", {
                    domainName: "x",
                    flowDefinition: { flowName: "f" },
                }),
            ],
            expect: [
                "q: kmsMasterKeyId: alias/aws/sqs is an AWS managed key; use a customer managed key whose policy you control",
                "q2: sqsManagedSseEnabled is true: SSE-SQS encrypts with keys SQS owns; set kmsMasterKeyId to a customer managed key",
                "t: kmsMasterKeyId: no customer managed KMS key is set",
                's: encryptionType is "NONE"; set it to "KMS" with a customer managed kmsKeyId',
                'f: serverSideEncryption.keyType must be "CUSTOMER_MANAGED_CMK"',
                "flow: kmsArn: arn:aws:kms:eu-west-2:111122223333:alias/aws/appflow is an AWS managed key; use a customer managed key whose policy you control",
                "d: defaultEncryptionKey: no customer managed KMS key is set",
                "i: flowDefinition.kmsArn: no customer managed KMS key is set",
            ],
        },
        {
            name: "a role",
            resources: [one("aws:iam/role:Role", "r", { assumeRolePolicy: J(D.workflowTrust) })],
            notApplicable: "no resource that stores data at rest",
        },
        {
            // Judged by s3-bucket-cmk-encryption, which sees whether the bucket is a log target.
            name: "an S3 default-encryption configuration",
            resources: [
                one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "sse", {
                    bucket: "b",
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                }),
            ],
            notApplicable: "no resource that stores data at rest",
        },
    ],
    "s3-bucket-cmk-encryption": [
        {
            name: "bucket with a CMK encryption configuration",
            resources: [
                one("aws:s3/bucketV2:BucketV2", "b", { bucket: "example-bucket" }),
                one(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "b-sse",
                    {
                        bucket: "example-bucket",
                        rules: [
                            {
                                applyServerSideEncryptionByDefault: {
                                    sseAlgorithm: "aws:kms",
                                    kmsMasterKeyId: D.KEY_ARN,
                                },
                            },
                        ],
                    },
                    { refs: { bucket: ["b"] } },
                ),
            ],
            expect: [],
        },
        {
            name: "bucket without one",
            resources: [one("aws:s3/bucketV2:BucketV2", "b", { bucket: "example-bucket" })],
            expect: ["b: bucket b has no server-side encryption configuration with a customer managed key"],
        },
        {
            name: "SSE-S3, an AWS managed key, no rule",
            resources: [
                one("aws:s3/bucketV2:BucketV2", "b", { bucket: "example-bucket" }),
                sse("sse", "example-bucket", { sseAlgorithm: "AES256" }),
                sse("sse2", "example-bucket", { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" }),
                one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "sse3", {
                    bucket: "example-bucket",
                    rules: [],
                }),
            ],
            expect: [
                'sse: rules[0]: sseAlgorithm "AES256" is not aws:kms with a customer managed key',
                "sse2: rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId: alias/aws/s3 is an AWS managed key; use a customer managed key whose policy you control",
                "sse3: rules: no encryption rule",
            ],
        },
        {
            // S3 User Guide, "Enabling Amazon S3 server access logging": a log target may only use SSE-S3.
            name: "SSE-S3 on a server access log target written only by logging.s3.amazonaws.com",
            resources: logTarget(D.doc(logDelivery(), D.tlsOnly("s3", `${LOG_ARN}/*`))),
            expect: [],
        },
        {
            name: "SSE-S3 on a log target whose policy also lets a role write",
            resources: logTarget(
                D.doc(logDelivery(), {
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${D.ACCOUNT}:role/writer` },
                    Action: "s3:PutObject",
                    Resource: `${LOG_ARN}/*`,
                }),
            ),
            expect: ['logs-sse: rules[0]: sseAlgorithm "AES256" is not aws:kms with a customer managed key'],
        },
        {
            name: "SSE-S3 on a bucket with the log policy but no logging delivering to it",
            resources: logTarget(D.doc(logDelivery()), { logging: false }),
            expect: ['logs-sse: rules[0]: sseAlgorithm "AES256" is not aws:kms with a customer managed key'],
        },
        {
            name: "SSE-S3 on a log target without a bucket policy",
            resources: logTarget(undefined),
            expect: ['logs-sse: rules[0]: sseAlgorithm "AES256" is not aws:kms with a customer managed key'],
        },
        {
            name: "a KMS key and SSE-S3 in one log target configuration",
            resources: logTarget(D.doc(logDelivery()), {
                rules: [
                    { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                    { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" } },
                ],
            }),
            expect: [
                "logs-sse: rules[1].applyServerSideEncryptionByDefault.kmsMasterKeyId: alias/aws/s3 is an AWS managed key; use a customer managed key whose policy you control",
            ],
        },
        { name: "no buckets", resources: [one("aws:sqs/queue:Queue", "q", {})], notApplicable: "no S3 buckets" },
    ],
};

describe("policy rules through the analyzer path", function () {
    for (const [policy, cases] of Object.entries(TABLE)) {
        describe(policy, () => {
            for (const c of cases) {
                const kind = c.notApplicable
                    ? "not applicable"
                    : c.expect!.length === 0
                      ? "compliant"
                      : "non-compliant";
                it(`${kind}: ${c.name}`, async () => {
                    const report = await run(c.resources);
                    if (c.notApplicable) {
                        const stackLevel = report.notApplicable
                            .filter((n) => n.policyName === policy && !n.urn)
                            .map((n) => n.reason);
                        const reasons = [...notApplicableFor(report, policy, c.resources[0]), ...stackLevel];
                        assert.deepStrictEqual(reasons, [c.notApplicable]);
                        assert.deepStrictEqual(linesFor(report, policy), []);
                    } else {
                        assert.deepStrictEqual(linesFor(report, policy), c.expect);
                    }
                });
            }
        });
    }
});

export { TABLE, mutate };
