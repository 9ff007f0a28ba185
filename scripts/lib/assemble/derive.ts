// Scan and derive for one build: the report rows, the blocks at `now` and the weekly columns, from the
// entries or, for an unchanged tree, from the report memo (which a full derivation writes).
import type { UsageBlock } from '../../../src/contract/usage-data.ts';
import { memoKey, writeUsageMemo } from '../logs/cache/memo.ts';
import { scanClaudeLogs, type ScanResult } from '../logs/scan.ts';
import { buildUsageReport, type UsageReport } from '../report/usage-report.ts';
import { blocksAt, buildBlocks, countFuture } from '../windows/blocks.ts';
import { weeklyPoints, type WeeklyPoints } from '../windows/estimate.ts';
import type { Run, StoredMemo } from './run.ts';

export interface Derived {
  report: UsageReport;
  blocks: UsageBlock[];
  weekly: WeeklyPoints;
  fromMemo: boolean;
}

/**
 * Scan the logs and derive the report rows, blocks at `now` and the weekly columns. With `stored`,
 * a memo made for this very tree, zone and price table answers for both the scan and the rows
 * (only `now`-dependent fields are recomputed); without it everything is computed from the entries.
 */
export async function scanAndDerive(
  run: Run,
  stored: StoredMemo | null,
): Promise<{ scan: ScanResult; derived: Derived }> {
  const known = stored
    ? (signature: string) => (memoFits(stored, memoKey(signature, run.timezone), run.now) ? stored.memo.scan : null)
    : undefined;
  const scan = await scanClaudeLogs({ configDirs: run.configDirs, cacheDir: run.scanCacheDir, known });
  return { scan, derived: derive(scan, stored, run) };
}

/**
 * True when `stored` was made for this tree, zone and code (`key`), and for this `now`: its blocks
 * were built with the same entries dated in the future as `now` has (blocksAt cannot move an entry
 * from a block of the future into the present one).
 */
function memoFits(stored: StoredMemo, key: string, now: Date): boolean {
  return stored.key === key && countFuture(stored.memo.weekly.timestamps, now) === stored.memo.futureEntries;
}

/**
 * The rows from the memo when it was made for this scan result, else computed from the entries and
 * memoized when the scan result is complete.
 */
function derive(scan: ScanResult, stored: StoredMemo | null, run: Run): Derived {
  const key = scan.memoizable ? memoKey(scan.memoizable.signature, run.timezone) : null;
  if (key !== null && stored && memoFits(stored, key, run.now)) {
    const { report, blocks, weekly } = stored.memo;
    return { report, blocks: blocksAt(blocks, run.now), weekly, fromMemo: true };
  }
  // The scan leaves out the entries only when this very memo answered for it.
  if (scan.entries === null) throw new Error('internal error: the scan left out the entries but the memo does not fit');
  const report = buildUsageReport(scan.entries, { timezone: run.timezone });
  const blocks = buildBlocks(scan.entries, run.now);
  const weekly = weeklyPoints(scan.entries);
  if (key !== null) {
    writeUsageMemo(scan.memoizable!.cacheDir, scan.memoizable!.scope, key, {
      zoneRequest: run.zoneRequest ?? '',
      timezone: run.timezone,
      report,
      blocks,
      futureEntries: countFuture(weekly.timestamps, run.now),
      weekly,
      scan: {
        entryCount: scan.entryCount,
        duplicates: scan.duplicates,
        limits: scan.limitMessages,
        skipped: scan.skipped,
      },
    });
  }
  return { report, blocks, weekly, fromMemo: false };
}
