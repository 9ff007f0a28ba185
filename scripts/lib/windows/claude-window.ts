// Chooses what the panel shows as Claude's window: the server's own numbers when a valid answer
// came in, else the local estimate with the reason the server's numbers are missing.
import type {
  AuthoritativeWindow,
  ClaudeAuthoritativeUsage,
  ClaudeWindow,
  FallbackReason,
  WindowEstimate,
} from '../../../src/contract/usage-data.ts';

export type LiveUsage = { usage: ClaudeAuthoritativeUsage } | { reason: FallbackReason };

/**
 * A window from the payload: the named object, else the `limits[]` entry of `kind` (shared doc
 * section 4: some accounts get `five_hour`/`seven_day` as null and only `limits[]`).
 */
function windowOf(
  named: AuthoritativeWindow | null,
  usage: ClaudeAuthoritativeUsage,
  kind: 'session' | 'weekly_all',
): { pct: number; resetsAt: string | null } | null {
  if (named) return { pct: named.utilization, resetsAt: named.resetsAt };
  const limit = usage.limits.find((l) => l.kind === kind);
  return limit ? { pct: limit.percent, resetsAt: limit.resetsAt } : null;
}

/** Payloads with every window null (seen on Enterprise accounts) give the panel nothing to show. */
const NO_WINDOW: FallbackReason = {
  kind: 'bad-payload',
  message: "Claude's usage answer had no 5-hour window",
  retryAt: null,
};

/**
 * Merge the estimate with the live answer. With a usable 5-hour window the source is "oauth":
 * pct/resetsAt are the server's 5-hour values, weekly the server's 7-day (or `weekly_all`), the
 * estimate stays beside them and `authoritative` holds the payload. Otherwise the estimate's
 * numbers are shown with `fallbackReason` saying why.
 */
export function resolveClaudeWindow(estimate: WindowEstimate, live: LiveUsage): ClaudeWindow {
  if ('usage' in live) {
    const five = windowOf(live.usage.fiveHour, live.usage, 'session');
    if (five) {
      const week = windowOf(live.usage.sevenDay, live.usage, 'weekly_all');
      return {
        source: 'oauth',
        pct: five.pct,
        resetsAt: five.resetsAt,
        weekly: week ?? { pct: null, resetsAt: null },
        estimate,
        authoritative: live.usage,
        fallbackReason: null,
      };
    }
  }
  return {
    source: 'estimate',
    pct: estimate.pct,
    resetsAt: estimate.resetsAt,
    weekly: { pct: estimate.weekly.pct, resetsAt: estimate.weekly.resetsAt },
    estimate,
    authoritative: null,
    fallbackReason: 'reason' in live ? live.reason : NO_WINDOW,
  };
}
