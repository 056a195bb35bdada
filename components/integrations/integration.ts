import * as pulumi from "@pulumi/pulumi";
import * as appflow from "@pulumi/aws/appflow";
import * as nativeProfiles from "@pulumi/aws-native/customerprofiles";
import { IntegrationConnectorType } from "@pulumi/aws-native/types/enums/customerprofiles";
import type { ConnectorType as AppflowConnectorType } from "@aws-sdk/client-appflow";
import type { SourceConnectorType as ProfilesSourceConnectorType } from "@aws-sdk/client-customer-profiles";
import {
    Application,
    connectorProfileName,
    CREDENTIAL_FIELDS,
    INCREMENTAL_FIELD,
    IntegrationConfig,
    ObjectTypeConfig,
    SCHEDULE_PATTERN,
    templateApplication,
    TEMPLATES,
} from "./config";
import { planBackfill, parseStartDate, BackfillPlan } from "./backfill-plan";
import { IntegrationWorkflow } from "./providers/integration-workflow";
import { WorkflowRole } from "./workflow-role";
import type { ExistingRole } from "../common/boundary";
import { AppFlowFlowActivation } from "../common/providers/appflow-flow-activation";
import { toNativeTags } from "../common/tags";
import { ArgsError } from "../common/errors";
import { AccountContext, APPFLOW_SERVICE, PolicyStatement } from "../common/policy-documents";
import { AwsIdentity, stackAwsIdentity } from "../common/aws-identity";

/** The key of each application in connector-specific maps (aws-native camelCase). */
const NATIVE_KEY: Record<Application, string> = {
    Salesforce: "salesforce",
    Marketo: "marketo",
    ServiceNow: "serviceNow",
    Zendesk: "zendesk",
    S3: "s3",
};

/**
 * Each API spells the connector types its own way (e.g. ServiceNow), so each request
 * takes the value from that API's own enum:
 * - CloudFormation's AWS::CustomerProfiles::Integration (aws-native's Integration) —
 *   SourceFlowConfig.ConnectorType in tests/fixtures/cfn-schemas/aws-customerprofiles-integration.json,
 *   aws-native enum IntegrationConnectorType: `ServiceNow`;
 * - the Customer Profiles API (CreateIntegrationWorkflow's FlowDefinition) — SDK enum
 *   SourceConnectorType in @aws-sdk/client-customer-profiles: `Servicenow`;
 * - the AppFlow API (a connector profile's ConnectorType) — SDK enum ConnectorType in
 *   @aws-sdk/client-appflow: `Servicenow`.
 */
export const NATIVE_CONNECTOR_TYPE: Record<Application, IntegrationConnectorType> = {
    Salesforce: IntegrationConnectorType.Salesforce,
    Marketo: IntegrationConnectorType.Marketo,
    ServiceNow: IntegrationConnectorType.ServiceNow,
    Zendesk: IntegrationConnectorType.Zendesk,
    S3: IntegrationConnectorType.S3,
};

/**
 * The Customer Profiles API's connector type of each application: values of the SDK enum
 * SourceConnectorType (@aws-sdk/client-customer-profiles), held to it by the type checker (the
 * SDK's type is the union of the enum's values), without loading the SDK client at run time.
 */
const PROFILES_API_CONNECTOR_TYPE: Record<Application, ProfilesSourceConnectorType> = {
    Salesforce: "Salesforce",
    Marketo: "Marketo",
    ServiceNow: "Servicenow",
    Zendesk: "Zendesk",
    S3: "S3",
};

/** The Customer Profiles API's connector type of an application (SDK enum SourceConnectorType). */
export function profilesApiConnectorType(app: Application): string {
    return PROFILES_API_CONNECTOR_TYPE[app];
}

/** The AppFlow API's connector type of each SaaS application: SDK enum ConnectorType (@aws-sdk/client-appflow). */
const APPFLOW_CONNECTOR_TYPE: Record<Exclude<Application, "S3">, AppflowConnectorType> = {
    Salesforce: "Salesforce",
    Marketo: "Marketo",
    ServiceNow: "Servicenow",
    Zendesk: "Zendesk",
};

