// get_usage_history: the usage history aios keeps, as `aios history` summarizes it: each past 5-hour
// window and week with its peak percent, the cost logged inside it and its limit hits, over N days.
import { roundUsd } from '../assemble/money.ts';
import type { LimitHit } from '../history/readings.ts';
import type { HistoryWindow } from '../history/windows.ts';
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
  type HistoryTool,
  type UsageHistoryFacts,
} from './tool.ts';

/** The store keeps its detail for 90 days (older minutes are thinned, peaks kept). */
export const MAX_HISTORY_DAYS = 90;
const DEFAULT_DAYS = 7;
const DAY_MS = 86_400_000;

/** Said when there is no history file at all: where the readings come from. */
export const NO_STORE_NOTE =
  'aios keeps no usage history on this machine yet, so there are no past windows. It fills as the user ' +
  "works once `aios statusline` is Claude Code's statusLine (or while `aios serve` / `aios aggregate` run).";
/** Said when the history exists but holds nothing in the period. */
export const EMPTY_PERIOD_NOTE =
  'The usage history holds no reading and no limit hit in this period: no window to report.';

const WINDOW_KIND = described(
  { type: 'string', enum: ['five_hour', 'seven_day'] },
  'five_hour: a 5-hour session window; seven_day: a week',
);
const ORIGIN = described(
  { type: 'string', enum: ['reading', 'log'] },
  'reading: Anthropic reported 100 %; log: Claude Code logged "usage limit reached"',
);

const windowSchema = object({
  kind: WINDOW_KIND,
  startsAt: STRING,
  resetsAt: STRING,
  peakPercent: described(
    nullable(NUMBER),
    'the highest percent of the limit Anthropic reported in the window (0-100); null when only a limit hit names it',
  ),
  peakAt: described(nullable(STRING), 'when that peak was first seen'),
  readings: described(INTEGER, "distinct readings of Anthropic's numbers in the window"),
  sources: array({ type: 'string', enum: ['statusline', 'claude-cache', 'endpoint'] }, 'where the readings came from'),
  costUsd: described(
    nullable(NUMBER),
    'USD at API prices logged by Claude Code on this machine inside the window; null when the logs are not at hand',
  ),
  limitHits: array(object({ at: STRING, origin: ORIGIN }), 'the times the limit was reached in this window'),
});

const outputSchema = object({
  generatedAt: STRING,
  historyAvailable: described(BOOLEAN, 'false when aios keeps no history yet or it holds nothing in the period'),
  note: described(nullable(STRING), 'why there are no windows, when there are none'),
  period: object({ days: INTEGER, from: STRING, to: STRING }),
  windows: array(windowSchema, 'windows that reset in the period, the most recent reset first'),
  limitHits: array(
    object({ window: WINDOW_KIND, at: STRING, resetsAt: nullable(STRING), origin: ORIGIN }),
    'every limit hit in the period, most recent first',
  ),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function windowOf(w: HistoryWindow): Record<string, unknown> {
  return {
    kind: w.kind,
    startsAt: iso(w.startsAt),
    resetsAt: iso(w.resetsAt),
    peakPercent: w.peakPct,
    peakAt: iso(w.peakAt),
    readings: w.readings,
    sources: w.sources,
    costUsd: w.costUsd === null ? null : roundUsd(w.costUsd),
    limitHits: w.hits.map((h) => ({ at: iso(h.at), origin: h.origin })),
  };
}

const hitOf = (h: LimitHit) => ({ window: h.window, at: iso(h.at), resetsAt: iso(h.resetsAt), origin: h.origin });

function history(facts: UsageHistoryFacts, days: number, now: Date): Record<string, unknown> {
  const { view } = facts;
  const windows = [...view.windows].sort((a, b) => b.resetsAt - a.resetsAt || (a.kind < b.kind ? -1 : 1));
  const hits = [...view.hits].sort((a, b) => b.at - a.at);
  const available = facts.store === 'present' && (windows.length > 0 || hits.length > 0);
  return {
    generatedAt: now.toISOString(),
    historyAvailable: available,
    note: available ? null : facts.store === 'missing' ? NO_STORE_NOTE : EMPTY_PERIOD_NOTE,
    period: { days, from: new Date(now.getTime() - days * DAY_MS).toISOString(), to: now.toISOString() },
    windows: windows.map(windowOf),
    limitHits: hits.map(hitOf),
  };
}

const DAYS = daysArgument(MAX_HISTORY_DAYS, DEFAULT_DAYS, 'how many days back from now');

export const historyTool: HistoryTool = {
  reads: 'history',
  name: 'get_usage_history',
  title: 'Claude usage history',
  description:
    "Past usage windows from the history aios keeps of Anthropic's numbers: each 5-hour window and week that " +
    'reset in the last N days (default 7, at most 90) with its peak percent, the cost Claude Code logged ' +
    'inside it, and the limit hits (a reading of 100 % or a "usage limit reached" line in the logs). Says so ' +
    'when there is no history yet (historyAvailable: false).',
  inputSchema: DAYS.listed,
  outputSchema,
  async run(source, args, now) {
    const input = parseArgs(DAYS.schema, args);
    if (!input.ok) return input;
    const facts = await source(input.value.days, now);
    return { ok: true, result: history(facts, input.value.days, now) };
  },
};
