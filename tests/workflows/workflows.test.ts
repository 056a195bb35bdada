// The GitHub Actions workflows, parsed: triggers, permissions, no secrets where fork code runs, no
// script injection, pinned actions, and every `npm run X` and file they name exists.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "js-yaml";
import { BootstrapConfig, previewRoleVariable, validateConfig } from "../../bootstrap/lib/config";
import { gates, ROLE_VARIABLE } from "../../bootstrap/lib/github";
import { readStackFile } from "../../tools/lib/offline";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, ".github", "workflows");
const SCRIPTS = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);

type Step = {
    name?: string;
    uses?: string;
    run?: string;
    with?: Record<string, any>;
    shell?: string;
    env?: Record<string, string>;
    if?: string;
    id?: string;
    "working-directory"?: string;
};
type Job = {
    if?: string;
    permissions?: Record<string, string>;
    steps: Step[];
    environment?: string;
    needs?: string | string[];
    strategy?: any;
    env?: Record<string, string>;
};
type Workflow = {
    name: string;
    on: Record<string, any>;
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
};

function load(file: string): { wf: Workflow; text: string } {
    const text = fs.readFileSync(path.join(DIR, file), "utf8");
    return { wf: YAML.load(text) as Workflow, text };
}

const FILES = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const all = FILES.map((f) => ({ file: f, ...load(f) }));
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps ?? []);
const uses = (wf: Workflow, action: string) => steps(wf).filter((s) => s.uses?.startsWith(`${action}@`));

