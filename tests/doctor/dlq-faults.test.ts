// The dead-letter tools driven through the real AWS SDK v3 clients against a loopback emulator of
// SQS, Customer Profiles and STS (tests/support/aws-emulator.ts), with faults injected: nothing
// lost, nothing duplicated, nothing leaked. Every server is closed after each case; name lookups of
// anything but the loopback are refused for the whole suite, so a client that ignored the endpoint
// settings fails here instead of reaching AWS.
import * as assert from "assert";
import { spawn } from "child_process";
import * as dns from "dns";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CustomerProfilesClient } from "@aws-sdk/client-customer-profiles";
import { SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";
import { main } from "../../tools/doctor";
import { UNPROVABLE } from "../../tools/doctor/dlq";
import { Emulator, emulatorEnv, startEmulator } from "../support/aws-emulator";
import { useRealSdkClients, withEnv } from "../support/fake-aws";
import { OUTPUTS, outputs } from "./support";

const ACCOUNT = "123456789012";
const DOMAIN = "amazon-connect-examplecorp-dev";
const QUEUE = outputs().deadLetterQueueUrl as string;
/** Fast, bounded clients: one attempt waits at most 400 ms, two attempts per call. */
const FAST = ["--outputs", OUTPUTS, "--request-timeout-ms", "400", "--max-attempts", "2", "--interval-ms", "0"];

/** A dead-letter body whose object is a nested JSON object (its text kept as written). */
const body = (objectText: string, error = "Too many objects ingested into the profile per second") =>
    `{"errorMessage":${JSON.stringify(error)},"objectTypeName":"Salesforce-Account","object":${objectText}}`;
const obj = (id: string) => `{"Id":"${id}","Name":"n-${id}"}`;

/** `npm run doctor -- dlq reingest FILE --apply` as its own process, its environment pointed at the emulator. */
function spawnReingest(emu: Emulator, file: string) {
    const root = path.resolve(__dirname, "..", "..");
    const env = { ...process.env };
    for (const [k, v] of Object.entries(emulatorEnv(emu))) {
        if (v === undefined) delete env[k];
        else env[k] = v;
    }
    const args = ["-r", path.join(root, "tools", "register.js"), path.join(root, "tools", "doctor.ts")];
    return spawn(process.execPath, [...args, "dlq", "reingest", file, "--apply", ...FAST], {
        cwd: root,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
}

// What SQS answers to ChangeMessageVisibility with an older receipt is not documented: the suite runs
// under both models (tests/support/aws-emulator.ts).
for (const model of ["old receipts refused", "old receipts accepted"] as const) {
    const oldAccepted = model === "old receipts accepted";
    describe(`doctor dlq: fault injection against a loopback SQS + Customer Profiles + STS emulator (ChangeMessageVisibility: ${model})`, function () {
        this.timeout(20000);
        let emu: Emulator;
        let dir: string;
        let lookup: typeof dns.lookup;

        before(() => {
            useRealSdkClients(SQSClient, CustomerProfilesClient, STSClient);
            lookup = dns.lookup;
            (dns as { lookup: unknown }).lookup = (host: string, o: unknown, cb?: (e: Error) => void) => {
                const callback = (typeof o === "function" ? o : cb) as (e: Error) => void;
                if (host === "localhost") return (lookup as (...a: unknown[]) => void)(host, o, cb);
                const e = Object.assign(new Error(`test: no network (lookup of ${host} refused)`), {
                    code: "ENOTFOUND",
                });
                process.nextTick(() => callback(e));
            };
        });
        after(() => ((dns as { lookup: unknown }).lookup = lookup));
        beforeEach(async () => {
            emu = await startEmulator({ account: ACCOUNT });
            emu.cmvAcceptsOldReceipt = oldAccepted;
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "dlq-faults-"));
        });
        afterEach(async () => {
            await emu.close();
            fs.rmSync(dir, { recursive: true, force: true });
        });

        /** The doctor in this process, its environment pointed at the emulator. */
        function doctor(
            argv: string[],
            opts: { signal?: AbortSignal; endpoints?: "service-specific" | "global" } = {},
        ): Promise<{ code: number; out: string; err: string }> {
            return withEnv(emulatorEnv(emu, opts.endpoints), () => doctorInEnv(argv, opts));
        }
        /** The same, in an environment already set (runs that overlap share one withEnv). */
        async function doctorInEnv(
            argv: string[],
            opts: { signal?: AbortSignal } = {},
        ): Promise<{ code: number; out: string; err: string }> {
            let out = "";
            let err = "";
            const code = await main(argv, {
                out: (s) => (out += s),
                err: (s) => (err += s),
                env: {},
                progress: false,
                signal: opts.signal,
                now: () => new Date(emu.now()),
            } as Parameters<typeof main>[1]);
            return { code, out, err };
        }
        const file = (name = "dlq.jsonl") => path.join(dir, name);
        const exportTo = (f: string, ...extra: string[]) => doctor(["dlq", "export", f, ...FAST, ...extra]);
        const reingest = (f: string, ...extra: string[]) =>
            doctor(["dlq", "reingest", f, "--apply", ...FAST, ...extra]);
        const calls = (action: string) => emu.calls.filter((c) => c.action === action);
        /** The ledger's entries, each line parsed (a blank or torn line throws); the file ends with a newline. */
        const ledgerLines = () =>
            fs
                .readFileSync(`${file()}.ledger`, "utf8")
                .replace(/\n$/, "")
                .split("\n")
                .map((l) => JSON.parse(l) as { messageId: string; state: string });

        describe("data: the object is re-sent byte for byte", () => {
            it("a 20-digit integer, 1e400, key order and spacing survive export and re-ingestion", async () => {
                const nested = `{"Id":"001A", "Balance":12345678901234567890,"Score":1e400,"Nested":{"b":1,"a":[1.0,2e-5]}}`;
                const asString = `{"Id":"001B","Balance":98765432109876543210}`;
                emu.send(body(nested), "m-1");
                emu.send(
                    JSON.stringify({ errorMessage: "x", objectTypeName: "Salesforce-Account", object: asString }),
                    "m-2",
                );
                const e = await exportTo(file());
                assert.strictEqual(e.code, 0, e.err + e.out);
                const r = await reingest(file());
                assert.strictEqual(r.code, 0, r.err + r.out);
                assert.deepStrictEqual(
                    emu.accepted.map((a) => [a.domain, a.objectTypeName, a.object]),
                    [
                        [DOMAIN, "Salesforce-Account", nested],
                        [DOMAIN, "Salesforce-Account", asString],
                    ],
                );
                assert.deepStrictEqual(emu.remaining(), []);
            });
        });

        describe("domain: every line is stamped, re-ingestion into another is refused", () => {
            it("each line names its queue, domain, account and region; a dev export with prod's outputs is exit 2, nothing sent", async () => {
                emu.send(body(obj("001A")), "m-1");
                assert.strictEqual((await exportTo(file())).code, 0);
                const line = JSON.parse(fs.readFileSync(file(), "utf8").split("\n")[0]);
                assert.deepStrictEqual(
                    [line.queueUrl, line.domainName, line.account, line.region],
                    [QUEUE, DOMAIN, ACCOUNT, "eu-west-2"],
                );
                const prod = outputs();
                prod.domainName = "amazon-connect-examplecorp-prod";
                prod.domainArn = `arn:aws:profile:eu-west-2:${ACCOUNT}:domains/amazon-connect-examplecorp-prod`;
                prod.deadLetterQueueUrl = `https://sqs.eu-west-2.amazonaws.com/${ACCOUNT}/profiles-dlq-prod`;
                const prodOutputs = file("prod.json");
                fs.writeFileSync(prodOutputs, JSON.stringify(prod));
                const r = await doctor(["dlq", "reingest", file(), "--apply", ...FAST, "--outputs", prodOutputs]);
                assert.strictEqual(r.code, 2);
                assert.strictEqual(
                    r.err,
                    `${file()} line 1 was exported from queue ${QUEUE}, domain ${DOMAIN} (account ${ACCOUNT}, region eu-west-2); ` +
                        `this stack is queue https://sqs.eu-west-2.amazonaws.com/${ACCOUNT}/profiles-dlq-prod, domain amazon-connect-examplecorp-prod (account ${ACCOUNT}, region eu-west-2). ` +
                        "Re-ingesting into another queue or domain is refused: use the outputs of the stack the export came from.\n",
                );
                assert.strictEqual(calls("PutProfileObject").length, 0);
            });
        });

        describe("hangs: every call has a request timeout and bounded retries", () => {
            it("an unanswered PutProfileObject times out and is retried; the run finishes", async () => {
                emu.send(body(obj("001A")), "m-1");
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.fault = (c) => (c.action === "PutProfileObject" && c.index === 0 ? "hang" : undefined);
                const r = await reingest(file());
                assert.strictEqual(r.code, 0, r.out);
                assert.strictEqual(calls("PutProfileObject").length, 2);
                assert.deepStrictEqual(emu.remaining(), []);
            });

            it("a PutProfileObject that never answers is refused after the attempts; its message stays", async () => {
                emu.send(body(obj("001A")), "m-1");
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.fault = (c) => (c.action === "PutProfileObject" ? "hang" : undefined);
                const started = Date.now();
                const r = await reingest(file());
                assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
                assert.strictEqual(r.code, 1);
                assert.match(
                    r.out,
                    /^no answer Salesforce-Account\/001A \(message m-1\): PutProfileObject got no answer after 2 attempts \(TimeoutError: .*\): it may have been accepted; the message stays queued/m,
                );
                assert.strictEqual(calls("PutProfileObject").length, 2);
                assert.strictEqual(calls("DeleteMessage").length, 0);
                assert.deepStrictEqual(
                    emu.remaining().map((m) => m.id),
                    ["m-1"],
                );
            });

            it("400, 429, 5xx and reset answers: only the accepted objects' messages are deleted", async () => {
                for (const id of ["A", "B", "C", "D"]) emu.send(body(obj(id)), `m-${id}`);
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.fault = (c) => {
                    if (c.action !== "PutProfileObject") return undefined;
                    const id = JSON.parse(c.input.Object).Id;
                    if (id === "B")
                        return { status: 400, code: "BadRequestException", message: "The KMS key is invalid" };
                    if (id === "C") return { status: 429, code: "ThrottlingException", message: "Rate exceeded" };
                    if (id === "D")
                        return c.index % 2
                            ? "reset"
                            : { status: 503, code: "ServiceUnavailableException", message: "down" };
                    return undefined;
                };
                const r = await reingest(file());
                assert.strictEqual(r.code, 1);
                assert.deepStrictEqual(
                    emu.remaining().map((m) => m.id),
                    ["m-B", "m-C", "m-D"],
                );
                assert.match(
                    r.out,
                    /^1 accepted \(1 DeleteMessage accepted\), 2 refused and kept in the queue, 1 unanswered \(may have been accepted; kept in the queue\)$/m,
                );
            });
        });

        describe("duplicates: receipts, visibility and the ledger", () => {
            it("a message whose visibility ended and that another consumer received mid-run is reported not deleted, never deleted", async () => {
                emu.send(body(obj("001A")), "m-1");
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.fault = (c) => {
                    if (c.action === "PutProfileObject") {
                        emu.advance(1000);
                        assert.ok(emu.receiveAsOther("m-1", 30));
                    }
                    return undefined;
                };
                const r = await reingest(file());
                assert.deepStrictEqual(
                    emu.remaining().map((m) => m.id),
                    ["m-1"],
                );
                assert.doesNotMatch(r.out, /message deleted/);
                // Either way, what SQS still holds is printed: the message is in flight (the other consumer's).
                assert.match(r.out, /^remaining in the queue: about 0 visible, 1 in flight/m);
                if (oldAccepted) {
                    // Nothing a client can see tells the old receipt from the latest: the report says only what SQS accepted.
                    assert.strictEqual(r.code, 0);
                    assert.match(r.out, /^accepted Salesforce-Account\/001A \(message m-1\); DeleteMessage accepted$/m);
                    assert.ok(r.out.includes(`${UNPROVABLE}.`));
                    return;
                }
                assert.strictEqual(r.code, 1);
                assert.match(
                    r.out,
                    /^accepted Salesforce-Account\/001A \(message m-1\), but its receipt is no longer current \(ChangeMessageVisibility: ReceiptHandleIsInvalid: .*\): not deleted; it will come back/m,
                );
                assert.match(
                    r.out,
                    /^1 accepted \(0 DeleteMessage accepted\), 0 refused and kept in the queue, 1 not deleted$/m,
                );
            });

            it("an export that outlived its visibility timeout (received again since) is reported stale: nothing sent, nothing 'deleted'", async () => {
                emu.send(body(obj("001A")), "m-1");
                emu.send(body(obj("001B")), "m-2");
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.advance(1000);
                // Received again after the export's visibility ended (as the doctor's triage or another export would).
                assert.ok(emu.receiveAsOther("m-1", 30) && emu.receiveAsOther("m-2", 30));
                emu.advance(60);
                const r = await reingest(file());
                assert.strictEqual(r.code, 1);
                assert.strictEqual(calls("PutProfileObject").length, 0);
                assert.strictEqual(calls("DeleteMessage").length, 0);
                assert.match(
                    r.out,
                    /^stale {4}Salesforce-Account\/001A \(message m-1\): its receipt is no longer current/m,
                );
                assert.match(r.out, /, 2 not sent: stale receipt$/m);
                assert.strictEqual(emu.remaining().length, 2);
            });

            it("a message received twice during one export is re-ingested with its latest receipt, and really deleted", async () => {
                emu.send(body(obj("001A")), "m-1");
                emu.fault = (c) => {
                    if (c.action === "ReceiveMessage" && c.index === 1) {
                        emu.send(body(obj("001B")), "m-2");
                        emu.advance(1000); // m-1's visibility ends: the next receive returns it again
                    }
                    return undefined;
                };
                const e = await exportTo(file(), "--visibility-timeout", "600");
                assert.strictEqual(e.code, 0, e.err);
                assert.match(e.out, /2 messages written to .*, 1 of them received again with a newer receipt/);
                emu.fault = undefined;
                const r = await reingest(file());
                assert.strictEqual(r.code, 0, r.out);
                assert.deepStrictEqual(emu.remaining(), []);
                assert.deepStrictEqual(
                    emu.accepted.map((a) => JSON.parse(a.object).Id),
                    ["001A", "001B"],
                );
            });

            it("visibility is extended (ChangeMessageVisibility) while PutProfileObject is in flight: no other consumer takes the message", async () => {
                emu.send(body(obj("001A")), "m-1");
                assert.strictEqual((await exportTo(file(), "--visibility-timeout", "2")).code, 0);
                let taken = false;
                emu.fault = async (c) => {
                    if (c.action !== "PutProfileObject") return undefined;
                    // A slow answer: at 1.3 s (after the extension at half the 2-s period), 1.5 s more pass
                    // on the queue's clock, past the first 2-s visibility; another consumer tries then.
                    await new Promise((r) => setTimeout(r, 1300));
                    emu.advance(1.5);
                    taken = emu.receiveAsOther("m-1", 30);
                    return undefined;
                };
                const r = await reingest(
                    file(),
                    "--visibility-timeout",
                    "2",
                    "--request-timeout-ms",
                    "1500",
                    "--max-attempts",
                    "1",
                );
                assert.strictEqual(
                    taken,
                    false,
                    "another consumer received the message while its object was in flight",
                );
                assert.strictEqual(r.code, 0, r.out);
                assert.ok(calls("ChangeMessageVisibility").length >= 3);
                assert.deepStrictEqual(emu.remaining(), []);
            });

            it("a rerun skips what the ledger holds: nothing accepted is sent twice", async () => {
                for (const id of ["A", "B", "C"]) emu.send(body(obj(id)), `m-${id}`);
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.fault = (c) =>
                    c.action === "PutProfileObject" && JSON.parse(c.input.Object).Id === "C"
                        ? { status: 500, code: "InternalServerException", message: "boom" }
                        : undefined;
                assert.strictEqual((await reingest(file())).code, 1);
                emu.fault = undefined;
                const r = await reingest(file());
                assert.strictEqual(r.code, 0, r.out);
                assert.deepStrictEqual(
                    emu.accepted.map((a) => JSON.parse(a.object).Id),
                    ["A", "B", "C"],
                );
                assert.match(
                    r.out,
                    /^skipped {2}Salesforce-Account\/A \(message m-A\): accepted, and its DeleteMessage accepted, by an earlier run/m,
                );
                assert.deepStrictEqual(emu.remaining(), []);
                assert.strictEqual(fs.statSync(`${file()}.ledger`).mode & 0o777, 0o600);
            });

            it("a delete that fails is reported as such; the rerun deletes without sending again", async () => {
                emu.send(body(obj("001A")), "m-1");
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.fault = (c) =>
                    c.action === "DeleteMessage"
                        ? { status: 500, code: "InternalError", message: "try later" }
                        : undefined;
                const r = await reingest(file());
                assert.strictEqual(r.code, 1);
                assert.match(
                    r.out,
                    /^accepted Salesforce-Account\/001A \(message m-1\), but deleting its message failed: InternalError: try later/m,
                );
                assert.strictEqual(emu.remaining().length, 1);
                emu.fault = undefined;
                const again = await reingest(file());
                assert.strictEqual(again.code, 0, again.out);
                assert.match(
                    again.out,
                    /^accepted by an earlier run Salesforce-Account\/001A \(message m-1\); DeleteMessage accepted$/m,
                );
                assert.strictEqual(emu.accepted.length, 1);
                assert.deepStrictEqual(emu.remaining(), []);
            });

            it("ChangeMessageVisibility refused (access denied) stops the run naming the re-ingestion policy; nothing sent", async () => {
                emu.send(body(obj("001A")), "m-1");
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.fault = (c) =>
                    c.action === "ChangeMessageVisibility"
                        ? {
                              status: 403,
                              code: "AccessDenied",
                              message: "not authorized to perform: sqs:ChangeMessageVisibility",
                          }
                        : undefined;
                const r = await reingest(file());
                assert.strictEqual(r.code, 2);
                assert.match(
                    r.err,
                    /^ChangeMessageVisibility on .*: access denied \(not authorized to perform: sqs:ChangeMessageVisibility\); attach the stack's re-ingestion policy \(stack output operatorPolicies\.reingestPolicyArn\)/,
                );
                assert.strictEqual(calls("PutProfileObject").length, 0);
            });

            it("SIGINT: the object in flight finishes, the run stops with a consistent ledger, the rerun completes the rest", async () => {
                for (const id of ["A", "B", "C", "D"]) emu.send(body(obj(id)), `m-${id}`);
                assert.strictEqual((await exportTo(file())).code, 0);
                const interrupt = new AbortController();
                emu.fault = (c) => {
                    if (c.action === "PutProfileObject" && c.index === 1) interrupt.abort();
                    return undefined;
                };
                const r = await doctor(["dlq", "reingest", file(), "--apply", ...FAST], { signal: interrupt.signal });
                assert.strictEqual(r.code, 130);
                assert.match(
                    r.err,
                    /^interrupted: 2 lines not processed; .*\.ledger records every accepted object and accepted DeleteMessage/m,
                );
                assert.deepStrictEqual(
                    ledgerLines().map((l) => [l.messageId, l.state]),
                    [
                        ["m-A", "accepted"],
                        ["m-A", "deleted"],
                        ["m-B", "accepted"],
                        ["m-B", "deleted"],
                    ],
                );
                assert.deepStrictEqual(
                    emu.remaining().map((m) => m.id),
                    ["m-C", "m-D"],
                );
                emu.fault = undefined;
                const rest = await reingest(file());
                assert.strictEqual(rest.code, 0, rest.out);
                assert.deepStrictEqual(
                    emu.accepted.map((a) => JSON.parse(a.object).Id),
                    ["A", "B", "C", "D"],
                );
                assert.deepStrictEqual(emu.remaining(), []);
            });
        });

        describe("a real SIGINT", () => {
            it("npm run doctor -- dlq reingest, interrupted by SIGINT mid-run: exit 130, the ledger holds exactly what was accepted and deleted", async function () {
                this.timeout(60000);
                for (const id of ["A", "B", "C"]) emu.send(body(obj(id)), `m-${id}`);
                assert.strictEqual((await exportTo(file())).code, 0);
                const child = spawnReingest(emu, file());
                let out = "";
                let err = "";
                child.stdout.on("data", (c: Buffer) => (out += c.toString()));
                child.stderr.on("data", (c: Buffer) => (err += c.toString()));
                emu.fault = (c) => {
                    if (c.action === "PutProfileObject" && c.index === 0) child.kill("SIGINT");
                    return undefined;
                };
                const killer = setTimeout(() => child.kill("SIGKILL"), 50000);
                const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
                clearTimeout(killer);
                assert.strictEqual(code, 130, out + err);
                assert.match(err, /^interrupt: stopping after the current object/m);
                assert.match(out, /^accepted Salesforce-Account\/A \(message m-A\); DeleteMessage accepted$/m);
                assert.deepStrictEqual(
                    ledgerLines().map((l) => [l.messageId, l.state]),
                    [
                        ["m-A", "accepted"],
                        ["m-A", "deleted"],
                    ],
                );
                assert.deepStrictEqual(
                    emu.remaining().map((m) => m.id),
                    ["m-B", "m-C"],
                );
            });
        });

        describe("exports: streamed, private, never overwriting, resumable", () => {
            it("each batch is on disk before the next receive; progress on stderr; a final count of what remains", async () => {
                for (let i = 0; i < 130; i++) emu.send(body(obj(`${i}`)), `m-${i}`);
                let onDiskAtThirdReceive = -1;
                emu.fault = (c) => {
                    if (c.action === "ReceiveMessage" && c.index === 2)
                        onDiskAtThirdReceive = fs.existsSync(file())
                            ? fs.readFileSync(file(), "utf8").split("\n").length - 1
                            : 0;
                    return undefined;
                };
                const r = await exportTo(file(), "--max-messages", "120");
                assert.strictEqual(r.code, 0, r.err);
                assert.strictEqual(onDiskAtThirdReceive, 20);
                assert.strictEqual(r.err, `exported 100 messages to ${file()}…\n`);
                assert.match(
                    r.out,
                    /^remaining in the queue: about 10 visible, 120 in flight \(ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible\)\. --max-messages 120 was reached: export the rest with `npm run doctor -- dlq export .*dlq\.jsonl --append`\.$/m,
                );
                assert.strictEqual(fs.statSync(file()).mode & 0o777, 0o600);
            });

            it("an existing file is never overwritten without --force; --force leaves it 0600", async () => {
                emu.send(body(obj("001A")), "m-1");
                fs.writeFileSync(file(), "keep me\n", { mode: 0o644 });
                const r = await exportTo(file());
                assert.strictEqual(r.code, 2);
                assert.strictEqual(
                    r.err,
                    `${file()} exists; an export never overwrites a file: choose another name, pass --force to overwrite it, or --append to add to it\n`,
                );
                assert.strictEqual(fs.readFileSync(file(), "utf8"), "keep me\n");
                const forced = await exportTo(file(), "--force");
                assert.strictEqual(forced.code, 0, forced.err);
                assert.strictEqual(fs.statSync(file()).mode & 0o777, 0o600);
                assert.strictEqual(JSON.parse(fs.readFileSync(file(), "utf8")).messageId, "m-1");
            });

            it("a ReceiveMessage that fails mid-export keeps what was written and says how to resume; --append completes it", async () => {
                for (let i = 0; i < 25; i++) emu.send(body(obj(`${i}`)), `m-${i}`);
                emu.fault = (c) =>
                    c.action === "ReceiveMessage" && c.index >= 2
                        ? { status: 500, code: "InternalError", message: "We encountered an internal error." }
                        : undefined;
                const r = await exportTo(file());
                assert.strictEqual(r.code, 1);
                assert.match(
                    r.err,
                    /^ReceiveMessage failed after 20 messages: InternalError: We encountered an internal error\.$/m,
                );
                assert.match(r.err, /resume with `npm run doctor -- dlq export .*dlq\.jsonl --append`/);
                assert.strictEqual(fs.readFileSync(file(), "utf8").trim().split("\n").length, 20);
                emu.fault = undefined;
                const resumed = await exportTo(file(), "--append");
                assert.strictEqual(resumed.code, 0, resumed.err);
                const ids = fs
                    .readFileSync(file(), "utf8")
                    .trim()
                    .split("\n")
                    .map((l) => JSON.parse(l).messageId);
                assert.deepStrictEqual(new Set(ids).size, 25);
                assert.strictEqual(ids.length, 25);
            });
        });

        describe("leaks and rough edges", () => {
            it("triage shows classes, counts and message IDs, never a body unless --show-bodies", async () => {
                const secret = `Contact jane.doe@example.com about ${"x".repeat(200_000)}`;
                emu.send(secret, "m-plain");
                emu.send(body(obj("001A"), "The KMS key is invalid"), "m-kms");
                const r = await doctor(["dlq", "triage", ...FAST]);
                assert.strictEqual(r.code, 1);
                assert.doesNotMatch(r.out + r.err, /jane\.doe/);
                assert.match(r.out, /^1 × kms-key-invalid: "The KMS key is invalid"\n {4}messages: m-kms$/m);
                assert.match(
                    r.out,
                    /^1 × unknown: \(a body that is not a JSON object: not shown; --show-bodies shows it\)\n {4}messages: m-plain$/m,
                );
                emu.advance(100);
                const shown = await doctor(["dlq", "triage", "--show-bodies", ...FAST]);
                assert.match(shown.out, /^body of m-plain: Contact jane\.doe@example\.com/m);
            });

            it("every client honours AWS_ENDPOINT_URL (the SQS client too, whatever host the queue URL names)", async () => {
                emu.send(body(obj("001A")), "m-1");
                const r = await doctor(["dlq", "export", file(), ...FAST], { endpoints: "global" });
                assert.strictEqual(r.code, 0, r.err);
                assert.deepStrictEqual([...new Set(emu.calls.map((c) => c.service))].sort(), ["sqs", "sts"]);
            });

            it("STS throttling is reported as throttling, not as missing credentials", async () => {
                emu.fault = (c) =>
                    c.service === "sts" ? { status: 400, code: "Throttling", message: "Rate exceeded" } : undefined;
                const r = await exportTo(file());
                assert.strictEqual(r.code, 2);
                assert.doesNotMatch(r.err, /no usable AWS credentials/);
                assert.match(
                    r.err,
                    /^STS GetCallerIdentity did not answer usefully after the client's retries \(Throttling: Rate exceeded\); the credentials were not checked/,
                );
                assert.strictEqual(calls("GetCallerIdentity").length, 2);
            });

            it("a --region contradicting the stack names the stack's region and the one given", async () => {
                const r = await exportTo(file(), "--region", "us-east-1");
                assert.strictEqual(r.code, 2);
                assert.strictEqual(
                    r.err,
                    "--region us-east-1 contradicts the stack: its domain (domainArn) is in eu-west-2 and its dead-letter queue (deadLetterQueueUrl) in eu-west-2; drop --region or pass --region eu-west-2\n",
                );
                assert.strictEqual(emu.calls.length, 0);
            });

            it("--stack with output of pulumi that is not JSON is a clear error", async () => {
                const bin = path.join(dir, "bin");
                fs.mkdirSync(bin);
                fs.writeFileSync(
                    path.join(bin, "pulumi"),
                    "#!/bin/sh\necho 'warning: A new version of Pulumi is available.'\necho '{'\n",
                    {
                        mode: 0o755,
                    },
                );
                let out = "";
                let err = "";
                const code = await withEnv({ PATH: `${bin}:${process.env.PATH}` }, () =>
                    main(["dlq", "export", file(), "--stack", "dev"], {
                        out: (s) => (out += s),
                        err: (s) => (err += s),
                        env: {},
                        progress: false,
                    }),
                );
                assert.strictEqual(code, 2, out);
                assert.match(
                    err,
                    /^pulumi stack output --json --stack dev did not print JSON \(.*\); it printed "warning: A new version of Pulumi is available\.": save the outputs/,
                );
            });
        });

        describe("an independent review's faults (R1-R11)", () => {
            it("R1: a ledger line torn by a crash is cut off by the next run, and every later run works", async () => {
                for (const id of ["A", "B"]) emu.send(body(obj(id)), `m-${id}`);
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.fault = (c) =>
                    c.action === "PutProfileObject" && JSON.parse(c.input.Object).Id === "B"
                        ? { status: 500, code: "InternalServerException", message: "x" }
                        : undefined;
                assert.strictEqual((await reingest(file())).code, 1);
                const p = `${file()}.ledger`;
                const t = fs.readFileSync(p, "utf8");
                // Killed while writing m-A's "deleted" line.
                fs.writeFileSync(p, t.slice(0, t.lastIndexOf('{"messageId":"m-A","state":"deleted"') + 25));
                emu.fault = undefined;
                const second = await reingest(file());
                assert.match(
                    second.err,
                    /^the ledger .*\.ledger ended in a line cut by a crash \(25 bytes without a newline\): removed; what it recorded is redone$/m,
                );
                // m-A was deleted: its receipt is refused in both models, and it is said that it may be deleted.
                assert.strictEqual(second.code, 1, second.out);
                assert.match(
                    second.out,
                    /^stale {4}Salesforce-Account\/A \(message m-A\): accepted by an earlier run, but its receipt is refused .*: it may already be deleted/m,
                );
                assert.ok(fs.readFileSync(p, "utf8").endsWith("\n"));
                const third = await reingest(file());
                assert.strictEqual(third.code, 1, third.err + third.out);
                assert.strictEqual(third.err, "");
                assert.deepStrictEqual(
                    emu.accepted.map((a) => JSON.parse(a.object).Id),
                    ["A", "B"],
                );
            });

            it("R2: a last export line torn by a crash is ignored with a warning; --append cuts it before adding", async () => {
                for (const id of ["A", "B", "C"]) emu.send(body(obj(id)), `m-${id}`);
                assert.strictEqual((await exportTo(file(), "--max-messages", "2")).code, 0);
                const t = fs.readFileSync(file(), "utf8");
                fs.writeFileSync(file(), t.slice(0, t.length - 40));
                const dry = await doctor(["dlq", "reingest", file(), ...FAST]);
                assert.strictEqual(dry.code, 0, dry.err);
                assert.match(
                    dry.err,
                    /^.*dlq\.jsonl line 2: the last line has no newline and is not JSON \(cut by a crash while it was written\): ignored; its message is still in the queue$/m,
                );
                assert.match(dry.out, /^dry run: 1 object would be re-sent/m);
                emu.advance(1000); // the export's visibility ended: m-B and m-C come back
                const a = await exportTo(file(), "--append");
                assert.strictEqual(a.code, 0, a.err);
                assert.match(
                    a.err,
                    /its last line had no newline \(cut by a crash while it was written\): removed \(\d+ bytes\)/,
                );
                const lines = fs.readFileSync(file(), "utf8").split("\n");
                assert.strictEqual(lines.pop(), "");
                assert.deepStrictEqual(
                    lines.map((l) => JSON.parse(l).messageId),
                    ["m-A", "m-A", "m-B", "m-C"],
                );
                const r = await reingest(file());
                assert.strictEqual(r.code, 0, r.err + r.out);
                assert.deepStrictEqual(emu.remaining(), []);
            });

            it("--force never writes through a symbolic link, and removes the replaced export's ledger (saying so)", async () => {
                emu.send(body(obj("A")), "m-A");
                const target = file("elsewhere.txt");
                fs.writeFileSync(target, "not yours\n");
                fs.symlinkSync(target, file());
                const r = await exportTo(file(), "--force");
                assert.strictEqual(r.code, 2);
                assert.strictEqual(
                    r.err,
                    `${file()} is a symbolic link; an export never writes through one: name the file itself\n`,
                );
                assert.strictEqual(fs.readFileSync(target, "utf8"), "not yours\n");
                fs.unlinkSync(file());
                assert.strictEqual((await exportTo(file())).code, 0);
                assert.strictEqual((await reingest(file())).code, 0);
                emu.send(body(obj("A")), "m-A2");
                const again = await exportTo(file(), "--force");
                assert.strictEqual(again.code, 0, again.err);
                assert.match(
                    again.err,
                    /^--force: removed .*dlq\.jsonl\.ledger, the ledger of the export this one replaces \(its records name that export's messages\)$/m,
                );
                assert.ok(!fs.existsSync(`${file()}.ledger`));
            });

            it("R3: --append onto a file that is not an export is a usage error that quotes nothing of it", async () => {
                emu.send(body(obj("A")), "m-A");
                for (const content of ["Contact jane.doe@example.com, card 4111\n", "null\n", '{"a":1}\n']) {
                    fs.writeFileSync(file(), content, { mode: 0o600 });
                    const r = await exportTo(file(), "--append");
                    assert.strictEqual(r.code, 2);
                    assert.strictEqual(
                        r.err,
                        `--append: ${file()} is not a dlq export (its first line is not an export line); choose another file, or --force to overwrite it\n`,
                    );
                    assert.strictEqual(fs.readFileSync(file(), "utf8"), content);
                }
            });

            it("R4: a DeleteMessage answered after its visibility deadline is 'delete unconfirmed', never 'deleted' in the ledger", async () => {
                emu.send(body(obj("A")), "m-A");
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.fault = (c) => {
                    if (c.action === "DeleteMessage" && c.index === 0) {
                        // No answer; meanwhile the 3-s visibility runs out and another consumer receives.
                        emu.advance(5);
                        assert.ok(emu.receiveAsOther("m-A", 30));
                        return "hang";
                    }
                    return undefined;
                };
                const r = await reingest(file(), "--visibility-timeout", "3");
                assert.strictEqual(r.code, 1, r.out);
                assert.match(
                    r.out,
                    /^delete unconfirmed Salesforce-Account\/A \(message m-A\) \(accepted\): DeleteMessage answered after the message's visibility deadline \(ChangeMessageVisibility \+ 3 s − margin\): a retry may have reached SQS after the message was received again; the ledger keeps it as accepted/m,
                );
                assert.doesNotMatch(r.out, /DeleteMessage accepted$/m);
                assert.deepStrictEqual(
                    ledgerLines().map((l) => l.state),
                    ["accepted"],
                );
                assert.match(r.out, /^remaining in the queue: about 0 visible, 1 in flight/m);
                assert.deepStrictEqual(
                    emu.remaining().map((m) => m.id),
                    ["m-A"],
                );
            });

            it("R4: a DeleteMessage still unanswered at its deadline is aborted (abortSignal) and reported unconfirmed", async () => {
                emu.send(body(obj("A")), "m-A");
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.fault = async (c) => {
                    // The ChangeMessageVisibility before the delete answers after 1.5 s of the 2-s window.
                    if (c.action === "ChangeMessageVisibility" && c.index === 1)
                        await new Promise((r) => setTimeout(r, 1500));
                    return c.action === "DeleteMessage" ? "hang" : undefined;
                };
                const started = Date.now();
                const r = await reingest(
                    file(),
                    "--visibility-timeout",
                    "3",
                    "--request-timeout-ms",
                    "2000",
                    "--max-attempts",
                    "1",
                );
                const took = Date.now() - started;
                assert.ok(took < 2900, `took ${took} ms: the delete was not aborted at its deadline`);
                assert.match(
                    r.out,
                    /^delete unconfirmed Salesforce-Account\/A \(message m-A\) \(accepted\): DeleteMessage did not answer before the message's visibility deadline \(ChangeMessageVisibility \+ 3 s − margin\): aborted/m,
                );
                assert.deepStrictEqual(
                    ledgerLines().map((l) => l.state),
                    ["accepted"],
                );
                assert.strictEqual(r.code, 1);
            });

            it("--visibility-timeout of a re-ingestion must exceed the longest call and stay within SQS's 12 hours", async () => {
                for (const [v, expected] of [
                    [
                        "1",
                        "--visibility-timeout: 1 is not valid; expected more than 1.8 s, the longest one call may take with --max-attempts 2 and --request-timeout-ms 400 (2 × (400 ms + 500 ms of backoff)): a DeleteMessage retried past the visibility could reach SQS after the message was received again. Raise --visibility-timeout or lower the others\n",
                    ],
                    [
                        "43201",
                        "--visibility-timeout: 43201 is not valid; expected at most 43200 (SQS's maximum visibility timeout, 12 hours)\n",
                    ],
                ]) {
                    const r = await reingest(file(), "--visibility-timeout", v);
                    assert.strictEqual(r.code, 2);
                    assert.strictEqual(r.err, expected);
                }
                assert.strictEqual(emu.calls.length, 0);
            });

            it("R5: a receive between export and re-ingestion: never reported 'deleted'; the count shows it remains", async () => {
                emu.send(body(obj("A")), "m-A");
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.advance(1000);
                assert.ok(emu.receiveAsOther("m-A", 30));
                const r = await reingest(file());
                assert.doesNotMatch(r.out, /message deleted/);
                assert.match(r.out, /^remaining in the queue: about 0 visible, 1 in flight/m);
                assert.deepStrictEqual(
                    emu.remaining().map((m) => m.id),
                    ["m-A"],
                );
                if (oldAccepted) {
                    assert.match(r.out, /^accepted Salesforce-Account\/A \(message m-A\); DeleteMessage accepted$/m);
                    assert.ok(r.out.includes(`${UNPROVABLE}.`));
                } else {
                    assert.match(
                        r.out,
                        /^stale {4}Salesforce-Account\/A \(message m-A\): its receipt is no longer current/m,
                    );
                    assert.strictEqual(calls("PutProfileObject").length, 0);
                }
            });

            it("R6: an unanswered PutProfileObject may have been accepted: 'no answer', never 'refused'; a retried one is flagged", async () => {
                emu.send(body(obj("A")), "m-A");
                emu.send(body(obj("B")), "m-B");
                assert.strictEqual((await exportTo(file())).code, 0);
                emu.fault = (c) => {
                    if (c.action !== "PutProfileObject") return undefined;
                    const id = JSON.parse(c.input.Object).Id;
                    return (id === "A" && c.index === 0) || id === "B" ? "hang-after" : undefined;
                };
                const r = await reingest(file());
                assert.strictEqual(r.code, 1);
                assert.match(r.out, /^accepted Salesforce-Account\/A \(message m-A\); DeleteMessage accepted$/m);
                assert.match(
                    r.err,
                    /^Salesforce-Account\/A \(message m-A\): accepted at attempt 2; an earlier attempt may have been accepted too \(the same object: an update, found by its UNIQUE key\)$/m,
                );
                assert.match(
                    r.out,
                    /^no answer Salesforce-Account\/B \(message m-B\): PutProfileObject got no answer after 2 attempts \(TimeoutError: .*\): it may have been accepted; the message stays queued/m,
                );
                assert.doesNotMatch(r.out, /^refused/m);
                assert.deepStrictEqual(
                    emu.remaining().map((m) => m.id),
                    ["m-B"],
                );
            });

            it("R7: two re-ingestions of one file at once: the second is refused (FILE.ledger.lock); nothing sent twice", async () => {
                for (const id of ["A", "B", "C"]) emu.send(body(obj(id)), `m-${id}`);
                assert.strictEqual((await exportTo(file())).code, 0);
                // The run holding the lock sends nothing until the other has ended, so the two overlap
                // whatever the machine's speed; which of the two takes the lock is the scheduler's choice.
                let overlap!: () => void;
                const gate = new Promise<void>((r) => (overlap = r));
                emu.fault = async (c) => {
                    if (c.action === "PutProfileObject") await gate;
                    return undefined;
                };
                // Both runs in one environment: each in its own withEnv, the first to end would take the
                // emulator's variables from under the other (its calls then went to AWS: exit 1), and the
                // last to end could restore the emulator's variables for every later spec.
                const args = ["dlq", "reingest", file(), "--apply", ...FAST];
                const [a, b] = await withEnv(emulatorEnv(emu), async () => {
                    const runs = [doctorInEnv(args), doctorInEnv(args)];
                    void Promise.race(runs).then(overlap);
                    return (await Promise.all(runs)).sort((x, y) => x.code - y.code);
                });
                assert.strictEqual(a.code, 0, a.err);
                assert.strictEqual(b.code, 2);
                assert.strictEqual(
                    b.err,
                    `${file()} is being re-ingested by another run (process ${process.pid} holds ${file()}.ledger.lock); wait for it to end: two runs would send every object twice\n`,
                );
                assert.deepStrictEqual(
                    emu.accepted.map((x) => JSON.parse(x.object).Id),
                    ["A", "B", "C"],
                );
                assert.ok(!fs.existsSync(`${file()}.ledger.lock`), "the lock is removed at the end");
            });

            it("R8: byte for byte: U+2028/2029, NEL, BOM, escaped lone surrogates, astral characters, ~250 KB", async () => {
                const big = "é😀".repeat(60_000);
                const samples: [string, string][] = [
                    ["m-1", `{"Id":"1","t":"a\u2028b\u2029c\u0085d\uFEFFe"}`],
                    ["m-2", `{"Id":"2","s":"\\ud800 lone","u":"\\u00e9","n":-0.0e+0}`],
                    ["m-3", `\uFEFF{"Id":"3"}`],
                    ["m-4", `{"Id":"4","big":"${big}"}`],
                ];
                emu.send(body(samples[0][1]), "m-1");
                emu.send(body(samples[1][1]), "m-2");
                emu.send(
                    JSON.stringify({ errorMessage: "x", objectTypeName: "Salesforce-Account", object: samples[2][1] }),
                    "m-3",
                );
                emu.send(body(samples[3][1]), "m-4");
                const e = await exportTo(file());
                assert.strictEqual(e.code, 0, e.err);
                const r = await reingest(file());
                assert.strictEqual(r.code, 0, r.err + r.out);
                assert.deepStrictEqual(
                    emu.accepted.map((a) => a.object),
                    samples.map(([, o]) => o),
                );
            });

            it("R9: triage never prints an unknown error text, control characters or receipt handles", async () => {
                emu.send(JSON.stringify({ message: "Contact jane.doe@example.com, phone +44 7700 900123" }), "m-1");
                emu.send(
                    JSON.stringify({ errorMessage: "bad \u001b]0;pwned\u0007 \u001b[2J", object: { Id: "1" } }),
                    "m-2",
                );
                emu.send(JSON.stringify({ errorMessage: "The KMS key is invalid", object: { Id: "2" } }), "m-\u009b3");
                const r = await doctor(["dlq", "triage", ...FAST]);
                assert.strictEqual(
                    r.out,
                    '1 × kms-key-invalid: "The KMS key is invalid"\n' +
                        "    messages: m-3\n" +
                        "    remedy: Check your KMS permission: make sure Customer Profiles has the access it needs (kms:GenerateDataKey, kms:CreateGrant and kms:Decrypt on the domain's key); follow Enable Customer Profiles, the dead-letter queue and KMS key section.\n" +
                        "1 × unknown: (unknown error text, 51 chars; --show-bodies to see it)\n" +
                        "    messages: m-1\n" +
                        "1 × unknown: (unknown error text, 19 chars; --show-bodies to see it)\n" +
                        "    messages: m-2\n" +
                        "3 messages peeked (invisible for 30 s, none deleted); bodies are not shown (--show-bodies shows them)\n",
                );
                emu.advance(100);
                const shown = await doctor(["dlq", "triage", "--show-bodies", ...FAST]);
                assert.match(shown.out, /^body of m-2: \{"error":"bad \\u001b\]0;pwned\\u0007 \\u001b\[2J"/m);
                // eslint-disable-next-line no-control-regex
                assert.doesNotMatch(shown.out, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
            });

            it("R9: a receipt handle in an AWS error message is redacted", async () => {
                emu.send(body(obj("A")), "m-A");
                assert.strictEqual((await exportTo(file())).code, 0);
                const handle = `AQEB${"x7Yz+/".repeat(10)}==`;
                emu.fault = (c) =>
                    c.action === "DeleteMessage"
                        ? {
                              status: 400,
                              code: "ReceiptHandleIsInvalid",
                              message: `The receipt handle "${handle}" is not valid.`,
                          }
                        : undefined;
                const r = await reingest(file());
                assert.strictEqual(r.code, 1);
                assert.ok(!r.out.includes("AQEB"), r.out);
                assert.match(r.out, /ReceiptHandleIsInvalid: The receipt handle "\(receipt handle\)" is not valid\./);
            });

            it("R10: a rerun after a crash between DeleteMessage and its ledger line says the message may already be deleted", async () => {
                emu.send(body(obj("A")), "m-A");
                assert.strictEqual((await exportTo(file())).code, 0);
                assert.strictEqual((await reingest(file())).code, 0);
                const p = `${file()}.ledger`;
                fs.writeFileSync(p, `${fs.readFileSync(p, "utf8").split("\n")[0]}\n`);
                const r = await reingest(file());
                assert.strictEqual(r.code, 1);
                assert.match(
                    r.out,
                    /^stale {4}Salesforce-Account\/A \(message m-A\): accepted by an earlier run, but its receipt is refused \(ChangeMessageVisibility: ReceiptHandleIsInvalid: .*\): it may already be deleted \(a run stopped after its DeleteMessage, before the ledger line\)/m,
                );
                assert.doesNotMatch(r.out, /will come back/);
                assert.strictEqual(calls("PutProfileObject").length, 1);
            });

            for (const at of ["PutProfileObject", "DeleteMessage"] as const) {
                it(`R11: SIGKILL when ${at} reaches AWS: the rerun names the stale lock; once removed, it completes`, async function () {
                    this.timeout(60000);
                    emu.send(body(obj("A")), "m-A");
                    assert.strictEqual((await exportTo(file())).code, 0);
                    const child = spawnReingest(emu, file());
                    emu.fault = async (c) => {
                        if (c.action === at) {
                            child.kill("SIGKILL");
                            await new Promise((r) => setTimeout(r, 200));
                            return at === "DeleteMessage" ? "hang" : undefined; // PutProfileObject: accepted
                        }
                        return undefined;
                    };
                    const killer = setTimeout(() => child.kill("SIGKILL"), 50000);
                    await new Promise((resolve) => child.on("close", resolve));
                    clearTimeout(killer);
                    emu.fault = undefined;
                    const lock = `${file()}.ledger.lock`;
                    const refused = await reingest(file());
                    assert.strictEqual(refused.code, 2);
                    assert.strictEqual(
                        refused.err,
                        `${lock} is left from a re-ingestion that stopped without removing it (process ${child.pid} is not running on this machine): ` +
                            `if no re-ingestion of ${file()} runs (on any machine), remove it with \`rm ${lock}\` and run again\n`,
                    );
                    fs.rmSync(lock);
                    const r = await reingest(file());
                    assert.strictEqual(r.code, 0, r.out);
                    assert.deepStrictEqual(emu.remaining(), []);
                    // Killed after the object was accepted but before its ledger line: sent again (an update).
                    assert.strictEqual(calls("PutProfileObject").length, at === "PutProfileObject" ? 2 : 1);
                });
            }
        });
    });
}
