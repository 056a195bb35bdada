// The components of this program, usable as a library by other Pulumi programs: curated, feature by
// feature. Each feature's other modules (providers' internals, schema pieces, helpers) stay
// importable from their own files but are not part of this surface.

// Common: account context, errors, customer managed keys, IAM policy documents, name rules.
export { accountContext } from "./common/context";
export { ArgsError } from "./common/errors";
export {
    bootstrapRole,
    ExistingRole,
    permissionsBoundaryArn,
    stackRoleArn,
    stackRoleName,
    StackRoleKind,
} from "./common/boundary";
export { stackBucketName, stackBucketPrefix } from "./common/bucket-names";
export {
    ciKeyStatements,
    CiKeyUse,
    CiRole,
    CiRoleArns,
    ciRoleArns,
    ciRoleName,
    CI_ROLES,
    withCiKeyAccess,
} from "./common/ci-key-access";
export {
    CUSTOMER_MANAGED_KEY_SETTINGS,
    CustomerManagedKeyArgs,
    customerManagedKey,
} from "./common/customer-managed-key";
export {
    AccountContext,
    accountRootArn,
    ConditionBlock,
    deadLetterQueuePolicy,
    denyInsecureTransport,
    domainArn,
    domainKeyPolicy,
    DomainKeyPolicyArgs,
    PolicyDocument,
    PolicyPrincipal,
    PolicyStatement,
    profileCallerPolicy,
    sourceBinding,
} from "./common/policy-documents";
export {
    CONNECT_DOMAIN_PREFIX,
    DOMAIN_NAME,
    DOMAIN_NAME_PATTERN,
    EMAIL,
    EMAIL_PATTERN,
    IAM_PRINCIPAL_ARN,
    IAM_PRINCIPAL_ARN_PATTERN,
    LOGICAL_NAME,
    LOGICAL_NAME_PATTERN,
    MAX_EXPIRATION_DAYS,
    Rule,
} from "./common/names";
export { ConfigProblem, notValid } from "./common/problems";
export { toNativeTags } from "./common/tags";
export {
    AccessLogBucket,
    AccessLogBucketArgs,
    accessLogBucketPolicy,
    AccessLogSource,
    validateAccessLogBucketArgs,
} from "./common/access-log-bucket";

// Configuration: the stack's settings, read and validated once.
export {
    ConfigError,
    formatProblems,
    loadConfig,
    PROJECT,
    readRawConfig,
    StackConfig,
    stackConfigSchema,
    validate,
} from "./config";

// Domain: the Customer Profiles domain, its key and dead-letter queue, the Connect instances.
export {
    ExistingInstanceConfig,
    INSTANCE_ALIAS_PATTERN,
    INSTANCE_ARN_PATTERN,
    InstanceConfig,
    NewInstanceConfig,
} from "./domain/config";
export {
    CTR_OBJECT_TYPE,
    CTR_TEMPLATE,
    CustomerProfilesDomain,
    CustomerProfilesDomainArgs,
    validateCustomerProfilesDomainArgs,
} from "./domain/domain";
export { DomainKey, DomainKeyArgs, validateDomainKeyArgs } from "./domain/domain-key";
export {
    DeadLetterQueue,
    DeadLetterQueueArgs,
    DLQ_RETENTION_SECONDS,
    validateDeadLetterQueueArgs,
} from "./domain/dead-letter-queue";
export {
    ConnectInstance,
    ConnectInstanceArgs,
    instanceIdFromArn,
    validateConnectInstanceArgs,
} from "./domain/connect-instance";

// Streaming: contact records and agent events of each instance, the domain's real-time export.
export { InstanceStreamingConfig, ProfileExportConfig, StreamSettings } from "./streaming/config";
export { MAX_SHARDS_PER_STREAM, PeakWriteLoad, shardsForPeak } from "./streaming/shard-math";
export {
    contactRecordBucketPolicy,
    firehoseDeliveryPolicy,
    firehoseDeliveryTrustPolicy,
    instanceStreamKeyPolicy,
    profileExportKeyPolicy,
} from "./streaming/policies";
export {
    InstanceStreaming,
    InstanceStreamingArgs,
    validateInstanceStreamingArgs,
} from "./streaming/instance-streaming";
export { ProfileExport, ProfileExportArgs, validateProfileExportArgs } from "./streaming/profile-export";
export {
    HealthCheckEvent,
    isIso8601Timestamp,
    isProfileEvent,
    parseKinesisProfileEvent,
    parseProfileEvent,
    ProfileEvent,
    ProfileEventError,
    ProfileObjectEvent,
    StandardProfileEvent,
    validateProfileEvent,
} from "./streaming/profile-event";

// Integrations: AppFlow-backed sources, object types, historical ingestion.
export {
    Application,
    APPLICATIONS,
    IntegrationConfig,
    integrationCredentials,
    ObjectTypeConfig,
} from "./integrations/config";
export { BackfillPlan, needsBackfill, planBackfill } from "./integrations/backfill-plan";
export {
    AppFlowIntegration,
    AppFlowIntegrationArgs,
    DomainIntegrations,
    DomainIntegrationsArgs,
    ProfileObjectType,
    ProfileObjectTypeArgs,
    s3SourceBucketStatement,
    validateAppFlowIntegrationArgs,
    validateProfileObjectTypeArgs,
} from "./integrations/integration";
export {
    validateWorkflowRoleArgs,
    WorkflowRole,
    WorkflowRoleArgs,
    workflowRolePolicy,
    workflowRoleTrustPolicy,
} from "./integrations/workflow-role";
export { IntegrationWorkflow, IntegrationWorkflowArgs } from "./integrations/providers/integration-workflow";

// Tasks: Salesforce Case events → Amazon Connect tasks.
export { readSalesforceCredentials, SalesforceTasksConfig } from "./tasks/config";
export {
    newConnectionProfileName,
    SalesforceTasks,
    SalesforceTasksArgs,
    validateSalesforceTasksArgs,
} from "./tasks/salesforce-tasks";
export {
    ConnectIntegrationAssociation,
    ConnectIntegrationAssociationArgs,
} from "./tasks/providers/connect-integration-association";

// Audit: the opt-in CloudTrail trail of management events (how Customer Profiles API calls are recorded).
export { AuditTrailConfig } from "./audit/config";
export { AuditTrail, AuditTrailArgs, validateAuditTrailArgs } from "./audit/audit-trail";
export {
    auditEventSelectors,
    auditTrailBucketPolicy,
    auditTrailKeyPolicy,
    auditTrailName,
    MANAGEMENT_EVENTS_FORM,
} from "./audit/policies";

// Monitoring: the alarm topic, integration monitoring, the operator's policies.
export {
    AlarmTopic,
    AlarmTopicArgs,
    alarmTopicKeyPolicy,
    alarmTopicPolicy,
    validateAlarmTopicArgs,
} from "./monitoring/alarm-topic";
export {
    IntegrationMonitoring,
    IntegrationMonitoringArgs,
    validateIntegrationMonitoringArgs,
} from "./monitoring/integration-monitoring";
export { OperatorPolicies, OperatorPoliciesArgs } from "./monitoring/operator-policies";
export {
    SilentStopAlarms,
    SilentStopAlarmsArgs,
    silentStopAlarmSettings,
    validateSilentStopAlarmsArgs,
    WatchedStream,
    watchedStreams,
} from "./monitoring/silent-stop-alarms";
export { silenceMinutesFor, SilentStopAlarmsConfig } from "./monitoring/silence-config";
