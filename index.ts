// Wiring only: configuration → components → stack outputs.
import * as pulumi from "@pulumi/pulumi";
import {
    accountContext,
    AlarmTopic,
    AuditTrail,
    bootstrapRole,
    stackBucketName,
    ConfigError,
    ConnectInstance,
    CustomerProfilesDomain,
    DomainIntegrations,
    InstanceStreaming,
    integrationCredentials,
    IntegrationMonitoring,
    loadConfig,
    newConnectionProfileName,
    OperatorPolicies,
    ProfileExport,
    readSalesforceCredentials,
    SalesforceTasks,
    SilentStopAlarms,
    watchedStreams,
} from "./components";

export = () => {
    const cfg = loadConfig();
    // Salesforce OAuth secrets are read (only for a new connection) before any resource exists,
    // so a missing secret registers nothing.
    const salesforceSecrets = readSalesforceCredentials(cfg.salesforceTasks);
    if (salesforceSecrets.problems.length > 0) throw new ConfigError(salesforceSecrets.problems);
    const salesforceFlowName = `${cfg.domainName}-salesforce-case-tasks`;
    const context = accountContext();
    // Bucket names that carry the stack (stackBucketNames: components/common/bucket-names.ts).
    const bucketName = (purpose: string) =>
        pulumi.output(context).apply((c) => stackBucketName(c, pulumi.getStack(), purpose));
    const common = { protect: cfg.protectResources, tags: { ...cfg.tags, "customer-profiles:domain": cfg.domainName } };
    // Deployed by the bootstrap's roles: every key policy names the stack's CI roles, which hold
    // nothing on keys in IAM (components/common/ci-key-access.ts; docs/bootstrap.md, KMS).
    const keyAccess = { bootstrapRoleNamePrefix: cfg.bootstrapRoles ? cfg.bootstrapRoleNamePrefix : undefined };
    // The one encrypted SNS topic every alarm and failure rule of the stack notifies.
    const alarms = new AlarmTopic("alarms", { context, emailEndpoint: cfg.alarmEmail, ...keyAccess, ...common });

    const domain = new CustomerProfilesDomain("profiles", {
        domainName: cfg.domainName,
        defaultExpirationDays: cfg.defaultExpirationDays,
        deadLetterQueue: cfg.deadLetterQueue,
        profileApiCallers: cfg.profileApiCallers,
        // A new Salesforce connection with client credentials keeps them in a secret on the domain key.
        appflowSecretConnectorProfiles: salesforceSecrets.credentials?.clientCredentials
            ? [newConnectionProfileName(salesforceFlowName)]
            : [],
        // The object types the integrations map into: the domain key admits Customer Profiles for each.
        objectTypeNames: [...new Set(cfg.integrations.map((i) => i.objectTypeName))],
        context,
        ...keyAccess,
        ...common,
    });

    const instances = cfg.connectInstances.map(
        (instance) =>
            new ConnectInstance(instance.name, {
                instance,
                domainName: domain.domainName,
                ctrObjectType: domain.ctrObjectType,
                ...common,
            }),
    );

    // Streaming: contact records and agent events of each configured instance; the profile export.
    const streaming = Object.entries(cfg.instanceStreaming).map(([instanceName, entry]) => {
        const instance = instances[cfg.connectInstances.findIndex((i) => i.name === instanceName)];
        return new InstanceStreaming(`${instanceName}-streaming`, {
            instanceName,
            instanceId: instance.instanceId,
            serviceRoleArn: instance.serviceRoleArn,
            context,
            contactRecords: entry.contactRecords,
            agentEvents: entry.agentEvents,
            alarmTopicArn: alarms.topicArn,
            bucketNames: cfg.stackBucketNames
                ? {
                      records: bucketName(`${instanceName}-ctr`),
                      accessLogs: bucketName(`${instanceName}-ctr-logs`),
                  }
                : undefined,
            // One delivery role per stack, the bootstrap's (its trust fixed), when configured.
            deliveryRole: cfg.bootstrapRoles
                ? bootstrapRole(context, "ctr-delivery", cfg.bootstrapRoleNamePrefix)
                : undefined,
            ...keyAccess,
            ...common,
        });
    });
    const profileExports = cfg.profileExports.map(
        (exp) =>
            new ProfileExport("profile-export", {
                domainName: cfg.domainName,
                domain: domain.domain,
                eventStreamName: exp.name,
                stream: exp.stream,
                context,
                alarmTopicArn: alarms.topicArn,
                ...keyAccess,
                ...common,
            }),
    );

    // Silent stops: an alarm on each stream that should be receiving, when no record arrives for N minutes.
    const watched = watchedStreams(
        cfg.silentStopAlarms,
        streaming.map((s, n) => ({
            instance: Object.keys(cfg.instanceStreaming)[n],
            contactRecords: s.contactRecordsStream
                ? { kind: "kinesis" as const, name: s.contactRecordsStream.name }
                : s.contactRecordsDeliveryStream && {
                      kind: "firehose" as const,
                      name: s.contactRecordsDeliveryStream.name,
                  },
            agentEvents: s.agentEventsStream?.name,
        })),
        profileExports[0]?.stream.name,
    );
    const silentStops =
        watched.length > 0
            ? new SilentStopAlarms("silent-stops", { streams: watched, topicArn: alarms.topicArn, tags: common.tags })
            : undefined;

    // Salesforce → Amazon Connect Tasks: Case events through AppFlow and EventBridge to task rules.
    const salesforceTasks = cfg.salesforceTasks
        ? new SalesforceTasks("salesforce-tasks", {
              connection: cfg.salesforceTasks.connection,
              credentials: salesforceSecrets.credentials,
              flowName: salesforceFlowName,
              instances: cfg.connectInstances.map((i, n) => ({ name: i.name, arn: instances[n].arn })),
              rules: cfg.salesforceTasks.rules,
              keyArn: domain.keyArn,
              context,
              ...common,
          })
        : undefined;

    // Integrations: AppFlow-backed sources, their object types, historical ingestion (workflow role
    // and workflows); then the monitoring of every flow the stack owns and of the dead-letter queue.
    const integrations = new DomainIntegrations("integrations", {
        integrations: cfg.integrations,
        objectTypes: cfg.objectTypes,
        domainName: cfg.domainName,
        domain: domain.domain,
        keyArn: domain.keyArn,
        context,
        credentials: (profile) => integrationCredentials(profile),
        existingWorkflowRole: cfg.bootstrapRoles
            ? bootstrapRole(context, "integration-workflows", cfg.bootstrapRoleNamePrefix)
            : undefined,
        tags: common.tags,
    });
    const watchedFlows = [...integrations.flowNames, ...(salesforceTasks ? [salesforceTasks.flowName] : [])];
    const monitoring =
        watchedFlows.length > 0 || domain.deadLetterQueue
            ? new IntegrationMonitoring("integration-monitoring", {
                  flowNames: watchedFlows,
                  deadLetterQueueName: domain.deadLetterQueue?.queue.name,
                  topicArn: alarms.topicArn,
                  tags: common.tags,
              })
            : undefined;

    // The opt-in audit trail: management events, Customer Profiles API calls among them (who read which profile).
    const audit = cfg.auditTrail
        ? new AuditTrail("audit-trail", {
              domainName: cfg.domainName,
              context,
              managementEvents: cfg.auditTrail.managementEvents,
              expirationDays: cfg.auditTrail.expirationDays,
              accessLogExpirationDays: cfg.auditTrail.accessLogExpirationDays,
              bucketNames: cfg.stackBucketNames
                  ? { trail: bucketName("audit"), accessLogs: bucketName("audit-logs") }
                  : undefined,
              ...keyAccess,
              ...common,
          })
        : undefined;

    // The operator's policies for `npm run doctor`: read-only checks and re-ingestion, this stack's resources only.
    const operator = new OperatorPolicies("operator", {
        context,
        resources: {
            domainName: cfg.domainName,
            domainKeyArn: domain.keyArn,
            deadLetterQueueArn: domain.deadLetterQueue?.arn,
            keyArns: [
                domain.keyArn,
                ...streaming.map((s) => s.keyArn),
                ...profileExports.map((e) => e.keyArn),
                ...(audit ? [audit.keyArn] : []),
            ],
            flowNames: watchedFlows,
            instanceArns: instances.map((i) => i.arn),
            ruleArns: Object.values(salesforceTasks?.rules ?? {}).map((r) => r.ruleArn),
            eventStreamNames: cfg.profileExports.map((e) => e.name),
            kinesisStreamArns: streaming
                .flatMap((s) => [s.contactRecordsStreamArn, s.agentEventsStreamArn])
                .concat(profileExports.map((e) => e.streamArn))
                .filter((a): a is pulumi.Output<string> => a !== undefined),
            deliveryStreamArns: streaming.flatMap((s) => s.contactRecordsDeliveryStreamArn ?? []),
            trailArn: audit?.trailArn,
            // The probe sets the dead-letter alarm, else the first silent-stop alarm (tools/doctor/probe/probe.ts).
            probe: {
                alarmArn: monitoring?.deadLetterAlarm?.arn ?? Object.values(silentStops?.alarms ?? {})[0]?.arn,
                export: profileExports[0] && {
                    eventStreamName: cfg.profileExports[0].name,
                    streamArn: profileExports[0].streamArn,
                    keyArn: profileExports[0].keyArn,
                },
                workflows: integrations.workflowRole !== undefined,
            },
            salesforce: salesforceTasks && {
                eventSourceName: salesforceTasks.partnerEventSourceName,
                eventBusArn: salesforceTasks.eventBus.arn,
                eventIntegrationArn: salesforceTasks.eventIntegration.arn,
            },
        },
        tags: common.tags,
    });

    return {
        domainName: domain.domainName,
        domainArn: domain.arn,
        keyArn: domain.keyArn,
        ...(domain.deadLetterQueue
            ? { deadLetterQueueUrl: domain.deadLetterQueue.url, deadLetterQueueArn: domain.deadLetterQueue.arn }
            : {}),
        instanceArn: instances[0].arn,
        instanceArns: Object.fromEntries(instances.map((i, n) => [cfg.connectInstances[n].name, i.arn])),
        callerPolicy: domain.callerPolicy,
        integrations: {
            flowNames: integrations.flowNames,
            s3SourceBucketStatements: integrations.s3SourceBucketStatements,
            workflowRoleArn: integrations.workflowRole?.roleArn,
            flowFailureRuleArn: monitoring?.flowFailureRule?.arn,
            flowDeactivationRuleArn: monitoring?.flowDeactivationRule?.arn,
            deadLetterAlarmArn: monitoring?.deadLetterAlarm?.arn,
        },
        alarmTopicArn: alarms.topicArn,
        ...(silentStops
            ? {
                  silentStopAlarmArns: Object.fromEntries(
                      Object.entries(silentStops.alarms).map(([k, a]) => [k, a.arn]),
                  ),
              }
            : {}),
        streaming: Object.fromEntries(
            streaming.map((s, n) => [
                Object.keys(cfg.instanceStreaming)[n],
                {
                    keyArn: s.keyArn,
                    contactRecordsStreamArn: s.contactRecordsStreamArn,
                    contactRecordsDeliveryStreamArn: s.contactRecordsDeliveryStreamArn,
                    contactRecordsBucket: s.contactRecordsBucketName,
                    contactRecordsAccessLogBucket: s.contactRecordsAccessLogs?.bucketName,
                    agentEventsStreamArn: s.agentEventsStreamArn,
                },
            ]),
        ),
        ...(salesforceTasks
            ? {
                  salesforceTasks: {
                      flowName: salesforceTasks.flowName,
                      partnerEventSourceName: salesforceTasks.partnerEventSourceName,
                      connectorProfileName: salesforceTasks.connectorProfileName,
                      eventBusName: salesforceTasks.eventBus.name,
                      eventIntegrationName: salesforceTasks.eventIntegration.name,
                      integrationAssociationArns: Object.fromEntries(
                          Object.entries(salesforceTasks.associations).map(([k, a]) => [
                              k,
                              a.integrationAssociationArn,
                          ]),
                      ),
                      rules: Object.fromEntries(
                          (cfg.salesforceTasks?.rules ?? []).map((r) => [
                              `${r.instance}/${r.name}`,
                              {
                                  arn: salesforceTasks.rules[`${r.instance}/${r.name}`].ruleArn,
                                  publishStatus: r.publish ? "PUBLISHED" : "DRAFT",
                              },
                          ]),
                      ),
                  },
              }
            : {}),
        ...(profileExports[0]
            ? {
                  profileExportStreamArn: profileExports[0].streamArn,
                  profileEventStreamArn: profileExports[0].eventStreamArn,
              }
            : {}),
        ...(audit
            ? {
                  auditTrail: {
                      trailArn: audit.trailArn,
                      bucketName: audit.bucketName,
                      accessLogBucketName: audit.accessLogs.bucketName,
                      keyArn: audit.keyArn,
                  },
              }
            : {}),
        // What the doctor compares the live keys with: each key of the stack and the policy it wrote.
        keys: {
            domain: { arn: domain.keyArn, policy: domain.key.policy },
            ...Object.fromEntries(
                streaming.map((s, n) => [
                    `streaming/${Object.keys(cfg.instanceStreaming)[n]}`,
                    { arn: s.keyArn, policy: s.policy },
                ]),
            ),
            ...(profileExports[0]
                ? { "profile-export": { arn: profileExports[0].keyArn, policy: profileExports[0].keyPolicy } }
                : {}),
            ...(audit ? { "audit-trail": { arn: audit.keyArn, policy: audit.keyPolicy } } : {}),
        },
        operatorPolicies: {
            checks: operator.checksDocument,
            checksPolicyArn: operator.checksPolicy.arn,
            ...(operator.reingestPolicy
                ? { reingest: operator.reingestDocument, reingestPolicyArn: operator.reingestPolicy.arn }
                : {}),
            ...(operator.probePolicy
                ? { probe: operator.probeDocument, probePolicyArn: operator.probePolicy.arn }
                : {}),
        },
    };
};
