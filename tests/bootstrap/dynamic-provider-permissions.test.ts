// The deploy and preview roles against what the program's own dynamic providers really send: each
// operation (create, read, update, delete) runs against a recording client, and every AWS API call it
// makes must be among the actions bootstrap grants for that operation of that type. IAM authorizes
// each call by the action of the same name (Service Authorization Reference: "Actions defined by
// Amazon Connect Customer Profiles / Amazon AppFlow / Amazon Connect"), so a call missing here is an
// AccessDeniedException in `pulumi up` (or in `pulumi refresh` with the preview role).
import * as assert from "assert";
import { ConnectClient } from "@aws-sdk/client-connect";
import { actionsFor, previewActions } from "../../bootstrap/lib/permissions";
import {
    createWorkflow,
    deleteWorkflow,
    IntegrationWorkflowInputs,
    IntegrationWorkflowOutputs,
    readWorkflow,
    updateWorkflow,
} from "../../components/integrations/providers/integration-workflow";
import {
    activateFlow,
    deactivateFlow,
    FLOW_ACTIVATION_TYPE,
    readFlowActivation,
} from "../../components/common/providers/appflow-flow-activation";
import {
    createIntegrationAssociation,
    deleteIntegrationAssociation,
    readIntegrationAssociation,
} from "../../components/tasks/providers/connect-integration-association";

type Operation = "create" | "read" | "update" | "delete";

/** A client that answers every command from `answers` (by command name) and records the IAM action of each call. */
function recordingClient(prefix: string, answers: Record<string, unknown>) {
    const actions: string[] = [];
    return {
        actions,
        client: {
            async send(command: { constructor: { name: string } }) {
                const name = command.constructor.name.replace(/Command$/, "");
                actions.push(`${prefix}:${name}`);
                return answers[name] ?? {};
            },
        },
    };
}

function assertGranted(type: string, op: Operation, sent: string[]) {
    assert.ok(sent.length > 0, `${type} ${op} sent no request: the fake client was not used`);
    const granted = actionsFor(type, op) ?? [];
    const missing = [...new Set(sent)].filter((a) => !granted.includes(a));
    assert.deepStrictEqual(missing, [], `${type} ${op} calls ${missing.join(", ")}, which bootstrap does not grant`);
    // `pulumi refresh` (read) runs with the preview role too: its calls must be granted there.
    if (op === "read") {
        const preview = previewActions().granted;
        const unread = [...new Set(sent)].filter((a) => !preview.includes(a));
        assert.deepStrictEqual(unread, [], `${type} read calls ${unread.join(", ")}, which the preview role lacks`);
    }
}

const noSleep = { sleep: async () => undefined, now: () => 0 };

