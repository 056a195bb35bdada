// Wiring only: configuration → components → stack outputs.
import { accountContext, AlarmTopic, ConnectInstance, CustomerProfilesDomain, InstanceStreaming, loadConfig, ProfileExport } from "./components";

export = () => {
    const cfg = loadConfig();
    const context = accountContext();
    const common = { protect: cfg.protectResources, tags: { ...cfg.tags, "customer-profiles:domain": cfg.domainName } };
    // The one encrypted SNS topic every alarm and failure rule of the stack notifies.
    const alarms = new AlarmTopic("alarms", { context, emailEndpoint: cfg.alarmEmail, ...common });

    const domain = new CustomerProfilesDomain("profiles", {
        domainName: cfg.domainName,
        defaultExpirationDays: cfg.defaultExpirationDays,
        deadLetterQueue: cfg.deadLetterQueue,
        profileApiCallers: cfg.profileApiCallers,
        context,
        ...common,
    });

    const instances = cfg.connectInstances.map(
        (instance) => new ConnectInstance(instance.name, { instance, domainName: domain.domainName, ctrObjectType: domain.ctrObjectType, ...common }),
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
            ...common,
        });
    });
    const profileExports = cfg.profileExports.map(
        (exp) => new ProfileExport("profile-export", { domainName: cfg.domainName, domain: domain.domain, eventStreamName: exp.name, stream: exp.stream, context, alarmTopicArn: alarms.topicArn, ...common }),
    );

    return {
        domainName: domain.domainName,
        domainArn: domain.arn,
        keyArn: domain.keyArn,
        ...(domain.deadLetterQueue ? { deadLetterQueueUrl: domain.deadLetterQueue.url, deadLetterQueueArn: domain.deadLetterQueue.arn } : {}),
        instanceArn: instances[0].arn,
        instanceArns: Object.fromEntries(instances.map((i, n) => [cfg.connectInstances[n].name, i.arn])),
        callerPolicy: domain.callerPolicy,
        alarmTopicArn: alarms.topicArn,
        streaming: Object.fromEntries(
            streaming.map((s, n) => [
                Object.keys(cfg.instanceStreaming)[n],
                {
                    keyArn: s.keyArn,
                    contactRecordsStreamArn: s.contactRecordsStreamArn,
                    contactRecordsDeliveryStreamArn: s.contactRecordsDeliveryStreamArn,
                    contactRecordsBucket: s.contactRecordsBucketName,
                    agentEventsStreamArn: s.agentEventsStreamArn,
                },
            ]),
        ),
        ...(profileExports[0] ? { profileExportStreamArn: profileExports[0].streamArn, profileEventStreamArn: profileExports[0].eventStreamArn } : {}),
    };
};
