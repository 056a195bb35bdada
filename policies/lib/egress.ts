// Where resources send data (issue 22): every property of a resource that names a destination AWS
// delivers data to, with the account and protocol of that destination. Access rules judge who may come
// in; this judges where data may go out. Keyed by resource type, classic @pulumi/aws and aws-native
// alike, so a sender added by hand (or by another program sharing the stack) is judged like the
// program's own.
//
// Each route names the AWS page that says its destination may be in another account. Destinations AWS
// itself keeps in the sender's account are not routes (nothing to judge):
// - an SNS subscription's dead-letter queue: "The Amazon SNS subscription and Amazon SQS queue must be
//   under the same AWS account and Region" (Amazon SNS Developer Guide, "Amazon SNS dead-letter queues",
//   https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html);
// - an SQS queue's dead-letter queue: "must be created using the same AWS account and region as the
//   source queue" (AWS SDK for Java 1.x Developer Guide, "Using Dead Letter Queues in Amazon SQS",
//   https://docs.aws.amazon.com/sdk-for-java/v1/developer-guide/examples-sqs-dead-letter-queues.html);
// - a Customer Profiles event stream: "Each event stream can be associated with only one Kinesis Data
//   Stream destination in the same region and AWS account as the customer profiles domain" (Customer
//   Profiles API Reference, CreateEventStream,
//   https://docs.aws.amazon.com/customerprofiles/latest/APIReference/API_CreateEventStream.html).
import { PolicyResource } from "@pulumi/policy";
import { UNKNOWN } from "./conditions";
import { ofType, safeGet, UNKNOWN_VALUE } from "./stack";
import { BUCKET_TYPES, idsOf } from "./storage";

/** How a destination value is written. */
export type DestinationForm =
    /** An ARN; an S3 ARN (no account field) is resolved like a bucket name. */
    | "arn"
    /** A bucket name or S3 ARN; `accountKey` (a sibling property) may name the owner. */
    | "bucket"
    /** An SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME). */
    | "queue-url"
    /** An endpoint URL: http:// is plain HTTP; https:// has no account the plan can tell. */
    | "url"
    /** An EventBridge partner event source name (aws.partner/…/ACCOUNT/…). */
    | "partner-source"
    /** An SNS subscription endpoint, read with its `protocol`. */
    | "sns-endpoint"
    /** A destination whose account no value of the plan names (a SaaS connector, a JDBC URL). */
    | "opaque";

export interface Route {
    /** Property path; "*" stands for every element of a list. */
    path: string[];
    form: DestinationForm;
    /** What the destination is, for messages: "event target", "replication destination bucket". */
    what: string;
    /** The sibling property naming the destination bucket's owner (S3 replication). */
    accountKey?: string;
    /** The AWS page that says this destination may be in another account (title and URL). */
    source: string;
    /**
     * The value at `path` is a JSON document (string or object); the destination is the value at this
     * path inside it (CloudWatch Logs account policies: `DestinationArn`).
     */
    json?: string[];
    /** The route applies only when a sibling top-level property has one of these values. */
    when?: { key: string; values: string[] };
}

const EB_CROSS =
    'Amazon EventBridge User Guide, "Sending events to an AWS service in another account in EventBridge", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html';
const EB_DLQ =
    'Amazon EventBridge User Guide, "Using dead-letter queues to process undelivered events in EventBridge", https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html (no account restriction stated: judged)';
const SNS_CROSS =
    'Amazon SNS Developer Guide, "Sending Amazon SNS messages to an Amazon SQS queue in a different account" and "Fanout to Lambda functions", https://docs.aws.amazon.com/sns/latest/dg/sns-send-message-to-sqs-cross-account.html';
const S3_REPL =
    'Amazon S3 API Reference, "Destination" (Account: "Destination bucket owner account ID. In a cross-account scenario …"), https://docs.aws.amazon.com/AmazonS3/latest/API/API_Destination.html';
const S3_NOTIFY =
    'Amazon S3 User Guide, "Granting permissions to publish event notification messages to a destination" (the destination\'s policy admits the bucket owner by aws:SourceAccount), https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html';
/** The page that says a Firehose destination may be in another account (every destination block). */
export const FIREHOSE_SOURCE =
    'Amazon Data Firehose Developer Guide, "Controlling access with Amazon Data Firehose" (cross-account delivery to Amazon S3 and OpenSearch Service destinations) and "Understand delivery across AWS accounts and regions" (HTTP endpoints), https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html, https://docs.aws.amazon.com/firehose/latest/dev/across.html';
