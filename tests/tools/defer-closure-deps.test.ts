// tools/lib/defer-closure-deps.js (installed by tools/register.js): a tool process loads TypeScript and
// @npmcli/arborist, which @pulumi/pulumi requires at start-up for its closure serializer, only when a
// function is serialized; the serialized text is the same as with both loaded eagerly.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

// Run in a tool process: what was loaded after `require("@pulumi/pulumi")`, then after serializing a
// function that captures a class hierarchy with `super` (rewriteSuper.js), a module and a value.
const PROBE = `
const pulumi = require("@pulumi/pulumi");
const d = globalThis[Symbol.for("connect-customer-profiles.deferredModules")];
const loaded = () => ["typescript", "@npmcli/arborist"].filter((p) =>
    Object.keys(require.cache).some((k) => k.includes("/node_modules/" + p + "/")));
const before = { requested: d.requested().map((f) => f.replace(/.*node_modules\\//, "")), loaded: loaded() };
const n = 2;
class Base { m() { return n; } }
class Derived extends Base { m() { return super.m() + 1; } }
const f = async (x) => new Derived().m() + x + require("path").sep.length;
pulumi.runtime.serializeFunction(f).then((s) => {
    process.stdout.write(JSON.stringify({ before, after: loaded(), text: s.text }));
});`;

function probe(env: Record<string, string> = {}): {
    before: { requested: string[]; loaded: string[] };
    after: string[];
    text: string;
} {
    const out = execFileSync(process.execPath, ["-r", "./tools/register.js", "-e", PROBE], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
        encoding: "utf8",
    });
    return JSON.parse(out);
}

describe("tools/lib/defer-closure-deps.js (TypeScript and arborist load on first use)", function () {
    this.timeout(60000);

    it("loads neither at start-up, and TypeScript when a function is serialized", () => {
        const r = probe();
        assert.deepStrictEqual(r.before, {
            requested: ["@pulumi/pulumi/typescript-shim.js", "@npmcli/arborist/lib/index.js"],
            loaded: [],
        });
        // serializeFunction parses the function's text; arborist lists packages for computeCodePaths,
        // which serializing a function does not call.
        assert.deepStrictEqual(r.after, ["typescript"]);
        assert.match(r.text, /^exports\.handler = __f0;/);
    });

    it("serializes the same text as with both loaded eagerly (TOOLS_DEFER_CLOSURE_DEPS=off)", () => {
        const deferred = probe();
        const eager = probe({ TOOLS_DEFER_CLOSURE_DEPS: "off" });
        assert.deepStrictEqual(eager.before, { requested: [], loaded: ["typescript", "@npmcli/arborist"] });
        assert.strictEqual(deferred.text, eager.text);
    });

    it("defers exactly the requests @pulumi/pulumi's closure modules make (pinned version)", () => {
        const closure = path.join(ROOT, "node_modules", "@pulumi", "pulumi", "runtime", "closure");
        const read = (f: string) => fs.readFileSync(path.join(closure, f), "utf8");
        // Top-level requires that a plain `require("@pulumi/pulumi")` runs.
        assert.match(read("parseFunction.js"), /^const ts = require\("\.\.\/\.\.\/typescript-shim"\);$/m);
        assert.match(read("codePaths.js"), /^const arborist = __importStar\(require\("@npmcli\/arborist"\)\);$/m);
        // codePaths.js reads only `Arborist` from the module (the stand-in keeps `__importStar` from
        // copying the module's properties by reading `__esModule` as true until the module loads).
        assert.deepStrictEqual([...new Set(read("codePaths.js").match(/\barborist\.\w+/g))], ["arborist.Arborist"]);
    });
});
