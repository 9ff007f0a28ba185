// The macOS Keychain copy of Claude Code's credential, read with `security` (never a shell, 2 s at
// most). Service and account names follow Claude Code's own rules (shared doc §1).
import { MAX_CREDENTIAL_BYTES, parseCredentialJson, type CredentialFailure, type CredentialRead } from './parse.ts';
import { runWithTimeout, type SpawnFn } from '../../support/platform.ts';
import { splitConfigDirList } from '../../logs/config-dirs.ts';
import { sha256Hex } from '../../support/sha256.ts';

export interface KeychainOptions {
  env: Record<string, string | undefined>;
  spawn?: SpawnFn;
  /** The `security` binary; absolute by default so PATH cannot swap it. */
  securityPath?: string;
  /** Keychain lookup deadline, default 2000 ms. */
  keychainTimeoutMs?: number;
}

const KEYCHAIN_SERVICE = 'Claude Code-credentials';

/**
 * Keychain service: Claude Code appends `-` + 8 hex of sha256(dir) when CLAUDE_CONFIG_DIR is set
 * (shared doc §1). The hashed string is the variable's value as Claude Code itself sees it: NFC-normalised
 * (Claude Code normalises its config dir so), but not resolved, not `~`-expanded (the shell does that before
 * Claude Code starts) and not stripped of a trailing slash, so `/a/b/` and `/a/b` name different items.
 */
export function keychainService(configDir: string | null): string {
  if (configDir === null) return KEYCHAIN_SERVICE;
  return `${KEYCHAIN_SERVICE}-${sha256Hex(configDir.normalize('NFC')).slice(0, 8)}`;
}

/**
 * The CLAUDE_CONFIG_DIR values to hash: the raw value when it names one dir (untrimmed, exactly what Claude
 * Code hashed), else each entry of aios's comma-separated list (Claude Code never sees a list: each entry
 * is what the user set when running Claude Code on that dir). Empty when the variable is unset.
 */
export function keychainConfigDirs(env: Record<string, string | undefined>): string[] {
  const raw = env.CLAUDE_CONFIG_DIR;
  if (raw === undefined || raw.trim() === '') return [];
  // The entries as written: not `~`-expanded or resolved as the dirs to read are.
  return raw.includes(',') ? splitConfigDirList(raw) : [raw];
}

/** Keychain account: `$USER`, or `claude-code-user` when the name has other characters (shared doc §1). */
export function keychainAccount(env: Record<string, string | undefined>): string {
  const user = env.USER ?? env.LOGNAME ?? '';
  return /^[a-zA-Z0-9._-]+$/.test(user) ? user : 'claude-code-user';
}

/** `security find-generic-password -s <service> -a <account> -w`, 2 s at most. macOS only. */
export async function readKeychainCredential(service: string, opts: KeychainOptions): Promise<CredentialRead> {
  const cmd = [
    opts.securityPath ?? '/usr/bin/security',
    'find-generic-password',
    '-s',
    service,
    '-a',
    keychainAccount(opts.env),
    '-w',
  ];
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
