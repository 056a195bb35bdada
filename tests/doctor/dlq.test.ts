// Dead-letter messages: every documented error classified to its remedy; tolerant reading of the
// (undocumented) message body; export and re-ingestion where some objects fail.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PutProfileObjectCommand } from "@aws-sdk/client-customer-profiles";
import { DeleteMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { UNPROVABLE } from "../../tools/doctor/dlq";
import { classify, DLQ_ERROR_CLASSES, readDeadLetter, triage } from "../../tools/doctor/triage";
import { keyPolicyDrift } from "../../tools/doctor/checks/keys";
import { healthy, OUTPUTS, run } from "./support";

// The documented error messages (Amazon Connect Administrator Guide, Enable Customer Profiles,
// dead-letter queue table), as AWS words them, with the contraction variants the console uses.
const DOCUMENTED: [string, string][] = [
    ["The UNIQUE key or PROFILE key does not exist in the profile object", "missing-unique-or-profile-key"],
    ["The UNIQUE key or PROFILE key doesn't exist in the profile object", "missing-unique-or-profile-key"],
    ["Too many objects ingested into the profile per second", "too-many-objects-per-second"],
    [
        "Customer Profiles can't ingest the object because the EncryptionKey doesn't exist in the region",
        "encryption-key-unusable",
    ],
    [
        "Customer Profiles can't ingest the object because the EncryptionKey doesn't have permission for Customer Profiles",
        "encryption-key-unusable",
    ],
    [
        "Customer Profiles can't ingest the object because the EncryptionKey doesn't have permission for GenerateDataKey",
        "encryption-key-unusable",
    ],
    ["The KMS key is invalid", "kms-key-invalid"],
    ["Customer Profiles can't ingest the object because of an invalid KMS key", "invalid-kms-key"],
    ["Your data contains profile objects larger than 512000 bytes", "object-too-large"],
    ["Your data contains profile objects larger than 1,048,576 bytes", "object-too-large"],
    ["All keys of this object are linked to more than one profile", "keys-linked-to-several-profiles"],
];

describe("doctor: dead-letter triage and re-ingestion", () => {
    it("classifies every documented dead-letter error to its class and AWS's remedy", () => {
        for (const [message, id] of DOCUMENTED) assert.strictEqual(classify(message)?.id, id, message);
        // Every class is reachable, and the three KMS classes share AWS's one remedy.
        assert.deepStrictEqual(new Set(DOCUMENTED.map(([, id]) => id)), new Set(DLQ_ERROR_CLASSES.map((c) => c.id)));
        const kms = DLQ_ERROR_CLASSES.filter((c) => /kms|encryption/.test(c.id)).map((c) => c.remedy);
        assert.strictEqual(new Set(kms).size, 1);
        assert.match(kms[0], /^Check your KMS permission/);
    });

    it("leaves other errors unclassified, listed apart", () => {
        for (const m of ["Internal failure", "", "The key is valid", "profile objects smaller than 10 bytes"])
            assert.strictEqual(classify(m), undefined, m);
        const groups = triage([
            readDeadLetter({
                MessageId: "1",
                ReceiptHandle: "r1",
                Body: JSON.stringify({ errorMessage: "Internal failure" }),
            }),
            readDeadLetter({
                MessageId: "2",
                ReceiptHandle: "r2",
                Body: JSON.stringify({ errorMessage: "The KMS key is invalid" }),
            }),
            readDeadLetter({
                MessageId: "3",
                ReceiptHandle: "r3",
                Body: JSON.stringify({ errorMessage: "Internal failure" }),
            }),
        ]);
        assert.deepStrictEqual(
            groups.known.map((g) => [g.errorClass!.id, g.messages.map((m) => m.messageId)]),
            [["kms-key-invalid", ["2"]]],
        );
        assert.deepStrictEqual(
            groups.unknown.map((g) => [g.errors, g.messages.map((m) => m.messageId)]),
            [[["(unknown error text, 16 chars; --show-bodies to see it)"], ["1", "3"]]],
        );
    });

    it("reads the message body tolerantly: JSON fields in any case, an object as JSON or string, plain-text bodies", () => {
        const a = readDeadLetter({
            MessageId: "m",
            ReceiptHandle: "r",
            Body: JSON.stringify({
                ErrorMessage: "The KMS key is invalid",
                ObjectTypeName: "CTR",
                Object: { ContactId: "c-1", Channel: "VOICE" },
            }),
            Attributes: { SentTimestamp: "1764370800000", ApproximateReceiveCount: "2" },
        });
        assert.deepStrictEqual(a, {
            messageId: "m",
            receiptHandle: "r",
            error: "The KMS key is invalid",
            objectTypeName: "CTR",
            object: '{"ContactId":"c-1","Channel":"VOICE"}',
            objectId: "c-1",
            sentAt: new Date(1764370800000),
            receiveCount: 2,
            bodyLength: JSON.stringify({
                ErrorMessage: "The KMS key is invalid",
                ObjectTypeName: "CTR",
                Object: { ContactId: "c-1", Channel: "VOICE" },
            }).length,
        });
        const b = readDeadLetter({
            MessageId: "n",
            ReceiptHandle: "s",
            Body: "Too many objects ingested into the profile per second",
        });
        assert.strictEqual(b.error, "Too many objects ingested into the profile per second");
        assert.strictEqual(b.object, undefined);
        assert.strictEqual(b.body, undefined);
        // Any other plain-text body is kept apart, never taken for the error text a report shows.
        const secret = `Contact jane.doe@example.com: ${"x".repeat(300)}`;
        const d = readDeadLetter({ MessageId: "p", ReceiptHandle: "u", Body: secret });
        assert.deepStrictEqual([d.error, d.body, d.bodyLength], [undefined, secret, secret.length]);
        const c = readDeadLetter({
            MessageId: "o",
            ReceiptHandle: "t",
            Body: JSON.stringify({ object: '{"Id":"001"}' }),
            MessageAttributes: {
                errorMessage: { StringValue: "The KMS key is invalid" },
                objectTypeName: { StringValue: "Salesforce-Account" },
            },
        });
        assert.deepStrictEqual(
            [c.error, c.objectTypeName, c.object, c.objectId],
            ["The KMS key is invalid", "Salesforce-Account", '{"Id":"001"}', "001"],
        );
    });

    it("key policy drift ignores statement order and one-element lists, names removed, changed and added statements", () => {
        const s = (Sid: string, Action: string | string[]) => ({
            Sid,
            Effect: "Allow" as const,
            Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action,
            Resource: "*",
        });
        const expected = {
            Version: "2012-10-17" as const,
            Statement: [s("A", ["kms:Decrypt", "kms:Encrypt"]), s("B", "kms:Decrypt"), s("C", "kms:Sign")],
        };
        assert.deepStrictEqual(
            keyPolicyDrift(expected, {
                Version: "2012-10-17",
                Statement: [s("B", ["kms:Decrypt"]), s("C", "kms:Sign"), s("A", ["kms:Encrypt", "kms:Decrypt"])],
            }),
            {
                missing: [],
                changed: [],
                added: [],
            },
        );
        assert.deepStrictEqual(
            keyPolicyDrift(expected, {
                Version: "2012-10-17",
                Statement: [s("A", "kms:Decrypt"), s("C", "kms:Sign"), s("D", "kms:Sign")],
            }),
            {
                missing: ["B"],
                changed: [{ sid: "A", elements: ["Action"] }],
                added: ["D"],
            },
        );
    });

    it("the doctor's triage never shows a body that is not JSON (an e-mail address, 200 KB on one line)", async () => {
        const account = healthy();
        const secret = `Contact jane.doe@example.com about ${"x".repeat(200_000)}`;
        account.ReceiveMessage = [
            {
                output: {
                    Messages: [
                        {
                            MessageId: "m-plain",
                            ReceiptHandle: "r",
                            Body: secret,
                            Attributes: { SentTimestamp: "1764370800000" },
                        },
                    ],
                },
            },
        ];
        (account.GetQueueAttributes as any).output.Attributes.ApproximateNumberOfMessages = "1";
        const r = await run(["--outputs", OUTPUTS], account);
        assert.doesNotMatch(r.out + r.err, /jane\.doe/);
        assert.ok(r.out.length < 20_000, `report of ${r.out.length} characters`);
        assert.match(
            r.out,
            /^warning {2}triage {13}1 × an error AWS does not document: \(a body that is not a JSON object: not shown; --show-bodies shows it\)/m,
        );
    });

    describe("dlq export and reingest", () => {
        let dir: string;
        before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-dlq-"))));
        after(() => fs.rmSync(dir, { recursive: true, force: true }));
        const QUEUE = JSON.parse(fs.readFileSync(OUTPUTS, "utf8")).deadLetterQueueUrl;
        const STAMP = {
            queueUrl: QUEUE,
            domainName: "amazon-connect-examplecorp-dev",
            account: "123456789012",
            region: "eu-west-2",
        };

        const message = (i: number, id: string, error: string) => ({
            MessageId: `m-${i}`,
            ReceiptHandle: `receipt-${i}`,
            Body: JSON.stringify({
                errorMessage: error,
                objectTypeName: "Salesforce-Account",
                object: JSON.stringify({ Id: id }),
            }),
            Attributes: { SentTimestamp: "1764370800000" },
        });

        it("export writes one stamped JSON line per message (object, object type, error, receipt) and deletes nothing", async () => {
            const account = healthy();
            account.ReceiveMessage = [
                {
                    output: {
                        Messages: [
                            message(0, "001A", "Too many objects ingested into the profile per second"),
                            message(1, "001B", "The KMS key is invalid"),
                        ],
                    },
                },
            ];
            const file = path.join(dir, "export.jsonl");
            const r = await run(["dlq", "export", file, "--outputs", OUTPUTS], account);
            assert.strictEqual(r.code, 0, r.err);
            const written = fs
                .readFileSync(file, "utf8")
                .trim()
                .split("\n")
                .map((l) => JSON.parse(l));
            assert.match(written[0].receivedAt, /^\d{4}-\d\d-\d\dT/);
            assert.deepStrictEqual(written[0], {
                ...STAMP,
                messageId: "m-0",
                receipt: "receipt-0",
                receivedAt: written[0].receivedAt,
                objectTypeName: "Salesforce-Account",
                objectId: "001A",
                object: '{"Id":"001A"}',
                error: "Too many objects ingested into the profile per second",
                errorClass: "too-many-objects-per-second",
            });
            // The fake account answers every receive with the same two messages: the second receive is
            // written too (a message received again has a new receipt, the one re-ingestion must use).
            assert.deepStrictEqual(
                written.map((l) => l.messageId),
                ["m-0", "m-1", "m-0", "m-1"],
            );
            const receive = r.mocks.sqs.commandCalls(ReceiveMessageCommand)[0].args[0].input;
            assert.strictEqual(receive.VisibilityTimeout, 900);
            assert.strictEqual(receive.QueueUrl, QUEUE);
            assert.strictEqual(r.mocks.sqs.commandCalls(DeleteMessageCommand).length, 0);
            assert.match(
                r.out,
                /^exported 2 messages written to .*export\.jsonl \(mode 0600\), 2 of them received again with a newer receipt \(the later line counts\); they stay in the queue, invisible until /,
            );
        });

        const exportFile = () => {
            const file = path.join(dir, "reviewed.jsonl");
            fs.rmSync(`${file}.ledger`, { force: true });
            fs.writeFileSync(
                file,
                ["001A", "001B", "001C"]
                    .map((id, i) =>
                        JSON.stringify({
                            ...STAMP,
                            messageId: `m-${i}`,
                            receipt: `receipt-${i}`,
                            receivedAt: "2026-11-29T22:59:00.000Z",
                            objectTypeName: "Salesforce-Account",
                            objectId: id,
                            object: JSON.stringify({ Id: id }),
                            error: "x",
                            errorClass: "unknown",
                        }),
                    )
                    .join("\n") + "\n",
            );
            return file;
        };

        it("reingest without --apply is a dry run: nothing sent, nothing deleted", async () => {
            const r = await run(["dlq", "reingest", exportFile(), "--outputs", OUTPUTS], healthy());
            assert.strictEqual(r.code, 0);
            assert.strictEqual(r.mocks.profiles.commandCalls(PutProfileObjectCommand).length, 0);
            assert.strictEqual(r.mocks.sqs.commandCalls(DeleteMessageCommand).length, 0);
            assert.match(r.out, /would re-send Salesforce-Account\/001A \(message m-0\)\n/);
            assert.match(
                r.out,
                /dry run: 3 objects would be re-sent to amazon-connect-examplecorp-dev; nothing was sent or deleted/,
            );
        });

        it("reingest --apply: only the messages whose object was accepted are deleted; the refused one stays; exit 1", async () => {
            const account = healthy();
            account.PutProfileObject = [
                {
                    input: { Object: '{"Id":"001B"}' },
                    error: {
                        name: "BadRequestException",
                        message: "The UNIQUE key or PROFILE key does not exist in the profile object",
                    },
                },
                { output: { ProfileObjectUniqueKey: "k" } },
            ];
            account.ChangeMessageVisibility = { output: {} };
            account.DeleteMessage = { output: {} };
            const r = await run(
                ["dlq", "reingest", exportFile(), "--apply", "--interval-ms", "0", "--outputs", OUTPUTS],
                account,
            );
            assert.strictEqual(r.code, 1);
            const puts = r.mocks.profiles
                .commandCalls(PutProfileObjectCommand)
                .map((c: { args: [{ input: unknown }] }) => c.args[0].input);
            assert.deepStrictEqual(puts[0], {
                DomainName: "amazon-connect-examplecorp-dev",
                ObjectTypeName: "Salesforce-Account",
                Object: '{"Id":"001A"}',
            });
            assert.strictEqual(puts.length, 3);
            const deleted = r.mocks.sqs
                .commandCalls(DeleteMessageCommand)
                .map((c: { args: [{ input: { ReceiptHandle: string } }] }) => c.args[0].input.ReceiptHandle);
            assert.deepStrictEqual(deleted, ["receipt-0", "receipt-2"]);
            assert.deepStrictEqual(r.out.trim().split("\n"), [
                "accepted Salesforce-Account/001A (message m-0); DeleteMessage accepted",
                "refused  Salesforce-Account/001B (message m-1): BadRequestException: The UNIQUE key or PROFILE key does not exist in the profile object; the message stays in the queue",
                "accepted Salesforce-Account/001C (message m-2); DeleteMessage accepted",
                "2 accepted (2 DeleteMessage accepted), 1 refused and kept in the queue",
                `${UNPROVABLE}.`,
                "remaining in the queue: about 0 visible, 0 in flight (ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible).",
            ]);
        });

        it("an accepted object whose message cannot be deleted is reported, and the run exits 1", async () => {
            const account = healthy();
            account.PutProfileObject = { output: { ProfileObjectUniqueKey: "k" } };
            account.ChangeMessageVisibility = { output: {} };
            account.DeleteMessage = [
                {
                    input: { ReceiptHandle: "receipt-1" },
                    error: { name: "ReceiptHandleIsInvalid", message: "The input receipt handle is invalid." },
                },
                { output: {} },
            ];
            const r = await run(
                ["dlq", "reingest", exportFile(), "--apply", "--interval-ms", "0", "--outputs", OUTPUTS],
                account,
            );
            assert.strictEqual(r.code, 1);
            assert.match(
                r.out,
                /accepted Salesforce-Account\/001B \(message m-1\), but deleting its message failed: ReceiptHandleIsInvalid/,
            );
            assert.match(
                r.out,
                /3 accepted \(2 DeleteMessage accepted\), 0 refused and kept in the queue, 1 not deleted/,
            );
        });

        it("a malformed export file is refused before any call, every bad line named", async () => {
            const file = path.join(dir, "bad.jsonl");
            const good = { ...STAMP, messageId: "m", receipt: "r", receivedAt: "t", errorClass: "unknown" };
            fs.writeFileSync(
                file,
                [
                    JSON.stringify(good),
                    "not json",
                    JSON.stringify({ ...good, messageId: "m2", receipt: "", extra: 1 }),
                    JSON.stringify({ ...good, messageId: "m3", object: { Id: 1 } }),
                ].join("\n") + "\n",
            );
            const r = await run(["dlq", "reingest", file, "--apply", "--outputs", OUTPUTS], healthy());
            assert.strictEqual(r.code, 2);
            assert.strictEqual(
                r.err,
                `${file} is not a dlq export file: line 2: not JSON; line 3: receipt: "" is not valid; expected a non-empty string; ` +
                    "line 3: unknown key extra (expected queueUrl, domainName, account, region, messageId, receipt, receivedAt, errorClass, objectTypeName, objectId, object, error); " +
                    'line 4: object: {"Id":1} is not valid; expected a string\n',
            );
            assert.strictEqual(r.mocks.profiles.commandCalls(PutProfileObjectCommand).length, 0);
        });
    });
});
