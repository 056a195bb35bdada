// The front door reads at 120 columns (rows of its tables once ran to ~600 characters), stays under
// 350 lines, and the files the project files point a reader to exist (Pulumi.yaml once named
// components/config.ts, which is components/config/index.ts).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

describe("the README and the project files a new user reads first", () => {
    it("the README has no line over 120 characters and fewer than 350 lines", () => {
        const lines = read("README.md").split("\n");
        const wide = lines.map((l, i) => ({ n: i + 1, len: [...l].length })).filter((l) => l.len > 120);
        assert.deepEqual(wide, [], "README lines over 120 characters: move wide tables to docs/ or reshape them");
        assert.ok(lines.length < 350, `${lines.length} lines`);
    });

    it("every repository file Pulumi.yaml, Pulumi.dev.yaml and the README name exists", () => {
        for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "README.md"]) {
            const named = [
                ...read(f).matchAll(/(?<![\w/.-])((?:components|docs|tools|tests|policies|examples)\/[\w./-]*\w)/g),
            ].map((m) => m[1]);
            assert.ok(named.length > 0 || f !== "README.md", f);
            for (const p of named)
                assert.ok(fs.existsSync(path.join(ROOT, p)), `${f} names ${p}, which does not exist`);
        }
    });
});

describe("npm test", () => {
    it("says what it does before the silent type-check", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const script: string = require("../../package.json").scripts.test;
        const steps = script.split("&&").map((s) => s.trim());
        assert.ok(steps.indexOf("npm run typecheck") > 0, script);
        const first = steps[0];
        assert.match(first, /^node -e /);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const out = require("child_process").execSync(first, { encoding: "utf8" });
        assert.match(out, /^npm test: type-checking first \(tsc --noEmit, about 45 s/);
    });
});
