// Issue 22, second review of the structural source check (confused-deputy-source-conditions):
// H2: the binding may name a trusted account (the `trustedAccounts` setting), as the documented log-delivery
//     forms do for a member account's logs: CloudWatch Logs "Logs sent to Amazon S3"
//     (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html),
//     CloudTrail's bucket policy with aws:SourceArn the trail's ARN; the finding names a negation only when
//     the statement holds one.
// M1: `${aws:ResourceAccount}` is replaced as the evaluator replaces it (this account) before the check.
// M2: a central access-log bucket for buckets of other stacks, in the form of the Amazon S3 User Guide,
//     "Enabling Amazon S3 server access logging" (the target may be any bucket you own in the same Region).
// L1: a sourceArn names one resource only where its service's name ends before the wildcard.
import * as assert from "assert";
import { namesResource } from "../../policies/confused-deputy-source-conditions";
import { DOCUMENTED_FORMS } from "../../policies/lib/documented-forms";
import { PROBE_ACCOUNT, RUN_PROBE } from "../../policies/lib/access";
import { simulate } from "../support/simulator";
import { FixtureResource } from "../fixtures/policies/plan";
import { linesFor, one, run } from "./helpers";

const RULE = "confused-deputy-source-conditions";
const A = "123456789012";
const T = "210987654321";
const O = "444455556666";
const R = "eu-west-2";
const TOPIC = `arn:aws:sns:${R}:${A}:t`;
/** CloudWatch alarms' sns:Publish on TOPIC: the statement every case below varies. */
const publish = (Sid: string, Effect: "Allow" | "Deny", Condition?: unknown) => ({
    Sid,
    Effect,
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: "sns:Publish",
    Resource: TOPIC,
    ...(Condition === undefined ? {} : { Condition }),
});
const FN = `arn:aws:lambda:${R}:${A}:function:f`;
const doc = (st: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: st });
const bucketPolicy = (name: string, bucket: string, st: unknown[], opts?: object) =>
    one("aws:s3/bucketPolicy:BucketPolicy", name, { bucket, policy: doc(st) }, opts as never);
const topicPolicy = (name: string, st: unknown[]) =>
    one("aws:sns/topicPolicy:TopicPolicy", name, { arn: TOPIC, policy: doc(st) });
const findings = async (rs: FixtureResource[], trustedAccounts?: string[]) =>
    linesFor(await run(rs, { [RULE]: { accountId: A, ...(trustedAccounts ? { trustedAccounts } : {}) } }), RULE);
const TAIL = `(confused deputy); bind it with StringEquals aws:SourceAccount = ${A} and ArnEquals aws:SourceArn = the ARN of the resource it serves`;

