// Issue 24: what plans clean but would fail or leak at the first `pulumi up`. The committed dev stack
// has a Tasks rule for the instance it creates (whose contact flows cannot exist yet), and a secret
// typed in plain text into a stack file got no word from the offline plan.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "js-yaml";
import { main } from "../../tools/plan";
import { plainTextSecrets, rulesOnNewInstances } from "../../tools/lib/stack-warnings";
import { devConfig } from "../support/plan";

const P = "connect-customer-profiles";

async function plan(config: Record<string, unknown>): Promise<{ code: number; out: string; err: string }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-warnings-"));
    const file = path.join(dir, "Pulumi.dev.yaml");
    fs.writeFileSync(file, YAML.dump({ config }));
    let out = "";
    let err = "";
    const code = await main(
        ["--config-file", file, "--no-policy"],
        (s) => (out += s),
        (s) => (err += s),
    );
    return { code, out, err };
}

const RULE_WARNING =
    `warning: ${P}:salesforceTasks.rules[0] (salesforce-new-case): contactFlowId "7d1c9a52-3e4f-4b8a-9c6d-2f0e1a3b5c7d" ` +
    "names a contact flow of instance support, which this stack creates: no flow of it exists before the first " +
    "`pulumi up`. Deploy without this rule, then add it with a flow ID of the new instance";

describe("offline plan warnings about a stack file (issue 24)", () => {
    it("warns about the dev stack's Tasks rule for the instance the stack creates", async () => {
        const r = await plan(devConfig());
        assert.equal(r.code, 0, r.err);
        assert.deepEqual(
            r.out.split("\n").filter((l) => l.startsWith("warning: ")),
            [RULE_WARNING],
        );
    });

    it("does not warn about a rule for an existing instance (named by ARN)", () => {
        const config = devConfig();
        const tasks = config[`${P}:salesforceTasks`] as { rules: unknown[] };
        tasks.rules = tasks.rules.slice(1);
        assert.deepEqual(rulesOnNewInstances(config), []);
    });

    it("warns about secrets written in plain text, at every path, never printing them", async () => {
        const config = devConfig();
        config[`${P}:salesforceAccessToken`] = "00Dplaintext-token";
        config[`${P}:integrationCredentials`] = {
            "marketo-leads": { clientId: "plain-client-id", clientSecret: { secure: "v1:AAAA" } },
        };
        config[`${P}:salesforceRefreshToken`] = { secure: "v1:BBBB" };
        const r = await plan(config);
        assert.equal(r.code, 0, r.err);
        assert.deepEqual(
            r.out.split("\n").filter((l) => l.startsWith("warning: ") && !l.includes("salesforceTasks.rules")),
            [
                `warning: ${P}:salesforceAccessToken is a secret written in plain text in the stack file: remove it and set it with \`pulumi config set --secret salesforceAccessToken VALUE\` (stored encrypted), then rotate it if the file was ever committed`,
                `warning: ${P}:integrationCredentials.marketo-leads.clientId is a secret written in plain text in the stack file: remove it and set it with \`pulumi config set --secret --path 'integrationCredentials.marketo-leads.clientId' VALUE\` (stored encrypted), then rotate it if the file was ever committed`,
            ],
        );
        assert.ok(!(r.out + r.err).includes("00Dplaintext-token"));
        assert.ok(!(r.out + r.err).includes("plain-client-id"));
        assert.deepEqual(plainTextSecrets({ [`${P}:salesforceClientSecret`]: { secure: "v1:CCCC" } }), []);
    });
});
