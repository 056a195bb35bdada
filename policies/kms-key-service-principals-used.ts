// Policy kms-key-service-principals-used.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { hasUnknownDocument, keyPolicies, resourcePolicies, resourcePolicyHolders } from "./lib/stackdocs";
import { stackRule, stringList } from "./lib/rule";
import {
    cannotJudge,
    KEY_TYPES,
    KEY_USERS,
    normaliseServicePrincipal,
    PRODUCERS,
    ofType,
    referent,
    UNKNOWN_VALUE,
} from "./lib/stack";
/**
 * For every key, the resources that encrypt with it, with the service principals that act for
 * each. One pass over the stack: each resource's key reference is resolved once, not once per key.
 * `unsure` lists what cannot be known during preview (a key reference or a resource policy that
 * is unknown), so that a grant without a known user is not judged until apply.
 */
function keyUsersByKey(all: PolicyResource[]): {
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

export const kmsKeyServicePrincipalsUsed: StackValidationPolicy = stackRule<{ allowedServicePrincipals?: string[] }>(
    {
        name: "kms-key-service-principals-used",
        description:
            "A key policy may grant a service principal only when a resource in the stack that the service acts for is encrypted with that key.",
        remediationSteps:
            "Remove the service statement from the key policy, or encrypt the resource that needs it with this key.",
        enforcementLevel: "mandatory",
        config: {
            allowedServicePrincipals: stringList(
                "Service principals accepted in key policies without a using resource in this stack (e.g. resources managed elsewhere).",
            ),
        },
    },
    (args, report, config) => {
        const all = args.resources;
        const keys = ofType(all, ...KEY_TYPES);
        if (keys.length === 0) {
            args.notApplicable("no KMS keys");
        }
        const { users: usersByKey, unsure } = keyUsersByKey(all);
        const notJudged: string[] = [];
        for (const key of keys) {
            const users = usersByKey.get(key) ?? [];
            const justified = new Set(users.flatMap((u) => u.services));
            for (const h of keyPolicies(key, all)) {
                for (const s of h.doc.statements) {
                    if (s.effect !== "Allow") {
                        continue;
                    }
                    for (const p of s.principal?.service ?? []) {
                        const n = normaliseServicePrincipal(p);
                        if (!justified.has(n) && !(config.allowedServicePrincipals ?? []).includes(p)) {
                            const unknowns = unsure(key);
                            if (unknowns.length > 0) {
                                notJudged.push(`key ${key.name} grants ${p} (unknown: ${unknowns.join(", ")})`);
                                continue;
                            }
                            report(
                                `key ${key.name}: ${h.holder.name} ${s.sid ? `statement "${s.sid}"` : `statement ${s.index}`} grants ${p}, but no resource in the stack that ${p} acts for is encrypted with this key`,
                                h.holder.urn,
                            );
                        }
                    }
                }
            }
        }
        cannotJudge(notJudged);
    },
);
