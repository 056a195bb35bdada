// Identity policies (issue 12, class 4) held against the IAM simulator (@cloud-copilot/iam-simulate,
// AGPL, test-only), property-based with fast-check over generated statements:
// - iam-resources-named-where-known: when the pack passes a statement, the simulator denies every action
//   of it on resources of the stack's types that are not the stack's; when the pack flags one, the
//   simulator allows the outside ARN the finding names (no false alarm);
// - iam-pass-role-bound: when the pack passes a PassRole statement, the simulator denies passing the
//   stack's role to another service and passing another role;
// - iam-service-roles-no-resource-admin: when the pack passes a service role's statement, the simulator
//   denies each key and bucket administration action called directly (not through an AWS service).
// The resource's account is the principal's in every simulation, so that the identity policy alone decides
// (KMS also needs its key policy: the default one, delegating to IAM; AWS KMS Developer Guide, "Default
// key policy").
import * as assert from "assert";
import fc from "fast-check";
import { policyResource as resource } from "./helpers";
import { simulate } from "../support/simulator";
import { GrantOperation } from "@aws-sdk/client-kms";
import { resourcesNamedFindings } from "../../policies/iam-resources-named-where-known";
import { passRoleFindings } from "../../policies/iam-pass-role-bound";
import { KEY_USE_OPERATIONS, serviceRoleAdminFindings } from "../../policies/iam-service-roles-no-resource-admin";
import { awsManagedDocument, broadByName, broadReasons } from "../../policies/lib/managed";

const ACCOUNT = "123456789012";
const REGION = "eu-west-2";
const BUCKET = "sales-ctr-bucket-d9603a6";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/6ea125e5-38a6-c210-bb9e-13c57f38a870`;
const STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/connect-dev-support-ctr`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq-741f887`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/delivery-role-de1d4b3`;

const trust = (service: string) =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: service },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
        ],
    });

const STACK = [
    resource("aws:s3/bucket:Bucket", "bucket", { bucket: BUCKET, arn: BUCKET_ARN }),
    resource("aws:kms/key:Key", "key", { keyId: KEY_ARN.split("/")[1], arn: KEY_ARN }),
    resource("aws:kinesis/stream:Stream", "stream", { name: "connect-dev-support-ctr", arn: STREAM_ARN }),
    resource("aws:sqs/queue:Queue", "queue", { name: "profiles-dlq-741f887", arn: QUEUE_ARN }),
    resource("aws:iam/role:Role", "role", {
        name: "delivery-role-de1d4b3",
        arn: ROLE_ARN,
        assumeRolePolicy: trust("firehose.amazonaws.com"),
    }),
];

const DEFAULT_KEY_POLICY = {
    Version: "2012-10-17",
    Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
    ],
};

