// A resource of the program's own for Customer Profiles integration workflows (historical
// ingestion): neither @pulumi/aws nor @pulumi/aws-native has one. A Pulumi dynamic provider over
// the AWS SDK v3 Customer Profiles client:
// - create: CreateIntegrationWorkflow (type APPFLOW_INTEGRATION, with the planned batches), then a
//   bounded poll of GetWorkflow and GetWorkflowSteps; progress (steps completed, records, each
//   batch's status) becomes the resource's outputs; a FAILED or CANCELLED workflow fails the
//   resource with the workflow's own error and its failed steps' messages;
// - read: the workflow's current status and progress (`pulumi refresh`);
// - update: only the poll settings are updatable; any other change replaces the workflow;
// - delete: DeleteWorkflow; a workflow already gone counts as deleted.
// Throttling and server errors are retried with exponential backoff; every other error is
// permanent and surfaces at once, as `OPERATION failed: NAME: MESSAGE`.
//
// The operations are plain exported functions taking an SDK client, so they are tested against a
// mocked client. The provider object creates the client inside each method (from a `require`
// made there), so the serialized provider captures no SDK module.
import * as pulumi from "@pulumi/pulumi";
import { isRetryable } from "../../common/retry";

export const WORKFLOW_TYPE = "APPFLOW_INTEGRATION";
/** Statuses after which a workflow changes no more. */
export const TERMINAL_STATUSES = ["COMPLETE", "FAILED", "CANCELLED"];
/** Default poll: every 30 s, for at most 50 minutes (within a `pulumi up`'s patience). */
export const DEFAULT_POLL_INTERVAL_SECONDS = 30;
export const DEFAULT_MAX_WAIT_SECONDS = 3000;
/** Attempts per API call when throttled (the first call included). */
export const MAX_ATTEMPTS = 6;

/** A batch, as the provider's inputs hold it (ISO strings: inputs must be JSON). */
export interface WorkflowBatch {
    startTime: string;
    endTime: string;
}

/** The inputs of an integration workflow (JSON only: they are stored in the state). */
export interface IntegrationWorkflowInputs {
    region: string;
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

function sdk(): any {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@aws-sdk/client-customer-profiles");
}

/** Whether an SDK error is transient: throttling, or a server-side error (the providers' shared rule). */
export const isRetryableProfilesError = isRetryable;

function describe(e: unknown): string {
    const err = e as { name?: string; message?: string };
    return `${err?.name ?? "Error"}: ${err?.message ?? String(e)}`;
}

/** Calls `fn`, retrying transient errors with exponential backoff (0.5 s, 1 s, 2 s, … capped at 20 s). */
export async function withRetries<T>(
    operation: string,
    fn: () => Promise<T>,
    clock: Clock,
    attempts = MAX_ATTEMPTS,
): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await fn();
        } catch (e) {
            if (!isRetryableProfilesError(e)) throw new Error(`${operation} failed: ${describe(e)}`);
            if (attempt >= attempts) throw new Error(`${operation} failed after ${attempts} attempts: ${describe(e)}`);
            await clock.sleep(Math.min(20000, 500 * 2 ** (attempt - 1)));
        }
    }
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
    clock: Clock,
): Promise<
    Pick<
        IntegrationWorkflowOutputs,
        "status" | "errorDescription" | "stepsCompleted" | "totalSteps" | "recordsProcessed" | "steps"
    >
