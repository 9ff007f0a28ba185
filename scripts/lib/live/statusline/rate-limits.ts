// The `rate_limits` Claude Code writes to a statusline command's stdin (CLAUDE-DATA.md §5), checked
// window by window: a bad window is dropped on its own, never recorded. No valibot on this path.
import type { UsageReading, WindowReading } from '../../history/readings.ts';

const DAY = 86_400_000;
/** No window of Claude's resets further ahead than a week; past 8 days the value is not a reset. */
export const MAX_RESET_AHEAD_MS = 8 * DAY;

export interface StatuslineRateLimits {
  /** The reading made of the valid windows, or null when none is valid (or there are none). */
  reading: UsageReading | null;
  /** What was dropped and why ("seven_day: resets_at is in the past"), for the debug log. */
  dropped: string[];
}

/**
 * One `{used_percentage, resets_at}` window: percent 0-100, `resets_at` in epoch SECONDS, after
 * `now` and at most 8 days ahead. Returns the window or why it is not one.
 */
function checkWindow(raw: unknown, now: number): WindowReading | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not an object';
  const { used_percentage: pct, resets_at: resets } = raw as Record<string, unknown>;
  if (typeof pct !== 'number' || !Number.isFinite(pct)) return 'used_percentage is not a number';
  if (pct < 0 || pct > 100) return `used_percentage ${pct} is outside 0-100`;
  if (typeof resets !== 'number' || !Number.isFinite(resets)) return 'resets_at is not a number';
  const resetsAt = resets * 1000;
  if (resetsAt <= now) return 'resets_at is in the past';
  if (resetsAt - now > MAX_RESET_AHEAD_MS) return 'resets_at is more than 8 days ahead';
  return { pct, resetsAt };
}

/**
 * The reading in a statusline input (the parsed stdin JSON), observed at `now`.
 *
 * @example readingFromStatusline(JSON.parse(stdin), Date.now()).reading?.fiveHour // { pct: 42.5, resetsAt: 1796065200000 }
 */
export function readingFromStatusline(input: unknown, now: number): StatuslineRateLimits {
  const limits =
    typeof input === 'object' && input !== null ? (input as Record<string, unknown>).rate_limits : undefined;
  if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) return { reading: null, dropped: [] };
  const dropped: string[] = [];
  const take = (name: 'five_hour' | 'seven_day'): WindowReading | null => {
    const raw = (limits as Record<string, unknown>)[name];
    if (raw === undefined || raw === null) return null;
    const checked = checkWindow(raw, now);
    if (typeof checked === 'string') {
      dropped.push(`${name}: ${checked}`);
      return null;
    }
    return checked;
  };
  const fiveHour = take('five_hour');
  const sevenDay = take('seven_day');
  if (!fiveHour && !sevenDay) return { reading: null, dropped };
  return {
    reading: {
      via: 'statusline',
      firstSeenAt: now,
      observedAt: now,
      fiveHour,
      sevenDay,
      planTier: null,
      payload: null,
    },
    dropped,
  };
}
