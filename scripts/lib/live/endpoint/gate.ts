// Whether the usage endpoint may be asked at all (AIOS_ENDPOINT=off turns it off), and how often:
// only when no local reading (statusline, Claude Code's cache) is younger than the poll interval.
import type { FallbackReason } from '../../../../src/contract/usage-data.ts';
import { FUTURE_SLACK_MS, type UsageReading } from '../../history/readings.ts';
import { reason } from './reasons.ts';

/** Peers poll the endpoint every 3-5 minutes (shared doc §5); `--live-interval` changes it. */
export const DEFAULT_LIVE_INTERVAL_MS = 5 * 60_000;
/** Claude Code itself reuses an answer for 60 s: asking more often is never useful. */
export const MIN_LIVE_INTERVAL_MS = 60_000;

/** True unless AIOS_ENDPOINT is "off" (any case, spaces ignored). */
export function endpointEnabled(env: Record<string, string | undefined>): boolean {
  return env.AIOS_ENDPOINT?.trim().toLowerCase() !== 'off';
}

export const ENDPOINT_DISABLED: FallbackReason = reason(
  'disabled',
  'the usage endpoint is turned off (AIOS_ENDPOINT=off) and no recent reading from Claude Code is at hand',
);

/**
 * The freshest reading from a local source (the statusline, Claude Code's cached copy) younger
 * than `intervalMs` whose 5-hour window is still current at `now`, or null: then the endpoint may
 * be asked. Readings dated in the future are ignored.
 */
export function freshLocalReading(
  readings: readonly UsageReading[],
  now: number,
  intervalMs: number,
): UsageReading | null {
  let best: UsageReading | null = null;
  for (const r of readings) {
    if (r.via === 'endpoint' || r.observedAt > now + FUTURE_SLACK_MS || now - r.observedAt >= intervalMs) continue;
    if (!r.fiveHour || r.fiveHour.resetsAt <= now) continue;
    if (!best || r.observedAt > best.observedAt) best = r;
  }
  return best;
}

/**
 * `--live-interval SECONDS` as milliseconds: a whole number of seconds, at least 60. Returns the
 * default when absent and null when the value is not acceptable.
 */
export function parseLiveInterval(value: string | undefined): number | null {
  if (value === undefined) return DEFAULT_LIVE_INTERVAL_MS;
  if (!/^\d{1,9}$/.test(value)) return null;
  const ms = Number(value) * 1000;
  return ms >= MIN_LIVE_INTERVAL_MS ? ms : null;
}
