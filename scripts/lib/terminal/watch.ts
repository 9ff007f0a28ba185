// `aios usage --watch`: the panel redrawn in place every interval until Ctrl-C, the bell rung when an
// alert fires. The document source, the clock and the output come in, so the loop is testable.
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { wholeNumberIn } from '../support/flags.ts';

/** `--watch` alone redraws every minute, the server's own pace; faster than 10 s only costs scans. */
export const DEFAULT_WATCH_SECONDS = 60;
export const MIN_WATCH_SECONDS = 10;
const MAX_WATCH_SECONDS = 86_400;

/** Home and clear the screen: the next frame replaces the last one instead of scrolling. */
const CLEAR = '\x1b[H\x1b[2J';
/** The terminal bell (BEL). */
const BELL = '\x07';

/** `--watch SECONDS` as milliseconds: a whole number from 10 to 86400, else null. */
export function parseWatchSeconds(value: string): number | null {
  const seconds = wholeNumberIn(value, MIN_WATCH_SECONDS, MAX_WATCH_SECONDS);
  return seconds === null ? null : seconds * 1000;
}

/** One computation: the document, and how many alerts fired while it was made. */
export interface WatchFrame {
  doc: UsageData;
  fired: number;
}

export interface WatchOptions {
  intervalMs: number;
  /** The next document (the first one's failure is the caller's: it was awaited before the loop). */
  next: () => Promise<WatchFrame>;
  first: WatchFrame;
  render: (doc: UsageData, now: Date) => string;
  write: (text: string) => void;
  /** A terminal: clear and redraw in place; else frames follow each other, a blank line apart. */
  tty: boolean;
  /** Aborted on Ctrl-C: the loop ends after the frame it is drawing. */
  signal: AbortSignal;
  now?: () => Date;
  /** Said under a frame when a later computation failed (the last good numbers stay). */
  describeError?: (error: unknown) => string;
}

/** Resolves after `ms`, or at once when `signal` is aborted; the timer never outlives it. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Draw `first`, then a new frame every `intervalMs` until `signal` aborts. A frame in which an
 * alert fired ends with the bell. A computation that fails keeps the last frame's numbers and says why.
 *
 * @example await watchUsage({ intervalMs: 60_000, first, next, render, write, tty: true, signal });
 */
export async function watchUsage(opts: WatchOptions): Promise<void> {
  const now = opts.now ?? (() => new Date());
  const seconds = Math.round(opts.intervalMs / 1000);
  const footer = `redrawn every ${seconds} s · Ctrl-C to stop\n`;
  let frame = opts.first;
  let drawn = 0;
  let problem: string | null = null;
  while (!opts.signal.aborted) {
    const lead = opts.tty ? CLEAR : drawn > 0 ? '\n' : '';
    const note = problem === null ? '' : `could not refresh: ${problem}; these are the last numbers\n`;
    opts.write(
      `${lead}${opts.render(frame.doc, now())}\n${note}${footer}${frame.fired > 0 && problem === null ? BELL : ''}`,
    );
    drawn++;
    await pause(opts.intervalMs, opts.signal);
    if (opts.signal.aborted) break;
    try {
      frame = await opts.next();
      problem = null;
    } catch (error) {
      problem = opts.describeError?.(error) ?? String(error);
    }
  }
}
