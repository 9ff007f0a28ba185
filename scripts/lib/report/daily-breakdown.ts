// The document's share of the report's day-by-model and day-by-project split: the last 90 days,
// each day bounded to its costliest rows with the rest added up, so the document stays small.
import { BREAKDOWN_DAYS, MAX_BREAKDOWN_ROWS, type DayBreakdown, type Usage } from '../../../src/contract/usage-data.ts';
import { addUsage } from './tally.ts';

const DAY = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first `max` rows (the report sorts them costliest first), and the rest added up. */
function bounded<T extends Usage>(
  rows: readonly T[],
  max: number,
): { kept: T[]; other: (Usage & { count: number }) | null } {
  if (rows.length <= max) return { kept: [...rows], other: null };
  const rest = rows.slice(max);
  return { kept: rows.slice(0, max), other: { ...addUsage(rest), count: rest.length } };
}

/**
 * The days of `breakdown` (the report's, every day) that any zone's last `days` calendar days can
 * name at `now`: UTC dates from `days` days before today to tomorrow, since a local date is never
 * more than a day off the UTC one. Working on UTC dates spares the zone lookup a warm run avoids.
 * Each day keeps its MAX_BREAKDOWN_ROWS costliest models and projects; the others are added up.
 *
 * @example recentBreakdown(report.dailyBreakdown, Date.now()) // at most 92 days
 */
export function recentBreakdown(
  breakdown: readonly DayBreakdown[],
  now: number,
  days: number = BREAKDOWN_DAYS,
  maxRows: number = MAX_BREAKDOWN_ROWS,
): DayBreakdown[] {
  const from = utcDay(now - days * DAY);
  const to = utcDay(now + DAY);
  return breakdown
    .filter((d) => d.date >= from && d.date <= to)
    .map((d) => {
      const models = bounded(d.models, maxRows);
      const projects = bounded(d.projects, maxRows);
      return {
        date: d.date,
        models: models.kept,
        projects: projects.kept,
        otherModels: models.other,
        otherProjects: projects.other,
      };
    });
}
