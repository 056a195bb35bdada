// Property tests (fast-check) of the KMS judgements against an IAM evaluation oracle
// (@cloud-copilot/iam-simulate, AGPL, test-only): over generated condition blocks of every operator form
// on kms:ViaService, kms:CallerAccount, kms:GrantOperations, kms:GrantIsForAWSResource and
// kms:GranteePrincipal, whenever the pack calls a key statement safe, the oracle denies a direct call,
// a call through another service or another region, a caller of another account, and a grant for
// another account or with wider operations.
//
// Request contexts as KMS sets them (AWS KMS Developer Guide, "AWS KMS condition keys"): kms:ViaService
// SERVICE.REGION.amazonaws.com only when a service calls for the principal; kms:CallerAccount always;
// kms:GrantOperations (multi-valued), kms:GranteePrincipal and kms:GrantIsForAWSResource on CreateGrant.
import * as assert from "assert";
import fc from "fast-check";
import { PolicyResource } from "@pulumi/policy";
import { policyResource as resource, rootKeyAdmin } from "./helpers";
import { simulate } from "../support/simulator";
import { kmsConditionFindings } from "../../policies/kms-key-conditions";
import { kmsGrantFindings } from "../../policies/kms-least-privilege-grants";
import { evaluateCondition, request } from "../../policies/lib/conditions";

const ACCOUNT = "123456789012";
const OTHER = "444455556666";
const REGION = "eu-west-2";
const KEY_ID = "aa8f3a3d-bdbe-8c00-8db5-f3ef9bb4d00b";
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/crm-sync`;
const OTHER_ROLE = `arn:aws:iam::${OTHER}:role/mallory`;
const via = (svc: string, region = REGION) => `${svc}.${region}.amazonaws.com`;

/** A key used by one SQS queue (so SQS is the service the key serves), with the given policy. */
function stack(doc: unknown): PolicyResource[] {
    return [
        resource("aws:kms/key:Key", "key", { arn: KEY_ARN, keyId: KEY_ID, id: KEY_ID, policy: JSON.stringify(doc) }),
        resource("aws:sqs/queue:Queue", "queue", {
            arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:q`,
            kmsMasterKeyId: KEY_ARN,
        }),
    ];
}

const keyPolicy = (statement: Record<string, unknown>) => ({
    Version: "2012-10-17",
    Statement: [rootKeyAdmin(ACCOUNT), statement],
});

async function oracle(
    doc: unknown,
    principal: string,
    action: string,
    context: Record<string, string | string[]>,
): Promise<string> {
    return simulate(
        {
            request: {
                principal,
                action,
                resource: { resource: KEY_ARN, accountId: ACCOUNT },
                contextVariables: context,
            },
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: doc as never,
        },
        {},
    );
}

interface Entry {
    op: string;
    key: string;
    values: string[];
}

const block = (entries: Entry[]) => {
    const c: Record<string, Record<string, string[]>> = {};
    for (const e of entries) {
        c[e.op] = { ...(c[e.op] ?? {}), [e.key]: e.values };
    }
    return c;
};

const stringOps = [
    "StringEquals",
    "StringLike",
    "StringNotEquals",
    "StringEqualsIfExists",
    "StringLikeIfExists",
    "ForAnyValue:StringEquals",
    "ForAnyValue:StringLike",
    "ForAllValues:StringEquals",
    "ForAllValues:StringLike",
];

const viaEntry: fc.Arbitrary<Entry> = fc.oneof(
    fc.record({
        op: fc.constantFrom(...stringOps),
        key: fc.constant("kms:ViaService"),
        values: fc.uniqueArray(
            fc.constantFrom(
                via("sqs"),
                via("lambda"),
                via("sqs", "us-east-1"),
                "*",
                `*.${REGION}.amazonaws.com`,
                "sqs.*",
            ),
            { minLength: 1, maxLength: 2 },
        ),
    }),
    fc.record({
        op: fc.constant("Null"),
        key: fc.constant("kms:ViaService"),
        values: fc.constantFrom(["true"], ["false"]).map((v) => [...v]),
    }),
);

const callerEntry: fc.Arbitrary<Entry> = fc.oneof(
    fc.record({
        op: fc.constantFrom(...stringOps),
        key: fc.constantFrom("kms:CallerAccount", "aws:PrincipalAccount"),
        values: fc.uniqueArray(fc.constantFrom(ACCOUNT, OTHER, "*", "????????????"), { minLength: 1, maxLength: 2 }),
    }),
    fc.record({
        op: fc.constant("Null"),
        key: fc.constant("kms:CallerAccount"),
        values: fc.constantFrom(["false"]).map((v) => [...v]),
    }),
);

