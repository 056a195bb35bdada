// "Did you mean": the nearest known setting name to a misspelt one, and the setting names a config
// schema accepts at a given path (so an unknown key at any level can be answered with a suggestion).
// Pure functions over zod schemas and strings; no Pulumi, no I/O.
import type { z } from "zod";

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
    for (let j = 1; j <= t.length; j++) d[0][j] = j;
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[s.length][t.length];
}

/**
 * The known name closest to `name`, when it is close enough to be a misspelling: at most a third
 * of the name's length in edits (at least 2), the same name in another case, or the one known name
 * that `name` begins.
 */
export function closest(name: string, known: readonly string[]): string | undefined {
    // A truncated name (`retention` for `retentionHours`) is as good a hint as a misspelt one.
    const extended = name.length >= 4 ? known.filter((k) => k.toLowerCase().startsWith(name.toLowerCase())) : [];
    if (extended.length === 1) return extended[0];
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const k of known) {
        const dist = editDistance(name, k);
        if (dist < bestDistance) {
            best = k;
            bestDistance = dist;
        }
    }
    return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** The expected-form text of an unknown setting: a suggestion when one is close, else the list. */
export function unknownSettingText(name: string, known: readonly string[]): string {
    const near = closest(name, known);
    if (near !== undefined) return `no such setting: did you mean \`${near}\`?`;
    return `one of the settings that exist here (${known.join(", ")})`;
}

type AnySchema = z.ZodType;
interface Def {
    type: string;
    shape?: Record<string, AnySchema>;
    innerType?: AnySchema;
    element?: AnySchema;
    valueType?: AnySchema;
    options?: AnySchema[];
    in?: AnySchema;
}
const defOf = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema itself, past optional/default/nullable/pipe wrappers. */
function unwrap(s: AnySchema): AnySchema {
    let cur = s;
    for (let i = 0; i < 10; i++) {
        const def = defOf(cur);
        if (def.innerType && ["optional", "default", "nullable", "prefault", "readonly", "catch"].includes(def.type))
            cur = def.innerType;
        else if (def.type === "pipe" && def.in) cur = def.in;
        else break;
    }
    return cur;
}

/**
 * The property names the object schema at `path` accepts (the union of every branch's, for a
 * union), or [] when no object schema is there. `path` is the zod issue path (numbers index lists,
 * strings name properties or record keys).
 */
export function keysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
    let nodes: AnySchema[] = [schema];
    for (const p of path) {
        const next: AnySchema[] = [];
        for (const n of nodes.flatMap(branches)) {
            const def = defOf(n);
            if (def.type === "object" && typeof p === "string" && def.shape?.[p]) next.push(def.shape[p]);
            else if (def.type === "array" && typeof p === "number" && def.element) next.push(def.element);
            else if (def.type === "record" && def.valueType) next.push(def.valueType);
        }
        nodes = next;
    }
    const keys = new Set<string>();
    for (const n of nodes.flatMap(branches)) {
        const def = defOf(n);
        if (def.type === "object" && def.shape) for (const k of Object.keys(def.shape)) keys.add(k);
    }
    return [...keys];
}

function branches(s: AnySchema): AnySchema[] {
    const u = unwrap(s);
    const def = defOf(u);
    return def.type === "union" && def.options ? def.options.flatMap(branches) : [u];
}
