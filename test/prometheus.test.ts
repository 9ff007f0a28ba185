// A real Prometheus (Debian's package) scraping two `aios serve` processes on loopback, two log trees
// and two --machine names, one through the bearer-token listener; then its HTTP API is asked.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UsageData } from '../src/contract/usage-data.ts';
import { assistantLine, configDirAt } from './fixtures/claude-log-fixtures.ts';
import { writeLogTree } from './fixtures/log-tree.ts';
import { startServeProcess, type ServeProcess } from './fixtures/serve-process.ts';
import { answer, payloadAt, startUsageStandIn, type UsageStandIn } from './fixtures/usage-endpoint.ts';

const IN_CI = process.env.CI === 'true';
const PROMETHEUS = Bun.which('prometheus') ?? (fs.existsSync('/usr/bin/prometheus') ? '/usr/bin/prometheus' : null);
const SKIP = PROMETHEUS === null && !IN_CI;
if (SKIP) {
  console.warn(
    'test/prometheus.test.ts skipped: no `prometheus` binary (Debian: apt-get install prometheus). In CI (CI=true) this fails instead.',
  );
}

const TOKEN = 'FAKE-prometheus-test-token-0123456789abcdef';
const HOUR = 3_600_000;

let root: string;
let standIn: UsageStandIn | null = null;
const processes: ServeProcess[] = [];
let prometheus: ReturnType<typeof Bun.spawn> | null = null;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-prometheus-'));
});

afterAll(async () => {
  if (prometheus) {
    prometheus.kill('SIGTERM');
    await prometheus.exited;
  }
  await Promise.all(processes.map((p) => p.stop('SIGTERM')));
  await standIn?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/** A folder under this file's temp dir. */
function dir(name: string): string {
  const made = path.join(root, name);
  fs.mkdirSync(made, { recursive: true });
  return made;
}

/**
 * A second, different history: thirteen Opus 4.1 sessions six hours apart, the last one an hour ago,
 * so the estimate has twelve completed 5-hour blocks to learn from and shows a percentage.
 */
function writeOpusBlocks(configDir: string, now: number): void {
  const tree = configDirAt(configDir);
  for (let k = 0; k < 13; k++) {
    const start = now - (k * 6 + 1) * HOUR;
    const lines = Array.from({ length: 6 }, (_, i) =>
      assistantLine({
        id: `msg_prom_${k}_${i}`,
        requestId: `req_prom_${k}_${i}`,
        session: `prom-block-${k}`,
        timestamp: new Date(start + i * 10 * 60_000).toISOString(),
        model: 'claude-opus-4-1-20250805',
        input: 20 + k,
        output: 800 + 40 * i,
        cacheCreation: 4000,
        cacheRead: 50_000,
      }),
    );
    tree.write(`-home-dev-other/prom-block-${k}.jsonl`, lines);
  }
}

/** A port nothing listens on right now, for Prometheus's own web server. */
function freePort(): number {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('') });
  const port = probe.port!;
  probe.stop(true);
  return port;
}

async function pump(stream: ReadableStream<Uint8Array>, sink: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  for await (const chunk of stream) sink(decoder.decode(chunk, { stream: true }));
}

