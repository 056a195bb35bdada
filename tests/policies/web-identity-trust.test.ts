// web-identity-trust (issue 22): the rule's own remediation recommends one environment or branch, and
// the part of a GitHub subject after the repository is judged: a pattern there, an audience other than
// sts.amazonaws.com, or a pull_request subject on a role that may write is a violation; exact subjects
// (the documented layouts and the customised one carrying job_workflow_ref) pass. Labels: GitHub Docs,
// "OpenID Connect reference" (https://docs.github.com/en/actions/reference/security/oidc), example
// subject claims and customising the token claims; IAM User Guide, "IAM JSON policy elements: Condition
// operators" (StringLike matches `*` and `?` case-sensitively).
import * as assert from "assert";
import * as path from "path";
import { trustFindings, webIdentityTrust } from "../../policies/web-identity-trust";
import { parsePolicyDocument } from "../../policies/lib/documents";
import { checkPlan } from "../../tools/lib/analyzer";
import { runOfflinePlan } from "../../tools/lib/offline";
import { Plan } from "../../tools/lib/plan-format";
import { FixtureResource } from "../fixtures/policies/plan";
import { simulate } from "../support/simulator";
import { editDocument, linesFor, one, run } from "./helpers";

const ACCOUNT = "123456789012";
const GH = "token.actions.githubusercontent.com";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GH}`;
const REPO = "examplecorp/contact-center";

/** A GitHub-trusted role with the given condition and an identity policy allowing `actions`. */
function ghRole(
    condition: Record<string, unknown>,
    actions: string[] = ["s3:GetObject"],
    provider = PROVIDER,
    more: Record<string, unknown>[] = [],
): FixtureResource[] {
    return [
        one("aws:iam/role:Role", "ci-role", {
            name: "ci-role",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "GitHub",
                        Effect: "Allow",
                        Principal: { Federated: provider },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: condition,
                    },
                    ...more,
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
            new RegExp(
                `^preview-role: assumeRolePolicy: statement 0 \\("GitHubWorkflowOfThisRepository"\\): admits arn:aws:iam::123456789012:oidc-provider/token\\.actions\\.githubusercontent\\.com for pull requests ` +
                    `\\(repo:${repo}:environment:preview:job_workflow_ref:${repo}/\\.github/workflows/preview\\.yml@refs/pull/\\*/merge\\) ` +
                    `on a role that may write \\(preview-policy-1 statement \\d+ \\("Write"\\) allows sqs:SendMessage \\(Write\\)\\); trust pull_request only on a read-only role`,
            ),
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
        assert.match(
            found[0],
            /a subject of the repository no exact value names \(repo:[^)]+:environment:dev[0-9a-f]{10}\)/,
        );
    });

    // The preview role's trust as the i20gh branch writes it (bootstrap/lib/github.ts gateTrustPolicy).
    const gate = (d: { Statement: Record<string, any>[] }) => {
        const c = d.Statement[0].Condition;
        delete c.StringEquals[`${GH}:sub`];
        c.StringLike = {
            [`${GH}:sub`]: `repo:${repo}:environment:preview:job_workflow_ref:${repo}/.github/workflows/preview.yml@refs/pull/*/merge`,
        };
    };

    it("the preview role trusted by the preview gate (…preview.yml@refs/pull/*/merge) passes on its read-only policies", async () => {
        assert.deepStrictEqual(await lines(editDocument(plan, "preview-role", "assumeRolePolicy", gate)), []);
    });

    it("the preview gate with a write added to the preview role's policy is a violation", async () => {
        const edited = editDocument(
            editDocument(plan, "preview-role", "assumeRolePolicy", gate),
            "preview-policy-1",
            "policy",
            (d) => d.Statement.push({ Sid: "Write", Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }),
        );
        const found = await lines(edited);
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(
            found[0],
            /^preview-role: .* for pull requests \(repo:[^)]+@refs\/pull\/\*\/merge\) on a role that may write \(preview-policy-1 statement \d+ \("Write"\) allows kms:Decrypt \(Write\)\)/,
        );
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

// Review findings on issue 22 (H1, H2, H3, M1, L3): each of these passed on the branch head before the fix.
const SUB = `${GH}:sub`;
const AUD_KEY = `${GH}:aud`;
const STS = { StringEquals: { [AUD_KEY]: "sts.amazonaws.com" } };
const WRITES = ["s3:GetObject", "s3:PutObject"];
const READS = ["s3:GetObject", "s3:ListBucket"];

describe("web-identity-trust: probes cannot be blinded (a positive binding of exact values is required)", function () {
    this.timeout(60_000);
    // IAM User Guide, "IAM JSON policy elements: Condition operators": StringNotLike is true for every value it
    // does not list, so a statement that tests sub only by a pattern and a negation admits every subject the
    // negation does not list; a token of another repository needs no word of the pack's probes.
    const blinded: [string, Record<string, unknown>, RegExp][] = [
        [
            'sub StringLike "*" less StringNotLike ["*probe*", ""] (every repository of every owner)',
            { ...STS, StringLike: { [SUB]: "*" }, StringNotLike: { [SUB]: ["*probe*", ""] } },
            /token\.actions\.githubusercontent\.com:sub is not bound to exact values by StringEquals, StringEqualsIgnoreCase or StringLike in this statement: StringLike "\*" is a pattern; StringNotLike only narrows/,
        ],
        [
            'sub StringLike "repo:examplecorp/*" less StringNotLike "*probe*" (every repository of the owner)',
            { ...STS, StringLike: { [SUB]: "repo:examplecorp/*" }, StringNotLike: { [SUB]: "*probe*" } },
            /StringLike "repo:examplecorp\/\*" is a pattern; StringNotLike only narrows/,
        ],
        [
            `sub StringLike "repo:${REPO}:*" less StringNotLike ["*probe*", "*:pull_request"]`,
            {
                ...STS,
                StringLike: { [SUB]: `repo:${REPO}:*` },
                StringNotLike: { [SUB]: ["*probe*", "*:pull_request"] },
            },
            /StringLike "repo:examplecorp\/contact-center:\*" is a pattern/,
        ],
        [
            'aud StringLike "*" less StringNotLike "*probe*" (a token for any audience), sub exact',
            {
                StringEquals: { [SUB]: `repo:${REPO}:environment:dev` },
                StringLike: { [AUD_KEY]: "*" },
                StringNotLike: { [AUD_KEY]: "*probe*" },
            },
            /token\.actions\.githubusercontent\.com:aud is not bound to sts\.amazonaws\.com by StringEquals, StringEqualsIgnoreCase or StringLike in this statement: StringLike "\*" is not sts\.amazonaws\.com; StringNotLike only narrows/,
        ],
        [
            'sub StringLike "*" less StringNotLike "repo:*" (every repository whose subject layout is customised)',
            { ...STS, StringLike: { [SUB]: "*" }, StringNotLike: { [SUB]: "repo:*" } },
            /a token of another repository \(repository_owner_id:[0-9a-f]{10}:repository_id:[0-9a-f]{10}:environment:[0-9a-f]{10}\)/,
        ],
    ];
    for (const [name, condition, message] of blinded) {
        it(`violation: ${name}`, async () => {
            const found = await lines(ghRole(condition));
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.match(
                found[0],
                /^ci-role: assumeRolePolicy: statement 0 \("GitHub"\): admits arn:aws:iam::123456789012:oidc-provider\/token\.actions\.githubusercontent\.com for /,
            );
            assert.match(found[0], message);
        });
    }

    it("a Deny on sub only narrows: the Allow must bind the subject itself", async () => {
        const deny = {
            Effect: "Deny",
            Principal: { Federated: PROVIDER },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringNotEquals: { [SUB]: `repo:${REPO}:environment:dev` } },
        };
        const found = await lines(ghRole(STS, undefined, PROVIDER, [deny]));
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(
            found[0],
            /for tokens the statement does not name \(token\.actions\.githubusercontent\.com:sub is not bound to exact values by StringEquals, StringEqualsIgnoreCase or StringLike in this statement\)/,
        );
    });

    it('another OIDC provider: StringLike sub "*" less StringNotLike "*probe*" is caught by the document\'s own probe word', async () => {
        const eks = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-2.amazonaws.com/id/EXAMPLE0123`;
        const host = "oidc.eks.eu-west-2.amazonaws.com/id/example0123";
        const found = await lines(
            ghRole(
                {
                    StringEquals: { [`${host}:aud`]: "sts.amazonaws.com" },
                    StringLike: { [`${host}:sub`]: "*" },
                    StringNotLike: { [`${host}:sub`]: "*probe*" },
                },
                undefined,
                eks,
            ),
        );
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(found[0], /for a token of another subject \([0-9a-f]{10}\)/);
    });

    it('probe words: the same document always gets the same findings, another document another word, and no probe holds the text "probe"', async () => {
        const doc = (sub: string) =>
            parsePolicyDocument({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: PROVIDER },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: { ...STS, StringLike: { [SUB]: sub } },
                    },
                ],
            });
        const never = async () => undefined;
        const a1 = await trustFindings(doc(`repo:${REPO}:environment:dev*`), never);
        const a2 = await trustFindings(doc(`repo:${REPO}:environment:dev*`), never);
        const b = await trustFindings(doc(`repo:${REPO}:environment:qa*`), never);
        assert.deepStrictEqual(
            a1.map((f) => f.message),
            a2.map((f) => f.message),
        );
        const word = (m: string) => /environment:(?:dev|qa)([0-9a-f]{10})\)/.exec(m)?.[1];
        assert.ok(word(a1[0].message) && word(b[0].message), `${a1[0].message}\n${b[0].message}`);
        assert.notStrictEqual(word(a1[0].message), word(b[0].message));
        assert.ok(!/probe/i.test(a1[0].message), a1[0].message);
    });
});

describe("web-identity-trust: pull-request subjects on a role that can write (H2, M1, L3)", function () {
    this.timeout(60_000);

    it("a write granted by a bucket policy of the plan naming the role's ARN (single account: the resource policy suffices)", async () => {
        const bucketPolicy = one(
            "aws:s3/bucketPolicy:BucketPolicy",
            "state-policy",
            {
                bucket: "examplecorp-state",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "CiWrites",
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ci-role` },
                            Action: "s3:PutObject",
                            Resource: "arn:aws:s3:::examplecorp-state/*",
                        },
                    ],
                }),
            },
            { refs: { policy: ["ci-role"] } },
        );
        const found = await lines([...ghRole(exact(`repo:${REPO}:pull_request`), READS), bucketPolicy]);
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(
            found[0],
            /for pull requests \(repo:examplecorp\/contact-center:pull_request\) on a role that may write \(the resource policy of state-policy statement 0 \("CiWrites"\) allows it s3:PutObject \(Write\)\)/,
        );
    });

    it("oracle: the IAM simulator allows the role's s3:PutObject through that bucket policy alone (identity policy read-only)", async () => {
        const result = await simulate(
            {
                request: {
                    principal: `arn:aws:iam::${ACCOUNT}:role/ci-role`,
                    action: "s3:PutObject",
                    resource: { resource: "arn:aws:s3:::examplecorp-state/k", accountId: ACCOUNT },
                    contextVariables: {},
                },
                identityPolicies: [
                    {
                        name: "ci-role-policy",
                        policy: {
                            Version: "2012-10-17",
                            Statement: [
                                { Effect: "Allow", Action: READS, Resource: "arn:aws:s3:::examplecorp-state/*" },
                            ],
                        },
                    },
                ],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "CiWrites",
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ci-role` },
                            Action: "s3:PutObject",
                            Resource: "arn:aws:s3:::examplecorp-state/*",
                        },
                    ],
                },
            },
            {},
        );
        assert.strictEqual(result, "Allowed");
    });

    it("the same bucket policy naming another account's role of the same name does not make the role write", async () => {
        const other = one("aws:s3/bucketPolicy:BucketPolicy", "state-policy", {
            bucket: "examplecorp-state",
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { AWS: "arn:aws:iam::999988887777:role/ci-role" },
                        Action: "s3:PutObject",
                        Resource: "arn:aws:s3:::examplecorp-state/*",
                    },
                ],
            }),
        });
        assert.deepStrictEqual(await lines([...ghRole(exact(`repo:${REPO}:pull_request`), READS), other]), []);
    });

    it("a write by an aws-native IAM ManagedPolicy attached through its roles", async () => {
        const managed = one(
            "aws-native:iam:ManagedPolicy",
            "ci-writes",
            {
                roles: ["ci-role"],
                policyDocument: {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }],
                },
            },
            { refs: { roles: ["ci-role"] } },
        );
        const found = await lines([...ghRole(exact(`repo:${REPO}:pull_request`), READS), managed]);
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(found[0], /on a role that may write \(ci-writes statement 0 allows sqs:SendMessage \(Write\)\)/);
    });

    const pulls: [string, Record<string, unknown>, RegExp][] = [
        [
            "StringEqualsIgnoreCase REPO:EXAMPLECORP/CONTACT-CENTER:PULL_REQUEST",
            { ...STS, StringEqualsIgnoreCase: { [SUB]: "REPO:EXAMPLECORP/CONTACT-CENTER:PULL_REQUEST" } },
            /for pull requests \(REPO:EXAMPLECORP\/CONTACT-CENTER:PULL_REQUEST\) on a role that may write/,
        ],
        [
            "customised layout repository_owner_id:1234:repository_id:5678:pull_request",
            exact("repository_owner_id:1234:repository_id:5678:pull_request"),
            /for pull requests \(repository_owner_id:1234:repository_id:5678:pull_request\) on a role that may write/,
        ],
        [
            "StringEqualsIgnoreCase repo:O/R:Pull_Request (L3: a pull-request subject, not an unnamed one)",
            { ...STS, StringEqualsIgnoreCase: { [SUB]: `repo:${REPO}:Pull_Request` } },
            /for pull requests \(repo:examplecorp\/contact-center:Pull_Request\) on a role that may write/,
        ],
        [
            "a customised subject whose ref is a pull request's (…@refs/pull/7/merge)",
            exact(`repo:${REPO}:job_workflow_ref:${REPO}/.github/workflows/ci.yml@refs/pull/7/merge`),
            /for pull requests \(repo:[^)]+@refs\/pull\/7\/merge\) on a role that may write/,
        ],
    ];
    for (const [name, condition, message] of pulls) {
        it(`violation on a role that writes: ${name}`, async () => {
            const found = await lines(ghRole(condition, WRITES));
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.match(found[0], message);
        });
        it(`passes on a read-only role: ${name}`, async () => {
            assert.deepStrictEqual(await lines(ghRole(condition, READS)), []);
        });
    }

    // The trust the i20gh branch gives the preview role (bootstrap/lib/github.ts gateTrustPolicy): the jobs of
    // one workflow file in the preview environment, on any pull request's merge ref. GitHub Docs, "Events that
    // trigger workflows", pull_request: GITHUB_REF is refs/pull/PULL_REQUEST_NUMBER/merge.
    const PREVIEW_SUB = `repo:${REPO}:environment:preview:job_workflow_ref:${REPO}/.github/workflows/preview.yml@refs/pull/*/merge`;
    const gate = { ...STS, StringLike: { [SUB]: PREVIEW_SUB } };

    it("M1: the preview gate (…preview.yml@refs/pull/*/merge) passes on a read-only role", async () => {
        assert.deepStrictEqual(await lines(ghRole(gate, READS)), []);
    });

    it("M1: the same gate on a role that writes is a violation (a pull-request subject)", async () => {
        const found = await lines(ghRole(gate, WRITES));
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.strictEqual(
            found[0],
            `ci-role: assumeRolePolicy: statement 0 ("GitHub"): admits ${PROVIDER} for pull requests (${PREVIEW_SUB}) on a role that may write (ci-role-policy statement 0 allows s3:PutObject (Write)); trust pull_request only on a read-only role, and an environment or branch here`,
        );
    });

    it("M1: a second wildcard beside the pull request's number (any workflow file) stays a violation", async () => {
        const wide = PREVIEW_SUB.replace("preview.yml", "*.yml");
        const found = await lines(ghRole({ ...STS, StringLike: { [SUB]: wide } }, READS));
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(found[0], /is a pattern/);
    });

    it("L3: StringEqualsIgnoreCase aud STS.AMAZONAWS.COM is sts.amazonaws.com as IAM compares it", async () => {
        const condition = {
            StringEqualsIgnoreCase: { [AUD_KEY]: "STS.AMAZONAWS.COM" },
            StringEquals: { [SUB]: `repo:${REPO}:environment:dev` },
        };
        assert.deepStrictEqual(await lines(ghRole(condition, WRITES)), []);
    });

    it("L3: StringEquals aud STS.AMAZONAWS.COM (case-sensitive) is another audience", async () => {
        const condition = { StringEquals: { [AUD_KEY]: "STS.AMAZONAWS.COM", [SUB]: `repo:${REPO}:environment:dev` } };
        const found = await lines(ghRole(condition, WRITES));
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(found[0], /a token for audience "STS\.AMAZONAWS\.COM" \(not sts\.amazonaws\.com\)/);
    });
});

