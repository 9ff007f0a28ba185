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
