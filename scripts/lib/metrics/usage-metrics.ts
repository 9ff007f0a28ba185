// The usage document as Prometheus metrics (prom-client): one registry per server, filled from the
// served document at scrape time, every series labelled with the machine so several machines sum.
import { Counter, Gauge, Registry } from 'prom-client';
import { SKIP_REASONS, type UsageData } from '../../../src/contract/usage-data.ts';

/** The path both listeners serve the metrics on. */
export const METRICS_PATH = '/metrics';

/** Which Claude window a series is about; the names follow Anthropic's own (`five_hour`, `seven_day`). */
const WINDOWS = ['five_hour', 'seven_day'] as const;

export interface UsageMetrics {
  /** The Prometheus text format's content type, for the response. */
  readonly contentType: string;
  /**
   * The document as Prometheus text, the ages counted at `now`. Scrapes are taken one at a time, so
   * each one shows a single document even when two arrive together.
   */
  render(doc: UsageData, now: Date): Promise<string>;
}

export interface UsageMetricsOptions {
  /** The `machine` label on every series (`--machine`, default the hostname). */
  machine: string;
}

const seconds = (iso: string): number => Date.parse(iso) / 1000;

/**
 * A registry of its own (never prom-client's global one, which a second server would share) with
 * the aios metrics; `render` fills it from a document.
 *
 * @example const metrics = createUsageMetrics({ machine: 'laptop' }); const text = await metrics.render(doc, new Date());
 */
export function createUsageMetrics(opts: UsageMetricsOptions): UsageMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ machine: opts.machine });
  const registers = [registry];

  const info = new Gauge({
    name: 'aios_info',
    help: 'Always 1: the plan aios detected ("unknown" when none) and whether the numbers are demo data.',
    labelNames: ['plan', 'demo'] as const,
    registers,
  });
  const usedRatio = new Gauge({
    name: 'aios_claude_window_used_ratio',
    help: "Share of the Claude window used (0-1): Anthropic's own number (source=live) or aios's estimate, which may pass 1. No sample when unknown.",
    labelNames: ['window', 'source'] as const,
    registers,
  });
  const resetsAt = new Gauge({
    name: 'aios_claude_window_resets_at_seconds',
    help: 'When the Claude window resets, Unix time in seconds. No sample when unknown.',
    labelNames: ['window'] as const,
    registers,
  });
  const liveAge = new Gauge({
    name: 'aios_claude_live_age_seconds',
    help: "Age of Anthropic's reading behind the live numbers, in seconds. No sample when the numbers are an estimate.",
    registers,
  });
  const generatedAt = new Gauge({
    name: 'aios_document_generated_at_seconds',
    help: 'When the usage document behind these metrics was computed, Unix time in seconds.',
    registers,
  });
  const tokens = new Counter({
    name: 'aios_tokens_total',
    help: 'Tokens in the Claude Code logs on this machine, by model and type (input, output, cache_creation, cache_read).',
    labelNames: ['model', 'type'] as const,
    registers,
  });
  const cost = new Counter({
    name: 'aios_cost_usd_total',
    help: 'Cost of the logged tokens at API prices, in US dollars, by model. No sample for a model without a price.',
    labelNames: ['model'] as const,
    registers,
  });
  const unpriced = new Counter({
    name: 'aios_unpriced_tokens_total',
    help: 'Tokens of models aios has no price for, by model: while above 0 the cost is a lower bound.',
    labelNames: ['model'] as const,
    registers,
  });
  const requests = new Counter({
    name: 'aios_requests_total',
    help: 'API responses in the logs (after dedupe), by model.',
    labelNames: ['model'] as const,
    registers,
  });
  const scanFiles = new Gauge({ name: 'aios_scan_files', help: 'Log files found by the last scan.', registers });
  const scanBytes = new Gauge({
    name: 'aios_scan_bytes',
    help: 'Bytes of the log files found by the last scan.',
    registers,
  });
  const scanReadFiles = new Gauge({
    name: 'aios_scan_read_files',
    help: 'Log files the last scan actually read (0 when everything came from the scan cache).',
    registers,
  });
  const scanReadBytes = new Gauge({
    name: 'aios_scan_read_bytes',
    help: 'Bytes the last scan actually read.',
    registers,
  });
  const scanUnreadable = new Gauge({
    name: 'aios_scan_unreadable_files',
    help: 'Log files the last scan could not read.',
    registers,
  });
  const scanSkipped = new Gauge({
    name: 'aios_scan_skipped_lines',
    help: 'Lines with a usage marker the last scan skipped, by reason.',
    labelNames: ['reason'] as const,
    registers,
  });
  const scanDuplicates = new Gauge({
    name: 'aios_scan_duplicate_entries',
    help: 'Copies of an API response the last scan dropped (streamed copies, resumed sessions).',
    registers,
  });
  const scanSeconds = new Gauge({
    name: 'aios_scan_duration_seconds',
    help: 'How long the last scan took, in seconds.',
    registers,
  });

  function fill(doc: UsageData, now: Date): void {
    registry.resetMetrics();
    info.set({ plan: doc.plan?.label ?? 'unknown', demo: String(doc.demo) }, 1);

    const w = doc.claudeWindow;
    const source = w.source === 'oauth' ? 'live' : 'estimate';
    const shown = { five_hour: w, seven_day: w.weekly } satisfies Record<(typeof WINDOWS)[number], unknown>;
    for (const window of WINDOWS) {
      const { pct, resetsAt: at } = shown[window];
      // An unknown percentage is no sample: a 0 would read as "nothing used" and sum as such.
      if (pct !== null) usedRatio.set({ window, source }, pct / 100);
      if (at !== null) resetsAt.set({ window }, seconds(at));
    }
    if (w.source === 'oauth') liveAge.set(Math.max(0, now.getTime() / 1000 - seconds(w.authoritative.fetchedAt)));
    // A gauge without labels resets to 0, not to nothing: with no live reading there is no age at all.
    else liveAge.remove();
    generatedAt.set(seconds(doc.generatedAt));

    for (const row of doc.models) {
      const model = row.model;
      tokens.inc({ model, type: 'input' }, row.inputTokens);
      tokens.inc({ model, type: 'output' }, row.outputTokens);
      tokens.inc({ model, type: 'cache_creation' }, row.cacheCreationTokens);
      tokens.inc({ model, type: 'cache_read' }, row.cacheReadTokens);
      // Unknown is never $0: a model without a price has no cost series at all.
      if (row.costUsd !== null) cost.inc({ model }, row.costUsd);
      unpriced.inc({ model }, row.unpricedTokens);
      requests.inc({ model }, row.requests);
    }

    const s = doc.sources;
    scanFiles.set(s.files);
    scanBytes.set(s.bytes);
    scanReadFiles.set(s.filesRead);
    scanReadBytes.set(s.bytesRead);
    scanUnreadable.set(s.unreadableFiles.length);
    // Every reason, 0 included: the document lists only the reasons that occurred.
    for (const reason of SKIP_REASONS) scanSkipped.set({ reason }, s.skipped[reason] ?? 0);
    scanDuplicates.set(s.duplicates);
    scanSeconds.set(s.scanMs / 1000);
  }

  let queue: Promise<unknown> = Promise.resolve();
  return {
    contentType: registry.contentType,
    render(doc, now) {
      // One registry is filled per scrape: a second scrape waits until the first is written out.
      const run = queue.then(() => {
        fill(doc, now);
        return registry.metrics();
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
