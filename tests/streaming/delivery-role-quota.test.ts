// Review of i20iam (low): with bootstrapRoles, every instance streaming contact records to Firehose
// puts its inline policy on the stack's one delivery role, and IAM allows 10,240 characters of
// inline policies per role together, white space not counted (IAM User Guide, "IAM and AWS STS
// quotas", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). The size is
// measured on the dev plan and in the worst case of names; the configuration refuses more instances
// than the worst case fits, naming the key.
import * as assert from "assert";
import { firehoseDeliveryPolicy } from "../../components/streaming/policies";
import { crossCheck, MAX_FIREHOSE_INSTANCES_PER_ROLE } from "../../components/config";
import { devConfig, planFor, resources } from "../support/plan";

const QUOTA = 10240;
const size = (d: unknown) => JSON.stringify(typeof d === "string" ? JSON.parse(d) : d).length;

describe("the bootstrap's delivery role and IAM's inline-policy quota", function () {
    this.timeout(120000);

    it("one instance's delivery policy: 704 characters on the dev plan, about 900 in the worst case; the limit is the most that fit", async function () {
        const plan = await planFor(devConfig());
        const delivery = resources(plan).filter(
            (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && String(r.inputs.role).endsWith("-ctr-delivery"),
        );
        assert.deepStrictEqual(
            delivery.map((r) => size(r.inputs.policy)),
            [704],
        );
        // The longest names: a 63-character bucket (S3's limit), the longest partition (aws-us-gov,
        // 10 characters, of the partitions AWS names: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b,
        // aws-iso-e, aws-iso-f, aws-eusc) and the longest Region name (14 characters).
        const partition = [
            "aws",
            "aws-cn",
            "aws-us-gov",
            "aws-iso",
            "aws-iso-b",
            "aws-iso-e",
            "aws-iso-f",
            "aws-eusc",
        ].sort((x, y) => y.length - x.length)[0];
        assert.strictEqual(partition, "aws-us-gov");
        const region = "ap-southeast-5";
        const bucketArn = `arn:${partition}:s3:::${"b".repeat(63)}`;
        const worst = size(
            firehoseDeliveryPolicy({ partition, accountId: "123456789012", region } as never, {
                bucketArn,
                keyArn: `arn:${partition}:kms:${region}:123456789012:key/12345678-1234-1234-1234-123456789012`,
            }),
        );
        assert.strictEqual(worst, 913);
        assert.ok(MAX_FIREHOSE_INSTANCES_PER_ROLE * worst <= QUOTA, `${MAX_FIREHOSE_INSTANCES_PER_ROLE} × ${worst}`);
        assert.ok((MAX_FIREHOSE_INSTANCES_PER_ROLE + 1) * worst > QUOTA, "the limit is the most that fit");
    });

    it("more instances streaming to Firehose than fit on one role, with bootstrapRoles: refused, naming the key", function () {
        const streaming = (n: number) =>
            Object.fromEntries(
                Array.from({ length: n }, (_, i) => [`i${i}`, { contactRecords: { target: "KINESIS_FIREHOSE" } }]),
            );
        const instances = (n: number) =>
            Array.from({ length: n }, (_, i) => ({
                name: `i${i}`,
                arn: `arn:aws:connect:eu-west-2:123456789012:instance/i${i}`,
            }));
        const problems = (n: number, bootstrapRoles: boolean) =>
            crossCheck({ bootstrapRoles, connectInstances: instances(n), instanceStreaming: streaming(n) }).filter(
                (p) => p.key === "connect-customer-profiles:instanceStreaming",
            );
        assert.deepStrictEqual(problems(11, true), []);
        assert.deepStrictEqual(problems(12, false), []);
        const [p] = problems(12, true);
        assert.deepStrictEqual(p.value, Object.keys(streaming(12)));
        assert.strictEqual(
            p.expected,
            "at most 11 instances with contactRecords.target KINESIS_FIREHOSE when bootstrapRoles is true (12 given): each puts an inline policy of up to about 900 characters on the stack's one delivery role, and IAM allows 10,240 characters of inline policies per role; split the instances across stacks, or use KINESIS_STREAM for some",
        );
    });
});
