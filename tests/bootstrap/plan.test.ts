// The bootstrap program, planned offline like the main one: its resources, trust policies and
// outputs, its configuration errors, and the policy pack's verdict on it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runOfflinePlan } from "../../tools/lib/offline";
import { checkPlan } from "../../tools/lib/analyzer";
import { main as planMain } from "../../tools/plan";
import { Plan } from "../../tools/lib/plan-format";
import { validateConfig } from "../../bootstrap/lib/config";
import { gateTrustPolicy } from "../../bootstrap/lib/github";
import { resourceControlPolicy, serviceControlPolicy } from "../../bootstrap/lib/organization";
import { iamPolicy, linesFor, one, run } from "../policies/helpers";
import { ACCOUNT, policyOf, resource, resources } from "../support/plan";

const BOOTSTRAP = path.resolve(__dirname, "..", "..", "bootstrap");
import before20 from "../fixtures/bootstrap/deploy-dev-before-issue-20.json";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const REPO = "examplecorp/connect-customer-profiles";
const DEV_ORGANIZATION = {
    organizationId: "o-examplecorp01",
    trailAdministrators: ["aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*"],
};

const trust = (sub: string) => ({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "GitHubWorkflowOfThisRepository",
            Effect: "Allow",
            Principal: { Federated: PROVIDER },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                    "token.actions.githubusercontent.com:sub": sub,
                },
            },
        },
    ],
});

