// The 5-hour block rule (CLAUDE-DATA.md §3): block edges, gaps, the active block, and burn rate
// and projection.
import { describe, expect, test } from 'bun:test';
import type { UsageBlock } from '../../../src/contract/usage-data.ts';
import type { UsageEntry } from '../logs/entry.ts';
import { blocksAt, buildBlocks, FUTURE_SLACK_MS, MIN_BURN_SPAN_MS } from './blocks.ts';
import { makeEntry } from '../../../test/fixtures/usage-entries.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const HAIKU = 'claude-haiku-4-5-20251001'; // $1 per MTok input: a block of N input tokens costs N/1e6 USD

function entry(at: number | string, t: Partial<UsageEntry> = {}): UsageEntry {
  const timestamp = typeof at === 'string' ? Date.parse(at) : at;
  return makeEntry({ timestamp, model: HAIKU, project: '-p', inputTokens: 1000, ...t });
}
const costing = (at: number, usd: number) => entry(at, { inputTokens: Math.round(usd * 1_000_000) });
const spans = (blocks: UsageBlock[]) => blocks.map((b) => [b.start.slice(11, 16), b.end.slice(11, 16), b.isGap]);

describe('the 5-hour block rule', () => {
  const now = new Date('2026-11-28T23:00:00Z');

  test('a block starts at the first entry floored to the UTC hour and lasts 5 hours', () => {
    const [b] = buildBlocks([entry('2026-11-20T10:59:59.999Z')], now);
    expect([b!.start, b!.end]).toEqual(['2026-11-20T10:00:00.000Z', '2026-11-20T15:00:00.000Z']);
  });

  test('an entry exactly 5 hours after the block start stays in the block', () => {
    const blocks = buildBlocks([entry('2026-11-20T10:00:00Z'), entry('2026-11-20T15:00:00Z')], now);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.requests).toBe(2);
    expect(blocks[0]!.lastActivity).toBe('2026-11-20T15:00:00.000Z');
  });

  test('an entry just over 5 hours after the block start opens the next block, with no gap', () => {
    const blocks = buildBlocks(
      [entry('2026-11-20T10:30:00Z'), entry('2026-11-20T14:50:00Z'), entry('2026-11-20T15:00:00.001Z')],
      now,
    );
    expect(spans(blocks)).toEqual([
      ['10:00', '15:00', false],
      ['15:00', '20:00', false],
    ]);
  });

  test('continuous work rolls over into back-to-back blocks without gaps', () => {
    const entries = Array.from({ length: 12 }, (_, i) => entry(Date.parse('2026-11-20T08:10:00Z') + i * HOUR));
    expect(spans(buildBlocks(entries, now))).toEqual([
      ['08:00', '13:00', false],
      ['13:00', '18:00', false],
      ['18:00', '23:00', false],
    ]);
  });

  test('more than 5 idle hours between blocks become a gap block with no usage', () => {
    const blocks = buildBlocks([entry('2026-11-20T09:10:00Z'), entry('2026-11-20T20:30:00Z')], now);
    expect(spans(blocks)).toEqual([
      ['09:00', '14:00', false],
      ['14:00', '20:00', true],
      ['20:00', '01:00', false],
    ]);
    expect(blocks[1]).toMatchObject({
      totalTokens: 0,
      costUsd: 0,
      requests: 0,
      lastActivity: null,
      isActive: false,
      models: [],
      burnRate: null,
    });
  });

  test('idle of just over 5 hours that ends on the next hour gives no zero-length gap', () => {
    const blocks = buildBlocks([entry('2026-11-20T10:00:00Z'), entry('2026-11-20T15:00:00.001Z')], now);
    expect(spans(blocks)).toEqual([
      ['10:00', '15:00', false],
      ['15:00', '20:00', false],
    ]);
  });

  test('entries are sorted first and the caller’s array is left alone', () => {
    const entries = [entry('2026-11-20T12:00:00Z'), entry('2026-11-20T10:00:00Z')];
    const blocks = buildBlocks(entries, now);
    expect(blocks[0]!.start).toBe('2026-11-20T10:00:00.000Z');
    expect(entries[0]!.timestamp).toBe(Date.parse('2026-11-20T12:00:00Z'));
  });

  test('a block is active until its end, not at its end', () => {
    const entries = [entry('2026-11-28T10:20:00Z')];
    expect(buildBlocks(entries, new Date('2026-11-28T14:59:59.999Z'))[0]!.isActive).toBe(true);
    expect(buildBlocks(entries, new Date('2026-11-28T15:00:00Z'))[0]!.isActive).toBe(false);
  });

  test('only the last block can be active; earlier ones are completed', () => {
    const blocks = buildBlocks(
      [entry('2026-11-28T01:00:00Z'), entry('2026-11-28T12:30:00Z')],
      new Date('2026-11-28T13:00:00Z'),
    );
    expect(blocks.map((b) => b.isActive)).toEqual([false, false, true]);
  });

  test('blocks tally tokens, cost and models', () => {
    const [b] = buildBlocks(
      [
        entry('2026-11-20T10:00:00Z', { model: 'claude-opus-4-5-20251101', outputTokens: 100 }),
        entry('2026-11-20T10:30:00Z', { model: 'mystery' }),
      ],
      now,
    );
    expect(b).toMatchObject({
      inputTokens: 2000,
      outputTokens: 100,
      unpricedTokens: 1000,
      requests: 2,
      models: ['claude-opus-4-5-20251101', 'mystery'],
    });
    expect(b!.costUsd).toBeCloseTo(1000 * 5e-6 + 100 * 25e-6, 12);
  });
});

