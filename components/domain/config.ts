// The configuration of the Connect instances the domain is associated with: existing ones (by ARN)
// or ones this stack creates. Composed into the stack's schema by components/config/.
import { z } from "zod";
import { expected, wholeNumber } from "../common/config-rules";
import { LOGICAL_NAME, LOGICAL_NAME_PATTERN, MAX_EXPIRATION_DAYS } from "../common/names";

/**
 * `defaultExpirationDays`: the rule and its messages, for the configuration schema and the domain
 * component's own argument check alike (a value over the maximum is told why the bound is there).
 */
export const defaultExpirationDaysSchema = wholeNumber(
    `a whole number of days from 1 to ${MAX_EXPIRATION_DAYS}`,
    1,
    MAX_EXPIRATION_DAYS,
    `a whole number of days from 1 to ${MAX_EXPIRATION_DAYS} (the service's retention quota)`,
);

/** The Connect instance alias rule (aws-connect-instance.json, InstanceAlias). */
export const INSTANCE_ALIAS_PATTERN = /^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$/;
/** The Connect instance ARN rule (aws-connect-instance.json, Arn). */
export const INSTANCE_ARN_PATTERN = /^arn:aws[-a-z0-9]*:connect:[-a-z0-9]*:[0-9]{12}:instance\/[-a-zA-Z0-9]*$/;

export const existingInstanceSchema = z.strictObject(
    {
        /** Key of this instance in the stack: names its resources and is referenced by other settings. */
        name: z.string().regex(LOGICAL_NAME_PATTERN, expected(LOGICAL_NAME.form)),
        /** ARN of an existing Amazon Connect instance to associate with the domain. */
        arn: z
            .string()
            .regex(
                INSTANCE_ARN_PATTERN,
                expected("an Amazon Connect instance ARN, arn:aws:connect:REGION:ACCOUNT:instance/ID"),
            ),
    },
    expected("an object { name, arn } or { name, alias, … }"),
);

export const newInstanceSchema = z.strictObject(
    {
        name: existingInstanceSchema.shape.name,
        /** Alias of the instance this stack creates (its access URL is https://ALIAS.my.connect.aws). */
        alias: z
            .string()
            .min(1, expected('an alias of 1–45 letters, digits or "-", not starting with "d-"'))
            .max(45, expected('an alias of 1–45 letters, digits or "-", not starting with "d-"'))
            .regex(INSTANCE_ALIAS_PATTERN, expected('an alias of 1–45 letters, digits or "-", not starting with "d-"')),
        /** How users are managed: CONNECT_MANAGED (default), SAML, or EXISTING_DIRECTORY (needs directoryId). */
        identityManagementType: z
            .enum(
                ["CONNECT_MANAGED", "SAML", "EXISTING_DIRECTORY"],
                expected("one of CONNECT_MANAGED, SAML, EXISTING_DIRECTORY"),
            )
            .default("CONNECT_MANAGED"),
        /** Directory Service directory, only with EXISTING_DIRECTORY. */
        directoryId: z
            .string()
            .regex(/^d-[0-9a-f]{10}$/, expected("a directory ID such as d-1234567890"))
            .optional(),
        inboundCalls: z.boolean(expected("true or false")).default(true),
        outboundCalls: z.boolean(expected("true or false")).default(true),
        contactFlowLogs: z.boolean(expected("true or false")).default(true),
    },
    expected("an object { name, arn } or { name, alias, … }"),
);

export const instanceSchema = z
    .union(
        [existingInstanceSchema, newInstanceSchema],
        expected(
            "an object with either `arn` (an existing instance) or `alias` (an instance this stack creates), and a `name`",
        ),
    )
    .superRefine((i, ctx) => {
        if ("alias" in i && i.identityManagementType === "EXISTING_DIRECTORY" && !i.directoryId) {
            ctx.addIssue({
                code: "custom",
                path: ["directoryId"],
                message: "a directoryId (d-XXXXXXXXXX) when identityManagementType is EXISTING_DIRECTORY",
                input: undefined,
            });
        }
        if ("alias" in i && i.identityManagementType !== "EXISTING_DIRECTORY" && i.directoryId) {
            ctx.addIssue({
                code: "custom",
                path: ["directoryId"],
                message: "no directoryId unless identityManagementType is EXISTING_DIRECTORY",
                input: i.directoryId,
            });
        }
    });

export type ExistingInstanceConfig = z.infer<typeof existingInstanceSchema>;
export type NewInstanceConfig = z.infer<typeof newInstanceSchema>;
export type InstanceConfig = ExistingInstanceConfig | NewInstanceConfig;
