// Salesforce → Amazon Connect Tasks: the dev stack's plan (order, exact inputs, schemas), config
// rejections, secrets that never reach the plan, and the serialized provider really working.
import * as assert from "assert";
import * as path from "path";
import Module from "module";
import { mockClient } from "aws-sdk-client-mock";
import { ConnectClient, CreateIntegrationAssociationCommand } from "@aws-sdk/client-connect";
import { runOfflinePlan, REPO_ROOT } from "../../tools/lib/offline";
import { Plan, ResourceState } from "../../tools/lib/plan-format";
import { devConfig, minimalConfig, nameOf, resource, ofType, policyOf, salesforceTasksConfig } from "../support/plan";
import { validateNativeInputs } from "../support/cfn-schema";
import {
    ruleFunction,
    validateSalesforceTasksArgs,
    SalesforceTasksArgs,
} from "../../components/tasks/salesforce-tasks";
import { CONNECT_INTEGRATION_ASSOCIATION_TYPE } from "../../components/tasks/providers/connect-integration-association";

const P = "connect-customer-profiles";
const ACCOUNT = "123456789012";
const FLOW = "amazon-connect-examplecorp-dev-salesforce-case-tasks";
const SOURCE = `aws.partner/appflow/salesforce.com/${ACCOUNT}/${FLOW}`;
const SALES_ARN = "arn:aws:connect:eu-west-2:123456789012:instance/4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f";
const T = {
    bus: "aws:cloudwatch/eventBus:EventBus",
    flow: "aws-native:appflow:Flow",
    integration: "aws:appconfig/eventIntegration:EventIntegration",
    association: CONNECT_INTEGRATION_ASSOCIATION_TYPE,
    rule: "aws-native:connect:Rule",
    profile: "aws:appflow/connectorProfile:ConnectorProfile",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    secretPolicy: "aws:secretsmanager/secretPolicy:SecretPolicy",
};

const rejection = (config: Record<string, unknown>) =>
    runOfflinePlan({ config }).then(
        () => assert.fail("expected the configuration to be rejected"),
        (e: Error) => e.message,
    );

const newConnection = salesforceTasksConfig;

