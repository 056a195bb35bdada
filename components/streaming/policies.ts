// Policy-document builders of the streaming features: pure functions, asserted exactly in tests.
import {
    AccountContext,
    CUSTOMER_PROFILES_SERVICE,
    denyInsecureTransport,
    domainArn,
    keyAdministrationStatement,
    PolicyDocument,
    PolicyStatement,
    sourceBinding,
} from "../common/policy-documents";

export const FIREHOSE_SERVICE = "firehose.amazonaws.com";

/** The services an instance's records pass through on their way to its key (in this order). */
export const STREAM_SERVICES = ["kinesis", "firehose"] as const;
export type StreamService = (typeof STREAM_SERVICES)[number];

/** What the Connect service-linked role needs on a stream key to produce encrypted records: exactly this. */
export const CONNECT_PRODUCER_KEY_ACTIONS = ["kms:GenerateDataKey"];
/** What Customer Profiles needs on the export stream to deliver profile events. */
export const EXPORT_STREAM_ACTIONS = ["kinesis:DescribeStream", "kinesis:PutRecord", "kinesis:PutRecords"];
/** What Customer Profiles needs on the export stream's key. */
export const EXPORT_KEY_ACTIONS = ["kms:GenerateDataKey"];

/**
 * The key policy of one Connect instance's streaming key (contact-record and agent-event streams,
 * the Firehose delivery stream and its bucket). Amazon Connect produces to Kinesis as the
 * instance's service-linked role, so that role (and only it) gets kms:GenerateDataKey, and only
 * through the services this instance streams to (`through`: Kinesis Data Streams when it has a
 * data stream, Firehose when contact records go to a delivery stream) in this region: kms:ViaService
 * names the service that calls KMS for the principal (AWS KMS Developer Guide, "AWS KMS condition
 * keys", kms:ViaService), and a service the key is not used by has no business there. Everything
 * else goes through IAM policies, which the account-root statement enables (e.g. the Firehose
 * delivery role, consumers).
 */
export function instanceStreamKeyPolicy(
    ctx: AccountContext,
    args: { instanceName: string; serviceRoleArn: string; through: StreamService[] },
): PolicyDocument {
    const through = STREAM_SERVICES.filter((x) => args.through.includes(x));
    return {
        Version: "2012-10-17",
        Id: `connect-instance-streaming-${args.instanceName}`,
        Statement: [
            keyAdministrationStatement(ctx),
            ...(through.length === 0
                ? []
                : [
                      <PolicyStatement>{
                          Sid: "ConnectServiceLinkedRoleProducesEncryptedRecords",
                          Effect: "Allow",
                          Principal: { AWS: args.serviceRoleArn },
                          Action: [...CONNECT_PRODUCER_KEY_ACTIONS],
                          Resource: "*",
                          Condition: {
                              StringEquals: {
                                  "kms:ViaService": through.map((x) => `${x}.${ctx.region}.amazonaws.com`),
                              },
                          },
                      },
                  ]),
        ],
    };
}

/** The ARN of a Kinesis data stream (known before it exists, from its name). */
export function kinesisStreamArn(ctx: AccountContext, name: string): string {
    return `arn:${ctx.partition}:kinesis:${ctx.region}:${ctx.accountId}:stream/${name}`;
}

/**
 * The key policy of the profile-export stream's key: Customer Profiles may generate data keys
 * (what a Kinesis producer needs on the stream's key: Kinesis Data Streams developer guide,
 * "Permissions to use user-generated KMS keys", example producer permissions), only for this
 * account and this domain (confused-deputy conditions), and only for this stream: Kinesis passes
 * the stream ARN as encryption context `aws:kinesis:arn` in all its KMS calls (same page, "Kinesis
 * Data Streams encryption context").
 *
 * Who the writer is: Customer Profiles. The AWS managed policy of its service-linked role
 * (CustomerProfilesServiceLinkedRolePolicy, v3, AWS Managed Policy Reference) grants no Kinesis or
 * KMS action; CreateEventStream's CloudFormation handler needs iam:PutRolePolicy and
 * iam:DeleteRolePolicy (AWS::CustomerProfiles::EventStream schema, tests/fixtures/cfn-schemas): the
 * service gives its role an inline policy for the stream at creation. Whether that inline policy
 * carries kms:GenerateDataKey is not documented; the account root statement lets it take effect if
 * it does, and this statement admits the service principal if the service writes as itself.
 */
