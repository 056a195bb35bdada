// Security alerts: the detective controls of the chains a CI job can still run because no IAM
// condition key stops them (docs/bootstrap.md, "What stays open, and what closes it"). Per region,
// EventBridge rules on the default bus match the CloudTrail records of exactly those calls made by
// the CI roles this bootstrap creates, and notify an SNS topic encrypted with a customer managed key
// of its own. No CI role may change any of it (securityAlertDenyStatements, every CI role carries it).
//
// Sources (every AWS fact below is one of these pages):
// - Amazon EventBridge User Guide, "AWS service events delivered via AWS CloudTrail",
//   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html: CloudTrail
//   sends "AWS API Call via CloudTrail" events to the default event bus; a trail with logging enabled is
//   required for them (docs/bootstrap.md, "Security alerts": the trail prerequisite).
// - Amazon EventBridge User Guide, "Content filtering in Amazon EventBridge event patterns",
//   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html,
//   and "Comparison operators for use in event patterns",
//   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html: prefix,
//   wildcard, exists ("only works on leaf nodes"), equals-ignore-case, suffix with equals-ignore-case
//   ("Ends with (ignore case)"), $or.
// - Amazon EventBridge User Guide, "Arrays in Amazon EventBridge event patterns",
//   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html: a pattern's
//   values are alternatives (OR); an array in the event matches when the intersection is non-empty.
// - AWS CloudTrail User Guide, "CloudTrail record contents",
//   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
//   (eventSource, eventName, requestParameters), and "CloudTrail userIdentity element",
//   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html:
//   a role session's `userIdentity.sessionContext.sessionIssuer.arn` is the role's ARN.
// - AWS re:Post Knowledge Center, "Why does my EventBridge rule for IAM events only trigger in the
//   us-east-1 Region?", https://repost.aws/knowledge-center/eventbridge-rule-triggers-iam-single-region,
//   and "Why isn't my EventBridge rule triggered by events from another Region?",
//   https://repost.aws/knowledge-center/use-eventbridge-rule-across-regions: a rule sees the events of its
//   own region only; IAM delivers its events to us-east-1 alone.
// - Amazon SNS Developer Guide, "Enable compatibility between event sources from AWS services and
//   encrypted topics", https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services:
//   the key statement for events.amazonaws.com (kms:GenerateDataKey*, kms:Decrypt, no condition).
// - Amazon EventBridge User Guide, "Using resource-based policies for Amazon EventBridge", Amazon SNS
//   permissions, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions:
//   the topic policy letting events.amazonaws.com publish, bound with aws:SourceArn and aws:SourceAccount.
//
// What no page settles: the exact shape of each service's `requestParameters` (the record-contents
// page says they are the request's parameters; it gives no per-service casing). Each pattern below
// names the field as the service's API request member in camelCase, the form CloudTrail's own examples
// show (`deliveryStreamName`, `roleName`, `attributeName`); where the casing is doubtful (Amazon
// Connect's `InstanceId`) the pattern accepts both spellings with `$or`. The first deployment proves each
// one: `aws events test-event-pattern` with the rule's pattern and a real record of the call from the
// CloudTrail event history (docs/bootstrap.md, "Security alerts", the check to run).
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as kms from "@pulumi/aws/kms";
import * as sns from "@pulumi/aws/sns";
import { CUSTOMER_MANAGED_KEY_SETTINGS } from "../../components/common/customer-managed-key";
import {
    denyInsecureTransport,
    keyAdministrationStatement,
    PolicyDocument,
    PolicyStatement,
} from "../../components/common/policy-documents";
import { STACK_TAG } from "./guardrails";
import type { Statement } from "./policies";

/** CloudTrail's detail-type for API calls (EventBridge User Guide, "AWS service events delivered via AWS CloudTrail"). */
export const API_CALL_DETAIL_TYPE = "AWS API Call via CloudTrail";
/** The service principal of EventBridge rules. */
export const EVENTS_PRINCIPAL = "events.amazonaws.com";
/** What EventBridge needs on the key of an encrypted topic (SNS Developer Guide, page above). */
export const TOPIC_KEY_ACTIONS = ["kms:GenerateDataKey*", "kms:Decrypt"];
/**
 * The tag that marks the alert key: the CI roles' Deny of every key change names keys carrying it
 * (kms actions take aws:ResourceTag: Service Authorization Reference, AWS KMS), and removing or
 * changing a tag of such a key is itself one of the denied changes.
 */
