// Dead-letter messages: reading one (the body's shape is not documented by AWS; the doctor reads it
// tolerantly) and classifying its error into the documented classes, each with AWS's remedy.
//
// The classes and remedies are the table of "Enable Customer Profiles for your instance"
// (Amazon Connect Administrator Guide, dead-letter queue section). Matching is on the documented
// wording, case-insensitive and tolerant of contractions ("does not"/"doesn't").

import * as crypto from "crypto";

export interface ErrorClass {
    id: string;
    /** The documented error message. */
    documented: string;
    pattern: RegExp;
    remedy: string;
}

const KMS_REMEDY =
    "Check your KMS permission: make sure Customer Profiles has the access it needs (kms:GenerateDataKey, kms:CreateGrant and kms:Decrypt on the domain's key); follow Enable Customer Profiles, the dead-letter queue and KMS key section.";

export const DLQ_ERROR_CLASSES: ErrorClass[] = [
    {
        id: "missing-unique-or-profile-key",
        documented: "The UNIQUE key or PROFILE key does not exist in the profile object",
        pattern: /UNIQUE key or (the )?PROFILE key (does not|doesn't|do not|don't) exist/i,
        remedy: "Modify the data mapping or the object: make sure the keys marked UNIQUE and PROFILE in the data mapping exist in the object.",
    },
    {
        id: "too-many-objects-per-second",
        documented: "Too many objects ingested into the profile per second",
        pattern: /too many objects (were )?ingested (in)?to (the|a) profile per second/i,
        remedy: "Too many objects were assigned to the same profile in a short time: re-ingest the object, or add wait time between PutProfileObject calls.",
    },
    {
        id: "encryption-key-unusable",
        documented:
            "Customer Profiles cannot ingest the object because the EncryptionKey does not exist in the region, the EncryptionKey has no permission for Customer Profiles, or the EncryptionKey has no permission for GenerateDataKey",
        pattern:
            /EncryptionKey (does not|doesn't) exist|EncryptionKey (does not|doesn't) have permission|EncryptionKey (has no|lacks) permission|permission (for|to) GenerateDataKey/i,
        remedy: KMS_REMEDY,
    },
    {
        id: "kms-key-invalid",
        documented: "The KMS key is invalid",
        pattern: /\bKMS key is invalid/i,
        remedy: KMS_REMEDY,
    },
    {
        id: "invalid-kms-key",
        documented: "Customer Profiles cannot ingest the object because of an invalid KMS key",
        pattern: /(because of|due to) (an |the )?invalid KMS key/i,
        remedy: KMS_REMEDY,
    },
    {
        id: "object-too-large",
        documented: "Your data contains profile objects larger than # bytes",
        pattern: /profile objects (larger|bigger) than [\d,.]+ ?bytes/i,
        remedy: "Remove every field you do not need and reduce the size of the data until it is under the limit given in the error message.",
    },
    {
        id: "keys-linked-to-several-profiles",
        documented: "All keys of this object are linked to more than one profile",
        pattern: /all (the )?keys of this object are linked to more than one profile/i,
        remedy: "Modify the data mapping or the object: make sure at least one PROFILE key of the object is linked to at most one existing profile.",
    },
];

export function classify(error: string | undefined): ErrorClass | undefined {
    if (!error) return undefined;
    return DLQ_ERROR_CLASSES.find((c) => c.pattern.test(error));
}

/** One dead-letter message, as the doctor reads it. */
export interface DeadLetter {
    messageId: string;
    receiptHandle: string;
    error?: string;
    objectTypeName?: string;
    /**
     * The object as the string PutProfileObject takes: the text of the message, byte for byte (a
     * string field's value, or the JSON text of an object field as it stands in the body, never
     * parsed and written again: 12345678901234567890 and 1e400 stay as they are).
     */
    object?: string;
    /** An identifier of the object for people (its Id-like field), when one is found. */
    objectId?: string;
    sentAt?: Date;
    receiveCount?: number;
    /** The body is not a JSON object: its text is kept here and never shown unless asked. */
    body?: string;
    /** The length of the body in characters. */
    bodyLength: number;
    /** A slim message (`slim`): the SHA-256 of an unknown error text, and its length, instead of the text. */
    errorDigest?: string;
    errorLength?: number;
}

/**
 * What triage keeps of a message when bodies are not shown: its ID, its class (or an unknown error
 * text's digest and length), nothing of the object or body (memory stays small, whatever the queue).
 */
