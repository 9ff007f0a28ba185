// `aios history`: the usage history as windows (5-hour and weekly) with their peak percent, the
// cost logged in each and the limit hits; --json and --csv give the same data for other tools.
import { homedir } from 'node:os';
import { resolveTimezone, AggregateConfigError } from '../lib/assemble/build-document.ts';
import { gatherHistory } from '../lib/history/gather.ts';
import { historyCsv, historyJson, historyText } from '../lib/history/history-output.ts';
import { defineCommand, UsageError, wholeNumberIn } from '../lib/support/flags.ts';
import { redact } from '../lib/support/redaction.ts';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 3660;

/** `--days N`: a whole number of days, 1 to 3660. */
export function parseDays(value: string | undefined): number | null {
  return value === undefined ? DEFAULT_DAYS : wholeNumberIn(value, 1, MAX_DAYS);
}

const EMPTY_HINT =
  'No readings recorded yet. Set `aios statusline` as your Claude Code statusLine (see `aios statusline --help`),\n' +
  'or run `aios aggregate` / `aios serve`, and the history fills as you work.\n';

export const command = defineCommand({
  name: 'history',
  summary:
    'The usage history aios keeps (in AIOS_DATA_DIR): each 5-hour window and week Anthropic reported, with its peak ' +
    'percent, the cost your logs show inside it and the limit hits (a reading of 100 % or a "usage limit reached" ' +
    'line in the logs). Never asks the network.',
  flags: {
    days: { type: 'string', placeholder: 'N', description: `how many days back (default ${DEFAULT_DAYS})` },
    json: { type: 'boolean', description: 'print the windows and hits as JSON (UTC times)' },
    csv: { type: 'boolean', description: 'print one CSV row per window (UTC times)' },
    timezone: {
      type: 'string',
      placeholder: 'TZ',
      description: 'IANA time zone for the times in the text view (default: TZ or the system zone)',
    },
  },
  async run(flags) {
    const days = parseDays(flags.days);
    if (days === null) throw new UsageError(`--days must be a whole number from 1 to ${MAX_DAYS}, got '${flags.days}'`);
    if (flags.json && flags.csv) throw new UsageError('--json and --csv exclude each other');
    let timeZone = 'UTC';
    if (!flags.json && !flags.csv) {
      try {
        timeZone = resolveTimezone(flags.timezone, process.env);
      } catch (error) {
        if (error instanceof AggregateConfigError) throw new UsageError(error.message);
        throw error;
      }
    }
    const view = await gatherHistory({ env: process.env, home: homedir(), now: Date.now(), days });
    const text = flags.json ? historyJson(view) : flags.csv ? historyCsv(view) : historyText(view, timeZone);
    process.stdout.write(redact(text));
    if (!flags.json && !flags.csv && view.windows.length === 0) process.stdout.write(EMPTY_HINT);
    return 0;
  },
});
