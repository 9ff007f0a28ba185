// Classifying one answer of the usage endpoint: the usage, or the reason and the cooldown it starts,
// with Retry-After honoured when over 0, 5 minutes otherwise, and one hour at most.
import { describe, expect, test } from 'bun:test';
import { samplePayload } from '../../../../test/fixtures/usage-endpoint.ts';
import { classifyOutcome } from './outcome.ts';

const AT = Date.parse('2026-11-28T12:00:00Z');
const status = (code: number, retryAfter: string | null = null) =>
  classifyOutcome({ kind: 'status', status: code, retryAfter }, AT, 6000);

describe('classifyOutcome', () => {
  test('a valid body is the usage, fetched at the time of the answer, and starts no cooldown', () => {
    const { result, cooldown } = classifyOutcome({ kind: 'ok', body: samplePayload() }, AT, 6000);
    expect(result.ok && result.usage.fetchedAt).toBe('2026-11-28T12:00:00.000Z');
    expect(cooldown).toBeNull();
  });

  test('429 and 403 wait Retry-After when it is over 0, else 5 minutes, never more than an hour', () => {
    expect(status(429, '120').cooldown).toEqual({ cause: 'rate-limited', until: AT + 120_000 });
    expect(status(429, '0').cooldown).toEqual({ cause: 'rate-limited', until: AT + 300_000 });
    expect(status(403, null).cooldown).toEqual({ cause: 'forbidden', until: AT + 300_000 });
    expect(status(403, '86400').cooldown).toEqual({ cause: 'forbidden', until: AT + 3_600_000 });
  });

  test('401 waits the hour whatever Retry-After says, and the reason names when', () => {
    const { result, cooldown } = status(401, '5');
    expect(cooldown).toEqual({ cause: 'unauthorized', until: AT + 3_600_000 });
    expect(result).toEqual({
      ok: false,
      reason: {
        kind: 'unauthorized',
        message: 'Anthropic rejected the token (401); asking again when Claude Code refreshes it, or after 13:00 UTC',
        retryAt: '2026-11-28T13:00:00.000Z',
      },
    });
  });

  test('other failures are reasons without a cooldown', () => {
    const kinds = [
      status(500),
      status(302),
      classifyOutcome({ kind: 'timeout' }, AT, 800),
      classifyOutcome({ kind: 'network' }, AT, 6000),
      classifyOutcome({ kind: 'too-large' }, AT, 6000),
      classifyOutcome({ kind: 'invalid-json' }, AT, 6000),
      classifyOutcome({ kind: 'ok', body: { five_hour: null } }, AT, 6000),
    ].map(({ result, cooldown }) => [result.ok ? 'ok' : result.reason.kind, cooldown]);
    expect(kinds).toEqual([
      ['http-error', null],
      ['http-error', null],
      ['timeout', null],
      ['network', null],
      ['bad-payload', null],
      ['bad-payload', null],
      ['bad-payload', null],
    ]);
  });

  test('5xx, any other status, timeouts and bad payloads back off; a network failure and refusals do not', () => {
    const backs = [
      status(500),
      status(503),
      status(404),
      status(302),
      classifyOutcome({ kind: 'timeout' }, AT, 800),
      classifyOutcome({ kind: 'too-large' }, AT, 6000),
      classifyOutcome({ kind: 'invalid-json' }, AT, 6000),
      classifyOutcome({ kind: 'ok', body: { five_hour: null } }, AT, 6000),
    ].map((o) => o.backoff);
    expect(backs).toEqual([true, true, true, true, true, true, true, true]);
    const not = [
      classifyOutcome({ kind: 'network' }, AT, 6000),
      classifyOutcome({ kind: 'ok', body: samplePayload() }, AT, 6000),
      status(429),
      status(403),
      status(401),
    ].map((o) => o.backoff);
    expect(not).toEqual([false, false, false, false, false]);
  });
});
