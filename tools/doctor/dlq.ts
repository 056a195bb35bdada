// The dead-letter tools, on purpose only:
// - `dlq triage` peeks at the queue and shows classes, counts and message IDs (bodies only with
//   --show-bodies);
// - `dlq export FILE` streams the queue's messages to FILE as JSON lines for review;
// - `dlq reingest FILE [--apply]` sends the reviewed objects back with PutProfileObject and deletes
//   from the queue only the messages whose object was accepted.
//
// The guarantees (docs/doctor.md, "Guarantees"): at-least-once into Customer Profiles, idempotent on
// rerun, nothing deleted that was not accepted, nothing reported deleted that may still be queued.
// How, as the Amazon SQS Developer Guide and API Reference document the queue:
// - A receipt handle belongs to one receive; DeleteMessage with one that is not the most recent
//   "succeeds, but the message might not be deleted" (API Reference, DeleteMessage). SQS documents
//   no way to prove a receipt current: ChangeMessageVisibility fails for a message not in flight
//   (MessageNotInflight), but what it answers to an older receipt of a message in flight is not
//   documented (moto, which checks its behaviour against AWS, accepts old receipts for both calls).
//   So a refused ChangeMessageVisibility proves the receipt unusable, an accepted one proves
//   nothing; the report says "DeleteMessage accepted", never "deleted", and every run ends with
//   GetQueueAttributes' count of what remains. That call also hides the message for the delete.
// - Each delete has a deadline: the send time of the last accepted ChangeMessageVisibility + the
//   visibility timeout − a margin. A DeleteMessage still unanswered then is aborted (the SDK's
//   abortSignal) and one answered later is reported "delete unconfirmed": its retries may have
//   reached SQS after the message became visible and was received again. --visibility-timeout must
//   exceed the longest a call can take (attempts × (request timeout + longest backoff)).
// - One re-ingestion per export file at a time: FILE.ledger.lock, created exclusively.
// - While PutProfileObject is in flight the message's visibility is extended (ChangeMessageVisibility
//   again, every half period), so it cannot reappear and be taken by another consumer (Developer
//   Guide, "Amazon SQS visibility timeout": extend the timeout while processing).
// - Every accepted object is written to a ledger beside the export (FILE.ledger) before its message
//   is deleted, and every deleted message after; a rerun skips what the ledger holds.
// - The object is sent as the message carried it, byte for byte (triage.ts, readDeadLetter).
import * as fs from "fs";
import { PutProfileObjectCommand } from "@aws-sdk/client-customer-profiles";
import {
    ChangeMessageVisibilityCommand,
    DeleteMessageCommand,
    GetQueueAttributesCommand,
    ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import { Clients } from "./aws";
import { errorMessage, errorName, isAccessDenied } from "./context";
import { DoctorUsageError, StackInventory } from "./outputs";
import { receiveDeadLetters } from "./queue";
import { classify, DeadLetter, printable, printableAwsMessage, readDeadLetter, slim, triage } from "./triage";

/** Where an export came from: every line carries it, and re-ingestion is refused into another. */
export interface ExportStamp {
    queueUrl: string;
    domainName: string;
    account: string;
    region: string;
}

/** One line of an export file. */
export interface ExportLine extends ExportStamp {
    messageId: string;
    /** The receipt handle of the receive that wrote this line; a later line of the same message wins. */
    receipt: string;
    /** When it was received (ISO 8601); the receipt is current until then + the visibility timeout. */
    receivedAt: string;
    objectTypeName?: string;
    objectId?: string;
    /** The object, exactly as the message carried it. */
    object?: string;
    error?: string;
    /** The documented error class, or "unknown". */
    errorClass: string;
}

const STAMP_KEYS = ["queueUrl", "domainName", "account", "region"] as const;
const REQUIRED = [...STAMP_KEYS, "messageId", "receipt", "receivedAt", "errorClass"] as const;
const OPTIONAL = ["objectTypeName", "objectId", "object", "error"] as const;
const KNOWN = new Set<string>([...REQUIRED, ...OPTIONAL]);

export type Interrupt = AbortSignal;

/** SQS's maximum visibility timeout, 12 hours (Amazon SQS Developer Guide, "Amazon SQS visibility timeout"). */
export const MAX_VISIBILITY_TIMEOUT = 43200;

/**
 * The longest backoff the SDK's standard retry strategy waits before one retry of a call with
 * `maxAttempts` attempts: min(20 s, 0.5 s × 2^retry) (the throttling base; @smithy/core retry,
 * MAXIMUM_RETRY_DELAY and THROTTLING_RETRY_DELAY_BASE); a retry-after hint is not counted (SQS
 * and Customer Profiles document none).
 */
export function maxBackoffMs(maxAttempts: number): number {
    return maxAttempts > 1 ? Math.min(20000, 500 * 2 ** (maxAttempts - 2)) : 0;
}

/** The longest one call may take, retries included: attempts × (request timeout + longest backoff). */
export function longestCallMs(limits: { maxAttempts: number; requestTimeoutMs: number }): number {
    return limits.maxAttempts * (limits.requestTimeoutMs + maxBackoffMs(limits.maxAttempts));
}

/** What a delete leaves unused of its visibility window: 10 % of it, at least 1 s (clock drift, latency). */
export const deleteMarginMs = (visibilitySeconds: number) => Math.max(1000, visibilitySeconds * 100);

export interface DlqIo {
    /** The result lines (stdout). */
    log: (s: string) => void;
    /** Progress and warnings (stderr). */
    progress: (s: string) => void;
    /** Aborted on SIGINT: the run stops at the next consistent point. */
    signal?: Interrupt;
    /** The clock (ms since the epoch) the delete deadlines are measured on (tests pass the emulator's). */
    now?: () => number;
}

/** Exit code of a run stopped by SIGINT (128 + 2, as shells report it). */
export const INTERRUPTED = 130;

function queueUrlOf(inv: StackInventory): string {
    const url = inv.outputs.deadLetterQueueUrl;
    if (!url)
        throw new DoctorUsageError("this stack has no dead-letter queue (stack output deadLetterQueueUrl is absent)");
    return url;
}

export function stampOf(inv: StackInventory): ExportStamp {
    return { queueUrl: queueUrlOf(inv), domainName: inv.outputs.domainName, account: inv.account, region: inv.region };
}

const describe = (s: ExportStamp) =>
    `queue ${s.queueUrl}, domain ${s.domainName} (account ${s.account}, region ${s.region})`;

/** An AWS error's message as printed: receipt handles redacted, control characters removed. */
const awsMessage = (e: unknown) => printableAwsMessage(errorMessage(e));

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

// ---------------------------------------------------------------------------------------------
// triage

/** `dlq triage`: classes, counts and message IDs; bodies only when asked. Never deletes. */
export async function triageDeadLetters(
    inv: StackInventory,
    clients: Clients,
    opts: { max: number; visibilityTimeout: number; showBodies: boolean },
    io: DlqIo,
): Promise<number> {
    const messages = await receiveDeadLetters(clients.sqs, queueUrlOf(inv), {
        max: opts.max,
        visibilityTimeout: opts.visibilityTimeout,
        ...(opts.showBodies ? {} : { keep: slim }),
    });
    const { known, unknown } = triage(messages);
    const ids = (ms: DeadLetter[]) => ms.map((m) => printable(m.messageId)).join(", ");
    for (const g of known) {
        io.log(`${g.messages.length} × ${g.errorClass!.id}: "${g.errorClass!.documented}"`);
        io.log(`    messages: ${ids(g.messages)}`);
        io.log(`    remedy: ${g.errorClass!.remedy}`);
    }
    for (const g of unknown) {
        io.log(`${g.messages.length} × unknown: ${g.errors[0]}`);
        io.log(`    messages: ${ids(g.messages)}`);
    }
    if (opts.showBodies) {
        for (const m of messages) {
            io.log(
                `body of ${printable(m.messageId)}: ${printable(m.body ?? JSON.stringify({ error: m.error, objectTypeName: m.objectTypeName, object: m.object }))}`,
            );
        }
    }
    io.log(
        `${plural(messages.length, "message")} peeked (invisible for ${opts.visibilityTimeout} s, none deleted)` +
            (opts.showBodies ? "" : "; bodies are not shown (--show-bodies shows them)"),
    );
    return messages.length > 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// export

/** Makes an export file private (0600); a file of another owner cannot be: a clear error. */
function makePrivate(fd: number, file: string): void {
    try {
        fs.fchmodSync(fd, 0o600);
    } catch (e) {
        fs.closeSync(fd);
        throw new DoctorUsageError(
            `cannot make ${file} private (chmod 0600: ${(e as NodeJS.ErrnoException).code ?? errorName(e)}); it holds customer data: ` +
                "export to a file you own",
        );
    }
}

/** Cuts a last line that has no newline (an export or ledger write cut by a crash); returns the bytes cut. */
function cutTornTail(fd: number): number {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return 0;
    const buf = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
        const start = Math.max(0, end - buf.length);
        const n = fs.readSync(fd, buf, 0, end - start, start);
        const nl = buf.subarray(0, n).lastIndexOf(10);
        if (nl >= 0) {
            const keep = start + nl + 1;
            if (keep < size) fs.ftruncateSync(fd, keep);
            return size - keep;
        }
        end = start;
    }
    fs.ftruncateSync(fd, 0);
    return size;
}

const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** Opens FILE for an export: created 0600, never an existing file unless --force (or --append), never through a symbolic link. */
function openExport(
    file: string,
    stamp: ExportStamp,
    opts: { force: boolean; append: boolean },
    io: Pick<DlqIo, "progress">,
): number {
    const notExport = () =>
        new DoctorUsageError(
            `--append: ${file} is not a dlq export (its first line is not an export line); choose another file, or --force to overwrite it`,
        );
    if (opts.append) {
        let first: string | undefined;
        try {
            first = firstLine(file);
        } catch (e) {
            throw new DoctorUsageError(`--append: cannot read ${file}: ${(e as Error).message}`);
        }
        if (first) {
            let s: Partial<ExportStamp>;
            try {
                s = JSON.parse(first) as Partial<ExportStamp>;
            } catch {
                throw notExport();
            }
            if (!s || typeof s !== "object" || Array.isArray(s) || STAMP_KEYS.some((k) => typeof s[k] !== "string"))
                throw notExport();
            if (STAMP_KEYS.some((k) => s[k] !== stamp[k]))
                throw new DoctorUsageError(
                    `--append: ${file} holds an export of ${describe(s as ExportStamp)}, not of this stack's ${describe(stamp)}`,
                );
        }
        let fd: number;
        try {
            fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_APPEND | O_NOFOLLOW);
        } catch (e) {
            throw new DoctorUsageError(`--append: cannot open ${file}: ${(e as Error).message}`);
        }
        makePrivate(fd, file);
        const cut = cutTornTail(fd);
        if (cut > 0)
            io.progress(
                `${file}: its last line had no newline (cut by a crash while it was written): removed (${cut} bytes); its message is exported again`,
            );
        return fd;
    }
    let fd: number;
    try {
        fd = fs.openSync(
            file,
            fs.constants.O_WRONLY |
                fs.constants.O_CREAT |
                (opts.force ? fs.constants.O_TRUNC : fs.constants.O_EXCL) |
                O_NOFOLLOW,
            0o600,
        );
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EEXIST")
            throw new DoctorUsageError(
                `${file} exists; an export never overwrites a file: choose another name, pass --force to overwrite it, or --append to add to it`,
            );
        if (code === "ELOOP")
            throw new DoctorUsageError(
                `${file} is a symbolic link; an export never writes through one: name the file itself`,
            );
        throw new DoctorUsageError(`cannot create ${file}: ${(e as Error).message}`);
    }
    // An existing file keeps its mode when truncated: it holds customer data, so 0600 as well.
    makePrivate(fd, file);
    const ledger = `${file}.ledger`;
    if (opts.force && fs.existsSync(ledger)) {
        fs.rmSync(ledger, { force: true });
        io.progress(
            `--force: removed ${ledger}, the ledger of the export this one replaces (its records name that export's messages)`,
        );
    }
    return fd;
}

