// get_usage_history: past windows with their peaks and the limit hits. Until aios keeps a usage
// history, this is what the document holds (the logs' 5-hour blocks, a current limit message), said so.
import * as v from 'valibot';
import type { UsageBlock, UsageData } from '../../../src/contract/usage-data.ts';
import { formatBurnRate } from '../../../src/view/format.ts';
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

/** The document lists the blocks of the last 30 days only. */
export const MAX_HISTORY_DAYS = 30;
const DEFAULT_DAYS = 7;
const DAY_MS = 86_400_000;

/** Said in every result until the history store exists: the agent must not read blocks as percentages. */
export const NO_HISTORY_NOTE =
  'aios keeps no usage history yet, so there are no past percentages of the limits. Instead: the 5-hour ' +
  "blocks found in the Claude Code logs (cost and tokens; a block's total is its peak), and a usage-limit " +
  'message from the logs when one is current.';

const blockSchema = object({
  start: STRING,
  end: STRING,
  isActive: BOOLEAN,
  costUsd: described(nullable(NUMBER), 'USD at API prices; null when nothing could be priced'),
  totalTokens: INTEGER,
  requests: INTEGER,
  models: array(STRING),
  burnRate: described(nullable(STRING), 'the active block only'),
});

const outputSchema = object({
  generatedAt: STRING,
  demo: BOOLEAN,
  historyAvailable: described(BOOLEAN, 'false until aios records readings of the limits over time'),
  note: STRING,
  period: object({ days: INTEGER, from: STRING, to: STRING }),
  blocks: array(blockSchema, 'the 5-hour blocks with usage in the period, most recent first'),
  peakBlock: described(nullable(blockSchema), 'the block of the period with the highest cost (tokens when unpriced)'),
  limitHits: array(
    object({ source: { type: 'string', enum: ['claude-code-log'] }, resetsAt: STRING, text: STRING }),
    'limits reached that the logs name; only a current one is known without the history',
  ),
});

function blockOf(b: UsageBlock): Record<string, unknown> {
  return {
    start: b.start,
    end: b.end,
    isActive: b.isActive,
    costUsd: b.costUsd,
    totalTokens: b.totalTokens,
    requests: b.requests,
    models: b.models,
    burnRate: b.isActive && b.burnRate ? formatBurnRate(b.burnRate) : null,
  };
}

/** Highest cost first; a block without a price ranks by its tokens, below every priced one. */
function heavier(a: UsageBlock, b: UsageBlock): UsageBlock {
  if ((a.costUsd === null) !== (b.costUsd === null)) return a.costUsd === null ? b : a;
  if (a.costUsd !== null && b.costUsd !== null && a.costUsd !== b.costUsd) return a.costUsd > b.costUsd ? a : b;
  return b.totalTokens > a.totalTokens ? b : a;
}

function history(doc: UsageData, days: number, now: Date): Record<string, unknown> {
  const from = new Date(now.getTime() - days * DAY_MS);
  const blocks = doc.blocks
    .filter((b) => !b.isGap && Date.parse(b.end) > from.getTime())
    .sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  const peak = blocks.length === 0 ? null : blocks.reduce(heavier);
  const resetFromLog = doc.claudeWindow.estimate.resetFromLog;
  return {
    generatedAt: doc.generatedAt,
    demo: doc.demo,
    historyAvailable: false,
    note: NO_HISTORY_NOTE,
    period: { days, from: from.toISOString(), to: now.toISOString() },
    blocks: blocks.map(blockOf),
    peakBlock: peak && blockOf(peak),
    limitHits: resetFromLog
      ? [{ source: 'claude-code-log', resetsAt: resetFromLog, text: 'Claude Code logged "usage limit reached"' }]
      : [],
  };
}

const inputSchema = v.object({ days: boundedInteger(1, MAX_HISTORY_DAYS, DEFAULT_DAYS) });

export const historyTool: AiosTool = {
  name: 'get_usage_history',
  title: 'Claude usage history',
  description:
    'Past usage windows with their peaks and the limit hits, over the last N days (default 7, at most 30). ' +
    'Until aios keeps a history of the limits, it returns the 5-hour blocks from the Claude Code logs ' +
    '(cost and tokens) and a current usage-limit message, and says so (historyAvailable: false).',
  inputSchema: {
    type: 'object',
    properties: {
      days: {
        type: 'integer',
        minimum: 1,
        maximum: MAX_HISTORY_DAYS,
        default: DEFAULT_DAYS,
        description: 'how many days back from now',
      },
    },
    additionalProperties: false,
  },
  outputSchema,
  run(doc, args, now) {
    const input = parseArgs(inputSchema, args);
    if (!input.ok) return input;
    return { ok: true, result: history(doc, input.value.days, now) };
  },
};