export const ALERTS_TAG = "connect-customer-profiles-bootstrap:purpose";
export const ALERTS_TAG_VALUE = "security-alerts";
/** The region IAM delivers its CloudTrail events to, in the `aws` partition (re:Post pages above). */
export const IAM_EVENTS_REGION = "us-east-1";

/** An EventBridge event pattern, as written: field → alternatives, nested objects, `$or`. */
export type EventPattern = { [field: string]: EventPattern | unknown[] };

export interface AlertContext {
    partition: string;
    account: string;
    region: string;
}

/** The name every alert resource starts with: outside every CI role's name patterns (scope.ts). */
export function alertsName(prefix: string): string {
    return `${prefix}-security-alerts`;
}

/** One alert rule: its short id (the rule is named PREFIX-security-alerts-ID) and its pattern. */
export interface AlertRule {
    id: string;
    description: string;
    pattern: EventPattern;
}

export interface AlertRuleArgs {
    /**
     * The ARN prefix of every role this bootstrap stack creates, `arn:PARTITION:iam::ACCOUNT:role/PREFIX-`
     * (its CI roles, and the stacks' two service roles, which only their services assume): a prefix,
     * not the list of ARNs, so a pattern's size does not grow with the environments (EventBridge takes
     * event patterns of at most 2048 characters by default: {@link MAX_EVENT_PATTERN}).
     */
    ciRolePrefix: string;
    /** The ARN prefix of the deploy roles, `…:role/PREFIX-deploy-`: resource-policy changes to compare with the deploy runs. */
    deployRolePrefix: string;
    /** IDs of the existing Amazon Connect instances configured in this region (connectInstances). */
    connectInstances: string[];
    /** Whether this region receives IAM's events (us-east-1 in the aws partition). */
    iamEvents: boolean;
    /** Whether this region's rules include the regional ones (false: a region added for IAM alone). */
    regional: boolean;
}

/**
 * The largest event pattern EventBridge takes by default: "The event pattern size is 2048 by default but
 * it is adjustable up to 4096 characters by submitting a service quota increase request"
 * (node_modules/@pulumi/aws/cloudwatch/eventRule.d.ts, EventRuleArgs.eventPattern; Amazon EventBridge
 * User Guide, "Amazon EventBridge quotas", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html).
 */
export const MAX_EVENT_PATTERN = 2048;

/** A CloudTrail API-call pattern of one service, made by a role whose ARN starts with `rolePrefix`. */
function apiCall(
    eventSource: string,
    eventNames: string[],
    rolePrefix: string,
    detail: EventPattern = {},
): EventPattern {
    return {
        "detail-type": [API_CALL_DETAIL_TYPE],
        detail: {
            eventSource: [eventSource],
            eventName: eventNames,
            userIdentity: { sessionContext: { sessionIssuer: { arn: [{ prefix: rolePrefix }] } } },
            ...detail,
        },
    };
}

const exists = [{ exists: true }];

/**
 * The alert rules of one region: exactly the residual chains of docs/bootstrap.md ("What stays open,
 * and what closes it"), each made by a CI role of this bootstrap stack. A denied attempt is recorded
 * too (CloudTrail records failed calls with `errorCode`), so an attempt alerts as well.
 */
