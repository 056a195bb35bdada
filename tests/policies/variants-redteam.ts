// Red-team variants (issue 12, classes 1, 2, 6 and the "must pass" list): edits the first variant table
// did not try. Each is judged by what IAM would decide; the AWS source of each judgement is named beside
// it (IAM User Guide pages: "AWS JSON policy elements: Principal", "Condition operators", "...IfExists",
// "Single-valued vs. multivalued context keys", "Variables and tags", "AWS global condition context keys",
// "Policy evaluation logic" (an explicit Deny overrides an Allow); AWS KMS Developer Guide "Grants in AWS
// KMS"; Amazon Cognito Developer Guide "Security best practices for Amazon Cognito identity pools").
import { Plan } from "../../tools/lib/plan-format";
import { normalizePlanFile } from "../../tools/lib/plan-input";
import {
    ACCOUNT,
    addResource,
    both,
    DOMAIN_ARN,
    Doc,
    edit,
    editDoc,
    Json,
    OTHER,
    REGION,
    sid,
    Variant,
} from "./variants";

const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq-741f887`;
const KEY_ID = "aa8f3a3d-bdbe-8c00-8db5-f3ef9bb4d00b";
const SIBLING_DOMAIN = `${DOMAIN_ARN}-test`;
const FOREIGN_DOMAIN = DOMAIN_ARN.replace(`:${ACCOUNT}:`, `:${OTHER}:`);
const GH = "token.actions.githubusercontent.com";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

// ---------------------------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------------------------

/** Add statements to the DLQ's queue policy (an SQS resource policy of the stack). */
const onQueue = (...statements: Json[]) => editDoc("profiles-dlq-policy", (d) => d.Statement.push(...statements));

/** An Allow to anyone on the queue, with a condition (undefined: none). */
const anyoneOnQueue = (
    cond: Json | undefined,
    principal: unknown = { AWS: "*" },
    action: unknown = "sqs:ReceiveMessage",
) => ({
    Sid: "Anyone",
    Effect: "Allow",
    Principal: principal,
    Action: action,
    Resource: QUEUE_ARN,
    ...(cond ? { Condition: cond } : {}),
});

/** Replace the DLQ's Customer Profiles statement conditions. */
const dlqSource = (cond: Json | undefined) =>
    editDoc("profiles-dlq-policy", (d) => {
        const s = sid(d, "CustomerProfilesSendsErrorsForThisDomain");
        if (cond) {
            s.Condition = cond;
        } else {
            delete s.Condition;
        }
    });

/** Replace the CloudWatch alarms' statement conditions on the alarm topic (a service acting for many alarms). */
const alarmsSource = (cond: Json) =>
    editDoc("alarms-topic-policy", (d) => {
        sid(d, "CloudWatchAlarmsPublish").Condition = cond;
    });

/** A Deny on the DLQ policy. */
const dlqDeny = (cond: Json, extra: Json = {}): Json => ({
    Sid: "DenyOutsiders",
    Effect: "Deny",
    Principal: "*",
    Action: "sqs:SendMessage",
    Resource: QUEUE_ARN,
    Condition: cond,
    ...extra,
});

const grant = (inputs: Json) =>
    addResource("aws:kms/grant:Grant", "extra-grant", { keyId: KEY_ID, operations: ["Decrypt"], ...inputs });

/** A role trusted by a web identity provider, added to the plan (e.g. for CI). */
const webRole = (
    federated: string,
    cond: Json | undefined,
    extra: Json[] = [],
    action: unknown = "sts:AssumeRoleWithWebIdentity",
) =>
    addResource("aws:iam/role:Role", "web-identity-role", {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "WebIdentity",
                    Effect: "Allow",
                    Principal: { Federated: federated },
                    Action: action,
                    ...(cond ? { Condition: cond } : {}),
                },
                ...extra,
            ],
        }),
    });
const ghProvider = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GH}`;
const ghRole = (cond: Json | undefined, extra: Json[] = [], action?: unknown) =>
    webRole(ghProvider, cond, extra, action);
const AUD = { [`${GH}:aud`]: "sts.amazonaws.com" };
const SUB = "repo:examplecorp/contact-center:ref:refs/heads/main";

