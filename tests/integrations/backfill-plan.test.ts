import * as assert from "assert";
import {
    addMonthsUtc,
    BATCH_RETRIES,
    needsBackfill,
    parseStartDate,
    planBackfill,
} from "../../components/integrations/backfill-plan";

const iso = (d: Date) => d.toISOString();
const spans = (p: ReturnType<typeof planBackfill>) => p.batches.map((b) => [iso(b.startTime), iso(b.endTime)]);

describe("integrations: backfill planner (pure)", () => {
    it("adds calendar months in UTC, clamping to shorter months, anchored to the start", () => {
        assert.strictEqual(iso(addMonthsUtc(new Date("2023-01-31T00:00:00Z"), 1)), "2023-02-28T00:00:00.000Z");
        assert.strictEqual(iso(addMonthsUtc(new Date("2024-01-31T00:00:00Z"), 1)), "2024-02-29T00:00:00.000Z");
        assert.strictEqual(iso(addMonthsUtc(new Date("2024-01-31T00:00:00Z"), 2)), "2024-03-31T00:00:00.000Z");
        assert.strictEqual(iso(addMonthsUtc(new Date("2023-12-31T10:00:00Z"), 2)), "2024-02-29T10:00:00.000Z");
        assert.strictEqual(iso(addMonthsUtc(new Date("2024-02-29T00:00:00Z"), 12)), "2025-02-28T00:00:00.000Z");
        assert.strictEqual(iso(addMonthsUtc(new Date("2024-11-30T00:00:00Z"), 3)), "2025-02-28T00:00:00.000Z");
    });

    it("Jan 31 + 2 months: batches end on Mar 31 and May 31, not drifting to the 28th/29th", () => {
        const p = planBackfill({ start: "2024-01-31", now: new Date("2024-06-15T12:00:00Z") });
        assert.deepStrictEqual(spans(p), [
            ["2024-01-31T00:00:00.000Z", "2024-03-31T00:00:00.000Z"],
            ["2024-03-31T00:00:00.000Z", "2024-05-31T00:00:00.000Z"],
            ["2024-05-31T00:00:00.000Z", "2024-06-15T12:00:00.000Z"],
        ]);
        assert.ok(p.batches.every((b) => b.retries === BATCH_RETRIES && BATCH_RETRIES === 3));
        assert.deepStrictEqual(
            p.batches.map((b) => b.index),
            [0, 1, 2],
        );
    });

    it("month-end start with 1-month batches clamps per boundary, anchored (Jan 31 → Feb 29 → Mar 31)", () => {
        const p = planBackfill({
            start: "2024-01-31T00:00:00Z",
            now: new Date("2024-04-10T00:00:00Z"),
            batchMonths: 1,
        });
        assert.deepStrictEqual(spans(p), [
            ["2024-01-31T00:00:00.000Z", "2024-02-29T00:00:00.000Z"],
            ["2024-02-29T00:00:00.000Z", "2024-03-31T00:00:00.000Z"],
            ["2024-03-31T00:00:00.000Z", "2024-04-10T00:00:00.000Z"],
        ]);
    });

    it("leap day start: Feb 29 + 2 months is Apr 29; a year later Feb 28", () => {
        const p = planBackfill({ start: "2024-02-29", now: new Date("2025-03-01T00:00:00Z"), batchMonths: 6 });
        assert.deepStrictEqual(spans(p), [
            ["2024-02-29T00:00:00.000Z", "2024-08-29T00:00:00.000Z"],
            ["2024-08-29T00:00:00.000Z", "2025-02-28T00:00:00.000Z"],
            ["2025-02-28T00:00:00.000Z", "2025-03-01T00:00:00.000Z"],
        ]);
        assert.strictEqual(
            spans(planBackfill({ start: "2024-02-29", now: new Date("2024-07-01T00:00:00Z") }))[0][1],
            "2024-04-29T00:00:00.000Z",
        );
    });

    it("time zones: a start date with an offset is the UTC instant it denotes", () => {
        // 00:30 on Mar 1 in UTC+1 is still Feb 29 in UTC (a leap day).
        assert.strictEqual(iso(parseStartDate("2024-03-01T00:30:00+01:00")!), "2024-02-29T23:30:00.000Z");
        const p = planBackfill({ start: "2024-03-01T00:30:00+01:00", now: new Date("2024-07-01T00:00:00Z") });
        assert.deepStrictEqual(spans(p), [
            ["2024-02-29T23:30:00.000Z", "2024-04-29T23:30:00.000Z"],
            ["2024-04-29T23:30:00.000Z", "2024-06-29T23:30:00.000Z"],
            ["2024-06-29T23:30:00.000Z", "2024-07-01T00:00:00.000Z"],
        ]);
        // 19:00 on Jan 31 in UTC-05:00 is Feb 1 in UTC: the batches follow Feb 1, not Jan 31.
        const west = planBackfill({ start: "2024-01-31T19:00:00-05:00", now: new Date("2024-05-01T00:00:00Z") });
        assert.deepStrictEqual(spans(west)[0], ["2024-02-01T00:00:00.000Z", "2024-04-01T00:00:00.000Z"]);
    });

    it("the 60-day threshold: exactly 60 days back needs no backfill, a second more does", () => {
        const now = new Date("2024-03-01T00:00:00Z");
        assert.strictEqual(needsBackfill(new Date("2024-01-01T00:00:00Z"), now), false); // 60 days (leap Feb)
        assert.strictEqual(needsBackfill(new Date("2023-12-31T23:59:59Z"), now), true);
        const p = planBackfill({ start: "2024-01-01", now });
        assert.deepStrictEqual({ required: p.required, batches: p.batches.length }, { required: false, batches: 0 });
    });

    it("batches are consecutive, cover [start, now) exactly and never exceed the batch size", () => {
        const now = new Date("2026-09-30T08:15:00Z");
        const p = planBackfill({ start: "2000-01-01", now });
        assert.strictEqual(p.batches.length, 161); // 26 years × 6, then Jan–Mar, Mar–May, May–Jul, Jul–Sep, Sep 1–30
        assert.strictEqual(iso(p.batches[0].startTime), "2000-01-01T00:00:00.000Z");
        assert.strictEqual(iso(p.batches[p.batches.length - 1].endTime), iso(now));
        for (let i = 1; i < p.batches.length; i++)
            assert.strictEqual(iso(p.batches[i].startTime), iso(p.batches[i - 1].endTime));
    });

    it("rejects a future start, a bad date and a bad batch size", () => {
        const now = new Date("2024-01-01T00:00:00Z");
        assert.throws(() => planBackfill({ start: "2024-01-02", now }), {
            message: "start: 2024-01-02T00:00:00.000Z is after now (2024-01-01T00:00:00.000Z)",
        });
        assert.throws(() => planBackfill({ start: "2023-02-29", now }), {
            message: 'start: "2023-02-29" is not an ISO 8601 date',
        });
        assert.throws(() => planBackfill({ start: "2020-01-01", now, batchMonths: 0 }), {
            message: "batchMonths: 0 is not valid; expected a whole number of months from 1 to 12",
        });
        assert.strictEqual(parseStartDate("2024-13-01"), undefined);
        assert.strictEqual(parseStartDate("01/02/2024"), undefined);
    });
});
