// Policy confused-deputy-source-conditions.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { confusedDeputyFindings } from "./lib/analysis";
import { documentRule, stringList } from "./lib/rule";
export const confusedDeputySourceConditions: ResourceValidationPolicy = documentRule<{
    exemptServicePrincipals?: string[];
}>(
    {
        name: "confused-deputy-source-conditions",
        description:
            'Every Allow statement granting a service principal or "*" in a resource, key or trust policy must be bound by aws:SourceAccount, aws:SourceArn or aws:SourceOrgID with a concrete value.',
        remediationSteps:
            'Add Condition {"StringEquals": {"aws:SourceAccount": "ACCOUNT"}, "ArnEquals": {"aws:SourceArn": "ARN of the resource the service acts for"}}.',
        enforcementLevel: "mandatory",
        config: {
            exemptServicePrincipals: stringList(
                "Service principals that do not send source context (e.g. ec2.amazonaws.com in an instance-role trust policy).",
            ),
        },
    },
    (doc, kind, config) => confusedDeputyFindings(doc, kind, config.exemptServicePrincipals ?? []),
);
