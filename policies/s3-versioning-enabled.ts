// Policy s3-versioning-enabled: every S3 bucket keeps object versions (versioning Enabled).
//
// A bucket's versioning state is unversioned (never enabled), Enabled or Suspended; a suspended bucket
// stops keeping new versions, so an overwrite or delete loses the data (Amazon S3 User Guide, "Using
// versioning in S3 buckets"; S3 API Reference, PutBucketVersioning: Status Enabled | Suspended). Classic
// buckets take it from an aws.s3.BucketVersioning (or the inline `versioning`), aws-native buckets from
// VersioningConfiguration. Every bucket holds data the stack keeps (contact records, access logs), so
// every bucket is judged; a bucket that holds nothing worth keeping can be exempted by name with
// `exemptResources` (say why in the config file).
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { stackRule } from "./lib/rule";
import { cannotJudge, ofType, safeGet, UNKNOWN_VALUE } from "./lib/stack";
import { BUCKET_TYPES, bucketsOf, companionsOf } from "./lib/storage";

const VERSIONING = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];

export const s3VersioningEnabled: StackValidationPolicy = stackRule(
    {
        name: "s3-versioning-enabled",
        description:
            "Every S3 bucket (classic and aws-native) has versioning Enabled (aws.s3.BucketVersioning status Enabled, or VersioningConfiguration.Status Enabled); Suspended or absent is a violation.",
        remediationSteps:
            'Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration.status "Enabled" (aws-native: VersioningConfiguration { Status: "Enabled" }).',
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const all = args.resources;
        const buckets = ofType(all, ...BUCKET_TYPES);
        const configs = ofType(all, ...VERSIONING);
        if (buckets.length === 0 && configs.length === 0) {
            args.notApplicable("no S3 buckets");
        }
        const unjudged: string[] = [];
        const judge = (r: PolicyResource, path: string[], what: string): boolean | undefined => {
            const v = safeGet(r.props, path);
            if (v === UNKNOWN_VALUE) {
                unjudged.push(`${r.name} ${path.join(".")}: unknown until apply`);
                return undefined;
            }
            if (v !== "Enabled" && v !== true) {
                const state = v === undefined ? "not enabled" : `${JSON.stringify(v)}, not "Enabled"`;
                report(`${what}: versioning is ${state}; overwritten or deleted objects would be lost`, r.urn);
                return false;
            }
            return true;
        };
        for (const b of buckets) {
            if (b.type === "aws-native:s3:Bucket") {
                judge(b, ["versioningConfiguration", "status"], `bucket ${b.name}`);
                continue;
            }
            const inline = safeGet(b.props, ["versioning", "enabled"]);
            if (inline !== undefined) {
                judge(b, ["versioning", "enabled"], `bucket ${b.name} (inline versioning)`);
                continue;
            }
            if (companionsOf(b, all, ...VERSIONING).length === 0) {
                report(
                    `bucket ${b.name} has no versioning (aws.s3.BucketVersioning with status "Enabled"); overwritten or deleted objects would be lost`,
                    b.urn,
                );
            }
        }
        for (const c of configs) {
            const of = bucketsOf(c, all).map((b) => b.name);
            judge(
                c,
                ["versioningConfiguration", "status"],
                `${c.name}${of.length > 0 ? ` (bucket ${of.join(", ")})` : ""}`,
            );
        }
        cannotJudge(unjudged, "values unknown during preview");
    },
);
