import { strict as assert } from "assert";
import { Plan } from "../../tools/lib/plan-format";
import {
    ACCOUNT,
    REGION,
    dependencyNames,
    minimalConfig,
    ofType,
    planFor,
    policyOf,
    resource,
    resources,
} from "../support/plan";
import { validateNativeInputs } from "../support/cfn-schema";
import { formsFor, resourceKindOf } from "../../policies/lib/documented-forms";
import {
    ArgsError,
    CustomerProfilesDomain,
    DomainKey,
    validateConnectInstanceArgs,
    validateCustomerProfilesDomainArgs,
} from "../../components";
import { runOfflinePlan } from "../../tools/lib/offline";

const P = "connect-customer-profiles";
const DOMAIN_ARN = `arn:aws:profile:${REGION}:${ACCOUNT}:domains/amazon-connect-test`;
const CALLERS = [`arn:aws:iam::${ACCOUNT}:role/agent-desktop`, `arn:aws:iam::${ACCOUNT}:role/crm-sync`];

describe("Customer Profiles domain", () => {
    let plan: Plan;
    before(async () => {
        plan = await planFor(minimalConfig({ [`${P}:profileApiCallers`]: CALLERS, [`${P}:tags`]: { team: "cc" } }));
    });

    it("creates a symmetric CMK with rotation, a 30-day deletion window, an alias, and protection", () => {
        const key = resource(plan, "aws:kms/key:Key", "profiles-key");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.deletionWindowInDays, 30);
        assert.equal(key.inputs.customerMasterKeySpec, "SYMMETRIC_DEFAULT");
        assert.equal(key.inputs.keyUsage, "ENCRYPT_DECRYPT");
        assert.equal(key.protect, true);
        const alias = resource(plan, "aws:kms/alias:Alias", "profiles-key-alias");
        assert.equal(alias.inputs.name, "alias/customer-profiles/amazon-connect-test");
        assert.equal(alias.inputs.targetKeyId, key.outputs!.keyId);
    });

    it("gives the key exactly the documented policy", () => {
        const key = resource(plan, "aws:kms/key:Key", "profiles-key");
        assert.deepEqual(policyOf(key), {
            Version: "2012-10-17",
            Id: "customer-profiles-domain-amazon-connect-test",
            Statement: [
                {
                    Sid: "AccountRootAdministersKey",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: "kms:*",
                    Resource: "*",
                },
                {
                    Sid: "CustomerProfilesUsesKeyForThisDomain",
                    Effect: "Allow",
                    Principal: { Service: "profile.amazonaws.com" },
                    Action: ["kms:GenerateDataKey", "kms:CreateGrant", "kms:Decrypt"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": DOMAIN_ARN } },
                },
                {
                    // Amazon Connect Administrator Guide, "Cross-service confused deputy prevention",
                    // example "to create Customer Profiles object types" (…/objects/OBJECT_TYPE); the
                    // Service Authorization Reference's spelling …/object-types/NAME. The CTR object type
                    // is the one this stack creates in the domain.
                    Sid: "CustomerProfilesUsesKeyForObjectTypes",
                    Effect: "Allow",
                    Principal: { Service: "profile.amazonaws.com" },
                    Action: ["kms:GenerateDataKey", "kms:CreateGrant", "kms:Decrypt"],
                    Resource: "*",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnEquals: { "aws:SourceArn": [`${DOMAIN_ARN}/objects/CTR`, `${DOMAIN_ARN}/object-types/CTR`] },
                    },
                },
                {
                    Sid: "ProfileApiCallersUseKeyThroughCustomerProfiles",
                    Effect: "Allow",
                    Principal: { AWS: CALLERS },
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: "*",
                    Condition: {
                        StringEquals: {
                            "kms:ViaService": `profile.${REGION}.amazonaws.com`,
                            "kms:CallerAccount": ACCOUNT,
                        },
                    },
                },
            ],
        });
    });

    it("leaves the caller statement out when no caller is configured", async () => {
        const bare = await planFor(minimalConfig());
        const statements = policyOf(resource(bare, "aws:kms/key:Key", "profiles-key")).Statement.map(
            (s: { Sid: string }) => s.Sid,
        );
        assert.deepEqual(statements, [
            "AccountRootAdministersKey",
            "CustomerProfilesUsesKeyForThisDomain",
            "CustomerProfilesUsesKeyForObjectTypes",
        ]);
    });

    it("gives the dead-letter queue a CMK, 14-day retention and exactly the documented policy", () => {
        const key = resource(plan, "aws:kms/key:Key", "profiles-key");
        const queue = resource(plan, "aws:sqs/queue:Queue", "profiles-dlq");
        assert.equal(queue.inputs.kmsMasterKeyId, key.outputs!.arn);
        assert.equal(queue.inputs.messageRetentionSeconds, 1209600);
        assert.equal(queue.inputs.fifoQueue, undefined, "a standard queue");
        assert.equal(queue.protect, true);
        const policy = resource(plan, "aws:sqs/queuePolicy:QueuePolicy", "profiles-dlq-policy");
        assert.equal(policy.inputs.queueUrl, queue.outputs!.url);
        const queueArn = queue.outputs!.arn as string;
        assert.deepEqual(policyOf(policy), {
            Version: "2012-10-17",
            Id: "customer-profiles-dlq-amazon-connect-test",
            Statement: [
                {
                    Sid: "CustomerProfilesSendsErrorsForThisDomain",
                    Effect: "Allow",
                    Principal: { Service: "profile.amazonaws.com" },
                    Action: "sqs:SendMessage",
                    Resource: queueArn,
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": DOMAIN_ARN } },
                },
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sqs:*",
                    Resource: queueArn,
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
    });

    it("creates the domain with its key and queue, after the key and the queue policy", () => {
        const domain = resource(plan, "aws:customerprofiles/domain:Domain", "profiles-domain");
        const key = resource(plan, "aws:kms/key:Key", "profiles-key");
        const queue = resource(plan, "aws:sqs/queue:Queue", "profiles-dlq");
        assert.deepEqual(
            { ...domain.inputs, tags: undefined },
            {
                domainName: "amazon-connect-test",
                defaultExpirationDays: 366,
                defaultEncryptionKey: key.outputs!.arn,
                deadLetterQueueUrl: queue.outputs!.url,
                tags: undefined,
            },
        );
        assert.equal(domain.protect, true);
        assert.deepEqual(dependencyNames(domain), ["profiles-dlq", "profiles-dlq-policy", "profiles-key"]);
        const policy = resource(plan, "aws:sqs/queuePolicy:QueuePolicy", "profiles-dlq-policy");
        assert.ok(domain.dependencies!.includes(policy.urn), "the domain waits for the queue policy");
        assert.ok(domain.dependencies!.includes(key.urn), "the domain waits for the key and its policy");
    });

    it("maps contact records to the CTR object type from the CTR-NoInferred template", () => {
        const ctr = resource(plan, "aws-native:customerprofiles:ObjectType", "profiles-ctr");
        assert.equal(ctr.inputs.objectTypeName, "CTR");
        assert.equal(ctr.inputs.templateId, "CTR-NoInferred");
        assert.equal(ctr.inputs.domainName, "amazon-connect-test");
        assert.deepEqual(dependencyNames(ctr), ["profiles-domain", "profiles-key"]);
    });

    it("associates the instance with the domain: an integration whose URI is the instance ARN, after the CTR object type", () => {
        const assoc = resource(plan, "aws-native:customerprofiles:Integration", "main-profiles");
        assert.equal(
            assoc.inputs.uri,
            `arn:aws:connect:${REGION}:${ACCOUNT}:instance/11111111-2222-3333-4444-555555555555`,
        );
        assert.equal(assoc.inputs.objectTypeName, "CTR");
        assert.equal(assoc.inputs.domainName, "amazon-connect-test");
        assert.deepEqual(dependencyNames(assoc), ["profiles-ctr", "profiles-domain"]);
    });

    it("writes every statement that names a service principal in its documented form, bound as AWS documents", () => {
        // policies/lib/documented-forms.ts: each caller's binding as its page documents it — the source
        // resource (aws:SourceArn + aws:SourceAccount), the account only, sts:ExternalId = the account, or
        // no condition (SNS event sources on the alarm topic key: the topic policy binds the publisher).
        let checked = 0;
        for (const r of resources(plan)) {
            for (const key of ["policy", "assumeRolePolicy"]) {
                if (typeof r.inputs[key] !== "string") continue;
                for (const s of JSON.parse(r.inputs[key] as string).Statement) {
                    if (s.Effect !== "Allow" || !s.Principal?.Service) continue;
                    const actions: string[] = [s.Action].flat();
                    const kind =
                        key === "assumeRolePolicy"
                            ? "trust"
                            : r.type === "aws:kms/key:Key"
                              ? "key"
                              : resourceKindOf(actions);
                    const forms = kind ? formsFor(s.Principal.Service, kind, actions) : [];
                    assert.equal(forms.length, 1, `${r.urn} ${s.Sid}: one documented form`);
                    const cond = s.Condition?.StringEquals ?? {};
                    const label = `${r.urn} ${s.Sid} (${forms[0].id})`;
                    switch (forms[0].binding) {
                        case "source-arn":
                            assert.equal(cond["aws:SourceAccount"], ACCOUNT, label);
                            assert.ok(
                                cond["aws:SourceArn"] ??
                                    s.Condition?.ArnLike?.["aws:SourceArn"] ??
                                    s.Condition?.ArnEquals?.["aws:SourceArn"],
                                `${label} has aws:SourceArn`,
                            );
                            break;
                        case "source-account":
                            assert.deepEqual(s.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } }, label);
                            break;
                        case "external-id":
                            assert.deepEqual(s.Condition, { StringEquals: { "sts:ExternalId": ACCOUNT } }, label);
                            break;
                        case "none":
                            assert.equal(s.Condition, undefined, label);
                            assert.deepEqual(actions, forms[0].actions, label);
                            break;
                    }
                    checked++;
                }
            }
        }
        assert.ok(checked >= 2, `checked ${checked} service statements`);
    });

    it("passes the aws-native inputs through the CloudFormation schemas", () => {
        const native = resources(plan).filter((r) => r.type.startsWith("aws-native:"));
        assert.ok(native.length >= 2);
        for (const r of native) assert.deepEqual(validateNativeInputs(r.type, r.inputs), [], r.urn);
    });

    it("exports domain, key, queue, instance and the caller policy", () => {
        const key = resource(plan, "aws:kms/key:Key", "profiles-key");
        const queue = resource(plan, "aws:sqs/queue:Queue", "profiles-dlq");
        const outputs = resources(plan).find((r) => r.type === "pulumi:pulumi:Stack")!.outputs!;
        assert.equal(outputs.domainName, "amazon-connect-test");
        assert.equal(outputs.domainArn, DOMAIN_ARN);
        assert.equal(outputs.keyArn, key.outputs!.arn);
        assert.equal(outputs.deadLetterQueueUrl, queue.outputs!.url);
        assert.equal(outputs.deadLetterQueueArn, queue.outputs!.arn);
        assert.equal(
            outputs.instanceArn,
            `arn:aws:connect:${REGION}:${ACCOUNT}:instance/11111111-2222-3333-4444-555555555555`,
        );
        assert.deepEqual(outputs.callerPolicy, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "UseCustomerProfilesDomainKey",
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: key.outputs!.arn,
                    Condition: { StringEquals: { "kms:ViaService": `profile.${REGION}.amazonaws.com` } },
                },
            ],
        });
    });
});

