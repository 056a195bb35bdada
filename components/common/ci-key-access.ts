// The bootstrap's CI roles in the stack's key policies (issue 20, "tag, then use").
//
// A stack deployed by the bootstrap's roles (`bootstrapRoles: true`) manages and uses its keys
// through their key policies, which name its deploy, operator, re-ingestion and preview roles, not through
// IAM statements on `key/*` conditioned on the stack's tag: KMS authorizes the tags of CreateKey as
// kms:TagResource, which "at a minimum" must cover every key of the account and Region (AWS KMS
// Developer Guide, "Managing KMS key tags with API operations",
// https://docs.aws.amazon.com/kms/latest/developerguide/manage-tags-api.html), so a tag-scoped grant
// reached any untagged key the deploy role gave the stack's tag. A key policy is a resource policy
// of its key alone: what it names reaches no other key, whatever that key's tags.
//
// - A key policy alone can give a principal of the key's account access to the key (AWS KMS
//   Developer Guide, "KMS key access and permissions",
//   https://docs.aws.amazon.com/kms/latest/developerguide/control-access.html: "You can use the key
//   policy alone to control access"; "Key policies in AWS KMS",
//   https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html: "Unless the key policy
//   explicitly allows it, you cannot use IAM policies to allow access to a KMS key", so the default
//   key policy's delegation to IAM is what a tag-scoped IAM grant relied on). An explicit Deny of
//   the role's own IAM policies still wins (the bootstrap's DenyKeyMaterialOutsideServices, DenyChangingTheStackTag,
//   DenyKeyPolicyLockoutBypass: IAM User Guide, "Policy evaluation logic").
// - CreateKey with a policy: "The key policy must allow the calling principal to make a subsequent
//   PutKeyPolicy request on the KMS key" unless BypassPolicyLockoutSafetyCheck, which the deploy role
//   is denied (AWS KMS API Reference, CreateKey, Policy,
//   https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html). The deploy role's
//   statement holds kms:PutKeyPolicy, and every key is created with it (a key whose final policy a
//   separate kms.KeyPolicy installs is created with these statements too), so the check passes
//   without any IAM grant on the key.
// - Aliases: CreateAlias/UpdateAlias/DeleteAlias need permission on the alias and on every key
//   affected, the key side in the key policy or in an IAM policy the key policy delegates to (AWS
//   KMS Developer Guide, "Controlling access to aliases",
//   https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html): the alias side stays in
//   the deploy role's IAM policy (the stack's alias names), the key side is here.
// - The principals must exist when the policy is written (AWS KMS API Reference, CreateKey, Policy:
//   "The principals in the key policy must exist and be visible to KMS"): the bootstrap creates
//   these roles before any deployment of the stack (docs/bootstrap.md).
//
// The actions come from bootstrap/lib/permissions.ts (keyActionClasses, OPERATOR_KEY_READS,
// DEAD_LETTERS_THROUGH_SQS, REINGEST_KEY_USE_THROUGH_PROFILES, previewKeyActions): the data every other grant of the bootstrap's roles is
// generated from, so the key policies and the deploy role's IAM policy cannot drift apart.
import {
    KEY_VIA_SERVICES,
    keyActionClasses,
    OPERATOR_KEY_READS,
    DEAD_LETTERS_THROUGH_SQS,
    previewKeyActions,
    REINGEST_KEY_USE_THROUGH_PROFILES,
} from "../../bootstrap/lib/permissions";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ROLE_NAME_PREFIX, ROLE_NAME_PREFIX_PATTERN } from "./boundary";
import { AccountContext, PolicyDocument, PolicyStatement } from "./policy-documents";
import { notValid } from "./problems";

/** The CI roles the bootstrap creates per stack environment, and the preview role of its account. */
export const CI_ROLES = ["deploy", "operator", "reingest"] as const;
export type CiRole = (typeof CI_ROLES)[number];

/**
 * The IAM role name of CI role ROLE of stack environment NAME (or of the preview role):
 * PREFIX-ROLE-NAME, PREFIX-preview. The bootstrap requires an environment's name to equal its stack
 * (bootstrap/lib/config.ts), so NAME is the stack's name.
 */
export function ciRoleName(prefix: string, role: CiRole | "preview", name?: string): string {
    return role === "preview" ? `${prefix}-preview` : `${prefix}-${role}-${name}`;
}

/** The ARNs of a stack's CI roles and of the preview role (path `/`: bootstrap/lib/roles.ts sets none). */
export type CiRoleArns = Record<CiRole | "preview", string>;

export function ciRoleArns(
    ctx: Pick<AccountContext, "partition" | "accountId">,
    stack: string,
    prefix = DEFAULT_ROLE_NAME_PREFIX,
): CiRoleArns {
    const arn = (role: CiRole | "preview") =>
        `arn:${ctx.partition}:iam::${ctx.accountId}:role/${ciRoleName(prefix, role, stack)}`;
    return { deploy: arn("deploy"), operator: arn("operator"), reingest: arn("reingest"), preview: arn("preview") };
}

