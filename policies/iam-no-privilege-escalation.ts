// Policy iam-no-privilege-escalation: the published IAM privilege-escalation paths an identity
// policy allows, judged on what the statements let the holder become, not on an allowlist.
//
// The paths (Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation"; IAM User
// Guide, "Permissions boundaries for IAM entities"): new policy versions and a different default
// version; inline or attached policies on users, groups and roles; a role's trust policy; removing
// or replacing a permissions boundary; access keys and console passwords of other users; joining a
// group; creating a role or user; passing a role the holder can also write.
//
// A role or user change is bounded when the statement requires `iam:PermissionsBoundary` to equal
// an exact policy ARN (StringEquals/ArnEquals, no wildcard): whatever the new entity is given, it
// can do no more than that boundary (the delegation example of the IAM User Guide page above; the
// Service Authorization Reference lists iam:PermissionsBoundary on CreateRole, CreateUser,
// PutRolePolicy, PutUserPolicy, AttachRolePolicy, AttachUserPolicy, UpdateAssumeRolePolicy,
// PutRolePermissionsBoundary, PutUserPermissionsBoundary). Inline policies of service-linked roles
// (role/aws-service-role/…) are not a path: their trust is the service's and cannot be changed
// (IAM User Guide, "Service-linked roles").
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Finding, isBindingOperator, patternCovers } from "./lib/analysis";
import { wildcardRegExp } from "./lib/catalog";
import { PolicyDocument, Statement, statementLabel } from "./lib/documents";
import { documentRule, RuleMeta, stackRule, stringList } from "./lib/rule";
import {
    attachedDocuments,
    attachesTo,
    attachments,
    awsManagedDocument,
    customerPolicy,
    isAwsManaged,
} from "./lib/managed";
import { cannotJudge, ofType, ROLE_TYPES } from "./lib/stack";
import { documentsOf, groupsOf, HeldDocument, identityPolicies, rolesOutsidePlan, USER_TYPES } from "./lib/stackdocs";

/** Changes of a role or user that iam:PermissionsBoundary can bind. */
export const BOUNDABLE_ACTIONS = [
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateRole",
    "iam:CreateUser",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:PutUserPolicy",
    "iam:UpdateAssumeRolePolicy",
];

/** Paths no condition of the statement makes safe. */
export const UNBOUNDABLE_ACTIONS = [
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreatePolicyVersion",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:PutGroupPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateLoginProfile",
];

/** Role writes that make a passed role whatever the holder wants. */
const ROLE_WRITES = ["iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"];

const SERVICE_LINKED = /^arn:aws[a-z-]*:iam::[^:]*:role\/aws-service-role\//;
const SLR_EXEMPT = new Set(["iam:PutRolePolicy", "iam:DeleteRolePolicy"]);

const finding = (statement: Statement, message: string): Finding => ({
    statement,
    message: `${statementLabel(statement)}: ${message}`,
});

/** The statement requires iam:PermissionsBoundary to be one exact policy ARN. */
export function boundaryBound(s: Statement): boolean {
    return Object.entries(s.conditions).some(
        ([op, block]) =>
            isBindingOperator(op) &&
            !/like/i.test(op) &&
            Object.entries(block).some(
                ([k, values]) =>
                    k.toLowerCase() === "iam:permissionsboundary" &&
                    values.length > 0 &&
                    values.every((v) => /^arn:aws[a-z-]*:iam::\d{12}:policy\/\S+$/.test(v) && !/[*?]/.test(v)),
            ),
    );
}

const covers = (s: Statement, action: string) => (s.actions ?? []).some((p) => patternCovers(p, action));
const onlyServiceLinked = (s: Statement) =>
    (s.resources ?? []).length > 0 && (s.resources ?? []).every((r) => SERVICE_LINKED.test(r));

/** Two resource patterns can name the same resource. */
function overlap(a: string, b: string): boolean {
    return a === b || wildcardRegExp(a).test(b) || wildcardRegExp(b).test(a);
}

