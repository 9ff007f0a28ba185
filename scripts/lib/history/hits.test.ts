// Limit hits from readings and from the logs: which window a logged reset belongs to, and one
// event per window, origin and reset.
import { describe, expect, test } from 'bun:test';
import { HOUR, MINUTE, reading } from '../../../test/fixtures/history-fixtures.ts';
import { hitsOfLimitMessages, hitsOfReading, uniqueHits } from './hits.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');

describe('limit hits', () => {
  test('a reading shows a hit for each window at 100 %, dated when it was first seen', () => {
    const r = reading(NOW, {
      firstSeenAt: NOW - MINUTE,
      fiveHour: { pct: 100, resetsAt: NOW + HOUR },
      sevenDay: { pct: 99.9, resetsAt: NOW + 50 * HOUR },
    });
    expect(hitsOfReading(r)).toEqual([
      { window: 'five_hour', at: NOW - MINUTE, resetsAt: NOW + HOUR, origin: 'reading' },
    ]);
    expect(hitsOfReading(reading(NOW))).toEqual([]);
  });

  test('a logged reset within 5 hours (and 5 minutes) of its line is the 5-hour window, a later one the week', () => {
    expect(
      hitsOfLimitMessages([
        { at: NOW, resetsAt: NOW + 5 * HOUR + 5 * MINUTE },
        { at: NOW, resetsAt: NOW + 5 * HOUR + 6 * MINUTE },
      ]).map((h) => h.window),
    ).toEqual(['five_hour', 'seven_day']);
  });

  test('the same limit seen twice is one event at its earliest sighting; origins stay apart', () => {
    const reset = NOW + HOUR;
    const hits = uniqueHits([
      { window: 'five_hour', at: NOW, resetsAt: reset, origin: 'log' },
      { window: 'five_hour', at: NOW - MINUTE, resetsAt: reset + 300, origin: 'log' },
      { window: 'five_hour', at: NOW - 2 * MINUTE, resetsAt: reset, origin: 'reading' },
      { window: 'seven_day', at: NOW, resetsAt: reset, origin: 'log' },
    ]);
    expect(hits).toEqual([
      { window: 'five_hour', at: NOW - 2 * MINUTE, resetsAt: reset, origin: 'reading' },
      { window: 'five_hour', at: NOW - MINUTE, resetsAt: reset + 300, origin: 'log' },
      { window: 'seven_day', at: NOW, resetsAt: reset, origin: 'log' },
    ]);
  });
});
