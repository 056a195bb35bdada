// The dead-letter export's memory bound (issue 21: 10,000 messages of 256 KiB under 256 MiB) holds on
// Node.js 24 only with the heap cap of `npm run doctor`: without it V8 lets the large message strings of
// an export pile up before a major collection (500 messages peaked at 283 MiB; with a cap of 192 MiB,
// 140 MiB, but 10,000 still reached 270 MiB; with 128 MiB, 10,000 peaked at 169 MiB).
// The benchmark must run the child with the same flags, or it measures another process than users run.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { doctorNodeFlags } from "../../tools/bench-dlq";

const ROOT = path.resolve(__dirname, "..", "..");

describe("npm run doctor: the heap cap the dead-letter export's memory bound relies on", () => {
    it("the doctor script caps the old-space heap, and the benchmark's child gets exactly its flags", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.equal(pkg.scripts.doctor, "node --max-old-space-size=128 -r ./tools/register.js tools/doctor.ts");
        assert.deepEqual(doctorNodeFlags(), ["--max-old-space-size=128"]);
    });

    it("the benchmark spawns the child with those flags before the loader", () => {
        const text = fs.readFileSync(path.join(ROOT, "tools", "bench-dlq.ts"), "utf8");
        assert.match(text, /spawn\(\s*process\.execPath,\s*\[\s*\.\.\.doctorNodeFlags\(\),\s*"-r",/);
    });
});
