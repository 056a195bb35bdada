// The child of `npm run bench:dlq`: runs the doctor's command line in this process, then prints
// its peak resident memory (VmHWM) on a line of its own, for the parent to read.
import * as fs from "fs";
import { main } from "../doctor";

void main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    progress: false,
}).then((code) => {
    const status = fs.readFileSync("/proc/self/status", "utf8");
    const peakRssKib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? process.resourceUsage().maxRSS);
    process.stdout.write(`\nBENCH ${JSON.stringify({ code, peakRssKib })}\n`);
    process.exitCode = code;
});
