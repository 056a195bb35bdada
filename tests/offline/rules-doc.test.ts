// docs/offline-plan.md lists every rule of the mock cloud (tools/lib/mock-cloud-rules.ts) by its id, with
// what it refuses and its AWS source: a rule added without a row, or a row left for a rule that is gone,
// fails here.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { RULES } from "../../tools/lib/mock-cloud-rules";

const DOC = path.resolve(__dirname, "..", "..", "docs", "offline-plan.md");

/** A family of generated rules has one row: `enum NAME`, `named-replacement TYPE`. */
const rowId = (id: string) =>
    id.replace(/^enum .*/, "enum NAME").replace(/^named-replacement .*/, "named-replacement TYPE");

describe("docs/offline-plan.md: the mock cloud's rules", () => {
    it("has one row per rule (or family of rules), each with what it refuses and its AWS source", () => {
        const text = fs.readFileSync(DOC, "utf8");
        const table = text.slice(text.indexOf("| rule (id)"));
        const rows = table
            .slice(0, table.indexOf("\n\n"))
            .split("\n")
            .map((l) => /^\| `([^`]+)` +\| (.+?) +\| (.+?) +\|$/.exec(l))
            .filter((m): m is RegExpExecArray => m !== null);
        const documented = rows.map((m) => m[1]);
        const expected = [...new Set(RULES.map((r) => rowId(r.id)))];
        assert.deepStrictEqual([...documented].sort(), [...expected].sort());
        assert.strictEqual(new Set(documented).size, documented.length, "a rule listed twice");
        for (const m of rows) {
            assert.ok(m[2].length > 10, `${m[1]}: what it refuses`);
            assert.ok(m[3].length > 10, `${m[1]}: its AWS source`);
        }
    });
});
