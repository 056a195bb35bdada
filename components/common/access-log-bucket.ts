// A dedicated, locked bucket that receives Amazon S3 server access logs of the stack's buckets.
//
// AWS facts this file relies on (Amazon S3 User Guide, "Enabling Amazon S3 server access logging"):
// - The target bucket's default encryption may only be SSE-S3 (AES256): "Default server-side
//   encryption with AWS Key Management Service (AWS KMS) keys (SSE-KMS) is not supported." So this
//   bucket is the one bucket of the program that is not encrypted with a customer managed key.
// - The target must be in the same Region and account as the source, must not have S3 Object Lock
//   or a default retention period, and should not itself have server access logging enabled.
// - With Object Ownership "bucket owner enforced" (ACLs disabled) the log delivery permission can
//   only be granted by the bucket policy, to the logging service principal logging.s3.amazonaws.com,
//   action s3:PutObject on the log prefix, bound with aws:SourceArn (the source bucket) and
//   aws:SourceAccount ("Permissions for log delivery", example bucket policy); Deny statements must
//   not prevent the delivery.
import * as pulumi from "@pulumi/pulumi";
import * as s3 from "@pulumi/aws/s3";
import {
    AccountContext,
    denyInsecureTransport,
    PolicyDocument,
    PolicyStatement,
    sourceBinding,
} from "./policy-documents";
import { LOGICAL_NAME } from "./names";
import { notValid } from "./problems";
import { ArgsError } from "./errors";

/** The service principal Amazon S3 delivers server access logs as (S3 User Guide, "Permissions for log delivery"). */
export const S3_LOGGING_SERVICE = "logging.s3.amazonaws.com";
/** Default days after which delivered access-log objects expire. */
export const DEFAULT_ACCESS_LOG_EXPIRATION_DAYS = 365;
/** Default days after which replaced (non-current) access-log object versions expire. */
export const DEFAULT_ACCESS_LOG_NONCURRENT_DAYS = 30;

/** A bucket whose server access logs the {@link AccessLogBucket} receives. */
export interface AccessLogSource {
    /**
     * A short name of the source: its logs go under the key prefix `NAME/`, and it names the policy
     * statement and the logging resource. Lower case, 1–32 letters, digits or "-".
     * @default — required
     */
    name: string;
    /**
     * The source bucket's name (`s3.Bucket.bucket`): the bucket whose logging is turned on.
     * @default — required
     */
    bucketName: pulumi.Input<string>;
    /**
     * The source bucket's ARN: the `aws:SourceArn` the log delivery is bound to.
     * @default — required
     */
    bucketArn: pulumi.Input<string>;
}

