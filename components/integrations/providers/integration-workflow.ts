// A resource of the program's own for Customer Profiles integration workflows (historical
// ingestion): neither @pulumi/aws nor @pulumi/aws-native has one. A Pulumi dynamic provider over
// the AWS SDK v3 Customer Profiles client, acting as the stack's AWS identity (common/sdk-clients.ts):
// - create: CreateIntegrationWorkflow (Customer Profiles API reference: WorkflowType
//   APPFLOW_INTEGRATION, the only value, with IntegrationConfig.AppflowIntegration's FlowDefinition
//   and Batches; "an async process which ingests historic data and sets up an integration for
//   ongoing updates"), then a bounded poll of GetWorkflow (Status, Metrics) and GetWorkflowSteps
//   (one item per batch); progress becomes the resource's outputs. Once the workflow exists, every
//   failure (a FAILED or CANCELLED workflow, or an error while polling) is reported to the engine as
//   an initialization failure carrying the workflow's id: the engine records the resource (partial
//   state), so the workflow never leaks — `pulumi destroy` deletes it, the next `pulumi up`
//   replaces a failed workflow and resumes polling a running one;
// - the ongoing integration: when the workflow completes, Customer Profiles creates the integration
//   that keeps the object type current. The provider adopts it: ListIntegrations lists it with
//   this WorkflowId (API reference, ListIntegrationItem.WorkflowId), its Uri becomes the output
//   `integrationUri`, `pulumi refresh` reads it again, and deleting the resource deletes it too
//   (DeleteIntegration, DomainName + Uri) before the workflow;
// - read: the workflow's status and progress and the adopted integration (`pulumi refresh`);
// - update: the poll settings and the identity change in place; a workflow not finished is polled
//   again; any other change replaces the workflow (the old one first: its flows carry the names);
// - delete: the adopted integration, then DeleteWorkflow; what is already gone counts as deleted.
// Retries are the SDK's own (throttling, 5xx, timeouts and connection resets); the only loop here is
// the bounded poll of a workflow, which the SDK does not do (it has no waiter for GetWorkflow). The
// SDK has no paginator for GetWorkflowSteps or ListIntegrations, so their NextToken is followed here.
//
// During `pulumi preview` the inputs computed by other resources (object type name, role ARN, key
// ARN inside the flow definition) are the engine's unknown placeholder: `check` validates known
// values only, and `diff` reports an unknown input as a replacement.
//
// The operations are plain exported functions taking an SDK client, so they are tested against a
// mocked client. The provider object creates the client inside each method (from a `require`
// made there), so the serialized provider captures no SDK module.
import * as pulumi from "@pulumi/pulumi";
import type { SourceConnectorType } from "@aws-sdk/client-customer-profiles";
import { AwsIdentity, containsUnknown, describeSdkError, identityOf, sdkClientConfig } from "../../common/sdk-clients";
import { stackAwsIdentity } from "../../common/aws-identity";

export const WORKFLOW_TYPE = "APPFLOW_INTEGRATION";
/** Statuses after which a workflow changes no more (Customer Profiles Status enum). */
export const TERMINAL_STATUSES = ["COMPLETE", "FAILED", "CANCELLED"];
/** Default poll: every 30 s, for at most 50 minutes (within a `pulumi up`'s patience). */
export const DEFAULT_POLL_INTERVAL_SECONDS = 30;
export const DEFAULT_MAX_WAIT_SECONDS = 3000;

/** A batch, as the provider's inputs hold it (ISO strings: inputs must be JSON). */
export interface WorkflowBatch {
    startTime: string;
    endTime: string;
}

/** The inputs of an integration workflow (JSON only: they are stored in the state). */
export interface IntegrationWorkflowInputs {
    /** Who the provider acts as: the stack's AWS identity (names only, no credentials). */
    awsIdentity: AwsIdentity;
    domainName: string;
    objectTypeName: string;
    /** The role Customer Profiles assumes to create and run the workflow's flows. */
    roleArn: string;
    /** The AppFlow flow definition, in the API's shape (`FlowName`, `KmsArn`, `SourceFlowConfig`, …). */
    flowDefinition: Record<string, unknown>;
    batches: WorkflowBatch[];
    tags?: Record<string, string>;
    pollIntervalSeconds?: number;
    maxWaitSeconds?: number;
}

