// The one condition evaluator of the pack: what IAM decides for a Condition block, given a request.
//
// Semantics (IAM User Guide, "IAM JSON policy elements: Condition operators", "Single-valued vs.
// multivalued context keys", "...IfExists condition operators", "Condition operator to check
// existence of condition keys" (Null), "Creating a condition with multiple keys or values"):
// - every operator block and every key in a block must hold (AND); the values listed for one key
//   are alternatives (OR), and for a negated operator the request value must match none (NOR);
// - a key absent from the request: positive operators are false, negated operators are true,
//   `...IfExists` is true, `ForAnyValue:` is false, `ForAllValues:` is true, `Null: true` is true;
// - `StringLike`/`ArnLike`/`ArnEquals` take `*` and `?`; ARNs are compared part by part;
//   condition keys are case-insensitive, string values case-sensitive (except ...IgnoreCase).
// The same semantics are held against @cloud-copilot/iam-simulate in tests/policies/evaluator.test.ts.
//
// A request is a map of lower-cased keys to values. Keys the caller marks `free` are keys whose value
// the analysis does not fix (the requester may choose them): every test on them is taken to hold, so
// the answer over-approximates what an Allow admits.

/** The value the Pulumi engine writes for a value unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Three-valued result: `undefined` when the answer depends on a value not known yet. */
export type Truth = boolean | undefined;

export type Conditions = Record<string, Record<string, string[]>>;

export interface Request {
    /** Lower-cased key → values; a key not in the map is absent from the request. */
    values: Map<string, string[]>;
    /** Keys (lower-cased) the analysis leaves open; tests on them hold. */
    free?: (key: string) => boolean;
}

export function request(values: Record<string, string | string[] | undefined>, free?: Request["free"]): Request {
    const m = new Map<string, string[]>();
    for (const [k, v] of Object.entries(values)) {
        if (v !== undefined) {
            m.set(k.toLowerCase(), Array.isArray(v) ? v : [v]);
        }
    }
    return { values: m, free };
}

interface Operator {
    base: string;
    set?: "ForAnyValue" | "ForAllValues";
    ifExists: boolean;
}

const BASES = [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];
const BASE_BY_LOWER = new Map(BASES.map((b) => [b.toLowerCase(), b]));

/** Parse `ForAnyValue:StringLikeIfExists` into its parts; undefined for an operator IAM does not have. */
export function parseOperator(op: string): Operator | undefined {
    let rest = op;
    let set: Operator["set"];
    const m = /^(ForAnyValue|ForAllValues):(.*)$/i.exec(rest);
    if (m) {
        set = m[1].toLowerCase() === "foranyvalue" ? "ForAnyValue" : "ForAllValues";
        rest = m[2];
    }
    let ifExists = false;
    if (/IfExists$/i.test(rest) && !/^Null$/i.test(rest)) {
        ifExists = true;
        rest = rest.slice(0, -"IfExists".length);
    }
    const base = BASE_BY_LOWER.get(rest.toLowerCase());
    if (!base || (base === "Null" && (set || ifExists))) {
        return undefined;
    }
    return { base, set, ifExists };
}

/** A negated operator: true for a request without the key, NOR over the listed values. */
export function isNegated(base: string): boolean {
    return /Not/.test(base);
}

const wildcards = new Map<string, RegExp>();

/**
 * A case-sensitive (or -insensitive) RegExp for an IAM wildcard string: `*` any run, `?` one character.
 * Built once per pattern (the probes test the same few patterns thousands of times per plan); the
 * RegExp has no global flag, so `test` keeps no state between calls.
 */
export function wildcard(pattern: string, ignoreCase = false): RegExp {
    const key = `${ignoreCase ? "i" : "s"}${pattern}`;
    let re = wildcards.get(key);
    if (!re) {
        const body = pattern
            .split("")
            .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
            .join("");
        re = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
        if (wildcards.size >= 10000) wildcards.clear();
        wildcards.set(key, re);
    }
    return re;
}

// Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"): `${key}` is replaced by the
// request's value of that key; `${key, 'default'}` by the default when the key is absent; `${*}`, `${?}`
// and `${$}` stand for those characters literally. A variable AWS cannot resolve (key absent, no default)
// makes the statement invalid: the value matches nothing. A variable naming a key the analysis leaves free
// matches anything (the requester chooses that value). Variables are resolved only where AWS resolves
// them; here, in Condition values.
const VARIABLE = /\$\{([^}]*)\}/g;

/** Policy text (wildcards apply), a resolved value (literal), or a free variable (anything). */
type Piece = { text: string } | { literal: string } | { free: true };

