// get_usage_summary: the last N calendar days in the document's zone (idle days as zeros), the
// period's total, the rows by model and project over exactly those days, and the bounds on N.
import { describe, expect, test } from 'bun:test';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import {
  makeSampleUsageData,
  SAMPLE_NOW,
  sampleDailyBreakdown,
  sampleUsage,
} from '../../../test/fixtures/sample-data.ts';
import { lastDays, summaryTool } from './summary-tool.ts';

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

  test('by model and by project over exactly the period, costliest first', () => {
    const doc = makeSampleUsageData();
    const days = doc.dailyBreakdown.filter((d) => d.date >= '2026-11-19');
    const sum = (rows: { costUsd: number | null }[]) => rows.reduce((s, r) => s + r.costUsd!, 0);
    const r = run(doc, { days: 2 });
    expect(r.byModel.map((m: { model: string }) => m.model)).toEqual([
      'claude-opus-4-5-20251101',
      'claude-sonnet-4-5-20250929',
    ]);
    const opus = days.map((d) => d.models[0]!);
    expect(r.byModel[0]).toEqual({
      model: 'claude-opus-4-5-20251101',
      priced: true,
      costUsd: expect.closeTo(sum(opus), 9),
      inputTokens: opus[0]!.inputTokens + opus[1]!.inputTokens,
      outputTokens: opus[0]!.outputTokens + opus[1]!.outputTokens,
      cacheCreationTokens: opus[0]!.cacheCreationTokens + opus[1]!.cacheCreationTokens,
      cacheReadTokens: opus[0]!.cacheReadTokens + opus[1]!.cacheReadTokens,
      totalTokens: opus[0]!.totalTokens + opus[1]!.totalTokens,
      unpricedTokens: 0,
      requests: opus[0]!.requests + opus[1]!.requests,
    });
    const website = days.map((d) => d.projects[1]!);
    expect(r.byProject[1]).toMatchObject({
      project: '-home-dev-website',
      costUsd: expect.closeTo(sum(website), 9),
      totalTokens: website[0]!.totalTokens + website[1]!.totalTokens,
    });
    // The models of the period add up to the period's total: nothing from outside it.
    expect(r.byModel[0].totalTokens + r.byModel[1].totalTokens).toBe(r.total.totalTokens);
    expect(r.byProject[0].totalTokens + r.byProject[1].totalTokens).toBe(r.total.totalTokens);
    expect(r.otherModels).toBeNull();
    expect(r.otherProjects).toBeNull();
    expect(r.unpricedModels).toEqual([]);
    // Nothing of the scan's sources (config dirs, unreadable file paths) is passed on.
    expect(JSON.stringify(r)).not.toContain('/home/dev/.claude');
  });

  test('an unpriced model says so and is listed; the rows folded into a day\'s "other" are added up', () => {
    const base = makeSampleUsageData();
    const breakdown = sampleDailyBreakdown(base.daily);
    const today = breakdown.at(-1)!;
    const yesterday = breakdown.at(-2)!;
    today.models.push({ ...sampleUsage(150_000, null), model: 'claude-mystery-9' });
    today.otherProjects = { ...sampleUsage(10_000, 0.5), count: 30 };
    yesterday.otherProjects = { ...sampleUsage(20_000, 1.25), count: 27 };
    // Two days back: outside a two-day period.
    breakdown.at(-3)!.otherModels = { ...sampleUsage(99_000, 9), count: 26 };
    const r = run(makeSampleUsageData({ dailyBreakdown: breakdown }), { days: 2 });
    expect(r.byModel.at(-1)).toMatchObject({ model: 'claude-mystery-9', priced: false, costUsd: null });
    expect(r.unpricedModels).toEqual(['claude-mystery-9']);
    expect(r.otherProjects).toMatchObject({ totalTokens: 30_000, costUsd: 1.75 });
    expect(r.otherModels).toBeNull();
    expect(run(makeSampleUsageData({ dailyBreakdown: breakdown }), { days: 3 }).otherModels).toMatchObject({
      totalTokens: 99_000,
      costUsd: 9,
    });
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
