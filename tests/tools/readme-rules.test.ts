// The rule table ("Rules at a glance" in docs/policy-pack.md, which the README links; it moved there so that
// the README reads at 120 columns) is the front door's promise about the pack: every policy the pack
// registers (policies/pack.ts) is named in it exactly once, and it names no policy the pack does not have.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policies/pack";

const ROOT = path.join(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "docs", "policy-pack.md"), "utf8");
const SECTION = /^## Rules at a glance$/m;

/** The rule names in the first column of the README's "Policy pack rules" table. */
function readmeRules(): string[] {
    const section = README.split(SECTION)[1]?.split(/^## /m)[0];
    assert.ok(section, 'docs/policy-pack.md has a "## Rules at a glance" section');
    return section
        .split("\n")
        .filter((l) => l.startsWith("| `"))
        .flatMap((l) => [...l.split("|")[1].matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]));
}

describe("the policy pack's rule table (docs/policy-pack.md, linked from the README)", () => {
    it("names every policy of the pack exactly once, and nothing else", () => {
        const named = readmeRules();
        const dupes = named.filter((n, i) => named.indexOf(n) !== i);
        assert.deepStrictEqual(dupes, [], "named twice");
        assert.deepStrictEqual([...named].sort(), policies.map((p) => p.name).sort());
    });

    it("every row says what the rule prevents and what it cannot see", () => {
        const section = README.split(SECTION)[1].split(/^## /m)[0];
        for (const row of section.split("\n").filter((l) => l.startsWith("| `"))) {
            const cells = row
                .split("|")
                .slice(1, -1)
                .map((c) => c.trim());
            assert.strictEqual(cells.length, 3, row);
            assert.ok(cells[1].length > 10, `prevents: ${row}`);
            assert.ok(cells[2].length > 0, `cannot see: ${row}`);
        }
    });

    it("the README links it", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        assert.ok(readme.includes("(docs/policy-pack.md#rules-at-a-glance)"));
    });
});
