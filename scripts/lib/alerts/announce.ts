// Saying an alert that just fired: one log line each (aios serve, aios aggregate), and with
// `--notify` a desktop notification too. The words are the page's (src/view/alert-words.ts).
import type { WindowAlert } from '../../../src/contract/usage-data.ts';
import { alertWords } from '../../../src/view/alert-words.ts';
import type { DesktopNotifier } from './desktop-notify.ts';

export interface AnnounceOptions {
  /** Receives one line per alert ("alert: 5-hour window past 95%: 96% (Live) · resets in …"). */
  log: (line: string) => void;
  /** Also shows each alert on the desktop (`aios serve --notify`). */
  notify?: DesktopNotifier;
  now?: () => Date;
}

/**
 * An `onFired` for buildUsageData: each alert said once, as it fires. A notification that fails is
 * the notifier's to log; the line is said regardless.
 *
 * @example buildUsageData({ ...options, alerts: { onFired: alertAnnouncer({ log: (l) => log.warn(l) }) } })
 */
export function alertAnnouncer(opts: AnnounceOptions): (alerts: WindowAlert[], doc: { timezone: string }) => void {
  return (alerts, doc) => {
    const now = opts.now?.() ?? new Date();
    for (const alert of alerts) {
      // Clock times in the document's zone, as the page and the panel say them.
      const words = alertWords(alert, now, { timeZone: doc.timezone });
      opts.log(`alert: ${words.line}`);
      void opts.notify?.(`aios: ${words.title}`, words.detail);
    }
  };
}
