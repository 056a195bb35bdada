// The registry of documented forms: for every service principal this program trusts or lets use a key,
// queue, topic or bucket, the form AWS documents for that caller — the actions, the condition keys AWS
// documents the caller sending, what binds it, the example's condition, the page (title, URL) and the
// quoted statement. One place, data only: the pack (service-statements-documented, and the
// confused-deputy rule for callers AWS documents no source key for) and the tests read it.
//
// A statement matches an entry when the principal is the entry's, the policy is of the entry's kind
// (trust, key, or a resource policy of the entry's service), and every action it grants is one of the
// entry's. A condition key a statement requires that its entry does not list is a guess: if the caller
// does not send it, the statement never matches and the service fails silently.
import { PolicyResource } from "@pulumi/policy";
import { DocumentKind, Statement } from "./documents";
import { normaliseServicePrincipal, ofType, referent, valueNames } from "./stack";

/** What kind of policy holds the statement. */
/** "function": a Lambda function's resource-based policy (a Lambda permission is one of its statements). */
export type FormKind = "trust" | "key" | "queue" | "topic" | "bucket" | "function";

/** What, in the documented form, binds the caller to this account or resource. */
export type Binding =
    /** aws:SourceArn (with aws:SourceAccount) names the resource the service acts for. */
    | "source-arn"
    /** aws:SourceAccount only: any resource of this account. */
    | "source-account"
    /** sts:ExternalId = this account (role trust). */
    | "external-id"
    /** AWS documents no condition for this caller: something else protects it (protectedBy). */
    | "none";

export interface DocumentedForm {
    id: string;
    principal: string;
    kind: FormKind;
    /** The actions AWS's example grants (IAM spelling; `*` as in the example). */
    actions: string[];
    /** Condition keys AWS documents this caller sending (and the example uses), lower case not required. */
    keys: string[];
    binding: Binding;
    /** The example's condition, as AWS writes it (placeholders in capitals). */
    example: string;
    page: { title: string; url: string };
    /** The statement or sentence of the page the entry rests on. */
    quote: string;
    /** Where no binding key is documented (or it binds the account only): what protects the grant instead. */
    protectedBy?: string;
    /** What no page settles about this caller; the first deployment proves it. */
    unsettled?: string;
    /**
     * Where the entry's weaker binding (none, external-id) may stand in for source conditions: on a role
     * the plan gives to that service only (see inScope). An entry without scope applies wherever its
     * principal, kind and actions match. Out of scope the statement is judged strictly, by source probes.
     */
    scope?: Scope;
    /**
     * "documented": the page is quoted and verified; "recorded": no page was found and quoted, the entry
     * records what the program uses (the coverage test accepts it, but says so).
     */
    evidence?: "documented" | "recorded";
    /** What the search tool confirmed of the page and quote, and when; or that it could not. */
    checked: string;
}

/** The roles an entry's weaker binding is valid on. */
export type Scope =
    /** A role a Lambda function of the plan uses as its role; or a role no other resource of the plan uses. */
    | "lambda-execution-role"
    /** A role a Firehose delivery stream of the plan uses. */
    | "firehose-delivery-role"
    /** A key a Kinesis data stream of the plan is encrypted with. */
    | "kinesis-stream-key";

const CONNECT_CONFUSED_DEPUTY = {
    title: 'Amazon Connect Administrator Guide, "Cross-service confused deputy prevention"',
    url: "https://docs.aws.amazon.com/connect/latest/adminguide/cross-service-confused-deputy-prevention.html",
};