const LOGS_CROSS =
    'Amazon CloudWatch Logs User Guide, "Cross-account cross-Region subscriptions" (a destination in the recipient account), https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CrossAccountSubscriptions.html';
const CONNECT_STORAGE =
    'Amazon Connect API Reference, "InstanceStorageConfig" (stream, delivery stream and bucket by ARN or name; no page found that keeps them in the instance\'s account: judged), https://docs.aws.amazon.com/connect/latest/APIReference/API_InstanceStorageConfig.html';
const PROFILES_DLQ =
    'Customer Profiles API Reference, "CreateDomain" (DeadLetterQueueUrl; no page found that keeps it in the domain\'s account: judged), https://docs.aws.amazon.com/customerprofiles/latest/APIReference/API_CreateDomain.html';
const APPFLOW_DEST =
    'Amazon AppFlow User Guide, "Supported source and destination applications" (S3, EventBridge and SaaS destinations), https://docs.aws.amazon.com/appflow/latest/userguide/app-specific.html';
const TRAIL_CROSS =
    'AWS CloudTrail User Guide, "Receiving CloudTrail log files from multiple accounts", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-receive-logs-from-multiple-accounts.html';
const PIPES_TARGET =
    'Amazon EventBridge User Guide, "Amazon EventBridge Pipes targets", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-event-target.html (no page found that keeps a target in the pipe\'s account: judged)';
const API_DEST =
    'Amazon EventBridge User Guide, "API destinations as targets in Amazon EventBridge", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html';

const LOGS_ACCOUNT_POLICY =
    'Amazon CloudWatch Logs User Guide, "Step 3: Create an account-level subscription filter policy" (DestinationArn names a destination of the recipient account), https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateSubscriptionFilterFirehose-Account.html';
const PROFILES_EXPORT =
    'Amazon Connect API Reference, "ExportingConfig" (the S3 bucket where Identity Resolution Jobs write result files; no page found that keeps it in the domain\'s account: judged), https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-customer-profiles_ExportingConfig.html';
const ALARM_ACTIONS =
    'Amazon CloudWatch API Reference, "PutMetricAlarm" (AlarmActions, OKActions, InsufficientDataActions: ARNs with an account field, such as arn:aws:sns:region:account-id:sns-topic-name; no page found that keeps them in the alarm\'s account: judged), https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html';
const S3_EXPORT =
    'Amazon S3 API Reference, "InventoryS3BucketDestination" and "AnalyticsS3BucketDestination" (AccountId / BucketAccountId: "If no account ID is provided, the owner is not validated before exporting data"), https://docs.aws.amazon.com/AmazonS3/latest/API/API_InventoryS3BucketDestination.html, https://docs.aws.amazon.com/AmazonS3/latest/API/API_AnalyticsS3BucketDestination.html';

const ALARM_ROUTES: Route[] = ["alarmActions", "okActions", "insufficientDataActions"].map((k) => ({
    path: [k, "*"],
    form: "arn",
    what: `alarm action (${k})`,
    source: ALARM_ACTIONS,
}));

const PROFILES_EXPORT_ROUTES: Route[] = ["matching", "ruleBasedMatching"].map((k) => ({
    path: [k, "exportingConfig", "s3Exporting", "s3BucketName"],
    form: "bucket",
    what: `identity resolution export bucket (${k})`,
    source: PROFILES_EXPORT,
}));

const LOGS_ACCOUNT_POLICY_ROUTE: Route = {
    path: ["policyDocument"],
    json: ["DestinationArn"],
    when: { key: "policyType", values: ["SUBSCRIPTION_FILTER_POLICY"] },
    form: "arn",
    what: "account-level log subscription destination",
    source: LOGS_ACCOUNT_POLICY,
};

