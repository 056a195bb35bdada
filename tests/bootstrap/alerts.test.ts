// The security alerts of the residual chains (bootstrap/lib/alerts.ts), on the bootstrap plan
// (npm run plan -- --project bootstrap --stack dev): the exact event patterns, key and topic policies
// and subscriptions; each pattern evaluated against CloudTrail records of its chain and of near misses
// (a test-only matcher, tests/support/event-pattern.ts, itself checked against the EventBridge User
// Guide's examples); the IAM simulator denying every CI role any change of the alerts (and allowing it on
// the variants without the Deny or named inside the deploy role's patterns); the configuration's errors.
import * as assert from "assert";
import * as path from "path";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { runOfflinePlan, readStackFile } from "../../tools/lib/offline";
import { Plan, ResourceState } from "../../tools/lib/plan-format";
import { validateConfig } from "../../bootstrap/lib/config";
import { ALERTS_TAG, alertRules, validateSecurityAlertsArgs } from "../../bootstrap/lib/alerts";
import { matches, Pattern } from "../support/event-pattern";
import { ACCOUNT, dependencyNames, ofType, policyOf, resource, resources } from "../support/plan";
import { ciRoleArns, withCiKeyAccess } from "../../components/common/ci-key-access";
import { PolicyDocument } from "../../components/common/policy-documents";

const BOOTSTRAP = path.resolve(__dirname, "..", "..", "bootstrap");
const REGION = "eu-west-2";
const TAG = "customer-profiles:domain";
const DEV = "amazon-connect-examplecorp-dev";
const INSTANCE = "4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f";
const role = (n: string) => `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-${n}`;
/** Every role of the bootstrap stack (its CI roles and the stacks' service roles) by the ARN prefix. */
const CI = `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-`;
const DEPLOY = `${CI}deploy-`;
const ruleArn = (region: string, id: string) =>
    `arn:aws:events:${region}:${ACCOUNT}:rule/connect-profiles-ci-security-alerts-${id}`;
const topicArn = (region: string) => `arn:aws:sns:${region}:${ACCOUNT}:connect-profiles-ci-security-alerts`;
const BOOTSTRAP_TAGS = {
    "managed-by": "connect-customer-profiles-bootstrap",
    repository: "examplecorp/connect-customer-profiles",
};

// ---------------------------------------------------------------------------------------------
// The matcher, checked against the EventBridge User Guide's own examples (not against the alert
// patterns), so that it is not merely written from the same reading as they are.
describe("test-only event-pattern matcher: the EventBridge User Guide's examples", function () {
    it('"Arrays in Amazon EventBridge event patterns": an event array matches when the intersection is non-empty', function () {
        const pattern = {
            resources: [
                "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
                "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
                "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
            ],
        };
        const event = {
            resources: [
                "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
                "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
            ],
        };
        assert.strictEqual(matches(pattern, event), true);
        assert.strictEqual(matches(pattern, { resources: [event.resources[0]] }), false);
    });

    it('"Create event patterns": every named field must be present, with the same nesting', function () {
        const pattern = {
            source: ["aws.ec2"],
            "detail-type": ["EC2 Instance State-change Notification"],
            detail: { state: ["terminated"] },
        };
        const event = {
            source: "aws.ec2",
            "detail-type": "EC2 Instance State-change Notification",
            detail: { "instance-id": "i-1", state: "terminated" },
        };
        assert.strictEqual(matches(pattern, event), true);
        assert.strictEqual(matches(pattern, { ...event, detail: { state: "running" } }), false);
        assert.strictEqual(matches(pattern, { ...event, state: "terminated", detail: {} }), false);
    });

    it('"Comparison operators": And, Equals, Begins with, Equals (ignore case), Ends with (and ignoring case), Exists, Does not exist, Or', function () {
        // And: Location is "New York" and Day is "Monday".
        const and = { Location: ["New York"], Day: ["Monday"] };
        assert.strictEqual(matches(and, { Location: "New York", Day: "Monday" }), true);
        assert.strictEqual(matches(and, { Location: "New York", Day: "Tuesday" }), false);
        // Equals: Name is "Alice" (case-sensitive); Equals (ignore case): "alice" matches "Alice".
        assert.strictEqual(matches({ Name: ["Alice"] }, { Name: "alice" }), false);
        assert.strictEqual(matches({ Name: [{ "equals-ignore-case": "alice" }] }, { Name: "Alice" }), true);
        // Begins with: Region is in the US.
        assert.strictEqual(matches({ Region: [{ prefix: "us-" }] }, { Region: "us-east-1" }), true);
        assert.strictEqual(matches({ Region: [{ prefix: "us-" }] }, { Region: "eu-west-2" }), false);
        // Ends with: FileName ends with a .png extension; Ends with (ignore case): "tbridge" in any casing.
        assert.strictEqual(matches({ FileName: [{ suffix: ".png" }] }, { FileName: "image.png" }), true);
        assert.strictEqual(matches({ FileName: [{ suffix: ".png" }] }, { FileName: "image.PNG" }), false);
        const tbridge = { service: [{ suffix: { "equals-ignore-case": "tBridge" } }] };
        assert.strictEqual(matches(tbridge, { service: "EventBridge" }), true);
        assert.strictEqual(matches(tbridge, { service: "EVENTBRIDGE" }), true);
        assert.strictEqual(matches(tbridge, { service: "EventBus" }), false);
        // Exists / does not exist: ProductName.
        assert.strictEqual(matches({ ProductName: [{ exists: true }] }, { ProductName: "x" }), true);
        assert.strictEqual(matches({ ProductName: [{ exists: true }] }, { Other: "x" }), false);
        assert.strictEqual(matches({ ProductName: [{ exists: false }] }, { Other: "x" }), true);
        assert.strictEqual(matches({ ProductName: [{ exists: false }] }, { ProductName: "x" }), false);
        // Or: PaymentType is "Credit" or "Debit"; Location is "New York", or Day is "Monday".
        assert.strictEqual(matches({ PaymentType: ["Credit", "Debit"] }, { PaymentType: "Debit" }), true);
        const or = { $or: [{ Location: ["New York"] }, { Day: ["Monday"] }] };
        assert.strictEqual(matches(or, { Location: "Paris", Day: "Monday" }), true);
        assert.strictEqual(matches(or, { Location: "Paris", Day: "Sunday" }), false);
    });

    it('"Content filtering": prefix "2017-10-02" matches the time "2017-10-02T18:43:48Z"; exists only on leaves; wildcard', function () {
        assert.strictEqual(matches({ time: [{ prefix: "2017-10-02" }] }, { time: "2017-10-02T18:43:48Z" }), true);
        assert.strictEqual(matches({ time: [{ prefix: "2017-10-02" }] }, { time: "2017-10-03T18:43:48Z" }), false);
        // "Exists matching only works on leaf nodes. It does not work on intermediate nodes."
        assert.strictEqual(
            matches({ detail: { state: [{ exists: true }] } }, { detail: { state: { a: "b" } } }),
            false,
        );
        // Wildcard: any file with a .png extension, located within the folder "dir".
        assert.strictEqual(matches({ FileName: [{ wildcard: "dir/*.png" }] }, { FileName: "dir/a.png" }), true);
        assert.strictEqual(matches({ FileName: [{ wildcard: "dir/*.png" }] }, { FileName: "other/a.png" }), false);
        assert.strictEqual(matches({ FileName: [{ wildcard: "dir/*.png" }] }, { FileName: "dir/a.jpg" }), false);
    });

    it("refuses an operator the alert patterns do not use (so a new one cannot pass unjudged)", function () {
        assert.throws(
            () => matches({ state: [{ "anything-but": "initializing" }] }, { state: "x" }),
            /operator {"anything-but":"initializing"} is not one the alert patterns use/,
        );
    });
});

