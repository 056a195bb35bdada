// Defers two dependencies that @pulumi/pulumi loads at start-up for its closure serializer, and that a
// tool run needs only when it serializes a dynamic provider that is not in the provider cache
// (tools/lib/provider-cache.ts):
//   - TypeScript, required as "../../typescript-shim" by runtime/closure/parseFunction.js (and by
//     utils.js and rewriteSuper.js inside functions) to parse each captured function's text;
//   - @npmcli/arborist, required by runtime/closure/codePaths.js to list the packages a closure needs.
// `require("@pulumi/pulumi")` loads both (runtime/index.js → closure/serializeClosure.js →
// createClosure.js → parseFunction.js, and → codePaths.js): about 300 ms of the ~500 ms it takes
// (docs/benchmark.md). Here each is a stand-in that loads the real module on first use, so a warm run
// never loads them and a cold run loads them when the serializer first touches them. Nothing else
// changes: the serializer gets the same module objects' properties, and the serialized text is the
// same (tests/offline/provider-cache.test.ts compares it with an in-process serialization under
// ts-node, which does not defer). Only requests made from the runtime's closure folder are deferred;
// tests/tools/pulumi-internals.test.ts fails when an upgrade of @pulumi/pulumi (pinned) moves them.
// Set TOOLS_DEFER_CLOSURE_DEPS=off to load them eagerly, as plain node does.
"use strict";
const Module = require("module");
const path = require("path");

const CLOSURE_DIR = `${path.sep}${path.join("node_modules", "@pulumi", "pulumi", "runtime", "closure")}${path.sep}`;
/** The requests deferred, as the closure modules write them. */
const DEFERRED = new Set(["../../typescript-shim", "@npmcli/arborist"]);

/** Stand-ins by resolved file name: one per module, so every requiring file shares it. */
const standIns = new Map();
/** Resolved file names of the deferred modules that have really been loaded. */
const loaded = new Set();

/**
 * A stand-in for a module: every property read loads the real module (once) and reads it there.
 * `__esModule` reads true until then, so TypeScript's `__importStar` (codePaths.js) keeps the
 * stand-in itself instead of copying every property, which would load the module at once.
 */
function standIn(file, load) {
    let real;
    const target = () => {
        if (real === undefined) {
            real = load();
            loaded.add(file);
        }
        return real;
    };
    return new Proxy(
        {},
        {
            get: (_, k) => (k === "__esModule" && real === undefined ? true : Reflect.get(target(), k)),
            has: (_, k) => Reflect.has(target(), k),
            ownKeys: () => Reflect.ownKeys(target()),
            getOwnPropertyDescriptor: (_, k) => {
                const d = Reflect.getOwnPropertyDescriptor(target(), k);
                // A proxy may not report a property its (empty) target lacks as non-configurable.
                return d && { ...d, configurable: true };
            },
        },
    );
}

function install() {
    const load = Module._load;
    Module._load = function loadDeferring(request, parent, isMain) {
        if (DEFERRED.has(request) && parent?.filename?.includes(CLOSURE_DIR)) {
            const file = Module._resolveFilename(request, parent, isMain);
            let s = standIns.get(file);
            if (!s) {
                s = standIn(file, () => load.call(Module, request, parent, isMain));
                standIns.set(file, s);
            }
            return s;
        }
        return load.apply(this, arguments);
    };
}

if (process.env.TOOLS_DEFER_CLOSURE_DEPS !== "off") install();

/** For tests and the benchmark: which deferred modules were requested, and which really loaded. */
globalThis[Symbol.for("connect-customer-profiles.deferredModules")] = {
    requested: () => [...standIns.keys()],
    loaded: () => [...loaded],
};
