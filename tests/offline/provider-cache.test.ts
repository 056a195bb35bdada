// The command line's cache of serialized dynamic providers (tools/lib/provider-cache.ts): the plan
// holds the same provider text with and without it, an entry is reused only while the provider and the
// project's code are unchanged, a provider that cannot be serialized fails the run every time (a
// failure is never stored), and a provider that captured a secret is never written to disk.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { REPO_ROOT, runOfflinePlan } from "../../tools/lib/offline";
import { cacheKey, defaultProviderCacheDir, NOT_PROGRAM_FOLDERS } from "../../tools/lib/provider-cache";
import { Plan } from "../../tools/lib/plan-format";
import { minimalConfig } from "../support/plan";

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "provider-cache-"));
const entries = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")) : []);

/** A new provider object each call (the runtime caches a serialized provider per object and process). */
function echoProvider(): pulumi.dynamic.ResourceProvider {
    return {
        async create(inputs) {
            return { id: "echo", outs: inputs };
        },
    };
}

function otherProvider(): pulumi.dynamic.ResourceProvider {
    return {
        async create(inputs) {
            return { id: "other", outs: { ...inputs, other: true } };
        },
    };
}

const bound = Math.max.bind(Math);
function unserializableProvider(): pulumi.dynamic.ResourceProvider {
    return {
        async create() {
            return { id: String(bound(1, 2)) };
        },
    };
}

const secretValue = pulumi.secret("a-captured-secret");
function secretProvider(): pulumi.dynamic.ResourceProvider {
    return {
        async create() {
            return { id: "s", outs: { s: secretValue } };
        },
    };
}

class Subject extends pulumi.dynamic.Resource {}

async function planWith(provider: pulumi.dynamic.ResourceProvider, providerCache?: string): Promise<string> {
    const { plan } = await runOfflinePlan({
        config: minimalConfig(),
        providerCache,
        program: () => {
            new Subject(provider, "subject", { size: 1 });
        },
    });
    const step = plan.steps.find((s) => s.urn.endsWith("::subject"));
    return String(step?.newState?.inputs?.__provider);
}

