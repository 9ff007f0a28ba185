// `aios serve` (and `npm start`): build the dashboard if needed, compute the first document, then
// serve both on 127.0.0.1 until SIGINT/SIGTERM.
import { homedir } from 'node:os';
import path from 'node:path';
import type { UsageData } from '../../src/contract/usage-data.ts';
import { buildUsageData } from '../lib/assemble/build-document.ts';
import { defineCommand } from '../lib/support/flags.ts';
import { log } from '../lib/support/log.ts';
import { redact, redactError } from '../lib/support/redaction.ts';
import { startAiosServer, type AiosServer } from '../lib/serve/server.ts';
import { ensureUiBuilt } from '../lib/serve/page-build.ts';
import { DOCUMENT_FLAGS, documentOptions, settleDocument } from './document.ts';

export const DEFAULT_PORT = 4317;
const PROJECT_ROOT = path.resolve(import.meta.dir, '..', '..');

/** A port number from the flag; 0 asks the system for a free one (the URL printed says which). */
export function parsePort(value: string | boolean | undefined): number | null {
  if (value === undefined) return DEFAULT_PORT;
  if (typeof value !== 'string' || !/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65535 ? port : null;
}

/** Resolve once either signal arrives, and stop listening for both. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export const command = defineCommand({
  name: 'serve',
  summary:
    'Serve the dashboard on http://127.0.0.1:PORT/ (loopback only). Builds the page on first start, ' +
    'recomputes the usage document when it is older than 60 s, and shows demo data when no Claude Code logs exist.',
  flags: {
    port: {
      type: 'string',
      placeholder: 'N',
      description: `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`,
    },
    ...DOCUMENT_FLAGS,
  },
  async run(flags) {
    const port = parsePort(flags.port);
    if (port === null) {
      log.error(`--port must be a whole number from 0 to 65535, got '${String(flags.port)}'`);
      return 2;
    }
    const options = documentOptions(flags, { env: process.env, home: homedir() });
    // The first document and the page build run side by side; a configuration error stops here,
    // before anything listens, with the same exit status as `aios aggregate`.
    const first = buildUsageData(options);
    first.catch(() => {}); // handled below, after the build
    const distDir = path.join(PROJECT_ROOT, 'dist');
    const built = await ensureUiBuilt({ root: PROJECT_ROOT, distDir, log: (line) => log.info(line) });
    let primed: Promise<UsageData> | null = first;
    try {
      const settled = await settleDocument(first);
      if (!settled.ok) return settled.exitCode;
    } catch (error) {
      // Anything else is retried on the page's next request rather than ending the server.
      log.error(`could not build the usage document: ${redactError(error)}`);
      primed = null;
    }
    if (!built) {
      log.error('no dashboard to serve: the UI build failed (see above); `npm run build` shows the full output');
      return 1;
    }

    let server: AiosServer;
    try {
      server = startAiosServer({
        port,
        distDir,
        // A refresh (the Refresh button) is the user asking: the usage read may skip a backoff step.
        compute: ({ explicit }) => {
          const doc = primed ?? buildUsageData({ ...options, explicit });
          primed = null;
          return doc;
        },
        log: (level, line) => log[level](line),
      });
    } catch (error) {
      const inUse = (error as { code?: string }).code === 'EADDRINUSE';
      log.error(
        inUse
          ? `port ${port} is already in use; choose another with --port N`
          : `could not listen: ${redactError(error)}`,
      );
      return 1;
    }
    process.stdout.write(redact(`aios dashboard: ${server.url}\n`));
    log.info('press Ctrl+C to stop');
    const signal = await untilSignal();
    await server.stop();
    log.info(`stopped (${signal})`);
    return 0;
  },
});
