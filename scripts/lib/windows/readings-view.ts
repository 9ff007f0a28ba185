// Which reading the panel can stand on: readings not from the future, the newest reading of a window
// whose reset is still ahead, and whether it is fresh enough to be Live.
import { validateAuthoritativeUsage, type ClaudeAuthoritativeUsage } from '../../../src/contract/usage-data.ts';
import { FUTURE_SLACK_MS, type UsageReading, type WindowReading } from '../history/readings.ts';
import { payloadWindow } from '../live/payload-reading.ts';
import type { CalibratedWindow } from './calibration.ts';

/**
 * A reading of the current window is Live for this long after it was seen; older, the panel shows
 * the estimate "live plus logs" (the reading plus the calibrated share of the cost logged since).
 * Ten minutes is twice the endpoint's default poll interval, so one late or refused poll does not
 * flip the badge, while Claude Code's statusline sends a new reading after every message, so during
 * use a reading is seldom more than a minute old. Ten minutes of heavy use moves the 5-hour window by
 * a few points, about the calibrated estimate's own error; past that, the estimate is the better number.
 */
export const LIVE_FRESH_MS = 10 * 60_000;

/** A window as the contract can hold it: a finite percent within 0-100 and a finite reset, else none. */
function sane(w: WindowReading | null): WindowReading | null {
  if (!w || !Number.isFinite(w.pct) || !Number.isFinite(w.resetsAt)) return null;
  return w.pct >= 0 && w.pct <= 100 ? w : { ...w, pct: Math.min(100, Math.max(0, w.pct)) };
}

/**
 * The payload of a fresh reading when it fits the contract, else none (the reading keeps its
 * columns): the history store hands payloads back as stored. Only a fresh reading's payload reaches
 * the panel, so only those are checked.
 */
function checkedPayload(r: UsageReading, now: number): ClaudeAuthoritativeUsage | null {
  if (r.payload === null || !isFresh(r, now)) return r.payload;
  const checked = validateAuthoritativeUsage(r.payload);
  return checked.ok ? checked.value : null;
}

/**
 * Readings usable at `now`, oldest first: one dated more than a minute ahead is clock skew. The store
 * checks what it records; this keeps an odd value from failing the whole document all the same.
 */
export function usableReadings(readings: readonly UsageReading[], now: number): UsageReading[] {
  return readings
    .filter((r) => Number.isFinite(r.observedAt) && r.observedAt <= now + FUTURE_SLACK_MS)
    .map((r) => ({ ...r, fiveHour: sane(r.fiveHour), sevenDay: sane(r.sevenDay), payload: checkedPayload(r, now) }))
    .sort((a, b) => a.observedAt - b.observedAt);
}

export interface CurrentWindow {
  reading: UsageReading;
  window: WindowReading;
}

/** The newest reading of the `kind` window that is still current at `now` (its reset ahead), of any age. */
export function newestCurrent(
  readings: readonly UsageReading[],
  kind: CalibratedWindow,
  now: number,
): CurrentWindow | null {
  for (let i = readings.length - 1; i >= 0; i--) {
    const window = readings[i]![kind];
    if (window && window.resetsAt > now) return { reading: readings[i]!, window };
  }
  return null;
}

export const isFresh = (reading: UsageReading, now: number) => now - reading.observedAt <= LIVE_FRESH_MS;

/**
 * What a reading says of the `kind` window that is current at `now`, as the panel shows it: the
 * payload's own window when there is a payload (its reset may be unknown: Anthropic sends a window
 * with no reset while none is open), else the reading's. Null when the window has reset.
 */
export function currentWindowOf(
  reading: UsageReading,
  kind: CalibratedWindow,
  now: number,
): { pct: number; resetsAt: string | null } | null {
  if (reading.payload) {
    const w = payloadWindow(reading.payload, kind);
    return w && (w.resetsAt === null || Date.parse(w.resetsAt) > now) ? w : null;
  }
  const w = reading[kind];
  return w && w.resetsAt > now ? { pct: w.pct, resetsAt: new Date(w.resetsAt).toISOString() } : null;
}
