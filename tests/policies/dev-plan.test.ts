// The dev stack's real offline plan passes the pack, and each single insecure edit of it is caught,
// through the same analyzer path `npm run plan` and `pulumi preview --policy-pack` use.
import * as assert from "assert";
import { checkPlan, PolicyReport } from "../../tools/lib/analyzer";
import { runOfflinePlan } from "../../tools/lib/offline";
import { devConfigWithoutBootstrap } from "../support/plan";
import { Plan, ResourceState } from "../../tools/lib/plan-format";

type Doc = { Statement: Record<string, any>[] };

/** Copy the plan and edit one resource (by logical name) in both its inputs and its outputs. */
function edit(
    plan: Plan,
    name: string,
    f: (props: Record<string, any>) => void,
    g?: (state: ResourceState) => void,
): Plan {
    const copy = structuredClone(plan);
    const step = copy.steps.find((s) => s.newState?.custom && s.urn.endsWith(`::${name}`));
    if (!step) {
        throw new Error(`the dev plan has no resource ${name}`);
    }
    const st = step.newState as ResourceState;
    f(st.inputs);
    if (st.outputs) {
        f(st.outputs);
    }
    g?.(st);
    return copy;
}

/** Edit a JSON policy document held in `policy`. */
const editDoc = (f: (d: Doc) => void) => (props: Record<string, any>) => {
    if (typeof props.policy !== "string") {
        return;
    }
    const d = JSON.parse(props.policy) as Doc;
    f(d);
    props.policy = JSON.stringify(d);
};
const sid = (d: Doc, s: string) => {
    const st = d.Statement.find((x) => x.Sid === s);
    if (!st) {
        throw new Error(`no statement ${s}`);
    }
    return st;
};

interface Mutation {
    name: string;
    resource: string;
    edit: (props: Record<string, any>) => void;
    /** Edit the resource's state itself (dependencies). */
    editState?: (state: ResourceState) => void;
    /** Policies that must report a mandatory violation. */
    caughtBy: string[];
    /** The same for the real Pulumi.dev.yaml (bootstrapRoles: true), where it differs. */
    caughtByWithBootstrap?: string[];
}

const PROFILE = "CustomerProfilesUsesKeyForThisDomain";
const DLQ = "CustomerProfilesSendsErrorsForThisDomain";