/** The resources a statement lets the holder rewrite as a role without a boundary (for the PassRole path). */
function writableBy(s: Statement): string[] {
    return !boundaryBound(s) && !onlyServiceLinked(s) && ROLE_WRITES.some((a) => covers(s, a))
        ? (s.resources ?? ["*"])
        : [];
}

/** The statements of a document that pass roles (unless the config accepts iam:PassRole). */
function passing(doc: PolicyDocument, accepted: (a: string) => boolean): Statement[] {
    return accepted("iam:PassRole")
        ? []
        : doc.statements.filter((s) => s.effect === "Allow" && s.actions && covers(s, "iam:PassRole"));
}

const reachOf = (s: Statement, writable: string[]) =>
    (s.resources ?? ["*"]).filter((r) => writable.some((w) => overlap(r, w)));

const acceptedIn = (allowedActions: string[]) => (a: string) =>
    allowedActions.some((x) => x.toLowerCase() === a.toLowerCase());

export function escalationPaths(doc: PolicyDocument, allowedActions: string[] = []): Finding[] {
    const accepted = acceptedIn(allowedActions);
    const allows = doc.statements.filter((s) => s.effect === "Allow" && s.actions);
    const out: Finding[] = [];
    // Resources the document lets the holder write without a boundary (for the PassRole path).
    const writable: string[] = [];
    for (const s of allows) {
        const bounded = boundaryBound(s);
        const slr = onlyServiceLinked(s);
        const paths = [...(bounded ? [] : BOUNDABLE_ACTIONS), ...UNBOUNDABLE_ACTIONS]
            .filter((a) => covers(s, a) && !accepted(a) && !(slr && SLR_EXEMPT.has(a)))
            .sort((x, y) => ORDER.indexOf(x) - ORDER.indexOf(y));
        if (paths.length > 0)
            out.push(
                finding(s, `grants policy-management actions that allow privilege escalation (${paths.join(", ")})`),
            );
        writable.push(...writableBy(s));
    }
    for (const s of passing(doc, accepted)) {
        const reach = reachOf(s, writable);
        if (reach.length > 0)
            out.push(
                finding(
                    s,
                    `passes roles it can also rewrite without a permissions boundary (${reach.join(", ")}): give the role whatever policy, then pass it`,
                ),
            );
    }
    return out;
}

/**
 * The PassRole path across the documents one role or user holds (inline policies, RolePolicy and
 * UserPolicy resources, managed policies of the plan attached in any form, a user's groups' policies:
 * lib/stackdocs.ts identityPolicies): a role is what the union of its identity policies allows
 * (IAM User Guide, "Policy evaluation logic": identity-based policies of one principal are evaluated
 * together), so iam:PassRole in one document and the unbounded write of that role in another are one
 * path. The path within one document is reported by {@link escalationPaths}.
 */
export function crossDocumentPaths(held: HeldDocument[], allowedActions: string[] = [], holder = "role"): string[] {
    const accepted = acceptedIn(allowedActions);
    const out: string[] = [];
    for (const [i, a] of held.entries())
        for (const s of passing(a.doc, accepted))
            for (const [j, b] of held.entries()) {
                if (i === j) continue;
                const writers = b.doc.statements.filter(
                    (w) => w.effect === "Allow" && w.actions && writableBy(w).length,
                );
                for (const w of writers) {
                    const reach = reachOf(s, writableBy(w));
                    if (reach.length > 0)
                        out.push(
                            `${a.where ?? a.holder.name} ${statementLabel(s)} passes roles that ${b.where ?? b.holder.name} ${statementLabel(w)} lets the same ${holder} rewrite without a permissions boundary (${reach.join(", ")}): give the role whatever policy, then pass it`,
                        );
                }
            }
    return out;
}

/** The order findings list actions in (the IAM API's grouping: attach, put, versions, trust, boundaries, credentials). */
const ORDER = [
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:PutUserPermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:AddUserToGroup",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:CreateRole",
    "iam:CreateUser",
];

