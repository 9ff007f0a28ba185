// Turns the usage endpoint's raw JSON into the bounded ClaudeAuthoritativeUsage: every value checked,
// unknown keys dropped, at most 16 limits. The endpoint is undocumented and changes (shared doc §4).
import * as v from 'valibot';
import { percent } from '../../../../src/contract/checks.ts';
import {
  MAX_DISPLAY_NAME,
  MAX_LIMITS,
  validateAuthoritativeUsage,
  type AuthoritativeLimit,
  type AuthoritativeWindow,
  type ClaudeAuthoritativeUsage,
} from '../../../../src/contract/usage-data.ts';
import { LIMIT_GROUPS, LIMIT_KINDS } from '../../../../src/contract/claude-window.ts';
import { redact } from '../../support/redaction.ts';

export type PayloadResult = { ok: true; usage: ClaudeAuthoritativeUsage } | { ok: false; problem: string };

/** `resets_at` looks like "2026-07-03T00:30:00.282668+00:00": microseconds and an offset. */
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
/** Entries of `limits[]` looked at; past them an answer is not worth reading. */
const MAX_RAW_LIMITS = 256;

/** An ISO time as canonical `toISOString()`, or null when it is not a real instant. */
function canonicalTime(text: string): string | null {
  // Trim sub-millisecond digits: not every engine parses six fractional digits.
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString();
  return /^\d{4}-/.test(iso) ? iso : null;
}

/** `resets_at`: null when absent or null, else a canonical ISO time; anything else fails. */
const resetsAt = v.nullish(
  v.pipe(
    v.string(),
    v.regex(ISO_RE),
    v.rawTransform<string, string>(({ dataset, addIssue, NEVER }) => {
      const iso = canonicalTime(dataset.value);
      if (iso !== null) return iso;
      addIssue({ message: 'not a real instant' });
      return NEVER;
    }),
  ),
  null,
);

/** A `{utilization, resets_at}` window in the contract's words. */
const usageWindow = v.pipe(
  v.object({ utilization: percent, resets_at: resetsAt }),
  v.transform((w): AuthoritativeWindow => ({ utilization: w.utilization, resetsAt: w.resets_at })),
);

/**
 * Redacted, then cut to `max` code points (never splitting a surrogate pair), control characters
 * removed. Redacted first: a cut through a token would leave a piece too short to recognise.
 */
function cut(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return Array.from(redact(text.replace(/[\u0000-\u001f\u007f]/g, '')).trim())
    .slice(0, max)
    .join('');
}

/**
 * One `limits[]` entry. Kind and group are known values or the entry is dropped (never free text);
 * only the scope's model name is kept, redacted; odd optional fields read as null.
 */
const limit = v.pipe(
  v.object({
    kind: v.picklist(LIMIT_KINDS),
    group: v.nullish(v.picklist(LIMIT_GROUPS), null),
    percent,
    resets_at: resetsAt,
    scope: v.fallback(
      v.pipe(
        v.object({ model: v.object({ display_name: v.string() }) }),
        v.transform((s) => cut(s.model.display_name, MAX_DISPLAY_NAME) || null),
      ),
      null,
    ),
    is_active: v.fallback(v.nullable(v.boolean()), null),
  }),
  v.transform(
    (l): AuthoritativeLimit => ({
      kind: l.kind,
      group: l.group,
      percent: l.percent,
      resetsAt: l.resets_at,
      displayName: l.scope,
      isActive: l.is_active,
    }),
  ),
);

/** Digits after the decimal point for a currency (JPY 0, EUR 2); 2 when unknown. */
function minorDigits(currency: string | null): number {
  if (currency === null) return 2;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const amount = v.nullish(v.pipe(v.number(), v.finite(), v.minValue(0)), null);

/** `extra_usage`: money arrives in minor units (cents) and leaves in major units. */
const extraUsage = v.pipe(
  v.object({
    is_enabled: v.boolean(),
    monthly_limit: amount,
    used_credits: amount,
    utilization: amount,
    currency: v.nullish(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)), null),
  }),
  v.transform((x): NonNullable<ClaudeAuthoritativeUsage['extraUsage']> => {
    const scale = 10 ** minorDigits(x.currency);
    return {
      isEnabled: x.is_enabled,
      monthlyLimit: x.monthly_limit === null ? null : x.monthly_limit / scale,
      usedCredits: x.used_credits === null ? null : x.used_credits / scale,
      utilization: x.utilization,
      currency: x.currency,
    };
  }),
);

/** The valid entries of `limits[]`, at most 16; an invalid entry is dropped on its own. */
function validLimits(items: unknown[]): AuthoritativeLimit[] {
  const out: AuthoritativeLimit[] = [];
  for (const item of items.slice(0, MAX_RAW_LIMITS)) {
    const parsed = v.safeParse(limit, item);
    if (parsed.success) out.push(parsed.output);
    if (out.length === MAX_LIMITS) break;
  }
  return out;
}

/** Dropped (null) when absent or invalid, each on its own. */
const optional = <T>(schema: v.GenericSchema<unknown, T>) => v.fallback(v.nullable(schema), null);

/**
 * The answer's shape. `five_hour` and `seven_day` stay raw: absent or null they come from `limits[]`
 * instead, but present and invalid they are not replaced (see normalizeUsagePayload).
 */
const payload = v.object({
  five_hour: v.optional(v.unknown()),
  seven_day: v.optional(v.unknown()),
  seven_day_sonnet: optional(usageWindow),
  seven_day_opus: optional(usageWindow),
  seven_day_oauth_apps: optional(usageWindow),
  extra_usage: optional(extraUsage),
  limits: v.fallback(v.pipe(v.array(v.unknown()), v.transform(validLimits)), []),
});

/** A window the answer names, or (when it names none) the `limits[]` entry of `kind`. */
function windowOr(raw: unknown, limits: AuthoritativeLimit[], kind: string): AuthoritativeWindow | null {
  if (raw === null || raw === undefined) {
    const l = limits.find((x) => x.kind === kind);
    return l ? { utilization: l.percent, resetsAt: l.resetsAt } : null;
  }
  const parsed = v.safeParse(usageWindow, raw);
  return parsed.success ? parsed.output : null;
}

/**
 * Validate and bound a raw answer. Only the 5-hour window is mandatory: without a valid one the
 * answer does not count. Every other window is kept when valid and dropped (null) when not.
 */
export function normalizeUsagePayload(raw: unknown, fetchedAt: Date): PayloadResult {
  const parsed = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? v.safeParse(payload, raw) : null;
  if (!parsed?.success) return { ok: false, problem: 'the answer is not a JSON object' };
  const p = parsed.output;
  // Some accounts get five_hour/seven_day as null and only limits[] (kind "session" = 5 hours).
  const fiveHour = windowOr(p.five_hour, p.limits, 'session');
  if (fiveHour === null) return { ok: false, problem: 'no valid 5-hour window in the answer' };
  const usage: ClaudeAuthoritativeUsage = {
    fetchedAt: fetchedAt.toISOString(),
    fiveHour,
    sevenDay: windowOr(p.seven_day, p.limits, 'weekly_all'),
    sevenDaySonnet: p.seven_day_sonnet,
    sevenDayOpus: p.seven_day_opus,
    sevenDayOauthApps: p.seven_day_oauth_apps,
    extraUsage: p.extra_usage,
    limits: p.limits,
  };
  const check = validateAuthoritativeUsage(usage);
  return check.ok ? { ok: true, usage: check.value } : { ok: false, problem: 'the answer failed the contract check' };
}
