// Assembles the data contract: resolve the run (config dirs, demo, zone, memo), start the live
// reads, scan and derive (report -> blocks -> weekly points, or the memo), assemble and validate.
// The one producer of UsageData.
import { join } from 'node:path';
import {
  SCHEMA_VERSION,
  validateUsageData,
  type FallbackReason,
  type Plan,
  type UsageBlock,
  type UsageData,
} from '../../../src/contract/usage-data.ts';
import { resolveAiosCacheDir } from '../support/paths.ts';
import { getClaudeAuthoritativeUsage, type ClaudeOAuthOptions } from '../live/endpoint/claude-oauth-usage.ts';
import { resolveClaudeConfigDirs } from '../logs/config-dirs.ts';
import { hasLogFiles } from '../logs/discover.ts';
import { resolveClaudeWindow } from '../windows/claude-window.ts';
import { log } from '../support/log.ts';
import { scanClaudeLogs, scanScope, type ScanResult } from '../logs/scan.ts';
import { IS_MACOS } from '../support/platform.ts';
import { detectSubscription } from '../live/credential/subscription-detection.ts';
import { buildUsageReport, type UsageReport } from '../report/usage-report.ts';
import { readUsageMemo, memoKey, writeUsageMemo } from '../logs/cache/memo.ts';
import { blocksAt, buildBlocks, countFuture } from '../windows/blocks.ts';
import { estimateClaudeWindow, weeklyPoints, type WeeklyPoints } from '../windows/estimate.ts';
import { blockInUsd, estimateInUsd, reportInUsd } from './money.ts';

export interface AggregateOptions {
  env: Record<string, string | undefined>;
  home: string;
  now?: () => Date;
  /** IANA zone for daily rows; default: TZ, else the system zone. */
  timezone?: string;
  /** Aggregate the generated demo history instead of the user's logs. */
  demo?: boolean;
  /** Test injection for the credential and endpoint readers (platform, spawn, URL, deadline). */
  oauth?: Partial<ClaudeOAuthOptions>;
}

/** A configuration problem the user must fix (exit 2), e.g. a CLAUDE_CONFIG_DIR without projects/. */
export class AggregateConfigError extends Error {
  override name = 'AggregateConfigError';
}

let saidDemo = false;

/** Blocks older than this stay in the estimate's history but are not listed in the document. */
const LISTED_BLOCK_DAYS = 30;

/** Check an IANA zone name; throws AggregateConfigError for one Intl does not know. */
export function resolveTimezone(requested: string | undefined, env: Record<string, string | undefined>): string {
  // Intl's first use loads ICU's zone data, so the default zone is asked for only when neither
  // the flag nor TZ names one.
  const zone = requested ?? env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  if (zone === 'UTC') return zone; // Intl's own name for it; see createDayKeyer
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new AggregateConfigError(`unknown time zone '${zone}' (use an IANA name such as Europe/Berlin)`);
  }
}

/** Where the scan and the demo tree live: the demo never shares the user's scan cache. */
function cacheDirs(base: string): { scan: string; demoTree: string; demoScan: string } {
  return { scan: base, demoTree: join(base, 'demo'), demoScan: join(base, 'demo-scan') };
}

type StoredMemo = NonNullable<ReturnType<typeof readUsageMemo>>;

/** What one run works on, settled before anything is read. */
interface Run {
  now: Date;
  demo: boolean;
  configDirs: string[];
  /** aios's own cache dir (the endpoint's state lives there). */
  cacheBase: string;
  /** Where this run's scan cache and memo live (the demo has its own). */
  scanCacheDir: string;
  /** The zone as asked for (flag, else TZ), undefined for the system zone. */
  zoneRequest: string | undefined;
  /** Its IANA name. */
  timezone: string;
  /** The last run's memo for these config dirs and zone, whatever it was made for. */
  stored: StoredMemo | null;
}

/**
 * Resolve the config dirs (the demo when asked, or when the machine has no Claude Code logs), the
 * zone and the memo. Throws AggregateConfigError for a CLAUDE_CONFIG_DIR without projects/ or an
 * unknown zone.
 *
 * The demo's rule: it stands in for the machine's own logs only. Without CLAUDE_CONFIG_DIR, no
 * config dir, or config dirs whose projects/ hold no log file at all (a fresh Claude Code install),
 * mean the demo, with its banner. Dirs named by CLAUDE_CONFIG_DIR are shown as they are, empty or
 * not: the user said where to look, and a demo there would pass for their own numbers.
 */
