// The offline plan: runs the real program (index.ts) for one stack under the Pulumi runtime's own
// mock monitor, with no credentials, no CLI and no provider plugins, and records every resource
// registration (type, name, inputs, parent, dependencies, protect) in the shape of
// `pulumi preview --json`.
//
// The cloud's computed values (IDs, ARNs, URLs, the instance's service-linked role) come from
// `mock-cloud.ts`, shaped from the account and region so that policy documents that reference
// them can be judged. In preview mode (`preview: true`) they are unknown instead, as in `pulumi
// preview` of a first deployment: the plan carries the engine's unknown placeholder wherever a
// value depends on one. Secret config values never reach the plan: they are replaced by a
// placeholder before the program runs, and every value the runtime marks secret is masked.
import * as fs from "fs";
import * as path from "path";
// js-yaml, not the yaml package: @pulumi/pulumi loads js-yaml already (automation/localWorkspace), and
// the yaml package cost ~40 ms to load and first-parse per run (docs/benchmark.md). The core schema
// (no timestamps, no !!binary) reads the stack files as the yaml package's default did; duplicate keys
// are errors in both.
import * as jsyaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { Plan, PlanInputError, PlanStep, ResourceState, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./plan-format";
import { CloudRefusalError, MockCloud } from "./mock-cloud";
import { refusals, stringsIn } from "./mock-cloud-rules";
import { withProviderCache } from "./provider-cache";
import { ciRoleArns } from "../../components/common/ci-key-access";
import { DEFAULT_ROLE_NAME_PREFIX } from "../../components/common/boundary";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const DEFAULT_ACCOUNT = "123456789012";
/** Config keys whose names say they hold a secret; their values are masked even when given in clear. */
export const SECRET_NAME = /(token|secret|password|passphrase|credential|api[-_]?key|private[-_]?key)/i;

export { PlanInputError };

export interface OfflinePlanOptions {
    /**
     * Stack name; its config is read from Pulumi.<stack>.yaml unless `configFile` is given.
     * @default the name of `configFile` (`Pulumi.NAME.yaml` → `NAME`), else `dev`
     */
    stack?: string;
    /** A file in the Pulumi.<stack>.yaml format. */
    configFile?: string;
    /** Config given directly (the `config:` map of a stack file); wins over `configFile`. */
    config?: Record<string, unknown>;
    /** The AWS account the mock cloud pretends to be (default 123456789012). */
    account?: string;
    /**
     * Plan as `pulumi preview` of a first deployment: values the cloud computes are unknown (the
     * engine's placeholder), not invented. Default false: values filled in by the mock cloud.
     */
    preview?: boolean;
    /** The program's directory (default: the repository root). */
    projectDir?: string;
    /**
     * Run this function instead of the project's index.ts (tests of single components). It runs
     * inside the root stack resource, with the stack's config set; its return value becomes the
     * stack outputs.
     */
    program?: () => unknown;
    /**
     * Keep serialized dynamic providers in this directory across runs and reuse them while the code
     * is unchanged (tools/lib/provider-cache.ts). The command line passes one; tests do not.
     */
    providerCache?: string;
}

interface ProjectFile {
    name: string;
    config?: Record<
        string,
        { type?: string; default?: unknown; value?: unknown; description?: string; secret?: boolean }
    >;
}

function parseYaml(text: string): unknown {
    return jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
}

export function readProject(projectDir: string = REPO_ROOT): ProjectFile {
    const file = path.join(projectDir, "Pulumi.yaml");
    const project = parseYaml(fs.readFileSync(file, "utf8")) as ProjectFile;
    if (!project?.name) throw new PlanInputError(`${file} has no project name`);
    return project;
}

/** Reads a stack file (Pulumi.<stack>.yaml format) and returns its `config:` map. */
export function readStackFile(file: string): Record<string, unknown> {
    if (!fs.existsSync(file)) throw new PlanInputError(`Cannot read stack configuration: ${file} does not exist`);
    let doc: unknown;
    try {
        doc = parseYaml(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new PlanInputError(
            `Cannot read stack configuration: ${file} is not valid YAML (${(e as Error).message.split("\n")[0]})`,
        );
    }
    if (doc === null || doc === undefined) return {};
    if (typeof doc !== "object" || Array.isArray(doc))
        throw new PlanInputError(
            `Cannot read stack configuration: ${file} must be a YAML mapping with a "config:" key`,
        );
    const config = (doc as { config?: unknown }).config ?? {};
    if (typeof config !== "object" || Array.isArray(config))
        throw new PlanInputError(
            `Cannot read stack configuration: "config" in ${file} must be a mapping of keys to values`,
        );
    return config as Record<string, unknown>;
}

/**
 * Turns a stack's `config:` map into what the language host passes the program: fully qualified
 * keys, string values (structured values as JSON), project defaults from Pulumi.yaml applied, and
 * the list of secret keys. `secure:` values cannot be decrypted offline; they become a placeholder.
 */
export function resolveConfig(
    project: ProjectFile,
    stackConfig: Record<string, unknown>,
): { config: Record<string, string>; secretKeys: string[]; display: Record<string, unknown> } {
    const config: Record<string, string> = {};
    const display: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    const qualify = (k: string) => (k.includes(":") ? k : `${project.name}:${k}`);
    for (const [key, decl] of Object.entries(project.config ?? {})) {
        const value = decl?.default ?? decl?.value;
        if (value === undefined) continue;
        config[qualify(key)] = typeof value === "string" ? value : JSON.stringify(value);
        display[qualify(key)] = value;
    }
    const isSecure = (v: unknown) =>
        v !== null &&
        typeof v === "object" &&
        !Array.isArray(v) &&
        Object.keys(v as object).length === 1 &&
        "secure" in (v as object);
    const mask = (v: unknown): unknown => {
        if (isSecure(v)) return SECRET_PLACEHOLDER;
        if (Array.isArray(v)) return v.map(mask);
        if (v !== null && typeof v === "object")
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x)]));
        return v;
    };
    const containsSecure = (v: unknown): boolean =>
        isSecure(v) || (v !== null && typeof v === "object" && Object.values(v as object).some(containsSecure));
    const declaredSecret = new Set(
        Object.entries(project.config ?? {})
            .filter(([, d]) => d?.secret)
            .map(([k]) => qualify(k)),
    );
    for (const [key, value] of Object.entries(stackConfig)) {
        const q = qualify(key);
        // A value typed in clear text under a secret's name is still a secret: mask it everywhere.
        const namedSecret = declaredSecret.has(q) || SECRET_NAME.test(key.split(":").pop() ?? key);
        const masked = namedSecret ? SECRET_PLACEHOLDER : mask(value);
        if (namedSecret || containsSecure(value)) secretKeys.push(q);
        // The program gets the clear value of a named secret (it reads it with getSecret); only
        // `secure:` ciphertext, which cannot be decrypted offline, becomes the placeholder.
        const given = namedSecret && !containsSecure(value) ? value : mask(value);
        config[q] = typeof given === "string" ? given : JSON.stringify(given);
        display[q] = secretKeys.includes(q) && typeof masked === "string" ? SECRET_PLACEHOLDER : masked;
    }
    return { config, secretKeys, display };
}

