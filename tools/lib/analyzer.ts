// The offline policy check: runs the pack through @pulumi/policy's own analyzer entry points
// (the functions `pulumi preview --policy-pack` calls over gRPC), over the resources of a plan.
//
// Nothing here evaluates a policy: requests are built as the engine builds them (protobuf
// AnalyzeRequest / AnalyzeStackRequest with google-protobuf Struct properties), configuration is
// resolved as the engine resolves a --policy-pack-config file and handed to the analyzer's own
// `configure` RPC, and the analyzer's diagnostics are reported as they come back.
import * as path from "path";
import type Ajv from "ajv";
import type { ValidateFunction } from "ajv";
import { EnforcementLevel, Policies } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, PACK_VERSION, policies as packPolicies } from "../../policies/pack";
import { nameOf, Plan, ResourceState } from "./plan-format";

/* eslint-disable @typescript-eslint/no-require-imports */
const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const server = require("@pulumi/policy/server") as {
    makeAnalyzeRpcFun: (...a: unknown[]) => RpcFun;
    makeAnalyzeStackRpcFun: (...a: unknown[]) => RpcFun;
    serve: (...a: unknown[]) => void;
};
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [policyDir] }));
/* eslint-enable @typescript-eslint/no-require-imports */

type RpcFun = (call: { request: unknown }, callback: (err: unknown, resp?: any) => void) => Promise<void>;

export interface Violation {
    policyName: string;
    enforcementLevel: EnforcementLevel;
    /** The analyzer's message: the policy description, then the detail. */
    message: string;
    /** The detail alone (the message without the description line). */
    detail: string;
    urn?: string;
    resourceType?: string;
    resourceName?: string;
}

export interface NotApplicable {
    policyName: string;
    reason: string;
    urn?: string;
}

export interface PolicyReport {
    pack: { name: string; version: string };
    resourceCount: number;
    /** Violations (advisory and mandatory). */
    violations: Violation[];
    /** Policies the analyzer could not run because a value is unknown until apply. */
    unknown: Violation[];
    notApplicable: NotApplicable[];
    mandatoryCount: number;
    advisoryCount: number;
}

export class PolicyConfigError extends Error {}

// ------------------------------------------------------------------------------------------------
// Configuration: the engine's handling of --policy-pack-config, then the analyzer's `configure` RPC.
// ------------------------------------------------------------------------------------------------

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

/**
 * Resolve a config file the way the engine does: start from each policy's own level and schema
 * defaults, apply `all`, then each policy's entry (a level string, or an object with an optional
 * `enforcementLevel` and properties), and validate the properties against the policy's configSchema.
 */
