// A Pulumi dynamic provider that activates an Amazon AppFlow flow (event-triggered or scheduled), and
// keeps it active. Two features use it:
// - Salesforce tasks (components/tasks/): the event-triggered Case flow, once its partner bus exists;
// - integrations (components/integrations/): the scheduled flow a Customer Profiles integration
//   creates through PutIntegration stays in Draft until StartFlow is called (Amazon Connect
//   Administrator Guide, "Example: Programmatically integrate Amazon S3 with Amazon Connect Customer
//   Profiles", Step 3: use the flow URI to call the Amazon AppFlow StartFlow API;
//   https://docs.aws.amazon.com/connect/latest/adminguide/customerprofiles-s3-integration.html).
//
// A flow whose destination is Amazon EventBridge creates its partner event source when the flow is
// created; the partner event bus can only be created for a source that exists; and AppFlow activates
// the flow only once that bus exists (https://docs.aws.amazon.com/appflow/latest/userguide/EventBridge.html).
// So the order is: flow (created in Draft) → partner event bus → activation. aws-native's Flow can
// only be created Active or not at all in one step, hence this resource, created after the bus:
//   create  StartFlow (AppFlow API reference, StartFlow: "for schedule and event-triggered flows,
//           this operation activates the flow"); the response's flowStatus is recorded
//   read    DescribeFlow → flowStatus, the flow's real status (AppFlow SDK enum FlowStatus: Active,
//           Deprecated, Deleted, Draft, Errored, Suspended). AppFlow deactivates (suspends) an
//           event-triggered flow on its own, e.g. when the source stops sending events (AppFlow user
//           guide, flow notifications: "AppFlow Event Flow Deactivated"), so `pulumi refresh`
//           records that status, and a flow that no longer exists (or is Deleted) is gone
//   diff    DescribeFlow too (liveDiff): a flow that is not Active now — suspended or errored by
//           AppFlow, left in Draft by an update in place of its integration, or gone — is a change,
//           so `pulumi up` (and its preview) sees it without a refresh; a recorded status other than
//           Active is a change as before. If DescribeFlow cannot be called, the recorded status decides
//           (docs/dynamic-providers.md: `pulumi up --refresh`)
//   update  DescribeFlow, then StartFlow when the flow is not Active now; the AWS identity changes in place
//   delete  StopFlow (API reference, StopFlow: deactivates a schedule or event-triggered flow),
//           idempotent: a flow already gone, or no longer active, counts as stopped
// The client acts as the stack's AWS identity (common/sdk-clients.ts) and retries with the SDK's
// own strategy. During `pulumi preview`, the flow name may be unknown (the flow is created by this
// stack): `check` accepts the placeholder and `diff` reports it as a replacement.
// The operations are plain exported functions taking an SDK client (tests use aws-sdk-client-mock);
// the SDK module is required lazily, so the serialized provider captures none.
import * as pulumi from "@pulumi/pulumi";
import type { AppflowClient } from "@aws-sdk/client-appflow";
import { AwsIdentity, containsUnknown, identityOf, sdkClientConfig } from "../sdk-clients";
import { stackAwsIdentity } from "../aws-identity";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = (): typeof import("@aws-sdk/client-appflow") => require("@aws-sdk/client-appflow");

/** What the activation is made of. */
export interface FlowActivationInputs {
    /** The flow to activate (create-only). */
    flowName: string;
    /** Who the provider acts as, and where: the stack's AWS identity (names only, no credentials). */
    awsIdentity: AwsIdentity;
}

/** The resource's state: its inputs and the flow's status as AppFlow last reported it. */
export interface FlowActivationState extends FlowActivationInputs {
    flowStatus: string;
    /** AppFlow's message for a suspended or errored flow (DescribeFlow flowStatusMessage). */
    flowStatusMessage?: string;
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
                ? "; an event-triggered flow's partner event source must be associated with its partner event bus " +
                  "(and Change Data Capture enabled for the object in Salesforce); a scheduled flow's source must be " +
                  "readable by AppFlow (its connector profile connected, an S3 source bucket's policy admitting AppFlow)"
                : ""),
    );
}

