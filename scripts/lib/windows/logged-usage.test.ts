// Cost and tokens between two instants from the memo's weekly points: both ends included, unpriced
// entries counted as nothing, and the first entry after an instant.
import { describe, expect, test } from 'bun:test';
import { loggedUsage } from './logged-usage.ts';

const points = {
  timestamps: Float64Array.from([100, 200, 200, 300, 400]),
  tokens: Float64Array.from([1, 2, 3, 4, 5]),
  costs: Float64Array.from([1, 0.5, NaN, 2, 4]),
};
const logged = loggedUsage(points);

describe('loggedUsage', () => {
  test('sums the cost from one instant to another, both included, unpriced as nothing', () => {
    expect(logged.costBetween(100, 400)).toBe(7.5);
    expect(logged.costBetween(101, 399)).toBe(2.5);
    expect(logged.costBetween(200, 200)).toBe(0.5);
    expect(logged.costBetween(0, 99)).toBe(0);
    expect(logged.costBetween(400, 100)).toBe(0);
  });

  test('sums tokens the same way, unpriced ones included', () => {
    expect(logged.tokensBetween(200, 300)).toBe(9);
  });

  test('finds the first entry after an instant', () => {
    expect([logged.firstAfter(0), logged.firstAfter(200), logged.firstAfter(400)]).toEqual([100, 300, null]);
  });

  test('an empty log answers zero and null', () => {
    const empty = loggedUsage({
      timestamps: new Float64Array(),
      tokens: new Float64Array(),
      costs: new Float64Array(),
    });
    expect([empty.costBetween(0, 1e15), empty.firstAfter(0)]).toEqual([0, null]);
  });
});
