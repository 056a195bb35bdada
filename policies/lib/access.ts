// Who a statement lets in, judged with the condition evaluator (conditions.ts) over probe requests:
// requests an attacker could make (from another account, or a service acting for another account's or
// another resource's behalf). A statement is bound when no probe of an outsider matches it.
//
// Request-context facts used (IAM User Guide, "AWS global condition context keys"):
// - aws:SourceAccount / aws:SourceArn / aws:SourceOrgID / aws:SourceOrgPaths are in the request only
//   when a service principal calls on behalf of a resource; the attacker picks that resource;
// - aws:PrincipalArn / aws:PrincipalOrgID are in the request of an IAM principal (aws:PrincipalArn:
//   "all signed requests"; aws:PrincipalOrgID: "only if the principal is a member of an organization");
//   aws:PrincipalIsAWSService is true only for a service principal;
// - aws:PrincipalAccount "is included in the request context for all requests, including anonymous
//   requests" (current page; an older copy said "always included"): a service principal's request has
//   it too, with a value the page does not give. A service probe is therefore judged both ways, without
//   the key and with it set to a value that is no customer account (SERVICE_PRINCIPAL_ACCOUNT): an
//   Allow admits if either admits, a Deny holds only if both hold;
// - kms:CallerAccount is the account of the caller (AWS KMS Developer Guide, "kms:CallerAccount").
// Every other key is left free (the requester may satisfy it), so "bound" is never claimed from a
// condition the probe does not model.
import { randomBytes, randomInt } from "crypto";
import { PolicyResource } from "@pulumi/policy";
import { evaluateConditions, parseOperator, request, Request, Truth, UNKNOWN, wildcard } from "./conditions";
import { Principal, Statement } from "./documents";
import { splitAction, wildcardRegExp } from "./catalog";

/** A 12-digit account id nobody uses in this repository: the probes' "other account". */
export const PROBE_ACCOUNT = "999988887777";
export const PROBE_ORG = "o-probeother01";

/**
 * An account, organisation and resource name drawn at random once per run: the confused-deputy rule's
 * second line behind PROBE_ACCOUNT (a fixed value a negated condition could name and exclude). Findings
 * never print these values, so a report reads the same on every run.
 */
export const RUN_PROBE = (() => {
    let account: string;
    do {
        account = String(randomInt(100000, 999999)) + String(randomInt(100000, 999999)).padStart(6, "0");
    } while (account === PROBE_ACCOUNT);
    const name = `r${randomBytes(6).toString("hex")}`;
    return { account, org: `o-${randomBytes(5).toString("hex")}`, name };
})();

/** Keys a probe fixes (present with a value, or absent); every other key is free. */
const MODELLED = new Set(
    [
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:SourceOwner",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalIsAWSService",
        "aws:PrincipalServiceName",
        "aws:PrincipalServiceNamesList",
        "aws:PrincipalType",
        "aws:ResourceAccount",
        "kms:CallerAccount",
    ].map((k) => k.toLowerCase()),
);

const free = (key: string) => !MODELLED.has(key);

// ---------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------

const ARN_ACCOUNT = /^arn:aws[a-z-]*:(?:iam|sts):[a-z0-9-]*:(\d{12}):/;

/** The account a principal string names: an account id, an IAM/STS ARN; `*` for anyone; else undefined. */
export function principalAccount(p: string): string | undefined {
    if (p === "*") {
        return "*";
    }
    if (/^\d{12}$/.test(p)) {
        return p;
    }
    return ARN_ACCOUNT.exec(p)?.[1];
}

/** The account of an ARN (any service), or undefined. */
export function arnAccount(arn: string): string | undefined {
    const parts = arn.split(":");
    return parts.length >= 6 && parts[0] === "arn" && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}

/** The region of an ARN, or undefined. */
export function arnRegion(arn: string): string | undefined {
    const parts = arn.split(":");
    return parts.length >= 6 && parts[0] === "arn" && /^[a-z]{2}(-[a-z]+)+-\d$/.test(parts[3]) ? parts[3] : undefined;
}

function collectStrings(v: unknown, out: string[], depth = 0): void {
    if (depth > 12) {
        return;
    }
    if (typeof v === "string") {
        out.push(v);
    } else if (v && typeof v === "object") {
        // Arrays too: the policy SDK's unknown values throw on reading (an element of an array included),
        // so each element is read on its own and an unknown one is skipped.
        for (const k of Object.keys(v)) {
            let x: unknown;
            try {
                x = (v as Record<string, unknown>)[k];
            } catch {
                continue; // an unknown value during preview
            }
            collectStrings(x, out, depth + 1);
        }
    }
}

