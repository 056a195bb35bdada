// Issue 20, item 5: the GitHub side of the CI identities, as the bootstrap plans it offline (the
// repository's OIDC subject template, one protected environment per role, each role trusting one
// workflow file in one environment), and who can assume each role, tried through the IAM simulator
// with the claims GitHub puts in the job's token: on the bootstrap plan's trusts, and on the trusts
// main had before (four subjects of GitHub's default template, given literally below).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { createValidatedPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { runOfflinePlan, readStackFile } from "../../tools/lib/offline";
import { validateConfig } from "../../bootstrap/lib/config";
import { MockCloud } from "../../tools/lib/mock-cloud";
import { Plan, SECRET_PLACEHOLDER } from "../../tools/lib/plan-format";
import { ACCOUNT, dependencyNames, ofType, policyOf, REGION, resource } from "../support/plan";

const BOOTSTRAP = path.resolve(__dirname, "..", "..", "bootstrap");
const ROOT = path.resolve(__dirname, "..", "..");
const REPO = "examplecorp/connect-customer-profiles";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const HOST = "token.actions.githubusercontent.com";
const ENV_TYPE = "github:index/repositoryEnvironment:RepositoryEnvironment";
const POLICY_TYPE = "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy";
const VARIABLE_TYPE = "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable";
const TEMPLATE_TYPE =
    "github:index/actionsRepositoryOidcSubjectClaimCustomizationTemplate:ActionsRepositoryOidcSubjectClaimCustomizationTemplate";

/** The sub GitHub issues under the repository's template (repo, context, job_workflow_ref). */
const sub = (context: string, workflow: string, ref: string, repo = REPO) =>
    `repo:${repo}:${context}:job_workflow_ref:${repo}/.github/workflows/${workflow}@${ref}`;

/** The user and team IDs the offline mock cloud answers for a login or slug (GitHub's numeric IDs). */
const cloud = new MockCloud({ accountId: ACCOUNT, region: REGION, partition: "aws" });
const userId = (login: string) =>
    Number(cloud.call({ token: "github:index/getUser:getUser", inputs: { username: login } } as any).id);
const teamId = (slug: string) =>
    Number(cloud.call({ token: "github:index/getTeam:getTeam", inputs: { slug } } as any).id);

const byName = (plan: Plan, type: string) =>
    Object.fromEntries(ofType(plan, type).map((r) => [r.urn.split("::").pop()!, r.inputs]));

/** The trust of a role of the plan, by its logical name. */
const trustOf = (plan: Plan, name: string) => policyOf(resource(plan, "aws:iam/role:Role", name), "assumeRolePolicy");
// The roles GitHub's OIDC tokens assume (the stack's own roles, lib/stack-roles.ts, trust one AWS service each).
const githubRoles = (plan: Plan) =>
    ofType(plan, "aws:iam/role:Role").filter((r) =>
        (policyOf(r, "assumeRolePolicy").Statement as { Principal: Record<string, unknown> }[]).some(
            (st) => st.Principal.Federated !== undefined,
        ),
    );

