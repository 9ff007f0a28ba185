// The local dashboard server: the built page from dist/ and the usage document as JSON, on
// 127.0.0.1 only, refusing foreign Host/Origin, with every body and log line redacted.
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { redact } from '../support/redaction.ts';
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
}

export interface AiosServer {
  /** e.g. "http://127.0.0.1:4317/" */
  url: string;
  port: number;
  hostname: string;
  /** Requests being answered right now (tests wait on it instead of sleeping). */
  readonly pendingRequests: number;
  /** Stop listening and close open connections. */
  stop(): Promise<void>;
}

/**
 * Start the dashboard server.
 *
 * @example const server = startAiosServer({ port: 4317, compute: () => buildUsageData(opts), distDir });
 */
export function startAiosServer(opts: AiosServerOptions): AiosServer {
  const hostname = opts.hostname ?? LOOPBACK_HOSTNAME;
  if (hostname !== LOOPBACK_HOSTNAME) throw new Error(`refusing to listen on ${hostname}: loopback only`);
  const emit = (level: ServerLogLevel, line: string) => opts.log?.(level, redact(line));
  const document = createServedDocument({
    compute: opts.compute,
    now: opts.now ?? (() => new Date()),
    debug: (line) => emit('debug', line),
  });
  const { routes, fetch } = aiosRoutes({ document, distDir: opts.distDir, port: opts.port, log: emit });
  const server = Bun.serve({ hostname, port: opts.port, routes, fetch });
  const port = server.port ?? opts.port;
  return {
    url: `http://${hostname}:${port}/`,
    port,
    hostname: server.hostname ?? hostname,
    get pendingRequests() {
      return server.pendingRequests;
    },
    stop: () => server.stop(true),
  };
}