export const DOCUMENTED_FORMS: DocumentedForm[] = [
    {
        id: "profile-domain-key",
        principal: "profile.amazonaws.com",
        kind: "key",
        actions: ["kms:GenerateDataKey", "kms:CreateGrant", "kms:Decrypt"],
        keys: ["aws:SourceAccount", "aws:SourceArn"],
        binding: "source-arn",
        example:
            "ArnEquals aws:SourceArn = arn:aws:profile:REGION:ACCOUNT:domains/DOMAIN (or …/domains/DOMAIN/objects/OBJECT_TYPE for object types); StringEquals aws:SourceAccount = ACCOUNT",
        page: CONNECT_CONFUSED_DEPUTY,
        quote: 'Examples "Amazon Connect Customer Profiles policy to create Customer Profile domains" and "… to create Customer Profiles object types": Principal profile.amazonaws.com, Action kms:GenerateDataKey, kms:CreateGrant, kms:Decrypt, Condition ArnEquals aws:SourceArn …:domains/DOMAIN[/objects/OBJECT_TYPE], StringEquals aws:SourceAccount.',
        checked:
            "Not re-verified on 2026-12-05: the search tool's stored copies did not return this Connect page (quote as recorded for issue 19).",
        unsettled:
            "Which object-type ARN spelling the service sends (…/objects/… on this page, …/object-types/… in the Service Authorization Reference): both are admitted.",
    },
    {
        id: "profile-export-key",
        principal: "profile.amazonaws.com",
        kind: "key",
        actions: ["kms:GenerateDataKey"],
        keys: ["aws:SourceAccount", "aws:SourceArn", "kms:EncryptionContext:aws:kinesis:arn"],
        binding: "source-arn",
        example:
            "StringEquals aws:SourceAccount = ACCOUNT, aws:SourceArn = arn:aws:profile:REGION:ACCOUNT:domains/DOMAIN, kms:EncryptionContext:aws:kinesis:arn = the export stream's ARN",
        page: {
            title: 'Amazon Kinesis Data Streams Developer Guide, "Permissions to use user-generated KMS keys"',
            url: "https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html",
        },
        quote: '"When Amazon Kinesis Data Streams calls AWS KMS on your behalf, it passes an encryption context to AWS KMS that can be used as a condition for authorization in key policies and grants. Kinesis Data Streams uses the stream ARN as the encryption context in all AWS KMS calls." and "Your Kinesis stream producers must have the kms:GenerateDataKey permission." (the source keys bind the domain as in profile-domain-key, Amazon Connect Administrator Guide, "Cross-service confused deputy prevention").',
        checked: "Verified with the search tool on 2026-12-05 (the Kinesis page, both sentences).",
        unsettled:
            "Who writes the profile export stream: the service-linked role AWSServiceRoleForProfile_* (whose inline policy CreateEventStream writes) or the service principal — see docs/streaming.md.",
        scope: "kinesis-stream-key",
    },
    {
        id: "profile-dead-letter-queue",
        principal: "profile.amazonaws.com",
        kind: "queue",
        actions: ["sqs:SendMessage"],
        keys: ["aws:SourceAccount", "aws:SourceArn"],
        binding: "source-arn",
        example:
            "StringEquals aws:SourceAccount = ACCOUNT, aws:SourceArn = arn:aws:profile:REGION:ACCOUNT:domains/DOMAIN",
        page: CONNECT_CONFUSED_DEPUTY,
        quote: 'Example "Amazon Connect Customer Profiles policy to create and update dead-letter queues": Principal profile.amazonaws.com, Action sqs:SendMessage, Condition StringEquals aws:SourceAccount, aws:SourceArn …:domains/DOMAIN.',
        checked: "Not re-verified on 2026-12-05: the search tool did not return the Connect page.",
    },
    {
        id: "profile-workflow-role-trust",
        principal: "profile.amazonaws.com",
        kind: "trust",
        actions: ["sts:AssumeRole"],
        keys: ["aws:SourceAccount"],
        binding: "source-account",
        example: "StringEquals aws:SourceAccount = ACCOUNT",
        page: CONNECT_CONFUSED_DEPUTY,
        quote: 'Every Customer Profiles example on the page binds aws:SourceAccount; none is a role trust policy. The integration-workflow role\'s own page (Amazon Connect Administrator Guide, "Set up integration for featured applications", https://docs.aws.amazon.com/connect/latest/adminguide/integrate-customer-profiles-appflow.html) gives its permissions policy only.',
        protectedBy:
            "The role's permissions: the domain's key only (through AppFlow and Customer Profiles), flows and integrations tagged awsOwningService = customer-profiles-integration-workflow only, the integrations' connector profiles only.",
        unsettled:
            "No page documents this role's trust policy, nor which aws:SourceArn the service sends when it assumes it: the first integration workflow proves the trust.",
        checked: "Not re-verified on 2026-12-05: the search tool did not return the Connect pages.",
    },
    {
        id: "firehose-delivery-role-trust",
        principal: "firehose.amazonaws.com",
        kind: "trust",
        actions: ["sts:AssumeRole"],
        keys: ["sts:ExternalId"],
        binding: "external-id",
        example: 'StringEquals sts:ExternalId = "account-id"',
        page: {
            title: 'Amazon Data Firehose Developer Guide, "Grant Firehose access to an Amazon S3 destination"',
            url: "https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3",
        },
        quote: 'Use the following trust policy to enable Kinesis Data Firehose to assume the role. Edit the policy to replace account-id with your AWS account ID. This ensures that only you can request Kinesis Data Firehose to assume the IAM role. {"Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "account-id"}}}',
        protectedBy:
            "sts:ExternalId = this account; the role's permissions name one bucket, one key and one log group.",
        scope: "firehose-delivery-role",
        checked:
            'Page found with the search tool on 2026-12-05 (section "Allow Firehose to assume an IAM role"); the stored excerpt stops before the quoted trust policy.',
    },
    {
        id: "sns-event-source-key",
        principal: "cloudwatch.amazonaws.com",
        kind: "key",
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        keys: [],
        binding: "none",
        example: "(no condition)",
        page: {
            title: 'Amazon SNS Developer Guide, "Enable compatibility between event sources from AWS services and encrypted topics"',
            url: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
        },
        quote: 'Key policy statement for an event source publishing to an encrypted topic: {"Principal": {"Service": "service.amazonaws.com"}, "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*"} (the same statement, for CloudTrail, in the AWS CloudTrail User Guide, "Amazon SNS topic policy for CloudTrail").',
        protectedBy:
            "The topic policy: only this account's alarms (aws:SourceAccount, aws:SourceArn arn:aws:cloudwatch:REGION:ACCOUNT:alarm:*) may publish; SNS uses the key only for a publish that policy allowed, and the key encrypts this topic alone.",
        checked:
            "Page found with the search tool on 2026-12-05; the stored excerpt stops before the compatibility section.",
    },
    {
        id: "sns-event-source-key-events",
        principal: "events.amazonaws.com",
        kind: "key",
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        keys: [],
        binding: "none",
        example: "(no condition)",
        page: {
            title: 'Amazon SNS Developer Guide, "Enable compatibility between event sources from AWS services and encrypted topics"',
            url: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
        },
        quote: 'Key policy statement for an event source publishing to an encrypted topic: {"Principal": {"Service": "service.amazonaws.com"}, "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*"}.',
        protectedBy:
            "The topic policy: only this account's rules (aws:SourceAccount, aws:SourceArn arn:aws:events:REGION:ACCOUNT:rule/*) may publish; SNS uses the key only for a publish that policy allowed.",
        checked:
            "Page found with the search tool on 2026-12-05; the stored excerpt stops before the compatibility section.",
    },
    {
        id: "cloudwatch-alarm-topic",
        principal: "cloudwatch.amazonaws.com",
        kind: "topic",
        actions: ["sns:Publish"],
        keys: ["aws:SourceAccount", "aws:SourceArn"],
        binding: "source-arn",
        example: "ArnLike aws:SourceArn = arn:aws:cloudwatch:REGION:ACCOUNT:alarm:ALARM_NAME (or alarm:*)",
        page: {
            title: 'AWS re:Post Knowledge Center, "Why didn\'t I receive an SNS notification for my CloudWatch alarm trigger?"',
            url: "https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger",
        },
        quote: '"To restrict the ability to publish messages to the topic for specific alarms, add global condition keys. The following example policy uses the ArnLike condition operator and the aws:SourceArn global condition key." Example: {"Sid": "Allow_Publish_Alarms", "Effect": "Allow", "Principal": {"Service": ["cloudwatch.amazonaws.com"]}, "Action": "sns:Publish", "Resource": "arn:aws:sns:REGION:ACCOUNT_ID:TOPIC_NAME", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:cloudwatch:us-east-1:ACCOUNT_ID:alarm:ALARM_NAME"}}}',
        checked: "Verified with the search tool on 2026-12-05 (the Knowledge Center article, sentence and example).",
        unsettled:
            'aws:SourceAccount: the article says "global condition keys" but its example uses aws:SourceArn only; the program also requires aws:SourceAccount, which no page quoted here shows CloudWatch sending (the alarm ARN already names the account). The first alarm proves it (an undelivered alarm shows in the alarm history).',
    },
    {
        id: "eventbridge-rule-topic",
        principal: "events.amazonaws.com",
        kind: "topic",
        actions: ["sns:Publish"],
        keys: ["aws:SourceAccount", "aws:SourceArn"],
        binding: "source-arn",
        example:
            "ArnLike aws:SourceArn = arn:aws:events:REGION:ACCOUNT:rule/*; StringEquals aws:SourceAccount = ACCOUNT",
        page: {
            title: 'Amazon EventBridge User Guide, "Using resource-based policies for Amazon EventBridge", Amazon SNS permissions',
            url: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions",
        },
        quote: "A topic policy letting events.amazonaws.com publish, bound with aws:SourceArn (the rule ARN) and aws:SourceAccount to prevent the confused deputy problem.",
        checked:
            'Page found with the search tool on 2026-12-05 (topic "Amazon SNS permissions"); the stored excerpt stops before that section.',
    },
    {
        id: "cloudtrail-bucket",
        principal: "cloudtrail.amazonaws.com",
        kind: "bucket",
        actions: ["s3:GetBucketAcl", "s3:PutObject"],
        keys: ["aws:SourceArn", "aws:SourceAccount", "s3:x-amz-acl"],
        binding: "source-arn",
        example:
            'StringEquals aws:SourceArn = arn:aws:cloudtrail:REGION:ACCOUNT:trail/TRAIL (PutObject also s3:x-amz-acl = "bucket-owner-full-control")',
        page: {
            title: 'AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"',
            url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
        },
        quote: "Statements AWSCloudTrailAclCheck (s3:GetBucketAcl) and AWSCloudTrailWrite (s3:PutObject on AWSLogs/ACCOUNT/*, s3:x-amz-acl bucket-owner-full-control), each with Condition StringEquals aws:SourceArn = the trail ARN; the page also names aws:SourceAccount for the confused-deputy binding.",
        checked: "Not re-verified on 2026-12-05 (not searched before the deadline).",
    },
    {
        id: "cloudtrail-key",
        principal: "cloudtrail.amazonaws.com",
        kind: "key",
        actions: ["kms:GenerateDataKey*", "kms:DescribeKey"],
        keys: ["aws:SourceArn", "aws:SourceAccount", "kms:EncryptionContext:aws:cloudtrail:arn"],
        binding: "source-arn",
        example:
            "StringEquals aws:SourceArn = the trail ARN; StringLike kms:EncryptionContext:aws:cloudtrail:arn = arn:aws:cloudtrail:*:ACCOUNT:trail/*",
        page: {
            title: 'AWS CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail"',
            url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html",
        },
        quote: "Allow CloudTrail to encrypt logs (kms:GenerateDataKey*, Condition aws:SourceArn = the trail ARN and kms:EncryptionContext:aws:cloudtrail:arn) and to describe the key (kms:DescribeKey, Condition aws:SourceArn).",
        checked: "Not re-verified on 2026-12-05 (not searched before the deadline).",
    },
    {
        id: "s3-server-access-logs",
        principal: "logging.s3.amazonaws.com",
        kind: "bucket",
        actions: ["s3:PutObject"],
        keys: ["aws:SourceArn", "aws:SourceAccount"],
        binding: "source-arn",
        example: "ArnLike aws:SourceArn = arn:aws:s3:::SOURCE-BUCKET; StringEquals aws:SourceAccount = SOURCE-ACCOUNT",
        page: {
            title: 'Amazon S3 User Guide, "Enabling Amazon S3 server access logging" (Grant permissions to the logging service principal by using a bucket policy)',
            url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
        },
        quote: "Bucket policy S3ServerAccessLogsPolicy: Principal logging.s3.amazonaws.com, Action s3:PutObject on the target prefix, Condition ArnLike aws:SourceArn = the source bucket, StringEquals aws:SourceAccount = the source bucket's account.",
        checked: "Not re-verified on 2026-12-05 (not searched before the deadline).",
    },
    {
        id: "appflow-s3-source-bucket",
        principal: "appflow.amazonaws.com",
        kind: "bucket",
        actions: ["s3:ListBucket", "s3:GetObject"],
        keys: ["aws:SourceAccount", "aws:SourceArn"],
        binding: "source-account",
        example: "StringEquals aws:SourceAccount = ACCOUNT (the page also names aws:SourceArn = the flows' ARNs)",
        page: {
            title: 'Amazon AppFlow User Guide, "Amazon S3 Bucket Policies for Amazon AppFlow"',
            url: "https://docs.aws.amazon.com/appflow/latest/userguide/s3-policies-management.html",
        },
        quote: 'The following policy allows Amazon AppFlow to access an Amazon S3 bucket used as the source in a flow: {"Effect": "Allow", "Sid": "AllowAppFlowSourceActions", "Principal": {"Service": "appflow.amazonaws.com"}, "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::myBucketName", "arn:aws:s3:::myBucketName/*"]}. Section "Cross-service confused deputy prevention": "We recommend using the aws:SourceArn and aws:SourceAccount global condition context keys in resource policies to limit the permissions that Amazon AppFlow gives another service to the resource ... For Amazon AppFlow, these will be the ARNs of the flows created with Amazon S3 as a source or destination." and "(when Amazon AppFlow creates the policy for you during flow creation, it automatically populates the aws:SourceAccount condition key.)"',
        protectedBy: "aws:SourceAccount = this account; read-only, on the flow's prefix only.",
        unsettled:
            "The aws:SourceArn form AppFlow sends (the page's example flow ARN has no Region): not required, so a wrong pattern cannot stop the flow. The confused-deputy section's sentences were taken from the reviewer's reading of the page: the search tool's stored copy of the page (found, title and URL verified) cut its excerpt before that section.",
        checked:
            "Page and source policy verified with the search tool on 2026-12-05; the stored excerpt stops before the confused-deputy section (see unsettled).",
    },
    {
        id: "appflow-connector-secret-key",
        principal: "appflow.amazonaws.com",
        kind: "key",
        actions: ["kms:Decrypt"],
        keys: ["aws:SourceAccount", "aws:SourceArn", "kms:ViaService"],
        binding: "source-arn",
        example:
            "StringEquals aws:SourceAccount = ACCOUNT, aws:SourceArn = the connector profile ARN, kms:ViaService = secretsmanager.REGION.amazonaws.com",
        page: {
            title: 'Amazon AppFlow User Guide, "Encryption at rest for Amazon AppFlow"',
            url: "https://docs.aws.amazon.com/appflow/latest/userguide/data-protection.html#encryption-at-rest",
        },
        quote: "Key policy letting appflow.amazonaws.com decrypt a connector profile's secret through Secrets Manager.",
        evidence: "recorded",
        checked:
            "Not found with the search tool on 2026-12-05: no stored copy of the page shows a key policy for appflow.amazonaws.com.",
        unsettled:
            "not documented: records what the program uses. No page quoted here shows this key statement or the keys AppFlow sends when it decrypts a connector profile's secret.",
    },
    {
        id: "secretsmanager-rotation-function",
        principal: "secretsmanager.amazonaws.com",
        kind: "function",
        actions: ["lambda:InvokeFunction"],
        keys: ["aws:SourceAccount"],
        binding: "source-account",
        example: "Lambda permission: principal secretsmanager.amazonaws.com, sourceAccount = ACCOUNT (no sourceArn)",
        page: {
            title: 'AWS Secrets Manager User Guide, "Permissions for rotation" (Lambda rotation function execution role permissions)',
            url: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html",
        },
        quote: '"We recommend that you include only the context key aws:SourceAccount" in the rotation function\'s resource-based policy (confused-deputy prevention for the rotation function).',
        protectedBy:
            "aws:SourceAccount = this account: only a secret of this account can invoke the rotation function; which secret is the function's own concern (it rotates the secret named in the event after checking its rotation is configured for it).",
        unsettled:
            'No current page settles it: the page at this URL is now titled "Lambda rotation function execution role permissions for AWS Secrets Manager", and its stored excerpts (every language, searched 2026-12-05) show the execution-role policies only, not the sentence recommending aws:SourceAccount alone in the rotation function\'s resource-based policy, which the old page "Permissions for rotation" held. The first rotation after deployment (Secrets Manager invoking the function under sourceAccount only) proves the form.',
        checked:
            "Page found with the search tool on 2026-12-05 (URL verified, now under another title; the stored excerpts show the execution-role policies and not the resource-policy sentence, which is quoted from the old page as the issue's review gave it).",
    },
    {
        id: "config-custom-rule-function",
        principal: "config.amazonaws.com",
        kind: "function",
        actions: ["lambda:InvokeFunction"],
        keys: ["aws:SourceAccount", "aws:SourceArn"],
        binding: "source-account",
        example:
            "Lambda permission: principal config.amazonaws.com, sourceAccount = ACCOUNT (and/or sourceArn = the rule's ARN)",
        page: {
            title: 'AWS Config Developer Guide, "Custom Lambda Rules (General Example)"',
            url: "https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_nodejs.html",
        },
        quote: '"As a security best practice when allowing AWS Config permission to invoke your Lambda function, we strongly recommend that you restrict access in the resource-based policy for Lambda with sourceARN and/or sourceAccountId in the invoke request."',
        protectedBy:
            "aws:SourceAccount = this account: only a Config rule of this account can invoke the function (the rule's ARN cannot be named before the rule exists, and the rule is created only once the permission is in place).",
        checked: "Verified with the search tool on 2026-12-05 (the Config page, the sentence quoted).",
    },
    {
        id: "lambda-execution-role-trust",
        principal: "lambda.amazonaws.com",
        kind: "trust",
        actions: ["sts:AssumeRole"],
        keys: [],
        binding: "none",
        example: "(no condition)",
        page: {
            title: 'AWS Lambda Developer Guide, "Defining Lambda function permissions with an execution role"',
            url: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
        },
        quote: 'Trust policy of an execution role: {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}.',
        protectedBy:
            "A role is handed to Lambda by iam:PassRole (CreateFunction's Role), which a principal of the role's own account must be allowed: iam:PassRole never crosses accounts (IAM User Guide, \"Grant a user permissions to pass a role to an AWS service\", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).",
        scope: "lambda-execution-role",
        checked: "Not re-verified on 2026-12-05 (not searched before the deadline).",
    },
];

