// The `silentStopAlarms` section of the stack configuration: how long each stream of the stack may
// receive nothing before an alarm says it stopped. Composed into `stackConfigSchema` by
// components/config/index.ts; the stream keys are checked against `instanceStreaming` and
// `profileExports` by crossCheckSilentStops.
import { z } from "zod";
import { expected } from "../common/config-rules";

/** The alarm's period: CloudWatch judges one datapoint (the sum of IncomingRecords) per 5 minutes. */
export const SILENCE_PERIOD_SECONDS = 300;
/**
 * At most one day: for a period under one hour, Period × EvaluationPeriods may not exceed 86,400
 * seconds (Amazon CloudWatch API Reference, "PutMetricAlarm", Period and EvaluationPeriods).
 */
export const MAX_SILENCE_MINUTES = 1440;
/**
 * The default window of a contact-record stream: one day, the longest CloudWatch allows here. A
 * contact center closed for part of the day sends no contact record then (a center open 9–17 is
 * quiet for 16 hours every night, longer than any shorter default would tolerate), and a page every
 * night would teach the team to ignore the alarm; a stream that stopped is still reported within a
 * day. A center with traffic around the clock sets a shorter window (`noRecordsMinutes`); one closed
 * for whole days (weekends) sets its stream to false or accepts the alarm after a closed day.
 */
export const DEFAULT_SILENCE_MINUTES = MAX_SILENCE_MINUTES;

export const SILENCE_MINUTES_FORM = `a whole number of minutes from 5 to ${MAX_SILENCE_MINUTES}, a multiple of 5 (the alarm judges 5-minute sums of IncomingRecords; CloudWatch evaluates at most one day for such a period)`;
const STREAM_SETTING_FORM = `${SILENCE_MINUTES_FORM}, or false for no alarm on this stream`;

const minutes = (form: string) =>
    z
        .number(expected(form))
        .int(expected(form))
        .min(5, expected(form))
        .max(MAX_SILENCE_MINUTES, expected(form))
        .refine((n) => n % 5 === 0, expected(form));

/** The stream key of the profile export in `silentStopAlarms.streams`. */
export const PROFILE_EXPORT_STREAM_KEY = "profileExport";

/**
 * The streams that have no alarm unless `streams` gives them minutes (opt-in): agent events flow only
 * while an agent is logged in, and the profile export only when a profile changes; both are quiet
 * for long stretches on a healthy stack.
 */
export const OPT_IN_STREAM = (key: string): boolean =>
    key === PROFILE_EXPORT_STREAM_KEY || key.endsWith("/agentEvents");

/**
 * `silentStopAlarms`: by default an alarm on every contact-record stream after a day without records;
 * agent events and the profile export only when `streams` gives them minutes.
 */
export const silentStopAlarmsSchema = z
    .strictObject(
        {
            /** Minutes without a record after which a contact-record stream's alarm fires (each one not listed in `streams`). */
            noRecordsMinutes: minutes(SILENCE_MINUTES_FORM).default(DEFAULT_SILENCE_MINUTES),
            /**
             * Per stream (`INSTANCE/contactRecords`, `INSTANCE/agentEvents`, `profileExport`): its own
             * minutes (which turns on the opt-in agent-event and profile-export alarms), or false for no
             * alarm (a stream that is quiet for hours by design).
             */
            streams: z
                .record(
                    z.string(),
                    z.union([minutes(STREAM_SETTING_FORM), z.literal(false)], expected(STREAM_SETTING_FORM)),
                    expected(
                        "a map from stream keys (INSTANCE/contactRecords, INSTANCE/agentEvents, profileExport) to minutes or false",
                    ),
                )
                .default({}),
        },
        expected("an object { noRecordsMinutes, streams } (use {} for the defaults)"),
    )
    .default({ noRecordsMinutes: DEFAULT_SILENCE_MINUTES, streams: {} });
export type SilentStopAlarmsConfig = z.infer<typeof silentStopAlarmsSchema>;

/** The stream keys a stack's raw `instanceStreaming` and `profileExports` configure. */
export function streamKeysOf(raw: Record<string, unknown>): string[] {
    const keys: string[] = [];
    const streaming = raw.instanceStreaming;
    if (streaming !== null && typeof streaming === "object" && !Array.isArray(streaming)) {
        for (const [instance, entry] of Object.entries(streaming as Record<string, unknown>)) {
            if (entry === null || typeof entry !== "object") continue;
            const e = entry as Record<string, unknown>;
            if (e.contactRecords !== undefined) keys.push(`${instance}/contactRecords`);
            if (e.agentEvents !== undefined) keys.push(`${instance}/agentEvents`);
        }
    }
    if (Array.isArray(raw.profileExports) && raw.profileExports.length > 0) keys.push(PROFILE_EXPORT_STREAM_KEY);
    return keys;
}

/** Every key of `silentStopAlarms.streams` names a stream the stack has (a misspelt key would leave its alarm at the default in silence). */
export function crossCheckSilentStops(
    raw: Record<string, unknown>,
    project: string,
): { key: string; value: unknown; expected: string }[] {
    const s = raw.silentStopAlarms;
    if (s === null || typeof s !== "object" || Array.isArray(s)) return [];
    const streams = (s as Record<string, unknown>).streams;
    if (streams === null || typeof streams !== "object" || Array.isArray(streams)) return [];
    const known = streamKeysOf(raw);
    return Object.keys(streams)
        .filter((k) => !known.includes(k))
        .map((k) => ({
            key: `${project}:silentStopAlarms.streams.${k}`,
            value: k,
            expected:
                known.length > 0
                    ? `the key of a stream this stack has (${known.join(", ")})`
                    : "the key of a stream this stack has (it configures none: set instanceStreaming or profileExports first)",
        }));
}

/** The minutes of a stream's alarm, or undefined for none (an opt-in stream not listed in `streams`). */
export function silenceMinutesFor(cfg: SilentStopAlarmsConfig, key: string): number | undefined {
    const v = cfg.streams[key];
    if (v === false) return undefined;
    if (v === undefined && OPT_IN_STREAM(key)) return undefined;
    return v ?? cfg.noRecordsMinutes;
}