export function alertRules(args: AlertRuleArgs): AlertRule[] {
    const ci = args.ciRolePrefix;
    const rules: AlertRule[] = [];
    if (args.regional) {
        rules.push(
            {
                // Every CreateDeliveryStream and UpdateDestination by a CI role: the HTTP endpoint
                // destination is not the only one that sends records to a URL of the caller's choosing
                // without the delivery role (Firehose API Reference, HttpEndpointDestinationConfiguration,
                // https://docs.aws.amazon.com/firehose/latest/APIReference/API_HttpEndpointDestinationConfiguration.html;
                // SplunkDestinationConfiguration, HECEndpoint, "Pattern: .*"; Snowflake's AccountUrl), and
                // an update need not name the URL again. The program creates only S3 destinations and
                // changes them rarely: compare each alert with the deploy runs.
                id: "firehose-destinations",
                description: "Firehose delivery stream created or its destination changed by a CI role",
                pattern: apiCall("firehose.amazonaws.com", ["CreateDeliveryStream", "UpdateDestination"], ci),
            },
            {
                // KMS API Reference, TagResource: Tags, a list of { TagKey, TagValue }. The program tags its
                // keys in CreateKey only and never changes the stack tag (DenyChangingTheStackTag), so a
                // TagResource giving a key that tag key is a CI role tagging a key that is not the
                // stack's (it grants nothing since the keys are managed in their key policies, but it
                // is no call the program makes). The key's case is
                // ignored: IAM compares tag keys in aws:RequestTag/KEY without case.
                id: "kms-stack-tag",
                description: `KMS key given the stack tag ${STACK_TAG} by a CI role`,
                pattern: apiCall("kms.amazonaws.com", ["TagResource"], ci, {
                    requestParameters: { tags: { tagKey: [{ "equals-ignore-case": STACK_TAG }] } },
                }),
            },
            {
                // Amazon Connect API Reference, TagResource (POST /tags/{resourceArn}, body { "tags": { KEY:
                // VALUE } }, https://docs.aws.amazon.com/connect/latest/APIReference/API_TagResource.html):
                // tags is a map whose keys are the tag keys, and EventBridge compares field names exactly,
                // so a rule on the stack tag's key would miss the same key in another case, which IAM
                // accepts. The resource ARN is a URI parameter, which Connect's CloudTrail records show
                // URL-encoded (`arn%3Aaws%3Aconnect…`) in other calls; no page shows TagResource's, so the
                // rule does not filter on it: every Connect TagResource by a CI role alerts (the deploy
                // role's connect:TagResource covers only instances and their resources in its region).
                // The program's own tag changes of its Connect resources alert too: compare with the
                // deploy runs.
                id: "connect-tag",
                description: "Amazon Connect instance (or a resource of one) tagged by a CI role",
                pattern: apiCall("connect.amazonaws.com", ["TagResource"], ci),
            },
            {
                // SNS API Reference, SetTopicAttributes: AttributeName (Policy, DeliveryPolicy, …); and
                // every CreateTopic, whose Attributes map may carry the Policy at creation (no page shows
                // how CloudTrail records that map, nor the case of its keys).
                id: "sns-policy",
                description: "SNS topic policy set by a CI role",
                pattern: {
                    "detail-type": [API_CALL_DETAIL_TYPE],
                    detail: {
                        eventSource: ["sns.amazonaws.com"],
                        userIdentity: { sessionContext: { sessionIssuer: { arn: [{ prefix: ci }] } } },
                        $or: [
                            {
                                eventName: ["SetTopicAttributes"],
                                requestParameters: { attributeName: [{ "equals-ignore-case": "Policy" }] },
                            },
                            { eventName: ["CreateTopic"] },
                        ],
                    },
                },
            },
            {
                id: "trail-selectors",
                description: "CloudTrail event selectors changed by a CI role",
                pattern: apiCall("cloudtrail.amazonaws.com", ["PutEventSelectors"], ci),
            },
            {
                // Resource policies of the stack's own data, which no condition key exposes: compare
                // each alert with the deploy runs (a policy the program changed) and the stack's plan.
                id: "s3-policy",
                description: "S3 bucket policy or public access block set by a deploy role",
                pattern: apiCall(
                    "s3.amazonaws.com",
                    ["PutBucketPolicy", "PutBucketPublicAccessBlock"],
                    args.deployRolePrefix,
                ),
            },
            {
                // SQS API Reference, SetQueueAttributes: Attributes, a map of attribute name to value; the
                // Policy entry is a leaf. CreateQueue may carry a Policy in its Attributes too, but no
                // page shows how CloudTrail records them: every CreateQueue by a deploy role alerts.
                id: "sqs-policy",
                description: "SQS queue created, or its policy set, by a deploy role",
                pattern: {
                    "detail-type": [API_CALL_DETAIL_TYPE],
                    detail: {
                        eventSource: ["sqs.amazonaws.com"],
                        userIdentity: {
                            sessionContext: { sessionIssuer: { arn: [{ prefix: args.deployRolePrefix }] } },
                        },
                        $or: [
                            {
                                eventName: ["SetQueueAttributes"],
                                requestParameters: { attributes: { Policy: exists } },
                            },
                            { eventName: ["CreateQueue"] },
                        ],
                    },
                },
            },
            {
                // CreateKey sets a key policy too (its Policy parameter), on a key of any region.
                id: "kms-policy",
                description: "KMS key created or its key policy set by a deploy role",
                pattern: apiCall("kms.amazonaws.com", ["CreateKey", "PutKeyPolicy"], args.deployRolePrefix),
            },
        );
        if (args.connectInstances.length > 0) {
            // Amazon Connect API Reference, UpdateRule, DeleteRule, DeleteIntegrationAssociation:
            // InstanceId in the URI (spelt so in the URI, where TagResource's is resourceArn: which
            // casing CloudTrail records no page shows, so both); "You can find the instance ID in the
            // Amazon Resource Name (ARN) of the instance", and a caller may give either: "ends with
            // (ignore case)" the ID matches the bare ID and the ARN, in any case (comparison operators
            // page: `{"suffix": {"equals-ignore-case": …}}`).
            const ids = [...args.connectInstances].sort().map((id) => ({ suffix: { "equals-ignore-case": id } }));
            rules.push({
                id: "connect-rules",
                description: "Rule or integration association changed on a configured Connect instance by a CI role",
                pattern: apiCall(
                    "connect.amazonaws.com",
                    ["DeleteIntegrationAssociation", "DeleteRule", "UpdateRule"],
                    ci,
                    { requestParameters: { $or: [{ instanceId: ids }, { InstanceId: ids }] } },
                ),
            });
        }
    }
    if (args.iamEvents)
        rules.push({
            // IAM API Reference, PutRolePolicy: RoleName. Amazon Connect's service-linked roles are
            // AWSServiceRoleForAmazonConnect_… (Amazon Connect Administrator Guide, "Use service-linked
            // roles for Amazon Connect"). Connect puts policies there with the caller's credentials when an
            // instance is created or a resource associated: compare with those deploy runs.
            id: "iam-connect-slr",
            description: "Inline policy put on Amazon Connect's service-linked role by a CI role",
            pattern: apiCall("iam.amazonaws.com", ["PutRolePolicy"], ci, {
                requestParameters: { roleName: [{ prefix: "AWSServiceRoleForAmazonConnect" }] },
            }),
        });
    return rules;
}

