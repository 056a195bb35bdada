// npm run doctor -- [--stack NAME | --outputs FILE] [--region R] [--profile P] [--json|--markdown]
// npm run doctor -- dlq triage | dlq export FILE | dlq reingest FILE [--apply]
// npm run doctor -- --probe [--probe-wait S] [--probe-window-hours H]   (writes marked test data, removes it)
//
// Read-only checks of a deployed stack with the AWS SDK v3 and the default credential chain; the
// resources come from the stack's outputs. Exit 0 healthy (warnings allowed), 1 problems (or a
// re-ingestion with refused objects), 2 usage, unreadable outputs or no usable credentials.
import { parseArgs } from "node:util";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import {
    Clients,
    createClients,
    DEFAULT_CLIENT_LIMITS,
    FAKE_ACCOUNT_ENV,
    installFakeAccount,
    readFakeAccount,
} from "./doctor/aws";
import { checkDeadLetterQueue } from "./doctor/checks/dead-letter";
import { checkDomain } from "./doctor/checks/domain";
import { checkIntegrations } from "./doctor/checks/integrations";
import { checkKeys } from "./doctor/checks/keys";
import { checkExport, checkStreaming } from "./doctor/checks/streaming";
import { checkAuditTrail } from "./doctor/checks/audit";
import { checkTasks } from "./doctor/checks/tasks";
import { DoctorContext, errorMessage, errorName } from "./doctor/context";
import {
    DlqIo,
    exportDeadLetters,
    longestCallMs,
    MAX_VISIBILITY_TIMEOUT,
    maxBackoffMs,
    reingest,
    triageDeadLetters,
} from "./doctor/dlq";
import { runProbe } from "./doctor/probe/probe";
import { DoctorUsageError, readOutputsFile, readStackOutputs, StackInventory } from "./doctor/outputs";
import { Check, exitCodeOf, formatJson, formatMarkdown, formatText, Report, summarize } from "./doctor/report";
import { SOURCES } from "./doctor/sources";
import { runCli } from "./lib/cli";

export const USAGE = `usage: npm run doctor -- [--stack NAME | --outputs FILE] [options]
       npm run doctor -- dlq triage [--show-bodies] [--stack NAME | --outputs FILE] [options]
       npm run doctor -- dlq export FILE [--force | --append] [--stack NAME | --outputs FILE] [options]
       npm run doctor -- dlq reingest FILE [--apply] [--stack NAME | --outputs FILE] [options]
       npm run doctor -- --probe [--stack NAME | --outputs FILE] [options]
  --outputs FILE            the stack's outputs, saved with \`pulumi stack output --json > FILE\`
  --stack NAME              run \`pulumi stack output --json --stack NAME\` (needs the Pulumi CLI)
  --region R                AWS region: the stack's (its domainArn's); another is refused
  --profile P               shared-config profile for the default credential chain
  --json | --markdown       report format (default: one line per check)
  --max-messages N          dead-letter messages to peek or export (default 100 for checks and triage, 1000 for export)
  --visibility-timeout S    seconds a message stays invisible: peeked by the checks (default 0), by dlq triage
                            (default 30), exported (default 900);
                            for reingest, the seconds each extension hides a message (default 300; more than
                            --max-attempts × (--request-timeout-ms + backoff); at most 43200)
  --interval-ms MS          wait between PutProfileObject calls of a re-ingestion (default 200)
  --concurrency N           AWS calls in flight at once (default 8)
  --request-timeout-ms MS   one attempt of an AWS call fails after MS without an answer (default 30000)
  --max-attempts N          attempts per AWS call, retries with backoff included (default 5)
  --apply                   dlq reingest: really send the objects and delete the accepted messages
  --probe                   the first-deploy acceptance test: writes marked test data, removes it (docs/doctor.md)
  --probe-wait S            seconds the probe waits for the alarm action and the export record (default 60)
  --probe-window-hours H    hours of metrics the probe reads (default 24)
  --force                   dlq export: overwrite FILE if it exists
  --append                  dlq export: add to FILE (an export of the same queue), e.g. to resume
  --show-bodies             dlq triage: also print each message's body (customer data)
  -h, --help                this help
Exit codes: 0 healthy, 1 problems, 2 usage, outputs or credentials.`;

export interface DoctorIo {
    out: (s: string) => void;
    err: (s: string) => void;
    env: NodeJS.ProcessEnv;
    /** Whether progress may be drawn on err (a terminal). */
    progress: boolean;
    /** Aborted on SIGINT: the dead-letter tools stop at a consistent point. */
    signal?: AbortSignal;
    now?: () => Date;
    /** Waits between the probe's polls (tests pass one that does not wait). */
    sleep?: (ms: number) => Promise<void>;
    /** The probe run's id (tests pass a fixed one). */
    probeRunId?: string;
    /** Ends the process after an interrupted probe's cleanup (default process.exit). */
    exit?: (code: number) => void;
}

