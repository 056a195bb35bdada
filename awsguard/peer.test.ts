// Peer check: Pulumi's own AWSGuard pack (@pulumi/awsguard, installed in awsguard/ by `npm run awsguard`) over the dev
// plan, through the same analyzer entry points as our pack (tools/lib/analyzer.ts). Every finding is
// either fixed in the program or listed in EXEMPTIONS with its reason (docs/policy-pack.md, "Peer
// check: AWSGuard"); the purpose-built insecure plan shows the check can fail, and which of AWSGuard's
// rules cannot see the @pulumi/aws 7 resources this program declares.
import * as assert from "assert";
import { Policies } from "@pulumi/policy";
import { checkPlan, PolicyReport } from "../tools/lib/analyzer";
import { runOfflinePlan } from "../tools/lib/offline";
import { nameOf, Plan, ResourceState, UNKNOWN_PLACEHOLDER } from "../tools/lib/plan-format";
import { planOf } from "../tests/fixtures/policies/plan";
import { one } from "../tests/policies/helpers";
import {
    AWSGUARD_RESOURCE_POLICIES,
    AWSGUARD_STACK_POLICIES,
    assertOffline,
    awsGuardPolicies,
    NEEDS_AWS_ACCOUNT,
} from "./policies";

/** Findings the dev plan is allowed to keep, `policy resource` → the documented reason. */
interface Exemption {
    reason: string;
    /** What the plan must hold for the reason to be true (throws with the reason otherwise). */
    holds: (plan: Plan, resource: ResourceState) => void;
}

const BUCKET_LOGGING = "aws:s3/bucketLogging:BucketLogging";

/** The plan's S3 logging resources whose `prop` (bucket or targetBucket) comes from `bucket`. */
function loggingsWith(plan: Plan, prop: "bucket" | "targetBucket", bucket: ResourceState): ResourceState[] {
    return plan.steps
        .map((s) => s.newState)
        .filter((r): r is ResourceState => r?.type === BUCKET_LOGGING)
        .filter((r) => {
            const fromBucket = r.propertyDependencies?.[prop]?.includes(bucket.urn) ?? false;
            const name = bucket.outputs?.bucket;
            // Where the plan knows the bucket's name (not a first preview), the value must be it too.
            return fromBucket && (typeof name !== "string" || name === UNKNOWN_PLACEHOLDER || r.inputs[prop] === name);
        });
}

/** A bucket logged the @pulumi/aws 7 way, which AWSGuard's rule cannot see. */
const LOGGED_BY_RESOURCE: Exemption = {
    reason: "logged by an aws:s3/bucketLogging:BucketLogging (the @pulumi/aws 7 way), which AWSGuard 0.3.1 cannot see: it reads v4's `loggings` list",
    holds: (plan, bucket) => {
        const logging = loggingsWith(plan, "bucket", bucket);
        assert.strictEqual(logging.length, 1, `no ${BUCKET_LOGGING} logs ${bucket.urn}`);
        assert.ok(logging[0].propertyDependencies?.targetBucket?.length, "its target bucket is not in the plan");
    },
};

/** A server access log target, which AWS advises not to log. */
const LOG_TARGET: Exemption = {
    reason: 'a server access log target: S3 User Guide, "Enabling Amazon S3 server access logging": "Your target bucket should not have server access logging enabled"',
    holds: (plan, bucket) => {
        assert.ok(loggingsWith(plan, "targetBucket", bucket).length > 0, `${bucket.urn} receives no access logs`);
        assert.deepStrictEqual(loggingsWith(plan, "bucket", bucket), [], `${bucket.urn} is itself logged`);
    },
};

export const EXEMPTIONS: Record<string, Exemption> = {
    "s3-bucket-logging-enabled sales-streaming-ctr-bucket": LOGGED_BY_RESOURCE,
    "s3-bucket-logging-enabled sales-streaming-ctr-logs": LOG_TARGET,
    "s3-bucket-logging-enabled audit-trail-bucket": LOGGED_BY_RESOURCE,
    "s3-bucket-logging-enabled audit-trail-logs": LOG_TARGET,
};

