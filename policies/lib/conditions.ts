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

/** Policy variables (`${aws:username}`) are resolved per request; here they match anything. */
const withVariables = (v: string) => v.replace(/\$\{[^}]*\}/g, "*");

/** ARN matching part by part (ArnEquals and ArnLike behave the same; both take wildcards). */
export function arnMatches(pattern: string, value: string): boolean {
    const p = withVariables(pattern).split(":");
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

function ipv4(s: string): number | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
    if (!m) {
        return undefined;
    }
    const parts = m.slice(1).map(Number);
    return parts.some((x) => x > 255) ? undefined : parts.reduce((a, b) => a * 256 + b, 0);
}

function inCidr(cidr: string, ip: string): boolean {
    const [net, bitsText] = cidr.split("/");
    const a = ipv4(net);
    const b = ipv4(ip);
    if (a === undefined || b === undefined) {
        return false;
    }
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    const size = 2 ** (32 - bits);
    return Math.floor(a / size) === Math.floor(b / size);
}

/** Whether one request value matches one policy value under a positive base operator. */
function matchOne(base: string, policyValue: string, requestValue: string): boolean {
    switch (base.replace("Not", "")) {
        case "StringEquals":
            return policyValue.includes("${")
                ? wildcard(withVariables(policyValue)).test(requestValue)
                : policyValue === requestValue;
        case "StringEqualsIgnoreCase":
            return policyValue.includes("${")
                ? wildcard(withVariables(policyValue), true).test(requestValue)
                : policyValue.toLowerCase() === requestValue.toLowerCase();
        case "StringLike":
            return wildcard(withVariables(policyValue)).test(requestValue);
        case "ArnEquals":
        case "ArnLike":
            return arnMatches(policyValue, requestValue);
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
function matchValue(base: string, policyValues: string[], requestValue: string): boolean {
    if (
        base.startsWith("Arn") &&
        (requestValue.split(":").length < 6 || (isNegated(base) && policyValues.some((p) => p.split(":").length < 6)))
    ) {
        return false; // not an ARN: neither ArnEquals nor ArnNotEquals holds (as the IAM simulator decides)
    }
    const any = policyValues.some((p) => matchOne(base, p, requestValue));
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
    if (op.set === "ForAllValues") {
        return !present || values!.every((v) => matchValue(op.base, policyValues, v));
    }
    if (op.set === "ForAnyValue") {
        return present && values!.some((v) => matchValue(op.base, policyValues, v));
    }
    if (!present) {
        return op.ifExists || isNegated(op.base);
    }
    return isNegated(op.base)
        ? values!.every((v) => matchValue(op.base, policyValues, v))
        : values!.some((v) => matchValue(op.base, policyValues, v));
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
