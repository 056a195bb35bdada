// Policy-document builders: pure functions from plain strings to IAM policy documents.
//
// Every resource policy and key policy of the program is built here, so that the exact documents
// can be asserted in tests and read in one place. Components call them inside `pulumi.all(...).apply`.
// Every statement that names a service principal is bound to this account and to the one resource
// acting (`aws:SourceAccount` + `aws:SourceArn`): the confused-deputy protection AWS recommends.

export type PolicyPrincipal =
    "*" | { AWS?: string | string[]; Service?: string | string[]; Federated?: string | string[] };
export type ConditionBlock = Record<string, Record<string, string | string[] | boolean>>;

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: PolicyPrincipal;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: ConditionBlock;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Id?: string;
    Statement: PolicyStatement[];
}

/** Where the program runs: the facts every ARN and condition is built from. */
export interface AccountContext {
    /** AWS partition, `aws` unless in China or GovCloud. */
    partition: string;
    accountId: string;
    region: string;
}

export const CUSTOMER_PROFILES_SERVICE = "profile.amazonaws.com";

/** The ARN of a Customer Profiles domain: what `aws:SourceArn` must equal for its service calls. */
export function domainArn(ctx: AccountContext, domainName: string): string {
    return `arn:${ctx.partition}:profile:${ctx.region}:${ctx.accountId}:domains/${domainName}`;
}