async function resolveRun(opts: AggregateOptions): Promise<Run> {
  const now = opts.now?.() ?? new Date();
  const cacheBase = resolveAiosCacheDir(opts.env, opts.home);
  const caches = cacheDirs(cacheBase);
  const resolution = resolveClaudeConfigDirs(opts.env, opts.home);
  if (resolution.missing.length > 0 && !opts.demo) {
    throw new AggregateConfigError(
      `CLAUDE_CONFIG_DIR names ${resolution.missing.map((d) => `'${d}'`).join(', ')}, which has no projects/ folder`,
    );
  }
  let demo = opts.demo === true;
  if (!demo && (resolution.dirs.length === 0 || (!resolution.explicit && !hasLogFiles(resolution.dirs)))) {
    demo = true;
    // Said once per process: `aios serve` recomputes every minute.
    if (!saidDemo) log.info('no Claude Code logs found; showing demo data');
    saidDemo = true;
  }
  // Loaded only for the demo: it brings the whole log generator with it.
  const configDirs = demo
    ? [(await import('../demo/demo-tree.ts')).prepareDemoConfigDir(caches.demoTree, now)]
    : resolution.dirs;
  const scanCacheDir = demo ? caches.demoScan : caches.scan;
  // The last run's memo, read before the scan: a zone it already resolved needs no ICU.
  const zoneRequest = opts.timezone ?? opts.env.TZ;
  const stored = readUsageMemo(scanCacheDir, scanScope(configDirs), zoneRequest ?? '');
  const timezone =
    stored && zoneRequest !== undefined && stored.memo.zoneRequest === zoneRequest
      ? stored.memo.timezone
      : resolveTimezone(opts.timezone, opts.env);
  return { now, demo, configDirs, cacheBase, scanCacheDir, zoneRequest, timezone, stored };
}

type LiveUsage =
  | { ok: true; usage: NonNullable<UsageData['claudeWindow']['authoritative']> }
  | { ok: false; reason: FallbackReason };

const DEMO_LIVE: LiveUsage = {
  ok: false,
  reason: { kind: 'demo', message: 'demo data: Anthropic usage is not read', retryAt: null },
};

/**
 * Start reading Anthropic's usage answer and the plan from the credential. Started before the scan
 * so the endpoint's latency hides behind it; the demo reads neither.
 */
function startLiveReads(opts: AggregateOptions, run: Run): { usage: Promise<LiveUsage>; plan: Promise<Plan | null> } {
  if (run.demo) return { usage: Promise.resolve(DEMO_LIVE), plan: Promise.resolve(null) };
  const oauthOptions: ClaudeOAuthOptions = {
    env: opts.env,
    home: opts.home,
    isMacOS: IS_MACOS,
    now: () => run.now,
    cacheDir: run.cacheBase,
    ...opts.oauth,
  } as ClaudeOAuthOptions;
  return { usage: getClaudeAuthoritativeUsage(oauthOptions), plan: detectSubscription(oauthOptions) };
}

interface Derived {
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
async function scanAndDerive(run: Run, stored: StoredMemo | null): Promise<{ scan: ScanResult; derived: Derived }> {
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

/**
 * The estimate, the window shown, and the whole document, checked against the contract. Money is
 * rounded here, once, for every field alike (money.ts): what was computed and memoized stays exact.
 */
function assembleDocument(
  run: Run,
  scan: ScanResult,
  { report, blocks, weekly }: Derived,
  live: LiveUsage,
  plan: Plan | null,
): ReturnType<typeof validateUsageData> {
  const now = run.now;
  const estimate = estimateInUsd(
    estimateClaudeWindow({ entries: weekly, blocks, limitMessages: scan.limitMessages, now }),
  );
  const claudeWindow = resolveClaudeWindow(estimate, live.ok ? { usage: live.usage } : { reason: live.reason });
  const listedSince = now.getTime() - LISTED_BLOCK_DAYS * 86_400_000;
  const doc: UsageData = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    demo: run.demo,
    timezone: run.timezone,
    sources: {
      dirs: run.configDirs,
      files: scan.files,
      bytes: scan.bytes,
      filesRead: scan.filesRead,
      bytesRead: scan.bytesRead,
      entries: scan.entryCount,
      duplicates: scan.duplicates,
      futureEntries: countFuture(weekly.timestamps, now),
      skipped: scan.skipped,
      unreadableFiles: scan.unreadableFiles.slice(0, 100),
      scanMs: scan.scanMs,
    },
    ...reportInUsd(report),
    blocks: blocks.filter((b) => Date.parse(b.end) >= listedSince).map(blockInUsd),
    plan,
    claudeWindow,
  };
  return validateUsageData(doc);
}

/**
 * Build the validated document. Never depends on the endpoint for its exit: OAuth failures become
 * `claudeWindow.fallbackReason`. Throws AggregateConfigError for user-fixable configuration.
 */
export async function buildUsageData(opts: AggregateOptions): Promise<UsageData> {
  const run = await resolveRun(opts);
  const live = startLiveReads(opts, run);
  let { scan, derived } = await scanAndDerive(run, run.stored);
  const usage = await live.usage;
  const plan = await live.plan;
  let checked = assembleDocument(run, scan, derived, usage, plan);
  if (!checked.ok && derived.fromMemo) {
    // A memo from an aios whose rows differed (and nobody bumped MEMO_VERSION) is never served.
    log.debug(`report memo does not fit the contract (${checked.errors[0]}); recomputing it`);
    ({ scan, derived } = await scanAndDerive(run, null));
    checked = assembleDocument(run, scan, derived, usage, plan);
  }
  if (!checked.ok) {
    // A bug of ours, not the user's: say exactly where, and never write a document that lies.
    throw new Error(`internal error: the assembled document fails the contract: ${checked.errors.join('; ')}`);
  }
  return checked.value;
}
