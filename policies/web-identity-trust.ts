// Policy web-identity-trust: a role trusted by an OIDC provider (e.g. GitHub Actions) must bind the
// token's audience (`HOST:aud`) and subject (`HOST:sub`), judged by the condition evaluator: a token of
// another audience, or of another subject (another repository), must not be admitted. IAM User Guide,
// "Create a role for OpenID Connect federation" and "Available keys for AWS web identity federation";
// GitHub Docs, "Configuring OpenID Connect in Amazon Web Services" (aud sts.amazonaws.com, sub repo:…).
//
// For GitHub Actions the part after the repository is judged too (issue 22): a subject is admitted only
// when the statement names it exactly. GitHub Docs, "OpenID Connect reference"
// (https://docs.github.com/en/actions/reference/security/oidc), "Example subject claims": one subject
// per environment (`repo:O/R:environment:NAME`), branch or tag (`repo:O/R:ref:refs/heads/BRANCH`) or
// `repo:O/R:pull_request`; and "Customizing the token claims": a repository may change its subject's
// layout (e.g. `repo:O/R:environment:E:job_workflow_ref:O/R/.github/workflows/F.yml@refs/heads/main`),
// which is again one exact value. So a pattern after the repository (`repo:O/R:*`,
// `repo:O/R:environment:dev*`) admits environments, branches, tags or pull requests nobody named, and a
// `pull_request` subject (any contributor's pull request, forks included where the repository runs their
// workflows) must not reach a role that may write. Values are compared as IAM compares them (the pack's
// evaluator, lib/conditions.ts): StringEquals and StringLike case-sensitively, the ...IgnoreCase
// operators ignoring case; the probes keep the case of the document's own values.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { Finding, patternCovers } from "./lib/analysis";
import { deniedBy, Probe } from "./lib/access";
import { evaluateConditions, parseOperator, request } from "./lib/conditions";
import { PolicyDocument, Statement, statementLabel } from "./lib/documents";
import { statementActions } from "./lib/identity";
import { attachesTo, attachments, resolveAttachment } from "./lib/managed";
import { stackRule } from "./lib/rule";
import { cannotJudge } from "./lib/stack";
import { documentsForJudging, roleIdentityPolicies } from "./lib/stackdocs";

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

/** GitHub's documented audience for AWS (GitHub Docs, "Configuring OpenID Connect in Amazon Web Services"). */
const GITHUB_AUDIENCE = "sts.amazonaws.com";

const hasWildcard = (v: string) => /[*?]/.test(v);

/**
 * GitHub subjects inside the intended repositories that no exact value of the statement names: another
 * branch, tag, environment, a pull request, and each pattern's value filled. A subject named exactly
 * (a value without `*` or `?`, under any operator) is intended; `pull_request` named exactly is judged
 * by the role's permissions instead (see the rule).
 */
function insideSubjects(values: string[]): string[] {
    const exact = new Set(values.filter((v) => !hasWildcard(v)));
    const intended = new Set(values.map(repoOf).filter((r): r is string => !!r && !hasWildcard(r)));
    const candidates = new Set<string>();
    for (const r of intended) {
        for (const after of [
            "ref:refs/heads/probe-branch",
            "ref:refs/tags/probe-tag",
            "environment:probe-environment",
            "pull_request",
        ]) {
            candidates.add(`repo:${r}:${after}`);
        }
    }
    // A customised layout that does not start with the repository (`repository_owner_id:…:repository_id:…`,
    // GitHub Docs, "OpenID Connect reference", customising the token claims): its patterns are probed filled.
    const otherLayout: string[] = [];
    for (const v of values.filter(hasWildcard)) {
        // A pattern filled two ways: each wildcard as a word, and as nothing (`environment:dev*` → `…:dev`).
        const fills = [fill(v), v.replace(/\*/g, "").replace(/\?/g, "x")];
        fills.forEach((f) => candidates.add(f));
        if (!/^[*?]*repo:/.test(v)) otherLayout.push(...fills);
    }
    return [...candidates].filter((c) => {
        const r = repoOf(c);
        return !exact.has(c) && ((r !== undefined && intended.has(r)) || otherLayout.includes(c));
    });
}

const ROLE_TYPES = ["aws:iam/role:Role", "aws-native:iam:Role"];

/** A GitHub pull_request subject (`repo:O/R:pull_request`, or a customised layout holding the context). */
const isPullRequest = (sub: string) => /^repo:[^:]+:pull_request(:|$)/.test(sub);

/** Access levels that do not write (Service Authorization Reference: List, Read). */
const READ_LEVELS = new Set(["List", "Read"]);

/**
 * Why the role may write, or undefined when every Allow of its identity policies (inline, RolePolicy,
 * attached customer or AWS managed) grants only List and Read actions. A policy that cannot be read counts
 * as writing (the rule cannot show it does not).
 */
