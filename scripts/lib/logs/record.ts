// Reading one parsed JSONL record of Claude Code's session logs: a UsageEntry, a counted skip, or
// nothing. Hand-written rather than schema-validated: it runs once per usage line of the hot path.
//
// The format's quirks, as this reader handles them (CLAUDE-DATA.md §2; Claude Code 2.1.x):
// - Only `type: "assistant"` records carry billed usage. User records can hold a `usage` object too
//   (a Task tool result's `toolUseResult.usage`): they are ignored, not counted as skips.
// - Streaming writes one response several times, and resumed sessions replay earlier lines into a
//   new file: the copies share `message.id` + `requestId`, which is the dedupe key (dedupe.ts keeps
//   the largest copy). A record missing either id gets no key and is counted as it is.
// - API errors are logged as assistant messages with model `<synthetic>` or `isApiErrorMessage`;
//   their usage is zero or absent and was never billed: skipped as `api-error`.
// - `cache_creation_input_tokens` and `cache_read_input_tokens` are absent in some records (zero);
//   `cache_creation.ephemeral_1h_input_tokens` (the 1-hour share, billed at 2x input) is part of
//   `cache_creation_input_tokens` and is capped at it so it never counts twice.
// - Token counts must be whole, non-negative and below 2^32 (the cache stores them as u32);
//   anything else is `invalid-usage`. An unparseable `timestamp` is `malformed`; one that parses but
//   lies outside TIMESTAMP_RANGE (year 9999's last evening, year 10000 and later, before year 0) is
//   `bad-timestamp`: what the document derives from it (a block's end, a local day) could not be
//   written as the contract's four-digit years, and one such line would make every document invalid.
// - `sessionId` may be missing: the file name (without .jsonl) stands in. A missing model reads
//   `unknown`, which prices as unpriced, never as $0.
// - `usage.speed` ("standard", "fast") and `usage.inference_geo` ("global", "us") change the price
//   (fast mode is billed at a multiple, US-only inference at 1.1x): carried as logged, null when
//   absent; a value that is not a string is `invalid-usage`.
// - "Claude AI usage limit reached|<epoch seconds>" in an assistant message's text is the exact
//   reset time of the exhausted window (readLimitMessage).
import type { SKIP_REASONS } from '../../../src/contract/usage-data.ts';
import type { LimitMessage, UsageEntry } from './entry.ts';

export type SkipReason = (typeof SKIP_REASONS)[number];

/** Token counts must be whole, non-negative and below 2^32 (they are stored as u32 in the cache). */
function tokenCount(value: unknown, optional: boolean): number {
  if (value === undefined || value === null) return optional ? 0 : -1;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? value : -1;
}

/**
 * The timestamps a record may carry, in epoch ms: the contract's four-digit years with a day of
 * margin at each end, since a block ends 5 h after its (hour-floored) start and a local day is up to
 * 14 h from UTC. Anything derived from a timestamp inside stays inside the contract.
 */
const TIMESTAMP_RANGE = {
  min: Date.parse('0000-01-02T00:00:00.000Z'),
  max: Date.parse('9999-12-30T00:00:00.000Z'),
} as const;

/** The record's `timestamp` in epoch ms; NaN when missing or unparseable. */
function readTimestamp(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : NaN;
}

const inRange = (t: number) => t >= TIMESTAMP_RANGE.min && t < TIMESTAMP_RANGE.max;

/** An optional text field: the string, null when absent, undefined when it is anything else. */
function optionalText(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : undefined;
}

type Rec = Record<string, unknown>;
const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

// "Claude AI usage limit reached|1748469600": Claude Code's synthetic assistant message when the
// window is exhausted; the number is the reset time in epoch seconds (CLAUDE-DATA.md §2).
const LIMIT_TEXT = /usage limit reached\|(\d{9,11})/;

/** The limit message carried by an assistant record, if any. */
export function readLimitMessage(record: unknown): LimitMessage | null {
  if (!isObject(record) || record.type !== 'assistant' || !isObject(record.message)) return null;
  const at = readTimestamp(record.timestamp);
  if (!inRange(at)) return null;
  const content = record.message.content;
  const texts: unknown[] =
    typeof content === 'string'
      ? [content]
      : Array.isArray(content)
        ? content.map((c) => (isObject(c) ? c.text : null))
        : [];
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const match = LIMIT_TEXT.exec(text);
    if (match) return { at, resetsAt: Number(match[1]) * 1000 };
  }
  return null;
}

/**
 * Interpret one parsed JSONL record. Returns the entry, the reason it is skipped, or null for
 * records that never carry usage (user messages, tool results, summaries): those are not counted.
 * `strict` (for records parsed with their content cut out) returns null unless every field the
 * entry uses is present, so the caller falls back to parsing the whole line.
 */
export function readUsageRecord(
  record: unknown,
  project: string,
  fallbackSession: string,
  strict = false,
): UsageEntry | SkipReason | null {
  if (!isObject(record)) return 'malformed';
  if (record.type !== 'assistant') return null;
  const message = record.message;
  if (!isObject(message)) return 'no-usage';
  // API errors are logged as assistant messages with model "<synthetic>" (or the flag); their
  // usage is all zeros or absent and they were never billed.
  if (record.isApiErrorMessage === true || message.model === '<synthetic>') return 'api-error';
  const usage = message.usage;
  if (!isObject(usage)) return 'no-usage';
  const inputTokens = tokenCount(usage.input_tokens, false);
  const outputTokens = tokenCount(usage.output_tokens, false);
  const cacheCreationTokens = tokenCount(usage.cache_creation_input_tokens, true);
  const cacheReadTokens = tokenCount(usage.cache_read_input_tokens, true);
  const split = usage.cache_creation;
  let cacheCreation1hTokens = isObject(split) ? tokenCount(split.ephemeral_1h_input_tokens, true) : 0;
  const speed = optionalText(usage.speed);
  const inferenceGeo = optionalText(usage.inference_geo);
  if (
    inputTokens < 0 ||
    outputTokens < 0 ||
    cacheCreationTokens < 0 ||
    cacheReadTokens < 0 ||
    cacheCreation1hTokens < 0 ||
    speed === undefined ||
    inferenceGeo === undefined
  ) {
    return 'invalid-usage';
  }
  // The 1-hour share is part of cache_creation_input_tokens; a larger share would count twice.
  if (cacheCreation1hTokens > cacheCreationTokens) cacheCreation1hTokens = cacheCreationTokens;
  const timestamp = readTimestamp(record.timestamp);
  if (Number.isNaN(timestamp)) return 'malformed';
  if (!inRange(timestamp)) return 'bad-timestamp';
  const id = message.id;
  const requestId = record.requestId;
  if (
    strict &&
    (typeof id !== 'string' ||
      typeof requestId !== 'string' ||
      typeof message.model !== 'string' ||
      typeof record.sessionId !== 'string')
  ) {
    return null;
  }
  // Dedupe key per CLAUDE-DATA.md §2: streamed copies and resumed-session replays share both ids.
  const key =
    typeof id === 'string' && id !== '' && typeof requestId === 'string' && requestId !== ''
      ? `${id}:${requestId}`
      : null;
  const sessionId =
    typeof record.sessionId === 'string' && record.sessionId !== '' ? record.sessionId : fallbackSession;
  const model = typeof message.model === 'string' && message.model !== '' ? message.model : 'unknown';
  return {
    key,
    timestamp,
    model,
    sessionId,
    project,
    inputTokens,
    outputTokens,
    cacheCreationTokens,
    cacheCreation1hTokens,
    cacheReadTokens,
    speed,
    inferenceGeo,
  };
}
