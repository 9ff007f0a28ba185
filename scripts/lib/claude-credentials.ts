// Reads Claude Code's own OAuth credential, read-only: `<config dir>/.credentials.json`, then on
// macOS the Keychain. Every field is validated; tokens are registered for redaction as they are read.
import { createHash } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { runWithTimeout, type SpawnFn } from './platform.ts';
import { registerSecret } from './redaction.ts';

export type CredentialSource = 'credentials-file' | 'keychain';
export const SUBSCRIPTION_TYPES = ['pro', 'max', 'team', 'enterprise'] as const;
export type SubscriptionType = (typeof SUBSCRIPTION_TYPES)[number];

/** A validated credential. The token sits behind a getter so JSON.stringify and inspect never show it. */
export interface ClaudeCredential {
  readonly accessToken: string;
  /** Epoch ms; null when the credential does not say. */
  expiresAt: number | null;
  /** OAuth scopes; null when the credential does not say. */
  scopes: string[] | null;
  subscriptionType: SubscriptionType | null;
  /** Raw tier (e.g. "default_claude_max_5x"), kept even when unknown; null when absent or odd. */
  rateLimitTier: string | null;
  source: CredentialSource;
  /** File path or Keychain service name, for messages. Never a secret. */
  origin: string;
}

class CredentialRecord implements ClaudeCredential {
  readonly #token: string;
  expiresAt: number | null;
  scopes: string[] | null;
  subscriptionType: SubscriptionType | null;
  rateLimitTier: string | null;
  source: CredentialSource;
  origin: string;
  constructor(token: string, fields: Omit<ClaudeCredential, 'accessToken'>) {
    this.#token = token;
    this.expiresAt = fields.expiresAt;
    this.scopes = fields.scopes;
    this.subscriptionType = fields.subscriptionType;
    this.rateLimitTier = fields.rateLimitTier;
    this.source = fields.source;
    this.origin = fields.origin;
  }
  get accessToken(): string {
    return this.#token;
  }
}

export interface CredentialReadOptions {
  env: Record<string, string | undefined>;
  home: string;
  /** Injected; production passes IS_MACOS from platform.ts. */
  isMacOS: boolean;
  spawn?: SpawnFn;
  /** The `security` binary; absolute by default so PATH cannot swap it. */
  securityPath?: string;
  /** Keychain lookup deadline, default 2000 ms. */
  keychainTimeoutMs?: number;
}

export type CredentialFailure = 'missing' | 'malformed' | 'unreadable' | 'too-large' | 'not-a-file' | 'keychain-timeout';
export type CredentialRead =
  | { ok: true; credential: ClaudeCredential }
  | { ok: false; failure: CredentialFailure; origin: string | null };

/** A real credential file is ~1 KB (plus MCP tokens); anything this big is not one. */
export const MAX_CREDENTIAL_BYTES = 256 * 1024;
const TOKEN_RE = /^[\x21-\x7e]{16,8192}$/;
const TIER_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
const SCOPE_RE = /^[\x21-\x7e]{1,64}$/;
const KEYCHAIN_SERVICE = 'Claude Code-credentials';

/**
 * Config dirs whose `.credentials.json` may hold the credential: only `CLAUDE_CONFIG_DIR`'s
 * (comma-separated) when set, else `~/.claude` (where Claude Code writes it) and `$XDG_CONFIG_HOME/claude`.
 */
export function credentialConfigDirs(env: Record<string, string | undefined>, home: string): string[] {
  const explicit = env.CLAUDE_CONFIG_DIR;
  if (explicit !== undefined && explicit.trim() !== '') {
    return explicit.split(',').map((d) => d.trim()).filter((d) => d !== '').slice(0, 8);
  }
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(home, '.config');
  return [join(home, '.claude'), join(xdg, 'claude')];
}

/** Keychain service: Claude Code appends `-` + 8 hex of sha256(dir) when CLAUDE_CONFIG_DIR is set (shared doc §1). */
export function keychainService(configDir: string | null): string {
  if (configDir === null) return KEYCHAIN_SERVICE;
  return `${KEYCHAIN_SERVICE}-${createHash('sha256').update(configDir).digest('hex').slice(0, 8)}`;
}

/** Keychain account: `$USER`, or `claude-code-user` when the name has other characters (shared doc §1). */
export function keychainAccount(env: Record<string, string | undefined>): string {
  const user = env.USER ?? env.LOGNAME ?? '';
  return /^[a-zA-Z0-9._-]+$/.test(user) ? user : 'claude-code-user';
}

/**
 * Validate the credential JSON. Token fields with a wrong type make the credential unusable;
 * plan fields with a wrong type or an unknown value become null (they are optional metadata).
 */
