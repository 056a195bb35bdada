// A test-only EventBridge event-pattern matcher for exactly the operators the security alert rules use
// (bootstrap/lib/alerts.ts): exact values, `prefix`, `suffix` (plain or `{ "equals-ignore-case": … }`),
// `wildcard`, `exists`, `equals-ignore-case`, `$or`.
// Any other operator throws, so a pattern that starts using one fails its spec instead of passing
// unjudged. No network reaches AWS's TestEventPattern offline; the first deployment runs
// `aws events test-event-pattern` on a real record (docs/bootstrap.md, "Security alerts").
//
// Semantics, from the Amazon EventBridge User Guide:
// - "Arrays in Amazon EventBridge event patterns"
//   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html): a field's
//   values are alternatives; when the event's value is an array, the pattern matches if the intersection
//   is non-empty.
// - "Comparison operators for use in event patterns"
//   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html): fields
//   of one level are ANDed; comparison operators "only work on leaf nodes, with the exception of $or and
//   anything-but"; `$or` lists alternative sub-patterns.
// - "Content filtering in Amazon EventBridge event patterns"
//   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html):
//   prefix on strings, equals-ignore-case, exists (leaf nodes only), wildcard (`*` any run of
//   characters).
// - "Create event patterns" (same guide): an event matches only if it contains every field the
//   pattern names, with the same nesting.
// Not settled by those pages, and chosen here as the matcher's reading: a pattern object applied to an
// event array of objects matches when one element matches (CloudTrail's KMS `tags` list); the specs
// that rely on it say so.

export type Pattern = { [field: string]: unknown };

const OPERATORS = new Set(["prefix", "suffix", "wildcard", "exists", "equals-ignore-case"]);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** `*` matches any run of characters (none included); `\*` is a literal star. */
function wildcard(pattern: string, value: string): boolean {
    const re = pattern
        .split(/(\\\*|\*)/)
        .map((part) => (part === "*" ? ".*" : part === "\\*" ? "\\*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${re}$`, "s").test(value);
}

/** One matcher of a leaf's list against one leaf value present in the event. */
function leaf(m: unknown, v: unknown): boolean {
    if (!isObject(m)) return m === v;
    const keys = Object.keys(m);
    if (keys.length !== 1 || !OPERATORS.has(keys[0]))
        throw new Error(`matcher: operator ${JSON.stringify(m)} is not one the alert patterns use`);
    const [op] = keys;
    const arg = m[op];
    if (op === "exists") return arg === true; // reached only when the field is present as a leaf
    if (op === "suffix" && isObject(arg)) {
        // Ends with (ignore case): { "suffix": { "equals-ignore-case": S } }, nothing else inside.
        const inner = Object.keys(arg);
        if (inner.length !== 1 || inner[0] !== "equals-ignore-case" || typeof arg[inner[0]] !== "string")
            throw new Error(`matcher: operator ${JSON.stringify(m)} is not one the alert patterns use`);
        return typeof v === "string" && v.toLowerCase().endsWith(String(arg[inner[0]]).toLowerCase());
    }
    if (typeof v !== "string" || typeof arg !== "string") return false;
    if (op === "suffix") return v.endsWith(arg);
    if (op === "prefix") return v.startsWith(arg);
    if (op === "wildcard") return wildcard(arg, v);
    return v.toLowerCase() === arg.toLowerCase(); // equals-ignore-case
}

/** A field's list of matchers against the event's value at that field (absent: undefined). */
function field(list: unknown[], value: unknown): boolean {
    if (value === undefined || isObject(value))
        // Absent, or an intermediate node: only `exists: false` matches (exists works on leaves only).
        return list.some((m) => isObject(m) && "exists" in m && m.exists === false);
    const values = Array.isArray(value) ? value : [value];
    return list.some((m) => values.some((v) => !isObject(v) && leaf(m, v)));
}

/** Whether `event` matches `pattern`. */
export function matches(pattern: Pattern, event: unknown): boolean {
    for (const [k, p] of Object.entries(pattern)) {
        if (k === "$or") {
            if (!Array.isArray(p)) throw new Error("matcher: $or takes a list of patterns");
            if (!p.some((alt) => matches(alt as Pattern, event))) return false;
            continue;
        }
        const v = isObject(event) ? event[k] : undefined;
        if (Array.isArray(p)) {
            if (!field(p, v)) return false;
        } else if (isObject(p)) {
            if (Array.isArray(v)) {
                if (!v.some((e) => matches(p, e))) return false;
            } else if (!matches(p, v)) return false;
        } else throw new Error(`matcher: the pattern's field ${k} is neither a list nor an object`);
    }
    return true;
}
