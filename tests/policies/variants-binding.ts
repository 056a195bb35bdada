// Source binding on the audit trail's bucket policy and key and on the access-log buckets' policies
// (issue 22, class "sources"): each statement names one trail or one logged bucket by aws:SourceArn, as
// AWS documents (AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail" and "Configure AWS
// KMS key policies for CloudTrail"; Amazon S3 User Guide, "Enabling Amazon S3 server access logging",
// permissions for log delivery). Widened to a pattern, or dropped to aws:SourceAccount alone, the
// statement lets the service act for another trail or bucket of this account: a confused deputy within
// the account (IAM User Guide, "The confused deputy problem").
import { ACCOUNT, editDoc, REGION, sid, Variant } from "./variants";

const TRAIL = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/customer-profiles-amazon-connect-examplecorp-dev-audit`;
const SITES: { resource: string; sid: string; own: string; pattern: string }[] = [
    {
        resource: "audit-trail-bucket-policy",
        sid: "CloudTrailChecksBucketAclForThisTrail",
        own: TRAIL,
        pattern: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/*`,
    },
    {
        resource: "audit-trail-bucket-policy",
        sid: "CloudTrailWritesLogsOfThisTrail",
        own: TRAIL,
        pattern: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/*`,
    },
    {
        resource: "audit-trail-key",
        sid: "CloudTrailEncryptsLogsOfThisTrail",
        own: TRAIL,
        pattern: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/*`,
    },
    {
        resource: "audit-trail-key",
        sid: "CloudTrailDescribesKeyForThisTrail",
        own: TRAIL,
        pattern: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/*`,
    },
    {
        resource: "sales-streaming-ctr-logs-policy",
        sid: "ServerAccessLogsFromContactRecords",
        own: "arn:aws:s3:::sales-streaming-ctr-bucket-d9603a6",
        pattern: "arn:aws:s3:::*",
    },
    {
        resource: "audit-trail-logs-policy",
        sid: "ServerAccessLogsFromAuditTrail",
        own: "arn:aws:s3:::audit-trail-bucket-d9f0e59",
        pattern: "arn:aws:s3:::audit-trail-*",
    },
];

export function bindingVariants(): Variant[] {
    const out: Variant[] = [];
    for (const site of SITES) {
        const set = (f: (c: Record<string, any>) => void) =>
            editDoc(site.resource, (d) => {
                const s = sid(d, site.sid);
                f(s.Condition);
            });
        out.push(
            {
                cls: "sources",
                name: `binding: ${site.resource} ${site.sid}: aws:SourceArn widened to ${site.pattern}`,
                apply: set((c) => {
                    delete c.StringEquals["aws:SourceArn"];
                    c.ArnLike = { "aws:SourceArn": site.pattern };
                }),
                caughtBy: "confused-deputy-source-conditions",
            },
            {
                cls: "sources",
                name: `binding: ${site.resource} ${site.sid}: aws:SourceArn dropped (aws:SourceAccount alone)`,
                apply: set((c) => {
                    delete c.StringEquals["aws:SourceArn"];
                }),
                caughtBy: "confused-deputy-source-conditions",
            },
            {
                cls: "sources",
                name: `binding (safe): ${site.resource} ${site.sid}: ArnEquals for aws:SourceArn`,
                apply: set((c) => {
                    delete c.StringEquals["aws:SourceArn"];
                    c.ArnEquals = { "aws:SourceArn": site.own };
                }),
            },
        );
    }
    return out;
}
