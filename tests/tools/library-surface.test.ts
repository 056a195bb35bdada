// components/index.ts is the library's curated surface: explicit exports feature by feature (no
// `export *` that would publish every helper), and every component and its Args among them.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as library from "../../components";

const COMPONENTS = path.resolve(__dirname, "..", "..", "components");

function sources(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
        );
}

describe("library surface (components/index.ts)", () => {
    const index = fs.readFileSync(path.join(COMPONENTS, "index.ts"), "utf8");

    it("exports by name, never `export *`", () => {
        assert.deepStrictEqual(index.match(/^export \*.*$/gm), null);
    });

    it("exports every component resource and documents its Args", () => {
        const components = sources(COMPONENTS).flatMap((file) =>
            [...fs.readFileSync(file, "utf8").matchAll(/export class (\w+) extends pulumi\.ComponentResource/g)].map(
                (m) => m[1],
            ),
        );
        assert.ok(components.length >= 12, components.join(", "));
        const missing = components.filter((c) => typeof (library as Record<string, unknown>)[c] !== "function");
        assert.deepStrictEqual(missing, []);
        const withoutArgs = components.filter((c) => !new RegExp(`\\b${c}Args\\b`).test(index));
        assert.deepStrictEqual(withoutArgs, []);
    });
});
