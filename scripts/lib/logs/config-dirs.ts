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

/** The entries of a CLAUDE_CONFIG_DIR value (a comma-separated list): trimmed, blanks dropped, as written. */
export function splitConfigDirList(raw: string): string[] {
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export interface ConfigDirCandidates {
  /** True when CLAUDE_CONFIG_DIR was set (non-blank): then only its dirs are candidates. */
  explicit: boolean;
  /** Absolute when named by CLAUDE_CONFIG_DIR; nothing here is checked on disk. */
  dirs: string[];
}

/**
 * Where Claude Code's config dirs may be, the one reading of CLAUDE_CONFIG_DIR and XDG_CONFIG_HOME
 * (the log scan and the credential reader both use it). `CLAUDE_CONFIG_DIR` may be a comma-separated
 * list; when set (non-blank) only its entries count, `~` expanded and resolved. Otherwise
 * `$XDG_CONFIG_HOME/claude` (default `~/.config/claude`) and `~/.claude`, in that order.
 *
 * @example claudeConfigDirCandidates({ XDG_CONFIG_HOME: 'rel' }, '/home/me').dirs // ['/home/me/.config/claude', '/home/me/.claude']
 */
export function claudeConfigDirCandidates(env: Record<string, string | undefined>, home: string): ConfigDirCandidates {
  const raw = env.CLAUDE_CONFIG_DIR?.trim() ?? '';
  if (raw !== '') {
    return { explicit: true, dirs: splitConfigDirList(raw).map((part) => resolve(expandHome(part, home))) };
  }
  const xdg = env.XDG_CONFIG_HOME?.trim();
  // The XDG spec says relative values are invalid and must be ignored.
  const configHome = xdg && xdg.startsWith('/') ? xdg : join(home, '.config');
  return { explicit: false, dirs: [join(configHome, 'claude'), join(home, '.claude')] };
}

/**
 * Resolve the Claude Code config dirs to scan: the candidates that have a `projects/` folder.
 * @example resolveClaudeConfigDirs({ CLAUDE_CONFIG_DIR: '/a,/b' }, '/home/me')
 */
export function resolveClaudeConfigDirs(env: Record<string, string | undefined>, home: string): ClaudeDirResolution {
  const { explicit, dirs: candidates } = claudeConfigDirCandidates(env, home);
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
