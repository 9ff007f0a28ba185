// What one answer of the usage endpoint means: the bounded usage, or a classified FallbackReason
// and, after a refusal meant to last (401, 403, 429), the cooldown it starts for that token.
import type { ClaudeAuthoritativeUsage, FallbackReason } from '../../../../src/contract/usage-data.ts';
import { MAX_COOLDOWN_MS, type CooldownCause } from './cooldown.ts';
import { normalizeUsagePayload } from './payload.ts';
import { clockTime, COOLDOWN_TEXT, reason } from './reasons.ts';
import { parseRetryAfter, type RequestOutcome } from './request.ts';

export type UsageResult = { ok: true; usage: ClaudeAuthoritativeUsage } | { ok: false; reason: FallbackReason };

/** After 429/403 with no usable Retry-After (it is often 0), wait 5 minutes (shared doc §4). */
const DEFAULT_COOLDOWN_MS = 300_000;
/** After 401 wait for Claude Code to refresh its token (a new token is asked at once), up to the cap. */
const UNAUTHORIZED_COOLDOWN_MS = MAX_COOLDOWN_MS;

/** A refusal the endpoint meant to last: asking again with the same token waits until then. */
export interface Cooldown {
  cause: Exclude<CooldownCause, 'backoff'>;
  until: number;
}

export interface Classified {
  result: UsageResult;
  /** The cooldown a 401, 403 or 429 starts. */
  cooldown: Cooldown | null;
  /**
   * A failure that backs off (5xx or any other unexpected status, a timeout, a bad payload): the
   * endpoint was reached and did not answer well, so asking at once again would only add load. A
   * network failure never reached it, and does not.
   */
  backoff: boolean;
}

/**
 * What the endpoint's outcome at `at` means: the usage or a classified reason, the cooldown a
 * 401, 403 or 429 starts (Retry-After when over 0, else 5 minutes, never more than the cap), and
 * whether it is a failure to back off from.
 *
 * @example classifyOutcome({ kind: 'status', status: 429, retryAfter: '0' }, now, 6000).cooldown // 5 min
 */
export function classifyOutcome(res: RequestOutcome, at: number, timeoutMs: number): Classified {
  const fail = (r: FallbackReason, cooldown: Cooldown | null = null): Classified => ({
    result: { ok: false, reason: r },
    cooldown,
    backoff: false,
  });
  const backOff = (r: FallbackReason): Classified => ({ ...fail(r), backoff: true });
  switch (res.kind) {
    case 'ok': {
      const payload = normalizeUsagePayload(res.body, new Date(at));
      if (!payload.ok) return backOff(reason('bad-payload', `usage endpoint answer unusable: ${payload.problem}`));
      return { result: { ok: true, usage: payload.usage }, cooldown: null, backoff: false };
    }
    case 'timeout':
      return backOff(reason('timeout', `usage endpoint did not answer within ${Math.round(timeoutMs / 100) / 10} s`));
    case 'network':
      return fail(reason('network', 'could not reach the usage endpoint'));
    case 'too-large':
      return backOff(reason('bad-payload', 'usage endpoint answer was over 1 MB'));
    case 'invalid-json':
      return backOff(reason('bad-payload', 'usage endpoint answer was not valid JSON'));
    case 'status': {
      const cause: Cooldown['cause'] | null =
        res.status === 401
          ? 'unauthorized'
          : res.status === 403
            ? 'forbidden'
            : res.status === 429
              ? 'rate-limited'
              : null;
      if (cause === null) {
        const what = res.status >= 300 && res.status < 400 ? ' (a redirect, not followed)' : '';
        return backOff(reason('http-error', `usage endpoint answered HTTP ${res.status}${what}`));
      }
      const retryAfter = parseRetryAfter(res.retryAfter, at);
      const waitMs =
        cause === 'unauthorized'
          ? UNAUTHORIZED_COOLDOWN_MS
          : Math.min(retryAfter !== null ? retryAfter * 1000 : DEFAULT_COOLDOWN_MS, MAX_COOLDOWN_MS);
      const until = at + waitMs;
      return fail(reason(cause, COOLDOWN_TEXT[cause](clockTime(until, at), 0), until), { cause, until });
    }
  }
}
