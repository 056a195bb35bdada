// What AWS checks when a resource is created, and can be known offline: the mock cloud refuses
// those requests as AWS would, so the offline run fails where `pulumi up` would. Each rule names its
// AWS source. The rules judge the run's registrations in request order:
//
// - "exists": a resource a request names must exist when the request is made. In a real
//   deployment the engine runs registrations concurrently; it waits for a resource only when the
//   request depends on it (through an output or dependsOn). So a named resource of this stack
//   exists only when the request depends on it, directly or through other resources, and its
//   registration completed before the request. A name that no resource of this run has is taken
//   as something that exists outside the stack (it cannot be known offline).
// - values the cloud does not know yet (preview's unknowns) are never judged.
import * as fs from "fs";
import { Refusal } from "./mock-cloud";
import { UNKNOWN_PLACEHOLDER } from "./plan-format";
import { CLOUDTRAIL_DATA_EVENT_RESOURCE_TYPES } from "./cloudtrail-data-event-types";

/** One registration as the recording monitor saw it. */
export interface RequestRecord {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    inputs: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    id?: string;
    /** Direct dependencies: dependsOn and every resource an input came from. */
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Order of the request, and of its completion, in the run (one counter for both). */
    requestedAt: number;
    completedAt?: number;
    /** The deleteBeforeReplace resource option: a replacement deletes the old resource first. */
    deleteBeforeReplace?: boolean;
}

export interface RulesContext {
    /** Every string the stack configuration holds: what the user declares as existing. */
    declared: Set<string>;
    /** Every string a data source (invoke) returned: things that exist already. */
    invoked: Set<string>;
}

type Rule = (r: RequestRecord, run: Run, ctx: RulesContext) => string[];

const isUnknown = (v: unknown) => typeof v === "string" && v.includes(UNKNOWN_PLACEHOLDER);

function at(obj: unknown, path: string[]): unknown {
    let cur = obj;
    for (const p of path) {
        if (cur === null || typeof cur !== "object") return undefined;
        cur = (cur as Record<string, unknown>)[p];
    }
    return cur;
}

/** The values at a path where `*` walks every element of a list. */
function each(obj: unknown, path: string[]): unknown[] {
    if (path.length === 0) return [obj];
    const [head, ...rest] = path;
    if (head === "*") return Array.isArray(obj) ? obj.flatMap((x) => each(x, rest)) : [];
    if (obj === null || typeof obj !== "object") return [];
    const next = (obj as Record<string, unknown>)[head];
    return next === undefined ? [] : each(next, rest);
}

class Run {
    readonly byUrn: Map<string, RequestRecord>;
    private closure = new Map<string, Set<string>>();
    constructor(readonly records: RequestRecord[]) {
        this.byUrn = new Map(records.map((r) => [r.urn, r]));
    }
    /** Everything `r` waits for: its dependencies, theirs, and so on (a component stands for its children). */
    waitsFor(r: RequestRecord): Set<string> {
        let out = this.closure.get(r.urn);
        if (out) return out;
        out = new Set();
        const todo = [...r.dependencies, ...Object.values(r.propertyDependencies).flat()];
        while (todo.length) {
            const u = todo.pop()!;
            if (out.has(u)) continue;
            out.add(u);
            const d = this.byUrn.get(u);
            if (d) todo.push(...d.dependencies, ...Object.values(d.propertyDependencies).flat());
        }
        this.closure.set(r.urn, out);
        return out;
    }
    /** true when `target` exists by the time `r` is requested, as the engine orders them. */
    existsFor(r: RequestRecord, target: RequestRecord): boolean {
        return (
            this.waitsFor(r).has(target.urn) && target.completedAt !== undefined && target.completedAt < r.requestedAt
        );
    }
}

/** The strings that identify a created resource: ID, ARN, names (outputs once created, inputs). */
function identifiers(r: RequestRecord, props: string[]): string[] {
    const out: string[] = [];
    for (const p of props) {
        for (const v of [p === "id" ? r.id : undefined, r.outputs?.[p], r.inputs[p]])
            if (typeof v === "string" && v !== "" && !isUnknown(v)) out.push(v);
    }
    return out;
}

/**
 * "The resource this request names exists": `prop` (a path) of `r` names a resource of `types`,
 * by value (one of its identifiers `ids`) or by the property's dependency (the value is unknown
 * during preview). Returns the refusal reasons.
 */
function mustExist(
    r: RequestRecord,
    run: Run,
    prop: string[],
    types: string[],
    ids: string[],
    what: string,
    operation: string,
): string[] {
    const value = at(r.inputs, prop);
    if (value === undefined || value === null) return [];
    const candidates = run.records.filter((c) => types.includes(c.type) && c.urn !== r.urn);
    const viaDependency = candidates.filter((c) => (r.propertyDependencies[prop[0]] ?? []).includes(c.urn));
    const named =
        typeof value === "string" && !isUnknown(value)
            ? candidates.filter((c) =>
                  identifiers(c, ids).some(
                      (id) => value === id || value.endsWith(`/${id}`) || value.endsWith(`:${id}`),
                  ),
              )
            : viaDependency;
    const target = named[0];
    if (!target || run.existsFor(r, target)) return [];
    const shown = typeof value === "string" && !isUnknown(value) ? ` ${value}` : "";
    return [
        `${operation} names ${what}${shown} (${target.name}), which does not exist yet: this request does not wait for it (no dependency on it through an output or dependsOn), so the engine may send it first`,
    ];
}

