// The opt-in audit trail (auditTrail): a CloudTrail trail of management events (Customer Profiles
// API calls among them; CloudTrail has no Customer Profiles data-event type), on its own customer
// managed key, in a locked, access-logged bucket; the pack judges it like everything else.
import { strict as assert } from "assert";
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as s3 from "@pulumi/aws/s3";
import { runOfflinePlan } from "../../tools/lib/offline";
import { checkPlan } from "../../tools/lib/analyzer";
import { Plan, ResourceState } from "../../tools/lib/plan-format";
import { ConfigError } from "../../components/config";
import {
    auditEventSelectors,
    auditTrailBucketPolicy,
    auditTrailKeyPolicy,
    auditTrailName,
    MANAGEMENT_EVENTS_FORM,
} from "../../components/audit/policies";
import { validateAuditTrailArgs } from "../../components/audit/audit-trail";
import { ciKeyStatements, ciRoleArns } from "../../components/common/ci-key-access";
import { accessLogBucketPolicy } from "../../components/common/access-log-bucket";
import { devConfig, minimalConfig, refusalOf } from "../support/plan";

const P = "connect-customer-profiles";
const ctx = { partition: "aws", accountId: "123456789012", region: "eu-west-2" };
const DOMAIN = "amazon-connect-examplecorp-dev";
const TRAIL = `customer-profiles-${DOMAIN}-audit`;
const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-2:123456789012:trail/${TRAIL}`;

describe("audit trail: documents and selectors", () => {
    it("key policy: root administers; CloudTrail encrypts only for this trail (SourceArn and encryption context) and describes the key", () => {
        assert.equal(auditTrailName(DOMAIN), TRAIL);
        assert.deepEqual(auditTrailKeyPolicy(ctx, { trailName: TRAIL }), {
            Version: "2012-10-17",
            Id: `customer-profiles-audit-trail-${TRAIL}`,
            Statement: [
                {
                    Sid: "AccountRootAdministersKey",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:root" },
                    Action: "kms:*",
                    Resource: "*",
                },
                {
                    Sid: "CloudTrailEncryptsLogsOfThisTrail",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "kms:GenerateDataKey*",
                    Resource: "*",
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": "123456789012",
                            "aws:SourceArn": TRAIL_ARN,
                            "kms:EncryptionContext:aws:cloudtrail:arn": TRAIL_ARN,
                        },
                    },
                },
                {
                    Sid: "CloudTrailDescribesKeyForThisTrail",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "kms:DescribeKey",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012", "aws:SourceArn": TRAIL_ARN } },
                },
            ],
        });
    });

    it("bucket policy: CloudTrail checks the ACL and writes AWSLogs/ACCOUNT/* only for this trail and account; TLS only", () => {
        const bucketArn = "arn:aws:s3:::audit-trail-bucket-1234567";
        assert.deepEqual(auditTrailBucketPolicy(ctx, { bucketArn, trailName: TRAIL }), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "CloudTrailChecksBucketAclForThisTrail",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:GetBucketAcl",
                    Resource: bucketArn,
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012", "aws:SourceArn": TRAIL_ARN } },
                },
                {
                    Sid: "CloudTrailWritesLogsOfThisTrail",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${bucketArn}/AWSLogs/123456789012/*`,
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": "123456789012",
                            "aws:SourceArn": TRAIL_ARN,
                            "s3:x-amz-acl": "bucket-owner-full-control",
                        },
                    },
                },
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [bucketArn, `${bucketArn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
    });

    it("event selectors: management events only (Customer Profiles has no CloudTrail data-event type)", () => {
        assert.deepEqual(auditEventSelectors(), [
            { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        ]);
    });

    it("bad arguments: every problem, naming the argument, the value and the expected form", () => {
        assert.deepEqual(
            validateAuditTrailArgs({
                domainName: "bad name",
                context: ctx,
                managementEvents: false,
                expirationDays: 0,
                accessLogExpirationDays: 1.5,
            }),
            [
                'domainName: "bad name" is not valid; expected a domain name of 1–64 letters, digits, "_" or "-"',
                `managementEvents: false is not valid; expected ${MANAGEMENT_EVENTS_FORM}`,
                "expirationDays: 0 is not valid; expected a whole number of days from 1 to 3650",
                "accessLogExpirationDays: 1.5 is not valid; expected a whole number of days from 1 to 3650",
            ],
        );
    });
});

describe("audit trail: the dev stack (auditTrail on)", () => {
    let plan: Plan;
    const find = (type: string, name: string) => {
        const hits = plan.steps.filter((s) => s.newState?.type === type && s.urn.endsWith(`::${name}`));
        assert.equal(hits.length, 1, `one ${type} ${name}`);
        return hits[0].newState as ResourceState;
    };
    before(async () => {
        plan = (await runOfflinePlan({ config: devConfig() })).plan;
    });

    it("the trail: management events (Customer Profiles API calls among them), log file validation, the trail key, the trail bucket; protected", () => {
        const trail = find("aws:cloudtrail/trail:Trail", "audit-trail");
        const key = find("aws:kms/key:Key", "audit-trail-key");
        const bucket = find("aws:s3/bucket:Bucket", "audit-trail-bucket");
        assert.deepEqual(trail.inputs, {
            name: TRAIL,
            s3BucketName: bucket.outputs!.bucket,
            kmsKeyId: key.outputs!.arn,
            enableLogging: true,
            enableLogFileValidation: true,
            isMultiRegionTrail: false,
            advancedEventSelectors: auditEventSelectors(),
            tags: { ...(devConfig()[`${P}:tags`] as object), "customer-profiles:domain": DOMAIN },
        });
        assert.equal(trail.outputs!.arn, TRAIL_ARN);
        assert.equal(trail.protect, true);
    });

    it("the trail waits for the bucket policy, the bucket's encryption and the key (with its policy): exactly", () => {
        const trail = plan.steps.find((s) => s.urn.endsWith("aws:cloudtrail/trail:Trail::audit-trail"))!;
        const urn = (type: string, name: string) =>
            plan.steps.find((s) => s.newState?.type === type && s.urn.endsWith(`::${name}`))!.urn;
        assert.deepEqual(
            [...trail.newState!.dependencies!].sort(),
            [
                urn("aws:s3/bucketPolicy:BucketPolicy", "audit-trail-bucket-policy"),
                urn(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "audit-trail-bucket-encryption",
                ),
                urn("aws:kms/key:Key", "audit-trail-key"),
                urn("aws:s3/bucket:Bucket", "audit-trail-bucket"),
            ].sort(),
        );
    });

    it("the key: rotation on, its policy set with it, exactly the documented one; protected", () => {
        const key = find("aws:kms/key:Key", "audit-trail-key");
        assert.deepEqual(
            [key.inputs.enableKeyRotation, key.inputs.deletionWindowInDays, key.protect],
            [true, 30, true],
        );
        // The dev stack is deployed by the bootstrap's roles: its CI roles' statements follow the
        // key's own (exact documents: tests/foundation/ci-key-access.test.ts).
        const own = auditTrailKeyPolicy(ctx, { trailName: TRAIL });
        assert.deepEqual(JSON.parse(key.inputs.policy as string), {
            ...own,
            Statement: [...own.Statement, ...ciKeyStatements(ctx, ciRoleArns(ctx, "dev"))],
        });
    });

    it("the bucket: locked, encrypted with the trail key, versioned, expiring (expirationDays), its exact policy; protected", () => {
        const bucket = find("aws:s3/bucket:Bucket", "audit-trail-bucket");
        const key = find("aws:kms/key:Key", "audit-trail-key");
        assert.equal(bucket.protect, true);
        const pab = find(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "audit-trail-bucket-public-access",
        ).inputs;
        assert.deepEqual(
            [pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets],
            [true, true, true, true],
        );
        assert.deepEqual(
            find("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "audit-trail-bucket-ownership").inputs.rule,
            { objectOwnership: "BucketOwnerEnforced" },
        );
        assert.deepEqual(
            find(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "audit-trail-bucket-encryption",
            ).inputs.rules,
            [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs!.arn } }],
        );
        assert.deepEqual(
            find("aws:s3/bucketVersioning:BucketVersioning", "audit-trail-bucket-versioning").inputs
                .versioningConfiguration,
            { status: "Enabled" },
        );
        const rule = (
            find("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "audit-trail-bucket-lifecycle")
                .inputs.rules as any[]
        )[0];
        assert.deepEqual([rule.expiration.days, rule.noncurrentVersionExpiration.noncurrentDays], [400, 30]);
        assert.deepEqual(
            JSON.parse(find("aws:s3/bucketPolicy:BucketPolicy", "audit-trail-bucket-policy").inputs.policy as string),
            auditTrailBucketPolicy(ctx, { bucketArn: bucket.outputs!.arn as string, trailName: TRAIL }),
        );
    });

    it("the bucket is access-logged to its own log bucket (accessLogExpirationDays), after that bucket's policy", () => {
        const bucket = find("aws:s3/bucket:Bucket", "audit-trail-bucket");
        const logs = find("aws:s3/bucket:Bucket", "audit-trail-logs");
        assert.deepEqual(
            JSON.parse(find("aws:s3/bucketPolicy:BucketPolicy", "audit-trail-logs-policy").inputs.policy as string),
            accessLogBucketPolicy(ctx, logs.outputs!.arn as string, [
                { name: "audit-trail", bucketArn: bucket.outputs!.arn as string },
            ]),
        );
        const logging = plan.steps.find((s) =>
            s.urn.endsWith("aws:s3/bucketLogging:BucketLogging::audit-trail-logs-from-audit-trail"),
        )!;
        assert.deepEqual(logging.newState!.inputs, {
            bucket: bucket.outputs!.bucket,
            targetBucket: logs.outputs!.bucket,
            targetPrefix: "audit-trail/",
        });
        assert.ok(logging.newState!.dependencies!.some((u) => u.endsWith("::audit-trail-logs-policy")));
        const rule = (
            find("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "audit-trail-logs-lifecycle")
                .inputs.rules as any[]
        )[0];
        assert.equal(rule.expiration.days, 400);
    });

    it("stack outputs: the trail, its buckets and its key (and the key for the doctor)", () => {
        const outputs = plan.outputs as Record<string, any>;
        assert.deepEqual(outputs.auditTrail, {
            trailArn: TRAIL_ARN,
            bucketName: find("aws:s3/bucket:Bucket", "audit-trail-bucket").outputs!.bucket,
            accessLogBucketName: find("aws:s3/bucket:Bucket", "audit-trail-logs").outputs!.bucket,
            keyArn: find("aws:kms/key:Key", "audit-trail-key").outputs!.arn,
        });
        const own = auditTrailKeyPolicy(ctx, { trailName: TRAIL });
        assert.deepEqual(outputs.keys["audit-trail"].policy, {
            ...own,
            Statement: [...own.Statement, ...ciKeyStatements(ctx, ciRoleArns(ctx, "dev"))],
        });
    });
});

describe("audit trail: the pack judges it", () => {
    let plan: Plan;
    before(async () => {
        plan = (await runOfflinePlan({ config: devConfig() })).plan;
    });
    const caughtBy = async (name: string, f: (doc: any) => void) => {
        const copy = structuredClone(plan);
        const st = copy.steps.find((s) => s.newState?.custom && s.urn.endsWith(`::${name}`))!.newState!;
        for (const props of [st.inputs, st.outputs ?? {}]) {
            if (typeof props.policy !== "string") continue;
            const doc = JSON.parse(props.policy as string);
            f(doc);
            props.policy = JSON.stringify(doc);
        }
        const report = await checkPlan(copy);
        return [
            ...new Set(report.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName)),
        ].sort();
    };

    it("the trail bucket policy without its source conditions", async () => {
        assert.deepEqual(
            await caughtBy("audit-trail-bucket-policy", (d) =>
                d.Statement.filter((s: any) => s.Effect === "Allow").forEach((s: any) => {
                    delete s.Condition["StringEquals"]["aws:SourceArn"];
                    delete s.Condition["StringEquals"]["aws:SourceAccount"];
                }),
            ),
            ["confused-deputy-source-conditions"],
        );
    });

    it("the trail key letting CloudTrail encrypt for another account's trails", async () => {
        assert.deepEqual(
            await caughtBy("audit-trail-key", (d) => {
                const s = d.Statement.find((x: any) => x.Sid === "CloudTrailEncryptsLogsOfThisTrail");
                s.Condition.StringEquals["aws:SourceArn"] = "arn:aws:cloudtrail:eu-west-2:111122223333:trail/x";
                s.Condition.StringEquals["aws:SourceAccount"] = "111122223333";
            }),
            ["confused-deputy-source-conditions"],
        );
    });

    it("the access-log bucket letting another principal write (no longer an SSE-S3 log target)", async () => {
        assert.deepEqual(
            await caughtBy("audit-trail-logs-policy", (d) =>
                d.Statement.push({
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:role/writer" },
                    Action: "s3:PutObject",
                    Resource: d.Statement[0].Resource,
                }),
            ),
            ["s3-bucket-cmk-encryption"],
        );
    });
});

describe("audit trail: off by default, and its configuration", () => {
    it("a stack without auditTrail creates no trail and exports no auditTrail", async () => {
        const plan = (await runOfflinePlan({ config: minimalConfig() })).plan;
        assert.deepEqual(
            plan.steps.filter((s) => /cloudtrail|audit-trail/.test(s.urn)).map((s) => s.urn),
            [],
        );
        assert.equal((plan.outputs as Record<string, unknown>).auditTrail, undefined);
    });

    async function rejected(extra: Record<string, unknown>): Promise<string[]> {
        try {
            await runOfflinePlan({ config: minimalConfig(extra) });
        } catch (e) {
            assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
            return e.message.split("\n").slice(1);
        }
        assert.fail("expected the config to be rejected");
    }

    it("a misspelt setting inside auditTrail, with the nearest one", async () => {
        assert.deepEqual(await rejected({ [`${P}:auditTrail`]: { managmentEvents: false } }), [
            `  - ${P}:auditTrail.managmentEvents: false is not valid; expected no such setting: did you mean \`managementEvents\`?`,
        ]);
    });

    it("managementEvents: false is refused: the trail would record nothing of Customer Profiles (no data-event type for it)", async () => {
        assert.deepEqual(await rejected({ [`${P}:auditTrail`]: { managementEvents: false } }), [
            `  - ${P}:auditTrail.managementEvents: false is not valid; expected ${MANAGEMENT_EVENTS_FORM}`,
        ]);
    });

    it("a misspelt top-level key, with the nearest one (its value not shown)", async () => {
        assert.deepEqual(await rejected({ [`${P}:auditTrial`]: {} }), [
            `  - ${P}:auditTrial: (value not shown) is not valid; expected no such setting: did you mean \`auditTrail\`?`,
        ]);
    });

    it("a value that is not an object, and days out of range", async () => {
        assert.deepEqual(await rejected({ [`${P}:auditTrail`]: true }), [
            `  - ${P}:auditTrail: true is not valid; expected an object { managementEvents, expirationDays, accessLogExpirationDays } (use {} for the defaults)`,
        ]);
        assert.deepEqual(
            await rejected({
                [`${P}:auditTrail`]: { expirationDays: 0, accessLogExpirationDays: 4000, managementEvents: "yes" },
            }),
            [
                `  - ${P}:auditTrail.managementEvents: "yes" is not valid; expected ${MANAGEMENT_EVENTS_FORM}`,
                `  - ${P}:auditTrail.expirationDays: 0 is not valid; expected a whole number of days from 1 to 3650`,
                `  - ${P}:auditTrail.accessLogExpirationDays: 4000 is not valid; expected a whole number of days from 1 to 3650`,
            ],
        );
    });
});

