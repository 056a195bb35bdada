// The doctor's AppIntegrations GetEventIntegration call (tools/doctor/appintegrations.ts), a SigV4-signed
// request through the SDK's Smithy signer, against a loopback emulation of the service endpoint:
// the request AWS documents (GET /eventIntegrations/{Name}, signed for app-integrations in the region),
// the answer parsed, the service's errors named as the SDK names them, throttling retried.
import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { AppIntegrationsClient, GetEventIntegrationCommand } from "../../tools/doctor/appintegrations";
import { isNotFound } from "../../tools/doctor/context";

type Reply = { status: number; headers?: Record<string, string>; body: unknown };

async function withEndpoint(replies: Reply[], body: (endpoint: string, seen: http.IncomingMessage[]) => Promise<void>) {
    const seen: http.IncomingMessage[] = [];
    const server = http.createServer((req, res) => {
        seen.push(req);
        const r = replies.shift() ?? { status: 500, body: { message: "no more replies" } };
        res.writeHead(r.status, { "content-type": "application/json", ...(r.headers ?? {}) });
        res.end(JSON.stringify(r.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
        await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
    } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
    }
}

const credentials = { accessKeyId: "AKIAEXAMPLE000000001", secretAccessKey: "secretExample" };
const NAME = "amazon-connect-examplecorp-dev-salesforce-case-tasks";

describe("doctor: AppIntegrations GetEventIntegration as a signed request", function () {
    it("GETs /eventIntegrations/{Name}, signed with SigV4 for app-integrations in the region, and returns the answer", async () => {
        const answer = { Name: NAME, EventBridgeBus: "aws.partner/x", EventFilter: { Source: "aws.partner/x" } };
        await withEndpoint([{ status: 200, body: answer }], async (endpoint, seen) => {
            const client = new AppIntegrationsClient({ region: "eu-west-2", credentials, endpoint });
            assert.deepStrictEqual(await client.send(new GetEventIntegrationCommand({ Name: NAME })), answer);
            client.destroy();
            assert.strictEqual(seen.length, 1);
            assert.strictEqual(seen[0].method, "GET");
            assert.strictEqual(seen[0].url, `/eventIntegrations/${NAME}`);
            assert.match(
                String(seen[0].headers.authorization),
                /^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE000000001\/\d{8}\/eu-west-2\/app-integrations\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
            );
            assert.match(String(seen[0].headers["x-amz-date"]), /^\d{8}T\d{6}Z$/);
        });
    });

    it("names the service's error as the SDK does (ResourceNotFoundException is 'does not exist'), without retrying it", async () => {
        const notFound: Reply = {
            status: 404,
            headers: { "x-amzn-ErrorType": "ResourceNotFoundException:http://internal.amazon.com/coral/" },
            body: { Message: "The event integration was not found" },
        };
        await withEndpoint([notFound], async (endpoint, seen) => {
            const client = new AppIntegrationsClient({ region: "eu-west-2", credentials, endpoint });
            const err = await client.send(new GetEventIntegrationCommand({ Name: NAME })).then(
                () => assert.fail("resolved"),
                (e: Error) => e,
            );
            client.destroy();
            assert.strictEqual(err.name, "ResourceNotFoundException");
            assert.strictEqual(err.message, "The event integration was not found");
            assert.ok(isNotFound(err));
            assert.strictEqual(seen.length, 1);
        });
    });

    it("retries throttling (HTTP 429) and then answers; gives up after maxAttempts", async () => {
        const throttled: Reply = { status: 429, body: { __type: "ThrottlingException", message: "Rate exceeded" } };
        await withEndpoint([throttled, { status: 200, body: { Name: NAME } }], async (endpoint, seen) => {
            const client = new AppIntegrationsClient({ region: "eu-west-2", credentials, endpoint });
            assert.deepStrictEqual(await client.send(new GetEventIntegrationCommand({ Name: NAME })), { Name: NAME });
            client.destroy();
            assert.strictEqual(seen.length, 2);
        });
        await withEndpoint([throttled, throttled], async (endpoint, seen) => {
            const client = new AppIntegrationsClient({ region: "eu-west-2", credentials, endpoint, maxAttempts: 2 });
            await assert.rejects(client.send(new GetEventIntegrationCommand({ Name: NAME })), {
                name: "ThrottlingException",
                message: "Rate exceeded",
            });
            client.destroy();
            assert.strictEqual(seen.length, 2);
        });
    });
});
