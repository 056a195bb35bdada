// Policy iam-no-privilege-escalation.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { escalationFindings } from "./lib/analysis";
import { documentRule, stringList } from "./lib/rule";
export const iamNoPrivilegeEscalation: ResourceValidationPolicy = documentRule<{ allowedActions?: string[] }>(
    {
        name: "iam-no-privilege-escalation",
        description:
            "Policies must not grant actions that change IAM policies or credentials (attach/put policy, policy versions, trust policies, boundaries, access keys); iam:PassRole is judged by iam-pass-role-bound.",
        remediationSteps:
            "Move policy-management permissions to an administrative pipeline, or list them in allowedActions for a deployment role (and document why).",
        enforcementLevel: "mandatory",
        config: {
            allowedActions: stringList(
                'Escalation-capable actions accepted anyway (e.g. for a deployment role), e.g. ["iam:PutRolePolicy"].',
            ),
        },
    },
    (doc, _kind, config) => escalationFindings(doc, config.allowedActions ?? []),
);