/** Progress of one batch (one step of the workflow). */
export interface WorkflowStepProgress {
    flowName?: string;
    status?: string;
    batchStart?: string;
    batchEnd?: string;
    recordsProcessed?: number;
    executionMessage?: string;
}

export interface IntegrationWorkflowOutputs extends IntegrationWorkflowInputs {
    workflowId: string;
    status: string;
    errorDescription?: string;
    stepsCompleted: number;
    totalSteps: number;
    recordsProcessed: number;
    steps: WorkflowStepProgress[];
    /** Set when the poll ended before the workflow did: run `pulumi refresh` later for its outcome. */
    pollTimedOut?: boolean;
    /**
     * The Uri of the ongoing integration Customer Profiles created when the workflow completed
     * (adopted: deleted with this resource). Absent while the workflow runs.
     */
    integrationUri?: string;
}

/** The SDK client's one method this module uses (a real client, or a mock of it). */
export interface SendsCommands {
    send(command: unknown): Promise<any>;
}

/** What the provider needs from the outside world: injectable for tests. */
export interface Clock {
    sleep(ms: number): Promise<void>;
    now(): number;
}

export const realClock: Clock = { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), now: () => Date.now() };

function sdk(): typeof import("@aws-sdk/client-customer-profiles") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@aws-sdk/client-customer-profiles");
}

/** Whether an error is the API's "not found" (the workflow or integration no longer exists). */
const isNotFound = (e: unknown): boolean => (e as { name?: string })?.name === "ResourceNotFoundException";

/** Runs an SDK call; a failure becomes `OPERATION failed: NAME: MESSAGE` (the SDK already retried it). */
async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
        return await fn();
    } catch (e) {
        throw Object.assign(new Error(`${operation} failed: ${describeSdkError(e)}`), { cause: e });
    }
}

/** A copy without `undefined` members, at any depth: the engine's wire (protobuf Struct) refuses them. */
export function defined<T>(v: T): T {
    if (Array.isArray(v)) return v.map(defined) as T;
    if (v !== null && typeof v === "object" && !(v instanceof Date))
        return Object.fromEntries(
            Object.entries(v)
                .filter(([, x]) => x !== undefined)
                .map(([k, x]) => [k, defined(x)]),
        ) as T;
    return v;
}

/** The API's request for an integration workflow. */
export function createRequest(inputs: IntegrationWorkflowInputs): Record<string, unknown> {
    return {
        DomainName: inputs.domainName,
        WorkflowType: WORKFLOW_TYPE,
        ObjectTypeName: inputs.objectTypeName,
        RoleArn: inputs.roleArn,
        IntegrationConfig: {
            AppflowIntegration: {
                FlowDefinition: inputs.flowDefinition,
                Batches: inputs.batches.map((b) => ({
                    StartTime: new Date(b.startTime),
                    EndTime: new Date(b.endTime),
                })),
            },
        },
        ...(inputs.tags && Object.keys(inputs.tags).length > 0 ? { Tags: inputs.tags } : {}),
    };
}

const iso = (d: unknown): string | undefined =>
    d instanceof Date ? d.toISOString() : typeof d === "string" ? d : undefined;

/** One look at a workflow: its status, metrics and every step (all pages). */
export async function fetchProgress(
    client: SendsCommands,
    domainName: string,
    workflowId: string,
): Promise<
    Pick<
        IntegrationWorkflowOutputs,
        "status" | "errorDescription" | "stepsCompleted" | "totalSteps" | "recordsProcessed" | "steps"
    >
