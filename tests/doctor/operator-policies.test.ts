// The operator's two IAM policies: exact documents from the dev stack's real offline plan, created as
// customer managed policies the pack judges, and exported as stack outputs for `npm run doctor`.
import * as assert from "assert";
import { checkPlan } from "../../tools/lib/analyzer";
import { Plan } from "../../tools/lib/plan-format";
import { ACCOUNT, devConfig, minimalConfig, planFor, policyOf, REGION, resource, ofType } from "../support/plan";
import { operatorChecksPolicy, operatorReingestPolicy } from "../../components/monitoring/operator-policies";
import { parseOutputs } from "../../tools/doctor/outputs";

const ctx = { partition: "aws", accountId: ACCOUNT, region: REGION };
const domain = `arn:aws:profile:${REGION}:${ACCOUNT}:domains/D`;
const key = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-1111-1111-1111-111111111111`;
const queue = `arn:aws:sqs:${REGION}:${ACCOUNT}:dlq`;
const minimal = {
    domainName: "D",
    domainKeyArn: key,
    deadLetterQueueArn: queue,
    keyArns: [key],
    flowNames: [],
    instanceArns: [],
    ruleArns: [],
    eventStreamNames: [],
    kinesisStreamArns: [],
    deliveryStreamArns: [],
};

describe("operator policies (doctor)", () => {
    let dev: Plan;
    before(async () => {
        dev = await planFor(devConfig());
    });

    it("checks policy of a domain with only a key and a queue: read calls on exactly those ARNs", () => {
        assert.deepStrictEqual(operatorChecksPolicy(ctx, minimal), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ReadProfileDomain",
                    Effect: "Allow",
                    Action: [
                        "profile:GetDomain",
                        "profile:ListWorkflows",
                        "profile:GetWorkflow",
                        "profile:GetWorkflowSteps",
                    ],
                    Resource: domain,
                },
                {
                    Sid: "ReadStackKeys",
                    Effect: "Allow",
                    Action: ["kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy"],
                    Resource: key,
                },
                {
                    Sid: "PeekDeadLetterQueue",
                    Effect: "Allow",
                    Action: ["sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
                    Resource: queue,
                },
                {
                    Sid: "DecryptDeadLetterMessagesThroughSqs",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: key,
                    Condition: { StringEquals: { "kms:ViaService": `sqs.${REGION}.amazonaws.com` } },
                },
            ],
        });
    });

    it("re-ingestion policy: receive and delete on the queue, PutProfileObject on the domain, the key only through each service", () => {
        assert.deepStrictEqual(operatorReingestPolicy(ctx, minimal), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ReadAndDeleteDeadLetterMessages",
                    Effect: "Allow",
                    Action: [
                        "sqs:GetQueueAttributes",
                        "sqs:ReceiveMessage",
                        "sqs:ChangeMessageVisibility",
                        "sqs:DeleteMessage",
                    ],
                    Resource: queue,
                },
                {
                    Sid: "DecryptDeadLetterMessagesThroughSqs",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: key,
                    Condition: { StringEquals: { "kms:ViaService": `sqs.${REGION}.amazonaws.com` } },
                },
                {
                    Sid: "PutProfileObjectsIntoThisDomain",
                    Effect: "Allow",
                    Action: "profile:PutProfileObject",
                    Resource: [domain, `${domain}/object-types/*`],
                },
                {
                    Sid: "UseDomainKeyThroughCustomerProfiles",
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: key,
                    Condition: { StringEquals: { "kms:ViaService": `profile.${REGION}.amazonaws.com` } },
                },
            ],
        });
        assert.strictEqual(operatorReingestPolicy(ctx, { ...minimal, deadLetterQueueArn: undefined }), undefined);
    });

    it("the dev stack creates both as customer managed policies, exports them, and the pack passes them", async () => {
        const checks = resource(dev, "aws:iam/policy:Policy", "operator-checks");
        const reingest = resource(dev, "aws:iam/policy:Policy", "operator-reingest");
        const outputs = dev.outputs as Record<string, any>;
        assert.deepStrictEqual(policyOf(checks), outputs.operatorPolicies.checks);
        assert.deepStrictEqual(policyOf(reingest), outputs.operatorPolicies.reingest);
        const sids = outputs.operatorPolicies.checks.Statement.map((s: { Sid: string }) => s.Sid);
        assert.deepStrictEqual(sids, [
            "ReadProfileDomain",
            "ReadProfileEventStreams",
            "ReadStackKeys",
            "PeekDeadLetterQueue",
            "DecryptDeadLetterMessagesThroughSqs",
            "ReadStackFlows",
            "ReadSalesforceEventSourceAndBus",
            "ReadSalesforceEventIntegration",
            "ReadConnectInstances",
            "ReadConnectRules",
            "ReadStackStreams",
            "ReadStackDeliveryStreams",
            "ReadAuditTrailStatus",
        ]);
        // The audit trail's status, on that trail only (CloudTrail API Reference, GetTrailStatus).
        assert.deepStrictEqual(
            outputs.operatorPolicies.checks.Statement.find((s: { Sid: string }) => s.Sid === "ReadAuditTrailStatus"),
            {
                Sid: "ReadAuditTrailStatus",
                Effect: "Allow",
                Action: "cloudtrail:GetTrailStatus",
                Resource: outputs.auditTrail.trailArn,
            },
        );
        // Every key of the stack the doctor reads, and no action outside the read-only set.
        const keys = outputs.operatorPolicies.checks.Statement.find((s: { Sid: string }) => s.Sid === "ReadStackKeys");
        assert.deepStrictEqual(
            [...keys.Resource].sort(),
            Object.values(outputs.keys as Record<string, { arn: string }>)
                .map((k) => k.arn)
                .sort(),
        );
        const report = await checkPlan(dev, {});
        const onOperator = report.violations.filter((v) => /operator-/.test(v.urn ?? ""));
        assert.deepStrictEqual(onOperator, []);
    });

    it("the doctor reads every output the dev stack exports (its outputs schema follows index.ts)", () => {
        const inv = parseOutputs(dev.outputs, "of the dev plan");
        assert.deepStrictEqual([inv.account, inv.region, inv.partition], [ACCOUNT, REGION, "aws"]);
        assert.deepStrictEqual(Object.keys(inv.outputs.keys ?? {}), [
            "domain",
            "streaming/support",
            "streaming/sales",
            "profile-export",
            "audit-trail",
        ]);
        assert.deepStrictEqual(Object.keys(inv.outputs.auditTrail ?? {}), [
            "trailArn",
            "bucketName",
            "accessLogBucketName",
            "keyArn",
        ]);
    });

    it("a stack without a dead-letter queue gets no re-ingestion policy and no queue statement (the probe's policy still)", async () => {
        const plan = await planFor(minimalConfig({ "connect-customer-profiles:deadLetterQueue": false }));
        const policies = ofType(plan, "aws:iam/policy:Policy").map((p) => p.urn.split("::").pop());
        assert.deepStrictEqual(policies, ["operator-checks", "operator-probe"]);
        const doc = policyOf(resource(plan, "aws:iam/policy:Policy", "operator-checks"));
        assert.ok(!JSON.stringify(doc).includes("sqs:"), JSON.stringify(doc));
        assert.strictEqual((plan.outputs as Record<string, any>).operatorPolicies.reingest, undefined);
    });
});
