// The aios data contract: the one JSON document that `aios aggregate` writes, `aios serve` serves
// and the dashboard renders. Types and a dependency-free runtime validator live together here.
import { v, type Infer, type ValidationResult } from './validate.ts';

/** Bump when a field changes meaning or disappears; additions keep the version. */
export const SCHEMA_VERSION = 1;

const isoDate = v.isoDateTime();
const nullableIso = v.nullable(isoDate);
const count = v.nonNegative();

/** Token counts shared by every aggregate row. `totalTokens` = the four counts added up. */
const tokenFields = {
  inputTokens: count,
  outputTokens: count,
  /** 5-minute plus 1-hour cache writes. */
  cacheCreationTokens: count,
  cacheReadTokens: count,
  totalTokens: count,
  /**
   * USD for the priced part. `null` when nothing in the row could be priced but tokens exist:
   * unknown is never reported as $0.
   */
  costUsd: v.nullable(count),
  /** Tokens of models with no price; when > 0 the cost above is a lower bound. */
  unpricedTokens: count,
  /** Unique API responses counted (after dedupe). */
  requests: count,
};
const usage = v.object(tokenFields);
export type Usage = Infer<typeof usage>;

const dailyRow = v.object({
  ...tokenFields,
  /** Local calendar day (YYYY-MM-DD) in the document's `timezone`. */
  date: v.pattern(/^\d{4}-\d{2}-\d{2}$/),
  /** Distinct sessions active that day. */
  sessions: count,
});
export type DailyUsage = Infer<typeof dailyRow>;

const modelRow = v.object({ ...tokenFields, model: v.string(), priced: v.boolean() });
export type ModelUsage = Infer<typeof modelRow>;

const projectRow = v.object({
  ...tokenFields,
  /** First path segment under `projects/`: the cwd with `/` replaced by `-`. */
  project: v.string(),
  sessions: count,
  lastActivity: isoDate,
});
export type ProjectUsage = Infer<typeof projectRow>;

const sessionRow = v.object({
  ...tokenFields,
  sessionId: v.string(),
  project: v.string(),
  firstActivity: isoDate,
  lastActivity: isoDate,
  models: v.array(v.string()),
});
export type SessionUsage = Infer<typeof sessionRow>;

const burnRate = v.object({ tokensPerMinute: count, costUsdPerHour: v.nullable(count) });
export type BurnRate = Infer<typeof burnRate>;

const block = v.object({
  ...tokenFields,
  /** Block start: the first entry's time floored to the UTC hour. */
  start: isoDate,
  /** start + 5 h. */
  end: isoDate,
  /** Time of the last entry in the block; null for gap blocks. */
  lastActivity: nullableIso,
  isActive: v.boolean(),
  /** A gap block covers idle time between two real blocks and holds no entries. */
  isGap: v.boolean(),
  models: v.array(v.string()),
  burnRate: v.nullable(burnRate),
  /** Active block only: where the block ends up at the current burn rate. */
  projection: v.nullable(v.object({ totalTokens: count, costUsd: v.nullable(count), remainingMinutes: count })),
});
export type UsageBlock = Infer<typeof block>;

const planSchema = v.object({
  subscriptionType: v.nullable(v.oneOf(['pro', 'max', 'team', 'enterprise'] as const)),
  /** Raw tier string as Claude Code stores it, kept when unknown. */
  rateLimitTier: v.nullable(v.string()),
  /** "Pro", "Max 5x", "Max 20x", "Team", "Enterprise", or null when unknown. */
  label: v.nullable(v.string()),
  source: v.oneOf(['credentials-file', 'keychain'] as const),
});
export type Plan = Infer<typeof planSchema>;

// ---- Authoritative usage (Anthropic's own numbers), bounded -------------------------------------

const authWindow = v.object({
  /** Percent used, 0-100, may be fractional. */
  utilization: v.range(0, 100),
  resetsAt: nullableIso,
});
export type AuthoritativeWindow = Infer<typeof authWindow>;

const authLimit = v.object({
  kind: v.string(),
  group: v.nullable(v.string()),
  percent: v.range(0, 100),
  resetsAt: nullableIso,
  /** Scoped limits' model display name, at most 64 characters. */
  displayName: v.nullable(v.string()),
  isActive: v.nullable(v.boolean()),
});
export type AuthoritativeLimit = Infer<typeof authLimit>;

const extraUsage = v.object({
  isEnabled: v.boolean(),
  /** Major currency units (the endpoint sends minor units). */
  monthlyLimit: v.nullable(count),
  usedCredits: v.nullable(count),
  utilization: v.nullable(count),
  currency: v.nullable(v.string()),
});

export const authoritativeUsageSchema = v.object({
  fetchedAt: isoDate,
  fiveHour: v.nullable(authWindow),
  sevenDay: v.nullable(authWindow),
  sevenDaySonnet: v.nullable(authWindow),
  sevenDayOpus: v.nullable(authWindow),
  sevenDayOauthApps: v.nullable(authWindow),
  extraUsage: v.nullable(extraUsage),
  /** At most 16. */
  limits: v.array(authLimit, 16),
});
export type ClaudeAuthoritativeUsage = Infer<typeof authoritativeUsageSchema>;

