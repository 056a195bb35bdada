// Wiring only: configuration → components → stack outputs.
import { accountContext, AlarmTopic, ConnectInstance, CustomerProfilesDomain, loadConfig } from "./components";

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

    return {
        domainName: domain.domainName,
        domainArn: domain.arn,
        keyArn: domain.keyArn,
        ...(domain.deadLetterQueue ? { deadLetterQueueUrl: domain.deadLetterQueue.url, deadLetterQueueArn: domain.deadLetterQueue.arn } : {}),
        instanceArn: instances[0].arn,
        instanceArns: Object.fromEntries(instances.map((i, n) => [cfg.connectInstances[n].name, i.arn])),
        callerPolicy: domain.callerPolicy,
        alarmTopicArn: alarms.topicArn,
    };
};
