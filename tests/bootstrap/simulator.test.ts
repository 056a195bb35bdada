// The deploy role, judged by an IAM evaluation oracle (@cloud-copilot/iam-simulate, test-only): it
// is allowed every action each resource of the dev plan needs, on that resource's own ARN, and
// denied what lies outside (another account's keys, IAM users, other buckets, other stacks'
// streams, other domains, iam:PassRole to other roles or services). The preview role reads and
// never writes. (The trust policies' exact documents are asserted in plan.test.ts.) KMS requests on
// the stack's keys carry that key's policy from the plan as the resource policy: the deploy role
// holds nothing on `key/*` in IAM, its key access is in the key policies (issue 20, "tag, then use").
// Before PutKeyPolicy of a key whose policy a kms.KeyPolicy installs, the key has the policy it was
// created with: the KeyPolicy's own requests are judged on that one.
import * as assert from "assert";
import { bootstrapEnvironment } from "../support/bootstrap-config";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { actionsFor, DATA, OPERATIONS, previewActions } from "../../bootstrap/lib/permissions";
import { deployStatements, previewStatements } from "../../bootstrap/lib/policies";
import { isTagging, STACK_TAG, WITHHELD_FROM_DEPLOY } from "../../bootstrap/lib/guardrails";
import { stackRoles } from "../../bootstrap/lib/stack-roles";
import { ACCOUNT, defaultKeyPolicy, devConfig, planFor, planKeyPolicies, REGION, resources } from "../support/plan";
import { nameOf, Plan, ResourceState } from "../../tools/lib/plan-format";

const OTHER = "999999999999";
const ctx = { partition: "aws", account: ACCOUNT, region: REGION };
const a = (service: string, resource: string, account = ACCOUNT) =>
    `arn:aws:${service}:${REGION}:${account}:${resource}`;

/**
 * KMS authorizes only what the key policy allows: a key not of the plan has the default key policy,
 * which delegates to IAM (AWS KMS Developer Guide, "Default key policy").
 */
const keyPolicy = defaultKeyPolicy();

