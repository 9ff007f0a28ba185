// The page's document state on its own: the first load, a failed refresh keeping the last good
// document marked stale, no second request while one is in flight, and the settle callback.
import { describe, expect, test } from 'bun:test';
import { act, renderHook } from '@testing-library/react';
import { useHappyDom } from '../../test/fixtures/happy-dom-setup.ts';
import { makeSampleUsageData } from '../../test/fixtures/sample-data.ts';
import type { UsageData } from '../contract/usage-data.ts';
import { UsageLoadError, type UsageApi } from './usage-api.ts';
import { useUsageDocument } from './use-usage-document.ts';

useHappyDom();

/** An api whose answers the test hands out one by one, recording each call. */
function scriptedApi() {
  const calls: string[] = [];
  const pending: Array<{ resolve: (d: UsageData) => void; reject: (e: unknown) => void }> = [];
  const answer = (how: string) => {
    calls.push(how);
    return new Promise<UsageData>((resolve, reject) => pending.push({ resolve, reject }));
  };
  const api: UsageApi = { load: () => answer('load'), refresh: () => answer('refresh') };
  return { api, calls, next: () => pending.shift()! };
}

describe('useUsageDocument', () => {
  test('loads on mount, then keeps the last good document marked stale when a refresh fails', async () => {
    const { api, calls, next } = scriptedApi();
    let settled = 0;
    const onSettled = () => void (settled += 1);
    const { result } = renderHook(() => useUsageDocument({ api, refreshIntervalMs: 3_600_000, onSettled }));
    expect(result.current.state.status).toBe('loading');
    expect(result.current.busy).toBe(true);

    const doc = makeSampleUsageData();
    await act(async () => next().resolve(doc));
    expect(result.current.state).toEqual({ status: 'ready', data: doc, staleReason: null });
    expect([result.current.busy, settled]).toEqual([false, 1]);

    act(() => result.current.refresh());
    await act(async () => next().reject(new UsageLoadError('http', 'the aios server answered 500', 500)));
    expect(result.current.state).toEqual({ status: 'ready', data: doc, staleReason: 'the aios server answered 500' });
    expect(calls).toEqual(['load', 'refresh']);
    expect(settled).toBe(2);
  });

  test('without a document yet, a failed load is an error state', async () => {
    const { api, next } = scriptedApi();
    const { result } = renderHook(() => useUsageDocument({ api, refreshIntervalMs: 3_600_000 }));
    const error = new UsageLoadError('network', 'the aios server could not be reached');
    await act(async () => next().reject(error));
    expect(result.current.state).toEqual({ status: 'error', error });
  });

  test('asks nothing more while a request is in flight', async () => {
    const { api, calls, next } = scriptedApi();
    const { result } = renderHook(() => useUsageDocument({ api, refreshIntervalMs: 3_600_000 }));
    act(() => result.current.refresh());
    expect(calls).toEqual(['load']);
    await act(async () => next().resolve(makeSampleUsageData()));
    act(() => result.current.refresh());
    expect(calls).toEqual(['load', 'refresh']);
    await act(async () => next().resolve(makeSampleUsageData({ demo: true })));
    expect(result.current.state.status === 'ready' && result.current.state.data.demo).toBe(true);
  });
});
