// tools/register.js, the loader `npm run plan` (and the other tools) run under instead of ts-node:
// the same JavaScript as ts-node's swc transpiler for every file the tools load (the dynamic providers
// are serialized from that text), a disk cache keyed by the source (a changed file is never served
// stale), stack traces that name .ts lines, and the npm scripts that use it.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transpileLib = require("../../tools/lib/transpile.js") as {
    transpile: (code: string, filename: string) => string;
};

/** The .ts files the command-line tools load: the program, its components, the pack, the tools. */
function toolSources(): string[] {
    const out: string[] = [path.join(ROOT, "index.ts")];
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory() && e.name !== "node_modules") walk(p);
            else if (e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
        }
    };
    for (const d of ["components", "policies", "tools", "bootstrap"]) walk(path.join(ROOT, d));
    return out;
}

const withoutSourceMap = (js: string) => js.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n").trimEnd();

function run(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
    try {
        const stdout = execFileSync(process.execPath, args, {
            cwd: ROOT,
            env: { ...process.env, ...env },
            stdio: "pipe",
            encoding: "utf8",
        });
        return { status: 0, stdout, stderr: "" };
    } catch (e) {
        const x = e as { status: number; stdout: string; stderr: string };
        return { status: x.status, stdout: x.stdout, stderr: x.stderr };
    }
}

describe("tools/register.js (the tools' TypeScript loader)", function () {
    this.timeout(120000);

    it("emits, for every .ts file the tools load, the JavaScript ts-node's swc transpiler emits", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const tsNode = require("ts-node") as typeof import("ts-node");
        const service = tsNode.create({ project: path.join(ROOT, "tsconfig.json"), swc: true, transpileOnly: true });
        const files = toolSources();
        assert.ok(files.length > 100, `${files.length} files`);
        const differ: string[] = [];
        for (const file of files) {
            const code = fs.readFileSync(file, "utf8");
            const ours = withoutSourceMap(transpileLib.transpile(code, file));
            const theirs = withoutSourceMap(service.compile(code, file));
            if (ours !== theirs) differ.push(path.relative(ROOT, file));
        }
        assert.deepStrictEqual(differ, []);
    });

    it("serves an unchanged file from its cache and transpiles a changed file again", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "register-"));
        const cache = path.join(dir, "cache");
        const file = path.join(dir, "hello.ts");
        const env = { TOOLS_SWC_CACHE: cache };
        fs.writeFileSync(file, 'const who: string = "one";\nconsole.log(who);\n');
        assert.equal(run(["-r", "./tools/register.js", file], env).stdout, "one\n");
        const entries = () =>
            fs
                .readdirSync(cache)
                .flatMap((d) => fs.readdirSync(path.join(cache, d)).map((f) => path.join(cache, d, f)));
        assert.equal(entries().length, 1);
        // The entry is what runs next time: change it, and the next run prints what it now says.
        const [entry] = entries();
        fs.writeFileSync(entry, fs.readFileSync(entry, "utf8").replace('"one"', '"one, from the cache"'));
        assert.equal(run(["-r", "./tools/register.js", file], env).stdout, "one, from the cache\n");
        // A changed source is never served the old entry.
        fs.writeFileSync(file, 'const who: string = "two";\nconsole.log(who);\n');
        assert.equal(run(["-r", "./tools/register.js", file], env).stdout, "two\n");
        assert.equal(entries().length, 2);
    });

    it("names the .ts file and line in a stack trace", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "register-"));
        const file = path.join(dir, "boom.ts");
        fs.writeFileSync(
            file,
            [
                "interface Unused {",
                "    a: number;",
                "}",
                "export function boom(u?: Unused): never {",
                '    throw new Error("boom " + String(u));',
                "}",
                "boom();",
                "",
            ].join("\n"),
        );
        const r = run(["-r", "./tools/register.js", file], { TOOLS_SWC_CACHE: "off" });
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, new RegExp(`at boom \\(${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:5:11\\)`));
    });

    it("is what the tools' npm scripts run (the tests keep ts-node)", () => {
        const scripts = (
            JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
                scripts: Record<string, string>;
            }
        ).scripts;
        // The doctor also caps the heap (tests/tools/doctor-heap.test.ts: the dead-letter export's memory bound).
        const flags: Record<string, string> = { doctor: "--max-old-space-size=128 " };
        for (const tool of ["plan", "policy", "diff", "bench", "doctor", "bootstrap-permissions"])
            assert.equal(scripts[tool], `node ${flags[tool] ?? ""}-r ./tools/register.js tools/${tool}.ts`);
    });
});
