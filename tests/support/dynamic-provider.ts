// Drives a dynamic provider the way the Pulumi engine does, offline.
//
// What the engine does (read in @pulumi/pulumi: dynamic/index.ts and cmd/dynamic-provider/index.ts):
// - the program serializes the provider object with `runtime.serializeFunction(() => provider)` into
//   the resource's `__provider` input;
// - the provider host loads that text as a module (require-from-string) and calls its `handler()`;
// - every request and response crosses gRPC as a protobuf Struct: inputs, olds and outputs are plain
//   JSON there (`undefined` or a function in a result fails the call, a Date loses its value), every
//   bag carries `__provider`, and a value not known yet (preview) is the string `unknownValue`;
// - `check`, `diff`, `create`, `read`, `update`, `delete` are called with those bags; a `create` that
//   throws an error carrying `id` (and `properties`, `reasons`) is an initialization failure: the
//   engine records the resource with that id and those properties (ErrorResourceInitFailed).
// So a provider that captures what cannot be serialized, rejects an unknown, or returns what the
// wire cannot carry fails here as it would under `pulumi preview`/`pulumi up`.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
// eslint-disable-next-line @typescript-eslint/no-require-imports
import Module = require("module");

export const PROVIDER_KEY = "__provider";
export const UNKNOWN: string = pulumi.runtime.unknownValue;

// The protobuf Struct the host uses, resolved from @pulumi/pulumi's own dependencies.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structPb = require(
    require.resolve("google-protobuf/google/protobuf/struct_pb", {
        paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))],
    }),
);

/** A bag of values through the wire, as the host sends and receives it. */
export function wire<T = Record<string, any>>(bag: unknown): T {
    return structPb.Struct.fromJavaScript(bag).toJavaScript() as T;
}

/** A provider serialized as the engine serializes it: the text and the object the host loads from it. */
export interface SerializedProvider {
    text: string;
    provider: pulumi.dynamic.ResourceProvider;
}

const cache = new WeakMap<object, Promise<SerializedProvider>>();

/**
 * Serializes `provider` with the engine's serializer and loads it back as the provider host does
 * (once per provider object, as the host caches it by its text).
 */
export function serializeProvider(provider: pulumi.dynamic.ResourceProvider): Promise<SerializedProvider> {
    let p = cache.get(provider);
    if (!p) cache.set(provider, (p = load(provider)));
    return p;
}

async function load(provider: pulumi.dynamic.ResourceProvider): Promise<SerializedProvider> {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    const filename = path.join(process.cwd(), "__dynamic_provider__.js");
    const m = new Module(filename, undefined) as any;
    m.filename = filename;
    m.paths = (Module as any)._nodeModulePaths(process.cwd());
    m._compile(sf.text, filename);
    return { text: sf.text, provider: m.exports.handler() };
}

/** The engine's answer to a diff, as the host encodes it. */
export type DiffAnswer = {
    changes: "DIFF_SOME" | "DIFF_NONE" | "DIFF_UNKNOWN";
    replaces: string[];
    deleteBeforeReplace: boolean;
};

/** A create or update that failed, as the engine receives it. */
export interface FailedOperation {
    message: string;
    /** Set when the provider reported an initialization failure: the engine records this resource. */
    partial?: { id: string; properties: Record<string, any>; reasons: string[] };
}

/**
 * The engine's side of a dynamic provider: every call goes through the serialized provider, with
 * `__provider` in every bag and every bag through the wire.
 */
export class EngineDriver {
    private constructor(private readonly s: SerializedProvider) {}

    static async load(provider: pulumi.dynamic.ResourceProvider): Promise<EngineDriver> {
        return new EngineDriver(await serializeProvider(provider));
    }

    get text(): string {
        return this.s.text;
    }

    private bag(b: Record<string, any>): Record<string, any> {
        return wire({ ...b, [PROVIDER_KEY]: this.s.text });
    }