const MUTATIONS: Mutation[] = [
    {
        name: "key rotation off",
        resource: "profiles-key",
        edit: (p) => (p.enableKeyRotation = false),
        caughtBy: ["kms-key-rotation-enabled"],
    },
    {
        name: "lockout safety check bypassed",
        resource: "profiles-key",
        edit: (p) => (p.bypassPolicyLockoutSafetyCheck = true),
        caughtBy: ["kms-no-lockout-bypass"],
    },
    {
        name: "key statement for Customer Profiles loses aws:SourceArn",
        resource: "profiles-key",
        edit: editDoc((d) => delete sid(d, PROFILE).Condition.StringEquals["aws:SourceArn"]),
        caughtBy: ["confused-deputy-source-conditions", "customer-profiles-domain-protection"],
    },
    {
        name: "key statement for Customer Profiles loses its conditions",
        resource: "profiles-key",
        edit: editDoc((d) => delete sid(d, PROFILE).Condition),
        caughtBy: [
            "confused-deputy-source-conditions",
            "kms-least-privilege-grants",
            // bound to neither a source nor a service (kms:ViaService): any request through anything
            "kms-key-conditions",
            "customer-profiles-domain-protection",
        ],
    },
    {
        name: "key statement for Customer Profiles bound to another domain",
        resource: "profiles-key",
        edit: editDoc(
            (d) =>
                (sid(d, PROFILE).Condition.StringEquals["aws:SourceArn"] =
                    "arn:aws:profile:eu-west-2:123456789012:domains/Other"),
        ),
        caughtBy: ["confused-deputy-source-conditions", "customer-profiles-domain-protection"],
    },
    {
        name: "key grants kms:* to an application role",
        resource: "profiles-key",
        edit: editDoc((d) =>
            d.Statement.push({
                Sid: "Ops",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:role/crm-sync" },
                Action: "kms:*",
                Resource: "*",
            }),
        ),
        // and kms-key-conditions: neither kms:ViaService nor kms:CallerAccount binds it
        caughtBy: ["iam-no-wildcard-actions", "kms-least-privilege-grants", "kms-key-conditions"],
    },
    {
        name: "key grants a service no resource of the stack needs",
        resource: "alarms-key",
        edit: editDoc((d) =>
            d.Statement.push({
                Sid: "AppFlow",
                Effect: "Allow",
                Principal: { Service: "appflow.amazonaws.com" },
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            }),
        ),
        caughtBy: ["confused-deputy-source-conditions", "kms-key-service-principals-used"],
    },
    {
        name: "DLQ on the AWS managed key",
        resource: "profiles-dlq",
        edit: (p) => (p.kmsMasterKeyId = "alias/aws/sqs"),
        caughtBy: ["encryption-customer-managed-keys", "customer-profiles-domain-protection"],
    },
    {
        name: "DLQ policy admits every domain",
        resource: "profiles-dlq-policy",
        edit: editDoc(
            (d) =>
                (sid(d, DLQ).Condition.StringEquals["aws:SourceArn"] =
                    "arn:aws:profile:eu-west-2:123456789012:domains/*"),
        ),
        caughtBy: ["confused-deputy-source-conditions", "customer-profiles-domain-protection"],
    },
    {
        name: "DLQ policy loses its source conditions",
        resource: "profiles-dlq-policy",
        edit: editDoc((d) => delete sid(d, DLQ).Condition),
        caughtBy: ["confused-deputy-source-conditions", "customer-profiles-domain-protection"],
    },
    {
        name: "DLQ TLS-only Deny turned into an Allow",
        resource: "profiles-dlq-policy",
        edit: editDoc((d) => {
            const s = sid(d, "DenyInsecureTransport");
            s.Effect = "Allow";
            delete s.Condition;
        }),
        // Principal "*" now may send to the DLQ from any account, without naming the domain.
        caughtBy: [
            "iam-no-wildcard-actions",
            "other-accounts",
            "customer-profiles-domain-protection",
            "transport-tls-only",
        ],
    },
    {
        name: "domain on the AWS managed key",
        resource: "profiles-domain",
        edit: (p) => (p.defaultEncryptionKey = "alias/aws/profile"),
        caughtBy: ["encryption-customer-managed-keys", "customer-profiles-domain-protection"],
    },
    {
        name: "object type on the AWS managed key",
        resource: "profiles-ctr",
        edit: (p) => (p.encryptionKey = "alias/aws/profile"),
        caughtBy: ["encryption-customer-managed-keys"],
    },
    {
        name: "alarm topic unencrypted",
        resource: "alarms-topic",
        edit: (p) => delete p.kmsMasterKeyId,
        // and the key's CloudWatch/EventBridge statements no longer serve any resource
        // (and their kms:ViaService = sns.REGION names a service the key no longer serves)
        caughtBy: ["encryption-customer-managed-keys", "kms-key-service-principals-used"],
    },
    {
        name: "alarm topic policy loses its source conditions",
        resource: "alarms-topic-policy",
        edit: editDoc((d) => d.Statement.filter((s) => s.Effect === "Allow").forEach((s) => delete s.Condition)),
        caughtBy: ["confused-deputy-source-conditions"],
    },
    {
        name: "CTR storage config no longer waits for the key policy admitting Connect's service-linked role",
        resource: "support-streaming-ctr-storage",
        edit: () => undefined,
        editState: (st) => {
            st.dependencies = (st.dependencies ?? []).filter((u) => !u.includes("aws:kms/keyPolicy:KeyPolicy"));
        },
        caughtBy: ["connect-storage-after-key-policy"],
    },
    {
        name: "workflow role's KMSAppflow statement on every key",
        resource: "integrations-workflows-policy",
        edit: editDoc((d) => (sid(d, "KMSAppflow").Resource = "*")),
        caughtBy: ["iam-resources-named-where-known", "workflow-role-own-domain-key"],
        // With bootstrapRoles the role is the bootstrap's, not in the plan: the rule finds no role
        // trusted by profile.amazonaws.com and does not apply (docs/policy-pack.md); the statement
        // on every key is still caught.
        caughtByWithBootstrap: ["iam-resources-named-where-known"],
    },
    {
        name: 'workflow role\'s UseConnectorResources back to Resource "*" (as AWS publishes it)',
        resource: "integrations-workflows-policy",
        edit: editDoc((d) => (sid(d, "UseConnectorResources").Resource = "*")),
        caughtBy: ["iam-no-star-resource-on-scoped-actions", "iam-resources-named-where-known"],
    },
];

