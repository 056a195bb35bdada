// Which inputs of a resource type cannot change in place (a change replaces the resource), and
// which types hold data that a replacement destroys.
//
// aws-native types: `createOnlyProperties` of the CloudFormation resource schemas in
// tests/fixtures/cfn-schemas/ (the authority, kept in the repository), e.g. aws-native:customerprofiles:Integration →
// aws-customerprofiles-integration.json. When that folder is missing the built-in table below is
// used and `source` says so. Classic (@pulumi/aws) types: the properties the Terraform AWS provider
// marks ForceNew, for the types this program and its neighbours use (classic has no CloudFormation
// schema).
import * as fs from "fs";
import * as path from "path";

/** Where the schemas live: tests/fixtures/cfn-schemas in this repository (origin and licence in its README). */
export const DEFAULT_SCHEMA_DIR = path.resolve(__dirname, "..", "..", "tests", "fixtures", "cfn-schemas");

/**
 * Classic types: inputs whose change forces a replacement (ForceNew in the Terraform AWS provider,
 * which @pulumi/aws bridges). Nested paths use dots.
 */
export const CLASSIC_CREATE_ONLY: Record<string, string[]> = {
    "aws:customerprofiles/domain:Domain": ["domainName"],
    "aws:connect/instance:Instance": ["instanceAlias", "identityManagementType", "directoryId"],
    "aws:connect/instanceStorageConfig:InstanceStorageConfig": ["instanceId", "resourceType"],
    "aws:sqs/queue:Queue": ["name", "namePrefix", "fifoQueue"],
    "aws:sqs/queuePolicy:QueuePolicy": ["queueUrl"],
    "aws:kinesis/stream:Stream": ["name"],
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": ["name", "destination", "kinesisSourceConfiguration"],
    "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"],
    "aws:kms/alias:Alias": ["name", "namePrefix"],
    "aws:kms/keyPolicy:KeyPolicy": ["keyId"],
    "aws:kms/grant:Grant": [
        "keyId",
        "granteePrincipal",
        "operations",
        "constraints",
        "retiringPrincipal",
        "grantTokens",
        "name",
    ],
    "aws:sns/topic:Topic": ["name", "namePrefix", "fifoTopic"],
    "aws:sns/topicPolicy:TopicPolicy": ["arn"],
    "aws:sns/topicSubscription:TopicSubscription": ["topic", "protocol", "endpoint"],
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    "aws:iam/policy:Policy": ["name", "namePrefix", "path", "description"],
    "aws:iam/rolePolicy:RolePolicy": ["role", "name", "namePrefix"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
    "aws:cloudwatch/eventBus:EventBus": ["name", "eventSourceName"],
    "aws:cloudwatch/eventRule:EventRule": ["name", "namePrefix", "eventBusName"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["name"],
    "aws:appflow/connectorProfile:ConnectorProfile": ["name", "connectorType", "connectorLabel", "kmsArn"],
    "aws:appflow/flow:Flow": ["name", "kmsArn"],
    "aws:appconfig/eventIntegration:EventIntegration": ["name", "eventbridgeBus", "eventFilter"],
};

/**
 * aws-native types used by the program, from the schemas' createOnlyProperties (August 2026): the
 * fallback when tests/fixtures/cfn-schemas is not there.
 */
export const NATIVE_CREATE_ONLY_FALLBACK: Record<string, string[]> = {
    "aws-native:customerprofiles:Integration": ["domainName", "uri"],
    "aws-native:customerprofiles:ObjectType": ["domainName", "objectTypeName"],
    "aws-native:customerprofiles:EventStream": ["domainName", "eventStreamName", "uri"],
    "aws-native:customerprofiles:Domain": ["domainName"],
    "aws-native:connect:IntegrationAssociation": ["instanceId", "integrationArn", "integrationType"],
    "aws-native:connect:Rule": ["triggerEventSource", "instanceArn"],
    "aws-native:connect:Instance": ["directoryId", "instanceAlias", "identityManagementType"],
    "aws-native:connect:InstanceStorageConfig": ["instanceArn", "resourceType"],
    "aws-native:appflow:Flow": ["flowName", "kmsArn"],
    "aws-native:appflow:ConnectorProfile": ["connectorProfileName", "connectorType", "connectorLabel"],
    "aws-native:appintegrations:EventIntegration": ["name", "eventBridgeBus", "eventFilter"],
    "aws-native:kinesis:Stream": ["name"],
    "aws-native:sqs:Queue": ["fifoQueue", "queueName"],
    "aws-native:events:EventBus": ["name"],
    "aws-native:events:Rule": ["name"],
    "aws-native:iam:Role": ["path", "roleName"],
};

/**
 * Types whose replacement destroys data (profiles, keys and everything encrypted with them, queued
 * messages, stream records, objects, a Connect instance's configuration and contact history).
 */
export const STATEFUL_TYPES = new Set<string>([
    "aws:customerprofiles/domain:Domain",
    "aws-native:customerprofiles:Domain",
    // Deleting an object type deletes every profile object of that type.
    "aws-native:customerprofiles:ObjectType",
    "aws:kms/key:Key",
    "aws-native:kms:Key",
    "aws:sqs/queue:Queue",
    "aws-native:sqs:Queue",
    "aws:kinesis/stream:Stream",
    "aws-native:kinesis:Stream",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws-native:s3:Bucket",
    "aws:connect/instance:Instance",
    "aws-native:connect:Instance",
]);

export interface CreateOnlyCatalog {
    /** Create-only input paths (top-level names or dotted nested paths) of a type; undefined when unknown. */
    forType(type: string): string[] | undefined;
    /** Where aws-native answers come from, for the output: the schema folder, or a note that it is missing. */
    source: string;
    schemasFound: boolean;
}

/** `aws-native:customerprofiles:Integration` → `aws-customerprofiles-integration.json`. */
export function schemaFileName(type: string): string | undefined {
    const m = /^aws-native:([^:]+):([^:]+)$/.exec(type);
    return m ? `aws-${m[1].toLowerCase()}-${m[2].toLowerCase()}.json` : undefined;
}

/** `/properties/KMSArn` → `KMSArn`; `/properties/A/B` → `A.B` (schema case, matched case-insensitively). */
function pointerToPath(pointer: string): string {
    return pointer
        .replace(/^\/properties\//, "")
        .split("/")
        .join(".");
}

export function loadCreateOnlyCatalog(schemaDir: string = DEFAULT_SCHEMA_DIR): CreateOnlyCatalog {
    const schemasFound = fs.existsSync(schemaDir) && fs.statSync(schemaDir).isDirectory();
    const cache = new Map<string, string[] | undefined>();
    return {
        schemasFound,
        source: schemasFound
            ? `createOnlyProperties from ${schemaDir}`
            : `${schemaDir} is missing: aws-native create-only properties come from the built-in table`,
        forType(type: string): string[] | undefined {
            if (cache.has(type)) return cache.get(type);
            let result: string[] | undefined = CLASSIC_CREATE_ONLY[type];
            const file = schemaFileName(type);
            if (file) {
                result = NATIVE_CREATE_ONLY_FALLBACK[type];
                if (schemasFound && fs.existsSync(path.join(schemaDir, file))) {
                    const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, file), "utf8")) as {
                        createOnlyProperties?: string[];
                    };
                    result = (schema.createOnlyProperties ?? []).map(pointerToPath);
                }
            }
            cache.set(type, result);
            return result;
        },
    };
}

