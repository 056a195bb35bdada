// Issue 20: an attacker who controls one CI job holding the dev deploy role, tried call by call
// through the IAM simulator (@cloud-copilot/iam-simulate, test-only) on the deploy role's real
// policies: the bootstrap plan's (npm run plan -- --project bootstrap --stack dev) and, for the
// "before", the same role's policies as main generated them before this issue
// (tests/fixtures/bootstrap/deploy-dev-before-issue-20.json). Each chain is allowed on the old
// policies and denied on the new ones, at the step the fix names.
import * as assert from "assert";
import * as path from "path";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { runOfflinePlan } from "../../tools/lib/offline";
import {
    ACCOUNT,
    devConfig,
    planFor,
    planKeyPolicies,
    REGION,
    resources,
    deployRolePolicies,
    managedPolicyDocuments,
} from "../support/plan";
import { stackBucketName } from "../../components/common/bucket-names";
import before20 from "../fixtures/bootstrap/deploy-dev-before-issue-20.json";
import beforeFix from "../fixtures/bootstrap/dev-policies-before-i20-fix.json";
import beforeReview from "../fixtures/bootstrap/dev-policies-before-i20iam-review.json";

const BOOTSTRAP = path.resolve(__dirname, "..", "..", "bootstrap");
const OTHER = "999999999999";
const DEV = "amazon-connect-examplecorp-dev";
const PROD = "amazon-connect-examplecorp-prod";
const TAG = "customer-profiles:domain";
const DEPLOY_ARN = `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-deploy-dev`;
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/connect-customer-profiles/boundary-dev`;
const PROD_BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/connect-customer-profiles/boundary-prod`;
const a = (service: string, resource: string, account = ACCOUNT) =>
    `arn:aws:${service}:${REGION}:${account}:${resource}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const KEY = a("kms", "key/11111111-2222-3333-4444-555555555555");
/** The dev stack's contact-record bucket of instance sales (stackBucketNames: components/common/bucket-names.ts). */
const DEV_RECORDS_BUCKET = stackBucketName({ accountId: ACCOUNT, region: REGION }, "dev", "sales-ctr");
/** The dev stack's two roles, which the bootstrap creates (bootstrap/lib/stack-roles.ts). */
const STACK_WORKFLOW_ROLE = role("connect-profiles-ci-dev-integration-workflows");
const STACK_DELIVERY_ROLE = role("connect-profiles-ci-dev-ctr-delivery");
/** The default key policy delegates to IAM (AWS KMS Developer Guide, "Default key policy"). */
const KEY_POLICY = {
    Version: "2012-10-17",
    Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
    ],
};
/**
 * Marks a request on the dev stack's domain key, judged with that key's policy from the dev plan
 * (which names the stack's CI roles: components/common/ci-key-access.ts); any other key of this
 * account is judged with the default key policy (KEY_POLICY).
 */
const DOMAIN_KEY_POLICY = "the dev plan's domain key policy";
let domainKeyPolicy: Promise<unknown> | undefined;
function resourcePolicyOf(r: Request, account: string): Promise<unknown> | unknown {
    if (r.resourcePolicy === DOMAIN_KEY_POLICY)
        return (domainKeyPolicy ??= planFor(devConfig()).then((plan) => {
            const key = [...planKeyPolicies(plan).values()].find((k) => k.name === "profiles-key");
            assert.ok(key, "the dev plan's domain key");
            return key.final;
        }));
    return r.resourcePolicy ?? (r.resource.includes(":kms:") && account === ACCOUNT ? KEY_POLICY : undefined);
}
/** A trust policy naming the deploy role: what an attacker writes on a role it creates or rewrites. */
const TRUSTS_DEPLOY = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: DEPLOY_ARN }, Action: "sts:AssumeRole" }],
};

type Policies = { name: string; policy: unknown }[];
type Request = {
    action: string;
    resource: string;
    context?: Record<string, string | string[]>;
    resourcePolicy?: unknown;
};

/** KMS puts the caller's account in every request (AWS KMS Developer Guide, "AWS KMS condition keys", kms:CallerAccount). */
const withCaller = (r: Request) =>
    r.action.startsWith("kms:") ? { "kms:CallerAccount": ACCOUNT, ...(r.context ?? {}) } : (r.context ?? {});

async function decide(policies: Policies, r: Request): Promise<string> {
    const account = r.resource.split(":")[4] || ACCOUNT;
    const result = await runSimulation(
        {
            request: {
                principal: `arn:aws:sts::${ACCOUNT}:assumed-role/connect-profiles-ci-deploy-dev/gha`,
                action: r.action,
                resource: { resource: r.resource, accountId: account },
                contextVariables: withCaller(r),
            },
            identityPolicies: policies,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: await resourcePolicyOf(r, account),
        },
        {},
    );
    if (result.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
    return result.overallResult;
}

const tagged = (domain: string, extra: Record<string, string | string[]> = {}) => ({
    [`aws:ResourceTag/${TAG}`]: domain,
    ...extra,
});

interface Chain {
    name: string;
    /** Each call the attacker makes, in order; the last one is the prize. */
    steps: Request[];
    /** The step the fix denies (index into steps), and how. */
    deniedAt: number;
    verdict: "ExplicitlyDenied" | "ImplicitlyDenied";
}

const CHAINS: Chain[] = [
    {
        name: "create a role without the boundary, put *:* on it, assume it",
        steps: [
            {
                action: "iam:CreateRole",
                resource: role("x-streaming-ctr-delivery-role-1"),
                context: { [`aws:RequestTag/${TAG}`]: DEV, "aws:TagKeys": [TAG] },
            },
            { action: "iam:PutRolePolicy", resource: role("x-streaming-ctr-delivery-role-1"), context: tagged(DEV) },
            {
                action: "sts:AssumeRole",
                resource: role("x-streaming-ctr-delivery-role-1"),
                resourcePolicy: TRUSTS_DEPLOY,
            },
        ],
        deniedAt: 0,
        verdict: "ExplicitlyDenied",
    },
    {
        // The program's role names are the bootstrap's now (STACK-integration-workflows under the
        // boundary's path): the old pattern names no role the deploy role may touch.
        name: "put *:* on the stack's own role after removing its boundary (PutRolePolicy with no boundary)",
        steps: [
            {
                action: "iam:PutRolePolicy",
                resource: role("integrations-workflows-role-abc1234"),
                context: tagged(DEV),
            },
        ],
        deniedAt: 0,
        verdict: "ImplicitlyDenied",
    },
    {
        name: "assume a role whose trust it rewrote (sts:AssumeRole)",
        steps: [
            {
                action: "sts:AssumeRole",
                resource: role("integrations-workflows-role-abc1234"),
                resourcePolicy: TRUSTS_DEPLOY,
            },
        ],
        deniedAt: 0,
        verdict: "ExplicitlyDenied",
    },
    {
        name: "UpdateAssumeRolePolicy on another stack's existing workflow role",
        steps: [
            {
                action: "iam:UpdateAssumeRolePolicy",
                resource: role("integrations-workflows-role-prod123"),
                context: tagged(PROD, { "iam:PermissionsBoundary": PROD_BOUNDARY }),
            },
        ],
        deniedAt: 0,
        verdict: "ExplicitlyDenied",
    },
    {
        name: "PassRole of a role it can write but the stack does not own (another stack's delivery role) to Firehose",
        steps: [
            {
                action: "iam:PassRole",
                resource: role("sales-streaming-ctr-delivery-role-prod999"),
                context: tagged(PROD, { "iam:PassedToService": "firehose.amazonaws.com" }),
            },
        ],
        deniedAt: 0,
        verdict: "ImplicitlyDenied",
    },
    {
        name: "kms:PutKeyPolicy with BypassPolicyLockoutSafetyCheck on the stack's own key",
        steps: [
            {
                action: "kms:PutKeyPolicy",
                resource: KEY,
                context: tagged(DEV, { "kms:BypassPolicyLockoutSafetyCheck": "true" }),
                resourcePolicy: DOMAIN_KEY_POLICY,
            },
        ],
        deniedAt: 0,
        verdict: "ExplicitlyDenied",
    },
    {
        name: "kms:ScheduleKeyDeletion on another stack's key",
        steps: [{ action: "kms:ScheduleKeyDeletion", resource: KEY, context: tagged(PROD) }],
        deniedAt: 0,
        verdict: "ImplicitlyDenied",
    },
    {
        name: "kms:Decrypt directly (not through a service) with another stack's key",
        steps: [{ action: "kms:Decrypt", resource: KEY, context: tagged(PROD) }],
        deniedAt: 0,
        verdict: "ExplicitlyDenied",
    },
    {
        name: "kms:Decrypt directly with the stack's own key",
        steps: [{ action: "kms:Decrypt", resource: KEY, context: tagged(DEV), resourcePolicy: DOMAIN_KEY_POLICY }],
        deniedAt: 0,
        verdict: "ExplicitlyDenied",
    },
    {
        name: "kms:DisableKey on a key of the account no stack owns",
        steps: [{ action: "kms:DisableKey", resource: KEY }],
        deniedAt: 0,
        verdict: "ImplicitlyDenied",
    },
    {
        name: "events:PutTargets sending the monitoring rule's events to another account",
        steps: [
            {
                action: "events:PutTargets",
                resource: a("events", "rule/integration-monitoring-flow-failures-1234567"),
                context: { "events:TargetArn": [`arn:aws:events:${REGION}:${OTHER}:event-bus/default`] },
            },
        ],
        deniedAt: 0,
        verdict: "ImplicitlyDenied",
    },
    {
        name: "cloudtrail:StopLogging on the stack's own audit trail",
        steps: [
            { action: "cloudtrail:StopLogging", resource: a("cloudtrail", `trail/customer-profiles-${DEV}-audit`) },
        ],
        deniedAt: 0,
        verdict: "ExplicitlyDenied",
    },
    {
        name: "appflow:UpdateConnectorProfile on another team's connector profile (its CRM credentials)",
        steps: [
            { action: "appflow:UpdateConnectorProfile", resource: a("appflow", "connectorprofile/finance-salesforce") },
        ],
        deniedAt: 0,
        verdict: "ImplicitlyDenied",
    },
    {
        name: "appflow:UseConnectorProfile of another team's connector profile",
        steps: [
            { action: "appflow:UseConnectorProfile", resource: a("appflow", "connectorprofile/finance-salesforce") },
        ],
        deniedAt: 0,
        verdict: "ImplicitlyDenied",
    },
    {
        name: "iam:CreatePolicyVersion on another stack's doctor policy (whoever attached it gets *:*)",
        steps: [
            {
                action: "iam:CreatePolicyVersion",
                resource: `arn:aws:iam::${ACCOUNT}:policy/operator-checks-prod123`,
                context: tagged(PROD),
            },
        ],
        deniedAt: 0,
        verdict: "ImplicitlyDenied",
    },
];

/** Resources of a second stack 'prod' of the program in the same account, each tagged with its domain. */
const PROD_RESOURCES: Request[] = [
    { action: "iam:DeleteRole", resource: role("integrations-workflows-role-prod123"), context: tagged(PROD) },
    {
        action: "iam:PutRolePolicy",
        resource: role("support-streaming-ctr-delivery-role-prod9"),
        context: tagged(PROD, { "iam:PermissionsBoundary": PROD_BOUNDARY }),
    },
    {
        action: "iam:DeletePolicy",
        resource: `arn:aws:iam::${ACCOUNT}:policy/operator-reingest-prod123`,
        context: tagged(PROD),
    },
    { action: "kms:PutKeyPolicy", resource: KEY, context: tagged(PROD) },
    { action: "kms:CreateGrant", resource: KEY, context: tagged(PROD, { "kms:GrantIsForAWSResource": "true" }) },
    { action: "sqs:SetQueueAttributes", resource: a("sqs", "profiles-dlq-prod123"), context: tagged(PROD) },
    { action: "sqs:DeleteQueue", resource: a("sqs", "profiles-dlq-prod123"), context: tagged(PROD) },
    { action: "sns:SetTopicAttributes", resource: a("sns", "alarms-topic-prod123"), context: tagged(PROD) },
    {
        action: "cloudwatch:DeleteAlarms",
        resource: a("cloudwatch", "alarm:integration-monitoring-dlq-prod123"),
        context: tagged(PROD),
    },
    {
        action: "kinesis:DeleteStream",
        resource: a("kinesis", "stream/connect-dev-2-support-ctr"),
        context: tagged(PROD),
    },
    {
        action: "firehose:DeleteDeliveryStream",
        resource: a("firehose", "deliverystream/connect-dev-2-sales-ctr"),
        context: tagged(PROD),
    },
    { action: "profile:DeleteDomain", resource: a("profile", `domains/${PROD}`), context: tagged(PROD) },
    {
        action: "appflow:DeleteFlow",
        resource: a("appflow", `flow/${PROD}-salesforce-case-tasks`),
        context: tagged(PROD),
    },
    {
        action: "cloudtrail:DeleteTrail",
        resource: a("cloudtrail", `trail/customer-profiles-${PROD}-audit`),
        context: tagged(PROD),
    },
];

async function insideBoundary(identity: unknown, boundary: unknown, r: Request): Promise<string> {
    const result = await runSimulation(
        {
            request: {
                principal: `arn:aws:sts::${ACCOUNT}:assumed-role/integrations-workflows-role-abc1234/s`,
                action: r.action,
                resource: { resource: r.resource, accountId: r.resource.split(":")[4] || ACCOUNT },
                contextVariables: withCaller(r),
            },
            identityPolicies: [{ name: "role", policy: identity }],
            permissionBoundaryPolicies: [{ name: "boundary", policy: boundary }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: r.resource.includes(":kms:") ? KEY_POLICY : undefined,
        },
        {},
    );
    if (result.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
    return result.overallResult;
}

describe("bootstrap: the permissions boundary of the stack's roles", function () {
    let boundary: unknown;
    before(async function () {
        const plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
        const p = resources(plan).find((r) => r.type === "aws:iam/policy:Policy" && r.inputs.name === "boundary-dev");
        assert.ok(p, "the bootstrap plan creates boundary-dev");
        assert.strictEqual(p.inputs.path, "/connect-customer-profiles/");
        boundary = JSON.parse(String(p.inputs.policy));
    });

    it("keeps what the program's roles need (Firehose delivery, integration workflows)", async function () {
        const key = a("kms", "key/aa8f3a3d-bdbe-8c00-8db5-f3ef9bb4d00b");
        const roleNeeds: [unknown, Request][] = [
            [
                {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: "s3:PutObject",
                            Resource: `arn:aws:s3:::${DEV_RECORDS_BUCKET}/*`,
                        },
                    ],
                },
                {
                    action: "s3:PutObject",
                    resource: `arn:aws:s3:::${DEV_RECORDS_BUCKET}/x.gz`,
                    context: { "s3:ResourceAccount": ACCOUNT },
                },
            ],
            [
                {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "kms:GenerateDataKey", Resource: key }],
                },
                {
                    action: "kms:GenerateDataKey",
                    resource: key,
                    context: tagged(DEV, { "kms:ViaService": `s3.${REGION}.amazonaws.com` }),
                },
            ],
            [
                {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "appflow:CreateFlow", Resource: "*" }],
                },
                { action: "appflow:CreateFlow", resource: "*" },
            ],
            [
                {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "appflow:UseConnectorProfile", Resource: "*" }],
                },
                {
                    action: "appflow:UseConnectorProfile",
                    resource: a("appflow", "connectorprofile/examplecorp-salesforce-sandbox"),
                },
            ],
            [
                { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:CreateGrant", Resource: key }] },
                {
                    action: "kms:CreateGrant",
                    resource: key,
                    context: tagged(DEV, { "kms:ViaService": `appflow.${REGION}.amazonaws.com` }),
                },
            ],
            [
                {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "profile:PutIntegration", Resource: "*" }],
                },
                { action: "profile:PutIntegration", resource: a("profile", `domains/${DEV}/integrations/wf`) },
            ],
        ];
        for (const [policy, r] of roleNeeds)
            assert.strictEqual(await insideBoundary(policy, boundary, r), "Allowed", r.action);
    });

    it("a role given *:* inside it is denied IAM, other buckets, other stacks' keys and domains, and direct decryption", async function () {
        const admin = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
        for (const r of [
            { action: "iam:CreateUser", resource: `arn:aws:iam::${ACCOUNT}:user/intruder` },
            { action: "iam:PutRolePolicy", resource: role("integrations-workflows-role-abc1234") },
            { action: "sts:AssumeRole", resource: role("Admin") },
            {
                action: "s3:GetObject",
                resource: "arn:aws:s3:::examplecorp-payroll/2026.csv",
                context: { "s3:ResourceAccount": ACCOUNT },
            },
            {
                action: "kms:Decrypt",
                resource: KEY,
                context: tagged(PROD, { "kms:ViaService": `s3.${REGION}.amazonaws.com` }),
            },
            { action: "kms:Decrypt", resource: KEY, context: tagged(DEV) },
            { action: "profile:SearchProfiles", resource: a("profile", `domains/${DEV}`) },
            { action: "profile:PutIntegration", resource: a("profile", `domains/${PROD}/integrations/x`) },
        ])
            assert.strictEqual(
                await insideBoundary(admin, boundary, r),
                "ImplicitlyDenied",
                `${r.action} ${r.resource}`,
            );
    });
});

describe("bootstrap deploy role: the attacker chains of issue 20", function () {
    this.timeout(120000);
    const old: Policies = Object.entries(before20.policies).map(([name, policy]) => ({ name, policy }));
    let now: Policies;

    before(async function () {
        const plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
        now = deployRolePolicies(plan);
        assert.ok(now.length >= 3, `${now.length} deploy policies`);
    });

    for (const chain of CHAINS)
        it(`${chain.name}: allowed before, denied now`, async function () {
            for (const [i, step] of chain.steps.entries()) {
                if (step.action === "sts:AssumeRole") continue; // judged on its own below
                assert.strictEqual(
                    await decide(old, step),
                    "Allowed",
                    `before, step ${i}: ${step.action} ${step.resource}`,
                );
            }
            assert.strictEqual(
                await decide(now, chain.steps[chain.deniedAt]),
                chain.verdict,
                `now, step ${chain.deniedAt}: ${chain.steps[chain.deniedAt].action}`,
            );
        });

    it("the same-account assume of a role trusting the deploy role: allowed before (the trust alone suffices), denied now", async function () {
        const step: Request = {
            action: "sts:AssumeRole",
            resource: role("integrations-workflows-role-abc1234"),
            resourcePolicy: TRUSTS_DEPLOY,
        };
        assert.strictEqual(await decide(old, step), "Allowed");
        assert.strictEqual(await decide(now, step), "ExplicitlyDenied");
    });

    it("the boundary cannot be removed, replaced or rewritten (new surface: denied explicitly)", async function () {
        const own = role("integrations-workflows-role-abc1234");
        for (const r of [
            {
                action: "iam:DeleteRolePermissionsBoundary",
                resource: own,
                context: tagged(DEV, { "iam:PermissionsBoundary": BOUNDARY }),
            },
            {
                action: "iam:PutRolePermissionsBoundary",
                resource: own,
                context: tagged(DEV, { "iam:PermissionsBoundary": PROD_BOUNDARY }),
            },
            { action: "iam:CreatePolicyVersion", resource: BOUNDARY },
            { action: "iam:SetDefaultPolicyVersion", resource: BOUNDARY },
            { action: "iam:DeletePolicy", resource: BOUNDARY },
        ])
            assert.strictEqual(await decide(now, r), "ExplicitlyDenied", `${r.action} ${r.resource}`);
        // …and the legitimate form stays allowed: the inline policies of the stack's own roles (the
        // bootstrap's), which carry the boundary.
        for (const r of [
            {
                action: "iam:PutRolePolicy",
                resource: STACK_WORKFLOW_ROLE,
                context: tagged(DEV, { "iam:PermissionsBoundary": BOUNDARY }),
            },
            {
                action: "iam:DeleteRolePolicy",
                resource: STACK_DELIVERY_ROLE,
                context: tagged(DEV, { "iam:PermissionsBoundary": BOUNDARY }),
            },
        ])
            assert.strictEqual(await decide(now, r), "Allowed", `${r.action} ${r.resource}`);
    });

    it("the stack tag cannot be removed from, or changed on, the stack's resources", async function () {
        const queue = a("sqs", "profiles-dlq-dev1234");
        assert.strictEqual(
            await decide(now, {
                action: "sqs:UntagQueue",
                resource: queue,
                context: tagged(DEV, { "aws:TagKeys": [TAG] }),
            }),
            "ExplicitlyDenied",
        );
        assert.strictEqual(
            await decide(now, {
                action: "sqs:TagQueue",
                resource: queue,
                context: tagged(DEV, { "aws:TagKeys": [TAG], [`aws:RequestTag/${TAG}`]: PROD }),
            }),
            "ExplicitlyDenied",
        );
        assert.strictEqual(
            await decide(now, {
                action: "sqs:TagQueue",
                resource: queue,
                context: tagged(DEV, { "aws:TagKeys": ["owner"], "aws:RequestTag/owner": "platform-team" }),
            }),
            "Allowed",
        );
    });

    it("a second stack 'prod' of the program in the same account is out of the dev deploy role's reach", async function () {
        const reached: string[] = [];
        const before: string[] = [];
        for (const r of PROD_RESOURCES) {
            if ((await decide(old, r)) === "Allowed") before.push(`${r.action} ${r.resource}`);
            const v = await decide(now, r);
            if (v === "Allowed") reached.push(`${r.action} ${r.resource}`);
        }
        assert.deepStrictEqual(reached, []);
        // Before, the shared name patterns reached most of them.
        assert.ok(before.length >= 10, before.join("\n"));
    });
});

// The independent review of issue 20 (branch i20-fix): each finding tried on the dev plan's policies
// as main generated them before the fixes (tests/fixtures/bootstrap/dev-policies-before-i20-fix.json)
// and on the bootstrap plan's now.

type Who = "deploy" | "operator" | "reingest" | "bounded";
interface Finding {
    name: string;
    who: Who;
    request: Request;
    before: string;
    now: string;
}

const ROLE_PRINCIPALS: Record<Who, string> = {
    deploy: `arn:aws:sts::${ACCOUNT}:assumed-role/connect-profiles-ci-deploy-dev/gha`,
    operator: `arn:aws:sts::${ACCOUNT}:assumed-role/connect-profiles-ci-operator-dev/gha`,
    reingest: `arn:aws:sts::${ACCOUNT}:assumed-role/connect-profiles-ci-reingest-dev/gha`,
    bounded: `arn:aws:sts::${ACCOUNT}:assumed-role/integrations-workflows-role-abc1234/s`,
};
/** What an attacker gives a role it creates inside the boundary: everything. */
const ADMIN = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

