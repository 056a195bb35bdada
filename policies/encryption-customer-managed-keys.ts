// Policy encryption-customer-managed-keys.
//
// Data at rest must be encrypted with a customer managed key of this account: not unencrypted, not an
// AWS managed key (alias/aws/SERVICE: AWS KMS Developer Guide, "AWS KMS concepts", AWS managed keys), not a
// service-owned key (SQS SSE-SQS, sqsManagedSseEnabled: Amazon SQS Developer Guide, "Encryption at rest";
// Firehose AWS_OWNED_CMK, the default: Amazon Data Firehose API Reference,
// DeliveryStreamEncryptionConfigurationInput; Kinesis EncryptionType NONE, or alias/aws/kinesis, a key
// owned by Kinesis Data Streams: Kinesis Data Streams API Reference, StartStreamEncryption), and not a key
// of another account (judged from the account field of the key's ARN). Keyed by resource type, classic
// and aws-native, so resources the program did not create are judged alike. A key unknown until apply is
// judged through its property dependency on a key of the plan, else reported as advisory.
// S3 buckets and their default-encryption configurations: s3-bucket-cmk-encryption.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { StackContext } from "./lib/access";
import { stackRule } from "./lib/rule";
import { cannotJudge, ofType, safeGet, UNKNOWN_VALUE } from "./lib/stack";
import { judgeKey, safeContext } from "./lib/storage";
import { TRUSTED_ACCOUNTS_SCHEMA, TrustConfig } from "./other-accounts";

interface Judge {
    r: PolicyResource;
    all: PolicyResource[];
    ctx: StackContext;
    report: (message: string) => void;
    unjudged: string[];
}

type Check = (j: Judge) => void;

const keyAt =
    (...path: (string | number)[]): Check =>
    (j) => {
        const k = judgeKey(j.r, path, j.ctx);
        if (k.wrong) {
            j.report(k.wrong);
        }
        if (k.unjudged) {
            j.unjudged.push(k.unjudged);
        }
    };

const get = (j: Judge, ...path: (string | number)[]) => safeGet(j.r.props, path);

const sqs: Check = (j) => {
    if (get(j, "sqsManagedSseEnabled") === true && get(j, "kmsMasterKeyId") === undefined) {
        j.report(
            "sqsManagedSseEnabled is true: SSE-SQS encrypts with keys SQS owns; set kmsMasterKeyId to a customer managed key",
        );
        return;
    }
    keyAt("kmsMasterKeyId")(j);
};

const kinesisClassic: Check = (j) => {
    const type = get(j, "encryptionType");
    if (type !== "KMS" && type !== UNKNOWN_VALUE) {
        j.report(
            `encryptionType is ${JSON.stringify(type ?? "NONE")}; set it to "KMS" with a customer managed kmsKeyId`,
        );
        return;
    }
    keyAt("kmsKeyId")(j);
};

const kinesisNative: Check = (j) => {
    const enc = get(j, "streamEncryption");
    if (enc === UNKNOWN_VALUE) {
        return;
    }
    const type = get(j, "streamEncryption", "encryptionType");
    if (type !== "KMS" && type !== UNKNOWN_VALUE) {
        j.report(
            `streamEncryption.encryptionType is ${JSON.stringify(type ?? "NONE")}; set it to "KMS" with a customer managed keyId`,
        );
        return;
    }
    keyAt("streamEncryption", "keyId")(j);
};

const firehoseClassic: Check = (j) => {
    if (get(j, "kinesisSourceConfiguration")) {
        return; // encrypted by its source stream
    }
    const sse = get(j, "serverSideEncryption");
    if (sse === UNKNOWN_VALUE) {
        return;
    }
    if (safeGet(sse, ["enabled"]) !== true) {
        j.report("serverSideEncryption is not enabled");
        return;
    }
    if (safeGet(sse, ["keyType"]) !== "CUSTOMER_MANAGED_CMK") {
        j.report('serverSideEncryption.keyType must be "CUSTOMER_MANAGED_CMK"');
        return;
    }
    keyAt("serverSideEncryption", "keyArn")(j);
};

