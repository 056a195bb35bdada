// npm run doctor -- --probe: the first-deploy acceptance test. It writes only marked test data (a
// test profile, a test alarm state) and removes it, whatever fails; it reads the metrics that show
// whether each stream and delivery works. Every failed step names the AWS page of its cause and
// the change that fixes it. Runs under the operator identity with the stack's probe policy
// (components/monitoring/operator-policies.ts, operatorProbePolicy).
import { DescribeFlowCommand, DescribeFlowExecutionRecordsCommand } from "@aws-sdk/client-appflow";
import {
    DescribeAlarmHistoryCommand,
    DescribeAlarmsCommand,
    GetMetricStatisticsCommand,
    SetAlarmStateCommand,
    StateValue,
} from "@aws-sdk/client-cloudwatch";
import {
    CreateProfileCommand,
    DeleteProfileCommand,
    GetEventStreamCommand,
    ListWorkflowsCommand,
} from "@aws-sdk/client-customer-profiles";
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from "@aws-sdk/client-kinesis";
import { DoctorContext, errorMessage, errorName, isAccessDenied, lastSegment } from "../context";
import { Check } from "../report";
import { asSource, Cause, CAUSES } from "./causes";

/** Every piece of test data the probe writes carries this mark and the run's id. */
export const PROBE_MARK = "customer-profiles-doctor-probe";

export interface ProbeOptions {
    /** This run's id: in every test datum, so a leftover can be found and removed. */
    runId: string;
    /** How long to wait for the alarm's action and the export record (seconds). */
    waitSeconds: number;
    /** How far back the metrics are read (hours). */
    windowHours: number;
    /** Waits between polls (injected so tests do not wait). */
    sleep: (ms: number) => Promise<void>;
    /** Progress for the operator (stderr): the test profile's id as soon as it exists. */
    log?: (line: string) => void;
    /** Ends the process after an interrupted run's cleanup (tests inject one that records the code). */
    exit?: (code: number) => void;
}

/** Undo steps, run in reverse order whatever happened before. */
export class Cleanup {
    private readonly steps: { what: string; run: () => Promise<unknown> }[] = [];

    add(what: string, run: () => Promise<unknown>): void {
        this.steps.push({ what, run });
    }

    /** Runs every step (even after one fails); a failed step is a problem naming what is left behind. */
    async runAll(): Promise<Check[]> {
        const checks: Check[] = [];
        // Taken at once: a signal's cleanup and the normal one never run the same step twice.
        for (const s of this.steps.splice(0).reverse()) {
            try {
                await s.run();
                checks.push({
                    area: "probe",
                    status: "ok",
                    message: `cleanup: ${s.what}`,
                    source: asSource(CAUSES.cleanup),
                });
            } catch (e) {
                checks.push({
                    area: "probe",
                    status: "problem",
                    message: `cleanup: could not ${s.what}: ${errorName(e)}: ${errorMessage(e)}`,
                    remedy: `Remove it by hand (it is marked ${PROBE_MARK}); then run the probe again.`,
                    source: asSource(CAUSES.cleanup),
                });
            }
        }
        return checks;
    }
}

const ok = (message: string, cause: Cause): Check => ({
    area: "probe",
    status: "ok",
    message,
    source: asSource(cause),
});
const warn = (message: string, remedy: string, cause: Cause): Check => ({
    area: "probe",
    status: "warning",
    message,
    remedy,
    source: asSource(cause),
});
const fail = (message: string, remedy: string, cause: Cause, details?: string[]): Check => ({
    area: "probe",
    status: "problem",
    message,
    remedy,
    source: asSource(cause),
    ...(details ? { details } : {}),
});

/** A step that threw: access denied names the probe policy; anything else, the call's error. */
function stepFailed(step: string, e: unknown, cause: Cause): Check {
    if (isAccessDenied(e))
        return fail(
            `${step}: access denied (${errorMessage(e)})`,
            "Attach the stack's probe policy (stack output operatorPolicies.probePolicyArn) to the identity running the probe.",
            cause,
        );
    return fail(
        `${step}: ${errorName(e)}: ${errorMessage(e)}`,
        "Run the probe again; if it fails the same way, see the source.",
        cause,
    );
}

/** The alarm the probe sets: the dead-letter alarm, else the first silent-stop alarm (operatorProbePolicy names the same). */
export function probeAlarmArn(ctx: DoctorContext): string | undefined {
    const o = ctx.inv.outputs;
    return o.integrations?.deadLetterAlarmArn ?? Object.values(o.silentStopAlarmArns ?? {})[0];
}

