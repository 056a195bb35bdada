// Re-ingestion, on purpose only: `dlq export FILE` writes the queue's messages as JSON lines for
// review; `dlq reingest FILE [--apply]` sends the reviewed objects back with PutProfileObject and
// deletes from the queue only the messages whose object was accepted. Nothing is lost on failure:
// a refused object's message stays in the queue (it becomes visible again when its visibility
// timeout ends), and a message is deleted only after Customer Profiles accepted its object.
import * as fs from "fs";
import { PutProfileObjectCommand } from "@aws-sdk/client-customer-profiles";
import { DeleteMessageCommand } from "@aws-sdk/client-sqs";
import { Clients } from "./aws";
import { errorMessage, errorName } from "./context";
import { DoctorUsageError, StackInventory } from "./outputs";
import { receiveDeadLetters } from "./queue";
import { classify } from "./triage";

/** One line of an export file. */
export interface ExportLine {
    messageId: string;
    /** The receipt handle that deletes this message (the most recent receive). */
    receipt: string;
    objectTypeName?: string;
    objectId?: string;
    object?: string;
    error?: string;
    /** The documented error class, or "unknown". */
    errorClass: string;
}

function queueUrlOf(inv: StackInventory): string {
    const url = inv.outputs.deadLetterQueueUrl;
    if (!url)
        throw new DoctorUsageError("this stack has no dead-letter queue (stack output deadLetterQueueUrl is absent)");
    return url;
}

export async function exportDeadLetters(
    inv: StackInventory,
    clients: Clients,
    file: string,
    opts: { max: number; visibilityTimeout: number; log: (s: string) => void },
): Promise<number> {
    const messages = await receiveDeadLetters(clients.sqs, queueUrlOf(inv), {
        max: opts.max,
        visibilityTimeout: opts.visibilityTimeout,
    });
    const lines: ExportLine[] = messages.map((m) => ({
        messageId: m.messageId,
        receipt: m.receiptHandle,
        objectTypeName: m.objectTypeName,
        objectId: m.objectId,
        object: m.object,
        error: m.error,
        errorClass: classify(m.error)?.id ?? "unknown",
    }));
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + (lines.length ? "\n" : ""));
    opts.log(
        `exported ${lines.length} message${lines.length === 1 ? "" : "s"} to ${file}; they stay in the queue, invisible for ${opts.visibilityTimeout} s. ` +
            "Receiving them again (another export, the doctor's triage) gives new receipts: re-ingest from the latest export.",
    );
    return 0;
}

/** Reads and validates an export file: every problem, with its line number, before any call. */
export function readExportFile(file: string): ExportLine[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new DoctorUsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const problems: string[] = [];
    const lines: ExportLine[] = [];
    text.split("\n").forEach((raw, i) => {
        if (raw.trim() === "") return;
        let v: Record<string, unknown>;
        try {
            v = JSON.parse(raw);
        } catch {
            problems.push(`line ${i + 1}: not JSON`);
            return;
        }
        for (const k of ["messageId", "receipt", "objectTypeName", "object"]) {
            if (typeof v[k] !== "string" || v[k] === "")
                problems.push(
                    `line ${i + 1}: ${k}: ${JSON.stringify(v[k]) ?? "missing"} is not valid; expected a non-empty string`,
                );
        }
        const known = new Set(["messageId", "receipt", "objectTypeName", "objectId", "object", "error", "errorClass"]);
        const unknown = Object.keys(v).filter((k) => !known.has(k));
        if (unknown.length)
            problems.push(`line ${i + 1}: unknown key ${unknown.join(", ")} (expected ${[...known].join(", ")})`);
        lines.push(v as unknown as ExportLine);
    });
    if (problems.length) throw new DoctorUsageError(`${file} is not a dlq export file: ${problems.join("; ")}`);
    return lines;
}

export async function reingest(
    inv: StackInventory,
    clients: Clients,
    file: string,
    opts: { apply: boolean; intervalMs: number; log: (s: string) => void },
): Promise<number> {
    const lines = readExportFile(file);
    const queueUrl = queueUrlOf(inv);
    const label = (l: ExportLine) => `${l.objectTypeName}/${l.objectId ?? "?"} (message ${l.messageId})`;
    if (!opts.apply) {
        for (const l of lines) opts.log(`would re-send ${label(l)}`);
        opts.log(
            `dry run: ${lines.length} objects would be re-sent to ${inv.outputs.domainName}; nothing was sent or deleted. Add --apply to re-ingest.`,
        );
        return 0;
    }
    let accepted = 0;
    let refused = 0;
    let undeleted = 0;
    for (const [i, l] of lines.entries()) {
        // The documented remedy for "Too many objects ingested into the profile per second": wait between PutProfileObject calls.
        if (i > 0 && opts.intervalMs > 0) await new Promise((r) => setTimeout(r, opts.intervalMs));
        try {
            await clients.profiles.send(
                new PutProfileObjectCommand({
                    DomainName: inv.outputs.domainName,
                    ObjectTypeName: l.objectTypeName!,
                    Object: l.object!,
                }),
            );
        } catch (e) {
            refused++;
            opts.log(`refused  ${label(l)}: ${errorName(e)}: ${errorMessage(e)}; the message stays in the queue`);
            continue;
        }
        accepted++;
        try {
            await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: l.receipt }));
            opts.log(`accepted ${label(l)}; message deleted`);
        } catch (e) {
            undeleted++;
            opts.log(
                `accepted ${label(l)}, but deleting its message failed: ${errorName(e)}: ${errorMessage(e)}; it will come back (sending it again updates the same object, found by its UNIQUE key)`,
            );
        }
    }
    opts.log(
        `${accepted} accepted (${accepted - undeleted} deleted from the queue), ${refused} refused and kept in the queue`,
    );
    return refused + undeleted > 0 ? 1 : 0;
}
