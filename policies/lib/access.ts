// Who a statement lets in, judged with the condition evaluator (conditions.ts) over probe requests:
// requests an attacker could make (from another account, or a service acting for another account's or
// another resource's behalf). A statement is bound when no probe of an outsider matches it.
//
// Request-context facts used (IAM User Guide, "AWS global condition context keys"):
// - aws:SourceAccount / aws:SourceArn / aws:SourceOrgID / aws:SourceOrgPaths are in the request only
//   when a service principal calls on behalf of a resource; the attacker picks that resource;
// - aws:PrincipalAccount / aws:PrincipalArn / aws:PrincipalOrgID are in the request of an IAM
//   principal (not of a service principal); aws:PrincipalIsAWSService is true only for a service
//   principal;
// - kms:CallerAccount is the account of the caller (AWS KMS Developer Guide, "kms:CallerAccount").
// Every other key is left free (the requester may satisfy it), so "bound" is never claimed from a
// condition the probe does not model.
import { PolicyResource } from "@pulumi/policy";
import { evaluateConditions, request, Request, Truth, UNKNOWN, wildcard } from "./conditions";
import { Principal, Statement } from "./documents";

/** A 12-digit account id nobody uses in this repository: the probes' "other account". */
export const PROBE_ACCOUNT = "999988887777";
export const PROBE_ORG = "o-probeother01";

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
    /** This stack's account, when the plan tells it. */
    account: string | undefined;
    region: string | undefined;
    trusted: string[];
}

function majority(values: string[]): string | undefined {
    const counts = new Map<string, number>();
    for (const v of values) {
        counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    if (sorted.length === 0 || (sorted.length > 1 && sorted[0][1] === sorted[1][1])) {
        return undefined;
    }
    return sorted[0][0];
}

/**
 * This stack's account and region: the account id and region most ARNs of the plan name (every ARN of
 * every resource, documents included, so one edited document cannot outvote the rest). A plan that
 * names no ARN (or two accounts equally often) leaves the account undefined: rules then cannot judge.
 */
const contextCache = new WeakMap<PolicyResource[], Omit<StackContext, "trusted">>();

export function stackContext(all: PolicyResource[], trusted: string[] = []): StackContext {
    const cached = contextCache.get(all);
    if (cached) {
        return { ...cached, trusted };
    }
    const strings: string[] = [];
    for (const r of all) {
        collectStrings(r.props, strings);
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
    const found = { account: majority(accounts), region: majority(regions) };
    contextCache.set(all, found);
    return { ...found, trusted };
}

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
    principal: { aws?: string; service?: string };
    req: Request;
}

/** An IAM role of another account, calling directly. */
export function otherAccountPrincipalProbe(account = PROBE_ACCOUNT, org = PROBE_ORG): Probe {
    const arn = `arn:aws:iam::${account}:role/probe`;
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
): Probe {
    return {
        label,
        principal: { service },
        req: request(
            {
                "aws:PrincipalIsAWSService": "true",
                "aws:PrincipalServiceName": service,
                "aws:SourceAccount": source?.account,
                "aws:SourceOwner": source?.account,
                "aws:SourceArn": source?.arn,
                "aws:SourceOrgID": source?.account ? (source.org ?? PROBE_ORG) : undefined,
                "aws:SourceOrgPaths": source?.account
                    ? `${source.org ?? PROBE_ORG}/r-prob/ou-prob-other01/`
                    : undefined,
            },
            free,
        ),
    };
}

function principalMatches(p: Principal | undefined, notP: Principal | undefined, probe: Probe): boolean {
    const hit = (x: Principal) => {
        if (x.any) {
            return true;
        }
        if (probe.principal.service) {
            return x.service.some((s) => wildcard(s, true).test(probe.principal.service!));
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
    return evaluateConditions(s.conditions, probe.req);
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
