// iam-no-privilege-escalation judges what a policy lets its holder become: role and user changes
// bound to an exact permissions boundary pass, the unboundable paths never do, and a role the
// holder can rewrite must not be passed.
import * as assert from "assert";
import * as path from "path";
import { checkPlan } from "../../tools/lib/analyzer";
import { runOfflinePlan } from "../../tools/lib/offline";
import { Plan } from "../../tools/lib/plan-format";
import { editDocument, iamPolicy, linesFor, one, run } from "./helpers";
import { FixtureResource } from "../fixtures/policies/plan";

const ACCOUNT = "123456789012";
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/connect-customer-profiles/boundary-dev`;
const ROLES = `arn:aws:iam::${ACCOUNT}:role/app-*`;
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const lines = async (d: unknown, config?: Record<string, unknown>) =>
    linesFor(await run([iamPolicy("p", d)], config), "iam-no-privilege-escalation");

describe("iam-no-privilege-escalation: escalation paths, not an allowlist", function () {
    this.timeout(60000);
    const roleWrites = ["iam:CreateRole", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"];

    it("role changes bound to one exact boundary ARN pass", async function () {
        assert.deepStrictEqual(
            await lines(
                doc({
                    Effect: "Allow",
                    Action: roleWrites,
                    Resource: ROLES,
                    Condition: { StringEquals: { "iam:PermissionsBoundary": BOUNDARY } },
                }),
            ),
            [],
        );
    });

    it("the same without the boundary, with a pattern for it, or with a negated test: each an escalation", async function () {
        for (const Condition of [
            undefined,
            { StringLike: { "iam:PermissionsBoundary": `arn:aws:iam::${ACCOUNT}:policy/*` } },
            { StringNotEquals: { "iam:PermissionsBoundary": BOUNDARY } },
        ])
            assert.deepStrictEqual(
                await lines(doc({ Effect: "Allow", Action: roleWrites, Resource: ROLES, Condition })),
                [
                    "p: policy: statement 0: grants policy-management actions that allow privilege escalation (iam:PutRolePolicy, iam:UpdateAssumeRolePolicy, iam:CreateRole)",
                ],
                JSON.stringify(Condition),
            );
    });

    it("the unboundable paths fail even with a boundary condition", async function () {
        assert.deepStrictEqual(
            await lines(
                doc({
                    Effect: "Allow",
                    Action: [
                        "iam:CreatePolicyVersion",
                        "iam:DeleteRolePermissionsBoundary",
                        "iam:CreateAccessKey",
                        "iam:AddUserToGroup",
                    ],
                    Resource: "*",
                    Condition: { StringEquals: { "iam:PermissionsBoundary": BOUNDARY } },
                }),
            ),
            [
                "p: policy: statement 0: grants policy-management actions that allow privilege escalation (iam:CreatePolicyVersion, iam:DeleteRolePermissionsBoundary, iam:AddUserToGroup, iam:CreateAccessKey)",
            ],
        );
    });

    it("passing a role the same policy lets it rewrite without a boundary", async function () {
        assert.deepStrictEqual(
            await lines(
                doc(
                    { Sid: "Write", Effect: "Allow", Action: "iam:PutRolePolicy", Resource: ROLES },
                    {
                        Sid: "Pass",
                        Effect: "Allow",
                        Action: "iam:PassRole",
                        Resource: `arn:aws:iam::${ACCOUNT}:role/app-delivery`,
                    },
                ),
                { "iam-no-privilege-escalation": { allowedActions: ["iam:PutRolePolicy"] } },
            ),
            [
                `p: policy: statement 1 ("Pass"): passes roles it can also rewrite without a permissions boundary (arn:aws:iam::${ACCOUNT}:role/app-delivery): give the role whatever policy, then pass it`,
            ],
        );
    });

    it("a service-linked role's inline policy is not a path (its trust is the service's)", async function () {
        assert.deepStrictEqual(
            await lines(
                doc({
                    Effect: "Allow",
                    Action: ["iam:PutRolePolicy", "iam:DeleteRolePolicy"],
                    Resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/profile.amazonaws.com/AWSServiceRoleForProfile_*`,
                }),
            ),
            [],
        );
    });
});

// Issue 20: a role is what the union of its identity policies allows. The bootstrap's deploy role
// holds several managed policies; a chain split across two of them (iam:PassRole in one, the
// unbounded write of the same role in another) was judged one document at a time and missed.
describe("iam-no-privilege-escalation: the union of the policies one role holds", function () {
    this.timeout(120000);
    const ROLE = `arn:aws:iam::${ACCOUNT}:role/app-worker`;
    let plan: Plan;
    before(async function () {
        plan = (await runOfflinePlan({ projectDir: path.resolve(__dirname, "..", "..", "bootstrap"), stack: "dev" }))
            .plan;
    });

    it("PassRole in one managed policy of the deploy role, the write of that role in another: a violation on the role", async function () {
        // The write is accepted by configuration (an exemption someone documented), so only the
        // chain across the two documents remains to be found.
        const config = { "iam-no-privilege-escalation": { allowedActions: ["iam:PutRolePolicy"] } };
        const split = editDocument(
            editDocument(plan, "deploy-dev-policy-1", "policy", (d) =>
                d.Statement.push({ Sid: "PassTheWorker", Effect: "Allow", Action: "iam:PassRole", Resource: ROLE }),
            ),
            "deploy-dev-policy-2",
            "policy",
            (d) =>
                d.Statement.push({
                    Sid: "WriteTheWorker",
                    Effect: "Allow",
                    Action: "iam:PutRolePolicy",
                    Resource: ROLE,
                }),
        );
        assert.deepStrictEqual(
            linesFor(await checkPlan(split, { policyConfig: config }), "iam-no-privilege-escalation"),
            [
                `deploy-dev-role: role deploy-dev-role: deploy-dev-policy-1 statement ${passIndex(split)} ("PassTheWorker") passes roles that deploy-dev-policy-2 statement ${writeIndex(split)} ("WriteTheWorker") lets the same role rewrite without a permissions boundary (${ROLE}): give the role whatever policy, then pass it`,
            ],
        );
        // The same two statements in one document were always found.
        const joined = editDocument(plan, "deploy-dev-policy-1", "policy", (d) =>
            d.Statement.push(
                { Sid: "PassTheWorker", Effect: "Allow", Action: "iam:PassRole", Resource: ROLE },
                { Sid: "WriteTheWorker", Effect: "Allow", Action: "iam:PutRolePolicy", Resource: ROLE },
            ),
        );
        assert.strictEqual(
            linesFor(await checkPlan(joined, { policyConfig: config }), "iam-no-privilege-escalation").length,
            1,
        );
        // The bootstrap plan as it is: nothing across its documents.
        assert.deepStrictEqual(linesFor(await checkPlan(plan, {}), "iam-no-privilege-escalation"), []);
    });
});

const statementsOf = (plan: Plan, name: string) =>
    JSON.parse(
        String(plan.steps.find((s) => s.newState?.custom && s.urn.endsWith(`::${name}`))!.newState!.inputs.policy),
    ).Statement as { Sid?: string }[];
const passIndex = (plan: Plan) => statementsOf(plan, "deploy-dev-policy-1").findIndex((s) => s.Sid === "PassTheWorker");
const writeIndex = (plan: Plan) =>
    statementsOf(plan, "deploy-dev-policy-2").findIndex((s) => s.Sid === "WriteTheWorker");

// Review of i20iam (M3): the union was built from inline policies, RolePolicy and
// RolePolicyAttachment only. The same split (iam:PassRole of a role in one managed policy, its
// unbounded iam:PutRolePolicy in another, the write accepted by configuration) through every other
// form IAM attaches a policy by, for a role, a user and a user's group.
describe("iam-no-privilege-escalation: the union through every attachment form", function () {
    this.timeout(60000);
    const WORKER = `arn:aws:iam::${ACCOUNT}:role/app-worker`;
    const config = { "iam-no-privilege-escalation": { allowedActions: ["iam:PutRolePolicy"] } };
    const passDoc = doc({ Sid: "PassTheWorker", Effect: "Allow", Action: "iam:PassRole", Resource: WORKER });
    const writeDoc = doc({ Sid: "WriteTheWorker", Effect: "Allow", Action: "iam:PutRolePolicy", Resource: WORKER });
    const arnOf = (n: string) => `arn:aws:iam::${ACCOUNT}:policy/${n}`;
    const managed = (n: string, d: unknown) =>
        one("aws:iam/policy:Policy", n, { name: n, policy: JSON.stringify(d) }, { outputs: { arn: arnOf(n) } });
    const classic = [managed("pass", passDoc), managed("write", writeDoc)];
    const role = (extra: Record<string, unknown> = {}, refs: Record<string, string[]> = {}) =>
        one(
            "aws:iam/role:Role",
            "holder",
            { name: "holder", assumeRolePolicy: JSON.stringify(doc()), ...extra },
            { refs, outputs: { arn: `arn:aws:iam::${ACCOUNT}:role/holder` } },
        );
    const user = one(
        "aws:iam/user:User",
        "person",
        { name: "person" },
        { outputs: { arn: `arn:aws:iam::${ACCOUNT}:user/person` } },
    );
    const found = (who: "role holder" | "user person", what = "role") => [
        `${who.split(" ")[1]}: ${who}: pass statement 0 ("PassTheWorker") passes roles that write statement 0 ("WriteTheWorker") lets the same ${what} rewrite without a permissions boundary (${WORKER}): give the role whatever policy, then pass it`,
    ];
    const FORMS: { name: string; resources: FixtureResource[]; expect: string[] }[] = [
        {
            name: "aws:iam/policyAttachment:PolicyAttachment (roles)",
            resources: [
                role(),
                ...classic,
                ...["pass", "write"].map((p) =>
                    one(
                        "aws:iam/policyAttachment:PolicyAttachment",
                        `${p}-all`,
                        { roles: ["holder"], policyArn: arnOf(p) },
                        { refs: { roles: ["holder"], policyArn: [p] } },
                    ),
                ),
            ],
            expect: found("role holder"),
        },
        {
            name: "the role's own managedPolicyArns",
            resources: [
                role({ managedPolicyArns: [arnOf("pass"), arnOf("write")] }, { managedPolicyArns: ["pass", "write"] }),
                ...classic,
            ],
            expect: found("role holder"),
        },
        {
            name: "aws-native:iam:ManagedPolicy naming the role in roles",
            resources: [
                role(),
                ...[
                    ["pass", passDoc],
                    ["write", writeDoc],
                ].map(([n, d]) =>
                    one(
                        "aws-native:iam:ManagedPolicy",
                        n as string,
                        { managedPolicyName: n, policyDocument: d, roles: ["holder"] },
                        { refs: { roles: ["holder"] } },
                    ),
                ),
            ],
            expect: found("role holder"),
        },
        {
            name: "a user's UserPolicyAttachment",
            resources: [
                user,
                ...classic,
                ...["pass", "write"].map((p) =>
                    one(
                        "aws:iam/userPolicyAttachment:UserPolicyAttachment",
                        `${p}-att`,
                        { user: "person", policyArn: arnOf(p) },
                        { refs: { user: ["person"], policyArn: [p] } },
                    ),
                ),
            ],
            expect: found("user person", "user"),
        },
        {
            name: "a user's group (UserGroupMembership, GroupPolicyAttachment) and PolicyAttachment (users)",
            resources: [
                user,
                one("aws:iam/group:Group", "team", { name: "team" }),
                one(
                    "aws:iam/userGroupMembership:UserGroupMembership",
                    "person-team",
                    { user: "person", groups: ["team"] },
                    { refs: { user: ["person"], groups: ["team"] } },
                ),
                ...classic,
                one(
                    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
                    "pass-team",
                    { group: "team", policyArn: arnOf("pass") },
                    { refs: { group: ["team"], policyArn: ["pass"] } },
                ),
                one(
                    "aws:iam/policyAttachment:PolicyAttachment",
                    "write-all",
                    { users: ["person"], policyArn: arnOf("write") },
                    { refs: { users: ["person"], policyArn: ["write"] } },
                ),
            ],
            expect: found("user person", "user"),
        },
    ];
    for (const f of FORMS)
        it(`${f.name}: the split is found`, async function () {
            assert.deepStrictEqual(linesFor(await run(f.resources, config), "iam-no-privilege-escalation"), f.expect);
        });

    it("the same documents held by two different roles: nothing (no one holds both)", async function () {
        const other = one(
            "aws:iam/role:Role",
            "other",
            { name: "other", assumeRolePolicy: JSON.stringify(doc()) },
            { outputs: { arn: `arn:aws:iam::${ACCOUNT}:role/other` } },
        );
        const resources = [
            role(),
            other,
            ...classic,
            one(
                "aws:iam/policyAttachment:PolicyAttachment",
                "pass-all",
                { roles: ["holder"], policyArn: arnOf("pass") },
                { refs: { roles: ["holder"], policyArn: ["pass"] } },
            ),
            one(
                "aws:iam/policyAttachment:PolicyAttachment",
                "write-all",
                { roles: ["other"], policyArn: arnOf("write") },
                { refs: { roles: ["other"], policyArn: ["write"] } },
            ),
        ];
        assert.deepStrictEqual(linesFor(await run(resources, config), "iam-no-privilege-escalation"), []);
    });
});

// Issue 20 item 6, second review (M2a): the union left AWS managed policies out (heldBy resolved a
// policyArn against the plan's policies only), and no rule judged an AWS managed document for
// escalation. AWSManagedAccountManagementAccess (the pack's data, lib/aws-managed-policies.json.gz)
// allows iam:CreateRole, PutRolePolicy, UpdateAssumeRolePolicy, DeleteRolePermissionsBoundary … on
// arn:*:iam::*:role/managed/* with no condition; with an inline iam:PassRole of role/managed/app-worker
// the holder writes that role's policy and passes it to Lambda.
describe("iam-no-privilege-escalation: AWS managed policies in the union (review M2a)", function () {
    this.timeout(60000);
    const MANAGED = "arn:aws:iam::aws:policy/AWSManagedAccountManagementAccess";
    const WORKER = `arn:aws:iam::${ACCOUNT}:role/managed/app-worker`;
    const holder = one(
        "aws:iam/role:Role",
        "holder",
        { name: "holder", assumeRolePolicy: JSON.stringify(doc()) },
        { outputs: { arn: `arn:aws:iam::${ACCOUNT}:role/holder` } },
    );
    const pass = one(
        "aws:iam/rolePolicy:RolePolicy",
        "holder-pass",
        {
            role: "holder",
            policy: JSON.stringify(
                doc({
                    Sid: "PassTheWorker",
                    Effect: "Allow",
                    Action: "iam:PassRole",
                    Resource: WORKER,
                    Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
                }),
            ),
        },
        { refs: { role: ["holder"] } },
    );
    const attach = (arn: string) =>
        one(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "holder-managed",
            { role: "holder", policyArn: arn },
            { refs: { role: ["holder"] } },
        );
    const ACTIONS =
        "iam:AttachRolePolicy, iam:PutRolePolicy, iam:UpdateAssumeRolePolicy, iam:PutRolePermissionsBoundary, iam:DeleteRolePermissionsBoundary, iam:CreateRole";

    it("the managed policy's own paths, and PassRole of a role it lets the holder rewrite: both found", async function () {
        assert.deepStrictEqual(linesFor(await run([holder, pass, attach(MANAGED)]), "iam-no-privilege-escalation"), [
            `holder-managed: holder-managed policyArn: the AWS managed policy ${MANAGED}: statement 0: grants policy-management actions that allow privilege escalation (${ACTIONS})`,
            `holder: role holder: holder-pass statement 0 ("PassTheWorker") passes roles that the AWS managed policy ${MANAGED} (holder-managed policyArn) statement 0 lets the same role rewrite without a permissions boundary (${WORKER}): give the role whatever policy, then pass it`,
        ]);
    });

    it("with the managed policy's own paths accepted by configuration, the chain across the two is still found", async function () {
        const config = {
            "iam-no-privilege-escalation": { allowedActions: ACTIONS.split(", ") },
        };
        assert.deepStrictEqual(
            linesFor(await run([holder, pass, attach(MANAGED)], config), "iam-no-privilege-escalation"),
            [
                `holder: role holder: holder-pass statement 0 ("PassTheWorker") passes roles that the AWS managed policy ${MANAGED} (holder-managed policyArn) statement 0 lets the same role rewrite without a permissions boundary (${WORKER}): give the role whatever policy, then pass it`,
            ],
        );
    });

    it("an AWS managed ARN the pack's data does not hold: the union is not judged, and says so", async function () {
        const report = await run([holder, pass, attach("arn:aws:iam::aws:policy/NoSuchPolicyInTheData")]);
        assert.deepStrictEqual(linesFor(report, "iam-no-privilege-escalation"), []);
        assert.deepStrictEqual(
            report.unknown
                .filter((n) => n.policyName === "iam-no-privilege-escalation")
                .map((n) =>
                    n.detail.replace(
                        /^can't run policy 'iam-no-privilege-escalation' from policy pack '[^']+' during preview: /,
                        "",
                    ),
                ),
            [
                "not judged until apply (cannot read a policy a role or user holds): role holder: holder-managed policyArn: arn:aws:iam::aws:policy/NoSuchPolicyInTheData is not in the pack's AWS managed policy data",
            ],
        );
    });
});

// Issue 20 item 6, second review (M2b): the union was built for roles of the plan only. RolePolicy
// resources on a role the plan does not create (the bootstrapRoles shape) were each judged alone, so
// iam:PassRole in one and the unbounded write of the same role in another went unseen. They are
// grouped by role name, compared without case (IAM API Reference, "CreateRole": role names are not
// distinguished by case).
describe("iam-no-privilege-escalation: roles outside the plan (review M2b)", function () {
    this.timeout(60000);
    const EXT = `arn:aws:iam::${ACCOUNT}:role/ext-role`;
    const config = { "iam-no-privilege-escalation": { allowedActions: ["iam:PutRolePolicy"] } };
    const inline = (name: string, role: string, statement: unknown) =>
        one("aws:iam/rolePolicy:RolePolicy", name, { role, policy: JSON.stringify(doc(statement)) });
    const passSt = { Sid: "PassExt", Effect: "Allow", Action: "iam:PassRole", Resource: EXT };
    const writeSt = { Sid: "WriteExt", Effect: "Allow", Action: "iam:PutRolePolicy", Resource: EXT };
    const chain = (who: string) =>
        `ext-pass: ${who}: ext-pass statement 0 ("PassExt") passes roles that ext-write statement 0 ("WriteExt") lets the same role rewrite without a permissions boundary (${EXT}): give the role whatever policy, then pass it`;

    it("PassRole in one RolePolicy of ext-role, PutRolePolicy of it in another: found", async function () {
        assert.deepStrictEqual(
            linesFor(
                await run([inline("ext-pass", "ext-role", passSt), inline("ext-write", "ext-role", writeSt)], config),
                "iam-no-privilege-escalation",
            ),
            [chain("role ext-role (not created by this plan)")],
        );
    });

    it("the role named in another case, or by its ARN: the same role", async function () {
        assert.deepStrictEqual(
            linesFor(
                await run([inline("ext-pass", "ext-role", passSt), inline("ext-write", "EXT-Role", writeSt)], config),
                "iam-no-privilege-escalation",
            ),
            [chain("role ext-role (not created by this plan)")],
        );
        assert.deepStrictEqual(
            linesFor(
                await run([inline("ext-pass", "ext-role", passSt), inline("ext-write", EXT, writeSt)], config),
                "iam-no-privilege-escalation",
            ),
            [chain("role ext-role (not created by this plan)")],
        );
    });

    it("the two on different roles outside the plan: nothing (no one holds both)", async function () {
        assert.deepStrictEqual(
            linesFor(
                await run([inline("ext-pass", "ext-role", passSt), inline("ext-write", "other-role", writeSt)], config),
                "iam-no-privilege-escalation",
            ),
            [],
        );
    });

    it("an AWS managed policy attached to the outside role joins its union", async function () {
        const worker = `arn:aws:iam::${ACCOUNT}:role/managed/app-worker`;
        const MANAGED = "arn:aws:iam::aws:policy/AWSManagedAccountManagementAccess";
        const ACTIONS = [
            "iam:AttachRolePolicy",
            "iam:PutRolePolicy",
            "iam:UpdateAssumeRolePolicy",
            "iam:PutRolePermissionsBoundary",
            "iam:DeleteRolePermissionsBoundary",
            "iam:CreateRole",
        ];
        assert.deepStrictEqual(
            linesFor(
                await run(
                    [
                        inline("ext-pass", "ext-role", { ...passSt, Resource: worker }),
                        one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ext-managed", {
                            role: "Ext-Role",
                            policyArn: MANAGED,
                        }),
                    ],
                    { "iam-no-privilege-escalation": { allowedActions: ACTIONS } },
                ),
                "iam-no-privilege-escalation",
            ),
            [
                `ext-pass: role ext-role (not created by this plan): ext-pass statement 0 ("PassExt") passes roles that the AWS managed policy ${MANAGED} (ext-managed policyArn) statement 0 lets the same role rewrite without a permissions boundary (${worker}): give the role whatever policy, then pass it`,
            ],
        );
    });
});
