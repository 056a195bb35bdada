// Class 4 of the variant table (issue 12): identity policies. Single edits of the dev plan's identity
// documents (the Firehose delivery role's RolePolicy, the workflow role's RolePolicy, the operators'
// customer managed policies) and resources added to it (attachments, aws-native roles), each caught as a
// mandatory violation by one identity policy; and safe rewrites the whole pack passes.
import { Plan } from "../../tools/lib/plan-format";
import { ACCOUNT, addResource, both, Doc, edit, editDoc, Json, REGION, sid, stateOf, Variant } from "./variants";

const BUCKET = "sales-streaming-ctr-bucket-d9603a6";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const SALES_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/6ea125e5-38a6-c210-bb9e-13c57f38a870`;
const PROFILES_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/aa8f3a3d-bdbe-8c00-8db5-f3ef9bb4d00b`;
const DLQ_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq-741f887`;
const DELIVERY_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/sales-streaming-ctr-delivery-role-de1d4b3`;
const ROLE = "integrations-workflows-role-bdb2d06";
const DELIVERY = "sales-streaming-ctr-delivery-policy";
const WORKFLOWS = "integrations-workflows-policy";
const CHECKS = "operator-checks";
const REINGEST = "operator-reingest";

const onSid = (resource: string, s: string, f: (st: Json, d: Doc) => void) => editDoc(resource, (d) => f(sid(d, s), d));
const setResource = (resource: string, s: string, r: unknown) => onSid(resource, s, (st) => (st.Resource = r));
const addStatement = (resource: string, st: Json) => editDoc(resource, (d) => d.Statement.push(st));

// ---------------------------------------------------------------------------------------------
// Wildcarded resources where the stack knows the ARN
// ---------------------------------------------------------------------------------------------

const NAMED = "iam-resources-named-where-known";

