import * as pulumi from "@pulumi/pulumi";
import * as kms from "@pulumi/aws/kms";
import * as sns from "@pulumi/aws/sns";
import {
    AccountContext,
    denyInsecureTransport,
    keyAdministrationStatement,
    PolicyDocument,
    PolicyStatement,
} from "../common/policy-documents";
import { ArgsError } from "../common/errors";
import { EMAIL } from "../common/names";
import { notValid } from "../common/problems";
import { customerManagedKey } from "../common/customer-managed-key";
import { bootstrapRoleNamePrefixProblems, ciRolesOf, withCiKeyAccess } from "../common/ci-key-access";

/** The service principals that publish alarms and event-rule notifications to the topic. */
export const CLOUDWATCH_SERVICE = "cloudwatch.amazonaws.com";
export const EVENTBRIDGE_SERVICE = "events.amazonaws.com";

/** What a publishing service needs on the topic's key to publish to an encrypted topic (and no more). */
export const ALARM_TOPIC_KEY_ACTIONS = ["kms:GenerateDataKey*", "kms:Decrypt"];

/** Every CloudWatch alarm of this account and region: the `aws:SourceArn` pattern for alarm actions. */
export function cloudwatchAlarmSourceArn(ctx: AccountContext): string {
    return `arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:*`;
}

/** Every EventBridge rule of this account and region (any bus): the `aws:SourceArn` pattern for rule targets. */
export function eventRuleSourceArn(ctx: AccountContext): string {
    return `arn:${ctx.partition}:events:${ctx.region}:${ctx.accountId}:rule/*`;
}

/**
 * The confused-deputy binding for a service acting for any resource of one kind in this account:
 * the account is exact, the source ARN a pattern (so `ArnLike`, never a bare `*`).
 */
export function sourcePatternBinding(ctx: AccountContext, sourceArnPattern: string): PolicyStatement["Condition"] {
    return { StringEquals: { "aws:SourceAccount": ctx.accountId }, ArnLike: { "aws:SourceArn": sourceArnPattern } };
}

/** The endpoint through which SNS calls KMS for an encrypted topic: the value of `kms:ViaService`. */
export function snsViaService(ctx: AccountContext): string {
    return `sns.${ctx.region}.amazonaws.com`;
}

/**
 * The alarm topic key's policy: the account root administers it; CloudWatch (alarm actions) and
 * EventBridge (rule targets) may generate data keys and decrypt, in exactly the form AWS documents for
 * event sources publishing to an encrypted topic: the service principal, `kms:GenerateDataKey*` and
 * `kms:Decrypt` on `*`, no condition (Amazon SNS Developer Guide, "Enable compatibility between event
 * sources from AWS services and encrypted topics",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services;
 * registry entry `sns-event-source-key` in policies/lib/documented-forms.ts).
 *
 * No condition key is documented as sent with these KMS requests, so none is required: a guessed one
 * (this statement required `kms:ViaService` = `sns.REGION.amazonaws.com` until now) that the request
 * does not carry is never matched, KMS denies, and SNS drops every alarm without an error anywhere in
 * the stack. What binds the publisher instead is the topic policy ({@link alarmTopicPolicy}): only this
 * account's alarms and rules (`aws:SourceAccount`, `aws:SourceArn`) may publish, SNS calls KMS only for
 * a publish that policy allowed, and this key encrypts this topic alone. What the grant leaves open:
 * CloudWatch or EventBridge acting for another account could call GenerateDataKey or Decrypt on this
 * key directly only if a topic of theirs used it, which needs this account's key ARN in their topic and
 * gives them no message of this topic (messages are encrypted under data keys SNS keeps).
 */
export function alarmTopicKeyPolicy(ctx: AccountContext): PolicyDocument {
    return {
        Version: "2012-10-17",
        Id: "customer-profiles-alarm-topic-key",
        Statement: [
            keyAdministrationStatement(ctx),
            {
                Sid: "CloudWatchAlarmsEncryptNotificationsThroughSns",
                Effect: "Allow",
                Principal: { Service: CLOUDWATCH_SERVICE },
                Action: [...ALARM_TOPIC_KEY_ACTIONS],
                Resource: "*",
            },
            {
                Sid: "EventBridgeRulesEncryptNotificationsThroughSns",
                Effect: "Allow",
                Principal: { Service: EVENTBRIDGE_SERVICE },
                Action: [...ALARM_TOPIC_KEY_ACTIONS],
                Resource: "*",
            },
        ],
    };
}

