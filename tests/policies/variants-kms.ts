// Class 3 of the variant table: KMS conditions. Single edits of the dev plan's key policies, identity
// statements that use keys through services, and grants; insecure ones are judged by the KMS policy
// named, safe ones by the whole pack (tests/policies/variants.test.ts).
//
// What the edits rely on (AWS KMS Developer Guide, "AWS KMS condition keys"): kms:ViaService is
// SERVICE.REGION.amazonaws.com and absent from a direct call; kms:CallerAccount is the caller's account;
// kms:GrantOperations is multi-valued (ForAllValues limits it, ForAnyValue does not); kms:GrantIsForAWSResource
// is true only when an integrated service calls CreateGrant/ListGrants/RevokeGrant for the principal
// ("Controlling access to grants"). Operators: IAM User Guide, "IAM JSON policy elements: Condition operators".
import { Plan } from "../../tools/lib/plan-format";
import { ACCOUNT, addResource, Doc, edit, editDoc, Json, OTHER, REGION, sid, Variant } from "./variants";
import { rootKeyAdmin } from "./helpers";

const OTHER_REGION = "us-east-1";
const via = (svc: string, region = REGION) => `${svc}.${region}.amazonaws.com`;

interface ViaSite {
    resource: string;
    sid: string;
    /** The service the statement is held to. */
    svc: string;
    /** The policy that must catch an edit of this site. */
    rule: string;
}

const VIA_SITES: ViaSite[] = [
    {
        resource: "profiles-key",
        sid: "ProfileApiCallersUseKeyThroughCustomerProfiles",
        svc: "profile",
        rule: "kms-key-conditions",
    },
    {
        resource: "sales-streaming-key-policy",
        sid: "ConnectServiceLinkedRoleProducesEncryptedRecords",
        svc: "firehose",
        rule: "kms-key-conditions",
    },
    {
        resource: "support-streaming-key-policy",
        sid: "ConnectServiceLinkedRoleProducesEncryptedRecords",
        svc: "kinesis",
        rule: "kms-key-conditions",
    },
    { resource: "operator-checks", sid: "DecryptDeadLetterMessagesThroughSqs", svc: "sqs", rule: "kms-key-conditions" },
    { resource: "integrations-workflows-policy", sid: "KMSAppflow", svc: "appflow", rule: "kms-key-conditions" },
];

const onSid = (resource: string, s: string, f: (st: Json, d: Doc) => void) => editDoc(resource, (d) => f(sid(d, s), d));

/** Replace the statement's kms:ViaService test (other tests of the statement stay). */
const withVia = (site: ViaSite, block: Json) =>
    onSid(site.resource, site.sid, (st) => {
        const cond: Json = structuredClone(st.Condition ?? {});
        for (const op of Object.keys(cond)) {
            delete cond[op]["kms:ViaService"];
            if (Object.keys(cond[op]).length === 0) {
                delete cond[op];
            }
        }
        for (const [op, keys] of Object.entries(block)) {
            cond[op] = { ...(cond[op] ?? {}), ...keys };
        }
        st.Condition = cond;
    });

function viaVariants(): Variant[] {
    const out: Variant[] = [];
    for (const site of VIA_SITES) {
        const own = via(site.svc);
        const forms: [string, Json][] = [
            ["kms:ViaService dropped", {}],
            ["kms:ViaService names another service (lambda)", { StringEquals: { "kms:ViaService": via("lambda") } }],
            [
                "kms:ViaService names its service in another region",
                { StringEquals: { "kms:ViaService": via(site.svc, OTHER_REGION) } },
            ],
            [
                "another service added to kms:ViaService",
                { StringEquals: { "kms:ViaService": [own, via("secretsmanager")] } },
            ],
            ["kms:ViaService widened to * (StringLike)", { StringLike: { "kms:ViaService": "*" } }],
            [
                "kms:ViaService widened to every service of the region",
                { StringLike: { "kms:ViaService": `*.${REGION}.amazonaws.com` } },
            ],
            [
                "kms:ViaService widened to every region",
                { StringLike: { "kms:ViaService": `${site.svc}.*.amazonaws.com` } },
            ],
            [
                "kms:ViaService made optional (StringEqualsIfExists)",
                { StringEqualsIfExists: { "kms:ViaService": own } },
            ],
            [
                "kms:ViaService under ForAllValues (true without the key)",
                { "ForAllValues:StringEquals": { "kms:ViaService": own } },
            ],
            [
                "kms:ViaService negated (StringNotEquals another service)",
                { StringNotEquals: { "kms:ViaService": via("lambda") } },
            ],
            ["kms:ViaService only required present (Null false)", { Null: { "kms:ViaService": "false" } }],
            ["kms:ViaService misspelt (kms:ViaServices binds nothing)", { StringEquals: { "kms:ViaServices": own } }],
        ];
        for (const [form, block] of forms) {
            out.push({
                cls: "kms",
                name: `${site.resource} ${site.sid}: ${form}`,
                apply: withVia(site, block),
                // CreateGrant without a service binding is also the grant rule's; the ViaService rule judges the rest
                caughtBy:
                    site.sid === "KMSAppflow" && /dropped|misspelt/.test(form)
                        ? "kms-least-privilege-grants"
                        : site.rule,
            });
        }
    }
    return out;
}