/** StartFlow of a flow that a Customer Profiles integration of the plan creates waits for that integration. */
function integrationFlowMustExist(r: RequestRecord, run: Run): string[] {
    const value = r.inputs.flowName;
    const integrations = run.records.filter((c) => c.type === "aws-native:customerprofiles:Integration");
    // The flow is named by the integration's flow URI (its `uri` output) or, without one, its
    // FlowDefinition's name; a dependency through the output says which integration it is.
    const flowOf = (c: RequestRecord): unknown => {
        const uri = at(c.outputs ?? {}, ["uri"]) ?? at(c.inputs, ["uri"]);
        return typeof uri === "string" && uri.includes(":flow/")
            ? uri.slice(uri.lastIndexOf(":flow/") + ":flow/".length)
            : at(c.inputs, ["flowDefinition", "flowName"]);
    };
    const target =
        integrations.find((c) => (r.propertyDependencies.flowName ?? []).includes(c.urn)) ??
        (typeof value === "string" && !isUnknown(value)
            ? integrations.find((c) => flowOf(c) === value || at(c.inputs, ["flowDefinition", "flowName"]) === value)
            : undefined);
    if (!target || run.existsFor(r, target)) return [];
    const shown = typeof value === "string" && !isUnknown(value) ? ` ${value}` : "";
    return [
        `StartFlow names the flow${shown} that integration ${target.name} creates (PutIntegration), which does not exist yet: this request does not wait for it (no dependency on it through an output or dependsOn), so the engine may send it first`,
    ];
}

