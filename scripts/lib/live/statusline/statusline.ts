// One run of `aios statusline`: read Claude Code's stdin, record its rate limits in the history, and
// make the line (plus the wrapped command's). Small imports only: it runs after every message.
import { openHistoryStore } from '../../history/open-store.ts';
import type { UsageReading } from '../../history/readings.ts';
import { log } from '../../support/log.ts';
import { resolveAiosDataDir } from '../../support/paths.ts';
import { protectedConfigDirs } from '../../support/write-guard.ts';
import { statuslineText } from './line.ts';
import { memoFacts } from './memo-facts.ts';
import { readingFromStatusline } from './rate-limits.ts';
import type { StdinRead } from './stdin.ts';

/** Claude Code's input is a few KB; a bigger one is not parsed (the line still prints). */
export const MAX_PARSED_STDIN = 1 << 20;
/**
 * A write waits this long for another statusline's: each holds the lock for a moment, and the
 * statusline must answer in tens of milliseconds even when the store is locked for longer.
 */
const STATUSLINE_BUSY_MS = 250;

export interface StatuslineRun {
  env: Record<string, string | undefined>;
  home: string;
  stdin: StdinRead;
  /** The user's own statusline command, run with the same stdin; its output follows aios's. */
  wrap?: string;
  now?: () => number;
}

/** The parsed stdin, or undefined (with a debug line) when there is none or it is not usable. */
function parseInput(stdin: StdinRead): unknown {
  if (!stdin.complete) {
    log.debug('statusline stdin was cut short (too large, or not closed in time); not parsed');
    return undefined;
  }
  if (stdin.bytes.byteLength === 0) return undefined;
  if (stdin.bytes.byteLength > MAX_PARSED_STDIN) {
    log.debug(`statusline stdin is ${stdin.bytes.byteLength} bytes; not parsed`);
    return undefined;
  }
  try {
    return JSON.parse(Buffer.from(stdin.bytes).toString('utf8'));
  } catch {
    log.debug('statusline stdin is not JSON');
    return undefined;
  }
}

/** Record the stdin's reading (if any) and return the freshest current one the history knows. */
function recordAndRecall(run: StatuslineRun, reading: UsageReading | null, now: number): UsageReading | null {
  const store = openHistoryStore({
    dataDir: resolveAiosDataDir(run.env, run.home),
    guardDirs: protectedConfigDirs(run.env, run.home),
    busyTimeoutMs: STATUSLINE_BUSY_MS,
    now: () => now,
  });
  if (store === null) return reading;
  try {
    if (reading) store.record(reading);
    return reading ?? store.latestCurrent(now);
  } finally {
    store.close();
  }
}

/** aios's segment, then the wrapped command's output (its first line joined to ours). */
function joinWrapped(line: string, wrapped: string | null): string {
  if (!wrapped) return line;
  return `${line} | ${wrapped}`;
}

/**
 * The statusline text for one run (without the final newline). Never makes a network request,
 * never runs `claude`, never scans the logs. Throws only on a bug; the command catches that too.
 */
export async function renderStatusline(run: StatuslineRun): Promise<string> {
  const now = (run.now ?? Date.now)();
  // Started first, so the wrapped command runs while aios does its own part; loaded only when asked for.
  const wrap = run.wrap;
  const wrapped = wrap
    ? import('./wrap.ts').then(({ runWrapped }) =>
        runWrapped(wrap, run.stdin.complete ? run.stdin.bytes : new Uint8Array(0), { env: run.env }),
      )
    : Promise.resolve(null);
  const { reading, dropped } = readingFromStatusline(parseInput(run.stdin), now);
  for (const d of dropped) log.debug(`statusline rate_limits ${d}; not recorded`);
  const shown = recordAndRecall(run, reading, now);
  const line = statuslineText(shown, memoFacts(run.env, run.home, now), now);
  return joinWrapped(line, await wrapped);
}