function firstLine(file: string): string | undefined {
    const fd = fs.openSync(file, "r");
    try {
        const chunks: Buffer[] = [];
        const buf = Buffer.alloc(64 * 1024);
        for (;;) {
            const n = fs.readSync(fd, buf, 0, buf.length, null);
            if (n === 0) break;
            const nl = buf.subarray(0, n).indexOf(10);
            if (nl >= 0) {
                chunks.push(Buffer.from(buf.subarray(0, nl)));
                break;
            }
            chunks.push(Buffer.from(buf.subarray(0, n)));
        }
        const line = Buffer.concat(chunks).toString("utf8").trim();
        return line || undefined;
    } finally {
        fs.closeSync(fd);
    }
}

/**
 * `dlq export FILE`: receives up to `max` messages (hidden for `visibilityTimeout` seconds, never
 * deleted) and writes each as one line as soon as it arrives, so memory stays bounded whatever the
 * queue holds. A message received again (its visibility ended during the export) gets a new line
 * with its new receipt: the last line of a message is the one re-ingestion uses.
 */
export async function exportDeadLetters(
    inv: StackInventory,
    clients: Clients,
    file: string,
    opts: { max: number; visibilityTimeout: number; force: boolean; append: boolean; progressEvery?: number },
    io: DlqIo,
): Promise<number> {
    const stamp = stampOf(inv);
    const fd = openExport(file, stamp, opts, io);
    const seen = new Set<string>();

    let again = 0;
    let firstReceivedAt: Date | undefined;
    let failure: unknown;
    const every = opts.progressEvery ?? 100;
    try {
        while (seen.size < opts.max && !io.signal?.aborted) {
            let batch;
            try {
                batch =
                    (
                        await clients.sqs.send(
                            new ReceiveMessageCommand({
                                QueueUrl: stamp.queueUrl,
                                MaxNumberOfMessages: Math.min(10, opts.max - seen.size),
                                VisibilityTimeout: opts.visibilityTimeout,
                                WaitTimeSeconds: 1,
                                MessageSystemAttributeNames: ["SentTimestamp", "ApproximateReceiveCount"],
                                MessageAttributeNames: ["All"],
                            }),
                        )
                    ).Messages ?? [];
            } catch (e) {
                if (io.signal?.aborted) break;
                failure = e;
                break;
            }
            const receivedAt = new Date();
            firstReceivedAt ??= receivedAt;
            let fresh = 0;
            let text = "";
            for (const m of batch) {
                if (!m.MessageId) continue;
                const dl = readDeadLetter(m as Parameters<typeof readDeadLetter>[0]);
                const line: ExportLine = {
                    ...stamp,
                    messageId: dl.messageId,
                    receipt: dl.receiptHandle,
                    receivedAt: receivedAt.toISOString(),
                    objectTypeName: dl.objectTypeName,
                    objectId: dl.objectId,
                    object: dl.object,
                    error: dl.error ?? dl.body,
                    errorClass: classify(dl.error)?.id ?? "unknown",
                };
                text += jsonLine(line);
                if (seen.has(dl.messageId)) again++;
                else {
                    seen.add(dl.messageId);
                    fresh++;
                }
            }
            // One write per batch (at most 10 messages): a line is on disk before the next receive.
            if (text) writeAll(fd, text);
            if (every > 0 && Math.floor(seen.size / every) > Math.floor((seen.size - fresh) / every))
                io.progress(`exported ${seen.size} messages to ${file}…`);
            if (batch.length > 0 && fresh === 0)
                io.progress(
                    `the messages received first came back (this export outlived its --visibility-timeout of ${opts.visibilityTimeout} s): stopping; their latest receipts are written, the later line counts`,
                );
            if (batch.length === 0 || fresh === 0) break;
        }
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
    const until = firstReceivedAt
        ? new Date(firstReceivedAt.getTime() + opts.visibilityTimeout * 1000).toISOString()
        : undefined;
    const written = `${plural(seen.size, "message")} written to ${file} (mode 0600)${again ? `, ${again} of them received again with a newer receipt (the later line counts)` : ""}`;
    if (failure !== undefined) {
        io.progress(
            `ReceiveMessage failed after ${seen.size} messages: ${errorName(failure)}: ${awsMessage(failure).split("\n")[0]}\n` +
                `${written}; every line is complete and can be re-ingested. The rest are still in the queue: ` +
                `resume with \`npm run doctor -- dlq export ${file} --append\` (the exported messages stay invisible${until ? ` until ${until}` : ""}, so they are not received twice).`,
        );
        return 1;
    }
    if (io.signal?.aborted) {
        io.progress(
            `interrupted: ${written}; every line is complete. Resume with \`npm run doctor -- dlq export ${file} --append\`.`,
        );
        return INTERRUPTED;
    }
    io.log(
        `exported ${written}; they stay in the queue, invisible${until ? ` until ${until}` : ` for ${opts.visibilityTimeout} s`}. ` +
            "Re-ingest before then, and receive none of them meanwhile (no triage, no other export, no other consumer): " +
            "SQS documents that a DeleteMessage with a receipt that is not the latest succeeds but might not delete.",
    );
    io.log(await remaining(clients, stamp.queueUrl, seen.size >= opts.max ? opts.max : undefined, file));
    return 0;
}

async function remaining(
    clients: Clients,
    queueUrl: string,
    limit: number | undefined,
    file: string,
    after: "export" | "reingest" = "export",
): Promise<string> {
    let visible: number;
    let inFlight: number;
    try {
        const a =
            (
                await clients.sqs.send(
                    new GetQueueAttributesCommand({
                        QueueUrl: queueUrl,
                        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
                    }),
                )
            ).Attributes ?? {};
        visible = Number(a.ApproximateNumberOfMessages ?? 0);
        inFlight = Number(a.ApproximateNumberOfMessagesNotVisible ?? 0);
    } catch (e) {
        return `what remains in the queue is unknown (GetQueueAttributes: ${errorName(e)}: ${awsMessage(e)})`;
    }
    const more =
        after === "reingest"
            ? ""
            : visible > 0
              ? limit !== undefined
                  ? ` --max-messages ${limit} was reached: export the rest with \`npm run doctor -- dlq export ${file} --append\`.`
                  : " (messages that arrived or became visible again during the export)."
              : "";
    return `remaining in the queue: about ${visible} visible, ${inFlight} in flight (ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible).${more}`;
}

// ---------------------------------------------------------------------------------------------
// reading an export file or a ledger, streamed

/** One line of a file; `end` is the byte offset after it (and its newline). */
interface RawLine {
    n: number;
    text: string;
    /** Whether a newline ends it (the last line of a file cut by a crash has none). */
    terminated: boolean;
    end: number;
}

/**
 * The lines of a file, split on "\n" only (JSON text may hold U+2028, U+2029 and U+0085 unescaped,
 * which readline would take for line ends), streamed: one line in memory at a time.
 */
export async function* rawLines(file: string): AsyncGenerator<RawLine> {
    let pending: Buffer[] = [];
    let n = 0;
    let offset = 0;
    for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
        let start = 0;
        for (;;) {
            const nl = chunk.indexOf(10, start);
            if (nl < 0) break;
            const part = chunk.subarray(start, nl);
            const buf = pending.length ? Buffer.concat([...pending, part]) : part;
            pending = [];
            n++;
            offset += buf.length + 1;
            yield { n, text: buf.toString("utf8"), terminated: true, end: offset };
            start = nl + 1;
        }
        if (start < chunk.length) pending.push(chunk.subarray(start));
    }
    if (pending.length) {
        const buf = Buffer.concat(pending);
        yield { n: n + 1, text: buf.toString("utf8"), terminated: false, end: offset + buf.length };
    }
}

