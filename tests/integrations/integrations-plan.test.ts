import * as assert from "assert";
import { runOfflinePlan } from "../../tools/lib/offline";
import { ConfigError } from "../../components/config";
import { validateNativeInputs } from "../support/cfn-schema";
import {
    ACCOUNT,
    REGION,
    dependencyNames,
    devConfigWithoutBootstrap,
    minimalConfig,
    ofType,
    planFor,
    policyOf,
    resource,
} from "../support/plan";
import { INTEGRATION_WORKFLOW_TYPE } from "../../components/integrations/providers/integration-workflow";
import { ConnectorType as AppflowConnectorType } from "@aws-sdk/client-appflow";

const P = "connect-customer-profiles";
const KEY_ARN_PATTERN = new RegExp(`^arn:aws:kms:${REGION}:${ACCOUNT}:key/[0-9a-f-]{36}$`);
const DOMAIN = "amazon-connect-examplecorp-dev";

const salesforce = (extra: Record<string, unknown> = {}) => ({
    name: "sf-accounts",
    application: "Salesforce",
    connectorProfile: { name: "examplecorp-salesforce" },
    object: "Account",
    fields: ["Id", "Name", "Phone"],
    objectTypeName: "Salesforce-Account",
    ...extra,
});

async function configErrorOf(config: Record<string, unknown>): Promise<ConfigError> {
    try {
        await planFor(config);
    } catch (e) {
        if (e instanceof ConfigError) return e;
        throw e;
    }
    throw new Error("expected a ConfigError");
}

