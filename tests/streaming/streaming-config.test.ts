import { strict as assert } from "assert";
import { ConfigError } from "../../components/config";
import { runOfflinePlan } from "../../tools/lib/offline";
import { devConfig } from "./helpers";

const P = "connect-customer-profiles";

/** Runs the dev stack with overrides and returns the ConfigError's problem lines; fails if a plan is produced. */
async function rejected(overrides: Record<string, unknown>): Promise<string[]> {
    let plan: unknown;
    try {
        plan = await runOfflinePlan({ config: { ...devConfig(), ...overrides } });
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
        return e.message.split("\n").slice(1);
    }
    assert.fail(`expected the config to be rejected, but a plan was produced (${JSON.stringify(plan).length} bytes)`);
}

const streaming = (entry: Record<string, unknown>) => ({ [`${P}:instanceStreaming`]: { support: entry } });
const ctrStream = (stream: Record<string, unknown>) =>
    streaming({ contactRecords: { target: "KINESIS_STREAM", stream } });

describe("streaming configuration: rejected configs", () => {
    it("a streaming entry for an instance that connectInstances does not declare", async () => {
        assert.deepEqual(await rejected({ [`${P}:instanceStreaming`]: { suport: { agentEvents: {} } } }), [
            `  - ${P}:instanceStreaming.suport: "suport" is not valid; expected the name of an instance in connectInstances (support, sales)`,
        ]);
    });

    it("an unknown contact-record target", async () => {
        assert.deepEqual(await rejected(streaming({ contactRecords: { target: "S3" } })), [
            `  - ${P}:instanceStreaming.support.contactRecords.target: "S3" is not valid; expected KINESIS_STREAM or KINESIS_FIREHOSE`,
        ]);
    });

    it("Firehose without a destination", async () => {
        assert.deepEqual(await rejected(streaming({ contactRecords: { target: "KINESIS_FIREHOSE" } })), [
            `  - ${P}:instanceStreaming.support.contactRecords.destination: (not set) is not valid; expected a destination { prefix, expirationDays, … } when target is KINESIS_FIREHOSE (Firehose delivers contact records to an S3 bucket the stack creates)`,
        ]);
    });

    it("shard count out of range, both ends", async () => {
        assert.deepEqual(await rejected(ctrStream({ capacity: "PROVISIONED", shardCount: 0 })), [
            `  - ${P}:instanceStreaming.support.contactRecords.stream.shardCount: 0 is not valid; expected a whole number of shards from 1 to 500`,
        ]);
        assert.deepEqual(await rejected(ctrStream({ capacity: "PROVISIONED", shardCount: 501 })), [
            `  - ${P}:instanceStreaming.support.contactRecords.stream.shardCount: 501 is not valid; expected a whole number of shards from 1 to 500 (the default shard quota per account)`,
        ]);
    });

    it("a peak that would need more shards than the quota", async () => {
        assert.deepEqual(
            await rejected(
                ctrStream({ capacity: "PROVISIONED", peak: { recordsPerSecond: 500001, bytesPerSecond: 1 } }),
            ),
            [
                `  - ${P}:instanceStreaming.support.contactRecords.stream.peak: {"recordsPerSecond":500001,"bytesPerSecond":1} is not valid; expected a peak that needs at most 500 shards (this one needs 501: 1,000 records/s and 1 MiB/s per shard)`,
            ],
        );
    });

    it("PROVISIONED with neither shardCount nor peak; shardCount with ON_DEMAND", async () => {
        assert.deepEqual(await rejected(ctrStream({ capacity: "PROVISIONED" })), [
            `  - ${P}:instanceStreaming.support.contactRecords.stream.shardCount: (not set) is not valid; expected a whole number of shards from 1 to 500, or a peak { recordsPerSecond, bytesPerSecond } to derive it from, when capacity is PROVISIONED`,
        ]);
        assert.deepEqual(await rejected(ctrStream({ shardCount: 2 })), [
            `  - ${P}:instanceStreaming.support.contactRecords.stream.shardCount: 2 is not valid; expected no shardCount unless capacity is PROVISIONED (ON_DEMAND streams scale by themselves)`,
        ]);
    });

    it("retention out of range, both ends", async () => {
        assert.deepEqual(await rejected(streaming({ agentEvents: { stream: { retentionHours: 23 } } })), [
            `  - ${P}:instanceStreaming.support.agentEvents.stream.retentionHours: 23 is not valid; expected a whole number of hours from 24 to 8760 (24 hours to 365 days)`,
        ]);
        assert.deepEqual(
            await rejected({ [`${P}:profileExports`]: [{ name: "crm-sync", stream: { retentionHours: 8761 } }] }),
            [
                `  - ${P}:profileExports[0].stream.retentionHours: 8761 is not valid; expected a whole number of hours from 24 to 8760 (24 hours to 365 days)`,
            ],
        );
    });

    it("a second event stream for the domain", async () => {
        assert.deepEqual(await rejected({ [`${P}:profileExports`]: [{ name: "crm-sync" }, { name: "marketing" }] }), [
            `  - ${P}:profileExports: [{"name":"crm-sync"},{"name":"marketing"}] is not valid; expected at most one event stream: Customer Profiles allows exactly one per domain (a hard quota)`,
        ]);
    });

    it("every problem at once: unknown instance, destination with a data stream, bad export name", async () => {
        assert.deepEqual(
            await rejected({
                [`${P}:instanceStreaming`]: {
                    billing: { agentEvents: {} },
                    support: { contactRecords: { target: "KINESIS_STREAM", destination: { expirationDays: 30 } } },
                },
                [`${P}:profileExports`]: [{ name: "crm sync" }],
            }),
            [
                `  - ${P}:instanceStreaming.support.contactRecords.destination: {"expirationDays":30} is not valid; expected no destination when target is KINESIS_STREAM (it applies to KINESIS_FIREHOSE)`,
                `  - ${P}:profileExports[0].name: "crm sync" is not valid; expected an event stream name of 1–64 letters, digits, "_" or "-"`,
                `  - ${P}:instanceStreaming.billing: "billing" is not valid; expected the name of an instance in connectInstances (support, sales)`,
            ],
        );
    });

    it("an entry that streams nothing; misspelt settings", async () => {
        assert.deepEqual(await rejected(streaming({})), [
            `  - ${P}:instanceStreaming.support: {} is not valid; expected at least one of contactRecords, agentEvents (leave the instance out to stream nothing)`,
        ]);
        assert.deepEqual(await rejected(streaming({ agentEvents: { stream: { retention: 48 } } })), [
            `  - ${P}:instanceStreaming.support.agentEvents.stream.retention: 48 is not valid; expected no such setting: did you mean \`retentionHours\`?`,
        ]);
    });
});
