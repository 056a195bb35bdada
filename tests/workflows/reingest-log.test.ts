// reingest.yml keeps the doctor's per-message lines (each names an object: its objectId can be an
// AccountNumber, tools/doctor/triage.ts ID_FIELDS) in a 0600 file of the runner, and shows the job
// log only the lines its SUMMARY pattern keeps. The doctor is run here as the workflow runs it
// (export, dry run, --apply with one object refused) and the pattern applied to what it printed.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "js-yaml";
import { healthy, OUTPUTS, run } from "../doctor/support";

const ROOT = path.resolve(__dirname, "..", "..");
const workflow = YAML.load(fs.readFileSync(path.join(ROOT, ".github", "workflows", "reingest.yml"), "utf8")) as any;
const step = (workflow.jobs.reingest.steps as any[]).find((s) => /doctor -- dlq reingest/.test(s.run ?? ""));
const SUMMARY = new RegExp(step.env.SUMMARY);
/** What the job log shows of the doctor's output: `grep -E "$SUMMARY"` over stdout and stderr. */
const logged = (r: { out: string; err: string }) => (r.out + r.err).split("\n").filter((l) => SUMMARY.test(l));

const IDS = ["ACCT-0001", "ACCT-0002", "ACCT-0003"];

describe("reingest.yml: no object identifier reaches the job log", function () {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "reingest-log-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('every doctor command of the step writes to a file of the runner, the log gets grep -E "$SUMMARY" of it', function () {
        const doctor = (step.run as string).split("\n").filter((l) => l.includes("npm run --silent doctor"));
        assert.strictEqual(doctor.length, 2);
        for (const l of doctor) assert.match(l, / > "\$dir\/(export|reingest)\.log" 2>&1 \|\| status=\$\?$/);
        assert.match(step.run, /^umask 077$/m);
        assert.strictEqual(
            (step.run as string).match(/grep -E "\$SUMMARY" "\$dir\/(export|reingest)\.log"/g)?.length,
            2,
        );
        assert.ok(!/\btee\b|cat "\$dir|GITHUB_STEP_SUMMARY/.test(step.run), "nothing else prints the files");
    });

    it("export, dry run and --apply: the summary lines are kept, no line naming an object is", async function () {
        const account = healthy();
        const body = (id: string) =>
            JSON.stringify({
                errorMessage: "The UNIQUE key or PROFILE key does not exist in the profile object",
                objectTypeName: "Salesforce-Account",
                object: JSON.stringify({ AccountNumber: id }),
            });
        account.ReceiveMessage = [
            {
                output: {
                    Messages: IDS.map((id, i) => ({
                        MessageId: `m-${i}`,
                        ReceiptHandle: `r-${i}`,
                        Body: body(id),
                        Attributes: { SentTimestamp: "1764370800000" },
                    })),
                },
            },
            { output: { Messages: [] } },
        ];
        const file = path.join(dir, "dlq.jsonl");
        const exported = await run(["dlq", "export", file, "--outputs", OUTPUTS], account);
        assert.strictEqual(exported.code, 0, exported.err);
        assert.ok(fs.readFileSync(file, "utf8").includes(IDS[0]), "the export holds the identifiers");

        const dry = await run(["dlq", "reingest", file, "--outputs", OUTPUTS], healthy());
        const applyAccount = healthy();
        applyAccount.PutProfileObject = [
            {
                input: { Object: JSON.stringify({ AccountNumber: IDS[1] }) },
                error: { name: "BadRequestException", message: `object ${IDS[1]} refused` },
            },
            { output: { ProfileObjectUniqueKey: "k" } },
        ];
        applyAccount.ChangeMessageVisibility = { output: {} };
        applyAccount.DeleteMessage = { output: {} };
        const applied = await run(
            ["dlq", "reingest", file, "--apply", "--interval-ms", "0", "--outputs", OUTPUTS],
            applyAccount,
        );
        // The doctor does print the identifiers (one line per object): the filter is what keeps them out.
        for (const r of [dry, applied]) assert.ok((r.out + r.err).includes(IDS[0]), r.out + r.err);
        const log = [exported, dry, applied].flatMap(logged);
        for (const id of IDS)
            assert.deepStrictEqual(
                log.filter((l) => l.includes(id)),
                [],
                `${id} in the job log`,
            );
        assert.deepStrictEqual(
            log.map((l) => l.replace(/[0-9]+/g, "N").slice(0, 60)),
            [
                "exported N messages written to " + file.replace(/[0-9]+/g, "N"),
                "remaining in the queue: about N visible, N in flight (Approxim",
                "dry run: N objects would be re-sent to amazon-connect-examplec",
                "N accepted (N DeleteMessage accepted), N refused and kept in t",
                "SQS documents that DeleteMessage with a receipt that is not th",
                "remaining in the queue: about N visible, N in flight (Approxim",
            ].map((l) => l.slice(0, 60)),
        );
    });
});
