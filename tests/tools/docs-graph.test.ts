// docs/graph.md and the README's resource summary are generated from the dev stack's offline plan
// (`npm run docs`): they drifted once (102 edges drawn, 180 planned; no audit trail, access logs or
// operator policies). This spec fails whenever the committed files differ from what the plan gives.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { generatedDocs } from "../../tools/docs";
import { componentCounts, edgeCount, graphDoc, REGENERATE } from "../../tools/lib/docs-graph";
import { renderMermaid } from "../../tools/lib/mermaid";
import { REPO_ROOT, runOfflinePlan } from "../../tools/lib/offline";

describe("documents generated from the plan (docs/graph.md, the README's resource summary)", () => {
    it("are what the dev plan gives today", async () => {
        for (const [file, text] of Object.entries(await generatedDocs())) {
            const committed = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
            assert.ok(
                committed === text,
                `${file} is out of date with the plan: run \`${REGENERATE}\` and commit the result ` +
                    `(the plan changed: a resource or dependency was added, removed or renamed)`,
            );
        }
    });

    it("draw every cloud resource and every dependency edge of the plan, the audit trail and operator policies included", async () => {
        const { plan } = await runOfflinePlan({ stack: "dev" });
        const cloud = plan.steps.filter((s) => s.newState?.custom && !s.newState.type.startsWith("pulumi:providers:"));
        const counts = componentCounts(plan);
        assert.equal(
            counts.reduce((n, c) => n + c.resources, 0),
            cloud.length,
        );
        for (const c of ["AuditTrail", "OperatorPolicies", "InstanceStreaming"])
            assert.ok(
                counts.some((x) => x.type === c),
                c,
            );
        const doc = graphDoc(plan);
        // The same document whatever order the registrations completed in.
        assert.equal(graphDoc({ ...plan, steps: [...plan.steps].reverse() }), doc);
        assert.equal(edgeCount(doc), edgeCount(renderMermaid(plan)));
        assert.ok(doc.includes(`plans ${cloud.length} cloud resources`));
    });
});
