// The mock cloud behind the offline plan and the tests: answers the Pulumi runtime's mock monitor
// with the values AWS would compute (IDs, ARNs, URLs, service-linked roles), shaped from the
// account and region, deterministic (a hash of the resource name), so that documents referencing
// them can be judged and plans can be diffed. Any provider function it does not know throws, so a
// new data-source call cannot silently return nothing.
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { AccountContext } from "../../components/common/policy-documents";
import { UNKNOWN_PLACEHOLDER } from "./plan-format";

type State = Record<string, any>;

/** One request the mock cloud refused, as AWS would: the resource, the operation and why. */
export interface Refusal {
    /** The resource's URN (or its type and logical name when the URN is not known). */
    urn: string;
    type: string;
    name: string;
    reason: string;
}

/**
 * The offline run failed as `pulumi up` would: the cloud refused to create one or more resources.
 * The message names each resource and the reason (the AWS source of each rule is in mock-cloud.ts).
 */
export class CloudRefusalError extends Error {
    constructor(public readonly refusals: Refusal[]) {
        super(
            `The mock cloud refused ${refusals.length} request${refusals.length === 1 ? "" : "s"}, as AWS would during \`pulumi up\`:\n` +
                refusals.map((r) => `  ${r.type} ${r.name}: ${r.reason}`).join("\n"),
        );
        this.name = "CloudRefusalError";
    }
}
type Computer = (name: string, inputs: State, ctx: AccountContext, h: (n: number) => string) => State;

/** Deterministic hex of the given length, from a seed. */
export function stableHex(seed: string, length: number): string {
    let out = "";
    for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
    return out.slice(0, length);
}

