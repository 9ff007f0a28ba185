// The running sum: tokens always counted, cost unknown (null) only when nothing in it was priced.
import { describe, expect, test } from 'bun:test';
import type { UsageEntry } from '../logs/entry.ts';
import { addToTally, newTally, tallyToUsage } from './tally.ts';

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
