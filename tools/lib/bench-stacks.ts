// Synthetic stacks for the benchmark, built from the real components (no stand-ins): `groups`
// copies of an alarm topic, a Customer Profiles domain (key, alias, dead-letter queue and its
// policy, domain, CTR object type) and a new Connect instance associated with it: 12 cloud
// resources per group, each with its real policies, so the policy pack has real work to do.
import { accountContext, AlarmTopic, ConnectInstance, CustomerProfilesDomain } from "../../components";

export const RESOURCES_PER_GROUP = 12;

/** The stack config map runOfflinePlan needs (region only: the program reads nothing else). */
export const SYNTHETIC_CONFIG = { "aws:region": "eu-west-2", "aws-native:region": "eu-west-2" };

/** A program (for runOfflinePlan's `program`) registering `groups` × 12 cloud resources. */
export function syntheticProgram(groups: number): () => Record<string, unknown> {
    return () => {
        const context = accountContext();
        const arns: Record<string, unknown> = {};
        for (let g = 0; g < groups; g++) {
            const tags = { environment: "bench", group: String(g) };
            new AlarmTopic(`alarms-${g}`, { context, emailEndpoint: `oncall-${g}@example.com`, protect: true, tags });
            const domain = new CustomerProfilesDomain(`profiles-${g}`, {
                domainName: `Bench-Domain-${g}`,
                defaultExpirationDays: 366,
                deadLetterQueue: true,
                profileApiCallers: [
                    `arn:aws:iam::123456789012:role/agent-desktop-${g}`,
                    `arn:aws:iam::123456789012:role/crm-sync-${g}`,
                ],
                context,
                protect: true,
                tags,
            });
            const instance = new ConnectInstance(`contact-${g}`, {
                instance: {
                    name: `contact-${g}`,
                    alias: `bench-contact-${g}`,
                    identityManagementType: "CONNECT_MANAGED",
                    inboundCalls: true,
                    outboundCalls: false,
                } as never,
                domainName: domain.domainName,
                ctrObjectType: domain.ctrObjectType,
                protect: true,
                tags,
            });
            arns[`instance${g}`] = instance.arn;
        }
        return arns;
    };
}

/** Groups for about `resources` cloud resources. */
export function groupsFor(resources: number): number {
    return Math.max(1, Math.round(resources / RESOURCES_PER_GROUP));
}