export function resolvePolicyConfig(
    policies: Policies,
    packLevel: EnforcementLevel,
    file: Record<string, unknown> = {},
): Record<string, ResolvedPolicyConfig> {
    const errors: string[] = [];
    const levelOf = (v: unknown, where: string): EnforcementLevel | undefined => {
        if (v === undefined) {
            return undefined;
        }
        if (typeof v === "string" && (LEVELS as string[]).includes(v)) {
            return v as EnforcementLevel;
        }
        errors.push(`${where}: enforcement level ${JSON.stringify(v)} is not one of ${LEVELS.join(", ")}`);
        return undefined;
    };
    const names = new Set(policies.map((p) => p.name));
    for (const k of Object.keys(file)) {
        if (k !== "all" && !names.has(k)) {
            errors.push(`"${k}" is not a policy of ${PACK_NAME} (policies: ${[...names].join(", ")})`);
        }
    }
    const all = file.all;
    const allLevel =
        typeof all === "object" && all !== null
            ? levelOf((all as Record<string, unknown>).enforcementLevel, "all")
            : levelOf(all, "all");
    const out: Record<string, ResolvedPolicyConfig> = {};
    for (const p of policies) {
        const props: Record<string, unknown> = {};
        for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
            if ((s as { default?: unknown }).default !== undefined) {
                props[k] = structuredClone((s as { default?: unknown }).default);
            }
        }
        let level: EnforcementLevel = p.enforcementLevel ?? packLevel;
        if (allLevel) {
            level = allLevel;
        }
        const entry = file[p.name];
        if (typeof entry === "string") {
            level = levelOf(entry, p.name) ?? level;
        } else if (entry && typeof entry === "object") {
            const { enforcementLevel, ...rest } = entry as Record<string, unknown>;
            level = levelOf(enforcementLevel, p.name) ?? level;
            Object.assign(props, rest);
        } else if (entry !== undefined) {
            errors.push(`${p.name}: expected an enforcement level or an object, got ${JSON.stringify(entry)}`);
        }
        if (p.configSchema && entry && typeof entry === "object") {
            // An unknown setting (a misspelt trustedAccounts …) would otherwise be ignored silently.
            const known = Object.keys(p.configSchema.properties ?? {});
            for (const k of Object.keys(entry as Record<string, unknown>)) {
                if (k !== "enforcementLevel" && !known.includes(k)) {
                    errors.push(`${p.name}: unknown setting "${k}" (settings: ${known.join(", ")})`);
                }
            }
        }
        const given = entry && typeof entry === "object" && Object.keys(entry).some((k) => k !== "enforcementLevel");
        if (p.configSchema) {
            // A policy given no settings keeps its schema's own defaults, valid by construction (held so
            // by tests/tools/analyzer-config.test.ts): ajv is not loaded for a run without settings.
            if (given || (p.configSchema.required ?? []).length > 0) {
                const validate = configValidator({
                    type: "object",
                    properties: p.configSchema.properties,
                    required: p.configSchema.required ?? [],
                });
                if (!validate(props)) {
                    for (const e of validate.errors ?? []) {
                        const got = e.instancePath ? valueAt(props, e.instancePath) : undefined;
                        const shown = got === undefined ? "" : ` (got ${JSON.stringify(got)})`;
                        errors.push(`${p.name}: ${e.instancePath || "config"} ${e.message}${shown}`);
                    }
                }
            }
        } else if (Object.keys(props).length > 0) {
            errors.push(`${p.name}: takes no configuration, got ${Object.keys(props).join(", ")}`);
        }
        out[p.name] = { enforcementLevel: level, properties: props };
    }
    if (errors.length > 0) {
        throw new PolicyConfigError(`invalid policy configuration:\n  ${errors.join("\n  ")}`);
    }
    return out;
}

/** Schema keywords that only annotate: they change no validation result. */
const ANNOTATIONS = new Set(["description", "default", "title", "examples"]);

function withoutAnnotations(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map(withoutAnnotations);
    if (schema === null || typeof schema !== "object") return schema;
    return Object.fromEntries(
        Object.entries(schema as Record<string, unknown>)
            .filter(([k]) => !ANNOTATIONS.has(k))
            .map(([k, v]) => [k, withoutAnnotations(v)]),
    );
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * The compiled validator of a config schema, compiled once per process for every schema that
 * validates alike (the pack's 29 schemas are 16 copies of `exemptResources` alone and a few
 * variations, differing only in descriptions and defaults). Ajv is loaded on the first settings to
 * validate. The schema itself is not checked against the draft-07 meta-schema (the engine does not
 * check it either): tests/tools/analyzer-config.test.ts checks the pack's schemas.
 */
function configValidator(schema: object): ValidateFunction {
    const bare = withoutAnnotations(schema) as object;
    const key = JSON.stringify(bare);
    let v = validators.get(key);
    if (!v) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const AjvClass = (require("ajv") as typeof import("ajv")).default;
        ajv ??= new AjvClass({ allErrors: true, strict: false, validateSchema: false, meta: false });
        v = ajv.compile(bare);
        validators.set(key, v);
    }
    return v;
}

