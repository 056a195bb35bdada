// The EVENT integration association provider's create/read/delete against a mocked Connect client.
import * as assert from "assert";
import { mockClient } from "aws-sdk-client-mock";
import {
    ConnectClient,
    CreateIntegrationAssociationCommand,
    DeleteIntegrationAssociationCommand,
    ListIntegrationAssociationsCommand,
    ResourceNotFoundException,
    InvalidRequestException,
    DuplicateResourceException,
} from "@aws-sdk/client-connect";
import {
    connectIntegrationAssociationProvider,
    createIntegrationAssociation,
    deleteIntegrationAssociation,
    IntegrationAssociationInputs,
    readIntegrationAssociation,
} from "../../components/tasks/providers/connect-integration-association";
import { EngineDriver, failed, succeeded, UNKNOWN, withoutProvider } from "../support/dynamic-provider";

const INSTANCE_ID = "4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f";
const INSTANCE_ARN = `arn:aws:connect:eu-west-2:123456789012:instance/${INSTANCE_ID}`;
const INTEGRATION_ARN = "arn:aws:app-integrations:eu-west-2:123456789012:event-integration/salesforce-case-events";
const ASSOCIATION_ID = "a1b2c3d4-0000-1111-2222-333344445555";
const ASSOCIATION_ARN = `${INSTANCE_ARN}/integration-association/${ASSOCIATION_ID}`;
const inputs: IntegrationAssociationInputs = {
    instanceArn: INSTANCE_ARN,
    integrationArn: INTEGRATION_ARN,
    sourceApplicationUrl: "https://examplecorp.my.salesforce.com",
    sourceApplicationName: "Salesforce - ExampleCorp",
    sourceType: "SALESFORCE",
    awsIdentity: { region: "eu-west-2" },
};
const meta = { $metadata: {} };

