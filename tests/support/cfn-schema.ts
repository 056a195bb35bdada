// Validates the inputs of aws-native resources against the official CloudFormation resource
// schemas in tests/fixtures/cfn-schemas/ (the authority on property names, patterns, enums and limits).
// aws-native input names are the schema's property names in camelCase; they are converted back,
// read-only properties are removed from the schema, and ajv runs in non-strict mode because the
// schemas carry CloudFormation's own keywords.
import * as fs from "fs";
import * as path from "path";
import Ajv, { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

export const SCHEMA_DIR = path.resolve(__dirname, "..", "fixtures", "cfn-schemas");

/** `aws-native:customerprofiles:ObjectType` → `aws-customerprofiles-objecttype.json`. */
export function schemaFileFor(type: string): string {
    const [, mod, name] = type.split(":");
    return path.join(SCHEMA_DIR, `aws-${mod.toLowerCase()}-${name.toLowerCase()}.json`);
}

export interface CfnSchema {
    typeName: string;
    properties: Record<string, any>;
    definitions?: Record<string, any>;
    required?: string[];
    readOnlyProperties?: string[];
    createOnlyProperties?: string[];
    writeOnlyProperties?: string[];
    [k: string]: unknown;
}

const cache = new Map<string, { schema: CfnSchema; validate: ValidateFunction }>();

export function loadSchema(file: string): CfnSchema {
    return JSON.parse(fs.readFileSync(file, "utf8")) as CfnSchema;
}

function compile(type: string): { schema: CfnSchema; validate: ValidateFunction } {
    const hit = cache.get(type);
    if (hit) return hit;
    const schema = loadSchema(schemaFileFor(type));
    const copy = JSON.parse(JSON.stringify(schema)) as CfnSchema;
    for (const pointer of copy.readOnlyProperties ?? []) {
        const parts = pointer.split("/").slice(2); // "/properties/Arn" → ["Arn"]
        if (parts.length === 1) {
            delete copy.properties[parts[0]];
            copy.required = (copy.required ?? []).filter((r) => r !== parts[0]);
        }
    }
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    // CloudFormation schemas are draft-07 with extra keywords; drop the meta-schema reference.
    delete (copy as Record<string, unknown>)["$schema"];
    const validate = ajv.compile(copy);
    const entry = { schema, validate };
    cache.set(type, entry);
    return entry;
}

/** Follows a local `$ref` (`#/definitions/X`) to the node it names. */
function resolve(root: CfnSchema, node: any): any {
    let n = node;
    for (let i = 0; n && typeof n.$ref === "string" && i < 20; i++) {
        n = n.$ref
            .split("/")
            .slice(1)
            .reduce((acc: any, part: string) => acc?.[part], root);
    }
    return n;
}

/**
 * aws-native input names back to the schema's property names, guided by the schema itself: each
 * key is matched case-insensitively against the properties of the schema node it sits in (so
 * `kmsArn` becomes `KMSArn`, not `KmsArn`), and keys of map-typed nodes (user data such as
 * references) are left as they are. Without a schema node it capitalises the first letter.
 */
export function toCfnCase(value: unknown, root?: CfnSchema, schemaNode?: any): unknown {
    const node = root ? resolve(root, schemaNode ?? root) : undefined;
    if (Array.isArray(value)) return value.map((v) => toCfnCase(v, root, node?.items));
    if (value === null || typeof value !== "object") return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const props: Record<string, any> | undefined = node?.properties;
    if (node && !props && (node.additionalProperties || node.patternProperties)) {
        const valueSchema =
            typeof node.additionalProperties === "object"
                ? node.additionalProperties
                : Object.values(node.patternProperties ?? {})[0];
        return Object.fromEntries(entries.map(([k, v]) => [k, toCfnCase(v, root, valueSchema)]));
    }
    return Object.fromEntries(
        entries.map(([k, v]) => {
            const name =
                (props && Object.keys(props).find((p) => p.toLowerCase() === k.toLowerCase())) ??
                k.charAt(0).toUpperCase() + k.slice(1);
            return [name, toCfnCase(v, root, props?.[name])];
        }),
    );
}

/**
 * Returns the schema violations of an aws-native resource's inputs (empty when valid), each as
 * `PATH: MESSAGE`. Map-typed properties whose keys are user data (e.g. tags as objects) are rare in
 * these schemas; tags are lists of {Key, Value}.
 */
export function validateNativeInputs(type: string, inputs: Record<string, unknown>): string[] {
    const { schema, validate } = compile(type);
    const doc = toCfnCase(inputs, schema);
    if (validate(doc)) return [];
    return (validate.errors ?? []).map(
        (e) =>
            `${e.instancePath || "/"}: ${e.message}${e.params && "allowedValues" in e.params ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})` : ""}`,
    );
}

/** The create-only properties of a type, as input names (camelCase top-level property). */
export function createOnlyInputs(type: string): string[] {
    const schema = loadSchema(schemaFileFor(type));
    return (schema.createOnlyProperties ?? [])
        .map((p) => p.split("/")[2])
        .map((n) => n.charAt(0).toLowerCase() + n.slice(1));
}
