// Authoritative Claude usage: the numbers Claude Code's `/usage` shows, read with the user's own
// credential, read-only (never refreshed). Any failure is a classified FallbackReason, never a throw.
import type { ClaudeAuthoritativeUsage, FallbackReason } from '../../../../src/contract/usage-data.ts';
import {
  readCredentialSources,
  type ClaudeCredential,
  type CredentialRead,
  type CredentialReadOptions,
} from '../credential/credentials.ts';
import { normalizeUsagePayload } from './payload.ts';
import { DEFAULT_USAGE_TIMEOUT_MS, parseRetryAfter, requestUsage, resolveUsageUrl } from './request.ts';
import { detectClaudeCodeVersion } from './claude-version.ts';
import { log } from '../../support/log.ts';
import { clockTime, COOLDOWN_TEXT, credentialReason, reason } from './reasons.ts';
import { getTokenState, setAnswer, setCooldown, tokenKey, type CooldownCause } from './cooldown.ts';

export type { ClaudeAuthoritativeUsage } from '../../../../src/contract/usage-data.ts';
export type { ClaudeCredential } from '../credential/credentials.ts';
export { detectClaudeCodeVersion } from './claude-version.ts';

export interface ClaudeOAuthOptions extends CredentialReadOptions {
  now?: () => Date;
  /** AIOS_CACHE_DIR; null keeps cooldowns and the 60 s answer in memory only. */
  cacheDir: string | null;
  /** One deadline over connect, headers and body; default 6000 ms. */
  timeoutMs?: number;
  /** The endpoint when AIOS_CLAUDE_USAGE_URL is unset or rejected; default Anthropic's. */
  endpointUrl?: string;
  fetch?: typeof fetch;
  /** Known version (skips `claude --version`); undefined = detect, null = send no User-Agent. */
  claudeVersion?: string | null | Promise<string | null>;
  /** How long the request waits for an uncached version before going without a User-Agent; default 500 ms. */
  versionWaitMs?: number;
  /** A credential read already in flight (shared with detectSubscription so the Keychain is asked once). */
  credentialRead?: Promise<CredentialRead>;
}

/** Receives the classified reason when a function returns null. */
export interface ReasonOut {
  reason: FallbackReason | null;
}

/** After 429/403 with no usable Retry-After (it is often 0), wait 5 minutes (shared doc §4). */
const DEFAULT_COOLDOWN_S = 300;
const MAX_COOLDOWN_S = 3600;
const UNAUTHORIZED_COOLDOWN_S = 3600;
/**
 * `claude --version` answers well under a second and is then cached across runs, but a first, slow
 * one (up to its 2 s limit) must not hold the request back: with a stalled endpoint the whole read
 * has to end within the 6 s deadline plus 0.5 s. Past this wait the request goes without a User-Agent.
 */
const VERSION_WAIT_MS = 500;
const warnedUrls = new Set<string>();

