// Policy web-identity-trust: a role trusted by an OIDC provider (e.g. GitHub Actions) must bind the
// token's audience (`HOST:aud`) and subject (`HOST:sub`), judged by the condition evaluator: a token of
// another audience, or of another subject (another repository), must not be admitted. IAM User Guide,
// "Create a role for OpenID Connect federation" and "Available keys for AWS web identity federation";
// GitHub Docs, "Configuring OpenID Connect in Amazon Web Services" (aud sts.amazonaws.com, sub repo:…).
import { ResourceValidationPolicy } from "@pulumi/policy";
import { Finding, patternCovers } from "./lib/analysis";
import { deniedBy, Probe } from "./lib/access";
import { evaluateConditions, parseOperator, request } from "./lib/conditions";
import { Statement, statementLabel } from "./lib/documents";
import { documentRule } from "./lib/rule";

const PROBE_AUDIENCE = "probe-audience-of-another-client";
const PROBE_SUBJECT = "repo:probe-attacker/probe-repo:ref:refs/heads/main";
const GITHUB = "token.actions.githubusercontent.com";

/**
 * Web identity providers named by a fixed principal rather than an OIDC provider ARN, with the claim that
 * names the application (IAM User Guide, "Available keys for AWS web identity federation": aud for
 * Amazon Cognito and Google, app_id for Facebook and Login with Amazon). Cognito: without
 * cognito-identity.amazonaws.com:aud any identity pool, of any account, can assume the role (Amazon Cognito
 * Developer Guide, "Security best practices for Amazon Cognito identity pools"; AWS STS API Reference,
 * AssumeRoleWithWebIdentity).
 */
const NAMED_PROVIDERS: Record<string, string[]> = {
    "cognito-identity.amazonaws.com": ["aud"],
    "accounts.google.com": ["aud"],
    "graph.facebook.com": ["app_id"],
    "www.amazon.com": ["app_id"],
};

/** A value with its wildcards filled: what a pattern admits besides its literal text. */
const fill = (v: string) => v.replace(/^\*/, "repo:probe-").replace(/\*/g, "probe").replace(/\?/g, "x");

/** The values every statement of the document tests a key with (any operator but Null), keys case-insensitive. */
function valuesOf(statements: Statement[], key: string): string[] {
    const out: string[] = [];
    for (const st of statements) {
        for (const [op, block] of Object.entries(st.conditions)) {
            if (parseOperator(op)?.base === "Null") {
                continue;
            }
            for (const [k, vs] of Object.entries(block)) {
                if (k.toLowerCase() === key) {
                    out.push(...vs);
                }
            }
        }
    }
    return out;
}

/** `repo:OWNER/REPO:…` → `OWNER/REPO` (GitHub Docs, OIDC subject claims), else undefined. */
const repoOf = (sub: string) => /^repo:([^:]+)(:|$)/.exec(sub)?.[1];

/**
 * GitHub subjects of repositories the statement does not name: the repositories named literally
 * (`repo:OWNER/REPO:…` without a wildcard in OWNER/REPO) are the intended ones; every pattern is filled
 * (`repo:examplecorp/*` → `repo:examplecorp/probe`) and each intended repository is given a look-alike.
 */
function foreignSubjects(values: string[]): string[] {
    const intended = new Set(values.map(repoOf).filter((r): r is string => !!r && !/[*?]/.test(r)));
    const candidates = new Set<string>([PROBE_SUBJECT]);
    for (const v of values) {
        candidates.add(fill(v));
    }
    for (const r of intended) {
        const [owner, repo] = r.split("/");
        candidates.add(`repo:${owner}/${repo}-probe:ref:refs/heads/main`);
        candidates.add(`repo:${owner}-probe/${repo}:ref:refs/heads/main`);
        candidates.add(`repo:probe-${owner}/${repo}:ref:refs/heads/main`);
    }
    return [...candidates].filter((c) => {
        const r = repoOf(c);
        return r !== undefined && !intended.has(r);
    });
}

