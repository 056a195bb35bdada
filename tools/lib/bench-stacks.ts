// Synthetic stacks for the benchmark, built from the real components (no stand-ins): `groups`
// copies of an alarm topic, a Customer Profiles domain (key, alias, dead-letter queue and its
// policy, domain, CTR object type) and a new Connect instance associated with it: 12 cloud
// resources per group, each with its real policies, so the policy pack has real work to do.
import { accountContext, AlarmTopic, ConnectInstance, CustomerProfilesDomain } from "../../components";

export const RESOURCES_PER_GROUP = 12;

/** The profile API callers of group `g`: roles that exist outside the stack. */
export const callersOf = (g: number) => [
    `arn:aws:iam::123456789012:role/agent-desktop-${g}`,
    `arn:aws:iam::123456789012:role/crm-sync-${g}`,
];

/**
 * The stack config map runOfflinePlan needs: the region, and the callers the key policies name,
 * declared as existing (as a real stack's profileApiCallers are; the mock cloud refuses key-policy
 * principals that are neither created by the stack nor declared).
 */
export function syntheticConfig(groups: number): Record<string, unknown> {
    return {
        "aws:region": "eu-west-2",
        "aws-native:region": "eu-west-2",
        "connect-customer-profiles:profileApiCallers": Array.from({ length: groups }, (_, g) => callersOf(g)).flat(),
    };
}

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
                profileApiCallers: callersOf(g),
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
