// The dead-letter export benchmark: npm run bench:dlq [-- --messages N] [--size BYTES]
//
// A loopback SQS/STS emulator (tests/support/aws-emulator.ts) holds N messages of BYTES each (by
// default 10,000 of 256 KiB, SQS's classic largest message); `npm run doctor -- dlq export` runs in a
// fresh child process with the real AWS SDK clients pointed at it (AWS_ENDPOINT_URL_SQS, _STS) and
// exports them all. Prints one table row: the file written, the wall time and the child's peak
// resident memory (VmHWM), against the target of 256 MiB. Nothing leaves the machine; the emulator
// and the child are stopped at the end, the child after 40 minutes at most.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { emulatorEnv, startEmulator } from "../tests/support/aws-emulator";
import { parseCommandLine, runCli, UsageError } from "./lib/cli";

const ROOT = path.resolve(__dirname, "..");
const OUTPUTS = path.join(ROOT, "tests", "fixtures", "doctor", "outputs.json");
const TARGET_MIB = 256;
const HARD_TIMEOUT_MS = 40 * 60 * 1000;

export const USAGE = `usage: npm run bench:dlq -- [--messages N] [--size BYTES]
  --messages N   messages in the emulated dead-letter queue (default 10000)
  --size BYTES   size of each message body (default 262144, 256 KiB)`;

function whole(name: string, v: string | undefined, dflt: number, min: number): number {
    if (v === undefined) return dflt;
    if (!/^\d+$/.test(v) || Number(v) < min)
        throw new UsageError(
            `--${name}: ${JSON.stringify(v)} is not valid; expected a whole number ≥ ${min}\n${USAGE}`,
        );
    return Number(v);
}

/** A dead-letter body of exactly `size` characters (ASCII), its object padded. */
export function benchBody(i: number, size: number): string {
    const head = `{"errorMessage":"Too many objects ingested into the profile per second","objectTypeName":"Bench","object":{"Id":"${i}","Balance":12345678901234567890,"Pad":"`;
    const tail = `"}}`;
    return head + "x".repeat(Math.max(0, size - head.length - tail.length)) + tail;
}

/**
 * The Node.js flags `npm run doctor` runs with (those of package.json's `doctor` script before `-r`), so
 * the child measures the process users run: the script caps the heap (--max-old-space-size), which makes
 * V8 collect the large message strings of an export early instead of letting the heap grow.
 */
export function doctorNodeFlags(): string[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
    };
    const words = pkg.scripts.doctor.split(/\s+/);
    if (words[0] !== "node" || !words.includes("-r"))
        throw new Error(`package.json doctor script: ${pkg.scripts.doctor}`);
    return words.slice(1, words.indexOf("-r"));
}

export async function main(argv: string[]): Promise<number> {
    const { values, positionals } = parseCommandLine(
        argv,
        { messages: { type: "string" }, size: { type: "string" } },
        USAGE,
    );
    if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    if (positionals.length) throw new UsageError(`unexpected arguments ${positionals.join(" ")}\n${USAGE}`);
    const n = whole("messages", values.messages, 10000, 1);
    const size = whole("size", values.size, 262144, 200);

    const emu = await startEmulator();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-dlq-"));
    const file = path.join(dir, "dlq.jsonl");
    try {
        for (let i = 0; i < n; i++) emu.send(() => benchBody(i, size), `m-${i}`);
        process.stderr.write(`bench:dlq: exporting ${n} messages of ${size} bytes from a loopback emulator…\n`);
        const start = process.hrtime.bigint();
        const child = spawn(
            process.execPath,
            [
                ...doctorNodeFlags(),
                "-r",
                path.join(__dirname, "register.js"),
                path.join(__dirname, "lib", "bench-dlq-child.ts"),
                "dlq",
                "export",
                file,
                "--outputs",
                OUTPUTS,
                "--max-messages",
                String(n),
                // The longest visibility timeout (12 hours): a slow machine must not see the first
                // messages come back before the last are received.
                "--visibility-timeout",
                "43200",
            ],
            {
                cwd: ROOT,
                env: { ...process.env, ...emulatorEnv(emu) } as NodeJS.ProcessEnv,
                stdio: ["ignore", "pipe", "pipe"],
            },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
        child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
        const killer = setTimeout(() => child.kill("SIGKILL"), HARD_TIMEOUT_MS);
        const status = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
        clearTimeout(killer);
        const wallS = Number(process.hrtime.bigint() - start) / 1e9;
        const line = stdout.split("\n").find((l) => l.startsWith("BENCH "));
        if (status !== 0 || !line)
            throw new Error(`the export failed (exit ${status}):\n${stdout.slice(-2000)}\n${stderr}`);
        const { peakRssKib } = JSON.parse(line.slice(6)) as { peakRssKib: number };
        const bytes = fs.statSync(file).size;
        let count = 0;
        const fd = fs.openSync(file, "r");
        const buf = Buffer.alloc(1 << 20);
        for (let r; (r = fs.readSync(fd, buf, 0, buf.length, null)) > 0;)
            for (let k = 0; k < r; k++) if (buf[k] === 10) count++;
        fs.closeSync(fd);
        const peakMiB = peakRssKib / 1024;
        const rows = [
            ["scenario", "messages", "body", "file", "lines", "wall", "peak RSS", "target", ""],
            [
                "dlq export",
                String(n),
                `${(size / 1024).toFixed(0)} KiB`,
                `${(bytes / 2 ** 20).toFixed(0)} MiB`,
                String(count),
                `${wallS.toFixed(1)} s`,
                `${peakMiB.toFixed(0)} MiB`,
                `< ${TARGET_MIB} MiB`,
                peakMiB < TARGET_MIB && count === n ? "PASS" : "MISS",
            ],
        ];
        const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
        const fmt = (r: string[]) => `| ${r.map((x, c) => x.padEnd(widths[c])).join(" | ")} |`;
        process.stdout.write(`${fmt(rows[0])}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|\n${fmt(rows[1])}\n`);
        return peakMiB < TARGET_MIB && count === n ? 0 : 1;
    } finally {
        await emu.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) runCli(main, "bench:dlq", 2);
