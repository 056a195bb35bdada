import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as connect from "@pulumi/aws/connect";
import * as iam from "@pulumi/aws/iam";
import * as kinesis from "@pulumi/aws/kinesis";
import * as kms from "@pulumi/aws/kms";
import * as s3 from "@pulumi/aws/s3";
import { AccountContext, keyAdministrationStatement, PolicyDocument } from "../common/policy-documents";
import { LOGICAL_NAME } from "../common/names";
import { notValid } from "../common/problems";
import { ArgsError } from "../common/errors";
import {
    ContactRecordsStreaming,
    defaultStreamSettings,
    FirehoseDestination,
    firehoseDestinationSchema,
    shardCountOf,
    StreamSettings,
    streamSettingsSchema,
} from "./config";
import {
    contactRecordBucketPolicy,
    firehoseDeliveryPolicy,
    firehoseDeliveryTrustPolicy,
    instanceStreamKeyPolicy,
} from "./policies";
import { customerManagedKey } from "../common/customer-managed-key";
import { bootstrapRoleNamePrefixProblems, ciRolesOf, withCiKeyAccess } from "../common/ci-key-access";
import { AccessLogBucket } from "../common/access-log-bucket";
import { ExistingRole, stackPermissionsBoundary } from "../common/boundary";

/** Iterator age (ms) above which a stream's consumers are falling behind: one hour. */
export const ITERATOR_AGE_THRESHOLD_MS = 60 * 60 * 1000;
/** Minimum Firehose data-freshness threshold (s); raised to 3× the buffering interval when larger. */
export const MIN_DATA_FRESHNESS_THRESHOLD_S = 900;

/** Connect's storage resource types this component streams. */
export type StreamedResourceType = "CONTACT_TRACE_RECORDS" | "AGENT_EVENTS";

