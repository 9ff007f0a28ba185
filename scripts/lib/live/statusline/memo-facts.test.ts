// The statusline's cost and burn rate come from the last aggregate's memo, and equal what that
// aggregate's document says; without a memo there are none (never a scan). Its import graph stays small.
import { afterAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs, writeRecentSessions } from '../../../../test/fixtures/claude-log-fixtures.ts';
import { buildUsageData } from '../../assemble/build-document.ts';
import { scanScope } from '../../logs/scan.ts';
import { memoFacts, memoScope, NO_FACTS } from './memo-facts.ts';

afterAll(removeTempDirs);
const NOW = new Date('2026-11-20T15:00:00Z');

describe('memoFacts', () => {
  test("today's cost and the active block's burn rate, as the aggregate that wrote the memo has them", async () => {
    const base = makeTempDir('aios-facts-');
    const config = join(base, 'claude');
    writeRecentSessions(config, NOW);
    const env = { CLAUDE_CONFIG_DIR: config, AIOS_CACHE_DIR: join(base, 'cache'), TZ: 'Europe/Berlin' };
    expect(memoFacts(env, base, NOW.getTime())).toEqual(NO_FACTS);
    const doc = await buildUsageData({ env, home: base, now: () => NOW });
    const today = doc.daily.find((d) => d.date === '2026-11-20')!; // 16:00 in Berlin
    const active = doc.blocks.find((b) => b.isActive)!;
    expect(memoFacts(env, base, NOW.getTime())).toEqual({
      todayCostUsd: today.costUsd,
      burnUsdPerHour: active.burnRate!.costUsdPerHour,
    });
    // Another zone's memo is not this one's.
    expect(memoFacts({ ...env, TZ: 'UTC' }, base, NOW.getTime())).toEqual(NO_FACTS);
  });

  test('no Claude Code logs: nothing', () => {
    const base = makeTempDir('aios-facts-');
    expect(memoFacts({ AIOS_CACHE_DIR: join(base, 'cache') }, base, NOW.getTime())).toEqual(NO_FACTS);
  });

  test("memoScope is the scan's scanScope", () => {
    for (const dirs of [[], ['/a'], ['/a', '/b c']]) expect(memoScope(dirs)).toBe(scanScope(dirs));
  });
});

describe("the statusline's import graph", () => {
  test('loads neither valibot nor the contract schema, the scan, the endpoint nor the credential', async () => {
    const probe = `await import(${JSON.stringify(join(import.meta.dir, '../../../commands/statusline.ts'))});
console.log(JSON.stringify(Object.keys(require.cache)));`;
    const proc = Bun.spawn([process.execPath, '-e', probe], { stdout: 'pipe', stderr: 'inherit' });
    const loaded: string[] = JSON.parse(await new Response(proc.stdout).text());
    expect(await proc.exited).toBe(0);
    expect(loaded.some((m) => m.endsWith('scripts/commands/statusline.ts'))).toBe(true);
    const forbidden = loaded.filter((m) =>
      /node_modules\/valibot|src\/contract\/(usage-data|claude-window|checks)\.ts|logs\/scan\.ts|live\/endpoint\/|live\/credential\//.test(
        m,
      ),
    );
    expect(forbidden).toEqual([]);
  });
});
