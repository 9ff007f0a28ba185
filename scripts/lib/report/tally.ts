// The running sum behind every report row and every 5-hour block: tokens and requests, with the
// priced and unpriced parts kept apart so an unknown cost is never shown as $0.
import type { Usage } from '../../../src/contract/usage-data.ts';
import { ZERO_USAGE } from '../../../src/contract/zero-usage.ts';
import type { UsageEntry } from '../logs/entry.ts';

/** A running sum behind every row. Priced and unpriced parts are kept apart. */
export interface Tally {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  pricedRequests: number;
  unpricedTokens: number;
  requests: number;
}

export function newTally(): Tally {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    costUsd: 0,
    pricedRequests: 0,
    unpricedTokens: 0,
    requests: 0,
  };
}

/** Add one entry whose cost was computed once by the caller (`null` = unpriced model). */
export function addToTally(t: Tally, e: UsageEntry, cost: number | null): void {
  t.inputTokens += e.inputTokens;
  t.outputTokens += e.outputTokens;
  t.cacheCreationTokens += e.cacheCreationTokens;
  t.cacheReadTokens += e.cacheReadTokens;
  t.requests += 1;
  if (cost === null) {
    t.unpricedTokens += e.inputTokens + e.outputTokens + e.cacheCreationTokens + e.cacheReadTokens;
  } else {
    t.costUsd += cost;
    t.pricedRequests += 1;
  }
}

/**
 * The contract's token fields. `costUsd` is the priced sum; it is null only when unpriced tokens
 * exist and nothing was priced, so unknown is never shown as $0 and a mixed row is a lower bound.
 */
export function tallyToUsage(t: Tally): Usage {
  return {
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    cacheCreationTokens: t.cacheCreationTokens,
    cacheReadTokens: t.cacheReadTokens,
    totalTokens: t.inputTokens + t.outputTokens + t.cacheCreationTokens + t.cacheReadTokens,
    costUsd: t.pricedRequests === 0 && t.unpricedTokens > 0 ? null : t.costUsd,
    unpricedTokens: t.unpricedTokens,
    requests: t.requests,
  };
}

/** Only the usage numbers of a row (the contract's rows carry more: a date, a name). */
export function usageOf(row: Usage): Usage {
  return {
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cacheCreationTokens: row.cacheCreationTokens,
    cacheReadTokens: row.cacheReadTokens,
    totalTokens: row.totalTokens,
    costUsd: row.costUsd,
    unpricedTokens: row.unpricedTokens,
    requests: row.requests,
  };
}

/**
 * Rows added up; the cost is unknown (null) only when tokens exist and none of them was priced,
 * and no rows add up to zero.
 *
 * @example addUsage(days.map((d) => d.models[0]!)).costUsd
 */
export function addUsage(rows: readonly Usage[]): Usage {
  const sum = { ...ZERO_USAGE };
  let priced = false;
  for (const r of rows) {
    sum.inputTokens += r.inputTokens;
    sum.outputTokens += r.outputTokens;
    sum.cacheCreationTokens += r.cacheCreationTokens;
    sum.cacheReadTokens += r.cacheReadTokens;
    sum.totalTokens += r.totalTokens;
    sum.unpricedTokens += r.unpricedTokens;
    sum.requests += r.requests;
    if (r.costUsd !== null) {
      priced = true;
      sum.costUsd = sum.costUsd! + r.costUsd;
    }
  }
  if (!priced && sum.totalTokens > 0) sum.costUsd = null;
  return sum;
}
