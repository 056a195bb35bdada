// Part of the reviewer diff (index.ts): policy documents compared statement by statement, written as grants.
import { canonical } from "./values";

interface Dimension {
    not: boolean;
    values: string[];
}

export interface NormalStatement {
    sid?: string;
    effect: string;
    action: Dimension;
    principal?: Dimension;
    resource?: Dimension;
    conditions: string[];
}

/** A policy document inside an input value (JSON string or object), or undefined. */
export function asPolicyDocument(v: unknown): { Statement: unknown } | undefined {
    let doc = v;
    if (typeof v === "string") {
        if (!/^\s*\{/.test(v)) return undefined;
        try {
            doc = JSON.parse(v);
        } catch {
            return undefined;
        }
    }
    if (doc !== null && typeof doc === "object" && !Array.isArray(doc) && "Statement" in doc)
        return doc as { Statement: unknown };
    return undefined;
}

const list = (v: unknown): string[] =>
    v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

function principals(v: unknown): string[] {
    if (v === "*") return ["*"];
    if (v === null || typeof v !== "object") return list(v);
    const out: string[] = [];
    for (const [kind, ids] of Object.entries(v as Record<string, unknown>)) {
        for (const id of list(ids)) out.push(kind === "AWS" ? (id === "*" ? "*" : id) : `${kind}:${id}`);
    }
    return out.sort();
}

function conditions(v: unknown): string[] {
    const out: string[] = [];
    if (v === null || typeof v !== "object") return out;
    for (const [op, entries] of Object.entries(v as Record<string, unknown>)) {
        if (entries === null || typeof entries !== "object") continue;
        for (const [key, values] of Object.entries(entries as Record<string, unknown>)) {
            out.push(`${op} ${key} = ${list(values).join(" | ")}`);
        }
    }
    return out.sort();
}

export function normaliseStatements(doc: { Statement: unknown }): NormalStatement[] {
    const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    return raw
        .filter((s): s is Record<string, unknown> => s !== null && typeof s === "object")
        .map((s) => {
            const dim = (
                pos: string,
                neg: string,
                f: (v: unknown) => string[] = (v) => list(v).sort(),
            ): Dimension | undefined =>
                s[pos] !== undefined
                    ? { not: false, values: f(s[pos]) }
                    : s[neg] !== undefined
                      ? { not: true, values: f(s[neg]) }
                      : undefined;
            return {
                sid: typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : undefined,
                effect: String(s.Effect ?? "Allow"),
                action: dim("Action", "NotAction") ?? { not: false, values: [] },
                principal: dim("Principal", "NotPrincipal", principals),
                resource: dim("Resource", "NotResource"),
                conditions: conditions(s.Condition),
            };
        });
}

const statementKey = (s: NormalStatement) => canonical({ ...s, sid: undefined });

function who(p: Dimension | undefined): string {
    if (!p) return "";
    const names = p.values.map((v) =>
        v === "*" ? "anyone (*)" : v.startsWith("Service:") ? `service ${v.slice(8)}` : v,
    );
    return p.not ? `everyone except ${names.join(", ")}` : names.join(", ");
}

function what(r: Dimension | undefined): string {
    if (!r) return "(no resource)";
    return r.not ? `everything except ${r.values.join(", ")}` : r.values.join(", ");
}

function actionsText(a: Dimension, values: string[] = a.values): string {
    return a.not ? `every action except ${values.join(", ")}` : values.join(", ");
}

/** `ACTIONS for PRINCIPALS on RESOURCES` (resource policies) or `ACTIONS for RESOURCES` (identity policies). */
function grant(s: NormalStatement, actions: string, principal = s.principal, resource = s.resource): string {
    const effect = s.effect === "Deny" ? "Deny " : "";
    return principal
        ? `${effect}${actions} for ${who(principal)} on ${what(resource)}`
        : `${effect}${actions} for ${what(resource)}`;
}

function label(s: NormalStatement): string {
    return `statement ${s.sid ? `"${s.sid}"` : "(no Sid)"}: ${s.effect}`;
}

function statementLines(sign: "+" | "-", s: NormalStatement): string[] {
    const lines = [`${sign} ${label(s)}`];
    if (s.action.not) lines.push(`${sign} ${grant(s, actionsText(s.action))}`);
    else for (const a of s.action.values) lines.push(`${sign} ${grant(s, a)}`);
    for (const c of s.conditions) lines.push(`${sign}   when ${c}`);
    return lines;
}

const added = (a: string[], b: string[]) => b.filter((x) => !a.includes(x));

function changedStatementLines(before: NormalStatement, after: NormalStatement): string[] {
    const lines: string[] = [];
    const head = `@@ ${label(after)}${before.effect !== after.effect ? ` (was ${before.effect})` : ""} @@`;
    const sameNot = (x?: Dimension, y?: Dimension) => (x?.not ?? false) === (y?.not ?? false) && !!x === !!y;
    if (
        before.effect !== after.effect ||
        !sameNot(before.action, after.action) ||
        !sameNot(before.principal, after.principal) ||
        !sameNot(before.resource, after.resource)
    ) {
        return [head, ...statementLines("-", before).slice(1), ...statementLines("+", after).slice(1)];
    }
    // Removed before added, as in a unified diff.
    for (const a of added(after.action.values, before.action.values))
        lines.push(`- ${grant(before, before.action.not ? `every action except ${a}` : a)}`);
    for (const a of added(before.action.values, after.action.values))
        lines.push(`+ ${grant(after, after.action.not ? `every action except ${a}` : a)}`);
    if (before.principal && after.principal) {
        for (const p of added(after.principal.values, before.principal.values))
            lines.push(`- ${grant(before, actionsText(before.action), { not: before.principal.not, values: [p] })}`);
        for (const p of added(before.principal.values, after.principal.values))
            lines.push(`+ ${grant(after, actionsText(after.action), { not: after.principal.not, values: [p] })}`);
    }
    if (before.resource && after.resource) {
        for (const r of added(after.resource.values, before.resource.values))
            lines.push(
                `- ${grant(before, actionsText(before.action), before.principal, { not: before.resource.not, values: [r] })}`,
            );
        for (const r of added(before.resource.values, after.resource.values))
            lines.push(
                `+ ${grant(after, actionsText(after.action), after.principal, { not: after.resource.not, values: [r] })}`,
            );
    }
    for (const c of added(after.conditions, before.conditions)) lines.push(`-   when ${c}`);
    for (const c of added(before.conditions, after.conditions)) lines.push(`+   when ${c}`);
    return lines.length ? [head, ...lines] : [];
}

/** Statement-level diff of two policy documents (either may be absent). Empty when equivalent. */
export function diffPolicyDocuments(
    before: { Statement: unknown } | undefined,
    after: { Statement: unknown } | undefined,
): string[] {
    const a = before ? normaliseStatements(before) : [];
    const b = after ? normaliseStatements(after) : [];
    const pairs: [NormalStatement, NormalStatement][] = [];
    const restA = [...a];
    const restB: NormalStatement[] = [];
    // 1. Same Sid.
    for (const s of b) {
        const i = s.sid ? restA.findIndex((x) => x.sid === s.sid) : -1;
        if (i >= 0) pairs.push([restA.splice(i, 1)[0], s]);
        else restB.push(s);
    }
    // 2. Identical content (Sid added or renamed), then 3. same effect and principals.
    const matchBy = (key: (s: NormalStatement) => string) => {
        for (let j = 0; j < restB.length; j++) {
            const i = restA.findIndex((x) => key(x) === key(restB[j]));
            if (i >= 0) {
                pairs.push([restA.splice(i, 1)[0], restB[j]]);
                restB.splice(j--, 1);
            }
        }
    };
    matchBy(statementKey);
    matchBy((s) => `${s.sid === undefined}|${s.effect}|${canonical(s.principal)}|${canonical(s.resource)}`);
    const lines: string[] = [];
    for (const [x, y] of pairs) lines.push(...changedStatementLines(x, y));
    for (const s of restA) lines.push(...statementLines("-", s));
    for (const s of restB) lines.push(...statementLines("+", s));
    return lines;
}
