// The dead-letter queue: depth, age of the oldest message, and a triage of its messages (peeked,
// never deleted) grouped by the documented error classes with their remedies.
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { ago, callFailed, DoctorContext, isNotFound } from "../context";
import { receiveDeadLetters } from "../queue";
import { Check } from "../report";
import { SOURCES } from "../sources";
import { DeadLetter, printable, shortError, slim, triage } from "../triage";

const SAMPLES = 3;
const sample = (ms: DeadLetter[]) =>
    `objects: ${ms
        .slice(0, SAMPLES)
        .map((m) => printable(`${m.objectTypeName ?? "?"}/${m.objectId ?? `message ${m.messageId}`}`))
        .join(", ")}${ms.length > SAMPLES ? ` and ${ms.length - SAMPLES} more` : ""}`;

export async function checkDeadLetterQueue(ctx: DoctorContext): Promise<Check[]> {
    const url = ctx.inv.outputs.deadLetterQueueUrl;
    if (!url) return [];
    const source = SOURCES.queue;
    let attrs: Record<string, string>;
    try {
        const r = await ctx.clients.sqs.send(
            new GetQueueAttributesCommand({
                QueueUrl: url,
                AttributeNames: [
                    "ApproximateNumberOfMessages",
                    "ApproximateNumberOfMessagesNotVisible",
                    "MessageRetentionPeriod",
                    "KmsMasterKeyId",
                ],
            }),
        );
        attrs = r.Attributes ?? {};
    } catch (e) {
        if (isNotFound(e)) {
            return [
                {
                    area: "dead-letter queue",
                    status: "problem",
                    message: `the dead-letter queue ${url} does not exist`,
                    remedy: "Run `pulumi up`: without its queue the domain cannot report the objects it fails to ingest.",
                    source,
                },
            ];
        }
        return [callFailed("dead-letter queue", `GetQueueAttributes ${url}`, e, source)];
    }
    const checks: Check[] = [];
    const visible = Number(attrs.ApproximateNumberOfMessages ?? 0);
    const inFlight = Number(attrs.ApproximateNumberOfMessagesNotVisible ?? 0);
    const retention = Number(attrs.MessageRetentionPeriod ?? 0);
    const key = attrs.KmsMasterKeyId;
    if (key && key !== ctx.inv.outputs.keyArn && !ctx.inv.outputs.keyArn.endsWith(`/${key}`)) {
        checks.push({
            area: "dead-letter queue",
            status: "warning",
            message: `encrypted with ${key}, not the domain key`,
            remedy: "Run `pulumi up` to set the queue's KmsMasterKeyId back to the domain key (its policy admits Customer Profiles for this domain).",
            source,
        });
    }
    if (visible + inFlight === 0) {
        checks.push({
            area: "dead-letter queue",
            status: "ok",
            message: "empty: every object sent was ingested",
            source,
        });
        return checks;
    }
    // Peek (see queue.ts): VisibilityTimeout 0 by default (--visibility-timeout), so the read-only
    // checks hide no message from the re-ingestion; a sample (the same messages may come back), never deleted.
    let peeked: DeadLetter[] = [];
    try {
        peeked = await receiveDeadLetters(ctx.clients.sqs, url, {
            max: ctx.maxMessages,
            visibilityTimeout: ctx.peekVisibilitySeconds,
            keep: slim, // the checks never show a body: only IDs and classes are kept
        });
    } catch (e) {
        checks.push(callFailed("dead-letter queue", `ReceiveMessage ${url}`, e, SOURCES.triage));
    }
    const oldest = peeked
        .map((m) => m.sentAt)
        .filter((d): d is Date => !!d)
        .sort((a, b) => a.getTime() - b.getTime())[0];
    const age = oldest ? `, oldest sent ${ago(oldest, ctx.now)} ago` : "";
    checks.push({
        area: "dead-letter queue",
        status: "problem",
        message: `${visible} messages waiting${inFlight ? ` (+${inFlight} in flight)` : ""}${age}: objects Customer Profiles could not ingest`,
        remedy: "Examine the messages (triage below, `npm run doctor -- dlq export FILE`), fix the cause, then re-ingest them (`npm run doctor -- dlq reingest FILE --apply`).",
        source,
    });
    if (oldest && retention > 0 && (ctx.now.getTime() - oldest.getTime()) / 1000 > 0.75 * retention) {
        checks.push({
            area: "dead-letter queue",
            status: "warning",
            message: `the oldest message is past 75% of the queue's ${Math.round(retention / 86400)}-day retention period`,
            remedy: "SQS deletes messages older than the retention period (MessageRetentionPeriod): export them now (`dlq export`).",
            source,
        });
    }
    if (peeked.length === 0) return checks;
    const { known, unknown } = triage(peeked);
    const scope = `${peeked.length} peeked${peeked.length < visible ? ` of ${visible}` : ""}`;
    for (const g of known) {
        checks.push({
            area: "triage",
            status: "problem",
            message: `${g.messages.length} × "${g.errorClass!.documented}" (${scope})`,
            details: [sample(g.messages), ...(g.errors[0] ? [`error: ${printable(shortError(g.errors[0]))}`] : [])],
            remedy: g.errorClass!.remedy,
            source: SOURCES.triage,
        });
    }
    for (const g of unknown) {
        checks.push({
            area: "triage",
            status: "warning",
            message: `${g.messages.length} × an error AWS does not document: ${g.errors[0]} (${scope})`,
            details: [sample(g.messages)],
            remedy: "Not one of the documented dead-letter errors: read the message (`dlq export`) and the object before re-ingesting.",
            source: SOURCES.triage,
        });
    }
    return checks;
}
