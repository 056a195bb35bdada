// The opt-in audit trail: who read or changed which customer profile.
//
// Why not @pulumi/awsx's cloudtrail.Trail (awsx 3.x): its Trail always creates its own
// aws.s3.BucketPolicy on the trail bucket, an existing bucket included, with a fixed document
// (pulumi-awsx awsx/cloudtrail/trail.ts, createBucketCloudtrailPolicy/defaultCloudTrailPolicy):
// s3:GetBucketAcl and s3:PutObject on BUCKET/* for cloudtrail.amazonaws.com with neither
// aws:SourceArn nor aws:SourceAccount and no TLS-only Deny. A bucket has one bucket policy
// (PutBucketPolicy replaces it), so that policy would replace the locked one below; and its trail
// waits only for that policy, not for a key policy. It is also a remote (multi-language)
// component: its children are registered by the awsx provider plugin, so the offline plan and the
// policy pack would see none of them. The trail is therefore built from @pulumi/aws resources.
import * as pulumi from "@pulumi/pulumi";
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as kms from "@pulumi/aws/kms";
import * as s3 from "@pulumi/aws/s3";
import { AccountContext, PolicyDocument } from "../common/policy-documents";
import { customerManagedKey } from "../common/customer-managed-key";
import { bootstrapRoleNamePrefixProblems, ciRolesOf, withCiKeyAccess } from "../common/ci-key-access";
import { AccessLogBucket } from "../common/access-log-bucket";
import { ArgsError } from "../common/errors";
import { notValid } from "../common/problems";
import { DOMAIN_NAME } from "../common/names";
import {
    auditEventSelectors,
    auditTrailBucketPolicy,
    auditTrailKeyPolicy,
    auditTrailName,
    MANAGEMENT_EVENTS_FORM,
} from "./policies";

/** Arguments of {@link AuditTrail}. */
export interface AuditTrailArgs {
    /**
     * The Customer Profiles domain's name: names the trail (`customer-profiles-DOMAIN-audit`).
     *
     * **Create-only**: it is part of the trail's name (`name` of aws:cloudtrail/trail, a CloudTrail
     * trail cannot be renamed: CloudTrail API Reference, UpdateTrail: "Name" identifies the trail).
     * @default — required
     */
    domainName: string;
    /**
     * Account, region and partition of the stack: the trail ARN and every policy condition.
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * Record management events: the only events of the trail, since Customer Profiles API calls are
     * not CloudTrail data events (no Customer Profiles row in the CloudTrail User Guide's table "Data
     * events supported by AWS CloudTrail", "Logging data events"). `false` would record nothing of
     * Customer Profiles and is refused; it stays a key so that a stack saying `false` is told why.
     * @default true
     */
    managementEvents?: boolean;
    /**
     * Days after which delivered log files expire, 1–3650.
     * @default 365
     */
    expirationDays?: number;
    /**
     * Days after which the trail bucket's S3 server access logs expire, 1–3650.
     * @default 365
     */
    accessLogExpirationDays?: number;
    /**
     * The bootstrap's `roleNamePrefix`, when the stack is deployed by the bootstrap's roles
     * (`bootstrapRoles: true`): the key policy names the stack's CI roles PREFIX-deploy-STACK and
     * PREFIX-operator-STACK, and the account's PREFIX-preview (components/common/ci-key-access.ts), which hold nothing on the key in IAM.
     * @default — none (no CI role in the key policy)
     */
    bootstrapRoleNamePrefix?: string;
    /**
     * Protect the key, the buckets and the trail from deletion.
     * @default true
     */
    protect?: boolean;
    /**
     * Names of the trail's bucket and its access-log bucket (`stackBucketNames: true`:
     * components/common/bucket-names.ts, names that carry the stack).
     *
     * **Create-only**: a bucket's name (`bucket` of aws:s3/bucket); changing it replaces the bucket.
     * @default — auto-named from the resource names (`audit-trail-bucket-xxxxxxx`)
     */
    bucketNames?: { trail: pulumi.Input<string>; accessLogs: pulumi.Input<string> };
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

const inDays = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 3650;

/** Pure validation of {@link AuditTrailArgs}; returns every problem. */
export function validateAuditTrailArgs(args: AuditTrailArgs): string[] {
    const problems: string[] = [];
    if (!DOMAIN_NAME.test(args.domainName)) problems.push(notValid("domainName", args.domainName, DOMAIN_NAME.form));
    if (args.managementEvents !== undefined && args.managementEvents !== true)
        problems.push(notValid("managementEvents", args.managementEvents, MANAGEMENT_EVENTS_FORM));
    for (const key of ["expirationDays", "accessLogExpirationDays"] as const)
        if (args[key] !== undefined && !inDays(args[key]))
            problems.push(notValid(key, args[key], "a whole number of days from 1 to 3650"));
    problems.push(...bootstrapRoleNamePrefixProblems(args.bootstrapRoleNamePrefix));
    return problems;
}

/**
 * A CloudTrail trail of Customer Profiles data events (and management events), encrypted with its
 * own customer managed key (rotation on), delivering to a locked, versioned, expiring bucket whose
 * server access logs go to an {@link AccessLogBucket}. The trail is created after the bucket policy
 * and after the key with its policy: CloudTrail checks both when the trail is created
 * (CloudTrail API Reference, CreateTrail: InsufficientS3BucketPolicyException,
 * InsufficientEncryptionPolicyException).
 */
export class AuditTrail extends pulumi.ComponentResource {
    public readonly key: kms.Key;
    public readonly keyPolicy: pulumi.Output<PolicyDocument>;
    public readonly bucket: s3.Bucket;
    public readonly bucketPolicy: s3.BucketPolicy;
    public readonly accessLogs: AccessLogBucket;
    public readonly trail: cloudtrail.Trail;
    public readonly trailArn: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("AuditTrail", name, validateAuditTrailArgs(args));
        super("customer-profiles:index:AuditTrail", name, {}, opts);
        const protect = args.protect ?? true;
        const ctx = pulumi.output(args.context);
        const trailName = auditTrailName(args.domainName);