/** Forms that bind (or nearly: IfExists, a second value) to SQS in this region / this account. */
const bindingVia: fc.Arbitrary<Entry> = fc.record({
    op: fc.constantFrom("StringEquals", "StringLike", "ForAnyValue:StringEquals", "StringEqualsIfExists"),
    key: fc.constant("kms:ViaService"),
    values: fc.constantFrom([via("sqs")], [via("sqs"), via("lambda")]).map((v) => [...v]),
});
const bindingCaller: fc.Arbitrary<Entry> = fc.record({
    op: fc.constantFrom("StringEquals", "StringLike", "ForAnyValue:StringEquals", "StringEqualsIfExists"),
    key: fc.constantFrom("kms:CallerAccount", "aws:PrincipalAccount"),
    values: fc.constantFrom([ACCOUNT], [ACCOUNT, OTHER]).map((v) => [...v]),
});

const grantEntry: fc.Arbitrary<Entry> = fc.oneof(
    fc.record({
        op: fc.constantFrom(
            "ForAllValues:StringEquals",
            "ForAnyValue:StringEquals",
            "ForAllValues:StringLike",
            "ForAllValues:StringNotEquals",
            "StringEquals",
        ),
        key: fc.constant("kms:GrantOperations"),
        values: fc.uniqueArray(
            fc.constantFrom("Decrypt", "GenerateDataKey", "CreateGrant", "*", "Create*", "Encrypt"),
            {
                minLength: 1,
                maxLength: 2,
            },
        ),
    }),
    fc.record({
        op: fc.constantFrom("Bool", "BoolIfExists"),
        key: fc.constant("kms:GrantIsForAWSResource"),
        values: fc.constantFrom(["true"], ["false"]).map((v) => [...v]),
    }),
    fc.record({
        op: fc.constantFrom("StringEquals", "StringLike", "StringNotEquals"),
        key: fc.constant("kms:GranteePrincipal"),
        values: fc.uniqueArray(fc.constantFrom(ROLE, `arn:aws:iam::${ACCOUNT}:role/*`, OTHER_ROLE, "*"), {
            minLength: 1,
            maxLength: 2,
        }),
    }),
    fc.record({
        op: fc.constantFrom("StringEquals", "StringEqualsIfExists"),
        key: fc.constant("kms:ViaService"),
        values: fc.constantFrom([via("sqs")], [via("lambda")]).map((v) => [...v]),
    }),
);

