// Property test (fast-check) of the TLS-only judgement (policies/lib/storage.ts plainHttpAdmitted, used by
// transport-tls-only) against the IAM evaluation oracle @cloud-copilot/iam-simulate (AGPL, test-only):
// over generated Deny statements (aws:SecureTransport under Bool, BoolIfExists and Null with either value,
// extra conditions on aws:PrincipalAccount or a key the caller chooses, narrowed actions and principals),
// whenever the pack says every plain-HTTP request to the queue is denied, the oracle explicitly denies a
// plain-HTTP SendMessage and ReceiveMessage from a role of this account and from a role of another account.
import * as assert from "assert";
import fc from "fast-check";
import { simulate } from "../support/simulator";
import { parsePolicyDocument } from "../../policies/lib/documents";
import { plainHttpAdmitted } from "../../policies/lib/storage";

const ACCOUNT = "123456789012";
const OTHER = "444455556666";
const REGION = "eu-west-2";
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq`;
const CTX = { account: ACCOUNT, region: REGION, trusted: [] };

const transportCondition = fc.record({
    op: fc.constantFrom("Bool", "BoolIfExists", "Null"),
    value: fc.constantFrom("true", "false"),
});
const extraCondition = fc.option(
    fc.oneof(
        fc.record({
            op: fc.constantFrom("StringEquals", "StringNotEquals"),
            key: fc.constant("aws:PrincipalAccount"),
            value: fc.constantFrom(ACCOUNT, OTHER),
        }),
        fc.record({
            op: fc.constant("StringNotEquals"),
            key: fc.constant("aws:SourceVpce"),
            value: fc.constant("vpce-0a1b2c3d4e5f60718"),
        }),
    ),
    { nil: undefined },
);
const denyStatement = fc.record({
    transport: transportCondition,
    extra: extraCondition,
    action: fc.constantFrom("sqs:*", "*", "sqs:SendMessage", "sqs:Receive*", ["sqs:SendMessage", "sqs:ReceiveMessage"]),
    principal: fc.constantFrom<unknown>("*", { AWS: "*" }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }),
});

function statement(d: {
    transport: { op: string; value: string };
    extra?: { op: string; key: string; value: string };
    action: string | string[];
    principal: unknown;
}) {
    const condition: Record<string, Record<string, string>> = {
        [d.transport.op]: { "aws:SecureTransport": d.transport.value },
    };
    if (d.extra) {
        condition[d.extra.op] = { ...(condition[d.extra.op] ?? {}), [d.extra.key]: d.extra.value };
    }
    return { Effect: "Deny", Principal: d.principal, Action: d.action, Resource: QUEUE_ARN, Condition: condition };
}

async function decision(doc: unknown, account: string, action: string): Promise<string> {
    return simulate(
        {
            request: {
                principal: `arn:aws:iam::${account}:role/probe`,
                action,
                resource: { resource: QUEUE_ARN, accountId: ACCOUNT },
                contextVariables: { "aws:SecureTransport": "false" },
            },
            // The caller's own policy allows everything: only the queue policy's Deny can stop it.
            identityPolicies: [
                {
                    name: "all",
                    policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
                },
            ],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: doc as never,
        },
        {},
    );
}

describe("oracle property: what transport-tls-only calls TLS-only, IAM denies over plain HTTP", function () {
    this.timeout(120000);

    it("the oracle itself: without the Deny a plain-HTTP request is allowed, with it explicitly denied", async () => {
        const allow = {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
            Action: "sqs:*",
            Resource: QUEUE_ARN,
        };
        const deny = statement({ transport: { op: "Bool", value: "false" }, action: "sqs:*", principal: "*" });
        assert.strictEqual(
            await decision({ Version: "2012-10-17", Statement: [allow] }, OTHER, "sqs:SendMessage"),
            "Allowed",
        );
        assert.strictEqual(
            await decision({ Version: "2012-10-17", Statement: [allow, deny] }, OTHER, "sqs:SendMessage"),
            "ExplicitlyDenied",
        );
    });

    it("judged denied ⇒ the oracle explicitly denies plain-HTTP requests from this and another account", async () => {
        let judgedDenied = 0;
        let judgedAdmitted = 0;
        await fc.assert(
            fc.asyncProperty(fc.array(denyStatement, { minLength: 1, maxLength: 3 }), async (ds) => {
                const doc = {
                    Version: "2012-10-17",
                    Statement: [
                        // Another account is allowed in by the queue policy, so a missing Deny shows as Allowed.
                        {
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
                            Action: "sqs:*",
                            Resource: QUEUE_ARN,
                        },
                        ...ds.map(statement),
                    ],
                };
                const admitted = plainHttpAdmitted("queue", QUEUE_ARN, parsePolicyDocument(doc).statements, CTX, OTHER);
                if (admitted.length > 0) {
                    judgedAdmitted++;
                    return;
                }
                judgedDenied++;
                for (const account of [ACCOUNT, OTHER]) {
                    for (const action of ["sqs:SendMessage", "sqs:ReceiveMessage"]) {
                        const d = await decision(doc, account, action);
                        assert.strictEqual(
                            d,
                            "ExplicitlyDenied",
                            `${action} by account ${account} over HTTP: ${d} for ${JSON.stringify(ds.map(statement))}`,
                        );
                    }
                }
            }),
            { numRuns: 200, seed: 20261130 },
        );
        assert.ok(judgedDenied > 0 && judgedAdmitted > 0, `denied ${judgedDenied}, admitted ${judgedAdmitted}`);
    });
});
