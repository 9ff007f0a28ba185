// Retry-After as the usage endpoint may send it: seconds, an HTTP date, or something unusable.
import { describe, expect, test } from 'bun:test';
import { parseRetryAfter } from './request.ts';

const NOW = Date.parse('2026-11-28T12:00:00Z');

describe('parseRetryAfter', () => {
  test('reads delta seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120);
    expect(parseRetryAfter(' 7 ', NOW)).toBe(7);
  });

  test('reads an HTTP date as the seconds until then, rounded up', () => {
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:10:00 GMT', NOW)).toBe(600);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:00 GMT', NOW + 500)).toBeNull();
  });

  test('zero, absent, past, negative, fractional or garbage values are "none" (the caller waits 300 s)', () => {
    for (const value of [null, '0', '-5', '1.5', 'soon', '', 'Sat, 28 Nov 2026 11:00:00 GMT', '99999999999'])
      expect({ value, parsed: parseRetryAfter(value, NOW) }).toEqual({ value, parsed: null });
  });
});
