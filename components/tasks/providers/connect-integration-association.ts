// A Pulumi dynamic provider for the Amazon Connect integration association of type EVENT.
//
// CloudFormation's AWS::Connect::IntegrationAssociation (and so aws-native) does not accept the
// EVENT type, and @pulumi/aws has no such resource; the Connect API does. This provider calls it
// through the AWS SDK v3 Connect client:
//   create  CreateIntegrationAssociation (IntegrationType EVENT, the AppIntegrations EventIntegration ARN,
//           the external application's URL, name and type)
//   read    ListIntegrationAssociations (EVENT, filtered by the integration ARN), matched by id
//   delete  DeleteIntegrationAssociation, idempotent: an association already gone is not an error
// Throttling and transient server errors are retried with backoff; permanent failures surface with
// a message that names the instance, the integration and the remedy.
//
// The create/read/delete are plain exported functions taking an SDK client, so tests drive them with
// aws-sdk-client-mock. The provider builds its client inside each method, and the SDK module is
// required lazily, so the serialized provider captures no large module.
import * as pulumi from "@pulumi/pulumi";
import type { ConnectClient } from "@aws-sdk/client-connect";
import { isRetryable, RetryOptions, SdkError, withRetry } from "../../common/retry";

export { isRetryable, RetryOptions, withRetry };

/** The SDK module, loaded when first used (never captured by the serialized provider). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = (): typeof import("@aws-sdk/client-connect") => require("@aws-sdk/client-connect");

/** What the association is made of (all create-only: any change replaces it). */
export interface IntegrationAssociationInputs {
    /** ARN of the Amazon Connect instance, arn:aws:connect:REGION:ACCOUNT:instance/ID. */
    instanceArn: string;
    /** ARN of the AppIntegrations EventIntegration whose events the instance receives. */
    integrationArn: string;
    /** The external application's URL (Amazon Connect deep-links tasks to it). */
    sourceApplicationUrl: string;
    /** The external application's name as rules show it (the connection's friendly name). */
    sourceApplicationName: string;
    /** The external application type. */
    sourceType: "SALESFORCE" | "ZENDESK";
}

/** The resource's state: its inputs and what Amazon Connect assigned. */
export interface IntegrationAssociationState extends IntegrationAssociationInputs {
    integrationAssociationId: string;
    integrationAssociationArn: string;
}

const ARN_PATTERN = /^arn:(aws[-a-z0-9]*):connect:([-a-z0-9]+):([0-9]{12}):instance\/([-a-zA-Z0-9]+)$/;

/** Region and instance ID from an instance ARN; throws a clean error for anything else. */
export function parseInstanceArn(instanceArn: string): { region: string; instanceId: string } {
    const m = ARN_PATTERN.exec(instanceArn);
    if (!m)
        throw new Error(
            `"${instanceArn}" is not an Amazon Connect instance ARN; expected arn:aws:connect:REGION:ACCOUNT:instance/ID`,
        );
    return { region: m[2], instanceId: m[4] };
}

const REMEDIES: Record<string, string> = {
    AccessDeniedException:
        "the deploying principal needs connect:CreateIntegrationAssociation, connect:ListIntegrationAssociations, connect:DeleteIntegrationAssociation and app-integrations:CreateEventIntegrationAssociation",
    ResourceNotFoundException: "check that the instance and the event integration exist in this account and region",
    InvalidRequestException: "check the event integration ARN and the source application URL, name and type",
    InvalidParameterException: "check the event integration ARN and the source application URL, name and type",
    DuplicateResourceException:
        "the instance already has an association with this event integration; import it or delete it first",
};

/** A permanent failure, as one line naming the action, the instance and the integration. */
export function describeFailure(
    action: string,
    inputs: Pick<IntegrationAssociationInputs, "instanceArn" | "integrationArn">,
    e: unknown,
): Error {
    const err = (e ?? {}) as SdkError;
    const name = err.name ?? "Error";
    const remedy = REMEDIES[name];
    const retried = isRetryable(e) ? " (still failing after retries)" : "";
    return new Error(
        `Could not ${action} the EVENT integration association of Amazon Connect instance ${inputs.instanceArn} with event integration ${inputs.integrationArn}: ${name}: ${err.message ?? String(e)}${retried}${remedy ? `; ${remedy}` : ""}`,
    );
}