const DOMAIN_TYPES = ["aws:customerprofiles/domain:Domain", "aws-native:customerprofiles:Domain"];
const KEY_TYPES = ["aws:kms/key:Key"];
const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/** The rules, each with its AWS source. */
export const RULES: { id: string; types: string[]; source: string; check: Rule }[] = [
    {
        id: "domain-exists",
        types: [
            "aws-native:customerprofiles:ObjectType",
            "aws-native:customerprofiles:Integration",
            "aws-native:customerprofiles:EventStream",
        ],
        // Amazon Connect Customer Profiles API reference: PutProfileObjectType, PutIntegration and
        // CreateEventStream take the DomainName in the request path and fail with
        // ResourceNotFoundException (HTTP 404) "The requested resource does not exist".
        source: "Amazon Connect Customer Profiles API reference: PutProfileObjectType, PutIntegration, CreateEventStream (ResourceNotFoundException)",
        check: (r, run) => {
            const op = {
                "aws-native:customerprofiles:ObjectType": "PutProfileObjectType",
                "aws-native:customerprofiles:Integration": "PutIntegration",
                "aws-native:customerprofiles:EventStream": "CreateEventStream",
            }[r.type]!;
            return mustExist(r, run, ["domainName"], DOMAIN_TYPES, ["domainName", "name"], "the domain", op);
        },
    },
    {
        id: "alias-key-exists",
        types: ["aws:kms/alias:Alias"],
        // AWS KMS API reference, CreateAlias: TargetKeyId identifies an existing KMS key in the same
        // account and Region; otherwise NotFoundException.
        source: "AWS KMS API reference: CreateAlias (TargetKeyId; NotFoundException)",
        check: (r, run) =>
            mustExist(r, run, ["targetKeyId"], KEY_TYPES, ["keyId", "arn", "id"], "the key", "CreateAlias"),
    },
    {
        id: "storage-target-exists",
        types: ["aws:connect/instanceStorageConfig:InstanceStorageConfig"],
        // Amazon Connect API reference, AssociateInstanceStorageConfig: StorageConfig names the
        // Kinesis data stream (KinesisStreamConfig.StreamArn) or Firehose delivery stream
        // (KinesisFirehoseConfig.FirehoseArn) Connect writes to; the operation lists
        // ResourceNotFoundException and InvalidRequestException.
        source: "Amazon Connect API reference: AssociateInstanceStorageConfig (KinesisStreamConfig, KinesisFirehoseConfig)",
        check: (r, run) => [
            ...mustExist(
                r,
                run,
                ["storageConfig", "kinesisStreamConfig", "streamArn"],
                ["aws:kinesis/stream:Stream"],
                ["arn", "name"],
                "the Kinesis data stream",
                "AssociateInstanceStorageConfig",
            ),
            ...mustExist(
                r,
                run,
                ["storageConfig", "kinesisFirehoseConfig", "firehoseArn"],
                ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
                ["arn", "name"],
                "the Firehose delivery stream",
                "AssociateInstanceStorageConfig",
            ),
        ],
    },
    {
        id: "flow-exists",
        types: ["pulumi-nodejs:dynamic/appflow:FlowActivation"],
        // Amazon AppFlow API reference, StartFlow: FlowName names an existing flow; otherwise
        // ResourceNotFoundException.
        // A flow may also be created by a Customer Profiles integration (PutIntegration creates the
        // flow of its FlowDefinition: Amazon Connect Administrator Guide, "Example: Programmatically
        // integrate Amazon S3 with Amazon Connect Customer Profiles", Steps 2 and 3).
        source: "Amazon AppFlow API reference: StartFlow (ResourceNotFoundException); Amazon Connect Administrator Guide: Programmatically integrate Amazon S3 with Customer Profiles (PutIntegration creates the flow)",
        check: (r, run) => [
            ...mustExist(
                r,
                run,
                ["flowName"],
                ["aws-native:appflow:Flow", "aws:appflow/flow:Flow"],
                ["flowName", "name"],
                "the flow",
                "StartFlow",
            ),
            ...integrationFlowMustExist(r, run),
        ],
    },
    {
        id: "one-event-stream-per-domain",
        types: ["aws-native:customerprofiles:EventStream"],
        // Customer Profiles allows one event stream per domain, a quota that cannot be raised
        // (Amazon Connect Administrator Guide, "Export unified customer profile data" / Customer
        // Profiles quotas); a second CreateEventStream for the domain is refused.
        source: "Amazon Connect Administrator Guide: Customer Profiles quotas, event streams per domain (1)",
        check: (r, run) => {
            const domain = r.inputs.domainName;
            if (typeof domain !== "string" || isUnknown(domain)) return [];
            const earlier = run.records.find(
                (o) => o.type === r.type && o.requestedAt < r.requestedAt && o.inputs.domainName === domain,
            );
            return earlier
                ? [
                      `CreateEventStream: domain ${domain} already has an event stream (${earlier.name}); Customer Profiles allows one per domain`,
                  ]
                : [];
        },
    },
    {
        id: "one-domain-per-instance",
        types: ["aws-native:customerprofiles:Integration"],
        // Amazon Connect Administrator Guide, "Enable Customer Profiles for your instance": each
        // Amazon Connect instance can only be associated with one domain.
        source: "Amazon Connect Administrator Guide: Enable Customer Profiles for your instance (one domain per instance)",
        check: (r, run) => {
            const key = instanceKey(r);
            if (!key) return [];
            const other = run.records.find(
                (o) =>
                    o.type === r.type &&
                    o.requestedAt < r.requestedAt &&
                    instanceKey(o) === key &&
                    o.inputs.domainName !== r.inputs.domainName,
            );
            return other
                ? [
                      `PutIntegration: the Connect instance ${typeof r.inputs.uri === "string" && !isUnknown(r.inputs.uri) ? `${r.inputs.uri} ` : ""}is already associated with domain ${String(other.inputs.domainName)} (${other.name}); an instance can be associated with one domain only`,
                  ]
                : [];
        },
    },
    {
        id: "trail-bucket-admits-cloudtrail",
        types: ["aws:cloudtrail/trail:Trail"],
        // AWS CloudTrail API Reference, CreateTrail, Errors: S3BucketDoesNotExistException,
        // InsufficientS3BucketPolicyException ("the policy on the S3 bucket is not sufficient"),
        // KmsKeyNotFoundException. CloudTrail checks the bucket's policy when the trail is created
        // (CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail").
        source: "AWS CloudTrail API Reference: CreateTrail (S3BucketDoesNotExistException, InsufficientS3BucketPolicyException, KmsKeyNotFoundException)",
        check: (r, run) => {
            const out = [
                ...mustExist(r, run, ["s3BucketName"], BUCKET_TYPES, ["bucket", "id"], "the bucket", "CreateTrail"),
                ...mustExist(r, run, ["kmsKeyId"], KEY_TYPES, ["arn", "keyId", "id"], "the key", "CreateTrail"),
            ];
            // The bucket, when this stack creates it: by name, or by the dependency of s3BucketName.
            const name = r.inputs.s3BucketName;
            const bucket = run.records.find(
                (b) =>
                    BUCKET_TYPES.includes(b.type) &&
                    (typeof name === "string" && !isUnknown(name)
                        ? identifiers(b, ["bucket", "id"]).includes(name)
                        : (r.propertyDependencies.s3BucketName ?? []).includes(b.urn)),
            );
            if (!bucket) return out; // a bucket outside the stack: its policy cannot be known offline
            const ids = identifiers(bucket, ["bucket", "id"]);
            const policy = run.records.find(
                (p) =>
                    p.type === "aws:s3/bucketPolicy:BucketPolicy" &&
                    (ids.includes(String(p.inputs.bucket)) ||
                        (p.propertyDependencies.bucket ?? []).includes(bucket.urn)),
            );
            if (!policy)
                out.push(
                    `CreateTrail: bucket ${ids[0] ?? bucket.name} (${bucket.name}) has no bucket policy admitting cloudtrail.amazonaws.com (InsufficientS3BucketPolicyException)`,
                );
            else if (!run.existsFor(r, policy))
                out.push(
                    `CreateTrail: the policy of bucket ${ids[0] ?? bucket.name} (${policy.name}) does not exist yet: this request does not wait for it (no dependency on it through an output or dependsOn), so CloudTrail may find the bucket without it (InsufficientS3BucketPolicyException)`,
                );
            return out;
        },
    },
    {
        id: "trail-data-event-resource-types",
        types: ["aws:cloudtrail/trail:Trail"],
        // CloudTrail API Reference, AdvancedFieldSelector (Field): resources.type is required in a
        // data-event selector, with Equals, and its values are those of the table "Data events
        // supported by AWS CloudTrail" (CloudTrail User Guide, "Logging data events"). Another value
        // is not a valid parameter: InvalidEventSelectorsException (PutEventSelectors, CreateTrail;
        // @aws-sdk/client-cloudtrail models/errors.d.ts, "Specify a valid value for a parameter").
        source: "AWS CloudTrail User Guide: Logging data events (Data events supported by AWS CloudTrail); CloudTrail API Reference: AdvancedFieldSelector, InvalidEventSelectorsException",
        check: (r) => {
            const selectors = r.inputs.advancedEventSelectors;
            if (!Array.isArray(selectors)) return [];
            const out: string[] = [];
            for (const sel of selectors) {
                const fields = at(sel, ["fieldSelectors"]);
                if (!Array.isArray(fields)) continue;
                const equals = (name: string) =>
                    fields
                        .filter((f) => at(f, ["field"]) === name)
                        .flatMap((f) => {
                            const v = at(f, ["equals"]);
                            return Array.isArray(v) ? v : [];
                        });
                if (!equals("eventCategory").includes("Data")) continue;
                for (const type of equals("resources.type"))
                    if (
                        typeof type === "string" &&
                        !isUnknown(type) &&
                        !CLOUDTRAIL_DATA_EVENT_RESOURCE_TYPES.includes(type)
                    )
                        out.push(
                            `PutEventSelectors: resources.type ${type} (selector ${JSON.stringify(at(sel, ["name"]) ?? "")}) is not a data event type CloudTrail supports (InvalidEventSelectorsException)`,
                        );
            }
            return out;
        },
    },
    {
        id: "key-policy-principals-exist",
        types: ["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy"],
        // AWS KMS API reference, CreateKey and PutKeyPolicy, parameter Policy: "The principals in the
        // key policy must exist and be visible to AWS KMS"; otherwise MalformedPolicyDocumentException.
        source: "AWS KMS API reference: CreateKey / PutKeyPolicy, Policy (MalformedPolicyDocumentException)",
        check: (r, run, ctx) => {
            const raw = r.inputs.policy;
            if (typeof raw !== "string" || isUnknown(raw)) return [];
            let doc: { Statement?: unknown };
            try {
                doc = JSON.parse(raw);
            } catch {
                return []; // not a document: the policy pack judges it
            }
            const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
            // Identities this request waits for, and that exist by then.
            const created = new Set<string>();
            for (const u of run.waitsFor(r)) {
                const d = run.byUrn.get(u);
                if (d && d.completedAt !== undefined && d.completedAt < r.requestedAt)
                    for (const k of ["arn", "serviceRole"])
                        if (typeof d.outputs?.[k] === "string") created.add(d.outputs[k] as string);
            }
            // Roles of this stack that the request does not wait for: named too early.
            const ofStack = new Map<string, RequestRecord>();
            for (const d of run.records)
                for (const k of ["arn", "serviceRole"])
                    if (typeof d.outputs?.[k] === "string") ofStack.set(d.outputs[k] as string, d);
            const out: string[] = [];
            for (const s of statements as { Principal?: unknown; Sid?: string }[]) {
                const aws = (s?.Principal as { AWS?: unknown } | undefined)?.AWS;
                for (const p of Array.isArray(aws) ? aws : aws === undefined ? [] : [aws]) {
                    if (typeof p !== "string" || p === "*" || isUnknown(p)) continue;
                    if (/^\d{12}$/.test(p) || /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(p)) continue; // an account
                    if (created.has(p) || ctx.declared.has(p) || ctx.invoked.has(p)) continue;
                    const mine = ofStack.get(p);
                    out.push(
                        mine
                            ? `${r.type === "aws:kms/key:Key" ? "CreateKey" : "PutKeyPolicy"}: statement ${s.Sid ?? "(no Sid)"} names principal ${p}, which does not exist yet: ${mine.name} is created by this stack but this request does not wait for it`
                            : `${r.type === "aws:kms/key:Key" ? "CreateKey" : "PutKeyPolicy"}: statement ${s.Sid ?? "(no Sid)"} names principal ${p}, which is neither created earlier by this stack nor declared in the stack configuration as existing; KMS refuses principals that do not exist`,
                    );
                }
            }
            return out;
        },
    },
];

