// The IAM simulator (@cloud-copilot/iam-simulate, AGPL-3.0, test-only) as the tests' oracle: its overall
// decision for one request, or an error naming what the simulator refused (a malformed request or policy).
import { runSimulation } from "@cloud-copilot/iam-simulate";

export async function simulate(...args: Parameters<typeof runSimulation>): Promise<string> {
    const result = await runSimulation(...args);
    if (result.resultType === "error") {
        throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult;
}
