// The supported runtime, stated once and held everywhere: package.json `engines` (Node.js 22 or later),
// .nvmrc (the LTS the tools and CI run on), every workflow's setup-node (the .nvmrc file, or the matrix
// of both LTS lines where tests run), and .ci/node's pinned binaries for .ci/run.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as jsyaml from "js-yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");
const LTS = [22, 24];

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
type Job = { steps?: Step[]; strategy?: { matrix?: Record<string, unknown> } };

describe("supported Node.js runtime", function () {
    it("package.json engines accepts Node.js 22 and 24 and refuses 20 (end of life 2026-04-30)", function () {
        assert.strictEqual(JSON.parse(read("package.json")).engines.node, ">=22");
    });

    it(".nvmrc names the current LTS (24)", function () {
        assert.strictEqual(read(".nvmrc"), "24\n");
    });

    it("every setup-node reads .nvmrc, or the matrix of both LTS lines in a job that runs the tests", function () {
        const dir = path.join(ROOT, ".github", "workflows");
        let matrixJobs = 0;
        for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
            const wf = jsyaml.load(fs.readFileSync(path.join(dir, file), "utf8")) as { jobs: Record<string, Job> };
            for (const [name, job] of Object.entries(wf.jobs)) {
                const runs = (job.steps ?? []).map((s) => s.run ?? "").join("\n");
                for (const s of (job.steps ?? []).filter((x) => x.uses?.startsWith("actions/setup-node@"))) {
                    const where = `${file} job ${name}`;
                    if (/\bnpx mocha\b|\bnpm test\b/.test(runs)) {
                        assert.strictEqual(s.with?.["node-version"], "${{ matrix.node }}", where);
                        assert.deepStrictEqual(job.strategy?.matrix?.node, LTS, where);
                        matrixJobs++;
                    } else {
                        assert.match(String(s.with?.["node-version-file"]), /(^|\/)\.nvmrc$/, where);
                        assert.strictEqual(s.with?.["node-version"], undefined, where);
                    }
                }
            }
        }
        assert.ok(matrixJobs >= 1, "no workflow runs the tests on both LTS lines");
    });

    it(".ci/run runs on .ci/node's pinned binary of the .nvmrc line, and .ci/node pins every LTS line exactly", function () {
        const run = read(".ci/run");
        const install = run.indexOf('PATH="$(.ci/node "$(cat .nvmrc)"):$PATH"');
        assert.ok(install > 0 && install < run.indexOf("npm ci"), ".ci/run switches Node.js before npm ci");
        const node = read(".ci/node");
        const pinned = /declare -A VERSION=\(([^)]*)\)/.exec(node)?.[1] ?? "";
        const versions = Object.fromEntries([...pinned.matchAll(/\[(\d+)\]=(\S+)/g)].map((m) => [m[1], m[2]]));
        assert.deepStrictEqual(Object.keys(versions).map(Number).sort(), LTS);
        for (const [major, version] of Object.entries(versions)) {
            assert.match(version, new RegExp(`^${major}\\.\\d+\\.\\d+$`), `Node.js ${major} pinned exactly`);
            assert.match(node, new RegExp(`\\[${version.replace(/\./g, "\\.")}\\]=sha512-[A-Za-z0-9+/]{86}==`));
        }
    });
});
