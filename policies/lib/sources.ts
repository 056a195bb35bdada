// The resources a service principal legitimately acts for, as ARNs, for the source-binding rule.
//
// Only services whose every grant in this program serves one known resource are listed; for the
// others (CloudWatch alarms, EventBridge rules publishing to a topic) a pattern within this account
// is what AWS documents, and only the account is judged.
// ARN formats: Service Authorization Reference, resource types of Amazon Connect Customer Profiles
// (`arn:${Partition}:profile:${Region}:${Account}:domains/${DomainName}`), Amazon Data Firehose
// (`…:firehose:${Region}:${Account}:deliverystream/${DeliveryStreamName}`) and Amazon AppFlow
// (`…:appflow:${Region}:${Account}:flow/${flowName}`).
import { PolicyResource } from "@pulumi/policy";
import { UNKNOWN } from "./conditions";
import { safeString } from "./stack";

interface SourceKind {
    types: string[];
    /** Property holding the resource name. */
    nameProps: string[];
    arn: (region: string, account: string, name: string) => string;
    /** The resource's own `arn` is not the source's (a BucketLogging's ARN is not the logged bucket's). */
    nameOnly?: boolean;
    /** Of `types`, only those this holds for are sources (a bucket only where it logs inline). */
    applies?: (r: PolicyResource) => boolean;
    /** Further resources the service acts for, with the ARNs it may send for each (see PROFILE_OBJECT_TYPES). */
    more?: { types: string[]; arns: (r: PolicyResource, region: string, account: string) => string[] | undefined };
}

/**
 * Customer Profiles uses a domain's key for each object type under the object type's own source ARN:
 * Amazon Connect Administrator Guide, "Cross-service confused deputy prevention", example "to create
 * Customer Profiles object types" (`…:domains/DOMAIN/objects/OBJECT_TYPE`,
 * https://docs.aws.amazon.com/connect/latest/adminguide/cross-service-confused-deputy-prevention.html);
 * the Service Authorization Reference spells the object-type ARN `…:domains/DOMAIN/object-types/NAME`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnectcustomerprofiles.html).
 * No page says which the service sends, so both name the stack's object type.
 */
export function objectTypeArns(region: string, account: string, domainName: string, objectTypeName: string): string[] {
    const domain = `arn:aws:profile:${region}:${account}:domains/${domainName}`;
    return [`${domain}/objects/${objectTypeName}`, `${domain}/object-types/${objectTypeName}`];
}

const PROFILE_OBJECT_TYPES: SourceKind["more"] = {
    types: ["aws-native:customerprofiles:ObjectType"],
    arns: (r, region, account) => {
        const domain = safeString(r.props, ["domainName"]);
        const name = safeString(r.props, ["objectTypeName"]) ?? safeString(r.props, ["templateId"]);
        if (typeof domain !== "string" || typeof name !== "string") return undefined;
        if (domain.includes(UNKNOWN) || name.includes(UNKNOWN)) return undefined;
        return objectTypeArns(region, account, domain, name);
    },
};

/** Resources that configure a bucket's server access logging. */
const LOGGING_TYPES = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];
/** Buckets that may configure it inline. */
const INLINE_LOGGING_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws-native:s3:Bucket"];

/**
 * A bucket's inline logging: the property holding it and its target bucket (a name, UNKNOWN, or for
 * aws-native without DestinationBucketName the bucket itself: AWS CloudFormation User Guide,
 * AWS::S3::Bucket LoggingConfiguration, DestinationBucketName: "By default, logs are stored in the bucket
 * where the LoggingConfiguration property is defined"). Undefined when the bucket logs nothing inline.
 */
export function inlineLogging(r: PolicyResource): { prop: string; target: string | undefined } | undefined {
    const props = (r.props ?? {}) as Record<string, unknown>;
    const read = (k: string): unknown => {
        try {
            return props[k];
        } catch {
            return UNKNOWN; // unknown during preview
        }
    };
    if (r.type === "aws-native:s3:Bucket") {
        const c = read("loggingConfiguration");
        if (c === undefined || c === null) return undefined;
        if (typeof c !== "object") return { prop: "loggingConfiguration", target: UNKNOWN };
        const t = safeString(props, ["loggingConfiguration", "destinationBucketName"]);
        const own = safeString(props, ["bucketName"]);
        const target = typeof t === "string" ? t : t === undefined && typeof own === "string" ? own : UNKNOWN;
        return { prop: "loggingConfiguration", target };
    }
    for (const prop of ["logging", "loggings"]) {
        const v = read(prop);
        const first = Array.isArray(v) ? v[0] : v;
        if (first === undefined || first === null) continue;
        if (typeof first !== "object") return { prop, target: UNKNOWN };
        const t = (first as Record<string, unknown>).targetBucket;
        return { prop, target: typeof t === "string" ? t : UNKNOWN };
    }
    return undefined;
}

