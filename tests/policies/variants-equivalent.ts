// Equivalent forms (issue 22, class "equivalent"): rewrites of the dev plan that IAM decides exactly as
// the original, which the pack must therefore pass. Source of each label: IAM User Guide, "IAM JSON
// policy elements: Condition operators" (StringEqualsIgnoreCase: "Exact matching, ignoring case"), and the
// AWS KMS Developer Guide, "kms:ViaService" (the value is SERVICE.REGION.amazonaws.com, in lower case).
import { editDoc, REGION, sid, SNS_KEY_SITES, Variant } from "./variants";

export function equivalentVariants(): Variant[] {
    const out: Variant[] = [];
    for (const site of SNS_KEY_SITES) {
        out.push({
            cls: "equivalent",
            name: `equivalent (safe): ${site.resource} ${site.sid}: kms:ViaService under StringEqualsIgnoreCase, in upper case`,
            apply: editDoc(
                site.resource,
                (d) => {
                    sid(d, site.sid).Condition = {
                        StringEqualsIgnoreCase: { "kms:ViaService": `SNS.${REGION.toUpperCase()}.AMAZONAWS.COM` },
                    };
                },
                site.prop,
            ),
        });
    }
    return out;
}
