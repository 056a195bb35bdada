// Peer check with Pulumi's own AWSGuard pack (@pulumi/awsguard 0.3.1), kept out of the default install:
// it brings @pulumi/aws 4 and aws-sdk v2 (past end of support), so it lives in awsguard/ with its own
// package.json and lockfile, installed there (npm ci) on first use.
//   npm run awsguard                  the peer spec over the dev plan (awsguard/peer.test.ts: every
//                                     finding fixed or exempted with its reason)
//   npm run awsguard -- check FILE    AWSGuard's resource policies over a plan (`npm run plan -- --json`,
//                                     `pulumi preview --json` or `pulumi stack export`); exit 1 on a
//                                     mandatory finding, 2 on unreadable input
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseCommandLine, runCli, UsageError } from "./lib/cli";

const ROOT = path.resolve(__dirname, "..");
const DIR = path.join(ROOT, "awsguard");

export const USAGE = `usage: npm run awsguard [-- check FILE [--json]]
  (no command)  run the AWSGuard peer spec over the dev plan (awsguard/peer.test.ts)
  check FILE    run AWSGuard's resource policies over a plan: npm run plan -- --json output,
                pulumi preview --json output, or a pulumi stack export file
  --json        print the report as JSON (only JSON on stdout)
  --help, -h    print this help`;

/** Installs awsguard/'s locked dependencies when they are not there yet. */
export function ensureInstalled(): void {
    if (fs.existsSync(path.join(DIR, "node_modules", "@pulumi", "awsguard", "package.json"))) return;
    console.error("awsguard: installing awsguard/'s locked dependencies (npm ci in awsguard/)");
    const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: DIR, stdio: ["ignore", 2, 2] });
    if (r.status !== 0) throw new Error(`npm ci in ${DIR} failed (exit ${r.status})`);
}

export async function main(argv: string[]): Promise<number> {
    let file: string | undefined;
    let json: boolean;
    try {
        const { values, positionals } = parseCommandLine(argv, { json: { type: "boolean" } }, USAGE);
        if (values.help) {
            console.log(USAGE);
            return 0;
        }
        const [command, ...files] = positionals;
        if (command !== undefined && command !== "check")
            throw new UsageError(
                `unknown command ${JSON.stringify(command)}; expected \`check FILE\` or none\n${USAGE}`,
            );
        if (command === "check" && files.length !== 1)
            throw new UsageError(`expected one plan file after \`check\`\n${USAGE}`);
        if (command === undefined && files.length > 0) throw new UsageError(USAGE);
        file = files[0];
        json = values.json ?? false;
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        console.error(e.message);
        return 2;
    }
    if (file === undefined) {
        ensureInstalled();
        const mocha = require.resolve("mocha/bin/mocha.js");
        const r = spawnSync(
            process.execPath,
            [
                mocha,
                "--no-config",
                "-r",
                "ts-node/register/transpile-only",
                "--timeout",
                "120000",
                "awsguard/peer.test.ts",
            ],
            { cwd: ROOT, stdio: "inherit" },
        );
        return r.status ?? 3;
    }
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { checkPlan, formatReport } = require("./lib/analyzer") as typeof import("./lib/analyzer");
    const { normalizePlanFile, PlanInputError } = require("./lib/plan-input") as typeof import("./lib/plan-input");
    const { assertOffline, awsGuardPolicies } =
        require("../awsguard/policies") as typeof import("../awsguard/policies");
    /* eslint-enable @typescript-eslint/no-require-imports */
    let plan;
    try {
        plan = normalizePlanFile(JSON.parse(fs.readFileSync(file, "utf8")));
    } catch (e) {
        if (e instanceof PlanInputError || e instanceof SyntaxError || (e as NodeJS.ErrnoException).code) {
            console.error(`awsguard: cannot read plan ${file}: ${(e as Error).message}`);
            return 2;
        }
        throw e;
    }
    ensureInstalled();
    try {
        assertOffline(plan);
    } catch (e) {
        console.error(`awsguard: ${(e as Error).message}`);
        return 2;
    }
    const report = await checkPlan(plan, { policies: awsGuardPolicies() });
    // The analyzer reports under this project's pack; these findings are AWSGuard's.
    report.pack = { name: "awsguard", version: "0.3.1" };
    console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.mandatoryCount > 0 ? 1 : 0;
}

if (require.main === module) runCli(main, "awsguard", 3);
