// Issue 20, the residual risk: a bounded role whose trust names another account. The deploy role
// could create a role inside the stack's boundary (or rewrite the trust of the stack's own role) and
// no IAM condition key exposes a trust policy's content, so the role could be trusted by another
// account, which then held the boundary's data access. Now the bootstrap creates the stack's two
// roles with their fixed trust (bootstrap/lib/stack-roles.ts), the main program (bootstrapRoles: true)
// only puts their inline policies, and the deploy role has no role lifecycle at all. Each chain is
// judged by the IAM simulator on the dev deploy role's policies as main generated them before
// (tests/fixtures/bootstrap/dev-policies-before-i20iam.json) and on the bootstrap plan's now.
import * as assert from "assert";
import * as path from "path";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { readStackFile, runOfflinePlan } from "../../tools/lib/offline";
import { bootstrapEnvironment } from "../support/bootstrap-config";
import { Plan } from "../../tools/lib/plan-format";
import { stackRoleArn, stackRoleName } from "../../components/common/boundary";
import { stackBucketName, stackBucketPrefix } from "../../components/common/bucket-names";
import { formatProblems, stackConfigSchema, validate } from "../../components/config";
import { validateConfig } from "../../bootstrap/lib/config";
import { deployStatements } from "../../bootstrap/lib/policies";
import { ACCOUNT, devConfig, planFor, REGION, resource, resources, managedPolicyDocuments } from "../support/plan";
import beforeFix from "../fixtures/bootstrap/dev-policies-before-i20iam.json";

