// The documented causes the probe names when a step fails: the AWS page (title and URL) that says
// why, and what in this program's configuration or in the account fixes it.
import { Source } from "../report";

export interface Cause {
    /** API operations the step called. */
    api: string[];
    /** The AWS page: title and URL. */
    page: string;
}

export const asSource = (c: Cause): Source => ({ api: c.api, guide: c.page });

export const CAUSES = {
    alarmDelivery: {
        api: [
            "Amazon CloudWatch API Reference: SetAlarmState",
            "Amazon CloudWatch API Reference: DescribeAlarmHistory",
        ],
        page: "AWS re:Post Knowledge Center: Why didn't I receive an SNS notification for my CloudWatch alarm trigger? (https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger); Amazon SNS Developer Guide: Enable compatibility between event sources from AWS services and encrypted topics (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services)",
    },
    failureRule: {
        api: ["Amazon CloudWatch API Reference: GetMetricStatistics (AWS/Events FailedInvocations, Invocations)"],
        page: "Amazon EventBridge User Guide: Monitoring Amazon EventBridge (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html)",
    },
    exportHealth: {
        api: ["Customer Profiles API Reference: GetEventStream (State, DestinationDetails.Status, Message)"],
        page: "Amazon Connect API Reference: EventStreamDestinationDetails (https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-customer-profiles_EventStreamDestinationDetails.html)",
    },
    exportDelivery: {
        api: [
            "Customer Profiles API Reference: CreateProfile",
            "Customer Profiles API Reference: DeleteProfile",
            "Amazon Kinesis Data Streams API Reference: GetShardIterator (AT_TIMESTAMP)",
            "Amazon Kinesis Data Streams API Reference: GetRecords",
        ],
        page: "Amazon Connect API Reference: CreateEventStream (https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-customer-profiles_CreateEventStream.html)",
    },
    draftFlow: {
        api: ["Amazon AppFlow API Reference: DescribeFlow", "Amazon AppFlow API Reference: StartFlow"],
        page: "Amazon Connect Administrator Guide: Programmatically integrate S3 with Customer Profiles, Step 3 (https://docs.aws.amazon.com/connect/latest/adminguide/customerprofiles-s3-integration.html)",
    },
    flowRun: {
        api: [
            "Amazon AppFlow API Reference: DescribeFlow",
            "Amazon AppFlow API Reference: DescribeFlowExecutionRecords",
        ],
        page: "Amazon AppFlow User Guide: Flow notifications (https://docs.aws.amazon.com/appflow/latest/userguide/flow-notifications.html)",
    },
    workflow: {
        api: ["Customer Profiles API Reference: ListWorkflows"],
        page: "Amazon Connect API Reference: ListWorkflowsItem (https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-customer-profiles_ListWorkflowsItem.html)",
    },
    firehose: {
        api: [
            "Amazon CloudWatch API Reference: GetMetricStatistics (AWS/Firehose IncomingRecords, DeliveryToS3.Success)",
        ],
        page: "Amazon Data Firehose Developer Guide: Monitor Amazon Data Firehose with CloudWatch metrics (https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html); Grant Firehose access to an Amazon S3 destination (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3)",
    },
    stream: {
        api: ["Amazon CloudWatch API Reference: GetMetricStatistics (AWS/Kinesis IncomingRecords)"],
        page: "Amazon Connect Administrator Guide: Enable data streaming for your instance (https://docs.aws.amazon.com/connect/latest/adminguide/data-streaming.html); Amazon Kinesis Data Streams Developer Guide: Monitor the Amazon Kinesis Data Streams service with Amazon CloudWatch (https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html)",
    },
    cleanup: {
        api: ["Customer Profiles API Reference: DeleteProfile", "Amazon CloudWatch API Reference: SetAlarmState"],
        page: "Amazon Connect API Reference: DeleteProfile (https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-customer-profiles_DeleteProfile.html)",
    },
} satisfies Record<string, Cause>;
