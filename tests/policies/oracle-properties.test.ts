// Property tests (fast-check) of the pack's condition judgement against an IAM evaluation oracle
// (@cloud-copilot/iam-simulate, AGPL, test-only): over generated condition blocks of every operator form,
// whenever the pack calls a service-principal or cross-account statement safe, the oracle denies a request
// from another account and (where the stack holds the source) for another resource of this account.
import * as assert from "assert";
import fc from "fast-check";
import { policyResource as resource, rootKeyAdmin } from "./helpers";
import { simulate } from "../support/simulator";
import { sourceBindingFindings } from "../../policies/confused-deputy-source-conditions";
import { otherAccountFindings } from "../../policies/other-accounts";
import { evaluateCondition, request } from "../../policies/lib/conditions";

const ACCOUNT = "123456789012";
const OTHER = "444455556666";
const REGION = "eu-west-2";
const DOMAIN_ARN = `arn:aws:profile:${REGION}:${ACCOUNT}:domains/amazon-connect-examplecorp-dev`;
const SIBLING_ARN = `arn:aws:profile:${REGION}:${ACCOUNT}:domains/amazon-connect-examplecorp-test`;
const FOREIGN_ARN = `arn:aws:profile:${REGION}:${OTHER}:domains/amazon-connect-examplecorp-dev`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/aa8f3a3d-bdbe-8c00-8db5-f3ef9bb4d00b`;
/** An account id one digit from this stack's: what `1234567890*` or `12345678901?` also admits. */
const NEAR = "123456789099";

const domain = resource("aws:customerprofiles/domain:Domain", "domain", {
    domainName: "amazon-connect-examplecorp-dev",
    arn: DOMAIN_ARN,
});

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const operators = [
    "StringEquals",
    "StringLike",
    "StringNotEquals",
    "StringNotLike",
    "StringEqualsIfExists",
    "StringNotEqualsIfExists",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnLikeIfExists",
    "ForAnyValue:StringEquals",
    "ForAnyValue:StringLike",
    "ForAllValues:StringEquals",
    "ForAllValues:ArnLike",
];
const accountValues = [ACCOUNT, OTHER, "*", "1234567890??"];
const arnValues = [
    DOMAIN_ARN,
    SIBLING_ARN,
    FOREIGN_ARN,
    `arn:aws:profile:${REGION}:${ACCOUNT}:domains/*`,
    `arn:aws:profile:*:*:domains/amazon-connect-examplecorp-dev`,
    `arn:aws:profile:${REGION}:*:domains/*`,
    "arn:aws:profile:*",
];

interface Entry {
    op: string;
    key: string;
    values: string[];
}

const entry: fc.Arbitrary<Entry> = fc.oneof(
    fc.record({
        op: fc.constantFrom(...operators),
        key: fc.constant("aws:SourceAccount"),
        values: fc.uniqueArray(fc.constantFrom(...accountValues), { minLength: 1, maxLength: 2 }),
    }),
    fc.record({
        op: fc.constantFrom(...operators),
        key: fc.constant("aws:SourceArn"),
        values: fc.uniqueArray(fc.constantFrom(...arnValues), { minLength: 1, maxLength: 2 }),
    }),
    fc.record({
        op: fc.constant("Null"),
        key: fc.constantFrom("aws:SourceAccount", "aws:SourceArn"),
        values: fc.constantFrom(["true"], ["false"]).map((v) => [...v]),
    }),
    fc.record({
        op: fc.constantFrom("StringEquals", "StringEqualsIfExists"),
        key: fc.constantFrom("aws:SourceAcount", "aws:sourceaccount", "aws:SOURCEARN"),
        values: fc.constantFrom([ACCOUNT], [DOMAIN_ARN]).map((v) => [...v]),
    }),
);

const conditionBlock = fc.array(entry, { minLength: 0, maxLength: 4 }).map((entries) => {
    const c: Record<string, Record<string, string[]>> = {};
    for (const e of entries) {
        c[e.op] = { ...(c[e.op] ?? {}), [e.key]: e.values };
    }
    return c;
});

// ---------------------------------------------------------------------------------------------
// Oracle
// ---------------------------------------------------------------------------------------------

/**
 * The simulator's decision. A request from an IAM principal of another account needs an Allow in that
 * account's identity policies as well as in the resource policy (IAM User Guide, "Cross-account policy
 * evaluation logic"): the oracle gives such a principal an identity policy allowing everything, so that
 * the resource policy alone decides (without it every cross-account request is denied and a property
 * about them cannot fail).
 */
