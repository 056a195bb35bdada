// Export: the domain's event stream is running and its destination healthy (the HEALTH_CHECK
// outcome). Streaming: each instance's storage configs point at the stack's streams, the streams are
// encrypted with the stack's keys, the delivery stream is active.
import { ListInstanceStorageConfigsCommand } from "@aws-sdk/client-connect";
import { GetEventStreamCommand } from "@aws-sdk/client-customer-profiles";
import { DescribeDeliveryStreamCommand } from "@aws-sdk/client-firehose";
import { DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import { callFailed, DoctorContext, instanceIdOf, isNotFound, lastSegment } from "../context";
import { Check } from "../report";
import { SOURCES } from "../sources";

export async function checkExport(ctx: DoctorContext): Promise<Check[]> {
    const o = ctx.inv.outputs;
    if (!o.profileEventStreamArn) return [];
    const source = SOURCES.export;
    const name = lastSegment(o.profileEventStreamArn);
    const checks: Check[] = [];
    try {
        const s = await ctx.clients.profiles.send(
            new GetEventStreamCommand({ DomainName: o.domainName, EventStreamName: name }),
        );
        const dest = s.DestinationDetails;
        if (s.State !== "RUNNING") {
            checks.push({
                area: "export",
                status: "problem",
                message: `event stream ${name} is ${s.State}${s.StoppedSince ? ` since ${s.StoppedSince.toISOString()}` : ""}`,
                remedy: "Customer Profiles stops an event stream whose destination it cannot write to: fix the destination (the stream exists, its key admits Customer Profiles), then create the event stream again (`pulumi up` replaces it).",
                source,
            });
        } else {
            checks.push({ area: "export", status: "ok", message: `event stream ${name} is RUNNING`, source });
        }
        if (dest?.Status === "HEALTHY") {
            checks.push({
                area: "export",
                status: "ok",
                message: `destination ${dest.Uri} is HEALTHY (its HEALTH_CHECK event was delivered)`,
                source,
            });
        } else {
            checks.push({
                area: "export",
                status: "problem",
                message: `destination ${dest?.Uri ?? "?"} is ${dest?.Status ?? "unknown"}${dest?.Message ? `: ${dest.Message}` : ""}`,
                remedy: "Customer Profiles sends a HEALTH_CHECK event to confirm that it can put events on the stream: check that the Kinesis stream exists and that its key policy lets profile.amazonaws.com call kms:GenerateDataKey for this domain.",
                source,
            });
        }
        if (o.profileExportStreamArn && dest?.Uri && dest.Uri !== o.profileExportStreamArn) {
            checks.push({
                area: "export",
                status: "problem",
                message: `event stream ${name} writes to ${dest.Uri}, not the stack's ${o.profileExportStreamArn}`,
                remedy: "Run `pulumi up` to create the event stream again on the stack's stream.",
                source,
            });
        }
    } catch (e) {
        if (isNotFound(e)) {
            checks.push({
                area: "export",
                status: "problem",
                message: `event stream ${name} does not exist`,
                remedy: "Run `pulumi up`.",
                source,
            });
        } else {
            checks.push(callFailed("export", `GetEventStream ${name}`, e, source));
        }
    }
    if (o.profileExportStreamArn) {
        checks.push(...(await kinesisStream(ctx, "export", o.profileExportStreamArn, o.keys?.["profile-export"]?.arn)));
    }
    return checks;
}

export async function checkStreaming(ctx: DoctorContext): Promise<Check[]> {
    const o = ctx.inv.outputs;
    const parts = await Promise.all(
        Object.entries(o.streaming ?? {}).map(async ([instance, s]) => {
            const instanceArn = o.instanceArns?.[instance];
            const checks: Check[] = [];
            if (instanceArn) {
                const want: [string, "CONTACT_TRACE_RECORDS" | "AGENT_EVENTS", string | undefined][] = [
                    [
                        "contact records",
                        "CONTACT_TRACE_RECORDS",
                        s.contactRecordsStreamArn ?? s.contactRecordsDeliveryStreamArn,
                    ],
                    ["agent events", "AGENT_EVENTS", s.agentEventsStreamArn],
                ];
                for (const [what, type, arn] of want) {
                    if (arn) checks.push(...(await storageConfig(ctx, instance, instanceArn, what, type, arn)));
                }
            }
            for (const arn of [s.contactRecordsStreamArn, s.agentEventsStreamArn]) {
                if (arn) checks.push(...(await kinesisStream(ctx, "streaming", arn, s.keyArn)));
            }
            if (s.contactRecordsDeliveryStreamArn)
                checks.push(...(await deliveryStream(ctx, s.contactRecordsDeliveryStreamArn, s.keyArn)));
            return checks;
        }),
    );
    return parts.flat();
}

async function storageConfig(
    ctx: DoctorContext,
    instance: string,
    instanceArn: string,
    what: string,
    type: "CONTACT_TRACE_RECORDS" | "AGENT_EVENTS",
    arn: string,
): Promise<Check[]> {
    const source = SOURCES.storageConfigs;
    try {
        const r = await ctx.clients.connect.send(
            new ListInstanceStorageConfigsCommand({ InstanceId: instanceIdOf(instanceArn), ResourceType: type }),
        );
        const targets = (r.StorageConfigs ?? []).map(
            (c) => c.KinesisStreamConfig?.StreamArn ?? c.KinesisFirehoseConfig?.FirehoseArn ?? c.StorageType ?? "?",
        );
        if (targets.includes(arn))
            return [
                {
                    area: "streaming",
                    status: "ok",
                    message: `${instance}: ${what} stream to ${lastSegment(arn)}`,
                    source,
                },
            ];
        return [
            {
                area: "streaming",
                status: "problem",
                message: `${instance}: ${what} stream to ${targets.length ? targets.join(", ") : "nothing"}, not the stack's ${arn}`,
                remedy: "Run `pulumi up` to set the instance's storage config for this resource type back to the stack's stream.",
                source,
            },
        ];
    } catch (e) {
        return [callFailed("streaming", `ListInstanceStorageConfigs ${instance} ${type}`, e, source)];
    }
}

const sameKey = (actual: string | undefined, keyArn: string | undefined) =>
    !!actual && !!keyArn && (actual === keyArn || keyArn.endsWith(`/${actual}`));

async function kinesisStream(
    ctx: DoctorContext,
    area: "export" | "streaming",
    arn: string,
    keyArn: string | undefined,
): Promise<Check[]> {
    const source = SOURCES.kinesis;
    const name = lastSegment(arn);
    try {
        const s = (await ctx.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: arn })))
            .StreamDescriptionSummary;
        const checks: Check[] = [];
        if (s?.StreamStatus !== "ACTIVE" && s?.StreamStatus !== "UPDATING") {
            checks.push({
                area,
                status: "problem",
                message: `stream ${name} is ${s?.StreamStatus}`,
                remedy: "Run `pulumi up` once the stream is ACTIVE or to create it again.",
                source,
            });
        }
        if (s?.EncryptionType === "KMS" && (!keyArn || sameKey(s.KeyId, keyArn))) {
            checks.push({
                area,
                status: "ok",
                message: `stream ${name} is ${s.StreamStatus}, encrypted with the stack's key`,
                source,
            });
        } else {
            checks.push({
                area,
                status: "problem",
                message: `stream ${name} is encrypted with ${s?.EncryptionType === "KMS" ? s.KeyId : "nothing"}, not the stack's key ${keyArn}`,
                remedy: "Run `pulumi up` to start server-side encryption with the stack's customer managed key (StartStreamEncryption); its key policy must let the producer call kms:GenerateDataKey before it writes, or data is lost.",
                source,
            });
        }
        return checks;
    } catch (e) {
        if (isNotFound(e))
            return [
                {
                    area,
                    status: "problem",
                    message: `stream ${name} does not exist`,
                    remedy: "Run `pulumi up`.",
                    source,
                },
            ];
        return [callFailed(area, `DescribeStreamSummary ${name}`, e, source)];
    }
}