const alarmNameOf = (arn: string) => arn.slice(arn.indexOf(":alarm:") + ":alarm:".length);

/** 1. A test alarm state reaches SNS: no failed action (KMS AccessDenied among them) in the alarm's history. */
async function probeAlarmDelivery(ctx: DoctorContext, opts: ProbeOptions, cleanup: Cleanup): Promise<Check[]> {
    const arn = probeAlarmArn(ctx);
    if (!arn)
        return [
            warn(
                "alarm delivery: the stack has no alarm to test",
                "Nothing to do: no alarm notifies the topic.",
                CAUSES.alarmDelivery,
            ),
        ];
    const cw = ctx.clients.cloudwatch;
    const AlarmName = alarmNameOf(arn);
    const described = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [AlarmName] }));
    const alarm = described.MetricAlarms?.[0];
    if (!alarm)
        return [
            fail(
                `alarm delivery: alarm ${AlarmName} does not exist`,
                "Run `pulumi up`: the stack creates it.",
                CAUSES.alarmDelivery,
            ),
        ];
    const previous = (alarm.StateValue ?? "OK") as StateValue;
    // SetAlarmState invokes an action only when the state changes (CloudWatch API Reference,
    // SetAlarmState: "When the updated state differs from the previous value, the action configured
    // for the appropriate state is invoked"): an alarm already in ALARM is set to OK (every alarm of
    // the stack notifies the topic on OK too), any other to ALARM.
    const testState: StateValue = previous === "ALARM" ? "OK" : "ALARM";
    const started = new Date();
    await cw.send(
        new SetAlarmStateCommand({
            AlarmName,
            StateValue: testState,
            StateReason: `${PROBE_MARK} ${opts.runId}: a test of the alarm notification path (npm run doctor -- --probe); no action needed`,
        }),
    );
    cleanup.add(`return alarm ${AlarmName} to ${previous}`, () =>
        cw.send(
            new SetAlarmStateCommand({
                AlarmName,
                StateValue: previous,
                StateReason: `${PROBE_MARK} ${opts.runId}: probe finished; the alarm's next evaluation sets its real state`,
            }),
        ),
    );
    const deadline = Date.now() + opts.waitSeconds * 1000;
    for (;;) {
        const history = await cw.send(
            new DescribeAlarmHistoryCommand({ AlarmName, HistoryItemType: "Action", StartDate: started }),
        );
        const items = history.AlarmHistoryItems ?? [];
        const failed = items.find((i) => /Failed to execute action/i.test(i.HistorySummary ?? ""));
        if (failed) {
            const text = `${failed.HistorySummary ?? ""} ${failed.HistoryData ?? ""}`;
            // The text AWS documents for a topic key that refuses CloudWatch: "CloudWatch Alarms does not
            // have authorization to access the SNS topic encryption key." (AWS re:Post Knowledge Center,
            // How do I configure a CloudWatch alarm with an encrypted SNS topic?,
            // https://repost.aws/knowledge-center/cloudwatch-configure-alarm-sns).
            const kms = /KMS|kms:|AccessDenied|encryption key/i.test(text);
            return [
                fail(
                    `alarm delivery: CloudWatch could not notify the alarm topic (${kms ? "KMS access denied" : "action failed"})`,
                    kms
                        ? "The alarm topic's key must let cloudwatch.amazonaws.com use it in the form the SNS guide documents (kms:GenerateDataKey* and kms:Decrypt, no condition the caller does not send): fix components/monitoring/alarm-topic.ts's key policy and run `pulumi up`."
                        : "The alarm topic's policy must let cloudwatch.amazonaws.com publish for this account's alarms (components/monitoring/alarm-topic.ts); run `pulumi up`.",
                    CAUSES.alarmDelivery,
                    [failed.HistorySummary ?? ""],
                ),
            ];
        }
        if (items.some((i) => /Successfully executed action/i.test(i.HistorySummary ?? "")))
            return [ok(`alarm delivery: alarm ${AlarmName} notified the alarm topic`, CAUSES.alarmDelivery)];
        if (Date.now() >= deadline)
            return [
                fail(
                    `alarm delivery: no action of alarm ${AlarmName} was recorded within ${opts.waitSeconds} s`,
                    "Check that the alarm has the topic as its alarm action (`pulumi up`), then run the probe again with a longer --probe-wait.",
                    CAUSES.alarmDelivery,
                ),
            ];
        await opts.sleep(2000);
    }
}

