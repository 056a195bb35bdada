// The offline check: input formats (offline plan, preview with unknowns, stack export), policy
// configuration the way --policy-pack-config works, and the CLI's output and exit codes.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkPlan, PolicyConfigError } from "../../tools/lib/analyzer";
import { normalizePlanFile } from "../../tools/lib/plan-input";
import { UNKNOWN_PLACEHOLDER } from "../../tools/lib/plan-format";
import { main } from "../../tools/policy";
import * as D from "../fixtures/policies/documents";
import { compliantPlan, compliantResources, mutate, planOf } from "../fixtures/policies/plan";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-cli-"));
const write = (name: string, v: unknown) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, typeof v === "string" ? v : JSON.stringify(v));
    return f;
};
const rotationOff = () =>
    planOf(mutate(compliantResources(), "profiles-key", (r) => (r.inputs.enableKeyRotation = false)));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const [log, error] = [console.log, console.error];
    console.log = (s: unknown) => out.push(String(s));
    console.error = (s: unknown) => err.push(String(s));
    try {
        const code = await main(args);
        return { code, out: out.join("\n"), err: err.join("\n") };
    } finally {
        console.log = log;
        console.error = error;
    }
}

describe("offline policy check", () => {
    describe("inputs", () => {
        it("reads a `pulumi stack export` file and judges it like the plan", async () => {
            const plan = rotationOff();
            const exported = {
                version: 3,
                deployment: {
                    resources: [
                        {
                            urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
                            type: "pulumi:pulumi:Stack",
                            custom: false,
                        },
                        ...plan.steps.map((s) => s.newState),
                    ],
                },
            };
            const report = await checkPlan(normalizePlanFile(exported));
            assert.deepStrictEqual(
                report.violations.map((v) => `${v.policyName} ${v.resourceName}: ${v.detail}`),
                ["kms-key-rotation-enabled profiles-key: automatic key rotation is off"],
            );
        });

        it("treats a value unknown during preview as not judged, never as a violation", async () => {
            const plan = planOf(
                mutate(compliantResources(), "profiles-dlq-policy", (r) => (r.inputs.policy = UNKNOWN_PLACEHOLDER)),
            );
            const report = await checkPlan(plan);
            assert.deepStrictEqual(report.violations, []);
            const unknown = report.unknown
                .filter(
                    (u) =>
                        u.resourceName === "profiles-dlq-policy" ||
                        u.detail.includes("profiles-dlq-policy: its policy documents are unknown until apply"),
                )
                .map((u) => u.policyName);
            assert.ok(unknown.includes("confused-deputy-source-conditions"), unknown.join(","));
            assert.ok(unknown.includes("other-accounts"), unknown.join(","));
            assert.ok(report.unknown.every((u) => u.enforcementLevel === "advisory"));
        });

        it("rejects a file that is no plan", () => {
            assert.throws(() => normalizePlanFile({ hello: 1 }), /expected `steps`/);
        });
    });

    describe("configuration (--policy-pack-config shape)", () => {
        it("a policy set to advisory reports but does not fail; `all` applies to every policy", async () => {
            const advisory = await checkPlan(rotationOff(), {
                policyConfig: { "kms-key-rotation-enabled": "advisory" },
            });
            assert.deepStrictEqual([advisory.mandatoryCount, advisory.advisoryCount], [0, 1]);
            const disabled = await checkPlan(rotationOff(), { policyConfig: { all: "disabled" } });
            assert.deepStrictEqual(disabled.violations, []);
        });

        it("exempts resources by name through the policy's config", async () => {
            const r = await checkPlan(rotationOff(), {
                policyConfig: { "kms-key-rotation-enabled": { exemptResources: ["profiles-key"] } },
            });
            assert.deepStrictEqual(r.violations, []);
        });

        it("applies allowlists (confused-deputy exemptServicePrincipals)", async () => {
            const plan = planOf([
                {
                    type: "aws:iam/role:Role",
                    name: "ec2-role",
                    inputs: {
                        assumeRolePolicy: JSON.stringify(
                            D.doc({
                                Effect: "Allow",
                                Principal: { Service: "ec2.amazonaws.com" },
                                Action: "sts:AssumeRole",
                            }),
                        ),
                    },
                },
            ]);
            assert.strictEqual((await checkPlan(plan)).mandatoryCount, 1);
            const r = await checkPlan(plan, {
                policyConfig: {
                    "confused-deputy-source-conditions": { exemptServicePrincipals: ["ec2.amazonaws.com"] },
                },
            });
            assert.deepStrictEqual(r.violations, []);
        });

        it("rejects unknown policies, bad levels and config that fails the schema, listing each", async () => {
            await assert.rejects(
                checkPlan(compliantPlan(), {
                    policyConfig: {
                        nope: "advisory",
                        "kms-key-rotation-enabled": "sometimes",
                        "iam-no-wildcard-actions": { allowedActions: "s3:*" },
                    },
                }),
                (e: Error) =>
                    e instanceof PolicyConfigError &&
                    e.message.includes('"nope" is not a policy of connect-customer-profiles-guard') &&
                    e.message.includes(
                        'kms-key-rotation-enabled: enforcement level "sometimes" is not one of advisory, mandatory, remediate, disabled',
                    ) &&
                    e.message.includes("iam-no-wildcard-actions: /allowedActions must be array"),
            );
        });
    });

    describe("npm run policy -- check", () => {
        it("exits 0 on a compliant plan and prints the summary", async () => {
            const r = await cli(["check", write("ok.json", compliantPlan())]);
            assert.strictEqual(r.code, 0);
            assert.match(
                r.out,
                /Policy pack connect-customer-profiles-guard@v0\.1\.0: 10 resources, 0 mandatory and 0 advisory violations/,
            );
        });

        it("exits 1 on a mandatory violation, grouped under the resource", async () => {
            const r = await cli(["check", write("bad.json", rotationOff())]);
            assert.strictEqual(r.code, 1);
            assert.ok(
                r.out.includes(
                    "aws:kms/key:Key profiles-key (urn:pulumi:dev::connect-customer-profiles::aws:kms/key:Key::profiles-key)\n    [mandatory] kms-key-rotation-enabled: automatic key rotation is off",
                ),
                r.out,
            );
        });

        it("--json prints the report; --policy-config downgrades to exit 0", async () => {
            const file = write("bad2.json", rotationOff());
            const j = await cli(["check", file, "--json"]);
            assert.strictEqual(JSON.parse(j.out).violations[0].policyName, "kms-key-rotation-enabled");
            const c = await cli([
                "check",
                file,
                "--policy-config",
                write("cfg.json", { "kms-key-rotation-enabled": { enforcementLevel: "advisory" } }),
            ]);
            assert.strictEqual(c.code, 0);
            assert.match(c.out, /\[advisory\] kms-key-rotation-enabled/);
        });

        it("exits 2 on unreadable input or config", async () => {
            assert.strictEqual((await cli(["check", path.join(tmp, "missing.json")])).code, 2);
            assert.strictEqual((await cli(["check", write("junk.json", "{not json")])).code, 2);
            assert.strictEqual(
                (
                    await cli([
                        "check",
                        write("ok2.json", compliantPlan()),
                        "--policy-config",
                        write("badcfg.json", { nope: 1 }),
                    ])
                ).code,
                2,
            );
            assert.strictEqual((await cli(["frobnicate"])).code, 2);
        });
    });
});
