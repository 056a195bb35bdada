// The AWS SDK v3 clients the doctor uses, with the default credential chain, and one limit on the
// calls in flight. A test-only fake account (canned SDK responses in a JSON file) replaces every
// client's `send` when DOCTOR_FAKE_ACCOUNT names such a file: see docs/doctor.md.
import * as fs from "fs";
import { AppflowClient } from "@aws-sdk/client-appflow";
import { AppIntegrationsClient } from "./appintegrations";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ConnectClient } from "@aws-sdk/client-connect";
import { CustomerProfilesClient } from "@aws-sdk/client-customer-profiles";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { KMSClient } from "@aws-sdk/client-kms";
import { SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { DoctorUsageError } from "./outputs";

export const CLIENT_CLASSES = {
    appflow: AppflowClient,
    appintegrations: AppIntegrationsClient,
    cloudtrail: CloudTrailClient,
    cloudwatch: CloudWatchClient,
    connect: ConnectClient,
    profiles: CustomerProfilesClient,
    events: EventBridgeClient,
    firehose: FirehoseClient,
    kinesis: KinesisClient,
    kms: KMSClient,
    sqs: SQSClient,
    sts: STSClient,
} as const;

export type Clients = { [K in keyof typeof CLIENT_CLASSES]: InstanceType<(typeof CLIENT_CLASSES)[K]> };

/** The environment variable that points the doctor at a fake account (tests only). */
export const FAKE_ACCOUNT_ENV = "DOCTOR_FAKE_ACCOUNT";

/** Runs at most `n` tasks at a time. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
    let active = 0;
    const waiting: (() => void)[] = [];
    return async <T>(task: () => Promise<T>): Promise<T> => {
        if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
        active++;
        try {
            return await task();
        } finally {
            active--;
            waiting.shift()?.();
        }
    };
}

/** Request timeouts and retries of every client (docs/doctor.md, "Timeouts and retries"). */
export interface ClientLimits {
    /** Milliseconds one attempt may wait for its connection. */
    connectionTimeoutMs: number;
    /** Milliseconds one attempt may wait for its answer; then it fails with TimeoutError (and is retried). */
    requestTimeoutMs: number;
    /** Attempts per call, the first included (the SDK's standard retry mode backs off between them). */
    maxAttempts: number;
}

export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
    connectionTimeoutMs: 5000,
    requestTimeoutMs: 30000,
    maxAttempts: 5,
};

/**
 * The configuration every client is built with, besides region and credentials:
 * - `requestHandler` with a connection and a request timeout, and `throwOnRequestTimeout` so an
 *   unanswered request fails instead of only logging a warning (AWS SDK for JavaScript v3 Developer
 *   Guide, "Configure maxSockets in Node.js": the `requestHandler` shorthand, and the
 *   @smithy/node-http-handler NodeHttpHandlerOptions in the v3 API Reference);
 * - `maxAttempts` with the standard retry mode: throttling, 5xx, reset connections and timeouts are
 *   retried with backoff, at most that many attempts (AWS SDKs and Tools Reference Guide, "Retry
 *   behavior");
 * - endpoints from the standard settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>,
 *   `endpoint_url` in the shared config file; AWS SDKs and Tools Reference Guide, "Service-specific
 *   endpoints"): the SDK resolves them itself when no `endpoint` is given. SQS needs one more
 *   setting: its client otherwise sends each call to the host of the call's QueueUrl, whatever
 *   endpoint is configured (`useQueueUrlAsEndpoint`, default true in @aws-sdk/middleware-sdk-sqs);
 *   with it off, SQS calls go to the configured endpoint or the region's
 *   (sqs.REGION.amazonaws.com, the host of the stack's queue URL since the doctor refuses another region).
 */
export function clientConfig(limits: ClientLimits = DEFAULT_CLIENT_LIMITS): Record<string, unknown> {
    return {
        maxAttempts: limits.maxAttempts,
        retryMode: "standard",
        requestHandler: {
            connectionTimeout: limits.connectionTimeoutMs,
            requestTimeout: limits.requestTimeoutMs,
            throwOnRequestTimeout: true,
        },
    };
}

/**
 * One client per service for the region. Credentials come from the SDK's default chain
 * (environment, shared config and credentials files, SSO, container and instance roles; AWS SDK for
 * JavaScript v3 Developer Guide, "Set credentials in Node.js"); `profile` selects a shared-config
 * profile. Every client's calls share one limit; timeouts, retries and endpoints are clientConfig's.
 */
export function createClients(opts: {
    region: string;
    profile?: string;
    concurrency: number;
    limits?: ClientLimits;
}): Clients {
    const limit = limiter(opts.concurrency);
    // One provider for every client: the same identity for all calls, resolved once, and `profile`
    // honoured even by clients whose version predates the client-level `profile` setting.
    const credentials = defaultProvider(opts.profile ? { profile: opts.profile } : {});
    const clients = {} as Record<string, { send: (...a: unknown[]) => Promise<unknown> }>;
    for (const [name, Client] of Object.entries(CLIENT_CLASSES)) {
        const client = new (Client as unknown as new (c: object) => { send: (...a: unknown[]) => Promise<unknown> })({
            region: opts.region,
            credentials,
            ...clientConfig(opts.limits),
            ...(name === "sqs" ? { useQueueUrlAsEndpoint: false } : {}),
        });
        const send = client.send.bind(client);
        client.send = (...a: unknown[]) => limit(() => send(...a));
        clients[name] = client;
    }
    return clients as unknown as Clients;
}