describe("oracle properties (KMS): what the pack calls safe, IAM denies", function () {
    this.timeout(180000);

    it("key use through a service: safe ⇒ a direct call, another service, another region and another account's caller denied", async () => {
        let judgedSafe = 0;
        await fc.assert(
            fc.asyncProperty(
                // One kms:ViaService and one caller test, each often in a binding form, and maybe one more.
                fc
                    .tuple(
                        fc.oneof({ arbitrary: bindingVia, weight: 2 }, { arbitrary: viaEntry, weight: 2 }),
                        fc.oneof({ arbitrary: bindingCaller, weight: 2 }, { arbitrary: callerEntry, weight: 2 }),
                        fc.array(fc.oneof(viaEntry, callerEntry), { maxLength: 1 }),
                    )
                    .map(([a, b, rest]) => [a, b, ...rest]),
                fc.constantFrom(ROLE, "*"),
                async (entries, principal) => {
                    const cond = block(entries);
                    const doc = keyPolicy({
                        Sid: "Callers",
                        Effect: "Allow",
                        Principal: { AWS: principal },
                        Action: "kms:Decrypt",
                        Resource: "*",
                        ...(entries.length > 0 ? { Condition: cond } : {}),
                    });
                    const found = kmsConditionFindings(stack(doc), {});
                    if (found.violations.length > 0 || found.unjudged.length > 0) {
                        return;
                    }
                    judgedSafe++;
                    const cases: [string, string, Record<string, string>][] = [
                        ["a direct call", ROLE, { "kms:CallerAccount": ACCOUNT, "aws:PrincipalAccount": ACCOUNT }],
                        [
                            "another service",
                            ROLE,
                            {
                                "kms:CallerAccount": ACCOUNT,
                                "aws:PrincipalAccount": ACCOUNT,
                                "kms:ViaService": via("lambda"),
                            },
                        ],
                        [
                            "another region",
                            ROLE,
                            {
                                "kms:CallerAccount": ACCOUNT,
                                "aws:PrincipalAccount": ACCOUNT,
                                "kms:ViaService": via("sqs", "us-east-1"),
                            },
                        ],
                        [
                            "another account's caller",
                            OTHER_ROLE,
                            { "kms:CallerAccount": OTHER, "aws:PrincipalAccount": OTHER, "kms:ViaService": via("sqs") },
                        ],
                    ];
                    for (const [what, who, ctx] of cases) {
                        const decision = await oracle(doc, who, "kms:Decrypt", ctx);
                        assert.notStrictEqual(
                            decision,
                            "Allowed",
                            `${what} allowed by ${JSON.stringify(cond)} (${principal})`,
                        );
                    }
                    // and the statement still serves its purpose: the caller through SQS in this region
                    const own = await oracle(doc, ROLE, "kms:Decrypt", {
                        "kms:CallerAccount": ACCOUNT,
                        "aws:PrincipalAccount": ACCOUNT,
                        "kms:ViaService": via("sqs"),
                    });
                    assert.ok(["Allowed", "ImplicitlyDenied"].includes(own), own);
                },
            ),
            { numRuns: 200, seed: 20261130 },
        );
        assert.ok(judgedSafe > 0, "no generated statement was judged safe");
    });

    it("CreateGrant: safe ⇒ a direct grant for another account, and a grant with CreateGrant among its operations, denied", async () => {
        let judgedSafe = 0;
        await fc.assert(
            fc.asyncProperty(fc.array(grantEntry, { minLength: 0, maxLength: 4 }), async (entries) => {
                const cond = block(entries);
                const doc = keyPolicy({
                    Sid: "Grants",
                    Effect: "Allow",
                    Principal: { AWS: ROLE },
                    Action: "kms:CreateGrant",
                    Resource: "*",
                    ...(entries.length > 0 ? { Condition: cond } : {}),
                });
                const found = kmsGrantFindings(stack(doc));
                if (found.violations.length > 0 || found.unjudged.length > 0) {
                    return;
                }
                judgedSafe++;
                const base = { "kms:CallerAccount": ACCOUNT, "aws:PrincipalAccount": ACCOUNT };
                const direct = { ...base, "kms:GrantIsForAWSResource": "false" };
                const cases: [string, Record<string, string | string[]>][] = [
                    [
                        "a direct grant for another account",
                        { ...direct, "kms:GranteePrincipal": OTHER_ROLE, "kms:GrantOperations": ["Decrypt"] },
                    ],
                    [
                        "a direct grant that can create grants",
                        { ...direct, "kms:GranteePrincipal": ROLE, "kms:GrantOperations": ["Decrypt", "CreateGrant"] },
                    ],
                ];
                if (entries.some((e) => e.key === "kms:GrantOperations")) {
                    cases.push([
                        "a grant through the named service that can create grants",
                        {
                            ...base,
                            "kms:ViaService": via("sqs"),
                            "kms:GrantIsForAWSResource": "true",
                            "kms:GranteePrincipal": ROLE,
                            "kms:GrantOperations": ["Decrypt", "CreateGrant"],
                        },
                    ]);
                }
                for (const [what, ctx] of cases) {
                    const decision = await oracle(doc, ROLE, "kms:CreateGrant", ctx);
                    assert.notStrictEqual(decision, "Allowed", `${what} allowed by ${JSON.stringify(cond)}`);
                }
            }),
            { numRuns: 250, seed: 20261130 },
        );
        assert.ok(judgedSafe > 0, "no generated statement was judged safe");
    });

    it("the evaluator decides single KMS conditions (multi-valued kms:GrantOperations included) as the oracle does", async () => {
        const contexts: Record<string, string | string[]>[] = [
            { "kms:CallerAccount": ACCOUNT },
            { "kms:CallerAccount": OTHER, "kms:ViaService": via("sqs") },
            { "kms:ViaService": via("lambda"), "kms:GrantOperations": ["Decrypt"] },
            { "kms:GrantOperations": ["Decrypt", "CreateGrant"], "kms:GrantIsForAWSResource": "false" },
            {
                "kms:GrantOperations": ["Encrypt"],
                "kms:GranteePrincipal": OTHER_ROLE,
                "kms:GrantIsForAWSResource": "true",
            },
        ];
        await fc.assert(
            fc.asyncProperty(
                fc.oneof(viaEntry, callerEntry, grantEntry),
                fc.constantFrom(...contexts),
                async (e, context) => {
                    // Without a set operator on a multivalued key (an array in the context) the simulator
                    // never matches ("set operator is required for a multi-value key", its source); the
                    // evaluator matches as for one value, which over-approximates what an Allow admits:
                    // the pack may flag such a statement, never pass it. Compared where both are defined.
                    fc.pre(/^For(Any|All)Value/.test(e.op) || e.op === "Null" || !Array.isArray(context[e.key]));
                    const doc = keyPolicy({
                        Effect: "Allow",
                        Principal: { AWS: ROLE },
                        Action: "kms:CreateGrant",
                        Resource: "*",
                        Condition: { [e.op]: { [e.key]: e.values } },
                    });
                    // the Root statement is not the caller's: only the tested statement can allow
                    const ours = evaluateCondition(e.op, e.key, e.values, request(context));
                    const theirs = await oracle(doc, ROLE, "kms:CreateGrant", context);
                    assert.strictEqual(
                        ours,
                        theirs === "Allowed",
                        `${JSON.stringify(e)} on ${JSON.stringify(context)}`,
                    );
                },
            ),
            { numRuns: 400, seed: 20261130 },
        );
    });
});
