// Stack configuration: read once, validated in one place, every problem reported at once.
//
// Scalars are declared (typed, with descriptions and defaults) in Pulumi.yaml's `config:` block.
// Structured settings are read with `requireObject`/`getObject`. Every value then passes one zod
// schema; each problem names the config key, the bad value and the expected form, and all of them
// are thrown together as a single `pulumi.RunError` (the engine prints only the message, no stack
// trace). `loadConfig` runs before any resource is constructed, so a bad config registers nothing.
//
// Section schemas of the later features (streaming, integrations, …) live beside their components
// and are composed here, so this file stays the single place where a stack's config is validated.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { crossCheckStreaming, instanceStreamingSchema, profileExportsSchema } from "../streaming/config";
import {
    crossCheckIntegrations,
    INTEGRATION_CREDENTIALS_KEY,
    integrationsSchema,
    objectTypesSchema,
    readCredentialFieldNames,
} from "../integrations/config";
import { crossCheckSalesforceTasks, SALESFORCE_SECRET_KEYS, salesforceTasksSchema } from "../tasks/config";
import { auditTrailSchema } from "../audit/config";
import { crossCheckSilentStops, silentStopAlarmsSchema } from "../monitoring/silence-config";
import { expected } from "../common/config-rules";
import { DEFAULT_ROLE_NAME_PREFIX, ROLE_NAME_PREFIX_PATTERN } from "../common/boundary";
import {
    CONNECT_DOMAIN_PREFIX,
    DOMAIN_NAME,
    DOMAIN_NAME_PATTERN,
    EMAIL,
    EMAIL_PATTERN,
    IAM_PRINCIPAL_ARN,
    IAM_PRINCIPAL_ARN_PATTERN,
} from "../common/names";
import type { ConfigProblem } from "../common/problems";
import { defaultExpirationDaysSchema, INSTANCE_ARN_PATTERN, instanceSchema } from "../domain/config";
import { closest, keysAt, unknownSettingText } from "./suggest";

export {
    CONNECT_DOMAIN_PREFIX,
    DOMAIN_NAME_PATTERN,
    EMAIL_PATTERN,
    IAM_PRINCIPAL_ARN_PATTERN,
    LOGICAL_NAME_PATTERN,
    MAX_EXPIRATION_DAYS,
} from "../common/names";
export type { ConfigProblem } from "../common/problems";
export {
    INSTANCE_ALIAS_PATTERN,
    INSTANCE_ARN_PATTERN,
    type ExistingInstanceConfig,
    type InstanceConfig,
    type NewInstanceConfig,
} from "../domain/config";

/** The Pulumi project name: the namespace of every config key of this program. */
export const PROJECT = "connect-customer-profiles";

const tagsSchema = z
    .record(
        z
            .string()
            .regex(
                /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u,
                expected('tag keys of 1–128 characters, not starting with "aws:"'),
            ),
        z.string().max(256, expected("tag values of at most 256 characters")),
        expected("a map of tag keys to string values"),
    )
    .refine((t) => Object.keys(t).length <= 50, expected("at most 50 tags"));

/** The bootstrap's roleNamePrefix (bootstrap/lib/config.ts): its stack roles are PREFIX-STACK-KIND. */
const ROLE_NAME_PREFIX_FORM = "the bootstrap's roleNamePrefix: 1-32 letters, digits or +=,.@_-";

