// `aios mcp` as a real child process, reached by the SDK's Client over stdio: the tools it lists and
// each tool's answer, checked against a known log tree, a seeded usage history and Live numbers
// from a stand-in endpoint.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { openHistoryStore } from '../scripts/lib/history/open-store.ts';
import { reading } from './fixtures/history-fixtures.ts';
import { writeLogTree } from './fixtures/log-tree.ts';
import { AIOS_ROOT, runAios } from './fixtures/run-aios.ts';
import { answer, payloadAt, startUsageStandIn, type UsageStandIn } from './fixtures/usage-endpoint.ts';

const ACCESS = 'sk-ant-oat01-FAKE-CANARY-mcp-e2e-0123456789';
const REFRESH = 'sk-ant-ort01-FAKE-CANARY-mcp-e2e-0123456789';

// writeRecentSessions (via writeLogTree): four sessions of twelve responses, the second on Opus 4.5,
// the others on Sonnet 4.5; token counts fixed by the fixture, costs at the shipped prices.
const SESSION_TOKENS = 396_270;
const SONNET_SESSION_USD = 0.28251;
const OPUS_SESSION_USD = 0.47085;
const HOUR = 3_600_000;

let root: string;
let standIn: UsageStandIn;
let client: Client | null = null;
let transport: StdioClientTransport | null = null;
let stderr = '';
const protocolErrors: Error[] = [];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-mcp-'));
});

afterAll(async () => {
  await client?.close();
  await standIn?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/**
 * What the statusline would have recorded: a 5-hour window two days ago (around the Opus session)
 * that peaked at 81 %, one yesterday (around a Sonnet session) that reached 100 %, and this week at
 * 30 %, its reset the one the stand-in endpoint names.
 */
function seedHistory(dataDir: string, now: number): void {
  const store = openHistoryStore({ dataDir, guardDirs: [], now: () => now });
  if (!store) throw new Error('the usage history could not be made');
  const week = { resetsAt: now + 93 * HOUR };
  const twoDaysAgo = now - 45 * HOUR;
  const yesterday = now - 21 * HOUR;
  store.record(
    reading(now - 47 * HOUR, { fiveHour: { pct: 55, resetsAt: twoDaysAgo }, sevenDay: { ...week, pct: 20 } }),
  );
  store.record(
    reading(now - 46 * HOUR, { fiveHour: { pct: 81, resetsAt: twoDaysAgo }, sevenDay: { ...week, pct: 25 } }),
  );
  store.record(
    reading(now - 23 * HOUR, { fiveHour: { pct: 100, resetsAt: yesterday }, sevenDay: { ...week, pct: 30 } }),
  );
  store.close();
}

/** Spawn `aios mcp` with exactly this machine's test env and connect the SDK client to it. */
async function connect(now: Date): Promise<Client> {
  standIn = startUsageStandIn(answer(payloadAt(now)));
  const configDir = writeLogTree(path.join(root, 'claude'), { now, accessToken: ACCESS, refreshToken: REFRESH });
  seedHistory(path.join(root, 'data'), now.getTime());
  transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(AIOS_ROOT, 'scripts', 'aios.ts'), 'mcp'],
    cwd: AIOS_ROOT,
    env: {
      PATH: '/usr/bin:/bin',
      HOME: path.join(root, 'home'),
      AIOS_CACHE_DIR: path.join(root, 'cache'),
      AIOS_DATA_DIR: path.join(root, 'data'),
      CLAUDE_CONFIG_DIR: configDir,
      AIOS_CLAUDE_USAGE_URL: standIn.url,
      TZ: 'UTC',
      // The 5-hour window (63 %) is past this threshold: an agent's question must not fire it.
      AIOS_ALERT_AT: '50',
    },
    stderr: 'pipe',
  });
  (transport.stderr as Readable).on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const c = new Client({ name: 'aios-e2e', version: '1.0.0' });
  // Anything on stdout that is not the protocol (a stray log line) surfaces here.
  c.onerror = (error) => protocolErrors.push(error);
  await c.connect(transport);
  client = c;
  return c;
}

type Json = Record<string, any>;

async function call(c: Client, name: string, args: Record<string, unknown> = {}): Promise<Json> {
  const result = await c.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  const text = (result.content as { type: string; text: string }[])[0]!.text;
  expect(JSON.parse(text)).toEqual(result.structuredContent);
  return result.structuredContent as Json;
}