describe("serialized dynamic providers, cached by the command line (tools/lib/provider-cache.ts)", function () {
    this.timeout(120000);

    it("is reused while the provider is unchanged: the plan holds the entry's text", async () => {
        const dir = tmpDir();
        const uncached = await planWith(echoProvider());
        assert.equal(await planWith(echoProvider(), dir), uncached);
        assert.equal(entries(dir).length, 1);
        // The next run takes what the entry says (marked here), not a fresh serialization.
        const file = path.join(dir, entries(dir)[0]);
        const entry = JSON.parse(fs.readFileSync(file, "utf8")) as { text: string };
        fs.writeFileSync(file, JSON.stringify({ ...entry, text: `${entry.text}// from the cache\n` }));
        assert.equal(await planWith(echoProvider(), dir), `${uncached}// from the cache\n`);
    });

    it("serializes a changed provider again, and leaves other serializations alone", async () => {
        const dir = tmpDir();
        await planWith(echoProvider(), dir);
        const other = await planWith(otherProvider(), dir);
        assert.equal(entries(dir).length, 2);
        assert.match(other, /other: true/);
        assert.equal(other, await planWith(otherProvider()));
        // Not a dynamic provider's serialization: never cached.
        const sf = await pulumi.runtime.serializeFunction(() => 42);
        assert.match(sf.text, /42/);
        assert.equal(entries(dir).length, 2);
    });

    it("fails the run, with or without the cache and every time, for a provider that cannot be serialized", async () => {
        // As under the engine, where the registration's rejection fails the program. The offline run
        // used to drop the resource silently and report a clean plan without it.
        const dir = tmpDir();
        for (const cache of [undefined, dir, dir])
            await assert.rejects(
                planWith(unserializableProvider(), cache),
                /^Error: error serializing property "__provider": Error serializing '\(\) => provider'[\s\S]*'bound', a function defined at[\s\S]*could not be serialized because\s+it was a native code function/,
            );
        assert.deepEqual(entries(dir), [], "a failure is never stored");
    });

    it("never writes a provider that captured a secret", async () => {
        const dir = tmpDir();
        await planWith(secretProvider(), dir);
        assert.deepEqual(entries(dir), []);
    });

    it("keys on the project's code: a loaded project file that changes gives another key", () => {
        const dir = fs.mkdtempSync(path.join(REPO_ROOT, "tmp-provider-cache-"));
        try {
            const file = path.join(dir, "helper.ts");
            fs.writeFileSync(file, "export const n = 1;\n");
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require(file);
            const provider = echoProvider();
            const before = cacheKey(provider, { allowSecrets: true });
            assert.equal(cacheKey(echoProvider(), { allowSecrets: true }), before);
            fs.writeFileSync(file, "export const n = 2;\n");
            assert.notEqual(cacheKey(provider, { allowSecrets: true }), before);
            assert.notEqual(cacheKey(otherProvider(), { allowSecrets: true }), before);
            delete require.cache[file];
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("keys on the program only: a loaded file of the policy pack, the tools or the tests that changes keeps the key", () => {
        assert.deepEqual(NOT_PROGRAM_FOLDERS, ["tools", "policies", "tests"]);
        for (const folder of NOT_PROGRAM_FOLDERS) {
            const dir = fs.mkdtempSync(path.join(REPO_ROOT, folder, "tmp-provider-cache-"));
            try {
                const file = path.join(dir, "helper.ts");
                fs.writeFileSync(file, "export const n = 1;\n");
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                require(file);
                const before = cacheKey(echoProvider(), { allowSecrets: true });
                fs.writeFileSync(file, "export const n = 2;\n");
                assert.equal(cacheKey(echoProvider(), { allowSecrets: true }), before, folder);
                delete require.cache[file];
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        }
    });

    it("the program (index.ts, components/) imports nothing from the policy pack, the tools or the tests", () => {
        const files = [path.join(REPO_ROOT, "index.ts")];
        const walk = (d: string) => {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) {
                const p = path.join(d, e.name);
                if (e.isDirectory()) walk(p);
                else if (e.name.endsWith(".ts")) files.push(p);
            }
        };
        walk(path.join(REPO_ROOT, "components"));
        const outside = NOT_PROGRAM_FOLDERS.map((d) => path.join(REPO_ROOT, d) + path.sep);
        const found: string[] = [];
        for (const f of files) {
            const text = fs.readFileSync(f, "utf8");
            for (const m of text.matchAll(/(?:from\s+|require\(|import\()\s*["'](\.[^"']*)["']/g)) {
                const target = path.resolve(path.dirname(f), m[1]);
                if (outside.some((o) => (target + path.sep).startsWith(o)))
                    found.push(`${path.relative(REPO_ROOT, f)} → ${m[1]}`);
            }
        }
        assert.ok(files.length > 30, `read ${files.length} program files`);
        assert.deepEqual(found, []);
    });

    it("`npm run plan` of the dev stack: the same three provider texts from a cold and a warm cache", () => {
        const dir = tmpDir();
        const scripts = (
            JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
                scripts: Record<string, string>;
            }
        ).scripts;
        // The npm script's own command line: node -r ./tools/register.js tools/plan.ts
        const [node, ...args] = scripts.plan.split(" ");
        assert.equal(node, "node");
        const providers = (n: number) => {
            const out = path.join(dir, `plan-${n}.json`);
            execFileSync(process.execPath, [...args, "--stack", "dev", "--json", out], {
                cwd: REPO_ROOT,
                env: { ...process.env, OFFLINE_PLAN_PROVIDER_CACHE: path.join(dir, "providers") },
                stdio: "pipe",
            });
            const plan = JSON.parse(fs.readFileSync(out, "utf8")) as Plan;
            return [
                ...new Set(plan.steps.map((s) => s.newState?.inputs?.__provider).filter((p) => typeof p === "string")),
            ].sort();
        };
        const cold = providers(1);
        assert.equal(cold.length, 3);
        assert.equal(entries(path.join(dir, "providers")).length, 3);
        const warm = providers(2);
        assert.deepEqual(warm, cold);
        assert.equal(entries(path.join(dir, "providers")).length, 3);
    });

    it("the tools (TypeScript and arborist deferred) serialize the providers as this process does (loaded eagerly)", async () => {
        const dir = tmpDir();
        try {
            const out = path.join(dir, "plan.json");
            execFileSync(
                process.execPath,
                ["-r", "./tools/register.js", "tools/plan.ts", "--stack", "dev", "--json", out],
                {
                    cwd: REPO_ROOT,
                    env: { ...process.env, OFFLINE_PLAN_PROVIDER_CACHE: "off" },
                    stdio: "pipe",
                },
            );
            const texts = (plan: Plan) =>
                [
                    ...new Set(
                        plan.steps.map((s) => s.newState?.inputs?.__provider).filter((p) => typeof p === "string"),
                    ),
                ].sort();
            const tools = texts(JSON.parse(fs.readFileSync(out, "utf8")) as Plan);
            // Under mocha, ts-node has loaded TypeScript, and nothing defers arborist.
            assert.ok(Object.keys(require.cache).some((k) => k.includes(`${path.sep}typescript${path.sep}`)));
            const here = texts((await runOfflinePlan({ stack: "dev" })).plan);
            assert.equal(tools.length, 3);
            assert.deepEqual(tools, here);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("lives in node_modules/.cache unless OFFLINE_PLAN_PROVIDER_CACHE says otherwise", () => {
        assert.equal(
            defaultProviderCacheDir({}),
            path.join(REPO_ROOT, "node_modules", ".cache", "connect-customer-profiles", "providers"),
        );
        assert.equal(defaultProviderCacheDir({ OFFLINE_PLAN_PROVIDER_CACHE: "off" }), undefined);
        assert.equal(defaultProviderCacheDir({ OFFLINE_PLAN_PROVIDER_CACHE: "/x" }), "/x");
    });
});
