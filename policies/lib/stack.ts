// Stack-level helpers: following references between resources (by dependency or by value),
// tolerating values that are unknown during preview.
import { PolicyResource, UnknownValueError } from "@pulumi/policy";
import { UNKNOWN } from "./analysis";

/**
 * Ends a stack rule that could not judge some resources because a value is unknown until apply
 * (preview): the analyzer reports it as an advisory "can't run … during preview" naming them,
 * after the violations already reported. An unknown is never a violation by itself.
 */
export function cannotJudge(what: string[], why = "values unknown during preview"): void {
    if (what.length === 0) {
        return;
    }
    // The analyzer recognises the error by its class; its constructor only formats a property path.
    const e = Object.create(UnknownValueError.prototype) as UnknownValueError;
    Object.defineProperty(e, "message", {
        value: `not judged until apply (${why}): ${[...new Set(what)].join("; ")}`,
    });
    throw e;
}

/** Marker for a value not known during preview. */
export const UNKNOWN_VALUE: unique symbol = Symbol("unknown");
export type Maybe<T> = T | typeof UNKNOWN_VALUE | undefined;

// Per-analysis caches. The policy runtime builds fresh resource objects (with fresh props) for
// every stack policy it runs, and props do not change during an analysis, so answers keyed on
// those objects (WeakMaps: they go with the objects) are computed once per policy instead of once
// per lookup; without them the stack rules are quadratic to cubic in the number of resources.
// Answers about a resource set are keyed on the array the rule passes around (`all`).
const propCache = new WeakMap<object, Map<string, unknown>>();
const baseIdCache = new WeakMap<object, string[]>();

interface SetIndex {
    /** The array's length when indexed: a caller that changes its array gets a fresh index. */
    length: number;
    byTypes: Map<string, PolicyResource[]>;
    aliasIds: Map<PolicyResource, string[]>;
}
const setIndexes = new WeakMap<PolicyResource[], SetIndex>();

function setIndex(all: PolicyResource[]): SetIndex {
    let index = setIndexes.get(all);
    if (!index || index.length !== all.length) {
        index = { length: all.length, byTypes: new Map(), aliasIds: new Map() };
        setIndexes.set(all, index);
    }
    return index;
}

/** safeGet of a resource's property, memoised per props object. */
function propOf(r: PolicyResource, path: (string | number)[]): unknown {
    const props = r.props as object;
    if (props === null || typeof props !== "object") {
        return safeGet(props, path);
    }
    let m = propCache.get(props);
    if (!m) {
        m = new Map();
        propCache.set(props, m);
    }
    const key = path.join("\u0000");
    if (m.has(key)) {
        return m.get(key);
    }
    const v = safeGet(props, path);
    m.set(key, v);
    return v;
}

