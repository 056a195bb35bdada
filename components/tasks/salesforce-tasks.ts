import * as pulumi from "@pulumi/pulumi";
import * as appflow from "@pulumi/aws/appflow";
import * as appconfig from "@pulumi/aws/appconfig";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import * as nativeAppflow from "@pulumi/aws-native/appflow";
import * as nativeConnect from "@pulumi/aws-native/connect";
import { FlowConnectorType } from "@pulumi/aws-native/types/enums/appflow";
import type { ConnectorType as AppflowConnectorType } from "@aws-sdk/client-appflow";
import { AccountContext } from "../common/policy-documents";
import { AwsIdentity, stackAwsIdentity } from "../common/aws-identity";
import { ArgsError } from "../common/errors";
import { toNativeTags } from "../common/tags";
import { AppFlowFlowActivation } from "../common/providers/appflow-flow-activation";
import { ConnectIntegrationAssociation } from "./providers/connect-integration-association";
import {
    CASE_CREATE_PATH,
    CASE_FIELDS,
    CONDITION_OPERATORS,
    CONNECTOR_PROFILE_NAME_PATTERN,
    CONTACT_FLOW_ID_PATTERN,
    FRIENDLY_NAME_PATTERN,
    isExistingConnection,
    MISSING_INSTANCE_URL,
    REFERENCE_TYPES,
    REFERENCE_VALUE_PATTERN,
    SALESFORCE_INSTANCE_URL_PATTERN,
    SalesforceConnectionConfig,
    SalesforceTaskRuleConfig,
    TASK_RULE_NAME,
    undocumentedVariables,
} from "./config";
import { clientCredentialsSecretPolicy, partnerEventSourceName } from "./policies";

/**
 * The Salesforce object whose Change Data Capture events trigger the flow: the CDC channel of Case.
 * Change Data Capture must be enabled for Case in the org (the most common failure).
 */