const BOOTSTRAP = path.resolve(__dirname, "..", "..", "bootstrap");
const OTHER = "999999999999";
const DEV = "amazon-connect-examplecorp-dev";
const TAG = "customer-profiles:domain";
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/connect-customer-profiles/boundary-dev`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const WORKFLOW_ROLE = role("connect-profiles-ci-dev-integration-workflows");
const DELIVERY_ROLE = role("connect-profiles-ci-dev-ctr-delivery");
/** What the attacker writes as the trust of a role: another account's root. */
const TRUSTS_OTHER_ACCOUNT = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: "sts:AssumeRole" }],
};
const ADMIN = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

type Policies = { name: string; policy: unknown }[];
interface Request {
    action: string;
    resource: string;
    context?: Record<string, string | string[]>;
}

const deployPolicies = (all: Record<string, unknown>): Policies =>
    Object.entries(all)
        .filter(([n]) => /-deploy-dev-\d+$/.test(n))
        .map(([name, policy]) => ({ name, policy }));

async function simulate(
    principal: string,
    identity: Policies,
    r: Request,
    extra: { boundary?: Policies; resourcePolicy?: unknown; principalAccount?: string } = {},
): Promise<string> {
    const result = await runSimulation(
        {
            request: {
                principal,
                action: r.action,
                resource: { resource: r.resource, accountId: r.resource.split(":")[4] || ACCOUNT },
                contextVariables: r.context ?? {},
            },
            identityPolicies: identity,
            permissionBoundaryPolicies: extra.boundary,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: extra.resourcePolicy,
        },
        {},
    );
    if (result.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
    return result.overallResult;
}
const asDeploy = (policies: Policies, r: Request) =>
    simulate(`arn:aws:sts::${ACCOUNT}:assumed-role/connect-profiles-ci-deploy-dev/gha`, policies, r);

/** A new role's creation inside the boundary, with the stack's tag: what the old policies required. */
const createInside = (name: string): Request => ({
    action: "iam:CreateRole",
    resource: role(name),
    context: { "iam:PermissionsBoundary": BOUNDARY, [`aws:RequestTag/${TAG}`]: DEV, "aws:TagKeys": [TAG] },
});
const onStackRole = (action: string, arn: string): Request => ({
    action,
    resource: arn,
    context: { "iam:PermissionsBoundary": BOUNDARY, [`aws:ResourceTag/${TAG}`]: DEV },
});

describe("bootstrap: the stack's two roles are the bootstrap's, their trust fixed (issue 20, residual risk)", function () {
    this.timeout(120000);
    const old = beforeFix.policies as Record<string, unknown>;
    let plan: Plan;
    let now: Record<string, unknown>;
    before(async function () {
        plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
        now = managedPolicyDocuments(plan);
    });

    it("the bootstrap creates them with the trust the program gives them, inside the stack's boundary, with its tag", function () {
        const delivery = resource(plan, "aws:iam/role:Role", "dev-ctr-delivery").inputs;
        const workflows = resource(plan, "aws:iam/role:Role", "dev-integration-workflows").inputs;
        assert.deepStrictEqual(JSON.parse(String(delivery.assumeRolePolicy)), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "FirehoseOfThisAccountDelivers",
                    Effect: "Allow",
                    Principal: { Service: "firehose.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "sts:ExternalId": ACCOUNT } },
                },
            ],
        });
        assert.deepStrictEqual(JSON.parse(String(workflows.assumeRolePolicy)), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "CustomerProfilesWorkflowsOfThisDomain",
                    Effect: "Allow",
                    Principal: { Service: "profile.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ],
        });
        for (const [inputs, name] of [
            [delivery, "connect-profiles-ci-dev-ctr-delivery"],
            [workflows, "connect-profiles-ci-dev-integration-workflows"],
        ] as const) {
            // The bootstrap's roleNamePrefix starts the name; path "/" (no page says Firehose or
            // Customer Profiles accepts a role ARN with a path: components/common/boundary.ts).
            assert.strictEqual(inputs.name, name);
            assert.strictEqual(inputs.path, "/");
            assert.strictEqual(inputs.permissionsBoundary, BOUNDARY);
            assert.strictEqual((inputs.tags as Record<string, string>)[TAG], DEV);
        }
    });

    it("create a role inside the boundary trusted by another account, give it *:*: allowed before, denied now", async function () {
        const name = "integrations-workflows-role-exfil1";
        const steps = [createInside(name), onStackRole("iam:PutRolePolicy", role(name))];
        for (const step of steps)
            assert.strictEqual(await asDeploy(deployPolicies(old), step), "Allowed", `before: ${step.action}`);
        // Now: no role is created by the deploy role, whatever its name, boundary and tags.
        for (const n of [name, "connect-profiles-ci-dev-integration-workflows", "connect-customer-profiles/dev-exfil"])
            assert.strictEqual(
                await asDeploy(deployPolicies(now), createInside(n)),
                "ExplicitlyDenied",
                `now: CreateRole ${n}`,
            );
    });

    it("what that role handed out: the other account reads the stack's integrations and flows through it (the prize)", async function () {
        // The role the attacker made, assumed from account 999999999999 (its trust names it), holding
        // *:* inside the boundary: the boundary's data access leaves the account.
        const boundary = [{ name: "boundary-dev", policy: old["boundary-dev"] }];
        const principal = `arn:aws:sts::${ACCOUNT}:assumed-role/integrations-workflows-role-exfil1/x`;
        for (const r of [
            {
                action: "appflow:UseConnectorProfile",
                resource: `arn:aws:appflow:${REGION}:${ACCOUNT}:connectorprofile/examplecorp-salesforce-sandbox`,
            },
            {
                action: "profile:PutIntegration",
                resource: `arn:aws:profile:${REGION}:${ACCOUNT}:domains/${DEV}/integrations/x`,
            },
        ])
            assert.strictEqual(
                await simulate(principal, [{ name: "admin", policy: ADMIN }], r, { boundary }),
                "Allowed",
                r.action,
            );
        // The other account's own user, allowed everything by its account, and the trust naming it.
        assert.strictEqual(
            await simulate(
                `arn:aws:iam::${OTHER}:user/attacker`,
                [{ name: "admin", policy: ADMIN }],
                { action: "sts:AssumeRole", resource: role("integrations-workflows-role-exfil1") },
                { resourcePolicy: TRUSTS_OTHER_ACCOUNT },
            ),
            "Allowed",
        );
    });

    it("rewrite the trust of the stack's own workflow role to another account: allowed before, denied now", async function () {
        assert.strictEqual(
            await asDeploy(
                deployPolicies(old),
                onStackRole("iam:UpdateAssumeRolePolicy", role("integrations-workflows-role-abc1234")),
            ),
            "Allowed",
        );
        for (const arn of [WORKFLOW_ROLE, DELIVERY_ROLE])
            assert.strictEqual(
                await asDeploy(deployPolicies(now), onStackRole("iam:UpdateAssumeRolePolicy", arn)),
                "ExplicitlyDenied",
                arn,
            );
    });

    it("delete the stack's role to create it again with another trust: allowed before, denied now", async function () {
        assert.strictEqual(
            await asDeploy(
                deployPolicies(old),
                onStackRole("iam:DeleteRole", role("integrations-workflows-role-abc1234")),
            ),
            "Allowed",
        );
        for (const action of ["iam:DeleteRole", "iam:PutRolePermissionsBoundary"])
            assert.strictEqual(
                await asDeploy(deployPolicies(now), onStackRole(action, WORKFLOW_ROLE)),
                "ExplicitlyDenied",
                action,
            );
    });

    it("the deploy role still puts, reads and deletes the two roles' inline policies (which stay inside the boundary), on those two roles only", async function () {
        for (const arn of [WORKFLOW_ROLE, DELIVERY_ROLE])
            for (const action of ["iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:GetRolePolicy"])
                assert.strictEqual(
                    await asDeploy(deployPolicies(now), onStackRole(action, arn)),
                    "Allowed",
                    `${action} ${arn}`,
                );
        // …but not when the role has lost the boundary (an administrator's change), nor on another role.
        assert.strictEqual(
            await asDeploy(deployPolicies(now), {
                action: "iam:PutRolePolicy",
                resource: WORKFLOW_ROLE,
                context: { [`aws:ResourceTag/${TAG}`]: DEV },
            }),
            "ExplicitlyDenied",
        );
        assert.strictEqual(
            await asDeploy(
                deployPolicies(now),
                onStackRole("iam:PutRolePolicy", role("connect-customer-profiles/prod-integration-workflows")),
            ),
            "ImplicitlyDenied",
        );
    });
});

describe("the main program with bootstrapRoles", function () {
    it("names a stack's roles PREFIX-STACK-KIND (the bootstrap's roleNamePrefix), path /, within IAM's 64 characters", function () {
        assert.strictEqual(stackRoleName("dev", "ctr-delivery"), "connect-profiles-ci-dev-ctr-delivery");
        assert.strictEqual(stackRoleName("dev", "ctr-delivery", "acme-ci"), "acme-ci-dev-ctr-delivery");
        assert.strictEqual(
            stackRoleArn({ partition: "aws", accountId: ACCOUNT }, "dev", "integration-workflows"),
            `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-dev-integration-workflows`,
        );
        const long = "a".repeat(60);
        const names = [long, `${long}b`].map((s) => stackRoleName(s, "integration-workflows"));
        for (const n of names) {
            assert.ok(n.length <= 64, n);
            assert.match(n, /^connect-profiles-ci-a+-[0-9a-f]{8}-integration-workflows$/);
        }
        assert.notStrictEqual(names[0], names[1]);
        // The longest prefix the bootstrap accepts (32) leaves no room for the stack name: the hash alone.
        const n = stackRoleName(long, "integration-workflows", "p".repeat(32));
        assert.ok(n.length <= 64, n);
        assert.match(n, /^p{32}-[0-9a-f]{8}-integration-workflows$/);
    });

    it("the dev stack (bootstrapRoles: true) creates no role: inline policies on the bootstrap's two roles, which it passes", async function () {
        const plan = await planFor(devConfig());
        assert.deepStrictEqual(
            resources(plan).filter((r) => r.type === "aws:iam/role:Role"),
            [],
        );
        assert.deepStrictEqual(
            resources(plan)
                .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")
                .map((r) => r.inputs.role)
                .sort(),
            ["connect-profiles-ci-dev-ctr-delivery", "connect-profiles-ci-dev-integration-workflows"],
        );
        const delivery = resources(plan).find(
            (r) => r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
        )!;
        assert.strictEqual((delivery.inputs.extendedS3Configuration as Record<string, unknown>).roleArn, DELIVERY_ROLE);
        const workflow = resources(plan).find(
            (r) => r.type === "pulumi-nodejs:dynamic/customer-profiles:IntegrationWorkflow",
        )!;
        assert.strictEqual(workflow.inputs.roleArn, WORKFLOW_ROLE);
    });

    it("without it (the default: an administrator's pulumi up without the bootstrap) the program creates the two roles itself", async function () {
        const config = { ...devConfig() };
        delete config["connect-customer-profiles:bootstrapRoles"];
        const plan = await planFor(config);
        assert.deepStrictEqual(
            resources(plan)
                .filter((r) => r.type === "aws:iam/role:Role")
                .map((r) => r.urn.split("::").pop())
                .sort(),
            ["integrations-workflows-role", "sales-streaming-ctr-delivery-role"],
        );
    });

    it("a value that is not true or false is refused, naming the key and the form", function () {
        const r = validate(stackConfigSchema, {
            domainName: "amazon-connect-test",
            connectInstances: [
                {
                    name: "main",
                    arn: `arn:aws:connect:${REGION}:${ACCOUNT}:instance/11111111-2222-3333-4444-555555555555`,
                },
            ],
            bootstrapRoles: "yes",
        });
        assert.ok(!r.ok);
        assert.deepStrictEqual(formatProblems(r.problems).split("\n").slice(1), [
            '  - connect-customer-profiles:bootstrapRoles: "yes" is not valid; expected true or false',
        ]);
    });
});

describe("bootstrap: the alarm topic's subscriptions (sns:Endpoint)", function () {
    it("two stacks whose IAM names differ only in case are refused (IAM names are not case sensitive), once per pair", function () {
        const problems = (environments: unknown[], roleNamePrefix?: string) => {
            try {
                validateConfig({
                    repository: "examplecorp/connect-customer-profiles",
                    manageRepository: true,
                    reviewers: { teams: ["t"] },
                    environments,
                    ...(roleNamePrefix ? { roleNamePrefix } : {}),
                });
                return [];
            } catch (e) {
                return (e as Error).message.split("\n").slice(1);
            }
        };
        // Stack = environment name (config.ts), so two stacks differ in more than case (GitHub's
        // rule), but a stack's role can still be another environment's deploy role, in any case.
        assert.deepStrictEqual(
            problems([
                { name: "Deploy-x", domainName: DEV },
                { name: "x-ctr-delivery", domainName: "other" },
            ]),
            [
                '  - connect-customer-profiles-bootstrap:environments: "x-ctr-delivery" (stack "x-ctr-delivery") would get the IAM role name "connect-profiles-ci-deploy-x-ctr-delivery", which "Deploy-x" (stack "Deploy-x") already has (IAM names are not case sensitive); expected stack and environment names that give distinct names',
            ],
        );
        assert.deepStrictEqual(
            problems([
                { name: "dev", domainName: DEV },
                { name: "prod", domainName: "p" },
            ]),
            [],
        );
    });

    it("the main program's dev stack and the bootstrap's dev environment agree: stack, domain, alarmEmail among alarmEmails", function () {
        // Both committed files, read as their programs read them: a drift here is an alarm topic the
        // deploy role may not subscribe (AccessDenied at pulumi up), or a scope of another domain.
        const main = readStackFile(path.resolve(__dirname, "..", "..", "Pulumi.dev.yaml"));
        const env = bootstrapEnvironment("dev");
        assert.strictEqual(env.stack, "dev");
        assert.strictEqual(env.domainName, main["connect-customer-profiles:domainName"]);
        const email = main["connect-customer-profiles:alarmEmail"];
        assert.ok(typeof email === "string", "Pulumi.dev.yaml sets alarmEmail");
        assert.ok(env.alarmEmails?.includes(email), `${email} is not among ${JSON.stringify(env.alarmEmails)}`);
    });

    it("the main dev stack's bootstrapRoleNamePrefix and existing instances agree with the bootstrap's roleNamePrefix and connectInstances, and a drift is caught", function () {
        // A different prefix: the stack names roles the bootstrap never created (NoSuchEntity at
        // pulumi up). An instance given by ARN but not listed: its storage configs and rules are
        // AccessDenied; listed but not used: the deploy role reaches an instance it does not need.
        const main = readStackFile(path.resolve(__dirname, "..", "..", "Pulumi.dev.yaml"));
        const env = bootstrapEnvironment("dev");
        const drift = (m: Record<string, unknown>, e: typeof env): string[] => {
            const own = Object.fromEntries(
                Object.entries(m)
                    .filter(([k]) => k.startsWith("connect-customer-profiles:"))
                    .map(([k, v]) => [k.slice("connect-customer-profiles:".length), v]),
            );
            const r = validate(stackConfigSchema, own);
            assert.ok(r.ok, JSON.stringify(r));
            const program = r.value;
            const out: string[] = [];
            if (program.bootstrapRoleNamePrefix !== e.roleNamePrefix)
                out.push(`prefix ${program.bootstrapRoleNamePrefix} != ${e.roleNamePrefix}`);
            const ids = program.connectInstances.flatMap((i) => ("arn" in i ? [i.arn.split("/").pop()!] : [])).sort();
            const listed = [...(e.connectInstances ?? [])].sort();
            if (JSON.stringify(ids) !== JSON.stringify(listed))
                out.push(`instances ${JSON.stringify(ids)} != ${JSON.stringify(listed)}`);
            return out;
        };
        assert.deepStrictEqual(drift(main, env), []);
        assert.deepStrictEqual(
            drift({ ...main, "connect-customer-profiles:bootstrapRoleNamePrefix": "other-ci" }, env),
            ["prefix other-ci != connect-profiles-ci"],
        );
        assert.deepStrictEqual(drift(main, { ...env, connectInstances: ["0a0b0c0d-1111-2222-3333-444455556666"] }), [
            'instances ["4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f"] != ["0a0b0c0d-1111-2222-3333-444455556666"]',
        ]);
    });

    it("alarmEmails must be e-mail addresses, named in the error", function () {
        assert.throws(
            () =>
                validateConfig({
                    repository: "examplecorp/connect-customer-profiles",
                    environments: [{ name: "dev", domainName: DEV, alarmEmails: ["oncall"] }],
                }),
            (e: Error) =>
                e.message.includes(
                    'connect-customer-profiles-bootstrap:environments[0].alarmEmails: ["oncall"] is not valid; expected a list of e-mail addresses (the stack\'s alarmEmail)',
                ),
        );
    });

    it("without alarmEmails the deploy role subscribes nothing; with them, only those addresses by email", async function () {
        const ctx = { partition: "aws", account: ACCOUNT, region: REGION };
        const env = { name: "dev", stack: "dev", domainName: DEV };
        const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:alarms-topic-dev1234`;
        const subscribe = (endpoint: string) => ({
            action: "sns:Subscribe",
            resource: topic,
            context: { [`aws:ResourceTag/${TAG}`]: DEV, "sns:Protocol": "email", "sns:Endpoint": endpoint },
        });
        const policies = (e: typeof env & { alarmEmails?: string[] }) => [
            { name: "deploy", policy: { Version: "2012-10-17", Statement: deployStatements(ctx, e) } },
        ];
        assert.strictEqual(await asDeploy(policies(env), subscribe("oncall@example.com")), "ImplicitlyDenied");
        const withEmails = policies({ ...env, alarmEmails: ["oncall@example.com"] });
        assert.strictEqual(await asDeploy(withEmails, subscribe("oncall@example.com")), "Allowed");
        assert.strictEqual(await asDeploy(withEmails, subscribe("attacker@example.net")), "ImplicitlyDenied");
    });
});