// ---------------------------------------------------------------------------------------------
const apiCall = (eventSource: string, eventNames: string[], rolePrefix: string, detail: Pattern = {}): Pattern => ({
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: {
        eventSource: [eventSource],
        eventName: eventNames,
        userIdentity: { sessionContext: { sessionIssuer: { arn: [{ prefix: rolePrefix }] } } },
        ...detail,
    },
});
const exists = [{ exists: true }];
const INSTANCE_IDS = [{ suffix: { "equals-ignore-case": INSTANCE } }];
/** The patterns of the dev bootstrap plan, rule id → pattern, per region. */
const EXPECTED: Record<string, Record<string, Pattern>> = {
    [REGION]: {
        "firehose-destinations": apiCall("firehose.amazonaws.com", ["CreateDeliveryStream", "UpdateDestination"], CI),
        "kms-stack-tag": apiCall("kms.amazonaws.com", ["TagResource"], CI, {
            requestParameters: { tags: { tagKey: [{ "equals-ignore-case": TAG }] } },
        }),
        "connect-tag": apiCall("connect.amazonaws.com", ["TagResource"], CI),
        "sns-policy": {
            "detail-type": ["AWS API Call via CloudTrail"],
            detail: {
                eventSource: ["sns.amazonaws.com"],
                userIdentity: { sessionContext: { sessionIssuer: { arn: [{ prefix: CI }] } } },
                $or: [
                    {
                        eventName: ["SetTopicAttributes"],
                        requestParameters: { attributeName: [{ "equals-ignore-case": "Policy" }] },
                    },
                    { eventName: ["CreateTopic"] },
                ],
            },
        },
        "trail-selectors": apiCall("cloudtrail.amazonaws.com", ["PutEventSelectors"], CI),
        "s3-policy": apiCall("s3.amazonaws.com", ["PutBucketPolicy", "PutBucketPublicAccessBlock"], DEPLOY),
        "sqs-policy": {
            "detail-type": ["AWS API Call via CloudTrail"],
            detail: {
                eventSource: ["sqs.amazonaws.com"],
                userIdentity: { sessionContext: { sessionIssuer: { arn: [{ prefix: DEPLOY }] } } },
                $or: [
                    { eventName: ["SetQueueAttributes"], requestParameters: { attributes: { Policy: exists } } },
                    { eventName: ["CreateQueue"] },
                ],
            },
        },
        "kms-policy": apiCall("kms.amazonaws.com", ["CreateKey", "PutKeyPolicy"], DEPLOY),
        "connect-rules": apiCall(
            "connect.amazonaws.com",
            ["DeleteIntegrationAssociation", "DeleteRule", "UpdateRule"],
            CI,
            { requestParameters: { $or: [{ instanceId: INSTANCE_IDS }, { InstanceId: INSTANCE_IDS }] } },
        ),
    },
    "us-east-1": {
        "iam-connect-slr": apiCall("iam.amazonaws.com", ["PutRolePolicy"], CI, {
            requestParameters: { roleName: [{ prefix: "AWSServiceRoleForAmazonConnect" }] },
        }),
    },
};

