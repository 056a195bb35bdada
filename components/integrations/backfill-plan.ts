// The historical-ingestion (backfill) planner: a pure function from a start date, "now" and a batch
// size to the consecutive batches AWS would run. No clock is read here: `now` is an argument, so
// the plan is reproducible and testable at month ends, leap days and across time zones.
//
// Rules (Customer Profiles' own, from the Customer Profiles admin guide, "Integrating external applications"):
// - a start date more than 60 days before now turns bulk ingestion on;
// - the range from the start date to now is cut into consecutive batches of N calendar months
//   (N = 2 unless configured);
// - each batch is retried up to 3 times on a transient failure before it fails.
//
// Month arithmetic is done in UTC and anchored to the start date: boundary k is start + k·N
// months, with the day clamped to the end of a shorter month (Jan 31 + 1 month = Feb 28 or 29),
// never start + N months + N months… (that would drift: Jan 31 → Mar 31 → May 31 is right, but
// clamping each step from Feb 28 would give Apr 28). A start date written with an offset
// (`2024-03-01T00:30:00+01:00`) is the instant it denotes: 2024-02-29T23:30:00Z.

/** A start date more than this many days back turns bulk (historical) ingestion on. */
export const BACKFILL_THRESHOLD_DAYS = 60;
/** AWS's batch size: two calendar months. */
export const DEFAULT_BATCH_MONTHS = 2;
/** The largest batch size the program accepts (one year). */
export const MAX_BATCH_MONTHS = 12;
/** How often Customer Profiles retries a batch on a transient failure before the batch fails. */
export const BATCH_RETRIES = 3;

const DAY_MS = 24 * 60 * 60 * 1000;

/** One batch: the half-open interval [startTime, endTime) of source records it ingests. */
export interface BackfillBatch {
    /** Position of the batch, from 0. */
    index: number;
    startTime: Date;
    endTime: Date;
    /** Retries on transient failure (Customer Profiles' own rule). */
    retries: number;
}

export interface BackfillPlan {
    /** True when the start date is more than 60 days back: bulk ingestion runs these batches. */
    required: boolean;
    /** The start date, as the UTC instant it denotes. */
    start: Date;
    /** The end of the last batch: `now`. */
    end: Date;
    batchMonths: number;
    /** Consecutive batches covering [start, now); empty when not required. */
    batches: BackfillBatch[];
}

/** Parses an ISO 8601 date or date-time; a bare date (`2024-02-29`) is midnight UTC. */
export function parseStartDate(value: string | Date): Date | undefined {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : new Date(value.getTime());
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(
        value,
    );
    if (!m) return undefined;
    const [, y, mo, d, hh, mi, ss, ms, zone] = m;
    const year = Number(y),
        month = Number(mo),
        day = Number(d);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return undefined;
    if (hh !== undefined && (Number(hh) > 23 || Number(mi) > 59 || Number(ss ?? 0) > 59)) return undefined;
    let t = Date.UTC(
        year,
        month - 1,
        day,
        Number(hh ?? 0),
        Number(mi ?? 0),
        Number(ss ?? 0),
        Number((ms ?? "0").padEnd(3, "0")),
    );
    if (zone && zone !== "Z") {
        const sign = zone[0] === "-" ? -1 : 1;
        const [oh, om] = zone.slice(1).split(":").map(Number);
        if (oh > 23 || om > 59) return undefined;
        t -= sign * (oh * 60 + om) * 60 * 1000;
    }
    return new Date(t);
}

/** Days in a month of a year (month 0–11), in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
    return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `date` plus `months` calendar months in UTC, the day clamped to the target month's length. */
export function addMonthsUtc(date: Date, months: number): Date {
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + months;
    const targetYear = y + Math.floor(m / 12);
    const targetMonth = ((m % 12) + 12) % 12;
    const day = Math.min(date.getUTCDate(), daysInMonth(targetYear, targetMonth));
    return new Date(
        Date.UTC(
            targetYear,
            targetMonth,
            day,
            date.getUTCHours(),
            date.getUTCMinutes(),
            date.getUTCSeconds(),
            date.getUTCMilliseconds(),
        ),
    );
}

/** Whether a start date is far enough back (more than 60 days before now) to need bulk ingestion. */
export function needsBackfill(start: Date, now: Date): boolean {
    return now.getTime() - start.getTime() > BACKFILL_THRESHOLD_DAYS * DAY_MS;
}

/**
 * Plans the historical ingestion from `start` to `now` in batches of `batchMonths` calendar months.
 * Throws a RangeError for a start date after now or an invalid batch size (config validation
 * reports those to users first; this guards library callers).
 */
export function planBackfill(args: { start: string | Date; now: Date; batchMonths?: number }): BackfillPlan {
    const start = parseStartDate(args.start);
    if (!start) throw new RangeError(`start: ${JSON.stringify(args.start)} is not an ISO 8601 date`);
    const now = new Date(args.now.getTime());
    const batchMonths = args.batchMonths ?? DEFAULT_BATCH_MONTHS;
    if (!Number.isInteger(batchMonths) || batchMonths < 1 || batchMonths > MAX_BATCH_MONTHS) {
        throw new RangeError(
            `batchMonths: ${batchMonths} is not valid; expected a whole number of months from 1 to ${MAX_BATCH_MONTHS}`,
        );
    }
    if (start.getTime() > now.getTime())
        throw new RangeError(`start: ${start.toISOString()} is after now (${now.toISOString()})`);
    if (!needsBackfill(start, now)) return { required: false, start, end: now, batchMonths, batches: [] };
    const batches: BackfillBatch[] = [];
    for (let k = 0; ; k++) {
        const from = addMonthsUtc(start, k * batchMonths);
        if (from.getTime() >= now.getTime()) break;
        const next = addMonthsUtc(start, (k + 1) * batchMonths);
        const to = next.getTime() < now.getTime() ? next : now;
        batches.push({ index: k, startTime: from, endTime: to, retries: BATCH_RETRIES });
    }
    return { required: true, start, end: now, batchMonths, batches };
}
