// Offline pricing: maps a logged model id to its row in prices.json and prices one response.
// Unknown models are unpriced (null), never $0; the caller counts their tokens separately.
import table from './prices.json' with { type: 'json' };
import type { UsageEntry } from '../logs/entry.ts';

/** Rates in USD per million tokens (MTok), as Anthropic publishes them. */
export interface Rates {
  input: number;
  output: number;
  /** Prompt-cache write with the default 5-minute lifetime (1.25x input). */
  cacheWrite5m: number;
  /** Prompt-cache write with a 1-hour lifetime (2x input). */
  cacheWrite1h: number;
  /** Cache hits and refreshes (0.1x input). */
  cacheRead: number;
}

/** One model family's prices, USD per MTok. */
export interface ModelPrice extends Rates {
  /** The table row's family id, e.g. "claude-sonnet-4-5". */
  family: string;
  /**
   * Long-context rates: when a request's context exceeds `thresholdTokens`, every one of its
   * tokens (output included) is billed at these rates instead of the base ones.
   */
  longContext?: Rates & { thresholdTokens: number };
  /** Fast mode (`usage.speed: "fast"`) costs this multiple of the price; absent: no known fast price. */
  fastMultiplier?: number;
}

const MTOK = 1_000_000;

const byFamily = new Map<string, ModelPrice>();
for (const row of table.models as Array<ModelPrice & { aliases: string[] }>) {
  const { family, input, output, cacheWrite5m, cacheWrite1h, cacheRead, longContext, fastMultiplier } = row;
  const price: ModelPrice = { family, input, output, cacheWrite5m, cacheWrite1h, cacheRead };
  if (longContext) price.longContext = longContext;
  if (fastMultiplier) price.fastMultiplier = fastMultiplier;
  byFamily.set(family, price);
  for (const alias of row.aliases) byFamily.set(alias, price);
}

// Provider spellings seen in Claude Code logs when it runs against Bedrock, Vertex or a gateway:
// "anthropic/claude-…" (LiteLLM, OpenRouter), "us.anthropic.claude-…-v1:0" (Bedrock
// cross-region inference profiles), "claude-…@20250929" (Vertex), "claude-…[1m]" (Claude Code's
// 1M-context model setting).
const PREFIX_RES = [/^(?:(?:anthropic|bedrock|vertex_ai|vertex|openrouter)\/)+/, /^(?:[a-z]{2,6}\.)?anthropic\./];
const SUFFIX_RES = [/\[1m\]$/, /-v\d+(?::\d+)?$/, /@(?:\d{8}|latest)$/, /-(?:\d{8}|latest)$/];

/**
 * Reduce a logged model id to its family id: lower-cased, provider prefix and
 * date/version suffixes removed. `us.anthropic.claude-opus-4-1-20250805-v1:0` -> `claude-opus-4-1`.
 */
export function normalizeModelId(model: string): string {
  let id = model.trim().toLowerCase();
  for (const re of PREFIX_RES) id = id.replace(re, '');
  for (const re of SUFFIX_RES) id = id.replace(re, '');
  return id;
}

const lookupCache = new Map<string, ModelPrice | null>();

/**
 * The price row for a logged model id, matched by family after normalisation, or null when no
 * row matches. Matching is exact on the family: "claude-opus-4-9" is unpriced rather than being
 * guessed from "claude-opus-4". Memoised, since a scan hands over the same few ids 500k times.
 */
export function findModelPrice(model: string): ModelPrice | null {
  let hit = lookupCache.get(model);
  if (hit === undefined) {
    hit = byFamily.get(normalizeModelId(model)) ?? null;
    lookupCache.set(model, hit);
  }
  return hit;
}

/**
 * The context size Anthropic compares with the long-context threshold: every input token the
 * request carried, i.e. uncached input + cache writes + cache reads (output does not count).
 */
export function contextTokens(e: UsageEntry): number {
  return e.inputTokens + e.cacheCreationTokens + e.cacheReadTokens;
}

/** `usage.inference_geo` values that cost more than the default ("global"): US-only inference, 1.1x. */
const geoMultipliers = new Map(Object.entries(table.inferenceGeo.multipliers));

/**
 * What `usage.speed` multiplies the price by: 1 for standard (or none logged), the row's fast
 * multiplier for fast mode; null (unpriced, never priced as standard) for fast mode on a model
 * with no known fast price, and for a speed aios does not know.
 */
function speedMultiplier(price: ModelPrice, speed: string | null): number | null {
  if (speed === null || speed === 'standard') return 1;
  return speed === 'fast' ? (price.fastMultiplier ?? null) : null;
}

/**
 * USD cost of one response, or null when its model (or its fast mode) is unpriced.
 * 1-hour cache writes are the `cacheCreation1hTokens` share of `cacheCreationTokens`; the rest are
 * 5-minute writes. Over the long-context threshold the whole request moves to the long rates. Fast
 * mode and US-only inference then multiply the whole request (prices.json).
 */
export function costOfEntry(e: UsageEntry): number | null {
  const price = findModelPrice(e.model);
  if (!price) return null;
  const speed = speedMultiplier(price, e.speed);
  if (speed === null) return null;
  const geo = e.inferenceGeo === null ? 1 : (geoMultipliers.get(e.inferenceGeo) ?? 1);
  const lc = price.longContext;
  const r: Rates = lc && contextTokens(e) > lc.thresholdTokens ? lc : price;
  const write1h = Math.min(e.cacheCreation1hTokens, e.cacheCreationTokens);
  const write5m = e.cacheCreationTokens - write1h;
  const standard =
    (e.inputTokens * r.input +
      e.outputTokens * r.output +
      write5m * r.cacheWrite5m +
      write1h * r.cacheWrite1h +
      e.cacheReadTokens * r.cacheRead) /
    MTOK;
  return standard * speed * geo;
}