/** Finds the EVENT association of an instance with an integration (all pages). */
export async function findAssociation(
    client: ConnectClient,
    inputs: Pick<IntegrationAssociationInputs, "instanceArn" | "integrationArn">,
    options: RetryOptions = {},
    id?: string,
) {
    const { ListIntegrationAssociationsCommand } = sdk();
    const { instanceId } = parseInstanceArn(inputs.instanceArn);
    let nextToken: string | undefined;
    do {
        const page = await withRetry(
            () =>
                client.send(
                    new ListIntegrationAssociationsCommand({
                        InstanceId: instanceId,
                        IntegrationType: "EVENT",
                        IntegrationArn: inputs.integrationArn,
                        NextToken: nextToken,
                    }),
                ),
            options,
        );
        const hit = (page.IntegrationAssociationSummaryList ?? []).find((s) =>
            id ? s.IntegrationAssociationId === id : s.IntegrationArn === inputs.integrationArn,
        );
        if (hit) return hit;
        nextToken = page.NextToken;
    } while (nextToken);
    return undefined;
}

/** Creates the association; returns its id and state. */
export async function createIntegrationAssociation(
    client: ConnectClient,
    inputs: IntegrationAssociationInputs,
    options: RetryOptions = {},
): Promise<{ id: string; outs: IntegrationAssociationState }> {
    const { CreateIntegrationAssociationCommand } = sdk();
    const { instanceId } = parseInstanceArn(inputs.instanceArn);
    let out;
    try {
        out = await withRetry(
            () =>
                client.send(
                    new CreateIntegrationAssociationCommand({
                        InstanceId: instanceId,
                        IntegrationType: "EVENT",
                        IntegrationArn: inputs.integrationArn,
                        SourceApplicationUrl: inputs.sourceApplicationUrl,
                        SourceApplicationName: inputs.sourceApplicationName,
                        SourceType: inputs.sourceType,
                    }),
                ),
            options,
        );
    } catch (e) {
        throw describeFailure("create", inputs, e);
    }
    if (!out.IntegrationAssociationId || !out.IntegrationAssociationArn) {
        throw describeFailure("create", inputs, {
            name: "IncompleteResponse",
            message: "the response carried no IntegrationAssociationId or IntegrationAssociationArn",
        });
    }
    return {
        id: out.IntegrationAssociationId,
        outs: {
            ...inputs,
            integrationAssociationId: out.IntegrationAssociationId,
            integrationAssociationArn: out.IntegrationAssociationArn,
        },
    };
}

/** Reads the association; undefined when it no longer exists. */
export async function readIntegrationAssociation(
    client: ConnectClient,
    id: string,
    state: IntegrationAssociationInputs,
    options: RetryOptions = {},
): Promise<IntegrationAssociationState | undefined> {
    let hit;
    try {
        hit = await findAssociation(client, state, options, id);
    } catch (e) {
        if ((e as SdkError).name === "ResourceNotFoundException") return undefined; // the instance itself is gone
        throw describeFailure("read", state, e);
    }
    if (!hit) return undefined;
    return {
        instanceArn: state.instanceArn,
        integrationArn: hit.IntegrationArn ?? state.integrationArn,
        sourceApplicationUrl: hit.SourceApplicationUrl ?? state.sourceApplicationUrl,
        sourceApplicationName: hit.SourceApplicationName ?? state.sourceApplicationName,
        sourceType: (hit.SourceType as IntegrationAssociationInputs["sourceType"]) ?? state.sourceType,
        integrationAssociationId: id,
        integrationAssociationArn: hit.IntegrationAssociationArn ?? "",
    };
}

/** Deletes the association; an association (or instance) already gone counts as deleted. */
export async function deleteIntegrationAssociation(
    client: ConnectClient,
    id: string,
    state: IntegrationAssociationInputs,
    options: RetryOptions = {},
): Promise<void> {
    const { DeleteIntegrationAssociationCommand } = sdk();
    const { instanceId } = parseInstanceArn(state.instanceArn);
    try {
        await withRetry(
            () =>
                client.send(
                    new DeleteIntegrationAssociationCommand({ InstanceId: instanceId, IntegrationAssociationId: id }),
                ),
            options,
        );
    } catch (e) {
        if ((e as SdkError).name === "ResourceNotFoundException") return;
        throw describeFailure("delete", state, e);
    }
}

