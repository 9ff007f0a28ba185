// Turns the usage endpoint's raw JSON into the bounded ClaudeAuthoritativeUsage: every value checked,
// unknown keys dropped, at most 16 limits. The endpoint is undocumented and changes (shared doc §4).
import {
  validateAuthoritativeUsage,
  type AuthoritativeLimit,
  type AuthoritativeWindow,
  type ClaudeAuthoritativeUsage,
} from '../../../../src/contract/usage-data.ts';

export type PayloadResult = { ok: true; usage: ClaudeAuthoritativeUsage } | { ok: false; problem: string };

export const MAX_LIMITS = 16;
export const MAX_DISPLAY_NAME = 64;
/** `resets_at` looks like "2026-07-03T00:30:00.282668+00:00": microseconds and an offset. */
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const KIND_RE = /^[A-Za-z0-9_.-]{1,32}$/;

type Raw = Record<string, unknown>;
const isRecord = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);
const isPercent = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 100;

/** ISO string -> canonical `toISOString()`, null for null/absent, undefined when unparseable. */
function resetTime(x: unknown): string | null | undefined {
  if (x === null || x === undefined) return null;
  if (typeof x !== 'string' || !ISO_RE.test(x)) return undefined;
  // Trim sub-millisecond digits: not every engine parses six fractional digits.
  const ms = Date.parse(x.replace(/(\.\d{3})\d+/, '$1'));
  if (!Number.isFinite(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

/** A `{utilization, resets_at}` window, or null when it is absent or invalid. */
function window(x: unknown): AuthoritativeWindow | null {
  if (!isRecord(x) || !isPercent(x.utilization)) return null;
  const resetsAt = resetTime(x.resets_at);
  return resetsAt === undefined ? null : { utilization: x.utilization, resetsAt };
}

/** Cut to `max` code points, never splitting a surrogate pair; control characters removed. */
function cut(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return Array.from(text.replace(/[\u0000-\u001f\u007f]/g, '').trim())
    .slice(0, max)
    .join('');
}

function limit(x: unknown): AuthoritativeLimit | null {
  if (!isRecord(x) || typeof x.kind !== 'string' || !KIND_RE.test(x.kind) || !isPercent(x.percent)) return null;
  const resetsAt = resetTime(x.resets_at);
  if (resetsAt === undefined) return null;
  let group: string | null = null;
  if (x.group !== undefined && x.group !== null) {
    if (typeof x.group !== 'string' || !KIND_RE.test(x.group)) return null;
    group = x.group;
  }
  const model = isRecord(x.scope) && isRecord(x.scope.model) ? x.scope.model.display_name : null;
  const displayName =
    typeof model === 'string' && cut(model, MAX_DISPLAY_NAME) !== '' ? cut(model, MAX_DISPLAY_NAME) : null;
  const isActive = typeof x.is_active === 'boolean' ? x.is_active : null;
  return { kind: x.kind, group, percent: x.percent, resetsAt, displayName, isActive };
}

/** Digits after the decimal point for a currency (JPY 0, EUR 2); 2 when unknown. */
function minorDigits(currency: string | null): number {
  if (currency === null) return 2;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** `extra_usage`: money arrives in minor units (cents) and leaves in major units. */
function extraUsage(x: unknown): ClaudeAuthoritativeUsage['extraUsage'] {
  if (!isRecord(x) || typeof x.is_enabled !== 'boolean') return null;
  const amount = (v: unknown): number | null | undefined =>
    v === null || v === undefined ? null : typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
  const limitMinor = amount(x.monthly_limit);
  const usedMinor = amount(x.used_credits);
  const utilization = amount(x.utilization);
  if (limitMinor === undefined || usedMinor === undefined || utilization === undefined) return null;
  let currency: string | null = null;
  if (x.currency !== undefined && x.currency !== null) {
    if (typeof x.currency !== 'string' || !/^[A-Z]{3}$/.test(x.currency)) return null;
    currency = x.currency;
  }
  const scale = 10 ** minorDigits(currency);
  return {
    isEnabled: x.is_enabled,
    monthlyLimit: limitMinor === null ? null : limitMinor / scale,
    usedCredits: usedMinor === null ? null : usedMinor / scale,
    utilization,
    currency,
  };
}

/**
 * A copy holding only the contract's keys. The contract's validator lets extra keys through
 * (readers ignore them), so an answer read back from aios's own state file is bounded again here.
 */
export function boundedUsage(u: ClaudeAuthoritativeUsage): ClaudeAuthoritativeUsage {
  const win = (w: AuthoritativeWindow | null): AuthoritativeWindow | null =>
    w ? { utilization: w.utilization, resetsAt: w.resetsAt } : null;
  const x = u.extraUsage;
  return {
    fetchedAt: u.fetchedAt,
    fiveHour: win(u.fiveHour),
    sevenDay: win(u.sevenDay),
    sevenDaySonnet: win(u.sevenDaySonnet),
    sevenDayOpus: win(u.sevenDayOpus),
    sevenDayOauthApps: win(u.sevenDayOauthApps),
    extraUsage: x && {
      isEnabled: x.isEnabled,
      monthlyLimit: x.monthlyLimit,
      usedCredits: x.usedCredits,
      utilization: x.utilization,
      currency: x.currency,
    },
    limits: u.limits.slice(0, MAX_LIMITS).map((l) => ({
      kind: l.kind,
      group: l.group,
      percent: l.percent,
      resetsAt: l.resetsAt,
      displayName: l.displayName,
      isActive: l.isActive,
    })),
  };
}

/**
 * Validate and bound a raw answer. Only the 5-hour window is mandatory: without a valid one the
 * answer does not count. Every other window is kept when valid and dropped (null) when not.
 */
export function normalizeUsagePayload(raw: unknown, fetchedAt: Date): PayloadResult {
  if (!isRecord(raw)) return { ok: false, problem: 'the answer is not a JSON object' };
  const limits: AuthoritativeLimit[] = [];
  if (Array.isArray(raw.limits)) {
    for (const item of raw.limits.slice(0, 256)) {
      const parsed = limit(item);
      if (parsed && limits.length < MAX_LIMITS) limits.push(parsed);
    }
  }
  const fromLimits = (kind: string): AuthoritativeWindow | null => {
    const l = limits.find((x) => x.kind === kind);
    return l ? { utilization: l.percent, resetsAt: l.resetsAt } : null;
  };
  // Some accounts get five_hour/seven_day as null and only limits[] (kind "session" = 5 hours).
  const rawFive = raw.five_hour;
  const fiveHour = rawFive === null || rawFive === undefined ? fromLimits('session') : window(rawFive);
  if (fiveHour === null) return { ok: false, problem: 'no valid 5-hour window in the answer' };
  const rawWeek = raw.seven_day;
  const usage: ClaudeAuthoritativeUsage = {
    fetchedAt: fetchedAt.toISOString(),
    fiveHour,
    sevenDay: rawWeek === null || rawWeek === undefined ? fromLimits('weekly_all') : window(rawWeek),
    sevenDaySonnet: window(raw.seven_day_sonnet),
    sevenDayOpus: window(raw.seven_day_opus),
    sevenDayOauthApps: window(raw.seven_day_oauth_apps),
    extraUsage: extraUsage(raw.extra_usage),
    limits,
  };
  const check = validateAuthoritativeUsage(usage);
  return check.ok ? { ok: true, usage: check.value } : { ok: false, problem: 'the answer failed the contract check' };
}