describe("bootstrap: the GitHub side as code (issue 20)", function () {
    let plan: Plan;
    before(async function () {
        plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
    });

    it("customises the repository's OIDC subject to repo, context and job_workflow_ref", function () {
        assert.deepStrictEqual(byName(plan, TEMPLATE_TYPE), {
            "github-oidc-subject": {
                repository: "connect-customer-profiles",
                useDefault: false,
                includeClaimKeys: ["repo", "context", "job_workflow_ref"],
            },
        });
        const provider = resource(plan, "pulumi:providers:github", "github-provider");
        assert.strictEqual(provider.inputs.owner, "examplecorp");
    });

    it("creates preview, dev, dev-operator and dev-reingest with required reviewers, no self-review, no admin bypass; dev's three admit main alone, preview the pull-request merge refs alone", function () {
        const devReviewers = [{ users: [userId("examplecorp-lead")], teams: [teamId("platform-approvers")] }];
        const stackEnv = (environment: string) => ({
            repository: "connect-customer-profiles",
            environment,
            reviewers: devReviewers,
            preventSelfReview: true,
            canAdminsBypass: false,
            deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
        });
        assert.deepStrictEqual(byName(plan, ENV_TYPE), {
            "github-environment-preview": {
                repository: "connect-customer-profiles",
                environment: "preview",
                reviewers: [{ users: [], teams: [teamId("platform-approvers")] }],
                preventSelfReview: true,
                canAdminsBypass: false,
                // A push or dispatch of any branch can no longer name it (GITHUB_REF refs/heads/...).
                deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
            },
            "github-environment-dev": stackEnv("dev"),
            "github-environment-dev-operator": stackEnv("dev-operator"),
            "github-environment-dev-reingest": stackEnv("dev-reingest"),
        });
        const branch = (environment: string) => ({
            repository: "connect-customer-profiles",
            environment,
            branchPattern: "main",
        });
        assert.deepStrictEqual(byName(plan, POLICY_TYPE), {
            "github-environment-preview-branch": {
                repository: "connect-customer-profiles",
                environment: "preview",
                branchPattern: "refs/pull/*/merge",
            },
            "github-environment-dev-branch": branch("dev"),
            "github-environment-dev-operator-branch": branch("dev-operator"),
            "github-environment-dev-reingest-branch": branch("dev-reingest"),
        });
    });

    it("sets, in each environment, the variable naming its role's ARN (what the workflows read)", function () {
        const v = (environment: string, variableName: string, role: string) => ({
            repository: "connect-customer-profiles",
            environment,
            variableName,
            value: `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-${role}`,
        });
        assert.deepStrictEqual(byName(plan, VARIABLE_TYPE), {
            "github-environment-preview-role-dev": v("preview", "AWS_PREVIEW_ROLE_ARN_DEV", "preview"),
            "github-environment-dev-role": v("dev", "AWS_DEPLOY_ROLE_ARN", "deploy-dev"),
            "github-environment-dev-operator-role": v("dev-operator", "AWS_OPERATOR_ROLE_ARN", "operator-dev"),
            "github-environment-dev-reingest-role": v("dev-reingest", "AWS_REINGEST_ROLE_ARN", "reingest-dev"),
        });
    });

    it("protects every environment it creates: removing a configuration entry never deletes an environment and the secrets set in it", function () {
        const envs = ofType(plan, ENV_TYPE);
        assert.strictEqual(envs.length, 4);
        for (const e of envs) assert.strictEqual(e.protect, true, String(e.inputs.environment));
    });

    it("customises the subject only after every role whose trust admits the new subjects exists", function () {
        const template = ofType(plan, TEMPLATE_TYPE)[0];
        const roles = githubRoles(plan).map((r) => r.urn.split("::").pop()!);
        assert.deepStrictEqual(roles.sort(), [
            "deploy-dev-role",
            "operator-dev-role",
            "preview-role",
            "reingest-dev-role",
        ]);
        for (const r of roles) assert.ok(dependencyNames(template).includes(r), `the template does not wait for ${r}`);
    });

    it("each role trusts the audience and the one subject of its workflow file and environment", function () {
        const trust = (condition: Record<string, Record<string, string>>) => ({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "GitHubWorkflowOfThisRepository",
                    Effect: "Allow",
                    Principal: { Federated: PROVIDER },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: condition,
                },
            ],
        });
        const exact = (s: string) =>
            trust({ StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com", [`${HOST}:sub`]: s } });
        assert.deepStrictEqual(
            trustOf(plan, "preview-role"),
            trust({
                StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" },
                StringLike: { [`${HOST}:sub`]: sub("environment:preview", "preview.yml", "refs/pull/*/merge") },
            }),
        );
        assert.deepStrictEqual(
            trustOf(plan, "deploy-dev-role"),
            exact(sub("environment:dev", "deploy.yml", "refs/heads/main")),
        );
        assert.deepStrictEqual(
            trustOf(plan, "operator-dev-role"),
            exact(sub("environment:dev-operator", "deploy.yml", "refs/heads/main")),
        );
        assert.deepStrictEqual(
            trustOf(plan, "reingest-dev-role"),
            exact(sub("environment:dev-reingest", "reingest.yml", "refs/heads/main")),
        );
    });

    it("by construction, every environment a trust names is one the plan creates, and every workflow file it names exists", async function () {
        // A second stack environment with its own branch: its three environments and trusts follow.
        const config = {
            ...readStackFile(path.join(BOOTSTRAP, "Pulumi.dev.yaml")),
            "connect-customer-profiles-bootstrap:environments": [
                { name: "dev", domainName: "amazon-connect-examplecorp-dev" },
                { name: "prod", domainName: "amazon-connect-examplecorp-prod", branch: "release" },
            ],
        };
        for (const p of [plan, (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev", config })).plan]) {
            const created = new Set(ofType(p, ENV_TYPE).map((r) => r.inputs.environment));
            const trusted = githubRoles(p).map((r) => {
                const c = policyOf(r, "assumeRolePolicy").Statement[0].Condition;
                const s: string = (c.StringEquals[`${HOST}:sub`] ?? c.StringLike[`${HOST}:sub`]) as string;
                const m = /^repo:([^:]+):environment:([^:]+):job_workflow_ref:([^@]+)@(.+)$/.exec(s);
                assert.ok(m, `${r.inputs.name}: ${s}`);
                assert.strictEqual(m[1], REPO);
                assert.ok(
                    created.has(m[2]),
                    `${r.inputs.name} trusts environment ${m[2]}, which the plan does not create`,
                );
                assert.ok(fs.existsSync(path.join(ROOT, m[3].slice(REPO.length + 1))), `${m[3]} does not exist`);
                return `${m[2]} ${m[3].split("/").pop()}@${m[4]}`;
            });
            if (p !== plan)
                assert.deepStrictEqual(trusted.sort(), [
                    "dev deploy.yml@refs/heads/main",
                    "dev-operator deploy.yml@refs/heads/main",
                    "dev-reingest reingest.yml@refs/heads/main",
                    "preview preview.yml@refs/pull/*/merge",
                    "prod deploy.yml@refs/heads/release",
                    "prod-operator deploy.yml@refs/heads/release",
                    "prod-reingest reingest.yml@refs/heads/release",
                ]);
            assert.strictEqual(created.size, githubRoles(p).length);
        }
    });

    it("a repository whose subjects carry immutable IDs: the trusts start with its subjectPrefix", async function () {
        const prefix = "repo:examplecorp@1234567/connect-customer-profiles@890123456";
        const config = {
            ...readStackFile(path.join(BOOTSTRAP, "Pulumi.dev.yaml")),
            "connect-customer-profiles-bootstrap:subjectPrefix": prefix,
        };
        const p = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev", config })).plan;
        assert.strictEqual(
            trustOf(p, "deploy-dev-role").Statement[0].Condition.StringEquals[`${HOST}:sub`],
            `${prefix}:environment:dev:job_workflow_ref:${REPO}/.github/workflows/deploy.yml@refs/heads/main`,
        );
    });

    it("two bootstrap stacks (two accounts) never write the same GitHub setting: one owns the template and the preview environment, each sets its own stacks' preview variables", async function () {
        const base = readStackFile(path.join(BOOTSTRAP, "Pulumi.dev.yaml"));
        const prodConfig = {
            ...base,
            "connect-customer-profiles-bootstrap:manageRepository": false,
            "connect-customer-profiles-bootstrap:environments": [
                { name: "prod", domainName: "amazon-connect-examplecorp-prod", branch: "release" },
            ],
        };
        const prod = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "prod", config: prodConfig })).plan;
        /** What each plan writes in the repository, as GitHub keys it (environment names in lower case). */
        const writes = (p: Plan) =>
            [
                ...ofType(p, TEMPLATE_TYPE).map((r) => `subject template of ${r.inputs.repository}`),
                ...ofType(p, ENV_TYPE).map((r) => `environment ${String(r.inputs.environment).toLowerCase()}`),
                ...ofType(p, POLICY_TYPE).map(
                    (r) => `branch policy ${String(r.inputs.environment).toLowerCase()} ${r.inputs.branchPattern}`,
                ),
                ...ofType(p, VARIABLE_TYPE).map(
                    (r) =>
                        `variable ${String(r.inputs.environment).toLowerCase()} ${String(r.inputs.variableName).toUpperCase()}`,
                ),
            ].sort();
        const dev = writes(plan);
        const other = writes(prod);
        assert.deepStrictEqual(
            dev.filter((w) => other.includes(w)),
            [],
        );
        assert.deepStrictEqual(other, [
            "branch policy prod release",
            "branch policy prod-operator release",
            "branch policy prod-reingest release",
            "environment prod",
            "environment prod-operator",
            "environment prod-reingest",
            "variable preview AWS_PREVIEW_ROLE_ARN_PROD",
            "variable prod AWS_DEPLOY_ROLE_ARN",
            "variable prod-operator AWS_OPERATOR_ROLE_ARN",
            "variable prod-reingest AWS_REINGEST_ROLE_ARN",
        ]);
        assert.ok(dev.includes("subject template of connect-customer-profiles") && dev.includes("environment preview"));
        // prod's preview variable names prod's account's preview role, in the environment dev's stack creates.
        const v = byName(prod, VARIABLE_TYPE)["github-environment-preview-role-prod"];
        assert.deepStrictEqual(v, {
            repository: "connect-customer-profiles",
            environment: "preview",
            variableName: "AWS_PREVIEW_ROLE_ARN_PROD",
            value: `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-preview`,
        });
    });

    it("the GitHub token (config github:token) reaches the provider as a secret, never the plan", async function () {
        const token = "github_pat_11EXAMPLE0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
        const config = { ...readStackFile(path.join(BOOTSTRAP, "Pulumi.dev.yaml")), "github:token": token };
        const p = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev", config })).plan;
        assert.ok(!JSON.stringify(p).includes(token), "the token appears in the plan");
        assert.ok(!JSON.stringify(p).includes("github_pat_"), "part of the token appears in the plan");
        assert.strictEqual(resource(p, "pulumi:providers:github", "github-provider").inputs.token, SECRET_PLACEHOLDER);
    });
});

