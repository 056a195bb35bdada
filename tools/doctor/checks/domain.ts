// The domain: it exists, it uses the stack's key and dead-letter queue, and its counts.
import { GetDomainCommand } from "@aws-sdk/client-customer-profiles";
import { callFailed, DoctorContext, isNotFound } from "../context";
import { Check } from "../report";
import { SOURCES } from "../sources";

const source = SOURCES.domain;

export async function checkDomain(ctx: DoctorContext): Promise<Check[]> {
    const o = ctx.inv.outputs;
    let d;
    try {
        d = await ctx.clients.profiles.send(new GetDomainCommand({ DomainName: o.domainName }));
    } catch (e) {
        if (isNotFound(e)) {
            return [
                {
                    area: "domain",
                    status: "problem",
                    message: `domain ${o.domainName} does not exist in ${ctx.inv.region}`,
                    remedy: "Run `pulumi up` for this stack (the domain is the container for all profile data: profiles, object types, profile keys and encryption keys).",
                    source,
                },
            ];
        }
        return [callFailed("domain", `GetDomain ${o.domainName}`, e, source)];
    }
    const checks: Check[] = [];
    const s = d.Stats;
    checks.push({
        area: "domain",
        status: "ok",
        message: `domain ${o.domainName} exists: ${s?.ProfileCount ?? 0} profiles, ${s?.ObjectCount ?? 0} objects, ${s?.MeteringProfileCount ?? 0} metered profiles, ${s?.TotalSize ?? 0} bytes`,
        source,
    });
    checks.push(
        d.DefaultEncryptionKey === o.keyArn
            ? { area: "domain", status: "ok", message: "encrypted with the stack's domain key", source }
            : {
                  area: "domain",
                  status: "problem",
                  message: `encrypted with ${d.DefaultEncryptionKey ?? "no customer managed key"}, not the stack's key ${o.keyArn}`,
                  remedy: "All Customer Profiles data at rest is encrypted with the customer managed key the domain names; run `pulumi up` to set the stack's key back on the domain (UpdateDomain DefaultEncryptionKey).",
                  source,
              },
    );
    if (o.deadLetterQueueUrl) {
        checks.push(
            d.DeadLetterQueueUrl === o.deadLetterQueueUrl
                ? {
                      area: "domain",
                      status: "ok",
                      message: "reports ingestion errors to the stack's dead-letter queue",
                      source,
                  }
                : {
                      area: "domain",
                      status: "problem",
                      message: `dead-letter queue is ${d.DeadLetterQueueUrl ?? "not set"}, not the stack's ${o.deadLetterQueueUrl}`,
                      remedy: "Errors while Customer Profiles processes objects are written to the domain's dead-letter queue; run `pulumi up` to set the stack's queue back (UpdateDomain DeadLetterQueueUrl).",
                      source,
                  },
        );
    }
    return checks;
}
