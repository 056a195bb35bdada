// Alarm notifications that may be dropped (issue 9 item 8). Both paths to the encrypted alarm topic,
// EventBridge rule → topic and CloudWatch alarm → topic, are evaluated with an IAM oracle
// (@cloud-copilot/iam-simulate, test-only) on the requests AWS makes:
// - the publish: the service principal calls sns:Publish with aws:SourceArn (the rule or alarm) and
//   aws:SourceAccount, judged by the topic policy;
// - the encryption: SNS calls KMS (GenerateDataKey, Decrypt) on behalf of the publisher. That request
//   carries kms:ViaService = sns.REGION.amazonaws.com and none of aws:SourceArn/aws:SourceAccount
//   (SNS developer guide, "Enable compatibility between event sources from AWS services and
//   encrypted topics": those keys are not supported for EventBridge to encrypted topics; the AWS
//   Developer Tools console user guide documents kms:ViaService = sns.REGION.amazonaws.com for a
//   service principal publishing to an encrypted topic).
// The old key policy bound the key statements by aws:SourceArn: KMS denies, SNS drops the message.
import { strict as assert } from "assert";
import { simulate } from "../support/simulator";
import {
    alarmTopicKeyPolicy,
    alarmTopicPolicy,
    cloudwatchAlarmSourceArn,
    eventRuleSourceArn,
    sourcePatternBinding,
} from "../../components/monitoring/alarm-topic";
import { keyAdministrationStatement, PolicyDocument } from "../../components/common/policy-documents";
import { linesFor, key, run } from "../policies/helpers";

const ctx = { partition: "aws", accountId: "123456789012", region: "eu-west-2" };
const OTHER = "210987654321";
const KEY_ARN = "arn:aws:kms:eu-west-2:123456789012:key/0b8e6f14-9a2d-4c3e-8f5a-6d7c1e2b3a49";
const TOPIC_ARN = "arn:aws:sns:eu-west-2:123456789012:alarms-topic-838a254";
const ALARM_ARN = "arn:aws:cloudwatch:eu-west-2:123456789012:alarm:profile-export-stream-write-throttled";
const RULE_ARN = "arn:aws:events:eu-west-2:123456789012:rule/integration-monitoring-flow-deactivated";

/** The key policy before the fix: each service statement bound by aws:SourceAccount/aws:SourceArn. */
function oldKeyPolicy(): PolicyDocument {
    const stmt = (sid: string, service: string, pattern: string) => ({
        Sid: sid,
        Effect: "Allow" as const,
        Principal: { Service: service },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: sourcePatternBinding(ctx, pattern),
    });
    return {
        Version: "2012-10-17",
        Statement: [
            keyAdministrationStatement(ctx),
            stmt("CloudWatchAlarmsEncryptNotifications", "cloudwatch.amazonaws.com", cloudwatchAlarmSourceArn(ctx)),
            stmt("EventBridgeRulesEncryptNotifications", "events.amazonaws.com", eventRuleSourceArn(ctx)),
        ],
    };
}

async function decide(
    principal: string,
    action: string,
    resource: string,
    policy: PolicyDocument,
    context: Record<string, string>,
): Promise<string> {
    return simulate(
        {
            request: {
                principal,
                action,
                resource: { resource, accountId: ctx.accountId },
                contextVariables: context,
            },
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: policy as unknown as Record<string, unknown>,
        },
        {},
    );
}

const PATHS = [
    { name: "CloudWatch alarm → topic", service: "cloudwatch.amazonaws.com", source: ALARM_ARN },
    { name: "EventBridge rule → topic", service: "events.amazonaws.com", source: RULE_ARN },
];

describe("alarm notifications reach the encrypted topic", () => {
    for (const p of PATHS) {
        describe(p.name, () => {
            it("the publish passes the topic policy for this account's source only", async () => {
                const policy = alarmTopicPolicy(ctx, TOPIC_ARN);
                const own = {
                    "aws:SourceArn": p.source,
                    "aws:SourceAccount": ctx.accountId,
                    "aws:SecureTransport": "true",
                };
                assert.equal(await decide(p.service, "sns:Publish", TOPIC_ARN, policy, own), "Allowed");
                const foreign = {
                    "aws:SourceArn": p.source.replace(ctx.accountId, OTHER),
                    "aws:SourceAccount": OTHER,
                    "aws:SecureTransport": "true",
                };
                assert.notEqual(await decide(p.service, "sns:Publish", TOPIC_ARN, policy, foreign), "Allowed");
            });

            for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
                it(`SNS's ${action} on behalf of the publisher is allowed by the key policy`, async () => {
                    const viaSns = { "kms:ViaService": "sns.eu-west-2.amazonaws.com" };
                    assert.equal(await decide(p.service, action, KEY_ARN, alarmTopicKeyPolicy(ctx), viaSns), "Allowed");
                });

                it(`the old key policy denied SNS's ${action} (bound by keys the request lacks)`, async () => {
                    const viaSns = { "kms:ViaService": "sns.eu-west-2.amazonaws.com" };
                    assert.equal(await decide(p.service, action, KEY_ARN, oldKeyPolicy(), viaSns), "ImplicitlyDenied");
                });
            }

            it("the key is not usable by the service through anything but SNS in this region", async () => {
                for (const via of ["sqs.eu-west-2.amazonaws.com", "sns.us-east-1.amazonaws.com"]) {
                    assert.equal(
                        await decide(p.service, "kms:GenerateDataKey", KEY_ARN, alarmTopicKeyPolicy(ctx), {
                            "kms:ViaService": via,
                        }),
                        "ImplicitlyDenied",
                        via,
                    );
                }
                assert.equal(
                    await decide(p.service, "kms:GenerateDataKey", KEY_ARN, alarmTopicKeyPolicy(ctx), {}),
                    "ImplicitlyDenied",
                );
            });
        });
    }
});

describe("confused-deputy rule and SNS event sources", () => {
    const POLICY = "confused-deputy-source-conditions";
    const statement = (extra: Record<string, unknown>) => ({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "S",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                Resource: "*",
                ...extra,
            },
        ],
    });

    it("accepts the documented statement bound to SNS (kms:ViaService)", async () => {
        const doc = alarmTopicKeyPolicy(ctx);
        assert.deepEqual(linesFor(await run([key("alarms-key", doc)]), POLICY), []);
    });

    it("still rejects it without kms:ViaService, through another service, or with more actions", async () => {
        const cases = [
            statement({}),
            statement({ Condition: { StringEquals: { "kms:ViaService": "sqs.eu-west-2.amazonaws.com" } } }),
            statement({
                Action: ["kms:GenerateDataKey*", "kms:Decrypt", "kms:ReEncrypt*"],
                Condition: { StringEquals: { "kms:ViaService": "sns.eu-west-2.amazonaws.com" } },
            }),
            statement({ Condition: { StringLike: { "kms:ViaService": "*" } } }),
        ];
        for (const doc of cases) {
            assert.deepEqual(linesFor(await run([key("k", doc)]), POLICY), [
                'k: policy: statement 0 ("S"): lets events.amazonaws.com act for a resource of account 999988887777 (arn:aws:events:eu-west-2:999988887777:probe/other); a request naming only aws:SourceArn arn:aws:events:eu-west-2:999988887777:probe/other and 2 more (confused deputy); bind it with StringEquals aws:SourceAccount = this account and ArnEquals aws:SourceArn = the ARN of the resource it serves',
            ]);
        }
    });
});
