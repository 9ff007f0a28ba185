// Formatting for the page and the terminal: percentages (null never 0 %), money, tokens, ages,
// countdowns, clock times in a given zone, and project labels.
import { describe, expect, test } from 'bun:test';
import {
  formatAge,
  formatBurnRate,
  formatClockTime,
  formatCost,
  formatDay,
  formatDuration,
  formatMoney,
  formatPercent,
  formatReset,
  formatResetsIn,
  formatTokens,
  formatUpdated,
  formatUsd,
  projectLabels,
  dayInZone,
  shortModelName,
} from './format.ts';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const plus = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const MIN = 60_000;
const UTC = { timeZone: 'UTC' };

describe('formatPercent', () => {
  test('keeps whole numbers whole and rounds fractions to one decimal', () => {
    expect(formatPercent(42)).toBe('42%');
    expect(formatPercent(38.15)).toBe('38.2%');
    expect(formatPercent(99.96)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.04)).toBe('<0.1%');
    expect(formatPercent(112.4)).toBe('112.4%');
  });
  test('reads a null percentage as "no estimate", never 0%', () => {
    expect(formatPercent(null)).toBe('no estimate');
    expect(formatPercent(null, 'unknown')).toBe('unknown');
  });
});

describe('money', () => {
  test('formats dollars with cents and grouping, tiny amounts as <$0.01', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.001)).toBe('<$0.01');
  });
  test('reads unknown cost as unpriced, never $0', () => {
    expect(formatUsd(null)).toBe('unpriced');
    expect(formatCost({ costUsd: null, unpricedTokens: 500 })).toBe('unpriced');
  });
  test('marks a cost with unpriced tokens as a lower bound', () => {
    expect(formatCost({ costUsd: 12.34, unpricedTokens: 10 })).toBe('≥ $12.34');
    expect(formatCost({ costUsd: 12.34, unpricedTokens: 0 })).toBe('$12.34');
  });
  test('formats extra-usage credits in their own currency and survives a bad code', () => {
    expect(formatMoney(7.63, 'EUR')).toBe('€7.63');
    expect(formatMoney(20, 'USD')).toBe('$20.00');
    expect(formatMoney(5, 'not-a-currency')).toBe('5.00 not-a-currency');
    expect(formatMoney(null, 'EUR')).toBe('—');
  });
});

describe('formatTokens', () => {
  test('compacts to three significant digits', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(12_345)).toBe('12.3K');
    expect(formatTokens(123_456)).toBe('123K');
    expect(formatTokens(4_560_000)).toBe('4.56M');
    expect(formatTokens(1_500_000)).toBe('1.5M');
    expect(formatTokens(1_200_000_000)).toBe('1.2B');
  });
});

describe('durations and countdowns', () => {
  test('uses the two largest units and floors minutes', () => {
    expect(formatDuration(40_000)).toBe('40 s');
    expect(formatDuration(14 * MIN + 59_999)).toBe('14 m');
    expect(formatDuration(134 * MIN)).toBe('2 h 14 m');
    expect(formatDuration(120 * MIN)).toBe('2 h');
    expect(formatDuration((3 * 24 * 60 + 65) * MIN)).toBe('3 d 1 h');
    expect(formatDuration(-5)).toBe('0 s');
  });
  test('counts down to a reset and says when it has passed or is unknown', () => {
    expect(formatResetsIn(plus(134 * MIN), NOW)).toBe('resets in 2 h 14 m');
    expect(formatResetsIn(plus(-MIN), NOW)).toBe('resets now');
    expect(formatResetsIn(null, NOW)).toBe('reset time unknown');
    expect(formatResetsIn('garbage', NOW)).toBe('reset time unknown');
  });
  test('adds the local clock time the reset lands on', () => {
    expect(formatReset(plus(134 * MIN), NOW, UTC)).toBe('resets in 2 h 14 m (at 14:14)');
    expect(formatReset(plus(134 * MIN), NOW, { timeZone: 'Europe/Berlin' })).toBe('resets in 2 h 14 m (at 15:14)');
    expect(formatReset(null, NOW, UTC)).toBe('reset time unknown');
  });
});

describe('ages', () => {
  test('says how long ago, with "just now" for the first seconds and for clock skew', () => {
    expect(formatAge(plus(-40_000), NOW)).toBe('40 s ago');
    expect(formatAge(plus(-125 * MIN), NOW)).toBe('2 h 5 m ago');
    expect(formatAge(plus(-2_000), NOW)).toBe('just now');
    expect(formatAge(plus(3_000), NOW)).toBe('just now');
    expect(formatUpdated(plus(-40_000), NOW)).toBe('updated 40 s ago');
  });
});

describe('clock times', () => {
  test('shows the time alone today, the weekday within a week, the date beyond', () => {
    expect(formatClockTime(plus(65 * MIN), NOW, UTC)).toBe('13:05');
    expect(formatClockTime('2026-11-23T09:00:00Z', NOW, UTC)).toBe('Mon 09:00');
    expect(formatClockTime('2026-12-02T09:00:00Z', NOW, UTC)).toBe('Dec 2, 09:00');
    expect(formatClockTime(null, NOW, UTC)).toBe('unknown');
  });
  test('uses the given zone for the day boundary', () => {
    // 23:30 UTC is already the next day in Tokyo.
    expect(formatClockTime('2026-11-20T23:30:00Z', NOW, UTC)).toBe('23:30');
    expect(formatClockTime('2026-11-20T23:30:00Z', NOW, { timeZone: 'Asia/Tokyo' })).toBe('Sat 08:30');
  });
  test('labels a calendar day without shifting it by a zone', () => {
    expect(formatDay('2026-11-01')).toBe('Nov 1');
    expect(formatDay('bad')).toBe('bad');
  });
});

describe('words', () => {
  test('burn rate and model names read short', () => {
    expect(formatBurnRate({ tokensPerMinute: 12_300, costUsdPerHour: 4.2 })).toBe('12.3K tokens/min · $4.20/h');
    expect(formatBurnRate({ tokensPerMinute: 800, costUsdPerHour: null })).toBe('800 tokens/min · cost unknown');
    expect(shortModelName('claude-sonnet-4-5-20250929')).toBe('sonnet-4-5');
    expect(shortModelName('gpt-odd')).toBe('gpt-odd');
  });
});

describe('project labels and days', () => {
  test('drop the home path all projects share, cut at a dash', () => {
    const labels = projectLabels(['-home-dev-code-api', '-home-dev-code-app', '-home-dev-code-api']);
    expect(labels.get('-home-dev-code-api')).toBe('api');
    expect(labels.get('-home-dev-code-app')).toBe('app');
  });
  test('keep a single project, and names that are the prefix, whole', () => {
    expect(projectLabels(['-home-dev-x']).get('-home-dev-x')).toBe('-home-dev-x');
    expect(projectLabels(['-home-dev', '-home-dev-x']).get('-home-dev')).toBe('dev');
    expect(projectLabels(['abc', 'abd']).get('abc')).toBe('abc');
  });
  test('find the calendar day of an instant in a zone, UTC when the zone is unknown', () => {
    expect(dayInZone('2026-11-20T23:30:00Z', 'Asia/Tokyo')).toBe('2026-11-21');
    expect(dayInZone('2026-11-20T23:30:00Z', 'Not/AZone')).toBe('2026-11-20');
  });
});