export function profileExportKeyPolicy(
    ctx: AccountContext,
    args: { domainName: string; streamName: string },
): PolicyDocument {
    const binding = sourceBinding(ctx, domainArn(ctx, args.domainName)) as { StringEquals: Record<string, string> };
    return {
        Version: "2012-10-17",
        Id: `customer-profiles-export-${args.domainName}`,
        Statement: [
            keyAdministrationStatement(ctx),
            {
                Sid: "CustomerProfilesEncryptsExportedEventsForThisDomain",
                Effect: "Allow",
                Principal: { Service: CUSTOMER_PROFILES_SERVICE },
                Action: [...EXPORT_KEY_ACTIONS],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        ...binding.StringEquals,
                        "kms:EncryptionContext:aws:kinesis:arn": kinesisStreamArn(ctx, args.streamName),
                    },
                },
            },
        ],
    };
}

/** The ARN of a Firehose delivery stream (known before it exists, from its name). */
export function deliveryStreamArn(ctx: AccountContext, name: string): string {
    return `arn:${ctx.partition}:firehose:${ctx.region}:${ctx.accountId}:deliverystream/${name}`;
}

/**
 * Trust policy of the Firehose delivery role, in the form AWS documents: Firehose may assume it only
 * with `sts:ExternalId` = this account (Amazon Data Firehose Developer Guide, "Grant Firehose access to
 * an Amazon S3 destination": "Use the following trust policy … replace account-id with your AWS account
 * ID. This ensures that only you can request Kinesis Data Firehose to assume the IAM role",
 * https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3; registry entry
 * `firehose-delivery-role-trust`). The page names no `aws:SourceArn` for this caller, so the trust
 * admits Firehose acting for any delivery stream of this account (hence the Sid: not one stream);
 * the role's own permissions are what bind it to its streams' buckets, keys and log groups.
 */
export function firehoseDeliveryTrustPolicy(ctx: AccountContext, _deliveryStreamName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "FirehoseOfThisAccountDelivers",
                Effect: "Allow",
                Principal: { Service: FIREHOSE_SERVICE },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": ctx.accountId } },
            },
        ],
    };
}

/**
 * What Firehose needs on an S3 destination bucket (Firehose Developer Guide, "Grant Firehose access to an
 * Amazon S3 destination"): the delivery role's statement, and the bootstrap's permissions boundary, which
 * must allow no less.
 */
export const FIREHOSE_S3_DELIVERY_ACTIONS = [
    "s3:AbortMultipartUpload",
    "s3:GetBucketLocation",
    "s3:GetObject",
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
    "s3:PutObject",
] as const;

/**
 * Permissions of the Firehose delivery role: write objects to the one bucket, and use the key only
 * through S3 for that bucket.
 */
export function firehoseDeliveryPolicy(
    ctx: AccountContext,
    args: { bucketArn: string; keyArn: string },
): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DeliverToBucket",
                Effect: "Allow",
                Action: [...FIREHOSE_S3_DELIVERY_ACTIONS],
                Resource: [args.bucketArn, `${args.bucketArn}/*`],
            },
            {
                Sid: "EncryptObjectsThroughS3",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: args.keyArn,
                Condition: {
                    StringEquals: { "kms:ViaService": `s3.${ctx.region}.amazonaws.com` },
                    StringLike: { "kms:EncryptionContext:aws:s3:arn": [args.bucketArn, `${args.bucketArn}/*`] },
                },
            },
        ],
    };
}

/** The contact-record bucket's policy: nobody may use it without TLS. */
export function contactRecordBucketPolicy(bucketArn: string): PolicyDocument {
    return { Version: "2012-10-17", Statement: [denyInsecureTransport("s3", [bucketArn, `${bucketArn}/*`])] };
}
