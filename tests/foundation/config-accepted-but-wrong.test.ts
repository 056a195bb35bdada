// Issue 9, item 14: configuration that was accepted but wrong. A misspelt top-level setting was
// ignored in silence (its feature disappeared), a Connect instance of another region was accepted
// (every Connect call goes to aws:region's endpoint, where that instance does not exist), and a
// negative or non-finite peak rate ended the run in an internal error instead of a config error.
import { strict as assert } from "assert";
import {
    checkInstanceRegions,
    checkTopLevelKeys,
    ConfigError,
    formatProblems,
    KNOWN_KEYS,
    SCALAR_KEYS,
    stackConfigSchema,
    STRUCTURED_KEYS,
    validate,
} from "../../components/config";
import { closest, editDistance, keysAt } from "../../components/config/suggest";
import { runOfflinePlan } from "../../tools/lib/offline";
import { ACCOUNT, devConfig, REGION } from "../support/plan";

const P = "connect-customer-profiles";
const ARN = `arn:aws:connect:${REGION}:${ACCOUNT}:instance/11111111-2222-3333-4444-555555555555`;
const US_ARN = `arn:aws:connect:us-east-1:${ACCOUNT}:instance/4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f`;
const base = () => ({ domainName: "amazon-connect-test", connectInstances: [{ name: "main", arn: ARN }] as unknown[] });

/** The problem lines the user sees. */
const lines = (problems: Parameters<typeof formatProblems>[0]) => formatProblems(problems).split("\n").slice(1);

describe("unknown top-level settings (issue 9, item 14)", () => {
    it("reports a misspelt top-level key with the setting it was meant to be, without its value", () => {
        const keys = [`${P}:alarmEmial`, `${P}:domainName`, "aws:region", "aws-native:region"];
        assert.deepEqual(lines(checkTopLevelKeys(keys)), [
            `  - ${P}:alarmEmial: (value not shown) is not valid; expected no such setting: did you mean \`alarmEmail\`?`,
        ]);
    });

    it("suggests across case, transposition and truncation, and lists the settings when nothing is near", () => {
        assert.equal(closest("domainname", KNOWN_KEYS), "domainName");
        assert.equal(closest("deadLetterQeueu", KNOWN_KEYS), "deadLetterQueue");
        assert.equal(closest("profileExport", KNOWN_KEYS), "profileExports");
        assert.equal(closest("salesforceAccesToken", KNOWN_KEYS), "salesforceAccessToken");
        assert.equal(closest("colour", KNOWN_KEYS), undefined);
        assert.equal(editDistance("alarmEmial", "alarmEmail"), 1);
        assert.deepEqual(lines(checkTopLevelKeys([`${P}:colour`])), [
            `  - ${P}:colour: (value not shown) is not valid; expected one of the settings that exist here (${KNOWN_KEYS.join(", ")})`,
        ]);
    });

    it("knows every setting the program reads, the secret ones included", () => {
        assert.deepEqual(checkTopLevelKeys(KNOWN_KEYS.map((k) => `${P}:${k}`)), []);
        for (const k of [...Object.keys(SCALAR_KEYS), ...STRUCTURED_KEYS]) assert.ok(KNOWN_KEYS.includes(k), k);
        for (const k of ["salesforceAccessToken", "salesforceRefreshToken", "integrationCredentials"])
            assert.ok(KNOWN_KEYS.includes(k), k);
    });

    it("fails the real program on a misspelt alarmEmail, which used to plan with no subscription", async () => {
        const config = { ...devConfig() };
        config[`${P}:alarmEmial`] = config[`${P}:alarmEmail`];
        delete config[`${P}:alarmEmail`];
        await assert.rejects(runOfflinePlan({ config }), (e: unknown) => {
            assert.ok(e instanceof ConfigError, String(e));
            assert.equal(
                (e as Error).message,
                `Invalid stack configuration (1 problem):\n  - ${P}:alarmEmial: (value not shown) is not valid; expected no such setting: did you mean \`alarmEmail\`?`,
            );
            return true;
        });
    });

    it("suggests the right key for unknown keys at every level", () => {
        const raw = {
            ...base(),
            connectInstances: [{ name: "main", arn: ARN, aliass: "x" }],
            instanceStreaming: { main: { agentEvents: { stream: { capacity: "ON_DEMAND", retention: 48 } } } },
            salesforceTasks: {
                connection: { connectorProfileName: "p", instanceUrl: "https://x.my.salesforce.com" },
                rules: [{ instance: "main", name: "r", contactFlowId: "f", taskName: "t", condtions: [] }],
            },
        };
        const r = validate(stackConfigSchema, raw);
        assert.ok(!r.ok);
        assert.deepEqual(lines(r.problems), [
            `  - ${P}:connectInstances[0].aliass: "x" is not valid; expected no such setting: did you mean \`alias\`?`,
            `  - ${P}:instanceStreaming.main.agentEvents.stream.retention: 48 is not valid; expected no such setting: did you mean \`retentionHours\`?`,
            `  - ${P}:salesforceTasks.rules[0].condtions: [] is not valid; expected no such setting: did you mean \`conditions\`?`,
        ]);
    });

    it("finds the accepted keys of nested, optional, defaulted and union schemas", () => {
        assert.deepEqual(keysAt(stackConfigSchema, ["connectInstances", 0]).sort(), [
            "alias",
            "arn",
            "contactFlowLogs",
            "directoryId",
            "identityManagementType",
            "inboundCalls",
            "name",
            "outboundCalls",
        ]);
        assert.deepEqual(keysAt(stackConfigSchema, ["instanceStreaming", "any", "contactRecords"]).sort(), [
            "destination",
            "stream",
            "target",
        ]);
        assert.deepEqual(keysAt(stackConfigSchema, ["domainName"]), []);
    });
});

