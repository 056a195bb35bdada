// Policy s3-public-access-blocked: every S3 bucket blocks public access with all four settings.
//
// The four settings (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets) are the
// bucket-level S3 Block Public Access configuration (Amazon S3 User Guide, "Blocking public access to your
// Amazon S3 storage", section "Block public access settings": four independent settings, each applicable
// to an access point, a bucket or an account; the page recommends turning all four on for the account —
// the pack asks for them per bucket, as the plan cannot see the account's settings; CloudFormation AWS::S3::Bucket PublicAccessBlockConfiguration, where an omitted
// setting is false). Classic buckets take them from an aws.s3.BucketPublicAccessBlock, aws-native buckets
// from PublicAccessBlockConfiguration. New buckets have had all four on by default since April 2023 (AWS
// News Blog, "New – Simplify Access Management for Data Stored in Amazon S3", update of 27 April 2023), but
// a bucket whose program does not declare them can be opened outside the program without a diff: the pack
// asks for them in the plan.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { stackRule } from "./lib/rule";
import { cannotJudge, ofType, safeGet, UNKNOWN_VALUE } from "./lib/stack";
import { BUCKET_TYPES, bucketsOf, companionsOf } from "./lib/storage";

const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const FLAGS = ["blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"];

/** The settings that are not true (unknown ones apart). */
function flagsOff(r: PolicyResource, base: string[], unjudged: string[]): string[] {
    const off: string[] = [];
    for (const f of FLAGS) {
        const v = safeGet(r.props, [...base, f]);
        if (v === UNKNOWN_VALUE) {
            unjudged.push(`${r.name} ${[...base, f].join(".")}: unknown until apply`);
        } else if (v !== true) {
            off.push(`${f} is ${JSON.stringify(v ?? null)}`);
        }
    }
    return off;
}

export const s3PublicAccessBlocked: StackValidationPolicy = stackRule(
    {
        name: "s3-public-access-blocked",
        description:
            "Every S3 bucket (classic and aws-native) blocks public access: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets all true (aws.s3.BucketPublicAccessBlock or PublicAccessBlockConfiguration).",
        remediationSteps:
            "Add an aws.s3.BucketPublicAccessBlock for the bucket with all four settings true (aws-native: set all four in PublicAccessBlockConfiguration).",
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const all = args.resources;
        const buckets = ofType(all, ...BUCKET_TYPES);
        const blocks = ofType(all, PAB);
        if (buckets.length === 0 && blocks.length === 0) {
            args.notApplicable("no S3 buckets");
        }
        const unjudged: string[] = [];
        for (const b of buckets) {
            if (b.type === "aws-native:s3:Bucket") {
                const cfg = safeGet(b.props, ["publicAccessBlockConfiguration"]);
                if (cfg === UNKNOWN_VALUE) {
                    unjudged.push(`${b.name} publicAccessBlockConfiguration: unknown until apply`);
                } else if (cfg === undefined || cfg === null) {
                    report(`bucket ${b.name} has no PublicAccessBlockConfiguration; set all four settings true`, b.urn);
                } else {
                    const off = flagsOff(b, ["publicAccessBlockConfiguration"], unjudged);
                    if (off.length > 0) {
                        report(`bucket ${b.name} does not block public access: ${off.join(", ")}`, b.urn);
                    }
                }
                continue;
            }
            if (companionsOf(b, all, PAB).length === 0) {
                report(
                    `bucket ${b.name} has no public access block (aws.s3.BucketPublicAccessBlock with all four settings true)`,
                    b.urn,
                );
            }
        }
        // Every public access block, whether or not its bucket is in the plan.
        for (const p of blocks) {
            const off = flagsOff(p, [], unjudged);
            if (off.length > 0) {
                const of = bucketsOf(p, all).map((b) => b.name);
                const target = of.length > 0 ? ` of bucket ${of.join(", ")}` : "";
                report(`public access block ${p.name}${target} lets public access through: ${off.join(", ")}`, p.urn);
            }
        }
        cannotJudge(unjudged, "values unknown during preview");
    },
);