const APPFLOW_CONNECTORS = (base: string[]): Route[] => [
    { path: [...base, "s3", "bucketName"], form: "bucket", what: "AppFlow S3 destination", source: APPFLOW_DEST },
    {
        path: [...base, "eventBridge", "object"],
        form: "partner-source",
        what: "AppFlow EventBridge destination",
        source: APPFLOW_DEST,
    },
    // Every other connector (Salesforce, Snowflake, Redshift, Upsolver, a custom connector …) writes to a
    // system named by a connector profile: no account the plan can tell.
    ...[
        "customConnector",
        "honeycode",
        "lookoutMetrics",
        "marketo",
        "redshift",
        "salesforce",
        "sapoData",
        "snowflake",
        "upsolver",
        "zendesk",
    ].map((c): Route => ({
        path: [...base, c],
        form: "opaque",
        what: `AppFlow ${c} destination`,
        source: APPFLOW_DEST,
    })),
];

/** Every sender: resource type → the routes its data takes. */
export const ROUTES: Record<string, Route[]> = {
    "aws:cloudwatch/eventTarget:EventTarget": [
        { path: ["arn"], form: "arn", what: "event target", source: EB_CROSS },
        { path: ["deadLetterConfig", "arn"], form: "arn", what: "event target's dead-letter queue", source: EB_DLQ },
    ],
    "aws-native:events:Rule": [
        { path: ["targets", "*", "arn"], form: "arn", what: "event target", source: EB_CROSS },
        {
            path: ["targets", "*", "deadLetterConfig", "arn"],
            form: "arn",
            what: "event target's dead-letter queue",
            source: EB_DLQ,
        },
    ],
    "aws-native:events:EventBus": [
        { path: ["deadLetterConfig", "arn"], form: "arn", what: "event bus dead-letter queue", source: EB_DLQ },
    ],
    "aws:cloudwatch/eventApiDestination:EventApiDestination": [
        { path: ["invocationEndpoint"], form: "url", what: "API destination endpoint", source: API_DEST },
    ],
    "aws-native:events:ApiDestination": [
        { path: ["invocationEndpoint"], form: "url", what: "API destination endpoint", source: API_DEST },
    ],
    "aws:pipes/pipe:Pipe": [{ path: ["target"], form: "arn", what: "pipe target", source: PIPES_TARGET }],
    "aws-native:pipes:Pipe": [{ path: ["target"], form: "arn", what: "pipe target", source: PIPES_TARGET }],
    "aws:sns/topicSubscription:TopicSubscription": [
        { path: ["endpoint"], form: "sns-endpoint", what: "subscription endpoint", source: SNS_CROSS },
    ],
    "aws-native:sns:Subscription": [
        { path: ["endpoint"], form: "sns-endpoint", what: "subscription endpoint", source: SNS_CROSS },
    ],
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": [
        {
            path: ["rules", "*", "destination", "bucket"],
            form: "bucket",
            accountKey: "account",
            what: "replication destination bucket",
            source: S3_REPL,
        },
    ],
    "aws:s3/bucket:Bucket": [
        {
            path: ["replicationConfiguration", "rules", "*", "destination", "bucket"],
            form: "bucket",
            accountKey: "accountId",
            what: "replication destination bucket",
            source: S3_REPL,
        },
    ],
    "aws:s3/bucketV2:BucketV2": [
        {
            path: ["replicationConfigurations", "*", "rules", "*", "destinations", "*", "bucket"],
            form: "bucket",
            accountKey: "accountId",
            what: "replication destination bucket",
            source: S3_REPL,
        },
    ],
    "aws-native:s3:Bucket": [
        {
            path: ["inventoryConfigurations", "*", "destination", "bucketArn"],
            form: "bucket",
            accountKey: "bucketAccountId",
            what: "inventory destination bucket",
            source: S3_EXPORT,
        },
        {
            path: ["analyticsConfigurations", "*", "storageClassAnalysis", "dataExport", "destination", "bucketArn"],
            form: "bucket",
            accountKey: "bucketAccountId",
            what: "analytics export bucket",
            source: S3_EXPORT,
        },
        {
            path: ["replicationConfiguration", "rules", "*", "destination", "bucket"],
            form: "bucket",
            accountKey: "account",
            what: "replication destination bucket",
            source: S3_REPL,
        },
        {
            path: ["notificationConfiguration", "topicConfigurations", "*", "topic"],
            form: "arn",
            what: "event notification topic",
            source: S3_NOTIFY,
        },
        {
            path: ["notificationConfiguration", "queueConfigurations", "*", "queue"],
            form: "arn",
            what: "event notification queue",
            source: S3_NOTIFY,
        },
        {
            path: ["notificationConfiguration", "lambdaConfigurations", "*", "function"],
            form: "arn",
            what: "event notification function",
            source: S3_NOTIFY,
        },
    ],
    "aws:s3/bucketNotification:BucketNotification": [
        { path: ["topics", "*", "topicArn"], form: "arn", what: "event notification topic", source: S3_NOTIFY },
        { path: ["queues", "*", "queueArn"], form: "arn", what: "event notification queue", source: S3_NOTIFY },
        {
            path: ["lambdaFunctions", "*", "lambdaFunctionArn"],
            form: "arn",
            what: "event notification function",
            source: S3_NOTIFY,
        },
    ],
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": [
        { path: ["destinationArn"], form: "arn", what: "log subscription destination", source: LOGS_CROSS },
    ],
    "aws-native:logs:SubscriptionFilter": [
        { path: ["destinationArn"], form: "arn", what: "log subscription destination", source: LOGS_CROSS },
    ],
    "aws:connect/instanceStorageConfig:InstanceStorageConfig": [
        {
            path: ["storageConfig", "kinesisStreamConfig", "streamArn"],
            form: "arn",
            what: "Connect storage stream",
            source: CONNECT_STORAGE,
        },
        {
            path: ["storageConfig", "kinesisFirehoseConfig", "firehoseArn"],
            form: "arn",
            what: "Connect storage delivery stream",
            source: CONNECT_STORAGE,
        },
        {
            path: ["storageConfig", "s3Config", "bucketName"],
            form: "bucket",
            what: "Connect storage bucket",
            source: CONNECT_STORAGE,
        },
    ],
    "aws-native:connect:InstanceStorageConfig": [
        {
            path: ["kinesisStreamConfig", "streamArn"],
            form: "arn",
            what: "Connect storage stream",
            source: CONNECT_STORAGE,
        },
        {
            path: ["kinesisFirehoseConfig", "firehoseArn"],
            form: "arn",
            what: "Connect storage delivery stream",
            source: CONNECT_STORAGE,
        },
        { path: ["s3Config", "bucketName"], form: "bucket", what: "Connect storage bucket", source: CONNECT_STORAGE },
    ],
    "aws:customerprofiles/domain:Domain": [
        { path: ["deadLetterQueueUrl"], form: "queue-url", what: "domain dead-letter queue", source: PROFILES_DLQ },
        ...PROFILES_EXPORT_ROUTES,
    ],
    "aws-native:customerprofiles:Domain": [
        { path: ["deadLetterQueueUrl"], form: "queue-url", what: "domain dead-letter queue", source: PROFILES_DLQ },
        ...PROFILES_EXPORT_ROUTES,
    ],
    "aws:cloudwatch/logAccountPolicy:LogAccountPolicy": [LOGS_ACCOUNT_POLICY_ROUTE],
    "aws-native:logs:AccountPolicy": [LOGS_ACCOUNT_POLICY_ROUTE],
    "aws:cloudwatch/metricAlarm:MetricAlarm": ALARM_ROUTES,
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": ALARM_ROUTES,
    "aws-native:cloudwatch:Alarm": ALARM_ROUTES,
    "aws-native:cloudwatch:CompositeAlarm": ALARM_ROUTES,
    "aws:s3/inventory:Inventory": [
        {
            path: ["destination", "bucket", "bucketArn"],
            form: "bucket",
            accountKey: "accountId",
            what: "inventory destination bucket",
            source: S3_EXPORT,
        },
    ],
    "aws:s3/analyticsConfiguration:AnalyticsConfiguration": [
        {
            path: ["storageClassAnalysis", "dataExport", "destination", "s3BucketDestination", "bucketArn"],
            form: "bucket",
            accountKey: "bucketAccountId",
            what: "analytics export bucket",
            source: S3_EXPORT,
        },
    ],
    "aws:appflow/flow:Flow": APPFLOW_CONNECTORS(["destinationFlowConfigs", "*", "destinationConnectorProperties"]),
    "aws-native:appflow:Flow": APPFLOW_CONNECTORS(["destinationFlowConfigList", "*", "destinationConnectorProperties"]),
    "aws:cloudtrail/trail:Trail": [
        { path: ["s3BucketName"], form: "bucket", what: "trail bucket", source: TRAIL_CROSS },
    ],
    "aws-native:cloudtrail:Trail": [
        { path: ["s3BucketName"], form: "bucket", what: "trail bucket", source: TRAIL_CROSS },
    ],
};

