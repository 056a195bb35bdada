// Issue 19 review: the "documented binding none" (and sts:ExternalId) exemptions of
// confused-deputy-source-conditions hold only in the entry's scope (policies/lib/documented-forms.ts
// inScope): the Lambda execution-role form on a role Lambda alone uses, the Firehose form on a role a
// delivery stream uses, never on a role trusted by more than one service. Each edit below is one of
// the reviewer's reproductions (a single edit of the dev plan); each passed the pack before the fix.
import { strict as assert } from "assert";
import { checkPlan } from "../../tools/lib/analyzer";
import { runOfflinePlan } from "../../tools/lib/offline";
import { devConfigWithoutBootstrap } from "../support/plan";
import { Plan } from "../../tools/lib/plan-format";
import { EditedDocument, editDocument, linesFor, one, run } from "./helpers";

const RULE = "confused-deputy-source-conditions";
const ACCOUNT = "123456789012";
type Doc = EditedDocument;

const edit = editDocument;

const lambdaTrust = {
    Sid: "X",
    Effect: "Allow",
    Principal: { Service: "lambda.amazonaws.com" },
    Action: "sts:AssumeRole",
};
function appflowRead(d: Doc): void {
    const r = d.Statement[0].Resource;
    const bucket = String(Array.isArray(r) ? r[0] : r).split("/")[0];
    d.Statement.push({
        Sid: "X",
        Effect: "Allow",
        Principal: { Service: "appflow.amazonaws.com" },
        Action: ["s3:ListBucket", "s3:GetObject"],
        Resource: [bucket, `${bucket}/*`],
    });
}

describe("documented forms: exemptions only in scope (confused-deputy-source-conditions)", function () {
    this.timeout(180_000);
    let plan: Plan;
    before(async () => {
        plan = (await runOfflinePlan({ stack: "dev", config: devConfigWithoutBootstrap() })).plan;
    });

    it("the dev plan: no violation (the delivery role is in the Firehose form's scope)", async () => {
        assert.deepEqual(linesFor(await checkPlan(plan), RULE), []);
    });

    const CASES: { name: string; resource: string; key: string; f: (d: Doc) => void; expect: RegExp[] }[] = [
        {
            name: "v1: lambda.amazonaws.com trust added to the workflow role",
            resource: "integrations-workflows-role",
            key: "assumeRolePolicy",
            f: (d) => d.Statement.push(lambdaTrust),
            expect: [
                /^integrations-workflows-role: assumeRolePolicy: statement 1 \("X"\): lets lambda\.amazonaws\.com act for a resource of account 999988887777/,
            ],
        },
        {
            name: "v6: lambda.amazonaws.com trust added to the Firehose delivery role (two services: both judged strictly)",
            resource: "sales-streaming-ctr-delivery-role",
            key: "assumeRolePolicy",
            f: (d) => d.Statement.push(lambdaTrust),
            expect: [
                /^sales-streaming-ctr-delivery-role: assumeRolePolicy: statement 0 \("FirehoseOfThisAccountDelivers"\): lets firehose\.amazonaws\.com act for/,
                /^sales-streaming-ctr-delivery-role: assumeRolePolicy: statement 1 \("X"\): lets lambda\.amazonaws\.com act for/,
            ],
        },
        {
            name: "v7: a Firehose trust with sts:ExternalId on the workflow role (no delivery stream uses it)",
            resource: "integrations-workflows-role",
            key: "assumeRolePolicy",
            f: (d) =>
                d.Statement.push({
                    Sid: "X",
                    Effect: "Allow",
                    Principal: { Service: "firehose.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "sts:ExternalId": ACCOUNT } },
                }),
            expect: [
                /^integrations-workflows-role: assumeRolePolicy: statement 1 \("X"\): lets firehose\.amazonaws\.com act for a resource of account 999988887777/,
            ],
        },
        {
            name: "v2: AppFlow read on the contact-record bucket, unconditioned",
            resource: "sales-streaming-ctr-bucket-policy",
            key: "policy",
            f: appflowRead,
            expect: [
                /^sales-streaming-ctr-bucket-policy: policy: statement 1 \("X"\): lets appflow\.amazonaws\.com act for a resource of account 999988887777/,
            ],
        },
        {
            name: "v4: AppFlow read on the audit bucket, unconditioned",
            resource: "audit-trail-bucket-policy",
            key: "policy",
            f: appflowRead,
            expect: [
                /^audit-trail-bucket-policy: policy: statement 3 \("X"\): lets appflow\.amazonaws\.com act for a resource of account 999988887777/,
            ],
        },
    ];
    for (const c of CASES)
        it(`reports ${c.name}`, async () => {
            const lines = linesFor(await checkPlan(edit(plan, c.resource, c.key, c.f)), RULE);
            assert.equal(lines.length, c.expect.length, lines.join("\n"));
            c.expect.forEach((re, i) => assert.match(lines[i], re));
        });

    const trust = (...statements: Record<string, unknown>[]) =>
        JSON.stringify({ Version: "2012-10-17", Statement: statements });
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/handler-role`;
    const role = (statements: Record<string, unknown>[]) =>
        one(
            "aws:iam/role:Role",
            "handler-role",
            { assumeRolePolicy: trust(...statements) },
            { outputs: { arn: roleArn } },
        );
    const fn = one(
        "aws:lambda/function:Function",
        "handler",
        { role: roleArn, runtime: "nodejs20.x", handler: "index.handler" },
        { refs: { role: ["handler-role"] } },
    );
    const stream = one(
        "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
        "stream",
        { destination: "extended_s3", extendedS3Configuration: { roleArn, bucketArn: "arn:aws:s3:::b" } },
        { refs: { extendedS3Configuration: ["handler-role"] } },
    );

    it("the Lambda form holds on a role a Lambda function uses, or no resource uses", async () => {
        assert.deepEqual(linesFor(await run([role([lambdaTrust]), fn]), RULE), []);
        assert.deepEqual(linesFor(await run([role([lambdaTrust])]), RULE), []);
    });

    it("the Lambda form does not hold on a role a delivery stream uses", async () => {
        const lines = linesFor(await run([role([lambdaTrust]), stream]), RULE);
        assert.equal(lines.length, 1, lines.join("\n"));
        assert.match(
            lines[0],
            /^handler-role: assumeRolePolicy: statement 0 \("X"\): lets lambda\.amazonaws\.com act for/,
        );
    });

    it("a none-form statement naming another account in aws:SourceAccount still fails (account check first)", async () => {
        const lines = linesFor(
            await run([
                role([{ ...lambdaTrust, Condition: { StringEquals: { "aws:SourceAccount": "999988887777" } } }]),
                fn,
            ]),
            RULE,
        );
        assert.equal(lines.length, 1, lines.join("\n"));
        assert.match(
            lines[0],
            /its aws:SourceAccount names account 999988887777, not this stack's account 123456789012/,
        );
    });
});