// Both forms of the dev stack (review of i20iam, M4): the real Pulumi.dev.yaml (bootstrapRoles and
// stackBucketNames true: the bootstrap's roles, inline policies only, HASH-STACK-PURPOSE buckets) and
// the administrator's form without the bootstrap (the program creates its roles).
const CONFIGS: { name: string; config: () => Record<string, unknown> | undefined; bootstrap: boolean }[] = [
    { name: "Pulumi.dev.yaml as it is (bootstrapRoles: true)", config: () => undefined, bootstrap: true },
    { name: "without the bootstrap (bootstrapRoles: false)", config: devConfigWithoutBootstrap, bootstrap: false },
];

for (const c of CONFIGS)
    describe(`the dev stack's plan, ${c.name}`, function () {
        let plan: Plan;
        let clean: PolicyReport;
        before(async () => {
            ({ plan } = await runOfflinePlan({ stack: "dev", ...(c.config() ? { config: c.config() } : {}) }));
            clean = await checkPlan(plan);
        });

        it("has zero violations and no unjudged checks", () => {
            assert.deepStrictEqual(clean.violations, []);
            assert.deepStrictEqual(clean.unknown, []);
            assert.ok(clean.resourceCount >= 10, `only ${clean.resourceCount} resources analysed`);
        });

        it("was judged by every resource rule that applies to it (not skipped as not applicable)", () => {
            const applied = (policy: string, name: string) =>
                !clean.notApplicable.some((n) => n.policyName === policy && n.urn?.endsWith(`::${name}`));
            assert.ok(applied("confused-deputy-source-conditions", "profiles-key"));
            assert.ok(applied("confused-deputy-source-conditions", "profiles-dlq-policy"));
            assert.ok(applied("encryption-customer-managed-keys", "profiles-domain"));
            for (const stackPolicy of [
                "customer-profiles-domain-protection",
                "kms-key-service-principals-used",
                "connect-storage-after-key-policy",
                ...(c.bootstrap ? [] : ["workflow-role-own-domain-key"]),
                "s3-bucket-cmk-encryption",
            ]) {
                assert.ok(
                    !clean.notApplicable.some((n) => n.policyName === stackPolicy),
                    `${stackPolicy} did not apply`,
                );
            }
            // The one stack rule the bootstrap's roles leave without a subject, stated, not hidden.
            assert.deepStrictEqual(
                clean.notApplicable.filter((n) => n.policyName === "workflow-role-own-domain-key").map((n) => n.reason),
                c.bootstrap ? ["no role trusted by profile.amazonaws.com"] : [],
            );
        });

        for (const m of MUTATIONS) {
            it(`catches: ${m.name}`, async () => {
                const report = await checkPlan(edit(plan, m.resource, m.edit, m.editState));
                const caught = [
                    ...new Set(
                        report.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName),
                    ),
                ].sort();
                assert.deepStrictEqual(caught, [...((c.bootstrap && m.caughtByWithBootstrap) || m.caughtBy)].sort());
            });
        }
    });