/**
 * Firehose delivery streams: every destination block (extended S3, S3 backup, HTTP endpoint, OpenSearch,
 * OpenSearch Serverless, Elasticsearch, Redshift, Splunk, Snowflake, Iceberg) names its destination by one
 * of these keys, at any depth; the source block (Kinesis or MSK) is skipped.
 */
const FIREHOSE_TYPES = [
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    "aws-native:kinesisfirehose:DeliveryStream",
];
const FIREHOSE_KEYS: Record<string, { form: DestinationForm; what: string }> = {
    bucketArn: { form: "bucket", what: "delivery bucket" },
    domainArn: { form: "arn", what: "search domain" },
    clusterEndpoint: { form: "url", what: "search cluster endpoint" },
    collectionEndpoint: { form: "url", what: "serverless collection endpoint" },
    url: { form: "url", what: "HTTP endpoint" },
    hecEndpoint: { form: "url", what: "Splunk endpoint" },
    accountUrl: { form: "url", what: "Snowflake account" },
    clusterJdbcurl: { form: "opaque", what: "Redshift cluster" },
    catalogArn: { form: "arn", what: "Iceberg catalog" },
};
const FIREHOSE_SOURCES = new Set([
    "kinesisSourceConfiguration",
    "kinesisStreamSourceConfiguration",
    "mskSourceConfiguration",
    "databaseSourceConfiguration",
    "directPutSourceConfiguration",
    "tags",
]);

