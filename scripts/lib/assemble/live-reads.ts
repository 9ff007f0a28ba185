// The live reads of one build: the plan from the credential, and Anthropic's numbers from the usage
// history, Claude Code's cached copy and (only when none is fresh) the endpoint, started before the scan.
import type { FallbackReason, Plan } from '../../../src/contract/usage-data.ts';
import { hitsOfLimitMessages, uniqueHits } from '../history/hits.ts';
import type { LimitHit, UsageReading } from '../history/readings.ts';
import { detectSubscription } from '../live/credential/subscription-detection.ts';
import { getClaudeAuthoritativeUsage, type ClaudeOAuthOptions } from '../live/endpoint/claude-oauth-usage.ts';
import { DEFAULT_LIVE_INTERVAL_MS } from '../live/endpoint/gate.ts';
import { gatherLiveReadings, type LiveReadings } from '../live/live-readings.ts';
import type { ScanResult } from '../logs/scan.ts';
import { resolveAiosDataDir } from '../support/paths.ts';
import { IS_MACOS } from '../support/platform.ts';
import { protectedConfigDirs } from '../support/write-guard.ts';
import type { AggregateOptions, Run } from './run.ts';

const DEMO_REASON: FallbackReason = { kind: 'demo', message: 'demo data: Anthropic usage is not read', retryAt: null };

/** The live reads in flight: Anthropic's numbers and the history (one promise), and the plan. */
export interface LiveReads {
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
export function startLiveReads(opts: AggregateOptions, run: Run): LiveReads {
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
export async function settleLive(
  live: LiveReads,
  scan: ScanResult,
): Promise<{ result: LiveResult; plan: Plan | null }> {
  const reads = await live.readings;
  const hits = reads.settleHits(scan.limitMessages);
  return { result: { endpointFailure: reads.endpointFailure, readings: reads.readings, hits }, plan: await live.plan };
}