/** A CloudTrail record as EventBridge delivers it (CloudTrail User Guide, "CloudTrail record contents"). */
function record(
    eventSource: string,
    eventName: string,
    requestParameters: unknown,
    by = role("deploy-dev"),
    region = REGION,
): Record<string, unknown> {
    const roleName = by.split("/").pop()!;
    return {
        version: "0",
        id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        "detail-type": "AWS API Call via CloudTrail",
        source: `aws.${eventSource.split(".")[0]}`,
        account: ACCOUNT,
        time: "2026-12-05T21:00:00Z",
        region,
        resources: [],
        detail: {
            eventVersion: "1.11",
            userIdentity: {
                type: "AssumedRole",
                principalId: `AROAEXAMPLE:GitHubActions`,
                arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/GitHubActions`,
                accountId: ACCOUNT,
                sessionContext: {
                    sessionIssuer: {
                        type: "Role",
                        principalId: "AROAEXAMPLE",
                        arn: by,
                        accountId: ACCOUNT,
                        userName: roleName,
                    },
                    attributes: { creationDate: "2026-12-05T20:59:00Z", mfaAuthenticated: "false" },
                },
            },
            eventTime: "2026-12-05T21:00:00Z",
            eventSource,
            eventName,
            awsRegion: region,
            sourceIPAddress: "192.0.2.1",
            userAgent: "aws-sdk-go-v2",
            requestParameters,
            responseElements: null,
            eventType: "AwsApiCall",
            managementEvent: true,
            recipientAccountId: ACCOUNT,
        },
    };
}

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const OTHER_TEAM = "arn:aws:iam::123456789012:role/other-team-admin";
/** One record per residual chain, which its rule must match; and near misses it must not. */
const CASES: {
    rule: string;
    region?: string;
    match: [string, Record<string, unknown>][];
    miss: [string, Record<string, unknown>][];
}[] = [
    {
        rule: "firehose-destinations",
        match: [
            [
                "CreateDeliveryStream to an HTTP endpoint",
                record("firehose.amazonaws.com", "CreateDeliveryStream", {
                    deliveryStreamName: "connect-dev-sales-ctr",
                    httpEndpointDestinationConfiguration: {
                        endpointConfiguration: { url: "https://collector.example.net", name: "x" },
                        s3Configuration: { bucketARN: "arn:aws:s3:::b", roleARN: role("dev-ctr-delivery") },
                    },
                }),
            ],
            [
                "UpdateDestination switching to an HTTP endpoint",
                record("firehose.amazonaws.com", "UpdateDestination", {
                    deliveryStreamName: "connect-dev-sales-ctr",
                    currentDeliveryStreamVersionId: "1",
                    destinationId: "destinationId-000000000001",
                    httpEndpointDestinationUpdate: { endpointConfiguration: { url: "https://collector.example.net" } },
                }),
            ],
            [
                "CreateDeliveryStream to a Splunk HTTP Event Collector (a URL too)",
                record("firehose.amazonaws.com", "CreateDeliveryStream", {
                    deliveryStreamName: "connect-dev-sales-ctr",
                    splunkDestinationConfiguration: { hECEndpoint: "https://hec.example.net", hECEndpointType: "Raw" },
                }),
            ],
            [
                "UpdateDestination that names no URL (an update of the HTTP endpoint's backup only)",
                record("firehose.amazonaws.com", "UpdateDestination", {
                    deliveryStreamName: "connect-dev-sales-ctr",
                    httpEndpointDestinationUpdate: { retryOptions: { durationInSeconds: 60 } },
                }),
            ],
        ],
        miss: [
            [
                "DescribeDeliveryStream by a CI role",
                record("firehose.amazonaws.com", "DescribeDeliveryStream", { deliveryStreamName: "x" }),
            ],
            [
                "an HTTP endpoint by a role that is not a CI role",
                record(
                    "firehose.amazonaws.com",
                    "CreateDeliveryStream",
                    { httpEndpointDestinationConfiguration: { endpointConfiguration: { url: "https://x" } } },
                    OTHER_TEAM,
                ),
            ],
        ],
    },
    {
        rule: "kms-stack-tag",
        match: [
            [
                "TagResource giving an existing key the stack tag",
                record("kms.amazonaws.com", "TagResource", { keyId: KEY, tags: [{ tagKey: TAG, tagValue: DEV }] }),
            ],
            [
                "the same tag key in another case, among other tags",
                record("kms.amazonaws.com", "TagResource", {
                    keyId: KEY,
                    tags: [
                        { tagKey: "team", tagValue: "x" },
                        { tagKey: "Customer-Profiles:Domain", tagValue: DEV },
                    ],
                }),
            ],
        ],
        miss: [
            [
                "TagResource without the stack tag key",
                record("kms.amazonaws.com", "TagResource", { keyId: KEY, tags: [{ tagKey: "team", tagValue: DEV }] }),
            ],
            [
                "the stack tag by a role of the same name in another account",
                record(
                    "kms.amazonaws.com",
                    "TagResource",
                    { keyId: KEY, tags: [{ tagKey: TAG, tagValue: DEV }] },
                    "arn:aws:iam::999999999999:role/connect-profiles-ci-deploy-dev",
                ),
            ],
            [
                "the stack tag by a role that is not a CI role",
                record(
                    "kms.amazonaws.com",
                    "TagResource",
                    { keyId: KEY, tags: [{ tagKey: TAG, tagValue: DEV }] },
                    OTHER_TEAM,
                ),
            ],
        ],
    },
    {
        rule: "connect-tag",
        match: [
            [
                "TagResource on another team's instance",
                record("connect.amazonaws.com", "TagResource", {
                    resourceArn: `arn:aws:connect:${REGION}:${ACCOUNT}:instance/99999999-2222-3333-4444-555555555555`,
                    tags: { [TAG]: DEV },
                }),
            ],
            [
                "TagResource with the resource ARN URL-encoded, as Connect's records show URI parameters",
                record("connect.amazonaws.com", "TagResource", {
                    resourceArn: `arn%3Aaws%3Aconnect%3A${REGION}%3A${ACCOUNT}%3Ainstance%2F99999999-2222-3333-4444-555555555555`,
                    tags: { [TAG]: DEV },
                }),
            ],
        ],
        miss: [
            [
                "TagResource on a Customer Profiles domain",
                record("profile.amazonaws.com", "TagResource", {
                    resourceArn: `arn:aws:profile:${REGION}:${ACCOUNT}:domains/${DEV}`,
                    tags: { [TAG]: DEV },
                }),
            ],
            [
                "TagResource on an instance by a role that is not a CI role",
                record(
                    "connect.amazonaws.com",
                    "TagResource",
                    {
                        resourceArn: `arn:aws:connect:${REGION}:${ACCOUNT}:instance/99999999-2222-3333-4444-555555555555`,
                        tags: { [TAG]: DEV },
                    },
                    OTHER_TEAM,
                ),
            ],
        ],
    },
    {
        rule: "connect-rules",
        match: [
            [
                "DeleteRule on the configured instance",
                record("connect.amazonaws.com", "DeleteRule", { instanceId: INSTANCE, ruleId: "r-1" }),
            ],
            [
                "UpdateRule on the configured instance given by ARN, InstanceId spelt in Pascal case",
                record("connect.amazonaws.com", "UpdateRule", {
                    InstanceId: `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${INSTANCE}`,
                    RuleId: "r-1",
                }),
            ],
            [
                "DeleteRule on the configured instance, its ID in upper case",
                record("connect.amazonaws.com", "DeleteRule", { instanceId: INSTANCE.toUpperCase(), ruleId: "r-1" }),
            ],
            [
                "DeleteIntegrationAssociation on the configured instance",
                record("connect.amazonaws.com", "DeleteIntegrationAssociation", {
                    instanceId: INSTANCE,
                    integrationAssociationId: "a-1",
                }),
            ],
        ],
        miss: [
            [
                "DeleteRule on another instance (the stack's own)",
                record("connect.amazonaws.com", "DeleteRule", { instanceId: "11111111-2222-3333-4444-555555555555" }),
            ],
            [
                "CreateRule on the configured instance (a creation, the program's)",
                record("connect.amazonaws.com", "CreateRule", { instanceId: INSTANCE }),
            ],
        ],
    },
    {
        rule: "sns-policy",
        match: [
            [
                "SetTopicAttributes Policy",
                record("sns.amazonaws.com", "SetTopicAttributes", {
                    topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:alarms-topic-1`,
                    attributeName: "Policy",
                    attributeValue: "{}",
                }),
            ],
            [
                "CreateTopic with a Policy attribute",
                record("sns.amazonaws.com", "CreateTopic", {
                    name: "alarms-topic-1",
                    attributes: { Policy: "{}", KmsMasterKeyId: "k" },
                }),
            ],
            [
                "CreateTopic as CloudTrail's own example records it (its name alone)",
                record("sns.amazonaws.com", "CreateTopic", { name: "alarms-topic-1" }),
            ],
            [
                "CreateTopic whose attribute keys are in another case",
                record("sns.amazonaws.com", "CreateTopic", { name: "t", attributes: { policy: "{}" } }),
            ],
        ],
        miss: [
            [
                "SetTopicAttributes DeliveryPolicy",
                record("sns.amazonaws.com", "SetTopicAttributes", {
                    topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:alarms-topic-1`,
                    attributeName: "DeliveryPolicy",
                }),
            ],
        ],
    },
    {
        rule: "trail-selectors",
        match: [
            [
                "PutEventSelectors on the stack's trail",
                record("cloudtrail.amazonaws.com", "PutEventSelectors", { trailName: "customer-profiles-x-audit" }),
            ],
        ],
        miss: [
            [
                "PutEventSelectors by an administrator",
                record("cloudtrail.amazonaws.com", "PutEventSelectors", { trailName: "t" }, OTHER_TEAM),
            ],
            ["StartLogging by a CI role", record("cloudtrail.amazonaws.com", "StartLogging", { name: "t" })],
        ],
    },
    {
        rule: "s3-policy",
        match: [
            ["PutBucketPolicy by the deploy role", record("s3.amazonaws.com", "PutBucketPolicy", { bucketName: "b" })],
        ],
        miss: [
            [
                "PutBucketPolicy by the operator role (not a deploy role)",
                record("s3.amazonaws.com", "PutBucketPolicy", { bucketName: "b" }, role("operator-dev")),
            ],
            [
                "PutBucketVersioning by the deploy role",
                record("s3.amazonaws.com", "PutBucketVersioning", { bucketName: "b" }),
            ],
        ],
    },
    {
        rule: "sqs-policy",
        match: [
            [
                "SetQueueAttributes with a Policy",
                record("sqs.amazonaws.com", "SetQueueAttributes", {
                    queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/profiles-dlq-1`,
                    attributes: { Policy: "{}" },
                }),
            ],
            [
                "CreateQueue with a Policy",
                record("sqs.amazonaws.com", "CreateQueue", {
                    queueName: "profiles-dlq-1",
                    attributes: { Policy: "{}", KmsMasterKeyId: "k" },
                }),
            ],
            [
                "CreateQueue recorded with its name alone",
                record("sqs.amazonaws.com", "CreateQueue", { queueName: "profiles-dlq-1" }),
            ],
        ],
        miss: [
            [
                "SetQueueAttributes of the redrive settings",
                record("sqs.amazonaws.com", "SetQueueAttributes", {
                    queueUrl: "q",
                    attributes: { MessageRetentionPeriod: "1209600" },
                }),
            ],
        ],
    },
    {
        rule: "kms-policy",
        match: [
            [
                "PutKeyPolicy by the deploy role",
                record("kms.amazonaws.com", "PutKeyPolicy", { keyId: KEY, policyName: "default" }),
            ],
            [
                "CreateKey by the deploy role (its Policy parameter)",
                record("kms.amazonaws.com", "CreateKey", { keyUsage: "ENCRYPT_DECRYPT", policy: "{}" }),
            ],
        ],
        miss: [["GetKeyPolicy by the deploy role", record("kms.amazonaws.com", "GetKeyPolicy", { keyId: KEY })]],
    },
    {
        rule: "iam-connect-slr",
        region: "us-east-1",
        match: [
            [
                "PutRolePolicy on Amazon Connect's service-linked role",
                record(
                    "iam.amazonaws.com",
                    "PutRolePolicy",
                    { roleName: "AWSServiceRoleForAmazonConnect_abc123", policyName: "p", policyDocument: "{}" },
                    role("deploy-dev"),
                    "us-east-1",
                ),
            ],
        ],
        miss: [
            [
                "PutRolePolicy on Customer Profiles' service-linked role",
                record(
                    "iam.amazonaws.com",
                    "PutRolePolicy",
                    { roleName: "AWSServiceRoleForProfile_abc", policyName: "p" },
                    role("deploy-dev"),
                    "us-east-1",
                ),
            ],
        ],
    },
];