describe('aios mcp over stdio', () => {
  test('lists the tools and answers each one from the logs, the usage history and the Live reading', async () => {
    // Whole seconds: the usage history keeps times to the second.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const c = await connect(now);
    expect(c.getServerVersion()?.name).toBe('aios');

    const { tools } = await c.listTools();
    expect(tools.map((t) => t.name)).toEqual(['get_usage_limits', 'get_usage_summary', 'get_usage_history']);

    const limits = await call(c, 'get_usage_limits');
    expect(limits).toMatchObject({ demo: false, plan: 'Max 5x', source: 'Live', estimateReason: null });
    expect(limits.fiveHour).toMatchObject({ percent: 63, source: 'Live', basis: "Anthropic's own numbers" });
    expect(limits.sevenDay).toMatchObject({ percent: 27, source: 'Live' });
    // The usage history keeps resets to the second (the endpoint's sub-second digits vary between answers).
    expect(Date.parse(limits.fiveHour.resetsAt)).toBe(Math.round((now.getTime() + 2.25 * 3_600_000) / 1000) * 1000);
    expect(limits.reading.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(limits.reading.ageSeconds).toBeLessThan(120);
    expect(limits.otherLimits).toEqual([expect.objectContaining({ label: 'Week · Sonnet', percent: 12 })]);
    // Alerts fire where a person watches (serve, usage, aggregate); aios mcp only shows those fired.
    expect(limits.alerts).toEqual([]);
    expect(fs.existsSync(path.join(root, 'data', 'alerts-state.json'))).toBe(false);

    const summary = await call(c, 'get_usage_summary', { days: 7 });
    expect(summary.period.days).toBe(7);
    expect(summary.byDay).toHaveLength(7);
    expect(summary.total.totalTokens).toBe(4 * SESSION_TOKENS);
    expect(summary.total.requests).toBe(48);
    expect(summary.total.costUsd).toBeCloseTo(3 * SONNET_SESSION_USD + OPUS_SESSION_USD, 9);
    const byModel = Object.fromEntries(summary.byModel.map((m: Json) => [m.model, [m.totalTokens, m.costUsd]]));
    expect(byModel).toEqual({
      'claude-sonnet-4-5-20250929': [3 * SESSION_TOKENS, expect.closeTo(3 * SONNET_SESSION_USD, 9)],
      'claude-opus-4-5': [SESSION_TOKENS, expect.closeTo(OPUS_SESSION_USD, 9)],
    });
    expect(summary.byProject).toEqual([
      expect.objectContaining({ project: '-home-dev-proj', totalTokens: 4 * SESSION_TOKENS }),
    ]);
    // Over one day the Opus session of two days ago is left out: the rows cover exactly the period.
    const today = await call(c, 'get_usage_summary', { days: 1 });
    expect(today.byModel.map((m: Json) => m.model)).not.toContain('claude-opus-4-5');
    expect(today.byModel.reduce((s: number, m: Json) => s + m.totalTokens, 0)).toBe(today.total.totalTokens);
    expect(today.byProject.reduce((s: number, p: Json) => s + p.totalTokens, 0)).toBe(today.total.totalTokens);

    // The seeded windows, and the ones the endpoint's answer above added (its week is the seeded one).
    const history = await call(c, 'get_usage_history', { days: 7 });
    const at = (ms: number) => new Date(ms).toISOString();
    expect(history.historyAvailable).toBe(true);
    expect(history.note).toBeNull();
    expect(
      history.windows.map((w: Json) => [w.kind, Date.parse(w.resetsAt), w.peakPercent, w.sources, w.limitHits.length]),
    ).toEqual([
      ['seven_day', now.getTime() + 93 * HOUR, 30, ['statusline', 'endpoint'], 0],
      ['five_hour', now.getTime() + 2.25 * HOUR, 63, ['endpoint'], 0],
      ['five_hour', now.getTime() - 21 * HOUR, 100, ['statusline'], 1],
      ['five_hour', now.getTime() - 45 * HOUR, 81, ['statusline'], 0],
    ]);
    // The cost Claude Code logged inside each window: all four sessions this week, one in each 5-hour window.
    expect(history.windows.map((w: Json) => w.costUsd)).toEqual([
      expect.closeTo(3 * SONNET_SESSION_USD + OPUS_SESSION_USD, 6),
      expect.closeTo(SONNET_SESSION_USD, 6),
      expect.closeTo(SONNET_SESSION_USD, 6),
      expect.closeTo(OPUS_SESSION_USD, 6),
    ]);
    expect(history.windows[3]).toMatchObject({ peakAt: at(now.getTime() - 46 * HOUR), readings: 2 });
    expect(history.limitHits).toEqual([
      {
        window: 'five_hour',
        at: at(now.getTime() - 23 * HOUR),
        resetsAt: at(now.getTime() - 21 * HOUR),
        origin: 'reading',
      },
    ]);

    const refused = await c.callTool({ name: 'get_usage_summary', arguments: { days: 0 } });
    expect(refused.isError).toBe(true);

    // One document served every call: the endpoint was asked once.
    expect(standIn.requests).toHaveLength(1);

    await c.close();
    client = null;
    expect(protocolErrors).toEqual([]);
    expect(stderr).toContain('aios: MCP server on stdio');
    expect(stderr).toContain('aios: stopped (stdin closed)');
    expect(stderr).not.toContain('FAKE-CANARY');
  }, 60_000);

  test('an unknown --timezone is a configuration error (exit 2) before any protocol starts', async () => {
    const r = await runAios(['mcp', '--timezone', 'Mars/Olympus_Mons'], {
      PATH: '/usr/bin:/bin',
      HOME: path.join(root, 'home-tz'),
      AIOS_CACHE_DIR: path.join(root, 'cache-tz'),
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown time zone 'Mars/Olympus_Mons'");
  });
});
