// The history store's file, below the store itself: opening it (never through a symbolic link, WAL
// with a busy timeout, writable or read-only), telling faults apart, and moving a bad file aside.
import { Database, constants } from 'bun:sqlite';
import { accessSync, chmodSync, constants as fs, existsSync, lstatSync, renameSync } from 'node:fs';
import { errorMessage } from '../support/errors.ts';
import { codeOf, enableWal } from '../support/sqlite-wal.ts';
import { checkReadOnly, migrate, StoreRejected, type Rejection } from './schema.ts';

const SIDE_FILES = ['-wal', '-shm', '-journal'];

export const isDamage = (code: string) => code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
export const isReadOnly = (code: string) =>
  code.startsWith('SQLITE_READONLY') ||
  code.startsWith('SQLITE_CANTOPEN') ||
  code === 'SQLITE_PERM' ||
  code === 'SQLITE_AUTH' ||
  code === 'EACCES' ||
  code === 'EROFS' ||
  code === 'EPERM';

/** The first of the store's files that is a symbolic link, if any: aios never follows one. */
export function symlinkAmong(path: string): string | null {
  for (const p of [path, ...SIDE_FILES.map((s) => path + s)]) {
    try {
      if (lstatSync(p).isSymbolicLink()) return p;
    } catch {
      // absent: nothing to follow
    }
  }
  return null;
}

/** False for a file that exists but cannot be written (its mode, or an immutable flag even for root). */
export const writable = (path: string): boolean => {
  try {
    accessSync(path, fs.W_OK);
    return true;
  } catch (error) {
    return codeOf(error) === 'ENOENT';
  }
};

export const inodeOf = (path: string): number | null => {
  try {
    return lstatSync(path).ino;
  } catch {
    return null;
  }
};

const OPEN_FLAGS = constants.SQLITE_OPEN_READWRITE | constants.SQLITE_OPEN_CREATE | constants.SQLITE_OPEN_NOFOLLOW;

export function openWritable(path: string, busyTimeoutMs: number): Database {
  const fresh = !existsSync(path);
  const db = new Database(path, OPEN_FLAGS);
  try {
    // The readings say when and how much the user works: owner-only, like the dir.
    if (fresh) chmodSync(path, 0o600);
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    enableWal(db, busyTimeoutMs);
    db.exec('PRAGMA synchronous = NORMAL');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

const READ_FLAGS = constants.SQLITE_OPEN_READONLY | constants.SQLITE_OPEN_NOFOLLOW;

/**
 * A read-only handle. A WAL file needs its -shm beside it; where the dir is read-only too and it
 * cannot be made, the file is opened as immutable: no process can write it there either.
 */
export function openReadOnly(path: string): Database {
  let db: Database;
  try {
    db = new Database(path, READ_FLAGS);
    db.query('PRAGMA user_version').get();
  } catch (error) {
    if (!codeOf(error).startsWith('SQLITE_CANTOPEN')) throw error;
    const uri = `file:${encodeURI(path).replace(/\?/g, '%3F').replace(/#/g, '%23')}?immutable=1`;
    db = new Database(uri, READ_FLAGS | constants.SQLITE_OPEN_URI);
  }
  try {
    checkReadOnly(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** "20261130T155700Z": a name part that sorts by time. */
const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * Rename the store (and its side files) aside as `<name>.<why>-<time>`, unless the file at `path`
 * is no longer the one judged (another process already moved it and started a new one). Returns
 * the new name, or null when nothing was moved.
 */
export function keepAside(path: string, why: Rejection, judgedInode: number | null, now: number): string | null {
  if (judgedInode === null || inodeOf(path) !== judgedInode) return null;
  let aside = `${path}.${why}-${stamp(now)}`;
  if (existsSync(aside)) aside += `-${process.pid}`;
  renameSync(path, aside);
  for (const side of SIDE_FILES) {
    try {
      renameSync(path + side, aside + side);
    } catch {
      // no such side file
    }
  }
  return aside;
}

/** Why `error` means the file is not usable as it is, or null for any other fault. */
export function rejectionOf(error: unknown): { why: Rejection; detail: string } | null {
  if (error instanceof StoreRejected) return { why: error.why, detail: error.message };
  if (isDamage(codeOf(error))) return { why: 'damaged', detail: errorMessage(error) };
  return null;
}
