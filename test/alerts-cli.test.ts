// Alerts through the real CLI: `aios aggregate` says an alert once however often it runs (the state
// in the data dir), `aios serve --notify` logs it and hands it to notify-send once across a restart,
// and `aios usage --watch` redraws the panel and rings the bell when a reading crosses a threshold.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UsageData } from '../src/contract/usage-data.ts';
import { openHistoryStore } from '../scripts/lib/history/open-store.ts';
import { HOUR, reading } from './fixtures/history-fixtures.ts';
import { writeLogTree } from './fixtures/log-tree.ts';
import { AIOS_ROOT, runAios } from './fixtures/run-aios.ts';
import { startServeProcess } from './fixtures/serve-process.ts';
import { answer, payloadAt, startUsageStandIn, type UsageStandIn } from './fixtures/usage-endpoint.ts';

const ACCESS = 'sk-ant-oat01-FAKE-CANARY-alerts-e2e-0123456789';
const REFRESH = 'sk-ant-ort01-FAKE-CANARY-alerts-e2e-0123456789';
const ALERT_LINE = /^aios warn: alert: 5-hour window past 95%: 96% \(Live\) · resets in 2 h \d+ m \(at \d\d:\d\d\)$/m;

let root: string;
let standIn: UsageStandIn;
let configDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'aios-alerts-cli-'));
  const now = new Date();
  configDir = writeLogTree(join(root, 'claude'), { now, accessToken: ACCESS, refreshToken: REFRESH });
  // Anthropic's answer: the 5-hour window at 96 % (past both default thresholds), the week at 27 %.
  standIn = startUsageStandIn(
    answer({
      ...payloadAt(now),
      five_hour: { utilization: 96, resets_at: new Date(now.getTime() + 2.25 * HOUR).toISOString() },
    }),
  );
});

afterAll(async () => {
  await standIn.stop();
  rmSync(root, { recursive: true, force: true });
});

/** The environment of one scenario: its own cache and data dir (so its own alert state). */
function envFor(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: '/usr/bin:/bin',
    HOME: join(root, 'home'),
    TZ: 'UTC',
    CLAUDE_CONFIG_DIR: configDir,
    AIOS_CACHE_DIR: join(root, name, 'cache'),
    AIOS_DATA_DIR: join(root, name, 'data'),
    AIOS_CLAUDE_USAGE_URL: standIn.url,
    ...extra,
  };
}

const alertLines = (stderr: string) => stderr.split('\n').filter((l) => l.includes('alert:'));

describe('aios aggregate', () => {
  test('says an alert once, as it fires; the next run shows it in the document and says nothing', async () => {
    const env = envFor('aggregate');
    const first = await runAios(['aggregate', '--json'], env);
    expect(first.code).toBe(0);
    expect(alertLines(first.stderr)).toHaveLength(1);
    expect(first.stderr).toMatch(ALERT_LINE);
    const doc = JSON.parse(first.stdout) as UsageData;
    expect(doc.alerts).toEqual({
      thresholds: [80, 95],
      current: [expect.objectContaining({ window: 'five_hour', threshold: 95, pct: 96, source: 'live', basis: null })],
    });
    const state = JSON.parse(readFileSync(join(env.AIOS_DATA_DIR!, 'alerts-state.json'), 'utf8'));
    expect(state.fired).toEqual(doc.alerts.current);

    const second = await runAios(['aggregate', '--json'], env);
    expect(second.code).toBe(0);
    expect(alertLines(second.stderr)).toEqual([]);
    expect((JSON.parse(second.stdout) as UsageData).alerts.current).toEqual(doc.alerts.current);
  }, 60_000);

  test('AIOS_ALERT_AT=off: no alert and no state; a malformed value is said and the defaults apply', async () => {
    const off = envFor('off', { AIOS_ALERT_AT: 'off' });
    const quiet = await runAios(['aggregate', '--json'], off);
    expect(alertLines(quiet.stderr)).toEqual([]);
    expect((JSON.parse(quiet.stdout) as UsageData).alerts).toEqual({ thresholds: [], current: [] });
    expect(existsSync(join(off.AIOS_DATA_DIR!, 'alerts-state.json'))).toBe(false);

    const bad = await runAios(['aggregate', '--json'], envFor('bad', { AIOS_ALERT_AT: '95%%' }));
    expect(bad.code).toBe(0);
    expect(bad.stderr).toContain("aios warn: AIOS_ALERT_AT='95%%' is not used: expected whole percentages");
    expect(bad.stderr).toMatch(ALERT_LINE);
  }, 60_000);

  test('demo data never alerts', async () => {
    const r = await runAios(['aggregate', '--json', '--demo'], envFor('demo'));
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as UsageData).alerts.current).toEqual([]);
    expect(alertLines(r.stderr)).toEqual([]);
  }, 120_000);
});

