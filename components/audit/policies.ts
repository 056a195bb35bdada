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
 * The name of the stack's trail. CloudTrail refuses a name with adjacent periods, underscores or
 * dashes (CloudTrail API reference, CreateTrail, Name: "Names like my-_namespace and my--namespace
 * are not valid"; InvalidTrailNameException), which a valid domain name can produce here (one that
 * starts or ends with "-" or "_", or holds "--"): each such run becomes one "-". Every name that
 * CloudTrail accepted before is unchanged (a trail cannot be renamed). Two domains that differ only
 * in such runs would get the same trail name in one account and Region (TrailAlreadyExistsException).
 * Length: 18 + at most 64 + 6 characters, within CloudTrail's 3–128.
 */
export function auditTrailName(domainName: string): string {
    return `customer-profiles-${domainName}-audit`.replace(/[._-]{2,}/g, "-");
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
 * The trail's advanced event selectors: management events only. Customer Profiles API calls reach
 * CloudTrail (eventSource `profile.amazonaws.com`, "AWS API Call via CloudTrail": EventBridge Events
 * Reference, "Amazon Connect Customer Profiles events"), and the table "Data events supported by AWS
 * CloudTrail" (CloudTrail User Guide, "Logging data events") has no Amazon Connect Customer Profiles
 * row, so they are not data events; a `resources.type` outside that table is refused (CloudTrail API
 * Reference, AdvancedFieldSelector; InvalidEventSelectorsException). No AWS page was found that says
 * in words "Customer Profiles calls are management events" (docs/audit-trail.md). A management
 * selector needs only `eventCategory` = `Management`, with `Equals` (AdvancedFieldSelector).
 */
export function auditEventSelectors(): AdvancedEventSelector[] {
    return [{ name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }];
}

/**
 * The expected form of `managementEvents`. Customer Profiles has no CloudTrail data-event type
 * (CloudTrail User Guide, "Logging data events", table "Data events supported by AWS CloudTrail"),
 * so management events are all the trail can record of it.
 */
export const MANAGEMENT_EVENTS_FORM =
    "true (Customer Profiles API calls are CloudTrail management events, not data events: without them the trail records nothing of Customer Profiles; leave auditTrail off instead)";

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
