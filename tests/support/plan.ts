// Helpers for asserting on offline plans.
import { nameOf, Plan, ResourceState } from "../../tools/lib/plan-format";
import { runOfflinePlan, readStackFile, REPO_ROOT } from "../../tools/lib/offline";
import { CloudRefusalError } from "../../tools/lib/mock-cloud";
import * as path from "path";

export { nameOf };

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-2";

/**
 * Runs a program offline and returns what the mock cloud refused ("TYPE NAME: reason" per refusal),
 * or [] when it refused nothing; any other failure is thrown.
 */
export async function refusalOf(
    program: () => unknown,
    config: Record<string, unknown> = { "aws:region": REGION, "aws-native:region": REGION },
): Promise<string[]> {
    try {
        await runOfflinePlan({ config, program });
    } catch (e) {
        if (e instanceof CloudRefusalError) return e.refusals.map((r) => `${r.type} ${r.name}: ${r.reason}`);
        throw e;
    }
    return [];
}

/** The dev stack's config map, as a base for variants. */
export function devConfig(): Record<string, unknown> {
    return readStackFile(path.join(REPO_ROOT, "Pulumi.dev.yaml"));
}

/**
 * The dev stack's config as an administrator's `pulumi up` without the bootstrap plans it
 * (`bootstrapRoles: false`, `stackBucketNames: false`, the defaults): the program creates its two
 * roles itself, so their trust policies and permissions are in the plan for the pack and the specs
 * to judge, and names its buckets after their resources.
 */
export function devConfigWithoutBootstrap(): Record<string, unknown> {
    return {
        ...devConfig(),
        "connect-customer-profiles:bootstrapRoles": false,
        "connect-customer-profiles:stackBucketNames": false,
    };
}

/** A minimal valid config: one domain, one existing instance. */
export function minimalConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        "aws:region": REGION,
        "aws-native:region": REGION,
        "connect-customer-profiles:domainName": "amazon-connect-test",
        "connect-customer-profiles:connectInstances": [
            { name: "main", arn: `arn:aws:connect:${REGION}:${ACCOUNT}:instance/11111111-2222-3333-4444-555555555555` },
        ],
        ...extra,
    };
}

/** {@link minimalConfig} plus a new Salesforce connection and one task rule on the instance "main". */
export function salesforceTasksConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return minimalConfig({
        "connect-customer-profiles:salesforceTasks": {
            connection: {
                instanceUrl: "https://examplecorp.my.salesforce.com",
                friendlyName: "Salesforce - ExampleCorp",
                environment: "sandbox",
            },
            rules: [
                {
                    instance: "main",
                    name: "new-case",
                    contactFlowId: "7d1c9a52-3e4f-4b8a-9c6d-2f0e1a3b5c7d",
                    taskName: "Case $.ThirdParty.Salesforce.CaseCreate.CaseNumber",
                },
            ],
        },
        ...extra,
    });
}

export async function planFor(config: Record<string, unknown>): Promise<Plan> {
    return (await runOfflinePlan({ config })).plan;
}

export function resources(plan: Plan): ResourceState[] {
    return plan.steps.map((s) => s.newState!).filter(Boolean);
}

/** The one resource of a type and logical name (throws when absent or ambiguous). */
export function resource(plan: Plan, type: string, name: string): ResourceState {
    const found = resources(plan).filter((r) => r.type === type && r.urn.endsWith(`::${name}`));
    if (found.length !== 1)
        throw new Error(
            `expected one ${type} named ${name}, found ${found.length}: ${resources(plan)
                .map((r) => `${r.type}::${r.urn.split("::").pop()}`)
                .join(", ")}`,
        );
    return found[0];
}

export function ofType(plan: Plan, type: string): ResourceState[] {
    return resources(plan).filter((r) => r.type === type);
}

/** Parses a JSON policy input. */
export function policyOf(state: ResourceState, key = "policy"): any {
    const v = state.inputs[key];
    return typeof v === "string" ? JSON.parse(v) : v;
}

/** The names of the resources a resource depends on, sorted. */
export function dependencyNames(state: ResourceState): string[] {
    return [...new Set((state.dependencies ?? []).map(nameOf))].sort();
}

/** The default key policy (AWS KMS Developer Guide, "Default key policy"): the account root, which delegates to IAM. */
export function defaultKeyPolicy(account = ACCOUNT) {
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
        ],
    };
}

/**
 * Each customer managed key of a plan, by its ARN: the key policy CreateKey gives it (the key's
 * `policy`, else AWS's default key policy) and the one it ends with (a kms.KeyPolicy's, when one
 * installs it, else the same).
 */
export function planKeyPolicies(plan: Plan): Map<string, { name: string; created: unknown; final: unknown }> {
    const all = resources(plan);
    const out = new Map<string, { name: string; created: unknown; final: unknown }>();
    for (const k of all.filter((r) => r.type === "aws:kms/key:Key")) {
        const created = typeof k.inputs.policy === "string" ? JSON.parse(k.inputs.policy) : defaultKeyPolicy();
        const installed = all.find(
            (p) => p.type === "aws:kms/keyPolicy:KeyPolicy" && p.inputs.keyId === k.outputs?.keyId,
        );
        out.set(String(k.outputs?.arn), {
            name: nameOf(k.urn),
            created,
            final: installed ? JSON.parse(String(installed.inputs.policy)) : created,
        });
    }
    return out;
}

/** Every managed policy of a plan (aws:iam/policy:Policy), its name to its parsed document. */
export function managedPolicyDocuments(plan: Plan): Record<string, unknown> {
    return Object.fromEntries(
        resources(plan)
            .filter((r) => r.type === "aws:iam/policy:Policy")
            .map((r) => [String(r.inputs.name), JSON.parse(String(r.inputs.policy)) as unknown]),
    );
}

/**
 * The managed policies of the dev deploy role in a bootstrap plan (PREFIX-deploy-dev-N), as the IAM
 * simulator takes identity policies; at least three, or the plan is not the bootstrap's.
 */
export function deployRolePolicies(plan: Plan, environment = "dev"): { name: string; policy: unknown }[] {
    const re = new RegExp(`-deploy-${environment}-\\d+$`);
    const policies = Object.entries(managedPolicyDocuments(plan))
        .filter(([name]) => re.test(name))
        .map(([name, policy]) => ({ name, policy }));
    if (policies.length < 3) throw new Error(`${policies.length} deploy policies of ${environment} in the plan`);
    return policies;
}
