// What the dynamic providers need at run time, in the engine's provider process: the AWS SDK v3
// client configuration for the stack's AWS identity, and the engine's placeholder for values not
// known yet (preview). No import of @pulumi/pulumi and no module-level state: the providers are
// serialized by value (`pulumi.runtime.serializeFunction`) with what they call from here, and the
// SDK modules are required inside the functions, so the serialized text captures none of them.

/**
 * The engine's placeholder for a value not known yet (`pulumi preview`, or an input computed from a
 * resource being created or replaced): `unknownValue` in @pulumi/pulumi's runtime (rpc.ts), which
 * the dynamic provider host hands to `check` and `diff` as is (cmd/dynamic-provider/index.ts).
 * A test asserts it equals `pulumi.runtime.unknownValue`.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether a value is, or holds anywhere inside it, the engine's unknown placeholder. */
export function containsUnknown(v: unknown): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
    return false;
}

/**
 * The AWS identity a dynamic provider acts as: the stack's `aws:` configuration (region, profile,
 * assumed roles, endpoints; components/common/aws-identity.ts reads it) or what the user passes.
 * Held in the resource's inputs and state, so it holds names only, never a credential.
 */
export interface AwsIdentity {
    region: string;
    /** A named profile of the shared config/credentials files (`aws:profile`). */
    profile?: string;
    /** Roles assumed in order, each with the previous one's credentials (`aws:assumeRoles`). */
    assumeRoles?: { roleArn: string; sessionName?: string; externalId?: string }[];
    /** Endpoint URLs per service (`aws:endpoints`): only the services the providers call. */
    endpoints?: { appflow?: string; connect?: string; customerprofiles?: string; sts?: string };
}

/** The services the providers call, by their `aws:endpoints` key. */
export type ProviderService = "appflow" | "connect" | "customerprofiles";

/**
 * Attempts per SDK call, the first included. The SDK's own retry strategy retries throttling,
 * transient errors (timeouts, connection resets: ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT) and
 * 5xx responses with exponential backoff and jitter (@smithy/core retry, service-error-classification;
 * AWS SDKs and Tools reference guide, "Retry behavior": standard and adaptive modes).
 */
export const SDK_MAX_ATTEMPTS = 8;
/** Adaptive: the standard strategy plus client-side rate limiting when throttled (same guide). */
export const SDK_RETRY_MODE = "adaptive";
/** The session name of roles the providers assume when the configuration names none. */
export const DEFAULT_SESSION_NAME = "pulumi-connect-customer-profiles";

/** Extra client settings tests inject (e.g. a request handler). Never from configuration. */
export type ClientOverrides = Record<string, unknown>;

/**
 * The configuration of an SDK v3 client for `service` acting as `identity`: its region (or the
 * resource's own `region`), the SDK's retry strategy, the endpoint the stack configures for the
 * service, and credentials from the profile, then each assumed role in turn (STS AssumeRole,
 * through @aws-sdk/credential-providers `fromIni` and `fromTemporaryCredentials`). Without a
 * profile or role the SDK's default credential chain applies, as for the stack's AWS provider.
 */
export function sdkClientConfig(
    identity: AwsIdentity,
    service: ProviderService,
    region: string = identity.region,
    overrides: ClientOverrides = {},
): Record<string, unknown> {
    const endpoint = identity.endpoints?.[service];
    const roles = identity.assumeRoles ?? [];
    let credentials: unknown;
    if (identity.profile || roles.length > 0) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const cp = require("@aws-sdk/credential-providers");
        credentials = identity.profile ? cp.fromIni({ profile: identity.profile }) : undefined;
        for (const role of roles) {
            credentials = cp.fromTemporaryCredentials({
                params: {
                    RoleArn: role.roleArn,
                    RoleSessionName: role.sessionName ?? DEFAULT_SESSION_NAME,
                    ...(role.externalId ? { ExternalId: role.externalId } : {}),
                },
                ...(credentials ? { masterCredentials: credentials } : {}),
                clientConfig: {
                    region,
                    ...(identity.endpoints?.sts ? { endpoint: identity.endpoints.sts } : {}),
                    ...overrides,
                },
            });
        }
    }
    return {
        region,
        maxAttempts: SDK_MAX_ATTEMPTS,
        retryMode: SDK_RETRY_MODE,
        ...(endpoint ? { endpoint } : {}),
        ...(credentials ? { credentials } : {}),
        ...overrides,
    };
}

/**
 * The identity of a resource's state. State written before the providers took an identity holds
 * only a `region`: it is read as the default credential chain in that region.
 */
export function identityOf(props: { awsIdentity?: AwsIdentity; region?: string }, region?: string): AwsIdentity {
    if (props.awsIdentity && typeof props.awsIdentity === "object") return props.awsIdentity;
    const r = props.region ?? region;
    if (!r) throw new Error("the resource's state holds neither awsIdentity nor region");
    return { region: r };
}

/** An SDK error's name and message, as one line. */
export function describeSdkError(e: unknown): string {
    const err = (e ?? {}) as { name?: string; message?: string };
    return `${err.name ?? "Error"}: ${err.message ?? String(e)}`;
}
