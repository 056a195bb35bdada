// Integrations: each AppFlow flow of the stack, and the historical-ingestion workflows with their steps.
import { GetWorkflowCommand, GetWorkflowStepsCommand, ListWorkflowsCommand } from "@aws-sdk/client-customer-profiles";
import { callFailed, DoctorContext } from "../context";
import { Check } from "../report";
import { SOURCES } from "../sources";
import { checkFlow } from "./flows";

export async function checkIntegrations(ctx: DoctorContext): Promise<Check[]> {
    const flows = ctx.inv.outputs.integrations?.flowNames ?? [];
    const perFlow = await Promise.all(
        flows.map((f) => checkFlow(ctx, f, { area: "integrations", source: SOURCES.flows })),
    );
    return [...perFlow.flat(), ...(await checkWorkflows(ctx))];
}

export async function checkWorkflows(ctx: DoctorContext): Promise<Check[]> {
    const source = SOURCES.workflows;
    const domain = ctx.inv.outputs.domainName;
    let items;
    try {
        items = (await ctx.clients.profiles.send(new ListWorkflowsCommand({ DomainName: domain }))).Items ?? [];
    } catch (e) {
        return [callFailed("integrations", `ListWorkflows ${domain}`, e, source)];
    }
    if (items.length === 0) return [];
    const checks: Check[] = [];
    for (const w of items) {
        const id = w.WorkflowId!;
        if (w.Status === "COMPLETE") {
            checks.push({
                area: "integrations",
                status: "ok",
                message: `historical ingestion ${id} (${w.WorkflowType}) is COMPLETE`,
                source,
            });
        } else if (w.Status === "FAILED" || w.Status === "CANCELLED") {
            const [detail, steps] = await Promise.all([
                ctx.clients.profiles
                    .send(new GetWorkflowCommand({ DomainName: domain, WorkflowId: id }))
                    .catch(() => undefined),
                ctx.clients.profiles
                    .send(new GetWorkflowStepsCommand({ DomainName: domain, WorkflowId: id }))
                    .catch(() => undefined),
            ]);
            const failedSteps = (steps?.Items ?? [])
                .map((s) => s.AppflowIntegration)
                .filter((s) => s?.Status === "FAILED" || s?.Status === "CANCELLED");
            checks.push({
                area: "integrations",
                status: "problem",
                message: `historical ingestion ${id} (${w.WorkflowType}) is ${w.Status}${detail?.ErrorDescription ? `: ${detail.ErrorDescription}` : ""}`,
                details: failedSteps.map(
                    (s) =>
                        `batch ${s!.BatchRecordsStartTime ?? "?"} → ${s!.BatchRecordsEndTime ?? "?"} (flow ${s!.FlowName}): ${s!.Status}${s!.ExecutionMessage ? `: ${s!.ExecutionMessage}` : ""}`,
                ),
                remedy: "A transient failure is retried up to 3 times before a batch fails. Fix the cause named by the failed steps (connection, workflow role, key), then replace the workflow (`pulumi up` after changing the integration) so Customer Profiles runs the batches again.",
                source,
            });
        } else {
            checks.push({
                area: "integrations",
                status: "ok",
                message: `historical ingestion ${id} (${w.WorkflowType}) is ${w.Status}${w.StatusDescription ? `: ${w.StatusDescription}` : ""}`,
                source,
            });
        }
    }
    return checks;
}
