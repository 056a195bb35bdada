// The permissions boundary every IAM role of the program carries. The bootstrap (bootstrap/) creates
// it, per stack, as a customer managed policy; the stack's deploy role may create or change a role
// only when the role carries exactly this boundary (condition key iam:PermissionsBoundary: IAM User
// Guide, "Permissions boundaries for IAM entities", the delegation example; AWS CDK Developer
// Guide, "Create and apply permissions boundaries"). The ARN is derived from the account and the
// stack alone, so the program and the bootstrap name the same policy without configuration.
import { createHash } from "crypto";
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

/**
 * The two roles of a stack whose trust never changes (the Firehose delivery role: Firehose with
 * `sts:ExternalId` = the account, components/streaming/policies.ts; the integration-workflow role:
 * Customer Profiles with `aws:SourceAccount`, components/integrations/workflow-role.ts). With
 * `bootstrapRoles: true` the bootstrap creates them, per stack, with that fixed trust and this
 * stack's boundary, and the program only puts their inline policies; the deploy role can then
 * neither create a role nor change a trust (docs/bootstrap.md).
 */
export type StackRoleKind = "ctr-delivery" | "integration-workflows";
export const STACK_ROLE_KINDS: readonly StackRoleKind[] = ["ctr-delivery", "integration-workflows"];

/** IAM role names: at most 64 characters of [\w+=,.@-] (IAM API Reference, CreateRole, RoleName). */
const ROLE_NAME_MAX = 64;

/**
 * The bootstrap's default `roleNamePrefix` (bootstrap/lib/config.ts): the CI roles are
 * PREFIX-preview, PREFIX-deploy-ENV, ..., and the stack's two roles PREFIX-STACK-KIND.
 */
export const DEFAULT_ROLE_NAME_PREFIX = "connect-profiles-ci";
/**
 * The form of that prefix, here and in the main program's `bootstrapRoleNamePrefix`: IAM role name
 * characters [\w+=,.@-], at most 32, so PREFIX-preview and the stack roles fit IAM's 64.
 */
export const ROLE_NAME_PREFIX_PATTERN = /^[A-Za-z0-9+=,.@_-]{1,32}$/;

/**
 * The IAM path of the stack's two roles: `/`. The roles are passed to Amazon Data Firehose and
 * Customer Profiles, and no page of either service says they accept a role ARN with a path; some
 * services are documented to reject one (App Runner: github.com/aws/apprunner-roadmap/issues/33;
 * Signer: github.com/aws/aws-sdk/issues/519). The boundary policy keeps its path
 * (BOUNDARY_PATH): a policy ARN is only ever read by IAM.
 */
export const STACK_ROLE_PATH = "/";

/**
 * The name of a stack's pre-created role: `PREFIX-STACK-KIND` (PREFIX the bootstrap's
 * `roleNamePrefix`; stack names are [A-Za-z0-9_.-], valid in role names). A name too long for
 * IAM's 64 characters keeps the prefix and the kind, cuts the stack name and adds 8 hexadecimal
 * characters of the stack name's SHA-256, so two long stack names sharing a beginning still get two names.
 */
export function stackRoleName(stack: string, kind: StackRoleKind, prefix = DEFAULT_ROLE_NAME_PREFIX): string {
    const plain = `${prefix}-${stack}-${kind}`;
    if (plain.length <= ROLE_NAME_MAX) return plain;
    const hash = createHash("sha256").update(stack).digest("hex").slice(0, 8);
    const keep = Math.max(0, ROLE_NAME_MAX - prefix.length - kind.length - hash.length - 3);
    const cut = stack.slice(0, keep).replace(/[-_.]+$/, "");
    return cut ? `${prefix}-${cut}-${hash}-${kind}` : `${prefix}-${hash}-${kind}`;
}

/** arn:PARTITION:iam::ACCOUNT:role/PREFIX-STACK-KIND (path `/`: STACK_ROLE_PATH). */
export function stackRoleArn(
    ctx: Pick<AccountContext, "partition" | "accountId">,
    stack: string,
    kind: StackRoleKind,
    prefix = DEFAULT_ROLE_NAME_PREFIX,
) {
    return `arn:${ctx.partition}:iam::${ctx.accountId}:role${STACK_ROLE_PATH}${stackRoleName(stack, kind, prefix)}`;
}

/** A role the program uses but does not create: its name (for inline policies) and its ARN (to pass it). */
export interface ExistingRole {
    name: string;
    arn: pulumi.Input<string>;
}

/** This stack's pre-created role of a kind, for the components' `existingRole`/`deliveryRole` argument. */
export function bootstrapRole(
    context: pulumi.Input<AccountContext>,
    kind: StackRoleKind,
    prefix = DEFAULT_ROLE_NAME_PREFIX,
): ExistingRole {
    const stack = pulumi.getStack();
    return {
        name: stackRoleName(stack, kind, prefix),
        arn: pulumi.output(context).apply((ctx) => stackRoleArn(ctx, stack, kind, prefix)),
    };
}
