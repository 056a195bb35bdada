// The streaming sections of the stack configuration: instance data streaming (contact records and
// agent events from Amazon Connect) and the real-time export of unified profiles. Composed into
// `stackConfigSchema` by config.ts; cross-entry checks (references to instance names) are in
// `crossCheckStreaming`, which config.ts's `crossCheck` calls.
import { z } from "zod";
import { MAX_SHARDS_PER_STREAM, shardsForPeak } from "./shard-math";
import { expected, wholeNumber } from "../common/config-rules";
import type { Rule } from "../common/names";

/** Kinesis retention bounds, hours: 24 hours (the default) to 365 days. */
export const MIN_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 365 * 24;
/** The event stream name rule (CreateEventStream API: 1–64 of [a-zA-Z0-9_-]; the schema allows 255). */
export const EVENT_STREAM_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
/** An event stream's name: the configuration schema and `validateProfileExportArgs` state this one form. */
export const EVENT_STREAM_NAME: Rule = {
    test: (v) => EVENT_STREAM_NAME_PATTERN.test(v),
    form: 'an event stream name of 1–64 letters, digits, "_" or "-"',
};
/** S3 key prefix for Firehose deliveries: safe characters only, ends with "/". */
export const S3_PREFIX_PATTERN = /^[a-zA-Z0-9!_.*'()-]+(\/[a-zA-Z0-9!_.*'()-]+)*\/$/;

const RETENTION = `a whole number of hours from ${MIN_RETENTION_HOURS} to ${MAX_RETENTION_HOURS} (24 hours to 365 days)`;
const SHARDS = `a whole number of shards from 1 to ${MAX_SHARDS_PER_STREAM}`;

/** A rate the peak schema accepts: a finite whole number, at least 1. */
const isRate = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1;

const peakSchema = z.strictObject(
    {
        recordsPerSecond: wholeNumber("a whole number of records per second, at least 1", 1),
        bytesPerSecond: wholeNumber("a whole number of bytes per second, at least 1", 1),
    },
    expected("an object { recordsPerSecond, bytesPerSecond }"),
);

/** One Kinesis data stream's capacity and retention. */
export const streamSettingsSchema = z
    .strictObject(
        {
            /** ON_DEMAND (default) scales by itself; PROVISIONED needs `shardCount` or `peak`. */
            capacity: z.enum(["ON_DEMAND", "PROVISIONED"], expected("ON_DEMAND or PROVISIONED")).default("ON_DEMAND"),
            /** Shards of a PROVISIONED stream; mutually exclusive with `peak`. */
            shardCount: wholeNumber(
                SHARDS,
                1,
                MAX_SHARDS_PER_STREAM,
                `${SHARDS} (the default shard quota per account)`,
            ).optional(),
            /** The stated peak write load a PROVISIONED stream's shard count is derived from; mutually exclusive with `shardCount`. */
            peak: peakSchema.optional(),
            /** Hours records stay readable. */
            retentionHours: wholeNumber(RETENTION, MIN_RETENTION_HOURS, MAX_RETENTION_HOURS).default(
                MIN_RETENTION_HOURS,
            ),
        },
        expected("an object { capacity, shardCount | peak, retentionHours }"),
    )
    .superRefine((s, ctx) => {
        if (s.capacity === "ON_DEMAND") {
            if (s.shardCount !== undefined)
                ctx.addIssue({
                    code: "custom",
                    path: ["shardCount"],
                    input: s.shardCount,
                    message: "no shardCount unless capacity is PROVISIONED (ON_DEMAND streams scale by themselves)",
                });
            if (s.peak !== undefined)
                ctx.addIssue({
                    code: "custom",
                    path: ["peak"],
                    input: s.peak,
                    message: "no peak unless capacity is PROVISIONED (ON_DEMAND streams scale by themselves)",
                });
            return;
        }
        if (s.shardCount !== undefined && s.peak !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["peak"],
                input: s.peak,
                message: "either shardCount or peak, not both",
            });
        } else if (s.shardCount === undefined && s.peak === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["shardCount"],
                input: undefined,
                message: `${SHARDS}, or a peak { recordsPerSecond, bytesPerSecond } to derive it from, when capacity is PROVISIONED`,
            });
        } else if (s.peak !== undefined && isRate(s.peak.recordsPerSecond) && isRate(s.peak.bytesPerSecond)) {
            // Only a peak whose rates passed their own rules is sized: zod runs this refinement even
            // when a rate is negative or not finite (those issues do not abort), and shardsForPeak
            // throws on such a rate, which would end the run in an internal error, not a config error.
            const shards = shardsForPeak(s.peak);
            if (shards > MAX_SHARDS_PER_STREAM) {
                ctx.addIssue({
                    code: "custom",
                    path: ["peak"],
                    input: s.peak,
                    message: `a peak that needs at most ${MAX_SHARDS_PER_STREAM} shards (this one needs ${shards}: 1,000 records/s and 1 MiB/s per shard)`,
                });
            }
        }
    });
