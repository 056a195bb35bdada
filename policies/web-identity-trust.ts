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
//
// Beside the probes, a structural check (lib/github-oidc.ts bindingProblem): the Allow itself must bind the
// claims by a positive test (for GitHub: `sub` to exact values, `aud` to sts.amazonaws.com); negated
// operators and Deny statements only narrow, so a `StringNotLike` listing the probes' word cannot blind the
// rule. The probes' word is hashed from the document (no constant a document could list). GitHub issuers
// include an enterprise's unique issuer, GHE.com, GitHub Enterprise Server and the `githubIssuers` setting;
// a pull-request subject (context, ref, or `refs/pull/*/merge` as the only wildcard) is judged by whether
// the role may write, by its identity policies or by a resource or key policy of the plan that grants to it.
import { createHash } from "crypto";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { Finding, patternCovers, UNKNOWN } from "./lib/analysis";
import { deniedBy, Probe, stackContext } from "./lib/access";
import { evaluateConditions, request, wildcard } from "./lib/conditions";
import { PolicyDocument, Statement, statementLabel } from "./lib/documents";
import {
    bindingProblem,
    GITHUB_AUDIENCE,
    GITHUB_ISSUER_PATTERN,
    isBinding,
    isGitHubIssuer,
    isPattern,
    isPullRequestPattern,
    isPullRequestSubject,
    KeyTest,
    namesExactly,
    pullRequestInstance,
    testsOn,
} from "./lib/github-oidc";
import { statementActions } from "./lib/identity";
import { attachesTo, attachments, resolveAttachment, selfAttachedPolicies } from "./lib/managed";
import { stackRule, stringList } from "./lib/rule";
import { cannotJudge, dependsDirectly, safeString, valueNames } from "./lib/stack";
import { documentsForJudging, documentsOf, roleIdentityPolicies, trustPolicy } from "./lib/stackdocs";

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

/**
 * The word the probes of one trust document are made of: the first 10 hex digits of the SHA-256 of the
 * document's statements. A document cannot exclude its own probes by naming their word (that would change
 * the word), and the same document always gets the same probes and the same findings. The probes hold no
 * other text of the pack's own (no constant a `StringNotLike` could list), only GitHub's subject layout.
 */
function probeWord(doc: PolicyDocument): string {
    return createHash("sha256").update(JSON.stringify(doc.statements)).digest("hex").slice(0, 10);
}

/** A value with its wildcards filled with the word: what a pattern admits besides its literal text. */
const fillWith = (v: string, w: string) => v.replace(/\*/g, w).replace(/\?/g, w[0]);

/** A subject pattern filled; a leading `*` becomes a repository of its own (`*org/repo:*` → `repo:W-org/…`). */
const fillSubject = (v: string, w: string) => fillWith(v.replace(/^\*/, `repo:${w}-`), w);

/** Every test of the key in the document (any operator but Null), with its values. */
function testsOfDocument(statements: Statement[], key: string): { t: KeyTest; v: string }[] {
    return statements.flatMap((st) =>
        testsOn(st, key)
            .filter((t) => t.base !== "Null")
            .flatMap((t) => t.values.map((v) => ({ t, v }))),
    );
}

/** `repo:OWNER/REPO:…` → `OWNER/REPO` (GitHub Docs, OIDC subject claims), else undefined. */
const repoOf = (sub: string) => /^repo:([^:]+)(:|$)/i.exec(sub)?.[1];

const hasWildcard = (v: string) => /[*?]/.test(v);

/**
 * GitHub subjects of repositories the statement does not name: the repositories named literally
 * (`repo:OWNER/REPO:…` without a wildcard in OWNER/REPO) are the intended ones; every pattern is filled
 * (`repo:examplecorp/*` → `repo:examplecorp/W`), each intended repository is given look-alikes, and a
 * customised layout that does not start with the repository (`repository_owner_id:…`) is tried too.
 */
