// The contract's usage history for the page's chart: Anthropic's readings of the 5-hour and weekly
// windows, aios's estimate as a series, and the limit hits, thinned so the document stays small.
import * as v from 'valibot';
import { isoDateTime, nonNegative, percent } from './checks.ts';

/** The history covers this many days before the document's `generatedAt`. */
export const HISTORY_DAYS = 90;
/** The last days are kept at hourly detail, older ones at 12-hour detail (the 7-day and 90-day views). */
export const HISTORY_DETAIL_DAYS = 7;
/** Whatever the history holds, a series has at most this many points, and there are at most this many hits. */
export const MAX_HISTORY_POINTS = 400;
export const MAX_HISTORY_HITS = 200;

/** What the estimate line rests on: the calibrated percent per dollar, the 90th percentile of past windows, or nothing. */
export const HISTORY_ESTIMATE_BASES = ['calibrated', 'history-p90', 'none'] as const;

/** The highest value in a time bucket (peaks are never thinned away), at the time it was reached. */
const point = v.object({ at: isoDateTime, pct: nonNegative });
export type HistoryPoint = v.InferOutput<typeof point>;

const series = v.object({
  /** Anthropic's readings (any source), the peak of each bucket, oldest first; 0-100. */
  readings: v.pipe(v.array(v.object({ at: isoDateTime, pct: percent })), v.maxLength(MAX_HISTORY_POINTS)),
  /** aios's estimate from the logs alone, the peak of each bucket, oldest first; may pass 100. */
  estimate: v.pipe(v.array(point), v.maxLength(MAX_HISTORY_POINTS)),
  estimateBasis: v.picklist(HISTORY_ESTIMATE_BASES),
});
export type HistorySeries = v.InferOutput<typeof series>;

const hit = v.object({
  window: v.picklist(['five_hour', 'seven_day']),
  at: isoDateTime,
  resetsAt: v.nullable(isoDateTime),
  /** A reading of 100 %, or a "usage limit reached" line in Claude Code's logs. */
  origin: v.picklist(['reading', 'log']),
});
export type HistoryHit = v.InferOutput<typeof hit>;

export const usageHistorySchema = v.object({
  /** Start of the period covered: HISTORY_DAYS before `generatedAt`. */
  since: isoDateTime,
  fiveHour: series,
  sevenDay: series,
  /** Most recent last. */
  hits: v.pipe(v.array(hit), v.maxLength(MAX_HISTORY_HITS)),
});
export type UsageHistory = v.InferOutput<typeof usageHistorySchema>;
