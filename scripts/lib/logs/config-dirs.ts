// Where Claude Code keeps its session logs: the config dirs named by CLAUDE_CONFIG_DIR, else the
// XDG and legacy defaults, each kept only when it has a projects/ folder (see CLAUDE-DATA.md §1).
import { realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ClaudeDirResolution {
  /** Config dirs that have a `projects/` folder, realpath-resolved and deduplicated, in order. */
  dirs: string[];
  /** True when CLAUDE_CONFIG_DIR was set (then only those dirs are used). */
  explicit: boolean;
  /** Explicitly named dirs that lack `projects/` (the caller turns these into a clear error). */
  missing: string[];
}

function hasProjectsDir(dir: string): boolean {
  try {
    return statSync(join(dir, 'projects')).isDirectory();
  } catch {
    return false;
  }
}

function realOrResolved(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}

/** Expand a leading `~` the way a shell would have, since env values are often written by hand. */
function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

/**
 * Resolve the Claude Code config dirs to scan.
 * `CLAUDE_CONFIG_DIR` may be a comma-separated list; when set (non-blank) only those are used.
 * Otherwise `$XDG_CONFIG_HOME/claude` (default `~/.config/claude`) and `~/.claude`.
 * @example resolveClaudeConfigDirs({ CLAUDE_CONFIG_DIR: '/a,/b' }, '/home/me')
 */
export function resolveClaudeConfigDirs(env: Record<string, string | undefined>, home: string): ClaudeDirResolution {
  const raw = env.CLAUDE_CONFIG_DIR?.trim() ?? '';
  const explicit = raw !== '';
  let candidates: string[];
  if (explicit) {
    candidates = raw
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => resolve(expandHome(part, home)));
  } else {
    const xdg = env.XDG_CONFIG_HOME?.trim();
    // The XDG spec says relative values are invalid and must be ignored.
    const configHome = xdg && xdg.startsWith('/') ? xdg : join(home, '.config');
    candidates = [join(configHome, 'claude'), join(home, '.claude')];
  }
  const dirs: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (!hasProjectsDir(candidate)) {
      if (explicit && !missing.includes(candidate)) missing.push(candidate);
      continue;
    }
    const real = realOrResolved(candidate);
    if (seen.has(real)) continue;
    seen.add(real);
    dirs.push(real);
  }
  return { dirs, explicit, missing };
}