/** Arguments of {@link AccessLogBucket}. */
export interface AccessLogBucketArgs {
    /**
     * Account, region and partition of the stack: the `aws:SourceAccount` of the delivery statement.
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * The buckets whose server access logs this bucket receives (at least one; names unique).
     * Each gets an `s3.BucketLogging` that waits for this bucket's policy, and its own statement
     * in the policy, bound to its ARN and its prefix only.
     * @default — required
     */
    sources: AccessLogSource[];
    /**
     * Days after which delivered log objects expire, 1–3650.
     * @default 365
     */
    expirationDays?: number;
    /**
     * Days after which replaced (non-current) log object versions expire, 1–365.
     * @default 30
     */
    noncurrentVersionExpirationDays?: number;
    /**
     * Protect the log bucket from deletion (it holds the audit record of who read the source).
     * @default true
     */
    protect?: boolean;
    /**
     * The log bucket's name (`stackBucketNames: true`: components/common/bucket-names.ts).
     *
     * **Create-only**: `bucket` of aws:s3/bucket; changing it replaces the bucket.
     * @default — auto-named from the resource name
     */
    bucketName?: pulumi.Input<string>;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

function wholeIn(v: unknown, min: number, max: number): boolean {
    return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

/** Pure validation of {@link AccessLogBucketArgs}; returns every problem. */
export function validateAccessLogBucketArgs(args: AccessLogBucketArgs): string[] {
    const problems: string[] = [];
    if (!Array.isArray(args.sources) || args.sources.length === 0)
        problems.push(notValid("sources", args.sources, "at least one source bucket { name, bucketName, bucketArn }"));
    else
        args.sources.forEach((s, i) => {
            if (!LOGICAL_NAME.test(s.name)) problems.push(notValid(`sources[${i}].name`, s.name, LOGICAL_NAME.form));
            else if (args.sources.findIndex((o) => o.name === s.name) !== i)
                problems.push(notValid(`sources[${i}].name`, s.name, "a name no other source has"));
        });
    if (args.expirationDays !== undefined && !wholeIn(args.expirationDays, 1, 3650))
        problems.push(notValid("expirationDays", args.expirationDays, "a whole number of days from 1 to 3650"));
    if (args.noncurrentVersionExpirationDays !== undefined && !wholeIn(args.noncurrentVersionExpirationDays, 1, 365))
        problems.push(
            notValid(
                "noncurrentVersionExpirationDays",
                args.noncurrentVersionExpirationDays,
                "a whole number of days from 1 to 365",
            ),
        );
    return problems;
}

/** `contact-records` → `ContactRecords`: a policy Sid may hold only letters and digits. */
function sidPart(name: string): string {
    return name
        .split("-")
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join("");
}

/** The key prefix a source's logs are delivered under. */
export function accessLogPrefix(sourceName: string): string {
    return `${sourceName}/`;
}

/**
 * The log bucket's policy: for each source, the logging service principal may put objects only
 * under that source's prefix, only when delivering that source bucket's logs for this account
 * (aws:SourceArn + aws:SourceAccount); nobody may use the bucket without TLS. The S3 User Guide
 * ("Enabling Amazon S3 server access logging") only warns: "If there are Deny statements in your
 * bucket policy, make sure that they don't prevent Amazon S3 from delivering access logs"; whether log
 * delivery reaches the bucket over TLS (so that this Deny never applies to it) is not stated anywhere
 * found (unsourced: docs/audit-trail.md). If logs stop arriving, this Deny is the first suspect.
 */
export function accessLogBucketPolicy(
    ctx: AccountContext,
    logBucketArn: string,
    sources: { name: string; bucketArn: string }[],
): PolicyDocument {
    const statements: PolicyStatement[] = sources.map((s) => ({
        Sid: `ServerAccessLogsFrom${sidPart(s.name)}`,
        Effect: "Allow",
        Principal: { Service: S3_LOGGING_SERVICE },
        Action: "s3:PutObject",
        Resource: `${logBucketArn}/${accessLogPrefix(s.name)}*`,
        Condition: sourceBinding(ctx, s.bucketArn),
    }));
    return {
        Version: "2012-10-17",
        Statement: [...statements, denyInsecureTransport("s3", [logBucketArn, `${logBucketArn}/*`])],
    };
}

/**
 * A bucket for Amazon S3 server access logs: public access blocked, ACLs disabled (bucket owner
 * enforced), SSE-S3 default encryption (the only default encryption a log target may have),
 * versioned, expiring, TLS only; its policy lets only `logging.s3.amazonaws.com` write, per source
 * bucket and prefix. It then turns logging on for each source, after the policy exists.
 */
export class AccessLogBucket extends pulumi.ComponentResource {
    public readonly bucket: s3.Bucket;
    public readonly bucketPolicy: s3.BucketPolicy;
    /** The policy document the bucket policy holds. */
    public readonly policy: pulumi.Output<PolicyDocument>;
    /** Logging configurations of the sources, by source name. */
    public readonly loggings: Record<string, s3.BucketLogging> = {};
    public readonly bucketName: pulumi.Output<string>;

    constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("AccessLogBucket", name, validateAccessLogBucketArgs(args));
        super("customer-profiles:index:AccessLogBucket", name, {}, opts);
        const protect = args.protect ?? true;
        this.bucket = new s3.Bucket(
            name,
            { ...(args.bucketName ? { bucket: args.bucketName } : {}), forceDestroy: false, tags: args.tags },
            { parent: this, protect },
        );
        new s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            {
                bucket: this.bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        const ownership = new s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        const encryption = new s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            // SSE-S3: the only default encryption a server access log target may have (see the file header).
            { bucket: this.bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            { parent: this },
        );
        const versioning = new s3.BucketVersioning(
            `${name}-versioning`,
            { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: this.bucket.id,
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: args.expirationDays ?? DEFAULT_ACCESS_LOG_EXPIRATION_DAYS },
                        noncurrentVersionExpiration: {
                            noncurrentDays: args.noncurrentVersionExpirationDays ?? DEFAULT_ACCESS_LOG_NONCURRENT_DAYS,
                        },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            // S3 requires versioning to be configured before a noncurrent-version rule is accepted.
            { parent: this, dependsOn: [versioning] },
        );
        this.policy = pulumi
            .all([
                pulumi.output(args.context),
                this.bucket.arn,
                pulumi.all(args.sources.map((s) => pulumi.output(s.bucketArn))),
            ])
            .apply(([ctx, arn, sourceArns]) =>
                accessLogBucketPolicy(
                    ctx,
                    arn,
                    args.sources.map((s, i) => ({ name: s.name, bucketArn: sourceArns[i] })),
                ),
            );
        this.bucketPolicy = new s3.BucketPolicy(
            `${name}-policy`,
            { bucket: this.bucket.id, policy: this.policy.apply((p) => JSON.stringify(p)) },
            { parent: this },
        );
        for (const source of args.sources) {
            this.loggings[source.name] = new s3.BucketLogging(
                `${name}-from-${source.name}`,
                {
                    bucket: source.bucketName,
                    targetBucket: this.bucket.bucket,
                    targetPrefix: accessLogPrefix(source.name),
                },
                // With ACLs disabled, only the bucket policy admits the logging service: logging is
                // turned on once that policy (and the target's ownership and encryption) exist.
                { parent: this, dependsOn: [this.bucketPolicy, ownership, encryption] },
            );
        }
        this.bucketName = this.bucket.bucket;
        this.registerOutputs({ bucketName: this.bucketName, policy: this.policy });
    }
}