/** The AppFlow API's connector type of a SaaS application (SDK enum ConnectorType). */
export function appflowConnectorType(app: Exclude<Application, "S3">): string {
    return APPFLOW_CONNECTOR_TYPE[app];
}

/** The AppFlow flow's name: the integration's name and the domain's, so flows of two domains never clash. */
export function flowName(integrationName: string, domainName: string): string {
    return `${integrationName}-${domainName}`.slice(0, 256);
}

/** The ARN of an AppFlow flow: what `aws:SourceArn` is when AppFlow acts for it. */
export function flowArn(ctx: AccountContext, name: string): string {
    return `arn:${ctx.partition}:appflow:${ctx.region}:${ctx.accountId}:flow/${name}`;
}

/**
 * The name of the flow a Customer Profiles integration created: the part after `:flow/` of the flow
 * URI PutIntegration returns (Amazon Connect Administrator Guide, "Example: Programmatically integrate
 * Amazon S3 with Amazon Connect Customer Profiles", Steps 2–3,
 * https://docs.aws.amazon.com/connect/latest/adminguide/customerprofiles-s3-integration.html: "The
 * response from PutIntegration returns a flow URI" — e.g.
 * `…:flow/Customer_Profiles_testDomain_S3_Salesforce-Account_1634244122247` — and "Use the flow URI to
 * call the Amazon AppFlow StartFlow API"). The requested name only when the URI is absent: whether
 * AppFlow keeps the FlowDefinition's name is not settled by the page (its example URI is not the name
 * a caller would choose), so the URI, which the page says to use, is authoritative.
 */
export function activationFlowName(uri: string | undefined, requested: string): string {
    const at = uri?.lastIndexOf(":flow/") ?? -1;
    const name = uri && at >= 0 ? uri.slice(at + ":flow/".length) : "";
    return name !== "" ? name : requested;
}

/**
 * The statement an S3 source bucket's policy must hold so that AppFlow can read it, in the form AWS
 * documents: Amazon AppFlow User Guide, "Amazon S3 Bucket Policies for Amazon AppFlow"
 * (https://docs.aws.amazon.com/appflow/latest/userguide/s3-policies-management.html), source policy
 * `AllowAppFlowSourceActions`: principal appflow.amazonaws.com, `s3:ListBucket` and `s3:GetObject` on
 * the bucket and its objects ("If using the Amazon AppFlow SDK these policies must be added
 * manually"), bound to this account as the same page's "Cross-service confused deputy prevention"
 * section recommends: "We recommend using the aws:SourceArn and aws:SourceAccount global condition
 * context keys in resource policies to limit the permissions that Amazon AppFlow gives another service
 * to the resource" — and "when Amazon AppFlow creates the policy for you during flow creation, it
 * automatically populates the aws:SourceAccount condition key" (so AppFlow sends it). Registry entry
 * `appflow-s3-source-bucket`. Narrowed to the prefix the flow reads. `aws:SourceArn` is not required:
 * the page's example flow ARN has no Region and the flow's name is the one PutIntegration chooses, so
 * no pattern is certain to match (a wrong one never matches and stops every run silently); see
 * docs/integrations.md. Because it names no flow, the bucket's owner applies it before the first
 * `pulumi up`, which starts the flow.
 */
export function s3SourceBucketStatement(
    ctx: AccountContext,
    args: { bucketName: string; bucketPrefix?: string; flowName: string },
): PolicyStatement {
    const bucket = `arn:${ctx.partition}:s3:::${args.bucketName}`;
    return {
        Sid: `AppFlowReads${args.flowName.replace(/[^A-Za-z0-9]/g, "")}`.slice(0, 100),
        Effect: "Allow",
        Principal: { Service: APPFLOW_SERVICE },
        Action: ["s3:ListBucket", "s3:GetObject"],
        Resource: [bucket, `${bucket}/${args.bucketPrefix ?? ""}*`],
        Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
    };
}