function foreignSubjects(values: string[], w: string): string[] {
    const intended = new Set(values.map(repoOf).filter((r): r is string => !!r && !hasWildcard(r)));
    const candidates = new Set<string>([`repo:${w}/${w}:ref:refs/heads/main`]);
    for (const v of values) {
        candidates.add(fillSubject(v, w));
    }
    for (const r of intended) {
        const [owner, repo] = r.split("/");
        candidates.add(`repo:${owner}/${repo}-${w}:ref:refs/heads/main`);
        candidates.add(`repo:${owner}-${w}/${repo}:ref:refs/heads/main`);
        candidates.add(`repo:${w}-${owner}/${repo}:ref:refs/heads/main`);
    }
    const out = [...candidates].filter((c) => {
        const r = repoOf(c);
        return r !== undefined && !intended.has(r);
    });
    // Another owner's repository whose subject layout is customised not to start with `repo:`.
    out.push(`repository_owner_id:${w}:repository_id:${w}:environment:${w}`);
    return out;
}

/**
 * GitHub subjects inside the intended repositories that no exact value of the statement names: another
 * branch, tag, environment, a pull request, and each pattern's value filled. A subject named exactly
 * (compared as its operator compares: case ignored under …IgnoreCase) is intended; `pull_request`
 * named exactly, and a pattern whose only wildcard is a pull request's number, are judged by the role's
 * permissions instead (see the rule).
 */
function insideSubjects(tests: { t: KeyTest; v: string }[], w: string): string[] {
    const named = (c: string) => tests.some(({ t, v }) => namesExactly(t, v, c));
    const intended = new Set(tests.map(({ v }) => repoOf(v)).filter((r): r is string => !!r && !hasWildcard(r)));
    const candidates = new Set<string>();
    for (const r of intended) {
        for (const after of [`ref:refs/heads/${w}`, `ref:refs/tags/${w}`, `environment:${w}`, "pull_request"]) {
            candidates.add(`repo:${r}:${after}`);
        }
    }
    // A customised layout that does not start with the repository (`repository_owner_id:…:repository_id:…`,
    // GitHub Docs, "OpenID Connect reference", customising the token claims): its patterns are probed filled.
    const otherLayout: string[] = [];
    for (const { t, v } of tests.filter(({ t, v }) => isPattern(t, v) && !isPullRequestPattern(t, v))) {
        // A pattern filled two ways: each wildcard as the word, and as nothing (`environment:dev*` → `…:dev`).
        const fills = [fillSubject(v, w), v.replace(/\*/g, "").replace(/\?/g, w[0])];
        fills.forEach((f) => candidates.add(f));
        if (!/^[*?]*repo:/i.test(v) || t.base !== "StringLike") otherLayout.push(...fills);
    }
    return [...candidates].filter((c) => {
        const r = repoOf(c);
        return !named(c) && ((r !== undefined && intended.has(r)) || otherLayout.includes(c));
    });
}

const ROLE_TYPES = ["aws:iam/role:Role", "aws-native:iam:Role"];

/** Access levels that do not write (Service Authorization Reference: List, Read). */
const READ_LEVELS = new Set(["List", "Read"]);

/** What an Allow statement grants beyond List and Read, or undefined. */
async function writeOf(st: Statement): Promise<string | undefined> {
    if (st.notActions) return "NotAction";
    if ((st.actions ?? []).includes("*")) return `"*"`;
    const granted = await statementActions(st);
    const write = granted.find((g) => g.accessLevels.some((l) => !READ_LEVELS.has(l)));
    if (write) return `${write.action} (${write.accessLevels.join(", ")})`;
    const known = new Set(granted.map((g) => g.action.toLowerCase()));
    const unknown = (st.actions ?? []).find((x) => !hasWildcard(x) && !known.has(x.toLowerCase()));
    return unknown ? `${unknown}, not in the catalog` : undefined;
}

/**
 * Whether a resource or key policy statement grants to the role: its principal is `*`, the role (by ARN or
 * name, also as an assumed-role session) or a value not known until apply that depends on the role; or a
 * NotPrincipal that leaves the role out. A principal's conditions are read with aws:PrincipalArn the role's
 * ARN and every other key free. In one account a resource policy that names the role is enough for the
 * request (IAM User Guide, "Policy evaluation for requests within a single account",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html).
 */
function grantsTo(
    st: Statement,
    holder: PolicyResource,
    role: PolicyResource,
    roleArn: string | undefined,
    account: string | undefined,
): boolean {
    const names = (v: string) => {
        if (v.includes(UNKNOWN)) return dependsDirectly(holder, role);
        const a = v.split(":")[4];
        if (account && a && /^\d{12}$/.test(a) && a !== account) return false;
        const name = safeString(role, ["name"]);
        return valueNames(v, role) || (typeof name === "string" && v.includes(`:assumed-role/${name}/`));
    };
    const hit = st.notPrincipal
        ? !st.notPrincipal.any && !st.notPrincipal.aws.some(names)
        : !!st.principal && (st.principal.any || st.principal.aws.some((v) => v === "*" || names(v)));
    if (!hit) return false;
    const req = request({ "aws:PrincipalArn": roleArn }, (k) => !(roleArn && k === "aws:principalarn"));
    return evaluateConditions(st.conditions, req) !== false;
}