describe("Salesforce → Connect Tasks: the dev stack's plan", () => {
    let plan: Plan;
    let outputs: Record<string, unknown>;
    let keyArn: string;
    before(async () => {
        ({ plan, outputs } = await runOfflinePlan({ stack: "dev" }));
        keyArn = resource(plan, "aws:kms/key:Key", "profiles-key").outputs!.arn as string;
    });
    const bus = () => resource(plan, T.bus, "salesforce-tasks-partner-bus");
    const flow = () => resource(plan, T.flow, "salesforce-tasks-flow");
    const integration = () => resource(plan, T.integration, "salesforce-tasks-event-integration");
    const association = (i: string) => resource(plan, T.association, `salesforce-tasks-${i}-association`);
    const rule = (n: string) => resource(plan, T.rule, n);

    it("names the partner event bus after the flow's partner event source", () => {
        assert.deepStrictEqual(
            { name: bus().inputs.name, eventSourceName: bus().inputs.eventSourceName },
            { name: SOURCE, eventSourceName: SOURCE },
        );
    });

    it("reuses the connector profile by name: no profile, no secret is created", () => {
        assert.deepStrictEqual(
            [...ofType(plan, T.profile), ...ofType(plan, T.secret), ...ofType(plan, T.secretVersion)],
            [],
        );
    });

    it("the flow: Case change events, event-triggered, to the partner source, domain key, created without a status (Draft)", () => {
        const { tags, ...inputs } = flow().inputs;
        assert.deepStrictEqual(inputs, {
            flowName: FLOW,
            description: "Salesforce Case change events to Amazon Connect Tasks (Salesforce - ExampleCorp UAT)",
            kmsArn: keyArn,
            triggerConfig: { triggerType: "Event" },
            sourceFlowConfig: {
                connectorType: "Salesforce",
                connectorProfileName: "examplecorp-salesforce-sandbox",
                sourceConnectorProperties: {
                    salesforce: {
                        object: "CaseChangeEvent",
                        enableDynamicFieldUpdate: false,
                        includeDeletedRecords: false,
                    },
                },
            },
            destinationFlowConfigList: [
                { connectorType: "EventBridge", destinationConnectorProperties: { eventBridge: { object: SOURCE } } },
            ],
            tasks: [
                {
                    taskType: "Map_all",
                    sourceFields: [],
                    connectorOperator: { salesforce: "NO_OP" },
                    taskProperties: [{ key: "EXCLUDE_SOURCE_FIELDS_LIST", value: "[]" }],
                },
            ],
        });
        assert.ok(Array.isArray(tags));
    });

    it("the flow is replaced delete-first: its name is fixed and KMSArn is create-only", () => {
        // aws-appflow-flow.json createOnlyProperties: FlowName, KMSArn. A new key replaces the flow
        // under the same FlowName; created first (the engine's default), CreateFlow would be refused:
        // "a flow with the given name already exists within the account" (Amazon AppFlow API
        // reference, CreateFlow, ConflictException). So the old flow goes first.
        assert.strictEqual(flow().inputs.flowName, FLOW);
        assert.strictEqual(flow().deleteBeforeReplace, true);
    });

    it("orders the path: flow → bus → activation (explicit dependsOn) and bus → event integration → association → rule", () => {
        // Creating the flow creates its partner event source; the bus can only be matched with an
        // existing source; AppFlow activates the flow only once the bus exists.
        assert.ok(
            !flow().dependencies!.includes(bus().urn),
            "the flow must not wait for the bus: the bus needs the flow's partner event source",
        );
        assert.ok(
            bus().dependencies!.includes(flow().urn),
            "the partner bus is created only after the flow created its partner event source",
        );
        const activation = resource(
            plan,
            "pulumi-nodejs:dynamic/appflow:FlowActivation",
            "salesforce-tasks-flow-activation",
        );
        assert.ok(
            activation.dependencies!.includes(bus().urn),
            "the flow is activated only after the partner bus exists",
        );
        assert.deepStrictEqual(activation.propertyDependencies!.flowName, [flow().urn]);
        assert.strictEqual(activation.inputs.flowName, FLOW);
        assert.deepStrictEqual(activation.inputs.awsIdentity, { region: "eu-west-2" });
        assert.deepStrictEqual(integration().propertyDependencies!.eventbridgeBus, [bus().urn]);
        for (const i of ["support", "sales"])
            assert.deepStrictEqual(association(i).propertyDependencies!.integrationArn, [integration().urn], i);
        assert.deepStrictEqual(
            rule("salesforce-tasks-support-salesforce-new-case").propertyDependencies!.triggerEventSource,
            [association("support").urn],
        );
        assert.deepStrictEqual(
            rule("salesforce-tasks-sales-salesforce-high-priority-case").propertyDependencies!.triggerEventSource,
            [association("sales").urn],
        );
        // The created instance comes before its association.
        assert.deepStrictEqual(association("support").propertyDependencies!.instanceArn, [
            resource(plan, "aws:connect/instance:Instance", "support-instance").urn,
        ]);
    });

    it("the event integration filters the partner source on the partner bus, and matches the AppIntegrations schema", () => {
        const i = integration().inputs;
        assert.deepStrictEqual(
            { name: i.name, eventbridgeBus: i.eventbridgeBus, eventFilter: i.eventFilter },
            { name: FLOW, eventbridgeBus: SOURCE, eventFilter: { source: SOURCE } },
        );
        // Classic inputs, checked against the CloudFormation schema of the same resource.
        assert.deepStrictEqual(
            validateNativeInputs("aws-native:appintegrations:EventIntegration", {
                name: i.name,
                description: i.description,
                eventBridgeBus: i.eventbridgeBus,
                eventFilter: i.eventFilter,
            }),
            [],
        );
    });

    it("one EVENT association per instance: the event integration, the org URL and name, delete-before-replace", () => {
        const integrationArn = integration().outputs!.arn;
        const support = resource(plan, "aws:connect/instance:Instance", "support-instance").outputs!.arn;
        for (const [i, arn] of [
            ["support", support],
            ["sales", SALES_ARN],
        ] as const) {
            const { __provider, ...inputs } = association(i).inputs;
            assert.strictEqual(typeof __provider, "string");
            assert.deepStrictEqual(inputs, {
                instanceArn: arn,
                integrationArn,
                sourceApplicationUrl: "https://examplecorp--uat.sandbox.my.salesforce.com",
                sourceApplicationName: "Salesforce - ExampleCorp UAT",
                sourceType: "SALESFORCE",
                awsIdentity: { region: "eu-west-2" },
            });
            assert.strictEqual(association(i).deleteBeforeReplace, true);
        }
        assert.strictEqual(ofType(plan, T.association).length, 2);
    });

    it("the rules: OnSalesforceCaseCreate with the association ARN, a task routed to the instance's contact flow", () => {
        const supportArn = resource(plan, "aws:connect/instance:Instance", "support-instance").outputs!.arn as string;
        const support = rule("salesforce-tasks-support-salesforce-new-case").inputs;
        assert.deepStrictEqual(support.triggerEventSource, {
            eventSourceName: "OnSalesforceCaseCreate",
            integrationAssociationArn: association("support").outputs!.integrationAssociationArn,
        });
        assert.strictEqual(support.instanceArn, supportArn);
        assert.strictEqual(support.publishStatus, "PUBLISHED");
        assert.deepStrictEqual(JSON.parse(support.function as string), {
            Version: "2022-11-25",
            RuleFunction: { Operator: "AND", Operands: [] },
        });
        assert.deepStrictEqual(support.actions, {
            taskActions: [
                {
                    name: "Salesforce case $.ThirdParty.Salesforce.CaseCreate.CaseNumber",
                    description:
                        "New case from $.ThirdParty.Salesforce.CaseCreate.Name: $.ThirdParty.Salesforce.CaseCreate.Subject",
                    contactFlowArn: `${supportArn}/contact-flow/7d1c9a52-3e4f-4b8a-9c6d-2f0e1a3b5c7d`,
                    references: {
                        "Salesforce cases": {
                            type: "URL",
                            value: "https://examplecorp--uat.sandbox.my.salesforce.com/lightning/o/Case/list",
                        },
                    },
                },
            ],
        });
        const sales = rule("salesforce-tasks-sales-salesforce-high-priority-case").inputs;
        assert.deepStrictEqual(JSON.parse(sales.function as string).RuleFunction.Operands, [
            {
                Operator: "EQUALS",
                Operands: ["High"],
                ComparisonValue: "$.ThirdParty.Salesforce.CaseCreate.Priority",
                Negate: false,
            },
        ]);
        assert.strictEqual(
            (sales.actions as any).taskActions[0].contactFlowArn,
            `${SALES_ARN}/contact-flow/0b8e6f14-9a2d-4c3e-8f5a-6d7c1e2b3a49`,
        );
    });

    it("every aws-native input of the path matches its CloudFormation schema", () => {
        const native = [flow(), ...ofType(plan, T.rule)];
        assert.strictEqual(native.length, 3);
        for (const r of native) assert.deepStrictEqual(validateNativeInputs(r.type, r.inputs), [], r.urn);
    });

    it("exposes the flow name for the monitoring of failed flow runs, and what the doctor checks", () => {
        const { integrationAssociationArns, rules, ...names } = outputs.salesforceTasks as Record<string, any>;
        assert.deepStrictEqual(names, {
            flowName: FLOW,
            partnerEventSourceName: SOURCE,
            connectorProfileName: "examplecorp-salesforce-sandbox",
            // The partner event bus carries the partner event source's name; the event integration the flow's.
            eventBusName: SOURCE,
            eventIntegrationName: FLOW,
        });
        assert.deepStrictEqual(Object.keys(integrationAssociationArns).sort(), ["sales", "support"]);
        assert.match(integrationAssociationArns.support, /^arn:aws:connect:.*\/integration-association\//);
        assert.deepStrictEqual(
            Object.fromEntries(Object.entries(rules as Record<string, any>).map(([k, r]) => [k, r.publishStatus])),
            { "support/salesforce-new-case": "PUBLISHED", "sales/salesforce-high-priority-case": "PUBLISHED" },
        );
        assert.match(rules["support/salesforce-new-case"].arn, /^arn:aws:connect:.*\/rule\//);
    });

    it("the serialized provider is self-contained and really creates the association (mocked Connect)", async () => {
        const text = association("sales").inputs.__provider as string;
        assert.ok(text.length < 200_000, `serialized provider is ${text.length} characters`);
        assert.ok(
            !/ConnectClient\s*=\s*class|__awsSdk|smithy/.test(text),
            "the SDK is required at run time, not serialized",
        );
        const m = new Module(path.join(REPO_ROOT, "provider.js")) as any;
        m.filename = path.join(REPO_ROOT, "provider.js");
        m.paths = (Module as any)._nodeModulePaths(REPO_ROOT);
        m._compile(text, m.filename);
        const provider = m.exports.handler();
        const connect = mockClient(ConnectClient);
        try {
            connect.on(CreateIntegrationAssociationCommand).resolves({
                IntegrationAssociationId: "abc-123",
                IntegrationAssociationArn: `${SALES_ARN}/integration-association/abc-123`,
                $metadata: {},
            });
            const { __provider, integrationAssociationId, integrationAssociationArn, ...inputs } =
                association("sales").inputs;
            void [__provider, integrationAssociationId, integrationAssociationArn];
            assert.deepStrictEqual((await provider.check({}, inputs)).failures, []);
            const created = await provider.create(inputs);
            assert.strictEqual(created.id, "abc-123");
            assert.strictEqual(
                connect.commandCalls(CreateIntegrationAssociationCommand)[0].args[0].input.IntegrationType,
                "EVENT",
            );
        } finally {
            connect.restore();
        }
    });
});

describe("Salesforce → Connect Tasks: configuration", () => {
    it("rejects a rule naming an unknown instance", async () => {
        const config = devConfig();
        (config[`${P}:salesforceTasks`] as any).rules[1].instance = "billing";
        const message = await rejection(config);
        assert.ok(
            message.includes(
                `  - ${P}:salesforceTasks.rules[1].instance: "billing" is not valid; expected the name of an entry of connectInstances (support, sales)`,
            ),
            message,
        );
    });

    it('rejects a new connection without its instance URL: "missing Salesforce instance URL"', async () => {
        const config = newConnection();
        delete (config[`${P}:salesforceTasks`] as any).connection.instanceUrl;
        const message = await rejection(config);
        assert.strictEqual(
            message,
            `Invalid stack configuration (1 problem):\n  - ${P}:salesforceTasks.connection.instanceUrl: (not set) is not valid; expected missing Salesforce instance URL: set connection.instanceUrl to the org's https URL, e.g. https://NAME.my.salesforce.com`,
        );
    });

    it("rejects connectorProfileName together with environment, a non-https URL, and a new connection without friendly name", async () => {
        const config = minimalConfig({
            [`${P}:salesforceTasks`]: {
                connection: {
                    connectorProfileName: "sf",
                    environment: "production",
                    instanceUrl: "http://examplecorp.my.salesforce.com",
                },
                rules: [{ instance: "main", name: "r", contactFlowId: "abc", taskName: "t" }],
            },
        });
        const message = await rejection(config);
        assert.ok(
            message.includes(
                `${P}:salesforceTasks.connection.instanceUrl: "http://examplecorp.my.salesforce.com" is not valid; expected the org's https URL without a path, e.g. https://NAME.my.salesforce.com`,
            ),
            message,
        );
        assert.ok(
            message.includes(
                `${P}:salesforceTasks.connection.environment: "production" is not valid; expected no environment when connectorProfileName reuses an existing connection`,
            ),
            message,
        );
        const noName = newConnection();
        delete (noName[`${P}:salesforceTasks`] as any).connection.friendlyName;
        assert.ok(
            (await rejection(noName)).includes(
                `${P}:salesforceTasks.connection.friendlyName: (not set) is not valid; expected a friendly name for the new connection, e.g. Salesforce - Test instance`,
            ),
        );
    });

    it("a new connection needs the secret access and refresh tokens, and client id and secret together", async () => {
        const message = await rejection(newConnection({ [`${P}:salesforceClientId`]: { secure: "v1:abc" } }));
        assert.strictEqual(
            message,
            [
                "Invalid stack configuration (3 problems):",
                `  - ${P}:salesforceAccessToken: (not set) is not valid; expected a secret OAuth access token for the new Salesforce connection: set it with \`pulumi config set --secret salesforceAccessToken …\``,
                `  - ${P}:salesforceRefreshToken: (not set) is not valid; expected a secret OAuth refresh token for the new Salesforce connection (refresh-token policy "valid until revoked"): set it with \`pulumi config set --secret salesforceRefreshToken …\``,
                `  - ${P}:salesforceClientSecret: (not set) is not valid; expected a secret client secret, because salesforceClientId is set: set it with \`pulumi config set --secret salesforceClientSecret …\``,
            ].join("\n"),
        );
    });
});

describe("Salesforce → Connect Tasks: a new connection from secret config", () => {
    const SECRETS = {
        access: "00Dxx0000001gPL!AR8AQJXg5oAccessTokenPlainText",
        refresh: "5Aep861TSESvWeug_xvFHRefreshTokenPlainText",
        clientId: "3MVG9_plain_text_client_id",
        clientSecret: "8F1A2B3C4D5E6F_plain_text_client_secret",
    };
    let plan: Plan;
    let keyArn: string;
    const find = (type: string, name: string): ResourceState => resource(plan, type, name);
    before(async () => {
        // Set WITHOUT `secure:` (as if someone forgot --secret): the program must still treat them as secrets.
        plan = (
            await runOfflinePlan({
                config: newConnection({
                    [`${P}:salesforceAccessToken`]: SECRETS.access,
                    [`${P}:salesforceRefreshToken`]: SECRETS.refresh,
                    [`${P}:salesforceClientId`]: SECRETS.clientId,
                    [`${P}:salesforceClientSecret`]: SECRETS.clientSecret,
                }),
            })
        ).plan;
        keyArn = find("aws:kms/key:Key", "profiles-key").outputs!.arn as string;
    });

    it("no secret value appears in any resource or output of the plan, even when set in plain text", () => {
        // (The plan's config echo shows what the stack file holds: a value set without --secret is
        // plain text there already. Every value the program handles stays secret.)
        const json = JSON.stringify({ steps: plan.steps, outputs: plan.outputs });
        for (const [k, v] of Object.entries(SECRETS)) assert.ok(!json.includes(v), `${k} leaked into the plan`);
        const creds = (find(T.profile, "salesforce-tasks-connection").inputs as any).connectorProfileConfig
            .connectorProfileCredentials.salesforce;
        assert.strictEqual(creds.accessToken, "[secret]");
        assert.strictEqual(creds.refreshToken, "[secret]");
        assert.strictEqual(
            find(T.secretVersion, "salesforce-tasks-client-credentials-value").inputs.secretString,
            "[secret]",
        );
    });

    it("`secure:` values never reach the plan either", async () => {
        const { plan: p } = await runOfflinePlan({
            config: newConnection({
                [`${P}:salesforceAccessToken`]: { secure: "v1:AAABBBsecureAccess" },
                [`${P}:salesforceRefreshToken`]: { secure: "v1:AAABBBsecureRefresh" },
            }),
        });
        const json = JSON.stringify(p);
        assert.ok(!json.includes("AAABBBsecure"));
        assert.strictEqual(ofType(p, T.secret).length, 0, "no client-credentials secret without client credentials");
        const creds = (resource(p, T.profile, "salesforce-tasks-connection").inputs as any).connectorProfileConfig
            .connectorProfileCredentials.salesforce;
        assert.deepStrictEqual(creds, {
            accessToken: "[secret]",
            refreshToken: "[secret]",
            oauth2GrantType: "AUTHORIZATION_CODE",
        });
    });

    it("the connector profile: Salesforce OAuth, the org URL, sandbox, the domain key, protected", () => {
        const profile = find(T.profile, "salesforce-tasks-connection");
        const { connectorProfileConfig, ...rest } = profile.inputs as any;
        assert.deepStrictEqual(rest, {
            name: `amazon-connect-test-salesforce-case-tasks-connection`,
            connectorType: "Salesforce",
            connectionMode: "Public",
            kmsArn: keyArn,
        });
        assert.deepStrictEqual(connectorProfileConfig.connectorProfileProperties, {
            salesforce: { instanceUrl: "https://examplecorp.my.salesforce.com", isSandboxEnvironment: true },
        });
        assert.strictEqual(profile.protect, true);
        const flow = find(T.flow, "salesforce-tasks-flow");
        assert.strictEqual(
            (flow.inputs as any).sourceFlowConfig.connectorProfileName,
            "amazon-connect-test-salesforce-case-tasks-connection",
        );
        assert.deepStrictEqual(flow.propertyDependencies!.sourceFlowConfig, [profile.urn]);
    });

    it("client credentials: a Secrets Manager secret under the domain key, readable only by AppFlow for this profile", () => {
        const secret = find(T.secret, "salesforce-tasks-client-credentials");
        assert.strictEqual(secret.inputs.kmsKeyId, keyArn);
        assert.strictEqual(secret.protect, true);
        const policy = find(T.secretPolicy, "salesforce-tasks-client-credentials-policy");
        assert.deepStrictEqual(policyOf(policy), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AppFlowReadsClientCredentialsForThisConnectorProfile",
                    Effect: "Allow",
                    Principal: { Service: "appflow.amazonaws.com" },
                    Action: "secretsmanager:GetSecretValue",
                    Resource: "*",
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": ACCOUNT,
                            "aws:SourceArn": `arn:aws:appflow:eu-west-2:${ACCOUNT}:connectorprofile/amazon-connect-test-salesforce-case-tasks-connection`,
                        },
                    },
                },
            ],
        });
        const profile = find(T.profile, "salesforce-tasks-connection");
        assert.strictEqual(
            (profile.inputs as any).connectorProfileConfig.connectorProfileCredentials.salesforce.clientCredentialsArn,
            secret.outputs!.arn,
        );
        // The profile is created only once the secret's policy admits AppFlow.
        assert.deepStrictEqual([...profile.propertyDependencies!.connectorProfileConfig].map(nameOf).sort(), [
            "salesforce-tasks-client-credentials",
            "salesforce-tasks-client-credentials-policy",
        ]);
        // And the domain key lets AppFlow decrypt that secret, through Secrets Manager, for this profile only.
        const keyPolicy = policyOf(find("aws:kms/key:Key", "profiles-key"));
        assert.deepStrictEqual(keyPolicy.Statement[keyPolicy.Statement.length - 1], {
            Sid: "AppFlowDecryptsConnectorSecretsThroughSecretsManager",
            Effect: "Allow",
            Principal: { Service: "appflow.amazonaws.com" },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": ACCOUNT,
                    "aws:SourceArn": `arn:aws:appflow:eu-west-2:${ACCOUNT}:connectorprofile/amazon-connect-test-salesforce-case-tasks-connection`,
                    "kms:ViaService": "secretsmanager.eu-west-2.amazonaws.com",
                },
            },
        });
    });
});

