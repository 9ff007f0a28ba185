// The contract's Claude window: Anthropic's own numbers (bounded), aios's estimate, and the panel's
// window, which is either a fresh reading of Anthropic's ("oauth") or the estimate with the reason why.
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
  /** No reading of the current window yet (none at all, or only of windows that have reset). */
  'no-reading',
  /** The newest reading of the current window is older than the freshness bound. */
  'stale-reading',
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

// ---- Where a reading came from ------------------------------------------------------------------

/**
 * The sources of Anthropic's numbers, freshest and cheapest first: Claude Code's statusline input,
 * Claude Code's cached copy in `.claude.json`, the usage endpoint (CLAUDE-DATA.md section 5).
 */
export const READING_VIAS = ['statusline', 'claude-cache', 'endpoint'] as const;
export type ReadingVia = (typeof READING_VIAS)[number];

const liveReading = v.object({
  via: v.picklist(READING_VIAS),
  /** When the reading was last seen; its age counts from here. */
  observedAt: isoDateTime,
});
export type LiveReading = v.InferOutput<typeof liveReading>;

/** The reading a "live-plus-logs" estimate starts from: older than the freshness bound. */
const startReading = v.object({ ...liveReading.entries, pct: percent });

// ---- aios's estimate ---------------------------------------------------------------------------

/**
 * What a 5-hour estimate rests on, strongest first; `basisText` says it in words.
 * - `live-plus-logs`: a reading of the current window older than the freshness bound, plus the
 *   calibrated percent of the cost logged since it; the window is the one Anthropic named.
 * - `log-limit-message`: Claude Code logged "usage limit reached" in this window: 100 %, its reset.
 * - `calibrated`: no reading of this window; its logged cost times the calibrated percent per dollar.
 * - `history-p90`: no calibration yet; the cost against the 90th percentile of past blocks.
 * - `insufficient-history` / `no-activity`: no sound basis; pct is null.
 */
export const FIVE_HOUR_BASES = [
  'live-plus-logs',
  'log-limit-message',
  'calibrated',
  'history-p90',
  'insufficient-history',
  'no-activity',
] as const;
/** What a weekly estimate rests on (no log message names a weekly reset). */
export const WEEKLY_BASES = [
  'live-plus-logs',
  'calibrated',
  'history-p90',
  'insufficient-history',
  'no-activity',
] as const;

/**
 * How percent per dollar was learned from the history of readings (scripts/lib/windows/calibration.ts):
 * each reading's percent against the cost this machine logged in its window up to the reading.
 */
const calibration = v.object({
  /** Percent of the window per US dollar logged on this machine. */
  pctPerUsd: nonNegative,
  /** Readings and distinct windows the fit used. */
  readings: count,
  windows: count,
  /** The oldest reading used: the fit starts again when the plan tier changes. */
  since: isoDateTime,
  /**
   * Error on held-out readings (each window predicted by a fit without it), in points: half of
   * the held-out readings were within `errorPoints`, nine in ten within `errorP90Points`.
   */
  errorPoints: nonNegative,
  errorP90Points: nonNegative,
  /**
   * This machine's share of the account's usage (0-1) when clearly below all of it (other machines,
   * claude.ai): the account's percent runs higher than these logs explain. Null otherwise.
   */
  machineShare: v.nullable(v.pipe(nonNegative, v.maxValue(1))),
});
export type Calibration = v.InferOutput<typeof calibration>;

const estimateEntries = {
  /** Cost-weighted percentage of the learned limit (may pass 100), or null when there is no sound basis. */
  pct: v.nullable(nonNegative),
  resetsAt: nullableIso,
  usedCostUsd: v.nullable(nonNegative),
  usedTokens: count,
  limitCostUsd: v.nullable(nonNegative),
  /** The basis in words, shown beside every estimated number. */
  basisText: v.string(),
  /** The reading a `live-plus-logs` estimate starts from; null for every other basis. */
  fromReading: v.nullable(startReading),
  /** The fit behind a calibrated or live-plus-logs number, when there is one (else null). */
  calibration: v.nullable(calibration),
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
  /** 5-hour window percent used: the reading's with oauth, the estimate's otherwise. */
  pct: v.nullable(nonNegative),
  resetsAt: nullableIso,
  weekly: v.object({ pct: v.nullable(nonNegative), resetsAt: nullableIso }),
  estimate: windowEstimate,
};

export const claudeWindowSchema = v.variant('source', [
  v.object({
    /**
     * "Live": a reading of the current 5-hour window (its reset still ahead) younger than the
     * freshness bound (LIVE_FRESH_MS in scripts/lib/windows/readings-view.ts).
     */
    source: v.literal('oauth'),
    ...shownWindow,
    /** Anthropic's own percentages, 0-100. */
    pct: v.nullable(percent),
    weekly: v.object({ pct: v.nullable(percent), resetsAt: nullableIso }),
    /** Where the Live reading came from and when it was seen. */
    live: liveReading,
    /**
     * The numbers behind the reading, bounded. From the endpoint and Claude Code's cache this is
     * their payload; a statusline reading has no payload, so its 5-hour and 7-day windows are the
     * reading's and the per-model weeks, scoped limits and extra usage come from a fresh payload of
     * the same week when there is one (else null and empty). `fetchedAt` is `live.observedAt`.
     */
    authoritative: authoritativeUsageSchema,
    fallbackReason: v.null(),
  }),
  v.object({
    source: v.literal('estimate'),
    ...shownWindow,
    /** Always null: a stale reading an estimate starts from is `estimate.fromReading`. */
    live: v.null(),
    authoritative: v.null(),
    /** Why the estimate is shown. */
    fallbackReason,
  }),
]);
export type ClaudeWindow = v.InferOutput<typeof claudeWindowSchema>;