/**
 * Why the role may write, or undefined when every Allow that applies to it grants only List and Read
 * actions: its identity policies (inline, RolePolicy, attached customer or AWS managed, an aws-native
 * ManagedPolicy naming it in `roles`) and every resource or key policy of the plan that grants to it. A
 * policy that cannot be read counts as writing (the rule cannot show it does not).
 */
async function writeReason(
    role: PolicyResource,
    all: PolicyResource[],
    visited: Set<string> = new Set(),
): Promise<string | undefined> {
    visited.add(role.urn);
    const docs: { doc: PolicyDocument; what: string }[] = roleIdentityPolicies(role, all).map((h) => ({
        doc: h.doc,
        what: h.holder === role ? "its inline policy" : h.holder.name,
    }));
    for (const p of selfAttachedPolicies(role, all)) {
        const held = documentsOf(p).filter((h) => h.kind === "identity");
        if (held.length === 0) return `${p.name} (attached by its roles) has a document not known until apply`;
        docs.push(...held.map((h) => ({ doc: h.doc, what: p.name })));
    }
    for (const a of attachments(all).filter((x) => attachesTo(x, role))) {
        const r = resolveAttachment(a, all);
        if (r.kind === "document") docs.push({ doc: r.doc, what: r.what });
        else return r.kind === "unknown-aws" ? `it has ${r.arn} attached, which the pack cannot read` : r.why;
    }
    for (const { doc, what } of docs) {
        for (const st of doc.statements.filter((x) => x.effect === "Allow")) {
            const w = await writeOf(st);
            if (w) return `${what} ${statementLabel(st)} allows ${w}`;
        }
    }
    const roleArn = safeString(role, ["arn"]);
    const arn = typeof roleArn === "string" && !roleArn.includes(UNKNOWN) ? roleArn : undefined;
    // The role's account: from its ARN, else from the OIDC provider its trust names (IAM providers belong to
    // an account), else the account the plan's ARNs name (a principal of another account
    // with the same role name is not this role).
    const providerAccount = (trustPolicy(role)?.statements ?? [])
        .flatMap((st) => st.principal?.federated ?? [])
        .map((f) => /^arn:aws[a-z-]*:iam::(\d{12}):oidc-provider\//.exec(f)?.[1])
        .find((a) => a !== undefined);
    const account = arn?.split(":")[4] ?? providerAccount ?? stackContext(all).account;
    for (const holder of all) {
        if (holder === role) continue;
        for (const h of documentsOf(holder).filter((d) => d.kind === "resource" || d.kind === "key")) {
            for (const st of h.doc.statements.filter((x) => x.effect === "Allow")) {
                if (!grantsTo(st, holder, role, arn, account)) continue;
                const w = await writeOf(st);
                if (w) return `the ${h.kind} policy of ${holder.name} ${statementLabel(st)} allows it ${w}`;
            }
        }
    }
    // Another role of the plan whose trust names this role for sts:AssumeRole: within one account the trust
    // naming the role is enough, no identity policy of the role needs to allow the call (IAM User Guide,
    // "Policy evaluation for requests within a single account"; AWS STS API Reference, AssumeRole). The role
    // then has whatever that role may do, so a role it may assume that writes makes it write (and so on
    // down the chain; each role is asked once). A trust naming `*`, an account root or a NotPrincipal needs
    // an identity policy allowing sts:AssumeRole, a write already found above.
    for (const other of all.filter((x) => ROLE_TYPES.includes(x.type) && !visited.has(x.urn))) {
        const trust = trustPolicy(other);
        const grant = (trust?.statements ?? []).find(
            (st) =>
                st.effect === "Allow" &&
                !st.notPrincipal &&
                !!st.principal &&
                !st.principal.any &&
                !st.principal.aws.some((v) => v === "*" || /:root$/.test(v) || /^\d{12}$/.test(v)) &&
                allowsAssumeRole(st) &&
                grantsTo(st, other, role, arn, account),
        );
        if (!grant || visited.has(other.urn)) continue;
        const w = await writeReason(other, all, visited);
        if (w) return `it may assume ${other.name} (its trust ${statementLabel(grant)}), which writes: ${w}`;
    }
    return undefined;
}

/** Whether an Allow's actions include sts:AssumeRole (as IAM matches actions: wildcards, case ignored). */
function allowsAssumeRole(st: Statement): boolean {
    const matches = (a: string) => wildcard(a, true).test("sts:AssumeRole");
    return st.notActions ? !st.notActions.some(matches) : (st.actions ?? []).some(matches);
}

export interface TrustOptions {
    /** More GitHub Actions issuers (host and path, no scheme) besides the documented ones. */
    githubIssuers?: string[];
}

/** The findings of one trust document; `mayWrite` says why the role may write (asked only when needed). */
export async function trustFindings(
    doc: PolicyDocument,
    mayWrite: () => Promise<string | undefined>,
    options: TrustOptions = {},
): Promise<Finding[]> {
    const out: Finding[] = [];
    const w = probeWord(doc);
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
            const github = oidc && isGitHubIssuer(host, options.githubIssuers);
            const audKeys = oidc ? [`${host}:aud`] : NAMED_PROVIDERS[host].map((c) => `${host}:${c}`);
            const sub = `${host}:sub`;
            // Each claim is probed alone, the others left free: any one unbound lets another client,
            // pool or repository in. Patterns in the document's own values are probed filled.
            const probes: [string, string, Record<string, string>][] = [];
            for (const aud of audKeys) {
                probes.push(
                    [`a token for another audience (${w})`, aud, { [aud]: w }],
                    ["a token without an audience", aud, {}],
                );
                for (const { v } of testsOfDocument(doc.statements, aud).filter(({ t, v }) => isPattern(t, v))) {
                    probes.push([`a token for audience "${fillWith(v, w)}"`, aud, { [aud]: fillWith(v, w) }]);
                }
                // GitHub: the audience AWS's action requests is sts.amazonaws.com; any other literal
                // audience (GitHub's default is the owner's URL) is a token minted for another party.
                if (github) {
                    for (const { t, v } of testsOfDocument(doc.statements, aud)) {
                        if (!isPattern(t, v) && !namesExactly(t, v, GITHUB_AUDIENCE)) {
                            probes.push([`a token for audience "${v}" (not ${GITHUB_AUDIENCE})`, aud, { [aud]: v }]);
                        }
                    }
                }
            }
            if (oidc) {
                const other = github ? `repo:${w}/${w}:ref:refs/heads/main` : w;
                probes.push(
                    [`a token of another subject (${other})`, sub, { [sub]: other }],
                    ["a token without a subject", sub, {}],
                );
                if (github) {
                    const tests = testsOfDocument(doc.statements, sub);
                    for (const c of foreignSubjects(
                        tests.map(({ v }) => v),
                        w,
                    )) {
                        probes.push([`a token of another repository (${c})`, sub, { [sub]: c }]);
                    }
                    for (const c of insideSubjects(tests, w)) {
                        probes.push([`a subject of the repository no exact value names (${c})`, sub, { [sub]: c }]);
                    }
                }
            }
            const admitted = ([, key, values]: [string, string, Record<string, string>]) => {
                const req = request(values, (k) => k !== key);
                const probe: Probe = { label: "", principal: { federated: p }, req };
                return evaluateConditions(s.conditions, req) !== false && !deniedBy(doc.statements, s, probe);
            };
            const open = [...new Set(probes.filter(admitted).map(([label]) => label))];
            // The structure beside the probes: a claim is bound only by a positive test in this Allow (for
            // GitHub: exact subjects, the audience sts.amazonaws.com). Negated operators and Deny statements
            // may narrow what it admits; they never stand in for it, so no value a probe lacks can blind it.
            const unbound: string[] = [];
            for (const aud of audKeys) {
                const problem = github
                    ? bindingProblem(s, aud, GITHUB_AUDIENCE)
                    : testsOn(s, aud).some(isBinding)
                      ? undefined
                      : `${aud} has no StringEquals, StringEqualsIgnoreCase or StringLike test in this statement`;
                if (problem) unbound.push(problem);
            }
            if (oidc) {
                const problem = github
                    ? bindingProblem(s, sub)
                    : testsOn(s, sub).some(isBinding)
                      ? undefined
                      : `${sub} has no StringEquals, StringEqualsIgnoreCase or StringLike test in this statement`;
                if (problem) unbound.push(problem);
            }
            if (open.length > 0 || unbound.length > 0) {
                const bind = oidc ? `${audKeys.join(", ")} and ${sub}` : audKeys.join(", ");
                const admitsFor = open.length > 0 ? open.join(", ") : "tokens the statement does not name";
                out.push({
                    statement: s,
                    message: `${statementLabel(s)}: admits ${p} for ${admitsFor}${unbound.length > 0 ? ` (${unbound.join("; ")})` : ""}; bind ${bind}${github ? ` (StringEquals, ${GITHUB_AUDIENCE} and exact subjects)` : ""}`,
                });
                continue;
            }
            // A pull_request subject on a role that may write: a pull request's workflow (its code chosen by
            // whoever opened it) gets write access. Pull-request subjects: the context `pull_request` named
            // exactly (also in a customised layout), a pull request's ref, and a pattern whose only wildcard
            // is the pull request's number.
            if (github) {
                const pulls: string[] = [];
                for (const t of testsOn(s, sub).filter(isBinding)) {
                    for (const v of t.values) {
                        const sample = isPullRequestPattern(t, v)
                            ? pullRequestInstance(v)
                            : !isPattern(t, v) && isPullRequestSubject(t, v)
                              ? v
                              : undefined;
                        if (sample !== undefined && admitted(["", sub, { [sub]: sample }])) pulls.push(v);
                    }
                }
                if (pulls.length > 0) {
                    const why = await mayWrite();
                    if (why) {
                        out.push({
                            statement: s,
                            message: `${statementLabel(s)}: admits ${p} for pull requests (${[...new Set(pulls)].join(", ")}) on a role that may write (${why}); trust pull_request only on a read-only role, and an environment or branch here`,
                        });
                    }
                }
            }
        }
    }
    return out;
}