/**
 * The flow definition of an integration, in aws-native's shape (camelCase): read the chosen fields
 * of the source object (a projection), map each one to the object type, encrypt with the domain
 * key, run on the schedule (incrementally, from the start date when one is given) or on demand.
 */
export function flowDefinition(
    i: IntegrationConfig,
    args: { domainName: string; keyArn: string; firstExecutionFrom?: Date },
): Record<string, any> {
    const key = NATIVE_KEY[i.application];
    const source: Record<string, unknown> =
        i.application === "S3"
            ? { s3: { bucketName: i.bucketName, ...(i.bucketPrefix ? { bucketPrefix: i.bucketPrefix } : {}) } }
            : i.application === "Salesforce"
              ? { salesforce: { object: i.object, enableDynamicFieldUpdate: false, includeDeletedRecords: false } }
              : { [key]: { object: i.object } };
    const m = SCHEDULE_PATTERN.exec(i.schedule);
    const trigger =
        !m || i.schedule === "onDemand"
            ? { triggerType: "OnDemand" }
            : {
                  triggerType: "Scheduled",
                  triggerProperties: {
                      scheduled: {
                          scheduleExpression: `rate(${m[2]}${m[3]})`,
                          dataPullMode: i.application === "S3" ? "Complete" : "Incremental",
                          ...(args.firstExecutionFrom
                              ? { firstExecutionFrom: Math.floor(args.firstExecutionFrom.getTime() / 1000) }
                              : {}),
                      },
                  },
              };
    return {
        flowName: flowName(i.name, args.domainName),
        description: `Customer Profiles integration ${i.name} ${i.application} to ${i.objectTypeName}`,
        kmsArn: args.keyArn,
        sourceFlowConfig: {
            connectorType: NATIVE_CONNECTOR_TYPE[i.application],
            ...(i.application !== "S3"
                ? {
                      connectorProfileName: connectorProfileName(i),
                      incrementalPullConfig: { datetimeTypeFieldName: INCREMENTAL_FIELD[i.application] },
                  }
                : {}),
            sourceConnectorProperties: source,
        },
        tasks: [
            { connectorOperator: { [key]: "PROJECTION" }, sourceFields: [...i.fields], taskType: "Filter" },
            ...i.fields.map((f) => ({
                connectorOperator: { [key]: "NO_OP" },
                sourceFields: [f],
                destinationField: f,
                taskType: "Map",
            })),
        ],
        triggerConfig: trigger,
    };
}

/**
 * The flow definition in the Customer Profiles API's shape (CreateIntegrationWorkflow's
 * FlowDefinition): PascalCase, and the API's own connector type.
 */
export function apiFlowDefinition(d: Record<string, any>, app: Application): Record<string, unknown> {
    const api = toApiShape(d) as Record<string, any>;
    return { ...api, SourceFlowConfig: { ...api.SourceFlowConfig, ConnectorType: profilesApiConnectorType(app) } };
}

/** aws-native's camelCase document in the API's PascalCase (the SDK's shape), recursively. */
export function toApiShape(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(toApiShape);
    if (v !== null && typeof v === "object")
        return Object.fromEntries(
            Object.entries(v).map(([k, x]) => [k.charAt(0).toUpperCase() + k.slice(1), toApiShape(x)]),
        );
    return v;
}

/** The aws-native inputs of a custom object type, from its config. */
export function objectTypeInputs(t: ObjectTypeConfig): {
    fields: { name: string; objectTypeField: Record<string, string> }[];
    keys: { name: string; objectTypeKeyList: { fieldNames: string[]; standardIdentifiers: string[] }[] }[];
} {
    return {
        fields: Object.entries(t.fields).map(([name, f]) => ({
            name,
            objectTypeField: {
                source: f.source,
                target: f.target,
                ...(f.contentType ? { contentType: f.contentType } : {}),
            },
        })),
        keys: Object.entries(t.keys).map(([name, defs]) => ({
            name,
            objectTypeKeyList: defs.map((d) => ({
                fieldNames: [...d.fieldNames],
                standardIdentifiers: [...d.standardIdentifiers],
            })),
        })),
    };
}