describe("web-identity-trust: GitHub's other issuers (H3)", function () {
    this.timeout(60_000);
    const issuers: [string, string][] = [
        [
            "GitHub Enterprise Cloud's unique issuer (include_enterprise_slug)",
            "token.actions.githubusercontent.com/examplecorp",
        ],
        ["GitHub Enterprise Cloud with data residency (GHE.com)", "token.actions.examplecorp.ghe.com"],
        ["GitHub Enterprise Server", "github.examplecorp.com/_services/token"],
    ];
    for (const [name, issuer] of issuers) {
        const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer}`;
        it(`${name}: repo:O/R:* is a violation`, async () => {
            const condition = {
                StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com" },
                StringLike: { [`${issuer}:sub`]: `repo:${REPO}:*` },
            };
            const found = await lines(ghRole(condition, READS, provider));
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.match(found[0], /a subject of the repository no exact value names/);
        });
        it(`${name}: a pull_request subject on a role that writes is a violation; an exact environment passes`, async () => {
            const cond = (sub: string) => ({
                StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com", [`${issuer}:sub`]: sub },
            });
            const found = await lines(ghRole(cond(`repo:${REPO}:pull_request`), WRITES, provider));
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.match(found[0], /for pull requests .* on a role that may write/);
            assert.deepStrictEqual(await lines(ghRole(cond(`repo:${REPO}:environment:dev`), WRITES, provider)), []);
        });
    }

    it("githubIssuers: an issuer listed in the setting is judged as GitHub's", async () => {
        const issuer = "oidc.examplecorp.com/github";
        const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer}`;
        const condition = {
            StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com" },
            StringLike: { [`${issuer}:sub`]: `repo:${REPO}:*` },
        };
        const resources = ghRole(condition, READS, provider);
        assert.deepStrictEqual(linesFor(await run(resources), "web-identity-trust"), []);
        const found = linesFor(
            await run(resources, { "web-identity-trust": { githubIssuers: [issuer] } }),
            "web-identity-trust",
        );
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(found[0], /a subject of the repository no exact value names/);
    });

    it("githubIssuers: a value with a scheme is refused, naming the setting and the value", async () => {
        await assert.rejects(
            run(ghRole(exact(`repo:${REPO}:environment:dev`)), {
                "web-identity-trust": { githubIssuers: ["https://oidc.examplecorp.com"] },
            }),
            (e: Error) => {
                assert.match(e.message, /web-identity-trust: \/githubIssuers\/0 must match pattern/);
                assert.match(e.message, /https:\/\/oidc\.examplecorp\.com/);
                return true;
            },
        );
    });
});
