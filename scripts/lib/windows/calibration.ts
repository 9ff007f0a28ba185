// Learns percent per dollar from the history of readings: each reading's percent against the cost this
// machine logged in its window up to the reading, fitted robustly per window kind. Pure.
import type { Calibration } from '../../../src/contract/usage-data.ts';
import { FUTURE_SLACK_MS, SAME_RESET_MS, type UsageReading } from '../history/readings.ts';
import { plural } from './basis-words.ts';
import { percentile } from './estimate.ts';
import type { CostBetween } from './logged-usage.ts';
import { accountShare, claimed, windowsReadShare, type MachineShare } from './machine-share.ts';

export type CalibratedWindow = 'fiveHour' | 'sevenDay';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const WINDOW_MS: Record<CalibratedWindow, number> = { fiveHour: 5 * HOUR, sevenDay: 7 * DAY };

/** Fewer readings or windows than this is no calibration (the estimate falls back to history-p90). */
const MIN_FIT: Record<CalibratedWindow, { readings: number; windows: number }> = {
  fiveHour: { readings: 6, windows: 4 },
  sevenDay: { readings: 4, windows: 2 },
};
/** Only the most recent windows count, so a change the plan tier does not name fades out. */
const MAX_WINDOWS: Record<CalibratedWindow, number> = { fiveHour: 120, sevenDay: 13 };
/**
 * Readings kept per window (the last and some spread before it): the statusline can record dozens
 * per window, and they are one window's evidence, not dozens of windows'.
 */
const MAX_POINTS_PER_WINDOW = 12;
/** A reading whose window logged less than this says nothing about the slope. */
const MIN_COST_USD = 0.01;

interface Point {
  at: number;
  pct: number;
  cost: number;
}

interface WindowPoints {
  resetsAt: number;
  points: Point[];
}

export interface CalibrationFit {
  window: CalibratedWindow;
  pctPerUsd: number;
  readings: number;
  windows: number;
  /** The oldest reading used, epoch ms. */
  since: number;
  /** Held-out absolute error in points: median and 90th percentile. */
  errorPoints: number;
  errorP90Points: number;
  /**
   * This machine's share of the usage when clearly below all of it (machine-share.ts), else null. The
   * 5-hour fit alone can only say it for the windows read; calibrateWindows says it for the account.
   */
  machineShare: MachineShare | null;
}

export type CalibrationResult =
  | { ok: true; fit: CalibrationFit }
  | {
      ok: false;
      window: CalibratedWindow;
      readings: number;
      /** Windows with cost logged on this machine. */
      windows: number;
    };

/**
 * The readings since the plan tier last changed (a reading without a tier changes nothing), not from
 * the future, oldest first.
 */
export function currentPlanReadings(readings: readonly UsageReading[], now: number): UsageReading[] {
  const usable = readings.filter((r) => r.observedAt <= now + FUTURE_SLACK_MS);
  let start = 0;
  let tier: string | null = null;
  usable.forEach((r, i) => {
    if (r.planTier === null) return;
    if (tier !== null && r.planTier !== tier) start = i;
    tier = r.planTier;
  });
  return usable.slice(start);
}

/** The last point and evenly spread ones before it, at most `max`. */
function spread(points: Point[], max: number): Point[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]!);
}

/** Readings grouped by the window they read (most recent windows only), each with its logged cost. */
function windowsOf(
  readings: readonly UsageReading[],
  kind: CalibratedWindow,
  costBetween: CostBetween,
  now: number,
): WindowPoints[] {
  const length = WINDOW_MS[kind];
  const raw: Array<Point & { resetsAt: number }> = [];
  for (const r of readings) {
    const w = r[kind];
    if (!w) continue;
    const at = Math.min(r.observedAt, w.resetsAt, now);
    if (at > w.resetsAt - length) raw.push({ at, pct: w.pct, cost: 0, resetsAt: w.resetsAt });
  }
  raw.sort((a, b) => a.resetsAt - b.resetsAt || a.at - b.at);
  const windows: WindowPoints[] = [];
  for (const p of raw) {
    const last = windows.at(-1);
    if (last && p.resetsAt - last.resetsAt < SAME_RESET_MS) last.points.push(p);
    else windows.push({ resetsAt: p.resetsAt, points: [p] });
  }
  const kept = windows.slice(-MAX_WINDOWS[kind]);
  for (const w of kept) {
    w.points = spread(w.points, MAX_POINTS_PER_WINDOW);
    for (const p of w.points) p.cost = costBetween(w.resetsAt - length, p.at);
  }
  return kept;
}

