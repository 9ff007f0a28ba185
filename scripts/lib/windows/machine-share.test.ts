// This machine's share: the week's step per 5-hour point from read windows, the account measure and
// the evidence it needs, the windows-read fallback, and the threshold below which a share is said.
import { describe, expect, test } from 'bun:test';
import { DAY, HOUR, MINUTE, reading } from '../../../test/fixtures/history-fixtures.ts';
import {
  ACCOUNT_MIN_WEEK_POINTS,
  accountShare,
  claimed,
  SHARE_CLAIM_BELOW,
  weekStep,
  windowsReadShare,
} from './machine-share.ts';

const T0 = Date.parse('2026-11-02T08:00:00Z');
const WEEK_RESET = T0 + 7 * DAY;

/** A reading at `at` of the 5-hour window resetting at `fiveReset` and of the week. */
function read(at: number, five: number, week: number, fiveReset: number, weekReset = WEEK_RESET) {
  return reading(at, {
    fiveHour: { pct: five, resetsAt: fiveReset },
    sevenDay: { pct: week, resetsAt: weekReset },
  });
}

describe('weekStep', () => {
  test('the week points per 5-hour point, from the first and last reading of each window', () => {
    const a = T0 + 5 * HOUR;
    const b = T0 + DAY + 5 * HOUR;
    const step = weekStep([
      read(T0 + HOUR, 10, 3, a),
      read(T0 + 2 * HOUR, 20, 4, a),
      read(T0 + 3 * HOUR, 50, 7, a), // +40 five, +4 week
      read(T0 + DAY + HOUR, 5, 9, b + 10 * MINUTE), // the same window, its reset rounded otherwise
      read(T0 + DAY + 2 * HOUR, 65, 15, b), // +60 five, +6 week
    ]);
    expect(step).toEqual({ ratio: 0.1, weekPoints: 10, windows: 2 });
  });

  test('a window at 100 %, across a weekly reset, that did not move, or read once is left out', () => {
    const a = T0 + 5 * HOUR;
    const at100 = [read(T0 + HOUR, 60, 10, a), read(T0 + 2 * HOUR, 100, 14, a)];
    const b = T0 + DAY + 5 * HOUR;
    const acrossReset = [read(T0 + DAY, 10, 90, b, T0 + DAY + 2 * HOUR), read(T0 + DAY + 3 * HOUR, 30, 1, b)];
    const c = T0 + 2 * DAY + 5 * HOUR;
    const still = [read(T0 + 2 * DAY, 30, 20, c), read(T0 + 2 * DAY + HOUR, 30, 21, c)];
    const once = [read(T0 + 3 * DAY, 40, 25, T0 + 3 * DAY + 4 * HOUR)];
    expect(weekStep([...at100, ...acrossReset, ...still, ...once])).toBeNull();
    // A reading of one window only does not pair either.
    expect(weekStep([reading(T0, { sevenDay: null }), reading(T0 + HOUR, { sevenDay: null })])).toBeNull();
  });
});

/** `windows` 5-hour windows a day apart, each moving 5-hour pct by 40 and the week by `weekStepPts`. */
function history(days: number, weekStepPts: number, weekPct: (d: number) => number) {
  const readings = [];
  for (let d = 0; d < days; d++) {
    const start = T0 + d * DAY;
    const weekReset = WEEK_RESET + Math.floor(d / 7) * 7 * DAY;
    readings.push(read(start + HOUR, 10, weekPct(d) - weekStepPts, start + 5 * HOUR, weekReset));
    readings.push(read(start + 2 * HOUR, 50, weekPct(d), start + 5 * HOUR, weekReset));
  }
  return readings;
}

describe('accountShare', () => {
  // $10 logged a day; the 5-hour fit says 4 points per dollar, the week steps 4 points per 40.
  const cost = (from: number, to: number) => 10 * Math.max(0, Math.floor((to - from) / DAY) + 1);

  test('the week read over what the logs explain at the 5-hour rate times the week step', () => {
    // The week reads 5 points a day where the logs explain 4 (0.4 per dollar): 80 % is here.
    const readings = history(14, 4, (d) => 5 * ((d % 7) + 1));
    const share = accountShare(readings, 4, cost);
    expect(share).not.toBeNull();
    expect(share!).toBeCloseTo(0.8, 5);
  });

  test('too few week points inside read windows, or a single week: no account measure', () => {
    const days = Math.ceil(ACCOUNT_MIN_WEEK_POINTS / 4) - 1;
    expect(
      accountShare(
        history(days, 4, (d) => 5 * (d + 1)),
        4,
        cost,
      ),
    ).toBeNull();
    // Enough points, all in one week.
    expect(
      accountShare(
        history(7, 8, (d) => 9 * (d + 1)),
        4,
        cost,
      ),
    ).toBeNull();
  });
});

describe('windowsReadShare and claimed', () => {
  test('the windows read: explained at the fit, never more than was read, over at least five windows', () => {
    const finals = [
      { pct: 40, cost: 10 },
      { pct: 40, cost: 10 },
      { pct: 70, cost: 10 }, // 30 points elsewhere
      { pct: 20, cost: 10 }, // explained 40, counted 20
      { pct: 30, cost: 7.5 },
    ];
    expect(windowsReadShare(finals, 4)).toBeCloseTo(170 / 200, 5);
    expect(windowsReadShare(finals.slice(1), 4)).toBeNull();
    // Readings under 1 % say nothing of a share.
    expect(windowsReadShare([...finals.slice(1), { pct: 0, cost: 3 }], 4)).toBeNull();
  });

  test(`said only below ${SHARE_CLAIM_BELOW * 100} %`, () => {
    expect(claimed(0.84, 'account')).toEqual({ share: 0.84, scope: 'account' });
    expect(claimed(SHARE_CLAIM_BELOW, 'account')).toBeNull();
    expect(claimed(0.97, 'windows-read')).toBeNull();
    expect(claimed(null, 'account')).toBeNull();
  });
});
