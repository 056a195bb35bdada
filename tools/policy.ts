// Offline policy check:
//   npm run policy -- check FILE [--policy-config FILE] [--json]   (npm run policy -- --help)
// FILE: `npm run plan --json` output, `pulumi preview --json` output, or a `pulumi stack export` file.
// Exit 1 on any mandatory violation, 0 otherwise, 2 on unreadable input or configuration.
import * as fs from "fs";
import { checkPlan, formatReport, PolicyConfigError } from "./lib/analyzer";
import { normalizePlanFile, PlanInputError } from "./lib/plan-input";
import { parseCommandLine, runCli, UsageError } from "./lib/cli";

export const USAGE = `usage: npm run policy -- check FILE [--policy-config FILE] [--json]
  FILE                  npm run plan -- --json output, pulumi preview --json output, or a pulumi stack export file
  --policy-config FILE  a --policy-pack-config file (also accepted as --policy-pack-config)
  --json                print the report as JSON (only JSON on stdout)
  --help, -h            print this help`;

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
    let file: string;
    let configFile: string | undefined;
    let json: boolean;
    try {
        const { values, positionals } = parseCommandLine(
            argv,
            {
                json: { type: "boolean" },
                "policy-config": { type: "string" },
                "policy-pack-config": { type: "string" },
            },
            USAGE,
        );
        if (values.help) {
            console.log(USAGE);
            return 0;
        }
        const [command, ...files] = positionals;
        if (command !== "check") throw new UsageError(`expected the command \`check\`\n${USAGE}`);
        if (files.length !== 1) throw new UsageError(`expected one plan file after \`check\`\n${USAGE}`);
        if (values["policy-config"] !== undefined && values["policy-pack-config"] !== undefined)
            throw new UsageError(`give either --policy-config or --policy-pack-config, not both\n${USAGE}`);
        file = files[0];
        configFile = values["policy-config"] ?? values["policy-pack-config"];
        json = values.json ?? false;
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        console.error(e.message);
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
