// The probe's own policy (operatorProbePolicy) on the dev stack's real offline plan: the IAM
// simulator allows every call the probe makes on this stack's resources, the same calls on another
// stack's resources are denied, and nothing the probe does not call is granted.
import * as assert from "assert";
import { checkPlan } from "../../tools/lib/analyzer";
import { Plan } from "../../tools/lib/plan-format";
import { devConfig, planFor, policyOf, resource } from "../support/plan";
import { createValidatedPolicy } from "@cloud-copilot/iam-policy";
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { simulate } from "../support/simulator";

const ACCOUNT = "123456789012";
const REGION = "eu-west-2";
const OPERATOR = `arn:aws:iam::${ACCOUNT}:role/contact-center-operator`;

interface Call {
    action: string;
    resource: string;
    context?: Record<string, string>;
    /** The key policy of a KMS call: a key is used only when its policy lets IAM policies grant it. */
    resourcePolicy?: unknown;
}

async function decision(policy: unknown, c: Call): Promise<string> {
    const simulation = {
        request: {
            principal: OPERATOR,
            action: c.action,
            resource: { resource: c.resource, accountId: ACCOUNT },
            contextVariables: c.context ?? {},
        },
        identityPolicies: [{ name: "probe", policy: policy as Record<string, unknown> }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy as Record<string, unknown> } : {}),
    };
    // runSimulation drops a context key whose variable part follows a colon (it matches variable keys
    // such as aws:PrincipalTag/K on "/" only), so kms:EncryptionContext:aws:kinesis:arn would be ignored
    // and every statement naming it would fail as "missing"; the unchecked entry point evaluates the
    // request context as given (the key is valid: Service Authorization Reference, AWS KMS,
    // kms:EncryptionContext:${EncryptionContextKey}).
    // That entry point loads a resource policy only as a validated policy with a name (it reads its
    // metadata), so the key policy is passed in that form.
    if (Object.keys(c.context ?? {}).some((k) => /^kms:EncryptionContext:/i.test(k)))
        return runUnsafeSimulation(
            {
                ...simulation,
                ...(c.resourcePolicy
                    ? {
                          resourcePolicy: createValidatedPolicy(c.resourcePolicy, () => [], {
                              name: "key policy",
                          }) as any,
                      }
                    : {}),
            },
            {},
        );
    return simulate(simulation, {});
}