function rolePolicies(all: Record<string, unknown>, who: Who): { identity: Policies; boundary?: Policies } {
    const pick = (re: RegExp) =>
        Object.entries(all)
            .filter(([n]) => re.test(n))
            .map(([name, policy]) => ({ name, policy }));
    if (who === "bounded") return { identity: [{ name: "admin", policy: ADMIN }], boundary: pick(/^boundary-dev$/) };
    return { identity: pick(new RegExp(`-${who}-dev-\\d+$`)) };
}

async function judge(all: Record<string, unknown>, who: Who, r: Request): Promise<string> {
    const { identity, boundary } = rolePolicies(all, who);
    assert.ok(identity.length > 0 && (who !== "bounded" || boundary?.length), `${who}: no policies`);
    const account = r.resource.split(":")[4] || ACCOUNT;
    const result = await runSimulation(
        {
            request: {
                principal: ROLE_PRINCIPALS[who],
                action: r.action,
                resource: { resource: r.resource, accountId: account },
                contextVariables: withCaller(r),
            },
            identityPolicies: identity,
            permissionBoundaryPolicies: boundary,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: await resourcePolicyOf(r, account),
        },
        {},
    );
    if (result.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
    return result.overallResult;
}

const requestTags = (domain: string, extra: Record<string, string | string[]> = {}) => ({
    [`aws:RequestTag/${TAG}`]: domain,
    "aws:TagKeys": [TAG],
    ...extra,
});

const PROD_INSTANCE = a("connect", "instance/11111111-2222-3333-4444-000000000001");
const TRAIL = a("cloudtrail", `trail/customer-profiles-${DEV}-audit`);
/** A key policy the deploy role wrote with PutKeyPolicy (no lockout bypass), naming itself. */
const NAMES_DEPLOY = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: DEPLOY_ARN }, Action: "kms:*", Resource: "*" }],
};