/** What a key is to the CI roles. */
export interface CiKeyUse {
    /**
     * The domain key: the deploy role uses it through Customer Profiles (object types).
     * @default false
     */
    domainKey?: boolean;
    /**
     * The domain's dead-letter queue is encrypted with this key: the operator and re-ingestion roles
     * read its messages through SQS (re-ingestion also writes through Customer Profiles).
     * @default false
     */
    deadLetterQueue?: boolean;
}

const via = (ctx: AccountContext, services: string[]) => {
    const names = services.map((s) => `${s}.${ctx.region}.amazonaws.com`);
    return names.length === 1 ? names[0] : names;
};

/**
 * The key-policy statements naming the stack's CI roles: the deploy role manages the key and lets
 * AWS services create grants on it (kms:GrantIsForAWSResource, AWS KMS Developer Guide, "AWS KMS
 * condition keys", https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html); on the
 * domain key it uses key material only through Customer Profiles; the operator reads the key's
 * state, rotation and policy (the doctor), the preview role what `pulumi preview` and `pulumi
 * refresh` read (grants only as a service lists them); on the key of the dead-letter queue the operator decrypts
 * only through SQS, the re-ingestion only through SQS and Customer Profiles (kms:ViaService, same
 * page; GenerateDataKey only through Customer Profiles: it sends nothing to SQS), each only as a caller of
 * this account (kms:CallerAccount).
 */
export function ciKeyStatements(ctx: AccountContext, roles: CiRoleArns, use: CiKeyUse = {}): PolicyStatement[] {
    const deploy = keyActionClasses();
    const preview = previewKeyActions();
    // Every statement: one CI role, on this key ("*" in a key policy), under an optional condition.
    const allow = (sid: string, role: string, actions: string[], condition?: PolicyStatement["Condition"]) => ({
        Sid: sid,
        Effect: "Allow" as const,
        Principal: { AWS: role },
        Action: actions,
        Resource: "*",
        ...(condition ? { Condition: condition } : {}),
    });
    const forAwsServices = { Bool: { "kms:GrantIsForAWSResource": "true" } };
    const statements: PolicyStatement[] = [
        allow("CiDeployRoleManagesKey", roles.deploy, deploy.onKey),
        allow("CiDeployRoleGrantsForAwsServices", roles.deploy, deploy.grants, forAwsServices),
        allow("CiOperatorRoleReadsKey", roles.operator, [...OPERATOR_KEY_READS]),
        allow("CiPreviewRoleReadsKey", roles.preview, preview.reads),
        allow("CiPreviewRoleListsGrantsForAwsServices", roles.preview, preview.grants, forAwsServices),
    ];
    const material = (sid: string, role: string, actions: string[], services: string[]): PolicyStatement =>
        allow(sid, role, actions, {
            StringEquals: { "kms:ViaService": via(ctx, services), "kms:CallerAccount": ctx.accountId },
        });
    if (use.domainKey)
        statements.push(
            material("CiDeployRoleDataKeysThroughCustomerProfiles", roles.deploy, deploy.dataKeys, KEY_VIA_SERVICES),
        );
    if (use.deadLetterQueue)
        statements.push(
            material(
                "CiOperatorRoleDecryptsDeadLettersThroughSqs",
                roles.operator,
                DEAD_LETTERS_THROUGH_SQS.actions,
                DEAD_LETTERS_THROUGH_SQS.via,
            ),
            material(
                "CiReingestRoleDecryptsDeadLettersThroughSqs",
                roles.reingest,
                DEAD_LETTERS_THROUGH_SQS.actions,
                DEAD_LETTERS_THROUGH_SQS.via,
            ),
            material(
                "CiReingestRoleWritesThroughCustomerProfiles",
                roles.reingest,
                REINGEST_KEY_USE_THROUGH_PROFILES.actions,
                REINGEST_KEY_USE_THROUGH_PROFILES.via,
            ),
        );
    return statements;
}

/** A key policy with the CI roles' statements appended (none without `roles`). */
export function withCiKeyAccess(
    doc: PolicyDocument,
    ctx: AccountContext,
    roles: CiRoleArns | undefined,
    use: CiKeyUse = {},
): PolicyDocument {
    return roles ? { ...doc, Statement: [...doc.Statement, ...ciKeyStatements(ctx, roles, use)] } : doc;
}

/** The form of a component's `bootstrapRoleNamePrefix`. */
export const BOOTSTRAP_ROLE_NAME_PREFIX_FORM = "the bootstrap's roleNamePrefix: 1-32 letters, digits or +=,.@_-";

/** Problems of a component's `bootstrapRoleNamePrefix` argument (undefined: no CI roles). */
export function bootstrapRoleNamePrefixProblems(prefix: string | undefined): string[] {
    return prefix === undefined || ROLE_NAME_PREFIX_PATTERN.test(prefix)
        ? []
        : [notValid("bootstrapRoleNamePrefix", prefix, BOOTSTRAP_ROLE_NAME_PREFIX_FORM)];
}

/** The stack's CI roles for a component's `bootstrapRoleNamePrefix` (none without one). */
export function ciRolesOf(ctx: AccountContext, prefix: string | undefined): CiRoleArns | undefined {
    return prefix === undefined ? undefined : ciRoleArns(ctx, pulumi.getStack(), prefix);
}