function uuid(h: (n: number) => string): string {
    const x = h(32);
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** A physical name as Pulumi's auto-naming would make it: logical name plus 7 random characters. */
function autoName(name: string, h: (n: number) => string, max = 80): string {
    return `${name.slice(0, max - 8)}-${h(7)}`;
}

const arn = (ctx: AccountContext, service: string, resource: string, regional = true, account = true) =>
    `arn:${ctx.partition}:${service}:${regional ? ctx.region : ""}:${account ? ctx.accountId : ""}:${resource}`;

/**
 * Computed outputs per resource type. Types not listed get `id` and, when they have none, a
 * generic `arn` (arn:aws:SERVICE:REGION:ACCOUNT:TYPE/NAME).
 */
export const COMPUTED: Record<string, Computer> = {
    "aws:kms/key:Key": (_n, _i, ctx, h) => {
        const id = uuid(h);
        return { id, keyId: id, arn: arn(ctx, "kms", `key/${id}`) };
    },
    "aws:kms/alias:Alias": (n, i, ctx) => ({ id: i.name ?? n, arn: arn(ctx, "kms", i.name ?? `alias/${n}`) }),
    "aws:kms/keyPolicy:KeyPolicy": (_n, i) => ({ id: i.keyId }),
    "aws:sqs/queue:Queue": (n, i, ctx, h) => {
        const name = i.name ?? autoName(n, h);
        const url = `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${name}`;
        return { id: url, url, name, arn: arn(ctx, "sqs", name) };
    },
    "aws:sqs/queuePolicy:QueuePolicy": (_n, i) => ({ id: i.queueUrl }),
    "aws:sns/topic:Topic": (n, i, ctx, h) => {
        const name = i.name ?? autoName(n, h, 256);
        const a = arn(ctx, "sns", name);
        return { id: a, arn: a, name };
    },
    "aws:customerprofiles/domain:Domain": (_n, i, ctx) => ({
        id: i.domainName,
        arn: arn(ctx, "profile", `domains/${i.domainName}`),
    }),
    "aws:connect/instance:Instance": (n, _i, ctx, h) => {
        const id = uuid(h);
        return {
            id,
            arn: arn(ctx, "connect", `instance/${id}`),
            serviceRole: `arn:${ctx.partition}:iam::${ctx.accountId}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_${stableHex(n + "role", 20)}`,
            status: "ACTIVE",
        };
    },
    "aws:kinesis/stream:Stream": (n, i, ctx, h) => {
        const name = i.name ?? autoName(n, h, 128);
        const a = arn(ctx, "kinesis", `stream/${name}`);
        return { id: a, arn: a, name };
    },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": (n, i, ctx, h) => {
        const name = i.name ?? autoName(n, h, 64);
        const a = arn(ctx, "firehose", `deliverystream/${name}`);
        return { id: a, arn: a, name };
    },
    "aws:s3/bucket:Bucket": (n, i, ctx, h) => {
        const bucket = i.bucket ?? autoName(n.toLowerCase(), h, 63);
        return {
            id: bucket,
            bucket,
            arn: `arn:${ctx.partition}:s3:::${bucket}`,
            bucketDomainName: `${bucket}.s3.amazonaws.com`,
        };
    },
    "aws:s3/bucketV2:BucketV2": (n, i, ctx, h) => {
        const bucket = i.bucket ?? autoName(n.toLowerCase(), h, 63);
        return {
            id: bucket,
            bucket,
            arn: `arn:${ctx.partition}:s3:::${bucket}`,
            bucketDomainName: `${bucket}.s3.amazonaws.com`,
        };
    },
    "aws:iam/role:Role": (n, i, ctx, h) => {
        // With namePrefix the provider appends a 26-character unique suffix (Terraform AWS provider,
        // aws_iam_role name_prefix: at most 38 characters, so the name stays within IAM's 64).
        const name = i.name ?? (typeof i.namePrefix === "string" ? `${i.namePrefix}${h(26)}` : autoName(n, h, 64));
        return {
            id: name,
            name,
            arn: `arn:${ctx.partition}:iam::${ctx.accountId}:role${i.path ?? "/"}${name}`,
            uniqueId: `AROA${h(17).toUpperCase()}`,
        };
    },
    "aws:iam/policy:Policy": (n, i, ctx, h) => {
        const name = i.name ?? autoName(n, h, 128);
        const a = `arn:${ctx.partition}:iam::${ctx.accountId}:policy${i.path ?? "/"}${name}`;
        return { id: a, arn: a, name };
    },
    // IAM API Reference, CreateOpenIDConnectProvider: the ARN is the provider's URL without https://.
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_n, i, ctx) => {
        const a = `arn:${ctx.partition}:iam::${ctx.accountId}:oidc-provider/${String(i.url).replace(/^https:\/\//, "")}`;
        return { id: a, arn: a };
    },
    "aws:appflow/connectorProfile:ConnectorProfile": (n, i, ctx) => ({
        id: i.name ?? n,
        arn: arn(ctx, "appflow", `connectorprofile/${i.name ?? n}`),
    }),
    "aws:appflow/flow:Flow": (n, i, ctx) => ({
        id: i.name ?? n,
        arn: arn(ctx, "appflow", `flow/${i.name ?? n}`),
        flowStatus: "Draft",
    }),
    "aws:cloudwatch/eventBus:EventBus": (n, i, ctx) => ({
        id: i.name ?? n,
        arn: arn(ctx, "events", `event-bus/${i.name ?? n}`),
    }),
    "aws:cloudwatch/eventRule:EventRule": (n, i, ctx, h) => {
        const name = i.name ?? autoName(n, h, 64);
        const bus = i.eventBusName && i.eventBusName !== "default" ? `${i.eventBusName}/` : "";
        return { id: name, name, arn: arn(ctx, "events", `rule/${bus}${name}`) };
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": (n, i, ctx, h) => {
        const name = i.name ?? autoName(n, h, 255);
        return { id: name, name, arn: arn(ctx, "cloudwatch", `alarm:${name}`) };
    },
    "aws:appconfig/eventIntegration:EventIntegration": (n, i, ctx) => ({
        id: i.name ?? n,
        arn: arn(ctx, "app-integrations", `event-integration/${i.name ?? n}`),
    }),
    // PutIntegration with a FlowDefinition creates the flow and returns its URI (Amazon Connect
    // Administrator Guide, "Example: Programmatically integrate Amazon S3 with Amazon Connect Customer
    // Profiles", Step 2). The name in the URI is the requested one here: no page settles whether AppFlow
    // keeps it (the page's example URI carries a generated name), which is why the stack reads the URI.
    "aws-native:customerprofiles:Integration": (_n, i, ctx) => ({
        createdAt: "2026-01-01T00:00:00Z",
        lastUpdatedAt: "2026-01-01T00:00:00Z",
        id: `${i.domainName}|${i.uri ?? i.flowDefinition?.flowName}`,
        uri:
            i.uri ??
            (i.flowDefinition?.flowName ? arn(ctx, "appflow", `flow/${i.flowDefinition.flowName}`) : undefined),
    }),
    "aws-native:customerprofiles:ObjectType": (_n, i) => ({
        id: `${i.domainName}|${i.objectTypeName}`,
        createdAt: "2026-01-01T00:00:00Z",
    }),
    "aws-native:customerprofiles:EventStream": (_n, i, ctx) => ({
        id: `${i.domainName}|${i.eventStreamName}`,
        eventStreamArn: arn(ctx, "profile", `domains/${i.domainName}/event-streams/${i.eventStreamName}`),
        state: "RUNNING",
    }),
    // Integrations: the historical-ingestion workflow (a dynamic resource) reports a completed run of every batch.
    "pulumi-nodejs:dynamic/customer-profiles:IntegrationWorkflow": (_n, i, _ctx, h) => {
        const id = uuid(h);
        const batches: { startTime: string; endTime: string }[] = i.batches ?? [];
        return {
            id,
            workflowId: id,
            status: "COMPLETE",
            stepsCompleted: batches.length,
            totalSteps: batches.length,
            recordsProcessed: 0,
            steps: batches.map((b) => ({
                status: "COMPLETE",
                batchStart: b.startTime,
                batchEnd: b.endTime,
                recordsProcessed: 0,
            })),
        };
    },
    // Salesforce → Connect Tasks.
    "aws-native:appflow:Flow": (_n, i, ctx) => ({ id: i.flowName, flowArn: arn(ctx, "appflow", `flow/${i.flowName}`) }),
    "aws-native:connect:Rule": (_n, i, _ctx, h) => {
        const ruleArn = `${i.instanceArn}/rule/${uuid(h)}`;
        return { id: ruleArn, ruleArn };
    },
    "pulumi-nodejs:dynamic/connect:IntegrationAssociation": (_n, i, _ctx, h) => {
        const id = uuid(h);
        return {
            id,
            integrationAssociationId: id,
            integrationAssociationArn: `${i.instanceArn}/integration-association/${id}`,
        };
    },
    "aws:secretsmanager/secret:Secret": (n, i, ctx, h) => {
        const name = i.name ?? autoName(n, h, 256);
        const a = arn(ctx, "secretsmanager", `secret:${name}-${h(6)}`);
        return { id: a, arn: a, name };
    },
    "aws:secretsmanager/secretVersion:SecretVersion": (_n, i, _ctx, h) => ({
        id: `${i.secretId}|${uuid(h)}`,
        versionId: uuid(h),
    }),
    "aws:secretsmanager/secretPolicy:SecretPolicy": (_n, i) => ({ id: i.secretArn }),
};

