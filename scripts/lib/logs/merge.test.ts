// Merging parts from many files: one entry per response across files, one limit message per reset,
// skips summed, and an append merged into the stored body.
import { describe, expect, test } from 'bun:test';
import type { PartData } from './cache/codec.ts';
import type { UsageEntry } from './entry.ts';
import { mergeAppend, Totals } from './merge.ts';
import { captureLogLines } from '../../../test/fixtures/log-capture.ts';
import { makeEntry } from '../../../test/fixtures/usage-entries.ts';

function entry(key: string | null, timestamp: number, outputTokens: number): UsageEntry {
  return makeEntry({ key, timestamp, model: 'm', sessionId: 's', project: 'p', inputTokens: 1, outputTokens });
}

const part = (entries: UsageEntry[], extra: Partial<PartData> = {}): PartData => ({
  entries,
  duplicates: 0,
  limits: [],
  skipped: {},
  ...extra,
});

const logged = captureLogLines();

describe('Totals', () => {
  test('keeps the largest copy across files, in time order, with every dropped copy counted', () => {
    const t = new Totals();
    t.addPart(part([entry('b', 20, 5), entry('a', 10, 1)], { duplicates: 2 }));
    t.addPart(part([entry('a', 10, 9), entry(null, 5, 1)]));
    t.addPart(null);
    const r = t.finish();
    expect(r.entries.map((e) => [e.key, e.outputTokens])).toEqual([
      [null, 1],
      ['a', 9],
      ['b', 5],
    ]);
    expect(r.duplicates).toBe(3);
  });

  test('counts a replayed limit message once and sums the skips', () => {
    const t = new Totals();
    const limit = { at: 100, resetsAt: 200 };
    t.addPart(part([], { limits: [limit], skipped: { malformed: 1 } }));
    t.addPart(
      part([], { limits: [{ ...limit }, { at: 50, resetsAt: 300 }], skipped: { malformed: 2, 'api-error': 1 } }),
    );
    const r = t.finish();
    expect(r.limits).toEqual([{ at: 50, resetsAt: 300 }, limit]);
    expect(r.skipped).toEqual({ malformed: 3, 'api-error': 1 });
  });

  test('names the first ten unreadable files, lists up to 100, and sums up the rest when done', () => {
    const t = new Totals();
    for (let i = 0; i < 105; i++) t.unreadableFile(`/logs/${i}.jsonl`, 'ENOENT');
    expect(logged.lines.filter((w) => w.includes('skipping unreadable'))).toHaveLength(10);
    const r = t.finish();
    expect(r.skipped).toEqual({ 'unreadable-file': 105 });
    expect(t.unreadable).toHaveLength(100);
    expect(logged.lines.at(-1)).toContain('95 more unreadable log files skipped');
  });
});

describe('mergeAppend', () => {
  test('dedupes the new lines against the stored body and adds their limits and skips', () => {
    const stored = part([entry('a', 1, 3)], {
      duplicates: 1,
      limits: [{ at: 1, resetsAt: 2 }],
      skipped: { malformed: 1 },
    });
    const added = part([entry('a', 1, 7), entry('b', 2, 1)], {
      limits: [{ at: 3, resetsAt: 4 }],
      skipped: { malformed: 2 },
    });
    const merged = mergeAppend(stored, added);
    expect(merged.entries.map((e) => [e.key, e.outputTokens])).toEqual([
      ['a', 7],
      ['b', 1],
    ]);
    expect(merged.duplicates).toBe(2);
    expect(merged.limits).toEqual([
      { at: 1, resetsAt: 2 },
      { at: 3, resetsAt: 4 },
    ]);
    expect(merged.skipped).toEqual({ malformed: 3 });
    expect(stored.skipped).toEqual({ malformed: 1 });
  });
});
