// The dashboard server on a real loopback port: bind address, Host/Origin/Sec-Fetch-Site refusals,
// headers without CORS, the 60 s document cache and refresh, static files, and redaction.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UsageData } from '../../../src/contract/usage-data.ts';
import {
  makeSampleEstimateWindow as estimateWindow,
  makeSampleUsageData as makeUsageData,
} from '../../../test/fixtures/sample-data.ts';
import { secretPieces } from '../../../test/fixtures/oauth-fixtures.ts';
import { rawRequest } from '../../../test/fixtures/raw-http.ts';
import { registerSecret } from '../support/redaction.ts';
import { startAiosServer, type AiosServer } from './server.ts';

const CANARY = 'sk-ant-oat01-FAKE-CANARY-server-test-0123456789abcdef';
/** Not token-shaped: only registration can catch it. */
const PLAIN_CANARY = 'FAKE-PLAIN-CANARY-refresh-0123456789';

let root: string;
let distDir: string;
let outsideFile: string;
let running: AiosServer | null = null;
let logs: string[] = [];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-server-'));
  distDir = path.join(root, 'dist');
  fs.mkdirSync(path.join(distDir, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(distDir, 'index.html'),
    '<!doctype html><title>aios</title><script type="module" src="/assets/app.js"></script>',
  );
  fs.writeFileSync(path.join(distDir, 'assets', 'app.js'), `console.log("${CANARY}", "${PLAIN_CANARY}");`);
  fs.writeFileSync(path.join(distDir, '.aios-build-stamp'), 'stamp');
  outsideFile = path.join(root, 'secret.txt');
  fs.writeFileSync(outsideFile, 'outside dist');
  fs.symlinkSync(outsideFile, path.join(distDir, 'assets', 'link.txt'));
  registerSecret(CANARY);
  registerSecret(PLAIN_CANARY);
});