// ---------------------------------------------------------------------------------------------
// Who can assume each role. The Service Authorization Reference's list of condition keys for
// sts:AssumeRoleWithWebIdentity (what runSimulation keeps of a request's context) names GitHub's
// job_workflow_ref, environment, ref... but not the provider's `aud` and `sub`, which IAM documents
// for every OIDC provider (IAM User Guide, "Available keys for AWS OIDC federation",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
// So the trust is evaluated with runUnsafeSimulation (no context-key filtering), after
// validateTrustPolicy accepts the document.

type Claims = { sub: string; aud?: string };

function assume(trust: unknown, claims: Claims): string {
    const validated = createValidatedPolicy(trust, validateTrustPolicy, { name: "trust" });
    assert.deepStrictEqual(validated.errors, []);
    return runUnsafeSimulation(
        {
            request: {
                principal: PROVIDER,
                action: "sts:AssumeRoleWithWebIdentity",
                resource: { resource: `arn:aws:iam::${ACCOUNT}:role/x`, accountId: ACCOUNT },
                contextVariables: { [`${HOST}:sub`]: claims.sub, [`${HOST}:aud`]: claims.aud ?? "sts.amazonaws.com" },
            },
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: validated,
        } as any,
        {},
    ) as unknown as string;
}

/** The trusts as main wrote them before this change: one subject each, under GitHub's default template. */
const oldTrust = (s: string) => ({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "GitHubActionsOfThisRepository",
            Effect: "Allow",
            Principal: { Federated: PROVIDER },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com", [`${HOST}:sub`]: s } },
        },
    ],
});
const BEFORE: Record<string, unknown> = {
    "preview-role": oldTrust(`repo:${REPO}:pull_request`),
    "deploy-dev-role": oldTrust(`repo:${REPO}:environment:dev`),
    "operator-dev-role": oldTrust(`repo:${REPO}:ref:refs/heads/main`),
    "reingest-dev-role": oldTrust(`repo:${REPO}:environment:dev-reingest`),
};

