// Transport and storage (issue 12, class 5): which resources of the plan are buckets, queues and topics,
// which resources configure them (policies, public access blocks, versioning, ownership, ACLs, logging),
// whether their policies deny plain HTTP, and whether a key reference is a customer managed key of this
// account. Everything is keyed by resource type, classic (@pulumi/aws) and aws-native alike, so resources
// the program did not create are judged the same way.
//
// AWS facts (sources):
// - aws:SecureTransport is in every request context, "false" for a request over plain HTTP (IAM User
//   Guide, "AWS global condition context keys": aws:SecureTransport); the TLS-only statement is a Deny
//   to "*" when it is false (Amazon S3 User Guide, "Security best practices for Amazon S3": enforce
//   encryption of data in transit; Amazon SQS Developer Guide, "Amazon SQS security best practices",
//   section "Enforce encryption of data in transit": "Allow only encrypted connections over HTTPS (TLS)
//   using the aws:SecureTransport condition in the queue policy to force requests to use SSL"; Amazon
//   SNS Developer Guide, "Amazon SNS security best practices": enforce encryption of data in transit).
// - "Principal": "*" and {"AWS": "*"} both stand for everyone (IAM User Guide, "AWS JSON policy
//   elements: Principal", anonymous principals).
// - AWS managed keys have aliases alias/aws/SERVICE (AWS KMS Developer Guide, "AWS managed keys").
import { PolicyResource } from "@pulumi/policy";
import { arnAccount, isOwnOrTrusted, StackContext, stackContext } from "./access";
import { evaluateCondition, request, Request, UNKNOWN, wildcard } from "./conditions";
import { Statement } from "./documents";
import { documentsForJudging } from "./stackdocs";
import { ofType, safeGet, UNKNOWN_VALUE } from "./stack";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws-native:s3:Bucket"];
export const QUEUE_TYPES = ["aws:sqs/queue:Queue", "aws-native:sqs:Queue"];
export const TOPIC_TYPES = ["aws:sns/topic:Topic", "aws-native:sns:Topic"];
export const KEY_RESOURCE_TYPES = [
    "aws:kms/key:Key",
    "aws-native:kms:Key",
    "aws:kms/alias:Alias",
    "aws-native:kms:Alias",
];

/** A value read from props: a string, unknown until apply, or absent. */
function str(v: unknown): string | typeof UNKNOWN_VALUE | undefined {
    if (v === UNKNOWN_VALUE || (typeof v === "string" && v.includes(UNKNOWN))) {
        return UNKNOWN_VALUE;
    }
    return typeof v === "string" && v !== "" ? v : undefined;
}

const ID_PROPS = ["arn", "id", "bucket", "bucketName", "name", "url", "queueUrl", "queueName", "topicArn", "topicName"];

/** Strings that name a bucket, queue or topic (ARN, name, URL), known ones only. */
export function idsOf(r: PolicyResource): string[] {
    const out: string[] = [];
    for (const k of ID_PROPS) {
        const v = str(safeGet(r.props, [k]));
        if (typeof v === "string") {
            out.push(v);
        }
    }
    return out;
}

/**
 * true when the value at `path` of `holder` refers to `target`: by property dependency, or by value (equal
 * to one of its identifiers, or an S3 ARN of its name). Lists (aws-native TopicPolicy.topics) match by
 * any element.
 */
export function refersTo(holder: PolicyResource, path: (string | number)[], target: PolicyResource): boolean {
    const deps = holder.propertyDependencies[String(path[0])] ?? [];
    if (deps.some((d) => d.urn === target.urn)) {
        return true;
    }
    const raw = safeGet(holder.props, path);
    const values = Array.isArray(raw) ? raw : [raw];
    const ids = idsOf(target);
    return values.some((v) => {
        const s = str(v);
        return typeof s === "string" && ids.some((id) => s === id || s === `arn:aws:s3:::${id}`);
    });
}

// ---------------------------------------------------------------------------------------------
// Resource policies of buckets, queues and topics
// ---------------------------------------------------------------------------------------------

export type Guarded = "bucket" | "queue" | "topic";

