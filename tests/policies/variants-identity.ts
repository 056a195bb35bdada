// Class 4 of the variant table (issue 12): identity policies. Single edits of the dev plan's identity
// documents (the Firehose delivery role's RolePolicy, the workflow role's RolePolicy, the operators'
// customer managed policies) and resources added to it (attachments, aws-native roles), each caught as a
// mandatory violation by one identity policy; and safe rewrites the whole pack passes.
import { ACCOUNT, addResource, both, Doc, editDoc, Json, REGION, sid, Variant } from "./variants";

const BUCKET = "sales-streaming-ctr-bucket-d9603a6";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const SALES_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/6ea125e5-38a6-c210-bb9e-13c57f38a870`;
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
    ];
    return cases.map(([name, apply]) => ({ cls: "safe", name: `identity: ${name}`, apply }));
}

export function identityVariants(): Variant[] {
    return [...wildcardVariants(), ...passRoleVariants(), ...safeIdentityVariants()];
}