/** The ARN of alert rule `id` on the default bus. */
export function alertRuleArn(ctx: AlertContext, prefix: string, id: string): string {
    return `arn:${ctx.partition}:events:${ctx.region}:${ctx.account}:rule/${alertsName(prefix)}-${id}`;
}

/**
 * The alert key's policy: the account root administers it (IAM policies apply; the CI roles' Deny
 * keeps them off it), and EventBridge may generate data keys and decrypt in exactly the form the SNS
 * Developer Guide documents for an event source publishing to an encrypted topic (page above): no
 * condition. The page names none, and a condition the request does not carry is never matched: KMS
 * would deny and SNS drop every alert, silently. The publisher is bound where AWS documents it, in the
 * topic policy (alertTopicPolicy: these rules' ARNs and this account).
 */
export function alertKeyPolicy(ctx: AlertContext): PolicyDocument {
    return {
        Version: "2012-10-17",
        Id: "security-alerts-key",
        Statement: [
            keyAdministrationStatement({ partition: ctx.partition, accountId: ctx.account, region: ctx.region }),
            {
                Sid: "EventBridgeRulesEncryptAlertsThroughSns",
                Effect: "Allow",
                Principal: { Service: EVENTS_PRINCIPAL },
                Action: [...TOPIC_KEY_ACTIONS],
                Resource: "*",
            },
        ],
    };
}

/**
 * The alert topic's policy: only this region's alert rules of this account may publish (aws:SourceArn
 * the rules' exact ARNs, aws:SourceAccount the account: EventBridge User Guide, "Using resource-based
 * policies for Amazon EventBridge", Amazon SNS permissions); nobody may use it without TLS.
 */
export function alertTopicPolicy(ctx: AlertContext, topicArn: string, ruleArns: string[]): PolicyDocument {
    const statements: PolicyStatement[] = [
        {
            Sid: "SecurityAlertRulesPublish",
            Effect: "Allow",
            Principal: { Service: EVENTS_PRINCIPAL },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
                StringEquals: { "aws:SourceAccount": ctx.account },
                ArnEquals: { "aws:SourceArn": [...ruleArns].sort() },
            },
        },
        denyInsecureTransport("sns", topicArn),
    ];
    return { Version: "2012-10-17", Id: "security-alerts-topic", Statement: statements };
}