const INPUT_KEYS: (keyof IntegrationAssociationInputs)[] = [
    "instanceArn",
    "integrationArn",
    "sourceApplicationUrl",
    "sourceApplicationName",
    "sourceType",
];

/** A Connect client for the instance's region (built per call, never serialized). */
function clientFor(instanceArn: string): ConnectClient {
    const { ConnectClient: Client } = sdk();
    return new Client({ region: parseInstanceArn(instanceArn).region, maxAttempts: 1 });
}

/** The dynamic provider: every property is create-only, and the old association goes first. */
export const connectIntegrationAssociationProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: IntegrationAssociationInputs, news: IntegrationAssociationInputs) {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        for (const k of INPUT_KEYS)
            if (typeof news[k] !== "string" || news[k] === "")
                failures.push({ property: k, reason: `${k} is required` });
        if (typeof news.instanceArn === "string" && !ARN_PATTERN.test(news.instanceArn))
            failures.push({ property: "instanceArn", reason: "expected arn:aws:connect:REGION:ACCOUNT:instance/ID" });
        return { inputs: news, failures };
    },
    async diff(_id: string, olds: IntegrationAssociationState, news: IntegrationAssociationInputs) {
        const replaces = INPUT_KEYS.filter((k) => olds[k] !== news[k]);
        // An instance holds one association per event integration: delete before creating again.
        return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
    },
    async create(inputs: IntegrationAssociationInputs) {
        return createIntegrationAssociation(clientFor(inputs.instanceArn), inputs);
    },
    async read(id: string, props: IntegrationAssociationState) {
        const state = await readIntegrationAssociation(clientFor(props.instanceArn), id, props);
        return state ? { id, props: state } : {};
    },
    async delete(id: string, props: IntegrationAssociationState) {
        await deleteIntegrationAssociation(clientFor(props.instanceArn), id, props);
    },
};

/** Arguments of {@link ConnectIntegrationAssociation}; every field is create-only. */
export interface ConnectIntegrationAssociationArgs {
    /** ARN of the Amazon Connect instance. */
    instanceArn: pulumi.Input<string>;
    /** ARN of the AppIntegrations EventIntegration. */
    integrationArn: pulumi.Input<string>;
    /** The external application's URL, e.g. https://NAME.my.salesforce.com. */
    sourceApplicationUrl: pulumi.Input<string>;
    /** The external application's friendly name, e.g. "Salesforce - Test instance". */
    sourceApplicationName: pulumi.Input<string>;
    /** The external application type (SALESFORCE for the Tasks path). */
    sourceType: pulumi.Input<"SALESFORCE" | "ZENDESK">;
}

/** The resource type the engine records: `pulumi-nodejs:dynamic/connect:IntegrationAssociation`. */
export const CONNECT_INTEGRATION_ASSOCIATION_TYPE = "pulumi-nodejs:dynamic/connect:IntegrationAssociation";

/**
 * An Amazon Connect integration association of type EVENT (which CloudFormation does not accept):
 * connects an instance to an AppIntegrations EventIntegration, so that rules can trigger on the
 * external application's events.
 */
export class ConnectIntegrationAssociation extends pulumi.dynamic.Resource {
    // `declare`: the base constructor sets these; an ES2022 class field would reset them to undefined.
    declare public readonly integrationAssociationId: pulumi.Output<string>;
    /** The ARN a Connect rule's trigger names (`IntegrationAssociationArn`). */
    declare public readonly integrationAssociationArn: pulumi.Output<string>;
    declare public readonly instanceArn: pulumi.Output<string>;
    declare public readonly integrationArn: pulumi.Output<string>;

    constructor(name: string, args: ConnectIntegrationAssociationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            connectIntegrationAssociationProvider,
            name,
            { ...args, integrationAssociationId: undefined, integrationAssociationArn: undefined },
            { deleteBeforeReplace: true, ...opts },
            "connect",
            "IntegrationAssociation",
        );
    }
}