> {
    const { GetWorkflowCommand, GetWorkflowStepsCommand } = sdk();
    const wf = await call("GetWorkflow", () =>
        client.send(new GetWorkflowCommand({ DomainName: domainName, WorkflowId: workflowId })),
    );
    const steps: WorkflowStepProgress[] = [];
    let token: string | undefined;
    do {
        const page = await call("GetWorkflowSteps", () =>
            client.send(
                new GetWorkflowStepsCommand({
                    DomainName: domainName,
                    WorkflowId: workflowId,
                    NextToken: token,
                    MaxResults: 100,
                }),
            ),
        );
        for (const item of page?.Items ?? []) {
            const s = item.AppflowIntegration;
            if (!s) continue;
            steps.push({
                flowName: s.FlowName,
                status: s.Status,
                batchStart: iso(s.BatchRecordsStartTime),
                batchEnd: iso(s.BatchRecordsEndTime),
                recordsProcessed: s.RecordsProcessed,
                executionMessage: s.ExecutionMessage || undefined,
            });
        }
        token = page?.NextToken;
    } while (token);
    const m = wf?.Metrics?.AppflowIntegration ?? {};
    return defined({
        status: wf?.Status ?? "NOT_STARTED",
        errorDescription: wf?.ErrorDescription || undefined,
        stepsCompleted: m.StepsCompleted ?? steps.filter((s) => s.status === "COMPLETE").length,
        totalSteps: m.TotalSteps ?? steps.length,
        recordsProcessed: m.RecordsProcessed ?? steps.reduce((n, s) => n + (s.recordsProcessed ?? 0), 0),
        steps,
    });
}

/** The error a failed workflow fails the resource with: its own error, then each failed step. */
export function workflowFailure(
    workflowId: string,
    p: { status: string; errorDescription?: string; steps: WorkflowStepProgress[] },
): Error {
    const failed = p.steps.filter((s) => s.status === "FAILED" || s.status === "CANCELLED");
    const lines = failed.map(
        (s) =>
            `  - ${s.flowName ?? "flow"} [${s.batchStart ?? "?"} – ${s.batchEnd ?? "?"}]: ${s.status}${s.executionMessage ? `: ${s.executionMessage}` : ""}`,
    );
    return new Error(
        [
            `Customer Profiles integration workflow ${workflowId} ${p.status}: ${p.errorDescription ?? "no error description"}`,
            ...lines,
        ].join("\n"),
    );
}

/**
 * The ongoing integration Customer Profiles created for a workflow, if any: the integration
 * ListIntegrations reports with this WorkflowId (Customer Profiles API reference, ListIntegrations,
 * ListIntegrationItem.WorkflowId). Every page is read.
 */
export async function findWorkflowIntegration(
    client: SendsCommands,
    domainName: string,
    workflowId: string,
): Promise<string | undefined> {
    const { ListIntegrationsCommand } = sdk();
    let token: string | undefined;
    do {
        const page = await call("ListIntegrations", () =>
            client.send(new ListIntegrationsCommand({ DomainName: domainName, NextToken: token, MaxResults: 100 })),
        );
        const hit = (page?.Items ?? []).find((i: { WorkflowId?: string }) => i.WorkflowId === workflowId);
        if (hit?.Uri) return hit.Uri;
        token = page?.NextToken;
    } while (token);
    return undefined;
}

/** The state the engine records for a workflow: its inputs, its id, its progress, its integration. */
function stateOf(
    inputs: IntegrationWorkflowInputs,
    workflowId: string,
    p: Partial<IntegrationWorkflowOutputs>,
): IntegrationWorkflowOutputs {
    const { pollTimedOut: _p, integrationUri: _u, ...rest } = inputs as IntegrationWorkflowOutputs;
    const base: Record<string, unknown> = rest;
    return defined({
        stepsCompleted: 0,
        totalSteps: inputs.batches?.length ?? 0,
        recordsProcessed: 0,
        steps: [],
        status: "UNKNOWN",
        ...base,
        ...p,
        workflowId,
    }) as IntegrationWorkflowOutputs;
}

/**
 * An error that tells the engine the workflow exists although the operation failed (the dynamic
 * provider host turns an error carrying `id`, `properties` and `reasons` into
 * ErrorResourceInitFailed: @pulumi/pulumi cmd/dynamic-provider, grpcResponseFromError). The engine
 * records the resource with this id and state, so the workflow is tracked, not leaked.
 * A plain Error with fields, not a subclass: the serializer rewrites classes into functions that
 * call `Error` without `new`, which loses the message.
 */
export interface WorkflowInitError extends Error {
    name: "WorkflowInitError";
    id: string;
    properties: IntegrationWorkflowOutputs;
    reasons: string[];
}

