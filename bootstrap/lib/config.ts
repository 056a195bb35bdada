// The bootstrap stack's configuration, validated whole: every problem is listed at once, naming
// the key, the value given and the form expected; nothing is created while any remains.
import * as pulumi from "@pulumi/pulumi";
import { EMAIL_PATTERN } from "../../components/common/names";
import { Environment } from "./scope";

export const PROJECT = "connect-customer-profiles-bootstrap";

export interface BootstrapConfig {
    /** GitHub repository OWNER/REPO whose workflows may assume the roles. */
    repository: string;
    /** Use this existing GitHub OIDC provider instead of creating one (an account has at most one per URL). */
    existingOidcProviderArn?: string;
    /** Prefix of every role and policy name. */
    roleNamePrefix: string;
    environments: (Environment & { operatorSubject: string; reingestSubject: string })[];
}

export class BootstrapConfigError extends pulumi.RunError {
    constructor(public readonly problems: string[]) {
        super(
            `Invalid bootstrap configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        );
        this.name = "ConfigError";
    }
}

const KEYS = ["repository", "existingOidcProviderArn", "roleNamePrefix", "environments"];
const ENV_KEYS = [
    "name",
    "stack",
    "domainName",
    "region",
    "operatorSubject",
    "reingestSubject",
    "connectorProfiles",
    "connectInstances",
    "alarmEmails",
];
// Amazon Connect instance IDs (Amazon Connect API Reference, InstanceId: 1-100 characters; UUIDs in practice).
const CONNECT_INSTANCE_ID = /^[A-Za-z0-9-]{1,100}$/;
// AppFlow connector profile names: [\w/!@#+=.-]{1,256} (AppFlow API Reference, CreateConnectorProfile).
const CONNECTOR_PROFILE = /^[\w/!@#+=.-]{1,256}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
// GitHub: owner names are letters, digits and single hyphens; repository names letters, digits, ".", "_", "-".
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
// GitHub environment names: no wildcard may reach a trust policy.
const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;
const STACK = /^[A-Za-z0-9_.-]+$/;
// Customer Profiles CreateDomain: DomainName pattern ^[a-zA-Z0-9_-]+$, 1-64 (API Reference).
const DOMAIN = /^[A-Za-z0-9_-]{1,64}$/;
const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
// IAM role names: [\w+=,.@-], at most 64 characters (IAM API Reference, CreateRole RoleName); the
// prefix leaves room for "-deploy-ENV".
const PREFIX = /^[A-Za-z0-9+=,.@_-]{1,32}$/;
// The OIDC subject contexts a GitHub job can have, exact (no wildcard): a branch, a tag, an environment.
const SUBJECT_CONTEXT =
    /^(ref:refs\/heads\/[A-Za-z0-9._/-]+|ref:refs\/tags\/[A-Za-z0-9._/-]+|environment:[A-Za-z0-9._-]+)$/;

const show = (v: unknown) => JSON.stringify(v);

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

    const existing = raw.existingOidcProviderArn;
    if (existing !== undefined && (typeof existing !== "string" || !PROVIDER_ARN.test(existing)))
        problems.push(
            `${PROJECT}:existingOidcProviderArn: ${show(existing)} is not the ARN of a GitHub OIDC provider; expected arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com`,
        );

    const prefix = raw.roleNamePrefix ?? "connect-profiles-ci";
    if (typeof prefix !== "string" || !PREFIX.test(prefix))
        problems.push(
            `${PROJECT}:roleNamePrefix: ${show(prefix)} is not a role name prefix; expected 1-32 letters, digits or +=,.@_-`,
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
            const stack = text(
                "stack",
                STACK,
                "a stack name of the main program",
                typeof o.name === "string" ? o.name : undefined,
            );
            const domainName = text("domainName", DOMAIN, "the stack's domainName (1-64 letters, digits, '_' or '-')");
            const region =
                o.region === undefined ? undefined : text("region", REGION, "an AWS region such as eu-west-2");
            const operatorSubject = text(
                "operatorSubject",
                SUBJECT_CONTEXT,
                "ref:refs/heads/BRANCH, ref:refs/tags/TAG or environment:NAME (no wildcard)",
                "ref:refs/heads/main",
            );
            const reingestSubject = text(
                "reingestSubject",
                SUBJECT_CONTEXT,
                "ref:refs/heads/BRANCH, ref:refs/tags/TAG or environment:NAME (no wildcard)",
                `environment:${name}-reingest`,
            );
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
                    `${at}.connectInstances: ${show(instances)} is not valid; expected a list of existing Amazon Connect instance IDs (1-100 of letters, digits, -)`,
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
                domainName,
                region,
                operatorSubject,
                reingestSubject,
                ...(Array.isArray(profiles) && profiles.length > 0 ? { connectorProfiles: profiles as string[] } : {}),
                ...(Array.isArray(instances) && instances.length > 0
                    ? { connectInstances: instances as string[] }
                    : {}),
                ...(Array.isArray(emails) && emails.length > 0 ? { alarmEmails: emails as string[] } : {}),
            });
        });
    const names = environments.map((e) => e.name);
    for (const n of new Set(names.filter((n, i) => names.indexOf(n) !== i)))
        problems.push(
            `${PROJECT}:environments: the name ${show(n)} appears more than once; expected one entry per environment`,
        );
    if (problems.length > 0) throw new BootstrapConfigError(problems);
    return {
        repository: repository as string,
        existingOidcProviderArn: existing as string | undefined,
        roleNamePrefix: prefix as string,
        environments,
    };
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
