// The variant table: single edits of the dev stack's offline plan, insecure and safe, per class of
// what the pack must catch. Each variant is one edit a careless change or an attacker would make (or a
// harmless rewrite); tests/policies/variants.test.ts runs each through the analyzer path.
import { Plan, ResourceState } from "../../tools/lib/plan-format";

export const ACCOUNT = "123456789012";
export const OTHER = "444455556666";
export const REGION = "eu-west-2";
export const DOMAIN = "amazon-connect-examplecorp-dev";
export const DOMAIN_ARN = `arn:aws:profile:${REGION}:${ACCOUNT}:domains/${DOMAIN}`;
export const FIREHOSE_ARN = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/connect-dev-sales-ctr`;

export type Json = Record<string, any>;
export type Doc = { Version?: string; Statement: Json[] };

export interface Variant {
    /** Class of the issue: accounts, sources, kms, identity, transport, web-identity. */
    cls: string;
    name: string;
    apply: (plan: Plan) => Plan;
    /** Insecure: the policy that must report a mandatory violation. Safe: undefined. */
    caughtBy?: string;
    /** The plan edited: the dev stack's offline plan (default), its first-preview form, or a real preview file. */
    base?: "plan" | "preview" | "preview-json";
    /** Policy config for this run (trustedAccounts …). */
    policyConfig?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Plan edits
// ---------------------------------------------------------------------------------------------

export function stateOf(plan: Plan, name: string): ResourceState {
    const step = plan.steps.find((s) => s.newState?.custom && s.urn.endsWith(`::${name}`));
    if (!step) {
        throw new Error(`the dev plan has no resource ${name}`);
    }
    return step.newState as ResourceState;
}

/** Copy the plan and edit one resource's inputs and outputs alike. */
export const edit =
    (name: string, f: (props: Json) => void) =>
    (plan: Plan): Plan => {
        const copy = structuredClone(plan);
        const st = stateOf(copy, name);
        f(st.inputs);
        if (st.outputs) {
            f(st.outputs);
        }
        return copy;
    };

/** Edit the JSON policy document held in `prop` of a resource. */
export const editDoc = (name: string, f: (d: Doc) => void, prop = "policy") =>
    edit(name, (p) => {
        if (typeof p[prop] !== "string") {
            return;
        }
        const d = JSON.parse(p[prop]) as Doc;
        f(d);
        p[prop] = JSON.stringify(d);
    });

export const sid = (d: Doc, s: string): Json => {
    const st = d.Statement.find((x) => x.Sid === s);
    if (!st) {
        throw new Error(`no statement ${s}`);
    }
    return st;
};

/** Add a resource the program did not create (as a real plan of a changed program would). */
export const addResource =
    (type: string, name: string, inputs: Json) =>
    (plan: Plan): Plan => {
        const copy = structuredClone(plan);
        const urn = `urn:pulumi:dev::connect-customer-profiles::${type}::${name}`;
        copy.steps.push({
            op: "create",
            urn,
            newState: {
                urn,
                custom: true,
                type,
                inputs,
                outputs: inputs,
                dependencies: [],
                propertyDependencies: {},
            },
        });
        return copy;
    };

export const both =
    (...fs: ((p: Plan) => Plan)[]) =>
    (plan: Plan): Plan =>
        fs.reduce((p, f) => f(p), plan);

// ---------------------------------------------------------------------------------------------
// Where the dev plan's statements live
// ---------------------------------------------------------------------------------------------

export interface Site {
    resource: string;
    prop: string;
    sid: string;
}

/** Statements granting an AWS principal of this account. */
export const AWS_PRINCIPAL_SITES: Site[] = [
    { resource: "profiles-key", prop: "policy", sid: "AccountRootAdministersKey" },
    { resource: "profiles-key", prop: "policy", sid: "ProfileApiCallersUseKeyThroughCustomerProfiles" },
    { resource: "alarms-key", prop: "policy", sid: "AccountRootAdministersKey" },
    { resource: "profile-export-key", prop: "policy", sid: "AccountRootAdministersKey" },
    { resource: "support-streaming-key-policy", prop: "policy", sid: "AccountRootAdministersKey" },
    { resource: "sales-streaming-key-policy", prop: "policy", sid: "ConnectServiceLinkedRoleProducesEncryptedRecords" },
];

/** Statements granting a service that acts for one resource the stack holds. */
export const SPECIFIC_SERVICE_SITES: (Site & { own: string; service: string })[] = [
    {
        resource: "profiles-key",
        prop: "policy",
        sid: "CustomerProfilesUsesKeyForThisDomain",
        own: DOMAIN_ARN,
        service: "profile",
    },
    {
        resource: "profile-export-key",
        prop: "policy",
        sid: "CustomerProfilesEncryptsExportedEventsForThisDomain",
        own: DOMAIN_ARN,
        service: "profile",
    },
    {
        resource: "profiles-dlq-policy",
        prop: "policy",
        sid: "CustomerProfilesSendsErrorsForThisDomain",
        own: DOMAIN_ARN,
        service: "profile",
    },
    // The workflow role's trust (aws:SourceAccount) and the Firehose delivery role's (sts:ExternalId) are
    // in the forms AWS documents for those callers (policies/lib/documented-forms.ts): no source ARN to
    // widen; their bindings are tried in tests/policies/documented-forms.test.ts and rules.test.ts.
];

/**
 * Key statements for SNS event sources bound by kms:ViaService: none since issue 19. The alarm key's
 * statements are AWS's documented form, with no condition (Amazon SNS Developer Guide, "Enable
 * compatibility between event sources from AWS services and encrypted topics"); the topic policy binds
 * the publisher (PATTERN_SERVICE_SITES below).
 */
export const SNS_KEY_SITES: Site[] = [];

/** Statements granting a service that acts for many resources of a kind (alarms, rules). */
export const PATTERN_SERVICE_SITES: (Site & { pattern: string })[] = [
    {
        resource: "alarms-topic-policy",
        prop: "policy",
        sid: "CloudWatchAlarmsPublish",
        pattern: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:*`,
    },
    {
        resource: "alarms-topic-policy",
        prop: "policy",
        sid: "EventBridgeRulesPublish",
        pattern: `arn:aws:events:${REGION}:${ACCOUNT}:rule/*`,
    },
];