/** One canned response: for a command (optionally only when its input contains `input`), an output or an error. */
export interface FakeResponse {
    input?: Record<string, unknown>;
    output?: Record<string, unknown>;
    error?: { name: string; message: string };
}

/** A fake account: command name (e.g. "GetDomain") → its canned responses, the most specific input first. */
export type FakeAccount = Record<string, FakeResponse | FakeResponse[]>;

/** Dates in the SDK's responses are Date objects; a fake account writes them as ISO strings under these names. */
const DATE_FIELDS = new Set([
    "CreatedAt",
    "LastUpdatedAt",
    "createdAt",
    "lastUpdatedAt",
    "startedAt",
    "lastUpdatedAt",
    "CreationDate",
    "DeletionDate",
    "StreamCreationTimestamp",
    "CreateTimestamp",
    "LastUpdateTimestamp",
    "CreationTime",
    "ExpirationTime",
    "LastModifiedTime",
    "mostRecentExecutionTime",
    "StartDate",
    "LastUpdatedDate",
    "LatestDeliveryTime",
    "StartLoggingTime",
    "StopLoggingTime",
]);

function revive(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(revive);
    if (v && typeof v === "object") {
        return Object.fromEntries(
            Object.entries(v).map(([k, x]) => [
                k,
                DATE_FIELDS.has(k) && typeof x === "string" ? new Date(x) : revive(x),
            ]),
        );
    }
    return v;
}

function fakeError(e: { name: string; message: string }): Error {
    const err = new Error(e.message);
    err.name = e.name;
    return err;
}

/** Whether `actual` contains every field of `wanted` (deeply). */
function contains(actual: unknown, wanted: unknown): boolean {
    if (wanted && typeof wanted === "object" && !Array.isArray(wanted)) {
        return (
            !!actual &&
            typeof actual === "object" &&
            Object.entries(wanted).every(([k, w]) => contains((actual as Record<string, unknown>)[k], w))
        );
    }
    return JSON.stringify(actual) === JSON.stringify(wanted);
}

const CLIENT_MODULES: Record<keyof Clients, string> = {
    appflow: "@aws-sdk/client-appflow",
    appintegrations: "./appintegrations",
    cloudtrail: "@aws-sdk/client-cloudtrail",
    cloudwatch: "@aws-sdk/client-cloudwatch",
    connect: "@aws-sdk/client-connect",
    profiles: "@aws-sdk/client-customer-profiles",
    events: "@aws-sdk/client-eventbridge",
    firehose: "@aws-sdk/client-firehose",
    kinesis: "@aws-sdk/client-kinesis",
    kms: "@aws-sdk/client-kms",
    sqs: "@aws-sdk/client-sqs",
    sts: "@aws-sdk/client-sts",
};

export type FakeMocks = Record<keyof Clients, any>;

/**
 * Makes every client of the doctor answer from a fake account instead of AWS, with
 * aws-sdk-client-mock (a devDependency: loaded only here, so only tests and the documented
 * DOCTOR_FAKE_ACCOUNT run need it). The first response whose `input` is contained in the
 * command's input answers; a command with no canned response fails loudly, naming itself.
 * Returns the mocks (for `commandCalls`) and a restore function.
 */
export function installFakeAccount(account: FakeAccount): { mocks: FakeMocks; restore: () => void } {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { mockClient } = require("aws-sdk-client-mock") as typeof import("aws-sdk-client-mock");
    const mocks = {} as FakeMocks;
    const known = new Set<string>();
    for (const [name, Client] of Object.entries(CLIENT_CLASSES) as [keyof Clients, unknown][]) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(CLIENT_MODULES[name]) as Record<string, any>;

        const mock = mockClient(Client as any);
        mock.onAnyCommand().callsFake((input: unknown) => {
            throw fakeError({
                name: "FakeAccountHasNoResponse",
                message: `the fake account has no response for this ${name} command (input ${JSON.stringify(input)})`,
            });
        });
        for (const [command, entries] of Object.entries(account)) {
            const Command = mod[`${command}Command`];
            if (!Command) continue;
            known.add(command);
            const list = Array.isArray(entries) ? entries : [entries];
            mock.on(Command).callsFake((input: unknown) => {
                const match = list.find((r) => r.input === undefined || contains(input, r.input));
                if (!match) {
                    throw fakeError({
                        name: "FakeAccountHasNoResponse",
                        message: `the fake account has no response for ${command} ${JSON.stringify(input)}`,
                    });
                }
                if (match.error) throw fakeError(match.error);
                return revive(structuredClone(match.output ?? {}));
            });
        }
        mocks[name] = mock;
    }
    const unknown = Object.keys(account).filter((k) => !known.has(k) && !k.startsWith("_"));
    if (unknown.length > 0) {
        Object.values(mocks).forEach((m) => m.restore());
        throw new DoctorUsageError(
            `fake account: unknown commands ${unknown.join(", ")} (no client of the doctor has them)`,
        );
    }
    return { mocks, restore: () => Object.values(mocks).forEach((m) => m.restore()) };
}

/** Reads a fake account file (tests only). */
export function readFakeAccount(file: string): FakeAccount {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as FakeAccount;
    } catch (e) {
        throw new DoctorUsageError(`${FAKE_ACCOUNT_ENV}=${file}: not a readable fake account: ${(e as Error).message}`);
    }
}
