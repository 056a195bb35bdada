// The bootstrap stack's configuration, validated whole: every problem is listed at once, naming
// the key, the value given and the form expected; nothing is created while any remains.
import * as pulumi from "@pulumi/pulumi";
import { CI_ROLES, ciRoleName } from "../../components/common/ci-key-access";
import { EMAIL_PATTERN } from "../../components/common/names";
import {
    DEFAULT_ROLE_NAME_PREFIX,
    ROLE_NAME_PREFIX_PATTERN,
    STACK_ROLE_KINDS,
    stackRoleName,
} from "../../components/common/boundary";
import { Environment } from "./scope";
import { OrganizationPoliciesConfig, organizationPoliciesOf } from "./organization";

export const PROJECT = "connect-customer-profiles-bootstrap";

export interface BootstrapConfig {
    /** GitHub repository OWNER/REPO whose workflows may assume the roles. */
    repository: string;
    /**
     * The `repo:` part of the repository's OIDC subject, when GitHub issues it with immutable IDs
     * (repositories created, renamed or transferred after 18 June 2026, or opted in: GitHub
     * changelog, "Immutable subject claims for GitHub Actions OIDC tokens"): the `sub_claim_prefix`
     * that GET /repos/OWNER/REPO/actions/oidc/customization/sub returns. Default `repo:OWNER/REPO`.
     */
    subjectPrefix: string;
    /**
     * Whether this bootstrap stack owns the repository-wide GitHub settings: the repository's OIDC
     * subject template and the `preview` environment (its reviewers and deployment branch policy).
     * Exactly one bootstrap stack of the repository (one per AWS account) says true, the others
     * false; each stack sets only its own stacks' variables (lib/github.ts), so two accounts never
     * write, and destroying one never resets, the same GitHub setting.
     */
    manageRepository: boolean;
    /** Use this existing GitHub OIDC provider instead of creating one (an account has at most one per URL). */
    existingOidcProviderArn?: string;
    /** Prefix of every role and policy name. */
    roleNamePrefix: string;
    /**
     * Who approves a job of the `preview` environment (pull-request previews), and every stack
     * environment that gives none of its own (lib/github.ts).
     */
    reviewers?: Reviewers;
    environments: (Environment & {
        /** Approvers of the jobs of this stack's deploy, operator and re-ingestion environments. */
        reviewers: Reviewers;
        /** The only branch that may deploy from (and run the operator and re-ingestion jobs of) this stack. */
        branch: string;
    })[];
    /** The organization policies the bootstrap writes for an administrator (lib/organization.ts); absent: none. */
    organizationPolicies?: OrganizationPoliciesConfig;
    /**
     * The security alerts of the residual chains (lib/alerts.ts, docs/bootstrap.md "Security alerts"):
     * on unless `enabled: false`; `emails` are subscribed to the alert topic of every region.
     */
    securityAlerts: SecurityAlertsConfig;
}

/** The `securityAlerts` setting, validated. */
export interface SecurityAlertsConfig {
    enabled: boolean;
    emails: string[];
}

/** GitHub logins and team slugs (of the repository's organization): required reviewers of an environment. */
export interface Reviewers {
    users: string[];
    teams: string[];
}