export const DOCUMENT_SITES: { resource: string; prop: string }[] = [
    { resource: "profiles-key", prop: "policy" },
    { resource: "alarms-key", prop: "policy" },
    { resource: "profile-export-key", prop: "policy" },
    { resource: "support-streaming-key-policy", prop: "policy" },
    { resource: "sales-streaming-key-policy", prop: "policy" },
    { resource: "profiles-dlq-policy", prop: "policy" },
    { resource: "alarms-topic-policy", prop: "policy" },
    { resource: "sales-streaming-ctr-bucket-policy", prop: "policy" },
    { resource: "integrations-workflows-policy", prop: "policy" },
    { resource: "sales-streaming-ctr-delivery-policy", prop: "policy" },
];

const onStatement = (site: Site, f: (s: Json, d: Doc) => void) =>
    editDoc(site.resource, (d) => f(sid(d, site.sid), d), site.prop);

/** Put source conditions (`ops`: operator → key → value) in place of the statement's own. */
const withSource = (site: Site, cond: Json) =>
    onStatement(site, (s) => {
        s.Condition = cond;
    });

/** One insecure variant per source-condition form of a site, each for the confused-deputy rule to catch. */
const sourceVariants = (site: Site, forms: [string, Json][]): Variant[] =>
    forms.map(([form, cond]) => ({
        cls: "sources",
        name: `${site.resource} ${site.sid}: ${form}`,
        apply: withSource(site, cond),
        caughtBy: "confused-deputy-source-conditions",
    }));

// ---------------------------------------------------------------------------------------------
// Class 1: other accounts
// ---------------------------------------------------------------------------------------------