/**
 * The weighted median of `sorted` (ascending by value): the first value at which half the weight is
 * reached, so the lower one when the weight splits evenly; NaN without weight. A weight of 0 leaves
 * an item out.
 */
function sortedWeightedMedian<T>(sorted: readonly T[], value: (x: T) => number, weight: (x: T) => number): number {
  let total = 0;
  for (const x of sorted) total += weight(x);
  if (!(total > 0)) return NaN;
  let seen = 0;
  for (const x of sorted) {
    seen += weight(x);
    if (seen >= total / 2) return value(x);
  }
  return NaN;
}

/** The weighted median of `values` in any order (the one fitSlope takes); NaN without weight. */
export function weightedMedian(values: readonly number[], weights: readonly number[]): number {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  return sortedWeightedMedian(
    order,
    (i) => values[i]!,
    (i) => weights[i]!,
  );
}

interface Ratio {
  ratio: number;
  weight: number;
  window: number;
}

/** Every priced reading's percent per dollar, sorted, weighted by its cost and its window's share. */
function ratiosOf(windows: readonly WindowPoints[]): Ratio[] {
  const ratios: Ratio[] = [];
  windows.forEach((w, window) => {
    const priced = w.points.filter((p) => p.cost >= MIN_COST_USD);
    for (const p of priced) ratios.push({ ratio: p.pct / p.cost, weight: p.cost / priced.length, window });
  });
  return ratios.sort((a, b) => a.ratio - b.ratio);
}

/**
 * Percent per dollar through the origin minimising the absolute error in points (a weighted median of
 * the ratios, weighted by cost): rounding, an odd reading or a window with usage elsewhere moves it
 * little. Each window weighs as one, however many readings it has. `without` leaves a window out.
 */
function fitSlope(sorted: readonly Ratio[], without = -1): number {
  return sortedWeightedMedian(
    sorted,
    (r) => r.ratio,
    (r) => (r.window === without ? 0 : r.weight),
  );
}

/** Leave one window out: predict its readings from a fit on the others. */
function heldOutErrors(windows: readonly WindowPoints[], sorted: readonly Ratio[]): number[] {
  const errors: number[] = [];
  windows.forEach((held, j) => {
    const k = fitSlope(sorted, j);
    if (!Number.isFinite(k)) return;
    for (const p of held.points) errors.push(Math.abs(p.pct - k * p.cost));
  });
  return errors;
}

/**
 * Fit percent per dollar for one window kind from the readings of the current plan.
 *
 * @example const r = calibrate(readings, 'fiveHour', logged.costBetween, Date.now()); if (r.ok) r.fit.pctPerUsd;
 */
