// Configuration of the Salesforce → Amazon Connect Tasks path (`salesforceTasks`), and the secret
// keys a new Salesforce connection reads.
//
// The schema is composed into `stackConfigSchema` (components/config/index.ts); the cross-entry checks
// (a rule naming an unknown instance, a connection without the instance URL) run from `crossCheck`
// so that they are reported together with every other problem, even when other fields are invalid.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { ConfigProblem } from "../common/problems";
import { expected } from "../common/config-rules";
import type { Rule } from "../common/names";

const PROJECT = "connect-customer-profiles";

/** The exact text every missing or empty instance URL is reported with. */
export const MISSING_INSTANCE_URL =
    "missing Salesforce instance URL: set connection.instanceUrl to the org's https URL, e.g. https://NAME.my.salesforce.com";

/** A Salesforce org URL: https, a host name, nothing else (the association deep-links tasks to it). */
export const SALESFORCE_INSTANCE_URL_PATTERN = /^https:\/\/[a-zA-Z0-9][a-zA-Z0-9.-]{0,251}[a-zA-Z0-9](:\d{1,5})?\/?$/;
/** AppFlow connector profile names (aws-appflow-connectorprofile.json, ConnectorProfileName). */
export const CONNECTOR_PROFILE_NAME_PATTERN = /^[\w/!@#+=.-]{1,256}$/;
/** A friendly name for the connection: Amazon Connect shows it in rules (e.g. "Salesforce - Test instance"). */
export const FRIENDLY_NAME_PATTERN = /^[a-zA-Z0-9_ -]{1,100}$/;
/** Connect rule names (aws-connect-rule.json, Name). */
export const RULE_NAME_PATTERN = /^[a-zA-Z0-9._-]{1,200}$/;
/** A Connect rule's name: the configuration schema and `validateSalesforceTasksArgs` state this one form. */
export const TASK_RULE_NAME: Rule = {
    test: (v) => RULE_NAME_PATTERN.test(v),
    form: 'a rule name of 1–200 letters, digits, ".", "_" or "-"',
};
/** The ID of a contact flow: the last segment of its ARN (aws-connect-rule.json, TaskAction.ContactFlowArn). */
export const CONTACT_FLOW_ID_PATTERN = /^[-a-zA-Z0-9]{1,100}$/;
/** Reference values must be URLs or paths, or a JSONPath that resolves to one at run time (aws-connect-rule.json, Reference.Value). */
export const REFERENCE_VALUE_PATTERN = /^(\/|https:)/;
/** Reference types (aws-connect-rule.json, Reference.Type). */
export const REFERENCE_TYPES = ["URL", "ATTACHMENT", "NUMBER", "STRING", "DATE", "EMAIL"] as const;
/**
 * The Case fields a rule condition may compare for the OnSalesforceCaseCreate event source, and the
 * operators each accepts (Amazon Connect API Reference, Rules Function language, Conditions,
 * "OnSalesforceCaseCreate"). Every comparison takes exactly one operand ("array length can only be
 * 1"). The documented CustomAttribute.{KEY} condition is left out: its key syntax is not specified.
 */
export const CONDITION_OPERATORS = {
    AccountId: ["EQUALS"],
    Name: ["EQUALS", "CONTAINS"],
    Email: ["EQUALS", "CONTAINS"],
    Phone: ["EQUALS", "CONTAINS"],
    Company: ["EQUALS", "CONTAINS"],
    Type: ["EQUALS"],
    Reason: ["EQUALS"],
    Origin: ["EQUALS"],
    Subject: ["EQUALS", "CONTAINS"],
    Priority: ["EQUALS"],
    Description: ["EQUALS", "CONTAINS"],
} as const satisfies Record<string, readonly ("EQUALS" | "CONTAINS")[]>;
export type ConditionField = keyof typeof CONDITION_OPERATORS;
export const CASE_FIELDS = Object.keys(CONDITION_OPERATORS) as ConditionField[];
/** The JSONPath every condition field and variable of this event source starts with. */
export const CASE_CREATE_PATH = "$.ThirdParty.Salesforce.CaseCreate.";
/**
 * The variables a task's name, description and reference values may use for OnSalesforceCaseCreate
 * (Amazon Connect Administrator Guide, "Specify variables for certain parameters when creating or
 * managing rules using Amazon Connect APIs": the JSONPath reference per EventSourceName). The case's
 * Id is not among them.
 */
export const CASE_VARIABLES = [
    "CaseNumber",
    "Name",
    "Email",
    "Phone",
    "Company",
    "Type",
    "Reason",
    "Origin",
    "Subject",
    "Priority",
    "CreatedDate",
    "Description",
].map((v) => `${CASE_CREATE_PATH}${v}`);
/** A JSONPath variable in a text: `$.` and dot-separated names. */
const VARIABLE = /\$\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*/g;

/** The variables of a text that AWS does not document for OnSalesforceCaseCreate. */
export function undocumentedVariables(text: string): string[] {
    return [...new Set(text.match(VARIABLE) ?? [])].filter((v) => !CASE_VARIABLES.includes(v));
}

const VARIABLES_TEXT = `only the variables AWS documents for OnSalesforceCaseCreate (${CASE_CREATE_PATH} + ${CASE_VARIABLES.map((v) => v.slice(CASE_CREATE_PATH.length)).join(", ")})`;

/** A refinement: the text uses only documented variables. */
function documentedVariablesOnly(text: string | undefined, ctx: z.RefinementCtx): void {
    if (text === undefined) return;
    const bad = undocumentedVariables(text);
    if (bad.length > 0)
        ctx.addIssue({
            code: "custom",
            input: text,
            message: `${VARIABLES_TEXT}; ${bad.join(", ")} is not one of them`,
        });
}

/** The secret config keys of a new connection: read with `getSecret`, never printed. */
export const SALESFORCE_SECRET_KEYS = {
    accessToken: "salesforceAccessToken",
    refreshToken: "salesforceRefreshToken",
    clientId: "salesforceClientId",
    clientSecret: "salesforceClientSecret",
} as const;

const instanceUrl = z
    .string(expected(MISSING_INSTANCE_URL))
    .min(1, expected(MISSING_INSTANCE_URL))
    .regex(
        SALESFORCE_INSTANCE_URL_PATTERN,
        expected("the org's https URL without a path, e.g. https://NAME.my.salesforce.com"),
    );
const friendlyName = z
    .string(expected('a friendly name of 1–100 letters, digits, spaces, "_" or "-", e.g. Salesforce - Test instance'))
    .regex(
        FRIENDLY_NAME_PATTERN,
        expected('a friendly name of 1–100 letters, digits, spaces, "_" or "-", e.g. Salesforce - Test instance'),
    );

const CONNECTION_FORMS =
    "{ connectorProfileName, instanceUrl, friendlyName? } to reuse a connection, or { instanceUrl, friendlyName, environment } for a new one";

/**
 * The connection: reuse an existing AppFlow connector profile (`connectorProfileName`), or create a
 * new one (`environment` plus `friendlyName`). Mutually exclusive; `instanceUrl` is needed by both.
 * One object rather than a union, so that each problem is reported at its own field.
 */
const connectionSchema = z
    .strictObject(
        {
            /** Name of an AppFlow Salesforce connector profile that already exists in the account and region. */
            connectorProfileName: z
                .string(expected("an AppFlow connector profile name"))
                .regex(
                    CONNECTOR_PROFILE_NAME_PATTERN,
                    expected("an AppFlow connector profile name of 1–256 letters, digits or _/!@#+=.-"),
                )
                .optional(),
            /** The org's URL: the new connector profile's instance URL, and where Amazon Connect deep-links the tasks it creates. */
            instanceUrl: instanceUrl.optional(),
            /** The name rules show for this connection (required for a new one; default: the connector profile name). */
            friendlyName: friendlyName.optional(),
            /** New connection only: production (login.salesforce.com) or sandbox (test.salesforce.com). */
            environment: z.enum(["production", "sandbox"], expected("production or sandbox")).optional(),
        },
        expected(CONNECTION_FORMS),
    )
    .superRefine((c, ctx) => {
        if (c.connectorProfileName !== undefined && c.environment !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["environment"],
                input: c.environment,
                message:
                    "no environment when connectorProfileName reuses an existing connection (the profile already fixes it)",
            });
        }
        if (c.connectorProfileName === undefined && c.environment === undefined) {
            ctx.addIssue({ code: "custom", path: [], input: c, message: CONNECTION_FORMS });
        }
        if (c.connectorProfileName === undefined && c.environment !== undefined && c.friendlyName === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["friendlyName"],
                input: undefined,
                message: "a friendly name for the new connection, e.g. Salesforce - Test instance",
            });
        }
    });