/** The sum (or another statistic) of a metric over the probe's window; undefined when CloudWatch has no datapoint. */
async function metric(
    ctx: DoctorContext,
    opts: ProbeOptions,
    namespace: string,
    name: string,
    dimension: [string, string],
    statistic: "Sum" | "Average",
): Promise<number | undefined> {
    const end = ctx.now;
    const seconds = opts.windowHours * 3600;
    const r = await ctx.clients.cloudwatch.send(
        new GetMetricStatisticsCommand({
            Namespace: namespace,
            MetricName: name,
            Dimensions: [{ Name: dimension[0], Value: dimension[1] }],
            StartTime: new Date(end.getTime() - seconds * 1000),
            EndTime: end,
            Period: seconds,
            Statistics: [statistic],
        }),
    );
    const points = r.Datapoints ?? [];
    if (points.length === 0) return undefined;
    return statistic === "Sum"
        ? points.reduce((n, p) => n + (p.Sum ?? 0), 0)
        : points.reduce((n, p) => n + (p.Average ?? 0), 0) / points.length;
}

/**
 * 2. The flow-failure rule: no failed invocation of its target (the alarm topic) in the window. A test
 * event is not forged: the rule matches only source aws.appflow, and no AWS page says a caller's
 * PutEvents may send it (docs/doctor.md); so the metric is what shows a failed delivery.
 */
async function probeFailureRule(ctx: DoctorContext, opts: ProbeOptions): Promise<Check[]> {
    const ruleArn = ctx.inv.outputs.integrations?.flowFailureRuleArn;
    if (!ruleArn) return [];
    const rule = lastSegment(ruleArn);
    const failed = await metric(ctx, opts, "AWS/Events", "FailedInvocations", ["RuleName", rule], "Sum");
    if ((failed ?? 0) > 0)
        return [
            fail(
                `flow-failure rule ${rule}: ${failed} invocation(s) of its target failed in the last ${opts.windowHours} h`,
                "The alarm topic's policy and key must admit events.amazonaws.com in the documented form (components/monitoring/alarm-topic.ts); run `pulumi up`.",
                CAUSES.failureRule,
            ),
        ];
    const invoked = await metric(ctx, opts, "AWS/Events", "Invocations", ["RuleName", rule], "Sum");
    return [
        (invoked ?? 0) > 0
            ? ok(
                  `flow-failure rule ${rule}: ${invoked} notification(s) delivered, none failed, in the last ${opts.windowHours} h`,
                  CAUSES.failureRule,
              )
            : warn(
                  `flow-failure rule ${rule}: not exercised in the last ${opts.windowHours} h (no failed flow run, so no invocation to judge)`,
                  "Nothing to do now: the first failed run proves the path; FailedInvocations above 0 then means the topic refused it.",
                  CAUSES.failureRule,
              ),
    ];
}

/** At most this many GetRecords calls (a bounded read: 5 calls per second per shard is the quota). */
const MAX_READS = 200;
/**
 * Between two reads of the same shard: GetRecords allows 5 calls per second per shard, shared with
 * the stream's other consumers (Amazon Kinesis Data Streams Developer Guide, Quotas and limits).
 */
const READ_SPACING_MS = 200;
/** The export stream is read from this long before the test profile was created (clock skew). */
const SKEW_MS = 5 * 60 * 1000;

const text = (data: unknown): string =>
    typeof data === "string" ? data : data instanceof Uint8Array ? Buffer.from(data).toString("utf8") : "";