/** The value at a JSON pointer (`/trustedAccounts/0`) of a config object, for error messages. */
function valueAt(obj: unknown, pointer: string): unknown {
    let cur: unknown = obj;
    for (const part of pointer.split("/").slice(1)) {
        if (cur === null || typeof cur !== "object") {
            return undefined;
        }
        cur = (cur as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    return cur;
}

let configureRpc: RpcFun | undefined;

/**
 * The analyzer's `configure` RPC. @pulumi/policy registers it on its gRPC server and does not export
 * it, so it is captured by serving with a server whose addService records the implementation and
 * whose bindAsync binds nothing (one serve per process, as in the real plugin).
 */
function getConfigureRpc(): RpcFun {
    if (!configureRpc) {
        const proto = grpc.Server.prototype;
        const { addService, bindAsync } = proto;
        let impl: Record<string, RpcFun> | undefined;
        proto.addService = function (_service: unknown, implementation: Record<string, RpcFun>) {
            impl = implementation;
        };
        proto.bindAsync = function () {
            /* no port: nothing listens */
        };
        try {
            server.serve(PACK_NAME, PACK_VERSION, PACK_ENFORCEMENT_LEVEL, { policies: [] }, undefined);
        } finally {
            proto.addService = addService;
            proto.bindAsync = bindAsync;
        }
        if (!impl?.configure) {
            throw new Error("@pulumi/policy did not register a configure RPC");
        }
        configureRpc = impl.configure;
    }
    return configureRpc;
}

function call<T>(fn: RpcFun, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
        fn({ request }, (err, resp) => (err ? reject(err) : resolve(resp as T))).catch(reject);
    });
}

async function configure(resolved: Record<string, ResolvedPolicyConfig>): Promise<void> {
    const req = new analyzerproto.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    const enumOf: Record<EnforcementLevel, number> = {
        advisory: analyzerproto.EnforcementLevel.ADVISORY,
        mandatory: analyzerproto.EnforcementLevel.MANDATORY,
        disabled: analyzerproto.EnforcementLevel.DISABLED,
        remediate: analyzerproto.EnforcementLevel.REMEDIATE,
    };
    for (const [name, c] of Object.entries(resolved)) {
        const pc = new analyzerproto.PolicyConfig();
        pc.setEnforcementlevel(enumOf[c.enforcementLevel]);
        pc.setProperties(structproto.Struct.fromJavaScript(c.properties));
        map.set(name, pc);
    }
    await call(getConfigureRpc(), req);
}

// ------------------------------------------------------------------------------------------------
// Requests
// ------------------------------------------------------------------------------------------------

/** Drop `undefined` (Struct cannot hold it) and keep everything else as the engine sends it. */
function jsonClean(v: unknown): unknown {
    return v === undefined ? null : JSON.parse(JSON.stringify(v ?? null));
}

function options(state: ResourceState): unknown {
    const o = new analyzerproto.AnalyzerResourceOptions();
    o.setProtect(state.protect === true);
    if (state.parent) {
        o.setParent(state.parent);
    }
    if (state.deleteBeforeReplace !== undefined) {
        o.setDeletebeforereplace(state.deleteBeforeReplace);
        o.setDeletebeforereplacedefined(true);
    }
    return o;
}

/**
 * A resource's properties as the engine sends them: a protobuf Struct. The policy server converts
 * the Struct back to JavaScript once per policy (@pulumi/policy server.js: `deserializeProperties(
 * req.getProperties(), …)` inside the loop over policies), ~2,000 conversions for the dev plan's 96
 * resources and 29 policies; the conversion's result is only read (deserializeProperties builds new
 * objects from it), so it is computed once per Struct here. Each policy still gets its own copy.
 */
const toStruct = (props: Record<string, unknown>) => {
    const struct = structproto.Struct.fromJavaScript(jsonClean(props) as Record<string, unknown>);
    const convert = struct.toJavaScript.bind(struct);
    let js: unknown;
    struct.toJavaScript = () => (js ??= convert());
    return struct;
};

/** The states the engine analyzes: every resource the plan registers (not deletes, providers, the stack). */
export function analyzedStates(plan: Plan): ResourceState[] {
    return plan.steps
        .filter((s) => s.op !== "delete" && s.op !== "delete-replaced" && s.newState)
        .map((s) => s.newState!)
        .filter((s) => !s.type.startsWith("pulumi:providers:") && s.type !== "pulumi:pulumi:Stack");
}

