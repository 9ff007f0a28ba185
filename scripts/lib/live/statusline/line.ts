// The statusline's one compact line: "5h 42% (2h13m) | wk 17% | today $12.34 | $4.20/h". Each part
// shows only when aios knows it; with nothing known it still says something.
import type { UsageReading, WindowReading } from '../../history/readings.ts';
import type { MemoFacts } from './memo-facts.ts';

const MINUTE = 60_000;

/** "2h13m", "45m", "3d4h": the time left until a reset, rounded up to the minute. */
export function countdown(ms: number): string {
  const minutes = Math.max(0, Math.ceil(ms / MINUTE));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days}d${hours}h`;
  return hours > 0 ? `${hours}h${String(mins).padStart(2, '0')}m` : `${mins}m`;
}

/** Whole percent, rounded down: "100%" only once the limit is reached. */
const pct = (w: WindowReading) => `${Math.floor(w.pct)}%`;
const usd = (x: number) => `$${x.toFixed(2)}`;

/** A window of `reading` that is still current at `now`. */
function current(w: WindowReading | null | undefined, now: number): WindowReading | null {
  return w && w.resetsAt > now ? w : null;
}

/**
 * The line for `reading` (the freshest reading known, or null) and the memo's facts at `now`.
 *
 * @example statuslineText(reading, { todayCostUsd: 12.3, burnUsdPerHour: 4.2 }, now) // "5h 42% (2h13m) | wk 17% | today $12.30 | $4.20/h"
 */
export function statuslineText(reading: UsageReading | null, facts: MemoFacts, now: number): string {
  const parts: string[] = [];
  const five = current(reading?.fiveHour, now);
  const week = current(reading?.sevenDay, now);
  if (five) parts.push(`5h ${pct(five)} (${countdown(five.resetsAt - now)})`);
  if (week) parts.push(`wk ${pct(week)}`);
  if (facts.todayCostUsd !== null) parts.push(`today ${usd(facts.todayCostUsd)}`);
  if (facts.burnUsdPerHour !== null) parts.push(`${usd(facts.burnUsdPerHour)}/h`);
  return parts.length > 0 ? parts.join(' | ') : 'aios: no usage reading yet';
}