async function* fileLines(file: string): AsyncGenerator<[number, string]> {
    for await (const l of rawLines(file)) if (l.text.trim() !== "") yield [l.n, l.text];
}

/** A JSON line as written: U+2028 and U+2029 escaped too, so any line-oriented reader keeps it whole. */
const jsonLine = (v: unknown) =>
    `${JSON.stringify(v)
        .replace(/\u2028/g, "\\u2028")
        .replace(/\u2029/g, "\\u2029")}\n`;

/** Writes every byte of `text` (writeSync may write fewer than asked). */
export function writeAll(fd: number, text: string): void {
    const buf = Buffer.from(text, "utf8");
    let off = 0;
    while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
}

function checkLine(v: unknown, n: number, problems: string[]): v is ExportLine {
    if (!v || typeof v !== "object" || Array.isArray(v)) {
        problems.push(`line ${n}: not a JSON object`);
        return false;
    }
    const o = v as Record<string, unknown>;
    let ok = true;
    for (const k of REQUIRED) {
        if (typeof o[k] !== "string" || o[k] === "") {
            problems.push(
                `line ${n}: ${k}: ${JSON.stringify(o[k]) ?? "missing"} is not valid; expected a non-empty string`,
            );
            ok = false;
        }
    }
    for (const k of OPTIONAL) {
        if (o[k] !== undefined && typeof o[k] !== "string") {
            problems.push(`line ${n}: ${k}: ${JSON.stringify(o[k])} is not valid; expected a string`);
            ok = false;
        }
    }
    const unknown = Object.keys(o).filter((k) => !KNOWN.has(k));
    if (unknown.length) {
        problems.push(`line ${n}: unknown key ${unknown.join(", ")} (expected ${[...KNOWN].join(", ")})`);
        ok = false;
    }
    return ok;
}

