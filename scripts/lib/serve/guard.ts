// Who may talk to the local server: only pages served from this loopback origin. Guards against DNS
// rebinding (a foreign name resolving to 127.0.0.1) and cross-site requests from other tabs.

/** Names a browser on this machine uses to reach a server bound to 127.0.0.1. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

/** A host name or bracketed IPv6 address and an optional port: all a Host header may hold (RFC 9110 §7.2). */
const HOST_SYNTAX = /^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i;

/**
 * True when `host` (a Host header) is shaped like one: no spaces, userinfo, path, query or
 * half-open bracket. A malformed one is a bad request (400), not a foreign host (403): it comes
 * from a broken or probing client, never from a browser, and is refused without a word in the log.
 *
 * @example isWellFormedHost('localhost:4317') // true
 * @example isWellFormedHost('a b') // false
 */
export function isWellFormedHost(host: string | null): boolean {
  return host !== null && HOST_SYNTAX.test(host);
}

/**
 * True when `host` (a Host header) is one of the three names a browser uses for a loopback server
 * (127.0.0.1, localhost, [::1]) with exactly the served port. Not a general loopback test: other
 * loopback addresses (127.0.0.2) are refused too. A rebinding attack arrives with the attacker's
 * name in Host, so anything else is refused.
 *
 * @example isLoopbackHostHeader('localhost:4317', 4317) // true
 * @example isLoopbackHostHeader('evil.example:4317', 4317) // false
 */
export function isLoopbackHostHeader(host: string | null, port: number): boolean {
  if (!host) return false;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!match) return false;
  // Browsers omit the port only when it is the scheme's default.
  const hostPort = match[2] === undefined ? 80 : Number(match[2]);
  return LOOPBACK_NAMES.has(match[1]!.toLowerCase()) && hostPort === port;
}

/** True when `origin` (the Origin header) is this server's own http origin under a loopback name. */
export function isOwnOrigin(origin: string, port: number): boolean {
  // Browsers send the literal "null" for sandboxed frames and file:// pages: never ours.
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || url.pathname !== '/' || url.username || url.password) return false;
  // `origin` must be an origin, not a URL with a path; URL normalises "http://x:1" to pathname "/".
  if (origin.replace(/\/$/, '') !== `${url.protocol}//${url.host}`) return false;
  return isLoopbackHostHeader(url.host, port);
}

/**
 * Decide whether a request may be served. An absent Origin is fine (curl, top-level GET). For the
 * API, a browser's Sec-Fetch-Site must also say the request came from this page (or the user
 * typed it): another site, or another app on a different localhost port ("same-site"), may not
 * even trigger a recomputation.
 */
export function checkRequest(headers: Headers, port: number, opts: { api: boolean } = { api: true }): GuardVerdict {
  if (!isLoopbackHostHeader(headers.get('host'), port)) return { ok: false, reason: 'foreign Host header' };
  const origin = headers.get('origin');
  if (origin !== null && !isOwnOrigin(origin, port)) return { ok: false, reason: 'foreign Origin header' };
  const site = headers.get('sec-fetch-site');
  if (opts.api && site !== null && site !== 'same-origin' && site !== 'none') {
    return { ok: false, reason: `cross-site API request (Sec-Fetch-Site: ${site.slice(0, 20)})` };
  }
  return { ok: true };
}

/** Content-Security-Policy for the dashboard: its own scripts, styles and API, nothing else. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // Vite inlines small images as data: URIs.
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response carries. Deliberately no Access-Control-*: no other origin may read. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
