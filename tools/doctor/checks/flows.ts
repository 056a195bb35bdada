// AppFlow flows: status, last runs and their errors, the connector profile in use. Shared by the
// integrations (each flow of the stack) and Salesforce → Tasks (its event-triggered flow).
import { DescribeFlowCommand, DescribeFlowExecutionRecordsCommand } from "@aws-sdk/client-appflow";
import { callFailed, DoctorContext, isNotFound } from "../context";
import { Check, Source } from "../report";

/** The Salesforce Tasks remedy when a flow's error points at Change Data Capture (seed: Salesforce integration for Tasks). */
export const CDC_REMEDY =
    "Enable Change Data Capture for the Case entity in Salesforce (Setup → Change Data Capture), then activate the flow again; or delete the AppFlow Salesforce connection and flow and set them up again.";
const CDC = /change data capture|\bCDC\b|ChangeEvent/i;

const RECONNECT_REMEDY =
    "If a working connection stopped working, delete the integration and create it again (`pulumi up` after removing it); the flow's run details show why objects were not sent, and reconnecting the external application may be needed.";

/**
 * An integration's flow in Draft has never run: a flow created by PutIntegration stays in Draft until
 * AppFlow's StartFlow is called (Amazon Connect Administrator Guide, "Example: Programmatically
 * integrate Amazon S3 with Amazon Connect Customer Profiles", Step 3,
 * https://docs.aws.amazon.com/connect/latest/adminguide/customerprofiles-s3-integration.html).
 */
export const DRAFT_INTEGRATION_REMEDY =
    "The flow has never run: a flow created by PutIntegration stays in Draft until StartFlow is called. The stack starts each scheduled integration's flow (its `-activation` resource): run `pulumi up`; if that fails, its error names the cause (for S3, the source bucket's policy must admit AppFlow). An on-demand integration is started by hand: `aws appflow start-flow --flow-name FLOW`.";

export async function checkFlow(
    ctx: DoctorContext,
    flowName: string,
    opts: { area: "integrations" | "tasks"; source: Source; expectedConnectorProfile?: string; runs?: number },
): Promise<Check[]> {
    const { area, source } = opts;
    let flow;
    try {
        flow = await ctx.clients.appflow.send(new DescribeFlowCommand({ flowName }));
    } catch (e) {
        if (isNotFound(e)) {
            return [
                {
                    area,
                    status: "problem",
                    message: `flow ${flowName} does not exist`,
                    remedy: "Run `pulumi up` to create the flow again.",
                    source,
                },
            ];
        }
        return [callFailed(area, `DescribeFlow ${flowName}`, e, source)];
    }
    const checks: Check[] = [];
    const profile = flow.sourceFlowConfig?.connectorProfileName;
    const last = flow.lastRunExecutionDetails;
    const cdc = (msg?: string) => !!msg && CDC.test(msg);
    const status = flow.flowStatus;
    const lastRun = last?.mostRecentExecutionStatus
        ? `; last run ${last.mostRecentExecutionStatus}${last.mostRecentExecutionTime ? ` at ${last.mostRecentExecutionTime.toISOString()}` : ""}`
        : "";
    if (status === "Active") {
        checks.push({
            area,
            status: "ok",
            message: `flow ${flowName} is Active (connection ${profile ?? "none"})${lastRun}`,
            source,
        });
    } else {
        const msg = last?.mostRecentExecutionMessage ?? flow.flowStatusMessage;
        checks.push({
            area,
            status: status === "Draft" ? "warning" : "problem",
            message: `flow ${flowName} is ${status ?? "in an unknown state"}${flow.flowStatusMessage ? `: ${flow.flowStatusMessage}` : ""}`,
            remedy:
                area === "tasks" && cdc(msg)
                    ? CDC_REMEDY
                    : status === "Draft"
                      ? area === "tasks"
                          ? "Activate the flow (StartFlow): the stack activates it once its partner event bus exists; run `pulumi up`."
                          : DRAFT_INTEGRATION_REMEDY
                      : RECONNECT_REMEDY,
            source,
        });
    }
    if (opts.expectedConnectorProfile && profile !== opts.expectedConnectorProfile) {
        checks.push({
            area,
            status: "problem",
            message: `flow ${flowName} uses connection ${profile ?? "none"}, not the stack's ${opts.expectedConnectorProfile}`,
            remedy: "Run `pulumi up` to point the flow back at the stack's connector profile.",
            source,
        });
    }
    let runs;
    try {
        runs = await ctx.clients.appflow.send(
            new DescribeFlowExecutionRecordsCommand({ flowName, maxResults: opts.runs ?? 5 }),
        );
    } catch (e) {
        checks.push(callFailed(area, `DescribeFlowExecutionRecords ${flowName}`, e, source));
        return checks;
    }
    const executions = runs.flowExecutions ?? [];
    const failed = executions.filter((x) => x.executionStatus === "Error");
    if (executions.length === 0) {
        checks.push({ area, status: "ok", message: `flow ${flowName}: no runs yet`, source });
    } else if (failed.length === 0) {
        checks.push({
            area,
            status: "ok",
            message: `flow ${flowName}: last ${executions.length} runs without error`,
            source,
        });
    } else {
        const messages = failed.map((x) => x.executionResult?.errorInfo?.executionMessage ?? "no message");
        checks.push({
            area,
            status: "problem",
            message: `flow ${flowName}: ${failed.length} of the last ${executions.length} runs failed`,
            details: failed.map((x, i) => `${x.startedAt ? x.startedAt.toISOString() : x.executionId}: ${messages[i]}`),
            remedy: area === "tasks" && messages.some(cdc) ? CDC_REMEDY : RECONNECT_REMEDY,
            source,
        });
    }
    return checks;
}
