// Policy transport-tls-only: every bucket, queue and topic policy denies requests over plain HTTP.
//
// Judged with the condition evaluator (lib/conditions.ts), not by text: for each bucket, queue and topic
// of the plan (classic and aws-native, created by the program or not) and each separate policy resource
// whose target is not in the plan, plain-HTTP requests (aws:SecureTransport "false") from a role of this
// account, a role of another account and an anonymous caller, for the service's data and read actions,
// must each be denied by a Deny statement to everyone. Split statements, an added Deny, `BoolIfExists`
// and lists that still deny pass; a removed statement, `"true"` instead of `"false"`, a Deny narrowed to
// some principals, actions or resources, or a Deny conditioned on a key the caller controls
// (aws:SourceVpce, aws:SourceIp …) do not. Sources: lib/storage.ts.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { PROBE_ACCOUNT } from "./lib/access";
import { stackRule } from "./lib/rule";
import { cannotJudge, ofType, UNKNOWN_VALUE } from "./lib/stack";
import {
    arnOf,
    BUCKET_TYPES,
    governedArns,
    Guarded,
    guardedKind,
    plainHttpAdmitted,
    POLICY_RESOURCE_TYPES,
    policyHoldersOf,
    QUEUE_TYPES,
    safeContext,
    serviceOf,
    statementsOf,
    TOPIC_TYPES,
} from "./lib/storage";

const MAX_LISTED = 3;

function admittedMessage(what: string, kind: Guarded, admitted: string[]): string {
    const shown = admitted.slice(0, MAX_LISTED).join("; ");
    const more = admitted.length > MAX_LISTED ? ` and ${admitted.length - MAX_LISTED} more` : "";
    return `${what}: plain-HTTP requests (aws:SecureTransport "false") are not denied: ${shown}${more}; add a statement that denies ${serviceOf(kind)}:* to Principal "*" on it when aws:SecureTransport is "false"`;
}

export const transportTlsOnly: StackValidationPolicy = stackRule(
    {
        name: "transport-tls-only",
        description:
            'Every S3 bucket, SQS queue and SNS topic (classic and aws-native) has a resource policy that denies every request over plain HTTP (Deny, Principal "*", aws:SecureTransport "false"), judged by what IAM would decide.',
        remediationSteps:
            'Keep the DenyInsecureTransport statement (Effect Deny, Principal "*", Action SERVICE:*, the resource and, for buckets, its objects, Condition Bool aws:SecureTransport "false") in the resource\'s policy.',
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const all = args.resources;
        const targets = ofType(all, ...BUCKET_TYPES, ...QUEUE_TYPES, ...TOPIC_TYPES);
        const orphans = ofType(all, ...POLICY_RESOURCE_TYPES);
        if (targets.length === 0 && orphans.length === 0) {
            args.notApplicable("no S3 bucket, SQS queue or SNS topic, nor a policy for one");
        }
        const ctx = safeContext(all);
        const unjudged: string[] = [];
        const covered = new Set<PolicyResource>();
        for (const r of targets) {
            const kind = guardedKind(r.type)!;
            const holders = policyHoldersOf(r, all);
            holders.forEach((h) => covered.add(h));
            const { statements, unjudged: hidden } = statementsOf(holders);
            const admitted = plainHttpAdmitted(kind, arnOf(r) ?? UNKNOWN_VALUE, statements, ctx, PROBE_ACCOUNT);
            if (admitted.length === 0) {
                continue;
            }
            if (hidden.length > 0) {
                unjudged.push(...hidden);
                continue;
            }
            if (statements.length === 0) {
                report(
                    `${kind} ${r.name} has no resource policy that denies plain-HTTP requests (aws:SecureTransport "false"); add one with a Deny of ${serviceOf(kind)}:* to Principal "*"`,
                    r.urn,
                );
                continue;
            }
            report(admittedMessage(`${kind} ${r.name}`, kind, admitted), r.urn);
        }
        // Policies for a bucket, queue or topic the plan does not hold (created elsewhere).
        for (const h of orphans.filter((o) => !covered.has(o))) {
            const { kind, arns } = governedArns(h);
            const { statements, unjudged: hidden } = statementsOf([h]);
            if (hidden.length > 0) {
                unjudged.push(...hidden);
                continue;
            }
            for (const arn of arns) {
                const admitted = plainHttpAdmitted(kind, arn, statements, ctx, PROBE_ACCOUNT);
                if (admitted.length > 0) {
                    const what = typeof arn === "string" ? `${h.name} (the policy of ${arn})` : h.name;
                    report(admittedMessage(what, kind, admitted), h.urn);
                }
            }
        }
        cannotJudge(unjudged, "the policy is not known from the plan");
    },
);