/** The whole stack configuration, after defaults. */
export const stackConfigSchema = z.object({
    domainName: z
        .string(expected(DOMAIN_NAME.form))
        .min(1, expected(DOMAIN_NAME.form))
        .max(64, expected(DOMAIN_NAME.form))
        .regex(DOMAIN_NAME_PATTERN, expected(`${DOMAIN_NAME.form} (pattern ${DOMAIN_NAME_PATTERN.source})`)),
    defaultExpirationDays: defaultExpirationDaysSchema.default(366),
    deadLetterQueue: z.boolean(expected("true or false")).default(true),
    protectResources: z.boolean(expected("true or false")).default(true),
    bootstrapRoles: z.boolean(expected("true or false")).default(false),
    bootstrapRoleNamePrefix: z
        .string(expected(ROLE_NAME_PREFIX_FORM))
        .regex(ROLE_NAME_PREFIX_PATTERN, expected(ROLE_NAME_PREFIX_FORM))
        .default(DEFAULT_ROLE_NAME_PREFIX),
    stackBucketNames: z.boolean(expected("true or false")).default(false),
    profileApiCallers: z
        .array(
            z.string().regex(IAM_PRINCIPAL_ARN_PATTERN, expected(IAM_PRINCIPAL_ARN.form)),
            expected("a list of IAM role or user ARNs"),
        )
        .max(20, expected("at most 20 principals"))
        .default([]),
    connectInstances: z
        .array(instanceSchema, expected("a list of Amazon Connect instances, each { name, arn } or { name, alias, … }"))
        .min(1, expected("at least one Amazon Connect instance")),
    tags: tagsSchema.default({}),
    instanceStreaming: instanceStreamingSchema,
    profileExports: profileExportsSchema,
    alarmEmail: z
        .string(expected("an e-mail address such as oncall@example.com"))
        .regex(EMAIL_PATTERN, expected(EMAIL.form))
        .optional(),
    integrations: integrationsSchema.default([]),
    objectTypes: objectTypesSchema.default([]),
    salesforceTasks: salesforceTasksSchema.optional(),
    auditTrail: auditTrailSchema,
    silentStopAlarms: silentStopAlarmsSchema,
});

/**
 * Checks across entries that must hold whatever else is wrong, so they are reported together with
 * the per-field problems (a zod refinement would only run once every field is valid).
 */
export function crossCheck(raw: Record<string, unknown>): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const instances = Array.isArray(raw.connectInstances) ? raw.connectInstances : [];
    problems.push(...checkConnectDomainName(raw.domainName, instances.length));
    // One domain per instance: the same instance may not be associated twice.
    const seen = new Map<string, number>();
    instances.forEach((inst: unknown, i) => {
        if (inst === null || typeof inst !== "object") return;
        const o = inst as Record<string, unknown>;
        const fields: [string, unknown][] = [
            ["name", o.name],
            ["arn", o.arn],
            ["alias", typeof o.alias === "string" ? o.alias.toLowerCase() : undefined],
        ];
        for (const [field, value] of fields) {
            if (typeof value !== "string") continue;
            const first = seen.get(`${field}=${value}`);
            if (first === undefined) {
                seen.set(`${field}=${value}`, i);
                continue;
            }
            problems.push({
                key: `${PROJECT}:connectInstances[${i}].${field}`,
                value: o[field],
                expected:
                    field === "name"
                        ? `a name not used by another instance (connectInstances[${first}] has it)`
                        : `an instance associated only once: connectInstances[${first}] is the same instance, and an Amazon Connect instance belongs to exactly one Customer Profiles domain`,
            });
        }
    });
    const callers = Array.isArray(raw.profileApiCallers) ? raw.profileApiCallers : [];
    callers.forEach((c, i) => {
        if (callers.indexOf(c) !== i)
            problems.push({
                key: `${PROJECT}:profileApiCallers[${i}]`,
                value: c,
                expected: "each principal listed once",
            });
    });
    problems.push(...crossCheckStreaming(raw, PROJECT));
    problems.push(...checkDeliveryRoleQuota(raw));
    problems.push(...crossCheckSalesforceTasks(raw));
    problems.push(...crossCheckSilentStops(raw, PROJECT));
    return problems;
}

/**
 * With `bootstrapRoles`, every instance whose contact records go to Firehose puts its own inline
 * policy (its bucket, its key: components/streaming/policies.ts) on the stack's one delivery role,
 * and IAM limits the inline policies of one role to 10,240 characters together, white space not
 * counted (IAM User Guide, "IAM and AWS STS quotas", "Role policy size",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). One such policy is
 * 704 characters for the dev stack and at most about 900 with a 63-character bucket name and the
 * longest Region and partition names (tests/streaming/delivery-role-quota.test.ts measures it), so
 * at most {@link MAX_FIREHOSE_INSTANCES_PER_ROLE} instances: refused here rather than failing at
 * `pulumi up` after the first policies were put.
 */
