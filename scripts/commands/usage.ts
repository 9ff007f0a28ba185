// `aios usage`: the dashboard's usage panel on one terminal screen, or `claudeWindow` alone as
// JSON; --watch redraws it in place and rings the bell when an alert fires. Exits 0 whether the
// numbers are Live or an Estimate.
import { homedir } from 'node:os';
import type { UsageData } from '../../src/contract/usage-data.ts';
import { buildUsageData } from '../lib/assemble/build-document.ts';
import { defineCommand, UsageError } from '../lib/support/flags.ts';
import { redact, redactError } from '../lib/support/redaction.ts';
import { onStopSignal } from '../lib/support/stop-signals.ts';
import { renderUsagePanel, shouldUseColor } from '../lib/terminal/panel.ts';
import {
  DEFAULT_WATCH_SECONDS,
  MIN_WATCH_SECONDS,
  parseWatchSeconds,
  watchUsage,
  type WatchFrame,
} from '../lib/terminal/watch.ts';
import { buildDocumentOrExit, DOCUMENT_FLAGS, documentOptions, type DocumentOptions } from './shared/document.ts';

/** The panel as text, in the document's zone (the validated --timezone / TZ / system zone). */
function panel(data: UsageData, now: Date, color: boolean): string {
  return redact(renderUsagePanel(data, { now, color, timeZone: data.timezone }));
}

/** A build that counts the alerts it fired (the state makes each fire once, in whichever aios sees it first). */
function counted(options: DocumentOptions): { options: DocumentOptions; take: () => number } {
  let fired = 0;
  return {
    options: { ...options, alerts: { onFired: (alerts) => (fired += alerts.length) } },
    take: () => {
      const n = fired;
      fired = 0;
      return n;
    },
  };
}

export const command = defineCommand({
  name: 'usage',
  summary:
    "Show the 5-hour and weekly windows in the terminal: Live (Anthropic's own numbers, read with your " +
    'Claude Code login) or Estimate (from your logs), with the reason and basis, and any alert in force.',
  flags: {
    json: { type: 'boolean', description: 'print only the claudeWindow object of the document, as JSON' },
    watch: {
      type: 'string',
      placeholder: 'SECONDS',
      implicit: String(DEFAULT_WATCH_SECONDS),
      description:
        `redraw the panel in place every SECONDS (default ${DEFAULT_WATCH_SECONDS}, at least ${MIN_WATCH_SECONDS}) ` +
        'until Ctrl-C, ringing the bell when an alert fires',
    },
    ...DOCUMENT_FLAGS,
  },
  async run(flags) {
    const intervalMs = flags.watch === undefined ? null : parseWatchSeconds(flags.watch);
    if (flags.watch !== undefined && intervalMs === null)
      throw new UsageError(
        `--watch must be a whole number of seconds from ${MIN_WATCH_SECONDS} to 86400, got '${flags.watch}'`,
      );
    if (intervalMs !== null && flags.json) throw new UsageError('--watch draws the panel; it does not go with --json');
    const build = counted(documentOptions(flags, { env: process.env, home: homedir() }));
    const built = await buildDocumentOrExit(build.options);
    if (!built.ok) return built.exitCode;
    const data = built.data;
    if (flags.json) {
      process.stdout.write(redact(JSON.stringify(data.claudeWindow, null, 2)) + '\n');
      return 0;
    }
    const color = shouldUseColor(process.stdout.isTTY, process.env);
    if (intervalMs === null) {
      process.stdout.write(panel(data, new Date(), color));
      return 0;
    }
    const controller = new AbortController();
    const release = onStopSignal(() => controller.abort());
    try {
      const first: WatchFrame = { doc: data, fired: build.take() };
      await watchUsage({
        intervalMs,
        first,
        next: async () => ({ doc: await buildUsageData(build.options), fired: build.take() }),
        render: (doc, now) => panel(doc, now, color),
        write: (text) => process.stdout.write(text),
        tty: process.stdout.isTTY === true,
        signal: controller.signal,
        describeError: (error) => redactError(error),
      });
    } finally {
      release();
    }
    return 0;
  },
});
