import { strict as assert } from "assert";
import { runOfflinePlan } from "../../tools/lib/offline";
import { Plan } from "../../tools/lib/plan-format";
import {
    instanceStreamKeyPolicy,
    profileExportKeyPolicy,
    firehoseDeliveryPolicy,
    firehoseDeliveryTrustPolicy,
    contactRecordBucketPolicy,
} from "../../components/streaming/policies";
import { streamNameFor, validateInstanceStreamingArgs } from "../../components/streaming/instance-streaming";
import { validateProfileExportArgs } from "../../components/streaming/profile-export";
import { validateNativeInputs } from "../support/cfn-schema";
import { devConfig, stepNamed, stepsOfType } from "./helpers";
import { devConfigWithoutBootstrap } from "../support/plan";

const ctx = { partition: "aws", accountId: "123456789012", region: "eu-west-2" };
const SALES_ID = "4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f";
const DOMAIN = "amazon-connect-examplecorp-dev";
const EXPORT_STREAM = `customer-profiles-${DOMAIN}-export`;

describe("streaming: policy documents", () => {
    it("instance stream key: root administers; only the service-linked role, only kms:GenerateDataKey, only through Kinesis/Firehose", () => {
        const role =
            "arn:aws:iam::123456789012:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_abc";
        assert.deepEqual(
            instanceStreamKeyPolicy(ctx, {
                instanceName: "support",
                serviceRoleArn: role,
                through: ["firehose", "kinesis"],
            }),
            {
                Version: "2012-10-17",
                Id: "connect-instance-streaming-support",
                Statement: [
                    {
                        Sid: "AccountRootAdministersKey",
                        Effect: "Allow",
                        Principal: { AWS: "arn:aws:iam::123456789012:root" },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "ConnectServiceLinkedRoleProducesEncryptedRecords",
                        Effect: "Allow",
                        Principal: { AWS: role },
                        Action: ["kms:GenerateDataKey"],
                        Resource: "*",
                        Condition: {
                            StringEquals: {
                                "kms:ViaService": [
                                    "kinesis.eu-west-2.amazonaws.com",
                                    "firehose.eu-west-2.amazonaws.com",
                                ],
                            },
                        },
                    },
                ],
            },
        );
        // Only the services the instance streams through: contact records to Firehose only → firehose only.
        assert.deepEqual(
            instanceStreamKeyPolicy(ctx, { instanceName: "sales", serviceRoleArn: role, through: ["firehose"] })
                .Statement[1].Condition,
            { StringEquals: { "kms:ViaService": ["firehose.eu-west-2.amazonaws.com"] } },
        );
        // Nothing streamed: no statement for the service-linked role at all.
        assert.equal(
            instanceStreamKeyPolicy(ctx, { instanceName: "idle", serviceRoleArn: role, through: [] }).Statement.length,
            1,
        );
    });

    it("export key and export stream: Customer Profiles bound to this account and this domain", () => {
        // Bound to the domain (confused deputy) and to the export stream: Kinesis passes the stream
        // ARN as encryption context aws:kinesis:arn in all its KMS calls (Kinesis Data Streams
        // developer guide, "Permissions to use user-generated KMS keys").
        const binding = {
            StringEquals: {
                "aws:SourceAccount": "123456789012",
                "aws:SourceArn": `arn:aws:profile:eu-west-2:123456789012:domains/${DOMAIN}`,
                "kms:EncryptionContext:aws:kinesis:arn": `arn:aws:kinesis:eu-west-2:123456789012:stream/customer-profiles-${DOMAIN}-export`,
            },
        };
        assert.deepEqual(profileExportKeyPolicy(ctx, { domainName: DOMAIN, streamName: EXPORT_STREAM }).Statement[1], {
            Sid: "CustomerProfilesEncryptsExportedEventsForThisDomain",
            Effect: "Allow",
            Principal: { Service: "profile.amazonaws.com" },
            Action: ["kms:GenerateDataKey"],
            Resource: "*",
            Condition: binding,
        });
        assert.equal(
            profileExportKeyPolicy(ctx, { domainName: DOMAIN, streamName: EXPORT_STREAM }).Statement.length,
            2,
        );
    });

    it("Firehose delivery role: trusted by Firehose as AWS documents (sts:ExternalId = the account); the bucket and the key through S3 only", () => {
        assert.deepEqual(firehoseDeliveryTrustPolicy(ctx, "connect-dev-sales-ctr").Statement, [
            {
                Sid: "FirehoseOfThisAccountDelivers",
                Effect: "Allow",
                Principal: { Service: "firehose.amazonaws.com" },
                Action: "sts:AssumeRole",
                // Amazon Data Firehose Developer Guide, "Grant Firehose access to an Amazon S3 destination".
                Condition: { StringEquals: { "sts:ExternalId": "123456789012" } },
            },
        ]);
        const doc = firehoseDeliveryPolicy(ctx, {
            bucketArn: "arn:aws:s3:::b",
            keyArn: "arn:aws:kms:eu-west-2:123456789012:key/k",
        });
        assert.deepEqual(doc.Statement[1].Condition, {
            StringEquals: { "kms:ViaService": "s3.eu-west-2.amazonaws.com" },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"] },
        });
        assert.ok(
            doc.Statement.every((s) =>
                (Array.isArray(s.Action) ? s.Action : [s.Action]).every((a) => !a.includes("*")),
            ),
        );
    });

    it("component argument validation lists every problem", () => {
        assert.deepEqual(
            validateInstanceStreamingArgs({
                instanceName: "Support",
                instanceId: "i",
                serviceRoleArn: "r",
                context: ctx,
                alarmTopicArn: "t",
            }),
            [
                'instanceName: "Support" is not valid; expected a lower-case name of 1–32 letters, digits or "-", starting with a letter',
                "contactRecords, agentEvents: neither is set; expected at least one of them",
            ],
        );
        assert.deepEqual(
            validateInstanceStreamingArgs({
                instanceName: "support",
                instanceId: "i",
                serviceRoleArn: "r",
                context: ctx,
                alarmTopicArn: "t",
                contactRecords: { target: "KINESIS_FIREHOSE" },
            }),
            ["contactRecords.destination: is not set; expected a destination when target is KINESIS_FIREHOSE"],
        );
        assert.deepEqual(
            validateProfileExportArgs({
                domainName: DOMAIN,
                domain: undefined as never,
                eventStreamName: "a b",
                context: ctx,
                alarmTopicArn: "t",
            }),
            ['eventStreamName: "a b" is not valid; expected an event stream name of 1–64 letters, digits, "_" or "-"'],
        );
    });
});

