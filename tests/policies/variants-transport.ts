// Variant table, class 5 (transport and storage): single edits of the dev plan that drop or weaken the
// TLS-only Deny, open an S3 bucket (public access block, versioning, ACLs) or move data to a key that is
// not a customer managed key of this account; classic and aws-native types, and resources added to the
// plan that the program did not create. Safe rewrites must pass the whole pack.
import { Plan } from "../../tools/lib/plan-format";
import { ACCOUNT, addResource, both, Doc, edit, editDoc, Json, OTHER, REGION, sid, Variant } from "./variants";
import { rootKeyAdmin } from "./helpers";

const OTHER_KEY = `arn:aws:kms:${REGION}:${OTHER}:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Where the dev plan holds a TLS-only Deny: policy resource, service, the resource it governs. */
const TLS_SITES = [
    { resource: "sales-streaming-ctr-bucket-policy", service: "s3", own: "bucket" },
    { resource: "profiles-dlq-policy", service: "sqs", own: "queue" },
    { resource: "alarms-topic-policy", service: "sns", own: "topic" },
];

const onTls = (resource: string, f: (s: Json, d: Doc) => void) =>
    editDoc(resource, (d) => f(sid(d, "DenyInsecureTransport"), d));

/** Remove a resource of the dev plan (a companion deleted from the program). */
const remove =
    (name: string) =>
    (plan: Plan): Plan => {
        const copy = structuredClone(plan);
        copy.steps = copy.steps.filter((s) => !s.urn.endsWith(`::${name}`));
        return copy;
    };

/** addResource, with the property dependencies a program that references its referents would record. */
const addDepending =
    (type: string, name: string, inputs: Json, deps: Record<string, string[]>) =>
    (plan: Plan): Plan => {
        const copy = addResource(type, name, inputs)(plan);
        const st = copy.steps[copy.steps.length - 1].newState!;
        const urnOf = (n: string) => copy.steps.find((x) => x.newState?.custom && x.urn.endsWith(`::${n}`))!.urn;
        st.propertyDependencies = Object.fromEntries(Object.entries(deps).map(([k, ns]) => [k, ns.map(urnOf)]));
        st.dependencies = [...new Set(Object.values(st.propertyDependencies).flat())];
        return copy;
    };

const tlsDeny = (service: string, resource: string | string[]) => ({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: `${service}:*`,
    Resource: resource,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
});

// An aws-native bucket added to the plan, locked down as the pack asks; variants break one setting.
const NATIVE_BUCKET = "audit-exports";
const NATIVE_BUCKET_ARN = `arn:aws:s3:::${NATIVE_BUCKET}`;
const KEY_ARN_OWN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/5f1e2d3c-4b5a-4968-8776-655443322110`;
const nativeBucketProps = (): Json => ({
    bucketName: NATIVE_BUCKET,
    arn: NATIVE_BUCKET_ARN,
    publicAccessBlockConfiguration: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
    },
    versioningConfiguration: { status: "Enabled" },
    ownershipControls: { rules: [{ objectOwnership: "BucketOwnerEnforced" }] },
    bucketEncryption: {
        serverSideEncryptionConfiguration: [
            {
                serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN_OWN },
                bucketKeyEnabled: true,
            },
        ],
    },
});
const nativeBucketPolicy = (statements: Json[] = [tlsDeny("s3", [NATIVE_BUCKET_ARN, `${NATIVE_BUCKET_ARN}/*`])]) =>
    addResource("aws-native:s3:BucketPolicy", `${NATIVE_BUCKET}-policy`, {
        bucket: NATIVE_BUCKET,
        policyDocument: { Version: "2012-10-17", Statement: statements },
    });
const nativeBucket = (f: (p: Json) => void = () => undefined, policy = nativeBucketPolicy()) => {
    const props = nativeBucketProps();
    f(props);
    return both(addResource("aws-native:s3:Bucket", NATIVE_BUCKET, props), policy);
};

