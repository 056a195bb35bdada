// Part of the reviewer diff (index.ts): the markdown of the pull-request comment (under 64 KB) and the one-line-per-change summary.
import { renderMermaid } from "../mermaid";
import { Plan } from "../plan-format";
import { whatIsLost } from "./data-loss";
import { ChangeKind, PlanDiff, ReplaceReason, ResourceChange, ViolationDelta, ViolationLike } from "./plan-diff";
import { display, leafChanges } from "./values";

export const DEFAULT_MAX_BYTES = 64 * 1024;
export const COMMENT_MARKER = "<!-- connect-customer-profiles:reviewer-diff -->";

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function reasonText(r: ReplaceReason): string {
    return r.secret
        ? `${code(r.property)} (secret value changed)`
        : `${code(r.property)}: ${code(display(r.before))} → ${code(display(r.after))}`;
}

function warningBlock(c: ResourceChange): string {
    const reasons = c.replaceReasons.length
        ? `Create-only ${c.replaceReasons.length === 1 ? "property" : "properties"} changed: ${c.replaceReasons.map(reasonText).join("; ")}.`
        : "";
    const protect = c.protect
        ? " The resource is protected: `pulumi up` refuses until `protect` is lifted, which must be a deliberate decision."
        : "";
    if (c.dataLoss) {
        const verb = c.kind === "replace" ? "will be REPLACED (deleted and created again)" : "will be DELETED";
        const loss = whatIsLost(c.type);
        return `> [!CAUTION]\n> **${code(c.name)} (${code(c.type)}) ${verb}: ${loss}.** ${reasons}${protect}\n`;
    }
    return `> [!WARNING]\n> ${code(c.name)} (${code(c.type)}) will be replaced. ${reasons}${protect}\n`;
}

function violationRows(title: string, vs: ViolationLike[]): string[] {
    return vs.map(
        (v) =>
            `| ${title} | ${v.enforcementLevel} | ${code(v.policyName)} | ${v.resourceName ? code(v.resourceName) : "stack"} | ${cell(display(v.detail ?? v.message, 300))} |`,
    );
}

function policyBlock(p: ViolationDelta): string {
    if (p.unavailable) return `### Policy check\n\nThe policy pack could not run: ${p.unavailable}\n`;
    const pack = p.pack ? `${code(`${p.pack.name}@v${p.pack.version}`)}` : "the policy pack";
    const mandatory = p.head.filter((v) => v.enforcementLevel === "mandatory").length;
    const lines = [`### Policy check`, ""];
    if (p.compared) {
        lines.push(
            `${pack}: **${p.introduced.length} violation${p.introduced.length === 1 ? "" : "s"} introduced, ${p.fixed.length} fixed** by this change; the new plan has ${mandatory} mandatory and ${p.head.length - mandatory} other violations.`,
        );
    } else {
        lines.push(`${pack}: the plan has ${mandatory} mandatory and ${p.head.length - mandatory} other violations.`);
    }
    const rows = [
        ...violationRows(p.compared ? "introduced" : "present", p.introduced),
        ...violationRows("fixed", p.fixed),
    ];
    if (rows.length) lines.push("", "| | level | policy | resource | detail |", "|---|---|---|---|---|", ...rows);
    return lines.join("\n") + "\n";
}

const SIGN: Record<ChangeKind, string> = { create: "+", update: "~", replace: "±", delete: "-" };

