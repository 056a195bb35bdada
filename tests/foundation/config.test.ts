import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "js-yaml";
import {
    ConfigError,
    crossCheck,
    formatProblems,
    MAX_EXPIRATION_DAYS,
    stackConfigSchema,
    validate,
} from "../../components/config";
import { runOfflinePlan, REPO_ROOT } from "../../tools/lib/offline";
import { ACCOUNT, REGION } from "../support/plan";

const P = "connect-customer-profiles";
const ARN = `arn:aws:connect:${REGION}:${ACCOUNT}:instance/11111111-2222-3333-4444-555555555555`;
const base = () => ({ domainName: "amazon-connect-test", connectInstances: [{ name: "main", arn: ARN }] as unknown[] });

/** Every problem line for a raw config (schema + cross checks), as the user sees it. */
function problemLines(raw: Record<string, unknown>): string[] {
    const r = validate(stackConfigSchema, raw);
    const problems = [...(r.ok ? [] : r.problems), ...crossCheck(raw)];
    return problems.length ? formatProblems(problems).split("\n").slice(1) : [];
}

describe("stack configuration", () => {
    it("accepts a minimal config and applies the defaults", () => {
        const r = validate(stackConfigSchema, base());
        assert.ok(r.ok);
        assert.equal(r.value.defaultExpirationDays, 366);
        assert.equal(r.value.deadLetterQueue, true);
        assert.equal(r.value.protectResources, true);
        assert.deepEqual(r.value.profileApiCallers, []);
        assert.deepEqual(r.value.tags, {});
    });

    it("declares the same defaults in Pulumi.yaml as the schema applies", () => {
        const project = YAML.load(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as any;
        const r = validate(stackConfigSchema, base());
        assert.ok(r.ok);
        for (const [key, decl] of Object.entries<{ default?: unknown }>(project.config)) {
            if (decl.default !== undefined)
                assert.deepEqual((r.value as Record<string, unknown>)[key], decl.default, key);
        }
        assert.equal(project.config.defaultExpirationDays.type, "integer");
        assert.equal(project.config.domainName.type, "string");
    });

    it(`allows expiration up to ${MAX_EXPIRATION_DAYS} days (the service quota), not the schema's 1098`, () => {
        assert.ok(validate(stackConfigSchema, { ...base(), defaultExpirationDays: 1096 }).ok);
        assert.ok(validate(stackConfigSchema, { ...base(), defaultExpirationDays: 1 }).ok);
        assert.ok(!validate(stackConfigSchema, { ...base(), defaultExpirationDays: 1097 }).ok);
    });

    const bad: [string, Record<string, unknown>, string[]][] = [
        [
            "domain name with a space",
            { domainName: "bad name" },
            [
                `  - ${P}:domainName: "bad name" is not valid; expected a domain name of 1–64 letters, digits, "_" or "-" (pattern ^[a-zA-Z0-9_-]+$)`,
            ],
        ],
        [
            "empty domain name",
            { domainName: "" },
            [`  - ${P}:domainName: "" is not valid; expected a domain name of 1–64 letters, digits, "_" or "-"`],
        ],
        [
            "65-character domain name",
            { domainName: "a".repeat(65) },
            [
                `  - ${P}:domainName: "${"a".repeat(65)}" is not valid; expected a domain name of 1–64 letters, digits, "_" or "-"`,
            ],
        ],
        [
            "missing domain name",
            { domainName: undefined },
            [`  - ${P}:domainName: (not set) is not valid; expected a domain name of 1–64 letters, digits, "_" or "-"`],
        ],
        [
            "expiration 0",
            { defaultExpirationDays: 0 },
            [`  - ${P}:defaultExpirationDays: 0 is not valid; expected a whole number of days from 1 to 1096`],
        ],
        [
            "expiration 1098 (schema max, above quota)",
            { defaultExpirationDays: 1098 },
            [
                `  - ${P}:defaultExpirationDays: 1098 is not valid; expected a whole number of days from 1 to 1096 (the service's retention quota)`,
            ],
        ],
        [
            "fractional expiration",
            { defaultExpirationDays: 30.5 },
            [`  - ${P}:defaultExpirationDays: 30.5 is not valid; expected a whole number of days from 1 to 1096`],
        ],
        [
            "expiration as text",
            { defaultExpirationDays: "a year" },
            [`  - ${P}:defaultExpirationDays: "a year" is not valid; expected a whole number of days from 1 to 1096`],
        ],
        [
            "deadLetterQueue not boolean",
            { deadLetterQueue: "yes" },
            [`  - ${P}:deadLetterQueue: "yes" is not valid; expected true or false`],
        ],
        [
            "protectResources not boolean",
            { protectResources: 1 },
            [`  - ${P}:protectResources: 1 is not valid; expected true or false`],
        ],
        [
            "no instances",
            { connectInstances: [] },
            [`  - ${P}:connectInstances: [] is not valid; expected at least one Amazon Connect instance`],
        ],
        [
            "instances not a list",
            { connectInstances: { name: "main" } },
            [
                `  - ${P}:connectInstances: {"name":"main"} is not valid; expected a list of Amazon Connect instances, each { name, arn } or { name, alias, … }`,
            ],
        ],
        [
            "malformed instance ARN",
            { connectInstances: [{ name: "main", arn: "arn:aws:connect:eu-west-2:123:instance/x" }] },
            [
                `  - ${P}:connectInstances[0].arn: "arn:aws:connect:eu-west-2:123:instance/x" is not valid; expected an Amazon Connect instance ARN, arn:aws:connect:REGION:ACCOUNT:instance/ID`,
            ],
        ],
        [
            "alias starting with d-",
            { connectInstances: [{ name: "main", alias: "d-support" }] },
            [
                `  - ${P}:connectInstances[0].alias: "d-support" is not valid; expected an alias of 1–45 letters, digits or "-", not starting with "d-"`,
            ],
        ],
        [
            "46-character alias",
            { connectInstances: [{ name: "main", alias: "a".repeat(46) }] },
            [
                `  - ${P}:connectInstances[0].alias: "${"a".repeat(46)}" is not valid; expected an alias of 1–45 letters, digits or "-", not starting with "d-"`,
            ],
        ],
        [
            "instance with neither arn nor alias",
            { connectInstances: [{ name: "main" }] },
            [
                `  - ${P}:connectInstances[0]: {"name":"main"} is not valid; expected an object with either \`arn\` (an existing instance) or \`alias\` (an instance this stack creates), and a \`name\``,
            ],
        ],
        [
            "instance name with capitals",
            { connectInstances: [{ name: "Main", arn: ARN }] },
            [
                `  - ${P}:connectInstances[0].name: "Main" is not valid; expected a lower-case name of 1–32 letters, digits or "-", starting with a letter`,
            ],
        ],
        [
            "unknown identity management type",
            { connectInstances: [{ name: "main", alias: "support", identityManagementType: "LDAP" }] },
            [
                `  - ${P}:connectInstances[0].identityManagementType: "LDAP" is not valid; expected one of CONNECT_MANAGED, SAML, EXISTING_DIRECTORY`,
            ],
        ],
        [
            "existing directory without directoryId",
            { connectInstances: [{ name: "main", alias: "support", identityManagementType: "EXISTING_DIRECTORY" }] },
            [
                `  - ${P}:connectInstances[0].directoryId: (not set) is not valid; expected a directoryId (d-XXXXXXXXXX) when identityManagementType is EXISTING_DIRECTORY`,
            ],
        ],
        [
            "directoryId without existing directory",
            { connectInstances: [{ name: "main", alias: "support", directoryId: "d-1234567890" }] },
            [
                `  - ${P}:connectInstances[0].directoryId: "d-1234567890" is not valid; expected no directoryId unless identityManagementType is EXISTING_DIRECTORY`,
            ],
        ],
        [
            "misspelt instance setting",
            { connectInstances: [{ name: "main", alias: "support", inboundCall: true }] },
            [
                `  - ${P}:connectInstances[0].inboundCall: true is not valid; expected no such setting: did you mean \`inboundCalls\`?`,
            ],
        ],
        [
            "the same instance associated twice",
            {
                connectInstances: [
                    { name: "main", arn: ARN },
                    { name: "other", arn: ARN },
                ],
            },
            [
                `  - ${P}:connectInstances[1].arn: "${ARN}" is not valid; expected an instance associated only once: connectInstances[0] is the same instance, and an Amazon Connect instance belongs to exactly one Customer Profiles domain`,
            ],
        ],
        [
            "the same new instance alias twice (case-insensitive)",
            {
                connectInstances: [
                    { name: "a", alias: "support" },
                    { name: "b", alias: "Support" },
                ],
            },
            [
                `  - ${P}:connectInstances[1].alias: "Support" is not valid; expected an instance associated only once: connectInstances[0] is the same instance, and an Amazon Connect instance belongs to exactly one Customer Profiles domain`,
            ],
        ],
        [
            "two instances with one name",
            {
                connectInstances: [
                    { name: "main", arn: ARN },
                    { name: "main", alias: "support" },
                ],
            },
            [
                `  - ${P}:connectInstances[1].name: "main" is not valid; expected a name not used by another instance (connectInstances[0] has it)`,
            ],
        ],
        [
            "caller that is not an IAM ARN",
            { profileApiCallers: ["crm-sync"] },
            [
                `  - ${P}:profileApiCallers[0]: "crm-sync" is not valid; expected an IAM role or user ARN, arn:aws:iam::ACCOUNT:role/NAME`,
            ],
        ],
        [
            "caller listed twice",
            { profileApiCallers: ["arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/a"] },
            [
                `  - ${P}:profileApiCallers[1]: "arn:aws:iam::123456789012:role/a" is not valid; expected each principal listed once`,
            ],
        ],
        [
            "a tag value too long",
            { tags: { team: "x".repeat(257) } },
            [`  - ${P}:tags.team: "${"x".repeat(116)}... is not valid; expected tag values of at most 256 characters`],
        ],
    ];

    for (const [title, change, lines] of bad) {
        it(`rejects ${title}`, () => {
            const raw: Record<string, unknown> = { ...base(), ...change };
            for (const k of Object.keys(raw)) if (raw[k] === undefined) delete raw[k];
            assert.deepEqual(problemLines(raw), lines);
        });
    }

    it("reports every problem at once, in one message", () => {
        const raw = {
            domainName: "bad name",
            defaultExpirationDays: 5000,
            connectInstances: [
                { name: "main", arn: ARN },
                { name: "main", arn: ARN },
            ],
        };
        assert.deepEqual(problemLines(raw), [
            `  - ${P}:domainName: "bad name" is not valid; expected a domain name of 1–64 letters, digits, "_" or "-" (pattern ^[a-zA-Z0-9_-]+$)`,
            `  - ${P}:defaultExpirationDays: 5000 is not valid; expected a whole number of days from 1 to 1096 (the service's retention quota)`,
            `  - ${P}:connectInstances[1].name: "main" is not valid; expected a name not used by another instance (connectInstances[0] has it)`,
            `  - ${P}:connectInstances[1].arn: "${ARN}" is not valid; expected an instance associated only once: connectInstances[0] is the same instance, and an Amazon Connect instance belongs to exactly one Customer Profiles domain`,
        ]);
    });

    it("throws a ConfigError through the real program, and registers nothing", async () => {
        const config = {
            "aws:region": REGION,
            "aws-native:region": REGION,
            [`${P}:domainName`]: "bad name",
            [`${P}:defaultExpirationDays`]: 0,
        };
        await assert.rejects(runOfflinePlan({ config }), (e: unknown) => {
            assert.ok(e instanceof ConfigError);
            assert.equal(
                (e as Error).message,
                [
                    "Invalid stack configuration (3 problems):",
                    `  - ${P}:connectInstances: (not set) is not valid; expected a value: this setting is required (see the README's configuration reference)`,
                    `  - ${P}:domainName: "bad name" is not valid; expected a domain name of 1–64 letters, digits, "_" or "-" (pattern ^[a-zA-Z0-9_-]+$)`,
                    `  - ${P}:defaultExpirationDays: 0 is not valid; expected a whole number of days from 1 to 1096`,
                ].join("\n"),
            );
            return true;
        });
    });

    it("reports structured config that is not JSON", async () => {
        const config = {
            "aws:region": REGION,
            "aws-native:region": REGION,
            [`${P}:domainName`]: "amazon-connect-good",
            [`${P}:connectInstances`]: "[{name: main",
        };
        await assert.rejects(
            runOfflinePlan({ config }),
            /connectInstances: "\[\{name: main" is not valid; expected valid JSON\/YAML structured configuration/,
        );
    });
});

describe("provider regions", () => {
    it("rejects an aws-native region that differs from aws:region, or is missing", async () => {
        const config = {
            "aws:region": REGION,
            "aws-native:region": "us-east-1",
            [`${P}:domainName`]: "amazon-connect-good",
            [`${P}:connectInstances`]: base().connectInstances,
        };
        await assert.rejects(
            runOfflinePlan({ config }),
            (e: Error) =>
                e.message ===
                `Invalid stack configuration (1 problem):\n  - aws-native:region: "us-east-1" is not valid; expected the same region as aws:region (${REGION}), so that every resource lands in one region`,
        );
        delete (config as Record<string, unknown>)["aws-native:region"];
        await assert.rejects(
            runOfflinePlan({ config }),
            /aws-native:region: \(not set\) is not valid; expected the same region as aws:region/,
        );
    });
});
