// Anthropic's numbers from every source, freshest and cheapest first: the history (with the latest
// statusline reading and the endpoint's last answer), Claude Code's cached copy, and the endpoint only
// when none of them is fresh.
// Every observation is recorded in the history; the caller gets the readings and why the endpoint gave none.
import type { FallbackReason } from '../../../src/contract/usage-data.ts';
import { hitsOfLimitMessages, hitsOfReading, uniqueHits } from '../history/hits.ts';
import { FUTURE_SLACK_MS, type LimitHit, type UsageReading } from '../history/readings.ts';
import { openHistoryStore } from '../history/open-store.ts';
import type { HistoryStore } from '../history/store.ts';
import type { LimitMessage } from '../logs/entry.ts';
import { readClaudeCachedUsage } from './claude-cache/cached-usage.ts';
import { endpointEnabled, ENDPOINT_DISABLED, freshReading } from './endpoint/gate.ts';
import type { UsageResult } from './endpoint/outcome.ts';
import { readingFromPayload } from './payload-reading.ts';

const DAY = 86_400_000;
/** How far back the history handed to the caller reaches. */
export const HISTORY_DAYS = 90;

export interface LiveReadingsOptions {
  env: Record<string, string | undefined>;
  home: string;
  now: number;
  /** resolveAiosDataDir(): where the history lives. */
  dataDir: string;
  /** Claude Code's config dirs (candidates too): the history is never kept inside one. */
  guardDirs: readonly string[];
  /** The poll interval: a reading younger than this (a local one, or the endpoint's own) spares the endpoint. */
  intervalMs: number;
  /**
   * The user asked for this read (the dashboard's Refresh): an answer of the endpoint older than 60 s
   * no longer spares it (gate.ts EXPLICIT_REASK_MS). Default false.
   */
  explicit?: boolean;
  /** The credential's rate-limit tier, recorded with each reading. */
  planTier: Promise<string | null>;
  /** Asks the usage endpoint (today's reader, with its own cooldowns and answer reuse). */
  askEndpoint: () => Promise<UsageResult>;
}

/** What the live reads found, and the history store kept open for the log's limit hits. */
export interface LiveReadings {
  /**
   * Why the endpoint gave no reading this run (turned off, cooling down, failed), or null when it
   * answered or a fresh reading spared it. The readings themselves are in `readings`.
   */
  endpointFailure: FallbackReason | null;
  /** The history's readings of the last 90 days, oldest first, this run's included. */
  readings: UsageReading[];
  /**
   * Record the limit hits found in the logs and return every hit of the last 90 days (readings at
   * 100 % and log lines), oldest first. Closes the store: call it once, last.
   */
  settleHits(messages: readonly LimitMessage[]): LimitHit[];
  /** Release the store without settling (the run failed). */
  close(): void;
}

const since = (now: number) => now - HISTORY_DAYS * DAY;
const notFuture = (now: number) => (r: UsageReading) => r.observedAt <= now + FUTURE_SLACK_MS;

/** A history that remembers only this run (the store is unusable): what was observed now. */
class RunHistory {
  readonly observed: UsageReading[] = [];
  constructor(private readonly store: HistoryStore | null) {}

  record(r: UsageReading): void {
    this.observed.push(r);
    this.store?.record(r);
  }

  /** Readings last seen at or after `from`, oldest first, none dated in the future. */
  readings(now: number, from: number): UsageReading[] {
    const all = this.store ? this.store.readingsSince(from) : this.observed.filter((r) => r.observedAt >= from);
    return all.filter(notFuture(now)).sort((a, b) => a.observedAt - b.observedAt);
  }
}

/**
 * Gather the readings: record Claude Code's cached copy, look for a reading younger than the
 * interval (a statusline's recorded by another process, or the endpoint's last answer, included),
 * and only without one ask the endpoint (unless AIOS_ENDPOINT=off) and record its answer. Every
 * fault of a source or of the store is logged and answered around; it throws only on a bug of ours.
 */
export async function gatherLiveReadings(o: LiveReadingsOptions): Promise<LiveReadings> {
  const store = openHistoryStore({ dataDir: o.dataDir, guardDirs: o.guardDirs, now: () => o.now });
  try {
    const history = new RunHistory(store);
    const cached = readClaudeCachedUsage(o.env, o.home, o.now);
    // Decided before anything is awaited, so a needed request starts at once, beside the scan.
    const recent = [...history.readings(o.now, o.now - o.intervalMs), ...(cached ? [cached] : [])];
    const fresh = freshReading(recent, o.now, o.intervalMs, o.explicit === true);
    const asked = fresh === null && endpointEnabled(o.env) ? o.askEndpoint() : null;
    const planTier = await o.planTier.catch(() => null);
    if (cached) history.record({ ...cached, planTier });
    const answer = asked ? await asked : null;
    if (answer?.ok) history.record({ ...readingFromPayload('endpoint', answer.usage), planTier });
    const endpointFailure = answer ? (answer.ok ? null : answer.reason) : fresh ? null : ENDPOINT_DISABLED;
    store?.thinIfDue(o.now);
    const readings = history.readings(o.now, since(o.now));
    return {
      endpointFailure,
      readings,
      settleHits(messages) {
        try {
          const fromLogs = hitsOfLimitMessages(messages);
          store?.recordHits(fromLogs);
          const stored = store?.hitsSince(since(o.now)) ?? [];
          return uniqueHits([...stored, ...fromLogs, ...readings.flatMap(hitsOfReading)]).filter(
            (h) => h.at >= since(o.now),
          );
        } finally {
          store?.close();
        }
      },
      close: () => store?.close(),
    };
  } catch (error) {
    store?.close();
    throw error;
  }
}
