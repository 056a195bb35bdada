// Ordering: a resource that names another resource of the same stack by a plain value (its
// physical name, id or ARN) must wait for it. The Pulumi engine orders a resource only after the
// resources it depends on (an input that is another resource's output, or `dependsOn` on the
// resource itself); a `dependsOn` given to a component resource is not inherited by the
// component's children (Pulumi docs, "Resource options: dependsOn" and "parent"). A resource that
// names another by a plain string is therefore created in parallel with it, and AWS refuses the
// request when the named resource does not exist yet (e.g. PutProfileObjectType on a domain that
// CreateDomain has not finished: ResourceNotFoundException/BadRequestException, Customer Profiles
// API reference, "PutProfileObjectType" Errors).
//
// The rule runs on the plan's dependency graph (`dependencies` and `propertyDependencies`, what
// `pulumi preview` hands a stack policy), so it holds both offline and under
// `pulumi preview --policy-pack policies`. Values that are unknown during preview are never judged.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { UNKNOWN } from "./lib/analysis";
import { stackRule, stringList } from "./lib/rule";
import { safeGet, UNKNOWN_VALUE } from "./lib/stack";

/**
 * Properties that may name resources that do not exist yet: tags, descriptions, policy documents,
 * event patterns and message templates are text the service stores, not references it resolves
 * when the resource is created.
 */
export const EXEMPT_PROPERTY =
    /^(tags|tagsAll|description|[a-zA-Z]*Description|policy|[a-zA-Z]*Policy|policyDocument|policies|eventPattern|eventFilter|inputTransformer|input|inputTemplate|inputPath|inputPaths)$/;

/**
 * How a resource of a type is named by others: the properties that hold its own physical name or
 * ARN, the ARN service (to recognise `arn:…:SERVICE:…/NAME` values), whether its ID is the last
 * segment of its ARN, and scoped identities (a name that only means this resource together with
 * its parent's name, e.g. an object type within its domain).
 */
interface Identity {
    props: string[];
    service?: string;
    idFromArn?: boolean;
    scoped?: string[][];
}

export const IDENTITIES: Record<string, Identity> = {
    "aws:kms/key:Key": { props: ["arn", "keyId"], service: "kms", idFromArn: true },
    "aws:kms/alias:Alias": { props: ["arn", "name"] },
    "aws:sqs/queue:Queue": { props: ["arn", "url", "name"], service: "sqs" },
    "aws:sns/topic:Topic": { props: ["arn", "name"], service: "sns" },
    "aws:customerprofiles/domain:Domain": { props: ["arn", "domainName"], service: "profile" },
    "aws-native:customerprofiles:Domain": { props: ["domainName"], service: "profile" },
    "aws-native:customerprofiles:ObjectType": {
        props: [],
        scoped: [["domainName", "objectTypeName"]],
    },
    "aws-native:customerprofiles:EventStream": {
        props: ["eventStreamArn"],
        scoped: [["domainName", "eventStreamName"]],
    },
    "aws:connect/instance:Instance": { props: ["arn"], service: "connect", idFromArn: true },
    "aws:kinesis/stream:Stream": { props: ["arn", "name"], service: "kinesis" },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": { props: ["arn", "name"], service: "firehose" },
    "aws:s3/bucket:Bucket": { props: ["arn", "bucket"], service: "s3" },
    "aws:s3/bucketV2:BucketV2": { props: ["arn", "bucket"], service: "s3" },
    "aws:iam/role:Role": { props: ["arn", "name"], service: "iam" },
    "aws:iam/policy:Policy": { props: ["arn"] },
    "aws-native:appflow:Flow": { props: ["flowArn", "flowName"], service: "appflow" },
    "aws:appflow/flow:Flow": { props: ["arn", "name"], service: "appflow" },
    "aws:appflow/connectorProfile:ConnectorProfile": { props: ["arn", "name"] },
    "aws-native:appflow:ConnectorProfile": { props: ["connectorProfileArn", "connectorProfileName"] },
    "aws:cloudwatch/eventBus:EventBus": { props: ["arn", "name"], service: "events" },
    "aws:cloudwatch/eventRule:EventRule": { props: ["arn", "name"], service: "events" },
    "aws:appconfig/eventIntegration:EventIntegration": { props: ["arn", "name"], service: "app-integrations" },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { props: ["arn", "name"] },
    "aws-native:connect:Rule": { props: ["ruleArn"] },
    "pulumi-nodejs:dynamic/connect:IntegrationAssociation": {
        props: ["integrationAssociationArn", "integrationAssociationId"],
    },
    "pulumi-nodejs:dynamic/customer-profiles:IntegrationWorkflow": { props: ["workflowId"] },
    // Resources whose `arn` is another resource's ARN (the topic a policy governs, the target a rule sends
    // to), not their own: without these, the default identity (arn, name) hid the reference (issue 22).
    "aws:sns/topicPolicy:TopicPolicy": { props: [] },
    "aws:cloudwatch/eventTarget:EventTarget": { props: ["targetId"] },
};