/** One destination a resource sends to. */
export interface Destination {
    /** Where in the resource: `targets[0].arn`. */
    where: string;
    /** The value, or UNKNOWN_VALUE during preview. */
    value: string | typeof UNKNOWN_VALUE;
    form: DestinationForm;
    what: string;
    /** The owner account a sibling property names (S3 replication `account`). */
    statedAccount?: string;
    /** The top-level property, for dependency lookups. */
    top: string;
    /** The SNS protocol, for sns-endpoint. */
    protocol?: string;
    /** The value as the plan shows it when only part of it is unknown (its account may be known). */
    partial?: string;
    /** The ARN services a resource of the plan must have for this value to be its ARN (undefined: any). */
    services?: string[];
}

function str(v: unknown): string | typeof UNKNOWN_VALUE | undefined {
    if (v === UNKNOWN_VALUE || (typeof v === "string" && v.includes(UNKNOWN))) {
        return UNKNOWN_VALUE;
    }
    return typeof v === "string" && v !== "" ? v : undefined;
}

/** A string that is partly unknown during preview (`arn:aws:sqs:REGION:ACCOUNT:<unknown>`), else undefined. */
function partialOf(v: unknown): string | undefined {
    return typeof v === "string" && v.includes(UNKNOWN) ? v : undefined;
}

/** The value inside a JSON document (a string or an object) at `path`; UNKNOWN_VALUE when unreadable in preview. */
function jsonAt(doc: unknown, path: string[]): unknown {
    let parsed: unknown = doc;
    if (doc === UNKNOWN_VALUE) {
        return UNKNOWN_VALUE;
    }
    if (typeof doc === "string") {
        try {
            parsed = JSON.parse(doc);
        } catch {
            return doc.includes(UNKNOWN) ? UNKNOWN_VALUE : undefined;
        }
    }
    return safeGet(parsed, path);
}

/** Walk a path with "*" wildcards; yields [where, parent, value]. */
function walk(
    obj: unknown,
    path: string[],
    where: string,
    out: { where: string; parent: unknown; value: unknown }[],
    parent: unknown = undefined,
): void {
    if (path.length === 0) {
        out.push({ where, parent, value: obj });
        return;
    }
    const [head, ...rest] = path;
    if (head === "*") {
        if (!Array.isArray(obj)) {
            return;
        }
        for (let i = 0; i < obj.length; i++) {
            const v = safeGet(obj, [i]);
            walk(v, rest, `${where}[${i}]`, out, obj);
        }
        return;
    }
    if (obj === null || obj === undefined || typeof obj !== "object") {
        return;
    }
    const v = safeGet(obj, [head]);
    if (v === undefined) {
        return;
    }
    walk(v, rest, where ? `${where}.${head}` : head, out, obj);
}