/** Actions on the alert rules no CI role may call (EventBridge; Service Authorization Reference). */
export const ALERT_RULE_ACTIONS = [
    "events:DeleteRule",
    "events:DisableRule",
    "events:EnableRule",
    "events:PutRule",
    "events:PutTargets",
    "events:RemoveTargets",
    "events:TagResource",
    "events:UntagResource",
];
/** Actions on the alert topic and its subscriptions no CI role may call. */
export const ALERT_TOPIC_ACTIONS = [
    "sns:AddPermission",
    "sns:DeleteTopic",
    "sns:PutDataProtectionPolicy",
    "sns:RemovePermission",
    "sns:SetSubscriptionAttributes",
    "sns:SetTopicAttributes",
    "sns:Subscribe",
    "sns:TagResource",
    "sns:Unsubscribe",
    "sns:UntagResource",
];
/** Actions on the alert key no CI role may call. */
export const ALERT_KEY_ACTIONS = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:CreateGrant",
    "kms:DeleteAlias",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:PutKeyPolicy",
    "kms:ReplicateKey",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
    "kms:UpdatePrimaryRegion",
];

/**
 * What every CI role carries, whatever else it is allowed (an explicit Deny wins: IAM User Guide,
 * "Policy evaluation logic"): no change of the alert rules (by name, every region), the alert topics
 * and their subscriptions (by name), or the alert keys (by the tag only the bootstrap gives them, which
 * the Deny itself keeps anyone from removing or changing). The names are outside every CI role's name
 * patterns already (scope.ts: rule/integration-monitoring-*, alarms-topic-*). The alert key's policy
 * names no CI role and no CI role holds anything on key/* in IAM but the tagging CreateKey implies, so
 * the stack's tag would give it nothing; the Deny stops that tagging and every other change too.
 */
export function securityAlertDenyStatements(ctx: { partition: string; account: string }, prefix: string): Statement[] {
    const name = alertsName(prefix);
    return [
        {
            Sid: "DenyChangingSecurityAlertRules",
            Effect: "Deny",
            Action: [...ALERT_RULE_ACTIONS],
            Resource: `arn:${ctx.partition}:events:*:${ctx.account}:rule/${name}-*`,
        },
        {
            Sid: "DenyChangingSecurityAlertTopics",
            Effect: "Deny",
            Action: [...ALERT_TOPIC_ACTIONS],
            Resource: [
                `arn:${ctx.partition}:sns:*:${ctx.account}:${name}`,
                `arn:${ctx.partition}:sns:*:${ctx.account}:${name}:*`,
            ],
        },
        {
            Sid: "DenyChangingSecurityAlertKeys",
            Effect: "Deny",
            Action: [...ALERT_KEY_ACTIONS],
            Resource: `arn:${ctx.partition}:kms:*:${ctx.account}:key/*`,
            Condition: { StringEquals: { [`aws:ResourceTag/${ALERTS_TAG}`]: ALERTS_TAG_VALUE } },
        },
    ];
}

/** Arguments of {@link SecurityAlerts}. */
export interface SecurityAlertsArgs {
    /**
     * Partition, account and region the alerts are created in (the component's provider's region).
     * @default — required
     */
    context: AlertContext;
    /**
     * The bootstrap's roleNamePrefix: every resource is named PREFIX-security-alerts[-ID].
     * @default — required
     */
    namePrefix: string;
    /**
     * The rules of this region ({@link alertRules}).
     * @default — required (at least one)
     */
    rules: AlertRule[];
    /**
     * E-mail addresses subscribed to the topic. AWS sends each a confirmation message; a subscription
     * stays "pending confirmation" until its recipient confirms it (Amazon SNS API Reference, Subscribe).
     * @default — no subscription
     */
    emails?: string[];
    /**
     * Tags on every taggable resource (the bootstrap's); the key also gets {@link ALERTS_TAG}.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

/** Pure validation of {@link SecurityAlertsArgs}; returns every problem. */
export function validateSecurityAlertsArgs(args: SecurityAlertsArgs): string[] {
    const problems: string[] = [];
    if (args.rules.length === 0) problems.push("rules: [] is empty; expected at least one alert rule");
    const ids = args.rules.map((r) => r.id);
    for (const id of new Set(ids.filter((x, i) => ids.indexOf(x) !== i)))
        problems.push(`rules: the id ${JSON.stringify(id)} appears more than once; expected each once`);
    for (const r of args.rules) {
        const n = `${alertsName(args.namePrefix)}-${r.id}`;
        const size = JSON.stringify(r.pattern).length;
        if (size > MAX_EVENT_PATTERN)
            problems.push(
                `rules: the pattern of ${n} is ${size} characters; EventBridge takes at most ${MAX_EVENT_PATTERN} by default, so expected fewer connectInstances in its region`,
            );
        // EventBridge rule names: [.\-_A-Za-z0-9]+, at most 64 characters (EventBridge API Reference, PutRule, Name).
        if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(n))
            problems.push(
                `rules: the rule name ${JSON.stringify(n)} is not valid; expected at most 64 of letters, digits, '.', '-', '_'`,
            );
    }
    return problems;
}

