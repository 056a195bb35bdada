import { strict as assert } from "assert";
import { alarmTopicKeyPolicy, alarmTopicPolicy, validateAlarmTopicArgs } from "../../components/monitoring/alarm-topic";
import { runOfflinePlan } from "../../tools/lib/offline";
import { ConfigError } from "../../components/config";
import { ciKeyStatements, ciRoleArns } from "../../components/common/ci-key-access";
import { devConfig, stepsOfType, stepNamed } from "./helpers";

const ctx = { partition: "aws", accountId: "123456789012", region: "eu-west-2" };

describe("AlarmTopic", () => {
    it("key policy: root administers; CloudWatch and EventBridge only GenerateDataKey*/Decrypt, in the documented form (no condition)", () => {
        assert.deepEqual(alarmTopicKeyPolicy(ctx), {
            Version: "2012-10-17",
            Id: "customer-profiles-alarm-topic-key",
            Statement: [
                {
                    Sid: "AccountRootAdministersKey",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:root" },
                    Action: "kms:*",
                    Resource: "*",
                },
                {
                    Sid: "CloudWatchAlarmsEncryptNotificationsThroughSns",
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                    Resource: "*",
                },
                {
                    Sid: "EventBridgeRulesEncryptNotificationsThroughSns",
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                    Resource: "*",
                },
            ],
        });
    });

    it("topic policy: only this account's alarms and rules publish; TLS only", () => {
        const topic = "arn:aws:sns:eu-west-2:123456789012:alarms";
        assert.deepEqual(alarmTopicPolicy(ctx, topic), {
            Version: "2012-10-17",
            Id: "customer-profiles-alarm-topic",
            Statement: [
                {
                    Sid: "CloudWatchAlarmsPublish",
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: "sns:Publish",
                    Resource: topic,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": "123456789012" },
                        ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-2:123456789012:alarm:*" },
                    },
                },
                {
                    Sid: "EventBridgeRulesPublish",
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: "sns:Publish",
                    Resource: topic,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": "123456789012" },
                        ArnLike: { "aws:SourceArn": "arn:aws:events:eu-west-2:123456789012:rule/*" },
                    },
                },
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sns:*",
                    Resource: topic,
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
    });

    it("rejects a malformed e-mail endpoint", () => {
        assert.deepEqual(validateAlarmTopicArgs({ context: ctx, emailEndpoint: "oncall" }), [
            'emailEndpoint: "oncall" is not valid; expected an e-mail address such as oncall@example.com',
        ]);
        assert.deepEqual(validateAlarmTopicArgs({ context: ctx, emailEndpoint: "oncall@example.com" }), []);
    });

    it("dev stack: one encrypted topic named alarms, its policy, the e-mail subscription", async () => {
        const { plan, outputs } = await runOfflinePlan({ config: devConfig() });
        const topics = stepsOfType(plan, "aws:sns/topic:Topic").filter((s) =>
            s.urn.includes("customer-profiles:index:AlarmTopic"),
        );
        assert.equal(topics.length, 1);
        const topic = topics[0].newState!;
        const key = stepNamed(plan, "aws:kms/key:Key", "alarms-key").newState;
        assert.equal(topic.inputs.kmsMasterKeyId, key.outputs!.arn);
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.deletionWindowInDays, 30);
        assert.equal(key.protect, true);
        // Deployed by the bootstrap's roles: the CI roles' statements follow the key's own
        // (exact documents: tests/foundation/ci-key-access.test.ts).
        assert.deepEqual(JSON.parse(key.inputs.policy as string), {
            ...alarmTopicKeyPolicy(ctx),
            Statement: [...alarmTopicKeyPolicy(ctx).Statement, ...ciKeyStatements(ctx, ciRoleArns(ctx, "dev"))],
        });
        const policy = stepNamed(plan, "aws:sns/topicPolicy:TopicPolicy", "alarms-topic-policy").newState;
        assert.deepEqual(
            JSON.parse(policy.inputs.policy as string),
            alarmTopicPolicy(ctx, topic.outputs!.arn as string),
        );
        const sub = stepNamed(plan, "aws:sns/topicSubscription:TopicSubscription", "alarms-email").newState;
        assert.deepEqual(
            [sub.inputs.protocol, sub.inputs.endpoint, sub.inputs.topic],
            ["email", "contact-center-oncall@example.com", topic.outputs!.arn],
        );
        assert.equal(outputs.alarmTopicArn, topic.outputs!.arn);
    });

    it("no subscription without alarmEmail; a malformed alarmEmail is a config error", async () => {
        const cfg = devConfig();
        delete cfg["connect-customer-profiles:alarmEmail"];
        const { plan } = await runOfflinePlan({ config: cfg });
        assert.equal(
            stepsOfType(plan, "aws:sns/topicSubscription:TopicSubscription").filter((s) =>
                s.urn.endsWith("alarms-email"),
            ).length,
            0,
        );
        await assert.rejects(
            runOfflinePlan({
                config: { ...devConfig(), "connect-customer-profiles:alarmEmail": "oncall at example.com" },
            }),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.ok(
                    e.message.includes(
                        '  - connect-customer-profiles:alarmEmail: "oncall at example.com" is not valid; expected an e-mail address such as oncall@example.com',
                    ),
                    e.message,
                );
                return true;
            },
        );
    });
});
