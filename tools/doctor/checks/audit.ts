// Audit trail: the stack's CloudTrail trail is logging and delivering its log files.
import { GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { callFailed, DoctorContext, errorName } from "../context";
import { Check } from "../report";
import { SOURCES } from "../sources";

export async function checkAuditTrail(ctx: DoctorContext): Promise<Check[]> {
    const trail = ctx.inv.outputs.auditTrail;
    if (!trail) return [];
    const source = SOURCES.auditTrail;
    const area = "audit trail" as const;
    try {
        // GetTrailStatus takes the trail's name or ARN (CloudTrail API Reference, GetTrailStatus).
        const s = await ctx.clients.cloudtrail.send(new GetTrailStatusCommand({ Name: trail.trailArn }));
        const checks: Check[] = [];
        if (s.IsLogging === true) {
            checks.push({ area, status: "ok", message: `trail ${trail.trailArn} is logging`, source });
        } else {
            checks.push({
                area,
                status: "problem",
                message: `trail ${trail.trailArn} is not logging${s.StopLoggingTime ? ` (stopped ${s.StopLoggingTime.toISOString()})` : ""}`,
                remedy: "Nothing is recorded while a trail is stopped: run `pulumi up` (the trail is declared with enableLogging: true, which calls StartLogging), and find who called StopLogging in the management events.",
                source,
            });
        }
        if (s.LatestDeliveryError) {
            checks.push({
                area,
                status: "problem",
                message: `CloudTrail cannot deliver log files to ${trail.bucketName}: ${s.LatestDeliveryError}`,
                remedy: "This error occurs only when there is a problem with the destination S3 bucket: fix the bucket policy so that CloudTrail can write to the bucket (and the key policy so that it can encrypt), e.g. by `pulumi up` to restore the stack's policies.",
                source,
            });
        }
        if (s.LatestDigestDeliveryError) {
            checks.push({
                area,
                status: "problem",
                message: `CloudTrail cannot deliver digest files to ${trail.bucketName}: ${s.LatestDigestDeliveryError}`,
                remedy: "Log file integrity validation needs the digest files: fix the bucket policy (and the key policy) so that CloudTrail can write to the bucket.",
                source,
            });
        }
        return checks;
    } catch (e) {
        if (errorName(e) === "TrailNotFoundException")
            return [
                {
                    area,
                    status: "problem",
                    message: `trail ${trail.trailArn} does not exist`,
                    remedy: "Run `pulumi up`.",
                    source,
                },
            ];
        return [callFailed(area, `GetTrailStatus ${trail.trailArn}`, e, source)];
    }
}
