// The doctor's command line: --help, usage errors, bad outputs files and missing credentials give
// one clear line and exit 2; `npm run doctor` runs offline against the fixture account.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createClients, FAKE_ACCOUNT_ENV } from "../../tools/doctor/aws";
import { USAGE } from "../../tools/doctor";
import { FIXTURES, healthy, OUTPUTS, run } from "./support";

const REPO = path.join(__dirname, "..", "..");

describe("doctor: command line", () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-cli-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, text: string) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, text);
        return f;
    };

    it("--help prints the usage and exits 0", async () => {
        const r = await run(["--help"]);
        assert.strictEqual(r.code, 0);
        assert.strictEqual(r.out, `${USAGE}\n`);
        assert.deepStrictEqual(r.commands, []);
    });

    const usage: [string[], RegExp][] = [
        [[], /^give exactly one of --stack NAME or --outputs FILE\n/],
        [["--outputs", OUTPUTS, "--stack", "dev"], /^give exactly one of --stack NAME or --outputs FILE\n/],
        [["--outputs", OUTPUTS, "--verbose"], /^Unknown option '--verbose'/],
        [["--outputs", OUTPUTS, "--json", "--markdown"], /^--json and --markdown: choose one report format\n$/],
        [["--outputs", OUTPUTS, "--apply"], /^--apply is only for dlq reingest\n$/],
        [
            ["dlq", "purge", "x", "--outputs", OUTPUTS],
            /^unexpected arguments "dlq purge x"; expected none, "dlq triage", "dlq export FILE" or "dlq reingest FILE"\n/,
        ],
        [["dlq", "triage", "x", "--outputs", OUTPUTS], /^unexpected arguments "dlq triage x"/],
        [["dlq", "reingest", "f", "--outputs", OUTPUTS, "--force"], /^--force is only for dlq export\n$/],
        [["dlq", "export", "f", "--outputs", OUTPUTS, "--force", "--append"], /^--force and --append: choose one\n$/],
        [["dlq", "export", "f", "--outputs", OUTPUTS, "--show-bodies"], /^--show-bodies is only for dlq triage\n$/],
        [
            ["--outputs", OUTPUTS, "--request-timeout-ms", "0"],
            /^--request-timeout-ms: "0" is not valid; expected a whole number ≥ 1\n$/,
        ],
        [
            ["--outputs", OUTPUTS, "--concurrency", "0"],
            /^--concurrency: "0" is not valid; expected a whole number ≥ 1\n$/,
        ],
    ];
    for (const [argv, message] of usage) {
        it(`usage error, exit 2, no AWS call: ${argv.join(" ") || "(no arguments)"}`, async () => {
            const r = await run(argv);
            assert.strictEqual(r.code, 2);
            assert.match(r.err, message);
            assert.strictEqual(r.out, "");
            assert.deepStrictEqual(r.commands, []);
        });
    }

    it("bad outputs files: one line naming the file, the key, the value and the expected form; exit 2", async () => {
        const good = JSON.parse(fs.readFileSync(OUTPUTS, "utf8"));
        const cases: [string, string][] = [
            [
                path.join(dir, "absent.json"),
                `cannot read stack outputs ${path.join(dir, "absent.json")}: ENOENT: no such file or directory, open '${path.join(dir, "absent.json")}'`,
            ],
            [
                file("text.json", "Current stack outputs (3):\n"),
                `stack outputs ${path.join(dir, "text.json")} are not JSON (expected \`pulumi stack output --json\`): Unexpected token 'C', "Current st"... is not valid JSON`,
            ],
            [
                file("array.json", "[]"),
                `stack outputs ${path.join(dir, "array.json")} are not valid: (top level): [] is not valid; expected an object of stack outputs`,
            ],
            [
                file("no-arn.json", JSON.stringify({ ...good, domainArn: undefined })),
                `stack outputs ${path.join(dir, "no-arn.json")} are not valid: domainArn: missing is not valid; expected a Customer Profiles domain ARN`,
            ],
            [
                file("bad-key.json", JSON.stringify({ ...good, keyArn: "alias/customer-profiles" })),
                `stack outputs ${path.join(dir, "bad-key.json")} are not valid: keyArn: "alias/customer-profiles" is not valid; expected a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)`,
            ],
            [
                file(
                    "unknown.json",
                    JSON.stringify({
                        ...good,
                        streaming: { support: { ...good.streaming.support, shards: 2 } },
                        extra: 1,
                    }),
                ),
                `stack outputs ${path.join(dir, "unknown.json")} are not valid: unknown key streaming.support.shards (not an output of this program's index.ts); unknown key extra (not an output of this program's index.ts)`,
            ],
        ];
        for (const [f, message] of cases) {
            const r = await run(["--outputs", f]);
            assert.strictEqual(r.code, 2, f);
            assert.strictEqual(r.err, `${message}\n`);
            assert.deepStrictEqual(r.commands, []);
        }
    });

    it("missing credentials: the real default chain finds none, one line, exit 2", async () => {
        const saved = { ...process.env };
        for (const k of Object.keys(process.env))
            if (k.startsWith("AWS_") && k !== "AWS_CA_BUNDLE") delete process.env[k];
        Object.assign(process.env, {
            AWS_EC2_METADATA_DISABLED: "true",
            AWS_CONFIG_FILE: path.join(dir, "no-config"),
            AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "no-credentials"),
        });
        try {
            const r = await run(["--outputs", OUTPUTS], null);
            assert.strictEqual(r.code, 2);
            assert.strictEqual(
                r.err,
                "no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers); configure the default credential chain (environment variables, --profile, SSO, or a role) and try again\n",
            );
            assert.strictEqual(r.out, "");
        } finally {
            for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
            Object.assign(process.env, saved);
        }
    });

    it("--profile selects the shared-config profile for every client (the older AppIntegrations client included)", async () => {
        const saved = { ...process.env };
        for (const k of Object.keys(process.env))
            if (k.startsWith("AWS_") && k !== "AWS_CA_BUNDLE") delete process.env[k];
        Object.assign(process.env, {
            AWS_EC2_METADATA_DISABLED: "true",
            AWS_CONFIG_FILE: file("config", "[profile ops]\nregion = eu-west-2\n"),
            AWS_SHARED_CREDENTIALS_FILE: file(
                "credentials",
                "[ops]\naws_access_key_id = AKIAOPSEXAMPLE000001\naws_secret_access_key = opsSecretExample\n",
            ),
        });
        try {
            const clients = createClients({ region: "eu-west-2", profile: "ops", concurrency: 1 });
            for (const [name, c] of Object.entries(clients)) {
                const creds = await (c.config.credentials as () => Promise<{ accessKeyId: string }>)();
                assert.strictEqual(creds.accessKeyId, "AKIAOPSEXAMPLE000001", name);
            }
        } finally {
            for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
            Object.assign(process.env, saved);
        }
    });

    it("credentials of another account: exit 2 before any check", async () => {
        const account = healthy();
        (account.GetCallerIdentity as { output: { Account: string } }).output.Account = "210987654321";
        const r = await run(["--outputs", OUTPUTS], account);
        assert.strictEqual(r.code, 2);
        assert.strictEqual(
            r.err,
            "the credentials are for account 210987654321, but the stack's domain is in account 123456789012 (domainArn); use credentials of the stack's account\n",
        );
        assert.deepStrictEqual(r.commands, ["GetCallerIdentity"]);
    });

    it("--stack without the Pulumi CLI says how to save the outputs instead; exit 2", async () => {
        const saved = process.env.PATH;
        process.env.PATH = dir;
        try {
            const r = await run(["--stack", "dev"]);
            assert.strictEqual(r.code, 2);
            assert.strictEqual(
                r.err,
                "--stack dev: the Pulumi CLI is not installed here; save `pulumi stack output --json --stack dev` to a file and pass --outputs FILE\n",
            );
        } finally {
            process.env.PATH = saved;
        }
    });

    const npmRun = (args: string[], env: Record<string, string>) =>
        new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
            execFile(
                process.execPath,
                [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "tools/doctor.ts", ...args],
                { cwd: REPO, env: { ...process.env, ...env } },
                (e, stdout, stderr) => resolve({ code: e ? Number((e as { code?: number }).code) : 0, stdout, stderr }),
            ),
        );

    it("`npm run doctor -- --outputs tests/fixtures/doctor/outputs.json` runs offline against the fixture accounts", async () => {
        const ok = await npmRun(["--outputs", "tests/fixtures/doctor/outputs.json"], {
            [FAKE_ACCOUNT_ENV]: path.join(FIXTURES, "healthy-account.json"),
        });
        assert.strictEqual(ok.code, 0, ok.stderr);
        assert.match(ok.stdout, /\n41 checks ok, 0 warnings, 0 problems\n$/);
        const troubled = await npmRun(["--outputs", "tests/fixtures/doctor/outputs.json", "--json"], {
            [FAKE_ACCOUNT_ENV]: path.join(FIXTURES, "troubled-account.json"),
        });
        assert.strictEqual(troubled.code, 1, troubled.stderr);
        assert.deepStrictEqual(JSON.parse(troubled.stdout).summary, { ok: 36, warning: 1, problem: 9 });
    });

    it("a fake account naming a command no client has is refused (exit 2)", async () => {
        const f = file("fake.json", JSON.stringify({ ...healthy(), DescribeEverything: { output: {} } }));
        const r = await npmRun(["--outputs", "tests/fixtures/doctor/outputs.json"], { [FAKE_ACCOUNT_ENV]: f });
        assert.strictEqual(r.code, 2);
        assert.match(
            r.stderr,
            /fake account: unknown commands DescribeEverything \(no client of the doctor has them\)\n/,
        );
    });
});