/**
 * What AnalyzeStack sees: the declared inputs, and the outputs for what only the cloud computes (ARNs,
 * ids). Where a plan holds both, the inputs win: an update's outputs can be the state before the
 * change (a stale copy), and a rule must judge what the program now declares, as the resource rules do.
 */
function stackProps(s: ResourceState): Record<string, unknown> {
    const merged: Record<string, unknown> = { ...(s.outputs ?? {}) };
    for (const [k, v] of Object.entries(s.inputs ?? {})) {
        if (v !== undefined && v !== null) {
            merged[k] = v;
        }
    }
    return merged;
}

// ------------------------------------------------------------------------------------------------
// Running
// ------------------------------------------------------------------------------------------------

export interface CheckOptions {
    /** A --policy-pack-config file's content. */
    policyConfig?: Record<string, unknown>;
    /** Policies to run instead of the pack's (tests). */
    policies?: Policies;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Run every policy of the pack over a plan, through the analyzer's Analyze (per custom resource)
 * and AnalyzeStack (once) entry points. Runs are serialised: the analyzer's configuration is global.
 */
export function checkPlan(plan: Plan, options: CheckOptions = {}): Promise<PolicyReport> {
    const run = queue.then(() => runCheck(plan, options));
    queue = run.catch(() => undefined);
    return run;
}

async function runCheck(plan: Plan, opts: CheckOptions): Promise<PolicyReport> {
    const policies = opts.policies ?? packPolicies;
    await configure(resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, opts.policyConfig ?? {}));
    const analyze = server.makeAnalyzeRpcFun(PACK_NAME, PACK_VERSION, PACK_ENFORCEMENT_LEVEL, policies);
    const analyzeStack = server.makeAnalyzeStackRpcFun(PACK_NAME, PACK_VERSION, PACK_ENFORCEMENT_LEVEL, policies);
    const states = analyzedStates(plan);
    const byUrn = new Map(states.map((s) => [s.urn, s]));
    const report: PolicyReport = {
        pack: { name: PACK_NAME, version: PACK_VERSION },
        resourceCount: states.filter((s) => s.custom).length,
        violations: [],
        unknown: [],
        notApplicable: [],
        mandatoryCount: 0,
        advisoryCount: 0,
    };
    // `pulumi preview --json` lists only the resources that change (unless --show-sames): the stack
    // rules, which the engine runs over the whole stack, would see part of it and could not tell a
    // missing resource from an unchanged one. Their findings on such a plan are reported as not judged.
    const omitted = omittedUnchanged(plan);
    const collect = (resp: any, fallbackUrn: string | undefined, stackLevel = false) => {
        for (const d of resp.getDiagnosticsList()) {
            const urn = d.getUrn() || fallbackUrn || undefined;
            const state = urn ? byUrn.get(urn) : undefined;
            const level = levelName(d.getEnforcementlevel());
            const message: string = d.getMessage();
            const description: string = d.getDescription();
            const v: Violation = {
                policyName: d.getPolicyname(),
                enforcementLevel: level,
                message,
                detail: message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message,
                urn,
                resourceType: state?.type,
                resourceName: urn ? nameOf(urn) : undefined,
            };
            if (/^can't run policy '.*' during preview: /.test(message)) {
                report.unknown.push(v);
            } else if (stackLevel && omitted > 0) {
                const why = `not judged: this preview lists only the resources that change (${omitted} unchanged resources left out; \`pulumi preview --json --show-sames\` lists them), and this stack rule needs the whole stack. It found: `;
                report.unknown.push({ ...v, enforcementLevel: "advisory", detail: why + v.detail });
            } else {
                report.violations.push(v);
            }
        }
        for (const na of resp.getNotApplicableList()) {
            report.notApplicable.push({ policyName: na.getPolicyName(), reason: na.getReason(), urn: fallbackUrn });
        }
    };
    for (const s of states.filter((x) => x.custom)) {
        const req = new analyzerproto.AnalyzeRequest();
        req.setType(s.type);
        req.setUrn(s.urn);
        req.setName(nameOf(s.urn));
        req.setProperties(toStruct(s.inputs ?? {}));
        req.setOptions(options(s));
        collect(await call(analyze, req), s.urn);
    }
    const sreq = new analyzerproto.AnalyzeStackRequest();
    sreq.setResourcesList(
        states.map((s) => {
            const r = new analyzerproto.AnalyzerResource();
            r.setType(s.type);
            r.setUrn(s.urn);
            r.setName(nameOf(s.urn));
            r.setProperties(toStruct(stackProps(s)));
            r.setOptions(options(s));
            if (s.parent) {
                r.setParent(s.parent);
            }
            r.setDependenciesList(s.dependencies ?? []);
            const pd = r.getPropertydependenciesMap();
            for (const [k, urns] of Object.entries(s.propertyDependencies ?? {})) {
                const deps = new analyzerproto.AnalyzerPropertyDependencies();
                deps.setUrnsList(urns);
                pd.set(k, deps);
            }
            return r;
        }),
    );
    collect(await call(analyzeStack, sreq), undefined, true);
    report.mandatoryCount = report.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    report.advisoryCount = report.violations.filter((v) => v.enforcementLevel === "advisory").length;
    return report;
}

