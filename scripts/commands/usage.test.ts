// `aios usage` as a real child process against a loopback endpoint stand-in: Live and Estimate
// screens, `--json` as claudeWindow alone, exit 0 whatever the source, no token in any output.
import { beforeAll, afterAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { claudeWindowSchema } from '../../src/contract/usage-data.ts';
import { writeLogTree } from '../../test/fixtures/log-tree.ts';
import { runAios } from '../../test/fixtures/run-aios.ts';
import {
  answer,
  payloadAt,
  serverError,
  startUsageStandIn,
  type UsageHandler,
  type UsageStandIn,
} from '../../test/fixtures/usage-endpoint.ts';

const ACCESS = 'sk-ant-oat01-FAKE-CANARY-usage-cli-access-0123456789';
const REFRESH = 'sk-ant-ort01-FAKE-CANARY-usage-cli-refresh-0123456789';

let standIn: UsageStandIn;
let live: UsageHandler;
let root: string;

beforeAll(() => {
  live = answer(payloadAt(new Date()));
  standIn = startUsageStandIn(live);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-usage-cli-'));
});
afterAll(() => {
  standIn.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh config dir and cache per run, so cooldowns and the 60 s answer reuse start empty. */
function envFor(name: string, extra: Record<string, string> = {}): Record<string, string> {
  const configDir = writeLogTree(path.join(root, name, 'claude'), {
    now: new Date(),
    accessToken: ACCESS,
    refreshToken: REFRESH,
  });
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: path.join(root, name, 'home'),
    TZ: 'UTC',
    CLAUDE_CONFIG_DIR: configDir,
    AIOS_CACHE_DIR: path.join(root, name, 'cache'),
    AIOS_CLAUDE_USAGE_URL: standIn.url,
    ...extra,
  };
}

describe('aios usage', () => {
  test('shows Live with the endpoint numbers when it answers, and exits 0', async () => {
    standIn.handler = live;
    const r = await runAios(['usage'], envFor('live'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Live  Anthropic's own numbers/m);
    expect(r.stdout).toMatch(/5-hour window +\[[█░]+\] +63% +resets in 2 h 1[45] m/);
    expect(r.stdout).toMatch(/Week · Sonnet +\[[█░]+\] +12%/);
    expect(r.stdout).not.toContain('\x1b[');
    for (const text of [r.stdout, r.stderr]) expect(text).not.toContain('FAKE-CANARY');
  }, 30_000);

  test('shows Estimate with the reason when the endpoint fails, and still exits 0', async () => {
    standIn.handler = serverError;
    const r = await runAios(['usage'], envFor('estimate'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Estimate  .*HTTP 500/m);
    expect(r.stdout).toMatch(/^ +basis: \S/m);
    expect(r.stdout).not.toMatch(/^Live/m);
    for (const text of [r.stdout, r.stderr]) expect(text).not.toContain('FAKE-CANARY');
  }, 30_000);

  test('--json prints exactly the claudeWindow object', async () => {
    standIn.handler = live;
    const r = await runAios(['usage', '--json'], envFor('json'));
    expect(r.code).toBe(0);
    const value = JSON.parse(r.stdout);
    // Both sources carry the same keys.
    expect(Object.keys(value).sort()).toEqual(Object.keys(claudeWindowSchema.options[0].entries).sort());
    expect(v.is(claudeWindowSchema, value)).toBe(true);
    expect(value.source).toBe('oauth');
    expect(value.pct).toBe(63);
  }, 30_000);

  test('--demo works with no Claude Code logs at all and says Demo data', async () => {
    const r = await runAios(['usage', '--demo'], {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: path.join(root, 'demo-home'),
      AIOS_CACHE_DIR: path.join(root, 'demo-cache'),
      TZ: 'UTC',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Demo data');
    expect(r.stdout).toMatch(/^Estimate  /m);
  }, 60_000);

  test('a CLAUDE_CONFIG_DIR without projects/ is a clear error with exit 2', async () => {
    const empty = fs.mkdtempSync(path.join(root, 'empty-'));
    const r = await runAios(['usage'], { ...envFor('bad'), CLAUDE_CONFIG_DIR: empty });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('projects/');
  }, 30_000);
});
