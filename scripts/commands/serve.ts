// `aios serve` (and `npm start`): build the dashboard if needed, compute the first document, then
// serve both (and /metrics) on 127.0.0.1 until SIGINT/SIGTERM; optionally /metrics to other machines.
import { homedir, hostname } from 'node:os';
import path from 'node:path';
import type { UsageData } from '../../src/contract/usage-data.ts';
import { buildUsageData } from '../lib/assemble/build-document.ts';
import { alertAnnouncer } from '../lib/alerts/announce.ts';
import { desktopNotifier } from '../lib/alerts/desktop-notify.ts';
import { readBearerTokenFile } from '../lib/metrics/bearer-token.ts';
import { parseListenAddress } from '../lib/metrics/listen-address.ts';
import { defineCommand, UsageError, wholeNumberIn } from '../lib/support/flags.ts';
import { log } from '../lib/support/log.ts';
import { redact, redactError } from '../lib/support/redaction.ts';
import { untilStopSignal } from '../lib/support/stop-signals.ts';
import { MetricsListenError } from '../lib/serve/metrics-listener.ts';
import { startAiosServer, type AiosServer, type AiosServerOptions } from '../lib/serve/server.ts';
import { ensureUiBuilt } from '../lib/serve/page-build.ts';
import { DOCUMENT_MAX_AGE_MS } from '../lib/serve/served-document.ts';
import { DOCUMENT_FLAGS, documentOptions, settleDocument } from './shared/document.ts';

/**
 * 2467 spells AIOS on a phone keypad. No common observability tool listens there (4317/4318 are
 * OTLP, 9090 Prometheus, 3000 Grafana, 9464 and 8888 OpenTelemetry's Prometheus endpoints...).
 */
export const DEFAULT_PORT = 2467;
const PROJECT_ROOT = path.resolve(import.meta.dir, '..', '..');

/** A port number from the flag; 0 asks the system for a free one (the URL printed says which). */
export function parsePort(value: string | boolean | undefined): number | null {
  if (value === undefined) return DEFAULT_PORT;
  return typeof value === 'string' ? wholeNumberIn(value, 0, 65535) : null;
}

/** A `machine` label: what a user would type, no spaces or control characters, at most 64. */
const MACHINE_RE = /^[^\s\p{C}]{1,64}$/u;

/** The --machine value, or the hostname; null when the flag is not a usable label. */
export function parseMachine(value: string | undefined, fallback: () => string = hostname): string | null {
  if (value === undefined) return fallback().slice(0, 64) || 'unknown';
  return MACHINE_RE.test(value) ? value : null;
}

type MetricsFlags = { 'metrics-listen'?: string; 'metrics-token-file'?: string };

/**
 * The remote metrics listener the flags ask for: null without --metrics-listen; a UsageError when
 * the address or the token file is not right (the token file is read now, before anything listens).
 */
export function metricsListenOption(flags: MetricsFlags): NonNullable<AiosServerOptions['metricsListen']> | null {
  const listen = flags['metrics-listen'];
  const tokenFile = flags['metrics-token-file'];
  if (listen === undefined) {
    if (tokenFile !== undefined) throw new UsageError('--metrics-token-file is only used with --metrics-listen');
    return null;
  }
  const address = parseListenAddress(listen);
  if (!address) throw new UsageError(`--metrics-listen must be ADDR:PORT (e.g. 0.0.0.0:2468), got '${listen}'`);
  if (tokenFile === undefined) {
    throw new UsageError('--metrics-listen needs --metrics-token-file FILE: the bearer token every scrape must send');
  }
  const token = readBearerTokenFile(tokenFile);
  if (!token.ok) throw new UsageError(token.message);
  return { ...address, token: token.token };
}

/** Why a listener could not start, in the words of the flag that chose its address. */
function listenFailure(error: unknown, port: number, metricsListen: string | undefined): string {
  if (error instanceof MetricsListenError) {
    if (error.code === 'EADDRINUSE') return `--metrics-listen ${metricsListen}: the port is already in use`;
    if (error.code === 'EADDRNOTAVAIL') return `--metrics-listen ${metricsListen}: not an address of this machine`;
    return `--metrics-listen ${metricsListen}: could not listen (${error.message})`;
  }
  if ((error as { code?: string }).code === 'EADDRINUSE')
    return `port ${port} is already in use; choose another with --port N`;
  return `could not listen: ${redactError(error)}`;
}

export const command = defineCommand({
  name: 'serve',
  summary:
    `Serve the dashboard on http://127.0.0.1:PORT/ (loopback only, default port ${DEFAULT_PORT}), with ` +
    'Prometheus metrics at /metrics. Builds the page on first start, recomputes the usage document when it ' +
    'is older than 60 s, and shows demo data when no Claude Code logs exist. --metrics-listen also serves ' +
    '/metrics, and nothing else, to other machines that send the bearer token. An alert (AIOS_ALERT_AT, ' +
    'default 80,95 % of the 5-hour window or the week) is one log line, a banner on the page, and with ' +
    '--notify a desktop notification.',
  flags: {
    port: {
      type: 'string',
      placeholder: 'N',
      description: `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`,
    },
    machine: {
      type: 'string',
      placeholder: 'NAME',
      description: 'the machine label on every metric, so several machines sum cleanly (default: the hostname)',
    },
    'metrics-listen': {
      type: 'string',
      placeholder: 'ADDR:PORT',
      description: 'also serve /metrics (only) on this address for scrapes from other machines, e.g. 0.0.0.0:2468',
    },
    'metrics-token-file': {
      type: 'string',
      placeholder: 'FILE',
      description: 'the bearer token those scrapes must send (required with --metrics-listen; chmod 600)',
    },
    notify: {
      type: 'boolean',
      description:
        'also show each alert as a desktop notification (notify-send on Linux, osascript on macOS), and ' +
        'recompute every minute on its own so alerts come with no page open',
    },
    ...DOCUMENT_FLAGS,
  },
  async run(flags) {
    const port = parsePort(flags.port);
    if (port === null) {
      log.error(`--port must be a whole number from 0 to 65535, got '${String(flags.port)}'`);
      return 2;
    }
    const machine = parseMachine(flags.machine);
    if (machine === null) {
      log.error(`--machine must be 1 to 64 characters without spaces, got '${String(flags.machine)}'`);
      return 2;
    }
    // Read before any work starts: a wrong token file is a usage error, not a half-started server.
    const metricsListen = metricsListenOption(flags);
    const documentFlags = documentOptions(flags, { env: process.env, home: homedir() });
    // Each alert is one log line as it fires (and a desktop notification with --notify).
    const options = {
      ...documentFlags,
      alerts: {
        onFired: alertAnnouncer({
          log: (line) => log.warn(line),
          notify: flags.notify ? desktopNotifier() : undefined,
        }),
      },
    };
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
        keepFreshMs: flags.notify ? DOCUMENT_MAX_AGE_MS : undefined,
        machine,
        metricsListen: metricsListen ?? undefined,
      });
    } catch (error) {
      log.error(listenFailure(error, port, flags['metrics-listen']));
      return 1;
    }
    // The metrics line first: whoever waits for the dashboard's line has both.
    if (server.metricsUrl) process.stdout.write(redact(`aios metrics: ${server.metricsUrl} (bearer token required)\n`));
    process.stdout.write(redact(`aios dashboard: ${server.url}\n`));
    log.info('press Ctrl+C to stop');
    const signal = await untilStopSignal();
    await server.stop();
    log.info(`stopped (${signal})`);
    return 0;
  },
});