describe("confused-deputy-source-conditions: review 22b (trusted accounts, variables, central log buckets, names)", function () {
    this.timeout(120_000);

    describe("H2: a positive binding may name a trusted account", () => {
        const flowLogs = bucketPolicy("central", "central-logs", [
            {
                Sid: "Put",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `arn:aws:s3:::central-logs/AWSLogs/${T}/*`,
                Condition: {
                    StringEquals: { "aws:SourceAccount": T, "s3:x-amz-acl": "bucket-owner-full-control" },
                    ArnLike: { "aws:SourceArn": `arn:aws:logs:${R}:${T}:*` },
                },
            },
        ]);
        const trail = bucketPolicy("ct", "central-logs", [
            {
                Sid: "Put",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `arn:aws:s3:::central-logs/AWSLogs/${T}/*`,
                Condition: { StringEquals: { "aws:SourceArn": `arn:aws:cloudtrail:${R}:${T}:trail/org` } },
            },
        ]);

        it("a trusted member account's flow logs (CloudWatch Logs form) pass", async () => {
            assert.deepStrictEqual(await findings([flowLogs], [T]), []);
        });

        it("a trusted account's trail (aws:SourceArn only) passes", async () => {
            assert.deepStrictEqual(await findings([trail], [T]), []);
        });

        it("the same grants without the account trusted are reported: the source names another account", async () => {
            assert.deepStrictEqual(await findings([trail]), [
                `ct: policy: statement 0 ("Put"): its aws:SourceArn names account ${T}, not this stack's account ${A}; lets cloudtrail.amazonaws.com act for a resource of account ${T} (arn:aws:cloudtrail:${R}:${T}:trail/org); a request naming only aws:SourceArn arn:aws:cloudtrail:${R}:${T}:trail/org ${TAIL}`,
            ]);
        });

        // The Allow holds no condition; a Deny excludes the probe values by a positive StringEquals. The
        // finding says no positive condition names the account, and claims no negation the Allow lacks.
        it("the finding names a negation only when the statement holds one", async () => {
            const denyProbes = topicPolicy("tp", [
                publish("S", "Allow"),
                publish("D", "Deny", { StringEquals: { "aws:SourceAccount": [PROBE_ACCOUNT, RUN_PROBE.account] } }),
                publish("N", "Deny", { Null: { "aws:SourceAccount": "true" } }),
            ]);
            assert.deepStrictEqual(await findings([denyProbes], [T]), [
                `tp: policy: statement 0 ("S"): no positive source condition names this account or a trusted account ${T} (a StringEquals/StringLike aws:SourceAccount = ${A}, or an ArnEquals/ArnLike aws:SourceArn in account ${A}, without IfExists) ${TAIL}`,
            ]);
        });
    });

    describe("M1: ${aws:ResourceAccount} in a source condition is this account", () => {
        const withCondition = (cond: unknown) => topicPolicy("tp", [publish("S", "Allow", cond)]);
        it("StringEquals aws:SourceAccount ${aws:ResourceAccount} passes", async () => {
            assert.deepStrictEqual(
                await findings([withCondition({ StringEquals: { "aws:SourceAccount": "${aws:ResourceAccount}" } })]),
                [],
            );
        });
        it("ArnLike aws:SourceArn arn:…:${aws:ResourceAccount}:alarm:* passes", async () => {
            const cond = { ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${R}:\${aws:ResourceAccount}:alarm:*` } };
            assert.deepStrictEqual(await findings([withCondition(cond)]), []);
        });
        it("the Deny form (StringNotEquals aws:SourceAccount ${aws:ResourceAccount}) passes", async () => {
            const p = topicPolicy("tp", [
                publish("S", "Allow"),
                publish("D", "Deny", { StringNotEquals: { "aws:SourceAccount": "${aws:ResourceAccount}" } }),
            ]);
            assert.deepStrictEqual(await findings([p]), []);
        });
        it("the IAM simulator: the variable admits this account's alarm and no other account's", async () => {
            const decide = (src: string) =>
                simulate(
                    {
                        request: {
                            principal: "cloudwatch.amazonaws.com",
                            action: "sns:Publish",
                            resource: { resource: TOPIC, accountId: A },
                            contextVariables: {
                                "aws:ResourceAccount": A,
                                "aws:SourceAccount": src,
                                "aws:SourceArn": `arn:aws:cloudwatch:${R}:${src}:alarm:a`,
                            },
                        },
                        identityPolicies: [],
                        serviceControlPolicies: [],
                        resourceControlPolicies: [],
                        resourcePolicy: JSON.parse(
                            doc([
                                {
                                    Effect: "Allow",
                                    Principal: { Service: "cloudwatch.amazonaws.com" },
                                    Action: "sns:Publish",
                                    Resource: TOPIC,
                                    Condition: { StringEquals: { "aws:SourceAccount": "${aws:ResourceAccount}" } },
                                },
                            ]),
                        ),
                    },
                    {},
                );
            assert.strictEqual(await decide(A), "Allowed");
            assert.strictEqual(await decide(O), "ImplicitlyDenied");
        });
    });

    describe("M2: a central access-log bucket for buckets outside the plan", () => {
        const central = one("aws:s3/bucketV2:BucketV2", "central", { bucket: "central-access-logs" });
        const grant = (
            sourceArn: string,
            cond: Record<string, unknown> = { StringEquals: { "aws:SourceAccount": A } },
        ) =>
            bucketPolicy(
                "central-policy",
                "central-access-logs",
                [
                    {
                        Sid: "S3ServerAccessLogsPolicy",
                        Effect: "Allow",
                        Principal: { Service: "logging.s3.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: "arn:aws:s3:::central-access-logs/*",
                        Condition: { ArnLike: { "aws:SourceArn": sourceArn }, ...cond },
                    },
                ],
                { refs: { bucket: ["central"] } },
            );
        const NONE =
            "no server access logging of the plan delivers to this bucket (no BucketLogging or inline logging names it as its target), so the grant serves no source of the plan";

        it("AWS's exact form for a bucket of another stack passes", async () => {
            assert.deepStrictEqual(await findings([central, grant("arn:aws:s3:::app-bucket-in-other-stack")]), []);
        });
        it("a pattern is still reported", async () => {
            assert.deepStrictEqual(await findings([central, grant("arn:aws:s3:::app-*")]), [
                `central-policy: policy: statement 0 ("S3ServerAccessLogsPolicy"): ${NONE} ${TAIL}`,
            ]);
        });
        it("without aws:SourceAccount bound to this account it is still reported", async () => {
            const lines = await findings([central, grant("arn:aws:s3:::app-bucket-in-other-stack", {})]);
            assert.strictEqual(lines.length, 1, lines.join("\n"));
        });
        it("an ArnLikeIfExists source (a request without it passes) is still reported", async () => {
            const p = bucketPolicy(
                "central-policy",
                "central-access-logs",
                [
                    {
                        Sid: "S3ServerAccessLogsPolicy",
                        Effect: "Allow",
                        Principal: { Service: "logging.s3.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: "arn:aws:s3:::central-access-logs/*",
                        Condition: {
                            ArnLikeIfExists: { "aws:SourceArn": "arn:aws:s3:::app-bucket-in-other-stack" },
                            StringEquals: { "aws:SourceAccount": A },
                        },
                    },
                ],
                { refs: { bucket: ["central"] } },
            );
            assert.deepStrictEqual(await findings([central, p]), [
                `central-policy: policy: statement 0 ("S3ServerAccessLogsPolicy"): ${NONE} ${TAIL}`,
            ]);
        });
        it("a bucket of the plan that logs elsewhere is still reported", async () => {
            const app = one("aws:s3/bucketV2:BucketV2", "app", { bucket: "app-bucket" });
            const other = one("aws:s3/bucketV2:BucketV2", "other", { bucket: "other-logs" });
            const logging = one("aws:s3/bucketLoggingV2:BucketLoggingV2", "app-logging", {
                bucket: "app-bucket",
                targetBucket: "other-logs",
                targetPrefix: "app/",
            });
            const lines = await findings([central, app, other, logging, grant("arn:aws:s3:::app-bucket")]);
            assert.deepStrictEqual(lines, [
                `central-policy: policy: statement 0 ("S3ServerAccessLogsPolicy"): lets logging.s3.amazonaws.com act for the bucket arn:aws:s3:::app-bucket, which logs to another bucket, not to this one ${TAIL}`,
            ]);
        });
    });

    describe("L1: a sourceArn names one resource only where its service's name ends", () => {
        const permission = (principal: string, sourceArn: string) =>
            one("aws:lambda/permission:Permission", "perm", {
                function: FN,
                action: "lambda:InvokeFunction",
                principal,
                sourceArn,
            });
        const cases: [string, string, string][] = [
            [
                "logs.amazonaws.com",
                `arn:aws:logs:${R}:${A}:log-group:/aws/lambda/*`,
                `arn:aws:logs:${R}:${A}:log-group:/aws/lambda/unrelated-fn:*`,
            ],
            [
                "events.amazonaws.com",
                `arn:aws:events:${R}:${A}:rule/bus/*`,
                `arn:aws:events:${R}:${A}:rule/bus/any-other-rule`,
            ],
        ];
        for (const [principal, pattern, other] of cases) {
            it(`${pattern} is reported: the IAM simulator lets ${other} invoke`, async () => {
                const decision = await simulate(
                    {
                        request: {
                            principal,
                            action: "lambda:InvokeFunction",
                            resource: { resource: FN, accountId: A },
                            contextVariables: { "aws:SourceArn": other, "aws:SourceAccount": A },
                        },
                        identityPolicies: [],
                        serviceControlPolicies: [],
                        resourceControlPolicies: [],
                        resourcePolicy: {
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Effect: "Allow",
                                    Principal: { Service: principal },
                                    Action: "lambda:InvokeFunction",
                                    Resource: FN,
                                    Condition: { ArnLike: { "AWS:SourceArn": pattern } },
                                },
                            ],
                        },
                    },
                    {},
                );
                assert.strictEqual(decision, "Allowed");
                const lines = await findings([permission(principal, pattern)]);
                assert.strictEqual(lines.length, 1, lines.join("\n"));
                assert.ok(
                    lines[0].startsWith(`perm: permission: statement 0: its sourceArn ${pattern} names no resource`),
                    lines[0],
                );
            });
        }
        it("documented forms keep passing: API Gateway API-ID/*/GET/path, Logs log-group:NAME:*", async () => {
            assert.deepStrictEqual(
                await findings([
                    permission("apigateway.amazonaws.com", `arn:aws:execute-api:${R}:${A}:abc123/*/GET/path`),
                ]),
                [],
            );
            assert.deepStrictEqual(
                await findings([permission("logs.amazonaws.com", `arn:aws:logs:${R}:${A}:log-group:app-logs:*`)]),
                [],
            );
        });
        it("namesResource per service", () => {
            const yes = [
                `arn:aws:logs:${R}:${A}:log-group:/aws/lambda/f:*`,
                `arn:aws:execute-api:${R}:${A}:abc123/*`,
                `arn:aws:events:${R}:${A}:rule/bus/r`,
                "arn:aws:s3:::bucket",
            ];
            const no = [
                `arn:aws:logs:${R}:${A}:log-group:/aws/lambda/*`,
                `arn:aws:logs:${R}:${A}:log-group:*`,
                `arn:aws:events:${R}:${A}:rule/*`,
                `arn:aws:events:${R}:${A}:rule/r*`,
                `arn:aws:execute-api:${R}:${A}:abc*`,
                "arn:aws:s3:::bucket/*",
                `arn:aws:sns:${R}:${A}:*`,
                `arn:aws:cloudwatch:${R}:${A}:alarm:a*`,
            ];
            assert.deepStrictEqual(
                [...yes.filter((a) => !namesResource(a)), ...no.filter((a) => namesResource(a))],
                [],
            );
        });
    });

    it("L3: the Secrets Manager rotation entry says no current page settles its aws:SourceAccount-only form", () => {
        const entry = DOCUMENTED_FORMS.find((f) => f.id === "secretsmanager-rotation-function")!;
        assert.match(entry.unsettled ?? "", /^No current page settles it: .*"Permissions for rotation"/);
    });
});