export const MAX_FIREHOSE_INSTANCES_PER_ROLE = 11;
export function checkDeliveryRoleQuota(raw: Record<string, unknown>): ConfigProblem[] {
    if (raw.bootstrapRoles !== true) return [];
    const streaming = raw.instanceStreaming;
    if (streaming === null || typeof streaming !== "object" || Array.isArray(streaming)) return [];
    const firehose = Object.entries(streaming as Record<string, unknown>)
        .filter(([, v]) => {
            const c = v !== null && typeof v === "object" ? (v as Record<string, unknown>).contactRecords : undefined;
            return c !== null && typeof c === "object" && (c as Record<string, unknown>).target === "KINESIS_FIREHOSE";
        })
        .map(([k]) => k);
    if (firehose.length <= MAX_FIREHOSE_INSTANCES_PER_ROLE) return [];
    return [
        {
            key: `${PROJECT}:instanceStreaming`,
            value: firehose,
            expected: `at most ${MAX_FIREHOSE_INSTANCES_PER_ROLE} instances with contactRecords.target KINESIS_FIREHOSE when bootstrapRoles is true (${firehose.length} given): each puts an inline policy of up to about 900 characters on the stack's one delivery role, and IAM allows 10,240 characters of inline policies per role; split the instances across stacks, or use KINESIS_STREAM for some`,
        },
    ];
}

/**
 * A stack that associates Amazon Connect instances must name its domain `amazon-connect-…` (see
 * {@link CONNECT_DOMAIN_PREFIX}). Only a name that is otherwise valid is judged here, so that each
 * key is reported once, with the first rule it breaks.
 */
export function checkConnectDomainName(domainName: unknown, instanceCount: number): ConfigProblem[] {
    if (instanceCount === 0 || typeof domainName !== "string") return [];
    if (!DOMAIN_NAME_PATTERN.test(domainName) || domainName.length > 64) return [];
    if (domainName.startsWith(CONNECT_DOMAIN_PREFIX)) return [];
    const example = `${CONNECT_DOMAIN_PREFIX}${domainName}`.slice(0, 64);
    return [
        {
            key: `${PROJECT}:domainName`,
            value: domainName,
            expected: `a name starting with "${CONNECT_DOMAIN_PREFIX}" (e.g. ${example}), because the stack associates Amazon Connect instances and their service-linked role may use Customer Profiles only on domains named ${CONNECT_DOMAIN_PREFIX}* (AWS managed policy AmazonConnectServiceLinkedRolePolicy); the name is create-only, so renaming a deployed domain replaces it and loses its profiles`,
        },
    ];
}

export type StackConfig = z.infer<typeof stackConfigSchema>;

/** Config keys that hold structured values (JSON objects or arrays) rather than scalars. */
export const STRUCTURED_KEYS = [
    "connectInstances",
    "profileApiCallers",
    "tags",
    "integrations",
    "objectTypes",
    "instanceStreaming",
    "profileExports",
    "salesforceTasks",
    "auditTrail",
    "silentStopAlarms",
] as const;
/** Scalar config keys, declared with types and defaults in Pulumi.yaml. */
export const SCALAR_KEYS = {
    domainName: "string",
    defaultExpirationDays: "integer",
    deadLetterQueue: "boolean",
    protectResources: "boolean",
    bootstrapRoles: "boolean",
    bootstrapRoleNamePrefix: "string",
    stackBucketNames: "boolean",
    alarmEmail: "string",
} as const;

/**
 * Every top-level setting of this project: the scalars, the structured settings, and the secret
 * keys read by the Salesforce connection and by connector profiles created here. Any other
 * `connect-customer-profiles:*` key is a mistake (a misspelt setting would otherwise be ignored in
 * silence and its feature left out).
 */
export const KNOWN_KEYS: readonly string[] = [
    ...Object.keys(SCALAR_KEYS),
    ...STRUCTURED_KEYS,
    ...Object.values(SALESFORCE_SECRET_KEYS),
    INTEGRATION_CREDENTIALS_KEY,
];

