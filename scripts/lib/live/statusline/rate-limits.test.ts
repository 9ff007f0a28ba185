// The statusline's rate_limits, window by window: a good window is a reading, a bad one (wrong
// types, percent outside 0-100, a reset in the past or more than 8 days ahead) is dropped alone.
import { describe, expect, test } from 'bun:test';
import { readingFromStatusline } from './rate-limits.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');
const S = NOW / 1000;
const input = (limits: unknown) => ({ session_id: 's', model: { id: 'm' }, rate_limits: limits });

describe('readingFromStatusline', () => {
  test('both windows, resets in epoch seconds, become one statusline reading observed now', () => {
    const r = readingFromStatusline(
      input({
        five_hour: { used_percentage: 42.5, resets_at: S + 7200 },
        seven_day: { used_percentage: 17, resets_at: S + 3 * 86400 },
        spend_limit: { used_percentage: 80, resets_at: S + 100, used_usd: 40, limit_usd: 50 },
      }),
      NOW,
    );
    expect(r).toEqual({
      reading: {
        via: 'statusline',
        firstSeenAt: NOW,
        observedAt: NOW,
        fiveHour: { pct: 42.5, resetsAt: NOW + 7_200_000 },
        sevenDay: { pct: 17, resetsAt: NOW + 3 * 86_400_000 },
        planTier: null,
        payload: null,
      },
      dropped: [],
    });
  });

  test('no rate_limits (before the first answer, or not a subscriber): no reading, nothing dropped', () => {
    for (const raw of [undefined, null, 'text', 42, [], {}, input(undefined), input(null), input([]), input({})])
      expect(readingFromStatusline(raw, NOW)).toEqual({ reading: null, dropped: [] });
  });

  const bad: Array<[string, unknown, string]> = [
    ['a string percent', { used_percentage: '42', resets_at: S + 60 }, 'used_percentage is not a number'],
    ['a NaN-like percent', { used_percentage: null, resets_at: S + 60 }, 'used_percentage is not a number'],
    ['a percent above 100', { used_percentage: 100.5, resets_at: S + 60 }, 'used_percentage 100.5 is outside 0-100'],
    ['a negative percent', { used_percentage: -1, resets_at: S + 60 }, 'used_percentage -1 is outside 0-100'],
    ['an ISO reset', { used_percentage: 5, resets_at: '2026-11-20T17:00:00Z' }, 'resets_at is not a number'],
    ['a reset in the past', { used_percentage: 5, resets_at: S - 1 }, 'resets_at is in the past'],
    ['a reset 9 days ahead', { used_percentage: 5, resets_at: S + 9 * 86400 }, 'resets_at is more than 8 days ahead'],
    ['a reset in milliseconds', { used_percentage: 5, resets_at: NOW + 60_000 }, 'resets_at is more than 8 days ahead'],
    ['not an object', [5, S + 60], 'not an object'],
  ];
  for (const [name, window, why] of bad)
    test(`${name}: that window is dropped, the other kept`, () => {
      const r = readingFromStatusline(
        input({ five_hour: window, seven_day: { used_percentage: 17, resets_at: S + 86400 } }),
        NOW,
      );
      expect(r.dropped).toEqual([`five_hour: ${why}`]);
      expect(r.reading?.fiveHour).toBeNull();
      expect(r.reading?.sevenDay).toEqual({ pct: 17, resetsAt: NOW + 86_400_000 });
    });

  test('both windows bad: no reading at all', () => {
    const r = readingFromStatusline(
      input({
        five_hour: { used_percentage: 101, resets_at: S + 60 },
        seven_day: { used_percentage: 1, resets_at: S },
      }),
      NOW,
    );
    expect(r.reading).toBeNull();
    expect(r.dropped).toHaveLength(2);
  });

  test('0 and 100 are percentages; a reset exactly 8 days ahead is still a reset', () => {
    const r = readingFromStatusline(
      input({
        five_hour: { used_percentage: 100, resets_at: S + 60 },
        seven_day: { used_percentage: 0, resets_at: S + 8 * 86400 },
      }),
      NOW,
    );
    expect(r.dropped).toEqual([]);
    expect([r.reading?.fiveHour?.pct, r.reading?.sevenDay?.pct]).toEqual([100, 0]);
  });
});
