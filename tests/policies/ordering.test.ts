// Ordering as a policy (issue 11 item 3, issue 9 item 2): a resource that names another resource of
// the stack by a plain value must depend on it. The engine runs resources in parallel unless one
// waits for another, and a component's dependsOn is not inherited by its children (Pulumi docs,
// "Resource options": dependsOn, parent), so AWS would meet a request naming a domain that does
// not exist yet (PutProfileObjectType on a domain still being created).
import * as assert from "assert";
import { checkPlan, PolicyReport } from "../../tools/lib/analyzer";
import { runOfflinePlan } from "../../tools/lib/offline";
import { Plan, ResourceState } from "../../tools/lib/plan-format";
import { UNKNOWN } from "../../policies/lib/analysis";
import { linesFor, one, run } from "./helpers";

const POLICY = "references-wait-for-referents";
const DOMAIN = "amazon-connect-examplecorp-dev";
const DOMAIN_URN =
    "urn:pulumi:dev::connect-customer-profiles::customer-profiles:index:CustomerProfilesDomain$aws:customerprofiles/domain:Domain::profiles-domain";

const stateOf = (plan: Plan, name: string): ResourceState => {
    const s = plan.steps.find((x) => x.newState?.custom && x.urn.endsWith(`::${name}`));
    if (!s) throw new Error(`no resource ${name} in the plan`);
    return s.newState!;
};

/** The dev plan as the code before the fix produced it: object types without the domain edge. */
function withoutDomainEdge(plan: Plan, names: string[]): Plan {
    const copy = structuredClone(plan);
    for (const name of names) {
        const st = stateOf(copy, name);
        st.dependencies = (st.dependencies ?? []).filter((u) => u !== DOMAIN_URN);
        for (const k of Object.keys(st.propertyDependencies ?? {}))
            st.propertyDependencies![k] = st.propertyDependencies![k].filter((u) => u !== DOMAIN_URN);
    }
    return copy;
}

const violation = (name: string) =>
    `${name}: ${name} names profiles-domain (aws:customerprofiles/domain:Domain) in domainName ("${DOMAIN}") but does not depend on it: the engine may create ${name} first`;

describe("ordering: the dev plan", function () {
    let plan: Plan;
    let report: PolicyReport;
    before(async () => {
        ({ plan } = await runOfflinePlan({ stack: "dev" }));
        report = await checkPlan(plan);
    });

    it("every object type of the stack waits for the domain (exact edges)", () => {
        for (const name of [
            "profiles-ctr",
            "integrations-salesforce-account-object-type",
            "integrations-loyaltymember-object-type",
        ]) {
            const st = stateOf(plan, name);
            assert.deepStrictEqual(st.propertyDependencies?.domainName, [DOMAIN_URN], name);
            assert.ok(st.dependencies?.includes(DOMAIN_URN), `${name} does not depend on profiles-domain`);
        }
    });

    it("passes the ordering policy", () => {
        assert.deepStrictEqual(linesFor(report, POLICY), []);
        assert.ok(
            !report.notApplicable.some((n) => n.policyName === POLICY),
            "the ordering policy did not judge the dev plan",
        );
    });

    it("runs under preview semantics: unknown values never cause a violation or an unjudged check", async () => {
        const { plan: preview } = await runOfflinePlan({ stack: "dev", preview: true });
        const r = await checkPlan(preview);
        assert.deepStrictEqual(linesFor(r, POLICY), []);
        assert.deepStrictEqual(
            r.unknown.filter((v) => v.policyName === POLICY).map((v) => v.detail),
            [],
        );
        // The object types' names are plain config in preview too: the old code's missing edge is
        // caught before apply, as `pulumi preview --policy-pack policies` would.
        const old = withoutDomainEdge(preview, ["integrations-loyaltymember-object-type"]);
        assert.deepStrictEqual(linesFor(await checkPlan(old), POLICY), [
            violation("integrations-loyaltymember-object-type"),
        ]);
    });

    it("fails on the dev plan of the old code (object types named the domain by a plain string)", async () => {
        const old = withoutDomainEdge(plan, [
            "integrations-salesforce-account-object-type",
            "integrations-loyaltymember-object-type",
        ]);
        const lines = linesFor(await checkPlan(old), POLICY);
        assert.deepStrictEqual(lines.sort(), [
            violation("integrations-loyaltymember-object-type"),
            violation("integrations-salesforce-account-object-type"),
        ]);
    });

    it("catches an integration that no longer waits for its object type", async () => {
        const copy = structuredClone(plan);
        const st = stateOf(copy, "integrations-loyalty-members-integration");
        const drop = (u: string) => !u.endsWith("::integrations-loyaltymember-object-type") && u !== DOMAIN_URN;
        st.dependencies = (st.dependencies ?? []).filter(drop);
        for (const k of Object.keys(st.propertyDependencies ?? {}))
            st.propertyDependencies![k] = st.propertyDependencies![k].filter(drop);
        const lines = linesFor(await checkPlan(copy), POLICY);
        assert.deepStrictEqual(lines, [
            `integrations-loyalty-members-integration: integrations-loyalty-members-integration names profiles-domain (aws:customerprofiles/domain:Domain) in domainName ("${DOMAIN}") but does not depend on it: the engine may create integrations-loyalty-members-integration first`,
            `integrations-loyalty-members-integration: integrations-loyalty-members-integration names integrations-loyaltymember-object-type (aws-native:customerprofiles:ObjectType) in domainName+objectTypeName ("${DOMAIN}/LoyaltyMember") but does not depend on it: the engine may create integrations-loyalty-members-integration first`,
        ]);
    });

    it("catches the alarm topic's policy and the flow-failure rules' targets no longer waiting for the topic", async () => {
        const copy = structuredClone(plan);
        const names = [
            "alarms-topic-policy",
            "integration-monitoring-flow-failures-alarm-topic",
            "integration-monitoring-flow-deactivated-alarm-topic",
        ];
        const drop = (u: string) => !u.endsWith("::alarms-topic");
        for (const name of names) {
            const st = stateOf(copy, name);
            st.dependencies = (st.dependencies ?? []).filter(drop);
            for (const k of Object.keys(st.propertyDependencies ?? {}))
                st.propertyDependencies![k] = st.propertyDependencies![k].filter(drop);
        }
        const topic = stateOf(plan, "alarms-topic").outputs!.arn as string;
        const lines = linesFor(await checkPlan(copy), POLICY);
        assert.deepStrictEqual(
            lines,
            names.map(
                (n) =>
                    `${n}: ${n} names alarms-topic (aws:sns/topic:Topic) in arn ("${topic}") but does not depend on it: the engine may create ${n} first`,
            ),
        );
    });
});