/** Replace one resource's policy (a JSON string) by the object it encodes, or by a wrapper of it. */
const reshapeDoc = (name: string, prop: string, f: (doc: Doc, text: string) => unknown) =>
    edit(name, (p) => {
        if (typeof p[prop] === "string") {
            p[prop] = f(JSON.parse(p[prop]) as Doc, p[prop]);
        }
    });

/**
 * The plan as `pulumi stack export --show-secrets` would hold it (its resources with inputs and outputs),
 * with one document replaced by a secret envelope, read back through the tool's input reader.
 */
const asStackExport =
    (name: string, prop: string, envelope: (text: string) => Json) =>
    (plan: Plan): Plan => {
        const resources = plan.steps
            .filter((s) => s.newState)
            .map((s) => {
                const st = structuredClone(s.newState!);
                if (st.urn.endsWith(`::${name}`)) {
                    const text = st.inputs[prop] as string;
                    st.inputs[prop] = envelope(text);
                    if (st.outputs) {
                        st.outputs[prop] = envelope(text);
                    }
                }
                return st;
            });
        return normalizePlanFile({ version: 3, deployment: { manifest: {}, resources } });
    };

// ---------------------------------------------------------------------------------------------
// Class 1: other accounts
// ---------------------------------------------------------------------------------------------

