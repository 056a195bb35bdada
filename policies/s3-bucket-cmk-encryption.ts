// Policy s3-bucket-cmk-encryption.
import { notCmk } from "./lib/keys";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackRule } from "./lib/rule";
import { dependsDirectly, ofType, safeGet, safeString, UNKNOWN_VALUE } from "./lib/stack";
const SSE_TYPES = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];

export const s3BucketCmkEncryption: StackValidationPolicy = stackRule(
    {
        name: "s3-bucket-cmk-encryption",
        description:
            "Every S3 bucket must have a server-side encryption configuration with a customer managed KMS key.",
        remediationSteps:
            "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with sseAlgorithm aws:kms and kmsMasterKeyId set to a customer managed key.",
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const buckets = ofType(args.resources, "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2");
        if (buckets.length === 0) {
            args.notApplicable("no S3 buckets");
        }
        const configs = ofType(args.resources, ...SSE_TYPES);
        for (const b of buckets) {
            const inline = safeGet(b.props, [
                "serverSideEncryptionConfiguration",
                "rule",
                "applyServerSideEncryptionByDefault",
            ]);
            if (inline && inline !== UNKNOWN_VALUE) {
                const why = notCmk(safeGet(inline, ["kmsMasterKeyId"]));
                if (why) {
                    report(`bucket ${b.name}: inline encryption: ${why}`, b.urn);
                }
                continue;
            }
            const bucketName = safeString(b.props, ["bucket"]);
            const cfg = configs.find(
                (c) =>
                    dependsDirectly(c, b, "bucket") ||
                    (typeof bucketName === "string" && safeString(c.props, ["bucket"]) === bucketName),
            );
            if (!cfg) {
                report(
                    `bucket ${b.name} has no server-side encryption configuration with a customer managed key`,
                    b.urn,
                );
            }
        }
    },
);
