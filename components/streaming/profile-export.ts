import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as kinesis from "@pulumi/aws/kinesis";
import * as kms from "@pulumi/aws/kms";
import * as nativeProfiles from "@pulumi/aws-native/customerprofiles";
import { AccountContext, PolicyDocument } from "../common/policy-documents";
import { DOMAIN_NAME } from "../common/names";
import { notValid } from "../common/problems";
import { ArgsError } from "../common/errors";
import { toNativeTags } from "../common/tags";
import { createEncryptedStream } from "./instance-streaming";
import { defaultStreamSettings, EVENT_STREAM_NAME, StreamSettings, streamSettingsSchema } from "./config";
import { profileExportKeyPolicy } from "./policies";
import { customerManagedKey } from "../common/customer-managed-key";
import { bootstrapRoleNamePrefixProblems, ciRolesOf, withCiKeyAccess } from "../common/ci-key-access";

/** Arguments of {@link ProfileExport}. */
export interface ProfileExportArgs {
    /**
     * The Customer Profiles domain whose profile events are exported. One export per domain (hard quota:
     * Amazon Connect Administrator Guide, Customer Profiles quotas).
     *
     * **Create-only**: it is the event stream's `DomainName` (tests/fixtures/cfn-schemas/aws-customerprofiles-eventstream.json createOnlyProperties)
     * and names the Kinesis stream and the key alias (`name`, tools/lib/create-only.ts CLASSIC_CREATE_ONLY); changing it replaces them.
     * @default — required
     */
    domainName: string;
    /**
     * The domain resource (or anything the export must follow). The event stream is created after
     * it; pass `CustomerProfilesDomain.domain`.
     * @default — required
     */
    domain: pulumi.Resource;
    /**
     * Name of the event stream, 1–64 letters, digits, "_" or "-".
     *
     * **Create-only**: `EventStreamName` (tests/fixtures/cfn-schemas/aws-customerprofiles-eventstream.json createOnlyProperties); changing it replaces the export.
     * @default — required
     */
    eventStreamName: string;
    /**
     * The destination data stream's capacity and retention.
     * @default ON_DEMAND capacity, 24 hours retention (`defaultStreamSettings()`)
     */
    stream?: StreamSettings;
    /**
     * Account, region and partition of the stack: every policy condition and ARN is built from them.
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * The SNS topic (see {@link AlarmTopic}) the stream's alarms notify.
     * @default — required
     */
    alarmTopicArn: pulumi.Input<string>;
    /**
     * The bootstrap's `roleNamePrefix`, when the stack is deployed by the bootstrap's roles
     * (`bootstrapRoles: true`): the key policy names the stack's CI roles PREFIX-deploy-STACK and
     * PREFIX-operator-STACK, and the account's PREFIX-preview (components/common/ci-key-access.ts), which hold nothing on the key in IAM.
     * @default — none (no CI role in the key policy)
     */
    bootstrapRoleNamePrefix?: string;
    /**
     * Protect the key and the stream from deletion.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

/** Pure validation of {@link ProfileExportArgs}; returns every problem. */
export function validateProfileExportArgs(args: ProfileExportArgs): string[] {
    const problems: string[] = [];
    if (!DOMAIN_NAME.test(args.domainName)) problems.push(notValid("domainName", args.domainName, DOMAIN_NAME.form));
    if (!EVENT_STREAM_NAME.test(args.eventStreamName))
        problems.push(notValid("eventStreamName", args.eventStreamName, EVENT_STREAM_NAME.form));
    if (args.stream !== undefined) {
        const r = streamSettingsSchema.safeParse(args.stream);
        if (!r.success)
            for (const i of r.error.issues)
                problems.push(
                    `${["stream", ...i.path].join(".")}: ${JSON.stringify(args.stream)} is not valid; expected ${i.message}`,
                );
    }
    problems.push(...bootstrapRoleNamePrefixProblems(args.bootstrapRoleNamePrefix));
    return problems;
}

/**
 * Real-time export of a domain's unified profiles: a Customer Profiles event stream into a Kinesis
 * data stream encrypted with a customer managed key created here.
 *
 * Customer Profiles is the producer: it writes as its service-linked role, which CreateEventStream
 * grants the stream through an inline role policy. The key policy gives `profile.amazonaws.com`
 * kms:GenerateDataKey only, bound to this account and this domain (`aws:SourceAccount`,
 * `aws:SourceArn` = the domain ARN). The event stream is created only after the key exists. Every property of the event stream is create-only and a domain may have
 * only one, so a replacement deletes the old one first.
 */
export class ProfileExport extends pulumi.ComponentResource {
    public readonly key: kms.Key;
    public readonly stream: kinesis.Stream;
    public readonly eventStream: nativeProfiles.EventStream;
    public readonly alarms: cloudwatch.MetricAlarm[];
    public readonly keyArn: pulumi.Output<string>;
    public readonly streamArn: pulumi.Output<string>;
    public readonly eventStreamArn: pulumi.Output<string>;
    public readonly keyPolicy: pulumi.Output<PolicyDocument>;