/** A GitHub Actions job: its context (GitHub Docs, "OpenID Connect reference", example subject claims:
 * `environment:NAME` when the job references an environment, else `pull_request` for a pull request's
 * run, else `ref:refs/heads/BRANCH`), its workflow file and the run's ref. */
interface Job {
    context: string;
    workflow: string;
    ref: string;
    repo?: string;
}

/**
 * The sub GitHub puts in the job's token under the repository's subject template as the plan sets
 * it: GitHub's default `repo:OWNER/REPO:CONTEXT` when the plan sets none (or use_default), else the
 * template's claims in order, `repo:…`, CONTEXT, `job_workflow_ref:OWNER/REPO/.github/workflows/FILE@REF`
 * (GitHub Docs, "OpenID Connect reference", "Customizing the subject claims for an organization or
 * repository").
 */
function tokenSub(plan: Plan, job: Job): string {
    const repo = job.repo ?? REPO;
    const template = ofType(plan, TEMPLATE_TYPE)[0]?.inputs;
    if (!template || template.useDefault) return `repo:${repo}:${job.context}`;
    return (template.includeClaimKeys as string[])
        .map((k) => {
            if (k === "repo") return `repo:${repo}`;
            if (k === "context") return job.context;
            if (k === "job_workflow_ref")
                return `job_workflow_ref:${repo}/.github/workflows/${job.workflow}@${job.ref}`;
            throw new Error(`claim ${k} is not modelled`);
        })
        .join(":");
}

