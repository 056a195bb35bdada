// Alarms for the failures that make no noise: a stream that should be receiving records and stops.
// A writer that loses its permission (a key policy, a trust policy, an UNHEALTHY profile export)
// never reaches the stream, so the stream's own error metrics stay silent: only the absence of
// records shows it. One alarm per stream on IncomingRecords, with missing data treated as breaching.
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import { ArgsError } from "../common/errors";
import {
    MAX_SILENCE_MINUTES,
    PROFILE_EXPORT_STREAM_KEY,
    SILENCE_PERIOD_SECONDS,
    silenceMinutesFor,
    SilentStopAlarmsConfig,
} from "./silence-config";

/** A stream the stack expects to receive records. */
export interface WatchedStream {
    /** The stream's key in `silentStopAlarms.streams` (e.g. `support/contactRecords`, `profileExport`). */
    key: string;
    /** A Kinesis data stream, or a Firehose stream written directly (Direct PUT, as Amazon Connect does). */
    kind: "kinesis" | "firehose";
    /** The stream's name: the metric's dimension. */
    name: pulumi.Input<string>;
    /** What it carries, for the alarm's description (e.g. "contact records of support"). */
    description: string;
    /** Minutes without any record after which the alarm fires: 5 to 1440, a multiple of 5. */
    minutes: number;
}

/** The streams of one instance (from InstanceStreaming). */
export interface InstanceStreams {
    instance: string;
    contactRecords?: { kind: WatchedStream["kind"]; name: pulumi.Input<string> };
    agentEvents?: pulumi.Input<string>;
}

/** The streams to watch, each with the minutes `silentStopAlarms` gives it (a stream set to false is left out). */
export function watchedStreams(
    cfg: SilentStopAlarmsConfig,
    instances: InstanceStreams[],
    profileExportStreamName?: pulumi.Input<string>,
): WatchedStream[] {
    const all: Omit<WatchedStream, "minutes">[] = [];
    for (const i of instances) {
        if (i.contactRecords)
            all.push({
                key: `${i.instance}/contactRecords`,
                ...i.contactRecords,
                description: `contact records of ${i.instance}`,
            });
        if (i.agentEvents !== undefined)
            all.push({
                key: `${i.instance}/agentEvents`,
                kind: "kinesis",
                name: i.agentEvents,
                description: `agent events of ${i.instance}`,
            });
    }
    if (profileExportStreamName !== undefined)
        all.push({
            key: PROFILE_EXPORT_STREAM_KEY,
            kind: "kinesis",
            name: profileExportStreamName,
            description: "the profile export",
        });
    return all.flatMap((s) => {
        const minutes = silenceMinutesFor(cfg, s.key);
        return minutes === undefined ? [] : [{ ...s, minutes }];
    });
}

/**
 * The alarm settings for one stream.
 *
 * - Kinesis publishes IncomingRecords ("the number of records successfully put to the Kinesis
 *   stream") per stream every minute at no charge, namespace AWS/Kinesis, dimension StreamName
 *   (Amazon Kinesis Data Streams Developer Guide, "Monitor the Amazon Kinesis Data Streams service
 *   with Amazon CloudWatch", https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html).
 * - Firehose publishes IncomingRecords for Direct PUT streams, namespace AWS/Firehose, dimension
 *   DeliveryStreamName (Amazon Data Firehose Developer Guide, "Monitor Amazon Data Firehose with
 *   CloudWatch metrics", https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html).
 * - A stream that receives nothing publishes no datapoint at all, not a zero: so missing data is
 *   breaching (Amazon CloudWatch User Guide, "Configuring how CloudWatch alarms treat missing data",
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html:
 *   the default, `missing`, would leave a silent stream in INSUFFICIENT_DATA and notify no one).
 * - Every 5-minute sum of the window must be below 1 (M = N): one record in the window keeps it OK.
 */
export function silentStopAlarmSettings(
    s: Pick<WatchedStream, "kind" | "description" | "minutes">,
): Omit<cloudwatch.MetricAlarmArgs, "dimensions" | "alarmActions" | "okActions" | "tags"> {
    const periods = s.minutes / (SILENCE_PERIOD_SECONDS / 60);
    return {
        alarmDescription: `No records reached the ${s.kind === "kinesis" ? "data stream" : "Firehose stream"} of ${s.description} for ${s.minutes} minutes (IncomingRecords): its writer may have stopped or lost its permission. Run \`npm run doctor\` (and \`-- --probe\`); see docs/runbook.md, "A stream stopped receiving".`,
        namespace: s.kind === "kinesis" ? "AWS/Kinesis" : "AWS/Firehose",
        metricName: "IncomingRecords",
        statistic: "Sum",
        period: SILENCE_PERIOD_SECONDS,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
    };
}

/** Arguments of {@link SilentStopAlarms}. */
export interface SilentStopAlarmsArgs {
    /**
     * The streams that should be receiving, each with its window (from `silentStopAlarms`).
     * @default — required (an empty list creates nothing)
     */
    streams: WatchedStream[];
    /**
     * The encrypted alarm topic (see {@link AlarmTopic}) every alarm notifies, on ALARM and on OK.
     * @default — required
     */
    topicArn: pulumi.Input<string>;
    /**
     * Tags on every alarm.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

export function validateSilentStopAlarmsArgs(args: SilentStopAlarmsArgs): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    args.streams.forEach((s, i) => {
        if (!Number.isInteger(s.minutes) || s.minutes < 5 || s.minutes > MAX_SILENCE_MINUTES || s.minutes % 5 !== 0)
            problems.push(
                `streams[${i}].minutes: ${JSON.stringify(s.minutes)} is not valid; expected a whole number of minutes from 5 to ${MAX_SILENCE_MINUTES}, a multiple of 5`,
            );
        if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z]+)?$/.test(s.key))
            problems.push(
                `streams[${i}].key: ${JSON.stringify(s.key)} is not valid; expected INSTANCE/contactRecords, INSTANCE/agentEvents or profileExport`,
            );
        if (seen.has(s.key))
            problems.push(`streams[${i}].key: ${JSON.stringify(s.key)} is not valid; expected each stream once`);
        seen.add(s.key);
    });
    return problems;
}

/** The child name of a stream's alarm: `INSTANCE/contactRecords` → `NAME-INSTANCE-contactRecords-silent`. */
const childName = (name: string, key: string) => `${name}-${key.replace(/\//g, "-")}-silent`;

/**
 * One CloudWatch alarm per stream that should be receiving: no records for the configured minutes
 * (a silent stop) notifies the alarm topic, and so does the recovery.
 */
export class SilentStopAlarms extends pulumi.ComponentResource {
    /** The alarms, by stream key. */
    public readonly alarms: Record<string, cloudwatch.MetricAlarm> = {};

    constructor(name: string, args: SilentStopAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("SilentStopAlarms", name, validateSilentStopAlarmsArgs(args));
        super("customer-profiles:index:SilentStopAlarms", name, {}, opts);
        for (const s of args.streams) {
            this.alarms[s.key] = new cloudwatch.MetricAlarm(
                childName(name, s.key),
                {
                    ...silentStopAlarmSettings(s),
                    dimensions: s.kind === "kinesis" ? { StreamName: s.name } : { DeliveryStreamName: s.name },
                    alarmActions: [args.topicArn],
                    okActions: [args.topicArn],
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        this.registerOutputs({
            alarmArns: Object.fromEntries(Object.entries(this.alarms).map(([k, a]) => [k, a.arn])),
        });
    }
}