export const webIdentityTrust: ResourceValidationPolicy = documentRule(
    {
        name: "web-identity-trust",
        description:
            "A trust policy admitting a web identity provider (sts:AssumeRoleWithWebIdentity) must bind the token's audience (HOST:aud; app_id for Facebook and Login with Amazon) and, for an OIDC provider, its subject (HOST:sub; for GitHub Actions one repository), so that no other client, identity pool or repository can assume the role.",
        remediationSteps:
            'Add Condition {"StringEquals": {"HOST:aud": "sts.amazonaws.com", "HOST:sub": "repo:ORG/REPO:environment:NAME"}} (or "repo:ORG/REPO:ref:refs/heads/BRANCH": one environment or branch, never a pattern after the repository, and no pull_request subject on a role that may write; GitHub Docs, "OpenID Connect reference", example subject claims); for Amazon Cognito {"StringEquals": {"cognito-identity.amazonaws.com:aud": "POOL_ID"}}.',
        enforcementLevel: "mandatory",
    },
    (doc, kind) => {
        if (kind !== "trust") {
            return [];
        }
        const out: Finding[] = [];
        for (const s of doc.statements) {
            const federated = (s.principal?.federated ?? []).filter(
                (f) => /:oidc-provider\//.test(f) || f.toLowerCase() in NAMED_PROVIDERS,
            );
            if (s.effect !== "Allow" || federated.length === 0) {
                continue;
            }
            if (!(s.actions ?? []).some((a) => patternCovers(a, "sts:AssumeRoleWithWebIdentity"))) {
                continue;
            }
            for (const p of federated) {
                const oidc = p.includes(":oidc-provider/");
                const host = oidc
                    ? p.slice(p.indexOf(":oidc-provider/") + ":oidc-provider/".length).toLowerCase()
                    : p.toLowerCase();
                const audKeys = oidc ? [`${host}:aud`] : NAMED_PROVIDERS[host].map((c) => `${host}:${c}`);
                const sub = `${host}:sub`;
                // Each claim is probed alone, the others left free: any one unbound lets another client,
                // pool or repository in. Patterns in the document's own values are probed filled.
                const probes: [string, string, Record<string, string>][] = [];
                for (const aud of audKeys) {
                    probes.push(
                        ["a token for another audience", aud, { [aud]: PROBE_AUDIENCE }],
                        ["a token without an audience", aud, {}],
                    );
                    for (const v of valuesOf(doc.statements, aud).filter((x) => /[*?]/.test(x))) {
                        probes.push([`a token for audience "${fill(v)}"`, aud, { [aud]: fill(v) }]);
                    }
                }
                if (oidc) {
                    probes.push(
                        [`a token of another subject (${PROBE_SUBJECT})`, sub, { [sub]: PROBE_SUBJECT }],
                        ["a token without a subject", sub, {}],
                    );
                    if (host === GITHUB) {
                        for (const c of foreignSubjects(valuesOf(doc.statements, sub))) {
                            probes.push([`a token of another repository (${c})`, sub, { [sub]: c }]);
                        }
                    }
                }
                const open = probes
                    .filter(([, key, values]) => {
                        const req = request(values, (k) => k !== key);
                        const probe: Probe = { label: "", principal: { federated: p }, req };
                        return evaluateConditions(s.conditions, req) !== false && !deniedBy(doc.statements, s, probe);
                    })
                    .map(([label]) => label);
                if (open.length > 0) {
                    const bind = oidc ? `${audKeys.join(", ")} and ${sub}` : audKeys.join(", ");
                    out.push({
                        statement: s,
                        message: `${statementLabel(s)}: admits ${p} for ${[...new Set(open)].join(", ")}; bind ${bind}`,
                    });
                }
            }
        }
        return out;
    },
);