/**
 * Why KMS refuses an alias name, or undefined. AWS KMS API reference, CreateAlias, AliasName (and
 * the same text in AWS SDK v3 @aws-sdk/client-kms, CreateAliasRequest.AliasName): it "must begin
 * with alias/", is "1-256 characters", "can contain only alphanumeric characters, forward slashes
 * (/), underscores (_), and dashes (-)", and "cannot begin with alias/aws/".
 */
export function kmsAliasNameProblem(name: string): string | undefined {
    if (!name.startsWith("alias/")) return "it must begin with alias/";
    if (name.startsWith("alias/aws/")) return "the prefix alias/aws/ is reserved for AWS managed keys";
    if (name.length > 256) return `it has ${name.length} characters; at most 256 are allowed`;
    const bad = [...new Set(name.replace(/[A-Za-z0-9/_-]/g, ""))];
    if (bad.length > 0)
        return `it contains ${bad.map((c) => JSON.stringify(c)).join(", ")}; only letters, digits, "/", "_" and "-" are allowed`;
    return undefined;
}

/**
 * Why CloudTrail refuses a trail name, or undefined. AWS CloudTrail API reference, CreateTrail, Name
 * (and AWS SDK v3 @aws-sdk/client-cloudtrail, CreateTrailRequest.Name; InvalidTrailNameException):
 * only ASCII letters, digits, ".", "_" and "-"; start and end with a letter or digit; 3–128
 * characters; no adjacent periods, underscores or dashes ("my-_namespace" and "my--namespace" are
 * not valid); not in IP address format.
 */
