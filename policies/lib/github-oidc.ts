// GitHub Actions OIDC trusts: which providers are GitHub's, which subjects are pull requests, and whether a
// trust statement binds the audience and the subject by a positive test of exact values (the structural
// check of web-identity-trust, beside its probes).
//
// Issuers (the provider ARN's part after `oidc-provider/`, which is also the prefix of the condition keys
// `ISSUER:aud` and `ISSUER:sub`):
// - `token.actions.githubusercontent.com`: GitHub Docs, "OpenID Connect reference"
//   (https://docs.github.com/en/actions/reference/security/oidc), `iss`;
// - `token.actions.githubusercontent.com/ENTERPRISE_SLUG`: GitHub Enterprise Cloud's unique issuer URL
//   (same page, enterprise-cloud version, "Customizing the issuer value for an enterprise",
//   https://docs.github.com/en/enterprise-cloud@latest/actions/reference/security/oidc; REST API "Set the
//   GitHub Actions OIDC custom issuer policy for an enterprise", `include_enterprise_slug`,
//   https://docs.github.com/en/enterprise-cloud@latest/rest/actions/oidc);
// - `token.actions.SUBDOMAIN.ghe.com`: GitHub Enterprise Cloud with data residency ("Feature overview for
//   GitHub Enterprise Cloud with data residency", URL differences, "OIDC trusts for GitHub Actions
//   deployments", https://docs.github.com/en/enterprise-cloud@latest/admin/data-residency/feature-overview-for-github-enterprise-cloud-with-data-residency);
// - `HOSTNAME/_services/token`: GitHub Enterprise Server ("OpenID Connect reference", enterprise-server
//   version, `iss` https://HOSTNAME/_services/token,
//   https://docs.github.com/en/enterprise-server@latest/actions/reference/security/oidc);
// - any issuer listed in the rule's `githubIssuers` setting (a proxy or another host name).
import { parseOperator } from "./conditions";
import { Statement } from "./documents";

export const GITHUB_HOST = "token.actions.githubusercontent.com";
/** GitHub's documented audience for AWS (GitHub Docs, "Configuring OpenID Connect in Amazon Web Services"). */
export const GITHUB_AUDIENCE = "sts.amazonaws.com";

