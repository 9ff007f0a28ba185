// How a reading and a limit hit become a row of the history store and back: resets to the second,
// the payload as compact JSON without its fetch time (the row's own times say when).
import type { ClaudeAuthoritativeUsage } from '../../../src/contract/usage-data.ts';
import { READING_SOURCES, type LimitHit, type UsageReading, type WindowReading } from './readings.ts';

/** A readings row as stored. */
export interface ReadingRow {
  via: number;
  first_seen: number;
  last_seen: number;
  five_pct: number | null;
  five_reset: number | null;
  week_pct: number | null;
  week_reset: number | null;
  plan_tier: string | null;
  payload: string | null;
}

export interface HitRow {
  win: number;
  origin: number;
  key: number;
  at: number;
  resets_at: number | null;
}

const SECOND = 1000;
/** Reset times to the second: the endpoint sends microseconds, the statusline whole seconds. */
const toSecond = (ms: number): number => Math.round(ms / SECOND) * SECOND;

function isoToSecond(iso: string | null): string | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(toSecond(ms)).toISOString() : iso;
}

/** The payload with every reset to the second: identical answers then store identically. */
function normalizePayload(p: ClaudeAuthoritativeUsage): Omit<ClaudeAuthoritativeUsage, 'fetchedAt'> {
  const win = (w: ClaudeAuthoritativeUsage['fiveHour']) => w && { ...w, resetsAt: isoToSecond(w.resetsAt) };
  return {
    fiveHour: win(p.fiveHour),
    sevenDay: win(p.sevenDay),
    sevenDaySonnet: win(p.sevenDaySonnet),
    sevenDayOpus: win(p.sevenDayOpus),
    sevenDayOauthApps: win(p.sevenDayOauthApps),
    extraUsage: p.extraUsage,
    limits: p.limits.map((l) => ({ ...l, resetsAt: isoToSecond(l.resetsAt) })),
  };
}

/** The row for `r` (times as given, resets to the second). */
export function readingToRow(r: UsageReading): ReadingRow {
  return {
    via: READING_SOURCES.indexOf(r.via),
    first_seen: Math.round(r.firstSeenAt),
    last_seen: Math.round(r.observedAt),
    five_pct: r.fiveHour?.pct ?? null,
    five_reset: r.fiveHour ? toSecond(r.fiveHour.resetsAt) : null,
    week_pct: r.sevenDay?.pct ?? null,
    week_reset: r.sevenDay ? toSecond(r.sevenDay.resetsAt) : null,
    plan_tier: r.planTier,
    payload: r.payload ? JSON.stringify(normalizePayload(r.payload)) : null,
  };
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function windowOf(pct: unknown, reset: unknown): WindowReading | null {
  return finite(pct) && finite(reset) && pct >= 0 && pct <= 100 ? { pct, resetsAt: reset } : null;
}

/**
 * The reading a row holds, or null for a row that makes no sense (the file is ours, but rows are
 * read defensively all the same). The payload comes back as stored: callers that show it or pass
 * it on validate it first (validateAuthoritativeUsage); `withPayload` false skips decoding it.
 */
export function rowToReading(row: ReadingRow, withPayload: boolean): UsageReading | null {
  const via = READING_SOURCES[row.via];
  if (via === undefined || !finite(row.first_seen) || !finite(row.last_seen)) return null;
  let payload: ClaudeAuthoritativeUsage | null = null;
  if (withPayload && typeof row.payload === 'string') {
    try {
      const stored = JSON.parse(row.payload) as Omit<ClaudeAuthoritativeUsage, 'fetchedAt'>;
      payload = { fetchedAt: new Date(row.last_seen).toISOString(), ...stored };
    } catch {
      payload = null;
    }
  }
  return {
    via,
    firstSeenAt: row.first_seen,
    observedAt: row.last_seen,
    fiveHour: windowOf(row.five_pct, row.five_reset),
    sevenDay: windowOf(row.week_pct, row.week_reset),
    planTier: typeof row.plan_tier === 'string' ? row.plan_tier : null,
    payload,
  };
}

const WINDOWS = ['five_hour', 'seven_day'] as const;
const ORIGINS = ['reading', 'log'] as const;

/** One row per window and origin and reset: the same limit seen twice is one event. */
export function hitToRow(h: LimitHit): HitRow {
  const resetsAt = h.resetsAt === null ? null : toSecond(h.resetsAt);
  return {
    win: WINDOWS.indexOf(h.window),
    origin: ORIGINS.indexOf(h.origin),
    key: resetsAt ?? Math.round(h.at),
    at: Math.round(h.at),
    resets_at: resetsAt,
  };
}

export function rowToHit(row: HitRow): LimitHit | null {
  const window = WINDOWS[row.win];
  const origin = ORIGINS[row.origin];
  if (window === undefined || origin === undefined || !finite(row.at)) return null;
  return { window, origin, at: row.at, resetsAt: finite(row.resets_at) ? row.resets_at : null };
}
