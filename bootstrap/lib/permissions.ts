// Per resource type of the main program: the IAM actions each operation needs, from AWS's own
// statement of need (the CloudFormation schemas, generated into permissions/generated.json) for
// aws-native types, and from providers.ts (the Terraform AWS provider's calls, the dynamic
// providers' SDK commands) for the others.
import generated from "../permissions/generated.json";
import {
    CLASSIC,
    CLOUD_CONTROL,
    DYNAMIC,
    INVOKES,
    OPERATOR_ACTIONS,
    Operation,
    ProviderPermissions,
    SCHEMA_UNUSED_SERVICES,
    SERVICE_SIDE_ONLY,
} from "../permissions/providers";

export const OPERATIONS: Operation[] = ["create", "read", "update", "delete"];

interface GeneratedData {
    schemas: Record<string, { pulumiType: string; file: string; handlers: Record<Operation | "list", string[]> }>;
    actions: Record<string, { accessLevel: string; wildcardOnly: boolean; resourceTag: boolean; requestTag: boolean }>;
    unknownActions: string[];
}
export const DATA = generated as GeneratedData;

/** The aws-native types the main program declares (components/*: nativeAppflow, nativeConnect, nativeProfiles). */
export const NATIVE_TYPES = [
    "aws-native:appflow:Flow",
    "aws-native:connect:Rule",
    "aws-native:customerprofiles:EventStream",
    "aws-native:customerprofiles:Integration",
    "aws-native:customerprofiles:ObjectType",
];

/** Every resource type the main program declares, whose permissions the deploy role gets. */
export const PROGRAM_TYPES = [...Object.keys(CLASSIC), ...Object.keys(DYNAMIC), ...NATIVE_TYPES].sort();

/** Passing a role is granted per role (scope.ts), never from a type's list. */
const NEVER_LISTED = new Set(["iam:PassRole"]);

export function serviceOf(action: string): string {
    return action.split(":")[0];
}

export function schemaFor(pulumiType: string) {
    return Object.entries(DATA.schemas).find(([, s]) => s.pulumiType === pulumiType);
}

function known(actions: string[]): string[] {
    return [...new Set(actions)].filter((a) => !NEVER_LISTED.has(a) && a in DATA.actions);
}

/** The service-side permissions a classic or dynamic type gets from its `serviceSide` schema: other services only. */
function serviceSide(p: ProviderPermissions, op: Operation): string[] {
    if (!p.serviceSide) return [];
    const schema = DATA.schemas[p.serviceSide];
    if (!schema) throw new Error(`providers.ts names the schema ${p.serviceSide}, which generated.json lacks`);
    const own = new Set(OPERATIONS.flatMap((o) => p[o]).map(serviceOf));
    const only = SERVICE_SIDE_ONLY[p.serviceSide];
    const listed = (a: string) => only!.some((x) => (x.endsWith("*") ? a.startsWith(x.slice(0, -1)) : a === x));
    return schema.handlers[op].filter((a) => (only ? listed(a) : !own.has(serviceOf(a))));
}

/** The actions one operation of a type needs, or undefined when the type is unknown here. */
export function actionsFor(pulumiType: string, op: Operation): string[] | undefined {
    const p = CLASSIC[pulumiType] ?? DYNAMIC[pulumiType];
    if (p) return known([...p[op], ...serviceSide(p, op)]);
    if (!NATIVE_TYPES.includes(pulumiType)) return undefined;
    const schema = schemaFor(pulumiType);
    if (!schema) return undefined;
    const unused = SCHEMA_UNUSED_SERVICES[schema[0]] ?? [];
    return known([...CLOUD_CONTROL[op], ...schema[1].handlers[op].filter((a) => !unused.includes(serviceOf(a)))]);
}

/** The source of a type's permissions, for documentation and error messages. */
export function sourceOf(pulumiType: string): string[] {
    const p = CLASSIC[pulumiType] ?? DYNAMIC[pulumiType];
    if (p) return p.sources;
    const schema = schemaFor(pulumiType);
    return schema
        ? [
              `CloudFormation schema ${schema[0]} (tests/fixtures/cfn-schemas/${schema[1].file}), handlers create/read/update/delete`,
          ]
        : [];
}