interface Registration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string;
    inputs: Record<string, unknown>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    deleteBeforeReplace: boolean;
    ignoreChanges: string[];
    /** `deletedWith`: the URN whose deletion makes the engine skip this resource's Delete. */
    deletedWith?: string;
    /** `retainOnDelete`: the engine never calls the provider's Delete. */
    retainOnDelete?: boolean;
    /** `replaceOnChanges`: inputs whose change replaces the resource. */
    replaceOnChanges?: string[];
    outputs?: Record<string, unknown>;
    id?: string;
    /** Order of the request and of its completion in the run (one counter), for the mock cloud's rules. */
    requestedAt: number;
    completedAt?: number;
}

/** Replaces runtime-encoded values: secrets by the placeholder, resource references by their URN. */
export function cleanValue(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(cleanValue);
    if (v !== null && typeof v === "object") {
        const o = v as Record<string, unknown>;
        const sig = o[pulumi.runtime.specialSigKey];
        if (sig === pulumi.runtime.specialSecretSig) return SECRET_PLACEHOLDER;
        if (sig === pulumi.runtime.specialResourceSig) return o.urn;
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, cleanValue(x)]));
    }
    return v;
}

/**
 * Records every registration the program sends the mock monitor that `pulumi.runtime.setMocks`
 * installed (`pulumi.runtime.getMonitor()`), as the engine receives it: the monitor's
 * RegisterResource and RegisterResourceOutputs requests (the engine's resource monitor protocol,
 * proto/pulumi/resource.proto), wrapped on that one monitor object. This is the one Pulumi internal
 * the offline plan keeps (docs/pulumi-internals.md): the public Mocks interface is told a resource's
 * type, name and inputs, not its parent, dependencies, property dependencies or options.
 */
