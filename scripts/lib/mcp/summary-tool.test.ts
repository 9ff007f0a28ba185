// get_usage_summary: the last N calendar days in the document's zone (idle days as zeros), the
// period's total, the whole-history rows by model and project said to be so, and the bounds on N.
import { describe, expect, test } from 'bun:test';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import { makeSampleUsageData, SAMPLE_NOW, sampleUsage } from '../../../test/fixtures/sample-data.ts';
import { addUsage, ALL_HISTORY_NOTE, lastDays, summaryTool } from './summary-tool.ts';

const now = new Date(SAMPLE_NOW);
const conforms = new AjvJsonSchemaValidator().getValidator(summaryTool.outputSchema as JsonSchemaType);

function run(doc = makeSampleUsageData(), args: unknown = {}) {
  const outcome = summaryTool.run(doc, args, now);
  if (!outcome.ok) throw new Error(outcome.message);
  expect(conforms(outcome.result).errorMessage).toBeUndefined();
  return outcome.result as Record<string, any>;
}

describe('get_usage_summary', () => {
  test('seven days by default, ending today, each day the document row; the total adds them up', () => {
    const doc = makeSampleUsageData();
    const r = run(doc);
    expect(r.period).toEqual({ days: 7, from: '2026-11-14', to: '2026-11-20' });
    expect(r.byDay.map((d: { date: string }) => d.date)).toEqual([
      '2026-11-14',
      '2026-11-15',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
    ]);
    const today = doc.daily.find((d) => d.date === '2026-11-20')!;
    expect(r.byDay[6]).toEqual({
      date: '2026-11-20',
      costUsd: today.costUsd,
      inputTokens: today.inputTokens,
      outputTokens: today.outputTokens,
      cacheCreationTokens: today.cacheCreationTokens,
      cacheReadTokens: today.cacheReadTokens,
      totalTokens: today.totalTokens,
      unpricedTokens: today.unpricedTokens,
      requests: today.requests,
      sessions: today.sessions,
    });
    const week = doc.daily.filter((d) => d.date >= '2026-11-14');
    expect(r.total.totalTokens).toBe(week.reduce((s, d) => s + d.totalTokens, 0));
    expect(r.total.costUsd).toBeCloseTo(
      week.reduce((s, d) => s + d.costUsd!, 0),
      9,
    );
    expect(r.timezone).toBe('UTC');
  });

  test('a day without usage is a row of zeros, not a gap', () => {
    const doc = makeSampleUsageData();
    const r = run(makeSampleUsageData({ daily: doc.daily.filter((d) => d.date !== '2026-11-19') }), { days: 2 });
    expect(r.byDay[0]).toEqual({
      date: '2026-11-19',
      costUsd: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationTokens: 0,
      cacheReadTokens: 0,
      totalTokens: 0,
      unpricedTokens: 0,
      requests: 0,
      sessions: 0,
    });
    expect(r.total.totalTokens).toBe(doc.daily.find((d) => d.date === '2026-11-20')!.totalTokens);
  });

  test('models and projects are the whole history, and the result says so', () => {
    const doc = makeSampleUsageData();
    const r = run(doc, { days: 1 });
    expect(r.allHistory.note).toBe(ALL_HISTORY_NOTE);
    expect(r.allHistory.total.costUsd).toBe(412.5);
    expect(r.allHistory.byModel.map((m: { model: string; costUsd: number | null }) => [m.model, m.costUsd])).toEqual([
      ['claude-opus-4-5-20251101', 310],
      ['claude-sonnet-4-5-20250929', 102.5],
      ['claude-mystery-9', null],
    ]);
    expect(r.allHistory.byProject[0]).toMatchObject({
      project: '-home-dev-aios',
      sessions: 40,
      lastActivity: '2026-11-20T11:57:00.000Z',
      costUsd: 300,
    });
    expect(r.unpricedModels).toEqual(['claude-mystery-9']);
    // Nothing of the scan's sources (config dirs, unreadable file paths) is passed on.
    expect(JSON.stringify(r)).not.toContain('/home/dev/.claude');
  });

  test('days is a whole number from 1 to 90', () => {
    expect(run(makeSampleUsageData(), { days: 90 }).byDay).toHaveLength(90);
    for (const days of [0, 91, 2.5, '7', null]) {
      const outcome = summaryTool.run(makeSampleUsageData(), { days }, now);
      expect({ days, ok: outcome.ok }).toEqual({ days, ok: false });
      expect(outcome.ok ? '' : outcome.message).toStartWith('invalid arguments: days: ');
    }
  });
});

describe('lastDays', () => {
  test("counts calendar days in the document's zone", () => {
    const evening = new Date('2026-11-20T20:00:00Z');
    expect(lastDays(2, evening, 'UTC')).toEqual(['2026-11-19', '2026-11-20']);
    expect(lastDays(2, evening, 'Asia/Tokyo')).toEqual(['2026-11-20', '2026-11-21']);
    expect(lastDays(3, new Date('2026-03-01T12:00:00Z'), 'UTC')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});

describe('addUsage', () => {
  test('an unknown cost stays unknown only when nothing was priced; no rows add up to zero', () => {
    expect(addUsage([]).costUsd).toBe(0);
    expect(addUsage([sampleUsage(100, null), sampleUsage(200, null)]).costUsd).toBeNull();
    const mixed = addUsage([sampleUsage(100, null), sampleUsage(200, 3)]);
    expect(mixed).toMatchObject({ costUsd: 3, totalTokens: 300, unpricedTokens: 100 });
  });
});
