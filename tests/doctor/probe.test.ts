// npm run doctor -- --probe against the fake account (aws-sdk-client-mock): a healthy stack passes
// (exit 0); each injected fault is named with its documented cause and fix (exit 1); the marked
// test data is removed even when a step fails mid-run.
import * as assert from "assert";
import { FakeAccount } from "../../tools/doctor/aws";
import { PROBE_MARK } from "../../tools/doctor/probe/probe";
import { main } from "../../tools/doctor";
import { installFakeAccount } from "../../tools/doctor/aws";
import { healthy, lines, NOW, OUTPUTS, response } from "./support";

export const RUN_ID = "20261129230000-probe";
const ALARM = "integration-monitoring-dlq-messages-4cc27ff";
const TOPIC = "arn:aws:sns:eu-west-2:123456789012:alarms-topic-838a254";
const EXPORT_STREAM =
    "arn:aws:kinesis:eu-west-2:123456789012:stream/customer-profiles-amazon-connect-examplecorp-dev-export";

const stat = (namespace: string, name: string, value: number | null, statistic: "Sum" | "Average" = "Sum") => ({
    input: { Namespace: namespace, MetricName: name },
    output: { Label: name, Datapoints: value === null ? [] : [{ [statistic]: value, Unit: "Count" }] },
});

/** The healthy fake account plus what the probe calls. */
export function probeHealthy(): FakeAccount {
    return {
        ...healthy(),
        DescribeAlarms: { output: { MetricAlarms: [{ AlarmName: ALARM, StateValue: "OK" }] } },
        SetAlarmState: { output: {} },
        DescribeAlarmHistory: {
            output: {
                AlarmHistoryItems: [
                    {
                        AlarmName: ALARM,
                        HistoryItemType: "Action",
                        HistorySummary: `Successfully executed action ${TOPIC}`,
                    },
                ],
            },
        },
        GetMetricStatistics: [
            stat("AWS/Events", "FailedInvocations", null),
            stat("AWS/Events", "Invocations", 2),
            stat("AWS/Firehose", "IncomingRecords", 120),
            stat("AWS/Firehose", "DeliveryToS3.Success", 1, "Average"),
            stat("AWS/Kinesis", "IncomingRecords", 500),
        ],
        CreateProfile: { output: { ProfileId: "probe-profile-1" } },
        DeleteProfile: { output: { Message: "deleted" } },
        ListShards: { output: { Shards: [{ ShardId: "shardId-000000000000" }, { ShardId: "shardId-000000000001" }] } },
        GetShardIterator: { output: { ShardIterator: "iterator-1" } },
        GetRecords: [
            {
                input: { ShardIterator: "iterator-1" },
                output: { Records: [], NextShardIterator: "iterator-2", MillisBehindLatest: 1000 },
            },
            {
                input: { ShardIterator: "iterator-2" },
                output: {
                    Records: [
                        {
                            SequenceNumber: "1",
                            PartitionKey: "p",
                            Data: JSON.stringify({ EventType: "CREATED", Object: { LastName: RUN_ID } }),
                        },
                    ],
                    NextShardIterator: "iterator-3",
                },
            },
        ],
    };
}

async function probe(
    account: FakeAccount,
    extra: string[] = [],
    hooks: { sleep?: (ms: number) => Promise<void>; exit?: (code: number) => void } = {},
) {
    let out = "";
    let err = "";
    const fake = installFakeAccount(account);
    try {
        const wait = extra.includes("--probe-wait") ? [] : ["--probe-wait", "0"];
        const code = await main(["--outputs", OUTPUTS, "--probe", ...wait, ...extra], {
            out: (s) => (out += s),
            err: (s) => (err += s),
            env: {},
            progress: false,
            now: () => NOW,
            sleep: hooks.sleep ?? (async () => undefined),
            exit: hooks.exit,
            probeRunId: RUN_ID,
        });
        // Every client's calls, in the order they were made (sinon numbers each call across spies).
        const calls = Object.values(fake.mocks)
            .flatMap((m: any) => m.calls())
            .sort((a: any, b: any) => a.callId - b.callId)
            .map((c: any) => ({
                command: (c.args[0].constructor.name as string).replace(/Command$/, ""),
                input: c.args[0].input,
            }));
        return { code, out, err, calls, commands: calls.map((c) => c.command) };
    } finally {
        fake.restore();
    }
}