/** Arguments of {@link ProfileObjectType}. Exactly one of `template` and `custom`. */
export interface ProfileObjectTypeArgs {
    /**
     * The domain the object type belongs to.
     *
     * **Create-only**: `DomainName` (tests/fixtures/cfn-schemas/aws-customerprofiles-objecttype.json createOnlyProperties); changing it replaces the object type.
     * @default — required
     */
    domainName: pulumi.Input<string>;
    /**
     * The domain key: objects of this type are encrypted with it.
     * @default — required
     */
    keyArn: pulumi.Input<string>;
    /**
     * An AWS template (e.g. `Salesforce-Account`): the object type takes its name and mappings.
     * Exactly one of `template` and `custom`.
     *
     * **Create-only**: it is the `ObjectTypeName` (tests/fixtures/cfn-schemas/aws-customerprofiles-objecttype.json createOnlyProperties); changing it
     * replaces the object type.
     * @default — none (then `custom` is required)
     */
    template?: string;
    /**
     * A custom object type: its fields and keys. Exactly one of `template` and `custom`.
     *
     * **Create-only** in part: its `name` is the `ObjectTypeName`
     * (tests/fixtures/cfn-schemas/aws-customerprofiles-objecttype.json createOnlyProperties); changing it replaces the object type.
     * @default — none (then `template` is required)
     */
    custom?: ObjectTypeConfig;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

export function validateProfileObjectTypeArgs(args: ProfileObjectTypeArgs): string[] {
    if ((args.template === undefined) === (args.custom === undefined))
        return ["template/custom: expected exactly one of template (an AWS template ID) and custom (fields and keys)"];
    if (args.template !== undefined && !templateApplication(args.template))
        return [
            `template: ${JSON.stringify(args.template)} is not valid; expected a template AWS documents for an integration (${Object.values(TEMPLATES).flat().join(", ")})`,
        ];
    return [];
}

/** An object type of the domain: an AWS template, or a custom type with its fields and keys. */
export class ProfileObjectType extends pulumi.ComponentResource {
    public readonly objectType: nativeProfiles.ObjectType;
    public readonly objectTypeName: pulumi.Output<string>;