    async check(
        olds: Record<string, any>,
        news: Record<string, any>,
    ): Promise<{ inputs: Record<string, any>; failures: pulumi.dynamic.CheckFailure[] }> {
        const p = this.s.provider;
        const n = this.bag(news);
        if (!p.check) return { inputs: n, failures: [] };
        const result = await p.check(this.bag(olds), n);
        const inputs = { ...(result.inputs ?? n), [PROVIDER_KEY]: n[PROVIDER_KEY] };
        return { inputs: wire(inputs), failures: result.failures ?? [] };
    }

    async diff(id: string, olds: Record<string, any>, news: Record<string, any>): Promise<DiffAnswer> {
        const p = this.s.provider;
        if (!p.diff) return { changes: "DIFF_UNKNOWN", replaces: [], deleteBeforeReplace: false };
        const r = await p.diff(id, this.bag(olds), this.bag(news));
        return {
            changes: r.changes === true ? "DIFF_SOME" : r.changes === false ? "DIFF_NONE" : "DIFF_UNKNOWN",
            replaces: r.replaces ?? [],
            deleteBeforeReplace: !!r.deleteBeforeReplace,
        };
    }

    private static failure(e: any): FailedOperation {
        return {
            message: String(e?.message ?? e),
            ...(e?.id
                ? { partial: { id: String(e.id), properties: wire(e.properties ?? {}), reasons: e.reasons ?? [] } }
                : {}),
        };
    }

    /** Create: the id and outputs the engine records, or the failure it receives. */
    async create(
        inputs: Record<string, any>,
    ): Promise<{ id: string; outs: Record<string, any> } | { failed: FailedOperation }> {
        try {
            const r = await this.s.provider.create(this.bag(inputs));
            return { id: r.id, outs: wire({ ...(r.outs ?? {}), [PROVIDER_KEY]: this.s.text }) };
        } catch (e) {
            return { failed: EngineDriver.failure(e) };
        }
    }

    /** Read: the id and outputs (an empty id: the resource is gone). */
    async read(id: string, props: Record<string, any>): Promise<{ id: string; props: Record<string, any> }> {
        const p = this.s.provider;
        if (!p.read) return { id, props: this.bag(props) };
        const r = await p.read(id, this.bag(props));
        return { id: r.id ?? "", props: wire({ ...(r.props ?? {}), [PROVIDER_KEY]: this.s.text }) };
    }

    async update(
        id: string,
        olds: Record<string, any>,
        news: Record<string, any>,
    ): Promise<{ outs: Record<string, any> } | { failed: FailedOperation }> {
        const p = this.s.provider;
        try {
            const r = p.update ? ((await p.update(id, this.bag(olds), this.bag(news))) ?? {}) : {};
            return { outs: wire({ ...(r.outs ?? {}), [PROVIDER_KEY]: this.s.text }) };
        } catch (e) {
            return { failed: EngineDriver.failure(e) };
        }
    }

    async delete(id: string, props: Record<string, any>): Promise<void> {
        const p = this.s.provider;
        if (p.delete) await p.delete(id, this.bag(props));
    }
}

/** Unwraps a successful create or update; fails the test with the provider's message otherwise. */
export function succeeded<T extends object>(r: T | { failed: FailedOperation }): T {
    if ("failed" in r) throw new Error(`expected success, the engine received: ${r.failed.message}`);
    return r;
}

/** Unwraps a failed create or update; fails the test if it succeeded. */
export function failed(r: object): FailedOperation {
    if (!("failed" in r)) throw new Error(`expected a failure, the engine received success: ${JSON.stringify(r)}`);
    return (r as { failed: FailedOperation }).failed;
}

/** Removes `__provider` from a bag, to compare what the provider itself returned. */
export function withoutProvider(bag: Record<string, any>): Record<string, any> {
    const { [PROVIDER_KEY]: _drop, ...rest } = bag;
    return rest;
}