/**
 * One region's security alerts: a customer managed key (rotation on), an SNS topic encrypted with it
 * that only these rules may publish to, e-mail subscriptions, and one EventBridge rule per chain on
 * the default bus, each targeting the topic.
 */
export class SecurityAlerts extends pulumi.ComponentResource {
    public readonly key: kms.Key;
    public readonly topic: sns.Topic;
    public readonly topicArn: pulumi.Output<string>;
    public readonly ruleArns: pulumi.Output<string>[];

    constructor(name: string, args: SecurityAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = validateSecurityAlertsArgs(args);
        if (problems.length > 0) throw new pulumi.RunError(`SecurityAlerts ${name}: ${problems.join("; ")}`);
        super("customer-profiles-bootstrap:index:SecurityAlerts", name, {}, opts);
        const ctx = args.context;
        const base = alertsName(args.namePrefix);
        const ruleArns = args.rules.map((r) => alertRuleArn(ctx, args.namePrefix, r.id));
        // Every resource in the context's region: @pulumi/aws 7's per-resource `region` argument
        // (node_modules/@pulumi/aws/sns/topic.d.ts, TopicArgs.region), so one provider serves every region.
        const region = ctx.region;
        this.key = new kms.Key(
            `${name}-key`,
            {
                description: `security alerts of the CI roles ${args.namePrefix}-*: SNS topic encryption`,
                ...CUSTOMER_MANAGED_KEY_SETTINGS,
                policy: JSON.stringify(alertKeyPolicy(ctx)),
                tags: { ...args.tags, [ALERTS_TAG]: ALERTS_TAG_VALUE },
                region,
            },
            { parent: this, protect: true },
        );
        new kms.Alias(
            `${name}-key-alias`,
            { name: `alias/${base}`, targetKeyId: this.key.keyId, region },
            { parent: this },
        );
        this.topic = new sns.Topic(
            `${name}-topic`,
            { name: base, kmsMasterKeyId: this.key.arn, tags: args.tags, region },
            { parent: this },
        );
        new sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                region,
                arn: this.topic.arn,
                policy: this.topic.arn.apply((arn) => JSON.stringify(alertTopicPolicy(ctx, arn, ruleArns))),
            },
            { parent: this },
        );
        for (const [i, email] of (args.emails ?? []).entries())
            new sns.TopicSubscription(
                `${name}-email-${i + 1}`,
                { topic: this.topic.arn, protocol: "email", endpoint: email, region },
                { parent: this },
            );
        this.ruleArns = args.rules.map((r) => {
            const rule = new cloudwatch.EventRule(
                `${name}-${r.id}`,
                {
                    name: `${base}-${r.id}`,
                    description: r.description,
                    eventPattern: JSON.stringify(r.pattern),
                    tags: args.tags,
                    region,
                },
                { parent: this },
            );
            new cloudwatch.EventTarget(
                `${name}-${r.id}-target`,
                { rule: rule.name, targetId: "security-alerts-topic", arn: this.topic.arn, region },
                { parent: this },
            );
            return rule.arn;
        });
        this.topicArn = this.topic.arn;
        this.registerOutputs({ topicArn: this.topicArn, keyArn: this.key.arn, ruleArns: this.ruleArns });
    }
}
