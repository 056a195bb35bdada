// npm run plan -- [--project DIR] [--stack NAME] [--config-file PATH] [--account ID] [--json PATH] [--format tree|json|mermaid] [--preview]
// npm run plan -- --all [--stacks-dir DIR] [--json DIR] [--preview]
//
// Runs the real program for one stack under the Pulumi runtime's mock monitor (no credentials, no
// CLI), prints the resource tree, writes the plan in the shape of `pulumi preview --json`, and
// runs the policy pack over it. With --preview, values the cloud computes are unknown, as in
// `pulumi preview` of a first deployment. With --all, every Pulumi.*.yaml is planned and checked in
// one process, one line per stack and a summary. Exit codes (with --all, the worst of the stacks):
// 0 success, 1 mandatory policy violations, 2 invalid configuration or usage (the message only, no
// stack trace), 3 internal failure, 4 the mock cloud refused a request (as a failed `pulumi up`).
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { PlanInputError, readStackFile, REPO_ROOT, runOfflinePlan } from "./lib/offline";
import { crossStackConflicts } from "./lib/cross-stack";
import { stackWarnings } from "./lib/stack-warnings";
import { defaultProviderCacheDir } from "./lib/provider-cache";
import { CloudRefusalError } from "./lib/mock-cloud";
import { renderTree } from "./lib/tree";
import { Plan, UNKNOWN_PLACEHOLDER } from "./lib/plan-format";
import {
    checkPlan,
    countMandatory,
    formatReport,
    PolicyConfigError,
    readPolicyConfig,
    resolvePolicyConfig,
} from "./lib/analyzer";
import { PACK_ENFORCEMENT_LEVEL, policies as packPolicies } from "../policies/pack";
import { parseCommandLine, runCli, UsageError } from "./lib/cli";

export const USAGE = `usage: npm run plan -- --all [--stacks-dir DIR] [--json DIR] [--preview] [--policy-config PATH]
       npm run plan -- [--project DIR] [--stack NAME] [--config-file PATH] [--account ID] [--json PATH] [--format tree|json|mermaid] [--preview] [--policy-config PATH] [--no-policy]
  --all                plan and policy-check every Pulumi.*.yaml in one process: one line per stack, a summary,
                       the worst exit code; --json DIR writes DIR/<stack>.json for each
  --stacks-dir DIR     with --all: where the Pulumi.*.yaml files are (default: the project)
  --project DIR        the Pulumi project to plan (default: the repository root; e.g. bootstrap); its
                       policy-config.json, when present, is the pack's config unless --policy-config is given
  --stack NAME         stack whose Pulumi.NAME.yaml is read (default dev)
  --preview            as \`pulumi preview\` of a first deployment: IDs, ARNs and other values the cloud
                       computes are unknown (shown "(known after apply)"), not filled in by the mock cloud
  --config-file PATH   read the stack configuration from PATH (Pulumi.<stack>.yaml format); the stack is
                       named after the file (Pulumi.NAME.yaml or NAME.yaml → NAME) unless --stack is given
  --account ID         the 12-digit AWS account the mock cloud pretends to be (default 123456789012)
  --json PATH          also write the plan, shaped like \`pulumi preview --json\`, to PATH ("-" for stdout)
  --format FORMAT      what to print: tree (default), json, or mermaid (the resource graph)
  --policy-config PATH a --policy-pack-config file for the policy pack
  --no-policy          do not run the policy pack`;

const PLAN_OPTIONS = {
    project: { type: "string" },
    stack: { type: "string" },
    "config-file": { type: "string" },
    account: { type: "string" },
    json: { type: "string" },
    format: { type: "string" },
    "policy-config": { type: "string" },
    "no-policy": { type: "boolean" },
    preview: { type: "boolean" },
    all: { type: "boolean" },
    "stacks-dir": { type: "string" },
} as const;

export interface PlanCliOptions {
    project?: string;
    stack?: string;
    configFile?: string;
    account?: string;
    json?: string;
    format: "tree" | "json" | "mermaid";
    policyConfig?: string;
    policy: boolean;
    preview: boolean;
    all: boolean;
    stacksDir?: string;
    help?: boolean;
}

