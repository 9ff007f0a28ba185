// What this machine's logs spent between two instants, answered from the memo's weekly points by
// prefix sums and binary search: calibration and the window resolution ask it hundreds of times.
import type { WeeklyPoints } from './estimate.ts';

/** USD logged from `fromMs` to `toMs`, both included; unpriced entries count as nothing. */
export type CostBetween = (fromMs: number, toMs: number) => number;

export interface LoggedUsage {
  costBetween: CostBetween;
  /** Total tokens logged from `fromMs` to `toMs`, both included. */
  tokensBetween(fromMs: number, toMs: number): number;
  /** Time of the first entry after `t` (exclusive), or null when none is. */
  firstAfter(t: number): number | null;
}

/** How many of the sorted `values` are below x (or at most x, with `orEqual`). */
function countBelow(values: Float64Array, x: number, orEqual = false): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = values[mid]!;
    if (v < x || (orEqual && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function prefixSums(values: Float64Array): Float64Array {
  const sums = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    sums[i + 1] = sums[i]! + (Number.isNaN(v) ? 0 : v);
  }
  return sums;
}

/**
 * Answer cost and token questions from `points` (sorted by time, as weeklyPoints makes them).
 *
 * @example const logged = loggedUsage(weeklyPoints(entries)); logged.costBetween(reset - 5 * HOUR, now);
 */
export function loggedUsage(points: WeeklyPoints): LoggedUsage {
  const { timestamps } = points;
  const cost = prefixSums(points.costs);
  const tokens = prefixSums(points.tokens);
  // Differences of prefix sums can come out a hair below zero; a cost never does.
  const between = (sums: Float64Array, from: number, to: number) =>
    to < from ? 0 : Math.max(0, sums[countBelow(timestamps, to, true)]! - sums[countBelow(timestamps, from)]!);
  return {
    costBetween: (from, to) => between(cost, from, to),
    tokensBetween: (from, to) => between(tokens, from, to),
    firstAfter: (t) => {
      const i = countBelow(timestamps, t, true);
      return i < timestamps.length ? timestamps[i]! : null;
    },
  };
}
