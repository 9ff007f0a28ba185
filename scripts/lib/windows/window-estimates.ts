// The estimate of the 5-hour and weekly windows, strongest basis first: a reading of the current
// window plus the cost logged since, a logged limit message, the calibrated cost, the history-p90 estimate.
import type { UsageBlock, WindowEstimate } from '../../../src/contract/usage-data.ts';
import type { UsageReading } from '../history/readings.ts';
import {
  calibrationReport,
  calibrationWords,
  notCalibratedWords,
  WINDOW_MS,
  type CalibratedWindow,
  type CalibrationResult,
} from './calibration.ts';
import { usd, utc, VIA_WORDS } from './basis-words.ts';
import type { LoggedUsage } from './logged-usage.ts';
import { newestCurrent, type CurrentWindow } from './readings-view.ts';

const HOUR = 3_600_000;
const WEEK = WINDOW_MS.sevenDay;

export interface EstimateContext {
  now: number;
  /** Usable readings, oldest first (readings-view.ts usableReadings). */
  readings: readonly UsageReading[];
  /** The history-p90 estimate (estimate.ts), the fallback and the source of burn rate and log messages. */
  p90: WindowEstimate;
  logged: LoggedUsage;
  blocks: readonly UsageBlock[];
  fits: Record<CalibratedWindow, CalibrationResult>;
}

type Common = Omit<WindowEstimate['weekly'], 'basis'>;

const iso = (ms: number) => new Date(ms).toISOString();
const pctText = (x: number) => `${Math.round(x)}%`;

/** A window's own reading converts its later cost when no fit exists yet, given this much signal. */
const OWN_RATE_MIN_PCT = 5;
const OWN_RATE_MIN_USD = 0.5;

interface Rate {
  pctPerUsd: number;
  words: string;
}

/** Percent per dollar for `kind`: the fit, else the window's own reading, else none. */
function rateFor(ctx: EstimateContext, kind: CalibratedWindow, anchor: CurrentWindow | null): Rate | null {
  const fit = ctx.fits[kind];
  if (fit.ok) return { pctPerUsd: fit.fit.pctPerUsd, words: calibrationWords(fit.fit, ctx.now) };
  if (!anchor) return null;
  const { reading, window } = anchor;
  const cost = ctx.logged.costBetween(window.resetsAt - WINDOW_MS[kind], reading.observedAt);
  if (window.pct < OWN_RATE_MIN_PCT || cost < OWN_RATE_MIN_USD) return null;
  return { pctPerUsd: window.pct / cost, words: `rate from this window's reading; ${notCalibratedWords(fit)}` };
}

function reportOf(ctx: EstimateContext, kind: CalibratedWindow) {
  const fit = ctx.fits[kind];
  return fit.ok ? calibrationReport(fit.fit) : null;
}

/** Basis 1: the newest reading of the current window, older than the bound, plus the cost logged since it. */
function livePlusLogs(ctx: EstimateContext, kind: CalibratedWindow, anchor: CurrentWindow): Common {
  const { reading, window } = anchor;
  const start = window.resetsAt - WINDOW_MS[kind];
  const since = ctx.logged.costBetween(reading.observedAt + 1, ctx.now);
  const rate = rateFor(ctx, kind, anchor);
  const added = rate ? rate.pctPerUsd * since : 0;
  const read = `${VIA_WORDS[reading.via]} read ${pctText(window.pct)} at ${utc(reading.observedAt)}`;
  const tail = rate
    ? `${usd(since)} logged since adds ${added.toFixed(1)} points (${rate.words})`
    : `${usd(since)} logged since is not converted to percent (no calibration yet)`;
  return {
    pct: window.pct + added,
    resetsAt: iso(window.resetsAt),
    usedCostUsd: ctx.logged.costBetween(start, ctx.now),
    usedTokens: ctx.logged.tokensBetween(start, ctx.now),
    limitCostUsd: rate ? 100 / rate.pctPerUsd : null,
    basisText: `${read}; ${tail}`,
    fromReading: { via: reading.via, observedAt: iso(reading.observedAt), pct: window.pct },
    calibration: reportOf(ctx, kind),
  };
}

/** The latest 5-hour reset Anthropic named that has passed: the window after it opened after it. */
function lastPassedReset(readings: readonly UsageReading[], now: number): number {
  let last = -Infinity;
  for (const r of readings) if (r.fiveHour && r.fiveHour.resetsAt <= now) last = Math.max(last, r.fiveHour.resetsAt);
  return last;
}

/**
 * The 5-hour window with no reading of it: the active block of the logs, started no earlier than the
 * last reset Anthropic named (a block can run across a real reset). Null when none is open.
 */
function guessedFiveHourWindow(ctx: EstimateContext): { start: number; end: number } | null {
  const active = ctx.blocks.find((b) => b.isActive && !b.isGap);
  if (!active) return null;
  let start = Date.parse(active.start);
  let end = Date.parse(active.end);
  const reset = lastPassedReset(ctx.readings, ctx.now);
  if (reset > start) {
    const first = ctx.logged.firstAfter(reset);
    if (first === null || first > ctx.now) return null;
    start = Math.max(reset, Math.floor(first / HOUR) * HOUR);
    end = start + WINDOW_MS.fiveHour;
  }
  return { start, end };
}

