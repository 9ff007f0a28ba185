// The derived report memoized beside the scan cache: for an unchanged log tree (same signature),
// zone and price table, a warm run reads the rows and the scan's counts instead of recomputing them.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { UsageBlock } from '../../../../src/contract/usage-data.ts';
import { SCHEMA_VERSION } from '../../../../src/contract/version.ts';
import { errorMessage } from '../../support/errors.ts';
import { log } from '../../support/log.ts';
import table from '../../pricing/prices.json' with { type: 'json' };
import { readSmallFile } from '../../support/small-file.ts';
import { LEGACY_PREFIX, MEMO_PREFIX } from './store-file.ts';
import { writeFileAtomic } from '../../support/atomic-write.ts';
import type { ScanSummary } from './codec.ts';
import type { UsageReport } from '../../report/usage-report.ts';
import type { WeeklyPoints } from '../../windows/estimate.ts';

/**
 * Bump when buildUsageReport, buildBlocks or weeklyPoints change what they produce: a memo made by
 * other code is then never served (its key no longer matches).
 */
const MEMO_VERSION = 5;
/** The price table is part of the key: a new table re-prices everything. */
const PRICING_HASH = Bun.hash(JSON.stringify(table)).toString(16);

/** Everything about the entries that does not depend on `now`. */
export interface UsageMemo {
  /** The zone as asked for (flag or TZ) and as Intl named it: lets a warm run skip loading ICU. */
  zoneRequest: string;
  timezone: string;
  report: UsageReport;
  /** buildBlocks' result at some earlier `now`; blocksAt() brings it to the current one. */
  blocks: UsageBlock[];
  /**
   * Entries dated in the future at the `now` the blocks were built for (countFuture): at a `now`
   * where another count holds, an entry crossed into the present and the blocks are rebuilt.
   */
  futureEntries: number;
  weekly: WeeklyPoints;
  /** The scan result's counts: with them a warm run answers without opening the cache or decoding entries. */
  scan: ScanSummary;
}

// Layout: u32 magic | u32 JSON length | u32 points | u32 checksum of the rest | JSON {key, memo
// without weekly} | zero padding to 8 | f64 timestamps[n] | f64 tokens[n] | f64 costs[n].
const MAGIC = 0x41494f52; // "AIOR"
const HEADER = 16;

/** The memo's key: the scanned tree's signature, the zone, the price table, the contract and this code. */
export function memoKey(signature: string, timezone: string): string {
  return `m${MEMO_VERSION}:s${SCHEMA_VERSION}:p${PRICING_HASH}:${timezone}:${signature}`;
}

/**
 * One memo per set of config dirs and zone as asked for: a dashboard in one zone and a CLI run in
 * another do not evict each other. The prefix lets a rebuilt cache take its memos with it.
 */
function memoPath(cacheDir: string, scope: string, zoneRequest: string): string {
  const name = `${MEMO_PREFIX}${Bun.hash(scope).toString(16)}-${Bun.hash(zoneRequest).toString(16)}.bin`;
  return join(cacheDir, name);
}

function checksum(bytes: Uint8Array): number {
  return Number(BigInt.asUintN(32, BigInt(Bun.hash(bytes))));
}

/** A memo far past any log tree's (a few MB at 1 GB of logs) is not ours. */
const MAX_MEMO_BYTES = 1 << 30;

/**
 * The stored memo for `scope` and the zone as asked for (flag or TZ, '' for the system zone),
 * whatever its key (the caller compares `key`), or null when there is none or it is damaged.
 * Never throws.
 */
export function readUsageMemo(
  cacheDir: string,
  scope: string,
  zoneRequest: string,
): { key: string; memo: UsageMemo } | null {
  try {
    // A symlink is not our memo (writing one replaces the link, never its target), and a FIFO or a
    // device in its place is refused at once rather than waited on.
    const read = readSmallFile(memoPath(cacheDir, scope, zoneRequest), MAX_MEMO_BYTES, { noFollow: true });
    if (!read.ok) return null;
    const bytes = read.bytes;
    if (bytes.byteLength < HEADER || bytes.readUInt32LE(0) !== MAGIC) return null;
    const jsonLength = bytes.readUInt32LE(4);
    const n = bytes.readUInt32LE(8);
    const at = align8(HEADER + jsonLength);
    if (bytes.byteLength !== at + 24 * n || checksum(bytes.subarray(HEADER)) !== bytes.readUInt32LE(12)) return null;
    const { key, memo } = JSON.parse(bytes.toString('utf8', HEADER, HEADER + jsonLength)) as {
      key: string;
      memo: Omit<UsageMemo, 'weekly'>;
    };
    // Copied out so the columns are aligned whatever offset the file buffer has.
    const column = (i: number) =>
      new Float64Array(bytes.buffer.slice(bytes.byteOffset + at + 8 * n * i, bytes.byteOffset + at + 8 * n * (i + 1)));
    return { key, memo: { ...memo, weekly: { timestamps: column(0), tokens: column(1), costs: column(2) } } };
  } catch {
    return null;
  }
}

/** Store `memo` under `key`; a failure only costs the next run some speed. */
export function writeUsageMemo(cacheDir: string, scope: string, key: string, memo: UsageMemo): void {
  try {
    const { weekly, ...rest } = memo;
    const json = Buffer.from(JSON.stringify({ key, memo: rest }), 'utf8');
    const n = weekly.timestamps.length;
    const at = align8(HEADER + json.byteLength);
    const bytes = Buffer.alloc(at + 24 * n);
    bytes.writeUInt32LE(MAGIC, 0);
    bytes.writeUInt32LE(json.byteLength, 4);
    bytes.writeUInt32LE(n, 8);
    json.copy(bytes, HEADER);
    [weekly.timestamps, weekly.tokens, weekly.costs].forEach((col, i) =>
      bytes.set(new Uint8Array(col.buffer, col.byteOffset, 8 * n), at + 8 * n * i),
    );
    bytes.writeUInt32LE(checksum(bytes.subarray(HEADER)), 12);
    // Owner-only, and no flush to disk: the memo is rebuildable and its checksum rejects a damaged copy.
    writeFileAtomic(memoPath(cacheDir, scope, memo.zoneRequest), bytes, { mode: 0o600, fsync: false });
    removeLegacyFiles(cacheDir);
  } catch (error) {
    log.debug(`report memo not written: ${errorMessage(error)}`);
  }
}

/** Earlier versions' snapshots and memos are never read again: they go once a memo of ours is written. */
function removeLegacyFiles(cacheDir: string): void {
  try {
    for (const name of readdirSync(cacheDir))
      if (name.startsWith(LEGACY_PREFIX)) rmSync(join(cacheDir, name), { force: true });
  } catch {
    // left for the next write to try again
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
