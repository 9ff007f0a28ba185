// The log scan: discover Claude Code's logs, reuse what the cache already extracted, read only new
// bytes (in workers when a cold scan is big enough to pay for them), dedupe across files, count.
import { join, sep } from 'node:path';
import { isInsideAny } from '../support/paths.ts';
import { discoverLogFiles, type LogFile } from './discover.ts';
import { errorMessage } from '../support/errors.ts';
import { log } from '../support/log.ts';
import { runJobs, WORKER_MIN_BYTES, type JobOutcome } from './jobs.ts';
import { CacheWriter, ScanCache, type StoredFile } from './cache/store.ts';
import { CACHE_VERSION, looksLikeOurCache } from './cache/store-file.ts';
import { planScan, treeSignature, type PlannedJob, type ScanPlan } from './cache/plan.ts';
import { encodePart, type PartData, type ScanSummary } from './cache/codec.ts';
import { mergeAppend, Totals } from './merge.ts';
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
  /** At most MAX_UNREADABLE_LISTED (merge.ts) paths. */
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

/** What is memoized beside the cache is kept per set of config dirs. */
export function scanScope(configDirs: string[]): string {
  return configDirs.join('\n');
}

/**
 * Scan every log under `<configDir>/projects/`. Never throws for bad data: bad lines, unreadable
 * files and a broken cache are counted or warned about, and the scan goes on.
 * @example const r = await scanClaudeLogs({ configDirs: ['/home/me/.claude'], cacheDir: '/home/me/.cache/aios' });
 */
export async function scanClaudeLogs(opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const totals = new Totals();
  const tree = listTree(opts.configDirs, totals);
  const known = knownAnswer(opts, tree);
  if (known) return result(tree, { ...known.summary, entries: null }, totals, NOTHING_READ, started, known.slot);
  const { cache, plan } = planAgainstCache(opts, tree.files);
  for (const reused of plan.reused) {
    totals.addPart(reused.body);
    totals.addPart(reused.tail);
  }
  const writer = cache ? new CacheWriter(cache) : null;
  const reads = await readPlanned(plan, opts, totals, writer);
  const merged = totals.finish();
  let memoizable: MemoSlot | null = null;
  if (cache && writer) {
    writer.finish(reads.deleted);
    // Not when a file failed to read: it must be retried next run, not answered from a memo.
    if (totals.unreadable.length === 0)
      memoizable = { cacheDir: cache.dir, scope: tree.scope, signature: tree.signature };
  }
  return result(tree, { ...merged, entryCount: merged.entries.length }, totals, reads, started, memoizable);
}

interface ListedTree {
  files: LogFile[];
  scope: string;
  /** What a memo is kept for: the tree as listed and the scan code's cache version. */
  signature: string;
}

/** Discovery: the files to scan, the ones that cannot even be listed (counted now), the signature. */
function listTree(configDirs: string[], totals: Totals): ListedTree {
  const discovery = discoverLogFiles(configDirs);
  for (const u of discovery.unreadable) totals.unreadableFile(u.path, u.error);
  // The cache version is part of it: a result computed by other scan code is never served.
  const signature = `v${CACHE_VERSION}:${treeSignature(discovery.files, discovery.unreadable)}`;
  return { files: discovery.files, scope: scanScope(configDirs), signature };
}

/**
 * The memo short-cut: the caller's known result for this very tree, taken when the database file
 * beside the memo looks like ours. Opening and checking it through SQLite would cost more than the
 * rest of a warm scan, so it is not opened at all.
 */
function knownAnswer(opts: ScanOptions, tree: ListedTree): { summary: ScanSummary; slot: MemoSlot } | null {
  if (!opts.known || opts.cacheDir === null || !looksLikeOurCache(opts.cacheDir)) return null;
  if (isInsideAny(opts.cacheDir, opts.configDirs)) return null;
  const summary = opts.known(tree.signature);
  return summary ? { summary, slot: { cacheDir: opts.cacheDir, scope: tree.scope, signature: tree.signature } } : null;
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
 * Planning against the cache: what to reuse, what to read and from where, which rows to drop. Any
 * SQLite error while reading the cache rebuilds it once, and then everything is read.
 */
function planAgainstCache(opts: ScanOptions, files: LogFile[]): { cache: ScanCache | null; plan: ScanPlan } {
  const cache = openCache(opts);
  try {
    const scanned = opts.configDirs.map((d) => join(d, 'projects') + sep);
    return { cache, plan: planScan(files, cache, scanned) };
  } catch (error) {
    log.warn(`scan cache failed (${errorMessage(error)}); rebuilding it`);
    cache?.discard();
    const rebuilt = opts.cacheDir === null ? null : ScanCache.open(opts.cacheDir);
    return { cache: rebuilt, plan: planScan(files, null, []) };
  }
}

interface Reads {
  filesRead: number;
  bytesRead: number;
  /** Cache rows to drop: files gone from the tree, and files that could not be read. */
  deleted: string[];
}

const NOTHING_READ: Reads = { filesRead: 0, bytesRead: 0, deleted: [] };

/** Running the planned jobs: each file's parts go into `totals` and, as a row, to the cache. */
async function readPlanned(
  plan: ScanPlan,
  opts: ScanOptions,
  totals: Totals,
  writer: CacheWriter | null,
): Promise<Reads> {
  const reads: Reads = { filesRead: 0, bytesRead: 0, deleted: [...plan.deleted] };
  const done = (job: PlannedJob, outcome: JobOutcome): void => {
    reads.filesRead++;
    if (!outcome.ok) {
      totals.unreadableFile(job.file.path, outcome.error);
      reads.deleted.push(job.file.path);
      return;
    }
    reads.bytesRead += outcome.bytesRead;
    if (outcome.oversizedLines > 0)
      log.warn(`${job.file.path}: skipped ${outcome.oversizedLines} line(s) longer than 64 MiB`);
    // An append re-encodes the merged body; a full read can store what a worker already encoded.
    const body = job.previous ? mergeAppend(job.previous, outcome.body) : outcome.body;
    const bodyBlob = job.previous ? null : outcome.bodyBlob;
    totals.addPart(body);
    totals.addPart(outcome.tail);
    writer?.add(storedRow(job.file, outcome, body, bodyBlob));
  };
  await runJobs(plan.jobs, opts.workers, opts.workerMinBytes ?? WORKER_MIN_BYTES, done);
  return reads;
}

function result(
  tree: ListedTree,
  data: ScanSummary & { entries: UsageEntry[] | null },
  totals: Totals,
  reads: Reads,
  started: number,
  memoizable: MemoSlot | null,
): ScanResult {
  return {
    entries: data.entries,
    entryCount: data.entryCount,
    limitMessages: data.limits,
    files: tree.files.length,
    bytes: tree.files.reduce((sum, f) => sum + f.size, 0),
    filesRead: reads.filesRead,
    bytesRead: reads.bytesRead,
    duplicates: data.duplicates,
    skipped: data.skipped,
    unreadableFiles: totals.unreadable,
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
    ctime: file.ctime,
    resume: outcome.resumeOffset,
    fingerprint: outcome.fingerprint,
    body: bodyBlob ?? encodePart(body),
    tail: outcome.tailBlob ?? (outcome.tail ? encodePart(outcome.tail) : null),
  };
}