const META: RuleMeta = {
    name: "iam-no-privilege-escalation",
    description:
        "Policies must not open a published IAM privilege-escalation path: policy versions, user/group/role policies, trust policies, boundaries, access keys and passwords, group membership, creating roles or users, passing a role it can rewrite (in the same document, or in another one the same role holds). Role and user changes are accepted when the statement requires iam:PermissionsBoundary to be one exact policy ARN.",
    remediationSteps:
        "Bind role and user changes to a permissions boundary (condition StringEquals iam:PermissionsBoundary = the boundary policy's ARN) and deny removing it; move the unboundable actions (policy versions, group changes, credentials) to an administrative pipeline.",
    enforcementLevel: "mandatory",
    config: {
        allowedActions: stringList(
            'Escalation-capable actions accepted anyway (document why), e.g. ["iam:PutRolePolicy"]. Prefer a permissions boundary.',
        ),
    },
};

type Config = { allowedActions?: string[] };

const perDocument = documentRule<Config>(META, (doc, _kind, config) =>
    escalationPaths(doc, config.allowedActions ?? []),
);

const perRole: StackValidationPolicy = stackRule<Config>(META, (args, report, config) => {
    const all = args.resources;
    const allowed = config.allowedActions ?? [];
    const atts = attachments(all);
    const unjudged: string[] = [];
    // AWS managed policies have no resource of their own in the plan: each attached one is judged
    // on its own here, on the attachment (customer managed policies are, on their resource).
    for (const a of atts) {
        if (!a.arn || !isAwsManaged(a.arn) || customerPolicy(a, all)) continue;
        const doc = awsManagedDocument(a.arn);
        for (const f of doc ? escalationPaths(doc, allowed) : [])
            report(`${a.holder.name} ${a.property}: the AWS managed policy ${a.arn}: ${f.message}`, a.holder.urn);
    }
    for (const role of ofType(all, ...ROLE_TYPES, ...USER_TYPES)) {
        let held: HeldDocument[];
        try {
            held = identityPolicies(role, all);
        } catch (e) {
            // A document unknown until apply: the per-document check names it.
            if ((e as Error)?.constructor?.name === "UnknownValueError") continue;
            throw e;
        }
        const holder = ROLE_TYPES.includes(role.type) ? "role" : "user";
        const targets = [role, ...(holder === "user" ? groupsOf(role, all) : [])];
        const aws = attachedDocuments(
            atts.filter((a) => targets.some((t) => attachesTo(a, t))),
            all,
            `${holder} ${role.name}`,
            true,
        );
        unjudged.push(...aws.unjudged);
        for (const line of crossDocumentPaths([...held, ...aws.held], allowed, holder))
            report(`${holder} ${role.name}: ${line}`, role.urn);
    }
    // A role the plan does not create but gives policies to (the bootstrap's, with bootstrapRoles): the
    // union of its RolePolicy resources and attachments, grouped by role name (lib/stackdocs.ts
    // rolesOutsidePlan), reported on the first of them.
    for (const outside of rolesOutsidePlan(all)) {
        const who = `role ${outside.name} (not created by this plan)`;
        const inline = outside.policies.flatMap(documentsOf).filter((h) => h.kind === "identity");
        const viaAttachment = attachedDocuments(
            atts.filter((a) => outside.attachments.includes(a.holder)),
            all,
            who,
        );
        unjudged.push(...viaAttachment.unjudged);
        const at = (outside.policies[0] ?? outside.attachments[0]).urn;
        for (const line of crossDocumentPaths([...inline, ...viaAttachment.held], allowed))
            report(`${who}: ${line}`, at);
    }
    cannotJudge(unjudged, "cannot read a policy a role or user holds");
});

/**
 * One policy, two views: each document on its own resource (validateResource), and the union of the
 * documents each role of the plan holds (validateStack). @pulumi/policy runs a policy's
 * validateResource for every resource and its validateStack once for the stack, each when present
 * (its analyzer's analyze and analyzeStack).
 */
export const iamNoPrivilegeEscalation: ResourceValidationPolicy = {
    ...perDocument,
    validateStack: perRole.validateStack,
} as ResourceValidationPolicy & Pick<StackValidationPolicy, "validateStack">;