/**
 * Checks an export file (streamed: any size) before any call: every problem with its line number,
 * and every line's stamp against the stack's. Returns, per message, the number of its last line,
 * and the number of a last line cut by a crash (no newline, not JSON): ignored, with a warning.
 */
export async function checkExportFile(
    file: string,
    stamp: ExportStamp,
    io?: Pick<DlqIo, "progress">,
): Promise<{ last: Map<string, number>; torn?: number }> {
    try {
        fs.accessSync(file, fs.constants.R_OK);
    } catch (e) {
        throw new DoctorUsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const problems: string[] = [];
    const last = new Map<string, number>();
    let torn: number | undefined;
    for await (const { n, text: raw, terminated } of rawLines(file)) {
        if (raw.trim() === "") continue;
        let v: unknown;
        try {
            v = JSON.parse(raw);
        } catch {
            if (!terminated) {
                torn = n;
                io?.progress(
                    `${file} line ${n}: the last line has no newline and is not JSON (cut by a crash while it was written): ignored; its message is still in the queue`,
                );
                continue;
            }
            problems.push(`line ${n}: not JSON`);
            continue;
        }
        if (!checkLine(v, n, problems)) continue;
        const differs = STAMP_KEYS.filter((k) => v[k] !== stamp[k]);
        if (differs.length) {
            throw new DoctorUsageError(
                `${file} line ${n} was exported from ${describe(v)}; this stack is ${describe(stamp)}. ` +
                    `Re-ingesting into another queue or domain is refused: use the outputs of the stack the export came from.`,
            );
        }
        last.set(v.messageId, n);
    }
    if (problems.length) throw new DoctorUsageError(`${file} is not a dlq export file: ${problems.join("; ")}`);
    return { last, torn };
}

// ---------------------------------------------------------------------------------------------
// the ledger

type LedgerState = "accepted" | "deleted";

/**
 * FILE.ledger: one JSON line per accepted object and per accepted DeleteMessage, appended and
 * synced. Read streamed, keeping only the states of this export's messages.
 */
export class Ledger {
    readonly path: string;
    private readonly state = new Map<string, LedgerState>();
    private fd: number | undefined;

    private constructor(exportFile: string) {
        this.path = `${exportFile}.ledger`;
    }

    /**
     * Opens the ledger of `exportFile`. A last line cut by a crash (no newline) is cut off when
     * `repair` (a run that writes), ignored otherwise: what it recorded is redone.
     */
    static async open(
        exportFile: string,
        ids: ReadonlySet<string> | ReadonlyMap<string, unknown>,
        opts: { repair: boolean; warn: (s: string) => void },
    ): Promise<Ledger> {
        const ledger = new Ledger(exportFile);
        try {
            fs.accessSync(ledger.path, fs.constants.R_OK);
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code === "ENOENT") return ledger;
            throw new DoctorUsageError(`cannot read the ledger ${ledger.path}: ${(e as Error).message}`);
        }
        let complete = 0;
        let torn: RawLine | undefined;
        for await (const line of rawLines(ledger.path)) {
            if (!line.terminated) {
                torn = line;
                break;
            }
            complete = line.end;
            if (line.text.trim() === "") continue;
            let r: { messageId?: unknown; state?: unknown };
            try {
                r = JSON.parse(line.text) as typeof r;
            } catch {
                r = {};
            }
            if (typeof r.messageId !== "string" || (r.state !== "accepted" && r.state !== "deleted"))
                throw new DoctorUsageError(
                    `the ledger ${ledger.path} line ${line.n} is not a ledger line (expected {"messageId":…,"state":"accepted"|"deleted",…}); it is not a dlq ledger`,
                );
            if (!ids.has(r.messageId)) continue;
            if (r.state === "deleted" || ledger.state.get(r.messageId) !== "deleted")
                ledger.state.set(r.messageId, r.state);
        }
        if (torn) {
            const bytes = torn.end - complete;
            if (opts.repair) {
                fs.truncateSync(ledger.path, complete);
                opts.warn(
                    `the ledger ${ledger.path} ended in a line cut by a crash (${bytes} bytes without a newline): removed; what it recorded is redone`,
                );
            } else
                opts.warn(
                    `the ledger ${ledger.path} ends in a line cut by a crash (${bytes} bytes without a newline): ignored (a run with --apply removes it)`,
                );
        }
        return ledger;
    }

    get(messageId: string): LedgerState | undefined {
        return this.state.get(messageId);
    }

    record(messageId: string, state: LedgerState, extra: Record<string, string> = {}): void {
        if (this.fd === undefined) {
            this.fd = fs.openSync(this.path, "a", 0o600);
            fs.fchmodSync(this.fd, 0o600);
        }
        writeAll(this.fd, jsonLine({ messageId, state, at: new Date().toISOString(), ...extra }));
        fs.fsyncSync(this.fd);
        this.state.set(messageId, state);
    }

    close(): void {
        if (this.fd !== undefined) fs.closeSync(this.fd);
        this.fd = undefined;
    }
}