export function calibrate(
  readings: readonly UsageReading[],
  kind: CalibratedWindow,
  costBetween: CostBetween,
  now: number,
): CalibrationResult {
  const windows = windowsOf(currentPlanReadings(readings, now), kind, costBetween, now);
  const count = windows.reduce((s, w) => s + w.points.length, 0);
  const priced = windows.filter((w) => w.points.some((p) => p.cost >= MIN_COST_USD));
  const min = MIN_FIT[kind];
  const sorted = ratiosOf(windows);
  const k = fitSlope(sorted);
  if (count < min.readings || priced.length < min.windows || !Number.isFinite(k)) {
    return { ok: false, window: kind, readings: count, windows: priced.length };
  }
  const errors = heldOutErrors(windows, sorted);
  // The week's own fit absorbs the usage elsewhere that every week has: only the 5-hour fit can tell.
  const finals = windows.map((w) => w.points.at(-1)!);
  const share = kind === 'fiveHour' ? claimed(windowsReadShare(finals, k), 'windows-read') : null;
  return {
    ok: true,
    fit: {
      window: kind,
      pctPerUsd: k,
      readings: count,
      windows: windows.length,
      since: Math.min(...windows.map((w) => w.points[0]!.at)),
      errorPoints: errors.length > 0 ? percentile(errors, 0.5) : 0,
      errorP90Points: errors.length > 0 ? percentile(errors, 0.9) : 0,
      machineShare: share,
    },
  };
}

/**
 * Both fits, each carrying the same share of this machine: the account measure once the week says
 * enough (machine-share.ts accountShare), else the 5-hour fit's windows-read measure.
 *
 * @example const fits = calibrateWindows(readings, logged.costBetween, Date.now()); fits.fiveHour.ok;
 */
export function calibrateWindows(
  readings: readonly UsageReading[],
  costBetween: CostBetween,
  now: number,
): Record<CalibratedWindow, CalibrationResult> {
  const fiveHour = calibrate(readings, 'fiveHour', costBetween, now);
  const sevenDay = calibrate(readings, 'sevenDay', costBetween, now);
  if (!fiveHour.ok) return { fiveHour, sevenDay };
  const account = accountShare(currentPlanReadings(readings, now), fiveHour.fit.pctPerUsd, costBetween);
  const share = account === null ? fiveHour.fit.machineShare : claimed(account, 'account');
  const withShare = (r: CalibrationResult): CalibrationResult =>
    r.ok ? { ok: true, fit: { ...r.fit, machineShare: share } } : r;
  return { fiveHour: withShare(fiveHour), sevenDay: withShare(sevenDay) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The fit as the contract reports it. */
export function calibrationReport(fit: CalibrationFit): Calibration {
  return {
    pctPerUsd: fit.pctPerUsd,
    readings: fit.readings,
    windows: fit.windows,
    since: new Date(fit.since).toISOString(),
    errorPoints: round1(fit.errorPoints),
    errorP90Points: round1(fit.errorP90Points),
    machineShare: fit.machineShare === null ? null : Math.round(fit.machineShare.share * 100) / 100,
  };
}

/** The error band in whole points, at least 1 (readings are whole percent). */
function errorBand(fit: { errorPoints: number }): number {
  return Math.max(1, Math.round(fit.errorPoints));
}

/**
 * "calibrated from 37 readings over 9 days, ±3 points; this machine accounts for about 70 % of your
 * usage": the fit in words, for every basis it stands behind.
 */
export function calibrationWords(fit: CalibrationFit, now: number): string {
  const days = Math.max(1, Math.ceil((now - fit.since) / DAY));
  let text = `calibrated from ${plural(fit.readings, 'reading')} over ${plural(days, 'day')}, ±${plural(errorBand(fit), 'point')}`;
  if (fit.machineShare !== null) {
    const { share, scope } = fit.machineShare;
    const where = scope === 'account' ? '' : ' in the windows read';
    text += `; this machine accounts for about ${Math.round(share * 20) * 5} % of your usage${where} (other machines or claude.ai use the rest)`;
  }
  return text;
}

/** Why there is no calibration yet, in words: "not calibrated yet: 3 readings of 2 windows (needs 6 over 4)". */
export function notCalibratedWords(result: Extract<CalibrationResult, { ok: false }>): string {
  const min = MIN_FIT[result.window];
  return (
    `not calibrated yet: ${plural(result.readings, 'reading')} of ${plural(result.windows, 'window')} ` +
    `with cost logged here (needs ${min.readings} over ${min.windows})`
  );
}
