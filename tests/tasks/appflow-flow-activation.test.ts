// The activation of the event-triggered Salesforce flow: StartFlow after the partner bus exists,
// DescribeFlow's real status on read (so a refresh sees a suspended flow and the next `pulumi up`
// activates it again), StopFlow (idempotent) on delete; the flow itself created without a status.
// The provider is serialized and driven as the engine drives it (tests/support/dynamic-provider.ts).
import * as assert from "assert";
import { mockClient } from "aws-sdk-client-mock";
import {
    AppflowClient,
    DescribeFlowCommand,
    FlowStatus,
    StartFlowCommand,
    StopFlowCommand,
} from "@aws-sdk/client-appflow";
import {
    activateFlow,
    deactivateFlow,
    flowActivationProvider,
    readFlowActivation,
} from "../../components/common/providers/appflow-flow-activation";
import { runOfflinePlan } from "../../tools/lib/offline";
import { resource } from "../support/plan";
import { EngineDriver, succeeded, UNKNOWN, withoutProvider } from "../support/dynamic-provider";

const inputs = { flowName: "amazon-connect-test-salesforce-case-tasks", awsIdentity: { region: "eu-west-2" } };
const err = (name: string) => Object.assign(new Error(name), { name, $metadata: {} });

describe("AppFlow flow activation (dynamic provider)", () => {
    const appflow = mockClient(AppflowClient);
    beforeEach(() => appflow.reset());
    after(() => appflow.restore());
    const client = () => new AppflowClient({ region: "eu-west-2" });

    it("create calls StartFlow for the flow and records its status", async () => {
        appflow.on(StartFlowCommand).resolves({ flowStatus: FlowStatus.ACTIVE });
        const out = await activateFlow(client(), inputs);
        assert.deepStrictEqual(out, { id: inputs.flowName, outs: { ...inputs, flowStatus: "Active" } });
        assert.deepStrictEqual(appflow.commandCalls(StartFlowCommand)[0].args[0].input, { flowName: inputs.flowName });
    });

    it("create names the flow and the remedy on a failure", async () => {
        appflow.on(StartFlowCommand).rejects(err("ValidationException"));
        await assert.rejects(
            activateFlow(client(), inputs),
            /Could not activate AppFlow flow amazon-connect-test-salesforce-case-tasks: ValidationException: .*partner event bus/,
        );
    });

    it("read reports the real status with AppFlow's message, and a flow that is gone or Deleted", async () => {
        appflow.on(DescribeFlowCommand).resolves({
            flowStatus: FlowStatus.SUSPENDED,
            flowStatusMessage: "Flow suspended: the source stopped sending events",
        });
        assert.deepStrictEqual(await readFlowActivation(client(), inputs), {
            ...inputs,
            flowStatus: "Suspended",
            flowStatusMessage: "Flow suspended: the source stopped sending events",
        });
        appflow.reset();
        appflow.on(DescribeFlowCommand).rejects(err("ResourceNotFoundException"));
        assert.strictEqual(await readFlowActivation(client(), inputs), undefined);
        appflow.reset();
        appflow.on(DescribeFlowCommand).resolves({ flowStatus: FlowStatus.DELETED });
        assert.strictEqual(await readFlowActivation(client(), inputs), undefined);
    });

    it("delete calls StopFlow; a flow already gone or not active counts as stopped", async () => {
        appflow.on(StopFlowCommand).resolves({});
        await deactivateFlow(client(), inputs);
        assert.strictEqual(appflow.commandCalls(StopFlowCommand).length, 1);
        for (const name of ["ResourceNotFoundException", "ConflictException"]) {
            appflow.reset();
            appflow.on(StopFlowCommand).rejects(err(name));
            await deactivateFlow(client(), inputs);
        }
        appflow.reset();
        appflow.on(StopFlowCommand).rejects(err("AccessDeniedException"));
        await assert.rejects(deactivateFlow(client(), inputs), /Could not deactivate AppFlow flow/);
    });

    it("a flow AppFlow suspended: refresh reads Suspended, the next up sees a change and activates it again", async () => {
        // Before: read recorded the status but diff compared only the flow name and region, so
        // `pulumi up` after a refresh reported no change and the flow stayed suspended.
        const engine = await EngineDriver.load(flowActivationProvider);
        appflow.on(StartFlowCommand).resolves({ flowStatus: FlowStatus.ACTIVE });
        const created = succeeded(await engine.create(inputs));
        assert.strictEqual(created.outs.flowStatus, "Active");
        appflow.on(DescribeFlowCommand).resolves({ flowStatus: FlowStatus.ACTIVE });
        const fresh = await engine.read(created.id, created.outs);
        assert.deepStrictEqual(await engine.diff(created.id, fresh.props, inputs), {
            changes: "DIFF_NONE",
            replaces: [],
            deleteBeforeReplace: true,
        });
        appflow.on(DescribeFlowCommand).resolves({ flowStatus: FlowStatus.SUSPENDED });
        const refreshed = await engine.read(created.id, created.outs);
        assert.strictEqual(refreshed.id, inputs.flowName);
        assert.strictEqual(refreshed.props.flowStatus, "Suspended");
        assert.deepStrictEqual(await engine.diff(created.id, refreshed.props, inputs), {
            changes: "DIFF_SOME",
            replaces: [],
            deleteBeforeReplace: true,
        });
        const updated = succeeded(await engine.update(created.id, refreshed.props, inputs));
        assert.deepStrictEqual(withoutProvider(updated.outs), { ...inputs, flowStatus: "Active" });
        assert.strictEqual(appflow.commandCalls(StartFlowCommand).length, 2);
        appflow.on(StopFlowCommand).resolves({});
        await engine.delete(created.id, updated.outs);
        assert.strictEqual(appflow.commandCalls(StopFlowCommand).length, 1);
    });

    // Issue 19 review 4: diff asked nothing of AppFlow, so a flow that left Active after the last refresh
    // (suspended, errored, put back in Draft by an update of its integration, or deleted) showed no change
    // and `pulumi up` left it stopped. Fails on the old provider: diff returned DIFF_NONE and update skipped
    // StartFlow for a flow recorded Active.
    it("without a refresh: diff asks DescribeFlow, and a flow no longer Active is a change that update activates", async () => {
        const engine = await EngineDriver.load(flowActivationProvider);
        const recorded = { ...inputs, flowStatus: "Active" };
        const some = { changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: true };
        for (const status of [FlowStatus.SUSPENDED, FlowStatus.ERRORED, FlowStatus.DRAFT, FlowStatus.DELETED]) {
            appflow.reset();
            appflow.on(DescribeFlowCommand).resolves({ flowStatus: status });
            assert.deepStrictEqual(await engine.diff(inputs.flowName, recorded, inputs), some, status);
            assert.deepStrictEqual(appflow.commandCalls(DescribeFlowCommand)[0].args[0].input, {
                flowName: inputs.flowName,
            });
        }
        appflow.reset();
        appflow.on(DescribeFlowCommand).rejects(err("ResourceNotFoundException"));
        assert.deepStrictEqual(await engine.diff(inputs.flowName, recorded, inputs), some);
        // AppFlow cannot be asked: the recorded status decides (docs/dynamic-providers.md: pulumi up --refresh).
        appflow.reset();
        appflow.on(DescribeFlowCommand).rejects(err("AccessDeniedException"));
        assert.deepStrictEqual(await engine.diff(inputs.flowName, recorded, inputs), {
            changes: "DIFF_NONE",
            replaces: [],
            deleteBeforeReplace: true,
        });
        // update reads the live status: recorded Active, suspended now → StartFlow.
        appflow.reset();
        appflow.on(DescribeFlowCommand).resolves({ flowStatus: FlowStatus.SUSPENDED });
        appflow.on(StartFlowCommand).resolves({ flowStatus: FlowStatus.ACTIVE });
        const updated = succeeded(await engine.update(inputs.flowName, recorded, inputs));
        assert.deepStrictEqual(withoutProvider(updated.outs), { ...inputs, flowStatus: "Active" });
        assert.strictEqual(appflow.commandCalls(StartFlowCommand).length, 1);
        // Active now: no StartFlow.
        appflow.reset();
        appflow.on(DescribeFlowCommand).resolves({ flowStatus: FlowStatus.ACTIVE });
        succeeded(
            await engine.update(inputs.flowName, recorded, {
                ...inputs,
                awsIdentity: { region: "eu-west-2", profile: "p" },
            }),
        );
        assert.strictEqual(appflow.commandCalls(StartFlowCommand).length, 0);
    });

    it("preview: an unknown flow name passes check and diff reports a replacement", async () => {
        const engine = await EngineDriver.load(flowActivationProvider);
        const preview = { ...inputs, flowName: UNKNOWN };
        assert.deepStrictEqual((await engine.check({}, preview)).failures, []);
        assert.deepStrictEqual(await engine.diff(inputs.flowName, { ...inputs, flowStatus: "Active" }, preview), {
            changes: "DIFF_SOME",
            replaces: ["flowName"],
            deleteBeforeReplace: true,
        });
        assert.deepStrictEqual((await engine.check({}, { ...inputs, flowName: "" })).failures, [
            { property: "flowName", reason: 'flowName: "" is not valid; expected the name of an AppFlow flow' },
        ]);
    });

    it("state written before the identity input (region only) still reads, and updates in place", async () => {
        const engine = await EngineDriver.load(flowActivationProvider);
        const old = { flowName: inputs.flowName, region: "eu-west-2", flowStatus: "Active" };
        appflow.on(DescribeFlowCommand).resolves({ flowStatus: FlowStatus.ACTIVE });
        assert.strictEqual((await engine.read(inputs.flowName, old)).props.flowStatus, "Active");
        assert.deepStrictEqual(await engine.diff(inputs.flowName, old, inputs), {
            changes: "DIFF_SOME",
            replaces: [],
            deleteBeforeReplace: true,
        });
    });

    it("the dev stack's flow is created without a status and ignores the status the activation sets", async () => {
        const { plan } = await runOfflinePlan({ stack: "dev" });
        const flow = resource(plan, "aws-native:appflow:Flow", "salesforce-tasks-flow");
        assert.ok(
            !("flowStatus" in flow.inputs),
            "created Active, AppFlow would refuse: the partner bus cannot exist yet",
        );
        assert.deepStrictEqual(flow.ignoreChanges, ["flowStatus"]);
        const activation = resource(
            plan,
            "pulumi-nodejs:dynamic/appflow:FlowActivation",
            "salesforce-tasks-flow-activation",
        );
        assert.deepStrictEqual(activation.inputs.awsIdentity, { region: "eu-west-2" });
    });
});
