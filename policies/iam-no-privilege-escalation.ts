// Policy iam-no-privilege-escalation.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { escalationFindings } from "./lib/analysis";
import { documentRule, stringList } from "./lib/rule";
export const iamNoPrivilegeEscalation: ResourceValidationPolicy = documentRule<{ allowedActions?: string[] }>(
    {
        name: "iam-no-privilege-escalation",
        description:
            "Policies must not grant iam:PassRole without an iam:PassedToService condition, nor actions that change IAM policies or credentials (attach/put policy, policy versions, trust policies, boundaries, access keys).",
        remediationSteps:
            "Add Condition StringEquals iam:PassedToService = the one service that needs the role, and name the role ARNs; move policy-management permissions to an administrative pipeline.",
        enforcementLevel: "mandatory",
        config: {
            allowedActions: stringList(
                'Escalation-capable actions accepted anyway (e.g. for a deployment role), e.g. ["iam:PassRole"].',
            ),
        },
    },
    (doc, _kind, config) => escalationFindings(doc, config.allowedActions ?? []),
);
