// Running a command-line tool: its exit code only after everything it wrote has been flushed.
//
// `process.exit` does not wait for a pipe: a plan written with `--format json | jq` was cut at
// 64 KiB. Each stream is ended with an empty write whose callback fires once the data before it
// has been handed to the operating system.

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
