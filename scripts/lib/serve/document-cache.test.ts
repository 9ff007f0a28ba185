// The server's document cache: one computation for concurrent callers, a 60 s age counted from
// the computation's start, and failures never cached.
import { describe, expect, test } from 'bun:test';
import { createDocumentCache } from './document-cache.ts';

function setup(compute: (n: number) => Promise<string> | string) {
  let calls = 0;
  const explicit: boolean[] = [];
  const clock = { ms: 0 };
  const cache = createDocumentCache({
    maxAgeMs: 60_000,
    minRefreshMs: 2_000,
    now: () => new Date(clock.ms),
    compute: (asked) => {
      calls += 1;
      explicit.push(asked.explicit);
      return compute(calls) as Promise<string>;
    },
  });
  return { cache, clock, calls: () => calls, explicit };
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

  test('refreshes are rate-limited: within 2 s of the last one a refresh gets the latest result', async () => {
    const s = setup(async (n) => `doc${n}`);
    expect(await s.cache.refresh()).toBe('doc1');
    for (let i = 0; i < 199; i++) expect(await s.cache.refresh()).toBe('doc1');
    expect(s.calls()).toBe(1);
    s.clock.ms = 1_999;
    expect(await s.cache.refresh()).toBe('doc1');
    s.clock.ms = 2_000;
    expect(await s.cache.refresh()).toBe('doc2');
    expect(s.calls()).toBe(2);
  });

  test('a throttled refresh gets the latest result: a failure, or a document a read computed', async () => {
    const s = setup(async (n) => {
      if (n === 1) throw new Error('boom');
      return `doc${n}`;
    });
    await expect(s.cache.refresh()).rejects.toThrow('boom');
    s.clock.ms = 1_000;
    await expect(s.cache.refresh()).rejects.toThrow('boom');
    s.clock.ms = 1_500;
    expect(await s.cache.get()).toBe('doc2');
    s.clock.ms = 1_900;
    expect(await s.cache.refresh()).toBe('doc2');
    expect(s.calls()).toBe(2);
    s.clock.ms = 2_000;
    expect(await s.cache.refresh()).toBe('doc3');
  });

  test('a refresh while a computation runs joins it, throttled or not', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = setup(async (n) => {
      if (n === 2) await gate;
      return `doc${n}`;
    });
    await s.cache.refresh();
    s.clock.ms = 61_000;
    const running = [s.cache.refresh(), s.cache.refresh(), s.cache.get()];
    release();
    expect(await Promise.all(running)).toEqual(['doc2', 'doc2', 'doc2']);
    expect(s.calls()).toBe(2);
  });

  test('compute learns whether a refresh (the user asking) started it', async () => {
    const s = setup(async (n) => `doc${n}`);
    await s.cache.get();
    await s.cache.refresh();
    s.clock.ms = 60_000;
    await s.cache.get();
    expect(s.explicit).toEqual([false, true, false]);
  });
});