const defaultIo: DoctorIo = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    progress: !!process.stderr.isTTY,
};

/**
 * --visibility-timeout: at most SQS's maximum (12 hours); for a re-ingestion, more than the longest a
 * call can take (a DeleteMessage whose retries outlast the visibility could reach SQS after the
 * message was received again), by default 300 s or twice that longest call.
 */
export function visibilityTimeout(
    v: string | undefined,
    dflt: number,
    reingestLimits?: { maxAttempts: number; requestTimeoutMs: number },
): number {
    const longest = reingestLimits ? longestCallMs(reingestLimits) : 0;
    const d = reingestLimits ? Math.min(MAX_VISIBILITY_TIMEOUT, Math.max(dflt, 2 * Math.ceil(longest / 1000))) : dflt;
    const n = wholeNumber("visibility-timeout", v, d, reingestLimits ? 1 : 0);
    if (n > MAX_VISIBILITY_TIMEOUT)
        throw new DoctorUsageError(
            `--visibility-timeout: ${n} is not valid; expected at most ${MAX_VISIBILITY_TIMEOUT} (SQS's maximum visibility timeout, 12 hours)`,
        );
    if (reingestLimits && n * 1000 <= longest)
        throw new DoctorUsageError(
            `--visibility-timeout: ${n} is not valid; expected more than ${longest / 1000} s, the longest one call may take with ` +
                `--max-attempts ${reingestLimits.maxAttempts} and --request-timeout-ms ${reingestLimits.requestTimeoutMs} ` +
                `(${reingestLimits.maxAttempts} × (${reingestLimits.requestTimeoutMs} ms + ${maxBackoffMs(reingestLimits.maxAttempts)} ms of backoff)): ` +
                "a DeleteMessage retried past the visibility could reach SQS after the message was received again. Raise --visibility-timeout or lower the others",
        );
    return n;
}

function wholeNumber(name: string, v: string | undefined, dflt: number, min = 0): number {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min)
        throw new DoctorUsageError(`--${name}: ${JSON.stringify(v)} is not valid; expected a whole number ≥ ${min}`);
    return n;
}

type Options = {
    stack?: string;
    outputs?: string;
    region?: string;
    profile?: string;
    json?: boolean;
    markdown?: boolean;
    help?: boolean;
    apply?: boolean;
    "max-messages"?: string;
    "visibility-timeout"?: string;
    "interval-ms"?: string;
    concurrency?: string;
    probe?: boolean;
    "probe-wait"?: string;
    "probe-window-hours"?: string;
    "request-timeout-ms"?: string;
    "max-attempts"?: string;
    force?: boolean;
    append?: boolean;
    "show-bodies"?: boolean;
};

function parse(argv: string[]): { values: Options; positionals: string[] } {
    try {
        return parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                stack: { type: "string" },
                outputs: { type: "string" },
                region: { type: "string" },
                profile: { type: "string" },
                json: { type: "boolean" },
                markdown: { type: "boolean" },
                help: { type: "boolean", short: "h" },
                apply: { type: "boolean" },
                "max-messages": { type: "string" },
                "visibility-timeout": { type: "string" },
                "interval-ms": { type: "string" },
                concurrency: { type: "string" },
                probe: { type: "boolean" },
                "probe-wait": { type: "string" },
                "probe-window-hours": { type: "string" },
                "request-timeout-ms": { type: "string" },
                "max-attempts": { type: "string" },
                force: { type: "boolean" },
                append: { type: "boolean" },
                "show-bodies": { type: "boolean" },
            },
        }) as { values: Options; positionals: string[] };
    } catch (e) {
        throw new DoctorUsageError((e as Error).message);
    }
}

/** The checks, by area, in report order. */
const AREAS: [string, (ctx: DoctorContext) => Promise<Check[]>][] = [
    ["domain", checkDomain],
    ["keys", checkKeys],
    ["dead-letter queue", checkDeadLetterQueue],
    ["integrations", checkIntegrations],
    ["tasks", checkTasks],
    ["export", checkExport],
    ["streaming", checkStreaming],
    ["audit trail", checkAuditTrail],
];

/** Runs every area concurrently (the clients share one limit on calls in flight); reports progress. */
export async function runChecks(
    ctx: DoctorContext,
    progress?: (done: number, total: number, area: string) => void,
): Promise<Check[]> {
    let done = 0;
    const results = await Promise.all(
        AREAS.map(async ([area, check]) => {
            let checks: Check[];
            try {
                checks = await check(ctx);
            } catch (e) {
                checks = [
                    {
                        area: area as Check["area"],
                        status: "problem",
                        message: `the ${area} checks failed: ${errorName(e)}: ${errorMessage(e)}`,
                        source: SOURCES.domain,
                    },
                ];
            }
            progress?.(++done, AREAS.length, area);
            return checks;
        }),
    );
    return results.flat();
}

