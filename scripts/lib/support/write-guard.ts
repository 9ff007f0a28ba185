// The one guard every write of aios passes: nothing lands inside a Claude Code config dir, however
// the path is spelled (`..u.json`, symlinks, a link's `..`). --out, the cache and data dirs use it.
import { claudeConfigDirCandidates } from '../logs/config-dirs.ts';
import { log } from './log.ts';
import { containingDir, resolveAiosCacheDir, resolveAiosDataDir } from './paths.ts';

type Env = Record<string, string | undefined>;

/**
 * Every dir aios must never write into: the config dirs it reads (CLAUDE_CONFIG_DIR's entries when
 * set) and always both default ones, whether or not they have a projects/ folder yet: a fresh
 * Claude Code install is still Claude Code's.
 */
export function protectedConfigDirs(env: Env, home: string): string[] {
  const named = claudeConfigDirCandidates(env, home).dirs;
  const defaults = claudeConfigDirCandidates({ ...env, CLAUDE_CONFIG_DIR: undefined }, home).dirs;
  return [...new Set([...named, ...defaults])];
}

/**
 * Why aios must not write `path`, or null when it may. The one check behind everything here.
 *
 * @example writeRefusal(outPath, process.env, homedir()) // before writing --out
 */
export function writeRefusal(path: string, env: Env, home: string): string | null {
  const dir = containingDir(path, protectedConfigDirs(env, home));
  return dir === null ? null : `aios never writes inside a Claude Code config dir (${dir})`;
}

/**
 * `dir` when aios may write into it, else null with a warning (once per dir: `aios serve` asks
 * every minute). Callers with null keep their state in memory, or go without it.
 *
 * @example const cacheDir = writableDir(opts.cacheDir, opts.env, opts.home, 'cache dir');
 */
export function writableDir(dir: string | null, env: Env, home: string, what: string): string | null {
  if (dir === null) return null;
  const refused = writeRefusal(dir, env, home);
  if (refused === null) return dir;
  log.once('warn', `unwritable:${dir}`, `${what} ${dir} is not used: ${refused}`);
  return null;
}

/** The cache dir (resolveAiosCacheDir) when aios may write there, else null (warned once). */
export function writableCacheDir(env: Env, home: string): string | null {
  return writableDir(resolveAiosCacheDir(env, home), env, home, 'cache dir');
}

/** The data dir (resolveAiosDataDir) when aios may write there, else null (warned once). */
export function writableDataDir(env: Env, home: string): string | null {
  return writableDir(resolveAiosDataDir(env, home), env, home, 'data dir');
}
