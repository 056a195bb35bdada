// Configuration of the AppFlow-backed integrations (`integrations`) and of the custom object types
// they map into (`objectTypes`), and the secret key a connector profile created here reads
// (`integrationCredentials`).
//
// The schemas are composed into `stackConfigSchema` (components/config/index.ts). Checks across entries
// (an integration naming an object type that is neither declared nor a template of its source, two
// integrations with the same name, credentials missing for a profile created here) run from
// `crossCheck`, so they are reported with every other problem even when other fields are invalid.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { ConfigProblem } from "../common/problems";
import {
    BACKFILL_THRESHOLD_DAYS,
    DEFAULT_BATCH_MONTHS,
    MAX_BATCH_MONTHS,
    needsBackfill,
    parseStartDate,
} from "./backfill-plan";
import { expected, wholeNumber } from "../common/config-rules";
import { LOGICAL_NAME, OBJECT_TYPE_NAME_PATTERN } from "../common/names";

const PROJECT = "connect-customer-profiles";

/** The applications an integration reads from (aws-customerprofiles-integration.json, ConnectorType). */
export const APPLICATIONS = ["Salesforce", "Marketo", "ServiceNow", "Zendesk", "S3"] as const;
export type Application = (typeof APPLICATIONS)[number];
/** The SaaS applications: they need an AppFlow connector profile. */
export const SAAS_APPLICATIONS: readonly Application[] = ["Salesforce", "Marketo", "ServiceNow", "Zendesk"];
/**
 * The applications whose historical ingestion (start date more than 60 days back) runs as a
 * Customer Profiles integration workflow: the ones AWS documents bulk ingestion and the workflow
 * role for (Amazon Connect Administrator Guide, "Set up integration for featured applications in Amazon Connect",
 * "Why am I asked to select or create an IAM role?").
 */
export const BACKFILL_APPLICATIONS: readonly Application[] = ["Salesforce", "Marketo", "ServiceNow"];

/**
 * The earliest start date per source: no record can predate the product. The rule is 1 January of
 * the year the service was launched (Salesforce 2000, ServiceNow 2004, Marketo 2006, Zendesk
 * 2007). S3 takes no start date: an S3 integration reads every object under its prefix.
 */
export const EARLIEST_START: Record<Exclude<Application, "S3">, string> = {
    Salesforce: "2000-01-01T00:00:00Z",
    ServiceNow: "2004-01-01T00:00:00Z",
    Marketo: "2006-01-01T00:00:00Z",
    Zendesk: "2007-01-01T00:00:00Z",
};

/** The timestamp field each source's incremental pulls follow. */
export const INCREMENTAL_FIELD: Record<Exclude<Application, "S3">, string> = {
    Salesforce: "LastModifiedDate",
    ServiceNow: "sys_updated_on",
    Marketo: "updatedAt",
    Zendesk: "updated_at",
};

