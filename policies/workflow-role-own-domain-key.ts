// Policy workflow-role-own-domain-key.
import { StackValidationPolicy } from "@pulumi/policy";
import { conditionEntries } from "./lib/analysis";
import { HeldDocument, roleIdentityPolicies, trustPolicy } from "./lib/stackdocs";
import { stackRule } from "./lib/rule";
import {
    DOMAIN_TYPES,
    KEY_TYPES,
    ofType,
    referent,
    ROLE_TYPES,
    safeString,
    UNKNOWN_VALUE,
    valueNames,
} from "./lib/stack";
function workflowDomainName(trust: HeldDocument["doc"]): string[] {
    const names: string[] = [];
    for (const s of trust.statements) {
        if (s.effect === "Allow" && s.principal?.service.includes("profile.amazonaws.com")) {
            for (const e of conditionEntries(s, "aws:SourceArn")) {
                for (const v of e.values) {
                    const m = /:domains\/([^/]+)$/.exec(v);
                    if (m) {
                        names.push(m[1]);
                    }
                }
            }
        }
    }
    return names;
}

export const workflowRoleOwnDomainKey: StackValidationPolicy = stackRule(
    {
        name: "workflow-role-own-domain-key",
        description:
            "An IAM role that Customer Profiles assumes for integration workflows must grant KMS actions only on its own domain's key (AWS: such a role works only for its domain).",
        remediationSteps:
            "Set the Resource of the role's kms statements to the ARN of the key in the domain's defaultEncryptionKey.",
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const all = args.resources;
        const roles = ofType(all, ...ROLE_TYPES).filter((r) => {
            const t = trustPolicy(r);
            return (
                !!t &&
                t.statements.some((s) => s.effect === "Allow" && s.principal?.service.includes("profile.amazonaws.com"))
            );
        });
        if (roles.length === 0) {
            args.notApplicable("no role trusted by profile.amazonaws.com");
        }
        const domains = ofType(all, ...DOMAIN_TYPES);
        const keys = ofType(all, ...KEY_TYPES);
        const grantsKms = (role: (typeof roles)[number]) =>
            roleIdentityPolicies(role, all).some((h) =>
                h.doc.statements.some(
                    (s) =>
                        s.effect === "Allow" &&
                        (s.actions ?? []).some((a) => a === "*" || a.toLowerCase().startsWith("kms:")),
                ),
            );
        for (const role of roles) {
            // A role whose permissions are not in this plan (the bootstrap creates the stack's
            // workflow role with its trust alone; the main program puts its policy) grants nothing
            // here to judge: its policy is judged where it is put.
            if (!grantsKms(role)) {
                continue;
            }
            const names = workflowDomainName(trustPolicy(role)!);
            const candidates =
                names.length > 0
                    ? domains.filter((d) => names.includes(String(safeString(d.props, ["domainName"]))))
                    : domains;
            if (candidates.length !== 1) {
                report(
                    `role ${role.name}: cannot tell its domain (${names.length > 0 ? `trust names ${names.join(", ")}` : "no aws:SourceArn in its trust policy"}, ${candidates.length} matching domains in the stack)`,
                    role.urn,
                );
                continue;
            }
            const domain = candidates[0];
            const key = referent(domain, ["defaultEncryptionKey"], keys, all);
            if (key === UNKNOWN_VALUE) {
                continue;
            }
            const keyArn = key ? safeString(key.props, ["arn"]) : safeString(domain.props, ["defaultEncryptionKey"]);
            for (const h of roleIdentityPolicies(role, all)) {
                for (const s of h.doc.statements) {
                    if (
                        s.effect !== "Allow" ||
                        !(s.actions ?? []).some((a) => a === "*" || a.toLowerCase().startsWith("kms:"))
                    ) {
                        continue;
                    }
                    const label = `${h.holder.name} ${s.sid ? `statement "${s.sid}"` : `statement ${s.index}`}`;
                    if (s.notResources || !s.resources) {
                        report(
                            `role ${role.name}: ${label} grants KMS actions without naming the domain's key`,
                            h.holder.urn,
                        );
                        continue;
                    }
                    const other = s.resources.filter((res) => {
                        if (res.includes("04da6b54-80e4-46f7-96ec-b56ff0331ba9") || keyArn === UNKNOWN_VALUE) {
                            return false;
                        }
                        if (key) {
                            return !(res === keyArn || valueNames(res, key, all));
                        }
                        return res !== keyArn;
                    });
                    if (other.length > 0) {
                        report(
                            `role ${role.name}: ${label} grants KMS actions on ${other.map((x) => `"${x}"`).join(", ")}, not only on domain ${String(safeString(domain.props, ["domainName"]))}'s key`,
                            h.holder.urn,
                        );
                    }
                }
            }
        }
    },
);