/** Jobs that must not get the role. */
const ATTEMPTS: { name: string; role: string; job: Job }[] = [
    {
        name: "a job of another workflow file on main, in environment dev, assumes the deploy role",
        role: "deploy-dev-role",
        job: { context: "environment:dev", workflow: "tamper.yml", ref: "refs/heads/main" },
    },
    {
        name: "deploy.yml run from another branch in environment dev assumes the deploy role",
        role: "deploy-dev-role",
        job: { context: "environment:dev", workflow: "deploy.yml", ref: "refs/heads/feature" },
    },
    {
        name: "a pull request's job naming environment dev assumes the deploy role",
        role: "deploy-dev-role",
        job: { context: "environment:dev", workflow: "preview.yml", ref: "refs/pull/7/merge" },
    },
    {
        name: "any job on main, no environment, assumes the operator role (reads dead-letter messages)",
        role: "operator-dev-role",
        job: { context: "ref:refs/heads/main", workflow: "tamper.yml", ref: "refs/heads/main" },
    },
    {
        name: "deploy.yml's doctor job without its environment assumes the operator role",
        role: "operator-dev-role",
        job: { context: "ref:refs/heads/main", workflow: "deploy.yml", ref: "refs/heads/main" },
    },
    {
        name: "a job of another workflow file in environment dev-reingest assumes the re-ingestion role",
        role: "reingest-dev-role",
        job: { context: "environment:dev-reingest", workflow: "tamper.yml", ref: "refs/heads/main" },
    },
    {
        name: "reingest.yml from another branch in environment dev-reingest assumes the re-ingestion role",
        role: "reingest-dev-role",
        job: { context: "environment:dev-reingest", workflow: "reingest.yml", ref: "refs/heads/feature" },
    },
    {
        // Not a defence against the pull request's author, who can rewrite preview.yml itself (GitHub
        // runs a pull request's workflow files from its merge commit): the preview environment's
        // reviewers are (docs/bootstrap.md). This only shows the preview role needs that environment.
        name: "a pull request's job of another workflow file, outside the preview environment (no reviewer's approval), assumes the preview role",
        role: "preview-role",
        job: { context: "pull_request", workflow: "tamper.yml", ref: "refs/pull/7/merge" },
    },
    {
        name: "a pull request's preview.yml job outside the approved preview environment assumes the preview role",
        role: "preview-role",
        job: { context: "pull_request", workflow: "preview.yml", ref: "refs/pull/7/merge" },
    },
];

