// Property tests (fast-check) of the pack's condition judgement against an IAM evaluation oracle
// (@cloud-copilot/iam-simulate, AGPL, test-only): over generated condition blocks of every operator form,
// whenever the pack calls a service-principal or cross-account statement safe, the oracle denies a request
// from another account and (where the stack holds the source) for another resource of this account.
import * as assert from "assert";
import fc from "fast-check";
import { PolicyResource } from "@pulumi/policy";
import { runSimulation } from "@cloud-copilot/iam-simulate";
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

const resource = (type: string, name: string, props: Record<string, unknown>): PolicyResource =>
    ({
        type,
        name,
        urn: `urn:pulumi:dev::p::${type}::${name}`,
        props,
        dependencies: [],
        propertyDependencies: {},
    }) as unknown as PolicyResource;

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

async function oracle(
    doc: unknown,
    principal: string,
    action: string,
    resourceArn: string,
    context: Record<string, string>,
): Promise<string> {
    const result = await runSimulation(
        {
            request: {
                principal,
                action,
                resource: { resource: resourceArn, accountId: ACCOUNT },
                contextVariables: context,
            },
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: doc as never,
        },
        {},
    );
    if (result.resultType === "error") {
        throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult;
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
                        {
                            Sid: "Root",
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                            Action: "kms:*",
                            Resource: "*",
                        },
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
        await fc.assert(
            fc.asyncProperty(entry, fc.constantFrom(...contexts), async (e, context) => {
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
            }),
            { numRuns: 400, seed: 20261130 },
        );
    });
});
