// The reviewer diff over real offline plans of dev-stack variants: exact statement-level policy
// lines, replacement warnings naming the create-only property, violations introduced and fixed,
// the 64 KB cap, and secrets never shown.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Plan, PlanStep, ResourceState } from "../../tools/lib/plan-format";
import { checkPlan } from "../../tools/lib/analyzer";
import { loadCreateOnlyCatalog } from "../../tools/lib/create-only";
import {
    COMMENT_MARKER,
    diffPlans,
    diffPolicyDocuments,
    PlanDiff,
    renderMarkdown,
    renderSummary,
    ResourceChange,
} from "../../tools/lib/diff";
import { main as diffMain } from "../../tools/diff";
import { devConfig, planFor } from "../support/plan";

const CATALOG = loadCreateOnlyCatalog();
const DOMAIN = devConfig()["connect-customer-profiles:domainName"] as string;

function clone<T>(v: T): T {
    return JSON.parse(JSON.stringify(v));
}

function change(diff: PlanDiff, name: string): ResourceChange {
    const found = diff.changes.filter((c) => c.name === name);
    assert.strictEqual(
        found.length,
        1,
        `expected one change of ${name}, got ${diff.changes.map((c) => `${c.kind} ${c.name}`).join(", ")}`,
    );
    return found[0];
}

function stateOf(plan: Plan, name: string): ResourceState {
    const s = plan.steps.find((x) => x.urn.endsWith(`::${name}`));
    assert.ok(s?.newState, `no ${name} in plan`);
    return s.newState;
}

function lines(markdown: string): string[] {
    return markdown.split("\n");
}

/** The domain key's object-type source ARNs of a dev-stack domain, as the diff prints them. */
const objectTypeArns = (domain: string) =>
    ["CTR", "Salesforce-Account", "LoyaltyMember"]
        .flatMap((t) => [
            `arn:aws:profile:eu-west-2:123456789012:domains/${domain}/objects/${t}`,
            `arn:aws:profile:eu-west-2:123456789012:domains/${domain}/object-types/${t}`,
        ])
        .join(" | ");

