// Pure formatting shared by the web panel and the terminal view (`aios usage`): percentages, money,
// token counts, countdowns, ages and clock times. No DOM, no global clock: `now` is always passed in.
import type { BurnRate } from '../contract/usage-data.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Placeholder for a number nobody knows; never rendered as 0. */
export const UNKNOWN = '—';

/**
 * A percentage as people read it: whole numbers stay whole, others keep one decimal
 * (38.15 -> "38.2%"). Null means "no sound basis" and reads `nullText`, never "0%".
 */
export function formatPercent(pct: number | null, nullText = 'no estimate'): string {
  if (pct === null || !Number.isFinite(pct)) return nullText;
  if (pct > 0 && pct < 0.1) return '<0.1%';
  const rounded = Math.round(pct * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/**
 * US dollars with cents ("$1,234.56"); amounts under a cent read "<$0.01".
 * Null (nothing could be priced) reads `nullText` ("unpriced"), never "$0.00".
 */
export function formatUsd(value: number | null, nullText = 'unpriced'): string {
  if (value === null || !Number.isFinite(value)) return nullText;
  if (value > 0 && value < 0.005) return '<$0.01';
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/**
 * The cost of an aggregate row. When some tokens had no price the priced part is only a lower
 * bound, so it reads "≥ $12.34"; when nothing was priced it reads "unpriced".
 */
export function formatCost(row: { costUsd: number | null; unpricedTokens: number }): string {
  if (row.costUsd === null) return 'unpriced';
  const usd = formatUsd(row.costUsd);
  return row.unpricedTokens > 0 ? `≥ ${usd}` : usd;
}

/**
 * An amount in any ISO currency (extra-usage credits come in the account's currency, already in
 * major units). Unknown or invalid codes fall back to "12.34 XYZ" rather than throwing.
 */
export function formatMoney(amount: number | null, currency: string | null): string {
  if (amount === null || !Number.isFinite(amount)) return UNKNOWN;
  if (!currency) return amount.toFixed(2);
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** Compact token count: 950 -> "950", 12_345 -> "12.3K", 4_560_000 -> "4.56M", 1.2e9 -> "1.2B". */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n)) return UNKNOWN;
  const abs = Math.abs(n);
  const units: Array<[number, string]> = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) {
      const scaled = n / size;
      // Three significant digits, trailing zeros dropped: 1.50M -> "1.5M", 123.4K -> "123K".
      const digits = Math.abs(scaled) >= 100 ? 0 : Math.abs(scaled) >= 10 ? 1 : 2;
      return `${Number(scaled.toFixed(digits))}${suffix}`;
    }
  }
  return String(Math.round(n));
}

/** Exact count with thousands separators, for tooltips and tables: 1234567 -> "1,234,567". */
export function formatInteger(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * A duration in the two largest units: "3 d 4 h", "2 h 14 m", "14 m", "40 s".
 * Minutes are floored so a countdown never claims more time than is left.
 */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < MINUTE_MS) return `${Math.floor(safe / 1000)} s`;
  const days = Math.floor(safe / DAY_MS);
  const hours = Math.floor((safe % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((safe % HOUR_MS) / MINUTE_MS);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} m` : `${hours} h`;
  return `${minutes} m`;
}

/** "resets in 2 h 14 m"; "resets now" once passed; "reset time unknown" when null. */
export function formatResetsIn(resetsAt: string | null, now: Date): string {
  if (resetsAt === null) return 'reset time unknown';
  const ms = Date.parse(resetsAt) - now.getTime();
  if (Number.isNaN(ms)) return 'reset time unknown';
  if (ms <= 0) return 'resets now';
  return `resets in ${formatDuration(ms)}`;
}

/** How long ago: "just now" under 5 s, then "40 s ago", "3 m ago", "2 h 5 m ago". */
export function formatAge(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  if (Number.isNaN(ms)) return 'at an unknown time';
  // Clock skew between server and browser can put a fresh timestamp slightly in the future.
  if (ms < 5_000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/** "updated 40 s ago": the age of a fetched or generated value. */
export function formatUpdated(iso: string, now: Date): string {
  return `updated ${formatAge(iso, now)}`;
}

export interface ClockOptions {
  /** IANA zone; default the runtime's local zone. Tests pin it. */
  timeZone?: string;
}

function dayKey(date: Date, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/**
 * Local 24-hour clock time: "14:05" today, "Tue 14:05" within the coming or past week,
 * "Dec 2, 14:05" further away. Null reads "unknown".
 */
export function formatClockTime(iso: string | null, now: Date, opts: ClockOptions = {}): string {
  if (iso === null) return 'unknown';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'unknown';
  const { timeZone } = opts;
  const time = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  if (dayKey(date, timeZone) === dayKey(now, timeZone)) return time;
  if (Math.abs(date.getTime() - now.getTime()) < 6 * DAY_MS) {
    const weekday = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(date);
    return `${weekday} ${time}`;
  }
  const day = new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric' }).format(date);
  return `${day}, ${time}`;
}

/** "resets in 2 h 14 m (at 14:05)": the countdown with the local time it lands on. */
export function formatReset(resetsAt: string | null, now: Date, opts: ClockOptions = {}): string {
  const countdown = formatResetsIn(resetsAt, now);
  if (resetsAt === null || countdown === 'reset time unknown') return countdown;
  return `${countdown} (at ${formatClockTime(resetsAt, now, opts)})`;
}

/** A calendar day "2026-11-20" as a short axis label "Nov 20" (no time zone shift: it is a date). */
export function formatDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** "12.3K tokens/min · $4.20/h"; the cost part reads "cost unknown" when nothing was priced. */
export function formatBurnRate(rate: BurnRate): string {
  const cost = rate.costUsdPerHour === null ? 'cost unknown' : `${formatUsd(rate.costUsdPerHour)}/h`;
  return `${formatTokens(rate.tokensPerMinute)} tokens/min · ${cost}`;
}

/** "claude-sonnet-4-5-20250929" -> "sonnet-4-5": the family without the vendor prefix and date. */
export function shortModelName(model: string): string {
  return model.replace(/^claude-/, '').replace(/-\d{8}$/, '');
}

/**
 * Short labels for Claude Code project names. A project name is the cwd with "/" replaced by "-"
 * (so "-home-dev-code-api"), which makes every name start with the same home path; the shared
 * prefix, cut at a "-", is dropped when there are at least two projects. Returns name -> label.
 */
export function projectLabels(names: string[]): Map<string, string> {
  const unique = [...new Set(names)];
  let prefix = '';
  if (unique.length >= 2) {
    prefix = unique.reduce((acc, name) => {
      let i = 0;
      while (i < acc.length && i < name.length && acc[i] === name[i]) i++;
      return acc.slice(0, i);
    });
    prefix = prefix.slice(0, prefix.lastIndexOf('-') + 1);
  }
  return new Map(unique.map((name) => [name, name.slice(prefix.length) || name]));
}

/** The calendar day (YYYY-MM-DD) of an instant in an IANA zone; UTC when the zone is unknown. */
export { dayInZone } from './calendar-day.ts';
