// A real `pulumi preview --json`, hand-made in the shape the CLI prints (pulumi's
// pkg/backend/display/json.go ShowPreviewDigest: config, steps with op/urn/provider/oldState/
// newState/diffReasons/detailedDiff, changeSummary, duration): the dev stack gains a profile export
// and the domain a tag. Only changed steps are listed (plus the root stack), values the cloud
// computes are the engine's unknown placeholder (pulumi's pkg/resource/stack/deployment.go,
// computedValuePlaceholder). The policy check and the reviewer diff accept it.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as policyMain } from "../../tools/policy";
import { main as diffMain } from "../../tools/diff";
import { checkPlan, omittedUnchanged } from "../../tools/lib/analyzer";
import { normalizePlanFile } from "../../tools/lib/plan-input";
import { UNKNOWN_PLACEHOLDER } from "../../tools/lib/plan-format";

const FIXTURE = path.join(__dirname, "..", "fixtures", "preview", "dev-add-profile-export.json");

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
    const log = console.log;
    let out = "";
    console.log = (...a: unknown[]) => (out += `${a.join(" ")}\n`);
    try {
        return { code: await fn(), out };
    } finally {
        console.log = log;
    }
}

describe("a real `pulumi preview --json` (fixture: unknowns, only changed steps)", () => {
    const raw = JSON.parse(fs.readFileSync(FIXTURE, "utf8"));

    it("the fixture has the real shape: changed steps only, unknowns, no offline marker", () => {
        assert.deepEqual([...new Set(raw.steps.map((s: { op: string }) => s.op))].sort(), ["create", "same", "update"]);
        assert.equal(raw.steps.filter((s: { op: string }) => s.op === "same").length, 1, "only the root stack is same");
        assert.equal(raw.source, undefined);
        assert.ok(raw.changeSummary.same > 50, "the unchanged resources are counted, not listed");
        const creates = raw.steps.filter((s: { op: string }) => s.op === "create");
        for (const s of creates) assert.equal(s.newState.outputs, undefined, "a create's new state has no outputs yet");
        const stream = raw.steps.find((s: { urn: string }) => s.urn.endsWith("::profile-export-event-stream"));
        assert.equal(stream.newState.inputs.uri, UNKNOWN_PLACEHOLDER);
        assert.deepEqual(raw.steps.find((s: { op: string }) => s.op === "update").diffReasons, ["tags"]);
        assert.equal(omittedUnchanged(normalizePlanFile(raw)), raw.changeSummary.same - 1);
    });

    it("passes the policy check: exit 0, no violation; stack rules that need the whole stack say so", async () => {
        const r = await capture(() => policyMain(["check", FIXTURE]));
        assert.equal(r.code, 0, r.out);
        assert.match(
            r.out,
            /Policy pack connect-customer-profiles-guard@v0\.1\.0: 8 resources, 0 mandatory and 0 advisory violations/,
        );
        const report = await checkPlan(normalizePlanFile(raw));
        assert.deepEqual(report.violations, []);
        const partial = report.unknown.find((u) => u.policyName === "customer-profiles-domain-protection");
        assert.ok(partial, "the domain rule says it could not judge");
        assert.equal(partial.enforcementLevel, "advisory");
        assert.match(
            partial.detail,
            /^not judged: this preview lists only the resources that change \(\d+ unchanged resources left out; `pulumi preview --json --show-sames` lists them\)/,
        );
    });

    it("the same findings are violations when the unchanged resources are listed (the rule is not silenced)", async () => {
        const full = { ...raw, changeSummary: { ...raw.changeSummary, same: 1 } };
        const report = await checkPlan(normalizePlanFile(full));
        assert.deepEqual(
            report.violations.map((v) => v.policyName),
            ["customer-profiles-domain-protection"],
        );
    });

    it("the reviewer diff reports the preview's own operations, unknowns as (known after apply)", async () => {
        const md = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "preview-fixture-")), "diff.md");
        let out = "";
        const code = await diffMain(
            [FIXTURE, "--markdown", md],
            (s) => (out += s),
            () => undefined,
        );
        assert.equal(code, 0);
        const text = fs.readFileSync(md, "utf8");
        // The unchanged resources the preview left out are counted by its change summary (was "0 unchanged").
        assert.match(
            text,
            new RegExp(
                `From \`pulumi preview --json\`: \\*\\*0 to replace, 0 to delete, 1 to update, 7 to create\\*\\*; ${raw.changeSummary.same} unchanged\\.`,
            ),
        );
        assert.match(text, /- `uri`: `\(known after apply\)`/);
        assert.match(text, /- `tags\["data-classification"\]`: added `confidential`/);
        assert.ok(!text.includes(UNKNOWN_PLACEHOLDER));
        assert.match(out, /markdown \(\d+ bytes\) written to/);
    });
});