describe("bootstrap: security alerts on the plan", function () {
    let plan: Plan;
    const rule = (logical: string) => resource(plan, "aws:cloudwatch/eventRule:EventRule", logical);
    before(async function () {
        plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
    });

    it("creates one rule per residual chain, in the stack's region and (IAM's) us-east-1, with exactly these patterns", function () {
        const got: Record<string, Record<string, unknown>> = {};
        for (const r of ofType(plan, "aws:cloudwatch/eventRule:EventRule")) {
            const region = String(r.inputs.region);
            const id = String(r.inputs.name).replace("connect-profiles-ci-security-alerts-", "");
            (got[region] ??= {})[id] = JSON.parse(String(r.inputs.eventPattern));
        }
        assert.deepStrictEqual(got, EXPECTED);
    });

    it("targets each rule at its region's topic", function () {
        for (const [region, rules] of Object.entries(EXPECTED))
            for (const id of Object.keys(rules)) {
                const prefix = region === REGION ? "security-alerts" : `security-alerts-${region}`;
                const t = resource(plan, "aws:cloudwatch/eventTarget:EventTarget", `${prefix}-${id}-target`);
                assert.deepStrictEqual(
                    [t.inputs.rule, t.inputs.arn, t.inputs.region],
                    [`connect-profiles-ci-security-alerts-${id}`, topicArn(region), region],
                );
                assert.strictEqual(rule(`${prefix}-${id}`).inputs.region, region);
            }
    });

    it("encrypts each topic with its own customer managed key (rotation on, protected): root delegation and EventBridge's documented statement", function () {
        for (const [region, prefix] of [
            [REGION, "security-alerts"],
            ["us-east-1", "security-alerts-us-east-1"],
        ]) {
            const key = resource(plan, "aws:kms/key:Key", `${prefix}-key`);
            assert.deepStrictEqual(
                [key.inputs.enableKeyRotation, key.inputs.region, key.protect, key.inputs.tags],
                [true, region, true, { ...BOOTSTRAP_TAGS, [ALERTS_TAG]: "security-alerts" }],
            );
            assert.deepStrictEqual(policyOf(key), {
                Version: "2012-10-17",
                Id: "security-alerts-key",
                Statement: [
                    {
                        Sid: "AccountRootAdministersKey",
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "EventBridgeRulesEncryptAlertsThroughSns",
                        Effect: "Allow",
                        Principal: { Service: "events.amazonaws.com" },
                        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                        Resource: "*",
                    },
                ],
            });
            const topic = resource(plan, "aws:sns/topic:Topic", `${prefix}-topic`);
            assert.deepStrictEqual(
                [topic.inputs.name, topic.inputs.region],
                ["connect-profiles-ci-security-alerts", region],
            );
            assert.deepStrictEqual(dependencyNames(topic), [`${prefix}-key`]);
            assert.match(String(topic.inputs.kmsMasterKeyId), new RegExp(`^arn:aws:kms:${region}:${ACCOUNT}:key/`));
        }
    });

    it("lets only this region's alert rules of this account publish to the topic, TLS only", function () {
        for (const [region, prefix] of [
            [REGION, "security-alerts"],
            ["us-east-1", "security-alerts-us-east-1"],
        ]) {
            const p = resource(plan, "aws:sns/topicPolicy:TopicPolicy", `${prefix}-topic-policy`);
            assert.deepStrictEqual(policyOf(p), {
                Version: "2012-10-17",
                Id: "security-alerts-topic",
                Statement: [
                    {
                        Sid: "SecurityAlertRulesPublish",
                        Effect: "Allow",
                        Principal: { Service: "events.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: topicArn(region),
                        Condition: {
                            StringEquals: { "aws:SourceAccount": ACCOUNT },
                            ArnEquals: {
                                "aws:SourceArn": Object.keys(EXPECTED[region])
                                    .map((id) => ruleArn(region, id))
                                    .sort(),
                            },
                        },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sns:*",
                        Resource: topicArn(region),
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            });
        }
    });

    it("subscribes the configured e-mail addresses to every region's topic", function () {
        assert.deepStrictEqual(
            ofType(plan, "aws:sns/topicSubscription:TopicSubscription")
                .map((s) => [s.inputs.topic, s.inputs.protocol, s.inputs.endpoint, s.inputs.region])
                .sort(),
            [
                [topicArn(REGION), "email", "security-oncall@example.com", REGION],
                [topicArn("us-east-1"), "email", "security-oncall@example.com", "us-east-1"],
            ].sort(),
        );
    });

    for (const c of CASES)
        describe(`pattern ${c.rule} on CloudTrail records`, function () {
            const pattern = () => EXPECTED[c.region ?? REGION][c.rule];
            for (const [what, event] of c.match)
                it(`matches: ${what}`, function () {
                    assert.strictEqual(matches(pattern(), event), true);
                });
            for (const [what, event] of c.miss)
                it(`does not match: ${what}`, function () {
                    assert.strictEqual(matches(pattern(), event), false);
                });
        });

    it("no rule matches a record another rule is for (each chain alerts once)", function () {
        for (const c of CASES)
            for (const [, event] of c.match) {
                const region = c.region ?? REGION;
                const hits = Object.entries(EXPECTED[region]).filter(([, p]) => matches(p, event));
                assert.deepStrictEqual(
                    hits.map(([id]) => id),
                    [c.rule],
                );
            }
    });

    it("an environment in another region gets that region's rules, its configured instances there only; securityAlerts.enabled false creates none", async function () {
        const base = readStackFile(path.join(BOOTSTRAP, "Pulumi.dev.yaml"));
        const envs = (base["connect-customer-profiles-bootstrap:environments"] as Record<string, unknown>[]).map(
            (e) => ({
                ...e,
                region: "eu-central-1",
            }),
        );
        const other = (
            await runOfflinePlan({
                projectDir: BOOTSTRAP,
                stack: "dev",
                config: { ...base, "connect-customer-profiles-bootstrap:environments": envs },
            })
        ).plan;
        const byRegion: Record<string, string[]> = {};
        for (const r of ofType(other, "aws:cloudwatch/eventRule:EventRule"))
            (byRegion[String(r.inputs.region)] ??= []).push(
                String(r.inputs.name).replace("connect-profiles-ci-security-alerts-", ""),
            );
        for (const l of Object.values(byRegion)) l.sort();
        const regional = Object.keys(EXPECTED[REGION]).filter((id) => id !== "connect-rules");
        assert.deepStrictEqual(byRegion, {
            [REGION]: [...regional].sort(),
            "eu-central-1": [...regional, "connect-rules"].sort(),
            "us-east-1": ["iam-connect-slr"],
        });
        const off = (
            await runOfflinePlan({
                projectDir: BOOTSTRAP,
                stack: "dev",
                config: { ...base, "connect-customer-profiles-bootstrap:securityAlerts": { enabled: false } },
            })
        ).plan;
        assert.deepStrictEqual(
            resources(off)
                .filter((r) => /eventRule|sns\/topic|kms\/key/.test(r.type))
                .map((r) => r.type),
            [],
        );
    });
});

// ---------------------------------------------------------------------------------------------
type Policies = { name: string; policy: unknown }[];
const ALERT_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/aaaaaaaa-2222-3333-4444-555555555555`;

async function decide(
    principalRole: string,
    policies: Policies,
    action: string,
    resourceArn: string,
    context: Record<string, string | string[]> = {},
    resourcePolicy?: unknown,
): Promise<string> {
    const result = await runSimulation(
        {
            request: {
                principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${principalRole}/gha`,
                action,
                resource: { resource: resourceArn, accountId: ACCOUNT },
                contextVariables: context,
            },
            identityPolicies: policies,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy,
        },
        {},
    );
    if (result.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
    return result.overallResult;
}