const referenceSchema = z.strictObject(
    {
        type: z.enum(REFERENCE_TYPES, expected(`one of ${REFERENCE_TYPES.join(", ")}`)).default("URL"),
        value: z
            .string(expected("a value starting with https: or /"))
            .regex(
                REFERENCE_VALUE_PATTERN,
                expected(
                    "a value starting with https: or / (variables such as $.ThirdParty.Salesforce.CaseCreate.CaseNumber may follow)",
                ),
            )
            .superRefine(documentedVariablesOnly),
    },
    expected("an object { type, value }"),
);

const conditionSchema = z
    .strictObject(
        {
            /** A Case field of the OnSalesforceCaseCreate event. */
            field: z.enum(CASE_FIELDS, expected(`one of ${CASE_FIELDS.join(", ")}`)),
            /** EQUALS (default) or CONTAINS; which one a field accepts is in CONDITION_OPERATORS. */
            operator: z.enum(["EQUALS", "CONTAINS"], expected("EQUALS or CONTAINS")).default("EQUALS"),
            /** One comparison per value; several values are OR-ed. */
            anyOf: z
                .array(z.string().min(1, expected("non-empty strings")), expected("a list of values"))
                .min(1, expected("at least one value"))
                .max(20, expected("at most 20 values")),
        },
        expected("an object { field, operator?, anyOf }"),
    )
    .superRefine((c, ctx) => {
        const allowed: readonly string[] = CONDITION_OPERATORS[c.field];
        if (!allowed.includes(c.operator))
            ctx.addIssue({
                code: "custom",
                path: ["operator"],
                input: c.operator,
                message: `${allowed.join(" or ")}: the only operator${allowed.length > 1 ? "s" : ""} AWS documents for ${c.field} on OnSalesforceCaseCreate`,
            });
    });

