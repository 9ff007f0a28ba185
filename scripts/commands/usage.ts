// `aios usage`: the dashboard's usage panel on one terminal screen, or `claudeWindow` alone as
// JSON. Exits 0 whether the numbers are Live or an Estimate.
import { homedir } from 'node:os';
import { defineCommand } from '../lib/support/flags.ts';
import { redact } from '../lib/support/redaction.ts';
import { renderUsagePanel, shouldUseColor } from '../lib/terminal/panel.ts';
import { buildDocumentOrExit, DOCUMENT_FLAGS, documentOptions } from './document.ts';

export const command = defineCommand({
  name: 'usage',
  summary:
    "Show the 5-hour and weekly windows in the terminal: Live (Anthropic's own numbers, read with your " +
    'Claude Code login) or Estimate (from your logs), with the reason and basis.',
  flags: {
    json: { type: 'boolean', description: 'print only the claudeWindow object of the document, as JSON' },
    ...DOCUMENT_FLAGS,
  },
  async run(flags) {
    const built = await buildDocumentOrExit(documentOptions(flags, { env: process.env, home: homedir() }));
    if (!built.ok) return built.exitCode;
    const data = built.data;
    if (flags.json) {
      process.stdout.write(redact(JSON.stringify(data.claudeWindow, null, 2)) + '\n');
      return 0;
    }
    const color = shouldUseColor(process.stdout.isTTY, process.env);
    // The document's zone is the validated --timezone / TZ / system zone.
    process.stdout.write(redact(renderUsagePanel(data, { now: new Date(), color, timeZone: data.timezone })));
    return 0;
  },
});
