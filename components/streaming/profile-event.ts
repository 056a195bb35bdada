// The consumer contract of the real-time profile export: the payload Customer Profiles writes to
// the export stream, as a TypeScript type and a runtime validator a consumer (e.g. a Lambda reading
// the Kinesis stream) can use. No Pulumi imports: safe to bundle into a function.

/** Why the event was written. */
export type ProfileEventType = "CREATED" | "UPDATED" | "HEALTH_CHECK";
export const PROFILE_EVENT_TYPES: readonly ProfileEventType[] = ["CREATED", "UPDATED", "HEALTH_CHECK"];
/** The object type name of a standard profile. */
export const STANDARD_PROFILE_TYPE = "_profile";

interface ProfileEventCommon {
    /** Schema version of the payload (0). */
    SchemaVersion: number;
    /** Unique ID of the event. */
    EventId: string;
    /** When the event happened, ISO 8601 (e.g. 2023-02-24T07:17:05.356Z). */
    EventTimestamp: string;
    /** CREATED (CreateProfile), UPDATED (UpdateProfile), HEALTH_CHECK (the stream accepts events). */
    EventType: ProfileEventType;
    /** The domain the event belongs to. */
    DomainName: string;
    /** true when delivered in real time, false when redelivered. */
    IsMessageRealTime: boolean;
}

/** An event about a standard profile: no AssociatedProfileId. */
export interface StandardProfileEvent extends ProfileEventCommon {
    ObjectTypeName: "_profile";
    AssociatedProfileId?: never;
    /** Unique ID the service generated for the profile object. */
    ProfileObjectUniqueKey?: string;
    /** The standard profile. */
    Object: Record<string, unknown>;
}

/** An event about a profile object (`_asset`, `_order`, `_case`, a template such as `Salesforce-Account`, or a custom type). */
export interface ProfileObjectEvent extends ProfileEventCommon {
    ObjectTypeName: string;
    /** The standard profile the object belongs to. */
    AssociatedProfileId: string;
    /** Unique ID the service generated for the profile object. */
    ProfileObjectUniqueKey: string;
    /** The profile object itself. */
    Object: Record<string, unknown>;
}

/** A health-check event: confirms the service can put events on the stream; carries no object. */
export interface HealthCheckEvent extends ProfileEventCommon {
    EventType: "HEALTH_CHECK";
    ObjectTypeName?: string;
    AssociatedProfileId?: string;
    ProfileObjectUniqueKey?: string;
    Object?: Record<string, unknown>;
}

/** A profile event as exported to the Kinesis data stream. */
export type ProfileEvent = StandardProfileEvent | ProfileObjectEvent | HealthCheckEvent;

/** Raised by {@link parseProfileEvent}: lists every problem of a malformed event. */
export class ProfileEventError extends Error {
    constructor(public readonly problems: string[]) {
        super(
            `Invalid profile event (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        );
        this.name = "ProfileEventError";
    }
}

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/** true when `s` is an ISO 8601 date-time with a time zone that names a real instant. */
export function isIso8601Timestamp(s: string): boolean {
    const m = ISO_8601.exec(s);
    if (!m) return false;
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
    if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > daysInMonth) return false;
    if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
    return !Number.isNaN(Date.parse(s));
}

function show(v: unknown): string {
    if (v === undefined) return "(missing)";
    const text = JSON.stringify(v);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/**
 * Every problem of a candidate profile event (empty when valid). Unknown extra fields are allowed,
 * so that a consumer keeps working when the service adds fields.
 */
export function validateProfileEvent(event: unknown): string[] {
    if (!isObject(event)) return [`the event: ${show(event)} is not valid; expected a JSON object`];
    const problems: string[] = [];
    const bad = (field: string, form: string) =>
        problems.push(`${field}: ${show(event[field])} is not valid; expected ${form}`);

    if (typeof event.SchemaVersion !== "number" || !Number.isInteger(event.SchemaVersion) || event.SchemaVersion < 0)
        bad("SchemaVersion", "a non-negative whole number (0)");
    if (!nonEmptyString(event.EventId)) bad("EventId", "a non-empty string");
    if (typeof event.EventTimestamp !== "string" || !isIso8601Timestamp(event.EventTimestamp))
        bad("EventTimestamp", "an ISO 8601 timestamp such as 2023-02-24T07:17:05.356Z");
    const type = event.EventType;
    if (typeof type !== "string" || !(PROFILE_EVENT_TYPES as readonly string[]).includes(type))
        bad("EventType", `one of ${PROFILE_EVENT_TYPES.join(", ")}`);
    if (!nonEmptyString(event.DomainName) || !/^[a-zA-Z0-9_-]{1,64}$/.test(event.DomainName))
        bad("DomainName", 'a domain name of 1–64 letters, digits, "_" or "-"');
    if (typeof event.IsMessageRealTime !== "boolean") bad("IsMessageRealTime", "true or false");

    const healthCheck = type === "HEALTH_CHECK";
    const objectType = event.ObjectTypeName;
    if (objectType !== undefined || !healthCheck) {
        if (!nonEmptyString(objectType))
            bad("ObjectTypeName", "an object type name such as _profile, _order or Salesforce-Account");
    }
    const standard = objectType === STANDARD_PROFILE_TYPE;
    if (standard) {
        if (event.AssociatedProfileId !== undefined)
            bad("AssociatedProfileId", "no AssociatedProfileId when ObjectTypeName is _profile");
    } else if (nonEmptyString(objectType)) {
        if (!nonEmptyString(event.AssociatedProfileId))
            bad(
                "AssociatedProfileId",
                `the ID of the profile the object belongs to (required when ObjectTypeName is ${objectType})`,
            );
    } else if (event.AssociatedProfileId !== undefined && !nonEmptyString(event.AssociatedProfileId)) {
        bad("AssociatedProfileId", "a non-empty string");
    }
    const key = event.ProfileObjectUniqueKey;
    if (key !== undefined || (!healthCheck && !standard)) {
        if (!nonEmptyString(key))
            bad("ProfileObjectUniqueKey", "the unique key the service generated for the object (a non-empty string)");
    }
    if (event.Object !== undefined || !healthCheck) {
        if (!isObject(event.Object)) bad("Object", "a JSON object (the profile or the profile object)");
    }
    return problems;
}

/** true when `event` is a valid profile event (a type guard). */
export function isProfileEvent(event: unknown): event is ProfileEvent {
    return validateProfileEvent(event).length === 0;
}

/**
 * Parses a profile event from JSON text, a Buffer, or an already-parsed value; throws a
 * {@link ProfileEventError} listing every problem.
 */
export function parseProfileEvent(input: unknown): ProfileEvent {
    let value = input;
    if (typeof input === "string" || Buffer.isBuffer(input)) {
        try {
            value = JSON.parse(input.toString());
        } catch (e) {
            throw new ProfileEventError([`the event: is not JSON (${(e as Error).message})`]);
        }
    }
    const problems = validateProfileEvent(value);
    if (problems.length > 0) throw new ProfileEventError(problems);
    return value as ProfileEvent;
}

/** Decodes a Kinesis record's `data` (base64, as a Lambda event carries it) into a profile event. */
export function parseKinesisProfileEvent(base64Data: string): ProfileEvent {
    return parseProfileEvent(Buffer.from(base64Data, "base64"));
}
