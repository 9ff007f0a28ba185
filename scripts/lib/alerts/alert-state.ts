// Which alerts have fired, kept in the data dir (`alerts-state.json`, beside the usage history) so a
// restart, or another aios command, never repeats one. Written atomically; a damaged file is not fatal.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { windowAlertSchema, type WindowAlert } from '../../../src/contract/usage-data.ts';
import { validateWith } from '../../../src/contract/checks.ts';
import { writeFileAtomic } from '../support/atomic-write.ts';
import { errorMessage } from '../support/errors.ts';
import { log } from '../support/log.ts';
import { writableDataDir } from '../support/write-guard.ts';
import { MAX_KEPT_ALERTS } from './crossing.ts';
import { readSmallFile } from '../support/small-file.ts';

export const ALERT_STATE_FILE = 'alerts-state.json';
/** A state file larger than this is not ours (a hundred alerts take a few KiB). */
const MAX_STATE_BYTES = 256 * 1024;

const stateSchema = v.object({
  version: v.literal(1),
  fired: v.pipe(v.array(windowAlertSchema), v.maxLength(MAX_KEPT_ALERTS)),
});

/** Where fired alerts are kept: a file in the data dir, or this process's memory when there is none. */
export interface AlertState {
  /** The file, or null when the data dir may not be written (the alerts then last as long as the process). */
  readonly path: string | null;
  /** The alerts fired so far; a missing or damaged file reads as none. Never throws. */
  read(): WindowAlert[];
  /** Keep `fired` (atomically); a write that fails is warned about and kept in memory. Never throws. */
  write(fired: readonly WindowAlert[]): void;
}

/** The process's own copy, for a data dir aios may not write and for a write that failed. */
const inMemory = new Map<string, WindowAlert[]>();

/**
 * The alert state in `dir` (a data dir already cleared by the write guard), or in memory for null.
 *
 * @example const state = alertStateIn(writableDataDir(env, home)); state.write([...state.read(), alert]);
 */
export function alertStateIn(dir: string | null): AlertState {
  const path = dir === null ? null : join(dir, ALERT_STATE_FILE);
  const memoryKey = path ?? '';
  return {
    path,
    read() {
      const kept = inMemory.get(memoryKey);
      if (path === null) return kept ?? [];
      // A symlink is not our state: it reads as none, and the next write replaces the link; a FIFO
      // or a device in its place is refused at once rather than waited on.
      const read = readSmallFile(path, MAX_STATE_BYTES, { noFollow: true });
      if (!read.ok && read.failure !== 'too-large') {
        if (read.failure !== 'missing') log.debug(`alert state ${path}: ${read.failure}`);
        return kept ?? [];
      }
      let checked: ReturnType<typeof validateWith<typeof stateSchema>>;
      try {
        checked = read.ok
          ? validateWith(stateSchema, JSON.parse(read.bytes.toString('utf8')))
          : { ok: false, errors: ['too large'] };
      } catch {
        checked = { ok: false, errors: ['not JSON'] };
      }
      if (checked.ok) return checked.value.fired;
      log.once(
        'warn',
        `alert-state-damaged:${path}`,
        `alert state ${path} is damaged (${checked.errors[0]}); starting afresh (an alert may repeat once)`,
      );
      return kept ?? [];
    },
    write(fired) {
      inMemory.set(memoryKey, [...fired]);
      if (path === null) return;
      try {
        // Owner-only, like the usage history beside it.
        mkdirSync(dir!, { recursive: true, mode: 0o700 });
        writeFileAtomic(path, `${JSON.stringify({ version: 1, fired }, null, 2)}\n`, { mode: 0o600 });
      } catch (error) {
        log.once(
          'warn',
          `alert-state-write:${path}`,
          `alert state ${path} could not be written (${errorMessage(error)}); kept in memory`,
        );
      }
    },
  };
}

/** The alert state for this environment: in the data dir when aios may write there, else in memory. */
export function openAlertState(env: Record<string, string | undefined>, home: string): AlertState {
  return alertStateIn(writableDataDir(env, home));
}