> {
    const { GetWorkflowCommand, GetWorkflowStepsCommand } = sdk();
    const wf = await withRetries(
        "GetWorkflow",
        () => client.send(new GetWorkflowCommand({ DomainName: domainName, WorkflowId: workflowId })),
        clock,
    );
    const steps: WorkflowStepProgress[] = [];
    let token: string | undefined;
    do {
        const page = await withRetries(
            "GetWorkflowSteps",
            () =>
                client.send(
                    new GetWorkflowStepsCommand({
                        DomainName: domainName,
                        WorkflowId: workflowId,
                        NextToken: token,
                        MaxResults: 100,
                    }),
                ),
            clock,
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
    return {
        status: wf?.Status ?? "NOT_STARTED",
        errorDescription: wf?.ErrorDescription || undefined,
        stepsCompleted: m.StepsCompleted ?? steps.filter((s) => s.status === "COMPLETE").length,
        totalSteps: m.TotalSteps ?? steps.length,
        recordsProcessed: m.RecordsProcessed ?? steps.reduce((n, s) => n + (s.recordsProcessed ?? 0), 0),
        steps,
    };
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

/** Polls until the workflow ends or the wait is over; throws the workflow's error if it failed. */
export async function waitForWorkflow(
    client: SendsCommands,
    inputs: IntegrationWorkflowInputs,
    workflowId: string,
    clock: Clock,
): Promise<IntegrationWorkflowOutputs> {
    const interval = (inputs.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS) * 1000;
    const deadline = clock.now() + (inputs.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS) * 1000;
    for (;;) {
        const p = await fetchProgress(client, inputs.domainName, workflowId, clock);
        if (p.status === "FAILED" || p.status === "CANCELLED") throw workflowFailure(workflowId, p);
        if (p.status === "COMPLETE") return { ...inputs, workflowId, ...p };
        if (clock.now() + interval > deadline) return { ...inputs, workflowId, ...p, pollTimedOut: true };
        await clock.sleep(interval);
    }
}

export async function createWorkflow(
    client: SendsCommands,
    inputs: IntegrationWorkflowInputs,
    clock: Clock = realClock,
): Promise<{ id: string; outs: IntegrationWorkflowOutputs }> {
    const { CreateIntegrationWorkflowCommand } = sdk();
    const created = await withRetries(
        "CreateIntegrationWorkflow",
        () => client.send(new CreateIntegrationWorkflowCommand(createRequest(inputs))),
        clock,
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
    clock: Clock = realClock,
): Promise<IntegrationWorkflowOutputs | undefined> {
    try {
        const p = await fetchProgress(client, props.domainName, id, clock);
        const { pollTimedOut: _drop, ...rest } = props;
        return { ...rest, workflowId: id, ...p };
    } catch (e) {
        if (String((e as Error).message).includes("ResourceNotFoundException")) return undefined;
        throw e;
    }
}

/** Inputs that only change how the provider waits: updatable in place. Anything else replaces. */
export const UPDATABLE_INPUTS = ["pollIntervalSeconds", "maxWaitSeconds"];

export function diffWorkflow(
    olds: IntegrationWorkflowInputs,
    news: IntegrationWorkflowInputs,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
    const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter(
        (k) =>
            ![
                "workflowId",
                "status",
                "errorDescription",
                "stepsCompleted",
                "totalSteps",
                "recordsProcessed",
                "steps",
                "pollTimedOut",
                "__provider",
            ].includes(k),
    );
    const changed = keys.filter((k) => JSON.stringify((olds as any)[k]) !== JSON.stringify((news as any)[k]));
    const replaces = changed.filter((k) => !UPDATABLE_INPUTS.includes(k));
    // A new workflow creates flows with the same names: the old one (and its flows) must go first.
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
}

export async function updateWorkflow(
    _client: SendsCommands,
    id: string,
    olds: IntegrationWorkflowOutputs,
    news: IntegrationWorkflowInputs,
): Promise<IntegrationWorkflowOutputs> {
    const { replaces } = diffWorkflow(olds, news);
    if (replaces.length > 0)
        throw new Error(
            `Integration workflow ${id}: ${replaces.join(", ")} cannot change in place (the workflow is replaced)`,
        );
    return { ...olds, pollIntervalSeconds: news.pollIntervalSeconds, maxWaitSeconds: news.maxWaitSeconds };
}

/** Deletes the workflow; one already gone counts as deleted. */
export async function deleteWorkflow(
    client: SendsCommands,
    id: string,
    props: Pick<IntegrationWorkflowInputs, "domainName">,
    clock: Clock = realClock,
): Promise<void> {
    const { DeleteWorkflowCommand } = sdk();
    try {
        await withRetries(
            "DeleteWorkflow",
            () => client.send(new DeleteWorkflowCommand({ DomainName: props.domainName, WorkflowId: id })),
            clock,
        );
    } catch (e) {
        if (String((e as Error).message).includes("ResourceNotFoundException")) return;
        throw e;
    }
}

function clientFor(region: string): SendsCommands {
    const { CustomerProfilesClient } = sdk();
    return new CustomerProfilesClient({ region, maxAttempts: 1 });
}

/** The dynamic provider: each method makes its own client, so the serialized closure stays small. */
export const integrationWorkflowProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: IntegrationWorkflowInputs) {
        return createWorkflow(clientFor(inputs.region), inputs);
    },
    async read(id: string, props: IntegrationWorkflowOutputs) {
        const outs = await readWorkflow(clientFor(props.region), id, props);
        return outs ? { id, props: outs } : { id: "", props: {} };
    },
    async diff(_id: string, olds: IntegrationWorkflowInputs, news: IntegrationWorkflowInputs) {
        return diffWorkflow(olds, news);
    },
    async update(id: string, olds: IntegrationWorkflowOutputs, news: IntegrationWorkflowInputs) {
        return { outs: await updateWorkflow(clientFor(news.region), id, olds, news) };
    },
    async delete(id: string, props: IntegrationWorkflowOutputs) {
        await deleteWorkflow(clientFor(props.region), id, props);
    },
};

/** The resource's inputs, as Pulumi inputs. */
export type IntegrationWorkflowArgs = {
    [K in keyof IntegrationWorkflowInputs]: pulumi.Input<IntegrationWorkflowInputs[K]>;
};

/** The resource type the engine records. */
export const INTEGRATION_WORKFLOW_TYPE = "pulumi-nodejs:dynamic/customer-profiles:IntegrationWorkflow";

/**
 * A Customer Profiles integration workflow: ingests the source's history in the planned batches,
 * then Customer Profiles creates the ongoing integration itself.
 */
export class IntegrationWorkflow extends pulumi.dynamic.Resource {
    public readonly workflowId!: pulumi.Output<string>;
    public readonly status!: pulumi.Output<string>;
    public readonly stepsCompleted!: pulumi.Output<number>;
    public readonly totalSteps!: pulumi.Output<number>;
    public readonly recordsProcessed!: pulumi.Output<number>;
    public readonly steps!: pulumi.Output<WorkflowStepProgress[]>;

    constructor(name: string, args: IntegrationWorkflowArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            integrationWorkflowProvider,
            name,
            {
                ...args,
                workflowId: undefined,
                status: undefined,
                stepsCompleted: undefined,
                totalSteps: undefined,
                recordsProcessed: undefined,
                steps: undefined,
            },
            { deleteBeforeReplace: true, ...opts },
            "customer-profiles",
            "IntegrationWorkflow",
        );
    }
}
