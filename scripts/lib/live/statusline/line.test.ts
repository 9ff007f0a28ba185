// The statusline's line: each part only when known and current, the countdown compact, and never empty.
import { describe, expect, test } from 'bun:test';
import { HOUR, MINUTE, reading } from '../../../../test/fixtures/history-fixtures.ts';
import { NO_FACTS } from './memo-facts.ts';
import { countdown, statuslineText } from './line.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');

describe('statusline line', () => {
  test('countdown: minutes rounded up, then hours and minutes, then days and hours', () => {
    expect([countdown(0), countdown(1), countdown(59 * 60_000), countdown(2 * HOUR + 13 * MINUTE)]).toEqual([
      '0m',
      '1m',
      '59m',
      '2h13m',
    ]);
    expect(countdown(3 * 24 * HOUR + 4 * HOUR)).toBe('3d4h');
    expect(countdown(-5)).toBe('0m');
  });

  test('5-hour % with its countdown, the week, today and the burn rate', () => {
    const r = reading(NOW, { fiveHour: { pct: 42.9, resetsAt: NOW + 2 * HOUR + 13 * MINUTE } });
    expect(statuslineText(r, { todayCostUsd: 12.345, burnUsdPerHour: 4.2 }, NOW)).toBe(
      '5h 42% (2h13m) | wk 17% | today $12.35 | $4.20/h',
    );
  });

  test('a window that has reset is not shown; facts alone still make a line', () => {
    const r = reading(NOW - 3 * HOUR);
    expect(statuslineText(r, { todayCostUsd: 0, burnUsdPerHour: null }, NOW)).toBe('wk 17% | today $0.00');
  });

  test('nothing known: it still says something', () => {
    expect(statuslineText(null, NO_FACTS, NOW)).toBe('aios: no usage reading yet');
  });
});