export const SOURCE_KINDS: Record<string, SourceKind> = {
    "profile.amazonaws.com": {
        types: ["aws:customerprofiles/domain:Domain", "aws-native:customerprofiles:Domain"],
        nameProps: ["domainName"],
        arn: (r, a, n) => `arn:aws:profile:${r}:${a}:domains/${n}`,
        more: PROFILE_OBJECT_TYPES,
    },
    "firehose.amazonaws.com": {
        types: [
            "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
            "aws-native:kinesisfirehose:DeliveryStream",
        ],
        nameProps: ["name", "deliveryStreamName"],
        arn: (r, a, n) => `arn:aws:firehose:${r}:${a}:deliverystream/${n}`,
    },
    // AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail" and "Configure AWS KMS key
    // policies for CloudTrail": aws:SourceArn is the trail's ARN, `arn:…:cloudtrail:REGION:ACCOUNT:trail/NAME`.
    "cloudtrail.amazonaws.com": {
        types: ["aws:cloudtrail/trail:Trail", "aws-native:cloudtrail:Trail"],
        nameProps: ["name", "trailName"],
        arn: (r, a, n) => `arn:aws:cloudtrail:${r}:${a}:trail/${n}`,
    },
    // Amazon S3 User Guide, "Enabling Amazon S3 server access logging" (permissions for log delivery):
    // aws:SourceArn is the ARN of the bucket being logged, the `bucket` of a BucketLogging resource.
    // Inline logging too: a classic bucket's `logging` (`loggings` on BucketV2) and an aws-native bucket's
    // `loggingConfiguration` (AWS CloudFormation User Guide, AWS::S3::Bucket LoggingConfiguration).
    "logging.s3.amazonaws.com": {
        types: [...LOGGING_TYPES, ...INLINE_LOGGING_TYPES],
        nameProps: ["bucket", "bucketName"],
        arn: (_r, _a, n) => (n.startsWith("arn:") ? n : `arn:aws:s3:::${n}`),
        nameOnly: true,
        applies: (r) => LOGGING_TYPES.includes(r.type) || inlineLogging(r) !== undefined,
    },
    "appflow.amazonaws.com": {
        types: ["aws:appflow/flow:Flow", "aws-native:appflow:Flow"],
        nameProps: ["name", "flowName"],
        arn: (r, a, n) => `arn:aws:appflow:${r}:${a}:flow/${n}`,
    },
};

export interface OwnSources {
    /** ARNs of the stack's resources this service acts for (known ones). */
    arns: string[];
    /** true when some such resource has a name not known until apply. */
    unknown: boolean;
}

/** The stack's resources a service acts for, or undefined when the service is not listed. */
export function ownSources(
    service: string,
    all: PolicyResource[],
    region: string | undefined,
    account: string,
    only: (r: PolicyResource) => boolean = () => true,
): OwnSources | undefined {
    const kind = SOURCE_KINDS[service];
    if (!kind) {
        return undefined;
    }
    const out: OwnSources = { arns: [], unknown: false };
    for (const r of all.filter((x) => kind.types.includes(x.type) && (kind.applies?.(x) ?? true) && only(x))) {
        const arn = kind.nameOnly ? undefined : safeString(r.props, ["arn"]);
        if (typeof arn === "string" && !arn.includes(UNKNOWN)) {
            out.arns.push(arn);
            continue;
        }
        const name = kind.nameProps.map((p) => safeString(r.props, [p])).find((v) => v !== undefined);
        if (typeof name === "string" && !name.includes(UNKNOWN) && (region || kind.nameOnly)) {
            out.arns.push(kind.arn(region ?? "", account, name));
        } else {
            out.unknown = true;
        }
    }
    for (const r of kind.more ? all.filter((x) => kind.more!.types.includes(x.type)) : []) {
        const arns = region ? kind.more!.arns(r, region, account) : undefined;
        if (arns) out.arns.push(...arns);
        else out.unknown = true;
    }
    return out;
}

