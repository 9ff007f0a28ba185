// Chooses what the panel shows as Claude's window, strongest first: a fresh reading of the current
// 5-hour window (Live), else aios's estimate on its best basis, with the reason the Live number is missing.
import type {
  ClaudeAuthoritativeUsage,
  ClaudeWindow,
  FallbackReason,
  UsageBlock,
  UsageHistory,
  WindowEstimate,
} from '../../../src/contract/usage-data.ts';
import { formatDuration } from '../../../src/view/format.ts';
import { SAME_RESET_MS, type LimitHit, type UsageReading, type WindowReading } from '../history/readings.ts';
import { VIA_WORDS } from './basis-words.ts';
import { calibrateWindows } from './calibration.ts';
import { buildUsageHistory } from './history-series.ts';
import type { LoggedUsage } from './logged-usage.ts';
import { payloadWindow } from '../live/payload-reading.ts';
import { currentWindowOf, isFresh, newestCurrent, usableReadings } from './readings-view.ts';
import { estimateWindows } from './window-estimates.ts';

export interface WindowResolutionInput {
  now: Date;
  /** Anthropic's readings from every source, oldest first, up to 90 days. */
  readings: readonly UsageReading[];
  /** Limit hits (readings of 100 %, "usage limit reached" log lines), for the history. */
  hits: readonly LimitHit[];
  /** Why the endpoint gave no reading this run (rate limited, turned off…); null when it answered or was not asked. */
  endpointFailure: FallbackReason | null;
  /** Every block of the logs at `now` (buildBlocks / blocksAt). */
  blocks: readonly UsageBlock[];
  logged: LoggedUsage;
  /** The history-p90 estimate (estimate.ts estimateClaudeWindow). */
  estimate: WindowEstimate;
}

const iso = (ms: number) => new Date(ms).toISOString();
const clampPct = (pct: number) => Math.min(100, Math.max(0, pct));

/** Payloads with every window null (seen on Enterprise accounts) give the panel nothing to show. */
const NO_WINDOW: FallbackReason = {
  kind: 'bad-payload',
  message: "Claude's usage answer had no 5-hour window",
  retryAt: null,
};

const NO_READING: FallbackReason = {
  kind: 'no-reading',
  message: "no reading of Anthropic's numbers yet: set up aios statusline so Claude Code passes them on",
  retryAt: null,
};

/** The newest reading younger than the bound that has a current 5-hour window. */
function liveReading(readings: readonly UsageReading[], now: number) {
  for (let i = readings.length - 1; i >= 0 && isFresh(readings[i]!, now); i--) {
    const five = currentWindowOf(readings[i]!, 'fiveHour', now);
    if (five) return { reading: readings[i]!, five };
  }
  return null;
}

/**
 * The newest fresh payload of the same week as a statusline reading, which has none: it lends the
 * per-model weeks, scoped limits and extra usage (its 5-hour and weekly entries are left out, the
 * fresher reading has them).
 */
function sameWeekPayload(reading: UsageReading, readings: readonly UsageReading[], now: number) {
  const week = reading.sevenDay;
  if (!week) return null;
  for (let i = readings.length - 1; i >= 0; i--) {
    const r = readings[i]!;
    const sameWeek = r.sevenDay !== null && Math.abs(r.sevenDay.resetsAt - week.resetsAt) < SAME_RESET_MS;
    if (r.payload && isFresh(r, now) && sameWeek) return r.payload;
  }
  return null;
}

function authoritativeOf(
  reading: UsageReading,
  readings: readonly UsageReading[],
  now: number,
): ClaudeAuthoritativeUsage {
  const fetchedAt = iso(reading.observedAt);
  if (reading.payload) return { ...reading.payload, fetchedAt };
  const window = (w: WindowReading | null) =>
    w && w.resetsAt > now ? { utilization: clampPct(w.pct), resetsAt: iso(w.resetsAt) } : null;
  const donor = sameWeekPayload(reading, readings, now);
  return {
    fetchedAt,
    fiveHour: window(reading.fiveHour),
    sevenDay: window(reading.sevenDay),
    sevenDaySonnet: donor?.sevenDaySonnet ?? null,
    sevenDayOpus: donor?.sevenDayOpus ?? null,
    sevenDayOauthApps: donor?.sevenDayOauthApps ?? null,
    extraUsage: donor?.extraUsage ?? null,
    limits: donor ? donor.limits.filter((l) => l.kind !== 'session' && l.kind !== 'weekly_all') : [],
  };
}