/** The probe's writes: only marked test data, and its removal. */
const WRITES = new Set(["SetAlarmState", "CreateProfile", "DeleteProfile"]);

describe("doctor --probe: the first-deploy acceptance test (fake account)", () => {
    it("a healthy stack: every probe ok, exit 0; only marked data written, then removed", async () => {
        const r = await probe(probeHealthy());
        // The test profile's id is printed as soon as it exists (for a run killed before its cleanup).
        assert.strictEqual(
            r.err,
            `probe: created test profile probe-profile-1 in domain amazon-connect-examplecorp-dev (attribute ${PROBE_MARK}=${RUN_ID}); it is deleted at the end\n`,
        );
        assert.strictEqual(r.code, 0, r.out);
        assert.deepStrictEqual(lines(r as any, "problem"), []);
        assert.match(r.out, /\n13 checks ok, 0 warnings, 0 problems\n$/);
        const writes = r.calls.filter((c) => WRITES.has(c.command));
        assert.deepStrictEqual(writes, [
            {
                command: "SetAlarmState",
                input: {
                    AlarmName: ALARM,
                    StateValue: "ALARM",
                    StateReason: `${PROBE_MARK} ${RUN_ID}: a test of the alarm notification path (npm run doctor -- --probe); no action needed`,
                },
            },
            {
                command: "CreateProfile",
                input: {
                    DomainName: "amazon-connect-examplecorp-dev",
                    FirstName: PROBE_MARK,
                    LastName: RUN_ID,
                    AdditionalInformation: `${PROBE_MARK} ${RUN_ID}: a test profile of npm run doctor -- --probe; deleted by the probe`,
                    Attributes: { [PROBE_MARK]: RUN_ID },
                },
            },
            {
                command: "DeleteProfile",
                input: { DomainName: "amazon-connect-examplecorp-dev", ProfileId: "probe-profile-1" },
            },
            {
                command: "SetAlarmState",
                input: {
                    AlarmName: ALARM,
                    StateValue: "OK",
                    StateReason: `${PROBE_MARK} ${RUN_ID}: probe finished; the alarm's next evaluation sets its real state`,
                },
            },
        ]);
        // The export stream is read, on every shard, from 5 minutes before the test profile was
        // created (a clock skew between this machine and Kinesis must not skip the record).
        const createdAt = Date.now();
        const iterators = r.calls.filter((c) => c.command === "GetShardIterator").map((c) => c.input);
        assert.deepStrictEqual(
            iterators.map((i) => [i.StreamARN, i.ShardId, i.ShardIteratorType, i.Timestamp instanceof Date]),
            [
                [EXPORT_STREAM, "shardId-000000000000", "AT_TIMESTAMP", true],
                [EXPORT_STREAM, "shardId-000000000001", "AT_TIMESTAMP", true],
            ],
        );
        for (const i of iterators) {
            const early = createdAt - i.Timestamp.getTime();
            assert.ok(early >= 5 * 60 * 1000 && early < 5 * 60 * 1000 + 60_000, `${early} ms early`);
        }
        assert.ok(
            lines(r as any, "ok").some((l) =>
                l.includes("export crm-sync: the test profile reached the export stream"),
            ),
        );
    });

    const cases: {
        name: string;
        edit: (a: FakeAccount) => void;
        problem: RegExp;
        remedy: RegExp;
        page: RegExp;
    }[] = [
        {
            name: "the alarm topic's key refuses CloudWatch (KMS AccessDenied in the alarm history)",
            edit: (a) =>
                (a.DescribeAlarmHistory = {
                    output: {
                        AlarmHistoryItems: [
                            {
                                HistoryItemType: "Action",
                                // The text the Knowledge Center documents, exactly (How do I configure a CloudWatch
                                // alarm with an encrypted SNS topic?).
                                HistorySummary: `Failed to execute action ${TOPIC}. Received error: "CloudWatch Alarms does not have authorization to access the SNS topic encryption key."`,
                            },
                        ],
                    },
                }),
            problem: /alarm delivery: CloudWatch could not notify the alarm topic \(KMS access denied\)/,
            remedy: /key must let cloudwatch\.amazonaws\.com use it in the form the SNS guide documents/,
            page: /Enable compatibility between event sources from AWS services and encrypted topics \(https:\/\/docs\.aws\.amazon\.com\/sns\/latest\/dg\/sns-key-management\.html#compatibility-with-aws-services\)/,
        },
        {
            name: "no action recorded for the test alarm",
            edit: (a) => (a.DescribeAlarmHistory = { output: { AlarmHistoryItems: [] } }),
            problem:
                /alarm delivery: no action of alarm integration-monitoring-dlq-messages-4cc27ff was recorded within 0 s/,
            remedy: /has the topic as its alarm action/,
            page: /cloudwatch-receive-sns-for-alarm-trigger/,
        },
        {
            name: "the flow-failure rule's target failed (FailedInvocations)",
            edit: (a) => ((a.GetMetricStatistics as any[])[0] = stat("AWS/Events", "FailedInvocations", 3)),
            problem:
                /flow-failure rule integration-monitoring-flow-failures-c099e7a: 3 invocation\(s\) of its target failed in the last 24 h/,
            remedy: /admit events\.amazonaws\.com in the documented form/,
            page: /Monitoring Amazon EventBridge \(https:\/\/docs\.aws\.amazon\.com\/eventbridge\/latest\/userguide\/eb-monitoring\.html\)/,
        },
        {
            name: "the profile export is UNHEALTHY",
            edit: (a) => {
                const d = response(a, "GetEventStream").output.DestinationDetails;
                d.Status = "UNHEALTHY";
                d.Message = "Kinesis stream is not accessible";
            },
            problem: /export crm-sync: RUNNING, destination UNHEALTHY: Kinesis stream is not accessible/,
            remedy: /AWSServiceRoleForProfile_\*/,
            page: /API_connect-customer-profiles_EventStreamDestinationDetails\.html/,
        },
        {
            name: "the test profile never reaches the export stream",
            edit: (a) => ((a.GetRecords as any[])[1].output.Records = []),
            problem: /export crm-sync: the test profile did not reach the export stream within 0 s/,
            remedy: /export key's policy must let it use the key for Kinesis/,
            page: /API_connect-customer-profiles_CreateEventStream\.html/,
        },
        {
            name: "an integration flow left in Draft (PutIntegration never started it)",
            edit: (a) => {
                response(a, "DescribeFlow", {
                    flowName: "loyalty-members-amazon-connect-examplecorp-dev",
                }).output.flowStatus = "Draft";
            },
            problem:
                /flow loyalty-members-amazon-connect-examplecorp-dev is Draft: it has not run and will not run until it is started/,
            remedy: /aws appflow start-flow --flow-name loyalty-members-amazon-connect-examplecorp-dev/,
            page: /Programmatically integrate S3 with Customer Profiles, Step 3/,
        },
        {
            name: "the historical-ingestion workflow failed",
            edit: (a) => {
                const w = response(a, "ListWorkflows").output.Items[0];
                w.Status = "FAILED";
                w.StatusDescription = "Access denied to the source";
            },
            problem:
                /workflow APPFLOW_INTEGRATION 3c0d2a44-5b1e-4f7a-9d33-0e8f6a2b1c77: FAILED: Access denied to the source/,
            remedy: /fix the workflow role or the source/,
            page: /ListWorkflowsItem/,
        },
        {
            name: "Firehose does not deliver contact records to S3 (DeliveryToS3.Success average below 1)",
            edit: (a) =>
                ((a.GetMetricStatistics as any[])[3] = stat("AWS/Firehose", "DeliveryToS3.Success", 0.5, "Average")),
            problem:
                /contact records of sales: Firehose connect-dev-sales-ctr did not deliver every batch to S3 \(DeliveryToS3\.Success average 0\.5\)/,
            remedy: /Grant Firehose access to an Amazon S3 destination/,
            page: /firehose\/latest\/dev\/controlling-access\.html#using-iam-s3/,
        },
        {
            name: "the agent-event stream receives nothing (no datapoint at all)",
            edit: (a) =>
                (a.GetMetricStatistics as any[]).unshift({
                    input: {
                        Namespace: "AWS/Kinesis",
                        Dimensions: [{ Name: "StreamName", Value: "connect-dev-support-agent-events" }],
                    },
                    output: { Datapoints: [] },
                }),
            problem:
                /agent events of support: data stream connect-dev-support-agent-events received nothing in the last 24 h/,
            remedy: /Log an agent in to the CCP/,
            page: /Enable data streaming for your instance \(https:\/\/docs\.aws\.amazon\.com\/connect\/latest\/adminguide\/data-streaming\.html\)/,
        },
        {
            name: "the operator lacks the probe policy (AccessDenied)",
            edit: (a) =>
                (a.ListWorkflows = {
                    error: {
                        name: "AccessDeniedException",
                        message: "not authorized to perform profile:ListWorkflows",
                    },
                }),
            problem: /integration workflows: access denied/,
            remedy: /operatorPolicies\.probePolicyArn/,
            page: /ListWorkflowsItem/,
        },
    ];

    for (const c of cases) {
        it(`${c.name}: named with its cause and fix, exit 1`, async () => {
            const account = probeHealthy();
            c.edit(account);
            const r = await probe(account, ["--json"]);
            assert.strictEqual(r.code, 1, r.out);
            const report = JSON.parse(r.out);
            const problems = report.checks.filter((x: any) => x.status === "problem");
            assert.strictEqual(problems.length, 1, JSON.stringify(problems, null, 1));
            assert.match(problems[0].message, c.problem);
            assert.match(problems[0].remedy, c.remedy);
            assert.match(problems[0].source.guide, c.page);
            // Whatever failed, the test data was removed.
            assert.deepStrictEqual(
                r.commands.filter((x) => x === "DeleteProfile" || x === "SetAlarmState"),
                ["SetAlarmState", "DeleteProfile", "SetAlarmState"],
            );
        });
    }

    it("an alarm already in ALARM is set to OK (SetAlarmState invokes an action only on a change), then back to ALARM", async () => {
        const account = probeHealthy();
        account.DescribeAlarms = { output: { MetricAlarms: [{ AlarmName: ALARM, StateValue: "ALARM" }] } };
        const r = await probe(account, ["--json"]);
        assert.strictEqual(r.code, 0, r.out);
        assert.deepStrictEqual(
            r.calls.filter((c) => c.command === "SetAlarmState").map((c) => c.input.StateValue),
            ["OK", "ALARM"],
        );
    });

    it("reads a shard again only after 200 ms (5 GetRecords per second per shard, shared with consumers)", async () => {
        const sleeps: number[] = [];
        const r = await probe(probeHealthy(), ["--json"], {
            sleep: async (ms) => {
                sleeps.push(ms);
            },
        });
        assert.strictEqual(r.code, 0, r.out);
        // Both shards were behind (MillisBehindLatest 1000) after the first pass: one pause, then the record.
        assert.deepStrictEqual(sleeps, [200]);
        assert.deepStrictEqual(
            r.calls.filter((c) => c.command === "GetRecords").map((c) => c.input.ShardIterator),
            ["iterator-1", "iterator-1", "iterator-2"],
        );
    });

    it("Firehose received records but reports no DeliveryToS3.Success yet: a warning, not a problem", async () => {
        const account = probeHealthy();
        (account.GetMetricStatistics as any[])[3] = stat("AWS/Firehose", "DeliveryToS3.Success", null);
        const r = await probe(account, ["--json"]);
        assert.strictEqual(r.code, 0, r.out);
        const warnings = JSON.parse(r.out).checks.filter((x: any) => x.status === "warning");
        assert.deepStrictEqual(
            warnings.map((x: any) => x.message),
            [
                "contact records of sales: Firehose connect-dev-sales-ctr received 120 records but reports no DeliveryToS3.Success yet (a delivery waits for the buffer interval)",
            ],
        );
    });

    it("an Active on-demand flow that never ran: it runs only when started (not scheduled)", async () => {
        const account = probeHealthy();
        const f = response(account, "DescribeFlow", { flowName: "loyalty-members-amazon-connect-examplecorp-dev" });
        f.output.triggerConfig = { triggerType: "OnDemand" };
        delete f.output.lastRunExecutionDetails;
        const r = await probe(account, ["--json"]);
        const oks = JSON.parse(r.out).checks.map((x: any) => x.message);
        assert.ok(
            oks.includes(
                "flow loyalty-members-amazon-connect-examplecorp-dev: Active (OnDemand), it runs only when started (aws appflow start-flow)",
            ),
            oks.join("\n"),
        );
    });

    it("SIGINT during the probe: the cleanup deletes the test profile and restores the alarm, then exit 130", async () => {
        const account = probeHealthy();
        (account.GetRecords as any[])[1].output.Records = [];
        const before = process.listenerCount("SIGINT");
        let exited: number | undefined;
        let release: () => void = () => undefined;
        let interrupted = false;
        const r = await probe(account, ["--json", "--probe-wait", "30"], {
            sleep: async (ms) => {
                if (ms !== 1000 || interrupted) return;
                interrupted = true;
                // The probe's own listener (the last added): emitting SIGINT would reach mocha's too.
                const listeners = process.listeners("SIGINT");
                assert.strictEqual(listeners.length, before + 1, "the probe listens for SIGINT");
                const done = new Promise<void>((resolve) => (release = resolve));
                (listeners[listeners.length - 1] as (s: string) => void)("SIGINT");
                await done;
            },
            exit: (code) => {
                exited = code;
                release();
            },
        });
        assert.strictEqual(exited, 130);
        assert.match(r.err, /probe: SIGINT: removing the test data before exiting\n/);
        assert.match(r.err, /ok {2}cleanup: delete test profile probe-profile-1\n/);
        // The cleanup ran once, at the signal: the test profile was deleted before the probe went on.
        const writes = r.calls.map((c) => c.command).filter((c) => c === "DeleteProfile" || c === "SetAlarmState");
        assert.deepStrictEqual(writes, ["SetAlarmState", "DeleteProfile", "SetAlarmState"]);
        assert.strictEqual(process.listenerCount("SIGINT"), before, "the listener is removed after the run");
        assert.strictEqual(r.code, 1);
    });

    it("a step that crashes after writing (ListShards throttled): the others still run, and the cleanup still removes the profile and restores the alarm", async () => {
        const account = probeHealthy();
        account.ListShards = { error: { name: "ThrottlingException", message: "Rate exceeded" } };
        const r = await probe(account, ["--json"]);
        assert.strictEqual(r.code, 1);
        const report = JSON.parse(r.out);
        assert.deepStrictEqual(
            report.checks.filter((x: any) => x.status === "problem").map((x: any) => x.message),
            ["profile export: ThrottlingException: Rate exceeded"],
        );
        assert.deepStrictEqual(
            r.calls.filter((c) => c.command === "DeleteProfile").map((c) => c.input.ProfileId),
            ["probe-profile-1"],
        );
        assert.deepStrictEqual(
            r.calls.filter((c) => c.command === "SetAlarmState").map((c) => c.input.StateValue),
            ["ALARM", "OK"],
        );
        // The flows and streams were still probed after the failed step.
        assert.ok(r.commands.includes("ListWorkflows") && r.commands.includes("GetMetricStatistics"));
    });

    it("a cleanup that fails is a problem naming what is left behind (and the other cleanup still runs)", async () => {
        const account = probeHealthy();
        account.DeleteProfile = { error: { name: "InternalServerException", message: "try again" } };
        const r = await probe(account, ["--json"]);
        assert.strictEqual(r.code, 1);
        const problems = JSON.parse(r.out).checks.filter((x: any) => x.status === "problem");
        assert.deepStrictEqual(
            problems.map((x: any) => [x.message, x.remedy]),
            [
                [
                    "cleanup: could not delete test profile probe-profile-1: InternalServerException: try again",
                    `Remove it by hand (it is marked ${PROBE_MARK}); then run the probe again.`,
                ],
            ],
        );
        assert.deepStrictEqual(
            r.calls.filter((c) => c.command === "SetAlarmState").map((c) => c.input.StateValue),
            ["ALARM", "OK"],
        );
    });

    it("usage: --probe-wait without --probe, --probe with dlq, a bad --probe-wait (exit 2)", async () => {
        const usage = async (argv: string[]) => {
            let err = "";
            const code = await main(["--outputs", OUTPUTS, ...argv], {
                out: () => undefined,
                err: (s) => (err += s),
                env: {},
                progress: false,
            });
            return { code, err };
        };
        assert.deepStrictEqual(await usage(["--probe-wait", "5"]), {
            code: 2,
            err: "--probe-wait and --probe-window-hours are only for --probe\n",
        });
        assert.deepStrictEqual(await usage(["--probe", "dlq", "export", "f.json"]), {
            code: 2,
            err: "--probe runs alone, not with dlq\n",
        });
        const fake = installFakeAccount(probeHealthy());
        try {
            assert.deepStrictEqual(await usage(["--probe", "--probe-wait", "soon"]), {
                code: 2,
                err: '--probe-wait: "soon" is not valid; expected a whole number ≥ 0\n',
            });
        } finally {
            fake.restore();
        }
    });
});
