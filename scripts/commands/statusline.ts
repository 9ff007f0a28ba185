// `aios statusline`: the command a user sets as Claude Code's statusLine. Records the rate limits
// Claude Code hands it and prints one compact line; whatever happens it prints and exits 0.
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { defineCommand } from '../lib/support/flags.ts';
import { log } from '../lib/support/log.ts';
import { redact, redactError } from '../lib/support/redaction.ts';
import { renderStatusline } from '../lib/live/statusline/statusline.ts';
import { readStdinBounded } from '../lib/live/statusline/stdin.ts';

const AIOS = resolve(import.meta.dir, '..', 'aios.ts');
/** What Claude Code runs: this checkout's aios under the Bun that runs it now. */
const INVOCATION = `${process.execPath} ${AIOS} statusline`;

/** The settings.json snippet `--help` prints. */
export const SETTINGS_SNIPPET = JSON.stringify(
  { statusLine: { type: 'command', command: INVOCATION, refreshInterval: 30 } },
  null,
  2,
);

/** Said when even the line could not be made: the statusline is never empty and never fails. */
const FALLBACK_LINE = 'aios';

export const command = defineCommand({
  name: 'statusline',
  summary: [
    "Claude Code's statusLine command: records the 5-hour and weekly rate limits Claude Code passes on stdin",
    "into aios's usage history (no network, no token) and prints one line: 5-hour % and its reset, the",
    "week's %, today's cost and the burn rate (from the last aggregate). Always prints a line and exits 0.",
    '',
    'In ~/.claude/settings.json:',
    SETTINGS_SNIPPET,
    '',
    'Keeping a statusline you already have: add  --wrap "<its command>"  to the command above (inside the',
    'JSON string, write the inner quotes as \\"), and its output follows aios\'s.',
  ].join('\n'),
  flags: {
    wrap: {
      type: 'string',
      placeholder: 'COMMAND',
      description:
        "also run this statusline command (via /bin/sh, same stdin, 5 s limit) and print its output after aios's",
    },
  },
  async run(flags) {
    let line = FALLBACK_LINE;
    try {
      const stdin = await readStdinBounded();
      line = await renderStatusline({ env: process.env, home: homedir(), stdin, wrap: flags.wrap });
    } catch (error) {
      log.debug(`statusline: ${redactError(error)}`);
    }
    process.stdout.write(`${redact(line)}\n`);
    return 0;
  },
});