export class BootstrapConfigError extends pulumi.RunError {
    constructor(public readonly problems: string[]) {
        super(
            `Invalid bootstrap configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        );
        this.name = "ConfigError";
    }
}

const KEYS = [
    "repository",
    "subjectPrefix",
    "manageRepository",
    "existingOidcProviderArn",
    "roleNamePrefix",
    "reviewers",
    "environments",
    "securityAlerts",
    "organizationPolicies",
];
const SECURITY_ALERTS_KEYS = ["enabled", "emails"];
const SECURITY_ALERTS_FORM = "{ emails: [e-mail address, ...] } (or { enabled: false })";
const ENV_KEYS = [
    "name",
    "stack",
    "domainName",
    "region",
    "reviewers",
    "branch",
    "connectorProfiles",
    "connectInstances",
    "alarmEmails",
];
const REVIEWER_KEYS = ["users", "teams"];
/**
 * GitHub: "You can list up to six users or teams as reviewers" (GitHub Docs, "Managing environments
 * for deployment", Required reviewers); the REST API's `reviewers` array holds at most 6 entries.
 */
export const MAX_REVIEWERS = 6;
// GitHub logins: letters, digits and single hyphens, at most 39 characters, not starting with a hyphen.
const LOGIN = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/;
// Team slugs: GitHub derives them from the team name, lower case letters, digits, '-' and '_'.
const TEAM_SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/;
// A branch name without any wildcard (Git check-ref-format forbids spaces, '~', '^', ':', '?', '*', '[').
const BRANCH = /^(?!.*\.\.)(?!\/)(?!.*\/$)[A-Za-z0-9._/-]{1,255}$/;
/** Environment names the bootstrap creates for a stack environment NAME besides NAME itself. */
export const OPERATOR_SUFFIX = "-operator";
export const REINGEST_SUFFIX = "-reingest";
/** The environment pull-request previews run in (lib/github.ts). */
export const PREVIEW_ENVIRONMENT = "preview";
/**
 * The variable of the preview environment holding the preview role ARN of stack STACK's account:
 * AWS_PREVIEW_ROLE_ARN_ then STACK in upper case, every character other than a letter or digit as
 * `_` (GitHub variable names: letters, digits and `_`, GitHub Docs "Store information in
 * variables", Naming conventions). preview.yml computes the same name.
 */
export function previewRoleVariable(stack: string): string {
    return `AWS_PREVIEW_ROLE_ARN_${stack.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}
// Amazon Connect instance IDs (Amazon Connect API Reference, InstanceId: 1-100 characters; UUIDs in
// practice), required in lower case: the Resource element matches ARNs case-sensitively (IAM User
// Guide, "IAM JSON policy elements: Resource",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html, notes it
// for names; the simulator matches so), so the explicit Deny on these instances
// (DenyAdoptingConfiguredInstances) would miss an ID written in another case than Connect's request
// carries. Connect's examples show lower-case IDs; no page states the case, so the first deployment
// proves it (docs/bootstrap.md).
const CONNECT_INSTANCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// AppFlow connector profile names: [\w/!@#+=.-]{1,256} (AppFlow API Reference, CreateConnectorProfile).
const CONNECTOR_PROFILE = /^[\w/!@#+=.-]{1,256}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
// GitHub: owner names are letters, digits and single hyphens; repository names letters, digits, ".", "_", "-".
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
// The repo part of an OIDC subject: `repo:` then the repository by name or with IDs, no wildcard, no ':'.
const SUBJECT_PREFIX = /^repo:[A-Za-z0-9@._-]+\/[A-Za-z0-9@._-]+$/;
// GitHub environment names: no wildcard may reach a trust policy.
const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;
const STACK = /^[A-Za-z0-9_.-]+$/;
// Customer Profiles CreateDomain: DomainName pattern ^[a-zA-Z0-9_-]+$, 1-64 (API Reference).
const DOMAIN = /^[A-Za-z0-9_-]{1,64}$/;
const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
// IAM role names: [\w+=,.@-], at most 64 characters (IAM API Reference, CreateRole RoleName); the
// prefix leaves room for "-deploy-ENV".
// The preview role PREFIX-preview thus has at most 40; each environment's name is checked below.
const PREFIX = ROLE_NAME_PREFIX_PATTERN;

const show = (v: unknown) => JSON.stringify(v);

/** IAM role names: at most 64 characters (IAM API Reference, CreateRole, RoleName). */
export const ROLE_NAME_MAX = 64;
// The CI roles of a stack environment (index.ts): PREFIX-ROLE-NAME, named by the function the main
// program's key policies use to name them (components/common/ci-key-access.ts).
export { CI_ROLES, ciRoleName };

const REVIEWERS_FORM = `{ users: [GitHub login, ...], teams: [team slug, ...] }, 1 to ${MAX_REVIEWERS} in all`;

/** Validates a `reviewers` mapping at `at`, pushing every problem; undefined when absent or invalid. */
function reviewersOf(v: unknown, at: string, problems: string[]): Reviewers | undefined {
    if (v === undefined) return undefined;
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
        problems.push(`${at}: ${show(v)} is not a mapping; expected ${REVIEWERS_FORM}`);
        return undefined;
    }
    const o = v as Record<string, unknown>;
    const before = problems.length;
    for (const k of Object.keys(o))
        if (!REVIEWER_KEYS.includes(k))
            problems.push(`${at}.${k} is not a setting; expected one of ${REVIEWER_KEYS.join(", ")}`);
    const list = (k: string, re: RegExp, form: string): string[] => {
        const l = o[k];
        if (l === undefined) return [];
        if (!Array.isArray(l) || l.some((x) => typeof x !== "string" || !re.test(x))) {
            problems.push(`${at}.${k}: ${show(l)} is not valid; expected a list of ${form}`);
            return [];
        }
        const dup = l.filter((x, i) => l.indexOf(x) !== i);
        if (dup.length > 0) problems.push(`${at}.${k}: ${show(dup[0])} appears more than once; expected each once`);
        return l as string[];
    };
    const users = list("users", LOGIN, "GitHub logins (letters, digits, single hyphens, at most 39)");
    const teams = list(
        "teams",
        TEAM_SLUG,
        "team slugs of the repository's organization (lower case letters, digits, '-', '_')",
    );
    const count = users.length + teams.length;
    if (problems.length === before && (count === 0 || count > MAX_REVIEWERS))
        problems.push(`${at}: ${show(v)} names ${count} reviewers; expected ${REVIEWERS_FORM}`);
    return problems.length === before ? { users, teams } : undefined;
}

/** Validates the raw `config:` values (keys without the project prefix). */
export function validateConfig(raw: Record<string, unknown>): BootstrapConfig {
    const problems: string[] = [];
    for (const key of Object.keys(raw))
        if (!KEYS.includes(key))
            problems.push(`${PROJECT}:${key} is not a setting; expected one of ${KEYS.join(", ")}`);

    const repository = raw.repository;
    if (repository === undefined) problems.push(`${PROJECT}:repository is required; expected OWNER/REPO`);
    else if (typeof repository !== "string" || !REPOSITORY.test(repository))
        problems.push(
            `${PROJECT}:repository: ${show(repository)} is not a GitHub repository; expected OWNER/REPO, no wildcard`,
        );

    const subjectPrefix = raw.subjectPrefix ?? (typeof repository === "string" ? `repo:${repository}` : undefined);
    if (
        raw.subjectPrefix !== undefined &&
        (typeof raw.subjectPrefix !== "string" || !SUBJECT_PREFIX.test(raw.subjectPrefix))
    )
        problems.push(
            `${PROJECT}:subjectPrefix: ${show(raw.subjectPrefix)} is not an OIDC subject prefix; expected the sub_claim_prefix GitHub reports, such as repo:OWNER@OWNER_ID/REPO@REPO_ID (no wildcard)`,
        );

    const manageRepository = raw.manageRepository;
    if (typeof manageRepository !== "boolean")
        problems.push(
            `${PROJECT}:manageRepository${manageRepository === undefined ? " is required" : `: ${show(manageRepository)} is not valid`}; expected true in exactly one bootstrap stack of the repository (it creates the repository's OIDC subject template and the preview environment), false in every other`,
        );

    const existing = raw.existingOidcProviderArn;
    if (existing !== undefined && (typeof existing !== "string" || !PROVIDER_ARN.test(existing)))
        problems.push(
            `${PROJECT}:existingOidcProviderArn: ${show(existing)} is not the ARN of a GitHub OIDC provider; expected arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com`,
        );

    const prefix = raw.roleNamePrefix ?? DEFAULT_ROLE_NAME_PREFIX;
    if (typeof prefix !== "string" || !PREFIX.test(prefix))
        problems.push(
            `${PROJECT}:roleNamePrefix: ${show(prefix)} is not a role name prefix; expected 1-32 letters, digits or +=,.@_-`,
        );

    const reviewers = reviewersOf(raw.reviewers, `${PROJECT}:reviewers`, problems);
    if (raw.reviewers === undefined)
        problems.push(
            `${PROJECT}:reviewers is required (the approvers of the preview environment, and of every stack environment without its own); expected ${REVIEWERS_FORM}`,
        );

    const environments: BootstrapConfig["environments"] = [];
    const envs = raw.environments;
    if (envs === undefined)
        problems.push(`${PROJECT}:environments is required; expected a list of { name, stack, domainName }`);
    else if (!Array.isArray(envs) || envs.length === 0)
        problems.push(
            `${PROJECT}:environments: ${show(envs)} is not a non-empty list; expected [{ name, stack, domainName }]`,
        );
    else
        envs.forEach((e, i) => {
            const at = `${PROJECT}:environments[${i}]`;
            if (e === null || typeof e !== "object" || Array.isArray(e)) {
                problems.push(`${at}: ${show(e)} is not a mapping; expected { name, stack, domainName }`);
                return;
            }
            const o = e as Record<string, unknown>;
            for (const k of Object.keys(o))
                if (!ENV_KEYS.includes(k))
                    problems.push(`${at}.${k} is not a setting; expected one of ${ENV_KEYS.join(", ")}`);
            const text = (k: string, re: RegExp, form: string, fallback?: string): string => {
                const v = o[k] ?? fallback;
                if (v === undefined) problems.push(`${at}.${k} is required; expected ${form}`);
                else if (typeof v !== "string" || !re.test(v))
                    problems.push(`${at}.${k}: ${show(v)} is not valid; expected ${form}`);
                return String(v);
            };
            const name = text("name", ENVIRONMENT, "a GitHub environment name (letters, digits, '.', '_', '-')");
            // The CI roles PREFIX-deploy-NAME, PREFIX-operator-NAME and PREFIX-reingest-NAME
            // (index.ts): IAM role names hold at most 64 characters (IAM API Reference, CreateRole,
            // RoleName, https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html), and
            // CreateRole refuses a longer one, after the other roles were created.
            if (typeof prefix === "string" && PREFIX.test(prefix) && typeof o.name === "string") {
                const longest = CI_ROLES.map((r) => ciRoleName(prefix, r, o.name as string)).reduce((a, b) =>
                    b.length >= a.length ? b : a,
                );
                if (longest.length > ROLE_NAME_MAX)
                    problems.push(
                        `${at}.name: ${show(o.name)} gives the IAM role name ${show(longest)} (${longest.length} characters); IAM role names hold at most ${ROLE_NAME_MAX}, so with roleNamePrefix ${show(prefix)} expected a name of at most ${ROLE_NAME_MAX - (longest.length - o.name.length)} characters`,
                    );
            }
            const stack = text(
                "stack",
                STACK,
                "a stack name of the main program",
                typeof o.name === "string" ? o.name : undefined,
            );
            // The workflows name each job's GitHub environment after the stack (deploy.yml
            // `environment: ${{ matrix.stack }}`, reingest.yml `${{ inputs.stack }}-reingest`): an
            // environment named otherwise would protect nothing, and the job's own environment
            // would be one GitHub creates unprotected on first use.
            if (typeof o.name === "string" && typeof o.stack === "string" && o.stack !== o.name)
                problems.push(
                    `${at}.stack: ${show(o.stack)} differs from name ${show(o.name)}; the workflows run stack STACK's jobs in the GitHub environments STACK, STACK-operator and STACK-reingest, so expected stack equal to name (or omitted)`,
                );
            const domainName = text("domainName", DOMAIN, "the stack's domainName (1-64 letters, digits, '_' or '-')");
            const region =
                o.region === undefined ? undefined : text("region", REGION, "an AWS region such as eu-west-2");
            const branch = text("branch", BRANCH, "a branch name, no wildcard", "main");
            const own = reviewersOf(o.reviewers, `${at}.reviewers`, problems);
            const profiles = o.connectorProfiles;
            if (
                profiles !== undefined &&
                (!Array.isArray(profiles) || profiles.some((p) => typeof p !== "string" || !CONNECTOR_PROFILE.test(p)))
            )
                problems.push(
                    `${at}.connectorProfiles: ${show(profiles)} is not valid; expected a list of AppFlow connector profile names (1-256 of letters, digits, _/!@#+=.-)`,
                );
            const instances = o.connectInstances;
            if (
                instances !== undefined &&
                (!Array.isArray(instances) ||
                    instances.some((p) => typeof p !== "string" || !CONNECT_INSTANCE_ID.test(p)))
            )
                problems.push(
                    `${at}.connectInstances: ${show(instances)} is not valid; expected a list of existing Amazon Connect instance IDs, each a lower-case UUID such as 4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f (the ID in the instance ARN; the Deny on these instances matches ARNs case-sensitively)`,
                );
            const emails = o.alarmEmails;
            if (
                emails !== undefined &&
                (!Array.isArray(emails) || emails.some((p) => typeof p !== "string" || !EMAIL_PATTERN.test(p)))
            )
                problems.push(
                    `${at}.alarmEmails: ${show(emails)} is not valid; expected a list of e-mail addresses (the stack's alarmEmail)`,
                );
            environments.push({
                name,
                stack,
                roleNamePrefix: prefix as string,
                domainName,
                region,
                reviewers: own ?? reviewers ?? { users: [], teams: [] },
                branch,
                ...(Array.isArray(profiles) && profiles.length > 0 ? { connectorProfiles: profiles as string[] } : {}),
                ...(Array.isArray(instances) && instances.length > 0
                    ? { connectInstances: instances as string[] }
                    : {}),
                ...(Array.isArray(emails) && emails.length > 0 ? { alarmEmails: emails as string[] } : {}),
            });
        });
    // GitHub: "Environment names are not case sensitive" (GitHub Docs, "Managing environments for
    // deployment", Creating an environment): names are compared in lower case.
    const names = environments.map((e) => e.name);
    const key = (n: string) => n.toLowerCase();
    const seen = new Map<string, string>();
    for (const n of names) {
        const other = seen.get(key(n));
        if (other !== undefined)
            problems.push(
                `${PROJECT}:environments: the name ${show(n)} appears more than once${other === n ? "" : ` (as ${show(other)}: GitHub environment names are not case sensitive)`}; expected one entry per environment`,
            );
        else seen.set(key(n), n);
    }
    // Every GitHub environment the bootstrap creates (lib/github.ts) has one owner: a stack
    // environment may not take the name of the preview environment or of another's operator or
    // re-ingestion environment, in any case.
    const derived = new Set(
        [PREVIEW_ENVIRONMENT, ...names.flatMap((n) => [n + OPERATOR_SUFFIX, n + REINGEST_SUFFIX])].map(key),
    );
    for (const n of new Set(names.filter((n) => derived.has(key(n)))))
        problems.push(
            `${PROJECT}:environments: the name ${show(n)} is one the bootstrap gives the preview environment or an operator or re-ingestion environment (GitHub environment names are not case sensitive); expected another name`,
        );
    // Each stack's preview role ARN is a variable of the preview environment named after the stack.
    const variables = new Map<string, string>();
    for (const n of new Set(names)) {
        const v = previewRoleVariable(n);
        const other = variables.get(v);
        if (other !== undefined && key(other) !== key(n))
            problems.push(
                `${PROJECT}:environments: the names ${show(other)} and ${show(n)} give the same preview variable ${v}; expected names that differ in a letter or digit`,
            );
        variables.set(v, n);
    }
    // IAM names are not case sensitive ("IAM user, group, role, and policy names must be unique within
    // the account. Names are not distinguished by case": IAM API Reference, CreateRole, RoleName,
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html): every role and
    // policy name the bootstrap gives must differ from every other in more than case.
    // One problem per pair of environments (a name GitHub already sees twice is reported above).
    if (typeof prefix === "string" && PREFIX.test(prefix)) {
        const owners = new Map<string, Environment | undefined>([[key(`role ${prefix}-preview`), undefined]]);
        const reported = new Set<string>();
        for (const e of environments) {
            const given = [
                ...["deploy", "operator", "reingest"].map((r) => `role ${prefix}-${r}-${e.name}`),
                ...STACK_ROLE_KINDS.map((k) => `role ${stackRoleName(e.stack, k, prefix)}`),
                `policy boundary-${e.stack}`,
            ];
            for (const g of given) {
                const other = owners.get(key(g));
                if (!owners.has(key(g))) owners.set(key(g), e);
                else if (other !== e && (other === undefined || key(other.name) !== key(e.name))) {
                    const pair = `${other?.name ?? ""} ${e.name}`;
                    if (reported.has(pair)) continue;
                    reported.add(pair);
                    const [kind, n] = g.split(" ");
                    problems.push(
                        `${PROJECT}:environments: ${show(e.name)} (stack ${show(e.stack)}) would get the IAM ${kind} name ${show(n)}, which ${other ? `${show(other.name)} (stack ${show(other.stack)})` : "the preview role"} already has (IAM names are not case sensitive); expected stack and environment names that give distinct names`,
                    );
                }
            }
        }
    }
    const securityAlerts = securityAlertsOf(raw.securityAlerts, problems);
    const organizationPolicies = organizationPoliciesOf(
        raw.organizationPolicies,
        `${PROJECT}:organizationPolicies`,
        typeof prefix === "string" && PREFIX.test(prefix) ? bootstrapRoleNames(prefix, environments) : [],
        problems,
    );
    if (problems.length > 0) throw new BootstrapConfigError(problems);
    return {
        repository: repository as string,
        subjectPrefix: subjectPrefix as string,
        manageRepository: manageRepository as boolean,
        existingOidcProviderArn: existing as string | undefined,
        roleNamePrefix: prefix as string,
        reviewers,
        environments,
        securityAlerts,
        ...(organizationPolicies ? { organizationPolicies } : {}),
    };
}

/**
 * Validates `securityAlerts` (absent: on, no subscription), pushing every problem. The alerts are on
 * by default: they are the only control of the residual chains the bootstrap can create (the RCP and
 * SCP it only writes), cost a key and a topic per region, and a stack that opts out says so (`enabled: false`).
 */
function securityAlertsOf(v: unknown, problems: string[]): SecurityAlertsConfig {
    const at = `${PROJECT}:securityAlerts`;
    if (v === undefined) return { enabled: true, emails: [] };
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
        problems.push(`${at}: ${show(v)} is not a mapping; expected ${SECURITY_ALERTS_FORM}`);
        return { enabled: true, emails: [] };
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o))
        if (!SECURITY_ALERTS_KEYS.includes(k))
            problems.push(`${at}.${k} is not a setting; expected one of ${SECURITY_ALERTS_KEYS.join(", ")}`);
    let enabled = true;
    if (o.enabled !== undefined) {
        if (typeof o.enabled !== "boolean")
            problems.push(`${at}.enabled: ${show(o.enabled)} is not valid; expected true or false`);
        else enabled = o.enabled;
    }
    let emails: string[] = [];
    const l = o.emails;
    if (l !== undefined) {
        if (!Array.isArray(l) || l.some((x) => typeof x !== "string" || !EMAIL_PATTERN.test(x)))
            problems.push(`${at}.emails: ${show(l)} is not valid; expected a list of e-mail addresses`);
        else {
            const dup = l.filter((x, i) => l.indexOf(x) !== i);
            if (dup.length > 0)
                problems.push(`${at}.emails: ${show(dup[0])} appears more than once; expected each once`);
            emails = l as string[];
        }
        if (o.enabled === false)
            problems.push(
                `${at}.emails: ${show(l)} is given while enabled is false; expected no emails, or enabled true`,
            );
    }
    return { enabled, emails };
}

/** Every role name the bootstrap creates (index.ts): the CI roles and each stack's two roles. */
export function bootstrapRoleNames(prefix: string, environments: { name: string; stack: string }[]): string[] {
    return [
        ciRoleName(prefix, "preview"),
        ...environments.flatMap((e) => [
            ...CI_ROLES.map((r) => ciRoleName(prefix, r, e.name)),
            ...STACK_ROLE_KINDS.map((k) => stackRoleName(e.stack, k, prefix)),
        ]),
    ];
}

/** Reads and validates this project's configuration from the Pulumi runtime. */
export function loadConfig(): BootstrapConfig {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (!key.startsWith(`${PROJECT}:`)) continue;
        let parsed: unknown = value;
        try {
            parsed = JSON.parse(value);
        } catch {
            parsed = value;
        }
        raw[key.slice(PROJECT.length + 1)] = parsed;
    }
    return validateConfig(raw);
}
