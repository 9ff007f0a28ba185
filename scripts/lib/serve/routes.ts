// What the dashboard server answers, as Bun.serve routes: the document API, 404 for the rest of
// /api/, /metrics, the built page for everything else; the guard runs before each, a wrong method is 405.
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { METRICS_PATH, type UsageMetrics } from '../metrics/usage-metrics.ts';
import { redactError } from '../support/redaction.ts';
import type { DocumentCache } from './document-cache.ts';
import { checkRequest, isWellFormedHost } from './guard.ts';
import { metricsResponse } from './metrics-route.ts';
import {
  badRequest,
  documentResponse,
  forbidden,
  internalError,
  notAllowed,
  notFound,
  pageResponse,
} from './responses.ts';

type Handler = (request: Request) => Promise<Response>;

/**
 * A path's handlers by method; `*` answers any method. Bun's own per-method route objects are not
 * used: a method they do not list falls through to `fetch` (the page) instead of answering 405.
 */
export type MethodTable = Readonly<Record<string, Handler>>;

/** What Bun calls for a route and for the fallback. */
export type BunHandler = (request: Request, server: { readonly port: number | undefined }) => Promise<Response>;

export interface RouteContext {
  document: DocumentCache<UsageData>;
  /** The document as Prometheus metrics, for /metrics. */
  metrics: UsageMetrics;
  now: () => Date;
  /** Folder holding the built page (index.html + assets). */
  distDir: string;
  /** The port the server was asked for, when Bun cannot say which it got. */
  port: number;
  log: (level: 'error' | 'warn', line: string) => void;
}

/** The API by exact path; Bun matches these before the `/api/*` wildcard. */
export function apiRoutes(ctx: RouteContext): Record<string, MethodTable> {
  const logError = (line: string) => ctx.log('error', line);
  const current: Handler = () => documentResponse(() => ctx.document.get(), logError);
  return {
    '/api/aggregate': { GET: current, HEAD: current },
    '/api/refresh': { POST: () => documentResponse(() => ctx.document.refresh(), logError) },
    '/api/*': { '*': async () => notFound() },
  };
}

/** The document as Prometheus metrics, from the same cache as the API. */
export function metricsRoutes(ctx: RouteContext): Record<string, MethodTable> {
  const metrics: Handler = () => metricsResponse(ctx);
  return { [METRICS_PATH]: { GET: metrics, HEAD: metrics } };
}

/** Everything the API routes do not match: a file of the built page. */
export function pageRoute(ctx: RouteContext): MethodTable {
  const page: Handler = (request) => pageResponse(ctx.distDir, new URL(request.url).pathname);
  return { GET: page, HEAD: page };
}

/** The handler `methods` has for the request's method, else 405 naming the ones it has. */
export function dispatch(methods: MethodTable, request: Request): Promise<Response> {
  const method = Object.hasOwn(methods, request.method) ? request.method : '*';
  const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
  return handler ? handler(request) : Promise.resolve(notAllowed(Object.keys(methods)));
}

/** The request's path, or null when its URL cannot be read (Bun builds it from the Host header). */
function pathnameOf(request: Request): string | null {
  try {
    return new URL(request.url).pathname;
  } catch {
    return null;
  }
}

/**
 * `methods` behind the guard: a Host header that is not a host at all is 400, quietly; a request
 * from a foreign Host or Origin (or a cross-site API call) is 403 before any handler runs; an error
 * thrown by a handler is a 500 with nothing of it shown.
 */
export function guarded(methods: MethodTable, ctx: RouteContext): BunHandler {
  return async (request, server) => {
    try {
      // Before the URL is touched: Bun builds it from the Host header, and a malformed one throws.
      if (!isWellFormedHost(request.headers.get('host'))) return badRequest();
      const pathname = pathnameOf(request);
      if (pathname === null) return badRequest();
      // /metrics may trigger a recomputation like the API: held to the same cross-site rule.
      const api = pathname.startsWith('/api/') || pathname === METRICS_PATH;
      const verdict = checkRequest(request.headers, server.port ?? ctx.port, { api });
      if (!verdict.ok) {
        ctx.log('warn', `refused ${request.method} (${verdict.reason})`);
        return forbidden();
      }
      return await dispatch(methods, request);
    } catch (error) {
      ctx.log('error', `request failed: ${redactError(error)}`);
      return internalError();
    }
  };
}

/** The server's routes and fallback, each behind the guard: what `Bun.serve` is given. */
export function aiosRoutes(ctx: RouteContext): { routes: Record<string, BunHandler>; fetch: BunHandler } {
  const routes: Record<string, BunHandler> = {};
  const tables = { ...apiRoutes(ctx), ...metricsRoutes(ctx) };
  for (const [path, methods] of Object.entries(tables)) routes[path] = guarded(methods, ctx);
  return { routes, fetch: guarded(pageRoute(ctx), ctx) };
}
