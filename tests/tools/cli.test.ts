// The command lines of the tools: node:util parseArgs (strict), `--help` exits 0 with the usage on
// stdout, a command line that cannot be understood exits 2 naming what was wrong.
import * as assert from "assert";
import { main as policyMain, USAGE as POLICY_USAGE } from "../../tools/policy";
import { main as diffMain, parseArgs as parseDiffArgs, USAGE as DIFF_USAGE } from "../../tools/diff";
import { main as benchMain, parseArgs as parseBenchArgs, USAGE as BENCH_USAGE } from "../../tools/bench";

/** Runs a tool that prints with console.log / console.error, capturing both. */
async function withConsole(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const [log, error] = [console.log, console.error];
    console.log = (s: unknown) => out.push(String(s));
    console.error = (s: unknown) => err.push(String(s));
    try {
        const code = await run();
        return { code, out: out.join("\n"), err: err.join("\n") };
    } finally {
        console.log = log;
        console.error = error;
    }
}

async function withWriters(
    main: (argv: string[], out: (s: string) => void, err: (s: string) => void) => Promise<number>,
    argv: string[],
): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(
        argv,
        (s) => (out += s),
        (s) => (err += s),
    );
    return { code, out, err };
}

describe("tool command lines", () => {
    describe("npm run policy", () => {
        for (const flag of ["--help", "-h"]) {
            it(`${flag} prints the usage on stdout and exits 0`, async () => {
                assert.deepStrictEqual(await withConsole(() => policyMain([flag])), {
                    code: 0,
                    out: POLICY_USAGE,
                    err: "",
                });
            });
        }

        it("an unknown option exits 2 and names it", async () => {
            const r = await withConsole(() => policyMain(["check", "plan.json", "--jsn"]));
            assert.strictEqual(r.code, 2);
            assert.strictEqual(r.out, "");
            assert.ok(r.err.startsWith("Unknown option '--jsn'."), r.err);
            assert.ok(r.err.endsWith(POLICY_USAGE));
        });

        it("--policy-config without a value exits 2", async () => {
            const r = await withConsole(() => policyMain(["check", "plan.json", "--policy-config"]));
            assert.strictEqual(r.code, 2);
            assert.strictEqual(r.err, `Option '--policy-config <value>' argument missing\n${POLICY_USAGE}`);
        });

        it("a missing command or plan file exits 2 saying what is expected", async () => {
            assert.deepStrictEqual(await withConsole(() => policyMain(["plan.json"])), {
                code: 2,
                out: "",
                err: `expected the command \`check\`\n${POLICY_USAGE}`,
            });
            assert.deepStrictEqual(await withConsole(() => policyMain(["check"])), {
                code: 2,
                out: "",
                err: `expected one plan file after \`check\`\n${POLICY_USAGE}`,
            });
        });
    });

    describe("npm run diff", () => {
        for (const flag of ["--help", "-h"]) {
            it(`${flag} prints the usage on stdout and exits 0`, async () => {
                assert.deepStrictEqual(await withWriters(diffMain, [flag]), {
                    code: 0,
                    out: `${DIFF_USAGE}\n`,
                    err: "",
                });
            });
        }

        it("reads --name=value as well as --name value", () => {
            assert.deepStrictEqual(
                parseDiffArgs(["base.json", "head.json", "--max-bytes=4096", "--markdown", "diff.md", "--no-policy"]),
                {
                    files: ["base.json", "head.json"],
                    markdown: "diff.md",
                    policyConfig: undefined,
                    policy: false,
                    maxBytes: 4096,
                    fullDiffHint: undefined,
                    failOnDataLoss: false,
                },
            );
        });

        it("rejects an unknown option, a bad --max-bytes and three files with exit 2", async () => {
            const unknown = await withWriters(diffMain, ["a.json", "b.json", "--markdwn", "x.md"]);
            assert.strictEqual(unknown.code, 2);
            assert.ok(unknown.err.startsWith("Unknown option '--markdwn'."), unknown.err);
            assert.deepStrictEqual(await withWriters(diffMain, ["a.json", "--max-bytes", "12"]), {
                code: 2,
                out: "",
                err: '--max-bytes: "12" is not valid; expected a whole number of bytes, at least 2048\n',
            });
            assert.deepStrictEqual(await withWriters(diffMain, ["a.json", "b.json", "c.json"]), {
                code: 2,
                out: "",
                err: `expected one or two plan files, got 3\n${DIFF_USAGE}\n`,
            });
        });
    });
});

describe("npm run bench command line", () => {
    it("--help prints the usage and exits 0 without measuring anything", async () => {
        let out = "";
        const write = process.stdout.write;
        process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
        try {
            assert.strictEqual(await benchMain(["--help"]), 0);
        } finally {
            process.stdout.write = write;
        }
        assert.strictEqual(out, `${BENCH_USAGE}\n`);
    });

    it("reads its options with parseArgs and rejects what it cannot use", () => {
        assert.deepStrictEqual(parseBenchArgs(["--runs=7", "--json", "-", "--with-tests"]), {
            runs: 7,
            jsonOut: "-",
            withTests: true,
            help: undefined,
        });
        assert.throws(
            () => parseBenchArgs(["--runs", "0"]),
            /^UsageError: --runs: "0" is not valid; expected a whole number, at least 1/,
        );
        assert.throws(() => parseBenchArgs(["--rnus", "3"]), /^UsageError: Unknown option '--rnus'/);
    });
});