export type StreamSettings = z.infer<typeof streamSettingsSchema>;

/** The S3 destination of a Firehose delivery stream for contact records; the stack creates the bucket. */
export const firehoseDestinationSchema = z.strictObject(
    {
        /** Key prefix of delivered objects. */
        prefix: z
            .string(
                expected(
                    'an S3 key prefix such as contact-records/ (letters, digits, !_.*\'()- and "/", ending with "/")',
                ),
            )
            .regex(
                S3_PREFIX_PATTERN,
                expected(
                    'an S3 key prefix such as contact-records/ (letters, digits, !_.*\'()- and "/", ending with "/")',
                ),
            )
            .default("contact-records/"),
        /** Key prefix of records Firehose failed to deliver. */
        errorPrefix: z
            .string(expected("an S3 key prefix such as contact-records-errors/"))
            .regex(
                S3_PREFIX_PATTERN,
                expected(
                    'an S3 key prefix such as contact-records-errors/ (letters, digits, !_.*\'()- and "/", ending with "/")',
                ),
            )
            .default("contact-records-errors/"),
        /** Days after which delivered objects expire (lifecycle rule). */
        expirationDays: wholeNumber("a whole number of days from 1 to 3650", 1, 3650).default(365),
        /** Days after which replaced (non-current) object versions expire. */
        noncurrentVersionExpirationDays: wholeNumber("a whole number of days from 1 to 365", 1, 365).default(30),
        /** Seconds Firehose buffers before writing an object. */
        bufferingIntervalSeconds: wholeNumber("a whole number of seconds from 0 to 900", 0, 900).default(300),
        /** MiB Firehose buffers before writing an object. */
        bufferingSizeMiB: wholeNumber("a whole number of MiB from 1 to 128", 1, 128).default(5),
        /** Days after which the bucket's server access logs (in their own log bucket) expire. */
        accessLogExpirationDays: wholeNumber("a whole number of days from 1 to 3650", 1, 3650).default(365),
    },
    expected(
        "an object { prefix, errorPrefix, expirationDays, noncurrentVersionExpirationDays, bufferingIntervalSeconds, bufferingSizeMiB, accessLogExpirationDays }",
    ),
);
export type FirehoseDestination = z.infer<typeof firehoseDestinationSchema>;

const contactRecordsSchema = z
    .strictObject(
        {
            /** KINESIS_STREAM, or KINESIS_FIREHOSE (delivering to an S3 bucket the stack creates). */
            target: z.enum(["KINESIS_STREAM", "KINESIS_FIREHOSE"], expected("KINESIS_STREAM or KINESIS_FIREHOSE")),
            /** The data stream's settings (KINESIS_STREAM only). */
            stream: streamSettingsSchema.optional(),
            /** The S3 destination (KINESIS_FIREHOSE only, and required with it). */
            destination: firehoseDestinationSchema.optional(),
        },
        expected("an object { target, stream } or { target: KINESIS_FIREHOSE, destination }"),
    )
    .superRefine((c, ctx) => {
        if (c.target === "KINESIS_FIREHOSE" && c.destination === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["destination"],
                input: undefined,
                message:
                    "a destination { prefix, expirationDays, … } when target is KINESIS_FIREHOSE (Firehose delivers contact records to an S3 bucket the stack creates)",
            });
        }
        if (c.target === "KINESIS_FIREHOSE" && c.stream !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["stream"],
                input: c.stream,
                message: "no stream settings when target is KINESIS_FIREHOSE (they apply to KINESIS_STREAM)",
            });
        }
        if (c.target === "KINESIS_STREAM" && c.destination !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["destination"],
                input: c.destination,
                message: "no destination when target is KINESIS_STREAM (it applies to KINESIS_FIREHOSE)",
            });
        }
    });
