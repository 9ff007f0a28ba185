// The aios data contract: the one JSON document that `aios aggregate` writes, `aios serve` serves
// and the dashboard renders. Its valibot schema is the contract; the types are inferred from it.
import * as v from 'valibot';
import { count, isoDate, isoDateTime, nonNegative, validateWith, type ValidationResult } from './checks.ts';
import { SCHEMA_VERSION } from './version.ts';
import {
  authoritativeUsageSchema,
  burnRateSchema,
  claudeWindowSchema,
  type ClaudeAuthoritativeUsage,
} from './claude-window.ts';
import { usageHistorySchema } from './usage-history.ts';
import { alertsSchema } from './alerts.ts';

export type { ValidationResult } from './checks.ts';
export {
  authoritativeUsageSchema,
  claudeWindowSchema,
  FALLBACK_KINDS,
  FIVE_HOUR_BASES,
  MAX_DISPLAY_NAME,
  MAX_LIMITS,
  READING_VIAS,
  WEEKLY_BASES,
  type AuthoritativeLimit,
  type AuthoritativeWindow,
  type BurnRate,
  type Calibration,
  type ClaudeAuthoritativeUsage,
  type ClaudeWindow,
  type FallbackKind,
  type FallbackReason,
  type LiveReading,
  type ReadingVia,
  type WindowEstimate,
} from './claude-window.ts';
export {
  HISTORY_DAYS,
  HISTORY_DETAIL_DAYS,
  HISTORY_ESTIMATE_BASES,
  MAX_HISTORY_HITS,
  MAX_HISTORY_POINTS,
  usageHistorySchema,
  type HistoryHit,
  type HistoryPoint,
  type HistorySeries,
  type UsageHistory,
} from './usage-history.ts';

export {
  ALERT_ESTIMATE_BASES,
  ALERT_WINDOWS,
  alertsSchema,
  MAX_ALERT_THRESHOLDS,
  windowAlertSchema,
  type AlertEstimateBasis,
  type AlertWindow,
  type UsageAlerts,
  type WindowAlert,
} from './alerts.ts';

export { SCHEMA_VERSION } from './version.ts';

const nullableIso = v.nullable(isoDateTime);

/** Token counts shared by every aggregate row. */
const tokenEntries = {
  inputTokens: count,
  outputTokens: count,
  /** 5-minute plus 1-hour cache writes. */
  cacheCreationTokens: count,
  cacheReadTokens: count,
  /** The four counts above added up. */
  totalTokens: count,
  /**
   * USD for the priced part. `null` when nothing in the row could be priced but tokens exist:
   * unknown is never reported as $0.
   */
  costUsd: v.nullable(nonNegative),
  /** Tokens of models with no price; when > 0 the cost above is a lower bound. */
  unpricedTokens: count,
  /** Unique API responses counted (after dedupe). */
  requests: count,
};
const usage = v.object(tokenEntries);
export type Usage = v.InferOutput<typeof usage>;

export { ZERO_USAGE } from './zero-usage.ts';

/**
 * A row with token counts, checked beyond each field's own rule: the total adds up, and an unknown
 * cost comes only with unpriced tokens.
 */
function usageRow<const S extends v.GenericSchema<unknown, Usage>>(row: S) {
  type Row = v.InferOutput<S>;
  return v.pipe(
    row,
    v.check<Row, string>(
      (u) => u.totalTokens === u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens,
      'totalTokens is not the four token counts added up',
    ),
    v.check<Row, string>(
      (u) => u.costUsd !== null || u.unpricedTokens > 0,
      'costUsd is null (unknown) although no tokens are unpriced',
    ),
  );
}

const dailyRow = usageRow(
  v.object({
    ...tokenEntries,
    /** Local calendar day in the document's `timezone`. */
    date: isoDate,
    /** Distinct sessions active that day. */
    sessions: count,
  }),
);
export type DailyUsage = v.InferOutput<typeof dailyRow>;

const modelRow = usageRow(v.object({ ...tokenEntries, model: v.string(), priced: v.boolean() }));
export type ModelUsage = v.InferOutput<typeof modelRow>;

const projectRow = usageRow(
  v.object({
    ...tokenEntries,
    /** First path segment under `projects/`: the cwd with `/` replaced by `-`. */
    project: v.string(),
    sessions: count,
    lastActivity: isoDateTime,
  }),
);
export type ProjectUsage = v.InferOutput<typeof projectRow>;

const sessionRow = usageRow(
  v.object({
    ...tokenEntries,
    sessionId: v.string(),
    project: v.string(),
    firstActivity: isoDateTime,
    lastActivity: isoDateTime,
    models: v.array(v.string()),
  }),
);
export type SessionUsage = v.InferOutput<typeof sessionRow>;

// ---- One day split by model and by project (the last days only) ------------------------------

/** The split covers the days of the last 90 calendar days in any zone (UTC today - 90 to UTC today + 1). */
export const BREAKDOWN_DAYS = 90;
/** A day lists at most this many models and projects each, costliest first; the rest are added up. */
export const MAX_BREAKDOWN_ROWS = 25;

const modelDayRow = usageRow(v.object({ ...tokenEntries, model: v.string() }));
const projectDayRow = usageRow(v.object({ ...tokenEntries, project: v.string() }));
/** Rows past MAX_BREAKDOWN_ROWS added up, and how many they were. */
const otherRows = v.nullable(usageRow(v.object({ ...tokenEntries, count })));