const lower = (s: string) => s.toLowerCase();

/** Whether a granted action is one of the entry's (`*` in the entry's action matches any suffix). */
function coveredBy(action: string, allowed: string[]): boolean {
    const a = lower(action);
    return allowed.some((x) => {
        const p = lower(x);
        return a === p || (p.endsWith("*") && a.startsWith(p.slice(0, -1)));
    });
}

/** The kind of a resource policy from the service of its actions (sqs, sns, s3). */
export function resourceKindOf(actions: string[]): FormKind | undefined {
    const services = new Set(actions.map((a) => lower(a).split(":")[0]));
    if (services.size !== 1) return undefined;
    const s = [...services][0];
    return s === "sqs"
        ? "queue"
        : s === "sns"
          ? "topic"
          : s === "s3"
            ? "bucket"
            : s === "kms"
              ? "key"
              : s === "lambda"
                ? "function"
                : undefined;
}

/**
 * The registry entries a statement of this principal, kind and actions matches; with a site, only the
 * entries in scope there (without one, every entry: a listing).
 */
export function formsFor(principal: string, kind: FormKind, actions: string[], site?: Site): DocumentedForm[] {
    return DOCUMENTED_FORMS.filter(
        (f) =>
            f.principal === principal &&
            f.kind === kind &&
            actions.length > 0 &&
            actions.every((a) => coveredBy(a, f.actions)) &&
            (site === undefined || inScope(f, site)),
    );
}

