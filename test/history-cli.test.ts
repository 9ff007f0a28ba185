// `aios history` through the real CLI: the windows the statusline recorded, with their peak, the cost
// the logs show inside each and the limit hits (from a reading and from a log line); the JSON and
// CSV hold the same windows; with the memo or without it the numbers are the same.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { assistantLine, writeRecentSessions } from './fixtures/claude-log-fixtures.ts';
import { removeTempDirs, tempDir } from './fixtures/oauth-fixtures.ts';
import { runAios } from './fixtures/run-aios.ts';

const HOUR = 3_600_000;
let env: Record<string, string>;
let emptyEnv: Record<string, string>;
let limitAt: number;
let limitReset: number;

beforeAll(async () => {
  const home = tempDir('aios-history-cli-');
  const config = join(home, '.claude');
  const now = Date.now();
  writeRecentSessions(config, new Date(now));
  // Claude Code's synthetic "limit reached" message three hours ago, its window resetting an hour ago.
  limitAt = now - 3 * HOUR;
  limitReset = Math.floor((now - HOUR) / 1000) * 1000;
  appendFileSync(
    join(config, 'projects', '-home-dev-proj', 'e2e-session-c.jsonl'),
    assistantLine({
      id: 'msg_limit',
      requestId: 'req_limit',
      model: '<synthetic>',
      text: `Claude AI usage limit reached|${limitReset / 1000}`,
      timestamp: new Date(limitAt).toISOString(),
    }) + '\n',
  );
  env = {
    PATH: '/usr/bin:/bin',
    HOME: home,
    TZ: 'UTC',
    AIOS_DATA_DIR: join(home, 'data'),
    AIOS_CACHE_DIR: join(home, 'cache'),
    AIOS_ENDPOINT: 'off',
  };
  const s = Math.floor(now / 1000);
  for (const [pct, week] of [
    [20, 8],
    [64, 9],
    [100, 10],
    [30, 10],
  ] as const) {
    const stdin = JSON.stringify({
      rate_limits: {
        five_hour: { used_percentage: pct, resets_at: s + 2 * 3600 },
        seven_day: { used_percentage: week, resets_at: s + 4 * 86400 },
      },
    });
    expect((await runAios(['statusline'], env, stdin)).code).toBe(0);
  }
  const emptyHome = tempDir('aios-history-empty-');
  emptyEnv = { PATH: '/usr/bin:/bin', HOME: emptyHome, TZ: 'UTC' };
});
afterAll(removeTempDirs);

interface JsonView {
  windows: Array<{
    kind: string;
    resetsAt: string;
    peakPct: number | null;
    readings: number;
    sources: string[];
    costUsd: number | null;
    hits: Array<{ origin: string; at: string }>;
  }>;
  hits: Array<{ window: string; origin: string; at: string; resetsAt: string }>;
}

async function json(args: string[] = []): Promise<JsonView> {
  const r = await runAios(['history', '--json', ...args], env);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('aios history', () => {
  test('the windows with their peak, their logged cost and their limit hits, from readings and from the logs', async () => {
    const view = await json();
    const five = view.windows.filter((w) => w.kind === 'five_hour');
    expect(five.map((w) => [w.peakPct, w.readings, w.sources])).toEqual([
      [null, 0, []], // named only by the log line
      [100, 4, ['statusline']],
    ]);
    expect(five[0]!.resetsAt).toBe(new Date(limitReset).toISOString());
    expect(five[0]!.hits.map((h) => [h.origin, h.at])).toEqual([['log', new Date(limitAt).toISOString()]]);
    expect(five[1]!.hits.map((h) => h.origin)).toEqual(['reading']);
    // The active session's cost falls in the current window, and not all of the history does.
    expect(five[1]!.costUsd).toBeGreaterThan(0);
    const week = view.windows.find((w) => w.kind === 'seven_day')!;
    expect([week.peakPct, week.readings]).toEqual([10, 4]);
    expect(week.costUsd).toBeGreaterThan(five[1]!.costUsd!);
    expect(view.hits.map((h) => [h.window, h.origin])).toEqual([
      ['five_hour', 'log'],
      ['five_hour', 'reading'],
    ]);
  }, 60_000);

  test('the same numbers whether the last aggregate left a memo or the logs are scanned', async () => {
    const scanned = await json();
    expect((await runAios(['aggregate', '--json'], env)).code).toBe(0);
    const memoized = await json();
    expect(memoized.windows).toEqual(scanned.windows);
  }, 60_000);

  test('--csv: a header and one row per window, with the JSON’s values', async () => {
    const view = await json();
    const r = await runAios(['history', '--csv'], env);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'kind,starts_at,resets_at,peak_pct,peak_at,readings,sources,cost_usd,hits,first_hit_at,hit_origins',
    );
    expect(rows).toHaveLength(view.windows.length + 1);
    const current = rows.find((row) => row.startsWith('five_hour,') && row.includes(',100,'))!.split(',');
    const window = view.windows.find((w) => w.peakPct === 100)!;
    expect([current[2], Number(current[7]), current[10]]).toEqual([
      window.resetsAt,
      Number(window.costUsd!.toFixed(4)),
      'reading',
    ]);
  }, 60_000);

  test('the text view: a table per window kind and the hits in words', async () => {
    const r = await runAios(['history', '--timezone', 'Europe/Berlin'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5-hour windows since');
    expect(r.stdout).toContain('(Europe/Berlin)');
    expect(r.stdout).toContain('weekly windows since');
    expect(r.stdout).toMatch(/5-hour limit, from the logs; it reset at/);
    expect(r.stdout).toMatch(/5-hour limit, from a reading at 100 %/);
  }, 60_000);

  test('an empty history says how to fill it; bad flags are usage errors', async () => {
    const r = await runAios(['history'], emptyEnv);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('none recorded yet');
    expect(r.stdout).toContain('aios statusline --help');
    // It reads only: asking makes no history file.
    expect(existsSync(join(emptyEnv.HOME!, '.local', 'share', 'aios', 'history.sqlite'))).toBe(false);
    expect((await runAios(['history', '--json', '--csv'], emptyEnv)).code).toBe(2);
    const days = await runAios(['history', '--days', '0'], emptyEnv);
    expect(days.code).toBe(2);
    expect(days.stderr).toContain("--days must be a whole number from 1 to 3660, got '0'");
  }, 60_000);
});