export function trailNameProblem(name: string): string | undefined {
    if (name.length < 3 || name.length > 128) return `it has ${name.length} characters; 3 to 128 are allowed`;
    if (/[^A-Za-z0-9._-]/.test(name)) return 'only ASCII letters, digits, ".", "_" and "-" are allowed';
    if (!/^[A-Za-z0-9]/.test(name) || !/[A-Za-z0-9]$/.test(name))
        return "it must start and end with a letter or a digit";
    const adjacent = /[._-]{2,}/.exec(name);
    if (adjacent) return `it has adjacent periods, underscores or dashes (${JSON.stringify(adjacent[0])})`;
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "it must not be in IP address format";
    return undefined;
}

RULES.push(
    {
        id: "kms-alias-name",
        types: ["aws:kms/alias:Alias"],
        source: "AWS KMS API reference: CreateAlias, AliasName (AWS SDK v3 @aws-sdk/client-kms CreateAliasRequest)",
        check: (r) => {
            const name = r.inputs.name;
            if (typeof name !== "string" || isUnknown(name)) return [];
            const problem = kmsAliasNameProblem(name);
            return problem ? [`CreateAlias: alias name ${JSON.stringify(name)} is not valid: ${problem}`] : [];
        },
    },
    {
        id: "trail-name",
        types: ["aws:cloudtrail/trail:Trail"],
        source: "AWS CloudTrail API reference: CreateTrail, Name (InvalidTrailNameException; AWS SDK v3 @aws-sdk/client-cloudtrail CreateTrailRequest)",
        check: (r) => {
            const name = r.inputs.name;
            if (typeof name !== "string" || isUnknown(name)) return [];
            const problem = trailNameProblem(name);
            return problem
                ? [
                      `CreateTrail: trail name ${JSON.stringify(name)} is not valid (InvalidTrailNameException): ${problem}`,
                  ]
                : [];
        },
    },
);

// IAM User Guide, "IAM and AWS STS quotas" (character limits): a managed policy holds at most 6,144
// characters, the inline policies of one role together at most 10,240, and IAM does not count white
// space; policy documents may contain only tab, line feed, carriage return and U+0020–U+00FF. Beyond
// them CreatePolicy / PutRolePolicy fail (LimitExceeded "Cannot exceed quota for PolicySize",
// MalformedPolicyDocument); AWS Knowledge Center, "iam-increase-policy-size": 6,144 is not adjustable.
export const IAM_MANAGED_POLICY_MAX_CHARS = 6144;
export const IAM_ROLE_INLINE_POLICIES_MAX_CHARS = 10240;

/** A policy document's size as IAM counts it: characters other than white space. */
export function iamPolicySize(doc: string): number {
    return doc.replace(/\s/g, "").length;
}

/** Characters outside what IAM accepts in a policy document (tab, LF, CR, U+0020–U+00FF). */
function iamOutOfRange(doc: string): string[] {
    return [...new Set([...doc].filter((c) => !/[\t\n\r\u0020-\u00ff]/.test(c)))];
}

RULES.push({
    id: "iam-policy-size",
    types: ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy"],
    source: 'IAM User Guide: "IAM and AWS STS quotas" (managed policy 6,144 characters, role inline policies 10,240, white space not counted; policy document characters)',
    check: (r, run) => {
        const doc = r.inputs.policy;
        if (typeof doc !== "string" || isUnknown(doc)) return [];
        const op = r.type === "aws:iam/policy:Policy" ? "CreatePolicy" : "PutRolePolicy";
        const out: string[] = [];
        const chars = iamOutOfRange(doc);
        if (chars.length > 0)
            out.push(
                `${op}: the policy document contains ${chars.map((c) => JSON.stringify(c)).join(", ")}; IAM accepts only tab, line feed, carriage return and U+0020–U+00FF (MalformedPolicyDocument)`,
            );
        if (r.type === "aws:iam/policy:Policy") {
            const size = iamPolicySize(doc);
            if (size > IAM_MANAGED_POLICY_MAX_CHARS)
                out.push(
                    `CreatePolicy: the policy document has ${size} characters (white space not counted); a managed policy holds at most ${IAM_MANAGED_POLICY_MAX_CHARS} (LimitExceeded)`,
                );
            return out;
        }
        // The role's inline policies, this one and those registered before it, together.
        const sameRole = (o: RequestRecord) => {
            const [a, b] = [o.inputs.role, r.inputs.role];
            if (typeof a === "string" && typeof b === "string" && !isUnknown(a) && !isUnknown(b)) return a === b;
            const [da, db] = [o.propertyDependencies.role ?? [], r.propertyDependencies.role ?? []];
            return da.length > 0 && da.some((u) => db.includes(u));
        };
        const siblings = run.records.filter(
            (o) =>
                o.type === r.type &&
                o.requestedAt <= r.requestedAt &&
                typeof o.inputs.policy === "string" &&
                sameRole(o),
        );
        const total = siblings.reduce((n, o) => n + iamPolicySize(o.inputs.policy as string), 0);
        if (total > IAM_ROLE_INLINE_POLICIES_MAX_CHARS)
            out.push(
                `PutRolePolicy: the role's inline policies would have ${total} characters together (white space not counted); a role's inline policies hold at most ${IAM_ROLE_INLINE_POLICIES_MAX_CHARS} (LimitExceeded)`,
            );
        return out;
    },
});

