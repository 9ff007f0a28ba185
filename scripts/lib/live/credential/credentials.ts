// Finds Claude Code's own OAuth credential, read-only: `<config dir>/.credentials.json`, then on
// macOS the Keychain. Validation lives in parse.ts, the Keychain in keychain.ts.
import { join } from 'node:path';
import { claudeConfigDirCandidates } from '../../logs/config-dirs.ts';
import { readSmallFile } from '../../support/small-file.ts';
import { MAX_CREDENTIAL_BYTES, parseCredentialJson, type CredentialFailure, type CredentialRead } from './parse.ts';
import {
  keychainAccount,
  keychainConfigDirs,
  keychainService,
  readKeychainCredential,
  type KeychainOptions,
} from './keychain.ts';

export * from './parse.ts';
export { keychainAccount, keychainConfigDirs, keychainService, readKeychainCredential } from './keychain.ts';

export interface CredentialReadOptions extends KeychainOptions {
  env: Record<string, string | undefined>;
  home: string;
  /** Injected; production passes IS_MACOS from platform.ts. */
  isMacOS: boolean;
}

/** Bounds the files read (and Keychain items asked) for one CLAUDE_CONFIG_DIR list. */
export const MAX_CREDENTIAL_DIRS = 8;

/**
 * Config dirs whose `.credentials.json` may hold the credential: the same candidates the log scan
 * reads (only CLAUDE_CONFIG_DIR's when set), in another order. The scan lists the XDG dir first; here
 * `~/.claude` comes first because that is where Claude Code writes its credential, so a file in the
 * XDG dir is only a fallback (and an older copy there must not win over the live one).
 */
export function credentialConfigDirs(env: Record<string, string | undefined>, home: string): string[] {
  const { explicit, dirs } = claudeConfigDirCandidates(env, home);
  if (explicit) return dirs.slice(0, MAX_CREDENTIAL_DIRS);
  const legacy = join(home, '.claude');
  return [legacy, ...dirs.filter((dir) => dir !== legacy)];
}

/** Read one `.credentials.json`: bounded, regular files only, never blocking on a FIFO. */
function readCredentialFile(path: string): CredentialRead {
  const read = readSmallFile(path, MAX_CREDENTIAL_BYTES);
  if (!read.ok) return { ok: false, failure: read.failure, origin: path };
  return parseCredentialJson(read.bytes.toString('utf8'), 'credentials-file', path);
}

/** How bad a failure is, to report the most useful one when every source failed. */
const FAILURE_RANK: Record<CredentialFailure, number> = {
  missing: 0,
  'keychain-timeout': 1,
  'not-a-file': 2,
  unreadable: 3,
  'too-large': 4,
  malformed: 5,
};

/**
 * Find the credential: files first, then (macOS only) the Keychain when no file holds a live token,
 * since there the file may be missing or stale (shared doc §1). Prefers an unexpired token. Never throws.
 */
export function readCredentialSources(opts: CredentialReadOptions, nowMs: number): Promise<CredentialRead> {
  // The plan detector and the OAuth reader start together: share one read (one Keychain prompt).
  const key = JSON.stringify([
    credentialConfigDirs(opts.env, opts.home),
    opts.isMacOS,
    opts.securityPath ?? null,
    keychainAccount(opts.env),
    opts.env.CLAUDE_CONFIG_DIR ?? null,
    nowMs,
  ]);
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
  for (const dir of dirs) reads.push(readCredentialFile(join(dir, '.credentials.json')));
  const live = (r: CredentialRead) => r.ok && (r.credential.expiresAt === null || r.credential.expiresAt > nowMs);
  if (opts.isMacOS && !reads.some(live)) {
    const hashed = keychainConfigDirs(opts.env).slice(0, MAX_CREDENTIAL_DIRS);
    const services = hashed.length > 0 ? hashed.map((d) => keychainService(d)) : [keychainService(null)];
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
