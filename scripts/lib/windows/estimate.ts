// The window estimate: what the 5-hour and weekly windows are likely at, cost-weighted, and on
// what basis (a logged limit message, the 90th percentile of past blocks and weeks, or too little history).
import type { UsageBlock, WindowEstimate } from '../../../src/contract/usage-data.ts';
import { costOfEntry } from '../pricing/pricing.ts';
import { entryTotalTokens, isFiveHourLimit, type LimitMessage, type UsageEntry } from '../logs/entry.ts';
import { plural, usd, utc } from './basis-words.ts';
import { BLOCK_MS, futureAfter } from './blocks.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WEEK = 7 * 24 * HOUR;

const iso = (ms: number) => new Date(ms).toISOString();

/** Completed blocks needed before a 5-hour limit is learned (fewer is no sound basis). */
export const MIN_HISTORY_BLOCKS = 10;
/** The limit is learned from at most this many most recent completed blocks (plans change). */
export const MAX_HISTORY_BLOCKS = 100;
/** Full 7-day periods with usage needed before a weekly limit is learned, and the most used. */
export const MIN_HISTORY_WEEKS = 4;
export const MAX_HISTORY_WEEKS = 26;
/** The learned limit is this percentile of past windows' cost. */
export const LIMIT_PERCENTILE = 0.9;

/** Percentile by linear interpolation between closest ranks; `values` need not be sorted. */
export function percentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

const NO_ACTIVITY_TEXT = 'No Claude Code usage found in the logs yet';

export interface EstimateInput {
  /** The entries, or (memoized) just their weekly columns. */
  entries: UsageEntry[] | WeeklyPoints;
  /** `buildBlocks(entries, now)`. */
  blocks: UsageBlock[];
  limitMessages: LimitMessage[];
  now: Date;
}

/**
 * The latest "usage limit reached" message logged in the last 5 hours whose reset is still ahead and
 * is the 5-hour window's (isFiveHourLimit); a message of some longer limit is not used here.
 */
function currentLimitMessage(messages: LimitMessage[], now: number): LimitMessage | null {
  let best: LimitMessage | null = null;
  for (const m of messages) {
    const current = m.resetsAt > now && m.at <= now && now - m.at < BLOCK_MS;
    if (current && isFiveHourLimit(m) && (!best || m.at > best.at)) best = m;
  }
  return best;
}

/**
 * What the rolling-week estimate needs of each entry, as columns sorted by time: a compact form
 * that the report memo keeps instead of the entries themselves.
 */
export interface WeeklyPoints {
  timestamps: Float64Array;
  /** Total tokens of each entry. */
  tokens: Float64Array;
  /** USD cost of each entry; NaN for an unpriced model. */
  costs: Float64Array;
}

/** The weekly columns of `entries` (entries with a non-finite timestamp are left out). */
export function weeklyPoints(entries: readonly UsageEntry[]): WeeklyPoints {
  const kept = entries.filter((e) => Number.isFinite(e.timestamp)).sort((a, b) => a.timestamp - b.timestamp);
  const n = kept.length;
  const points = { timestamps: new Float64Array(n), tokens: new Float64Array(n), costs: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const e = kept[i]!;
    points.timestamps[i] = e.timestamp;
    points.tokens[i] = entryTotalTokens(e);
    points.costs[i] = costOfEntry(e) ?? NaN;
  }
  return points;
}

/** Rolling 7-day window: this week's cost and tokens, and the cost of each earlier full, active week. */
function weeklyHistory(points: WeeklyPoints, now: number) {
  let tokens = 0;
  let cost = 0;
  let priced = 0;
  let unpricedTokens = 0;
  const past = new Array<number>(MAX_HISTORY_WEEKS + 1).fill(0);
  let first = Infinity;
  const { timestamps, costs } = points;
  // Entries dated in the future are not this week's (blocks.ts, FUTURE_SLACK_MS); those within
  // the slack are.
  const ahead = futureAfter(now);
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i]!;
    if (t > ahead) continue;
    if (t < first) first = t;
    const k = Math.max(0, Math.floor((now - t) / WEEK));
    const c = costs[i]!;
    if (k === 0) {
      tokens += points.tokens[i]!;
      if (Number.isNaN(c)) unpricedTokens += points.tokens[i]!;
      else {
        cost += c;
        priced++;
      }
    } else if (k <= MAX_HISTORY_WEEKS && !Number.isNaN(c)) past[k]! += c;
  }
  // Week k covers (now - (k+1)w, now - k*w]; only weeks that history fully covers are samples.
  const samples = past.filter((c, k) => k > 0 && now - (k + 1) * WEEK >= first && c > 0);
  // As tallyToUsage: unknown (null) only when nothing this week was priced but tokens exist.
  const usedCostUsd = priced === 0 && unpricedTokens > 0 ? null : cost;
  return { current: { costUsd: usedCostUsd, totalTokens: tokens }, samples };
}