describe("bootstrap program: offline plan", function () {
    let plan: Plan;
    before(async function () {
        plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
    });

    it("creates the OIDC provider (protected), four CI roles, their managed policies and attachments, and the stack's permissions boundary and two roles", function () {
        const count = (t: string) => resources(plan).filter((r) => r.type === t).length;
        const provider = resource(plan, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "github-actions");
        assert.deepStrictEqual(provider.inputs.clientIdLists, ["sts.amazonaws.com"]);
        assert.strictEqual(provider.inputs.url, "https://token.actions.githubusercontent.com");
        assert.strictEqual(provider.protect, true);
        // The four CI roles, and the stack's two roles whose trust never changes (lib/stack-roles.ts).
        assert.strictEqual(count("aws:iam/role:Role"), 6);
        // Every managed policy is attached to its role, except the boundary (the program's roles carry it as their boundary).
        assert.strictEqual(
            count("aws:iam/policy:Policy"),
            count("aws:iam/rolePolicyAttachment:RolePolicyAttachment") + 1,
        );
        const boundary = resource(plan, "aws:iam/policy:Policy", "boundary-dev");
        assert.deepStrictEqual(
            [boundary.inputs.name, boundary.inputs.path],
            ["boundary-dev", "/connect-customer-profiles/"],
        );
        assert.deepStrictEqual(
            resources(plan)
                .filter((r) => r.type === "aws:iam/role:Role")
                .map((r) => r.inputs.name)
                .sort(),
            [
                "connect-profiles-ci-deploy-dev",
                "connect-profiles-ci-dev-ctr-delivery",
                "connect-profiles-ci-dev-integration-workflows",
                "connect-profiles-ci-operator-dev",
                "connect-profiles-ci-preview",
                "connect-profiles-ci-reingest-dev",
            ],
        );
    });

    it("each role trusts the audience and one exact subject of this repository: its workflow file in its environment", function () {
        // The subjects under the repository's template (repo, context, job_workflow_ref) the plan sets
        // (tests/bootstrap/github.test.ts); the preview's ref carries the pull-request number.
        const jwr = (file: string, ref: string) => `job_workflow_ref:${REPO}/.github/workflows/${file}@${ref}`;
        const expected: Record<string, string> = {
            "deploy-dev-role": `repo:${REPO}:environment:dev:${jwr("deploy.yml", "refs/heads/main")}`,
            "operator-dev-role": `repo:${REPO}:environment:dev-operator:${jwr("deploy.yml", "refs/heads/main")}`,
            "reingest-dev-role": `repo:${REPO}:environment:dev-reingest:${jwr("reingest.yml", "refs/heads/main")}`,
        };
        for (const [name, sub] of Object.entries(expected))
            assert.deepStrictEqual(policyOf(resource(plan, "aws:iam/role:Role", name), "assumeRolePolicy"), trust(sub));
        assert.deepStrictEqual(
            policyOf(resource(plan, "aws:iam/role:Role", "preview-role"), "assumeRolePolicy").Statement[0].Condition,
            {
                StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                StringLike: {
                    "token.actions.githubusercontent.com:sub": `repo:${REPO}:environment:preview:${jwr("preview.yml", "refs/pull/*/merge")}`,
                },
            },
        );
    });

    it("outputs the role ARNs the workflows use", function () {
        assert.deepStrictEqual(plan.outputs, {
            oidcProviderArn: PROVIDER,
            previewRoleArn: `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-preview`,
            deployRoleArns: { dev: `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-deploy-dev` },
            operatorRoleArns: { dev: `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-operator-dev` },
            reingestRoleArns: { dev: `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-reingest-dev` },
            permissionsBoundaryArns: {
                dev: `arn:aws:iam::${ACCOUNT}:policy/connect-customer-profiles/boundary-dev`,
            },
            stackRoleArns: {
                dev: {
                    "ctr-delivery": `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-dev-ctr-delivery`,
                    "integration-workflows": `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-dev-integration-workflows`,
                },
            },
            // The security alerts (lib/alerts.ts): the stack's region, and us-east-1 for IAM's events.
            securityAlertTopicArns: {
                "eu-west-2": `arn:aws:sns:eu-west-2:${ACCOUNT}:connect-profiles-ci-security-alerts`,
                "us-east-1": `arn:aws:sns:us-east-1:${ACCOUNT}:connect-profiles-ci-security-alerts`,
            },
            // Their documents: tests/bootstrap/organization-policies.test.ts.
            // From Pulumi.dev.yaml's organizationPolicies; the documents' every statement:
            // tests/bootstrap/organization-policies.test.ts.
            organizationPolicies: {
                resourceControlPolicy: JSON.stringify(resourceControlPolicy(DEV_ORGANIZATION, ACCOUNT)),
                serviceControlPolicy: JSON.stringify(
                    serviceControlPolicy(
                        { partition: "aws", account: ACCOUNT, region: "eu-west-2" },
                        [{ name: "dev", stack: "dev", domainName: "amazon-connect-examplecorp-dev" }],
                        DEV_ORGANIZATION,
                    ),
                ),
            },
        });
    });

    it("every managed policy fits the 6,144-character quota", function () {
        for (const r of resources(plan).filter((x) => x.type === "aws:iam/policy:Policy"))
            assert.ok(String(r.inputs.policy).replace(/\s+/g, "").length <= 6144, String(r.inputs.name));
    });

    it("an existing OIDC provider is reused, not created", async function () {
        const config = {
            "aws:region": "eu-west-2",
            "connect-customer-profiles-bootstrap:repository": REPO,
            "connect-customer-profiles-bootstrap:existingOidcProviderArn": PROVIDER,
            "connect-customer-profiles-bootstrap:manageRepository": false,
            "connect-customer-profiles-bootstrap:reviewers": { users: ["octocat"] },
            "connect-customer-profiles-bootstrap:environments": [{ name: "dev", domainName: "D" }],
        };
        const p = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev", config })).plan;
        assert.strictEqual(
            resources(p).filter((r) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length,
            0,
        );
        assert.deepStrictEqual(
            policyOf(resource(p, "aws:iam/role:Role", "deploy-dev-role"), "assumeRolePolicy"),
            trust(`repo:${REPO}:environment:dev:job_workflow_ref:${REPO}/.github/workflows/deploy.yml@refs/heads/main`),
        );
    });

    it("the policy pack passes the plan with no configuration and no exemption: 0 violations", async function () {
        assert.ok(!fs.existsSync(path.join(BOOTSTRAP, "policy-config.json")));
        const report = await checkPlan(plan, {});
        assert.deepStrictEqual(
            report.violations.map((v) => `${v.policyName}: ${v.resourceName}: ${v.detail}`),
            [],
        );
    });

    it("the pack fails the deploy role as it was before issue 20 (escalation paths, no boundary)", async function () {
        const docs = Object.entries(before20.policies).map(([name, doc]) => iamPolicy(name, doc));
        assert.deepStrictEqual(linesFor(await run(docs), "iam-no-privilege-escalation"), [
            'connect-profiles-ci-deploy-dev-2: policy: statement 0 ("DeployIam"): grants policy-management actions that allow privilege escalation (iam:PutRolePolicy, iam:CreatePolicyVersion, iam:UpdateAssumeRolePolicy, iam:CreateRole)',
        ]);
    });

    it("the pack knows GitHub's OIDC condition keys and still flags a misspelt one", async function () {
        const role = (doc: unknown) => one("aws:iam/role:Role", "ci", { assumeRolePolicy: JSON.stringify(doc) });
        // Both forms the bootstrap writes: an exact subject (StringEquals) and the preview's pull-request pattern (StringLike).
        for (const subject of [
            `repo:${REPO}:environment:dev:job_workflow_ref:${REPO}/.github/workflows/deploy.yml@refs/heads/main`,
            `repo:${REPO}:environment:preview:job_workflow_ref:${REPO}/.github/workflows/preview.yml@refs/pull/*/merge`,
        ]) {
            const ok = gateTrustPolicy(PROVIDER, subject);
            assert.deepStrictEqual(linesFor(await run([role(ok)]), "iam-known-actions-and-condition-keys"), []);
            const bad = JSON.parse(JSON.stringify(ok).replace(":sub", ":subject"));
            assert.deepStrictEqual(linesFor(await run([role(bad)]), "iam-known-actions-and-condition-keys"), [
                'ci: assumeRolePolicy: statement 0 ("GitHubWorkflowOfThisRepository"): unknown condition key "token.actions.githubusercontent.com:subject"',
            ]);
        }
        assert.deepStrictEqual(
            linesFor(
                await run([iamPolicy("p", { Version: "2012-10-17", Statement: [] })]),
                "iam-known-actions-and-condition-keys",
            ),
            [],
        );
    });

    it("npm run plan -- --project bootstrap: plans it and applies its policy config (exit 0)", async function () {
        let out = "";
        const code = await planMain(
            ["--project", BOOTSTRAP, "--stack", "dev"],
            (s) => (out += s),
            () => undefined,
        );
        assert.strictEqual(code, 0);
        // Every resource of the plan (the number of deploy policies follows the packing of its statements).
        const planned = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan.steps.filter(
            (s) => s.newState?.custom,
        ).length;
        assert.match(out, new RegExp(`Offline plan of stack dev .*: ${planned} resources to create`));
        assert.ok(planned >= 20, `${planned} resources`);
        assert.match(out, /0 mandatory and 0 advisory violations/);
    });

    it("--project naming a directory without Pulumi.yaml: one clear line, exit 2", async function () {
        let err = "";
        const code = await planMain(
            ["--project", "nowhere"],
            () => undefined,
            (s) => (err += s),
        );
        assert.strictEqual(code, 2);
        assert.strictEqual(
            err,
            '--project: "nowhere" has no Pulumi.yaml; expected a Pulumi project directory such as bootstrap\n',
        );
    });
});

describe("bootstrap program: configuration", function () {
    const valid = {
        repository: REPO,
        manageRepository: true,
        reviewers: { teams: ["platform-approvers"] },
        environments: [{ name: "dev", domainName: "D" }],
    };

    it("defaults: stack = environment name, branch main, the top-level reviewers", function () {
        assert.deepStrictEqual(validateConfig(valid), {
            repository: REPO,
            subjectPrefix: `repo:${REPO}`,
            manageRepository: true,
            existingOidcProviderArn: undefined,
            roleNamePrefix: "connect-profiles-ci",
            reviewers: { users: [], teams: ["platform-approvers"] },
            environments: [
                {
                    name: "dev",
                    stack: "dev",
                    roleNamePrefix: "connect-profiles-ci",
                    domainName: "D",
                    region: undefined,
                    reviewers: { users: [], teams: ["platform-approvers"] },
                    branch: "main",
                },
            ],
            // On by default, no subscription (lib/config.ts securityAlertsOf).
            securityAlerts: { enabled: true, emails: [] },
        });
        // An environment's own reviewers and branch replace the defaults.
        const own = validateConfig({
            ...valid,
            environments: [
                { name: "prod", domainName: "P", branch: "release/1", reviewers: { users: ["octocat", "a-b"] } },
            ],
        }).environments[0];
        assert.deepStrictEqual([own.reviewers, own.branch], [{ users: ["octocat", "a-b"], teams: [] }, "release/1"]);
    });

    it("lists every problem at once, naming the key, the value and the form expected, unknown keys included", function () {
        assert.throws(
            () =>
                validateConfig({
                    repository: "examplecorp/*",
                    environment: [],
                    environments: [
                        { name: "dev", domainName: "D", stacks: "x", operatorSubject: "ref:refs/heads/main" },
                        { name: "dev", domainName: "bad name", connectInstances: ["instance/*"] },
                    ],
                }),
            (e: Error) => {
                assert.strictEqual(e.name, "ConfigError");
                assert.strictEqual(
                    e.message,
                    [
                        "Invalid bootstrap configuration (9 problems):",
                        "  - connect-customer-profiles-bootstrap:environment is not a setting; expected one of repository, subjectPrefix, manageRepository, existingOidcProviderArn, roleNamePrefix, reviewers, environments, securityAlerts, organizationPolicies",
                        '  - connect-customer-profiles-bootstrap:repository: "examplecorp/*" is not a GitHub repository; expected OWNER/REPO, no wildcard',
                        "  - connect-customer-profiles-bootstrap:manageRepository is required; expected true in exactly one bootstrap stack of the repository (it creates the repository's OIDC subject template and the preview environment), false in every other",
                        "  - connect-customer-profiles-bootstrap:reviewers is required (the approvers of the preview environment, and of every stack environment without its own); expected { users: [GitHub login, ...], teams: [team slug, ...] }, 1 to 6 in all",
                        "  - connect-customer-profiles-bootstrap:environments[0].stacks is not a setting; expected one of name, stack, domainName, region, reviewers, branch, connectorProfiles, connectInstances, alarmEmails",
                        "  - connect-customer-profiles-bootstrap:environments[0].operatorSubject is not a setting; expected one of name, stack, domainName, region, reviewers, branch, connectorProfiles, connectInstances, alarmEmails",
                        "  - connect-customer-profiles-bootstrap:environments[1].domainName: \"bad name\" is not valid; expected the stack's domainName (1-64 letters, digits, '_' or '-')",
                        '  - connect-customer-profiles-bootstrap:environments[1].connectInstances: ["instance/*"] is not valid; expected a list of existing Amazon Connect instance IDs, each a lower-case UUID such as 4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f (the ID in the instance ARN; the Deny on these instances matches ARNs case-sensitively)',
                        '  - connect-customer-profiles-bootstrap:environments: the name "dev" appears more than once; expected one entry per environment',
                    ].join("\n"),
                );
                return true;
            },
        );
    });

    it("reviewers and branches: unknown keys, bad logins and slugs, none or more than six, wildcards and names the bootstrap gives others are refused", function () {
        assert.throws(
            () =>
                validateConfig({
                    repository: REPO,
                    manageRepository: true,
                    subjectPrefix: "repo:examplecorp/*",
                    reviewers: { users: ["-bad", "octocat"], groups: ["x"] },
                    environments: [
                        { name: "dev", domainName: "D", branch: "release/*", reviewers: {} },
                        {
                            name: "qa",
                            domainName: "Q",
                            reviewers: { users: ["a", "b", "c", "d"], teams: ["t1", "t2", "t3"] },
                        },
                        { name: "st", domainName: "S", reviewers: { teams: ["Platform Team"] } },
                        { name: "ok", domainName: "O", reviewers: ["octocat"] },
                        { name: "preview", domainName: "P" },
                        { name: "dev-operator", domainName: "P" },
                    ],
                }),
            (e: Error) => {
                assert.strictEqual(
                    e.message,
                    [
                        "Invalid bootstrap configuration (10 problems):",
                        '  - connect-customer-profiles-bootstrap:subjectPrefix: "repo:examplecorp/*" is not an OIDC subject prefix; expected the sub_claim_prefix GitHub reports, such as repo:OWNER@OWNER_ID/REPO@REPO_ID (no wildcard)',
                        "  - connect-customer-profiles-bootstrap:reviewers.groups is not a setting; expected one of users, teams",
                        '  - connect-customer-profiles-bootstrap:reviewers.users: ["-bad","octocat"] is not valid; expected a list of GitHub logins (letters, digits, single hyphens, at most 39)',
                        '  - connect-customer-profiles-bootstrap:environments[0].branch: "release/*" is not valid; expected a branch name, no wildcard',
                        "  - connect-customer-profiles-bootstrap:environments[0].reviewers: {} names 0 reviewers; expected { users: [GitHub login, ...], teams: [team slug, ...] }, 1 to 6 in all",
                        '  - connect-customer-profiles-bootstrap:environments[1].reviewers: {"users":["a","b","c","d"],"teams":["t1","t2","t3"]} names 7 reviewers; expected { users: [GitHub login, ...], teams: [team slug, ...] }, 1 to 6 in all',
                        "  - connect-customer-profiles-bootstrap:environments[2].reviewers.teams: [\"Platform Team\"] is not valid; expected a list of team slugs of the repository's organization (lower case letters, digits, '-', '_')",
                        '  - connect-customer-profiles-bootstrap:environments[3].reviewers: ["octocat"] is not a mapping; expected { users: [GitHub login, ...], teams: [team slug, ...] }, 1 to 6 in all',
                        '  - connect-customer-profiles-bootstrap:environments: the name "preview" is one the bootstrap gives the preview environment or an operator or re-ingestion environment (GitHub environment names are not case sensitive); expected another name',
                        '  - connect-customer-profiles-bootstrap:environments: the name "dev-operator" is one the bootstrap gives the preview environment or an operator or re-ingestion environment (GitHub environment names are not case sensitive); expected another name',
                    ].join("\n"),
                );
                return true;
            },
        );
    });

    it("a CI role name longer than IAM's 64 characters is refused, naming the environment, the value and the maximum", function () {
        const long = "dev-environment-with-a-rather-long-name-x";
        assert.throws(
            () =>
                validateConfig({
                    ...valid,
                    roleNamePrefix: "acme-contact-center-platform-ci",
                    environments: [
                        { name: "dev", domainName: "D" },
                        { name: long, domainName: "D" },
                    ],
                }),
            (e: Error) => {
                assert.strictEqual(
                    e.message,
                    [
                        "Invalid bootstrap configuration (1 problem):",
                        `  - connect-customer-profiles-bootstrap:environments[1].name: "${long}" gives the IAM role name "acme-contact-center-platform-ci-reingest-${long}" (82 characters); IAM role names hold at most 64, so with roleNamePrefix "acme-contact-center-platform-ci" expected a name of at most 23 characters`,
                    ].join("\n"),
                );
                return true;
            },
        );
        // At the limit: 31 + "-reingest-" (10) + 23 = 64 characters, accepted.
        const atLimit = "a".repeat(23);
        const cfg = validateConfig({
            ...valid,
            roleNamePrefix: "acme-contact-center-platform-ci",
            environments: [{ name: atLimit, domainName: "D" }],
        });
        assert.strictEqual(`${cfg.roleNamePrefix}-reingest-${cfg.environments[0].name}`.length, 64);
    });

    it("connectInstances: an ID not in lower case is refused (the Deny on the instance would match nothing)", function () {
        const upper = "4F6C3A2E-8B1D-4C7E-9A0F-5E2D1B3C4A5F";
        assert.throws(
            () =>
                validateConfig({
                    ...valid,
                    environments: [{ name: "dev", domainName: "D", connectInstances: [upper] }],
                }),
            (e: Error) => {
                assert.strictEqual(
                    e.message,
                    [
                        "Invalid bootstrap configuration (1 problem):",
                        `  - connect-customer-profiles-bootstrap:environments[0].connectInstances: ["${upper}"] is not valid; expected a list of existing Amazon Connect instance IDs, each a lower-case UUID such as 4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f (the ID in the instance ARN; the Deny on these instances matches ARNs case-sensitively)`,
                    ].join("\n"),
                );
                return true;
            },
        );
        const lower = upper.toLowerCase();
        assert.deepStrictEqual(
            validateConfig({ ...valid, environments: [{ name: "dev", domainName: "D", connectInstances: [lower] }] })
                .environments[0].connectInstances,
            [lower],
        );
    });

    it("a bad configuration registers nothing and plans exit 2 with the message", async function () {
        await assert.rejects(
            runOfflinePlan({
                projectDir: BOOTSTRAP,
                stack: "dev",
                config: { "aws:region": "eu-west-2", "connect-customer-profiles-bootstrap:environments": [] },
            }),
            /repository is required; expected OWNER\/REPO/,
        );
    });
});
