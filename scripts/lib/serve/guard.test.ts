// Who may talk to the local server: loopback Host names with the served port, the page's own
// Origin only, and browser-marked cross-site API requests refused.
import { describe, expect, test } from 'bun:test';
import { checkRequest, isLoopbackHostHeader, isOwnOrigin, isWellFormedHost } from './guard.ts';

describe('isWellFormedHost', () => {
  test('a name or bracketed address with an optional port is a host, foreign or not', () => {
    for (const host of ['127.0.0.1:4317', 'localhost', '[::1]:4317', 'evil.example:80', 'LOCALHOST:1'])
      expect(isWellFormedHost(host)).toBe(true);
  });

  test('spaces, userinfo, a path, a query, a half-open bracket or nothing is not', () => {
    for (const host of ['a b', '[::1', '[::1:4317', 'u@127.0.0.1:4317', '127.0.0.1:4317/x', 'x?', '%', '', ':4317'])
      expect(isWellFormedHost(host)).toBe(false);
    expect(isWellFormedHost(null)).toBe(false);
  });
});

describe('isLoopbackHostHeader', () => {
  test('accepts the loopback names with exactly the served port', () => {
    for (const host of ['127.0.0.1:4317', 'localhost:4317', 'LocalHost:4317', '[::1]:4317'])
      expect(isLoopbackHostHeader(host, 4317)).toBe(true);
  });

  test('refuses other names, other ports, and look-alikes (DNS rebinding)', () => {
    for (const host of [
      'evil.example:4317',
      '127.0.0.1:4318',
      '127.0.0.1',
      'localhost.:4317',
      '127.0.0.1.nip.io:4317',
      '[::2]:4317',
      '0.0.0.0:4317',
      '127.0.0.1:4317@evil',
      '',
      ' ',
    ]) {
      expect(isLoopbackHostHeader(host, 4317)).toBe(false);
    }
    expect(isLoopbackHostHeader(null, 4317)).toBe(false);
  });

  test('a Host without a port names port 80', () => {
    expect(isLoopbackHostHeader('localhost', 80)).toBe(true);
    expect(isLoopbackHostHeader('localhost', 4317)).toBe(false);
  });
});

describe('isOwnOrigin', () => {
  test('accepts this server under each loopback name', () => {
    for (const o of ['http://127.0.0.1:4317', 'http://localhost:4317', 'http://[::1]:4317'])
      expect(isOwnOrigin(o, 4317)).toBe(true);
  });

  test('refuses other schemes, ports, hosts, paths, credentials and the opaque "null" origin', () => {
    for (const o of [
      'https://127.0.0.1:4317',
      'http://127.0.0.1:4318',
      'http://evil.example',
      'http://127.0.0.1:4317/x',
      'http://u:p@127.0.0.1:4317',
      'null',
      'file://',
      'garbage',
    ]) {
      expect(isOwnOrigin(o, 4317)).toBe(false);
    }
  });
});

describe('checkRequest', () => {
  test('an absent Origin is fine, a foreign one is not, and the Host is always checked', () => {
    expect(checkRequest(new Headers({ host: 'localhost:9' }), 9)).toEqual({ ok: true });
    expect(checkRequest(new Headers({ host: 'localhost:9', origin: 'http://localhost:9' }), 9)).toEqual({ ok: true });
    expect(checkRequest(new Headers({ host: 'localhost:9', origin: 'http://evil.example' }), 9)).toMatchObject({
      ok: false,
      reason: 'foreign Origin header',
    });
    expect(checkRequest(new Headers({ host: 'evil.example:9', origin: 'http://localhost:9' }), 9)).toMatchObject({
      ok: false,
      reason: 'foreign Host header',
    });
  });
});

describe('Sec-Fetch-Site on the API', () => {
  const host = { host: '127.0.0.1:9' };
  test('refuses API requests a browser marks as coming from another site or another localhost port', () => {
    for (const site of ['cross-site', 'same-site']) {
      expect(checkRequest(new Headers({ ...host, 'sec-fetch-site': site }), 9)).toMatchObject({ ok: false });
    }
  });

  test('allows the page itself, typed URLs and non-browser clients, and any navigation to the page', () => {
    for (const site of ['same-origin', 'none'])
      expect(checkRequest(new Headers({ ...host, 'sec-fetch-site': site }), 9)).toEqual({ ok: true });
    expect(checkRequest(new Headers(host), 9)).toEqual({ ok: true });
    expect(checkRequest(new Headers({ ...host, 'sec-fetch-site': 'cross-site' }), 9, { api: false })).toEqual({
      ok: true,
    });
  });
});
