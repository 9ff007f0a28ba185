// The usage panel as data, for the page (src/components/usage-panel.tsx) and the terminal (`aios usage`):
// which rows it shows, the words beside them, their levels, and the burn rate. Pure: `now` comes in.
import type { Calibration, ClaudeAuthoritativeUsage, ClaudeWindow, ReadingVia } from '../contract/usage-data.ts';
import {
  formatAge,
  formatBurnRate,
  formatClockTime,
  formatCost,
  formatDuration,
  formatMoney,
  formatPercent,
  formatReset,
  formatTokens,
  formatUpdated,
  formatUsd,
  type ClockOptions,
} from './format.ts';

/** The instant the panel is rendered at, and the zone its clock times are shown in. */
export interface PanelClock extends ClockOptions {
  now: Date;
}

/** Colour band of a percentage: low below 70 %, mid to 90 %, high from 90 %; unknown without one. */
export type Level = 'low' | 'mid' | 'high' | 'unknown';

export const MID_LEVEL_PCT = 70;
export const HIGH_LEVEL_PCT = 90;
export const LIMIT_REACHED_PCT = 100;

/** What a null percentage reads as, by what the row is: never "0%". */
export const NULL_TEXT = {
  estimate: 'no estimate',
  live: 'not reported by Anthropic',
  credits: 'share not reported by Anthropic',
} as const;

/** Shown when an estimate carries no fallback reason at all. */
const NO_REASON = 'no live usage available';

/** Where a reading came from, as the panel says it ("Live · from Claude Code · 40 s ago"). */
export const VIA_TEXT: Record<ReadingVia, string> = {
  statusline: 'from Claude Code',
  'claude-cache': "from Claude Code's cache",
  endpoint: 'from the usage endpoint',
};

export function levelOf(pct: number | null): Level {
  if (pct === null || !Number.isFinite(pct)) return 'unknown';
  if (pct >= HIGH_LEVEL_PCT) return 'high';
  if (pct >= MID_LEVEL_PCT) return 'mid';
  return 'low';
}

/** "limit reached" / "near the limit" / null: the words beside the colour, so colour is never the only signal. */
export function levelWord(pct: number | null): string | null {
  if (pct === null || !Number.isFinite(pct)) return null;
  if (pct >= LIMIT_REACHED_PCT) return 'limit reached';
  if (pct >= HIGH_LEVEL_PCT) return 'near the limit';
  return null;
}

/** One percentage as a bar: the number, what it reads as, and its level. */
export interface Gauge {
  /** Stable across renders (a React key). */
  key: string;
  label: string;
  /** The same label for a narrow column (the terminal's). */
  shortLabel: string;
  pct: number | null;
  /** The percentage clamped to 0-100 for drawing: an estimate can pass 100 %, the bar stops at full. */
  fill: number | null;
  /** "35%", or `nullText` when there is no percentage. */
  pctText: string;
  nullText: string;
  /** An estimate rather than Anthropic's own number. */
  estimated: boolean;
  /** "±3 points": a calibrated estimate's typical error; null for Live numbers and uncalibrated estimates. */
  band: string | null;
  level: Level;
  levelWord: string | null;
}

/**
 * A line under a bar. `used`: what an estimate is made of ("3.2M tokens · $7.00 of about $20.00");
 * `basis`: the basis in words (each screen adds its own "Basis:" prefix); `note`: anything else.
 */
export interface RowDetail {
  kind: 'used' | 'basis' | 'note';
  text: string;
}

/** A usage window with a reset: the 5-hour window, the week, per-model and scoped weekly limits. */
export interface LimitRow extends Gauge {
  /** "resets in 2 h 14 m (at 14:05)", "reset time unknown". */
  resetText: string;
  details: RowDetail[];
}

/** Extra-usage credits (monthly, so no reset line). */
export interface CreditsRow extends Gauge {
  /** "€7.63 of €20.00", "€5.00 of no set limit". */
  amount: string;
}

export type PanelSource =
  | {
      kind: 'live';
      word: 'Live';
      text: string;
      /** "from Claude Code", "from Claude Code's cache", "from the usage endpoint". */
      via: string;
      /** "updated 40 s ago": the reading's age. */
      updated: string;
    }
  | {
      kind: 'estimate';
      word: 'Estimate';
      text: string;
      /** Why Anthropic's numbers are not shown, already redacted by the server. */
      reason: string;
      /** Clock time of the next try, when known and the reason does not already name it. */
      retry: string | null;
      /** "30% from Claude Code, 25 m ago": the reading a live-plus-logs estimate starts from. */
      reading: string | null;
      basisText: string;
      /** "±3 points" when the 5-hour estimate is calibrated. */
      band: string | null;
    };

