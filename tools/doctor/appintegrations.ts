// The doctor's one Amazon AppIntegrations call, GetEventIntegration, as a SigV4-signed REST request
// through the AWS SDK's own Smithy parts (signer, HTTP request, Node.js handler) instead of
// @aws-sdk/client-appintegrations, which the registry serves only at an old version (47 MB, 176
// packages, for this one call). Same IAM action (app-integrations:GetEventIntegration), same
// credentials chain as the other clients, same shape of answer and errors (an Error whose name is the
// service's error type, e.g. ResourceNotFoundException), and the same `send(command)` interface, so
// the fake account of the tests (aws-sdk-client-mock) answers it as it answers the SDK clients.
//   Request: `GET /eventIntegrations/{Name}` on app-integrations.{region}.amazonaws.com, signing name
//   `app-integrations` (Amazon AppIntegrations API Reference, "GetEventIntegration",
//   https://docs.aws.amazon.com/appintegrations/latest/APIReference/API_GetEventIntegration.html;
//   AWS General Reference, "Amazon AppIntegrations endpoints and quotas",
//   https://docs.aws.amazon.com/general/latest/gr/amazon-app-integrations.html).
import { Sha256 } from "@aws-crypto/sha256-js";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export interface GetEventIntegrationInput {
    Name: string;
}

export interface GetEventIntegrationOutput {
    Name?: string;
    Description?: string;
    EventIntegrationArn?: string;
    EventBridgeBus?: string;
    EventFilter?: { Source?: string };
    Tags?: Record<string, string>;
}

export class GetEventIntegrationCommand {
    constructor(readonly input: GetEventIntegrationInput) {}
}

export interface AppIntegrationsClientConfig {
    region: string;
    credentials: ConstructorParameters<typeof SignatureV4>[0]["credentials"];
    /** Attempts in all, throttling and server errors retried with backoff (default 5, as the other clients). */
    maxAttempts?: number;
    /** Test hook: where the requests go (default the regional endpoint over HTTPS). */
    endpoint?: string;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export class AppIntegrationsClient {
    private readonly signer: SignatureV4;
    private readonly handler = new NodeHttpHandler({ requestTimeout: 30_000, connectionTimeout: 10_000 });

    constructor(readonly config: AppIntegrationsClientConfig) {
        this.signer = new SignatureV4({
            service: "app-integrations",
            region: config.region,
            credentials: config.credentials,
            sha256: Sha256,
        });
    }

    async send(command: GetEventIntegrationCommand): Promise<GetEventIntegrationOutput> {
        if (!(command instanceof GetEventIntegrationCommand))
            throw new Error("AppIntegrationsClient sends GetEventIntegrationCommand only");
        const name = command.input.Name;
        if (typeof name !== "string" || name.length === 0)
            throw new Error(`GetEventIntegration: Name ${JSON.stringify(name)} is not an event integration name`);
        const url = new URL(this.config.endpoint ?? `https://app-integrations.${this.config.region}.amazonaws.com`);
        const attempts = this.config.maxAttempts ?? 5;
        for (let attempt = 1; ; attempt++) {
            const request = new HttpRequest({
                protocol: url.protocol,
                hostname: url.hostname,
                port: url.port ? Number(url.port) : undefined,
                method: "GET",
                path: `/eventIntegrations/${encodeURIComponent(name)}`,
                headers: { host: url.host, accept: "application/json" },
            });
            const signed = (await this.signer.sign(request)) as HttpRequest;
            const { response } = await this.handler.handle(signed);
            const text = await readBody(response.body);
            if (response.statusCode >= 200 && response.statusCode < 300)
                return (text ? JSON.parse(text) : {}) as GetEventIntegrationOutput;
            if (RETRYABLE.has(response.statusCode) && attempt < attempts) {
                await new Promise((r) => setTimeout(r, Math.min(20_000, 100 * 2 ** attempt * Math.random())));
                continue;
            }
            throw serviceError(response.statusCode, response.headers, text);
        }
    }

    destroy(): void {
        this.handler.destroy();
    }
}

async function readBody(body: unknown): Promise<string> {
    if (!body) return "";
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Buffer | string>)
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString("utf8");
}

/**
 * The service's error as the SDK reports it: name from the `x-amzn-errortype` header (the part before
 * ":") or the body's `__type`/`code`, message from the body's `message`/`Message`.
 */
export function serviceError(status: number, headers: Record<string, string>, text: string): Error {
    let body: Record<string, unknown> = {};
    try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
        /* not JSON */
    }
    const header = Object.entries(headers).find(([k]) => k.toLowerCase() === "x-amzn-errortype")?.[1];
    const type = String(header ?? body.__type ?? body.code ?? `HTTP${status}`)
        .split(":")[0]
        .split("#")
        .pop()!;
    const err = new Error(String(body.message ?? body.Message ?? `GetEventIntegration failed with HTTP ${status}`));
    err.name = type;
    (err as Error & { $metadata?: object }).$metadata = { httpStatusCode: status };
    return err;
}
