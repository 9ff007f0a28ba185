// The remote metrics listener: /metrics with the bearer token and nothing else (never the page or the
// API), 401 without it, the token never logged, the same document as the loopback server, and a
// failed bind that leaves nothing listening.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { makeSampleUsageData, SAMPLE_NOW } from '../../../test/fixtures/sample-data.ts';
import { MetricsListenError } from './metrics-listener.ts';
import { startAiosServer, type AiosServer } from './server.ts';

const TOKEN = 'FAKE-remote-scrape-token-0123456789abcdef';

let distDir: string;
let running: AiosServer | null = null;
let logs: string[] = [];

beforeAll(() => {
  distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-metrics-listener-'));
  fs.writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>aios page</title>');
});
afterEach(async () => {
  await running?.stop();
  running = null;
  logs = [];
});
afterAll(() => fs.rmSync(distDir, { recursive: true, force: true }));

function start(compute: () => Promise<UsageData> = async () => makeSampleUsageData()) {
  let calls = 0;
  const server = startAiosServer({
    port: 0,
    distDir,
    machine: 'remote-box',
    now: () => new Date(SAMPLE_NOW),
    log: (level, line) => logs.push(`${level} ${line}`),
    metricsListen: { hostname: '127.0.0.1', port: 0, token: TOKEN },
    compute: () => {
      calls += 1;
      return compute();
    },
  });
  running = server;
  if (!server.metricsUrl) throw new Error('no metrics listener');
  const remote = new URL(server.metricsUrl);
  return { server, remote, calls: () => calls };
}

const bearer = (token = TOKEN) => ({ Authorization: `Bearer ${token}` });

describe('the metrics listener', () => {
  test('serves /metrics to a scrape with the token, from the document the loopback server uses', async () => {
    const h = start();
    expect(h.server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(h.remote.port).not.toBe(String(h.server.port));
    const res = await fetch(h.remote, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('aios_cost_usd_total{model="claude-opus-4-5-20251101",machine="remote-box"} 310');
    // One document for both listeners and the API.
    const local = await (await fetch(new URL('metrics', h.server.url))).text();
    expect(local).toBe(text);
    await fetch(new URL('api/aggregate', h.server.url));
    expect(h.calls()).toBe(1);
  });

  test('refuses a scrape without the exact token with 401, before any computation, and never logs a token', async () => {
    const h = start();
    const attempts: Record<string, string>[] = [
      {},
      bearer('wrong-token-of-some-length'),
      bearer(`${TOKEN}x`),
      { Authorization: `Basic ${TOKEN}` },
      { Authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const res = await fetch(h.remote, { headers });
      expect({ headers, status: res.status }).toEqual({ headers, status: 401 });
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="aios metrics"');
      expect(await res.text()).toBe('Unauthorized\n');
    }
    expect(h.calls()).toBe(0);
    expect(logs.filter((l) => l.startsWith('warn refused a metrics scrape from 127.0.0.1'))).toHaveLength(5);
    expect(logs.join('\n')).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain('wrong-token');
  });

  test('serves nothing but /metrics: the page and the API are 404 even with the token, other methods 405', async () => {
    const h = start();
    for (const [method, route] of [
      ['GET', '/'],
      ['GET', '/index.html'],
      ['GET', '/api/aggregate'],
      ['POST', '/api/refresh'],
      ['GET', '/metrics/'],
      ['GET', '/metrics.txt'],
    ] as const) {
      const res = await fetch(new URL(route, h.remote), { method, headers: bearer() });
      expect({ method, route, status: res.status }).toEqual({ method, route, status: 404 });
      expect(await res.text()).toBe('Not Found\n');
    }
    const post = await fetch(h.remote, { method: 'POST', headers: bearer() });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(h.calls()).toBe(0);
  });

  test('a port already taken is a MetricsListenError, and the dashboard server is not left running', async () => {
    const blocker = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('busy') });
    // A port that was free a moment ago, for the dashboard, so the test can see it freed again.
    const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('') });
    const dashboardPort = probe.port!;
    probe.stop(true);
    let thrown: unknown;
    try {
      startAiosServer({
        port: dashboardPort,
        distDir,
        compute: async () => makeSampleUsageData(),
        metricsListen: { hostname: '127.0.0.1', port: blocker.port!, token: TOKEN },
      });
    } catch (error) {
      thrown = error;
    } finally {
      blocker.stop(true);
    }
    expect(thrown).toBeInstanceOf(MetricsListenError);
    expect((thrown as MetricsListenError).code).toBe('EADDRINUSE');
    const again = Bun.serve({ hostname: '127.0.0.1', port: dashboardPort, fetch: () => new Response('') });
    again.stop(true);
    expect(again.port).toBe(dashboardPort);
  });
});
