// An alert in words, the same on the page's banner, the browser and desktop notifications, the
// server's log line and the terminal: which window passed which threshold, its number and its reset.
import type { AlertEstimateBasis, WindowAlert } from '../contract/usage-data.ts';
import { formatPercent, formatReset, type ClockOptions } from './format.ts';

const WINDOW_WORDS: Record<WindowAlert['window'], string> = {
  five_hour: '5-hour window',
  seven_day: 'Weekly limit',
};

const BASIS_WORDS: Record<AlertEstimateBasis, string> = {
  'live-plus-logs': 'estimate from the last reading and your logs',
  calibrated: 'calibrated estimate',
  'log-limit-message': 'Claude Code logged "usage limit reached"',
};

export interface AlertWords {
  /** "5-hour window past 95%". */
  title: string;
  /** "96% (Live) · resets in 2 h 14 m (at 14:14)". */
  detail: string;
  /** Both in one line, for a log or a terminal. */
  line: string;
  /** Stable for one alert (a React key, a notification tag). */
  id: string;
}

/** Where the number came from, in words. */
export function alertSource(alert: WindowAlert): string {
  return alert.source === 'live' || alert.basis === null ? 'Live' : BASIS_WORDS[alert.basis];
}

/**
 * @example alertWords(alert, new Date(), { timeZone: 'UTC' }).line
 *          // "5-hour window past 95%: 96% (Live) · resets in 2 h 14 m (at 14:14)"
 */
export function alertWords(alert: WindowAlert, now: Date, clock: ClockOptions = {}): AlertWords {
  const title = `${WINDOW_WORDS[alert.window]} past ${alert.threshold}%`;
  const detail = `${formatPercent(alert.pct)} (${alertSource(alert)}) · ${formatReset(alert.resetsAt, now, clock)}`;
  return {
    title,
    detail,
    line: `${title}: ${detail}`,
    id: `${alert.window}:${alert.threshold}:${alert.firedAt}`,
  };
}
