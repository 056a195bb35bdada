// Transport and storage rules (issue 12, class 5) through the analyzer path, with their exact findings:
// transport-tls-only, s3-public-access-blocked, s3-versioning-enabled, s3-acls-disabled, and the key
// judgements of encryption-customer-managed-keys / s3-bucket-cmk-encryption (another account, SSE-SQS,
// aws-native types, unknown keys advisory).
import * as assert from "assert";
import { linesFor, one, run } from "./helpers";
import { FixtureResource } from "../fixtures/policies/plan";
import * as D from "../fixtures/policies/documents";

const J = (d: unknown) => JSON.stringify(d);
const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const OTHER_KEY = `arn:aws:kms:${D.REGION}:${D.OTHER_ACCOUNT}:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
const BUCKET = "example-data";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const TOPIC_ARN = `arn:aws:sns:${D.REGION}:${D.ACCOUNT}:alarms`;

/** A key of this account (so the stack's account is known from the plan's ARNs). */
const key = one(
    "aws:kms/key:Key",
    "k",
    { enableKeyRotation: true, policy: J(D.keyPolicy()) },
    {
        outputs: { arn: D.KEY_ARN, keyId: D.KEY_ID },
    },
);
const queue = (inputs: Record<string, unknown> = {}) =>
    one(
        "aws:sqs/queue:Queue",
        "q",
        { kmsMasterKeyId: D.KEY_ARN, ...inputs },
        {
            outputs: { arn: D.QUEUE_ARN, url: D.QUEUE_URL },
        },
    );
const queuePolicy = (statements: D.Json[]) =>
    one("aws:sqs/queuePolicy:QueuePolicy", "q-policy", { queueUrl: D.QUEUE_URL, policy: J(D.doc(...statements)) });
const tls = (resource: string | string[], extra: D.Json = {}) => ({
    ...D.tlsOnly("sqs", "x"),
    Resource: resource,
    ...extra,
});

async function lines(policy: string, resources: FixtureResource[]): Promise<string[]> {
    return linesFor(await run(resources), policy);
}

describe("transport-tls-only", () => {
    it("passes a queue whose policy denies plain HTTP (also split per action, BoolIfExists)", async () => {
        assert.deepStrictEqual(await lines("transport-tls-only", [key, queue(), queuePolicy([tls(D.QUEUE_ARN)])]), []);
        const split = ["sqs:Send*", "sqs:Receive*", "sqs:Delete*", "sqs:Get*"].map((a) =>
            tls(D.QUEUE_ARN, { Action: a, Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } }),
        );
        assert.deepStrictEqual(await lines("transport-tls-only", [key, queue(), queuePolicy(split)]), []);
    });

    it("names the queue and the plain-HTTP requests left through when the Deny is inverted", async () => {
        const inverted = tls(D.QUEUE_ARN, { Condition: { Bool: { "aws:SecureTransport": "true" } } });
        assert.deepStrictEqual(await lines("transport-tls-only", [key, queue(), queuePolicy([inverted])]), [
            'q: queue q: plain-HTTP requests (aws:SecureTransport "false") are not denied: sqs:SendMessage by a role of this account; sqs:ReceiveMessage by a role of this account; sqs:DeleteMessage by a role of this account and 9 more; add a statement that denies sqs:* to Principal "*" on it when aws:SecureTransport is "false"',
        ]);
    });

    it("a Deny narrowed to other accounts leaves this account's plain-HTTP requests through", async () => {
        const narrowed = tls(D.QUEUE_ARN, {
            Condition: {
                Bool: { "aws:SecureTransport": "false" },
                StringNotEquals: { "aws:PrincipalAccount": D.ACCOUNT },
            },
        });
        assert.deepStrictEqual(await lines("transport-tls-only", [key, queue(), queuePolicy([narrowed])]), [
            'q: queue q: plain-HTTP requests (aws:SecureTransport "false") are not denied: sqs:SendMessage by a role of this account; sqs:ReceiveMessage by a role of this account; sqs:DeleteMessage by a role of this account and 1 more; add a statement that denies sqs:* to Principal "*" on it when aws:SecureTransport is "false"',
        ]);
    });

    it("a topic without any policy, and a bucket policy of a bucket outside the plan", async () => {
        const topic = one("aws:sns/topic:Topic", "t", { kmsMasterKeyId: D.KEY_ARN }, { outputs: { arn: TOPIC_ARN } });
        const external = one("aws:s3/bucketPolicy:BucketPolicy", "ext-policy", {
            bucket: "elsewhere",
            policy: J(D.doc({ ...D.tlsOnly("s3", "arn:aws:s3:::elsewhere/*") })),
        });
        assert.deepStrictEqual(await lines("transport-tls-only", [key, topic, external]), [
            't: topic t has no resource policy that denies plain-HTTP requests (aws:SecureTransport "false"); add one with a Deny of sns:* to Principal "*"',
            'ext-policy: ext-policy (the policy of arn:aws:s3:::elsewhere): plain-HTTP requests (aws:SecureTransport "false") are not denied: s3:ListBucket by a role of this account; s3:GetBucketPolicy by a role of this account; s3:ListBucket by a role of account 999988887777 and 3 more; add a statement that denies s3:* to Principal "*" on it when aws:SecureTransport is "false"',
        ]);
    });

    it("a policy unknown until apply is advisory (not judged), never a violation", async () => {
        const report = await run([
            key,
            queue(),
            one("aws:sqs/queuePolicy:QueuePolicy", "q-policy", { queueUrl: D.QUEUE_URL, policy: U }),
        ]);
        assert.deepStrictEqual(linesFor(report, "transport-tls-only"), []);
        const u = report.unknown.find((x) => x.policyName === "transport-tls-only");
        assert.ok(u, "says it could not judge");
        assert.match(
            u.detail,
            /not judged until apply \(the policy is not known from the plan\): q-policy: its policy documents are unknown until apply$/,
        );
    });
});

describe("S3 public access, versioning, ACLs", () => {
    const bucket = one("aws:s3/bucketV2:BucketV2", "b", { bucket: BUCKET }, { outputs: { arn: BUCKET_ARN } });
    const pab = (flags: Partial<Record<string, boolean>>) =>
        one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "b-pab", {
            bucket: BUCKET,
            blockPublicAcls: true,
            ignorePublicAcls: true,
            blockPublicPolicy: true,
            restrictPublicBuckets: true,
            ...flags,
        });
    const native = (props: Record<string, unknown>) =>
        one("aws-native:s3:Bucket", "nb", { bucketName: "native-data", arn: "arn:aws:s3:::native-data", ...props });

    it("s3-public-access-blocked: a missing block, a flag off, an aws-native setting omitted", async () => {
        assert.deepStrictEqual(await lines("s3-public-access-blocked", [key, bucket, pab({})]), []);
        assert.deepStrictEqual(await lines("s3-public-access-blocked", [key, bucket]), [
            "b: bucket b has no public access block (aws.s3.BucketPublicAccessBlock with all four settings true)",
        ]);
        assert.deepStrictEqual(
            await lines("s3-public-access-blocked", [key, bucket, pab({ restrictPublicBuckets: false })]),
            ["b-pab: public access block b-pab of bucket b lets public access through: restrictPublicBuckets is false"],
        );
        const nb = native({
            publicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true },
        });
        assert.deepStrictEqual(await lines("s3-public-access-blocked", [key, nb]), [
            "nb: bucket nb does not block public access: restrictPublicBuckets is null",
        ]);
    });

    it("s3-versioning-enabled: Suspended, absent, aws-native", async () => {
        const ver = (status: string) =>
            one("aws:s3/bucketVersioning:BucketVersioning", "b-ver", {
                bucket: BUCKET,
                versioningConfiguration: { status },
            });
        assert.deepStrictEqual(await lines("s3-versioning-enabled", [key, bucket, ver("Enabled")]), []);
        assert.deepStrictEqual(await lines("s3-versioning-enabled", [key, bucket, ver("Suspended")]), [
            'b-ver: b-ver (bucket b): versioning is "Suspended", not "Enabled"; overwritten or deleted objects would be lost',
        ]);
        assert.deepStrictEqual(await lines("s3-versioning-enabled", [key, bucket]), [
            'b: bucket b has no versioning (aws.s3.BucketVersioning with status "Enabled"); overwritten or deleted objects would be lost',
        ]);
        assert.deepStrictEqual(await lines("s3-versioning-enabled", [key, native({})]), [
            "nb: bucket nb: versioning is not enabled; overwritten or deleted objects would be lost",
        ]);
    });

    it("s3-acls-disabled: ownership other than BucketOwnerEnforced, ACL resources and grants; private passes", async () => {
        const owner = (o: string) =>
            one("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "b-own", {
                bucket: BUCKET,
                rule: { objectOwnership: o },
            });
        assert.deepStrictEqual(await lines("s3-acls-disabled", [key, bucket, owner("BucketOwnerEnforced")]), []);
        const acl = (inputs: Record<string, unknown>) =>
            one("aws:s3/bucketAclV2:BucketAclV2", "b-acl", { bucket: BUCKET, ...inputs });
        assert.deepStrictEqual(await lines("s3-acls-disabled", [key, bucket, acl({ acl: "private" })]), []);
        assert.deepStrictEqual(
            await lines("s3-acls-disabled", [
                key,
                bucket,
                owner("ObjectWriter"),
                acl({ acl: "public-read" }),
                native({
                    ownershipControls: { rules: [{ objectOwnership: "BucketOwnerPreferred" }] },
                    accessControl: "PublicRead",
                }),
            ]),
            [
                'b-own: b-own (bucket b): object ownership "ObjectWriter" keeps ACLs enabled; use "BucketOwnerEnforced"',
                'b-acl: b-acl (bucket b) grants access through canned ACL "public-read"; disable ACLs and use the bucket policy',
                'nb: bucket nb: object ownership "BucketOwnerPreferred" keeps ACLs enabled; use "BucketOwnerEnforced"',
                'nb: bucket nb grants access through AccessControl "PublicRead"',
            ],
        );
    });
});

describe("customer managed keys of this account (encryption-customer-managed-keys, s3-bucket-cmk-encryption)", () => {
    it("another account's key, SSE-SQS, aws-native types", async () => {
        assert.deepStrictEqual(
            await lines("encryption-customer-managed-keys", [
                key,
                queue({ kmsMasterKeyId: OTHER_KEY }),
                one("aws-native:sqs:Queue", "nq", { sqsManagedSseEnabled: true }),
                one("aws-native:kinesis:Stream", "ns", {
                    streamEncryption: { encryptionType: "KMS", keyId: "alias/aws/kinesis" },
                }),
                one("aws-native:kinesisfirehose:DeliveryStream", "nf", { deliveryStreamName: "x" }),
                one("aws-native:sns:Topic", "nt", { kmsMasterKeyId: D.KEY_ARN }),
            ]),
            [
                `q: kmsMasterKeyId: ${OTHER_KEY} is a key of account ${D.OTHER_ACCOUNT}, not of this stack's account ${D.ACCOUNT}; data encrypted with it is readable by whoever controls that key`,
                "nq: sqsManagedSseEnabled is true: SSE-SQS encrypts with keys SQS owns; set kmsMasterKeyId to a customer managed key",
                "ns: streamEncryption.keyId: alias/aws/kinesis is an AWS managed key; use a customer managed key whose policy you control",
                "nf: deliveryStreamEncryptionConfigurationInput is not set: records are not encrypted with a customer managed key",
            ],
        );
    });

    it("another account's key is allowed when trusted", async () => {
        const report = await run([key, queue({ kmsMasterKeyId: OTHER_KEY })], {
            "encryption-customer-managed-keys": { trustedAccounts: [D.OTHER_ACCOUNT] },
        });
        assert.deepStrictEqual(linesFor(report, "encryption-customer-managed-keys"), []);
    });

    it("a key unknown until apply: judged through a key of the plan, else advisory", async () => {
        const known = await run([
            key,
            one("aws:sqs/queue:Queue", "q", { kmsMasterKeyId: U }, { refs: { kmsMasterKeyId: ["k"] } }),
        ]);
        assert.deepStrictEqual(linesFor(known, "encryption-customer-managed-keys"), []);
        assert.ok(!known.unknown.some((u) => u.policyName === "encryption-customer-managed-keys"));
        const unknown = await run([key, one("aws:sqs/queue:Queue", "q", { kmsMasterKeyId: U })]);
        assert.deepStrictEqual(linesFor(unknown, "encryption-customer-managed-keys"), []);
        const u = unknown.unknown.find((x) => x.policyName === "encryption-customer-managed-keys");
        assert.ok(u);
        assert.match(
            u.detail,
            /not judged until apply \(the key is not known from the plan\): q kmsMasterKeyId: the key is unknown until apply$/,
        );
    });

    it("s3-bucket-cmk-encryption: an SSE configuration and an aws-native bucket on another account's key", async () => {
        assert.deepStrictEqual(
            await lines("s3-bucket-cmk-encryption", [
                key,
                one("aws:s3/bucketV2:BucketV2", "b", { bucket: BUCKET }),
                one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "b-sse", {
                    bucket: BUCKET,
                    rules: [
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: OTHER_KEY } },
                    ],
                }),
                one("aws-native:s3:Bucket", "nb", {
                    bucketName: "native-data",
                    bucketEncryption: {
                        serverSideEncryptionConfiguration: [
                            { serverSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                        ],
                    },
                }),
            ]),
            [
                `b-sse: rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId: ${OTHER_KEY} is a key of account ${D.OTHER_ACCOUNT}, not of this stack's account ${D.ACCOUNT}; data encrypted with it is readable by whoever controls that key`,
                'nb: bucket nb: rule 0: sseAlgorithm "AES256" is not aws:kms with a customer managed key',
            ],
        );
    });
});