/** 3. The profile export: HEALTHY, and a marked test profile reaches the export stream. */
async function probeExport(ctx: DoctorContext, opts: ProbeOptions, cleanup: Cleanup): Promise<Check[]> {
    const o = ctx.inv.outputs;
    if (!o.profileEventStreamArn || !o.profileExportStreamArn) return [];
    const DomainName = o.domainName;
    const EventStreamName = lastSegment(o.profileEventStreamArn);
    const checks: Check[] = [];
    const es = await ctx.clients.profiles.send(new GetEventStreamCommand({ DomainName, EventStreamName }));
    const status = es.DestinationDetails?.Status;
    if (es.State !== "RUNNING" || status !== "HEALTHY") {
        checks.push(
            fail(
                `export ${EventStreamName}: ${es.State ?? "unknown state"}, destination ${status ?? "unknown"}${es.DestinationDetails?.Message ? `: ${es.DestinationDetails.Message}` : ""}`,
                "The writer (Customer Profiles' service-linked role AWSServiceRoleForProfile_*) must be able to put records on the export stream and use its key: check the export key's policy (components/streaming/profile-export.ts) and run `pulumi up`; the stream recovers when the destination is writable.",
                CAUSES.exportHealth,
            ),
        );
    } else checks.push(ok(`export ${EventStreamName}: RUNNING, destination HEALTHY`, CAUSES.exportHealth));

    const started = new Date();
    const created = await ctx.clients.profiles.send(
        new CreateProfileCommand({
            DomainName,
            FirstName: PROBE_MARK,
            LastName: opts.runId,
            AdditionalInformation: `${PROBE_MARK} ${opts.runId}: a test profile of npm run doctor -- --probe; deleted by the probe`,
            Attributes: { [PROBE_MARK]: opts.runId },
        }),
    );
    const ProfileId = created.ProfileId!;
    opts.log?.(
        `probe: created test profile ${ProfileId} in domain ${DomainName} (attribute ${PROBE_MARK}=${opts.runId}); it is deleted at the end`,
    );
    cleanup.add(`delete test profile ${ProfileId}`, () =>
        ctx.clients.profiles.send(new DeleteProfileCommand({ DomainName, ProfileId })),
    );

    const StreamARN = o.profileExportStreamArn;
    const shards = (await ctx.clients.kinesis.send(new ListShardsCommand({ StreamARN }))).Shards ?? [];
    const iterators = new Map<string, string | undefined>();
    for (const s of shards) {
        const it = await ctx.clients.kinesis.send(
            new GetShardIteratorCommand({
                StreamARN,
                ShardId: s.ShardId!,
                ShardIteratorType: "AT_TIMESTAMP",
                Timestamp: new Date(started.getTime() - SKEW_MS),
            }),
        );
        iterators.set(s.ShardId!, it.ShardIterator);
    }
    // Each shard is read until it is caught up (MillisBehindLatest 0: GetRecords may answer empty while
    // records lie further on), then polled until the wait is over; at most MAX_READS calls in all.
    const deadline = Date.now() + opts.waitSeconds * 1000;
    let reads = 0;
    for (;;) {
        let behind = false;
        for (const [shard, iterator] of iterators) {
            if (!iterator || reads >= MAX_READS) continue;
            reads++;
            const r = await ctx.clients.kinesis.send(new GetRecordsCommand({ StreamARN, ShardIterator: iterator }));
            iterators.set(shard, r.NextShardIterator);
            if ((r.MillisBehindLatest ?? 0) > 0) behind = true;
            if ((r.Records ?? []).some((rec) => text(rec.Data).includes(opts.runId))) {
                checks.push(
                    ok(`export ${EventStreamName}: the test profile reached the export stream`, CAUSES.exportDelivery),
                );
                return checks;
            }
        }
        if (behind && reads < MAX_READS) {
            await opts.sleep(READ_SPACING_MS);
            continue;
        }
        if (Date.now() >= deadline || reads >= MAX_READS) {
            checks.push(
                fail(
                    `export ${EventStreamName}: the test profile did not reach the export stream within ${opts.waitSeconds} s`,
                    "The export writer is AWSServiceRoleForProfile_* (CreateEventStream puts its inline policy): the export key's policy must let it use the key for Kinesis; fix components/streaming/profile-export.ts and run `pulumi up` (docs/streaming.md).",
                    CAUSES.exportDelivery,
                ),
            );
            return checks;
        }
        await opts.sleep(1000);
    }
}

