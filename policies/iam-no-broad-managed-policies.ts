// Policy iam-no-broad-managed-policies.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule, stringList } from "./lib/rule";
const BROAD_MANAGED =
    /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|.*FullAccess(-v2)?)$/;

export const iamNoBroadManagedPolicies: ResourceValidationPolicy = resourceRule<{ allowedPolicyArns?: string[] }>(
    {
        name: "iam-no-broad-managed-policies",
        description:
            "Roles must not get AWS managed AdministratorAccess, PowerUserAccess, IAMFullAccess or *FullAccess policies.",
        remediationSteps: "Attach a customer managed or inline policy naming the actions and resources the role needs.",
        enforcementLevel: "mandatory",
        config: {
            allowedPolicyArns: stringList("Managed policy ARNs accepted anyway."),
        },
    },
    (args, report, config) => {
        let arns: string[] = [];
        if (
            args.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" ||
            args.type === "aws:iam/policyAttachment:PolicyAttachment"
        ) {
            arns = [String(args.props.policyArn)];
        } else if (args.type === "aws:iam/role:Role" || args.type === "aws-native:iam:Role") {
            const v = args.props.managedPolicyArns;
            arns = Array.isArray(v) ? v.map(String) : [];
            if (arns.length === 0) {
                args.notApplicable("no managed policy attached");
            }
        } else {
            args.notApplicable("not a role or a policy attachment");
        }
        for (const arn of arns) {
            if (BROAD_MANAGED.test(arn) && !(config.allowedPolicyArns ?? []).includes(arn)) {
                report(`attaches the AWS managed policy ${arn}, which grants far more than any one workload needs`);
            }
        }
    },
);
