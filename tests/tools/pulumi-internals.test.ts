// What the tools use of @pulumi/pulumi and @pulumi/policy beyond their public API, listed with why in
// docs/pulumi-internals.md (numbered as there): the mock monitor's RegisterResource requests, the
// analyzer protobufs, the policy server's RPC factories and its configure RPC, the closure serializer's
// module property for the provider cache, and the signature keys read outside the runtime. Both
// packages are pinned to an exact version in package.json; this spec fails, naming what moved, when an
// upgrade changes any of it, before the tools fail in a less readable way.
import * as assert from "assert";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(path.join(ROOT, "package.json")) as { dependencies: Record<string, string> };
const load = (id: string, paths?: string[]) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(paths ? require.resolve(id, { paths }) : id) as Record<string, unknown>;

describe("@pulumi internals the tools rely on", () => {
    for (const name of ["@pulumi/pulumi", "@pulumi/policy"]) {
        it(`${name} is pinned to the exact version that is installed`, () => {
            const spec = pkg.dependencies[name];
            assert.match(spec, /^\d+\.\d+\.\d+$/, `${name} must be an exact version in dependencies, not ${spec}`);
            const installed = (load(`${name}/package.json`) as { version: string }).version.replace(/^v/, "");
            assert.strictEqual(installed, spec, `${name}: package.json pins ${spec} but ${installed} is installed`);
        });
    }

    it("setMocks installs a monitor with the RegisterResource methods offline.ts wraps (internal 1)", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
        for (const fn of ["setMocks", "getMonitor", "runInPulumiStack", "disconnect"] as const)
            assert.strictEqual(typeof pulumi.runtime[fn], "function", `pulumi.runtime.${fn}`);
        await pulumi.runtime.setMocks(
            { newResource: () => ({ id: "x", state: {} }), call: () => ({}) },
            "p",
            "s",
            true,
        );
        const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, unknown>;
        for (const method of ["registerResource", "registerResourceOutputs"])
            assert.strictEqual(typeof monitor[method], "function", `monitor.${method}`);
        await pulumi.runtime.disconnect();
    });

    it("dynamic providers are serialized through serializeClosure's module property, as `() => provider` (internal 5)", () => {
        const dir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const text = require("fs").readFileSync(path.join(dir, "dynamic", "index.js"), "utf8") as string;
        assert.match(text, /require\("\.\.\/runtime\/closure\/serializeClosure"\)/);
        assert.match(text, /\.serializeFunction\(\(\) => provider, \{ allowSecrets: true \}\)/);
        const closure = load("@pulumi/pulumi/runtime/closure/serializeClosure");
        assert.strictEqual(typeof closure.serializeFunction, "function");
    });

    it("the signature keys diff and plan-input compare against are the runtime's public constants (internal 6)", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const rpc = (require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")).runtime;
        assert.strictEqual(rpc.specialSigKey, "4dabf18193072939515e22adb298388d");
        assert.strictEqual(rpc.specialSecretSig, "1b47061264138c4ac30d75fd1eb44270");
        assert.strictEqual(rpc.specialResourceSig, "5cf8f73096256a8f31e491e813e4eb8e");
    });

    it("the analyzer protobufs and the policy server's RPC factories have what analyzer.ts calls", () => {
        const proto = load("@pulumi/pulumi/proto/analyzer_pb");
        for (const message of [
            "ConfigureAnalyzerRequest",
            "PolicyConfig",
            "AnalyzerResourceOptions",
            "AnalyzeRequest",
            "AnalyzeStackRequest",
            "AnalyzerResource",
            "AnalyzerPropertyDependencies",
        ])
            assert.strictEqual(typeof proto[message], "function", `analyzer_pb.${message}`);
        assert.deepStrictEqual(
            ["ADVISORY", "MANDATORY", "DISABLED", "REMEDIATE"].map(
                (l) => typeof (proto.EnforcementLevel as Record<string, unknown>)[l],
            ),
            ["number", "number", "number", "number"],
        );
        const server = load("@pulumi/policy/server");
        for (const fn of ["serve", "makeAnalyzeRpcFun", "makeAnalyzeStackRpcFun"])
            assert.strictEqual(typeof server[fn], "function", `@pulumi/policy/server.${fn}`);
        const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
        const grpc = load("@grpc/grpc-js", [policyDir]) as { Server: { prototype: Record<string, unknown> } };
        assert.strictEqual(typeof grpc.Server.prototype.addService, "function", "grpc Server.addService");
        assert.strictEqual(typeof grpc.Server.prototype.bindAsync, "function", "grpc Server.bindAsync");
        const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
        const struct = load("google-protobuf/google/protobuf/struct_pb", [pulumiDir]) as {
            Struct: { fromJavaScript: unknown };
        };
        assert.strictEqual(typeof struct.Struct.fromJavaScript, "function", "Struct.fromJavaScript");
    });
});