describe("Salesforce → Connect Tasks: component arguments and rule function (pure)", () => {
    const base: SalesforceTasksArgs = {
        connection: { connectorProfileName: "sf", instanceUrl: "https://x.my.salesforce.com" },
        flowName: "flow-1",
        instances: [{ name: "main", arn: "arn" }],
        rules: [
            {
                instance: "main",
                name: "r",
                contactFlowId: "abc",
                taskName: "t",
                conditions: [],
                match: "all",
                publish: true,
            },
        ],
        keyArn: "k",
        context: { partition: "aws", accountId: ACCOUNT, region: "eu-west-2" },
    };
    it("accepts valid arguments and lists every problem of bad ones", () => {
        assert.deepStrictEqual(validateSalesforceTasksArgs(base), []);
        assert.deepStrictEqual(
            validateSalesforceTasksArgs({
                ...base,
                connection: { friendlyName: "New", environment: "production" },
                flowName: "-bad",
                rules: [
                    { ...base.rules[0], instance: "other", references: { link: { type: "URL", value: "ftp://x" } } },
                ],
            }),
            [
                "connection.instanceUrl: missing Salesforce instance URL: set connection.instanceUrl to the org's https URL, e.g. https://NAME.my.salesforce.com",
                "credentials: (not set) is not valid; expected the OAuth access and refresh tokens of the new connection (secret config)",
                'flowName: "-bad" is not valid; expected an AppFlow flow name: a letter or digit, then letters, digits or _!@#.-, at most 256',
                'rules[0].instance: "other" is not valid; expected one of the instances given (main)',
                'rules[0].references.link.value: "ftp://x" is not valid; expected a value starting with https: or /',
            ],
        );
    });
    it("builds the rule function: one EQUALS/CONTAINS comparison per value, several values OR-ed", () => {
        // OnSalesforceCaseCreate conditions take one operand each (Connect API Reference).
        assert.strictEqual(
            ruleFunction([{ field: "Origin", operator: "EQUALS", anyOf: ["Web", "Phone"] }]),
            '{"Version":"2022-11-25","RuleFunction":{"Operator":"OR","Operands":[{"Operator":"EQUALS","Operands":["Web"],"ComparisonValue":"$.ThirdParty.Salesforce.CaseCreate.Origin","Negate":false},{"Operator":"EQUALS","Operands":["Phone"],"ComparisonValue":"$.ThirdParty.Salesforce.CaseCreate.Origin","Negate":false}]}}',
        );
    });
});
