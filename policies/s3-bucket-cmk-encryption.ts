// Policy s3-bucket-cmk-encryption.
//
// Every bucket needs a default-encryption configuration, and every configuration's rules must use
// a customer managed key (aws:kms / aws:kms:dsse with a key that is not alias/aws/*). The
// configurations are judged here, with the whole stack in view, rather than one resource at a
// time, for one narrow exemption that needs the stack:
//
// A server access log target bucket may use SSE-S3 (AES256) and only SSE-S3. Amazon S3 User Guide,
// "Enabling Amazon S3 server access logging": "You can use default bucket encryption on the target
// bucket only if you use server-side encryption with Amazon S3 managed keys (SSE-S3) ... Default
// server-side encryption with AWS KMS keys (SSE-KMS) is not supported." A configuration is exempt
// only when all of these hold: its rule is exactly AES256; its bucket is the `targetBucket` of an
// S3 bucket-logging configuration of the plan; and the bucket's policy is in the plan and allows
// nobody but the logging service principal (logging.s3.amazonaws.com): a bucket that anyone else
// may write to holds more than access logs and gets no exemption.
//
// Keys are judged by lib/storage.ts judgeKey: missing, an AWS managed key (alias/aws/*), or a key of
// another account (the account field of its ARN; trustedAccounts as for other-accounts); a key unknown
// until apply with no key of the plan behind it is advisory. aws-native buckets carry their default
// encryption inline (BucketEncryption.ServerSideEncryptionConfiguration) and are judged the same way
// (no log-target exemption for them: the exemption reads classic logging and policy resources only).
import { StackContext } from "./lib/access";
import { judgeKey, safeContext } from "./lib/storage";
import { TRUSTED_ACCOUNTS_SCHEMA, TrustConfig } from "./other-accounts";
import { StackValidationPolicy, PolicyResource } from "@pulumi/policy";
import { stackRule } from "./lib/rule";
import { cannotJudge, dependsDirectly, ofType, safeGet, safeString, UNKNOWN_VALUE } from "./lib/stack";
import { parsePolicyDocument, PolicyParseError } from "./lib/documents";

const SSE_TYPES = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const NATIVE_BUCKET = "aws-native:s3:Bucket";
const LOGGING_TYPES = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];
const BUCKET_POLICY_TYPES = ["aws:s3/bucketPolicy:BucketPolicy"];
/** The principal Amazon S3 delivers server access logs as (S3 User Guide, "Permissions for log delivery"). */
export const S3_LOGGING_SERVICE = "logging.s3.amazonaws.com";

/** true when `r`'s property `prop` names `bucket` (by dependency or by its name). */
function refersTo(r: PolicyResource, bucket: PolicyResource, prop: string): boolean {
    if (dependsDirectly(r, bucket, prop)) return true;
    const name = safeString(bucket.props, ["bucket"]);
    return typeof name === "string" && safeString(r.props, [prop]) === name;
}

/** The bucket a configuration applies to, if the plan holds it. */
function bucketOf(cfg: PolicyResource, buckets: PolicyResource[]): PolicyResource | undefined {
    return buckets.find((b) => refersTo(cfg, b, "bucket"));
}

/**
 * Whether `bucket` is a server access log target only: some logging configuration of the plan
 * delivers to it, and its bucket policy (in the plan) allows nobody but the logging service.
 * "unknown" when that policy is not known until apply.
 */
function isLogTargetOnly(bucket: PolicyResource, resources: PolicyResource[]): boolean | "unknown" {
    const delivers = ofType(resources, ...LOGGING_TYPES).some((l) => refersTo(l, bucket, "targetBucket"));
    if (!delivers) return false;
    const policies = ofType(resources, ...BUCKET_POLICY_TYPES).filter((p) => refersTo(p, bucket, "bucket"));
    if (policies.length !== 1) return false;
    const raw = safeGet(policies[0].props, ["policy"]);
    if (raw === UNKNOWN_VALUE) return "unknown";
    try {
        const doc = parsePolicyDocument(raw);
        return doc.statements
            .filter((s) => s.effect === "Allow")
            .every(
                (s) =>
                    s.principal !== undefined &&
                    s.notPrincipal === undefined &&
                    !s.principal.any &&
                    s.principal.aws.length === 0 &&
                    s.principal.federated.length === 0 &&
                    s.principal.canonicalUser.length === 0 &&
                    s.principal.service.length > 0 &&
                    s.principal.service.every((p) => p === S3_LOGGING_SERVICE),
            );
    } catch (e) {
        if (e instanceof PolicyParseError) return false;
        throw e;
    }
}

/** true when some rule of the configuration asks for SSE-S3 (AES256). */
function asksForSseS3(props: Record<string, unknown>): boolean {
    const rules = safeGet(props, ["rules"]);
    return (
        Array.isArray(rules) &&
        rules.some(
            (_r, i) => safeGet(props, ["rules", i, "applyServerSideEncryptionByDefault", "sseAlgorithm"]) === "AES256",
        )
    );
}