// Auto-naming: without an explicit name (or name prefix) the Pulumi AWS provider names a resource
// after its logical name, LOGICAL-xxxxxxx (7 random characters, separator "-"), within the AWS limit
// (pulumi-aws provider mapping: aws_iam_role name AutoName(name, 64, "-"); aws_s3_bucket bucket
// AutoNameTransform(bucket, 63, lower case)). The limits are AWS's: IAM CreateRole RoleName "up to 64
// characters" (aws-iam-role.json), S3 bucket names 3–63 characters (Amazon S3 User Guide, "General
// purpose bucket naming rules"). A logical name that leaves no room is not truncated: the provider
// fails the preview and the update ("name 'X-' plus 7 random chars is longer than maximum length N").
export const AUTO_NAMES: Record<string, { max: number; explicit: string[] }> = {
    "aws:iam/role:Role": { max: 64, explicit: ["name", "namePrefix"] },
    "aws:s3/bucket:Bucket": { max: 63, explicit: ["bucket", "bucketPrefix"] },
    "aws:s3/bucketV2:BucketV2": { max: 63, explicit: ["bucket", "bucketPrefix"] },
};
RULES.push({
    id: "auto-name-length",
    types: Object.keys(AUTO_NAMES),
    source: 'Pulumi AWS provider auto-naming (aws_iam_role AutoName 64, aws_s3_bucket 63) within AWS IAM CreateRole RoleName (aws-iam-role.json: "up to 64 characters") and the Amazon S3 bucket naming rules (3–63 characters)',
    check: (r) => {
        const { max, explicit } = AUTO_NAMES[r.type];
        // An explicit role name is sent as is: CreateRole refuses one longer than 64 (RoleName).
        const given = r.inputs.name;
        if (r.type === "aws:iam/role:Role" && typeof given === "string" && !isUnknown(given) && given.length > max)
            return [
                `CreateRole: the role name '${given}' has ${given.length} characters; IAM allows at most ${max} (ValidationError)`,
            ];
        if (explicit.some((k) => r.inputs[k] !== undefined && r.inputs[k] !== null)) return [];
        const prefix = `${r.name}-`;
        return prefix.length + 7 > max
            ? [
                  `could not make instance of '${r.type}': name '${prefix}' plus 7 random chars is longer than maximum length ${max}`,
              ]
            : [];
    },
});

// A Kinesis data stream's name is unique in its account and Region (AWS SDK v3 @aws-sdk/client-kinesis,
// CreateStreamInput.StreamName: "scoped to the Amazon Web Services account … also scoped by Amazon Web
// Services Region"); a second CreateStream of a name is refused (ResourceInUseException). Firehose
// delivery stream names likewise (Amazon Data Firehose API reference, CreateDeliveryStream:
// ResourceInUseException). Two resources of one run with the same name are one too many.
const STREAM_NAME_OPS: Record<string, string> = {
    "aws:kinesis/stream:Stream": "CreateStream",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "CreateDeliveryStream",
};
RULES.push({
    id: "unique-stream-name",
    types: Object.keys(STREAM_NAME_OPS),
    source: "AWS SDK v3 @aws-sdk/client-kinesis CreateStreamInput.StreamName (scoped to account and Region; ResourceInUseException); Amazon Data Firehose API reference, CreateDeliveryStream (ResourceInUseException)",
    check: (r, run) => {
        const name = r.inputs.name;
        if (typeof name !== "string" || isUnknown(name)) return [];
        const earlier = run.records.find(
            (o) => o.type === r.type && o.urn !== r.urn && o.requestedAt < r.requestedAt && o.inputs.name === name,
        );
        return earlier
            ? [
                  `${STREAM_NAME_OPS[r.type]}: a stream named ${name} already exists in this account and Region (${earlier.name}) (ResourceInUseException)`,
              ]
            : [];
    },
});

/** The Connect instance a Customer Profiles integration associates (its URI), by value or by dependency. */
function instanceKey(r: RequestRecord): string | undefined {
    const uri = r.inputs.uri;
    if (typeof uri === "string" && !isUnknown(uri)) {
        return /^arn:aws[a-z-]*:connect:[^:]+:\d{12}:instance\/[^/]+$/.test(uri) ? uri : undefined;
    }
    const deps = r.propertyDependencies.uri ?? [];
    return deps.length === 1 && uri !== undefined ? `urn:${deps[0]}` : undefined;
}

interface EnumCheck {
    type: string;
    path: string[];
    sdk: "@aws-sdk/client-customer-profiles" | "@aws-sdk/client-appflow" | "@aws-sdk/client-connect";
    name: string;
    operation: string;
}

