// The contract's Claude window: Anthropic's own numbers (bounded), aios's estimate, and the panel's
// window, which is either the server's ("oauth") or the estimate with the reason why ("estimate").
import * as v from 'valibot';
import { count, isoDateTime, nonNegative, percent } from './checks.ts';

const nullableIso = v.nullable(isoDateTime);

// ---- Authoritative usage (Anthropic's own numbers), bounded -------------------------------------

/** At most this many `limits[]` entries are kept from an answer. */
export const MAX_LIMITS = 16;
/** A scoped limit's model display name is cut to this many characters (code points). */
export const MAX_DISPLAY_NAME = 64;

const authoritativeWindow = v.object({
  /** Percent used, 0-100, may be fractional. */
  utilization: percent,
  resetsAt: nullableIso,
});
export type AuthoritativeWindow = v.InferOutput<typeof authoritativeWindow>;

/**
 * The `limits[].kind` values Anthropic's answer is known to use (CLAUDE-DATA.md §4): `session` is the
 * 5-hour window, `weekly_all` the week, `weekly_scoped` a per-model week. An entry of any other kind
 * is dropped by the parser: a kind is never free text (an endpoint once echoed the token there).
 */
export const LIMIT_KINDS = ['session', 'weekly_all', 'weekly_scoped'] as const;
/** The `limits[].group` values known; an entry naming another group is dropped like an unknown kind. */
export const LIMIT_GROUPS = ['session', 'weekly'] as const;

const authoritativeLimit = v.object({
  kind: v.picklist(LIMIT_KINDS),
  group: v.nullable(v.picklist(LIMIT_GROUPS)),
  percent,
  resetsAt: nullableIso,
  /** Scoped limits' model display name. */
  displayName: v.nullable(v.pipe(v.string(), v.maxCodePoints(MAX_DISPLAY_NAME))),
  isActive: v.nullable(v.boolean()),
});
export type AuthoritativeLimit = v.InferOutput<typeof authoritativeLimit>;

const extraUsage = v.object({
  isEnabled: v.boolean(),
  /** Major currency units (the endpoint sends minor units). */
  monthlyLimit: v.nullable(nonNegative),
  usedCredits: v.nullable(nonNegative),
  utilization: v.nullable(nonNegative),
  currency: v.nullable(v.string()),
});

export const authoritativeUsageSchema = v.object({
  fetchedAt: isoDateTime,
  fiveHour: v.nullable(authoritativeWindow),
  sevenDay: v.nullable(authoritativeWindow),
  sevenDaySonnet: v.nullable(authoritativeWindow),
  sevenDayOpus: v.nullable(authoritativeWindow),
  sevenDayOauthApps: v.nullable(authoritativeWindow),
  extraUsage: v.nullable(extraUsage),
  limits: v.pipe(v.array(authoritativeLimit), v.maxLength(MAX_LIMITS)),
});
export type ClaudeAuthoritativeUsage = v.InferOutput<typeof authoritativeUsageSchema>;

// ---- Why the estimate is shown -----------------------------------------------------------------

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
  kind: v.picklist(FALLBACK_KINDS),
  /** Plain words for the panel, already redacted ("rate limited until 14:05"). */
  message: v.string(),
  /** When asking again makes sense (cooldown end), if known. */
  retryAt: nullableIso,
});
export type FallbackReason = v.InferOutput<typeof fallbackReason>;

// ---- aios's estimate ---------------------------------------------------------------------------

/** What a 5-hour estimate rests on; `basisText` says it in words. */
export const FIVE_HOUR_BASES = ['log-limit-message', 'history-p90', 'insufficient-history', 'no-activity'] as const;
/** What a weekly estimate rests on (no log message names a weekly reset). */
export const WEEKLY_BASES = ['history-p90', 'insufficient-history', 'no-activity'] as const;

const estimateEntries = {
  /** Cost-weighted percentage of the learned limit (may pass 100), or null when there is no sound basis. */
  pct: v.nullable(nonNegative),
  resetsAt: nullableIso,
  usedCostUsd: v.nullable(nonNegative),
  usedTokens: count,
  limitCostUsd: v.nullable(nonNegative),
  /** The basis in words, shown beside every estimated number. */
  basisText: v.string(),
};

export const burnRateSchema = v.object({ tokensPerMinute: nonNegative, costUsdPerHour: v.nullable(nonNegative) });
export type BurnRate = v.InferOutput<typeof burnRateSchema>;

const windowEstimate = v.object({
  ...estimateEntries,
  basis: v.picklist(FIVE_HOUR_BASES),
  /** Completed blocks the learned limit was computed from. */
  sampleBlocks: count,
  /** Exact reset time from a "usage limit reached|<epoch>" log message, when one is current. */
  resetFromLog: nullableIso,
  burnRate: v.nullable(burnRateSchema),
  /** When the window would run out at the current burn rate, if before its reset. */
  projectedExhaustionAt: nullableIso,
  weekly: v.object({ ...estimateEntries, basis: v.picklist(WEEKLY_BASES) }),
});
export type WindowEstimate = v.InferOutput<typeof windowEstimate>;

// ---- The window the panel shows ----------------------------------------------------------------

// Both sources keep every key (null where it does not apply), so the page and files read either alike.
const shownWindow = {
  /** 5-hour window percent used: the server's with oauth, the estimate's otherwise. */
  pct: v.nullable(nonNegative),
  resetsAt: nullableIso,
  weekly: v.object({ pct: v.nullable(nonNegative), resetsAt: nullableIso }),
  estimate: windowEstimate,
};

export const claudeWindowSchema = v.variant('source', [
  v.object({
    source: v.literal('oauth'),
    ...shownWindow,
    /** The server's own percentages, 0-100. */
    pct: v.nullable(percent),
    weekly: v.object({ pct: v.nullable(percent), resetsAt: nullableIso }),
    /** The bounded server payload the numbers come from. */
    authoritative: authoritativeUsageSchema,
    fallbackReason: v.null(),
  }),
  v.object({
    source: v.literal('estimate'),
    ...shownWindow,
    authoritative: v.null(),
    /** Why the estimate is shown. */
    fallbackReason,
  }),
]);
export type ClaudeWindow = v.InferOutput<typeof claudeWindowSchema>;