async function oracle(
    policy: unknown,
    action: string,
    resourceArn: string,
    context: Record<string, string | string[]> = {},
): Promise<string> {
    return simulate(
        {
            request: {
                principal: `arn:aws:sts::${ACCOUNT}:assumed-role/delivery-role-de1d4b3/session`,
                action,
                resource: { resource: resourceArn, accountId: ACCOUNT },
                contextVariables: context,
            },
            identityPolicies: [{ name: "role", policy }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: resourceArn.includes(":kms:") ? DEFAULT_KEY_POLICY : undefined,
        },
        {},
    );
}

const policyResource = (doc: unknown) => resource("aws:iam/policy:Policy", "p", { policy: JSON.stringify(doc) });

// ---------------------------------------------------------------------------------------------
// Resources named where the stack knows them
// ---------------------------------------------------------------------------------------------

/** Actions with the resource type their ARN pool targets. */
const TARGETS: { action: string; patterns: string[]; outside: string[] }[] = [
    {
        action: "s3:ListBucket",
        patterns: [BUCKET_ARN, "arn:aws:s3:::*", "arn:aws:s3:::sales-*", `${BUCKET_ARN}*`, `${BUCKET_ARN}/*`, "*"],
        outside: ["arn:aws:s3:::sales-ctr-bucket-d9603a6-other", "arn:aws:s3:::other-bucket", "arn:aws:s3:::sales-x"],
    },
    {
        action: "s3:GetObject",
        patterns: [`${BUCKET_ARN}/*`, `${BUCKET_ARN}/records/*`, "arn:aws:s3:::*/*", "arn:aws:s3:::sales-*/*", "*"],
        outside: ["arn:aws:s3:::other-bucket/a", `${BUCKET_ARN}-other/a`, "arn:aws:s3:::sales-x/a"],
    },
    {
        action: "kms:Decrypt",
        patterns: [
            KEY_ARN,
            `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`,
            KEY_ARN.replace(`${REGION}:${ACCOUNT}`, "*:*"),
            `arn:aws:kms:${REGION}:${ACCOUNT}:key/6ea125e5-*`,
            "arn:aws:kms:*",
            "*",
        ],
        outside: [
            `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`,
            `arn:aws:kms:${REGION}:${ACCOUNT}:key/6ea125e5-0000-0000-0000-000000000000`,
            KEY_ARN.replace(REGION, "us-east-1"),
        ],
    },
    {
        action: "kinesis:PutRecord",
        patterns: [
            STREAM_ARN,
            `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/*`,
            `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/connect-dev-*`,
            `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/connect-dev-support-ct?`,
        ],
        outside: [
            `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/connect-dev-sales-ctr`,
            `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/connect-dev-support-ctx`,
            `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/other`,
        ],
    },
    {
        action: "sqs:SendMessage",
        patterns: [QUEUE_ARN, `arn:aws:sqs:${REGION}:${ACCOUNT}:*`, `arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq-*`],
        outside: [`arn:aws:sqs:${REGION}:${ACCOUNT}:profiles-dlq-other`, `arn:aws:sqs:${REGION}:${ACCOUNT}:other`],
    },
];

const TAG_CONDITIONS: (Record<string, unknown> | undefined)[] = [
    undefined,
    { StringEquals: { "aws:ResourceTag/team": "contact-center" } },
    { StringNotEquals: { "aws:ResourceTag/team": "sandbox" } },
    { StringEqualsIfExists: { "aws:ResourceTag/team": "contact-center" } },
];

describe("oracle: identity policies against the IAM simulator", function () {
    this.timeout(240000);

    it("iam-resources-named-where-known: passed ⇒ outside resources denied; flagged ⇒ the named outside ARN allowed", async () => {
        let passed = 0;
        let flagged = 0;
        const statement = fc
            .record({
                target: fc.constantFrom(...TARGETS),
                picks: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 2 }),
                cond: fc.constantFrom(...TAG_CONDITIONS),
            })
            .map(({ target, picks, cond }) => ({
                target,
                cond,
                resources: [...new Set(picks.map((i) => target.patterns[i % target.patterns.length]))],
            }));
        await fc.assert(
            fc.asyncProperty(statement, async ({ target, cond, resources }) => {
                const doc = {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: target.action,
                            Resource: resources,
                            ...(cond ? { Condition: cond } : {}),
                        },
                    ],
                };
                const found = await resourcesNamedFindings([...STACK, policyResource(doc)]);
                if (found.violations.length === 0) {
                    passed++;
                    for (const arn of target.outside) {
                        // Without tags on the outside resource (a tag-scoped statement reaches only tagged ones).
                        const decision = await oracle(doc, target.action, arn);
                        assert.notStrictEqual(decision, "Allowed", `${arn} allowed by ${JSON.stringify(doc)}`);
                    }
                } else {
                    flagged++;
                    const example = /\(e\.g\. (\S+)\)/.exec(found.violations[0].message)![1];
                    const decision = await oracle(doc, target.action, example);
                    assert.strictEqual(
                        decision,
                        "Allowed",
                        `${found.violations[0].message}: the simulator denies ${example}`,
                    );
                }
            }),
            { numRuns: 150, seed: 20261130 },
        );
        assert.ok(passed > 10 && flagged > 10, `passed ${passed}, flagged ${flagged}`);
    });

    it("iam-pass-role-bound: passed ⇒ passing the role to another service, or another role, is denied", async () => {
        const resources = [
            ROLE_ARN,
            `arn:aws:iam::${ACCOUNT}:role/delivery-role-*`,
            `arn:aws:iam::${ACCOUNT}:role/*`,
            "*",
            `arn:aws:iam::${ACCOUNT}:role/other-team-*`,
        ];
        const conditions: (Record<string, unknown> | undefined)[] = [
            undefined,
            { StringEquals: { "iam:PassedToService": "firehose.amazonaws.com" } },
            { StringEquals: { "iam:PassedToService": ["firehose.amazonaws.com", "ec2.amazonaws.com"] } },
            { StringLike: { "iam:PassedToService": "*.amazonaws.com" } },
            { StringNotEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
            { StringEqualsIfExists: { "iam:PassedToService": "firehose.amazonaws.com" } },
            { Null: { "iam:PassedToService": "false" } },
            { "ForAnyValue:StringEquals": { "iam:PassedToService": "firehose.amazonaws.com" } },
        ];
        let passed = 0;
        await fc.assert(
            fc.asyncProperty(
                fc.uniqueArray(fc.constantFrom(...resources), { minLength: 1, maxLength: 2 }),
                fc.constantFrom(...conditions),
                async (res, cond) => {
                    const doc = {
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Action: "iam:PassRole",
                                Resource: res,
                                ...(cond ? { Condition: cond } : {}),
                            },
                        ],
                    };
                    const found = passRoleFindings([...STACK, policyResource(doc)]);
                    if (found.violations.length > 0 || found.unjudged.length > 0) {
                        return;
                    }
                    passed++;
                    for (const [arn, service] of [
                        [ROLE_ARN, "ec2.amazonaws.com"],
                        [ROLE_ARN, "lambda.amazonaws.com"],
                        [`arn:aws:iam::${ACCOUNT}:role/Admin`, "firehose.amazonaws.com"],
                        [`arn:aws:iam::${ACCOUNT}:role/delivery-role-de1d4b3-other`, "firehose.amazonaws.com"],
                    ]) {
                        const decision = await oracle(doc, "iam:PassRole", arn, { "iam:PassedToService": service });
                        assert.notStrictEqual(
                            decision,
                            "Allowed",
                            `${arn} to ${service} allowed by ${JSON.stringify(doc)}`,
                        );
                    }
                },
            ),
            { numRuns: 120, seed: 20261130 },
        );
        assert.ok(passed > 0, "no generated statement passed");
    });

    it("iam-service-roles-no-resource-admin: passed ⇒ key and bucket administration called directly is denied", async () => {
        const admin: [string, string][] = [
            ["kms:PutKeyPolicy", KEY_ARN],
            ["kms:ScheduleKeyDeletion", KEY_ARN],
            ["kms:DisableKey", KEY_ARN],
            ["kms:CreateGrant", KEY_ARN],
            ["s3:PutBucketPolicy", BUCKET_ARN],
            ["s3:DeleteBucket", BUCKET_ARN],
            ["s3:PutBucketAcl", BUCKET_ARN],
        ];
        const actions = [
            ...admin.map(([a]) => a),
            "kms:Decrypt",
            "kms:GenerateDataKey",
            "kms:Create*",
            "kms:*Grant",
            "s3:PutBucket*",
            "s3:GetBucketVersioning",
            "s3:ListBucket",
            "s3:PutObject",
        ];
        const conditions: (Record<string, unknown> | undefined)[] = [
            undefined,
            { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } },
            { StringEqualsIfExists: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } },
            { Bool: { "kms:GrantIsForAWSResource": "true" } },
            { StringNotEquals: { "kms:ViaService": `ec2.${REGION}.amazonaws.com` } },
        ];
        let passed = 0;
        await fc.assert(
            fc.asyncProperty(
                fc.uniqueArray(fc.constantFrom(...actions), { minLength: 1, maxLength: 3 }),
                fc.uniqueArray(fc.constantFrom(KEY_ARN, BUCKET_ARN, `${BUCKET_ARN}/*`, "*"), {
                    minLength: 1,
                    maxLength: 2,
                }),
                fc.constantFrom(...conditions),
                async (acts, res, cond) => {
                    const doc = {
                        Version: "2012-10-17",
                        Statement: [
                            { Effect: "Allow", Action: acts, Resource: res, ...(cond ? { Condition: cond } : {}) },
                        ],
                    };
                    const role = resource("aws:iam/role:Role", "role", {
                        name: "delivery-role-de1d4b3",
                        arn: ROLE_ARN,
                        assumeRolePolicy: trust("firehose.amazonaws.com"),
                        inlinePolicies: [{ name: "p", policy: JSON.stringify(doc) }],
                    });
                    const found = await serviceRoleAdminFindings([...STACK.filter((r) => r.name !== "role"), role]);
                    if (found.violations.length > 0) {
                        return;
                    }
                    passed++;
                    for (const [action, arn] of admin) {
                        const decision = await oracle(doc, action, arn, { "kms:GrantIsForAWSResource": "false" });
                        assert.notStrictEqual(
                            decision,
                            "Allowed",
                            `${action} on ${arn} allowed by ${JSON.stringify(doc)}`,
                        );
                    }
                },
            ),
            { numRuns: 120, seed: 20261130 },
        );
        assert.ok(passed > 0, "no generated statement passed");
    });

    it("key-use operations are the KMS grant operations (AWS SDK v3 GrantOperation) but CreateGrant, RetireGrant, DescribeKey, GetPublicKey", () => {
        const sdk = Object.values(GrantOperation).filter(
            (o) => !["CreateGrant", "RetireGrant", "DescribeKey", "GetPublicKey"].includes(o),
        );
        assert.deepStrictEqual([...KEY_USE_OPERATIONS].sort(), [...sdk].sort());
    });

    it("managed policies judged by what they allow: full-access and admin policies broad, narrow ones not", async () => {
        const aws = (n: string) => `arn:aws:iam::aws:policy/${n}`;
        for (const n of ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AmazonS3FullAccess"]) {
            const doc = awsManagedDocument(aws(n));
            assert.ok(doc, `${n} is in the data`);
            assert.ok((await broadReasons(doc)).length > 0, `${n} judged narrow`);
        }
        for (const n of ["service-role/AWSLambdaBasicExecutionRole", "AmazonS3ReadOnlyAccess"]) {
            const doc = awsManagedDocument(aws(n));
            assert.ok(doc, `${n} is in the data`);
            assert.deepStrictEqual(await broadReasons(doc), [], `${n} judged broad`);
        }
        // A path that does not match the data's ARN is not taken for the policy of the same name.
        assert.strictEqual(awsManagedDocument(aws("job-function/AdministratorAccess")), undefined);
        assert.ok(broadByName(aws("NewServiceFullAccess")) && !broadByName(aws("NewServiceReadOnlyAccess")));
    });
});
