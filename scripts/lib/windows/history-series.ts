// The usage history the page charts: readings and the logs-only estimate of both windows over the last
// 90 days, each thinned to the peak of hourly (last 7 days) or 12-hour buckets, and the limit hits.
import {
  HISTORY_DAYS,
  HISTORY_DETAIL_DAYS,
  MAX_HISTORY_HITS,
  type HistoryPoint,
  type HistorySeries,
  type UsageBlock,
  type UsageHistory,
  type WindowEstimate,
} from '../../../src/contract/usage-data.ts';
import type { LimitHit, UsageReading } from '../history/readings.ts';
import { WINDOW_MS, type CalibratedWindow, type CalibrationResult } from './calibration.ts';
import type { LoggedUsage } from './logged-usage.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DETAIL_BUCKET_MS = HOUR;
const COARSE_BUCKET_MS = 12 * HOUR;
/** The estimate is sampled this often inside a bucket; its peak is the bucket's point. */
const DETAIL_SAMPLE_MS = 15 * MINUTE;
const COARSE_SAMPLE_MS = HOUR;

export interface HistoryInput {
  now: number;
  /** Usable readings, oldest first. */
  readings: readonly UsageReading[];
  hits: readonly LimitHit[];
  logged: LoggedUsage;
  blocks: readonly UsageBlock[];
  fits: Record<CalibratedWindow, CalibrationResult>;
  /** The history-p90 estimate: its learned limits draw the line when there is no calibration. */
  p90: WindowEstimate;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Where the hourly buckets begin: the 12-hour boundary at or before `now` minus 7 days. */
const detailStart = (now: number) =>
  Math.floor((now - HISTORY_DETAIL_DAYS * DAY) / COARSE_BUCKET_MS) * COARSE_BUCKET_MS;

function bucketOf(t: number, detailFrom: number): number {
  return t >= detailFrom
    ? Math.floor(t / DETAIL_BUCKET_MS) * DETAIL_BUCKET_MS
    : Math.floor(t / COARSE_BUCKET_MS) * COARSE_BUCKET_MS;
}

/** The peak of each bucket, in time order (a later point wins a tie: it is the fresher number). */
function peaks(points: Iterable<{ t: number; pct: number }>, since: number, now: number): HistoryPoint[] {
  const from = detailStart(now);
  const best = new Map<number, { t: number; pct: number }>();
  for (const p of points) {
    if (p.t < since || p.t > now || !Number.isFinite(p.pct)) continue;
    const key = bucketOf(p.t, from);
    const seen = best.get(key);
    if (!seen || p.pct >= seen.pct) best.set(key, p);
  }
  return [...best.values()].sort((a, b) => a.t - b.t).map((p) => ({ at: iso(p.t), pct: p.pct }));
}

function* sampleTimes(since: number, now: number): Generator<number> {
  const from = detailStart(now);
  for (let t = since; t < from; t += COARSE_SAMPLE_MS) yield t;
  for (let t = Math.max(since, from); t < now; t += DETAIL_SAMPLE_MS) yield t;
  yield now;
}

/**
 * Where the 5-hour window holding `t` began: a window Anthropic named, else the block of the logs;
 * null when none was open. Asked for times in order (the samples are), it walks both lists once.
 */
function fiveHourStarter(readings: readonly UsageReading[], blocks: readonly UsageBlock[], since: number) {
  const named = [...new Set(readings.flatMap((r) => (r.fiveHour ? [r.fiveHour.resetsAt] : [])))].sort((a, b) => a - b);
  const logged = blocks
    .filter((b) => !b.isGap && Date.parse(b.end) > since)
    .map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }))
    .sort((a, b) => a.start - b.start);
  let n = 0;
  let l = 0;
  let last = -Infinity;
  return (t: number): number | null => {
    if (t < last) n = l = 0; // out of order: start the walk again
    last = t;
    // The earliest reset after t is the only named window that can hold it (a later one starts later).
    while (n < named.length && named[n]! <= t) n++;
    if (n < named.length && named[n]! - WINDOW_MS.fiveHour <= t) return named[n]! - WINDOW_MS.fiveHour;
    while (l < logged.length && logged[l]!.end <= t) l++;
    return l < logged.length && logged[l]!.start <= t ? logged[l]!.start : null;
  };
}

/** Where the week holding `t` began: weekly steps from the nearest reset Anthropic named, else 7 days back. */
function weekStarter(readings: readonly UsageReading[]) {
  const named = [...new Set(readings.flatMap((r) => (r.sevenDay ? [r.sevenDay.resetsAt] : [])))];
  return (t: number): number => {
    // The rolling week of estimate.ts: entries after t - 7 days.
    if (named.length === 0) return t - WINDOW_MS.sevenDay + 1;
    const r = named.reduce((a, b) => (Math.abs(b - t) < Math.abs(a - t) ? b : a));
    const reset = r + (Math.floor((t - r) / WINDOW_MS.sevenDay) + 1) * WINDOW_MS.sevenDay;
    return reset - WINDOW_MS.sevenDay;
  };
}

function estimateSeries(
  input: HistoryInput,
  kind: CalibratedWindow,
  since: number,
): Pick<HistorySeries, 'estimate' | 'estimateBasis'> {
  const fit = input.fits[kind];
  const limit = kind === 'fiveHour' ? input.p90.limitCostUsd : input.p90.weekly.limitCostUsd;
  const rate = fit.ok ? fit.fit.pctPerUsd : limit ? 100 / limit : null;
  if (rate === null) return { estimate: [], estimateBasis: 'none' };
  // Without a calibration the line is today's estimate: blocks and a rolling week, never a named window.
  const readings = fit.ok ? input.readings : [];
  const startOf = kind === 'fiveHour' ? fiveHourStarter(readings, input.blocks, since) : weekStarter(readings);
  const samples = function* () {
    for (const t of sampleTimes(since, input.now)) {
      const start = startOf(t);
      yield { t, pct: start === null ? 0 : input.logged.costBetween(start, t) * rate };
    }
  };
  return { estimate: peaks(samples(), since, input.now), estimateBasis: fit.ok ? 'calibrated' : 'history-p90' };
}

function readingSeries(readings: readonly UsageReading[], kind: CalibratedWindow, since: number, now: number) {
  const points = readings.flatMap((r) => (r[kind] ? [{ t: r.observedAt, pct: r[kind].pct }] : []));
  return peaks(points, since, now);
}

/**
 * The history section of the document: bounded whatever the store holds (HISTORY_DAYS, one point per
 * bucket, MAX_HISTORY_HITS hits).
 */
export function buildUsageHistory(input: HistoryInput): UsageHistory {
  const since = input.now - HISTORY_DAYS * DAY;
  const series = (kind: CalibratedWindow): HistorySeries => ({
    readings: readingSeries(input.readings, kind, since, input.now),
    ...estimateSeries(input, kind, since),
  });
  const hits = input.hits
    .filter((h) => h.at >= since && h.at <= input.now)
    .sort((a, b) => a.at - b.at)
    .slice(-MAX_HISTORY_HITS)
    .map((h) => ({
      window: h.window,
      at: iso(h.at),
      resetsAt: h.resetsAt === null ? null : iso(h.resetsAt),
      origin: h.origin,
    }));
  return { since: iso(since), fiveHour: series('fiveHour'), sevenDay: series('sevenDay'), hits };
}
