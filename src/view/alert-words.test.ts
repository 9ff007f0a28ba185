// An alert in words: the window and threshold, the number and where it came from, the reset.
import { describe, expect, test } from 'bun:test';
import type { WindowAlert } from '../contract/usage-data.ts';
import { makeSampleAlert } from '../../test/fixtures/sample-data.ts';
import { alertWords } from './alert-words.ts';

const now = new Date('2026-11-20T12:00:00Z');
const alert = makeSampleAlert({ pct: 96.04 });

describe('alertWords', () => {
  test('a Live 5-hour alert', () => {
    expect(alertWords(alert, now, { timeZone: 'UTC' })).toEqual({
      title: '5-hour window past 95%',
      detail: '96% (Live) · resets in 2 h 14 m (at 14:14)',
      line: '5-hour window past 95%: 96% (Live) · resets in 2 h 14 m (at 14:14)',
      id: 'five_hour:95:2026-11-20T11:58:00.000Z',
    });
  });

  test('an estimated week says its basis, and the reset in the zone asked for', () => {
    const week: WindowAlert = {
      ...alert,
      window: 'seven_day',
      threshold: 80,
      pct: 83.5,
      source: 'estimate',
      basis: 'calibrated',
      resetsAt: '2026-11-23T09:00:00.000Z',
    };
    expect(alertWords(week, now, { timeZone: 'Asia/Tokyo' }).line).toBe(
      'Weekly limit past 80%: 83.5% (calibrated estimate) · resets in 2 d 21 h (at Mon 18:00)',
    );
    expect(alertWords({ ...week, window: 'five_hour', basis: 'log-limit-message', pct: 100 }, now).detail).toStartWith(
      '100% (Claude Code logged "usage limit reached") · ',
    );
  });
});
