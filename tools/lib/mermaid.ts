// Renders a plan's resource graph as a Mermaid `flowchart`: one node per cloud (custom) resource,
// component resources as (nested) subgraphs, and an edge from every resource to each resource that
// waits for it (explicit dependsOn and input sources). Generic over resource types: nothing here
// knows this program's components.
//
// GitHub renders ```mermaid blocks in pull-request comments and READMEs, so the reviewer diff and
// docs/graph.md use the same function.
import { nameOf, Plan, ResourceState, StepOp } from "./plan-format";

export { nameOf };

export interface MermaidOptions {
    /** Only these resources (URNs); components are kept when they contain one of them. Default: all. */
    only?: Set<string>;
    /** An operation per URN: nodes get the class of their operation (create, update, replace, delete). */
    ops?: Map<string, StepOp | "replace" | "delete">;
    /** Extra states to draw (e.g. resources a change deletes, which the head plan no longer has). */
    extraStates?: ResourceState[];
    /** Graph direction (default LR). */
    direction?: "LR" | "TB";
}

const KEYWORDS = new Set([
    "end",
    "graph",
    "subgraph",
    "flowchart",
    "class",
    "classdef",
    "style",
    "click",
    "linkstyle",
    "direction",
    "call",
    "href",
]);

/** Mermaid node IDs: letters, digits and "_" only, never a keyword, unique per graph. */
export function sanitiseId(text: string): string {
    const id = text.replace(/[^A-Za-z0-9_]/g, "_").replace(/_+/g, "_");
    return /^[A-Za-z]/.test(id) && !KEYWORDS.has(id.toLowerCase()) ? id : `n_${id}`;
}

/** Label text inside double quotes: Mermaid entity codes for the characters it would parse. */
export function escapeLabel(text: string): string {
    return text.replace(/[#"<>]/g, (c) => ({ "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;" })[c] ?? c);
}

const CLASSES: Record<string, string> = {
    create: "fill:#e6ffed,stroke:#2da44e",
    update: "fill:#fff8c5,stroke:#bf8700",
    replace: "fill:#ffebe9,stroke:#cf222e,stroke-width:3px",
    delete: "fill:#eaeef2,stroke:#57606a,stroke-dasharray:5 5",
};

function classOf(op: string | undefined): string | undefined {
    if (!op) return undefined;
    if (op === "create-replacement" || op === "delete-replaced" || op === "replace") return "replace";
    if (op === "create" || op === "update" || op === "delete") return op;
    return undefined;
}

/** Renders the plan (or the `only` part of it) as Mermaid flowchart text. */
export function renderMermaid(plan: Plan, options: MermaidOptions = {}): string {
    const states = new Map<string, ResourceState>();
    for (const s of plan.steps) if (s.newState && !states.has(s.urn)) states.set(s.urn, s.newState);
    for (const s of options.extraStates ?? []) if (!states.has(s.urn)) states.set(s.urn, s);
    const isDrawn = (s: ResourceState) => s.type !== "pulumi:pulumi:Stack" && !s.type.startsWith("pulumi:providers:");

    const custom = [...states.values()].filter(
        (s) => s.custom && isDrawn(s) && (!options.only || options.only.has(s.urn)),
    );
    // Components that (transitively) contain a drawn resource.
    const components = new Set<string>();
    for (const s of custom) {
        for (let p = s.parent; p && states.has(p); p = states.get(p)!.parent) {
            const ps = states.get(p)!;
            if (ps.custom || !isDrawn(ps)) break;
            components.add(p);
        }
    }

    const ids = new Map<string, string>();
    const used = new Set<string>();
    const idOf = (urn: string): string => {
        let id = ids.get(urn);
        if (id) return id;
        const s = states.get(urn);
        const base = sanitiseId(`${s && !s.custom ? "c_" : ""}${nameOf(urn)}`);
        id = base;
        for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
        used.add(id);
        ids.set(urn, id);
        return id;
    };
    // Stable IDs: assign in plan order.
    for (const urn of states.keys()) if (components.has(urn) || custom.some((c) => c.urn === urn)) idOf(urn);

    const lines: string[] = [`flowchart ${options.direction ?? "LR"}`];
    const childrenOf = new Map<string, ResourceState[]>();
    const topLevel: ResourceState[] = [];
    for (const s of [...states.values()].filter((x) => components.has(x.urn) || custom.includes(x))) {
        const p = s.parent && components.has(s.parent) ? s.parent : undefined;
        if (p) childrenOf.set(p, [...(childrenOf.get(p) ?? []), s]);
        else topLevel.push(s);
    }
    const shortType = (t: string) => t.replace(/^aws-native:/, "native:").replace(/^aws:/, "");
    const emit = (s: ResourceState, indent: string) => {
        if (components.has(s.urn)) {
            lines.push(
                `${indent}subgraph ${idOf(s.urn)}["${escapeLabel(`${nameOf(s.urn)} (${s.type.split(":").pop()})`)}"]`,
            );
            for (const c of childrenOf.get(s.urn) ?? []) emit(c, `${indent}    `);
            lines.push(`${indent}end`);
        } else {
            lines.push(
                `${indent}${idOf(s.urn)}["${escapeLabel(nameOf(s.urn))}<br/>${escapeLabel(shortType(s.type))}"]`,
            );
        }
    };
    for (const s of topLevel) emit(s, "    ");

    const edges = new Set<string>();
    for (const s of custom) {
        for (const dep of new Set(s.dependencies ?? [])) {
            if (dep === s.parent || !ids.has(dep)) continue;
            edges.add(`    ${idOf(dep)} --> ${idOf(s.urn)}`);
        }
    }
    lines.push(...[...edges]);

    const byClass = new Map<string, string[]>();
    for (const s of custom) {
        const cls = classOf(options.ops?.get(s.urn));
        if (cls) byClass.set(cls, [...(byClass.get(cls) ?? []), idOf(s.urn)]);
    }
    for (const [cls, members] of byClass) {
        lines.push(`    classDef ${cls} ${CLASSES[cls]}`);
        lines.push(`    class ${members.join(",")} ${cls}`);
    }
    return lines.join("\n");
}
