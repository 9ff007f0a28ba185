// The installed Claude Code version (`claude --version`), for the usage request's User-Agent.
// Spawned through the platform timeout helper, validated, and cached per binary.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../support/atomic-write.ts';
import { runWithTimeout, type SpawnFn } from '../../support/platform.ts';
import { readSmallFile } from '../../support/small-file.ts';

export interface VersionOptions {
  env: Record<string, string | undefined>;
  spawn?: SpawnFn;
  /** Default 2000 ms; `claude --version` normally answers well under a second. */
  timeoutMs?: number;
  /** AIOS_CACHE_DIR: remembers the answer across runs so `claude` is not spawned every time. */
  cacheDir?: string | null;
}

const CACHE_FILE = 'claude-version.json';
/** The cache holds one path and one version; anything larger is not ours. */
const MAX_CACHE_FILE_BYTES = 64 << 10;

/** `2.1.332`, optionally with a pre-release or build suffix. */
const VERSION_RE = /^\d{1,4}\.\d{1,4}\.\d{1,6}(?:[-+][0-9A-Za-z.-]{1,40})?$/;
/** Keyed by binary path + mtime + size, so an upgrade is noticed and a slow or odd binary is asked once. */
const cache = new Map<string, string | null>();

/**
 * Parse `claude --version` output: it prints exactly `2.1.332 (Claude Code)` and a newline
 * (shared doc §1). The first token is the version; anything else yields null.
 */
export function parseClaudeVersion(stdout: string): string | null {
  const lines = stdout.trim().split('\n');
  if (lines.length !== 1 || lines[0]!.length > 200) return null;
  const [first, ...rest] = lines[0]!.trim().split(/\s+/);
  if (first === undefined || !VERSION_RE.test(first)) return null;
  if (rest.length > 0 && rest.join(' ') !== '(Claude Code)') return null;
  return first;
}

/**
 * The Claude Code version from `claude` on the injected PATH, or null when the CLI is missing,
 * slower than the deadline, fails, or prints anything else. Never throws.
 */
export async function detectClaudeCodeVersion(opts: VersionOptions): Promise<string | null> {
  try {
    const path = Bun.which('claude', { PATH: opts.env.PATH ?? '' });
    if (!path) return null;
    const info = statSync(path);
    const key = `${path}\0${info.mtimeMs}\0${info.size}`;
    if (cache.has(key)) return cache.get(key)!;
    const saved = readSaved(opts.cacheDir ?? null, key);
    if (saved !== undefined) {
      cache.set(key, saved);
      return saved;
    }
    const run = await runWithTimeout([path, '--version'], {
      timeoutMs: opts.timeoutMs ?? 2000,
      spawn: opts.spawn,
      env: opts.env,
      maxOutputBytes: 4096,
    });
    const version = run.ok ? parseClaudeVersion(run.stdout) : null;
    cache.set(key, version);
    // Only a real answer is persisted: a slow or missing CLI may be fine on the next run.
    if (version !== null && opts.cacheDir) {
      try {
        writeFileAtomic(join(opts.cacheDir, CACHE_FILE), JSON.stringify({ key, version }) + '\n');
      } catch {
        // A cache we cannot write only costs one spawn next time.
      }
    }
    return version;
  } catch {
    return null;
  }
}

function readSaved(cacheDir: string | null, key: string): string | null | undefined {
  if (!cacheDir) return undefined;
  const read = readSmallFile(join(cacheDir, CACHE_FILE), MAX_CACHE_FILE_BYTES);
  if (!read.ok) return undefined;
  try {
    const doc = JSON.parse(read.bytes.toString('utf8')) as { key?: unknown; version?: unknown };
    if (doc.key === key && typeof doc.version === 'string' && parseClaudeVersion(doc.version) === doc.version)
      return doc.version;
  } catch {
    // Corrupt: ask the CLI.
  }
  return undefined;
}

/** For tests: forget cached versions. */
export function clearVersionCacheForTests(): void {
  cache.clear();
}