/** STS answers that mean "try again later", not "these credentials are unusable". */
const STS_TRANSIENT = new Set([
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "ServiceUnavailable",
    "InternalFailure",
    "InternalError",
    "TimeoutError",
    "RequestTimeout",
]);
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/** Confirms credentials and account before any check: a missing chain or another account is exit 2. */
async function whoAmI(clients: Clients, inv: StackInventory): Promise<string> {
    let account: string | undefined;
    try {
        account = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account;
    } catch (e) {
        const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
        const code = (e as NodeJS.ErrnoException).code ?? "";
        if (STS_TRANSIENT.has(errorName(e)) || status >= 500 || NETWORK_CODES.has(code)) {
            throw new DoctorUsageError(
                `STS GetCallerIdentity did not answer usefully after the client's retries (${errorName(e)}${code && code !== errorName(e) ? ` ${code}` : ""}: ${errorMessage(e).split("\n")[0]}); the credentials were not checked, nothing else was called: try again later (or raise --max-attempts)`,
            );
        }
        throw new DoctorUsageError(
            `no usable AWS credentials (${errorName(e)}: ${errorMessage(e).split("\n")[0]}); configure the default credential chain (environment variables, --profile, SSO, or a role) and try again`,
        );
    }
    if (account !== inv.account) {
        throw new DoctorUsageError(
            `the credentials are for account ${account}, but the stack's domain is in account ${inv.account} (domainArn); use credentials of the stack's account`,
        );
    }
    return account;
}

