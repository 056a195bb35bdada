// Offline policy check:
//   npm run policy -- check FILE [--policy-config FILE] [--json]
// FILE: `npm run plan --json` output, `pulumi preview --json` output, or a `pulumi stack export` file.
// Exit 1 on any mandatory violation, 0 otherwise, 2 on unreadable input or configuration.
import * as fs from "fs";
import { checkPlan, formatReport, PolicyConfigError } from "./lib/analyzer";
import { normalizePlanFile, PlanInputError } from "./lib/plan-input";
import { runCli } from "./lib/cli";

const USAGE = "usage: npm run policy -- check FILE [--policy-config FILE] [--json]";

function readJson(file: string, what: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new PlanInputError(`cannot read ${what} ${file}: ${(e as Error).message}`);
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new PlanInputError(`${what} ${file} is not JSON: ${(e as Error).message}`);
    }
}

export async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    if (command !== "check") {
        console.error(USAGE);
        return 2;
    }
    let file: string | undefined;
    let configFile: string | undefined;
    let json = false;
    for (let i = 0; i < rest.length; i++) {
        const a = rest[i];
        if (a === "--json") {
            json = true;
        } else if (a === "--policy-config" || a === "--policy-pack-config") {
            configFile = rest[++i];
            if (!configFile) {
                console.error(`${a} needs a file\n${USAGE}`);
                return 2;
            }
        } else if (!file && !a.startsWith("--")) {
            file = a;
        } else {
            console.error(`unexpected argument ${a}\n${USAGE}`);
            return 2;
        }
    }
    if (!file) {
        console.error(USAGE);
        return 2;
    }
    try {
        const plan = normalizePlanFile(readJson(file, "plan"));
        const policyConfig = configFile ? readJson(configFile, "policy config") : undefined;
        if (
            policyConfig !== undefined &&
            (typeof policyConfig !== "object" || policyConfig === null || Array.isArray(policyConfig))
        ) {
            throw new PolicyConfigError(`policy config ${configFile} must be a JSON object`);
        }
        const report = await checkPlan(plan, { policyConfig: policyConfig as Record<string, unknown> | undefined });
        console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
        return report.mandatoryCount > 0 ? 1 : 0;
    } catch (e) {
        if (e instanceof PlanInputError || e instanceof PolicyConfigError) {
            console.error(e.message);
            return 2;
        }
        throw e;
    }
}

if (require.main === module) runCli(main, "policy check", 2);
