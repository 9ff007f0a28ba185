import { describe, expect, test } from 'bun:test';
import { render } from '@testing-library/react';
import { makeSampleUsageData, sampleUsage } from '../lib/sample-data.ts';
import { DailyChart, lastDays } from './daily-chart.tsx';
import { useHappyDom } from './happy-dom-setup.ts';

useHappyDom();

describe('the daily chart', () => {
  test('keeps the last 30 days by date whatever the document order', () => {
    const daily = makeSampleUsageData().daily;
    const extra = { ...daily[0]!, date: '2026-10-01' };
    const rows = lastDays([...daily].reverse().concat(extra));
    expect(rows).toHaveLength(30);
    expect(rows[0]!.date).toBe('2026-10-22');
    expect(rows[29]!.date).toBe('2026-11-20');
  });

  test('has a table of the same numbers, with unpriced days as unpriced', () => {
    const daily = [
      { ...sampleUsage(1_234_567, 3.5), date: '2026-11-19', sessions: 2 },
      { ...sampleUsage(10_000, null), date: '2026-11-20', sessions: 1 },
    ];
    const { getAllByRole, getByRole } = render(<DailyChart daily={daily} timezone="Europe/Berlin" />);
    expect(getByRole('figure').getAttribute('aria-label')).toContain('2 days');
    const cells = getAllByRole('row')
      .slice(1)
      .map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells).toEqual([
      ['2026-11-20', '1', '10,000', 'unpriced'],
      ['2026-11-19', '2', '1,234,567', '$3.50'],
    ]);
  });
});
