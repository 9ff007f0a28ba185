// The history as windows: grouped by reset (to the minute), the peak and when it was first seen,
// the cost logged inside the window, and windows that only a limit hit names.
import { describe, expect, test } from 'bun:test';
import { DAY, HOUR, MINUTE, reading } from '../../../test/fixtures/history-fixtures.ts';
import type { WeeklyPoints } from '../windows/estimate.ts';
import { costBetween, summarizeWindows } from './windows.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');

function points(entries: Array<[number, number]>): WeeklyPoints {
  return {
    timestamps: Float64Array.from(entries.map((e) => e[0])),
    tokens: Float64Array.from(entries.map(() => 1000)),
    costs: Float64Array.from(entries.map((e) => e[1])),
  };
}

describe('summarizeWindows', () => {
  test('readings of one window (resets a second apart across sources) make one window with its peak', () => {
    const reset = NOW + HOUR;
    const readings = [
      reading(NOW - 3 * HOUR, { fiveHour: { pct: 20, resetsAt: reset }, sevenDay: null }),
      reading(NOW - 2 * HOUR, { via: 'endpoint', fiveHour: { pct: 55, resetsAt: reset + 400 }, sevenDay: null }),
      reading(NOW - HOUR, { firstSeenAt: NOW - 90 * MINUTE, fiveHour: { pct: 55, resetsAt: reset }, sevenDay: null }),
      reading(NOW, { fiveHour: { pct: 40, resetsAt: reset }, sevenDay: null }),
    ];
    const costs = points([
      [reset - 6 * HOUR, 100], // before the window
      [reset - 4 * HOUR, 1.5],
      [reset - 2 * HOUR, NaN], // unpriced
      [NOW - MINUTE, 2.25],
      [NOW + MINUTE, 50], // after now
    ]);
    const [w, ...rest] = summarizeWindows({ readings, hits: [], points: costs, now: NOW, since: 0 });
    expect(rest).toEqual([]);
    expect(w).toEqual({
      kind: 'five_hour',
      startsAt: reset - 5 * HOUR,
      resetsAt: reset,
      peakPct: 55,
      peakAt: NOW - 2 * HOUR,
      readings: 4,
      sources: ['statusline', 'endpoint'],
      costUsd: 3.75,
      hits: [],
    });
  });

  test('weekly and 5-hour windows side by side, oldest reset first; without the logs the cost is null', () => {
    const r = reading(NOW);
    const windows = summarizeWindows({ readings: [r], hits: [], points: null, now: NOW, since: 0 });
    expect(windows.map((w) => [w.kind, w.resetsAt - NOW, w.startsAt - NOW, w.costUsd])).toEqual([
      ['five_hour', 2 * HOUR, -3 * HOUR, null],
      ['seven_day', 3 * DAY, -4 * DAY, null],
    ]);
  });

  test('a limit hit names its window even without readings (no peak then), and joins one that has them', () => {
    const reset = NOW - HOUR;
    const windows = summarizeWindows({
      readings: [reading(NOW - 2 * HOUR, { fiveHour: { pct: 97, resetsAt: NOW + 3 * HOUR }, sevenDay: null })],
      hits: [
        { window: 'five_hour', at: NOW - 2 * HOUR, resetsAt: reset, origin: 'log' },
        { window: 'five_hour', at: NOW - MINUTE, resetsAt: NOW + 3 * HOUR, origin: 'reading' },
      ],
      points: null,
      now: NOW,
      since: 0,
    });
    expect(windows.map((w) => [w.resetsAt - NOW, w.peakPct, w.readings, w.hits.map((h) => h.origin)])).toEqual([
      [-HOUR, null, 0, ['log']],
      [3 * HOUR, 97, 1, ['reading']],
    ]);
  });

  test('windows that reset before `since` are left out', () => {
    const windows = summarizeWindows({
      readings: [reading(NOW - 10 * DAY), reading(NOW)],
      hits: [],
      points: null,
      now: NOW,
      since: NOW - DAY,
    });
    expect(windows.map((w) => w.kind)).toEqual(['five_hour', 'seven_day']);
  });

  test('costBetween sums priced entries in [from, to)', () => {
    const p = points([
      [0, 1],
      [10, 2],
      [20, NaN],
      [30, 4],
    ]);
    expect(costBetween(p, 10, 30)).toBe(2);
    expect(costBetween(p, 0, 31)).toBe(7);
    expect(costBetween(p, 31, 40)).toBe(0);
  });
});
