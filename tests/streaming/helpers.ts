// Shared helpers of the streaming tests: the dev stack's config, and plan look-ups that fail loudly.
import { Plan, PlanStep } from "../../tools/lib/plan-format";

/** A fresh copy of Pulumi.dev.yaml's `config:` map (read anew each call, so tests may mutate it). */
export { devConfig } from "../support/plan";

export function stepsOfType(plan: Plan, type: string): PlanStep[] {
    return plan.steps.filter((s) => s.newState?.type === type);
}

/** The one step of a type whose URN ends with `::NAME`. */
export function stepNamed(
    plan: Plan,
    type: string,
    name: string,
): PlanStep & { newState: NonNullable<PlanStep["newState"]> } {
    const hits = stepsOfType(plan, type).filter((s) => s.urn.endsWith(`::${name}`));
    if (hits.length !== 1)
        throw new Error(
            `expected one ${type} named ${name}, found ${hits.length}: ${stepsOfType(plan, type)
                .map((s) => s.urn.split("::").pop())
                .join(", ")}`,
        );
    return hits[0] as PlanStep & { newState: NonNullable<PlanStep["newState"]> };
}