/** Object type names (aws-customerprofiles-objecttype.json, ObjectTypeName): one rule, in common/names.ts. */
export { OBJECT_TYPE_NAME_PATTERN };
/** Field and key names of an object type (FieldMap.Name, KeyMap.Name). */
export const OBJECT_TYPE_FIELD_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
/** AppFlow connector profile names (SourceFlowConfig.ConnectorProfileName). */
export const APPFLOW_CONNECTOR_PROFILE_NAME_PATTERN = /^[\w/!@#+=.-]{1,256}$/;
/** A logical integration name: names its resources and its AppFlow flow. */
export const INTEGRATION_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
/** S3 bucket names. */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** AppFlow schedules this program accepts: `rate(N minutes|hours|days)`, or `onDemand`. */
export const SCHEDULE_PATTERN = /^(onDemand|rate\((\d{1,4}) ?(minutes|hours|days)\))$/;
/** The key identifiers AWS defines (ObjectTypeKey.StandardIdentifiers). */
export const STANDARD_IDENTIFIERS = [
    "PROFILE",
    "UNIQUE",
    "SECONDARY",
    "LOOKUP_ONLY",
    "NEW_ONLY",
    "ASSET",
    "CASE",
    "ORDER",
    "AIR_PREFERENCE",
    "AIR_BOOKING",
    "AIR_SEGMENT",
    "HOTEL_PREFERENCE",
    "HOTEL_STAY_REVENUE",
    "HOTEL_RESERVATION",
    "LOYALTY",
    "LOYALTY_TRANSACTION",
    "LOYALTY_PROMOTION",
    "WEB_ANALYTICS",
    "DEVICE",
] as const;
/** Field content types (ObjectTypeField.ContentType). */
export const CONTENT_TYPES = ["STRING", "NUMBER", "PHONE_NUMBER", "EMAIL_ADDRESS", "NAME"] as const;
/** The secret config key that holds the credentials of connector profiles created by this stack. */
export const INTEGRATION_CREDENTIALS_KEY = "integrationCredentials";
/** The credential fields each application's connector profile needs (AppFlow ConnectorProfileCredentials). */
export const CREDENTIAL_FIELDS: Record<Exclude<Application, "S3">, { required: string[]; optional: string[] }> = {
    Salesforce: { required: ["accessToken", "refreshToken"], optional: ["clientCredentialsArn"] },
    Marketo: { required: ["clientId", "clientSecret"], optional: ["accessToken"] },
    ServiceNow: { required: ["username", "password"], optional: [] },
    Zendesk: { required: ["clientId", "clientSecret", "accessToken"], optional: [] },
};

/** The exact texts of these configuration problems (the tests assert them word for word). */
export const MESSAGES = {
    unknownApplication: `one of ${APPLICATIONS.join(", ")} (the applications Customer Profiles integrates through AppFlow)`,
    missingConnectorProfile: (app: string) =>
        `a connector profile for ${app}: { name } of an existing AppFlow connector profile, or { create: { name, instanceUrl, … } } with its credentials in the secret config key ${INTEGRATION_CREDENTIALS_KEY}`,
    futureStart: (now: Date) =>
        `a start date in the past (now is ${now.toISOString()}): historical ingestion cannot start in the future`,
    tooEarlyStart: (app: string, earliest: string) =>
        `a start date on or after ${earliest.slice(0, 10)}: ${app} cannot hold records from before then`,
} as const;

const objectTypeNameText = 'an object type name of 1–255 letters, digits, "_" or "-", not starting with a digit or "-"';
const fieldNameText = 'a name of 1–64 letters, digits, "_" or "-"';

const objectTypeKeySchema = z.strictObject(
    {
        /** Fields (names in `fields`) whose values make up the key. */
        fieldNames: z
            .array(
                z.string(expected(fieldNameText)).regex(OBJECT_TYPE_FIELD_PATTERN, expected(fieldNameText)),
                expected("a list of field names"),
            )
            .min(1, expected("at least one field name")),
        /** What the key is for: UNIQUE (one per object type), PROFILE (ties the object to a profile), … */
        standardIdentifiers: z
            .array(
                z.enum(STANDARD_IDENTIFIERS, expected(`one of ${STANDARD_IDENTIFIERS.join(", ")}`)),
                expected("a list of standard identifiers"),
            )
            .min(1, expected("at least one standard identifier")),
    },
    expected("an object { fieldNames, standardIdentifiers }"),
);

/** A custom object type, with its fields and keys. */
export const objectTypeSchema = z
    .strictObject(
        {
            name: z.string(expected(objectTypeNameText)).regex(OBJECT_TYPE_NAME_PATTERN, expected(objectTypeNameText)),
            description: z
                .string(expected("a description of 1–10000 characters"))
                .min(1, expected("a description of 1–10000 characters"))
                .max(10000, expected("a description of 1–10000 characters")),
            /** Create a profile when an object matches none (default true). */
            allowProfileCreation: z.boolean(expected("true or false")).default(true),
            /** Days until objects of this type expire (default: the domain's). */
            expirationDays: wholeNumber("a whole number of days from 1 to 1096", 1, 1096).optional(),
            /** Fields by name: where the value comes from (`_source.X`) and where it goes (`_profile.Y`). */
            fields: z.record(
                z.string().regex(OBJECT_TYPE_FIELD_PATTERN, expected(`field names of ${fieldNameText}`)),
                z.strictObject(
                    {
                        source: z
                            .string(expected("a source such as _source.Email"))
                            .min(1, expected("a source such as _source.Email"))
                            .max(1000, expected("at most 1000 characters")),
                        target: z
                            .string(expected("a target such as _profile.EmailAddress"))
                            .min(1, expected("a target such as _profile.EmailAddress"))
                            .max(1000, expected("at most 1000 characters")),
                        contentType: z.enum(CONTENT_TYPES, expected(`one of ${CONTENT_TYPES.join(", ")}`)).optional(),
                    },
                    expected("an object { source, target, contentType? }"),
                ),
                expected("a map of field names to { source, target, contentType? }"),
            ),
            /** Keys by name: exactly one UNIQUE key and at least one PROFILE key. */
            keys: z.record(
                z.string().regex(OBJECT_TYPE_FIELD_PATTERN, expected(`key names of ${fieldNameText}`)),
                z
                    .array(objectTypeKeySchema, expected("a list of { fieldNames, standardIdentifiers }"))
                    .min(1, expected("at least one key definition")),
                expected("a map of key names to lists of { fieldNames, standardIdentifiers }"),
            ),
        },
        expected("an object { name, description, fields, keys, … }"),
    )
    .superRefine((t, ctx) => {
        // Keys name fields of this object type; exactly one UNIQUE key, at least one PROFILE key
        // (otherwise ingestion fails with the first two dead-letter-queue errors listed in
        // Amazon Connect Administrator Guide, "Enable Customer Profiles for your Amazon Connect instance").
        const fields = Object.keys(t.fields);
        let unique = 0;
        let profile = 0;
        for (const [keyName, defs] of Object.entries(t.keys)) {
            defs.forEach((d, i) => {
                d.fieldNames.forEach((f, j) => {
                    if (!fields.includes(f))
                        ctx.addIssue({
                            code: "custom",
                            path: ["keys", keyName, i, "fieldNames", j],
                            input: f,
                            message: `a field defined in fields (${fields.join(", ") || "none defined"})`,
                        });
                });
                if (d.standardIdentifiers.includes("UNIQUE")) unique++;
                if (d.standardIdentifiers.includes("PROFILE")) profile++;
            });
        }
        if (unique !== 1)
            ctx.addIssue({
                code: "custom",
                path: ["keys"],
                input: t.keys,
                message: `exactly one key marked UNIQUE (found ${unique}): it identifies each object`,
            });
        if (profile < 1)
            ctx.addIssue({
                code: "custom",
                path: ["keys"],
                input: t.keys,
                message: "at least one key marked PROFILE: it ties each object to a profile",
            });
    });

const existingProfileSchema = z.strictObject(
    {
        /** Name of an AppFlow connector profile that already exists in the account and region. */
        name: z
            .string(expected("an AppFlow connector profile name"))
            .regex(
                APPFLOW_CONNECTOR_PROFILE_NAME_PATTERN,
                expected("an AppFlow connector profile name of 1–256 letters, digits or _/!@#+=.-"),
            ),
    },
    expected("{ name } of an existing connector profile, or { create: { … } }"),
);

const newProfileSchema = z.strictObject(
    {
        create: z.strictObject(
            {
                name: existingProfileSchema.shape.name,
                /** The application's URL (Salesforce, Marketo, ServiceNow, Zendesk all need it). */
                instanceUrl: z
                    .string(expected("the application's https URL, e.g. https://NAME.my.salesforce.com"))
                    .regex(
                        /^https:\/\/[a-zA-Z0-9][a-zA-Z0-9.-]{0,251}[a-zA-Z0-9](:\d{1,5})?\/?$/,
                        expected("the application's https URL, e.g. https://NAME.my.salesforce.com"),
                    ),
                /** Salesforce only: production (default) or sandbox. */
                environment: z.enum(["production", "sandbox"], expected("production or sandbox")).optional(),
            },
            expected("{ name, instanceUrl, environment? }"),
        ),
    },
    expected("{ name } of an existing connector profile, or { create: { … } }"),
);

/** One AppFlow-backed integration. */
export const integrationSchema = z
    .strictObject(
        {
            /** Logical name: names the integration's resources and AppFlow flow. */
            name: z.string(expected(LOGICAL_NAME.form)).regex(INTEGRATION_NAME_PATTERN, expected(LOGICAL_NAME.form)),
            application: z.enum(APPLICATIONS, expected(MESSAGES.unknownApplication)),
            /** SaaS applications: the connector profile (existing by name, or created here). S3: none. */
            connectorProfile: z
                .union(
                    [existingProfileSchema, newProfileSchema],
                    expected("{ name } of an existing connector profile, or { create: { name, instanceUrl, … } }"),
                )
                .optional(),
            /** SaaS applications: the source object, e.g. Account, Contact, sys_user, users. */
            object: z
                .string(expected("a source object name"))
                .min(1, expected("a source object name"))
                .max(512, expected("a source object name of at most 512 characters"))
                .regex(/^\S+$/, expected("a source object name without spaces"))
                .optional(),
            /** S3: the bucket and (optional) prefix the objects are read from. */
            bucketName: z
                .string(expected("an S3 bucket name"))
                .regex(
                    BUCKET_NAME_PATTERN,
                    expected('an S3 bucket name of 3–63 lower-case letters, digits, "." or "-"'),
                )
                .optional(),
            bucketPrefix: z
                .string(expected("a key prefix"))
                .max(512, expected("a key prefix of at most 512 characters"))
                .optional(),
            /** The source fields copied into the object type (a projection, then one mapping per field). */
            fields: z
                .array(
                    z
                        .string()
                        .min(1, expected("non-empty field names"))
                        .max(256, expected("field names of at most 256 characters")),
                    expected("a list of source field names"),
                )
                .min(1, expected("at least one source field"))
                .max(200, expected("at most 200 fields")),
            /** The object type the data maps into: a template of the source (e.g. Salesforce-Account) or a name declared in objectTypes. */
            objectTypeName: z
                .string(expected(objectTypeNameText))
                .regex(OBJECT_TYPE_NAME_PATTERN, expected(objectTypeNameText)),
            /** `rate(N minutes|hours|days)` or `onDemand` (default rate(1hours)). */
            schedule: z
                .string(expected("rate(N minutes|hours|days) or onDemand"))
                .regex(SCHEDULE_PATTERN, expected("rate(N minutes|hours|days) or onDemand, e.g. rate(1hours)"))
                .default("rate(1hours)"),
            /** The date from which to ingest (ISO 8601; an offset is honoured). More than 60 days back: a historical backfill. */
            historicalStartDate: z
                .string(expected("an ISO 8601 date such as 2024-01-31 or 2024-01-31T00:00:00+01:00"))
                .optional(),
            /** Backfill batch size in calendar months (default 2, as AWS does). */
            batchMonths: wholeNumber(
                `a whole number of months from 1 to ${MAX_BATCH_MONTHS}`,
                1,
                MAX_BATCH_MONTHS,
            ).default(DEFAULT_BATCH_MONTHS),
        },
        expected("an object { name, application, connectorProfile, object, fields, objectTypeName, … }"),
    )
    .superRefine((i, ctx) => {
        const saas = i.application !== "S3";
        if (saas) {
            if (i.object === undefined)
                ctx.addIssue({
                    code: "custom",
                    path: ["object"],
                    input: undefined,
                    message: `the ${i.application} object to read, e.g. ${i.application === "Salesforce" ? "Account" : i.application === "ServiceNow" ? "sys_user" : i.application === "Zendesk" ? "users" : "leads"}`,
                });
            if (i.bucketName !== undefined)
                ctx.addIssue({
                    code: "custom",
                    path: ["bucketName"],
                    input: i.bucketName,
                    message: "no bucketName unless application is S3",
                });
            if (i.bucketPrefix !== undefined)
                ctx.addIssue({
                    code: "custom",
                    path: ["bucketPrefix"],
                    input: i.bucketPrefix,
                    message: "no bucketPrefix unless application is S3",
                });
            const create = i.connectorProfile && "create" in i.connectorProfile ? i.connectorProfile.create : undefined;
            if (create?.environment !== undefined && i.application !== "Salesforce")
                ctx.addIssue({
                    code: "custom",
                    path: ["connectorProfile", "create", "environment"],
                    input: create.environment,
                    message: "no environment unless application is Salesforce",
                });
        } else {
            if (i.bucketName === undefined)
                ctx.addIssue({
                    code: "custom",
                    path: ["bucketName"],
                    input: undefined,
                    message: "the S3 bucket to read from",
                });
            if (i.object !== undefined)
                ctx.addIssue({
                    code: "custom",
                    path: ["object"],
                    input: i.object,
                    message: "no object for S3 (set bucketName and bucketPrefix)",
                });
            if (i.connectorProfile !== undefined)
                ctx.addIssue({
                    code: "custom",
                    path: ["connectorProfile"],
                    input: i.connectorProfile,
                    message: "no connectorProfile for S3 (AppFlow reads the bucket directly)",
                });
        }
        if (i.historicalStartDate !== undefined) {
            const start = parseStartDate(i.historicalStartDate);
            const now = new Date();
            const path = ["historicalStartDate"];
            if (!start)
                ctx.addIssue({
                    code: "custom",
                    path,
                    input: i.historicalStartDate,
                    message: "an ISO 8601 date such as 2024-01-31 or 2024-01-31T00:00:00+01:00",
                });
            else if (i.application === "S3")
                ctx.addIssue({
                    code: "custom",
                    path,
                    input: i.historicalStartDate,
                    message: "no historicalStartDate for S3 (every object under the prefix is ingested)",
                });
            else if (start.getTime() > now.getTime())
                ctx.addIssue({
                    code: "custom",
                    path,
                    input: i.historicalStartDate,
                    message: MESSAGES.futureStart(now),
                });
            else if (start.getTime() < Date.parse(EARLIEST_START[i.application]))
                ctx.addIssue({
                    code: "custom",
                    path,
                    input: i.historicalStartDate,
                    message: MESSAGES.tooEarlyStart(i.application, EARLIEST_START[i.application]),
                });
            else if (needsBackfill(start, now) && !BACKFILL_APPLICATIONS.includes(i.application)) {
                ctx.addIssue({
                    code: "custom",
                    path,
                    input: i.historicalStartDate,
                    message: `a date within the last ${BACKFILL_THRESHOLD_DAYS} days: bulk historical ingestion is available for ${BACKFILL_APPLICATIONS.join(", ")} only`,
                });
            }
        }
    });

export const integrationsSchema = z
    .array(integrationSchema, expected("a list of integrations, each { name, application, … }"))
    .max(50, expected("at most 50 integrations"));
export const objectTypesSchema = z
    .array(objectTypeSchema, expected("a list of object types, each { name, description, fields, keys }"))
    .max(100, expected("at most 100 object types"));

export type IntegrationConfig = z.infer<typeof integrationSchema>;
export type ObjectTypeConfig = z.infer<typeof objectTypeSchema>;

/**
 * The object type templates AWS documents, per application (Amazon Connect Administrator Guide:
 * "Mapping Salesforce objects", "Mapping ServiceNow objects", "Mapping Zendesk objects", "Mapping
 * Marketo objects" to the standard profile; each names the ObjectTypeName its objects carry). Note
 * AWS's spelling `Servicenow-…`. `ListProfileObjectTypeTemplates` returns the live list; a template
 * added later needs one entry here.
 */
export const TEMPLATES: Record<Exclude<Application, "S3">, readonly string[]> = {
    Salesforce: ["Salesforce-Account", "Salesforce-Contact"],
    ServiceNow: ["Servicenow-sys_user", "Servicenow-task", "Servicenow-incident"],
    Zendesk: ["Zendesk-users"],
    Marketo: ["Marketo-leads"],
};
/** The contact record templates (Administrator Guide, "Contact record templates"): the domain's CTR type. */
export const CTR_TEMPLATES = ["CTR", "CTR-NoInferred", "CTR-AutoAssociateOnly"] as const;
/** Every documented template ID. */
export const ALL_TEMPLATES: readonly string[] = [...Object.values(TEMPLATES).flat(), ...CTR_TEMPLATES];

/** The application a documented template belongs to (exact ID, not a prefix), or undefined. */
export function templateApplication(objectTypeName: string): Application | undefined {
    return (Object.keys(TEMPLATES) as Exclude<Application, "S3">[]).find((a) => TEMPLATES[a].includes(objectTypeName));
}

/** The documented template an unknown name was probably meant to be (same letters, other case). */
export function templateSpelledAs(objectTypeName: string): string | undefined {
    return ALL_TEMPLATES.find((t) => t.toLowerCase() === objectTypeName.toLowerCase() && t !== objectTypeName);
}

/** The connector profile name an integration uses, if any. */
export function connectorProfileName(i: Pick<IntegrationConfig, "connectorProfile">): string | undefined {
    if (!i.connectorProfile) return undefined;
    return "create" in i.connectorProfile ? i.connectorProfile.create.name : i.connectorProfile.name;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Cross-entry checks of `integrations` and `objectTypes`, run whatever else is wrong: a SaaS
 * integration has a connector profile; its object type is declared in objectTypes or is a template
 * of its own application; names are unique; a connector profile created here has its credentials
 * (checked for presence only: `credentialFields` lists the fields set, never their values).
 */
export function crossCheckIntegrations(
    raw: Record<string, unknown>,
    credentialFields?: Record<string, string[]>,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const integrations = Array.isArray(raw.integrations) ? raw.integrations : [];
    const objectTypes = Array.isArray(raw.objectTypes) ? raw.objectTypes : [];
    const declared = objectTypes
        .filter(isObj)
        .map((t) => t.name)
        .filter((n): n is string => typeof n === "string");
    const seenTypes = new Map<string, number>();
    objectTypes.forEach((t, i) => {
        if (!isObj(t) || typeof t.name !== "string") return;
        const first = seenTypes.get(t.name);
        if (first !== undefined)
            problems.push({
                key: `${PROJECT}:objectTypes[${i}].name`,
                value: t.name,
                expected: `a name not used by another object type (objectTypes[${first}] has it)`,
            });
        else seenTypes.set(t.name, i);
        if (t.name === "CTR")
            problems.push({
                key: `${PROJECT}:objectTypes[${i}].name`,
                value: t.name,
                expected: "a name other than CTR (the domain's contact-record object type)",
            });
        else if (ALL_TEMPLATES.includes(t.name))
            // A custom type under a template's ID asks for the template and for its own fields, keys
            // and allowProfileCreation at once; PutProfileObjectType (Customer Profiles API reference,
            // TemplateId) takes those from the template and may refuse them with BadRequestException.
            problems.push({
                key: `${PROJECT}:objectTypes[${i}].name`,
                value: t.name,
                expected: `a name that is not an AWS template ID (${t.name} is one: its fields, keys and allowProfileCreation come from the template, and PutProfileObjectType may refuse them); remove this entry to use the template as it is, or give the custom type another name`,
            });
    });
    const seen = new Map<string, number>();
    const profiles = new Map<string, string>();
    integrations.forEach((entry, i) => {
        if (!isObj(entry)) return;
        const key = (p: string) => `${PROJECT}:integrations[${i}].${p}`;
        const app =
            typeof entry.application === "string" && (APPLICATIONS as readonly string[]).includes(entry.application)
                ? (entry.application as Application)
                : undefined;
        if (typeof entry.name === "string") {
            const first = seen.get(entry.name);
            if (first !== undefined)
                problems.push({
                    key: key("name"),
                    value: entry.name,
                    expected: `a name not used by another integration (integrations[${first}] has it)`,
                });
            else seen.set(entry.name, i);
        }
        if (app && app !== "S3" && entry.connectorProfile === undefined)
            problems.push({
                key: key("connectorProfile"),
                value: undefined,
                expected: MESSAGES.missingConnectorProfile(app),
            });
        if (app && typeof entry.objectTypeName === "string" && !declared.includes(entry.objectTypeName)) {
            const owner = templateApplication(entry.objectTypeName);
            const near = templateSpelledAs(entry.objectTypeName);
            if (owner === undefined || app === "S3") {
                problems.push({
                    key: key("objectTypeName"),
                    value: entry.objectTypeName,
                    expected:
                        app === "S3"
                            ? `the name of an object type declared in objectTypes${declared.length ? ` (${declared.join(", ")})` : ""}: S3 has no templates`
                            : `${near ? `the template ${near} (AWS's spelling), or ` : ""}a template AWS documents for ${app} (${TEMPLATES[app].join(", ")}) or the name of an object type declared in objectTypes${declared.length ? ` (${declared.join(", ")})` : ""}`,
                });
            } else if (owner !== app) {
                problems.push({
                    key: key("objectTypeName"),
                    value: entry.objectTypeName,
                    expected: `a template of ${app}, not of ${owner}, or an object type declared in objectTypes`,
                });
            }
        }
        const cp = entry.connectorProfile;
        if (app && app !== "S3" && isObj(cp) && isObj(cp.create) && typeof cp.create.name === "string") {
            const name = cp.create.name;
            const other = profiles.get(name);
            if (other !== undefined)
                problems.push({
                    key: key("connectorProfile.create.name"),
                    value: name,
                    expected: `a connector profile created once (${other} creates it; reference it there by { name })`,
                });
            profiles.set(name, `integrations[${i}]`);
            const set = credentialFields?.[name];
            const missing = CREDENTIAL_FIELDS[app].required.filter((f) => !set?.includes(f));
            if (missing.length > 0) {
                problems.push({
                    key: `${PROJECT}:${INTEGRATION_CREDENTIALS_KEY}.${name}`,
                    value: undefined,
                    expected: `the secret credentials of the new ${app} connector profile (${missing.join(", ")}): pulumi config set --secret --path '${INTEGRATION_CREDENTIALS_KEY}.${name}.${missing[0]}' …`,
                });
            }
        }
    });
    return problems;
}

/**
 * Which credential fields the secret key `integrationCredentials` sets, per connector profile: the
 * names only, never the values (so they can be checked without ever being printed).
 */
export function readCredentialFieldNames(config: pulumi.Config = new pulumi.Config(PROJECT)): Record<string, string[]> {
    let value: unknown;
    try {
        value = config.getObject<unknown>(INTEGRATION_CREDENTIALS_KEY);
    } catch {
        return {};
    }
    if (!isObj(value)) return {};
    return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
            k,
            isObj(v) ? Object.keys(v).filter((f) => typeof v[f] === "string" && (v[f] as string).length > 0) : [],
        ]),
    );
}

/** The secret credentials of one connector profile created by this stack (a secret Output). */
export function integrationCredentials(
    profileName: string,
    config: pulumi.Config = new pulumi.Config(PROJECT),
): pulumi.Output<Record<string, string>> {
    const all = config.getSecretObject<Record<string, Record<string, string>>>(INTEGRATION_CREDENTIALS_KEY);
    return pulumi.secret(pulumi.output(all).apply((a) => a?.[profileName] ?? {}));
}