const principalForms: { name: string; principal: () => unknown }[] = [
    { name: "another account's root ARN", principal: () => ({ AWS: `arn:aws:iam::${OTHER}:root` }) },
    { name: "another account's bare id", principal: () => ({ AWS: OTHER }) },
    { name: "another account's role", principal: () => ({ AWS: `arn:aws:iam::${OTHER}:role/ops` }) },
    { name: "another account's user", principal: () => ({ AWS: `arn:aws:iam::${OTHER}:user/mallory` }) },
    {
        name: "another account's assumed-role session",
        principal: () => ({ AWS: `arn:aws:sts::${OTHER}:assumed-role/ops/session` }),
    },
    { name: "Principal *", principal: () => "*" },
    { name: "Principal {AWS: *}", principal: () => ({ AWS: "*" }) },
];

function accountVariants(): Variant[] {
    const out: Variant[] = [];
    for (const site of AWS_PRINCIPAL_SITES) {
        // kms:CallerAccount = this account keeps every other account out of that statement, whoever
        // its principal: its `*` and NotPrincipal forms are in the safe table.
        const callerBound = site.sid === "ProfileApiCallersUseKeyThroughCustomerProfiles";
        for (const form of principalForms.filter((f) => !callerBound || !f.name.startsWith("Principal"))) {
            out.push({
                cls: "accounts",
                name: `${site.resource} ${site.sid}: principal replaced by ${form.name}`,
                apply: onStatement(site, (s) => {
                    const keep = s.Condition;
                    s.Principal = form.principal();
                    // `*` keeps this statement's own conditions (kms:ViaService does not keep other accounts out)
                    if (keep) {
                        s.Condition = keep;
                    }
                }),
                caughtBy: "other-accounts",
            });
        }
        out.push({
            cls: "accounts",
            name: `${site.resource} ${site.sid}: another account's root added to the principal list`,
            apply: onStatement(site, (s) => {
                const aws = s.Principal.AWS;
                s.Principal = { AWS: [...(Array.isArray(aws) ? aws : [aws]), `arn:aws:iam::${OTHER}:root`] };
            }),
            caughtBy: "other-accounts",
        });
        if (callerBound) {
            continue;
        }
        out.push({
            cls: "accounts",
            name: `${site.resource} ${site.sid}: Principal turned into NotPrincipal (Allow everyone else)`,
            apply: onStatement(site, (s) => {
                s.NotPrincipal = s.Principal;
                delete s.Principal;
            }),
            caughtBy: "other-accounts",
        });
    }
    const added: { resource: string; action: string; resourceArn: string }[] = [
        {
            resource: "profiles-dlq-policy",
            action: "sqs:ReceiveMessage",
            resourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq-741f887`,
        },
        { resource: "alarms-topic-policy", action: "sns:Subscribe", resourceArn: "*" },
        {
            resource: "sales-streaming-ctr-bucket-policy",
            action: "s3:GetObject",
            resourceArn: "arn:aws:s3:::sales-streaming-ctr-bucket-d9603a6/*",
        },
    ];
    for (const a of added) {
        for (const [form, principal] of [
            ["root ARN", { AWS: `arn:aws:iam::${OTHER}:root` }],
            ["bare id", { AWS: OTHER }],
            ["role", { AWS: `arn:aws:iam::${OTHER}:role/reader` }],
            ["*", "*"],
        ] as const) {
            out.push({
                cls: "accounts",
                name: `${a.resource}: statement added for another account (${form})`,
                apply: editDoc(a.resource, (d) =>
                    d.Statement.push({
                        Effect: "Allow",
                        Principal: principal,
                        Action: a.action,
                        Resource: a.resourceArn,
                    }),
                ),
                caughtBy: "other-accounts",
            });
        }
    }
    for (const role of ["integrations-workflows-role", "sales-streaming-ctr-delivery-role"]) {
        out.push({
            cls: "accounts",
            name: `${role}: trust policy admits another account's root`,
            apply: editDoc(
                role,
                (d) =>
                    d.Statement.push({
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
                        Action: "sts:AssumeRole",
                    }),
                "assumeRolePolicy",
            ),
            caughtBy: "other-accounts",
        });
        out.push({
            cls: "accounts",
            name: `${role}: trust policy admits "*" within an organisation (other accounts of it included)`,
            apply: editDoc(
                role,
                (d) =>
                    d.Statement.push({
                        Effect: "Allow",
                        Principal: { AWS: "*" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg01" } },
                    }),
                "assumeRolePolicy",
            ),
            caughtBy: "other-accounts",
        });
    }
    out.push(
        {
            cls: "accounts",
            name: "a KMS grant to another account's role (a resource the program did not create)",
            apply: addResource("aws:kms/grant:Grant", "extra-grant", {
                keyId: "aa8f3a3d-bdbe-8c00-8db5-f3ef9bb4d00b",
                granteePrincipal: `arn:aws:iam::${OTHER}:role/reader`,
                operations: ["Decrypt"],
            }),
            caughtBy: "other-accounts",
        },
        {
            cls: "accounts",
            name: "a KMS grant retirable by another account",
            apply: addResource("aws:kms/grant:Grant", "extra-grant", {
                keyId: "aa8f3a3d-bdbe-8c00-8db5-f3ef9bb4d00b",
                granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/crm-sync`,
                retiringPrincipal: `arn:aws:iam::${OTHER}:root`,
                operations: ["Decrypt"],
            }),
            caughtBy: "other-accounts",
        },
        {
            cls: "accounts",
            name: "an EventBridge permission for every account",
            apply: addResource("aws:cloudwatch/eventPermission:EventPermission", "extra-permission", {
                principal: "*",
                statementId: "everyone",
            }),
            caughtBy: "other-accounts",
        },
        {
            cls: "accounts",
            name: "an EventBridge permission for another account",
            apply: addResource("aws:cloudwatch/eventPermission:EventPermission", "extra-permission", {
                principal: OTHER,
                statementId: "partner",
            }),
            caughtBy: "other-accounts",
        },
    );
    const foreign = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Resource: "*" };
    const nativeTypes: [string, string, Json][] = [
        [
            "aws-native:sqs:QueuePolicy",
            "policyDocument",
            { queues: [`https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/q`] },
        ],
        ["aws-native:sns:TopicPolicy", "policyDocument", { topics: [`arn:aws:sns:${REGION}:${ACCOUNT}:t`] }],
        ["aws-native:s3:BucketPolicy", "policyDocument", { bucket: "b" }],
        ["aws-native:kms:Key", "keyPolicy", { enableKeyRotation: true }],
        [
            "aws:kinesis/resourcePolicy:ResourcePolicy",
            "policy",
            { resourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/s` },
        ],
        [
            "aws-native:kinesis:ResourcePolicy",
            "resourcePolicy",
            { resourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/s` },
        ],
    ];
    for (const [type, prop, rest] of nativeTypes) {
        out.push({
            cls: "accounts",
            name: `${type} (not created by the program) admitting another account`,
            apply: addResource(type, "extra", {
                ...rest,
                [prop]: { Version: "2012-10-17", Statement: [{ ...foreign, Action: "*" }] },
            }),
            caughtBy: "other-accounts",
        });
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Class 2: source bindings
// ---------------------------------------------------------------------------------------------

const swapAccount = (arn: string) => arn.replace(`:${ACCOUNT}:`, `:${OTHER}:`);
const sibling = (arn: string) => arn.replace(/[^/]+$/, (n) => `${n}-test`);
const pattern = (arn: string) => arn.replace(/[^/]+$/, "*");

function specificSourceVariants(): Variant[] {
    const out: Variant[] = [];
    for (const site of SPECIFIC_SERVICE_SITES) {
        const forms: [string, Json][] = [
            [
                "aws:SourceArn dropped (account only, the resource is known)",
                { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            ],
            ["both source conditions dropped", {}],
            [
                "aws:SourceAccount names another account",
                { StringEquals: { "aws:SourceAccount": OTHER, "aws:SourceArn": site.own } },
            ],
            [
                "aws:SourceArn names the same resource in another account (account dropped)",
                { ArnEquals: { "aws:SourceArn": swapAccount(site.own) } },
            ],
            [
                "aws:SourceArn names another resource of this account",
                { StringEquals: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": sibling(site.own) } },
            ],
            [
                "aws:SourceArn a pattern (ArnLike) where the resource is known",
                { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": pattern(site.own) } },
            ],
            [
                "aws:SourceArn a pattern (StringLike) where the resource is known",
                { StringEquals: { "aws:SourceAccount": ACCOUNT }, StringLike: { "aws:SourceArn": pattern(site.own) } },
            ],
            [
                "both tests made ...IfExists",
                {
                    StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT },
                    ArnEqualsIfExists: { "aws:SourceArn": site.own },
                },
            ],
            [
                "both tests made ForAllValues (true without the keys)",
                {
                    "ForAllValues:StringEquals": { "aws:SourceAccount": ACCOUNT },
                    "ForAllValues:ArnEquals": { "aws:SourceArn": site.own },
                },
            ],
            [
                "ForAnyValue:StringLike naming another account",
                { "ForAnyValue:StringLike": { "aws:SourceAccount": OTHER, "aws:SourceArn": swapAccount(site.own) } },
            ],
            ["negated: StringNotEquals another account", { StringNotEquals: { "aws:SourceAccount": OTHER } }],
            [
                "negated: ArnNotLike another resource",
                { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnNotLike: { "aws:SourceArn": sibling(site.own) } },
            ],
            [
                "Null: keys only required to be present",
                { Null: { "aws:SourceAccount": "false", "aws:SourceArn": "false" } },
            ],
            [
                "misspelt keys (aws:SourceAcount, aws:SourceARNs) bind nothing",
                { StringEquals: { "aws:SourceAcount": ACCOUNT, "aws:SourceARNs": site.own } },
            ],
            [
                "account wildcard in aws:SourceArn, aws:SourceAccount dropped",
                { ArnLike: { "aws:SourceArn": site.own.replace(`:${ACCOUNT}:`, ":*:") } },
            ],
        ];
        out.push(...sourceVariants(site, forms));
    }
    for (const site of SNS_KEY_SITES) {
        const forms: [string, Json][] = [
            ["kms:ViaService dropped (no binding at all)", {}],
            ["kms:ViaService widened to any service (StringLike *)", { StringLike: { "kms:ViaService": "*" } }],
            [
                "kms:ViaService names another service",
                { StringEquals: { "kms:ViaService": `kinesis.${REGION}.amazonaws.com` } },
            ],
        ];
        out.push(...sourceVariants(site, forms));
    }
    for (const site of PATTERN_SERVICE_SITES) {
        const forms: [string, Json][] = [
            ["both source conditions dropped", {}],
            [
                "aws:SourceAccount names another account",
                { StringEquals: { "aws:SourceAccount": OTHER }, ArnLike: { "aws:SourceArn": site.pattern } },
            ],
            [
                "aws:SourceAccount dropped and the ARN pattern's account widened",
                { ArnLike: { "aws:SourceArn": site.pattern.replace(`:${ACCOUNT}:`, ":*:") } },
            ],
            [
                "aws:SourceAccount ...IfExists, ARN pattern widened",
                {
                    StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": site.pattern.replace(`:${ACCOUNT}:`, ":*:") },
                },
            ],
            ["ForAllValues on aws:SourceAccount", { "ForAllValues:StringEquals": { "aws:SourceAccount": ACCOUNT } }],
            ["negated: StringNotEquals another account", { StringNotEquals: { "aws:SourceAccount": OTHER } }],
            ["Null: aws:SourceAccount only present", { Null: { "aws:SourceAccount": "false" } }],
            [
                "misspelt aws:SourceAccount",
                {
                    StringEquals: { "aws:SourceAcount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": site.pattern.replace(`:${ACCOUNT}:`, ":*:") },
                },
            ],
        ];
        out.push(...sourceVariants(site, forms));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Safe rewrites (classes 1 and 2, and plan shapes)
// ---------------------------------------------------------------------------------------------

function safeVariants(): Variant[] {
    const out: Variant[] = [];
    for (const d of DOCUMENT_SITES) {
        out.push({
            cls: "safe",
            name: `${d.resource}: statements reordered`,
            apply: editDoc(d.resource, (doc) => doc.Statement.reverse(), d.prop),
        });
    }
    for (const site of SPECIFIC_SERVICE_SITES) {
        out.push(
            {
                cls: "safe",
                name: `${site.resource} ${site.sid}: ArnEquals for aws:SourceArn`,
                apply: withSource(site, {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnEquals: { "aws:SourceArn": site.own },
                }),
            },
            {
                cls: "safe",
                name: `${site.resource} ${site.sid}: one-element lists instead of single values`,
                apply: withSource(site, {
                    StringEquals: { "aws:SourceAccount": [ACCOUNT], "aws:SourceArn": [site.own] },
                }),
            },
            {
                cls: "safe",
                name: `${site.resource} ${site.sid}: aws:SourceOrgID added`,
                apply: onStatement(site, (s) => {
                    s.Condition.StringEquals["aws:SourceOrgID"] = "o-exampleorg01";
                }),
            },
            {
                cls: "safe",
                name: `${site.resource} ${site.sid}: ArnLike with the exact ARN`,
                apply: withSource(site, {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": site.own },
                }),
            },
        );
    }
    for (const site of PATTERN_SERVICE_SITES) {
        out.push({
            cls: "safe",
            name: `${site.resource} ${site.sid}: aws:SourceAccount as a one-element list`,
            apply: onStatement(site, (s) => {
                s.Condition.StringEquals["aws:SourceAccount"] = [ACCOUNT];
            }),
        });
    }
    out.push(
        {
            cls: "safe",
            name: "profiles-key: the Customer Profiles statement split into one statement per action",
            apply: editDoc("profiles-key", (d) => {
                const s = sid(d, "CustomerProfilesUsesKeyForThisDomain");
                d.Statement = d.Statement.filter((x) => x !== s);
                for (const a of s.Action as string[]) {
                    d.Statement.push({ ...structuredClone(s), Sid: `CustomerProfiles${a.split(":")[1]}`, Action: a });
                }
            }),
        },
        {
            cls: "safe",
            name: "profiles-dlq-policy: a Deny for other accounts added",
            apply: editDoc("profiles-dlq-policy", (d) =>
                d.Statement.push({
                    Sid: "DenyOtherAccounts",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sqs:*",
                    Resource: "*",
                    // Services act as service principals, whose requests carry no aws:PrincipalAccount: without
                    // this exemption the Deny also refuses Customer Profiles its own DLQ (the IAM simulator
                    // agrees: ExplicitlyDenied).
                    Condition: {
                        StringNotEquals: { "aws:PrincipalAccount": ACCOUNT },
                        BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
                    },
                }),
            ),
        },
        {
            cls: "safe",
            name: "profiles-key: a Deny of key deletion added",
            apply: editDoc("profiles-key", (d) =>
                d.Statement.push({
                    Sid: "NoDeletion",
                    Effect: "Deny",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: "kms:ScheduleKeyDeletion",
                    Resource: "*",
                }),
            ),
        },
        {
            cls: "safe",
            name: "profiles-key: another account's root, trusted by configuration",
            apply: editDoc("profiles-key", (d) =>
                d.Statement.push({
                    Sid: "PartnerReads",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: { StringEquals: { "kms:ViaService": `profile.${REGION}.amazonaws.com` } },
                }),
            ),
            policyConfig: { "other-accounts": { trustedAccounts: [OTHER] } },
        },
        {
            cls: "safe",
            name: 'profiles-key: Principal "*" bound by kms:CallerAccount and kms:ViaService (the AWS managed key pattern)',
            apply: editDoc("profiles-key", (d) =>
                d.Statement.push({
                    Sid: "ThroughProfilesInThisAccount",
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: ["kms:Decrypt"],
                    Resource: "*",
                    Condition: {
                        StringEquals: {
                            "kms:CallerAccount": ACCOUNT,
                            "kms:ViaService": `profile.${REGION}.amazonaws.com`,
                        },
                    },
                }),
            ),
        },
        {
            cls: "safe",
            name: 'alarms-topic-policy: Principal "*" bound by aws:SourceAccount',
            apply: editDoc("alarms-topic-policy", (d) =>
                d.Statement.push({
                    Sid: "S3EventsOfThisAccount",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "sns:Publish",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                }),
            ),
        },
        {
            cls: "safe",
            name: "profiles-dlq-policy: aws:SourceAccount ForAnyValue:StringEquals (same decision as StringEquals)",
            apply: onStatement(SPECIFIC_SERVICE_SITES[2], (s) => {
                s.Condition = {
                    "ForAnyValue:StringEquals": { "aws:SourceAccount": ACCOUNT },
                    ArnEquals: { "aws:SourceArn": DOMAIN_ARN },
                };
            }),
        },
    );
    const callers = AWS_PRINCIPAL_SITES[1];
    for (const [form, principal] of [
        ["*", "*"],
        ["{AWS: *}", { AWS: "*" }],
    ] as const) {
        out.push({
            cls: "safe",
            name: `${callers.resource} ${callers.sid}: Principal ${form}, still bound by kms:CallerAccount = this account`,
            apply: onStatement(callers, (s) => {
                s.Principal = principal;
            }),
        });
    }
    out.push({
        cls: "accounts",
        caughtBy: "iam-no-not-elements-with-allow",
        name: `${callers.resource} ${callers.sid}: NotPrincipal, even if kms:CallerAccount still binds it`,
        apply: onStatement(callers, (s) => {
            s.NotPrincipal = { AWS: `arn:aws:iam::${ACCOUNT}:role/nobody` };
            delete s.Principal;
        }),
    });
    for (const site of SNS_KEY_SITES) {
        out.push({
            cls: "safe",
            name: `${site.resource} ${site.sid}: kms:ViaService as a one-element list`,
            apply: onStatement(site, (s) => {
                s.Condition.StringEquals["kms:ViaService"] = [`sns.${REGION}.amazonaws.com`];
            }),
        });
    }
    // Attribute changes that touch no permission.
    const attrs: [string, string, (p: Json) => void][] = [
        ["profiles-key", "description changed", (p) => (p.description = "Customer Profiles domain key (renamed)")],
        ["profiles-key", "tags added", (p) => (p.tags = { team: "contact-center", costCentre: "cc-42" })],
        ["support-streaming-ctr", "retention raised to a week", (p) => (p.retentionPeriod = 168)],
        ["support-streaming-ctr", "shard count raised", (p) => (p.shardCount = 4)],
        ["profiles-dlq", "message retention shortened", (p) => (p.messageRetentionSeconds = 345600)],
        ["profiles-domain", "expiration days changed", (p) => (p.defaultExpirationDays = 730)],
        ["alarms-topic", "display name set", (p) => (p.displayName = "Customer Profiles alarms")],
        ["integrations-workflows-role", "description changed", (p) => (p.description = "workflows")],
    ];
    for (const [r, what, f] of attrs) {
        out.push({ cls: "safe", name: `${r}: ${what}`, apply: edit(r, f) });
    }
    // Plan shapes
    const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    out.push(
        {
            cls: "safe",
            name: "the first preview of the dev stack (every computed value unknown)",
            base: "preview",
            apply: (p) => p,
        },
        {
            cls: "safe",
            name: "a real pulumi preview --json of an update (only the changed steps listed)",
            base: "preview-json",
            apply: (p) => p,
        },
        {
            cls: "safe",
            name: "a key policy unknown until apply",
            apply: edit("profiles-key", (p) => (p.policy = U)),
        },
        {
            cls: "safe",
            name: "a source ARN in a condition unknown until apply",
            apply: onStatement(SPECIFIC_SERVICE_SITES[0], (s) => {
                s.Condition.StringEquals["aws:SourceArn"] = `arn:aws:profile:${REGION}:${ACCOUNT}:domains/${U}`;
            }),
        },
        {
            cls: "safe",
            name: "the domain's ARN and name unknown until apply",
            apply: edit("profiles-domain", (p) => {
                p.arn = U;
            }),
        },
    );
    out.push(
        {
            cls: "safe",
            name: "a policy document shown as a secret ([secret] in pulumi preview --json)",
            apply: edit("profiles-dlq-policy", (p) => (p.policy = "[secret]")),
        },
        {
            cls: "safe",
            name: "a key policy shown as a secret",
            apply: edit("profiles-key", (p) => (p.policy = "[secret]")),
        },
        {
            cls: "safe",
            name: "a trust policy shown as a secret",
            apply: edit("integrations-workflows-role", (p) => (p.assumeRolePolicy = "[secret]")),
        },
        {
            cls: "safe",
            name: "a document passed as a secret value (the engine's secret wire form, as the analyzer receives it)",
            apply: edit("profiles-dlq-policy", (p) => {
                p.policy = {
                    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                    value: p.policy,
                };
            }),
        },
        {
            cls: "safe",
            name: "--show-replacement-steps: the key policy listed twice under one URN (replace, create-replacement)",
            apply: (plan) => {
                const copy = structuredClone(plan);
                const i = copy.steps.findIndex((s) => s.urn.endsWith("::support-streaming-key-policy"));
                const step = copy.steps[i];
                copy.steps.splice(
                    i,
                    1,
                    { ...structuredClone(step), op: "create-replacement" },
                    { ...step, op: "replace" },
                );
                return copy;
            },
        },
        {
            cls: "safe",
            name: "--show-replacement-steps: the domain key listed twice (with a delete-replaced step)",
            apply: (plan) => {
                const copy = structuredClone(plan);
                const i = copy.steps.findIndex((s) => s.urn.endsWith("::profiles-key"));
                const step = copy.steps[i];
                copy.steps.splice(
                    i,
                    1,
                    { ...structuredClone(step), op: "create-replacement" },
                    { ...structuredClone(step), op: "replace" },
                    { op: "delete-replaced", urn: step.urn, oldState: structuredClone(step.newState) },
                );
                return copy;
            },
        },
    );
    return out;
}

// ---------------------------------------------------------------------------------------------
// Class 6: web identities (a CI role added to the plan, trusted by GitHub Actions' OIDC provider)
// ---------------------------------------------------------------------------------------------

const GH = "token.actions.githubusercontent.com";
const ciRole = (cond: Json | undefined) =>
    addResource("aws:iam/role:Role", "ci-deploy-role", {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "GitHubActions",
                    Effect: "Allow",
                    Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GH}` },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    ...(cond ? { Condition: cond } : {}),
                },
            ],
        }),
    });

