// Lambda permissions (issue 22) are judged like service statements: each is the statement Lambda adds to
// the function's resource-based policy (lib/documents.ts lambdaPermissionDocument), so a service principal
// must name its source (sourceArn, and sourceAccount where the ARN names no account, as for S3) and an
// account principal must be this account (other-accounts, unless trusted); `*` is every account. And a
// server-access-log statement is accepted only on the policy of the bucket its source logs to. Labels: AWS
// Lambda Developer Guide, "Granting Lambda function access to AWS services"; AWS Lambda API Reference,
// "AddPermission"; Amazon S3 User Guide, "Enabling Amazon S3 server access logging".
import * as assert from "assert";
import { lambdaPermissionDocument } from "../../policies/lib/documents";
import { UNKNOWN } from "../../policies/lib/conditions";
import { FixtureResource } from "../fixtures/policies/plan";
import { linesFor, logDeliveryPlan, logDeliveryPolicy, one, run } from "./helpers";

const A = "123456789012";
const O = "444455556666";
const FN = `arn:aws:lambda:eu-west-2:${A}:function:handler`;
const TOPIC = `arn:aws:sns:eu-west-2:${A}:topic`;

const classic = (inputs: Record<string, unknown>) =>
    one("aws:lambda/permission:Permission", "perm", { function: FN, action: "lambda:InvokeFunction", ...inputs });
const native = (inputs: Record<string, unknown>) =>
    one("aws-native:lambda:Permission", "perm", { functionName: FN, action: "lambda:InvokeFunction", ...inputs });

async function findings(r: FixtureResource | FixtureResource[]): Promise<{ cd: string[]; oa: string[] }> {
    const report = await run(Array.isArray(r) ? r : [r], {
        "other-accounts": { accountId: A },
        "confused-deputy-source-conditions": { accountId: A },
    });
    return {
        cd: linesFor(report, "confused-deputy-source-conditions"),
        oa: linesFor(report, "other-accounts"),
    };
}

