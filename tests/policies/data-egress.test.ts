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

    it("a value unknown until apply: the plan's only when it depends on a destination of its type whose ARN is unknown too", async () => {
        const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        /** A stream of the plan created in the same preview: its ARN is not known yet. */
        const stream = one("aws:kinesis/stream:Stream", "stream", { name: "s", shardCount: 1 });
        const filter = (name: string, refs: string[]) =>
            one(
                "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
                name,
                { logGroup: "g", filterPattern: "", destinationArn: UNKNOWN },
                refs.length ? { refs: { destinationArn: refs } } : {},
            );
        const a = await findings([anchor, stream, filter("f1", ["stream"])]);
        assert.deepStrictEqual([a.lines, a.unknown], [[], []]);
        // Depending on nothing, or on a resource whose ARN the value cannot be (the anchor queue's ARN is
        // known, so a value taken from it would be known): advisory, not "this account".
        for (const [name, refs] of [
            ["f2", []],
            ["f3", ["own"]],
        ] as const) {
            const b = await findings([anchor, stream, filter(name, [...refs])]);
            assert.deepStrictEqual(b.lines, []);
            assert.deepStrictEqual(b.unknown, [
                `can't run policy '${P}' from policy pack 'connect-customer-profiles-guard@v0.1.0' during preview: not judged until apply (destination account not known from the plan): ${name} destinationArn: log subscription destination (unknown until apply): unknown until apply and not the identifier of a destination resource of the plan`,
            ]);
        }
    });

    it("a partly unknown ARN keeps the account it shows (preview)", async () => {
        const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const partial = `arn:aws:sqs:${R}:${OTHER}:${UNKNOWN}`;
        const r = await findings([
            anchor,
            one("aws:cloudwatch/eventTarget:EventTarget", "t", { rule: "r", arn: partial }, { refs: { arn: ["own"] } }),
            one("aws:customerprofiles/domain:Domain", "d", {
                domainName: "d",
                defaultExpirationDays: 1,
                deadLetterQueueUrl: `https://sqs.${R}.amazonaws.com/${OTHER}/${UNKNOWN}`,
            }),
        ]);
        assert.deepStrictEqual(r.lines, [
            `t: arn: sends data to event target (unknown until apply) in account ${OTHER}, which is not this stack's account ${ACCOUNT} and not in allowedDestinationAccounts`,
            `d: deadLetterQueueUrl: sends data to domain dead-letter queue (unknown until apply) in account ${OTHER}, which is not this stack's account ${ACCOUNT} and not in allowedDestinationAccounts`,
        ]);
    });

    it("account-level log subscription policies (classic and aws-native): DestinationArn of the document", async () => {
        const doc = (account: string) =>
            JSON.stringify({ DestinationArn: `arn:aws:logs:${R}:${account}:destination:d`, FilterPattern: "" });
        const r = await findings([
            anchor,
            one("aws:cloudwatch/logAccountPolicy:LogAccountPolicy", "lap", {
                policyName: "x",
                policyType: "SUBSCRIPTION_FILTER_POLICY",
                policyDocument: doc(OTHER),
            }),
            one("aws-native:logs:AccountPolicy", "nlap", {
                policyName: "x",
                policyType: "SUBSCRIPTION_FILTER_POLICY",
                scope: "ALL",
                policyDocument: doc(OTHER),
            }),
            // A data-protection policy is not a subscription: not read as one.
            one("aws:cloudwatch/logAccountPolicy:LogAccountPolicy", "dp", {
                policyName: "y",
                policyType: "DATA_PROTECTION_POLICY",
                policyDocument: doc(OTHER),
            }),
            one("aws:cloudwatch/logAccountPolicy:LogAccountPolicy", "own-lap", {
                policyName: "z",
                policyType: "SUBSCRIPTION_FILTER_POLICY",
                policyDocument: doc(ACCOUNT),
            }),
        ]);
        const msg = (n: string) =>
            `${n}: policyDocument.DestinationArn: sends data to account-level log subscription destination "arn:aws:logs:${R}:${OTHER}:destination:d" in account ${OTHER}, which is not this stack's account ${ACCOUNT} and not in allowedDestinationAccounts`;
        assert.deepStrictEqual(r.lines, [msg("lap"), msg("nlap")]);
    });

    it("Customer Profiles identity-resolution export buckets (matching, ruleBasedMatching; classic and aws-native)", async () => {
        const exp = (bucket: string) => ({ exportingConfig: { s3Exporting: { s3BucketName: bucket } } });
        const own = one("aws:s3/bucketV2:BucketV2", "own-bucket", { bucket: "own-export" });
        const r = await findings([
            anchor,
            own,
            one("aws:customerprofiles/domain:Domain", "d1", {
                domainName: "d1",
                matching: { enabled: true, ...exp("someone-elses-bucket") },
            }),
            one("aws-native:customerprofiles:Domain", "d2", {
                domainName: "d2",
                ruleBasedMatching: { enabled: true, ...exp("someone-elses-bucket") },
            }),
            one("aws-native:customerprofiles:Domain", "d3", {
                domainName: "d3",
                matching: { enabled: true, ...exp("own-export") },
            }),
        ]);
        assert.deepStrictEqual(r.lines, []);
        assert.deepStrictEqual(
            r.unknown.flatMap((u) => u.replace(/^.*destination account not known from the plan\): /, "").split("; ")),
            [
                'd1 matching.exportingConfig.s3Exporting.s3BucketName: identity resolution export bucket (matching) "someone-elses-bucket": a bucket named only by name, not in the plan',
                'd2 ruleBasedMatching.exportingConfig.s3Exporting.s3BucketName: identity resolution export bucket (ruleBasedMatching) "someone-elses-bucket": a bucket named only by name, not in the plan',
            ],
        );
    });

    it("alarm actions (metric and composite, classic and aws-native) are destinations; EC2 actions are not", async () => {
        const topic = (a: string) => `arn:aws:sns:${R}:${a}:t`;
        const r = await findings(
            [
                anchor,
                one("aws:cloudwatch/metricAlarm:MetricAlarm", "ma", {
                    comparisonOperator: "GreaterThanThreshold",
                    evaluationPeriods: 1,
                    alarmActions: [topic(ACCOUNT), topic(OTHER)],
                    okActions: [`arn:aws:automate:${R}:ec2:stop`],
                }),
                one("aws:cloudwatch/compositeAlarm:CompositeAlarm", "ca", {
                    alarmName: "c",
                    alarmRule: "ALARM(x)",
                    insufficientDataActions: [topic(OTHER)],
                }),
                one("aws-native:cloudwatch:Alarm", "na", { okActions: [topic(OTHER)] }),
                one("aws-native:cloudwatch:CompositeAlarm", "nca", {
                    alarmRule: "ALARM(x)",
                    alarmActions: [topic(OTHER)],
                }),
            ],
            { accountId: ACCOUNT },
        );
        const msg = (n: string, k: string, i: number) =>
            `${n}: ${k}[${i}]: sends data to alarm action (${k}) "${topic(OTHER)}" in account ${OTHER}, which is not this stack's account ${ACCOUNT} and not in allowedDestinationAccounts`;
        assert.deepStrictEqual(r.lines, [
            msg("ma", "alarmActions", 1),
            msg("ca", "insufficientDataActions", 0),
            msg("na", "okActions", 0),
            msg("nca", "alarmActions", 0),
        ]);
    });

    it("S3 inventory and analytics exports (classic and aws-native): the stated owner account decides", async () => {
        const FOREIGN = "arn:aws:s3:::someone-elses-bucket";
        const r = await findings([
            anchor,
            one("aws:s3/inventory:Inventory", "inv", {
                bucket: "src",
                name: "i",
                includedObjectVersions: "All",
                schedule: { frequency: "Daily" },
                destination: { bucket: { bucketArn: FOREIGN, accountId: OTHER, format: "CSV" } },
            }),
            one("aws:s3/analyticsConfiguration:AnalyticsConfiguration", "an", {
                bucket: "src",
                name: "a",
                storageClassAnalysis: {
                    dataExport: {
                        destination: { s3BucketDestination: { bucketArn: FOREIGN, bucketAccountId: OTHER } },
                    },
                },
            }),
            one("aws-native:s3:Bucket", "nb", {
                inventoryConfigurations: [
                    {
                        id: "i",
                        enabled: true,
                        includedObjectVersions: "All",
                        scheduleFrequency: "Daily",
                        destination: { bucketArn: FOREIGN, bucketAccountId: OTHER, format: "CSV" },
                    },
                ],
                analyticsConfigurations: [
                    {
                        id: "a",
                        storageClassAnalysis: {
                            dataExport: {
                                outputSchemaVersion: "V_1",
                                destination: { bucketArn: FOREIGN, format: "CSV" },
                            },
                        },
                    },
                ],
            }),
        ]);
        const msg = (n: string, where: string, what: string) =>
            `${n}: ${where}: sends data to ${what} "${FOREIGN}" in account ${OTHER}, which is not this stack's account ${ACCOUNT} and not in allowedDestinationAccounts`;
        assert.deepStrictEqual(r.lines, [
            msg("inv", "destination.bucket.bucketArn", "inventory destination bucket"),
            msg(
                "an",
                "storageClassAnalysis.dataExport.destination.s3BucketDestination.bucketArn",
                "analytics export bucket",
            ),
            msg("nb", "inventoryConfigurations[0].destination.bucketArn", "inventory destination bucket"),
        ]);
        // No account stated: "the owner is not validated before exporting data": advisory.
        assert.match(
            r.unknown.join("\n"),
            /nb analyticsConfigurations\[0\]\.storageClassAnalysis\.dataExport\.destination\.bucketArn: analytics export bucket "arn:aws:s3:::someone-elses-bucket": a bucket named only by name, not in the plan/,
        );
    });

    it("SQS URL forms (legacy, dual-stack, upper-case host) and an http:// SNS endpoint whatever its protocol", async () => {
        const dom = (n: string, url: string) =>
            one("aws:customerprofiles/domain:Domain", n, {
                domainName: n,
                defaultExpirationDays: 1,
                deadLetterQueueUrl: url,
            });
        const urls = [
            `https://${R}.queue.amazonaws.com/${OTHER}/q`,
            `https://sqs.${R}.api.aws/${OTHER}/q`,
            `https://SQS.${R.toUpperCase()}.AMAZONAWS.COM/${OTHER}/q`,
        ];
        const r = await findings([
            anchor,
            ...urls.map((u, i) => dom(`d${i}`, u)),
            one("aws:sns/topicSubscription:TopicSubscription", "s", {
                topic: `arn:aws:sns:${R}:${ACCOUNT}:t`,
                protocol: "https",
                endpoint: "http://hooks.example.com/x",
            }),
        ]);
        assert.deepStrictEqual(r.lines, [
            ...urls.map(
                (u, i) =>
                    `d${i}: deadLetterQueueUrl: sends data to domain dead-letter queue "${u}" in account ${OTHER}, which is not this stack's account ${ACCOUNT} and not in allowedDestinationAccounts`,
            ),
            's: endpoint: sends data to subscription endpoint "http://hooks.example.com/x" over plain HTTP; use an https:// endpoint',
        ]);
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