// Queues and topics added to the plan (classic and aws-native), with their policies.
const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/exports`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:exports`;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:exports`;
const nativeQueue = (props: Json, policy: Json | null = tlsDeny("sqs", QUEUE_ARN)) =>
    both(
        addResource("aws-native:sqs:Queue", "exports-queue", { queueUrl: QUEUE_URL, arn: QUEUE_ARN, ...props }),
        policy
            ? addResource("aws-native:sqs:QueueInlinePolicy", "exports-queue-policy", {
                  queue: QUEUE_URL,
                  policyDocument: { Version: "2012-10-17", Statement: [policy] },
              })
            : (p: Plan) => p,
    );
const nativeTopic = (props: Json, policy: Json | null = tlsDeny("sns", TOPIC_ARN)) =>
    both(
        addResource("aws-native:sns:Topic", "exports-topic", { topicArn: TOPIC_ARN, ...props }),
        policy
            ? addResource("aws-native:sns:TopicPolicy", "exports-topic-policy", {
                  topics: [TOPIC_ARN],
                  policyDocument: { Version: "2012-10-17", Statement: [policy] },
              })
            : (p: Plan) => p,
    );

// A server access log bucket added to the plan (classic): SSE-S3, target of a BucketLogging.
const LOG_BUCKET = "ctr-access-logs";
const ON_LOG = { bucket: [LOG_BUCKET] };
const logBucket = (sse: Json, withLogging = true) => {
    const steps = [
        addResource("aws:s3/bucket:Bucket", LOG_BUCKET, { bucket: LOG_BUCKET, arn: `arn:aws:s3:::${LOG_BUCKET}` }),
        addDepending(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            `${LOG_BUCKET}-pab`,
            {
                bucket: LOG_BUCKET,
                blockPublicAcls: true,
                ignorePublicAcls: true,
                blockPublicPolicy: true,
                restrictPublicBuckets: true,
            },
            ON_LOG,
        ),
        addDepending(
            "aws:s3/bucketVersioning:BucketVersioning",
            `${LOG_BUCKET}-versioning`,
            {
                bucket: LOG_BUCKET,
                versioningConfiguration: { status: "Enabled" },
            },
            ON_LOG,
        ),
        addDepending(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            `${LOG_BUCKET}-sse`,
            {
                bucket: LOG_BUCKET,
                rules: [{ applyServerSideEncryptionByDefault: sse }],
            },
            ON_LOG,
        ),
        addDepending(
            "aws:s3/bucketPolicy:BucketPolicy",
            `${LOG_BUCKET}-policy`,
            {
                bucket: LOG_BUCKET,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [tlsDeny("s3", [`arn:aws:s3:::${LOG_BUCKET}`, `arn:aws:s3:::${LOG_BUCKET}/*`])],
                }),
            },
            ON_LOG,
        ),
    ];
    if (withLogging) {
        steps.push(
            addDepending(
                "aws:s3/bucketLogging:BucketLogging",
                "ctr-bucket-logging",
                {
                    bucket: "sales-streaming-ctr-bucket-d9603a6",
                    targetBucket: LOG_BUCKET,
                    targetPrefix: "contact-records/",
                },
                { bucket: ["sales-streaming-ctr-bucket"], targetBucket: [LOG_BUCKET] },
            ),
        );
    }
    return both(...steps);
};

function insecure(): Variant[] {
    const out: Variant[] = [];
    const v = (caughtBy: string, name: string, apply: (p: Plan) => Plan) =>
        out.push({ cls: "transport", caughtBy, name, apply });
    const TLS = "transport-tls-only";

    // The TLS-only Deny removed, inverted or weakened, in each policy of the dev plan.
    for (const { resource, service } of TLS_SITES) {
        v(
            TLS,
            `${resource}: the TLS-only Deny removed`,
            editDoc(resource, (d) => {
                d.Statement = d.Statement.filter((s) => s.Sid !== "DenyInsecureTransport");
            }),
        );
        v(
            TLS,
            `${resource}: aws:SecureTransport "true" (denies TLS instead)`,
            onTls(resource, (s) => {
                s.Condition = { Bool: { "aws:SecureTransport": "true" } };
            }),
        );
        v(
            TLS,
            `${resource}: BoolIfExists "true"`,
            onTls(resource, (s) => {
                s.Condition = { BoolIfExists: { "aws:SecureTransport": "true" } };
            }),
        );
        v(
            TLS,
            `${resource}: the Deny turned into an Allow`,
            onTls(resource, (s) => {
                s.Effect = "Allow";
            }),
        );
        v(
            TLS,
            `${resource}: the Deny narrowed to this account's principals`,
            onTls(resource, (s) => {
                s.Principal = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
            }),
        );
        v(
            TLS,
            `${resource}: the Deny narrowed to one action`,
            onTls(resource, (s) => {
                s.Action = { s3: "s3:PutObject", sqs: "sqs:SendMessage", sns: "sns:Publish" }[service];
            }),
        );
        v(
            TLS,
            `${resource}: the Deny only outside a VPC endpoint (aws:SourceVpce, chosen by the caller)`,
            onTls(resource, (s) => {
                s.Condition.StringNotEquals = { "aws:SourceVpce": "vpce-0a1b2c3d4e5f60718" };
            }),
        );
        v(
            TLS,
            `${resource}: Null aws:SecureTransport "true" (the key is always present)`,
            onTls(resource, (s) => {
                s.Condition = { Null: { "aws:SecureTransport": "true" } };
            }),
        );
        v(
            TLS,
            `${resource}: condition key misspelt (aws:SecureTransports)`,
            onTls(resource, (s) => {
                s.Condition = { Bool: { "aws:SecureTransports": "false" } };
            }),
        );
        v(TLS, `${resource}: the policy resource deleted`, remove(resource));
    }
    v(
        TLS,
        "sales-streaming-ctr-bucket-policy: the Deny covers the bucket but not its objects",
        onTls("sales-streaming-ctr-bucket-policy", (s) => {
            s.Resource = (s.Resource as string[])[0];
        }),
    );
    v(
        TLS,
        "profiles-dlq-policy: NotPrincipal instead of Principal * (someone escapes the Deny)",
        onTls("profiles-dlq-policy", (s) => {
            delete s.Principal;
            s.NotPrincipal = { AWS: `arn:aws:iam::${ACCOUNT}:role/ops` };
        }),
    );
    v(
        TLS,
        "profiles-dlq-policy: the Deny only for other accounts (StringNotEquals aws:PrincipalAccount)",
        onTls("profiles-dlq-policy", (s) => {
            s.Condition.StringNotEquals = { "aws:PrincipalAccount": ACCOUNT };
        }),
    );

    // S3: public access block, versioning, ACLs on the dev plan's contact-record bucket.
    const PAB = "s3-public-access-blocked";
    for (const flag of ["blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"]) {
        v(
            PAB,
            `sales-streaming-ctr-bucket-public-access: ${flag} off`,
            edit("sales-streaming-ctr-bucket-public-access", (p) => {
                p[flag] = false;
            }),
        );
    }
    v(
        PAB,
        "sales-streaming-ctr-bucket: its public access block deleted",
        remove("sales-streaming-ctr-bucket-public-access"),
    );
    const VER = "s3-versioning-enabled";
    v(
        VER,
        "sales-streaming-ctr-bucket-versioning: Suspended",
        edit("sales-streaming-ctr-bucket-versioning", (p) => {
            p.versioningConfiguration.status = "Suspended";
        }),
    );
    v(VER, "sales-streaming-ctr-bucket: its versioning deleted", remove("sales-streaming-ctr-bucket-versioning"));
    const ACL = "s3-acls-disabled";
    for (const owner of ["ObjectWriter", "BucketOwnerPreferred"]) {
        v(
            ACL,
            `sales-streaming-ctr-bucket-ownership: ${owner} (ACLs enabled)`,
            edit("sales-streaming-ctr-bucket-ownership", (p) => {
                p.rule.objectOwnership = owner;
            }),
        );
    }
    v(
        ACL,
        "a BucketAclV2 public-read added for the contact-record bucket",
        addResource("aws:s3/bucketAclV2:BucketAclV2", "ctr-bucket-acl", {
            bucket: "sales-streaming-ctr-bucket-d9603a6",
            acl: "public-read",
        }),
    );
    v(
        ACL,
        "a BucketAclV2 granting another account added",
        addResource("aws:s3/bucketAclV2:BucketAclV2", "ctr-bucket-grant", {
            bucket: "sales-streaming-ctr-bucket-d9603a6",
            accessControlPolicy: {
                owner: { id: "owner-canonical-id" },
                grants: [{ grantee: { type: "CanonicalUser", id: "another-canonical-id" }, permission: "READ" }],
            },
        }),
    );

    // Encryption: AWS managed keys, service-owned keys, SSE-S3, another account's key.
    const ENC = "encryption-customer-managed-keys";
    const CMK = "s3-bucket-cmk-encryption";
    v(
        ENC,
        "profiles-dlq: alias/aws/sqs",
        edit("profiles-dlq", (p) => (p.kmsMasterKeyId = "alias/aws/sqs")),
    );
    v(
        ENC,
        "profiles-dlq: another account's key",
        edit("profiles-dlq", (p) => (p.kmsMasterKeyId = OTHER_KEY)),
    );
    v(
        ENC,
        "profiles-dlq: SSE-SQS (sqsManagedSseEnabled) instead of the key",
        edit("profiles-dlq", (p) => {
            delete p.kmsMasterKeyId;
            p.sqsManagedSseEnabled = true;
        }),
    );
    v(
        ENC,
        "alarms-topic: alias/aws/sns",
        edit("alarms-topic", (p) => (p.kmsMasterKeyId = `arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/sns`)),
    );
    v(
        ENC,
        "alarms-topic: another account's alias",
        edit("alarms-topic", (p) => (p.kmsMasterKeyId = `arn:aws:kms:${REGION}:${OTHER}:alias/shared`)),
    );
    v(
        ENC,
        "support-streaming-ctr: encryptionType NONE",
        edit("support-streaming-ctr", (p) => {
            p.encryptionType = "NONE";
            delete p.kmsKeyId;
        }),
    );
    v(
        ENC,
        "support-streaming-ctr: another account's key",
        edit("support-streaming-ctr", (p) => (p.kmsKeyId = OTHER_KEY)),
    );
    v(
        ENC,
        "sales-streaming-ctr-delivery: AWS_OWNED_CMK",
        edit("sales-streaming-ctr-delivery", (p) => {
            p.serverSideEncryption = { enabled: true, keyType: "AWS_OWNED_CMK" };
        }),
    );
    v(
        ENC,
        "sales-streaming-ctr-delivery: another account's key",
        edit("sales-streaming-ctr-delivery", (p) => {
            p.serverSideEncryption.keyArn = OTHER_KEY;
        }),
    );
    v(
        CMK,
        "sales-streaming-ctr-bucket-encryption: SSE-S3 (AES256)",
        edit("sales-streaming-ctr-bucket-encryption", (p) => {
            p.rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" };
        }),
    );
    v(
        CMK,
        "sales-streaming-ctr-bucket-encryption: alias/aws/s3",
        edit("sales-streaming-ctr-bucket-encryption", (p) => {
            p.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = "alias/aws/s3";
        }),
    );
    v(
        CMK,
        "sales-streaming-ctr-bucket-encryption: another account's key",
        edit("sales-streaming-ctr-bucket-encryption", (p) => {
            p.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = OTHER_KEY;
        }),
    );
    v(
        ENC,
        "profiles-domain: another account's key (the domain's encryption key)",
        edit("profiles-domain", (p) => {
            p.defaultEncryptionKey = OTHER_KEY;
        }),
    );
    v(
        CMK,
        "sales-streaming-ctr-bucket: its encryption configuration deleted",
        remove("sales-streaming-ctr-bucket-encryption"),
    );

    // Resources the program did not create: aws-native and classic types added to the plan.
    v(
        PAB,
        "aws-native bucket added without PublicAccessBlockConfiguration",
        nativeBucket((p) => delete p.publicAccessBlockConfiguration),
    );
    v(
        PAB,
        "aws-native bucket added with RestrictPublicBuckets omitted",
        nativeBucket((p) => delete p.publicAccessBlockConfiguration.restrictPublicBuckets),
    );
    v(
        VER,
        "aws-native bucket added with versioning Suspended",
        nativeBucket((p) => (p.versioningConfiguration.status = "Suspended")),
    );
    v(
        VER,
        "aws-native bucket added without VersioningConfiguration",
        nativeBucket((p) => delete p.versioningConfiguration),
    );
    v(
        ACL,
        "aws-native bucket added with ObjectWriter ownership",
        nativeBucket((p) => (p.ownershipControls.rules[0].objectOwnership = "ObjectWriter")),
    );
    v(
        ACL,
        "aws-native bucket added with AccessControl PublicRead",
        nativeBucket((p) => (p.accessControl = "PublicRead")),
    );
    v(
        CMK,
        "aws-native bucket added with SSE-S3",
        nativeBucket((p) => {
            p.bucketEncryption.serverSideEncryptionConfiguration[0].serverSideEncryptionByDefault = {
                sseAlgorithm: "AES256",
            };
        }),
    );
    v(
        CMK,
        "aws-native bucket added with alias/aws/s3",
        nativeBucket((p) => {
            p.bucketEncryption.serverSideEncryptionConfiguration[0].serverSideEncryptionByDefault.kmsMasterKeyId =
                "alias/aws/s3";
        }),
    );
    v(
        CMK,
        "aws-native bucket added with another account's key",
        nativeBucket((p) => {
            p.bucketEncryption.serverSideEncryptionConfiguration[0].serverSideEncryptionByDefault.kmsMasterKeyId =
                OTHER_KEY;
        }),
    );
    v(
        CMK,
        "aws-native bucket added without BucketEncryption",
        nativeBucket((p) => delete p.bucketEncryption),
    );
    v(
        TLS,
        "aws-native bucket added without a bucket policy",
        nativeBucket(undefined, (p) => p),
    );
    v(
        TLS,
        "aws-native bucket added with a policy that denies only its objects",
        nativeBucket(undefined, nativeBucketPolicy([tlsDeny("s3", `${NATIVE_BUCKET_ARN}/*`)])),
    );
    v(TLS, "aws-native queue added without a queue policy", nativeQueue({ kmsMasterKeyId: KEY_ARN_OWN }, null));
    v(
        TLS,
        "aws-native queue added with its QueueInlinePolicy's Deny inverted",
        nativeQueue(
            { kmsMasterKeyId: KEY_ARN_OWN },
            {
                ...tlsDeny("sqs", QUEUE_ARN),
                Condition: { Bool: { "aws:SecureTransport": "true" } },
            },
        ),
    );
    v(ENC, "aws-native queue added with SSE-SQS", nativeQueue({ sqsManagedSseEnabled: true }));
    v(ENC, "aws-native queue added with another account's key", nativeQueue({ kmsMasterKeyId: OTHER_KEY }));
    v(
        TLS,
        "aws-native topic added with a TopicPolicy without the TLS Deny",
        nativeTopic(
            { kmsMasterKeyId: KEY_ARN_OWN },
            {
                Sid: "OwnerPublishes",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: "sns:Publish",
                Resource: TOPIC_ARN,
            },
        ),
    );
    v(ENC, "aws-native topic added with alias/aws/sns", nativeTopic({ kmsMasterKeyId: "alias/aws/sns" }));
    v(
        ENC,
        "aws-native Kinesis stream added without StreamEncryption",
        addResource("aws-native:kinesis:Stream", "exports-stream", {
            name: "exports",
            shardCount: 1,
        }),
    );
    v(
        ENC,
        "aws-native Kinesis stream added with another account's key",
        addResource("aws-native:kinesis:Stream", "exports-stream", {
            name: "exports",
            streamEncryption: { encryptionType: "KMS", keyId: OTHER_KEY },
        }),
    );
    v(
        ENC,
        "aws-native Firehose stream added with AWS_OWNED_CMK",
        addResource("aws-native:kinesisfirehose:DeliveryStream", "exports-delivery", {
            deliveryStreamName: "exports",
            deliveryStreamEncryptionConfigurationInput: { keyType: "AWS_OWNED_CMK" },
        }),
    );
    v(
        ENC,
        "aws-native Firehose stream added without encryption",
        addResource("aws-native:kinesisfirehose:DeliveryStream", "exports-delivery", {
            deliveryStreamName: "exports",
        }),
    );
    v(
        ENC,
        "aws-native Customer Profiles domain added on another account's key",
        addResource("aws-native:customerprofiles:Domain", "partner-domain", {
            domainName: "amazon-connect-partner",
            defaultExpirationDays: 366,
            defaultEncryptionKey: OTHER_KEY,
        }),
    );
    v(
        ENC,
        "a classic queue added with SSE-SQS",
        addResource("aws:sqs/queue:Queue", "extra-queue", { sqsManagedSseEnabled: true }),
    );
    v(
        TLS,
        "a classic queue added without a policy",
        addResource("aws:sqs/queue:Queue", "extra-queue", {
            kmsMasterKeyId: KEY_ARN_OWN,
            url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/extra`,
            arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:extra`,
        }),
    );
    v(
        TLS,
        "a BucketPolicy for a bucket outside the plan, without the TLS Deny",
        addResource("aws:s3/bucketPolicy:BucketPolicy", "shared-bucket-policy", {
            bucket: "examplecorp-shared",
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "Read",
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                        Action: "s3:GetObject",
                        Resource: "arn:aws:s3:::examplecorp-shared/*",
                    },
                ],
            }),
        }),
    );
    v(
        PAB,
        "a public access block for a bucket outside the plan, with BlockPublicPolicy off",
        addResource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "shared-pab", {
            bucket: "examplecorp-shared",
            blockPublicAcls: true,
            ignorePublicAcls: true,
            blockPublicPolicy: false,
            restrictPublicBuckets: true,
        }),
    );
    v(
        VER,
        "a BucketVersioning for a bucket outside the plan, Suspended",
        addResource("aws:s3/bucketVersioning:BucketVersioning", "shared-versioning", {
            bucket: "examplecorp-shared",
            versioningConfiguration: { status: "Suspended" },
        }),
    );
    v(
        ACL,
        "a classic bucket added with the canned ACL public-read",
        addResource("aws:s3/bucket:Bucket", "public-bucket", {
            bucket: "examplecorp-public",
            acl: "public-read",
        }),
    );
    v(
        VER,
        "a classic bucket added with inline versioning disabled",
        addResource("aws:s3/bucket:Bucket", "unversioned-bucket", {
            bucket: "examplecorp-unversioned",
            versioning: { enabled: false },
        }),
    );
    // The access-log exemption is narrow.
    v(
        CMK,
        "an access-log target bucket on alias/aws/s3 (only SSE-S3 is exempt)",
        logBucket({ sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" }),
    );
    v(
        CMK,
        "an SSE-S3 bucket that no BucketLogging targets (not a log bucket)",
        logBucket({ sseAlgorithm: "AES256" }, false),
    );
    // The first preview (ARNs and keys unknown): what the plan already shows is still judged.
    const preview = (caughtBy: string, name: string, apply: (p: Plan) => Plan) =>
        out.push({ cls: "transport", caughtBy, name: `first preview: ${name}`, apply, base: "preview" });
    preview(
        PAB,
        "sales-streaming-ctr-bucket-public-access: blockPublicPolicy off",
        edit("sales-streaming-ctr-bucket-public-access", (p) => (p.blockPublicPolicy = false)),
    );
    preview(
        VER,
        "sales-streaming-ctr-bucket-versioning: Suspended",
        edit("sales-streaming-ctr-bucket-versioning", (p) => {
            p.versioningConfiguration.status = "Suspended";
        }),
    );
    preview(
        ACL,
        "sales-streaming-ctr-bucket-ownership: ObjectWriter",
        edit("sales-streaming-ctr-bucket-ownership", (p) => {
            p.rule.objectOwnership = "ObjectWriter";
        }),
    );
    preview(
        ENC,
        "profiles-dlq: alias/aws/sqs",
        edit("profiles-dlq", (p) => (p.kmsMasterKeyId = "alias/aws/sqs")),
    );
    preview(TLS, "sales-streaming-ctr-bucket: its bucket policy deleted", remove("sales-streaming-ctr-bucket-policy"));
    return out;
}

function safe(): Variant[] {
    const out: Variant[] = [];
    const v = (name: string, apply: (p: Plan) => Plan) => out.push({ cls: "safe", name, apply });
    const bucketArn = "arn:aws:s3:::sales-streaming-ctr-bucket-d9603a6";
    v(
        "sales-streaming-ctr-bucket-policy: a TLS 1.2 minimum Deny added (s3:TlsVersion)",
        editDoc("sales-streaming-ctr-bucket-policy", (d) => {
            d.Statement.push({
                Sid: "DenyOldTls",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
            });
        }),
    );
    v(
        "sales-streaming-ctr-bucket-policy: the TLS Deny split into a bucket and an objects statement",
        editDoc("sales-streaming-ctr-bucket-policy", (d) => {
            d.Statement = [
                { ...tlsDeny("s3", bucketArn), Sid: "DenyInsecureTransportBucket" },
                { ...tlsDeny("s3", `${bucketArn}/*`), Sid: "DenyInsecureTransportObjects" },
            ];
        }),
    );
    v(
        'profiles-dlq-policy: BoolIfExists aws:SecureTransport "false" (still denies)',
        onTls("profiles-dlq-policy", (s) => {
            s.Condition = { BoolIfExists: { "aws:SecureTransport": "false" } };
        }),
    );
    v(
        'alarms-topic-policy: aws:SecureTransport as a one-element list ["false"]',
        onTls("alarms-topic-policy", (s) => {
            s.Condition = { Bool: { "aws:SecureTransport": ["false"] } };
        }),
    );
    v(
        "alarms-topic-policy: aws:SecureTransport as the JSON boolean false",
        onTls("alarms-topic-policy", (s) => {
            s.Condition = { Bool: { "aws:SecureTransport": false } };
        }),
    );
    v(
        'profiles-dlq-policy: Action "*" and Resource "*" in the TLS Deny',
        onTls("profiles-dlq-policy", (s) => {
            s.Action = "*";
            s.Resource = "*";
        }),
    );
    v(
        'sales-streaming-ctr-bucket-policy: Principal {"AWS": "*"} in the TLS Deny',
        onTls("sales-streaming-ctr-bucket-policy", (s) => {
            s.Principal = { AWS: "*" };
        }),
    );
    v(
        "profiles-dlq-policy: a Deny for other accounts added beside the TLS Deny",
        editDoc("profiles-dlq-policy", (d) => {
            d.Statement.push({
                Sid: "DenyOtherAccounts",
                Effect: "Deny",
                Principal: "*",
                Action: "sqs:*",
                Resource: "*",
                // Customer Profiles calls as a service principal, whose request has no aws:PrincipalAccount:
                // without this exemption the Deny refuses it its own DLQ (the IAM simulator: ExplicitlyDenied).
                Condition: {
                    StringNotEquals: { "aws:PrincipalAccount": ACCOUNT },
                    BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
                },
            });
        }),
    );
    v(
        "sales-streaming-ctr-bucket-encryption: bucket key off",
        edit("sales-streaming-ctr-bucket-encryption", (p) => {
            p.rules[0].bucketKeyEnabled = false;
        }),
    );
    v(
        "sales-streaming-ctr-bucket-encryption: DSSE-KMS with the same key",
        edit("sales-streaming-ctr-bucket-encryption", (p) => {
            p.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm = "aws:kms:dsse";
        }),
    );
    v(
        "sales-streaming-ctr-bucket: tags changed",
        edit("sales-streaming-ctr-bucket", (p) => (p.tags = { ...p.tags, team: "cc" })),
    );
    v(
        "profiles-dlq: tags changed",
        edit("profiles-dlq", (p) => (p.tags = { ...p.tags, team: "cc" })),
    );
    v(
        "alarms-topic: display name changed",
        edit("alarms-topic", (p) => (p.displayName = "Profiles alarms")),
    );
    v(
        "sales-streaming-ctr-bucket-lifecycle: expiration days changed",
        edit("sales-streaming-ctr-bucket-lifecycle", (p) => {
            p.rules[0].expiration.days = 730;
        }),
    );
    v(
        "sales-streaming-ctr-bucket-ownership: deleted (new buckets are BucketOwnerEnforced by default)",
        remove("sales-streaming-ctr-bucket-ownership"),
    );
    v(
        'a BucketAclV2 with the canned ACL "private" added (owner only)',
        addDepending(
            "aws:s3/bucketAclV2:BucketAclV2",
            "ctr-bucket-acl",
            { bucket: "sales-streaming-ctr-bucket-d9603a6", acl: "private" },
            { bucket: ["sales-streaming-ctr-bucket"] },
        ),
    );
    v("an aws-native bucket added with every setting locked and a TLS-only BucketPolicy", nativeBucket());
    v(
        "an aws-native queue added with a CMK and a TLS-only QueueInlinePolicy",
        nativeQueue({ kmsMasterKeyId: KEY_ARN_OWN }),
    );
    v("an aws-native topic added with a CMK and a TLS-only TopicPolicy", nativeTopic({ kmsMasterKeyId: KEY_ARN_OWN }));
    v(
        "an access-log target bucket with SSE-S3 (target of a BucketLogging of the contact-record bucket)",
        logBucket({
            sseAlgorithm: "AES256",
        }),
    );
    v(
        "an aws-native Kinesis stream added with a CMK",
        addResource("aws-native:kinesis:Stream", "exports-stream", {
            name: "exports",
            streamEncryption: { encryptionType: "KMS", keyId: KEY_ARN_OWN },
        }),
    );
    v(
        "an aws-native bucket whose key is unknown until apply (advisory, not a violation)",
        nativeBucket((p) => {
            p.bucketEncryption.serverSideEncryptionConfiguration[0].serverSideEncryptionByDefault.kmsMasterKeyId = U;
        }),
    );
    v(
        "an aws-native KMS key added, and an aws-native queue on it whose key ARN is known after apply",
        both(
            addResource("aws-native:kms:Key", "exports-key", {
                enableKeyRotation: true,
                keyPolicy: {
                    Version: "2012-10-17",
                    Statement: [rootKeyAdmin(ACCOUNT)],
                },
            }),
            addDepending(
                "aws-native:sqs:Queue",
                "exports-queue",
                { queueUrl: QUEUE_URL, arn: QUEUE_ARN, kmsMasterKeyId: U },
                { kmsMasterKeyId: ["exports-key"] },
            ),
            addResource("aws-native:sqs:QueueInlinePolicy", "exports-queue-policy", {
                queue: QUEUE_URL,
                policyDocument: { Version: "2012-10-17", Statement: [tlsDeny("sqs", QUEUE_ARN)] },
            }),
        ),
    );
    return out;
}

export function transportVariants(): Variant[] {
    return [...insecure(), ...safe()];
}
