// Issue 22, second review M3 and L3 (web-identity-trust): a pull-request role with a read-only policy may
// still write by assuming another role of the plan whose trust names it. Within one account the trust
// naming the role suffices (IAM User Guide, "Policy evaluation for requests within a single account";
// the IAM simulator below allows sts:AssumeRole with no identity permission). And `event_name:
// pull_request_target` in a customised subject layout is a pull-request subject (GitHub Docs, "OpenID
// Connect reference", customising the token claims; "Events that trigger workflows", pull_request_target).
import * as assert from "assert";
import { FixtureResource } from "../fixtures/policies/plan";
import { simulate } from "../support/simulator";
import { linesFor, one, run } from "./helpers";

const A = "123456789012";
const OTHER = "444455556666";
const GH = "token.actions.githubusercontent.com";
const PROVIDER = `arn:aws:iam::${A}:oidc-provider/${GH}`;
const READ = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::examplecorp-state/*" };
const WRITE = { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::examplecorp-state/*" };
const doc = (st: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: st });

function role(name: string, trust: unknown[], policy: unknown[]): FixtureResource[] {
    return [
        one("aws:iam/role:Role", name, { name, arn: `arn:aws:iam::${A}:role/${name}`, assumeRolePolicy: doc(trust) }),
        one(
            "aws:iam/rolePolicy:RolePolicy",
            `${name}-policy`,
            { role: name, policy: doc(policy) },
            { refs: { role: [name] } },
        ),
    ];
}
const prTrust = (sub = "repo:examplecorp/cc:pull_request") => [
    {
        Effect: "Allow",
        Principal: { Federated: PROVIDER },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: sub } },
    },
];
const trusts = (principal: string, action: string | string[] = "sts:AssumeRole") => [
    { Sid: "Chain", Effect: "Allow", Principal: { AWS: principal }, Action: action },
];
const lines = async (rs: FixtureResource[]) => linesFor(await run(rs), "web-identity-trust");
const PR_ROLE = `arn:aws:iam::${A}:role/pr-role`;

describe("web-identity-trust: a pull-request role that may assume a writing role (review 22b M3, L3)", function () {
    this.timeout(60_000);

    it("the IAM simulator allows the read-only role to assume a role whose trust names it", async () => {
        const decision = await simulate(
            {
                request: {
                    principal: PR_ROLE,
                    action: "sts:AssumeRole",
                    resource: { resource: `arn:aws:iam::${A}:role/deployer`, accountId: A },
                    contextVariables: {},
                },
                identityPolicies: [{ name: "pr-role-policy", policy: { Version: "2012-10-17", Statement: [READ] } }],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: { Version: "2012-10-17", Statement: trusts(PR_ROLE) },
            },
            {},
        );
        assert.strictEqual(decision, "Allowed");
    });

    it("is reported: it may assume deployer, which writes", async () => {
        const found = await lines([
            ...role("pr-role", prTrust(), [READ]),
            ...role("deployer", trusts(PR_ROLE), [WRITE]),
        ]);
        assert.deepStrictEqual(found, [
            `pr-role: assumeRolePolicy: statement 0: admits ${PROVIDER} for pull requests (repo:examplecorp/cc:pull_request) on a role that may write (it may assume deployer (its trust statement 0 ("Chain")), which writes: deployer-policy statement 0 allows s3:PutObject (Write)); trust pull_request only on a read-only role, and an environment or branch here`,
        ]);
    });

    it("through two roles (and a trust listing sts:TagSession beside sts:AssumeRole)", async () => {
        const found = await lines([
            ...role("pr-role", prTrust(), [READ]),
            ...role("hop", trusts(PR_ROLE, ["sts:AssumeRole", "sts:TagSession"]), [READ]),
            ...role("deployer", trusts(`arn:aws:iam::${A}:role/hop`), [WRITE]),
        ]);
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(
            found[0],
            /\(it may assume hop \(its trust statement 0 \("Chain"\)\), which writes: it may assume deployer/,
        );
    });

    it("a cycle of roles that never write ends (each role is asked once) and passes", async () => {
        assert.deepStrictEqual(
            await lines([
                ...role("pr-role", [...prTrust(), ...trusts(`arn:aws:iam::${A}:role/hop`)], [READ]),
                ...role("hop", trusts(PR_ROLE), [READ]),
            ]),
            [],
        );
    });

    it("passes when the role it may assume only reads", async () => {
        assert.deepStrictEqual(
            await lines([...role("pr-role", prTrust(), [READ]), ...role("reader", trusts(PR_ROLE), [READ])]),
            [],
        );
    });

    it("a trust naming another account's role of the same name, or granting only sts:TagSession, is no chain", async () => {
        assert.deepStrictEqual(
            await lines([
                ...role("pr-role", prTrust(), [READ]),
                ...role("deployer", trusts(`arn:aws:iam::${OTHER}:role/pr-role`), [WRITE]),
                ...role("tagger", trusts(PR_ROLE, "sts:TagSession"), [WRITE]),
            ]),
            [],
        );
    });

    it("L3: event_name:pull_request_target in a customised subject is a pull-request subject", async () => {
        const sub = "repo:examplecorp/cc:event_name:pull_request_target";
        const found = await lines(role("pr-role", prTrust(sub), [WRITE]));
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(
            found[0],
            /for pull requests \(repo:examplecorp\/cc:event_name:pull_request_target\) on a role that may write/,
        );
        assert.deepStrictEqual(await lines(role("pr-role", prTrust(sub), [READ])), []);
    });
});
