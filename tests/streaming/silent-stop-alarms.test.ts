// Alarms for silent stops (issue 19, item 5): one alarm per stream that should be receiving, on
// IncomingRecords with missing data breaching, routed to the alarm topic; configured per stack.
import * as assert from "assert";
import { ConfigError } from "../../components/config";
import { silentStopAlarmSettings, validateSilentStopAlarmsArgs } from "../../components/monitoring/silent-stop-alarms";
import { Plan } from "../../tools/lib/plan-format";
import { runOfflinePlan } from "../../tools/lib/offline";
import { devConfig, stepNamed, stepsOfType } from "./helpers";

const P = "connect-customer-profiles";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** The plan's silent-stop alarms, by name, with the inputs that define them. */
function silentAlarms(plan: Plan): Record<string, Record<string, unknown>> {
    return Object.fromEntries(
        stepsOfType(plan, ALARM)
            .filter((s) => s.urn.endsWith("-silent"))
            .map((s) => {
                const i = s.newState!.inputs as Record<string, any>;
                return [
                    s.urn.split("::").pop()!,
                    {
                        namespace: i.namespace,
                        metricName: i.metricName,
                        dimensions: i.dimensions,
                        statistic: i.statistic,
                        period: i.period,
                        evaluationPeriods: i.evaluationPeriods,
                        datapointsToAlarm: i.datapointsToAlarm,
                        threshold: i.threshold,
                        comparisonOperator: i.comparisonOperator,
                        treatMissingData: i.treatMissingData,
                        alarmActions: i.alarmActions,
                        okActions: i.okActions,
                    },
                ];
            }),
    );
}

describe("silent-stop alarms: the dev plan", () => {
    let plan: Plan;
    let topicArn: string;
    before(async function () {
        this.timeout(120_000);
        plan = (await runOfflinePlan({ config: devConfig() })).plan;
        topicArn = stepNamed(plan, "aws:sns/topic:Topic", "alarms-topic").newState.outputs?.arn as string;
    });

    const kinesis = (stream: string, periods: number) => ({
        namespace: "AWS/Kinesis",
        metricName: "IncomingRecords",
        dimensions: { StreamName: stream },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
    });

    it("by default only the contact-record streams have an alarm, after a day (1440 minutes), to the alarm topic on ALARM and OK", () => {
        assert.ok(topicArn, "the alarm topic's ARN");
        const alarms = silentAlarms(plan);
        const streamName = (urnEnd: string, type: string) => {
            const name = stepNamed(plan, type, urnEnd).newState.inputs.name;
            assert.ok(typeof name === "string" && name.length > 0, `${urnEnd} has a name`);
            return name;
        };
        const KS = "aws:kinesis/stream:Stream";
        const FH = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
        const actions = { alarmActions: [topicArn], okActions: [topicArn] };
        assert.deepStrictEqual(alarms, {
            "silent-stops-support-contactRecords-silent": {
                ...kinesis(streamName("support-streaming-ctr", KS) as string, 288),
                ...actions,
            },
            "silent-stops-sales-contactRecords-silent": {
                ...kinesis("", 288),
                namespace: "AWS/Firehose",
                dimensions: { DeliveryStreamName: streamName("sales-streaming-ctr-delivery", FH) },
                ...actions,
            },
        });
        // Agent events (only while an agent is logged in) and the profile export (only when a profile
        // changes) are opt-in: quiet for hours on a healthy stack.
        assert.ok(stepNamed(plan, KS, "support-streaming-agent-events"));
        assert.ok(stepNamed(plan, KS, "profile-export-stream"));
    });

    it("silentStopAlarms: a stack-wide window, opt-in streams turned on with minutes, a stream turned off", async function () {
        this.timeout(120_000);
        const cfg = devConfig();
        cfg[`${P}:silentStopAlarms`] = {
            noRecordsMinutes: 30,
            streams: { "support/agentEvents": 60, profileExport: 720, "sales/contactRecords": false },
        };
        const alarms = silentAlarms((await runOfflinePlan({ config: cfg })).plan);
        assert.deepStrictEqual(Object.fromEntries(Object.entries(alarms).map(([k, a]) => [k, a.evaluationPeriods])), {
            "silent-stops-support-contactRecords-silent": 6,
            "silent-stops-support-agentEvents-silent": 12,
            "silent-stops-profileExport-silent": 144,
        });
    });
});

describe("silent-stop alarms: settings and bad input", () => {
    it("missing data is breaching: a stream that stops publishes no datapoint, and must alarm", () => {
        const s = silentStopAlarmSettings({ kind: "kinesis", description: "agent events of support", minutes: 15 });
        assert.strictEqual(s.treatMissingData, "breaching");
        assert.strictEqual(s.evaluationPeriods, 3);
        assert.strictEqual(s.datapointsToAlarm, 3);
        assert.strictEqual(
            s.alarmDescription,
            'No records reached the data stream of agent events of support for 15 minutes (IncomingRecords): its writer may have stopped or lost its permission. Run `npm run doctor` (and `-- --probe`); see docs/runbook.md, "A stream stopped receiving".',
        );
    });

    it("component arguments: bad minutes and duplicate keys, each named", () => {
        assert.deepStrictEqual(
            validateSilentStopAlarmsArgs({
                topicArn: "t",
                streams: [
                    { key: "a/contactRecords", kind: "kinesis", name: "s", description: "d", minutes: 7 },
                    { key: "a/contactRecords", kind: "kinesis", name: "s", description: "d", minutes: 1445 },
                ],
            }),
            [
                "streams[0].minutes: 7 is not valid; expected a whole number of minutes from 5 to 1440, a multiple of 5",
                "streams[1].minutes: 1445 is not valid; expected a whole number of minutes from 5 to 1440, a multiple of 5",
                'streams[1].key: "a/contactRecords" is not valid; expected each stream once',
            ],
        );
    });

    async function rejected(value: unknown): Promise<string[]> {
        const cfg = devConfig();
        cfg[`${P}:silentStopAlarms`] = value;
        try {
            await runOfflinePlan({ config: cfg });
        } catch (e) {
            assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
            return e.message.split("\n").slice(1);
        }
        assert.fail("expected the config to be rejected");
    }
    const MIN =
        "a whole number of minutes from 5 to 1440, a multiple of 5 (the alarm judges 5-minute sums of IncomingRecords; CloudWatch evaluates at most one day for such a period)";

    it("config: minutes out of range or not a multiple of 5, a stream the stack does not have, an unknown setting", async function () {
        this.timeout(120_000);
        assert.deepStrictEqual(await rejected({ noRecordsMinutes: 2000 }), [
            `  - ${P}:silentStopAlarms.noRecordsMinutes: 2000 is not valid; expected ${MIN}`,
        ]);
        assert.deepStrictEqual(await rejected({ streams: { "support/contactRecords": 12 } }), [
            `  - ${P}:silentStopAlarms.streams.support/contactRecords: 12 is not valid; expected ${MIN}, or false for no alarm on this stream`,
        ]);
        assert.deepStrictEqual(await rejected({ streams: { "sales/agentEvents": 30 } }), [
            `  - ${P}:silentStopAlarms.streams.sales/agentEvents: "sales/agentEvents" is not valid; expected the key of a stream this stack has (support/contactRecords, support/agentEvents, sales/contactRecords, profileExport)`,
        ]);
        const unknown = await rejected({ noRecordMinutes: 30 });
        assert.strictEqual(unknown.length, 1);
        assert.match(
            unknown[0],
            /silentStopAlarms\.noRecordMinutes: 30 is not valid; expected no such setting: did you mean `noRecordsMinutes`\?/,
        );
    });
});
