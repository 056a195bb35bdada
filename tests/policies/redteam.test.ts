// Red-team fixes with exact expectations: the evaluator's policy variables and IPv6 CIDRs, stack-export
// secret envelopes, the accountId setting and the account vote shown as advisory.
import * as assert from "assert";
import { policyResource as resource } from "./helpers";
import { evaluateCondition, request } from "../../policies/lib/conditions";
import { otherAccountFindings } from "../../policies/other-accounts";
import { checkPlan, PolicyConfigError, resolvePolicyConfig } from "../../tools/lib/analyzer";
import { normalizePlanFile, PlanInputError } from "../../tools/lib/plan-input";
import { policies } from "../../policies/pack";
import { PACK_ENFORCEMENT_LEVEL } from "../../policies/pack";

const ACCOUNT = "123456789012";
const OTHER = "444455556666";
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

describe("red-team fixes", () => {
    describe("evaluator: policy variables (IAM User Guide, Variables and tags)", () => {
        const req = request({ "aws:PrincipalAccount": OTHER, "aws:ResourceAccount": ACCOUNT });
        it("resolves a variable from the request (was: matched anything)", () => {
            assert.strictEqual(
                evaluateCondition("StringEquals", "aws:PrincipalAccount", ["${aws:ResourceAccount}"], req),
                false,
            );
            assert.strictEqual(
                evaluateCondition(
                    "StringEquals",
                    "aws:PrincipalAccount",
                    ["${aws:ResourceAccount}"],
                    request({ "aws:PrincipalAccount": ACCOUNT, "aws:ResourceAccount": ACCOUNT }),
                ),
                true,
            );
        });
        it("a variable whose key is absent matches nothing; a default value stands in for it", () => {
            assert.strictEqual(
                evaluateCondition("StringLike", "aws:PrincipalAccount", ["${aws:SourceAccount}"], req),
                false,
            );
            assert.strictEqual(
                evaluateCondition("StringEquals", "aws:PrincipalAccount", [`\${aws:SourceAccount, '${OTHER}'}`], req),
                true,
            );
            assert.strictEqual(
                evaluateCondition("StringNotEquals", "aws:PrincipalAccount", ["${aws:SourceAccount}"], req),
                false,
            );
        });
        it("${*} is a literal *, a resolved value is literal (not a wildcard)", () => {
            assert.strictEqual(evaluateCondition("StringLike", "aws:PrincipalAccount", ["${*}"], req), false);
            assert.strictEqual(
                evaluateCondition(
                    "StringLike",
                    "aws:PrincipalAccount",
                    ["${*}"],
                    request({ "aws:PrincipalAccount": "*" }),
                ),
                true,
            );
        });
        it("a variable naming a key the probe leaves free still matches anything", () => {
            const free = request({ "aws:PrincipalAccount": OTHER }, (k) => k === "aws:username");
            assert.strictEqual(
                evaluateCondition("StringLike", "aws:PrincipalAccount", ["${aws:username}"], free),
                true,
            );
        });
        it("ARN operators resolve variables before splitting the ARN", () => {
            const r = request({
                "aws:SourceArn": `arn:aws:profile:eu-west-2:${ACCOUNT}:domains/d`,
                "aws:ResourceAccount": ACCOUNT,
            });
            assert.strictEqual(
                evaluateCondition(
                    "ArnLike",
                    "aws:SourceArn",
                    ["arn:aws:profile:*:${aws:ResourceAccount}:domains/*"],
                    r,
                ),
                true,
            );
        });
    });

    describe("evaluator: IP address operators take IPv6 CIDRs (IAM User Guide, Condition operators)", () => {
        const at = (ip: string) => request({ "aws:SourceIp": ip });
        it("IpAddress / NotIpAddress on IPv6 (was: never in range)", () => {
            assert.strictEqual(
                evaluateCondition("IpAddress", "aws:SourceIp", ["2001:db8::/32"], at("2001:db8:0:1::9")),
                true,
            );
            assert.strictEqual(
                evaluateCondition("IpAddress", "aws:SourceIp", ["2001:db8::/32"], at("2001:db9::1")),
                false,
            );
            assert.strictEqual(
                evaluateCondition("NotIpAddress", "aws:SourceIp", ["2001:db8::/32"], at("2001:db8::1")),
                false,
            );
            assert.strictEqual(evaluateCondition("IpAddress", "aws:SourceIp", ["::/0"], at("::ffff:192.0.2.1")), true);
        });
        it("an IPv4 block never holds an IPv6 address, and the other way round", () => {
            assert.strictEqual(evaluateCondition("IpAddress", "aws:SourceIp", ["0.0.0.0/0"], at("2001:db8::1")), false);
            assert.strictEqual(evaluateCondition("IpAddress", "aws:SourceIp", ["::/0"], at("10.0.0.1")), false);
            assert.strictEqual(evaluateCondition("IpAddress", "aws:SourceIp", ["10.0.0.0/8"], at("10.255.0.1")), true);
        });
    });

    describe("stack-export secret envelopes (tools/lib/plan-input.ts)", () => {
        const exportWith = (policy: unknown) => ({
            version: 3,
            deployment: {
                manifest: {},
                resources: [
                    {
                        urn: "urn:pulumi:dev::p::aws:sqs/queuePolicy:QueuePolicy::q",
                        custom: true,
                        type: "aws:sqs/queuePolicy:QueuePolicy",
                        inputs: { queueUrl: `https://sqs.eu-west-2.amazonaws.com/${ACCOUNT}/q`, policy },
                        outputs: { queueUrl: `https://sqs.eu-west-2.amazonaws.com/${ACCOUNT}/q`, policy },
                    },
                ],
            },
        });
        const doc = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
                    Action: "sqs:SendMessage",
                    Resource: `arn:aws:sqs:eu-west-2:${ACCOUNT}:q`,
                },
            ],
        });
        it("a plaintext envelope becomes the analyzer's wire form of its value; a ciphertext one of [secret]", () => {
            const plain = normalizePlanFile(exportWith({ [SIG]: SECRET, plaintext: JSON.stringify(doc) }));
            assert.deepStrictEqual(plain.steps[0].newState!.inputs.policy, { [SIG]: SECRET, value: doc });
            const hidden = normalizePlanFile(exportWith({ [SIG]: SECRET, ciphertext: "AAAB" }));
            assert.deepStrictEqual(hidden.steps[0].newState!.outputs!.policy, { [SIG]: SECRET, value: "[secret]" });
        });
        it("a plaintext that is not JSON text is a clear input error", () => {
            assert.throws(
                () => normalizePlanFile(exportWith({ [SIG]: SECRET, plaintext: "{not json" })),
                (e: Error) =>
                    e instanceof PlanInputError && e.message === "a secret's plaintext is not JSON text: 9 characters",
            );
        });
        it("the analyzer judges the plaintext document and reports the ciphertext one as not judged", async () => {
            const policy = policies.filter((p) => p.name === "other-accounts");
            const judged = await checkPlan(
                normalizePlanFile(exportWith({ [SIG]: SECRET, plaintext: JSON.stringify(doc) })),
                {
                    policies: policy,
                    policyConfig: { "other-accounts": { accountId: ACCOUNT } },
                },
            );
            assert.deepStrictEqual(
                judged.violations.map((v) => v.detail),
                [
                    `policy: statement 0: grants "arn:aws:iam::${OTHER}:root" of account ${OTHER}, which is not this stack's account ${ACCOUNT} and not in trustedAccounts`,
                ],
            );
            const hidden = await checkPlan(normalizePlanFile(exportWith({ [SIG]: SECRET, ciphertext: "AAAB" })), {
                policies: policy,
                policyConfig: { "other-accounts": { accountId: ACCOUNT } },
            });
            assert.strictEqual(hidden.mandatoryCount, 0);
            assert.match(hidden.unknown.map((u) => u.detail).join("\n"), /q policy: shown only as a secret/);
        });
    });

    describe("this stack's account: the accountId setting and the vote", () => {
        const key = (arns: string[]) =>
            resource("aws:kms/key:Key", "k", {
                arn: `arn:aws:kms:eu-west-2:${ACCOUNT}:key/1`,
                description: arns.join(" "),
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "Partner",
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
                            Action: "kms:Decrypt",
                            Resource: "*",
                        },
                    ],
                }),
            });
        it("a tie leaves the account unknown (advisory, naming the vote); accountId decides it", () => {
            // ARNs: the key's own (this account) against the principal's (the other account): a tie.
            const all = [key([])];
            const voted = otherAccountFindings(all, {});
            assert.deepStrictEqual(voted.violations, []);
            assert.ok(
                voted.unjudged.includes(
                    `no account named by most ARNs of the plan (2 ARNs) (also named: ${ACCOUNT} ×1, ${OTHER} ×1); set the accountId setting to pin it`,
                ),
                voted.unjudged.join("\n"),
            );
            const pinned = otherAccountFindings(all, { accountId: ACCOUNT });
            assert.deepStrictEqual(
                pinned.violations.map((v) => v.message),
                [
                    `policy: statement 0 ("Partner"): grants "arn:aws:iam::${OTHER}:root" of account ${OTHER}, which is not this stack's account ${ACCOUNT} and not in trustedAccounts`,
                ],
            );
            assert.deepStrictEqual(pinned.unjudged, []);
        });
        it("a vote that is not unanimous is shown beside the findings it decided", () => {
            const all = [key([`arn:aws:sqs:eu-west-2:${ACCOUNT}:a`, `arn:aws:sqs:eu-west-2:${ACCOUNT}:b`])];
            const found = otherAccountFindings(all, {});
            assert.strictEqual(found.violations.length, 1);
            assert.deepStrictEqual(found.unjudged, [
                `this stack's account taken as ${ACCOUNT}, named by 3 of 4 ARNs of the plan (also named: ${OTHER} ×1); set the accountId setting to pin it`,
            ]);
        });
        it("accountId is validated: 12 digits, named with the value; unknown settings are rejected", () => {
            assert.throws(
                () =>
                    resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, {
                        "other-accounts": { accountId: "12345", trustedAcounts: [OTHER] },
                    }),
                (e: Error) =>
                    e instanceof PolicyConfigError &&
                    e.message.includes('other-accounts: /accountId must match pattern "^\\d{12}$" (got "12345")') &&
                    e.message.includes(
                        'other-accounts: unknown setting "trustedAcounts" (settings: exemptResources, trustedAccounts, accountId)',
                    ),
            );
        });
    });
});
