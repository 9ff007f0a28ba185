// Log lines a broken clock or a hostile user can write, end to end: `aios aggregate`, `aios usage`
// and `/api/aggregate` stay up, count what they skip, and keep odd dates out of the current window.
import { afterAll, afterEach, describe, expect, test } from 'bun:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assistantLine,
  makeConfigDir,
  makeTempDir,
  removeTempDirs,
  writeRecentSessions,
} from './fixtures/claude-log-fixtures.ts';
import { runAios } from './fixtures/run-aios.ts';
import { validateUsageData, type UsageData } from '../src/contract/usage-data.ts';
import { buildUsageData } from '../scripts/lib/assemble/build-document.ts';
import { startAiosServer, type AiosServer } from '../scripts/lib/serve/server.ts';

afterAll(removeTempDirs);

/** A clean environment: an empty HOME, a private cache, UTC, and the given config dir. */
function envFor(configDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: makeTempDir('aios-home-'),
    AIOS_CACHE_DIR: join(makeTempDir('aios-cache-'), 'aios'),
    TZ: 'UTC',
    CLAUDE_CONFIG_DIR: configDir,
  };
}

/** Recent sessions (one block active now) plus `extra` lines in a file of their own. */
function treeWith(extra: string[]): string {
  const c = makeConfigDir('aios-hostile-');
  writeRecentSessions(c.dir, new Date());
  c.write('-home-dev-odd/odd.jsonl', extra);
  return c.dir;
}

const OUT_OF_RANGE = ['9999-12-31T19:30:00Z', '+010000-01-01T00:00:00.000Z', '-000001-06-01T00:00:00.000Z'];

function outOfRangeLines(): string[] {
  return OUT_OF_RANGE.map((timestamp, i) =>
    assistantLine({ id: `msg_range_${i}`, requestId: `req_range_${i}`, session: 'odd', timestamp }),
  );
}

describe('out-of-range timestamps', () => {
  test('aggregate exits 0 with a valid document and counts each line as bad-timestamp', async () => {
    const r = await runAios(['aggregate', '--json'], envFor(treeWith(outOfRangeLines())));
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const checked = validateUsageData(JSON.parse(r.stdout));
    expect(checked.ok).toBe(true);
    const doc = (checked as { value: UsageData }).value;
    expect(doc.sources.skipped['bad-timestamp']).toBe(OUT_OF_RANGE.length);
    expect(doc.sources.entries).toBe(48);
  });

  test('usage exits 0 and shows the panel', async () => {
    const r = await runAios(['usage'], envFor(treeWith(outOfRangeLines())));
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5-hour');
  });

  describe('/api/aggregate', () => {
    let server: AiosServer | null = null;
    afterEach(async () => {
      await server?.stop();
      server = null;
    });

    test('answers 200 with the validated document', async () => {
      const dist = makeTempDir('aios-dist-');
      mkdirSync(join(dist, 'assets'));
      writeFileSync(join(dist, 'index.html'), '<!doctype html><title>aios</title>');
      const env = envFor(treeWith(outOfRangeLines()));
      server = startAiosServer({
        port: 0,
        distDir: dist,
        log: () => {},
        compute: () => buildUsageData({ env, home: env.HOME! }),
      });
      const res = await fetch(new URL('/api/aggregate', server.url));
      expect(res.status).toBe(200);
      const doc = (await res.json()) as UsageData;
      expect(validateUsageData(doc).ok).toBe(true);
      expect(doc.sources.skipped['bad-timestamp']).toBe(OUT_OF_RANGE.length);
    });
  });
});

describe('entries dated in the future', () => {
  const HOUR = 3_600_000;
  const AHEAD = 5;

  /** Four sessions that ended two days ago (no block active now) and five responses 72 h ahead. */
  function futureTree(): { dir: string; ahead: string } {
    const now = Date.now();
    const c = makeConfigDir('aios-future-');
    writeRecentSessions(c.dir, new Date(now - 48 * HOUR));
    const ahead = new Date(now + 72 * HOUR).toISOString();
    c.write(
      '-home-dev-odd/ahead.jsonl',
      Array.from({ length: AHEAD }, (_, i) =>
        assistantLine({
          id: `msg_ahead_${i}`,
          requestId: `req_ahead_${i}`,
          session: 'ahead',
          timestamp: new Date(Date.parse(ahead) + i * 60_000).toISOString(),
        }),
      ),
    );
    return { dir: c.dir, ahead };
  }

  test('usage does not take a block 72 h ahead for the current window', async () => {
    const { dir } = futureTree();
    const r = await runAios(['usage'], envFor(dir));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5-hour');
    expect(r.stdout).not.toMatch(/resets in \d+ d/);
    const json = await runAios(['usage', '--json'], envFor(dir));
    const window = JSON.parse(json.stdout) as UsageData['claudeWindow'];
    expect(window.resetsAt).toBeNull();
    expect(window.estimate).toMatchObject({ usedTokens: 0, burnRate: null });
  });

  test('aggregate counts them in totals and days, flags them in sources, and makes no block active', async () => {
    const { dir, ahead } = futureTree();
    const r = await runAios(['aggregate', '--json'], envFor(dir));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as UsageData;
    expect(validateUsageData(doc).ok).toBe(true);
    expect(doc.sources.futureEntries).toBe(AHEAD);
    expect(doc.totals.requests).toBe(48 + AHEAD);
    expect(doc.daily.at(-1)).toMatchObject({ date: ahead.slice(0, 10), requests: AHEAD });
    expect(doc.blocks.filter((b) => b.isActive)).toEqual([]);
    expect(doc.blocks.at(-1)).toMatchObject({ requests: AHEAD, isActive: false, projection: null });
  });
});
