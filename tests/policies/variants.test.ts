// The variant table (variants.ts) through the analyzer path: every insecure single edit of the dev plan
// is a mandatory violation of the policy named for its class, and every safe rewrite passes the whole
// pack with no mandatory violation (what cannot be judged is advisory).
import * as assert from "assert";
import { checkPlan } from "../../tools/lib/analyzer";
import { runOfflinePlan } from "../../tools/lib/offline";
import { devConfigWithoutBootstrap } from "../support/plan";
import * as fs from "fs";
import * as path from "path";
import { Plan } from "../../tools/lib/plan-format";
import { normalizePlanFile } from "../../tools/lib/plan-input";
import { policies } from "../../policies/pack";
import { variants } from "./variants";
import { identityVariants } from "./variants-identity";
import { kmsVariants } from "./variants-kms";
import { transportVariants } from "./variants-transport";
import { redteamVariants } from "./variants-redteam";
import { egressVariants } from "./variants-egress";
import { equivalentVariants } from "./variants-equivalent";
import { bindingVariants } from "./variants-binding";

const ALL = [
    ...variants(),
    ...transportVariants(),
    ...identityVariants(),
    ...kmsVariants(),
    ...redteamVariants(),
    ...egressVariants(),
    ...equivalentVariants(),
    ...bindingVariants(),
];
const INSECURE = ALL.filter((v) => v.caughtBy);
const SAFE = ALL.filter((v) => !v.caughtBy);

describe("variant table: single edits of the dev plan", function () {
    const bases: Record<string, Plan> = {};
    before(async () => {
        bases.plan = (await runOfflinePlan({ stack: "dev", config: devConfigWithoutBootstrap() })).plan;
        bases.preview = (
            await runOfflinePlan({ stack: "dev", preview: true, config: devConfigWithoutBootstrap() })
        ).plan;
        bases["preview-json"] = normalizePlanFile(
            JSON.parse(
                fs.readFileSync(path.join(__dirname, "../fixtures/preview/dev-add-profile-export.json"), "utf8"),
            ),
        );
    });
    const base = (v: { base?: string }) => bases[v.base ?? "plan"];

    it(`holds at least 150 insecure and 60 safe variants (has ${INSECURE.length} and ${SAFE.length})`, () => {
        assert.ok(INSECURE.length >= 150, `${INSECURE.length} insecure`);
        assert.ok(SAFE.length >= 60, `${SAFE.length} safe`);
        assert.strictEqual(new Set(ALL.map((v) => v.name)).size, ALL.length, "variant names are unique");
    });

    describe("insecure: caught as a mandatory violation", () => {
        for (const v of INSECURE) {
            it(`[${v.cls}] ${v.name}`, async () => {
                const policy = policies.find((p) => p.name === v.caughtBy);
                assert.ok(policy, `no policy ${v.caughtBy}`);
                const report = await checkPlan(v.apply(base(v)), { policies: [policy], policyConfig: v.policyConfig });
                const mandatory = report.violations.filter((x) => x.enforcementLevel === "mandatory");
                assert.ok(
                    mandatory.length > 0,
                    `not caught; advisory: ${[...report.violations, ...report.unknown].map((x) => x.detail).join(" | ")}`,
                );
            });
        }
    });

    describe("safe: no mandatory violation from any policy of the pack", () => {
        for (const v of SAFE) {
            it(`${v.name}`, async () => {
                const report = await checkPlan(v.apply(base(v)), { policyConfig: v.policyConfig });
                const mandatory = report.violations.filter((x) => x.enforcementLevel === "mandatory");
                assert.deepStrictEqual(
                    mandatory.map((x) => `${x.policyName} ${x.resourceName ?? "(stack)"}: ${x.detail}`),
                    [],
                );
            });
        }
    });
});
