// The history as windows: each 5-hour window and week Anthropic reported (or a limit hit named),
// with its peak percent, the cost logged inside it, and its limit hits. For `aios history` and any
// other reader of the history (an MCP server, later).
import type { WeeklyPoints } from '../windows/estimate.ts';
import { READING_SOURCES, type LimitHit, type ReadingVia, type UsageReading, type WindowReading } from './readings.ts';

export type WindowKind = LimitHit['window'];

const HOUR = 3_600_000;
/** The length of each window (the alerts tell two windows of a kind apart by it too). */
export const WINDOW_MS: Record<WindowKind, number> = { five_hour: 5 * HOUR, seven_day: 7 * 24 * HOUR };
/** Resets of one window as two sources report them may differ by a second: windows are told apart by the minute. */
const RESET_GRAIN_MS = 60_000;

export interface HistoryWindow {
  kind: WindowKind;
  /** Epoch ms: the reset minus the window's length. */
  startsAt: number;
  /** Epoch ms, as the first reading or hit of the window gave it. */
  resetsAt: number;
  /** The highest percent any reading of the window showed; null when only a limit hit names it. */
  peakPct: number | null;
  /** When that peak was first seen. */
  peakAt: number | null;
  /** Distinct readings of the window (a reading repeated unchanged counts once). */
  readings: number;
  /** Which sources reported it, in READING_SOURCES order. */
  sources: ReadingVia[];
  /** USD logged on this machine from the window's start to its reset (or now); null without the logs. */
  costUsd: number | null;
  /** Its limit hits, oldest first. */
  hits: LimitHit[];
}

export interface SummaryInput {
  readings: readonly UsageReading[];
  hits: readonly LimitHit[];
  /** The logs' per-entry times and costs (the report memo keeps them); null when not at hand. */
  points: WeeklyPoints | null;
  now: number;
  /** Windows that reset before this are left out. */
  since: number;
}

const grain = (ms: number) => Math.round(ms / RESET_GRAIN_MS) * RESET_GRAIN_MS;

/** First index with timestamps[i] >= t (timestamps sorted ascending). */
function lowerBound(timestamps: Float64Array, t: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** USD of the priced entries in [from, to). Unpriced entries (NaN) add nothing. */
export function costBetween(points: WeeklyPoints, from: number, to: number): number {
  let sum = 0;
  for (let i = lowerBound(points.timestamps, from); i < points.timestamps.length; i++) {
    if (points.timestamps[i]! >= to) break;
    const c = points.costs[i]!;
    if (!Number.isNaN(c)) sum += c;
  }
  return sum;
}

interface Building {
  kind: WindowKind;
  resetsAt: number;
  peak: { pct: number; at: number } | null;
  readings: number;
  sources: Set<ReadingVia>;
  hits: LimitHit[];
}

/**
 * The windows the readings and hits name, oldest reset first, five-hour and weekly together.
 *
 * @example summarizeWindows({ readings, hits, points: memo.weekly, now, since: now - 30 * 86_400_000 })
 */
export function summarizeWindows(input: SummaryInput): HistoryWindow[] {
  const windows = new Map<string, Building>();
  const windowFor = (kind: WindowKind, resetsAt: number): Building => {
    const key = `${kind}:${grain(resetsAt)}`;
    let w = windows.get(key);
    if (!w) windows.set(key, (w = { kind, resetsAt, peak: null, readings: 0, sources: new Set(), hits: [] }));
    return w;
  };
  const see = (kind: WindowKind, reading: UsageReading, seen: WindowReading | null) => {
    if (!seen) return;
    const w = windowFor(kind, seen.resetsAt);
    w.readings++;
    w.sources.add(reading.via);
    if (!w.peak || seen.pct > w.peak.pct || (seen.pct === w.peak.pct && reading.firstSeenAt < w.peak.at))
      w.peak = { pct: seen.pct, at: reading.firstSeenAt };
  };
  for (const r of input.readings) {
    see('five_hour', r, r.fiveHour);
    see('seven_day', r, r.sevenDay);
  }
  for (const h of input.hits) if (h.resetsAt !== null) windowFor(h.window, h.resetsAt).hits.push(h);

  const out: HistoryWindow[] = [];
  for (const w of windows.values()) {
    if (w.resetsAt < input.since) continue;
    const startsAt = w.resetsAt - WINDOW_MS[w.kind];
    out.push({
      kind: w.kind,
      startsAt,
      resetsAt: w.resetsAt,
      peakPct: w.peak?.pct ?? null,
      peakAt: w.peak?.at ?? null,
      readings: w.readings,
      sources: READING_SOURCES.filter((s) => w.sources.has(s)),
      costUsd: input.points ? costBetween(input.points, startsAt, Math.min(w.resetsAt, input.now)) : null,
      hits: w.hits.sort((a, b) => a.at - b.at),
    });
  }
  return out.sort((a, b) => a.resetsAt - b.resetsAt || (a.kind < b.kind ? -1 : 1));
}