export function slim(dl: DeadLetter): DeadLetter {
    const known = classify(dl.error);
    return {
        messageId: dl.messageId,
        receiptHandle: "",
        bodyLength: dl.bodyLength,
        sentAt: dl.sentAt,
        receiveCount: dl.receiveCount,
        objectTypeName: dl.objectTypeName,
        objectId: dl.objectId,
        ...(known ? { error: dl.error } : {}),
        ...(!known && dl.error !== undefined
            ? {
                  errorDigest: crypto.createHash("sha256").update(dl.error).digest("hex"),
                  errorLength: dl.error.length,
              }
            : {}),
        ...(dl.body !== undefined ? { body: "" } : {}),
    };
}

const ERROR_FIELDS = ["errorMessage", "error", "message", "errorDetails", "reason", "failureReason"];
const OBJECT_FIELDS = ["object", "profileObject", "data", "record", "body", "payload"];
const TYPE_FIELDS = ["objectTypeName", "objectType", "type"];
const ID_FIELDS = ["Id", "id", "ID", "objectId", "ObjectId", "AccountNumber", "ContactId"];

/**
 * The top-level members of a JSON object text: each key (decoded) with the exact text of its value.
 * Undefined when the text is not a JSON object. The values are not parsed, so numbers keep every
 * digit and nested objects their spacing and key order.
 */
export function rawMembers(text: string): Map<string, string> | undefined {
    try {
        const v = JSON.parse(text);
        if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
    } catch {
        return undefined;
    }
    // The text is valid JSON: a simple scanner suffices to find where each value ends.
    const ws = /\s/;
    let i = 0;
    const skipWs = () => {
        while (i < text.length && ws.test(text[i])) i++;
    };
    const skipString = () => {
        i++; // opening quote
        while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
        i++;
    };
    const skipValue = () => {
        const c = text[i];
        if (c === '"') return skipString();
        if (c === "{" || c === "[") {
            let depth = 0;
            do {
                const d = text[i];
                if (d === '"') {
                    skipString();
                    continue;
                }
                if (d === "{" || d === "[") depth++;
                else if (d === "}" || d === "]") depth--;
                i++;
            } while (depth > 0);
            return;
        }
        while (i < text.length && !/[,}\]\s]/.test(text[i])) i++;
    };
    const members = new Map<string, string>();
    skipWs();
    i++; // {
    for (;;) {
        skipWs();
        if (text[i] === "}") break;
        const keyStart = i;
        skipString();
        const key = JSON.parse(text.slice(keyStart, i)) as string;
        skipWs();
        i++; // :
        skipWs();
        const valueStart = i;
        skipValue();
        members.set(key, text.slice(valueStart, i));
        skipWs();
        if (text[i] === ",") i++;
    }
    return members;
}

/** The raw text of the first member named like one of `names` (case-insensitive) whose value is not null. */
function rawField(members: Map<string, string>, names: string[]): string | undefined {
    const lower = new Map([...members.keys()].map((k) => [k.toLowerCase(), k]));
    for (const n of names) {
        const k = lower.get(n.toLowerCase());
        if (k !== undefined && members.get(k) !== "null") return members.get(k);
    }
    return undefined;
}

/** A string member's value, or the raw text of any other value. */
const stringOrRaw = (raw: string) => (raw.startsWith('"') ? (JSON.parse(raw) as string) : raw);

function text(raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    if (raw.startsWith('"')) return JSON.parse(raw) as string;
    if (raw.startsWith("{")) {
        const inner = rawField(rawMembers(raw) ?? new Map(), ["message", "errorMessage"]);
        if (inner?.startsWith('"')) return JSON.parse(inner) as string;
    }
    return raw;
}

/**
 * Reads an SQS message of the dead-letter queue. AWS documents only that the message carries the
 * error message with the object; the doctor looks for them under common field names (case-
 * insensitive) of a JSON body, and in the message attributes. A body that is not a JSON object is
 * kept apart (`body`): it is never taken for an error text, so a report never shows it unasked.
 */