/**
 * The alarm topic's policy: only CloudWatch alarms and EventBridge rules of this account and
 * region may publish; nobody may use the topic without TLS.
 */
export function alarmTopicPolicy(ctx: AccountContext, topicArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Id: "customer-profiles-alarm-topic",
        Statement: [
            {
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: CLOUDWATCH_SERVICE },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: sourcePatternBinding(ctx, cloudwatchAlarmSourceArn(ctx)),
            },
            {
                Sid: "EventBridgeRulesPublish",
                Effect: "Allow",
                Principal: { Service: EVENTBRIDGE_SERVICE },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: sourcePatternBinding(ctx, eventRuleSourceArn(ctx)),
            },
            denyInsecureTransport("sns", topicArn),
        ],
    };
}

/** Arguments of {@link AlarmTopic}. */
export interface AlarmTopicArgs {
    /**
     * Account, region and partition: the key and topic policies' conditions are built from them.
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * An e-mail address to subscribe to the topic. AWS sends a confirmation message; the
     * subscription stays "pending confirmation" until the recipient confirms it (Amazon SNS API
     * reference, Subscribe and ConfirmSubscription).
     *
     * **Create-only**: `endpoint` of aws:sns/topicSubscription (tools/lib/create-only.ts CLASSIC_CREATE_ONLY); changing it replaces the
     * subscription (a new confirmation message).
     * @default — no subscription
     */
    emailEndpoint?: string;
    /**
     * The bootstrap's `roleNamePrefix`, when the stack is deployed by the bootstrap's roles
     * (`bootstrapRoles: true`): the key policy names the stack's CI roles PREFIX-deploy-STACK and
     * PREFIX-operator-STACK, and the account's PREFIX-preview (components/common/ci-key-access.ts), which hold nothing on the key in IAM.
     * @default — none (no CI role in the key policy)
     */
    bootstrapRoleNamePrefix?: string;
    /**
     * Protect the topic's key from deletion.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

/** Pure validation of {@link AlarmTopicArgs}; returns every problem. */
export function validateAlarmTopicArgs(args: AlarmTopicArgs): string[] {
    const problems: string[] = [];
    if (args.emailEndpoint !== undefined && !EMAIL.test(args.emailEndpoint))
        problems.push(notValid("emailEndpoint", args.emailEndpoint, EMAIL.form));
    problems.push(...bootstrapRoleNamePrefixProblems(args.bootstrapRoleNamePrefix));
    return problems;
}

/**
 * The SNS topic that every operational alarm and failure rule of the stack notifies: encrypted
 * with a customer managed key it creates, publishable only by CloudWatch alarms and EventBridge
 * rules of this account and region (confused-deputy conditions on both the key and the topic),
 * TLS only, with an optional e-mail subscription.
 *
 * Use `topicArn` as an alarm action (`alarmActions`, `okActions`) or an EventBridge rule target.
 */
export class AlarmTopic extends pulumi.ComponentResource {
    public readonly key: kms.Key;
    public readonly topic: sns.Topic;
    public readonly topicPolicy: sns.TopicPolicy;
    public readonly subscription?: sns.TopicSubscription;
    public readonly topicArn: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("AlarmTopic", name, validateAlarmTopicArgs(args));
        super("customer-profiles:index:AlarmTopic", name, {}, opts);
        const protect = args.protect ?? true;
        const ctx = pulumi.output(args.context);

        this.key = customerManagedKey(
            `${name}-key`,
            {
                description: "Customer Profiles operational alarms: SNS topic encryption",
                policy: ctx.apply((c) =>
                    withCiKeyAccess(alarmTopicKeyPolicy(c), c, ciRolesOf(c, args.bootstrapRoleNamePrefix)),
                ),
                tags: args.tags,
            },
            { parent: this, protect },
        );
        this.topic = new sns.Topic(
            `${name}-topic`,
            { kmsMasterKeyId: this.key.arn, tags: args.tags },
            { parent: this },
        );
        this.topicPolicy = new sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                arn: this.topic.arn,
                policy: pulumi.all([ctx, this.topic.arn]).apply(([c, arn]) => JSON.stringify(alarmTopicPolicy(c, arn))),
            },
            { parent: this },
        );
        if (args.emailEndpoint !== undefined) {
            this.subscription = new sns.TopicSubscription(
                `${name}-email`,
                { topic: this.topic.arn, protocol: "email", endpoint: args.emailEndpoint },
                { parent: this },
            );
        }
        this.topicArn = this.topic.arn;
        this.keyArn = this.key.arn;
        this.registerOutputs({ topicArn: this.topicArn, keyArn: this.keyArn });
    }
}