describe("streaming: the dev stack's plan", () => {
    let plan: Plan;
    let outputs: Record<string, any>;
    before(async () => {
        ({ plan, outputs } = await runOfflinePlan({ config: devConfigWithoutBootstrap() }));
    });
    const state = (type: string, name: string) => stepNamed(plan, type, name).newState;

    it("key policies admit each instance's service-linked role (created and existing instance)", () => {
        const supportRole = state("aws:connect/instance:Instance", "support-instance").outputs!.serviceRole as string;
        const salesRole = `arn:aws:iam::123456789012:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_`;
        for (const [instance, role] of [
            ["support", supportRole],
            ["sales", salesRole],
        ] as const) {
            const kp = state("aws:kms/keyPolicy:KeyPolicy", `${instance}-streaming-key-policy`);
            const key = state("aws:kms/key:Key", `${instance}-streaming-key`);
            assert.equal(kp.inputs.keyId, key.outputs!.keyId);
            const doc = JSON.parse(kp.inputs.policy as string);
            assert.ok(doc.Statement[1].Principal.AWS.startsWith(role), doc.Statement[1].Principal.AWS);
            assert.deepEqual(
                doc,
                instanceStreamKeyPolicy(ctx, {
                    instanceName: instance,
                    serviceRoleArn: doc.Statement[1].Principal.AWS,
                    // support streams contact records and agent events to Kinesis; sales sends contact records to Firehose
                    through: instance === "support" ? ["kinesis"] : ["firehose"],
                }),
            );
            // The key itself carries no policy: the KeyPolicy resource owns it (no double management).
            assert.equal(key.inputs.policy, undefined);
            assert.deepEqual(
                [
                    key.inputs.enableKeyRotation,
                    key.inputs.deletionWindowInDays,
                    key.inputs.customerMasterKeySpec,
                    key.protect,
                ],
                [true, 30, "SYMMETRIC_DEFAULT", true],
            );
        }
        // The created instance's role flows into the key policy: the edge exists.
        assert.ok(
            state("aws:kms/keyPolicy:KeyPolicy", "support-streaming-key-policy").dependencies!.some((u) =>
                u.endsWith("::support-instance"),
            ),
        );
    });

    it("every storage config depends on its instance's key policy and is deleted before it is replaced", () => {
        const configs = stepsOfType(plan, "aws:connect/instanceStorageConfig:InstanceStorageConfig");
        assert.deepEqual(configs.map((s) => s.urn.split("::").pop()).sort(), [
            "sales-streaming-ctr-storage",
            "support-streaming-agent-events-storage",
            "support-streaming-ctr-storage",
        ]);
        for (const s of configs) {
            const instance = s.urn.split("::").pop()!.split("-")[0];
            const keyPolicyUrn = stepNamed(plan, "aws:kms/keyPolicy:KeyPolicy", `${instance}-streaming-key-policy`).urn;
            assert.ok(s.newState!.dependencies!.includes(keyPolicyUrn), `${s.urn} does not depend on ${keyPolicyUrn}`);
            assert.equal(s.newState!.deleteBeforeReplace, true);
        }
    });

    it("support: CTR on a provisioned stream sized from the peak, agent events on demand, both on the instance key", () => {
        const key = state("aws:kms/key:Key", "support-streaming-key").outputs!.arn;
        const ctr = state("aws:kinesis/stream:Stream", "support-streaming-ctr");
        assert.deepEqual(
            [
                ctr.inputs.name,
                ctr.inputs.streamModeDetails,
                ctr.inputs.shardCount,
                ctr.inputs.retentionPeriod,
                ctr.inputs.encryptionType,
                ctr.inputs.kmsKeyId,
                ctr.protect,
            ],
            ["connect-dev-support-ctr", { streamMode: "PROVISIONED" }, 2, 72, "KMS", key, true],
        );
        const agents = state("aws:kinesis/stream:Stream", "support-streaming-agent-events");
        assert.deepEqual(
            [
                agents.inputs.streamModeDetails,
                agents.inputs.shardCount,
                agents.inputs.retentionPeriod,
                agents.inputs.kmsKeyId,
            ],
            [{ streamMode: "ON_DEMAND" }, undefined, 48, key],
        );
        const storage = state(
            "aws:connect/instanceStorageConfig:InstanceStorageConfig",
            "support-streaming-ctr-storage",
        );
        assert.deepEqual(storage.inputs, {
            instanceId:
                state("aws:connect/instance:Instance", "support-instance").outputs!.id ?? storage.inputs.instanceId,
            resourceType: "CONTACT_TRACE_RECORDS",
            storageConfig: { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: ctr.outputs!.arn } },
        });
        assert.equal(
            state("aws:connect/instanceStorageConfig:InstanceStorageConfig", "support-streaming-agent-events-storage")
                .inputs.resourceType,
            "AGENT_EVENTS",
        );
    });

    it("sales: CTR through Firehose into a CMK-encrypted, private, TLS-only, versioned, expiring bucket", () => {
        const key = state("aws:kms/key:Key", "sales-streaming-key").outputs!.arn;
        const bucket = state("aws:s3/bucket:Bucket", "sales-streaming-ctr-bucket");
        const bucketArn = bucket.outputs!.arn as string;
        const delivery = state(
            "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
            "sales-streaming-ctr-delivery",
        );
        assert.deepEqual(delivery.inputs.serverSideEncryption, {
            enabled: true,
            keyType: "CUSTOMER_MANAGED_CMK",
            keyArn: key,
        });
        const s3cfg = delivery.inputs.extendedS3Configuration as Record<string, unknown>;
        assert.deepEqual(
            [s3cfg.bucketArn, s3cfg.prefix, s3cfg.bufferingInterval, s3cfg.bufferingSize, s3cfg.kmsKeyArn],
            [bucketArn, "contact-records/sales/", 300, 5, key],
        );
        assert.equal(
            state("aws:connect/instanceStorageConfig:InstanceStorageConfig", "sales-streaming-ctr-storage").inputs
                .instanceId,
            SALES_ID,
        );
        assert.deepEqual(
            (
                state("aws:connect/instanceStorageConfig:InstanceStorageConfig", "sales-streaming-ctr-storage").inputs
                    .storageConfig as any
            ).kinesisFirehoseConfig,
            {
                firehoseArn: delivery.outputs!.arn,
            },
        );
        assert.deepEqual(
            (
                state(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "sales-streaming-ctr-bucket-encryption",
                ).inputs.rules as any
            )[0],
            {
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key },
                bucketKeyEnabled: true,
            },
        );
        const pab = state(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "sales-streaming-ctr-bucket-public-access",
        ).inputs;
        assert.deepEqual(
            [pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets],
            [true, true, true, true],
        );
        assert.deepEqual(
            JSON.parse(
                state("aws:s3/bucketPolicy:BucketPolicy", "sales-streaming-ctr-bucket-policy").inputs.policy as string,
            ),
            contactRecordBucketPolicy(bucketArn),
        );
        assert.deepEqual(
            (
                state("aws:s3/bucketVersioning:BucketVersioning", "sales-streaming-ctr-bucket-versioning").inputs
                    .versioningConfiguration as any
            ).status,
            "Enabled",
        );
        const rule = (
            state(
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                "sales-streaming-ctr-bucket-lifecycle",
            ).inputs.rules as any
        )[0];
        assert.deepEqual([rule.expiration.days, rule.noncurrentVersionExpiration.noncurrentDays], [400, 30]);
        const role = state("aws:iam/role:Role", "sales-streaming-ctr-delivery-role");
        assert.deepEqual(
            JSON.parse(role.inputs.assumeRolePolicy as string),
            firehoseDeliveryTrustPolicy(ctx, "connect-dev-sales-ctr"),
        );
        assert.equal(delivery.inputs.name, "connect-dev-sales-ctr");
        assert.deepEqual(
            JSON.parse(
                state("aws:iam/rolePolicy:RolePolicy", "sales-streaming-ctr-delivery-policy").inputs.policy as string,
            ),
            firehoseDeliveryPolicy(ctx, { bucketArn, keyArn: key as string }),
        );
        assert.ok(
            delivery.dependencies!.includes(
                stepNamed(plan, "aws:iam/rolePolicy:RolePolicy", "sales-streaming-ctr-delivery-policy").urn,
            ),
        );
    });

    it("profile export: EventStream to a CMK-encrypted stream, after the key and its policy, delete-before-replace, valid against the schema", () => {
        const key = state("aws:kms/key:Key", "profile-export-key");
        const stream = state("aws:kinesis/stream:Stream", "profile-export-stream");
        assert.deepEqual(
            JSON.parse(key.inputs.policy as string),
            profileExportKeyPolicy(ctx, { domainName: DOMAIN, streamName: EXPORT_STREAM }),
        );
        // The encryption context the key policy names is the ARN of the stream the stack creates.
        assert.equal(
            JSON.parse(key.inputs.policy as string).Statement[1].Condition.StringEquals[
                "kms:EncryptionContext:aws:kinesis:arn"
            ],
            (stream.outputs as any).arn,
        );
        assert.deepEqual(
            [
                stream.inputs.encryptionType,
                stream.inputs.kmsKeyId,
                stream.inputs.retentionPeriod,
                stream.inputs.streamModeDetails,
            ],
            ["KMS", key.outputs!.arn, 168, { streamMode: "ON_DEMAND" }],
        );
        // The writer is Customer Profiles' service-linked role, granted by CreateEventStream itself: no resource policy.
        assert.equal(stepsOfType(plan, "aws:kinesis/resourcePolicy:ResourcePolicy").length, 0);
        const es = stepNamed(plan, "aws-native:customerprofiles:EventStream", "profile-export-event-stream");
        assert.deepEqual(
            [es.newState.inputs.domainName, es.newState.inputs.eventStreamName, es.newState.inputs.uri],
            [DOMAIN, "crm-sync", stream.outputs!.arn],
        );
        assert.equal(es.newState.deleteBeforeReplace, true);
        for (const dep of [
            ["aws:kms/key:Key", "profile-export-key"],
            ["aws:customerprofiles/domain:Domain", "profiles-domain"],
        ]) {
            assert.ok(
                es.newState.dependencies!.includes(stepNamed(plan, dep[0], dep[1]).urn),
                `EventStream does not depend on ${dep[1]}`,
            );
        }
        assert.equal(stepsOfType(plan, "aws-native:customerprofiles:EventStream").length, 1);
        for (const s of plan.steps.filter(
            (x) => x.newState?.type.startsWith("aws-native:") && /Streaming|ProfileExport/.test(x.urn),
        )) {
            assert.deepEqual(validateNativeInputs(s.newState!.type, s.newState!.inputs), [], s.urn);
        }
    });

    it("alarms: throttling and iterator age on every stream, Firehose freshness and success, all to the alarm topic", () => {
        const topic = stepsOfType(plan, "aws:sns/topic:Topic").find((s) => s.urn.endsWith("::alarms-topic"))!.newState!
            .outputs!.arn;
        const alarms = stepsOfType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((s) =>
            /Streaming|ProfileExport/.test(s.urn),
        );
        const byStream = new Map<string, string[]>();
        for (const a of alarms) {
            const i = a.newState!.inputs as any;
            assert.deepEqual([i.alarmActions, i.okActions], [[topic], [topic]], a.urn);
            const dim = i.dimensions.StreamName ?? i.dimensions.DeliveryStreamName;
            byStream.set(dim, [...(byStream.get(dim) ?? []), i.metricName].sort());
        }
        const kinesisMetrics = [
            "GetRecords.IteratorAgeMilliseconds",
            "PutRecords.ThrottledRecords",
            "WriteProvisionedThroughputExceeded",
        ];
        assert.deepEqual(Object.fromEntries(byStream), {
            "connect-dev-support-ctr": kinesisMetrics,
            "connect-dev-support-agent-events": kinesisMetrics,
            "customer-profiles-amazon-connect-examplecorp-dev-export": kinesisMetrics,
            "connect-dev-sales-ctr": ["DeliveryToS3.DataFreshness", "DeliveryToS3.Success"],
        });
        const success = state("aws:cloudwatch/metricAlarm:MetricAlarm", "sales-streaming-ctr-delivery-failures").inputs;
        assert.deepEqual(
            [success.namespace, success.statistic, success.comparisonOperator, success.threshold],
            ["AWS/Firehose", "Minimum", "LessThanThreshold", 1],
        );
        assert.equal(
            state("aws:cloudwatch/metricAlarm:MetricAlarm", "sales-streaming-ctr-delivery-freshness").inputs.threshold,
            900,
        );
    });

    it("stack outputs name every stream and delivery-stream ARN", () => {
        assert.deepEqual(JSON.parse(JSON.stringify(outputs.streaming)), {
            support: {
                keyArn: state("aws:kms/key:Key", "support-streaming-key").outputs!.arn,
                contactRecordsStreamArn: "arn:aws:kinesis:eu-west-2:123456789012:stream/connect-dev-support-ctr",
                agentEventsStreamArn: "arn:aws:kinesis:eu-west-2:123456789012:stream/connect-dev-support-agent-events",
            },
            sales: {
                keyArn: state("aws:kms/key:Key", "sales-streaming-key").outputs!.arn,
                contactRecordsDeliveryStreamArn:
                    "arn:aws:firehose:eu-west-2:123456789012:deliverystream/connect-dev-sales-ctr",
                contactRecordsBucket: state("aws:s3/bucket:Bucket", "sales-streaming-ctr-bucket").outputs!.bucket,
                contactRecordsAccessLogBucket: state("aws:s3/bucket:Bucket", "sales-streaming-ctr-logs").outputs!
                    .bucket,
            },
        });
        assert.equal(
            outputs.profileExportStreamArn,
            `arn:aws:kinesis:eu-west-2:123456789012:stream/customer-profiles-${DOMAIN}-export`,
        );
        assert.equal(
            outputs.profileEventStreamArn,
            `arn:aws:profile:eu-west-2:123456789012:domains/${DOMAIN}/event-streams/crm-sync`,
        );
    });

    // A Pulumi stack name may hold "." (Pulumi docs, Stacks); a KMS alias name may not (AWS KMS API
    // reference, CreateAlias, AliasName: letters, digits, "/", "_", "-"). The streaming key's alias
    // used to carry the stack name as is, and CreateAlias refused it (mock cloud rule kms-alias-name).
    it("a stack named prod.eu: the streaming keys' aliases are names KMS accepts", async () => {
        const run = await runOfflinePlan({ stack: "prod.eu", config: devConfig() });
        assert.deepEqual(
            stepsOfType(run.plan, "aws:kms/alias:Alias")
                .map((s) => s.newState!.inputs.name)
                .filter((n) => String(n).startsWith("alias/connect-streaming/")),
            ["alias/connect-streaming/prod-eu/support", "alias/connect-streaming/prod-eu/sales"],
        );
        // The other names the stack name enters keep it: Kinesis and Firehose stream names allow "."
        // (aws-kinesis-stream.json and aws-kinesisfirehose-deliverystream.json, Name patterns).
        assert.equal(
            stepNamed(run.plan, "aws:kinesis/stream:Stream", "support-streaming-ctr").newState.inputs.name,
            "connect-prod.eu-support-ctr",
        );
    });

    // An instance name may have 32 characters (LOGICAL_NAME). Its Firehose delivery role's logical name,
    // INSTANCE-streaming-ctr-delivery-role, then leaves no room for the provider's 7-character
    // auto-name suffix within IAM's 64 (aws-iam-role.json RoleName), and the Pulumi AWS provider fails
    // instead of truncating (mock cloud rule auto-name-length).
    it("a 32-character instance name streaming to Firehose: the delivery role gets a namePrefix that fits", async () => {
        const cfg = devConfigWithoutBootstrap();
        const long = "customer-service-north-america-x"; // 32
        const P = "connect-customer-profiles";
        const instances = cfg[`${P}:connectInstances`] as Record<string, unknown>[];
        instances.find((i) => i.name === "sales")!.name = long;
        const streaming = cfg[`${P}:instanceStreaming`] as Record<string, unknown>;
        streaming[long] = streaming.sales;
        delete streaming.sales;
        const rules = (cfg[`${P}:salesforceTasks`] as { rules: { instance: string }[] }).rules;
        for (const r of rules) if (r.instance === "sales") r.instance = long;
        const run = await runOfflinePlan({ config: cfg });
        const role = stepNamed(run.plan, "aws:iam/role:Role", `${long}-streaming-ctr-delivery-role`).newState;
        assert.equal(role.inputs.name, undefined);
        assert.equal(role.inputs.namePrefix, "america-x-streaming-ctr-delivery-role-");
        assert.equal((role.inputs.namePrefix as string).length, 38);
        // Instance names that fit keep auto-naming (no replacement of existing roles).
        assert.equal(
            stepNamed(plan, "aws:iam/role:Role", "sales-streaming-ctr-delivery-role").newState.inputs.namePrefix,
            undefined,
        );
    });

    // Kinesis stream names are unique per account and Region (CreateStreamInput.StreamName). When
    // `connect-STACK-INSTANCE-` alone reaches 64 characters, the plain cut to 64 gave an instance's
    // contact-record and agent-event streams the same name, and the second CreateStream was refused
    // (mock cloud rule unique-stream-name).
    it("a long stack and instance name: the two data streams of an instance keep names of their own", async () => {
        const stack = "contact-center-production-eu-west-2"; // 35: "connect-" + 35 + "-" + 32 + "-" = 77
        const long = "customer-service-north-america-x"; // 32
        const cfg = devConfig();
        const P = "connect-customer-profiles";
        const instances = cfg[`${P}:connectInstances`] as Record<string, unknown>[];
        instances.find((i) => i.name === "support")!.name = long;
        const streaming = cfg[`${P}:instanceStreaming`] as Record<string, unknown>;
        streaming[long] = streaming.support;
        delete streaming.support;
        const rules = (cfg[`${P}:salesforceTasks`] as { rules: { instance: string }[] }).rules;
        for (const r of rules) if (r.instance === "support") r.instance = long;
        const run = await runOfflinePlan({ stack, config: cfg });
        const ctr = stepNamed(run.plan, "aws:kinesis/stream:Stream", `${long}-streaming-ctr`).newState.inputs.name;
        const agent = stepNamed(run.plan, "aws:kinesis/stream:Stream", `${long}-streaming-agent-events`).newState.inputs
            .name;
        assert.equal(ctr, streamNameFor(stack, long, "ctr", true));
        assert.equal(agent, streamNameFor(stack, long, "agent-events", true));
        assert.match(ctr as string, /^connect-contact-center-production-eu-west-2-custome-[0-9a-f]{8}-ctr$/);
        assert.match(agent as string, /^connect-contact-center-production-eu-west-[0-9a-f]{8}-agent-events$/);
        assert.equal((ctr as string).length, 64);
        assert.notEqual(ctr, agent);
        // Names that the plain cut keeps apart are unchanged (a new name would replace the stream).
        assert.equal(streamNameFor("dev", "support", "ctr", true), "connect-dev-support-ctr");
        assert.equal(
            streamNameFor("contact-center-production-eu", "support", "agent-events"),
            "connect-contact-center-production-eu-support-agent-events",
        );
    });

    it("streaming off: no streaming resources and no streaming outputs", async () => {
        const cfg = devConfig();
        delete cfg["connect-customer-profiles:instanceStreaming"];
        delete cfg["connect-customer-profiles:profileExports"];
        const run = await runOfflinePlan({ config: cfg });
        assert.equal(run.plan.steps.filter((s) => /InstanceStreaming|ProfileExport/.test(s.urn)).length, 0);
        assert.deepEqual(run.outputs.streaming, {});
        assert.equal(run.outputs.profileExportStreamArn, undefined);
    });
});
