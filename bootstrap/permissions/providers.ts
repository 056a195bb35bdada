// What each resource type the main program declares needs from AWS, per operation, for the types
// whose permissions no CloudFormation schema states for the client that manages them:
//
// - classic @pulumi/aws types: the API calls the Terraform AWS provider (which @pulumi/aws wraps)
//   makes for the resource, written as the IAM actions that authorize them (AWS Service
//   Authorization Reference, "Actions defined by …" of each service). `serviceSide` names the
//   CloudFormation schema (tests/fixtures/cfn-schemas) whose permissions of *other* services the
//   AWS service itself checks on the caller (e.g. Amazon Connect's CreateInstance needs the
//   caller's ds:* and iam:CreateServiceLinkedRole); those are added by the generator, not copied.
// - dynamic providers of this repository: the AWS SDK v3 commands their create/read/delete send
//   (the source files are named), as IAM actions.
// - invokes (data sources) the program calls during every preview and update.
//
// aws-native types are not here: their permissions are generated from the schemas' handlers
// (tools/bootstrap-permissions.ts → bootstrap/permissions/generated.json).
//
// iam:PassRole is never listed here: the deploy policy grants it per role the stack creates, to
// the one service that takes that role (bootstrap/lib/scope.ts, PASSED_ROLES).

export type Operation = "create" | "read" | "update" | "delete";

export interface ProviderPermissions {
    create: string[];
    read: string[];
    update: string[];
    delete: string[];
    /** A CloudFormation type whose schema states the other services' permissions the service checks on the caller. */
    serviceSide?: string;
    /** Where the list comes from: the provider's documentation and the AWS API reference operations. */
    sources: string[];
}

const TF = (resource: string) =>
    `Terraform AWS provider documentation, resource ${resource} (the API calls of its create, read, update and delete)`;

const S3_SUBRESOURCE = (put: string, get: string, api: string): ProviderPermissions => ({
    create: [put, get],
    read: [get],
    update: [put, get],
    delete: [put],
    sources: [
        TF(`aws_s3_${api}`),
        `Amazon S3 API Reference: Put${api.replace(/^bucket_/, "Bucket").replace(/_(\w)/g, (_, c) => c.toUpperCase())}, Get…, Delete… (IAM actions per the Service Authorization Reference, "Actions defined by Amazon S3")`,
    ],
});