const CALLERS = { resource: "profiles-key", sid: "ProfileApiCallersUseKeyThroughCustomerProfiles" };

/** Replace the statement's kms:CallerAccount test. */
const withCaller = (block: Json) =>
    onSid(CALLERS.resource, CALLERS.sid, (st) => {
        delete st.Condition.StringEquals["kms:CallerAccount"];
        for (const [op, keys] of Object.entries(block)) {
            st.Condition[op] = { ...(st.Condition[op] ?? {}), ...keys };
        }
    });

function callerVariants(): Variant[] {
    const forms: [string, Json][] = [
        ["kms:CallerAccount dropped", {}],
        ["kms:CallerAccount names another account", { StringEquals: { "kms:CallerAccount": OTHER } }],
        ["another account added to kms:CallerAccount", { StringEquals: { "kms:CallerAccount": [ACCOUNT, OTHER] } }],
        ["kms:CallerAccount a pattern (StringLike *)", { StringLike: { "kms:CallerAccount": "*" } }],
        [
            // (kms:CallerAccount is in every KMS request: ...IfExists would not widen it, so it is no variant)
            "kms:CallerAccount any 12 characters (StringLike ????????????)",
            { StringLike: { "kms:CallerAccount": "????????????" } },
        ],
        [
            "kms:CallerAccount negated (StringNotEquals another account)",
            { StringNotEquals: { "kms:CallerAccount": OTHER } },
        ],
        ["kms:CallerAccount only required present (Null false)", { Null: { "kms:CallerAccount": "false" } }],
        ["kms:CallerAccount misspelt (kms:CallerAcount)", { StringEquals: { "kms:CallerAcount": ACCOUNT } }],
    ];
    return forms.map(([form, block]) => ({
        cls: "kms",
        name: `${CALLERS.resource} ${CALLERS.sid}: ${form}`,
        apply: withCaller(block),
        caughtBy: "kms-key-conditions",
    }));
}

const PROFILES_GRANT = { resource: "integrations-workflows-policy", sid: "KMSCustomerProfiles" };

const withGrantOps = (block: Json | undefined) =>
    onSid(PROFILES_GRANT.resource, PROFILES_GRANT.sid, (st) => {
        delete st.Condition["ForAllValues:StringEquals"];
        Object.assign(st.Condition, block ?? {});
    });

/** A CreateGrant statement added to the domain key for the CRM role (the edit an insider would make). */
const keyGrantStatement = (cond: Json | undefined, actions: string | string[] = "kms:CreateGrant") =>
    editDoc("profiles-key", (d) =>
        d.Statement.push({
            Sid: "CrmSyncCreatesGrants",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/crm-sync` },
            Action: actions,
            Resource: "*",
            ...(cond ? { Condition: cond } : {}),
        }),
    );

const profileBound = () => ({
    StringEquals: { "kms:ViaService": via("profile"), "kms:CallerAccount": ACCOUNT },
});

/** A grant on the domain key for the CRM role, depending on the key as a program's grant would. */
const domainKeyGrant = (operations: string[]) => (plan: Plan) => {
    const out = addResource("aws:kms/grant:Grant", "crm-sync-grant", {
        keyId: "aa8f3a3d-bdbe-8c00-8db5-f3ef9bb4d00b",
        granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/crm-sync`,
        operations,
    })(plan);
    const key = out.steps.find((st) => st.urn.endsWith("::profiles-key"))!.urn;
    const st = out.steps[out.steps.length - 1].newState!;
    st.dependencies = [key];
    st.propertyDependencies = { keyId: [key] };
    return out;
};

