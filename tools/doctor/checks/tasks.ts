// Salesforce → Amazon Connect Tasks: the flow is active, the partner event source active, the
// partner event bus and the event integration present, each instance associated, the rules as the
// stack published them; a failing flow whose error points at Change Data Capture gets that remedy.
import { GetEventIntegrationCommand } from "../appintegrations";
import { DescribeRuleCommand, ListIntegrationAssociationsCommand } from "@aws-sdk/client-connect";
import { DescribeEventBusCommand, DescribeEventSourceCommand } from "@aws-sdk/client-eventbridge";
import { callFailed, DoctorContext, instanceIdOf, lastSegment, missingOrFailed } from "../context";
import { Check } from "../report";
import { SOURCES } from "../sources";
import { checkFlow } from "./flows";

export async function checkTasks(ctx: DoctorContext): Promise<Check[]> {
    const t = ctx.inv.outputs.salesforceTasks;
    if (!t) return [];
    const parts = await Promise.all([
        checkFlow(ctx, t.flowName, {
            area: "tasks",
            source: SOURCES.tasksFlow,
            expectedConnectorProfile: t.connectorProfileName,
        }),
        eventSource(ctx, t.partnerEventSourceName),
        eventBus(ctx, t.eventBusName ?? t.partnerEventSourceName),
        t.eventIntegrationName
            ? eventIntegration(
                  ctx,
                  t.eventIntegrationName,
                  t.eventBusName ?? t.partnerEventSourceName,
                  t.partnerEventSourceName,
              )
            : [],
        ...Object.entries(t.integrationAssociationArns ?? {}).map(([instance, arn]) => association(ctx, instance, arn)),
        ...Object.entries(t.rules ?? {}).map(([name, r]) => rule(ctx, name, r.arn, r.publishStatus)),
    ]);
    return parts.flat();
}

async function eventSource(ctx: DoctorContext, name: string): Promise<Check[]> {
    const source = SOURCES.eventSource;
    try {
        const s = await ctx.clients.events.send(new DescribeEventSourceCommand({ Name: name }));
        if (s.State === "ACTIVE")
            return [{ area: "tasks", status: "ok", message: `partner event source ${name} is ACTIVE`, source }];
        return [
            {
                area: "tasks",
                status: "problem",
                message: `partner event source ${name} is ${s.State}`,
                remedy:
                    s.State === "PENDING"
                        ? "A partner event source is PENDING until an event bus is matched with it: run `pulumi up` to create the partner event bus."
                        : "The partner event source was deleted (the flow that created it is gone): run `pulumi up` to create the flow, its event source and bus again.",
                source,
            },
        ];
    } catch (e) {
        return [
            missingOrFailed(
                "tasks",
                `partner event source ${name}`,
                "AppFlow creates the partner event source with the flow: run `pulumi up`.",
                `DescribeEventSource ${name}`,
                e,
                source,
            ),
        ];
    }
}

async function eventBus(ctx: DoctorContext, name: string): Promise<Check[]> {
    const source = SOURCES.eventSource;
    try {
        await ctx.clients.events.send(new DescribeEventBusCommand({ Name: name }));
        return [{ area: "tasks", status: "ok", message: `partner event bus ${name} exists`, source }];
    } catch (e) {
        return [
            missingOrFailed(
                "tasks",
                `partner event bus ${name}`,
                "The flow's events arrive on the partner event bus matched with its event source: run `pulumi up` to create it.",
                `DescribeEventBus ${name}`,
                e,
                source,
            ),
        ];
    }
}

async function eventIntegration(ctx: DoctorContext, name: string, bus: string, sourceName: string): Promise<Check[]> {
    const source = SOURCES.eventIntegration;
    try {
        const i = await ctx.clients.appintegrations.send(new GetEventIntegrationCommand({ Name: name }));
        if (i.EventBridgeBus !== bus || i.EventFilter?.Source !== sourceName) {
            return [
                {
                    area: "tasks",
                    status: "problem",
                    message: `event integration ${name} reads bus ${i.EventBridgeBus} with source filter ${i.EventFilter?.Source}, not the stack's partner bus and source`,
                    remedy: "Run `pulumi up` to create the event integration again on the partner event bus.",
                    source,
                },
            ];
        }
        return [
            { area: "tasks", status: "ok", message: `event integration ${name} reads the partner event bus`, source },
        ];
    } catch (e) {
        return [
            missingOrFailed(
                "tasks",
                `event integration ${name}`,
                "Run `pulumi up`.",
                `GetEventIntegration ${name}`,
                e,
                source,
            ),
        ];
    }
}

async function association(ctx: DoctorContext, instance: string, arn: string): Promise<Check[]> {
    const source = SOURCES.eventIntegration;
    const instanceId = instanceIdOf(arn);
    try {
        const found: string[] = [];
        let NextToken: string | undefined;
        do {
            const r = await ctx.clients.connect.send(
                new ListIntegrationAssociationsCommand({ InstanceId: instanceId, IntegrationType: "EVENT", NextToken }),
            );
            found.push(...(r.IntegrationAssociationSummaryList ?? []).map((a) => a.IntegrationAssociationArn ?? ""));
            NextToken = r.NextToken;
        } while (NextToken);
        if (found.includes(arn))
            return [
                {
                    area: "tasks",
                    status: "ok",
                    message: `instance ${instance} is associated with the event integration`,
                    source,
                },
            ];
        return [
            {
                area: "tasks",
                status: "problem",
                message: `instance ${instance} has no EVENT integration association ${lastSegment(arn)}`,
                remedy: "Without the association the instance's rules never see Salesforce case events: run `pulumi up` to associate the event integration again.",
                source,
            },
        ];
    } catch (e) {
        return [callFailed("tasks", `ListIntegrationAssociations ${instance}`, e, source)];
    }
}

async function rule(ctx: DoctorContext, name: string, arn: string, expected: string): Promise<Check[]> {
    const source = SOURCES.rules;
    try {
        const r = await ctx.clients.connect.send(
            new DescribeRuleCommand({ InstanceId: instanceIdOf(arn), RuleId: lastSegment(arn) }),
        );
        const status = r.Rule?.PublishStatus;
        if (status === expected) return [{ area: "tasks", status: "ok", message: `rule ${name} is ${status}`, source }];
        return [
            {
                area: "tasks",
                status: expected === "PUBLISHED" ? "problem" : "warning",
                message: `rule ${name} is ${status}, the stack wrote ${expected}`,
                remedy:
                    expected === "PUBLISHED"
                        ? "A DRAFT rule creates no tasks: run `pulumi up` to publish it (PublishStatus PUBLISHED)."
                        : "Run `pulumi up` to set the rule back to DRAFT, or set publish: true in the stack's configuration.",
                source,
            },
        ];
    } catch (e) {
        return [
            missingOrFailed(
                "tasks",
                `rule ${name}`,
                "Run `pulumi up` to create the rule again.",
                `DescribeRule ${name}`,
                e,
                source,
            ),
        ];
    }
}
