// Policy documents and event selectors of the audit trail: pure functions, asserted exactly in tests.
import {
    AccountContext,
    denyInsecureTransport,
    keyAdministrationStatement,
    PolicyDocument,
} from "../common/policy-documents";

/** The CloudTrail service principal (CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"). */
export const CLOUDTRAIL_SERVICE = "cloudtrail.amazonaws.com";

/**
 * The `resources.type` values of Customer Profiles data events in advanced event selectors (CloudTrail
 * User Guide, "Logging data events", table of data event types). See docs/audit-trail.md: the copy of
 * the guide the project could read predates these rows, so they are stated from the live table and
 * must be confirmed there; CloudTrail rejects an unknown type (PutEventSelectors,
 * InvalidEventSelectorsException) rather than recording nothing.
 */
export const CUSTOMER_PROFILES_DATA_RESOURCE_TYPES = [
    "AWS::CustomerProfiles::Domain",
    "AWS::CustomerProfiles::ObjectType",
] as const;

/** The name of the stack's trail (3–128 of letters, digits, ".", "_", "-"; CloudTrail User Guide, "Naming requirements for trails"). */
export function auditTrailName(domainName: string): string {
    return `customer-profiles-${domainName}-audit`;
}

/** A trail's ARN, known before it exists (arn:PARTITION:cloudtrail:REGION:ACCOUNT:trail/NAME). */
export function trailArn(ctx: AccountContext, name: string): string {
    return `arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${name}`;
}

/** One advanced event selector as @pulumi/aws takes it (aws:cloudtrail/trail:Trail advancedEventSelectors). */
export interface AdvancedEventSelector {
    name: string;
    fieldSelectors: { field: string; equals: string[] }[];
}

/**
 * The trail's advanced event selectors: every Customer Profiles data event (one selector per
 * resource type: a field may appear once per selector), and management events when asked for.
 * `eventCategory` and `resources.type` are the required fields of a data-event selector, with the
 * `Equals` operator (CloudTrail API Reference, AdvancedFieldSelector).
 */
export function auditEventSelectors(managementEvents: boolean): AdvancedEventSelector[] {
    const data = CUSTOMER_PROFILES_DATA_RESOURCE_TYPES.map((type) => ({
        name: `Customer Profiles data events (${type})`,
        fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: [type] },
        ],
    }));
    const management = managementEvents
        ? [{ name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }]
        : [];
    return [...data, ...management];
}

/**
 * The trail key's policy. CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail":
 * CloudTrail needs permission to encrypt log files (granting encrypt permissions) and to describe
 * the key; `aws:SourceArn` = the trail ARN keeps it to this trail. The encryption context CloudTrail
 * sends, `aws:cloudtrail:arn`, is the trail ARN: requiring exactly that (not the guide's
 * `arn:aws:cloudtrail:*:ACCOUNT:trail/*` pattern) keeps the key to this trail's log files.
 * `aws:SourceAccount` is "supported, but not recommended" there as the only binding; it is added
 * beside `aws:SourceArn`, not instead of it. Readers decrypt through IAM policies in this account,
 * which the account-root statement enables (no principal outside the account is named).
 */
export function auditTrailKeyPolicy(ctx: AccountContext, args: { trailName: string }): PolicyDocument {
    const arn = trailArn(ctx, args.trailName);
    return {
        Version: "2012-10-17",
        Id: `customer-profiles-audit-trail-${args.trailName}`,
        Statement: [
            keyAdministrationStatement(ctx),
            {
                Sid: "CloudTrailEncryptsLogsOfThisTrail",
                Effect: "Allow",
                Principal: { Service: CLOUDTRAIL_SERVICE },
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": ctx.accountId,
                        "aws:SourceArn": arn,
                        "kms:EncryptionContext:aws:cloudtrail:arn": arn,
                    },
                },
            },
            {
                Sid: "CloudTrailDescribesKeyForThisTrail",
                Effect: "Allow",
                Principal: { Service: CLOUDTRAIL_SERVICE },
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId, "aws:SourceArn": arn } },
            },
        ],
    };
}

/**
 * The trail bucket's policy. CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail": the
 * service checks the bucket ACL (s3:GetBucketAcl on the bucket) and writes log files
 * (s3:PutObject on BUCKET/[prefix/]AWSLogs/ACCOUNT/* with `s3:x-amz-acl` =
 * bucket-owner-full-control); `aws:SourceArn` = the trail ARN so it writes only for this trail;
 * `aws:SourceAccount` binds the account as well. Nobody may use the bucket without TLS.
 */
export function auditTrailBucketPolicy(
    ctx: AccountContext,
    args: { bucketArn: string; trailName: string },
): PolicyDocument {
    const binding = { "aws:SourceAccount": ctx.accountId, "aws:SourceArn": trailArn(ctx, args.trailName) };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudTrailChecksBucketAclForThisTrail",
                Effect: "Allow",
                Principal: { Service: CLOUDTRAIL_SERVICE },
                Action: "s3:GetBucketAcl",
                Resource: args.bucketArn,
                Condition: { StringEquals: binding },
            },
            {
                Sid: "CloudTrailWritesLogsOfThisTrail",
                Effect: "Allow",
                Principal: { Service: CLOUDTRAIL_SERVICE },
                Action: "s3:PutObject",
                Resource: `${args.bucketArn}/AWSLogs/${ctx.accountId}/*`,
                Condition: { StringEquals: { ...binding, "s3:x-amz-acl": "bucket-owner-full-control" } },
            },
            denyInsecureTransport("s3", [args.bucketArn, `${args.bucketArn}/*`]),
        ],
    };
}
