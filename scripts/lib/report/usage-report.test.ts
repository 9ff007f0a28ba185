// The report: days in the asked zone, totals, daily, model, project and session rows with unpriced
// usage kept apart, fast mode listed on its own, and rows that pass the contract.
import { describe, expect, test } from 'bun:test';
import { validateUsageData } from '../../../src/contract/usage-data.ts';
import type { UsageEntry } from '../logs/entry.ts';
import { buildUsageReport } from './usage-report.ts';
import { documentAround } from '../../../test/fixtures/sample-data.ts';
import { makeEntry } from '../../../test/fixtures/usage-entries.ts';

const SONNET = 'claude-sonnet-4-5-20250929';
const OPUS = 'claude-opus-4-1-20250805';

function entry(at: string, t: Partial<UsageEntry> = {}): UsageEntry {
  return makeEntry({ timestamp: Date.parse(at), model: SONNET, inputTokens: 100, outputTokens: 1000, ...t });
}

describe('local calendar days', () => {
  test('the report puts the same entries on different days per zone', () => {
    const entries = [entry('2026-11-20T23:30:00Z'), entry('2026-11-21T03:30:00Z')];
    const dates = (tz: string) => buildUsageReport(entries, { timezone: tz }).daily.map((d) => [d.date, d.requests]);
    expect(dates('UTC')).toEqual([
      ['2026-11-20', 1],
      ['2026-11-21', 1],
    ]);
    expect(dates('America/Los_Angeles')).toEqual([['2026-11-20', 2]]);
    expect(dates('Asia/Tokyo')).toEqual([['2026-11-21', 2]]);
  });
});