/** The plan main made before this change: the old trusts, no subject template. */
const BEFORE_PLAN = { steps: [] } as unknown as Plan;

describe("IAM simulator: who can assume the CI roles (AssumeRoleWithWebIdentity, the token's claims)", function () {
    let plan: Plan;
    before(async function () {
        plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
    });

    for (const a of ATTEMPTS)
        it(`denied now, admitted before: ${a.name}`, function () {
            assert.strictEqual(assume(BEFORE[a.role], { sub: tokenSub(BEFORE_PLAN, a.job) }), "Allowed");
            assert.strictEqual(assume(trustOf(plan, a.role), { sub: tokenSub(plan, a.job) }), "ImplicitlyDenied");
        });

    it("each role admits its own workflow's job in its own environment, and no other role admits it", function () {
        const own: Record<string, Job> = {
            "preview-role": { context: "environment:preview", workflow: "preview.yml", ref: "refs/pull/7/merge" },
            "deploy-dev-role": { context: "environment:dev", workflow: "deploy.yml", ref: "refs/heads/main" },
            "operator-dev-role": {
                context: "environment:dev-operator",
                workflow: "deploy.yml",
                ref: "refs/heads/main",
            },
            "reingest-dev-role": {
                context: "environment:dev-reingest",
                workflow: "reingest.yml",
                ref: "refs/heads/main",
            },
        };
        const decisions: string[] = [];
        for (const role of Object.keys(own))
            for (const [job, j] of Object.entries(own))
                decisions.push(`${role} ${job}: ${assume(trustOf(plan, role), { sub: tokenSub(plan, j) })}`);
        assert.deepStrictEqual(
            decisions.filter((d) => d.endsWith("Allowed")),
            Object.keys(own).map((r) => `${r} ${r}: Allowed`),
        );
    });

    it("admitted, and stopped by the preview environment's reviewers alone: a pull request whose author rewrote preview.yml (or triggers it on pull_request_review), once approved", function () {
        // GitHub runs a pull request's workflow files from its merge commit: whatever preview.yml the
        // author wrote, its job in `preview` presents this sub (docs/bootstrap.md, "The preview's
        // reviewers are the only gate against a pull request's author").
        const rewritten: Job = { context: "environment:preview", workflow: "preview.yml", ref: "refs/pull/7/merge" };
        assert.strictEqual(assume(trustOf(plan, "preview-role"), { sub: tokenSub(plan, rewritten) }), "Allowed");
        // No stack role: they need a branch's ref, which a pull request's run never has.
        for (const role of ["deploy-dev-role", "operator-dev-role", "reingest-dev-role"])
            assert.strictEqual(
                assume(trustOf(plan, role), { sub: tokenSub(plan, rewritten) }),
                "ImplicitlyDenied",
                role,
            );
    });

    it("fails closed: a token of GitHub's default template, another repository, another audience, or a ref that mimics a pull request is denied", function () {
        const tries: [string, Claims][] = [
            ["deploy-dev-role", { sub: `repo:${REPO}:environment:dev` }],
            ["operator-dev-role", { sub: `repo:${REPO}:environment:dev-operator` }],
            ["preview-role", { sub: `repo:${REPO}:environment:preview` }],
            ["deploy-dev-role", { sub: sub("environment:dev", "deploy.yml", "refs/heads/main", "examplecorp/fork") }],
            [
                "preview-role",
                {
                    sub: sub(
                        "environment:preview",
                        "preview.yml",
                        "refs/pull/7/merge",
                        "examplecorp/connect-customer-profiles-fork",
                    ),
                },
            ],
            [
                "deploy-dev-role",
                { sub: sub("environment:dev", "deploy.yml", "refs/heads/main"), aud: "https://github.com/examplecorp" },
            ],
            // A branch named pull/7/merge: its ref is refs/heads/pull/7/merge, never refs/pull/…
            ["preview-role", { sub: sub("environment:preview", "preview.yml", "refs/heads/pull/7/merge") }],
            // A workflow file's name cannot hold "/" (workflows live directly in .github/workflows).
            ["preview-role", { sub: sub("environment:preview", "preview.yml.yml", "refs/pull/7/merge") }],
        ];
        assert.deepStrictEqual(
            tries.map(([role, c]) => `${role}: ${assume(trustOf(plan, role), c)}`),
            tries.map(([role]) => `${role}: ImplicitlyDenied`),
        );
    });
});

