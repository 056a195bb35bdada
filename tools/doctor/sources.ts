// The AWS sources each check relies on: the API reference operations it calls and the user-guide
// page that documents the behaviour it judges.
import { Source } from "./report";

const src = (api: string[], guide: string): Source => ({ api, guide });

export const SOURCES = {
    credentials: src(
        ["AWS STS API Reference: GetCallerIdentity"],
        "AWS SDK for JavaScript v3 Developer Guide: Set credentials in Node.js",
    ),
    domain: src(
        ["Customer Profiles API Reference: GetDomain"],
        "Amazon Connect Administrator Guide: Enable Customer Profiles for your instance",
    ),
    auditTrail: src(
        ["AWS CloudTrail API Reference: GetTrailStatus (IsLogging, LatestDeliveryError, LatestDigestDeliveryError)"],
        "AWS CloudTrail User Guide: Amazon S3 bucket policy for CloudTrail",
    ),
    keyState: src(["AWS KMS API Reference: DescribeKey"], "AWS KMS Developer Guide: Key states of AWS KMS keys"),
    keyRotation: src(["AWS KMS API Reference: GetKeyRotationStatus"], "AWS KMS Developer Guide: Rotate AWS KMS keys"),
    keyPolicy: src(["AWS KMS API Reference: GetKeyPolicy"], "AWS KMS Developer Guide: Key policies in AWS KMS"),
    queue: src(
        ["Amazon SQS API Reference: GetQueueAttributes", "Amazon SQS API Reference: ReceiveMessage"],
        "Amazon Connect Administrator Guide: Enable Customer Profiles for your instance (dead-letter queue)",
    ),
    triage: src(
        ["Amazon SQS API Reference: ReceiveMessage"],
        "Amazon Connect Administrator Guide: Enable Customer Profiles for your instance (dead-letter queue error messages)",
    ),
    flows: src(
        ["Amazon AppFlow API Reference: DescribeFlow", "Amazon AppFlow API Reference: DescribeFlowExecutionRecords"],
        "Amazon Connect Administrator Guide: Integrate Customer Profiles with external applications",
    ),
    workflows: src(
        [
            "Customer Profiles API Reference: ListWorkflows",
            "Customer Profiles API Reference: GetWorkflow",
            "Customer Profiles API Reference: GetWorkflowSteps",
        ],
        "Amazon Connect Administrator Guide: Integrate Customer Profiles with external applications (historical ingestion)",
    ),
    tasksFlow: src(
        ["Amazon AppFlow API Reference: DescribeFlow", "Amazon AppFlow API Reference: DescribeFlowExecutionRecords"],
        "Amazon Connect Administrator Guide: Set up Salesforce integration for Amazon Connect Tasks",
    ),
    eventSource: src(
        ["Amazon EventBridge API Reference: DescribeEventSource", "Amazon EventBridge API Reference: DescribeEventBus"],
        "Amazon EventBridge User Guide: Receiving events from a SaaS partner",
    ),
    eventIntegration: src(
        [
            "Amazon AppIntegrations API Reference: GetEventIntegration",
            "Amazon Connect API Reference: ListIntegrationAssociations",
        ],
        "Amazon Connect Administrator Guide: Set up Salesforce integration for Amazon Connect Tasks",
    ),
    rules: src(
        ["Amazon Connect API Reference: DescribeRule"],
        "Amazon Connect Administrator Guide: Create rules that generate tasks",
    ),
    export: src(
        ["Customer Profiles API Reference: GetEventStream"],
        "Amazon Connect Administrator Guide: Stream Customer Profiles data to Kinesis (real-time export)",
    ),
    storageConfigs: src(
        ["Amazon Connect API Reference: ListInstanceStorageConfigs"],
        "Amazon Connect Administrator Guide: Enable data streaming for your instance",
    ),
    kinesis: src(
        ["Amazon Kinesis Data Streams API Reference: DescribeStreamSummary"],
        "Amazon Connect Administrator Guide: Enable data streaming for your instance (server-side encryption)",
    ),
    firehose: src(
        ["Amazon Data Firehose API Reference: DescribeDeliveryStream"],
        "Amazon Data Firehose Developer Guide: Data delivery",
    ),
    reingest: src(
        ["Customer Profiles API Reference: PutProfileObject", "Amazon SQS API Reference: DeleteMessage"],
        "Amazon Connect Administrator Guide: Enable Customer Profiles for your instance (dead-letter queue)",
    ),
} as const;