export function parseCredentialJson(text: string, source: CredentialSource, origin: string): CredentialRead {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, failure: 'malformed', origin };
  }
  if (!isRecord(doc)) return { ok: false, failure: 'malformed', origin };
  const oauth = doc.claudeAiOauth;
  // A file (or Keychain item) may hold only `mcpOAuth`: no Claude credential in it.
  if (oauth === undefined || oauth === null) return { ok: false, failure: 'missing', origin };
  if (!isRecord(oauth)) return { ok: false, failure: 'malformed', origin };
  // Register before validating anything else: whatever happens next, these never get printed.
  if (typeof oauth.accessToken === 'string') registerSecret(oauth.accessToken);
  if (typeof oauth.refreshToken === 'string') registerSecret(oauth.refreshToken);
  const { accessToken, expiresAt, scopes } = oauth;
  if (typeof accessToken !== 'string' || !TOKEN_RE.test(accessToken)) return { ok: false, failure: 'malformed', origin };
  if (oauth.refreshToken !== undefined && oauth.refreshToken !== null && typeof oauth.refreshToken !== 'string')
    return { ok: false, failure: 'malformed', origin };
  let expiry: number | null = null;
  if (expiresAt !== undefined && expiresAt !== null) {
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt <= 0)
      return { ok: false, failure: 'malformed', origin };
    expiry = expiresAt;
  }
  let scopeList: string[] | null = null;
  if (scopes !== undefined && scopes !== null) {
    if (!Array.isArray(scopes) || scopes.length > 32 || !scopes.every((s) => typeof s === 'string' && SCOPE_RE.test(s)))
      return { ok: false, failure: 'malformed', origin };
    scopeList = [...(scopes as string[])];
  }
  const sub = oauth.subscriptionType;
  const tier = oauth.rateLimitTier;
  const credential = new CredentialRecord(accessToken, {
    expiresAt: expiry,
    scopes: scopeList,
    subscriptionType: SUBSCRIPTION_TYPES.find((t) => t === sub) ?? null,
    rateLimitTier: typeof tier === 'string' && TIER_RE.test(tier) ? tier : null,
    source,
    origin,
  });
  return { ok: true, credential };
}

/** Read one `.credentials.json`: bounded, regular files only, never blocking on a FIFO. */
export async function readCredentialFile(path: string): Promise<CredentialRead> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { ok: false, failure: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable', origin: path };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, failure: 'not-a-file', origin: path };
    if (info.size > MAX_CREDENTIAL_BYTES) return { ok: false, failure: 'too-large', origin: path };
    const buf = Buffer.alloc(MAX_CREDENTIAL_BYTES + 1);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, size, buf.length - size, size);
      if (bytesRead === 0) break;
      size += bytesRead;
      // The file grew while we read it.
      if (size > MAX_CREDENTIAL_BYTES) return { ok: false, failure: 'too-large', origin: path };
    }
    return parseCredentialJson(buf.subarray(0, size).toString('utf8'), 'credentials-file', path);
  } catch {
    return { ok: false, failure: 'unreadable', origin: path };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** `security find-generic-password -s <service> -a <account> -w`, 2 s at most. macOS only. */
export async function readKeychainCredential(service: string, opts: CredentialReadOptions): Promise<CredentialRead> {
  const cmd = [opts.securityPath ?? '/usr/bin/security', 'find-generic-password', '-s', service, '-a', keychainAccount(opts.env), '-w'];
  const run = await runWithTimeout(cmd, {
    timeoutMs: opts.keychainTimeoutMs ?? 2000,
    spawn: opts.spawn,
    env: opts.env,
    maxOutputBytes: MAX_CREDENTIAL_BYTES,
  });
  if (run.ok) return parseCredentialJson(run.stdout.trim(), 'keychain', service);
  // Exit 44 is security's "item not found"; a missing binary or any other exit is "no credential" too.
  const failure: CredentialFailure =
    run.reason === 'timeout' ? 'keychain-timeout' : run.reason === 'too-large' ? 'too-large' : 'missing';
  return { ok: false, failure, origin: service };
}

/** How bad a failure is, to report the most useful one when every source failed. */
const FAILURE_RANK: Record<CredentialFailure, number> = {
  missing: 0, 'keychain-timeout': 1, 'not-a-file': 2, unreadable: 3, 'too-large': 4, malformed: 5,
};

/**
 * Find the credential: files first, then (macOS only) the Keychain when no file holds a live token,
 * since there the file may be missing or stale (shared doc §1). Prefers an unexpired token. Never throws.
 */
export function readCredentialSources(opts: CredentialReadOptions, nowMs: number): Promise<CredentialRead> {
  // The plan detector and the OAuth reader start together: share one read (one Keychain prompt).
  const key = JSON.stringify([credentialConfigDirs(opts.env, opts.home), opts.isMacOS, opts.securityPath ?? null,
    keychainAccount(opts.env), opts.env.CLAUDE_CONFIG_DIR ?? null, nowMs]);
  const pending = inFlight.get(key);
  if (pending) return pending;
  const read = readAllSources(opts, nowMs).finally(() => inFlight.delete(key));
  inFlight.set(key, read);
  return read;
}

/** Reads in progress only; a finished read is never reused, so a changed file is always seen. */
const inFlight = new Map<string, Promise<CredentialRead>>();

async function readAllSources(opts: CredentialReadOptions, nowMs: number): Promise<CredentialRead> {
  const reads: CredentialRead[] = [];
  const dirs = credentialConfigDirs(opts.env, opts.home);
  for (const dir of dirs) reads.push(await readCredentialFile(join(dir, '.credentials.json')));
  const live = (r: CredentialRead) => r.ok && (r.credential.expiresAt === null || r.credential.expiresAt > nowMs);
  if (opts.isMacOS && !reads.some(live)) {
    const explicit = opts.env.CLAUDE_CONFIG_DIR !== undefined && opts.env.CLAUDE_CONFIG_DIR.trim() !== '';
    const services = explicit ? dirs.map((d) => keychainService(d)) : [keychainService(null)];
    for (const service of services) {
      const read = await readKeychainCredential(service, opts);
      reads.push(read);
      if (live(read)) break;
    }
  }
  const found = reads.find(live) ?? reads.find((r) => r.ok);
  if (found) return found;
  let worst: CredentialRead = { ok: false, failure: 'missing', origin: null };
  for (const r of reads) if (!r.ok && !worst.ok && FAILURE_RANK[r.failure] > FAILURE_RANK[worst.failure]) worst = r;
  return worst;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
