// Least privilege: over-broad actions, Not* elements, Resource "*" on resource-scoped actions, and
// broad AWS managed policies attached to roles.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { notElementFindings, starResourceFindings, wildcardActionFindings } from "./lib/analysis";
import { documentRule, resourceRule, stringList } from "./lib/rule";

export const noWildcardActions: ResourceValidationPolicy = documentRule<{ allowedActions?: string[] }>(
    {
        name: "iam-no-wildcard-actions",
        description:
            'Allow statements must not grant "*" or "service:*" actions (the account-root kms:* statement of a key policy excepted).',
        remediationSteps:
            "List the exact actions the principal needs (the AWS service authorization reference names them).",
        enforcementLevel: "mandatory",
        config: {
            allowedActions: stringList('Wildcard actions accepted anyway, e.g. ["logs:*"].'),
        },
    },
    (doc, kind, config) => wildcardActionFindings(doc, kind, config.allowedActions ?? []),
);

export const noNotElements: ResourceValidationPolicy = documentRule(
    {
        name: "iam-no-not-elements-with-allow",
        description:
            "Allow statements must not use NotAction, NotResource or NotPrincipal (they grant everything not listed).",
        remediationSteps:
            "Rewrite the statement with Action, Resource and Principal naming what is granted; use a Deny statement with Not* if you need an exception.",
        enforcementLevel: "mandatory",
    },
    (doc) => notElementFindings(doc),
);

export const noStarResource: ResourceValidationPolicy = documentRule<{ scopingConditionKeys?: string[] }>(
    {
        name: "iam-no-star-resource-on-scoped-actions",
        description:
            'Identity-policy Allow statements must not use Resource "*" for actions that support resource-level permissions, unless a condition (tag, kms:ViaService, source) scopes them.',
        remediationSteps:
            "Name the resource ARNs the actions act on (e.g. arn:aws:appflow:REGION:ACCOUNT:connectorprofile/NAME for appflow:UseConnectorProfile), or add a scoping condition such as aws:ResourceTag/… or kms:ViaService.",
        enforcementLevel: "mandatory",
        config: {
            scopingConditionKeys: stringList('Further condition keys accepted as scoping a Resource "*" statement.'),
        },
    },
    (doc, kind, config) => starResourceFindings(doc, kind, config.scopingConditionKeys ?? []),
);

const BROAD_MANAGED =
    /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|.*FullAccess(-v2)?)$/;

export const noBroadManagedPolicies: ResourceValidationPolicy = resourceRule<{ allowedPolicyArns?: string[] }>(
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
