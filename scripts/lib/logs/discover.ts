// Finding Claude Code's session logs: every *.jsonl under <config dir>/projects/, with the identity
// (device, inode, size, mtime) the cache uses to tell unchanged, appended and rewritten files apart.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, join } from 'node:path';
import { errorCodeOrMessage } from '../support/errors.ts';

export interface LogFile {
  path: string;
  /** First path segment under projects/ (the encoded cwd). */
  project: string;
  /** Session id used when a record carries none: the file name without `.jsonl`. */
  fallbackSession: string;
  size: number;
  /** Change detection: device, inode, mtime and ctime (ns), as strings so 64-bit values stay exact. */
  dev: string;
  ino: string;
  mtime: string;
  /**
   * The inode's change time: unlike the mtime, no program can set it back, so an edit in place
   * whose size and mtime were restored still shows here (cache/plan.ts).
   */
  ctime: string;
}

export interface Discovery {
  files: LogFile[];
  /** Paths named *.jsonl (or folders) that could not be listed or are not regular files. */
  unreadable: Array<{ path: string; error: string }>;
}

/** Files directly under projects/ have no project folder; they are grouped under this name. */
export const NO_PROJECT = 'unknown';

/**
 * List every `*.jsonl` below `<dir>/projects/` for each config dir, recursively: sub-agent logs
 * live in sub-folders (`<project>/<session>/subagents/agent-*.jsonl`). Symlinked folders are not
 * followed (a loop would never end); a symlinked file is followed and, when dangling, reported.
 */
export function discoverLogFiles(configDirs: string[]): Discovery {
  const out: Discovery = { files: [], unreadable: [] };
  for (const dir of configDirs) walk(join(dir, 'projects'), null, out);
  return out;
}

function walk(dir: string, project: string | null, out: Discovery): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    out.unreadable.push({ path: dir, error: errorCodeOrMessage(error) });
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(path, project ?? entry.name, out);
      continue;
    }
    if (!entry.name.endsWith('.jsonl')) continue;
    if (!entry.isFile() && !entry.isSymbolicLink()) {
      out.unreadable.push({ path, error: 'not a regular file' });
      continue;
    }
    try {
      const st = statSync(path, { bigint: true });
      if (!st.isFile()) {
        out.unreadable.push({ path, error: 'not a regular file' });
        continue;
      }
      out.files.push({
        path,
        project: project ?? NO_PROJECT,
        fallbackSession: basename(entry.name, '.jsonl'),
        size: Number(st.size),
        dev: st.dev.toString(),
        ino: st.ino.toString(),
        mtime: st.mtimeNs.toString(),
        ctime: st.ctimeNs.toString(),
      });
    } catch (error) {
      out.unreadable.push({ path, error: errorCodeOrMessage(error) });
    }
  }
}

/**
 * True when any `*.jsonl` lies below `<dir>/projects/` of any of `configDirs`: the walk stops at
 * the first one, so a tree with logs costs a few directory reads. Whether it can be read does not
 * matter here (the scan reports that), and a folder that cannot be listed counts as holding logs:
 * the scan then says what it could not read, rather than the demo hiding it.
 */
export function hasLogFiles(configDirs: string[]): boolean {
  return configDirs.some((dir) => findsLogFile(join(dir, 'projects')));
}

function findsLogFile(dir: string): boolean {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  if (entries.some((e) => !e.isDirectory() && e.name.endsWith('.jsonl'))) return true;
  return entries.some((e) => e.isDirectory() && findsLogFile(join(dir, e.name)));
}