/** The managed policies the plan attaches to CI role NAME. */
function policiesOf(plan: Plan, name: string): Policies {
    return resources(plan)
        .filter(
            (r: ResourceState) => r.type === "aws:iam/policy:Policy" && String(r.inputs.name).startsWith(`${name}-`),
        )
        .map((r) => ({ name: String(r.inputs.name), policy: JSON.parse(String(r.inputs.policy)) }));
}

const withoutAlertDeny = (ps: Policies): Policies =>
    ps.map((p) => ({
        name: p.name,
        policy: {
            ...(p.policy as object),
            Statement: (p.policy as { Statement: { Sid?: string }[] }).Statement.filter(
                (s) => !String(s.Sid).startsWith("DenyChangingSecurityAlert"),
            ),
        },
    }));

describe("bootstrap: no CI role can change the security alerts (IAM simulator on the plan)", function () {
    let plan: Plan;
    let keyPolicy: unknown;
    before(async function () {
        plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
        keyPolicy = policyOf(resource(plan, "aws:kms/key:Key", "security-alerts-key"));
    });
    /** The alert key's tags as the plan gives them: the request context of a call on it. */
    const keyTags = () => ({
        [`aws:ResourceTag/${ALERTS_TAG}`]: "security-alerts",
        "aws:ResourceTag/managed-by": BOOTSTRAP_TAGS["managed-by"],
    });
    const attempts = (): [string, string, Record<string, string | string[]>, unknown?][] => [
        ...["events:DeleteRule", "events:RemoveTargets", "events:PutRule", "events:DisableRule"].flatMap(
            (a): [string, string, Record<string, string | string[]>][] => [
                [a, ruleArn(REGION, "kms-stack-tag"), {}],
                [a, ruleArn("us-east-1", "iam-connect-slr"), {}],
            ],
        ),
        ["sns:SetTopicAttributes", topicArn(REGION), {}],
        ["sns:DeleteTopic", topicArn("us-east-1"), {}],
        ["sns:Unsubscribe", topicArn(REGION), {}],
        ["kms:ScheduleKeyDeletion", ALERT_KEY, keyTags(), keyPolicy],
        ["kms:PutKeyPolicy", ALERT_KEY, keyTags(), keyPolicy],
        ["kms:DisableKey", ALERT_KEY, keyTags(), keyPolicy],
        // The us-east-1 set's key (IAM's alerts): the Deny names every region.
        ["kms:ScheduleKeyDeletion", ALERT_KEY.replace(REGION, "us-east-1"), keyTags(), keyPolicy],
        // The first step of tag-then-use on the alert key: giving it the stack's tag.
        [
            "kms:TagResource",
            ALERT_KEY,
            { ...keyTags(), [`aws:RequestTag/${TAG}`]: DEV, "aws:TagKeys": [TAG] },
            keyPolicy,
        ],
    ];

    for (const ci of ["deploy-dev", "preview", "operator-dev", "reingest-dev"])
        it(`${ci}: every change of the rules, targets, topic, subscriptions and key is explicitly denied`, async function () {
            const policies = policiesOf(plan, `connect-profiles-ci-${ci}`);
            assert.ok(policies.length > 0);
            for (const [action, arn, context, rp] of attempts())
                assert.strictEqual(
                    await decide(`connect-profiles-ci-${ci}`, policies, action, arn, context, rp),
                    "ExplicitlyDenied",
                    `${ci} ${action} on ${arn}`,
                );
        });

    it("the preview role reads a stack's key through that key's policy, and no other key, the alert keys among them", async function () {
        const policies = policiesOf(plan, "connect-profiles-ci-preview");
        const stackKey = `arn:aws:kms:${REGION}:${ACCOUNT}:key/bbbbbbbb-2222-3333-4444-555555555555`;
        // The stack's key policy names the preview role (components/common/ci-key-access.ts).
        const stackKeyPolicy = withCiKeyAccess(
            keyPolicy as PolicyDocument,
            { partition: "aws", accountId: ACCOUNT, region: REGION },
            ciRoleArns({ partition: "aws", accountId: ACCOUNT }, "dev"),
        );
        assert.strictEqual(
            await decide("connect-profiles-ci-preview", policies, "kms:DescribeKey", stackKey, {}, stackKeyPolicy),
            "Allowed",
        );
        // A key whose policy delegates to IAM (as the alert key's does), even one given a stack's tag.
        assert.strictEqual(
            await decide(
                "connect-profiles-ci-preview",
                policies,
                "kms:DescribeKey",
                stackKey,
                { [`aws:ResourceTag/${TAG}`]: DEV },
                keyPolicy,
            ),
            "ImplicitlyDenied",
        );
        assert.strictEqual(
            await decide("connect-profiles-ci-preview", policies, "kms:GetKeyPolicy", ALERT_KEY, keyTags(), keyPolicy),
            "ImplicitlyDenied",
        );
    });

    it("without the Deny the deploy role may still give the alert key the stack's tag (CreateKey's TagResource covers every key), and the tag gives it nothing", async function () {
        const policies = withoutAlertDeny(policiesOf(plan, "connect-profiles-ci-deploy-dev"));
        const bare = {
            "aws:ResourceTag/managed-by": BOOTSTRAP_TAGS["managed-by"],
            [`aws:ResourceTag/${ALERTS_TAG}`]: "security-alerts",
        };
        assert.strictEqual(
            await decide(
                "connect-profiles-ci-deploy-dev",
                policies,
                "kms:TagResource",
                ALERT_KEY,
                {
                    ...bare,
                    [`aws:RequestTag/${TAG}`]: DEV,
                    "aws:TagKeys": [TAG],
                },
                keyPolicy,
            ),
            "Allowed",
        );
        // The stack's key management is in the stack's key policies, not IAM: the alert key's policy
        // names no CI role, so the tag opens nothing; the Deny stops the tagging itself (above).
        for (const a of ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey"])
            assert.strictEqual(
                await decide(
                    "connect-profiles-ci-deploy-dev",
                    policies,
                    a,
                    ALERT_KEY,
                    { ...bare, [`aws:ResourceTag/${TAG}`]: DEV },
                    keyPolicy,
                ),
                "ImplicitlyDenied",
                a,
            );
    });

    it("without the Deny, rules and a topic named inside the deploy role's patterns could be claimed and deleted; named as they are, not", async function () {
        const policies = withoutAlertDeny(policiesOf(plan, "connect-profiles-ci-deploy-dev"));
        const claim = { [`aws:RequestTag/${TAG}`]: DEV, "aws:TagKeys": [TAG] };
        const claimed = { [`aws:ResourceTag/${TAG}`]: DEV };
        const inside = {
            rule: `arn:aws:events:${REGION}:${ACCOUNT}:rule/integration-monitoring-security-alerts`,
            topic: `arn:aws:sns:${REGION}:${ACCOUNT}:alarms-topic-security-alerts`,
        };
        const d = (a: string, r: string, c: Record<string, string | string[]>) =>
            decide("connect-profiles-ci-deploy-dev", policies, a, r, c);
        assert.deepStrictEqual(
            [
                await d("events:TagResource", inside.rule, claim),
                await d("events:DeleteRule", inside.rule, claimed),
                await d("events:RemoveTargets", inside.rule, claimed),
                await d("sns:TagResource", inside.topic, claim),
                await d("sns:SetTopicAttributes", inside.topic, claimed),
                await d("sns:DeleteTopic", inside.topic, claimed),
            ],
            ["Allowed", "Allowed", "Allowed", "Allowed", "Allowed", "Allowed"],
        );
        assert.deepStrictEqual(
            [
                await d("events:TagResource", ruleArn(REGION, "kms-stack-tag"), claim),
                await d("events:DeleteRule", ruleArn(REGION, "kms-stack-tag"), claimed),
                await d("sns:TagResource", topicArn(REGION), claim),
                await d("sns:DeleteTopic", topicArn(REGION), claimed),
            ],
            ["ImplicitlyDenied", "ImplicitlyDenied", "ImplicitlyDenied", "ImplicitlyDenied"],
        );
    });
});

// ---------------------------------------------------------------------------------------------
describe("SecurityAlerts arguments", function () {
    it("refuses a pattern larger than EventBridge takes by default, naming the rule, its size and the fix", function () {
        const ctx = { partition: "aws", account: ACCOUNT, region: REGION };
        const ids = Array.from({ length: 16 }, (_, i) => `4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a${(i + 16).toString(16)}`);
        const rules = alertRules({
            ciRolePrefix: CI,
            deployRolePrefix: DEPLOY,
            connectInstances: ids,
            iamEvents: false,
            regional: true,
        });
        const size = JSON.stringify(rules.find((r) => r.id === "connect-rules")!.pattern).length;
        assert.deepStrictEqual(validateSecurityAlertsArgs({ context: ctx, namePrefix: "connect-profiles-ci", rules }), [
            `rules: the pattern of connect-profiles-ci-security-alerts-connect-rules is ${size} characters; EventBridge takes at most 2048 by default, so expected fewer connectInstances in its region`,
        ]);
        assert.ok(size > 2048);
        assert.deepStrictEqual(
            validateSecurityAlertsArgs({
                context: ctx,
                namePrefix: "connect-profiles-ci",
                rules: alertRules({
                    ciRolePrefix: CI,
                    deployRolePrefix: DEPLOY,
                    connectInstances: ids.slice(0, 11),
                    iamEvents: false,
                    regional: true,
                }),
            }),
            [],
        );
    });
});

describe("bootstrap configuration: securityAlerts", function () {
    const valid = {
        repository: "examplecorp/connect-customer-profiles",
        manageRepository: true,
        reviewers: { teams: ["platform-approvers"] },
        environments: [{ name: "dev", domainName: "D" }],
    };
    const problems = (securityAlerts: unknown): string => {
        try {
            validateConfig({ ...valid, securityAlerts });
        } catch (e) {
            return (e as Error).message;
        }
        return "";
    };

    it("absent: on, no subscription; emails given: subscribed; enabled false: off", function () {
        assert.deepStrictEqual(validateConfig(valid).securityAlerts, { enabled: true, emails: [] });
        assert.deepStrictEqual(
            validateConfig({ ...valid, securityAlerts: { emails: ["a@example.com"] } }).securityAlerts,
            {
                enabled: true,
                emails: ["a@example.com"],
            },
        );
        assert.deepStrictEqual(validateConfig({ ...valid, securityAlerts: { enabled: false } }).securityAlerts, {
            enabled: false,
            emails: [],
        });
    });

    it("refuses bad values and unknown keys, naming the key, the value and the form expected", function () {
        const P = "connect-customer-profiles-bootstrap:securityAlerts";
        assert.strictEqual(
            problems(["a@example.com"]),
            `Invalid bootstrap configuration (1 problem):\n  - ${P}: ["a@example.com"] is not a mapping; expected { emails: [e-mail address, ...] } (or { enabled: false })`,
        );
        assert.strictEqual(
            problems({ email: "a@example.com", enabled: "yes", emails: ["not-an-address", "a@example.com"] }),
            [
                "Invalid bootstrap configuration (3 problems):",
                `  - ${P}.email is not a setting; expected one of enabled, emails`,
                `  - ${P}.enabled: "yes" is not valid; expected true or false`,
                `  - ${P}.emails: ["not-an-address","a@example.com"] is not valid; expected a list of e-mail addresses`,
            ].join("\n"),
        );
        assert.strictEqual(
            problems({ emails: ["a@example.com", "a@example.com"] }),
            `Invalid bootstrap configuration (1 problem):\n  - ${P}.emails: "a@example.com" appears more than once; expected each once`,
        );
        assert.strictEqual(
            problems({ enabled: false, emails: ["a@example.com"] }),
            `Invalid bootstrap configuration (1 problem):\n  - ${P}.emails: ["a@example.com"] is given while enabled is false; expected no emails, or enabled true`,
        );
    });
});