describe("audit trail: the mock cloud refuses a trail CloudTrail would refuse (CreateTrail, InsufficientS3BucketPolicyException)", () => {
    const bucketAndPolicy = () => {
        const bucket = new s3.Bucket("trail-bucket", { bucket: "trail-bucket-1234567" });
        const policy = new s3.BucketPolicy("trail-bucket-policy", {
            bucket: bucket.id,
            policy: bucket.arn.apply((a) =>
                JSON.stringify(auditTrailBucketPolicy(ctx, { bucketArn: a, trailName: "audit-t" })),
            ),
        });
        return { bucket, policy };
    };

    it("a trail that does not wait for its bucket's policy", async () => {
        assert.deepEqual(
            await refusalOf(() => {
                const { bucket } = bucketAndPolicy();
                new cloudtrail.Trail("trail", { name: "audit-t", s3BucketName: bucket.bucket });
            }),
            [
                "aws:cloudtrail/trail:Trail trail: CreateTrail: the policy of bucket trail-bucket-1234567 (trail-bucket-policy) does not exist yet: this request does not wait for it (no dependency on it through an output or dependsOn), so CloudTrail may find the bucket without it (InsufficientS3BucketPolicyException)",
            ],
        );
    });

    it("a trail on a bucket of the stack that has no policy", async () => {
        assert.deepEqual(
            await refusalOf(() => {
                const bucket = new s3.Bucket("trail-bucket", { bucket: "trail-bucket-1234567" });
                new cloudtrail.Trail("trail", { name: "audit-t", s3BucketName: bucket.bucket });
            }),
            [
                "aws:cloudtrail/trail:Trail trail: CreateTrail: bucket trail-bucket-1234567 (trail-bucket) has no bucket policy admitting cloudtrail.amazonaws.com (InsufficientS3BucketPolicyException)",
            ],
        );
    });

    // CloudTrail API reference, CreateTrail, Name: no adjacent periods, underscores or dashes
    // ("my--namespace" is not valid); InvalidTrailNameException (tools/lib/mock-cloud-rules.ts, trail-name).
    it("a trail name CloudTrail refuses (adjacent dashes), even with its bucket policy in place", async () => {
        assert.deepEqual(
            await refusalOf(() => {
                const { bucket, policy } = bucketAndPolicy();
                new cloudtrail.Trail(
                    "trail",
                    { name: "customer-profiles-amazon-connect-x--audit", s3BucketName: bucket.bucket },
                    { dependsOn: [policy] },
                );
            }),
            [
                'aws:cloudtrail/trail:Trail trail: CreateTrail: trail name "customer-profiles-amazon-connect-x--audit" is not valid (InvalidTrailNameException): it has adjacent periods, underscores or dashes ("--")',
            ],
        );
    });

    // A domain name may start or end with "-" or "_" or hold "--" (aws-customerprofiles-domain.json,
    // DomainName ^[a-zA-Z0-9_-]+$); the trail name built from it used to carry the run into
    // "customer-profiles-DOMAIN-audit", and CreateTrail refused it (InvalidTrailNameException).
    it("a domain name ending in '-' (valid for Customer Profiles) still gets a trail name CloudTrail accepts", async () => {
        assert.equal(auditTrailName("amazon-connect-x-"), "customer-profiles-amazon-connect-x-audit");
        assert.equal(auditTrailName("amazon-connect-a__b_"), "customer-profiles-amazon-connect-a-b-audit");
        assert.equal(auditTrailName(DOMAIN), TRAIL, "a name CloudTrail accepted before is unchanged");
        const plan = (
            await runOfflinePlan({
                config: minimalConfig({ [`${P}:domainName`]: "amazon-connect-x-", [`${P}:auditTrail`]: {} }),
            })
        ).plan;
        const trail = plan.steps.find((s) => s.urn.endsWith("aws:cloudtrail/trail:Trail::audit-trail"))!.newState!;
        assert.equal(trail.inputs.name, "customer-profiles-amazon-connect-x-audit");
        const key = plan.steps.find((s) => s.urn.endsWith("aws:kms/key:Key::audit-trail-key"))!.newState!;
        assert.deepEqual(
            JSON.parse(key.inputs.policy as string),
            auditTrailKeyPolicy(ctx, { trailName: "customer-profiles-amazon-connect-x-audit" }),
            "the key policy binds the trail by the name it is created with",
        );
    });

    it("accepted when the trail waits for the policy (as AuditTrail's does)", async () => {
        assert.deepEqual(
            await refusalOf(() => {
                const { bucket, policy } = bucketAndPolicy();
                new cloudtrail.Trail(
                    "trail",
                    { name: "audit-t", s3BucketName: bucket.bucket },
                    { dependsOn: [policy] },
                );
            }),
            [],
        );
    });
});

