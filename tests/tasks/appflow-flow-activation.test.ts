// The activation of the event-triggered Salesforce flow: StartFlow after the partner bus exists,
// DescribeFlow on read, StopFlow (idempotent) on delete; and the flow itself created without a status.
import * as assert from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { AppflowClient, DescribeFlowCommand, StartFlowCommand, StopFlowCommand } from "@aws-sdk/client-appflow";
import {
    activateFlow,
    deactivateFlow,
    flowActivationProvider,
    readFlowActivation,
} from "../../components/tasks/providers/appflow-flow-activation";
import { runOfflinePlan } from "../../tools/lib/offline";
import { resource } from "../support/plan";

const inputs = { flowName: "TestDomain-salesforce-case-tasks", region: "eu-west-2" };
const noSleep = { sleep: async () => undefined };
const err = (name: string) => Object.assign(new Error(name), { name });

describe("AppFlow flow activation (dynamic provider)", () => {
    const appflow = mockClient(AppflowClient);
    beforeEach(() => appflow.reset());
    const client = () => new AppflowClient({ region: "eu-west-2" });

    it("create calls StartFlow for the flow and records its status", async () => {
        appflow.on(StartFlowCommand).resolves({ flowStatus: "Active" });
        const out = await activateFlow(client(), inputs, noSleep);
        assert.deepStrictEqual(out, { id: inputs.flowName, outs: { ...inputs, flowStatus: "Active" } });
        assert.deepStrictEqual(appflow.commandCalls(StartFlowCommand)[0].args[0].input, { flowName: inputs.flowName });
    });

    it("create retries throttling and names the flow and the remedy on a permanent failure", async () => {
        appflow.on(StartFlowCommand).rejectsOnce(err("ThrottlingException")).resolves({ flowStatus: "Active" });
        assert.strictEqual((await activateFlow(client(), inputs, noSleep)).outs.flowStatus, "Active");
        appflow.reset();
        appflow.on(StartFlowCommand).rejects(err("ValidationException"));
        await assert.rejects(
            activateFlow(client(), inputs, noSleep),
            /Could not activate AppFlow flow TestDomain-salesforce-case-tasks: ValidationException: .*partner event bus/,
        );
    });

    it("read reports the status, and a flow that is gone", async () => {
        appflow.on(DescribeFlowCommand).resolves({ flowStatus: "Suspended" });
        assert.deepStrictEqual(await readFlowActivation(client(), inputs, noSleep), {
            ...inputs,
            flowStatus: "Suspended",
        });
        appflow.reset();
        appflow.on(DescribeFlowCommand).rejects(err("ResourceNotFoundException"));
        assert.strictEqual(await readFlowActivation(client(), inputs, noSleep), undefined);
    });

    it("delete calls StopFlow; a flow already gone or not active counts as stopped", async () => {
        appflow.on(StopFlowCommand).resolves({});
        await deactivateFlow(client(), inputs, noSleep);
        assert.strictEqual(appflow.commandCalls(StopFlowCommand).length, 1);
        for (const name of ["ResourceNotFoundException", "ConflictException"]) {
            appflow.reset();
            appflow.on(StopFlowCommand).rejects(err(name));
            await deactivateFlow(client(), inputs, noSleep);
        }
        appflow.reset();
        appflow.on(StopFlowCommand).rejects(err("AccessDeniedException"));
        await assert.rejects(deactivateFlow(client(), inputs, noSleep), /Could not deactivate AppFlow flow/);
    });

    it("diff replaces on a new flow name or region, and nothing else", async () => {
        const diff = flowActivationProvider.diff!;
        assert.deepStrictEqual(await diff("f", { ...inputs, flowStatus: "Active" }, inputs), {
            changes: false,
            replaces: [],
            deleteBeforeReplace: true,
        });
        assert.deepStrictEqual(await diff("f", { ...inputs, flowStatus: "Active" }, { ...inputs, flowName: "other" }), {
            changes: true,
            replaces: ["flowName"],
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
    });
});