const ruleSchema = z
    .strictObject(
        {
            /** The `name` of an entry of connectInstances: the instance whose rule creates the task. */
            instance: z.string(expected("the name of an entry of connectInstances")),
            /** Rule name (letters, digits, ".", "_", "-"). */
            name: z.string(expected(TASK_RULE_NAME.form)).regex(RULE_NAME_PATTERN, expected(TASK_RULE_NAME.form)),
            /** ID of the contact flow the task is routed to (the last segment of its ARN). */
            contactFlowId: z
                .string(expected("a contact flow ID (the last segment of its ARN)"))
                .regex(CONTACT_FLOW_ID_PATTERN, expected("a contact flow ID (the last segment of its ARN)")),
            /** The task's name; supports variables such as $.ThirdParty.Salesforce.CaseCreate.CaseNumber. */
            taskName: z
                .string(expected("a task name of 1–512 characters"))
                .min(1, expected("a task name of 1–512 characters"))
                .max(512, expected("a task name of 1–512 characters"))
                .superRefine(documentedVariablesOnly),
            /** The task's description (up to 4,096 characters, variables allowed). */
            taskDescription: z
                .string(expected("a description of at most 4096 characters"))
                .max(4096, expected("a description of at most 4096 characters"))
                .superRefine(documentedVariablesOnly)
                .optional(),
            /** Task references shown to the agent, e.g. a link to the case. */
            references: z
                .record(
                    z.string().min(1).max(4096),
                    referenceSchema,
                    expected("a map of reference names to { type, value }"),
                )
                .optional(),
            /** Conditions on the new Case; none: a task for every new case. */
            conditions: z
                .array(conditionSchema, expected("a list of { field, operator?, anyOf }"))
                .max(10, expected("at most 10 conditions"))
                .default([]),
            /** all (default): every condition must hold; any: one comparison of any condition suffices. */
            match: z.enum(["all", "any"], expected("all or any")).default("all"),
            /** Publish the rule (default true); false keeps it as a draft. */
            publish: z.boolean(expected("true or false")).default(true),
        },
        expected("an object { instance, name, contactFlowId, taskName, … }"),
    )
    .superRefine((r, ctx) => {
        // The rules function language is one level deep: the top operator (AND or OR) takes the
        // comparisons (Connect API Reference, Rules Function language, Conditions). With several
        // conditions that must all hold, a condition with several values would need an OR inside the AND.
        if (r.match === "all" && r.conditions.length > 1)
            r.conditions.forEach((c, j) => {
                if (c.anyOf.length > 1)
                    ctx.addIssue({
                        code: "custom",
                        path: ["conditions", j, "anyOf"],
                        input: c.anyOf,
                        message:
                            "one value when the rule has several conditions and match is all (a rule function is one AND or OR of single-value comparisons); use match: any, or one condition",
                    });
            });
    });