/** The condition keys the matching entries list (lower case). */
export function documentedKeys(forms: DocumentedForm[]): Set<string> {
    return new Set(forms.flatMap((f) => f.keys.map(lower)));
}

/** Where a statement sits, for entries with a scope: the resource holding it, the plan, its policy's statements. */
export interface Site {
    resource: PolicyResource;
    all: PolicyResource[];
    statements: Statement[];
}

const ROLE_USERS: Record<Exclude<Scope, "kinesis-stream-key">, string[]> = {
    "lambda-execution-role": ["aws:lambda/function:Function", "aws-native:lambda:Function"],
    "firehose-delivery-role": [
        "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
        "aws-native:kinesisfirehose:DeliveryStream",
    ],
};

/** Resources that only attach permissions to a role: they do not use it. */
const ROLE_ATTACHMENTS = new Set([
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
]);

/** Every string value under a key naming a role (role, roleArn, executionRoleArn, …), at any depth. */
function roleValues(value: unknown, key = "", out: string[] = []): string[] {
    try {
        if (typeof value === "string") {
            if (/role/i.test(key)) out.push(value);
        } else if (Array.isArray(value)) {
            value.forEach((v) => roleValues(v, key, out));
        } else if (value && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) roleValues(v, k, out);
        }
    } catch {
        // a value unknown until apply (the analyzer throws on reading it): the dependency edges decide
    }
    return out;
}