export function workflowInitError(
    message: string,
    id: string,
    properties: IntegrationWorkflowOutputs,
): WorkflowInitError {
    return Object.assign(new Error(message), {
        name: "WorkflowInitError" as const,
        id,
        properties,
        reasons: [message],
    });
}

const isWorkflowInitError = (e: unknown): e is WorkflowInitError =>
    (e as { name?: string })?.name === "WorkflowInitError" && typeof (e as { id?: unknown }).id === "string";

/**
 * Polls until the workflow ends or the wait is over. A FAILED or CANCELLED workflow, or an error
 * while polling, throws a {@link WorkflowInitError} carrying the workflow's id and last state.
 * On COMPLETE, adopts the ongoing integration Customer Profiles created.
 */
export async function waitForWorkflow(
    client: SendsCommands,
    inputs: IntegrationWorkflowInputs,
    workflowId: string,
    clock: Clock,
): Promise<IntegrationWorkflowOutputs> {
    const interval = (inputs.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS) * 1000;
    const deadline = clock.now() + (inputs.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS) * 1000;
    let last: Partial<IntegrationWorkflowOutputs> = {};
    try {
        for (;;) {
            const p = await fetchProgress(client, inputs.domainName, workflowId);
            last = p;
            if (p.status === "FAILED" || p.status === "CANCELLED") {
                const failure = workflowFailure(workflowId, p);
                throw workflowInitError(failure.message, workflowId, stateOf(inputs, workflowId, p));
            }
            if (p.status === "COMPLETE") {
                const integrationUri = await findWorkflowIntegration(client, inputs.domainName, workflowId);
                return stateOf(inputs, workflowId, { ...p, integrationUri });
            }
            if (clock.now() + interval > deadline) return stateOf(inputs, workflowId, { ...p, pollTimedOut: true });
            await clock.sleep(interval);
        }
    } catch (e) {
        if (isWorkflowInitError(e)) throw e;
        const message =
            `Customer Profiles integration workflow ${workflowId} was created, but following it failed: ` +
            `${(e as Error).message}. The workflow is recorded in the stack: \`pulumi refresh\` reads its ` +
            "progress, the next `pulumi up` follows it again";
        throw workflowInitError(message, workflowId, stateOf(inputs, workflowId, last));
    }
}

export async function createWorkflow(
    client: SendsCommands,
    inputs: IntegrationWorkflowInputs,
    clock: Clock = realClock,
): Promise<{ id: string; outs: IntegrationWorkflowOutputs }> {
    const { CreateIntegrationWorkflowCommand } = sdk();
    const created = await call("CreateIntegrationWorkflow", () =>
        client.send(new CreateIntegrationWorkflowCommand(createRequest(inputs) as any)),
    );
    const workflowId: string | undefined = created?.WorkflowId;
    if (!workflowId) throw new Error("CreateIntegrationWorkflow failed: the response has no WorkflowId");
    return { id: workflowId, outs: await waitForWorkflow(client, inputs, workflowId, clock) };
}

/** The workflow's current state; undefined when it no longer exists. */
export async function readWorkflow(
    client: SendsCommands,
    id: string,
    props: IntegrationWorkflowOutputs,
): Promise<IntegrationWorkflowOutputs | undefined> {
    let p;
    try {
        p = await fetchProgress(client, props.domainName, id);
    } catch (e) {
        if (isNotFound((e as Error).cause)) return undefined;
        throw e;
    }
    const integrationUri =
        p.status === "COMPLETE" ? await findWorkflowIntegration(client, props.domainName, id) : undefined;
    return stateOf(props, id, { ...p, integrationUri });
}

/** The inputs of the resource (everything else in its state is an output). */
export const INPUT_KEYS: (keyof IntegrationWorkflowInputs)[] = [
    "awsIdentity",
    "domainName",
    "objectTypeName",
    "roleArn",
    "flowDefinition",
    "batches",
    "tags",
    "pollIntervalSeconds",
    "maxWaitSeconds",
];
/** Inputs that change only how the provider waits or who it acts as: updatable in place. Anything else replaces. */
export const UPDATABLE_INPUTS = ["pollIntervalSeconds", "maxWaitSeconds", "awsIdentity"];

