// Policy web-identity-trust: a role trusted by an OIDC provider (e.g. GitHub Actions) must bind the
// token's audience (`HOST:aud`) and subject (`HOST:sub`), judged by the condition evaluator: a token of
// another audience, or of another subject (another repository), must not be admitted. IAM User Guide,
// "Create a role for OpenID Connect federation" and "Available keys for AWS web identity federation";
// GitHub Docs, "Configuring OpenID Connect in Amazon Web Services" (aud sts.amazonaws.com, sub repo:…).
import { ResourceValidationPolicy } from "@pulumi/policy";
import { Finding, patternCovers } from "./lib/analysis";
import { evaluateConditions, request } from "./lib/conditions";
import { statementLabel } from "./lib/documents";
import { documentRule } from "./lib/rule";

const PROBE_AUDIENCE = "probe-audience-of-another-client";
const PROBE_SUBJECT = "repo:probe-attacker/probe-repo:ref:refs/heads/main";

export const webIdentityTrust: ResourceValidationPolicy = documentRule(
    {
        name: "web-identity-trust",
        description:
            "A trust policy admitting an OIDC provider (sts:AssumeRoleWithWebIdentity) must bind the token's audience (HOST:aud) and subject (HOST:sub) so that no other client or repository can assume the role.",
        remediationSteps:
            'Add Condition {"StringEquals": {"HOST:aud": "sts.amazonaws.com"}, "StringLike": {"HOST:sub": "repo:ORG/REPO:*"}}.',
        enforcementLevel: "mandatory",
    },
    (doc, kind) => {
        if (kind !== "trust") {
            return [];
        }
        const out: Finding[] = [];
        for (const s of doc.statements) {
            const providers = (s.principal?.federated ?? []).filter((f) => /:oidc-provider\//.test(f));
            if (s.effect !== "Allow" || providers.length === 0) {
                continue;
            }
            if (!(s.actions ?? []).some((a) => patternCovers(a, "sts:AssumeRoleWithWebIdentity"))) {
                continue;
            }
            for (const p of providers) {
                const host = p.slice(p.indexOf(":oidc-provider/") + ":oidc-provider/".length).toLowerCase();
                const aud = `${host}:aud`;
                const sub = `${host}:sub`;
                // Each claim is probed alone, the other left free: either one unbound lets another client or
                // another repository in.
                const probes: [string, string, Record<string, string>][] = [
                    ["a token for another audience", aud, { [aud]: PROBE_AUDIENCE }],
                    ["a token without an audience", aud, {}],
                    [`a token of another subject (${PROBE_SUBJECT})`, sub, { [sub]: PROBE_SUBJECT }],
                    ["a token without a subject", sub, {}],
                ];
                const open = probes
                    .filter(
                        ([, key, values]) =>
                            evaluateConditions(
                                s.conditions,
                                request(values, (k) => k !== key),
                            ) !== false,
                    )
                    .map(([label]) => label);
                if (open.length > 0) {
                    out.push({
                        statement: s,
                        message: `${statementLabel(s)}: admits ${p} for ${open.join(", ")}; bind ${aud} and ${sub}`,
                    });
                }
            }
        }
        return out;
    },
);