const ACCOUNT_IN_TEXT = /arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):|sqs\.[a-z0-9-]+\.amazonaws\.com\/(\d{12})\//g;
const REGION_IN_TEXT = /arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d):/g;

export interface StackContext {
    /** This stack's account: the `accountId` setting, else the vote over the plan's ARNs. */
    account: string | undefined;
    region: string | undefined;
    trusted: string[];
    /** The vote over the plan's ARNs: the account most name, how many do, and the other accounts named. */
    vote?: AccountVote;
    /** Where `account` comes from (default: the vote). */
    accountFrom?: "setting" | "vote";
}

export interface AccountVote {
    account: string | undefined;
    count: number;
    total: number;
    /** Other accounts the ARNs name, with how often. */
    others: [string, number][];
}

/**
 * One line on how this stack's account was chosen, for advisory output: shown when the vote decided and
 * was not unanimous (some ARNs name another account), so a reviewer sees what the rule took as "this
 * account" and can pin it with the `accountId` setting.
 */
export function voteNote(ctx: StackContext): string | undefined {
    if (ctx.accountFrom === "setting" || !ctx.vote || ctx.vote.others.length === 0) {
        return undefined;
    }
    const others = ctx.vote.others.map(([a, n]) => `${a} ×${n}`).join(", ");
    const chosen = ctx.vote.account
        ? `this stack's account taken as ${ctx.vote.account}, named by ${ctx.vote.count} of ${ctx.vote.total} ARNs of the plan`
        : `no account named by most ARNs of the plan (${ctx.vote.total} ARNs)`;
    return `${chosen} (also named: ${others}); set the accountId setting to pin it`;
}

