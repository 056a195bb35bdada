// The GitHub side of the CI identities, as code: the repository's OIDC subject template, the GitHub
// environments that gate each role (required reviewers, a deployment branch policy), and the exact
// subject each role's trust admits. One list, `gates(cfg)`, names every environment: the bootstrap
// creates exactly these environments and every trust names one of them, so no trust can name an
// environment GitHub would create unprotected on first use (GitHub Docs, "Environments",
// https://docs.github.com/en/actions/reference/environments: referencing an environment that does
// not exist creates it, with no protection rules).
//
// Sources:
// - GitHub Docs, "OpenID Connect reference" (https://docs.github.com/en/actions/reference/security/oidc),
//   "Customizing the subject claims for an organization or repository", example "Requiring a
//   reusable workflow and other claims": with include_claim_keys ["repo", "context",
//   "job_workflow_ref"] the sub is `repo:ORG/REPO:environment:ENV:job_workflow_ref:WORKFLOW-PATH`
//   (example `repo:octo-org/octo-repo:environment:prod:job_workflow_ref:
//   octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main`); the context is
//   `environment:NAME` whenever the job references an environment.
// - GitHub REST API, "Set the customization template for an OIDC subject claim for a repository"
//   (PUT /repos/{owner}/{repo}/actions/oidc/customization/sub: use_default, include_claim_keys).
// - IAM User Guide, "Create a role for OpenID Connect federation", "Configuring a role for GitHub
//   OIDC identity provider" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html):
//   the trust conditions on token.actions.githubusercontent.com:aud and :sub.
import * as pulumi from "@pulumi/pulumi";
import * as github from "@pulumi/github";
import {
    BootstrapConfig,
    OPERATOR_SUFFIX,
    PREVIEW_ENVIRONMENT,
    previewRoleVariable,
    REINGEST_SUFFIX,
    Reviewers,
} from "./config";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, PolicyDocument } from "./policies";

/** The claims the repository's subject carries, in this order (GitHub builds the sub from them). */
export const SUBJECT_CLAIM_KEYS = ["repo", "context", "job_workflow_ref"];

/** The workflow files, under .github/workflows/, each role admits. */
export const WORKFLOWS = {
    preview: "preview.yml",
    deploy: "deploy.yml",
    reingest: "reingest.yml",
} as const;

/**
 * The ref of a pull_request run: GitHub runs it on the merge ref `refs/pull/NUMBER/merge` (GitHub
 * Docs, "Events that trigger workflows", pull_request: GITHUB_REF), so the preview subject is a
 * pattern over the pull-request number alone.
 */
export const PULL_REQUEST_REF = "refs/pull/*/merge";

export type GateRole = "preview" | "deploy" | "operator" | "reingest";

/**
 * The environment variable, set by the bootstrap in each stack gate's environment, that names its
 * role's ARN. The preview environment is shared by every account's stacks: there each stack has its
 * own variable, previewRoleVariable(STACK) (lib/config.ts), set by the bootstrap stack of its account.
 */
export const ROLE_VARIABLE: Record<Exclude<GateRole, "preview">, string> = {
    deploy: "AWS_DEPLOY_ROLE_ARN",
    operator: "AWS_OPERATOR_ROLE_ARN",
    reingest: "AWS_REINGEST_ROLE_ARN",
};

/** One GitHub environment, the workflow file and ref whose jobs in it may assume one role. */
export interface Gate {
    role: GateRole;
    /** The stack environment's name (its `environments` entry), none for the preview. */
    stackEnvironment?: string;
    /** The main program's stack whose jobs run in the environment, none for the preview (every stack). */
    stack?: string;
    /** The GitHub environment the job must reference. */
    environment: string;
    /** Workflow file under .github/workflows/. */
    workflow: string;
    /** The ref of the run: `refs/heads/BRANCH`, or the pull-request merge-ref pattern. */
    ref: string;
    /**
     * The environment's deployment branch policy, matched against the run's GITHUB_REF: the stack's
     * one branch, or for the preview `refs/pull/STAR/merge` (pull_request runs alone; GitHub Docs,
     * "Deployments and environments", Deployment branches and tags: "Adding another branch rule for
     * refs/pull/STAR/merge would also allow workflows triggered by pull_request events to deploy to
     * the environment"; wildcards do not match `/`).
     */
    branchPattern: string;
    reviewers: Reviewers;
}