/** FILE.ledger.lock: one re-ingestion of an export at a time. Returns the release function. */
export function lockLedger(exportFile: string): () => void {
    const lock = `${exportFile}.ledger.lock`;
    let fd: number;
    try {
        fd = fs.openSync(lock, "wx", 0o600);
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST")
            throw new DoctorUsageError(`cannot create the lock ${lock}: ${(e as Error).message}`);
        let pid = NaN;
        try {
            pid = Number.parseInt(fs.readFileSync(lock, "utf8"), 10);
        } catch {
            // unreadable: reported as stale below
        }
        let running = false;
        if (Number.isInteger(pid) && pid > 0) {
            try {
                process.kill(pid, 0);
                running = true;
            } catch (k) {
                running = (k as NodeJS.ErrnoException).code === "EPERM";
            }
        }
        throw new DoctorUsageError(
            running
                ? `${exportFile} is being re-ingested by another run (process ${pid} holds ${lock}); wait for it to end: two runs would send every object twice`
                : `${lock} is left from a re-ingestion that stopped without removing it (${Number.isInteger(pid) ? `process ${pid} is not running on this machine` : "no process id in it"}): ` +
                      `if no re-ingestion of ${exportFile} runs (on any machine), remove it with \`rm ${lock}\` and run again`,
        );
    }
    try {
        writeAll(fd, `${process.pid}\n`);
    } finally {
        fs.closeSync(fd);
    }
    // Also on process.exit (a second Ctrl-C exits at once); a kill leaves it, reported as stale.
    const release = () => {
        process.removeListener("exit", release);
        fs.rmSync(lock, { force: true });
    };
    process.on("exit", release);
    return release;
}

