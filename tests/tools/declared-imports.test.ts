// Every package the code imports is one its package.json declares (issue 23): a package that is only
// there because another one brings it (a transitive dependency) goes away or changes version when that
// one moves, and `npm ls` does not see it. The program, the bootstrap and the policy pack import only
// `dependencies` (what a user's install has); the tools and the tests may import devDependencies too;
// the policy pack (policies/) answers to its own package.json, since `pulumi policy publish` installs
// from it alone.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { builtinModules } from "module";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const json = (f: string) => JSON.parse(fs.readFileSync(path.join(ROOT, f), "utf8"));

/** The package names a source text imports or requires (relative paths and Node's own modules left out). */
export function importedPackages(text: string): string[] {
    const specifiers = new Set<string>();
    const patterns = [
        /^\s*(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/gms,
        /^\s*import\s*["']([^"']+)["']/gm,
        /\brequire(?:\.resolve)?\(\s*["']([^"']+)["']\s*\)/g,
        /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    ];
    for (const re of patterns) for (const m of text.matchAll(re)) specifiers.add(m[1]);
    const packages = new Set<string>();
    for (const s of specifiers) {
        if (s.startsWith(".") || s.startsWith("/") || s.startsWith("node:")) continue;
        const name = s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0];
        if (builtinModules.includes(name)) continue;
        packages.add(name);
    }
    return [...packages].sort();
}

describe("declared imports", () => {
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
        cwd: ROOT,
        encoding: "utf8",
    })
        .split("\0")
        .filter((f) => /\.(ts|js|mjs)$/.test(f) && fs.existsSync(path.join(ROOT, f)));

    const root = json("package.json");
    const pack = json("policies/package.json");
    const prod = new Set(Object.keys(root.dependencies));
    const all = new Set([...prod, ...Object.keys(root.devDependencies)]);
    const packDeps = new Set(Object.keys(pack.dependencies));

    /** Where each area's imports must be declared. */
    const areas: { prefix: RegExp; declared: Set<string>; what: string }[] = [
        { prefix: /^policies\//, declared: packDeps, what: "policies/package.json dependencies" },
        { prefix: /^(index\.ts$|components\/|bootstrap\/)/, declared: prod, what: "package.json dependencies" },
        {
            prefix: /^(tools\/|tests\/|eslint\.config\.mjs$)/,
            declared: all,
            what: "package.json dependencies or devDependencies",
        },
    ];

    it("finds imports, requires and dynamic imports, package names only", () => {
        const text = [
            `import * as fs from "fs";`,
            `import { a } from "@scope/pkg/deep/path";`,
            `import type { B } from "typed-pkg";`,
            `import {\n    c,\n    d,\n} from "multi-line";`,
            `export { e } from "re-export/sub";`,
            `import "side-effect";`,
            `const x = require("required"); require.resolve("resolved/bin/x.js");`,
            `await import("dynamic"); import { f } from "./relative"; import "node:path";`,
        ].join("\n");
        assert.deepStrictEqual(importedPackages(text), [
            "@scope/pkg",
            "dynamic",
            "multi-line",
            "re-export",
            "required",
            "resolved",
            "side-effect",
            "typed-pkg",
        ]);
    });

    it("every package imported by index.ts, components/, bootstrap/, policies/, tools/ and tests/ is declared where its area installs from", () => {
        const missing: string[] = [];
        let checked = 0;
        for (const file of files) {
            // This file's own sample text above names packages that exist nowhere.
            if (file === "tests/tools/declared-imports.test.ts") continue;
            const area = areas.find((a) => a.prefix.test(file));
            if (!area) continue;
            checked++;
            for (const name of importedPackages(fs.readFileSync(path.join(ROOT, file), "utf8"))) {
                if (!area.declared.has(name)) missing.push(`${file}: ${name} is not in ${area.what}`);
            }
        }
        assert.ok(checked > 100, `only ${checked} files checked`);
        assert.deepStrictEqual(missing, []);
    });
});