/** Separate policy resources: type → the property naming what they govern. */
const POLICY_RESOURCES: { kind: Guarded; type: string; path: string[] }[] = [
    { kind: "bucket", type: "aws:s3/bucketPolicy:BucketPolicy", path: ["bucket"] },
    { kind: "bucket", type: "aws-native:s3:BucketPolicy", path: ["bucket"] },
    { kind: "queue", type: "aws:sqs/queuePolicy:QueuePolicy", path: ["queueUrl"] },
    { kind: "queue", type: "aws-native:sqs:QueueInlinePolicy", path: ["queue"] },
    { kind: "queue", type: "aws-native:sqs:QueuePolicy", path: ["queues"] },
    { kind: "topic", type: "aws:sns/topicPolicy:TopicPolicy", path: ["arn"] },
    { kind: "topic", type: "aws-native:sns:TopicPolicy", path: ["topics"] },
    { kind: "topic", type: "aws-native:sns:TopicInlinePolicy", path: ["topicArn"] },
];

export function guardedKind(type: string): Guarded | undefined {
    return BUCKET_TYPES.includes(type)
        ? "bucket"
        : QUEUE_TYPES.includes(type)
          ? "queue"
          : TOPIC_TYPES.includes(type)
            ? "topic"
            : undefined;
}

export const POLICY_RESOURCE_TYPES = POLICY_RESOURCES.map((p) => p.type);

/** The policy resources of the plan that govern `target` (its own inline policy included). */
export function policyHoldersOf(target: PolicyResource, all: PolicyResource[]): PolicyResource[] {
    const kind = guardedKind(target.type);
    const separate = POLICY_RESOURCES.filter((p) => p.kind === kind).flatMap((p) =>
        ofType(all, p.type).filter((h) => refersTo(h, p.path, target)),
    );
    return [target, ...separate];
}

/** What a separate policy resource governs, as ARNs (from the value it names), when the plan lacks it. */
export function governedArns(holder: PolicyResource): { kind: Guarded; arns: (string | typeof UNKNOWN_VALUE)[] } {
    const p = POLICY_RESOURCES.find((x) => x.type === holder.type)!;
    const raw = safeGet(holder.props, p.path);
    const values = (Array.isArray(raw) ? raw : [raw]).map(str).filter((v) => v !== undefined);
    return {
        kind: p.kind,
        arns: values.map((v) => (v === UNKNOWN_VALUE ? v : arnFromReference(p.kind, v))),
    };
}

/** An ARN from a bucket name, queue URL or topic ARN. */
export function arnFromReference(kind: Guarded, v: string): string {
    if (v.startsWith("arn:")) {
        return v;
    }
    if (kind === "bucket") {
        return `arn:aws:s3:::${v}`;
    }
    const m = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/(.+)$/.exec(v);
    return m ? `arn:aws:sqs:${m[1]}:${m[2]}:${m[3]}` : v;
}

/** The ARN of a bucket, queue or topic; UNKNOWN_VALUE in a preview. */
export function arnOf(r: PolicyResource): string | typeof UNKNOWN_VALUE | undefined {
    const arn = str(safeGet(r.props, ["arn"])) ?? str(safeGet(r.props, ["topicArn"]));
    if (arn !== undefined) {
        return arn;
    }
    const kind = guardedKind(r.type);
    if (kind === "bucket") {
        const name = str(safeGet(r.props, ["bucket"])) ?? str(safeGet(r.props, ["bucketName"]));
        return typeof name === "string" ? arnFromReference("bucket", name) : name;
    }
    if (kind === "queue") {
        const url = str(safeGet(r.props, ["url"])) ?? str(safeGet(r.props, ["queueUrl"]));
        return typeof url === "string" ? arnFromReference("queue", url) : url;
    }
    return undefined;
}

// ---------------------------------------------------------------------------------------------
// Is plain HTTP denied?
// ---------------------------------------------------------------------------------------------

const SERVICE: Record<Guarded, string> = { bucket: "s3", queue: "sqs", topic: "sns" };