describe('burn rate and projection', () => {
  test('burn rate is measured over the span from first to last entry', () => {
    const [b] = buildBlocks(
      [costing(Date.parse('2026-11-20T10:00:00Z'), 1), costing(Date.parse('2026-11-20T10:30:00Z'), 2)],
      new Date('2026-11-28T00:00:00Z'),
    );
    expect(b!.burnRate!.tokensPerMinute).toBeCloseTo(3_000_000 / 30, 9);
    expect(b!.burnRate!.costUsdPerHour).toBeCloseTo(6, 9);
    expect(b!.projection).toBeNull(); // completed blocks get no projection
  });

  test('a span shorter than the minimum has no burn rate and no projection', () => {
    const t = Date.parse('2026-11-28T10:00:00Z');
    const blocks = buildBlocks([entry(t), entry(t + MIN_BURN_SPAN_MS - 1)], new Date(t + HOUR));
    expect(blocks[0]).toMatchObject({ isActive: true, burnRate: null, projection: null });
    expect(buildBlocks([entry(t), entry(t + MIN_BURN_SPAN_MS)], new Date(t + HOUR))[0]!.burnRate).not.toBeNull();
  });

  test('the active block projects to its end at the current rate', () => {
    const t = Date.parse('2026-11-28T10:00:00Z');
    const [b] = buildBlocks([costing(t, 1), costing(t + HOUR, 1)], new Date(t + 2 * HOUR));
    // $2 over 1 hour, 3 hours left -> $8; 2M tokens/60 min, 180 min left -> 8M tokens.
    expect(b!.projection).toEqual({ totalTokens: 8_000_000, costUsd: expect.closeTo(8, 9), remainingMinutes: 180 });
  });

  test('a block of only unpriced models projects tokens but not cost', () => {
    const t = Date.parse('2026-11-28T10:00:00Z');
    const [b] = buildBlocks(
      [entry(t, { model: 'mystery' }), entry(t + HOUR, { model: 'mystery' })],
      new Date(t + 2 * HOUR),
    );
    expect(b!.costUsd).toBeNull();
    expect(b!.burnRate!.costUsdPerHour).toBeNull();
    expect(b!.projection!.costUsd).toBeNull();
  });
});

describe('entries dated in the future (a wrong clock, an edited log)', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const nowMs = now.getTime();

  test('a block of entries 72 hours ahead is listed but never active, and has no projection', () => {
    const ahead = Array.from({ length: 5 }, (_, i) => entry(nowMs + 72 * HOUR + i * 10 * MIN));
    const blocks = buildBlocks(ahead, now);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ requests: 5, isActive: false, projection: null });
    expect(Date.parse(blocks[0]!.start)).toBeGreaterThan(nowMs);
  });

  test('an entry beyond the slack never joins the current block, which stays active without it', () => {
    const blocks = buildBlocks(
      [costing(nowMs - 30 * MIN, 1), costing(nowMs - 10 * MIN, 1), costing(nowMs + 2 * HOUR, 50)],
      now,
    );
    expect(blocks.map((b) => [b.requests, b.isActive])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(blocks[0]!.costUsd).toBeCloseTo(2, 9);
    expect(blocks[0]!.lastActivity).toBe(new Date(nowMs - 10 * MIN).toISOString());
    expect(blocks[0]!.burnRate!.costUsdPerHour).toBeCloseTo(6, 9);
  });

  test('within the slack (clocks a little apart) an entry still counts in the current block', () => {
    const blocks = buildBlocks([entry(nowMs - 30 * MIN), entry(nowMs + FUTURE_SLACK_MS)], now);
    expect(blocks.map((b) => [b.requests, b.isActive])).toEqual([[2, true]]);
  });

  test('no block that starts after now is active, even one whose entries are within the slack', () => {
    const justBefore = new Date('2026-11-28T12:58:00Z');
    const blocks = buildBlocks([entry('2026-11-28T13:01:00Z')], justBefore);
    expect(blocks[0]).toMatchObject({ start: '2026-11-28T13:00:00.000Z', isActive: false, projection: null });
  });

  test('blocksAt brings blocks with future entries to another now exactly as buildBlocks does', () => {
    const entries = [entry(nowMs - 30 * MIN), entry(nowMs - 10 * MIN), entry(nowMs + 72 * HOUR)];
    const built = buildBlocks(entries, now);
    for (const later of [nowMs + MIN, nowMs + 3 * HOUR, nowMs + 71 * HOUR])
      expect(blocksAt(built, new Date(later))).toEqual(buildBlocks(entries, new Date(later)));
  });
});