describe("domain options", () => {
    it("without a dead-letter queue: no queue, no queue policy, no DLQ URL, and the domain waits for the key only", async () => {
        const plan = await planFor(minimalConfig({ [`${P}:deadLetterQueue`]: false }));
        assert.equal(ofType(plan, "aws:sqs/queue:Queue").filter((q) => q.urn.includes("DeadLetterQueue")).length, 0);
        assert.equal(
            ofType(plan, "aws:sqs/queuePolicy:QueuePolicy").filter((q) => q.urn.includes("DeadLetterQueue")).length,
            0,
        );
        const domain = resource(plan, "aws:customerprofiles/domain:Domain", "profiles-domain");
        assert.equal(domain.inputs.deadLetterQueueUrl, undefined);
        assert.deepEqual(dependencyNames(domain), ["profiles-key"]);
    });

    it("with protectResources false: nothing is protected", async () => {
        const plan = await planFor(minimalConfig({ [`${P}:protectResources`]: false }));
        assert.deepEqual(
            resources(plan)
                .filter((r) => r.protect)
                .map((r) => r.urn),
            [],
        );
    });

    it("protects exactly the stateful resources by default", async () => {
        const plan = await planFor(
            minimalConfig({ [`${P}:connectInstances`]: [{ name: "main", alias: "examplecorp-test" }] }),
        );
        const types = new Set(
            resources(plan)
                .filter((r) => r.protect)
                .map((r) => r.type),
        );
        for (const t of [
            "aws:kms/key:Key",
            "aws:sqs/queue:Queue",
            "aws:customerprofiles/domain:Domain",
            "aws:connect/instance:Instance",
        ])
            assert.ok(types.has(t), t);
        for (const t of [
            "aws:sqs/queuePolicy:QueuePolicy",
            "aws:kms/alias:Alias",
            "aws-native:customerprofiles:Integration",
        ])
            assert.ok(!types.has(t), t);
    });

    it("creates a new instance with the configured settings and associates its ARN", async () => {
        const plan = await planFor(
            minimalConfig({
                [`${P}:connectInstances`]: [{ name: "support", alias: "examplecorp-test", outboundCalls: false }],
            }),
        );
        const inst = resource(plan, "aws:connect/instance:Instance", "support-instance");
        assert.deepEqual(
            { ...inst.inputs, tags: undefined },
            {
                instanceAlias: "examplecorp-test",
                identityManagementType: "CONNECT_MANAGED",
                inboundCallsEnabled: true,
                outboundCallsEnabled: false,
                contactFlowLogsEnabled: true,
                tags: undefined,
            },
        );
        const assoc = resource(plan, "aws-native:customerprofiles:Integration", "support-profiles");
        assert.equal(assoc.inputs.uri, inst.outputs!.arn);
        assert.deepEqual(dependencyNames(assoc), ["profiles-ctr", "profiles-domain", "support-instance"]);
    });
});