/**
 * The property each auto-named type gets its physical name in. The provider's `Check` assigns the
 * name (logical name + random suffix) before anything is created, so a preview already shows it
 * (Pulumi docs, "Resource names", Autonaming); every other computed value is unknown until apply.
 */
export const AUTONAMED: Record<string, string> = {
    "aws:sqs/queue:Queue": "name",
    "aws:sns/topic:Topic": "name",
    "aws:kinesis/stream:Stream": "name",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "name",
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:iam/role:Role": "name",
    "aws:iam/policy:Policy": "name",
    "aws:cloudwatch/eventRule:EventRule": "name",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "name",
    "aws:secretsmanager/secret:Secret": "name",
};

export interface MockCloudOptions {
    /**
     * Answer as `pulumi preview` of a first deployment does: a resource being created has no ID yet
     * and every value the cloud computes is unknown (the engine's unknown placeholder); only the
     * inputs and the auto-assigned physical names are known.
     */
    preview?: boolean;
}

/** The mocks behind the offline plan. */
export class MockCloud implements pulumi.runtime.Mocks {
    readonly preview: boolean;
    /** Every string a provider function (data source) returned: things that exist already. */
    readonly invoked = new Set<string>();

    constructor(
        public readonly ctx: AccountContext,
        options: MockCloudOptions = {},
    ) {
        this.preview = options.preview === true;
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
        const created = this.created(args);
        if (!this.preview || args.custom === false) return created;
        // Preview: the inputs as given, the auto-name, and the computed outputs as unknowns. An
        // empty ID is what the engine returns for a resource it has not created; the runtime makes
        // it, and every property missing or unknown in the answer, an unknown Output.
        const state: State = { ...args.inputs };
        const named = AUTONAMED[args.type];
        for (const [k, v] of Object.entries(created.state)) {
            if (k in args.inputs) continue;
            state[k] = k === named ? v : UNKNOWN_PLACEHOLDER;
        }
        return { id: undefined, state };
    }