export function accountRootArn(ctx: AccountContext): string {
    return `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
}

/**
 * The source ARNs under which Customer Profiles uses the domain key for the domain's object types:
 * each of the stack's object types of this domain, in both spellings AWS documents, and nothing else.
 * - Amazon Connect Administrator Guide, "Cross-service confused deputy prevention", example "Amazon
 *   Connect Customer Profiles policy to create Customer Profiles object types": `ArnEquals
 *   aws:SourceArn arn:aws:profile:REGION:ACCOUNT:domains/DOMAIN/objects/OBJECT_TYPE` with
 *   `StringEquals aws:SourceAccount` (https://docs.aws.amazon.com/connect/latest/adminguide/cross-service-confused-deputy-prevention.html);
 * - Service Authorization Reference, "Actions, resources, and condition keys for Amazon Connect
 *   Customer Profiles", resource type object-types:
 *   `arn:${Partition}:profile:${Region}:${Account}:domains/${DomainName}/object-types/${ObjectTypeName}`
 *   (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnectcustomerprofiles.html).
 * Which spelling the service sends is settled by no page: both are admitted, and the first
 * PutProfileObjectType naming this key proves one of them. The names are listed exactly (no `*`):
 * the stack knows every object type it creates, so nothing of another domain, and no object type the
 * stack does not create, is admitted.
 */
export function objectTypeSourceArns(ctx: AccountContext, domainName: string, objectTypeNames: string[]): string[] {
    const domain = domainArn(ctx, domainName);
    return [...new Set(objectTypeNames)].flatMap((t) => [`${domain}/objects/${t}`, `${domain}/object-types/${t}`]);
}

/** The condition that binds a service principal to this account and to one source resource. */
export function sourceBinding(ctx: AccountContext, sourceArn: string): ConditionBlock {
    return { StringEquals: { "aws:SourceAccount": ctx.accountId, "aws:SourceArn": sourceArn } };
}

/**
 * The account root administers the key (every KMS action, so that IAM policies in the account can
 * delegate key administration); no other principal gets `kms:*`.
 */
export function keyAdministrationStatement(ctx: AccountContext): PolicyStatement {
    return {
        Sid: "AccountRootAdministersKey",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(ctx) },
        Action: "kms:*",
        Resource: "*",
    };
}

/** The actions Customer Profiles needs on its domain key (and exactly those). */
export const CUSTOMER_PROFILES_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:CreateGrant", "kms:Decrypt"];
/** What principals calling the Customer Profiles APIs need on the domain key. */
export const PROFILE_CALLER_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];

export interface DomainKeyPolicyArgs {
    /**
     * The domain the key encrypts: the Customer Profiles statements are bound to its ARN.
     * @default — required
     */
    domainName: string;
    /**
     * IAM role or user ARNs that call the Customer Profiles APIs.
     * @default — required (may be empty)
     */
    profileApiCallers: string[];
    /**
     * AppFlow connector profiles whose client-credentials secret (in Secrets Manager) is encrypted
     * with this key: AppFlow decrypts it through Secrets Manager, for those profiles only.
     * @default — none
     */
    appflowSecretConnectorProfiles?: string[];
    /**
     * The object types of the domain encrypted with this key (the stack creates them): Customer
     * Profiles uses the key for each under the object type's own source ARN
     * ({@link objectTypeSourceArns}).
     * @default — none
     */
    objectTypeNames?: string[];
}

export const APPFLOW_SERVICE = "appflow.amazonaws.com";

/** The ARN of an AppFlow connector profile. */
export function connectorProfileArn(ctx: AccountContext, name: string): string {
    return `arn:${ctx.partition}:appflow:${ctx.region}:${ctx.accountId}:connectorprofile/${name}`;
}

/**
 * The domain key's policy: root administers; the Customer Profiles service uses the key only for
 * this domain; API callers decrypt and generate data keys only through Customer Profiles.
 */
export function domainKeyPolicy(ctx: AccountContext, args: DomainKeyPolicyArgs): PolicyDocument {
    const statements: PolicyStatement[] = [
        keyAdministrationStatement(ctx),
        {
            Sid: "CustomerProfilesUsesKeyForThisDomain",
            Effect: "Allow",
            Principal: { Service: CUSTOMER_PROFILES_SERVICE },
            Action: [...CUSTOMER_PROFILES_KEY_ACTIONS],
            Resource: "*",
            Condition: sourceBinding(ctx, domainArn(ctx, args.domainName)),
        },
    ];
    const objectTypes = objectTypeSourceArns(ctx, args.domainName, args.objectTypeNames ?? []);
    if (objectTypes.length > 0) {
        // Object types are encrypted with the domain key under their own source ARN, not the
        // domain's (see objectTypeSourceArns): a key bound to the domain ARN alone refuses them.
        statements.push({
            Sid: "CustomerProfilesUsesKeyForObjectTypes",
            Effect: "Allow",
            Principal: { Service: CUSTOMER_PROFILES_SERVICE },
            Action: [...CUSTOMER_PROFILES_KEY_ACTIONS],
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": ctx.accountId },
                ArnEquals: { "aws:SourceArn": objectTypes },
            },
        });
    }
    if (args.profileApiCallers.length > 0) {
        statements.push({
            Sid: "ProfileApiCallersUseKeyThroughCustomerProfiles",
            Effect: "Allow",
            Principal: {
                AWS: args.profileApiCallers.length === 1 ? args.profileApiCallers[0] : [...args.profileApiCallers],
            },
            Action: [...PROFILE_CALLER_KEY_ACTIONS],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:ViaService": `profile.${ctx.region}.amazonaws.com`,
                    "kms:CallerAccount": ctx.accountId,
                },
            },
        });
    }
    const profiles = args.appflowSecretConnectorProfiles ?? [];
    if (profiles.length > 0) {
        const arns = profiles.map((p) => connectorProfileArn(ctx, p));
        statements.push({
            Sid: "AppFlowDecryptsConnectorSecretsThroughSecretsManager",
            Effect: "Allow",
            Principal: { Service: APPFLOW_SERVICE },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": ctx.accountId,
                    "aws:SourceArn": arns.length === 1 ? arns[0] : arns,
                    "kms:ViaService": `secretsmanager.${ctx.region}.amazonaws.com`,
                },
            },
        });
    }
    return { Version: "2012-10-17", Id: `customer-profiles-domain-${args.domainName}`, Statement: statements };
}

/**
 * The IAM policy that principals calling the Customer Profiles APIs attach: explicit kms:Decrypt
 * (and GenerateDataKey, for writes) on the domain key, usable only through Customer Profiles.
 */
export function profileCallerPolicy(ctx: AccountContext, keyArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "UseCustomerProfilesDomainKey",
                Effect: "Allow",
                Action: [...PROFILE_CALLER_KEY_ACTIONS],
                Resource: keyArn,
                Condition: { StringEquals: { "kms:ViaService": `profile.${ctx.region}.amazonaws.com` } },
            },
        ],
    };
}

/** Denies every request to a resource that does not use TLS. */
export function denyInsecureTransport(service: "sqs" | "sns" | "s3", resources: string | string[]): PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: `${service}:*`,
        Resource: resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/**
 * The dead-letter queue's policy: only Customer Profiles, acting for this domain in this account,
 * may send messages; nobody may use the queue without TLS.
 */
export function deadLetterQueuePolicy(
    ctx: AccountContext,
    args: { domainName: string; queueArn: string },
): PolicyDocument {
    return {
        Version: "2012-10-17",
        Id: `customer-profiles-dlq-${args.domainName}`,
        Statement: [
            {
                Sid: "CustomerProfilesSendsErrorsForThisDomain",
                Effect: "Allow",
                Principal: { Service: CUSTOMER_PROFILES_SERVICE },
                Action: "sqs:SendMessage",
                Resource: args.queueArn,
                Condition: sourceBinding(ctx, domainArn(ctx, args.domainName)),
            },
            denyInsecureTransport("sqs", args.queueArn),
        ],
    };
}
