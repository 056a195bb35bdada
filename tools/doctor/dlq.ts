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
//   "succeeds, but the message might not be deleted" (API Reference, DeleteMessage). So before a
//   message is deleted its receipt is proved current: ChangeMessageVisibility with it must succeed
//   (it fails for a message not in flight, MessageNotInflight; API Reference,
//   ChangeMessageVisibility), and that call also hides the message for the seconds the delete needs.
// - While PutProfileObject is in flight the message's visibility is extended (ChangeMessageVisibility
//   again, every half period), so it cannot reappear and be taken by another consumer (Developer
//   Guide, "Amazon SQS visibility timeout": extend the timeout while processing).
// - Every accepted object is written to a ledger beside the export (FILE.ledger) before its message
//   is deleted, and every deleted message after; a rerun skips what the ledger holds.
// - The object is sent as the message carried it, byte for byte (triage.ts, readDeadLetter).
import * as fs from "fs";
import * as readline from "readline";
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
import { classify, DeadLetter, NOT_JSON, readDeadLetter, triage } from "./triage";

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

export interface DlqIo {
    /** The result lines (stdout). */
    log: (s: string) => void;
    /** Progress and warnings (stderr). */
    progress: (s: string) => void;
    /** Aborted on SIGINT: the run stops at the next consistent point. */
    signal?: Interrupt;
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
    });
    const { known, unknown } = triage(messages);
    const ids = (ms: DeadLetter[]) => ms.map((m) => m.messageId).join(", ");
    for (const g of known) {
        io.log(`${g.messages.length} × ${g.errorClass!.id}: "${g.errorClass!.documented}"`);
        io.log(`    messages: ${ids(g.messages)}`);
        io.log(`    remedy: ${g.errorClass!.remedy}`);
    }
    for (const g of unknown) {
        io.log(`${g.messages.length} × unknown: ${g.errors[0] === NOT_JSON ? NOT_JSON : `"${g.errors[0]}"`}`);
        io.log(`    messages: ${ids(g.messages)}`);
    }
    if (opts.showBodies) {
        for (const m of messages) {
            io.log(
                `body of ${m.messageId}: ${m.body ?? JSON.stringify({ error: m.error, objectTypeName: m.objectTypeName, object: m.object })}`,
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

/** Opens FILE for an export: created 0600, never an existing file unless --force (or --append). */
function openExport(file: string, stamp: ExportStamp, opts: { force: boolean; append: boolean }): number {
    if (opts.append) {
        let first: string | undefined;
        try {
            first = firstLine(file);
        } catch (e) {
            throw new DoctorUsageError(`--append: cannot read ${file}: ${(e as Error).message}`);
        }
        if (first) {
            const s = JSON.parse(first) as ExportStamp;
            if (STAMP_KEYS.some((k) => s[k] !== stamp[k]))
                throw new DoctorUsageError(
                    `--append: ${file} holds an export of ${describe(s)}, not of this stack's ${describe(stamp)}`,
                );
        }
        const fd = fs.openSync(file, "a", 0o600);
        fs.fchmodSync(fd, 0o600);
        return fd;
    }
    try {
        const fd = fs.openSync(file, opts.force ? "w" : "wx", 0o600);
        // An existing file keeps its mode when truncated: it holds customer data, so 0600 as well.
        fs.fchmodSync(fd, 0o600);
        return fd;
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EEXIST")
            throw new DoctorUsageError(
                `${file} exists; an export never overwrites a file: choose another name, pass --force to overwrite it, or --append to add to it`,
            );
        throw new DoctorUsageError(`cannot create ${file}: ${(e as Error).message}`);
    }
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
    const fd = openExport(file, stamp, opts);
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
                text += `${JSON.stringify(line)}\n`;
                if (seen.has(dl.messageId)) again++;
                else {
                    seen.add(dl.messageId);
                    fresh++;
                }
            }
            // One write per batch (at most 10 messages): a line is on disk before the next receive.
            if (text) fs.writeSync(fd, text);
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
            `ReceiveMessage failed after ${seen.size} messages: ${errorName(failure)}: ${errorMessage(failure).split("\n")[0]}\n` +
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
            "Re-ingest before then: a receipt that is no longer current is reported, never taken for a delete.",
    );
    io.log(await remaining(clients, stamp.queueUrl, seen.size >= opts.max ? opts.max : undefined, file));
    return 0;
}

async function remaining(clients: Clients, queueUrl: string, limit: number | undefined, file: string): Promise<string> {
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
        return `what remains in the queue is unknown (GetQueueAttributes: ${errorName(e)}: ${errorMessage(e)})`;
    }
    const more =
        visible > 0
            ? limit !== undefined
                ? ` --max-messages ${limit} was reached: export the rest with \`npm run doctor -- dlq export ${file} --append\`.`
                : " (messages that arrived or became visible again during the export)."
            : "";
    return `remaining in the queue: about ${visible} visible, ${inFlight} in flight (ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible).${more}`;
}