async function deliveryStream(ctx: DoctorContext, arn: string, keyArn: string): Promise<Check[]> {
    const source = SOURCES.firehose;
    const name = lastSegment(arn);
    try {
        const d = (await ctx.clients.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name })))
            .DeliveryStreamDescription;
        const enc = d?.DeliveryStreamEncryptionConfiguration;
        const checks: Check[] = [];
        if (d?.DeliveryStreamStatus === "ACTIVE") {
            checks.push({ area: "streaming", status: "ok", message: `delivery stream ${name} is ACTIVE`, source });
        } else {
            checks.push({
                area: "streaming",
                status: "problem",
                message: `delivery stream ${name} is ${d?.DeliveryStreamStatus}${d?.FailureDescription ? `: ${d.FailureDescription.Type} ${d.FailureDescription.Details}` : ""}`,
                remedy: "Fix the failure the delivery stream reports (FailureDescription), then run `pulumi up`.",
                source,
            });
        }
        if (enc?.Status === "ENABLED" && sameKey(enc.KeyARN, keyArn)) {
            checks.push({
                area: "streaming",
                status: "ok",
                message: `delivery stream ${name} is encrypted with the stack's key`,
                source,
            });
        } else {
            checks.push({
                area: "streaming",
                status: "problem",
                message: `delivery stream ${name} encryption is ${enc?.Status ?? "off"}${enc?.KeyARN ? ` with ${enc.KeyARN}` : ""}, not the stack's key`,
                remedy: "Run `pulumi up` to enable server-side encryption with the stack's customer managed key (StartDeliveryStreamEncryption, KeyType CUSTOMER_MANAGED_CMK).",
                source,
            });
        }
        return checks;
    } catch (e) {
        if (isNotFound(e))
            return [
                {
                    area: "streaming",
                    status: "problem",
                    message: `delivery stream ${name} does not exist`,
                    remedy: "Run `pulumi up`.",
                    source,
                },
            ];
        return [callFailed("streaming", `DescribeDeliveryStream ${name}`, e, source)];
    }
}