function resourceBlock(c: ResourceChange): string {
    const lines = [
        `#### ${SIGN[c.kind]} ${c.kind} ${code(c.name)} (${code(c.type)})${c.protect ? " [protected]" : ""}`,
        "",
    ];
    if (c.replaceReasons.length) lines.push(`Replaced because: ${c.replaceReasons.map(reasonText).join("; ")}.`, "");
    const shown = c.kind === "create" ? c.inputs.slice(0, 12) : c.inputs;
    for (const i of shown) {
        if (i.secret) lines.push(`- ${code(i.key)}: [secret] (value changed; secrets are never shown)`);
        else if (c.kind === "create") lines.push(`- ${code(i.key)}: ${code(display(i.after))}`);
        else if (i.before === undefined) lines.push(`- ${code(i.key)}: added ${code(display(i.after))}`);
        else if (i.after === undefined) lines.push(`- ${code(i.key)}: removed (was ${code(display(i.before))})`);
        else {
            const leaves = leafChanges(i.before, i.after);
            if (leaves && leaves.length <= 8)
                for (const [path, x, y] of leaves)
                    lines.push(
                        `- ${code(`${i.key}${path}`)}: ${x === undefined ? `added ${code(display(y))}` : y === undefined ? `removed (was ${code(display(x))})` : `${code(display(x))} → ${code(display(y))}`}`,
                    );
            else lines.push(`- ${code(i.key)}: ${code(display(i.before))} → ${code(display(i.after))}`);
        }
    }
    if (shown.length < c.inputs.length) lines.push(`- … and ${c.inputs.length - shown.length} more inputs`);
    for (const p of c.policies) {
        if (shown.length || p !== c.policies[0]) lines.push("");
        lines.push(
            `${code(p.key)}, statement by statement:`,
            "",
            "```diff",
            ...p.lines.map((l) => l.replace(/```/g, "'''")),
            "```",
        );
    }
    if (c.kind === "delete" && !c.policies.length) lines.push("Deleted: the resource is no longer in the program.");
    return lines.join("\n") + "\n";
}

/** The changed resources and their direct neighbours, as a Mermaid block. */
export function changeGraph(diff: PlanDiff): string {
    const changed = new Set(diff.changes.map((c) => c.urn));
    const only = new Set(changed);
    for (const s of diff.states) {
        if (!s.custom) continue;
        for (const d of s.dependencies ?? []) {
            if (changed.has(s.urn)) only.add(d);
            if (changed.has(d)) only.add(s.urn);
        }
    }
    const ops = new Map(diff.changes.map((c) => [c.urn, c.kind]));
    const plan: Plan = { steps: diff.states.map((s) => ({ op: "same", urn: s.urn, newState: s })), changeSummary: {} };
    return renderMermaid(plan, { only, ops });
}

export interface MarkdownOptions {
    maxBytes?: number;
    /** Where the full diff can be read when the comment is truncated. */
    fullDiffHint?: string;
}

/** The pull-request comment: summary, data-loss warnings, policy check, per-resource changes, graph. */
export function renderMarkdown(diff: PlanDiff, options: MarkdownOptions = {}): string {
    const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const count = (k: ChangeKind) => diff.changes.filter((c) => c.kind === k).length;
    const losses = diff.changes.filter((c) => c.dataLoss);
    const header = [
        COMMENT_MARKER,
        `## Reviewer diff${diff.stack ? `: stack ${code(diff.stack)}` : ""}`,
        "",
        `${diff.mode === "preview" ? "From `pulumi preview --json`" : "Offline plans compared by URN"}: ` +
            `**${count("replace")} to replace${losses.length ? ` (${losses.length} destroying data)` : ""}, ${count("delete")} to delete, ${count("update")} to update, ${count("create")} to create**; ${unchangedText(diff)}.`,
        "",
    ].join("\n");
    const blocks: { text: string; kind: "must" | "resource" | "graph" | "table" }[] = [];
    const warnings = diff.changes.filter((c) => c.kind === "replace" || (c.kind === "delete" && c.dataLoss));
    for (const c of warnings) blocks.push({ text: warningBlock(c), kind: "must" });
    if (diff.policy) blocks.push({ text: policyBlock(diff.policy), kind: "must" });
    if (diff.changes.length) {
        const rows = diff.changes.map(
            (c) =>
                `| ${c.kind}${c.dataLoss ? " (data loss)" : ""} | ${code(c.name)} | ${code(c.type)} | ${
                    cell(
                        [
                            ...c.replaceReasons.map((r) => r.property),
                            ...c.inputs.map((i) => i.key),
                            ...c.policies.map((p) => `${p.key} (policy)`),
                        ]
                            .filter((v, i, a) => a.indexOf(v) === i)
                            .slice(0, 8)
                            .join(", "),
                    ) || "—"
                } |`,
        );
        blocks.push({
            text:
                ["### Changes", "", "| operation | resource | type | inputs |", "|---|---|---|---|", ...rows].join(
                    "\n",
                ) + "\n",
            kind: "table",
        });
        for (const c of diff.changes) blocks.push({ text: resourceBlock(c), kind: "resource" });
        blocks.push({
            text:
                [
                    "### Graph of the changed resources and their neighbours",
                    "",
                    "```mermaid",
                    changeGraph(diff),
                    "```",
                ].join("\n") + "\n",
            kind: "graph",
        });
    } else {
        blocks.push({ text: "No resource changes.\n", kind: "must" });
    }
    const footer = `\n<sub>Create-only properties: ${diff.createOnlySource.replace(/\/[^ ]*\/(tests\/fixtures\/cfn-schemas)/, "$1")}. Secret values are never shown.</sub>\n`;

    const noteReserve = 600;
    let out = header;
    const omitted: string[] = [];
    let omittedResources = 0;
    for (const b of blocks) {
        if (bytes(out) + bytes(b.text) + 1 + bytes(footer) + noteReserve <= max) {
            out += `\n${b.text}`;
        } else if (b.kind === "resource") omittedResources++;
        else if (b.kind === "must") {
            // A warning that cannot fit whole is cut, never dropped.
            const room = max - bytes(out) - bytes(footer) - noteReserve - 8;
            if (room > 80)
                out += `\n${Buffer.from(b.text)
                    .subarray(0, room)
                    .toString("utf8")
                    .replace(/\uFFFD*$/, "")}…\n`;
            omitted.push("part of a warning");
        } else omitted.push(b.kind === "graph" ? "the graph" : "the summary table");
    }
    if (omittedResources) omitted.unshift(`${omittedResources} of ${diff.changes.length} resource sections`);
    if (omitted.length) {
        const hint = options.fullDiffHint ?? "run `npm run diff` locally for the full diff";
        out += `\n> [!NOTE]\n> **Truncated** to stay under ${Math.floor(max / 1024)} KB (the pull-request comment limit): ${omitted.join(", ")} left out; ${hint}.\n`;
    }
    return out + footer;
}

/** "N unchanged", or that the preview did not show them (it lists and counts only the changes). */
export function unchangedText(diff: PlanDiff): string {
    return diff.unchanged === undefined ? "unchanged: not shown by this preview" : `${diff.unchanged} unchanged`;
}

/** A few lines for the terminal. */
export function renderSummary(diff: PlanDiff): string {
    const lines = diff.changes.map(
        (c) =>
            `${SIGN[c.kind]} ${c.kind.padEnd(7)} ${c.type} ${c.name}${c.dataLoss ? "  DATA LOSS" : ""}${c.replaceReasons.length ? ` (create-only: ${c.replaceReasons.map((r) => r.property).join(", ")})` : ""}`,
    );
    lines.push(`${diff.changes.length} changes, ${unchangedText(diff)}`);
    if (diff.policy?.unavailable) lines.push(`policy check unavailable: ${diff.policy.unavailable}`);
    else if (diff.policy)
        lines.push(
            `policy violations: ${diff.policy.introduced.length} ${diff.policy.compared ? "introduced" : "present"}, ${diff.policy.fixed.length} fixed`,
        );
    return lines.join("\n");
}