function firehoseDestinations(props: unknown, where: string, out: Destination[], top: string, depth = 0): void {
    if (depth > 8 || props === null || typeof props !== "object") {
        return;
    }
    const entries = Array.isArray(props) ? props.map((_, i) => String(i)) : Object.keys(props);
    for (const k of entries) {
        if (FIREHOSE_SOURCES.has(k)) {
            continue;
        }
        const v = safeGet(props, [Array.isArray(props) ? Number(k) : k]);
        const here = Array.isArray(props) ? `${where}[${k}]` : where ? `${where}.${k}` : k;
        const t = depth === 0 ? k : top;
        const key = FIREHOSE_KEYS[k];
        if (key) {
            const s = str(v);
            if (s !== undefined) {
                out.push({ where: here, value: s, form: key.form, what: key.what, top: t, partial: partialOf(v) });
            }
            continue;
        }
        // A Lambda processor: { parameterName: "LambdaArn", parameterValue: "arn:aws:lambda:…" }.
        if (k === "parameterValue" && typeof v === "string" && v.startsWith("arn:") && v.includes(":lambda:")) {
            out.push({ where: here, value: v, form: "arn", what: "record processor function", top: t });
            continue;
        }
        firehoseDestinations(v, here, out, t, depth + 1);
    }
}

/** Every destination a resource sends data to (empty for a resource that sends none). */
export function destinationsOf(r: PolicyResource): Destination[] {
    const out: Destination[] = [];
    if (FIREHOSE_TYPES.includes(r.type)) {
        firehoseDestinations(r.props, "", out, "");
        return out;
    }
    for (const route of ROUTES[r.type] ?? []) {
        if (route.when) {
            // A value unknown until apply keeps the route (a document without the key yields nothing).
            const v = str(safeGet(r.props, [route.when.key]));
            if (v !== UNKNOWN_VALUE && !route.when.values.includes(v ?? "")) {
                continue;
            }
        }
        const found: { where: string; parent: unknown; value: unknown }[] = [];
        walk(r.props, route.path, "", found);
        for (const f of found) {
            if (route.form === "opaque") {
                if (f.value !== undefined && f.value !== null) {
                    out.push({
                        where: f.where,
                        value: route.what,
                        form: "opaque",
                        what: route.what,
                        top: route.path[0],
                    });
                }
                continue;
            }
            const raw = route.json ? jsonAt(f.value, route.json) : f.value;
            const value = str(raw);
            if (value === undefined) {
                continue;
            }
            const stated = route.accountKey ? str(safeGet(f.parent, [route.accountKey])) : undefined;
            const protocol = route.form === "sns-endpoint" ? str(safeGet(r.props, ["protocol"])) : undefined;
            out.push({
                where: route.json ? `${f.where}.${route.json.join(".")}` : f.where,
                value,
                form: route.form,
                what: route.what,
                top: route.path[0],
                statedAccount: typeof stated === "string" ? stated : undefined,
                protocol: typeof protocol === "string" ? protocol : undefined,
                partial: partialOf(raw),
            });
        }
    }
    return out;
}

/** The types this module reads (for docs and tests). */
export const SENDER_TYPES = [...Object.keys(ROUTES), ...FIREHOSE_TYPES];

/** What the plan tells of a destination's owner. */
export type Owner =
    | { kind: "account"; account: string }
    | { kind: "plan" }
    | { kind: "plain-http"; url: string }
    | { kind: "unknown"; why: string }
    | { kind: "none" };

const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)/;
/**
 * An SQS queue URL, in each form SQS answers to (Amazon SQS Developer Guide, "Amazon SQS queue and
 * message identifiers": https://sqs.REGION.amazonaws.com/ACCOUNT/NAME; the legacy
 * https://REGION.queue.amazonaws.com/ACCOUNT/NAME and dual-stack https://sqs.REGION.api.aws/ACCOUNT/NAME
 * endpoints of the AWS General Reference, "Amazon Simple Queue Service endpoints and quotas"). Host names
 * are case-insensitive (RFC 3986, 3.2.2).
 */
const QUEUE_URL =
    /^https:\/\/(?:sqs\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?|[a-z0-9-]+\.queue\.amazonaws\.com(?:\.cn)?|queue\.amazonaws\.com|sqs\.[a-z0-9-]+\.api\.aws)(?::443)?\/(\d{12})\//i;