describe("Lambda permissions judged like service statements", function () {
    this.timeout(60_000);

    it("renders the statement AddPermission writes (ArnLike AWS:SourceArn, StringEquals AWS:SourceAccount)", () => {
        assert.deepStrictEqual(
            lambdaPermissionDocument("aws:lambda/permission:Permission", {
                function: FN,
                action: "lambda:InvokeFunction",
                principal: "s3.amazonaws.com",
                sourceArn: "arn:aws:s3:::b",
                sourceAccount: A,
                statementId: "S3",
            }),
            {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "S3",
                        Effect: "Allow",
                        Principal: { Service: "s3.amazonaws.com" },
                        Action: "lambda:InvokeFunction",
                        Resource: FN,
                        Condition: {
                            ArnLike: { "AWS:SourceArn": "arn:aws:s3:::b" },
                            StringEquals: { "AWS:SourceAccount": A },
                        },
                    },
                ],
            },
        );
    });

    const cases: [string, FixtureResource, RegExp | undefined, RegExp | undefined][] = [
        ["sns without sourceArn", classic({ principal: "sns.amazonaws.com" }), /it names no sourceArn/, undefined],
        [
            "sns without sourceArn (aws-native)",
            native({ principal: "sns.amazonaws.com" }),
            /it names no sourceArn/,
            undefined,
        ],
        [
            "s3 with a bucket ARN and no sourceAccount",
            classic({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::b" }),
            /lets s3.amazonaws.com act for a resource of account \d{12} \(arn:aws:s3:::b\)/,
            undefined,
        ],
        [
            "sourceArn of another account",
            classic({ principal: "events.amazonaws.com", sourceArn: `arn:aws:events:eu-west-2:${O}:rule/r` }),
            new RegExp(`its AWS:SourceArn names account ${O}, not this stack's account ${A}`),
            undefined,
        ],
        ['principal "*"', classic({ principal: "*" }), undefined, /^perm: principal is "\*" \(every account\)$/],
        [
            "principal another account",
            native({ principal: O }),
            undefined,
            new RegExp(`^perm: principal "${O}" is in account ${O}, which is not this stack's account ${A}`),
        ],
        [
            "sns bound to a topic of this account",
            classic({ principal: "sns.amazonaws.com", sourceArn: TOPIC }),
            undefined,
            undefined,
        ],
        [
            "s3 bound to the bucket and this account",
            native({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::b", sourceAccount: A }),
            undefined,
            undefined,
        ],
        ["principal this account", classic({ principal: A }), undefined, undefined],
        [
            "Alexa Smart Home bound by its eventSourceToken (AddPermission: a token the invoker must supply)",
            classic({ principal: "alexa-connectedhome.amazon.com", eventSourceToken: "amzn1.ask.skill.x" }),
            undefined,
            undefined,
        ],
        [
            "Alexa Smart Home without a token",
            classic({ principal: "alexa-connectedhome.amazon.com" }),
            /it names no sourceArn/,
            undefined,
        ],
        // Review L1: the token binds the Alexa principals only (AddPermission: "For Alexa Smart Home functions").
        [
            "sns with an eventSourceToken and no sourceArn (the token binds Alexa only)",
            classic({ principal: "sns.amazonaws.com", eventSourceToken: "amzn1.ask.skill.x" }),
            /it names no sourceArn/,
            undefined,
        ],
        // Review M2: a wildcard where the resource's name goes names no resource.
        [
            "s3 sourceArn arn:aws:s3:::* with sourceAccount",
            classic({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::*", sourceAccount: A }),
            /its sourceArn arn:aws:s3:::\* names no resource: a wildcard stands where the resource's name goes, so every resource of the service that fits \(e.g. arn:aws:s3:::other\) may invoke the function/,
            undefined,
        ],
        [
            "sns sourceArn any topic of this account",
            native({ principal: "sns.amazonaws.com", sourceArn: `arn:aws:sns:eu-west-2:${A}:*` }),
            new RegExp(`its sourceArn arn:aws:sns:eu-west-2:${A}:\\* names no resource`),
            undefined,
        ],
        [
            "events sourceArn rule/* of this account",
            classic({ principal: "events.amazonaws.com", sourceArn: `arn:aws:events:eu-west-2:${A}:rule/*` }),
            new RegExp(`its sourceArn arn:aws:events:eu-west-2:${A}:rule/\\* names no resource: .*rule/other`),
            undefined,
        ],
        [
            "s3 sourceArn a bucket-name prefix (sales-streaming-*) with sourceAccount",
            classic({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::sales-streaming-*", sourceAccount: A }),
            /its sourceArn arn:aws:s3:::sales-streaming-\* names no resource/,
            undefined,
        ],
        [
            "API Gateway sourceArn with a fixed API id (Lambda Developer Guide form)",
            classic({
                principal: "apigateway.amazonaws.com",
                sourceArn: `arn:aws:execute-api:eu-west-2:${A}:a1b2c3d4e5/*/GET/orders`,
            }),
            undefined,
            undefined,
        ],
        [
            "CloudWatch Logs sourceArn log-group:NAME:* (Lambda Developer Guide form)",
            classic({
                principal: "logs.amazonaws.com",
                sourceArn: `arn:aws:logs:eu-west-2:${A}:log-group:/app/orders:*`,
            }),
            undefined,
            undefined,
        ],
        // Review M3: documented account-only forms (lib/documented-forms.ts, kind "function").
        [
            "Secrets Manager rotation with sourceAccount only",
            classic({ principal: "secretsmanager.amazonaws.com", sourceAccount: A }),
            undefined,
            undefined,
        ],
        [
            "Secrets Manager rotation with sourceAccount only (aws-native)",
            native({ principal: "secretsmanager.amazonaws.com", sourceAccount: A }),
            undefined,
            undefined,
        ],
        [
            "AWS Config custom rule with sourceAccount only",
            classic({ principal: "config.amazonaws.com", sourceAccount: A }),
            undefined,
            undefined,
        ],
        [
            "AWS Config custom rule with sourceAccount only (aws-native)",
            native({ principal: "config.amazonaws.com", sourceAccount: A }),
            undefined,
            undefined,
        ],
        [
            "Secrets Manager rotation with another account's sourceAccount",
            classic({ principal: "secretsmanager.amazonaws.com", sourceAccount: O }),
            new RegExp(`its AWS:SourceAccount names account ${O}`),
            undefined,
        ],
        [
            "Secrets Manager rotation with nothing",
            classic({ principal: "secretsmanager.amazonaws.com" }),
            /it names no sourceArn/,
            undefined,
        ],
    ];
    for (const [name, r, cd, oa] of cases) {
        it(`${cd || oa ? "violation" : "passes"}: ${name}`, async () => {
            const f = await findings(r);
            if (cd) {
                assert.strictEqual(f.cd.length, 1, f.cd.join("\n"));
                assert.match(f.cd[0], cd);
            } else {
                assert.deepStrictEqual(f.cd, []);
            }
            if (oa) {
                assert.strictEqual(f.oa.length, 1, f.oa.join("\n"));
                assert.match(f.oa[0], oa);
            } else {
                assert.deepStrictEqual(f.oa, []);
            }
        });
    }
});

describe("Lambda permissions: a sourceArn pattern admits the plan's other resources (review M2)", function () {
    this.timeout(60_000);
    it("names the stack's log bucket that sales-streaming-* admits", async () => {
        const f = await findings([
            one("aws:s3/bucket:Bucket", "data", { bucket: "sales-streaming-data" }),
            one("aws:s3/bucket:Bucket", "logs", { bucket: "sales-streaming-logs" }),
            classic({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::sales-streaming-*", sourceAccount: A }),
        ]);
        assert.deepStrictEqual(f.cd, [
            `perm: permission: statement 0: its sourceArn arn:aws:s3:::sales-streaming-* names no resource: a wildcard stands where the resource's name goes, so every resource of the service that fits (e.g. arn:aws:s3:::sales-streaming-other, or the plan's arn:aws:s3:::sales-streaming-data, arn:aws:s3:::sales-streaming-logs) may invoke the function (confused deputy); bind it with StringEquals aws:SourceAccount = ${A} and ArnEquals aws:SourceArn = the ARN of the resource it serves`,
        ]);
    });
});

describe("server access logs: accepted only on the target bucket's policy", function () {
    this.timeout(60_000);
    const plan = (holder: "data" | "logs" | "other") =>
        logDeliveryPlan(holder, logDeliveryPolicy(A, `${holder}-bucket`, "data-bucket"));
    const cd = async (rs: FixtureResource[]) =>
        linesFor(
            await run(rs, { "confused-deputy-source-conditions": { accountId: A } }),
            "confused-deputy-source-conditions",
        );

    it("passes on the policy of the bucket the source logs to", async () => {
        assert.deepStrictEqual(await cd(plan("logs")), []);
    });

    // Review M5: a bucket no logging of the plan delivers to; and inline logging read as a source.
    const holderPolicy = (holder: string, source: string) =>
        one(
            "aws:s3/bucketPolicy:BucketPolicy",
            "holder-policy",
            {
                bucket: `${holder}-bucket`,
                policy: JSON.stringify(logDeliveryPolicy(A, `${holder}-bucket`, source)),
            },
            { refs: { bucket: [holder] } },
        );
    const noTarget = `holder-policy: policy: statement 0 ("Logs"): no server access logging of the plan delivers to this bucket (no BucketLogging or inline logging names it as its target), so the grant serves no source of the plan (confused deputy); bind it with StringEquals aws:SourceAccount = ${A} and ArnEquals aws:SourceArn = the ARN of the resource it serves`;

    it("is a violation on a bucket the plan does not log to at all", async () => {
        assert.deepStrictEqual(
            await cd([
                one("aws:s3/bucket:Bucket", "data", { bucket: "data-bucket" }),
                one("aws:s3/bucket:Bucket", "audit", { bucket: "audit-bucket" }),
                holderPolicy("audit", "data-bucket"),
            ]),
            [noTarget],
        );
    });

    it("is not judged (no violation) when a logging target is unknown until apply", async () => {
        const report = await run(
            [
                one("aws:s3/bucket:Bucket", "data", { bucket: "data-bucket" }),
                one("aws:s3/bucket:Bucket", "audit", { bucket: "audit-bucket" }),
                one("aws:s3/bucketLogging:BucketLogging", "data-logging", {
                    bucket: "data-bucket",
                    targetBucket: UNKNOWN,
                    targetPrefix: "p/",
                }),
                holderPolicy("audit", "data-bucket"),
            ],
            { "confused-deputy-source-conditions": { accountId: A } },
        );
        assert.deepStrictEqual(linesFor(report, "confused-deputy-source-conditions"), []);
    });

    it("reads a classic bucket's inline logging: passes on its target, a violation elsewhere", async () => {
        const rs = (holder: string) => [
            one("aws:s3/bucket:Bucket", "data", {
                bucket: "data-bucket",
                logging: { targetBucket: "logs-bucket", targetPrefix: "p/" },
            }),
            one("aws:s3/bucket:Bucket", "logs", { bucket: "logs-bucket" }),
            one("aws:s3/bucket:Bucket", "other", { bucket: "other-bucket" }),
            holderPolicy(holder, "data-bucket"),
        ];
        assert.deepStrictEqual(await cd(rs("logs")), []);
        const other = await cd(rs("other"));
        assert.strictEqual(other.length, 1, other.join("\n"));
        assert.match(
            other[0],
            /act for the bucket arn:aws:s3:::data-bucket, which logs to another bucket, not to this one/,
        );
    });

    it("reads an aws-native bucket's loggingConfiguration (destination, or itself by default)", async () => {
        const rs = (dest: Record<string, unknown>) => [
            one("aws-native:s3:Bucket", "data", { bucketName: "data-bucket", loggingConfiguration: dest }),
            one("aws:s3/bucket:Bucket", "logs", { bucket: "logs-bucket" }),
            holderPolicy("logs", "data-bucket"),
        ];
        assert.deepStrictEqual(await cd(rs({ destinationBucketName: "logs-bucket", logFilePrefix: "p/" })), []);
        const self = await cd(rs({ logFilePrefix: "p/" }));
        assert.strictEqual(self.length, 1, self.join("\n"));
        assert.match(
            self[0],
            /act for the bucket arn:aws:s3:::data-bucket, which logs to another bucket, not to this one/,
        );
    });

    it("is a violation on another bucket's policy (the source logs elsewhere)", async () => {
        assert.deepStrictEqual(await cd(plan("other")), [
            `holder-policy: policy: statement 0 ("Logs"): lets logging.s3.amazonaws.com act for the bucket arn:aws:s3:::data-bucket, which logs to another bucket, not to this one (confused deputy); bind it with StringEquals aws:SourceAccount = ${A} and ArnEquals aws:SourceArn = the ARN of the resource it serves`,
        ]);
    });
});
