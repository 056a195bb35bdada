// A local emulator of the three AWS services the dead-letter tools call (SQS, Customer Profiles'
// PutProfileObject, STS GetCallerIdentity), on 127.0.0.1 only, for the real AWS SDK v3 clients
// (their serialisation, signing, retry strategy and request timeouts all run). Faults are injected
// per call: an error answer, a reset connection, or no answer at all (a hang that only the
// client's request timeout ends). The emulator keeps its own clock (`advance`) so a visibility
// timeout can expire between two calls without waiting.
//
// What it models of SQS, as the Amazon SQS Developer Guide and API Reference document it:
// - ReceiveMessage hides each message it returns for VisibilityTimeout seconds and gives a new
//   receipt handle on every receive ("Amazon SQS visibility timeout"; ReceiveMessage);
// - DeleteMessage with a receipt handle that is not the most recent one succeeds but does not
//   delete the message (API Reference, DeleteMessage: "the request succeeds, but the message
//   might not be deleted");
// - ChangeMessageVisibility of a message that is not in flight is refused (MessageNotInflight).
//   What SQS answers to ChangeMessageVisibility with a receipt handle that is not the latest is
//   not documented, so the emulator models both: refused (ReceiptHandleIsInvalid, the default) or,
//   with `cmvAcceptsOldReceipt`, accepted (as moto does, which checks its behaviour against AWS);
//   the suite runs under both. DeleteMessage with an older receipt succeeds without deleting in
//   both (the documented worst case).
import * as crypto from "crypto";
import * as http from "http";

export type Fault =
    | { status: number; code: string; message: string }
    /** The connection is destroyed before any answer. */
    | "reset"
    /** No answer, ever (until the emulator closes). */
    | "hang"
    /** Run the action, then never answer: the caller cannot know it happened. */
    | "hang-after";

export interface Call {
    service: "sqs" | "profiles" | "sts";
    action: string;
    input: Record<string, any>;
    /** The raw request body. */
    raw: string;
    /** The number of earlier calls of this action. */
    index: number;
}

interface Message {
    id: string;
    /** The body, or a function that makes it on each receive (a benchmark's large bodies are not kept). */
    body: string | (() => string);
    sentAt: number;
    visibleAt: number;
    receipts: number;
    latestReceipt?: string;
    deleted: boolean;
}

export interface Emulator {
    url: string;
    /** Every call, in order. */
    calls: Call[];
    /** Objects Customer Profiles accepted: the exact `Object` strings, by domain. */
    accepted: { domain: string; objectTypeName: string; object: string }[];
    /** The queue's messages not deleted (visible or in flight). */
    remaining(): { id: string; body: string; inFlight: boolean }[];
    send(body: string | (() => string), id?: string): string;
    /**
     * Receives like another consumer would (for a test to take a message away): only while the
     * message is visible, unless `force` (its visibility ended on the emulator's clock). Whether it got it.
     */
    receiveAsOther(id: string, visibilitySeconds: number, force?: boolean): boolean;
    advance(seconds: number): void;
    /** Called for each call before it is answered; return a fault to inject one. */
    fault?: (call: Call) => Fault | undefined | Promise<Fault | undefined>;
    account: string;
    /** Model an SQS that accepts ChangeMessageVisibility with an older receipt of a message in flight. */
    cmvAcceptsOldReceipt?: boolean;
    /** The latest receipt of a message. */
    latestReceipt(id: string): string | undefined;
    /** The emulator's clock (ms since the epoch, `advance` included). */
    now(): number;
    close(): Promise<void>;
}

const md5 = (s: string) => crypto.createHash("md5").update(s, "utf8").digest("hex");

