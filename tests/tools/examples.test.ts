// The README's and docs' examples leave the tree clean: every file they tell `npm run plan`, `policy`,
// `diff` or `bench` to write is ignored by git and by prettier, and every file they read with
// --policy-config exists in the repository and is accepted by the policy pack.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as prettier from "prettier";
import { checkPlan, readPolicyConfig } from "../../tools/lib/analyzer";

const ROOT = path.resolve(__dirname, "..", "..");
const DOCS = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => path.join("docs", f))].filter((f) =>
    f.endsWith(".md"),
);

/** Every `npm run …` command line in a document: fenced shell blocks and inline code. */
function commands(text: string): string[] {
    const found: string[] = [];
    for (const block of text.matchAll(/```(?:bash|sh|shell)?\n([\s\S]*?)```/g))
        for (const line of block[1].split("\n")) if (line.includes("npm run ")) found.push(line.replace(/#.*$/, ""));
    for (const inline of text.replace(/```[\s\S]*?```/g, "").matchAll(/`([^`\n]*npm run [^`\n]*)`/g))
        found.push(inline[1]);
    return found;
}

/** Paths following one of the flags in a command line (placeholders in capitals are skipped). */
function pathsAfter(command: string, flags: string[]): string[] {
    const words = command.split(/\s+/);
    return words
        .flatMap((w, i) => (flags.includes(w) ? [words[i + 1]] : []))
        .filter((p): p is string => !!p && p !== "-" && !/^[A-Z_]+$/.test(p) && !p.startsWith("$"));
}

const gitIgnored = (file: string) => {
    try {
        execFileSync("git", ["check-ignore", "-q", "--no-index", file], { cwd: ROOT });
        return true;
    } catch {
        return false;
    }
};

describe("examples in the README and docs", () => {
    const all = DOCS.flatMap((doc) =>
        commands(fs.readFileSync(path.join(ROOT, doc), "utf8")).map((command) => ({ doc, command })),
    );

    it("are found (the README shows how to write a plan with a policy configuration)", () => {
        assert.ok(
            all.some(
                (c) =>
                    c.doc === "README.md" &&
                    c.command.includes("--json dev.plan.json --policy-config examples/policy-config.json"),
            ),
            JSON.stringify(all),
        );
    });

    it("write only files that git and prettier ignore", async () => {
        const written = all.flatMap(({ doc, command }) =>
            pathsAfter(command, ["--json", "--markdown"]).map((file) => ({ doc, file })),
        );
        assert.ok(written.length >= 3, JSON.stringify(written));
        const dirty: string[] = [];
        for (const { doc, file } of written) {
            const info = await prettier.getFileInfo(path.join(ROOT, file), {
                ignorePath: path.join(ROOT, ".prettierignore"),
            });
            if (!gitIgnored(file)) dirty.push(`${doc}: ${file} is not ignored by git`);
            if (!info.ignored) dirty.push(`${doc}: ${file} is not ignored by prettier`);
        }
        assert.deepStrictEqual(dirty, []);
    });

    it("read policy configurations that exist and that the policy pack accepts", async () => {
        const read = all.flatMap(({ doc, command }) =>
            pathsAfter(command, ["--policy-config", "--policy-pack-config"]).map((file) => ({ doc, file })),
        );
        assert.ok(read.length >= 1, JSON.stringify(read));
        for (const { doc, file } of read) {
            assert.ok(fs.existsSync(path.join(ROOT, file)), `${doc}: ${file} does not exist`);
            // Resolved against the pack's policies and their config schemas, as the engine does.
            const report = await checkPlan(
                { steps: [], changeSummary: {} },
                { policyConfig: readPolicyConfig(path.join(ROOT, file)) },
            );
            assert.strictEqual(report.mandatoryCount, 0, `${doc}: ${file}`);
        }
    });
});
