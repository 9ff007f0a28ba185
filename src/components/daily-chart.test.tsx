// The daily chart: the 30 calendar days in the document's zone, empty days filled in, and the
// table of the same numbers.
import { describe, expect, test } from 'bun:test';
import { render } from '@testing-library/react';
import { makeSampleUsageData, sampleUsage } from '../../test/fixtures/sample-data.ts';
import { DailyChart, lastDays } from './daily-chart.tsx';
import { useHappyDom } from '../../test/fixtures/happy-dom-setup.ts';

useHappyDom();

describe('the daily chart', () => {
  test('covers the 30 calendar days up to the given day whatever the document order', () => {
    const daily = makeSampleUsageData().daily;
    const old = { ...daily[0]!, date: '2026-10-01' };
    const rows = lastDays([...daily].reverse().concat(old), '2026-11-20');
    expect(rows).toHaveLength(30);
    expect(rows[0]!.date).toBe('2026-10-22');
    expect(rows[29]!.date).toBe('2026-11-20');
  });

  test('fills days without usage with zero so the spacing is true to time', () => {
    const daily = [{ ...sampleUsage(1000, 1), date: '2026-11-18', sessions: 1 }];
    const rows = lastDays(daily, '2026-11-20', 3);
    expect(rows.map((d) => [d.date, d.totalTokens, d.costUsd])).toEqual([
      ['2026-11-18', 1000, 1],
      ['2026-11-19', 0, 0],
      ['2026-11-20', 0, 0],
    ]);
  });

  test('ends on the generation day in the document zone and tables the days with usage', () => {
    const daily = [
      { ...sampleUsage(1_234_567, 3.5), date: '2026-11-19', sessions: 2 },
      { ...sampleUsage(10_000, null), date: '2026-11-21', sessions: 1 },
      { ...sampleUsage(5_000, 1), date: '2026-10-01', sessions: 1 },
    ];
    // 23:30 UTC on the 20th is already the 21st in Tokyo.
    const { getAllByRole, getByRole } = render(
      <DailyChart daily={daily} timezone="Asia/Tokyo" generatedAt="2026-11-20T23:30:00Z" />,
    );
    expect(getByRole('figure').getAttribute('aria-label')).toContain('last 30 days');
    const cells = getAllByRole('row')
      .slice(1)
      .map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells).toEqual([
      ['2026-11-21', '1', '10,000', 'unpriced'],
      ['2026-11-19', '2', '1,234,567', '$3.50'],
    ]);
  });
});