// ---- The 5-hour window as the panel shows it ---------------------------------------------------

export const FALLBACK_KINDS = [
  'no-credential',
  'expired',
  'unauthorized',
  'forbidden',
  'rate-limited',
  'cooldown',
  'timeout',
  'network',
  'http-error',
  'bad-payload',
  'disabled',
  'demo',
] as const;
export type FallbackKind = (typeof FALLBACK_KINDS)[number];

const fallbackReason = v.object({
  kind: v.oneOf(FALLBACK_KINDS),
  /** Plain words for the panel, already redacted ("rate limited until 14:05"). */
  message: v.string(),
  /** When asking again makes sense (cooldown end), if known. */
  retryAt: nullableIso,
});
export type FallbackReason = Infer<typeof fallbackReason>;

const estimateWindow = v.object({
  /** Cost-weighted percentage of the learned limit, or null when there is no sound basis. */
  pct: v.nullable(v.nonNegative()),
  resetsAt: nullableIso,
  usedCostUsd: v.nullable(count),
  usedTokens: count,
  limitCostUsd: v.nullable(count),
});

const windowEstimate = v.object({
  ...estimateWindow.shape,
  /** Machine-readable basis: e.g. "history-p90", "log-limit-message", "insufficient-history", "no-activity". */
  basis: v.string(),
  /** The basis in words, shown beside every estimated number. */
  basisText: v.string(),
  /** Completed blocks the learned limit was computed from. */
  sampleBlocks: count,
  /** Exact reset time from a "usage limit reached|<epoch>" log message, when one is current. */
  resetFromLog: nullableIso,
  burnRate: v.nullable(burnRate),
  /** When the window would run out at the current burn rate, if before its reset. */
  projectedExhaustionAt: nullableIso,
  weekly: v.object({ ...estimateWindow.shape, basis: v.string(), basisText: v.string() }),
});
export type WindowEstimate = Infer<typeof windowEstimate>;

const claudeWindow = v.object({
  source: v.oneOf(['oauth', 'estimate'] as const),
  /** 5-hour window percent used: the server's with oauth, the estimate's otherwise. */
  pct: v.nullable(v.nonNegative()),
  resetsAt: nullableIso,
  weekly: v.object({ pct: v.nullable(v.nonNegative()), resetsAt: nullableIso }),
  estimate: windowEstimate,
  /** The bounded server payload when source is "oauth", else null. */
  authoritative: v.nullable(authoritativeUsageSchema),
  /** Why the estimate is shown; null when source is "oauth". */
  fallbackReason: v.nullable(fallbackReason),
});
export type ClaudeWindow = Infer<typeof claudeWindow>;

// ---- The document ------------------------------------------------------------------------------

export const SKIP_REASONS = ['malformed', 'api-error', 'no-usage', 'invalid-usage', 'unreadable-file'] as const;

const sources = v.object({
  /** Claude Code config dirs whose `projects/` were scanned. */
  dirs: v.array(v.string()),
  files: count,
  bytes: count,
  /** Files (and bytes) actually read this run; 0 when everything came from the cache. */
  filesRead: count,
  bytesRead: count,
  /** Unique responses counted after dedupe, and copies dropped by it. */
  entries: count,
  duplicates: count,
  /** Lines skipped, by reason. Lines without the usage marker are not counted here. */
  skipped: v.record(count),
  /** Files that could not be read (paths only). */
  unreadableFiles: v.array(v.string(), 100),
  scanMs: count,
});
export type UsageSources = Infer<typeof sources>;

export const usageDataSchema = v.object({
  schemaVersion: v.literal(SCHEMA_VERSION),
  generatedAt: isoDate,
  /** True when the numbers come from aios's generated demo history, not the user's logs. */
  demo: v.boolean(),
  /** IANA zone used for `daily[].date`. */
  timezone: v.string(),
  sources,
  totals: usage,
  daily: v.array(dailyRow),
  models: v.array(modelRow),
  projects: v.array(projectRow),
  /** Most recent first, at most 100. */
  sessions: v.array(sessionRow, 100),
  /** Models seen whose tokens could not be priced. */
  unpricedModels: v.array(v.string()),
  blocks: v.array(block),
  plan: v.nullable(planSchema),
  claudeWindow,
});
export type UsageData = Infer<typeof usageDataSchema>;

/** Validate an unknown value (parsed JSON) against the contract. Never throws. */
export function validateUsageData(value: unknown): ValidationResult<UsageData> {
  return usageDataSchema.check(value);
}

/** Validate the bounded authoritative payload on its own (used by the OAuth reader and cache). */
export function validateAuthoritativeUsage(value: unknown): ValidationResult<ClaudeAuthoritativeUsage> {
  return authoritativeUsageSchema.check(value);
}
