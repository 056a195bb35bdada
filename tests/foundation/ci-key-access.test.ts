// The bootstrap's CI roles in the stack's key policies (issue 20, "tag, then use"): with
// `bootstrapRoles: true` every customer managed key names the stack's deploy and operator roles (the
// domain key also the re-ingestion role), from CreateKey on, with the actions the bootstrap's data
// gives them; without it, no key names them. The exact documents, the key whose policy a separate
// kms.KeyPolicy installs (no diff on the next run after a refresh), and the components' argument errors.
import { strict as assert } from "assert";
import * as path from "path";
import { Plan } from "../../tools/lib/plan-format";
import { runOfflinePlan } from "../../tools/lib/offline";
import { simulate } from "../support/simulator";
import { checkPlan, PolicyReport } from "../../tools/lib/analyzer";
import { editDocument, EditedDocument } from "../policies/helpers";
import { loadCreateOnlyCatalog } from "../../tools/lib/create-only";
import { diffPlans } from "../../tools/lib/diff";
import {
    ACCOUNT,
    devConfig,
    planFor,
    planKeyPolicies,
    policyOf,
    REGION,
    resource,
    resources,
    deployRolePolicies,
} from "../support/plan";
import {
    AccountContext,
    ciKeyStatements,
    ciRoleArns,
    PolicyDocument,
    validateAlarmTopicArgs,
    validateAuditTrailArgs,
    validateDomainKeyArgs,
    validateInstanceStreamingArgs,
    validateProfileExportArgs,
} from "../../components";
import { deployActions, KEY_ACTIONS_WITHHELD_FROM_DEPLOY, keyActionClasses } from "../../bootstrap/lib/permissions";

const P = "connect-customer-profiles";
const ctx: AccountContext = { partition: "aws", accountId: ACCOUNT, region: REGION };
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const DEPLOY = role("connect-profiles-ci-deploy-dev");
const OPERATOR = role("connect-profiles-ci-operator-dev");
const REINGEST = role("connect-profiles-ci-reingest-dev");
const PREVIEW = role("connect-profiles-ci-preview");