export async function main(argv: string[], io: DoctorIo = defaultIo): Promise<number> {
    let restoreFake: (() => void) | undefined;
    try {
        const { values: v, positionals } = parse(argv);
        if (v.help) {
            io.out(`${USAGE}\n`);
            return 0;
        }
        const [command, sub, file, ...extra] = positionals;
        if (
            command !== undefined &&
            !(
                command === "dlq" &&
                (((sub === "export" || sub === "reingest") && file && extra.length === 0) ||
                    (sub === "triage" && file === undefined))
            )
        ) {
            throw new DoctorUsageError(
                `unexpected arguments ${JSON.stringify(positionals.join(" "))}; expected none, "dlq triage", "dlq export FILE" or "dlq reingest FILE"\n${USAGE}`,
            );
        }
        if (v.json && v.markdown) throw new DoctorUsageError("--json and --markdown: choose one report format");
        if (v.apply && sub !== "reingest") throw new DoctorUsageError("--apply is only for dlq reingest");
        if (v.probe && command !== undefined) throw new DoctorUsageError("--probe runs alone, not with dlq");
        if (!v.probe && (v["probe-wait"] !== undefined || v["probe-window-hours"] !== undefined))
            throw new DoctorUsageError("--probe-wait and --probe-window-hours are only for --probe");
        if (v.force && sub !== "export") throw new DoctorUsageError("--force is only for dlq export");
        if (v.append && sub !== "export") throw new DoctorUsageError("--append is only for dlq export");
        if (v.force && v.append) throw new DoctorUsageError("--force and --append: choose one");
        if (v["show-bodies"] && sub !== "triage") throw new DoctorUsageError("--show-bodies is only for dlq triage");
        if (!!v.stack === !!v.outputs)
            throw new DoctorUsageError(`give exactly one of --stack NAME or --outputs FILE\n${USAGE}`);
        const concurrency = wholeNumber("concurrency", v.concurrency, 8, 1);
        const limits = {
            ...DEFAULT_CLIENT_LIMITS,
            requestTimeoutMs: wholeNumber(
                "request-timeout-ms",
                v["request-timeout-ms"],
                DEFAULT_CLIENT_LIMITS.requestTimeoutMs,
                1,
            ),
            maxAttempts: wholeNumber("max-attempts", v["max-attempts"], DEFAULT_CLIENT_LIMITS.maxAttempts, 1),
        };
        // Checked before any call.
        const reingestVisibility =
            sub === "reingest" ? visibilityTimeout(v["visibility-timeout"], 300, limits) : undefined;
        const inv = v.outputs ? readOutputsFile(v.outputs) : readStackOutputs(v.stack!);
        const queueRegion = /^https:\/\/sqs\.([a-z0-9-]+)\./.exec(inv.outputs.deadLetterQueueUrl ?? "")?.[1];
        if (v.region !== undefined && v.region !== inv.region) {
            throw new DoctorUsageError(
                `--region ${v.region} contradicts the stack: its domain (domainArn) is in ${inv.region}` +
                    `${queueRegion ? ` and its dead-letter queue (deadLetterQueueUrl) in ${queueRegion}` : ""}; ` +
                    `drop --region or pass --region ${inv.region}`,
            );
        }
        const region = inv.region;

        // Test-only: a fake account of canned SDK responses instead of AWS (docs/doctor.md).
        const fakeFile = io.env[FAKE_ACCOUNT_ENV];
        if (fakeFile) restoreFake = installFakeAccount(readFakeAccount(fakeFile)).restore;
        const clients = createClients({ region, profile: v.profile, concurrency, limits });
        const account = await whoAmI(clients, inv);

        const dlqIo: DlqIo = {
            log: (s) => io.out(`${s}\n`),
            progress: (s) => io.err(`${s}\n`),
            signal: io.signal,
            ...(io.now ? { now: () => io.now!().getTime() } : {}),
        };
        if (sub === "triage") {
            return await triageDeadLetters(
                inv,
                clients,
                {
                    max: wholeNumber("max-messages", v["max-messages"], 100, 1),
                    visibilityTimeout: visibilityTimeout(v["visibility-timeout"], 30),
                    showBodies: !!v["show-bodies"],
                },
                dlqIo,
            );
        }
        if (sub === "export") {
            return await exportDeadLetters(
                inv,
                clients,
                file!,
                {
                    max: wholeNumber("max-messages", v["max-messages"], 1000, 1),
                    visibilityTimeout: visibilityTimeout(v["visibility-timeout"], 900),
                    force: !!v.force,
                    append: !!v.append,
                },
                dlqIo,
            );
        }
        if (sub === "reingest") {
            return await reingest(
                inv,
                clients,
                file!,
                {
                    apply: !!v.apply,
                    intervalMs: wholeNumber("interval-ms", v["interval-ms"], 200),
                    visibilityTimeout: reingestVisibility!,
                },
                dlqIo,
            );
        }
        const ctx: DoctorContext = {
            inv,
            clients,
            now: io.now?.() ?? new Date(),
            maxMessages: wholeNumber("max-messages", v["max-messages"], 100, 1),
            // The read-only checks peek with VisibilityTimeout 0 (Amazon SQS API Reference, ReceiveMessage:
            // VisibilityTimeout hides the returned messages from later requests for that long): they hide nothing.
            peekVisibilitySeconds: wholeNumber("visibility-timeout", v["visibility-timeout"], 0),
        };
        const showProgress = io.progress && !v.json && !v.markdown;
        const checks = v.probe
            ? await runProbe(ctx, {
                  runId:
                      io.probeRunId ??
                      `${ctx.now
                          .toISOString()
                          .replace(/[^0-9]/g, "")
                          .slice(0, 14)}-${process.pid}`,
                  waitSeconds: wholeNumber("probe-wait", v["probe-wait"], 60),
                  windowHours: wholeNumber("probe-window-hours", v["probe-window-hours"], 24, 1),
                  sleep: io.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
                  log: (line) => io.err(`${line}\n`),
                  exit: io.exit,
              })
            : await runChecks(
                  ctx,
                  showProgress
                      ? (d, t, a) =>
                            io.err(`\r[${d}/${t}] ${a} checked`.padEnd(40) + (d === t ? "\r".padEnd(41) + "\r" : ""))
                      : undefined,
              );
        const report: Report = {
            account,
            region,
            outputs: v.outputs ?? `stack ${v.stack}`,
            checks,
            summary: summarize(checks),
        };
        io.out(`${v.json ? formatJson(report) : v.markdown ? formatMarkdown(report) : formatText(report)}\n`);
        return exitCodeOf(report);
    } catch (e) {
        if (e instanceof DoctorUsageError) {
            io.err(`${e.message}\n`);
            return 2;
        }
        throw e;
    } finally {
        restoreFake?.();
    }
}

if (require.main === module) {
    // SIGINT: the dead-letter tools finish the object in flight and stop with a consistent ledger
    // and export file; a second SIGINT stops at once (the ledger still holds only complete lines).
    const interrupt = new AbortController();
    const argv = process.argv.slice(2);
    // Only the dead-letter tools stop gracefully; the read-only checks keep Node's default (exit at once).
    if (argv.includes("dlq") && (argv.includes("export") || argv.includes("reingest")))
        process.on("SIGINT", () => {
            if (interrupt.signal.aborted) process.exit(130);
            process.stderr.write("interrupt: stopping after the current object (Ctrl-C again to stop now)\n");
            interrupt.abort();
        });
    runCli((args) => main(args, { ...defaultIo, signal: interrupt.signal }), "doctor", 2);
}
