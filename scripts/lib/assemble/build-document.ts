// Assembles the data contract: log scan and Anthropic's usage endpoint run concurrently, then
// report -> blocks -> window estimate -> merge -> validate. The one producer of UsageData.
import { join } from 'node:path';
import {
  SCHEMA_VERSION,
  validateUsageData,
  type FallbackReason,
  type UsageBlock,
  type UsageData,
} from '../../../src/contract/usage-data.ts';
import { resolveAiosCacheDir } from '../support/paths.ts';
import { getClaudeAuthoritativeUsage, type ClaudeOAuthOptions } from '../live/endpoint/claude-oauth-usage.ts';
import { resolveClaudeConfigDirs } from '../logs/config-dirs.ts';
import { resolveClaudeWindow } from '../windows/claude-window.ts';
import { log } from '../support/log.ts';
import { scanClaudeLogs, scanScope, type ScanResult } from '../logs/scan.ts';
import { IS_MACOS } from '../support/platform.ts';
import { detectSubscription } from '../live/credential/subscription-detection.ts';
import { buildUsageReport, type UsageReport } from '../report/usage-report.ts';
import { readUsageMemo, memoKey, writeUsageMemo } from '../logs/cache/memo.ts';
import { blocksAt, buildBlocks } from '../windows/blocks.ts';
import { estimateClaudeWindow, weeklyPoints, type WeeklyPoints } from '../windows/estimate.ts';

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

interface Derived {
  report: UsageReport;
  blocks: UsageBlock[];
  weekly: WeeklyPoints;
  fromMemo: boolean;
}

/**
 * Report rows, blocks at `now` and the weekly columns: from the memo when it was made for this very
 * scan result, zone and price table (only `now`-dependent fields are recomputed), else computed
 * from the entries and memoized when the scan result is complete.
 */
function derive(
  scan: ScanResult,
  stored: ReturnType<typeof readUsageMemo>,
  zoneRequest: string,
  timezone: string,
  now: Date,
): Derived {
  const key = scan.memoizable ? memoKey(scan.memoizable.signature, timezone) : null;
  if (key !== null && stored?.key === key) {
    const { report, blocks, weekly } = stored.memo;
    return { report, blocks: blocksAt(blocks, now), weekly, fromMemo: true };
  }
  // The scan leaves out the entries only when this very memo answered for it.
  if (scan.entries === null) throw new Error('internal error: the scan left out the entries but the memo does not fit');
  const report = buildUsageReport(scan.entries, { timezone });
  const blocks = buildBlocks(scan.entries, now);
  const weekly = weeklyPoints(scan.entries);
  if (key !== null) {
    const summary = {
      entryCount: scan.entryCount,
      duplicates: scan.duplicates,
      limits: scan.limitMessages,
      skipped: scan.skipped,
    };
    writeUsageMemo(scan.memoizable!.cacheDir, scan.memoizable!.scope, key, {
      zoneRequest,
      timezone,
      report,
      blocks,
      weekly,
      scan: summary,
    });
  }
  return { report, blocks, weekly, fromMemo: false };
}

/**
 * Build the validated document. Never depends on the endpoint for its exit: OAuth failures become
 * `claudeWindow.fallbackReason`. Throws AggregateConfigError for user-fixable configuration.
 */
export async function buildUsageData(opts: AggregateOptions): Promise<UsageData> {
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
  if (!demo && resolution.dirs.length === 0) {
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

  const oauthOptions: ClaudeOAuthOptions = {
    env: opts.env,
    home: opts.home,
    isMacOS: IS_MACOS,
    now: () => now,
    cacheDir: cacheBase,
    ...opts.oauth,
  } as ClaudeOAuthOptions;
  // Started before the scan so the endpoint's latency hides behind it.
  const live: Promise<
    { ok: true; usage: NonNullable<UsageData['claudeWindow']['authoritative']> } | { ok: false; reason: FallbackReason }
  > = demo
    ? Promise.resolve({
        ok: false as const,
        reason: { kind: 'demo' as const, message: 'demo data: Anthropic usage is not read', retryAt: null },
      })
    : getClaudeAuthoritativeUsage(oauthOptions);
  const plan = demo ? Promise.resolve(null) : detectSubscription(oauthOptions);

  // A memo made for this tree's signature answers for the scan result too.
  const known = (signature: string) => (stored?.key === memoKey(signature, timezone) ? stored.memo.scan : null);
  let scan = await scanClaudeLogs({ configDirs, cacheDir: scanCacheDir, known });
  let derived = derive(scan, stored, zoneRequest ?? '', timezone, now);
  const liveResult = await live;
  const planValue = await plan;
  const listedSince = now.getTime() - LISTED_BLOCK_DAYS * 86_400_000;

  const assemble = ({ report, blocks, weekly }: Derived) => {
    const estimate = estimateClaudeWindow({ entries: weekly, blocks, limitMessages: scan.limitMessages, now });
    const claudeWindow = resolveClaudeWindow(
      estimate,
      liveResult.ok ? { usage: liveResult.usage } : { reason: liveResult.reason },
    );
    const doc: UsageData = {
      schemaVersion: SCHEMA_VERSION,
      generatedAt: now.toISOString(),
      demo,
      timezone,
      sources: {
        dirs: configDirs,
        files: scan.files,
        bytes: scan.bytes,
        filesRead: scan.filesRead,
        bytesRead: scan.bytesRead,
        entries: scan.entryCount,
        duplicates: scan.duplicates,
        skipped: scan.skipped,
        unreadableFiles: scan.unreadableFiles.slice(0, 100),
        scanMs: scan.scanMs,
      },
      ...report,
      blocks: blocks.filter((b) => Date.parse(b.end) >= listedSince),
      plan: planValue,
      claudeWindow,
    };
    return validateUsageData(doc);
  };
  let checked = assemble(derived);
  if (!checked.ok && derived.fromMemo) {
    // A memo from an aios whose rows differed (and nobody bumped MEMO_VERSION) is never served.
    log.debug(`report memo does not fit the contract (${checked.errors[0]}); recomputing it`);
    scan = await scanClaudeLogs({ configDirs, cacheDir: scanCacheDir });
    derived = derive(scan, null, zoneRequest ?? '', timezone, now);
    checked = assemble(derived);
  }
  if (!checked.ok) {
    // A bug of ours, not the user's: say exactly where, and never write a document that lies.
    throw new Error(`internal error: the assembled document fails the contract: ${checked.errors.join('; ')}`);
  }
  return checked.value;
}