const firehoseNative: Check = (j) => {
    if (get(j, "kinesisStreamSourceConfiguration")) {
        return; // encrypted by its source stream
    }
    const enc = get(j, "deliveryStreamEncryptionConfigurationInput");
    if (enc === UNKNOWN_VALUE) {
        return;
    }
    if (enc === undefined || enc === null) {
        j.report(
            "deliveryStreamEncryptionConfigurationInput is not set: records are not encrypted with a customer managed key",
        );
        return;
    }
    if (safeGet(enc, ["keyType"]) !== "CUSTOMER_MANAGED_CMK") {
        j.report('deliveryStreamEncryptionConfigurationInput.keyType must be "CUSTOMER_MANAGED_CMK"');
        return;
    }
    keyAt("deliveryStreamEncryptionConfigurationInput", "keyArn")(j);
};

const CHECKS: Record<string, Check> = {
    "aws:sqs/queue:Queue": sqs,
    "aws-native:sqs:Queue": sqs,
    "aws:sns/topic:Topic": keyAt("kmsMasterKeyId"),
    "aws-native:sns:Topic": keyAt("kmsMasterKeyId"),
    "aws:kinesis/stream:Stream": kinesisClassic,
    "aws-native:kinesis:Stream": kinesisNative,
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": firehoseClassic,
    "aws-native:kinesisfirehose:DeliveryStream": firehoseNative,
    // S3 default-encryption configurations are judged by s3-bucket-cmk-encryption, which sees whether the
    // bucket is a server access log target (the one place SSE-S3 is allowed).
    "aws:appflow/flow:Flow": keyAt("kmsArn"),
    "aws:appflow/connectorProfile:ConnectorProfile": keyAt("kmsArn"),
    "aws-native:appflow:Flow": keyAt("kmsArn"),
    "aws-native:appflow:ConnectorProfile": keyAt("kmsArn"),
    "aws:customerprofiles/domain:Domain": keyAt("defaultEncryptionKey"),
    "aws-native:customerprofiles:Domain": keyAt("defaultEncryptionKey"),
    "aws-native:customerprofiles:ObjectType": (j) => {
        // Unset means "the domain's default key", which the domain rule checks.
        if (get(j, "encryptionKey") !== undefined) {
            keyAt("encryptionKey")(j);
        }
    },
    "aws-native:customerprofiles:Integration": (j) => {
        if (get(j, "flowDefinition") !== undefined) {
            keyAt("flowDefinition", "kmsArn")(j);
        }
    },
    "aws:connect/instanceStorageConfig:InstanceStorageConfig": (j) => {
        for (const kind of ["s3Config", "kinesisVideoStreamConfig"]) {
            const cfg = get(j, "storageConfig", kind);
            if (cfg && cfg !== UNKNOWN_VALUE) {
                if (safeGet(cfg, ["encryptionConfig"]) === undefined) {
                    j.report(`storageConfig.${kind}.encryptionConfig: no customer managed KMS key is set`);
                } else {
                    keyAt("storageConfig", kind, "encryptionConfig", "keyId")(j);
                }
            }
        }
    },
};

export const ENCRYPTED_TYPES = Object.keys(CHECKS);

export const encryptionCustomerManagedKeys: StackValidationPolicy = stackRule<TrustConfig>(
    {
        name: "encryption-customer-managed-keys",
        description:
            "SQS queues, SNS topics, Kinesis streams, Firehose, AppFlow flows and connector profiles, Customer Profiles domains and integrations, and Connect storage (classic and aws-native) must be encrypted with a customer managed KMS key of this account (not alias/aws/*, SSE-SQS, AWS owned keys, or another account's key); S3 buckets: see s3-bucket-cmk-encryption.",
        remediationSteps:
            "Set the resource's KMS key property to the ARN of a customer managed key created by this program (a key of another account only if its id is in trustedAccounts).",
        enforcementLevel: "mandatory",
        config: TRUSTED_ACCOUNTS_SCHEMA,
    },
    (args, report, config) => {
        const all = args.resources;
        const subjects = ofType(all, ...ENCRYPTED_TYPES);
        if (subjects.length === 0) {
            args.notApplicable("no resource that stores data at rest");
        }
        const ctx = safeContext(all, config.trustedAccounts ?? []);
        const unjudged: string[] = [];
        for (const r of subjects) {
            CHECKS[r.type]({ r, all, ctx, unjudged, report: (m) => report(m, r.urn) });
        }
        cannotJudge(unjudged, "the key is not known from the plan");
    },
);
