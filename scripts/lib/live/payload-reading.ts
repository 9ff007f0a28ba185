// Between the two forms of one observation: a bounded usage payload (the endpoint's answer, Claude
// Code's cached copy) as a history reading, and a reading as the payload the window code reads.
import type { AuthoritativeWindow, ClaudeAuthoritativeUsage } from '../../../src/contract/usage-data.ts';
import type { ReadingVia, UsageReading, WindowReading } from '../history/readings.ts';

/**
 * A window of the payload: the named object, else the `limits[]` entry of its kind (some accounts get
 * `five_hour`/`seven_day` as null and only `limits[]`; CLAUDE-DATA.md section 4).
 */
function windowOf(usage: ClaudeAuthoritativeUsage, kind: 'fiveHour' | 'sevenDay'): WindowReading | null {
  const named: AuthoritativeWindow | null = usage[kind];
  const limit = usage.limits.find((l) => l.kind === (kind === 'fiveHour' ? 'session' : 'weekly_all'));
  const w = named
    ? { pct: named.utilization, resetsAt: named.resetsAt }
    : limit && { pct: limit.percent, resetsAt: limit.resetsAt };
  const resetsAt = w?.resetsAt ? Date.parse(w.resetsAt) : NaN;
  return w && Number.isFinite(resetsAt) ? { pct: w.pct, resetsAt } : null;
}

/**
 * A validated payload as a reading observed at its `fetchedAt`. A window without a reset time
 * cannot be placed in time, so it is left out of the columns (the payload still holds it).
 */
export function readingFromPayload(via: ReadingVia, usage: ClaudeAuthoritativeUsage): UsageReading {
  const at = Date.parse(usage.fetchedAt);
  return {
    via,
    firstSeenAt: at,
    observedAt: at,
    fiveHour: windowOf(usage, 'fiveHour'),
    sevenDay: windowOf(usage, 'sevenDay'),
    planTier: null,
    payload: usage,
  };
}

const asWindow = (w: WindowReading | null): AuthoritativeWindow | null =>
  w && { utilization: w.pct, resetsAt: new Date(w.resetsAt).toISOString() };

/**
 * The payload a reading stands for: its own when it has one (already validated by the caller),
 * else one made of its two windows (the statusline has no per-model weeks, limits or extra usage).
 */
export function usageFromReading(r: UsageReading): ClaudeAuthoritativeUsage {
  if (r.payload) return { ...r.payload, fetchedAt: new Date(r.observedAt).toISOString() };
  return {
    fetchedAt: new Date(r.observedAt).toISOString(),
    fiveHour: asWindow(r.fiveHour),
    sevenDay: asWindow(r.sevenDay),
    sevenDaySonnet: null,
    sevenDayOpus: null,
    sevenDayOauthApps: null,
    extraUsage: null,
    limits: [],
  };
}