describe("bootstrap configuration: what GitHub would otherwise get wrong (issue 20 review)", function () {
    const base = {
        repository: REPO,
        manageRepository: true,
        reviewers: { teams: ["platform-approvers"] },
    };
    const problems = (raw: Record<string, unknown>): string[] => {
        try {
            validateConfig(raw);
            return [];
        } catch (e) {
            return (e as { problems: string[] }).problems;
        }
    };

    it("an environment named otherwise than its stack is refused (the workflows name the environment after the stack)", function () {
        assert.deepStrictEqual(
            problems({ ...base, environments: [{ name: "development", stack: "dev", domainName: "D" }] }),
            [
                'connect-customer-profiles-bootstrap:environments[0].stack: "dev" differs from name "development"; the workflows run stack STACK\'s jobs in the GitHub environments STACK, STACK-operator and STACK-reingest, so expected stack equal to name (or omitted)',
            ],
        );
        assert.deepStrictEqual(
            problems({ ...base, environments: [{ name: "dev", stack: "dev", domainName: "D" }] }),
            [],
        );
    });

    it("environment names are compared as GitHub does, case-insensitively", function () {
        assert.deepStrictEqual(
            problems({
                ...base,
                environments: [
                    { name: "dev", domainName: "D" },
                    { name: "Dev", domainName: "E" },
                    { name: "Preview", domainName: "P" },
                    { name: "DEV-operator", domainName: "O" },
                ],
            }),
            [
                'connect-customer-profiles-bootstrap:environments: the name "Dev" appears more than once (as "dev": GitHub environment names are not case sensitive); expected one entry per environment',
                'connect-customer-profiles-bootstrap:environments: the name "Preview" is one the bootstrap gives the preview environment or an operator or re-ingestion environment (GitHub environment names are not case sensitive); expected another name',
                'connect-customer-profiles-bootstrap:environments: the name "DEV-operator" is one the bootstrap gives the preview environment or an operator or re-ingestion environment (GitHub environment names are not case sensitive); expected another name',
            ],
        );
    });

    it("two stacks whose preview variables would be one are refused", function () {
        assert.deepStrictEqual(
            problems({
                ...base,
                environments: [
                    { name: "eu-prod", domainName: "D" },
                    { name: "eu_prod", domainName: "E" },
                ],
            }),
            [
                'connect-customer-profiles-bootstrap:environments: the names "eu-prod" and "eu_prod" give the same preview variable AWS_PREVIEW_ROLE_ARN_EU_PROD; expected names that differ in a letter or digit',
            ],
        );
    });

    it("manageRepository is required, a boolean", function () {
        const environments = [{ name: "dev", domainName: "D" }];
        const form =
            "expected true in exactly one bootstrap stack of the repository (it creates the repository's OIDC subject template and the preview environment), false in every other";
        assert.deepStrictEqual(problems({ ...base, manageRepository: undefined, environments }), [
            `connect-customer-profiles-bootstrap:manageRepository is required; ${form}`,
        ]);
        assert.deepStrictEqual(problems({ ...base, manageRepository: "yes", environments }), [
            `connect-customer-profiles-bootstrap:manageRepository: "yes" is not valid; ${form}`,
        ]);
    });
});