/** The value with its variables resolved against the request, as pieces; undefined when unresolvable. */
function resolvePieces(policyValue: string, req: Request | undefined): Piece[] | undefined {
    const out: Piece[] = [];
    let last = 0;
    for (const m of policyValue.matchAll(VARIABLE)) {
        out.push({ text: policyValue.slice(last, m.index) });
        last = m.index! + m[0].length;
        const inner = m[1].trim();
        if (inner === "*" || inner === "?" || inner === "$") {
            out.push({ literal: inner });
            continue;
        }
        const dm = /^([^,]+?)\s*,\s*'([^']*)'$/.exec(inner);
        const key = (dm ? dm[1] : inner).trim().toLowerCase();
        const values = req?.values.get(key);
        if (!req || req.free?.(key)) {
            out.push({ free: true });
        } else if (values && values.length === 1) {
            out.push({ literal: values[0] });
        } else if ((!values || values.length === 0) && dm) {
            out.push({ literal: dm[2] });
        } else {
            return undefined; // absent without a default, or a multivalued key: AWS cannot resolve it
        }
    }
    out.push({ text: policyValue.slice(last) });
    return out;
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A RegExp for a policy value: `*`/`?` wildcards only in the value's own text and only when `like`;
 * resolved variables literal; free ones `.*`. undefined when the value matches nothing.
 */
function valueRegExp(
    policyValue: string,
    req: Request | undefined,
    like: boolean,
    ignoreCase = false,
): RegExp | undefined {
    const pieces = resolvePieces(policyValue, req);
    if (!pieces) {
        return undefined;
    }
    const body = pieces
        .map((p) =>
            "free" in p
                ? ".*"
                : "literal" in p
                  ? escapeRe(p.literal)
                  : like
                    ? p.text
                          .split("")
                          .map((c) => (c === "*" ? ".*" : c === "?" ? "." : escapeRe(c)))
                          .join("")
                    : escapeRe(p.text),
        )
        .join("");
    return new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
}

/** A policy value with its variables resolved as text (free ones `*`), for ARN matching; undefined if unresolvable. */
function resolvedText(policyValue: string, req: Request | undefined): string | undefined {
    const pieces = resolvePieces(policyValue, req);
    return pieces?.map((p) => ("free" in p ? "*" : "literal" in p ? p.literal : p.text)).join("");
}

/**
 * A policy value with its variables replaced by the request's values, as the evaluator replaces them
 * (`${aws:ResourceAccount}` → the request's account, `${key, 'default'}`, `${*}`): the text a structural
 * check reads. Undefined when a variable cannot be resolved or is left free by the request.
 */
export function substituteVariables(policyValue: string, req: Request): string | undefined {
    const pieces = resolvePieces(policyValue, req);
    if (!pieces || pieces.some((p) => "free" in p)) return undefined;
    return pieces.map((p) => ("literal" in p ? p.literal : "text" in p ? p.text : "")).join("");
}

/** ARN matching part by part (ArnEquals and ArnLike behave the same; both take wildcards). */
export function arnMatches(pattern: string, value: string, req?: Request): boolean {
    const resolved = resolvedText(pattern, req);
    if (resolved === undefined) {
        return false;
    }
    const p = resolved.split(":");
    const v = value.split(":");
    if (v.length < 6) {
        return false;
    }
    if (p.length < 6) {
        return false; // not an ARN pattern: matches nothing
    }
    const pParts = [...p.slice(0, 5), p.slice(5).join(":")];
    const vParts = [...v.slice(0, 5), v.slice(5).join(":")];
    return pParts.every((pp, i) => wildcard(pp).test(vParts[i]));
}

