// The one producer of UsageData: resolve the run (run.ts), start the live reads (live-reads.ts), scan
// and derive (derive.ts), then assemble and validate the document and record the alerts it fired.
import { SCHEMA_VERSION, validateUsageData, type Plan, type UsageData } from '../../../src/contract/usage-data.ts';
import { startAlertRun, type AlertJudgement, type AlertRun } from '../alerts/document-alerts.ts';
import type { ScanResult } from '../logs/scan.ts';
import { recentBreakdown } from '../report/daily-breakdown.ts';
import { log } from '../support/log.ts';
import { countFuture } from '../windows/blocks.ts';
import { resolveWindows } from '../windows/claude-window.ts';
import { estimateClaudeWindow } from '../windows/estimate.ts';
import { loggedUsage } from '../windows/logged-usage.ts';
import { scanAndDerive, type Derived } from './derive.ts';
import { settleLive, startLiveReads, type LiveResult } from './live-reads.ts';
import { blockInUsd, estimateInUsd, reportInUsd } from './money.ts';
import { resolveRun, type AggregateOptions, type Run } from './run.ts';

export { AggregateConfigError, resolveTimezone } from './run.ts';

/** Blocks older than this stay in the estimate's history but are not listed in the document. */
const LISTED_BLOCK_DAYS = 30;

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
