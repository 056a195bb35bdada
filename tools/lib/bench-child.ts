// One benchmark measurement, in a fresh process (spawned by tools/bench.ts):
//   node -r ./tools/register.js tools/lib/bench-child.ts SCENARIO [ARG]
// Scenarios: dev [preview] (offline plan of the dev stack + policy analysis, values filled in or as a
// preview), all DIR (`npm run plan -- --all` over the stack files of DIR, in this process),
// synthetic N (a stack of about
// N resources from the real components + policy analysis; writes the plan to $BENCH_PLAN_OUT when
// set), policy FILE (policy analysis alone of a saved plan), pack (the policy pack's start-up).
// Prints one JSON line: phase timings (ms), resource count, peak RSS (KiB).
import * as fs from "fs";
import { performance } from "perf_hooks";
import { defaultProviderCacheDir } from "./provider-cache";

function cpuMs(): number {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
}

function peakRssKib(): number {
    try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
        if (m) return Number(m[1]);
    } catch {
        /* not Linux */
    }
    return process.resourceUsage().maxRSS;
}

async function main(): Promise<void> {
    const [scenario, arg] = process.argv.slice(2);
    const phases: Record<string, number> = {};
    const mark = (name: string, since: number) => (phases[name] = performance.now() - since);
    let resources = 0;
    const t0 = performance.now();
    /* eslint-disable @typescript-eslint/no-require-imports */
    if (scenario === "pack") {
        require("../../policies/pack");
        mark("loadPack", t0);
        const t1 = performance.now();
        require("./analyzer");
        mark("loadAnalyzer", t1);
    } else if (scenario === "policy") {
        const { checkPlan } = require("./analyzer") as typeof import("./analyzer");
        const plan = JSON.parse(fs.readFileSync(arg, "utf8"));
        mark("load", t0);
        // The first run configures the analyzer; the per-resource cost is the steady state.
        const t1 = performance.now();
        const report = await checkPlan(plan);
        mark("firstCheck", t1);
        const t2 = performance.now();
        await checkPlan(plan);
        mark("check", t2);
        resources = report.resourceCount;
    } else if (scenario === "all") {
        const { main: plan } = require("../plan") as typeof import("../plan");
        mark("load", t0);
        const t1 = performance.now();
        let out = "";
        const code = await plan(
            ["--all", "--stacks-dir", arg],
            (s) => (out += s),
            (s) => (out += s),
            { providerCache: defaultProviderCacheDir() },
        );
        if (code !== 0) throw new Error(`plan --all exited ${code}:\n${out}`);
        mark("all", t1);
        resources = (/^(\d+) stacks?:/m.exec(out) ?? [])[1] ? Number(/^(\d+) stacks?:/m.exec(out)![1]) : 0;
    } else {
        const { runOfflinePlan } = require("./offline") as typeof import("./offline");
        const { checkPlan } = require("./analyzer") as typeof import("./analyzer");
        mark("load", t0);
        const t1 = performance.now();
        let plan;
        // As `npm run plan` runs it: with the command line's provider cache (tools/lib/provider-cache.ts).
        const providerCache = defaultProviderCacheDir();
        if (scenario === "dev")
            plan = (await runOfflinePlan({ stack: "dev", preview: arg === "preview", providerCache })).plan;
        else if (scenario === "synthetic") {
            const { syntheticProgram, groupsFor, syntheticConfig } =
                require("./bench-stacks") as typeof import("./bench-stacks");
            const groups = groupsFor(Number(arg));
            plan = (
                await runOfflinePlan({
                    config: syntheticConfig(groups),
                    program: syntheticProgram(groups),
                    providerCache,
                })
            ).plan;
            if (process.env.BENCH_PLAN_OUT) fs.writeFileSync(process.env.BENCH_PLAN_OUT, JSON.stringify(plan));
        } else throw new Error(`unknown scenario ${scenario}`);
        mark("plan", t1);
        const t2 = performance.now();
        const report = await checkPlan(plan);
        mark("policy", t2);
        resources = report.resourceCount;
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
    // performance.now() counts from the process start: everything, including node and loading the TypeScript.
    process.stdout.write(
        `\nBENCH ${JSON.stringify({ scenario, phases, resources, sinceStartMs: performance.now(), cpuMs: cpuMs(), peakRssKib: peakRssKib() })}\n`,
    );
}

main().then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
    },
);
