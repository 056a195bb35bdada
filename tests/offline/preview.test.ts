// Preview mode: `npm run plan -- --preview` shows the stack as `pulumi preview` of a first
// deployment does. Values the cloud computes are the engine's unknown placeholder, never invented;
// secrets stay secret; the policy check and the reviewer diff accept the plan with no violation
// caused by an unknown. The default mode (values filled in) stays, and the dev stack is clean in both.
import { strict as assert } from "assert";
import { main } from "../../tools/plan";
import { runOfflinePlan } from "../../tools/lib/offline";
import { checkPlan, PolicyReport } from "../../tools/lib/analyzer";
import { diffPlans, renderMarkdown } from "../../tools/lib/diff";
import { loadCreateOnlyCatalog } from "../../tools/lib/create-only";
import { Plan, ResourceState, UNKNOWN_PLACEHOLDER } from "../../tools/lib/plan-format";
import { resource, resources, salesforceTasksConfig } from "../support/plan";

const P = "connect-customer-profiles";
const KEY_ARN = /arn:aws:kms:eu-west-2:123456789012:key\/[0-9a-f-]{36}/;

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(
        argv,
        (s) => (out += s),
        (s) => (err += s),
    );
    return { code, out, err };
}

describe("offline plan, preview mode (npm run plan -- --preview)", () => {
    let preview: Plan;
    let filled: Plan;
    let previewReport: PolicyReport;
    let filledReport: PolicyReport;
    const find = (plan: Plan, type: string, name: string): ResourceState => resource(plan, type, name);
    before(async () => {
        preview = (await runOfflinePlan({ stack: "dev", preview: true })).plan;
        filled = (await runOfflinePlan({ stack: "dev" })).plan;
        previewReport = await checkPlan(preview);
        filledReport = await checkPlan(filled);
    });

    it("registers the same resources, with the same dependencies, as the default mode", () => {
        const shape = (p: Plan) =>
            resources(p)
                .map((r) => `${r.urn} <- ${[...(r.dependencies ?? [])].sort().join(",")}`)
                .sort();
        assert.deepEqual(shape(preview), shape(filled));
        assert.equal(preview.source?.preview, true);
        assert.equal(filled.source?.preview, undefined);
    });

    it("a resource being created has no ID and its computed outputs are the engine's unknown placeholder", () => {
        for (const r of resources(preview)) assert.equal(r.id, undefined, `${r.urn} has an ID in a preview`);
        const key = find(preview, "aws:kms/key:Key", "profiles-key");
        assert.equal(key.outputs!.arn, UNKNOWN_PLACEHOLDER);
        assert.equal(key.outputs!.keyId, UNKNOWN_PLACEHOLDER);
        const instance = find(preview, "aws:connect/instance:Instance", "support-instance");
        assert.equal(instance.outputs!.serviceRole, UNKNOWN_PLACEHOLDER);
        // The same outputs are filled in by the default mode.
        assert.match(find(filled, "aws:kms/key:Key", "profiles-key").outputs!.arn as string, KEY_ARN);
    });

    it("inputs computed from unknowns are unknown: the domain's key, the topic's key", () => {
        const domain = find(preview, "aws:customerprofiles/domain:Domain", "profiles-domain");
        assert.equal(domain.inputs.defaultEncryptionKey, UNKNOWN_PLACEHOLDER);
        assert.equal(domain.inputs.domainName, "amazon-connect-examplecorp-dev", "a value from config stays known");
        assert.equal(find(preview, "aws:sns/topic:Topic", "alarms-topic").inputs.kmsMasterKeyId, UNKNOWN_PLACEHOLDER);
        assert.match(
            find(filled, "aws:customerprofiles/domain:Domain", "profiles-domain").inputs.defaultEncryptionKey as string,
            KEY_ARN,
        );
    });

    it("auto-names are known (the provider assigns them before creating), ARNs are not", () => {
        const topic = find(preview, "aws:sns/topic:Topic", "alarms-topic");
        assert.match(topic.outputs!.name as string, /^alarms-topic-[0-9a-f]{7}$/);
        assert.equal(topic.outputs!.arn, UNKNOWN_PLACEHOLDER);
    });

    it("invents nothing the cloud computes: no key ARN, nor the new instance's ID or service-linked role", () => {
        const json = JSON.stringify(preview);
        assert.doesNotMatch(json, KEY_ARN);
        const created = find(filled, "aws:connect/instance:Instance", "support-instance");
        for (const invented of [created.id!, created.outputs!.serviceRole as string]) {
            assert.match(invented, /^arn:aws:iam::123456789012:role\/aws-service-role\/|^[0-9a-f-]{36}$/);
            assert.ok(!json.includes(invented), `${invented} (made up by the mock cloud) is in the preview`);
        }
        // The existing `sales` instance is named by ARN in the config and read with a data source,
        // which a preview runs: its service-linked role is known.
        assert.match(
            JSON.stringify(find(preview, "customer-profiles:index:ConnectInstance", "sales").outputs),
            /AWSServiceRoleForAmazonConnect_[0-9a-f]{20}/,
        );
    });

    it("secrets stay secret in preview mode", async () => {
        const clear = "00Dxx0000001gPL!AR8AQJXg5oPreviewAccessToken";
        const { plan } = await runOfflinePlan({
            preview: true,
            config: salesforceTasksConfig({
                [`${P}:salesforceAccessToken`]: clear,
                [`${P}:salesforceRefreshToken`]: { secure: "v1:AAABBBsecureRefresh" },
            }),
        });
        const json = JSON.stringify(plan);
        assert.ok(!json.includes(clear) && !json.includes("AAABBBsecure"), "a secret leaked into the preview");
        const creds = (
            resource(plan, "aws:appflow/connectorProfile:ConnectorProfile", "salesforce-tasks-connection").inputs as any
        ).connectorProfileConfig.connectorProfileCredentials.salesforce;
        assert.equal(creds.accessToken, "[secret]");
        assert.equal(creds.refreshToken, "[secret]");
    });

    it("the dev stack is clean in both modes: 0 mandatory and 0 advisory violations", () => {
        const show = (r: PolicyReport) => r.violations.map((v) => `${v.policyName}: ${v.detail}`).join("\n");
        assert.equal(filledReport.violations.length, 0, show(filledReport));
        assert.equal(previewReport.violations.length, 0, show(previewReport));
        assert.deepEqual(filledReport.unknown, [], "nothing is unknown when the mock cloud fills values in");
    });

    it("stack rules that cannot judge an unknown say so (advisory), naming what they could not judge", () => {
        const byPolicy = new Map(previewReport.unknown.map((u) => [u.policyName, u]));
        const grants = byPolicy.get("kms-key-service-principals-used");
        assert.ok(grants, "kms-key-service-principals-used says it could not judge");
        assert.equal(grants.enforcementLevel, "advisory");
        assert.equal(
            grants.detail,
            "can't run policy 'kms-key-service-principals-used' from policy pack 'connect-customer-profiles-guard@v0.1.0' during preview: " +
                "not judged until apply (values unknown during preview): " +
                "key alarms-key grants cloudwatch.amazonaws.com (unknown: the policy of alarms-topic-policy); " +
                "key alarms-key grants events.amazonaws.com (unknown: the policy of alarms-topic-policy)",
        );
        const storage = byPolicy.get("connect-storage-after-key-policy");
        assert.ok(storage);
        assert.match(
            storage.detail,
            /not judged until apply \(values unknown during preview\): storage config support-streaming-agent-events-storage \(policy of key support-streaming-key unknown: support-streaming-key-policy\); storage config support-streaming-ctr-storage/,
        );
        for (const u of previewReport.unknown) assert.equal(u.enforcementLevel, "advisory", u.policyName);
    });

    it("the reviewer diff reads the preview plan: unknowns shown as known after apply, never as the placeholder", () => {
        const diff = diffPlans({ steps: [], changeSummary: {} }, preview, {
            catalog: loadCreateOnlyCatalog(),
            headReport: previewReport,
            baseReport: { pack: previewReport.pack, violations: [] },
        });
        assert.equal(diff.changes.length, resources(preview).filter((r) => r.custom).length);
        assert.ok(diff.changes.every((c) => c.kind === "create"));
        const md = renderMarkdown(diff, { maxBytes: 1_000_000 });
        assert.ok(!md.includes(UNKNOWN_PLACEHOLDER), "the placeholder leaked into the reviewer diff");
        assert.match(md, /\(known after apply\)/);
    });

    it("the command line: --preview prints the preview header, unknowns as (known after apply), exit 0", async () => {
        const r = await cli(["--preview"]);
        assert.equal(r.code, 0, r.err);
        const count = resources(preview).filter((x) => x.custom).length;
        assert.match(
            r.out,
            new RegExp(
                `^Offline preview of stack dev \\(account 123456789012, region eu-west-2\\): ${count} resources to create, \\d+ inputs known after apply\n`,
            ),
        );
        assert.match(r.out, /defaultEncryptionKey: \(known after apply\)/);
        assert.ok(!r.out.includes(UNKNOWN_PLACEHOLDER));
        assert.match(r.out, /0 mandatory and 0 advisory violations, \d+ checks not run \(values unknown until apply\)/);
    });
});
