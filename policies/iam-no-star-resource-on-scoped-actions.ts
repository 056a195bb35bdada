// Policy iam-no-star-resource-on-scoped-actions.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { starResourceFindings } from "./lib/analysis";
import { documentRule, stringList } from "./lib/rule";
export const iamNoStarResourceOnScopedActions: ResourceValidationPolicy = documentRule<{
    scopingConditionKeys?: string[];
}>(
    {
        name: "iam-no-star-resource-on-scoped-actions",
        description:
            'Identity-policy Allow statements must not use Resource "*" for actions that support resource-level permissions, unless a condition (tag, kms:ViaService, source) scopes them.',
        remediationSteps:
            "Name the resource ARNs the actions act on (e.g. arn:aws:appflow:REGION:ACCOUNT:connectorprofile/NAME for appflow:UseConnectorProfile), or add a scoping condition such as aws:ResourceTag/… or kms:ViaService.",
        enforcementLevel: "mandatory",
        config: {
            scopingConditionKeys: stringList('Further condition keys accepted as scoping a Resource "*" statement.'),
        },
    },
    (doc, kind, config) => starResourceFindings(doc, kind, config.scopingConditionKeys ?? []),
);
