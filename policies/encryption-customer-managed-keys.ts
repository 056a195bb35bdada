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
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (props) => s3Rules(props),
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": (props) =>
        s3Rules(props),
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

function s3Rules(props: Record<string, unknown>): string[] {
    const rules = safeGet(props, ["rules"]);
    if (rules === UNKNOWN_VALUE) {
        return [];
    }
    const list = Array.isArray(rules) ? rules : [];
    if (list.length === 0) {
        return ["rules: no encryption rule"];
    }
    const out: string[] = [];
    list.forEach((_r, i) => {
        const alg = safeGet(props, ["rules", i, "applyServerSideEncryptionByDefault", "sseAlgorithm"]);
        if (alg !== UNKNOWN_VALUE && alg !== "aws:kms" && alg !== "aws:kms:dsse") {
            out.push(
                `rules[${i}]: sseAlgorithm ${JSON.stringify(alg ?? null)} is not aws:kms with a customer managed key`,
            );
            return;
        }
        out.push(
            ...keyAt(
                `rules[${i}].applyServerSideEncryptionByDefault.kmsMasterKeyId`,
                "rules",
                i,
                "applyServerSideEncryptionByDefault",
                "kmsMasterKeyId",
            )(props),
        );
    });
    return out;
}

export const ENCRYPTED_TYPES = Object.keys(CHECKS);

export const encryptionCustomerManagedKeys: ResourceValidationPolicy = resourceRule(
    {
        name: "encryption-customer-managed-keys",
        description:
            "SQS queues, SNS topics, Kinesis streams, Firehose, S3 buckets, AppFlow flows and connector profiles, Customer Profiles domains and integrations, and Connect storage must be encrypted with a customer managed KMS key (not alias/aws/*).",
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