/** Start Prometheus with `config` on 127.0.0.1:`port`; resolve once it says it is ready. */
async function startPrometheus(binary: string, config: string, port: number): Promise<() => string> {
  const proc = Bun.spawn(
    [
      binary,
      `--config.file=${config}`,
      `--storage.tsdb.path=${dir('prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1h',
    ],
    { cwd: root, env: { PATH: '/usr/bin:/bin' }, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' },
  );
  prometheus = proc;
  let text = '';
  let sawReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (sawReady = resolve));
  const append = (t: string) => {
    text += t;
    if (text.includes('Server is ready to receive web requests.')) sawReady();
  };
  void Promise.all([pump(proc.stdout, append), pump(proc.stderr, append)]);
  const exitedFirst = proc.exited.then((code) => {
    throw new Error(`prometheus exited (${code}) before it was ready:\n${text}`);
  });
  await Promise.race([ready, exitedFirst]);
  exitedFirst.catch(() => undefined);
  return () => text;
}

interface Series {
  metric: Record<string, string>;
  value: [number, string];
}

/** An instant query through Prometheus's HTTP API. */
async function query(port: number, promql: string): Promise<Series[]> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { status: string; data: { result: Series[] } };
  if (body.status !== 'success') throw new Error(`query failed: ${JSON.stringify(body)}`);
  return body.data.result;
}

/** Ask `promql` until `done` holds for its answer (Prometheus scrapes on its own clock), or give up. */
async function queryUntil(
  port: number,
  promql: string,
  done: (result: Series[]) => boolean,
  timeoutMs = 60_000,
): Promise<Series[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await query(port, promql);
    if (done(result) || Date.now() > deadline) return result;
    // Nothing to wait on but the next scrape: a short pause between questions.
    await Bun.sleep(250);
  }
}

describe('Prometheus scraping two aios machines', () => {
  test.skipIf(SKIP)(
    'sum(aios_cost_usd_total) is the two documents added up, and each machine has its window ratio',
    async () => {
      if (PROMETHEUS === null)
        throw new Error('prometheus is not installed; .ci/run installs it (apt-get install prometheus)');
      const now = Date.now();
      standIn = startUsageStandIn(answer(payloadAt(new Date(now))));
      const baseEnv = (name: string) => ({
        PATH: '/usr/bin:/bin',
        HOME: dir(`${name}-home`),
        AIOS_CACHE_DIR: dir(`${name}-cache`),
        TZ: 'UTC',
      });

      // alpha: Live numbers from the stand-in endpoint, scraped on its loopback dashboard server.
      const alphaTree = writeLogTree(dir('alpha-claude'), {
        now: new Date(now),
        accessToken: 'sk-ant-oat01-FAKE-prometheus-alpha-0123456789',
        refreshToken: 'sk-ant-ort01-FAKE-prometheus-alpha-0123456789',
      });
      const alpha = await startServeProcess(
        { ...baseEnv('alpha'), CLAUDE_CONFIG_DIR: alphaTree, AIOS_CLAUDE_USAGE_URL: standIn.url },
        ['--machine', 'alpha'],
      );
      processes.push(alpha);

      // beta: an estimate from another history, scraped through the bearer-token listener only.
      const betaTree = dir('beta-claude');
      writeOpusBlocks(betaTree, now);
      const tokenFile = path.join(root, 'metrics.token');
      fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
      const beta = await startServeProcess({ ...baseEnv('beta'), CLAUDE_CONFIG_DIR: betaTree }, [
        '--machine',
        'beta',
        '--metrics-listen',
        '127.0.0.1:0',
        '--metrics-token-file',
        tokenFile,
      ]);
      processes.push(beta);
      const betaMetrics = /aios metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(beta.output())?.[1];
      expect(betaMetrics).toBeDefined();

      const docs = await Promise.all(
        [alpha, beta].map(async (p) => (await (await fetch(new URL('api/aggregate', p.url))).json()) as UsageData),
      );
      expect(docs.map((d) => d.claudeWindow.source)).toEqual(['oauth', 'estimate']);
      const expectedCost = docs.reduce((sum, d) => sum + d.totals.costUsd!, 0);
      expect(docs.every((d) => d.totals.costUsd! > 0)).toBe(true);

      const config = path.join(root, 'prometheus.yml');
      fs.writeFileSync(
        config,
        [
          'global:',
          '  scrape_interval: 1s',
          '  scrape_timeout: 1s',
          'scrape_configs:',
          '  - job_name: aios-loopback',
          '    static_configs:',
          `      - targets: ['${new URL(alpha.url).host}']`,
          '  - job_name: aios-remote',
          '    authorization:',
          '      type: Bearer',
          `      credentials_file: ${tokenFile}`,
          '    static_configs:',
          `      - targets: ['${new URL(betaMetrics!).host}']`,
          '',
        ].join('\n'),
      );
      const promPort = freePort();
      const promOutput = await startPrometheus(PROMETHEUS, config, promPort);

      const up = await queryUntil(promPort, 'up == 1', (r) => r.length === 2);
      expect(up.map((s) => s.metric.job).sort()).toEqual(['aios-loopback', 'aios-remote']);

      const cost = await queryUntil(promPort, 'sum(aios_cost_usd_total)', (r) => r.length === 1);
      expect(cost).toHaveLength(1);
      expect(Number(cost[0]!.value[1])).toBeCloseTo(expectedCost, 6);
      const byMachine = await query(promPort, 'sum by (machine) (aios_cost_usd_total)');
      expect(Object.fromEntries(byMachine.map((s) => [s.metric.machine, Number(s.value[1])]))).toEqual({
        alpha: expect.closeTo(docs[0]!.totals.costUsd!, 6),
        beta: expect.closeTo(docs[1]!.totals.costUsd!, 6),
      });

      const ratios = await query(promPort, 'aios_claude_window_used_ratio');
      const seen = ratios.map((s) => `${s.metric.machine} ${s.metric.window} ${s.metric.source}`).sort();
      expect(seen).toEqual(['alpha five_hour live', 'alpha seven_day live', 'beta five_hour estimate']);
      const alphaFive = ratios.find((s) => s.metric.machine === 'alpha' && s.metric.window === 'five_hour');
      expect(Number(alphaFive!.value[1])).toBe(0.63);

      // The token never shows in what either side printed.
      expect(promOutput()).not.toContain(TOKEN);
      expect(beta.output()).not.toContain(TOKEN);
    },
    240_000,
  );
});
