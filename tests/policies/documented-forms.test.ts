// The registry of documented forms (policies/lib/documented-forms.ts) and the rule that reads it
// (service-statements-documented), on the dev plan and on the single edits that put back the guesses
// issue 19 found: a condition key AWS does not document the caller sending never matches if the
// request lacks it, and the service fails silently.
import { strict as assert } from "assert";
import { checkPlan } from "../../tools/lib/analyzer";
import { runOfflinePlan } from "../../tools/lib/offline";
import { devConfigWithoutBootstrap } from "../support/plan";
import { Plan } from "../../tools/lib/plan-format";
import { DOCUMENTED_FORMS, formsFor, FormKind, resourceKindOf } from "../../policies/lib/documented-forms";
import { serviceStatementFindings } from "../../policies/service-statements-documented";
import { EditedDocument, editDocument, linesFor, one, run } from "./helpers";
import { simulate } from "../support/simulator";

const RULE = "service-statements-documented";
const ACCOUNT = "123456789012";

type Doc = EditedDocument;

/** Every service-principal statement of a plan, with the registry entries it matches. */
function serviceStatements(plan: Plan): { resource: string; sid: string; principal: string; forms: string[] }[] {
    const out: { resource: string; sid: string; principal: string; forms: string[] }[] = [];
    for (const step of plan.steps) {
        const st = step.newState;
        if (!st?.custom) continue;
        const name = step.urn.split("::").pop()!;
        for (const key of ["policy", "assumeRolePolicy"]) {
            const raw = st.inputs[key];
            if (typeof raw !== "string") continue;
            const doc = JSON.parse(raw) as Doc;
            for (const s of doc.Statement) {
                const services = s.Principal?.Service;
                if (!services) continue;
                const actions: string[] = [s.Action].flat();
                const kind: FormKind | undefined =
                    key === "assumeRolePolicy"
                        ? "trust"
                        : st.type === "aws:kms/key:Key"
                          ? "key"
                          : resourceKindOf(actions);
                for (const principal of [services].flat() as string[])
                    out.push({
                        resource: name,
                        sid: s.Sid,
                        principal,
                        forms: kind ? formsFor(principal, kind, actions).map((f) => f.id) : [],
                    });
            }
        }
    }
    return out;
}

const edit = editDocument;

