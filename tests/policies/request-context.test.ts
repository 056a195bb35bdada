// What the probes put in a request context, where the IAM User Guide says it ("AWS global condition
// context keys", current page): aws:PrincipalAccount "is included in the request context for all
// requests, including anonymous requests", and "for anonymous requests, the request context returns
// anonymous". The probes used to leave the key out of a service principal's and an anonymous caller's
// request; each case below was judged the other way then.
import * as assert from "assert";
import { parsePolicyDocument } from "../../policies/lib/documents";
import { admits, admitsIn, PROBE_ACCOUNT, serviceProbe } from "../../policies/lib/access";
import { linesFor, one, run } from "./helpers";
import * as D from "../fixtures/policies/documents";

const ACCOUNT = "111122223333";
const statements = (...s: unknown[]) => parsePolicyDocument({ Version: "2012-10-17", Statement: s }).statements;
const eventsProbe = () =>
    serviceProbe(
        "events.amazonaws.com",
        { account: PROBE_ACCOUNT, arn: `arn:aws:events:eu-west-2:${PROBE_ACCOUNT}:rule/r` },
        "another account's rule",
        ACCOUNT,
    );
const allowEvents = (condition: unknown) => ({
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: "sqs:SendMessage",
    Resource: "*",
    Condition: condition,
});

describe("request context: aws:PrincipalAccount in a service principal's request", () => {
    it("a service statement bound only by aws:PrincipalAccount StringLike * admits a service acting for another account", () => {
        // Absent key: StringLike is false, the statement looked bound. Present (every request): it holds.
        const [s] = statements(allowEvents({ StringLike: { "aws:PrincipalAccount": "*" } }));
        assert.equal(admits(s, eventsProbe()), true);
    });

    it("Null aws:PrincipalAccount false (the key must exist) does not keep a service out", () => {
        const [s] = statements(allowEvents({ Null: { "aws:PrincipalAccount": "false" } }));
        assert.equal(admits(s, eventsProbe()), true);
    });

    it("still admitted under the absent reading: StringEqualsIfExists this account (the value for a service is not documented)", () => {
        const [s] = statements(allowEvents({ StringEqualsIfExists: { "aws:PrincipalAccount": ACCOUNT } }));
        assert.equal(admits(s, eventsProbe()), true);
    });

    it("the key is seen however it is written: any case, or as the policy variable ${aws:PrincipalAccount}", () => {
        // Only statements that name the key are judged on its second reading (policies/lib/access.ts,
        // readingsFor): each form below must still be recognised.
        const [lower] = statements(allowEvents({ StringLike: { "AWS:principalaccount": "*" } }));
        assert.equal(admits(lower, eventsProbe()), true);
        const [variable] = statements(allowEvents({ StringLike: { "aws:SourceArn": "*:${aws:PrincipalAccount}:*" } }));
        // The variable resolves only in the reading that has the key; there it matches no account (a
        // service's value), so the statement stays bound: the same answer as before the shortcut.
        assert.equal(admits(variable, eventsProbe()), false);
        const [unrelated] = statements(allowEvents({ StringLike: { "aws:SourceAccount": "*" } }));
        assert.equal(admits(unrelated, eventsProbe()), true);
    });

    it("bound either way: aws:SourceAccount = this account (the documented binding)", () => {
        const [s] = statements(allowEvents({ StringEquals: { "aws:SourceAccount": ACCOUNT } }));
        assert.equal(admits(s, eventsProbe()), false);
    });

    it("a Deny on Null aws:PrincipalAccount true no longer counts against a service: the key is in its request", () => {
        const all = statements(allowEvents({}), {
            Effect: "Deny",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: "*",
            Condition: { Null: { "aws:PrincipalAccount": "true" } },
        });
        assert.equal(admitsIn(all, all[0], eventsProbe()), true);
    });
});

describe("request context: aws:PrincipalAccount is 'anonymous' in an anonymous request (transport-tls-only)", () => {
    it("a TLS Deny narrowed to requests without aws:PrincipalAccount leaves anonymous plain-HTTP requests through", async () => {
        const key = one(
            "aws:kms/key:Key",
            "k",
            { enableKeyRotation: true, policy: JSON.stringify(D.keyPolicy()) },
            { outputs: { arn: D.KEY_ARN, keyId: D.KEY_ID } },
        );
        const queue = one(
            "aws:sqs/queue:Queue",
            "q",
            { kmsMasterKeyId: D.KEY_ARN },
            { outputs: { arn: D.QUEUE_ARN, url: D.QUEUE_URL } },
        );
        const policy = one("aws:sqs/queuePolicy:QueuePolicy", "q-policy", {
            queueUrl: D.QUEUE_URL,
            policy: JSON.stringify(
                D.doc({
                    ...D.tlsOnly("sqs", "x"),
                    Sid: "AnonymousOnly",
                    Resource: D.QUEUE_ARN,
                    Condition: { Bool: { "aws:SecureTransport": "false" }, Null: { "aws:PrincipalAccount": "true" } },
                }),
            ),
        });
        // 4 actions × 3 callers (this account, another account, anonymous) = 3 shown and 9 more. With the key
        // absent for an anonymous caller, the Deny counted for it: "and 5 more".
        assert.deepStrictEqual(linesFor(await run([key, queue, policy]), "transport-tls-only"), [
            'q: queue q: plain-HTTP requests (aws:SecureTransport "false") are not denied: sqs:SendMessage by a role of this account; sqs:ReceiveMessage by a role of this account; sqs:DeleteMessage by a role of this account and 9 more; add a statement that denies sqs:* to Principal "*" on it when aws:SecureTransport is "false"',
        ]);
    });
});
