// get_usage_summary: cost and tokens of the last N calendar days (in the document's zone): day by
// day, and by model and by project over exactly those days, from the document's per-day split.
import { BREAKDOWN_DAYS, ZERO_USAGE, type Usage, type UsageData } from '../../../src/contract/usage-data.ts';
import { createDayKeyer, datesEndingOn } from '../../../src/view/calendar-day.ts';
import { addUsage, usageOf } from '../report/tally.ts';
import {
  array,
  BOOLEAN,
  daysArgument,
  described,
  INTEGER,
  NUMBER,
  nullable,
  object,
  parseArgs,
  STRING,
  type DocumentTool,
} from './tool.ts';

/** The document splits the last 90 days by model and project. */
export const MAX_SUMMARY_DAYS = BREAKDOWN_DAYS;
const DEFAULT_DAYS = 7;

const USAGE_FIELDS = {
  costUsd: described(nullable(NUMBER), 'USD at API prices; null when nothing could be priced (never 0 for unknown)'),
  inputTokens: INTEGER,
  outputTokens: INTEGER,
  cacheCreationTokens: INTEGER,
  cacheReadTokens: INTEGER,
  totalTokens: INTEGER,
  unpricedTokens: described(INTEGER, 'tokens of models without a price: while above 0 the cost is a lower bound'),
  requests: INTEGER,
};

const OTHER_WORDS =
  'usage of the models (projects) past the 25 costliest of a day, which the usage document adds up ' +
  'per day without their names; null when there was none';

const outputSchema = object({
  generatedAt: STRING,
  demo: BOOLEAN,
  timezone: described(STRING, 'IANA zone the calendar days are counted in'),
  period: object({ days: INTEGER, from: STRING, to: STRING }),
  total: object(USAGE_FIELDS, 'the period added up'),
  byDay: array(object({ date: STRING, ...USAGE_FIELDS, sessions: INTEGER }), 'every day of the period, oldest first'),
  byModel: array(
    object({ model: STRING, priced: BOOLEAN, ...USAGE_FIELDS }),
    'each model used in the period, costliest first',
  ),
  byProject: array(
    object({
      project: described(STRING, "Claude Code's project folder name (the working directory, / as -)"),
      ...USAGE_FIELDS,
    }),
    'each project worked on in the period, costliest first',
  ),
  otherModels: described(nullable(object(USAGE_FIELDS)), OTHER_WORDS),
  otherProjects: described(nullable(object(USAGE_FIELDS)), OTHER_WORDS),
  unpricedModels: array(STRING, 'models of the period that have no price'),
});

/** Costliest first; an unknown cost after every known one; then by tokens, then by name. */
function byCostDesc<T extends Usage>(name: (row: T) => string) {
  return (a: T, b: T) =>
    (b.costUsd ?? -1) - (a.costUsd ?? -1) || b.totalTokens - a.totalTokens || name(a).localeCompare(name(b));
}

/** The `days` calendar days ending with today in `timeZone`, oldest first ("YYYY-MM-DD"). */
export function lastDays(days: number, now: Date, timeZone: string): string[] {
  return datesEndingOn(createDayKeyer(timeZone)(now.getTime()), days);
}

/** Rows of the same name added up over the days, costliest first. */
function byName<K extends 'model' | 'project'>(
  key: K,
  rows: readonly (Usage & Record<K, string>)[],
): (Usage & Record<K, string>)[] {
  const groups = new Map<string, Usage[]>();
  for (const row of rows) {
    const group = groups.get(row[key]);
    if (group) group.push(row);
    else groups.set(row[key], [row]);
  }
  const summed = [...groups].map(([name, group]) => ({ [key]: name, ...addUsage(group) }) as Usage & Record<K, string>);
  return summed.sort(byCostDesc((r) => r[key]));
}

function summary(doc: UsageData, days: number, now: Date): Record<string, unknown> {
  const dates = lastDays(days, now, doc.timezone);
  const inPeriod = new Set(dates);
  const byDate = new Map(doc.daily.map((row) => [row.date, row]));
  const byDay = dates.map((date) => {
    const row = byDate.get(date);
    return { date, ...usageOf(row ?? ZERO_USAGE), sessions: row?.sessions ?? 0 };
  });
  const split = doc.dailyBreakdown.filter((d) => inPeriod.has(d.date));
  const unpriced = new Set(doc.unpricedModels);
  const models = byName(
    'model',
    split.flatMap((d) => d.models),
  ).map(({ model, ...usage }) => ({ model, priced: !unpriced.has(model), ...usage }));
  const projects = byName(
    'project',
    split.flatMap((d) => d.projects),
  ).map(({ project, ...usage }) => ({ project, ...usage }));
  const others = (rows: (Usage | null)[]) => {
    const present = rows.filter((r): r is Usage => r !== null);
    return present.length === 0 ? null : addUsage(present);
  };
  return {
    generatedAt: doc.generatedAt,
    demo: doc.demo,
    timezone: doc.timezone,
    period: { days, from: dates[0], to: dates[dates.length - 1] },
    total: addUsage(byDay),
    byDay,
    byModel: models,
    byProject: projects,
    otherModels: others(split.map((d) => d.otherModels)),
    otherProjects: others(split.map((d) => d.otherProjects)),
    unpricedModels: models.filter((m) => !m.priced).map((m) => m.model),
  };
}

const DAYS = daysArgument(MAX_SUMMARY_DAYS, DEFAULT_DAYS, 'how many calendar days, ending today');

export const summaryTool: DocumentTool = {
  reads: 'document',
  name: 'get_usage_summary',
  title: 'Claude Code usage summary',
  description:
    'Cost (USD at API prices) and tokens from the Claude Code logs on this machine over the last N calendar ' +
    'days (default 7, at most 90): day by day, by model and by project.',
  inputSchema: DAYS.listed,
  outputSchema,
  run(doc, args, now) {
    const input = parseArgs(DAYS.schema, args);
    if (!input.ok) return input;
    return { ok: true, result: summary(doc, input.value.days, now) };
  },
};