// Issue 20, item "only this stack's resources" for S3: bucket names carried the instance, not the
// stack, and S3 lists no aws:ResourceTag for buckets, so every stack's deploy role (and every bounded
// role) reached every stack's contact-record and audit buckets of the account by name.
describe("bootstrap: S3 buckets by names that carry the stack (stackBucketNames)", function () {
    this.timeout(120000);
    const old = beforeFix.policies as Record<string, unknown>;
    const at = { accountId: ACCOUNT, region: REGION };
    const bucket = (stack: string, purpose: string) => `arn:aws:s3:::${stackBucketName(at, stack, purpose)}`;
    let now: Record<string, unknown>;
    before(async function () {
        const plan = (await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" })).plan;
        now = managedPolicyDocuments(plan);
    });

    it("names: HASH-STACK-PURPOSE, 63 characters at most, HASH from account, region and stack", function () {
        assert.strictEqual(stackBucketPrefix(at, "dev"), `${stackBucketName(at, "dev", "x").slice(0, 9)}`);
        assert.match(stackBucketName(at, "dev", "sales-ctr"), /^[0-9a-f]{8}-dev-sales-ctr$/);
        assert.notStrictEqual(stackBucketPrefix(at, "dev"), stackBucketPrefix(at, "prod"));
        assert.notStrictEqual(stackBucketPrefix(at, "dev"), stackBucketPrefix({ ...at, accountId: OTHER }, "dev"));
        const long = stackBucketName(
            at,
            "Team_Alpha.Production-Europe-West-2",
            "customer-service-north-america-x-ctr-logs",
        );
        assert.ok(long.length <= 63, long);
        assert.match(long, /^[0-9a-f]{8}-[a-z0-9-]*customer-service-north-america-x-ctr-logs$/);
        assert.throws(() => stackBucketName(at, "dev", "Sales_CTR"), /bucket name purpose "Sales_CTR" is not valid/);
    });

    it("the dev plan's buckets all carry the dev stack's prefix", async function () {
        const plan = await planFor(devConfig());
        const names = resources(plan)
            .filter((r) => r.type === "aws:s3/bucket:Bucket")
            .map((r) => String(r.inputs.bucket))
            .sort();
        const p = stackBucketPrefix(at, "dev");
        assert.deepStrictEqual(names, [
            `${p}dev-audit`,
            `${p}dev-audit-logs`,
            `${p}dev-sales-ctr`,
            `${p}dev-sales-ctr-logs`,
        ]);
    });

    it("another stack's buckets: reached before (name patterns shared by every stack), out of reach now", async function () {
        const writes = ["s3:PutBucketPolicy", "s3:DeleteBucket", "s3:PutBucketLogging"];
        for (const action of writes) {
            assert.strictEqual(
                await asDeploy(deployPolicies(old), {
                    action,
                    resource: "arn:aws:s3:::sales-streaming-ctr-bucket-prod123",
                }),
                "Allowed",
                `before: ${action}`,
            );
            for (const arn of [
                bucket("prod", "sales-ctr"),
                bucket("prod", "audit"),
                "arn:aws:s3:::sales-streaming-ctr-bucket-prod123",
                "arn:aws:s3:::audit-trail-bucket-prod123",
            ])
                assert.strictEqual(
                    await asDeploy(deployPolicies(now), { action, resource: arn }),
                    "ImplicitlyDenied",
                    `now: ${action} ${arn}`,
                );
            // …while this stack's own stay reachable.
            assert.strictEqual(
                await asDeploy(deployPolicies(now), { action, resource: bucket("dev", "sales-ctr") }),
                "Allowed",
                `now: ${action} on dev's`,
            );
        }
    });

    it("a role inside dev's boundary given *:* writes dev's contact records only, not prod's", async function () {
        const principal = `arn:aws:sts::${ACCOUNT}:assumed-role/connect-profiles-ci-dev-ctr-delivery/x`;
        const put = (arn: string) => ({
            action: "s3:PutObject",
            resource: `${arn}/x.gz`,
            context: { "s3:ResourceAccount": ACCOUNT },
        });
        const admin = [{ name: "admin", policy: ADMIN }];
        assert.strictEqual(
            await simulate(principal, admin, put("arn:aws:s3:::sales-streaming-ctr-bucket-prod123"), {
                boundary: [{ name: "boundary-dev", policy: old["boundary-dev"] }],
            }),
            "Allowed",
        );
        const boundary = [{ name: "boundary-dev", policy: now["boundary-dev"] }];
        assert.strictEqual(
            await simulate(principal, admin, put(bucket("prod", "sales-ctr")), { boundary }),
            "ImplicitlyDenied",
        );
        assert.strictEqual(
            await simulate(principal, admin, put(bucket("dev", "sales-ctr-logs")), { boundary }),
            "ImplicitlyDenied",
        );
        assert.strictEqual(await simulate(principal, admin, put(bucket("dev", "sales-ctr")), { boundary }), "Allowed");
    });
});