/** safeString of a resource's property, memoised per props object. */
function propString(r: PolicyResource, path: (string | number)[]): Maybe<string> {
    const v = propOf(r, path);
    if (v === UNKNOWN_VALUE) {
        return UNKNOWN_VALUE;
    }
    return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * Read a property path without letting an unknown value abort the whole stack policy (the
 * engine's proxy throws UnknownValueError on unknowns; here they become UNKNOWN_VALUE).
 */
export function safeGet(obj: unknown, path: (string | number)[]): unknown {
    let cur: unknown = obj;
    for (const p of path) {
        if (cur === null || cur === undefined || typeof cur !== "object") {
            return undefined;
        }
        try {
            cur = (cur as Record<string | number, unknown>)[p];
        } catch (e) {
            if ((e as Error)?.constructor?.name === "UnknownValueError") {
                return UNKNOWN_VALUE;
            }
            throw e;
        }
        if (typeof cur === "string" && cur === UNKNOWN) {
            return UNKNOWN_VALUE;
        }
    }
    return cur;
}

export function safeString(obj: unknown, path: (string | number)[]): Maybe<string> {
    const v = safeGet(obj, path);
    if (v === UNKNOWN_VALUE) {
        return UNKNOWN_VALUE;
    }
    return typeof v === "string" && v !== "" ? v : undefined;
}

/** The resources of the given types, in stack order (a new array each call). */
export function ofType(resources: PolicyResource[], ...types: string[]): PolicyResource[] {
    const index = setIndex(resources);
    const key = types.join("\n");
    let found = index.byTypes.get(key);
    if (!found) {
        found = resources.filter((r) => types.includes(r.type));
        index.byTypes.set(key, found);
    }
    return found.slice();
}

/** The identifiers of the resource itself (no aliases), memoised per props object. */
function ownIdentifiers(r: PolicyResource): string[] {
    const props = r.props as object;
    const cacheable = props !== null && typeof props === "object";
    const cached = cacheable ? baseIdCache.get(props) : undefined;
    if (cached) {
        return cached;
    }
    const out: string[] = [];
    for (const k of ["arn", "id", "keyId", "url", "name", "bucket", "domainName"]) {
        const v = propString(r, [k]);
        if (typeof v === "string" && !v.includes(UNKNOWN)) {
            out.push(v);
        }
    }
    if (cacheable) {
        baseIdCache.set(props, out);
    }
    return out;
}

/** identifiers() without the defensive copy (internal callers only read it). */
function identifiersOf(r: PolicyResource, all: PolicyResource[]): string[] {
    const own = ownIdentifiers(r);
    if ((r.type !== "aws:kms/key:Key" && r.type !== "aws-native:kms:Key") || all.length === 0) {
        return own;
    }
    const m = setIndex(all).aliasIds;
    let ids = m.get(r);
    if (!ids) {
        ids = [...own];
        for (const a of ofType(all, "aws:kms/alias:Alias", "aws-native:kms:Alias")) {
            if (dependsDirectly(a, r, "targetKeyId")) {
                for (const k of ["name", "arn", "aliasName"]) {
                    const v = propString(a, [k]);
                    if (typeof v === "string") {
                        ids.push(v);
                    }
                }
            }
        }
        m.set(r, ids);
    }
    return ids;
}

/** Strings that identify a resource: ARN, id, name, URL, key id, and aliases pointing at a key. */
export function identifiers(r: PolicyResource, all: PolicyResource[] = []): string[] {
    return [...identifiersOf(r, all)];
}

/** true when `r`'s property `prop` (or, without prop, any input) depends on `target`. */
export function dependsDirectly(r: PolicyResource, target: PolicyResource, prop?: string): boolean {
    const deps = prop ? (r.propertyDependencies[prop] ?? []) : r.dependencies;
    if (deps.some((d) => d.urn === target.urn)) {
        return true;
    }
    if (prop) {
        const v = propString(r, [prop]);
        if (typeof v === "string") {
            return valueNames(v, target);
        }
    }
    return false;
}

/** true when the string value names the target (equal to an identifier, or an ARN ending in it). */
export function valueNames(value: string, target: PolicyResource, all: PolicyResource[] = []): boolean {
    const ids = identifiersOf(target, all);
    return ids.some((id) => value === id || value.endsWith(`/${id}`) || value.endsWith(`:${id}`));
}

/**
 * The resource a property refers to, among candidates: by property dependency (also through a KMS
 * alias), else by value. Returns UNKNOWN_VALUE when the value is unknown and no dependency says.
 */
export function referent(
    r: PolicyResource,
    path: (string | number)[],
    candidates: PolicyResource[],
    all: PolicyResource[],
): Maybe<PolicyResource> {
    const top = String(path[0]);
    const deps = r.propertyDependencies[top] ?? [];
    const value = propString(r, path);
    if (value === undefined) {
        return undefined;
    }
    const byDep = candidates.filter((c) => deps.some((d) => d.urn === c.urn || aliasTargets(d, c)));
    if (byDep.length === 1 || (byDep.length > 1 && typeof value !== "string")) {
        return byDep[0];
    }
    if (typeof value === "string") {
        const byValue = candidates.find((c) => valueNames(value, c, all));
        if (byValue) {
            return byValue;
        }
        return byDep[0];
    }
    return UNKNOWN_VALUE;
}

function aliasTargets(alias: PolicyResource, key: PolicyResource): boolean {
    return (
        (alias.type === "aws:kms/alias:Alias" || alias.type === "aws-native:kms:Alias") &&
        dependsDirectly(alias, key, "targetKeyId")
    );
}

/** true when `r` depends on `target`, directly or through other resources' dependencies. */
export function dependsTransitively(r: PolicyResource, target: PolicyResource): boolean {
    const seen = new Set<string>();
    const stack = [...r.dependencies, ...Object.values(r.propertyDependencies).flat()];
    while (stack.length > 0) {
        const d = stack.pop()!;
        if (d.urn === target.urn) {
            return true;
        }
        if (!seen.has(d.urn)) {
            seen.add(d.urn);
            stack.push(...d.dependencies, ...Object.values(d.propertyDependencies).flat());
        }
    }
    return false;
}

export const KEY_TYPES = ["aws:kms/key:Key", "aws-native:kms:Key"];
export const DOMAIN_TYPES = ["aws:customerprofiles/domain:Domain", "aws-native:customerprofiles:Domain"];
export const ROLE_TYPES = ["aws:iam/role:Role", "aws-native:iam:Role"];

/** Where each resource type names the KMS key it encrypts with, and which service principal acts for it. */
export const KEY_USERS: Record<string, { path: (string | number)[]; services: string[] }[]> = {
    "aws:sqs/queue:Queue": [{ path: ["kmsMasterKeyId"], services: ["sqs.amazonaws.com"] }],
    "aws-native:sqs:Queue": [{ path: ["kmsMasterKeyId"], services: ["sqs.amazonaws.com"] }],
    "aws:sns/topic:Topic": [{ path: ["kmsMasterKeyId"], services: ["sns.amazonaws.com"] }],
    "aws:kinesis/stream:Stream": [{ path: ["kmsKeyId"], services: ["kinesis.amazonaws.com"] }],
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": [
        { path: ["serverSideEncryption", "keyArn"], services: ["firehose.amazonaws.com"] },
    ],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": [
        { path: ["rules", 0, "applyServerSideEncryptionByDefault", "kmsMasterKeyId"], services: ["s3.amazonaws.com"] },
    ],
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": [
        { path: ["rules", 0, "applyServerSideEncryptionByDefault", "kmsMasterKeyId"], services: ["s3.amazonaws.com"] },
    ],
    "aws:customerprofiles/domain:Domain": [{ path: ["defaultEncryptionKey"], services: ["profile.amazonaws.com"] }],
    "aws-native:customerprofiles:Domain": [{ path: ["defaultEncryptionKey"], services: ["profile.amazonaws.com"] }],
    "aws-native:customerprofiles:ObjectType": [{ path: ["encryptionKey"], services: ["profile.amazonaws.com"] }],
    "aws-native:customerprofiles:Integration": [
        { path: ["flowDefinition", "kmsArn"], services: ["appflow.amazonaws.com", "profile.amazonaws.com"] },
    ],
    "aws:appflow/flow:Flow": [{ path: ["kmsArn"], services: ["appflow.amazonaws.com"] }],
    "aws:appflow/connectorProfile:ConnectorProfile": [{ path: ["kmsArn"], services: ["appflow.amazonaws.com"] }],
    "aws-native:appflow:Flow": [{ path: ["kmsArn"], services: ["appflow.amazonaws.com"] }],
    "aws-native:appflow:ConnectorProfile": [{ path: ["kmsArn"], services: ["appflow.amazonaws.com"] }],
    "aws:cloudwatch/logGroup:LogGroup": [{ path: ["kmsKeyId"], services: ["logs.amazonaws.com"] }],
    // A trail's log files are encrypted by CloudTrail with the trail's key (CloudTrail User Guide,
    // "Configure AWS KMS key policies for CloudTrail": the key policy grants cloudtrail.amazonaws.com).
    "aws:cloudtrail/trail:Trail": [{ path: ["kmsKeyId"], services: ["cloudtrail.amazonaws.com"] }],
    "aws-native:cloudtrail:Trail": [{ path: ["kmsKeyId"], services: ["cloudtrail.amazonaws.com"] }],
    "aws:cloudwatch/eventBus:EventBus": [{ path: ["kmsKeyIdentifier"], services: ["events.amazonaws.com"] }],
    "aws:connect/instanceStorageConfig:InstanceStorageConfig": [
        { path: ["storageConfig", "s3Config", "encryptionConfig", "keyId"], services: ["connect.amazonaws.com"] },
        {
            path: ["storageConfig", "kinesisVideoStreamConfig", "encryptionConfig", "keyId"],
            services: ["connect.amazonaws.com"],
        },
    ],
};

/** Resources that make a service write into another resource (which then needs that service to use its key). */
export const PRODUCERS: { type: string; path: (string | number)[]; service: string }[] = [
    { type: "aws-native:customerprofiles:EventStream", path: ["uri"], service: "profile.amazonaws.com" },
    {
        type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
        path: ["kinesisSourceConfiguration", "kinesisStreamArn"],
        service: "firehose.amazonaws.com",
    },
];

/** `logs.eu-west-1.amazonaws.com` → `logs.amazonaws.com`. */
export function normaliseServicePrincipal(p: string): string {
    return p.replace(/^([a-z0-9-]+)\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com$/, "$1.amazonaws.com");
}
