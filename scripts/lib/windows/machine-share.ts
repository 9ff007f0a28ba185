// This machine's share of the account's usage, for when the account's percent runs higher than these
// logs explain (other machines, claude.ai): said beside the calibration, never used to change it. Pure.
import { SAME_RESET_MS, type UsageReading, type WindowReading } from '../history/readings.ts';
import type { CostBetween } from './logged-usage.ts';

const HOUR = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR;

/**
 * A share is said only below this. One-machine accounts measure within a few points of 100 % (the
 * simulated ones in bench/calibration.ts, hidden weights included, stay above 90 %), so 85 % keeps a
 * false claim out while a real 10-15 % elsewhere may be said as "about 85 %" and a 30 % one is said.
 */
export const SHARE_CLAIM_BELOW = 0.85;
/**
 * The account measure needs the week to have moved this many points inside read 5-hour windows. Each
 * such window adds two whole-percent roundings of the week (about 0.4 points of spread), so at 40
 * points the measured rate is within about 7 % (one standard deviation) even over 40 windows: a
 * one-machine account then reads below 85 % only beyond two of them. Fewer points, and light users'
 * handful of week points swing it by 20 % or more.
 */
export const ACCOUNT_MIN_WEEK_POINTS = 40;
/** ... over at least this many weeks with a reading of 1 % or more. */
const ACCOUNT_MIN_WEEKS = 2;
/** The windows-read measure needs this many 5-hour windows with a last reading of 1 % or more. */
const WINDOWS_READ_MIN = 5;

/**
 * `account`: of all the account's usage in the weeks read. `windows-read`: only in the 5-hour windows
 * that this machine's readings saw (usage in windows it never saw is missing from it), the fallback
 * until the week says enough.
 */
export interface MachineShare {
  share: number;
  scope: 'account' | 'windows-read';
}

type WithWeek = UsageReading & { sevenDay: WindowReading };
/** A reading of both windows, the only kind that pairs the week's points with the 5-hour window's. */
type Paired = WithWeek & { fiveHour: WindowReading };
const withWeek = (r: UsageReading): r is WithWeek => r.sevenDay !== null;
const paired = (r: UsageReading): r is Paired => r.fiveHour !== null && r.sevenDay !== null;

/** `readings` grouped by the window `key` names (resets within SAME_RESET_MS), each oldest first. */
function byWindow<T extends UsageReading>(readings: readonly T[], key: (r: T) => number): T[][] {
  const sorted = [...readings].sort((a, b) => key(a) - key(b) || a.observedAt - b.observedAt);
  const groups: T[][] = [];
  for (const r of sorted) {
    const last = groups.at(-1);
    if (last && key(r) - key(last[0]!) < SAME_RESET_MS) last.push(r);
    else groups.push([r]);
  }
  for (const g of groups) g.sort((a, b) => a.observedAt - b.observedAt);
  return groups;
}

export interface WeekStep {
  /** Points of the week per point of the 5-hour window: the plan's ratio of the two limits. */
  ratio: number;
  /** The week's points moved inside the windows used (the evidence). */
  weekPoints: number;
  windows: number;
}

/**
 * The week's points per 5-hour point, from what both moved between the first and last reading of
 * each 5-hour window (in one week). Every request counts in both windows wherever it ran, so this is
 * the ratio of the two limits, whatever share of the usage ran elsewhere. Windows whose last reading
 * is at 100 % (a cap hides further use) or that did not move are left out. Null without any.
 */
export function weekStep(readings: readonly UsageReading[]): WeekStep | null {
  let five = 0;
  let week = 0;
  let windows = 0;
  for (const w of byWindow(readings.filter(paired), (r) => r.fiveHour.resetsAt)) {
    const first = w[0]!;
    const last = w.at(-1)!;
    if (Math.abs(last.sevenDay.resetsAt - first.sevenDay.resetsAt) >= SAME_RESET_MS) continue;
    if (last.fiveHour.pct >= 100 || last.sevenDay.pct >= 100) continue;
    const moved = last.fiveHour.pct - first.fiveHour.pct;
    if (!(moved > 0)) continue;
    five += moved;
    week += last.sevenDay.pct - first.sevenDay.pct;
    windows++;
  }
  return five > 0 ? { ratio: week / five, weekPoints: week, windows } : null;
}

/**
 * The account measure: the week's percent that the logged cost explains, over the percent read, at
 * each week's last reading. The rate it explains at is the 5-hour fit's (a median over windows, which
 * whole sessions elsewhere leave in a minority) times the week's step per 5-hour point: unlike the
 * week's own fit, usage elsewhere in every week cannot inflate it. Null while the week has moved too
 * little inside read windows to tell (ACCOUNT_MIN_WEEK_POINTS) or too few weeks were read.
 *
 * Usage elsewhere spread evenly through every 5-hour window is beyond it: it looks like a higher
 * rate per dollar, there and in the 5-hour fit alike.
 */
export function accountShare(
  readings: readonly UsageReading[],
  fiveHourPctPerUsd: number,
  costBetween: CostBetween,
): number | null {
  const step = weekStep(readings);
  if (!step || step.weekPoints < ACCOUNT_MIN_WEEK_POINTS || !(step.ratio > 0)) return null;
  const weekPctPerUsd = step.ratio * fiveHourPctPerUsd;
  let explained = 0;
  let read = 0;
  let weeks = 0;
  for (const w of byWindow(readings.filter(withWeek), (r) => r.sevenDay.resetsAt)) {
    const last = w.at(-1)!;
    if (last.sevenDay.pct < 1) continue;
    const reset = last.sevenDay.resetsAt;
    explained += weekPctPerUsd * costBetween(reset - WEEK_MS, Math.min(last.observedAt, reset));
    read += last.sevenDay.pct;
    weeks++;
  }
  return weeks >= ACCOUNT_MIN_WEEKS && read > 0 ? explained / read : null;
}

/**
 * The windows-read measure: the percent the 5-hour fit explains from the logged cost (never more than
 * was read) over the percent read, at each window's last reading. Null with fewer than WINDOWS_READ_MIN.
 */
export function windowsReadShare(
  finals: ReadonlyArray<{ pct: number; cost: number }>,
  pctPerUsd: number,
): number | null {
  const read = finals.filter((p) => p.pct >= 1);
  if (read.length < WINDOWS_READ_MIN) return null;
  const explained = read.reduce((s, p) => s + Math.min(p.pct, pctPerUsd * p.cost), 0);
  return explained / read.reduce((s, p) => s + p.pct, 0);
}

/** A measured share as said: only below SHARE_CLAIM_BELOW, else null. */
export function claimed(share: number | null, scope: MachineShare['scope']): MachineShare | null {
  return share !== null && share < SHARE_CLAIM_BELOW ? { share: Math.max(0, share), scope } : null;
}
