// Policy iam-pass-role-bound: iam:PassRole names the roles and the one service they go to.
//
// IAM User Guide, "Grant a user permissions to pass a role to an AWS service": the PassRole permission
// is granted on the role's ARN (Resource) and narrowed to a service with the iam:PassedToService
// condition key. Judged with the condition evaluator, for every identity statement whose actions cover
// iam:PassRole (also through `iam:*`, `iam:Pass*` or `*`):
// - a request passing the role to another service (probe-other.amazonaws.com) must be denied;
// - Resource must not match every role of an account (`*`, `role/*`, any account);
// - where the pattern matches a role of this stack, it must not match other roles too (name the ARN);
// - a role of this stack that trusts one service only must not be passable to another service named
//   in the condition.
// Patterns for roles the stack does not hold (another stack's roles by prefix, as the bootstrap deploy
// role has) pass when iam:PassedToService binds them to one service.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { PROBE_ACCOUNT, stackContext } from "./lib/access";
import { patternCovers } from "./lib/analysis";
import { evaluateConditions, request, UNKNOWN } from "./lib/conditions";
import { Statement, statementLabel } from "./lib/documents";
import { hasWildcard, patternInstance, resourceMatches, serviceRoleServices } from "./lib/identity";
import { stackRule } from "./lib/rule";
import { siblingArns } from "./lib/sources";
import { cannotJudge, ofType, ROLE_TYPES, safeString } from "./lib/stack";
import { documentsForJudging, trustPolicy } from "./lib/stackdocs";

const PROBE_SERVICE = "probe-other.amazonaws.com";

interface OwnRole {
    arn: string;
    /** The services its trust policy admits, when it admits only services. */
    services: string[] | undefined;
}

function ownRoles(all: PolicyResource[], account: string): OwnRole[] {
    const out: OwnRole[] = [];
    for (const r of ofType(all, ...ROLE_TYPES)) {
        let arn = safeString(r.props, ["arn"]);
        if (typeof arn !== "string" || arn.includes(UNKNOWN)) {
            const name = safeString(r.props, ["name"]) ?? safeString(r.props, ["roleName"]);
            arn =
                typeof name === "string" && !name.includes(UNKNOWN)
                    ? `arn:aws:iam::${account}:role/${name}`
                    : undefined;
        }
        if (arn) {
            out.push({ arn, services: serviceRoleServices(trustPolicy(r)) });
        }
    }
    return out;
}

const passedTo = (s: Statement, service: string) =>
    evaluateConditions(
        s.conditions,
        request({ "iam:PassedToService": service }, (k) => k !== "iam:passedtoservice"),
    );

/** Literal service names a statement's conditions give for iam:PassedToService. */
function namedServices(s: Statement): string[] {
    const out: string[] = [];
    for (const block of Object.values(s.conditions)) {
        for (const [k, vs] of Object.entries(block)) {
            if (k.toLowerCase() === "iam:passedtoservice") {
                out.push(...vs.filter((v) => !/[*?]/.test(v)));
            }
        }
    }
    return [...new Set(out)];
}

export interface Outcome {
    violations: { message: string; urn: string }[];
    unjudged: string[];
}

export function passRoleFindings(all: PolicyResource[]): Outcome {
    const ctx = stackContext(all);
    const account = ctx.account ?? "000000000000";
    const roles = ownRoles(all, account);
    const out: Outcome = { violations: [], unjudged: [] };
    const every = [
        `arn:aws:iam::${account}:role/probe-other`,
        `arn:aws:iam::${account}:role/probe-path/probe-other`,
        `arn:aws:iam::${PROBE_ACCOUNT}:role/probe-other`,
    ];
    for (const r of all) {
        const { docs, unjudged } = documentsForJudging(r);
        if (r.type.startsWith("aws:iam/") || r.type.startsWith("aws-native:iam:")) {
            out.unjudged.push(...unjudged);
        }
        for (const h of docs.filter((d) => d.kind === "identity")) {
            for (const s of h.doc.statements) {
                if (s.effect !== "Allow" || !(s.actions ?? []).some((p) => patternCovers(p, "iam:PassRole"))) {
                    continue;
                }
                const at = `${h.property}: ${statementLabel(s)}`;
                const report = (message: string) => out.violations.push({ message: `${at}: ${message}`, urn: r.urn });
                const toOther = passedTo(s, PROBE_SERVICE);
                if (toOther === undefined) {
                    out.unjudged.push(`${r.name} ${at}: an iam:PassedToService value is unknown until apply`);
                } else if (toOther) {
                    report(
                        `iam:PassRole is not bound by iam:PassedToService (a request passing the role to ${PROBE_SERVICE} is allowed); add StringEquals iam:PassedToService = the one service that uses the role`,
                    );
                }
                if (s.notResources) {
                    report("iam:PassRole with NotResource passes every role not listed; name the role ARNs");
                    continue;
                }
                const matched: OwnRole[] = [];
                for (const p of s.resources ?? []) {
                    if (p.includes(UNKNOWN) && hasWildcard(p)) {
                        out.unjudged.push(`${r.name} ${at}: Resource "${p}" is unknown until apply`);
                        continue;
                    }
                    const matches = (arn: string) => resourceMatches(p, arn);
                    const anyRole = every.filter(matches);
                    if (anyRole.length > 0) {
                        report(
                            `iam:PassRole on Resource "${p}" passes any role (e.g. ${anyRole[0]}), an administrator's included; name the role ARNs`,
                        );
                        continue;
                    }
                    const own = roles.filter((x) => matches(x.arn));
                    matched.push(...own);
                    if (!hasWildcard(p) || own.length === 0) {
                        continue;
                    }
                    const others = [...own.flatMap((x) => siblingArns(x.arn)), patternInstance(p)].filter(
                        (a) => matches(a) && !roles.some((x) => x.arn === a),
                    );
                    if (others.length > 0) {
                        report(
                            `iam:PassRole on the pattern "${p}" passes this stack's ${own.map((x) => x.arn).join(", ")} and other roles too (e.g. ${others[0]}); name the role ARN`,
                        );
                    }
                }
                for (const role of matched) {
                    if (!role.services || role.services.length !== 1) {
                        continue;
                    }
                    const wrong = namedServices(s).filter((x) => x !== role.services![0] && passedTo(s, x) === true);
                    if (wrong.length > 0) {
                        report(
                            `passes ${role.arn}, which only ${role.services[0]} may assume, to ${wrong.join(", ")} as well; bind iam:PassedToService to ${role.services[0]}`,
                        );
                    }
                }
            }
        }
    }
    return out;
}

export const iamPassRoleBound: StackValidationPolicy = stackRule(
    {
        name: "iam-pass-role-bound",
        description:
            "iam:PassRole names the roles (no `*` or pattern over this stack's roles) and binds iam:PassedToService to the one service each role is for.",
        remediationSteps:
            'Grant iam:PassRole on the role\'s ARN with Condition StringEquals iam:PassedToService = the service its trust policy names (IAM User Guide, "Grant a user permissions to pass a role to an AWS service").',
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const { violations, unjudged } = passRoleFindings(args.resources);
        for (const v of violations) {
            report(v.message, v.urn);
        }
        cannotJudge(unjudged, "the plan does not show the value");
    },
);
