// The running sum: tokens always counted, cost unknown (null) only when nothing in it was priced.
import { describe, expect, test } from 'bun:test';
import type { UsageEntry } from '../logs/entry.ts';
import { addToTally, addUsage, newTally, tallyToUsage } from './tally.ts';

const entry: UsageEntry = {
  key: null,
  timestamp: 0,
  model: 'm',
  sessionId: 's',
  project: 'p',
  inputTokens: 1,
  outputTokens: 2,
  cacheCreationTokens: 3,
  cacheCreation1hTokens: 0,
  cacheReadTokens: 4,
  speed: null,
  inferenceGeo: null,
};

describe('tally', () => {
  test('an empty tally is zero cost, not unknown', () => {
    expect(tallyToUsage(newTally())).toMatchObject({ costUsd: 0, totalTokens: 0, requests: 0 });
  });

  test('only unpriced entries give an unknown cost, their tokens still counted', () => {
    const t = newTally();
    addToTally(t, entry, null);
    expect(tallyToUsage(t)).toMatchObject({ costUsd: null, totalTokens: 10, unpricedTokens: 10, requests: 1 });
  });

  test('a mix reports the priced part (a lower bound) beside the unpriced tokens', () => {
    const t = newTally();
    addToTally(t, entry, 0.25);
    addToTally(t, entry, null);
    expect(tallyToUsage(t)).toEqual({
      inputTokens: 2,
      outputTokens: 4,
      cacheCreationTokens: 6,
      cacheReadTokens: 8,
      totalTokens: 20,
      costUsd: 0.25,
      unpricedTokens: 10,
      requests: 2,
    });
  });
});

describe('addUsage', () => {
  const row = (totalTokens: number, costUsd: number | null) => ({
    inputTokens: totalTokens,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    totalTokens,
    costUsd,
    unpricedTokens: costUsd === null ? totalTokens : 0,
    requests: 1,
  });

  test('an unknown cost stays unknown only when nothing was priced; no rows add up to zero', () => {
    expect(addUsage([]).costUsd).toBe(0);
    expect(addUsage([row(100, null), row(200, null)]).costUsd).toBeNull();
    const mixed = addUsage([row(100, null), row(200, 3)]);
    expect(mixed).toMatchObject({ costUsd: 3, totalTokens: 300, unpricedTokens: 100, requests: 2 });
  });
});