export function parseArgs(argv: string[]): PlanCliOptions {
    let parsed: ReturnType<typeof parseCommandLine<typeof PLAN_OPTIONS>>;
    try {
        parsed = parseCommandLine(argv, PLAN_OPTIONS, USAGE);
    } catch (e) {
        if (e instanceof UsageError) throw new PlanInputError(e.message);
        throw e;
    }
    const { values: v, positionals } = parsed;
    if (positionals.length > 0)
        throw new PlanInputError(`unexpected argument ${JSON.stringify(positionals[0])}\n${USAGE}`);
    const opts: PlanCliOptions = {
        project: v.project,
        stack: v.stack,
        configFile: v["config-file"],
        account: v.account,
        json: v.json,
        format: (v.format ?? "tree") as PlanCliOptions["format"],
        policyConfig: v["policy-config"],
        policy: !v["no-policy"],
        preview: v.preview ?? false,
        all: v.all ?? false,
        stacksDir: v["stacks-dir"],
        help: v.help,
    };
    if (opts.help) return opts;
    if (opts.all && (opts.stack || opts.configFile || opts.format !== "tree"))
        throw new PlanInputError(
            `--all plans every Pulumi.*.yaml: it takes no --stack, --config-file or --format\n${USAGE}`,
        );
    if (!opts.all && opts.stacksDir) throw new PlanInputError(`--stacks-dir goes with --all\n${USAGE}`);
    if (!["tree", "json", "mermaid"].includes(opts.format))
        throw new PlanInputError(
            `--format: ${JSON.stringify(opts.format)} is not a format; expected tree, json or mermaid`,
        );
    if (opts.json === "-" && opts.format === "mermaid")
        throw new PlanInputError(`--json - and --format mermaid both write to stdout: choose one\n${USAGE}`);
    return opts;
}

/** The number of resource inputs that hold an unknown (the engine's placeholder) somewhere inside. */
export function countUnknownInputs(plan: Plan): number {
    let n = 0;
    for (const s of plan.steps)
        for (const v of Object.values(s.newState?.inputs ?? {}))
            if (JSON.stringify(v ?? null).includes(UNKNOWN_PLACEHOLDER)) n++;
    return n;
}

/** Runs the policy pack over a plan, writes the report, and returns the exit code (1 on mandatory violations). */
export async function reportPolicies(
    plan: Plan,
    policyConfig: Record<string, unknown> | undefined,
    write: (s: string) => void,
): Promise<number> {
    const report = await checkPlan(plan, { policyConfig });
    write(`\n${formatReport(report)}\n`);
    return countMandatory(report) > 0 ? 1 : 0;
}

/** How the command line runs the plans, beyond its arguments. */
export interface PlanRunSettings {
    /** Reuse serialized dynamic providers kept in this directory (tools/lib/provider-cache.ts). */
    providerCache?: string;
}