/** Everything `pulumi up` needs for the program's types: every operation of every type, and the invokes. */
export function deployActions(types: string[] = PROGRAM_TYPES): string[] {
    const all = types.flatMap((t) => OPERATIONS.flatMap((op) => actionsFor(t, op) ?? []));
    return known([...all, ...invokeActions()]).sort();
}

export function invokeActions(): string[] {
    return Object.values(INVOKES).flatMap((i) => i.actions);
}

/**
 * Read actions the preview role never gets although a type's read names them: reading a secret's
 * value (aws_secretsmanager_secret_version reads it back) would hand pull requests the Salesforce
 * client secret. A refresh of that one resource needs the deploy role.
 */
export const PREVIEW_WITHHELD = ["secretsmanager:GetSecretValue"];

export function isReadOnly(action: string): boolean {
    const level = DATA.actions[action]?.accessLevel;
    return level === "Read" || level === "List";
}

/**
 * What `pulumi preview` and `pulumi refresh` need: the read operation of every type and the
 * invokes, restricted to actions whose access level is Read or List (a schema's read handler
 * sometimes names kms:Decrypt or kms:CreateGrant; the preview role does without them).
 */
export function previewActions(types: string[] = PROGRAM_TYPES): { granted: string[]; withheld: string[] } {
    const reads = known([...types.flatMap((t) => actionsFor(t, "read") ?? []), ...invokeActions()]);
    return {
        granted: reads.filter((a) => isReadOnly(a) && !PREVIEW_WITHHELD.includes(a)).sort(),
        withheld: reads.filter((a) => !isReadOnly(a) || PREVIEW_WITHHELD.includes(a)).sort(),
    };
}

/** The types among `types` with no permissions for some operation (a type added to the program without them). */
export function missingPermissions(types: string[]): string[] {
    return [...new Set(types)].filter((t) =>
        OPERATIONS.some((op) => {
            const actions = actionsFor(t, op);
            return actions === undefined || (op !== "update" && actions.length === 0);
        }),
    );
}

// KMS (issue 20, "tag, then use"): the deploy, operator, re-ingestion and preview roles hold nothing on
// `key/*` in IAM conditioned on the stack's tag alone, since KMS authorizes the tags of CreateKey as
// kms:TagResource, which must cover every key of the account (AWS KMS Developer Guide, "Managing KMS
// key tags with API operations", https://docs.aws.amazon.com/kms/latest/developerguide/manage-tags-api.html):
// a tag-scoped grant would reach any untagged key the role tags. The stack's key policies name
// these roles instead (components/common/ci-key-access.ts), with the actions classified here, from
// the same data as every other grant of the deploy role.

/**
 * KMS actions a type's list names that the deploy role never gets. kms:RetireGrant (the schema of
 * AWS::Connect::InstanceStorageConfig lists it for update and delete): Amazon Connect creates a grant
 * with the caller's permissions only when a KMS key is associated with an S3 storage location, and
 * DisassociateInstanceStorageConfig removes it (Amazon Connect Administrator Guide, "Key management in
 * Amazon Connect", https://docs.aws.amazon.com/connect/latest/adminguide/key-management.html); the
 * program's storage configs stream to Kinesis and Firehose and name no key, so no grant of a stack's
 * key is Connect's to retire. In a key policy it could be bound to no service (kms:GrantIsForAWSResource
 * applies to CreateGrant, ListGrants and RevokeGrant only: AWS KMS Developer Guide, "AWS KMS condition
 * keys", https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html), and would let the
 * deploy role remove grants the services rely on (the pack's kms-least-privilege-grants).
 */
export const KEY_ACTIONS_WITHHELD_FROM_DEPLOY: Record<string, string> = {
    "kms:RetireGrant": "no storage config of the program names a key: no grant of Connect's to retire",
    // The program's keys are enabled and rotate, constants of components/common/customer-managed-key.ts
    // (enableKeyRotation: true, no isEnabled): the provider never calls these, and either would stop a
    // service using the key as surely as cloudtrail:StopLogging (withheld and denied) stops the trail.
    "kms:DisableKey": "the program never disables a key (no isEnabled: false)",
    "kms:DisableKeyRotation": "the program's keys always rotate (enableKeyRotation: true)",
};