/** Every gate of the configuration: the preview, then per stack environment deploy, operator, re-ingestion. */
export function gates(cfg: Pick<BootstrapConfig, "reviewers" | "environments">): Gate[] {
    const out: Gate[] = [
        {
            role: "preview",
            environment: PREVIEW_ENVIRONMENT,
            workflow: WORKFLOWS.preview,
            ref: PULL_REQUEST_REF,
            branchPattern: PULL_REQUEST_REF,
            reviewers: cfg.reviewers ?? { users: [], teams: [] },
        },
    ];
    for (const env of cfg.environments) {
        const ref = `refs/heads/${env.branch}`;
        const common = {
            stackEnvironment: env.name,
            stack: env.stack,
            ref,
            branchPattern: env.branch,
            reviewers: env.reviewers,
        };
        out.push(
            { role: "deploy", environment: env.name, workflow: WORKFLOWS.deploy, ...common },
            // The doctor's read-only checks run in deploy.yml after each update (docs/ci.md).
            { role: "operator", environment: env.name + OPERATOR_SUFFIX, workflow: WORKFLOWS.deploy, ...common },
            { role: "reingest", environment: env.name + REINGEST_SUFFIX, workflow: WORKFLOWS.reingest, ...common },
        );
    }
    return out;
}

/**
 * The sub of a job of `gate`'s workflow and environment under the repository's template:
 * `repo:OWNER/REPO:environment:ENV:job_workflow_ref:OWNER/REPO/.github/workflows/FILE@REF`, the
 * first part being `subjectPrefix` when GitHub issues the repository's subjects with immutable IDs.
 */
export function gateSubject(cfg: Pick<BootstrapConfig, "repository" | "subjectPrefix">, gate: Gate): string {
    return `${cfg.subjectPrefix}:environment:${gate.environment}:job_workflow_ref:${cfg.repository}/.github/workflows/${gate.workflow}@${gate.ref}`;
}

/**
 * Trust for the jobs of one gate: the audience, and the subject exactly (StringEquals), or, for
 * the pull-request previews whose ref carries the pull-request number, StringLike with that one
 * wildcard (IAM User Guide, "IAM JSON policy elements: Condition operators", string condition
 * operators). No other subject: another workflow file, environment, branch or repository fails.
 */
export function gateTrustPolicy(providerArn: string, subject: string): PolicyDocument {
    const sub = `${GITHUB_OIDC_HOST}:sub`;
    const aud = `${GITHUB_OIDC_HOST}:aud`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "GitHubWorkflowOfThisRepository",
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: subject.includes("*")
                    ? { StringEquals: { [aud]: GITHUB_OIDC_AUDIENCE }, StringLike: { [sub]: subject } }
                    : { StringEquals: { [aud]: GITHUB_OIDC_AUDIENCE, [sub]: subject } },
            },
        ],
    };
}

export interface GitHubGatesArgs {
    /** OWNER/REPO. */
    repository: string;
    gates: Gate[];
    /**
     * Whether this bootstrap stack owns the repository-wide settings (config manageRepository): the
     * subject template and the preview environment. Otherwise it sets only its stacks' variables in
     * the preview environment, which the owning stack creates.
     */
    manageRepository: boolean;
    /** GitHub environment name → the ARN of the role its jobs assume (set as ROLE_VARIABLE there). */
    roleArns: Record<string, pulumi.Input<string>>;
    /** The stacks whose pull-request previews assume the preview role `roleArns.preview`. */
    previewStacks: string[];
    /**
     * The roles whose trusts admit the template's subjects: the template waits for them (GitHub Docs,
     * "OpenID Connect reference", Customizing the token claims: "first create a matching condition in
     * your cloud provider's OIDC configuration, before customizing").
     */
    roles: pulumi.Resource[];
    /**
     * The token of the bootstrap's GitHub provider (config `github:token`, a Pulumi secret; else the
     * provider reads GITHUB_TOKEN). Never a plain value.
     */
    token?: pulumi.Output<string>;
}