export async function main(
    argv: string[],
    out: (s: string) => void = (s) => process.stdout.write(s),
    err: (s: string) => void = (s) => process.stderr.write(s),
    settings: PlanRunSettings = {},
): Promise<number> {
    let opts: PlanCliOptions & PlanRunSettings;
    try {
        opts = { ...parseArgs(argv), ...settings };
    } catch (e) {
        err(`${(e as Error).message}\n`);
        return 2;
    }
    if (opts.help) {
        out(`${USAGE}\n`);
        return 0;
    }
    let projectDir: string | undefined;
    if (opts.project !== undefined) {
        projectDir = path.resolve(opts.project);
        if (!fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) {
            err(
                `--project: ${JSON.stringify(opts.project)} has no Pulumi.yaml; expected a Pulumi project directory such as bootstrap\n`,
            );
            return 2;
        }
        const projectPolicyConfig = path.join(projectDir, "policy-config.json");
        if (opts.policyConfig === undefined && fs.existsSync(projectPolicyConfig))
            opts.policyConfig = projectPolicyConfig;
    }
    let policyConfig: Record<string, unknown> | undefined;
    try {
        policyConfig = opts.policy && opts.policyConfig ? readPolicyConfig(opts.policyConfig) : undefined;
        // Resolved (and so validated) before anything is planned, as `npm run policy -- check` does:
        // a misspelt setting is a usage error (exit 2), not a crash after the tree is printed.
        if (policyConfig) resolvePolicyConfig(packPolicies, PACK_ENFORCEMENT_LEVEL, policyConfig);
    } catch (e) {
        if (!(e instanceof PolicyConfigError)) throw e;
        err(`${e.message}\n`);
        return 2;
    }
    if (opts.all) return planAll(opts, policyConfig, out, err);
    let plan: Plan;
    try {
        ({ plan } = await runOfflinePlan({
            stack: opts.stack,
            configFile: opts.configFile,
            account: opts.account,
            preview: opts.preview,
            projectDir,
            providerCache: opts.providerCache,
        }));
    } catch (e) {
        const code = failureCode(e);
        if (code === 3) throw e;
        err(`${(e as Error).message}\n`);
        return code;
    }
    const json = JSON.stringify(plan, null, 2) + "\n";
    // With `--json -` stdout carries the JSON plan and nothing else: the tree and the policy report
    // go to stderr.
    const human = opts.json === "-" ? err : out;
    if (opts.json === "-") out(json);
    else if (opts.json) fs.writeFileSync(opts.json, json);
    const wrote =
        opts.json && opts.json !== "-" ? `plan written to ${opts.json} (the shape of pulumi preview --json)\n` : "";

    const stackName = plan.source?.stack ?? opts.stack ?? "dev";
    if (opts.format === "json" && opts.json !== "-") out(json);
    else if (opts.format === "mermaid") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        out(`${require("./lib/mermaid").renderMermaid(plan)}\n`);
    } else if (opts.format === "tree") {
        const custom = plan.steps.filter((s) => s.newState?.custom).length;
        const unknowns = opts.preview ? `, ${countUnknownInputs(plan)} inputs known after apply` : "";
        human(
            `Offline ${opts.preview ? "preview" : "plan"} of stack ${stackName} (account ${plan.source?.account}, region ${plan.source?.region}): ${custom} resources to create${unknowns}\n\n`,
        );
        human(`${renderTree(plan)}\n`);
    }
    if (wrote) (opts.format === "tree" ? human : err)(wrote);
    // Warnings about this project's stack file (not about another project's, such as bootstrap's).
    if (projectDir === undefined || projectDir === REPO_ROOT) {
        const file = opts.configFile ?? path.join(REPO_ROOT, `Pulumi.${stackName}.yaml`);
        const warn = opts.format === "tree" && opts.json !== "-" ? out : err;
        for (const w of stackWarnings(readStackFile(file))) warn(`warning: ${w}\n`);
    }
    if (!opts.policy) return 0;
    // With the plan on stdout as JSON or Mermaid, the policy report goes to stderr to keep stdout parseable.
    return reportPolicies(plan, policyConfig, opts.format === "tree" && opts.json !== "-" ? out : err);
}

/** The exit code of a failed plan: 2 invalid input or configuration, 4 refused by the mock cloud, 3 anything else. */
export function failureCode(e: unknown): number {
    if (e instanceof CloudRefusalError) return 4;
    if (e instanceof PlanInputError || e instanceof pulumi.RunError || (e as Error)?.name === "ConfigError") return 2;
    return 3;
}

/** The stack names of the Pulumi.<stack>.yaml files in a directory, sorted. */
export function stackFiles(dir: string): string[] {
    let names: string[];
    try {
        names = fs.readdirSync(dir);
    } catch (e) {
        throw new PlanInputError(`--stacks-dir: cannot read ${dir}: ${(e as Error).message}`);
    }
    return names
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort();
}

export interface StackResult {
    stack: string;
    code: number;
    line: string;
    details: string[];
    ms: number;
}

/**
 * `--all`: every stack planned and checked in this process, one after the other; a stack that fails
 * (configuration, refusal, even an internal error) is reported on its line and the others still run.
 */
