// Name patterns and limits shared by the configuration schema (components/config/) and the
// components' own argument checks: each rule is written once, here or in its feature's config.ts.

/**
 * Upper bound chosen for `defaultExpirationDays`. The CloudFormation schema allows up to 1,098 but
 * the Customer Profiles service quota page documents 1,096 days as the maximum retention, so the
 * stricter number is enforced here: a value the schema accepts but the service rejects would only
 * fail half-way through `pulumi up`.
 */
export const MAX_EXPIRATION_DAYS = 1096;

/** The Customer Profiles domain name rule (aws-customerprofiles-domain.json, DomainName). */
export const DOMAIN_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;
/**
 * The prefix a domain that Amazon Connect instances use must carry. The instances act on the domain
 * through their service-linked role, whose permissions are the AWS managed policy
 * AmazonConnectServiceLinkedRolePolicy (AWS Managed Policy reference,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonConnectServiceLinkedRolePolicy.html;
 * statement AllowCustomerProfilesForConnectDomain, named in the Amazon Connect Administrator Guide,
 * "AWS managed policies for Amazon Connect"): it allows Customer Profiles actions only on
 * `arn:aws:profile:*:*:domains/amazon-connect-*`. Any other name is created, but the agent
 * workspace and flow blocks are denied. IAM matches resource ARNs case-sensitively.
 */
export const CONNECT_DOMAIN_PREFIX = "amazon-connect-";
/** An IAM role or user ARN (the principals that call the Customer Profiles APIs). */
export const IAM_PRINCIPAL_ARN_PATTERN = /^arn:aws[-a-z]*:iam::[0-9]{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;
/** Customer Profiles object type names (aws-customerprofiles-objecttype.json, ObjectTypeName). */
export const OBJECT_TYPE_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z_0-9-]{0,254}$/;
/** A resource name fragment used to name children (`${name}-key`, …). */
export const LOGICAL_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** A plain e-mail address (what SNS accepts for the `email` protocol). */
export const EMAIL_PATTERN =
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/**
 * A rule a value must follow, written once: the test, and the expected form that every message
 * states (the configuration schema's and the components' own argument checks alike).
 */
export interface Rule {
    test(value: string): boolean;
    /** The expected form, as a phrase ("a domain name of 1–64 letters, …"). */
    form: string;
}

/** A Customer Profiles domain name (aws-customerprofiles-domain.json: DomainName, 1–64 of the pattern). */
export const DOMAIN_NAME: Rule = {
    test: (v) => v.length >= 1 && v.length <= 64 && DOMAIN_NAME_PATTERN.test(v),
    form: 'a domain name of 1–64 letters, digits, "_" or "-"',
};

/** A logical name of this program (instances, integrations): names resources, referenced by other settings. */
export const LOGICAL_NAME: Rule = {
    test: (v) => LOGICAL_NAME_PATTERN.test(v),
    form: 'a lower-case name of 1–32 letters, digits or "-", starting with a letter',
};

/** An IAM role or user ARN. */
export const IAM_PRINCIPAL_ARN: Rule = {
    test: (v) => IAM_PRINCIPAL_ARN_PATTERN.test(v),
    form: "an IAM role or user ARN, arn:aws:iam::ACCOUNT:role/NAME",
};

/** A Customer Profiles object type name. */
export const OBJECT_TYPE_NAME: Rule = {
    test: (v) => OBJECT_TYPE_NAME_PATTERN.test(v),
    form: 'an object type name of 1–255 letters, digits, "_" or "-", not starting with a digit or "-"',
};

/** An e-mail address SNS can subscribe. */
export const EMAIL: Rule = {
    test: (v) => EMAIL_PATTERN.test(v),
    form: "an e-mail address such as oncall@example.com",
};
