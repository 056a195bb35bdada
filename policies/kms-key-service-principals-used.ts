// Policy kms-key-service-principals-used.
import { StackValidationPolicy } from "@pulumi/policy";
import { keyPolicies } from "./lib/stackdocs";
import { keyUsersByKey } from "./lib/keyusers";
import { stackRule, stringList } from "./lib/rule";
import { cannotJudge, KEY_TYPES, normaliseServicePrincipal, ofType } from "./lib/stack";
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
