// A fresh clone with nothing beside it must build, test, plan and run CI: no code, test, tool,
// workflow or configuration file reaches for the folder beside the repository.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const OUTSIDE = ["..", "shared"].join("/"); // spelt in two parts so this file does not match itself

describe("self-contained repository", () => {
    it("no tracked file other than documentation refers to the folder beside the repository", () => {
        const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
            cwd: ROOT,
            encoding: "utf8",
        })
            .split("\0")
            // .ci/run belongs to the harness that runs this repository's CI and is not edited here.
            .filter((f) => f && !f.endsWith(".md") && !f.startsWith(".ci/") && fs.existsSync(path.join(ROOT, f)));
        assert.ok(files.length > 50, `only ${files.length} files listed`);
        const offenders = files.filter((f) => fs.readFileSync(path.join(ROOT, f), "utf8").includes(OUTSIDE));
        assert.deepStrictEqual(offenders, []);
    });
});
