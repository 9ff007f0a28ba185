// Switching a SQLite file to WAL, for the scan cache and the usage history alike: the switch needs the
// file to itself, so another process opening the same new file is waited for, not taken for damage.
import type { Database } from 'bun:sqlite';

/** The SQLite (or errno) code of a thrown error, '' when it has none. */
export const codeOf = (error: unknown): string => String((error as { code?: unknown })?.code ?? '');

/** Another connection holds the lock (SQLITE_BUSY, SQLITE_LOCKED and their extended codes). */
export const isBusy = (code: string) => code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');

/**
 * Switch `db` to WAL. SQLite answers SQLITE_BUSY at once, without the busy timeout, while another
 * process is opening the same new file: so it is retried until `timeoutMs` has passed. Without the
 * retry, two aios processes starting together would each take the other's file for broken.
 */
export function enableWal(db: Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      db.exec('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(codeOf(error)) || Date.now() > deadline) throw error;
      Bun.sleepSync(2);
    }
  }
}
