import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import { ArgsError } from "../common/errors";

/** The detail type of the event AppFlow sends when a flow run ends. */
export const FLOW_RUN_REPORT = "AppFlow End Flow Run Report";
/** The status of a successful run; any other status (Execution Failed, …) is a failure. */
export const FLOW_RUN_SUCCESS = "Execution Successful";

/**
 * The detail types of the events AppFlow sends when it deactivates a flow after a failure: an
 * event-triggered flow, and a schedule-triggered flow (AppFlow user guide, "Flow notifications").
 * These are separate events, not end-of-run reports: a deactivated flow never runs again, so no
 * failed run would ever be reported for it.
 */
export const FLOW_DEACTIVATED = ["AppFlow Event Flow Deactivated", "AppFlow Scheduled Flow Deactivated"];

/**
 * The event pattern of deactivations of the given flows. `flow-name` is one of the flow event
 * detail fields AppFlow documents for its events (AppFlow user guide, "Flow notifications").
 */
export function deactivatedFlowPattern(flowNames: string[]): Record<string, unknown> {
    return {
        source: ["aws.appflow"],
        "detail-type": [...FLOW_DEACTIVATED],
        detail: { "flow-name": [...new Set(flowNames)].sort() },
    };
}

/**
 * The event pattern of failed runs of the given flows: AppFlow's end-of-run reports whose status is
 * not success, for these flow names only (not every flow in the account).
 */
export function failedFlowRunPattern(flowNames: string[]): Record<string, unknown> {
    return {
        source: ["aws.appflow"],
        "detail-type": [FLOW_RUN_REPORT],
        detail: { "flow-name": [...new Set(flowNames)].sort(), status: [{ "anything-but": FLOW_RUN_SUCCESS }] },
    };
}

/** The alarm on the dead-letter queue: any visible message means an object was not ingested. */
export function deadLetterAlarmSettings(
    queueName: string,
): Omit<cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "tags"> {
    return {
        alarmDescription:
            'Customer Profiles could not ingest one or more objects: they wait in the dead-letter queue with the error (see the README runbook, "Dead-letter queue has messages").',
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: queueName },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
    };
}

/** Arguments of {@link IntegrationMonitoring}. */
export interface IntegrationMonitoringArgs {
    /**
     * Names of every AppFlow flow the stack owns (integrations, the Salesforce Tasks flow, …).
     * @default — required (an empty list creates no flow rules)
     */
    flowNames: pulumi.Input<string>[];
    /**
     * The domain's dead-letter queue name.
     * @default — none: no dead-letter alarm (the domain has no queue)
     */
    deadLetterQueueName?: pulumi.Input<string>;
    /**
     * The encrypted alarm topic both the rule and the alarm notify.
     * @default — required
     */
    topicArn: pulumi.Input<string>;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

export function validateIntegrationMonitoringArgs(args: IntegrationMonitoringArgs): string[] {
    return args.flowNames.length === 0 && args.deadLetterQueueName === undefined
        ? ["flowNames: [] is not valid; expected at least one flow, or a dead-letter queue, to watch"]
        : [];
}

/**
 * Failures that must be seen, not silent: an EventBridge rule on AppFlow's reports of failed runs
 * of the stack's own flows, one on AppFlow deactivating one of them, and a CloudWatch alarm on the dead-letter queue's visible messages,
 * both notifying the encrypted alarm topic (whose policy admits events.amazonaws.com and
 * cloudwatch.amazonaws.com for this account's rules and alarms only).
 */
export class IntegrationMonitoring extends pulumi.ComponentResource {
    public readonly flowFailureRule?: cloudwatch.EventRule;
    public readonly flowFailureTarget?: cloudwatch.EventTarget;
    public readonly flowDeactivationRule?: cloudwatch.EventRule;
    public readonly flowDeactivationTarget?: cloudwatch.EventTarget;
    public readonly deadLetterAlarm?: cloudwatch.MetricAlarm;

    constructor(name: string, args: IntegrationMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("IntegrationMonitoring", name, validateIntegrationMonitoringArgs(args));
        super("customer-profiles:index:IntegrationMonitoring", name, {}, opts);
        if (args.flowNames.length > 0) {
            this.flowFailureRule = new cloudwatch.EventRule(
                `${name}-flow-failures`,
                {
                    description: "AppFlow runs of this stack's flows that did not succeed",
                    eventPattern: pulumi
                        .all(args.flowNames)
                        .apply((names) => JSON.stringify(failedFlowRunPattern(names))),
                    tags: args.tags,
                },
                { parent: this },
            );
            this.flowFailureTarget = new cloudwatch.EventTarget(
                `${name}-flow-failures-alarm-topic`,
                {
                    rule: this.flowFailureRule.name,
                    arn: args.topicArn,
                    inputTransformer: {
                        inputPaths: {
                            flow: "$.detail.flow-name",
                            status: "$.detail.status",
                            execution: "$.detail.execution-id",
                            time: "$.time",
                        },
                        inputTemplate:
                            "\"AppFlow flow <flow> ended with status <status> at <time> (execution <execution>). See the README runbook, 'AppFlow flow run failed'.\"",
                    },
                },
                { parent: this },
            );
        }
        if (args.flowNames.length > 0) {
            this.flowDeactivationRule = new cloudwatch.EventRule(
                `${name}-flow-deactivated`,
                {
                    description: "AppFlow deactivated one of this stack's event-triggered or scheduled flows",
                    eventPattern: pulumi
                        .all(args.flowNames)
                        .apply((names) => JSON.stringify(deactivatedFlowPattern(names))),
                    tags: args.tags,
                },
                { parent: this },
            );
            this.flowDeactivationTarget = new cloudwatch.EventTarget(
                `${name}-flow-deactivated-alarm-topic`,
                {
                    rule: this.flowDeactivationRule.name,
                    arn: args.topicArn,
                    inputTransformer: {
                        inputPaths: { flow: "$.detail.flow-name", kind: "$.detail-type", time: "$.time" },
                        inputTemplate:
                            "\"AppFlow deactivated flow <flow> at <time> (<kind>): it does not run until it is activated again. See docs/runbook.md, 'The flow was deactivated'.\"",
                    },
                },
                { parent: this },
            );
        }
        if (args.deadLetterQueueName !== undefined) {
            this.deadLetterAlarm = new cloudwatch.MetricAlarm(
                `${name}-dlq-messages`,
                {
                    ...deadLetterAlarmSettings("(set below)"),
                    dimensions: { QueueName: args.deadLetterQueueName },
                    alarmActions: [args.topicArn],
                    okActions: [args.topicArn],
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        this.registerOutputs({
            flowFailureRuleArn: this.flowFailureRule?.arn,
            flowDeactivationRuleArn: this.flowDeactivationRule?.arn,
            deadLetterAlarmArn: this.deadLetterAlarm?.arn,
        });
    }
}
