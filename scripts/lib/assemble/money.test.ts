// Rounding money to the millionth of a dollar: the noise of float sums goes, nothing else changes.
import { describe, expect, test } from 'bun:test';
import { blockInUsd, roundUsd } from './money.ts';
import type { UsageBlock } from '../../../src/contract/usage-data.ts';

describe('roundUsd', () => {
  test('removes float noise and keeps six decimals, printing as the decimal it stands for', () => {
    expect(roundUsd(14.549999999999846)).toBe(14.55);
    expect(JSON.stringify(roundUsd(0.1 + 0.2))).toBe('0.3');
    expect(roundUsd(1.0000004)).toBe(1);
    expect(roundUsd(1.0000006)).toBe(1.000001);
    expect(roundUsd(0)).toBe(0);
  });
});

describe('blockInUsd', () => {
  test('rounds the cost, the burn rate and the projection, and leaves null (unknown) alone', () => {
    const block = {
      costUsd: 2.0000000001,
      burnRate: { tokensPerMinute: 1.23456789, costUsdPerHour: 0.30000000000000004 },
      projection: { totalTokens: 5, costUsd: null, remainingMinutes: 12.3456789 },
    } as UsageBlock;
    expect(blockInUsd(block)).toEqual({
      costUsd: 2,
      burnRate: { tokensPerMinute: 1.23456789, costUsdPerHour: 0.3 },
      projection: { totalTokens: 5, costUsd: null, remainingMinutes: 12.3456789 },
    } as UsageBlock);
  });
});