/** StartFlow: activates the event-triggered or scheduled flow. */
export async function activateFlow(
    client: AppflowClient,
    inputs: FlowActivationInputs,
): Promise<{ id: string; outs: FlowActivationState }> {
    const { StartFlowCommand, FlowStatus } = sdk();
    try {
        const out = await client.send(new StartFlowCommand({ flowName: inputs.flowName }));
        return {
            id: inputs.flowName,
            outs: {
                flowName: inputs.flowName,
                awsIdentity: inputs.awsIdentity,
                flowStatus: out.flowStatus ?? FlowStatus.ACTIVE,
            },
        };
    } catch (e) {
        throw failure("activate", inputs.flowName, e);
    }
}

/** DescribeFlow: the flow's real status; undefined when the flow no longer exists. */
export async function readFlowActivation(
    client: AppflowClient,
    state: FlowActivationInputs,
): Promise<FlowActivationState | undefined> {
    const { DescribeFlowCommand, FlowStatus } = sdk();
    try {
        const out = await client.send(new DescribeFlowCommand({ flowName: state.flowName }));
        if (out.flowStatus === FlowStatus.DELETED) return undefined;
        return {
            flowName: state.flowName,
            awsIdentity: state.awsIdentity,
            flowStatus: out.flowStatus ?? "",
            ...(out.flowStatusMessage ? { flowStatusMessage: out.flowStatusMessage } : {}),
        };
    } catch (e) {
        if ((e as SdkError).name === "ResourceNotFoundException") return undefined;
        throw failure("read", state.flowName, e);
    }
}

/** StopFlow: deactivates the flow; a flow already gone (or not active) counts as stopped. */
export async function deactivateFlow(
    client: AppflowClient,
    state: Pick<FlowActivationInputs, "flowName">,
): Promise<void> {
    const { StopFlowCommand } = sdk();
    try {
        await client.send(new StopFlowCommand({ flowName: state.flowName }));
    } catch (e) {
        const name = (e as SdkError).name;
        if (name === "ResourceNotFoundException" || name === "ConflictException") return;
        throw failure("deactivate", state.flowName, e);
    }
}

/** Validates the known inputs; an unknown one (preview) is checked when known, at `pulumi up`. */
export function checkActivationInputs(news: Record<string, unknown>): pulumi.dynamic.CheckFailure[] {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (!containsUnknown(news.flowName) && (typeof news.flowName !== "string" || news.flowName === ""))
        failures.push({
            property: "flowName",
            reason: `flowName: ${JSON.stringify(news.flowName ?? null)} is not valid; expected the name of an AppFlow flow`,
        });
    const identity = news.awsIdentity as Record<string, unknown> | undefined;
    if (
        !containsUnknown(identity) &&
        (typeof identity !== "object" || identity === null || typeof identity.region !== "string")
    )
        failures.push({
            property: "awsIdentity",
            reason: "awsIdentity: expected the AWS identity the provider acts as, { region, profile?, assumeRoles?, endpoints? }",
        });
    return failures;
}

/**
 * The diff: a new (or unknown) flow name replaces; a flow whose recorded status is not Active
 * (suspended, errored, still in draft) is a change that activates it again; an identity change
 * updates in place.
 */
export function diffActivation(
    olds: Partial<FlowActivationState>,
    news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
    const { FlowStatus } = sdk();
    const replaces = containsUnknown(news.flowName) || olds.flowName !== news.flowName ? ["flowName"] : [];
    const inactive = olds.flowStatus !== FlowStatus.ACTIVE;
    const identityChanged =
        containsUnknown(news.awsIdentity) || JSON.stringify(olds.awsIdentity) !== JSON.stringify(news.awsIdentity);
    return { changes: replaces.length > 0 || inactive || identityChanged, replaces, deleteBeforeReplace: true };
}

