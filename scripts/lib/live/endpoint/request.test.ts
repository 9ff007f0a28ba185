// Retry-After as the usage endpoint may send it (seconds, an HTTP date, or something unusable), and
// which URL hostnames count as this machine for a plain-http endpoint override.
import { describe, expect, test } from 'bun:test';
import { isLoopbackUrlHostname, parseRetryAfter } from './request.ts';

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

describe('isLoopbackUrlHostname', () => {
  test('accepts 127.0.0.0/8, ::1 (bracketed as URL gives it) and localhost', () => {
    for (const host of ['localhost', 'LocalHost', '127.0.0.1', '127.8.9.10', '127.255.255.255', '[::1]', '::1'])
      expect({ host, loopback: isLoopbackUrlHostname(host) }).toEqual({ host, loopback: true });
  });

  test('refuses everything else, including look-alikes', () => {
    for (const host of [
      '127.300.0.1',
      '127.0.0.1.evil.example',
      'localhost.evil.example',
      '128.0.0.1',
      '10.0.0.1',
      '0.0.0.0',
      '[::2]',
      '[::ffff:127.0.0.1]',
      '',
    ])
      expect({ host, loopback: isLoopbackUrlHostname(host) }).toEqual({ host, loopback: false });
  });

  test('agrees with what URL makes of a loopback address', () => {
    expect(isLoopbackUrlHostname(new URL('http://[::1]:9/u').hostname)).toBe(true);
    expect(isLoopbackUrlHostname(new URL('http://127.1/u').hostname)).toBe(true);
  });
});
