// Every policy-bearing type of the installed @pulumi/aws and @pulumi/aws-native is read by the pack or
// listed out of scope with its reason (policies/lib/policy-types.ts); and the newly read types are judged
// (issue 22: Secrets Manager, imported-material and replica keys, log resource policies, aws-native IAM
// users and groups, S3 access points), each edit failing on the old pack.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    EXPLICIT_GRANT_PROPS,
    NOT_POLICY_NAMES,
    READ_NOT_INSTALLED,
    OUT_OF_SCOPE,
    POLICY_PROPERTY_PATTERN,
    PRINCIPAL_TYPES,
    READ_TYPES,
} from "../../policies/lib/policy-types";
import { PRINCIPAL_PROPS } from "../../policies/other-accounts";
import { linesFor, one, rootKeyAdmin, run } from "./helpers";

/** A property that may hold a policy or a principal: by pattern, less the names listed as not IAM. */
const isPolicyName = (type: string, name: string) =>
    !(name in NOT_POLICY_NAMES) &&
    (POLICY_PROPERTY_PATTERN.test(name) || (name === "content" && /organizations/i.test(type)));

/** Every resource type of the installed @pulumi/aws and @pulumi/aws-native (each resource's `__pulumiType`). */
const ALL_TYPES = new Set<string>();

/** type → policy properties, from each resource's `__pulumiType` and its `…Args` interface. */
function policyBearingTypes(): Map<string, string[]> {
    const found = new Map<string, string[]>();
    for (const pkg of ["aws", "aws-native"]) {
        const root = path.join(__dirname, "..", "..", "node_modules", "@pulumi", pkg);
        const walk = (dir: string) => {
            for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
                const p = path.join(dir, f.name);
                if (f.isDirectory()) {
                    if (f.name !== "types" && f.name !== "node_modules") walk(p);
                    continue;
                }
                if (!f.name.endsWith(".js")) continue;
                const m = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(p, "utf8"));
                const dts = p.replace(/\.js$/, ".d.ts");
                if (m) ALL_TYPES.add(m[1]);
                if (!m || !fs.existsSync(dts)) continue;
                const args = /export interface \w+Args \{([\s\S]*?)\n\}/.exec(fs.readFileSync(dts, "utf8"));
                const explicit = (EXPLICIT_GRANT_PROPS[m[1]] ?? []).map((p) => p.split(".")[0]);
                const props = [...(args?.[1] ?? "").matchAll(/^ {4}(\w+)\??:(.*)$/gm)]
                    .filter(
                        ([, name, type]) =>
                            isPolicyName(m[1], name) ||
                            explicit.includes(name) ||
                            (name === "policies" && /iam\.\w*PolicyArgs/.test(type)),
                    )
                    .map(([, name]) => name);
                if (props.length > 0) found.set(m[1], props);
            }
        };
        walk(root);
    }
    return found;
}