/** Services through which the deploy role's credentials use key material: Customer Profiles' object types. */
export const KEY_VIA_SERVICES = ["profile"];
/** Grants on a key, only for AWS services (kms:GrantIsForAWSResource, policies.ts ACTION_CONDITIONS). */
export const KEY_GRANT_ACTIONS = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"];
/** Key material: only through KEY_VIA_SERVICES. */
export const KEY_DATA_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];
/** Alias operations: authorized on the alias (IAM) and on every key affected (the key policy). */
export const KEY_ALIAS_ACTIONS = ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"];

/** The deploy role's KMS actions by where and how they are granted. */
export interface KeyActionClasses {
    /** On the alias resources (IAM, by the stack's alias names). */
    aliases: string[];
    /** On each of the stack's keys, in its key policy (alias operations included: their key side). */
    onKey: string[];
    /** On each of the stack's keys, in its key policy, with kms:GrantIsForAWSResource. */
    grants: string[];
    /** On the domain key, in its key policy, through KEY_VIA_SERVICES. */
    dataKeys: string[];
    /** Actions that take no resource (IAM, `*`): CreateKey, ListAliases, ListKeys. */
    noResource: string[];
}

/** Classifies KMS actions (default: every KMS action `pulumi up` of the program needs). */
export function keyActionClasses(
    actions: string[] = deployActions().filter(
        (a) => serviceOf(a) === "kms" && !(a in KEY_ACTIONS_WITHHELD_FROM_DEPLOY),
    ),
): KeyActionClasses {
    const has = new Set(actions);
    const pick = (xs: string[]) => xs.filter((a) => has.has(a)).sort();
    const noResource = actions.filter((a) => DATA.actions[a]?.wildcardOnly).sort();
    const grants = pick(KEY_GRANT_ACTIONS);
    const dataKeys = pick(KEY_DATA_ACTIONS);
    return {
        aliases: pick(KEY_ALIAS_ACTIONS),
        onKey: actions.filter((a) => !noResource.includes(a) && !grants.includes(a) && !dataKeys.includes(a)).sort(),
        grants,
        dataKeys,
        noResource,
    };
}

/** A KMS action that takes a key (not `Resource: "*"` alone): granted in the stack's key policies, never in IAM. */
export const takesKey = (a: string): boolean => serviceOf(a) === "kms" && !DATA.actions[a]?.wildcardOnly;
/** What the doctor reads on each of the stack's keys (OPERATOR_ACTIONS' KMS actions that take a key). */
export const OPERATOR_KEY_READS = OPERATOR_ACTIONS.filter(takesKey).sort();
/**
 * Reading the dead letters: SQS decrypts the queue's messages with the domain key for whoever
 * receives them (Amazon SQS Developer Guide, "Key management"), the operator peeking and the
 * re-ingestion reading and deleting them.
 */
export const DEAD_LETTERS_THROUGH_SQS = { actions: ["kms:Decrypt"], via: ["sqs"] };
/**
 * What `pulumi preview` and `pulumi refresh` read on each of the stack's keys (previewActions' KMS
 * actions that take a key): the reads, and the grants listed only when a service lists them.
 */
export function previewKeyActions(): { reads: string[]; grants: string[] } {
    const kms = previewActions().granted.filter(takesKey);
    return {
        reads: kms.filter((a) => !KEY_GRANT_ACTIONS.includes(a)).sort(),
        grants: kms.filter((a) => KEY_GRANT_ACTIONS.includes(a)).sort(),
    };
}
/**
 * Re-ingestion reads dead letters (DEAD_LETTERS_THROUGH_SQS) and writes profile objects, which
 * Customer Profiles encrypts with the caller's credentials (Decrypt and GenerateDataKey through
 * Customer Profiles); it sends nothing to SQS, so no GenerateDataKey through SQS.
 */
export const REINGEST_KEY_USE_THROUGH_PROFILES = { actions: ["kms:Decrypt", "kms:GenerateDataKey"], via: ["profile"] };
