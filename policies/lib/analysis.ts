// Statement-level analysis of policy documents: pure functions shared by the rules.
//
// Each function takes a parsed document and its kind and returns findings (statement + message).
// The rules decide the enforcement; these functions only say what is wrong and why.
import {
    actionInfo,
    conditionKeyInfo,
    expandActionPattern,
    serviceExists,
    splitAction,
    wildcardRegExp,
} from "./catalog";
import { DocumentKind, PolicyDocument, Principal, Statement, statementLabel } from "./documents";
import { viaServiceLeaks } from "./kms";
import { scopedByConditions } from "./scoping";

/** The value the Pulumi engine writes for a value unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Finding {
    statement: Statement;
    message: string;
}

const finding = (statement: Statement, message: string): Finding => ({
    statement,
    message: `${statementLabel(statement)}: ${message}`,
});

// ---------------------------------------------------------------------------------------------
// Principals and conditions
// ---------------------------------------------------------------------------------------------

const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/** true for `arn:aws:iam::123456789012:root` or a bare account id. */
export function isAccountRoot(p: string): boolean {
    return ACCOUNT_ROOT.test(p) || /^\d{12}$/.test(p);
}

/** true when the principal names only account roots (no services, no `*`, no roles or users). */
export function onlyAccountRoots(p: Principal | undefined): boolean {
    return (
        !!p &&
        !p.any &&
        p.aws.length > 0 &&
        p.aws.every(isAccountRoot) &&
        p.service.length === 0 &&
        p.federated.length === 0 &&
        p.canonicalUser.length === 0
    );
}

export interface ConditionEntry {
    operator: string;
    key: string;
    values: string[];
}

/** Every condition entry of a statement whose key matches (case-insensitively). */
export function conditionEntries(s: Statement, key: string | RegExp): ConditionEntry[] {
    const out: ConditionEntry[] = [];
    for (const [operator, block] of Object.entries(s.conditions)) {
        for (const [k, values] of Object.entries(block)) {
            const match = typeof key === "string" ? k.toLowerCase() === key.toLowerCase() : key.test(k);
            if (match) {
                out.push({ operator, key: k, values });
            }
        }
    }
    return out;
}

/**
 * A positive, always-evaluated operator: a request without the key does not match. Excludes the
 * negated operators, `...IfExists`, `Null`, and the set prefixes (a `ForAllValues` test is true for a
 * request without the key).
 */
export function isBindingOperator(op: string): boolean {
    return /^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i.test(op);
}

const isUnknown = (v: string) => v.includes(UNKNOWN);

/** A source-condition value that names one account, organisation or resource (no wildcards). */
export function isConcreteSourceValue(key: string, value: string): boolean {
    if (isUnknown(value)) {
        return true; // judged when known; an unknown is never a violation by itself
    }
    switch (key.toLowerCase()) {
        case "aws:sourceaccount":
            return /^\d{12}$/.test(value);
        case "aws:sourceorgid":
            return /^o-[a-z0-9]{10,32}$/.test(value);
        case "aws:sourcearn": {
            const parts = value.split(":");
            if (parts.length < 6 || parts[0] !== "arn") {
                return false;
            }
            const [, partition, service, region, account] = parts;
            const resource = parts.slice(5).join(":");
            if ([partition, service, region].some((x) => /[*?]/.test(x)) || partition === "" || service === "") {
                return false;
            }
            if (account === "") {
                return resource !== "" && !/[*?]/.test(resource); // e.g. arn:aws:s3:::bucket
            }
            return /^\d{12}$/.test(account) && resource !== "" && resource !== "*";
        }
        default:
            return false;
    }
}

export const SOURCE_KEYS = ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID"];

/** The source condition that binds a statement to one account/organisation/resource, if any. */
export function bindingSourceCondition(s: Statement): ConditionEntry | undefined {
    for (const key of SOURCE_KEYS) {
        for (const e of conditionEntries(s, key)) {
            if (
                isBindingOperator(e.operator) &&
                e.values.length > 0 &&
                e.values.every((v) => isConcreteSourceValue(e.key, v))
            ) {
                return e;
            }
        }
    }
    return undefined;
}

/** Expand a statement's actions into catalog actions (`*` stays `*`). Unknown patterns are dropped. */
export async function expandActions(patterns: string[]): Promise<string[]> {
    const out = new Set<string>();
    for (const p of patterns) {
        for (const a of await expandActionPattern(p)) {
            out.add(a);
        }
    }
    return [...out];
}