describe("bootstrap permissions: every call of the program's dynamic providers is granted", function () {
    const WORKFLOW = "pulumi-nodejs:dynamic/customer-profiles:IntegrationWorkflow";
    const workflowInputs: IntegrationWorkflowInputs = {
        awsIdentity: { region: "eu-west-2" },
        domainName: "amazon-connect-examplecorp-dev",
        objectTypeName: "Salesforce-Account",
        roleArn: "arn:aws:iam::123456789012:role/integrations-workflows-role-abc",
        flowDefinition: { FlowName: "sf-accounts-amazon-connect-examplecorp-dev" },
        batches: [{ startTime: "2025-01-01T00:00:00.000Z", endTime: "2025-03-01T00:00:00.000Z" }],
    };
    // A workflow that completed, and the ongoing integration Customer Profiles created for it.
    const completed = {
        CreateIntegrationWorkflow: { WorkflowId: "wf-1" },
        GetWorkflow: { Status: "COMPLETE", Metrics: { AppflowIntegration: { StepsCompleted: 1, TotalSteps: 1 } } },
        GetWorkflowSteps: { Items: [{ AppflowIntegration: { FlowName: "f", Status: "COMPLETE" } }] },
        ListIntegrations: { Items: [{ WorkflowId: "wf-1", Uri: "arn:aws:appflow:eu-west-2:123456789012:flow/f" }] },
    };

    it("integration workflow: create follows the workflow to COMPLETE and adopts its integration (ListIntegrations)", async function () {
        const r = recordingClient("profile", completed);
        await createWorkflow(r.client, workflowInputs, noSleep);
        assert.deepStrictEqual(
            [...new Set(r.actions)],
            [
                "profile:CreateIntegrationWorkflow",
                "profile:GetWorkflow",
                "profile:GetWorkflowSteps",
                "profile:ListIntegrations",
            ],
        );
        assertGranted(WORKFLOW, "create", r.actions);
    });

    it("integration workflow: read (refresh) and update of a running workflow follow it the same way", async function () {
        const running = {
            ...workflowInputs,
            workflowId: "wf-1",
            status: "RUNNING",
        } as unknown as IntegrationWorkflowOutputs;
        const read = recordingClient("profile", completed);
        await readWorkflow(read.client, "wf-1", running);
        assertGranted(WORKFLOW, "read", read.actions);
        const update = recordingClient("profile", completed);
        await updateWorkflow(update.client, "wf-1", running, { ...workflowInputs, pollIntervalSeconds: 5 }, noSleep);
        assertGranted(WORKFLOW, "update", update.actions);
    });

    it("integration workflow: delete removes the adopted integration (DeleteIntegration), then the workflow", async function () {
        const r = recordingClient("profile", {});
        await deleteWorkflow(r.client, "wf-1", {
            domainName: workflowInputs.domainName,
            integrationUri: "arn:aws:appflow:eu-west-2:123456789012:flow/f",
        });
        assert.deepStrictEqual(r.actions, ["profile:DeleteIntegration", "profile:DeleteWorkflow"]);
        assertGranted(WORKFLOW, "delete", r.actions);
    });

    it("flow activation: StartFlow, DescribeFlow, StopFlow", async function () {
        const inputs = {
            flowName: "amazon-connect-examplecorp-dev-salesforce-case-tasks",
            awsIdentity: { region: "eu-west-2" },
        };
        const answers = { StartFlow: { flowStatus: "Active" }, DescribeFlow: { flowStatus: "Active" } };
        const create = recordingClient("appflow", answers);
        await activateFlow(create.client as never, inputs);
        assertGranted(FLOW_ACTIVATION_TYPE, "create", create.actions);
        assertGranted(FLOW_ACTIVATION_TYPE, "update", create.actions); // update activates again (StartFlow)
        const read = recordingClient("appflow", answers);
        await readFlowActivation(read.client as never, inputs);
        assertGranted(FLOW_ACTIVATION_TYPE, "read", read.actions);
        const del = recordingClient("appflow", answers);
        await deactivateFlow(del.client as never, inputs);
        assertGranted(FLOW_ACTIVATION_TYPE, "delete", del.actions);
    });

    it("EVENT integration association: CreateIntegrationAssociation, ListIntegrationAssociations, DeleteIntegrationAssociation", async function () {
        const TYPE = "pulumi-nodejs:dynamic/connect:IntegrationAssociation";
        const inputs = {
            instanceArn: "arn:aws:connect:eu-west-2:123456789012:instance/4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f",
            integrationArn: "arn:aws:app-integrations:eu-west-2:123456789012:event-integration/x",
            sourceApplicationUrl: "https://examplecorp.my.salesforce.com",
            sourceApplicationName: "Salesforce",
            sourceType: "SALESFORCE" as const,
            awsIdentity: { region: "eu-west-2" },
        };
        const answers = {
            CreateIntegrationAssociation: { IntegrationAssociationId: "a-1", IntegrationAssociationArn: "arn:a-1" },
            ListIntegrationAssociations: {
                IntegrationAssociationSummaryList: [
                    { IntegrationAssociationId: "a-1", IntegrationArn: inputs.integrationArn },
                ],
            },
        };
        // The SDK's paginator wants a real ConnectClient: one whose send is the recording one.
        const connect = () => {
            const r = recordingClient("connect", answers);
            const client = new ConnectClient({ region: "eu-west-2" });
            client.send = r.client.send as never;
            return { actions: r.actions, client };
        };
        const create = connect();
        await createIntegrationAssociation(create.client, inputs);
        assertGranted(TYPE, "create", create.actions);
        const read = connect();
        await readIntegrationAssociation(read.client, "a-1", inputs);
        assertGranted(TYPE, "read", read.actions);
        const del = connect();
        await deleteIntegrationAssociation(del.client, "a-1", inputs);
        assertGranted(TYPE, "delete", del.actions);
    });
});
