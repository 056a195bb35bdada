// `npm run awsguard` (tools/awsguard.ts): bad input is refused with exit 2 and a message naming it,
// before awsguard/'s own dependencies are installed or loaded.
import * as assert from "assert";
import { main } from "../../tools/awsguard";

async function run(argv: string[]): Promise<{ code: number; err: string }> {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => errors.push(a.join(" "));
    try {
        return { code: await main(argv), err: errors.join("\n") };
    } finally {
        console.error = original;
    }
}

describe("npm run awsguard: the command line", function () {
    it("an unknown command: exit 2, naming it", async () => {
        const r = await run(["scan"]);
        assert.strictEqual(r.code, 2);
        assert.match(r.err, /^unknown command "scan"; expected `check FILE` or none/);
    });

    it("check without a file, or with two: exit 2", async () => {
        assert.strictEqual((await run(["check"])).code, 2);
        assert.strictEqual((await run(["check", "a.json", "b.json"])).code, 2);
    });

    it("a plan file that does not exist: exit 2, naming the file", async () => {
        const r = await run(["check", "/nonexistent/plan.json"]);
        assert.strictEqual(r.code, 2);
        assert.match(r.err, /^awsguard: cannot read plan \/nonexistent\/plan\.json: ENOENT/);
    });
});
