// The reviewer diff:
//   npm run diff -- BASE HEAD [--markdown PATH] [--policy-config PATH] [--no-policy] [--max-bytes N] [--full-diff-hint TEXT]
//   npm run diff -- PREVIEW   [--markdown PATH] ...   (one real `pulumi preview --json` output)
//
// BASE and HEAD: `npm run plan -- --json` outputs, `pulumi preview --json` outputs or `pulumi stack
// export` files. Prints a short summary (or, without --markdown, the markdown itself) and writes the
// pull-request comment to PATH. Exit codes: 0 success, 1 with --fail-on data-loss when a replacement
// or deletion destroys data, 2 unreadable input or usage.
import * as fs from "fs";
import { loadCreateOnlyCatalog } from "./lib/create-only";
import { diffPlans, DiffOptions, isRealPreview, renderMarkdown, renderSummary, ReportLike } from "./lib/diff";
import { Plan } from "./lib/plan-format";
import { normalizePlanFile } from "./lib/plan-input";
import { parseCommandLine, runCli, UsageError } from "./lib/cli";

export const USAGE = `usage: npm run diff -- BASE HEAD [--markdown PATH] [--policy-config PATH] [--no-policy] [--max-bytes N] [--fail-on data-loss]
       npm run diff -- PREVIEW [--markdown PATH] ...
  BASE, HEAD        plans: npm run plan -- --json output, pulumi preview --json output, or pulumi stack export
  PREVIEW           one real pulumi preview --json output: its own operations are reported
  --markdown PATH   write the pull-request comment (markdown, under 64 KB) to PATH
  --policy-config   a --policy-pack-config file for the policy pack
  --no-policy       do not run the policy pack
  --max-bytes N     size limit of the markdown (default 65536)
  --full-diff-hint  where the full diff can be read, for the truncation note
  --fail-on data-loss  exit 1 when the diff reports a DATA LOSS replacement or deletion (for CI; the
                    markdown is written first)
  --help, -h        print this help`;

interface DiffCliOptions {
    files: string[];
    markdown?: string;
    policyConfig?: string;
    policy: boolean;
    maxBytes?: number;
    fullDiffHint?: string;
    failOnDataLoss: boolean;
    help?: boolean;
}

export function parseArgs(argv: string[]): DiffCliOptions {
    const { values, positionals } = parseCommandLine(
        argv,
        {
            markdown: { type: "string" },
            "policy-config": { type: "string" },
            "policy-pack-config": { type: "string" },
            "no-policy": { type: "boolean" },
            "max-bytes": { type: "string" },
            "full-diff-hint": { type: "string" },
            "fail-on": { type: "string" },
        },
        USAGE,
    );
    if (values.help) return { files: [], policy: true, failOnDataLoss: false, help: true };
    if (values["fail-on"] !== undefined && values["fail-on"] !== "data-loss")
        throw new UsageError(
            `--fail-on: ${JSON.stringify(values["fail-on"])} is not valid; expected data-loss\n${USAGE}`,
        );
    if (values["policy-config"] !== undefined && values["policy-pack-config"] !== undefined)
        throw new UsageError(`give either --policy-config or --policy-pack-config, not both\n${USAGE}`);
    let maxBytes: number | undefined;
    if (values["max-bytes"] !== undefined) {
        maxBytes = Number(values["max-bytes"]);
        if (!Number.isInteger(maxBytes) || maxBytes < 2048)
            throw new UsageError(
                `--max-bytes: ${JSON.stringify(values["max-bytes"])} is not valid; expected a whole number of bytes, at least 2048`,
            );
    }
    if (positionals.length < 1 || positionals.length > 2)
        throw new UsageError(`expected one or two plan files, got ${positionals.length}\n${USAGE}`);
    return {
        files: positionals,
        markdown: values.markdown,
        policyConfig: values["policy-config"] ?? values["policy-pack-config"],
        policy: !values["no-policy"],
        maxBytes,
        fullDiffHint: values["full-diff-hint"],
        failOnDataLoss: values["fail-on"] === "data-loss",
    };
}

function readPlan(file: string): Plan {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UsageError(`cannot read plan ${file}: ${(e as Error).message}`);
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (e) {
        throw new UsageError(`plan ${file} is not JSON: ${(e as Error).message}`);
    }
    try {
        return normalizePlanFile(json);
    } catch (e) {
        throw new UsageError(`plan ${file}: ${(e as Error).message}`);
    }
}

/** Runs the policy pack over both plans; a pack that cannot load is reported, not fatal. */
async function policyReports(
    base: Plan | undefined,
    head: Plan,
    configFile?: string,
): Promise<Pick<DiffOptions, "baseReport" | "headReport" | "policyUnavailable">> {
    let analyzer: typeof import("./lib/analyzer");
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        analyzer = require("./lib/analyzer");
    } catch (e) {
        return { policyUnavailable: `the pack did not load (${(e as Error).message.split("\n")[0]})` };
    }
    const policyConfig = configFile
        ? analyzer.readPolicyConfig
            ? analyzer.readPolicyConfig(configFile)
            : JSON.parse(fs.readFileSync(configFile, "utf8"))
        : undefined;
    const headReport = (await analyzer.checkPlan(head, { policyConfig })) as ReportLike;
    const baseReport =
        base && base.steps.length
            ? ((await analyzer.checkPlan(base, { policyConfig })) as ReportLike)
            : base
              ? { pack: headReport.pack, violations: [] }
              : undefined;
    return { baseReport, headReport };
}

export async function main(
    argv: string[],
    out: (s: string) => void = (s) => process.stdout.write(s),
    err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
    let opts: DiffCliOptions;
    let base: Plan | undefined;
    let head: Plan;
    try {
        opts = parseArgs(argv);
        if (opts.help) {
            out(`${USAGE}\n`);
            return 0;
        }
        const plans = opts.files.map(readPlan);
        [base, head] = plans.length === 2 ? plans : [undefined, plans[0]];
        if (!base && !isRealPreview(head))
            throw new UsageError(
                `${opts.files[0]} is not a real \`pulumi preview --json\` output (it carries no operations to report): give BASE and HEAD\n${USAGE}`,
            );
    } catch (e) {
        if (e instanceof UsageError) {
            err(`${e.message}\n`);
            return 2;
        }
        throw e;
    }
    const catalog = loadCreateOnlyCatalog();
    if (!catalog.schemasFound) err(`note: ${catalog.source}\n`);
    const reports = opts.policy ? await policyReports(base, head, opts.policyConfig) : {};
    const diff = diffPlans(base, head, { catalog, ...reports });
    const markdown = renderMarkdown(diff, { maxBytes: opts.maxBytes, fullDiffHint: opts.fullDiffHint });
    if (opts.markdown) {
        fs.writeFileSync(opts.markdown, markdown);
        out(`${renderSummary(diff)}\nmarkdown (${Buffer.byteLength(markdown)} bytes) written to ${opts.markdown}\n`);
    } else out(markdown);
    const losses = diff.changes.filter((c) => c.dataLoss);
    if (opts.failOnDataLoss && losses.length > 0) {
        err(
            `--fail-on data-loss: ${losses.length} replacement${losses.length === 1 ? "" : "s"} or deletion${losses.length === 1 ? "" : "s"} destroy data (${losses.map((c) => `${c.kind} ${c.name}`).join(", ")})\n`,
        );
        return 1;
    }
    return 0;
}

if (require.main === module) runCli(main, "diff", 3);