/** The `salesforceTasks` section. */
export const salesforceTasksSchema = z.strictObject(
    {
        connection: connectionSchema,
        rules: z
            .array(ruleSchema, expected("a list of rules, each { instance, name, contactFlowId, taskName, … }"))
            .min(1, expected("at least one rule"))
            .max(50, expected("at most 50 rules")),
    },
    expected("an object { connection, rules }"),
);

export type SalesforceTasksConfig = z.infer<typeof salesforceTasksSchema>;
export type SalesforceConnectionConfig = SalesforceTasksConfig["connection"];
export type SalesforceTaskRuleConfig = SalesforceTasksConfig["rules"][number];

/** True when the connection reuses an existing connector profile. */
export function isExistingConnection(c: SalesforceConnectionConfig): boolean {
    return c.connectorProfileName !== undefined;
}

/**
 * Cross-entry checks of `salesforceTasks`, run whatever else is wrong: every rule names an instance
 * of connectInstances; the instance URL is present (a new connection needs it for the connector
 * profile, and every connection needs it for the deep links of the integration association); rule
 * names are unique per instance.
 */
export function crossCheckSalesforceTasks(raw: Record<string, unknown>): ConfigProblem[] {
    const section = raw.salesforceTasks;
    if (section === null || typeof section !== "object" || Array.isArray(section)) return [];
    const s = section as Record<string, unknown>;
    const problems: ConfigProblem[] = [];
    const key = (path: string) => `${PROJECT}:salesforceTasks.${path}`;
    const conn = s.connection;
    if (conn !== null && typeof conn === "object" && !Array.isArray(conn)) {
        const c = conn as Record<string, unknown>;
        // Only absence is reported here; a present but malformed URL is the schema's to report.
        if (c.instanceUrl === undefined)
            problems.push({ key: key("connection.instanceUrl"), value: undefined, expected: MISSING_INSTANCE_URL });
    }
    const instances = Array.isArray(raw.connectInstances) ? raw.connectInstances : [];
    const names = instances
        .map((i) => (i !== null && typeof i === "object" ? (i as Record<string, unknown>).name : undefined))
        .filter((n): n is string => typeof n === "string");
    const rules = Array.isArray(s.rules) ? s.rules : [];
    const seen = new Map<string, number>();
    rules.forEach((r: unknown, i) => {
        if (r === null || typeof r !== "object") return;
        const rule = r as Record<string, unknown>;
        if (typeof rule.instance === "string" && !names.includes(rule.instance)) {
            problems.push({
                key: key(`rules[${i}].instance`),
                value: rule.instance,
                expected:
                    names.length > 0
                        ? `the name of an entry of connectInstances (${names.join(", ")})`
                        : "the name of an entry of connectInstances",
            });
        }
        if (typeof rule.instance === "string" && typeof rule.name === "string") {
            const id = `${rule.instance}/${rule.name}`;
            const first = seen.get(id);
            if (first === undefined) seen.set(id, i);
            else
                problems.push({
                    key: key(`rules[${i}].name`),
                    value: rule.name,
                    expected: `a rule name not used by another rule of the same instance (rules[${first}] has it)`,
                });
        }
    });
    return problems;
}