// ---------------------------------------------------------------------------------------------
// reingest

/** Keeps a message invisible while its object is in flight: ChangeMessageVisibility every half period. */
function keepInvisible(clients: Clients, queueUrl: string, receipt: string, seconds: number) {
    let lost: unknown;
    let stopped = false;
    let pending: Promise<unknown> = Promise.resolve();
    const timer = setInterval(
        () => {
            if (stopped) return;
            pending = clients.sqs
                .send(
                    new ChangeMessageVisibilityCommand({
                        QueueUrl: queueUrl,
                        ReceiptHandle: receipt,
                        VisibilityTimeout: seconds,
                    }),
                )
                .catch((e) => (lost ??= e));
        },
        Math.max(100, (seconds * 1000) / 2),
    );
    return {
        stop: async () => {
            stopped = true;
            clearInterval(timer);
            await pending;
            return lost;
        },
    };
}

const isThrottled = (e: unknown) =>
    ["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"].includes(errorName(e));

/** No HTTP answer at all (a timeout or a reset connection): the request may have been carried out. */
const unanswered = (e: unknown) =>
    errorName(e) === "TimeoutError" ||
    ["ECONNRESET", "EPIPE", "ETIMEDOUT"].includes(String((e as { code?: unknown }).code));

const attemptsOf = (x: unknown) => (x as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;

export const UNPROVABLE =
    "SQS documents that DeleteMessage with a receipt that is not the latest succeeds but might not delete: " +
    "any receive of these messages between the export and this run (a triage, another export, another consumer) makes a deletion unprovable; " +
    "the count below is what SQS still holds";

export async function reingest(
    inv: StackInventory,
    clients: Clients,
    file: string,
    opts: { apply: boolean; intervalMs: number; visibilityTimeout: number },
    io: DlqIo,
): Promise<number> {
    const stamp = stampOf(inv);
    const { last, torn } = await checkExportFile(file, stamp, io);
    const release = opts.apply ? lockLedger(file) : undefined;
    try {
        return await reingestLocked(stamp, clients, file, last, torn, opts, io);
    } finally {
        release?.();
    }
}

async function reingestLocked(
    stamp: ExportStamp,
    clients: Clients,
    file: string,
    last: Map<string, number>,
    torn: number | undefined,
    opts: { apply: boolean; intervalMs: number; visibilityTimeout: number },
    io: DlqIo,
): Promise<number> {
    const now = io.now ?? (() => Date.now());
    const ledger = await Ledger.open(file, last, { repair: opts.apply, warn: io.progress });
    const label = (l: ExportLine) =>
        printable(`${l.objectTypeName ?? "?"}/${l.objectId ?? "?"} (message ${l.messageId})`);
    const n = {
        accepted: 0,
        deleted: 0,
        refused: 0,
        unanswered: 0,
        stale: 0,
        undeleted: 0,
        unconfirmed: 0,
        skipped: 0,
        unsendable: 0,
        left: 0,
    };
    let sent = 0;
    const comeBack = "it will come back (sending it again updates the same object, found by its UNIQUE key)";
    try {
        for await (const [lineNo, raw] of fileLines(file)) {
            if (lineNo === torn) continue;
            const l = JSON.parse(raw) as ExportLine;
            if (last.get(l.messageId) !== lineNo) continue; // a later line of this message holds its latest receipt
            const state = ledger.get(l.messageId);
            if (state === "deleted") {
                n.skipped++;
                io.log(
                    `skipped  ${label(l)}: accepted, and its DeleteMessage accepted, by an earlier run (${ledger.path})`,
                );
                continue;
            }
            if (!l.objectTypeName || l.object === undefined) {
                n.unsendable++;
                io.log(
                    `cannot send ${label(l)}: the message holds no ${l.object === undefined ? "object" : "object type name"}; it stays in the queue`,
                );
                continue;
            }
            if (!opts.apply) {
                io.log(
                    state === "accepted"
                        ? `would delete ${label(l)} (accepted by an earlier run)`
                        : `would re-send ${label(l)}`,
                );
                continue;
            }
            if (io.signal?.aborted) {
                n.left++;
                continue;
            }
            // The documented remedy for "Too many objects ingested into the profile per second": wait between PutProfileObject calls.
            if (sent++ > 0 && opts.intervalMs > 0) await new Promise((r) => setTimeout(r, opts.intervalMs));
            /** ChangeMessageVisibility; resolves to the time it was sent (the visibility runs from no earlier). */
            const extend = async () => {
                const at = now();
                await clients.sqs.send(
                    new ChangeMessageVisibilityCommand({
                        QueueUrl: stamp.queueUrl,
                        ReceiptHandle: l.receipt,
                        VisibilityTimeout: opts.visibilityTimeout,
                    }),
                );
                return at;
            };
            // A refused ChangeMessageVisibility proves the receipt unusable (an accepted one proves nothing).
            try {
                await extend();
            } catch (e) {
                if (isAccessDenied(e)) {
                    throw new DoctorUsageError(
                        `ChangeMessageVisibility on ${stamp.queueUrl}: access denied (${awsMessage(e)}); attach the stack's re-ingestion policy (stack output operatorPolicies.reingestPolicyArn) to the identity running the doctor. The run stopped before sending this object; ${ledger.path} holds what was accepted before.`,
                    );
                }
                n.stale++;
                io.log(
                    state === "accepted"
                        ? `stale    ${label(l)}: accepted by an earlier run, but its receipt is refused (ChangeMessageVisibility: ${errorName(e)}: ${awsMessage(e)}): ` +
                              "it may already be deleted (a run stopped after its DeleteMessage, before the ledger line) or was received again; not sent again. Export again: if it is still queued, re-ingest the new file."
                        : `stale    ${label(l)}: its receipt is no longer current (ChangeMessageVisibility: ${errorName(e)}: ${awsMessage(e)}); ` +
                              "the message was received again or its visibility timeout ended: not sent, left in the queue. Export again and re-ingest the new file.",
                );
                continue;
            }
            if (state !== "accepted") {
                const hold = keepInvisible(clients, stamp.queueUrl, l.receipt, opts.visibilityTimeout);
                let out: unknown;
                try {
                    out = await clients.profiles.send(
                        new PutProfileObjectCommand({
                            DomainName: stamp.domainName,
                            ObjectTypeName: l.objectTypeName,
                            Object: l.object,
                        }),
                    );
                } catch (e) {
                    await hold.stop();
                    if (unanswered(e)) {
                        n.unanswered++;
                        io.log(
                            `no answer ${label(l)}: PutProfileObject got no answer after ${plural(attemptsOf(e), "attempt")} (${errorName(e)}: ${awsMessage(e)}): ` +
                                "it may have been accepted; the message stays queued (sending it again updates the same object, found by its UNIQUE key)",
                        );
                    } else {
                        n.refused++;
                        io.log(
                            `refused  ${label(l)}: ${errorName(e)}: ${awsMessage(e)}${isThrottled(e) ? " (throttled after the client's retries)" : ""}; the message stays in the queue`,
                        );
                    }
                    continue;
                }
                await hold.stop();
                ledger.record(l.messageId, "accepted", {
                    objectTypeName: l.objectTypeName,
                    ...(l.objectId ? { objectId: l.objectId } : {}),
                });
                n.accepted++;
                const attempts = attemptsOf(out);
                if (attempts > 1)
                    io.progress(
                        `${label(l)}: accepted at attempt ${attempts}; an earlier attempt may have been accepted too (the same object: an update, found by its UNIQUE key)`,
                    );
            }
            const was = state === "accepted" ? "accepted by an earlier run" : "accepted";
            let since: number;
            try {
                since = await extend(); // hidden for the delete, from no earlier than `since`
            } catch (e) {
                n.undeleted++;
                io.log(
                    `${was} ${label(l)}, but its receipt is no longer current (ChangeMessageVisibility: ${errorName(e)}: ${awsMessage(e)}): ` +
                        `not deleted; ${comeBack}`,
                );
                continue;
            }
            const deadline = since + opts.visibilityTimeout * 1000 - deleteMarginMs(opts.visibilityTimeout);
            const unconfirmed = (why: string) => {
                n.unconfirmed++;
                io.log(
                    `delete unconfirmed ${label(l)} (${was}): ${why}; the ledger keeps it as accepted: the message may already be deleted, or ${comeBack}`,
                );
            };
            if (deadline - now() <= 0) {
                unconfirmed("its visibility window closed before DeleteMessage could be sent (not sent)");
                continue;
            }
            const abort = new AbortController();
            let timer: NodeJS.Timeout | undefined;
            const expired = new Promise<"expired">((resolve) => {
                timer = setTimeout(() => {
                    abort.abort();
                    resolve("expired");
                }, deadline - now());
            });
            let result: unknown;
            try {
                const del = clients.sqs.send(
                    new DeleteMessageCommand({ QueueUrl: stamp.queueUrl, ReceiptHandle: l.receipt }),
                    { abortSignal: abort.signal },
                );
                del.catch(() => undefined);
                result = await Promise.race([del, expired]);
            } catch (e) {
                if (abort.signal.aborted) result = "expired";
                else {
                    n.undeleted++;
                    io.log(
                        `${was} ${label(l)}, but deleting its message failed: ${errorName(e)}: ${awsMessage(e)}; ` +
                            (unanswered(e) ? `unanswered, it may have been carried out, or ${comeBack}` : comeBack),
                    );
                    continue;
                }
            } finally {
                clearTimeout(timer);
            }
            if (result === "expired") {
                unconfirmed(
                    `DeleteMessage did not answer before the message's visibility deadline (ChangeMessageVisibility + ${opts.visibilityTimeout} s − margin): aborted`,
                );
                continue;
            }
            if (now() > deadline) {
                unconfirmed(
                    `DeleteMessage answered after the message's visibility deadline (ChangeMessageVisibility + ${opts.visibilityTimeout} s − margin): a retry may have reached SQS after the message was received again`,
                );
                continue;
            }
            ledger.record(l.messageId, "deleted");
            n.deleted++;
            io.log(`${was} ${label(l)}; DeleteMessage accepted`);
        }
    } finally {
        ledger.close();
    }
    if (!opts.apply) {
        io.log(
            `dry run: ${plural(last.size - n.skipped - n.unsendable, "object")} would be re-sent to ${stamp.domainName}` +
                `${n.skipped ? ` (${n.skipped} skipped: already in ${ledger.path})` : ""}; nothing was sent or deleted. Add --apply to re-ingest.`,
        );
        return n.unsendable > 0 ? 1 : 0;
    }
    const parts = [
        `${n.accepted} accepted (${n.deleted} DeleteMessage accepted)`,
        `${n.refused} refused and kept in the queue`,
        ...(n.unanswered ? [`${n.unanswered} unanswered (may have been accepted; kept in the queue)`] : []),
        ...(n.stale ? [`${n.stale} not sent: stale receipt`] : []),
        ...(n.undeleted ? [`${n.undeleted} not deleted`] : []),
        ...(n.unconfirmed ? [`${n.unconfirmed} delete unconfirmed`] : []),
        ...(n.skipped ? [`${n.skipped} skipped (ledger)`] : []),
        ...(n.unsendable ? [`${n.unsendable} without an object`] : []),
    ];
    io.log(parts.join(", "));
    if (n.deleted > 0) io.log(`${UNPROVABLE}.`);
    io.log(await remaining(clients, stamp.queueUrl, undefined, file, "reingest"));
    if (io.signal?.aborted) {
        io.progress(
            `interrupted: ${plural(n.left, "line")} not processed; ${ledger.path} records every accepted object and accepted DeleteMessage. ` +
                "Run the same command again to go on: what the ledger holds is not sent again.",
        );
        return INTERRUPTED;
    }
    return n.refused + n.unanswered + n.stale + n.undeleted + n.unconfirmed + n.unsendable > 0 ? 1 : 0;
}