describe('rows and totals', () => {
  const entries = [
    entry('2026-11-20T10:00:00Z', { sessionId: 'a', project: '-p1', cacheReadTokens: 5000 }),
    entry('2026-11-20T11:00:00Z', { sessionId: 'b', project: '-p2', model: OPUS }),
    entry('2026-11-20T23:00:00Z', { sessionId: 'a', project: '-p1' }),
    entry('2026-11-21T01:00:00Z', {
      sessionId: 'a',
      project: '-p1',
      cacheCreationTokens: 300,
      cacheCreation1hTokens: 100,
    }),
    entry('2026-11-19T09:00:00Z', { sessionId: 'c', project: '-p2', model: 'claude-mystery-9', outputTokens: 7 }),
  ];
  const report = buildUsageReport(entries, { timezone: 'UTC' });

  test('totals add every token category and count requests', () => {
    expect(report.totals).toMatchObject({
      inputTokens: 500,
      outputTokens: 4007,
      cacheCreationTokens: 300,
      cacheReadTokens: 5000,
      totalTokens: 9807,
      requests: 5,
      unpricedTokens: 107,
    });
    const sonnet = 3 * (100 * 3e-6 + 1000 * 15e-6) + 5000 * 0.3e-6 + 200 * 3.75e-6 + 100 * 6e-6;
    const opus = 100 * 15e-6 + 1000 * 75e-6;
    expect(report.totals.costUsd).toBeCloseTo(sonnet + opus, 12);
  });

  test('daily rows are ascending and count distinct sessions per day', () => {
    expect(report.daily.map((d) => [d.date, d.sessions, d.requests])).toEqual([
      ['2026-11-19', 1, 1],
      ['2026-11-20', 2, 3],
      ['2026-11-21', 1, 1],
    ]);
  });

  test('a day with only an unpriced model has cost null and its tokens in unpricedTokens', () => {
    expect(report.daily[0]).toMatchObject({ costUsd: null, unpricedTokens: 107, totalTokens: 107 });
    expect(report.unpricedModels).toEqual(['claude-mystery-9']);
  });

  test('models are sorted by cost, the unpriced one last and marked unpriced', () => {
    expect(report.models.map((m) => [m.model, m.priced])).toEqual([
      [OPUS, true],
      [SONNET, true],
      ['claude-mystery-9', false],
    ]);
    expect(report.models[2]!.costUsd).toBeNull();
  });

  test('fast-mode usage has a row of its own; without a fast price it is unpriced and listed so', () => {
    const r = buildUsageReport(
      [
        entry('2026-11-20T10:00:00Z', { model: 'claude-opus-4-8', inputTokens: 1000, outputTokens: 0 }),
        entry('2026-11-20T10:05:00Z', { model: 'claude-opus-4-8', inputTokens: 1000, outputTokens: 0, speed: 'fast' }),
        entry('2026-11-20T10:10:00Z', {
          model: 'claude-opus-4-5-20251101',
          inputTokens: 1000,
          outputTokens: 0,
          speed: 'fast',
        }),
      ],
      { timezone: 'UTC' },
    );
    const byName = Object.fromEntries(r.models.map((m) => [m.model, m]));
    expect(byName['claude-opus-4-8']).toMatchObject({ costUsd: 0.005, priced: true });
    expect(byName['claude-opus-4-8-fast']).toMatchObject({ costUsd: 0.01, priced: true });
    expect(byName['claude-opus-4-5-20251101-fast']).toMatchObject({
      costUsd: null,
      unpricedTokens: 1000,
      priced: false,
    });
    expect(r.unpricedModels).toEqual(['claude-opus-4-5-20251101-fast']);
    expect(r.sessions[0]!.models).toEqual(['claude-opus-4-5-20251101-fast', 'claude-opus-4-8', 'claude-opus-4-8-fast']);
  });

  test("each day is split by model and by project, costliest first, and the split adds up to the day's row", () => {
    expect(report.dailyBreakdown.map((d) => d.date)).toEqual(report.daily.map((d) => d.date));
    const nov20 = report.dailyBreakdown[1]!;
    expect(nov20.models.map((m) => [m.model, m.requests])).toEqual([
      [OPUS, 1],
      [SONNET, 2],
    ]);
    expect(nov20.projects.map((p) => [p.project, p.requests])).toEqual([
      ['-p2', 1],
      ['-p1', 2],
    ]);
    expect(nov20.models[1]!.cacheReadTokens).toBe(5000);
    for (const [i, day] of report.dailyBreakdown.entries()) {
      for (const rows of [day.models, day.projects]) {
        expect(rows.reduce((s, r) => s + r.totalTokens, 0)).toBe(report.daily[i]!.totalTokens);
        expect(rows.reduce((s, r) => s + r.requests, 0)).toBe(report.daily[i]!.requests);
      }
      expect([day.otherModels, day.otherProjects]).toEqual([null, null]);
    }
    expect(report.dailyBreakdown[0]!.models).toEqual([
      expect.objectContaining({ model: 'claude-mystery-9', costUsd: null, unpricedTokens: 107 }),
    ]);
  });

  test('a project mixing priced and unpriced models keeps the priced sum and counts the rest', () => {
    const p2 = report.projects.find((p) => p.project === '-p2')!;
    expect(p2.costUsd).toBeCloseTo(100 * 15e-6 + 1000 * 75e-6, 12);
    expect(p2.unpricedTokens).toBe(107);
    expect(p2.sessions).toBe(2);
    expect(p2.lastActivity).toBe('2026-11-20T11:00:00.000Z');
    expect(report.projects.map((p) => p.project)).toEqual(['-p2', '-p1']);
  });

  test('sessions are most recent first with first/last activity and models', () => {
    expect(report.sessions.map((s) => s.sessionId)).toEqual(['a', 'b', 'c']);
    expect(report.sessions[0]).toMatchObject({
      firstActivity: '2026-11-20T10:00:00.000Z',
      lastActivity: '2026-11-21T01:00:00.000Z',
      models: [SONNET],
      requests: 3,
    });
  });

  test('sessions are bounded by sessionLimit', () => {
    const many = Array.from({ length: 150 }, (_, i) =>
      entry(new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(), { sessionId: `s${i}` }),
    );
    const r = buildUsageReport(many, { timezone: 'UTC' });
    expect(r.sessions).toHaveLength(100);
    expect(r.sessions[0]!.sessionId).toBe('s149');
    expect(buildUsageReport(many, { timezone: 'UTC', sessionLimit: 3 }).sessions.map((s) => s.sessionId)).toEqual([
      's149',
      's148',
      's147',
    ]);
  });

  test('a resumed session names the project it was last seen in', () => {
    const r = buildUsageReport(
      [entry('2026-11-20T10:00:00Z', { project: '-old' }), entry('2026-11-20T12:00:00Z', { project: '-new' })],
      { timezone: 'UTC' },
    );
    expect(r.sessions[0]!.project).toBe('-new');
  });

  test('no entries give zero totals with cost 0 and empty rows', () => {
    const r = buildUsageReport([], { timezone: 'UTC' });
    expect(r.totals).toMatchObject({ totalTokens: 0, costUsd: 0, requests: 0 });
    expect([r.daily, r.dailyBreakdown, r.models, r.projects, r.sessions, r.unpricedModels]).toEqual([
      [],
      [],
      [],
      [],
      [],
      [],
    ]);
  });

  test('the report passes the contract validator, in a non-UTC zone too', () => {
    for (const tz of ['UTC', 'Asia/Tokyo']) {
      const result = validateUsageData(
        documentAround({ ...buildUsageReport(entries, { timezone: tz }), timezone: tz }),
      );
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });
});
