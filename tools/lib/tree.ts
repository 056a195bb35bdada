// Renders a plan as a resource tree a reviewer can read: type, name, key inputs, parent nesting,
// protection, and what each resource waits for.
import { nameOf, Plan, ResourceState, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./plan-format";

export { nameOf };

const SKIPPED_INPUTS = new Set(["tags", "tagsAll", "__defaults", "__provider"]);

function summarisePolicy(text: string): string | undefined {
    try {
        const doc = JSON.parse(text);
        if (!doc || !Array.isArray(doc.Statement)) return undefined;
        const sids = doc.Statement.map(
            (s: { Sid?: string; Effect?: string }, i: number) => s.Sid ?? `#${i + 1} ${s.Effect ?? ""}`.trim(),
        );
        return `${doc.Statement.length} statement${doc.Statement.length === 1 ? "" : "s"} (${sids.join(", ")})`;
    } catch {
        return undefined;
    }
}

function short(value: unknown, max = 90): string {
    const raw = typeof value === "string" ? value : JSON.stringify(value);
    // What `pulumi preview` shows for a value not known until the resource exists.
    const text = raw.split(UNKNOWN_PLACEHOLDER).join("(known after apply)");
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The key inputs of a resource, one `name: value` string each; policies as statement lists. */
export function keyInputs(state: ResourceState, max = 8): string[] {
    const out: string[] = [];
    for (const [key, value] of Object.entries(state.inputs ?? {})) {
        if (SKIPPED_INPUTS.has(key) || value === undefined || value === null) continue;
        if (typeof value === "string") {
            const policy = value.trim().startsWith("{") ? summarisePolicy(value) : undefined;
            out.push(`${key}: ${policy ?? (value === SECRET_PLACEHOLDER ? value : short(value))}`);
        } else if (typeof value === "number" || typeof value === "boolean") {
            out.push(`${key}: ${value}`);
        } else {
            out.push(`${key}: ${short(value, 70)}`);
        }
        if (out.length >= max) break;
    }
    return out;
}

/** Renders the plan as an indented tree. */
export function renderTree(plan: Plan): string {
    const states = plan.steps.filter((s) => s.newState).map((s) => ({ op: s.op, state: s.newState as ResourceState }));
    const byUrn = new Map(states.map((s) => [s.state.urn, s]));
    const children = new Map<string, typeof states>();
    const roots: typeof states = [];
    for (const s of states) {
        const p = s.state.parent;
        if (p && byUrn.has(p)) {
            if (!children.has(p)) children.set(p, []);
            children.get(p)!.push(s);
        } else roots.push(s);
    }
    const lines: string[] = [];
    const walk = (node: (typeof states)[number], prefix: string, last: boolean, depth: number) => {
        const st = node.state;
        const branch = depth === 0 ? "" : last ? "└─ " : "├─ ";
        const flags = [st.protect ? "protected" : "", st.deleteBeforeReplace ? "delete-before-replace" : ""].filter(
            Boolean,
        );
        const op = node.op === "create" || node.op === "same" ? "" : `[${node.op}] `;
        lines.push(
            `${prefix}${branch}${op}${st.type} ${nameOf(st.urn)}${flags.length ? `  [${flags.join(", ")}]` : ""}`,
        );
        const kids = children.get(st.urn) ?? [];
        const childPrefix = depth === 0 ? "" : prefix + (last ? "   " : "│  ");
        const detailPrefix = childPrefix + (kids.length ? "│     " : "      ");
        if (st.custom) {
            for (const line of keyInputs(st)) lines.push(`${detailPrefix}${line}`);
            const waits = (st.dependencies ?? []).filter((d) => d !== st.parent).map(nameOf);
            if (waits.length) lines.push(`${detailPrefix}after: ${[...new Set(waits)].join(", ")}`);
        }
        kids.forEach((k, i) => walk(k, childPrefix, i === kids.length - 1, depth + 1));
    };
    roots.forEach((r, i) => walk(r, "", i === roots.length - 1, 0));
    return lines.join("\n");
}
