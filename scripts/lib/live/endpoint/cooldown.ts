// Per-token memory of the usage endpoint: cooldowns after 401/403/429, the backoff after failures
// (5xx, timeouts, bad payloads), the last good answer (reused 60 s). Persisted in AIOS_CACHE_DIR,
// keyed by sha256 of the token, never the token itself.
import { join } from 'node:path';
import * as v from 'valibot';
import { authoritativeUsageSchema, type ClaudeAuthoritativeUsage } from '../../../../src/contract/usage-data.ts';
import { writeFileAtomic } from '../../support/atomic-write.ts';
import { log } from '../../support/log.ts';
import { redact, redactError } from '../../support/redaction.ts';
import { sha256Hex } from '../../support/sha256.ts';
import { readSmallFile } from '../../support/small-file.ts';

export const STATE_FILE = 'claude-oauth-state.json';
/** Claude Code itself reuses a usage answer for 60 s (shared doc §4). */
export const ANSWER_TTL_MS = 60_000;
/** No cooldown lasts longer, whatever Retry-After or the state file says (shared doc §4). */
export const MAX_COOLDOWN_MS = 3_600_000;
const MAX_ENTRIES = 32;
const MAX_FILE_BYTES = 1 << 20;
const HASH_RE = /^[0-9a-f]{64}$/;

/** A refusal the endpoint meant to last (401, 403, 429), or `backoff` after failures in a row. */
const COOLDOWN_CAUSES = ['unauthorized', 'forbidden', 'rate-limited', 'backoff'] as const;
export type CooldownCause = (typeof COOLDOWN_CAUSES)[number];

/** The first wait after a failure; each failure in a row doubles it, up to MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 60_000;
export const MAX_BACKOFF_MS = 15 * 60_000;
/** A failure streak this long past the end of its wait is forgotten: the next failure waits 1 minute. */
const FAILURE_MEMORY_MS = 30 * 60_000;

export interface TokenState {
  cooldownUntil: number | null;
  cooldownCause: CooldownCause | null;
  answer: ClaudeAuthoritativeUsage | null;
  answeredAt: number | null;
  /** Failures in a row (5xx, timeouts, bad payloads) since the last good answer. */
  failures: number;
}

/**
 * How long to wait after `failures` failures in a row: 1, 2, 4, 8 minutes, then 15 at most; 0
 * for none. An explicit refresh waits one step less (`backoffMs(failures - 1)`).
 */
export function backoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(FIRST_BACKOFF_MS * 2 ** Math.min(failures - 1, 10), MAX_BACKOFF_MS);
}

/** The store key for a token: its sha256, so the file can name a token without holding it. */
export function tokenKey(token: string): string {
  return sha256Hex(token);
}

/** Without a cache dir the state lives for this process only. */
const memory = new Map<string, TokenState>();

const stateFile = v.object({ version: v.literal(1), tokens: v.record(v.string(), v.unknown()) });

const moment = v.pipe(v.number(), v.finite(), v.gtValue(0));
/** One token's entry as stored. A field that fails its check reads as absent: an entry is only a hint. */
const storedEntry = v.object({
  cooldownUntil: v.fallback(v.nullable(moment), null),
  cooldownCause: v.fallback(v.nullable(v.picklist(COOLDOWN_CAUSES)), null),
  answeredAt: v.fallback(v.nullable(moment), null),
  // The contract's schema: a stored answer comes back with the contract's keys only.
  answer: v.fallback(v.nullable(authoritativeUsageSchema), null),
  // Absent in files from an aios without the backoff.
  failures: v.fallback(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)), 0),
});

/** An entry read back, or null when it is not an object at all. */
function readEntry(x: unknown, now: number): TokenState | null {
  const parsed = v.safeParse(storedEntry, x);
  if (!parsed.success) return null;
  const e = parsed.output;
  // A clock moved backwards must not stretch a cooldown past its cap.
  const cooldownUntil = e.cooldownUntil === null ? null : Math.min(e.cooldownUntil, now + MAX_COOLDOWN_MS);
  // An answer from the future (the clock moved back) is not reused.
  const answered = e.answer !== null && e.answeredAt !== null && e.answeredAt <= now;
  return {
    cooldownUntil: e.cooldownCause ? cooldownUntil : null,
    cooldownCause: cooldownUntil ? e.cooldownCause : null,
    answer: answered ? e.answer : null,
    answeredAt: answered ? e.answeredAt : null,
    failures: e.cooldownCause === 'backoff' && cooldownUntil ? e.failures : 0,
  };
}

