// When the endpoint may be asked: never with AIOS_ENDPOINT=off, and otherwise only when no local
// reading is younger than the poll interval (--live-interval, at least 60 s).
import { describe, expect, test } from 'bun:test';
import { HOUR, MINUTE, reading } from '../../../../test/fixtures/history-fixtures.ts';
import { DEFAULT_LIVE_INTERVAL_MS, endpointEnabled, freshLocalReading, parseLiveInterval } from './gate.ts';

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

  test('the freshest local reading younger than the interval with a current 5-hour window', () => {
    const interval = 5 * MINUTE;
    const statusline = reading(NOW - 2 * MINUTE);
    const cache = reading(NOW - MINUTE, { via: 'claude-cache' });
    const endpoint = reading(NOW - 10_000, { via: 'endpoint' });
    expect(freshLocalReading([statusline, cache, endpoint], NOW, interval)).toBe(cache);
    // The endpoint's own answers do not spare it: its pacing is its own (answer reuse, cooldowns).
    expect(freshLocalReading([endpoint], NOW, interval)).toBeNull();
  });

  test('too old, a window that has reset, no 5-hour window, or dated in the future: not fresh', () => {
    const interval = 5 * MINUTE;
    const stale = reading(NOW - 5 * MINUTE);
    const reset = reading(NOW - MINUTE, { fiveHour: { pct: 99, resetsAt: NOW } });
    const weekOnly = reading(NOW - MINUTE, { fiveHour: null });
    const future = reading(NOW + 2 * MINUTE, { fiveHour: { pct: 5, resetsAt: NOW + HOUR } });
    expect(freshLocalReading([stale, reset, weekOnly, future], NOW, interval)).toBeNull();
  });
});
