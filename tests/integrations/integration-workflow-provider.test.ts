import * as assert from "assert";
import { mockClient } from "aws-sdk-client-mock";
import {
    CreateIntegrationWorkflowCommand,
    CustomerProfilesClient,
    DeleteWorkflowCommand,
    GetWorkflowCommand,
    GetWorkflowStepsCommand,
    ListIntegrationsCommand,
    DeleteIntegrationCommand,
    ResourceNotFoundException,
    BadRequestException,
    SourceConnectorType,
} from "@aws-sdk/client-customer-profiles";
import * as pulumi from "@pulumi/pulumi";
import {
    Clock,
    createWorkflow,
    deleteWorkflow,
    diffWorkflow,
    integrationWorkflowProvider,
    IntegrationWorkflow,
    IntegrationWorkflowInputs,
    IntegrationWorkflowOutputs,
    readWorkflow,
    updateWorkflow,
} from "../../components/integrations/providers/integration-workflow";
import { EngineDriver, failed, succeeded, UNKNOWN, withoutProvider } from "../support/dynamic-provider";

const meta = { $metadata: {} };

function fakeClock(): Clock & { slept: number[] } {
    let t = 0;
    const slept: number[] = [];
    return { slept, now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)) };
}

const inputs: IntegrationWorkflowInputs = {
    awsIdentity: { region: "eu-west-2" },
    domainName: "amazon-connect-examplecorp-dev",
    objectTypeName: "Salesforce-Account",
    roleArn: "arn:aws:iam::123456789012:role/profiles-workflows-role-abc",
    flowDefinition: {
        FlowName: "sf-accounts-amazon-connect-examplecorp-dev",
        KmsArn: "arn:aws:kms:eu-west-2:123456789012:key/k",
        Tasks: [],
        TriggerConfig: { TriggerType: "OnDemand" },
        SourceFlowConfig: {
            ConnectorType: SourceConnectorType.SALESFORCE,
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
        cp.on(ListIntegrationsCommand).resolves({ Items: [] });
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
                integrationUri: outs.integrationUri,
            },
            {
                status: "COMPLETE",
                stepsCompleted: 2,
                totalSteps: 2,
                recordsProcessed: 740,
                workflowId: "wf-1",
                pollTimedOut: undefined,
                integrationUri: undefined,
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
            name: "WorkflowInitError",
            id: "wf-3",
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
        cp.on(ListIntegrationsCommand).resolves({
            Items: [
                {
                    DomainName: inputs.domainName,
                    Uri: "arn:aws:appflow:eu-west-2:123456789012:flow/other",
                    WorkflowId: "wf-0",
                    CreatedAt: new Date(0),
                    LastUpdatedAt: new Date(0),
                },
            ],
            NextToken: "n2",
        });
        cp.on(ListIntegrationsCommand, { NextToken: "n2" }).resolves({
            Items: [
                {
                    DomainName: inputs.domainName,
                    Uri: "arn:aws:appflow:eu-west-2:123456789012:flow/ongoing",
                    WorkflowId: "wf-5",
                    CreatedAt: new Date(0),
                    LastUpdatedAt: new Date(0),
                },
            ],
        });
        const outs = await readWorkflow(client(), "wf-5", old);
        assert.deepStrictEqual(
            {
                status: outs!.status,
                recordsProcessed: outs!.recordsProcessed,
                pollTimedOut: outs!.pollTimedOut,
                integrationUri: outs!.integrationUri,
            },
            {
                status: "COMPLETE",
                recordsProcessed: 9,
                pollTimedOut: undefined,
                integrationUri: "arn:aws:appflow:eu-west-2:123456789012:flow/ongoing",
            },
        );
        cp.reset();
        cp.on(GetWorkflowCommand).rejects(new ResourceNotFoundException({ message: "Workflow not found", ...meta }));
        assert.strictEqual(await readWorkflow(client(), "wf-5", old), undefined);
    });

    it("delete is idempotent: a workflow already gone counts as deleted; other errors surface", async () => {
        cp.on(DeleteWorkflowCommand)
            .resolvesOnce({})
            .rejectsOnce(new ResourceNotFoundException({ message: "Workflow not found", ...meta }))
            .rejects(new BadRequestException({ message: "Workflow in progress", ...meta }));
        await deleteWorkflow(client(), "wf-6", inputs);
        await deleteWorkflow(client(), "wf-6", inputs);
        await assert.rejects(deleteWorkflow(client(), "wf-6", inputs), {
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

    describe("driven as the engine drives it (serialized, over the wire)", () => {
        const ONGOING = "arn:aws:appflow:eu-west-2:123456789012:flow/sf-accounts-amazon-connect-examplecorp-dev";
        const fast = { ...inputs, pollIntervalSeconds: 0, maxWaitSeconds: 60 };

        it("preview: unknown object type, role and key ARN pass check; diff replaces on them", async () => {
            const engine = await EngineDriver.load(integrationWorkflowProvider);
            const preview = {
                ...inputs,
                objectTypeName: UNKNOWN,
                roleArn: UNKNOWN,
                flowDefinition: { ...inputs.flowDefinition, KmsArn: UNKNOWN },
            };
            const checked = await engine.check({}, preview);
            assert.deepStrictEqual(checked.failures, []);
            assert.deepStrictEqual(withoutProvider(checked.inputs), preview);
            const olds = {
                ...inputs,
                workflowId: "wf-1",
                status: "COMPLETE",
                stepsCompleted: 2,
                totalSteps: 2,
                recordsProcessed: 1,
                steps: [],
            };
            assert.deepStrictEqual(await engine.diff("wf-1", olds, preview), {
                changes: "DIFF_SOME",
                replaces: ["objectTypeName", "roleArn", "flowDefinition"],
                deleteBeforeReplace: true,
            });
            assert.deepStrictEqual((await engine.check({}, { ...inputs, roleArn: "role" })).failures, [
                {
                    property: "roleArn",
                    reason: 'roleArn: "role" is not valid; expected arn:aws:iam::ACCOUNT:role/NAME',
                },
            ]);
            const serviceNowCfn = {
                ...inputs,
                flowDefinition: { ...inputs.flowDefinition, SourceFlowConfig: { ConnectorType: "ServiceNow" } },
            };
            assert.deepStrictEqual((await engine.check({}, serviceNowCfn)).failures, [
                {
                    property: "flowDefinition",
                    reason: 'flowDefinition.SourceFlowConfig.ConnectorType: "ServiceNow" is not valid; expected one of Marketo, S3, Salesforce, Servicenow, Zendesk (Customer Profiles SourceConnectorType)',
                },
            ]);
        });

        it("create → read → diff → update → delete: outputs cross the wire, the ongoing integration is adopted and deleted", async () => {
            // Before: the outputs held `errorDescription: undefined` and `executionMessage: undefined`,
            // which the provider host's protobuf Struct refuses ("Unexpected struct type"): the
            // workflow was created and the engine recorded nothing.
            const engine = await EngineDriver.load(integrationWorkflowProvider);
            cp.on(CreateIntegrationWorkflowCommand).resolves({ WorkflowId: "wf-10", Message: "ok" });
            cp.on(GetWorkflowCommand).resolves({
                Status: "COMPLETE",
                Metrics: { AppflowIntegration: { StepsCompleted: 2, TotalSteps: 2, RecordsProcessed: 3 } },
            });
            cp.on(GetWorkflowStepsCommand).resolves({
                Items: [
                    step("COMPLETE", "2024-01-31T00:00:00Z", "2024-03-31T00:00:00Z", 2),
                    step("COMPLETE", "2024-03-31T00:00:00Z", "2024-04-15T00:00:00Z", 1),
                ],
            });
            cp.on(ListIntegrationsCommand).resolves({
                Items: [
                    {
                        DomainName: inputs.domainName,
                        Uri: ONGOING,
                        WorkflowId: "wf-10",
                        CreatedAt: new Date(0),
                        LastUpdatedAt: new Date(0),
                    },
                ],
            });
            const created = succeeded(await engine.create(fast));
            assert.strictEqual(created.id, "wf-10");
            assert.deepStrictEqual(
                [
                    created.outs.workflowId,
                    created.outs.status,
                    created.outs.recordsProcessed,
                    created.outs.integrationUri,
                ],
                ["wf-10", "COMPLETE", 3, ONGOING],
            );
            assert.ok(!("errorDescription" in created.outs) && !("pollTimedOut" in created.outs));
            const read = await engine.read("wf-10", created.outs);
            assert.deepStrictEqual(withoutProvider(read.props), withoutProvider(created.outs));
            assert.deepStrictEqual(await engine.diff("wf-10", read.props, fast), {
                changes: "DIFF_NONE",
                replaces: [],
                deleteBeforeReplace: false,
            });
            const slower = { ...fast, maxWaitSeconds: 120 };
            assert.deepStrictEqual((await engine.diff("wf-10", read.props, slower)).changes, "DIFF_SOME");
            const updated = succeeded(await engine.update("wf-10", read.props, slower));
            assert.strictEqual(updated.outs.maxWaitSeconds, 120);
            assert.strictEqual(updated.outs.integrationUri, ONGOING);
            cp.on(DeleteIntegrationCommand).resolves({ Message: "deleted" });
            cp.on(DeleteWorkflowCommand).resolves({});
            await engine.delete("wf-10", updated.outs);
            assert.deepStrictEqual(cp.commandCalls(DeleteIntegrationCommand)[0].args[0].input, {
                DomainName: inputs.domainName,
                Uri: ONGOING,
            });
            assert.deepStrictEqual(cp.commandCalls(DeleteWorkflowCommand)[0].args[0].input, {
                DomainName: inputs.domainName,
                WorkflowId: "wf-10",
            });
        });

        it("polling fails after CreateIntegrationWorkflow succeeded: the engine records the workflow (no leak), destroy deletes it", async () => {
            // Before: the error carried no id, so the engine recorded nothing while the workflow ran on.
            const engine = await EngineDriver.load(integrationWorkflowProvider);
            cp.on(CreateIntegrationWorkflowCommand).resolves({ WorkflowId: "wf-11" });
            cp.on(GetWorkflowCommand).rejects(
                Object.assign(new Error("User is not authorized to perform profile:GetWorkflow"), {
                    name: "AccessDeniedException",
                    $metadata: { httpStatusCode: 403 },
                }),
            );
            const f = failed(await engine.create(fast));
            assert.strictEqual(
                f.message,
                "Customer Profiles integration workflow wf-11 was created, but following it failed: GetWorkflow failed: AccessDeniedException: User is not authorized to perform profile:GetWorkflow. The workflow is recorded in the stack: `pulumi refresh` reads its progress, the next `pulumi up` follows it again",
            );
            assert.strictEqual(f.partial?.id, "wf-11");
            assert.deepStrictEqual(
                [f.partial?.properties.workflowId, f.partial?.properties.status, f.partial?.properties.domainName],
                ["wf-11", "UNKNOWN", inputs.domainName],
            );
            // The next `pulumi up`: the engine diffs the recorded state (init errors force an update);
            // an unfinished workflow is followed again, not replaced.
            assert.deepStrictEqual(await engine.diff("wf-11", f.partial!.properties, fast), {
                changes: "DIFF_SOME",
                replaces: [],
                deleteBeforeReplace: false,
            });
            cp.on(DeleteWorkflowCommand).resolves({});
            await engine.delete("wf-11", f.partial!.properties);
            assert.deepStrictEqual(cp.commandCalls(DeleteWorkflowCommand)[0].args[0].input, {
                DomainName: inputs.domainName,
                WorkflowId: "wf-11",
            });
            assert.strictEqual(cp.commandCalls(DeleteIntegrationCommand).length, 0);
        });

        it("a FAILED workflow is recorded, and the next up replaces it (the old one first)", async () => {
            const engine = await EngineDriver.load(integrationWorkflowProvider);
            cp.on(CreateIntegrationWorkflowCommand).resolves({ WorkflowId: "wf-12" });
            cp.on(GetWorkflowCommand).resolves({ Status: "FAILED", ErrorDescription: "Batch failed after 3 retries" });
            cp.on(GetWorkflowStepsCommand).resolves({ Items: [] });
            const f = failed(await engine.create(fast));
            assert.strictEqual(f.partial?.id, "wf-12");
            assert.strictEqual(f.partial?.properties.status, "FAILED");
            assert.deepStrictEqual(await engine.diff("wf-12", f.partial!.properties, fast), {
                changes: "DIFF_SOME",
                replaces: ["status"],
                deleteBeforeReplace: true,
            });
        });
    });

    it("the resource's outputs reach the program (declare, not ES2022 class fields that reset them)", async () => {
        // Before: `public readonly workflowId!: …` compiled to a class field (target ES2022), reset to
        // undefined after the base constructor had set it.
        pulumi.runtime.setMocks(
            {
                newResource: (a) => ({
                    id: "wf-20",
                    state: { ...a.inputs, workflowId: "wf-20", status: "COMPLETE", integrationUri: "uri-1" },
                }),
                call: () => {
                    throw new Error("no call expected");
                },
            },
            "connect-customer-profiles",
            "test",
            false,
        );
        const wf = new IntegrationWorkflow("history", { ...inputs });
        const value = <T>(o: pulumi.Output<T>) => new Promise<T>((r) => o.apply(r));
        assert.deepStrictEqual(await Promise.all([value(wf.workflowId), value(wf.status), value(wf.integrationUri)]), [
            "wf-20",
            "COMPLETE",
            "uri-1",
        ]);
    });
});
