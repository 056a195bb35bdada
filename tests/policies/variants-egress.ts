// Data-egress variants (issue 22, class "egress"): single edits of the dev plan that send data to another
// account or over plain HTTP while every policy document stays tight. Each label is AWS semantics, with
// its source: the destination may be in another account (so the edit really sends data out) per the page
// lib/egress.ts names for its route:
// - EventBridge targets: Amazon EventBridge User Guide, "Sending events to an AWS service in another
//   account in EventBridge" (API Gateway, Kinesis Data Streams, Lambda, SNS, SQS in other accounts) and
//   "Sending and receiving events between AWS accounts in Amazon EventBridge" (event buses);
// - SNS subscriptions: Amazon SNS Developer Guide, "Sending Amazon SNS messages to an Amazon SQS queue in
//   a different account"; http is plain HTTP by its protocol name (SNS API Reference, Subscribe: "http –
//   delivery of JSON-encoded message via HTTP POST");
// - S3 replication: Amazon S3 API Reference, "Destination" (Account, cross-account scenario);
// - S3 notifications: Amazon S3 User Guide, "Granting permissions to publish event notification messages
//   to a destination";
// - Firehose: Amazon Data Firehose Developer Guide, "Controlling access with Amazon Data Firehose"
//   (cross-account S3 and OpenSearch Service) and "Understand delivery across AWS accounts and regions";
// - log subscriptions: Amazon CloudWatch Logs User Guide, "Cross-account cross-Region subscriptions".
// Added after the independent review of issue 22 (its single-edit variants, /tmp/rev-i22 at review time):
// - a partly unknown ARN in preview: the account field is the value's own (ARN format, AWS General
//   Reference, "Amazon Resource Names (ARNs)");
// - account-level log subscriptions: Amazon CloudWatch Logs User Guide, "Step 3: Create an account-level
//   subscription filter policy" (DestinationArn in the recipient account);
// - alarm actions: Amazon CloudWatch API Reference, "PutMetricAlarm" (action ARNs name an account);
// - S3 inventory and analytics exports: Amazon S3 API Reference, "InventoryS3BucketDestination"
//   (AccountId) and "AnalyticsS3BucketDestination" (BucketAccountId);
// - SQS URL forms: Amazon SQS Developer Guide, "Amazon SQS queue and message identifiers", and AWS General
//   Reference, "Amazon Simple Queue Service endpoints and quotas" (legacy and dual-stack endpoints);
// - an http:// SNS endpoint: plain HTTP by its scheme (RFC 9110, "http" URI scheme), whatever protocol.
// Safe rewrites: the same destinations in this account, or another account listed in
// allowedDestinationAccounts (the configured exception), or an email subscription (a person, no account).
import { Plan } from "../../tools/lib/plan-format";
import { ACCOUNT, addResource as addBare, both, edit, Json, OTHER, REGION, stateOf, Variant } from "./variants";

