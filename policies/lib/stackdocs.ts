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
import { dependsDirectly, ofType, referent } from "./stack";

export interface HeldDocument {
    holder: PolicyResource;
    kind: DocumentKind;
    doc: PolicyDocument;
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

/** Identity documents that apply to a role: inline, RolePolicy, and attached customer managed Policy. */
export function roleIdentityPolicies(role: PolicyResource, all: PolicyResource[]): HeldDocument[] {
    const inline = documentsOf(role);
    const rolePolicies = ofType(all, "aws:iam/rolePolicy:RolePolicy", "aws-native:iam:RolePolicy").filter(
        (p) => dependsDirectly(p, role, "role") || dependsDirectly(p, role, "roleName"),
    );
    const managed = ofType(all, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((a) => dependsDirectly(a, role, "role"))
        .map((a) =>
            referent(a, ["policyArn"], ofType(all, "aws:iam/policy:Policy", "aws-native:iam:ManagedPolicy"), all),
        )
        .filter((p): p is PolicyResource => !!p && typeof p === "object");
    return [...inline, ...rolePolicies.flatMap(documentsOf), ...managed.flatMap(documentsOf)].filter(
        (h) => h.kind === "identity",
    );
}

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