describe("doctor --probe: its least-privilege policy (IAM simulator, dev plan)", () => {
    let plan: Plan;
    let outputs: Record<string, any>;
    let policy: any;
    before(async function () {
        this.timeout(120_000);
        plan = await planFor(devConfig());
        outputs = plan.outputs as Record<string, any>;
        policy = policyOf(resource(plan, "aws:iam/policy:Policy", "operator-probe"));
    });

    /** Every call the probe makes on the dev stack (tools/doctor/probe/probe.ts), with the resource it authorizes against. */
    function probeCalls(o: Record<string, any>): Call[] {
        const domain = o.domainArn as string;
        const viaProfile = { "kms:ViaService": `profile.${REGION}.amazonaws.com` };
        // Kinesis sends the stream ARN as encryption context aws:kinesis:arn in every KMS call (Kinesis
        // Developer Guide, "Permissions to use user-generated KMS keys").
        const viaKinesis = {
            "kms:ViaService": `kinesis.${REGION}.amazonaws.com`,
            "kms:EncryptionContext:aws:kinesis:arn": o.profileExportStreamArn as string,
        };
        const alarm = o.integrations.deadLetterAlarmArn as string;
        const flows = [...o.integrations.flowNames, o.salesforceTasks.flowName].map(
            (n: string) => `arn:aws:appflow:${REGION}:${ACCOUNT}:flow/${n}`,
        );
        return [
            ...["cloudwatch:DescribeAlarms", "cloudwatch:SetAlarmState", "cloudwatch:DescribeAlarmHistory"].map(
                (action) => ({ action, resource: alarm }),
            ),
            { action: "cloudwatch:GetMetricStatistics", resource: "*" },
            { action: "profile:GetEventStream", resource: o.profileEventStreamArn },
            { action: "profile:GetEventStream", resource: domain },
            { action: "profile:CreateProfile", resource: domain },
            { action: "profile:DeleteProfile", resource: domain },
            {
                action: "kms:GenerateDataKey",
                resource: o.keyArn,
                context: viaProfile,
                resourcePolicy: o.keys.domain.policy,
            },
            { action: "kms:Decrypt", resource: o.keyArn, context: viaProfile, resourcePolicy: o.keys.domain.policy },
            ...["kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"].map((action) => ({
                action,
                resource: o.profileExportStreamArn,
            })),
            {
                action: "kms:Decrypt",
                resource: o.keys["profile-export"].arn,
                context: viaKinesis,
                resourcePolicy: o.keys["profile-export"].policy,
            },
            ...flows.flatMap((f) =>
                ["appflow:DescribeFlow", "appflow:DescribeFlowExecutionRecords"].map((action) => ({
                    action,
                    resource: f,
                })),
            ),
            { action: "profile:ListWorkflows", resource: domain },
        ];
    }

    it("allows every call the probe makes on this stack's resources", async () => {
        assert.ok(outputs.integrations.deadLetterAlarmArn, "the dev stack has a dead-letter alarm for the probe");
        for (const c of probeCalls(outputs))
            assert.strictEqual(await decision(policy, c), "Allowed", JSON.stringify(c));
    });

    it("denies the same calls on another stack's resources (another domain, alarm, stream, key, flow)", async () => {
        const other = (s: string) =>
            s
                .replace(/amazon-connect-examplecorp-dev/g, "amazon-connect-examplecorp-prod")
                .replace(/integration-monitoring-dlq-messages-[0-9a-f]+/, "integration-monitoring-dlq-messages-0000000")
                .replace(/key\/[0-9a-f-]+/, "key/99999999-9999-9999-9999-999999999999");
        for (const c of probeCalls(outputs).filter((x) => x.resource !== "*")) {
            const moved = { ...c, resource: other(c.resource) };
            assert.notStrictEqual(moved.resource, c.resource, JSON.stringify(c));
            assert.strictEqual(await decision(policy, moved), "ImplicitlyDenied", JSON.stringify(moved));
        }
    });

    it("denies the keys outside their service, and what the probe never calls (delete a stream, put records, start a flow, delete an alarm)", async () => {
        const o = outputs;
        const denied: Call[] = [
            { action: "kms:Decrypt", resource: o.keyArn },
            {
                action: "kms:Decrypt",
                resource: o.keys["profile-export"].arn,
                context: { "kms:ViaService": `s3.${REGION}.amazonaws.com` },
            },
            // The export key through Kinesis, but for another stream (its encryption context).
            {
                action: "kms:Decrypt",
                resource: o.keys["profile-export"].arn,
                context: {
                    "kms:ViaService": `kinesis.${REGION}.amazonaws.com`,
                    "kms:EncryptionContext:aws:kinesis:arn": o.streaming.support.contactRecordsStreamArn,
                },
                resourcePolicy: o.keys["profile-export"].policy,
            },
            { action: "kinesis:DeleteStream", resource: o.profileExportStreamArn },
            { action: "kinesis:PutRecord", resource: o.profileExportStreamArn },
            { action: "kinesis:GetRecords", resource: o.streaming.support.contactRecordsStreamArn },
            {
                action: "appflow:StartFlow",
                resource: `arn:aws:appflow:${REGION}:${ACCOUNT}:flow/${o.integrations.flowNames[0]}`,
            },
            { action: "cloudwatch:DeleteAlarms", resource: o.integrations.deadLetterAlarmArn },
            { action: "cloudwatch:SetAlarmState", resource: Object.values(o.silentStopAlarmArns)[0] as string },
            { action: "profile:DeleteDomain", resource: o.domainArn },
            { action: "profile:SearchProfiles", resource: o.domainArn },
        ];
        for (const c of denied) assert.strictEqual(await decision(policy, c), "ImplicitlyDenied", JSON.stringify(c));
    });

    it("is exported for operators (operatorPolicies.probe, probePolicyArn), and the pack passes it", async () => {
        assert.deepStrictEqual(outputs.operatorPolicies.probe, policy);
        assert.match(outputs.operatorPolicies.probePolicyArn, /^arn:aws:iam::\d{12}:policy\//);
        const report = await checkPlan(plan, {});
        assert.deepStrictEqual(
            report.violations.filter((v) => /operator-probe/.test(v.urn ?? "")),
            [],
        );
    });
});
