// Lambda permissions (issue 22) are judged like service statements: each is the statement Lambda adds to
// the function's resource-based policy (lib/documents.ts lambdaPermissionDocument), so a service principal
// must name its source (sourceArn, and sourceAccount where the ARN names no account, as for S3) and an
// account principal must be this account (other-accounts, unless trusted); `*` is every account. And a
// server-access-log statement is accepted only on the policy of the bucket its source logs to. Labels: AWS
// Lambda Developer Guide, "Granting Lambda function access to AWS services"; AWS Lambda API Reference,
// "AddPermission"; Amazon S3 User Guide, "Enabling Amazon S3 server access logging".
import * as assert from "assert";
import { lambdaPermissionDocument } from "../../policies/lib/documents";
import { FixtureResource } from "../fixtures/policies/plan";
import { linesFor, one, run } from "./helpers";

const A = "123456789012";
const O = "444455556666";
const FN = `arn:aws:lambda:eu-west-2:${A}:function:handler`;
const TOPIC = `arn:aws:sns:eu-west-2:${A}:topic`;

const classic = (inputs: Record<string, unknown>) =>
    one("aws:lambda/permission:Permission", "perm", { function: FN, action: "lambda:InvokeFunction", ...inputs });
const native = (inputs: Record<string, unknown>) =>
    one("aws-native:lambda:Permission", "perm", { functionName: FN, action: "lambda:InvokeFunction", ...inputs });

async function findings(r: FixtureResource): Promise<{ cd: string[]; oa: string[] }> {
    const report = await run([r], {
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

describe("server access logs: accepted only on the target bucket's policy", function () {
    this.timeout(60_000);
    const logStatement = (logs: string, source: string) => ({
        Sid: "Logs",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${logs}/p/*`,
        Condition: { StringEquals: { "aws:SourceAccount": A, "aws:SourceArn": `arn:aws:s3:::${source}` } },
    });
    const plan = (holder: string): FixtureResource[] => [
        one("aws:s3/bucket:Bucket", "data", { bucket: "data-bucket" }),
        one("aws:s3/bucket:Bucket", "logs", { bucket: "logs-bucket" }),
        one("aws:s3/bucket:Bucket", "other", { bucket: "other-bucket" }),
        one(
            "aws:s3/bucketLogging:BucketLogging",
            "data-logging",
            { bucket: "data-bucket", targetBucket: "logs-bucket", targetPrefix: "p/" },
            { refs: { bucket: ["data"], targetBucket: ["logs"] } },
        ),
        one(
            "aws:s3/bucketPolicy:BucketPolicy",
            "holder-policy",
            {
                bucket: `${holder}-bucket`,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [logStatement(`${holder}-bucket`, "data-bucket")],
                }),
            },
            { refs: { bucket: [holder] } },
        ),
    ];
    const cd = async (rs: FixtureResource[]) =>
        linesFor(
            await run(rs, { "confused-deputy-source-conditions": { accountId: A } }),
            "confused-deputy-source-conditions",
        );

    it("passes on the policy of the bucket the source logs to", async () => {
        assert.deepStrictEqual(await cd(plan("logs")), []);
    });

    it("is a violation on another bucket's policy (the source logs elsewhere)", async () => {
        assert.deepStrictEqual(await cd(plan("other")), [
            `holder-policy: policy: statement 0 ("Logs"): lets logging.s3.amazonaws.com act for the bucket arn:aws:s3:::data-bucket, which logs to another bucket, not to this one (confused deputy); bind it with StringEquals aws:SourceAccount = ${A} and ArnEquals aws:SourceArn = the ARN of the resource it serves`,
        ]);
    });
});
