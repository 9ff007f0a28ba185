// get_usage_summary: cost and tokens of the last N calendar days (in the document's zone), day by
// day, beside the document's per-model and per-project totals, which cover the whole log history.
import * as v from 'valibot';
import type { Usage, UsageData } from '../../../src/contract/usage-data.ts';
import { createDayKeyer } from '../../../src/view/calendar-day.ts';
import {
  array,
  BOOLEAN,
  boundedInteger,
  described,
  INTEGER,
  NUMBER,
  nullable,
  object,
  parseArgs,
  STRING,
  type AiosTool,
} from './tool.ts';

export const MAX_SUMMARY_DAYS = 90;
const DEFAULT_DAYS = 7;
const DAY_MS = 86_400_000;

/** The models' and projects' rows have no day split in the document: said in the result, never hidden. */
export const ALL_HISTORY_NOTE =
  'byModel and byProject cover every log Claude Code still keeps on this machine, not only the period: ' +
  'the usage document splits cost by model and project over the whole history only.';

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

const outputSchema = object({
  generatedAt: STRING,
  demo: BOOLEAN,
  timezone: described(STRING, 'IANA zone the calendar days are counted in'),
  period: object({ days: INTEGER, from: STRING, to: STRING }),
  total: object(USAGE_FIELDS, 'the period added up'),
  byDay: array(object({ date: STRING, ...USAGE_FIELDS, sessions: INTEGER }), 'every day of the period, oldest first'),
  allHistory: object({
    note: STRING,
    total: object(USAGE_FIELDS),
    byModel: array(object({ model: STRING, priced: BOOLEAN, ...USAGE_FIELDS })),
    byProject: array(
      object({
        project: described(STRING, "Claude Code's project folder name (the working directory, / as -)"),
        lastActivity: STRING,
        sessions: INTEGER,
        ...USAGE_FIELDS,
      }),
    ),
  }),
  unpricedModels: array(STRING),
});

/** Only the usage numbers of a row (the contract's rows carry more). */
function usageOf(row: Usage): Usage {
  return {
    costUsd: row.costUsd,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cacheCreationTokens: row.cacheCreationTokens,
    cacheReadTokens: row.cacheReadTokens,
    totalTokens: row.totalTokens,
    unpricedTokens: row.unpricedTokens,
    requests: row.requests,
  };
}

const ZERO: Usage = {
  costUsd: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  totalTokens: 0,
  unpricedTokens: 0,
  requests: 0,
};

/** Rows added up; the cost is unknown (null) only when tokens exist and none of them was priced. */
export function addUsage(rows: Usage[]): Usage {
  const sum = { ...ZERO };
  let priced = false;
  for (const r of rows) {
    sum.inputTokens += r.inputTokens;
    sum.outputTokens += r.outputTokens;
    sum.cacheCreationTokens += r.cacheCreationTokens;
    sum.cacheReadTokens += r.cacheReadTokens;
    sum.totalTokens += r.totalTokens;
    sum.unpricedTokens += r.unpricedTokens;
    sum.requests += r.requests;
    if (r.costUsd !== null) {
      priced = true;
      sum.costUsd = sum.costUsd! + r.costUsd;
    }
  }
  if (!priced && sum.totalTokens > 0) sum.costUsd = null;
  return sum;
}

/** The `days` calendar days ending with today in `timeZone`, oldest first ("YYYY-MM-DD"). */
export function lastDays(days: number, now: Date, timeZone: string): string[] {
  const today = createDayKeyer(timeZone)(now.getTime());
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(todayMs - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

function summary(doc: UsageData, days: number, now: Date): Record<string, unknown> {
  const dates = lastDays(days, now, doc.timezone);
  const byDate = new Map(doc.daily.map((row) => [row.date, row]));
  const byDay = dates.map((date) => {
    const row = byDate.get(date);
    return { date, ...usageOf(row ?? ZERO), sessions: row?.sessions ?? 0 };
  });
  return {
    generatedAt: doc.generatedAt,
    demo: doc.demo,
    timezone: doc.timezone,
    period: { days, from: dates[0], to: dates[dates.length - 1] },
    total: addUsage(byDay),
    byDay,
    allHistory: {
      note: ALL_HISTORY_NOTE,
      total: usageOf(doc.totals),
      byModel: doc.models.map((m) => ({ model: m.model, priced: m.priced, ...usageOf(m) })),
      byProject: doc.projects.map((p) => ({
        project: p.project,
        lastActivity: p.lastActivity,
        sessions: p.sessions,
        ...usageOf(p),
      })),
    },
    unpricedModels: doc.unpricedModels,
  };
}

const inputSchema = v.object({ days: boundedInteger(1, MAX_SUMMARY_DAYS, DEFAULT_DAYS) });

export const summaryTool: AiosTool = {
  name: 'get_usage_summary',
  title: 'Claude Code usage summary',
  description:
    'Cost (USD at API prices) and tokens from the Claude Code logs on this machine: the last N calendar days ' +
    'day by day (default 7, at most 90), and the totals by model and by project over the whole log history.',
  inputSchema: {
    type: 'object',
    properties: {
      days: {
        type: 'integer',
        minimum: 1,
        maximum: MAX_SUMMARY_DAYS,
        default: DEFAULT_DAYS,
        description: 'how many calendar days, ending today',
      },
    },
    additionalProperties: false,
  },
  outputSchema,
  run(doc, args, now) {
    const input = parseArgs(inputSchema, args);
    if (!input.ok) return input;
    return { ok: true, result: summary(doc, input.value.days, now) };
  },
};
