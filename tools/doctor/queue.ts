// Reading the dead-letter queue without consuming it.
//
// SQS has no "peek": ReceiveMessage hides each message it returns for the visibility timeout, and
// VisibilityTimeout 0 would make the same messages come back on the next call, so the doctor could
// not page through the queue. The doctor therefore receives with a short visibility timeout (30 s by
// default): each message is invisible for those seconds (a consumer would see it a little later),
// its ApproximateReceiveCount grows by one, and it is never deleted here. Long polling
// (WaitTimeSeconds > 0) queries all SQS servers instead of a sample (Amazon SQS Developer Guide,
// "Amazon SQS short and long polling"); at most 10 messages come per call (ReceiveMessage,
// MaxNumberOfMessages). A message received twice keeps its latest receipt handle: DeleteMessage with
// an older one "succeeds, but the message might not be deleted" (API Reference, DeleteMessage).
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DeadLetter, readDeadLetter } from "./triage";

export async function receiveDeadLetters(
    sqs: SQSClient,
    queueUrl: string,
    opts: {
        max: number;
        visibilityTimeout: number;
        onProgress?: (n: number) => void;
        /** What is kept of each message (default: all of it). */
        keep?: (dl: DeadLetter) => DeadLetter;
    },
): Promise<DeadLetter[]> {
    const seen = new Map<string, DeadLetter>();
    while (seen.size < opts.max) {
        const r = await sqs.send(
            new ReceiveMessageCommand({
                QueueUrl: queueUrl,
                MaxNumberOfMessages: Math.min(10, opts.max - seen.size),
                VisibilityTimeout: opts.visibilityTimeout,
                WaitTimeSeconds: 1,
                MessageSystemAttributeNames: ["SentTimestamp", "ApproximateReceiveCount"],
                MessageAttributeNames: ["All"],
            }),
        );
        const batch = r.Messages ?? [];
        let fresh = 0;
        for (const m of batch) {
            if (!m.MessageId) continue;
            if (!seen.has(m.MessageId)) fresh++;
            // Received again (its visibility ended meanwhile): only the latest receipt handle is current.
            const dl = readDeadLetter(m as Parameters<typeof readDeadLetter>[0]);
            seen.set(m.MessageId, opts.keep ? opts.keep(dl) : dl);
        }
        opts.onProgress?.(seen.size);
        if (batch.length === 0 || fresh === 0) break;
    }
    return [...seen.values()];
}
