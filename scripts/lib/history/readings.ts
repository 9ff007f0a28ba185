// What the usage history holds: Anthropic's own readings of the 5-hour and weekly windows, from any
// live source, and the dated limit hits. Shared by the live sources, the store and the calibration.
import type { ClaudeAuthoritativeUsage } from '../../../src/contract/usage-data.ts';

/** Where a reading came from, freshest and cheapest first (CLAUDE-DATA.md §5). */
export const READING_SOURCES = ['statusline', 'claude-cache', 'endpoint'] as const;
export type ReadingVia = (typeof READING_SOURCES)[number];

/** One window as Anthropic reported it. */
export interface WindowReading {
  /** Percent used, 0-100 (the statusline and the endpoint may send fractions). */
  pct: number;
  /** When the window resets, epoch ms. */
  resetsAt: number;
}

/**
 * One observation of the account's limits. Never holds a token or any credential field.
 * Consecutive identical readings from one source are one row with first and last seen.
 */
export interface UsageReading {
  via: ReadingVia;
  /** The first time this exact reading was seen, epoch ms. */
  firstSeenAt: number;
  /** The last time it was seen (its age counts from here), epoch ms. */
  observedAt: number;
  fiveHour: WindowReading | null;
  sevenDay: WindowReading | null;
  /** The credential's rateLimitTier when known ("default_claude_max_5x"): calibration restarts when it changes. */
  planTier: string | null;
  /**
   * The bounded payload behind the reading when it came from the endpoint or Claude Code's cached
   * copy (per-model weeks, scoped limits, extra usage); null from the statusline, which has none.
   */
  payload: ClaudeAuthoritativeUsage | null;
}

/** A limit reached: a reading of 100 %, or a "usage limit reached" line in the logs. */
export interface LimitHit {
  window: 'five_hour' | 'seven_day';
  /** When it was seen, epoch ms. */
  at: number;
  /** The reset it announced, epoch ms, when known. */
  resetsAt: number | null;
  origin: 'reading' | 'log';
}

/** Resets less than this apart name the same window: the sources round a reset differently. */
export const SAME_RESET_MS = 3_600_000;

/**
 * A reading dated more than this after the reader's `now` is taken for clock trouble and ignored.
 * Every source is on this machine's clock (Claude Code's fetch time, the statusline's run time);
 * the minute covers a clock step between a write and its read.
 */
export const FUTURE_SLACK_MS = 60_000;
