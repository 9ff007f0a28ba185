// Assembles the data contract: resolve the run (config dirs, demo, zone, memo), start the live
// reads, scan and derive (report -> blocks -> weekly points, or the memo), assemble and validate,
// then record the alerts it fired. The one producer of UsageData.
import { join } from 'node:path';
import {
  SCHEMA_VERSION,
  validateUsageData,
  type FallbackReason,
  type Plan,
  type UsageBlock,
  type UsageData,
} from '../../../src/contract/usage-data.ts';
import { protectedConfigDirs, writableCacheDir } from '../support/write-guard.ts';
import { resolveTimezone as resolveZoneOnce, UnknownZoneError } from '../support/timezone.ts';
import { getClaudeAuthoritativeUsage, type ClaudeOAuthOptions } from '../live/endpoint/claude-oauth-usage.ts';
import { resolveClaudeConfigDirs } from '../logs/config-dirs.ts';
import { resolveAiosDataDir } from '../support/paths.ts';
import { DEFAULT_LIVE_INTERVAL_MS } from '../live/endpoint/gate.ts';
import { gatherLiveReadings, type LiveReadings } from '../live/live-readings.ts';
import { hitsOfLimitMessages, uniqueHits } from '../history/hits.ts';
import type { LimitHit, UsageReading } from '../history/readings.ts';
import { resolveWindows } from '../windows/claude-window.ts';
import { loggedUsage } from '../windows/logged-usage.ts';
import { hasLogFiles } from '../logs/discover.ts';
import { log } from '../support/log.ts';
import { scanClaudeLogs, scanScope, type ScanResult } from '../logs/scan.ts';
import { IS_MACOS } from '../support/platform.ts';
import { detectSubscription } from '../live/credential/subscription-detection.ts';
import { buildUsageReport, type UsageReport } from '../report/usage-report.ts';
import { recentBreakdown } from '../report/daily-breakdown.ts';
import { readUsageMemo, memoKey, writeUsageMemo } from '../logs/cache/memo.ts';
import { blocksAt, buildBlocks, countFuture } from '../windows/blocks.ts';
import { estimateClaudeWindow, weeklyPoints, type WeeklyPoints } from '../windows/estimate.ts';
import { startAlertRun, type AlertJudgement, type AlertOptions, type AlertRun } from '../alerts/document-alerts.ts';
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
  /**
   * The user asked for this document (the dashboard's Refresh button): the endpoint may be asked
   * again once its last answer is older than 60 s (not only past the poll interval), and the usage
   * read may skip one step of its backoff after failures. `aios aggregate` and the server's own
   * recomputes are not.
   */
  explicit?: boolean;
  /**
   * The poll interval (`--live-interval`): the endpoint is asked only when no reading (the
   * statusline's, Claude Code's cached copy, its own last answer) is younger. Default 5 minutes.
   */
  liveIntervalMs?: number;
  /** Whether this build records the alerts it fires, and who hears of them (default: recorded, told no one). */
  alerts?: AlertOptions;
}

/** A configuration problem the user must fix (exit 2), e.g. a CLAUDE_CONFIG_DIR without projects/. */
export class AggregateConfigError extends Error {
  override name = 'AggregateConfigError';
}

let saidDemo = false;

/** Blocks older than this stay in the estimate's history but are not listed in the document. */
const LISTED_BLOCK_DAYS = 30;

/**
 * The zone for days and clock times (see support/timezone.ts): --timezone, else TZ in any form
 * glibc reads, else the system zone. Throws AggregateConfigError for an unknown --timezone only.
 */
