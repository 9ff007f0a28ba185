// Whether the usage endpoint may be asked at all (AIOS_ENDPOINT=off turns it off), and how often: at
// most once per poll interval, and not at all while a local reading (statusline, Claude Code's cache) is fresh.
import type { FallbackReason } from '../../../../src/contract/usage-data.ts';
import { FUTURE_SLACK_MS, type UsageReading } from '../../history/readings.ts';
import { wholeNumberIn } from '../../support/flags.ts';
import { reason } from './reasons.ts';

/** Peers poll the endpoint every 3-5 minutes (shared doc §5); `--live-interval` changes it. */
export const DEFAULT_LIVE_INTERVAL_MS = 5 * 60_000;
/** Claude Code itself reuses an answer for 60 s: asking more often is never useful. */
export const MIN_LIVE_INTERVAL_MS = 60_000;
/** Nine digits of seconds (about 31 years): past that the value is a typo, not an interval. */
const MAX_LIVE_INTERVAL_SECONDS = 999_999_999;

/** True unless AIOS_ENDPOINT is "off" (any case, spaces ignored). */
export function endpointEnabled(env: Record<string, string | undefined>): boolean {
  return env.AIOS_ENDPOINT?.trim().toLowerCase() !== 'off';
}

export const ENDPOINT_DISABLED: FallbackReason = reason(
  'disabled',
  'the usage endpoint is turned off (AIOS_ENDPOINT=off) and no recent reading from Claude Code is at hand',
);

/**
 * The user's Refresh may ask again once the endpoint's last answer is this old: Claude Code itself
 * reuses an answer for 60 s, so a newer one is the endpoint's latest anyway.
 */
export const EXPLICIT_REASK_MS = 60_000;

/**
 * The freshest reading that spares the endpoint, or null: then it may be asked. A reading spares it
 * when it is younger than `intervalMs` and its 5-hour window is still current at `now`: one from a
 * local source (the statusline, Claude Code's cached copy), and the endpoint's own last answer too,
 * which makes the interval its poll interval across runs and processes (a dashboard recomputing
 * every minute asks every 5 minutes; users report the endpoint rate limited for hours). Only an
 * `explicit` read (the dashboard's Refresh) looks past an answer of the endpoint older than
 * EXPLICIT_REASK_MS. Readings dated in the future are ignored.
 */
export function freshReading(
  readings: readonly UsageReading[],
  now: number,
  intervalMs: number,
  explicit = false,
): UsageReading | null {
  const maxAge = (r: UsageReading) =>
    r.via === 'endpoint' && explicit ? Math.min(intervalMs, EXPLICIT_REASK_MS) : intervalMs;
  let best: UsageReading | null = null;
  for (const r of readings) {
    if (r.observedAt > now + FUTURE_SLACK_MS || now - r.observedAt >= maxAge(r)) continue;
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
  const seconds = wholeNumberIn(value, MIN_LIVE_INTERVAL_MS / 1000, MAX_LIVE_INTERVAL_SECONDS);
  return seconds === null ? null : seconds * 1000;
}