// CloudTrail User Guide, "Logging data events", table "Data events supported by AWS CloudTrail": no
// Amazon Connect Customer Profiles row, so AWS::CustomerProfiles::Domain / ::ObjectType are not data
// event types; PutEventSelectors refuses a resources.type outside the table with
// InvalidEventSelectorsException (CloudTrail API Reference, AdvancedFieldSelector; SDK errors.d.ts).
describe("audit trail: the mock cloud refuses a data-event type CloudTrail does not support (InvalidEventSelectorsException)", () => {
    const dataSelector = (type: string) => ({
        name: `data (${type})`,
        fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: [type] },
        ],
    });

    it("the selectors the trail had before (Customer Profiles 'data events') are refused", async () => {
        assert.deepEqual(
            await refusalOf(() => {
                new cloudtrail.Trail("trail", {
                    name: "audit-t",
                    s3BucketName: "elsewhere-bucket",
                    advancedEventSelectors: [
                        dataSelector("AWS::CustomerProfiles::Domain"),
                        dataSelector("AWS::CustomerProfiles::ObjectType"),
                        {
                            name: "Management events",
                            fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
                        },
                    ],
                });
            }),
            [
                'aws:cloudtrail/trail:Trail trail: PutEventSelectors: resources.type AWS::CustomerProfiles::Domain (selector "data (AWS::CustomerProfiles::Domain)") is not a data event type CloudTrail supports (InvalidEventSelectorsException)',
                'aws:cloudtrail/trail:Trail trail: PutEventSelectors: resources.type AWS::CustomerProfiles::ObjectType (selector "data (AWS::CustomerProfiles::ObjectType)") is not a data event type CloudTrail supports (InvalidEventSelectorsException)',
            ],
        );
    });

    it("a type of the table (AWS::SQS::Queue) and management-only selectors are accepted", async () => {
        assert.deepEqual(
            await refusalOf(() => {
                new cloudtrail.Trail("trail", {
                    name: "audit-t",
                    s3BucketName: "elsewhere-bucket",
                    advancedEventSelectors: [dataSelector("AWS::SQS::Queue"), ...auditEventSelectors()],
                });
            }),
            [],
        );
    });
});
