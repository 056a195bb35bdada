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
import { ResourceValidationPolicy } from "@pulumi/policy";
import { Finding, isBindingOperator, patternCovers } from "./lib/analysis";
import { wildcardRegExp } from "./lib/catalog";
import { PolicyDocument, Statement, statementLabel } from "./lib/documents";
import { documentRule, stringList } from "./lib/rule";

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

export function escalationPaths(doc: PolicyDocument, allowedActions: string[] = []): Finding[] {
    const accepted = (a: string) => allowedActions.some((x) => x.toLowerCase() === a.toLowerCase());
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
        if (!bounded && !slr && ROLE_WRITES.some((a) => covers(s, a))) writable.push(...(s.resources ?? ["*"]));
    }
    for (const s of allows.filter((x) => covers(x, "iam:PassRole") && !accepted("iam:PassRole"))) {
        const reach = (s.resources ?? ["*"]).filter((r) => writable.some((w) => overlap(r, w)));
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

export const iamNoPrivilegeEscalation: ResourceValidationPolicy = documentRule<{ allowedActions?: string[] }>(
    {
        name: "iam-no-privilege-escalation",
        description:
            "Policies must not open a published IAM privilege-escalation path: policy versions, user/group/role policies, trust policies, boundaries, access keys and passwords, group membership, creating roles or users, passing a role it can rewrite. Role and user changes are accepted when the statement requires iam:PermissionsBoundary to be one exact policy ARN.",
        remediationSteps:
            "Bind role and user changes to a permissions boundary (condition StringEquals iam:PermissionsBoundary = the boundary policy's ARN) and deny removing it; move the unboundable actions (policy versions, group changes, credentials) to an administrative pipeline.",
        enforcementLevel: "mandatory",
        config: {
            allowedActions: stringList(
                'Escalation-capable actions accepted anyway (document why), e.g. ["iam:PutRolePolicy"]. Prefer a permissions boundary.',
            ),
        },
    },
    (doc, _kind, config) => escalationPaths(doc, config.allowedActions ?? []),
);