/** Provider packages whose resources are custom resources (anything else is taken for a component). */
const PROVIDER_PACKAGES = /^(aws|aws-native|pulumi-nodejs|random|tls|command):/;

/** A short or generic string is no identity (e.g. "CTR", "default"). */
const MIN_IDENTITY_LENGTH = 8;

interface Named {
    target: PolicyResource;
    how: string;
}

function text(v: unknown): string | undefined {
    return typeof v === "string" && v !== "" && !v.includes(UNKNOWN) ? v : undefined;
}

/** The ARN's service and resource part, or undefined. */
function arnParts(v: string): { service: string; resource: string } | undefined {
    const m = /^arn:[a-z-]+:([a-z0-9-]+):[a-z0-9-]*:\d{0,12}:(.+)$/.exec(v);
    return m ? { service: m[1], resource: m[2] } : undefined;
}

/** The identity of a resource as plain strings (the properties that are not references themselves). */
function ownIdentifiers(r: PolicyResource, identity: Identity): { value: string; prop: string }[] {
    const out: { value: string; prop: string }[] = [];
    for (const prop of identity.props) {
        // A property that carries another resource's value (a policy's `arn` is its topic's ARN) is a reference.
        if ((r.propertyDependencies[prop] ?? []).length > 0) {
            continue;
        }
        const v = text(safeGet(r.props, [prop]));
        if (v && v.length >= MIN_IDENTITY_LENGTH) {
            out.push({ value: v, prop });
            if (identity.idFromArn && arnParts(v)) {
                const id = v.slice(Math.max(v.lastIndexOf("/"), v.lastIndexOf(":")) + 1);
                if (id.length >= MIN_IDENTITY_LENGTH) {
                    out.push({ value: id, prop: "id" });
                }
            }
        }
    }
    return out;
}

function isComponent(r: PolicyResource, parents: Set<string>): boolean {
    return !PROVIDER_PACKAGES.test(r.type) || parents.has(r.urn);
}

/** Every resource `r` waits for, directly or transitively. */
function closure(r: PolicyResource, cache: Map<string, Set<string>>): Set<string> {
    const hit = cache.get(r.urn);
    if (hit) {
        return hit;
    }
    const seen = new Set<string>();
    const stack = [...r.dependencies, ...Object.values(r.propertyDependencies).flat()];
    while (stack.length > 0) {
        const d = stack.pop()!;
        if (!seen.has(d.urn)) {
            seen.add(d.urn);
            stack.push(...d.dependencies, ...Object.values(d.propertyDependencies).flat());
        }
    }
    cache.set(r.urn, seen);
    return seen;
}

/** One property or element; a value unknown during preview (the analyzer's proxy throws) is UNKNOWN_VALUE. */
function get(v: object, k: string | number): unknown {
    try {
        const x = (v as Record<string | number, unknown>)[k];
        return typeof x === "string" && x.includes(UNKNOWN) ? UNKNOWN_VALUE : x;
    } catch {
        return UNKNOWN_VALUE;
    }
}

/** The strings of a value, with their paths (objects and arrays walked; unknowns skipped). */
function strings(v: unknown, path: string, out: { path: string; value: string }[], depth = 0): void {
    if (depth > 12 || v === null || v === undefined || v === UNKNOWN_VALUE) {
        return;
    }
    if (typeof v === "string") {
        const s = text(v);
        if (s) {
            out.push({ path, value: s });
        }
        return;
    }
    if (typeof v !== "object") {
        return;
    }
    let keys: string[];
    try {
        keys = Object.keys(v);
    } catch {
        return;
    }
    const isArray = Array.isArray(v);
    for (const k of keys) {
        if (!isArray && EXEMPT_PROPERTY.test(k)) {
            continue;
        }
        strings(get(v, isArray ? Number(k) : k), isArray ? `${path}[${k}]` : `${path}.${k}`, out, depth + 1);
    }
}

/**
 * Every place a resource of the stack names another one by a plain value without waiting for it.
 * Pure: the stack policy below reports these; tests call it directly too.
 */