/** `value`, or null when it has not settled within `ms`. The timer is always released. */
async function within<T>(value: T | Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([value, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function detectVersion(opts: ClaudeOAuthOptions): Promise<string | null> {
  return detectClaudeCodeVersion({ env: opts.env, spawn: opts.spawn, cacheDir: opts.cacheDir });
}

/**
 * Claude Code's credential: `.credentials.json` in the config dir(s), then on macOS the Keychain.
 * Tokens are registered for redaction as they are read. Never throws; null with `out.reason` set.
 */
export async function readClaudeCredential(
  opts: ClaudeOAuthOptions,
  out?: ReasonOut,
): Promise<ClaudeCredential | null> {
  let read: CredentialRead;
  try {
    read = await (opts.credentialRead ?? readCredentialSources(opts, (opts.now?.() ?? new Date()).getTime()));
  } catch {
    read = { ok: false, failure: 'unreadable', origin: null };
  }
  if (out) out.reason = read.ok ? null : credentialReason(read);
  return read.ok ? read.credential : null;
}

/**
 * Ask the usage endpoint with `credential`. Skips the request (null + reason) when the token is
 * expired, lacks the scope, or is cooling down; reuses a good answer for 60 s. Never refreshes,
 * never throws.
 */
export async function fetchClaudeOAuthUsage(
  credential: ClaudeCredential,
  opts: ClaudeOAuthOptions,
  out?: ReasonOut,
): Promise<ClaudeAuthoritativeUsage | null> {
  const fail = (r: FallbackReason) => {
    if (out) out.reason = r;
    log.debug(`Claude usage endpoint: ${r.message}`);
    return null;
  };
  try {
    const now = () => (opts.now?.() ?? new Date()).getTime();
    const start = now();
    // Refresh tokens are single-use: refreshing would log Claude Code out. Wait for it instead (shared doc §4).
    if (credential.expiresAt !== null && credential.expiresAt <= start)
      return fail(reason('expired', 'token expired; waiting for Claude Code to refresh it'));
    // `claude setup-token` tokens carry only user:inference; the endpoint answers them 403 (shared doc §4).
    if (credential.scopes !== null && !credential.scopes.includes('user:profile'))
      return fail(reason('forbidden', 'the Claude Code token lacks the user:profile scope needed to read usage'));
    const key = tokenKey(credential.accessToken);
    const state = getTokenState(opts.cacheDir, key, start);
    if (state?.answer && state.answeredAt !== null) {
      if (out) out.reason = null;
      return state.answer;
    }
    if (state?.cooldownUntil && state.cooldownCause)
      return fail(
        reason(
          'cooldown',
          COOLDOWN_TEXT[state.cooldownCause](clockTime(state.cooldownUntil, start)),
          state.cooldownUntil,
        ),
      );

    const { url, warning } = resolveUsageUrl(opts.env, opts.endpointUrl);
    if (warning && !warnedUrls.has(warning)) {
      warnedUrls.add(warning);
      log.warn(warning);
    }
    const version = await within(
      opts.claudeVersion !== undefined ? opts.claudeVersion : detectVersion(opts),
      opts.versionWaitMs ?? VERSION_WAIT_MS,
    );
    const timeoutMs = opts.timeoutMs ?? DEFAULT_USAGE_TIMEOUT_MS;
    const res = await requestUsage({ url, token: credential.accessToken, version, timeoutMs, fetch: opts.fetch });
    const at = now();
    switch (res.kind) {
      case 'ok': {
        const payload = normalizeUsagePayload(res.body, new Date(at));
        if (!payload.ok) return fail(reason('bad-payload', `usage endpoint answer unusable: ${payload.problem}`));
        setAnswer(opts.cacheDir, key, payload.usage, at);
        if (out) out.reason = null;
        return payload.usage;
      }
      case 'timeout':
        return fail(reason('timeout', `usage endpoint did not answer within ${Math.round(timeoutMs / 100) / 10} s`));
      case 'network':
        return fail(reason('network', 'could not reach the usage endpoint'));
      case 'too-large':
        return fail(reason('bad-payload', 'usage endpoint answer was over 1 MB'));
      case 'invalid-json':
        return fail(reason('bad-payload', 'usage endpoint answer was not valid JSON'));
      case 'status': {
        const cause: CooldownCause | null =
          res.status === 401
            ? 'unauthorized'
            : res.status === 403
              ? 'forbidden'
              : res.status === 429
                ? 'rate-limited'
                : null;
        if (cause === null) {
          const what = res.status >= 300 && res.status < 400 ? ' (a redirect, not followed)' : '';
          return fail(reason('http-error', `usage endpoint answered HTTP ${res.status}${what}`));
        }
        const retryAfter = parseRetryAfter(res.retryAfter, at);
        const seconds =
          cause === 'unauthorized'
            ? UNAUTHORIZED_COOLDOWN_S
            : Math.min(retryAfter ?? DEFAULT_COOLDOWN_S, MAX_COOLDOWN_S);
        const until = at + seconds * 1000;
        setCooldown(opts.cacheDir, key, cause, until, at);
        return fail(reason(cause, COOLDOWN_TEXT[cause](clockTime(until, at)), until));
      }
    }
  } catch {
    return fail(reason('network', 'the usage request failed unexpectedly'));
  }
}

/**
 * What the aggregate assembler calls, concurrently with the log scan: credential, then endpoint.
 * Never throws.
 *
 * @example const r = await getClaudeAuthoritativeUsage({ env: process.env, home, isMacOS: IS_MACOS, cacheDir });
 */
export async function getClaudeAuthoritativeUsage(
  opts: ClaudeOAuthOptions,
): Promise<{ ok: true; usage: ClaudeAuthoritativeUsage } | { ok: false; reason: FallbackReason }> {
  const out: ReasonOut = { reason: null };
  // Started beside the credential read (the Keychain may take a moment); cached across runs.
  const claudeVersion = opts.claudeVersion !== undefined ? opts.claudeVersion : detectVersion(opts);
  const credential = await readClaudeCredential(opts, out);
  if (credential === null)
    return { ok: false, reason: out.reason ?? reason('no-credential', 'no Claude Code credential found') };
  const usage = await fetchClaudeOAuthUsage(credential, { ...opts, claudeVersion }, out);
  if (usage === null) return { ok: false, reason: out.reason ?? reason('network', 'the usage request failed') };
  return { ok: true, usage };
}
