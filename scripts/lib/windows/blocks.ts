// 5-hour blocks (the local stand-in for Claude's session window) with burn rate and projection.
// The window estimate built on them is estimate.ts.
import type { BurnRate, Usage, UsageBlock } from '../../../src/contract/usage-data.ts';
import { costOfEntry } from '../pricing/pricing.ts';
import { reportedModel, type UsageEntry } from '../logs/entry.ts';
import { addToTally, newTally, tallyToUsage, type Tally } from '../report/tally.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Claude's session window, and the block length of the shared doc's rule. */
export const BLOCK_MS = 5 * HOUR;
/**
 * A burn rate needs this much time between a block's first and last entry. Two requests a few
 * seconds apart would extrapolate to absurd hourly rates; five minutes is a few exchanges.
 */
export const MIN_BURN_SPAN_MS = 5 * MINUTE;
/**
 * An entry more than this far ahead of `now` is dated in the future (a wrong clock, an edited
 * log): counted in totals and days, never part of the current window. Within it, two clocks a
 * little apart (the machine that wrote the log and the one reading it) still count as now.
 */
export const FUTURE_SLACK_MS = 5 * MINUTE;

/** Entries dated after this are in the future at `now` (see FUTURE_SLACK_MS). */
export const futureAfter = (now: number) => now + FUTURE_SLACK_MS;

const iso = (ms: number) => new Date(ms).toISOString();

interface OpenBlock {
  start: number;
  first: number;
  last: number;
  tally: Tally;
  models: Set<string>;
}

function burnRateOf(b: OpenBlock): BurnRate | null {
  const span = b.last - b.first;
  if (span < MIN_BURN_SPAN_MS) return null;
  const u = tallyToUsage(b.tally);
  return {
    tokensPerMinute: u.totalTokens / (span / MINUTE),
    costUsdPerHour: u.costUsd === null ? null : u.costUsd / (span / HOUR),
  };
}

/** Where an active block ends up at its burn rate; null unless the block is active at `now`. */
function projectionAt(
  usage: Usage,
  burnRate: BurnRate | null,
  end: number,
  isActive: boolean,
  now: number,
): UsageBlock['projection'] {
  if (!isActive || !burnRate) return null;
  const remainingMinutes = Math.max(0, (end - now) / MINUTE);
  return {
    totalTokens: Math.round(usage.totalTokens + burnRate.tokensPerMinute * remainingMinutes),
    costUsd:
      usage.costUsd === null || burnRate.costUsdPerHour === null
        ? null
        : usage.costUsd + (burnRate.costUsdPerHour * remainingMinutes) / 60,
    remainingMinutes,
  };
}

/**
 * The shared doc's rule (now before the end, the last entry under 5 hours old), and the block is
 * not in the future: it started by now and holds no entry dated ahead. buildBlocks puts entries
 * dated ahead into blocks of their own, so a block's last entry tells which kind it is.
 */
const activeAt = (start: number, end: number, last: number, now: number) =>
  start <= now && last <= futureAfter(now) && now < end && now - last < BLOCK_MS;

function closeBlock(b: OpenBlock, now: number): UsageBlock {
  const end = b.start + BLOCK_MS;
  const usage = tallyToUsage(b.tally);
  const isActive = activeAt(b.start, end, b.last, now);
  const burnRate = burnRateOf(b);
  return {
    ...usage,
    start: iso(b.start),
    end: iso(end),
    lastActivity: iso(b.last),
    isActive,
    isGap: false,
    models: [...b.models].sort(),
    burnRate,
    projection: projectionAt(usage, burnRate, end, isActive, now),
  };
}

/**
 * The same blocks seen at another `now`: only `isActive` and `projection` depend on it, so blocks
 * built once (and memoized) give exactly what `buildBlocks(entries, now)` would, as long as the
 * same entries are dated ahead at both (countFuture; the report memo checks it).
 */
export function blocksAt(blocks: readonly UsageBlock[], now: Date): UsageBlock[] {
  const nowMs = now.getTime();
  return blocks.map((b) => {
    if (b.isGap || b.lastActivity === null) return b;
    const end = Date.parse(b.end);
    const isActive = activeAt(Date.parse(b.start), end, Date.parse(b.lastActivity), nowMs);
    return { ...b, isActive, projection: projectionAt(b, b.burnRate, end, isActive, nowMs) };
  });
}

function gapBlock(start: number, end: number): UsageBlock {
  return {
    ...tallyToUsage(newTally()),
    start: iso(start),
    end: iso(end),
    lastActivity: null,
    isActive: false,
    isGap: true,
    models: [],
    burnRate: null,
    projection: null,
  };
}

/**
 * Group entries into 5-hour blocks, oldest first (shared doc, section 3): a block starts at its
 * first entry's time floored to the UTC hour and lasts 5 hours; an entry more than 5 hours after
 * the block start, or more than 5 hours after the previous entry, opens a new block (exactly 5
 * hours stays in). A block is active while `now` is before its end and its last entry is under
 * 5 hours old. Idle stretches over 5 hours between blocks appear as gap blocks from the previous
 * block's end to the next one's start. Only the active block gets a projection.
 *
 * Entries dated in the future (more than FUTURE_SLACK_MS after `now`) never join a block of
 * present entries: the first of them opens a block of its own, which is never active, so a wrong
 * clock cannot become the current window or its burn rate. Such a block may overlap the current
 * one until its time comes.
 */
export function buildBlocks(entries: UsageEntry[], now: Date): UsageBlock[] {
  const nowMs = now.getTime();
  const ahead = futureAfter(nowMs);
  const sorted = entries.filter((e) => Number.isFinite(e.timestamp)).sort((a, b) => a.timestamp - b.timestamp);
  const blocks: UsageBlock[] = [];
  let open: OpenBlock | null = null;
  for (const e of sorted) {
    const t = e.timestamp;
    const firstAhead = t > ahead && open !== null && open.last <= ahead;
    if (!open || t - open.start > BLOCK_MS || t - open.last > BLOCK_MS || firstAhead) {
      const start = Math.floor(t / HOUR) * HOUR;
      if (open) {
        blocks.push(closeBlock(open, nowMs));
        const prevEnd = open.start + BLOCK_MS;
        if (t - open.last > BLOCK_MS && start > prevEnd) blocks.push(gapBlock(prevEnd, start));
      }
      open = { start, first: t, last: t, tally: newTally(), models: new Set() };
    }
    addToTally(open.tally, e, costOfEntry(e));
    open.models.add(reportedModel(e));
    open.last = t;
  }
  if (open) blocks.push(closeBlock(open, nowMs));
  return blocks;
}

/**
 * How many of `timestamps` (sorted ascending) are dated in the future at `now`: the document's
 * `sources.futureEntries`, and what tells whether blocks built at another `now` still hold.
 */
export function countFuture(timestamps: Float64Array, now: Date): number {
  const ahead = futureAfter(now.getTime());
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[mid]! > ahead) hi = mid;
    else lo = mid + 1;
  }
  return timestamps.length - lo;
}