        // The key, with its policy from the start: the trail ARN is known before the trail exists.
        this.keyPolicy = ctx.apply((c) =>
            withCiKeyAccess(auditTrailKeyPolicy(c, { trailName }), c, ciRolesOf(c, args.bootstrapRoleNamePrefix)),
        );
        this.key = customerManagedKey(
            `${name}-key`,
            {
                description: `CloudTrail trail ${trailName}: Customer Profiles audit log files`,
                policy: this.keyPolicy,
                tags: args.tags,
            },
            { parent: this, protect },
        );
        new kms.Alias(
            `${name}-key-alias`,
            { name: `alias/customer-profiles/${args.domainName}/audit-trail`, targetKeyId: this.key.keyId },
            { parent: this },
        );

        this.bucket = new s3.Bucket(
            `${name}-bucket`,
            { ...(args.bucketNames ? { bucket: args.bucketNames.trail } : {}), forceDestroy: false, tags: args.tags },
            { parent: this, protect },
        );
        new s3.BucketPublicAccessBlock(
            `${name}-bucket-public-access`,
            {
                bucket: this.bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        new s3.BucketOwnershipControls(
            `${name}-bucket-ownership`,
            { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        // Default SSE-KMS with the trail key. CloudTrail encrypts log files with the trail's key
        // (kmsKeyId); how digest files (log file validation) are encrypted under a bucket default of
        // SSE-KMS is not stated in the pages read (CloudTrail User Guide, "Validating CloudTrail log
        // file integrity", "CloudTrail digest file structure"): unsourced. `npm run doctor` reports
        // LatestDigestDeliveryError if their delivery fails.
        const encryption = new s3.BucketServerSideEncryptionConfiguration(
            `${name}-bucket-encryption`,
            {
                bucket: this.bucket.id,
                rules: [
                    { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn } },
                ],
            },
            { parent: this },
        );
        const versioning = new s3.BucketVersioning(
            `${name}-bucket-versioning`,
            { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new s3.BucketLifecycleConfiguration(
            `${name}-bucket-lifecycle`,
            {
                bucket: this.bucket.id,
                rules: [
                    {
                        id: "expire-audit-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: args.expirationDays ?? 365 },
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            // S3 requires versioning to be configured before a noncurrent-version rule is accepted.
            { parent: this, dependsOn: [versioning] },
        );
        this.bucketPolicy = new s3.BucketPolicy(
            `${name}-bucket-policy`,
            {
                bucket: this.bucket.id,
                policy: pulumi
                    .all([ctx, this.bucket.arn])
                    .apply(([c, bucketArn]) => JSON.stringify(auditTrailBucketPolicy(c, { bucketArn, trailName }))),
            },
            { parent: this },
        );
        this.accessLogs = new AccessLogBucket(
            `${name}-logs`,
            {
                context: ctx,
                sources: [{ name: "audit-trail", bucketName: this.bucket.bucket, bucketArn: this.bucket.arn }],
                bucketName: args.bucketNames?.accessLogs,
                expirationDays: args.accessLogExpirationDays,
                protect,
                tags: args.tags,
            },
            { parent: this },
        );

        this.trail = new cloudtrail.Trail(
            name,
            {
                name: trailName,
                s3BucketName: this.bucket.bucket,
                kmsKeyId: this.key.arn,
                enableLogging: true,
                enableLogFileValidation: true,
                isMultiRegionTrail: false,
                advancedEventSelectors: auditEventSelectors(),
                tags: args.tags,
            },
            // CreateTrail checks the bucket policy and the key policy (set with the key) at once.
            { parent: this, protect, dependsOn: [this.bucketPolicy, encryption] },
        );
        this.trailArn = this.trail.arn;
        this.bucketName = this.bucket.bucket;
        this.keyArn = this.key.arn;
        this.registerOutputs({
            trailArn: this.trailArn,
            bucketName: this.bucketName,
            keyArn: this.keyArn,
            keyPolicy: this.keyPolicy,
        });
    }
}
