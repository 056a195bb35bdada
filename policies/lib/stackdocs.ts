// Policy documents seen from the stack: which documents govern a key, a queue, a role.
import { PolicyResource } from "@pulumi/policy";
import {
    DocumentKind,
    documentSites,
    isHiddenSecret,
    parsePolicyDocument,
    PolicyDocument,
    unwrapSecret,
} from "./documents";
import { UNKNOWN } from "./analysis";
import { dependsDirectly, ofType, referent, ROLE_TYPES, valueNames } from "./stack";

export interface HeldDocument {
    holder: PolicyResource;
    kind: DocumentKind;
    doc: PolicyDocument;
    /** How a finding names the document when it is not the holder's own (an AWS managed policy and its attachment). */
    where?: string;
}

/** Parse a resource's documents, skipping unknown or malformed ones (other rules report those). */
export function documentsOf(r: PolicyResource): HeldDocument[] {
    const out: HeldDocument[] = [];
    let sites;
    try {
        sites = documentSites(r.type, r.props);
    } catch (e) {
        if ((e as Error)?.constructor?.name === "UnknownValueError") {
            return [];
        }
        throw e;
    }
    for (const site of sites) {
        try {
            out.push({ holder: r, kind: site.kind, doc: parsePolicyDocument(site.raw) });
        } catch {
            // unknown during preview, or not a document: judged by the document rules
        }
    }
    return out;
}

/** true when one of the resource's documents is not known until apply (preview). */
export function hasUnknownDocument(r: PolicyResource): boolean {
    try {
        return documentSites(r.type, r.props).some(
            (site) =>
                (typeof site.raw === "string" && site.raw.includes(UNKNOWN)) || isHiddenSecret(unwrapSecret(site.raw)),
        );
    } catch (e) {
        if ((e as Error)?.constructor?.name === "UnknownValueError") {
            return true;
        }
        throw e;
    }
}

/** Documents of the given kind from the resource itself and from attached policy resources. */
function attached(
    target: PolicyResource,
    all: PolicyResource[],
    policyTypes: string[],
    refProp: string,
): PolicyResource[] {
    return ofType(all, ...policyTypes).filter((p) => referent(p, [refProp], [target], all) === target);
}

/** The key itself and the KeyPolicy resources attached to it. */
export function keyPolicyHolders(key: PolicyResource, all: PolicyResource[]): PolicyResource[] {
    return [key, ...attached(key, all, ["aws:kms/keyPolicy:KeyPolicy"], "keyId")];
}

/** The key policy documents of a key: its inline policy and KeyPolicy resources for it. */
export function keyPolicies(key: PolicyResource, all: PolicyResource[]): HeldDocument[] {
    return keyPolicyHolders(key, all).flatMap(documentsOf);
}

/** Resource policies of a queue or topic: inline and separate policy resources. */
export function resourcePolicies(r: PolicyResource, all: PolicyResource[]): HeldDocument[] {
    return resourcePolicyHolders(r, all).flatMap((x) => documentsOf(x).filter((d) => d.holder === x));
}

/** The queue or topic itself and the separate policy resources attached to it. */
export function resourcePolicyHolders(r: PolicyResource, all: PolicyResource[]): PolicyResource[] {
    const separate = [
        ...attached(r, all, ["aws:sqs/queuePolicy:QueuePolicy"], "queueUrl"),
        ...attached(r, all, ["aws:sns/topicPolicy:TopicPolicy"], "arn"),
        ...attached(r, all, ["aws-native:sqs:QueueInlinePolicy"], "queue"),
    ];
    return [r, ...separate];
}

/** true when the resource's property (a string or a list of strings) names the target, by dependency or value. */
function names(r: PolicyResource, prop: string, target: PolicyResource): boolean {
    if ((r.propertyDependencies[prop] ?? []).some((d) => d.urn === target.urn)) return true;
    const v = (r.props as Record<string, unknown>)[prop];
    const values = Array.isArray(v) ? v : [v];
    return values.some((x) => typeof x === "string" && valueNames(x, target));
}

const MANAGED_POLICY_TYPES = ["aws:iam/policy:Policy", "aws-native:iam:ManagedPolicy"];

