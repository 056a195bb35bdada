// Runs the project's TypeScript for the command-line tools (`npm run plan`, `policy`, `diff`, `bench`,
// `doctor`, `bootstrap-permissions`) without ts-node: `node -r ./tools/register.js tools/plan.ts`.
// Each .ts file is transpiled by swc as ts-node does it here, and cached on disk (tools/lib/transpile.js):
// the tools do not load ts-node and TypeScript, and an unchanged file is not transpiled again. The
// tests keep ts-node (.mocharc.json).
"use strict";
const fs = require("fs");
const Module = require("module");
const { compiled } = require("./lib/transpile");
// TypeScript, which `require("@pulumi/pulumi")` loads for its closure serializer, loads as plain node
// loads it: the tools no longer defer it by patching Module._load (docs/pulumi-internals.md).

/** The JavaScript this loader produced, by file name, for the stack traces. */
const outputs = new Map();

Module._extensions[".ts"] = function loadTypeScript(module, filename) {
    const js = compiled(fs.readFileSync(filename, "utf8"), filename);
    outputs.set(filename, js);
    module._compile(js, filename);
};

// Stack traces name the .ts lines: source-map-support (as ts-node installs it) reads the inline map of
// the JavaScript this loader produced, and only when a stack trace is formatted. Node's own
// --enable-source-maps is not used: it reads the source map of every module loaded, node_modules too.
require("@cspotcode/source-map-support").install({
    environment: "node",
    // Not its hook on every module resolution (it redirects other copies of source-map-support).
    redirectConflictingLibrary: false,
    retrieveFile: (p) => outputs.get(p) ?? "",
});