/**
 * The settings the program reads as secrets (with `getSecret`/`getSecretObject`): they belong in the
 * stack file only as `secure:` ciphertext (`pulumi config set --secret`, with `--path` for a field of
 * a structured secret), never in plain text.
 */
export const SECRET_KEYS: readonly string[] = [...Object.values(SALESFORCE_SECRET_KEYS), INTEGRATION_CREDENTIALS_KEY];

/** The value of a problem that must not be printed (it may be a secret set under a misspelt key). */
export const VALUE_NOT_SHOWN: unique symbol = Symbol("value not shown");

/**
 * The providers whose configuration a stack may set, with the keys each accepts (the provider
 * packages' own `config/vars` modules: one exported getter per config key of the provider's schema).
 * `pulumi:` keys belong to the engine and are not judged here.
 */
export function providerConfigKeys(): Record<string, readonly string[]> {
    /* eslint-disable @typescript-eslint/no-require-imports */
    return {
        aws: Object.keys(require("@pulumi/aws/config/vars")),
        "aws-native": Object.keys(require("@pulumi/aws-native/config/vars")),
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * Unknown keys among the stack's config keys (`namespace:key`): a key of this project that is no
 * setting, a provider key the provider does not have (`aws:regoin`), or a key of a namespace that is
 * neither this project's nor a provider's (`connect-customer-profile:alarmEmail`, which would
 * otherwise be ignored in silence and its feature left out). Each is reported with the nearest
 * known key; its value is never printed, since it may be a misspelt secret.
 */
export function checkTopLevelKeys(
    configKeys: Iterable<string>,
    providers: Record<string, readonly string[]> = providerConfigKeys(),
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const namespaces = [PROJECT, ...Object.keys(providers)];
    for (const full of configKeys) {
        const colon = full.indexOf(":");
        const namespace = colon < 0 ? "" : full.slice(0, colon);
        const name = full.slice(colon + 1);
        if (namespace === "pulumi") continue;
        const known = namespace === PROJECT ? KNOWN_KEYS : providers[namespace];
        if (known === undefined) {
            const near = closest(namespace, namespaces);
            const nearKeys = near === PROJECT ? KNOWN_KEYS : near === undefined ? [] : providers[near];
            const meant = near === undefined ? undefined : `${near}:${closest(name, nearKeys) ?? name}`;
            problems.push({
                key: full,
                value: VALUE_NOT_SHOWN,
                expected:
                    meant !== undefined
                        ? `no such namespace "${namespace}": did you mean \`${meant}\`?`
                        : `a key of this project (${PROJECT}:) or of a provider (${Object.keys(providers)
                              .map((n) => `${n}:`)
                              .join(", ")}); "${namespace}" is neither, so nothing would read it`,
            });
            continue;
        }
        if (known.includes(name)) continue;
        problems.push({ key: full, value: VALUE_NOT_SHOWN, expected: unknownSettingText(name, known) });
    }
    return problems;
}

/**
 * Connect instances named by ARN must be in the stack's region. Every Amazon Connect call this
 * program makes for an instance (storage configs, integration associations, rules) and the
 * Customer Profiles integration that associates it go to the regional endpoints of `aws:region`
 * (AWS General Reference, "Amazon Connect endpoints and quotas": one endpoint per region), where an
 * instance of another region does not exist. Cross-region association is not supported by this
 * program: deploy a separate stack with `aws:region` set to the instance's region, with its own domain.
 */
export function checkInstanceRegions(raw: Record<string, unknown>, region: string | undefined): ConfigProblem[] {
    if (region === undefined) return [];
    const instances = Array.isArray(raw.connectInstances) ? raw.connectInstances : [];
    const problems: ConfigProblem[] = [];
    instances.forEach((inst: unknown, i) => {
        if (inst === null || typeof inst !== "object") return;
        const arn = (inst as Record<string, unknown>).arn;
        if (typeof arn !== "string" || !INSTANCE_ARN_PATTERN.test(arn)) return;
        const arnRegion = arn.split(":")[3];
        if (arnRegion === region) return;
        problems.push({
            key: `${PROJECT}:connectInstances[${i}].arn`,
            value: arn,
            expected: `an instance in the stack's region ${region} (this ARN is in ${arnRegion || "no region"}): this program calls Amazon Connect and Customer Profiles in aws:region only, so cross-region association is not supported; deploy a separate stack with aws:region: ${arnRegion || "REGION"} and its own domain for that instance`,
        });
    });
    return problems;
}

/** One problem in a stack's configuration. */

/** Raised when a stack's configuration is invalid: lists every problem. */
export class ConfigError extends pulumi.RunError {
    constructor(public readonly problems: ConfigProblem[]) {
        super(formatProblems(problems));
        this.name = "ConfigError";
    }
}

function describeValue(value: unknown): string {
    if (value === undefined) return "(not set)";
    if (value === VALUE_NOT_SHOWN) return "(value not shown)";
    // YAML's .inf / -.inf / .nan: JSON would print them as null.
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function formatProblems(problems: ConfigProblem[]): string {
    const head = `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):`;
    const lines = problems.map((p) => `  - ${p.key}: ${describeValue(p.value)} is not valid; expected ${p.expected}`);
    return [head, ...lines].join("\n");
}

function pathToKey(path: PropertyKey[]): string {
    let out = `${PROJECT}:`;
    path.forEach((p, i) => {
        if (typeof p === "number") out += `[${p}]`;
        else out += i === 0 ? String(p) : `.${String(p)}`;
    });
    return out;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
    let v: unknown = root;
    for (const p of path) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<PropertyKey, unknown>)[p];
    }
    return v;
}

/**
 * Validates raw config values (as read from the stack) against a schema. Returns the parsed value
 * or the list of problems; never throws. Exported for the tests and for other loaders.
 */
export function validate<T>(
    schema: z.ZodType<T>,
    raw: Record<string, unknown>,
    secretKeys: ReadonlySet<string> = new Set(),
): { ok: true; value: T } | { ok: false; problems: ConfigProblem[] } {
    const result = schema.safeParse(raw);
    if (result.success) return { ok: true, value: result.data };
    const problems: ConfigProblem[] = [];
    const reported = new Set<string>();
    for (const issue of result.error.issues) {
        // A union issue: report the branch that got furthest, not a list of every branch.
        // An object that matches no branch of a union because of a misspelt key (`alais` for
        // `alias`): the misspelt key is the problem, with the key it was meant to be.
        const misspelt =
            issue.code === "invalid_union" ? unknownKeysOf(valueAt(raw, issue.path), keysAt(schema, issue.path)) : [];
        if (misspelt.length > 0) {
            for (const k of misspelt)
                problems.push({
                    key: pathToKey([...issue.path, k]),
                    value: valueAt(raw, [...issue.path, k]),
                    expected: unknownSettingText(k, keysAt(schema, issue.path)),
                });
            continue;
        }
        const leaf = pickUnionBranch(issue, valueAt(raw, issue.path));
        const path = leaf.path;
        const value = secretKeys.has(String(path[0])) ? "[secret]" : valueAt(raw, path);
        let message = leaf.message;
        if (leaf.code === "unrecognized_keys") {
            const keys = (leaf as { keys?: string[] }).keys ?? [];
            for (const k of keys)
                problems.push({
                    key: pathToKey([...path, k]),
                    value: valueAt(raw, [...path, k]),
                    expected: unknownSettingText(k, keysAt(schema, path)),
                });
            continue;
        }
        if (message.startsWith("Invalid input"))
            message = "a value of the documented form (see the README's configuration reference)";
        // One problem per key: the first rule it breaks says what is expected.
        if (reported.has(pathToKey(path))) continue;
        reported.add(pathToKey(path));
        problems.push({ key: pathToKey(path), value, expected: message });
    }
    return { ok: false, problems };
}

/** The keys of an object that none of `known` names (none when `value` is no object or nothing is known). */
function unknownKeysOf(value: unknown, known: readonly string[]): string[] {
    if (value === null || typeof value !== "object" || Array.isArray(value) || known.length === 0) return [];
    return Object.keys(value).filter((k) => !known.includes(k));
}

type Issue = z.core.$ZodIssue;
function pickUnionBranch(issue: Issue, input: unknown): Issue & { path: PropertyKey[] } {
    if (issue.code === "invalid_union" && Array.isArray(issue.errors) && issue.errors.length > 0) {
        // The branch chosen by its discriminating field (`arn` or `alias`) if present.
        const wantsArn = input !== null && typeof input === "object" && "arn" in input && !("alias" in input);
        const wantsAlias = input !== null && typeof input === "object" && "alias" in input && !("arn" in input);
        const branch = wantsArn ? issue.errors[0] : wantsAlias ? issue.errors[1] : undefined;
        if (branch && branch.length > 0) {
            const inner = branch[0];
            return { ...inner, path: [...issue.path, ...inner.path] } as Issue & { path: PropertyKey[] };
        }
    }
    return issue as Issue & { path: PropertyKey[] };
}

/** Reads the raw stack configuration through Pulumi's Config, without interpreting it. */
export function readRawConfig(config: pulumi.Config = new pulumi.Config(PROJECT)): {
    raw: Record<string, unknown>;
    problems: ConfigProblem[];
} {
    const raw: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    for (const [key, type] of Object.entries(SCALAR_KEYS)) {
        const text = config.get(key);
        if (text === undefined) continue;
        if (type === "string") raw[key] = text;
        else if (type === "integer") raw[key] = /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
        else raw[key] = text === "true" ? true : text === "false" ? false : text;
    }
    for (const key of STRUCTURED_KEYS) {
        try {
            const value =
                key === "connectInstances" ? config.requireObject<unknown>(key) : config.getObject<unknown>(key);
            if (value !== undefined) raw[key] = value;
        } catch {
            const text = config.get(key);
            // A plain string where a list or map is expected (`profileApiCallers: arn:aws:iam::…`
            // instead of a YAML list) goes to the schema, which names the form the key takes; text
            // that was meant as JSON or flow YAML but does not parse is reported as such.
            if (text !== undefined && !/^\s*[[{]/.test(text)) {
                raw[key] = text;
                continue;
            }
            problems.push({
                key: `${PROJECT}:${key}`,
                value: text,
                expected:
                    text === undefined
                        ? "a value: this setting is required (see the README's configuration reference)"
                        : "valid JSON/YAML structured configuration",
            });
        }
    }
    return { raw, problems };
}

/** Both providers must deploy to one region: aws-native reads its own `aws-native:region`. */
export function checkRegions(): ConfigProblem[] {
    const region = new pulumi.Config("aws").get("region");
    const nativeRegion = new pulumi.Config("aws-native").get("region");
    if (region === undefined)
        return [
            {
                key: "aws:region",
                value: undefined,
                expected: `the AWS region to deploy to, e.g. eu-west-2 (aws-native:region the same): Connect instances are checked against it and both providers must deploy there`,
            },
            ...(nativeRegion === undefined
                ? [{ key: "aws-native:region", value: undefined, expected: "the same region as aws:region" }]
                : []),
        ];
    if (nativeRegion !== region) {
        return [
            {
                key: "aws-native:region",
                value: nativeRegion,
                expected: `the same region as aws:region (${region}), so that every resource lands in one region`,
            },
        ];
    }
    return [];
}

/**
 * Loads and validates the stack configuration. Throws one `ConfigError` (a `pulumi.RunError`) that
 * lists every problem; call it before constructing any resource.
 */
export function loadConfig(config: pulumi.Config = new pulumi.Config(PROJECT)): StackConfig {
    const { raw, problems } = readRawConfig(config);
    const result = validate(stackConfigSchema, raw);
    // A key that could not be read at all is reported once, by the reader.
    const unread = new Set(problems.map((p) => p.key));
    const all = [
        ...problems,
        ...(result.ok ? [] : result.problems.filter((p) => !unread.has(p.key))),
        ...crossCheck(raw),
        ...crossCheckIntegrations(raw, readCredentialFieldNames(config)),
        ...checkRegions(),
        ...checkTopLevelKeys(Object.keys(pulumi.runtime.allConfig())),
        ...checkInstanceRegions(raw, new pulumi.Config("aws").get("region")),
    ];
    if (all.length > 0 || !result.ok) throw new ConfigError(all);
    return result.value;
}
