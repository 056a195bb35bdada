import { strict as assert } from "assert";
import {
    MAX_SHARDS_PER_STREAM,
    shardsForPeak,
    SHARD_WRITE_BYTES_PER_SECOND,
    SHARD_WRITE_RECORDS_PER_SECOND,
} from "../../components/streaming/shard-math";
import { shardCountOf } from "../../components/streaming/config";

describe("shard arithmetic", () => {
    it("uses the documented per-shard write limits", () => {
        assert.equal(SHARD_WRITE_RECORDS_PER_SECOND, 1000);
        assert.equal(SHARD_WRITE_BYTES_PER_SECOND, 1048576);
        assert.equal(MAX_SHARDS_PER_STREAM, 500);
    });

    const cases: [string, number, number, number][] = [
        ["no load still needs one shard", 0, 0, 1],
        ["1 record/s", 1, 1, 1],
        ["exactly 1,000 records/s", 1000, 1, 1],
        ["1,001 records/s", 1001, 1, 2],
        ["exactly 1 MiB/s", 1, 1048576, 1],
        ["1 MiB/s + 1 byte", 1, 1048577, 2],
        ["records dominate", 5000, 1048576, 5],
        ["bytes dominate", 10, 10 * 1048576 + 1, 11],
        ["both at 2 shards exactly", 2000, 2 * 1048576, 2],
        ["dev stack support CTR: 400 records/s of 4 KiB", 400, 1638400, 2],
        ["the largest peak the quota admits", 500000, 1, 500],
    ];
    for (const [title, records, bytes, shards] of cases) {
        it(`${title}: ${records} records/s, ${bytes} B/s → ${shards}`, () =>
            assert.equal(shardsForPeak({ recordsPerSecond: records, bytesPerSecond: bytes }), shards));
    }

    it("rejects negative and non-finite rates", () => {
        assert.throws(
            () => shardsForPeak({ recordsPerSecond: -1, bytesPerSecond: 0 }),
            /recordsPerSecond: -1 is not a rate/,
        );
        assert.throws(
            () => shardsForPeak({ recordsPerSecond: 1, bytesPerSecond: Infinity }),
            /bytesPerSecond: Infinity is not a rate/,
        );
    });

    it("shardCountOf: on-demand has none; an explicit count wins; else the peak decides", () => {
        assert.equal(shardCountOf({ capacity: "ON_DEMAND", retentionHours: 24 }), undefined);
        assert.equal(shardCountOf({ capacity: "PROVISIONED", shardCount: 7, retentionHours: 24 }), 7);
        assert.equal(
            shardCountOf({
                capacity: "PROVISIONED",
                peak: { recordsPerSecond: 3001, bytesPerSecond: 1 },
                retentionHours: 24,
            }),
            4,
        );
    });
});
