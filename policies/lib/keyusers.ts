// Which resources of the stack encrypt with which key, and the services that act for them.
import { PolicyResource } from "@pulumi/policy";
import { hasUnknownDocument, resourcePolicies, resourcePolicyHolders } from "./stackdocs";
import { KEY_TYPES, KEY_USERS, normaliseServicePrincipal, ofType, PRODUCERS, referent, UNKNOWN_VALUE } from "./stack";

/**
 * For every key, the resources that encrypt with it, with the service principals that act for
 * each. One pass over the stack: each resource's key reference is resolved once, not once per key.
 * `unsure` lists what cannot be known during preview (a key reference or a resource policy that
 * is unknown), so that a grant without a known user is not judged until apply.
 */
export function keyUsersByKey(all: PolicyResource[]): {
    users: Map<PolicyResource, { r: PolicyResource; services: string[] }[]>;
    unsure: (key: PolicyResource) => string[];
} {
    const keys = ofType(all, ...KEY_TYPES);
    const out = new Map<PolicyResource, { r: PolicyResource; services: string[] }[]>(keys.map((k) => [k, []]));
    const anyKey: string[] = [];
    const byKey = new Map<PolicyResource, string[]>();
    for (const r of all) {
        for (const use of KEY_USERS[r.type] ?? []) {
            const key = referent(r, use.path, keys, all);
            if (key === UNKNOWN_VALUE) {
                anyKey.push(`the key of ${r.name}`);
            }
            const users = key && key !== UNKNOWN_VALUE ? out.get(key) : undefined;
            if (users) {
                for (const holder of resourcePolicyHolders(r, all)) {
                    if (hasUnknownDocument(holder)) {
                        byKey.set(key as PolicyResource, [
                            ...(byKey.get(key as PolicyResource) ?? []),
                            `the policy of ${holder.name}`,
                        ]);
                    }
                }
                const services = [...use.services];
                // Producers that write to an encrypted queue or topic need the key too.
                if (["aws:sqs/queue:Queue", "aws-native:sqs:Queue", "aws:sns/topic:Topic"].includes(r.type)) {
                    for (const h of resourcePolicies(r, all)) {
                        for (const s of h.doc.statements) {
                            if (s.effect === "Allow") {
                                services.push(...(s.principal?.service ?? []).map(normaliseServicePrincipal));
                            }
                        }
                    }
                }
                for (const prod of PRODUCERS) {
                    if (ofType(all, prod.type).some((x) => referent(x, prod.path, [r], all) === r)) {
                        services.push(prod.service);
                    }
                }
                users.push({ r, services });
            }
        }
    }
    return { users: out, unsure: (key) => [...new Set([...anyKey, ...(byKey.get(key) ?? [])])] };
}