async function oracle(
    doc: unknown,
    principal: string,
    action: string,
    resourceArn: string,
    context: Record<string, string>,
): Promise<string> {
    const foreignIam = /^arn:aws:(iam|sts)::\d{12}:/.test(principal) && !principal.includes(`::${ACCOUNT}:`);
    return simulate(
        {
            request: {
                principal,
                action,
                resource: { resource: resourceArn, accountId: ACCOUNT },
                contextVariables: context,
            },
            identityPolicies: foreignIam
                ? [
                      {
                          name: "caller-allows-everything",
                          policy: {
                              Version: "2012-10-17",
                              Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
                          },
                      } as never,
                  ]
                : [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: doc as never,
        },
        {},
    );
}

/**
 * One condition on the DLQ's statement for profile.amazonaws.com: the evaluator and the simulator must
 * decide a SendMessage request with `context` the same way.
 */
async function agreesOnQueueStatement(
    e: { op: string; key: string; values: string[] },
    context: Record<string, string>,
): Promise<void> {
    const doc = {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "profile.amazonaws.com" },
                Action: "sqs:SendMessage",
                Resource: QUEUE_ARN,
                Condition: { [e.op]: { [e.key]: e.values } },
            },
        ],
    };
    const ours = evaluateCondition(e.op, e.key, e.values, request(context));
    const theirs = await oracle(doc, "profile.amazonaws.com", "sqs:SendMessage", QUEUE_ARN, context);
    assert.strictEqual(ours, theirs === "Allowed", `${JSON.stringify(e)} on ${JSON.stringify(context)}`);
}

