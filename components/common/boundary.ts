// The permissions boundary every IAM role of the program carries. The bootstrap (bootstrap/) creates
// it, per stack, as a customer managed policy; the stack's deploy role may create or change a role
// only when the role carries exactly this boundary (condition key iam:PermissionsBoundary: IAM User
// Guide, "Permissions boundaries for IAM entities", the delegation example; AWS CDK Developer
// Guide, "Create and apply permissions boundaries"). The ARN is derived from the account and the
// stack alone, so the program and the bootstrap name the same policy without configuration.
import * as pulumi from "@pulumi/pulumi";
import { AccountContext } from "./policy-documents";

/** IAM path of the boundary policies (IAM User Guide, "IAM identifiers": paths). */
export const BOUNDARY_PATH = "/connect-customer-profiles/";

/** The boundary policy's name for a stack: `boundary-STACK` (stack names are [A-Za-z0-9_.-], valid in policy names). */
export function boundaryPolicyName(stack: string): string {
    return `boundary-${stack}`;
}

/** arn:PARTITION:iam::ACCOUNT:policy/connect-customer-profiles/boundary-STACK */
export function permissionsBoundaryArn(ctx: Pick<AccountContext, "partition" | "accountId">, stack: string): string {
    return `arn:${ctx.partition}:iam::${ctx.accountId}:policy${BOUNDARY_PATH}${boundaryPolicyName(stack)}`;
}

/** The boundary of this stack's roles, for a role's `permissionsBoundary` input. */
export function stackPermissionsBoundary(context: pulumi.Input<AccountContext>): pulumi.Output<string> {
    const stack = pulumi.getStack();
    return pulumi.output(context).apply((ctx) => permissionsBoundaryArn(ctx, stack));
}
