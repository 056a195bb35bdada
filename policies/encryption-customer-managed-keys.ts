// Policy encryption-customer-managed-keys.
import { notCmk } from "./lib/keys";
import { ResourceValidationPolicy } from "@pulumi/policy";

import { resourceRule } from "./lib/rule";
import { safeGet, UNKNOWN_VALUE } from "./lib/stack";

type Check = (props: Record<string, unknown>) => string[];

const keyAt =
    (label: string, ...path: (string | number)[]): Check =>
    (props) => {
        const why = notCmk(safeGet(props, path));
        return why ? [`${label}: ${why}`] : [];
    };

const CHECKS: Record<string, Check> = {
    "aws:sqs/queue:Queue": keyAt("kmsMasterKeyId", "kmsMasterKeyId"),
    "aws-native:sqs:Queue": keyAt("kmsMasterKeyId", "kmsMasterKeyId"),
    "aws:sns/topic:Topic": keyAt("kmsMasterKeyId", "kmsMasterKeyId"),
    "aws:kinesis/stream:Stream": (props) => {
        const type = safeGet(props, ["encryptionType"]);
        if (type !== "KMS" && type !== UNKNOWN_VALUE) {
            return [
                `encryptionType is ${JSON.stringify(type ?? "NONE")}; set it to "KMS" with a customer managed kmsKeyId`,
            ];
        }
        return keyAt("kmsKeyId", "kmsKeyId")(props);
    },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": (props) => {
        if (safeGet(props, ["kinesisSourceConfiguration"])) {
            return []; // encrypted by its source stream
        }
        const sse = safeGet(props, ["serverSideEncryption"]);
        if (sse === UNKNOWN_VALUE) {
            return [];
        }
        if (safeGet(sse, ["enabled"]) !== true) {
            return ["serverSideEncryption is not enabled"];
        }
        if (safeGet(sse, ["keyType"]) !== "CUSTOMER_MANAGED_CMK") {
            return ['serverSideEncryption.keyType must be "CUSTOMER_MANAGED_CMK"'];
        }
        return keyAt("serverSideEncryption.keyArn", "serverSideEncryption", "keyArn")(props);
    },
    // S3 default-encryption configurations are judged by s3-bucket-cmk-encryption, which sees the
    // whole stack: a server access log target may (and may only) use SSE-S3 (Amazon S3 User Guide,
    // "Enabling Amazon S3 server access logging"), and only the stack shows that a bucket is one.
    "aws:appflow/flow:Flow": keyAt("kmsArn", "kmsArn"),
    "aws:appflow/connectorProfile:ConnectorProfile": keyAt("kmsArn", "kmsArn"),
    "aws-native:appflow:Flow": keyAt("kmsArn", "kmsArn"),
    "aws-native:appflow:ConnectorProfile": keyAt("kmsArn", "kmsArn"),
    "aws:customerprofiles/domain:Domain": keyAt("defaultEncryptionKey", "defaultEncryptionKey"),
    "aws-native:customerprofiles:Domain": keyAt("defaultEncryptionKey", "defaultEncryptionKey"),
    "aws-native:customerprofiles:ObjectType": (props) =>
        // Unset means "the domain's default key", which the domain rule checks.
        safeGet(props, ["encryptionKey"]) === undefined ? [] : keyAt("encryptionKey", "encryptionKey")(props),
    "aws-native:customerprofiles:Integration": (props) =>
        safeGet(props, ["flowDefinition"]) === undefined
            ? []
            : keyAt("flowDefinition.kmsArn", "flowDefinition", "kmsArn")(props),
    "aws:connect/instanceStorageConfig:InstanceStorageConfig": (props) => {
        const out: string[] = [];
        for (const kind of ["s3Config", "kinesisVideoStreamConfig"]) {
            const cfg = safeGet(props, ["storageConfig", kind]);
            if (cfg && cfg !== UNKNOWN_VALUE) {
                const enc = safeGet(cfg, ["encryptionConfig"]);
                if (enc === undefined) {
                    out.push(`storageConfig.${kind}.encryptionConfig: no customer managed KMS key is set`);
                } else {
                    out.push(
                        ...keyAt(
                            `storageConfig.${kind}.encryptionConfig.keyId`,
                            "storageConfig",
                            kind,
                            "encryptionConfig",
                            "keyId",
                        )(props),
                    );
                }
            }
        }
        return out;
    },
};

export const ENCRYPTED_TYPES = Object.keys(CHECKS);

export const encryptionCustomerManagedKeys: ResourceValidationPolicy = resourceRule(
    {
        name: "encryption-customer-managed-keys",
        description:
            "SQS queues, SNS topics, Kinesis streams, Firehose, AppFlow flows and connector profiles, Customer Profiles domains and integrations, and Connect storage must be encrypted with a customer managed KMS key (not alias/aws/*); S3 buckets: see s3-bucket-cmk-encryption.",
        remediationSteps:
            "Set the resource's KMS key property to the ARN of a customer managed key created by this program.",
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const check = CHECKS[args.type];
        if (!check) {
            args.notApplicable("resource type stores no data at rest");
        }
        for (const message of check(args.props)) {
            report(message);
        }
    },
);