describe("integrations: dev stack offline plan", function () {
    this.timeout(60000);
    let plan: Awaited<ReturnType<typeof runOfflinePlan>>["plan"];
    before(async () => {
        plan = (await runOfflinePlan({ stack: "dev", config: devConfigWithoutBootstrap() })).plan;
    });

    it("the Salesforce integration's history runs as a workflow with 2-month batches from 2025-01-01, assuming the workflow role", () => {
        const wf = resource(plan, INTEGRATION_WORKFLOW_TYPE, "integrations-sf-accounts-history");
        const inputs = wf.inputs as any;
        assert.strictEqual(inputs.domainName, DOMAIN);
        assert.strictEqual(inputs.objectTypeName, "Salesforce-Account");
        assert.deepStrictEqual(inputs.awsIdentity, { region: REGION });
        assert.match(inputs.roleArn, new RegExp(`^arn:aws:iam::${ACCOUNT}:role/integrations-workflows-role-`));
        assert.deepStrictEqual(inputs.batches.slice(0, 3), [
            { startTime: "2025-01-01T00:00:00.000Z", endTime: "2025-03-01T00:00:00.000Z" },
            { startTime: "2025-03-01T00:00:00.000Z", endTime: "2025-05-01T00:00:00.000Z" },
            { startTime: "2025-05-01T00:00:00.000Z", endTime: "2025-07-01T00:00:00.000Z" },
        ]);
        for (let i = 1; i < inputs.batches.length; i++)
            assert.strictEqual(inputs.batches[i].startTime, inputs.batches[i - 1].endTime);
        const fd = inputs.flowDefinition;
        assert.strictEqual(fd.FlowName, `sf-accounts-${DOMAIN}`);
        assert.match(fd.KmsArn, KEY_ARN_PATTERN);
        assert.deepStrictEqual(fd.SourceFlowConfig, {
            ConnectorType: "Salesforce",
            ConnectorProfileName: "examplecorp-salesforce-sandbox",
            IncrementalPullConfig: { DatetimeTypeFieldName: "LastModifiedDate" },
            SourceConnectorProperties: {
                Salesforce: { Object: "Account", EnableDynamicFieldUpdate: false, IncludeDeletedRecords: false },
            },
        });
        assert.deepStrictEqual(fd.TriggerConfig, {
            TriggerType: "Scheduled",
            TriggerProperties: { Scheduled: { ScheduleExpression: "rate(1hours)", DataPullMode: "Incremental" } },
        });
        assert.deepStrictEqual(fd.Tasks[0], {
            ConnectorOperator: { Salesforce: "PROJECTION" },
            SourceFields: [
                "Id",
                "Name",
                "Phone",
                "BillingStreet",
                "BillingCity",
                "BillingPostalCode",
                "BillingCountry",
                "LastModifiedDate",
            ],
            TaskType: "Filter",
        });
        assert.deepStrictEqual(fd.Tasks[1], {
            ConnectorOperator: { Salesforce: "NO_OP" },
            SourceFields: ["Id"],
            DestinationField: "Id",
            TaskType: "Map",
        });
        // The flow definition the workflow sends is a valid Integration FlowDefinition.
        assert.deepStrictEqual(
            validateNativeInputs("aws-native:customerprofiles:Integration", {
                domainName: DOMAIN,
                flowDefinition: lowerFirst(fd),
            }),
            [],
        );
        // Ordered after the object type, the domain and the role's permissions; the old workflow goes first on replacement.
        assert.deepStrictEqual(
            dependencyNames(wf),
            [
                "integrations-salesforce-account-object-type",
                "integrations-workflows-policy",
                "integrations-workflows-role",
                "profiles-domain",
                "profiles-key",
            ].sort(),
        );
        assert.strictEqual(wf.deleteBeforeReplace, true);
    });

    it("the workflow's inputs carry no secret and the serialized provider captures no SDK module", () => {
        const wf = resource(plan, INTEGRATION_WORKFLOW_TYPE, "integrations-sf-accounts-history");
        const text = JSON.stringify({ ...wf.inputs, __provider: undefined });
        assert.ok(!/secret|token|password/i.test(text), text);
        const provider = String((wf.inputs as any).__provider ?? "");
        assert.ok(
            provider.length > 0 && provider.length < 30000,
            `serialized provider is ${provider.length} characters`,
        );
        assert.ok(
            !/CustomerProfilesClient\s*=\s*class|smithy/i.test(provider),
            "the SDK is required inside the methods, not captured",
        );
    });

    it("the workflow role: trust bound to this account and domain; AWS's exact policy, connector profiles scoped", () => {
        const role = resource(plan, "aws:iam/role:Role", "integrations-workflows-role");
        assert.deepStrictEqual(policyOf(role, "assumeRolePolicy"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "CustomerProfilesWorkflowsOfThisDomain",
                    Effect: "Allow",
                    Principal: { Service: "profile.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    // No page documents this role's trust; aws:SourceAccount is the key documented for
                    // profile.amazonaws.com (registry entry profile-workflow-role-trust).
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ],
        });
        const policy = policyOf(resource(plan, "aws:iam/rolePolicy:RolePolicy", "integrations-workflows-policy"));
        const keyArn = policy.Statement[3].Resource;
        assert.match(keyArn, KEY_ARN_PATTERN);
        assert.deepStrictEqual(policy, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "CreateFlowResources",
                    Effect: "Allow",
                    Action: [
                        "appflow:CreateFlow",
                        "appflow:TagResource",
                        "profile:TagResource",
                        "profile:PutIntegration",
                    ],
                    Resource: "*",
                    Condition: {
                        "ForAnyValue:StringEquals": {
                            "aws:RequestTag/awsOwningService": ["customer-profiles-integration-workflow"],
                        },
                    },
                },
                {
                    Sid: "UseConnectorResources",
                    Effect: "Allow",
                    Action: ["appflow:UseConnectorProfile"],
                    Resource: `arn:aws:appflow:${REGION}:${ACCOUNT}:connectorprofile/examplecorp-salesforce-sandbox`,
                },
                {
                    Sid: "AccessFlowResources",
                    Effect: "Allow",
                    Action: [
                        "appflow:DescribeFlow",
                        "appflow:DescribeFlowExecutionRecords",
                        "appflow:DeleteFlow",
                        "appflow:StartFlow",
                        "appflow:StopFlow",
                        "appflow:UpdateFlow",
                        "profile:DeleteIntegration",
                    ],
                    Resource: "*",
                    Condition: {
                        "ForAnyValue:StringEquals": {
                            "aws:ResourceTag/awsOwningService": ["customer-profiles-integration-workflow"],
                        },
                    },
                },
                {
                    Sid: "KMSAppflow",
                    Effect: "Allow",
                    Action: ["kms:CreateGrant", "kms:ListGrants"],
                    Resource: keyArn,
                    Condition: { StringEquals: { "kms:ViaService": `appflow.${REGION}.amazonaws.com` } },
                },
                {
                    Sid: "KMSCustomerProfiles",
                    Effect: "Allow",
                    Action: ["kms:CreateGrant"],
                    Resource: keyArn,
                    Condition: {
                        StringEquals: { "kms:ViaService": `profile.${REGION}.amazonaws.com` },
                        "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt"] },
                    },
                },
            ],
        });
        // The key the policy names is the domain's key.
        assert.strictEqual(keyArn, (resource(plan, "aws:kms/key:Key", "profiles-key").outputs as any).arn);
        assert.strictEqual(ofType(plan, "aws:iam/role:Role").filter((r) => r.urn.includes("workflows")).length, 1);
    });

    it("the S3 integration: a Customer Profiles Integration into the custom LoyaltyMember type, valid against the CloudFormation schemas", () => {
        const integ = resource(
            plan,
            "aws-native:customerprofiles:Integration",
            "integrations-loyalty-members-integration",
        );
        const inputs = integ.inputs as any;
        assert.strictEqual(inputs.objectTypeName, "LoyaltyMember");
        assert.deepStrictEqual(inputs.flowDefinition.sourceFlowConfig, {
            connectorType: "S3",
            sourceConnectorProperties: {
                s3: { bucketName: "examplecorp-loyalty-exports-dev", bucketPrefix: "members/" },
            },
        });
        assert.deepStrictEqual(inputs.flowDefinition.triggerConfig, {
            triggerType: "Scheduled",
            triggerProperties: { scheduled: { scheduleExpression: "rate(1days)", dataPullMode: "Complete" } },
        });
        assert.deepStrictEqual(validateNativeInputs(integ.type, inputs), []);
        assert.deepStrictEqual(dependencyNames(integ), [
            "integrations-loyaltymember-object-type",
            "profiles-domain",
            "profiles-key",
        ]);
        const ot = resource(plan, "aws-native:customerprofiles:ObjectType", "integrations-loyaltymember-object-type");
        assert.deepStrictEqual(validateNativeInputs(ot.type, ot.inputs), []);
        assert.deepStrictEqual((ot.inputs as any).keys, [
            {
                name: "memberId",
                objectTypeKeyList: [{ fieldNames: ["memberId"], standardIdentifiers: ["UNIQUE", "PROFILE"] }],
            },
            { name: "email", objectTypeKeyList: [{ fieldNames: ["email"], standardIdentifiers: ["PROFILE"] }] },
        ]);
        const tmpl = resource(
            plan,
            "aws-native:customerprofiles:ObjectType",
            "integrations-salesforce-account-object-type",
        );
        assert.deepStrictEqual(
            [(tmpl.inputs as any).templateId, (tmpl.inputs as any).objectTypeName],
            ["Salesforce-Account", "Salesforce-Account"],
        );
        assert.match((tmpl.inputs as any).encryptionKey, KEY_ARN_PATTERN);
        assert.deepStrictEqual(validateNativeInputs(tmpl.type, tmpl.inputs), []);
    });

    it("monitoring: AppFlow deactivating any flow the stack owns notifies the alarm topic (exact pattern)", () => {
        // AppFlow user guide, "Flow notifications": deactivations of event-triggered and scheduled
        // flows are their own events, not end-of-run reports; the old code listened only to the latter.
        const rule = resource(plan, "aws:cloudwatch/eventRule:EventRule", "integration-monitoring-flow-deactivated");
        const tasksFlows = ofType(plan, "aws-native:appflow:Flow").map((f) => (f.inputs as any).flowName);
        assert.deepStrictEqual(JSON.parse((rule.inputs as any).eventPattern), {
            source: ["aws.appflow"],
            "detail-type": ["AppFlow Event Flow Deactivated", "AppFlow Scheduled Flow Deactivated"],
            detail: {
                "flow-name": [...tasksFlows, `loyalty-members-${DOMAIN}`, `sf-accounts-${DOMAIN}`].sort(),
            },
        });
        const topicArn = (resource(plan, "aws:sns/topic:Topic", "alarms-topic").outputs as any).arn;
        const target = resource(
            plan,
            "aws:cloudwatch/eventTarget:EventTarget",
            "integration-monitoring-flow-deactivated-alarm-topic",
        );
        assert.strictEqual((target.inputs as any).arn, topicArn);
        assert.deepStrictEqual((target.inputs as any).inputTransformer.inputPaths, {
            flow: "$.detail.flow-name",
            kind: "$.detail-type",
            time: "$.time",
        });
        assert.deepStrictEqual(dependencyNames(target), ["alarms-topic", "integration-monitoring-flow-deactivated"]);
    });

    it("monitoring: failed runs of every flow the stack owns, and visible DLQ messages, notify the alarm topic", () => {
        const rule = resource(plan, "aws:cloudwatch/eventRule:EventRule", "integration-monitoring-flow-failures");
        const pattern = JSON.parse((rule.inputs as any).eventPattern);
        const flows: string[] = pattern.detail["flow-name"];
        assert.deepStrictEqual(pattern.source, ["aws.appflow"]);
        assert.deepStrictEqual(pattern["detail-type"], ["AppFlow End Flow Run Report"]);
        assert.deepStrictEqual(pattern.detail.status, [{ "anything-but": "Execution Successful" }]);
        for (const f of [`sf-accounts-${DOMAIN}`, `loyalty-members-${DOMAIN}`]) assert.ok(flows.includes(f), f);
        const tasksFlows = ofType(plan, "aws-native:appflow:Flow").map((f) => (f.inputs as any).flowName);
        for (const f of tasksFlows) assert.ok(flows.includes(f), `the Salesforce Tasks flow ${f} is watched`);
        const topicArn = (resource(plan, "aws:sns/topic:Topic", "alarms-topic").outputs as any).arn;
        const target = resource(
            plan,
            "aws:cloudwatch/eventTarget:EventTarget",
            "integration-monitoring-flow-failures-alarm-topic",
        );
        assert.strictEqual((target.inputs as any).arn, topicArn);
        const alarm = resource(plan, "aws:cloudwatch/metricAlarm:MetricAlarm", "integration-monitoring-dlq-messages");
        const a = alarm.inputs as any;
        const queueName = (resource(plan, "aws:sqs/queue:Queue", "profiles-dlq").outputs as any).name;
        assert.deepStrictEqual(
            {
                namespace: a.namespace,
                metricName: a.metricName,
                dimensions: a.dimensions,
                statistic: a.statistic,
                threshold: a.threshold,
                comparisonOperator: a.comparisonOperator,
                alarmActions: a.alarmActions,
                okActions: a.okActions,
            },
            {
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: queueName },
                statistic: "Maximum",
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                alarmActions: [topicArn],
                okActions: [topicArn],
            },
        );
    });
});