/** Arguments of {@link InstanceStreaming}. */
export interface InstanceStreamingArgs {
    /**
     * The `name` of the instance in the stack config: names the streams and keys.
     *
     * **Create-only**: it is part of the Kinesis stream names and the key alias name (`name`,
     * tools/lib/create-only.ts CLASSIC_CREATE_ONLY); changing it replaces them.
     * @default — required
     */
    instanceName: string;
    /**
     * The Amazon Connect instance ID.
     *
     * **Create-only** on each storage config (`instanceId` of aws:connect/instanceStorageConfig,
     * tools/lib/create-only.ts CLASSIC_CREATE_ONLY); changing it replaces them.
     * @default — required
     */
    instanceId: pulumi.Input<string>;
    /**
     * The instance's service-linked role (`connect.Instance.serviceRole`, or `DescribeInstance` →
     * `ServiceRole` for an existing instance). Amazon Connect produces to Kinesis as this role, so
     * the stream key's policy admits it before any storage config is created (Amazon Connect
     * Administrator Guide, enabling data streaming: server-side encryption with a customer managed key).
     * @default — required
     */
    serviceRoleArn: pulumi.Input<string>;
    /**
     * Account, region and partition of the stack: every policy condition and ARN is built from them.
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * Contact records: to a Kinesis data stream (`target: KINESIS_STREAM`, optional `stream`
     * settings) or to Firehose delivering into an S3 bucket created here
     * (`target: KINESIS_FIREHOSE`, `destination` required). The two are mutually exclusive.
     * @default — off (no contact-record streaming)
     */
    contactRecords?: ContactRecordsStreaming;
    /**
     * Agent events to a Kinesis data stream.
     * @default — off (no agent-event streaming)
     */
    agentEvents?: { stream?: StreamSettings };
    /**
     * The SNS topic (see {@link AlarmTopic}) every alarm of this component notifies.
     * @default — required
     */
    alarmTopicArn: pulumi.Input<string>;
    /**
     * The Firehose delivery role the bootstrap created for this stack (`bootstrapRoles: true`:
     * components/common/boundary.ts `bootstrapRole`), with the trust {@link firehoseDeliveryTrustPolicy}
     * and the stack's boundary: the component then creates no role and puts only this instance's
     * delivery policy on it (one role per stack, one inline policy per instance).
     * @default — the component creates one role per instance
     */
    deliveryRole?: ExistingRole;
    /**
     * Names of the contact-record bucket and its access-log bucket (`stackBucketNames: true`:
     * components/common/bucket-names.ts, names that carry the stack).
     *
     * **Create-only**: a bucket's name (`bucket` of aws:s3/bucket); changing it replaces the bucket.
     * @default — auto-named from the resource names (`INSTANCE-streaming-ctr-bucket-xxxxxxx`)
     */
    bucketNames?: { records: pulumi.Input<string>; accessLogs: pulumi.Input<string> };
    /**
     * The bootstrap's `roleNamePrefix`, when the stack is deployed by the bootstrap's roles
     * (`bootstrapRoles: true`): the key policy names the stack's CI roles PREFIX-deploy-STACK and
     * PREFIX-operator-STACK, and the account's PREFIX-preview (components/common/ci-key-access.ts), which hold nothing on the key in
     * IAM. The key is then created with the account root's and these statements, so that the deploy
     * role may put the full policy (kms.KeyPolicy) on it.
     * @default — none (no CI role in the key policy; the key starts with AWS's default policy)
     */
    bootstrapRoleNamePrefix?: string;
    /**
     * Protect the key, streams and bucket from deletion.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

/** Pure validation of {@link InstanceStreamingArgs}; returns every problem. */
export function validateInstanceStreamingArgs(args: InstanceStreamingArgs): string[] {
    const problems: string[] = [];
    if (!LOGICAL_NAME.test(args.instanceName))
        problems.push(notValid("instanceName", args.instanceName, LOGICAL_NAME.form));
    if (args.deliveryRole && !/^[\w+=,.@-]{1,64}$/.test(args.deliveryRole.name))
        problems.push(
            `deliveryRole.name: ${JSON.stringify(args.deliveryRole.name)} is not valid; expected an IAM role name (1-64 letters, digits or +=,.@_-)`,
        );
    if (!args.contactRecords && !args.agentEvents)
        problems.push("contactRecords, agentEvents: neither is set; expected at least one of them");
    const checkStream = (field: string, s: StreamSettings | undefined) => {
        if (s === undefined) return;
        const r = streamSettingsSchema.safeParse(s);
        if (!r.success)
            for (const i of r.error.issues)
                problems.push(
                    `${[field, ...i.path].join(".")}: ${JSON.stringify(s)} is not valid; expected ${i.message}`,
                );
    };
    const cr = args.contactRecords;
    if (cr) {
        if (cr.target === "KINESIS_FIREHOSE") {
            if (!cr.destination)
                problems.push(
                    "contactRecords.destination: is not set; expected a destination when target is KINESIS_FIREHOSE",
                );
            else if (!firehoseDestinationSchema.safeParse(cr.destination).success)
                problems.push(
                    `contactRecords.destination: ${JSON.stringify(cr.destination)} is not valid; expected a complete destination`,
                );
            if (cr.stream)
                problems.push(
                    "contactRecords.stream: is set; expected no stream settings when target is KINESIS_FIREHOSE",
                );
        } else if (cr.target === "KINESIS_STREAM") {
            if (cr.destination)
                problems.push(
                    "contactRecords.destination: is set; expected no destination when target is KINESIS_STREAM",
                );
            checkStream("contactRecords.stream", cr.stream);
        } else {
            problems.push(
                `contactRecords.target: ${JSON.stringify((cr as { target: unknown }).target)} is not valid; expected KINESIS_STREAM or KINESIS_FIREHOSE`,
            );
        }
    }
    checkStream("agentEvents.stream", args.agentEvents?.stream);
    problems.push(...bootstrapRoleNamePrefixProblems(args.bootstrapRoleNamePrefix));
    return problems;
}

/** Names of Firehose delivery streams: at most 64 characters (aws-kinesisfirehose-deliverystream.json, DeliveryStreamName). */
const STREAM_NAME_MAX = 64;

/**
 * The stream name of a Connect instance's stream: `connect-STACK-INSTANCE-KIND`, cut to 64 characters
 * (the Firehose limit; the contact-record name serves both targets). With `unique`, a name that must
 * be cut keeps its end instead: `…-HASH-KIND`, HASH 8 hex characters of the full name. That is for
 * the one case the plain cut makes two names equal: when `connect-STACK-INSTANCE-` alone reaches 64
 * characters, the contact-record and agent-event streams of an instance would both be that prefix,
 * and Kinesis names are unique per account and Region (@aws-sdk/client-kinesis CreateStreamInput
 * StreamName: "scoped to the Amazon Web Services account … also scoped by … Region"), so the second
 * CreateStream is refused (ResourceInUseException; mock cloud rule unique-stream-name). Every other
 * name is the plain one, so no existing stream is renamed (a name change replaces a stream).
 */
export function streamNameFor(
    stack: string,
    instanceName: string,
    kind: "ctr" | "agent-events",
    unique = false,
): string {
    const full = `connect-${stack}-${instanceName}-${kind}`;
    if (!unique || full.length <= STREAM_NAME_MAX) return full.slice(0, STREAM_NAME_MAX);
    const tail = hashedTail(full, kind);
    return `${full.slice(0, STREAM_NAME_MAX - tail.length).replace(/-+$/, "")}${tail}`;
}

/** The end a hashed stream name keeps: `-HASH-KIND`, HASH 8 hex characters of the full name. */
function hashedTail(full: string, kind: "ctr" | "agent-events"): string {
    return `-${createHash("sha256").update(full).digest("hex").slice(0, 8)}-${kind}`;
}

/**
 * An ARN resource pattern every stream name of a stack matches, whatever its instances are called
 * (bootstrap/lib/scope.ts grants the deploy role these names): `connect-STACK-*`, or, when a long
 * stack name leaves room for less than the whole prefix in a hashed name (see {@link streamNameFor}),
 * the part of it every name keeps.
 */
export function streamNamePattern(stack: string): string {
    const prefix = `connect-${stack}-`;
    // The shortest kept part: a hashed agent-events name keeps STREAM_NAME_MAX minus its tail.
    const kept = STREAM_NAME_MAX - hashedTail("", "agent-events").length;
    return prefix.length <= kept ? `${prefix}*` : `${prefix.slice(0, kept).replace(/-+$/, "")}*`;
}

/** true when the plain cut gives an instance's two data streams the same name (see {@link streamNameFor}). */
export function streamNamesCollide(stack: string, instanceName: string): boolean {
    return streamNameFor(stack, instanceName, "ctr") === streamNameFor(stack, instanceName, "agent-events");
}

/**
 * The alias of an instance's streaming key: `alias/connect-streaming/STACK/INSTANCE`. A Pulumi stack
 * name may hold "." (Pulumi docs, Stacks: "alphanumeric characters, hyphens, underscores, or
 * periods"); a KMS alias name may not (AWS KMS API reference, CreateAlias, AliasName: only letters,
 * digits, "/", "_" and "-"), so any other character of the stack name becomes "-". Names KMS
 * accepted before are unchanged.
 */
export function streamKeyAliasName(stack: string, instanceName: string): string {
    return `alias/connect-streaming/${stack.replace(/[^A-Za-z0-9_-]/g, "-")}/${instanceName}`;
}

/** IAM role names: at most 64 characters (aws-iam-role.json, RoleName; IAM API reference, CreateRole). */
const IAM_ROLE_NAME_MAX = 64;
/** The Pulumi AWS provider's auto-name suffix: "-" and 7 random characters. */
const AUTO_NAME_SUFFIX = 8;
/** A role's namePrefix: at most 38 characters, the provider appends 26 (Terraform AWS provider, aws_iam_role name_prefix). */
const ROLE_NAME_PREFIX_MAX = 38;

/**
 * How the Firehose delivery role is named. Auto-naming (`RESOURCE-xxxxxxx`) while it fits IAM's 64
 * characters: the name every existing stack has. An instance name of 29–32 characters does not fit
 * (`INSTANCE-streaming-ctr-delivery-role-xxxxxxx`), and the Pulumi AWS provider then fails instead
 * of truncating (tools/lib/mock-cloud-rules.ts, auto-name-length); such a role gets a `namePrefix`:
 * the last 37 characters of the resource name (the "-streaming-ctr-delivery-role" part that the
 * bootstrap deploy role's scope names stays) and "-", to which the provider appends a unique suffix.
 */
export function deliveryRoleNaming(resourceName: string): { namePrefix?: string } {
    if (resourceName.length + AUTO_NAME_SUFFIX <= IAM_ROLE_NAME_MAX) return {};
    return { namePrefix: `${resourceName.slice(resourceName.length - (ROLE_NAME_PREFIX_MAX - 1))}-` };
}

/** What {@link createEncryptedStream} needs. */
export interface EncryptedStreamArgs {
    /**
     * The stream's capacity mode, shard count and retention.
     * @default — required
     */
    settings: StreamSettings;
    /**
     * Key ARN for server-side encryption.
     * @default — required
     */
    keyArn: pulumi.Input<string>;
    /**
     * The SNS topic the stream's alarms notify.
     * @default — required
     */
    alarmTopicArn: pulumi.Input<string>;
    /**
     * A human name for alarm descriptions, e.g. "contact records of support".
     * @default — required
     */
    description: string;
    /**
     * The stream's name.
     *
     * **Create-only**: `name` of aws:kinesis/stream (tools/lib/create-only.ts CLASSIC_CREATE_ONLY); changing it replaces the stream.
     * @default — a name Pulumi generates from the resource name
     */
    name?: string;
    /**
     * Protect the stream from deletion.
     * @default — required
     */
    protect: boolean;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

/**
 * A Kinesis data stream encrypted with a customer managed key, with its alarms (write throttling
 * and consumer iterator age), as children of `parent`. Shared by instance streaming and export.
 */
export function createEncryptedStream(
    parent: pulumi.Resource,
    name: string,
    args: EncryptedStreamArgs,
): { stream: kinesis.Stream; alarms: cloudwatch.MetricAlarm[] } {
    const shardCount = shardCountOf(args.settings);
    const stream = new kinesis.Stream(
        name,
        {
            name: args.name,
            streamModeDetails: { streamMode: args.settings.capacity },
            shardCount,
            retentionPeriod: args.settings.retentionHours,
            encryptionType: "KMS",
            kmsKeyId: args.keyArn,
            tags: args.tags,
        },
        { parent, protect: args.protect },
    );
    return { stream, alarms: streamAlarms(parent, name, stream.name, args.alarmTopicArn, args.description, args.tags) };
}

/** Alarms on one data stream: write throttling (both metrics) and consumer iterator age. */
export function streamAlarms(
    parent: pulumi.Resource,
    name: string,
    streamName: pulumi.Input<string>,
    topicArn: pulumi.Input<string>,
    description: string,
    tags?: Record<string, string>,
): cloudwatch.MetricAlarm[] {
    const common = {
        namespace: "AWS/Kinesis",
        dimensions: { StreamName: streamName },
        period: 60,
        alarmActions: [topicArn],
        okActions: [topicArn],
        treatMissingData: "notBreaching",
        tags,
    };
    return [
        new cloudwatch.MetricAlarm(
            `${name}-write-throttled`,
            {
                ...common,
                alarmDescription: `Kinesis rejects writes of ${description} (WriteProvisionedThroughputExceeded): records are retried or lost; add shards or switch to ON_DEMAND.`,
                metricName: "WriteProvisionedThroughputExceeded",
                statistic: "Sum",
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
            },
            { parent },
        ),
        new cloudwatch.MetricAlarm(
            `${name}-records-throttled`,
            {
                ...common,
                alarmDescription: `PutRecords calls for ${description} have throttled records (PutRecords.ThrottledRecords).`,
                metricName: "PutRecords.ThrottledRecords",
                statistic: "Sum",
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
            },
            { parent },
        ),
        new cloudwatch.MetricAlarm(
            `${name}-iterator-age`,
            {
                ...common,
                alarmDescription: `Consumers of ${description} are more than an hour behind (GetRecords.IteratorAgeMilliseconds): records expire unread at the end of the retention period.`,
                metricName: "GetRecords.IteratorAgeMilliseconds",
                statistic: "Maximum",
                comparisonOperator: "GreaterThanThreshold",
                threshold: ITERATOR_AGE_THRESHOLD_MS,
                evaluationPeriods: 5,
                datapointsToAlarm: 5,
            },
            { parent },
        ),
    ];
}

/** The data-freshness threshold of a Firehose delivery stream, seconds. */
export function dataFreshnessThreshold(destination: FirehoseDestination): number {
    return Math.max(MIN_DATA_FRESHNESS_THRESHOLD_S, 3 * destination.bufferingIntervalSeconds);
}

/**
 * Streaming of one Amazon Connect instance's data: contact records to a Kinesis data stream or to
 * Firehose (into an S3 bucket created here), agent events to a Kinesis data stream, all encrypted
 * with one customer managed key of the instance.
 *
 * Ordering, which the documented trap ("update the key policy before streaming starts, or data is
 * lost") makes essential: the key is created with the default policy (with `bootstrapRoleNamePrefix`:
 * the account root's and the CI roles' statements), then a separate `kms.KeyPolicy` admits the
 * instance's service-linked role (the role ARN is only known once the
 * instance exists, and the key must exist before it is combined with it), and every
 * `connect.InstanceStorageConfig` depends on that key policy, so Connect never starts producing
 * before the key allows it. Storage configs are create-only on instance and resource type and
 * there is one per type per instance, so they are deleted before they are re-created.
 */
export class InstanceStreaming extends pulumi.ComponentResource {
    public readonly key: kms.Key;
    public readonly keyPolicy: kms.KeyPolicy;
    public readonly keyArn: pulumi.Output<string>;
    /** The key policy as a document. */
    public readonly policy: pulumi.Output<PolicyDocument>;
    public readonly contactRecordsStream?: kinesis.Stream;
    public readonly contactRecordsDeliveryStream?: kinesis.FirehoseDeliveryStream;
    public readonly contactRecordsBucket?: s3.Bucket;
    /** The server access logs of the contact-record bucket (Firehose only). */
    public readonly contactRecordsAccessLogs?: AccessLogBucket;
    public readonly agentEventsStream?: kinesis.Stream;
    public readonly storageConfigs: connect.InstanceStorageConfig[] = [];
    public readonly alarms: cloudwatch.MetricAlarm[] = [];

