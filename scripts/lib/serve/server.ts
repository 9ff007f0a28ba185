// The local dashboard server: the built page from dist/ and the usage document as JSON, on
// 127.0.0.1 only, refusing foreign Host/Origin, with every body and log line redacted.
import { validateUsageData, type UsageData } from '../../../src/contract/usage-data.ts';
import { createDocumentCache } from './document-cache.ts';
import { redact, redactError } from '../support/redaction.ts';
import { checkRequest, securityHeaders } from './guard.ts';
import { contentTypeFor, readRedacted, resolveStaticPath } from './static-files.ts';

/** The server recomputes the document when the cached one is older than this. */
export const DOCUMENT_MAX_AGE_MS = 60_000;
/** The only address aios listens on: the dashboard shows private usage data. */
export const LOOPBACK_HOSTNAME = '127.0.0.1';

export type ServerLogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface AiosServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Must be loopback; only 127.0.0.1 is accepted today. */
  hostname?: typeof LOOPBACK_HOSTNAME;
  /** Produces the contract document; serve.ts wires `buildUsageData`, tests inject their own. */
  compute: () => Promise<UsageData>;
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
  /** Stop listening and close open connections. */
  stop(): Promise<void>;
}

/** An error whose message is safe to show: the document could not be produced. */
class ComputeError extends Error {}

/**
 * Start the dashboard server.
 *
 * @example const server = startAiosServer({ port: 4317, compute: () => buildUsageData(opts), distDir });
 */
export function startAiosServer(opts: AiosServerOptions): AiosServer {
  const hostname = opts.hostname ?? LOOPBACK_HOSTNAME;
  if (hostname !== LOOPBACK_HOSTNAME) throw new Error(`refusing to listen on ${hostname}: loopback only`);
  const now = opts.now ?? (() => new Date());
  const emit = (level: ServerLogLevel, line: string) => opts.log?.(level, redact(line));

  const cache = createDocumentCache({
    maxAgeMs: DOCUMENT_MAX_AGE_MS,
    now,
    compute: async () => {
      const started = performance.now();
      let doc: UsageData;
      try {
        doc = await opts.compute();
      } catch (error) {
        throw new ComputeError(`could not build the usage document: ${redactError(error)}`);
      }
      // The contract is checked at every boundary: a document the page cannot trust is not served.
      const checked = validateUsageData(doc);
      if (!checked.ok)
        throw new ComputeError(`usage document failed validation: ${checked.errors.slice(0, 3).join('; ')}`);
      emit('debug', `usage document computed in ${Math.round(performance.now() - started)} ms`);
      return checked.value;
    },
  });

  async function documentResponse(load: () => Promise<UsageData>): Promise<Response> {
    try {
      const doc = await load();
      return respond(200, redact(JSON.stringify(doc)), 'application/json; charset=utf-8', {
        'Cache-Control': 'no-store',
      });
    } catch (error) {
      const message = error instanceof ComputeError ? error.message : 'internal error';
      emit('error', error instanceof ComputeError ? message : `unexpected: ${redactError(error)}`);
      return respond(500, redact(JSON.stringify({ error: message })), 'application/json; charset=utf-8', {
        'Cache-Control': 'no-store',
      });
    }
  }

  async function handle(request: Request, port: number): Promise<Response> {
    const { pathname } = new URL(request.url);
    const verdict = checkRequest(request.headers, port, { api: pathname.startsWith('/api/') });
    if (!verdict.ok) {
      emit('warn', `refused ${request.method} (${verdict.reason})`);
      return respond(403, 'Forbidden\n', 'text/plain; charset=utf-8');
    }
    const method = request.method;
    if (pathname === '/api/aggregate') {
      if (method !== 'GET' && method !== 'HEAD') return notAllowed('GET, HEAD');
      return documentResponse(() => cache.get());
    }
    if (pathname === '/api/refresh') {
      if (method !== 'POST') return notAllowed('POST');
      return documentResponse(() => cache.refresh());
    }
    if (pathname.startsWith('/api/')) return notFound();
    if (method !== 'GET' && method !== 'HEAD') return notAllowed('GET, HEAD');
    const file = resolveStaticPath(opts.distDir, pathname);
    if (!file) return notFound();
    return respond(200, await readRedacted(file), contentTypeFor(file), { 'Cache-Control': 'no-cache' });
  }

  const server = Bun.serve({
    hostname,
    port: opts.port,
    fetch: async (request, srv) => {
      try {
        return await handle(request, srv.port ?? opts.port);
      } catch (error) {
        emit('error', `request failed: ${redactError(error)}`);
        return respond(500, 'Internal Server Error\n', 'text/plain; charset=utf-8');
      }
    },
  });
  const port = server.port ?? opts.port;
  return {
    url: `http://${hostname}:${port}/`,
    port,
    hostname: server.hostname ?? hostname,
    stop: () => server.stop(true),
  };
}

function respond(
  status: number,
  body: string | Uint8Array<ArrayBuffer>,
  contentType: string,
  extra: Record<string, string> = {},
): Response {
  return new Response(body, { status, headers: { ...securityHeaders(), 'Content-Type': contentType, ...extra } });
}

function notFound(): Response {
  return respond(404, 'Not Found\n', 'text/plain; charset=utf-8');
}

function notAllowed(allow: string): Response {
  return respond(405, 'Method Not Allowed\n', 'text/plain; charset=utf-8', { Allow: allow });
}
