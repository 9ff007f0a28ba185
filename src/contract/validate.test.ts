// The contract validator: valid values pass through, every problem is named by its path,
// nullable versus missing keys, and the cap on collected errors.
import { describe, expect, test } from 'bun:test';
import { v } from './validate.ts';

describe('validator', () => {
  const point = v.object({ at: v.isoDateTime(), pct: v.nullable(v.range(0, 100)), tags: v.array(v.string(), 2) });

  test('accepts a valid value and returns a copy without unknown keys, at every level', () => {
    const nested = v.object({ inner: v.nullable(point), list: v.array(point), byName: v.record(point) });
    const p = { at: '2026-11-20T18:17:07.586Z', pct: 12.5, tags: ['a'] };
    const r = nested.check({
      inner: { ...p, token: 'x' },
      list: [{ ...p, raw: {} }],
      byName: { a: { ...p, extra: 1 } },
      rawBody: 'not in the schema',
    });
    expect(r).toEqual({ ok: true, value: { inner: p, list: [p], byName: { a: p } } });
  });

  test('names the path of every problem', () => {
    const r = point.check({ at: 'yesterday', pct: 101, tags: ['a', 'b', 'c'] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(3);
      expect(r.errors[0]).toStartWith('$.at:');
      expect(r.errors[1]).toStartWith('$.pct:');
      expect(r.errors[2]).toStartWith('$.tags:');
    }
  });

  test('a missing key is an error, null is not when nullable', () => {
    expect(point.check({ at: '2026-01-01T00:00:00+02:00', tags: [] }).ok).toBe(false);
    expect(point.check({ at: '2026-01-01T00:00:00+02:00', pct: null, tags: [] }).ok).toBe(true);
  });

  test('rejects NaN, Infinity and negative counts', () => {
    const n = v.nonNegative();
    expect(n.check(Number.NaN).ok).toBe(false);
    expect(n.check(Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(n.check(-1).ok).toBe(false);
    expect(n.check(0).ok).toBe(true);
  });

  test('rejects dates that match the pattern but are not real instants', () => {
    expect(v.isoDateTime().check('2026-13-45T99:00:00Z').ok).toBe(false);
    expect(v.isoDateTime().check('2026-07-03T00:30:00.282668+00:00').ok).toBe(true);
  });

  test('oneOf and literal hold their values', () => {
    expect(v.oneOf(['oauth', 'estimate'] as const).check('live').ok).toBe(false);
    expect(v.literal(1).check(2).ok).toBe(false);
  });

  test('stops collecting after 20 errors', () => {
    const r = v.array(v.string()).check(Array.from({ length: 50 }, () => 1));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toHaveLength(20);
  });
});