/** 4. Each integration flow ran or is scheduled to; each integration workflow finished. */
async function probeFlows(ctx: DoctorContext): Promise<Check[]> {
    const o = ctx.inv.outputs;
    const flows = [...(o.integrations?.flowNames ?? []), ...(o.salesforceTasks ? [o.salesforceTasks.flowName] : [])];
    const checks: Check[] = [];
    for (const flowName of flows) {
        try {
            const f = await ctx.clients.appflow.send(new DescribeFlowCommand({ flowName }));
            const last = f.lastRunExecutionDetails;
            if (f.flowStatus === "Draft") {
                checks.push(
                    fail(
                        `flow ${flowName} is Draft: it has not run and will not run until it is started`,
                        `Start it: aws appflow start-flow --flow-name ${flowName} (a flow PutIntegration creates stays in Draft until StartFlow is called).`,
                        CAUSES.draftFlow,
                    ),
                );
            } else if (f.flowStatus !== "Active") {
                checks.push(
                    fail(
                        `flow ${flowName} is ${f.flowStatus ?? "in an unknown state"}${f.flowStatusMessage ? `: ${f.flowStatusMessage}` : ""}`,
                        `Fix the cause in its last run, then start it again: aws appflow start-flow --flow-name ${flowName}.`,
                        CAUSES.flowRun,
                        last?.mostRecentExecutionMessage ? [last.mostRecentExecutionMessage] : undefined,
                    ),
                );
            } else if (last?.mostRecentExecutionStatus === "Error") {
                const records = await ctx.clients.appflow.send(
                    new DescribeFlowExecutionRecordsCommand({ flowName, maxResults: 1 }),
                );
                const message =
                    records.flowExecutions?.[0]?.executionResult?.errorInfo?.executionMessage ??
                    last.mostRecentExecutionMessage;
                checks.push(
                    fail(
                        `flow ${flowName}: its last run failed`,
                        "Fix what the run's error names (credentials, source object, destination object type), then wait for the next run.",
                        CAUSES.flowRun,
                        message ? [message] : undefined,
                    ),
                );
            } else {
                const trigger = f.triggerConfig?.triggerType;
                const waiting =
                    trigger === "Event"
                        ? "its first run is waiting for an event"
                        : trigger === "OnDemand"
                          ? "it runs only when started (aws appflow start-flow)"
                          : "its first run is scheduled";
                checks.push(
                    ok(
                        last?.mostRecentExecutionStatus === "Successful"
                            ? `flow ${flowName}: Active, its last run succeeded`
                            : `flow ${flowName}: Active (${trigger ?? "trigger unknown"}), ${waiting}`,
                        CAUSES.flowRun,
                    ),
                );
            }
        } catch (e) {
            checks.push(stepFailed(`flow ${flowName}`, e, CAUSES.flowRun));
        }
    }
    if (o.integrations?.workflowRoleArn) {
        try {
            const items =
                (await ctx.clients.profiles.send(new ListWorkflowsCommand({ DomainName: o.domainName }))).Items ?? [];
            for (const w of items) {
                const id = `${w.WorkflowType ?? "workflow"} ${w.WorkflowId}`;
                if (w.Status === "COMPLETE") checks.push(ok(`workflow ${id}: COMPLETE`, CAUSES.workflow));
                else if (w.Status === "FAILED" || w.Status === "CANCELLED")
                    checks.push(
                        fail(
                            `workflow ${id}: ${w.Status}${w.StatusDescription ? `: ${w.StatusDescription}` : ""}`,
                            "Read its steps (npm run doctor shows them); fix the workflow role or the source, then recreate the workflow with `pulumi up`.",
                            CAUSES.workflow,
                        ),
                    );
                else
                    checks.push(
                        warn(
                            `workflow ${id}: ${w.Status ?? "unknown"} (not finished yet)`,
                            "Run the probe again when it has finished.",
                            CAUSES.workflow,
                        ),
                    );
            }
        } catch (e) {
            checks.push(stepFailed("integration workflows", e, CAUSES.workflow));
        }
    }
    return checks;
}

const streamNameOf = (arn: string) => lastSegment(arn);

