// Per-token memory of the usage endpoint: cooldowns after 401/403/429 and the last good answer
// (reused 60 s). Persisted in AIOS_CACHE_DIR, keyed by sha256 of the token, never the token itself.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateAuthoritativeUsage, type ClaudeAuthoritativeUsage } from '../../../../src/contract/usage-data.ts';
import { writeFileAtomic } from '../../support/atomic-write.ts';
import { boundedUsage } from './payload.ts';
import { log } from '../../support/log.ts';
import { redactError } from '../../support/redaction.ts';

export const STATE_FILE = 'claude-oauth-state.json';
/** Claude Code itself reuses a usage answer for 60 s (shared doc §4). */
export const ANSWER_TTL_MS = 60_000;
export const MAX_COOLDOWN_MS = 3_600_000;
const MAX_ENTRIES = 32;
const MAX_FILE_BYTES = 1 << 20;
const HASH_RE = /^[0-9a-f]{64}$/;

export type CooldownCause = 'unauthorized' | 'forbidden' | 'rate-limited';
const CAUSES: readonly CooldownCause[] = ['unauthorized', 'forbidden', 'rate-limited'];

export interface TokenState {
  cooldownUntil: number | null;
  cooldownCause: CooldownCause | null;
  answer: ClaudeAuthoritativeUsage | null;
  answeredAt: number | null;
}

/** The store key for a token: its sha256, so the file can name a token without holding it. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Without a cache dir the state lives for this process only. */
const memory = new Map<string, TokenState>();

function validEntry(x: unknown, now: number): TokenState | null {
  if (typeof x !== 'object' || x === null) return null;
  const e = x as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);
  let cooldownUntil = num(e.cooldownUntil);
  const cause = CAUSES.find((c) => c === e.cooldownCause) ?? null;
  // A clock moved backwards must not stretch a cooldown past its cap.
  if (cooldownUntil !== null) cooldownUntil = Math.min(cooldownUntil, now + MAX_COOLDOWN_MS);
  let answeredAt = num(e.answeredAt);
  let answer: ClaudeAuthoritativeUsage | null = null;
  if (answeredAt !== null && answeredAt <= now) {
    const checked = validateAuthoritativeUsage(e.answer);
    if (checked.ok) answer = boundedUsage(checked.value);
  }
  if (answer === null) answeredAt = null;
  return {
    cooldownUntil: cause ? cooldownUntil : null,
    cooldownCause: cooldownUntil ? cause : null,
    answer,
    answeredAt,
  };
}

function isLive(s: TokenState, now: number): boolean {
  return (
    (s.cooldownUntil !== null && s.cooldownUntil > now) || (s.answeredAt !== null && now - s.answeredAt < ANSWER_TTL_MS)
  );
}

/** Read the whole store; a missing, corrupt or foreign file reads as empty. */
function load(cacheDir: string | null, now: number): Map<string, TokenState> {
  if (cacheDir === null) return memory;
  const out = new Map<string, TokenState>();
  const path = join(cacheDir, STATE_FILE);
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return out;
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown; tokens?: unknown };
    if (doc.version !== 1 || typeof doc.tokens !== 'object' || doc.tokens === null) return out;
    for (const [key, value] of Object.entries(doc.tokens)) {
      const entry = HASH_RE.test(key) ? validEntry(value, now) : null;
      if (entry && isLive(entry, now)) out.set(key, entry);
    }
  } catch {
    // Missing or corrupt: start empty, the next save rewrites it.
  }
  return out;
}

function save(cacheDir: string | null, states: Map<string, TokenState>, now: number): void {
  if (cacheDir === null) return;
  const tokens: Record<string, TokenState> = {};
  const live = [...states].filter(([, s]) => isLive(s, now)).slice(-MAX_ENTRIES);
  for (const [key, s] of live) tokens[key] = s;
  try {
    writeFileAtomic(join(cacheDir, STATE_FILE), JSON.stringify({ version: 1, tokens }) + '\n', { mode: 0o600 });
  } catch (error) {
    // Losing the cooldown costs at most one extra request; never fail the run for it.
    log.debug(`could not save OAuth state in ${cacheDir}: ${redactError(error)}`);
  }
}

/** The remembered state for a token key, or null. */
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
  });
  save(cacheDir, states, now);
}

/** Remember a good answer for 60 s; a good answer also ends any cooldown. */
export function setAnswer(cacheDir: string | null, key: string, answer: ClaudeAuthoritativeUsage, now: number): void {
  const states = load(cacheDir, now);
  states.delete(key);
  states.set(key, { cooldownUntil: null, cooldownCause: null, answer, answeredAt: now });
  save(cacheDir, states, now);
}