/**
 * The diff. A changed input, or one not known yet (preview), replaces the workflow unless it is
 * updatable in place; a workflow that FAILED or was CANCELLED is replaced (the next `pulumi up`
 * runs the history again); one still running is updated (polled again).
 */
export function diffWorkflow(
    olds: Partial<IntegrationWorkflowOutputs>,
    news: IntegrationWorkflowInputs,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
    const o = olds as Record<string, unknown>;
    const n = news as unknown as Record<string, unknown>;
    const changed = INPUT_KEYS.filter((k) => containsUnknown(n[k]) || JSON.stringify(o[k]) !== JSON.stringify(n[k]));
    const replaces = changed.filter((k) => !UPDATABLE_INPUTS.includes(k)) as string[];
    if (olds.status === "FAILED" || olds.status === "CANCELLED") replaces.push("status");
    const unfinished = olds.status !== undefined && !TERMINAL_STATUSES.includes(olds.status);
    // A new workflow creates flows with the same names: the old one (and its flows) must go first.
    return {
        changes: changed.length > 0 || replaces.length > 0 || unfinished,
        replaces,
        deleteBeforeReplace: replaces.length > 0,
    };
}

/** Validates the known inputs; an unknown one (preview) is checked when known, at `pulumi up`. */
export function checkWorkflowInputs(news: Record<string, unknown>): pulumi.dynamic.CheckFailure[] {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const known = (k: string) => !containsUnknown(news[k]);
    for (const k of ["domainName", "objectTypeName", "roleArn"])
        if (known(k) && (typeof news[k] !== "string" || news[k] === ""))
            failures.push({
                property: k,
                reason: `${k}: ${JSON.stringify(news[k] ?? null)} is not valid; expected a non-empty string`,
            });
    if (
        known("roleArn") &&
        typeof news.roleArn === "string" &&
        news.roleArn !== "" &&
        !/^arn:aws[-a-z]*:iam::\d{12}:role\/.+$/.test(news.roleArn)
    )
        failures.push({
            property: "roleArn",
            reason: `roleArn: ${JSON.stringify(news.roleArn)} is not valid; expected arn:aws:iam::ACCOUNT:role/NAME`,
        });
    if (known("batches") && (!Array.isArray(news.batches) || news.batches.length === 0))
        failures.push({ property: "batches", reason: "batches: expected at least one { startTime, endTime } batch" });
    const connector = (news.flowDefinition as any)?.SourceFlowConfig?.ConnectorType;
    const types = Object.values(sdk().SourceConnectorType) as string[];
    if (known("flowDefinition") && !types.includes(connector))
        failures.push({
            property: "flowDefinition",
            reason: `flowDefinition.SourceFlowConfig.ConnectorType: ${JSON.stringify(connector ?? null)} is not valid; expected one of ${types.join(", ")} (Customer Profiles SourceConnectorType)`,
        });
    return failures;
}

/** Update: new poll settings or identity; a workflow not finished is followed again. */
export async function updateWorkflow(
    client: SendsCommands,
    id: string,
    olds: IntegrationWorkflowOutputs,
    news: IntegrationWorkflowInputs,
    clock: Clock = realClock,
): Promise<IntegrationWorkflowOutputs> {
    const { replaces } = diffWorkflow(olds, news);
    if (replaces.length > 0)
        throw new Error(
            `Integration workflow ${id}: ${replaces.join(", ")} cannot change in place (the workflow is replaced)`,
        );
    const progress = {
        status: olds.status,
        errorDescription: olds.errorDescription,
        stepsCompleted: olds.stepsCompleted,
        totalSteps: olds.totalSteps,
        recordsProcessed: olds.recordsProcessed,
        steps: olds.steps,
        integrationUri: olds.integrationUri,
    };
    const merged = stateOf({ ...olds, ...news }, id, progress);
    if (TERMINAL_STATUSES.includes(olds.status)) return merged;
    return waitForWorkflow(client, merged, id, clock);
}