/** Whether `user` hands `role` to its service: a role property names it, or depends on it. */
function usesRole(user: PolicyResource, role: PolicyResource, all: PolicyResource[]): boolean {
    if (user.urn === role.urn || ROLE_ATTACHMENTS.has(user.type)) return false;
    const props = (user.props ?? {}) as Record<string, unknown>;
    if (roleValues(props).some((v) => valueNames(v, role, all))) return true;
    return Object.entries(user.propertyDependencies ?? {}).some(
        ([k, deps]) => (/role/i.test(k) || /Configuration$/.test(k)) && deps.some((d) => d.urn === role.urn),
    );
}

const STREAM_TYPES = ["aws:kinesis/stream:Stream", "aws-native:kinesis:Stream"];

/** Whether the key holding the statement (a key, or a key policy's key) encrypts a Kinesis stream of the plan. */
function streamKey(site: Site): boolean {
    const keys = ofType(site.all, "aws:kms/key:Key");
    const key =
        site.resource.type === "aws:kms/key:Key"
            ? site.resource
            : site.resource.type === "aws:kms/keyPolicy:KeyPolicy"
              ? referent(site.resource, ["keyId"], keys, site.all)
              : undefined;
    if (!key || typeof key !== "object") return false;
    return ofType(site.all, ...STREAM_TYPES).some((st) => {
        const path = st.type === "aws:kinesis/stream:Stream" ? ["kmsKeyId"] : ["streamEncryption", "keyId"];
        const used = referent(st, path, [key], site.all);
        return typeof used === "object" && used?.urn === key.urn;
    });
}

