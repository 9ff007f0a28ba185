// The SQLite store as two processes see it (one opening the cache while another holds its lock
// waits for it instead of taking the file for broken), and a store file that is a symlink.
import { afterAll, describe, expect, test } from 'bun:test';
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs } from '../../../../test/fixtures/claude-log-fixtures.ts';
import { CACHE_FILE_NAME, looksLikeOurCache } from './store-file.ts';
import { ScanCache } from './store.ts';
import { captureLogLines } from '../../../../test/fixtures/log-capture.ts';

const logged = captureLogLines();
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
      expect(logged.lines).toEqual([]);
    } finally {
      cache?.close();
    }
    expect(await holder.released).toBe(0);
  });
});

describe('ScanCache.open and a store file that is a symlink', () => {
  /** A cache dir whose `name` is a symlink to a file outside it, readable by all, holding `contents`. */
  function linked(name: string, contents: string): { dir: string; target: string } {
    const root = makeTempDir('aios-store-link-');
    const dir = join(root, 'aios');
    mkdirSync(dir);
    const target = join(root, 'elsewhere');
    writeFileSync(target, contents);
    chmodSync(target, 0o644);
    symlinkSync(target, join(dir, name));
    return { dir, target };
  }

  test('refuses a database file that is a symlink, leaves its target alone, and says so once', () => {
    const { dir, target } = linked(CACHE_FILE_NAME, '');
    expect(ScanCache.open(dir)).toBeNull();
    expect(ScanCache.open(dir)).toBeNull();
    expect(statSync(target).mode & 0o777).toBe(0o644);
    expect(statSync(target).size).toBe(0);
    const said = logged.lines.filter((w) => w.includes('symlink'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('without a cache');
  });

  for (const suffix of ['-wal', '-shm', '-journal'])
    test(`refuses a store whose ${suffix} file is a symlink, and never writes through it`, () => {
      const { dir, target } = linked(CACHE_FILE_NAME + suffix, 'not yours');
      expect(ScanCache.open(dir)).toBeNull();
      expect(readFileSync(target, 'utf8')).toBe('not yours');
      expect(statSync(target).mode & 0o777).toBe(0o644);
    });

  test('a link to a real aios cache does not look like ours, so the memo short-cut is not taken', () => {
    const real = join(makeTempDir('aios-store-real-'), 'aios');
    ScanCache.open(real)!.close();
    expect(looksLikeOurCache(real)).toBe(true);
    const { dir } = linked('unused', '');
    symlinkSync(join(real, CACHE_FILE_NAME), join(dir, CACHE_FILE_NAME));
    expect(looksLikeOurCache(dir)).toBe(false);
  });

  test('a cache dir reached through a symlink is fine: only the store files must not be links', () => {
    const real = join(makeTempDir('aios-store-real-'), 'aios');
    mkdirSync(real);
    const via = join(makeTempDir('aios-store-via-'), 'aios');
    symlinkSync(real, via);
    const cache = ScanCache.open(via);
    expect(cache).not.toBeNull();
    cache!.close();
    expect(statSync(join(real, CACHE_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(logged.lines).toEqual([]);
  });
});
