// Policy iam-no-wildcard-actions.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { wildcardActionFindings } from "./lib/analysis";
import { documentRule, stringList } from "./lib/rule";
export const iamNoWildcardActions: ResourceValidationPolicy = documentRule<{ allowedActions?: string[] }>(
    {
        name: "iam-no-wildcard-actions",
        description:
            'Allow statements must not grant "*" or "service:*" actions (the account-root kms:* statement of a key policy excepted).',
        remediationSteps:
            "List the exact actions the principal needs (the AWS service authorization reference names them).",
        enforcementLevel: "mandatory",
        config: {
            allowedActions: stringList('Wildcard actions accepted anyway, e.g. ["logs:*"].'),
        },
    },
    (doc, kind, config) => wildcardActionFindings(doc, kind, config.allowedActions ?? []),
);
