// The window estimate: its basis (log limit message, learned 90th percentile, too little history,
// no activity), projected exhaustion, the rolling week, and documents that pass the contract.
import { describe, expect, test } from 'bun:test';
import { validateUsageData, type UsageBlock, type WindowEstimate } from '../../../src/contract/usage-data.ts';
import type { LimitMessage, UsageEntry } from '../logs/entry.ts';
import { buildUsageReport } from '../report/usage-report.ts';
import { buildBlocks } from './blocks.ts';
import { resolveWindows } from './claude-window.ts';
import { estimateClaudeWindow, MIN_HISTORY_BLOCKS, percentile, weeklyPoints } from './estimate.ts';
import { loggedUsage } from './logged-usage.ts';
import { documentAround } from '../../../test/fixtures/sample-data.ts';
import { makeEntry } from '../../../test/fixtures/usage-entries.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const HAIKU = 'claude-haiku-4-5-20251001'; // $1 per MTok input: a block of N input tokens costs N/1e6 USD

function entry(at: number | string, t: Partial<UsageEntry> = {}): UsageEntry {
  const timestamp = typeof at === 'string' ? Date.parse(at) : at;
  return makeEntry({ timestamp, model: HAIKU, project: '-p', inputTokens: 1000, ...t });
}
const costing = (at: number, usd: number) => entry(at, { inputTokens: Math.round(usd * 1_000_000) });

function validateDocument(blocks: UsageBlock[], estimate: WindowEstimate, entries: UsageEntry[]): string[] {
  const now = new Date();
  const doc = documentAround({
    ...buildUsageReport(entries, { timezone: 'UTC' }),
    generatedAt: now.toISOString(),
    blocks,
    ...resolveWindows({
      now,
      readings: [],
      hits: [],
      endpointFailure: { kind: 'no-credential', message: 'no credential', retryAt: null },
      blocks,
      logged: loggedUsage(weeklyPoints(entries)),
      estimate,
    }),
  });
  const r = validateUsageData(doc);
  return r.ok ? [] : r.errors;
}

test('percentile interpolates between closest ranks', () => {
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 0.9)).toBeCloseTo(10.9, 12);
  expect(percentile([5], 0.9)).toBe(5);
  expect(percentile([10, 0], 0.5)).toBe(5);
});