export interface PanelBurn {
  /** "12.3K tokens/min · $4.20/h"; null without an active 5-hour block. */
  rate: string | null;
  /** When the window runs out at this rate: only when that is after now and before the reset on screen. */
  runsOut: { at: string; clock: string; in: string } | null;
}

export interface PanelView {
  /** "Claude usage limits · Max 5x". */
  title: string;
  source: PanelSource;
  rows: LimitRow[];
  /** Only when the account has extra usage turned on (and the numbers are Live). */
  credits: CreditsRow | null;
  burn: PanelBurn;
}

function gauge(
  key: string,
  label: string,
  pct: number | null,
  nullText: string,
  estimated = false,
  band: string | null = null,
): Gauge {
  return {
    key,
    label,
    shortLabel: label,
    pct,
    fill: pct === null || !Number.isFinite(pct) ? null : Math.min(100, Math.max(0, pct)),
    pctText: formatPercent(pct, nullText),
    nullText,
    estimated,
    band: pct === null ? null : band,
    level: levelOf(pct),
    levelWord: levelWord(pct),
  };
}

/** "3.2M tokens · $7.00 of about $20.00": what an estimated percentage is made of. */
export function usedText(used: {
  usedTokens: number;
  usedCostUsd: number | null;
  limitCostUsd: number | null;
}): string {
  const cost = formatCost({ costUsd: used.usedCostUsd, unpricedTokens: 0 });
  const limit = used.limitCostUsd === null ? '' : ` of about ${formatUsd(used.limitCostUsd)}`;
  return `${formatTokens(used.usedTokens)} tokens · ${cost}${limit}`;
}

/** Per-model and scoped weekly limits, only those the endpoint sent. */
function modelRows(auth: ClaudeAuthoritativeUsage, clock: PanelClock): LimitRow[] {
  const rows: LimitRow[] = [];
  const add = (key: string, label: string, pct: number, resetsAt: string | null) =>
    rows.push({
      ...gauge(key, label, pct, NULL_TEXT.live),
      resetText: formatReset(resetsAt, clock.now, clock),
      details: [],
    });
  const windows = [
    ['sonnet', 'Week · Sonnet', auth.sevenDaySonnet],
    ['opus', 'Week · Opus', auth.sevenDayOpus],
    ['apps', 'Week · OAuth apps', auth.sevenDayOauthApps],
  ] as const;
  for (const [key, label, w] of windows) if (w) add(key, label, w.utilization, w.resetsAt);
  auth.limits.forEach((limit, i) => {
    // "session" and "weekly_all" are the 5-hour window and the week, already the first two rows.
    if (limit.kind === 'session' || limit.kind === 'weekly_all') return;
    const scope = limit.group === 'weekly' || limit.kind.startsWith('weekly') ? 'Week' : 'Limit';
    const name = limit.displayName ?? limit.kind.replace(/_/g, ' ');
    add(`limit-${i}`, `${scope} · ${name}`, limit.percent, limit.resetsAt);
  });
  return rows;
}

function creditsRow(auth: ClaudeAuthoritativeUsage): CreditsRow | null {
  const extra = auth.extraUsage;
  if (!extra?.isEnabled) return null;
  const { usedCredits, monthlyLimit, currency } = extra;
  // The endpoint's own utilization first; derived only when it is missing and there is a limit.
  const pct = extra.utilization ?? (usedCredits !== null && monthlyLimit ? (usedCredits / monthlyLimit) * 100 : null);
  const limit = monthlyLimit === null ? 'no set limit' : formatMoney(monthlyLimit, currency);
  return {
    ...gauge('extra-usage', 'Extra usage credits', pct, NULL_TEXT.credits),
    shortLabel: 'Extra usage',
    amount: `${formatMoney(usedCredits, currency)} of ${limit}`,
  };
}

/** Bases whose number rests on the calibration, so its error band applies. */
const CALIBRATED_BASES: ReadonlySet<string> = new Set(['calibrated', 'live-plus-logs']);