describe("GitHub Actions workflows", function () {
    it("are the five expected workflows", function () {
        assert.deepStrictEqual(FILES.sort(), [
            "deploy.yml",
            "preview.yml",
            "pull-request-comment.yml",
            "pull-request.yml",
            "reingest.yml",
        ]);
    });

    for (const { file, wf, text } of all) {
        describe(file, function () {
            it("parses, names itself, defaults to a read-only token", function () {
                assert.ok(text.length > 0);
                assert.ok(wf.name);
                assert.ok(wf.on && Object.keys(wf.on).length > 0);
                assert.ok(wf.permissions !== undefined, "top-level permissions must be explicit");
                for (const [scope, level] of Object.entries(wf.permissions ?? {}))
                    assert.strictEqual(level, "read", `${scope}: ${level} at workflow level`);
                assert.ok(!("pull_request_target" in wf.on), "pull_request_target is not used");
            });

            it("pins every action to a full commit SHA, its version in a trailing comment", function () {
                // The text, not the parsed YAML: the comment is part of the pin (Dependabot updates both).
                const lines = text.split("\n").filter((l) => /^\s*(-\s+)?uses:/.test(l));
                assert.strictEqual(lines.length, steps(wf).filter((x) => x.uses).length);
                for (const l of lines)
                    assert.match(l, /^\s*(-\s+)?uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, l.trim());
            });

            it("never expands event data inside a shell script (script injection)", function () {
                for (const s of steps(wf).filter((x) => x.run))
                    assert.ok(
                        !/\$\{\{\s*github\.event\./.test(s.run!),
                        `${s.name ?? s.run}: pass github.event values through env`,
                    );
            });

            it("every `npm run X` exists in package.json, every repository file it names exists", function () {
                for (const s of steps(wf).filter((x) => x.run)) {
                    for (const m of s.run!.matchAll(/npm run (?:--silent )?([\w:-]+)/g))
                        assert.ok(SCRIPTS.includes(m[1]), `npm run ${m[1]} is not a package.json script`);
                    for (const m of s.run!.matchAll(
                        /(?<![\w/.$])((?:tools|policies|tests|components|\.ci)\/[\w./-]*\w)/g,
                    ))
                        if (!m[1].includes("node_modules"))
                            assert.ok(fs.existsSync(path.join(ROOT, m[1])), `${m[1]} does not exist`);
                    if (/Pulumi\.\*\.yaml/.test(s.run!))
                        assert.ok(
                            fs.readdirSync(ROOT).some((f) => /^Pulumi\..+\.yaml$/.test(f)),
                            "no Pulumi.<stack>.yaml",
                        );
                }
                // pulumi/actions with a command runs the pack; without one it only installs the CLI.
                for (const s of uses(wf, "pulumi/actions").filter((x) => x.with?.command))
                    assert.ok(
                        fs.existsSync(path.join(ROOT, s.with!.policyPacks, "PulumiPolicy.yaml")),
                        `policy pack ${s.with!.policyPacks}`,
                    );
            });
        });
    }

    describe("(a) pull-request.yml: every pull request, forks included", function () {
        const { wf, text } = load("pull-request.yml");
        it("runs on pull_request only, with contents: read and no write scope anywhere", function () {
            assert.deepStrictEqual(Object.keys(wf.on), ["pull_request"]);
            assert.deepStrictEqual(wf.permissions, { contents: "read" });
            for (const job of Object.values(wf.jobs)) assert.strictEqual(job.permissions, undefined);
        });
        it("uses no secret, no cloud credentials, no OIDC token, no persisted git credentials", function () {
            assert.ok(!/secrets\./.test(text), "a secret is referenced");
            assert.ok(!text.includes("id-token"));
            assert.strictEqual(uses(wf, "aws-actions/configure-aws-credentials").length, 0);
            assert.strictEqual(uses(wf, "pulumi/actions").length, 0);
            for (const s of uses(wf, "actions/checkout")) assert.strictEqual(s.with?.["persist-credentials"], false);
        });
        it("npm ci, lint, type-check, tests, offline plan + policy of every stack, diff against the base, artifact", function () {
            const runs = steps(wf)
                .map((s) => s.run ?? "")
                .join("\n");
            const order = [
                "npm ci",
                "npm run lint",
                "npm run typecheck",
                "npx mocha",
                'npm run --silent plan -- --all --json "$RUNNER_TEMP/plans/head"',
                "npm run --silent diff --",
            ];
            let at = -1;
            for (const cmd of order) {
                const i = runs.indexOf(cmd, at + 1);
                assert.ok(i > at, `${cmd} missing or out of order`);
                at = i;
            }
            assert.ok(runs.includes("for file in Pulumi.*.yaml"), "every stack's base plan and diff");
            assert.ok(runs.includes("--no-policy"), "the base plans skip the policy pack");
            const checkouts = uses(wf, "actions/checkout");
            assert.ok(
                checkouts.some(
                    (s) => s.with?.ref === "${{ github.event.pull_request.base.sha }}" && s.with?.path === "base",
                ),
            );
            const upload = uses(wf, "actions/upload-artifact");
            assert.strictEqual(upload.length, 1);
            assert.strictEqual(upload[0].with!.name, "reviewer-diff");
            // Mandatory violations fail the run, after the diff is uploaded.
            const all = steps(wf);
            assert.ok(all.findIndex((s) => s.run === "exit 1") > all.indexOf(upload[0]));
            // A DATA LOSS replacement or deletion fails the run too, after the upload (issue 24).
            assert.ok(runs.includes("--fail-on data-loss"), "the diff is run with --fail-on data-loss");
            const loss = all.findIndex((s) => s.if === "steps.diff.outputs.dataloss == '1'" && s.run === "exit 1");
            assert.ok(loss > all.indexOf(upload[0]), "a data-loss step after the upload");
        });
    });

    describe("pull-request-comment.yml: posts the diff from a trusted context", function () {
        const { wf, text } = load("pull-request-comment.yml");
        it("is triggered by the pull-request workflow's completion", function () {
            assert.deepStrictEqual(wf.on, {
                workflow_run: { workflows: [load("pull-request.yml").wf.name], types: ["completed"] },
            });
            assert.deepStrictEqual(wf.permissions, {});
            assert.deepStrictEqual(wf.jobs.comment.permissions, { actions: "read", "pull-requests": "write" });
        });
        it("never checks out or runs the pull request's code, and checks the artifact's pull-request number", function () {
            assert.strictEqual(uses(wf, "actions/checkout").length, 0);
            assert.ok(!steps(wf).some((s) => s.run), "no shell steps");
            const dl = uses(wf, "actions/download-artifact")[0];
            assert.strictEqual(dl.with!["run-id"], "${{ github.event.workflow_run.id }}");
            const script = uses(wf, "actions/github-script")[0].with!.script as string;
            assert.ok(script.includes("/^[0-9]{1,10}$/.test(text)"));
            assert.ok(script.includes("pr.data.head.sha !== context.payload.workflow_run.head_sha"));
            assert.ok(script.includes("<!-- connect-customer-profiles:reviewer-diff -->"));
            assert.ok(!/secrets\./.test(text));
        });
    });

    describe("(b) preview.yml: same-repository pull requests, OIDC, pulumi preview --diff with the pack", function () {
        const { wf } = load("preview.yml");
        it("skips forks and asks for id-token only on the preview job", function () {
            assert.deepStrictEqual(Object.keys(wf.on), ["pull_request"]);
            assert.deepStrictEqual(wf.permissions, { contents: "read" });
            assert.strictEqual(wf.jobs.stacks.if, "github.event.pull_request.head.repo.full_name == github.repository");
            // Dependabot's runs get no secrets (GitHub Docs, "Troubleshooting Dependabot on GitHub
            // Actions"): the credentialed job skips them rather than wait for an approval and fail.
            assert.strictEqual(
                wf.jobs.preview.if,
                "github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'",
            );
            // The pull request's code runs with credentials only once a reviewer approved the run.
            assert.strictEqual(wf.jobs.preview.environment, "preview");
            assert.deepStrictEqual(wf.jobs.preview.permissions, {
                contents: "read",
                "id-token": "write",
                "pull-requests": "write",
            });
            assert.strictEqual(wf.jobs.stacks.permissions, undefined);
        });
        it("assumes a role with OIDC and previews every stack with the policy pack, commenting", function () {
            const creds = uses(wf, "aws-actions/configure-aws-credentials");
            assert.strictEqual(creds.length, 1);
            assert.strictEqual(creds[0].with!["role-to-assume"], "${{ steps.stack.outputs.role }}");
            assert.ok(!("aws-access-key-id" in creds[0].with!));
            const pulumi = uses(wf, "pulumi/actions");
            assert.strictEqual(pulumi.length, 1);
            assert.deepStrictEqual(
                {
                    command: pulumi[0].with!.command,
                    stack: pulumi[0].with!["stack-name"],
                    diff: pulumi[0].with!.diff,
                    pack: pulumi[0].with!.policyPacks,
                    comment: pulumi[0].with!["comment-on-pr"],
                },
                { command: "preview", stack: "${{ matrix.stack }}", diff: true, pack: "policies", comment: true },
            );
            assert.strictEqual(wf.jobs.preview.strategy.matrix.stack, "${{ fromJSON(needs.stacks.outputs.stacks) }}");
        });
    });

    describe("(c) deploy.yml: pulumi up on main behind an environment approval", function () {
        const { wf } = load("deploy.yml");
        it("runs on pushes to main", function () {
            assert.deepStrictEqual(wf.on, { push: { branches: ["main"] } });
            assert.deepStrictEqual(wf.permissions, { contents: "read" });
        });
        it("every stack's update waits for its environment, with OIDC credentials and the policy pack", function () {
            const up = wf.jobs.up;
            assert.strictEqual(up.environment, "${{ matrix.stack }}");
            assert.deepStrictEqual(up.needs, ["stacks", "offline"]);
            assert.deepStrictEqual(up.permissions, { contents: "read", "id-token": "write" });
            const pulumi = up.steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));
            assert.strictEqual(pulumi.length, 1);
            assert.strictEqual(pulumi[0].with!.command, "up");
            assert.strictEqual(pulumi[0].with!.policyPacks, "policies");
            assert.strictEqual(
                up.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!.with![
                    "role-to-assume"
                ],
                "${{ vars.AWS_DEPLOY_ROLE_ARN }}",
            );
            // After the update, the stack's outputs for the doctor job (never the doctor here: the deploy
            // role cannot read what its checks read).
            assert.ok(!up.steps.some((s) => /npm run --silent doctor/.test(s.run ?? "")), "no doctor in the up job");
            const names = up.steps.map((s) => s.run ?? s.uses ?? "");
            const upAt = names.findIndex((s) => s.startsWith("pulumi/actions@"));
            const outputsAt = names.findIndex((s) => s.includes('pulumi stack output --json --stack "$STACK"'));
            const uploadAt = names.findIndex((s) => s.startsWith("actions/upload-artifact@"));
            assert.ok(upAt >= 0 && outputsAt > upAt && uploadAt > outputsAt, "up, then outputs, then upload");
            assert.ok(!names[outputsAt].includes("--show-secrets"), "no secret output in the artifact");
            assert.strictEqual(up.steps[uploadAt].with!.name, "stack-outputs-${{ matrix.stack }}");
            // Only the up and doctor jobs get an OIDC token.
            for (const [name, job] of Object.entries(wf.jobs))
                if (name !== "up" && name !== "doctor") assert.strictEqual(job.permissions, undefined);
        });
        it("a doctor job after up runs the read-only checks under the operator role, from the outputs artifact, without a Pulumi token", function () {
            const doctor = wf.jobs.doctor;
            assert.deepStrictEqual(doctor.needs, ["stacks", "up"]);
            assert.deepStrictEqual(doctor.permissions, { contents: "read", "id-token": "write" });
            // The operator role trusts this workflow's jobs in ENV-operator alone (bootstrap/lib/github.ts).
            assert.strictEqual(doctor.environment, "${{ matrix.stack }}-operator");
            assert.strictEqual(doctor.strategy.matrix.stack, "${{ fromJSON(needs.stacks.outputs.stacks) }}");
            const names = doctor.steps.map((s) => s.run ?? s.uses ?? "");
            const dl = doctor.steps.findIndex((s) => s.uses?.startsWith("actions/download-artifact@"));
            assert.strictEqual(
                doctor.steps[dl].with!.name,
                wf.jobs.up.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!.with!.name,
            );
            const creds = doctor.steps.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
            assert.strictEqual(doctor.steps[creds].with!["role-to-assume"], "${{ vars.AWS_OPERATOR_ROLE_ARN }}");
            const run = names.findIndex((s) => /npm run --silent doctor/.test(s));
            assert.ok(dl >= 0 && creds > dl && run > creds, "artifact, credentials, then the doctor");
            assert.deepStrictEqual(
                [doctor.steps[run].run, doctor.steps[run].shell],
                [
                    'npm run --silent doctor -- --outputs "$RUNNER_TEMP/outputs/outputs.json" --markdown | tee -a "$GITHUB_STEP_SUMMARY"',
                    "bash",
                ],
            );
            assert.ok(!/--probe/.test(names.join("\n")), "never the probe (it writes test data)");
            assert.ok(!/PULUMI_ACCESS_TOKEN|secrets\./.test(JSON.stringify(doctor)), "no Pulumi token, no secret");
            assert.ok(!doctor.steps.some((s) => s.uses?.startsWith("pulumi/actions@")));
        });
    });

    describe("credentials only behind the environments the bootstrap creates (issue 20)", function () {
        // The gates of every bootstrap stack of the repository (one per account): one GitHub
        // environment, workflow file and role each.
        const BOOTSTRAP_STACKS = fs
            .readdirSync(path.join(ROOT, "bootstrap"))
            .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
            .sort();
        const configs: Record<string, BootstrapConfig> = Object.fromEntries(
            BOOTSTRAP_STACKS.map((f) => [
                f,
                validateConfig(
                    Object.fromEntries(
                        Object.entries(readStackFile(path.join(ROOT, "bootstrap", f)))
                            .filter(([k]) => k.startsWith("connect-customer-profiles-bootstrap:"))
                            .map(([k, v]) => [k.split(":")[1], v]),
                    ),
                ),
            ]),
        );
        const cfg = {
            reviewers: Object.values(configs).find((c) => c.manageRepository)?.reviewers,
            environments: Object.values(configs).flatMap((c) => c.environments),
        };
        const GATES = gates(cfg);
        const STACKS = fs
            .readdirSync(ROOT)
            .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
            .filter((x): x is string => !!x)
            .sort();
        const jobs = all.flatMap(({ file, wf }) =>
            Object.entries(wf.jobs).map(([name, job]) => ({ file, wf, name, job, text: JSON.stringify(job) })),
        );
        const oidc = (j: Job) => j.permissions?.["id-token"] === "write";
        const credentialed = jobs.filter((j) => oidc(j.job) || /secrets\./.test(j.text) || j.job.environment);
        /**
         * The gates a job's environment expression names: the workflow substitutes the stack (its
         * matrix or input), so does this; a gate whose environment is not named after its stack
         * matches no job.
         */
        const gatesOf = (file: string, env: string | undefined) =>
            GATES.filter(
                (g) =>
                    g.workflow === file &&
                    env !== undefined &&
                    env.replace(/\$\{\{ (matrix|inputs)\.stack \}\}/, g.stack ?? "\u0000") === g.environment,
            );

        it("the credentialed jobs are the four expected ones", function () {
            assert.deepStrictEqual(
                credentialed.map((j) => `${j.file} ${j.name}`),
                ["deploy.yml up", "deploy.yml doctor", "preview.yml preview", "reingest.yml reingest"],
            );
        });

        it("every job holding an OIDC token or a secret runs in a bootstrap environment of its own workflow file, and assumes that environment's role", function () {
            for (const j of credentialed) {
                const matched = gatesOf(j.file, j.job.environment);
                assert.ok(
                    matched.length > 0,
                    `${j.file} ${j.name}: environment ${j.job.environment} is no environment the bootstrap creates for ${j.file}`,
                );
                const roles = new Set(matched.map((g) => g.role));
                assert.strictEqual(roles.size, 1, `${j.file} ${j.name}: ${[...roles].join(", ")}`);
                const creds = j.job.steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
                const role = [...roles][0];
                assert.deepStrictEqual(
                    creds.map((s) => s.with!["role-to-assume"]),
                    !oidc(j.job)
                        ? []
                        : role === "preview"
                          ? ["${{ steps.stack.outputs.role }}"]
                          : [`\${{ vars.${ROLE_VARIABLE[role]} }}`],
                    `${j.file} ${j.name}`,
                );
            }
            // Every gate is used by some job: no role without its workflow.
            for (const g of GATES)
                assert.ok(
                    credentialed.some((j) => gatesOf(j.file, j.job.environment).includes(g)),
                    `no job runs in ${g.environment}`,
                );
        });

        it("the preview job picks, for each stack, the preview role variable its account's bootstrap sets (the step run as GitHub runs it)", function () {
            const step = load("preview.yml").wf.jobs.preview.steps.find((s) => s.id === "stack")!;
            assert.deepStrictEqual(step.env, { STACK: "${{ matrix.stack }}", VARS: "${{ toJSON(vars) }}" });
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-step-"));
            try {
                for (const stack of STACKS) {
                    const output = path.join(dir, `${stack}.out`);
                    const role = `arn:aws:iam::123456789012:role/preview-of-${stack}`;
                    // GitHub keeps variable names in upper case; the step compares them so.
                    const vars = { [previewRoleVariable(stack)]: role, AWS_PREVIEW_ROLE_ARN_OTHER: "arn:other" };
                    const run = (v: object) =>
                        execFileSync("bash", ["-e", "-c", step.run!], {
                            cwd: ROOT,
                            env: { ...process.env, STACK: stack, VARS: JSON.stringify(v), GITHUB_OUTPUT: output },
                            stdio: ["ignore", "pipe", "pipe"],
                        });
                    fs.writeFileSync(output, "");
                    run(vars);
                    const region = readStackFile(path.join(ROOT, `Pulumi.${stack}.yaml`))["aws:region"];
                    assert.strictEqual(fs.readFileSync(output, "utf8"), `region=${region}\nrole=${role}\n`);
                    // Without its variable the job stops, naming it.
                    assert.throws(
                        () => run({ AWS_PREVIEW_ROLE_ARN_OTHER: "arn:other" }),
                        (e: { stderr: Buffer }) =>
                            e.stderr
                                .toString()
                                .includes(`environment preview has no variable ${previewRoleVariable(stack)}`),
                    );
                }
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("every stack of the program has exactly one bootstrap entry, named after it, and exactly one bootstrap stack owns the repository's settings", function () {
            const entries = Object.entries(configs).flatMap(([f, c]) => c.environments.map((e) => ({ f, e })));
            for (const stack of STACKS) {
                const of = entries.filter(({ e }) => e.stack === stack);
                assert.deepStrictEqual(
                    of.map(({ e }) => e.name),
                    [stack],
                    `stack ${stack}: bootstrap entries ${of.map(({ f, e }) => `${f} ${e.name}`).join(", ") || "none"}`,
                );
            }
            assert.deepStrictEqual(
                Object.entries(configs)
                    .filter(([, c]) => c.manageRepository)
                    .map(([f]) => f).length,
                1,
                "manageRepository: true in exactly one bootstrap stack",
            );
            // One GitHub environment per name, case-insensitively, across the accounts.
            const names = GATES.map((g) => g.environment.toLowerCase());
            assert.deepStrictEqual(
                names.filter((n, i) => names.indexOf(n) !== i),
                [],
            );
        });

        it("no workflow is callable or calls one of the repository (job_workflow_ref would name the called file at the caller's choice of ref)", function () {
            // GitHub Docs, "Using OpenID Connect with reusable workflows": workflow and ref describe the
            // caller, job_workflow_ref the called workflow. The trusts bind job_workflow_ref only; an
            // uncallable deploy.yml makes its ref the run's own, which the branch policy checks.
            for (const { file, wf, text } of all) {
                assert.ok(!("workflow_call" in wf.on), `${file} declares workflow_call`);
                for (const [name, job] of Object.entries(wf.jobs))
                    assert.strictEqual((job as { uses?: string }).uses, undefined, `${file} ${name} calls a workflow`);
                assert.ok(!/^\s*uses:\s*\.\/\.github\/workflows\//m.test(text), file);
            }
        });

        it("PULUMI_ACCESS_TOKEN only in jobs bound to a bootstrap environment (an environment secret), never at workflow level", function () {
            for (const { file, wf, text } of all) {
                assert.ok(!/secrets\./.test(JSON.stringify(wf.on ?? {})), file);
                assert.ok(!/secrets\./.test(JSON.stringify((wf as any).env ?? {})), `${file}: workflow-level env`);
                if (!text.includes("PULUMI_ACCESS_TOKEN")) continue;
                for (const [name, job] of Object.entries(wf.jobs))
                    if (JSON.stringify(job).includes("secrets.PULUMI_ACCESS_TOKEN"))
                        assert.ok(
                            gatesOf(file, job.environment).length > 0,
                            `${file} ${name}: no bootstrap environment`,
                        );
            }
        });

        it("a job triggered by a pull request gets credentials only in the reviewed preview environment, for the read-only preview role", function () {
            for (const j of jobs.filter((x) => "pull_request" in x.wf.on || "pull_request_target" in x.wf.on))
                if (oidc(j.job) || /secrets\./.test(j.text))
                    assert.deepStrictEqual(
                        gatesOf(j.file, j.job.environment).map((g) => g.role),
                        ["preview"],
                        `${j.file} ${j.name}`,
                    );
        });

        it("no install script runs in a credentialed job: npm ci --ignore-scripts, and the one script needed run by name", function () {
            for (const j of credentialed) {
                const runs = j.job.steps.map((s) => s.run ?? "").join("\n");
                assert.ok(!/\b(npm (install|i|add|rebuild)|yarn|pnpm)\b/.test(runs), `${j.file} ${j.name}: ${runs}`);
                for (const m of runs.matchAll(/npm ci[^\n]*/g))
                    assert.ok(m[0].includes("--ignore-scripts"), `${j.file} ${j.name}: ${m[0]}`);
                if (j.job.steps.some((s) => s.with?.policyPacks))
                    assert.ok(
                        runs.includes("node tools/link-policy-modules.js"),
                        `${j.file} ${j.name}: the policy pack needs package.json's postinstall`,
                    );
            }
            // That is the only install script of the package itself.
            const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
            assert.deepStrictEqual(
                Object.keys(pkg.scripts).filter((k) => /^(pre|post)?install$|^prepare$/.test(k)),
                ["postinstall"],
            );
            assert.strictEqual(pkg.scripts.postinstall, "node tools/link-policy-modules.js");
        });

        it("reingest.yml offers exactly the program's stacks (an unknown one would name an environment GitHub creates unprotected)", function () {
            const { wf } = load("reingest.yml");
            assert.deepStrictEqual(Object.keys(wf.on), ["workflow_dispatch"]);
            assert.deepStrictEqual([...wf.on.workflow_dispatch.inputs.stack.options].sort(), STACKS);
            assert.strictEqual(wf.on.workflow_dispatch.inputs.stack.type, "choice");
            assert.deepStrictEqual(wf.on.workflow_dispatch.inputs.apply, {
                description: "Really re-send (else a dry run that checks the export)",
                required: false,
                type: "boolean",
                default: false,
            });
            assert.ok(
                !uses(wf, "actions/upload-artifact").length,
                "the messages (customer data) never leave the runner",
            );
            // Credentials before the backend: `pulumi login s3://...` reads the state with them.
            const job = wf.jobs.reingest.steps;
            const creds = job.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
            const login = job.findIndex((s) => (s.run ?? "").includes('pulumi login "$BACKEND_URL"'));
            assert.ok(creds >= 0 && login > creds, "AWS credentials before pulumi login");
            assert.strictEqual(job[creds].with!["aws-region"], "${{ steps.region.outputs.region }}");
            assert.ok(job.findIndex((s) => s.id === "region") < creds);
        });

        it("Dependabot keeps the pinned actions and the npm lockfile current", function () {
            const dep = YAML.load(fs.readFileSync(path.join(ROOT, ".github", "dependabot.yml"), "utf8")) as any;
            assert.strictEqual(dep.version, 2);
            assert.deepStrictEqual(
                dep.updates.map((u: any) => `${u["package-ecosystem"]} ${u.directory}`),
                ["github-actions /", "npm /"],
            );
        });
    });
});
