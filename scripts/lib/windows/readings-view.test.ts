// Which reading the panel can stand on: the contract and the history name the same sources, readings
// from the future are dropped, a reading's current window (an endpoint answer's among them).
import { describe, expect, test } from 'bun:test';
import { READING_VIAS } from '../../../src/contract/usage-data.ts';
import { makeSampleAuthoritative, SAMPLE_NOW } from '../../../test/fixtures/sample-data.ts';
import { READING_SOURCES, type UsageReading } from '../history/readings.ts';
import { readingFromPayload } from '../live/payload-reading.ts';
import { currentWindowOf, newestCurrent, usableReadings } from './readings-view.ts';

const now = Date.parse(SAMPLE_NOW);
const MIN = 60_000;

const reading = (observedAt: number, fiveReset: number): UsageReading => ({
  via: 'statusline',
  firstSeenAt: observedAt,
  observedAt,
  fiveHour: { pct: 20, resetsAt: fiveReset },
  sevenDay: null,
  planTier: null,
  payload: null,
});

describe('readings', () => {
  test('the contract and the history store name the same sources, in the same order', () => {
    expect([...READING_VIAS]).toEqual([...READING_SOURCES]);
  });

  test('a reading more than a minute in the future is clock skew; the rest come oldest first', () => {
    const kept = usableReadings(
      [reading(now, now + MIN), reading(now - MIN, now + MIN), reading(now + 2 * MIN, now)],
      now,
    );
    expect(kept.map((r) => r.observedAt)).toEqual([now - MIN, now]);
  });

  test('an odd percent is held to 0-100 and a non-finite one dropped, so one bad row cannot fail the document', () => {
    const odd = { ...reading(now, now + MIN), sevenDay: { pct: Number.NaN, resetsAt: now + MIN } };
    odd.fiveHour = { pct: 100.4, resetsAt: now + MIN };
    const [kept] = usableReadings([odd], now);
    expect([kept!.fiveHour?.pct, kept!.sevenDay]).toEqual([100, null]);
  });

  test('the newest reading of a window whose reset is ahead, of any age', () => {
    const old = reading(now - 3 * 3_600_000, now + MIN);
    const passed = reading(now - MIN, now);
    expect(newestCurrent([old, passed], 'fiveHour', now)?.reading).toBe(old);
    expect(newestCurrent([passed], 'fiveHour', now)).toBeNull();
    expect(currentWindowOf(passed, 'fiveHour', now)).toBeNull();
    expect(currentWindowOf(old, 'fiveHour', now)).toEqual({ pct: 20, resetsAt: new Date(now + MIN).toISOString() });
  });

  test('an endpoint answer becomes a reading with via "endpoint" at its fetch time', () => {
    const usage = makeSampleAuthoritative({ sevenDay: null });
    const r = readingFromPayload('endpoint', usage);
    expect(r).toMatchObject({
      via: 'endpoint',
      observedAt: Date.parse(usage.fetchedAt),
      fiveHour: { pct: 42, resetsAt: Date.parse(usage.fiveHour!.resetsAt!) },
      // No named week: the limits[] weekly_all entry stands in for it.
      sevenDay: { pct: 18 },
      payload: usage,
    });
  });

  test('a payload window without a reset stays in the payload only, and is current while the reading is', () => {
    const usage = makeSampleAuthoritative({ fiveHour: { utilization: 0, resetsAt: null }, limits: [] });
    const r = readingFromPayload('endpoint', usage);
    expect(r.fiveHour).toBeNull();
    expect(currentWindowOf(r, 'fiveHour', now)).toEqual({ pct: 0, resetsAt: null });
  });
});
