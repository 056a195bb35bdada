// Running a command-line tool: its command line read by node:util parseArgs, its exit code only
// after everything it wrote has been flushed.
//
// `process.exit` does not wait for a pipe: a plan written with `--format json | jq` was cut at
// 64 KiB. Each stream is ended with an empty write whose callback fires once the data before it
// has been handed to the operating system.
import { parseArgs } from "node:util";

function flush(stream: NodeJS.WriteStream): Promise<void> {
    return new Promise((resolve) => stream.write("", () => resolve()));
}

export async function exitAfterFlush(code: number): Promise<never> {
    await Promise.all([flush(process.stdout), flush(process.stderr)]);
    process.exit(code);
}

/**
 * Runs a tool's `main(argv)` and exits with its code; an unexpected error prints `what failed: …`
 * (with the stack trace, since it is a bug) and exits with `failureCode`.
 */
export function runCli(main: (argv: string[]) => Promise<number>, what: string, failureCode: number): void {
    // A reader that stops early (`npm run plan | head`) is not an error of the tool.
    process.stdout.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPIPE") process.exit(0);
        throw e;
    });
    main(process.argv.slice(2)).then(
        (code) => exitAfterFlush(code),
        (e) => {
            process.stderr.write(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
            return exitAfterFlush(failureCode);
        },
    );
}

/** A command line that cannot be understood: the tool prints the message and its usage, and exits 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export type CliOptions = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

/**
 * Parses a command line with Node's own `util.parseArgs` (strict: unknown options and missing values
 * are errors). `--help`/`-h` is added to every tool. Errors become a `UsageError` whose message ends
 * with the tool's usage.
 */
export function parseCommandLine<O extends NonNullable<CliOptions>>(
    argv: string[],
    options: O,
    usage: string,
): {
    values: { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string } & { help?: boolean };
    positionals: string[];
} {
    try {
        const parsed = parseArgs({
            args: argv,
            options: { ...options, help: { type: "boolean", short: "h" } },
            allowPositionals: true,
            strict: true,
        });
        return parsed as never;
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_"))
            throw new UsageError(`${(e as Error).message}\n${usage}`);
        throw e;
    }
}
