// A Customer Profiles domain that Amazon Connect instances use must be named `amazon-connect-…`.
//
// The instance acts on the domain through its service-linked role, whose only permissions policy is
// the AWS managed policy AmazonConnectServiceLinkedRolePolicy (AWS Managed Policy reference:
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonConnectServiceLinkedRolePolicy.html;
// Amazon Connect Administrator Guide, "AWS managed policies for Amazon Connect", statement
// AllowCustomerProfilesForConnectDomain). It allows Customer Profiles actions only on
// arn:aws:profile:*:*:domains/amazon-connect-*. The role and the managed policy cannot be edited,
// so a domain with any other name is created, the CTR integration too, but the agent workspace and
// the flow blocks are denied. ARN matching in IAM is case-sensitive, so the prefix is lower case.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { UNKNOWN } from "./lib/analysis";
import { stackRule } from "./lib/rule";
import { cannotJudge, DOMAIN_TYPES, ofType, referent, safeString, UNKNOWN_VALUE } from "./lib/stack";

/** The prefix the Connect service-linked role's managed policy grants Customer Profiles on. */
export const CONNECT_DOMAIN_PREFIX = "amazon-connect-";

/** The Customer Profiles integration types; one whose `uri` is a Connect instance associates it. */
const INTEGRATION_TYPES = ["aws-native:customerprofiles:Integration", "aws:customerprofiles/integration:Integration"];
const CONNECT_INSTANCE_ARN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[-a-zA-Z0-9]+$/;

/**
 * Whether an integration associates an Amazon Connect instance: its `uri` is an instance ARN, or
 * (during preview, when the ARN of an instance the stack creates is not known yet) it depends on an
 * aws:connect/instance:Instance for its `uri`.
 */
function associatesInstance(integration: PolicyResource): boolean {
    const uri = safeString(integration.props, ["uri"]);
    if (typeof uri === "string" && !uri.includes(UNKNOWN)) return CONNECT_INSTANCE_ARN.test(uri);
    if (uri === undefined) return false;
    return (integration.propertyDependencies["uri"] ?? []).some(
        (d) => d.type === "aws:connect/instance:Instance" || d.type === "aws-native:connect:Instance",
    );
}

export const connectDomainNamePrefix: StackValidationPolicy = stackRule(
    {
        name: "connect-domain-name-prefix",
        description: `A Customer Profiles domain associated with an Amazon Connect instance must be named ${CONNECT_DOMAIN_PREFIX}…: the instance's service-linked role (AWS managed policy AmazonConnectServiceLinkedRolePolicy) may use Customer Profiles only on arn:aws:profile:*:*:domains/${CONNECT_DOMAIN_PREFIX}*.`,
        remediationSteps: `Name the domain ${CONNECT_DOMAIN_PREFIX}<something> (e.g. ${CONNECT_DOMAIN_PREFIX}examplecorp-dev). The domain name is create-only: renaming an existing domain replaces it and loses its profiles, so export or re-ingest the data first.`,
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const all = args.resources;
        const associations = ofType(all, ...INTEGRATION_TYPES).filter(associatesInstance);
        if (associations.length === 0) {
            args.notApplicable("no Customer Profiles integration with an Amazon Connect instance");
        }
        const domains = ofType(all, ...DOMAIN_TYPES);
        const reported = new Set<string>();
        const notJudged: string[] = [];
        for (const integration of associations) {
            const domain = referent(integration, ["domainName"], domains, all);
            const name =
                domain === UNKNOWN_VALUE
                    ? UNKNOWN_VALUE
                    : domain
                      ? safeString(domain.props, ["domainName"])
                      : safeString(integration.props, ["domainName"]);
            if (name === UNKNOWN_VALUE || (typeof name === "string" && name.includes(UNKNOWN))) {
                notJudged.push(`the name of the domain ${integration.name} associates an instance with`);
                continue;
            }
            if (typeof name !== "string") continue;
            if (name.startsWith(CONNECT_DOMAIN_PREFIX) || reported.has(name)) continue;
            reported.add(name);
            report(
                `domain ${name} is associated with an Amazon Connect instance by ${integration.name}, but its name does not start with "${CONNECT_DOMAIN_PREFIX}": the instance's service-linked role may use Customer Profiles only on domains/${CONNECT_DOMAIN_PREFIX}* (AmazonConnectServiceLinkedRolePolicy), so the agent workspace and flow blocks would be denied`,
                (domain && domain !== UNKNOWN_VALUE ? domain : integration).urn,
            );
        }
        cannotJudge(notJudged);
    },
);