    constructor(name: string, args: ProfileObjectTypeArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("ProfileObjectType", name, validateProfileObjectTypeArgs(args));
        super("customer-profiles:index:ProfileObjectType", name, {}, opts);
        const common = { domainName: args.domainName, encryptionKey: args.keyArn, tags: toNativeTags(args.tags) };
        const inputs: nativeProfiles.ObjectTypeArgs = args.template
            ? {
                  ...common,
                  objectTypeName: args.template,
                  templateId: args.template,
                  description: `AWS template ${args.template}`,
                  // No allowProfileCreation, fields, keys or sourceLastUpdatedTimestampFormat: with
                  // TemplateId set, PutProfileObjectType takes them from the template and may refuse
                  // the request when they are sent (Customer Profiles API reference, PutProfileObjectType).
              }
            : {
                  ...common,
                  objectTypeName: args.custom!.name,
                  description: args.custom!.description,
                  allowProfileCreation: args.custom!.allowProfileCreation,
                  expirationDays: args.custom!.expirationDays,
                  ...(objectTypeInputs(args.custom!) as Pick<nativeProfiles.ObjectTypeArgs, "fields" | "keys">),
              };
        this.objectType = new nativeProfiles.ObjectType(`${name}-object-type`, inputs, { parent: this });
        this.objectTypeName = this.objectType.objectTypeName.apply((n) => n ?? args.template ?? args.custom!.name);
        this.registerOutputs({ objectTypeName: this.objectTypeName });
    }
}

/** Arguments of {@link AppFlowIntegration}. */
export interface AppFlowIntegrationArgs {
    /**
     * The integration, as validated config.
     * @default — required
     */
    integration: IntegrationConfig;
    /**
     * The domain's name (a plain string: it names the flow).
     *
     * **Create-only**: the integration's `DomainName` (tests/fixtures/cfn-schemas/aws-customerprofiles-integration.json createOnlyProperties);
     * changing it replaces the integration.
     * @default — required
     */
    domainName: string;
    /**
     * The domain resource (or anything the integration must follow).
     * @default — required
     */
    domain: pulumi.Resource;
    /**
     * The domain key: encrypts the flow, and a connector profile created here.
     *
     * **Create-only** on a connector profile created here (`kmsArn` of aws:appflow/connectorProfile, tools/lib/create-only.ts CLASSIC_CREATE_ONLY).
     * @default — required
     */
    keyArn: pulumi.Input<string>;
    /**
     * The object type the integration maps into; the integration is created after it.
     * @default — required
     */
    objectType: ProfileObjectType;
    /**
     * Secret credentials of a connector profile this integration creates (`connectorProfile.create`);
     * ignored when the profile is referenced by name.
     * @default — none (required when the integration creates its connector profile)
     */
    credentials?: pulumi.Output<Record<string, string>>;
    /**
     * The domain's workflow role: required when the start date is more than 60 days back (the
     * history then runs as an integration workflow that assumes it).
     * @default — none (required for a backfill of more than 60 days)
     */
    workflowRole?: WorkflowRole;
    /**
     * The time the backfill is planned from (the batches end there).
     * @default — now
     */
    now?: Date;
    /**
     * The AWS identity the dynamic providers act as.
     * @default — the stack's (`aws:` configuration)
     */
    awsIdentity?: pulumi.Input<AwsIdentity>;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

/**
 * Whether the program must start the integration's flow itself: a scheduled flow created by
 * PutIntegration stays in Draft until AppFlow's StartFlow is called (Amazon Connect Administrator
 * Guide, "Example: Programmatically integrate Amazon S3 with Amazon Connect Customer Profiles",
 * Step 3, https://docs.aws.amazon.com/connect/latest/adminguide/customerprofiles-s3-integration.html;
 * Amazon AppFlow API Reference, StartFlow: "for schedule and event-triggered flows, this operation
 * activates the flow", https://docs.aws.amazon.com/appflow/1.0/APIReference/API_StartFlow.html).
 * An on-demand flow is not started: StartFlow would run it once at every creation, and the
 * operator runs it when the data is there. A backfill's ongoing integration is created by Customer
 * Profiles when the workflow completes; whether the service starts that flow itself is not stated
 * on any page this program cites (its workflow role holds appflow:StartFlow, AWS's recommended
 * policy) — the doctor reports a Draft flow.
 */
export function integrationNeedsActivation(i: IntegrationConfig): boolean {
    return i.schedule !== "onDemand";
}

/** The backfill an integration needs, if any (pure: `now` is an argument). */
export function integrationBackfill(i: IntegrationConfig, now: Date): BackfillPlan | undefined {
    if (!i.historicalStartDate) return undefined;
    const plan = planBackfill({ start: i.historicalStartDate, now, batchMonths: i.batchMonths });
    return plan.required ? plan : undefined;
}

export function validateAppFlowIntegrationArgs(args: AppFlowIntegrationArgs, now: Date): string[] {
    const problems: string[] = [];
    const i = args.integration;
    if (i.connectorProfile && "create" in i.connectorProfile && !args.credentials)
        problems.push(
            `credentials: (not set) is not valid; expected the secret credentials of connector profile ${i.connectorProfile.create.name}`,
        );
    if (i.application !== "S3" && !i.connectorProfile)
        problems.push(
            `integration.connectorProfile: (not set) is not valid; expected a connector profile for ${i.application}`,
        );
    if (i.historicalStartDate && !parseStartDate(i.historicalStartDate))
        problems.push(
            `integration.historicalStartDate: ${JSON.stringify(i.historicalStartDate)} is not valid; expected an ISO 8601 date`,
        );
    else if (i.historicalStartDate && parseStartDate(i.historicalStartDate)!.getTime() > now.getTime())
        problems.push(
            `integration.historicalStartDate: ${JSON.stringify(i.historicalStartDate)} is not valid; expected a date in the past`,
        );
    else if (integrationBackfill(i, now) && !args.workflowRole)
        problems.push(
            "workflowRole: (not set) is not valid; expected the domain's workflow role (the start date is more than 60 days back)",
        );
    return problems;
}

/**
 * One AppFlow-backed Customer Profiles integration (Salesforce, Marketo, ServiceNow, Zendesk or S3):
 * the connector profile (referenced by name, or created here from secret config and encrypted with
 * the domain key) and either
 * - a Customer Profiles Integration with its flow definition (no start date, or one at most 60
 *   days back: the flow's first run starts there), or
 * - an integration workflow that ingests the history in batches (start date more than 60 days
 *   back); when it completes, Customer Profiles creates the ongoing integration itself.
 */
export class AppFlowIntegration extends pulumi.ComponentResource {
    public readonly connectorProfile?: appflow.ConnectorProfile;
    public readonly integration?: nativeProfiles.Integration;
    public readonly workflow?: IntegrationWorkflow;
    /**
     * The activation (StartFlow) of the scheduled flow the integration creates: PutIntegration leaves
     * it in Draft (see {@link integrationNeedsActivation}).
     */
    public readonly activation?: AppFlowFlowActivation;
    public readonly flowName: string;
    /** The backfill plan, when the history is ingested through a workflow. */
    public readonly backfill?: BackfillPlan;

