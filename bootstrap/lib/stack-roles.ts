// The two roles of each stack whose trust never changes, created here rather than by the stack's
// deploy role (issue 20): a role the deploy role could create or whose trust it could rewrite could
// be trusted by another account, and no IAM condition key exposes the content of a trust policy
// (Service Authorization Reference, AWS Identity and Access Management: iam:CreateRole and
// iam:UpdateAssumeRolePolicy take iam:PermissionsBoundary and tag keys only,
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html).
// The bootstrap, run by an administrator, gives each its fixed trust and the stack's boundary; the
// main program (`bootstrapRoles: true`) puts their inline policies, so the permissions follow its
// resources, and the deploy role may only do that (guardrails.ts).
import {
    DEFAULT_ROLE_NAME_PREFIX,
    STACK_ROLE_KINDS,
    STACK_ROLE_PATH,
    StackRoleKind,
    stackRoleArn,
    stackRoleName,
} from "../../components/common/boundary";
import { firehoseDeliveryTrustPolicy } from "../../components/streaming/policies";
import { streamNamePattern } from "../../components/streaming/instance-streaming";
import { workflowRoleTrustPolicy } from "../../components/integrations/workflow-role";
import type { AccountContext, Environment } from "./scope";
import type { PolicyDocument } from "./policies";

export interface StackRole {
    kind: StackRoleKind;
    /** The role name the main program derives (components/common/boundary.ts stackRoleName). */
    name: string;
    path: string;
    arn: string;
    /** The one service the role is passed to (iam:PassedToService) and trusted by. */
    service: string;
    description: string;
    trust: PolicyDocument;
    maxSessionDuration: number;
}

/** The stack's two roles, with the trust the main program gives them when it creates them itself. */
export function stackRoles(account: AccountContext, env: Environment): StackRole[] {
    const ctx = { partition: account.partition, accountId: account.account, region: env.region ?? account.region };
    const prefix = env.roleNamePrefix ?? DEFAULT_ROLE_NAME_PREFIX;
    return STACK_ROLE_KINDS.map((kind) => {
        const base = {
            kind,
            name: stackRoleName(env.stack, kind, prefix),
            path: STACK_ROLE_PATH,
            arn: stackRoleArn(ctx, env.stack, kind, prefix),
            maxSessionDuration: 3600,
        };
        return kind === "ctr-delivery"
            ? {
                  ...base,
                  service: "firehose.amazonaws.com",
                  description: `Firehose delivers contact records of stack ${env.stack} to S3 (components/streaming/instance-streaming.ts)`,
                  // Firehose with sts:ExternalId = the account (components/streaming/policies.ts; Amazon Data
                  // Firehose Developer Guide, "Controlling access with Amazon Data Firehose", section "Allow
                  // Firehose to assume an IAM role",
                  // https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#firehose-assume-role).
                  // The stream name is not part of the trust, so one role serves every instance of the stack.
                  trust: firehoseDeliveryTrustPolicy(ctx, streamNamePattern(env.stack)) as PolicyDocument,
              }
            : {
                  ...base,
                  service: "profile.amazonaws.com",
                  description: `Customer Profiles integration workflows of domain ${env.domainName} (components/integrations/workflow-role.ts)`,
                  trust: workflowRoleTrustPolicy(ctx, env.domainName) as PolicyDocument,
              };
    });
}