async function writeReason(role: PolicyResource, all: PolicyResource[]): Promise<string | undefined> {
    const docs: { doc: PolicyDocument; what: string }[] = roleIdentityPolicies(role, all).map((h) => ({
        doc: h.doc,
        what: h.holder === role ? "its inline policy" : h.holder.name,
    }));
    for (const a of attachments(all).filter((x) => attachesTo(x, role))) {
        const r = resolveAttachment(a, all);
        if (r.kind === "document") docs.push({ doc: r.doc, what: r.what });
        else return r.kind === "unknown-aws" ? `it has ${r.arn} attached, which the pack cannot read` : r.why;
    }
    for (const { doc, what } of docs) {
        for (const st of doc.statements.filter((x) => x.effect === "Allow")) {
            if (st.notActions) return `${what} ${statementLabel(st)} allows NotAction`;
            if ((st.actions ?? []).includes("*")) return `${what} ${statementLabel(st)} allows "*"`;
            const granted = await statementActions(st);
            const write = granted.find((g) => g.accessLevels.some((l) => !READ_LEVELS.has(l)));
            if (write) {
                return `${what} ${statementLabel(st)} allows ${write.action} (${write.accessLevels.join(", ")})`;
            }
            const known = new Set(granted.map((g) => g.action.toLowerCase()));
            const unknown = (st.actions ?? []).find((x) => !hasWildcard(x) && !known.has(x.toLowerCase()));
            if (unknown) return `${what} ${statementLabel(st)} allows ${unknown}, not in the catalog`;
        }
    }
    return undefined;
}

/** The findings of one trust document; `mayWrite` says why the role may write (asked only when needed). */
export async function trustFindings(
    doc: PolicyDocument,
    mayWrite: () => Promise<string | undefined>,
): Promise<Finding[]> {
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
                // GitHub: the audience AWS's action requests is sts.amazonaws.com; any other literal
                // audience (GitHub's default is the owner's URL) is a token minted for another party.
                if (host === GITHUB) {
                    for (const v of valuesOf(doc.statements, aud).filter((x) => !hasWildcard(x))) {
                        if (v !== GITHUB_AUDIENCE) {
                            probes.push([`a token for audience "${v}" (not ${GITHUB_AUDIENCE})`, aud, { [aud]: v }]);
                        }
                    }
                }
            }
            if (oidc) {
                probes.push(
                    [`a token of another subject (${PROBE_SUBJECT})`, sub, { [sub]: PROBE_SUBJECT }],
                    ["a token without a subject", sub, {}],
                );
                if (host === GITHUB) {
                    const values = valuesOf(doc.statements, sub);
                    for (const c of foreignSubjects(values)) {
                        probes.push([`a token of another repository (${c})`, sub, { [sub]: c }]);
                    }
                    for (const c of insideSubjects(values)) {
                        probes.push([`a subject of the repository no exact value names (${c})`, sub, { [sub]: c }]);
                    }
                }
            }
            const admitted = ([, key, values]: [string, string, Record<string, string>]) => {
                const req = request(values, (k) => k !== key);
                const probe: Probe = { label: "", principal: { federated: p }, req };
                return evaluateConditions(s.conditions, req) !== false && !deniedBy(doc.statements, s, probe);
            };
            const open = probes.filter(admitted).map(([label]) => label);
            if (open.length > 0) {
                const bind = oidc ? `${audKeys.join(", ")} and ${sub}` : audKeys.join(", ");
                out.push({
                    statement: s,
                    message: `${statementLabel(s)}: admits ${p} for ${[...new Set(open)].join(", ")}; bind ${bind}${host === GITHUB ? ` (StringEquals, ${GITHUB_AUDIENCE} and exact subjects)` : ""}`,
                });
                continue;
            }
            // An exact pull_request subject on a role that may write: a pull request's workflow (its code
            // chosen by whoever opened it) gets write access.
            if (host === GITHUB) {
                const pulls = valuesOf(doc.statements, sub).filter(
                    (v) => isPullRequest(v) && admitted(["", sub, { [sub]: v }]),
                );
                if (pulls.length > 0) {
                    const why = await mayWrite();
                    if (why) {
                        out.push({
                            statement: s,
                            message: `${statementLabel(s)}: admits ${p} for pull requests (${pulls.join(", ")}) on a role that may write (${why}); trust pull_request only on a read-only role, and an environment or branch here`,
                        });
                    }
                }
            }
        }
    }
    return out;
}

export const webIdentityTrust: StackValidationPolicy = stackRule(
    {
        name: "web-identity-trust",
        description:
            "A trust policy admitting a web identity provider (sts:AssumeRoleWithWebIdentity) must bind the token's audience (HOST:aud; app_id for Facebook and Login with Amazon) and, for an OIDC provider, its subject (HOST:sub); for GitHub Actions the audience sts.amazonaws.com and exact subjects of one repository (no pattern after the repository), and no pull_request subject on a role whose identity policies allow anything but List and Read actions.",
        remediationSteps:
            'Add Condition {"StringEquals": {"HOST:aud": "sts.amazonaws.com", "HOST:sub": "repo:ORG/REPO:environment:NAME"}} (or "repo:ORG/REPO:ref:refs/heads/BRANCH": one environment or branch, never a pattern after the repository, and no pull_request subject on a role that may write; GitHub Docs, "OpenID Connect reference", example subject claims); for Amazon Cognito {"StringEquals": {"cognito-identity.amazonaws.com:aud": "POOL_ID"}}.',
        enforcementLevel: "mandatory",
    },
    async (args, report) => {
        const hidden: string[] = [];
        for (const r of args.resources) {
            const { docs, unjudged } = documentsForJudging(r);
            const trust = docs.filter((h) => h.kind === "trust");
            if (ROLE_TYPES.includes(r.type)) hidden.push(...unjudged);
            for (const h of trust) {
                for (const f of await trustFindings(h.doc, () => writeReason(r, args.resources))) {
                    report(`${h.property}: ${f.message}`, r.urn);
                }
            }
        }
        cannotJudge(hidden, "the plan hides the document");
    },
);