export const webIdentityTrust: StackValidationPolicy = stackRule<{ githubIssuers?: string[] }>(
    {
        name: "web-identity-trust",
        description:
            "A trust policy admitting a web identity provider (sts:AssumeRoleWithWebIdentity) must bind the token's audience (HOST:aud; app_id for Facebook and Login with Amazon) and, for an OIDC provider, its subject (HOST:sub) by a positive test in the Allow; for GitHub Actions (token.actions.githubusercontent.com, an enterprise's unique issuer, GHE.com, GitHub Enterprise Server, githubIssuers) the audience sts.amazonaws.com and exact subjects of one repository (no pattern after the repository), and no pull_request subject on a role that may write (an identity policy or a resource policy of the plan allows it anything but List and Read actions).",
        remediationSteps:
            'Add Condition {"StringEquals": {"HOST:aud": "sts.amazonaws.com", "HOST:sub": "repo:ORG/REPO:environment:NAME"}} (or "repo:ORG/REPO:ref:refs/heads/BRANCH": one environment or branch, never a pattern after the repository, and no pull_request subject on a role that may write; GitHub Docs, "OpenID Connect reference", example subject claims); for Amazon Cognito {"StringEquals": {"cognito-identity.amazonaws.com:aud": "POOL_ID"}}.',
        enforcementLevel: "mandatory",
        config: {
            githubIssuers: {
                ...stringList(
                    "More GitHub Actions OIDC issuers judged as GitHub's (host, optional port and path, no https://), besides token.actions.githubusercontent.com, token.actions.githubusercontent.com/ENTERPRISE, token.actions.SUBDOMAIN.ghe.com and HOST/_services/token. Default: none.",
                ),
                items: { type: "string" as const, pattern: GITHUB_ISSUER_PATTERN },
            },
        },
    },
    async (args, report, config) => {
        const hidden: string[] = [];
        for (const r of args.resources) {
            const { docs, unjudged } = documentsForJudging(r);
            const trust = docs.filter((h) => h.kind === "trust");
            if (ROLE_TYPES.includes(r.type)) hidden.push(...unjudged);
            for (const h of trust) {
                const findings = await trustFindings(h.doc, () => writeReason(r, args.resources), {
                    githubIssuers: config.githubIssuers ?? [],
                });
                for (const f of findings) {
                    report(`${h.property}: ${f.message}`, r.urn);
                }
            }
        }
        cannotJudge(hidden, "the plan hides the document");
    },
);
