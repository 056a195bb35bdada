// A disk cache of serialized dynamic providers for the offline plan's command line (`npm run plan`).
//
// Every `pulumi.dynamic.Resource` serializes its provider object with the runtime's closure
// serializer (`serializeFunction(() => provider, { allowSecrets: true })` in @pulumi/pulumi
// dynamic/index.js), once per provider object and process, as the engine's program process does.
// That is the offline run's largest single cost (profiled in docs/benchmark.md), and its result is a
// function of code only: the provider's functions, what they capture from the project's modules,
// and the packages they reach. So the command line keeps each result on disk, keyed by a hash of
//   - the provider object's own functions (name and text), which says which provider it is,
//   - the text of every program file loaded in the process (everything outside node_modules except
//     the tools, the policy pack and the tests, which the program never imports — a spec holds that —
//     so a provider cannot capture them; the text that was compiled, when tools/register.js loaded it),
//   - the installed packages (node_modules/.package-lock.json, else package-lock.json), the node
//     version and the serializer's arguments;
// and reuses it while none of these changed. A provider that cannot be serialized still fails the
// run: a failure is never stored, and any change to the project's code or packages serializes again.
// A result that holds a secret is never written. Other serializeFunction calls (not a dynamic
// provider) are never cached. Tests run without the cache (they exercise the serializer itself);
// OFFLINE_PLAN_PROVIDER_CACHE=off turns it off, OFFLINE_PLAN_PROVIDER_CACHE=DIR moves it.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
    serializeFunction: SerializeFunction;
};

interface SerializedFunction {
    text: string;
    exportName: string;
    containsSecrets: boolean;
}
type SerializeFunction = (func: () => unknown, args?: Record<string, unknown>) => Promise<SerializedFunction>;

const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The exact text of the function the runtime serializes for a dynamic provider (dynamic/index.js). */
const PROVIDER_THUNK = "() => provider";
/** Entries kept; the oldest beyond this are removed (a few per provider edit). */
const MAX_ENTRIES = 60;

/** Where the command line keeps the cache, or undefined when OFFLINE_PLAN_PROVIDER_CACHE=off. */
export function defaultProviderCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const setting = env.OFFLINE_PLAN_PROVIDER_CACHE;
    if (setting === "off") return undefined;
    return setting || path.join(REPO_ROOT, "node_modules", ".cache", "connect-customer-profiles", "providers");
}

export interface ProviderCacheStats {
    hits: number;
    misses: number;
}

const original: SerializeFunction = closure.serializeFunction;
let active: { dir: string; stats: ProviderCacheStats } | undefined;

/**
 * Runs `body` with serialized providers taken from, and stored in, `dir`. Returns what `body`
 * returns; `stats` counts the providers found in the cache and those serialized.
 */
export async function withProviderCache<T>(
    dir: string | undefined,
    body: () => Promise<T>,
    stats: ProviderCacheStats = { hits: 0, misses: 0 },
): Promise<T> {
    if (!dir || active) return body();
    active = { dir, stats };
    closure.serializeFunction = cachedSerializeFunction;
    try {
        return await body();
    } finally {
        closure.serializeFunction = original;
        active = undefined;
    }
}

async function cachedSerializeFunction(
    func: () => unknown,
    args: Record<string, unknown> = {},
): Promise<SerializedFunction> {
    const cache = active;
    if (!cache || typeof func !== "function" || func.toString() !== PROVIDER_THUNK) return original(func, args);
    const provider = func();
    if (provider === null || typeof provider !== "object") return original(func, args);
    const key = cacheKey(provider, args);
    const file = path.join(cache.dir, `${key}.json`);
    const stored = readEntry(file);
    if (stored) {
        cache.stats.hits++;
        return stored;
    }
    cache.stats.misses++;
    const result = await original(func, args);
    // The code may have changed on disk while it was serialized: store only if the key still holds.
    if (!result.containsSecrets && cacheKey(provider, args) === key) writeEntry(cache.dir, file, result);
    return result;
}

function readEntry(file: string): SerializedFunction | undefined {
    try {
        const v = JSON.parse(fs.readFileSync(file, "utf8")) as SerializedFunction;
        if (typeof v.text === "string" && typeof v.exportName === "string" && v.containsSecrets === false) return v;
    } catch {
        /* absent or unreadable: serialize */
    }
    return undefined;
}

function writeEntry(dir: string, file: string, result: SerializedFunction): void {
    try {
        fs.mkdirSync(dir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(
            tmp,
            JSON.stringify({ text: result.text, exportName: result.exportName, containsSecrets: false }),
        );
        fs.renameSync(tmp, file);
        prune(dir);
    } catch {
        /* a read-only tree: no cache */
    }
}

function prune(dir: string): void {
    const entries = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
        .sort((a, b) => b.t - a.t);
    for (const { f } of entries.slice(MAX_ENTRIES)) fs.rmSync(path.join(dir, f), { force: true });
}

/** The hash that names a provider's cache entry (see the header for what it covers). */
export function cacheKey(provider: object, args: Record<string, unknown>): string {
    const h = crypto.createHash("sha256");
    h.update(`node ${process.version}\0args ${JSON.stringify(args)}\0`);
    for (const name of Object.getOwnPropertyNames(provider).sort()) {
        const v = (provider as Record<string, unknown>)[name];
        h.update(`provider ${name} ${typeof v === "function" ? v.toString() : typeof v}\0`);
    }
    h.update(`packages ${packagesHash()}\0`);
    for (const [file, digest] of projectSources()) h.update(`source ${file} ${digest}\0`);
    return h.digest("hex");
}

let packages: string | undefined;
function packagesHash(): string {
    if (packages === undefined) {
        let text = "";
        for (const f of [
            path.join(REPO_ROOT, "node_modules", ".package-lock.json"),
            path.join(REPO_ROOT, "package-lock.json"),
        ])
            try {
                text = fs.readFileSync(f, "utf8");
                break;
            } catch {
                /* try the next */
            }
        packages = crypto.createHash("sha256").update(text).digest("hex");
    }
    return packages;
}

/**
 * Folders of the repository the program never imports (tests/offline/provider-cache.test.ts holds
 * that): editing the policy pack or a tool keeps the serialized providers.
 */
export const NOT_PROGRAM_FOLDERS = ["tools", "policies", "tests"];
const NOT_PROGRAM = NOT_PROGRAM_FOLDERS.map((d) => path.join(REPO_ROOT, d) + path.sep);

/**
 * Every program file loaded in this process (outside node_modules and NOT_PROGRAM), sorted, with the
 * hash of its text: the text tools/register.js compiled when it loaded the file, else the file as it
 * is now.
 */
function projectSources(): [string, string][] {
    const compiledBy = (globalThis as Record<symbol, Map<string, string> | undefined>)[
        Symbol.for("connect-customer-profiles.sourceHashes")
    ];
    const out: [string, string][] = [];
    for (const file of Object.keys(require.cache)) {
        if (file.includes(`${path.sep}node_modules${path.sep}`)) continue;
        if (NOT_PROGRAM.some((d) => file.startsWith(d))) continue;
        let digest = compiledBy?.get(file);
        if (digest === undefined)
            try {
                digest = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
            } catch {
                digest = "unreadable";
            }
        out.push([path.relative(REPO_ROOT, file), digest]);
    }
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