    constructor(name: string, args: AppFlowIntegrationArgs, opts?: pulumi.ComponentResourceOptions) {
        const now = args.now ?? new Date();
        ArgsError.throwIfAny("AppFlowIntegration", name, validateAppFlowIntegrationArgs(args, now));
        super("customer-profiles:index:AppFlowIntegration", name, {}, opts);
        const i = args.integration;
        this.flowName = flowName(i.name, args.domainName);
        const dependsOn: pulumi.Resource[] = [args.objectType, args.domain];

        if (i.connectorProfile && "create" in i.connectorProfile && i.application !== "S3") {
            this.connectorProfile = newConnectorProfile(
                `${name}-connector-profile`,
                i.application,
                i.connectorProfile.create,
                args.credentials!,
                args.keyArn,
                this,
            );
            dependsOn.push(this.connectorProfile);
        }
        this.backfill = integrationBackfill(i, now);
        const start = i.historicalStartDate ? parseStartDate(i.historicalStartDate) : undefined;
        const definition = pulumi.output(args.keyArn).apply((keyArn) =>
            flowDefinition(i, {
                domainName: args.domainName,
                keyArn,
                firstExecutionFrom: this.backfill ? undefined : start,
            }),
        );

        if (this.backfill) {
            const role = args.workflowRole!;
            this.workflow = new IntegrationWorkflow(
                `${name}-history`,
                {
                    awsIdentity: args.awsIdentity,
                    domainName: args.domainName,
                    objectTypeName: args.objectType.objectTypeName,
                    roleArn: role.roleArn,
                    flowDefinition: definition.apply((d) => apiFlowDefinition(d, i.application)),
                    batches: this.backfill.batches.map((b) => ({
                        startTime: b.startTime.toISOString(),
                        endTime: b.endTime.toISOString(),
                    })),
                    tags: args.tags,
                },
                {
                    parent: this,
                    // The role's permissions must exist before the service assumes it.
                    dependsOn: [...dependsOn, role.rolePolicy],
                    // The batches end at the time of the first `pulumi up`: the history is ingested
                    // once, and a later run must not replace the workflow because time has passed.
                    ignoreChanges: ["batches"],
                },
            );
        } else {
            this.integration = new nativeProfiles.Integration(
                `${name}-integration`,
                {
                    domainName: args.domainName,
                    objectTypeName: args.objectType.objectTypeName,
                    flowDefinition: definition as pulumi.Output<any>,
                    tags: toNativeTags(args.tags),
                },
                { parent: this, dependsOn },
            );
            if (integrationNeedsActivation(i)) {
                // The flow exists once PutIntegration returns, under the name of the flow URI it returns
                // (the integration's `uri` output); StartFlow is sent with that name, so the engine sends
                // it only after the integration is created.
                const created = this.integration;
                const requested = this.flowName;
                this.activation = new AppFlowFlowActivation(
                    `${name}-activation`,
                    {
                        flowName: pulumi
                            .all([created.uri, created.flowDefinition])
                            .apply(([uri, d]) => activationFlowName(uri, d?.flowName ?? requested)),
                        awsIdentity: args.awsIdentity,
                    },
                    { parent: this },
                );
            }
        }
        this.registerOutputs({
            flowName: this.flowName,
            flowStatus: this.activation?.flowStatus,
            connectorProfileName: connectorProfileName(i),
            backfillBatches: this.backfill?.batches.length ?? 0,
            workflowId: this.workflow?.workflowId,
            workflowStatus: this.workflow?.status,
            workflowIntegrationUri: this.workflow?.integrationUri,
        });
    }
}

function newConnectorProfile(
    name: string,
    app: Exclude<Application, "S3">,
    create: { name: string; instanceUrl: string; environment?: "production" | "sandbox" },
    credentials: pulumi.Output<Record<string, string>>,
    keyArn: pulumi.Input<string>,
    parent: pulumi.Resource,
): appflow.ConnectorProfile {
    const fields = CREDENTIAL_FIELDS[app];
    const pick = (c: Record<string, string>) =>
        Object.fromEntries(
            [...fields.required, ...fields.optional].filter((f) => c[f] !== undefined).map((f) => [f, c[f]]),
        );
    const secretCredentials = pulumi.secret(credentials.apply(pick));
    const credentialKey = app === "ServiceNow" ? "serviceNow" : app.toLowerCase();
    const properties =
        app === "Salesforce"
            ? {
                  salesforce: {
                      instanceUrl: create.instanceUrl,
                      isSandboxEnvironment: create.environment === "sandbox",
                  },
              }
            : { [credentialKey]: { instanceUrl: create.instanceUrl } };
    return new appflow.ConnectorProfile(
        name,
        {
            name: create.name,
            connectorType: appflowConnectorType(app),
            connectionMode: "Public",
            kmsArn: keyArn,
            connectorProfileConfig: {
                connectorProfileCredentials: secretCredentials.apply((c) => ({
                    [credentialKey]: c,
                })) as pulumi.Output<any>,
                connectorProfileProperties: properties as any,
            },
        },
        { parent },
    );
}

/** Arguments of {@link DomainIntegrations}. */
export interface DomainIntegrationsArgs {
    /**
     * The integrations (validated config).
     * @default — required
     */
    integrations: IntegrationConfig[];
    /**
     * Custom object types the integrations may map into (validated config).
     * @default — required (may be empty)
     */
    objectTypes: ObjectTypeConfig[];
    /**
     * The domain's name.
     *
     * **Create-only**: `DomainName` of each integration and object type
     * (tests/fixtures/cfn-schemas/aws-customerprofiles-integration.json createOnlyProperties, tests/fixtures/cfn-schemas/aws-customerprofiles-objecttype.json createOnlyProperties); changing it
     * replaces them.
     * @default — required
     */
    domainName: string;
    /**
     * The domain resource: object types take its name from its output (so the engine creates them
     * after it: a `dependsOn` on this component would not reach them), integrations depend on it.
     * @default — required
     */
    domain: pulumi.Resource & { domainName: pulumi.Output<string> };
    /**
     * The domain key: encrypts object types, flows and connector profiles created here.
     * @default — required
     */
    keyArn: pulumi.Input<string>;
    /**
     * Account, region and partition of the stack: every policy condition and ARN is built from them.
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * The secret credentials of a connector profile created here, by profile name.
     * @default — none (required when an integration creates its connector profile)
     */
    credentials?: (connectorProfileName: string) => pulumi.Output<Record<string, string>>;
    /**
     * The time backfills are planned from.
     * @default — now
     */
    now?: Date;
    /**
     * The AWS identity the dynamic providers act as.
     * @default — the stack's (`aws:` configuration)
     */
    awsIdentity?: pulumi.Input<AwsIdentity>;
    /**
     * The workflow role the bootstrap created for this stack (`bootstrapRoles: true`), used instead of
     * creating one (see {@link WorkflowRoleArgs.existingRole}).
     * @default — the component creates the role when some integration needs it
     */
    existingWorkflowRole?: ExistingRole;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

/**
 * Every AppFlow-backed integration of a domain: the object types they map into (each template or
 * custom type once), the domain's one workflow role (only when some integration ingests history
 * more than 60 days back; scoped to those integrations' connector profiles), and the integrations.
 */
export class DomainIntegrations extends pulumi.ComponentResource {
    public readonly objectTypes: Record<string, ProfileObjectType> = {};
    public readonly workflowRole?: WorkflowRole;
    public readonly integrations: Record<string, AppFlowIntegration> = {};
    /** The AppFlow flow names the integrations own (for monitoring). */
    public readonly flowNames: string[];
    /**
     * For each S3 integration, the statement its source bucket's policy must hold (the stack does not
     * own the bucket): AppFlow may list and read it for that flow only.
     */
    public readonly s3SourceBucketStatements: pulumi.Output<PolicyStatement[]>;