function grantVariants(): Variant[] {
    const out: Variant[] = [];
    const opsForms: [string, Json][] = [
        ["ForAnyValue instead of ForAllValues", { "ForAnyValue:StringEquals": { "kms:GrantOperations": ["Decrypt"] } }],
        [
            "CreateGrant added to the operations",
            { "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt", "CreateGrant"] } },
        ],
        [
            "RetireGrant added to the operations",
            { "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt", "RetireGrant"] } },
        ],
        [
            "Sign added to the operations",
            { "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt", "Sign"] } },
        ],
        [
            "operations a wildcard (ForAllValues:StringLike *)",
            { "ForAllValues:StringLike": { "kms:GrantOperations": "*" } },
        ],
        [
            "operations a pattern that admits CreateGrant (Create*)",
            { "ForAllValues:StringLike": { "kms:GrantOperations": ["Decrypt", "Create*"] } },
        ],
        [
            "operations negated (ForAllValues:StringNotEquals Encrypt)",
            { "ForAllValues:StringNotEquals": { "kms:GrantOperations": "Encrypt" } },
        ],
        ["operations only required present (Null false)", { Null: { "kms:GrantOperations": "false" } }],
    ];
    for (const [form, block] of opsForms) {
        out.push({
            cls: "kms",
            name: `${PROFILES_GRANT.resource} ${PROFILES_GRANT.sid}: ${form}`,
            apply: withGrantOps(block),
            caughtBy: "kms-least-privilege-grants",
        });
    }
    out.push({
        cls: "kms",
        name: `${PROFILES_GRANT.resource} ${PROFILES_GRANT.sid}: kms:ViaService dropped (only the operations bind it: a grant to anyone)`,
        apply: onSid(PROFILES_GRANT.resource, PROFILES_GRANT.sid, (st) => delete st.Condition.StringEquals),
        caughtBy: "kms-least-privilege-grants",
    });
    const keyForms: [string, Json | undefined, string | string[]][] = [
        ["CreateGrant with no condition", undefined, "kms:CreateGrant"],
        [
            "CreateGrant bound only by kms:CallerAccount",
            { StringEquals: { "kms:CallerAccount": ACCOUNT } },
            "kms:CreateGrant",
        ],
        [
            "CreateGrant whose kms:GrantIsForAWSResource was dropped (only the operations left)",
            { "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt"] } },
            "kms:CreateGrant",
        ],
        [
            "CreateGrant with kms:GrantIsForAWSResource false",
            { Bool: { "kms:GrantIsForAWSResource": "false" } },
            "kms:CreateGrant",
        ],
        [
            "CreateGrant through Customer Profiles with ForAnyValue operations",
            { ...profileBound(), "ForAnyValue:StringEquals": { "kms:GrantOperations": ["Decrypt"] } },
            "kms:CreateGrant",
        ],
        [
            "CreateGrant to this account's grantees, operations unlimited",
            { StringLike: { "kms:GranteePrincipal": `arn:aws:iam::${ACCOUNT}:role/*` } },
            "kms:CreateGrant",
        ],
        ["grant actions by pattern (kms:*Grant*)", undefined, "kms:*Grant*"],
        ["RevokeGrant for a role, no service binding", undefined, "kms:RevokeGrant"],
        [
            "RetireGrant for a role, no service binding",
            { StringEquals: { "kms:CallerAccount": ACCOUNT } },
            "kms:RetireGrant",
        ],
    ];
    for (const [form, cond, actions] of keyForms) {
        out.push({
            cls: "kms",
            name: `profiles-key: ${form}`,
            apply: keyGrantStatement(cond, actions),
            caughtBy: "kms-least-privilege-grants",
        });
    }
    // Grants in the plan (aws:kms/grant:Grant), each widened in one way.
    const grant = domainKeyGrant;
    for (const [form, ops] of [
        ["CreateGrant among its operations", ["Decrypt", "CreateGrant"]],
        ["RetireGrant among its operations", ["Decrypt", "RetireGrant"]],
        ["a signing operation", ["Decrypt", "Sign"]],
        ["no operations", []],
    ] as const) {
        out.push({
            cls: "kms",
            name: `a KMS grant on the domain key with ${form}`,
            apply: grant([...ops]),
            caughtBy: "kms-grant-narrow-operations",
        });
    }
    return out;
}

