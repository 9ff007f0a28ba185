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
// report derived from a complete scan is memoized in plain files beside it (memo.ts).
import { Database } from 'bun:sqlite';
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { errorMessage } from '../../support/errors.ts';
import { log } from '../../support/log.ts';
import { enableWal } from '../../support/sqlite-wal.ts';

export const CACHE_FILE_NAME = 'scan-cache.sqlite';
/** File name prefix of memo.ts's files, which live beside the database and go with it. */
export const MEMO_PREFIX = 'report-memo-';
/** What earlier versions kept beside the database (a whole-result snapshot, memos named after it). */
export const LEGACY_PREFIX = 'scan-snapshot-';
const APPLICATION_ID = 0x41494f53; // "AIOS"
/** Bump when the row or blob format changes: older caches are then rebuilt, never misread. */
export const CACHE_VERSION = 5;
const FORMAT = 'aios-scan-cache';

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

class ForeignCacheError extends Error {}
/** A store file is a symlink or not a regular file: refused, never rebuilt through. */
class LinkedStoreError extends Error {}

/** The database and the files SQLite keeps beside it. */
const STORE_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;
/** Not following a final symlink when opening (0 where the platform has no such flag). */
export const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * The first of the store's files (database, WAL, shared memory, rollback journal) that exists but
 * is not a regular file, or null. SQLite follows symlinks: a link planted there would have aios
 * write into (and chmod) whatever it points at, so such a store is never opened.
 */
function irregularStoreFile(path: string): string | null {
  for (const suffix of STORE_SUFFIXES) {
    try {
      if (!lstatSync(path + suffix).isFile()) return path + suffix;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return path + suffix;
    }
  }
  return null;
}

/**
 * Create the database file, or open the existing one, without following a symlink, and make it
 * owner-only through the descriptor (a chmod by path would follow a link swapped in meanwhile).
 * The caller keeps the descriptor open until SQLite has the file, then checks it is the same one.
 */
function openPrivately(path: string): { fd: number; dev: number; ino: number } {
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT | O_NOFOLLOW, 0o600);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new LinkedStoreError(`${path} is not a regular file`);
    // Project names and session ids are the user's business: owner-only, like the dir.
    fchmodSync(fd, 0o600);
    return { fd, dev: st.dev, ino: st.ino };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
  path TEXT PRIMARY KEY, dev TEXT NOT NULL, ino TEXT NOT NULL, size INTEGER NOT NULL,
  mtime TEXT NOT NULL, ctime TEXT NOT NULL, resume INTEGER NOT NULL, fingerprint TEXT NOT NULL,
  body BLOB NOT NULL, tail BLOB
);`;

/** How long a process waits for another one holding the cache's lock. */
const BUSY_TIMEOUT_MS = 5000;

function openValidated(path: string): Database {
  const own = openPrivately(path);
  let db: Database;
  try {
    db = new Database(path, { create: true, strict: true });
    const now = lstatSync(path);
    if (!now.isFile() || now.dev !== own.dev || now.ino !== own.ino) {
      db.close();
      throw new LinkedStoreError(`${path} was replaced while it was being opened`);
    }
  } finally {
    // Closed before SQLite takes any lock (it reads the file only at the first statement): closing
    // another descriptor of a file drops every POSIX lock the process holds on it.
    closeSync(own.fd);
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Large pages (for a new file; an existing one keeps its own): most rows' blobs then fit in one
    // page instead of an overflow chain, which makes the batched writes and the checkpoint on close
    // cheaper.
    db.exec('PRAGMA page_size = 65536');
    enableWal(db, BUSY_TIMEOUT_MS);
    // No fsync: this store is rebuildable. A crash can at worst lose the last transactions or, on
    // power loss, damage the file; damage is detected (a query throws) and the cache is rebuilt,
    // and a lost transaction only means those files are read again. The fsyncs of NORMAL (WAL
    // commits and the checkpoint on close) would be a visible share of a cold scan.
    db.exec('PRAGMA synchronous = OFF');
    // Initialise under a write lock so two processes creating the cache at once do not collide.
    db.transaction(() => {
      const tables = db.query<{ n: number }, []>('SELECT count(*) AS n FROM sqlite_master').get()!.n;
      const appId = db.query<{ application_id: number }, []>('PRAGMA application_id').get()!.application_id;
      if (tables === 0 && appId === 0) {
        db.exec(SCHEMA);
        db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
        db.exec(`PRAGMA user_version = ${CACHE_VERSION}`);
        db.query('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run(
          'format',
          FORMAT,
          'version',
          String(CACHE_VERSION),
        );
      }
    }).immediate();
    const appId = db.query<{ application_id: number }, []>('PRAGMA application_id').get()!.application_id;
    const version = db.query<{ user_version: number }, []>('PRAGMA user_version').get()!.user_version;
    if (appId !== APPLICATION_ID || version !== CACHE_VERSION)
      throw new ForeignCacheError(`application_id ${appId}, version ${version}`);
    const meta = new Map(
      db
        .query<{ key: string; value: string }, []>('SELECT key, value FROM meta')
        .all()
        .map((r) => [r.key, r.value]),
    );
    if (meta.get('format') !== FORMAT || meta.get('version') !== String(CACHE_VERSION))
      throw new ForeignCacheError('meta rows do not match');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A cheap look at the database file's header (no SQLite): true when it is a SQLite file with our
 * application_id and CACHE_VERSION. Anything else (missing, foreign, other version, damaged
 * header, or a header not yet checkpointed from the WAL) is false, and the caller takes the full
 * path through ScanCache.open, which rebuilds what is not ours.
 */
export function looksLikeOurCache(cacheDir: string): boolean {
  let fd: number | undefined;
  try {
    // A symlink is not ours, whatever it points at (ScanCache.open refuses it).
    fd = openSync(join(cacheDir, CACHE_FILE_NAME), constants.O_RDONLY | O_NOFOLLOW);
    const head = Buffer.alloc(100);
    if (readSync(fd, head, 0, 100, 0) !== 100) return false;
    // SQLite file format: magic string at 0, user_version at 60, application_id at 68 (big-endian).
    return (
      head.toString('latin1', 0, 16) === 'SQLite format 3\0' &&
      head.readUInt32BE(60) === CACHE_VERSION &&
      head.readUInt32BE(68) === APPLICATION_ID
    );
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const refused = new Set<string>();

function refuseLinked(path: string): null {
  if (!refused.has(path)) {
    refused.add(path);
    log.warn(
      `scan cache file ${path} is a symlink or not a regular file; aios never writes through one, ` +
        'so it scans without a cache (remove it and aios makes a new cache)',
    );
  }
  return null;
}

/** ELOOP: opening with O_NOFOLLOW met a symlink. */
const isLoop = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ELOOP';

/** Remove the database and the memos beside it: a rebuilt cache starts from nothing. */
function removeDbFiles(path: string): void {
  for (const suffix of STORE_SUFFIXES) rmSync(path + suffix, { force: true });
  const dir = dirname(path);
  for (const name of readdirSync(dir))
    if (name.startsWith(MEMO_PREFIX) || name.startsWith(LEGACY_PREFIX)) rmSync(join(dir, name), { force: true });
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
