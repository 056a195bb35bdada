// The mock cloud refuses what AWS refuses at create time (tools/lib/mock-cloud-rules.ts, each rule
// with its AWS source). One purpose-built bad stack per rule, each beside the good stack that the
// same rule accepts; a refusal fails the run like a failed `pulumi up`: exit code, resource, reason.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as kms from "@pulumi/aws/kms";
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as kinesis from "@pulumi/aws/kinesis";
import * as iam from "@pulumi/aws/iam";
import * as s3 from "@pulumi/aws/s3";
import * as connect from "@pulumi/aws/connect";
import * as classicProfiles from "@pulumi/aws/customerprofiles";
import * as profiles from "@pulumi/aws-native/customerprofiles";
import * as appflow from "@pulumi/aws-native/appflow";
import { FieldContentType } from "@aws-sdk/client-customer-profiles";
import { runOfflinePlan } from "../../tools/lib/offline";
import { CloudRefusalError, MockCloud } from "../../tools/lib/mock-cloud";
import { ENUMS, RULES, sdkEnum, sdkEnumsFromSource } from "../../tools/lib/mock-cloud-rules";
import { failureCode } from "../../tools/plan";
import { refusalOf } from "../support/plan";
import { AppFlowFlowActivation } from "../../components/common/providers/appflow-flow-activation";

const REGION = "eu-west-2";
const ACCOUNT = "123456789012";
const CONFIG = { "aws:region": REGION, "aws-native:region": REGION };
const EXISTING_INSTANCE = `arn:aws:connect:${REGION}:${ACCOUNT}:instance/11111111-2222-3333-4444-555555555555`;

const domain = (name = "Dom") => new classicProfiles.Domain("domain", { domainName: name, defaultExpirationDays: 366 });

