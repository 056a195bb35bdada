// npm run doctor against a fake account (aws-sdk-client-mock, response shapes from the API
// references): a healthy stack, then each problem on its own, then the command line's exits.
import * as assert from "assert";
import { DeleteMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { limiter } from "../../tools/doctor/aws";
import { CDC_REMEDY } from "../../tools/doctor/checks/flows";
import { healthy, lines, outputs, OUTPUTS, response, responses, run } from "./support";
import { FakeAccount } from "../../tools/doctor/aws";

const ARGS = ["--outputs", OUTPUTS];
const o = outputs();

/** Read-only operations the checks may call (everything in the operator checks policy, plus STS). */
const READ_ONLY = new Set([
    "GetCallerIdentity",
    "GetTrailStatus",
    "GetDomain",
    "DescribeKey",
    "GetKeyRotationStatus",
    "GetKeyPolicy",
    "GetQueueAttributes",
    "ReceiveMessage",
    "DescribeFlow",
    "DescribeFlowExecutionRecords",
    "ListWorkflows",
    "GetWorkflow",
    "GetWorkflowSteps",
    "DescribeEventSource",
    "DescribeEventBus",
    "GetEventIntegration",
    "ListIntegrationAssociations",
    "DescribeRule",
    "GetEventStream",
    "ListInstanceStorageConfigs",
    "DescribeStreamSummary",
    "DescribeDeliveryStream",
]);

function editPolicy(account: FakeAccount, keyArn: string, f: (doc: { Statement: Record<string, unknown>[] }) => void) {
    const r = response(account, "GetKeyPolicy", { KeyId: keyArn });
    const doc = JSON.parse(r.output.Policy);
    f(doc);
    r.output.Policy = JSON.stringify(doc);
}

const body = (error: string, id: string, type = "Salesforce-Account") =>
    JSON.stringify({
        errorMessage: error,
        objectTypeName: type,
        object: JSON.stringify({ Id: id, Name: "Company A" }),
    });

function withDeadLetters(account: FakeAccount, messages: { error: string; id: string }[]) {
    response(account, "GetQueueAttributes").output.Attributes.ApproximateNumberOfMessages = String(messages.length);
    account.ReceiveMessage = [
        {
            output: {
                Messages: messages.map((m, i) => ({
                    MessageId: `m-${i}`,
                    ReceiptHandle: `receipt-${i}`,
                    Body: body(m.error, m.id),
                    Attributes: {
                        SentTimestamp: String(Date.parse("2026-11-28T23:00:00Z")),
                        ApproximateReceiveCount: "1",
                    },
                })),
            },
        },
    ];
}

describe("doctor: checks of a deployed stack", () => {
    it("a healthy stack: every check ok, exit 0, read-only calls only, no message peeked from an empty queue", async () => {
        const r = await run(ARGS);
        assert.strictEqual(r.err, "");
        assert.strictEqual(r.code, 0, r.out);
        assert.match(r.out, /^Customer Profiles doctor: .*outputs\.json \(account 123456789012, region eu-west-2\)\n/);
        assert.match(r.out, /\n41 checks ok, 0 warnings, 0 problems\n$/);
        assert.deepStrictEqual(lines(r, "problem"), []);
        assert.deepStrictEqual(lines(r, "warning"), []);
        assert.deepStrictEqual(
            r.commands.filter((c) => !READ_ONLY.has(c)),
            [],
        );
        assert.ok(!r.commands.includes("ReceiveMessage"));
        // Every area was reached.
        for (const area of [
            "domain",
            "keys",
            "dead-letter queue",
            "integrations",
            "tasks",
            "export",
            "streaming",
            "audit trail",
        ])
            assert.ok(
                lines(r, "ok").some((l) => l.includes(` ${area} `)),
                area,
            );
    });

    it("--json: every check names its API operation and user-guide page; --markdown: a table", async () => {
        const json = JSON.parse((await run([...ARGS, "--json"])).out);
        assert.deepStrictEqual(json.summary, { ok: 41, warning: 0, problem: 0 });
        for (const c of json.checks) {
            assert.ok(c.source.api.length > 0 && /API Reference: [A-Z]/.test(c.source.api[0]), JSON.stringify(c));
            assert.match(c.source.guide, /(Guide|Reference): /);
        }
        const md = (await run([...ARGS, "--markdown"])).out;
        assert.match(md, /\| status \| area \| finding \| remedy \| source \|\n\| --- \|/);
        assert.strictEqual(md.split("\n").filter((l) => l.startsWith("| ok |")).length, 41);
    });

    const cases: {
        name: string;
        edit: (a: FakeAccount) => void;
        problem: RegExp;
        remedy?: RegExp | string;
        exit?: number;
        status?: "problem" | "warning";
    }[] = [
        {
            name: "the domain does not exist",
            edit: (a) =>
                (response(a, "GetDomain").error = { name: "ResourceNotFoundException", message: "Domain not found" }),
            problem: /domain  +domain amazon-connect-examplecorp-dev does not exist in eu-west-2/,
            remedy: /Run `pulumi up`/,
        },
        {
            name: "the domain uses another key",
            edit: (a) =>
                (response(a, "GetDomain").output.DefaultEncryptionKey = "arn:aws:kms:eu-west-2:123456789012:key/other"),
            problem: /encrypted with arn:aws:kms:eu-west-2:123456789012:key\/other, not the stack's key/,
            remedy: /UpdateDomain DefaultEncryptionKey/,
        },
        {
            name: "the domain reports to another queue",
            edit: (a) => delete response(a, "GetDomain").output.DeadLetterQueueUrl,
            problem: /dead-letter queue is not set, not the stack's https:\/\/sqs/,
        },
        {
            name: "the domain key is pending deletion",
            edit: (a) => {
                const m = response(a, "DescribeKey", { KeyId: o.keyArn }).output.KeyMetadata;
                m.KeyState = "PendingDeletion";
                m.Enabled = false;
                m.DeletionDate = "2026-12-20T00:00:00Z";
            },
            problem: /keys +domain key is pending deletion on 2026-12-20/,
            remedy: /CancelKeyDeletion/,
        },
        {
            name: "a streaming key is disabled",
            edit: (a) =>
                (response(a, "DescribeKey", { KeyId: o.keys["streaming/support"].arn }).output.KeyMetadata.KeyState =
                    "Disabled"),
            problem: /streaming\/support key is Disabled/,
            remedy: /EnableKey/,
        },
        {
            name: "rotation is off (a warning: exit 0)",
            edit: (a) => (response(a, "GetKeyRotationStatus", { KeyId: o.keyArn }).output.KeyRotationEnabled = false),
            problem: /domain key: automatic rotation is off/,
            status: "warning",
            exit: 0,
        },
        {
            name: "the domain key policy lost an action of the Customer Profiles statement (drift named)",
            edit: (a) =>
                editPolicy(a, o.keyArn, (d) => {
                    const s = d.Statement.find((x) => x.Sid === "CustomerProfilesUsesKeyForThisDomain")!;
                    s.Action = ["kms:GenerateDataKey", "kms:Decrypt"];
                }),
            problem: /domain key policy drifted from what the stack wrote/,
            remedy: /kms:GenerateDataKey, kms:CreateGrant and kms:Decrypt/,
        },
        {
            name: "a statement was added to a key policy outside the stack (a warning)",
            edit: (a) =>
                editPolicy(a, o.keyArn, (d) =>
                    d.Statement.push({
                        Sid: "Console",
                        Effect: "Allow",
                        Principal: { AWS: "arn:aws:iam::123456789012:role/x" },
                        Action: "kms:Decrypt",
                        Resource: "*",
                    }),
                ),
            problem: /domain key policy holds the stack's statements, plus Console added outside the stack/,
            status: "warning",
            exit: 0,
        },
        {
            name: "an integration's flow is suspended",
            edit: (a) => {
                const f = response(a, "DescribeFlow", { flowName: o.integrations.flowNames[0] }).output;
                f.flowStatus = "Suspended";
                f.flowStatusMessage = "Flow suspended after repeated failures";
            },
            problem:
                /integrations +flow sf-accounts-amazon-connect-examplecorp-dev is Suspended: Flow suspended after repeated failures/,
            remedy: /delete the integration and create it again/,
        },
        {
            // Fails on the old remedy, which sent an integration's Draft flow to the Salesforce tasks'
            // partner event bus. A flow created by PutIntegration stays in Draft until StartFlow
            // (Connect Admin Guide, "Programmatically integrate S3 with Customer Profiles", Step 3).
            name: "an integration's flow is still in Draft (never started)",
            edit: (a) => {
                const f = response(a, "DescribeFlow", { flowName: o.integrations.flowNames[1] }).output;
                f.flowStatus = "Draft";
                delete f.lastRunExecutionDetails;
            },
            problem: /integrations +flow loyalty-members-amazon-connect-examplecorp-dev is Draft/,
            remedy: /stays in Draft until StartFlow is called\. The stack starts each scheduled integration's flow/,
            status: "warning",
            exit: 0,
        },
        {
            name: "an integration's last runs failed",
            edit: (a) => {
                const x = response(a, "DescribeFlowExecutionRecords", { flowName: o.integrations.flowNames[1] }).output
                    .flowExecutions[0];
                x.executionStatus = "Error";
                x.executionResult.errorInfo = {
                    putFailuresCount: 0,
                    executionMessage: "Access Denied (Service: Amazon S3)",
                };
            },
            problem: /flow loyalty-members-amazon-connect-examplecorp-dev: 1 of the last 3 runs failed/,
            remedy: /reconnecting the external application may be needed/,
        },
        {
            name: "the historical ingestion failed: its failed batches are listed",
            edit: (a) => {
                const w = response(a, "ListWorkflows").output.Items[0];
                w.Status = "FAILED";
                a.GetWorkflow = {
                    output: { WorkflowId: w.WorkflowId, Status: "FAILED", ErrorDescription: "2 batches failed" },
                };
                a.GetWorkflowSteps = {
                    output: {
                        Items: [
                            {
                                AppflowIntegration: {
                                    FlowName: "batch-1",
                                    Status: "COMPLETE",
                                    ExecutionMessage: "",
                                    RecordsProcessed: 10,
                                    BatchRecordsStartTime: "2025-01-01",
                                    BatchRecordsEndTime: "2025-03-01",
                                },
                            },
                            {
                                AppflowIntegration: {
                                    FlowName: "batch-2",
                                    Status: "FAILED",
                                    ExecutionMessage: "INVALID_SESSION_ID",
                                    RecordsProcessed: 0,
                                    BatchRecordsStartTime: "2025-03-01",
                                    BatchRecordsEndTime: "2025-05-01",
                                },
                            },
                        ],
                    },
                };
            },
            problem:
                /historical ingestion 3c0d2a44-5b1e-4f7a-9d33-0e8f6a2b1c77 \(APPFLOW_INTEGRATION\) is FAILED: 2 batches failed/,
            remedy: /retried up to 3 times/,
        },
        {
            name: "the Tasks flow failed because Change Data Capture is off: the CDC remedy",
            edit: (a) => {
                const f = response(a, "DescribeFlow", { flowName: o.salesforceTasks.flowName }).output;
                f.flowStatus = "Errored";
                f.lastRunExecutionDetails = {
                    mostRecentExecutionStatus: "Error",
                    mostRecentExecutionMessage: "CaseChangeEvent is not available: enable Change Data Capture for Case",
                };
            },
            problem: /tasks +flow amazon-connect-examplecorp-dev-salesforce-case-tasks is Errored/,
            remedy: CDC_REMEDY,
        },
        {
            name: "the partner event source is pending",
            edit: (a) => (response(a, "DescribeEventSource").output.State = "PENDING"),
            problem: /partner event source .* is PENDING/,
            remedy: /create the partner event bus/,
        },
        {
            name: "the partner event bus is gone",
            edit: (a) =>
                (response(a, "DescribeEventBus").error = {
                    name: "ResourceNotFoundException",
                    message: "Event bus does not exist.",
                }),
            problem: /partner event bus .* does not exist/,
        },
        {
            name: "the partner event source is gone",
            edit: (a) =>
                (response(a, "DescribeEventSource").error = {
                    name: "ResourceNotFoundException",
                    message: "Event source does not exist.",
                }),
            problem: /partner event source .* does not exist/,
            remedy: "AppFlow creates the partner event source with the flow: run `pulumi up`.",
        },
        {
            name: "the event integration is gone",
            edit: (a) =>
                (response(a, "GetEventIntegration").error = {
                    name: "ResourceNotFoundException",
                    message: "Event integration not found.",
                }),
            problem: /event integration .* does not exist/,
            remedy: "Run `pulumi up`.",
        },
        {
            name: "a rule the stack published is gone",
            edit: (a) =>
                (responses(a, "DescribeRule")[0].error = {
                    name: "ResourceNotFoundException",
                    message: "Rule not found.",
                }),
            problem: /rule .* does not exist/,
            remedy: "Run `pulumi up` to create the rule again.",
        },
        {
            name: "DescribeEventBus is refused (not a not-found: the call's failure is reported)",
            edit: (a) =>
                (response(a, "DescribeEventBus").error = { name: "ThrottlingException", message: "Rate exceeded" }),
            problem: /DescribeEventBus .*: ThrottlingException: Rate exceeded/,
        },
        {
            name: "an instance lost its event integration association",
            edit: (a) =>
                (responses(a, "ListIntegrationAssociations")[0].output!.IntegrationAssociationSummaryList = []),
            problem: /instance support has no EVENT integration association/,
        },
        {
            name: "a rule the stack published is a draft",
            edit: (a) =>
                (responses(a, "DescribeRule")[0].output!.Rule = {
                    ...(responses(a, "DescribeRule")[0].output!.Rule as object),
                    PublishStatus: "DRAFT",
                }),
            problem: /rule support\/salesforce-new-case is DRAFT, the stack wrote PUBLISHED/,
            remedy: /A DRAFT rule creates no tasks/,
        },
        {
            name: "the export's destination is unhealthy (its HEALTH_CHECK failed)",
            edit: (a) => {
                const d = response(a, "GetEventStream").output.DestinationDetails;
                d.Status = "UNHEALTHY";
                d.Message = "KMS key access denied";
            },
            problem: /destination .* is UNHEALTHY: KMS key access denied/,
            remedy: /HEALTH_CHECK/,
        },
        {
            name: "contact records stream somewhere else",
            edit: (a) =>
                ((
                    responses(a, "ListInstanceStorageConfigs")[0].output!.StorageConfigs as {
                        KinesisStreamConfig: { StreamArn: string };
                    }[]
                )[0].KinesisStreamConfig.StreamArn = "arn:aws:kinesis:eu-west-2:123456789012:stream/elsewhere"),
            problem:
                /support: contact records stream to arn:aws:kinesis:eu-west-2:123456789012:stream\/elsewhere, not the stack's/,
        },
        {
            name: "a stream is not encrypted",
            edit: (a) => {
                const s = response(a, "DescribeStreamSummary", { StreamARN: o.streaming.support.agentEventsStreamArn })
                    .output.StreamDescriptionSummary;
                s.EncryptionType = "NONE";
                delete s.KeyId;
            },
            problem: /stream connect-dev-support-agent-events is encrypted with nothing/,
            remedy: /StartStreamEncryption/,
        },
        {
            name: "the delivery stream failed",
            edit: (a) => {
                const d = response(a, "DescribeDeliveryStream").output.DeliveryStreamDescription;
                d.DeliveryStreamStatus = "CREATING_FAILED";
                d.FailureDescription = { Type: "INVALID_KMS_KEY", Details: "key disabled" };
            },
            problem: /delivery stream connect-dev-sales-ctr is CREATING_FAILED: INVALID_KMS_KEY key disabled/,
        },
        {
            name: "the audit trail stopped logging",
            edit: (a) =>
                (response(a, "GetTrailStatus").output = {
                    IsLogging: false,
                    StopLoggingTime: "2026-11-28T03:10:00Z",
                }),
            problem:
                /trail arn:aws:cloudtrail:eu-west-2:123456789012:trail\/customer-profiles-amazon-connect-examplecorp-dev-audit is not logging \(stopped 2026-11-28T03:10:00.000Z\)/,
            remedy: /enableLogging: true, which calls StartLogging/,
        },
        {
            name: "the audit trail cannot deliver to its bucket",
            edit: (a) =>
                (response(a, "GetTrailStatus").output = { IsLogging: true, LatestDeliveryError: "AccessDenied" }),
            problem: /CloudTrail cannot deliver log files to audit-trail-bucket-d9f0e59: AccessDenied/,
            remedy: /fix the bucket policy so that CloudTrail can write to the bucket/,
        },
        {
            name: "the audit trail does not exist",
            edit: (a) =>
                (response(a, "GetTrailStatus").error = { name: "TrailNotFoundException", message: "Unknown trail" }),
            problem: /trail arn:aws:cloudtrail:.*-audit does not exist/,
            remedy: "Run `pulumi up`.",
        },
        {
            name: "access denied on one call names the operator policy",
            edit: (a) =>
                (response(a, "GetEventStream").error = { name: "AccessDeniedException", message: "not authorized" }),
            problem: /GetEventStream crm-sync: access denied \(not authorized\)/,
            remedy: /operatorPolicies\.checksPolicyArn/,
        },
    ];

    for (const c of cases) {
        it(`${c.name}`, async () => {
            const account = healthy();
            c.edit(account);
            const r = await run(ARGS, account);
            const status = c.status ?? "problem";
            const found = lines(r, status);
            assert.strictEqual(found.length, 1, `expected one ${status}, got:\n${r.out}`);
            assert.match(found[0], c.problem);
            assert.deepStrictEqual(lines(r, status === "problem" ? "warning" : "problem"), []);
            assert.strictEqual(r.code, c.exit ?? 1);
            if (c.remedy) {
                const after = r.out.slice(r.out.indexOf(found[0]));
                const remedy = after.split("\n").find((l) => l.trim().startsWith("remedy: "));
                assert.ok(remedy, r.out);
                if (typeof c.remedy === "string") assert.strictEqual(remedy.trim(), `remedy: ${c.remedy}`);
                else assert.match(remedy, c.remedy);
            }
            // Problems and warnings cite their source under them.
            assert.match(r.out.slice(r.out.indexOf(found[0])), /\n +source: [^\n]*API Reference: /);
        });
    }

    it("a drifted key policy names each removed and changed statement", async () => {
        const account = healthy();
        editPolicy(account, o.keyArn, (d) => {
            d.Statement = d.Statement.filter((s) => s.Sid !== "ProfileApiCallersUseKeyThroughCustomerProfiles");
            d.Statement.find((s) => s.Sid === "CustomerProfilesUsesKeyForThisDomain")!.Condition = {};
        });
        const r = await run(ARGS, account);
        assert.match(
            r.out,
            /\n +removed: ProfileApiCallersUseKeyThroughCustomerProfiles\n +changed: CustomerProfilesUsesKeyForThisDomain \(Condition\)\n/,
        );
    });

    it("dead-letter messages: depth and age, triage by documented class with remedies and sample objects, peeked never deleted", async () => {
        const account = healthy();
        withDeadLetters(account, [
            { error: "The UNIQUE key or PROFILE key does not exist in the profile object", id: "001A" },
            { error: "The UNIQUE key or PROFILE key doesn't exist in the profile object", id: "001B" },
            { error: "Your data contains profile objects larger than 512000 bytes", id: "001C" },
            { error: "Something AWS never documented", id: "001D" },
        ]);
        const r = await run(ARGS, account);
        assert.strictEqual(r.code, 1);
        assert.deepStrictEqual(lines(r, "problem"), [
            "problem  dead-letter queue  4 messages waiting, oldest sent 24 h ago: objects Customer Profiles could not ingest",
            'problem  triage             2 × "The UNIQUE key or PROFILE key does not exist in the profile object" (4 peeked)',
            'problem  triage             1 × "Your data contains profile objects larger than # bytes" (4 peeked)',
        ]);
        assert.deepStrictEqual(lines(r, "warning"), [
            "warning  triage             1 × an error AWS does not document: (unknown error text, 30 chars; --show-bodies to see it) (4 peeked)",
        ]);
        assert.match(r.out, /objects: Salesforce-Account\/001A, Salesforce-Account\/001B\n/);
        assert.match(r.out, /remedy: Remove every field you do not need/);
        const receives = r.mocks.sqs.commandCalls(ReceiveMessageCommand);
        assert.ok(receives.length >= 1);
        for (const c of receives) {
            // The read-only checks hide nothing (ReceiveMessage VisibilityTimeout 0).
            assert.strictEqual(c.args[0].input.VisibilityTimeout, 0);
            assert.strictEqual(c.args[0].input.WaitTimeSeconds, 1);
        }
        assert.strictEqual(r.mocks.sqs.commandCalls(DeleteMessageCommand).length, 0);
        assert.ok(!r.commands.some((c) => /Delete|Put|Change/.test(c)), r.commands.join());
    });

    it("calls run concurrently, never more at once than the limit", async () => {
        const limit = limiter(3);
        let active = 0;
        let peak = 0;
        await Promise.all(
            Array.from({ length: 20 }, () =>
                limit(async () => {
                    peak = Math.max(peak, ++active);
                    await new Promise((r) => setTimeout(r, 2));
                    active--;
                }),
            ),
        );
        assert.strictEqual(peak, 3);
    });
});