    public readonly contactRecordsStreamArn?: pulumi.Output<string>;
    public readonly contactRecordsDeliveryStreamArn?: pulumi.Output<string>;
    public readonly contactRecordsBucketName?: pulumi.Output<string>;
    public readonly agentEventsStreamArn?: pulumi.Output<string>;

    constructor(name: string, args: InstanceStreamingArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("InstanceStreaming", name, validateInstanceStreamingArgs(args));
        super("customer-profiles:index:InstanceStreaming", name, {}, opts);
        const protect = args.protect ?? true;
        const ctx = pulumi.output(args.context);
        const stack = pulumi.getStack();

        // 1. The key, with the default policy (account root only) until the key policy below replaces
        // it; with the bootstrap's roles, the root's statement and the CI roles' (the deploy role may
        // not change the key through IAM, so CreateKey must already name it: its lockout safety
        // check requires that the caller may PutKeyPolicy afterwards, AWS KMS API Reference,
        // CreateKey, Policy). The kms.KeyPolicy below owns the policy from then on: the key's own
        // `policy` is ignored after creation (the provider's note on aws.kms.Key: configuring both
        // "will cause inconsistencies and may overwrite configuration"; `ignoreChanges` uses the
        // program's value only when creating, the state's afterwards, so a refresh that reads the
        // full policy shows no diff: Pulumi docs, "Resource option: ignoreChanges",
        // https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/).
        const initialPolicy = args.bootstrapRoleNamePrefix
            ? ctx.apply((c) =>
                  withCiKeyAccess(
                      { Version: "2012-10-17", Statement: [keyAdministrationStatement(c)] },
                      c,
                      ciRolesOf(c, args.bootstrapRoleNamePrefix),
                  ),
              )
            : undefined;
        this.key = customerManagedKey(
            `${name}-key`,
            {
                description: `Amazon Connect instance ${args.instanceName}: contact-record and agent-event streams`,
                policy: initialPolicy,
                tags: args.tags,
            },
            { parent: this, protect, ignoreChanges: ["policy"] },
        );
        new kms.Alias(
            `${name}-key-alias`,
            { name: streamKeyAliasName(stack, args.instanceName), targetKeyId: this.key.keyId },
            { parent: this },
        );
        // 2. The key policy that admits the service-linked role: a resource of its own.
        this.policy = pulumi.all([ctx, args.serviceRoleArn]).apply(([c, role]) =>
            withCiKeyAccess(
                instanceStreamKeyPolicy(c, {
                    instanceName: args.instanceName,
                    serviceRoleArn: role,
                    through: [
                        ...(args.contactRecords?.target === "KINESIS_STREAM" || args.agentEvents
                            ? ["kinesis" as const]
                            : []),
                        ...(args.contactRecords?.target === "KINESIS_FIREHOSE" ? ["firehose" as const] : []),
                    ],
                }),
                c,
                ciRolesOf(c, args.bootstrapRoleNamePrefix),
            ),
        );
        // Never deleted through the provider: deleting a kms.KeyPolicy does not remove it but writes
        // the provider's default policy, the account root alone (@pulumi/aws kms/keyPolicy.d.ts: "If a
        // key policy is not specified, or this resource is destroyed, AWS gives the KMS key a default
        // key policy"), and PutKeyPolicy's lockout check then refuses the deploy role, which that
        // policy does not name ("The key policy must allow the calling principal to make a subsequent
        // PutKeyPolicy request": AWS KMS API Reference, PutKeyPolicy); the key's ScheduleKeyDeletion
        // would meet the same policy. retainOnDelete: the engine never calls that Delete (Pulumi docs,
        // "Resource option: retainOnDelete", https://www.pulumi.com/docs/iac/concepts/options/retainondelete/),
        // whether the key goes too, the key is replaced (deletedWith alone skips it only for a key
        // deleted, not one replaced: pulumi/pulumi#22648, open), or the policy's name changes; the
        // policy dies with its key (ScheduleKeyDeletion under the policy that names the deploy role).
        // deletedWith says the same to the engine. replaceOnChanges keyId: the provider updates a
        // KeyPolicy whose keyId changes in place on the old key ID (its resource ID); a new key gets a
        // new KeyPolicy, created on it (Pulumi docs, "Resource option: replaceOnChanges").
        this.keyPolicy = new kms.KeyPolicy(
            `${name}-key-policy`,
            { keyId: this.key.keyId, policy: this.policy.apply((p) => JSON.stringify(p)) },
            { parent: this, deletedWith: this.key, retainOnDelete: true, replaceOnChanges: ["keyId"] },
        );
        this.keyArn = this.key.arn;

        const storage = (
            kind: string,
            resourceType: StreamedResourceType,
            storageConfig: connect.InstanceStorageConfigArgs["storageConfig"],
        ) =>
            new connect.InstanceStorageConfig(
                `${name}-${kind}-storage`,
                { instanceId: args.instanceId, resourceType, storageConfig },
                // The key policy must admit the service-linked role before Connect starts producing.
                { parent: this, dependsOn: [this.keyPolicy], deleteBeforeReplace: true },
            );

        // 3. Contact records.
        const cr = args.contactRecords;
        // A data stream on the instance key, its alarms, and the storage config that starts streaming into it.
        const streamTo = (
            kind: "ctr" | "agent-events",
            resourceType: StreamedResourceType,
            settings: StreamSettings | undefined,
            what: string,
        ) => {
            const { stream, alarms } = createEncryptedStream(this, `${name}-${kind}`, {
                settings: settings ?? defaultStreamSettings(),
                keyArn: this.key.arn,
                alarmTopicArn: args.alarmTopicArn,
                description: `${what} of ${args.instanceName}`,
                // Two data streams (contact records and agent events) need names of their own.
                name: streamNameFor(
                    stack,
                    args.instanceName,
                    kind,
                    cr?.target === "KINESIS_STREAM" &&
                        !!args.agentEvents &&
                        streamNamesCollide(stack, args.instanceName),
                ),
                protect,
                tags: args.tags,
            });
            this.alarms.push(...alarms);
            this.storageConfigs.push(
                storage(kind, resourceType, {
                    storageType: "KINESIS_STREAM",
                    kinesisStreamConfig: { streamArn: stream.arn },
                }),
            );
            return stream;
        };

        if (cr?.target === "KINESIS_STREAM") {
            this.contactRecordsStream = streamTo("ctr", "CONTACT_TRACE_RECORDS", cr.stream, "contact records");
            this.contactRecordsStreamArn = this.contactRecordsStream.arn;
        } else if (cr?.target === "KINESIS_FIREHOSE") {
            const delivery = this.firehose(name, args, cr.destination!, ctx, protect);
            this.contactRecordsDeliveryStream = delivery.deliveryStream;
            this.contactRecordsDeliveryStreamArn = delivery.deliveryStream.arn;
            this.contactRecordsBucket = delivery.bucket;
            this.contactRecordsAccessLogs = delivery.accessLogs;
            this.contactRecordsBucketName = delivery.bucket.bucket;
            this.storageConfigs.push(
                storage("ctr", "CONTACT_TRACE_RECORDS", {
                    storageType: "KINESIS_FIREHOSE",
                    kinesisFirehoseConfig: { firehoseArn: delivery.deliveryStream.arn },
                }),
            );
        }

        // 4. Agent events.
        if (args.agentEvents) {
            this.agentEventsStream = streamTo("agent-events", "AGENT_EVENTS", args.agentEvents.stream, "agent events");
            this.agentEventsStreamArn = this.agentEventsStream.arn;
        }

        this.registerOutputs({
            keyArn: this.keyArn,
            policy: this.policy,
            contactRecordsStreamArn: this.contactRecordsStreamArn,
            contactRecordsDeliveryStreamArn: this.contactRecordsDeliveryStreamArn,
            contactRecordsBucketName: this.contactRecordsBucketName,
            agentEventsStreamArn: this.agentEventsStreamArn,
        });
    }

