// The opt-in listener for scrapes from another machine (`--metrics-listen`): GET /metrics with the
// bearer token and nothing else; never the page or the API, which stay on the loopback server.
import { bearerCheck } from '../metrics/bearer-token.ts';
import { listenUrl } from '../metrics/listen-address.ts';
import { METRICS_PATH } from '../metrics/usage-metrics.ts';
import { redactError } from '../support/redaction.ts';
import { metricsResponse, type MetricsRouteContext } from './metrics-route.ts';
import { internalError, notAllowed, notFound, respond } from './responses.ts';

export interface MetricsListenerOptions extends MetricsRouteContext {
  hostname: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The bearer token every scrape must present (already registered for redaction). */
  token: string;
}

export interface MetricsListener {
  /** e.g. "http://0.0.0.0:2468/metrics" */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The listener could not bind; `code` is the system's (EADDRINUSE, EADDRNOTAVAIL, ...). */
export class MetricsListenError extends Error {
  override name = 'MetricsListenError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const unauthorized = (): Response =>
  respond(401, 'Unauthorized\n', 'text/plain; charset=utf-8', { 'WWW-Authenticate': 'Bearer realm="aios metrics"' });

/**
 * Listen on `hostname:port` for scrapes. Any other path is 404 and any other method 405, with or
 * without a token; /metrics without the exact token is 401.
 *
 * @example startMetricsListener({ hostname: '0.0.0.0', port: 2468, token, document, metrics, now, log });
 */
export function startMetricsListener(opts: MetricsListenerOptions): MetricsListener {
  const authorized = bearerCheck(opts.token);
  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({
      hostname: opts.hostname,
      port: opts.port,
      async fetch(request, srv) {
        try {
          if (new URL(request.url).pathname !== METRICS_PATH) return notFound();
          if (request.method !== 'GET' && request.method !== 'HEAD') return notAllowed(['GET', 'HEAD']);
          if (!authorized(request.headers.get('authorization'))) {
            opts.log(
              'warn',
              `refused a metrics scrape from ${srv.requestIP(request)?.address ?? 'unknown'}: no valid bearer token`,
            );
            return unauthorized();
          }
          return await metricsResponse(opts);
        } catch (error) {
          opts.log('error', `metrics request failed: ${redactError(error)}`);
          return internalError();
        }
      },
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new MetricsListenError(redactError(error), typeof code === 'string' ? code : undefined);
  }
  const port = server.port ?? opts.port;
  return {
    url: listenUrl(opts.hostname, port, METRICS_PATH),
    port,
    stop: () => server.stop(true),
  };
}
