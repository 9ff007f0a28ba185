// A bounded usage payload (the endpoint's answer, Claude Code's cached copy) as a history reading:
// its 5-hour and weekly windows as the columns, the payload itself kept beside them.
import type { AuthoritativeWindow, ClaudeAuthoritativeUsage } from '../../../src/contract/usage-data.ts';
import type { ReadingVia, UsageReading, WindowReading } from '../history/readings.ts';

/**
 * A window of the payload: the named object, else the `limits[]` entry of its kind (some accounts get
 * `five_hour`/`seven_day` as null and only `limits[]`; CLAUDE-DATA.md section 4). Its reset may be
 * unknown: Anthropic sends a window with no reset while none is open.
 */
export function payloadWindow(
  usage: ClaudeAuthoritativeUsage,
  kind: 'fiveHour' | 'sevenDay',
): { pct: number; resetsAt: string | null } | null {
  const named: AuthoritativeWindow | null = usage[kind];
  if (named) return { pct: named.utilization, resetsAt: named.resetsAt };
  const limit = usage.limits.find((l) => l.kind === (kind === 'fiveHour' ? 'session' : 'weekly_all'));
  return limit ? { pct: limit.percent, resetsAt: limit.resetsAt } : null;
}

/** A window of the payload as a reading's column: only with a reset, which places it in time. */
function windowOf(usage: ClaudeAuthoritativeUsage, kind: 'fiveHour' | 'sevenDay'): WindowReading | null {
  const w = payloadWindow(usage, kind);
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