/** "±3 points" for an estimate on a calibrated basis: the held-out error half the readings fell within. */
export function bandOf(estimate: { basis: string; calibration: Calibration | null }): string | null {
  if (!estimate.calibration || !CALIBRATED_BASES.has(estimate.basis)) return null;
  const points = Math.max(1, Math.round(estimate.calibration.errorPoints));
  return `±${points} point${points === 1 ? '' : 's'}`;
}

function sourceOf(w: ClaudeWindow, clock: PanelClock): PanelSource {
  if (w.source === 'oauth') {
    return {
      kind: 'live',
      word: 'Live',
      text: "Anthropic's own numbers",
      via: VIA_TEXT[w.live.via],
      updated: formatUpdated(w.live.observedAt, clock.now),
    };
  }
  const reason = w.fallbackReason;
  const retry = reason?.retryAt ? formatClockTime(reason.retryAt, clock.now, clock) : null;
  const from = w.estimate.fromReading;
  return {
    kind: 'estimate',
    word: 'Estimate',
    text: "aios's estimate from your Claude Code logs",
    reason: reason?.message ?? NO_REASON,
    // The message often names the time already ("rate limited until 14:05").
    retry: retry !== null && reason && !reason.message.includes(retry) ? retry : null,
    reading: from ? `${formatPercent(from.pct)} ${VIA_TEXT[from.via]}, ${formatAge(from.observedAt, clock.now)}` : null,
    basisText: w.estimate.basisText,
    band: bandOf(w.estimate),
  };
}

function burnOf(w: ClaudeWindow, clock: PanelClock): PanelBurn {
  const { burnRate, projectedExhaustionAt: at } = w.estimate;
  if (!burnRate) return { rate: null, runsOut: null };
  // The estimator sets it only before its own reset; Live shows the server's reset, which may come
  // first, so it is checked again against the reset on screen.
  const atMs = at ? Date.parse(at) : NaN;
  const resetMs = w.resetsAt ? Date.parse(w.resetsAt) : Infinity;
  const nowMs = clock.now.getTime();
  const runsOut =
    at && Number.isFinite(atMs) && atMs > nowMs && atMs < resetMs
      ? { at, clock: formatClockTime(at, clock.now, clock), in: formatDuration(atMs - nowMs) }
      : null;
  return { rate: formatBurnRate(burnRate), runsOut };
}

/**
 * Everything the usage panel shows, in order. Live numbers are Anthropic's; a Live window Anthropic
 * did not report, and every estimate, carry aios's own counts underneath.
 *
 * @example buildPanelView(doc.claudeWindow, { now: new Date(), timeZone: doc.timezone }, doc.plan?.label)
 */
export function buildPanelView(w: ClaudeWindow, clock: PanelClock, planLabel?: string | null): PanelView {
  const live = w.source === 'oauth';
  const { estimate } = w;
  // Some accounts get no window from the endpoint at all (enterprise): say so, never "no estimate".
  const nullText = live ? NULL_TEXT.live : NULL_TEXT.estimate;

  const fiveDetails: RowDetail[] = [];
  if (!live || w.pct === null) fiveDetails.push({ kind: 'used', text: usedText(estimate) });
  if (!live && estimate.resetFromLog) fiveDetails.push({ kind: 'note', text: "reset time from Claude Code's own log" });

  const weekDetails: RowDetail[] = [];
  if (!live || w.weekly.pct === null) weekDetails.push({ kind: 'used', text: usedText(estimate.weekly) });
  if (!live) weekDetails.push({ kind: 'basis', text: estimate.weekly.basisText });

  const rows: LimitRow[] = [
    {
      ...gauge('five-hour', '5-hour window', w.pct, nullText, !live, live ? null : bandOf(estimate)),
      resetText: formatReset(w.resetsAt, clock.now, clock),
      details: fiveDetails,
    },
    {
      ...gauge('week', 'Week · all models', w.weekly.pct, nullText, !live, live ? null : bandOf(estimate.weekly)),
      resetText: formatReset(w.weekly.resetsAt, clock.now, clock),
      details: weekDetails,
    },
  ];
  const auth = w.source === 'oauth' ? w.authoritative : null;
  if (auth) rows.push(...modelRows(auth, clock));

  return {
    title: `Claude usage limits${planLabel ? ` · ${planLabel}` : ''}`,
    source: sourceOf(w, clock),
    rows,
    credits: auth ? creditsRow(auth) : null,
    burn: burnOf(w, clock),
  };
}