function estimateWeekly(points: WeeklyPoints, now: number): WindowEstimate['weekly'] {
  const { current, samples } = weeklyHistory(points, now);
  const base = {
    resetsAt: null,
    usedCostUsd: current.costUsd,
    usedTokens: current.totalTokens,
    fromReading: null,
    calibration: null,
  };
  if (samples.length < MIN_HISTORY_WEEKS) {
    const none = points.timestamps.length === 0;
    return {
      ...base,
      pct: null,
      limitCostUsd: null,
      basis: none ? 'no-activity' : 'insufficient-history',
      basisText: none
        ? NO_ACTIVITY_TEXT
        : `${plural(samples.length, 'full week')} with usage so far; a weekly limit is learned ` +
          `from ${MIN_HISTORY_WEEKS} or more, so only cost and tokens are shown`,
    };
  }
  const limit = percentile(samples, LIMIT_PERCENTILE);
  return {
    ...base,
    pct: current.costUsd === null ? null : (current.costUsd / limit) * 100,
    limitCostUsd: limit,
    basis: 'history-p90',
    basisText:
      `90th percentile of your weekly cost over the last ${plural(samples.length, 'full week')} with usage (${usd(limit)}); ` +
      'a rolling 7-day window, so there is no fixed reset time',
  };
}

/**
 * Estimate the 5-hour and weekly windows, cost-weighted (raw tokens are dominated by cache reads).
 * Basis, in order: a current "usage limit reached" log message (pct 100, its exact reset); else
 * the 90th percentile of the last completed non-gap blocks' cost, given at least
 * MIN_HISTORY_BLOCKS of them; else pct null ("insufficient-history") with cost and tokens shown.
 */
export function estimateClaudeWindow(input: EstimateInput): WindowEstimate {
  const now = input.now.getTime();
  const active = input.blocks.find((b) => b.isActive) ?? null;
  const completed = input.blocks
    .filter((b) => !b.isGap && !b.isActive && Date.parse(b.end) <= now && (b.costUsd ?? 0) > 0)
    .slice(-MAX_HISTORY_BLOCKS);
  const limit =
    completed.length >= MIN_HISTORY_BLOCKS
      ? percentile(
          completed.map((b) => b.costUsd!),
          LIMIT_PERCENTILE,
        )
      : null;
  const usedCostUsd = active ? active.costUsd : 0;
  const usedTokens = active ? active.totalTokens : 0;
  const blockReset = active ? Date.parse(active.end) : null;
  const message = currentLimitMessage(input.limitMessages, now);

  let pct: number | null = null;
  let resetsAt = blockReset;
  let basis: WindowEstimate['basis'];
  let basisText: string;
  if (message) {
    pct = 100;
    resetsAt = message.resetsAt;
    basis = 'log-limit-message';
    basisText = `Claude Code logged "usage limit reached" at ${utc(message.at)}; it resets at ${utc(message.resetsAt)}`;
  } else if (limit !== null) {
    pct = usedCostUsd === null ? null : (usedCostUsd / limit) * 100;
    basis = 'history-p90';
    basisText = `90th percentile of your last ${plural(completed.length, 'completed 5-hour block')} (${usd(limit)})`;
    if (!active) basisText += '; no activity in the last 5 hours';
    else if (usedCostUsd === null) basisText += '; the current block used only unpriced models';
  } else if (input.blocks.length === 0) {
    basis = 'no-activity';
    basisText = NO_ACTIVITY_TEXT;
  } else {
    basis = 'insufficient-history';
    basisText =
      `${plural(completed.length, 'completed 5-hour block')} so far; a limit is learned from ` +
      `${MIN_HISTORY_BLOCKS} or more, so only cost and tokens are shown`;
  }

  const burnRate = active?.burnRate ?? null;
  let projectedExhaustionAt: string | null = null;
  const perHour = burnRate?.costUsdPerHour ?? 0;
  if (!message && limit !== null && usedCostUsd !== null && usedCostUsd < limit && perHour > 0 && resetsAt !== null) {
    const at = now + ((limit - usedCostUsd) / perHour) * HOUR;
    if (at < resetsAt) projectedExhaustionAt = iso(at);
  }

  return {
    pct,
    resetsAt: resetsAt === null ? null : iso(resetsAt),
    usedCostUsd,
    usedTokens,
    limitCostUsd: limit,
    basis,
    basisText,
    fromReading: null,
    calibration: null,
    sampleBlocks: completed.length,
    resetFromLog: message ? iso(message.resetsAt) : null,
    burnRate,
    projectedExhaustionAt,
    weekly: estimateWeekly(Array.isArray(input.entries) ? weeklyPoints(input.entries) : input.entries, now),
  };
}
