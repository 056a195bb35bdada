// Policy service-statements-documented.
//
// A service principal is trusted, or let use a key, queue, topic or bucket, in the form AWS documents for
// that caller (policies/lib/documented-forms.ts, each entry with its page). A statement that requires a
// condition key AWS does not document the caller sending is a guess: if the request does not carry the
// key, the statement never matches, and the service fails silently (an alarm never delivered, a role
// never assumed, a flow that never reads). A statement of a principal, kind and actions no entry covers
// is not judged here (tests/policies/documented-forms.test.ts holds every statement of the dev plan to
// an entry).
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { stackRule } from "./lib/rule";
import { Statement } from "./lib/documents";
import { documentsForJudging } from "./lib/stackdocs";
import { isNegated, parseOperator } from "./lib/conditions";
import { documentedKeys, FormKind, formsFor, resourceKindOf } from "./lib/documented-forms";

/** The condition keys a statement requires (positive, non-IfExists operators: absent key ⇒ no match). */
export function requiredKeys(s: Statement): string[] {
    const out: string[] = [];
    for (const [operator, block] of Object.entries(s.conditions)) {
        const op = parseOperator(operator);
        if (!op || op.ifExists || op.base === "Null" || isNegated(op.base)) continue;
        out.push(...Object.keys(block));
    }
    return [...new Set(out)];
}

export interface ServiceStatementFinding {
    urn: string;
    message: string;
}

/** What the rule finds on a stack: used by the policy and by tests. */
export function serviceStatementFindings(all: PolicyResource[]): ServiceStatementFinding[] {
    const out: ServiceStatementFinding[] = [];
    for (const r of all) {
        const { docs } = documentsForJudging(r);
        for (const h of docs) {
            if (h.kind === "identity") continue;
            for (const s of h.doc.statements) {
                if (s.effect !== "Allow" || !s.principal || s.notActions) continue;
                const actions = s.actions ?? [];
                const kind: FormKind | undefined =
                    h.kind === "trust" ? "trust" : h.kind === "key" ? "key" : resourceKindOf(actions);
                const label = `${r.name} ${h.property}: statement ${s.index + 1}${s.sid ? ` ("${s.sid}")` : ""}`;
                for (const principal of s.principal.service) {
                    // In scope at this site: the export-key form only on a key a Kinesis stream uses.
                    const forms = kind
                        ? formsFor(principal, kind, actions, { resource: r, all, statements: h.doc.statements })
                        : [];
                    // A caller no entry covers is not judged here (the tests hold the program's own
                    // statements to the registry); only a key its entry does not list is a finding.
                    if (forms.length === 0) continue;
                    const allowed = documentedKeys(forms);
                    const guessed = requiredKeys(s).filter((k) => !allowed.has(k.toLowerCase()));
                    if (guessed.length > 0) {
                        const pages = [...new Set(forms.map((f) => `${f.page.title} (${f.page.url})`))].join("; ");
                        out.push({
                            urn: r.urn,
                            message: `${label}: requires ${guessed.join(", ")}, which AWS does not document ${principal} sending here (${forms.map((f) => f.id).join(", ")}: ${pages}); if the request lacks it the statement never matches and the service fails silently — use the documented form (${forms[0].example})`,
                        });
                    }
                }
            }
        }
    }
    return out;
}

export const serviceStatementsDocumented: StackValidationPolicy = stackRule(
    {
        name: "service-statements-documented",
        description:
            "A statement that trusts a service principal or lets it use a key, queue, topic or bucket requires no condition key that the caller's documented form (policies/lib/documented-forms.ts) does not list.",
        remediationSteps:
            "Write the statement in the documented form of its registry entry (the entry names the page); drop a condition key the page does not document, and say in docs/ what protects the grant instead; for a new caller, add its entry with the page's title, URL and quoted statement.",
        enforcementLevel: "advisory",
    },
    (args, report) => {
        for (const f of serviceStatementFindings(args.resources)) report(f.message, f.urn);
    },
);
