// The TZ values glibc accepts, through the real CLI: every command runs (exit 0), understood forms
// give their zone, the rest fall back to the system zone with a warning; a bad --timezone is exit 2.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLogTree, noFeatures } from '../scripts/lib/demo/generate-logs.ts';
import { systemZone } from '../scripts/lib/support/timezone.ts';
import type { ClaudeWindow, UsageData } from '../src/contract/usage-data.ts';
import { runAios } from './fixtures/run-aios.ts';

let root: string;
let tree: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'aios-tz-'));
  tree = join(root, 'claude');
  generateLogTree({ root: tree, targetBytes: 32 << 10, seed: 4, now: new Date(), features: noFeatures() });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const env = (TZ: string) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: join(root, 'home'),
  AIOS_CACHE_DIR: join(root, 'cache'),
  CLAUDE_CONFIG_DIR: tree,
  TZ,
});

/** This machine's zone as Intl names it: what a fallback must land on (UTC when it has none). */
function machineZone(): string {
  const name = systemZone() ?? 'UTC';
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

describe('TZ as glibc takes it', () => {
  const cases: Array<[string, () => string, boolean]> = [
    [':/etc/localtime', machineZone, false],
    [':America/New_York', () => 'America/New_York', false],
    ['UTC0', () => 'UTC', false],
    ['EST5EDT,M3.2.0,M11.1.0', machineZone, true],
  ];
  for (const [tz, zone, warns] of cases) {
    test(`TZ=${tz}: aggregate and usage run in ${warns ? 'the system zone, with a warning' : 'its zone'}`, async () => {
      const agg = await runAios(['aggregate', '--json'], env(tz));
      expect(agg.stderr).not.toContain('unknown time zone');
      expect(agg.code).toBe(0);
      expect((JSON.parse(agg.stdout) as UsageData).timezone).toBe(zone());
      expect(agg.stderr.includes(`TZ '${tz}' is not a time zone aios can use`)).toBe(warns);
      // The second run finds the first one's memo: a fallback is still resolved, and said, again.
      const usage = await runAios(['usage', '--json'], env(tz));
      expect(usage.code).toBe(0);
      expect(usage.stderr.includes(`TZ '${tz}' is not a time zone aios can use`)).toBe(warns);
      expect((JSON.parse(usage.stdout) as ClaudeWindow).source).toBe('estimate');
    }, 30_000);
  }

  test('a bad --timezone stays exit 2, whatever TZ says', async () => {
    const r = await runAios(['aggregate', '--json', '--timezone', 'EST5EDT,M3.2.0,M11.1.0'], env('UTC'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown time zone 'EST5EDT,M3.2.0,M11.1.0'");
  });
});