/** Classic @pulumi/aws resource types. */
export const CLASSIC: Record<string, ProviderPermissions> = {
    "aws:appconfig/eventIntegration:EventIntegration": {
        create: [
            "app-integrations:CreateEventIntegration",
            "app-integrations:GetEventIntegration",
            "app-integrations:TagResource",
        ],
        read: ["app-integrations:GetEventIntegration", "app-integrations:ListTagsForResource"],
        update: [
            "app-integrations:UpdateEventIntegration",
            "app-integrations:GetEventIntegration",
            "app-integrations:TagResource",
            "app-integrations:UntagResource",
        ],
        delete: ["app-integrations:DeleteEventIntegration"],
        sources: [
            TF("aws_appintegrations_event_integration"),
            "Amazon AppIntegrations API Reference: CreateEventIntegration, GetEventIntegration, UpdateEventIntegration, DeleteEventIntegration, TagResource, UntagResource, ListTagsForResource",
        ],
    },
    "aws:appflow/connectorProfile:ConnectorProfile": {
        create: ["appflow:CreateConnectorProfile", "appflow:DescribeConnectorProfiles"],
        read: ["appflow:DescribeConnectorProfiles"],
        update: ["appflow:UpdateConnectorProfile", "appflow:DescribeConnectorProfiles"],
        delete: ["appflow:DeleteConnectorProfile"],
        serviceSide: "AWS::AppFlow::ConnectorProfile",
        sources: [
            TF("aws_appflow_connector_profile"),
            "Amazon AppFlow API Reference: CreateConnectorProfile, DescribeConnectorProfiles, UpdateConnectorProfile, DeleteConnectorProfile",
        ],
    },
    "aws:cloudwatch/eventBus:EventBus": {
        create: ["events:CreateEventBus", "events:DescribeEventBus", "events:TagResource"],
        read: ["events:DescribeEventBus", "events:ListTagsForResource"],
        update: ["events:UpdateEventBus", "events:DescribeEventBus", "events:TagResource", "events:UntagResource"],
        delete: ["events:DeleteEventBus"],
        sources: [
            TF("aws_cloudwatch_event_bus"),
            "Amazon EventBridge API Reference: CreateEventBus, DescribeEventBus, UpdateEventBus, DeleteEventBus, TagResource, UntagResource, ListTagsForResource",
        ],
    },
    "aws:cloudwatch/eventRule:EventRule": {
        create: ["events:PutRule", "events:DescribeRule", "events:TagResource"],
        read: ["events:DescribeRule", "events:ListTagsForResource"],
        update: ["events:PutRule", "events:DescribeRule", "events:TagResource", "events:UntagResource"],
        delete: ["events:DeleteRule"],
        sources: [
            TF("aws_cloudwatch_event_rule"),
            "Amazon EventBridge API Reference: PutRule, DescribeRule, DeleteRule, TagResource, UntagResource, ListTagsForResource",
        ],
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
        create: ["events:PutTargets", "events:ListTargetsByRule"],
        read: ["events:ListTargetsByRule"],
        update: ["events:PutTargets", "events:ListTargetsByRule"],
        delete: ["events:RemoveTargets"],
        sources: [
            TF("aws_cloudwatch_event_target"),
            "Amazon EventBridge API Reference: PutTargets, ListTargetsByRule, RemoveTargets",
        ],
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        create: ["cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:TagResource"],
        read: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
        update: [
            "cloudwatch:PutMetricAlarm",
            "cloudwatch:DescribeAlarms",
            "cloudwatch:TagResource",
            "cloudwatch:UntagResource",
        ],
        delete: ["cloudwatch:DeleteAlarms"],
        sources: [
            TF("aws_cloudwatch_metric_alarm"),
            "Amazon CloudWatch API Reference: PutMetricAlarm, DescribeAlarms, DeleteAlarms, TagResource, UntagResource, ListTagsForResource",
        ],
    },
    "aws:connect/instance:Instance": {
        create: [
            "connect:CreateInstance",
            "connect:DescribeInstance",
            "connect:UpdateInstanceAttribute",
            "connect:TagResource",
        ],
        read: ["connect:DescribeInstance", "connect:DescribeInstanceAttribute", "connect:ListTagsForResource"],
        update: [
            "connect:UpdateInstanceAttribute",
            "connect:DescribeInstanceAttribute",
            "connect:TagResource",
            "connect:UntagResource",
        ],
        delete: ["connect:DeleteInstance", "connect:DescribeInstance"],
        serviceSide: "AWS::Connect::Instance",
        sources: [
            TF("aws_connect_instance"),
            "Amazon Connect API Reference: CreateInstance, DescribeInstance, DescribeInstanceAttribute, UpdateInstanceAttribute, DeleteInstance, TagResource, UntagResource, ListTagsForResource",
            "Directory Service and IAM permissions Amazon Connect checks on the caller: AWS::Connect::Instance schema handlers (tests/fixtures/cfn-schemas/aws-connect-instance.json)",
        ],
    },
    "aws:connect/instanceStorageConfig:InstanceStorageConfig": {
        create: ["connect:AssociateInstanceStorageConfig", "connect:DescribeInstanceStorageConfig"],
        read: ["connect:DescribeInstanceStorageConfig"],
        update: ["connect:UpdateInstanceStorageConfig", "connect:DescribeInstanceStorageConfig"],
        delete: ["connect:DisassociateInstanceStorageConfig"],
        serviceSide: "AWS::Connect::InstanceStorageConfig",
        sources: [
            TF("aws_connect_instance_storage_config"),
            "Amazon Connect API Reference: AssociateInstanceStorageConfig, DescribeInstanceStorageConfig, UpdateInstanceStorageConfig, DisassociateInstanceStorageConfig",
            "Kinesis, Firehose, KMS and IAM permissions Amazon Connect checks on the caller: AWS::Connect::InstanceStorageConfig schema handlers",
        ],
    },
    "aws:customerprofiles/domain:Domain": {
        create: ["profile:CreateDomain", "profile:GetDomain", "profile:TagResource"],
        read: ["profile:GetDomain", "profile:ListTagsForResource"],
        update: ["profile:UpdateDomain", "profile:GetDomain", "profile:TagResource", "profile:UntagResource"],
        delete: ["profile:DeleteDomain"],
        serviceSide: "AWS::CustomerProfiles::Domain",
        sources: [
            TF("aws_customerprofiles_domain"),
            "Amazon Connect Customer Profiles API Reference: CreateDomain, GetDomain, UpdateDomain, DeleteDomain, TagResource, UntagResource, ListTagsForResource",
            "KMS permissions Customer Profiles checks on the caller for the domain key: AWS::CustomerProfiles::Domain schema handlers",
        ],
    },
    "aws:iam/policy:Policy": {
        create: ["iam:CreatePolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:TagPolicy"],
        read: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyTags"],
        update: [
            "iam:CreatePolicyVersion",
            "iam:DeletePolicyVersion",
            "iam:ListPolicyVersions",
            "iam:GetPolicy",
            "iam:GetPolicyVersion",
            "iam:TagPolicy",
            "iam:UntagPolicy",
        ],
        delete: ["iam:ListPolicyVersions", "iam:DeletePolicyVersion", "iam:DeletePolicy"],
        sources: [
            TF("aws_iam_policy"),
            "IAM API Reference: CreatePolicy, GetPolicy, GetPolicyVersion, ListPolicyTags, CreatePolicyVersion, ListPolicyVersions, DeletePolicyVersion, TagPolicy, UntagPolicy, DeletePolicy",
        ],
    },
    "aws:iam/role:Role": {
        create: ["iam:CreateRole", "iam:GetRole", "iam:TagRole"],
        read: ["iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"],
        update: [
            "iam:UpdateRole",
            "iam:UpdateRoleDescription",
            "iam:UpdateAssumeRolePolicy",
            "iam:GetRole",
            "iam:TagRole",
            "iam:UntagRole",
        ],
        delete: [
            "iam:DeleteRole",
            "iam:ListInstanceProfilesForRole",
            "iam:ListRolePolicies",
            "iam:ListAttachedRolePolicies",
            "iam:DeleteRolePolicy",
        ],
        sources: [
            TF("aws_iam_role"),
            "IAM API Reference: CreateRole, GetRole, ListRolePolicies, ListAttachedRolePolicies, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy, TagRole, UntagRole, ListInstanceProfilesForRole, DeleteRolePolicy, DeleteRole",
        ],
    },
    "aws:iam/rolePolicy:RolePolicy": {
        create: ["iam:PutRolePolicy", "iam:GetRolePolicy"],
        read: ["iam:GetRolePolicy"],
        update: ["iam:PutRolePolicy", "iam:GetRolePolicy"],
        delete: ["iam:DeleteRolePolicy"],
        sources: [TF("aws_iam_role_policy"), "IAM API Reference: PutRolePolicy, GetRolePolicy, DeleteRolePolicy"],
    },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
        create: [
            "firehose:CreateDeliveryStream",
            "firehose:DescribeDeliveryStream",
            "firehose:StartDeliveryStreamEncryption",
            "firehose:TagDeliveryStream",
        ],
        read: ["firehose:DescribeDeliveryStream", "firehose:ListTagsForDeliveryStream"],
        update: [
            "firehose:UpdateDestination",
            "firehose:DescribeDeliveryStream",
            "firehose:StartDeliveryStreamEncryption",
            "firehose:StopDeliveryStreamEncryption",
            "firehose:TagDeliveryStream",
            "firehose:UntagDeliveryStream",
        ],
        delete: ["firehose:DeleteDeliveryStream", "firehose:DescribeDeliveryStream"],
        serviceSide: "AWS::KinesisFirehose::DeliveryStream",
        sources: [
            TF("aws_kinesis_firehose_delivery_stream"),
            "Amazon Data Firehose API Reference: CreateDeliveryStream, DescribeDeliveryStream, UpdateDestination, StartDeliveryStreamEncryption, StopDeliveryStreamEncryption, TagDeliveryStream, UntagDeliveryStream, ListTagsForDeliveryStream, DeleteDeliveryStream",
            "IAM and KMS permissions Firehose checks on the caller: AWS::KinesisFirehose::DeliveryStream schema handlers",
        ],
    },
    "aws:kinesis/stream:Stream": {
        create: [
            "kinesis:CreateStream",
            "kinesis:DescribeStreamSummary",
            "kinesis:IncreaseStreamRetentionPeriod",
            "kinesis:StartStreamEncryption",
            "kinesis:AddTagsToStream",
        ],
        read: ["kinesis:DescribeStreamSummary", "kinesis:ListTagsForStream"],
        update: [
            "kinesis:UpdateShardCount",
            "kinesis:UpdateStreamMode",
            "kinesis:IncreaseStreamRetentionPeriod",
            "kinesis:DecreaseStreamRetentionPeriod",
            "kinesis:StartStreamEncryption",
            "kinesis:StopStreamEncryption",
            "kinesis:EnableEnhancedMonitoring",
            "kinesis:DisableEnhancedMonitoring",
            "kinesis:AddTagsToStream",
            "kinesis:RemoveTagsFromStream",
            "kinesis:DescribeStreamSummary",
        ],
        delete: ["kinesis:DeleteStream", "kinesis:DescribeStreamSummary"],
        sources: [
            TF("aws_kinesis_stream"),
            "Amazon Kinesis Data Streams API Reference: CreateStream, DescribeStreamSummary, IncreaseStreamRetentionPeriod, DecreaseStreamRetentionPeriod, StartStreamEncryption, StopStreamEncryption, UpdateShardCount, UpdateStreamMode, EnableEnhancedMonitoring, DisableEnhancedMonitoring, AddTagsToStream, RemoveTagsFromStream, ListTagsForStream, DeleteStream",
        ],
    },
    "aws:kms/alias:Alias": {
        create: ["kms:CreateAlias", "kms:ListAliases"],
        read: ["kms:ListAliases"],
        update: ["kms:UpdateAlias", "kms:ListAliases"],
        delete: ["kms:DeleteAlias"],
        sources: [TF("aws_kms_alias"), "AWS KMS API Reference: CreateAlias, ListAliases, UpdateAlias, DeleteAlias"],
    },
    "aws:kms/key:Key": {
        create: [
            "kms:CreateKey",
            "kms:DescribeKey",
            "kms:EnableKeyRotation",
            "kms:GetKeyRotationStatus",
            "kms:GetKeyPolicy",
            "kms:TagResource",
        ],
        read: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
        update: [
            "kms:PutKeyPolicy",
            "kms:UpdateKeyDescription",
            "kms:EnableKeyRotation",
            "kms:DisableKeyRotation",
            "kms:EnableKey",
            "kms:DisableKey",
            "kms:TagResource",
            "kms:UntagResource",
            "kms:DescribeKey",
        ],
        delete: ["kms:ScheduleKeyDeletion", "kms:DescribeKey"],
        sources: [
            TF("aws_kms_key"),
            "AWS KMS API Reference: CreateKey, DescribeKey, GetKeyPolicy, PutKeyPolicy, EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, UpdateKeyDescription, EnableKey, DisableKey, TagResource, UntagResource, ListResourceTags, ScheduleKeyDeletion",
        ],
    },
    "aws:cloudtrail/trail:Trail": {
        create: [
            "cloudtrail:CreateTrail",
            "cloudtrail:AddTags",
            "cloudtrail:PutEventSelectors",
            "cloudtrail:StartLogging",
            "cloudtrail:DescribeTrails",
            "cloudtrail:GetTrailStatus",
            "cloudtrail:GetEventSelectors",
            "cloudtrail:GetInsightSelectors",
            "cloudtrail:ListTags",
        ],
        read: [
            "cloudtrail:DescribeTrails",
            "cloudtrail:GetTrailStatus",
            "cloudtrail:GetEventSelectors",
            "cloudtrail:GetInsightSelectors",
            "cloudtrail:ListTags",
        ],
        update: [
            "cloudtrail:UpdateTrail",
            "cloudtrail:PutEventSelectors",
            "cloudtrail:StartLogging",
            "cloudtrail:StopLogging",
            "cloudtrail:AddTags",
            "cloudtrail:RemoveTags",
            "cloudtrail:DescribeTrails",
            "cloudtrail:GetTrailStatus",
            "cloudtrail:GetEventSelectors",
            "cloudtrail:GetInsightSelectors",
            "cloudtrail:ListTags",
        ],
        delete: ["cloudtrail:DeleteTrail", "cloudtrail:DescribeTrails"],
        sources: [
            TF("aws_cloudtrail"),
            "AWS CloudTrail API Reference: CreateTrail, AddTags, PutEventSelectors, StartLogging, StopLogging, DescribeTrails, GetTrailStatus, GetEventSelectors, GetInsightSelectors, ListTags, UpdateTrail, RemoveTags, DeleteTrail",
        ],
    },
    "aws:kms/keyPolicy:KeyPolicy": {
        create: ["kms:PutKeyPolicy", "kms:GetKeyPolicy", "kms:DescribeKey"],
        read: ["kms:GetKeyPolicy", "kms:DescribeKey"],
        update: ["kms:PutKeyPolicy", "kms:GetKeyPolicy", "kms:DescribeKey"],
        delete: ["kms:PutKeyPolicy", "kms:DescribeKey"],
        sources: [TF("aws_kms_key_policy"), "AWS KMS API Reference: PutKeyPolicy, GetKeyPolicy, DescribeKey"],
    },
    "aws:s3/bucket:Bucket": {
        create: ["s3:CreateBucket", "s3:ListBucket", "s3:PutBucketTagging"],
        read: [
            "s3:ListBucket",
            "s3:GetBucketLocation",
            "s3:GetBucketAcl",
            "s3:GetBucketCORS",
            "s3:GetBucketWebsite",
            "s3:GetBucketVersioning",
            "s3:GetAccelerateConfiguration",
            "s3:GetBucketRequestPayment",
            "s3:GetBucketLogging",
            "s3:GetLifecycleConfiguration",
            "s3:GetReplicationConfiguration",
            "s3:GetEncryptionConfiguration",
            "s3:GetBucketObjectLockConfiguration",
            "s3:GetBucketPolicy",
            "s3:GetBucketTagging",
        ],
        update: ["s3:PutBucketTagging", "s3:ListBucket"],
        delete: ["s3:DeleteBucket", "s3:ListBucket"],
        sources: [
            TF("aws_s3_bucket"),
            "Amazon S3 API Reference: CreateBucket, HeadBucket (s3:ListBucket), GetBucketLocation, GetBucketAcl, GetBucketCors, GetBucketWebsite, GetBucketVersioning, GetBucketAccelerateConfiguration, GetBucketRequestPayment, GetBucketLogging, GetBucketLifecycleConfiguration, GetBucketReplication, GetBucketEncryption, GetObjectLockConfiguration, GetBucketPolicy, GetBucketTagging, PutBucketTagging, DeleteBucket",
        ],
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": S3_SUBRESOURCE(
        "s3:PutLifecycleConfiguration",
        "s3:GetLifecycleConfiguration",
        "bucket_lifecycle_configuration",
    ),
    "aws:s3/bucketLogging:BucketLogging": S3_SUBRESOURCE(
        "s3:PutBucketLogging",
        "s3:GetBucketLogging",
        "bucket_logging",
    ),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": S3_SUBRESOURCE(
        "s3:PutBucketOwnershipControls",
        "s3:GetBucketOwnershipControls",
        "bucket_ownership_controls",
    ),
    "aws:s3/bucketPolicy:BucketPolicy": {
        create: ["s3:PutBucketPolicy", "s3:GetBucketPolicy"],
        read: ["s3:GetBucketPolicy"],
        update: ["s3:PutBucketPolicy", "s3:GetBucketPolicy"],
        delete: ["s3:DeleteBucketPolicy"],
        sources: [
            TF("aws_s3_bucket_policy"),
            "Amazon S3 API Reference: PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy",
        ],
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": S3_SUBRESOURCE(
        "s3:PutBucketPublicAccessBlock",
        "s3:GetBucketPublicAccessBlock",
        "bucket_public_access_block",
    ),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": S3_SUBRESOURCE(
        "s3:PutEncryptionConfiguration",
        "s3:GetEncryptionConfiguration",
        "bucket_server_side_encryption_configuration",
    ),
    "aws:s3/bucketVersioning:BucketVersioning": S3_SUBRESOURCE(
        "s3:PutBucketVersioning",
        "s3:GetBucketVersioning",
        "bucket_versioning",
    ),
    "aws:secretsmanager/secret:Secret": {
        create: ["secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "secretsmanager:TagResource"],
        read: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
        update: [
            "secretsmanager:UpdateSecret",
            "secretsmanager:DescribeSecret",
            "secretsmanager:TagResource",
            "secretsmanager:UntagResource",
        ],
        delete: ["secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret"],
        sources: [
            TF("aws_secretsmanager_secret"),
            "AWS Secrets Manager API Reference: CreateSecret, DescribeSecret, GetResourcePolicy, UpdateSecret, TagResource, UntagResource, DeleteSecret",
        ],
    },
    "aws:secretsmanager/secretPolicy:SecretPolicy": {
        create: ["secretsmanager:PutResourcePolicy", "secretsmanager:GetResourcePolicy"],
        read: ["secretsmanager:GetResourcePolicy"],
        update: ["secretsmanager:PutResourcePolicy", "secretsmanager:GetResourcePolicy"],
        delete: ["secretsmanager:DeleteResourcePolicy"],
        sources: [
            TF("aws_secretsmanager_secret_policy"),
            "AWS Secrets Manager API Reference: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy",
        ],
    },
    "aws:secretsmanager/secretVersion:SecretVersion": {
        // Reading back the version reads the value: the deploy role needs it, the preview role does not get it.
        create: ["secretsmanager:PutSecretValue", "secretsmanager:GetSecretValue"],
        read: ["secretsmanager:GetSecretValue"],
        update: ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
        delete: ["secretsmanager:UpdateSecretVersionStage", "secretsmanager:DescribeSecret"],
        sources: [
            TF("aws_secretsmanager_secret_version"),
            "AWS Secrets Manager API Reference: PutSecretValue, GetSecretValue, UpdateSecretVersionStage, DescribeSecret",
        ],
    },
    "aws:sns/topic:Topic": {
        create: ["sns:CreateTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:TagResource"],
        read: ["sns:GetTopicAttributes", "sns:ListTagsForResource"],
        update: ["sns:SetTopicAttributes", "sns:GetTopicAttributes", "sns:TagResource", "sns:UntagResource"],
        delete: ["sns:DeleteTopic"],
        sources: [
            TF("aws_sns_topic"),
            "Amazon SNS API Reference: CreateTopic, GetTopicAttributes, SetTopicAttributes, TagResource, UntagResource, ListTagsForResource, DeleteTopic",
        ],
    },
    "aws:sns/topicPolicy:TopicPolicy": {
        create: ["sns:SetTopicAttributes", "sns:GetTopicAttributes"],
        read: ["sns:GetTopicAttributes"],
        update: ["sns:SetTopicAttributes", "sns:GetTopicAttributes"],
        delete: ["sns:SetTopicAttributes"],
        sources: [TF("aws_sns_topic_policy"), "Amazon SNS API Reference: SetTopicAttributes, GetTopicAttributes"],
    },
    "aws:sns/topicSubscription:TopicSubscription": {
        create: ["sns:Subscribe", "sns:GetSubscriptionAttributes"],
        read: ["sns:GetSubscriptionAttributes"],
        update: ["sns:SetSubscriptionAttributes", "sns:GetSubscriptionAttributes"],
        delete: ["sns:Unsubscribe"],
        sources: [
            TF("aws_sns_topic_subscription"),
            "Amazon SNS API Reference: Subscribe, GetSubscriptionAttributes, SetSubscriptionAttributes, Unsubscribe",
        ],
    },
    "aws:sqs/queue:Queue": {
        create: ["sqs:CreateQueue", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:TagQueue"],
        read: ["sqs:GetQueueAttributes", "sqs:ListQueueTags"],
        update: ["sqs:SetQueueAttributes", "sqs:GetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"],
        delete: ["sqs:DeleteQueue", "sqs:GetQueueAttributes"],
        sources: [
            TF("aws_sqs_queue"),
            "Amazon SQS API Reference: CreateQueue, GetQueueUrl, GetQueueAttributes, SetQueueAttributes, TagQueue, UntagQueue, ListQueueTags, DeleteQueue",
        ],
    },
    "aws:sqs/queuePolicy:QueuePolicy": {
        create: ["sqs:SetQueueAttributes", "sqs:GetQueueAttributes"],
        read: ["sqs:GetQueueAttributes"],
        update: ["sqs:SetQueueAttributes", "sqs:GetQueueAttributes"],
        delete: ["sqs:SetQueueAttributes"],
        sources: [TF("aws_sqs_queue_policy"), "Amazon SQS API Reference: SetQueueAttributes, GetQueueAttributes"],
    },
};

/** The dynamic providers of this repository: the SDK commands each operation sends. */
export const DYNAMIC: Record<string, ProviderPermissions> = {
    "pulumi-nodejs:dynamic/appflow:FlowActivation": {
        create: ["appflow:StartFlow", "appflow:DescribeFlow"],
        read: ["appflow:DescribeFlow"],
        update: ["appflow:StartFlow", "appflow:DescribeFlow"],
        delete: ["appflow:StopFlow"],
        sources: [
            "components/common/providers/appflow-flow-activation.ts (StartFlowCommand, DescribeFlowCommand, StopFlowCommand)",
            "Amazon AppFlow API Reference: StartFlow, DescribeFlow, StopFlow",
        ],
    },
    "pulumi-nodejs:dynamic/connect:IntegrationAssociation": {
        create: ["connect:CreateIntegrationAssociation", "connect:ListIntegrationAssociations"],
        read: ["connect:ListIntegrationAssociations"],
        update: ["connect:ListIntegrationAssociations"],
        delete: ["connect:DeleteIntegrationAssociation", "connect:ListIntegrationAssociations"],
        serviceSide: "AWS::Connect::IntegrationAssociation",
        sources: [
            "components/tasks/providers/connect-integration-association.ts (CreateIntegrationAssociationCommand, ListIntegrationAssociationsCommand, DeleteIntegrationAssociationCommand)",
            "Amazon Connect API Reference: CreateIntegrationAssociation, ListIntegrationAssociations, DeleteIntegrationAssociation",
            "AppIntegrations and EventBridge permissions Amazon Connect checks on the caller for an EVENT integration: AWS::Connect::IntegrationAssociation schema handlers (only those of the EVENT type: SERVICE_SIDE_ONLY)",
        ],
    },
    "pulumi-nodejs:dynamic/customer-profiles:IntegrationWorkflow": {
        // create and update follow the workflow (GetWorkflow, GetWorkflowSteps every poll) and, once it
        // is COMPLETE, adopt the ongoing integration Customer Profiles created (ListIntegrations);
        // read does the same; delete removes that integration (DeleteIntegration), then the workflow.
        // Each SDK command needs the action of its own name (Service Authorization Reference, Amazon
        // Connect Customer Profiles: ListIntegrations, GetWorkflowSteps, DeleteIntegration).
        create: [
            "profile:CreateIntegrationWorkflow",
            "profile:GetWorkflow",
            "profile:GetWorkflowSteps",
            "profile:ListIntegrations",
        ],
        read: ["profile:GetWorkflow", "profile:GetWorkflowSteps", "profile:ListIntegrations"],
        update: ["profile:GetWorkflow", "profile:GetWorkflowSteps", "profile:ListIntegrations"],
        delete: ["profile:DeleteIntegration", "profile:DeleteWorkflow"],
        sources: [
            "components/integrations/providers/integration-workflow.ts (CreateIntegrationWorkflowCommand, GetWorkflowCommand, GetWorkflowStepsCommand, ListIntegrationsCommand, DeleteIntegrationCommand, DeleteWorkflowCommand)",
            "Amazon Connect Customer Profiles API Reference: CreateIntegrationWorkflow, GetWorkflow, GetWorkflowSteps, ListIntegrations, DeleteIntegration, DeleteWorkflow",
        ],
    },
};

/**
 * The permissions a `serviceSide` schema contributes, when it covers more variants of its type than
 * the program uses: the program's Amazon Connect integration associations are of type EVENT
 * (AppIntegrations event integration + EventBridge rule), never Lex bots, Lambda functions,
 * applications, Wisdom, Voice ID, Pinpoint, SES or Cases. `*` ends a prefix.
 */
export const SERVICE_SIDE_ONLY: Record<string, string[]> = {
    "AWS::Connect::IntegrationAssociation": [
        "connect:DescribeInstance",
        "ds:DescribeDirectories",
        "app-integrations:CreateEventIntegrationAssociation",
        "app-integrations:DeleteEventIntegrationAssociation",
        "events:*",
    ],
};

/**
 * Services a native type's schema names for features the program does not use: not granted.
 * AWS::Connect::Rule reads Amazon Connect Cases templates and fields for case actions; the
 * program's rules only create tasks (components/tasks/salesforce-tasks.ts: TaskActions).
 */
export const SCHEMA_UNUSED_SERVICES: Record<string, string[]> = {
    "AWS::Connect::Rule": ["cases"],
};

/** Invokes (data sources) the program calls; they run in every preview, refresh and update. */
export const INVOKES: Record<string, { actions: string[]; sources: string[] }> = {
    "aws:index/getCallerIdentity:getCallerIdentity": {
        actions: [],
        sources: ["AWS STS API Reference, GetCallerIdentity: no permissions are required to perform this operation"],
    },
    "aws:index/getRegion:getRegion": { actions: [], sources: ["answered by the provider's configuration, no call"] },
    "aws:index/getPartition:getPartition": {
        actions: [],
        sources: ["answered by the provider's configuration, no call"],
    },
    "aws:connect/getInstance:getInstance": {
        actions: ["connect:DescribeInstance"],
        sources: [
            "Terraform AWS provider documentation, data source aws_connect_instance",
            "Amazon Connect API Reference: DescribeInstance",
        ],
    },
};

/** Cloud Control API calls the aws-native provider makes per operation (it manages every type through Cloud Control). */
export const CLOUD_CONTROL: Record<Operation | "list", string[]> = {
    create: ["cloudformation:CreateResource", "cloudformation:GetResourceRequestStatus"],
    read: ["cloudformation:GetResource"],
    update: ["cloudformation:UpdateResource", "cloudformation:GetResourceRequestStatus"],
    delete: ["cloudformation:DeleteResource", "cloudformation:GetResourceRequestStatus"],
    list: ["cloudformation:ListResources"],
};

/**
 * What the doctor (issue 13: `npm run doctor`) reads: the domain and its object types,
 * integrations, workflows and export; the keys' state, rotation and policy; the dead-letter
 * queue's attributes and messages (peeked: ReceiveMessage, never DeleteMessage); flows and their
 * runs; the Tasks path (event bus and source, event integration, the instances' associations and
 * rules); the streams and alarms. Each action: Service Authorization Reference of its service.
 */
export const OPERATOR_ACTIONS = [
    "cloudtrail:GetTrailStatus",
    "profile:GetDomain",
    "profile:ListProfileObjectTypes",
    "profile:GetProfileObjectType",
    "profile:ListIntegrations",
    "profile:GetIntegration",
    "profile:ListWorkflows",
    "profile:GetWorkflow",
    "profile:GetWorkflowSteps",
    "profile:ListEventStreams",
    "profile:GetEventStream",
    "kms:DescribeKey",
    "kms:GetKeyRotationStatus",
    "kms:GetKeyPolicy",
    "kms:ListAliases",
    "sqs:GetQueueAttributes",
    "sqs:ReceiveMessage",
    "appflow:DescribeFlow",
    "appflow:DescribeFlowExecutionRecords",
    "appflow:DescribeConnectorProfiles",
    "connect:DescribeInstance",
    "connect:ListInstanceStorageConfigs",
    "connect:DescribeInstanceStorageConfig",
    "connect:ListIntegrationAssociations",
    "connect:ListRules",
    "connect:DescribeRule",
    "events:DescribeEventBus",
    "events:DescribeEventSource",
    "events:DescribeRule",
    "app-integrations:GetEventIntegration",
    "app-integrations:ListEventIntegrationAssociations",
    "kinesis:DescribeStreamSummary",
    "firehose:DescribeDeliveryStream",
    "cloudwatch:DescribeAlarms",
];

/**
 * Re-ingestion (`doctor dlq reingest --apply`): read and delete the dead-letter queue's messages
 * (Amazon SQS API Reference: ReceiveMessage, DeleteMessage) and send each object again (Customer
 * Profiles API Reference: PutProfileObject) — nothing else.
 */
export const REINGEST_ACTIONS = [
    "sqs:GetQueueAttributes",
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "profile:PutProfileObject",
    "profile:GetProfileObjectType",
];
