// The stack's AWS identity, for the dynamic providers: the same `aws:` configuration the stack's
// default AWS provider uses (Pulumi AWS provider configuration reference: aws:region, aws:profile,
// aws:assumeRoles — aws:assumeRole in provider versions before 7 — and aws:endpoints). The
// providers receive it as an input, so `pulumi up` calls AWS as the same principal, in the same
// region, through the same endpoints as every other resource of the stack. It holds names only
// (profile, role ARNs, session names, URLs); credentials stay in the profile or the environment.
import * as pulumi from "@pulumi/pulumi";
import { AwsIdentity, ProviderService } from "./sdk-clients";

export { AwsIdentity };

/** The services whose `aws:endpoints` entry the providers use (STS for the assumed roles). */
const ENDPOINT_SERVICES: (ProviderService | "sts")[] = ["appflow", "connect", "customerprofiles", "sts"];

/** Reads the role list of `aws:assumeRoles` (a list) or `aws:assumeRole` (one object). */
function assumeRoles(config: pulumi.Config): AwsIdentity["assumeRoles"] {
    const raw = config.getObject<unknown>("assumeRoles") ?? config.getObject<unknown>("assumeRole");
    if (raw === undefined) return undefined;
    const list = Array.isArray(raw) ? raw : [raw];
    return list.map((r, i) => {
        const role = (r ?? {}) as Record<string, unknown>;
        if (typeof role.roleArn !== "string" || role.roleArn === "")
            throw new pulumi.RunError(
                `aws:assumeRoles[${i}].roleArn: ${JSON.stringify(role.roleArn ?? null)} is not valid; expected the ARN of the role to assume, arn:aws:iam::ACCOUNT:role/NAME`,
            );
        return {
            roleArn: role.roleArn,
            ...(typeof role.sessionName === "string" ? { sessionName: role.sessionName } : {}),
            ...(typeof role.externalId === "string" ? { externalId: role.externalId } : {}),
        };
    });
}

/** Reads `aws:endpoints` (a list of maps, service → URL) for the services the providers call. */
function endpoints(config: pulumi.Config): AwsIdentity["endpoints"] {
    const raw = config.getObject<unknown>("endpoints");
    if (raw === undefined) return undefined;
    const merged: Record<string, unknown> = Object.assign({}, ...(Array.isArray(raw) ? raw : [raw]));
    const picked = Object.fromEntries(
        ENDPOINT_SERVICES.filter((s) => typeof merged[s] === "string" && merged[s] !== "").map((s) => [s, merged[s]]),
    );
    return Object.keys(picked).length > 0 ? picked : undefined;
}

/**
 * The stack's AWS identity from its `aws:` configuration. The region is the one given (the region
 * the stack's AWS provider reports, components/common/context.ts), else `aws:region`, else
 * `AWS_REGION`, as the AWS provider itself resolves it.
 */
export function stackAwsIdentity(region?: string, config: pulumi.Config = new pulumi.Config("aws")): AwsIdentity {
    region = region ?? config.get("region") ?? process.env.AWS_REGION;
    if (!region)
        throw new pulumi.RunError(
            "aws:region: (not set) is not valid; expected the stack's AWS region, e.g. `pulumi config set aws:region eu-west-2`",
        );
    const profile = config.get("profile");
    const roles = assumeRoles(config);
    const eps = endpoints(config);
    return {
        region,
        ...(profile ? { profile } : {}),
        ...(roles && roles.length > 0 ? { assumeRoles: roles } : {}),
        ...(eps ? { endpoints: eps } : {}),
    };
}