function accountVariants(): Variant[] {
    const v = (name: string, apply: Variant["apply"], policyConfig?: Variant["policyConfig"]): Variant => ({
        cls: "accounts",
        name: `redteam: ${name}`,
        apply,
        caughtBy: "other-accounts",
        ...(policyConfig ? { policyConfig } : {}),
    });
    return [
        // aws:ResourceAccount is the account owning the resource: always this account for this queue, so the
        // test holds for every caller (IAM User Guide, global condition keys: aws:ResourceAccount).
        v(
            'queue: {AWS: "*"} bound only by aws:ResourceAccount = this account (true for every caller)',
            onQueue(anyoneOnQueue({ StringEquals: { "aws:ResourceAccount": ACCOUNT } })),
        ),
        // Wildcards in a StringLike value match other account ids (Condition operators: StringLike).
        v(
            'queue: {AWS: "*"} with aws:PrincipalAccount StringLike 1234567890* (admits 123456789099)',
            onQueue(anyoneOnQueue({ StringLike: { "aws:PrincipalAccount": "1234567890*" } })),
        ),
        v(
            'queue: {AWS: "*"} with aws:PrincipalAccount StringLike 12345678901? (admits 123456789010)',
            onQueue(anyoneOnQueue({ StringLike: { "aws:PrincipalAccount": "12345678901?" } })),
        ),
        v(
            'queue: {AWS: "*"} with aws:PrincipalArn ArnLike arn:aws:iam::*:role/ops (any account\'s ops role)',
            onQueue(anyoneOnQueue({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ops" } })),
        ),
        v(
            'queue: {AWS: "*"} with aws:PrincipalArn ArnLike on a near account id (arn:aws:iam::1234567890??:role/*)',
            onQueue(anyoneOnQueue({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::1234567890??:role/*" } })),
        ),
        // Found by the oracle property once the oracle gave the foreign caller an identity policy: the
        // probes used one made-up account, so a literal other account in the condition passed.
        v(
            'queue: {AWS: "*"} bound to aws:PrincipalAccount = another account (a literal id)',
            onQueue(anyoneOnQueue({ StringEquals: { "aws:PrincipalAccount": OTHER } })),
        ),
        v(
            'queue: {AWS: "*"} with aws:PrincipalAccount StringNotEquals another account (everyone else in)',
            onQueue(anyoneOnQueue({ StringNotEquals: { "aws:PrincipalAccount": OTHER } })),
        ),
        // A policy variable is replaced by the request's own value: this test is true for every caller
        // (IAM User Guide, "IAM policy elements: Variables and tags").
        v(
            'queue: {AWS: "*"} with aws:PrincipalAccount = ${aws:PrincipalAccount} (always true)',
            onQueue(anyoneOnQueue({ StringEquals: { "aws:PrincipalAccount": "${aws:PrincipalAccount}" } })),
        ),
        // ...IfExists is true when the key is absent. The IAM User Guide ("AWS global condition context keys")
        // puts aws:PrincipalAccount in every request but names no value for a service principal: the
        // probes judge both readings (policies/lib/access.ts), and the absent one lets services in here.
        v(
            'queue: {AWS: "*"} with aws:PrincipalAccount StringEqualsIfExists this account (services of any account in)',
            onQueue(anyoneOnQueue({ StringEqualsIfExists: { "aws:PrincipalAccount": ACCOUNT } })),
        ),
        // ForAllValues on a single-valued key is true when the key is absent (multivalued context keys page).
        v(
            'queue: {AWS: "*"} with ForAllValues:StringEquals aws:PrincipalAccount (true without the key)',
            onQueue(anyoneOnQueue({ "ForAllValues:StringEquals": { "aws:PrincipalAccount": ACCOUNT } })),
        ),
        v(
            'queue: {AWS: "*"} with only sts:ExternalId (a key the caller supplies)',
            onQueue(anyoneOnQueue({ StringEquals: { "sts:ExternalId": "shared-secret" } })),
        ),
        v(
            'queue: {AWS: "*"} within the organisation (aws:PrincipalOrgID; other member accounts are other accounts)',
            onQueue(anyoneOnQueue({ StringEquals: { "aws:PrincipalOrgID": "o-exampleorg01" } })),
        ),
        v(
            "queue: principal list of bare account ids, this one and another",
            onQueue(anyoneOnQueue(undefined, { AWS: [ACCOUNT, OTHER] })),
        ),
        v(
            "queue: principal list mixing this account's root and another account's root",
            onQueue(anyoneOnQueue(undefined, { AWS: [`arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${OTHER}:root`] })),
        ),
        v(
            "queue: a wildcard account inside a principal ARN (arn:aws:iam::*:root)",
            onQueue(anyoneOnQueue(undefined, { AWS: "arn:aws:iam::*:root" })),
        ),
        // An explicit Deny overrides an Allow only for the requests it matches ("Policy evaluation logic").
        v(
            'queue: {AWS: "*"} Allow, with a Deny of other accounts on another action only',
            onQueue(
                anyoneOnQueue(undefined),
                dlqDeny({ StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } }, { Action: "sqs:DeleteMessage" }),
            ),
        ),
        v(
            'queue: {AWS: "*"} Allow, with a Deny of other accounts that also needs a VPC (a caller avoids it)',
            onQueue(
                anyoneOnQueue(undefined),
                dlqDeny(
                    {
                        StringNotEquals: { "aws:PrincipalAccount": ACCOUNT },
                        StringEquals: { "aws:SourceVpc": "vpc-1" },
                    },
                    { Action: "sqs:*" },
                ),
            ),
        ),
        v(
            'queue: {AWS: "*"} Allow, with a Deny of one named other account only',
            onQueue(
                anyoneOnQueue(undefined),
                dlqDeny({ StringEquals: { "aws:PrincipalAccount": OTHER } }, { Action: "sqs:*" }),
            ),
        ),
        v(
            "queue: the policy given as an object (not a JSON string) admitting another account",
            reshapeDoc("profiles-dlq-policy", "policy", (d) => {
                d.Statement.push(anyoneOnQueue(undefined, { AWS: `arn:aws:iam::${OTHER}:root` }));
                return d;
            }),
        ),
        v(
            "queue: a one-statement document (Statement an object, not a list) admitting another account",
            reshapeDoc("profiles-dlq-policy", "policy", () =>
                JSON.stringify({ Version: "2012-10-17", Statement: anyoneOnQueue(undefined, { AWS: OTHER }) }),
            ),
        ),
        v(
            "queue: another account in a document read from a stack export (--show-secrets plaintext envelope)",
            both(
                onQueue(anyoneOnQueue(undefined, { AWS: `arn:aws:iam::${OTHER}:root` })),
                asStackExport("profiles-dlq-policy", "policy", (text) => ({
                    [SECRET_SIG]: SECRET_VALUE,
                    plaintext: JSON.stringify(text),
                })),
            ),
        ),
        // KMS grants: the grantee and the retiring principal are principals (AWS KMS Developer Guide, "Grants
        // in AWS KMS": GranteePrincipal, RetiringPrincipal; an account is given as its root ARN or id).
        v("a KMS grant to another account's root ARN", grant({ granteePrincipal: `arn:aws:iam::${OTHER}:root` })),
        v("a KMS grant to another account by bare id", grant({ granteePrincipal: OTHER })),
        v(
            "a KMS grant to another account's assumed-role session",
            grant({ granteePrincipal: `arn:aws:sts::${OTHER}:assumed-role/reader/s1` }),
        ),
        v(
            "a KMS grant retirable by another account's bare id",
            grant({ granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/crm-sync`, retiringPrincipal: OTHER }),
        ),
        // A trust policy naming another account's identity provider trusts that account's IdP configuration.
        v(
            "a role trusting another account's OIDC provider",
            webRole(`arn:aws:iam::${OTHER}:oidc-provider/${GH}`, {
                StringEquals: { ...AUD, [`${GH}:sub`]: SUB },
            }),
        ),
        v(
            "integrations-workflows-role: trust adds another account's role by bare id with an external id",
            editDoc(
                "integrations-workflows-role",
                (d) =>
                    d.Statement.push({
                        Effect: "Allow",
                        Principal: { AWS: OTHER },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "sts:ExternalId": "partner-1" } },
                    }),
                "assumeRolePolicy",
            ),
        ),
        // Resources the program did not create: event buses, topics, queues, Lambda permissions.
        v(
            "an EventBridge bus policy (classic, not created by the program) admitting another account",
            addResource("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "extra-bus-policy", {
                eventBusName: "salesforce-tasks-partner-bus",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
                            Action: "events:PutEvents",
                            Resource: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
                        },
                    ],
                }),
            }),
        ),
        v(
            "an aws-native EventBusPolicy statement admitting another account",
            addResource("aws-native:events:EventBusPolicy", "extra-native-bus-policy", {
                statementId: "partner",
                eventBusName: "default",
                statement: {
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
                    Action: "events:PutEvents",
                    Resource: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
                },
            }),
        ),
        v(
            "an aws-native EventBusPolicy with the principal property set to another account",
            addResource("aws-native:events:EventBusPolicy", "extra-native-bus-permission", {
                statementId: "partner",
                action: "events:PutEvents",
                principal: OTHER,
            }),
        ),
        v(
            "an aws-native EventBus with an inline policy admitting everyone",
            addResource("aws-native:events:EventBus", "extra-native-bus", {
                name: "extra",
                policy: {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: "*" }],
                },
            }),
        ),
        v(
            "an SNS topic (not created by the program) with an inline policy for another account",
            addResource("aws:sns/topic:Topic", "extra-topic", {
                name: "extra",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { AWS: OTHER }, Action: "sns:Subscribe", Resource: "*" }],
                }),
            }),
        ),
        v(
            "an SQS queue (not created by the program) with an inline policy open to anyone",
            addResource("aws:sqs/queue:Queue", "extra-queue", {
                name: "extra",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" }],
                }),
            }),
        ),
        v(
            "a Lambda permission (not created by the program) for another account",
            addResource("aws:lambda/permission:Permission", "extra-permission", {
                action: "lambda:InvokeFunction",
                function: "f",
                principal: OTHER,
            }),
        ),
        v(
            "an EventBridge permission for every account of an organisation",
            addResource("aws:cloudwatch/eventPermission:EventPermission", "extra-org-permission", {
                principal: "*",
                statementId: "org",
                condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-exampleorg01" },
            }),
        ),
        v(
            "queue: another account's root, with this account's id set by the accountId setting",
            onQueue(anyoneOnQueue(undefined, { AWS: `arn:aws:iam::${OTHER}:root` })),
            { "other-accounts": { accountId: ACCOUNT } },
        ),
    ];
}

// ---------------------------------------------------------------------------------------------
// Class 2: source bindings
// ---------------------------------------------------------------------------------------------

function sourceVariants(): Variant[] {
    const v = (name: string, apply: Variant["apply"]): Variant => ({
        cls: "sources",
        name: `redteam: ${name}`,
        apply,
        caughtBy: "confused-deputy-source-conditions",
    });
    const widened = `arn:aws:cloudwatch:${REGION}:*:alarm:*`;
    return [
        v(
            "alarm topic: aws:SourceAccount StringLike 1234567890* (a near account), ARN pattern any account",
            alarmsSource({ StringLike: { "aws:SourceAccount": "1234567890*" }, ArnLike: { "aws:SourceArn": widened } }),
        ),
        v(
            "alarm topic: aws:SourceArn pattern on a near account (arn:…:12345678901?:alarm:*), no aws:SourceAccount",
            alarmsSource({ ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:12345678901?:alarm:*` } }),
        ),
        v(
            "alarm topic: aws:SourceAccount = ${aws:SourceAccount} (a variable compared with itself)",
            alarmsSource({ StringEquals: { "aws:SourceAccount": "${aws:SourceAccount}" } }),
        ),
        v(
            "alarm topic: aws:PrincipalIsAWSService true only (any account's alarms)",
            alarmsSource({ Bool: { "aws:PrincipalIsAWSService": "true" } }),
        ),
        v(
            "alarm topic: ForAnyValue:StringNotEquals aws:SourceAccount this account (any other account matches)",
            alarmsSource({ "ForAnyValue:StringNotEquals": { "aws:SourceAccount": ACCOUNT } }),
        ),
        // Issue 22 review H1: a negation naming the fixed probe account (every other account's alarms).
        v(
            "alarm topic: StringNotEquals aws:SourceAccount 999988887777 + Null both keys false (every other account)",
            alarmsSource({
                StringNotEquals: { "aws:SourceAccount": "999988887777" },
                Null: { "aws:SourceAccount": "false", "aws:SourceArn": "false" },
            }),
        ),
        v(
            "alarm topic: aws:SourceAccount StringLike * (every account)",
            alarmsSource({ StringLike: { "aws:SourceAccount": "*" }, ArnLike: { "aws:SourceArn": widened } }),
        ),
        v(
            "DLQ: aws:SourceArn StringLike with a trailing * (admits …-dev-other domains)",
            dlqSource({
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                StringLike: { "aws:SourceArn": `${DOMAIN_ARN}*` },
            }),
        ),
        v(
            "DLQ: conditions dropped, a Deny only of other accounts (another domain of this account still in)",
            both(dlqSource(undefined), onQueue(dlqDeny({ StringNotEquals: { "aws:SourceAccount": ACCOUNT } }))),
        ),
        v(
            "DLQ: conditions dropped, a Deny of sources outside a domain pattern (ArnNotLike …:domains/*)",
            both(
                dlqSource(undefined),
                onQueue(dlqDeny({ ArnNotLike: { "aws:SourceArn": `arn:aws:profile:${REGION}:${ACCOUNT}:domains/*` } })),
            ),
        ),
        v(
            "DLQ: conditions dropped, a Deny of one foreign domain only (ArnEquals)",
            both(dlqSource(undefined), onQueue(dlqDeny({ ArnEquals: { "aws:SourceArn": FOREIGN_DOMAIN } }))),
        ),
        v(
            "DLQ: conditions dropped, one Deny testing both keys (AND: a sibling domain of this account passes it)",
            both(
                dlqSource(undefined),
                onQueue(
                    dlqDeny({
                        StringNotEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnNotEquals: { "aws:SourceArn": DOMAIN_ARN },
                    }),
                ),
            ),
        ),
        v(
            "DLQ: conditions dropped, a Deny on another action (sqs:ReceiveMessage)",
            both(
                dlqSource(undefined),
                onQueue(dlqDeny({ ArnNotEquals: { "aws:SourceArn": DOMAIN_ARN } }, { Action: "sqs:ReceiveMessage" })),
            ),
        ),
        v(
            "DLQ: the sibling domain in a list beside the own one",
            dlqSource({
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnEquals: { "aws:SourceArn": [DOMAIN_ARN, SIBLING_DOMAIN] },
            }),
        ),
        v(
            "DLQ: aws:SourceArn ArnLike with the domain part wildcarded by ? (admits other domains of that length)",
            dlqSource({
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": DOMAIN_ARN.replace(/dev$/, "???") },
            }),
        ),
    ];
}

// ---------------------------------------------------------------------------------------------
// Class 6: web identities
// ---------------------------------------------------------------------------------------------

function webVariants(): Variant[] {
    const v = (name: string, apply: Variant["apply"]): Variant => ({
        cls: "web-identity",
        name: `redteam: ${name}`,
        apply,
        caughtBy: "web-identity-trust",
    });
    return [
        v(
            "GitHub: sub repo:examplecorp/* (every repository of the organisation)",
            ghRole({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:examplecorp/*" } }),
        ),
        v(
            "GitHub: sub repo:examplecorp/*:* (every repository of the organisation)",
            ghRole({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:examplecorp/*:*" } }),
        ),
        v(
            "GitHub: sub repo:examplecorp/contact-center*:* (admits contact-center-fork)",
            ghRole({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:examplecorp/contact-center*:*" } }),
        ),
        v(
            "GitHub: sub *examplecorp/contact-center:* (admits another owner ending in examplecorp)",
            ghRole({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "*examplecorp/contact-center:*" } }),
        ),
        v(
            "GitHub: aud StringLike * (any audience)",
            ghRole({ StringLike: { [`${GH}:aud`]: "*", [`${GH}:sub`]: SUB } }),
        ),
        v(
            "GitHub: aud StringLike sts* (other audiences)",
            ghRole({ StringLike: { [`${GH}:aud`]: "sts*", [`${GH}:sub`]: SUB } }),
        ),
        v(
            "GitHub: sub ForAllValues:StringLike (true for a token without the claim)",
            ghRole({ StringEquals: AUD, "ForAllValues:StringLike": { [`${GH}:sub`]: SUB } }),
        ),
        v("GitHub: no conditions, action sts:* ", ghRole(undefined, [], "sts:*")),
        v("GitHub: no conditions, action spelt in lower case", ghRole(undefined, [], "sts:assumerolewithwebidentity")),
        v(
            "GitHub: sub bound only by a Deny on another action",
            ghRole({ StringEquals: AUD }, [
                {
                    Effect: "Deny",
                    Principal: { Federated: ghProvider },
                    Action: "sts:TagSession",
                    Condition: { StringNotLike: { [`${GH}:sub`]: "repo:examplecorp/contact-center:*" } },
                },
            ]),
        ),
        // Cognito identity pools: aud is the identity pool id; without it any pool, in any account, can assume
        // the role (Cognito Developer Guide, identity pools security best practices; STS
        // AssumeRoleWithWebIdentity: trust policies must contain cognito-identity.amazonaws.com:aud).
        v(
            "Cognito identity pool role without aud",
            webRole("cognito-identity.amazonaws.com", {
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
            }),
        ),
        v(
            "Cognito identity pool role with aud StringLike eu-west-2:* (every pool of the region)",
            webRole("cognito-identity.amazonaws.com", {
                StringLike: { "cognito-identity.amazonaws.com:aud": `${REGION}:*` },
            }),
        ),
        v("Google web identity role without aud", webRole("accounts.google.com", undefined)),
    ];
}

// ---------------------------------------------------------------------------------------------
// Safe
// ---------------------------------------------------------------------------------------------

function safeVariants(): Variant[] {
    const v = (name: string, apply: Variant["apply"], policyConfig?: Variant["policyConfig"]): Variant => ({
        cls: "safe",
        name: `redteam: ${name}`,
        apply,
        ...(policyConfig ? { policyConfig } : {}),
    });
    const pinned = {
        StringEquals: { "aws:SourceAccount": ACCOUNT },
        ArnEquals: { "aws:SourceArn": DOMAIN_ARN },
    };
    return [
        v(
            'queue: {AWS: "*"} bound by aws:PrincipalAccount = this account',
            onQueue(anyoneOnQueue({ StringEquals: { "aws:PrincipalAccount": ACCOUNT } })),
        ),
        v(
            'queue: {AWS: "*"} bound by aws:PrincipalAccount = ${aws:ResourceAccount} (the queue\'s own account)',
            onQueue(anyoneOnQueue({ StringEquals: { "aws:PrincipalAccount": "${aws:ResourceAccount}" } })),
        ),
        v(
            'queue: {AWS: "*"} bound by aws:PrincipalArn ArnLike this account\'s roles',
            onQueue(anyoneOnQueue({ ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/*` } })),
        ),
        v(
            'queue: {AWS: "*"} bound by a condition key spelt in another case (AWS:PRINCIPALACCOUNT)',
            onQueue(anyoneOnQueue({ StringEquals: { "AWS:PRINCIPALACCOUNT": ACCOUNT } })),
        ),
        v(
            'queue: {AWS: "*"} bound by ForAnyValue:StringEquals aws:PrincipalAccount (same as StringEquals on a single value)',
            onQueue(anyoneOnQueue({ "ForAnyValue:StringEquals": { "aws:PrincipalAccount": ACCOUNT } })),
        ),
        v(
            'queue: {AWS: "*"} Allow with a Deny of every other account (StringNotEquals aws:PrincipalAccount)',
            onQueue(
                anyoneOnQueue(undefined),
                // Only on the action the Allow grants: a service principal's request has no aws:PrincipalAccount,
                // so a Deny on sqs:SendMessage too would also refuse Customer Profiles its own DLQ.
                dlqDeny(
                    { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } },
                    { Action: "sqs:ReceiveMessage", Resource: "*" },
                ),
            ),
        ),
        v(
            'queue: {AWS: "*"} Allow with a Deny StringNotEqualsIfExists aws:PrincipalAccount (also denies callers without it)',
            onQueue(
                anyoneOnQueue(undefined),
                dlqDeny(
                    { StringNotEqualsIfExists: { "aws:PrincipalAccount": ACCOUNT } },
                    { Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"] },
                ),
            ),
        ),
        v("queue: principal this account's bare id", onQueue(anyoneOnQueue(undefined, { AWS: ACCOUNT }))),
        v(
            "queue: principal a one-element list with this account's role",
            onQueue(anyoneOnQueue(undefined, { AWS: [`arn:aws:iam::${ACCOUNT}:role/crm-sync`] })),
        ),
        v(
            "queue: another account's bare id, trusted by configuration",
            onQueue(anyoneOnQueue(undefined, { AWS: OTHER })),
            { "other-accounts": { trustedAccounts: [OTHER] } },
        ),
        v("the dev plan with accountId set to this account", (p) => p, {
            "other-accounts": { accountId: ACCOUNT },
            "confused-deputy-source-conditions": { accountId: ACCOUNT },
        }),
        v(
            "DLQ: aws:SourceArn moved out of the Allow into a Deny of every source but the own domain (ArnNotEquals)",
            both(
                dlqSource({ StringEquals: { "aws:SourceAccount": ACCOUNT } }),
                onQueue(dlqDeny({ ArnNotEquals: { "aws:SourceArn": DOMAIN_ARN } })),
            ),
        ),
        v(
            "DLQ: conditions dropped, a Deny ArnNotEqualsIfExists aws:SourceArn and StringNotEquals aws:SourceAccount in two statements",
            both(
                dlqSource(undefined),
                onQueue(
                    dlqDeny({ ArnNotEqualsIfExists: { "aws:SourceArn": DOMAIN_ARN } }, { Sid: "DenyOtherSources" }),
                    dlqDeny(
                        { StringNotEquals: { "aws:SourceAccount": ACCOUNT } },
                        { Sid: "DenyOtherAccounts", Action: "sqs:*" },
                    ),
                ),
            ),
        ),
        v(
            "DLQ: keys spelt in other cases (AWS:SOURCEACCOUNT, aws:sourcearn)",
            dlqSource({ StringEquals: { "AWS:SOURCEACCOUNT": ACCOUNT }, ArnEquals: { "aws:sourcearn": DOMAIN_ARN } }),
        ),
        v(
            "DLQ: ForAnyValue:StringLike on the single-valued source keys (same decision as StringLike)",
            dlqSource({ "ForAnyValue:StringLike": { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": DOMAIN_ARN } }),
        ),
        v(
            "DLQ: aws:SourceArn StringEqualsIgnoreCase the own domain",
            dlqSource({
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                StringEqualsIgnoreCase: { "aws:SourceArn": DOMAIN_ARN },
            }),
        ),
        v(
            "DLQ: aws:SourceAccount = ${aws:ResourceAccount} and the own domain's ARN",
            dlqSource({
                StringEquals: { "aws:SourceAccount": "${aws:ResourceAccount}" },
                ArnEquals: { "aws:SourceArn": DOMAIN_ARN },
            }),
        ),
        v(
            "alarm topic: aws:SourceAccount = ${aws:ResourceAccount} (the data-perimeter form)",
            alarmsSource({
                StringEquals: { "aws:SourceAccount": "${aws:ResourceAccount}" },
                ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:*` },
            }),
        ),
        v(
            "DLQ: conditions also Null-checked (Null aws:SourceArn false)",
            dlqSource({ ...pinned, Null: { "aws:SourceArn": "false" } }),
        ),
        v(
            "DLQ: the policy given as an object instead of a JSON string",
            reshapeDoc("profiles-dlq-policy", "policy", (d) => d),
        ),
        v(
            "DLQ: the document read from a stack export with --show-secrets (plaintext envelope)",
            asStackExport("profiles-dlq-policy", "policy", (text) => ({
                [SECRET_SIG]: SECRET_VALUE,
                plaintext: JSON.stringify(text),
            })),
        ),
        v(
            "DLQ: the document read from a stack export without --show-secrets (ciphertext envelope: not judged)",
            asStackExport("profiles-dlq-policy", "policy", () => ({
                [SECRET_SIG]: SECRET_VALUE,
                ciphertext: "AAABAHfRZ0Yx0qtX9sXGlmVJ8XlM",
            })),
        ),
        v(
            "--show-replacement-steps: the queue policy replaced, its old state (open to another account) only in delete-replaced",
            (plan) => {
                const copy = structuredClone(plan);
                const i = copy.steps.findIndex((s) => s.urn.endsWith("::profiles-dlq-policy"));
                const step = copy.steps[i];
                const old = structuredClone(step.newState!);
                const d = JSON.parse(old.inputs.policy as string) as Doc;
                d.Statement.push(anyoneOnQueue(undefined, { AWS: `arn:aws:iam::${OTHER}:root` }));
                old.inputs.policy = JSON.stringify(d);
                copy.steps.splice(
                    i,
                    1,
                    { ...structuredClone(step), op: "create-replacement" },
                    { ...structuredClone(step), op: "replace", oldState: old },
                    { op: "delete-replaced", urn: step.urn, oldState: old },
                );
                return copy;
            },
        ),
        v(
            "GitHub: aud and sub bound, keys spelt in another case (Token.Actions.GitHubUserContent.com:sub)",
            ghRole({
                StringEquals: {
                    "Token.Actions.GitHubUserContent.com:aud": "sts.amazonaws.com",
                    "Token.Actions.GitHubUserContent.com:sub": SUB,
                },
            }),
        ),
        v(
            "GitHub: aud and sub each a one-element list (StringEquals), sub one exact subject",
            ghRole({
                StringEquals: { [`${GH}:aud`]: ["sts.amazonaws.com"], [`${GH}:sub`]: [SUB] },
            }),
        ),
        v(
            "GitHub: sub by ForAnyValue:StringLike on one exact subject (same as StringLike on a single value)",
            ghRole({
                StringEquals: AUD,
                "ForAnyValue:StringLike": { [`${GH}:sub`]: SUB },
            }),
        ),
        // A Deny on sub only narrows (web-identity-trust requires the Allow's own binding, so that no negation
        // can stand in for it; tests/policies/web-identity-trust.test.ts): the Allow binds the subject too.
        v(
            "GitHub: aud and sub exact in the Allow, and a Deny StringNotEquals sub (the same subject) narrowing it",
            ghRole({ StringEquals: { ...AUD, [`${GH}:sub`]: SUB } }, [
                {
                    Effect: "Deny",
                    Principal: { Federated: ghProvider },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringNotEquals: { [`${GH}:sub`]: SUB } },
                },
            ]),
        ),
        v(
            "Cognito identity pool role bound to one pool (aud) and to authenticated users (amr)",
            webRole("cognito-identity.amazonaws.com", {
                StringEquals: {
                    "cognito-identity.amazonaws.com:aud": `${REGION}:a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`,
                },
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
            }),
        ),
        v(
            "Google web identity role bound to one client (accounts.google.com:aud)",
            webRole("accounts.google.com", {
                StringEquals: { "accounts.google.com:aud": "123456789-example.apps.googleusercontent.com" },
            }),
        ),
    ];
}

export function redteamVariants(): Variant[] {
    return [...accountVariants(), ...sourceVariants(), ...webVariants(), ...safeVariants()];
}