/** "40 s", "25 m", "3 h 10 m", "2 d 4 h": a reading's age, as the panel says durations. */
const ageOf = (reading: UsageReading, now: number) => formatDuration(now - reading.observedAt);

/** Joins the endpoint's failure (kind, retry time, words first) with what the readings say. */
function withEndpoint(failure: FallbackReason | null, kind: FallbackReason['kind'], note: string): FallbackReason {
  return failure ? { ...failure, message: `${failure.message}; ${note}` } : { kind, message: note, retryAt: null };
}

/** Why the Live number is missing: the last reading is too old, of an earlier window, absent, or the endpoint failed. */
function reasonFor(readings: readonly UsageReading[], failure: FallbackReason | null, now: number): FallbackReason {
  const current = newestCurrent(readings, 'fiveHour', now);
  if (current) {
    const { reading } = current;
    const note = `the last reading of this 5-hour window, from ${VIA_WORDS[reading.via]}, is ${ageOf(reading, now)} old`;
    return withEndpoint(failure, 'stale-reading', note);
  }
  const latest = readings.at(-1);
  if (!latest) return failure ?? NO_READING;
  if (isFresh(latest, now) && latest.payload && !payloadWindow(latest.payload, 'fiveHour')) return NO_WINDOW;
  const note =
    `no reading of the current 5-hour window yet (the last reading, from ${VIA_WORDS[latest.via]}, ` +
    `is ${ageOf(latest, now)} old)`;
  return withEndpoint(failure, 'no-reading', note);
}

/** The panel's window: Live from a fresh reading of the current 5-hour window, else the estimate and why. */
function shownWindow(
  readings: readonly UsageReading[],
  estimate: WindowEstimate,
  failure: FallbackReason | null,
  now: number,
): ClaudeWindow {
  const live = liveReading(readings, now);
  if (live) {
    const { reading, five } = live;
    const week = currentWindowOf(reading, 'sevenDay', now);
    return {
      source: 'oauth',
      pct: clampPct(five.pct),
      resetsAt: five.resetsAt,
      weekly: week ? { pct: clampPct(week.pct), resetsAt: week.resetsAt } : { pct: null, resetsAt: null },
      estimate,
      live: { via: reading.via, observedAt: iso(reading.observedAt) },
      authoritative: authoritativeOf(reading, readings, now),
      fallbackReason: null,
    };
  }
  return {
    source: 'estimate',
    pct: estimate.pct,
    resetsAt: estimate.resetsAt,
    weekly: { pct: estimate.weekly.pct, resetsAt: estimate.weekly.resetsAt },
    estimate,
    live: null,
    authoritative: null,
    fallbackReason: reasonFor(readings, failure, now),
  };
}

/**
 * Resolve the panel's window and the history from the readings. Live is a reading of the current
 * 5-hour window younger than LIVE_FRESH_MS; the week shown beside it is the same reading's. Otherwise
 * each window is estimated on its strongest basis (window-estimates.ts): live-plus-logs, the logged
 * limit message, calibrated, history-p90, none.
 *
 * @example const { claudeWindow, history } = resolveWindows({ now, readings, hits, endpointFailure, blocks, logged, estimate });
 */
export function resolveWindows(input: WindowResolutionInput): { claudeWindow: ClaudeWindow; history: UsageHistory } {
  const now = input.now.getTime();
  const readings = usableReadings(input.readings, now);
  const { logged, blocks } = input;
  const fits = calibrateWindows(readings, logged.costBetween, now);
  const estimate = estimateWindows({ now, readings, p90: input.estimate, logged, blocks, fits });
  return {
    claudeWindow: shownWindow(readings, estimate, input.endpointFailure, now),
    history: buildUsageHistory({ now, readings, hits: input.hits, logged, blocks, fits, p90: input.estimate }),
  };
}
