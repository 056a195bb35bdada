// The EVENT integration association provider's create/read/delete against a mocked Connect client.
import * as assert from "assert";
import { mockClient } from "aws-sdk-client-mock";
import {
    ConnectClient,
    CreateIntegrationAssociationCommand,
    DeleteIntegrationAssociationCommand,
    ListIntegrationAssociationsCommand,
    ThrottlingException,
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
    withRetry,
} from "../../components/tasks/providers/connect-integration-association";

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
};
const meta = { $metadata: {} };
const throttled = () => new ThrottlingException({ message: "Rate exceeded", $metadata: { httpStatusCode: 429 } });

describe("Connect EVENT integration association provider", () => {
    const connect = mockClient(ConnectClient);
    const client = new ConnectClient({ region: "eu-west-2" });
    let sleeps: number[];
    const fast = () => ({ baseDelayMs: 10, sleep: async (ms: number) => void sleeps.push(ms) });
    beforeEach(() => {
        connect.reset();
        sleeps = [];
    });
    after(() => connect.restore());

    it("creates an EVENT association with the event integration and the source application", async () => {
        connect.on(CreateIntegrationAssociationCommand).resolves({
            IntegrationAssociationId: ASSOCIATION_ID,
            IntegrationAssociationArn: ASSOCIATION_ARN,
            ...meta,
        });
        const result = await createIntegrationAssociation(client, inputs, fast());
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
        assert.deepStrictEqual(sleeps, []);
    });

    it("retries throttling with exponential backoff, then succeeds", async () => {
        connect
            .on(CreateIntegrationAssociationCommand)
            .rejectsOnce(throttled())
            .rejectsOnce(throttled())
            .resolves({
                IntegrationAssociationId: ASSOCIATION_ID,
                IntegrationAssociationArn: ASSOCIATION_ARN,
                ...meta,
            });
        const result = await createIntegrationAssociation(client, inputs, fast());
        assert.strictEqual(result.id, ASSOCIATION_ID);
        assert.strictEqual(connect.commandCalls(CreateIntegrationAssociationCommand).length, 3);
        assert.deepStrictEqual(sleeps, [10, 20]);
    });

    it("gives up on throttling after the last attempt, saying so", async () => {
        connect.on(CreateIntegrationAssociationCommand).rejects(throttled());
        await assert.rejects(createIntegrationAssociation(client, inputs, { ...fast(), maxAttempts: 3 }), {
            message: `Could not create the EVENT integration association of Amazon Connect instance ${INSTANCE_ARN} with event integration ${INTEGRATION_ARN}: ThrottlingException: Rate exceeded (still failing after retries)`,
        });
        assert.strictEqual(connect.commandCalls(CreateIntegrationAssociationCommand).length, 3);
    });

    it("surfaces a permanent failure at once, naming the instance, the integration and the remedy", async () => {
        connect.on(CreateIntegrationAssociationCommand).rejects(
            new InvalidRequestException({
                message: "SourceApplicationUrl is invalid",
                $metadata: { httpStatusCode: 400 },
            }),
        );
        await assert.rejects(createIntegrationAssociation(client, inputs, fast()), {
            message: `Could not create the EVENT integration association of Amazon Connect instance ${INSTANCE_ARN} with event integration ${INTEGRATION_ARN}: InvalidRequestException: SourceApplicationUrl is invalid; check the event integration ARN and the source application URL, name and type`,
        });
        assert.strictEqual(connect.commandCalls(CreateIntegrationAssociationCommand).length, 1);
        assert.deepStrictEqual(sleeps, []);
    });

    it("reports an existing association as a duplicate with its remedy", async () => {
        connect
            .on(CreateIntegrationAssociationCommand)
            .rejects(new DuplicateResourceException({ message: "already exists", $metadata: { httpStatusCode: 409 } }));
        await assert.rejects(
            createIntegrationAssociation(client, inputs, fast()),
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
        const state = await readIntegrationAssociation(client, ASSOCIATION_ID, inputs, fast());
        assert.deepStrictEqual(state, {
            ...inputs,
            integrationAssociationId: ASSOCIATION_ID,
            integrationAssociationArn: ASSOCIATION_ARN,
        });
        assert.strictEqual(connect.commandCalls(ListIntegrationAssociationsCommand).length, 2);
    });

    it("reads an association that no longer exists as gone (provider read returns no id)", async () => {
        connect.on(ListIntegrationAssociationsCommand).resolves({ IntegrationAssociationSummaryList: [], ...meta });
        assert.strictEqual(await readIntegrationAssociation(client, ASSOCIATION_ID, inputs, fast()), undefined);
        connect
            .on(ListIntegrationAssociationsCommand)
            .rejects(
                new ResourceNotFoundException({ message: "instance not found", $metadata: { httpStatusCode: 404 } }),
            );
        assert.strictEqual(await readIntegrationAssociation(client, ASSOCIATION_ID, inputs, fast()), undefined);
    });

    it("retries throttled reads", async () => {
        connect
            .on(ListIntegrationAssociationsCommand)
            .rejectsOnce(throttled())
            .resolves({ IntegrationAssociationSummaryList: [], ...meta });
        assert.strictEqual(await readIntegrationAssociation(client, ASSOCIATION_ID, inputs, fast()), undefined);
        assert.deepStrictEqual(sleeps, [10]);
    });

    it("deletes the association by instance and id", async () => {
        connect.on(DeleteIntegrationAssociationCommand).resolves(meta);
        await deleteIntegrationAssociation(client, ASSOCIATION_ID, inputs, fast());
        assert.deepStrictEqual(connect.commandCalls(DeleteIntegrationAssociationCommand)[0].args[0].input, {
            InstanceId: INSTANCE_ID,
            IntegrationAssociationId: ASSOCIATION_ID,
        });
    });

    it("treats deleting an association that is already gone as success (idempotent delete)", async () => {
        connect
            .on(DeleteIntegrationAssociationCommand)
            .rejects(new ResourceNotFoundException({ message: "not found", $metadata: { httpStatusCode: 404 } }));
        await deleteIntegrationAssociation(client, ASSOCIATION_ID, inputs, fast());
        await deleteIntegrationAssociation(client, ASSOCIATION_ID, inputs, fast());
        assert.strictEqual(connect.commandCalls(DeleteIntegrationAssociationCommand).length, 2);
    });

    it("retries a throttled delete and surfaces a permanent delete failure", async () => {
        connect.on(DeleteIntegrationAssociationCommand).rejectsOnce(throttled()).resolves(meta);
        await deleteIntegrationAssociation(client, ASSOCIATION_ID, inputs, fast());
        assert.strictEqual(connect.commandCalls(DeleteIntegrationAssociationCommand).length, 2);
        connect.reset();
        const denied = Object.assign(new Error("User is not authorized"), {
            name: "AccessDeniedException",
            $metadata: { httpStatusCode: 403 },
        });
        connect.on(DeleteIntegrationAssociationCommand).rejects(denied);
        await assert.rejects(deleteIntegrationAssociation(client, ASSOCIATION_ID, inputs, fast()), {
            message: `Could not delete the EVENT integration association of Amazon Connect instance ${INSTANCE_ARN} with event integration ${INTEGRATION_ARN}: AccessDeniedException: User is not authorized; the deploying principal needs connect:CreateIntegrationAssociation, connect:ListIntegrationAssociations, connect:DeleteIntegrationAssociation and app-integrations:CreateEventIntegrationAssociation`,
        });
    });

    it("retries 5xx server errors but not client errors", async () => {
        let calls = 0;
        await withRetry(async () => {
            if (++calls < 2)
                throw Object.assign(new Error("boom"), {
                    name: "InternalServiceException",
                    $metadata: { httpStatusCode: 500 },
                });
            return "ok";
        }, fast());
        assert.strictEqual(calls, 2);
        calls = 0;
        await assert.rejects(
            withRetry(async () => {
                calls++;
                throw Object.assign(new Error("bad"), {
                    name: "InvalidParameterException",
                    $metadata: { httpStatusCode: 400 },
                });
            }, fast()),
        );
        assert.strictEqual(calls, 1);
    });

    it("replaces (delete first) when any property changes, and rejects a malformed instance ARN in check", async () => {
        const p = connectIntegrationAssociationProvider;
        const olds = {
            ...inputs,
            integrationAssociationId: ASSOCIATION_ID,
            integrationAssociationArn: ASSOCIATION_ARN,
        };
        assert.deepStrictEqual(await p.diff!(ASSOCIATION_ID, olds, inputs), {
            changes: false,
            replaces: [],
            deleteBeforeReplace: true,
        });
        assert.deepStrictEqual(
            await p.diff!(ASSOCIATION_ID, olds, { ...inputs, sourceApplicationName: "Salesforce - Renamed" }),
            {
                changes: true,
                replaces: ["sourceApplicationName"],
                deleteBeforeReplace: true,
            },
        );
        const checked = await p.check!({}, { ...inputs, instanceArn: "not-an-arn" });
        assert.deepStrictEqual(checked.failures, [
            { property: "instanceArn", reason: "expected arn:aws:connect:REGION:ACCOUNT:instance/ID" },
        ]);
    });
});
