// The Mermaid resource graph: valid flowchart syntax (declared IDs only, balanced subgraphs,
// sanitised IDs), components as subgraphs, dependency edges from the plan.
import * as assert from "assert";
import { Plan, ResourceState } from "../../tools/lib/plan-format";
import { escapeLabel, renderMermaid, sanitiseId } from "../../tools/lib/mermaid";
import { main as planMain } from "../../tools/plan";
import { devConfig, planFor } from "../support/plan";

const ID = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Checks the structure a Mermaid flowchart parser needs; returns node and subgraph IDs. */
function checkSyntax(text: string): { nodes: Set<string>; subgraphs: Set<string>; edges: [string, string][] } {
    const lines = text.split("\n");
    assert.strictEqual(lines[0], "flowchart LR");
    const nodes = new Set<string>();
    const subgraphs = new Set<string>();
    const edges: [string, string][] = [];
    let depth = 0;
    for (const line of lines.slice(1)) {
        const t = line.trim();
        let m: RegExpExecArray | null;
        if ((m = /^subgraph (\S+)\["([^"]*)"\]$/.exec(t))) {
            assert.match(m[1], ID);
            subgraphs.add(m[1]);
            depth++;
        } else if (t === "end") {
            depth--;
            assert.ok(depth >= 0, "unbalanced end");
        } else if ((m = /^(\S+)\["([^"]*)"\]$/.exec(t))) {
            assert.match(m[1], ID);
            assert.ok(!nodes.has(m[1]), `duplicate node ${m[1]}`);
            nodes.add(m[1]);
        } else if ((m = /^(\S+) --> (\S+)$/.exec(t))) {
            edges.push([m[1], m[2]]);
        } else if (
            (m = /^classDef (create|update|replace|delete) \S+$/.exec(t)) ||
            (m = /^class (\S+) (create|update|replace|delete)$/.exec(t))
        ) {
            continue;
        } else assert.fail(`unexpected line ${JSON.stringify(line)}`);
    }
    assert.strictEqual(depth, 0, "unbalanced subgraphs");
    for (const [a, b] of edges) {
        assert.ok(nodes.has(a) || subgraphs.has(a), `edge from undeclared ${a}`);
        assert.ok(nodes.has(b), `edge to undeclared ${b}`);
    }
    return { nodes, subgraphs, edges };
}

describe("mermaid graph", function () {
    let dev: Plan;
    before(async function () {
        dev = await planFor(devConfig());
    });

    it("the dev stack: one node per cloud resource, components as subgraphs, the dependency edges", function () {
        const text = renderMermaid(dev);
        const { nodes, subgraphs, edges } = checkSyntax(text);
        const custom = dev.steps.filter((s) => s.newState?.custom);
        assert.strictEqual(nodes.size, custom.length);
        assert.ok(subgraphs.has("c_profiles"));
        assert.ok(text.includes('    subgraph c_profiles["profiles (CustomerProfilesDomain)"]'));
        assert.ok(text.includes('        profiles_domain["profiles-domain<br/>customerprofiles/domain:Domain"]'));
        const has = (a: string, b: string) => edges.some(([x, y]) => x === a && y === b);
        assert.ok(has("profiles_key", "profiles_domain"), "the domain waits for its key");
        assert.ok(has("profiles_dlq_policy", "profiles_domain"), "the domain waits for the queue policy");
        assert.ok(has("profiles_domain", "support_profiles"));
        // Every non-parent dependency between cloud resources is an edge.
        const expected = custom.flatMap((s) =>
            (s.newState!.dependencies ?? []).filter((d) => custom.some((c) => c.urn === d)).map((d) => `${d}>${s.urn}`),
        );
        assert.strictEqual(new Set(edges.map(([a, b]) => `${a}>${b}`)).size, new Set(expected).size);
    });

    it("sanitises IDs and escapes labels", function () {
        assert.strictEqual(sanitiseId("profiles-key.alias"), "profiles_key_alias");
        assert.strictEqual(sanitiseId("end"), "n_end");
        assert.strictEqual(sanitiseId("1st"), "n_1st");
        assert.strictEqual(escapeLabel('a "b" <c> #d'), "a #quot;b#quot; #lt;c#gt; #35;d");
        const urn = (n: string) => `urn:pulumi:dev::p::aws:sqs/queue:Queue::${n}`;
        const st = (n: string, deps: string[] = []): ResourceState => ({
            urn: urn(n),
            custom: true,
            type: "aws:sqs/queue:Queue",
            inputs: {},
            dependencies: deps.map(urn),
        });
        const plan: Plan = {
            steps: [st("end"), st("a-b"), st("a.b", ["end", "a-b"]), st('q"x', ["a.b"])].map((s) => ({
                op: "create",
                urn: s.urn,
                newState: s,
            })),
            changeSummary: {},
        };
        const text = renderMermaid(plan, { ops: new Map([[urn("a.b"), "replace"]]) });
        const { nodes, edges } = checkSyntax(text);
        assert.deepStrictEqual([...nodes], ["n_end", "a_b", "a_b_2", "q_x"]);
        assert.deepStrictEqual(edges, [
            ["n_end", "a_b_2"],
            ["a_b", "a_b_2"],
            ["a_b_2", "q_x"],
        ]);
        assert.ok(text.includes('q_x["q#quot;x<br/>sqs/queue:Queue"]'));
        assert.ok(text.endsWith("    class a_b_2 replace"));
    });

    it("`npm run plan -- --format mermaid` prints the graph", async function () {
        let out = "";
        const code = await planMain(
            ["--format", "mermaid", "--no-policy"],
            (s) => (out += s),
            () => undefined,
        );
        assert.strictEqual(code, 0);
        checkSyntax(out.trimEnd());
    });
});