export const CASE_CHANGE_EVENT_OBJECT = "CaseChangeEvent";
/** The Connect rule trigger for a new Salesforce case. */
export const SALESFORCE_CASE_CREATE = "OnSalesforceCaseCreate";
/** The only version of the Amazon Connect rules function language. */
export const RULE_FUNCTION_VERSION = "2022-11-25";
/** AppFlow flow names (aws-appflow-flow.json, FlowName), at most 256 characters. */
export const FLOW_NAME_PATTERN = /^[a-zA-Z0-9][\w!@#.-]{1,255}$/;

/** The OAuth material of a new connection (secret Outputs from secret config). */
export interface SalesforceTasksCredentials {
    accessToken: pulumi.Input<string>;
    refreshToken: pulumi.Input<string>;
    /** The org's own connected app, if it does not use AppFlow's: stored in Secrets Manager, encrypted with the domain key. */
    clientCredentials?: { clientId: pulumi.Input<string>; clientSecret: pulumi.Input<string> };
}

/** An Amazon Connect instance the rules may name. */
export interface SalesforceTasksInstance {
    /** The instance's `name` in connectInstances. */
    name: string;
    /** Its ARN. */
    arn: pulumi.Input<string>;
}

/** Arguments of {@link SalesforceTasks}. */
export interface SalesforceTasksArgs {
    /**
     * The Salesforce connection. Mutually exclusive forms: `{ connectorProfileName, instanceUrl,
     * friendlyName? }` reuses an existing AppFlow connector profile (no secret needed);
     * `{ instanceUrl, friendlyName, environment }` creates one from `credentials`.
     * @default — required
     */
    connection: SalesforceConnectionConfig;
    /**
     * OAuth tokens (and optional client credentials) for a new connection; must be absent when reusing one.
     * @default — none (required when `connection` creates a profile)
     */
    credentials?: SalesforceTasksCredentials;
    /**
     * Name of the event-triggered AppFlow flow; also names the partner event source and bus, the
     * event integration and a connector profile created here.
     *
     * **Create-only**: `FlowName` (tests/fixtures/cfn-schemas/aws-appflow-flow.json createOnlyProperties), and `name` of aws:cloudwatch/eventBus,
     * aws:appconfig/eventIntegration and aws:appflow/connectorProfile (tools/lib/create-only.ts CLASSIC_CREATE_ONLY); changing it replaces them.
     * @default — required
     */
    flowName: string;
    /**
     * The instances the rules name; one EVENT integration association is made per instance used.
     *
     * **Create-only**: a rule's `InstanceArn` (tests/fixtures/cfn-schemas/aws-connect-rule.json createOnlyProperties) and the association's
     * instance (`CREATE_ONLY_INPUTS` of providers/connect-integration-association.ts); moving a
     * rule to another instance replaces it.
     * @default — required
     */
    instances: SalesforceTasksInstance[];
    /**
     * The Connect rules that create a task on a new Case, each routed to a contact flow of its instance.
     * @default — required (at least one)
     */
    rules: SalesforceTaskRuleConfig[];
    /**
     * The domain key: encrypts the connector profile, the flow and the client-credentials secret.
     *
     * **Create-only**: `KMSArn` (tests/fixtures/cfn-schemas/aws-appflow-flow.json createOnlyProperties) and `kmsArn` of aws:appflow/connectorProfile
     * (tools/lib/create-only.ts CLASSIC_CREATE_ONLY); changing it replaces the flow and a connector profile created here.
     * @default — required
     */
    keyArn: pulumi.Input<string>;
    /**
     * Account, region and partition (the partner event source name carries the account).
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * Protect the connector profile and the client-credentials secret from deletion.
     * @default true
     */
    protect?: boolean;
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

/** Pure validation of {@link SalesforceTasksArgs}: every problem, as `field: value is not valid; expected …`. */
export function validateSalesforceTasksArgs(args: SalesforceTasksArgs): string[] {
    const problems: string[] = [];
    const bad = (field: string, value: unknown, form: string) =>
        problems.push(`${field}: ${JSON.stringify(value) ?? "(not set)"} is not valid; expected ${form}`);
    const c = args.connection ?? ({} as SalesforceConnectionConfig);
    if (c.instanceUrl === undefined || c.instanceUrl === "")
        problems.push(`connection.instanceUrl: ${MISSING_INSTANCE_URL}`);
    else if (!SALESFORCE_INSTANCE_URL_PATTERN.test(c.instanceUrl))
        bad("connection.instanceUrl", c.instanceUrl, "the org's https URL, e.g. https://NAME.my.salesforce.com");
    if (c.connectorProfileName !== undefined && c.environment !== undefined)
        bad("connection.environment", c.environment, "no environment when connectorProfileName reuses a connection");
    if (c.connectorProfileName === undefined && c.environment === undefined)
        bad("connection", c, "either connectorProfileName (reuse) or environment and friendlyName (new)");
    if (c.connectorProfileName !== undefined && !CONNECTOR_PROFILE_NAME_PATTERN.test(c.connectorProfileName))
        bad("connection.connectorProfileName", c.connectorProfileName, "an AppFlow connector profile name");
    if (c.friendlyName !== undefined && !FRIENDLY_NAME_PATTERN.test(c.friendlyName))
        bad("connection.friendlyName", c.friendlyName, '1–100 letters, digits, spaces, "_" or "-"');
    if (c.connectorProfileName === undefined && c.friendlyName === undefined)
        bad("connection.friendlyName", undefined, "a friendly name for the new connection");
    const isNew = c.connectorProfileName === undefined;
    if (isNew && !args.credentials)
        problems.push(
            "credentials: (not set) is not valid; expected the OAuth access and refresh tokens of the new connection (secret config)",
        );
    if (!isNew && args.credentials)
        problems.push(
            "credentials: [secret] is not valid; expected no credentials when an existing connector profile is reused",
        );
    if (!FLOW_NAME_PATTERN.test(args.flowName) || args.flowName.length > 256)
        bad(
            "flowName",
            args.flowName,
            "an AppFlow flow name: a letter or digit, then letters, digits or _!@#.-, at most 256",
        );
    const names = args.instances.map((i) => i.name);
    if (args.rules.length === 0) problems.push("rules: [] is not valid; expected at least one rule");
    args.rules.forEach((r, i) => {
        if (!names.includes(r.instance))
            bad(`rules[${i}].instance`, r.instance, `one of the instances given (${names.join(", ") || "none"})`);
        if (!TASK_RULE_NAME.test(r.name)) bad(`rules[${i}].name`, r.name, TASK_RULE_NAME.form);
        if (!CONTACT_FLOW_ID_PATTERN.test(r.contactFlowId))
            bad(`rules[${i}].contactFlowId`, r.contactFlowId, "a contact flow ID");
        for (const [k, ref] of Object.entries(r.references ?? {}))
            if (!REFERENCE_VALUE_PATTERN.test(ref.value))
                bad(`rules[${i}].references.${k}.value`, ref.value, "a value starting with https: or /");
        for (const [j, cond] of r.conditions.entries()) {
            if (!(CASE_FIELDS as readonly string[]).includes(cond.field))
                bad(`rules[${i}].conditions[${j}].field`, cond.field, `one of ${CASE_FIELDS.join(", ")}`);
            else if (!(CONDITION_OPERATORS[cond.field] as readonly string[]).includes(cond.operator ?? "EQUALS"))
                bad(
                    `rules[${i}].conditions[${j}].operator`,
                    cond.operator,
                    CONDITION_OPERATORS[cond.field].join(" or "),
                );
            if ((r.match ?? "all") === "all" && r.conditions.length > 1 && cond.anyOf.length > 1)
                bad(
                    `rules[${i}].conditions[${j}].anyOf`,
                    cond.anyOf,
                    "one value when several conditions must all hold",
                );
        }
        for (const [field, text] of [
            ["taskName", r.taskName],
            ["taskDescription", r.taskDescription],
            ...Object.entries(r.references ?? {}).map(([k, ref]) => [`references.${k}.value`, ref.value]),
        ] as [string, string | undefined][])
            if (text !== undefined && undocumentedVariables(text).length > 0)
                bad(
                    `rules[${i}].${field}`,
                    text,
                    `only the variables AWS documents for OnSalesforceCaseCreate (not ${undocumentedVariables(text).join(", ")})`,
                );
    });
    return problems;
}

/**
 * The rule's condition in the Amazon Connect Rules Function language (Connect API Reference: Rules
 * Function language, its Concepts and Conditions → OnSalesforceCaseCreate). The top operator is AND
 * or OR and its operands are comparisons, each with exactly one operand value; so every value of a
 * condition becomes one comparison (its documented operator: EQUALS, or CONTAINS where the field
 * allows it), and several values are OR-ed: the top operator is OR when `match` is any, or when the
 * rule has a single condition; otherwise AND (config validation then allows one value per condition).
 * With no condition, every new case creates a task.
 */
export function ruleFunction(
    conditions: SalesforceTaskRuleConfig["conditions"],
    match: SalesforceTaskRuleConfig["match"] = "all",
): string {
    const comparisons = conditions.flatMap((c) =>
        c.anyOf.map((value) => ({
            Operator: c.operator ?? "EQUALS",
            Operands: [value],
            ComparisonValue: `${CASE_CREATE_PATH}${c.field}`,
            Negate: false,
        })),
    );
    const or = match === "any" || (conditions.length === 1 && conditions[0].anyOf.length > 1);
    return JSON.stringify({
        Version: RULE_FUNCTION_VERSION,
        RuleFunction: { Operator: or ? "OR" : "AND", Operands: comparisons },
    });
}

/** The rule's task action: routed to the contact flow of the rule's instance. */
export function taskAction(instanceArn: string, rule: SalesforceTaskRuleConfig): TaskActions {
    return {
        taskActions: [
            {
                name: rule.taskName,
                description: rule.taskDescription,
                contactFlowArn: `${instanceArn}/contact-flow/${rule.contactFlowId}`,
                references:
                    rule.references && Object.keys(rule.references).length > 0
                        ? Object.fromEntries(
                              Object.entries(rule.references).map(([k, r]) => [k, { type: r.type, value: r.value }]),
                          )
                        : undefined,
            },
        ],
    };
}

/** The Connect rule actions this component sets: exactly one task action. */
export interface TaskActions {
    taskActions: {
        name: string;
        description?: string;
        contactFlowArn: string;
        references?: Record<string, { type: (typeof REFERENCE_TYPES)[number]; value: string }>;
    }[];
}

/**
 * The AppFlow API's connector type for Salesforce (SDK enum ConnectorType), for the classic
 * connector profile, whose provider sends it to the AppFlow API as is. A value of the enum, held to
 * it by the type checker (the SDK's type is the union of its values), without loading the SDK client.
 */
export function appflowSalesforceConnectorType(): string {
    const salesforce: AppflowConnectorType = "Salesforce";
    return salesforce;
}

/** The name of the AppFlow connector profile a new Salesforce connection gets. */
export function newConnectionProfileName(flowName: string): string {
    return `${flowName}-connection`;
}

/**
 * Salesforce → Amazon Connect Tasks. Salesforce Case change events flow through an event-triggered
 * AppFlow flow onto the flow's partner event bus; an AppIntegrations event integration exposes
 * that source to Amazon Connect; an EVENT integration association (a dynamic provider: CloudFormation
 * does not accept the type) connects each instance to it; and Connect rules create a task on every
 * new Case (or the ones matching their conditions), routed to a contact flow.
 *
 * Order: connector profile → flow (created in Draft; creating it creates the partner event source) →
 * partner event bus (matched with that source) → flow activation (AppFlow activates only once the bus
 * exists) and event integration (on the bus) → association per instance → rules.
 */
export class SalesforceTasks extends pulumi.ComponentResource {
    public readonly connectorProfileName: pulumi.Output<string>;
    public readonly connectorProfile?: appflow.ConnectorProfile;
    public readonly clientCredentialsSecret?: secretsmanager.Secret;
    public readonly eventBus: cloudwatch.EventBus;
    public readonly flow: nativeAppflow.Flow;
    /** Activates the flow once the partner event bus exists. */
    public readonly activation: AppFlowFlowActivation;
    public readonly eventIntegration: appconfig.EventIntegration;
    public readonly associations: Record<string, ConnectIntegrationAssociation>;
    public readonly rules: Record<string, nativeConnect.Rule>;
    /** The flow's name: the monitoring component watches its runs. */
    public readonly flowName: pulumi.Output<string>;
    public readonly flowArn: pulumi.Output<string>;
    public readonly partnerEventSourceName: pulumi.Output<string>;

    constructor(name: string, args: SalesforceTasksArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("SalesforceTasks", name, validateSalesforceTasksArgs(args));
        super("customer-profiles:index:SalesforceTasks", name, {}, opts);
        const protect = args.protect ?? true;
        const conn = args.connection;
        const instanceUrl = conn.instanceUrl as string;
        const friendlyName = conn.friendlyName ?? (conn.connectorProfileName as string);
        const ctx = pulumi.output(args.context);
        const awsIdentity = args.awsIdentity ?? ctx.apply((c) => stackAwsIdentity(c.region));

        // 1. The connection: reused by name, or created from secret config, encrypted with the domain key.
        if (isExistingConnection(conn)) {
            this.connectorProfileName = pulumi.output(conn.connectorProfileName as string);
        } else {
            const creds = args.credentials as SalesforceTasksCredentials;
            const profileName = newConnectionProfileName(args.flowName);
            let clientCredentialsArn: pulumi.Output<string> | undefined;
            if (creds.clientCredentials) {
                this.clientCredentialsSecret = new secretsmanager.Secret(
                    `${name}-client-credentials`,
                    {
                        name: `appflow/${profileName}/client-credentials`,
                        description: `Salesforce connected app credentials of AppFlow connector profile ${profileName}`,
                        kmsKeyId: args.keyArn,
                        recoveryWindowInDays: 30,
                        tags: args.tags,
                    },
                    { parent: this, protect },
                );
                const cc = creds.clientCredentials;
                new secretsmanager.SecretVersion(
                    `${name}-client-credentials-value`,
                    {
                        secretId: this.clientCredentialsSecret.id,
                        secretString: pulumi.secret(
                            pulumi
                                .all([cc.clientId, cc.clientSecret])
                                .apply(([clientId, clientSecret]) => JSON.stringify({ clientId, clientSecret })),
                        ),
                    },
                    { parent: this },
                );
                const policy = new secretsmanager.SecretPolicy(
                    `${name}-client-credentials-policy`,
                    {
                        secretArn: this.clientCredentialsSecret.arn,
                        policy: ctx.apply((c) =>
                            JSON.stringify(clientCredentialsSecretPolicy(c, { connectorProfileName: profileName })),
                        ),
                    },
                    { parent: this },
                );
                // The profile reads the secret at creation: its policy must admit AppFlow first.
                clientCredentialsArn = pulumi.all([this.clientCredentialsSecret.arn, policy.id]).apply(([arn]) => arn);
            }
            this.connectorProfile = new appflow.ConnectorProfile(
                `${name}-connection`,
                {
                    name: profileName,
                    connectorType: appflowSalesforceConnectorType(),
                    connectionMode: "Public",
                    kmsArn: args.keyArn,
                    connectorProfileConfig: {
                        connectorProfileCredentials: {
                            salesforce: {
                                accessToken: pulumi.secret(creds.accessToken),
                                refreshToken: pulumi.secret(creds.refreshToken),
                                clientCredentialsArn,
                                oauth2GrantType: "AUTHORIZATION_CODE",
                            },
                        },
                        connectorProfileProperties: {
                            salesforce: { instanceUrl, isSandboxEnvironment: conn.environment === "sandbox" },
                        },
                    },
                },
                { parent: this, protect },
            );
            this.connectorProfileName = this.connectorProfile.name;
        }

        // 2. The event-triggered flow: Case change events → EventBridge, encrypted with the domain key.
        //    Creating it creates its partner event source; it is created in Draft (no flowStatus) and
        //    activated in step 4, once the partner event bus exists (AppFlow refuses otherwise).
        const sourceName = ctx.apply((c) => partnerEventSourceName(c.accountId, args.flowName));
        this.flow = new nativeAppflow.Flow(
            `${name}-flow`,
            {
                flowName: args.flowName,
                description: `Salesforce Case change events to Amazon Connect Tasks (${friendlyName})`,
                kmsArn: args.keyArn,
                triggerConfig: { triggerType: "Event" },
                sourceFlowConfig: {
                    connectorType: FlowConnectorType.Salesforce,
                    connectorProfileName: this.connectorProfileName,
                    sourceConnectorProperties: {
                        salesforce: {
                            object: CASE_CHANGE_EVENT_OBJECT,
                            enableDynamicFieldUpdate: false,
                            includeDeletedRecords: false,
                        },
                    },
                },
                destinationFlowConfigList: [
                    {
                        connectorType: FlowConnectorType.EventBridge,
                        destinationConnectorProperties: { eventBridge: { object: sourceName } },
                    },
                ],
                tasks: [
                    {
                        taskType: "Map_all",
                        sourceFields: [],
                        connectorOperator: { salesforce: "NO_OP" },
                        taskProperties: [{ key: "EXCLUDE_SOURCE_FIELDS_LIST", value: "[]" }],
                    },
                ],
                tags: toNativeTags(args.tags),
            },
            // The activation below sets the status; a refresh that reads "Active" is not a change.
            // FlowName is fixed and KMSArn create-only (aws-appflow-flow.json createOnlyProperties): a
            // new key replaces the flow under the same name, which CreateFlow refuses while the old
            // flow exists (AppFlow API reference, CreateFlow: ConflictException, "a flow with the
            // given name already exists"), so the old flow is deleted first.
            { parent: this, ignoreChanges: ["flowStatus"], deleteBeforeReplace: true },
        );

        // 3. The partner event bus, matched with the partner event source the flow created: it names
        //    the source only by a string it shares with the flow, so the ordering is explicit.
        this.eventBus = new cloudwatch.EventBus(
            `${name}-partner-bus`,
            { name: sourceName, eventSourceName: sourceName, tags: args.tags },
            { parent: this, dependsOn: [this.flow] },
        );

        // 4. The activation (StartFlow), once the bus exists.
        this.activation = new AppFlowFlowActivation(
            `${name}-flow-activation`,
            { flowName: this.flow.flowName, awsIdentity },
            { parent: this, dependsOn: [this.eventBus] },
        );

        // 5. The event integration: the partner source, on the partner bus the events arrive on.
        this.eventIntegration = new appconfig.EventIntegration(
            `${name}-event-integration`,
            {
                name: args.flowName,
                description: `Salesforce Case events of ${friendlyName} for Amazon Connect Tasks`,
                eventbridgeBus: this.eventBus.name,
                eventFilter: { source: sourceName },
                tags: args.tags,
            },
            { parent: this },
        );

        // 6. One EVENT integration association per instance the rules use.
        const used = [...new Set(args.rules.map((r) => r.instance))];
        const byName = new Map(args.instances.map((i) => [i.name, i]));
        this.associations = {};
        for (const instance of used) {
            this.associations[instance] = new ConnectIntegrationAssociation(
                `${name}-${instance}-association`,
                {
                    instanceArn: byName.get(instance)!.arn,
                    integrationArn: this.eventIntegration.arn,
                    sourceApplicationUrl: instanceUrl,
                    sourceApplicationName: friendlyName,
                    sourceType: "SALESFORCE",
                    awsIdentity,
                },
                { parent: this },
            );
        }

        // 7. The rules: a task on each new Case, routed by config.
        this.rules = {};
        for (const rule of args.rules) {
            const instanceArn = pulumi.output(byName.get(rule.instance)!.arn);
            const association = this.associations[rule.instance];
            this.rules[`${rule.instance}/${rule.name}`] = new nativeConnect.Rule(
                `${name}-${rule.instance}-${rule.name}`,
                {
                    name: rule.name,
                    instanceArn,
                    triggerEventSource: {
                        eventSourceName: SALESFORCE_CASE_CREATE,
                        integrationAssociationArn: association.integrationAssociationArn,
                    },
                    function: ruleFunction(rule.conditions, rule.match),
                    actions: instanceArn.apply((arn) => taskAction(arn, rule)),
                    publishStatus: rule.publish ? "PUBLISHED" : "DRAFT",
                    tags: toNativeTags(args.tags),
                },
                { parent: this },
            );
        }

        this.flowName = this.flow.flowName;
        this.flowArn = this.flow.flowArn;
        this.partnerEventSourceName = sourceName;
        this.registerOutputs({
            connectorProfileName: this.connectorProfileName,
            flowName: this.flowName,
            flowArn: this.flowArn,
            partnerEventSourceName: this.partnerEventSourceName,
            eventBusArn: this.eventBus.arn,
            eventIntegrationArn: this.eventIntegration.arn,
            integrationAssociationArns: Object.fromEntries(
                Object.entries(this.associations).map(([k, a]) => [k, a.integrationAssociationArn]),
            ),
            ruleArns: Object.fromEntries(Object.entries(this.rules).map(([k, r]) => [k, r.ruleArn])),
        });
    }
}
