// /metrics on the loopback dashboard server: Prometheus text with the machine label, the same
// document cache as the API (no extra recomputation), the same guard, and a 500 without a document.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { rawRequest } from '../../../test/fixtures/raw-http.ts';
import { makeSampleUsageData, sampleUsage, SAMPLE_NOW } from '../../../test/fixtures/sample-data.ts';
import { registerSecret } from '../support/redaction.ts';
import { startAiosServer, type AiosServer } from './server.ts';

const CANARY = 'FAKE-PLAIN-CANARY-metrics-route-0123456789';

let distDir: string;
let running: AiosServer | null = null;
let logs: string[] = [];

beforeAll(() => {
  distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-metrics-route-'));
  registerSecret(CANARY);
});
afterEach(async () => {
  await running?.stop();
  running = null;
  logs = [];
});
afterAll(() => fs.rmSync(distDir, { recursive: true, force: true }));

function start(compute: () => Promise<UsageData> = async () => makeSampleUsageData()) {
  let calls = 0;
  const clock = { ms: Date.parse(SAMPLE_NOW) };
  const server = startAiosServer({
    port: 0,
    distDir,
    machine: 'test-box',
    now: () => new Date(clock.ms),
    log: (level, line) => logs.push(`${level} ${line}`),
    compute: () => {
      calls += 1;
      return compute();
    },
  });
  running = server;
  return { server, clock, calls: () => calls, host: `127.0.0.1:${server.port}` };
}

describe('/metrics on the loopback server', () => {
  test('answers Prometheus text with the machine on every series; HEAD alike, other methods 405', async () => {
    const h = start();
    const res = await fetch(new URL('metrics', h.server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const text = await res.text();
    expect(text).toContain('aios_claude_window_used_ratio{window="five_hour",source="live",machine="test-box"} 0.42');
    const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(samples.filter((l) => !l.includes('machine="test-box"'))).toEqual([]);
    const head = await fetch(new URL('metrics', h.server.url), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(new URL('metrics', h.server.url), { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  test('a scrape reuses the document the page got; only a document older than 60 s is recomputed', async () => {
    const h = start();
    await fetch(new URL('api/aggregate', h.server.url));
    await fetch(new URL('metrics', h.server.url));
    await Promise.all([fetch(new URL('metrics', h.server.url)), fetch(new URL('metrics', h.server.url))]);
    expect(h.calls()).toBe(1);
    h.clock.ms += 61_000;
    await fetch(new URL('metrics', h.server.url));
    expect(h.calls()).toBe(2);
  });

  test('goes through the guard: a foreign Host or a cross-site request is 403 before any computation', async () => {
    const h = start();
    const p = h.server.port;
    const foreign = await rawRequest(p, { path: '/metrics', headers: { Host: `evil.example:${p}` } });
    expect(foreign.status).toBe(403);
    const crossSite = await rawRequest(p, {
      path: '/metrics',
      headers: { Host: h.host, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors' },
    });
    expect(crossSite.status).toBe(403);
    const origin = await rawRequest(p, { path: '/metrics', headers: { Host: h.host, Origin: 'http://evil.example' } });
    expect(origin.status).toBe(403);
    expect(h.calls()).toBe(0);
    // Prometheus sends a plain request with the Host it was configured with.
    const scraper = await rawRequest(p, { path: '/metrics', headers: { Host: h.host, Accept: 'text/plain' } });
    expect(scraper.status).toBe(200);
  });

  test('the body is redacted like every other answer', async () => {
    const doc = makeSampleUsageData({
      totals: sampleUsage(1_000, 1),
      models: [{ ...sampleUsage(1_000, 1), model: `claude-${CANARY}`, priced: true }],
    });
    const h = start(async () => doc);
    const text = await (await fetch(new URL('metrics', h.server.url))).text();
    expect(text).toContain('model="claude-[REDACTED]"');
    expect(text).not.toContain(CANARY);
  });

  test('without a document the scrape fails with a 500 and a redacted log line, and is retried next time', async () => {
    let fail = true;
    const h = start(async () => {
      if (fail) throw new Error(`disk gone near ${CANARY}`);
      return makeSampleUsageData();
    });
    const res = await fetch(new URL('metrics', h.server.url));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('usage document unavailable\n');
    expect(logs.some((l) => l.startsWith('error could not build the usage document: disk gone'))).toBe(true);
    expect(logs.join('\n')).not.toContain(CANARY);
    fail = false;
    expect((await fetch(new URL('metrics', h.server.url))).status).toBe(200);
  });
});
