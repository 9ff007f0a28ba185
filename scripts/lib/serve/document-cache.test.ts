// The server's document cache: one computation for concurrent callers, a 60 s age counted from
// the computation's start, and failures never cached.
import { describe, expect, test } from 'bun:test';
import { createDocumentCache } from './document-cache.ts';

function setup(compute: (n: number) => Promise<string> | string) {
  let calls = 0;
  const clock = { ms: 0 };
  const cache = createDocumentCache({
    maxAgeMs: 60_000,
    now: () => new Date(clock.ms),
    compute: () => {
      calls += 1;
      return compute(calls) as Promise<string>;
    },
  });
  return { cache, clock, calls: () => calls };
}

describe('createDocumentCache', () => {
  test('computes once for concurrent callers, including a refresh that arrives meanwhile', async () => {
    const s = setup(async (n) => `doc${n}`);
    const results = await Promise.all([s.cache.get(), s.cache.get(), s.cache.refresh()]);
    expect(results).toEqual(['doc1', 'doc1', 'doc1']);
    expect(s.calls()).toBe(1);
  });

  test('ages from the start of the computation and recomputes at 60 s', async () => {
    const s = setup(async (n) => `doc${n}`);
    await s.cache.get();
    expect(s.cache.computedAt()?.getTime()).toBe(0);
    s.clock.ms = 59_999;
    expect(await s.cache.get()).toBe('doc1');
    s.clock.ms = 60_000;
    expect(await s.cache.get()).toBe('doc2');
  });

  test('a failure is not cached, and even a synchronous throw leaves the cache usable', async () => {
    const s = setup((n) => {
      if (n === 1) throw new Error('sync boom');
      if (n === 2) return Promise.reject(new Error('async boom'));
      return Promise.resolve(`doc${n}`);
    });
    await expect(s.cache.get()).rejects.toThrow('sync boom');
    await expect(s.cache.get()).rejects.toThrow('async boom');
    expect(await s.cache.get()).toBe('doc3');
    expect(await s.cache.refresh()).toBe('doc4');
  });
});
