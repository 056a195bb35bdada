// Part of the reviewer diff (index.ts): values: secrets masked, canonical forms, short display, changed leaves.
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../plan-format";

// The runtime's encoding of a secret in `pulumi stack export` files: { [specialSigKey]: specialSecretSig }
// (@pulumi/pulumi runtime/rpc; tests/tools/pulumi-internals.test.ts fails if an upgrade changes them).
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
/** Inputs the engine and the dynamic providers add, never a change of the program. */
export const IGNORED_INPUTS = new Set(["__defaults", "__provider"]);

/** Replaces runtime-encoded secrets (e.g. in `pulumi stack export` files) by the placeholder. */
export function maskSecrets(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(maskSecrets);
    if (v !== null && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o[SECRET_SIG] === SECRET_VALUE) return SECRET_PLACEHOLDER;
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, maskSecrets(x)]));
    }
    return v;
}

export function containsSecret(v: unknown): boolean {
    if (v === SECRET_PLACEHOLDER) return true;
    if (Array.isArray(v)) return v.some(containsSecret);
    if (v !== null && typeof v === "object") return Object.values(v).some(containsSecret);
    return false;
}

/** JSON with sorted keys: equal values give equal strings. JSON strings holding objects are parsed. */
export function canonical(v: unknown): string {
    const norm = (x: unknown): unknown => {
        if (typeof x === "string" && /^\s*[[{]/.test(x)) {
            try {
                return norm(JSON.parse(x));
            } catch {
                return x;
            }
        }
        if (Array.isArray(x)) return x.map(norm);
        if (x !== null && typeof x === "object") {
            return Object.fromEntries(
                Object.keys(x as object)
                    .sort()
                    .filter((k) => (x as Record<string, unknown>)[k] !== undefined)
                    .map((k) => [k, norm((x as Record<string, unknown>)[k])]),
            );
        }
        return x;
    };
    return JSON.stringify(norm(v)) ?? "undefined";
}

/** Short display of a value for markdown: never a secret, never more than `max` characters. */
export function display(v: unknown, max = 160): string {
    if (containsSecret(v)) return "[secret]";
    if (v === undefined) return "(none)";
    if (v === UNKNOWN_PLACEHOLDER) return "(known after apply)";
    const text = typeof v === "string" ? v : JSON.stringify(v);
    const clean = text.replace(/\s+/g, " ").split(UNKNOWN_PLACEHOLDER).join("(known after apply)");
    return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * For two structured values (objects, arrays, JSON strings holding them): the changed leaves as
 * [path, before, after]; undefined when either side is a scalar.
 */
export function leafChanges(before: unknown, after: unknown): [string, unknown, unknown][] | undefined {
    const parse = (v: unknown) => {
        if (typeof v === "string" && /^\s*[[{]/.test(v)) {
            try {
                return JSON.parse(v);
            } catch {
                return v;
            }
        }
        return v;
    };
    const x = parse(before);
    const y = parse(after);
    const structured = (v: unknown) => v !== null && typeof v === "object";
    if (!structured(x) || !structured(y)) return undefined;
    const flat = (v: unknown, prefix: string, out: Map<string, unknown>) => {
        if (Array.isArray(v)) v.forEach((e, i) => flat(e, `${prefix}[${i}]`, out));
        else if (structured(v) && Object.keys(v as object).length)
            for (const [k, e] of Object.entries(v as object))
                flat(e, /^[A-Za-z_$][\w$]*$/.test(k) ? `${prefix}.${k}` : `${prefix}[${JSON.stringify(k)}]`, out);
        else out.set(prefix, v);
        return out;
    };
    const a = flat(x, "", new Map());
    const b = flat(y, "", new Map());
    const out: [string, unknown, unknown][] = [];
    for (const k of new Set([...a.keys(), ...b.keys()]))
        if (canonical(a.get(k)) !== canonical(b.get(k))) out.push([k, a.get(k), b.get(k)]);
    return out;
}
