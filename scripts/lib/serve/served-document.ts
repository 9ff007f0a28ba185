// The usage document as the server hands it out: computed by the caller's function, checked against
// the contract before anyone sees it, reused for DOCUMENT_MAX_AGE_MS, refreshed at most every 2 s.
import { validateUsageData, type UsageData } from '../../../src/contract/usage-data.ts';
import { redactError } from '../support/redaction.ts';
import { createDocumentCache, type ComputeRequest, type DocumentCache } from './document-cache.ts';

/** The server recomputes the document when the cached one is older than this. */
export const DOCUMENT_MAX_AGE_MS = 60_000;
/** POST /api/refresh recomputes at most this often; posts in between get the running or latest result. */
export const REFRESH_INTERVAL_MS = 2_000;

/** The document could not be produced; the message is safe to show (redacted, no stack). */
export class DocumentUnavailableError extends Error {
  override name = 'DocumentUnavailableError';
}

export interface ServedDocumentOptions {
  /**
   * Produces the contract document; serve.ts wires `buildUsageData`, tests inject their own.
   * `explicit` says a refresh (the user's Refresh button) asked for it.
   */
  compute: (request: ComputeRequest) => Promise<UsageData>;
  now: () => Date;
  /** Receives a line per computed document (its duration). */
  debug: (line: string) => void;
}

/**
 * The cache of validated documents. Its `get` and `refresh` reject with DocumentUnavailableError
 * when `compute` fails or returns a document the page could not trust.
 *
 * @example const doc = createServedDocument({ compute, now: () => new Date(), debug: console.debug });
 */
export function createServedDocument(opts: ServedDocumentOptions): DocumentCache<UsageData> {
  return createDocumentCache({
    maxAgeMs: DOCUMENT_MAX_AGE_MS,
    minRefreshMs: REFRESH_INTERVAL_MS,
    now: opts.now,
    compute: async (request) => {
      const started = performance.now();
      let doc: UsageData;
      try {
        doc = await opts.compute(request);
      } catch (error) {
        throw new DocumentUnavailableError(`could not build the usage document: ${redactError(error)}`);
      }
      // The contract is checked at every boundary: a document the page cannot trust is not served.
      const checked = validateUsageData(doc);
      if (!checked.ok) {
        throw new DocumentUnavailableError(
          `usage document failed validation: ${checked.errors.slice(0, 3).join('; ')}`,
        );
      }
      opts.debug(`usage document computed in ${Math.round(performance.now() - started)} ms`);
      return checked.value;
    },
  });
}
