// The server's copy of the usage document: reused while younger than its max age, recomputed on
// demand at most once per refresh interval, and computed at most once at a time however many ask.

/** Why a computation runs: `explicit` when a refresh (the user's Refresh button) asked for it. */
export interface ComputeRequest {
  explicit: boolean;
}

export interface DocumentCacheOptions<T> {
  compute: (request: ComputeRequest) => Promise<T>;
  /** Documents older than this are recomputed on the next `get` (the server uses 60 s). */
  maxAgeMs: number;
  /**
   * A refresh within this long of the last refresh's start recomputes nothing: it gets the running
   * computation or the latest result (the server uses 2 s). Default 0: every refresh recomputes.
   */
  minRefreshMs?: number;
  now: () => Date;
}

export interface DocumentCache<T> {
  /** The cached document if fresh, else a new one (shared with any computation in flight). */
  get(): Promise<T>;
  /**
   * A newly computed document; joins a computation already in flight rather than starting a
   * second, and within `minRefreshMs` of the last refresh answers with the latest result instead.
   */
  refresh(): Promise<T>;
  /** When the cached document was computed, or null before the first success. */
  computedAt(): Date | null;
}

/**
 * Wrap `compute` so callers share results. A failed computation is not cached for `get`: the next
 * call tries again, and the previous good document stays available to `get` only while it is still
 * fresh. A throttled `refresh` does get the failure, if that was the latest result.
 *
 * @example const cache = createDocumentCache({ compute, maxAgeMs: 60_000, minRefreshMs: 2_000, now: () => new Date() });
 */
export function createDocumentCache<T>(opts: DocumentCacheOptions<T>): DocumentCache<T> {
  let value: { doc: T; at: Date } | null = null;
  let inflight: Promise<T> | null = null;
  /** The latest computation's outcome, whoever started it. */
  let latest: Promise<T> | null = null;
  /** When the last refresh started a computation (ms), for the rate limit. */
  let lastRefreshAt: number | null = null;

  function start(request: ComputeRequest): Promise<T> {
    if (inflight) return inflight;
    // Deferred by a microtask so even a synchronously throwing compute is seen as in flight first.
    // The document's age counts from when its computation started: that is the data's moment.
    const startedAt = opts.now();
    const run = Promise.resolve()
      .then(() => opts.compute(request))
      .then((doc) => {
        value = { doc, at: startedAt };
        return doc;
      });
    inflight = run;
    const settle = () => {
      if (inflight === run) inflight = null;
      latest = run;
    };
    run.then(settle, settle);
    return run;
  }

  return {
    get() {
      if (value && opts.now().getTime() - value.at.getTime() < opts.maxAgeMs) return Promise.resolve(value.doc);
      return start({ explicit: false });
    },
    refresh() {
      if (inflight) return inflight;
      const now = opts.now().getTime();
      // One recompute per interval however often the button (or a script) posts.
      if (latest && lastRefreshAt !== null && now - lastRefreshAt < (opts.minRefreshMs ?? 0)) return latest;
      lastRefreshAt = now;
      return start({ explicit: true });
    },
    computedAt: () => value?.at ?? null,
  };
}
