// Test helpers: run plans through the real analyzer path and pick out one policy's results.
import { checkPlan, PolicyReport } from "../../tools/lib/analyzer";
import { PolicyResource } from "@pulumi/policy";
import { FixtureResource, planOf, urn } from "../fixtures/policies/plan";
import { Plan } from "../../tools/lib/plan-format";

export type Case = {
    name: string;
    resources: FixtureResource[];
    /** Exact `resourceName: detail` lines this policy reports (empty for compliant). */
    expect?: string[];
    /** For not-applicable cases: the reason the analyzer records for the first resource (or the stack). */
    notApplicable?: string;
};

export async function run(resources: FixtureResource[], policyConfig?: Record<string, unknown>): Promise<PolicyReport> {
    return checkPlan(planOf(resources), { policyConfig });
}

export function linesFor(report: PolicyReport, policy: string): string[] {
    return report.violations
        .filter((v) => v.policyName === policy)
        .map((v) => `${v.resourceName ?? "(stack)"}: ${v.detail}`);
}

export function notApplicableFor(report: PolicyReport, policy: string, resource?: FixtureResource): string[] {
    const u = resource ? urn(resource.type, resource.name) : undefined;
    return report.notApplicable.filter((n) => n.policyName === policy && n.urn === u).map((n) => n.reason);
}

export const one = (
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    extra: Partial<FixtureResource> = {},
): FixtureResource => ({
    type,
    name,
    inputs,
    ...extra,
});

export const iamPolicy = (name: string, document: unknown) =>
    one("aws:iam/policy:Policy", name, { policy: JSON.stringify(document) });
export const queuePolicy = (name: string, document: unknown) =>
    one("aws:sqs/queuePolicy:QueuePolicy", name, {
        queueUrl: "https://sqs.eu-west-2.amazonaws.com/111122223333/q",
        policy: JSON.stringify(document),
    });
export const key = (name: string, document: unknown, extra: Record<string, unknown> = {}) =>
    one("aws:kms/key:Key", name, { enableKeyRotation: true, policy: JSON.stringify(document), ...extra });

/** A resource as a stack policy receives it (no dependencies), for calling a rule's functions directly. */
export const policyResource = (type: string, name: string, props: Record<string, unknown>): PolicyResource =>
    ({
        type,
        name,
        urn: `urn:pulumi:dev::p::${type}::${name}`,
        props,
        dependencies: [],
        propertyDependencies: {},
    }) as unknown as PolicyResource;

/** The key-policy statement every key of the program starts with: the account root administers the key. */
export const rootKeyAdmin = (account: string) => ({
    Sid: "Root",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: "kms:*",
    Resource: "*",
});

/** A policy document of a plan, as the single-edit specs change it. */
export type EditedDocument = { Statement: Record<string, any>[] };

/** A copy of the plan with one resource's JSON policy property (inputs and outputs) changed by `f`. */
export function editDocument(plan: Plan, name: string, key: string, f: (d: EditedDocument) => void): Plan {
    const copy = structuredClone(plan);
    const st = copy.steps.find((s) => s.newState?.custom && s.urn.endsWith(`::${name}`))!.newState!;
    for (const props of [st.inputs, st.outputs].filter(Boolean) as Record<string, any>[]) {
        const d = JSON.parse(props[key]) as EditedDocument;
        f(d);
        props[key] = JSON.stringify(d);
    }
    return copy;
}

/** S3 server access logging's delivery grant (logging.s3.amazonaws.com) on bucket TARGET for SOURCE, prefix p/. */
export const logDeliveryPolicy = (account: string, target: string, source: string) => ({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "Logs",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::${target}/p/*`,
            Condition: { StringEquals: { "aws:SourceAccount": account, "aws:SourceArn": `arn:aws:s3:::${source}` } },
        },
    ],
});

/** data-bucket logging to logs-bucket (prefix p/), an unrelated other-bucket, and POLICY on HOLDER-bucket. */
export const logDeliveryPlan = (holder: "data" | "logs" | "other", policy: unknown): FixtureResource[] => [
    one("aws:s3/bucket:Bucket", "data", { bucket: "data-bucket" }),
    one("aws:s3/bucket:Bucket", "logs", { bucket: "logs-bucket" }),
    one("aws:s3/bucket:Bucket", "other", { bucket: "other-bucket" }),
    one(
        "aws:s3/bucketLogging:BucketLogging",
        "data-logging",
        { bucket: "data-bucket", targetBucket: "logs-bucket", targetPrefix: "p/" },
        { refs: { bucket: ["data"], targetBucket: ["logs"] } },
    ),
    one(
        "aws:s3/bucketPolicy:BucketPolicy",
        "holder-policy",
        { bucket: `${holder}-bucket`, policy: JSON.stringify(policy) },
        { refs: { bucket: [holder] } },
    ),
];
