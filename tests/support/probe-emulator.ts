// A small emulator of the AWS endpoints `npm run doctor -- --probe` calls, on 127.0.0.1: the real SDK v3 clients sign and send their requests here when AWS_ENDPOINT_URL
// (or AWS_ENDPOINT_URL_<SERVICE>) points at it. Bounded and self-stopping: at most `maxRequests`
// requests are answered (the rest get their connection reset), and the server closes itself after
// `lifetimeMs` even if a test forgets to. The Kinesis client speaks HTTP/2 (its default handler, for
// SubscribeToShard), so `http2: true` serves cleartext HTTP/2 for it.
import * as http from "http";
import * as http2 from "http2";
import { RecordedRequest } from "./fake-aws";

/** One emulated operation: its answer, or an AWS error (status 400). */
export type Reply = Record<string, unknown> | { error: { type: string; message: string } };

export interface ProbeEmulator {
    url: string;
    /** `SERVICE:Operation` of every request, in order. */
    operations: string[];
    requests: RecordedRequest[];
    close(): Promise<void>;
}

/** Which service and operation a request is, from the protocol it uses. */
export function operationOf(r: RecordedRequest): string {
    const target = r.headers["x-amz-target"];
    if (typeof target === "string") {
        const [prefix, op] = target.split(".");
        if (prefix.startsWith("GraniteServiceVersion")) return `cloudwatch:${op}`;
        if (prefix.startsWith("Kinesis_")) return `kinesis:${op}`;
        return `${prefix}:${op}`;
    }
    if (r.body.includes("Action=GetCallerIdentity")) return "sts:GetCallerIdentity";
    const path = r.path.split("?")[0];
    if (path === "/describe-flow") return "appflow:DescribeFlow";
    if (path === "/describe-flow-execution-records") return "appflow:DescribeFlowExecutionRecords";
    if (/^\/domains\/[^/]+\/event-streams\/[^/]+$/.test(path)) return "profile:GetEventStream";
    if (/^\/domains\/[^/]+\/profiles\/delete$/.test(path)) return "profile:DeleteProfile";
    if (/^\/domains\/[^/]+\/profiles$/.test(path)) return "profile:CreateProfile";
    if (/^\/domains\/[^/]+\/workflows$/.test(path)) return "profile:ListWorkflows";
    return `unknown:${r.method} ${path}`;
}

const sts = (account: string) =>
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::${account}:assumed-role/contact-center-operator/probe</Arn><UserId>AROAEXAMPLE:probe</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

type Answer = { status: number; headers: Record<string, string>; body: string } | "reset";

export async function startProbeEmulator(opts: {
    account: string;
    /** Answers by `service:Operation`; the request's parsed JSON body is passed for operations answered by a function. */
    replies: Record<string, Reply | ((body: any) => Reply)>;
    http2?: boolean;
    maxRequests?: number;
    lifetimeMs?: number;
}): Promise<ProbeEmulator> {
    const operations: string[] = [];
    const requests: RecordedRequest[] = [];
    const max = opts.maxRequests ?? 200;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
        status,
        headers: { "content-type": "application/x-amz-json-1.1", ...headers },
        body: JSON.stringify(body),
    });
    const answer = (req: RecordedRequest): Answer => {
        if (requests.length > max) return "reset";
        const op = operationOf(req);
        operations.push(op);
        if (op === "sts:GetCallerIdentity")
            return { status: 200, headers: { "content-type": "text/xml" }, body: sts(opts.account) };
        const r = opts.replies[op];
        if (r === undefined) return json(400, { __type: "UnknownOperationException", message: op });
        const reply = typeof r === "function" ? r(req.body ? JSON.parse(req.body) : {}) : r;
        if ("error" in reply && reply.error && typeof reply.error === "object") {
            const e = reply.error as { type: string; message: string };
            return json(
                400,
                { __type: e.type, message: e.message, Message: e.message },
                { "x-amzn-errortype": e.type },
            );
        }
        return json(200, reply);
    };
    const handle = (
        req: http.IncomingMessage | http2.Http2ServerRequest,
        res: http.ServerResponse | http2.Http2ServerResponse,
    ) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const recorded: RecordedRequest = {
                method: req.method ?? "",
                path: req.url ?? "",
                headers: req.headers as http.IncomingHttpHeaders,
                body: Buffer.concat(chunks).toString("utf8"),
            };
            requests.push(recorded);
            const a = answer(recorded);
            if (a === "reset") {
                req.socket?.destroy();
                return;
            }
            (res as http.ServerResponse).writeHead(a.status, {
                "x-amzn-requestid": `req-${requests.length}`,
                ...a.headers,
            });
            res.end(a.body);
        });
    };
    const server: http.Server | http2.Http2Server = opts.http2 ? http2.createServer(handle) : http.createServer(handle);
    const sessions = new Set<http2.ServerHttp2Session>();
    if (opts.http2) (server as http2.Http2Server).on("session", (s) => sessions.add(s));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const { port } = server.address() as { port: number };
    let closed: Promise<void> | undefined;
    const close = () =>
        (closed ??= new Promise<void>((resolve) => {
            for (const s of sessions) s.close();
            if (!opts.http2) (server as http.Server).closeAllConnections();
            server.close(() => resolve());
        }));
    const timer = setTimeout(() => void close(), opts.lifetimeMs ?? 30_000);
    timer.unref();
    return {
        url: `http://127.0.0.1:${port}`,
        operations,
        requests,
        close: async () => {
            clearTimeout(timer);
            await close();
        },
    };
}
