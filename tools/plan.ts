// npm run plan -- [--stack NAME] [--config-file PATH] [--account ID] [--json PATH] [--format tree|json|mermaid] [--preview]
//
// Runs the real program for one stack under the Pulumi runtime's mock monitor (no credentials, no
// CLI), prints the resource tree, writes the plan in the shape of `pulumi preview --json`, and
// runs the policy pack over it. With --preview, values the cloud computes are unknown, as in
// `pulumi preview` of a first deployment. Exit codes: 0 success, 1 mandatory policy violations, 2 invalid
// configuration or usage (the message only, no stack trace).
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { PlanInputError, runOfflinePlan } from "./lib/offline";
import { renderTree } from "./lib/tree";
import { Plan, UNKNOWN_PLACEHOLDER } from "./lib/plan-format";
import { checkPlan, countMandatory, formatReport, PolicyConfigError, readPolicyConfig } from "./lib/analyzer";
import { runCli } from "./lib/cli";

export const USAGE = `usage: npm run plan -- [--stack NAME] [--config-file PATH] [--account ID] [--json PATH] [--format tree|json|mermaid] [--preview] [--policy-config PATH] [--no-policy]
  --stack NAME         stack whose Pulumi.NAME.yaml is read (default dev)
  --preview            as \`pulumi preview\` of a first deployment: IDs, ARNs and other values the cloud
                       computes are unknown (shown "(known after apply)"), not filled in by the mock cloud
  --config-file PATH   read the stack configuration from PATH (Pulumi.<stack>.yaml format)
  --account ID         the 12-digit AWS account the mock cloud pretends to be (default 123456789012)
  --json PATH          also write the plan, shaped like \`pulumi preview --json\`, to PATH ("-" for stdout)
  --format FORMAT      what to print: tree (default), json, or mermaid (the resource graph)
  --policy-config PATH a --policy-pack-config file for the policy pack
  --no-policy          do not run the policy pack`;

export interface PlanCliOptions {
    stack?: string;
    configFile?: string;
    account?: string;
    json?: string;
    format: "tree" | "json" | "mermaid";
    policyConfig?: string;
    policy: boolean;
    preview: boolean;
    help?: boolean;
}

export function parseArgs(argv: string[]): PlanCliOptions {
    const opts: PlanCliOptions = { format: "tree", policy: true, preview: false };
    const takes: Record<string, keyof PlanCliOptions> = {
        "--stack": "stack",
        "--config-file": "configFile",
        "--account": "account",
        "--json": "json",
        "--format": "format",
        "--policy-config": "policyConfig",
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.includes("=")
            ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
            : [arg, undefined];
        if (flag === "--help" || flag === "-h") opts.help = true;
        else if (flag === "--no-policy") opts.policy = false;
        else if (flag === "--preview") opts.preview = true;
        else if (flag in takes) {
            const value = inline ?? argv[++i];
            if (value === undefined || (inline === undefined && value.startsWith("--")))
                throw new PlanInputError(`${flag} needs a value\n${USAGE}`);
            (opts as unknown as Record<string, unknown>)[takes[flag]] = value;
        } else throw new PlanInputError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    }
    if (!["tree", "json", "mermaid"].includes(opts.format))
        throw new PlanInputError(
            `--format: ${JSON.stringify(opts.format)} is not a format; expected tree, json or mermaid`,
        );
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

export async function main(
    argv: string[],
    out: (s: string) => void = (s) => process.stdout.write(s),
    err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
    let opts: PlanCliOptions;
    try {
        opts = parseArgs(argv);
    } catch (e) {
        err(`${(e as Error).message}\n`);
        return 2;
    }
    if (opts.help) {
        out(`${USAGE}\n`);
        return 0;
    }
    let policyConfig: Record<string, unknown> | undefined;
    try {
        policyConfig = opts.policy && opts.policyConfig ? readPolicyConfig(opts.policyConfig) : undefined;
    } catch (e) {
        if (!(e instanceof PolicyConfigError)) throw e;
        err(`${e.message}\n`);
        return 2;
    }
    let plan: Plan;
    try {
        ({ plan } = await runOfflinePlan({
            stack: opts.stack,
            configFile: opts.configFile,
            account: opts.account,
            preview: opts.preview,
        }));
    } catch (e) {
        if (e instanceof PlanInputError || e instanceof pulumi.RunError || (e as Error)?.name === "ConfigError") {
            err(`${(e as Error).message}\n`);
            return 2;
        }
        throw e;
    }
    const json = JSON.stringify(plan, null, 2) + "\n";
    if (opts.json === "-") out(json);
    else if (opts.json) fs.writeFileSync(opts.json, json);

    const stackName = plan.source?.stack ?? opts.stack ?? "dev";
    if (opts.format === "json" && opts.json !== "-") out(json);
    else if (opts.format === "mermaid") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        out(`${require("./lib/mermaid").renderMermaid(plan)}\n`);
    } else if (opts.format === "tree") {
        const custom = plan.steps.filter((s) => s.newState?.custom).length;
        const unknowns = opts.preview ? `, ${countUnknownInputs(plan)} inputs known after apply` : "";
        out(
            `Offline ${opts.preview ? "preview" : "plan"} of stack ${stackName} (account ${plan.source?.account}, region ${plan.source?.region}): ${custom} resources to create${unknowns}\n\n`,
        );
        out(`${renderTree(plan)}\n`);
    }
    if (!opts.policy) return 0;
    // With the plan on stdout as JSON or Mermaid, the policy report goes to stderr to keep stdout parseable.
    return reportPolicies(plan, policyConfig, opts.format === "tree" ? out : err);
}

if (require.main === module) runCli(main, "offline plan", 3);
