// 5-hour blocks (the local stand-in for Claude's session window) with burn rate and projection.
// The window estimate built on them is estimate.ts.
import type { BurnRate, Usage, UsageBlock } from '../../../src/contract/usage-data.ts';
import { costOfEntry } from '../pricing/pricing.ts';
import type { UsageEntry } from '../logs/entry.ts';
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

const activeAt = (end: number, last: number, now: number) => now < end && now - last < BLOCK_MS;

function closeBlock(b: OpenBlock, now: number): UsageBlock {
  const end = b.start + BLOCK_MS;
  const usage = tallyToUsage(b.tally);
  const isActive = activeAt(end, b.last, now);
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
 * built once (and memoized) give exactly what `buildBlocks(entries, now)` would.
 */
export function blocksAt(blocks: readonly UsageBlock[], now: Date): UsageBlock[] {
  const nowMs = now.getTime();
  return blocks.map((b) => {
    if (b.isGap || b.lastActivity === null) return b;
    const end = Date.parse(b.end);
    const isActive = activeAt(end, Date.parse(b.lastActivity), nowMs);
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
 */
export function buildBlocks(entries: UsageEntry[], now: Date): UsageBlock[] {
  const nowMs = now.getTime();
  const sorted = entries.filter((e) => Number.isFinite(e.timestamp)).sort((a, b) => a.timestamp - b.timestamp);
  const blocks: UsageBlock[] = [];
  let open: OpenBlock | null = null;
  for (const e of sorted) {
    const t = e.timestamp;
    if (!open || t - open.start > BLOCK_MS || t - open.last > BLOCK_MS) {
      const start = Math.floor(t / HOUR) * HOUR;
      if (open) {
        blocks.push(closeBlock(open, nowMs));
        const prevEnd = open.start + BLOCK_MS;
        if (t - open.last > BLOCK_MS && start > prevEnd) blocks.push(gapBlock(prevEnd, start));
      }
      open = { start, first: t, last: t, tally: newTally(), models: new Set() };
    }
    addToTally(open.tally, e, costOfEntry(e));
    open.models.add(e.model);
    open.last = t;
  }
  if (open) blocks.push(closeBlock(open, nowMs));
  return blocks;
}
