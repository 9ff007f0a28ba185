// The chart's history: peaks of hourly buckets in the last 7 days and of 12-hour buckets before, never
// more than the bound however many readings, the estimate line's basis, and limit hits by window.
import { describe, expect, test } from 'bun:test';
import { MAX_HISTORY_HITS, MAX_HISTORY_POINTS, type WindowEstimate } from '../../../src/contract/usage-data.ts';
import { DAY, HOUR, logOf, MINUTE, syntheticHistory } from '../../../test/fixtures/synthetic-readings.ts';
import type { LimitHit, UsageReading } from '../history/readings.ts';
import { calibrate } from './calibration.ts';
import { hitsOfLimitMessages } from '../history/hits.ts';
import { buildUsageHistory, type HistoryInput } from './history-series.ts';

const now = Date.parse('2026-11-28T12:00:00Z');

const noFit = { ok: false as const, readings: 0, windows: 0 };
const p90 = (limitCostUsd: number | null, weekLimit: number | null) =>
  ({ limitCostUsd, weekly: { limitCostUsd: weekLimit } }) as WindowEstimate;

function input(over: Partial<HistoryInput>): HistoryInput {
  return {
    now,
    readings: [],
    hits: [],
    logged: logOf([]),
    blocks: [],
    fits: { fiveHour: { ...noFit, window: 'fiveHour' }, sevenDay: { ...noFit, window: 'sevenDay' } },
    p90: p90(null, null),
    ...over,
  };
}

const reading = (at: number, pct: number): UsageReading => ({
  via: 'statusline',
  firstSeenAt: at,
  observedAt: at,
  fiveHour: { pct, resetsAt: at + HOUR },
  sevenDay: null,
  planTier: null,
  payload: null,
});

describe('buildUsageHistory', () => {
  test('keeps the peak of each hourly bucket in the last 7 days and of each 12-hour bucket before', () => {
    const readings = [
      reading(now - 2 * HOUR + 5 * MINUTE, 30),
      reading(now - 2 * HOUR + 40 * MINUTE, 45), // same hour: the peak wins
      reading(now - 2 * HOUR + 50 * MINUTE, 10),
      reading(now - 20 * DAY + HOUR, 60), // same 12 hours, older: only the peak
      reading(now - 20 * DAY + 2 * HOUR, 55),
      reading(now - 91 * DAY, 99), // older than the history
    ];
    const h = buildUsageHistory(input({ readings }));
    expect(h.fiveHour.readings).toEqual([
      { at: new Date(now - 20 * DAY + HOUR).toISOString(), pct: 60 },
      { at: new Date(now - 2 * HOUR + 40 * MINUTE).toISOString(), pct: 45 },
    ]);
    expect(h.sevenDay.readings).toEqual([]);
  });

  test('stays within the bound however many readings there are', () => {
    const readings = Array.from({ length: 90 * 24 * 12 }, (_, i) => reading(now - i * 5 * MINUTE, i % 100));
    const h = buildUsageHistory(input({ readings }));
    expect(h.fiveHour.readings.length).toBeLessThanOrEqual(MAX_HISTORY_POINTS);
    expect(h.fiveHour.readings.length).toBeGreaterThan(300);
  });

  test('the estimate line is calibrated when there is a fit, history-p90 without one, absent without either', () => {
    const past = syntheticHistory({ end: now, days: 20, k5: 4, k7: 0.5 });
    const logged = logOf(past.entries);
    const fits = {
      fiveHour: calibrate(past.readings, 'fiveHour', logged.costBetween, now),
      sevenDay: calibrate(past.readings, 'sevenDay', logged.costBetween, now),
    };
    const calibrated = buildUsageHistory(input({ readings: past.readings, logged, fits }));
    expect([calibrated.fiveHour.estimateBasis, calibrated.sevenDay.estimateBasis]).toEqual([
      'calibrated',
      'calibrated',
    ]);
    // Each window's $8 at 4 points per dollar peaks near 32 % (its readings say 32 % too).
    expect(Math.max(...calibrated.fiveHour.estimate.map((p) => p.pct))).toBeCloseTo(32, 0);
    expect(calibrated.fiveHour.estimate.length).toBeLessThanOrEqual(MAX_HISTORY_POINTS);

    const fromP90 = buildUsageHistory(input({ logged, p90: p90(null, 40) }));
    expect([fromP90.fiveHour.estimateBasis, fromP90.sevenDay.estimateBasis]).toEqual(['none', 'history-p90']);
    expect(fromP90.fiveHour.estimate).toEqual([]);
    // A rolling week of $8 a day against a $40 learned limit.
    expect(Math.max(...fromP90.sevenDay.estimate.map((p) => p.pct))).toBeCloseTo((7 * 8 * 100) / 40, 0);
  });

  test('limit hits within the 90 days, oldest first, at most the bound', () => {
    const hits: LimitHit[] = Array.from({ length: MAX_HISTORY_HITS + 10 }, (_, i) => ({
      window: 'five_hour',
      at: now - i * HOUR,
      resetsAt: null,
      origin: 'reading',
    }));
    hits.push({ window: 'seven_day', at: now - 100 * DAY, resetsAt: null, origin: 'log' });
    const h = buildUsageHistory(input({ hits }));
    expect(h.hits).toHaveLength(MAX_HISTORY_HITS);
    expect(h.hits.at(-1)!.at).toBe(new Date(now).toISOString());
    expect(h.hits.every((x) => x.window === 'five_hour')).toBe(true);
  });
});

describe('hitsOfLimitMessages (history/hits.ts), as the history reads them', () => {
  test('a reset within 5 hours of the message is the 5-hour window, a later one the week', () => {
    expect(
      hitsOfLimitMessages([
        { at: now, resetsAt: now + 2 * HOUR },
        { at: now, resetsAt: now + 3 * DAY },
      ]).map((h) => [h.window, h.origin]),
    ).toEqual([
      ['five_hour', 'log'],
      ['seven_day', 'log'],
    ]);
  });
});