/** Deletes the adopted ongoing integration, then the workflow; what is already gone counts as deleted. */
export async function deleteWorkflow(
    client: SendsCommands,
    id: string,
    props: Pick<IntegrationWorkflowOutputs, "domainName" | "integrationUri">,
): Promise<void> {
    const { DeleteIntegrationCommand, DeleteWorkflowCommand } = sdk();
    const gone = (e: unknown) => {
        if (!isNotFound((e as Error).cause)) throw e;
    };
    if (props.integrationUri)
        await call("DeleteIntegration", () =>
            client.send(new DeleteIntegrationCommand({ DomainName: props.domainName, Uri: props.integrationUri })),
        ).catch(gone);
    await call("DeleteWorkflow", () =>
        client.send(new DeleteWorkflowCommand({ DomainName: props.domainName, WorkflowId: id })),
    ).catch(gone);
}

function clientFor(props: { awsIdentity?: AwsIdentity; region?: string }): SendsCommands {
    const { CustomerProfilesClient } = sdk();
    return new CustomerProfilesClient(sdkClientConfig(identityOf(props), "customerprofiles"));
}

/** The dynamic provider: each method makes its own client, so the serialized closure stays small. */
export const integrationWorkflowProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: IntegrationWorkflowInputs, news: IntegrationWorkflowInputs) {
        return { inputs: news, failures: checkWorkflowInputs(news as unknown as Record<string, unknown>) };
    },
    async create(inputs: IntegrationWorkflowInputs) {
        return createWorkflow(clientFor(inputs), inputs);
    },
    async read(id: string, props: IntegrationWorkflowOutputs) {
        const outs = await readWorkflow(clientFor(props), id, props);
        return outs ? { id, props: outs } : { id: "", props: {} };
    },
    async diff(_id: string, olds: IntegrationWorkflowOutputs, news: IntegrationWorkflowInputs) {
        return diffWorkflow(olds, news);
    },
    async update(id: string, olds: IntegrationWorkflowOutputs, news: IntegrationWorkflowInputs) {
        return { outs: await updateWorkflow(clientFor(news), id, olds, news) };
    },
    async delete(id: string, props: IntegrationWorkflowOutputs) {
        await deleteWorkflow(clientFor(props), id, props);
    },
};

/** The resource's inputs, as Pulumi inputs; the identity defaults to the stack's. */
export type IntegrationWorkflowArgs = {
    [K in keyof Omit<IntegrationWorkflowInputs, "awsIdentity">]: pulumi.Input<IntegrationWorkflowInputs[K]>;
} & {
    /** The AWS identity the provider acts as; default: the stack's (`aws:` configuration). */
    awsIdentity?: pulumi.Input<AwsIdentity>;
};

/** The resource type the engine records. */
export const INTEGRATION_WORKFLOW_TYPE = "pulumi-nodejs:dynamic/customer-profiles:IntegrationWorkflow";

/** The Customer Profiles connector type of a workflow's source (the API's own enum, not CloudFormation's). */
export type WorkflowConnectorType = SourceConnectorType;

/**
 * A Customer Profiles integration workflow: ingests the source's history in the planned batches,
 * then Customer Profiles creates the ongoing integration itself, which this resource adopts.
 */
export class IntegrationWorkflow extends pulumi.dynamic.Resource {
    // `declare`: the base constructor sets these; ES2022 class fields (tsconfig target) would reset
    // them to undefined after it returns.
    declare public readonly workflowId: pulumi.Output<string>;
    declare public readonly status: pulumi.Output<string>;
    declare public readonly stepsCompleted: pulumi.Output<number>;
    declare public readonly totalSteps: pulumi.Output<number>;
    declare public readonly recordsProcessed: pulumi.Output<number>;
    declare public readonly steps: pulumi.Output<WorkflowStepProgress[]>;
    /** The ongoing integration's Uri, once the workflow completed (undefined before). */
    declare public readonly integrationUri: pulumi.Output<string | undefined>;

    constructor(name: string, args: IntegrationWorkflowArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            integrationWorkflowProvider,
            name,
            {
                ...args,
                awsIdentity: args.awsIdentity ?? stackAwsIdentity(),
                workflowId: undefined,
                status: undefined,
                stepsCompleted: undefined,
                totalSteps: undefined,
                recordsProcessed: undefined,
                steps: undefined,
                integrationUri: undefined,
            },
            { deleteBeforeReplace: true, ...opts },
            "customer-profiles",
            "IntegrationWorkflow",
        );
    }
}