function wildcardVariants(): Variant[] {
    const cases: [string, (p: any) => any][] = [
        [
            "delivery role: bucket and objects as arn:aws:s3:::*",
            setResource(DELIVERY, "DeliverToBucket", "arn:aws:s3:::*"),
        ],
        [
            "delivery role: objects of every bucket (arn:aws:s3:::*/*)",
            setResource(DELIVERY, "DeliverToBucket", [BUCKET_ARN, "arn:aws:s3:::*/*"]),
        ],
        [
            "delivery role: partial bucket wildcard sales-streaming-ctr-bucket-*",
            setResource(DELIVERY, "DeliverToBucket", [
                "arn:aws:s3:::sales-streaming-ctr-bucket-*",
                "arn:aws:s3:::sales-streaming-ctr-bucket-*/*",
            ]),
        ],
        [
            "delivery role: objects of buckets named sales-* ",
            setResource(DELIVERY, "DeliverToBucket", [BUCKET_ARN, "arn:aws:s3:::sales-*/*"]),
        ],
        [
            "delivery role: bucket ARN with a trailing wildcard",
            setResource(DELIVERY, "DeliverToBucket", [`${BUCKET_ARN}*`, `${BUCKET_ARN}/*`]),
        ],
        ['delivery role: Resource "*" for the bucket actions', setResource(DELIVERY, "DeliverToBucket", "*")],
        [
            "delivery role: every key of the account",
            setResource(DELIVERY, "EncryptObjectsThroughS3", `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`),
        ],
        ['delivery role: kms statement on "*"', setResource(DELIVERY, "EncryptObjectsThroughS3", "*")],
        [
            "delivery role: kms statement on arn:aws:kms:* (a trailing * spans the remaining segments)",
            setResource(DELIVERY, "EncryptObjectsThroughS3", "arn:aws:kms:*"),
        ],
        [
            "delivery role: the key id in any region and account",
            setResource(DELIVERY, "EncryptObjectsThroughS3", SALES_KEY.replace(`${REGION}:${ACCOUNT}`, "*:*")),
        ],
        [
            "workflow role: every connector profile",
            setResource(WORKFLOWS, "UseConnectorResources", `arn:aws:appflow:${REGION}:${ACCOUNT}:connectorprofile/*`),
        ],
        [
            "workflow role: connector profiles named examplecorp-*",
            setResource(
                WORKFLOWS,
                "UseConnectorResources",
                `arn:aws:appflow:${REGION}:${ACCOUNT}:connectorprofile/examplecorp-*`,
            ),
        ],
        [
            "workflow role: AccessFlowResources without its tag condition",
            onSid(WORKFLOWS, "AccessFlowResources", (st) => delete st.Condition),
        ],
        [
            "workflow role: tag condition negated (StringNotEquals)",
            onSid(WORKFLOWS, "AccessFlowResources", (st) => {
                st.Condition = {
                    StringNotEquals: { "aws:ResourceTag/awsOwningService": "customer-profiles-integration-workflow" },
                };
            }),
        ],
        [
            "operator checks: every flow",
            setResource(CHECKS, "ReadStackFlows", `arn:aws:appflow:${REGION}:${ACCOUNT}:flow/*`),
        ],
        [
            "operator checks: flows *-amazon-connect-examplecorp-dev",
            setResource(
                CHECKS,
                "ReadStackFlows",
                `arn:aws:appflow:${REGION}:${ACCOUNT}:flow/*-amazon-connect-examplecorp-dev`,
            ),
        ],
        [
            "operator checks: every stream",
            setResource(CHECKS, "ReadStackStreams", `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/*`),
        ],
        [
            "operator checks: streams connect-dev-*",
            setResource(CHECKS, "ReadStackStreams", `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/connect-dev-*`),
        ],
        [
            "operator checks: the stream name in any account and region",
            setResource(CHECKS, "ReadStackStreams", "arn:aws:kinesis:*:*:stream/connect-dev-support-ctr"),
        ],
        [
            "operator checks: every delivery stream",
            setResource(CHECKS, "ReadStackDeliveryStreams", `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/*`),
        ],
        [
            "operator checks: every profile domain",
            setResource(CHECKS, "ReadProfileDomain", `arn:aws:profile:${REGION}:${ACCOUNT}:domains/*`),
        ],
        [
            "operator checks: domains amazon-connect-examplecorp-*",
            setResource(
                CHECKS,
                "ReadProfileDomain",
                `arn:aws:profile:${REGION}:${ACCOUNT}:domains/amazon-connect-examplecorp-*`,
            ),
        ],
        [
            "operator checks: every queue",
            setResource(CHECKS, "PeekDeadLetterQueue", `arn:aws:sqs:${REGION}:${ACCOUNT}:*`),
        ],
        [
            "operator re-ingest: queues profiles-dlq-*",
            setResource(REINGEST, "ReadAndDeleteDeadLetterMessages", `arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq-*`),
        ],
        [
            "operator checks: every key (key/*)",
            setResource(CHECKS, "ReadStackKeys", `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`),
        ],
        [
            "operator re-ingest: single-character wildcard in the queue name",
            setResource(REINGEST, "ReadAndDeleteDeadLetterMessages", DLQ_ARN.replace("741f887", "741f88?")),
        ],
        [
            "an aws-native role added with an inline policy on every bucket",
            addResource("aws-native:iam:Role", "native-reader", {
                assumeRolePolicyDocument: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "lambda.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                        },
                    ],
                },
                policies: [
                    {
                        policyName: "read",
                        policyDocument: {
                            Version: "2012-10-17",
                            Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*/*" }],
                        },
                    },
                ],
            }),
        ],
        [
            "an aws.iam.Policy added with sqs:SendMessage on every queue",
            addResource("aws:iam/policy:Policy", "send-anywhere", {
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }],
                }),
            }),
        ],
        [
            "an aws-native RolePolicy added with kinesis:PutRecord on streams connect-*",
            addResource("aws-native:iam:RolePolicy", "native-put", {
                roleName: ROLE,
                policyName: "put",
                policyDocument: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: "kinesis:PutRecord",
                            Resource: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/connect-*`,
                        },
                    ],
                },
            }),
        ],
    ];
    return cases.map(([name, apply]) => ({ cls: "identity", name: `wildcard: ${name}`, apply, caughtBy: NAMED }));
}

// ---------------------------------------------------------------------------------------------
// iam:PassRole bound only by a pattern
// ---------------------------------------------------------------------------------------------

const PASS = "iam-pass-role-bound";
const FIREHOSE = "firehose.amazonaws.com";
const passRole = (Resource: unknown, Condition?: Json, Action: unknown = "iam:PassRole"): Json => ({
    Sid: "PassDeliveryRole",
    Effect: "Allow",
    Action,
    Resource,
    ...(Condition ? { Condition } : {}),
});
const toFirehose = { StringEquals: { "iam:PassedToService": FIREHOSE } };

/** Resource "*" statements whose conditions do not scope them (judged by the evaluator). */
function starResourceVariants(): Variant[] {
    const TAG = "aws:ResourceTag/awsOwningService";
    const OWNING = "customer-profiles-integration-workflow";
    const cases: [string, Json][] = [
        ["tag condition with a * among its values", { StringLike: { [TAG]: [OWNING, "*"] } }],
        ["tag condition ...IfExists (untagged resources pass)", { StringEqualsIfExists: { [TAG]: OWNING } }],
        ["tag condition negated", { StringNotEquals: { [TAG]: "sandbox" } }],
        ["tag condition ForAllValues (untagged resources pass)", { "ForAllValues:StringEquals": { [TAG]: [OWNING] } }],
        ["only Null: the tag present with any value", { Null: { [TAG]: "false" } }],
    ];
    return cases.map(([name, cond]) => ({
        cls: "identity",
        name: `Resource "*": workflow role's AccessFlowResources: ${name}`,
        apply: onSid(WORKFLOWS, "AccessFlowResources", (st) => (st.Condition = cond)),
        caughtBy: "iam-no-star-resource-on-scoped-actions",
    }));
}

function passRoleVariants(): Variant[] {
    const cases: [string, Json][] = [
        ['Resource "*" (with iam:PassedToService)', passRole("*", toFirehose)],
        ["every role of the account (role/*)", passRole(`arn:aws:iam::${ACCOUNT}:role/*`, toFirehose)],
        ["every role under any path of any account", passRole("arn:aws:iam::*:role/*", toFirehose)],
        ["the exact role, no iam:PassedToService", passRole(DELIVERY_ROLE_ARN)],
        [
            "a pattern over the stack's role (sales-streaming-ctr-delivery-role-*)",
            passRole(`arn:aws:iam::${ACCOUNT}:role/sales-streaming-ctr-delivery-role-*`, toFirehose),
        ],
        [
            "the exact role, iam:PassedToService StringLike *.amazonaws.com",
            passRole(DELIVERY_ROLE_ARN, { StringLike: { "iam:PassedToService": "*.amazonaws.com" } }),
        ],
        [
            "the exact role, to Firehose or EC2 (the role trusts Firehose only)",
            passRole(DELIVERY_ROLE_ARN, { StringEquals: { "iam:PassedToService": [FIREHOSE, "ec2.amazonaws.com"] } }),
        ],
        [
            "the exact role, iam:PassedToService negated (any service but EC2)",
            passRole(DELIVERY_ROLE_ARN, { StringNotEquals: { "iam:PassedToService": "ec2.amazonaws.com" } }),
        ],
        [
            "the exact role, only Null iam:PassedToService false",
            passRole(DELIVERY_ROLE_ARN, { Null: { "iam:PassedToService": "false" } }),
        ],
        ['through iam:Pass* on "*"', passRole("*", toFirehose, "iam:Pass*")],
        [
            "through iam:* on the stack's role pattern",
            passRole(`arn:aws:iam::${ACCOUNT}:role/*-delivery-role-*`, toFirehose, "iam:*"),
        ],
        [
            "the exact role, iam:PassedToService ...IfExists widened by a second StringLike",
            passRole(DELIVERY_ROLE_ARN, { StringLikeIfExists: { "iam:PassedToService": "*" } }),
        ],
    ];
    return cases.map(([name, st]) => ({
        cls: "identity",
        name: `PassRole added to operator-reingest: ${name}`,
        apply: addStatement(REINGEST, st),
        caughtBy: PASS,
    }));
}

// ---------------------------------------------------------------------------------------------
// Administration of keys and buckets given to service roles
// ---------------------------------------------------------------------------------------------

const ADMIN = "iam-service-roles-no-resource-admin";
const MANAGED = "iam-no-broad-managed-policies";
const ONE_OF_EACH = (name: string, Action: unknown, Resource: unknown, Condition?: Json): Json => ({
    Sid: name,
    Effect: "Allow",
    Action,
    Resource,
    ...(Condition ? { Condition } : {}),
});
const customerPolicy = (name: string, statements: Json[]) =>
    addResource("aws:iam/policy:Policy", name, {
        name,
        arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    });
/** Add an attachment that depends on the resources it names (as the program's references would make it). */
const attach =
    (type: string, name: string, inputs: Json, deps: Record<string, string[]> = {}) =>
    (plan: Plan): Plan => {
        const copy = addResource(type, name, inputs)(plan);
        const st = stateOf(copy, name);
        for (const [prop, names] of Object.entries(deps)) {
            const urns = names.map((n) => copy.steps.find((s) => s.newState?.custom && s.urn.endsWith(`::${n}`))!.urn);
            st.propertyDependencies = { ...st.propertyDependencies, [prop]: urns };
            st.dependencies = [...(st.dependencies ?? []), ...urns];
        }
        return copy;
    };

function serviceRoleVariants(): Variant[] {
    const cases: [string, (p: any) => any][] = [
        [
            "delivery role: kms:PutKeyPolicy on its key",
            addStatement(DELIVERY, ONE_OF_EACH("KeyPolicy", "kms:PutKeyPolicy", SALES_KEY)),
        ],
        [
            "delivery role: kms:ScheduleKeyDeletion on its key",
            addStatement(DELIVERY, ONE_OF_EACH("DeleteKey", "kms:ScheduleKeyDeletion", SALES_KEY)),
        ],
        [
            "delivery role: kms:CreateGrant on its key without a service binding",
            addStatement(DELIVERY, ONE_OF_EACH("Grants", "kms:CreateGrant", SALES_KEY)),
        ],
        [
            "delivery role: kms:CreateGrant with kms:ViaService ...IfExists (a direct call passes)",
            addStatement(
                DELIVERY,
                ONE_OF_EACH("Grants", "kms:CreateGrant", SALES_KEY, {
                    StringEqualsIfExists: { "kms:ViaService": `s3.${REGION}.amazonaws.com` },
                }),
            ),
        ],
        [
            "delivery role: s3:PutBucketPolicy on its bucket",
            addStatement(DELIVERY, ONE_OF_EACH("BucketPolicy", "s3:PutBucketPolicy", BUCKET_ARN)),
        ],
        [
            "delivery role: s3:DeleteBucket on its bucket",
            addStatement(DELIVERY, ONE_OF_EACH("Delete", "s3:DeleteBucket", BUCKET_ARN)),
        ],
        [
            "delivery role: s3:PutBucketAcl on its bucket",
            addStatement(DELIVERY, ONE_OF_EACH("Acl", "s3:PutBucketAcl", BUCKET_ARN)),
        ],
        [
            "delivery role: s3:PutBucketVersioning through s3:PutBucket* on its bucket",
            addStatement(DELIVERY, ONE_OF_EACH("Bucket", "s3:PutBucket*", BUCKET_ARN)),
        ],
        [
            "workflow role: kms:DisableKey on the domain key",
            addStatement(WORKFLOWS, ONE_OF_EACH("Disable", "kms:DisableKey", PROFILES_KEY)),
        ],
        [
            "workflow role: KMSAppflow's kms:ViaService dropped (CreateGrant unbound)",
            onSid(WORKFLOWS, "KMSAppflow", (st) => delete st.Condition),
        ],
        [
            "workflow role: kms:RevokeGrant with kms:ViaService (revoking is administration, bound or not)",
            addStatement(
                WORKFLOWS,
                ONE_OF_EACH("Revoke", "kms:RevokeGrant", PROFILES_KEY, {
                    StringEquals: { "kms:ViaService": `profile.${REGION}.amazonaws.com` },
                }),
            ),
        ],
        [
            "workflow role: a customer managed policy with s3:DeleteBucketPolicy attached by RolePolicyAttachment",
            both(
                customerPolicy("bucket-admin", [ONE_OF_EACH("Admin", "s3:DeleteBucketPolicy", BUCKET_ARN)]),
                attach("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "bucket-admin-attachment", {
                    role: ROLE,
                    policyArn: `arn:aws:iam::${ACCOUNT}:policy/bucket-admin`,
                }),
            ),
        ],
        [
            "delivery role: an aws-native RolePolicy with kms:PutKeyPolicy on every key",
            addResource("aws-native:iam:RolePolicy", "native-key-admin", {
                roleName: "sales-streaming-ctr-delivery-role-de1d4b3",
                policyName: "key-admin",
                policyDocument: {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "kms:PutKeyPolicy", Resource: "*" }],
                },
            }),
        ],
    ];
    return cases.map(([name, apply]) => ({ cls: "identity", name: `service role: ${name}`, apply, caughtBy: ADMIN }));
}

// ---------------------------------------------------------------------------------------------
// Broad managed policies, by every attachment path
// ---------------------------------------------------------------------------------------------

const AWS_POLICY = (n: string) => `arn:aws:iam::aws:policy/${n}`;

function managedVariants(): Variant[] {
    const cases: [string, (p: any) => any][] = [
        [
            "managedPolicyArns of the delivery role: AdministratorAccess",
            edit(
                "sales-streaming-ctr-delivery-role",
                (p) => (p.managedPolicyArns = [AWS_POLICY("AdministratorAccess")]),
            ),
        ],
        [
            "RolePolicyAttachment: AmazonS3FullAccess to the workflow role",
            attach("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "s3-full", {
                role: ROLE,
                policyArn: AWS_POLICY("AmazonS3FullAccess"),
            }),
        ],
        [
            "PolicyAttachment: PowerUserAccess to the workflow role",
            attach("aws:iam/policyAttachment:PolicyAttachment", "power", {
                name: "power",
                roles: [ROLE],
                policyArn: AWS_POLICY("PowerUserAccess"),
            }),
        ],
        [
            "RolePolicyAttachmentsExclusive policyArns: IAMFullAccess",
            attach("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "exclusive", {
                roleName: ROLE,
                policyArns: [AWS_POLICY("IAMFullAccess")],
            }),
        ],
        [
            "UserPolicyAttachment: AmazonKinesisFullAccess to an operator",
            attach("aws:iam/userPolicyAttachment:UserPolicyAttachment", "operator-kinesis", {
                user: "operator",
                policyArn: AWS_POLICY("AmazonKinesisFullAccess"),
            }),
        ],
        [
            "GroupPolicyAttachment: AdministratorAccess to the operators",
            attach("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "operators-admin", {
                group: "operators",
                policyArn: AWS_POLICY("AdministratorAccess"),
            }),
        ],
        [
            "an aws-native role with managedPolicyArns AmazonSQSFullAccess",
            addResource("aws-native:iam:Role", "native-sqs", {
                assumeRolePolicyDocument: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "lambda.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                        },
                    ],
                },
                managedPolicyArns: [AWS_POLICY("AmazonSQSFullAccess")],
            }),
        ],
        [
            "a job-function policy (job-function/SystemAdministrator) by RolePolicyAttachment",
            attach("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "sysadmin", {
                role: ROLE,
                policyArn: AWS_POLICY("job-function/SystemAdministrator"),
            }),
        ],
        [
            "the stack's customer managed policy allowing kms:* on * attached by RolePolicyAttachmentsExclusive",
            both(
                customerPolicy("all-keys", [ONE_OF_EACH("AllKeys", "kms:*", "*")]),
                attach("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "all-keys-exclusive", {
                    roleName: ROLE,
                    policyArns: [`arn:aws:iam::${ACCOUNT}:policy/all-keys`],
                }),
            ),
        ],
        [
            "an AWS managed policy the data does not hold, named for full access",
            attach("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "future-full", {
                role: ROLE,
                policyArn: AWS_POLICY("AmazonFutureServiceFullAccess"),
            }),
        ],
    ];
    return cases.map(([name, apply]) => ({
        cls: "identity",
        name: `managed policy: ${name}`,
        apply,
        caughtBy: MANAGED,
    }));
}