/** true when an action pattern covers the given action (`kms:CreateGrant` is covered by `kms:Create*`). */
export function patternCovers(pattern: string, action: string): boolean {
    if (pattern === "*") {
        return true;
    }
    const [ps, pn] = splitAction(pattern);
    const [as, an] = splitAction(action);
    return !!ps && ps === as && pn !== undefined && an !== undefined && wildcardRegExp(pn).test(an);
}

const isFullWildcard = (a: string) => a === "*" || /^[a-z0-9-]+:\*$/i.test(a);

// ---------------------------------------------------------------------------------------------
// Over-broad actions and the Not* elements
// ---------------------------------------------------------------------------------------------

/**
 * Allow statements granting `*` or `service:*`. The account-root statement of a key policy
 * (`kms:*` to `arn:aws:iam::ACCOUNT:root`) is the documented default and is allowed.
 */
export function wildcardActionFindings(doc: PolicyDocument, kind: DocumentKind, allowed: string[] = []): Finding[] {
    const out: Finding[] = [];
    for (const s of doc.statements) {
        if (s.effect !== "Allow" || !s.actions) {
            continue;
        }
        const wild = s.actions.filter(
            (a) => isFullWildcard(a) && !allowed.some((x) => x.toLowerCase() === a.toLowerCase()),
        );
        const rootKey = kind === "key" && onlyAccountRoots(s.principal);
        const flagged = wild.filter((a) => !(rootKey && (a === "*" || a.toLowerCase() === "kms:*")));
        if (flagged.length > 0) {
            out.push(
                finding(
                    s,
                    `Allow grants every action of ${flagged.map((a) => `"${a}"`).join(", ")}; list the actions needed`,
                ),
            );
        }
    }
    return out;
}

