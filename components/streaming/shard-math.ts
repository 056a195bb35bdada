// Shard arithmetic for provisioned Kinesis data streams: pure, so the boundaries can be tested.
//
// Each shard accepts at most 1,000 records per second and 1 MiB (1,048,576 bytes) per second of
// writes. A stream must hold both the stated peak record rate and the stated peak byte rate, so
// the shard count is the larger of the two quotients, each rounded up, and at least one.

/** Write limit of one shard, records per second. */
export const SHARD_WRITE_RECORDS_PER_SECOND = 1000;
/** Write limit of one shard, bytes per second (1 MiB). */
export const SHARD_WRITE_BYTES_PER_SECOND = 1024 * 1024;
/**
 * The most shards this program provisions for one stream: the default Kinesis shard quota per
 * account in us-east-1, us-west-2 and eu-west-1 (other regions default to 200). A larger stream
 * needs a quota increase first.
 */
export const MAX_SHARDS_PER_STREAM = 500;

/** A stream's expected peak write load. */
export interface PeakWriteLoad {
    /** Peak records written per second (every producer together). */
    recordsPerSecond: number;
    /** Peak bytes written per second (every producer together). */
    bytesPerSecond: number;
}

/**
 * The number of shards that absorbs the peak: max(⌈records/s ÷ 1,000⌉, ⌈bytes/s ÷ 1,048,576⌉, 1).
 * Throws on a negative or non-finite rate (config validation rejects those before this runs).
 */
export function shardsForPeak(peak: PeakWriteLoad): number {
    for (const [k, v] of Object.entries(peak)) {
        if (!Number.isFinite(v) || v < 0)
            throw new RangeError(`${k}: ${v} is not a rate; expected a non-negative number`);
    }
    const byRecords = Math.ceil(peak.recordsPerSecond / SHARD_WRITE_RECORDS_PER_SECOND);
    const byBytes = Math.ceil(peak.bytesPerSecond / SHARD_WRITE_BYTES_PER_SECOND);
    return Math.max(byRecords, byBytes, 1);
}