describe("documented forms: the registry and service-statements-documented", function () {
    this.timeout(180_000);
    let plan: Plan;
    before(async () => {
        plan = (await runOfflinePlan({ stack: "dev", config: devConfigWithoutBootstrap() })).plan;
    });

    it("every entry names its page (title, AWS URL), quotes it and says what the search tool confirmed; entries without a binding say what protects them", () => {
        for (const f of DOCUMENTED_FORMS) {
            assert.match(f.page.url, /^https:\/\/(docs\.aws\.amazon\.com|repost\.aws\/knowledge-center)\//, f.id);
            assert.ok(f.page.title.length > 10 && f.quote.length > 20, f.id);
            assert.ok(f.checked.length > 20, `${f.id}: checked`);
            if (f.binding === "none" || f.binding === "source-account")
                assert.ok(f.protectedBy, `${f.id}: protectedBy`);
        }
        assert.equal(new Set(DOCUMENTED_FORMS.map((f) => f.id)).size, DOCUMENTED_FORMS.length);
    });

    // Issue 19 review 5: an entry whose page was not found and quoted records what the program uses; the
    // coverage below tells the two apart instead of counting a recorded entry as documented.
    it("documented entries and recorded ones (no page quoted: what the program uses) are told apart", () => {
        const recorded = DOCUMENTED_FORMS.filter((f) => f.evidence === "recorded");
        assert.deepEqual(
            recorded.map((f) => f.id),
            ["appflow-connector-secret-key"],
        );
        for (const f of recorded)
            assert.match(f.unsettled ?? "", /^not documented: records what the program uses/, f.id);
        const verified = DOCUMENTED_FORMS.filter((f) => /^Verified with the search tool/.test(f.checked)).map(
            (f) => f.id,
        );
        assert.deepEqual(verified, ["profile-export-key", "cloudwatch-alarm-topic", "config-custom-rule-function"]);
        // The alarm topic's source is the Knowledge Center article (no CloudWatch "Confused deputy prevention" page was found).
        const alarm = DOCUMENTED_FORMS.find((f) => f.id === "cloudwatch-alarm-topic")!;
        assert.equal(alarm.page.url, "https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger");
        assert.match(alarm.quote, /uses the ArnLike condition operator and the aws:SourceArn global condition key/);
    });

    it("every service-principal statement of the dev plan matches an entry (the table of the report)", () => {
        // Sorted: the plan's step order is not part of what is asserted.
        const table = serviceStatements(plan)
            .map((x) => `${x.resource} ${x.sid} ${x.principal} → ${x.forms.join(", ")}`)
            .sort();
        assert.deepEqual(table, [
            "alarms-key CloudWatchAlarmsEncryptNotificationsThroughSns cloudwatch.amazonaws.com → sns-event-source-key",
            "alarms-key EventBridgeRulesEncryptNotificationsThroughSns events.amazonaws.com → sns-event-source-key-events",
            "alarms-topic-policy CloudWatchAlarmsPublish cloudwatch.amazonaws.com → cloudwatch-alarm-topic",
            "alarms-topic-policy EventBridgeRulesPublish events.amazonaws.com → eventbridge-rule-topic",
            "audit-trail-bucket-policy CloudTrailChecksBucketAclForThisTrail cloudtrail.amazonaws.com → cloudtrail-bucket",
            "audit-trail-bucket-policy CloudTrailWritesLogsOfThisTrail cloudtrail.amazonaws.com → cloudtrail-bucket",
            "audit-trail-key CloudTrailDescribesKeyForThisTrail cloudtrail.amazonaws.com → cloudtrail-key",
            "audit-trail-key CloudTrailEncryptsLogsOfThisTrail cloudtrail.amazonaws.com → cloudtrail-key",
            "audit-trail-logs-policy ServerAccessLogsFromAuditTrail logging.s3.amazonaws.com → s3-server-access-logs",
            "integrations-workflows-role CustomerProfilesWorkflowsOfThisDomain profile.amazonaws.com → profile-workflow-role-trust",
            "profile-export-key CustomerProfilesEncryptsExportedEventsForThisDomain profile.amazonaws.com → profile-domain-key, profile-export-key",
            "profiles-dlq-policy CustomerProfilesSendsErrorsForThisDomain profile.amazonaws.com → profile-dead-letter-queue",
            "profiles-key CustomerProfilesUsesKeyForObjectTypes profile.amazonaws.com → profile-domain-key",
            "profiles-key CustomerProfilesUsesKeyForThisDomain profile.amazonaws.com → profile-domain-key",
            "sales-streaming-ctr-delivery-role FirehoseOfThisAccountDelivers firehose.amazonaws.com → firehose-delivery-role-trust",
            "sales-streaming-ctr-logs-policy ServerAccessLogsFromContactRecords logging.s3.amazonaws.com → s3-server-access-logs",
        ]);
    });

    it("the dev plan: no finding (advisory or mandatory)", async () => {
        const report = await checkPlan(plan);
        assert.deepEqual(linesFor(report, RULE), []);
    });

    // Each edit puts back a statement as it was before issue 19 (fails on the old plan: these were its statements).
    const OLD_FORMS: { name: string; resource: string; key: string; f: (d: Doc) => void; expect: RegExp }[] = [
        {
            name: "the alarm key bound to kms:ViaService = sns (not documented for event sources)",
            resource: "alarms-key",
            key: "policy",
            f: (d) =>
                (d.Statement[1].Condition = { StringEquals: { "kms:ViaService": "sns.eu-west-2.amazonaws.com" } }),
            expect: /statement 2 \("CloudWatchAlarmsEncryptNotificationsThroughSns"\): requires kms:ViaService, which AWS does not document cloudwatch\.amazonaws\.com sending here \(sns-event-source-key: Amazon SNS Developer Guide/,
        },
        {
            name: "the Firehose trust bound to aws:SourceArn (the guide documents sts:ExternalId)",
            resource: "sales-streaming-ctr-delivery-role",
            key: "assumeRolePolicy",
            f: (d) =>
                (d.Statement[0].Condition = {
                    StringEquals: {
                        "aws:SourceAccount": ACCOUNT,
                        "aws:SourceArn": `arn:aws:firehose:eu-west-2:${ACCOUNT}:deliverystream/connect-dev-sales-ctr`,
                    },
                }),
            expect: /requires aws:SourceAccount, aws:SourceArn, which AWS does not document firehose\.amazonaws\.com sending here \(firehose-delivery-role-trust/,
        },
        {
            name: "the workflow role trust bound to StringEquals aws:SourceArn = the domain",
            resource: "integrations-workflows-role",
            key: "assumeRolePolicy",
            f: (d) =>
                (d.Statement[0].Condition.StringEquals["aws:SourceArn"] =
                    `arn:aws:profile:eu-west-2:${ACCOUNT}:domains/amazon-connect-examplecorp-dev`),
            expect: /requires aws:SourceArn, which AWS does not document profile\.amazonaws\.com sending here \(profile-workflow-role-trust/,
        },
    ];
    OLD_FORMS.push({
        // Issue 19 review 5 (reproduction v10): the export stream's Kinesis context required on the domain
        // key passed while one entry held both keys' forms; no stream is encrypted with the domain key.
        name: "the Kinesis encryption context required on the domain key (the export key's form)",
        resource: "profiles-key",
        key: "policy",
        f: (d) =>
            (d.Statement[1].Condition.StringEquals["kms:EncryptionContext:aws:kinesis:arn"] =
                `arn:aws:kinesis:eu-west-2:${ACCOUNT}:stream/x`),
        expect: /statement 2 \("CustomerProfilesUsesKeyForThisDomain"\): requires kms:EncryptionContext:aws:kinesis:arn, which AWS does not document profile\.amazonaws\.com sending here \(profile-domain-key:/,
    });
    for (const c of OLD_FORMS)
        it(`reports (advisory by default, mandatory via config): ${c.name}`, async () => {
            const edited = edit(plan, c.resource, c.key, c.f);
            const report = await checkPlan(edited);
            const found = report.violations.filter((v) => v.policyName === RULE);
            assert.equal(found.length, 1, JSON.stringify(found.map((v) => v.detail)));
            assert.match(found[0].detail, c.expect);
            assert.equal(found[0].enforcementLevel, "advisory");
            const strict = await checkPlan(edited, { policyConfig: { [RULE]: { enforcementLevel: "mandatory" } } });
            assert.deepEqual(
                strict.violations.filter((v) => v.policyName === RULE).map((v) => v.enforcementLevel),
                ["mandatory"],
            );
        });

    it("a service statement no entry covers is not judged by this rule (the dev-plan table above covers the program)", () => {
        const findings = serviceStatementFindings([
            {
                type: "aws:sqs/queuePolicy:QueuePolicy",
                name: "q",
                urn: "urn:pulumi:dev::p::aws:sqs/queuePolicy:QueuePolicy::q",
                props: {
                    policy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: "sns.amazonaws.com" },
                                Action: "sqs:SendMessage",
                                Resource: "arn:aws:sqs:eu-west-2:123456789012:q",
                                Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-2:123456789012:t" } },
                            },
                        ],
                    }),
                },
            } as never,
        ]);
        assert.deepEqual(findings, []);
    });

    // Issue 22: a Lambda execution role trusted by lambda.amazonaws.com with no condition is AWS's documented
    // form (AWS Lambda Developer Guide, "Defining Lambda function permissions with an execution role"); the
    // role reaches Lambda only through iam:PassRole, which never crosses accounts. Fails on the old pack,
    // which reported it as a mandatory confused-deputy violation.
    it("a Lambda execution role in AWS's documented form is no confused-deputy violation", async () => {
        const role = one("aws:iam/role:Role", "handler-role", {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
                ],
            }),
        });
        const report = await run([role]);
        assert.deepEqual(linesFor(report, "confused-deputy-source-conditions"), []);
        assert.deepEqual(linesFor(report, RULE), []);
        // Still judged: the same trust opened to another account's principal is another rule's violation,
        // and a Lambda trust with a guessed key is reported by this one.
        const guessed = one("aws:iam/role:Role", "guessed-role", {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "lambda.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "aws:SourceArn": "arn:aws:lambda:eu-west-2:123456789012:function:f" },
                        },
                    },
                ],
            }),
        });
        assert.match(
            linesFor(await run([guessed]), RULE)[0],
            /requires aws:SourceArn, which AWS does not document lambda\.amazonaws\.com sending here/,
        );
    });

    it("IAM simulator: CloudWatch's request without kms:ViaService is allowed by the dev alarm key, denied by the old statement", async () => {
        const st = plan.steps.find((s) => s.urn.endsWith("::alarms-key"))!.newState!;
        const doc = JSON.parse(st.inputs.policy as string) as Doc;
        const ask = (d: Doc) =>
            simulate(
                {
                    request: {
                        principal: "cloudwatch.amazonaws.com",
                        action: "kms:GenerateDataKey",
                        resource: { resource: `arn:aws:kms:eu-west-2:${ACCOUNT}:key/k`, accountId: ACCOUNT },
                        contextVariables: {},
                    },
                    identityPolicies: [],
                    serviceControlPolicies: [],
                    resourceControlPolicies: [],
                    resourcePolicy: d as never,
                },
                {},
            );
        assert.equal(await ask(doc), "Allowed");
        const old = structuredClone(doc);
        old.Statement[1].Condition = { StringEquals: { "kms:ViaService": "sns.eu-west-2.amazonaws.com" } };
        assert.equal(await ask(old), "ImplicitlyDenied");
    });
});
