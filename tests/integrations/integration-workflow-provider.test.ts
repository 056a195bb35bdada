import * as assert from "assert";
import { mockClient } from "aws-sdk-client-mock";
import {
    CreateIntegrationWorkflowCommand,
    CustomerProfilesClient,
    DeleteWorkflowCommand,
    GetWorkflowCommand,
    GetWorkflowStepsCommand,
    ResourceNotFoundException,
    ThrottlingException,
    BadRequestException,
} from "@aws-sdk/client-customer-profiles";
import {
    Clock,
    createWorkflow,
    deleteWorkflow,
    diffWorkflow,
    IntegrationWorkflowInputs,
    IntegrationWorkflowOutputs,
    readWorkflow,
    updateWorkflow,
} from "../../components/integrations/providers/integration-workflow";

const meta = { $metadata: {} };
const throttled = () => new ThrottlingException({ message: "Rate exceeded", ...meta });

function fakeClock(): Clock & { slept: number[] } {
    let t = 0;
    const slept: number[] = [];
    return { slept, now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)) };
}

const inputs: IntegrationWorkflowInputs = {
    region: "eu-west-2",
    domainName: "CustomerProfiles-ExampleCorp-dev",
    objectTypeName: "Salesforce-Account",
    roleArn: "arn:aws:iam::123456789012:role/profiles-workflows-role-abc",
    flowDefinition: {
        FlowName: "sf-accounts-CustomerProfiles-ExampleCorp-dev",
        KmsArn: "arn:aws:kms:eu-west-2:123456789012:key/k",
        Tasks: [],
        TriggerConfig: { TriggerType: "OnDemand" },
        SourceFlowConfig: {
            ConnectorType: "Salesforce",
            ConnectorProfileName: "examplecorp-salesforce",
            SourceConnectorProperties: { Salesforce: { Object: "Account" } },
        },
    },
    batches: [
        { startTime: "2024-01-31T00:00:00.000Z", endTime: "2024-03-31T00:00:00.000Z" },
        { startTime: "2024-03-31T00:00:00.000Z", endTime: "2024-04-15T00:00:00.000Z" },
    ],
    tags: { environment: "dev" },
    pollIntervalSeconds: 10,
    maxWaitSeconds: 60,
};

const step = (status: string, start: string, end: string, records: number, message = ""): any => ({
    AppflowIntegration: {
        FlowName: `flow-${start.slice(0, 10)}`,
        Status: status,
        ExecutionMessage: message,
        RecordsProcessed: records,
        BatchRecordsStartTime: start,
        BatchRecordsEndTime: end,
        CreatedAt: new Date(0),
        LastUpdatedAt: new Date(0),
    },
});