describe("reviewer diff: dev-stack variants through the offline plan", function () {
    let base: Plan;
    let widened: Plan;
    let renamed: Plan;

    before(async function () {
        base = await planFor(devConfig());
        const callers = devConfig()["connect-customer-profiles:profileApiCallers"] as string[];
        widened = await planFor({
            ...devConfig(),
            "connect-customer-profiles:profileApiCallers": [
                ...callers,
                "arn:aws:iam::123456789012:role/marketing-export",
            ],
        });
        renamed = await planFor({
            ...devConfig(),
            "connect-customer-profiles:domainName": "amazon-connect-examplecorp-renamed",
        });
    });

    it("the same plan twice: no changes", function () {
        const diff = diffPlans(base, clone(base), { catalog: CATALOG });
        assert.deepStrictEqual(diff.changes, []);
        assert.strictEqual(diff.unchanged, base.steps.filter((s) => s.newState?.custom).length);
        assert.ok(renderMarkdown(diff).includes("No resource changes."));
    });

    it("a widened key policy (a new profile API caller) reads statement by statement", function () {
        const diff = diffPlans(base, widened, { catalog: CATALOG });
        const key = change(diff, "profiles-key");
        assert.strictEqual(key.kind, "update");
        assert.deepStrictEqual(key.replaceReasons, []);
        assert.deepStrictEqual(key.policies, [
            {
                key: "policy",
                lines: [
                    '@@ statement "ProfileApiCallersUseKeyThroughCustomerProfiles": Allow @@',
                    "+ kms:Decrypt, kms:GenerateDataKey for arn:aws:iam::123456789012:role/marketing-export on *",
                ],
            },
        ]);
        // Nothing else changes: the caller policy is a stack output, not a resource; and the
        // integration workflow's backfill batches, which end "now" and so differ between any two
        // runs, are under ignoreChanges, as the engine would treat them.
        assert.deepStrictEqual(
            diff.changes.map((c) => `${c.kind} ${c.name}`),
            ["update profiles-key"],
        );
        const md = lines(renderMarkdown(diff));
        const at = md.indexOf('@@ statement "ProfileApiCallersUseKeyThroughCustomerProfiles": Allow @@');
        assert.ok(at > 0);
        assert.strictEqual(md[at - 1], "```diff");
        assert.strictEqual(
            md[at + 1],
            "+ kms:Decrypt, kms:GenerateDataKey for arn:aws:iam::123456789012:role/marketing-export on *",
        );
        assert.strictEqual(md[at + 2], "```");
        assert.ok(
            md.some((l) =>
                /^Offline plans compared by URN: \*\*0 to replace, 0 to delete, [12] to update, 0 to create\*\*; \d+ unchanged\.$/.test(
                    l,
                ),
            ),
        );
        assert.ok(!md.some((l) => l.includes("[!CAUTION]")));
    });

    it("an action added to a key-policy statement reads `+ ACTION for PRINCIPALS on RESOURCES`", function () {
        const head = clone(base);
        const key = stateOf(head, "profiles-key");
        const doc = JSON.parse(key.inputs.policy as string);
        const stmt = doc.Statement.find(
            (s: { Sid: string }) => s.Sid === "ProfileApiCallersUseKeyThroughCustomerProfiles",
        );
        stmt.Action.push("kms:Encrypt");
        key.inputs.policy = JSON.stringify(doc);
        const diff = diffPlans(base, head, { catalog: CATALOG });
        assert.deepStrictEqual(change(diff, "profiles-key").policies[0].lines, [
            '@@ statement "ProfileApiCallersUseKeyThroughCustomerProfiles": Allow @@',
            "+ kms:Encrypt for arn:aws:iam::123456789012:role/contact-center-agent-desktop, arn:aws:iam::123456789012:role/crm-sync on *",
        ]);
    });

    it("a renamed domain: replacements, data-loss warnings naming the create-only property", function () {
        const diff = diffPlans(base, renamed, { catalog: CATALOG });
        const domain = change(diff, "profiles-domain");
        assert.strictEqual(domain.kind, "replace");
        assert.strictEqual(domain.dataLoss, true);
        assert.deepStrictEqual(domain.replaceReasons, [
            { property: "domainName", before: DOMAIN, after: "amazon-connect-examplecorp-renamed", secret: false },
        ]);
        // aws-native: from the CloudFormation schema's createOnlyProperties (DomainName, Uri).
        const integration = change(diff, "support-profiles");
        assert.strictEqual(integration.kind, "replace");
        assert.strictEqual(integration.dataLoss, false);
        assert.deepStrictEqual(
            integration.replaceReasons.map((r) => r.property),
            ["domainName"],
        );
        const objectType = change(diff, "profiles-ctr");
        assert.strictEqual(objectType.kind, "replace");
        assert.strictEqual(objectType.dataLoss, true);
        // The key is updated in place: its policy's aws:SourceArn follows the domain.
        const key = change(diff, "profiles-key");
        assert.strictEqual(key.kind, "update");
        assert.deepStrictEqual(key.policies.find((p) => p.key === "policy")?.lines, [
            '@@ statement "CustomerProfilesUsesKeyForThisDomain": Allow @@',
            `-   when StringEquals aws:SourceArn = arn:aws:profile:eu-west-2:123456789012:domains/${DOMAIN}`,
            "+   when StringEquals aws:SourceArn = arn:aws:profile:eu-west-2:123456789012:domains/amazon-connect-examplecorp-renamed",
            '@@ statement "CustomerProfilesUsesKeyForObjectTypes": Allow @@',
            `-   when ArnEquals aws:SourceArn = ${objectTypeArns(DOMAIN)}`,
            `+   when ArnEquals aws:SourceArn = ${objectTypeArns("amazon-connect-examplecorp-renamed")}`,
        ]);
        // Replacements come first, data-destroying ones before the rest.
        assert.strictEqual(diff.changes[0].kind, "replace");
        assert.strictEqual(diff.changes[0].dataLoss, true);

        const md = lines(renderMarkdown(diff));
        const caution = md.indexOf("> [!CAUTION]", md.findIndex((l) => l.includes("`profiles-domain`")) - 1);
        assert.strictEqual(
            md[caution + 1],
            "> **`profiles-domain` (`aws:customerprofiles/domain:Domain`) will be REPLACED (deleted and created again): every profile, profile object, object type and integration in the domain is deleted.** " +
                `Create-only property changed: \`domainName\`: \`${DOMAIN}\` → \`amazon-connect-examplecorp-renamed\`. ` +
                "The resource is protected: `pulumi up` refuses until `protect` is lifted, which must be a deliberate decision.",
        );
        assert.ok(
            md.includes(
                "> `support-profiles` (`aws-native:customerprofiles:Integration`) will be replaced. " +
                    `Create-only property changed: \`domainName\`: \`${DOMAIN}\` → \`amazon-connect-examplecorp-renamed\`.`,
            ),
        );
        assert.strictEqual(md[0], COMMENT_MARKER);
        // The graph shows the replaced domain with its class (rendered without the comment-size limit:
        // renaming the domain of the full dev stack changes more than one comment holds).
        const full = lines(renderMarkdown(diff, { maxBytes: 1024 * 1024 }));
        const graph = full.slice(full.indexOf("```mermaid"));
        assert.ok(graph.some((l) => /^ {4}class .*\bprofiles_domain\b.* replace$/.test(l)));
    });

    it("policy violations introduced by a change, and fixed by its reversal", async function () {
        const broken = clone(base);
        const key = stateOf(broken, "profiles-key");
        const doc = JSON.parse(key.inputs.policy as string);
        delete doc.Statement.find((s: { Sid: string }) => s.Sid === "CustomerProfilesUsesKeyForThisDomain").Condition;
        key.inputs.policy = JSON.stringify(doc);
        const [baseReport, brokenReport] = [await checkPlan(base), await checkPlan(broken)];

        const worse = diffPlans(base, broken, { catalog: CATALOG, baseReport, headReport: brokenReport });
        assert.deepStrictEqual(
            worse.policy!.introduced.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.resourceName}`),
            [
                // the stack rules read the edited inputs, not the stale outputs
                "mandatory confused-deputy-source-conditions profiles-key",
                "mandatory kms-least-privilege-grants profiles-key",
                // the service statement, bound to neither a source nor a service, lets any request use the key
                "mandatory kms-key-conditions profiles-key",
                "mandatory customer-profiles-domain-protection profiles-key",
            ],
        );
        assert.deepStrictEqual(worse.policy!.fixed, []);
        assert.deepStrictEqual(change(worse, "profiles-key").policies[0].lines, [
            '@@ statement "CustomerProfilesUsesKeyForThisDomain": Allow @@',
            "-   when StringEquals aws:SourceAccount = 123456789012",
            `-   when StringEquals aws:SourceArn = arn:aws:profile:eu-west-2:123456789012:domains/${DOMAIN}`,
        ]);
        const md = lines(renderMarkdown(worse));
        assert.ok(
            md.some(
                (l) =>
                    l.startsWith("`connect-customer-profiles-guard@v") &&
                    l.includes(": **4 violations introduced, 0 fixed** by this change"),
            ),
        );
        assert.ok(
            md.some((l) =>
                l.startsWith(
                    '| introduced | mandatory | `confused-deputy-source-conditions` | `profiles-key` | policy: statement 1 ("CustomerProfilesUsesKeyForThisDomain"): lets profile.amazonaws.com act for',
                ),
            ),
        );

        const better = diffPlans(broken, base, { catalog: CATALOG, baseReport: brokenReport, headReport: baseReport });
        assert.deepStrictEqual(better.policy!.introduced, []);
        assert.deepStrictEqual(
            better.policy!.fixed.map((v) => v.policyName),
            [
                "confused-deputy-source-conditions",
                "kms-least-privilege-grants",
                "kms-key-conditions",
                "customer-profiles-domain-protection",
            ],
        );
        assert.ok(
            lines(renderMarkdown(better)).some((l) =>
                l.includes(": **0 violations introduced, 4 fixed** by this change"),
            ),
        );
    });

    it("deletes and creates by URN (a Connect instance removed, another added)", function () {
        const head = clone(base);
        head.steps = head.steps.filter((s) => !s.urn.endsWith("::support-instance"));
        const extra = clone(base.steps.find((s) => s.urn.endsWith("::profiles-dlq"))!);
        extra.urn = extra.urn.replace("::profiles-dlq", "::profiles-dlq-2");
        extra.newState!.urn = extra.urn;
        head.steps.push(extra);
        const diff = diffPlans(base, head, { catalog: CATALOG });
        const gone = change(diff, "support-instance");
        assert.strictEqual(gone.kind, "delete");
        assert.strictEqual(gone.dataLoss, true);
        assert.strictEqual(change(diff, "profiles-dlq-2").kind, "create");
        const md = renderMarkdown(diff);
        assert.ok(
            md.includes(
                "> **`support-instance` (`aws:connect/instance:Instance`) will be DELETED: the instance's users, flows, queues, phone numbers and contact history are deleted.**",
            ),
        );
    });

    it("--fail-on data-loss exits 1 after writing the comment when a replacement destroys data (issue 24)", async function () {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-"));
        fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify(base));
        fs.writeFileSync(path.join(dir, "head.json"), JSON.stringify(renamed));
        const files = [path.join(dir, "base.json"), path.join(dir, "head.json")];
        const md = path.join(dir, "diff.md");
        let out = "";
        let err = "";
        const code = await diffMain(
            [...files, "--markdown", md, "--no-policy", "--fail-on", "data-loss"],
            (s) => (out += s),
            (s) => (err += s),
        );
        assert.strictEqual(code, 1, err);
        assert.ok(out.includes("DATA LOSS"), out);
        assert.ok(fs.readFileSync(md, "utf8").startsWith(COMMENT_MARKER));
        assert.strictEqual(
            err,
            "--fail-on data-loss: 5 replacements or deletions destroy data (replace profiles-ctr, replace profiles-domain, " +
                "replace profile-export-stream, replace integrations-loyaltymember-object-type, " +
                "replace integrations-salesforce-account-object-type)\n",
        );
        // The same plan on both sides loses nothing; an unknown --fail-on value is a usage error.
        assert.strictEqual(
            await diffMain(
                [files[0], files[0], "--no-policy", "--fail-on", "data-loss"],
                () => undefined,
                () => undefined,
            ),
            0,
        );
        err = "";
        assert.strictEqual(
            await diffMain(
                [...files, "--fail-on", "violations"],
                () => undefined,
                (s) => (err += s),
            ),
            2,
        );
        assert.ok(err.startsWith('--fail-on: "violations" is not valid; expected data-loss\n'), err);
    });

    it("reads a real `pulumi preview --json` of a new stack (every step a create) on its own (issue 24)", async function () {
        const fixture = path.join(__dirname, "..", "fixtures", "preview", "new-stack-all-create.json");
        const preview = JSON.parse(fs.readFileSync(fixture, "utf8"));
        assert.ok(preview.steps.every((s: { op: string; oldState?: unknown }) => s.op === "create" && !s.oldState));
        assert.strictEqual(preview.source, undefined);
        let out = "";
        let err = "";
        const code = await diffMain(
            [fixture, "--no-policy"],
            (s) => (out += s),
            (s) => (err += s),
        );
        assert.strictEqual(code, 0, err);
        const created = preview.steps.filter(
            (s: { newState: { custom: boolean; type: string } }) =>
                s.newState.custom && !s.newState.type.startsWith("pulumi:providers:"),
        ).length;
        assert.ok(
            out.includes(
                `From \`pulumi preview --json\`: **0 to replace, 0 to delete, 0 to update, ${created} to create**`,
            ),
            out.slice(0, 400),
        );
    });

    it("the CLI writes the comment and exits 0; unreadable input exits 2", async function () {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-"));
        fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify(base));
        fs.writeFileSync(path.join(dir, "head.json"), JSON.stringify(renamed));
        let out = "";
        let err = "";
        const code = await diffMain(
            [
                path.join(dir, "base.json"),
                path.join(dir, "head.json"),
                "--markdown",
                path.join(dir, "diff.md"),
                "--no-policy",
            ],
            (s) => (out += s),
            (s) => (err += s),
        );
        assert.strictEqual(code, 0, err);
        assert.ok(
            out.includes(
                "± replace aws:customerprofiles/domain:Domain profiles-domain  DATA LOSS (create-only: domainName)",
            ),
        );
        assert.ok(fs.readFileSync(path.join(dir, "diff.md"), "utf8").startsWith(COMMENT_MARKER));
        err = "";
        assert.strictEqual(
            await diffMain(
                [path.join(dir, "base.json")],
                () => undefined,
                (s) => (err += s),
            ),
            2,
        );
        assert.ok(err.startsWith(`${path.join(dir, "base.json")} is not a real \`pulumi preview --json\` output`));
        err = "";
        assert.strictEqual(
            await diffMain(
                [path.join(dir, "missing.json"), path.join(dir, "head.json")],
                () => undefined,
                (s) => (err += s),
            ),
            2,
        );
        assert.ok(err.startsWith(`cannot read plan ${path.join(dir, "missing.json")}`));
    });
});