/** `policy resource: detail` for each finding. */
const lines = (r: PolicyReport) =>
    r.violations.map((v) => `${v.policyName} ${v.resourceName ?? "(stack)"}: ${v.detail}`).sort();

/** Every AWSGuard resource policy, at level mandatory, over a plan (refused when a rule would call AWS). */
async function peerCheck(plan: Plan, policies: Policies): Promise<PolicyReport> {
    assertOffline(plan);
    return checkPlan(plan, { policies, policyConfig: { all: "mandatory" } });
}

describe("peer check: AWSGuard over the dev plan", function () {
    this.timeout(120_000);
    let policies: Policies;
    const plans: Record<string, Plan> = {};
    const awsGuardCheck = (plan: Plan) => peerCheck(plan, policies);

    before(async () => {
        policies = awsGuardPolicies();
        plans.deployed = (await runOfflinePlan({ stack: "dev" })).plan;
        plans.preview = (await runOfflinePlan({ stack: "dev", preview: true })).plan;
    });

    it("runs every resource policy AWSGuard 0.3.1 registers (its two stack policies call AWS and are not run)", () => {
        assert.deepStrictEqual(policies.map((p) => p.name).sort(), [...AWSGUARD_RESOURCE_POLICIES].sort());
        assert.ok(policies.every((p) => "validateResource" in p && !("validateStack" in p)));
        assert.strictEqual(AWSGUARD_STACK_POLICIES.length, 2);
    });

    for (const mode of ["deployed", "preview"]) {
        it(`${mode} mode: every finding is exempted with a reason, and every exemption is still needed`, async () => {
            const plan = plans[mode];
            const report = await awsGuardCheck(plan);
            assert.deepStrictEqual(report.unknown, []);
            const found = report.violations.map((v) => `${v.policyName} ${v.resourceName}`).sort();
            assert.deepStrictEqual(found, Object.keys(EXEMPTIONS).sort(), lines(report).join("\n"));
            for (const v of report.violations) {
                const state = plan.steps.find((s) => s.urn === v.urn)?.newState as ResourceState;
                EXEMPTIONS[`${v.policyName} ${v.resourceName}`].holds(plan, state);
            }
            assert.strictEqual(report.mandatoryCount, Object.keys(EXEMPTIONS).length);
        });

        it(`${mode} mode: sees the program's own resources (key rotation turned off on profiles-key is caught)`, async () => {
            const plan = structuredClone(plans[mode]);
            const key = plan.steps.find((s) => s.newState?.custom && nameOf(s.urn) === "profiles-key")!.newState!;
            key.inputs.enableKeyRotation = false;
            const report = await awsGuardCheck(plan);
            assert.ok(
                lines(report).includes(
                    "cmk-backing-key-rotation-enabled profiles-key: CMK does not have the key rotation setting enabled",
                ),
                lines(report).join("\n"),
            );
            assert.strictEqual(report.mandatoryCount, Object.keys(EXEMPTIONS).length + 1);
        });

        it(`${mode} mode: the logging exemptions fail when the contact-record bucket's logging is dropped`, () => {
            const plan = structuredClone(plans[mode]);
            plan.steps = plan.steps.filter((s) => s.newState?.type !== BUCKET_LOGGING);
            const state = (name: string) => plan.steps.find((s) => s.urn.endsWith(`:Bucket::${name}`))!.newState!;
            assert.throws(
                () =>
                    EXEMPTIONS["s3-bucket-logging-enabled sales-streaming-ctr-bucket"].holds(
                        plan,
                        state("sales-streaming-ctr-bucket"),
                    ),
                /no aws:s3\/bucketLogging:BucketLogging logs urn:.*::sales-streaming-ctr-bucket/,
            );
            assert.throws(
                () =>
                    EXEMPTIONS["s3-bucket-logging-enabled sales-streaming-ctr-logs"].holds(
                        plan,
                        state("sales-streaming-ctr-logs"),
                    ),
                /::sales-streaming-ctr-logs receives no access logs/,
            );
        });
    }

    it("refuses a plan with a resource whose AWSGuard rule would call AWS (no account, no network)", async () => {
        for (const type of NEEDS_AWS_ACCOUNT) {
            await assert.rejects(
                awsGuardCheck(planOf([one(type, "needs-aws", {})])),
                new RegExp(`^Error: AWSGuard's rule for ${type.replace(/[/:]/g, "\\$&")} calls the AWS API`),
            );
        }
    });

    describe("a purpose-built insecure plan (@pulumi/aws 7 shapes)", () => {
        // One insecure resource per AWSGuard rule, each shaped as @pulumi/aws 7 declares it.
        const insecure = planOf([
            one("aws:kms/key:Key", "key-no-rotation", { enableKeyRotation: false }),
            one("aws:s3/bucket:Bucket", "bucket-unencrypted-unlogged", { bucket: "unlogged" }),
            // v7's (deprecated) inline logging block: AWSGuard reads v4's `loggings` list and cannot see it.
            one("aws:s3/bucket:Bucket", "bucket-inline-logging", {
                bucket: "inline-logged",
                logging: { targetBucket: "logs", targetPrefix: "inline-logged/" },
            }),
            // v7's separate logging resource: AWSGuard has no rule that reads it.
            one("aws:s3/bucket:Bucket", "bucket-logged-by-resource", { bucket: "resource-logged" }),
            one("aws:s3/bucketLogging:BucketLogging", "bucket-logged-by-resource-logging", {
                bucket: "resource-logged",
                targetBucket: "logs",
                targetPrefix: "resource-logged/",
            }),
            one("aws:dynamodb/table:Table", "table-unencrypted", { hashKey: "id" }),
            one("aws:efs/fileSystem:FileSystem", "efs-unencrypted", {}),
            one("aws:rds/instance:Instance", "db-public", {
                publiclyAccessible: true,
                storageEncrypted: false,
                backupRetentionPeriod: 0,
                multiAz: false,
            }),
            one("aws:elasticsearch/domain:Domain", "search-open", { domainName: "open" }),
            one("aws:redshift/cluster:Cluster", "warehouse-public", {
                clusterIdentifier: "warehouse",
                nodeType: "ra3.xlplus",
                publiclyAccessible: true,
                encrypted: false,
                allowVersionUpgrade: false,
                automatedSnapshotRetentionPeriod: 0,
            }),
            one("aws:ec2/instance:Instance", "vm-public", {
                associatePublicIpAddress: true,
                monitoring: false,
                rootBlockDevice: { encrypted: false },
            }),
            one("aws:apigateway/restApi:RestApi", "api-regional", {
                name: "api",
                endpointConfiguration: { types: "REGIONAL" },
            }),
            one("aws:apigateway/stage:Stage", "stage-uncached", { stageName: "prod", cacheClusterEnabled: false }),
            one("aws:apigateway/methodSettings:MethodSettings", "method-uncached", {
                methodPath: "*/*",
                settings: { cachingEnabled: false, cacheDataEncrypted: false },
            }),
            // @pulumi/aws 7's load balancer types: AWSGuard checks only the v4-era module aliases.
            one("aws:lb/loadBalancer:LoadBalancer", "alb-unlogged", { enableDeletionProtection: false }),
            one("aws:alb/loadBalancer:LoadBalancer", "alb-alias-unlogged", { enableDeletionProtection: false }),
            one("aws:elb/loadBalancer:LoadBalancer", "classic-elb-unlogged", {}),
            one("aws:lb/listener:Listener", "listener-http", {
                protocol: "HTTP",
                defaultActions: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:tg" }],
            }),
        ]);

        it("fails, with exactly these findings", async () => {
            const report = await awsGuardCheck(insecure);
            assert.deepStrictEqual(lines(report), [...INSECURE_FINDINGS].sort());
            assert.strictEqual(report.mandatoryCount, INSECURE_FINDINGS.length);
        });

        it("cannot see the @pulumi/aws 7 load balancer and listener types, nor S3 logging declared the v7 way", async () => {
            const report = await awsGuardCheck(insecure);
            const flagged = new Set(report.violations.map((v) => v.resourceName));
            for (const blind of ["alb-unlogged", "alb-alias-unlogged", "classic-elb-unlogged", "listener-http"]) {
                assert.ok(!flagged.has(blind), `${blind} was flagged`);
            }
            // Logged buckets are flagged all the same: the rule reads a property v7 no longer has.
            assert.ok(flagged.has("bucket-inline-logging") && flagged.has("bucket-logged-by-resource"));
        });

        it("passes the same bucket when it carries AWSGuard's v4 `loggings` list (the rule is alive, only blind to v7)", async () => {
            const v4Shaped = planOf([
                one("aws:s3/bucket:Bucket", "bucket-v4-logging", {
                    bucket: "v4-logged",
                    loggings: [{ targetBucket: "logs", targetPrefix: "v4-logged/" }],
                }),
            ]);
            assert.deepStrictEqual(lines(await awsGuardCheck(v4Shaped)), []);
        });
    });
});

