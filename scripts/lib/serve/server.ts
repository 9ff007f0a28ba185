// The local dashboard server: the built page from dist/, the usage document as JSON and as metrics,
// on 127.0.0.1 only, refusing foreign Host/Origin, with every body and log line redacted; and the
// opt-in metrics listener for scrapes from elsewhere, sharing its document.
import { hostname as systemHostname } from 'node:os';
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { createUsageMetrics } from '../metrics/usage-metrics.ts';
import { redact, redactError } from '../support/redaction.ts';
import { startMetricsListener, type MetricsListener } from './metrics-listener.ts';
import type { ComputeRequest } from './document-cache.ts';
import { aiosRoutes } from './routes.ts';
import { createServedDocument } from './served-document.ts';

/** The only address aios listens on: the dashboard shows private usage data. */
export const LOOPBACK_HOSTNAME = '127.0.0.1';

export type ServerLogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface AiosServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Must be loopback; only 127.0.0.1 is accepted today. */
  hostname?: typeof LOOPBACK_HOSTNAME;
  /**
   * Produces the contract document; serve.ts wires `buildUsageData`, tests inject their own.
   * `explicit` is true when POST /api/refresh (the user's Refresh button) asked for it.
   */
  compute: (request: ComputeRequest) => Promise<UsageData>;
  /** Folder holding the built page (index.html + assets). */
  distDir: string;
  now?: () => Date;
  /** Receives every log line, already redacted. */
  log?: (level: ServerLogLevel, line: string) => void;
  /** The `machine` label of every metric (default: the hostname). */
  machine?: string;
  /** Also serve /metrics, and only that, on this address to holders of `token` (`--metrics-listen`). */
  metricsListen?: { hostname: string; port: number; token: string };
  /**
   * Keep the document fresh without being asked: look every this many ms and recompute it once it is
   * older than DOCUMENT_MAX_AGE_MS, so its alerts fire with no page open (`--notify` uses 60 s).
   */
  keepFreshMs?: number;
}

export interface AiosServer {
  /** e.g. "http://127.0.0.1:2467/" */
  url: string;
  port: number;
  hostname: string;
  /** The metrics listener's URL ("http://0.0.0.0:2468/metrics"), or null without --metrics-listen. */
  metricsUrl: string | null;
  /** Requests being answered right now (tests wait on it instead of sleeping). */
  readonly pendingRequests: number;
  /** Stop listening (both listeners) and close open connections. */
  stop(): Promise<void>;
}

/**
 * Start the dashboard server, and the metrics listener when asked for. Throws when either cannot
 * listen (a MetricsListenError for the second), leaving neither running.
 *
 * @example const server = startAiosServer({ port: 2467, compute: () => buildUsageData(opts), distDir });
 */
export function startAiosServer(opts: AiosServerOptions): AiosServer {
  const hostname = opts.hostname ?? LOOPBACK_HOSTNAME;
  if (hostname !== LOOPBACK_HOSTNAME) throw new Error(`refusing to listen on ${hostname}: loopback only`);
  const emit = (level: ServerLogLevel, line: string) => opts.log?.(level, redact(line));
  const now = opts.now ?? (() => new Date());
  const document = createServedDocument({
    compute: opts.compute,
    now,
    debug: (line) => emit('debug', line),
  });
  // One registry per server: two servers in one process (tests) never mix their series.
  const metrics = createUsageMetrics({ machine: opts.machine ?? systemHostname() });
  const context = { document, metrics, now, log: emit };
  const { routes, fetch } = aiosRoutes({ ...context, distDir: opts.distDir, port: opts.port });
  const server = Bun.serve({ hostname, port: opts.port, routes, fetch });
  let listener: MetricsListener | null = null;
  if (opts.metricsListen) {
    try {
      listener = startMetricsListener({ ...context, ...opts.metricsListen });
    } catch (error) {
      server.stop(true);
      throw error;
    }
  }
  const port = server.port ?? opts.port;
  // A failure is the next page's or tick's to retry; the served document says why.
  const fresh =
    opts.keepFreshMs === undefined
      ? null
      : setInterval(
          () => document.get().catch((error) => emit('debug', `background recompute: ${redactError(error)}`)),
          opts.keepFreshMs,
        );
  return {
    url: `http://${hostname}:${port}/`,
    port,
    hostname: server.hostname ?? hostname,
    metricsUrl: listener?.url ?? null,
    get pendingRequests() {
      return server.pendingRequests;
    },
    async stop() {
      if (fresh) clearInterval(fresh);
      await Promise.all([server.stop(true), listener?.stop()]);
    },
  };
}