/**
 * Where each kind of IAM identity gets its policies in a plan: inline-policy resources (type →
 * the property naming the identity), attachment resources (type → that property; the policy in
 * `policyArn`), the list property of aws:iam/policyAttachment:PolicyAttachment and of
 * aws-native:iam:ManagedPolicy that names it, and the identity's own `managedPolicyArns`.
 */
const HOLDERS = {
    role: {
        inline: [
            ["aws:iam/rolePolicy:RolePolicy", "role"],
            ["aws-native:iam:RolePolicy", "roleName"],
        ],
        attachments: [["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "role"]],
        list: "roles",
    },
    user: {
        inline: [
            ["aws:iam/userPolicy:UserPolicy", "user"],
            ["aws-native:iam:UserPolicy", "userName"],
        ],
        attachments: [["aws:iam/userPolicyAttachment:UserPolicyAttachment", "user"]],
        list: "users",
    },
    group: {
        inline: [
            ["aws:iam/groupPolicy:GroupPolicy", "group"],
            ["aws-native:iam:GroupPolicy", "groupName"],
        ],
        attachments: [["aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "group"]],
        list: "groups",
    },
} as const;

function heldBy(holder: PolicyResource, kind: keyof typeof HOLDERS, all: PolicyResource[]): PolicyResource[] {
    const h = HOLDERS[kind];
    const inline = h.inline.flatMap(([type, prop]) =>
        ofType(all, type).filter((p) => dependsDirectly(p, holder, prop) || names(p, prop, holder)),
    );
    const policies = ofType(all, ...MANAGED_POLICY_TYPES);
    const viaAttachment = [
        ...h.attachments.flatMap(([type, prop]) => ofType(all, type).filter((x) => names(x, prop, holder))),
        ...ofType(all, "aws:iam/policyAttachment:PolicyAttachment").filter((x) => names(x, h.list, holder)),
    ]
        .map((x) => referent(x, ["policyArn"], policies, all))
        .filter((p): p is PolicyResource => !!p && typeof p === "object");
    const namingHolder = ofType(all, "aws-native:iam:ManagedPolicy").filter((p) => names(p, h.list, holder));
    const ownArns = policies.filter((p) => names(holder, "managedPolicyArns", p));
    return [holder, ...inline, ...viaAttachment, ...namingHolder, ...ownArns];
}

/** The groups a user belongs to in the plan (aws:iam/userGroupMembership, aws:iam/groupMembership, aws-native User.groups). */
export function groupsOf(user: PolicyResource, all: PolicyResource[]): PolicyResource[] {
    return ofType(all, "aws:iam/group:Group", "aws-native:iam:Group").filter(
        (g) =>
            ofType(all, "aws:iam/userGroupMembership:UserGroupMembership").some(
                (m) => names(m, "user", user) && names(m, "groups", g),
            ) ||
            ofType(all, "aws:iam/groupMembership:GroupMembership").some(
                (m) => names(m, "group", g) && names(m, "users", user),
            ) ||
            names(user, "groups", g),
    );
}

/**
 * Identity documents that apply to a role or a user: its inline policies, its RolePolicy/UserPolicy
 * resources, the customer managed policies of the plan attached to it in any form (the attachment
 * resources, PolicyAttachment, its own managedPolicyArns, an aws-native ManagedPolicy naming it) and,
 * for a user, the same for each group of the plan it belongs to. Each distinct document once.
 */
export function identityPolicies(principal: PolicyResource, all: PolicyResource[]): HeldDocument[] {
    const kind = ROLE_TYPES.includes(principal.type) ? "role" : "user";
    const holders = [
        ...heldBy(principal, kind, all),
        ...(kind === "user" ? groupsOf(principal, all).flatMap((g) => heldBy(g, "group", all)) : []),
    ];
    return [...new Set(holders)].flatMap(documentsOf).filter((h) => h.kind === "identity");
}

/**
 * The inline-policy and attachment resources of a role the plan does not create, by the property naming it
 * (classic RolePolicy and RolePolicyAttachment `role`, aws-native RolePolicy and
 * RolePolicyAttachmentsExclusive `roleName`).
 */
const OUTSIDE_ROLE_PROPS: Record<string, string> = {
    "aws:iam/rolePolicy:RolePolicy": "role",
    "aws-native:iam:RolePolicy": "roleName",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "role",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "roleName",
};

/** A role the plan does not create, and the resources of the plan that give it policies. */
export interface OutsideRole {
    /** The role's name as the first of its resources spells it. */
    name: string;
    /** Its RolePolicy resources (classic and aws-native), in plan order. */
    policies: PolicyResource[];
    /** Its attachment resources (RolePolicyAttachment, RolePolicyAttachmentsExclusive), in plan order. */
    attachments: PolicyResource[];
}

/** The role name a value gives: the name itself, or the last part of a role ARN (`role/[PATH/]NAME`). */
const roleNameOf = (v: string) => /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(v)?.[1] ?? v;

/**
 * The roles the plan writes policies for but does not create (the bootstrap's, with bootstrapRoles): the
 * RolePolicy and role attachment resources naming no role of the plan, grouped by the role name they give,
 * compared without case (IAM API Reference, "CreateRole", RoleName: "Names are not distinguished by case";
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). A name unknown until apply gives no group.
 */
export function rolesOutsidePlan(all: PolicyResource[]): OutsideRole[] {
    const roles = ofType(all, ...ROLE_TYPES);
    const groups = new Map<string, OutsideRole>();
    for (const p of ofType(all, ...Object.keys(OUTSIDE_ROLE_PROPS))) {
        const prop = OUTSIDE_ROLE_PROPS[p.type];
        if (roles.some((r) => dependsDirectly(p, r, prop))) continue;
        const v = (p.props as Record<string, unknown>)[prop];
        if (typeof v !== "string" || v === "" || v.includes(UNKNOWN)) continue;
        const name = roleNameOf(v);
        const key = name.toLowerCase();
        const g = groups.get(key) ?? { name, policies: [], attachments: [] };
        groups.set(key, g);
        (p.type.includes("olicyAttachment") ? g.attachments : g.policies).push(p);
    }
    return [...groups.values()];
}

/** Identity documents that apply to a role (identityPolicies). */
export function roleIdentityPolicies(role: PolicyResource, all: PolicyResource[]): HeldDocument[] {
    return identityPolicies(role, all);
}

/** The IAM users of a plan, judged like roles by the union rule. */
export const USER_TYPES = ["aws:iam/user:User", "aws-native:iam:User"];

/** The trust policy of a role. */
export function trustPolicy(role: PolicyResource): PolicyDocument | undefined {
    const site = documentSites(role.type, role.props).find((s) => s.kind === "trust");
    if (!site) {
        return undefined;
    }
    try {
        return parsePolicyDocument(site.raw);
    } catch {
        return undefined;
    }
}

export interface JudgedDocuments {
    docs: (HeldDocument & { property: string })[];
    /** Documents that cannot be read now: unknown until apply, or shown only as a secret. */
    unjudged: string[];
}

/** Every document of a resource, with the ones that cannot be judged named (never silently skipped). */
export function documentsForJudging(r: PolicyResource): JudgedDocuments {
    const out: JudgedDocuments = { docs: [], unjudged: [] };
    let sites;
    try {
        sites = documentSites(r.type, r.props);
    } catch (e) {
        if ((e as Error)?.constructor?.name === "UnknownValueError") {
            out.unjudged.push(`${r.name}: its policy documents are unknown until apply`);
            return out;
        }
        throw e;
    }
    for (const site of sites) {
        const raw = unwrapSecret(site.raw);
        if (isHiddenSecret(raw)) {
            out.unjudged.push(`${r.name} ${site.property}: shown only as a secret`);
            continue;
        }
        if (typeof raw === "string" && raw.includes(UNKNOWN) && !raw.trim().startsWith("{")) {
            out.unjudged.push(`${r.name} ${site.property}: unknown until apply`);
            continue;
        }
        try {
            out.docs.push({ holder: r, kind: site.kind, property: site.property, doc: parsePolicyDocument(raw) });
        } catch (e) {
            if ((e as Error)?.constructor?.name === "UnknownValueError") {
                out.unjudged.push(`${r.name} ${site.property}: unknown until apply`);
            }
            // not a document: reported by the document rules
        }
    }
    return out;
}