/** Requests a plain-HTTP client could make: action, and whether it targets an object of the bucket. */
const ACTIONS: Record<Guarded, { action: string; object?: boolean }[]> = {
    bucket: [
        { action: "s3:GetObject", object: true },
        { action: "s3:PutObject", object: true },
        { action: "s3:DeleteObject", object: true },
        { action: "s3:ListBucket" },
        { action: "s3:GetBucketPolicy" },
    ],
    queue: [
        { action: "sqs:SendMessage" },
        { action: "sqs:ReceiveMessage" },
        { action: "sqs:DeleteMessage" },
        { action: "sqs:GetQueueAttributes" },
    ],
    topic: [{ action: "sns:Publish" }, { action: "sns:Subscribe" }, { action: "sns:GetTopicAttributes" }],
};

/**
 * Keys the plain-HTTP probes fix. A Deny conditioned on any other key (aws:SourceVpce, aws:SourceIp …) is
 * not counted: the requester may choose those, so the Deny would not hold for every plain-HTTP request.
 */
const FIXED = new Set(
    [
        "aws:SecureTransport",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalIsAWSService",
        "aws:PrincipalType",
        "aws:PrincipalOrgID",
    ].map((k) => k.toLowerCase()),
);

interface CallerProbe {
    label: string;
    req: Request;
}

function callers(ctx: StackContext, other: string): CallerProbe[] {
    const own = ctx.account ?? "111111111111";
    const role = (account: string) => ({
        "aws:SecureTransport": "false",
        "aws:PrincipalAccount": account,
        "aws:PrincipalArn": `arn:aws:iam::${account}:role/probe`,
        "aws:PrincipalIsAWSService": "false",
        "aws:PrincipalType": "AssumedRole",
    });
    return [
        { label: "a role of this account", req: request(role(own)) },
        { label: `a role of account ${other}`, req: request(role(other)) },
        {
            label: "an anonymous caller",
            // aws:PrincipalAccount is "anonymous" for anonymous requests (IAM User Guide, "AWS global
            // condition context keys", aws:PrincipalAccount: in "all requests, including anonymous requests").
            req: request({
                "aws:SecureTransport": "false",
                "aws:PrincipalType": "Anonymous",
                "aws:PrincipalAccount": "anonymous",
            }),
        },
    ];
}

/** Whether the Deny's conditions hold for the request; tests on keys the probe does not fix do not. */
function denyHolds(s: Statement, req: Request): boolean {
    for (const [operator, block] of Object.entries(s.conditions)) {
        for (const [key, values] of Object.entries(block)) {
            if (!FIXED.has(key.toLowerCase())) {
                return false;
            }
            if (evaluateCondition(operator, key, values, req) !== true) {
                return false;
            }
        }
    }
    return true;
}

function matchesAny(patterns: string[], value: string, ignoreCase: boolean): boolean {
    return patterns.some((p) => wildcard(p, ignoreCase).test(value));
}

function inScope(s: Statement, action: string, resource: string | typeof UNKNOWN_VALUE): boolean {
    if (s.actions && !matchesAny(s.actions, action, true)) {
        return false;
    }
    if (s.notActions && matchesAny(s.notActions, action, true)) {
        return false;
    }
    if (resource === UNKNOWN_VALUE) {
        return true; // the resource's ARN is known after apply: the statement is taken to name it
    }
    if (s.resources && !s.resources.some((p) => p.includes(UNKNOWN) || wildcard(p).test(resource))) {
        return false;
    }
    if (s.notResources && matchesAny(s.notResources, resource, false)) {
        return false;
    }
    return true;
}

/** A Deny that applies to every principal (`"*"` or `{"AWS": "*"}`); NotPrincipal excepts someone. */
const toEveryone = (s: Statement) => s.effect === "Deny" && !!s.principal?.any && !s.notPrincipal;

/**
 * The plain-HTTP requests (caller × action) to a resource that no Deny statement of `statements` denies.
 * Empty: every plain-HTTP request is denied.
 */
export function plainHttpAdmitted(
    kind: Guarded,
    arn: string | typeof UNKNOWN_VALUE,
    statements: Statement[],
    ctx: StackContext,
    other: string,
): string[] {
    const denies = statements.filter(toEveryone);
    const out: string[] = [];
    for (const c of callers(ctx, other)) {
        for (const a of ACTIONS[kind]) {
            const resource = arn === UNKNOWN_VALUE ? arn : a.object ? `${arn}/probe-object` : arn;
            if (!denies.some((s) => inScope(s, a.action, resource) && denyHolds(s, c.req))) {
                out.push(`${a.action} by ${c.label}`);
            }
        }
    }
    return out;
}