/** What is wrong with a configuration's rules (empty: every rule uses a customer managed key). */
function ruleProblems(cfg: PolicyResource, sseS3Allowed: boolean, ctx: StackContext, unjudged: string[]): string[] {
    const props = cfg.props;
    const rules = safeGet(props, ["rules"]);
    if (rules === UNKNOWN_VALUE) return [];
    const list = Array.isArray(rules) ? rules : [];
    if (list.length === 0) return ["rules: no encryption rule"];
    const out: string[] = [];
    list.forEach((_r, i) => {
        const byDefault = ["rules", i, "applyServerSideEncryptionByDefault"];
        const alg = safeGet(props, [...byDefault, "sseAlgorithm"]);
        if (alg === "AES256" && sseS3Allowed && safeGet(props, [...byDefault, "kmsMasterKeyId"]) === undefined) return;
        if (alg !== UNKNOWN_VALUE && alg !== "aws:kms" && alg !== "aws:kms:dsse") {
            out.push(
                `rules[${i}]: sseAlgorithm ${JSON.stringify(alg ?? null)} is not aws:kms with a customer managed key`,
            );
            return;
        }
        const k = judgeKey(cfg, [...byDefault, "kmsMasterKeyId"], ctx);
        if (k.wrong) out.push(k.wrong);
        if (k.unjudged) unjudged.push(k.unjudged);
    });
    return out;
}

export const s3BucketCmkEncryption: StackValidationPolicy = stackRule<TrustConfig>(
    {
        name: "s3-bucket-cmk-encryption",
        description:
            "Every S3 bucket must have a server-side encryption configuration with a customer managed KMS key; only a server access log target (written by logging.s3.amazonaws.com alone) may use SSE-S3, the only default encryption AWS supports there.",
        remediationSteps:
            "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with sseAlgorithm aws:kms and kmsMasterKeyId set to a customer managed key.",
        enforcementLevel: "mandatory",
        config: TRUSTED_ACCOUNTS_SCHEMA,
    },
    (args, report, config) => {
        const buckets = ofType(args.resources, ...BUCKET_TYPES);
        const natives = ofType(args.resources, NATIVE_BUCKET);
        const configs = ofType(args.resources, ...SSE_TYPES);
        if (buckets.length === 0 && configs.length === 0 && natives.length === 0) {
            args.notApplicable("no S3 buckets");
        }
        const ctx = safeContext(args.resources, config.trustedAccounts ?? []);
        const unjudged: string[] = [];
        const key = (r: PolicyResource, path: (string | number)[], label: string) => {
            const k = judgeKey(r, path, ctx);
            if (k.wrong) report(`bucket ${r.name}: ${label}: ${k.wrong}`, r.urn);
            if (k.unjudged) unjudged.push(k.unjudged);
        };
        for (const cfg of configs) {
            const bucket = bucketOf(cfg, buckets);
            const logTarget = bucket === undefined ? false : isLogTargetOnly(bucket, args.resources);
            if (logTarget === "unknown" && asksForSseS3(cfg.props)) {
                unjudged.push(`${cfg.name} (SSE-S3; the policy of bucket ${bucket!.name} is unknown)`);
                continue;
            }
            for (const message of ruleProblems(cfg, logTarget === true, ctx, unjudged)) report(message, cfg.urn);
        }
        for (const b of buckets) {
            const inline = safeGet(b.props, [
                "serverSideEncryptionConfiguration",
                "rule",
                "applyServerSideEncryptionByDefault",
            ]);
            if (inline && inline !== UNKNOWN_VALUE) {
                const alg = safeGet(inline, ["sseAlgorithm"]);
                if (alg !== UNKNOWN_VALUE && alg !== "aws:kms" && alg !== "aws:kms:dsse") {
                    report(
                        `bucket ${b.name}: inline encryption: sseAlgorithm ${JSON.stringify(alg ?? null)} is not aws:kms with a customer managed key`,
                        b.urn,
                    );
                    continue;
                }
                key(
                    b,
                    [
                        "serverSideEncryptionConfiguration",
                        "rule",
                        "applyServerSideEncryptionByDefault",
                        "kmsMasterKeyId",
                    ],
                    "inline encryption",
                );
                continue;
            }
            if (!configs.some((c) => refersTo(c, b, "bucket"))) {
                report(
                    `bucket ${b.name} has no server-side encryption configuration with a customer managed key`,
                    b.urn,
                );
            }
        }
        for (const b of natives) {
            const rules = safeGet(b.props, ["bucketEncryption", "serverSideEncryptionConfiguration"]);
            if (rules === UNKNOWN_VALUE) {
                unjudged.push(`${b.name} bucketEncryption: unknown until apply`);
                continue;
            }
            const list = Array.isArray(rules) ? rules : [];
            if (list.length === 0) {
                report(
                    `bucket ${b.name} has no BucketEncryption with a customer managed key (S3 would use SSE-S3)`,
                    b.urn,
                );
                continue;
            }
            list.forEach((_r, i) => {
                const base = [
                    "bucketEncryption",
                    "serverSideEncryptionConfiguration",
                    i,
                    "serverSideEncryptionByDefault",
                ];
                const alg = safeGet(b.props, [...base, "sseAlgorithm"]);
                if (alg === UNKNOWN_VALUE) return;
                if (alg !== "aws:kms" && alg !== "aws:kms:dsse") {
                    report(
                        `bucket ${b.name}: rule ${i}: sseAlgorithm ${JSON.stringify(alg ?? null)} is not aws:kms with a customer managed key`,
                        b.urn,
                    );
                    return;
                }
                key(b, [...base, "kmsMasterKeyId"], `rule ${i}`);
            });
        }
        cannotJudge(unjudged);
    },
);