describe("integrations: integration-workflow dynamic provider (mocked SDK client)", () => {
    const cp = mockClient(CustomerProfilesClient);
    beforeEach(() => cp.reset());
    after(() => cp.restore());
    const client = () => new CustomerProfilesClient({ region: "eu-west-2" });

    it("success: creates an APPFLOW_INTEGRATION workflow with the batches, polls until COMPLETE, reports progress", async () => {
        cp.on(CreateIntegrationWorkflowCommand).resolves({ WorkflowId: "wf-1", Message: "ok" });
        cp.on(GetWorkflowCommand)
            .resolvesOnce({
                Status: "IN_PROGRESS",
                Metrics: { AppflowIntegration: { StepsCompleted: 1, TotalSteps: 2, RecordsProcessed: 500 } },
            })
            .resolves({
                Status: "COMPLETE",
                Metrics: { AppflowIntegration: { StepsCompleted: 2, TotalSteps: 2, RecordsProcessed: 740 } },
            });
        cp.on(GetWorkflowStepsCommand)
            .resolvesOnce({
                Items: [
                    step("COMPLETE", "2024-01-31T00:00:00Z", "2024-03-31T00:00:00Z", 500),
                    step("IN_PROGRESS", "2024-03-31T00:00:00Z", "2024-04-15T00:00:00Z", 0),
                ],
            })
            .resolves({
                Items: [step("COMPLETE", "2024-01-31T00:00:00Z", "2024-03-31T00:00:00Z", 500)],
                NextToken: "p2",
            });
        cp.on(GetWorkflowStepsCommand, { NextToken: "p2" }).resolves({
            Items: [step("COMPLETE", "2024-03-31T00:00:00Z", "2024-04-15T00:00:00Z", 240)],
        });
        const clock = fakeClock();
        const { id, outs } = await createWorkflow(client(), inputs, clock);
        assert.strictEqual(id, "wf-1");
        const req = cp.commandCalls(CreateIntegrationWorkflowCommand)[0].args[0].input as any;
        assert.deepStrictEqual(
            { ...req, IntegrationConfig: undefined },
            {
                DomainName: inputs.domainName,
                WorkflowType: "APPFLOW_INTEGRATION",
                ObjectTypeName: "Salesforce-Account",
                RoleArn: inputs.roleArn,
                Tags: { environment: "dev" },
                IntegrationConfig: undefined,
            },
        );
        assert.deepStrictEqual(req.IntegrationConfig.AppflowIntegration.Batches, [
            { StartTime: new Date("2024-01-31T00:00:00Z"), EndTime: new Date("2024-03-31T00:00:00Z") },
            { StartTime: new Date("2024-03-31T00:00:00Z"), EndTime: new Date("2024-04-15T00:00:00Z") },
        ]);
        assert.deepStrictEqual(req.IntegrationConfig.AppflowIntegration.FlowDefinition, inputs.flowDefinition);
        assert.deepStrictEqual(
            {
                status: outs.status,
                stepsCompleted: outs.stepsCompleted,
                totalSteps: outs.totalSteps,
                recordsProcessed: outs.recordsProcessed,
                workflowId: outs.workflowId,
                pollTimedOut: outs.pollTimedOut,
            },
            {
                status: "COMPLETE",
                stepsCompleted: 2,
                totalSteps: 2,
                recordsProcessed: 740,
                workflowId: "wf-1",
                pollTimedOut: undefined,
            },
        );
        assert.deepStrictEqual(
            outs.steps.map((s) => [s.status, s.batchStart, s.recordsProcessed]),
            [
                ["COMPLETE", "2024-01-31T00:00:00Z", 500],
                ["COMPLETE", "2024-03-31T00:00:00Z", 240],
            ],
        );
        assert.deepStrictEqual(clock.slept, [10000]); // one poll interval between the two looks
    });

    it("throttling is retried with backoff, on create and on every poll", async () => {
        cp.on(CreateIntegrationWorkflowCommand)
            .rejectsOnce(throttled())
            .rejectsOnce(throttled())
            .resolves({ WorkflowId: "wf-2" });
        cp.on(GetWorkflowCommand).rejectsOnce(throttled()).resolves({ Status: "COMPLETE" });
        cp.on(GetWorkflowStepsCommand).resolves({ Items: [] });
        const clock = fakeClock();
        const { id, outs } = await createWorkflow(client(), inputs, clock);
        assert.strictEqual(id, "wf-2");
        assert.strictEqual(outs.status, "COMPLETE");
        assert.strictEqual(cp.commandCalls(CreateIntegrationWorkflowCommand).length, 3);
        assert.deepStrictEqual(clock.slept, [500, 1000, 500]);
    });

    it("throttling that never ends gives up after 6 attempts with a clear message", async () => {
        cp.on(CreateIntegrationWorkflowCommand).rejects(throttled());
        await assert.rejects(createWorkflow(client(), inputs, fakeClock()), {
            message: "CreateIntegrationWorkflow failed after 6 attempts: ThrottlingException: Rate exceeded",
        });
        assert.strictEqual(cp.commandCalls(CreateIntegrationWorkflowCommand).length, 6);
    });

    it("permanent failure: a bad request surfaces at once, not retried", async () => {
        cp.on(CreateIntegrationWorkflowCommand).rejects(
            new BadRequestException({ message: "Role cannot be assumed by profile.amazonaws.com", ...meta }),
        );
        await assert.rejects(createWorkflow(client(), inputs, fakeClock()), {
            message:
                "CreateIntegrationWorkflow failed: BadRequestException: Role cannot be assumed by profile.amazonaws.com",
        });
        assert.strictEqual(cp.commandCalls(CreateIntegrationWorkflowCommand).length, 1);
    });

    it("a FAILED workflow fails the resource with the workflow's own error and its failed batches", async () => {
        cp.on(CreateIntegrationWorkflowCommand).resolves({ WorkflowId: "wf-3" });
        cp.on(GetWorkflowCommand).resolves({ Status: "FAILED", ErrorDescription: "Batch failed after 3 retries" });
        cp.on(GetWorkflowStepsCommand).resolves({
            Items: [
                step("COMPLETE", "2024-01-31T00:00:00Z", "2024-03-31T00:00:00Z", 500),
                step(
                    "FAILED",
                    "2024-03-31T00:00:00Z",
                    "2024-04-15T00:00:00Z",
                    0,
                    "INVALID_QUERY_FILTER: No such column 'Foo__c' on entity 'Account'",
                ),
            ],
        });
        await assert.rejects(createWorkflow(client(), inputs, fakeClock()), {
            message:
                "Customer Profiles integration workflow wf-3 FAILED: Batch failed after 3 retries\n" +
                "  - flow-2024-03-31 [2024-03-31T00:00:00Z – 2024-04-15T00:00:00Z]: FAILED: INVALID_QUERY_FILTER: No such column 'Foo__c' on entity 'Account'",
        });
    });

    it("the poll is bounded: a workflow still running at the deadline is recorded with pollTimedOut", async () => {
        cp.on(CreateIntegrationWorkflowCommand).resolves({ WorkflowId: "wf-4" });
        cp.on(GetWorkflowCommand).resolves({
            Status: "IN_PROGRESS",
            Metrics: { AppflowIntegration: { StepsCompleted: 0, TotalSteps: 2, RecordsProcessed: 0 } },
        });
        cp.on(GetWorkflowStepsCommand).resolves({ Items: [] });
        const clock = fakeClock();
        const { outs } = await createWorkflow(client(), inputs, clock);
        assert.deepStrictEqual(
            { status: outs.status, pollTimedOut: outs.pollTimedOut, totalSteps: outs.totalSteps },
            { status: "IN_PROGRESS", pollTimedOut: true, totalSteps: 2 },
        );
        assert.strictEqual(cp.commandCalls(GetWorkflowCommand).length, 7); // t = 0, 10, …, 60 s; the next look would pass the 60 s bound
    });

    it("read refreshes progress and reports a deleted workflow as gone", async () => {
        cp.on(GetWorkflowCommand).resolves({
            Status: "COMPLETE",
            Metrics: { AppflowIntegration: { StepsCompleted: 2, TotalSteps: 2, RecordsProcessed: 9 } },
        });
        cp.on(GetWorkflowStepsCommand).resolves({ Items: [] });
        const old = {
            ...inputs,
            workflowId: "wf-5",
            status: "IN_PROGRESS",
            stepsCompleted: 0,
            totalSteps: 2,
            recordsProcessed: 0,
            steps: [],
            pollTimedOut: true,
        } as IntegrationWorkflowOutputs;
        const outs = await readWorkflow(client(), "wf-5", old, fakeClock());
        assert.deepStrictEqual(
            { status: outs!.status, recordsProcessed: outs!.recordsProcessed, pollTimedOut: outs!.pollTimedOut },
            { status: "COMPLETE", recordsProcessed: 9, pollTimedOut: undefined },
        );
        cp.reset();
        cp.on(GetWorkflowCommand).rejects(new ResourceNotFoundException({ message: "Workflow not found", ...meta }));
        assert.strictEqual(await readWorkflow(client(), "wf-5", old, fakeClock()), undefined);
    });

    it("delete is idempotent: a workflow already gone counts as deleted; other errors surface", async () => {
        cp.on(DeleteWorkflowCommand)
            .resolvesOnce({})
            .rejectsOnce(new ResourceNotFoundException({ message: "Workflow not found", ...meta }))
            .rejects(new BadRequestException({ message: "Workflow in progress", ...meta }));
        await deleteWorkflow(client(), "wf-6", inputs, fakeClock());
        await deleteWorkflow(client(), "wf-6", inputs, fakeClock());
        await assert.rejects(deleteWorkflow(client(), "wf-6", inputs, fakeClock()), {
            message: "DeleteWorkflow failed: BadRequestException: Workflow in progress",
        });
        assert.deepStrictEqual(
            cp.commandCalls(DeleteWorkflowCommand).map((c) => c.args[0].input),
            Array(3).fill({ DomainName: inputs.domainName, WorkflowId: "wf-6" }),
        );
    });

    it("diff/update: poll settings update in place; any other change replaces (old workflow first)", async () => {
        assert.deepStrictEqual(diffWorkflow(inputs, { ...inputs, maxWaitSeconds: 120 }), {
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
        assert.deepStrictEqual(diffWorkflow(inputs, { ...inputs, batches: inputs.batches.slice(1) }), {
            changes: true,
            replaces: ["batches"],
            deleteBeforeReplace: true,
        });
        const outs = {
            ...inputs,
            workflowId: "wf-7",
            status: "COMPLETE",
            stepsCompleted: 2,
            totalSteps: 2,
            recordsProcessed: 1,
            steps: [],
        } as IntegrationWorkflowOutputs;
        assert.deepStrictEqual(diffWorkflow(outs, inputs), {
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
        assert.strictEqual(
            (await updateWorkflow(client(), "wf-7", outs, { ...inputs, pollIntervalSeconds: 5 })).pollIntervalSeconds,
            5,
        );
        await assert.rejects(
            updateWorkflow(client(), "wf-7", outs, { ...inputs, roleArn: "arn:aws:iam::123456789012:role/other" }),
            {
                message: "Integration workflow wf-7: roleArn cannot change in place (the workflow is replaced)",
            },
        );
    });
});