    /** What the cloud returns once the resource exists: its ID and computed outputs. */
    private created(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
        const h = (n: number) => stableHex(`${args.type}::${args.name}`, n);
        const computer = COMPUTED[args.type];
        // @pulumi/aws 7's per-resource `region` argument places the resource in that region (its ARN).
        const ctx = typeof args.inputs.region === "string" ? { ...this.ctx, region: args.inputs.region } : this.ctx;
        const computed: State = computer ? computer(args.name, args.inputs, ctx, h) : this.generic(args, h, ctx);
        const { id, ...rest } = computed;
        return {
            id: args.custom === false ? undefined : (id ?? args.inputs.name ?? `${args.name}-${h(7)}`),
            state: { ...args.inputs, ...rest },
        };
    }

    private generic(args: pulumi.runtime.MockResourceArgs, h: (n: number) => string, ctx = this.ctx): State {
        if (!args.custom || args.type.startsWith("pulumi:")) return {};
        const [pkg, mod] = args.type.split(":");
        const service = mod.split("/")[0].toLowerCase();
        const kind = (args.type.split(":")[2] ?? "resource").toLowerCase();
        const name = args.inputs.name ?? autoName(args.name, h);
        if (args.inputs.arn) return {};
        return { arn: pkg === "aws" || pkg === "aws-native" ? arn(ctx, service, `${kind}/${name}`) : undefined };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const result = this.answer(args);
        for (const v of Object.values(result)) if (typeof v === "string") this.invoked.add(v);
        return result;
    }

    private answer(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const { accountId, region, partition } = this.ctx;
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    accountId,
                    arn: `arn:${partition}:iam::${accountId}:user/offline-plan`,
                    userId: "AIDAOFFLINEPLAN",
                    id: accountId,
                };
            case "aws:index/getRegion:getRegion":
                return {
                    name: region,
                    region,
                    id: region,
                    description: region,
                    endpoint: `ec2.${region}.amazonaws.com`,
                };
            case "aws:index/getPartition:getPartition":
                return { partition, dnsSuffix: "amazonaws.com", id: partition, reverseDnsPrefix: "com.amazonaws" };
            case "aws:connect/getInstance:getInstance": {
                const id = String(args.inputs.instanceId);
                return {
                    id,
                    instanceId: id,
                    arn: arn(this.ctx, "connect", `instance/${id}`),
                    serviceRole: `arn:${partition}:iam::${accountId}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_${stableHex(id, 20)}`,
                    status: "ACTIVE",
                };
            }
            // GitHub users and teams (the bootstrap's environment reviewers): a stable numeric ID per
            // login or slug, as the GitHub REST API's users and teams carry.
            case "github:index/getUser:getUser": {
                const login = String(args.inputs.username);
                const id = String(parseInt(stableHex(`user:${login}`, 7), 16));
                return { id, login, nodeId: `U_${stableHex(login, 12)}`, name: login };
            }
            case "github:index/getTeam:getTeam": {
                const slug = String(args.inputs.slug);
                const id = String(parseInt(stableHex(`team:${slug}`, 7), 16));
                return { id, slug, name: slug, nodeId: `T_${stableHex(slug, 12)}` };
            }
            default:
                throw new Error(
                    `The offline mock cloud does not know the provider function ${args.token}; add it to tools/lib/mock-cloud.ts`,
                );
        }
    }
}
