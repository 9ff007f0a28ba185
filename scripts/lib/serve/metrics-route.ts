// GET /metrics: the served document as Prometheus text, taken from the same document cache as the
// page and the API, so a scrape never adds a recomputation to the once-a-minute one.
import type { UsageData } from '../../../src/contract/usage-data.ts';
import type { UsageMetrics } from '../metrics/usage-metrics.ts';
import { redact, redactError } from '../support/redaction.ts';
import type { DocumentCache } from './document-cache.ts';
import { respond } from './responses.ts';
import { DocumentUnavailableError } from './served-document.ts';

export interface MetricsRouteContext {
  document: DocumentCache<UsageData>;
  metrics: UsageMetrics;
  now: () => Date;
  log: (level: 'error' | 'warn', line: string) => void;
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * The metrics of the current document, redacted like every other body. Without a document the
 * answer is a 500: Prometheus counts the scrape as failed (`up` is 0) instead of storing zeros.
 */
export async function metricsResponse(ctx: MetricsRouteContext): Promise<Response> {
  try {
    const text = await ctx.metrics.render(await ctx.document.get(), ctx.now());
    return respond(200, redact(text), ctx.metrics.contentType, NO_STORE);
  } catch (error) {
    const safe = error instanceof DocumentUnavailableError;
    ctx.log('error', safe ? error.message : `metrics failed: ${redactError(error)}`);
    return respond(500, 'usage document unavailable\n', 'text/plain; charset=utf-8', NO_STORE);
  }
}