describe("component argument validation", () => {
    const ctx = { partition: "aws", accountId: ACCOUNT, region: REGION };
    it("lists every bad domain argument", () => {
        assert.deepEqual(
            validateCustomerProfilesDomainArgs({
                domainName: "a b",
                defaultExpirationDays: 0,
                profileApiCallers: ["x"],
                context: ctx,
            }),
            [
                'domainName: "a b" is not valid; expected a domain name of 1–64 letters, digits, "_" or "-"',
                'profileApiCallers: "x" is not valid; expected an IAM role or user ARN, arn:aws:iam::ACCOUNT:role/NAME',
                "defaultExpirationDays: 0 is not valid; expected a whole number of days from 1 to 1096",
            ],
        );
    });

    it("rejects an instance with both arn and alias", () => {
        assert.deepEqual(
            validateConnectInstanceArgs({
                instance: { name: "x", arn: "a", alias: "b" } as never,
                domainName: "d",
                ctrObjectType: undefined as never,
            }),
            [
                "instance: has both arn and alias; expected one of them: arn for an existing instance, alias for a new one",
            ],
        );
    });

    it("throws ArgsError before registering anything", async () => {
        const run = runOfflinePlan({
            config: minimalConfig(),
            program: () => new DomainKey("k", { domainName: "bad name", context: ctx }),
        });
        await assert.rejects(run, (e: unknown) => {
            assert.ok(e instanceof ArgsError);
            assert.equal(
                (e as Error).message,
                'Invalid arguments for DomainKey "k" (1 problem):\n  - domainName: "bad name" is not valid; expected a domain name of 1–64 letters, digits, "_" or "-"',
            );
            return true;
        });
        // And a valid one, used as a library, registers its children under itself.
        const { plan } = await runOfflinePlan({
            config: minimalConfig(),
            program: () => {
                new CustomerProfilesDomain("lib", {
                    domainName: "Lib",
                    defaultExpirationDays: 30,
                    deadLetterQueue: false,
                    context: ctx,
                });
            },
        });
        assert.deepEqual(
            resources(plan)
                .filter((r) => r.custom)
                .map((r) => `${r.type} ${r.urn.split("::").pop()}`),
            [
                "aws:kms/key:Key lib-key",
                "aws:kms/alias:Alias lib-key-alias",
                "aws:customerprofiles/domain:Domain lib-domain",
                "aws-native:customerprofiles:ObjectType lib-ctr",
            ],
        );
    });
});