/** What the deploy role does on each key (bootstrap/permissions: the program's types' KMS actions). */
const MANAGE = [
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
];
/** The statements every key of a stack deployed by the bootstrap's roles carries. */
const EVERY_KEY = [
    { Sid: "CiDeployRoleManagesKey", Effect: "Allow", Principal: { AWS: DEPLOY }, Action: MANAGE, Resource: "*" },
    {
        Sid: "CiDeployRoleGrantsForAwsServices",
        Effect: "Allow",
        Principal: { AWS: DEPLOY },
        Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
        Resource: "*",
        Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
    {
        Sid: "CiOperatorRoleReadsKey",
        Effect: "Allow",
        Principal: { AWS: OPERATOR },
        Action: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus"],
        Resource: "*",
    },
    {
        Sid: "CiPreviewRoleReadsKey",
        Effect: "Allow",
        Principal: { AWS: PREVIEW },
        Action: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
        Resource: "*",
    },
    {
        Sid: "CiPreviewRoleListsGrantsForAwsServices",
        Effect: "Allow",
        Principal: { AWS: PREVIEW },
        Action: ["kms:ListGrants"],
        Resource: "*",
        Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
];
/** The domain key's further statements: data keys through Customer Profiles, the dead letters through SQS. */
const DOMAIN_KEY_ONLY = [
    {
        Sid: "CiDeployRoleDataKeysThroughCustomerProfiles",
        Effect: "Allow",
        Principal: { AWS: DEPLOY },
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "*",
        Condition: {
            StringEquals: { "kms:ViaService": `profile.${REGION}.amazonaws.com`, "kms:CallerAccount": ACCOUNT },
        },
    },
    {
        Sid: "CiOperatorRoleDecryptsDeadLettersThroughSqs",
        Effect: "Allow",
        Principal: { AWS: OPERATOR },
        Action: ["kms:Decrypt"],
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": `sqs.${REGION}.amazonaws.com`, "kms:CallerAccount": ACCOUNT } },
    },
    {
        Sid: "CiReingestRoleDecryptsDeadLettersThroughSqs",
        Effect: "Allow",
        Principal: { AWS: REINGEST },
        Action: ["kms:Decrypt"],
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": `sqs.${REGION}.amazonaws.com`, "kms:CallerAccount": ACCOUNT } },
    },
    {
        Sid: "CiReingestRoleWritesThroughCustomerProfiles",
        Effect: "Allow",
        Principal: { AWS: REINGEST },
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "*",
        Condition: {
            StringEquals: { "kms:ViaService": `profile.${REGION}.amazonaws.com`, "kms:CallerAccount": ACCOUNT },
        },
    },
];
const ROOT = {
    Sid: "AccountRootAdministersKey",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: "kms:*",
    Resource: "*",
};
const ci = (doc: unknown) =>
    (doc as PolicyDocument).Statement.filter((s) => typeof s.Sid === "string" && s.Sid.startsWith("Ci"));
const notCi = (doc: unknown) =>
    (doc as PolicyDocument).Statement.filter((s) => !(typeof s.Sid === "string" && s.Sid.startsWith("Ci")));

describe("the bootstrap's CI roles in the stack's key policies", function () {
    this.timeout(120000);
    let dev: Plan;
    let own: Plan;
    before(async function () {
        dev = await planFor(devConfig());
        own = await planFor({ ...devConfig(), [`${P}:bootstrapRoles`]: false });
    });

    it("the statements, exactly: every key, and the domain key with its dead-letter queue", function () {
        assert.deepEqual(ciKeyStatements(ctx, ciRoleArns(ctx, "dev")), EVERY_KEY);
        assert.deepEqual(ciKeyStatements(ctx, ciRoleArns(ctx, "dev"), { domainKey: true, deadLetterQueue: true }), [
            ...EVERY_KEY,
            ...DOMAIN_KEY_ONLY,
        ]);
        assert.deepEqual(ciKeyStatements(ctx, ciRoleArns(ctx, "dev"), { domainKey: true }), [
            ...EVERY_KEY,
            DOMAIN_KEY_ONLY[0],
        ]);
    });

    it("one source: the key policies grant the deploy role exactly its KMS actions that take a key", function () {
        const kms = deployActions().filter((a) => a.startsWith("kms:") && !(a in KEY_ACTIONS_WITHHELD_FROM_DEPLOY));
        const c = keyActionClasses();
        assert.deepEqual(
            [...c.onKey, ...c.grants, ...c.dataKeys].sort(),
            kms.filter((a) => !c.noResource.includes(a)),
        );
        // And what that is, written out: a change of the program's KMS actions shows here.
        assert.deepEqual(c.onKey, MANAGE);
        assert.deepEqual(c.grants, ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]);
        assert.deepEqual(c.dataKeys, ["kms:Decrypt", "kms:GenerateDataKey"]);
        assert.deepEqual(c.noResource, ["kms:CreateKey", "kms:ListAliases", "kms:ListKeys"]);
        // RetireGrant is withheld (bootstrap/lib/permissions.ts KEY_ACTIONS_WITHHELD_FROM_DEPLOY): a key
        // policy can bind it to no service.
        assert.ok(deployActions().includes("kms:RetireGrant"));
        assert.ok(![...c.onKey, ...c.grants].includes("kms:RetireGrant"));
    });

    it("the dev plan: every key ends with its own statements and the CI roles'; the domain key with its dead letters'", function () {
        const keys = planKeyPolicies(dev);
        assert.deepEqual([...keys.values()].map((k) => k.name).sort(), [
            "alarms-key",
            "audit-trail-key",
            "profile-export-key",
            "profiles-key",
            "sales-streaming-key",
            "support-streaming-key",
        ]);
        const ownKeys = [...planKeyPolicies(own).values()];
        for (const k of keys.values()) {
            assert.deepEqual(
                ci(k.final),
                k.name === "profiles-key" ? [...EVERY_KEY, ...DOMAIN_KEY_ONLY] : EVERY_KEY,
                k.name,
            );
            // The CI statements come after the key's own, which they leave as they were.
            const same = ownKeys.find((x) => x.name === k.name)!;
            assert.deepEqual(notCi(k.final), (same.final as PolicyDocument).Statement, k.name);
            assert.deepEqual(ci(same.final), [], `${k.name} without bootstrapRoles`);
        }
    });

    it("a key whose policy a kms.KeyPolicy installs is created naming the deploy role, and its own policy is then ignored", function () {
        for (const name of ["support-streaming-key", "sales-streaming-key"]) {
            const key = resource(dev, "aws:kms/key:Key", name);
            // CreateKey's lockout safety check: the caller (the deploy role) may PutKeyPolicy afterwards.
            assert.deepEqual(policyOf(key), { Version: "2012-10-17", Statement: [ROOT, ...EVERY_KEY] });
            assert.deepEqual(key.ignoreChanges, ["policy"]);
            const installed = resource(dev, "aws:kms/keyPolicy:KeyPolicy", `${name}-policy`);
            assert.equal(installed.inputs.keyId, key.outputs!.keyId);
            assert.deepEqual(ci(policyOf(installed)), EVERY_KEY);
            // Without the bootstrap's roles the key starts with AWS's default policy, as before.
            const plain = resource(own, "aws:kms/key:Key", name);
            assert.equal(plain.inputs.policy, undefined);
        }
    });

    it("an instance key's kms.KeyPolicy is never deleted through the provider: its Delete writes the root-only default policy, which the deploy role may not put (simulated)", async function () {
        const bootstrap = await runOfflinePlan({
            projectDir: path.resolve(__dirname, "..", "..", "bootstrap"),
            stack: "dev",
        });
        const deploy = deployRolePolicies(bootstrap.plan);
        const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
        const put = (policy: unknown) =>
            simulate(
                {
                    request: {
                        principal: `arn:aws:sts::${ACCOUNT}:assumed-role/connect-profiles-ci-deploy-dev/gha`,
                        action: "kms:PutKeyPolicy",
                        resource: { resource: keyArn, accountId: ACCOUNT },
                        contextVariables: {
                            "aws:ResourceTag/customer-profiles:domain": "amazon-connect-examplecorp-dev",
                        },
                    },
                    identityPolicies: deploy,
                    serviceControlPolicies: [],
                    resourceControlPolicies: [],
                    resourcePolicy: policy,
                },
                {},
            );
        for (const name of ["support-streaming-key", "sales-streaming-key"]) {
            const key = resource(dev, "aws:kms/key:Key", name);
            const installed = resource(dev, "aws:kms/keyPolicy:KeyPolicy", `${name}-policy`);
            // PutKeyPolicy's lockout check judges the policy being put: the installed one names the
            // deploy role; the default one the provider writes on Delete names the root alone.
            assert.equal(await put(policyOf(installed)), "Allowed", name);
            assert.equal(
                await put({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                            Action: "kms:*",
                            Resource: "*",
                        },
                    ],
                }),
                "ImplicitlyDenied",
                name,
            );
            // So the engine never calls that Delete: not when the key is deleted (deletedWith), replaced
            // or the policy renamed (retainOnDelete); a new key gets a new policy (replaceOnChanges).
            assert.equal(installed.deletedWith, key.urn, `${name}: deletedWith its key`);
            assert.equal(installed.retainOnDelete, true, `${name}: retainOnDelete`);
            assert.deepEqual(installed.replaceOnChanges, ["keyId"], `${name}: replaceOnChanges`);
        }
    });

    it("the pack judges the CI statements on the dev plan: 0 violations as planned; each loosening is caught", async function () {
        const violations = (r: PolicyReport) => r.violations.map((v) => v.policyName).sort();
        assert.deepEqual(violations(await checkPlan(dev)), []);
        const edits: [string, (d: EditedDocument) => void, string[]][] = [
            [
                "the deploy role's data keys without kms:ViaService",
                (d) =>
                    delete d.Statement.find((x) => x.Sid === "CiDeployRoleDataKeysThroughCustomerProfiles")!.Condition
                        .StringEquals["kms:ViaService"],
                ["kms-key-conditions"],
            ],
            [
                "the deploy role's grants without kms:GrantIsForAWSResource",
                (d) => delete d.Statement.find((x) => x.Sid === "CiDeployRoleGrantsForAwsServices")!.Condition,
                ["kms-least-privilege-grants"],
            ],
            [
                "the deploy role named in another account",
                (d) => {
                    d.Statement.find((x) => x.Sid === "CiDeployRoleManagesKey")!.Principal = {
                        AWS: "arn:aws:iam::999999999999:role/connect-profiles-ci-deploy-dev",
                    };
                },
                ["other-accounts"],
            ],
        ];
        for (const [name, f, expected] of edits) {
            const report = await checkPlan(editDocument(dev, "profiles-key", "policy", f));
            for (const rule of expected) assert.ok(violations(report).includes(rule), `${name}: ${violations(report)}`);
        }
    });

    it("no diff on the next run after a refresh reads the installed policy into the key; a diff without ignoreChanges", function () {
        const catalog = loadCreateOnlyCatalog();
        const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
        // A refresh records the key's live policy: the KeyPolicy's.
        const refreshed = clone(dev);
        for (const s of refreshed.steps) {
            const n = s.newState;
            if (n?.type !== "aws:kms/key:Key") continue;
            const installed = resources(dev).find(
                (r) => r.type === "aws:kms/keyPolicy:KeyPolicy" && r.inputs.keyId === n.outputs?.keyId,
            );
            if (installed) n.inputs.policy = installed.inputs.policy;
        }
        assert.deepEqual(diffPlans(refreshed, clone(dev), { catalog }).changes, []);
        // Without ignoreChanges the key would put its creation policy back, dropping Connect's role.
        const without = clone(dev);
        for (const s of without.steps) if (s.newState?.type === "aws:kms/key:Key") delete s.newState.ignoreChanges;
        assert.deepEqual(
            diffPlans(refreshed, without, { catalog })
                .changes.map((c) => `${c.kind} ${c.name}`)
                .sort(),
            ["update sales-streaming-key", "update support-streaming-key"],
        );
        // A stack deployed before this change (its instance keys created with the default policy):
        // the key itself is not updated, the KeyPolicy puts the CI statements in.
        const earlier = clone(dev);
        for (const s of earlier.steps) {
            const n = s.newState;
            if (n?.type === "aws:kms/key:Key" && n.ignoreChanges) delete n.inputs.policy;
            if (n?.type === "aws:kms/keyPolicy:KeyPolicy")
                n.inputs.policy = JSON.stringify({ ...policyOf(n), Statement: notCi(policyOf(n)) });
        }
        assert.deepEqual(
            diffPlans(earlier, clone(dev), { catalog })
                .changes.filter((c) => /streaming-key/.test(c.name))
                .map((c) => `${c.kind} ${c.name}`)
                .sort(),
            ["update sales-streaming-key-policy", "update support-streaming-key-policy"],
        );
    });

    it("the bootstrap's roleNamePrefix names the roles; the bootstrap plan creates exactly those roles", async function () {
        const acme = await planFor({ ...devConfig(), [`${P}:bootstrapRoleNamePrefix`]: "acme-ci" });
        const domainKey = planKeyPolicies(acme);
        const principals = [...domainKey.values()]
            .flatMap((k) => ci(k.final))
            .map((s) => (s.Principal as { AWS: string }).AWS);
        assert.deepEqual([...new Set(principals)].sort(), [
            role("acme-ci-deploy-dev"),
            role("acme-ci-operator-dev"),
            role("acme-ci-preview"),
            role("acme-ci-reingest-dev"),
        ]);
        const bootstrap = (
            await runOfflinePlan({ projectDir: path.resolve(__dirname, "..", "..", "bootstrap"), stack: "dev" })
        ).plan;
        const names = resources(bootstrap)
            .filter((r) => r.type === "aws:iam/role:Role")
            .map((r) => String(r.inputs.name));
        for (const arn of Object.values(ciRoleArns(ctx, "dev")))
            assert.ok(names.includes(arn.split("/").pop()!), `${arn} not among ${names.join(", ")}`);
        // No Allow of any CI role's policies names key/*, but the tagging CreateKey implies (issue 20).
        const onKeys = resources(bootstrap)
            .filter(
                (r) =>
                    r.type === "aws:iam/policy:Policy" &&
                    /-(deploy|operator|reingest)-dev-\d+$|-preview-\d+$/.test(String(r.inputs.name)),
            )
            .flatMap((r) => (JSON.parse(String(r.inputs.policy)) as PolicyDocument).Statement)
            .filter((st) => st.Effect === "Allow" && [st.Resource ?? []].flat().some((x) => /:key\/\*$/.test(x)))
            .map((st) => st.Sid);
        assert.deepEqual(onKeys, ["DeployKmsTagNewKeysWithStackTag"]);
    });

    it("the components name a bad bootstrapRoleNamePrefix, its value and the expected form", function () {
        const bad = "connect profiles";
        const message = `bootstrapRoleNamePrefix: "${bad}" is not valid; expected the bootstrap's roleNamePrefix: 1-32 letters, digits or +=,.@_-`;
        assert.deepEqual(validateDomainKeyArgs({ domainName: "d", context: ctx, bootstrapRoleNamePrefix: bad }), [
            message,
        ]);
        assert.deepEqual(validateAlarmTopicArgs({ context: ctx, bootstrapRoleNamePrefix: bad }), [message]);
        assert.deepEqual(
            validateAuditTrailArgs({ domainName: "d", context: ctx, bootstrapRoleNamePrefix: bad } as never),
            [message],
        );
        assert.deepEqual(
            validateProfileExportArgs({
                domainName: "d",
                eventStreamName: "x",
                context: ctx,
                bootstrapRoleNamePrefix: bad,
            } as never),
            [message],
        );
        assert.deepEqual(
            validateInstanceStreamingArgs({
                instanceName: "support",
                context: ctx,
                bootstrapRoleNamePrefix: bad,
            } as never).filter((p) => p.startsWith("bootstrapRoleNamePrefix")),
            [message],
        );
        assert.deepEqual(validateAlarmTopicArgs({ context: ctx, bootstrapRoleNamePrefix: "a".repeat(33) }), [
            `bootstrapRoleNamePrefix: "${"a".repeat(33)}" is not valid; expected the bootstrap's roleNamePrefix: 1-32 letters, digits or +=,.@_-`,
        ]);
        assert.deepEqual(validateAlarmTopicArgs({ context: ctx, bootstrapRoleNamePrefix: "acme-ci" }), []);
    });
});
