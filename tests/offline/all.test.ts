// `npm run plan -- --all`: every Pulumi.*.yaml planned and policy-checked in one process, one line
// per stack and a summary; a bad stack does not hide the others; the exit code is the worst.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "js-yaml";
import { main, parseArgs, stackFiles } from "../../tools/plan";
import { REPO_ROOT, runOfflinePlan } from "../../tools/lib/offline";
import { Plan } from "../../tools/lib/plan-format";

const P = "connect-customer-profiles";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(
        argv,
        (s) => (out += s),
        (s) => (err += s),
    );
    return { code, out, err };
}

function stacksDir(stacks: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-"));
    for (const [name, config] of Object.entries(stacks))
        fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), YAML.dump({ config }));
    fs.writeFileSync(path.join(dir, "README.md"), "not a stack file");
    return dir;
}

const dev = () =>
    (YAML.load(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> })
        .config;

describe("offline plan of every stack (npm run plan -- --all)", () => {
    let n = 0; // the dev stack's cloud resources, as the single-stack plan counts them
    before(async () => {
        n = (await runOfflinePlan({ stack: "dev" })).plan.steps.filter((s) => s.newState?.custom).length;
    });
    it("finds the stack files of a directory, sorted, and nothing else", () => {
        const dir = stacksDir({ b: {}, a: {} });
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: x");
        assert.deepEqual(stackFiles(dir), ["a", "b"]);
        assert.deepEqual(stackFiles(REPO_ROOT), ["dev"]);
    });

    it("plans and checks the project's stacks: one line per stack and a summary, exit 0", async () => {
        const json = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-json-"));
        const r = await run(["--all", "--json", json]);
        assert.equal(r.code, 0, r.out + r.err);
        assert.match(
            r.out,
            new RegExp(`^dev: ${n} resources, 0 mandatory and 0 advisory violations, 1 warning \\(\\d+\\.\\d s\\)\n`),
        );
        assert.match(
            r.out,
            /\n1 stack: 1 clean, 0 with mandatory violations, 0 with invalid configuration, 0 refused by the mock cloud, 0 failed \(exit 0\)\n$/,
        );
        const plan = JSON.parse(fs.readFileSync(path.join(json, "dev.json"), "utf8")) as Plan;
        assert.equal(plan.source?.stack, "dev");
        assert.equal(plan.steps.filter((s) => s.newState?.custom).length, n);
    });

    it("a bad stack does not hide the others; the exit code is the worst", async () => {
        const dir = stacksDir({
            "a-bad": { ...dev(), [`${P}:defaultExpirationDays`]: -3 },
            dev: dev(),
            "z-preview-too": dev(),
        });
        const r = await run(["--all", "--stacks-dir", dir]);
        assert.equal(r.code, 2, r.out);
        const lines = r.out.split("\n");
        assert.match(lines[0], /^a-bad: invalid configuration \(exit 2, \d+\.\d s\)$/);
        assert.match(lines[1], /^ {4}Invalid stack configuration/);
        assert.match(r.out, /defaultExpirationDays/);
        assert.match(
            r.out,
            new RegExp(`\ndev: ${n} resources, 0 mandatory and 0 advisory violations, 1 warning \\(\\d+\\.\\d s\\)\n`),
        );
        assert.match(r.out, new RegExp(`\nz-preview-too: ${n} resources, 0 mandatory and 0 advisory violations`));
        assert.match(
            r.out,
            /\n3 stacks: 2 clean, 0 with mandatory violations, 1 with invalid configuration, .* \(exit 2\)\n$/,
        );
    });

    it("two stacks of one account and region claiming one domain and instance: an error naming both (issue 24)", async () => {
        const dir = stacksDir({ dev: dev(), copy: dev() });
        const r = await run(["--all", "--stacks-dir", dir, "--no-policy"]);
        assert.equal(r.code, 2, r.out);
        const conflicts = r.out.split("\n").filter((l) => l.startsWith("cross-stack: "));
        const tail =
            "in account 123456789012, region eu-west-2: one stack must own it, or the two overwrite each other's settings (and an Amazon Connect instance belongs to exactly one domain)";
        assert.deepEqual(conflicts, [
            `cross-stack: stacks copy and dev both claim the Customer Profiles domain amazon-connect-examplecorp-dev ${tail}`,
            `cross-stack: stacks copy and dev both claim a new Amazon Connect instance with alias examplecorp-support-dev ${tail}`,
            `cross-stack: stacks copy and dev both claim the Amazon Connect instance arn:aws:connect:eu-west-2:123456789012:instance/4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f ${tail}`,
        ]);
        assert.match(r.out, /\n2 stacks: .*, 3 cross-stack conflicts \(exit 2\)\n$/);
    });

    it("the same names in another account or region are no conflict", async () => {
        const other = { ...dev(), "aws:allowedAccountIds": ["210987654321"] };
        const elsewhere: Record<string, unknown> = {
            ...dev(),
            "aws:region": "eu-west-1",
            "aws-native:region": "eu-west-1",
        };
        delete elsewhere[`${P}:connectInstances`];
        const { crossStackConflicts } = await import("../../tools/lib/cross-stack");
        assert.deepEqual(
            crossStackConflicts([
                { stack: "dev", config: dev() },
                { stack: "other", config: other },
                { stack: "elsewhere", config: elsewhere },
            ]),
            [],
        );
    });

    it("--preview applies to every stack", async () => {
        const dir = stacksDir({ dev: dev() });
        const r = await run(["--all", "--stacks-dir", dir, "--preview"]);
        assert.equal(r.code, 0, r.out);
        assert.match(
            r.out,
            new RegExp(`^dev: ${n} resources, 0 mandatory and 0 advisory violations, \\d+ checks not run`),
        );
    });

    it("usage: --all takes no --stack, --config-file or --format; --stacks-dir needs --all", async () => {
        assert.throws(() => parseArgs(["--all", "--stack", "dev"]), /--all plans every Pulumi\.\*\.yaml/);
        assert.throws(() => parseArgs(["--all", "--format", "json"]), /--all plans every Pulumi\.\*\.yaml/);
        assert.throws(() => parseArgs(["--stacks-dir", "x"]), /--stacks-dir goes with --all/);
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-empty-"));
        const r = await run(["--all", "--stacks-dir", empty]);
        assert.equal(r.code, 2);
        assert.equal(r.err, `no Pulumi.<stack>.yaml in ${empty}\n`);
    });
});