/**
 * The repository's OIDC subject template and one protected environment per gate: required
 * reviewers (GitHub user and team IDs, looked up by login and slug), the job's own trigger unable
 * to approve it, administrators unable to bypass, and a custom deployment branch policy (the
 * stack's one branch; the pull-request merge refs for the preview); in each, the variable naming
 * its role's ARN (not a secret: an ARN grants nothing without the trust). The environments are
 * protected: removing a configuration entry never deletes an environment and the secrets an
 * administrator set in it (`pulumi state unprotect` first, deliberately).
 *
 * Why the trusts need no `ref` claim: deploy.yml, reingest.yml and preview.yml declare no
 * `workflow_call` (tests/workflows). A called workflow's job_workflow_ref names the called file and
 * its ref, while the caller's ref is not in the sub (GitHub Docs, "Using OpenID Connect with
 * reusable workflows": "workflow, ref ... describe the caller workflow, while job_workflow_ref
 * refers to the called workflow"); so a callable deploy.yml@refs/heads/main could be run by another
 * branch's workflow. Uncallable, job_workflow_ref's ref is the run's own ref, and each environment's
 * branch policy checks that same GITHUB_REF.
 */
export class GitHubGates extends pulumi.ComponentResource {
    /** GitHub environment name → its resource ID (the environments this stack creates). */
    public readonly environments: Record<string, pulumi.Output<string>> = {};

    constructor(name: string, args: GitHubGatesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("customer-profiles-bootstrap:index:GitHubGates", name, {}, opts);
        const [owner, repository] = args.repository.split("/");
        const provider = new github.Provider(`${name}-provider`, { owner, token: args.token }, { parent: this });
        const o = { parent: this, provider };
        if (args.manageRepository)
            new github.ActionsRepositoryOidcSubjectClaimCustomizationTemplate(
                `${name}-oidc-subject`,
                { repository, useDefault: false, includeClaimKeys: SUBJECT_CLAIM_KEYS },
                { ...o, dependsOn: args.roles },
            );
        const users = new Map<string, pulumi.Output<number>>();
        const teams = new Map<string, pulumi.Output<number>>();
        const userId = (login: string) => {
            if (!users.has(login))
                users.set(
                    login,
                    github.getUserOutput({ username: login }, o).id.apply((id) => Number(id)),
                );
            return users.get(login)!;
        };
        const teamId = (slug: string) => {
            if (!teams.has(slug))
                teams.set(
                    slug,
                    github.getTeamOutput({ slug, summaryOnly: true }, o).id.apply((id) => Number(id)),
                );
            return teams.get(slug)!;
        };
        for (const gate of args.gates) {
            const arn = args.roleArns[gate.environment];
            if (arn === undefined)
                throw new pulumi.RunError(`GitHub environment ${gate.environment} has no role ARN to set`);
            const shared = gate.role === "preview";
            // The preview environment: created by the stack that owns the repository's settings;
            // every stack sets its own stacks' variables in it, by the environment's name.
            let environment: pulumi.Input<string> = gate.environment;
            if (!shared || args.manageRepository) {
                const env = new github.RepositoryEnvironment(
                    `${name}-environment-${gate.environment}`,
                    {
                        repository,
                        environment: gate.environment,
                        reviewers: [
                            {
                                users: gate.reviewers.users.map(userId),
                                teams: gate.reviewers.teams.map(teamId),
                            },
                        ],
                        preventSelfReview: true,
                        canAdminsBypass: false,
                        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
                    },
                    { ...o, protect: true },
                );
                new github.RepositoryEnvironmentDeploymentPolicy(
                    `${name}-environment-${gate.environment}-branch`,
                    { repository, environment: env.environment, branchPattern: gate.branchPattern },
                    o,
                );
                environment = env.environment;
                this.environments[gate.environment] = env.id;
            }
            const variables = shared
                ? args.previewStacks.map((stack) => ({ id: stack, variableName: previewRoleVariable(stack) }))
                : [{ id: "", variableName: ROLE_VARIABLE[gate.role as Exclude<GateRole, "preview">] }];
            for (const v of variables)
                new github.ActionsEnvironmentVariable(
                    `${name}-environment-${gate.environment}-role${v.id ? `-${v.id}` : ""}`,
                    { repository, environment, variableName: v.variableName, value: arn },
                    o,
                );
        }
        this.registerOutputs({ environments: this.environments });
    }
}
