// `aios mcp`: the usage tools for agents, over MCP on stdio. stdout carries only the protocol; every
// log line goes to stderr. Runs until the client closes stdin, or SIGINT/SIGTERM.
import { homedir } from 'node:os';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import packageJson from '../../package.json' with { type: 'json' };
import { AggregateConfigError, buildUsageData, resolveTimezone } from '../lib/assemble/build-document.ts';
import { usageHistorySource } from '../lib/mcp/history-source.ts';
import { createAiosMcpServer } from '../lib/mcp/mcp-server.ts';
import { createServedDocument } from '../lib/serve/served-document.ts';
import { defineCommand } from '../lib/support/flags.ts';
import { log } from '../lib/support/log.ts';
import { onStopSignal } from '../lib/support/stop-signals.ts';
import { DOCUMENT_FLAGS, documentOptions } from './shared/document.ts';

/** Resolve with what ended the session: the client closing stdin, or a signal. */
function untilClosed(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string) => {
      stdin.off('end', onEnd);
      release();
      resolve(why);
    };
    const onEnd = () => done('stdin closed');
    const release = onStopSignal(done);
    stdin.on('end', onEnd);
  });
}

export const command = defineCommand({
  name: 'mcp',
  summary:
    'Serve the usage tools to an agent over MCP (stdio): get_usage_limits, get_usage_summary, get_usage_history. ' +
    'Add it to Claude Code with: claude mcp add --scope user aios -- <aios>/node_modules/.bin/bun <aios>/scripts/aios.ts mcp',
  flags: { ...DOCUMENT_FLAGS },
  async run(flags) {
    const options = documentOptions(flags, { env: process.env, home: homedir() });
    // A zone named wrong (--timezone, TZ) is a configuration error now, not a failed tool call later.
    try {
      resolveTimezone(options.timezone, options.env);
    } catch (error) {
      if (!(error instanceof AggregateConfigError)) throw error;
      log.error(error.message);
      return 2;
    }
    // The dashboard's cache: validated against the contract, reused for 60 s, one build at a time.
    const document = createServedDocument({
      // An agent's question shows the alerts already fired and never fires one itself.
      compute: () => buildUsageData({ ...options, alerts: { mode: 'read' } }),
      now: () => new Date(),
      debug: (line) => log.debug(line),
    });
    const server = createAiosMcpServer({
      document: () => document.get(),
      history: usageHistorySource(options.env, options.home),
      version: packageJson.version,
      log: (line) => log.warn(line),
    });
    const closed = untilClosed(process.stdin);
    await server.connect(new StdioServerTransport());
    log.info('MCP server on stdio (get_usage_limits, get_usage_summary, get_usage_history)');
    const why = await closed;
    await server.close();
    log.info(`stopped (${why})`);
    return 0;
  },
});