/**
 * The ARN service of the resource types whose ARN (or, for buckets, name; for queues, URL) a destination
 * may be: a value unknown until apply that depends on one of these, of the service the value would name,
 * is that resource's (the plan's). Any other dependency (a role, a key, an unrelated queue) does not make
 * the value this account's.
 */
export const DESTINATION_TYPE_SERVICE: Record<string, string> = {
    "aws:sqs/queue:Queue": "sqs",
    "aws-native:sqs:Queue": "sqs",
    "aws:sns/topic:Topic": "sns",
    "aws-native:sns:Topic": "sns",
    "aws:lambda/function:Function": "lambda",
    "aws:lambda/alias:Alias": "lambda",
    "aws-native:lambda:Function": "lambda",
    "aws-native:lambda:Alias": "lambda",
    "aws-native:lambda:Version": "lambda",
    "aws:kinesis/stream:Stream": "kinesis",
    "aws-native:kinesis:Stream": "kinesis",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "firehose",
    "aws-native:kinesisfirehose:DeliveryStream": "firehose",
    "aws:cloudwatch/eventBus:EventBus": "events",
    "aws-native:events:EventBus": "events",
    "aws:cloudwatch/eventApiDestination:EventApiDestination": "events",
    "aws-native:events:ApiDestination": "events",
    "aws:cloudwatch/logGroup:LogGroup": "logs",
    "aws-native:logs:LogGroup": "logs",
    "aws:cloudwatch/logDestination:LogDestination": "logs",
    "aws-native:logs:Destination": "logs",
    "aws:sfn/stateMachine:StateMachine": "states",
    "aws-native:stepfunctions:StateMachine": "states",
    "aws:opensearch/domain:Domain": "es",
    "aws-native:opensearchservice:Domain": "es",
    "aws:elasticsearch/domain:Domain": "es",
    "aws:s3/bucket:Bucket": "s3",
    "aws:s3/bucketV2:BucketV2": "s3",
    "aws-native:s3:Bucket": "s3",
};

/** The identifiers a sender may name a destination resource by, per form (a bucket: its ARN or name). */
function ownValuesOf(t: PolicyResource, form: DestinationForm): unknown[] {
    if (form === "bucket") {
        return [safeGet(t.props, ["arn"]), safeGet(t.props, ["bucket"]) ?? safeGet(t.props, ["bucketName"])];
    }
    if (form === "queue-url") {
        return [safeGet(t.props, ["url"]) ?? safeGet(t.props, ["queueUrl"])];
    }
    return [safeGet(t.props, ["arn"])];
}

function bucketInPlan(name: string, all: PolicyResource[]): boolean {
    return ofType(all, ...BUCKET_TYPES).some((b) =>
        idsOf(b).some((id) => id === name || id === `arn:aws:s3:::${name}`),
    );
}

/** The ARN services a value of this destination may name (undefined: any destination service). */
function servicesFor(d: Destination): string[] | undefined {
    const arnService = d.partial?.startsWith("arn:") ? d.partial.split(":")[2] : undefined;
    if (arnService && !arnService.includes(UNKNOWN)) {
        return [arnService === "s3" ? "s3" : arnService];
    }
    switch (d.form) {
        case "bucket":
            return ["s3"];
        case "queue-url":
            return ["sqs"];
        case "sns-endpoint": {
            const p = (d.protocol ?? "").toLowerCase();
            const byProtocol: Record<string, string> = {
                sqs: "sqs",
                lambda: "lambda",
                firehose: "firehose",
                application: "sns",
            };
            return byProtocol[p] ? [byProtocol[p]] : [];
        }
        case "arn":
            return d.services;
        default:
            return [];
    }
}

/**
 * true when the value, unknown until apply, is the identifier of a resource of the plan: the property
 * depends on a resource of a type whose identifier the value would be (same service), and that resource's
 * identifier is itself unknown (were it known, a value taken from it would be known too).
 */
function dependsOnDestination(r: PolicyResource, d: Destination, all: PolicyResource[]): boolean {
    const byUrn = new Map(all.map((x) => [x.urn, x]));
    const services = servicesFor(d);
    return (r.propertyDependencies[d.top] ?? []).some((dep) => {
        const t = byUrn.get(dep.urn);
        const service = t ? DESTINATION_TYPE_SERVICE[t.type] : undefined;
        if (!t || !service || (services && !services.includes(service))) {
            return false;
        }
        return ownValuesOf(t, d.form).some((own) => own === undefined || str(own) === UNKNOWN_VALUE);
    });
}