describe("mock cloud: refuses what AWS refuses", () => {
    it("every rule names its AWS source", () => {
        for (const r of RULES) assert.match(r.source, /AWS|Amazon/, r.id);
        assert.ok(RULES.length >= 10);
    });

    describe("the domain a Customer Profiles request names exists", () => {
        it("refuses object types and event streams that name the domain by a plain string (no dependency)", async () => {
            const refused = await refusalOf(() => {
                domain();
                new profiles.ObjectType("ot", { domainName: "Dom", objectTypeName: "Loyalty", description: "x" });
                new profiles.EventStream("es", {
                    domainName: "Dom",
                    eventStreamName: "export",
                    uri: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/s`,
                });
            });
            // (Request order between unrelated resources is the runtime's: compared sorted.)
            assert.deepEqual(refused.sort(), [
                "aws-native:customerprofiles:EventStream es: CreateEventStream names the domain Dom (domain), which does not exist yet: this request does not wait for it (no dependency on it through an output or dependsOn), so the engine may send it first",
                "aws-native:customerprofiles:ObjectType ot: PutProfileObjectType names the domain Dom (domain), which does not exist yet: this request does not wait for it (no dependency on it through an output or dependsOn), so the engine may send it first",
            ]);
        });
        it("accepts them when they take the name from the domain's output, or wait for it with dependsOn", async () => {
            const refused = await refusalOf(() => {
                const d = domain();
                new profiles.ObjectType("ot", {
                    domainName: d.domainName,
                    objectTypeName: "Loyalty",
                    description: "x",
                });
                new profiles.Integration("int", { domainName: "Dom", uri: EXISTING_INSTANCE }, { dependsOn: [d] });
            });
            assert.deepEqual(refused, []);
        });
        it("in preview mode too (the name is known, the dependency is what counts)", async () => {
            await assert.rejects(
                runOfflinePlan({
                    config: CONFIG,
                    preview: true,
                    program: () => {
                        domain();
                        new profiles.Integration("int", { domainName: "Dom", uri: EXISTING_INSTANCE });
                    },
                }),
                /PutIntegration names the domain Dom \(domain\), which does not exist yet/,
            );
        });
        it("a domain this stack does not create is taken as existing (it cannot be known offline)", async () => {
            assert.deepEqual(
                await refusalOf(() => new profiles.ObjectType("ot", { domainName: "Elsewhere", description: "x" })),
                [],
            );
        });
    });

    it("the key of an alias exists: refused by value without a dependency, accepted from the key's output", async () => {
        const keyId = new MockCloud({ accountId: ACCOUNT, region: REGION, partition: "aws" }).newResource({
            type: "aws:kms/key:Key",
            name: "key",
            inputs: {},
            custom: true,
        }).id!;
        assert.deepEqual(
            await refusalOf(() => {
                new kms.Key("key", {});
                new kms.Alias("alias", { name: "alias/x", targetKeyId: keyId });
            }),
            [
                `aws:kms/alias:Alias alias: CreateAlias names the key ${keyId} (key), which does not exist yet: this request does not wait for it (no dependency on it through an output or dependsOn), so the engine may send it first`,
            ],
        );
        assert.deepEqual(
            await refusalOf(
                () => new kms.Alias("alias", { name: "alias/x", targetKeyId: new kms.Key("key", {}).keyId }),
            ),
            [],
        );
    });

    it("the stream of a Connect storage config exists: refused by ARN string, accepted from the stream's output", async () => {
        const streamArn = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/ctr`;
        const storage = (arn: pulumi.Input<string>) =>
            new connect.InstanceStorageConfig("storage", {
                instanceId: "11111111-2222-3333-4444-555555555555",
                resourceType: "CONTACT_TRACE_RECORDS",
                storageConfig: { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: arn } },
            });
        assert.deepEqual(
            await refusalOf(() => {
                new kinesis.Stream("stream", { name: "ctr", shardCount: 1 });
                storage(streamArn);
            }),
            [
                `aws:connect/instanceStorageConfig:InstanceStorageConfig storage: AssociateInstanceStorageConfig names the Kinesis data stream ${streamArn} (stream), which does not exist yet: this request does not wait for it (no dependency on it through an output or dependsOn), so the engine may send it first`,
            ],
        );
        assert.deepEqual(
            await refusalOf(() => storage(new kinesis.Stream("stream", { name: "ctr", shardCount: 1 }).arn)),
            [],
        );
    });

    const flowArgs = {
        flowName: "cases",
        kmsArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`,
        sourceFlowConfig: { connectorType: "Salesforce", sourceConnectorProperties: {} },
        destinationFlowConfigList: [],
        tasks: [],
        triggerConfig: { triggerType: "Event" },
    } as unknown as appflow.FlowArgs;

    it("a flow of a fixed name is replaced delete-first: refused without deleteBeforeReplace, accepted with it", async () => {
        // A new KMSArn (create-only) replaces the flow under the same FlowName; created first, it is
        // refused by CreateFlow (ConflictException: a flow with the given name already exists).
        assert.deepEqual(await refusalOf(() => new appflow.Flow("flow", flowArgs)), [
            "aws-native:appflow:Flow flow: CreateFlow: flowName cases is fixed and kmsArn create-only: a replacement would create a second resource of that name before deleting the first, which CreateFlow refuses (ConflictException); set deleteBeforeReplace",
        ]);
        assert.deepEqual(await refusalOf(() => new appflow.Flow("flow", flowArgs, { deleteBeforeReplace: true })), []);
    });

    it("the flow an activation starts exists: refused by name without a dependency, accepted with dependsOn", async () => {
        const flow = () => new appflow.Flow("flow", flowArgs, { deleteBeforeReplace: true });
        assert.deepEqual(
            await refusalOf(() => {
                flow();
                new AppFlowFlowActivation("activation", { flowName: "cases" });
            }),
            [
                "pulumi-nodejs:dynamic/appflow:FlowActivation activation: StartFlow names the flow cases (flow), which does not exist yet: this request does not wait for it (no dependency on it through an output or dependsOn), so the engine may send it first",
            ],
        );
        assert.deepEqual(
            await refusalOf(() => {
                const f = flow();
                new AppFlowFlowActivation("activation", { flowName: "cases" }, { dependsOn: [f] });
            }),
            [],
        );
    });

    it("the flow an integration creates: an activation naming it is refused without waiting for the integration", async () => {
        const integration = () =>
            new profiles.Integration("integration", {
                domainName: "d",
                objectTypeName: "T",
                flowDefinition: {
                    flowName: "members-d",
                    kmsArn: "arn:aws:kms:eu-west-2:123456789012:key/1",
                    sourceFlowConfig: {
                        connectorType: "S3",
                        sourceConnectorProperties: { s3: { bucketName: "b" } },
                    },
                    tasks: [],
                    triggerConfig: { triggerType: "OnDemand" },
                },
            } as unknown as profiles.IntegrationArgs);
        assert.deepEqual(
            await refusalOf(() => {
                integration();
                new AppFlowFlowActivation("activation", { flowName: "members-d" });
            }),
            [
                "pulumi-nodejs:dynamic/appflow:FlowActivation activation: StartFlow names the flow members-d that integration integration creates (PutIntegration), which does not exist yet: this request does not wait for it (no dependency on it through an output or dependsOn), so the engine may send it first",
            ],
        );
        assert.deepEqual(
            await refusalOf(() => {
                const i = integration();
                new AppFlowFlowActivation("activation", { flowName: i.flowDefinition.apply((d) => d!.flowName) });
            }),
            [],
        );
    });

    it("one event stream per domain: the second is refused", async () => {
        const refused = await refusalOf(() => {
            const d = domain();
            for (const n of ["first", "second"])
                new profiles.EventStream(n, {
                    domainName: d.domainName,
                    eventStreamName: n,
                    uri: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${n}`,
                });
        });
        assert.deepEqual(refused, [
            "aws-native:customerprofiles:EventStream second: CreateEventStream: domain Dom already has an event stream (first); Customer Profiles allows one per domain",
        ]);
    });

    it("one domain per Connect instance: associating the same instance with a second domain is refused", async () => {
        const refused = await refusalOf(() => {
            const a = new classicProfiles.Domain("a", { domainName: "A", defaultExpirationDays: 366 });
            const b = new classicProfiles.Domain("b", { domainName: "B", defaultExpirationDays: 366 });
            new profiles.Integration("a-ctr", {
                domainName: a.domainName,
                uri: EXISTING_INSTANCE,
                objectTypeName: "CTR",
            });
            new profiles.Integration("b-ctr", {
                domainName: b.domainName,
                uri: EXISTING_INSTANCE,
                objectTypeName: "CTR",
            });
        });
        assert.deepEqual(refused, [
            `aws-native:customerprofiles:Integration b-ctr: PutIntegration: the Connect instance ${EXISTING_INSTANCE} is already associated with domain A (a-ctr); an instance can be associated with one domain only`,
        ]);
    });

    describe("key-policy principals exist", () => {
        const policy = (...principals: pulumi.Input<string>[]) =>
            pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "Root",
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "Use",
                        Effect: "Allow",
                        Principal: { AWS: principals },
                        Action: "kms:Decrypt",
                        Resource: "*",
                    },
                ],
            });
        const role = () =>
            new iam.Role("reader", {
                name: "reader",
                assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
            });
        const ghost = `arn:aws:iam::${ACCOUNT}:role/ghost`;
        const reader = `arn:aws:iam::${ACCOUNT}:role/reader`;

        it("refuses a principal neither created earlier nor declared in the configuration", async () => {
            assert.deepEqual(await refusalOf(() => new kms.Key("key", { policy: policy(ghost) })), [
                `aws:kms/key:Key key: CreateKey: statement Use names principal ${ghost}, which is neither created earlier by this stack nor declared in the stack configuration as existing; KMS refuses principals that do not exist`,
            ]);
        });
        it("refuses a role of this stack named by a plain ARN (the key policy does not wait for the role)", async () => {
            const refused = await refusalOf(() => {
                role();
                new kms.Key("key", { policy: policy(reader) });
            });
            assert.deepEqual(refused, [
                `aws:kms/key:Key key: CreateKey: statement Use names principal ${reader}, which does not exist yet: reader is created by this stack but this request does not wait for it`,
            ]);
        });
        it("accepts the role's output, a principal the configuration declares, the account root", async () => {
            assert.deepEqual(await refusalOf(() => new kms.Key("key", { policy: policy(role().arn) })), []);
            assert.deepEqual(
                await refusalOf(() => new kms.KeyPolicy("kp", { keyId: "k", policy: policy(ghost) }), {
                    ...CONFIG,
                    "connect-customer-profiles:profileApiCallers": [ghost],
                }),
                [],
            );
        });
    });

    it("enum values as the AWS SDK types define them: a field content type outside FieldContentType is refused", async () => {
        const refused = await refusalOf(
            () =>
                new profiles.ObjectType("ot", {
                    domainName: domain().domainName,
                    description: "x",
                    fields: [
                        {
                            name: "email",
                            objectTypeField: {
                                source: "_source.email",
                                target: "_profile.EmailAddress",
                                contentType: "EMAIL" as never,
                            },
                        },
                    ],
                }),
        );
        assert.deepEqual(refused, [
            `aws-native:customerprofiles:ObjectType ot: PutProfileObjectType: fields[].objectTypeField.contentType "EMAIL" is not a FieldContentType (@aws-sdk/client-customer-profiles); expected one of ${Object.values(FieldContentType).join(", ")}`,
        ]);
    });

    it("reads each enum from the SDK client's own enums source, with the values the loaded client exports", () => {
        for (const e of ENUMS) {
            const fromSource = sdkEnumsFromSource(e.sdk);
            assert.ok(fromSource, `${e.sdk}: dist-es/models/enums.js could not be read`);
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const exported = Object.values(require(e.sdk)[e.name] as Record<string, string>);
            assert.deepEqual(fromSource.get(e.name), exported, `${e.sdk} ${e.name}`);
            assert.deepEqual(sdkEnum(e.sdk, e.name), exported);
        }
    });

    it("a CloudFormation-backed integration keeps CloudFormation's spelling (ServiceNow), which the SDK enum lacks", async () => {
        assert.ok(!sdkEnum("@aws-sdk/client-customer-profiles", "SourceConnectorType").includes("ServiceNow"));
        const refused = await refusalOf(
            () =>
                new profiles.Integration("snow", {
                    domainName: domain().domainName,
                    flowDefinition: {
                        flowName: "snow",
                        kmsArn: "arn:aws:kms:eu-west-2:123456789012:key/k",
                        sourceFlowConfig: { connectorType: "ServiceNow", sourceConnectorProperties: {} },
                        tasks: [],
                        triggerConfig: { triggerType: "Scheduled" },
                    } as never,
                }),
        );
        assert.deepEqual(refused, []);
    });

    // AWS KMS API reference, CreateAlias, AliasName: begins with alias/, 1–256 characters, only
    // letters, digits, "/", "_" and "-", never alias/aws/.
    it("KMS alias names: a character KMS does not allow, or the reserved alias/aws/ prefix, is refused", async () => {
        const refused = await refusalOf(() => {
            const key = new kms.Key("key", {});
            new kms.Alias("dotted", { name: "alias/connect-streaming/prod.eu/support", targetKeyId: key.keyId });
            new kms.Alias("reserved", { name: "alias/aws/mine", targetKeyId: key.keyId });
            new kms.Alias("good", { name: "alias/connect-streaming/prod-eu/support", targetKeyId: key.keyId });
        });
        assert.deepEqual(refused.sort(), [
            'aws:kms/alias:Alias dotted: CreateAlias: alias name "alias/connect-streaming/prod.eu/support" is not valid: it contains "."; only letters, digits, "/", "_" and "-" are allowed',
            'aws:kms/alias:Alias reserved: CreateAlias: alias name "alias/aws/mine" is not valid: the prefix alias/aws/ is reserved for AWS managed keys',
        ]);
    });

    // AWS CloudTrail API reference, CreateTrail, Name (InvalidTrailNameException).
    it("CloudTrail trail names: adjacent separators, a separator at either end, an IP address, too short are refused", async () => {
        const names = ["my--trail", "my-_trail", "trail-", "_trail", "192.168.5.4", "ab", "my.trail_1-ok"];
        const refused = await refusalOf(() =>
            names.forEach((name, i) => new cloudtrail.Trail(`t${i}`, { name, s3BucketName: "bucket-elsewhere" })),
        );
        assert.deepEqual(refused.sort(), [
            'aws:cloudtrail/trail:Trail t0: CreateTrail: trail name "my--trail" is not valid (InvalidTrailNameException): it has adjacent periods, underscores or dashes ("--")',
            'aws:cloudtrail/trail:Trail t1: CreateTrail: trail name "my-_trail" is not valid (InvalidTrailNameException): it has adjacent periods, underscores or dashes ("-_")',
            'aws:cloudtrail/trail:Trail t2: CreateTrail: trail name "trail-" is not valid (InvalidTrailNameException): it must start and end with a letter or a digit',
            'aws:cloudtrail/trail:Trail t3: CreateTrail: trail name "_trail" is not valid (InvalidTrailNameException): it must start and end with a letter or a digit',
            'aws:cloudtrail/trail:Trail t4: CreateTrail: trail name "192.168.5.4" is not valid (InvalidTrailNameException): it must not be in IP address format',
            'aws:cloudtrail/trail:Trail t5: CreateTrail: trail name "ab" is not valid (InvalidTrailNameException): it has 2 characters; 3 to 128 are allowed',
        ]);
    });

    // IAM User Guide, "IAM and AWS STS quotas": managed policy 6,144 characters, a role's inline
    // policies 10,240 together, white space not counted; only tab, LF, CR and U+0020–U+00FF.
    describe("IAM policy size and characters", () => {
        /** A policy document of exactly `size` characters other than white space. */
        const docOf = (size: number, extra = "") => {
            const make = (pad: string) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::b/${pad}${extra}` }],
                });
            const base = make("").length;
            return make("x".repeat(size - base));
        };
        it("a managed policy of 6,145 characters is refused, one of 6,144 accepted", async () => {
            assert.equal(docOf(6144).length, 6144);
            const refused = await refusalOf(() => {
                new iam.Policy("at-limit", { policy: docOf(6144) });
                new iam.Policy("over", { policy: docOf(6145) });
            });
            assert.deepEqual(refused, [
                "aws:iam/policy:Policy over: CreatePolicy: the policy document has 6145 characters (white space not counted); a managed policy holds at most 6144 (LimitExceeded)",
            ]);
        });
        it("white space is not counted", async () => {
            const spaced = JSON.stringify(JSON.parse(docOf(6144)), null, 8);
            assert.ok(spaced.length > 6144);
            assert.deepEqual(await refusalOf(() => new iam.Policy("spaced", { policy: spaced })), []);
        });
        it("a role's inline policies are counted together: the one that crosses 10,240 is refused", async () => {
            const refused = await refusalOf(() => {
                const role = new iam.Role("role", { assumeRolePolicy: "{}" });
                new iam.RolePolicy("first", { role: role.id, policy: docOf(6000) });
                new iam.RolePolicy("second", { role: role.id, policy: docOf(4240) });
                const other = new iam.Role("other", { assumeRolePolicy: "{}" });
                new iam.RolePolicy("elsewhere", { role: other.id, policy: docOf(6000) });
            });
            assert.deepEqual(refused, []);
            const over = await refusalOf(() => {
                const role = new iam.Role("role", { assumeRolePolicy: "{}" });
                const first = new iam.RolePolicy("first", { role: role.id, policy: docOf(6000) });
                new iam.RolePolicy("second", { role: role.id, policy: docOf(4241) }, { dependsOn: [first] });
            });
            assert.deepEqual(over, [
                "aws:iam/rolePolicy:RolePolicy second: PutRolePolicy: the role's inline policies would have 10241 characters together (white space not counted); a role's inline policies hold at most 10240 (LimitExceeded)",
            ]);
        });
        it("a character outside U+0020–U+00FF (an en dash) is refused", async () => {
            assert.deepEqual(await refusalOf(() => new iam.Policy("dash", { policy: docOf(200, "\u2013") })), [
                'aws:iam/policy:Policy dash: CreatePolicy: the policy document contains "\u2013"; IAM accepts only tab, line feed, carriage return and U+0020–U+00FF (MalformedPolicyDocument)',
            ]);
        });
    });

    // The Pulumi AWS provider auto-names an IAM role LOGICAL-xxxxxxx within 64 characters and fails,
    // rather than truncating, when the logical name leaves no room (pulumi-aws: aws_iam_role name
    // AutoName 64; aws-iam-role.json RoleName "up to 64 characters").
    it("auto-naming: an IAM role or S3 bucket whose logical name leaves no room for the 7-character suffix is refused", async () => {
        const trust = JSON.stringify({ Version: "2012-10-17", Statement: [] });
        const long = "r".repeat(57); // 57 + "-" + 7 = 65
        const refused = await refusalOf(() => {
            new iam.Role(long, { assumeRolePolicy: trust });
            new iam.Role("r".repeat(56), { assumeRolePolicy: trust }); // 64: fits
            new iam.Role(`${long}-named`, { name: "short-name", assumeRolePolicy: trust });
            new iam.Role(`${long}-prefixed`, { namePrefix: "short-prefix-", assumeRolePolicy: trust });
            new s3.Bucket("b".repeat(56)); // 56 + "-" + 7 = 64 > 63
            new s3.Bucket("b".repeat(55)); // 63: fits
            new s3.Bucket(`${"b".repeat(56)}-named`, { bucket: "bucket-elsewhere-1234" });
            // An explicit name is not shortened either: CreateRole refuses one over 64 characters.
            new iam.Role("explicit-65", { name: "n".repeat(65), assumeRolePolicy: trust });
            new iam.Role("explicit-64", { name: "n".repeat(64), assumeRolePolicy: trust });
        });
        assert.deepEqual(refused, [
            `aws:iam/role:Role ${long}: could not make instance of 'aws:iam/role:Role': name '${long}-' plus 7 random chars is longer than maximum length 64`,
            `aws:iam/role:Role explicit-65: CreateRole: the role name '${"n".repeat(65)}' has 65 characters; IAM allows at most 64 (ValidationError)`,
            `aws:s3/bucket:Bucket ${"b".repeat(56)}: could not make instance of 'aws:s3/bucket:Bucket': name '${"b".repeat(56)}-' plus 7 random chars is longer than maximum length 63`,
        ]);
    });

    // Kinesis stream names are scoped to the account and Region (CreateStreamInput.StreamName);
    // Firehose delivery stream names too (CreateDeliveryStream, ResourceInUseException).
    it("stream names: a second Kinesis stream (or Firehose delivery stream) of the same name is refused", async () => {
        const refused = await refusalOf(() => {
            new kinesis.Stream("first", { name: "same", streamModeDetails: { streamMode: "ON_DEMAND" } });
            new kinesis.Stream("second", { name: "same", streamModeDetails: { streamMode: "ON_DEMAND" } });
            new kinesis.Stream("other", { name: "other", streamModeDetails: { streamMode: "ON_DEMAND" } });
            new kinesis.FirehoseDeliveryStream("delivery", { name: "same", destination: "extended_s3" } as never);
        });
        assert.equal(refused.length, 1, refused.join("\n"));
        assert.match(
            refused[0],
            /^aws:kinesis\/stream:Stream (first|second): CreateStream: a stream named same already exists in this account and Region \((first|second)\) \(ResourceInUseException\)$/,
        );
    });

    it("a refusal fails the run as `pulumi up` would: exit code 4, each resource and reason in the message", async () => {
        let error: unknown;
        try {
            await runOfflinePlan({
                config: CONFIG,
                program: () => {
                    domain();
                    new profiles.ObjectType("ot", { domainName: "Dom", description: "x" });
                },
            });
        } catch (e) {
            error = e;
        }
        assert.ok(error instanceof CloudRefusalError);
        assert.equal(failureCode(error), 4);
        assert.match(
            error.message,
            /^The mock cloud refused 1 request, as AWS would during `pulumi up`:\n {2}aws-native:customerprofiles:ObjectType ot: PutProfileObjectType names the domain Dom/,
        );
    });
});
