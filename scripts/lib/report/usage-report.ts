// Rolls deduplicated usage entries up into the document's totals, daily, model, project and
// session rows, pricing each entry once. Days are local calendar days in an IANA time zone.
import type { DailyUsage, ModelUsage, ProjectUsage, SessionUsage, Usage } from '../../../src/contract/usage-data.ts';
import { costOfEntry, findModelPrice } from '../pricing/pricing.ts';
import type { UsageEntry } from '../logs/entry.ts';
import { addToTally, newTally, tallyToUsage, type Tally } from './tally.ts';

export interface UsageReport {
  totals: Usage;
  daily: DailyUsage[];
  models: ModelUsage[];
  projects: ProjectUsage[];
  sessions: SessionUsage[];
  /** Models seen that no price row matches, sorted. */
  unpricedModels: string[];
}

export interface UsageReportOptions {
  /** IANA zone for `daily[].date`, e.g. "Europe/Berlin". */
  timezone: string;
  /** How many sessions to keep, most recent first. Default 100 (the contract's bound). */
  sessionLimit?: number;
}

const QUARTER_HOUR = 15 * 60_000;
const DAY = 86_400_000;

/**
 * A fast `epoch ms -> "YYYY-MM-DD"` in `timeZone`. Intl is slow per call, so the UTC offset is
 * looked up once per 15-minute slice: every zone change since 1970 happens on a quarter hour, so
 * the offset is constant inside a slice. A slice that holds no local midnight maps to one date,
 * which is cached too. Throws RangeError for a name Intl does not know.
 */
export function createDayKeyer(timeZone: string): (timestamp: number) => string {
  // UTC needs no zone data: skipping Intl here (and in aggregate's zone check) spares loading ICU,
  // about 7 ms and 7 MB of RSS per run, and a formatToParts call per quarter hour of history.
  if (timeZone === 'UTC') {
    const days = new Map<number, string>();
    return (timestamp) => {
      const day = Math.floor(timestamp / DAY);
      let date = days.get(day);
      if (date === undefined) days.set(day, (date = new Date(day * DAY).toISOString().slice(0, 10)));
      return date;
    };
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    throw new RangeError(`unknown time zone "${timeZone}" (expected an IANA name such as Europe/Berlin)`);
  }
  const offsetAt = (at: number): number => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
  };
  const slices = new Map<number, { offset: number; date: string | null }>();
  return (timestamp) => {
    const slice = Math.floor(timestamp / QUARTER_HOUR);
    let s = slices.get(slice);
    if (!s) {
      const start = slice * QUARTER_HOUR;
      const offset = offsetAt(start);
      const sameDay = Math.floor((start + offset) / DAY) === Math.floor((start + QUARTER_HOUR - 1 + offset) / DAY);
      s = { offset, date: sameDay ? new Date(start + offset).toISOString().slice(0, 10) : null };
      slices.set(slice, s);
    }
    return s.date ?? new Date(timestamp + s.offset).toISOString().slice(0, 10);
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Costliest first; unpriced (null) rows after priced ones; then by tokens, then by name. */
function byCostDesc<T extends Usage>(name: (row: T) => string) {
  return (a: T, b: T) =>
    (b.costUsd ?? -1) - (a.costUsd ?? -1) || b.totalTokens - a.totalTokens || name(a).localeCompare(name(b));
}

/**
 * Aggregate entries (already deduplicated) into the report rows. Each entry is priced once.
 * Entries with a non-finite timestamp are ignored (the scan never produces them).
 * @example buildUsageReport(entries, { timezone: 'America/Los_Angeles' }).daily[0].date
 */
export function buildUsageReport(entries: UsageEntry[], opts: UsageReportOptions): UsageReport {
  const dayOf = createDayKeyer(opts.timezone);
  const totals = newTally();
  const days = new Map<string, { tally: Tally; sessions: Set<string> }>();
  const models = new Map<string, Tally>();
  const projects = new Map<string, { tally: Tally; sessions: Set<string>; last: number }>();
  const sessions = new Map<
    string,
    { tally: Tally; project: string; first: number; last: number; models: Set<string> }
  >();
  const unpriced = new Set<string>();

  for (const e of entries) {
    if (!Number.isFinite(e.timestamp)) continue;
    const cost = costOfEntry(e);
    if (cost === null) unpriced.add(e.model);
    addToTally(totals, e, cost);

    const date = dayOf(e.timestamp);
    let d = days.get(date);
    if (!d) days.set(date, (d = { tally: newTally(), sessions: new Set() }));
    addToTally(d.tally, e, cost);
    d.sessions.add(e.sessionId);

    let m = models.get(e.model);
    if (!m) models.set(e.model, (m = newTally()));
    addToTally(m, e, cost);

    let p = projects.get(e.project);
    if (!p) projects.set(e.project, (p = { tally: newTally(), sessions: new Set(), last: e.timestamp }));
    addToTally(p.tally, e, cost);
    p.sessions.add(e.sessionId);
    if (e.timestamp > p.last) p.last = e.timestamp;

    let s = sessions.get(e.sessionId);
    if (!s) {
      s = { tally: newTally(), project: e.project, first: e.timestamp, last: e.timestamp, models: new Set() };
      sessions.set(e.sessionId, s);
    }
    addToTally(s.tally, e, cost);
    s.models.add(e.model);
    if (e.timestamp < s.first) s.first = e.timestamp;
    // A resumed session can be replayed under another project folder; name the latest one.
    if (e.timestamp >= s.last) {
      s.last = e.timestamp;
      s.project = e.project;
    }
  }

  const limit = Math.max(0, Math.floor(opts.sessionLimit ?? 100));
  return {
    totals: tallyToUsage(totals),
    daily: [...days]
      .map(([date, d]) => ({ ...tallyToUsage(d.tally), date, sessions: d.sessions.size }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    models: [...models]
      .map(([model, t]) => ({ ...tallyToUsage(t), model, priced: findModelPrice(model) !== null }))
      .sort(byCostDesc((r) => r.model)),
    projects: [...projects]
      .map(([project, p]) => ({
        ...tallyToUsage(p.tally),
        project,
        sessions: p.sessions.size,
        lastActivity: iso(p.last),
      }))
      .sort(byCostDesc((r) => r.project)),
    sessions: [...sessions]
      .sort(([ia, a], [ib, b]) => b.last - a.last || ia.localeCompare(ib))
      .slice(0, limit)
      .map(([sessionId, s]) => ({
        ...tallyToUsage(s.tally),
        sessionId,
        project: s.project,
        firstActivity: iso(s.first),
        lastActivity: iso(s.last),
        models: [...s.models].sort(),
      })),
    unpricedModels: [...unpriced].sort(),
  };
}
