// `npm run doctor -- --probe` with the real AWS SDK v3 clients (signing, protocols, retries, the
// default credential chain) against a loopback emulator: AWS_ENDPOINT_URL and the per-service
// AWS_ENDPOINT_URL_<SERVICE> settings are honoured, a healthy stack is exit 0, a fault is named
// (exit 1), and the test profile is deleted even when a later call fails.
import * as assert from "assert";
import { AppflowClient } from "@aws-sdk/client-appflow";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CustomerProfilesClient } from "@aws-sdk/client-customer-profiles";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { STSClient } from "@aws-sdk/client-sts";
import { main } from "../../tools/doctor";
import { useRealSdkClients, withEnv } from "../support/fake-aws";
import { ProbeEmulator, Reply, startProbeEmulator } from "../support/probe-emulator";
import { NOW, OUTPUTS } from "./support";

const ACCOUNT = "123456789012";
const RUN_ID = "20261129230000-endpoint";
const TOPIC = "arn:aws:sns:eu-west-2:123456789012:alarms-topic-838a254";

function healthyReplies(): Record<string, Reply | ((body: any) => Reply)> {
    const metric = (body: any): Reply => {
        const value: Record<string, Record<string, number>> = {
            "AWS/Events": { Invocations: 1 },
            "AWS/Firehose": { IncomingRecords: 40, "DeliveryToS3.Success": 1 },
            "AWS/Kinesis": { IncomingRecords: 300 },
        };
        const v = value[body.Namespace]?.[body.MetricName];
        const stat = body.Statistics[0];
        return { Label: body.MetricName, Datapoints: v === undefined ? [] : [{ Timestamp: 1764450000, [stat]: v }] };
    };
    return {
        "cloudwatch:DescribeAlarms": {
            MetricAlarms: [{ AlarmName: "integration-monitoring-dlq-messages-4cc27ff", StateValue: "OK" }],
        },
        "cloudwatch:SetAlarmState": {},
        "cloudwatch:DescribeAlarmHistory": {
            AlarmHistoryItems: [{ HistoryItemType: "Action", HistorySummary: `Successfully executed action ${TOPIC}` }],
        },
        "cloudwatch:GetMetricStatistics": metric,
        "profile:GetEventStream": {
            DomainName: "amazon-connect-examplecorp-dev",
            EventStreamArn:
                "arn:aws:profile:eu-west-2:123456789012:domains/amazon-connect-examplecorp-dev/event-streams/crm-sync",
            CreatedAt: 1764450000,
            State: "RUNNING",
            DestinationDetails: {
                Uri: "arn:aws:kinesis:eu-west-2:123456789012:stream/customer-profiles-amazon-connect-examplecorp-dev-export",
                Status: "HEALTHY",
            },
        },
        "profile:CreateProfile": { ProfileId: "endpoint-profile-1" },
        "profile:DeleteProfile": { Message: "deleted" },
        "profile:ListWorkflows": {
            Items: [
                {
                    WorkflowType: "APPFLOW_INTEGRATION",
                    WorkflowId: "w-1",
                    Status: "COMPLETE",
                    StatusDescription: "done",
                    CreatedAt: 1764450000,
                    LastUpdatedAt: 1764450000,
                },
            ],
        },
        "kinesis:ListShards": {
            Shards: [
                {
                    ShardId: "shardId-000000000000",
                    HashKeyRange: { StartingHashKey: "0", EndingHashKey: "1" },
                    SequenceNumberRange: { StartingSequenceNumber: "1" },
                },
            ],
        },
        "kinesis:GetShardIterator": { ShardIterator: "iterator-1" },
        "kinesis:GetRecords": {
            Records: [
                {
                    SequenceNumber: "1",
                    PartitionKey: "p",
                    ApproximateArrivalTimestamp: 1764450000,
                    Data: Buffer.from(JSON.stringify({ Object: { LastName: RUN_ID } })).toString("base64"),
                },
            ],
            NextShardIterator: "iterator-2",
            MillisBehindLatest: 0,
        },
        "appflow:DescribeFlow": (body: any) => ({
            flowName: body.flowName,
            flowStatus: "Active",
            triggerConfig: { triggerType: "Scheduled" },
            lastRunExecutionDetails: { mostRecentExecutionStatus: "Successful" },
        }),
    };
}

const CREDENTIALS = {
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: undefined,
    AWS_ENDPOINT_URL_KINESIS: undefined,
};