afterEach(async () => {
  await running?.stop();
  running = null;
  logs = [];
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Harness {
  server: AiosServer;
  calls: () => number;
  clock: { ms: number };
  host: string;
  origin: string;
}

function start(compute?: (n: number) => Promise<UsageData>, now?: () => Date, keepFreshMs?: number): Harness {
  let count = 0;
  const clock = { ms: Date.parse('2026-11-20T12:00:00Z') };
  const server = startAiosServer({
    port: 0,
    distDir,
    keepFreshMs,
    now: now ?? (() => new Date(clock.ms)),
    log: (level, line) => logs.push(`${level} ${line}`),
    compute: async () => {
      count += 1;
      if (compute) return compute(count);
      return makeUsageData({ sources: { ...makeUsageData().sources, files: count } });
    },
  });
  running = server;
  return {
    server,
    calls: () => count,
    clock,
    host: `127.0.0.1:${server.port}`,
    origin: `http://127.0.0.1:${server.port}`,
  };
}

const api = (h: Harness, p = '/api/aggregate', init?: RequestInit) => fetch(new URL(p, h.server.url), init);

/** Resolve once `condition` holds, checked after each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** Local addresses (hex, as /proc/net/tcp* print them) of sockets listening on `port`. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      const [addr, p] = (cols[1] ?? '').split(':');
      if (p === hexPort && cols[3] === '0A') found.push(addr!);
    }
  }
  return found;
}

describe('binding', () => {
  test('listens on 127.0.0.1 only', async () => {
    const h = start();
    expect(h.server.hostname).toBe('127.0.0.1');
    expect(h.server.url).toBe(`http://127.0.0.1:${h.server.port}/`);
    // The kernel's own table of listening sockets says where the server is bound (Linux): a
    // listener on 0.0.0.0 or :: would show there. Nothing is sent to a non-loopback address.
    if (process.platform === 'linux') expect(listeningAddresses(h.server.port)).toEqual(['0100007F']);
  });

  test('refuses to start on a non-loopback hostname', () => {
    expect(() =>
      startAiosServer({ port: 0, distDir, compute: async () => makeUsageData(), hostname: '0.0.0.0' as '127.0.0.1' }),
    ).toThrow(/loopback only/);
  });
});

describe('Host and Origin checks', () => {
  test('accepts 127.0.0.1, localhost and [::1] with the served port', async () => {
    const h = start();
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]']) {
      const res = await rawRequest(h.server.port, {
        path: '/api/aggregate',
        headers: { Host: `${name}:${h.server.port}` },
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).schemaVersion).toBe(1);
    }
  });

  test('refuses a foreign or mismatched Host with 403 before computing anything (DNS rebinding)', async () => {
    const h = start();
    const p = h.server.port;
    for (const host of [
      `evil.example:${p}`,
      `127.0.0.1:${p + 1}`,
      'localhost',
      `127.0.0.2:${p}`,
      `localhost.evil.example:${p}`,
    ]) {
      const res = await rawRequest(p, { path: '/api/aggregate', headers: { Host: host } });
      expect(res.status).toBe(403);
      expect(res.body).not.toContain('schemaVersion');
    }
    // Without any Host, Bun itself answers 400 (HTTP/1.1 requires the header); either way, refused.
    const hostless = await rawRequest(p, { path: '/api/aggregate', headers: {} });
    expect([400, 403]).toContain(hostless.status);
    const page = await rawRequest(p, { path: '/', headers: { Host: `evil.example:${p}` } });
    expect(page.status).toBe(403);
    expect(h.calls()).toBe(0);
    expect(logs.some((l) => l.includes('foreign Host'))).toBe(true);
  });

  test('a Host header that is not a host at all gets 400, quietly: no error logged, nothing computed', async () => {
    const h = start();
    const p = h.server.port;
    for (const host of [
      'a b',
      '[::1',
      `[::1:${p}`,
      `user@127.0.0.1:${p}`,
      `127.0.0.1:${p}/x`,
      `127.0.0.1:${p}?`,
      '%',
      '',
    ]) {
      for (const route of ['/api/aggregate', '/']) {
        const res = await rawRequest(p, { path: route, headers: { Host: host } });
        expect({ host, route, status: res.status }).toEqual({ host, route, status: 400 });
      }
    }
    expect(logs.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(h.calls()).toBe(0);
  });

  test('refuses a present foreign Origin with 403, on reads and on refresh', async () => {
    const h = start();
    const p = h.server.port;
    for (const origin of [
      'http://evil.example',
      'null',
      `http://localhost:${p + 1}`,
      `https://127.0.0.1:${p}`,
      `http://127.0.0.1:${p}/x`,
    ]) {
      for (const [method, route] of [
        ['GET', '/api/aggregate'],
        ['POST', '/api/refresh'],
      ] as const) {
        const res = await rawRequest(p, { method, path: route, headers: { Host: h.host, Origin: origin } });
        expect(res.status).toBe(403);
      }
    }
    expect(h.calls()).toBe(0);
  });

  test('refuses API requests marked cross-site by the browser, but lets a link open the page', async () => {
    const h = start();
    const api = await rawRequest(h.server.port, {
      path: '/api/aggregate',
      headers: { Host: h.host, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors' },
    });
    expect(api.status).toBe(403);
    const page = await rawRequest(h.server.port, {
      path: '/',
      headers: { Host: h.host, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' },
    });
    expect(page.status).toBe(200);
    expect(h.calls()).toBe(0);
  });

  test('accepts its own Origin under any loopback name', async () => {
    const h = start();
    for (const origin of [h.origin, `http://localhost:${h.server.port}`, `http://[::1]:${h.server.port}`]) {
      const res = await rawRequest(h.server.port, {
        method: 'POST',
        path: '/api/refresh',
        headers: { Host: h.host, Origin: origin },
      });
      expect(res.status).toBe(200);
    }
  });
});

describe('headers', () => {
  test('sends security headers and never any Access-Control-* header', async () => {
    const h = start();
    const responses = [
      await api(h),
      await api(h, '/api/refresh', { method: 'POST' }),
      await api(h, '/'),
      await api(h, '/nope'),
      await api(h, '/api/aggregate', { method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'GET' } }),
      await rawRequest(h.server.port, { path: '/', headers: { Host: h.host, Origin: 'http://evil.example' } }),
    ];
    for (const res of responses) {
      const names = res instanceof Response ? [...res.headers.keys()] : Object.keys(res.headers);
      expect(names.filter((n) => n.toLowerCase().startsWith('access-control-'))).toEqual([]);
      const get = (n: string) => (res instanceof Response ? res.headers.get(n) : res.headers[n]);
      expect(get('content-security-policy')).toContain("default-src 'self'");
      expect(get('x-content-type-options')).toBe('nosniff');
    }
    for (const res of responses.slice(0, 2)) expect((res as Response).headers.get('cache-control')).toBe('no-store');
  });
});

describe('/api/aggregate and /api/refresh', () => {
  test('concurrent requests share one computation', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const h = start(async () => {
      await gate;
      return makeUsageData();
    });
    const pending = Array.from({ length: 5 }, () => api(h));
    // All five are inside the server, waiting on the one computation, before it is let go.
    await until(() => h.server.pendingRequests === 5);
    expect(h.calls()).toBe(1);
    release();
    const statuses = (await Promise.all(pending)).map((r) => r.status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(h.calls()).toBe(1);
  });

  test('reuses the document for 60 s and recomputes once it is older', async () => {
    const h = start();
    expect((await (await api(h)).json()).sources.files).toBe(1);
    h.clock.ms += 59_999;
    expect((await (await api(h)).json()).sources.files).toBe(1);
    h.clock.ms += 1;
    expect((await (await api(h)).json()).sources.files).toBe(2);
    expect(h.calls()).toBe(2);
  });

  test('refresh recomputes at once and returns the new document', async () => {
    const h = start();
    await api(h);
    const res = await api(h, '/api/refresh', { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await res.json()).sources.files).toBe(2);
    expect((await (await api(h)).json()).sources.files).toBe(2);
    expect(h.calls()).toBe(2);
  });

  test('200 sequential refreshes compute once per 2 s; the rest get the latest document', async () => {
    const h = start();
    for (let i = 0; i < 200; i++) {
      const res = await api(h, '/api/refresh', { method: 'POST' });
      expect(res.status).toBe(200);
      expect((await res.json()).sources.files).toBe(1);
    }
    expect(h.calls()).toBe(1);
    h.clock.ms += 2_000;
    expect((await (await api(h, '/api/refresh', { method: 'POST' })).json()).sources.files).toBe(2);
    expect(h.calls()).toBe(2);
  });

  test('a refresh is the user asking (explicit); a read is not', async () => {
    const asked: boolean[] = [];
    const server = startAiosServer({
      port: 0,
      distDir,
      now: () => new Date('2026-11-20T12:00:00Z'),
      compute: async ({ explicit }) => {
        asked.push(explicit);
        return makeUsageData();
      },
    });
    running = server;
    await fetch(new URL('/api/aggregate', server.url));
    await fetch(new URL('/api/refresh', server.url), { method: 'POST' });
    expect(asked).toEqual([false, true]);
  });

  test('a failed computation answers 500 with a redacted reason and is retried on the next request', async () => {
    const h = start(async (n) => {
      if (n === 1) throw new Error(`disk on fire near ${CANARY}`);
      return makeUsageData();
    });
    const failed = await api(h);
    expect(failed.status).toBe(500);
    const body = await failed.text();
    expect(body).toContain('disk on fire');
    expect(body).not.toContain(CANARY);
    expect((await api(h)).status).toBe(200);
  });

  test('a document that fails the contract is not served', async () => {
    const h = start(async () => ({ ...makeUsageData(), schemaVersion: 99 }) as unknown as UsageData);
    const res = await api(h);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('validation');
  });

  test('wrong methods get 405 and unknown API paths 404', async () => {
    const h = start();
    expect((await api(h, '/api/aggregate', { method: 'POST' })).status).toBe(405);
    expect((await api(h, '/api/refresh')).status).toBe(405);
    expect((await api(h, '/api/other')).status).toBe(404);
    expect(h.calls()).toBe(0);
  });
});

describe('keeping the document fresh (--notify)', () => {
  test('recomputes on its own once the document is older than 60 s, with no request at all', async () => {
    const h = start(undefined, undefined, 5);
    await until(() => h.calls() === 1);
    // Fresh for the next minute: the timer (every 5 ms here) finds nothing to do for six ticks.
    h.clock.ms += 59_000;
    const before = h.calls();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(h.calls()).toBe(before);
    h.clock.ms += 2_000;
    await until(() => h.calls() === 2);
    expect(logs.filter((line) => !line.startsWith('debug '))).toEqual([]);
  });

  test('without it, nothing is computed until asked', async () => {
    const h = start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(h.calls()).toBe(0);
  });
});

describe('routes and methods', () => {
  const securityHeaderOf = (res: Response) => res.headers.get('content-security-policy');

  test('HEAD /api/aggregate answers like GET, without a body', async () => {
    const h = start();
    const res = await api(h, '/api/aggregate', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe('');
    expect(h.calls()).toBe(1);
  });

  test('HEAD on the page answers like GET, without a body', async () => {
    const h = start();
    const res = await api(h, '/', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toBe('');
  });

  test('a method a path does not take is 405 with the ones it does in Allow', async () => {
    const h = start();
    for (const [method, p, allow] of [
      ['POST', '/api/aggregate', 'GET, HEAD'],
      ['DELETE', '/api/aggregate', 'GET, HEAD'],
      ['GET', '/api/refresh', 'POST'],
      ['HEAD', '/api/refresh', 'POST'],
      ['PUT', '/api/refresh', 'POST'],
      ['POST', '/', 'GET, HEAD'],
      ['PUT', '/assets/app.js', 'GET, HEAD'],
      ['OPTIONS', '/missing.js', 'GET, HEAD'],
    ] as const) {
      const res = await api(h, p, { method });
      expect({ method, p, status: res.status, allow: res.headers.get('allow') }).toEqual({
        method,
        p,
        status: 405,
        allow,
      });
      expect(securityHeaderOf(res)).toContain("default-src 'self'");
    }
    expect(h.calls()).toBe(0);
  });

  test('any other /api/ path is 404 for every method, and /api itself is not a page', async () => {
    const h = start();
    for (const [method, p] of [
      ['GET', '/api/other'],
      ['POST', '/api/other'],
      ['DELETE', '/api/aggregate/x'],
      ['GET', '/api/aggregate/'],
      ['POST', '/api/refresh/'],
      ['GET', '/api/'],
      ['GET', '/api'],
      ['GET', '/API/aggregate'],
    ] as const) {
      const res = await api(h, p, { method });
      expect({ method, p, status: res.status }).toEqual({ method, p, status: 404 });
      expect(securityHeaderOf(res)).toContain("default-src 'self'");
    }
    expect(h.calls()).toBe(0);
  });

  test('the guard runs before every route, the 405 and 404 rules, and the page', async () => {
    const h = start();
    const p = h.server.port;
    for (const [method, route] of [
      ['GET', '/api/aggregate'],
      ['HEAD', '/api/aggregate'],
      ['POST', '/api/aggregate'],
      ['POST', '/api/refresh'],
      ['GET', '/api/other'],
      ['DELETE', '/'],
      ['GET', '/missing.js'],
      ['HEAD', '/'],
    ] as const) {
      const res = await rawRequest(p, { method, path: route, headers: { Host: `evil.example:${p}` } });
      expect({ method, route, status: res.status }).toEqual({ method, route, status: 403 });
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
    // Sec-Fetch-Site applies to the whole /api/ space, the 404s included.
    const crossSite = await rawRequest(p, {
      path: '/api/other',
      headers: { Host: h.host, 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(h.calls()).toBe(0);
  });

  test('an unexpected failure while loading the document is a 500 that says only "internal error"', async () => {
    const h = start(undefined, () => {
      throw new Error(`clock broke near ${CANARY}`);
    });
    const res = await api(h);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error' });
    expect(logs.some((l) => l.startsWith('error unexpected: ') && l.includes('clock broke'))).toBe(true);
    for (const line of logs) expect(line).not.toContain(CANARY);
  });
});

describe('static files', () => {
  test('serves index.html at / and assets with their content type', async () => {
    const h = start();
    const page = await api(h, '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>aios</title>');
    const js = await api(h, '/assets/app.js');
    expect(js.headers.get('content-type')).toContain('javascript');
  });

  test('unknown paths, dotfiles, traversal and symlinks out of dist/ are 404', async () => {
    const h = start();
    const paths = [
      '/missing.js',
      '/.aios-build-stamp',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/link.txt',
      '/assets',
      '/%00index.html',
      '/%E0%A4%A',
    ];
    for (const p of paths) {
      const res = await rawRequest(h.server.port, { path: p, headers: { Host: h.host } });
      expect({ p, status: res.status }).toEqual({ p, status: 404 });
      expect(res.body).not.toContain('outside dist');
    }
  });
});

describe('redaction', () => {
  test('a canary token in the document, an error, a file or a path never leaves the server', async () => {
    const h = start(async (n) => {
      if (n === 2) throw new Error(`failed reading token ${CANARY} / ${PLAIN_CANARY}`);
      return makeUsageData({
        sources: { ...makeUsageData().sources, dirs: [`/home/${CANARY}/.claude`, PLAIN_CANARY] },
        claudeWindow: estimateWindow({
          fallbackReason: { kind: 'unauthorized', message: `token ${CANARY} ${PLAIN_CANARY} rejected`, retryAt: null },
        }),
      });
    });
    const bodies: string[] = [];
    bodies.push(await (await api(h)).text());
    bodies.push(await (await api(h, '/api/refresh', { method: 'POST' })).text());
    bodies.push(await (await api(h, '/api/refresh', { method: 'POST' })).text());
    bodies.push(await (await api(h, '/assets/app.js')).text());
    bodies.push((await rawRequest(h.server.port, { path: `/${CANARY}`, headers: { Host: `${CANARY}:1` } })).body);
    bodies.push((await rawRequest(h.server.port, { path: `/${CANARY}`, headers: { Host: h.host } })).body);
    expect(bodies[0]).toContain('[REDACTED]');
    expect(JSON.parse(bodies[0]!).claudeWindow.fallbackReason.message).toBe('token [REDACTED] [REDACTED] rejected');
    expect(bodies[3]).toBe('console.log("[REDACTED]", "[REDACTED]");');
    for (const text of [...bodies, ...logs]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(PLAIN_CANARY);
    }
    expect(logs.length).toBeGreaterThan(0);
  });

  test('a piece of a registered token (the token minus its leading "s") never leaves the server', async () => {
    const piece = PLAIN_CANARY.slice(1);
    const h = start(async () =>
      makeUsageData({
        sources: { ...makeUsageData().sources, dirs: [`/home/${CANARY.slice(1)}/x`, `/p/${piece}`] },
      }),
    );
    const body = await (await api(h)).text();
    for (const secret of [CANARY, PLAIN_CANARY]) expect(secretPieces(body, secret)).toEqual([]);
    expect(JSON.parse(body).sources.dirs).toEqual(['/home/[REDACTED]/x', '/p/[REDACTED]']);
  });
});
