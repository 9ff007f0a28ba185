// `--metrics-listen` takes ADDR:PORT with an IPv4 address, a name or a bracketed IPv6 address.
import { describe, expect, test } from 'bun:test';
import { listenUrl, parseListenAddress } from './listen-address.ts';

describe('parseListenAddress', () => {
  test('reads IPv4, names and bracketed IPv6, each with a port', () => {
    expect(parseListenAddress('0.0.0.0:2468')).toEqual({ hostname: '0.0.0.0', port: 2468 });
    expect(parseListenAddress('192.168.1.20:9000')).toEqual({ hostname: '192.168.1.20', port: 9000 });
    expect(parseListenAddress('localhost:0')).toEqual({ hostname: 'localhost', port: 0 });
    expect(parseListenAddress('[::]:2468')).toEqual({ hostname: '::', port: 2468 });
    expect(parseListenAddress('[fd00::1]:65535')).toEqual({ hostname: 'fd00::1', port: 65535 });
  });

  test('refuses a missing or out-of-range port, a bare IPv6 address, brackets around IPv4, a URL', () => {
    for (const bad of [
      '0.0.0.0',
      '2468',
      ':2468',
      '0.0.0.0:',
      '0.0.0.0:65536',
      '0.0.0.0:-1',
      '::1:2468',
      '[127.0.0.1]:2468',
      'http://0.0.0.0:2468',
      '0.0.0.0:2468/metrics',
      'host name:2468',
    ]) {
      expect({ bad, parsed: parseListenAddress(bad) }).toEqual({ bad, parsed: null });
    }
  });
});

describe('listenUrl', () => {
  test('brackets an IPv6 address', () => {
    expect(listenUrl('127.0.0.1', 2468, '/metrics')).toBe('http://127.0.0.1:2468/metrics');
    expect(listenUrl('::', 2468, '/metrics')).toBe('http://[::]:2468/metrics');
  });
});
