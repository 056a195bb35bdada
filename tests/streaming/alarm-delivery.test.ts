// Alarm notifications that may be dropped (issue 9 item 8, issue 19 item 3). Both paths to the encrypted
// alarm topic, EventBridge rule → topic and CloudWatch alarm → topic, are evaluated with an IAM oracle
// (@cloud-copilot/iam-simulate, test-only) on the requests AWS makes:
// - the publish: the service principal calls sns:Publish with aws:SourceArn (the rule or alarm) and
//   aws:SourceAccount, judged by the topic policy;
// - the encryption: SNS calls KMS (GenerateDataKey, Decrypt) for the publisher. No page documents which
//   condition keys that request carries; the key statement AWS documents for event sources has no
//   condition (Amazon SNS Developer Guide, "Enable compatibility between event sources from AWS services
//   and encrypted topics"), so the key admits the request whatever it carries.
// The first key policy bound the statements by aws:SourceArn, the next by kms:ViaService = sns.REGION:
// a request without that key is denied by KMS, and SNS drops the message.
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

/** The key policy issue 19 replaced: the same statements bound by kms:ViaService = sns.REGION (a guess). */
function viaServiceKeyPolicy(): PolicyDocument {
    const doc = alarmTopicKeyPolicy(ctx);
    return {
        ...doc,
        Statement: doc.Statement.map((st, i) =>
            i === 0 ? st : { ...st, Condition: { StringEquals: { "kms:ViaService": "sns.eu-west-2.amazonaws.com" } } },
        ),
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
                it(`SNS's ${action} for the publisher is allowed by the key policy, with or without kms:ViaService`, async () => {
                    for (const context of [{}, { "kms:ViaService": "sns.eu-west-2.amazonaws.com" }] as Record<
                        string,
                        string
                    >[])
                        assert.equal(
                            await decide(p.service, action, KEY_ARN, alarmTopicKeyPolicy(ctx), context),
                            "Allowed",
                            JSON.stringify(context),
                        );
                });

                it(`the old key policies denied SNS's ${action} when the request lacks their key`, async () => {
                    const viaSns = { "kms:ViaService": "sns.eu-west-2.amazonaws.com" };
                    assert.equal(await decide(p.service, action, KEY_ARN, oldKeyPolicy(), viaSns), "ImplicitlyDenied");
                    assert.equal(
                        await decide(p.service, action, KEY_ARN, viaServiceKeyPolicy(), {}),
                        "ImplicitlyDenied",
                    );
                });
            }
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

    it("accepts the documented statement (no condition)", async () => {
        const doc = alarmTopicKeyPolicy(ctx);
        assert.deepEqual(linesFor(await run([key("alarms-key", doc)]), POLICY), []);
    });

    it("still rejects it with more actions than the documented form", async () => {
        const cases = [
            statement({ Action: ["kms:GenerateDataKey*", "kms:Decrypt", "kms:ReEncrypt*"] }),
            statement({
                Action: ["kms:GenerateDataKey*", "kms:Decrypt", "kms:ReEncrypt*"],
                Condition: { StringEquals: { "kms:ViaService": "sns.eu-west-2.amazonaws.com" } },
            }),
        ];
        for (const doc of cases) {
            assert.deepEqual(linesFor(await run([key("k", doc)]), POLICY), [
                'k: policy: statement 0 ("S"): lets events.amazonaws.com act for a resource of account 999988887777 (arn:aws:events:eu-west-2:999988887777:probe/other); a request naming only aws:SourceArn arn:aws:events:eu-west-2:999988887777:probe/other and 2 more (confused deputy); bind it with StringEquals aws:SourceAccount = this account and ArnEquals aws:SourceArn = the ARN of the resource it serves',
            ]);
        }
    });
});