function tally(values: string[]): AccountVote {
    const counts = new Map<string, number>();
    for (const v of values) {
        counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const tie = sorted.length === 0 || (sorted.length > 1 && sorted[0][1] === sorted[1][1]);
    return {
        account: tie ? undefined : sorted[0][0],
        count: tie ? 0 : sorted[0][1],
        total: values.length,
        others: tie ? sorted : sorted.slice(1),
    };
}

const majority = (values: string[]) => tally(values).account;

/**
 * This stack's account and region: the account id and region most ARNs of the plan name (every ARN of
 * every resource, documents included, so one edited document cannot outvote the rest). A plan that
 * names no ARN (or two accounts equally often) leaves the account undefined: rules then cannot judge.
 */
const contextCache = new WeakMap<PolicyResource[], { vote: AccountVote; region: string | undefined }>();

export function stackContext(all: PolicyResource[], trusted: string[] = [], accountId?: string): StackContext {
    const found = voteOf(all);
    return {
        account: accountId ?? found.vote.account,
        region: found.region,
        trusted,
        vote: found.vote,
        accountFrom: accountId ? "setting" : "vote",
    };
}

function voteOf(all: PolicyResource[]): { vote: AccountVote; region: string | undefined } {
    const cached = contextCache.get(all);
    if (cached) {
        return cached;
    }
    const strings: string[] = [];
    for (const r of all) {
        collectStrings(r.props, strings);
    }
    // Each stack rule gets its own copy of the resources, so the cache above holds within a rule; the
    // text is the same for every rule of one analysis, so the vote over it is kept for the last text.
    const text = strings.join("\0");
    if (lastVote?.text === text) {
        contextCache.set(all, lastVote.found);
        return lastVote.found;
    }
    const accounts: string[] = [];
    const regions: string[] = [];
    for (const s of strings) {
        for (const m of s.matchAll(ACCOUNT_IN_TEXT)) {
            accounts.push(m[1] ?? m[2]);
        }
        for (const m of s.matchAll(REGION_IN_TEXT)) {
            regions.push(m[1]);
        }
    }
    const found = { vote: tally(accounts), region: majority(regions) };
    contextCache.set(all, found);
    lastVote = { text, found };
    return found;
}

let lastVote: { text: string; found: { vote: AccountVote; region: string | undefined } } | undefined;

/** Whether an account is this stack's or a trusted one. */
export function isOwnOrTrusted(ctx: StackContext, account: string): boolean {
    return account === ctx.account || ctx.trusted.includes(account);
}

// ---------------------------------------------------------------------------------------------
// Probes
// ---------------------------------------------------------------------------------------------

export interface Probe {
    /** What the probe stands for, in a finding: "a principal of account 999988887777". */
    label: string;
    /** The principal that makes the request: an IAM ARN or a service principal. */
    principal: { aws?: string; service?: string; federated?: string };
    req: Request;
    /** Other request contexts AWS may build for the same caller (a service probe: aws:PrincipalAccount set). */
    alsoReq?: Request[];
}

/**
 * The aws:PrincipalAccount of a service probe's second reading: the IAM User Guide ("AWS global condition
 * context keys", aws:PrincipalAccount) puts the key in every request but names no value for a service
 * principal; this stands for "some account that is not a customer's" (it matches only `*` patterns).
 */
export const SERVICE_PRINCIPAL_ACCOUNT = "aws-service-principal";

/**
 * An IAM role of another account, calling directly. `resourceAccount` is the account owning the resource
 * the request is for (aws:ResourceAccount, present in every request: IAM User Guide, global condition keys).
 */
export function otherAccountPrincipalProbe(
    account = PROBE_ACCOUNT,
    org = PROBE_ORG,
    resourceAccount?: string,
    arn = `arn:aws:iam::${account}:role/probe`,
): Probe {
    return {
        label: `a role of account ${account}`,
        principal: { aws: arn },
        req: request(
            {
                "aws:PrincipalAccount": account,
                "aws:PrincipalArn": arn,
                "aws:PrincipalOrgID": org,
                "aws:PrincipalOrgPaths": `${org}/r-prob/ou-prob-other01/`,
                "aws:PrincipalIsAWSService": "false",
                "aws:PrincipalType": "AssumedRole",
                "aws:ResourceAccount": resourceAccount,
                "kms:CallerAccount": account,
            },
            free,
        ),
    };
}

/**
 * A service acting for a resource: `source` absent means a request without source context. Context
 * facts: aws:SourceArn/aws:SourceAccount are set by the service (IAM User Guide, "The confused deputy
 * problem", cross-service confused deputy prevention).
 */
export function serviceProbe(
    service: string,
    source: { account?: string; arn?: string; org?: string } | undefined,
    label: string,
    resourceAccount?: string,
): Probe {
    // The same probe is asked for again and again (per statement, policy and resource); probes are
    // never changed once built, so each is built once.
    const key = JSON.stringify([service, source?.account, source?.arn, source?.org, label, resourceAccount]);
    let probe = serviceProbes.get(key);
    if (!probe) {
        if (serviceProbes.size >= 20000) serviceProbes.clear();
        probe = buildServiceProbe(service, source, label, resourceAccount);
        serviceProbes.set(key, probe);
    }
    return probe;
}

const serviceProbes = new Map<string, Probe>();

function buildServiceProbe(
    service: string,
    source: { account?: string; arn?: string; org?: string } | undefined,
    label: string,
    resourceAccount?: string,
): Probe {
    const values = {
        "aws:PrincipalIsAWSService": "true",
        "aws:PrincipalServiceName": service,
        "aws:ResourceAccount": resourceAccount,
        "aws:SourceAccount": source?.account,
        "aws:SourceOwner": source?.account,
        "aws:SourceArn": source?.arn,
        "aws:SourceOrgID": source?.account ? (source.org ?? PROBE_ORG) : undefined,
        "aws:SourceOrgPaths": source?.account ? `${source.org ?? PROBE_ORG}/r-prob/ou-prob-other01/` : undefined,
    };
    let also: Request[] | undefined;
    return {
        label,
        principal: { service },
        req: request(values, free),
        // Built when a statement names aws:PrincipalAccount (see readingsFor): most never do.
        get alsoReq() {
            return (also ??= [request({ ...values, "aws:PrincipalAccount": SERVICE_PRINCIPAL_ACCOUNT }, free)]);
        },
    };
}

const namesPrincipalAccount = new WeakMap<Statement, boolean>();

/**
 * The request contexts a statement is judged on for a probe: the probe's other readings differ from
 * its first only in aws:PrincipalAccount, so they can change the outcome only for a statement whose
 * conditions name that key, or use it as a policy variable (`${aws:PrincipalAccount}`).
 */
function readingsFor(s: Statement, probe: Probe): Request[] {
    let names = namesPrincipalAccount.get(s);
    if (names === undefined) {
        names = Object.values(s.conditions).some((block) =>
            Object.entries(block).some(
                ([k, vs]) =>
                    k.toLowerCase() === "aws:principalaccount" || vs.some((v) => /\$\{aws:principalaccount\}/i.test(v)),
            ),
        );
        namesPrincipalAccount.set(s, names);
    }
    return names && probe.alsoReq ? [probe.req, ...probe.alsoReq] : [probe.req];
}

function principalMatches(p: Principal | undefined, notP: Principal | undefined, probe: Probe): boolean {
    const hit = (x: Principal) => {
        if (x.any) {
            return true;
        }
        if (probe.principal.service) {
            return x.service.some((s) => wildcard(s, true).test(probe.principal.service!));
        }
        if (!probe.principal.aws) {
            return false;
        }
        const arn = probe.principal.aws!;
        const account = principalAccount(arn);
        return x.aws.some(
            (a) =>
                a === arn ||
                a === account ||
                a === `arn:aws:iam::${account}:root` ||
                (a.includes("*") && wildcard(a).test(arn)),
        );
    };
    if (p) {
        return hit(p);
    }
    if (notP) {
        return !hit(notP);
    }
    return false;
}

/** Whether an Allow statement admits the probe (principal and conditions; actions not considered). */
export function admits(s: Statement, probe: Probe): Truth {
    if (s.effect !== "Allow" || !principalMatches(s.principal, s.notPrincipal, probe)) {
        return false;
    }
    return anyOf(readingsFor(s, probe).map((r) => evaluateConditions(s.conditions, r)));
}

/** true if any reading is true, else undefined if any is unknown, else false. */
function anyOf(results: Truth[]): Truth {
    if (results.includes(true)) {
        return true;
    }
    return results.includes(undefined) ? undefined : false;
}

/** true when a condition value is not known until apply. */
export const hasUnknown = (s: Statement) =>
    Object.values(s.conditions).some((b) => Object.values(b).some((vs) => vs.some((v) => v.includes(UNKNOWN))));

/**
 * The organisation an outsider probe claims: the one a statement names (another account of the same
 * organisation is still another account), else a made-up one.
 */
export function orgOf(s: Statement): string {
    for (const block of Object.values(s.conditions)) {
        for (const [k, vs] of Object.entries(block)) {
            if (/^aws:(Principal|Source|Resource)Org(ID|Paths)$/i.test(k) && vs.length > 0) {
                const v = vs[0].split("/")[0].replace(/[*?]/g, "x");
                if (/^o-/.test(v)) {
                    return v;
                }
            }
        }
    }
    return PROBE_ORG;
}

// ---------------------------------------------------------------------------------------------
// Explicit Deny
// ---------------------------------------------------------------------------------------------

/** Whether every action an Allow grants is covered by the Deny's actions (NotAction never counts). */
function actionsCovered(allow: Statement, deny: Statement): boolean {
    if (!allow.actions || !deny.actions || deny.notActions) {
        return false;
    }
    // An action pattern covers an action of the same service whose name it matches, case-insensitively
    // (IAM User Guide, "IAM JSON policy elements: Action").
    const covers = (d: string, a: string) => {
        const [ds, dn] = splitAction(d);
        const [as, an] = splitAction(a);
        return !!ds && ds === as && dn !== undefined && an !== undefined && wildcardRegExp(dn).test(an);
    };
    return allow.actions.every((a) => deny.actions!.some((d) => d === "*" || covers(d, a)));
}

/** Whether every resource an Allow names is covered by the Deny's resources (absent: the holder itself). */
function resourcesCovered(allow: Statement, deny: Statement): boolean {
    if (deny.notResources || allow.notResources) {
        return false;
    }
    const denied = deny.resources ?? ["*"];
    const allowed = allow.resources ?? ["*"];
    return allowed.every((r) => denied.some((d) => d === "*" || (!r.includes("*") && wildcard(d).test(r))));
}

/**
 * Whether an explicit Deny of the same document certainly applies to the probe for everything the Allow
 * grants (IAM User Guide, "Policy evaluation logic": an explicit Deny overrides any Allow). A Deny counts
 * only when it matches the probe's principal, covers the Allow's actions and resources, and its conditions
 * hold on keys the probe fixes: a test on a key the requester chooses is one the requester can dodge.
 */
export function deniedBy(statements: Statement[], allow: Statement, probe: Probe): boolean {
    return statements.some((d) => {
        if (d.effect !== "Deny" || d.notPrincipal || !d.principal) {
            return false;
        }
        const p = d.principal;
        const principalHit =
            p.any ||
            (probe.principal.service
                ? p.service.some((x) => wildcard(x, true).test(probe.principal.service!))
                : principalMatches(d.principal, undefined, probe)) ||
            (!!probe.principal.federated &&
                p.federated.some((f) => f.toLowerCase() === probe.principal.federated!.toLowerCase()));
        if (!principalHit || !actionsCovered(allow, d) || !resourcesCovered(allow, d)) {
            return false;
        }
        const keys = Object.values(d.conditions).flatMap((b) => Object.keys(b).map((k) => k.toLowerCase()));
        if (keys.some((k) => probe.req.free?.(k))) {
            return false;
        }
        return readingsFor(d, probe).every((r) => evaluateConditions(d.conditions, { values: r.values }) === true);
    });
}

/** admits(), less the requests an explicit Deny of the same document refuses. */
export function admitsIn(statements: Statement[], s: Statement, probe: Probe): Truth {
    const a = admits(s, probe);
    return a !== false && deniedBy(statements, s, probe) ? false : a;
}

// ---------------------------------------------------------------------------------------------
// Outsider accounts a statement's own patterns admit
// ---------------------------------------------------------------------------------------------

const ACCOUNT_KEY = /^(aws:(Principal|Source|Resource)Account|aws:SourceOwner|kms:CallerAccount)$/i;
const ARN_KEY = /^aws:(Principal|Source)Arn$/i;

/** An account id of 12 digits that the pattern matches and that is not `own`, if one is easy to find. */
function fillAccount(pattern: string, own: string | undefined): string | undefined {
    if (!/[*?]/.test(pattern)) {
        return /^\d{12}$/.test(pattern) && pattern !== own ? pattern : undefined;
    }
    const re = wildcard(pattern);
    for (const d of "0123456789") {
        const fixed = pattern.replace(/\?/g, d);
        const stars = (fixed.match(/\*/g) ?? []).length;
        const room = 12 - fixed.replace(/\*/g, "").length;
        if (room < 0) {
            continue;
        }
        let first = true;
        const candidate = fixed.replace(/\*/g, () => {
            const fill = first ? d.repeat(room) : "";
            first = false;
            return fill;
        });
        if (stars >= 0 && /^\d{12}$/.test(candidate) && candidate !== own && re.test(candidate)) {
            return candidate;
        }
    }
    return undefined;
}

/**
 * Accounts other than this stack's (and not trusted) that a statement's conditions (or the document's
 * Deny statements) name or whose patterns admit (`1234567890*` admits 123456789099): the probes'
 * outsiders, besides PROBE_ACCOUNT.
 */
export function outsiderAccounts(s: Statement, ctx: StackContext, statements: Statement[] = []): string[] {
    const out = new Set<string>([PROBE_ACCOUNT]);
    // The Deny statements' values too: a Deny of every account but one names the one it lets through.
    const blocks = [s, ...statements.filter((x) => x.effect === "Deny")].flatMap((x) => Object.entries(x.conditions));
    for (const [op, block] of blocks) {
        if (parseOperator(op)?.base === "Null") {
            continue;
        }
        for (const [k, vs] of Object.entries(block)) {
            for (const v of vs) {
                const pattern = ACCOUNT_KEY.test(k) ? v : ARN_KEY.test(k) ? v.split(":")[4] : undefined;
                if (pattern === undefined || pattern.includes("${") || wildcard(pattern).test(PROBE_ACCOUNT)) {
                    continue; // PROBE_ACCOUNT already stands for what the pattern admits
                }
                const a = fillAccount(pattern, ctx.account);
                if (a && !ctx.trusted.includes(a)) {
                    out.add(a);
                }
            }
        }
    }
    return [...out];
}

/** Principal ARNs for an outsider account: a probe role, and the statement's aws:PrincipalArn patterns filled. */
export function outsiderPrincipalArns(s: Statement, account: string): string[] {
    const out = new Set([`arn:aws:iam::${account}:role/probe`]);
    for (const block of Object.values(s.conditions)) {
        for (const [k, vs] of Object.entries(block)) {
            if (!/^aws:PrincipalArn$/i.test(k)) {
                continue;
            }
            for (const v of vs) {
                const parts = v.split(":");
                if (parts.length >= 6 && !v.includes("${")) {
                    parts[4] = account;
                    out.add(parts.join(":").replace(/\*/g, "probe").replace(/\?/g, "x"));
                }
            }
        }
    }
    return [...out];
}