/** aws-native:kms:Key and lockout: the same judgements for keys the program did not create. */
function nativeVariants(): Variant[] {
    const nativeKey = (statement: Json) =>
        addResource("aws-native:kms:Key", "extra-native-key", {
            enableKeyRotation: true,
            keyPolicy: {
                Version: "2012-10-17",
                Statement: [rootKeyAdmin(ACCOUNT), statement],
            },
        });
    const app = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/crm-sync` }, Resource: "*" };
    return [
        {
            cls: "kms",
            name: "aws-native:kms:Key: a role decrypts directly (no kms:ViaService)",
            apply: nativeKey({ ...app, Sid: "Direct", Action: "kms:Decrypt" }),
            caughtBy: "kms-key-conditions",
        },
        {
            cls: "kms",
            name: "aws-native:kms:Key: a role decrypts through a service no resource uses it for",
            apply: nativeKey({
                ...app,
                Sid: "ThroughLambda",
                Action: "kms:Decrypt",
                Condition: { StringEquals: { "kms:ViaService": via("lambda"), "kms:CallerAccount": ACCOUNT } },
            }),
            caughtBy: "kms-key-conditions",
        },
        {
            cls: "kms",
            name: "aws-native:kms:Key: CreateGrant with ForAnyValue operations",
            apply: nativeKey({
                ...app,
                Sid: "Grants",
                Action: "kms:CreateGrant",
                Condition: { "ForAnyValue:StringEquals": { "kms:GrantOperations": "Decrypt" } },
            }),
            caughtBy: "kms-least-privilege-grants",
        },
        {
            cls: "kms",
            // BypassPolicyLockoutSafetyCheck: AWS::KMS::Key schema (tests/fixtures/cfn-schemas/aws-kms-key.json)
            name: "aws-native:kms:Key: bypassPolicyLockoutSafetyCheck turned on",
            apply: addResource("aws-native:kms:Key", "extra-native-key", {
                enableKeyRotation: true,
                bypassPolicyLockoutSafetyCheck: true,
                keyPolicy: {
                    Version: "2012-10-17",
                    Statement: [rootKeyAdmin(ACCOUNT)],
                },
            }),
            caughtBy: "kms-no-lockout-bypass",
        },
        {
            cls: "kms",
            name: "support-streaming-key-policy: bypassPolicyLockoutSafetyCheck turned on",
            apply: edit("support-streaming-key-policy", (p) => (p.bypassPolicyLockoutSafetyCheck = true)),
            caughtBy: "kms-no-lockout-bypass",
        },
    ];
}

function safeVariants(): Variant[] {
    const callers = (f: (st: Json, d: Doc) => void) => onSid(CALLERS.resource, CALLERS.sid, f);
    return [
        {
            cls: "safe",
            name: "kms: the callers' statement split into one statement per action",
            apply: editDoc("profiles-key", (d) => {
                const s = sid(d, CALLERS.sid);
                d.Statement = d.Statement.filter((x) => x !== s);
                for (const a of s.Action as string[]) {
                    d.Statement.push({ ...structuredClone(s), Sid: `Callers${a.split(":")[1]}`, Action: a });
                }
            }),
        },
        {
            cls: "safe",
            name: "kms: the callers' statement with its condition keys reordered and one-element lists",
            apply: callers((st) => {
                st.Condition = {
                    StringEquals: { "kms:CallerAccount": [ACCOUNT], "kms:ViaService": [via("profile")] },
                };
            }),
        },
        {
            cls: "safe",
            name: "kms: the callers' statement narrowed to kms:Decrypt",
            apply: callers((st) => (st.Action = "kms:Decrypt")),
        },
        {
            cls: "safe",
            name: "kms: the callers' kms:CallerAccount replaced by aws:PrincipalAccount (same account)",
            apply: callers((st) => {
                delete st.Condition.StringEquals["kms:CallerAccount"];
                st.Condition.StringEquals["aws:PrincipalAccount"] = ACCOUNT;
            }),
        },
        {
            cls: "safe",
            name: "kms: the callers' kms:ViaService as StringLike with the exact value (no wildcard)",
            apply: callers((st) => {
                delete st.Condition.StringEquals["kms:ViaService"];
                st.Condition.StringLike = { "kms:ViaService": via("profile") };
            }),
        },
        {
            cls: "safe",
            name: "kms: a Deny of every other service added to the domain key",
            apply: editDoc("profiles-key", (d) =>
                d.Statement.push({
                    Sid: "DenyOtherServices",
                    Effect: "Deny",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/crm-sync` },
                    Action: "kms:*",
                    Resource: "*",
                    Condition: { StringNotEquals: { "kms:ViaService": via("profile") } },
                }),
            ),
        },
        {
            cls: "safe",
            name: "kms: the service-linked role's kms:ViaService as a single string",
            apply: onSid("support-streaming-key-policy", "ConnectServiceLinkedRoleProducesEncryptedRecords", (st) => {
                st.Condition.StringEquals["kms:ViaService"] = via("kinesis");
            }),
        },
        {
            cls: "safe",
            name: "kms: the SNS event-source statement narrowed to kms:GenerateDataKey*",
            apply: onSid("alarms-key", "EventBridgeRulesEncryptNotificationsThroughSns", (st) => {
                st.Action = ["kms:GenerateDataKey*"];
            }),
        },
        {
            cls: "safe",
            name: "kms: KMSCustomerProfiles bound to this account's grantees too (narrower)",
            apply: onSid(PROFILES_GRANT.resource, PROFILES_GRANT.sid, (st) => {
                st.Condition.StringLike = { "kms:GranteePrincipal": `arn:aws:iam::${ACCOUNT}:role/*` };
            }),
        },
        {
            cls: "safe",
            name: "kms: KMSCustomerProfiles operations as a one-element string",
            apply: withGrantOps({ "ForAllValues:StringEquals": { "kms:GrantOperations": "Decrypt" } }),
        },
        {
            cls: "safe",
            name: "kms: a key statement for the CRM role's grants bound by kms:GrantIsForAWSResource and ForAllValues operations",
            apply: keyGrantStatement({
                Bool: { "kms:GrantIsForAWSResource": "true" },
                "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt", "GenerateDataKey"] },
            }),
        },
        {
            cls: "safe",
            name: "kms: a key statement for the CRM role's grants through Customer Profiles with ForAllValues operations",
            apply: keyGrantStatement({
                ...profileBound(),
                "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt"] },
            }),
        },
        {
            cls: "safe",
            name: "kms: RevokeGrant for the CRM role only when a service acts (kms:GrantIsForAWSResource)",
            apply: keyGrantStatement({ Bool: { "kms:GrantIsForAWSResource": "true" } }, [
                "kms:RevokeGrant",
                "kms:ListGrants",
            ]),
        },
        {
            cls: "safe",
            name: "kms: the reingest role's kms:ViaService as a one-element list",
            apply: onSid("operator-reingest", "UseDomainKeyThroughCustomerProfiles", (st) => {
                st.Condition.StringEquals["kms:ViaService"] = [via("profile")];
            }),
        },
        {
            cls: "safe",
            name: "kms: a KMS grant on the domain key for a role of this account, Decrypt only",
            apply: domainKeyGrant(["Decrypt"]),
        },
    ];
}

/** The same edits on a first preview (every computed value unknown): key policies built from config are known. */
function previewVariants(): Variant[] {
    return [
        {
            cls: "kms",
            base: "preview",
            name: "first preview: the callers' kms:CallerAccount dropped",
            apply: withCaller({}),
            caughtBy: "kms-key-conditions",
        },
        {
            cls: "kms",
            base: "preview",
            name: "first preview: CreateGrant for the CRM role with no condition",
            apply: keyGrantStatement(undefined),
            caughtBy: "kms-least-privilege-grants",
        },
    ];
}

export function kmsVariants(): Variant[] {
    return [
        ...viaVariants(),
        ...callerVariants(),
        ...grantVariants(),
        ...nativeVariants(),
        ...previewVariants(),
        ...safeVariants(),
    ];
}