export type ContactRecordsStreaming = z.infer<typeof contactRecordsSchema>;

const agentEventsSchema = z.strictObject(
    {
        /** The data stream's settings (defaults: ON_DEMAND, 24 hours). */
        stream: streamSettingsSchema.optional(),
    },
    expected("an object { stream } (use {} for the defaults)"),
);

/** What one Amazon Connect instance streams. Either part may be absent (off); not both. */
export const instanceStreamingEntrySchema = z
    .strictObject(
        {
            contactRecords: contactRecordsSchema.optional(),
            agentEvents: agentEventsSchema.optional(),
        },
        expected("an object { contactRecords, agentEvents }"),
    )
    .refine(
        (e) => e.contactRecords !== undefined || e.agentEvents !== undefined,
        expected("at least one of contactRecords, agentEvents (leave the instance out to stream nothing)"),
    );
export type InstanceStreamingEntry = z.infer<typeof instanceStreamingEntrySchema>;

/** `instanceStreaming`: keyed by the `name` of an entry in `connectInstances`. */
export const instanceStreamingSchema = z
    .record(
        z.string(),
        instanceStreamingEntrySchema,
        expected("a map from connectInstances names to { contactRecords, agentEvents }"),
    )
    .default({});
export type InstanceStreamingConfig = z.infer<typeof instanceStreamingSchema>;

export const PROFILE_EXPORT_QUOTA_MESSAGE =
    "at most one event stream: Customer Profiles allows exactly one per domain (a hard quota)";

/** `profileExports`: the domain's real-time export (at most one: a hard quota). */
export const profileExportsSchema = z
    .array(
        z.strictObject(
            {
                /** Name of the event stream (1–64 letters, digits, "_" or "-"). Create-only. */
                name: z
                    .string(expected(EVENT_STREAM_NAME.form))
                    .regex(EVENT_STREAM_NAME_PATTERN, expected(EVENT_STREAM_NAME.form)),
                /** The destination data stream's settings (defaults: ON_DEMAND, 24 hours). */
                stream: streamSettingsSchema.optional(),
            },
            expected("an object { name, stream }"),
        ),
        expected("a list with at most one event stream { name, stream }"),
    )
    .max(1, expected(PROFILE_EXPORT_QUOTA_MESSAGE))
    .default([]);
export type ProfileExportConfig = z.infer<typeof profileExportsSchema>[number];

/** The default settings of a stream whose `stream` is omitted. */
export function defaultStreamSettings(): StreamSettings {
    return { capacity: "ON_DEMAND", retentionHours: MIN_RETENTION_HOURS };
}

/** The shard count a stream's settings ask for (undefined: ON_DEMAND). */
export function shardCountOf(s: StreamSettings): number | undefined {
    if (s.capacity === "ON_DEMAND") return undefined;
    return s.shardCount ?? shardsForPeak(s.peak!);
}

export interface StreamingCrossProblem {
    key: string;
    value: unknown;
    expected: string;
}

/**
 * Cross-entry checks on the raw config: every `instanceStreaming` key names an entry of
 * `connectInstances`. Runs even when other fields are invalid.
 */
export function crossCheckStreaming(raw: Record<string, unknown>, project: string): StreamingCrossProblem[] {
    const streaming = raw.instanceStreaming;
    if (streaming === null || typeof streaming !== "object" || Array.isArray(streaming)) return [];
    const instances = Array.isArray(raw.connectInstances) ? raw.connectInstances : [];
    const names = instances
        .map((i: unknown) => (i !== null && typeof i === "object" ? (i as Record<string, unknown>).name : undefined))
        .filter((n): n is string => typeof n === "string");
    return Object.keys(streaming)
        .filter((k) => !names.includes(k))
        .map((k) => ({
            key: `${project}:instanceStreaming.${k}`,
            value: k,
            expected:
                names.length > 0
                    ? `the name of an instance in connectInstances (${names.join(", ")})`
                    : "the name of an instance in connectInstances",
        }));
}