// ---------------------------------------------------------------------------------------------
// Safe rewrites
// ---------------------------------------------------------------------------------------------

function safeIdentityVariants(): Variant[] {
    const cases: [string, (p: any) => any][] = [
        [
            "delivery role: bucket and object statements split",
            editDoc(DELIVERY, (d) => {
                const st = sid(d, "DeliverToBucket");
                d.Statement.push({ ...structuredClone(st), Sid: "DeliverObjects", Resource: `${BUCKET_ARN}/*` });
                st.Resource = BUCKET_ARN;
            }),
        ],
        [
            "delivery role: objects narrowed to a prefix",
            setResource(DELIVERY, "DeliverToBucket", [BUCKET_ARN, `${BUCKET_ARN}/contact-records/*`]),
        ],
        [
            "operator checks: exact ARNs as one-element lists",
            both(
                setResource(CHECKS, "ReadStackDeliveryStreams", [
                    `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/connect-dev-sales-ctr`,
                ]),
                setResource(CHECKS, "PeekDeadLetterQueue", [DLQ_ARN]),
            ),
        ],
        [
            "operator checks: fewer streams",
            setResource(
                CHECKS,
                "ReadStackStreams",
                `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/connect-dev-support-ctr`,
            ),
        ],
        [
            "delivery role: a Deny of bucket deletion on every bucket added",
            addStatement(DELIVERY, {
                Sid: "NoDeletes",
                Effect: "Deny",
                Action: "s3:DeleteBucket",
                Resource: "arn:aws:s3:::*",
            }),
        ],
        [
            "workflow role: the tag condition as StringEquals with a one-element list",
            onSid(WORKFLOWS, "AccessFlowResources", (st) => {
                st.Condition = {
                    StringEquals: { "aws:ResourceTag/awsOwningService": ["customer-profiles-integration-workflow"] },
                };
            }),
        ],
        [
            "operator re-ingest: PassRole to the exact delivery role, to Firehose",
            addStatement(REINGEST, passRole(DELIVERY_ROLE_ARN, toFirehose)),
        ],
        [
            "operator re-ingest: PassRole to the exact role as a one-element list, iam:PassedToService list",
            addStatement(
                REINGEST,
                passRole([DELIVERY_ROLE_ARN], { StringEquals: { "iam:PassedToService": [FIREHOSE] } }),
            ),
        ],
        [
            "operator re-ingest: PassRole by prefix to another stack's roles, bound to one service",
            addStatement(
                REINGEST,
                passRole(`arn:aws:iam::${ACCOUNT}:role/other-team-lambda-*`, {
                    StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" },
                }),
            ),
        ],
        [
            "operator checks: statements reordered and resources reversed",
            editDoc(CHECKS, (d) => {
                d.Statement.reverse();
                for (const st of d.Statement) {
                    if (Array.isArray(st.Resource)) {
                        st.Resource.reverse();
                    }
                }
            }),
        ],
        [
            "workflow role: KMSAppflow's CreateGrant also bound by kms:GrantIsForAWSResource",
            onSid(WORKFLOWS, "KMSAppflow", (st) => (st.Condition.Bool = { "kms:GrantIsForAWSResource": "true" })),
        ],
        [
            "delivery role: reads its bucket's versioning and encryption settings (Read, not administration)",
            addStatement(
                DELIVERY,
                ONE_OF_EACH("ReadSettings", ["s3:GetBucketVersioning", "s3:GetEncryptionConfiguration"], BUCKET_ARN),
            ),
        ],
        [
            "workflow role: a narrow AWS managed policy (service-role/AWSLambdaBasicExecutionRole) attached",
            attach(
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                "basic-logs",
                { role: ROLE, policyArn: AWS_POLICY("service-role/AWSLambdaBasicExecutionRole") },
                { role: ["integrations-workflows-role"] },
            ),
        ],
        [
            "workflow role: an AWS managed policy the pack's data does not hold (advisory: cannot judge)",
            attach(
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                "future-reader",
                { role: ROLE, policyArn: AWS_POLICY("AmazonFutureServiceReadOnlyAccess") },
                { role: ["integrations-workflows-role"] },
            ),
        ],
        [
            "workflow role: the stack's narrow customer managed policy attached",
            both(
                customerPolicy("read-dlq", [ONE_OF_EACH("Read", "sqs:GetQueueAttributes", DLQ_ARN)]),
                attach(
                    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                    "read-dlq-attachment",
                    { role: ROLE, policyArn: `arn:aws:iam::${ACCOUNT}:policy/read-dlq` },
                    { role: ["integrations-workflows-role"], policyArn: ["read-dlq"] },
                ),
            ),
        ],
    ];
    return cases.map(([name, apply]) => ({ cls: "safe", name: `identity: ${name}`, apply }));
}

export function identityVariants(): Variant[] {
    return [
        ...wildcardVariants(),
        ...starResourceVariants(),
        ...passRoleVariants(),
        ...serviceRoleVariants(),
        ...managedVariants(),
        ...safeIdentityVariants(),
    ];
}