// Enum values as the AWS SDK v3 types define them (the values each API accepts).
export const ENUMS: EnumCheck[] = [
    {
        type: "aws-native:customerprofiles:ObjectType",
        path: ["fields", "*", "objectTypeField", "contentType"],
        sdk: "@aws-sdk/client-customer-profiles",
        name: "FieldContentType",
        operation: "PutProfileObjectType",
    },
    {
        type: "aws-native:customerprofiles:ObjectType",
        path: ["keys", "*", "objectTypeKeyList", "*", "standardIdentifiers", "*"],
        sdk: "@aws-sdk/client-customer-profiles",
        name: "StandardIdentifier",
        operation: "PutProfileObjectType",
    },
    // Not the connector type of aws-native:customerprofiles:Integration: that request goes through
    // CloudFormation, whose schema (AWS::CustomerProfiles::Integration, ConnectorType) spells
    // "ServiceNow" where the API and the SDK spell "Servicenow".
    {
        type: "pulumi-nodejs:dynamic/customer-profiles:IntegrationWorkflow",
        path: ["flowDefinition", "SourceFlowConfig", "ConnectorType"],
        sdk: "@aws-sdk/client-customer-profiles",
        name: "SourceConnectorType",
        operation: "CreateIntegrationWorkflow",
    },
    {
        type: "pulumi-nodejs:dynamic/connect:IntegrationAssociation",
        path: ["sourceType"],
        sdk: "@aws-sdk/client-connect",
        name: "SourceType",
        operation: "CreateIntegrationAssociation",
    },
    {
        type: "aws-native:customerprofiles:Integration",
        path: ["flowDefinition", "triggerConfig", "triggerType"],
        sdk: "@aws-sdk/client-customer-profiles",
        name: "TriggerType",
        operation: "PutIntegration",
    },
    {
        type: "aws-native:appflow:Flow",
        path: ["sourceFlowConfig", "connectorType"],
        sdk: "@aws-sdk/client-appflow",
        name: "ConnectorType",
        operation: "CreateFlow",
    },
    {
        type: "aws-native:appflow:Flow",
        path: ["destinationFlowConfigList", "*", "connectorType"],
        sdk: "@aws-sdk/client-appflow",
        name: "ConnectorType",
        operation: "CreateFlow",
    },
    {
        type: "aws-native:appflow:Flow",
        path: ["triggerConfig", "triggerType"],
        sdk: "@aws-sdk/client-appflow",
        name: "TriggerType",
        operation: "CreateFlow",
    },
    {
        type: "aws:connect/instanceStorageConfig:InstanceStorageConfig",
        path: ["resourceType"],
        sdk: "@aws-sdk/client-connect",
        name: "InstanceStorageResourceType",
        operation: "AssociateInstanceStorageConfig",
    },
    {
        type: "aws:connect/instanceStorageConfig:InstanceStorageConfig",
        path: ["storageConfig", "storageType"],
        sdk: "@aws-sdk/client-connect",
        name: "StorageType",
        operation: "AssociateInstanceStorageConfig",
    },
    {
        type: "aws:connect/instance:Instance",
        path: ["identityManagementType"],
        sdk: "@aws-sdk/client-connect",
        name: "DirectoryType",
        operation: "CreateInstance",
    },
];

const enumCache = new Map<string, string[]>();
const enumFiles = new Map<string, Map<string, string[]> | undefined>();

/**
 * The enums of an AWS SDK v3 client as its own source declares them: `dist-es/models/enums.js`, a
 * generated file of `export const Name = { KEY: "value", ... };` blocks, read as text. Loading the
 * client itself (its whole CommonJS bundle, with its Smithy runtime) costs about a tenth of a second
 * of CPU per client, three times per offline run (docs/benchmark.md). Undefined when the file is
 * absent or has any other line (another SDK layout): then the client is loaded instead.
 * tests/offline/mock-cloud.test.ts holds both readings equal for every enum the rules use.
 */
export function sdkEnumsFromSource(sdk: EnumCheck["sdk"]): Map<string, string[]> | undefined {
    if (enumFiles.has(sdk)) return enumFiles.get(sdk);
    let enums: Map<string, string[]> | undefined = new Map();
    try {
        const text = fs.readFileSync(require.resolve(`${sdk}/dist-es/models/enums.js`), "utf8");
        let current: string[] | undefined;
        for (const line of text.split("\n")) {
            const open = /^export const ([A-Za-z0-9_]+) = \{$/.exec(line);
            const member = /^ {4}[A-Za-z0-9_]+: "([^"\\]*)",$/.exec(line);
            if (open && !current) enums.set(open[1], (current = []));
            else if (member && current) current.push(member[1]);
            else if (line === "};" && current) current = undefined;
            else if (line.trim() !== "") throw new Error(`unexpected line ${JSON.stringify(line)}`);
        }
        if (current || enums.size === 0) throw new Error("unterminated or empty");
    } catch {
        enums = undefined;
    }
    enumFiles.set(sdk, enums);
    return enums;
}