// Purpose-built stacks: compliant, violating and not-judged cases.
const D = "d-name-0001";
const domain = one("aws:customerprofiles/domain:Domain", "dom", {
    domainName: D,
    defaultExpirationDays: 30,
    arn: `arn:aws:profile:eu-west-2:111122223333:domains/${D}`,
});
const objectType = (extra: Record<string, unknown> = {}, refs?: Record<string, string[]>, dependsOn?: string[]) =>
    one(
        "aws-native:customerprofiles:ObjectType",
        "ot",
        { domainName: D, objectTypeName: "Thing", description: "x", ...extra },
        { refs, dependsOn },
    );
const INSTANCE = "arn:aws:connect:eu-west-2:111122223333:instance/aaaaaaaa-1111-2222-3333-444444444444";
const instance = one("aws:connect/instance:Instance", "inst", { instanceAlias: "inst-alias", arn: INSTANCE });

describe("ordering: purpose-built cases", () => {
    it("reports a plain domain name with no dependency, naming both resources", async () => {
        assert.deepStrictEqual(linesFor(await run([domain, objectType()]), POLICY), [
            `ot: ot names dom (aws:customerprofiles/domain:Domain) in domainName ("${D}") but does not depend on it: the engine may create ot first`,
        ]);
    });

    it("accepts the name taken from the domain's output (property dependency)", async () => {
        assert.deepStrictEqual(linesFor(await run([domain, objectType({}, { domainName: ["dom"] })]), POLICY), []);
    });

    it("accepts dependsOn on the resource itself, and a transitive dependency", async () => {
        assert.deepStrictEqual(linesFor(await run([domain, objectType({}, undefined, ["dom"])]), POLICY), []);
        const key = one(
            "aws:kms/key:Key",
            "k",
            { arn: "arn:aws:kms:eu-west-2:111122223333:key/k-0001-0002" },
            {
                dependsOn: ["dom"],
            },
        );
        assert.deepStrictEqual(linesFor(await run([domain, key, objectType({}, undefined, ["k"])]), POLICY), []);
    });

    it("a component's dependsOn does not reach its child: the child alone is judged", async () => {
        // What the engine records for `new ProfileObjectType(…, { dependsOn: [domain] })` when the
        // child names the domain by a string: the component has the edge, the object type none.
        const component = one(
            "customer-profiles:index:ProfileObjectType",
            "comp",
            {},
            { dependsOn: ["dom"], custom: false },
        );
        const child = { ...objectType(), parent: "comp" };
        const resources = [domain, component, child];
        const report = await run(resources);
        assert.deepStrictEqual(linesFor(report, POLICY), [
            `ot: ot names dom (aws:customerprofiles/domain:Domain) in domainName ("${D}") but does not depend on it: the engine may create ot first`,
        ]);
    });

    it("does not judge tags, descriptions, policy documents or event patterns", async () => {
        const rule = one("aws:cloudwatch/eventRule:EventRule", "rule", {
            description: `watch ${D}`,
            eventPattern: JSON.stringify({ detail: { domain: [D] } }),
            tags: { domain: D },
        });
        const queuePolicy = one("aws:sqs/queuePolicy:QueuePolicy", "qp", {
            queueUrl: "https://sqs.eu-west-2.amazonaws.com/111122223333/q",
            policy: JSON.stringify({
                Statement: [{ Condition: { ArnEquals: { "aws:SourceArn": domain.inputs.arn } } }],
            }),
        });
        assert.deepStrictEqual(linesFor(await run([domain, rule, queuePolicy]), POLICY), []);
    });

    it("never reports a value unknown during preview", async () => {
        const unknownName = objectType({ domainName: UNKNOWN });
        const unknownDomain = one("aws:customerprofiles/domain:Domain", "dom", { domainName: D, arn: UNKNOWN });
        const alarm = one("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", { alarmActions: [UNKNOWN] });
        assert.deepStrictEqual(linesFor(await run([domain, unknownName]), POLICY), []);
        assert.deepStrictEqual(linesFor(await run([unknownDomain, alarm]), POLICY), []);
    });

    it("recognises a sub-resource ARN and an ARN built from a name", async () => {
        const rule = one(
            "aws-native:connect:Rule",
            "crule",
            {
                instanceArn: INSTANCE,
                actions: { taskActions: [{ contactFlowArn: `${INSTANCE}/contact-flow/cf-1` }] },
            },
            { refs: { instanceArn: ["inst"] } },
        );
        assert.deepStrictEqual(linesFor(await run([instance, rule]), POLICY), []);
        const loose = one("aws-native:connect:Rule", "crule", {
            actions: { taskActions: [{ contactFlowArn: `${INSTANCE}/contact-flow/cf-1` }] },
        });
        assert.deepStrictEqual(linesFor(await run([instance, loose]), POLICY), [
            `crule: crule names inst (aws:connect/instance:Instance) in actions.taskActions[0].contactFlowArn ("${INSTANCE}/contact-flow/cf-1") but does not depend on it: the engine may create crule first`,
        ]);
        const byName = one("aws:iam/rolePolicy:RolePolicy", "rp", {
            role: "some-role-name",
            name: "inline",
            sourceDomain: `arn:aws:profile:eu-west-2:111122223333:domains/${D}`,
        });
        const noArn = one("aws:customerprofiles/domain:Domain", "dom", { domainName: D });
        assert.deepStrictEqual(linesFor(await run([noArn, byName]), POLICY), [
            `rp: rp names dom (aws:customerprofiles/domain:Domain) in sourceDomain ("arn:aws:profile:eu-west-2:111122223333:domains/${D}") but does not depend on it: the engine may create rp first`,
        ]);
    });

    it("accepts a resource naming what is created from it (the target waits for the referrer)", async () => {
        const flow = one("aws-native:appflow:Flow", "flow", {
            flowName: "flow-name-1",
            destination: "aws.partner/appflow/salesforce.com/111122223333/flow-name-1",
        });
        const bus = one(
            "aws:cloudwatch/eventBus:EventBus",
            "bus",
            { name: "aws.partner/appflow/salesforce.com/111122223333/flow-name-1" },
            { dependsOn: ["flow"] },
        );
        assert.deepStrictEqual(linesFor(await run([flow, bus]), POLICY), []);
    });

    it("a resource's own name is not a reference, and short names are no identity", async () => {
        const flow = one("aws-native:appflow:Flow", "flow", { flowName: "same-name-01" });
        const integration = one("aws:appconfig/eventIntegration:EventIntegration", "ei", { name: "same-name-01" });
        assert.deepStrictEqual(linesFor(await run([flow, integration]), POLICY), []);
        const ctr = one("aws-native:customerprofiles:ObjectType", "ctr", { domainName: "dd", objectTypeName: "CTR" });
        const other = one("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", { dimensions: { Type: "CTR" } });
        assert.deepStrictEqual(linesFor(await run([ctr, other]), POLICY), []);
    });
});