async function decide(
    policy: unknown,
    action: string,
    resource: string,
    context: Record<string, string | string[]> = {},
    resourcePolicy: unknown = resource.includes(":kms:") && (resource.split(":")[4] || ACCOUNT) === ACCOUNT
        ? keyPolicy
        : undefined,
    principal = `arn:aws:sts::${ACCOUNT}:assumed-role/connect-profiles-ci-deploy-dev/session`,
): Promise<string> {
    const account = resource.split(":")[4] || ACCOUNT;
    const result = await runSimulation(
        {
            request: {
                // By default the dev deploy role's session (the key policies name its role).
                principal,
                action,
                resource: { resource, accountId: account },
                // KMS puts the caller's account in every request (AWS KMS Developer Guide, "AWS KMS
                // condition keys", kms:CallerAccount).
                // Every request to a regional endpoint carries aws:RequestedRegion (IAM User Guide, "AWS
                // global condition context keys"); the dev stack's is eu-west-2.
                contextVariables: {
                    "aws:RequestedRegion": REGION,
                    ...(action.startsWith("kms:") ? { "kms:CallerAccount": ACCOUNT } : {}),
                    // Outside us-east-1 CreateBucket names its region (CreateBucketConfiguration).
                    ...(action === "s3:CreateBucket" ? { "s3:LocationConstraint": REGION } : {}),
                    ...context,
                },
            },
            identityPolicies: [{ name: "role", policy }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy,
        },
        {},
    );
    return result.resultType === "error" ? `error ${JSON.stringify(result.errors)}` : result.overallResult;
}

/** The ARN the resource's own-service actions act on. */
function targetArn(r: ResourceState, domain: string): string | undefined {
    const i = r.inputs as Record<string, any>;
    const o = (r.outputs ?? {}) as Record<string, any>;
    if (r.type.startsWith("aws:s3/bucket") && r.type !== "aws:s3/bucket:Bucket") return `arn:aws:s3:::${i.bucket}`;
    switch (r.type) {
        case "aws:kms/keyPolicy:KeyPolicy":
            return a("kms", `key/${i.keyId}`);
        case "aws:iam/rolePolicy:RolePolicy":
            // The stack's roles are the bootstrap's, under the boundary's path (bootstrapRoles: true).
            return STACK_ROLES.find((x) => x.name === i.role)?.arn ?? `arn:aws:iam::${ACCOUNT}:role/${i.role}`;
        case "aws:sqs/queuePolicy:QueuePolicy":
            return a("sqs", String(i.queueUrl).split("/").pop()!);
        case "aws:sns/topicPolicy:TopicPolicy":
            return i.arn;
        case "aws:sns/topicSubscription:TopicSubscription":
            return i.topic;
        case "aws:connect/instanceStorageConfig:InstanceStorageConfig":
            return a("connect", `instance/${i.instanceId}`);
        case "aws:cloudwatch/eventTarget:EventTarget":
            return a("events", `rule/${i.rule}`);
        case "aws-native:appflow:Flow":
        case "pulumi-nodejs:dynamic/appflow:FlowActivation":
            return a("appflow", `flow/${i.flowName}`);
        case "aws-native:customerprofiles:ObjectType":
            return a("profile", `domains/${domain}/object-types/${i.objectTypeName}`);
        case "aws-native:customerprofiles:EventStream":
            return a("profile", `domains/${domain}/event-streams/${i.eventStreamName}`);
        case "aws-native:customerprofiles:Integration":
            return a("profile", `domains/${domain}/integrations/x`);
        case "pulumi-nodejs:dynamic/customer-profiles:IntegrationWorkflow":
            return a("profile", `domains/${domain}`);
        case "aws-native:connect:Rule":
            return r.id;
        case "pulumi-nodejs:dynamic/connect:IntegrationAssociation":
            return i.instanceArn;
    }
    return typeof o.arn === "string" && o.arn.startsWith("arn:") ? o.arn : undefined;
}

/**
 * The IAM roles another service changes with the deployer's credentials while it creates a resource
 * (the schema's iam:* handler permissions): each is tried on that role alone, not on any IAM ARN.
 * - Amazon Connect: its instance's service-linked role (Amazon Connect Administrator Guide, "Use
 *   service-linked roles for Amazon Connect": AWSServiceRoleForAmazonConnect_ prefix), for the
 *   instance and its storage configs (their iam:* handler permissions);
 * - Customer Profiles: an event stream's writer is its service-linked role (Amazon Connect
 *   Administrator Guide, "Using service-linked roles for Amazon Connect Customer Profiles":
 *   AWSServiceRoleForProfile_unique-id; the path is the one CustomerProfilesServiceLinkedRolePolicy
 *   names, aws-service-role/profile.amazonaws.com/), whose inline policy CreateEventStream puts and
 *   DeleteEventStream deletes (AWS::CustomerProfiles::EventStream handlers: iam:PutRolePolicy,
 *   iam:DeleteRolePolicy).
 */
const SERVICE_ROLES: Record<string, string> = {
    "aws:connect/instance:Instance": `arn:aws:iam::${ACCOUNT}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_0123456789abcdef`,
    "aws:connect/instanceStorageConfig:InstanceStorageConfig": `arn:aws:iam::${ACCOUNT}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_0123456789abcdef`,
    "aws-native:customerprofiles:EventStream": `arn:aws:iam::${ACCOUNT}:role/aws-service-role/profile.amazonaws.com/AWSServiceRoleForProfile_0123456789abcdef`,
};

/** The dev environment as bootstrap/Pulumi.dev.yaml configures it, validated (not a hand copy). */
const DEV_ENV = bootstrapEnvironment("dev");
/** The dev stack's two roles, which the bootstrap creates (bootstrap/lib/stack-roles.ts). */
const STACK_ROLES = stackRoles(ctx, DEV_ENV);
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/connect-customer-profiles/boundary-dev`;

describe("bootstrap roles judged by an IAM evaluation oracle", function () {
    let plan: Plan;
    let domain: string;
    let deploy: unknown;
    let candidates: Map<string, string[]>;
    /** What the request context holds about a resource of the plan: its tags and, for a role, its boundary. */
    let facts: Map<string, { tags: Record<string, string>; boundary?: string }>;
    /** The plan's keys: the policy each is created with and the one it ends with. */
    let keys: ReturnType<typeof planKeyPolicies>;

    before(async function () {
        const config = devConfig();
        plan = await planFor(config);
        domain = String(config["connect-customer-profiles:domainName"]);
        assert.strictEqual(domain, DEV_ENV.domainName);
        deploy = { Version: "2012-10-17", Statement: deployStatements(ctx, DEV_ENV) };
        keys = planKeyPolicies(plan);
        assert.strictEqual(keys.size, 6, [...keys.values()].map((k) => k.name).join(", "));
        // The bootstrap's roles carry the stack's tag and boundary (bootstrap/index.ts).
        facts = new Map(STACK_ROLES.map((r) => [r.arn, { tags: { [STACK_TAG]: domain }, boundary: BOUNDARY }]));
        for (const r of resources(plan).filter((x) => x.custom)) {
            const t = targetArn(r, domain);
            const tags = r.inputs.tags as Record<string, string> | { key: string; value: string }[] | undefined;
            const map = Array.isArray(tags) ? Object.fromEntries(tags.map((x) => [x.key, x.value])) : tags;
            if (t && map && !facts.has(t))
                facts.set(t, {
                    tags: map,
                    boundary:
                        typeof r.inputs.permissionsBoundary === "string" ? r.inputs.permissionsBoundary : undefined,
                });
        }
        // Per service, ARNs of the stack's own resources, and of what AWS names on the stack's behalf.
        candidates = new Map();
        const add = (arn: string) => {
            const service = arn.split(":")[2];
            candidates.set(service, [...new Set([...(candidates.get(service) ?? []), arn])]);
        };
        for (const r of resources(plan).filter((x) => x.custom)) {
            const t = targetArn(r, domain);
            if (t) add(t);
        }
        [
            a("ds", "directory/d-1234567890"),
            `arn:aws:iam::${ACCOUNT}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_0123456789abcdef`,
            a("logs", "log-group:/aws/connect/examplecorp-support-dev"),
            a("appflow", "connectorprofile/examplecorp-salesforce-sandbox"),
            a("app-integrations", `event-integration-association/${domain}-salesforce-case-tasks/abc`),
            a("secretsmanager", `secret:appflow/${domain}-salesforce-case-tasks-connection/client-credentials-AbCdEf`),
            a("kms", `alias/customer-profiles/${domain}`),
            `arn:aws:iam::${ACCOUNT}:policy/operator-checks-0123456`,
            ...STACK_ROLES.map((r) => r.arn),
        ].forEach(add);
    });

    /** The plan's keys a resource's inputs name by ARN. */
    const keysNamedBy = (r: ResourceState): string[] =>
        [...keys.keys()].filter((arn) => JSON.stringify(r.inputs).includes(JSON.stringify(arn)));

    it("the deploy role is allowed every action of every operation of every resource of the dev plan", async function () {
        this.timeout(300000);
        const failures: string[] = [];
        const checked = new Set<string>();
        for (const r of resources(plan).filter((x) => x.custom)) {
            const target = targetArn(r, domain);
            for (const op of OPERATIONS)
                for (const action of actionsFor(r.type, op) ?? []) {
                    const service = action.split(":")[0];
                    if (action in WITHHELD_FROM_DEPLOY) continue;
                    const context: Record<string, string | string[]> =
                        /^kms:(CreateGrant|ListGrants|RevokeGrant)$/.test(action)
                            ? { "kms:GrantIsForAWSResource": "true" }
                            : {};
                    // Customer Profiles uses the domain key for object types on the caller's behalf.
                    if (/^kms:(Decrypt|GenerateDataKey)$/.test(action))
                        context["kms:ViaService"] = `profile.${REGION}.amazonaws.com`;
                    // The subscription's protocol, as the plan declares it (sns:Protocol).
                    if (action === "sns:Subscribe" && typeof r.inputs.protocol === "string") {
                        context["sns:Protocol"] = r.inputs.protocol;
                        context["sns:Endpoint"] = String(r.inputs.endpoint);
                    }
                    // The storage configuration's resource type, as the plan declares it
                    // (connect:StorageResourceType, bootstrap/lib/policies.ts STORAGE_RESOURCE_TYPES).
                    if (/^connect:\w+InstanceStorageConfig$/.test(action))
                        context["connect:StorageResourceType"] = String(r.inputs.resourceType);
                    // The failure rules notify the stack's topic.
                    if (action === "events:PutTargets")
                        context["events:TargetArn"] = [a("sns", "alarms-topic-1234567")];
                    const serviceRole =
                        service === "iam" && action !== "iam:PassRole" ? SERVICE_ROLES[r.type] : undefined;
                    const arns = DATA.actions[action].wildcardOnly
                        ? ["*"]
                        : serviceRole
                          ? [serviceRole]
                          : [
                                ...(target?.split(":")[2] === service ? [target] : []),
                                // A key the resource names (an object type's encryptionKey): its own.
                                ...(service === "kms" ? keysNamedBy(r) : []),
                                ...(candidates.get(service) ?? []),
                            ];
                    // The key's policy as the request meets it: the one it was created with for the
                    // key's own creation and the KeyPolicy's first PutKeyPolicy, else its final one.
                    const phase =
                        op === "create" && ["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy"].includes(r.type)
                            ? "created"
                            : "final";
                    const key = `${action} ${arns[0]} ${phase}`;
                    if (checked.has(key)) continue;
                    checked.add(key);
                    let verdict = `no ARN of ${service} to try`;
                    for (const arn of arns) {
                        // The resource's own tags (the program tags everything it creates: index.ts
                        // common.tags), sent again with creations and tagging; a role's boundary.
                        const f = facts.get(arn) ?? facts.get(target ?? "");
                        const own = f && arn === target ? f : facts.get(arn);
                        const tagged: Record<string, string | string[]> = own
                            ? {
                                  [`aws:ResourceTag/${STACK_TAG}`]: own.tags[STACK_TAG],
                                  [`aws:RequestTag/${STACK_TAG}`]: own.tags[STACK_TAG],
                                  // Untagging names the keys removed: never the stack's own.
                                  "aws:TagKeys": Object.keys(own.tags).filter(
                                      (k) => !/:(Untag|RemoveTags)/.test(action) || k !== STACK_TAG,
                                  ),
                                  ...(own.boundary ? { "iam:PermissionsBoundary": own.boundary } : {}),
                              }
                            : {};
                        if (action === "kms:CreateKey") tagged[`aws:RequestTag/${STACK_TAG}`] = domain;
                        const held = keys.get(arn);
                        verdict = await decide(
                            deploy,
                            action,
                            arn,
                            { ...tagged, ...context },
                            held ? held[phase] : undefined,
                        );
                        if (!verdict.startsWith("error")) {
                            if (verdict !== "Allowed")
                                failures.push(`${r.type} ${op}: ${action} on ${arn}: ${verdict}`);
                            break;
                        }
                    }
                    if (verdict.startsWith("error") || verdict.startsWith("no ARN"))
                        failures.push(`${r.type} ${op}: ${action}: ${verdict}`);
                }
        }
        assert.ok(checked.size > 200, `${checked.size} requests`);
        assert.deepStrictEqual(failures, []);
    });

    it("every key of the plan: its policy, at creation already, lets the deploy role manage it; IAM alone does not", async function () {
        // CreateKey's lockout safety check: the policy must let the caller PutKeyPolicy afterwards
        // (AWS KMS API Reference, CreateKey, Policy); the deploy role may not bypass it.
        const deployArn = `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-deploy-dev`;
        const failures: string[] = [];
        for (const [arn, k] of keys)
            for (const phase of ["created", "final"] as const) {
                const names = (k[phase] as { Statement: { Principal?: { AWS?: unknown } }[] }).Statement.some(
                    (s) => s.Principal?.AWS === deployArn,
                );
                if (!names) failures.push(`${k.name} ${phase}: no statement names ${deployArn}`);
                for (const action of ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey"]) {
                    const v = await decide(deploy, action, arn, { [`aws:ResourceTag/${STACK_TAG}`]: domain }, k[phase]);
                    // DisableKey is withheld (KEY_ACTIONS_WITHHELD_FROM_DEPLOY): the program never disables a key.
                    const expected = action === "kms:DisableKey" ? "ImplicitlyDenied" : "Allowed";
                    if (v !== expected) failures.push(`${k.name} ${phase}: ${action}: ${v}`);
                    // The same key with the default policy (delegation to IAM): the IAM policy grants nothing.
                    const iamOnly = await decide(deploy, action, arn, { [`aws:ResourceTag/${STACK_TAG}`]: domain });
                    if (iamOnly !== "ImplicitlyDenied") failures.push(`${k.name}: ${action} by IAM alone: ${iamOnly}`);
                }
            }
        assert.deepStrictEqual(failures, []);
        // No Allow of the deploy role's IAM policy names key/* but the tagging CreateKey implies.
        const onKeys = deployStatements(ctx, DEV_ENV).filter(
            (s) => s.Effect === "Allow" && [s.Resource ?? []].flat().some((x) => /:key\/\*$/.test(x)),
        );
        assert.deepStrictEqual(
            onKeys.map((s) => [s.Sid, s.Action, s.Condition]),
            [
                [
                    "DeployKmsTagNewKeysWithStackTag",
                    ["kms:TagResource"],
                    {
                        Null: { [`aws:ResourceTag/${STACK_TAG}`]: "true" },
                        StringEquals: { [`aws:RequestTag/${STACK_TAG}`]: domain },
                    },
                ],
            ],
        );
    });

    it("alias operations: the alias by name (IAM) and each key affected (its key policy); never a key the stack does not own", async function () {
        // AWS KMS Developer Guide, "Controlling access to aliases": CreateAlias, UpdateAlias and
        // DeleteAlias need the permission on the alias and on every key affected.
        const aliases = resources(plan).filter((r) => r.type === "aws:kms/alias:Alias");
        assert.ok(aliases.length >= 3, `${aliases.length} aliases`);
        const foreign = a("kms", "key/99999999-8888-7777-6666-555555555555");
        const stackTag = { [`aws:ResourceTag/${STACK_TAG}`]: domain };
        for (const alias of aliases) {
            const key = [...keys].find(([arn]) => arn.endsWith(`/${alias.inputs.targetKeyId}`));
            assert.ok(key, `${nameOf(alias.urn)}: its key is a key of the plan`);
            for (const action of ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"]) {
                assert.strictEqual(await decide(deploy, action, String(alias.outputs?.arn)), "Allowed", action);
                assert.strictEqual(await decide(deploy, action, key[0], stackTag, key[1].final), "Allowed", action);
                // Re-pointing the stack's alias to another key of the account, even one given the stack's tag.
                assert.strictEqual(await decide(deploy, action, foreign, stackTag), "ImplicitlyDenied", action);
            }
        }
        // Another team's alias, pointed at the stack's key: the alias side is refused.
        assert.strictEqual(
            await decide(deploy, "kms:UpdateAlias", a("kms", "alias/finance/payments")),
            "ImplicitlyDenied",
        );
    });

    it("a resource created with its tags: the tagging the create implies is allowed with the request's tags alone (no resource tag yet)", async function () {
        // CreateRole/CreatePolicy with Tags are also authorized as iam:TagRole/iam:TagPolicy, CreateKey
        // with Tags as kms:TagResource, on a resource that does not exist yet (IAM User Guide,
        // "Permissions required to tag IAM resources"; AWS KMS Developer Guide, "Tagging keys").
        const failures: string[] = [];
        const tried: string[] = [];
        for (const r of resources(plan).filter((x) => x.custom)) {
            const target = targetArn(r, domain);
            const f = target ? facts.get(target) : undefined;
            if (!target || !f) continue;
            const service = target.split(":")[2];
            for (const action of actionsFor(r.type, "create") ?? []) {
                if (!isTagging(action) || action.split(":")[0] !== service || !DATA.actions[action].requestTag)
                    continue;
                const context = {
                    ...Object.fromEntries(Object.entries(f.tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
                    "aws:TagKeys": Object.keys(f.tags),
                };
                tried.push(`${action} ${r.type}`);
                const verdict = await decide(deploy, action, target, context);
                if (verdict !== "Allowed") failures.push(`${r.type}: ${action} on ${target}: ${verdict}`);
            }
        }
        for (const needed of ["iam:TagPolicy aws:iam/policy:Policy", "kms:TagResource aws:kms/key:Key"])
            assert.ok(tried.includes(needed), `${needed} not tried: ${tried.join(", ")}`);
        assert.deepStrictEqual(failures, []);
    });

    it("iam:PassRole: each of the stack's two roles (the bootstrap's), to the service its trust policy names, and nowhere else", async function () {
        // The dev stack creates no role: it uses the bootstrap's (bootstrapRoles: true), whose ARNs the
        // Firehose delivery stream and the integration workflow take.
        assert.deepStrictEqual(
            resources(plan).filter((r) => r.type === "aws:iam/role:Role"),
            [],
        );
        const passed = resources(plan)
            .flatMap((r) => [
                (r.inputs.extendedS3Configuration as Record<string, unknown> | undefined)?.roleArn,
                r.type === "pulumi-nodejs:dynamic/customer-profiles:IntegrationWorkflow" ? r.inputs.roleArn : undefined,
            ])
            .filter((x) => x !== undefined)
            .sort();
        assert.deepStrictEqual(passed, STACK_ROLES.map((r) => r.arn).sort());
        for (const role of STACK_ROLES) {
            const service = role.trust.Statement[0].Principal!.Service as string;
            assert.strictEqual(service, role.service);
            const tag = { [`aws:ResourceTag/${STACK_TAG}`]: domain };
            assert.strictEqual(
                await decide(deploy, "iam:PassRole", role.arn, { ...tag, "iam:PassedToService": service }),
                "Allowed",
            );
            // Another stack's role is never passed.
            assert.strictEqual(
                await decide(deploy, "iam:PassRole", role.arn.replace("/dev-", "/prod-"), {
                    [`aws:ResourceTag/${STACK_TAG}`]: "amazon-connect-examplecorp-prod",
                    "iam:PassedToService": service,
                }),
                "ImplicitlyDenied",
            );
            for (const other of [
                "ec2.amazonaws.com",
                "lambda.amazonaws.com",
                "profile.amazonaws.com",
                "firehose.amazonaws.com",
            ])
                if (other !== service)
                    assert.strictEqual(
                        await decide(deploy, "iam:PassRole", role.arn, { ...tag, "iam:PassedToService": other }),
                        "ImplicitlyDenied",
                        `${role.arn} to ${other}`,
                    );
        }
        assert.strictEqual(
            await decide(deploy, "iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/Admin`, {
                "iam:PassedToService": "profile.amazonaws.com",
            }),
            "ImplicitlyDenied",
        );
    });

    it("without the bootstrap's roles (bootstrapRoles: false) every role the program creates carries the stack's permissions boundary", async function () {
        const own = await planFor({ ...devConfig(), "connect-customer-profiles:bootstrapRoles": false });
        const roles = resources(own).filter((r) => r.type === "aws:iam/role:Role");
        assert.strictEqual(roles.length, 2);
        for (const role of roles) assert.strictEqual(role.inputs.permissionsBoundary, BOUNDARY, role.urn);
    });

    it("the deploy role is denied what lies outside the stack", async function () {
        const outside: [string, string][] = [
            ["kms:ScheduleKeyDeletion", a("kms", "key/11111111-2222-3333-4444-555555555555", OTHER)],
            ["kms:PutKeyPolicy", a("kms", "key/11111111-2222-3333-4444-555555555555", OTHER)],
            ["kms:CreateGrant", a("kms", "key/11111111-2222-3333-4444-555555555555", OTHER)],
            ["iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/intruder`],
            ["iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/intruder`],
            ["iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-deploy-dev`],
            ["iam:CreatePolicyVersion", `arn:aws:iam::${ACCOUNT}:policy/AdminPolicy`],
            ["s3:DeleteBucket", "arn:aws:s3:::examplecorp-loyalty-exports-dev"],
            ["s3:PutBucketPolicy", "arn:aws:s3:::examplecorp-loyalty-exports-dev"],
            ["kinesis:DeleteStream", a("kinesis", "stream/connect-prod-support-ctr")],
            ["profile:DeleteDomain", a("profile", "domains/amazon-connect-examplecorp-prod")],
            ["sqs:DeleteQueue", a("sqs", "payments-queue")],
            ["sns:DeleteTopic", a("sns", "alarms-topic-1234567", OTHER)],
        ];
        for (const [action, arn] of outside)
            assert.strictEqual(await decide(deploy, action, arn), "ImplicitlyDenied", `${action} on ${arn}`);
        // Role lifecycle is denied outright (guardrails.ts, DenyRoleLifecycle).
        for (const action of ["iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole"])
            assert.strictEqual(
                await decide(deploy, action, `arn:aws:iam::${ACCOUNT}:role/Admin`),
                "ExplicitlyDenied",
                action,
            );
    });

    it("the preview role reads every resource of the stack and writes nothing", async function () {
        const preview = {
            Version: "2012-10-17",
            Statement: previewStatements(ctx, [{ name: "dev", stack: "dev", domainName: domain }]),
        };
        assert.strictEqual(
            await decide(preview, "kinesis:DescribeStreamSummary", a("kinesis", "stream/connect-dev-support-ctr")),
            "Allowed",
        );
        assert.strictEqual(await decide(preview, "profile:GetDomain", a("profile", `domains/${domain}`)), "Allowed");
        assert.ok(previewActions().granted.includes("kms:GetKeyPolicy"));
        for (const [action, arn] of [
            ["kinesis:DeleteStream", a("kinesis", "stream/connect-dev-support-ctr")],
            ["profile:DeleteDomain", a("profile", `domains/${domain}`)],
            ["kms:PutKeyPolicy", a("kms", "key/11111111-2222-3333-4444-555555555555")],
            // Any key of the account with the default key policy: the preview role's key reads are in
            // the stack's key policies, none in IAM (issue 20, "tag, then use").
            ["kms:GetKeyPolicy", a("kms", "key/11111111-2222-3333-4444-555555555555")],
            ["kms:DescribeKey", a("kms", "key/11111111-2222-3333-4444-555555555555")],
            ["s3:PutBucketPolicy", "arn:aws:s3:::sales-streaming-ctr-bucket-1234567"],
            [
                "secretsmanager:GetSecretValue",
                a(
                    "secretsmanager",
                    `secret:appflow/${domain}-salesforce-case-tasks-connection/client-credentials-AbCdEf`,
                ),
            ],
        ])
            assert.strictEqual(await decide(preview, action, arn), "ImplicitlyDenied", `${action} on ${arn}`);
        // Every key of the plan: what a refresh reads, by the key's policy, which names the preview role.
        const session = `arn:aws:sts::${ACCOUNT}:assumed-role/connect-profiles-ci-preview/pr`;
        const reads = previewActions().granted.filter((x) => x.startsWith("kms:") && !DATA.actions[x].wildcardOnly);
        assert.deepStrictEqual(reads, [
            "kms:DescribeKey",
            "kms:GetKeyPolicy",
            "kms:GetKeyRotationStatus",
            "kms:ListGrants",
            "kms:ListResourceTags",
        ]);
        for (const [arn, k] of keys)
            for (const action of reads) {
                const context: Record<string, string> =
                    action === "kms:ListGrants" ? { "kms:GrantIsForAWSResource": "true" } : {};
                assert.strictEqual(
                    await decide(preview, action, arn, context, k.final, session),
                    "Allowed",
                    `${action} on ${k.name}`,
                );
                assert.strictEqual(
                    await decide(preview, action, arn, context, undefined, session),
                    "ImplicitlyDenied",
                    `${action} on ${k.name} by IAM alone`,
                );
            }
        assert.strictEqual(
            await decide(preview, "kms:PutKeyPolicy", [...keys.keys()][0], {}, [...keys.values()][0].final, session),
            "ImplicitlyDenied",
        );
    });
});