/** Basis 2 for the 5-hour window: its logged cost times the calibrated percent per dollar. */
function calibratedFiveHour(ctx: EstimateContext, rate: Rate): Common {
  const window = guessedFiveHourWindow(ctx);
  const base = { fromReading: null, calibration: reportOf(ctx, 'fiveHour'), limitCostUsd: 100 / rate.pctPerUsd };
  if (!window) {
    return {
      ...base,
      pct: 0,
      resetsAt: null,
      usedCostUsd: 0,
      usedTokens: 0,
      basisText: `no usage logged since the last 5-hour window ended; ${rate.words}`,
    };
  }
  const cost = ctx.logged.costBetween(window.start, ctx.now);
  return {
    ...base,
    pct: cost * rate.pctPerUsd,
    resetsAt: iso(window.end),
    usedCostUsd: cost,
    usedTokens: ctx.logged.tokensBetween(window.start, ctx.now),
    basisText:
      `${usd(cost)} logged in this 5-hour window (its start guessed from your logs) at ` +
      `${rate.pctPerUsd.toFixed(2)} points per dollar; ${rate.words}`,
  };
}

/** The week's reset when no reading of this week exists: 7-day steps on from the last one Anthropic named. */
function assumedWeeklyReset(readings: readonly UsageReading[], now: number): number | null {
  let last = -Infinity;
  for (const r of readings) if (r.sevenDay) last = Math.max(last, r.sevenDay.resetsAt);
  if (!Number.isFinite(last)) return null;
  return last > now ? last : last + Math.floor((now - last) / WEEK + 1) * WEEK;
}

/** Basis 2 for the week: the cost since the week began (its reset assumed weekly) times the calibrated rate. */
function calibratedWeek(ctx: EstimateContext, rate: Rate): Common | null {
  const reset = assumedWeeklyReset(ctx.readings, ctx.now);
  if (reset === null) return null;
  const start = reset - WEEK;
  const cost = ctx.logged.costBetween(start, ctx.now);
  return {
    pct: cost * rate.pctPerUsd,
    resetsAt: iso(reset),
    usedCostUsd: cost,
    usedTokens: ctx.logged.tokensBetween(start, ctx.now),
    limitCostUsd: 100 / rate.pctPerUsd,
    basisText:
      `${usd(cost)} logged since the week began (${utc(start)}, weekly from the last reset Anthropic named) ` +
      `at ${rate.pctPerUsd.toFixed(2)} points per dollar; ${rate.words}`,
    fromReading: null,
    calibration: reportOf(ctx, 'sevenDay'),
  };
}

/** Bases 3 and 4: the history-p90 estimate as it is, saying why it is not calibrated where it matters. */
function withoutCalibration<T extends { basis: string; basisText: string }>(
  ctx: EstimateContext,
  kind: CalibratedWindow,
  p90: T,
): T {
  const fit = ctx.fits[kind];
  if (fit.ok || p90.basis === 'no-activity') return p90;
  const why =
    ctx.readings.length === 0
      ? "no readings of Anthropic's numbers to calibrate on yet (set up aios statusline)"
      : notCalibratedWords(fit);
  return { ...p90, basisText: `${p90.basisText}; ${why}` };
}

/** When the window runs out at the active block's cost rate, if before its reset. */
function exhaustionAt(ctx: EstimateContext, common: Common): string | null {
  const perHour = ctx.p90.burnRate?.costUsdPerHour ?? 0;
  const { pct, limitCostUsd, resetsAt } = common;
  if (pct === null || limitCostUsd === null || pct >= 100 || perHour <= 0 || resetsAt === null) return null;
  const at = ctx.now + (((100 - pct) / 100) * limitCostUsd * HOUR) / perHour;
  return at < Date.parse(resetsAt) ? iso(at) : null;
}

function weekly(ctx: EstimateContext): WindowEstimate['weekly'] {
  const anchor = newestCurrent(ctx.readings, 'sevenDay', ctx.now);
  if (anchor) return { ...livePlusLogs(ctx, 'sevenDay', anchor), basis: 'live-plus-logs' };
  const rate = rateFor(ctx, 'sevenDay', null);
  const calibrated = rate ? calibratedWeek(ctx, rate) : null;
  if (calibrated) return { ...calibrated, basis: 'calibrated' };
  return withoutCalibration(ctx, 'sevenDay', { ...ctx.p90.weekly, fromReading: null, calibration: null });
}

/**
 * The 5-hour and weekly estimates, each on the strongest basis it has: live-plus-logs (a reading of
 * the current window, any age), log-limit-message (the window is at its limit, which a percent only
 * leaves at the reset), calibrated, then the history-p90 estimate as it came.
 */
export function estimateWindows(ctx: EstimateContext): WindowEstimate {
  const { p90 } = ctx;
  const week = weekly(ctx);
  const kept = { sampleBlocks: p90.sampleBlocks, resetFromLog: p90.resetFromLog, burnRate: p90.burnRate };
  if (p90.basis === 'log-limit-message') {
    return { ...p90, fromReading: null, calibration: reportOf(ctx, 'fiveHour'), weekly: week };
  }
  const anchor = newestCurrent(ctx.readings, 'fiveHour', ctx.now);
  const rate = anchor ? null : rateFor(ctx, 'fiveHour', null);
  const common = anchor ? livePlusLogs(ctx, 'fiveHour', anchor) : rate ? calibratedFiveHour(ctx, rate) : null;
  if (common) {
    return {
      ...common,
      basis: anchor ? 'live-plus-logs' : 'calibrated',
      ...kept,
      projectedExhaustionAt: exhaustionAt(ctx, common),
      weekly: week,
    };
  }
  return { ...withoutCalibration(ctx, 'fiveHour', { ...p90, fromReading: null, calibration: null }), weekly: week };
}