describe("oracle properties: what the pack calls safe, IAM denies to outsiders", function () {
    this.timeout(120000);

    it("service-principal statements (DLQ policy for profile.amazonaws.com): safe ⇒ another account and another domain denied", async () => {
        let judgedSafe = 0;
        await fc.assert(
            fc.asyncProperty(conditionBlock, async (cond) => {
                const doc = {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "Dlq",
                            Effect: "Allow",
                            Principal: { Service: "profile.amazonaws.com" },
                            Action: "sqs:SendMessage",
                            Resource: QUEUE_ARN,
                            ...(Object.keys(cond).length > 0 ? { Condition: cond } : {}),
                        },
                    ],
                };
                const policy = resource("aws:sqs/queuePolicy:QueuePolicy", "dlq-policy", {
                    queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/profiles-dlq`,
                    policy: JSON.stringify(doc),
                });
                const found = sourceBindingFindings([domain, policy], {});
                if (found.violations.length > 0 || found.unjudged.length > 0) {
                    return;
                }
                judgedSafe++;
                const ctx = (account: string, arn: string) => ({ "aws:SourceAccount": account, "aws:SourceArn": arn });
                for (const [what, c] of [
                    ["another account", ctx(OTHER, FOREIGN_ARN)],
                    ["another domain of this account", ctx(ACCOUNT, SIBLING_ARN)],
                ] as const) {
                    const decision = await oracle(doc, "profile.amazonaws.com", "sqs:SendMessage", QUEUE_ARN, c);
                    assert.notStrictEqual(decision, "Allowed", `${what} allowed by ${JSON.stringify(cond)}`);
                }
            }),
            { numRuns: 150, seed: 20261130 },
        );
        assert.ok(judgedSafe > 0, "no generated statement was judged safe");
    });

    it('cross-account statements (Principal "*" on a key): safe ⇒ a role of another account denied', async () => {
        const principalEntry = fc.record({
            op: fc.constantFrom(
                "StringEquals",
                "StringEqualsIfExists",
                "StringNotEquals",
                "StringLike",
                "ForAllValues:StringEquals",
            ),
            key: fc.constantFrom("aws:PrincipalAccount", "kms:CallerAccount", "aws:SourceAccount"),
            values: fc.uniqueArray(fc.constantFrom(ACCOUNT, OTHER, "*"), { minLength: 1, maxLength: 2 }),
        });
        let judgedSafe = 0;
        await fc.assert(
            fc.asyncProperty(fc.array(principalEntry, { minLength: 0, maxLength: 3 }), async (entries) => {
                const cond: Record<string, Record<string, string[]>> = {};
                for (const e of entries) {
                    cond[e.op] = { ...(cond[e.op] ?? {}), [e.key]: e.values };
                }
                const doc = {
                    Version: "2012-10-17",
                    Statement: [
                        rootKeyAdmin(ACCOUNT),
                        {
                            Sid: "Anyone",
                            Effect: "Allow",
                            Principal: { AWS: "*" },
                            Action: "kms:Decrypt",
                            Resource: "*",
                            ...(entries.length > 0 ? { Condition: cond } : {}),
                        },
                    ],
                };
                const key = resource("aws:kms/key:Key", "key", { arn: KEY_ARN, policy: JSON.stringify(doc) });
                const found = otherAccountFindings([key], {});
                if (found.violations.length > 0 || found.unjudged.length > 0) {
                    return;
                }
                judgedSafe++;
                const decision = await oracle(doc, `arn:aws:iam::${OTHER}:role/mallory`, "kms:Decrypt", KEY_ARN, {
                    "aws:PrincipalAccount": OTHER,
                    "kms:CallerAccount": OTHER,
                });
                assert.notStrictEqual(decision, "Allowed", `another account allowed by ${JSON.stringify(cond)}`);
            }),
            { numRuns: 200, seed: 20261130 },
        );
        assert.ok(judgedSafe > 0, "no generated statement was judged safe");
    });

    it("the evaluator decides single conditions as the oracle does", async () => {
        const contexts: Record<string, string>[] = [
            {},
            { "aws:SourceAccount": ACCOUNT },
            { "aws:SourceAccount": OTHER, "aws:SourceArn": FOREIGN_ARN },
            { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": DOMAIN_ARN },
            { "aws:SourceArn": SIBLING_ARN },
        ];
        await fc.assert(fc.asyncProperty(entry, fc.constantFrom(...contexts), agreesOnQueueStatement), {
            numRuns: 400,
            seed: 20261130,
        });
    });

    // -----------------------------------------------------------------------------------------
    // Red-team additions: near-account patterns, aws:PrincipalArn patterns, aws:ResourceAccount,
    // policy variables, explicit Deny statements, IPv6 CIDRs.
    // -----------------------------------------------------------------------------------------

    it("cross-account statements with patterns, variables and a Deny: safe ⇒ other and near accounts denied", async () => {
        const accountish = [
            ACCOUNT,
            OTHER,
            NEAR,
            "*",
            "1234567890*",
            "12345678901?",
            "${aws:ResourceAccount}",
            "${aws:PrincipalAccount}",
        ];
        const arnish = [
            `arn:aws:iam::${ACCOUNT}:role/*`,
            "arn:aws:iam::*:role/ops",
            "arn:aws:iam::1234567890??:role/*",
            `arn:aws:iam::${OTHER}:role/ops`,
            "arn:aws:iam::${aws:ResourceAccount}:role/*",
        ];
        const allowEntry = fc.oneof(
            fc.record({
                op: fc.constantFrom(
                    "StringEquals",
                    "StringLike",
                    "StringNotEquals",
                    "StringEqualsIfExists",
                    "ForAnyValue:StringLike",
                ),
                key: fc.constantFrom(
                    "aws:PrincipalAccount",
                    "aws:ResourceAccount",
                    "kms:CallerAccount",
                    "AWS:PRINCIPALACCOUNT",
                ),
                values: fc.uniqueArray(fc.constantFrom(...accountish), { minLength: 1, maxLength: 2 }),
            }),
            fc.record({
                op: fc.constantFrom("ArnLike", "ArnEquals", "ArnNotLike", "ArnLikeIfExists"),
                key: fc.constant("aws:PrincipalArn"),
                values: fc.uniqueArray(fc.constantFrom(...arnish), { minLength: 1, maxLength: 2 }),
            }),
        );
        const denyEntry = fc.record({
            op: fc.constantFrom("StringNotEquals", "StringNotEqualsIfExists", "StringEquals", "StringNotLike"),
            key: fc.constantFrom("aws:PrincipalAccount", "aws:SourceVpc"),
            values: fc.uniqueArray(fc.constantFrom(ACCOUNT, OTHER, "vpc-1"), { minLength: 1, maxLength: 2 }),
        });
        const block = (entries: Entry[]) => {
            const c: Record<string, Record<string, string[]>> = {};
            for (const e of entries) {
                c[e.op] = { ...(c[e.op] ?? {}), [e.key]: e.values };
            }
            return c;
        };
        let judgedSafe = 0;
        await fc.assert(
            fc.asyncProperty(
                fc.array(allowEntry, { minLength: 0, maxLength: 3 }),
                fc.option(
                    fc.record({
                        entries: fc.array(denyEntry, { minLength: 1, maxLength: 2 }),
                        action: fc.constantFrom("kms:Decrypt", "kms:*", "kms:Encrypt"),
                    }),
                    { nil: undefined },
                ),
                async (entries, deny) => {
                    const cond = block(entries);
                    const doc = {
                        Version: "2012-10-17",
                        Statement: [
                            rootKeyAdmin(ACCOUNT),
                            {
                                Sid: "Anyone",
                                Effect: "Allow",
                                Principal: { AWS: "*" },
                                Action: "kms:Decrypt",
                                Resource: "*",
                                ...(entries.length > 0 ? { Condition: cond } : {}),
                            },
                            ...(deny
                                ? [
                                      {
                                          Sid: "Deny",
                                          Effect: "Deny",
                                          Principal: "*",
                                          Action: deny.action,
                                          Resource: "*",
                                          Condition: block(deny.entries),
                                      },
                                  ]
                                : []),
                        ],
                    };
                    const key = resource("aws:kms/key:Key", "key", { arn: KEY_ARN, policy: JSON.stringify(doc) });
                    const found = otherAccountFindings([key], {});
                    if (found.violations.length > 0 || found.unjudged.length > 0) {
                        return;
                    }
                    judgedSafe++;
                    for (const account of [OTHER, NEAR]) {
                        const principal = `arn:aws:iam::${account}:role/ops`;
                        const decision = await oracle(doc, principal, "kms:Decrypt", KEY_ARN, {
                            "aws:PrincipalAccount": account,
                            "aws:PrincipalArn": principal,
                            "aws:ResourceAccount": ACCOUNT,
                            "kms:CallerAccount": account,
                        });
                        assert.notStrictEqual(
                            decision,
                            "Allowed",
                            `account ${account} allowed by ${JSON.stringify(doc.Statement.slice(1))}`,
                        );
                    }
                },
            ),
            { numRuns: 200, seed: 20261130 },
        );
        assert.ok(judgedSafe > 0, "no generated statement was judged safe");
    });

    it("service-principal statements with an added Deny and ${aws:ResourceAccount}: safe ⇒ another account and another domain denied", async () => {
        const denyEntry: fc.Arbitrary<Entry> = fc.oneof(
            fc.record({
                op: fc.constantFrom("StringNotEquals", "StringNotEqualsIfExists", "StringEquals"),
                key: fc.constant("aws:SourceAccount"),
                values: fc.uniqueArray(fc.constantFrom(ACCOUNT, OTHER, "${aws:ResourceAccount}"), {
                    minLength: 1,
                    maxLength: 2,
                }),
            }),
            fc.record({
                op: fc.constantFrom("ArnNotEquals", "ArnNotLike", "ArnNotEqualsIfExists", "ArnEquals"),
                key: fc.constant("aws:SourceArn"),
                values: fc.uniqueArray(fc.constantFrom(...arnValues), { minLength: 1, maxLength: 2 }),
            }),
            fc.record({
                op: fc.constant("Null"),
                key: fc.constantFrom("aws:SourceAccount", "aws:SourceArn"),
                values: fc.constant(["true"]).map((v) => [...v]),
            }),
        );
        let judgedSafe = 0;
        await fc.assert(
            fc.asyncProperty(
                conditionBlock,
                fc.array(fc.array(denyEntry, { minLength: 1, maxLength: 2 }), { minLength: 0, maxLength: 2 }),
                async (cond, denies) => {
                    const doc = {
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "Dlq",
                                Effect: "Allow",
                                Principal: { Service: "profile.amazonaws.com" },
                                Action: "sqs:SendMessage",
                                Resource: QUEUE_ARN,
                                ...(Object.keys(cond).length > 0 ? { Condition: cond } : {}),
                            },
                            ...denies.map((entries, i) => {
                                const c: Record<string, Record<string, string[]>> = {};
                                for (const e of entries) {
                                    c[e.op] = { ...(c[e.op] ?? {}), [e.key]: e.values };
                                }
                                return {
                                    Sid: `Deny${i}`,
                                    Effect: "Deny",
                                    Principal: "*",
                                    Action: "sqs:SendMessage",
                                    Resource: QUEUE_ARN,
                                    Condition: c,
                                };
                            }),
                        ],
                    };
                    const policy = resource("aws:sqs/queuePolicy:QueuePolicy", "dlq-policy", {
                        queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/profiles-dlq`,
                        policy: JSON.stringify(doc),
                    });
                    const found = sourceBindingFindings([domain, policy], {});
                    if (found.violations.length > 0 || found.unjudged.length > 0) {
                        return;
                    }
                    judgedSafe++;
                    const ctx = (account: string, arn: string) => ({
                        "aws:SourceAccount": account,
                        "aws:SourceArn": arn,
                        "aws:ResourceAccount": ACCOUNT,
                    });
                    for (const [what, c] of [
                        ["another account", ctx(OTHER, FOREIGN_ARN)],
                        ["another domain of this account", ctx(ACCOUNT, SIBLING_ARN)],
                    ] as const) {
                        const decision = await oracle(doc, "profile.amazonaws.com", "sqs:SendMessage", QUEUE_ARN, c);
                        assert.notStrictEqual(
                            decision,
                            "Allowed",
                            `${what} allowed by ${JSON.stringify(doc.Statement)}`,
                        );
                    }
                },
            ),
            { numRuns: 150, seed: 20261130 },
        );
        assert.ok(judgedSafe > 0, "no generated statement was judged safe");
    });

    it("the evaluator decides IPv6/IPv4 CIDRs and policy variables as the oracle does", async () => {
        const ipEntry = fc.record({
            op: fc.constantFrom("IpAddress", "NotIpAddress", "IpAddressIfExists"),
            key: fc.constant("aws:SourceIp"),
            values: fc.uniqueArray(
                fc.constantFrom(
                    "2001:db8::/32",
                    "2001:db8:0:1::/64",
                    "::/0",
                    "10.0.0.0/8",
                    "192.0.2.7/32",
                    "2001:db8::7/128",
                ),
                {
                    minLength: 1,
                    maxLength: 2,
                },
            ),
        });
        const variableEntry = fc.record({
            op: fc.constantFrom("StringEquals", "StringNotEquals", "StringLike", "ArnLike"),
            key: fc.constantFrom("aws:SourceAccount", "aws:SourceArn"),
            values: fc.uniqueArray(
                fc.constantFrom(
                    "${aws:ResourceAccount}",
                    "${aws:SourceAccount}",
                    "${aws:PrincipalAccount}",
                    // Not ARN patterns with a variable in them: the simulator splits the ARN at the colon
                    // inside `${aws:…}` (its splitArnParts), which is not a decision of IAM.
                    `arn:aws:profile:${REGION}:${ACCOUNT}:domains/\${aws:PrincipalAccount}`,
                    "${aws:SourceAccount, '444455556666'}",
                ),
                { minLength: 1, maxLength: 2 },
            ),
        });
        const contexts: Record<string, string>[] = [
            {},
            { "aws:SourceIp": "2001:db8::1" },
            { "aws:SourceIp": "2001:db8:0:1::9" },
            { "aws:SourceIp": "2001:db9::1" },
            { "aws:SourceIp": "10.1.2.3" },
            { "aws:SourceIp": "192.0.2.7" },
            { "aws:ResourceAccount": ACCOUNT, "aws:SourceAccount": ACCOUNT, "aws:SourceArn": DOMAIN_ARN },
            { "aws:ResourceAccount": ACCOUNT, "aws:SourceAccount": OTHER, "aws:SourceArn": FOREIGN_ARN },
            { "aws:SourceAccount": OTHER, "aws:SourceArn": FOREIGN_ARN },
        ];
        await fc.assert(
            fc.asyncProperty(fc.oneof(ipEntry, variableEntry), fc.constantFrom(...contexts), agreesOnQueueStatement),
            { numRuns: 300, seed: 20261130 },
        );
    });
});