/** An IP address as a bigint with its width (32 or 128 bits), or undefined. */
function ipAddress(s: string): { n: bigint; bits: number } | undefined {
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
    if (v4) {
        const parts = v4.slice(1).map(Number);
        return parts.some((x) => x > 255)
            ? undefined
            : { n: parts.reduce((a, b) => a * 256n + BigInt(b), 0n), bits: 32 };
    }
    if (!/^[0-9a-f:.]+$/i.test(s) || !s.includes(":")) {
        return undefined;
    }
    // IPv6 (RFC 4291 text forms): eight groups, `::` for a run of zeros, an IPv4 tail allowed.
    let text = s;
    const tail = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
    if (tail) {
        const t = ipAddress(tail[1]);
        if (!t) {
            return undefined;
        }
        text = `${text.slice(0, -tail[1].length)}${(t.n >> 16n).toString(16)}:${(t.n & 0xffffn).toString(16)}`;
    }
    const halves = text.split("::");
    if (halves.length > 2) {
        return undefined;
    }
    const groups = (h: string) => (h === "" ? [] : h.split(":"));
    const head = groups(halves[0]);
    const rest = halves.length === 2 ? groups(halves[1]) : [];
    const missing = 8 - head.length - rest.length;
    if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) {
        return undefined;
    }
    const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
    if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) {
        return undefined;
    }
    return { n: all.reduce((a, g) => a * 65536n + BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

/**
 * `IpAddress`: the request address within the CIDR block (IAM User Guide, "IAM JSON policy elements: Condition
 * operators", section "IP address condition operators": "comparing a key to an IPv4 or IPv6 address or range of
 * IP addresses … The value must be in the standard CIDR format (for example, 203.0.113.0/24 or
 * 2001:DB8:1234:5678::/64)"). A block and an address of different families never match (not stated there).
 * A value without a prefix: the page says "IAM uses the default prefix value of /32", which is one IPv4
 * address; for a bare IPv6 address this takes /128 (one address), which the page does not say (unsourced).
 */
function inCidr(cidr: string, ip: string): boolean {
    const [net, bitsText] = cidr.split("/");
    const a = ipAddress(net);
    const b = ipAddress(ip);
    if (!a || !b || a.bits !== b.bits) {
        return false;
    }
    const prefix = bitsText === undefined ? a.bits : Number(bitsText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > a.bits) {
        return false;
    }
    const shift = BigInt(a.bits - prefix);
    return a.n >> shift === b.n >> shift;
}

/** Whether one request value matches one policy value under a positive base operator. */
function matchOne(base: string, policyValue: string, requestValue: string, req?: Request): boolean {
    switch (base.replace("Not", "")) {
        case "StringEquals":
            return policyValue.includes("${")
                ? !!valueRegExp(policyValue, req, false)?.test(requestValue)
                : policyValue === requestValue;
        case "StringEqualsIgnoreCase":
            return policyValue.includes("${")
                ? !!valueRegExp(policyValue, req, false, true)?.test(requestValue)
                : policyValue.toLowerCase() === requestValue.toLowerCase();
        case "StringLike":
            return policyValue.includes("${")
                ? !!valueRegExp(policyValue, req, true)?.test(requestValue)
                : wildcard(policyValue).test(requestValue);
        case "ArnEquals":
        case "ArnLike":
            return arnMatches(policyValue, requestValue, req);
        case "NumericEquals":
            return Number(requestValue) === Number(policyValue);
        case "NumericLessThan":
            return Number(requestValue) < Number(policyValue);
        case "NumericLessThanEquals":
            return Number(requestValue) <= Number(policyValue);
        case "NumericGreaterThan":
            return Number(requestValue) > Number(policyValue);
        case "NumericGreaterThanEquals":
            return Number(requestValue) >= Number(policyValue);
        case "DateEquals":
            return Date.parse(requestValue) === Date.parse(policyValue);
        case "DateLessThan":
            return Date.parse(requestValue) < Date.parse(policyValue);
        case "DateLessThanEquals":
            return Date.parse(requestValue) <= Date.parse(policyValue);
        case "DateGreaterThan":
            return Date.parse(requestValue) > Date.parse(policyValue);
        case "DateGreaterThanEquals":
            return Date.parse(requestValue) >= Date.parse(policyValue);
        case "Bool":
            return policyValue.toLowerCase() === requestValue.toLowerCase();
        case "BinaryEquals":
            return policyValue === requestValue;
        case "IpAddress":
            return inCidr(policyValue, requestValue);
        default:
            return false;
    }
}

/** One request value against the listed values: OR for positive operators, NOR for negated ones. */
function matchValue(base: string, policyValues: string[], requestValue: string, req?: Request): boolean {
    if (
        base.startsWith("Arn") &&
        (requestValue.split(":").length < 6 || (isNegated(base) && policyValues.some((p) => p.split(":").length < 6)))
    ) {
        return false; // not an ARN: neither ArnEquals nor ArnNotEquals holds (as the IAM simulator decides)
    }
    const any = policyValues.some((p) => matchOne(base, p, requestValue, req));
    return isNegated(base) ? !any : any;
}

/** One condition (operator, key, values) against a request. */
export function evaluateCondition(operator: string, key: string, policyValues: string[], req: Request): Truth {
    const op = parseOperator(operator);
    if (!op) {
        return false; // IAM rejects the document; an unknown operator grants nothing
    }
    const k = key.toLowerCase();
    if (req.free?.(k)) {
        return true;
    }
    if (policyValues.some((v) => v.includes(UNKNOWN))) {
        return undefined;
    }
    const values = req.values.get(k);
    const present = values !== undefined && values.length > 0;
    if (op.base === "Null") {
        return policyValues.some((v) => v.toLowerCase() === (present ? "false" : "true"));
    }
    // A value with a variable AWS cannot resolve matches nothing; under a negated operator it makes the test
    // fail for a request with the key (AWS: "might cause the entire statement to be invalid"; the IAM
    // simulator decides so). Without the key, the key's absence decides as usual.
    if (
        present &&
        isNegated(op.base) &&
        policyValues.some((v) => v.includes("${") && resolvePieces(v, req) === undefined)
    ) {
        return false;
    }
    if (op.set === "ForAllValues") {
        return !present || values!.every((v) => matchValue(op.base, policyValues, v, req));
    }
    if (op.set === "ForAnyValue") {
        return present && values!.some((v) => matchValue(op.base, policyValues, v, req));
    }
    if (!present) {
        return op.ifExists || isNegated(op.base);
    }
    return isNegated(op.base)
        ? values!.every((v) => matchValue(op.base, policyValues, v, req))
        : values!.some((v) => matchValue(op.base, policyValues, v, req));
}

/** A whole Condition element: every test must hold. */
export function evaluateConditions(conditions: Conditions, req: Request): Truth {
    let result: Truth = true;
    for (const [operator, block] of Object.entries(conditions)) {
        for (const [key, values] of Object.entries(block)) {
            const t = evaluateCondition(operator, key, values, req);
            if (t === false) {
                return false;
            }
            if (t === undefined) {
                result = undefined;
            }
        }
    }
    return result;
}
