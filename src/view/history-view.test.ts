// The history chart's view-model: the range cuts the series, hits sit at 100 %, the table pairs each
// reading with the estimate of its bucket, and every missing part is said in words.
import { describe, expect, test } from 'bun:test';
import { makeEmptyHistory, makeSampleHistory, SAMPLE_NOW } from '../../test/fixtures/sample-data.ts';
import { buildHistoryView, HISTORY_TEXT } from './history-view.ts';

const clock = { now: new Date(SAMPLE_NOW), timeZone: 'UTC' };
const DAY = 86_400_000;

describe('buildHistoryView', () => {
  test('7 days keeps only the last week of the 14-day sample; 90 days keeps it all', () => {
    const history = makeSampleHistory();
    const week = buildHistoryView(history, '7d', clock);
    const all = buildHistoryView(history, '90d', clock);
    const [five7, week7] = week.windows;
    expect(week.to - week.from).toBe(7 * DAY);
    expect(five7!.readings.every((p) => p.t >= week.from)).toBe(true);
    // A reading every 6 hours: 28 in the last 7 days (the one at "now" itself is not in the sample).
    expect(five7!.readings).toHaveLength(28);
    expect(all.windows[0]!.readings).toHaveLength(history.fiveHour.readings.length);
    expect(week7!.title).toBe('Week · all models');
    expect(five7!.estimateLabel).toBe('aios estimate (calibrated on your readings)');
    expect(five7!.notes).toEqual([]);
  });

  test('the axis ticks fall on midnights in the zone: daily over 7 days, every 15 days over 90', () => {
    const history = makeSampleHistory();
    // SAMPLE_NOW is noon UTC, 21:00 in Tokyo (UTC+9): Tokyo's midnights are 15:00 UTC.
    const tokyo = buildHistoryView(history, '7d', { now: clock.now, timeZone: 'Asia/Tokyo' });
    expect(tokyo.ticks).toHaveLength(7);
    expect(tokyo.ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(Array(7).fill('15:00'));
    expect(tokyo.ticks.at(-1)).toBe(Date.parse('2026-11-19T15:00:00Z'));
    const utc = buildHistoryView(history, '90d', clock);
    expect(utc.ticks.at(-1)).toBe(Date.parse('2026-11-20T00:00:00Z'));
    expect(utc.ticks[1]! - utc.ticks[0]!).toBe(15 * DAY);
  });

  test('limit hits sit at 100 % in their own window, only within the range', () => {
    const history = makeSampleHistory();
    expect(buildHistoryView(history, '7d', clock).windows.map((w) => w.hits)).toEqual([
      [{ t: Date.parse(SAMPLE_NOW) - 3 * DAY, pct: 100 }],
      [],
    ]);
    expect(buildHistoryView(history, '90d', clock).windows[1]!.hits).toEqual([
      { t: Date.parse(SAMPLE_NOW) - 10 * DAY, pct: 100 },
    ]);
  });

  test('the table lists readings with the estimate of their bucket, and hits, most recent first', () => {
    const view = buildHistoryView(makeSampleHistory(), '7d', clock);
    expect(view.table[0]).toEqual({
      key: expect.stringMatching(/^five-hour-r-/),
      time: '06:00',
      window: '5-hour window',
      reading: '10%',
      estimate: '8%',
      hit: '',
    });
    const hit = view.table.find((r) => r.hit !== '');
    expect(hit).toMatchObject({ window: '5-hour window', reading: '—', hit: "limit reached (from Claude Code's log)" });
    const times = view.table.map((r) => r.key.split('-').at(-1)).map(Number);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test('no readings at all says to set up aios statusline; the estimate is still drawn', () => {
    const history = makeSampleHistory({
      fiveHour: { readings: [] },
      sevenDay: { readings: [] },
    });
    const view = buildHistoryView(history, '7d', clock);
    expect(view.empty).toBeNull();
    expect(view.windows[0]!.notes).toEqual([HISTORY_TEXT.noReadings]);
    expect(HISTORY_TEXT.noReadings).toStartWith('No readings yet: set up aios statusline');
  });

  test('readings only outside the range say so, not "set up the statusline"', () => {
    const old = new Date(Date.parse(SAMPLE_NOW) - 30 * DAY).toISOString();
    const history = makeSampleHistory({ fiveHour: { readings: [{ at: old, pct: 20 }] }, sevenDay: { readings: [] } });
    expect(buildHistoryView(history, '7d', clock).windows[0]!.notes).toEqual([HISTORY_TEXT.noReadingsInRange]);
    expect(buildHistoryView(history, '90d', clock).windows[0]!.notes).toEqual([]);
  });

  test('readings without an estimate line say why the line is missing', () => {
    const history = makeSampleHistory({
      fiveHour: { estimate: [], estimateBasis: 'none' },
    });
    expect(buildHistoryView(history, '7d', clock).windows[0]!.notes).toEqual([HISTORY_TEXT.noEstimate]);
  });

  test('nothing at all is one sentence instead of empty charts', () => {
    const view = buildHistoryView(makeEmptyHistory(), '90d', clock);
    expect(view.empty).toBe(HISTORY_TEXT.nothing);
    expect(view.table).toEqual([]);
  });
});
