// Dead-letter messages: reading one (the body's shape is not documented by AWS; the doctor reads it
// tolerantly) and classifying its error into the documented classes, each with AWS's remedy.
//
// The classes and remedies are the table of "Enable Customer Profiles for your instance"
// (Amazon Connect Administrator Guide, dead-letter queue section). Matching is on the documented
// wording, case-insensitive and tolerant of contractions ("does not"/"doesn't").

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
    /** The object as the string PutProfileObject takes. */
    object?: string;
    /** An identifier of the object for people (its Id-like field), when one is found. */
    objectId?: string;
    sentAt?: Date;
    receiveCount?: number;
}

const ERROR_FIELDS = ["errorMessage", "error", "message", "errorDetails", "reason", "failureReason"];
const OBJECT_FIELDS = ["object", "profileObject", "data", "record", "body", "payload"];
const TYPE_FIELDS = ["objectTypeName", "objectType", "type"];
const ID_FIELDS = ["Id", "id", "ID", "objectId", "ObjectId", "AccountNumber", "ContactId"];

function field(obj: Record<string, unknown>, names: string[]): unknown {
    const lower = new Map(Object.keys(obj).map((k) => [k.toLowerCase(), k]));
    for (const n of names) {
        const k = lower.get(n.toLowerCase());
        if (k !== undefined && obj[k] !== undefined && obj[k] !== null) return obj[k];
    }
    return undefined;
}

function text(v: unknown): string | undefined {
    if (v === undefined) return undefined;
    if (typeof v === "string") return v;
    if (v && typeof v === "object") {
        const inner = field(v as Record<string, unknown>, ["message", "errorMessage"]);
        if (typeof inner === "string") return inner;
    }
    return JSON.stringify(v);
}

/**
 * Reads an SQS message of the dead-letter queue. AWS documents only that the message carries the
 * error message with the object; the doctor looks for them under common field names (case-
 * insensitive) of a JSON body, and in the message attributes, and keeps a non-JSON body as the
 * error text.
 */
export function readDeadLetter(m: {
    MessageId?: string;
    ReceiptHandle?: string;
    Body?: string;
    Attributes?: Record<string, string>;
    MessageAttributes?: Record<string, { StringValue?: string }>;
}): DeadLetter {
    const dl: DeadLetter = { messageId: m.MessageId ?? "", receiptHandle: m.ReceiptHandle ?? "" };
    if (m.Attributes?.SentTimestamp) dl.sentAt = new Date(Number(m.Attributes.SentTimestamp));
    if (m.Attributes?.ApproximateReceiveCount) dl.receiveCount = Number(m.Attributes.ApproximateReceiveCount);
    const attrs = Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]));
    let body: unknown;
    try {
        body = JSON.parse(m.Body ?? "");
    } catch {
        body = undefined;
    }
    if (body && typeof body === "object" && !Array.isArray(body)) {
        const b = body as Record<string, unknown>;
        dl.error = text(field(b, ERROR_FIELDS));
        const type = field(b, TYPE_FIELDS);
        if (typeof type === "string") dl.objectTypeName = type;
        const obj = field(b, OBJECT_FIELDS);
        if (obj !== undefined) {
            dl.object = typeof obj === "string" ? obj : JSON.stringify(obj);
            let parsed: unknown = obj;
            if (typeof obj === "string") {
                try {
                    parsed = JSON.parse(obj);
                } catch {
                    parsed = undefined;
                }
            }
            if (parsed && typeof parsed === "object") {
                // An Id-like field only: other fields may hold personal data the report must not print.
                const id = field(parsed as Record<string, unknown>, ID_FIELDS);
                if (id !== undefined && id !== "") dl.objectId = String(id);
            }
        }
    } else if (m.Body) {
        dl.error = m.Body;
    }
    dl.error ??= text(field(attrs, ERROR_FIELDS));
    dl.objectTypeName ??= attrs.objectTypeName ?? attrs.ObjectTypeName;
    return dl;
}

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
            const key = m.error ?? "(no error text in the message)";
            const g = unknown.get(key) ?? { errors: [key], messages: [] };
            g.messages.push(m);
            unknown.set(key, g);
        }
    }
    const order = (g: TriageGroup) => DLQ_ERROR_CLASSES.indexOf(g.errorClass!);
    return { known: [...known.values()].sort((a, b) => order(a) - order(b)), unknown: [...unknown.values()] };
}
