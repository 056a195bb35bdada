// A Pulumi dynamic provider for the Amazon Connect integration association of type EVENT.
//
// CloudFormation's AWS::Connect::IntegrationAssociation (and so aws-native) does not accept the
// EVENT type, and @pulumi/aws has no such resource; the Connect API does (Connect API reference,
// CreateIntegrationAssociation: IntegrationType EVENT with SourceApplicationUrl, SourceApplicationName
// and SourceType). This provider calls it through the AWS SDK v3 Connect client:
//   create  CreateIntegrationAssociation (IntegrationType EVENT, the AppIntegrations EventIntegration ARN,
//           the external application's URL, name and type)
//   read    ListIntegrationAssociations (EVENT, filtered by the integration ARN; the SDK's paginator), by id
//   update  only the AWS identity the provider acts as (every AWS property is create-only)
//   delete  DeleteIntegrationAssociation, idempotent: an association already gone is not an error
// The client acts as the stack's AWS identity (profile, assumed roles, endpoints; the `awsIdentity`
// input) in the instance's region, and retries with the SDK's own strategy (common/sdk-clients.ts);
// failures surface with a message that names the instance, the integration and the remedy.
// During `pulumi preview`, inputs computed from resources not created yet (the instance ARN, the
// event integration ARN) are the engine's unknown placeholder: `check` validates only known values
// and `diff` reports an unknown create-only input as a replacement.
//
// The create/read/delete are plain exported functions taking an SDK client, so tests drive them with
// aws-sdk-client-mock. The provider builds its client inside each method, and the SDK module is
// required lazily, so the serialized provider captures no large module.
import * as pulumi from "@pulumi/pulumi";
import type { ConnectClient } from "@aws-sdk/client-connect";
import { AwsIdentity, containsUnknown, identityOf, sdkClientConfig } from "../../common/sdk-clients";
import { stackAwsIdentity } from "../../common/aws-identity";

/** The SDK module, loaded when first used (never captured by the serialized provider). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = (): typeof import("@aws-sdk/client-connect") => require("@aws-sdk/client-connect");

/** The external application types the Connect API accepts (SDK enum `SourceType`). */
export type AssociationSourceType = import("@aws-sdk/client-connect").SourceType;

/** What the association is made of (all create-only but the identity: any other change replaces it). */
export interface IntegrationAssociationInputs {
    /** ARN of the Amazon Connect instance, arn:aws:connect:REGION:ACCOUNT:instance/ID. */
    instanceArn: string;
    /** ARN of the AppIntegrations EventIntegration whose events the instance receives. */
    integrationArn: string;
    /** The external application's URL (Amazon Connect deep-links tasks to it). */
    sourceApplicationUrl: string;
    /** The external application's name as rules show it (the connection's friendly name). */
    sourceApplicationName: string;
    /** The external application type (Connect SDK enum `SourceType`). */
    sourceType: AssociationSourceType;
    /** Who the provider acts as: the stack's AWS identity (names only, no credentials). */
    awsIdentity: AwsIdentity;
}

/** The resource's state: its inputs and what Amazon Connect assigned. */
export interface IntegrationAssociationState extends IntegrationAssociationInputs {
    integrationAssociationId: string;
    integrationAssociationArn: string;
}

interface SdkError {
    name?: string;
    message?: string;
    $metadata?: { attempts?: number };
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
    const attempts = err.$metadata?.attempts ?? 1;
    const retried = attempts > 1 ? ` (after ${attempts} attempts)` : "";
    return new Error(
        `Could not ${action} the EVENT integration association of Amazon Connect instance ${inputs.instanceArn} with event integration ${inputs.integrationArn}: ${name}: ${err.message ?? String(e)}${retried}${remedy ? `; ${remedy}` : ""}`,
    );
}

/** Finds the EVENT association of an instance with an integration (every page, the SDK's paginator). */
export async function findAssociation(
    client: ConnectClient,
    inputs: Pick<IntegrationAssociationInputs, "instanceArn" | "integrationArn">,
    id?: string,
) {
    const { paginateListIntegrationAssociations, IntegrationType } = sdk();
    const { instanceId } = parseInstanceArn(inputs.instanceArn);
    const pages = paginateListIntegrationAssociations(
        { client },
        { InstanceId: instanceId, IntegrationType: IntegrationType.EVENT, IntegrationArn: inputs.integrationArn },
    );
    for await (const page of pages) {
        const hit = (page.IntegrationAssociationSummaryList ?? []).find((s) =>
            id ? s.IntegrationAssociationId === id : s.IntegrationArn === inputs.integrationArn,
        );
        if (hit) return hit;
    }
    return undefined;
}