describe('the 5-hour estimate', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const nowMs = now.getTime();
  /** One completed block per day before `now`, costing 1, 2, ... USD. */
  const history = (n: number) => Array.from({ length: n }, (_, i) => costing(nowMs - (n - i) * DAY, i + 1));
  const active = [costing(nowMs - 2 * HOUR, 2), costing(nowMs - HOUR, 3)];
  const estimate = (entries: UsageEntry[], limitMessages: LimitMessage[] = []) =>
    estimateClaudeWindow({ entries, blocks: buildBlocks(entries, now), limitMessages, now });

  test('with no logs at all, the basis is no-activity and pct is null', () => {
    const e = estimate([]);
    expect(e).toMatchObject({ pct: null, resetsAt: null, basis: 'no-activity', usedTokens: 0, sampleBlocks: 0 });
    expect(e.weekly).toMatchObject({ pct: null, basis: 'no-activity' });
  });

  test('with too little history pct is null but cost, tokens and reset still show', () => {
    const e = estimate([...history(MIN_HISTORY_BLOCKS - 1), ...active]);
    expect(e).toMatchObject({
      pct: null,
      basis: 'insufficient-history',
      sampleBlocks: MIN_HISTORY_BLOCKS - 1,
      limitCostUsd: null,
    });
    expect(e.usedCostUsd).toBeCloseTo(5, 9);
    expect(e.usedTokens).toBe(5_000_000);
    expect(e.resetsAt).toBe('2026-11-28T15:00:00.000Z');
    expect(e.basisText).toContain(`9 completed 5-hour blocks so far; a limit is learned from ${MIN_HISTORY_BLOCKS}`);
    expect(e.projectedExhaustionAt).toBeNull();
  });

  test('with enough history the limit is the 90th percentile of completed blocks’ cost', () => {
    const e = estimate([...history(12), ...active]);
    expect(e.basis).toBe('history-p90');
    expect(e.limitCostUsd).toBeCloseTo(10.9, 9);
    expect(e.pct).toBeCloseTo((5 / 10.9) * 100, 9);
    expect(e.sampleBlocks).toBe(12);
    expect(e.basisText).toBe('90th percentile of your last 12 completed 5-hour blocks ($10.90)');
    expect(e.resetFromLog).toBeNull();
  });

  test('gap blocks and the active block are not learned from', () => {
    const e = estimate([...history(12), ...active]);
    const blocks = buildBlocks([...history(12), ...active], now);
    expect(blocks.filter((b) => b.isGap).length).toBeGreaterThan(0);
    expect(e.sampleBlocks).toBe(12);
  });

  test('projected exhaustion: when the learned limit is reached at the current burn rate', () => {
    const e = estimate([...history(12), ...active]);
    // $2 then $3 an hour apart: $5 over a 1-hour span = $5/h. $5.90 left -> 1.18 h, before 15:00.
    expect(e.burnRate!.costUsdPerHour).toBeCloseTo(5, 9);
    expect(e.projectedExhaustionAt).toBe(new Date(nowMs + (5.9 / 5) * HOUR).toISOString());
    const slow = estimate([...history(12), costing(nowMs - 2 * HOUR, 0.5), costing(nowMs - HOUR, 0.5)]);
    expect(slow.projectedExhaustionAt).toBeNull(); // $1/h needs 9.9 h, the window resets in 3
  });

  test('no active block with a basis: pct 0 and no reset', () => {
    const e = estimate(history(12));
    expect(e).toMatchObject({
      pct: 0,
      resetsAt: null,
      usedCostUsd: 0,
      usedTokens: 0,
      basis: 'history-p90',
      burnRate: null,
    });
    expect(e.basisText).toContain('no activity in the last 5 hours');
  });

  test('no active block without a basis: pct null', () => {
    expect(estimate(history(3))).toMatchObject({ pct: null, resetsAt: null, basis: 'insufficient-history' });
  });

  test('a current "usage limit reached" message sets pct 100 and the exact reset', () => {
    const msg = { at: nowMs - 30 * MIN, resetsAt: Date.parse('2026-11-28T14:00:00Z') };
    const e = estimate([...history(3), ...active], [msg]);
    expect(e).toMatchObject({
      pct: 100,
      basis: 'log-limit-message',
      resetsAt: '2026-11-28T14:00:00.000Z',
      resetFromLog: '2026-11-28T14:00:00.000Z',
      projectedExhaustionAt: null,
    });
    expect(e.basisText).toBe(
      'Claude Code logged "usage limit reached" at 2026-11-28 11:30 UTC; it resets at 2026-11-28 14:00 UTC',
    );
  });

  test('stale limit messages are ignored: reset passed, logged over 5 hours ago, or not a 5-hour reset', () => {
    const passed = { at: nowMs - 2 * HOUR, resetsAt: nowMs - MIN };
    const old = { at: nowMs - 6 * HOUR, resetsAt: nowMs + HOUR };
    const longer = { at: nowMs - HOUR, resetsAt: nowMs + 3 * DAY };
    const e = estimate([...history(12), ...active], [passed, old, longer]);
    expect(e.basis).toBe('history-p90');
    expect(e.resetFromLog).toBeNull();
  });

  test('entries dated ahead stay out of the current window, its burn rate and this week', () => {
    const ahead = [costing(nowMs + 2 * HOUR, 40), costing(nowMs + 72 * HOUR, 40), costing(nowMs + 73 * HOUR, 40)];
    const e = estimate([...history(12), ...active, ...ahead]);
    const without = estimate([...history(12), ...active]);
    expect(e.usedCostUsd).toBeCloseTo(5, 9);
    expect(e.resetsAt).toBe('2026-11-28T15:00:00.000Z');
    expect(e.burnRate).toEqual(without.burnRate);
    expect(e.projectedExhaustionAt).toBe(without.projectedExhaustionAt);
    expect(e.weekly.usedCostUsd).toBeCloseTo(without.weekly.usedCostUsd!, 9);
    const onlyAhead = estimate([...history(3), ...ahead]);
    expect(onlyAhead).toMatchObject({ resetsAt: null, usedCostUsd: 0, usedTokens: 0, burnRate: null });
  });

  test('every estimate shape passes the contract validator inside a document', () => {
    const cases: Array<[UsageEntry[], LimitMessage[]]> = [
      [[], []],
      [[...history(3), ...active], []],
      [[...history(12), ...active], []],
      [history(12), []],
      [[...history(3), ...active], [{ at: nowMs - MIN, resetsAt: nowMs + HOUR }]],
    ];
    for (const [entries, msgs] of cases) {
      const blocks = buildBlocks(entries, now);
      const errors = validateDocument(
        blocks,
        estimateClaudeWindow({ entries, blocks, limitMessages: msgs, now }),
        entries,
      );
      expect(errors).toEqual([]);
    }
  });
});

describe('the weekly estimate', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const nowMs = now.getTime();
  /** `weeks` full past weeks costing 10, 20, ... USD (oldest cheapest) and this week's $`current`. */
  function weeks(n: number, current: number): UsageEntry[] {
    const out = Array.from({ length: n }, (_, i) => costing(nowMs - (n - i) * 7 * DAY - DAY, 10 * (i + 1)));
    out.unshift(entry(nowMs - (n + 1) * 7 * DAY, { inputTokens: 0 })); // history starts before the oldest full week
    if (current > 0) out.push(costing(nowMs - DAY, current));
    return out;
  }
  const weekly = (entries: UsageEntry[]) =>
    estimateClaudeWindow({ entries, blocks: buildBlocks(entries, now), limitMessages: [], now }).weekly;

  test('with at least 4 full weeks the weekly limit is the 90th percentile of their cost', () => {
    const w = weekly(weeks(5, 21));
    expect(w.basis).toBe('history-p90');
    expect(w.limitCostUsd).toBeCloseTo(percentile([10, 20, 30, 40, 50], 0.9), 9);
    expect(w.pct).toBeCloseTo((21 / 46) * 100, 9);
    expect(w.usedCostUsd).toBeCloseTo(21, 9);
    expect(w.resetsAt).toBeNull();
    expect(w.basisText).toContain('weekly cost over the last 5 full weeks with usage ($46.00)');
  });

  test('with fewer full weeks the weekly pct is null but this week’s cost shows', () => {
    const w = weekly(weeks(3, 21));
    expect(w).toMatchObject({ pct: null, basis: 'insufficient-history', limitCostUsd: null });
    expect(w.usedCostUsd).toBeCloseTo(21, 9);
  });

  test('a week only partly covered by history is not a sample', () => {
    // Four weeks of entries but history starts inside the oldest one: 3 samples, not enough.
    const entries = weeks(4, 0).slice(1);
    expect(weekly(entries).basis).toBe('insufficient-history');
  });
});
