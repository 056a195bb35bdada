// Transpiles the project's TypeScript for the command-line tools (tools/register.js installs it as the
// loader of .ts files), with a disk cache.
//
// Each .ts file is transpiled by swc, the transpiler ts-node uses for this project (tsconfig.json
// "ts-node": { "swc": true }), with the options ts-node derives from tsconfig.json (SWC_OPTIONS), so
// the program's functions have the same text as under ts-node (the dynamic providers are serialized
// from that text). The JavaScript is cached on disk, keyed by a hash of the file name, its source, the
// swc version and the options: an unchanged file is read from the cache and swc is not even loaded; a
// changed file is transpiled again on its next load (nothing to rebuild by hand, nothing stale).
//
// Cache: node_modules/.cache/connect-customer-profiles-swc/ (`npm ci` starts it afresh); set
// TOOLS_SWC_CACHE to another directory, or to "off" to transpile in memory only.
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * What ts-node 10 passes to swc for this tsconfig.json (ts-node/dist/transpilers/swc.js
 * createSwcOptions): target ES2022 → "es2022", module CommonJS with esModuleInterop (noInterop false),
 * strict → strictMode, keepClassNames for targets from ES2016, useDefineForClassFields as TypeScript
 * defaults it for ES2022, no decorators, no JSX. tests/tools/register.test.ts holds the output equal to
 * ts-node's for every .ts file the tools load.
 */
const SWC_OPTIONS = {
    sourceMaps: "inline",
    module: { type: "commonjs", noInterop: false, strictMode: true, ignoreDynamic: false },
    swcrc: false,
    jsc: {
        parser: { syntax: "typescript", tsx: false, dynamicImport: true, importAssertions: true },
        target: "es2022",
        transform: { legacyDecorator: true, useDefineForClassFields: true },
        keepClassNames: true,
        experimental: { keepImportAttributes: true, emitAssertForImportAttributes: true },
    },
};

let swc;
function transpile(code, filename) {
    swc ??= require("@swc/core");
    return swc.transformSync(code, { ...SWC_OPTIONS, filename }).code;
}

const cacheSetting = process.env.TOOLS_SWC_CACHE;
const CACHE_DIR =
    cacheSetting === "off"
        ? undefined
        : (cacheSetting ?? path.join(ROOT, "node_modules", ".cache", "connect-customer-profiles-swc"));
/**
 * The hash of each .ts file's text as compiled, by file name: what tools/lib/provider-cache.ts keys
 * serialized providers on (the code that ran, even if the file changed on disk since).
 */
const sourceHashes = new Map();
globalThis[Symbol.for("connect-customer-profiles.sourceHashes")] = sourceHashes;
let salt;
let pruned = false;
function cacheSalt() {
    if (salt === undefined) {
        const swcVersion = JSON.parse(
            fs.readFileSync(require.resolve("@swc/core/package.json", { paths: [ROOT] }), "utf8"),
        ).version;
        salt = `${swcVersion}\0${JSON.stringify(SWC_OPTIONS)}\0`;
    }
    return salt;
}

/** The JavaScript for a .ts file: from the cache when its source is unchanged, else from swc. */
function compiled(code, filename) {
    // The file name is part of the key: the inline source map names it.
    const key = crypto
        .createHash("sha256")
        .update(cacheSalt())
        .update(filename)
        .update("\0")
        .update(code)
        .digest("hex");
    sourceHashes.set(filename, key);
    if (!CACHE_DIR) return transpile(code, filename);
    const file = path.join(CACHE_DIR, key.slice(0, 2), `${key.slice(2)}.js`);
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        /* not cached yet */
    }
    const js = transpile(code, filename);
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // Written whole under a temporary name, then renamed: a concurrent reader never sees half a file.
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, js);
        fs.renameSync(tmp, file);
        if (!pruned) prune(CACHE_DIR);
    } catch {
        /* a read-only tree: run from memory */
    }
    return js;
}

/** Once per process that transpiled something: entries not written for 30 days go (edited files' old text). */
function prune(dir) {
    pruned = true;
    const old = Date.now() - 30 * 24 * 3600 * 1000;
    for (const sub of fs.readdirSync(dir))
        for (const f of fs.readdirSync(path.join(dir, sub))) {
            const p = path.join(dir, sub, f);
            if (fs.statSync(p).mtimeMs < old) fs.rmSync(p, { force: true });
        }
}

module.exports = { SWC_OPTIONS, transpile, compiled, sourceHashes };
