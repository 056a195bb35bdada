// Policy connect-storage-after-key-policy.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { patternCovers } from "./lib/analysis";
import { hasUnknownDocument, keyPolicies, keyPolicyHolders } from "./lib/stackdocs";
import { stackRule } from "./lib/rule";
import { cannotJudge, dependsTransitively, KEY_TYPES, ofType, referent, safeString, UNKNOWN_VALUE } from "./lib/stack";
const CONNECT_SLR =
    /^arn:aws[a-z-]*:iam::\d{12}:role\/aws-service-role\/connect\.amazonaws\.com\/AWSServiceRoleForAmazonConnect/;

/** The key that protects the data a storage config sends, if any. */
function storageKey(sc: PolicyResource, all: PolicyResource[]): PolicyResource | typeof UNKNOWN_VALUE | undefined {
    const keys = ofType(all, ...KEY_TYPES);
    const streams = ofType(all, "aws:kinesis/stream:Stream");
    const firehoses = ofType(all, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
    const direct =
        referent(sc, ["storageConfig", "s3Config", "encryptionConfig", "keyId"], keys, all) ??
        referent(sc, ["storageConfig", "kinesisVideoStreamConfig", "encryptionConfig", "keyId"], keys, all);
    if (direct) {
        return direct;
    }
    const stream = referent(sc, ["storageConfig", "kinesisStreamConfig", "streamArn"], streams, all);
    if (stream === UNKNOWN_VALUE) {
        return UNKNOWN_VALUE;
    }
    if (stream) {
        return referent(stream, ["kmsKeyId"], keys, all);
    }
    const fh = referent(sc, ["storageConfig", "kinesisFirehoseConfig", "firehoseArn"], firehoses, all);
    if (fh === UNKNOWN_VALUE) {
        return UNKNOWN_VALUE;
    }
    return fh ? referent(fh, ["serverSideEncryption", "keyArn"], keys, all) : undefined;
}

export const connectStorageAfterKeyPolicy: StackValidationPolicy = stackRule(
    {
        name: "connect-storage-after-key-policy",
        description:
            "Every Connect instance storage config that streams to a KMS-encrypted target must depend on the key policy that grants the instance's service-linked role kms:GenerateDataKey (otherwise data is lost until the policy exists).",
        remediationSteps:
            "Add a key-policy statement for the instance's ServiceRole (arn:aws:iam::ACCOUNT:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_…) with kms:GenerateDataKey, and give the storage config dependsOn: [thatKeyPolicy].",
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const all = args.resources;
        const configs = ofType(all, "aws:connect/instanceStorageConfig:InstanceStorageConfig");
        if (configs.length === 0) {
            args.notApplicable("no Connect instance storage configs");
        }
        const instances = ofType(all, "aws:connect/instance:Instance");
        const notJudged: string[] = [];
        for (const sc of configs) {
            const key = storageKey(sc, all);
            if (!key || key === UNKNOWN_VALUE) {
                continue; // unencrypted targets are the encryption rule's concern
            }
            const instance = referent(sc, ["instanceId"], instances, all);
            const slr =
                instance && instance !== UNKNOWN_VALUE ? safeString(instance.props, ["serviceRole"]) : undefined;
            const admitting = keyPolicies(key, all).filter((h) =>
                h.doc.statements.some(
                    (s) =>
                        s.effect === "Allow" &&
                        (s.actions ?? []).some((a) => patternCovers(a, "kms:GenerateDataKey")) &&
                        (s.principal?.aws ?? []).some((p) =>
                            typeof slr === "string" ? p === slr : CONNECT_SLR.test(p),
                        ),
                ),
            );
            if (admitting.length === 0) {
                const unknownPolicies = keyPolicyHolders(key, all).filter(hasUnknownDocument);
                if (unknownPolicies.length > 0) {
                    notJudged.push(
                        `storage config ${sc.name} (policy of key ${key.name} unknown: ${unknownPolicies.map((h) => h.name).join(", ")})`,
                    );
                    continue;
                }
                report(
                    `storage config ${sc.name}: no policy of key ${key.name} grants the Connect instance's service-linked role${typeof slr === "string" ? ` (${slr})` : ""} kms:GenerateDataKey`,
                    sc.urn,
                );
                continue;
            }
            if (!admitting.some((h) => dependsTransitively(sc, h.holder))) {
                report(
                    `storage config ${sc.name} does not depend on ${admitting.map((h) => h.holder.name).join(" or ")}, the key policy that admits the Connect service-linked role`,
                    sc.urn,
                );
            }
        }
        cannotJudge(notJudged);
    },
);
