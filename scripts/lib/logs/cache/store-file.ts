// The scan cache's database file, below the store (store.ts): opening it never through a link,
// owner-only, and only when it is ours (application id, version, meta rows); a look at its header
// without SQLite; removing it with the memos beside it.
import { Database } from 'bun:sqlite';
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
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

class ForeignCacheError extends Error {}
/** A store file is a symlink or not a regular file: refused, never rebuilt through. */
export class LinkedStoreError extends Error {}

/** The database and the files SQLite keeps beside it. */
const STORE_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;
/** Not following a final symlink when opening (0 where the platform has no such flag). */
export const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * The first of the store's files (database, WAL, shared memory, rollback journal) that exists but
 * is not a regular file, or null. SQLite follows symlinks: a link planted there would have aios
 * write into (and chmod) whatever it points at, so such a store is never opened.
 */
export function irregularStoreFile(path: string): string | null {
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

/**
 * Open (creating it when missing) the database at `path`: owner-only, WAL, a busy timeout, and the
 * schema of a new file. Throws LinkedStoreError for a link or a file swapped in meanwhile, and any
 * other error for a file that is not ours or is damaged (the caller rebuilds it).
 */
export function openValidated(path: string): Database {
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

/** ELOOP: opening with O_NOFOLLOW met a symlink. */
export const isLoop = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ELOOP';

/** Remove the database and the memos beside it: a rebuilt cache starts from nothing. */
export function removeDbFiles(path: string): void {
  for (const suffix of STORE_SUFFIXES) rmSync(path + suffix, { force: true });
  const dir = dirname(path);
  for (const name of readdirSync(dir))
    if (name.startsWith(MEMO_PREFIX) || name.startsWith(LEGACY_PREFIX)) rmSync(join(dir, name), { force: true });
}