// ---------------------------------------------------------------------------------------------
// reading an export file, streamed

async function* fileLines(file: string): AsyncGenerator<[number, string]> {
    const rl = readline.createInterface({
        input: fs.createReadStream(file, { encoding: "utf8" }),
        crlfDelay: Infinity,
    });
    let n = 0;
    for await (const raw of rl) {
        n++;
        if (raw.trim() !== "") yield [n, raw];
    }
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
 * and every line's stamp against the stack's. Returns, per message, the number of its last line.
 */
export async function checkExportFile(file: string, stamp: ExportStamp): Promise<Map<string, number>> {
    try {
        fs.accessSync(file, fs.constants.R_OK);
    } catch (e) {
        throw new DoctorUsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const problems: string[] = [];
    const last = new Map<string, number>();
    for await (const [n, raw] of fileLines(file)) {
        let v: unknown;
        try {
            v = JSON.parse(raw);
        } catch {
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
    return last;
}

// ---------------------------------------------------------------------------------------------
// the ledger

type LedgerState = "accepted" | "deleted";

/** FILE.ledger: one JSON line per accepted object and per deleted message, appended and synced. */
export class Ledger {
    readonly path: string;
    private readonly state = new Map<string, LedgerState>();
    private fd: number | undefined;

    constructor(exportFile: string) {
        this.path = `${exportFile}.ledger`;
        let text = "";
        try {
            text = fs.readFileSync(this.path, "utf8");
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "ENOENT")
                throw new DoctorUsageError(`cannot read the ledger ${this.path}: ${(e as Error).message}`);
        }
        const rows = text.split("\n");
        rows.forEach((row, i) => {
            if (row.trim() === "") return;
            try {
                const r = JSON.parse(row) as { messageId: string; state: LedgerState };
                if (r.state === "deleted" || this.state.get(r.messageId) !== "deleted")
                    this.state.set(r.messageId, r.state);
            } catch {
                // Only the last line can be torn (a write cut by a crash): what it recorded is redone.
                if (i < rows.length - 1 && rows.slice(i + 1).some((r) => r.trim() !== ""))
                    throw new DoctorUsageError(
                        `the ledger ${this.path} line ${i + 1} is not JSON; it is not a dlq ledger`,
                    );
            }
        });
    }

    get(messageId: string): LedgerState | undefined {
        return this.state.get(messageId);
    }

    record(messageId: string, state: LedgerState, extra: Record<string, string> = {}): void {
        if (this.fd === undefined) {
            this.fd = fs.openSync(this.path, "a", 0o600);
            fs.fchmodSync(this.fd, 0o600);
            // A torn last line from a crash: start on a line of our own.
            const size = fs.fstatSync(this.fd).size;
            if (size > 0) {
                const b = Buffer.alloc(1);
                const rfd = fs.openSync(this.path, "r");
                fs.readSync(rfd, b, 0, 1, size - 1);
                fs.closeSync(rfd);
                if (b[0] !== 10) fs.writeSync(this.fd, "\n");
            }
        }
        fs.writeSync(this.fd, `${JSON.stringify({ messageId, state, at: new Date().toISOString(), ...extra })}\n`);
        fs.fsyncSync(this.fd);
        this.state.set(messageId, state);
    }

    close(): void {
        if (this.fd !== undefined) fs.closeSync(this.fd);
        this.fd = undefined;
    }
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

export async function reingest(
    inv: StackInventory,
    clients: Clients,
    file: string,
    opts: { apply: boolean; intervalMs: number; visibilityTimeout: number },
    io: DlqIo,
): Promise<number> {
    const stamp = stampOf(inv);
    const last = await checkExportFile(file, stamp);
    const ledger = new Ledger(file);
    const label = (l: ExportLine) => `${l.objectTypeName ?? "?"}/${l.objectId ?? "?"} (message ${l.messageId})`;
    const n = { accepted: 0, deleted: 0, refused: 0, stale: 0, undeleted: 0, skipped: 0, unsendable: 0, left: 0 };
    let sent = 0;
    try {
        for await (const [lineNo, raw] of fileLines(file)) {
            const l = JSON.parse(raw) as ExportLine;
            if (last.get(l.messageId) !== lineNo) continue; // a later line of this message holds its latest receipt
            const state = ledger.get(l.messageId);
            if (state === "deleted") {
                n.skipped++;
                io.log(`skipped  ${label(l)}: accepted and deleted by an earlier run (${ledger.path})`);
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
            const extend = () =>
                clients.sqs.send(
                    new ChangeMessageVisibilityCommand({
                        QueueUrl: stamp.queueUrl,
                        ReceiptHandle: l.receipt,
                        VisibilityTimeout: opts.visibilityTimeout,
                    }),
                );
            // The receipt must be current: otherwise a delete would "succeed" and leave the message queued.
            try {
                await extend();
            } catch (e) {
                if (isAccessDenied(e)) {
                    throw new DoctorUsageError(
                        `ChangeMessageVisibility on ${stamp.queueUrl}: access denied (${errorMessage(e)}); attach the stack's re-ingestion policy (stack output operatorPolicies.reingestPolicyArn) to the identity running the doctor. The run stopped before sending this object; ${ledger.path} holds what was accepted before.`,
                    );
                }
                n.stale++;
                io.log(
                    `stale    ${label(l)}: its receipt is no longer current (ChangeMessageVisibility: ${errorName(e)}: ${errorMessage(e)}); ` +
                        "the message was received again or its visibility timeout ended: not sent, left in the queue. Export again and re-ingest the new file.",
                );
                continue;
            }
            if (state !== "accepted") {
                const hold = keepInvisible(clients, stamp.queueUrl, l.receipt, opts.visibilityTimeout);
                try {
                    await clients.profiles.send(
                        new PutProfileObjectCommand({
                            DomainName: stamp.domainName,
                            ObjectTypeName: l.objectTypeName,
                            Object: l.object,
                        }),
                    );
                } catch (e) {
                    await hold.stop();
                    n.refused++;
                    io.log(
                        `refused  ${label(l)}: ${errorName(e)}: ${errorMessage(e)}${isThrottled(e) ? " (throttled after the client's retries)" : ""}; the message stays in the queue`,
                    );
                    continue;
                }
                await hold.stop();
                ledger.record(l.messageId, "accepted", {
                    objectTypeName: l.objectTypeName,
                    ...(l.objectId ? { objectId: l.objectId } : {}),
                });
                n.accepted++;
            }
            const was = state === "accepted" ? "accepted by an earlier run" : "accepted";
            try {
                await extend(); // still current, and hidden for the delete
            } catch (e) {
                n.undeleted++;
                io.log(
                    `${was} ${label(l)}, but its receipt is no longer current (ChangeMessageVisibility: ${errorName(e)}: ${errorMessage(e)}): ` +
                        "not deleted; the message will come back (sending it again updates the same object, found by its UNIQUE key)",
                );
                continue;
            }
            try {
                await clients.sqs.send(
                    new DeleteMessageCommand({ QueueUrl: stamp.queueUrl, ReceiptHandle: l.receipt }),
                );
            } catch (e) {
                n.undeleted++;
                io.log(
                    `${was} ${label(l)}, but deleting its message failed: ${errorName(e)}: ${errorMessage(e)}; it will come back (sending it again updates the same object, found by its UNIQUE key)`,
                );
                continue;
            }
            ledger.record(l.messageId, "deleted");
            n.deleted++;
            io.log(`${was} ${label(l)}; message deleted`);
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
        `${n.accepted} accepted (${n.deleted} deleted from the queue)`,
        `${n.refused} refused and kept in the queue`,
        ...(n.stale ? [`${n.stale} not sent: stale receipt`] : []),
        ...(n.undeleted ? [`${n.undeleted} not deleted`] : []),
        ...(n.skipped ? [`${n.skipped} skipped (ledger)`] : []),
        ...(n.unsendable ? [`${n.unsendable} without an object`] : []),
    ];
    io.log(parts.join(", "));
    if (io.signal?.aborted) {
        io.progress(
            `interrupted: ${plural(n.left, "line")} not processed; ${ledger.path} records every accepted object and deleted message. ` +
                "Run the same command again to go on: what the ledger holds is not sent again.",
        );
        return INTERRUPTED;
    }
    return n.refused + n.stale + n.undeleted + n.unsendable > 0 ? 1 : 0;
}
