// The page's usage document as React state: loaded on mount, polled on an interval, recomputed on
// demand; a failed refresh keeps the last good document and says why it is now stale.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UsageData } from '../contract/usage-data.ts';
import { describeLoadError, type UsageApi } from './usage-api.ts';

export type UsageDocumentState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  /** `staleReason` is set while the latest refresh failed and `data` is the last good document. */
  | { status: 'ready'; data: UsageData; staleReason: string | null };

export interface UsageDocumentOptions {
  api: UsageApi;
  /** How often to ask `api.load()` again. */
  refreshIntervalMs: number;
  /** Called after every load or refresh settles, success or not (the page re-reads its clock then). */
  onSettled?: () => void;
}

export interface UsageDocument {
  state: UsageDocumentState;
  /** A load or refresh is in flight. */
  busy: boolean;
  /** Have the server recompute now (the Refresh button). */
  refresh: () => void;
}

/**
 * @example const { state, busy, refresh } = useUsageDocument({ api: createUsageApi(), refreshIntervalMs: 60_000 });
 */
export function useUsageDocument({ api, refreshIntervalMs, onSettled }: UsageDocumentOptions): UsageDocument {
  const [state, setState] = useState<UsageDocumentState>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  // A ref, so a new callback each render does not restart the polling.
  const settled = useRef(onSettled);
  useEffect(() => {
    settled.current = onSettled;
  });

  const fetchDocument = useCallback(
    async (how: 'load' | 'refresh') => {
      if (inFlight.current) return; // a tick landing during a slow refresh waits for the next one
      inFlight.current = true;
      setBusy(true);
      try {
        const data = await (how === 'refresh' ? api.refresh() : api.load());
        setState({ status: 'ready', data, staleReason: null });
      } catch (error) {
        // Keep the last good document; without one, show why there is nothing.
        setState((prev) =>
          prev.status === 'ready' ? { ...prev, staleReason: describeLoadError(error) } : { status: 'error', error },
        );
      } finally {
        inFlight.current = false;
        setBusy(false);
        settled.current?.();
      }
    },
    [api],
  );

  useEffect(() => {
    void fetchDocument('load');
    const poll = setInterval(() => void fetchDocument('load'), refreshIntervalMs);
    return () => clearInterval(poll);
  }, [fetchDocument, refreshIntervalMs]);

  const refresh = useCallback(() => void fetchDocument('refresh'), [fetchDocument]);
  return { state, busy, refresh };
}
