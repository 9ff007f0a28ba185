// The page's only door to the server: GET /api/aggregate and POST /api/refresh, each answer parsed
// and checked by the contract's validator, so components only ever see validated data.
import { validateUsageData, type UsageData } from '../contract/usage-data.ts';

export type UsageLoadErrorKind = 'network' | 'http' | 'parse' | 'invalid';

/** Why a document could not be loaded, with what the error state needs to explain it. */
export class UsageLoadError extends Error {
  constructor(
    readonly kind: UsageLoadErrorKind,
    message: string,
    /** HTTP status for kind "http". */
    readonly status: number | null = null,
    /** The validator's messages ("$.daily[3].date: ...") for kind "invalid". */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'UsageLoadError';
  }
}

/**
 * Parse and validate a response body. Throws UsageLoadError("parse") for non-JSON and
 * UsageLoadError("invalid") with the validator's errors for a document that breaks the contract.
 */
export function parseUsageDocument(text: string): UsageData {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageLoadError('parse', 'the server sent something that is not JSON');
  }
  const result = validateUsageData(value);
  if (!result.ok) {
    throw new UsageLoadError('invalid', 'the usage document does not match the expected format', null, result.errors);
  }
  return result.value;
}

export interface UsageApiOptions {
  /** Origin to prefix paths with; "" (default) means the page's own origin. */
  baseUrl?: string;
  /** Injected for tests (a real fetch against a loopback server); default globalThis.fetch. */
  fetch?: typeof fetch;
  /** Give up on a request after this long, so the Refresh button never spins forever. */
  timeoutMs?: number;
}

/** A refresh rescans the logs; on a cold multi-GB history that can take a while. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** What the app needs from the server; tests pass their own to drive refresh failures. */
export interface UsageApi {
  /** The current document (the server recomputes it when older than 60 s). */
  load(signal?: AbortSignal): Promise<UsageData>;
  /** Recompute now and return the new document. */
  refresh(signal?: AbortSignal): Promise<UsageData>;
}

/** The server's `{"error": "..."}` body, if that is what it sent (bounded: it goes on screen). */
function errorBodyMessage(text: string): string | null {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null) {
      const message = (body as Record<string, unknown>).error ?? (body as Record<string, unknown>).message;
      if (typeof message === 'string' && message) return message.slice(0, 200);
    }
  } catch {
    // Not JSON: the status alone says enough.
  }
  return null;
}

async function request(path: string, method: 'GET' | 'POST', opts: UsageApiOptions, signal?: AbortSignal) {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(`${opts.baseUrl ?? ''}${path}`, {
      method,
      headers: { Accept: 'application/json' },
      signal: combined,
    });
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timeout.aborted) {
      const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
      throw new UsageLoadError('network', `the aios server did not answer within ${limit}`);
    }
    throw new UsageLoadError('network', 'the aios server could not be reached');
  }
  if (!response.ok) {
    const reason = errorBodyMessage(text);
    const status = `the aios server answered ${response.status}${reason ? `: ${reason}` : ''}`;
    throw new UsageLoadError('http', status, response.status);
  }
  return parseUsageDocument(text);
}

/** The GET/POST pair against an aios server (the page's own origin by default). */
export function createUsageApi(opts: UsageApiOptions = {}): UsageApi {
  return {
    load: (signal) => request('/api/aggregate', 'GET', opts, signal),
    refresh: (signal) => request('/api/refresh', 'POST', opts, signal),
  };
}

/** A one-line description of any load failure, for the error and stale notices. */
export function describeLoadError(error: unknown): string {
  if (error instanceof UsageLoadError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'an unknown error';
}