export async function startEmulator(opts: { account?: string } = {}): Promise<Emulator> {
    const messages: Message[] = [];
    const counts = new Map<string, number>();
    let offset = 0;
    const now = () => Date.now() + offset * 1000;
    const hanging = new Set<http.ServerResponse>();
    let nextId = 0;

    const receive = (m: Message, seconds: number) => {
        m.receipts++;
        m.latestReceipt = `${m.id}#${m.receipts}#${crypto.randomBytes(4).toString("hex")}`;
        m.visibleAt = now() + seconds * 1000;
        return m.latestReceipt;
    };
    const byId = new Map<string, Message>();
    const byReceipt = (r: string) => byId.get(r.slice(0, r.indexOf("#")));
    const bodyOf = (m: Message) => (typeof m.body === "string" ? m.body : m.body());
    class SqsError extends Error {
        constructor(
            readonly code: string,
            message: string,
        ) {
            super(message);
        }
    }

    const sqs = (action: string, input: Record<string, any>): Record<string, unknown> => {
        switch (action) {
            case "ReceiveMessage": {
                const max = input.MaxNumberOfMessages ?? 1;
                const visible: Message[] = [];
                for (const m of messages) {
                    if (visible.length >= max) break;
                    if (!m.deleted && m.visibleAt <= now()) visible.push(m);
                }
                return {
                    Messages: visible.map((m) => {
                        const body = bodyOf(m);
                        return {
                            MessageId: m.id,
                            ReceiptHandle: receive(m, input.VisibilityTimeout ?? 30),
                            MD5OfBody: md5(body),
                            Body: body,
                            Attributes: {
                                SentTimestamp: String(m.sentAt),
                                ApproximateReceiveCount: String(m.receipts),
                            },
                        };
                    }),
                };
            }
            case "ChangeMessageVisibility": {
                const m = byReceipt(input.ReceiptHandle);
                if (!m || m.deleted || (m.latestReceipt !== input.ReceiptHandle && !emu.cmvAcceptsOldReceipt))
                    throw new SqsError("ReceiptHandleIsInvalid", "The input receipt handle is invalid.");
                if (m.visibleAt <= now()) throw new SqsError("MessageNotInflight", "The message is not in flight.");
                m.visibleAt = now() + input.VisibilityTimeout * 1000;
                return {};
            }
            case "DeleteMessage": {
                const m = byReceipt(input.ReceiptHandle);
                // A receipt that is not the latest: the request succeeds, the message stays.
                if (m && m.latestReceipt === input.ReceiptHandle) m.deleted = true;
                return {};
            }
            case "GetQueueAttributes": {
                const live = messages.filter((m) => !m.deleted);
                const visible = live.filter((m) => m.visibleAt <= now()).length;
                return {
                    Attributes: {
                        ApproximateNumberOfMessages: String(visible),
                        ApproximateNumberOfMessagesNotVisible: String(live.length - visible),
                    },
                };
            }
            default:
                throw new SqsError("InvalidAction", `the emulator has no ${action}`);
        }
    };

    const emu: Emulator = {
        url: "",
        calls: [],
        accepted: [],
        account: opts.account ?? "123456789012",
        remaining: () =>
            messages
                .filter((m) => !m.deleted)
                .map((m) => ({ id: m.id, body: bodyOf(m), inFlight: m.visibleAt > now() })),
        send: (body, id) => {
            const m = { id: id ?? `msg-${++nextId}`, body, sentAt: now(), visibleAt: 0, receipts: 0, deleted: false };
            messages.push(m);
            byId.set(m.id, m);
            return m.id;
        },
        receiveAsOther: (id, seconds, force = false) => {
            const m = byId.get(id);
            if (!m || m.deleted || (!force && m.visibleAt > now())) return false;
            receive(m, seconds);
            return true;
        },
        latestReceipt: (id) => byId.get(id)?.latestReceipt,
        now,
        advance: (s) => {
            offset += s;
        },
        close: async () => undefined,
    };

    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            void (async () => {
                const raw = Buffer.concat(chunks).toString("utf8");
                const target = String(req.headers["x-amz-target"] ?? "");
                let service: Call["service"];
                let action: string;
                let input: Record<string, any> = {};
                if (target.startsWith("AmazonSQS.")) {
                    service = "sqs";
                    action = target.slice("AmazonSQS.".length);
                    input = JSON.parse(raw || "{}");
                } else if ((req.url ?? "").startsWith("/domains/")) {
                    service = "profiles";
                    action = "PutProfileObject";
                    // PUT /domains/{DomainName}/profile-objects, ObjectTypeName and Object in the JSON body.
                    const domain = (req.url ?? "").split("?")[0].split("/")[2];
                    input = { ...JSON.parse(raw || "{}"), DomainName: decodeURIComponent(domain) };
                } else {
                    service = "sts";
                    action = new URLSearchParams(raw).get("Action") ?? "";
                }
                const index = counts.get(action) ?? 0;
                counts.set(action, index + 1);
                const call: Call = { service, action, input, raw, index };
                emu.calls.push(call);
                const fault = await emu.fault?.(call);
                if (fault === "reset") return req.socket.destroy();
                if (fault === "hang") return void hanging.add(res);
                if (fault && typeof fault === "object")
                    return answerError(res, service, fault.status, fault.code, fault.message);
                try {
                    let out: string;
                    let type = "application/x-amz-json-1.0";
                    if (service === "sqs") out = JSON.stringify(sqs(action, input));
                    else if (service === "profiles") {
                        emu.accepted.push({
                            domain: input.DomainName,
                            objectTypeName: input.ObjectTypeName,
                            object: input.Object,
                        });
                        out = JSON.stringify({ ProfileObjectUniqueKey: crypto.randomUUID() });
                        type = "application/json";
                    } else {
                        type = "text/xml";
                        out =
                            `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
                            `<Arn>arn:aws:iam::${emu.account}:user/operator</Arn><UserId>AIDAEXAMPLE</UserId><Account>${emu.account}</Account>` +
                            `</GetCallerIdentityResult><ResponseMetadata><RequestId>r-${emu.calls.length}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
                    }
                    if (fault === "hang-after") return void hanging.add(res);
                    res.writeHead(200, { "content-type": type, "x-amzn-requestid": `r-${emu.calls.length}` });
                    res.end(out);
                } catch (e) {
                    if (e instanceof SqsError) return answerError(res, service, 400, e.code, e.message);
                    throw e;
                }
            })();
        });
    });

    function answerError(
        res: http.ServerResponse,
        service: Call["service"],
        status: number,
        code: string,
        message: string,
    ) {
        if (service === "sts") {
            res.writeHead(status, { "content-type": "text/xml" });
            res.end(
                `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>e</RequestId></ErrorResponse>`,
            );
            return;
        }
        res.writeHead(status, {
            "content-type": service === "sqs" ? "application/x-amz-json-1.0" : "application/json",
            "x-amzn-errortype": code,
            ...(service === "sqs" ? { "x-amzn-query-error": `${code};Sender` } : {}),
        });
        res.end(JSON.stringify({ __type: service === "sqs" ? `com.amazonaws.sqs#${code}` : code, message }));
    }

    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    emu.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    emu.close = () =>
        new Promise<void>((resolve) => {
            for (const r of hanging) r.destroy();
            server.closeAllConnections();
            server.close(() => resolve());
        });
    return emu;
}