/** Worth keeping: a cooldown still running, an answer still reusable, or a recent failure streak. */
function isLive(s: TokenState, now: number): boolean {
  return (
    (s.cooldownUntil !== null && s.cooldownUntil > now) ||
    (s.answeredAt !== null && now - s.answeredAt < ANSWER_TTL_MS) ||
    (s.failures > 0 && s.cooldownUntil !== null && now - s.cooldownUntil < FAILURE_MEMORY_MS)
  );
}

/** Read the whole store; a missing, corrupt or foreign file (or anything but a file) reads as empty. */
function load(cacheDir: string | null, now: number): Map<string, TokenState> {
  if (cacheDir === null) return memory;
  const out = new Map<string, TokenState>();
  const path = join(cacheDir, STATE_FILE);
  const read = readSmallFile(path, MAX_FILE_BYTES);
  if (!read.ok) return out;
  try {
    const doc = v.safeParse(stateFile, JSON.parse(read.bytes.toString('utf8')));
    if (!doc.success) return out;
    // Keyed by sha256 of the token: any other key is not aios's, and is dropped on its own.
    for (const [key, value] of Object.entries(doc.output.tokens)) {
      const entry = HASH_RE.test(key) ? readEntry(value, now) : null;
      if (entry && isLive(entry, now)) out.set(key, entry);
    }
  } catch {
    // Corrupt: start empty, the next save rewrites it.
  }
  return out;
}

/** `value` with every string in it redacted: the file must never hold a piece of a secret. */
function redactStrings<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactStrings) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, redactStrings(x)])) as T;
}

function save(cacheDir: string | null, states: Map<string, TokenState>, now: number): void {
  if (cacheDir === null) return;
  const tokens: Record<string, TokenState> = {};
  const live = [...states].filter(([, s]) => isLive(s, now)).slice(-MAX_ENTRIES);
  // Keys are sha256 hashes; every value is redacted whatever the parser let through.
  for (const [key, s] of live) tokens[key] = redactStrings(s);
  try {
    writeFileAtomic(join(cacheDir, STATE_FILE), JSON.stringify({ version: 1, tokens }) + '\n', { mode: 0o600 });
  } catch (error) {
    // Losing the cooldown costs at most one extra request; never fail the run for it.
    log.debug(`could not save OAuth state in ${cacheDir}: ${redactError(error)}`);
  }
}

/** The remembered state for a token key (a cooldown past its end may still carry a failure streak), or null. */
export function getTokenState(cacheDir: string | null, key: string, now: number): TokenState | null {
  const s = load(cacheDir, now).get(key);
  return s && isLive(s, now) ? s : null;
}

/** Start a cooldown for this token; it also forgets any reusable answer. */
export function setCooldown(
  cacheDir: string | null,
  key: string,
  cause: CooldownCause,
  until: number,
  now: number,
): void {
  const states = load(cacheDir, now);
  states.delete(key);
  states.set(key, {
    cooldownUntil: Math.min(until, now + MAX_COOLDOWN_MS),
    cooldownCause: cause,
    answer: null,
    answeredAt: null,
    failures: 0,
  });
  save(cacheDir, states, now);
}

/**
 * Count a failure (5xx, timeout, bad payload) for this token and start its backoff: 1 minute after
 * the first, doubling with each one in a row, 15 minutes at most. Returns when asking again is due.
 */
export function recordFailure(cacheDir: string | null, key: string, now: number): number {
  const states = load(cacheDir, now);
  const failures = (states.get(key)?.failures ?? 0) + 1;
  const until = now + backoffMs(failures);
  states.delete(key);
  states.set(key, { cooldownUntil: until, cooldownCause: 'backoff', answer: null, answeredAt: null, failures });
  save(cacheDir, states, now);
  return until;
}

/** Remember a good answer for 60 s; a good answer also ends any cooldown and any backoff. */
export function setAnswer(cacheDir: string | null, key: string, answer: ClaudeAuthoritativeUsage, now: number): void {
  const states = load(cacheDir, now);
  states.delete(key);
  states.set(key, { cooldownUntil: null, cooldownCause: null, answer, answeredAt: now, failures: 0 });
  save(cacheDir, states, now);
}