export function resolveTimezone(requested: string | undefined, env: Record<string, string | undefined>): string {
  try {
    return resolveZoneOnce(requested, env);
  } catch (error) {
    if (error instanceof UnknownZoneError) throw new AggregateConfigError(error.message);
    throw error;
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
  /** aios's own cache dir (the endpoint's state lives there); null inside a Claude Code config dir. */
  cacheBase: string | null;
  /** Where this run's scan cache and memo live (the demo has its own); null without a cache. */
  scanCacheDir: string | null;
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
  // Null (warned about) when it lies inside a Claude Code config dir: the run goes without a cache.
  const cacheBase = writableCacheDir(opts.env, opts.home);
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
  if (demo && cacheBase === null)
    throw new AggregateConfigError(
      'the demo history is generated in the cache dir, which aios may not write (see above)',
    );
  const caches = cacheBase === null ? null : cacheDirs(cacheBase);
  // Loaded only for the demo: it brings the whole log generator with it.
  const configDirs = demo
    ? [(await import('../demo/demo-tree.ts')).prepareDemoConfigDir(caches!.demoTree, now)]
    : resolution.dirs;
  const scanCacheDir = caches === null ? null : demo ? caches.demoScan : caches.scan;
  // The last run's memo, read before the scan: a zone it already resolved needs no ICU.
  const zoneRequest = opts.timezone ?? opts.env.TZ;
  const stored = scanCacheDir === null ? null : readUsageMemo(scanCacheDir, scanScope(configDirs), zoneRequest ?? '');
  // Only a name that resolved to itself is taken from the memo: a TZ that fell back (with a
  // warning) or depends on the system is resolved again, and warned about again.
  const timezone =
    stored &&
    zoneRequest !== undefined &&
    stored.memo.zoneRequest === zoneRequest &&
    stored.memo.timezone === zoneRequest
      ? stored.memo.timezone
      : resolveTimezone(opts.timezone, opts.env);
  return { now, demo, configDirs, cacheBase, scanCacheDir, zoneRequest, timezone, stored };
}

const DEMO_REASON: FallbackReason = { kind: 'demo', message: 'demo data: Anthropic usage is not read', retryAt: null };

/** The live reads in flight: Anthropic's numbers and the history (one promise), and the plan. */
interface LiveReads {
  readings: Promise<LiveReadings>;
  plan: Promise<Plan | null>;
}

/** What the live reads hand the assembler beside the scan. */
export interface LiveResult {
  /** Why the endpoint gave no reading this run; null when it answered or a fresh reading spared it. */
  endpointFailure: FallbackReason | null;
  /** The usage history's readings of the last 90 days, oldest first. */
  readings: UsageReading[];
  /** Limit hits of the last 90 days (readings at 100 % and the logs' "usage limit reached"), oldest first. */
  hits: LimitHit[];
}

/** The demo reads no live source and keeps no history: only its own logs' limit hits, in memory. */
function demoReadings(): LiveReadings {
  return {
    endpointFailure: DEMO_REASON,
    readings: [],
    settleHits: (messages) => uniqueHits(hitsOfLimitMessages(messages)),
    close: () => undefined,
  };
}

/**
 * Start the live reads: the plan from the credential, and Anthropic's numbers from the history (the
 * statusline's latest reading, the endpoint's last answer), Claude Code's cached copy and, only when
 * none is fresh, the endpoint; each observation is recorded in the history. Started before the scan
 * so the endpoint's latency hides behind it; the demo reads none of them.
 */
function startLiveReads(opts: AggregateOptions, run: Run): LiveReads {
  if (run.demo) return { readings: Promise.resolve(demoReadings()), plan: Promise.resolve(null) };
  const oauthOptions: ClaudeOAuthOptions = {
    env: opts.env,
    home: opts.home,
    isMacOS: IS_MACOS,
    now: () => run.now,
    cacheDir: run.cacheBase,
    explicit: opts.explicit === true,
    ...opts.oauth,
  } as ClaudeOAuthOptions;
  const plan = detectSubscription(oauthOptions);
  const readings = gatherLiveReadings({
    env: opts.env,
    home: opts.home,
    now: run.now.getTime(),
    dataDir: resolveAiosDataDir(opts.env, opts.home),
    guardDirs: [...protectedConfigDirs(opts.env, opts.home), ...run.configDirs],
    intervalMs: opts.liveIntervalMs ?? DEFAULT_LIVE_INTERVAL_MS,
    explicit: opts.explicit === true,
    planTier: plan.then((p) => p?.rateLimitTier ?? null),
    askEndpoint: () => getClaudeAuthoritativeUsage(oauthOptions),
  });
  return { readings, plan };
}

/** Wait for the live reads and settle the limit hits with the ones the scan found in the logs. */
async function settleLive(live: LiveReads, scan: ScanResult): Promise<{ result: LiveResult; plan: Plan | null }> {
  const reads = await live.readings;
  const hits = reads.settleHits(scan.limitMessages);
  return { result: { endpointFailure: reads.endpointFailure, readings: reads.readings, hits }, plan: await live.plan };
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
  live: LiveResult,
  plan: Plan | null,
  alerts: AlertRun,
): { checked: ReturnType<typeof validateUsageData>; judgement: AlertJudgement } {
  const now = run.now;
  const estimate = estimateClaudeWindow({ entries: weekly, blocks, limitMessages: scan.limitMessages, now });
  const resolved = resolveWindows({
    now,
    readings: live.readings,
    hits: live.hits,
    endpointFailure: live.endpointFailure,
    blocks,
    logged: loggedUsage(weekly),
    estimate,
  });
  const claudeWindow = { ...resolved.claudeWindow, estimate: estimateInUsd(resolved.claudeWindow.estimate) };
  const history = resolved.history;
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
    // The report splits every day by model and project; the document keeps the last 90, bounded.
    ...reportInUsd({ ...report, dailyBreakdown: recentBreakdown(report.dailyBreakdown, now.getTime()) }),
    blocks: blocks.filter((b) => Date.parse(b.end) >= listedSince).map(blockInUsd),
    plan,
    claudeWindow,
    history,
    alerts: { thresholds: [], current: [] },
  };
  const judgement = alerts.judge(doc, now);
  doc.alerts = judgement.section;
  return { checked: validateUsageData(doc), judgement };
}

/**
 * Build the validated document. Never depends on the endpoint for its exit: OAuth failures become
 * `claudeWindow.fallbackReason`. Throws AggregateConfigError for user-fixable configuration.
 */
export async function buildUsageData(opts: AggregateOptions): Promise<UsageData> {
  const run = await resolveRun(opts);
  const alerts = startAlertRun({ env: opts.env, home: opts.home, demo: run.demo, alerts: opts.alerts });
  const live = startLiveReads(opts, run);
  let scanned: Awaited<ReturnType<typeof scanAndDerive>>;
  try {
    scanned = await scanAndDerive(run, run.stored);
  } catch (error) {
    // The history store stays open for the log's limit hits; a failed scan releases it.
    await live.readings.then(
      (reads) => reads.close(),
      () => undefined,
    );
    throw error;
  }
  let { scan, derived } = scanned;
  const { result, plan } = await settleLive(live, scan);
  let { checked, judgement } = assembleDocument(run, scan, derived, result, plan, alerts);
  if (!checked.ok && derived.fromMemo) {
    // A memo from an aios whose rows differed (and nobody bumped MEMO_VERSION) is never served.
    log.debug(`report memo does not fit the contract (${checked.errors[0]}); recomputing it`);
    ({ scan, derived } = await scanAndDerive(run, null));
    ({ checked, judgement } = assembleDocument(run, scan, derived, result, plan, alerts));
  }
  if (!checked.ok) {
    // A bug of ours, not the user's: say exactly where, and never write a document that lies.
    throw new Error(`internal error: the assembled document fails the contract: ${checked.errors.join('; ')}`);
  }
  alerts.record(judgement, checked.value);
  return checked.value;
}