/** What AWSGuard 0.3.1 reports on the insecure plan above (its messages, verbatim). */
const INSECURE_FINDINGS = [
    "apigateway-endpoint-type api-regional: API Gateway 'api' must use a supported endpoint type [EDGE]. 'REGIONAL' is unsupported.",
    "apigateway-method-cached-and-encrypted method-uncached: API Gateway Method '*/*' must encrypt cached responses.",
    "apigateway-method-cached-and-encrypted method-uncached: API Gateway Method '*/*' must have caching enabled.",
    "apigateway-stage-cached stage-uncached: API Gateway Stage 'prod' must have a cache cluster enabled.",
    "cmk-backing-key-rotation-enabled key-no-rotation: CMK does not have the key rotation setting enabled",
    "ec2-instance-detailed-monitoring-enabled vm-public: EC2 instances must have detailed monitoring enabled.",
    "ec2-instance-no-public-ip vm-public: EC2 instance must not have a public IP.",
    "ec2-volume-inuse vm-public: EC2 instance must have an EBS volume attached.",
    "efs-encrypted efs-unencrypted: Amazon Elastic File System must have a KMS Key defined.",
    "elasticsearch-encrypted-at-rest search-open: Elasticsearch domain open must be encrypted at rest.",
    "elasticsearch-in-vpc-only search-open: Elasticsearch domain open must run within a VPC.",
    "encrypted-volumes vm-public: The EC2 instance root block device must be encrypted.",
    "rds-instance-backup-enabled db-public: RDS Instances must have backups enabled.",
    "rds-instance-multi-az-enabled db-public: RDS Instances must be configured with multiple AZs for highly available.",
    "rds-instance-public-access db-public: RDS Instance must not be publicly accessible.",
    "rds-storage-encrypted db-public: RDS Instance must have storage encryption enabled.",
    "redshift-cluster-configuration warehouse-public: Redshift cluster must be encrypted.",
    // v7's aws.redshift.Cluster has no `logging` input (logging is the separate aws.redshift.Logging):
    // this line is reported for every v7 cluster, logged or not.
    "redshift-cluster-configuration warehouse-public: Redshift cluster must have logging enabled.",
    "redshift-cluster-maintenance-settings warehouse-public: Redshift cluster must allow version upgrades.",
    "redshift-cluster-public-access warehouse-public: Redshift cluster must not be publicly accessible.",
    "s3-bucket-logging-enabled bucket-inline-logging: Bucket logging must be defined.",
    "s3-bucket-logging-enabled bucket-logged-by-resource: Bucket logging must be defined.",
    "s3-bucket-logging-enabled bucket-unencrypted-unlogged: Bucket logging must be defined.",
];
