// Opening the usage history: in the data dir, never inside a Claude Code config dir, and whatever the
// file's state (missing, foreign, damaged, newer, locked, read-only, a symlink) an answer for the caller.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../support/errors.ts';
import { log } from '../support/log.ts';
import { isInsideAny } from '../support/paths.ts';
import { STORE_FILE_NAME } from './schema.ts';
import { codeOf, isBusy } from '../support/sqlite-wal.ts';
import {
  inodeOf,
  isReadOnly,
  keepAside,
  openReadOnly,
  openWritable,
  rejectionOf,
  symlinkAmong,
  writable,
} from './sqlite-file.ts';
import { HistoryStore } from './store.ts';

export interface HistoryOpenOptions {
  /** resolveAiosDataDir(): where the store lives. */
  dataDir: string;
  /** Claude Code's config dirs (candidates too): the store is never made inside one. */
  guardDirs: readonly string[];
  /** How long a write waits for another process's write; the statusline keeps it short. Default 2000 ms. */
  busyTimeoutMs?: number;
  now?: () => number;
}

/**
 * Open the usage history in `dataDir`, creating it when needed. Returns null (with a warning) when
 * it cannot be used this run: inside a Claude Code config dir, a symbolic link, locked past the
 * busy timeout, made by a newer aios, or not creatable. A foreign or damaged file is renamed aside
 * and a new one started, with a warning naming both. A read-only file is opened for reading only.
 * Never throws.
 */
export function openHistoryStore(opts: HistoryOpenOptions): HistoryStore | null {
  const path = join(opts.dataDir, STORE_FILE_NAME);
  const now = opts.now ?? Date.now;
  const busyTimeoutMs = opts.busyTimeoutMs ?? 2000;
  if (isInsideAny(path, [...opts.guardDirs])) {
    log.warn(
      `not keeping the usage history at ${path}: it is inside a Claude Code config dir (set AIOS_DATA_DIR elsewhere)`,
    );
    return null;
  }
  try {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    log.warn(`usage history dir ${opts.dataDir} is not usable (${errorMessage(error)}); not recorded this run`);
    return null;
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    const link = symlinkAmong(path);
    if (link !== null) {
      log.warn(`${link} is a symbolic link; aios does not follow it, so the usage history is not used this run`);
      return null;
    }
    const inode = inodeOf(path);
    // SQLite would open it read-only by itself and fail only at the first write: say so up front.
    if (!writable(path)) return openForReading(path, now);
    try {
      return new HistoryStore(openWritable(path, busyTimeoutMs), path, false, now);
    } catch (error) {
      const rejected = rejectionOf(error);
      const code = codeOf(error);
      if (rejected?.why === 'newer') {
        log.warn(`usage history ${path} was ${rejected.detail}; left as it is and not used this run`);
        return null;
      }
      if (rejected && attempt === 0) {
        try {
          const aside = keepAside(path, rejected.why, inode ?? inodeOf(path), now());
          if (aside !== null)
            log.warn(
              `usage history ${path} ${rejected.why === 'foreign' ? 'is not an aios usage history' : 'is damaged'} ` +
                `(${rejected.detail}); kept it as ${aside} and started a new one`,
            );
          continue;
        } catch (renameError) {
          log.warn(`usage history ${path} is unusable and could not be moved aside (${errorMessage(renameError)})`);
          return null;
        }
      }
      if (isBusy(code)) {
        log.warn(`usage history ${path} is locked by another process; not used this run`);
        return null;
      }
      if (isReadOnly(code) && existsSync(path)) return openForReading(path, now);
      log.warn(`usage history ${path} is not usable (${errorMessage(error)}); not recorded this run`);
      return null;
    }
  }
  return null;
}

function openForReading(path: string, now: () => number): HistoryStore | null {
  try {
    const store = new HistoryStore(openReadOnly(path), path, true, now);
    log.warn(`usage history ${path} is read-only; it is read but nothing new is recorded`);
    return store;
  } catch (error) {
    log.warn(`usage history ${path} is read-only and cannot be read (${errorMessage(error)}); not used this run`);
    return null;
  }
}
