// Authoritative Claude usage: the numbers Claude Code's `/usage` shows, read with the user's own
// credential, read-only (never refreshed). Any failure is a classified FallbackReason, never a throw.
import type { FallbackReason } from '../../../../src/contract/usage-data.ts';
import {
  readCredentialSources,
  type ClaudeCredential,
  type CredentialRead,
  type CredentialReadOptions,
} from '../credential/credentials.ts';
import { classifyOutcome, type UsageResult } from './outcome.ts';
import { DEFAULT_USAGE_TIMEOUT_MS, requestUsage, resolveUsageUrl, type RequestOutcome } from './request.ts';
import { detectClaudeCodeVersion } from './claude-version.ts';
import { log } from '../../support/log.ts';
import { writableDir } from '../../support/write-guard.ts';
import { clockTime, COOLDOWN_TEXT, credentialReason, reason } from './reasons.ts';
import { backoffMs, getTokenState, recordFailure, setAnswer, setCooldown, tokenKey } from './cooldown.ts';

export type { ClaudeAuthoritativeUsage } from '../../../../src/contract/usage-data.ts';
export type { ClaudeCredential } from '../credential/credentials.ts';
export { detectClaudeCodeVersion } from './claude-version.ts';

export interface ClaudeOAuthOptions extends CredentialReadOptions {
  now?: () => Date;
  /**
   * AIOS_CACHE_DIR; null keeps cooldowns and the 60 s answer in memory only, and so does a dir
   * inside a Claude Code config dir (the write guard refuses it).
   */
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
  /**
   * The user asked for this read (the dashboard's Refresh button): it may skip one step of the
   * backoff after failures, never a cooldown the endpoint asked for. Default false.
   */
  explicit?: boolean;
}

export type CredentialResult = { ok: true; credential: ClaudeCredential } | { ok: false; reason: FallbackReason };
export type { UsageResult } from './outcome.ts';

/**
 * `claude --version` answers well under a second and is then cached across runs, but a first, slow
 * one (up to its 2 s limit) must not hold the request back: with a stalled endpoint the whole read
 * has to end within the 6 s deadline plus 0.5 s. Past this wait the request goes without a User-Agent.
 */
