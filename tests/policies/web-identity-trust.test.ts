// web-identity-trust (issue 22): the rule's own remediation recommends one environment or branch, and
// the part of a GitHub subject after the repository is judged: a pattern there, an audience other than
// sts.amazonaws.com, or a pull_request subject on a role that may write is a violation; exact subjects
// (the documented layouts and the customised one carrying job_workflow_ref) pass. Labels: GitHub Docs,
// "OpenID Connect reference" (https://docs.github.com/en/actions/reference/security/oidc), example
// subject claims and customising the token claims; IAM User Guide, "IAM JSON policy elements: Condition
// operators" (StringLike matches `*` and `?` case-sensitively).
import * as assert from "assert";
import * as path from "path";
import { webIdentityTrust } from "../../policies/web-identity-trust";
import { checkPlan } from "../../tools/lib/analyzer";
import { runOfflinePlan } from "../../tools/lib/offline";
import { Plan } from "../../tools/lib/plan-format";
import { FixtureResource } from "../fixtures/policies/plan";
import { editDocument, linesFor, one, run } from "./helpers";

const ACCOUNT = "123456789012";
const GH = "token.actions.githubusercontent.com";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GH}`;
const REPO = "examplecorp/contact-center";

/** A GitHub-trusted role with the given condition and an identity policy allowing `actions`. */
function ghRole(condition: Record<string, unknown>, actions: string[] = ["s3:GetObject"]): FixtureResource[] {
    return [
        one("aws:iam/role:Role", "ci-role", {
            name: "ci-role",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "GitHub",
                        Effect: "Allow",
                        Principal: { Federated: PROVIDER },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: condition,
                    },
                ],
            }),
        }),
        one(
            "aws:iam/rolePolicy:RolePolicy",
            "ci-role-policy",
            {
                role: "ci-role",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: actions, Resource: `arn:aws:s3:::examplecorp-state/*` }],
                }),
            },
            { refs: { role: ["ci-role"] } },
        ),
    ];
}
const exact = (sub: string | string[]) => ({
    StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: sub },
});
const like = (sub: string) => ({
    StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" },
    StringLike: { [`${GH}:sub`]: sub },
});

async function lines(resources: FixtureResource[]): Promise<string[]> {
    return linesFor(await run(resources), "web-identity-trust");
}

describe("web-identity-trust remediation", function () {
    it("does not recommend a pattern after the repository (repo:ORG/REPO:*)", () => {
        assert.ok(!webIdentityTrust.remediationSteps?.includes("repo:ORG/REPO:*"), webIdentityTrust.remediationSteps);
        assert.match(webIdentityTrust.remediationSteps ?? "", /"HOST:sub": "repo:ORG\/REPO:environment:NAME"/);
    });
});

describe("web-identity-trust: the subject after the repository", function () {
    this.timeout(60_000);

    const insecure: [string, Record<string, unknown>, string[]?, RegExp?][] = [
        [`repo:${REPO}:* (every branch, tag, environment and pull request)`, like(`repo:${REPO}:*`)],
        [`repo:${REPO}:environment:dev* (dev-anything)`, like(`repo:${REPO}:environment:dev*`)],
        [`repo:${REPO}:ref:refs/heads/* (every branch)`, like(`repo:${REPO}:ref:refs/heads/*`)],
        [`repo:${REPO}:ref:refs/heads/release-? (a ? wildcard)`, like(`repo:${REPO}:ref:refs/heads/release-?`)],
        [
            "customised subject with the workflow file wildcarded",
            like(`repo:${REPO}:environment:dev:job_workflow_ref:${REPO}/.github/workflows/*@refs/heads/main`),
        ],
        [
            "customised layout by ids (repository_owner_id, repository_id) with the environment wildcarded",
            like("repository_owner_id:1234:repository_id:5678:environment:*"),
        ],
        [
            "no aud condition (sub exact)",
            { StringEquals: { [`${GH}:sub`]: `repo:${REPO}:environment:dev` } },
            undefined,
            /a token without an audience/,
        ],
        [
            "aud = GitHub's default audience (the owner's URL), not sts.amazonaws.com",
            {
                StringEquals: {
                    [`${GH}:aud`]: "https://github.com/examplecorp",
                    [`${GH}:sub`]: `repo:${REPO}:environment:dev`,
                },
            },
            undefined,
            /a token for audience "https:\/\/github.com\/examplecorp" \(not sts.amazonaws.com\)/,
        ],
        [
            "pull_request subject added to a role that may write (s3:PutObject)",
            exact([`repo:${REPO}:environment:dev`, `repo:${REPO}:pull_request`]),
            ["s3:GetObject", "s3:PutObject"],
            /for pull requests \(repo:examplecorp\/contact-center:pull_request\) on a role that may write \(ci-role-policy statement 0 allows s3:PutObject \(Write\)\)/,
        ],
        [
            "pull_request subject on a role allowing s3:Put* (a pattern with writes)",
            exact(`repo:${REPO}:pull_request`),
            ["s3:Put*"],
            /on a role that may write/,
        ],
    ];
    for (const [name, condition, actions, message] of insecure) {
        it(`violation: ${name}`, async () => {
            const found = await lines(ghRole(condition, actions));
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.match(found[0], message ?? /a subject of the repository no exact value names/);
            assert.match(found[0], /^ci-role: assumeRolePolicy: statement 0 \("GitHub"\): admits arn:aws:iam::/);
        });
    }

    const safe: [string, Record<string, unknown>, string[]?][] = [
        ["exact environment subject", exact(`repo:${REPO}:environment:dev`)],
        ["exact branch subject", exact(`repo:${REPO}:ref:refs/heads/main`)],
        ["exact subject under StringLike (no wildcard: exact)", like(`repo:${REPO}:environment:dev`)],
        [
            "customised subject carrying job_workflow_ref",
            exact(`repo:${REPO}:environment:dev:job_workflow_ref:${REPO}/.github/workflows/deploy.yml@refs/heads/main`),
        ],
        ["two exact environments", exact([`repo:${REPO}:environment:dev`, `repo:${REPO}:environment:prod`])],
        ["customised layout by ids, exact", exact("repository_owner_id:1234:repository_id:5678:environment:dev")],
        [
            "pull_request subject on a read-only role (s3:GetObject, s3:ListBucket)",
            exact(`repo:${REPO}:pull_request`),
            ["s3:GetObject", "s3:ListBucket"],
        ],
    ];
    for (const [name, condition, actions] of safe) {
        it(`passes: ${name}`, async () => {
            assert.deepStrictEqual(await lines(ghRole(condition, actions)), []);
        });
    }

    it("compares as IAM does: StringLike is case-sensitive, so an upper-case copy of the subject is another value", async () => {
        // environment:DEV under StringLike is an exact (other) subject: not a pattern, not a finding.
        assert.deepStrictEqual(await lines(ghRole(like(`repo:${REPO}:environment:DEV`))), []);
    });
});

describe("web-identity-trust on the bootstrap plan (its GitHub roles)", function () {
    this.timeout(120_000);
    let plan: Plan;
    let repo: string;
    before(async () => {
        plan = (await runOfflinePlan({ projectDir: path.resolve(__dirname, "..", "..", "bootstrap"), stack: "dev" }))
            .plan;
        const trust = JSON.parse(
            plan.steps.find((x) => x.urn.endsWith("::deploy-dev-role"))!.newState!.inputs.assumeRolePolicy as string,
        );
        repo = /^repo:([^:]+):/.exec(trust.Statement[0].Condition.StringEquals[`${GH}:sub`])![1];
    });
    const lines = async (p: Plan) =>
        linesFor(await checkPlan(p, { policies: [webIdentityTrust] }), "web-identity-trust");

    it("passes as planned: exact environments, and pull_request only on the read-only preview role", async () => {
        assert.deepStrictEqual(await lines(plan), []);
    });

    it("a write added to the preview role's policy makes its pull_request subject a violation", async () => {
        const edited = editDocument(plan, "preview-policy-1", "policy", (d) =>
            d.Statement.push({ Sid: "Write", Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }),
        );
        const found = await lines(edited);
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(
            found[0],
            /^preview-role: assumeRolePolicy: statement 0 \("GitHubActionsOfThisRepository"\): admits .* for pull requests \(repo:[^)]+:pull_request\) on a role that may write \(preview-policy-1 statement \d+ \("Write"\) allows sqs:SendMessage \(Write\)\)/,
        );
    });

    it("the deploy role's subject widened to environment:dev* is a violation", async () => {
        const edited = editDocument(plan, "deploy-dev-role", "assumeRolePolicy", (d) => {
            const c = d.Statement[0].Condition;
            delete c.StringEquals[`${GH}:sub`];
            c.StringLike = { [`${GH}:sub`]: `repo:${repo}:environment:dev*` };
        });
        const found = await lines(edited);
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(found[0], /a subject of the repository no exact value names \(repo:[^)]+:environment:devprobe\)/);
    });

    it("a pull_request subject added to the deploy role is a violation", async () => {
        const edited = editDocument(plan, "deploy-dev-role", "assumeRolePolicy", (d) => {
            const c = d.Statement[0].Condition.StringEquals;
            c[`${GH}:sub`] = [c[`${GH}:sub`], `repo:${repo}:pull_request`];
        });
        const found = await lines(edited);
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(found[0], /^deploy-dev-role: .* for pull requests .* on a role that may write/);
    });
});
