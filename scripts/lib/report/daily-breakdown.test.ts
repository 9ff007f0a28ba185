// The document's day split: the days any zone's last 90 days can name (UTC dates, a day of slack on
// either side), and each day bounded to its costliest rows with the others added up.
import { describe, expect, test } from 'bun:test';
import { validateUsageData, type DayBreakdown, type Usage } from '../../../src/contract/usage-data.ts';
import { makeSampleUsageData } from '../../../test/fixtures/sample-data.ts';
import { recentBreakdown } from './daily-breakdown.ts';

const NOW = Date.parse('2026-11-20T12:00:00Z');

function usage(totalTokens: number, costUsd: number | null): Usage {
  return {
    inputTokens: totalTokens,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    totalTokens,
    costUsd,
    unpricedTokens: costUsd === null ? totalTokens : 0,
    requests: 1,
  };
}

function day(date: string, models = 1, projects = 1): DayBreakdown {
  return {
    date,
    models: Array.from({ length: models }, (_, i) => ({ ...usage(1000 - i, 10 - i / 10), model: `m${i}` })),
    projects: Array.from({ length: projects }, (_, i) => ({ ...usage(1000 - i, 10 - i / 10), project: `-p${i}` })),
    otherModels: null,
    otherProjects: null,
  };
}

describe('recentBreakdown', () => {
  test("keeps the UTC dates from 90 days before today to tomorrow: every zone's last 90 days", () => {
    const days = ['2026-08-21', '2026-08-22', '2026-11-20', '2026-11-21', '2026-11-22'].map((d) => day(d));
    expect(recentBreakdown(days, NOW).map((d) => d.date)).toEqual(['2026-08-22', '2026-11-20', '2026-11-21']);
    expect(recentBreakdown(days, NOW, 1).map((d) => d.date)).toEqual(['2026-11-20', '2026-11-21']);
  });

  test('a day keeps its costliest rows and adds up the rest, with how many they were', () => {
    const [bounded] = recentBreakdown([day('2026-11-20', 5, 2)], NOW, 90, 3);
    expect(bounded!.models.map((m) => m.model)).toEqual(['m0', 'm1', 'm2']);
    expect(bounded!.otherModels).toEqual({ ...usage(996 + 997, 9.6 + 9.7), requests: 2, count: 2 });
    expect(bounded!.projects).toHaveLength(2);
    expect(bounded!.otherProjects).toBeNull();
  });

  test('other rows of unpriced models only have an unknown cost; a mix keeps the priced part', () => {
    const d = day('2026-11-20', 0, 0);
    d.models = [
      { ...usage(10, 1), model: 'a' },
      { ...usage(5, null), model: 'b' },
      { ...usage(4, null), model: 'c' },
    ];
    expect(recentBreakdown([d], NOW, 90, 1)[0]!.otherModels).toMatchObject({ costUsd: null, unpricedTokens: 9 });
    expect(recentBreakdown([d], NOW, 90, 0)[0]!.otherModels).toMatchObject({ costUsd: 1, unpricedTokens: 9 });
  });

  test('ninety-two days of twenty-six rows each still fit the contract', () => {
    const days = Array.from({ length: 200 }, (_, i) =>
      day(new Date(NOW - (150 - i) * 86_400_000).toISOString().slice(0, 10), 26, 40),
    );
    const recent = recentBreakdown(days, NOW);
    expect(recent).toHaveLength(92);
    const checked = validateUsageData(makeSampleUsageData({ dailyBreakdown: recent }));
    expect(checked.ok ? [] : checked.errors).toEqual([]);
  });
});
