// The unit of the pipeline: one API response's usage, as the log scan hands it to pricing,
// reporting and the window estimate. Already deduplicated when it leaves the scan.

export interface UsageEntry {
  /** `message.id` + ":" + `requestId`; null when either is missing (then it cannot be deduped). */
  key: string | null;
  /** Epoch milliseconds of the record's `timestamp`. */
  timestamp: number;
  /** `message.model`, e.g. "claude-sonnet-4-5-20250929". */
  model: string;
  sessionId: string;
  /** First path segment under `projects/` (the encoded cwd). */
  project: string;
  inputTokens: number;
  outputTokens: number;
  /** `cache_creation_input_tokens`: all cache writes, 5-minute and 1-hour. */
  cacheCreationTokens: number;
  /** The 1-hour share of the cache writes (`cache_creation.ephemeral_1h_input_tokens`), billed at 2x input. */
  cacheCreation1hTokens: number;
  cacheReadTokens: number;
  /**
   * `usage.speed` as logged ("standard", "fast"); null when absent. Fast mode is billed at a
   * multiple of the standard rates, so it changes the price (pricing.ts) and the row it is listed under.
   */
  speed: string | null;
  /** `usage.inference_geo` as logged ("global", "us"); null when absent. US-only inference costs 1.1x. */
  inferenceGeo: string | null;
}

/** A "Claude AI usage limit reached|<epoch seconds>" message found in a log: an exact reset time. */
export interface LimitMessage {
  /** When the message was logged (epoch ms). */
  at: number;
  /** The reset time it announces (epoch ms). */
  resetsAt: number;
}

/** The 5-hour window's length, and the clocks' slack when a logged reset is placed in it. */
const FIVE_HOUR_RESET_MS = 5 * 3_600_000 + 5 * 60_000;

/**
 * True when the message's reset is the 5-hour window's: at most 5 hours (and a few minutes of clock
 * slack) after the message, since that window began before it. A later reset belongs to a longer
 * limit, the week. The estimate and the limit hits both place a message by this rule.
 */
export function isFiveHourLimit(m: LimitMessage): boolean {
  return m.resetsAt - m.at <= FIVE_HOUR_RESET_MS;
}

export function entryTotalTokens(e: UsageEntry): number {
  return e.inputTokens + e.outputTokens + e.cacheCreationTokens + e.cacheReadTokens;
}

/**
 * The name a response's usage is listed under (model rows, a session's or block's models): its
 * model, with "-fast" for fast mode (or "-<speed>" for a speed aios does not know), as ccusage names
 * it. Such usage has a price of its own, and may have none.
 * @example reportedModel({ ...e, model: 'claude-opus-4-8', speed: 'fast' }) // "claude-opus-4-8-fast"
 */
export function reportedModel(e: UsageEntry): string {
  return e.speed === null || e.speed === 'standard' ? e.model : `${e.model}-${e.speed}`;
}