/**
 * How many unchanged resources a real `pulumi preview --json` left out: its change summary counts
 * them under `same`, its steps list only the changes (and the root stack) unless `--show-sames`.
 */
export function omittedUnchanged(plan: Plan): number {
    if (plan.source?.kind === "offline" || plan.source?.kind === "export") {
        return 0;
    }
    const listed = plan.steps.filter((s) => s.op === "same").length;
    return Math.max(0, (plan.changeSummary?.same ?? 0) - listed);
}

function levelName(n: number): EnforcementLevel {
    switch (n) {
        case analyzerproto.EnforcementLevel.MANDATORY:
            return "mandatory";
        case analyzerproto.EnforcementLevel.DISABLED:
            return "disabled";
        case analyzerproto.EnforcementLevel.REMEDIATE:
            return "remediate";
        default:
            return "advisory";
    }
}

/** Human-readable report: violations grouped by resource. */
export function formatReport(report: PolicyReport): string {
    const lines: string[] = [];
    const groups = new Map<string, Violation[]>();
    for (const v of [...report.violations, ...report.unknown]) {
        const key = v.urn ?? "(stack)";
        groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    for (const [urn, vs] of groups) {
        const first = vs[0];
        lines.push(first.urn ? `${first.resourceType ?? "resource"} ${first.resourceName} (${urn})` : "stack");
        for (const v of vs) {
            const kind = report.unknown.includes(v) ? "unknown" : v.enforcementLevel;
            lines.push(`    [${kind}] ${v.policyName}: ${v.detail.split("\n").join("\n        ")}`);
        }
    }
    lines.push(
        `Policy pack ${report.pack.name}@v${report.pack.version}: ${report.resourceCount} resources, ` +
            `${report.mandatoryCount} mandatory and ${report.advisoryCount} advisory violations` +
            (report.unknown.length > 0 ? `, ${report.unknown.length} checks not run (values unknown until apply)` : ""),
    );
    return lines.join("\n");
}

/** Read a --policy-pack-config file (JSON object). Throws PolicyConfigError when it cannot. */
export function readPolicyConfig(file: string): Record<string, unknown> {
    let v: unknown;
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        v = JSON.parse(require("fs").readFileSync(file, "utf8"));
    } catch (e) {
        throw new PolicyConfigError(`cannot read policy config ${file}: ${(e as Error).message}`);
    }
    if (!v || typeof v !== "object" || Array.isArray(v)) {
        throw new PolicyConfigError(`policy config ${file} must be a JSON object`);
    }
    return v as Record<string, unknown>;
}

/** Number of mandatory violations (what decides exit code 1). */
export function countMandatory(report: PolicyReport): number {
    return report.mandatoryCount;
}
