// The offline plan (tools/lib/offline.ts) and the offline policy check (tools/lib/analyzer.ts) use
// modules of @pulumi/pulumi and @pulumi/policy that are not their public API: the runtime's mock
// monitor, settings, stack and state modules, the analyzer protobufs, the policy server's RPC
// factories, and the runtime's signature keys for secrets and resource references. Both packages are
// pinned to an exact version in package.json; this spec fails, naming what moved, when an upgrade
// changes any of it, before the tools fail in a less readable way.
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

    it("the runtime's mock monitor, settings, stack and state modules have what offline.ts calls", () => {
        const monitor = (load("@pulumi/pulumi/runtime/mocks").MockMonitor as { prototype: object }).prototype;
        for (const method of ["newUrn", "registerResource", "registerResourceOutputs", "invoke", "readResource"])
            assert.strictEqual(
                typeof (monitor as Record<string, unknown>)[method],
                "function",
                `MockMonitor.${method}`,
            );
        const settings = load("@pulumi/pulumi/runtime/settings");
        assert.strictEqual(typeof settings.setMockOptions, "function", "settings.setMockOptions");
        assert.strictEqual((settings.setMockOptions as (...a: unknown[]) => unknown).length, 5, "setMockOptions arity");
        assert.strictEqual(typeof settings.waitForRPCs, "function", "settings.waitForRPCs");
        assert.strictEqual(typeof load("@pulumi/pulumi/runtime/stack").runInPulumiStack, "function");
        assert.strictEqual(typeof load("@pulumi/pulumi/runtime/state").getStore, "function");
    });

    it("the signature keys offline.ts and diff.ts compare against are the runtime's", () => {
        const rpc = load("@pulumi/pulumi/runtime/rpc");
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
