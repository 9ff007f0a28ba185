// The history chart: one figure per window with readings, the estimate and hits said in words, the
// 7-day / 90-day toggle, the table of the numbers, and empty states that say what is missing.
import { describe, expect, test } from 'bun:test';
import { fireEvent, render } from '@testing-library/react';
import { makeEmptyHistory, makeSampleHistory, SAMPLE_NOW } from '../../test/fixtures/sample-data.ts';
import { useHappyDom } from '../../test/fixtures/happy-dom-setup.ts';
import { UsageHistoryChart } from './usage-history-chart.tsx';

useHappyDom();

const clock = { now: new Date(SAMPLE_NOW), timeZone: 'UTC' };

describe('the usage history chart', () => {
  test('draws the 5-hour window and the week over the last 7 days, each figure saying what it holds', () => {
    const view = render(<UsageHistoryChart history={makeSampleHistory()} clock={clock} />);
    const figures = view.getAllByRole('figure').map((f) => f.getAttribute('aria-label'));
    expect(figures).toEqual([
      '5-hour window: 28 readings as points, the estimate as a dashed line, 1 limit hit as crosses at 100 %; the table below has the numbers',
      'Week · all models: 14 readings as points, the estimate as a dashed line, 0 limit hits as crosses at 100 %; the table below has the numbers',
    ]);
    expect(view.getByRole('radio', { name: 'Last 7 days' })).toHaveProperty('checked', true);
  });

  test('readings and hits are drawn as points with their own shapes, the estimate as a line, all named in the legend', () => {
    const view = render(<UsageHistoryChart history={makeSampleHistory()} clock={clock} />);
    const five = view.getByTestId('history-five-hour');
    // 28 readings and 1 hit as symbols; one estimate line.
    expect(five.querySelectorAll('.recharts-scatter-symbol')).toHaveLength(29);
    expect(five.querySelectorAll('.recharts-line-curve')).toHaveLength(1);
    expect([...five.querySelectorAll('.recharts-legend-item')].map((e) => e.textContent)).toEqual([
      "Anthropic's readings",
      'Limit hit',
      'aios estimate (calibrated on your readings)',
    ]);
  });

  test('the toggle switches to 90 days and the table follows', () => {
    const history = makeSampleHistory();
    const view = render(<UsageHistoryChart history={history} clock={clock} />);
    const rows = () => view.getAllByRole('row').length - 1;
    expect(rows()).toBe(28 + 14 + 1);
    fireEvent.click(view.getByRole('radio', { name: 'Last 90 days' }));
    expect(view.getByRole('radio', { name: 'Last 90 days' })).toHaveProperty('checked', true);
    // All 14 days of the sample: every reading and both hits.
    expect(rows()).toBe(history.fiveHour.readings.length + history.sevenDay.readings.length + 2);
    expect(view.getAllByRole('figure')[1]!.getAttribute('aria-label')).toContain('1 limit hit as');
  });

  test('the table has the numbers: time, window, reading, estimate, hit', () => {
    const view = render(<UsageHistoryChart history={makeSampleHistory()} clock={clock} />);
    const cells = view
      .getAllByRole('row')
      .slice(1, 2)
      .map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells).toEqual([['06:00', '5-hour window', '10%', '8%', '']]);
    expect(view.getByText("limit reached (from Claude Code's log)").tagName).toBe('TD');
  });

  test('with no readings it says to set up aios statusline and still draws the estimate', () => {
    const history = makeSampleHistory({ fiveHour: { readings: [] }, sevenDay: { readings: [] } });
    const view = render(<UsageHistoryChart history={history} clock={clock} />);
    expect(view.getAllByText(/^No readings yet: set up aios statusline/)).toHaveLength(2);
    expect(view.getAllByRole('figure')).toHaveLength(2);
  });

  test('a window with nothing to draw says why instead of drawing empty axes', () => {
    const history = makeSampleHistory({ sevenDay: { readings: [], estimate: [], estimateBasis: 'none' }, hits: [] });
    const view = render(<UsageHistoryChart history={history} clock={clock} />);
    const week = view.getByTestId('history-week');
    expect(week.querySelector('figure')).toBeNull();
    expect(week.textContent).toContain('No estimate line: too little usage in the logs to learn one yet.');
    expect(view.getAllByRole('figure')).toHaveLength(1);
  });

  test('with nothing at all it says so instead of drawing empty axes', () => {
    const view = render(<UsageHistoryChart history={makeEmptyHistory()} clock={clock} />);
    expect(view.getByTestId('history-empty').textContent).toStartWith('No usage history yet');
    expect(view.queryAllByRole('figure')).toEqual([]);
  });
});
