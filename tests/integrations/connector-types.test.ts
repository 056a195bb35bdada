// Connector type names differ per API (issue 9, item 12): CloudFormation's
// AWS::CustomerProfiles::Integration schema spells `ServiceNow`, the Customer Profiles API (SDK enum
// SourceConnectorType) and the AppFlow API (SDK enum ConnectorType) spell `Servicenow`. Every source
// is tested on both paths: the ongoing integration (aws-native, CloudFormation's schema) and the
// integration workflow (the provider's CreateIntegrationWorkflow request, the API's enum).
import * as assert from "assert";
import { mockClient } from "aws-sdk-client-mock";
import {
    CreateIntegrationWorkflowCommand,
    CustomerProfilesClient,
    GetWorkflowCommand,
    GetWorkflowStepsCommand,
    ListIntegrationsCommand,
    SourceConnectorType,
} from "@aws-sdk/client-customer-profiles";
import { ConnectorType as AppflowConnectorType } from "@aws-sdk/client-appflow";
import { APPLICATIONS, Application, IntegrationConfig, TEMPLATES } from "../../components/integrations/config";
import {
    apiFlowDefinition,
    appflowConnectorType,
    flowDefinition,
    NATIVE_CONNECTOR_TYPE,
} from "../../components/integrations/integration";
import { integrationWorkflowProvider } from "../../components/integrations/providers/integration-workflow";
import { loadSchema, schemaFileFor, validateNativeInputs } from "../support/cfn-schema";
import { EngineDriver, succeeded } from "../support/dynamic-provider";

const KEY = "arn:aws:kms:eu-west-2:123456789012:key/0f0e0d0c-0b0a-0908-0706-050403020100";
const DOMAIN = "amazon-connect-examplecorp";

function integrationOf(app: Application): IntegrationConfig {
    const common = {
        name: `${app.toLowerCase()}-source`,
        application: app,
        fields: ["Id", "Name"],
        schedule: "rate(1hours)",
    };
    return (app === "S3"
        ? { ...common, bucketName: "examplecorp-exports", objectTypeName: "Members" }
        : {
              ...common,
              object: "Account",
              objectTypeName: TEMPLATES[app as Exclude<Application, "S3">][0],
              connectorProfile: { name: `examplecorp-${app.toLowerCase()}` },
          }) as unknown as IntegrationConfig;
}

/** CloudFormation's connector types (the schema's own enum). */
const cfnConnectorTypes = (): string[] => {
    const schema = loadSchema(schemaFileFor("aws-native:customerprofiles:Integration")) as any;
    return schema.definitions.ConnectorType.enum;
};

describe("integrations: each API's own connector type, every source on both paths", () => {
    const cp = mockClient(CustomerProfilesClient);
    beforeEach(() => cp.reset());
    after(() => cp.restore());

    it("the three enums really differ for ServiceNow (so a single hand-typed name cannot serve all three)", () => {
        assert.ok(cfnConnectorTypes().includes("ServiceNow"));
        assert.strictEqual(SourceConnectorType.SERVICENOW, "Servicenow");
        assert.strictEqual(AppflowConnectorType.SERVICENOW, "Servicenow");
    });

    for (const app of APPLICATIONS) {
        it(`${app}: the ongoing integration takes CloudFormation's spelling and validates against its schema`, () => {
            const d = flowDefinition(integrationOf(app), { domainName: DOMAIN, keyArn: KEY });
            assert.strictEqual(d.sourceFlowConfig.connectorType, NATIVE_CONNECTOR_TYPE[app]);
            assert.ok(cfnConnectorTypes().includes(d.sourceFlowConfig.connectorType));
            assert.deepStrictEqual(
                validateNativeInputs("aws-native:customerprofiles:Integration", {
                    domainName: DOMAIN,
                    objectTypeName: integrationOf(app).objectTypeName,
                    flowDefinition: d,
                }),
                [],
            );
        });

        it(`${app}: the workflow sends the Customer Profiles API's spelling, which the provider accepts and sends as is`, async () => {
            // Before: the workflow sent CloudFormation's `ServiceNow`, which SourceConnectorType lacks.
            const api = apiFlowDefinition(
                flowDefinition(integrationOf(app), { domainName: DOMAIN, keyArn: KEY }),
                app,
            ) as any;
            const expected = {
                Salesforce: SourceConnectorType.SALESFORCE,
                Marketo: SourceConnectorType.MARKETO,
                ServiceNow: SourceConnectorType.SERVICENOW,
                Zendesk: SourceConnectorType.ZENDESK,
                S3: SourceConnectorType.S3,
            }[app];
            assert.strictEqual(api.SourceFlowConfig.ConnectorType, expected);
            const engine = await EngineDriver.load(integrationWorkflowProvider);
            const inputs = {
                awsIdentity: { region: "eu-west-2" },
                domainName: DOMAIN,
                objectTypeName: integrationOf(app).objectTypeName,
                roleArn: "arn:aws:iam::123456789012:role/workflows",
                flowDefinition: api,
                batches: [{ startTime: "2024-01-01T00:00:00.000Z", endTime: "2024-03-01T00:00:00.000Z" }],
                pollIntervalSeconds: 0,
            };
            assert.deepStrictEqual((await engine.check({}, inputs)).failures, []);
            cp.on(CreateIntegrationWorkflowCommand).resolves({ WorkflowId: "wf", Message: "ok" });
            cp.on(GetWorkflowCommand).resolves({ Status: "COMPLETE" });
            cp.on(GetWorkflowStepsCommand).resolves({ Items: [] });
            cp.on(ListIntegrationsCommand).resolves({ Items: [] });
            succeeded(await engine.create(inputs));
            const sent = cp.commandCalls(CreateIntegrationWorkflowCommand)[0].args[0].input as any;
            assert.strictEqual(
                sent.IntegrationConfig.AppflowIntegration.FlowDefinition.SourceFlowConfig.ConnectorType,
                expected,
            );
        });

        if (app !== "S3")
            it(`${app}: a connector profile created here takes the AppFlow API's spelling`, () => {
                assert.ok((Object.values(AppflowConnectorType) as string[]).includes(appflowConnectorType(app)));
                assert.strictEqual(
                    appflowConnectorType(app),
                    (AppflowConnectorType as Record<string, string>)[app.toUpperCase()],
                );
            });
    }
});