    constructor(name: string, args: ProfileExportArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("ProfileExport", name, validateProfileExportArgs(args));
        super("customer-profiles:index:ProfileExport", name, {}, opts);
        const protect = args.protect ?? true;
        const ctx = pulumi.output(args.context);

        // The key policy needs only the domain ARN and the stream's ARN, both known from config (the
        // stream has an explicit name): it is set with the key.
        const streamName = `customer-profiles-${args.domainName}-export`.slice(0, 128);
        this.keyPolicy = ctx.apply((c) =>
            withCiKeyAccess(
                profileExportKeyPolicy(c, { domainName: args.domainName, streamName }),
                c,
                ciRolesOf(c, args.bootstrapRoleNamePrefix),
            ),
        );
        this.key = customerManagedKey(
            `${name}-key`,
            {
                description: `Customer Profiles domain ${args.domainName}: real-time profile export stream`,
                policy: this.keyPolicy,
                tags: args.tags,
            },
            { parent: this, protect },
        );
        new kms.Alias(
            `${name}-key-alias`,
            { name: `alias/customer-profiles/${args.domainName}/export`, targetKeyId: this.key.keyId },
            { parent: this },
        );

        const { stream, alarms } = createEncryptedStream(this, `${name}-stream`, {
            settings: args.stream ?? defaultStreamSettings(),
            keyArn: this.key.arn,
            alarmTopicArn: args.alarmTopicArn,
            description: `the profile export of ${args.domainName}`,
            name: streamName,
            protect,
            tags: args.tags,
        });
        this.stream = stream;
        this.alarms = alarms;
        // No Kinesis resource policy: CreateEventStream itself grants the writer. Its CloudFormation
        // handler needs iam:PutRolePolicy because Customer Profiles puts an inline policy on its
        // service-linked role (AWSServiceRoleForProfile_*) in this account, and a same-account IAM
        // role needs no resource policy; the key's root statement lets that IAM policy take effect.

        this.eventStream = new nativeProfiles.EventStream(
            `${name}-event-stream`,
            {
                domainName: args.domainName,
                eventStreamName: args.eventStreamName,
                uri: stream.arn,
                tags: toNativeTags(args.tags),
            },
            // The key (with its policy) must admit the service before it sends its first (health-check) event.
            { parent: this, dependsOn: [args.domain, this.key], deleteBeforeReplace: true },
        );
        this.keyArn = this.key.arn;
        this.streamArn = stream.arn;
        this.eventStreamArn = this.eventStream.eventStreamArn;
        this.registerOutputs({
            keyArn: this.keyArn,
            streamArn: this.streamArn,
            eventStreamArn: this.eventStreamArn,
            keyPolicy: this.keyPolicy,
        });
    }
}
