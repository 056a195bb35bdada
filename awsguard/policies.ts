// Pulumi's AWSGuard policies (@pulumi/awsguard, installed in awsguard/ by `npm run awsguard`, not by the
// root's npm ci) as a list the analyzer can run.
//
// The package exports only its PolicyPack class, whose constructor serves the pack over gRPC; its
// policies are the exports of its area modules (each registers its own). They are loaded here, on
// first use, not at import time: @pulumi/awsguard brings @pulumi/aws 4 and aws-sdk v2 with it.
import { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { Plan } from "../tools/lib/plan-format";

/** The area modules @pulumi/awsguard's index requires (each registers its policies). */
const AREAS = ["apiGateway", "compute", "database", "elasticsearch", "network", "security", "storage"];

/** AWSGuard 0.3.1's resource policies, by name. */
export const AWSGUARD_RESOURCE_POLICIES = [
    "apigateway-stage-cached",
    "apigateway-method-cached-and-encrypted",
    "apigateway-endpoint-type",
    "ec2-instance-detailed-monitoring-enabled",
    "ec2-instance-no-public-ip",
    "ec2-volume-inuse",
    "elb-logging-enabled",
    "encrypted-volumes",
    "redshift-cluster-configuration",
    "redshift-cluster-maintenance-settings",
    "redshift-cluster-public-access",
    "dynamodb-table-encryption-enabled",
    "rds-instance-backup-enabled",
    "rds-instance-multi-az-enabled",
    "rds-instance-public-access",
    "rds-storage-encrypted",
    "elasticsearch-encrypted-at-rest",
    "elasticsearch-in-vpc-only",
    "alb-http-to-https-redirection",
    "cmk-backing-key-rotation-enabled",
    "mfa-enabled-for-iam-console-access",
    "efs-encrypted",
    "elb-deletion-protection-enabled",
    "s3-bucket-logging-enabled",
];

/** AWSGuard 0.3.1's stack policies: both describe live resources through the AWS SDK (not run). */
export const AWSGUARD_STACK_POLICIES = ["acm-certificate-expiration", "access-keys-rotated"];

/**
 * Resource types whose AWSGuard resource rule calls the AWS API (`mfa-enabled-for-iam-console-access`
 * lists the user's MFA devices with aws-sdk v2, which would look for credentials on the network).
 */
export const NEEDS_AWS_ACCOUNT = ["aws:iam/userLoginProfile:UserLoginProfile"];

let loaded: Policies | undefined;

/** Every AWSGuard resource policy (its stack policies are left out: they need an AWS account). */
export function awsGuardPolicies(): Policies {
    if (!loaded) {
        // aws-sdk v2 prints an end-of-support notice when loaded; the package itself is the news.
        process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
        const all: Policies = [];
        for (const area of AREAS) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const mod = require(require.resolve(`@pulumi/awsguard/${area}`, { paths: [__dirname] })) as Record<
                string,
                unknown
            >;
            for (const v of Object.values(mod)) {
                if (v && typeof v === "object" && typeof (v as { name?: unknown }).name === "string") {
                    all.push(v as ResourceValidationPolicy);
                }
            }
        }
        const stack = all.filter((p) => "validateStack" in p).map((p) => p.name);
        if (stack.sort().join() !== [...AWSGUARD_STACK_POLICIES].sort().join()) {
            throw new Error(`AWSGuard's stack policies changed: ${stack.join(", ")}; review them before running`);
        }
        loaded = all.filter((p) => !("validateStack" in p));
    }
    return loaded;
}

/** Throws when the plan holds a resource whose AWSGuard rule would call AWS (this check is offline). */
export function assertOffline(plan: Plan): void {
    for (const s of plan.steps) {
        const type = s.newState?.type;
        if (type && NEEDS_AWS_ACCOUNT.includes(type)) {
            throw new Error(
                `AWSGuard's rule for ${type} calls the AWS API (IAM ListMFADevices); the offline peer check cannot run it on ${s.urn}`,
            );
        }
    }
}