/** The distinct service principals a trust policy's Allow statements trust. */
function trustedServices(statements: Statement[]): Set<string> {
    return new Set(
        statements
            .filter((x) => x.effect === "Allow" && x.principal)
            .flatMap((x) => x.principal!.service.map(normaliseServicePrincipal)),
    );
}

/**
 * Whether an entry's weaker binding holds for a statement at this site. A role trusted by more than one
 * service is out of every scope (its trust is judged strictly). Lambda's execution-role form: a role a
 * Lambda function of the plan uses, or, with no function using it, a role no other resource of the plan
 * uses. Firehose's delivery-role form: a role a delivery stream of the plan uses, or, likewise, a role no
 * resource of the plan uses. Without a site (a
 * caller that cannot say where the statement sits) a scoped entry is out of scope.
 */
export function inScope(form: DocumentedForm, site: Site | undefined): boolean {
    if (!form.scope) return true;
    if (form.scope === "kinesis-stream-key") return !!site && streamKey(site);
    if (!site || (site.resource.type !== "aws:iam/role:Role" && site.resource.type !== "aws-native:iam:Role")) {
        return false;
    }
    if (trustedServices(site.statements).size > 1) return false;
    const users = site.all.filter((u) => usesRole(u, site.resource, site.all));
    const own = users.filter((u) => ROLE_USERS[form.scope as keyof typeof ROLE_USERS].includes(u.type));
    if (own.length > 0) return own.length === users.length;
    // A role no resource of the plan uses is judged as the role its one trusted service makes of it:
    // the bootstrap creates the stack's Firehose delivery role (trusted by Firehose alone) for
    // delivery streams of another plan (bootstrap/lib/stack-roles.ts).
    return users.length === 0;
}

/**
 * The binding AWS documents for this caller in this kind of policy with these actions
 * (lib/documented-forms.ts): undefined when no entry matches, "source-arn" when any matching entry binds
 * the source resource (judged by source probes as before); otherwise the weaker documented binding.
 * Entries with a scope count only where inScope holds at the statement's site.
 */
export function documentedBinding(s: Statement, kind: DocumentKind, service: string, site?: Site): Binding | undefined {
    const actions = s.actions ?? [];
    const formKind: FormKind | undefined =
        kind === "trust" ? "trust" : kind === "key" ? "key" : kind === "resource" ? resourceKindOf(actions) : undefined;
    const forms = (formKind && !s.notActions ? formsFor(service, formKind, actions) : []).filter((f) =>
        inScope(f, site),
    );
    if (forms.length === 0) return undefined;
    const order: Binding[] = ["source-arn", "external-id", "source-account", "none"];
    return order.find((b) => forms.some((f) => f.binding === b));
}
