// The log scan: discover Claude Code's logs, reuse what the cache already extracted, read only new
// bytes (in workers when a cold scan is big enough to pay for them), dedupe across files, count.
import { join, sep } from 'node:path';
import { isInsideAny } from '../support/paths.ts';
import { discoverLogFiles, type LogFile } from './discover.ts';
import { errorMessage } from '../support/errors.ts';
import { log } from '../support/log.ts';
import { runJobs, WORKER_MIN_BYTES, type JobOutcome } from './jobs.ts';
import { CACHE_VERSION, CacheWriter, looksLikeOurCache, ScanCache, type StoredFile } from './cache/store.ts';
import { planScan, treeSignature, type ScanPlan } from './cache/plan.ts';
import { encodePart, type PartData, type ScanSummary } from './cache/codec.ts';
import { compareEntries, EntryDeduper } from './dedupe.ts';
import type { LimitMessage, UsageEntry } from './entry.ts';

export interface ScanOptions {
  configDirs: string[];
  /** Where the incremental cache lives; null runs without one. */
  cacheDir: string | null;
  /**
   * Threads for a big cold scan: this one plus `workers - 1` Bun workers (default: available cores;
   * 0 or 1 reads everything in this thread).
   */
  workers?: number;
  /** Bytes to read before workers are started (default WORKER_MIN_BYTES); tests set it to 0. */
  workerMinBytes?: number;
  /**
   * The caller's own record of the result for a tree signature (aggregate's report memo). When it
   * answers for this tree's signature, the scan returns its counts at once, with `entries` null:
   * no file is read, the cache is not opened and no entry is decoded.
   */
  known?: (signature: string) => ScanSummary | null;
}

export interface ScanResult {
  /**
   * Deduplicated (message.id + requestId, largest copy kept), in compareEntries order (by time).
   * Null when `known` answered: a caller that needs them scans again without `known`.
   */
  entries: UsageEntry[] | null;
  entryCount: number;
  limitMessages: LimitMessage[];
  files: number;
  bytes: number;
  filesRead: number;
  bytesRead: number;
  duplicates: number;
  skipped: Record<string, number>;
  /** At most MAX_UNREADABLE_LISTED paths. */
  unreadableFiles: string[];
  scanMs: number;
  /**
   * Set when this result is the complete answer for the tree's signature (a usable cache, no file
   * left unread): results derived from it can be memoized beside the cache under that signature.
   */
  memoizable: MemoSlot | null;
}

/** Where results derived from a complete scan are memoized, and for which tree. */
export interface MemoSlot {
  cacheDir: string;
  /** scanScope(configDirs). */
  scope: string;
  signature: string;
}

export const MAX_UNREADABLE_LISTED = 100;
const MAX_UNREADABLE_WARNINGS = 10;

/** What is memoized beside the cache is kept per set of config dirs. */
export function scanScope(configDirs: string[]): string {
  return configDirs.join('\n');
}

/** Collects parts from every file into the final, cross-file deduplicated result. */
class Totals {
  readonly deduper = new EntryDeduper();
  readonly limits = new Map<string, LimitMessage>();
  readonly skipped: Record<string, number> = {};
  readonly unreadable: string[] = [];

  addPart(part: PartData | null): void {
    if (!part) return;
    this.deduper.addAll(part.entries, part.duplicates);
    // Resumed sessions replay the limit message too: one per (logged at, reset time).
    for (const l of part.limits) this.limits.set(`${l.at}:${l.resetsAt}`, l);
    for (const [reason, n] of Object.entries(part.skipped)) this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }

  unreadableFile(path: string, why: string): void {
    const count = (this.skipped['unreadable-file'] ?? 0) + 1;
    this.skipped['unreadable-file'] = count;
    // Each one is named, up to a point: a tree of unreadable files must not flood stderr.
    if (count <= MAX_UNREADABLE_WARNINGS) log.warn(`skipping unreadable log file ${path} (${why})`);
    else log.debug(`skipping unreadable log file ${path} (${why})`);
    if (this.unreadable.length < MAX_UNREADABLE_LISTED) this.unreadable.push(path);
  }

  /** One closing line for the unreadable files not named one by one. */
  summarizeUnreadable(): void {
    const count = this.skipped['unreadable-file'] ?? 0;
    if (count > MAX_UNREADABLE_WARNINGS)
      log.warn(`${count - MAX_UNREADABLE_WARNINGS} more unreadable log files skipped`);
  }
}

function openCache(opts: ScanOptions): ScanCache | null {
  if (opts.cacheDir === null) return null;
  if (isInsideAny(opts.cacheDir, opts.configDirs)) {
    log.warn(
      `cache dir ${opts.cacheDir} is inside a Claude Code config dir; aios never writes there, so it scans without a cache`,
    );
    return null;
  }
  return ScanCache.open(opts.cacheDir);
}

/**
 * Scan every log under `<configDir>/projects/`. Never throws for bad data: bad lines, unreadable
 * files and a broken cache are counted or warned about, and the scan goes on.
 * @example const r = await scanClaudeLogs({ configDirs: ['/home/me/.claude'], cacheDir: '/home/me/.cache/aios' });
 */
