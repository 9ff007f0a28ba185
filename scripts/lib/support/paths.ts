// Where aios keeps its own files (the rebuildable cache, the user's data), and the guard that keeps
// aios from ever writing inside a Claude Code config dir.
import { realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';

/**
 * The cache dir: `AIOS_CACHE_DIR`, else `$XDG_CACHE_HOME/aios`, else `~/.cache/aios`.
 * A relative XDG_CACHE_HOME is ignored, as the XDG spec requires.
 */
export function resolveAiosCacheDir(env: Record<string, string | undefined>, home: string): string {
  const explicit = env.AIOS_CACHE_DIR?.trim();
  if (explicit) return resolve(explicit);
  const xdg = env.XDG_CACHE_HOME?.trim();
  if (xdg && xdg.startsWith('/')) return join(xdg, 'aios');
  return join(home, '.cache', 'aios');
}

/**
 * The data dir, for what must outlive the cache (the usage history, alert state):
 * `AIOS_DATA_DIR`, else `$XDG_DATA_HOME/aios`, else `~/.local/share/aios`. Deleting the cache dir
 * never touches it. A relative XDG_DATA_HOME is ignored, as the XDG spec requires.
 */
export function resolveAiosDataDir(env: Record<string, string | undefined>, home: string): string {
  const explicit = env.AIOS_DATA_DIR?.trim();
  if (explicit) return resolve(explicit);
  const xdg = env.XDG_DATA_HOME?.trim();
  if (xdg && xdg.startsWith('/')) return join(xdg, 'aios');
  return join(home, '.local', 'share', 'aios');
}

/** Realpath of `path`, resolving the nearest existing ancestor when `path` does not exist yet. */
function realpathLoose(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    if (parent === abs) return abs;
    return join(realpathLoose(parent), basename(abs));
  }
}

function isWithin(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * True when `path` is one of `dirs` or lies below one, after resolving symlinks on both sides
 * (so a cache dir reached through a symlink into ~/.claude is still caught).
 */
export function isInsideAny(path: string, dirs: string[]): boolean {
  const target = realpathLoose(path);
  const plain = resolve(path);
  return dirs.some((dir) => {
    const realDir = realpathLoose(dir);
    return isWithin(target, realDir) || isWithin(plain, resolve(dir));
  });
}
