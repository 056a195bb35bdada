// The specs' withEnv (tests/support/fake-aws.ts): two calls that overlapped once left the emulator's
// AWS_ENDPOINT_URL_<SERVICE> variables set for every later spec (R7's two concurrent re-ingestions, each in
// its own withEnv, then the probe specs' STS calls went to a closed emulator: exit 2), and took the
// variables from under the run still going (its calls went to AWS: exit 1). Overlapping calls are refused;
// nested ones restore what they found.
import * as assert from "assert";
import { withEnv } from "../support/fake-aws";

const KEY = "CCP_WITH_ENV_SPEC";
const tick = () => new Promise((r) => setTimeout(r, 5));

describe("withEnv (the specs' environment helper)", () => {
    afterEach(() => delete process.env[KEY]);

    it("refuses a second call that overlaps the first without running inside it; the first restores the variable", async () => {
        delete process.env[KEY];
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        const first = withEnv({ [KEY]: "first" }, () => gate);
        await assert.rejects(
            withEnv({ [KEY]: "second" }, async () => undefined),
            new Error(
                "withEnv: another withEnv is running outside this one: overlapping calls would restore each other's variables (run the concurrent work inside one withEnv)",
            ),
        );
        assert.strictEqual(process.env[KEY], "first", "the refused call changed nothing");
        release();
        await first;
        assert.strictEqual(process.env[KEY], undefined);
    });

    it("nested calls, and concurrent work inside one call, see the variables and restore each level", async () => {
        process.env[KEY] = "outside";
        const seen: (string | undefined)[] = [];
        await withEnv({ [KEY]: "outer" }, async () => {
            await Promise.all([
                tick().then(() => seen.push(process.env[KEY])),
                tick().then(() => seen.push(process.env[KEY])),
            ]);
            await withEnv({ [KEY]: "inner" }, async () => {
                await tick();
                seen.push(process.env[KEY]);
            });
            seen.push(process.env[KEY]);
        });
        assert.deepStrictEqual(seen, ["outer", "outer", "inner", "outer"]);
        assert.strictEqual(process.env[KEY], "outside");
    });

    it("a call after the first has ended is fine (the count goes back down, on a throw too)", async () => {
        await assert.rejects(
            withEnv({ [KEY]: "x" }, async () => {
                throw new Error("boom");
            }),
            /boom/,
        );
        assert.strictEqual(await withEnv({ [KEY]: "y" }, async () => process.env[KEY]), "y");
        assert.strictEqual(process.env[KEY], undefined);
    });
});
