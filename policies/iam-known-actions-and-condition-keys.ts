// Policy iam-known-actions-and-condition-keys.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { catalogFindings } from "./lib/analysis";
import { documentRule } from "./lib/rule";
export const iamKnownActionsAndConditionKeys: ResourceValidationPolicy = documentRule(
    {
        name: "iam-known-actions-and-condition-keys",
        description:
            "Every action and condition key must exist in the AWS catalog, and ForAllValues must not be used on single-valued keys (a misspelt name silently grants or restricts nothing).",
        remediationSteps:
            "Correct the spelling against the AWS service authorization reference; use the plain operator (e.g. StringEquals) for single-valued keys.",
        enforcementLevel: "mandatory",
    },
    (doc) => catalogFindings(doc),
);