const FINDINGS: Finding[] = [
    // 1. Tagging at creation: CreateRole/CreatePolicy/CreateKey with Tags are also authorized as
    // TagRole/TagPolicy/TagResource on a resource that carries no tag yet.
    {
        // Since branch i20iam the deploy role creates and tags no role (the bootstrap's roles).
        name: "CreateRole with the stack's tag: the implied iam:TagRole (no resource tag yet)",
        who: "deploy",
        request: {
            action: "iam:TagRole",
            resource: role("integrations-workflows-role-new1234"),
            context: requestTags(DEV, { "iam:PermissionsBoundary": BOUNDARY }),
        },
        before: "ImplicitlyDenied",
        now: "ImplicitlyDenied",
    },
    {
        name: "CreatePolicy with the stack's tag: the implied iam:TagPolicy",
        who: "deploy",
        request: {
            action: "iam:TagPolicy",
            resource: `arn:aws:iam::${ACCOUNT}:policy/operator-checks-new1234`,
            context: requestTags(DEV),
        },
        before: "ImplicitlyDenied",
        now: "Allowed",
    },
    {
        name: "CreateKey with the stack's tag: the implied kms:TagResource",
        who: "deploy",
        request: { action: "kms:TagResource", resource: KEY, context: requestTags(DEV) },
        before: "ImplicitlyDenied",
        now: "Allowed",
    },
    {
        name: "a new role given another stack's tag (iam:TagRole with prod's request tag)",
        who: "deploy",
        request: {
            action: "iam:TagRole",
            resource: role("integrations-workflows-role-new1234"),
            context: requestTags(PROD),
        },
        before: "ExplicitlyDenied",
        now: "ImplicitlyDenied",
    },
    {
        name: "another stack's role retagged to this stack (iam:TagRole on a prod-tagged role)",
        who: "deploy",
        request: {
            action: "iam:TagRole",
            resource: role("integrations-workflows-role-prod123"),
            context: tagged(PROD, requestTags(DEV)),
        },
        before: "ImplicitlyDenied",
        now: "ImplicitlyDenied",
    },
    // 2. The boundary: a role the deploy role creates inside it and gives *:* reaches only this
    // stack's flows and connector profiles (and the configured ones).
    {
        name: "a bounded role with *:* uses another team's connector profile",
        who: "bounded",
        request: {
            action: "appflow:UseConnectorProfile",
            resource: a("appflow", "connectorprofile/finance-salesforce-prod"),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "a bounded role with *:* starts another team's flow",
        who: "bounded",
        request: { action: "appflow:StartFlow", resource: a("appflow", "flow/finance-export") },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "a bounded role with *:* rewrites the prod stack's flow",
        who: "bounded",
        request: { action: "appflow:UpdateFlow", resource: a("appflow", `flow/${PROD}-salesforce-case-tasks`) },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "a bounded role still runs this stack's integration flow (control)",
        who: "bounded",
        request: { action: "appflow:StartFlow", resource: a("appflow", `flow/orders-${DEV}`) },
        before: "Allowed",
        now: "Allowed",
    },
    {
        name: "a bounded role still uses the configured connector profile (control)",
        who: "bounded",
        request: {
            action: "appflow:UseConnectorProfile",
            resource: a("appflow", "connectorprofile/examplecorp-salesforce-sandbox"),
        },
        before: "Allowed",
        now: "Allowed",
    },
    // 3. The operator and re-ingestion roles: only this stack's dead-letter queue and key (its tag).
    {
        name: "the dev operator role peeks at the prod stack's dead-letter queue",
        who: "operator",
        request: { action: "sqs:ReceiveMessage", resource: a("sqs", "profiles-dlq-prod123"), context: tagged(PROD) },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "the dev operator role decrypts with the prod stack's key through SQS",
        who: "operator",
        request: {
            action: "kms:Decrypt",
            resource: KEY,
            context: tagged(PROD, { "kms:ViaService": `sqs.${REGION}.amazonaws.com` }),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "the dev re-ingestion role deletes the prod stack's dead letters",
        who: "reingest",
        request: { action: "sqs:DeleteMessage", resource: a("sqs", "profiles-dlq-prod123"), context: tagged(PROD) },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "the dev re-ingestion role writes with the prod stack's key through Customer Profiles",
        who: "reingest",
        request: {
            action: "kms:GenerateDataKey",
            resource: KEY,
            context: tagged(PROD, { "kms:ViaService": `profile.${REGION}.amazonaws.com` }),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "the dev re-ingestion role still drains its own queue (control)",
        who: "reingest",
        request: { action: "sqs:DeleteMessage", resource: a("sqs", "profiles-dlq-dev1234"), context: tagged(DEV) },
        before: "Allowed",
        now: "Allowed",
    },
    {
        name: "the dev operator role still decrypts its own queue's messages through SQS (control: the domain key's policy)",
        who: "operator",
        request: {
            action: "kms:Decrypt",
            resource: KEY,
            context: tagged(DEV, { "kms:ViaService": `sqs.${REGION}.amazonaws.com` }),
            resourcePolicy: DOMAIN_KEY_POLICY,
        },
        before: "Allowed",
        now: "Allowed",
    },
    {
        name: "the dev operator role still reads its key's policy (control: the domain key's policy)",
        who: "operator",
        request: { action: "kms:GetKeyPolicy", resource: KEY, context: tagged(DEV), resourcePolicy: DOMAIN_KEY_POLICY },
        before: "Allowed",
        now: "Allowed",
    },
    {
        name: "the dev re-ingestion role still reads its queue and writes its domain (control: the domain key's policy)",
        who: "reingest",
        request: {
            action: "kms:GenerateDataKey",
            resource: KEY,
            context: tagged(DEV, { "kms:ViaService": `profile.${REGION}.amazonaws.com` }),
            resourcePolicy: DOMAIN_KEY_POLICY,
        },
        before: "Allowed",
        now: "Allowed",
    },
    {
        name: "the dev re-ingestion role still decrypts its queue's messages through SQS (control: the domain key's policy)",
        who: "reingest",
        request: {
            action: "kms:Decrypt",
            resource: KEY,
            context: tagged(DEV, { "kms:ViaService": `sqs.${REGION}.amazonaws.com` }),
            resourcePolicy: DOMAIN_KEY_POLICY,
        },
        before: "Allowed",
        now: "Allowed",
    },
    // Tag, then use (issue 20): a key of the account the deploy role gave the stack's tag (its
    // default key policy delegates to IAM) is no longer the operator's or re-ingestion's: their key
    // access is in the stack's key policies, none in IAM on key/*.
    {
        name: "the dev operator role decrypts, through SQS, a key of the account the deploy role gave the stack's tag",
        who: "operator",
        request: {
            action: "kms:Decrypt",
            resource: KEY,
            context: tagged(DEV, { "kms:ViaService": `sqs.${REGION}.amazonaws.com` }),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "the dev operator role reads the key policy of a key of the account given the stack's tag",
        who: "operator",
        request: { action: "kms:GetKeyPolicy", resource: KEY, context: tagged(DEV) },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "the dev re-ingestion role writes, through Customer Profiles, with a key of the account given the stack's tag",
        who: "reingest",
        request: {
            action: "kms:GenerateDataKey",
            resource: KEY,
            context: tagged(DEV, { "kms:ViaService": `profile.${REGION}.amazonaws.com` }),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "the dev re-ingestion role decrypts, through SQS, a key of the account given the stack's tag",
        who: "reingest",
        request: {
            action: "kms:Decrypt",
            resource: KEY,
            context: tagged(DEV, { "kms:ViaService": `sqs.${REGION}.amazonaws.com` }),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    // 4. The audit trail: never deleted, its destination and settings never changed by the deploy role.
    {
        name: "UpdateTrail sends the stack's audit log elsewhere",
        who: "deploy",
        request: { action: "cloudtrail:UpdateTrail", resource: TRAIL, context: tagged(DEV) },
        before: "Allowed",
        now: "ExplicitlyDenied",
    },
    {
        name: "DeleteTrail of the stack's audit trail",
        who: "deploy",
        request: { action: "cloudtrail:DeleteTrail", resource: TRAIL, context: tagged(DEV) },
        before: "Allowed",
        now: "ExplicitlyDenied",
    },
    // 7. Key material only through Customer Profiles, even when a key policy names the deploy role.
    {
        name: "kms:Decrypt directly with the stack's key after a key policy naming the deploy role",
        who: "deploy",
        request: { action: "kms:Decrypt", resource: KEY, context: tagged(DEV), resourcePolicy: NAMES_DEPLOY },
        before: "Allowed",
        now: "ExplicitlyDenied",
    },
    {
        name: "kms:ReEncryptFrom the stack's key to one of its own after a key policy naming the deploy role",
        who: "deploy",
        request: { action: "kms:ReEncryptFrom", resource: KEY, context: tagged(DEV), resourcePolicy: NAMES_DEPLOY },
        before: "Allowed",
        now: "ExplicitlyDenied",
    },
    {
        name: "kms:Decrypt through Customer Profiles still works (control: the domain key's policy)",
        who: "deploy",
        request: {
            action: "kms:Decrypt",
            resource: KEY,
            context: tagged(DEV, { "kms:ViaService": `profile.${REGION}.amazonaws.com` }),
            resourcePolicy: DOMAIN_KEY_POLICY,
        },
        before: "Allowed",
        now: "Allowed",
    },
    // 5. Connect instances: the stack's own (its tag) and the configured existing ones, by ID.
    {
        name: "DeleteInstance of the prod stack's Connect instance",
        who: "deploy",
        request: { action: "connect:DeleteInstance", resource: PROD_INSTANCE, context: tagged(PROD) },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "AssociateInstanceStorageConfig sends the prod instance's contact records to a dev stream",
        who: "deploy",
        request: {
            action: "connect:AssociateInstanceStorageConfig",
            resource: PROD_INSTANCE,
            context: tagged(PROD, { "connect:StorageResourceType": "CONTACT_TRACE_RECORDS" }),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "the prod instance given the dev tag (connect:TagResource)",
        who: "deploy",
        request: { action: "connect:TagResource", resource: PROD_INSTANCE, context: tagged(PROD, requestTags(DEV)) },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "storage config on the configured existing instance (control)",
        who: "deploy",
        request: {
            action: "connect:AssociateInstanceStorageConfig",
            resource: a("connect", "instance/4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f"),
            context: { "connect:StorageResourceType": "CONTACT_TRACE_RECORDS" },
        },
        before: "Allowed",
        now: "Allowed",
    },
    // Issue 20 review M1: storage configurations bound by connect:StorageResourceType to the types
    // the program streams (contact records, agent events), on the configured instance and the stack's own.
    {
        name: "AssociateInstanceStorageConfig points the configured sales instance's call recordings at other storage",
        who: "deploy",
        request: {
            action: "connect:AssociateInstanceStorageConfig",
            resource: a("connect", "instance/4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f"),
            context: { "connect:StorageResourceType": "CALL_RECORDINGS" },
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "UpdateInstanceStorageConfig rewrites the configured sales instance's chat transcripts storage",
        who: "deploy",
        request: {
            action: "connect:UpdateInstanceStorageConfig",
            resource: a("connect", "instance/4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f/storage-config/abc"),
            context: { "connect:StorageResourceType": "CHAT_TRANSCRIPTS" },
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "AssociateInstanceStorageConfig of media streams on the stack's own instance",
        who: "deploy",
        request: {
            action: "connect:AssociateInstanceStorageConfig",
            resource: a("connect", "instance/11111111-2222-3333-4444-00000000dev1"),
            context: tagged(DEV, { "connect:StorageResourceType": "MEDIA_STREAMS" }),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "agent events storage on the stack's own instance (control)",
        who: "deploy",
        request: {
            action: "connect:AssociateInstanceStorageConfig",
            resource: a("connect", "instance/11111111-2222-3333-4444-00000000dev1"),
            context: tagged(DEV, { "connect:StorageResourceType": "AGENT_EVENTS" }),
        },
        before: "Allowed",
        now: "Allowed",
    },
    {
        name: "DeleteInstance of the configured existing instance",
        who: "deploy",
        request: {
            action: "connect:DeleteInstance",
            resource: a("connect", "instance/4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f"),
        },
        before: "Allowed",
        now: "ExplicitlyDenied",
    },
    // 6. EventBridge rules: the stack's own (its tag); the alarm topic subscribed by email only.
    {
        name: "DeleteRule of the prod stack's failure rule",
        who: "deploy",
        request: {
            action: "events:DeleteRule",
            resource: a("events", "rule/integration-monitoring-prod-x"),
            context: tagged(PROD),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "PutRule rewrites the prod stack's failure rule",
        who: "deploy",
        request: {
            action: "events:PutRule",
            resource: a("events", "rule/integration-monitoring-prod-x"),
            context: tagged(PROD),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "sns:Subscribe an attacker's HTTPS endpoint to the stack's alarm topic",
        who: "deploy",
        request: {
            action: "sns:Subscribe",
            resource: a("sns", "alarms-topic-dev1234"),
            context: tagged(DEV, { "sns:Protocol": "https", "sns:Endpoint": "https://attacker.example/" }),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "sns:Subscribe an attacker's mailbox by email to the stack's alarm topic (not the configured alarmEmails)",
        who: "deploy",
        request: {
            action: "sns:Subscribe",
            resource: a("sns", "alarms-topic-dev1234"),
            context: tagged(DEV, { "sns:Protocol": "email", "sns:Endpoint": "attacker@example.net" }),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "sns:Subscribe the configured alarm address by email to the stack's alarm topic (control)",
        who: "deploy",
        request: {
            action: "sns:Subscribe",
            resource: a("sns", "alarms-topic-dev1234"),
            context: tagged(DEV, { "sns:Protocol": "email", "sns:Endpoint": "contact-center-oncall@example.com" }),
        },
        before: "Allowed",
        now: "Allowed",
    },
    // 8. IAM tag keys are case-insensitive: removing the stack tag under another case. Since branch
    // i20iam the deploy role tags and untags no role at all.
    {
        name: "UntagRole of the stack tag spelt in another case",
        who: "deploy",
        request: {
            action: "iam:UntagRole",
            resource: role("integrations-workflows-role-abc1234"),
            context: tagged(DEV, { "aws:TagKeys": ["Customer-Profiles:Domain"] }),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
    {
        name: "UntagRole of another tag (control)",
        who: "deploy",
        request: {
            action: "iam:UntagRole",
            resource: role("integrations-workflows-role-abc1234"),
            context: tagged(DEV, { "aws:TagKeys": ["owner"] }),
        },
        before: "Allowed",
        now: "ImplicitlyDenied",
    },
];

describe("bootstrap: the findings of the independent review of issue 20, before and after", function () {
    this.timeout(120000);
    const old = beforeFix.policies as Record<string, unknown>;
    let now: Record<string, unknown>;
    before(async function () {
        const plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
        now = managedPolicyDocuments(plan);
    });
    for (const f of FINDINGS)
        it(`${f.name} (${f.who}): ${f.before} before, ${f.now} now`, async function () {
            assert.strictEqual(await judge(old, f.who, f.request), f.before, "before");
            assert.strictEqual(await judge(now, f.who, f.request), f.now, "now");
        });
});

// The independent review of branch i20iam: two-step chains that adopt a resource by giving it the
// stack's tag (the tag-scoped statements then reach it), each step judged on the deploy role's
// policies at i20iam before the fixes (tests/fixtures/bootstrap/dev-policies-before-i20iam-review.json)
// and on the bootstrap plan's now. A chain still allowed now is a documented residual
// (docs/bootstrap.md, "What stays open, and what closes it"): its verdict is asserted, so a change
// that closes or widens it shows here.

interface TwoStep {
    name: string;
    steps: { request: Request; before: string; now: string }[];
}

/** The configured existing instance "sales" (bootstrap/Pulumi.dev.yaml connectInstances). */
const SALES_INSTANCE = a("connect", "instance/4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f");
/** Another team's instance in the same account: untagged, not configured. */
const OTHER_TEAM_INSTANCE = a("connect", "instance/0a0b0c0d-1111-2222-3333-444455556666");
/** Any customer managed key of the account without the stack's tag, with the default key policy. */
const OTHER_KEY = a("kms", "key/99999999-8888-7777-6666-555555555555");
const giveStackTag = (resource: string, action: string): Request => ({
    action,
    resource,
    context: { [`aws:RequestTag/${TAG}`]: DEV, "aws:TagKeys": [TAG] },
});

const TWO_STEP: TwoStep[] = [
    {
        name: "tag the configured sales instance with the stack's tag, then delete it",
        steps: [
            {
                request: giveStackTag(SALES_INSTANCE, "connect:TagResource"),
                before: "Allowed",
                now: "ExplicitlyDenied",
            },
            {
                request: { action: "connect:DeleteInstance", resource: SALES_INSTANCE, context: tagged(DEV) },
                before: "Allowed",
                now: "ExplicitlyDenied",
            },
        ],
    },
    {
        name: "tag the configured sales instance, then change its attributes (contact flow logs, Contact Lens)",
        steps: [
            {
                request: giveStackTag(SALES_INSTANCE, "connect:TagResource"),
                before: "Allowed",
                now: "ExplicitlyDenied",
            },
            {
                request: {
                    action: "connect:UpdateInstanceAttribute",
                    resource: SALES_INSTANCE,
                    context: tagged(DEV, { "connect:AttributeType": "CONTACTFLOW_LOGS" }),
                },
                before: "Allowed",
                now: "ExplicitlyDenied",
            },
        ],
    },
    {
        // Residual: giving an untagged instance the stack's tag stays allowed (a new instance is
        // tagged that way); what the tag then reaches no longer includes DeleteInstance, withheld
        // from CI. The other changes stay: closed by the alarm on TagResource events (docs).
        name: "tag another team's untagged instance, then delete it (residual: the tag; the delete withheld)",
        steps: [
            { request: giveStackTag(OTHER_TEAM_INSTANCE, "connect:TagResource"), before: "Allowed", now: "Allowed" },
            {
                request: { action: "connect:DeleteInstance", resource: OTHER_TEAM_INSTANCE, context: tagged(DEV) },
                before: "Allowed",
                now: "ImplicitlyDenied",
            },
            {
                request: {
                    action: "connect:UpdateInstanceAttribute",
                    resource: OTHER_TEAM_INSTANCE,
                    context: tagged(DEV, { "connect:AttributeType": "CONTACTFLOW_LOGS" }),
                },
                before: "Allowed",
                now: "Allowed",
            },
        ],
    },
    {
        // KMS authorizes the tags of CreateKey as kms:TagResource on every key of the account and
        // Region ("At a minimum, the permission must cover all KMS keys in the account and Region":
        // AWS KMS Developer Guide, "Managing KMS key tags with API operations"), and no condition key
        // tells a new key from an existing untagged one: giving any untagged key the stack's tag stays
        // allowed (a residual that grants nothing). What the tag then reached is closed: the deploy
        // role's key access is in the stack's key policies (components/common/ci-key-access.ts), none
        // in IAM on key/*, and the key's default policy delegates only to IAM.
        name: "tag any untagged key of the account (default key policy), then manage, grant, use or re-point an alias to it",
        steps: [
            { request: giveStackTag(OTHER_KEY, "kms:TagResource"), before: "Allowed", now: "Allowed" },
            ...[
                {
                    action: "kms:PutKeyPolicy",
                    context: tagged(DEV, { "kms:BypassPolicyLockoutSafetyCheck": "false" }),
                },
                { action: "kms:ScheduleKeyDeletion", context: tagged(DEV) },
                { action: "kms:DisableKey", context: tagged(DEV) },
                { action: "kms:DisableKeyRotation", context: tagged(DEV) },
                { action: "kms:UntagResource", context: tagged(DEV, { "aws:TagKeys": ["owner"] }) },
                { action: "kms:CreateGrant", context: tagged(DEV, { "kms:GrantIsForAWSResource": "true" }) },
                { action: "kms:RevokeGrant", context: tagged(DEV, { "kms:GrantIsForAWSResource": "true" }) },
                {
                    action: "kms:Decrypt",
                    context: tagged(DEV, { "kms:ViaService": `profile.${REGION}.amazonaws.com` }),
                },
                {
                    action: "kms:GenerateDataKey",
                    context: tagged(DEV, { "kms:ViaService": `profile.${REGION}.amazonaws.com` }),
                },
                // The stack's alias re-pointed to it: UpdateAlias on the alias (allowed: the stack's
                // name) and on the new key (AWS KMS Developer Guide, "Controlling access to aliases").
                { action: "kms:UpdateAlias", context: tagged(DEV) },
                { action: "kms:CreateAlias", context: tagged(DEV) },
            ].map((x) => ({
                request: { ...x, resource: OTHER_KEY },
                before: "Allowed",
                now: "ImplicitlyDenied",
            })),
        ],
    },
    {
        // The alias side of that re-pointing stays the deploy role's (the stack's alias names): the
        // key side is what refuses it (above); another team's alias is refused on its own side.
        name: "re-point aliases: the stack's alias (alias side allowed), another team's alias to the stack's key (refused)",
        steps: [
            {
                request: { action: "kms:UpdateAlias", resource: a("kms", `alias/customer-profiles/${DEV}`) },
                before: "Allowed",
                now: "Allowed",
            },
            {
                request: { action: "kms:UpdateAlias", resource: a("kms", "alias/finance/payments") },
                before: "ImplicitlyDenied",
                now: "ImplicitlyDenied",
            },
            {
                // The stack's key side of either: its key policy names the deploy role.
                request: {
                    action: "kms:UpdateAlias",
                    resource: KEY,
                    context: tagged(DEV),
                    resourcePolicy: DOMAIN_KEY_POLICY,
                },
                before: "Allowed",
                now: "Allowed",
            },
        ],
    },
];

/**
 * The single calls of the review's H2, H3 and M5 that no condition key of the deploy role's policies
 * can stop (docs/bootstrap.md, "What stays open, and what closes it"): each allowed before and now,
 * asserted so that a change closing one (or a control moved into IAM) shows here.
 */
const RESIDUALS: { name: string; request: Request }[] = [
    {
        name: "firehose:UpdateDestination of the stack's delivery stream (to an HTTP endpoint: no condition key)",
        request: {
            action: "firehose:UpdateDestination",
            resource: a("firehose", "deliverystream/connect-dev-sales-ctr"),
            context: tagged(DEV),
        },
    },
    {
        name: "s3:PutBucketPolicy on the stack's contact-record bucket (another account in the policy)",
        request: { action: "s3:PutBucketPolicy", resource: `arn:aws:s3:::${DEV_RECORDS_BUCKET}` },
    },
    {
        name: "sqs:SetQueueAttributes on the stack's dead-letter queue (its Policy)",
        request: { action: "sqs:SetQueueAttributes", resource: a("sqs", "profiles-dlq-dev1234"), context: tagged(DEV) },
    },
    {
        name: "kms:PutKeyPolicy on the stack's key (another account in the policy, no lockout bypass)",
        request: {
            action: "kms:PutKeyPolicy",
            resource: KEY,
            context: tagged(DEV, { "kms:BypassPolicyLockoutSafetyCheck": "false" }),
            resourcePolicy: DOMAIN_KEY_POLICY,
        },
    },
    {
        name: "sns:SetTopicAttributes on the alarm topic (its Policy: another account may Subscribe)",
        request: { action: "sns:SetTopicAttributes", resource: a("sns", "alarms-topic-dev1234"), context: tagged(DEV) },
    },
    {
        name: "cloudtrail:PutEventSelectors on the stack's trail (record nothing)",
        request: {
            action: "cloudtrail:PutEventSelectors",
            resource: a("cloudtrail", `trail/customer-profiles-${DEV}-audit`),
            context: tagged(DEV),
        },
    },
    {
        name: "iam:PutRolePolicy on Amazon Connect's service-linked role (any content)",
        request: {
            action: "iam:PutRolePolicy",
            resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_0123456789abcdef`,
        },
    },
];

describe("bootstrap deploy role: tag-then-use chains of the i20iam review", function () {
    this.timeout(120000);
    const deployOf = (all: Record<string, unknown>): Policies =>
        Object.entries(all)
            .filter(([n]) => /-deploy-dev-\d+$/.test(n))
            .map(([name, policy]) => ({ name, policy }));
    const old = deployOf(beforeReview.policies as Record<string, unknown>);
    let now: Policies;
    before(async function () {
        const plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
        now = deployOf(managedPolicyDocuments(plan));
    });
    for (const r of RESIDUALS)
        it(`residual, documented: ${r.name}: allowed before and now`, async function () {
            assert.strictEqual(await decide(old, r.request), "Allowed", "before");
            assert.strictEqual(await decide(now, r.request), "Allowed", "now");
        });
    for (const chain of TWO_STEP)
        it(chain.name, async function () {
            for (const [i, step] of chain.steps.entries()) {
                const what = `step ${i}: ${step.request.action} ${step.request.resource}`;
                assert.strictEqual(await decide(old, step.request), step.before, `before, ${what}`);
                assert.strictEqual(await decide(now, step.request), step.now, `now, ${what}`);
            }
        });
});

describe("bootstrap deploy role: keys and buckets only in the stack's region, where the security alerts watch", function () {
    this.timeout(120000);
    let now: Policies;
    before(async function () {
        const plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
        now = deployRolePolicies(plan);
    });
    const SID = "DenyCreatingKeysAndBucketsOutsideTheStacksRegion";
    const BUCKET_SID = "DenyBucketsOutsideTheStacksRegion";
    const without = (ps: Policies, sids: string[]): Policies =>
        ps.map((p) => {
            const d = p.policy as { Statement: { Sid?: string }[] };
            return { ...p, policy: { ...d, Statement: d.Statement.filter((x) => !sids.includes(x.Sid ?? "")) } };
        });
    const EVIL_BUCKET = `arn:aws:s3:::${DEV_RECORDS_BUCKET.replace(/-[^-]+-ctr$/, "-evil-ctr")}`;
    // Each request as AWS would see it made in REGION: a bucket names its region in LocationConstraint.
    const creations: { c: Request; at: (region: string) => Record<string, string | string[]> }[] = [
        {
            c: {
                action: "kms:CreateKey",
                resource: "*",
                context: { [`aws:RequestTag/${TAG}`]: DEV, "aws:TagKeys": [TAG] },
            },
            at: (region) => ({ "aws:RequestedRegion": region }),
        },
        {
            c: { action: "s3:CreateBucket", resource: EVIL_BUCKET },
            at: (region) => ({ "aws:RequestedRegion": region, "s3:LocationConstraint": region }),
        },
    ];
    for (const { c, at } of creations)
        it(`${c.action} in us-west-1 (no alert rule there): allowed without the region Denies, denied with them; in the stack's region allowed`, async function () {
            const inRegion = (region: string): Request => ({ ...c, context: { ...(c.context ?? {}), ...at(region) } });
            assert.strictEqual(
                await decide(without(now, [SID, BUCKET_SID]), inRegion("us-west-1")),
                "Allowed",
                "without the Denies",
            );
            assert.strictEqual(await decide(now, inRegion("us-west-1")), "ExplicitlyDenied", "with them");
            assert.strictEqual(await decide(now, inRegion(REGION)), "Allowed", "in the stack's region");
        });

    it("s3:CreateBucket through S3's global endpoint (us-east-1) placing the bucket in us-west-1: passes the RequestedRegion Deny alone, denied by the LocationConstraint one", async function () {
        const request = (requested: string, where: string): Request => ({
            action: "s3:CreateBucket",
            resource: EVIL_BUCKET,
            context: { "aws:RequestedRegion": requested, "s3:LocationConstraint": where },
        });
        // For a stack in us-east-1 the global endpoint's request is in the stack's region: only the
        // bucket's LocationConstraint tells. Tried on the dev plan with the RequestedRegion Deny removed.
        assert.strictEqual(await decide(without(now, [SID, BUCKET_SID]), request("us-east-1", "us-west-1")), "Allowed");
        assert.strictEqual(await decide(without(now, [SID]), request("us-east-1", "us-west-1")), "ExplicitlyDenied");
        assert.strictEqual(await decide(now, request(REGION, "us-west-1")), "ExplicitlyDenied");
        assert.strictEqual(await decide(now, request(REGION, REGION)), "Allowed");
    });

    it("multi-Region keys: kms:ReplicateKey and CreateKey with kms:MultiRegion denied; a single-Region CreateKey allowed", async function () {
        const tags = { [`aws:RequestTag/${TAG}`]: DEV, "aws:TagKeys": [TAG], "aws:RequestedRegion": REGION };
        const multi: Request = {
            action: "kms:CreateKey",
            resource: "*",
            context: { ...tags, "kms:MultiRegion": "true" },
        };
        assert.strictEqual(await decide(now, multi), "ExplicitlyDenied");
        assert.strictEqual(await decide(without(now, ["DenyCreatingMultiRegionKeys"]), multi), "Allowed");
        assert.strictEqual(
            await decide(now, { ...multi, context: { ...tags, "kms:MultiRegion": "false" } }),
            "Allowed",
        );
        assert.strictEqual(
            await decide(now, {
                action: "kms:ReplicateKey",
                resource: KEY,
                context: { "aws:RequestedRegion": REGION },
            }),
            "ExplicitlyDenied",
        );
    });
});
