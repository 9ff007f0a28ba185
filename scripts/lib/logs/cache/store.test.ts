// The SQLite store as two processes see it: one opening the cache while another holds its lock
// waits for it instead of taking the file for broken.
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs } from '../../../../test/fixtures/claude-log-fixtures.ts';
import { setLogSink } from '../../support/log.ts';
import { CACHE_FILE_NAME, ScanCache } from './store.ts';

let warnings: string[] = [];
let restore: ((line: string) => void) | null = null;
beforeEach(() => {
  warnings = [];
  restore = setLogSink((line) => warnings.push(line));
});
afterEach(() => {
  if (restore) setLogSink(restore);
});
afterAll(removeTempDirs);

/** Another process that takes the write lock on `path`, says so, and keeps it for `ms`. */
async function holdLock(path: string, ms: number): Promise<{ released: Promise<number> }> {
  const script = `import { Database } from 'bun:sqlite';
const db = new Database(${JSON.stringify(path)}, { create: true });
db.exec('BEGIN IMMEDIATE');
console.log('locked');
Bun.sleepSync(${ms});
db.exec('COMMIT');
db.close();`;
  const child = Bun.spawn([process.execPath, '-e', script], { stdout: 'pipe', stderr: 'inherit' });
  const reader = child.stdout.getReader();
  const first = await reader.read();
  expect(new TextDecoder().decode(first.value)).toContain('locked');
  reader.releaseLock();
  return { released: child.exited };
}

describe('ScanCache.open', () => {
  test('waits for another process holding the lock on a new cache file instead of rebuilding it', async () => {
    const dir = join(makeTempDir('aios-store-'), 'aios');
    mkdirSync(dir);
    const holder = await holdLock(join(dir, CACHE_FILE_NAME), 300);
    const cache = ScanCache.open(dir);
    try {
      expect(cache).not.toBeNull();
      expect(cache!.index().size).toBe(0);
      expect(warnings).toEqual([]);
    } finally {
      cache?.close();
    }
    expect(await holder.released).toBe(0);
  });
});
