// Rolls deduplicated usage entries up into the document's totals, daily, model, project and
// session rows and each day's split by model and project, pricing each entry once. Days are local
// calendar days in an IANA time zone.
import type {
  DailyUsage,
  DayBreakdown,
  ModelUsage,
  ProjectUsage,
  SessionUsage,
  Usage,
} from '../../../src/contract/usage-data.ts';
import { costOfEntry } from '../pricing/pricing.ts';
import { reportedModel, type UsageEntry } from '../logs/entry.ts';
import { addToTally, newTally, tallyToUsage, type Tally } from './tally.ts';
import { createDayKeyer } from '../../../src/view/calendar-day.ts';

export interface UsageReport {
  totals: Usage;
  daily: DailyUsage[];
  models: ModelUsage[];
  projects: ProjectUsage[];
  sessions: SessionUsage[];
  /**
   * Every day of the history split by model and by project, oldest first, every row kept (the
   * document keeps the last 90 days, bounded: daily-breakdown.ts recentBreakdown).
   */
  dailyBreakdown: DayBreakdown[];
  /** Models seen (as reportedModel names them: "-fast" for fast mode) that could not be priced, sorted. */
  unpricedModels: string[];
}

export interface UsageReportOptions {
  /** IANA zone for `daily[].date`, e.g. "Europe/Berlin". */
  timezone: string;
  /** How many sessions to keep, most recent first. Default 100 (the contract's bound). */
  sessionLimit?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The tally under `name`, made on first use. */
function tallyOf(tallies: Map<string, Tally>, name: string): Tally {
  let t = tallies.get(name);
  if (!t) tallies.set(name, (t = newTally()));
  return t;
}

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
  const days = new Map<
    string,
    { tally: Tally; sessions: Set<string>; models: Map<string, Tally>; projects: Map<string, Tally> }
  >();
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
    // Fast-mode usage has a price of its own (or none): it is listed under "<model>-fast".
    const model = reportedModel(e);
    if (cost === null) unpriced.add(model);
    addToTally(totals, e, cost);

    const date = dayOf(e.timestamp);
    let d = days.get(date);
    if (!d) days.set(date, (d = { tally: newTally(), sessions: new Set(), models: new Map(), projects: new Map() }));
    addToTally(d.tally, e, cost);
    d.sessions.add(e.sessionId);
    addToTally(tallyOf(d.models, model), e, cost);
    addToTally(tallyOf(d.projects, e.project), e, cost);

    addToTally(tallyOf(models, model), e, cost);

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
    s.models.add(model);
    if (e.timestamp < s.first) s.first = e.timestamp;
    // A resumed session can be replayed under another project folder; name the latest one.
    if (e.timestamp >= s.last) {
      s.last = e.timestamp;
      s.project = e.project;
    }
  }

  const limit = Math.max(0, Math.floor(opts.sessionLimit ?? 100));
  const dates = [...days.keys()].sort();
  return {
    totals: tallyToUsage(totals),
    daily: dates.map((date) => {
      const d = days.get(date)!;
      return { ...tallyToUsage(d.tally), date, sessions: d.sessions.size };
    }),
    dailyBreakdown: dates.map((date) => {
      const d = days.get(date)!;
      return {
        date,
        models: [...d.models].map(([model, t]) => ({ ...tallyToUsage(t), model })).sort(byCostDesc((r) => r.model)),
        projects: [...d.projects]
          .map(([project, t]) => ({ ...tallyToUsage(t), project }))
          .sort(byCostDesc((r) => r.project)),
        otherModels: null,
        otherProjects: null,
      };
    }),
    models: [...models]
      // All usage under one name shares model and speed, so it is priced alike.
      .map(([model, t]) => ({ ...tallyToUsage(t), model, priced: !unpriced.has(model) }))
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
