// data-egress (issue 22): exact findings on hand-written plans, through the analyzer entry points, and
// the dev plan (offline plan and first preview) with no finding at all. The variant table
// (variants-egress.ts) holds the single edits of the dev plan.
import * as assert from "assert";
import { checkPlan } from "../../tools/lib/analyzer";
import { runOfflinePlan } from "../../tools/lib/offline";
import { policies } from "../../policies/pack";
import { SENDER_TYPES } from "../../policies/lib/egress";
import { linesFor, one, run } from "./helpers";

const P = "data-egress";
const ACCOUNT = "111122223333";
const OTHER = "444455556666";
const R = "eu-west-2";
const q = (a: string) => `arn:aws:sqs:${R}:${a}:q`;
/** A resource naming this account three times, so that the vote has one. */
const anchor = one("aws:sqs/queue:Queue", "own", {
    arn: q(ACCOUNT),
    name: "q",
    kmsMasterKeyId: `arn:aws:kms:${R}:${ACCOUNT}:key/k`,
    url: `https://sqs.${R}.amazonaws.com/${ACCOUNT}/q`,
});

async function findings(resources: Parameters<typeof run>[0], config?: Record<string, unknown>) {
    const report = await run(resources, config ? { [P]: config } : undefined);
    return {
        lines: linesFor(report, P),
        unknown: report.unknown.filter((u) => u.policyName === P).map((u) => u.detail),
    };
}