export function readDeadLetter(m: {
    MessageId?: string;
    ReceiptHandle?: string;
    Body?: string;
    Attributes?: Record<string, string>;
    MessageAttributes?: Record<string, { StringValue?: string }>;
}): DeadLetter {
    const dl: DeadLetter = {
        messageId: m.MessageId ?? "",
        receiptHandle: m.ReceiptHandle ?? "",
        bodyLength: (m.Body ?? "").length,
    };
    if (m.Attributes?.SentTimestamp) dl.sentAt = new Date(Number(m.Attributes.SentTimestamp));
    if (m.Attributes?.ApproximateReceiveCount) dl.receiveCount = Number(m.Attributes.ApproximateReceiveCount);
    const attrs = Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]));
    const members = rawMembers(m.Body ?? "");
    if (members) {
        dl.error = text(rawField(members, ERROR_FIELDS));
        const type = rawField(members, TYPE_FIELDS);
        if (type?.startsWith('"')) dl.objectTypeName = JSON.parse(type) as string;
        const obj = rawField(members, OBJECT_FIELDS);
        if (obj !== undefined) {
            dl.object = stringOrRaw(obj);
            // An Id-like field only: other fields may hold personal data the report must not print.
            const inner = rawMembers(dl.object);
            const id = inner && rawField(inner, ID_FIELDS);
            if (id !== undefined && id !== '""') dl.objectId = stringOrRaw(id);
        }
    } else if (m.Body) {
        // A short plain-text body that is one of the documented errors is that error; any other
        // text may be anything (personal data, an object): kept apart, never shown unasked.
        if (m.Body.length <= ERROR_TEXT_LIMIT && !/[\r\n]/.test(m.Body) && classify(m.Body)) dl.error = m.Body;
        else dl.body = m.Body;
    }
    const attr = (names: string[]) => {
        const lower = new Map(Object.keys(attrs).map((k) => [k.toLowerCase(), k]));
        for (const n of names) {
            const k = lower.get(n.toLowerCase());
            if (k !== undefined && attrs[k] !== undefined) return attrs[k];
        }
        return undefined;
    };
    dl.error ??= attr(ERROR_FIELDS);
    dl.objectTypeName ??= attrs.objectTypeName ?? attrs.ObjectTypeName;
    return dl;
}

/**
 * Text from a message made safe to print on a terminal: C0 and C1 control characters (escape
 * sequences, bells, carriage returns) are removed, tabs and line ends become spaces.
 */
export function printable(s: string): string {
    // eslint-disable-next-line no-control-regex
    return s.replace(/[\t\n\r]/g, " ").replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
}

/** An SQS receipt handle ("AQE…"): never printed, even inside an AWS error message. */
export const RECEIPT_HANDLE = /AQE[A-Za-z0-9+/=]{20,}/g;

/** An AWS error message fit to print: receipt handles redacted, control characters removed. */
export const printableAwsMessage = (s: string) => printable(s.replace(RECEIPT_HANDLE, "(receipt handle)"));

/** How an error text no documented class matches is shown: not at all (it may hold customer data). */
export const unknownErrorText = (length: number) => `(unknown error text, ${length} chars; --show-bodies to see it)`;

/** How a message without a usable error text is grouped (its body is never the group's name). */
export const NO_ERROR_TEXT = "(no error text in the message)";
export const NOT_JSON = "(a body that is not a JSON object: not shown; --show-bodies shows it)";
/** Error texts longer than this are cut in reports (the export file keeps them whole). */
export const ERROR_TEXT_LIMIT = 200;

export const shortError = (e: string) =>
    e.length > ERROR_TEXT_LIMIT
        ? `${e.slice(0, ERROR_TEXT_LIMIT).replace(/\s+/g, " ")}… (${e.length} characters)`
        : e.replace(/\s+/g, " ");

export interface TriageGroup {
    errorClass?: ErrorClass;
    /** Distinct error texts of an unknown group. */
    errors: string[];
    messages: DeadLetter[];
}

/** Groups messages by documented error class; unknown errors form their own groups, listed apart. */
export function triage(messages: DeadLetter[]): { known: TriageGroup[]; unknown: TriageGroup[] } {
    const known = new Map<string, TriageGroup>();
    const unknown = new Map<string, TriageGroup>();
    for (const m of messages) {
        const c = classify(m.error);
        if (c) {
            const g = known.get(c.id) ?? { errorClass: c, errors: [], messages: [] };
            if (m.error && !g.errors.includes(m.error)) g.errors.push(m.error);
            g.messages.push(m);
            known.set(c.id, g);
        } else {
            // An unknown text is never shown (it may be customer data): grouped by its text, named by its length.
            const key =
                m.error !== undefined
                    ? `text:${m.error}`
                    : m.errorDigest !== undefined
                      ? `digest:${m.errorDigest}`
                      : m.body !== undefined
                        ? NOT_JSON
                        : NO_ERROR_TEXT;
            const name =
                m.error !== undefined
                    ? unknownErrorText(m.error.length)
                    : m.errorDigest !== undefined
                      ? unknownErrorText(m.errorLength ?? 0)
                      : key;
            const g = unknown.get(key) ?? { errors: [name], messages: [] };
            g.messages.push(m);
            unknown.set(key, g);
        }
    }
    const order = (g: TriageGroup) => DLQ_ERROR_CLASSES.indexOf(g.errorClass!);
    return { known: [...known.values()].sort((a, b) => order(a) - order(b)), unknown: [...unknown.values()] };
}
