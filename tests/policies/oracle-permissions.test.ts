// The IAM simulator as the oracle for the Lambda permission labels of tests/policies/variants-permissions.ts
// (issue 22): the statement Lambda writes for each permission (lib/documents.ts lambdaPermissionDocument) is
// given to @cloud-copilot/iam-simulate as the function's resource policy, and the attacker's call — the
// service invoking the function for a resource of another account — is simulated. Where the pack reports a
// violation the simulator allows that call; where it passes, the simulator denies it. (The simulator does not
// evaluate OIDC-provider principals in a trust policy, so the subject labels rest on GitHub's and IAM's pages.)
import * as assert from "assert";
import { lambdaPermissionDocument } from "../../policies/lib/documents";
import { confusedDeputySourceConditions } from "../../policies/confused-deputy-source-conditions";
import { simulate } from "../support/simulator";
import { linesFor, logDeliveryPlan, logDeliveryPolicy, one, run } from "./helpers";

const A = "123456789012";
const O = "444455556666";
const FN = `arn:aws:lambda:eu-west-2:${A}:function:handler`;

/** The attacker's call: the service invokes the function for a resource of account O. */
async function attackerCall(inputs: Record<string, string>, source: { arn: string; account: string }): Promise<string> {
    const doc = lambdaPermissionDocument("aws:lambda/permission:Permission", {
        function: FN,
        action: "lambda:InvokeFunction",
        ...inputs,
    }) as Record<string, unknown>;
    return simulate(
        {
            request: {
                principal: inputs.principal,
                action: "lambda:InvokeFunction",
                resource: { resource: FN, accountId: A },
                contextVariables: { "aws:SourceArn": source.arn, "aws:SourceAccount": source.account },
            },
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: doc,
        },
        {},
    );
}

describe("oracle: Lambda permissions, the attacker's call through the IAM simulator", function () {
    this.timeout(60_000);
    const cases: [string, Record<string, string>, { arn: string; account: string }, boolean][] = [
        [
            "sns without sourceArn: another account's topic",
            { principal: "sns.amazonaws.com" },
            { arn: `arn:aws:sns:eu-west-2:${O}:t`, account: O },
            true,
        ],
        [
            "s3 with the bucket ARN only: the same bucket name owned by another account",
            { principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::b" },
            { arn: "arn:aws:s3:::b", account: O },
            true,
        ],
        [
            "events with a rule ARN in any account",
            { principal: "events.amazonaws.com", sourceArn: `arn:aws:events:eu-west-2:*:rule/r` },
            { arn: `arn:aws:events:eu-west-2:${O}:rule/r`, account: O },
            true,
        ],
        [
            "s3 bound to the bucket and this account",
            { principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::b", sourceAccount: A },
            { arn: "arn:aws:s3:::b", account: O },
            false,
        ],
        [
            "sns bound to a topic of this account",
            { principal: "sns.amazonaws.com", sourceArn: `arn:aws:sns:eu-west-2:${A}:t` },
            { arn: `arn:aws:sns:eu-west-2:${O}:t`, account: O },
            false,
        ],
    ];
    for (const [name, inputs, source, insecure] of cases) {
        it(`${insecure ? "allowed and reported" : "denied and passed"}: ${name}`, async () => {
            const decision = await attackerCall(inputs, source);
            assert.strictEqual(decision, insecure ? "Allowed" : "ImplicitlyDenied");
            const report = await run(
                [
                    one("aws:lambda/permission:Permission", "perm", {
                        function: FN,
                        action: "lambda:InvokeFunction",
                        ...inputs,
                    }),
                ],
                { [confusedDeputySourceConditions.name]: { accountId: A } },
            );
            assert.strictEqual(linesFor(report, confusedDeputySourceConditions.name).length, insecure ? 1 : 0);
        });
    }
});

describe("oracle: server access logs, the logging service's call through the IAM simulator", function () {
    this.timeout(60_000);
    // The statement of the data bucket's log delivery, copied onto another bucket's policy: the simulator
    // lets logging.s3.amazonaws.com put objects there for the data bucket, so the copy is a live grant the
    // data bucket's logging configuration (which delivers to logs-bucket) never needs.
    const policy = (bucket: string) => logDeliveryPolicy(A, bucket, "data-bucket");
    const put = (bucket: string, source: string) =>
        simulate(
            {
                request: {
                    principal: "logging.s3.amazonaws.com",
                    action: "s3:PutObject",
                    resource: { resource: `arn:aws:s3:::${bucket}/p/log`, accountId: A },
                    contextVariables: { "aws:SourceArn": source, "aws:SourceAccount": A },
                },
                identityPolicies: [],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: policy(bucket),
            },
            {},
        );

    // The pack on the same statement (review L2): on the policy of the bucket the data bucket logs to it
    // passes; on another bucket's policy (a live grant no logging needs, the simulator says) it reports.
    const plan = (holder: "logs" | "other") => logDeliveryPlan(holder, policy(`${holder}-bucket`));
    const verdict = async (holder: "logs" | "other") =>
        linesFor(
            await run(plan(holder), { [confusedDeputySourceConditions.name]: { accountId: A } }),
            confusedDeputySourceConditions.name,
        );

    for (const [holder, reported] of [
        ["other", true],
        ["logs", false],
    ] as const) {
        it(`${holder}-bucket: the simulator admits the data bucket's delivery and no other source; the pack ${reported ? "reports" : "passes"}`, async () => {
            assert.strictEqual(await put(`${holder}-bucket`, "arn:aws:s3:::data-bucket"), "Allowed");
            assert.strictEqual(await put(`${holder}-bucket`, "arn:aws:s3:::another-bucket"), "ImplicitlyDenied");
            const lines = await verdict(holder);
            assert.strictEqual(lines.length, reported ? 1 : 0, lines.join("\n"));
            if (reported) assert.match(lines[0], /which logs to another bucket, not to this one/);
        });
    }
});