    /** Firehose → S3 for contact records: bucket (CMK, no public access, TLS only, versioned, expiring, access-logged), role, delivery stream, alarms. */
    private firehose(
        name: string,
        args: InstanceStreamingArgs,
        dest: FirehoseDestination,
        ctx: pulumi.Output<AccountContext>,
        protect: boolean,
    ) {
        const bucket = new s3.Bucket(
            `${name}-ctr-bucket`,
            { ...(args.bucketNames ? { bucket: args.bucketNames.records } : {}), forceDestroy: false, tags: args.tags },
            { parent: this, protect },
        );
        new s3.BucketPublicAccessBlock(
            `${name}-ctr-bucket-public-access`,
            {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        new s3.BucketOwnershipControls(
            `${name}-ctr-bucket-ownership`,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        new s3.BucketServerSideEncryptionConfiguration(
            `${name}-ctr-bucket-encryption`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn },
                        bucketKeyEnabled: true,
                    },
                ],
            },
            { parent: this },
        );
        const versioning = new s3.BucketVersioning(
            `${name}-ctr-bucket-versioning`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new s3.BucketLifecycleConfiguration(
            `${name}-ctr-bucket-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-contact-records",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: dest.expirationDays },
                        noncurrentVersionExpiration: { noncurrentDays: dest.noncurrentVersionExpirationDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            // S3 requires versioning to be configured before a noncurrent-version rule is accepted.
            { parent: this, dependsOn: [versioning] },
        );
        new s3.BucketPolicy(
            `${name}-ctr-bucket-policy`,
            { bucket: bucket.id, policy: bucket.arn.apply((a) => JSON.stringify(contactRecordBucketPolicy(a))) },
            { parent: this },
        );
        // Who read or wrote which contact record: S3 server access logs of the bucket, in a locked
        // bucket of their own (components/common/access-log-bucket.ts).
        const accessLogs = new AccessLogBucket(
            `${name}-ctr-logs`,
            {
                context: ctx,
                sources: [{ name: "contact-records", bucketName: bucket.bucket, bucketArn: bucket.arn }],
                bucketName: args.bucketNames?.accessLogs,
                expirationDays: dest.accessLogExpirationDays,
                protect,
                tags: args.tags,
            },
            { parent: this },
        );

        const deliveryName = streamNameFor(pulumi.getStack(), args.instanceName, "ctr");
        const role = args.deliveryRole
            ? { id: pulumi.output(args.deliveryRole.name), arn: pulumi.output(args.deliveryRole.arn) }
            : new iam.Role(
                  `${name}-ctr-delivery-role`,
                  {
                      ...deliveryRoleNaming(`${name}-ctr-delivery-role`),
                      description: `Firehose delivers contact records of ${args.instanceName} to S3`,
                      assumeRolePolicy: ctx.apply((c) => JSON.stringify(firehoseDeliveryTrustPolicy(c, deliveryName))),
                      permissionsBoundary: stackPermissionsBoundary(ctx),
                      tags: args.tags,
                  },
                  { parent: this },
              );
        const rolePolicy = new iam.RolePolicy(
            `${name}-ctr-delivery-policy`,
            {
                role: role.id,
                policy: pulumi
                    .all([ctx, bucket.arn, this.key.arn])
                    .apply(([c, bucketArn, keyArn]) =>
                        JSON.stringify(firehoseDeliveryPolicy(c, { bucketArn, keyArn })),
                    ),
            },
            { parent: this },
        );
        const deliveryStream = new kinesis.FirehoseDeliveryStream(
            `${name}-ctr-delivery`,
            {
                name: deliveryName,
                destination: "extended_s3",
                serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: this.key.arn },
                extendedS3Configuration: {
                    roleArn: role.arn,
                    bucketArn: bucket.arn,
                    prefix: dest.prefix,
                    errorOutputPrefix: `${dest.errorPrefix}!{firehose:error-output-type}/`,
                    bufferingInterval: dest.bufferingIntervalSeconds,
                    bufferingSize: dest.bufferingSizeMiB,
                    compressionFormat: "GZIP",
                    kmsKeyArn: this.key.arn,
                },
                tags: args.tags,
            },
            // The role's permissions must exist before Firehose validates the destination.
            { parent: this, dependsOn: [rolePolicy, this.keyPolicy] },
        );
        const common = {
            namespace: "AWS/Firehose",
            dimensions: { DeliveryStreamName: deliveryStream.name },
            period: 300,
            alarmActions: [args.alarmTopicArn],
            okActions: [args.alarmTopicArn],
            treatMissingData: "notBreaching",
            tags: args.tags,
        };
        this.alarms.push(
            new cloudwatch.MetricAlarm(
                `${name}-ctr-delivery-freshness`,
                {
                    ...common,
                    alarmDescription: `Contact records of ${args.instanceName} wait too long in Firehose before reaching S3 (DeliveryToS3.DataFreshness).`,
                    metricName: "DeliveryToS3.DataFreshness",
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: dataFreshnessThreshold(dest),
                    evaluationPeriods: 3,
                    datapointsToAlarm: 2,
                },
                { parent: this },
            ),
            new cloudwatch.MetricAlarm(
                `${name}-ctr-delivery-failures`,
                {
                    ...common,
                    alarmDescription: `Firehose fails to write contact records of ${args.instanceName} to S3 (DeliveryToS3.Success below 1): check the delivery role, the bucket and the key.`,
                    metricName: "DeliveryToS3.Success",
                    statistic: "Minimum",
                    comparisonOperator: "LessThanThreshold",
                    threshold: 1,
                    evaluationPeriods: 3,
                    datapointsToAlarm: 2,
                },
                { parent: this },
            ),
        );
        return { bucket, deliveryStream, accessLogs };
    }
}
