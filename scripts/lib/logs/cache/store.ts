// The scan cache: per log file, what the last run extracted and where it stopped, so the next run
// reads only new bytes. Lives in AIOS_CACHE_DIR, never in a Claude Code config dir.
//
// Why SQLite (bun:sqlite, built into Bun, nothing to install): each run changes a few rows (the
// files that grew) and must not rewrite the whole store; a transaction makes every update
// all-or-nothing, so a crash mid-write leaves the previous state; WAL plus a busy timeout lets two
// aios processes (a `serve` refresh and a manual `aggregate`) run at once; and a foreign or damaged
// file is recognisable (application_id, user_version, a meta row) instead of being trusted. Each
// row holds the file's identity (dev, inode, size, mtime, ctime, a fingerprint of its head and of the
// bytes before the resume offset) and the extracted entries as one compact binary blob (codec.ts):
// decoding a blob is far faster than reading thousands of rows, which keeps warm runs cheap. The
// report derived from a complete scan is memoized in plain files beside it (memo.ts). Opening the file
// safely is store-file.ts.
import type { Database } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../support/errors.ts';
import { log } from '../../support/log.ts';
import {
  CACHE_FILE_NAME,
  irregularStoreFile,
  isLoop,
  LinkedStoreError,
  openValidated,
  removeDbFiles,
} from './store-file.ts';

export interface CachedFile {
  path: string;
  dev: string;
  ino: string;
  size: number;
  mtime: string;
  ctime: string;
  /** Byte offset just after the last complete line: where an append is read from. */
  resume: number;
  /** Hash of the head and of the bytes just before `resume` (see fingerprintFile). */
  fingerprint: string;
}

export interface StoredFile extends CachedFile {
  body: Uint8Array;
  /** The unterminated last line's part, or null when the file ended with a newline. */
  tail: Uint8Array | null;
}

function refuseLinked(path: string): null {
  log.once(
    'warn',
    `scan-cache-link:${path}`,
    `scan cache file ${path} is a symlink or not a regular file; aios never writes through one, ` +
      'so it scans without a cache (remove it and aios makes a new cache)',
  );
  return null;
}

/** The SQLite-backed store. Every method may throw; the scan treats any throw as a broken cache. */
export class ScanCache {
  private constructor(
    private db: Database,
    readonly path: string,
    readonly dir: string,
  ) {}

  /**
   * Open (creating if needed) the cache in `cacheDir`. A corrupt, foreign or other-version file is
   * deleted and rebuilt once; if that fails too, returns null and the scan runs without a cache.
   * A store file that is a symlink (or not a regular file) is refused, not rebuilt: null, with one
   * warning per path and process (`aios serve` opens the cache every minute).
   */
  static open(cacheDir: string): ScanCache | null {
    const path = join(cacheDir, CACHE_FILE_NAME);
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      log.warn(`scan cache dir ${cacheDir} is not usable (${errorMessage(error)}); scanning without a cache`);
      return null;
    }
    const irregular = irregularStoreFile(path);
    if (irregular !== null) return refuseLinked(irregular);
    try {
      return new ScanCache(openValidated(path), path, cacheDir);
    } catch (error) {
      if (error instanceof LinkedStoreError || isLoop(error)) return refuseLinked(path);
      log.warn(`scan cache ${path} is unusable (${errorMessage(error)}); rebuilding it`);
    }
    try {
      removeDbFiles(path);
      return new ScanCache(openValidated(path), path, cacheDir);
    } catch (error) {
      log.warn(`scan cache ${path} could not be rebuilt (${errorMessage(error)}); scanning without a cache`);
      return null;
    }
  }

  /** Identity and resume point of every cached file (no blobs). */
  index(): Map<string, CachedFile> {
    const rows = this.db
      .query<CachedFile, []>('SELECT path, dev, ino, size, mtime, ctime, resume, fingerprint FROM files')
      .all();
    return new Map(rows.map((row) => [row.path, row]));
  }

  /**
   * Hand over the stored parts of every file in `wanted`. One pass over the table: thousands of
   * single-row lookups cost more than reading the few rows not wanted.
   */
  loadParts(wanted: Set<string>, onRow: (path: string, body: Uint8Array, tail: Uint8Array | null) => void): void {
    if (wanted.size === 0) return;
    const rows = this.db.query<unknown, []>('SELECT path, body, tail FROM files').values() as Array<
      [string, Uint8Array, Uint8Array | null]
    >;
    for (const [path, body, tail] of rows) if (wanted.has(path)) onRow(path, body, tail);
  }

  /** Write new and changed rows and drop deleted files, in one transaction. */
  commit(rows: StoredFile[], deleted: string[]): void {
    if (rows.length === 0 && deleted.length === 0) return;
    const upsert = this.db.query(
      'INSERT OR REPLACE INTO files (path, dev, ino, size, mtime, ctime, resume, fingerprint, body, tail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const remove = this.db.query('DELETE FROM files WHERE path = ?');
    this.db
      .transaction(() => {
        for (const r of rows)
          upsert.run(r.path, r.dev, r.ino, r.size, r.mtime, r.ctime, r.resume, r.fingerprint, r.body, r.tail);
        for (const path of deleted) remove.run(path);
      })
      .immediate();
  }

  close(): void {
    try {
      this.db.close();
    } catch {
      // closing a broken handle has nothing left to release
    }
  }

  /** Drop the file entirely (after a failed query) so the next open starts clean. */
  discard(): void {
    this.close();
    try {
      removeDbFiles(this.path);
    } catch (error) {
      log.warn(`could not remove the scan cache ${this.path}: ${errorMessage(error)}`);
    }
  }
}

/** Rows are written in transactions of about this many blob bytes, so they are not all held at once. */
const WRITE_BATCH_BYTES = 4 << 20;

/**
 * Writes a scan's rows as they come, in batches, then the deletions. A failed write
 * discards the cache file (rebuilt next run) and stops further writes; the scan's result stands.
 */
export class CacheWriter {
  private pending: StoredFile[] = [];
  private pendingBytes = 0;
  private failed = false;

  constructor(private readonly cache: ScanCache) {}

  add(row: StoredFile): void {
    if (this.failed) return;
    this.pending.push(row);
    this.pendingBytes += row.body.byteLength + (row.tail?.byteLength ?? 0);
    if (this.pendingBytes >= WRITE_BATCH_BYTES) this.flush([]);
  }

  /** Write what is left, drop `deleted` rows, and close the cache. */
  finish(deleted: string[]): void {
    this.flush(deleted);
    this.cache.close();
  }

  private flush(deleted: string[]): void {
    const rows = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (this.failed) return;
    try {
      this.cache.commit(rows, deleted);
    } catch (error) {
      log.warn(`scan cache write failed (${errorMessage(error)}); it will be rebuilt next run`);
      this.cache.discard();
      this.failed = true;
    }
  }
}