describe('aios serve --notify', () => {
  test('one log line and one desktop notification per alert, and none again after a restart', async () => {
    const bin = join(root, 'notify-bin');
    mkdirSync(bin, { recursive: true });
    const calls = join(root, 'notify-calls');
    writeFileSync(join(bin, 'notify-send'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> '${calls}'\n`);
    chmodSync(join(bin, 'notify-send'), 0o755);
    // The fake first on PATH; the rest as the suite has it (a first start may build the page).
    const env = envFor('serve', { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` });

    const first = await startServeProcess(env, ['--notify']);
    let firstCode: number;
    try {
      // The first document is computed before the URL is printed: its alert is said by then.
      await fetch(new URL('api/aggregate', first.url));
    } finally {
      firstCode = await first.stop('SIGTERM');
    }
    expect(firstCode).toBe(0);
    expect(alertLines(first.output())).toHaveLength(1);
    expect(first.output()).toMatch(ALERT_LINE);
    const shown = readFileSync(calls, 'utf8').split('\n');
    expect(shown.slice(0, 3)).toEqual(['--app-name=aios', '--', 'aios: 5-hour window past 95%']);
    expect(shown[3]).toMatch(/^96% \(Live\) · resets in 2 h \d+ m \(at \d\d:\d\d\)$/);

    const again = await startServeProcess(env, ['--notify']);
    let doc: UsageData;
    try {
      doc = (await (await fetch(new URL('api/aggregate', again.url))).json()) as UsageData;
    } finally {
      await again.stop('SIGTERM');
    }
    expect(alertLines(again.output())).toEqual([]);
    expect(readFileSync(calls, 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
    // The page still gets the alert while its window is open.
    expect(doc.alerts.current).toEqual([expect.objectContaining({ window: 'five_hour', threshold: 95 })]);
    for (const text of [first.output(), again.output()]) expect(text).not.toContain('FAKE-CANARY');
  }, 240_000);
});

/** `aios usage --watch` as a child process whose output can be awaited as it comes. */
function startWatch(env: Record<string, string>, args: string[]) {
  const proc = Bun.spawn([process.execPath, join(AIOS_ROOT, 'scripts', 'aios.ts'), 'usage', ...args], {
    cwd: AIOS_ROOT,
    env,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  let out = '';
  const waiters: (() => void)[] = [];
  const decoder = new TextDecoder();
  const pump = (async () => {
    for await (const chunk of proc.stdout) {
      out += decoder.decode(chunk, { stream: true });
      for (const wake of waiters.splice(0)) wake();
    }
    for (const wake of waiters.splice(0)) wake();
  })();
  const stderr = new Response(proc.stderr).text();
  return {
    proc,
    output: () => out,
    /** Resolves once the output holds `n` frames, or rejects when the process ends first. */
    async frames(n: number): Promise<string[]> {
      for (;;) {
        const frames = out.split('Ctrl-C to stop\n');
        if (frames.length > n) return frames.slice(0, n);
        if (proc.exitCode !== null) throw new Error(`usage --watch exited ${proc.exitCode}:\n${out}\n${await stderr}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    async stop(): Promise<{ code: number; stderr: string }> {
      proc.kill('SIGINT');
      const code = await proc.exited;
      await pump;
      return { code, stderr: await stderr };
    },
  };
}

describe('aios usage --watch', () => {
  test('redraws the panel, rings the bell on the frame where a reading crosses a threshold, and stops on Ctrl-C', async () => {
    const env = envFor('watch', { AIOS_ENDPOINT: 'off' });
    const dataDir = env.AIOS_DATA_DIR!;
    const record = (pct: number) => {
      const store = openHistoryStore({ dataDir, guardDirs: [] });
      const now = Math.floor(Date.now() / 1000) * 1000;
      store!.record(reading(now, { fiveHour: { pct, resetsAt: now + 2 * HOUR } }));
      store!.close();
    };
    // Claude Code's statusline passed on 50 %: Live, under both thresholds.
    record(50);
    const watch = startWatch(env, ['--watch', '10']);
    let code: number;
    let frames: string[];
    try {
      const [first] = await watch.frames(1);
      expect(first).toContain('5-hour window');
      expect(first).toMatch(/5-hour window +\[█+░+\] +50%/);
      // Then 96 %: the next frame (ten seconds on) shows it and rings the bell.
      record(96);
      frames = await watch.frames(2);
    } finally {
      ({ code } = await watch.stop());
    }
    expect(code).toBe(0);
    expect(frames[0]).not.toContain('\x07');
    expect(frames[1]).toMatch(/5-hour window +\[█+░+\] +96%/);
    expect(frames[1]).toContain('! 5-hour window past 95%: 96% (Live)');
    expect(frames[1]!.endsWith('redrawn every 10 s · ')).toBe(true);
    expect(watch.output()).toContain('Ctrl-C to stop\n\x07');
    // Not a terminal: frames follow one another; only the crossing rang.
    expect(watch.output().split('\x07')).toHaveLength(2);
  }, 60_000);

  test('--watch under 10 seconds or with --json is a usage error (exit 2)', async () => {
    const env = envFor('watch-bad', { AIOS_ENDPOINT: 'off' });
    const fast = await runAios(['usage', '--watch', '5'], env);
    expect(fast.code).toBe(2);
    expect(fast.stderr).toContain("--watch must be a whole number of seconds from 10 to 86400, got '5'");
    const json = await runAios(['usage', '--watch', '--json'], env);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('--watch draws the panel; it does not go with --json');
  });
});