/** The OAuth material of a new connection, every value a secret Output. */
export interface SalesforceCredentials {
    accessToken: pulumi.Output<string>;
    refreshToken: pulumi.Output<string>;
    /** The connected app's client credentials, when the org uses its own connected app. */
    clientCredentials?: { clientId: pulumi.Output<string>; clientSecret: pulumi.Output<string> };
}

/**
 * Reads the secret OAuth material of a new Salesforce connection with `getSecret` (the values stay
 * secret even when someone set them without `--secret`). Returns undefined for a reused connection
 * (no secret is read at all) and the problems for missing keys: the access and refresh tokens are
 * required; the client id and secret go together.
 */
export function readSalesforceCredentials(
    cfg: SalesforceTasksConfig | undefined,
    config: pulumi.Config = new pulumi.Config(PROJECT),
): { credentials?: SalesforceCredentials; problems: ConfigProblem[] } {
    if (!cfg || isExistingConnection(cfg.connection)) return { problems: [] };
    const problems: ConfigProblem[] = [];
    const read = (k: string) => config.getSecret(k);
    const missing = (k: string, why: string) =>
        problems.push({
            key: `${PROJECT}:${k}`,
            value: undefined,
            expected: `${why}: set it with \`pulumi config set --secret ${k} …\``,
        });
    const accessToken = read(SALESFORCE_SECRET_KEYS.accessToken);
    const refreshToken = read(SALESFORCE_SECRET_KEYS.refreshToken);
    const clientId = read(SALESFORCE_SECRET_KEYS.clientId);
    const clientSecret = read(SALESFORCE_SECRET_KEYS.clientSecret);
    if (!accessToken)
        missing(SALESFORCE_SECRET_KEYS.accessToken, "a secret OAuth access token for the new Salesforce connection");
    if (!refreshToken)
        missing(
            SALESFORCE_SECRET_KEYS.refreshToken,
            'a secret OAuth refresh token for the new Salesforce connection (refresh-token policy "valid until revoked")',
        );
    if (clientId && !clientSecret)
        missing(
            SALESFORCE_SECRET_KEYS.clientSecret,
            `a secret client secret, because ${SALESFORCE_SECRET_KEYS.clientId} is set`,
        );
    if (clientSecret && !clientId)
        missing(
            SALESFORCE_SECRET_KEYS.clientId,
            `a secret client id, because ${SALESFORCE_SECRET_KEYS.clientSecret} is set`,
        );
    if (problems.length > 0 || !accessToken || !refreshToken) return { problems };
    return {
        credentials: {
            accessToken,
            refreshToken,
            clientCredentials: clientId && clientSecret ? { clientId, clientSecret } : undefined,
        },
        problems,
    };
}
