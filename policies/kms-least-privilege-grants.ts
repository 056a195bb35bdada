// Policy kms-least-privilege-grants.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { kmsFindings } from "./lib/analysis";
import { documentRule } from "./lib/rule";
export const kmsLeastPrivilegeGrants: ResourceValidationPolicy = documentRule(
    {
        name: "kms-least-privilege-grants",
        description:
            "kms:* only for the account root in key policies; kms:CreateGrant only when bound to a service (source conditions, kms:ViaService or kms:GrantIsForAWSResource) or to named grant operations, and never with CreateGrant among the granted operations.",
        remediationSteps:
            'Grant named KMS actions; add Condition StringEquals kms:ViaService = "SERVICE.REGION.amazonaws.com" or Bool kms:GrantIsForAWSResource = true to CreateGrant, or ForAllValues:StringEquals kms:GrantOperations = ["Decrypt", …] without CreateGrant.',
        enforcementLevel: "mandatory",
    },
    (doc, kind) => kmsFindings(doc, kind),
);
