// Deciding, per log file, what the cache already knows: reuse it (unchanged), read only the new
// bytes (appended), or read it all (new, truncated, replaced, rewritten); and which rows to drop.
import type { LogFile } from './claude-logs.ts';
import { fingerprintFile } from './log-file-scan.ts';
import type { CachedFile, ScanCache } from './scan-cache.ts';
import { decodePart, type PartData } from './scan-codec.ts';

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

function classify(file: LogFile, row: CachedFile): Change {
  // A new inode (or device) means the file was replaced, e.g. written elsewhere and renamed over.
  if (row.dev !== file.dev || row.ino !== file.ino) return 'rewritten';
  if (row.size === file.size && row.mtime === file.mtime) return 'unchanged';
  // Same size with a new mtime, or smaller: rewritten in place or truncated; only growth is an append.
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
  for (const file of files) {
    present.add(file.path);
    const row = index.get(file.path);
    const change = row ? classify(file, row) : 'rewritten';
    if (row && change !== 'rewritten') {
      const stored = cache.load(file.path);
      const body = stored ? decodePart(stored.body, file.project) : null;
      const tail = stored?.tail ? decodePart(stored.tail, file.project) : null;
      // A blob that fails its checksum is never trusted: the file is read again.
      const intact = body !== null && (stored?.tail == null || tail !== null);
      if (intact && change === 'unchanged') {
        plan.reused.push({ body, tail });
        continue;
      }
      if (intact && change === 'appended') {
        // The stored tail (an unfinished last line) is dropped: reading resumes at its start.
        plan.jobs.push({ file, from: row.resume, previous: body });
        continue;
      }
    }
    plan.jobs.push({ file, from: 0, previous: null });
  }
  for (const path of index.keys()) {
    if (!present.has(path) && scannedPrefixes.some((prefix) => path.startsWith(prefix))) plan.deleted.push(path);
  }
  return plan;
}