function recordRegistrations(records: Registration[]): void {
    const monitor = pulumi.runtime.getMonitor() as any;
    if (typeof monitor?.registerResource !== "function" || typeof monitor?.registerResourceOutputs !== "function")
        throw new Error("pulumi.runtime.setMocks installed no monitor with registerResource/registerResourceOutputs");
    const registerResource = monitor.registerResource.bind(monitor);
    const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
    let clock = 0;
    monitor.registerResource = (req: any, callback: (err: unknown, resp?: any) => void) => {
        const record: Registration = {
            urn: "",
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent(),
            inputs: cleanValue(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
            dependencies: req.getDependenciesList(),
            propertyDependencies: {},
            protect: req.getProtect(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            ignoreChanges: req.getIgnorechangesList(),
            deletedWith: req.getDeletedwith() || undefined,
            retainOnDelete: req.getRetainondelete() || undefined,
            replaceOnChanges: req.getReplaceonchangesList(),
            requestedAt: clock++,
        };
        req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
            record.propertyDependencies[key] = deps.getUrnsList();
        });
        records.push(record);
        return registerResource(req, (err: unknown, resp?: any) => {
            record.completedAt = clock++;
            if (!err && resp) {
                record.urn = resp.getUrn();
                record.id = resp.getId() || undefined;
                record.outputs = cleanValue(resp.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
            }
            callback(err, resp);
        });
    };
    monitor.registerResourceOutputs = (req: any, callback: (err: unknown, resp?: any) => void) => {
        const record = records.find((r) => r.urn === req.getUrn());
        if (record) record.outputs = cleanValue(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        return registerResourceOutputs(req, callback);
    };
}

/** The result of an offline run: the plan, and the raw registrations for tests. */
export interface OfflineRun {
    plan: Plan;
    outputs: Record<string, unknown>;
}

// The runtime is process-global: runs are serialised.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the program offline for one stack and returns its plan. Throws PlanInputError for unreadable
 * input and the program's own `pulumi.RunError` (e.g. ConfigError) for invalid configuration.
 */
export function runOfflinePlan(options: OfflinePlanOptions = {}): Promise<OfflineRun> {
    const run = queue.then(() => runOnce(options));
    queue = run.catch(() => undefined);
    return run;
}

/**
 * The stack a configuration file is for, from its name: `Pulumi.prod.yaml` → `prod`, any other
 * `NAME.yaml` or `NAME.yml` → `NAME` (used when `--config-file` is given without `--stack`).
 */
export function stackNameOfFile(file: string): string {
    const base = path.basename(file);
    return /^Pulumi\.(.+)\.ya?ml$/.exec(base)?.[1] ?? base.replace(/\.ya?ml$/, "");
}

/**
 * The bootstrap's CI roles of a stack of the main program deployed by them (`bootstrapRoles: true`):
 * they exist before the stack's first `pulumi up` (the bootstrap creates them: docs/bootstrap.md),
 * and its key policies name them (components/common/ci-key-access.ts), as existing principals.
 */
function bootstrapCiRoles(
    project: string,
    config: Record<string, string>,
    account: string,
    stack: string,
): Set<string> {
    if (project !== "connect-customer-profiles" || String(config[`${project}:bootstrapRoles`]) !== "true")
        return new Set();
    const prefix = config[`${project}:bootstrapRoleNamePrefix`] ?? DEFAULT_ROLE_NAME_PREFIX;
    return new Set(Object.values(ciRoleArns({ partition: "aws", accountId: account }, stack, prefix)));
}

async function runOnce(options: OfflinePlanOptions): Promise<OfflineRun> {
    const projectDir = options.projectDir ?? REPO_ROOT;
    const project = readProject(projectDir);
    const stack = options.stack ?? (options.configFile ? stackNameOfFile(options.configFile) : "dev");
    if (!/^[A-Za-z0-9_.-]+$/.test(stack))
        throw new PlanInputError(
            `--stack: ${JSON.stringify(stack)} is not a stack name; expected letters, digits, "-", "_" or "."`,
        );
    const account = options.account ?? DEFAULT_ACCOUNT;
    if (!/^\d{12}$/.test(account))
        throw new PlanInputError(`--account: ${JSON.stringify(account)} is not an AWS account ID; expected 12 digits`);
    const stackConfig =
        options.config ?? readStackFile(options.configFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`));
    const { config, secretKeys, display } = resolveConfig(project, stackConfig);
    // Without aws:region the stack cannot be planned, but the program still runs (with a stand-in
    // region for the mock cloud only, never in the config it reads) so that it reports every missing
    // key itself, aws:region among them: an empty stack file is answered with the whole list.
    const noRegion = config["aws:region"]
        ? undefined
        : new PlanInputError(`The stack configuration sets no "aws:region"; expected e.g. aws:region: eu-west-2`);
    const region = config["aws:region"] ?? "us-east-1";
    if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(region))
        throw new PlanInputError(`aws:region: ${JSON.stringify(region)} is not an AWS region; expected e.g. eu-west-2`);

    const preview = options.preview === true;
    const cloud = new MockCloud({ accountId: account, region, partition: "aws" }, { preview });
    const records: Registration[] = [];
    await pulumi.runtime.setMocks(cloud, project.name, stack, true);
    recordRegistrations(records);
    pulumi.runtime.setAllConfig(config, secretKeys);

    const main = options.program ?? loadProgram(projectDir);
    let outputs: Record<string, unknown> = {};
    let failure: unknown;
    // The runtime captures a stack trace for every resource and promise it tracks; under ts-node
    // formatting them is most of an offline run's time (measured: 1,000 resources 9.3 s → 2–3 s).
    // The resource constructor lifts the limit for its own trace (`Resource.callsites`), so the
    // source-map step ts-node and tools/register.js install is also set aside while the program runs:
    // V8 formats those traces itself (they only give the engine a source position, which the offline
    // plan does not record). Set OFFLINE_PLAN_STACK_TRACES=1 to keep both when debugging the program.
    const stackTraceLimit = Error.stackTraceLimit;
    const prepareStackTrace = Error.prepareStackTrace;
    if (!process.env.OFFLINE_PLAN_STACK_TRACES) {
        Error.stackTraceLimit = 0;
        (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    }
    // A resource the runtime cannot register (e.g. a dynamic provider that cannot be serialized)
    // surfaces only as an unhandled rejection, which fails the program under the engine's language
    // host (@pulumi/pulumi cmd/run: "unhandled exception"); here it fails the run with that error.
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
        await withProviderCache(options.providerCache, async () => {
            try {
                outputs = (await pulumi.runtime.runInPulumiStack(async () => main())) ?? {};
            } catch (e) {
                failure = e;
            }
            // Waits for every registration to complete, then lets go of the mock monitor.
            await pulumi.runtime.disconnect();
            // Rejections are reported once the microtask queue drains.
            await new Promise((resolve) => setImmediate(resolve));
        });
    } finally {
        process.off("unhandledRejection", onUnhandled);
        Error.stackTraceLimit = stackTraceLimit;
        Error.prepareStackTrace = prepareStackTrace;
    }
    if (noRegion) throw (failure as Error)?.name === "ConfigError" ? failure : noRegion;
    if (failure) throw failure;
    if (unhandled.length > 0) throw unhandled[0];
    // What AWS would refuse: the run fails as `pulumi up` would, naming each resource and reason.
    const refused = refusals(records, {
        declared: stringsIn(config, bootstrapCiRoles(project.name, config, account, stack)),
        invoked: cloud.invoked,
    });
    if (refused.length > 0) throw new CloudRefusalError(refused);

    const plan = toPlan(records, {
        stack,
        project: project.name,
        account,
        region,
        preview,
        display,
        outputs: cleanValue(await resolveOutputs(outputs)) as Record<string, unknown>,
    });
    return { plan, outputs: plan.outputs ?? {} };
}

function loadProgram(projectDir: string): () => unknown {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(path.join(projectDir, "index.ts"));
    return typeof program === "function" ? program : program.default;
}

async function resolveOutputs(v: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(v)) {
        const secret = await (v as any).isSecret;
        const known = await (v as any).isKnown;
        // promise(true) keeps the unknowns inside a partly known value (they become the placeholder).
        const value = await (v as any).promise(true);
        if (secret) return SECRET_PLACEHOLDER;
        return known || value !== undefined ? resolveOutputs(value) : UNKNOWN_PLACEHOLDER;
    }
    if (pulumi.isUnknown(v)) return UNKNOWN_PLACEHOLDER;
    if (Array.isArray(v)) return Promise.all(v.map(resolveOutputs));
    if (v !== null && typeof v === "object")
        return Object.fromEntries(
            await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await resolveOutputs(x)])),
        );
    return v;
}

function toPlan(
    records: Registration[],
    meta: {
        stack: string;
        project: string;
        account: string;
        region: string;
        preview: boolean;
        display: Record<string, unknown>;
        outputs: Record<string, unknown>;
    },
): Plan {
    const steps: PlanStep[] = records.map((r) => {
        const newState: ResourceState = {
            urn: r.urn,
            custom: r.custom,
            type: r.type,
            inputs: r.inputs,
            outputs: r.outputs,
            parent: r.parent || undefined,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
            protect: r.protect,
        };
        if (r.deleteBeforeReplace) newState.deleteBeforeReplace = true;
        if (r.ignoreChanges.length) newState.ignoreChanges = r.ignoreChanges;
        if (r.deletedWith) newState.deletedWith = r.deletedWith;
        if (r.retainOnDelete) newState.retainOnDelete = true;
        if (r.replaceOnChanges?.length) newState.replaceOnChanges = r.replaceOnChanges;
        if (r.id) newState.id = r.id;
        return { op: "create", urn: r.urn, newState };
    });
    return {
        config: meta.display,
        steps,
        changeSummary: { create: steps.length },
        outputs: meta.outputs,
        source: {
            kind: "offline",
            stack: meta.stack,
            project: meta.project,
            account: meta.account,
            region: meta.region,
            ...(meta.preview ? { preview: true } : {}),
        },
    };
}
