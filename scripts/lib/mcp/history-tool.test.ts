// get_usage_history: until the history store exists, the logs' 5-hour blocks of the period (most
// recent first, gaps left out), the heaviest one, a current limit message, and a note saying so.
import { describe, expect, test } from 'bun:test';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import type { UsageBlock } from '../../../src/contract/usage-data.ts';
import {
  makeSampleEstimateWindow,
  makeSampleUsageData,
  SAMPLE_NOW,
  sampleUsage,
} from '../../../test/fixtures/sample-data.ts';
import { historyTool, NO_HISTORY_NOTE } from './history-tool.ts';

const now = new Date(SAMPLE_NOW);
const conforms = new AjvJsonSchemaValidator().getValidator(historyTool.outputSchema as JsonSchemaType);
const at = (hours: number) => new Date(Date.parse(SAMPLE_NOW) + hours * 3_600_000).toISOString();

function run(doc = makeSampleUsageData(), args: unknown = {}) {
  const outcome = historyTool.run(doc, args, now);
  if (!outcome.ok) throw new Error(outcome.message);
  expect(conforms(outcome.result).errorMessage).toBeUndefined();
  return outcome.result as Record<string, any>;
}

/** A finished block starting `startHours` from SAMPLE_NOW. */
function block(startHours: number, tokens: number, cost: number | null): UsageBlock {
  return {
    ...sampleUsage(tokens, cost),
    start: at(startHours),
    end: at(startHours + 5),
    lastActivity: at(startHours + 1),
    isActive: false,
    isGap: false,
    models: ['claude-sonnet-4-5-20250929'],
    burnRate: null,
    projection: null,
  };
}

describe('get_usage_history', () => {
  test('says there is no history yet, and lists the blocks with usage, most recent first, without gaps', () => {
    const r = run();
    expect(r.historyAvailable).toBe(false);
    expect(r.note).toBe(NO_HISTORY_NOTE);
    expect(r.period).toEqual({ days: 7, from: '2026-11-13T12:00:00.000Z', to: SAMPLE_NOW });
    expect(r.blocks).toEqual([
      {
        start: '2026-11-20T10:00:00.000Z',
        end: '2026-11-20T15:00:00.000Z',
        isActive: true,
        costUsd: 7,
        totalTokens: 3_200_000,
        requests: 320,
        models: ['claude-opus-4-5-20251101'],
        burnRate: '12.3K tokens/min · $4.20/h',
      },
      {
        start: '2026-11-20T00:00:00.000Z',
        end: '2026-11-20T05:00:00.000Z',
        isActive: false,
        costUsd: 9,
        totalTokens: 2_500_000,
        requests: 250,
        models: ['claude-sonnet-4-5-20250929'],
        burnRate: null,
      },
    ]);
    expect(r.peakBlock).toEqual(r.blocks[1]);
    expect(r.limitHits).toEqual([]);
  });

  test('only blocks that end inside the period; the peak is the costliest, an unpriced one ranks last', () => {
    const doc = makeSampleUsageData({
      blocks: [block(-100, 9_000_000, null), block(-60, 1_000_000, 2), block(-40, 500_000, 5), block(-30, 800_000, 5)],
    });
    const r = run(doc, { days: 3 });
    expect(r.blocks.map((b: { start: string }) => b.start)).toEqual([at(-30), at(-40), at(-60)]);
    // Equal cost: the one with more tokens.
    expect(r.peakBlock.start).toBe(at(-30));
    const unpricedOnly = run(makeSampleUsageData({ blocks: [block(-100, 9_000_000, null)] }), { days: 7 });
    expect(unpricedOnly.peakBlock.costUsd).toBeNull();
    expect(run(doc, { days: 1 }).peakBlock).toBeNull();
  });

  test('a current "usage limit reached" message from the logs is a limit hit with its reset', () => {
    const w = makeSampleEstimateWindow();
    const doc = makeSampleUsageData({
      claudeWindow: { ...w, estimate: { ...w.estimate, basis: 'log-limit-message', resetFromLog: at(2) } },
    });
    expect(run(doc).limitHits).toEqual([
      { source: 'claude-code-log', resetsAt: at(2), text: 'Claude Code logged "usage limit reached"' },
    ]);
  });

  test('days is a whole number from 1 to 30', () => {
    for (const days of [0, 31, 1.5]) {
      const outcome = historyTool.run(makeSampleUsageData(), { days }, now);
      expect(outcome.ok ? '' : outcome.message).toStartWith('invalid arguments: days: ');
    }
  });
});
