// The usage history chart as data: for the 7-day or 90-day range, each window's readings, estimate line
// and limit hits, the words for what is missing, and the table of the same numbers. Pure: `now` comes in.
import type { HistoryPoint, HistorySeries, UsageHistory } from '../contract/usage-data.ts';
import { formatClockTime, formatPercent, type ClockOptions } from './format.ts';

export const HISTORY_RANGES = {
  '7d': { days: 7, label: 'Last 7 days', tickDays: 1 },
  '90d': { days: 90, label: 'Last 90 days', tickDays: 15 },
} as const;
export type HistoryRange = keyof typeof HISTORY_RANGES;

const DAY_MS = 86_400_000;

/** The empty states, in words (never a blank chart). */
export const HISTORY_TEXT = {
  nothing:
    "No usage history yet: no readings of Anthropic's numbers and no usage in the logs. Set up aios statusline " +
    "(Claude Code's statusLine setting) so Claude Code passes its numbers on.",
  noReadings:
    "No readings yet: set up aios statusline (Claude Code's statusLine setting) to record Anthropic's numbers; " +
    'until then only the estimate is drawn.',
  noReadingsInRange: "No readings of Anthropic's numbers in this period.",
  noEstimate: 'No estimate line: too little usage in the logs to learn one yet.',
} as const;

const ESTIMATE_LABEL: Record<HistorySeries['estimateBasis'], string> = {
  calibrated: 'aios estimate (calibrated on your readings)',
  'history-p90': 'aios estimate (90th percentile of your past windows)',
  none: 'aios estimate',
};

export interface ChartPoint {
  /** Epoch ms, for a time axis. */
  t: number;
  pct: number;
}

export interface HistoryWindowView {
  key: 'five-hour' | 'week';
  title: string;
  readings: ChartPoint[];
  estimate: ChartPoint[];
  /** Drawn at 100 %, where the limit is. */
  hits: ChartPoint[];
  estimateLabel: string;
  /** What this chart lacks, in words; empty when it has everything. */
  notes: string[];
}

export interface HistoryTableRow {
  key: string;
  /** "Tue 14:05". */
  time: string;
  window: string;
  /** Anthropic's reading, "42%", or "—". */
  reading: string;
  /** aios's estimate in the same bucket, "39%", or "—". */
  estimate: string;
  /** "limit reached (from Claude Code's log)", or "". */
  hit: string;
}

export interface HistoryView {
  range: HistoryRange;
  /** The time axis, epoch ms, and its ticks: midnights in the zone, daily for 7 days, every 15 days for 90. */
  from: number;
  to: number;
  ticks: number[];
  windows: HistoryWindowView[];
  /** Set when there is nothing at all to draw; the charts are left out. */
  empty: string | null;
  /** Readings and hits in the range, most recent first. */
  table: HistoryTableRow[];
}

const toChart = (points: readonly HistoryPoint[], from: number, to: number): ChartPoint[] =>
  points.map((p) => ({ t: Date.parse(p.at), pct: p.pct })).filter((p) => p.t >= from && p.t <= to);

const WINDOWS = [
  { key: 'five-hour', title: '5-hour window', series: 'fiveHour', hit: 'five_hour' },
  { key: 'week', title: 'Week · all models', series: 'sevenDay', hit: 'seven_day' },
] as const;

/** How far the zone's wall clock is ahead of UTC at `at`, in ms (0 for UTC or an unknown zone). */
function zoneOffset(at: Date, timeZone: string | undefined): number {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    }).formatToParts(at);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    const offset = wall - Math.floor(at.getTime() / 60_000) * 60_000;
    return Number.isFinite(offset) ? offset : 0;
  } catch {
    return 0;
  }
}

/** Midnights in the zone between `from` and `to`, every `days` days counted back from the last. */
function midnightTicks(from: number, to: number, days: number, offset: number): number[] {
  const last = Math.floor((to + offset) / DAY_MS) * DAY_MS - offset;
  const ticks: number[] = [];
  for (let t = last; t >= from; t -= days * DAY_MS) ticks.unshift(t);
  return ticks;
}

/** The estimate point closest in time to `t`, within `slack`. */
function nearest(points: readonly ChartPoint[], t: number, slack: number): ChartPoint | null {
  let best: ChartPoint | null = null;
  for (const p of points)
    if (Math.abs(p.t - t) <= slack && (!best || Math.abs(p.t - t) < Math.abs(best.t - t))) best = p;
  return best;
}

/**
 * Everything the history chart shows for `range`, ending at `now`.
 *
 * @example buildHistoryView(doc.history, '7d', { now: new Date(), timeZone: doc.timezone })
 */
export function buildHistoryView(
  history: UsageHistory,
  range: HistoryRange,
  clock: ClockOptions & { now: Date },
): HistoryView {
  const to = clock.now.getTime();
  const from = to - HISTORY_RANGES[range].days * DAY_MS;
  const anyReadings = history.fiveHour.readings.length + history.sevenDay.readings.length > 0;
  // Rows pair a reading with the estimate of its bucket: an hour in the last week, 12 hours before.
  const slack = range === '7d' ? 30 * 60_000 : 6 * 3_600_000;
  const table: Array<HistoryTableRow & { t: number }> = [];
  const windows = WINDOWS.map((w): HistoryWindowView => {
    const series = history[w.series];
    const readings = toChart(series.readings, from, to);
    const estimate = toChart(series.estimate, from, to);
    const hits = history.hits
      .filter((h) => h.window === w.hit)
      .map((h) => ({ t: Date.parse(h.at), pct: 100, origin: h.origin }))
      .filter((h) => h.t >= from && h.t <= to);
    const notes: string[] = [];
    if (readings.length === 0) notes.push(anyReadings ? HISTORY_TEXT.noReadingsInRange : HISTORY_TEXT.noReadings);
    if (estimate.length === 0) notes.push(HISTORY_TEXT.noEstimate);
    for (const r of readings) {
      const e = nearest(estimate, r.t, slack);
      table.push({
        key: `${w.key}-r-${r.t}`,
        t: r.t,
        time: formatClockTime(new Date(r.t).toISOString(), clock.now, clock),
        window: w.title,
        reading: formatPercent(r.pct),
        estimate: e ? formatPercent(e.pct) : '—',
        hit: '',
      });
    }
    for (const h of hits) {
      table.push({
        key: `${w.key}-h-${h.t}`,
        t: h.t,
        time: formatClockTime(new Date(h.t).toISOString(), clock.now, clock),
        window: w.title,
        reading: '—',
        estimate: '—',
        hit: h.origin === 'log' ? "limit reached (from Claude Code's log)" : 'limit reached (a reading of 100%)',
      });
    }
    return {
      key: w.key,
      title: w.title,
      readings,
      estimate,
      hits: hits.map(({ t, pct }) => ({ t, pct })),
      estimateLabel: ESTIMATE_LABEL[series.estimateBasis],
      notes,
    };
  });
  const nothing = windows.every((w) => w.readings.length + w.estimate.length + w.hits.length === 0);
  const ticks = midnightTicks(from, to, HISTORY_RANGES[range].tickDays, zoneOffset(clock.now, clock.timeZone));
  return {
    range,
    from,
    to,
    ticks,
    windows,
    empty: nothing ? (anyReadings ? HISTORY_TEXT.noReadingsInRange : HISTORY_TEXT.nothing) : null,
    table: table.sort((a, b) => b.t - a.t).map(({ t: _t, ...row }) => row),
  };
}