export function unorderedReferences(
    all: PolicyResource[],
): { referrer: PolicyResource; target: PolicyResource[]; path: string; value: string }[] {
    const parents = new Set(all.map((r) => r.parent?.urn).filter((u): u is string => !!u));
    const customs = all.filter((r) => !isComponent(r, parents));
    const byValue = new Map<string, Named[]>();
    const scopedTargets: { target: PolicyResource; keys: string[]; values: string[] }[] = [];
    const ownProps = new Map<string, Set<string>>();
    for (const r of customs) {
        const identity = IDENTITIES[r.type] ?? {
            props: r.type.startsWith("aws:") ? ["arn", "name"] : ["arn"],
        };
        ownProps.set(r.urn, new Set(identity.props));
        for (const { value, prop } of ownIdentifiers(r, identity)) {
            byValue.set(value, [...(byValue.get(value) ?? []), { target: r, how: prop }]);
        }
        for (const keys of identity.scoped ?? []) {
            const values = keys.map((k) => text(safeGet(r.props, [k])));
            if (values.every((x): x is string => !!x)) {
                scopedTargets.push({ target: r, keys, values: values as string[] });
            }
        }
    }
    const services = new Map<string, string | undefined>(customs.map((r) => [r.urn, IDENTITIES[r.type]?.service]));
    const cache = new Map<string, Set<string>>();
    const found: { referrer: PolicyResource; target: PolicyResource[]; path: string; value: string }[] = [];

    for (const r of customs) {
        const inputKeys = Object.keys(r.propertyDependencies);
        const keys = (inputKeys.length > 0 ? inputKeys : Object.keys(r.props ?? {})).filter(
            (k) => !EXEMPT_PROPERTY.test(k) && !ownProps.get(r.urn)!.has(k),
        );
        const waits = () => closure(r, cache);
        const check = (targets: PolicyResource[], path: string, value: string) => {
            // A resource may name what is created from it (the target waits for the referrer: an
            // AppFlow flow names the partner event bus that AppFlow's event source makes possible).
            const others = targets.filter((t) => t.urn !== r.urn && !closure(t, cache).has(r.urn));
            if (others.length > 0 && !others.some((t) => waits().has(t.urn))) {
                found.push({ referrer: r, target: others, path, value });
            }
        };
        for (const k of keys) {
            const vals: { path: string; value: string }[] = [];
            strings(safeGet(r.props, [k]), k, vals);
            for (const { path, value } of vals) {
                const exact = (byValue.get(value) ?? []).map((n) => n.target);
                if (exact.length > 0) {
                    check(exact, path, value);
                    continue;
                }
                const arn = arnParts(value);
                if (!arn) {
                    continue;
                }
                // A sub-resource ARN (…/instance/ID/contact-flow/…) names its parent resource; an
                // ARN built from a name (…:domains/NAME) names the resource of that service and name.
                const named: PolicyResource[] = [];
                for (let i = value.length - 1; i > 0; i--) {
                    if (value[i] === "/" || value[i] === ":") {
                        for (const n of byValue.get(value.slice(0, i)) ?? []) {
                            if (n.how !== "id") named.push(n.target);
                        }
                    }
                }
                const last = value.slice(Math.max(value.lastIndexOf("/"), value.lastIndexOf(":")) + 1);
                for (const n of byValue.get(last) ?? []) {
                    if (services.get(n.target.urn) === arn.service) named.push(n.target);
                }
                if (named.length > 0) {
                    check([...new Set(named)], path, value);
                }
            }
        }
        // Scoped names: an object type is named by its domain's name and its own name together.
        for (const s of scopedTargets) {
            if (s.target.urn === r.urn) {
                continue;
            }
            const values = s.keys.map((k) => text(safeGet(r.props, [k])));
            if (values.every((v, i) => v === s.values[i])) {
                check([s.target], s.keys.join("+"), s.values.join("/"));
            }
        }
    }
    return found;
}

export const referencesWaitForReferents: StackValidationPolicy = stackRule<{ ignoredProperties?: string[] }>(
    {
        name: "references-wait-for-referents",
        description:
            "A resource that names another resource of the stack (its physical name, id or ARN) as a plain value must depend on it, directly or through its dependencies; otherwise the engine creates both in parallel and AWS refuses the request that names a resource not yet created. A dependsOn on a component is not inherited by its children.",
        remediationSteps:
            "Pass the other resource's output (e.g. domain.domainName) instead of a plain string, or give the resource itself dependsOn: [thatResource].",
        enforcementLevel: "mandatory",
        config: {
            ignoredProperties: stringList(
                "Property paths (as reported, e.g. flowDefinition.FlowName) that may name resources not yet created.",
            ),
        },
    },
    (args, report, config) => {
        const ignored = new Set(config.ignoredProperties ?? []);
        for (const f of unorderedReferences(args.resources)) {
            if (ignored.has(f.path)) {
                continue;
            }
            const names = f.target.map((t) => `${t.name} (${t.type})`).join(" or ");
            report(
                `${f.referrer.name} names ${names} in ${f.path} ("${f.value}") but does not depend on it: the engine may create ${f.referrer.name} first`,
                f.referrer.urn,
            );
        }
    },
);