export function serviceOf(kind: Guarded): string {
    return SERVICE[kind];
}

/** The statements of every judged document of the holders, and the documents that cannot be read now. */
export function statementsOf(holders: PolicyResource[]): { statements: Statement[]; unjudged: string[] } {
    const statements: Statement[] = [];
    const unjudged: string[] = [];
    for (const h of holders) {
        const j = documentsForJudging(h);
        unjudged.push(...j.unjudged);
        for (const d of j.docs) {
            statements.push(...d.doc.statements);
        }
    }
    return { statements, unjudged };
}

// ---------------------------------------------------------------------------------------------
// Bucket companions (configuration resources) and server access logging targets
// ---------------------------------------------------------------------------------------------

/** Resources of the given types whose `bucket` names the bucket. */
export function companionsOf(bucket: PolicyResource, all: PolicyResource[], ...types: string[]): PolicyResource[] {
    return ofType(all, ...types).filter((c) => refersTo(c, ["bucket"], bucket));
}

/** The buckets of the plan a companion configures (empty when its bucket is not in the plan). */
export function bucketsOf(companion: PolicyResource, all: PolicyResource[]): PolicyResource[] {
    return ofType(all, ...BUCKET_TYPES).filter((b) => refersTo(companion, ["bucket"], b));
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

export interface KeyJudgement {
    /** Why the key is not a customer managed key of this account (a violation). */
    wrong?: string;
    /** Why it cannot be judged now (advisory). */
    unjudged?: string;
}

/**
 * Judge a key reference of `r` at `path`: missing, an AWS managed key (alias/aws/*), a key or alias ARN
 * of another account (the account field of the ARN), or unknown until apply with no key of the plan
 * behind it (cannot judge). A bare key id or alias name is resolved in the resource's own account.
 */
export function judgeKey(r: PolicyResource, path: (string | number)[], ctx: StackContext): KeyJudgement {
    const raw = safeGet(r.props, path);
    const label = path.join(".").replace(/\.(\d+)/g, "[$1]");
    const v = str(raw);
    if (v === UNKNOWN_VALUE) {
        const deps = r.propertyDependencies[String(path[0])] ?? [];
        const keyOfPlan = deps.some((d) => KEY_RESOURCE_TYPES.includes(d.type));
        return keyOfPlan ? {} : { unjudged: `${r.name} ${label}: the key is unknown until apply` };
    }
    if (v === undefined) {
        if (raw !== undefined && raw !== null && raw !== "") {
            return { wrong: `${label}: the key reference ${JSON.stringify(raw)} is not a key ARN, id or alias` };
        }
        return { wrong: `${label}: no customer managed KMS key is set` };
    }
    if (/(^|:)alias\/aws\//.test(v)) {
        return { wrong: `${label}: ${v} is an AWS managed key; use a customer managed key whose policy you control` };
    }
    const account = arnAccount(v);
    if (account !== undefined) {
        if (!ctx.account) {
            return { unjudged: `${r.name} ${label}: ${v} (this stack's account: no ARN in the plan names it)` };
        }
        if (!isOwnOrTrusted(ctx, account)) {
            return {
                wrong: `${label}: ${v} is a key of account ${account}, not of this stack's account ${ctx.account}; data encrypted with it is readable by whoever controls that key`,
            };
        }
    }
    return {};
}

/**
 * The stack's account and region (lib/access.ts stackContext), or no account when reading the plan's ARNs
 * meets a value unknown during preview (the rules then judge what they can without it).
 */
export function safeContext(all: PolicyResource[], trusted: string[] = []): StackContext {
    try {
        return stackContext(all, trusted);
    } catch (e) {
        if ((e as Error)?.constructor?.name === "UnknownValueError") {
            return {
                account: undefined,
                region: undefined,
                trusted,
                vote: { account: undefined, count: 0, total: 0, others: [] },
                accountFrom: "vote",
            };
        }
        throw e;
    }
}
