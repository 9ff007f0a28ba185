// Where aios keeps its own files (the rebuildable cache, the user's data), and the guard that keeps
// aios from ever writing inside a Claude Code config dir.
import { lstatSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

/** Symlinks followed in one path before giving up, as the kernel does (ELOOP). */
const MAX_LINKS = 40;

const segmentsOf = (path: string): string[] => path.split('/').filter((s) => s !== '' && s !== '.');

/**
 * The segments of where `path` lands on disk, resolved the way the kernel walks it: left to right,
 * each symlink replaced by its target (a dangling one too: a write through it creates the target),
 * `..` taken from where the walk has got to, not from the text. Parts that do not exist yet are
 * kept as written. Null for a symlink loop.
 */
function physicalSegments(path: string): string[] | null {
  const out = path.startsWith('/') ? [] : segmentsOf(process.cwd());
  // A stack of what is left to walk, next segment last.
  const todo = segmentsOf(path).reverse();
  let links = 0;
  while (todo.length > 0) {
    const segment = todo.pop()!;
    if (segment === '..') {
      // `out` holds no symlink, so its textual parent is its real parent; the root is its own parent.
      out.pop();
      continue;
    }
    let target: string | null = null;
    try {
      const here = '/' + [...out, segment].join('/');
      if (lstatSync(here).isSymbolicLink()) target = readlinkSync(here);
    } catch {
      // Absent (or unreadable): a write would create it as written.
    }
    if (target === null) {
      out.push(segment);
      continue;
    }
    if (++links > MAX_LINKS) return null;
    if (target.startsWith('/')) out.length = 0;
    todo.push(...segmentsOf(target).reverse());
  }
  return out;
}

/** True when `dir` is `path` or one of its ancestors, as segment arrays. */
function startsWith(path: readonly string[], dir: readonly string[]): boolean {
  return dir.length <= path.length && dir.every((segment, i) => path[i] === segment);
}

/**
 * The first of `dirs` that `path` is, or lies below, or null. Compared as path segments both as
 * written (`resolve`d) and as the kernel would walk them (symlinks followed, `..` from the real
 * parent), so a name such as `..u.json` is inside, and a path reaching a dir through a link or a
 * link's `..` is caught. A path through a symlink loop cannot be shown to be outside: it counts as
 * inside every dir.
 *
 * @example containingDir('/home/me/.claude/..u.json', ['/home/me/.claude']) // '/home/me/.claude'
 */
export function containingDir(path: string, dirs: readonly string[]): string | null {
  const real = physicalSegments(path);
  const written = segmentsOf(resolve(path));
  for (const dir of dirs) {
    if (real === null) return dir;
    const realDir = physicalSegments(dir);
    if (realDir !== null && startsWith(real, realDir)) return dir;
    if (startsWith(written, segmentsOf(resolve(dir)))) return dir;
  }
  return null;
}

/**
 * True when `path` is one of `dirs` or lies below one, after resolving symlinks on both sides
 * (so a cache dir reached through a symlink into ~/.claude is still caught). See containingDir.
 */
export function isInsideAny(path: string, dirs: readonly string[]): boolean {
  return containingDir(path, dirs) !== null;
}