    constructor(name: string, args: DomainIntegrationsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("customer-profiles:index:DomainIntegrations", name, {}, opts);
        const now = args.now ?? new Date();
        const used = [...new Set(args.integrations.map((i) => i.objectTypeName))];
        for (const typeName of used) {
            const custom = args.objectTypes.find((t) => t.name === typeName);
            this.objectTypes[typeName] = new ProfileObjectType(
                `${name}-${typeName.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`,
                {
                    // The domain's output, not the plain name: PutProfileObjectType names the domain,
                    // which must exist first (Customer Profiles API reference, PutProfileObjectType:
                    // DomainName is a URI parameter of an existing domain). A `dependsOn` on this
                    // component would not be inherited by the object type inside it.
                    domainName: args.domain.domainName,
                    keyArn: args.keyArn,
                    ...(custom ? { custom } : { template: typeName }),
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        const backfilled = args.integrations.filter((i) => integrationBackfill(i, now));
        if (backfilled.length > 0) {
            this.workflowRole = new WorkflowRole(
                `${name}-workflows`,
                {
                    domainName: args.domainName,
                    keyArn: args.keyArn,
                    connectorProfileNames: backfilled.map((i) => connectorProfileName(i)!),
                    context: args.context,
                    existingRole: args.existingWorkflowRole,
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        const awsIdentity = args.awsIdentity ?? pulumi.output(args.context).apply((c) => stackAwsIdentity(c.region));
        for (const i of args.integrations) {
            const creates =
                i.connectorProfile && "create" in i.connectorProfile ? i.connectorProfile.create.name : undefined;
            this.integrations[i.name] = new AppFlowIntegration(
                `${name}-${i.name}`,
                {
                    integration: i,
                    domainName: args.domainName,
                    domain: args.domain,
                    keyArn: args.keyArn,
                    objectType: this.objectTypes[i.objectTypeName],
                    credentials: creates && args.credentials ? args.credentials(creates) : undefined,
                    workflowRole: this.workflowRole,
                    now,
                    awsIdentity,
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        this.flowNames = Object.values(this.integrations).map((i) => i.flowName);
        this.s3SourceBucketStatements = pulumi.output(args.context).apply((ctx) =>
            args.integrations
                .filter((i) => i.application === "S3" && i.bucketName)
                .map((i) =>
                    s3SourceBucketStatement(ctx, {
                        bucketName: i.bucketName!,
                        bucketPrefix: i.bucketPrefix,
                        flowName: flowName(i.name, args.domainName),
                    }),
                ),
        );
        this.registerOutputs({
            flowNames: this.flowNames,
            s3SourceBucketStatements: this.s3SourceBucketStatements,
            workflowRoleArn: this.workflowRole?.roleArn,
            objectTypes: Object.keys(this.objectTypes),
        });
    }
}