function webIdentityVariants(): Variant[] {
    const insecure: [string, Json | undefined][] = [
        ["no conditions", undefined],
        ["aud only (any repository)", { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" } }],
        ["sub only (any audience)", { StringLike: { [`${GH}:sub`]: "repo:examplecorp/contact-center:*" } }],
        ["sub pattern *", { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${GH}:sub`]: "*" } }],
        [
            "sub pattern repo:*",
            { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${GH}:sub`]: "repo:*" } },
        ],
        [
            "both ...IfExists",
            {
                StringEqualsIfExists: { [`${GH}:aud`]: "sts.amazonaws.com" },
                StringLikeIfExists: { [`${GH}:sub`]: "repo:examplecorp/contact-center:*" },
            },
        ],
        [
            "sub negated (any repository but one)",
            {
                StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" },
                StringNotLike: { [`${GH}:sub`]: "repo:examplecorp/sandbox:*" },
            },
        ],
    ];
    const safe: [string, Json][] = [
        [
            "aud and sub bound (IdP condition keys)",
            {
                StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" },
                StringLike: { [`${GH}:sub`]: "repo:examplecorp/contact-center:ref:refs/heads/main" },
            },
        ],
        [
            "aud and sub bound, sub as a list of environments",
            {
                StringEquals: {
                    [`${GH}:aud`]: ["sts.amazonaws.com"],
                    [`${GH}:sub`]: [
                        "repo:examplecorp/contact-center:environment:dev",
                        "repo:examplecorp/contact-center:environment:prod",
                    ],
                },
            },
        ],
    ];
    return [
        ...insecure.map(([n, c]): Variant => ({
            cls: "web-identity",
            name: `a GitHub Actions role added: ${n}`,
            apply: ciRole(c),
            caughtBy: "web-identity-trust",
        })),
        ...safe.map(([n, c]): Variant => ({
            cls: "safe",
            name: `a GitHub Actions role added: ${n}`,
            apply: ciRole(c),
        })),
    ];
}

export function variants(): Variant[] {
    return [...accountVariants(), ...specificSourceVariants(), ...webIdentityVariants(), ...safeVariants()];
}
