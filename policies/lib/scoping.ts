// Conditions that scope a Resource "*" identity statement, decided by the evaluator (conditions.ts).
import { PROBE_ACCOUNT } from "./access";
import { evaluateConditions, request } from "./conditions";
import { Statement } from "./documents";

/** Tag keys of the resource or the request (aws:ResourceTag/…, SERVICE:ResourceTag/…, s3:BucketTag/…). */
export const TAG_KEY = /(^|:)(ResourceTag|RequestTag|BucketTag|ExistingObjectTag|RequestObjectTag)\//i;

/** Keys that narrow which resources (or which calls) a Resource "*" statement reaches. */
const SCOPING_KEYS = [
    TAG_KEY,
    /^kms:(ViaService|CallerAccount)$/i,
    /^aws:(SourceArn|SourceAccount|SourceOrgID|SourceOrgPaths|ResourceAccount|ResourceOrgID|ResourceOrgPaths)$/i,
];

/** A value of a scoping key that names nothing of this stack: another account, service, resource or tag. */
function probeValue(key: string): string {
    if (/Account$/i.test(key)) {
        return PROBE_ACCOUNT;
    }
    if (/OrgID$/i.test(key)) {
        return "o-probeother01";
    }
    if (/OrgPaths$/i.test(key)) {
        return "o-probeother01/r-prob/ou-prob-other01/";
    }
    if (/SourceArn$/i.test(key)) {
        return `arn:aws:s3:::probe-other`;
    }
    if (/ViaService$/i.test(key)) {
        return "probe-other.us-east-1.amazonaws.com";
    }
    return "probe-other";
}

/**
 * true when the conditions narrow a Resource "*" statement: they fail for a request without any scoping
 * key (tags, kms:ViaService, kms:CallerAccount, source and resource account/organisation keys, and the
 * configured extra keys) and for a request whose scoping keys name something else (another account,
 * service, resource, tag value). Every other key is left free. Decided by the evaluator, so
 * `StringNotEquals`, `...IfExists`, `ForAllValues:` and `*` values do not count as scoping.
 */
export function scopedByConditions(s: Statement, extraKeys: string[] = []): boolean {
    const extra = new Set(extraKeys.map((k) => k.toLowerCase()));
    const scoping = (k: string) => extra.has(k.toLowerCase()) || SCOPING_KEYS.some((re) => re.test(k));
    const named = Object.values(s.conditions).flatMap((block) => Object.keys(block).filter(scoping));
    const absent = request({}, (k) => !scoping(k));
    const other = request(Object.fromEntries(named.map((k) => [k, probeValue(k)])), (k) => !scoping(k));
    return evaluateConditions(s.conditions, absent) === false && evaluateConditions(s.conditions, other) === false;
}
