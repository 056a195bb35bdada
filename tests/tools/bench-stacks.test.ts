// The benchmark's `plan --all` scenario runs over stacks generated from the dev stack: they must be
// stacks `plan --all` accepts, or the benchmark stops at that row (it did once the cross-stack check
// landed: ten copies of the dev stack claimed one domain and one Connect instance).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "js-yaml";
import { generateStacks } from "../../tools/bench";
import { crossStackConflicts } from "../../tools/lib/cross-stack";

describe("npm run bench: the generated stacks for plan --all", () => {
    it("claim no domain or Connect instance another one claims, and differ from the dev stack only in tag, domain and instances", () => {
        const dir = generateStacks(3);
        try {
            const files = fs.readdirSync(dir).sort();
            assert.deepStrictEqual(files, ["Pulumi.bench-01.yaml", "Pulumi.bench-02.yaml", "Pulumi.bench-03.yaml"]);
            const stacks = files.map((f) => ({
                stack: f.replace(/^Pulumi\.|\.yaml$/g, ""),
                config: (YAML.load(fs.readFileSync(path.join(dir, f), "utf8")) as { config: Record<string, unknown> })
                    .config,
            }));
            assert.deepStrictEqual(crossStackConflicts(stacks), []);
            const k = (s: string) => `connect-customer-profiles:${s}`;
            const two = stacks[1].config;
            assert.strictEqual(two[k("domainName")], "amazon-connect-examplecorp-dev-bench-2");
            assert.deepStrictEqual(
                (two[k("connectInstances")] as Record<string, unknown>[]).map((c) => c.alias ?? c.arn),
                [
                    "examplecorp-support-dev-b2",
                    "arn:aws:connect:eu-west-2:123456789012:instance/4f6c3a2e-8b1d-4c7e-9a0f-000000000002",
                ],
            );
            const dev = (
                YAML.load(fs.readFileSync(path.resolve(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8")) as {
                    config: Record<string, unknown>;
                }
            ).config;
            const keys = [...new Set([...Object.keys(dev), ...Object.keys(two)])];
            const changed = keys.filter((key) => JSON.stringify(dev[key]) !== JSON.stringify(two[key]));
            assert.deepStrictEqual(changed.sort(), [k("connectInstances"), k("domainName"), k("tags")]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
