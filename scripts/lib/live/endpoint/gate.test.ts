// When the endpoint may be asked: never with AIOS_ENDPOINT=off, and otherwise only when no reading
// (local, or its own last answer) is younger than the poll interval (--live-interval, at least 60 s);
// the user's Refresh looks past an answer of the endpoint older than 60 s.
import { describe, expect, test } from 'bun:test';
import { HOUR, MINUTE, reading } from '../../../../test/fixtures/history-fixtures.ts';
import {
  DEFAULT_LIVE_INTERVAL_MS,
  endpointEnabled,
  EXPLICIT_REASK_MS,
  freshReading,
  parseLiveInterval,
} from './gate.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');

describe('the endpoint gate', () => {
  test('AIOS_ENDPOINT=off (any case, spaces around) turns the endpoint off; anything else leaves it on', () => {
    for (const off of ['off', 'OFF', ' Off ']) expect(endpointEnabled({ AIOS_ENDPOINT: off })).toBe(false);
    for (const on of [undefined, '', 'on', '0', 'no']) expect(endpointEnabled({ AIOS_ENDPOINT: on })).toBe(true);
  });

  test('--live-interval: whole seconds, at least 60; the default is 5 minutes', () => {
    expect(parseLiveInterval(undefined)).toBe(DEFAULT_LIVE_INTERVAL_MS);
    expect(DEFAULT_LIVE_INTERVAL_MS).toBe(5 * MINUTE);
    expect(parseLiveInterval('60')).toBe(60_000);
    expect(parseLiveInterval('900')).toBe(900_000);
    for (const bad of ['59', '0', '-60', '1.5', '5m', '', '9999999999']) expect(parseLiveInterval(bad)).toBeNull();
  });

  test('the freshest reading younger than the interval with a current 5-hour window, from any source', () => {
    const interval = 5 * MINUTE;
    const statusline = reading(NOW - 2 * MINUTE);
    const cache = reading(NOW - MINUTE, { via: 'claude-cache' });
    const endpoint = reading(NOW - 3 * MINUTE, { via: 'endpoint' });
    expect(freshReading([statusline, cache, endpoint], NOW, interval)).toBe(cache);
    // Its own last answer spares the endpoint too: the interval is its poll interval.
    expect(freshReading([endpoint], NOW, interval)).toBe(endpoint);
    expect(freshReading([reading(NOW - interval, { via: 'endpoint' })], NOW, interval)).toBeNull();
  });

  test("the user's Refresh asks again once the endpoint's answer is older than 60 s, not before", () => {
    const interval = 5 * MINUTE;
    expect(EXPLICIT_REASK_MS).toBe(MINUTE);
    const minuteOld = reading(NOW - MINUTE, { via: 'endpoint' });
    const moment = reading(NOW - 59_000, { via: 'endpoint' });
    expect(freshReading([minuteOld], NOW, interval, true)).toBeNull();
    expect(freshReading([minuteOld], NOW, interval, false)).toBe(minuteOld);
    expect(freshReading([moment], NOW, interval, true)).toBe(moment);
    // A local reading still spares it: Claude Code's own numbers are as new, and cost nobody a request.
    const statusline = reading(NOW - 4 * MINUTE);
    expect(freshReading([minuteOld, statusline], NOW, interval, true)).toBe(statusline);
  });

  test('too old, a window that has reset, no 5-hour window, or dated in the future: not fresh', () => {
    const interval = 5 * MINUTE;
    const stale = reading(NOW - 5 * MINUTE);
    const reset = reading(NOW - MINUTE, { fiveHour: { pct: 99, resetsAt: NOW } });
    const weekOnly = reading(NOW - MINUTE, { fiveHour: null });
    const future = reading(NOW + 2 * MINUTE, { fiveHour: { pct: 5, resetsAt: NOW + HOUR } });
    expect(freshReading([stale, reset, weekOnly, future], NOW, interval)).toBeNull();
    const endpoint = (r: ReturnType<typeof reading>) => ({ ...r, via: 'endpoint' as const });
    expect(freshReading([stale, reset, weekOnly, future].map(endpoint), NOW, interval)).toBeNull();
  });
});