describe("reviewer diff: pure parts", function () {
    const plan = (states: ResourceState[], extra: Partial<Plan> = {}): Plan => ({
        steps: states.map((s) => ({ op: "create", urn: s.urn, newState: s })),
        changeSummary: {},
        source: { kind: "offline", stack: "dev" },
        ...extra,
    });
    const urn = (type: string, name: string) => `urn:pulumi:dev::connect-customer-profiles::${type}::${name}`;
    const st = (type: string, name: string, inputs: Record<string, unknown>, protect = false): ResourceState => ({
        urn: urn(type, name),
        custom: true,
        type,
        inputs,
        protect,
        dependencies: [],
    });

    it("identity policies read `+ ACTION for RESOURCE`", function () {
        const before = {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "Read",
                    Effect: "Allow",
                    Action: "kinesis:GetRecords",
                    Resource: "arn:aws:kinesis:eu-west-2:123456789012:stream/s",
                },
            ],
        };
        const after = {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "Read",
                    Effect: "Allow",
                    Action: ["kinesis:GetRecords", "kms:Decrypt"],
                    Resource: ["arn:aws:kinesis:eu-west-2:123456789012:stream/s"],
                },
            ],
        };
        assert.deepStrictEqual(diffPolicyDocuments(before, after), [
            '@@ statement "Read": Allow @@',
            "+ kms:Decrypt for arn:aws:kinesis:eu-west-2:123456789012:stream/s",
        ]);
        // Reformatting (string vs list, key order) is no change.
        assert.deepStrictEqual(
            diffPolicyDocuments(before, {
                Statement: [
                    {
                        Resource: ["arn:aws:kinesis:eu-west-2:123456789012:stream/s"],
                        Action: ["kinesis:GetRecords"],
                        Effect: "Allow",
                        Sid: "Read",
                    },
                ],
            }),
            [],
        );
    });

    it("new and removed statements, principals and resources; Deny and wildcards spelled out", function () {
        const before = {
            Statement: [
                {
                    Sid: "Old",
                    Effect: "Allow",
                    Principal: { Service: "profile.amazonaws.com" },
                    Action: "sqs:SendMessage",
                    Resource: "arn:aws:sqs:eu-west-2:123456789012:q",
                },
            ],
        };
        const after = {
            Statement: [
                {
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sqs:*",
                    Resource: "arn:aws:sqs:eu-west-2:123456789012:q",
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
                {
                    Sid: "Old",
                    Effect: "Allow",
                    Principal: { Service: "profile.amazonaws.com", AWS: "arn:aws:iam::123456789012:role/x" },
                    Action: "sqs:SendMessage",
                    Resource: ["arn:aws:sqs:eu-west-2:123456789012:q", "arn:aws:sqs:eu-west-2:123456789012:r"],
                },
            ],
        };
        assert.deepStrictEqual(diffPolicyDocuments(before, after), [
            '@@ statement "Old": Allow @@',
            "+ sqs:SendMessage for arn:aws:iam::123456789012:role/x on arn:aws:sqs:eu-west-2:123456789012:q, arn:aws:sqs:eu-west-2:123456789012:r",
            "+ sqs:SendMessage for service profile.amazonaws.com, arn:aws:iam::123456789012:role/x on arn:aws:sqs:eu-west-2:123456789012:r",
            "+ statement (no Sid): Deny",
            "+ Deny sqs:* for anyone (*) on arn:aws:sqs:eu-west-2:123456789012:q",
            "+   when Bool aws:SecureTransport = false",
        ]);
        assert.deepStrictEqual(diffPolicyDocuments(after, undefined).slice(0, 2), [
            "- statement (no Sid): Deny",
            "- Deny sqs:* for anyone (*) on arn:aws:sqs:eu-west-2:123456789012:q",
        ]);
    });

    it("secrets are never shown: placeholders, stack-export ciphertext, create-only secrets", function () {
        const sig = "4dabf18193072939515e22adb298388d";
        const secretObj = (ciphertext: string) => ({ [sig]: "1b47061264138c4ac30d75fd1eb44270", ciphertext });
        const base = plan([
            st("aws:sns/topicSubscription:TopicSubscription", "alarms-email", {
                topic: "arn:aws:sns:eu-west-2:123456789012:t",
                protocol: "email",
                endpoint: secretObj("v1:AAAAplaintext-old@example.com"),
            }),
            st("aws:appflow/connectorProfile:ConnectorProfile", "sf", {
                name: "sf",
                connectorType: "Salesforce",
                connectorProfileConfig: { credentials: { accessToken: "[secret]", clientId: "abc" } },
            }),
        ]);
        const head = plan([
            st("aws:sns/topicSubscription:TopicSubscription", "alarms-email", {
                topic: "arn:aws:sns:eu-west-2:123456789012:t",
                protocol: "email",
                endpoint: secretObj("v1:BBBBplaintext-new@example.com"),
            }),
            st("aws:appflow/connectorProfile:ConnectorProfile", "sf", {
                name: "sf",
                connectorType: "Salesforce",
                connectorProfileConfig: { credentials: { accessToken: "[secret]", clientId: "def" } },
            }),
        ]);
        const diff = diffPlans(base, head, { catalog: CATALOG });
        const md = renderMarkdown(diff);
        for (const leak of ["plaintext-old", "plaintext-new", "AAAA", "BBBB", "abc", "def"])
            assert.ok(!md.includes(leak), `${leak} leaked`);
        // Ciphertext differs but both are "[secret]": indistinguishable, so no change is claimed.
        assert.deepStrictEqual(
            diff.changes.map((c) => c.name),
            ["sf"],
        );
        assert.ok(md.includes("- `connectorProfileConfig`: [secret] (value changed; secrets are never shown)"));
        // A secret create-only property: replacement named, value hidden.
        const d2 = diffPlans(
            plan([st("aws:sqs/queue:Queue", "q", { name: "a" })]),
            plan([st("aws:sqs/queue:Queue", "q", { name: "[secret]" })]),
            { catalog: CATALOG },
        );
        assert.strictEqual(d2.changes[0].kind, "replace");
        assert.ok(renderMarkdown(d2).includes("Create-only property changed: `name` (secret value changed)."));
        assert.ok(!renderMarkdown(d2).includes("`a`"));
    });

    it("keeps the comment under 64 KB with a truncation note, warnings first", function () {
        const many: ResourceState[] = [];
        for (let i = 0; i < 600; i++) {
            many.push(
                st("aws:kms/key:Key", `key-${i}`, {
                    description: `key ${i} `.repeat(20),
                    policy: JSON.stringify({
                        Statement: [
                            {
                                Sid: `S${i}`,
                                Effect: "Allow",
                                Principal: { AWS: `arn:aws:iam::123456789012:role/r${i}` },
                                Action: ["kms:Decrypt", "kms:Encrypt"],
                                Resource: "*",
                            },
                        ],
                    }),
                }),
            );
        }
        many.push(st("aws:customerprofiles/domain:Domain", "profiles-domain", { domainName: "new-name" }, true));
        const diff = diffPlans(
            plan([st("aws:customerprofiles/domain:Domain", "profiles-domain", { domainName: "old-name" }, true)]),
            plan(many),
            { catalog: CATALOG },
        );
        const md = renderMarkdown(diff);
        assert.ok(Buffer.byteLength(md) <= 64 * 1024, `${Buffer.byteLength(md)} bytes`);
        assert.ok(md.includes("> **`profiles-domain` (`aws:customerprofiles/domain:Domain`) will be REPLACED"));
        const note = md.split("\n").find((l) => l.startsWith("> **Truncated**"));
        assert.ok(note, "no truncation note");
        assert.match(
            note,
            /^> \*\*Truncated\*\* to stay under 64 KB \(the pull-request comment limit\): \d+ of 601 resource sections, the graph left out; run `npm run diff` locally for the full diff\.$/,
        );
        // Smaller limits hold too, and code fences stay balanced.
        const small = renderMarkdown(diff, {
            maxBytes: 8192,
            fullDiffHint: "the full diff is the workflow artifact `reviewer-diff`",
        });
        assert.ok(Buffer.byteLength(small) <= 8192);
        assert.strictEqual((small.match(/^```/gm) ?? []).length % 2, 0);
        assert.ok(small.includes("the full diff is the workflow artifact `reviewer-diff`."));
    });

    it("real `pulumi preview --json`: the engine's ops, keys and old/new states are used", function () {
        const old = st("aws:sqs/queue:Queue", "dlq", { name: "dlq-a", messageRetentionSeconds: 60 });
        const steps: PlanStep[] = [
            {
                op: "same",
                urn: urn("aws:kms/key:Key", "k"),
                newState: st("aws:kms/key:Key", "k", {}),
                oldState: st("aws:kms/key:Key", "k", {}),
            },
            {
                op: "create-replacement",
                urn: old.urn,
                newState: { ...old, inputs: { name: "dlq-b", messageRetentionSeconds: 60 } },
                oldState: old,
                keys: ["name"],
            },
            {
                op: "replace",
                urn: old.urn,
                newState: { ...old, inputs: { name: "dlq-b", messageRetentionSeconds: 60 } },
                oldState: old,
                keys: ["name"],
            },
            { op: "delete-replaced", urn: old.urn, oldState: old, keys: ["name"] },
            {
                op: "update",
                urn: urn("aws:sns/topic:Topic", "t"),
                oldState: st("aws:sns/topic:Topic", "t", { displayName: "a" }),
                newState: st("aws:sns/topic:Topic", "t", { displayName: "b" }),
            },
            {
                op: "delete",
                urn: urn("aws:kinesis/stream:Stream", "s"),
                oldState: st("aws:kinesis/stream:Stream", "s", { name: "s" }),
            },
        ];
        const diff = diffPlans(
            undefined,
            { steps, changeSummary: {}, source: { kind: "preview" } },
            { catalog: CATALOG },
        );
        assert.strictEqual(diff.mode, "preview");
        assert.deepStrictEqual(
            diff.changes.map((c) => `${c.kind} ${c.name} ${c.dataLoss}`),
            ["replace dlq true", "delete s true", "update t false"],
        );
        assert.deepStrictEqual(diff.changes[0].replaceReasons, [
            { property: "name", before: "dlq-a", after: "dlq-b", secret: false },
        ]);
        assert.strictEqual(diff.unchanged, 1);
    });

    it("real preview: unchanged is the change summary's `same`, or said to be not shown (never a made-up 0)", function () {
        const topic = st("aws:sns/topic:Topic", "t", { displayName: "a" });
        const update: PlanStep = {
            op: "update",
            urn: topic.urn,
            oldState: topic,
            newState: { ...topic, inputs: { displayName: "b" } },
        };
        const stack: PlanStep = {
            op: "same",
            urn: "urn:pulumi:dev::connect-customer-profiles::pulumi:pulumi:Stack::connect-customer-profiles-dev",
            newState: {
                urn: "urn:pulumi:dev::connect-customer-profiles::pulumi:pulumi:Stack::connect-customer-profiles-dev",
                type: "pulumi:pulumi:Stack",
                custom: false,
                inputs: {},
            },
        };
        const read = (changeSummary: Plan["changeSummary"]) =>
            diffPlans(undefined, { steps: [stack, update], changeSummary }, { catalog: CATALOG });
        // Only the changed steps (and the root stack), no change summary: how many stayed is not known.
        const unknown = read({});
        assert.strictEqual(unknown.unchanged, undefined);
        assert.match(
            renderMarkdown(unknown),
            /: \*\*0 to replace, 0 to delete, 1 to update, 0 to create\*\*; unchanged: not shown by this preview\.$/m,
        );
        assert.match(renderSummary(unknown), /^1 changes, unchanged: not shown by this preview$/m);
        // The change summary counts them, as `pulumi preview` prints "N unchanged".
        const counted = read({ same: 42, update: 1 });
        assert.strictEqual(counted.unchanged, 42);
        assert.match(renderMarkdown(counted), /to create\*\*; 42 unchanged\.$/m);
        assert.match(renderSummary(counted), /^1 changes, 42 unchanged$/m);
        // A summary without `same` has none (the summary leaves out ops with no step).
        assert.strictEqual(read({ update: 1 }).unchanged, 0);
    });

    it("create-only properties: schemas when present, the built-in table when missing", function () {
        assert.deepStrictEqual(CATALOG.forType("aws-native:customerprofiles:Integration"), ["DomainName", "Uri"]);
        assert.deepStrictEqual(CATALOG.forType("aws:customerprofiles/domain:Domain"), ["domainName"]);
        const missing = loadCreateOnlyCatalog(path.join(os.tmpdir(), "no-such-cfn-schemas"));
        assert.strictEqual(missing.schemasFound, false);
        assert.match(
            missing.source,
            /no-such-cfn-schemas is missing: aws-native create-only properties come from the built-in table$/,
        );
        assert.deepStrictEqual(missing.forType("aws-native:customerprofiles:Integration"), ["domainName", "uri"]);
        // The fallback table agrees with every schema it has a file for.
        for (const file of fs
            .readdirSync(path.resolve(__dirname, "..", "fixtures", "cfn-schemas"))
            .filter((f) => f.endsWith(".json"))) {
            const schema = JSON.parse(
                fs.readFileSync(path.resolve(__dirname, "..", "fixtures", "cfn-schemas", file), "utf8"),
            );
            const [, mod, name] = (schema.typeName as string).split("::");
            const type = `aws-native:${mod.toLowerCase()}:${name}`;
            const fallback = missing.forType(type);
            if (!fallback) continue;
            const fromSchema = (schema.createOnlyProperties ?? [])
                .filter((p: string) => p.split("/").length === 3)
                .map((p: string) => p.split("/")[2].toLowerCase());
            assert.deepStrictEqual(fallback.map((p) => p.toLowerCase()).sort(), fromSchema.sort(), type);
        }
    });
});
