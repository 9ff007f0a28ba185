// The running sum behind every report row and every 5-hour block: tokens and requests, with the
// priced and unpriced parts kept apart so an unknown cost is never shown as $0.
import type { Usage } from '../../../src/contract/usage-data.ts';
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