const dayBreakdown = v.object({
  /** Local calendar day in the document's `timezone`, as in `daily`. */
  date: isoDate,
  models: v.pipe(v.array(modelDayRow), v.maxLength(MAX_BREAKDOWN_ROWS)),
  projects: v.pipe(v.array(projectDayRow), v.maxLength(MAX_BREAKDOWN_ROWS)),
  /** The day's other models (past the costliest MAX_BREAKDOWN_ROWS), added up; null when there are none. */
  otherModels: otherRows,
  otherProjects: otherRows,
});
export type DayBreakdown = v.InferOutput<typeof dayBreakdown>;

const BLOCK_MS = 5 * 3_600_000;

const block = v.pipe(
  usageRow(
    v.object({
      ...tokenEntries,
      /** Block start: the first entry's time floored to the UTC hour. */
      start: isoDateTime,
      /** start + 5 h (a gap block ends where the next block starts). */
      end: isoDateTime,
      /** Time of the last entry in the block; null for gap blocks. */
      lastActivity: nullableIso,
      isActive: v.boolean(),
      /** A gap block covers idle time between two real blocks and holds no entries. */
      isGap: v.boolean(),
      models: v.array(v.string()),
      burnRate: v.nullable(burnRateSchema),
      /** Active block only: where the block ends up at the current burn rate. */
      projection: v.nullable(
        v.object({ totalTokens: count, costUsd: v.nullable(nonNegative), remainingMinutes: nonNegative }),
      ),
    }),
  ),
  v.check(
    (b) =>
      b.isGap
        ? b.lastActivity === null
        : b.lastActivity !== null && Date.parse(b.end) - Date.parse(b.start) === BLOCK_MS,
    'a block lasts 5 hours and has a last activity; a gap block has no activity',
  ),
);
export type UsageBlock = v.InferOutput<typeof block>;

/** The plan kinds Claude Code's credential names (`subscriptionType`); anything else is unknown. */
export const SUBSCRIPTION_KINDS = ['pro', 'max', 'team', 'enterprise'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];
/** The plan in words, from the kind and the rate-limit tier. */
export const PLAN_LABELS = ['Pro', 'Max', 'Max 5x', 'Max 20x', 'Team', 'Enterprise'] as const;
export type PlanLabel = (typeof PLAN_LABELS)[number];

const plan = v.object({
  subscriptionType: v.nullable(v.picklist(SUBSCRIPTION_KINDS)),
  /** Raw tier string as Claude Code stores it, kept when unknown. */
  rateLimitTier: v.nullable(v.string()),
  /** Null when unknown. */
  label: v.nullable(v.picklist(PLAN_LABELS)),
  source: v.picklist(['credentials-file', 'keychain']),
});
export type Plan = v.InferOutput<typeof plan>;

// ---- The document ------------------------------------------------------------------------------

/**
 * Why a line or file was skipped. `bad-timestamp`: the time parses but lies outside the years the
 * document can hold (a block's end or a local day would leave 0000-9999).
 */
export const SKIP_REASONS = [
  'malformed',
  'api-error',
  'no-usage',
  'invalid-usage',
  'bad-timestamp',
  'unreadable-file',
] as const;

/** Bounds that keep the document small whatever the history holds. */
export const MAX_SESSIONS = 100;
export const MAX_UNREADABLE_FILES = 100;

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
  /**
   * Entries dated more than a few minutes after `generatedAt` (a wrong clock, an edited log): they
   * count in the totals and days, but never in the current 5-hour window or this week's estimate.
   */
  futureEntries: count,
  /** Lines skipped, by reason. Lines without the usage marker are not counted here. */
  skipped: v.record(v.picklist(SKIP_REASONS), count),
  /** Files that could not be read (paths only). */
  unreadableFiles: v.pipe(v.array(v.string()), v.maxLength(MAX_UNREADABLE_FILES)),
  scanMs: count,
});
export type UsageSources = v.InferOutput<typeof sources>;

export const usageDataSchema = v.object({
  schemaVersion: v.literal(SCHEMA_VERSION),
  generatedAt: isoDateTime,
  /** True when the numbers come from aios's generated demo history, not the user's logs. */
  demo: v.boolean(),
  /** IANA zone used for `daily[].date`. */
  timezone: v.string(),
  sources,
  totals: usageRow(usage),
  daily: v.array(dailyRow),
  /**
   * The last days split by model and by project, oldest first (days without usage are absent):
   * enough for any count of days up to BREAKDOWN_DAYS ending today in the document's zone.
   */
  dailyBreakdown: v.pipe(v.array(dayBreakdown), v.maxLength(BREAKDOWN_DAYS + 2)),
  models: v.array(modelRow),
  projects: v.array(projectRow),
  /** Most recent first. */
  sessions: v.pipe(v.array(sessionRow), v.maxLength(MAX_SESSIONS)),
  /** Models seen whose tokens could not be priced. */
  unpricedModels: v.array(v.string()),
  blocks: v.array(block),
  plan: v.nullable(plan),
  claudeWindow: claudeWindowSchema,
  /** Readings, the estimate and limit hits over the last 90 days, for the page's history chart. */
  history: usageHistorySchema,
  /** The alert thresholds in force and the alerts of windows still open (scripts/lib/alerts/). */
  alerts: alertsSchema,
});
export type UsageData = v.InferOutput<typeof usageDataSchema>;

/** Validate an unknown value (parsed JSON) against the contract. Never throws. */
export function validateUsageData(value: unknown): ValidationResult<UsageData> {
  return validateWith(usageDataSchema, value);
}

/** Validate the bounded authoritative payload on its own (used by the OAuth reader and its state file). */
export function validateAuthoritativeUsage(value: unknown): ValidationResult<ClaudeAuthoritativeUsage> {
  return validateWith(authoritativeUsageSchema, value);
}