/** Input value at a dotted path; keys compared case-insensitively (schema PascalCase vs camelCase inputs). */
export function valueAtPath(inputs: unknown, dotted: string): unknown {
    let cur: unknown = inputs;
    for (const part of dotted.split(".")) {
        if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
        const key = Object.keys(cur as object).find((k) => k.toLowerCase() === part.toLowerCase());
        if (key === undefined) return undefined;
        cur = (cur as Record<string, unknown>)[key];
    }
    return cur;
}

/** The input name as the resource spells it (camelCase for aws-native), for messages. */
export function inputName(inputs: Record<string, unknown> | undefined, dotted: string): string {
    const parts = dotted.split(".");
    const out: string[] = [];
    let cur: unknown = inputs;
    for (const part of parts) {
        const obj =
            cur !== null && typeof cur === "object" && !Array.isArray(cur)
                ? (cur as Record<string, unknown>)
                : undefined;
        const key = obj ? Object.keys(obj).find((k) => k.toLowerCase() === part.toLowerCase()) : undefined;
        out.push(key ?? part.replace(/^[A-Z]+(?=[A-Z][a-z]|[0-9]|$)|^[A-Z]/, (m) => m.toLowerCase()));
        cur = key ? obj![key] : undefined;
    }
    return out.join(".");
}