/** An issuer as the rule compares it: no scheme, no trailing slash, lower case. */
export const normaliseIssuer = (issuer: string) =>
    issuer
        .replace(/^https:\/\//i, "")
        .replace(/\/+$/, "")
        .toLowerCase();

/** The form the `githubIssuers` setting accepts: a host name, optionally a port and a path, no scheme. */
export const GITHUB_ISSUER_PATTERN =
    "^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]+)?(/[A-Za-z0-9._~-]+)*$";

/** Whether an OIDC provider (the ARN's part after `oidc-provider/`) is a GitHub Actions issuer. */
export function isGitHubIssuer(issuer: string, extra: string[] = []): boolean {
    const h = normaliseIssuer(issuer);
    return (
        h === GITHUB_HOST ||
        /^token\.actions\.githubusercontent\.com\/[^/]+$/.test(h) ||
        /^token\.actions\.[a-z0-9-]+\.ghe\.com$/.test(h) ||
        /^[^/]+\/_services\/token$/.test(h) ||
        extra.some((e) => normaliseIssuer(e) === h)
    );
}

/** One test of a condition key in a statement: the operator's parts and the values it lists. */
export interface KeyTest {
    operator: string;
    base: string;
    set?: "ForAnyValue" | "ForAllValues";
    ifExists: boolean;
    values: string[];
}

/** The tests a statement makes on a key (keys compared case-insensitively, as IAM compares them). */
export function testsOn(s: Statement, key: string): KeyTest[] {
    const out: KeyTest[] = [];
    for (const [operator, block] of Object.entries(s.conditions)) {
        const op = parseOperator(operator);
        for (const [k, values] of Object.entries(block)) {
            if (k.toLowerCase() === key.toLowerCase()) {
                out.push({ operator, base: op?.base ?? "", set: op?.set, ifExists: op?.ifExists ?? false, values });
            }
        }
    }
    return out;
}

/**
 * A test that can bind a single-valued claim: StringEquals, StringEqualsIgnoreCase or StringLike, also as
 * `ForAnyValue:` (on a single-valued key true when the one value matches, false when the key is absent).
 * Not a binding: negated operators (StringNot…, true for every value they do not list), `ForAllValues:`
 * and `…IfExists` (true for a token without the claim), Null. IAM User Guide, "IAM JSON policy elements:
 * Condition operators" and "Single-valued vs. multivalued context keys".
 */
export const isBinding = (t: KeyTest) =>
    ["StringEquals", "StringEqualsIgnoreCase", "StringLike"].includes(t.base) &&
    t.set !== "ForAllValues" &&
    !t.ifExists;

const ignoresCase = (t: KeyTest) => t.base === "StringEqualsIgnoreCase";

/** A value the test compares with wildcards (`*`, `?` under StringLike) or policy variables. */
export const isPattern = (t: KeyTest, v: string) => v.includes("${") || (t.base === "StringLike" && /[*?]/.test(v));

/**
 * A pattern whose only wildcard is a pull request's number, at the end: `…@refs/pull/*\/merge` (the ref in
 * `job_workflow_ref`) or `…:ref:refs/pull/*\/merge`. GitHub Docs, "Events that trigger workflows",
 * pull_request: GITHUB_REF is `refs/pull/PULL_REQUEST_NUMBER/merge`
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#pull_request).
 * Such a subject admits the pull requests of one workflow and nothing else: a pull-request subject.
 */
export function isPullRequestPattern(t: KeyTest, v: string): boolean {
    if (t.base !== "StringLike" || v.includes("${")) return false;
    const m = /(@|:ref:)refs\/pull\/\*\/merge$/.exec(v);
    return !!m && !/[*?]/.test(v.slice(0, m.index));
}

/** A value of the pull-request pattern with the number filled in (what a pull request's token carries). */
export const pullRequestInstance = (v: string) => v.replace(/refs\/pull\/\*\/merge$/, "refs/pull/1/merge");

/**
 * A subject value that names pull requests: the `pull_request` context (`repo:O/R:pull_request`, or in a
 * customised layout `…:pull_request` / `pull_request:…`, and the event name `pull_request_target`, which a
 * customised layout carrying `event_name` shows: a workflow a pull request triggers in the base repository,
 * GitHub Docs, "Events that trigger workflows", pull_request_target), a pull request's ref (`@refs/pull/…`,
 * `:ref:refs/pull/…`), compared in lower case under an …IgnoreCase operator (GitHub Docs, "OpenID Connect
 * reference", example subject claims, filtering for pull_request events).
 */
export function isPullRequestSubject(t: KeyTest, v: string): boolean {
    const s = ignoresCase(t) ? v.toLowerCase() : v;
    return /(^|:)pull_request(_target)?(:|$)/.test(s) || s.includes("@refs/pull/") || s.includes(":ref:refs/pull/");
}

/** Whether one of the test's values names exactly the given subject (as the operator compares). */
export function namesExactly(t: KeyTest, v: string, subject: string): boolean {
    if (isPattern(t, v)) return false;
    return ignoresCase(t) ? v.toLowerCase() === subject.toLowerCase() : v === subject;
}

/**
 * Why the statement does not bind the claim to exact values, or undefined when it does: some binding test
 * whose every value is exact (or, for `sub`, a pull-request pattern) and, when `required` is given, equal
 * to it as the operator compares. Tests on the claim by negated operators, `ForAllValues:`, `…IfExists` or
 * in a Deny only narrow what a binding admits: they never stand in for one.
 */
export function bindingProblem(s: Statement, key: string, required?: string): string | undefined {
    const tests = testsOn(s, key);
    const binding = tests.filter(isBinding);
    const ok = binding.some((t) =>
        t.values.every((v) =>
            required !== undefined ? namesExactly(t, v, required) : !isPattern(t, v) || isPullRequestPattern(t, v),
        ),
    );
    if (ok) return undefined;
    const said: string[] = [];
    for (const t of binding) {
        const bad = t.values.filter((v) =>
            required !== undefined ? !namesExactly(t, v, required) : isPattern(t, v) && !isPullRequestPattern(t, v),
        );
        said.push(
            required !== undefined
                ? `${t.operator} ${bad.map((v) => JSON.stringify(v)).join(", ")} is not ${required}`
                : `${t.operator} ${bad.map((v) => JSON.stringify(v)).join(", ")} is a pattern`,
        );
    }
    const narrowing = [...new Set(tests.filter((t) => !isBinding(t)).map((t) => t.operator))];
    if (narrowing.length > 0) said.push(`${narrowing.join(", ")} only narrow${narrowing.length === 1 ? "s" : ""}`);
    const what = required !== undefined ? required : "exact values";
    return `${key} is not bound to ${what} by StringEquals, StringEqualsIgnoreCase or StringLike in this statement${said.length > 0 ? `: ${said.join("; ")}` : ""}`;
}