const topicOf = (account: string) => `arn:aws:sns:${REGION}:${account}:exfil-topic`;
const queueOf = (account: string) => `arn:aws:sqs:${REGION}:${account}:exfil-queue`;
const lambdaOf = (account: string) => `arn:aws:lambda:${REGION}:${account}:function:exfil`;
const streamOf = (account: string) => `arn:aws:kinesis:${REGION}:${account}:stream/exfil`;
const busOf = (account: string) => `arn:aws:events:${REGION}:${account}:event-bus/exfil`;
const firehoseOf = (account: string) => `arn:aws:firehose:${REGION}:${account}:deliverystream/exfil`;
const domainOf = (account: string) => `arn:aws:es:${REGION}:${account}:domain/exfil`;
const logsDestOf = (account: string) => `arn:aws:logs:${REGION}:${account}:destination:exfil`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/egress-probe-role`;
/** A bucket of the dev plan (the contact-record bucket), by name. */
const OWN_BUCKET = "sales-streaming-ctr-bucket-d9603a6";
const FOREIGN_BUCKET = "arn:aws:s3:::exfil-bucket";
const PARTNER_BUS =
    "aws.partner/appflow/salesforce.com/123456789012/amazon-connect-examplecorp-dev-salesforce-case-tasks";

/** Properties that name a resource of the dev plan, and the resource (a real program waits for it). */
const DEPENDS: Record<string, Record<string, string>> = {
    bucket: { [OWN_BUCKET]: "sales-streaming-ctr-bucket" },
    eventBusName: { [PARTNER_BUS]: "salesforce-tasks-partner-bus" },
    rule: { "exfil-rule": "exfil-rule" },
    source: { [`arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq-741f887`]: "profiles-dlq" },
};

/** Add a resource, with the property dependencies a program would record for values of the plan. */
const addResource =
    (type: string, name: string, inputs: Json) =>
    (plan: Plan): Plan => {
        const copy = addBare(type, name, inputs)(plan);
        const st = stateOf(copy, name);
        for (const [prop, byValue] of Object.entries(DEPENDS)) {
            const referent = byValue[String(inputs[prop])];
            if (referent) {
                const urn = stateOf(copy, referent).urn;
                st.propertyDependencies = { ...st.propertyDependencies, [prop]: [urn] };
                st.dependencies = [...new Set([...(st.dependencies ?? []), urn])];
            }
        }
        return copy;
    };

const TARGET = "integration-monitoring-flow-failures-alarm-topic";
const SUBSCRIPTION = "alarms-email";
const DELIVERY = "sales-streaming-ctr-delivery";
const FLOW = "salesforce-tasks-flow";

const target = (arn: string, extra: Json = {}) =>
    edit(TARGET, (p) => {
        p.arn = arn;
        Object.assign(p, extra);
    });
const subscription = (protocol: string, endpoint: string) =>
    edit(SUBSCRIPTION, (p) => {
        p.protocol = protocol;
        p.endpoint = endpoint;
    });
/** A new rule and target forwarding the partner bus's Salesforce case events elsewhere. */
const partnerForward = (arn: string) =>
    both(
        addResource("aws:cloudwatch/eventRule:EventRule", "exfil-rule", {
            eventBusName: PARTNER_BUS,
            eventPattern: JSON.stringify({ source: [{ prefix: "aws.partner/appflow" }] }),
        }),
        addResource("aws:cloudwatch/eventTarget:EventTarget", "exfil-rule-target", {
            rule: "exfil-rule",
            eventBusName: PARTNER_BUS,
            arn,
            roleArn: ROLE,
        }),
    );
const replication = (bucket: string, account?: string) =>
    addResource("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "ctr-replication", {
        bucket: OWN_BUCKET,
        role: ROLE,
        rules: [
            {
                id: "all",
                status: "Enabled",
                destination: { bucket, ...(account ? { account } : {}) },
            },
        ],
    });
const notification = (inputs: Json) =>
    addResource("aws:s3/bucketNotification:BucketNotification", "ctr-notification", {
        bucket: OWN_BUCKET,
        ...inputs,
    });
const firehose = (f: (p: Json) => void) => edit(DELIVERY, f);

export function egressVariants(): Variant[] {
    const bad = (name: string, apply: Variant["apply"]): Variant => ({
        cls: "egress",
        name: `egress: ${name}`,
        apply,
        caughtBy: "data-egress",
    });
    const ok = (name: string, apply: Variant["apply"], policyConfig?: Variant["policyConfig"]): Variant => ({
        cls: "egress",
        name: `egress (safe): ${name}`,
        apply,
        ...(policyConfig ? { policyConfig } : {}),
    });
    return [
        // EventBridge targets (classic).
        bad("alarm rule targets another account's event bus", target(busOf(OTHER), { roleArn: ROLE })),
        bad("alarm rule targets another account's queue", target(queueOf(OTHER), { roleArn: ROLE })),
        bad("alarm rule targets another account's topic", target(topicOf(OTHER), { roleArn: ROLE })),
        bad("alarm rule targets another account's function", target(lambdaOf(OTHER))),
        bad("alarm rule targets another account's stream", target(streamOf(OTHER), { roleArn: ROLE })),
        bad(
            "alarm rule's dead-letter queue in another account",
            target(topicOf(ACCOUNT).replace("exfil-topic", "alarms-topic-838a254"), {
                deadLetterConfig: { arn: queueOf(OTHER) },
            }),
        ),
        bad(
            "new rule forwards Salesforce case events off the partner bus to another account",
            partnerForward(busOf(OTHER)),
        ),
        bad(
            "aws-native rule with a target in another account",
            addResource("aws-native:events:Rule", "native-exfil-rule", {
                eventPattern: { source: ["aws.appflow"] },
                targets: [{ id: "t", arn: queueOf(OTHER) }],
            }),
        ),
        bad(
            "aws-native rule whose target's dead-letter queue is in another account",
            addResource("aws-native:events:Rule", "native-dlq-rule", {
                eventPattern: { source: ["aws.appflow"] },
                targets: [{ id: "t", arn: topicOf(ACCOUNT), deadLetterConfig: { arn: queueOf(OTHER) } }],
            }),
        ),
        bad(
            "API destination over plain HTTP",
            addResource("aws:cloudwatch/eventApiDestination:EventApiDestination", "exfil-api", {
                connectionArn: `arn:aws:events:${REGION}:${ACCOUNT}:connection/c/1`,
                httpMethod: "POST",
                invocationEndpoint: "http://collector.example.com/events",
            }),
        ),
        bad(
            "pipe into another account's queue",
            addResource("aws:pipes/pipe:Pipe", "exfil-pipe", {
                roleArn: ROLE,
                source: `arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq-741f887`,
                target: queueOf(OTHER),
            }),
        ),
        // SNS subscriptions.
        bad("alarm topic subscribed by another account's queue", subscription("sqs", queueOf(OTHER))),
        bad("alarm topic subscribed by another account's function", subscription("lambda", lambdaOf(OTHER))),
        bad("alarm topic subscribed by another account's delivery stream", subscription("firehose", firehoseOf(OTHER))),
        bad("alarm topic delivered over plain HTTP", subscription("http", "http://hooks.example.com/alarms")),
        bad(
            "aws-native subscription over plain HTTP",
            addResource("aws-native:sns:Subscription", "native-http-sub", {
                topicArn: topicOf(ACCOUNT),
                protocol: "http",
                endpoint: "http://hooks.example.com/alarms",
            }),
        ),
        // S3 replication and notifications.
        bad("contact records replicated to a bucket of another account", replication(FOREIGN_BUCKET, OTHER)),
        bad(
            "aws-native bucket replicating to another account",
            addResource("aws-native:s3:Bucket", "native-replicating", {
                replicationConfiguration: {
                    role: ROLE,
                    rules: [{ status: "Enabled", destination: { bucket: FOREIGN_BUCKET, account: OTHER } }],
                },
            }),
        ),
        bad(
            "bucket notifications to another account's topic",
            notification({ topics: [{ topicArn: topicOf(OTHER), events: ["s3:ObjectCreated:*"] }] }),
        ),
        bad(
            "bucket notifications to another account's queue",
            notification({ queues: [{ queueArn: queueOf(OTHER), events: ["s3:ObjectCreated:*"] }] }),
        ),
        bad(
            "bucket notifications to another account's function",
            notification({ lambdaFunctions: [{ lambdaFunctionArn: lambdaOf(OTHER), events: ["s3:ObjectCreated:*"] }] }),
        ),
        bad(
            "aws-native bucket notifying another account's queue",
            addResource("aws-native:s3:Bucket", "native-notifying", {
                notificationConfiguration: {
                    queueConfigurations: [{ event: "s3:ObjectCreated:*", queue: queueOf(OTHER) }],
                },
            }),
        ),
        // Firehose destinations.
        bad(
            "delivery stream also indexes into another account's OpenSearch domain",
            firehose((p) => {
                p.destination = "opensearch";
                p.opensearchConfiguration = {
                    domainArn: domainOf(OTHER),
                    indexName: "ctr",
                    roleArn: ROLE,
                    s3Configuration: { bucketArn: `arn:aws:s3:::${OWN_BUCKET}`, roleArn: ROLE },
                };
            }),
        ),
        bad(
            "delivery stream to an HTTP endpoint over plain HTTP",
            firehose((p) => {
                p.destination = "http_endpoint";
                p.httpEndpointConfiguration = {
                    url: "http://collector.example.com/ctr",
                    roleArn: ROLE,
                    s3Configuration: { bucketArn: `arn:aws:s3:::${OWN_BUCKET}`, roleArn: ROLE },
                };
            }),
        ),
        bad(
            "delivery stream's record processor in another account",
            firehose((p) => {
                p.extendedS3Configuration.processingConfiguration = {
                    enabled: true,
                    processors: [
                        {
                            type: "Lambda",
                            parameters: [{ parameterName: "LambdaArn", parameterValue: lambdaOf(OTHER) }],
                        },
                    ],
                };
            }),
        ),
        // Log subscriptions.
        bad(
            "log group subscribed by another account's destination",
            addResource("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "exfil-logs", {
                logGroup: "/aws/connect/examplecorp",
                filterPattern: "",
                destinationArn: logsDestOf(OTHER),
            }),
        ),
        bad(
            "aws-native log subscription to another account's stream",
            addResource("aws-native:logs:SubscriptionFilter", "native-exfil-logs", {
                logGroupName: "/aws/connect/examplecorp",
                filterPattern: "",
                destinationArn: streamOf(OTHER),
            }),
        ),
        // Connect storage.
        bad(
            "agent events streamed to another account's stream",
            edit("support-streaming-agent-events-storage", (p) => {
                p.storageConfig.kinesisStreamConfig.streamArn = streamOf(OTHER);
            }),
        ),
        bad(
            "contact records delivered to another account's delivery stream",
            edit("sales-streaming-ctr-storage", (p) => {
                p.storageConfig.kinesisFirehoseConfig.firehoseArn = firehoseOf(OTHER);
            }),
        ),
        // Customer Profiles and AppFlow.
        bad(
            "domain's dead-letter queue in another account",
            edit("profiles-domain", (p) => {
                p.deadLetterQueueUrl = `https://sqs.${REGION}.amazonaws.com/${OTHER}/exfil-queue`;
            }),
        ),
        bad(
            "Salesforce flow writes to another account's partner event source",
            edit(FLOW, (p) => {
                p.destinationFlowConfigList[0].destinationConnectorProperties.eventBridge.object = PARTNER_BUS.replace(
                    ACCOUNT,
                    OTHER,
                );
            }),
        ),
        // After the review: preview forms, account-level log subscriptions, alarm actions, S3 exports, URL forms.
        bad(
            "preview: alarm rule target's ARN partly unknown, naming another account",
            target(`arn:aws:sqs:${REGION}:${OTHER}:04da6b54-80e4-46f7-96ec-b56ff0331ba9`),
        ),
        bad(
            "account-level log subscription policy to another account's destination",
            addResource("aws:cloudwatch/logAccountPolicy:LogAccountPolicy", "exfil-account-logs", {
                policyName: "exfil",
                policyType: "SUBSCRIPTION_FILTER_POLICY",
                policyDocument: JSON.stringify({ DestinationArn: logsDestOf(OTHER), FilterPattern: "" }),
            }),
        ),
        bad(
            "aws-native account-level log subscription policy to another account's destination",
            addResource("aws-native:logs:AccountPolicy", "native-exfil-account-logs", {
                policyName: "exfil",
                policyType: "SUBSCRIPTION_FILTER_POLICY",
                scope: "ALL",
                policyDocument: JSON.stringify({ DestinationArn: logsDestOf(OTHER), FilterPattern: "" }),
            }),
        ),
        bad(
            "write-throttle alarm notifies another account's topic",
            edit("support-streaming-ctr-write-throttled", (p) => {
                p.alarmActions = [topicOf(OTHER)];
            }),
        ),
        bad(
            "inventory of the audit bucket exported to another account's bucket",
            addResource("aws:s3/inventory:Inventory", "exfil-inventory", {
                bucket: OWN_BUCKET,
                name: "exfil",
                includedObjectVersions: "All",
                schedule: { frequency: "Daily" },
                destination: { bucket: { bucketArn: FOREIGN_BUCKET, accountId: OTHER, format: "CSV" } },
            }),
        ),
        bad(
            "aws-native bucket's inventory exported to another account's bucket",
            addResource("aws-native:s3:Bucket", "native-inventory", {
                inventoryConfigurations: [
                    {
                        id: "i",
                        enabled: true,
                        includedObjectVersions: "All",
                        scheduleFrequency: "Daily",
                        destination: { bucketArn: FOREIGN_BUCKET, bucketAccountId: OTHER, format: "CSV" },
                    },
                ],
            }),
        ),
        bad(
            "domain's dead-letter queue in another account (legacy queue URL)",
            edit("profiles-domain", (p) => {
                p.deadLetterQueueUrl = `https://${REGION}.queue.amazonaws.com/${OTHER}/exfil-queue`;
            }),
        ),
        bad(
            "domain's dead-letter queue in another account (dual-stack queue URL)",
            edit("profiles-domain", (p) => {
                p.deadLetterQueueUrl = `https://sqs.${REGION}.api.aws/${OTHER}/exfil-queue`;
            }),
        ),
        bad(
            "domain's dead-letter queue in another account (upper-case host)",
            edit("profiles-domain", (p) => {
                p.deadLetterQueueUrl = `https://SQS.${REGION}.amazonaws.com/${OTHER}/exfil-queue`;
            }),
        ),
        bad(
            "alarm topic delivered to an http:// URL under protocol https",
            subscription("https", "http://hooks.example.com/a"),
        ),
        ok(
            "write-throttle alarm also stops an instance (EC2 action, no data leaves)",
            edit("support-streaming-ctr-write-throttled", (p) => {
                p.okActions = [`arn:aws:automate:${REGION}:ec2:stop`];
            }),
        ),
        // Safe.
        ok("alarm rule targets this account's queue", target(queueOf(ACCOUNT), { roleArn: ROLE })),
        ok(
            "alarm rule targets another account's bus listed in allowedDestinationAccounts",
            target(busOf(OTHER), { roleArn: ROLE }),
            { "data-egress": { allowedDestinationAccounts: [OTHER] } },
        ),
        ok("alarm topic subscribed by this account's queue", subscription("sqs", queueOf(ACCOUNT))),
        ok("alarm topic e-mails another address", subscription("email", "someone-else@example.com")),
        ok("contact records replicated to a bucket of the plan", replication(`arn:aws:s3:::${OWN_BUCKET}`)),
        ok(
            "contact records replicated to another account listed in allowedDestinationAccounts",
            replication(FOREIGN_BUCKET, OTHER),
            { "data-egress": { allowedDestinationAccounts: [OTHER] } },
        ),
        ok(
            "bucket notifications to this account's topic",
            notification({ topics: [{ topicArn: topicOf(ACCOUNT), events: ["s3:ObjectCreated:*"] }] }),
        ),
        ok(
            "log group subscribed by this account's stream",
            addResource("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "own-logs", {
                logGroup: "/aws/connect/examplecorp",
                filterPattern: "",
                destinationArn: streamOf(ACCOUNT),
            }),
        ),
        ok("new rule forwards partner events to this account's bus", partnerForward(busOf(ACCOUNT))),
    ];
}
