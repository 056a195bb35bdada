// What every check receives, and the helpers they share.
import { Clients } from "./aws";
import { StackInventory } from "./outputs";
import { Check, Source } from "./report";

export interface DoctorContext {
    inv: StackInventory;
    clients: Clients;
    /** The time the checks compare ages with (injected so tests are deterministic). */
    now: Date;
    /** At most this many dead-letter messages are peeked for the triage. */
    maxMessages: number;
    /** How long a peeked message stays invisible (seconds); never deleted. */
    peekVisibilitySeconds: number;
}

export function errorName(e: unknown): string {
    return (e as { name?: string })?.name ?? "Error";
}

export function errorMessage(e: unknown): string {
    return (e as Error)?.message ?? String(e);
}

export const isNotFound = (e: unknown) =>
    [
        "ResourceNotFoundException",
        "NotFoundException",
        "NotFoundFault",
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
    ].includes(errorName(e));

export const isAccessDenied = (e: unknown) =>
    ["AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "AuthorizationErrorException"].includes(
        errorName(e),
    );

/** A check that could not run because the call failed: access denied names the operator policy. */
/**
 * The check for a read of something the stack created: "WHAT does not exist" with its remedy when AWS
 * answers not found, otherwise what callFailed says about the failed OPERATION.
 */
export function missingOrFailed(
    area: Check["area"],
    what: string,
    remedy: string,
    operation: string,
    e: unknown,
    source: Source,
): Check {
    if (isNotFound(e)) return { area, status: "problem", message: `${what} does not exist`, remedy, source };
    return callFailed(area, operation, e, source);
}

export function callFailed(area: Check["area"], what: string, e: unknown, source: Source): Check {
    if (isAccessDenied(e)) {
        return {
            area,
            status: "problem",
            message: `${what}: access denied (${errorMessage(e)})`,
            remedy: "Attach the stack's operator checks policy (stack output operatorPolicies.checksPolicyArn) to the identity running the doctor.",
            source,
        };
    }
    return { area, status: "problem", message: `${what}: ${errorName(e)}: ${errorMessage(e)}`, source };
}

/** The last path segment of an ARN (`…/NAME`). */
export const lastSegment = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** The instance id of a Connect instance (or instance-scoped resource) ARN. */
export const instanceIdOf = (arn: string) => arn.split("/")[1];

export const ago = (from: Date, to: Date): string => {
    const s = Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
    if (s < 120) return `${s} s`;
    if (s < 7200) return `${Math.round(s / 60)} min`;
    if (s < 172800) return `${Math.round(s / 3600)} h`;
    return `${Math.round(s / 86400)} days`;
};
