// iam-no-privilege-escalation judges what a policy lets its holder become: role and user changes
// bound to an exact permissions boundary pass, the unboundable paths never do, and a role the
// holder can rewrite must not be passed.
import * as assert from "assert";
import { iamPolicy, linesFor, run } from "./helpers";

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