export async function scanClaudeLogs(opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const totals = new Totals();
  const discovery = discoverLogFiles(opts.configDirs);
  for (const u of discovery.unreadable) totals.unreadableFile(u.path, u.error);
  const scope = scanScope(opts.configDirs);
  // The cache version is part of it: a result computed by other scan code is never served.
  const signature = `v${CACHE_VERSION}:${treeSignature(discovery.files, discovery.unreadable)}`;
  // An unchanged tree is answered by the caller's memo alone when the database file beside it
  // looks like ours: opening and checking it through SQLite costs more than the rest of a warm scan.
  if (
    opts.known &&
    opts.cacheDir !== null &&
    looksLikeOurCache(opts.cacheDir) &&
    !isInsideAny(opts.cacheDir, opts.configDirs)
  ) {
    const known = opts.known(signature);
    if (known)
      return result(discovery.files, { ...known, entries: null }, totals.unreadable, 0, 0, started, {
        cacheDir: opts.cacheDir,
        scope,
        signature,
      });
  }
  let cache = openCache(opts);
  let plan: ScanPlan;
  try {
    plan = planScan(
      discovery.files,
      cache,
      opts.configDirs.map((d) => join(d, 'projects') + sep),
    );
  } catch (error) {
    // Any SQLite error while reading the cache: rebuild it once and read everything.
    log.warn(`scan cache failed (${errorMessage(error)}); rebuilding it`);
    cache?.discard();
    cache = opts.cacheDir === null ? null : ScanCache.open(opts.cacheDir);
    plan = planScan(discovery.files, null, []);
  }
  for (const reused of plan.reused) {
    totals.addPart(reused.body);
    totals.addPart(reused.tail);
  }
  const writer = cache ? new CacheWriter(cache) : null;
  const deleted = [...plan.deleted];
  let filesRead = 0;
  let bytesRead = 0;
  await runJobs(plan.jobs, opts.workers, opts.workerMinBytes ?? WORKER_MIN_BYTES, (job, outcome: JobOutcome) => {
    filesRead++;
    if (!outcome.ok) {
      totals.unreadableFile(job.file.path, outcome.error);
      deleted.push(job.file.path);
      return;
    }
    bytesRead += outcome.bytesRead;
    if (outcome.oversizedLines > 0)
      log.warn(`${job.file.path}: skipped ${outcome.oversizedLines} line(s) longer than 64 MiB`);
    let body = outcome.body;
    let bodyBlob = outcome.bodyBlob;
    if (job.previous) {
      // An append: the stored body plus what the new lines yielded, deduplicated together.
      const merged = new EntryDeduper();
      merged.addAll(job.previous.entries, job.previous.duplicates);
      merged.addAll(body.entries, body.duplicates);
      const skipped = { ...job.previous.skipped };
      for (const [k, n] of Object.entries(body.skipped)) skipped[k] = (skipped[k] ?? 0) + n;
      body = {
        entries: merged.entries,
        duplicates: merged.duplicates,
        limits: [...job.previous.limits, ...body.limits],
        skipped,
      };
      bodyBlob = null;
    }
    totals.addPart(body);
    totals.addPart(outcome.tail);
    writer?.add(storedRow(job.file, outcome, body, bodyBlob));
  });
  totals.summarizeUnreadable();
  const final: PartData = {
    entries: totals.deduper.entries.sort(compareEntries),
    duplicates: totals.deduper.duplicates,
    limits: [...totals.limits.values()].sort((a, b) => a.at - b.at || a.resetsAt - b.resetsAt),
    skipped: totals.skipped,
  };
  let memoizable: MemoSlot | null = null;
  if (cache && writer) {
    writer.finish(deleted);
    // Not when a file failed to read: it must be retried next run, not answered from a memo.
    if (totals.unreadable.length === 0) memoizable = { cacheDir: cache.dir, scope, signature };
  }
  return result(
    discovery.files,
    { ...final, entryCount: final.entries.length },
    totals.unreadable,
    filesRead,
    bytesRead,
    started,
    memoizable,
  );
}

function result(
  files: LogFile[],
  data: ScanSummary & { entries: UsageEntry[] | null },
  unreadable: string[],
  filesRead: number,
  bytesRead: number,
  started: number,
  memoizable: MemoSlot | null,
): ScanResult {
  return {
    entries: data.entries,
    entryCount: data.entryCount,
    limitMessages: data.limits,
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.size, 0),
    filesRead,
    bytesRead,
    duplicates: data.duplicates,
    skipped: data.skipped,
    unreadableFiles: unreadable,
    scanMs: Math.round(performance.now() - started),
    memoizable,
  };
}

function storedRow(
  file: LogFile,
  outcome: JobOutcome & { ok: true },
  body: PartData,
  bodyBlob: Uint8Array | null,
): StoredFile {
  return {
    path: file.path,
    dev: file.dev,
    ino: file.ino,
    size: file.size,
    mtime: file.mtime,
    resume: outcome.resumeOffset,
    fingerprint: outcome.fingerprint,
    body: bodyBlob ?? encodePart(body),
    tail: outcome.tailBlob ?? (outcome.tail ? encodePart(outcome.tail) : null),
  };
}