/** The environment that points every SDK client of the doctor at the emulator, with static credentials. */
export function emulatorEnv(
    emu: Emulator,
    how: "service-specific" | "global" = "service-specific",
): Record<string, string | undefined> {
    const base = {
        AWS_ACCESS_KEY_ID: "AKIAEMULATOR",
        AWS_SECRET_ACCESS_KEY: "emulator-secret",
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_CONFIG_FILE: "/nonexistent/emulator-config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/emulator-credentials",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_MAX_ATTEMPTS: undefined,
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
    };
    // AWS SDKs and Tools Reference Guide, "Service-specific endpoints": AWS_ENDPOINT_URL for every
    // service, AWS_ENDPOINT_URL_<SERVICE> (the service identifier) for one.
    return how === "global"
        ? {
              ...base,
              AWS_ENDPOINT_URL: emu.url,
              AWS_ENDPOINT_URL_SQS: undefined,
              AWS_ENDPOINT_URL_STS: undefined,
              AWS_ENDPOINT_URL_CUSTOMER_PROFILES: undefined,
          }
        : {
              ...base,
              AWS_ENDPOINT_URL: undefined,
              AWS_ENDPOINT_URL_SQS: emu.url,
              AWS_ENDPOINT_URL_STS: emu.url,
              AWS_ENDPOINT_URL_CUSTOMER_PROFILES: emu.url,
          };
}