/** The values of an enum of an AWS SDK v3 client (read only when a stack needs it). */
export function sdkEnum(sdk: EnumCheck["sdk"], name: string): string[] {
    const key = `${sdk}#${name}`;
    let values = enumCache.get(key) ?? sdkEnumsFromSource(sdk)?.get(name);
    if (!values) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = require(sdk)[name] as Record<string, string> | undefined;
        if (!exported) throw new Error(`${sdk} exports no enum ${name}`);
        values = Object.values(exported);
    }
    enumCache.set(key, values);
    return values;
}

function enumRules(): { id: string; types: string[]; source: string; check: Rule }[] {
    return ENUMS.map((e) => ({
        id: `enum ${e.name}`,
        types: [e.type],
        source: `AWS SDK v3 ${e.sdk}: ${e.name}`,
        check: (r: RequestRecord) => {
            const out: string[] = [];
            for (const v of each(r.inputs, e.path)) {
                if (typeof v !== "string" || isUnknown(v)) continue;
                const allowed = sdkEnum(e.sdk, e.name);
                if (!allowed.includes(v))
                    out.push(
                        `${e.operation}: ${e.path.join(".").replace(/\.\*/g, "[]")} ${JSON.stringify(v)} is not a ${e.name} (${e.sdk}); expected one of ${allowed.join(", ")}`,
                    );
            }
            return out;
        },
    }));
}

// Customer Profiles API reference, PutProfileObjectType, TemplateId: "For some attributes in the
// request, the service will use the default value from the object template when TemplateId is
// present. If these attributes are present in the request, the service may return a
// BadRequestException. These attributes include: AllowProfileCreation,
// SourceLastUpdatedTimestampFormat, Fields, and Keys."
const TEMPLATE_ATTRIBUTES = ["allowProfileCreation", "sourceLastUpdatedTimestampFormat", "fields", "keys"];
RULES.push({
    id: "template-attributes",
    types: ["aws-native:customerprofiles:ObjectType"],
    source: "Amazon Connect Customer Profiles API reference: PutProfileObjectType, TemplateId (BadRequestException)",
    check: (r) => {
        const template = r.inputs.templateId;
        if (template === undefined || template === null || template === "") return [];
        const sent = TEMPLATE_ATTRIBUTES.filter((a) => r.inputs[a] !== undefined && r.inputs[a] !== null);
        if (sent.length === 0) return [];
        return [
            `PutProfileObjectType with TemplateId ${isUnknown(template) ? "(unknown)" : String(template)} also sends ${sent.join(", ")}, which the template sets: the service may refuse the request (BadRequestException)`,
        ];
    },
});

// A resource whose name the program fixes, and which has another create-only property, is replaced
// under the same name when that property changes. The engine creates the replacement first unless
// the resource is delete-before-replace, and AWS refuses a second resource of the same name while
// the first exists. Amazon AppFlow API reference, CreateFlow: ConflictException, "a flow with the
// given name already exists within the account"; aws-appflow-flow.json createOnlyProperties:
// FlowName, KMSArn (a new key replaces the flow).
const NAMED_REPLACEMENTS: { type: string; name: string; createOnly: string[]; operation: string }[] = [
    { type: "aws-native:appflow:Flow", name: "flowName", createOnly: ["kmsArn"], operation: "CreateFlow" },
];
for (const n of NAMED_REPLACEMENTS)
    RULES.push({
        id: `named-replacement ${n.type}`,
        types: [n.type],
        source: "Amazon AppFlow API reference: CreateFlow (ConflictException: a flow with the given name already exists)",
        check: (r) => {
            const name = r.inputs[n.name];
            if (typeof name !== "string" || name === "" || r.deleteBeforeReplace === true) return [];
            return [
                `${n.operation}: ${n.name} ${isUnknown(name) ? "(unknown)" : name} is fixed and ${n.createOnly.join(", ")} create-only: a replacement would create a second resource of that name before deleting the first, which ${n.operation} refuses (ConflictException); set deleteBeforeReplace`,
            ];
        },
    });

RULES.push(...enumRules());

const RULES_BY_TYPE = new Map<string, Rule[]>();
for (const rule of RULES)
    for (const t of rule.types) RULES_BY_TYPE.set(t, [...(RULES_BY_TYPE.get(t) ?? []), rule.check]);

/** Every request of the run that AWS would refuse, in request order, with the reasons. */
export function refusals(records: RequestRecord[], ctx: RulesContext): Refusal[] {
    const run = new Run(records);
    const out: Refusal[] = [];
    for (const r of [...records].sort((a, b) => a.requestedAt - b.requestedAt)) {
        if (!r.custom) continue;
        for (const check of RULES_BY_TYPE.get(r.type) ?? [])
            for (const reason of check(r, run, ctx)) out.push({ urn: r.urn, type: r.type, name: r.name, reason });
    }
    return out;
}

/** Every string inside a value (config maps, invoke results): leaves of objects and arrays, JSON text parsed. */
export function stringsIn(v: unknown, into: Set<string> = new Set()): Set<string> {
    if (typeof v === "string") {
        into.add(v);
        const t = v.trim();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                stringsIn(JSON.parse(t), into);
            } catch {
                /* plain text */
            }
        }
    } else if (Array.isArray(v)) v.forEach((x) => stringsIn(x, into));
    else if (v !== null && typeof v === "object") Object.values(v).forEach((x) => stringsIn(x, into));
    return into;
}
