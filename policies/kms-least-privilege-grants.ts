// Policy kms-least-privilege-grants: kms:* only for the account root; CreateGrant, RetireGrant and
// RevokeGrant only with the binding the statement needs, judged by what KMS/IAM would decide.
//
// CreateGrant (key and identity policies): the evaluator is asked about grant requests an insider
// could make with the statement (lib/kms.ts grantProbes): a grant made directly for another account's
// principal, a grant made directly with a wide operation (CreateGrant, RetireGrant, …), and, when the
// statement limits kms:GrantOperations, a grant with a wide operation through each service it names.
// A statement bound to a service (kms:ViaService, kms:GrantIsForAWSResource) refuses the direct ones;
// a limit on kms:GrantOperations holds only in its ForAllValues form (AWS KMS Developer Guide, "AWS KMS
// condition keys", section kms:GrantOperations: ForAllValues "limits the grant operations to those
// specified in the policy condition", with ForAnyValue "Other grant operations are permitted"; IAM User
// Guide, "Single-valued vs. multivalued context keys").
// RetireGrant/RevokeGrant in a key policy, for anyone but the account root: only when a service acts
// (kms:GrantIsForAWSResource applies to RevokeGrant: AWS KMS Developer Guide, "Controlling access to
// grants"); a direct call may remove grants other principals rely on.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { stackContext } from "./lib/access";
import { onlyAccountRoots, patternCovers } from "./lib/analysis";
import { Statement, statementLabel } from "./lib/documents";
import { conditionsAdmit, conditionValuesUnknown, DEFAULT_GRANT_OPERATIONS, grantProbes, retireProbe } from "./lib/kms";
import { stackRule, stringList } from "./lib/rule";
import { cannotJudge } from "./lib/stack";
import { documentsForJudging } from "./lib/stackdocs";

interface Outcome {
    violations: { message: string; urn: string }[];
    unjudged: string[];
}

const covers = (s: Statement, action: string) => (s.actions ?? []).some((p) => patternCovers(p, action));

function judge(
    r: PolicyResource,
    where: string,
    kind: "key" | "identity",
    s: Statement,
    account: string | undefined,
    allowed: string[],
    out: Outcome,
): void {
    if (s.effect !== "Allow" || !s.actions) {
        return;
    }
    const root = onlyAccountRoots(s.principal);
    const label = `${where}: ${statementLabel(s)}`;
    if (kind === "key" && !root && s.actions.some((a) => a === "*" || a.toLowerCase() === "kms:*")) {
        out.violations.push({
            message: `${label}: kms:* is granted to a principal other than the account root; grant the named actions it needs`,
            urn: r.urn,
        });
        return;
    }
    if (kind === "key") {
        const p = s.principal;
        const serviceOnly = !!p && !p.any && p.aws.length === 0 && p.service.length > 0;
        const sourceBound = Object.values(s.conditions).some((b) =>
            Object.keys(b).some((k) => /^aws:Source(Account|Arn|OrgID|OrgPaths|Owner)$/i.test(k)),
        );
        if (root || (serviceOnly && sourceBound)) {
            // The root delegates to IAM; a service bound to its source creates grants for itself
            // (confused-deputy-source-conditions judges that binding).
            return;
        }
    }
    const grants = covers(s, "kms:CreateGrant");
    const retires = kind === "key" && (covers(s, "kms:RetireGrant") || covers(s, "kms:RevokeGrant"));
    if (!grants && !retires) {
        return;
    }
    if (conditionValuesUnknown(s)) {
        out.unjudged.push(`${r.name} ${label}: a condition value is unknown until apply`);
        return;
    }
    if (!account) {
        out.unjudged.push(`${r.name} ${label}: this stack's account (no ARN in the plan names it)`);
        return;
    }
    if (grants) {
        const admitted = grantProbes(s, account, allowed).filter((p) => conditionsAdmit(s, p) !== false);
        const unbound = admitted.filter((p) => p.what === "unbound");
        const ops = admitted.filter((p) => p.what === "operations");
        if (unbound.length > 0) {
            out.violations.push({
                message: `${label}: kms:CreateGrant is not bound to a service (kms:ViaService, kms:GrantIsForAWSResource) or to this account's grantees (kms:GranteePrincipal): KMS would allow ${unbound.map((p) => p.label).join("; ")}`,
                urn: r.urn,
            });
        } else if (ops.length > 0) {
            const more = ops.length > 2 ? ` and ${ops.length - 2} more` : "";
            out.violations.push({
                message: `${label}: its grant operations can widen beyond ${allowed.join(", ")} (limit them with ForAllValues:StringEquals kms:GrantOperations): KMS would allow ${ops
                    .slice(0, 2)
                    .map((p) => p.label)
                    .join("; ")}${more}`,
                urn: r.urn,
            });
        }
    }
    if (retires && conditionsAdmit(s, retireProbe(account)) !== false) {
        out.violations.push({
            message: `${label}: kms:RetireGrant/kms:RevokeGrant without a service binding lets the principal remove grants others rely on: KMS would allow ${retireProbe(account).label}`,
            urn: r.urn,
        });
    }
}

/** What the rule finds on a stack: used by the policy and by tests. */
export function kmsGrantFindings(
    all: PolicyResource[],
    allowed: string[] = DEFAULT_GRANT_OPERATIONS,
): Outcome & { documents: number } {
    const ctx = stackContext(all);
    const out: Outcome & { documents: number } = { violations: [], unjudged: [], documents: 0 };
    for (const r of all) {
        const { docs, unjudged } = documentsForJudging(r);
        for (const h of docs) {
            if (h.kind !== "key" && h.kind !== "identity") {
                continue;
            }
            out.unjudged.push(...unjudged);
            out.documents++;
            for (const s of h.doc.statements) {
                judge(r, h.property, h.kind, s, ctx.account, allowed, out);
            }
        }
    }
    return out;
}

export const kmsLeastPrivilegeGrants: StackValidationPolicy = stackRule<{ allowedOperations?: string[] }>(
    {
        name: "kms-least-privilege-grants",
        description:
            "kms:* only for the account root in key policies; kms:CreateGrant only bound to a service (kms:ViaService, kms:GrantIsForAWSResource) or to this account's grantees, with grant operations that cannot widen (ForAllValues, no CreateGrant); kms:RetireGrant/RevokeGrant in key policies only through a service — as KMS/IAM would decide.",
        remediationSteps:
            'Grant named KMS actions; bind CreateGrant with StringEquals kms:ViaService = "SERVICE.REGION.amazonaws.com" or Bool kms:GrantIsForAWSResource = true, and limit it with ForAllValues:StringEquals kms:GrantOperations = ["Decrypt", …] (never CreateGrant).',
        enforcementLevel: "mandatory",
        config: {
            allowedOperations: stringList(
                "Grant operations a CreateGrant permission may give (CreateGrant and RetireGrant are never accepted).",
                DEFAULT_GRANT_OPERATIONS,
            ),
        },
    },
    (args, report, config) => {
        const allowed = (config.allowedOperations ?? DEFAULT_GRANT_OPERATIONS).filter(
            (o) => o !== "CreateGrant" && o !== "RetireGrant",
        );
        const { violations, unjudged, documents } = kmsGrantFindings(args.resources, allowed);
        if (documents === 0) {
            args.notApplicable("no key or identity policy in the stack");
        }
        for (const v of violations) {
            report(v.message, v.urn);
        }
        cannotJudge([...new Set(unjudged)], "value not known from the plan");
    },
);
