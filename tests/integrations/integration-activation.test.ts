// A scheduled integration's flow is started: PutIntegration creates the flow in Draft, and it runs only
// once AppFlow's StartFlow is called (Amazon Connect Administrator Guide, "Example: Programmatically
// integrate Amazon S3 with Amazon Connect Customer Profiles", Step 3,
// https://docs.aws.amazon.com/connect/latest/adminguide/customerprofiles-s3-integration.html).
// Fails on the old plan: nothing started the flow, so the dev stack's S3 integration stayed in Draft.
import { strict as assert } from "assert";
import { Plan } from "../../tools/lib/plan-format";
import { devConfig, ofType, planFor, resource } from "../support/plan";
import { FLOW_ACTIVATION_TYPE } from "../../components/common/providers/appflow-flow-activation";
import { activationFlowName } from "../../components/integrations/integration";

const INTEGRATION = "aws-native:customerprofiles:Integration";

describe("integrations: the flow each scheduled integration creates is started (StartFlow)", function () {
    this.timeout(120_000);
    let plan: Plan;
    before(async () => {
        plan = await planFor(devConfig());
    });

    it("the dev stack's S3 integration: one activation of its flow, sent after PutIntegration by way of its output", () => {
        const integration = resource(plan, INTEGRATION, "integrations-loyalty-members-integration");
        const activation = resource(plan, FLOW_ACTIVATION_TYPE, "integrations-loyalty-members-activation");
        const flowName = (integration.inputs.flowDefinition as { flowName: string }).flowName;
        assert.equal(flowName, "loyalty-members-amazon-connect-examplecorp-dev");
        // The name comes from the flow URI PutIntegration returns (the integration's `uri` output).
        assert.equal(
            integration.outputs?.uri,
            "arn:aws:appflow:eu-west-2:123456789012:flow/loyalty-members-amazon-connect-examplecorp-dev",
        );
        assert.equal(activation.inputs.flowName, flowName);
        assert.deepEqual(activation.propertyDependencies?.flowName, [integration.urn]);
        assert.ok(activation.urn.includes("customer-profiles:index:AppFlowIntegration$"), activation.urn);
    });

    it("an on-demand integration's flow is not started by the stack (StartFlow would run it at every creation)", async () => {
        const config = devConfig();
        const integrations = (config["connect-customer-profiles:integrations"] as Record<string, unknown>[]).map((i) =>
            i.name === "loyalty-members" ? { ...i, schedule: "onDemand" } : i,
        );
        const p = await planFor({ ...config, "connect-customer-profiles:integrations": integrations });
        const names = ofType(p, FLOW_ACTIVATION_TYPE).map((r) => r.urn.split("::").pop());
        assert.deepEqual(names, ["salesforce-tasks-flow-activation"]);
    });

    it("a backfilled integration (a workflow) has no activation of its own: Customer Profiles creates its ongoing integration", () => {
        const names = ofType(plan, FLOW_ACTIVATION_TYPE)
            .map((r) => r.urn.split("::").pop())
            .sort();
        assert.deepEqual(names, ["integrations-loyalty-members-activation", "salesforce-tasks-flow-activation"]);
    });

    // Amazon Connect Administrator Guide, "Example: Programmatically integrate Amazon S3 with Amazon Connect
    // Customer Profiles", Steps 2-3: PutIntegration returns a flow URI; StartFlow is called with it. Fails on
    // the old code, which took the requested FlowDefinition name and would start a flow that may not exist.
    it("StartFlow names the flow of the URI PutIntegration returned; the requested name only without a URI", () => {
        const uri =
            "arn:aws:appflow:us-east-1:123456789012:flow/Customer_Profiles_testDomain_S3_Salesforce-Account_1634244122247";
        assert.equal(
            activationFlowName(uri, "requested"),
            "Customer_Profiles_testDomain_S3_Salesforce-Account_1634244122247",
        );
        assert.equal(activationFlowName(undefined, "requested"), "requested");
        assert.equal(activationFlowName("", "requested"), "requested");
        assert.equal(activationFlowName("arn:aws:appflow:us-east-1:123456789012:flow/", "requested"), "requested");
    });
});
