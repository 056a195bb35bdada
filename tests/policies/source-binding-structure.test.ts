// Issue 22, review H1: the confused-deputy probes used fixed values (an outside account 999988887777, names
// with "probe") that a negated condition can name and exclude. On the dev plan, the alarm topic's
// CloudWatch statement bound by `StringNotEquals aws:SourceAccount 999988887777` + `Null` (both keys present)
// admits every other account's alarms: the IAM simulator allows an alarm of account 444455556666 to publish.
// The rule now asks for a positive source condition naming this account (a negation or Null never binds),
// and probes an account drawn at random per run behind the fixed ones. IAM User Guide, "IAM JSON policy
// elements: Condition operators" (StringNotEquals: "Negated matching") and "The confused deputy problem".
import * as assert from "assert";
import { checkPlan } from "../../tools/lib/analyzer";
import { runOfflinePlan } from "../../tools/lib/offline";
import { Plan } from "../../tools/lib/plan-format";
import { PROBE_ACCOUNT, RUN_PROBE } from "../../policies/lib/access";
import { confusedDeputySourceConditions } from "../../policies/confused-deputy-source-conditions";
import { simulate } from "../support/simulator";
import { editDocument, linesFor, one, run } from "./helpers";

const RULE = confusedDeputySourceConditions.name;
const A = "123456789012";
const O = "444455556666";

describe("confused-deputy-source-conditions: a binding must be positive and name this account", function () {
    this.timeout(120_000);
    let plan: Plan;
    let account: string;
    let region: string;
    before(async () => {
        ({ plan } = await runOfflinePlan({ stack: "dev" }));
        const step = plan.steps.find((s) => s.urn.endsWith("::alarms-topic-policy"))!;
        const doc = JSON.parse(step.newState!.inputs!.policy as string);
        const cw = doc.Statement.find((s: { Sid?: string }) => s.Sid === "CloudWatchAlarmsPublish");
        account = cw.Condition.StringEquals["aws:SourceAccount"];
        region = (doc.Statement[0].Resource as string).split(":")[3];
    });

    const negated = (excluded: string[]) => ({
        StringNotEquals: { "aws:SourceAccount": excluded },
        Null: { "aws:SourceAccount": "false", "aws:SourceArn": "false" },
    });
    const edited = (cond: unknown) =>
        editDocument(plan, "alarms-topic-policy", "policy", (d) => {
            d.Statement.find((s) => s.Sid === "CloudWatchAlarmsPublish")!.Condition = cond;
        });
    const findings = async (p: Plan) =>
        linesFor(await checkPlan(p, { policies: [confusedDeputySourceConditions] }), RULE);

    it("the IAM simulator lets another account's alarm publish under the negated binding", async () => {
        const step = edited(negated([PROBE_ACCOUNT])).steps.find((s) => s.urn.endsWith("::alarms-topic-policy"))!;
        const doc = JSON.parse(step.newState!.inputs!.policy as string);
        const topic = doc.Statement[0].Resource as string;
        const decision = await simulate(
            {
                request: {
                    principal: "cloudwatch.amazonaws.com",
                    action: "sns:Publish",
                    resource: { resource: topic, accountId: account },
                    contextVariables: {
                        "aws:SourceAccount": O,
                        "aws:SourceArn": `arn:aws:cloudwatch:${region}:${O}:alarm:theirs`,
                    },
                },
                identityPolicies: [],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: doc,
            },
            {},
        );
        assert.strictEqual(decision, "Allowed");
    });

    it("is reported on the dev plan (StringNotEquals the probe account + Null): the random account is admitted", async () => {
        assert.deepStrictEqual(await findings(edited(negated([PROBE_ACCOUNT]))), [
            `alarms-topic-policy: policy: statement 0 ("CloudWatchAlarmsPublish"): lets cloudwatch.amazonaws.com act for a resource of an account drawn at random for this run (confused deputy); bind it with StringEquals aws:SourceAccount = ${account} and ArnEquals aws:SourceArn = the ARN of the resource it serves`,
        ]);
    });

    it("is reported when the negation names the random account too: no positive condition names this account", async () => {
        const lines = await findings(edited(negated([PROBE_ACCOUNT, RUN_PROBE.account])));
        assert.strictEqual(lines.length, 1, lines.join("\n"));
        assert.match(
            lines[0],
            new RegExp(
                `statement 0 \\("CloudWatchAlarmsPublish"\\): no positive source condition names this account \\(a StringEquals/StringLike aws:SourceAccount = ${account}, or an ArnEquals/ArnLike aws:SourceArn in account ${account}, without IfExists\\)`,
            ),
        );
    });

    it("an IfExists test of this account does not bind either (a request without the key passes it)", async () => {
        const lines = await findings(
            edited({
                StringEqualsIfExists: { "aws:SourceAccount": account },
                StringNotEquals: { "aws:SourceAccount": [PROBE_ACCOUNT, RUN_PROBE.account] },
                Null: { "aws:SourceAccount": "false" },
            }),
        );
        assert.strictEqual(lines.length, 1, lines.join("\n"));
        assert.match(lines[0], /no positive source condition names this account/);
    });

    it("the dev plan as written passes", async () => {
        assert.deepStrictEqual(await findings(plan), []);
    });

    it("a bucket policy bound by a negation only (fixtures) is reported the same way", async () => {
        const policy = (excluded: string[]) =>
            one("aws:sqs/queuePolicy:QueuePolicy", "qp", {
                queueUrl: `https://sqs.eu-west-2.amazonaws.com/${A}/q`,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "Events",
                            Effect: "Allow",
                            Principal: { Service: "events.amazonaws.com" },
                            Action: "sqs:SendMessage",
                            Resource: `arn:aws:sqs:eu-west-2:${A}:q`,
                            Condition: negated(excluded),
                        },
                    ],
                }),
            });
        const lines = async (excluded: string[]) =>
            linesFor(await run([policy(excluded)], { [RULE]: { accountId: A } }), RULE);
        assert.match((await lines([PROBE_ACCOUNT]))[0], /drawn at random for this run/);
        assert.match((await lines([PROBE_ACCOUNT, RUN_PROBE.account]))[0], /no positive source condition/);
    });

    it("the random probe account is 12 digits, neither the fixed probe account nor this one", () => {
        assert.match(RUN_PROBE.account, /^\d{12}$/);
        assert.notStrictEqual(RUN_PROBE.account, PROBE_ACCOUNT);
        assert.notStrictEqual(RUN_PROBE.account, A);
    });
});