/** NotAction, NotResource or NotPrincipal in an Allow statement. */
export function notElementFindings(doc: PolicyDocument): Finding[] {
    const out: Finding[] = [];
    for (const s of doc.statements) {
        if (s.effect !== "Allow") {
            continue;
        }
        const used = [
            s.notActions ? "NotAction" : undefined,
            s.notResources ? "NotResource" : undefined,
            s.notPrincipal ? "NotPrincipal" : undefined,
        ].filter((x): x is string => !!x);
        if (used.length > 0) {
            out.push(
                finding(s, `Allow with ${used.join(", ")} grants everything not listed; name what is granted instead`),
            );
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Resource "*" on resource-scoped actions
// ---------------------------------------------------------------------------------------------

/**
 * Identity-policy Allow statements with `Resource: "*"` naming actions that support resource-level
 * permissions, with no condition that scopes them. (In resource and key policies `*` means "this
 * resource", so they are not judged here.)
 */
export async function starResourceFindings(
    doc: PolicyDocument,
    kind: DocumentKind,
    extraScopingKeys: string[] = [],
): Promise<Finding[]> {
    if (kind !== "identity") {
        return [];
    }
    const out: Finding[] = [];
    for (const s of doc.statements) {
        if (s.effect !== "Allow" || !s.actions || !s.resources?.includes("*")) {
            continue;
        }
        if (scopedByConditions(s, extraScopingKeys)) {
            continue;
        }
        const scoped: string[] = [];
        for (const pattern of s.actions) {
            if (pattern === "*") {
                continue; // reported by the wildcard rule
            }
            for (const a of await expandActionPattern(pattern)) {
                const info = await actionInfo(a);
                if (info && !info.wildcardOnly) {
                    scoped.push(info.name);
                }
            }
        }
        if (scoped.length > 0) {
            const shown = [...new Set(scoped)].sort();
            const list =
                shown.length > 6 ? `${shown.slice(0, 6).join(", ")} and ${shown.length - 6} more` : shown.join(", ");
            out.push(
                finding(
                    s,
                    `Resource "*" on actions that take resource ARNs (${list}) and no condition scopes it; name the resources`,
                ),
            );
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Catalog: unknown actions and condition keys, set operators on single-valued keys
// ---------------------------------------------------------------------------------------------

export async function catalogFindings(doc: PolicyDocument): Promise<Finding[]> {
    const out: Finding[] = [];
    for (const s of doc.statements) {
        for (const pattern of [...(s.actions ?? []), ...(s.notActions ?? [])]) {
            if (pattern === "*") {
                continue;
            }
            const [service, name] = splitAction(pattern);
            if (!service || !name) {
                out.push(finding(s, `"${pattern}" is not an action (expected service:Action)`));
            } else if (!(await serviceExists(service))) {
                out.push(finding(s, `"${pattern}": unknown service prefix "${service}"`));
            } else if ((await expandActionPattern(pattern)).length === 0) {
                out.push(finding(s, `"${pattern}" matches no ${service} action in the AWS catalog`));
            }
        }
        for (const [operator, block] of Object.entries(s.conditions)) {
            for (const key of Object.keys(block)) {
                const info = await conditionKeyInfo(key);
                if (!info) {
                    out.push(finding(s, `unknown condition key "${key}"`));
                } else if (/^ForAllValues:/i.test(operator) && !info.multiValued) {
                    out.push(
                        finding(
                            s,
                            `${operator} on single-valued key "${key}" is true for any request without the key; use ${operator.slice("ForAllValues:".length)}`,
                        ),
                    );
                }
            }
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Confused deputy
// ---------------------------------------------------------------------------------------------

/** The services AWS documents as SNS event sources that publish to encrypted topics (SNS developer guide). */
export const SNS_EVENT_SOURCES = ["cloudwatch.amazonaws.com", "events.amazonaws.com"];
const SNS_DATA_KEY_ACTIONS = ["kms:generatedatakey*", "kms:generatedatakey", "kms:decrypt"];

/**
 * A key-policy statement that lets an SNS event source encrypt notifications to an encrypted topic:
 * only GenerateDataKey and Decrypt, only through SNS (`kms:ViaService` = `sns.REGION.amazonaws.com`).
 * The KMS request is made by SNS on behalf of the publisher and carries no `aws:SourceArn` or
 * `aws:SourceAccount` (SNS developer guide, "Enable compatibility between event sources from AWS
 * services and encrypted topics": not supported for EventBridge); the confused-deputy binding
 * belongs on the topic policy, which the publish request must pass first.
 */
export function snsEventSourceKeyStatement(s: Statement, services: string[]): boolean {
    if (services.length === 0 || !services.every((p) => SNS_EVENT_SOURCES.includes(p))) {
        return false;
    }
    const actions = s.actions ?? [];
    if (s.notActions || actions.length === 0 || !actions.every((a) => SNS_DATA_KEY_ACTIONS.includes(a.toLowerCase()))) {
        return false;
    }
    // Judged by the evaluator (lib/kms.ts): no direct call, no other service, no other region.
    // Compared as IAM compares: under a case-insensitive operator (StringEqualsIgnoreCase) an upper-case
    // name matches the lower-case value the request carries (IAM User Guide, "Condition operators").
    const region = conditionEntries(s, "kms:ViaService")
        .flatMap((e) => (/IgnoreCase/i.test(e.operator) ? e.values.map((v) => v.toLowerCase()) : e.values))
        .map((v) => /^sns\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/.exec(v)?.[1])
        .find((r) => r !== undefined);
    return region !== undefined && viaServiceLeaks(s, { region, services: ["sns"] }).leaks.length === 0;
}

/**
 * In resource, key and trust policies: every Allow to a service principal, and every Allow to `*`,
 * must be bound by aws:SourceAccount, aws:SourceArn or aws:SourceOrgID with a concrete value.
 */
export function confusedDeputyFindings(
    doc: PolicyDocument,
    kind: DocumentKind,
    exemptServicePrincipals: string[] = [],
): Finding[] {
    if (kind === "identity") {
        return [];
    }
    const out: Finding[] = [];
    for (const s of doc.statements) {
        if (s.effect !== "Allow" || !s.principal) {
            continue;
        }
        const services = s.principal.service.filter((p) => !exemptServicePrincipals.includes(p));
        if (services.length === 0 && !s.principal.any) {
            continue;
        }
        if (bindingSourceCondition(s)) {
            continue;
        }
        if (kind === "key" && !s.principal.any && snsEventSourceKeyStatement(s, services)) {
            continue;
        }
        const who = s.principal.any ? `"*"` : services.map((p) => `"${p}"`).join(", ");
        const weak = SOURCE_KEYS.flatMap((k) => conditionEntries(s, k));
        const why =
            weak.length > 0
                ? `its ${weak.map((e) => `${e.operator} ${e.key}`).join(", ")} does not bind one account or resource (use StringEquals/ArnEquals with no wildcard)`
                : "no aws:SourceAccount, aws:SourceArn or aws:SourceOrgID condition";
        out.push(finding(s, `grants ${who} with ${why}; any account's resource could use it (confused deputy)`));
    }
    return out;
}