/** 5. Firehose delivered contact records to S3; the contact-record and agent-event streams receive. */
async function probeStreams(ctx: DoctorContext, opts: ProbeOptions): Promise<Check[]> {
    const checks: Check[] = [];
    const w = `${opts.windowHours} h`;
    for (const [instance, s] of Object.entries(ctx.inv.outputs.streaming ?? {})) {
        if (s.contactRecordsDeliveryStreamArn) {
            const name = streamNameOf(s.contactRecordsDeliveryStreamArn);
            try {
                const incoming = await metric(
                    ctx,
                    opts,
                    "AWS/Firehose",
                    "IncomingRecords",
                    ["DeliveryStreamName", name],
                    "Sum",
                );
                const success = await metric(
                    ctx,
                    opts,
                    "AWS/Firehose",
                    "DeliveryToS3.Success",
                    ["DeliveryStreamName", name],
                    // The ratio of successful deliveries: its Average over the window (Amazon Data
                    // Firehose Developer Guide, Data delivery CloudWatch metrics: "DeliveryToS3.Success").
                    "Average",
                );
                if (!incoming)
                    checks.push(
                        fail(
                            `contact records of ${instance}: Firehose stream ${name} received nothing in the last ${w}`,
                            "Make a test contact on the instance; if still nothing arrives, check its storage config (npm run doctor) and that Amazon Connect may use the instance key.",
                            CAUSES.stream,
                        ),
                    );
                else if (success === undefined)
                    checks.push(
                        warn(
                            `contact records of ${instance}: Firehose ${name} received ${incoming} records but reports no DeliveryToS3.Success yet (a delivery waits for the buffer interval)`,
                            "Run the probe again after the buffer interval; if DeliveryToS3.Success is still absent or below 1, check the delivery role (Grant Firehose access to an Amazon S3 destination).",
                            CAUSES.firehose,
                        ),
                    );
                else if (success < 1)
                    checks.push(
                        fail(
                            `contact records of ${instance}: Firehose ${name} did not deliver every batch to S3 (DeliveryToS3.Success average ${Math.round(success * 100) / 100})`,
                            "Firehose's delivery role must be able to write the bucket and use its key (Grant Firehose access to an Amazon S3 destination): fix the role's trust or policy in components/streaming/instance-streaming.ts and run `pulumi up`.",
                            CAUSES.firehose,
                        ),
                    );
                else
                    checks.push(
                        ok(
                            `contact records of ${instance}: ${incoming} received by ${name}, delivered to S3`,
                            CAUSES.firehose,
                        ),
                    );
            } catch (e) {
                checks.push(stepFailed(`contact records of ${instance}`, e, CAUSES.firehose));
            }
        }
        const kinds: [string, string | undefined][] = [
            ["contact records", s.contactRecordsStreamArn],
            ["agent events", s.agentEventsStreamArn],
        ];
        for (const [what, arn] of kinds) {
            if (!arn) continue;
            const name = streamNameOf(arn);
            try {
                const incoming = await metric(ctx, opts, "AWS/Kinesis", "IncomingRecords", ["StreamName", name], "Sum");
                checks.push(
                    incoming
                        ? ok(
                              `${what} of ${instance}: ${incoming} records received by ${name} in the last ${w}`,
                              CAUSES.stream,
                          )
                        : fail(
                              `${what} of ${instance}: data stream ${name} received nothing in the last ${w}`,
                              what === "agent events"
                                  ? "Log an agent in to the CCP (agent events flow while agents are logged in); if still nothing arrives, check the instance's storage config and that Amazon Connect may use the stream's key."
                                  : "Make a test contact on the instance; if still nothing arrives, check the instance's storage config and that Amazon Connect may use the stream's key.",
                              CAUSES.stream,
                          ),
                );
            } catch (e) {
                checks.push(stepFailed(`${what} of ${instance}`, e, CAUSES.stream));
            }
        }
    }
    return checks;
}

/** Runs every probe step (a failed step does not stop the others), then the cleanup, always. */
export async function runProbe(ctx: DoctorContext, opts: ProbeOptions): Promise<Check[]> {
    const cleanup = new Cleanup();
    const checks: Check[] = [];
    // Ctrl-C or a CI cancellation (SIGINT, SIGTERM) still removes the test data, then ends with 128+n.
    const onSignal = (signal: NodeJS.Signals) => {
        void (async () => {
            opts.log?.(`probe: ${signal}: removing the test data before exiting`);
            for (const c of await cleanup.runAll())
                opts.log?.(`${c.status === "ok" ? "ok" : "problem"}  ${c.message}${c.remedy ? ` (${c.remedy})` : ""}`);
            (opts.exit ?? process.exit)(signal === "SIGINT" ? 130 : 143);
        })();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const steps: [string, Cause, () => Promise<Check[]>][] = [
        ["alarm delivery", CAUSES.alarmDelivery, () => probeAlarmDelivery(ctx, opts, cleanup)],
        ["flow-failure rule", CAUSES.failureRule, () => probeFailureRule(ctx, opts)],
        ["profile export", CAUSES.exportDelivery, () => probeExport(ctx, opts, cleanup)],
        ["flows and workflows", CAUSES.flowRun, () => probeFlows(ctx)],
        ["streams", CAUSES.stream, () => probeStreams(ctx, opts)],
    ];
    try {
        for (const [name, cause, step] of steps) {
            try {
                checks.push(...(await step()));
            } catch (e) {
                checks.push(stepFailed(name, e, cause));
            }
        }
    } finally {
        process.removeListener("SIGINT", onSignal);
        process.removeListener("SIGTERM", onSignal);
        checks.push(...(await cleanup.runAll()));
    }
    return checks;
}
