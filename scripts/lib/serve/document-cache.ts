// The server's copy of the usage document: reused while younger than its max age, recomputed on
// demand, and computed at most once at a time however many requests ask for it concurrently.

export interface DocumentCacheOptions<T> {
  compute: () => Promise<T>;
  /** Documents older than this are recomputed on the next `get` (the server uses 60 s). */
  maxAgeMs: number;
  now: () => Date;
}

export interface DocumentCache<T> {
  /** The cached document if fresh, else a new one (shared with any computation in flight). */
  get(): Promise<T>;
  /** A newly computed document; joins a computation already in flight rather than starting a second. */
  refresh(): Promise<T>;
  /** When the cached document was computed, or null before the first success. */
  computedAt(): Date | null;
}

/**
 * Wrap `compute` so callers share results. A failed computation is not cached: the next call tries
 * again, and the previous good document stays available to `get` only while it is still fresh.
 *
 * @example const cache = createDocumentCache({ compute, maxAgeMs: 60_000, now: () => new Date() });
 */
export function createDocumentCache<T>(opts: DocumentCacheOptions<T>): DocumentCache<T> {
  let value: { doc: T; at: Date } | null = null;
  let inflight: Promise<T> | null = null;

  function start(): Promise<T> {
    if (inflight) return inflight;
    // Deferred by a microtask so even a synchronously throwing compute is seen as in flight first.
    // The document's age counts from when its computation started: that is the data's moment.
    const startedAt = opts.now();
    const run = Promise.resolve()
      .then(() => opts.compute())
      .then((doc) => {
        value = { doc, at: startedAt };
        return doc;
      });
    inflight = run;
    const clear = () => {
      if (inflight === run) inflight = null;
    };
    run.then(clear, clear);
    return run;
  }

  return {
    get() {
      if (value && opts.now().getTime() - value.at.getTime() < opts.maxAgeMs) return Promise.resolve(value.doc);
      return start();
    },
    refresh: start,
    computedAt: () => value?.at ?? null,
  };
}
