// A local HTTP endpoint that stands in for AWS service endpoints in tests (127.0.0.1 only, no
// network): the real SDK clients, with their signing, retry strategy and credential providers,
// send their requests here. Each request is recorded; the handler answers it, or resets the
// connection (the client sees ECONNRESET, as on a dropped connection to AWS).
import { AsyncLocalStorage } from "async_hooks";
import * as http from "http";
import { mockClient } from "aws-sdk-client-mock";

export interface RecordedRequest {
    method: string;
    path: string;
    headers: http.IncomingHttpHeaders;
    body: string;
}

export type FakeAnswer = { status?: number; headers?: Record<string, string>; body?: string } | "reset";

export interface FakeAws {
    url: string;
    requests: RecordedRequest[];
    close(): Promise<void>;
}

/** Starts the endpoint; `answer` is called with each request and the number of earlier ones. */
export function startFakeAws(answer: (req: RecordedRequest, index: number) => FakeAnswer): Promise<FakeAws> {
    const requests: RecordedRequest[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const recorded = {
                method: req.method ?? "",
                path: req.url ?? "",
                headers: req.headers,
                body: Buffer.concat(chunks).toString("utf8"),
            };
            const a = answer(recorded, requests.length);
            requests.push(recorded);
            if (a === "reset") {
                req.socket.destroy();
                return;
            }
            const body = a.body ?? "{}";
            res.writeHead(a.status ?? 200, {
                "content-type": "application/json",
                "x-amzn-requestid": `req-${requests.length}`,
                ...(a.headers ?? {}),
            });
            res.end(body);
        });
    });
    return new Promise((resolve) =>
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as { port: number };
            resolve({
                url: `http://127.0.0.1:${port}`,
                requests,
                close: () => new Promise<void>((r) => server.close(() => r())),
            });
        }),
    );
}

/** Sets environment variables for the duration of `fn`, then restores them. */
/** How deep the calling async context is inside withEnv, and how many withEnv calls are running. */
const envDepth = new AsyncLocalStorage<number>();
let envActive = 0;

/**
 * Sets environment variables for the duration of fn and puts the old values back. Nested calls are fine
 * (each restores what it found); two calls that overlap without one running inside the other are refused:
 * the one started second would save the first one's values and, ending last, restore them for good, or
 * the first, ending first, would take the variables from under the second while it runs.
 */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
    const depth = envDepth.getStore() ?? 0;
    if (envActive > depth)
        throw new Error(
            "withEnv: another withEnv is running outside this one: overlapping calls would restore each other's variables (run the concurrent work inside one withEnv)",
        );
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    const set = (v: Record<string, string | undefined>) => {
        for (const [k, x] of Object.entries(v))
            if (x === undefined) delete process.env[k];
            else process.env[k] = x;
    };
    set(vars);
    envActive++;
    try {
        return await envDepth.run(depth + 1, fn);
    } finally {
        envActive--;
        set(saved);
    }
}

/**
 * Puts the real `send` back on SDK client classes another spec may have left mocked
 * (aws-sdk-client-mock stubs the class prototype until `restore()`), so the real clients run.
 */
export function useRealSdkClients(...classes: Parameters<typeof mockClient>[0][]): void {
    for (const c of classes) mockClient(c).restore();
}