async function probe(env: Record<string, string | undefined>): Promise<{ code: number; out: string }> {
    let out = "";
    const code = await withEnv({ ...CREDENTIALS, ...env }, () =>
        main(["--outputs", OUTPUTS, "--probe", "--probe-wait", "0", "--json"], {
            out: (s) => (out += s),
            err: () => undefined,
            env: {},
            progress: false,
            now: () => NOW,
            sleep: async () => undefined,
            probeRunId: RUN_ID,
        }),
    );
    return { code, out };
}

describe("doctor --probe: the real SDK clients against a loopback endpoint", function () {
    this.timeout(60_000);
    let servers: ProbeEmulator[] = [];
    before(() => useRealSdkClients(STSClient, CloudWatchClient, CustomerProfilesClient, KinesisClient, AppflowClient));
    afterEach(async () => {
        await Promise.all(servers.map((s) => s.close()));
        servers = [];
    });
    const start = async (replies: Record<string, Reply | ((body: any) => Reply)>, http2 = false) => {
        const s = await startProbeEmulator({ account: ACCOUNT, replies, http2 });
        servers.push(s);
        return s;
    };

    /** The emulator of every service but Kinesis, and Kinesis's own (HTTP/2) one. */
    const both = async (replies = healthyReplies()) => {
        const aws = await start(replies);
        const kinesis = await start(replies, true);
        return { aws, kinesis, env: { AWS_ENDPOINT_URL: aws.url, AWS_ENDPOINT_URL_KINESIS: kinesis.url } };
    };

    it("a healthy stack: exit 0; every request signed (SigV4) and sent to AWS_ENDPOINT_URL", async () => {
        const { aws, env } = await both();
        const r = await probe(env);
        const report = JSON.parse(r.out);
        assert.strictEqual(r.code, 0, r.out);
        assert.deepStrictEqual(report.summary, { ok: 13, warning: 0, problem: 0 });
        assert.ok(
            aws.requests.every((q) =>
                /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//.test(String(q.headers.authorization)),
            ),
        );
        assert.deepStrictEqual(
            aws.operations.filter((o) => /SetAlarmState|CreateProfile|DeleteProfile/.test(o)),
            ["cloudwatch:SetAlarmState", "profile:CreateProfile", "profile:DeleteProfile", "cloudwatch:SetAlarmState"],
        );
        const created = aws.requests.find((q) => q.path.endsWith("/profiles"))!;
        assert.deepStrictEqual(JSON.parse(created.body).Attributes, { "customer-profiles-doctor-probe": RUN_ID });
    });

    it("AWS_ENDPOINT_URL_KINESIS sends Kinesis alone to its own endpoint", async () => {
        const { aws, kinesis, env } = await both();
        const r = await probe(env);
        assert.strictEqual(r.code, 0, r.out);
        assert.deepStrictEqual(
            [...new Set(kinesis.operations)],
            ["kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"],
        );
        assert.ok(!aws.operations.some((o) => o.startsWith("kinesis:")));
    });

    it("a fault over the wire (the alarm topic's key refuses CloudWatch): named, exit 1", async () => {
        const replies = healthyReplies();
        replies["cloudwatch:DescribeAlarmHistory"] = {
            AlarmHistoryItems: [
                {
                    HistoryItemType: "Action",
                    HistorySummary: `Failed to execute action ${TOPIC}. Received error: "KMS.AccessDeniedException"`,
                },
            ],
        };
        const { env } = await both(replies);
        const r = await probe(env);
        assert.strictEqual(r.code, 1);
        assert.deepStrictEqual(
            JSON.parse(r.out)
                .checks.filter((c: any) => c.status === "problem")
                .map((c: any) => c.message),
            ["alarm delivery: CloudWatch could not notify the alarm topic (KMS access denied)"],
        );
    });

    it("an AWS error after the test profile was written: the profile is still deleted, the alarm restored", async () => {
        const replies = healthyReplies();
        replies["kinesis:ListShards"] = { error: { type: "ResourceNotFoundException", message: "Stream not found" } };
        const { aws, env } = await both(replies);
        const r = await probe(env);
        assert.strictEqual(r.code, 1);
        assert.deepStrictEqual(
            JSON.parse(r.out)
                .checks.filter((c: any) => c.status === "problem")
                .map((c: any) => c.message),
            ["profile export: ResourceNotFoundException: Stream not found"],
        );
        const deleted = aws.requests.filter((q) => q.path.endsWith("/profiles/delete")).map((q) => JSON.parse(q.body));
        assert.deepStrictEqual(deleted, [{ ProfileId: "endpoint-profile-1" }]);
        assert.strictEqual(aws.operations.filter((o) => o === "cloudwatch:SetAlarmState").length, 2);
    });
});