describe("Connect instances of another region (issue 9, item 14)", () => {
    it("rejects an instance ARN outside aws:region and says cross-region is not supported", () => {
        const raw = {
            ...base(),
            connectInstances: [
                { name: "main", arn: ARN },
                { name: "us", arn: US_ARN },
            ],
        };
        assert.deepEqual(lines(checkInstanceRegions(raw, REGION)), [
            `  - ${P}:connectInstances[1].arn: "${US_ARN}" is not valid; expected an instance in the stack's region ${REGION} (this ARN is in us-east-1): this program calls Amazon Connect and Customer Profiles in aws:region only, so cross-region association is not supported; deploy a separate stack with aws:region: us-east-1 and its own domain for that instance`,
        ]);
        assert.deepEqual(checkInstanceRegions(base(), REGION), []);
    });

    it("fails the real program on the dev stack with its existing instance moved to us-east-1", async () => {
        const config = devConfig();
        const instances = config[`${P}:connectInstances`] as Record<string, unknown>[];
        instances[1] = { ...instances[1], arn: US_ARN };
        await assert.rejects(runOfflinePlan({ config }), (e: unknown) => {
            assert.ok(e instanceof ConfigError, String(e));
            assert.match(
                (e as Error).message,
                /connectInstances\[1\]\.arn: .* cross-region association is not supported/,
            );
            return true;
        });
    });
});

describe("stream peak rates that are not rates (issue 9, item 14)", () => {
    const withPeak = (peak: Record<string, unknown>) => ({
        ...base(),
        instanceStreaming: { main: { agentEvents: { stream: { capacity: "PROVISIONED", peak } } } },
    });
    const KEY = `${P}:instanceStreaming.main.agentEvents.stream.peak`;
    const cases: [string, Record<string, unknown>, string][] = [
        [
            "a negative record rate",
            { recordsPerSecond: -5, bytesPerSecond: 1000 },
            `  - ${KEY}.recordsPerSecond: -5 is not valid; expected a whole number of records per second, at least 1`,
        ],
        [
            "an infinite byte rate",
            { recordsPerSecond: 10, bytesPerSecond: Infinity },
            `  - ${KEY}.bytesPerSecond: Infinity is not valid; expected a whole number of bytes per second, at least 1`,
        ],
        [
            "a negative infinite record rate",
            { recordsPerSecond: -Infinity, bytesPerSecond: 1000 },
            `  - ${KEY}.recordsPerSecond: -Infinity is not valid; expected a whole number of records per second, at least 1`,
        ],
        [
            "a NaN byte rate",
            { recordsPerSecond: 10, bytesPerSecond: NaN },
            `  - ${KEY}.bytesPerSecond: NaN is not valid; expected a whole number of bytes per second, at least 1`,
        ],
    ];
    for (const [title, peak, line] of cases) {
        it(`reports ${title} as a config error naming the full key`, () => {
            const r = validate(stackConfigSchema, withPeak(peak));
            assert.ok(!r.ok);
            assert.deepEqual(lines(r.problems), [line]);
        });
    }

    it("ends the real program in a ConfigError, not an internal error", async () => {
        const config = devConfig();
        const streaming = config[`${P}:instanceStreaming`] as any;
        streaming.support.contactRecords.stream.peak.recordsPerSecond = -400;
        await assert.rejects(runOfflinePlan({ config }), (e: unknown) => {
            assert.ok(e instanceof ConfigError, String(e));
            assert.match(
                (e as Error).message,
                /instanceStreaming\.support\.contactRecords\.stream\.peak\.recordsPerSecond: -400 is not valid/,
            );
            return true;
        });
    });
});
