import * as pulumi from "@pulumi/pulumi";
import * as customerprofiles from "@pulumi/aws/customerprofiles";
import * as nativeProfiles from "@pulumi/aws-native/customerprofiles";
import { AccountContext, domainArn, PolicyDocument } from "../common/policy-documents";
import { DomainKey, validateDomainKeyArgs } from "./domain-key";
import { DeadLetterQueue } from "./dead-letter-queue";
import { notValid } from "../common/problems";
import { defaultExpirationDaysSchema } from "./config";
import { toNativeTags } from "../common/tags";
import { ArgsError } from "../common/errors";

/** The object type that Amazon Connect contact records are ingested as. */
export const CTR_OBJECT_TYPE = "CTR";
/** The AWS template for contact records that does not infer profiles from them. */
export const CTR_TEMPLATE = "CTR-NoInferred";

/** Arguments of {@link CustomerProfilesDomain}. */
export interface CustomerProfilesDomainArgs {
    /**
     * The domain's name: `DOMAIN_NAME` in components/common/names.ts (1–64 letters, digits, "_" or "-").
     *
     * **Create-only**: changing it replaces the domain and loses every profile in it, which is why
     * the domain is protected (docs/runbook.md, "Replacing a domain on purpose").
     * @default — required
     */
    domainName: string;
    /**
     * Days until profile data expires, 1 to `MAX_EXPIRATION_DAYS` ({@link defaultExpirationDaysSchema}).
     * @default — required (the stack configuration defaults it to 366)
     */
    defaultExpirationDays: number;
    /**
     * Create the encrypted dead-letter queue that receives the objects the domain failed to ingest.
     * @default true
     */
    deadLetterQueue?: boolean;
    /**
     * IAM principals that call the Customer Profiles APIs (see {@link DomainKeyArgs.profileApiCallers}).
     * @default — none
     */
    profileApiCallers?: string[];
    /**
     * AppFlow connector profiles whose client-credentials secret the domain key encrypts
     * (see {@link DomainKeyArgs.appflowSecretConnectorProfiles}).
     * @default — none
     */
    appflowSecretConnectorProfiles?: string[];
    /**
     * The object types the stack creates in the domain besides `CTR` (which this component creates):
     * the domain key admits Customer Profiles for each (see {@link DomainKeyArgs.objectTypeNames}).
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
     * Account, region and partition of the stack: every policy condition and ARN is built from them.
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * Protect the domain, its key and its queue from deletion and replacement.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

export function validateCustomerProfilesDomainArgs(args: CustomerProfilesDomainArgs): string[] {
    const problems = validateDomainKeyArgs({
        domainName: args.domainName,
        context: args.context,
        profileApiCallers: args.profileApiCallers,
        objectTypeNames: args.objectTypeNames,
        bootstrapRoleNamePrefix: args.bootstrapRoleNamePrefix,
    });
    const days = defaultExpirationDaysSchema.safeParse(args.defaultExpirationDays);
    if (!days.success)
        problems.push(notValid("defaultExpirationDays", args.defaultExpirationDays, days.error.issues[0].message));
    return problems;
}

/**
 * A Customer Profiles domain with its customer managed key, its optional dead-letter queue and the
 * `CTR` object type that Amazon Connect contact records map to. The domain is created only after
 * the key (with its policy) and the queue policy exist, so the service never meets a key or queue
 * that does not yet admit it.
 */
export class CustomerProfilesDomain extends pulumi.ComponentResource {
    public readonly key: DomainKey;
    public readonly deadLetterQueue?: DeadLetterQueue;
    public readonly domain: customerprofiles.Domain;
    public readonly ctrObjectType: nativeProfiles.ObjectType;
    public readonly domainName: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;
    public readonly callerPolicy: pulumi.Output<PolicyDocument>;

    constructor(name: string, args: CustomerProfilesDomainArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("CustomerProfilesDomain", name, validateCustomerProfilesDomainArgs(args));
        super("customer-profiles:index:CustomerProfilesDomain", name, {}, opts);
        const protect = args.protect ?? true;

        this.key = new DomainKey(
            name,
            {
                domainName: args.domainName,
                context: args.context,
                profileApiCallers: args.profileApiCallers,
                appflowSecretConnectorProfiles: args.appflowSecretConnectorProfiles,
                objectTypeNames: [CTR_OBJECT_TYPE, ...(args.objectTypeNames ?? [])],
                bootstrapRoleNamePrefix: args.bootstrapRoleNamePrefix,
                deadLetterQueue: args.deadLetterQueue ?? true,
                protect,
                tags: args.tags,
            },
            { parent: this },
        );
        if (args.deadLetterQueue ?? true) {
            this.deadLetterQueue = new DeadLetterQueue(
                name,
                {
                    domainName: args.domainName,
                    context: args.context,
                    kmsKeyArn: this.key.keyArn,
                    protect,
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        this.domain = new customerprofiles.Domain(
            `${name}-domain`,
            {
                domainName: args.domainName,
                defaultExpirationDays: args.defaultExpirationDays,
                defaultEncryptionKey: this.key.keyArn,
                deadLetterQueueUrl: this.deadLetterQueue?.url,
                tags: args.tags,
            },
            {
                parent: this,
                protect,
                // The key (created with its policy) and the queue policy must admit the service first.
                dependsOn: [this.key.key, ...(this.deadLetterQueue ? [this.deadLetterQueue.queuePolicy] : [])],
            },
        );
        this.ctrObjectType = new nativeProfiles.ObjectType(
            `${name}-ctr`,
            {
                domainName: this.domain.domainName,
                objectTypeName: CTR_OBJECT_TYPE,
                templateId: CTR_TEMPLATE,
                description: "Amazon Connect contact records (template CTR-NoInferred)",
                encryptionKey: this.key.keyArn,
                // No allowProfileCreation (nor fields, keys): the template sets them, and
                // PutProfileObjectType may refuse them next to a TemplateId (Customer Profiles API
                // reference, PutProfileObjectType, TemplateId).
                tags: toNativeTags(args.tags),
            },
            { parent: this },
        );
        this.domainName = this.domain.domainName;
        // The ARN the service uses as aws:SourceArn; the same string the key and queue policies name.
        this.arn = pulumi.all([args.context, this.domain.domainName]).apply(([ctx, n]) => domainArn(ctx, n));
        this.keyArn = this.key.keyArn;
        this.callerPolicy = this.key.callerPolicy;
        this.registerOutputs({
            domainName: this.domainName,
            arn: this.arn,
            keyArn: this.keyArn,
            ...(this.deadLetterQueue
                ? { deadLetterQueueUrl: this.deadLetterQueue.url, deadLetterQueueArn: this.deadLetterQueue.arn }
                : {}),
            callerPolicy: this.callerPolicy,
        });
    }
}
