// The contact-record bucket's server access logs: a dedicated, locked log bucket (SSE-S3, the only
// default encryption a log target may have: Amazon S3 User Guide, "Enabling Amazon S3 server access
// logging"), whose policy lets only logging.s3.amazonaws.com write, bound to the source bucket and
// account ("Permissions for log delivery"); logging is turned on only after that policy exists.
import { strict as assert } from "assert";
import { runOfflinePlan } from "../../tools/lib/offline";
import { Plan } from "../../tools/lib/plan-format";
import { ConfigError } from "../../components/config";
import { accessLogBucketPolicy, validateAccessLogBucketArgs } from "../../components/common/access-log-bucket";
import { devConfig, stepNamed } from "./helpers";

const P = "connect-customer-profiles";
const ctx = { partition: "aws", accountId: "123456789012", region: "eu-west-2" };
const SOURCE = "arn:aws:s3:::sales-streaming-ctr-bucket-1234567";
const LOGS = "arn:aws:s3:::sales-streaming-ctr-logs-7654321";

describe("access logs: the log bucket's policy document", () => {
    it("only logging.s3.amazonaws.com, only s3:PutObject under the source's prefix, bound to the source bucket and account; TLS only", () => {
        assert.deepEqual(accessLogBucketPolicy(ctx, LOGS, [{ name: "contact-records", bucketArn: SOURCE }]), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ServerAccessLogsFromContactRecords",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${LOGS}/contact-records/*`,
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012", "aws:SourceArn": SOURCE } },
                },
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [LOGS, `${LOGS}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
    });

    it("two sources: each bound to its own bucket and its own prefix", () => {
        const other = "arn:aws:s3:::audit-trail-bucket-1111111";
        const doc = accessLogBucketPolicy(ctx, LOGS, [
            { name: "contact-records", bucketArn: SOURCE },
            { name: "audit-trail", bucketArn: other },
        ]);
        assert.deepEqual(
            doc.Statement.map((s) => [s.Sid, s.Resource, (s.Condition as any)?.StringEquals?.["aws:SourceArn"]]),
            [
                ["ServerAccessLogsFromContactRecords", `${LOGS}/contact-records/*`, SOURCE],
                ["ServerAccessLogsFromAuditTrail", `${LOGS}/audit-trail/*`, other],
                ["DenyInsecureTransport", [LOGS, `${LOGS}/*`], undefined],
            ],
        );
    });

    it("bad arguments: every problem, each naming the argument, the value and the expected form", () => {
        assert.deepEqual(
            validateAccessLogBucketArgs({
                context: ctx,
                sources: [
                    { name: "Contact_Records", bucketName: "b", bucketArn: SOURCE },
                    { name: "x", bucketName: "b", bucketArn: SOURCE },
                    { name: "x", bucketName: "c", bucketArn: SOURCE },
                ],
                expirationDays: 0,
                noncurrentVersionExpirationDays: 366,
            }),
            [
                'sources[0].name: "Contact_Records" is not valid; expected a lower-case name of 1–32 letters, digits or "-", starting with a letter',
                'sources[2].name: "x" is not valid; expected a name no other source has',
                "expirationDays: 0 is not valid; expected a whole number of days from 1 to 3650",
                "noncurrentVersionExpirationDays: 366 is not valid; expected a whole number of days from 1 to 365",
            ],
        );
        assert.deepEqual(validateAccessLogBucketArgs({ context: ctx, sources: [] }), [
            "sources: [] is not valid; expected at least one source bucket { name, bucketName, bucketArn }",
        ]);
    });
});

describe("access logs: the dev stack's contact-record bucket (sales, Firehose)", () => {
    let plan: Plan;
    const state = (type: string, name: string) => stepNamed(plan, type, name).newState;
    const urn = (type: string, name: string) => stepNamed(plan, type, name).urn;
    before(async () => {
        plan = (await runOfflinePlan({ config: devConfig() })).plan;
    });

    it("the log bucket is locked: public access blocked, ACLs disabled, SSE-S3, versioned, expiring, protected", () => {
        const bucket = state("aws:s3/bucket:Bucket", "sales-streaming-ctr-logs");
        assert.equal(bucket.protect, true);
        assert.equal(bucket.inputs.forceDestroy, false);
        const pab = state(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "sales-streaming-ctr-logs-public-access",
        ).inputs;
        assert.deepEqual(
            [pab.bucket, pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets],
            [bucket.outputs!.bucket, true, true, true, true],
        );
        assert.deepEqual(
            state("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "sales-streaming-ctr-logs-ownership").inputs
                .rule,
            { objectOwnership: "BucketOwnerEnforced" },
        );
        assert.deepEqual(
            state(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "sales-streaming-ctr-logs-encryption",
            ).inputs.rules,
            [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        );
        assert.deepEqual(
            state("aws:s3/bucketVersioning:BucketVersioning", "sales-streaming-ctr-logs-versioning").inputs
                .versioningConfiguration,
            { status: "Enabled" },
        );
        assert.deepEqual(
            state(
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                "sales-streaming-ctr-logs-lifecycle",
            ).inputs.rules,
            [
                {
                    id: "expire-access-logs",
                    status: "Enabled",
                    filter: {},
                    expiration: { days: 365 },
                    noncurrentVersionExpiration: { noncurrentDays: 30 },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ],
        );
    });

    it("its policy is exactly the delivery statement for the contact-record bucket and the TLS-only Deny", () => {
        const logs = state("aws:s3/bucket:Bucket", "sales-streaming-ctr-logs").outputs!.arn as string;
        const source = state("aws:s3/bucket:Bucket", "sales-streaming-ctr-bucket").outputs!.arn as string;
        assert.deepEqual(
            JSON.parse(
                state("aws:s3/bucketPolicy:BucketPolicy", "sales-streaming-ctr-logs-policy").inputs.policy as string,
            ),
            accessLogBucketPolicy(ctx, logs, [{ name: "contact-records", bucketArn: source }]),
        );
    });

    it("logging of the contact-record bucket goes to the log bucket under contact-records/, after the log bucket's policy", () => {
        const logging = stepNamed(
            plan,
            "aws:s3/bucketLogging:BucketLogging",
            "sales-streaming-ctr-logs-from-contact-records",
        );
        assert.deepEqual(logging.newState.inputs, {
            bucket: state("aws:s3/bucket:Bucket", "sales-streaming-ctr-bucket").outputs!.bucket,
            targetBucket: state("aws:s3/bucket:Bucket", "sales-streaming-ctr-logs").outputs!.bucket,
            targetPrefix: "contact-records/",
        });
        // Exactly: the policy (the only way to admit logging.s3.amazonaws.com with ACLs disabled), the
        // target's ownership and encryption settings, and the two buckets it names.
        assert.deepEqual(
            [...logging.newState.dependencies!].sort(),
            [
                urn("aws:s3/bucketPolicy:BucketPolicy", "sales-streaming-ctr-logs-policy"),
                urn("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "sales-streaming-ctr-logs-ownership"),
                urn(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "sales-streaming-ctr-logs-encryption",
                ),
                urn("aws:s3/bucket:Bucket", "sales-streaming-ctr-bucket"),
                urn("aws:s3/bucket:Bucket", "sales-streaming-ctr-logs"),
            ].sort(),
        );
    });

    it("a data-stream instance (support) has no contact-record bucket and so no log bucket", () => {
        assert.equal(
            plan.steps.filter((s) => s.urn.includes("support-streaming-ctr-logs")).length,
            0,
            "support streams contact records to Kinesis: nothing to log",
        );
    });

    it("destination.accessLogExpirationDays sets the log bucket's expiry", async () => {
        const cfg = devConfig();
        (cfg[`${P}:instanceStreaming`] as any).sales.contactRecords.destination.accessLogExpirationDays = 90;
        const other = (await runOfflinePlan({ config: cfg })).plan;
        const rules = stepNamed(
            other,
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            "sales-streaming-ctr-logs-lifecycle",
        ).newState.inputs.rules as any[];
        assert.equal(rules[0].expiration.days, 90);
    });
});

describe("access logs: configuration", () => {
    async function rejected(destination: Record<string, unknown>): Promise<string[]> {
        const cfg = devConfig();
        const sales = (cfg[`${P}:instanceStreaming`] as any).sales;
        sales.contactRecords.destination = { ...sales.contactRecords.destination, ...destination };
        try {
            await runOfflinePlan({ config: cfg });
        } catch (e) {
            assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
            return e.message.split("\n").slice(1);
        }
        assert.fail("expected the config to be rejected");
    }
    const KEY = `${P}:instanceStreaming.sales.contactRecords.destination`;

    it("an expiry outside 1–3650 days", async () => {
        assert.deepEqual(await rejected({ accessLogExpirationDays: 0 }), [
            `  - ${KEY}.accessLogExpirationDays: 0 is not valid; expected a whole number of days from 1 to 3650`,
        ]);
    });

    it("a misspelt setting, with the nearest one", async () => {
        assert.deepEqual(await rejected({ accessLogExpiryDays: 30 }), [
            `  - ${KEY}.accessLogExpiryDays: 30 is not valid; expected no such setting: did you mean \`accessLogExpirationDays\`?`,
        ]);
    });
});
