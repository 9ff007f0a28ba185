// `aios usage`: the dashboard's usage panel on one terminal screen, or `claudeWindow` alone as
// JSON. Exits 0 whether the numbers are Live or an Estimate.
import { homedir } from 'node:os';
import { AggregateConfigError, buildUsageData } from '../lib/assemble/build-document.ts';
import type { CommandSpec } from '../lib/support/flags.ts';
import { log } from '../lib/support/log.ts';
import { redact } from '../lib/support/redaction.ts';
import { renderUsagePanel, shouldUseColor } from '../lib/terminal/panel.ts';

export const command: CommandSpec = {
  name: 'usage',
  summary:
    "Show the 5-hour and weekly windows in the terminal: Live (Anthropic's own numbers, read with your " +
    'Claude Code login) or Estimate (from your logs), with the reason and basis.',
  flags: {
    json: { type: 'boolean', description: 'print only the claudeWindow object of the document, as JSON' },
    timezone: {
      type: 'string',
      placeholder: 'TZ',
      description: 'IANA time zone for clock times (default: TZ or the system zone)',
    },
    demo: { type: 'boolean', description: "use aios's generated demo history instead of your logs" },
  },
  async run(flags) {
    const timezone = typeof flags.timezone === 'string' ? flags.timezone : undefined;
    let data;
    try {
      data = await buildUsageData({ env: process.env, home: homedir(), timezone, demo: flags.demo === true });
    } catch (error) {
      if (error instanceof AggregateConfigError) {
        log.error(error.message);
        return 2;
      }
      throw error;
    }
    if (flags.json) {
      process.stdout.write(redact(JSON.stringify(data.claudeWindow, null, 2)) + '\n');
      return 0;
    }
    const color = shouldUseColor(process.stdout.isTTY, process.env);
    // The document's zone is the validated --timezone / TZ / system zone.
    process.stdout.write(redact(renderUsagePanel(data, { now: new Date(), color, timeZone: data.timezone })));
    return 0;
  },
};
