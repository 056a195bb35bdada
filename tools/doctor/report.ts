// One line per check: ok, warning or problem; every problem carries its remedy in the words of
// AWS's documentation and the AWS sources the check relies on.

export type Status = "ok" | "warning" | "problem";

/** Where a check's knowledge comes from: the API operation(s) and the user-guide page. */
export interface Source {
    /** API reference operations, e.g. "Customer Profiles API Reference: GetDomain". */
    api: string[];
    /** User guide page, e.g. "Amazon Connect Administrator Guide: Enable Customer Profiles". */
    guide: string;
}

export interface Check {
    area:
        | "credentials"
        | "domain"
        | "keys"
        | "dead-letter queue"
        | "triage"
        | "integrations"
        | "tasks"
        | "export"
        | "streaming"
        | "audit trail"
        | "probe";
    status: Status;
    /** The finding, one line. */
    message: string;
    /** What to do, for warnings and problems. */
    remedy?: string;
    /** Extra lines (sample object ids, failed steps…). */
    details?: string[];
    source: Source;
}

export interface Report {
    account: string;
    region: string;
    outputs: string;
    checks: Check[];
    summary: { ok: number; warning: number; problem: number };
}

export function summarize(checks: Check[]): Report["summary"] {
    const summary = { ok: 0, warning: 0, problem: 0 };
    for (const c of checks) summary[c.status]++;
    return summary;
}

/** 0 healthy (warnings allowed), 1 at least one problem. */
export function exitCodeOf(report: Report): number {
    return report.summary.problem > 0 ? 1 : 0;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function formatText(report: Report): string {
    const lines = [
        `Customer Profiles doctor: ${report.outputs} (account ${report.account}, region ${report.region})`,
        "",
    ];
    const width = Math.max(...report.checks.map((c) => c.area.length));
    for (const c of report.checks) {
        lines.push(`${c.status.padEnd(7)}  ${c.area.padEnd(width)}  ${c.message}`);
        const indent = " ".repeat(9 + width + 2);
        for (const d of c.details ?? []) lines.push(`${indent}${d}`);
        if (c.remedy) lines.push(`${indent}remedy: ${c.remedy}`);
        if (c.status !== "ok") lines.push(`${indent}source: ${[...c.source.api, c.source.guide].join("; ")}`);
    }
    const s = report.summary;
    lines.push("", `${plural(s.ok, "check")} ok, ${plural(s.warning, "warning")}, ${plural(s.problem, "problem")}`);
    return lines.join("\n");
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function formatMarkdown(report: Report): string {
    const s = report.summary;
    const lines = [
        `### Customer Profiles doctor: account ${report.account}, region ${report.region}`,
        "",
        `${plural(s.ok, "check")} ok, ${plural(s.warning, "warning")}, ${plural(s.problem, "problem")}`,
        "",
        "| status | area | finding | remedy | source |",
        "| --- | --- | --- | --- | --- |",
    ];
    for (const c of report.checks) {
        const finding = [c.message, ...(c.details ?? [])].map(cell).join("<br>");
        lines.push(
            `| ${c.status} | ${c.area} | ${finding} | ${cell(c.remedy ?? "")} | ${cell([...c.source.api, c.source.guide].join("; "))} |`,
        );
    }
    return lines.join("\n");
}

export function formatJson(report: Report): string {
    return JSON.stringify(report, null, 2);
}
