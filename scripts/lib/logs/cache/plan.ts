// Deciding, per log file, what the cache already knows: reuse it (unchanged), read only the new
// bytes (appended), or read it all (new, truncated, replaced, rewritten); and which rows to drop.
import type { LogFile } from '../discover.ts';
import { fingerprintFile } from '../file-scan.ts';
import type { CachedFile, ScanCache } from './store.ts';
import { decodePart, type PartData } from './codec.ts';

export interface PlannedJob {
  file: LogFile;
  /** Byte offset to read from: 0, or the cached resume offset for an append. */
  from: number;
  /** For an append, the cached body the new lines are merged into. */
  previous: PartData | null;
}

export interface ScanPlan {
  reused: Array<{ body: PartData; tail: PartData | null }>;
  jobs: PlannedJob[];
  /** Cached paths under the scanned dirs that no longer exist. */
  deleted: string[];
}

type Change = 'unchanged' | 'appended' | 'rewritten';

/**
 * What happened to `file` since `row` was stored. An unchanged size, mtime and ctime read nothing:
 * the ctime cannot be set back, so an edit in place whose size and mtime were restored (cp -p,
 * touch -r) is still seen, wherever in the file it is. The alternative, reading the fingerprint
 * (head and tail before the resume offset) of every file on every warm run, costs a read per file
 * and would still miss an edit in the middle; a change of ctime alone (chmod, a new hard link) only
 * costs reading that file again. What no identity shows: a rewrite to the same size within the same
 * tick of the file system's clock as the scan that stored the row (git's "racy" files); Claude Code
 * only appends.
 */
function classify(file: LogFile, row: CachedFile): Change {
  // A new inode (or device) means the file was replaced, e.g. written elsewhere and renamed over.
  if (row.dev !== file.dev || row.ino !== file.ino) return 'rewritten';
  if (row.size === file.size && row.mtime === file.mtime && row.ctime === file.ctime) return 'unchanged';
  // Same size with a new mtime or ctime, or smaller: rewritten in place or truncated; only growth is an append.
  if (file.size <= row.size) return 'rewritten';
  try {
    // Growth alone could still hide a rewrite: the head and the bytes before the resume point must match.
    return fingerprintFile(file.path, row.resume) === row.fingerprint ? 'appended' : 'rewritten';
  } catch {
    return 'rewritten'; // the full read will report it as unreadable
  }
}

/**
 * Plan the scan of `files` against `cache` (null: read everything). `scannedPrefixes` bound which
 * cached rows may be deleted, so runs over different config dirs sharing one cache leave each
 * other's rows alone. Throws on any cache (SQLite) error; the caller rebuilds the cache.
 */
export function planScan(files: LogFile[], cache: ScanCache | null, scannedPrefixes: string[]): ScanPlan {
  const plan: ScanPlan = { reused: [], jobs: [], deleted: [] };
  if (!cache) {
    for (const file of files) plan.jobs.push({ file, from: 0, previous: null });
    return plan;
  }
  const index = cache.index();
  const present = new Set<string>();
  const candidates = new Map<string, { file: LogFile; change: Change; resume: number }>();
  for (const file of files) {
    present.add(file.path);
    const row = index.get(file.path);
    const change = row ? classify(file, row) : 'rewritten';
    if (row && change !== 'rewritten') candidates.set(file.path, { file, change, resume: row.resume });
    else plan.jobs.push({ file, from: 0, previous: null });
  }
  cache.loadParts(new Set(candidates.keys()), (path, bodyBytes, tailBytes) => {
    const { file, change, resume } = candidates.get(path)!;
    candidates.delete(path);
    const body = decodePart(bodyBytes);
    const tail = tailBytes ? decodePart(tailBytes) : null;
    // A blob that fails its checksum is never trusted: the file is read again.
    if (body === null || (tailBytes !== null && tail === null)) plan.jobs.push({ file, from: 0, previous: null });
    else if (change === 'unchanged') plan.reused.push({ body, tail });
    // An append drops the stored tail (an unfinished last line): reading resumes at its start.
    else plan.jobs.push({ file, from: resume, previous: body });
  });
  // Rows that vanished between the two queries (another process rebuilt the cache): read in full.
  for (const { file } of candidates.values()) plan.jobs.push({ file, from: 0, previous: null });
  for (const path of index.keys()) {
    if (!present.has(path) && scannedPrefixes.some((prefix) => path.startsWith(prefix))) plan.deleted.push(path);
  }
  return plan;
}

/**
 * A signature of the tree as listed (path and identity of every file, and what could not be
 * listed): equal signatures mean a result computed for the last one (the report memo) still holds.
 */
export function treeSignature(files: LogFile[], unreadable: Array<{ path: string; error: string }>): string {
  const lines = files.map((f) => `${f.path}\0${f.dev}\0${f.ino}\0${f.size}\0${f.mtime}\0${f.ctime}`).sort();
  for (const u of unreadable) lines.push(`!${u.path}\0${u.error}`);
  return Bun.hash(lines.join('\n')).toString(16) + ':' + files.length;
}