const VERSION_WAIT_MS = 500;
/** `value`, or null when it has not settled within `ms`. The timer is always released. */
async function within<T>(value: T | Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([value, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Where the OAuth state and the version cache may be written: the cache dir past the write guard. */
function stateDir(opts: ClaudeOAuthOptions): string | null {
  return writableDir(opts.cacheDir, opts.env, opts.home, 'cache dir');
}

function detectVersion(opts: ClaudeOAuthOptions): Promise<string | null> {
  return detectClaudeCodeVersion({ env: opts.env, spawn: opts.spawn, cacheDir: stateDir(opts) });
}

const nowMs = (opts: ClaudeOAuthOptions) => (opts.now?.() ?? new Date()).getTime();

/**
 * Claude Code's credential: `.credentials.json` in the config dir(s), then on macOS the Keychain.
 * Tokens are registered for redaction as they are read. Never throws.
 */
export async function readClaudeCredential(opts: ClaudeOAuthOptions): Promise<CredentialResult> {
  let read: CredentialRead;
  try {
    read = await (opts.credentialRead ?? readCredentialSources(opts, nowMs(opts)));
  } catch {
    read = { ok: false, failure: 'unreadable', origin: null };
  }
  return read.ok ? { ok: true, credential: read.credential } : { ok: false, reason: credentialReason(read) };
}

/** Why this credential must not be sent at all, or null when it may be. */
function refusal(credential: ClaudeCredential, now: number): FallbackReason | null {
  // Refresh tokens are single-use: refreshing would log Claude Code out. Wait for it instead (shared doc §4).
  if (credential.expiresAt !== null && credential.expiresAt <= now)
    return reason('expired', 'token expired; waiting for Claude Code to refresh it');
  // `claude setup-token` tokens carry only user:inference; the endpoint answers them 403 (shared doc §4).
  if (credential.scopes !== null && !credential.scopes.includes('user:profile'))
    return reason('forbidden', 'the Claude Code token lacks the user:profile scope needed to read usage');
  return null;
}

/**
 * The answer remembered for this token (60 s) or its running cooldown or backoff; null when the
 * endpoint may be asked. An explicit read waits one backoff step less: after n failures in a row it
 * may ask once the wait of n - 1 failures has passed (at once after the first).
 */
function remembered(cacheDir: string | null, key: string, now: number, explicit: boolean): UsageResult | null {
  const state = getTokenState(cacheDir, key, now);
  if (state?.answer && state.answeredAt !== null) return { ok: true, usage: state.answer };
  if (!state?.cooldownUntil || !state.cooldownCause || state.cooldownUntil <= now) return null;
  if (state.cooldownCause === 'backoff' && explicit) {
    const failedAt = state.cooldownUntil - backoffMs(state.failures);
    if (now >= failedAt + backoffMs(state.failures - 1)) return null;
  }
  const text = COOLDOWN_TEXT[state.cooldownCause](clockTime(state.cooldownUntil, now), state.failures);
  return { ok: false, reason: reason('cooldown', text, state.cooldownUntil) };
}

/** The one GET: to the override when it is allowed (warned about once when not), with the version if it comes soon. */
async function ask(credential: ClaudeCredential, opts: ClaudeOAuthOptions, timeoutMs: number): Promise<RequestOutcome> {
  const { url, warning } = resolveUsageUrl(opts.env, opts.endpointUrl);
  if (warning) log.once('warn', warning, warning);
  const version = await within(
    opts.claudeVersion !== undefined ? opts.claudeVersion : detectVersion(opts),
    opts.versionWaitMs ?? VERSION_WAIT_MS,
  );
  return requestUsage({ url, token: credential.accessToken, version, timeoutMs, fetch: opts.fetch });
}

/**
 * Ask the usage endpoint with `credential`. Skips the request when the token is expired, lacks the
 * scope, is cooling down or backing off after failures; reuses a good answer for 60 s. Never
 * refreshes, never throws.
 */
export async function fetchClaudeOAuthUsage(
  credential: ClaudeCredential,
  opts: ClaudeOAuthOptions,
): Promise<UsageResult> {
  let result: UsageResult;
  try {
    result = await fetchUsage(credential, opts);
  } catch {
    result = { ok: false, reason: reason('network', 'the usage request failed unexpectedly') };
  }
  if (!result.ok) log.debug(`Claude usage endpoint: ${result.reason.message}`);
  return result;
}

async function fetchUsage(credential: ClaudeCredential, opts: ClaudeOAuthOptions): Promise<UsageResult> {
  const start = nowMs(opts);
  const refused = refusal(credential, start);
  if (refused) return { ok: false, reason: refused };
  const key = tokenKey(credential.accessToken);
  const cacheDir = stateDir(opts);
  const known = remembered(cacheDir, key, start, opts.explicit === true);
  if (known) return known;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_USAGE_TIMEOUT_MS;
  const res = await ask(credential, opts, timeoutMs);
  const at = nowMs(opts);
  const { result, cooldown, backoff } = classifyOutcome(res, at, timeoutMs);
  if (result.ok) setAnswer(cacheDir, key, result.usage, at);
  if (cooldown) setCooldown(cacheDir, key, cooldown.cause, cooldown.until, at);
  if (backoff && !result.ok) {
    const until = recordFailure(cacheDir, key, at);
    return { ok: false, reason: { ...result.reason, retryAt: new Date(until).toISOString() } };
  }
  return result;
}

/**
 * What the aggregate assembler calls, concurrently with the log scan: credential, then endpoint.
 * Never throws.
 *
 * @example const r = await getClaudeAuthoritativeUsage({ env: process.env, home, isMacOS: IS_MACOS, cacheDir });
 */
export async function getClaudeAuthoritativeUsage(opts: ClaudeOAuthOptions): Promise<UsageResult> {
  // Started beside the credential read (the Keychain may take a moment); cached across runs.
  const claudeVersion = opts.claudeVersion !== undefined ? opts.claudeVersion : detectVersion(opts);
  const credential = await readClaudeCredential(opts);
  if (!credential.ok) return credential;
  return fetchClaudeOAuthUsage(credential.credential, { ...opts, claudeVersion });
}