/** Variants of an ARN that name another resource of the same type and account (probes). */
export function siblingArns(arn: string): string[] {
    const i = Math.max(arn.lastIndexOf("/"), arn.lastIndexOf(":"));
    const prefix = arn.slice(0, i + 1);
    const name = arn.slice(i + 1);
    const mid = Math.floor(name.length / 2);
    const swapped = name.length > 0 ? name.slice(0, mid) + (name[mid] === "q" ? "z" : "q") + name.slice(mid + 1) : "q";
    return [`${prefix}${name}-other`, `${prefix}other-${name}`, `${prefix}${swapped}`];
}

/** Bucket policy types whose `bucket` names the bucket they govern. */
const BUCKET_POLICY_TYPES = ["aws:s3/bucketPolicy:BucketPolicy", "aws-native:s3:BucketPolicy"];
/** Bucket types that may carry their policy inline. */
const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/**
 * Whether a logging configuration (a BucketLogging, or a bucket logging inline) delivers to a bucket not
 * known until apply (its target unknown and no dependency edge naming it): it may deliver to any bucket.
 */
export function logTargetUnknown(r: PolicyResource): boolean {
    const inline = LOGGING_TYPES.includes(r.type) ? undefined : inlineLogging(r);
    if (!LOGGING_TYPES.includes(r.type) && !inline) return false;
    const prop = inline?.prop ?? "targetBucket";
    if ((r.propertyDependencies?.[prop] ?? []).length > 0) return false;
    const target = inline ? inline.target : safeString(r.props, ["targetBucket"]);
    return typeof target !== "string" || target.includes(UNKNOWN);
}

/** Whether some logging of the plan delivers to a bucket not known until apply. */
export const unknownLogTarget = (all: PolicyResource[]) => all.some(logTargetUnknown);

/**
 * For a statement of logging.s3.amazonaws.com held by a bucket's policy: which logging configurations
 * deliver to that bucket (`targetBucket` names it, by dependency or by name). Amazon S3 User Guide,
 * "Enabling Amazon S3 server access logging": the target bucket's policy lets the logging service put
 * objects "for the source bucket", aws:SourceArn the source bucket's ARN; a source logged elsewhere has no
 * business in this bucket's policy. Undefined when the holder is not a bucket or bucket policy.
 */
export function logsTo(
    holder: PolicyResource,
    all: PolicyResource[],
): ((logging: PolicyResource) => boolean) | undefined {
    const isPolicy = BUCKET_POLICY_TYPES.includes(holder.type);
    if (!isPolicy && !BUCKET_TYPES.includes(holder.type)) return undefined;
    const deps = isPolicy ? (holder.propertyDependencies.bucket ?? []).map((d) => d.urn) : [holder.urn];
    const name = safeString(holder.props, ["bucket"]);
    const names = typeof name === "string" && !name.includes(UNKNOWN) ? [name, `arn:aws:s3:::${name}`] : [];
    // The bucket resource a policy names by value (its name), for plans without dependency edges.
    for (const b of all.filter((x) => BUCKET_TYPES.includes(x.type) || x.type === "aws-native:s3:Bucket")) {
        const n = safeString(b.props, ["bucket"]) ?? safeString(b.props, ["bucketName"]);
        if (typeof n === "string" && names.includes(n)) deps.push(b.urn);
    }
    return (logging) => {
        const inline = LOGGING_TYPES.includes(logging.type) ? undefined : inlineLogging(logging);
        const depProp = inline?.prop ?? "targetBucket";
        if ((logging.propertyDependencies[depProp] ?? []).some((d) => deps.includes(d.urn))) return true;
        const target = inline ? inline.target : safeString(logging.props, ["targetBucket"]);
        return typeof target === "string" && names.includes(target);
    };
}

/**
 * The buckets the plan names: every bucket resource's name, and every bucket a logging configuration of the
 * plan logs (a BucketLogging's `bucket`), as `arn:aws:s3:::NAME`; `unknown` when one is not known until apply.
 */
export function planBuckets(all: PolicyResource[]): { arns: Set<string>; unknown: boolean } {
    const out = { arns: new Set<string>(), unknown: false };
    for (const r of all) {
        const prop = [...BUCKET_TYPES, "aws-native:s3:Bucket"].includes(r.type)
            ? r.type === "aws-native:s3:Bucket"
                ? "bucketName"
                : "bucket"
            : LOGGING_TYPES.includes(r.type)
              ? "bucket"
              : undefined;
        if (!prop) continue;
        const name = safeString(r.props, [prop]);
        if (typeof name === "string" && !name.includes(UNKNOWN)) {
            out.arns.add(name.startsWith("arn:") ? name : `arn:aws:s3:::${name}`);
        } else if (r.type !== "aws-native:s3:Bucket" || name !== undefined) {
            out.unknown = true;
        }
    }
    return out;
}
