// Stack rules during a first preview: an unknown value anywhere in the plan (here the alarm topic's ARN
// in a CloudWatch alarm's `alarmActions` list) must not stop a stack rule from judging the documents
// the plan does show. The policy SDK's unknown values throw when read (@pulumi/policy
// UnknownValueError); reading an array element that is unknown used to throw out of the rule, which
// the analyzer then reported as "can't run policy … during preview" (advisory) for the whole stack,
// so an insecure policy added in the same pull request passed the gate.
import * as assert from "assert";
import { checkPlan } from "../../tools/lib/analyzer";
import { runOfflinePlan } from "../../tools/lib/offline";
import { Plan } from "../../tools/lib/plan-format";
import { policies } from "../../policies/pack";
import { ACCOUNT, addResource, OTHER, REGION } from "./variants";

const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:handmade`;
const queuePolicy = (statement: Record<string, unknown>) =>
    addResource("aws:sqs/queuePolicy:QueuePolicy", "handmade-policy", {
        queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/handmade`,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
    });

describe("stack rules judge what a first preview shows (an unknown list element elsewhere)", function () {
    let preview: Plan;
    before(async () => {
        preview = (await runOfflinePlan({ stack: "dev", preview: true })).plan;
    });

    const judge = async (plan: Plan, name: string) => {
        const policy = policies.find((p) => p.name === name)!;
        const report = await checkPlan(plan, { policies: [policy] });
        return {
            mandatory: report.violations
                .filter((v) => v.enforcementLevel === "mandatory")
                .map((v) => `${v.resourceName}: ${v.detail}`),
            cannotRun: report.unknown.map((v) => v.detail).filter((d) => /can't be known during preview/.test(d)),
        };
    };

    it("the dev preview holds an unknown alarmActions element (the case this spec is about)", () => {
        const alarm = preview.steps.find((s) => s.newState?.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        assert.ok(alarm, "an alarm in the dev plan");
        const actions = alarm.newState!.inputs.alarmActions as unknown[];
        assert.ok(actions.some((a) => typeof a === "string" && a === "04da6b54-80e4-46f7-96ec-b56ff0331ba9"));
    });

    for (const name of ["other-accounts", "confused-deputy-source-conditions", "customer-profiles-domain-protection"]) {
        it(`${name} runs (no "can't be known during preview")`, async () => {
            assert.deepStrictEqual((await judge(preview, name)).cannotRun, []);
        });
    }

    it("other-accounts: a queue policy letting another account's root send is mandatory in the preview", async () => {
        const plan = queuePolicy({
            Sid: "LetPartnerSend",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
            Action: "sqs:SendMessage",
            Resource: QUEUE_ARN,
        })(preview);
        const { mandatory } = await judge(plan, "other-accounts");
        assert.strictEqual(mandatory.length, 1, mandatory.join("\n"));
        assert.match(mandatory[0], /handmade-policy/);
        assert.match(mandatory[0], new RegExp(OTHER));
    });

    it("confused-deputy-source-conditions: an unbound service statement is mandatory in the preview", async () => {
        const plan = queuePolicy({
            Sid: "LetEventsSend",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: QUEUE_ARN,
        })(preview);
        const { mandatory } = await judge(plan, "confused-deputy-source-conditions");
        assert.strictEqual(mandatory.length, 1, mandatory.join("\n"));
        assert.match(mandatory[0], /handmade-policy/);
    });
});