async function planAll(
    opts: PlanCliOptions & PlanRunSettings,
    policyConfig: Record<string, unknown> | undefined,
    out: (s: string) => void,
    err: (s: string) => void,
): Promise<number> {
    const dir = path.resolve(opts.stacksDir ?? REPO_ROOT);
    let stacks: string[];
    try {
        stacks = stackFiles(dir);
    } catch (e) {
        err(`${(e as Error).message}\n`);
        return 2;
    }
    if (stacks.length === 0) {
        err(`no Pulumi.<stack>.yaml in ${dir}\n`);
        return 2;
    }
    if (opts.json && opts.json !== "-") fs.mkdirSync(opts.json, { recursive: true });
    const wroteTo = (stack: string) =>
        opts.json && opts.json !== "-" ? [`plan written to ${path.join(opts.json, `${stack}.json`)}`] : [];
    // With `--json -` stdout carries one JSON plan per line and nothing else; the lines go to stderr.
    const human = opts.json === "-" ? err : out;
    const results: StackResult[] = [];
    for (const stack of stacks) {
        const r = await planOne(stack, path.join(dir, fileOf(dir, stack)), opts, policyConfig, out);
        if (r.code !== 2 && r.code !== 3 && r.code !== 4) r.details.unshift(...wroteTo(stack));
        results.push(r);
        human(`${r.line}\n${r.details.map((d) => `    ${d.split("\n").join("\n    ")}\n`).join("")}`);
    }
    // What no single stack can see: two stacks of one account and region claiming one domain or instance.
    const conflicts = crossStackConflicts(
        stacks.map((stack) => {
            try {
                return { stack, config: readStackFile(path.join(dir, fileOf(dir, stack))) };
            } catch {
                return { stack, config: {} }; // unreadable: already reported on its line
            }
        }),
    );
    for (const c of conflicts) human(`cross-stack: ${c}\n`);
    const count = (f: (r: StackResult) => boolean) => results.filter(f).length;
    const worst = Math.max(...results.map((r) => r.code), conflicts.length > 0 ? 2 : 0);
    const crossLine =
        conflicts.length > 0 ? `, ${conflicts.length} cross-stack conflict${conflicts.length === 1 ? "" : "s"}` : "";
    human(
        `\n${results.length} stack${results.length === 1 ? "" : "s"}: ${count((r) => r.code === 0)} clean, ` +
            `${count((r) => r.code === 1)} with mandatory violations, ${count((r) => r.code === 2)} with invalid configuration, ` +
            `${count((r) => r.code === 4)} refused by the mock cloud, ${count((r) => r.code === 3)} failed${crossLine} (exit ${worst})\n`,
    );
    return worst;
}

function fileOf(dir: string, stack: string): string {
    return fs.existsSync(path.join(dir, `Pulumi.${stack}.yaml`)) ? `Pulumi.${stack}.yaml` : `Pulumi.${stack}.yml`;
}

async function planOne(
    stack: string,
    configFile: string,
    opts: PlanCliOptions & PlanRunSettings,
    policyConfig: Record<string, unknown> | undefined,
    out: (s: string) => void,
): Promise<StackResult> {
    const start = Date.now();
    const took = () => `${((Date.now() - start) / 1000).toFixed(1)} s`;
    let plan: Plan;
    try {
        ({ plan } = await runOfflinePlan({
            stack,
            configFile,
            account: opts.account,
            preview: opts.preview,
            providerCache: opts.providerCache,
        }));
    } catch (e) {
        const code = failureCode(e);
        const what = { 2: "invalid configuration", 3: "failed", 4: "refused by the mock cloud" }[code];
        const message = code === 3 ? ((e as Error)?.stack ?? String(e)) : (e as Error).message;
        return { stack, code, line: `${stack}: ${what} (exit ${code}, ${took()})`, details: [message], ms: 0 };
    }
    if (opts.json === "-") out(JSON.stringify(plan) + "\n");
    else if (opts.json) fs.writeFileSync(path.join(opts.json, `${stack}.json`), JSON.stringify(plan, null, 2) + "\n");
    const custom = plan.steps.filter((s) => s.newState?.custom).length;
    const warnings = stackWarnings(readStackFile(configFile)).map((w) => `warning: ${w}`);
    const warned = warnings.length ? `, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}` : "";
    if (!opts.policy)
        return { stack, code: 0, line: `${stack}: ${custom} resources${warned} (${took()})`, details: warnings, ms: 0 };
    const report = await checkPlan(plan, { policyConfig });
    const code = countMandatory(report) > 0 ? 1 : 0;
    const unknown = report.unknown.length ? `, ${report.unknown.length} checks not run` : "";
    return {
        stack,
        code,
        line: `${stack}: ${custom} resources, ${report.mandatoryCount} mandatory and ${report.advisoryCount} advisory violations${unknown}${warned} (${took()})`,
        details: [...warnings, ...(report.violations.length ? [formatReport({ ...report, unknown: [] })] : [])],
        ms: Date.now() - start,
    };
}

if (require.main === module)
    runCli((argv) => main(argv, undefined, undefined, { providerCache: defaultProviderCacheDir() }), "offline plan", 3);