describe("policy-bearing types: read or out of scope, in one table", function () {
    const types = policyBearingTypes();

    it(`finds the policy-bearing types of both providers (${types.size})`, () => {
        assert.ok(types.size > 100, `only ${types.size}`);
        assert.ok(types.has("aws:secretsmanager/secretPolicy:SecretPolicy"));
        assert.ok(types.has("aws-native:iam:User"), "aws-native IAM users (inline `policies`)");
        // A RAM customer managed permission's `policyTemplate` (issue 22): found by the pattern, in both providers.
        assert.deepStrictEqual(types.get("aws:ram/permission:Permission"), ["policyTemplate"]);
        assert.deepStrictEqual(types.get("aws-native:ram:Permission"), ["policyTemplate"]);
    });

    it("every excluded property name is still in a provider's schema (no stale exclusion)", () => {
        const names = new Set([...types.values()].flat());
        assert.ok(names.has("resourcePolicyDocument") && names.has("permissionsPolicyDocument"));
    });

    it("every one is read by the pack or listed out of scope with a reason", () => {
        const neither = [...types.keys()].filter((t) => !READ_TYPES.includes(t) && !(t in OUT_OF_SCOPE));
        assert.deepStrictEqual(neither, []);
    });

    it("no type is both read and out of scope; every out-of-scope entry names a type that exists", () => {
        assert.deepStrictEqual(
            Object.keys(OUT_OF_SCOPE).filter((t) => READ_TYPES.includes(t)),
            [],
        );
        assert.deepStrictEqual(
            Object.keys(OUT_OF_SCOPE).filter((t) => !types.has(t)),
            [],
        );
    });

    // Review M4: a listed type that no provider defines (`aws:ebs/snapshotCreateVolumePermission`) guards
    // nothing, and a fixture using the same fake name passes with it.
    it("every type the table reads or lists out of scope is a real type of the installed providers", () => {
        assert.ok(ALL_TYPES.has("aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission"));
        const listed = [
            ...READ_TYPES,
            ...PRINCIPAL_TYPES,
            ...Object.keys(OUT_OF_SCOPE),
            ...Object.keys(PRINCIPAL_PROPS),
        ];
        assert.deepStrictEqual(
            [...new Set(listed)].filter((t) => !ALL_TYPES.has(t)),
            Object.keys(READ_NOT_INSTALLED),
        );
    });

    it("every explicitly listed grant property is still an input of its type, and read", () => {
        for (const [type, props] of Object.entries(EXPLICIT_GRANT_PROPS)) {
            assert.deepStrictEqual(
                props.map((p) => p.split(".")[0]).filter((p) => !(types.get(type) ?? []).includes(p)),
                [],
                type,
            );
            assert.ok(PRINCIPAL_TYPES.includes(type), type);
        }
        // The widened pattern finds the sharing grants named after their account.
        assert.deepStrictEqual(types.get("aws:rds/snapshot:Snapshot"), ["sharedAccounts"]);
        assert.deepStrictEqual(types.get("aws:redshift/endpointAuthorization:EndpointAuthorization"), ["account"]);
        assert.deepStrictEqual(types.get("aws-native:connect:DataLakeAssociation"), ["targetAccountId"]);
    });

    it("the principal types are other-accounts' own list", () => {
        assert.deepStrictEqual([...PRINCIPAL_TYPES].sort(), Object.keys(PRINCIPAL_PROPS).sort());
    });
});

