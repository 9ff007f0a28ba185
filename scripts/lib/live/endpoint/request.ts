// One GET to the usage endpoint under a single deadline (connect + headers + whole body), no
// redirects, body capped at 1 MB. Returns a classified outcome, never an exception or raw error.
import { readCapped } from '../../support/read-capped.ts';

export const DEFAULT_USAGE_URL = 'https://api.anthropic.com/api/oauth/usage';
export const DEFAULT_USAGE_TIMEOUT_MS = 6000;
export const MAX_BODY_BYTES = 1 << 20;

export type RequestOutcome =
  | { kind: 'ok'; body: unknown }
  | { kind: 'status'; status: number; retryAfter: string | null }
  | { kind: 'timeout' }
  | { kind: 'network' }
  | { kind: 'too-large' }
  | { kind: 'invalid-json' };

export interface UsageRequest {
  url: string;
  token: string;
  /** Claude Code's version for the User-Agent, when known. */
  version: string | null;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * Which endpoint to ask. `AIOS_CLAUDE_USAGE_URL` is honoured only for https: or for http: to a
 * loopback host; anything else is ignored (with a warning for the caller to log), so the token
 * never goes there.
 */
export function resolveUsageUrl(
  env: Record<string, string | undefined>,
  fallback = DEFAULT_USAGE_URL,
): { url: string; warning: string | null } {
  const raw = env.AIOS_CLAUDE_USAGE_URL;
  if (raw === undefined || raw.trim() === '') return { url: fallback, warning: null };
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return { url: fallback, warning: 'AIOS_CLAUDE_USAGE_URL is not a valid URL; ignoring it' };
  }
  if (parsed.username !== '' || parsed.password !== '')
    return { url: fallback, warning: 'AIOS_CLAUDE_USAGE_URL must not carry credentials; ignoring it' };
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackUrlHostname(parsed.hostname)))
    return { url: parsed.href, warning: null };
  return {
    url: fallback,
    warning: `AIOS_CLAUDE_USAGE_URL (${parsed.protocol}//${parsed.host}) is not https: or a loopback http: address; ignoring it`,
  };
}

/**
 * Whether a URL's `hostname` (as `new URL(...).hostname` gives it, IPv6 in brackets) names this machine:
 * 127.0.0.0/8, ::1 or localhost. Only such an http: endpoint may receive the token unencrypted.
 */
export function isLoopbackUrlHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((n) => Number(n) <= 255);
}

/** Retry-After in seconds (delta or HTTP date); null when absent, zero, negative or odd. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  let seconds: number;
  if (/^\d{1,10}$/.test(text)) seconds = Number(text);
  else {
    const at = Date.parse(text);
    if (!Number.isFinite(at)) return null;
    seconds = Math.ceil((at - nowMs) / 1000);
  }
  return seconds > 0 ? seconds : null;
}

/**
 * GET the usage endpoint once. Never throws; the outcome says what happened.
 * The timer and the connection are released in `finally`, whatever the outcome.
 */
export async function requestUsage(req: UsageRequest): Promise<RequestOutcome> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
      reject(new Error('deadline'));
    }, req.timeoutMs);
  });
  deadline.catch(() => undefined);
  const headers: Record<string, string> = {
    Authorization: `Bearer ${req.token}`,
    // Required: without it the endpoint rejects OAuth tokens (shared doc §4).
    'anthropic-beta': 'oauth-2025-04-20',
    Accept: 'application/json',
  };
  if (req.version !== null) headers['User-Agent'] = `claude-code/${req.version}`;
  try {
    const res = await Promise.race([
      (req.fetch ?? fetch)(req.url, { method: 'GET', headers, redirect: 'manual', signal: controller.signal }),
      deadline,
    ]);
    if (res.status !== 200) {
      res.body?.cancel().catch(() => undefined);
      return { kind: 'status', status: res.status, retryAfter: res.headers.get('retry-after') };
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return { kind: 'too-large' };
    // Racing the deadline too: a trickled body must not outlive it even if abort is slow to land.
    const bytes = res.body ? await readCapped(res.body, MAX_BODY_BYTES, deadline) : new Uint8Array(0);
    if (bytes === null) return { kind: 'too-large' };
    try {
      return { kind: 'ok', body: JSON.parse(Buffer.from(bytes).toString('utf8')) };
    } catch {
      return { kind: 'invalid-json' };
    }
  } catch {
    return timedOut ? { kind: 'timeout' } : { kind: 'network' };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
