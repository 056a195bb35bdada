// Policy s3-acls-disabled: no S3 bucket has ACLs enabled or grants access through an ACL.
//
// Object Ownership "BucketOwnerEnforced" disables ACLs: the bucket owner owns every object and only
// policies grant access; "BucketOwnerPreferred" and "ObjectWriter" keep ACLs in force (Amazon S3 User
// Guide, "Controlling ownership of objects and disabling ACLs for your bucket"). A bucket without ownership
// controls in the plan passes: by default Object Ownership is Bucket owner enforced and ACLs are disabled
// (Amazon S3 User Guide, "Security best practices for Amazon S3", disable ACLs; for buckets created since
// April 2023: AWS News Blog, "New – Simplify Access Management for Data Stored in Amazon S3", update).
// ACL resources (aws.s3.BucketAcl/BucketAclV2), inline `acl`/`grants` on a classic bucket and
// AccessControl on an aws-native bucket grant through ACLs; the canned ACL "private" (owner only) grants
// nobody else and passes.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { stackRule } from "./lib/rule";
import { cannotJudge, ofType, safeGet, UNKNOWN_VALUE } from "./lib/stack";
import { BUCKET_TYPES, bucketsOf } from "./lib/storage";

const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const ACLS = ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"];
const ENFORCED = "BucketOwnerEnforced";

export const s3AclsDisabled: StackValidationPolicy = stackRule(
    {
        name: "s3-acls-disabled",
        description:
            'No S3 bucket (classic or aws-native) has ACLs enabled: Object Ownership other than BucketOwnerEnforced, an ACL resource, inline grants or a canned ACL other than "private".',
        remediationSteps:
            'Set Object Ownership to "BucketOwnerEnforced" (aws.s3.BucketOwnershipControls, or OwnershipControls on an aws-native bucket), remove ACL resources and grants, and grant access with the bucket policy.',
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const all = args.resources;
        const buckets = ofType(all, ...BUCKET_TYPES);
        const ownership = ofType(all, OWNERSHIP);
        const acls = ofType(all, ...ACLS);
        if (buckets.length + ownership.length + acls.length === 0) {
            args.notApplicable("no S3 buckets");
        }
        const unjudged: string[] = [];
        const target = (r: PolicyResource) => {
            const of = bucketsOf(r, all).map((b) => b.name);
            return of.length > 0 ? ` (bucket ${of.join(", ")})` : "";
        };
        const owner = (r: PolicyResource, path: (string | number)[], what: string) => {
            const v = safeGet(r.props, path);
            if (v === UNKNOWN_VALUE) {
                unjudged.push(`${r.name} ${path.join(".")}: unknown until apply`);
            } else if (v !== ENFORCED) {
                report(
                    `${what}: object ownership ${JSON.stringify(v ?? null)} keeps ACLs enabled; use "${ENFORCED}"`,
                    r.urn,
                );
            }
        };
        for (const c of ownership) {
            owner(c, ["rule", "objectOwnership"], `${c.name}${target(c)}`);
        }
        for (const a of acls) {
            const canned = safeGet(a.props, ["acl"]);
            const grants = safeGet(a.props, ["accessControlPolicy", "grants"]);
            if (canned === UNKNOWN_VALUE || grants === UNKNOWN_VALUE) {
                unjudged.push(`${a.name}: its ACL is unknown until apply`);
            } else if ((canned !== undefined && canned !== "private") || (Array.isArray(grants) && grants.length > 0)) {
                const what =
                    canned !== undefined && canned !== "private"
                        ? `canned ACL ${JSON.stringify(canned)}`
                        : "ACL grants";
                report(
                    `${a.name}${target(a)} grants access through ${what}; disable ACLs and use the bucket policy`,
                    a.urn,
                );
            }
        }
        for (const b of buckets) {
            if (b.type === "aws-native:s3:Bucket") {
                const rules = safeGet(b.props, ["ownershipControls", "rules"]);
                if (Array.isArray(rules)) {
                    rules.forEach((_r, i) =>
                        owner(b, ["ownershipControls", "rules", i, "objectOwnership"], `bucket ${b.name}`),
                    );
                }
                const canned = safeGet(b.props, ["accessControl"]);
                if (canned !== undefined && canned !== UNKNOWN_VALUE && canned !== "Private") {
                    report(`bucket ${b.name} grants access through AccessControl ${JSON.stringify(canned)}`, b.urn);
                }
                continue;
            }
            const canned = safeGet(b.props, ["acl"]);
            const grants = safeGet(b.props, ["grants"]);
            if (canned !== undefined && canned !== UNKNOWN_VALUE && canned !== "private") {
                report(`bucket ${b.name} grants access through canned ACL ${JSON.stringify(canned)}`, b.urn);
            }
            if (Array.isArray(grants) && grants.length > 0) {
                report(`bucket ${b.name} grants access through ${grants.length} ACL grant(s)`, b.urn);
            }
        }
        cannotJudge(unjudged, "values unknown during preview");
    },
);