describe("newly read types are judged", function () {
    const A = "111122223333";
    const O = "444455556666";
    const grantOther = (Resource = "*") => ({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Other",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${O}:root` },
                Action: "secretsmanager:GetSecretValue",
                Resource,
            },
        ],
    });
    const anchor = one("aws:sqs/queue:Queue", "own", {
        arn: `arn:aws:sqs:eu-west-2:${A}:q`,
        kmsMasterKeyId: `arn:aws:kms:eu-west-2:${A}:key/k`,
        url: `https://sqs.eu-west-2.amazonaws.com/${A}/q`,
    });
    const msg = (prop: string) =>
        `${prop}: statement 0 ("Other"): grants "arn:aws:iam::${O}:root" of account ${O}, which is not this stack's account ${A} and not in trustedAccounts`;
    const cases: [string, string, Record<string, unknown>, string][] = [
        [
            "aws:secretsmanager/secretPolicy:SecretPolicy",
            "sp",
            { secretArn: "s", policy: JSON.stringify(grantOther()) },
            "policy",
        ],
        [
            "aws-native:secretsmanager:ResourcePolicy",
            "rp",
            { secretId: "s", resourcePolicy: grantOther() },
            "resourcePolicy",
        ],
        [
            "aws:kms/externalKey:ExternalKey",
            "xk",
            {
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [rootKeyAdmin(A), { ...grantOther().Statement[0], Action: "kms:Decrypt" }],
                }),
            },
            "policy",
        ],
        [
            "aws-native:kms:ReplicaKey",
            "rk",
            { primaryKeyArn: `arn:aws:kms:eu-west-1:${A}:key/mrk-1`, keyPolicy: grantOther() },
            "keyPolicy",
        ],
        [
            "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
            "lp",
            { policyName: "p", policyDocument: JSON.stringify(grantOther()) },
            "policyDocument",
        ],
        [
            "aws-native:logs:ResourcePolicy",
            "nlp",
            { policyName: "p", policyDocument: JSON.stringify(grantOther()) },
            "policyDocument",
        ],
        [
            "aws:s3control/accessPointPolicy:AccessPointPolicy",
            "ap",
            { accessPointArn: "a", policy: JSON.stringify(grantOther()) },
            "policy",
        ],
        ["aws-native:s3:AccessPoint", "nap", { bucket: "b", policy: grantOther() }, "policy"],
        // Found by the pattern derivation (issue 22 review).
        ["aws-native:logs:LogGroup", "nlg", { resourcePolicyDocument: grantOther() }, "resourcePolicyDocument"],
        [
            "aws-native:logs:Destination",
            "nld",
            { destinationName: "d", roleArn: "r", targetArn: "t", destinationPolicy: JSON.stringify(grantOther()) },
            "destinationPolicy",
        ],
        [
            "aws:cloudwatch/logDeliveryDestinationPolicy:LogDeliveryDestinationPolicy",
            "ldp",
            { deliveryDestinationName: "d", deliveryDestinationPolicy: JSON.stringify(grantOther()) },
            "deliveryDestinationPolicy",
        ],
        [
            "aws-native:codeartifact:Domain",
            "cad",
            { domainName: "d", permissionsPolicyDocument: grantOther() },
            "permissionsPolicyDocument",
        ],
        [
            "aws-native:codeartifact:Repository",
            "car",
            { domainName: "d", repositoryName: "r", permissionsPolicyDocument: grantOther() },
            "permissionsPolicyDocument",
        ],
        [
            "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
            "rct",
            { prefix: "p", appliedFors: ["PULL_THROUGH_CACHE"], repositoryPolicy: JSON.stringify(grantOther()) },
            "repositoryPolicy",
        ],
        ["aws-native:ecr:Repository", "ner", { repositoryPolicyText: grantOther() }, "repositoryPolicyText"],
        [
            "aws:organizations/resourcePolicy:ResourcePolicy",
            "orp",
            { content: JSON.stringify(grantOther()) },
            "content",
        ],
        ["aws-native:efs:FileSystem", "efs", { fileSystemPolicy: grantOther() }, "fileSystemPolicy"],
    ];
    for (const [type, name, inputs, prop] of cases) {
        it(`${type}: a principal of another account is an other-accounts violation`, async () => {
            const lines = linesFor(await run([anchor, one(type, name, inputs)]), "other-accounts");
            const statement =
                type === "aws:kms/externalKey:ExternalKey"
                    ? msg(prop).replace("statement 0", "statement 1")
                    : msg(prop);
            assert.deepStrictEqual(lines, [`${name}: ${statement}`]);
        });
    }

    const principalCases: [string, string, Record<string, unknown>, string, string][] = [
        [
            "aws:lambda/layerVersionPermission:LayerVersionPermission",
            "lvp",
            { layerName: "l", versionNumber: 1, statementId: "s", action: "lambda:GetLayerVersion", principal: O },
            "principal",
            O,
        ],
        [
            "aws:signer/signingProfilePermission:SigningProfilePermission",
            "spp",
            { profileName: "p", action: "signer:StartSigningJob", principal: O },
            "principal",
            O,
        ],
        [
            "aws:ec2/vpcEndpointService:VpcEndpointService",
            "ves",
            { acceptanceRequired: true, allowedPrincipals: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${O}:root`] },
            "allowedPrincipals",
            `arn:aws:iam::${O}:root`,
        ],
        [
            "aws:ram/principalAssociation:PrincipalAssociation",
            "rpa",
            { resourceShareArn: `arn:aws:ram:eu-west-2:${A}:resource-share/x`, principal: O },
            "principal",
            O,
        ],
        ["aws-native:ram:ResourceShare", "nrs", { name: "s", principals: [O] }, "principals", O],
        ["aws:ec2/amiLaunchPermission:AmiLaunchPermission", "alp", { imageId: "ami-1", accountId: O }, "accountId", O],
        [
            "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission",
            "scv",
            { snapshotId: "snap-1", accountId: O },
            "accountId",
            O,
        ],
        // Review M4: sharing grants named outside the old pattern.
        ["aws:rds/snapshot:Snapshot", "rs", { dbInstanceIdentifier: "db", sharedAccounts: [O] }, "sharedAccounts", O],
        [
            "aws:rds/clusterSnapshot:ClusterSnapshot",
            "rcs",
            { dbClusterIdentifier: "c", sharedAccounts: [A, O] },
            "sharedAccounts",
            O,
        ],
        [
            "aws:redshift/endpointAuthorization:EndpointAuthorization",
            "rea",
            { clusterIdentifier: "c", account: O },
            "account",
            O,
        ],
        ["aws-native:redshift:EndpointAuthorization", "nrea", { clusterIdentifier: "c", account: O }, "account", O],
        [
            "aws:opensearch/authorizeVpcEndpointAccess:AuthorizeVpcEndpointAccess",
            "ova",
            { domainName: "d", account: O },
            "account",
            O,
        ],
        [
            "aws-native:connect:DataLakeAssociation",
            "dla",
            { instanceArn: `arn:aws:connect:eu-west-2:${A}:instance/i`, targetAccountId: O },
            "targetAccountId",
            O,
        ],
        [
            "aws:cfg/aggregateAuthorization:AggregateAuthorization",
            "aa",
            { accountId: O, authorizedAwsRegion: "eu-west-2" },
            "accountId",
            O,
        ],
        [
            "aws:ssm/document:Document",
            "doc",
            { name: "d", documentType: "Command", permissions: { type: "Share", accountIds: `${A},${O}` } },
            "permissions.accountIds",
            O,
        ],
    ];
    for (const [type, name, inputs, prop, value] of principalCases) {
        it(`${type}: ${prop} of another account is an other-accounts violation`, async () => {
            const lines = linesFor(await run([anchor, one(type, name, inputs)]), "other-accounts");
            assert.deepStrictEqual(lines, [
                `${name}: ${prop} "${value}" is in account ${O}, which is not this stack's account ${A} and not in trustedAccounts`,
            ]);
        });
    }

    it('an RDS snapshot or SSM document shared with "all" is public: an other-accounts violation', async () => {
        const lines = linesFor(
            await run([
                anchor,
                one("aws:rds/snapshot:Snapshot", "rs", { dbInstanceIdentifier: "db", sharedAccounts: ["all"] }),
                one("aws:ssm/document:Document", "doc", {
                    name: "d",
                    documentType: "Command",
                    permissions: { type: "Share", accountIds: "All" },
                }),
                one("aws:rds/clusterSnapshot:ClusterSnapshot", "own", {
                    dbClusterIdentifier: "c",
                    sharedAccounts: [A],
                }),
            ]),
            "other-accounts",
        );
        assert.deepStrictEqual(lines, [
            'rs: sharedAccounts is "all" (public: every account)',
            'doc: permissions.accountIds is "All" (public: every account)',
        ]);
    });

    it("a Lambda function URL with auth type NONE (classic and aws-native) is public: an other-accounts violation", async () => {
        const lines = linesFor(
            await run([
                anchor,
                one("aws:lambda/functionUrl:FunctionUrl", "url", { functionName: "f", authorizationType: "NONE" }),
                one("aws-native:lambda:Url", "nurl", { targetFunctionArn: "f", authType: "NONE" }),
                one("aws:lambda/functionUrl:FunctionUrl", "iam-url", {
                    functionName: "f",
                    authorizationType: "AWS_IAM",
                }),
            ]),
            "other-accounts",
        );
        assert.deepStrictEqual(lines, [
            'url: authorizationType is "NONE": anyone on the internet may invoke the function (every account); use AWS_IAM',
            'nurl: authType is "NONE": anyone on the internet may invoke the function (every account); use AWS_IAM',
        ]);
    });

    it("aws-native:iam:User inline policies are identity policies (a * action is caught)", async () => {
        const lines = linesFor(
            await run([
                anchor,
                one("aws-native:iam:User", "u", {
                    policies: [
                        {
                            policyName: "p",
                            policyDocument: {
                                Version: "2012-10-17",
                                Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
                            },
                        },
                    ],
                }),
            ]),
            "iam-no-wildcard-actions",
        );
        assert.strictEqual(lines.length, 1, lines.join("\n"));
        assert.match(lines[0], /^u: policies\[0\]\.policyDocument: /);
    });
});