describe("data-egress", function () {
    it("an event target in another account: exact message", async () => {
        const r = await findings([
            anchor,
            one("aws:cloudwatch/eventTarget:EventTarget", "t", { rule: "r", arn: q(OTHER) }),
        ]);
        assert.deepStrictEqual(r.lines, [
            `t: arn: sends data to event target "${q(OTHER)}" in account ${OTHER}, which is not this stack's account ${ACCOUNT} and not in allowedDestinationAccounts`,
        ]);
    });

    it("allowedDestinationAccounts admits the account; accountId pins this account", async () => {
        const t = one("aws:cloudwatch/eventTarget:EventTarget", "t", { rule: "r", arn: q(OTHER) });
        assert.deepStrictEqual((await findings([anchor, t], { allowedDestinationAccounts: [OTHER] })).lines, []);
        // Pinned to the other account, the anchor's queue... is not a destination; the target is now own.
        assert.deepStrictEqual((await findings([anchor, t], { accountId: OTHER })).lines, []);
    });

    it("an SNS subscription over http: exact message; email is not judged", async () => {
        const sub = (protocol: string, endpoint: string) =>
            one("aws:sns/topicSubscription:TopicSubscription", `s-${protocol}`, {
                topic: `arn:aws:sns:${R}:${ACCOUNT}:t`,
                protocol,
                endpoint,
            });
        const r = await findings([anchor, sub("http", "http://hooks.example.com/x"), sub("email", "a@example.com")]);
        assert.deepStrictEqual(r.lines, [
            's-http: endpoint: sends data to subscription endpoint "http://hooks.example.com/x" over plain HTTP; use an https:// endpoint',
        ]);
        assert.deepStrictEqual(r.unknown, []);
    });

    it("a bucket named only by name outside the plan is advisory, not a violation", async () => {
        const r = await findings([
            anchor,
            one("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "rep", {
                bucket: "src",
                role: `arn:aws:iam::${ACCOUNT}:role/r`,
                rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::elsewhere" } }],
            }),
        ]);
        assert.deepStrictEqual(r.lines, []);
        assert.strictEqual(r.unknown.length, 1);
        assert.match(
            r.unknown[0],
            /rep rules\[0\]\.destination\.bucket: replication destination bucket "arn:aws:s3:::elsewhere": a bucket named only by name, not in the plan/,
        );
    });

    it("the replication destination's stated account decides; a bucket of the plan is this account", async () => {
        const rep = (bucket: string, account?: string) =>
            one("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "rep", {
                bucket: "src",
                role: `arn:aws:iam::${ACCOUNT}:role/r`,
                rules: [{ status: "Enabled", destination: { bucket, ...(account ? { account } : {}) } }],
            });
        const own = one("aws:s3/bucketV2:BucketV2", "dest", { bucket: "dest-bucket" });
        assert.deepStrictEqual((await findings([anchor, own, rep("arn:aws:s3:::dest-bucket")])).lines, []);
        assert.deepStrictEqual((await findings([anchor, rep("arn:aws:s3:::x", OTHER)])).lines, [
            `rep: rules[0].destination.bucket: sends data to replication destination bucket "arn:aws:s3:::x" in account ${OTHER}, which is not this stack's account ${ACCOUNT} and not in allowedDestinationAccounts`,
        ]);
    });

    it("a value unknown until apply: judged by its dependency on the plan, else advisory", async () => {
        const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const withDep = one(
            "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
            "f1",
            { logGroup: "g", filterPattern: "", destinationArn: UNKNOWN },
            { refs: { destinationArn: ["own"] } },
        );
        const without = one("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "f2", {
            logGroup: "g",
            filterPattern: "",
            destinationArn: UNKNOWN,
        });
        const a = await findings([anchor, withDep]);
        assert.deepStrictEqual([a.lines, a.unknown], [[], []]);
        const b = await findings([anchor, without]);
        assert.deepStrictEqual(b.lines, []);
        assert.match(
            b.unknown[0] ?? "",
            /f2 destinationArn: log subscription destination \(unknown until apply\): unknown until apply and not a resource of the plan/,
        );
    });

    it("Firehose: every destination block, the source skipped", async () => {
        const r = await findings([
            anchor,
            one("aws-native:kinesisfirehose:DeliveryStream", "fh", {
                kinesisStreamSourceConfiguration: { kinesisStreamArn: `arn:aws:kinesis:${R}:${OTHER}:stream/src` },
                amazonopensearchserviceDestinationConfiguration: {
                    domainArn: `arn:aws:es:${R}:${OTHER}:domain/d`,
                    s3Configuration: { bucketArn: "arn:aws:s3:::b" },
                },
            }),
        ]);
        assert.deepStrictEqual(r.lines, [
            `fh: amazonopensearchserviceDestinationConfiguration.domainArn: sends data to search domain "arn:aws:es:${R}:${OTHER}:domain/d" in account ${OTHER}, which is not this stack's account ${ACCOUNT} and not in allowedDestinationAccounts`,
        ]);
        assert.match(
            r.unknown[0] ?? "",
            /fh amazonopensearchserviceDestinationConfiguration\.s3Configuration\.bucketArn: delivery bucket/,
        );
    });

    it("the offline check rejects a malformed allowedDestinationAccounts entry", async () => {
        await assert.rejects(
            run([anchor], { [P]: { allowedDestinationAccounts: ["12345"] } }),
            /allowedDestinationAccounts/,
        );
    });

    it("reads every sender type it names (table kept in one place)", () => {
        assert.ok(SENDER_TYPES.includes("aws:cloudwatch/eventTarget:EventTarget"));
        assert.ok(SENDER_TYPES.includes("aws-native:events:Rule"));
        assert.strictEqual(new Set(SENDER_TYPES).size, SENDER_TYPES.length);
    });

    describe("the dev stack", function () {
        for (const preview of [false, true]) {
            it(`${preview ? "first preview" : "offline plan"}: no finding, no advisory`, async () => {
                const { plan } = await runOfflinePlan({ stack: "dev", preview });
                const report = await checkPlan(plan, { policies: policies.filter((p) => p.name === P) });
                assert.deepStrictEqual(
                    [...report.violations, ...report.unknown].map((v) => `${v.resourceName}: ${v.detail}`),
                    [],
                );
            });
        }
    });
});