/**
 * The diff, with the flow's live status: when the flow name stands, DescribeFlow is called and a flow
 * not Active now (or gone) is a change. When AppFlow cannot be asked (no credentials, throttled), the
 * diff of the recorded state stands.
 */
export async function liveDiff(
    client: AppflowClient,
    olds: Partial<FlowActivationState>,
    news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
    const recorded = diffActivation(olds, news);
    if (recorded.replaces!.length > 0 || typeof olds.flowName !== "string") return recorded;
    const { FlowStatus } = sdk();
    let live: FlowActivationState | undefined;
    try {
        live = await readFlowActivation(client, { flowName: olds.flowName, awsIdentity: identityOf(olds) });
    } catch {
        return recorded;
    }
    return live?.flowStatus === FlowStatus.ACTIVE ? recorded : { ...recorded, changes: true };
}

function clientFor(props: { awsIdentity?: AwsIdentity; region?: string }): AppflowClient {
    const { AppflowClient: Client } = sdk();
    return new Client(sdkClientConfig(identityOf(props), "appflow"));
}

/** The dynamic provider. */
export const flowActivationProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: FlowActivationInputs, news: FlowActivationInputs) {
        return { inputs: news, failures: checkActivationInputs(news as unknown as Record<string, unknown>) };
    },
    async diff(_id: string, olds: FlowActivationState, news: FlowActivationInputs) {
        return liveDiff(clientFor(olds), olds, news as unknown as Record<string, unknown>);
    },
    async create(inputs: FlowActivationInputs) {
        return activateFlow(clientFor(inputs), inputs);
    },
    async read(id: string, props: FlowActivationState) {
        const state = await readFlowActivation(clientFor(props), { ...props, awsIdentity: identityOf(props) });
        return state ? { id, props: state } : {};
    },
    async update(_id: string, olds: FlowActivationState, news: FlowActivationInputs) {
        const { FlowStatus } = sdk();
        const client = clientFor(news);
        // The live status, not the recorded one: a flow recorded Active may have been suspended since.
        const live = await readFlowActivation(client, { flowName: olds.flowName, awsIdentity: news.awsIdentity });
        if (live?.flowStatus === FlowStatus.ACTIVE)
            return { outs: { flowName: olds.flowName, awsIdentity: news.awsIdentity, flowStatus: live.flowStatus } };
        return { outs: (await activateFlow(client, news)).outs };
    },
    async delete(_id: string, props: FlowActivationState) {
        await deactivateFlow(clientFor(props), props);
    },
};

/** The resource type the engine records. */
export const FLOW_ACTIVATION_TYPE = "pulumi-nodejs:dynamic/appflow:FlowActivation";

/** Arguments of {@link AppFlowFlowActivation}. */
export interface AppFlowFlowActivationArgs {
    /**
     * The AppFlow flow to keep activated.
     *
     * **Create-only**: a new flow name replaces the activation (`diffActivation` above).
     * @default — required
     */
    flowName: pulumi.Input<string>;
    /**
     * The AWS identity the provider acts as.
     * @default — the stack's (`aws:` configuration)
     */
    awsIdentity?: pulumi.Input<AwsIdentity>;
}

/**
 * Activates an AppFlow flow (StartFlow) — event-triggered, once what it publishes to exists, or scheduled,
 * once the integration that creates it exists — and keeps it active.
 */
export class AppFlowFlowActivation extends pulumi.dynamic.Resource {
    declare public readonly flowName: pulumi.Output<string>;
    /** The flow's status as last read (DescribeFlow on `pulumi refresh`; diff reads it live). */
    declare public readonly flowStatus: pulumi.Output<string>;

    constructor(name: string, args: AppFlowFlowActivationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            flowActivationProvider,
            name,
            { flowName: args.flowName, awsIdentity: args.awsIdentity ?? stackAwsIdentity(), flowStatus: undefined },
            { deleteBeforeReplace: true, ...opts },
            "appflow",
            "FlowActivation",
        );
    }
}