describe("integrations: config variants through the offline plan", function () {
    this.timeout(60000);

    it("a recent start date (within 60 days): no workflow and no role; the flow's first run starts there", async () => {
        const start = new Date(Date.now() - 10 * 86400000);
        start.setUTCHours(0, 0, 0, 0);
        const plan = await planFor(
            minimalConfig({ [`${P}:integrations`]: [salesforce({ historicalStartDate: start.toISOString() })] }),
        );
        assert.strictEqual(ofType(plan, INTEGRATION_WORKFLOW_TYPE).length, 0);
        assert.strictEqual(ofType(plan, "aws:iam/role:Role").length, 0);
        const integ = resource(plan, "aws-native:customerprofiles:Integration", "integrations-sf-accounts-integration");
        assert.strictEqual(
            (integ.inputs as any).flowDefinition.triggerConfig.triggerProperties.scheduled.firstExecutionFrom,
            start.getTime() / 1000,
        );
        assert.deepStrictEqual(validateNativeInputs(integ.type, integ.inputs), []);
    });

    it("a connector profile created here: encrypted with the domain key, credentials only as a secret", async () => {
        const plan = await planFor(
            minimalConfig({
                [`${P}:integrations`]: [
                    {
                        name: "snow-users",
                        application: "ServiceNow",
                        connectorProfile: {
                            create: {
                                name: "examplecorp-servicenow",
                                instanceUrl: "https://examplecorp.service-now.com",
                            },
                        },
                        object: "sys_user",
                        fields: ["sys_id", "email"],
                        objectTypeName: "Servicenow-sys_user",
                    },
                ],
                [`${P}:integrationCredentials`]: {
                    "examplecorp-servicenow": { username: { secure: "AAABAxyz" }, password: { secure: "AAABAabc" } },
                },
            }),
        );
        const cp = resource(
            plan,
            "aws:appflow/connectorProfile:ConnectorProfile",
            "integrations-snow-users-connector-profile",
        );
        const inputs = cp.inputs as any;
        assert.deepStrictEqual(
            { name: inputs.name, connectorType: inputs.connectorType, connectionMode: inputs.connectionMode },
            // The AppFlow API's spelling (SDK enum ConnectorType.SERVICENOW), not CloudFormation's "ServiceNow".
            {
                name: "examplecorp-servicenow",
                connectorType: AppflowConnectorType.SERVICENOW,
                connectionMode: "Public",
            },
        );
        assert.strictEqual(inputs.kmsArn, (resource(plan, "aws:kms/key:Key", "profiles-key").outputs as any).arn);
        assert.strictEqual(inputs.connectorProfileConfig.connectorProfileCredentials, "[secret]");
        assert.deepStrictEqual(inputs.connectorProfileConfig.connectorProfileProperties, {
            serviceNow: { instanceUrl: "https://examplecorp.service-now.com" },
        });
        const integ = resource(plan, "aws-native:customerprofiles:Integration", "integrations-snow-users-integration");
        assert.ok(dependencyNames(integ).includes("integrations-snow-users-connector-profile"));
    });

    const rejects = async (integrations: unknown[], expected: string[], extra: Record<string, unknown> = {}) => {
        const e = await configErrorOf(minimalConfig({ [`${P}:integrations`]: integrations, ...extra }));
        assert.deepStrictEqual(e.message.split("\n").slice(1), expected);
    };

    it("rejects an unknown application", async () => {
        await rejects(
            [salesforce({ application: "Hubspot" })],
            [
                `  - ${P}:integrations[0].application: "Hubspot" is not valid; expected one of Salesforce, Marketo, ServiceNow, Zendesk, S3 (the applications Customer Profiles integrates through AppFlow)`,
            ],
        );
    });

    it("rejects a SaaS integration without a connector profile", async () => {
        await rejects(
            [salesforce({ connectorProfile: undefined })],
            [
                `  - ${P}:integrations[0].connectorProfile: (not set) is not valid; expected a connector profile for Salesforce: { name } of an existing AppFlow connector profile, or { create: { name, instanceUrl, … } } with its credentials in the secret config key integrationCredentials`,
            ],
        );
    });

    it("rejects a connector profile created without its secret credentials, naming the key but no value", async () => {
        await rejects(
            [
                salesforce({
                    connectorProfile: {
                        create: { name: "new-sf", instanceUrl: "https://examplecorp.my.salesforce.com" },
                    },
                }),
            ],
            [
                `  - ${P}:integrationCredentials.new-sf: (not set) is not valid; expected the secret credentials of the new Salesforce connector profile (accessToken, refreshToken): pulumi config set --secret --path 'integrationCredentials.new-sf.accessToken' …`,
            ],
        );
    });

    it("rejects a start date in the future and one before the source can have data", async () => {
        const e = await configErrorOf(
            minimalConfig({ [`${P}:integrations`]: [salesforce({ historicalStartDate: "2999-01-01" })] }),
        );
        assert.match(
            e.message,
            new RegExp(
                `^Invalid stack configuration \\(1 problem\\):\\n  - ${P}:integrations\\[0\\]\\.historicalStartDate: "2999-01-01" is not valid; expected a start date in the past \\(now is \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\): historical ingestion cannot start in the future$`,
            ),
        );
        await rejects(
            [salesforce({ historicalStartDate: "1999-12-31T23:59:59Z" })],
            [
                `  - ${P}:integrations[0].historicalStartDate: "1999-12-31T23:59:59Z" is not valid; expected a start date on or after 2000-01-01: Salesforce cannot hold records from before then`,
            ],
        );
        await rejects(
            [
                {
                    ...salesforce({
                        application: "Zendesk",
                        object: "users",
                        objectTypeName: "Zendesk-users",
                        historicalStartDate: "2006-06-01",
                    }),
                },
            ],
            [
                `  - ${P}:integrations[0].historicalStartDate: "2006-06-01" is not valid; expected a start date on or after 2007-01-01: Zendesk cannot hold records from before then`,
            ],
        );
        await rejects(
            [salesforce({ historicalStartDate: "31/01/2024" })],
            [
                `  - ${P}:integrations[0].historicalStartDate: "31/01/2024" is not valid; expected an ISO 8601 date such as 2024-01-31 or 2024-01-31T00:00:00+01:00`,
            ],
        );
    });

    it("rejects bad object-type keys: an undefined field, no UNIQUE key, an unknown identifier", async () => {
        const e = await configErrorOf(
            minimalConfig({
                [`${P}:integrations`]: [
                    {
                        name: "members",
                        application: "S3",
                        bucketName: "examplecorp-members",
                        fields: ["id"],
                        objectTypeName: "Member",
                    },
                ],
                [`${P}:objectTypes`]: [
                    {
                        name: "Member",
                        description: "Members",
                        fields: { id: { source: "_source.id", target: "_profile.AccountNumber" } },
                        keys: { id: [{ fieldNames: ["memberId"], standardIdentifiers: ["PROFILE"] }] },
                    },
                    {
                        name: "Other",
                        description: "Other",
                        fields: { id: { source: "_source.id", target: "_profile.AccountNumber" } },
                        keys: { id: [{ fieldNames: ["id"], standardIdentifiers: ["PRIMARY"] }] },
                    },
                ],
            }),
        );
        assert.deepStrictEqual(e.message.split("\n").slice(1), [
            `  - ${P}:objectTypes[0].keys.id[0].fieldNames[0]: "memberId" is not valid; expected a field defined in fields (id)`,
            `  - ${P}:objectTypes[0].keys: {"id":[{"fieldNames":["memberId"],"standardIdentifiers":["PROFILE"]}]} is not valid; expected exactly one key marked UNIQUE (found 0): it identifies each object`,
            `  - ${P}:objectTypes[1].keys.id[0].standardIdentifiers[0]: "PRIMARY" is not valid; expected one of PROFILE, UNIQUE, SECONDARY, LOOKUP_ONLY, NEW_ONLY, ASSET, CASE, ORDER, AIR_PREFERENCE, AIR_BOOKING, AIR_SEGMENT, HOTEL_PREFERENCE, HOTEL_STAY_REVENUE, HOTEL_RESERVATION, LOYALTY, LOYALTY_TRANSACTION, LOYALTY_PROMOTION, WEB_ANALYTICS, DEVICE`,
        ]);
    });

    it("rejects an object type that is neither declared nor a template of the integration's application", async () => {
        await rejects(
            [
                salesforce({ objectTypeName: "Zendesk-users" }),
                {
                    name: "files",
                    application: "S3",
                    bucketName: "examplecorp-files",
                    fields: ["id"],
                    objectTypeName: "Undeclared",
                },
            ],
            [
                `  - ${P}:integrations[0].objectTypeName: "Zendesk-users" is not valid; expected a template of Salesforce, not of Zendesk, or an object type declared in objectTypes`,
                `  - ${P}:integrations[1].objectTypeName: "Undeclared" is not valid; expected the name of an object type declared in objectTypes: S3 has no templates`,
            ],
        );
    });
});

function lowerFirst(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(lowerFirst);
    if (v !== null && typeof v === "object")
        return Object.fromEntries(
            Object.entries(v).map(([k, x]) => [k.charAt(0).toLowerCase() + k.slice(1), lowerFirst(x)]),
        );
    return v;
}
