import * as pulumi from "@pulumi/pulumi";
import * as kms from "@pulumi/aws/kms";
import { AccountContext, domainKeyPolicy, PolicyDocument, profileCallerPolicy } from "../common/policy-documents";
import { DOMAIN_NAME, IAM_PRINCIPAL_ARN, OBJECT_TYPE_NAME } from "../common/names";
import { notValid } from "../common/problems";
import { ArgsError } from "../common/errors";
import { customerManagedKey } from "../common/customer-managed-key";
import { bootstrapRoleNamePrefixProblems, ciRolesOf, withCiKeyAccess } from "../common/ci-key-access";

/** Arguments of {@link DomainKey}. */
export interface DomainKeyArgs {
    /**
     * The Customer Profiles domain the key protects ({@link DOMAIN_NAME}); the service may use the
     * key only for it. It also names the alias `alias/customer-profiles/DOMAIN`.
     * @default — required
     */
    domainName: string;
    /**
     * Account, region and partition of the stack: every policy condition and ARN is built from them.
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * IAM role or user ARNs ({@link IAM_PRINCIPAL_ARN}) that call the Customer Profiles APIs. They get
     * kms:Decrypt and kms:GenerateDataKey on the key, and only when the request comes through
     * Customer Profiles. Each must exist when the key policy is written.
     * @default — none
     */
    profileApiCallers?: string[];
    /**
     * AppFlow connector profiles whose client-credentials secret is encrypted with this key; AppFlow
     * may decrypt through Secrets Manager for those profiles only.
     * @default — none
     */
    appflowSecretConnectorProfiles?: string[];
    /**
     * The domain's object types encrypted with this key (`OBJECT_TYPE_NAME`): Customer Profiles may
     * use the key for each of them under its own source ARN (`objectTypeSourceArns` in
     * components/common/policy-documents.ts), and for no other object type.
     * @default — none
     */
    objectTypeNames?: string[];
    /**
     * The bootstrap's `roleNamePrefix`, when the stack is deployed by the bootstrap's roles
     * (`bootstrapRoles: true`): the key policy names the stack's CI roles PREFIX-deploy-STACK,
     * PREFIX-operator-STACK and PREFIX-reingest-STACK, and the account's PREFIX-preview
     * (components/common/ci-key-access.ts), which
     * hold nothing on the key in IAM.
     * @default — none (no CI role in the key policy)
     */
    bootstrapRoleNamePrefix?: string;
    /**
     * The domain's dead-letter queue is encrypted with this key: with `bootstrapRoleNamePrefix`, the
     * CI operator role may decrypt through SQS, the re-ingestion role through SQS and Customer Profiles.
     * @default false
     */
    deadLetterQueue?: boolean;
    /**
     * Protect the key from deletion: deleting it makes every profile unreadable.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

/** Pure validation of {@link DomainKeyArgs}; returns every problem. */
export function validateDomainKeyArgs(args: DomainKeyArgs): string[] {
    const problems: string[] = [];
    if (!DOMAIN_NAME.test(args.domainName)) problems.push(notValid("domainName", args.domainName, DOMAIN_NAME.form));
    for (const p of args.profileApiCallers ?? [])
        if (!IAM_PRINCIPAL_ARN.test(p)) problems.push(notValid("profileApiCallers", p, IAM_PRINCIPAL_ARN.form));
    for (const t of args.objectTypeNames ?? [])
        if (!OBJECT_TYPE_NAME.test(t)) problems.push(notValid("objectTypeNames", t, OBJECT_TYPE_NAME.form));
    problems.push(...bootstrapRoleNamePrefixProblems(args.bootstrapRoleNamePrefix));
    return problems;
}

/**
 * The customer managed, symmetric KMS key that encrypts all of a Customer Profiles domain's data
 * at rest (profiles, objects, and the error messages of its dead-letter queue). Rotation is on,
 * deletion waits 30 days, and the key policy is set with the key, so the key never exists with a
 * wider or narrower policy than the one below:
 * - the account root administers the key (nobody else gets `kms:*`);
 * - `profile.amazonaws.com` gets exactly GenerateDataKey, CreateGrant and Decrypt, only for this
 *   account and this domain (`aws:SourceAccount`, `aws:SourceArn`), and for each of the domain's
 *   object types under the object type's own source ARN (`objectTypeNames`);
 * - the configured API callers get Decrypt and GenerateDataKey only through Customer Profiles;
 * - with `bootstrapRoleNamePrefix`, the stack's CI roles get what components/common/ci-key-access.ts
 *   gives them (the deploy role manages the key and uses it only through Customer Profiles).
 */
export class DomainKey extends pulumi.ComponentResource {
    public readonly key: kms.Key;
    public readonly alias: kms.Alias;
    public readonly keyArn: pulumi.Output<string>;
    /** The key policy, as a document. */
    public readonly policy: pulumi.Output<PolicyDocument>;
    /** The IAM policy that principals calling the Customer Profiles APIs must attach. */
    public readonly callerPolicy: pulumi.Output<PolicyDocument>;

    constructor(name: string, args: DomainKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("DomainKey", name, validateDomainKeyArgs(args));
        super("customer-profiles:index:DomainKey", name, {}, opts);
        const protect = args.protect ?? true;

        this.policy = pulumi.output(args.context).apply((ctx) =>
            withCiKeyAccess(
                domainKeyPolicy(ctx, {
                    domainName: args.domainName,
                    profileApiCallers: args.profileApiCallers ?? [],
                    appflowSecretConnectorProfiles: args.appflowSecretConnectorProfiles,
                    objectTypeNames: args.objectTypeNames,
                }),
                ctx,
                ciRolesOf(ctx, args.bootstrapRoleNamePrefix),
                { domainKey: true, deadLetterQueue: args.deadLetterQueue ?? false },
            ),
        );
        this.key = customerManagedKey(
            `${name}-key`,
            {
                description: `Customer Profiles domain ${args.domainName}: profiles, objects and dead-letter messages`,
                policy: this.policy,
                tags: args.tags,
            },
            { parent: this, protect },
        );
        this.alias = new kms.Alias(
            `${name}-key-alias`,
            { name: `alias/customer-profiles/${args.domainName}`, targetKeyId: this.key.keyId },
            { parent: this },
        );
        this.keyArn = this.key.arn;
        this.callerPolicy = pulumi
            .all([args.context, this.key.arn])
            .apply(([ctx, arn]) => profileCallerPolicy(ctx, arn));
        this.registerOutputs({
            keyArn: this.keyArn,
            aliasName: this.alias.name,
            policy: this.policy,
            callerPolicy: this.callerPolicy,
        });
    }
}