/** What a partly unknown value still tells: the account (or plain HTTP) its known part names. */
function partialOwner(d: Destination): Owner | undefined {
    const v = d.partial;
    if (!v) {
        return undefined;
    }
    if ((d.form === "url" || d.form === "sns-endpoint") && /^http:\/\//i.test(v)) {
        return { kind: "plain-http", url: v };
    }
    if (d.form === "queue-url") {
        const m = QUEUE_URL.exec(v);
        return m ? { kind: "account", account: m[1] } : undefined;
    }
    if (d.form === "arn" || d.form === "sns-endpoint") {
        const parts = v.split(":");
        if (parts[0] === "arn" && parts.length >= 6 && /^\d{12}$/.test(parts[4])) {
            return { kind: "account", account: parts[4] };
        }
    }
    return undefined;
}

/** The owner of one destination, as far as the plan tells. */
export function ownerOf(r: PolicyResource, d: Destination, all: PolicyResource[]): Owner {
    if (d.value === UNKNOWN_VALUE) {
        const known = partialOwner(d);
        if (known) {
            return known;
        }
        return dependsOnDestination(r, d, all)
            ? { kind: "plan" }
            : {
                  kind: "unknown",
                  why: "unknown until apply and not the identifier of a destination resource of the plan",
              };
    }
    const v = d.value;
    switch (d.form) {
        case "opaque":
            return {
                kind: "unknown",
                why: "a destination named by a connector or URL whose account the plan cannot tell",
            };
        case "sns-endpoint": {
            const p = (d.protocol ?? "").toLowerCase();
            // The endpoint's scheme decides the transport, whatever the protocol field says.
            if (p === "http" || /^http:\/\//i.test(v)) {
                return { kind: "plain-http", url: v };
            }
            if (p === "https") {
                return { kind: "unknown", why: "an HTTPS endpoint: its owner is not an account the plan names" };
            }
            if (p === "email" || p === "email-json" || p === "sms") {
                // People, not accounts: out of this rule's reach (docs/policy-pack.md, data-egress).
                return { kind: "none" };
            }
            return arnOwner(v, d, all);
        }
        case "url":
            if (/^http:\/\//i.test(v)) {
                return { kind: "plain-http", url: v };
            }
            return { kind: "unknown", why: "an endpoint URL: its owner is not an account the plan names" };
        case "queue-url": {
            const m = QUEUE_URL.exec(v);
            return m ? { kind: "account", account: m[1] } : { kind: "unknown", why: "not a queue URL" };
        }
        case "partner-source": {
            const m = /^aws\.partner\/(?:[^/]+\/)*?(\d{12})(?:\/|$)/.exec(v);
            return m
                ? { kind: "account", account: m[1] }
                : { kind: "unknown", why: "no account in the event source name" };
        }
        case "bucket":
            return bucketOwner(v, d, all);
        case "arn":
            return arnOwner(v, d, all);
    }
}

function bucketOwner(v: string, d: Destination, all: PolicyResource[]): Owner {
    const name = S3_ARN.exec(v)?.[1] ?? v;
    if (d.statedAccount) {
        return { kind: "account", account: d.statedAccount };
    }
    if (bucketInPlan(name, all)) {
        return { kind: "plan" };
    }
    return { kind: "unknown", why: "a bucket named only by name, not in the plan" };
}

function arnOwner(v: string, d: Destination, all: PolicyResource[]): Owner {
    if (S3_ARN.test(v)) {
        return bucketOwner(v, d, all);
    }
    const parts = v.split(":");
    if (parts[0] === "arn" && parts.length >= 6 && /^\d{12}$/.test(parts[4])) {
        return { kind: "account", account: parts[4] };
    }
    // CloudWatch alarm EC2 actions (arn:aws:automate:REGION:ec2:stop …) act on the alarm's own instance:
    // no data leaves (Amazon CloudWatch API Reference, "PutMetricAlarm", AlarmActions).
    if (parts[0] === "arn" && parts[2] === "automate") {
        return { kind: "none" };
    }
    // An ARN with no account field (an SSM document, a global resource) is the plan's only when a
    // resource of the plan has exactly that ARN.
    if (all.some((x) => safeGet(x.props, ["arn"]) === v)) {
        return { kind: "plan" };
    }
    return { kind: "unknown", why: "no account in the value" };
}
