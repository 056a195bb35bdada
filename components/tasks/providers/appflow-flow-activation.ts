// A Pulumi dynamic provider that activates an event-triggered Amazon AppFlow flow.
//
// A flow whose destination is Amazon EventBridge creates its partner event source when the flow is
// created; the partner event bus can only be created for a source that exists; and AppFlow activates
// the flow only once that bus exists (https://docs.aws.amazon.com/appflow/latest/userguide/EventBridge.html).
// So the order is: flow (created in Draft) → partner event bus → activation. aws-native's Flow can
// only be created Active or not at all in one step, hence this resource, created after the bus:
//   create  StartFlow (an event-triggered flow becomes Active)
//   read    DescribeFlow (flowStatus)
//   delete  StopFlow, idempotent: a flow already gone, or no longer active, counts as stopped
// The create/read/delete are plain exported functions taking an SDK client (tests use
// aws-sdk-client-mock); the SDK module is required lazily, so the serialized provider captures none.
import * as pulumi from "@pulumi/pulumi";
import type { AppflowClient } from "@aws-sdk/client-appflow";
import { RetryOptions, withRetry } from "../../common/retry";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = (): typeof import("@aws-sdk/client-appflow") => require("@aws-sdk/client-appflow");

/** What the activation is made of (both create-only). */
export interface FlowActivationInputs {
    /** The flow to activate. */
    flowName: string;
    /** The flow's region. */
    region: string;
}

/** The resource's state: its inputs and the flow's status as AppFlow last reported it. */
export interface FlowActivationState extends FlowActivationInputs {
    flowStatus: string;
}

interface SdkError {
    name?: string;
    message?: string;
}

function failure(action: string, flowName: string, e: unknown): Error {
    const err = (e ?? {}) as SdkError;
    return new Error(
        `Could not ${action} AppFlow flow ${flowName}: ${err.name ?? "Error"}: ${err.message ?? String(e)}` +
            (action === "activate"
                ? "; the flow's partner event source must be associated with its partner event bus, and Change Data Capture enabled for the object in Salesforce"
                : ""),
    );
}

/** StartFlow: activates the event-triggered flow. */
export async function activateFlow(
    client: AppflowClient,
    inputs: FlowActivationInputs,
    options: RetryOptions = {},
): Promise<{ id: string; outs: FlowActivationState }> {
    const { StartFlowCommand } = sdk();
    try {
        const out = await withRetry(() => client.send(new StartFlowCommand({ flowName: inputs.flowName })), options);
        return { id: inputs.flowName, outs: { ...inputs, flowStatus: out.flowStatus ?? "Active" } };
    } catch (e) {
        throw failure("activate", inputs.flowName, e);
    }
}

/** DescribeFlow: the flow's status; undefined when the flow no longer exists. */
export async function readFlowActivation(
    client: AppflowClient,
    state: FlowActivationInputs,
    options: RetryOptions = {},
): Promise<FlowActivationState | undefined> {
    const { DescribeFlowCommand } = sdk();
    try {
        const out = await withRetry(() => client.send(new DescribeFlowCommand({ flowName: state.flowName })), options);
        return { flowName: state.flowName, region: state.region, flowStatus: out.flowStatus ?? "" };
    } catch (e) {
        if ((e as SdkError).name === "ResourceNotFoundException") return undefined;
        throw failure("read", state.flowName, e);
    }
}

/** StopFlow: deactivates the flow; a flow already gone (or not active) counts as stopped. */
export async function deactivateFlow(
    client: AppflowClient,
    state: FlowActivationInputs,
    options: RetryOptions = {},
): Promise<void> {
    const { StopFlowCommand } = sdk();
    try {
        await withRetry(() => client.send(new StopFlowCommand({ flowName: state.flowName })), options);
    } catch (e) {
        const name = (e as SdkError).name;
        if (name === "ResourceNotFoundException" || name === "ConflictException") return;
        throw failure("deactivate", state.flowName, e);
    }
}

function clientFor(region: string): AppflowClient {
    const { AppflowClient: Client } = sdk();
    return new Client({ region, maxAttempts: 1 });
}

/** The dynamic provider: both inputs are create-only. */
export const flowActivationProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: FlowActivationState, news: FlowActivationInputs) {
        const replaces = (["flowName", "region"] as const).filter((k) => olds[k] !== news[k]);
        return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
    },
    async create(inputs: FlowActivationInputs) {
        return activateFlow(clientFor(inputs.region), inputs);
    },
    async read(id: string, props: FlowActivationState) {
        const state = await readFlowActivation(clientFor(props.region), props);
        return state ? { id, props: state } : {};
    },
    async delete(_id: string, props: FlowActivationState) {
        await deactivateFlow(clientFor(props.region), props);
    },
};

/** The resource type the engine records. */
export const FLOW_ACTIVATION_TYPE = "pulumi-nodejs:dynamic/appflow:FlowActivation";

/** Arguments of {@link AppFlowFlowActivation}. */
export interface AppFlowFlowActivationArgs {
    flowName: pulumi.Input<string>;
    region: pulumi.Input<string>;
}

/** Activates an event-triggered AppFlow flow (StartFlow), once what it publishes to exists. */
export class AppFlowFlowActivation extends pulumi.dynamic.Resource {
    declare public readonly flowName: pulumi.Output<string>;
    declare public readonly flowStatus: pulumi.Output<string>;

    constructor(name: string, args: AppFlowFlowActivationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            flowActivationProvider,
            name,
            { ...args, flowStatus: undefined },
            { deleteBeforeReplace: true, ...opts },
            "appflow",
            "FlowActivation",
        );
    }
}