describe("Connect EVENT integration association provider", () => {
    const connect = mockClient(ConnectClient);
    const client = new ConnectClient({ region: "eu-west-2" });
    beforeEach(() => connect.reset());
    after(() => connect.restore());

    it("creates an EVENT association with the event integration and the source application", async () => {
        connect.on(CreateIntegrationAssociationCommand).resolves({
            IntegrationAssociationId: ASSOCIATION_ID,
            IntegrationAssociationArn: ASSOCIATION_ARN,
            ...meta,
        });
        const result = await createIntegrationAssociation(client, inputs);
        assert.deepStrictEqual(connect.commandCalls(CreateIntegrationAssociationCommand)[0].args[0].input, {
            InstanceId: INSTANCE_ID,
            IntegrationType: "EVENT",
            IntegrationArn: INTEGRATION_ARN,
            SourceApplicationUrl: "https://examplecorp.my.salesforce.com",
            SourceApplicationName: "Salesforce - ExampleCorp",
            SourceType: "SALESFORCE",
        });
        assert.deepStrictEqual(result, {
            id: ASSOCIATION_ID,
            outs: { ...inputs, integrationAssociationId: ASSOCIATION_ID, integrationAssociationArn: ASSOCIATION_ARN },
        });
    });

    it("surfaces a permanent failure at once, naming the instance, the integration and the remedy", async () => {
        connect.on(CreateIntegrationAssociationCommand).rejects(
            new InvalidRequestException({
                message: "SourceApplicationUrl is invalid",
                $metadata: { httpStatusCode: 400 },
            }),
        );
        await assert.rejects(createIntegrationAssociation(client, inputs), {
            message: `Could not create the EVENT integration association of Amazon Connect instance ${INSTANCE_ARN} with event integration ${INTEGRATION_ARN}: InvalidRequestException: SourceApplicationUrl is invalid; check the event integration ARN and the source application URL, name and type`,
        });
        assert.strictEqual(connect.commandCalls(CreateIntegrationAssociationCommand).length, 1);
    });

    it("reports an existing association as a duplicate with its remedy", async () => {
        connect
            .on(CreateIntegrationAssociationCommand)
            .rejects(new DuplicateResourceException({ message: "already exists", $metadata: { httpStatusCode: 409 } }));
        await assert.rejects(
            createIntegrationAssociation(client, inputs),
            /DuplicateResourceException: already exists; the instance already has an association with this event integration; import it or delete it first$/,
        );
    });

    it("reads the association by id across pages", async () => {
        connect
            .on(ListIntegrationAssociationsCommand, {
                InstanceId: INSTANCE_ID,
                IntegrationType: "EVENT",
                IntegrationArn: INTEGRATION_ARN,
                NextToken: undefined,
            })
            .resolves({
                IntegrationAssociationSummaryList: [
                    { IntegrationAssociationId: "other", IntegrationArn: INTEGRATION_ARN },
                ],
                NextToken: "page-2",
                ...meta,
            })
            .on(ListIntegrationAssociationsCommand, { NextToken: "page-2" })
            .resolves({
                IntegrationAssociationSummaryList: [
                    {
                        IntegrationAssociationId: ASSOCIATION_ID,
                        IntegrationAssociationArn: ASSOCIATION_ARN,
                        IntegrationArn: INTEGRATION_ARN,
                        IntegrationType: "EVENT",
                        SourceApplicationUrl: "https://examplecorp.my.salesforce.com",
                        SourceApplicationName: "Salesforce - ExampleCorp",
                        SourceType: "SALESFORCE",
                    },
                ],
                ...meta,
            });
        const state = await readIntegrationAssociation(client, ASSOCIATION_ID, inputs);
        assert.deepStrictEqual(state, {
            ...inputs,
            integrationAssociationId: ASSOCIATION_ID,
            integrationAssociationArn: ASSOCIATION_ARN,
        });
        assert.strictEqual(connect.commandCalls(ListIntegrationAssociationsCommand).length, 2);
    });

    it("reads an association that no longer exists as gone (provider read returns no id)", async () => {
        connect.on(ListIntegrationAssociationsCommand).resolves({ IntegrationAssociationSummaryList: [], ...meta });
        assert.strictEqual(await readIntegrationAssociation(client, ASSOCIATION_ID, inputs), undefined);
        connect
            .on(ListIntegrationAssociationsCommand)
            .rejects(
                new ResourceNotFoundException({ message: "instance not found", $metadata: { httpStatusCode: 404 } }),
            );
        assert.strictEqual(await readIntegrationAssociation(client, ASSOCIATION_ID, inputs), undefined);
    });

    it("deletes the association by instance and id", async () => {
        connect.on(DeleteIntegrationAssociationCommand).resolves(meta);
        await deleteIntegrationAssociation(client, ASSOCIATION_ID, inputs);
        assert.deepStrictEqual(connect.commandCalls(DeleteIntegrationAssociationCommand)[0].args[0].input, {
            InstanceId: INSTANCE_ID,
            IntegrationAssociationId: ASSOCIATION_ID,
        });
    });

    it("treats deleting an association that is already gone as success (idempotent delete)", async () => {
        connect
            .on(DeleteIntegrationAssociationCommand)
            .rejects(new ResourceNotFoundException({ message: "not found", $metadata: { httpStatusCode: 404 } }));
        await deleteIntegrationAssociation(client, ASSOCIATION_ID, inputs);
        await deleteIntegrationAssociation(client, ASSOCIATION_ID, inputs);
        assert.strictEqual(connect.commandCalls(DeleteIntegrationAssociationCommand).length, 2);
    });

    it("surfaces a permanent delete failure with the remedy", async () => {
        const denied = Object.assign(new Error("User is not authorized"), {
            name: "AccessDeniedException",
            $metadata: { httpStatusCode: 403 },
        });
        connect.on(DeleteIntegrationAssociationCommand).rejects(denied);
        await assert.rejects(deleteIntegrationAssociation(client, ASSOCIATION_ID, inputs), {
            message: `Could not delete the EVENT integration association of Amazon Connect instance ${INSTANCE_ARN} with event integration ${INTEGRATION_ARN}: AccessDeniedException: User is not authorized; the deploying principal needs connect:CreateIntegrationAssociation, connect:ListIntegrationAssociations, connect:DeleteIntegrationAssociation and app-integrations:CreateEventIntegrationAssociation`,
        });
    });

    it("check accepts the unknowns of a preview (instance and event integration created by the stack) and still rejects known bad values", async () => {
        // Before: `check` tested the instance ARN pattern on the unknown placeholder and failed the preview.
        const engine = await EngineDriver.load(connectIntegrationAssociationProvider);
        const preview = { ...inputs, instanceArn: UNKNOWN, integrationArn: UNKNOWN };
        const checked = await engine.check({}, preview);
        assert.deepStrictEqual(checked.failures, []);
        assert.deepStrictEqual(withoutProvider(checked.inputs), preview);
        assert.deepStrictEqual((await engine.check({}, { ...inputs, awsIdentity: UNKNOWN })).failures, []);
        assert.deepStrictEqual(
            (await engine.check({}, { ...inputs, instanceArn: "not-an-arn", sourceType: "SERVICENOW" })).failures,
            [
                {
                    property: "instanceArn",
                    reason: 'instanceArn: "not-an-arn" is not valid; expected arn:aws:connect:REGION:ACCOUNT:instance/ID',
                },
                {
                    property: "sourceType",
                    reason: 'sourceType: "SERVICENOW" is not valid; expected one of CASES, SALESFORCE, ZENDESK (Connect SourceType)',
                },
            ],
        );
    });

    it("diff: an unknown or changed create-only input replaces (delete first); an identity change updates in place", async () => {
        const engine = await EngineDriver.load(connectIntegrationAssociationProvider);
        const olds = {
            ...inputs,
            integrationAssociationId: ASSOCIATION_ID,
            integrationAssociationArn: ASSOCIATION_ARN,
        };
        assert.deepStrictEqual(await engine.diff(ASSOCIATION_ID, olds, inputs), {
            changes: "DIFF_NONE",
            replaces: [],
            deleteBeforeReplace: true,
        });
        assert.deepStrictEqual(await engine.diff(ASSOCIATION_ID, olds, { ...inputs, instanceArn: UNKNOWN }), {
            changes: "DIFF_SOME",
            replaces: ["instanceArn"],
            deleteBeforeReplace: true,
        });
        assert.deepStrictEqual(
            await engine.diff(ASSOCIATION_ID, olds, { ...inputs, sourceApplicationName: "Salesforce - Renamed" }),
            { changes: "DIFF_SOME", replaces: ["sourceApplicationName"], deleteBeforeReplace: true },
        );
        const moved = { ...inputs, awsIdentity: { region: "eu-west-2", profile: "deployer" } };
        assert.deepStrictEqual(await engine.diff(ASSOCIATION_ID, olds, moved), {
            changes: "DIFF_SOME",
            replaces: [],
            deleteBeforeReplace: true,
        });
        const updated = succeeded(await engine.update(ASSOCIATION_ID, olds, moved));
        assert.deepStrictEqual(withoutProvider(updated.outs), { ...olds, awsIdentity: moved.awsIdentity });
    });

    it("serialized as the engine does, is driven through create, read and delete against the mocked client", async () => {
        const engine = await EngineDriver.load(connectIntegrationAssociationProvider);
        connect.on(CreateIntegrationAssociationCommand).resolves({
            IntegrationAssociationId: ASSOCIATION_ID,
            IntegrationAssociationArn: ASSOCIATION_ARN,
            ...meta,
        });
        const created = succeeded(await engine.create(inputs));
        assert.strictEqual(created.id, ASSOCIATION_ID);
        assert.deepStrictEqual(withoutProvider(created.outs), {
            ...inputs,
            integrationAssociationId: ASSOCIATION_ID,
            integrationAssociationArn: ASSOCIATION_ARN,
        });
        connect.on(ListIntegrationAssociationsCommand).resolves({
            IntegrationAssociationSummaryList: [
                {
                    IntegrationAssociationId: ASSOCIATION_ID,
                    IntegrationAssociationArn: ASSOCIATION_ARN,
                    IntegrationArn: INTEGRATION_ARN,
                    SourceApplicationUrl: inputs.sourceApplicationUrl,
                    SourceApplicationName: inputs.sourceApplicationName,
                    SourceType: "SALESFORCE",
                },
            ],
            ...meta,
        });
        const read = await engine.read(ASSOCIATION_ID, created.outs);
        assert.deepStrictEqual(withoutProvider(read.props), withoutProvider(created.outs));
        connect.on(DeleteIntegrationAssociationCommand).resolves(meta);
        await engine.delete(ASSOCIATION_ID, created.outs);
        assert.strictEqual(connect.commandCalls(DeleteIntegrationAssociationCommand).length, 1);
        connect
            .on(CreateIntegrationAssociationCommand)
            .rejects(new DuplicateResourceException({ message: "already exists", $metadata: { httpStatusCode: 409 } }));
        assert.match(failed(await engine.create(inputs)).message, /DuplicateResourceException: already exists/);
    });
});