/** Creates the association; returns its id and state. */
export async function createIntegrationAssociation(
    client: ConnectClient,
    inputs: IntegrationAssociationInputs,
): Promise<{ id: string; outs: IntegrationAssociationState }> {
    const { CreateIntegrationAssociationCommand, IntegrationType } = sdk();
    const { instanceId } = parseInstanceArn(inputs.instanceArn);
    let out;
    try {
        out = await client.send(
            new CreateIntegrationAssociationCommand({
                InstanceId: instanceId,
                IntegrationType: IntegrationType.EVENT,
                IntegrationArn: inputs.integrationArn,
                SourceApplicationUrl: inputs.sourceApplicationUrl,
                SourceApplicationName: inputs.sourceApplicationName,
                SourceType: inputs.sourceType,
            }),
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
): Promise<IntegrationAssociationState | undefined> {
    let hit;
    try {
        hit = await findAssociation(client, state, id);
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
        awsIdentity: state.awsIdentity,
        integrationAssociationId: id,
        integrationAssociationArn: hit.IntegrationAssociationArn ?? "",
    };
}

/** Deletes the association; an association (or instance) already gone counts as deleted. */
export async function deleteIntegrationAssociation(
    client: ConnectClient,
    id: string,
    state: Pick<IntegrationAssociationInputs, "instanceArn" | "integrationArn">,
): Promise<void> {
    const { DeleteIntegrationAssociationCommand } = sdk();
    const { instanceId } = parseInstanceArn(state.instanceArn);
    try {
        await client.send(
            new DeleteIntegrationAssociationCommand({ InstanceId: instanceId, IntegrationAssociationId: id }),
        );
    } catch (e) {
        if ((e as SdkError).name === "ResourceNotFoundException") return;
        throw describeFailure("delete", state, e);
    }
}

/** The create-only inputs: a change to any of them replaces the association. */
export const CREATE_ONLY_INPUTS: (keyof IntegrationAssociationInputs)[] = [
    "instanceArn",
    "integrationArn",
    "sourceApplicationUrl",
    "sourceApplicationName",
    "sourceType",
];

/**
 * Validates the inputs the engine knows; an input still unknown (preview: computed from a resource
 * not created yet) is accepted as is and checked when it is known, at `pulumi up`.
 */
export function checkAssociationInputs(news: Record<string, unknown>): pulumi.dynamic.CheckFailure[] {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const known = (k: string) => !containsUnknown(news[k]);
    for (const k of CREATE_ONLY_INPUTS)
        if (known(k) && (typeof news[k] !== "string" || news[k] === ""))
            failures.push({
                property: k,
                reason: `${k}: ${JSON.stringify(news[k] ?? null)} is not valid; expected a non-empty string`,
            });
    if (
        known("instanceArn") &&
        typeof news.instanceArn === "string" &&
        news.instanceArn !== "" &&
        !ARN_PATTERN.test(news.instanceArn)
    )
        failures.push({
            property: "instanceArn",
            reason: `instanceArn: ${JSON.stringify(news.instanceArn)} is not valid; expected arn:aws:connect:REGION:ACCOUNT:instance/ID`,
        });
    const types = Object.values(sdk().SourceType) as string[];
    if (
        known("sourceType") &&
        typeof news.sourceType === "string" &&
        news.sourceType !== "" &&
        !types.includes(news.sourceType)
    )
        failures.push({
            property: "sourceType",
            reason: `sourceType: ${JSON.stringify(news.sourceType)} is not valid; expected one of ${types.join(", ")} (Connect SourceType)`,
        });
    const identity = news.awsIdentity as Record<string, unknown> | undefined;
    if (
        known("awsIdentity") &&
        (typeof identity !== "object" ||
            identity === null ||
            (typeof identity.region !== "string" && !containsUnknown(identity.region)))
    )
        failures.push({
            property: "awsIdentity",
            reason: "awsIdentity: expected the AWS identity the provider acts as, { region, profile?, assumeRoles?, endpoints? }",
        });
    return failures;
}

/** The diff: a create-only input that changed, or may change (unknown), replaces; the identity updates. */
export function diffAssociation(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
    const replaces = CREATE_ONLY_INPUTS.filter((k) => containsUnknown(news[k]) || olds[k] !== news[k]);
    const identityChanged =
        containsUnknown(news.awsIdentity) || JSON.stringify(olds.awsIdentity) !== JSON.stringify(news.awsIdentity);
    // An instance holds one association per event integration: delete before creating again.
    return { changes: replaces.length > 0 || identityChanged, replaces, deleteBeforeReplace: true };
}

/** A Connect client for the instance's region, acting as the stack's identity (built per call, never serialized). */
function clientFor(
    props: Pick<IntegrationAssociationInputs, "instanceArn"> & { awsIdentity?: AwsIdentity },
): ConnectClient {
    const { ConnectClient: Client } = sdk();
    const region = parseInstanceArn(props.instanceArn).region;
    return new Client(sdkClientConfig(identityOf(props, region), "connect", region));
}

/** The dynamic provider: every AWS property is create-only, and the old association goes first. */
export const connectIntegrationAssociationProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: IntegrationAssociationInputs, news: IntegrationAssociationInputs) {
        return { inputs: news, failures: checkAssociationInputs(news as unknown as Record<string, unknown>) };
    },
    async diff(_id: string, olds: IntegrationAssociationState, news: IntegrationAssociationInputs) {
        return diffAssociation(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
    },
    async create(inputs: IntegrationAssociationInputs) {
        return createIntegrationAssociation(clientFor(inputs), inputs);
    },
    async read(id: string, props: IntegrationAssociationState) {
        const state = await readIntegrationAssociation(clientFor(props), id, props);
        return state ? { id, props: state } : {};
    },
    async update(_id: string, olds: IntegrationAssociationState, news: IntegrationAssociationInputs) {
        // Only the identity can change in place (diffAssociation replaces on anything else).
        return { outs: { ...olds, awsIdentity: news.awsIdentity } };
    },
    async delete(id: string, props: IntegrationAssociationState) {
        await deleteIntegrationAssociation(clientFor(props), id, props);
    },
};

/** Arguments of {@link ConnectIntegrationAssociation}; every field is create-only. */
export interface ConnectIntegrationAssociationArgs {
    /**
     * ARN of the Amazon Connect instance.
     *
     * **Create-only** (`CREATE_ONLY_INPUTS` above); changing it replaces the association.
     * @default — required
     */
    instanceArn: pulumi.Input<string>;
    /**
     * ARN of the AppIntegrations EventIntegration.
     *
     * **Create-only** (`CREATE_ONLY_INPUTS` above); changing it replaces the association.
     * @default — required
     */
    integrationArn: pulumi.Input<string>;
    /**
     * The external application's URL, e.g. https://NAME.my.salesforce.com.
     *
     * **Create-only** (`CREATE_ONLY_INPUTS` above); changing it replaces the association.
     * @default — required
     */
    sourceApplicationUrl: pulumi.Input<string>;
    /**
     * The external application's friendly name, e.g. "Salesforce - Test instance".
     *
     * **Create-only** (`CREATE_ONLY_INPUTS` above); changing it replaces the association.
     * @default — required
     */
    sourceApplicationName: pulumi.Input<string>;
    /**
     * The external application type (Connect SDK enum `SourceType`; SALESFORCE for the Tasks path).
     *
     * **Create-only** (`CREATE_ONLY_INPUTS` above); changing it replaces the association.
     * @default — required
     */
    sourceType: pulumi.Input<AssociationSourceType>;
    /**
     * The AWS identity the provider acts as. Calls go to the instance's region.
     * @default — the stack's (`aws:` configuration)
     */
    awsIdentity?: pulumi.Input<AwsIdentity>;
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
            {
                ...args,
                awsIdentity: args.awsIdentity ?? stackAwsIdentity(),
                integrationAssociationId: undefined,
                integrationAssociationArn: undefined,
            },
            { deleteBeforeReplace: true, ...opts },
            "connect",
            "IntegrationAssociation",
        );
    }
}
