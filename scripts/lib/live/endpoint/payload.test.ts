// Payload normalisation: what the endpoint may send, and what of it is kept.
import { afterEach, describe, expect, test } from 'bun:test';
import { clearSecretsForTests, registerSecret } from '../../support/redaction.ts';
import { validateAuthoritativeUsage } from '../../../../src/contract/usage-data.ts';
import { secretPieces } from '../../../../test/fixtures/oauth-fixtures.ts';
import { BOUNDED_KEYS, samplePayload, sortedKeys } from '../../../../test/fixtures/usage-endpoint.ts';
import { normalizeUsagePayload } from './payload.ts';

const AT = new Date('2026-07-02T22:00:00Z');
const normalize = (raw: unknown) => normalizeUsagePayload(raw, AT);
function ok(raw: unknown) {
  const r = normalize(raw);
  if (!r.ok) throw new Error(`expected a valid payload, got: ${r.problem}`);
  return r.usage;
}

describe('normalizeUsagePayload', () => {
  test('keeps the documented windows in camelCase, canonical ISO times, and nothing else', () => {
    const u = ok(samplePayload());
    expect(u.fetchedAt).toBe('2026-07-02T22:00:00.000Z');
    expect(u.fiveHour).toEqual({ utilization: 11, resetsAt: '2026-07-03T00:30:00.282Z' });
    expect(u.sevenDay).toEqual({ utilization: 9, resetsAt: '2026-07-08T09:00:00.282Z' });
    expect(u.sevenDaySonnet?.utilization).toBe(4);
    expect(u.sevenDayOpus).toBeNull();
    expect(u.sevenDayOauthApps).toEqual({ utilization: 0, resetsAt: null });
    expect(u.limits).toHaveLength(3);
    expect(u.limits[2]).toEqual({
      kind: 'weekly_scoped',
      group: 'weekly',
      percent: 5,
      resetsAt: '2026-07-08T09:00:00.282Z',
      displayName: 'Fable',
      isActive: false,
    });
    expect(sortedKeys(u)).toEqual([...BOUNDED_KEYS.usage]);
    expect(JSON.stringify(u)).not.toContain('some_future_key');
    expect(validateAuthoritativeUsage(u).ok).toBe(true);
  });

  test('extra usage money goes from minor to major units with its currency', () => {
    expect(ok(samplePayload()).extraUsage).toEqual({
      isEnabled: true,
      monthlyLimit: 20,
      usedCredits: 7.63,
      utilization: 38.15,
      currency: 'EUR',
    });
    const yen = {
      ...samplePayload(),
      extra_usage: { is_enabled: true, monthly_limit: 5000, used_credits: 120, utilization: 2.4, currency: 'JPY' },
    };
    expect(ok(yen).extraUsage).toMatchObject({ monthlyLimit: 5000, usedCredits: 120, currency: 'JPY' });
  });

  test('a limits[]-only answer uses session for 5 hours and weekly_all for the week', () => {
    const raw = { ...samplePayload(), five_hour: null, seven_day: null };
    const u = ok(raw);
    expect(u.fiveHour).toEqual({ utilization: 11, resetsAt: '2026-07-03T00:30:00.282Z' });
    expect(u.sevenDay).toEqual({ utilization: 9, resetsAt: '2026-07-08T09:00:00.282Z' });
  });

  test('a null resets_at is accepted as "no reset time"', () => {
    expect(ok({ five_hour: { utilization: 0, resets_at: null } }).fiveHour).toEqual({ utilization: 0, resetsAt: null });
  });

  const badFiveHour: [string, unknown][] = [
    ['utilization above 100', { utilization: 100.5, resets_at: null }],
    ['negative utilization', { utilization: -1, resets_at: null }],
    ['utilization as a string', { utilization: '11', resets_at: null }],
    ['missing utilization', { resets_at: null }],
    ['an unparseable resets_at', { utilization: 5, resets_at: 'tomorrow-ish' }],
    ['an impossible date', { utilization: 5, resets_at: '2026-13-45T99:00:00Z' }],
    ['resets_at as a number', { utilization: 5, resets_at: 1783038600 }],
    ['a window that is an array', [11, null]],
  ];
  for (const [name, five] of badFiveHour) {
    test(`a 5-hour window with ${name} makes the whole answer not count`, () => {
      expect(normalize({ ...samplePayload(), five_hour: five }).ok).toBe(false);
    });
  }

  test('no 5-hour window anywhere (enterprise: all null) does not count', () => {
    const r = normalize({ five_hour: null, seven_day: null, limits: [] });
    expect(r).toEqual({ ok: false, problem: 'no valid 5-hour window in the answer' });
  });

  test('non-object answers do not count', () => {
    for (const raw of [null, 42, 'x', [samplePayload()]]) expect(normalize(raw).ok).toBe(false);
  });

  test('other windows are dropped one by one when invalid, the rest kept', () => {
    const u = ok({
      ...samplePayload(),
      seven_day: { utilization: 900, resets_at: null },
      seven_day_sonnet: { utilization: 4, resets_at: 'nope' },
      seven_day_opus: { utilization: 3, resets_at: null },
      extra_usage: { is_enabled: 'yes' },
    });
    expect(u.sevenDay).toBeNull();
    expect(u.sevenDaySonnet).toBeNull();
    expect(u.sevenDayOpus).toEqual({ utilization: 3, resetsAt: null });
    expect(u.extraUsage).toBeNull();
    expect(u.fiveHour?.utilization).toBe(11);
  });

  test('extra usage with a negative amount or an odd currency is dropped', () => {
    expect(
      ok({
        ...samplePayload(),
        extra_usage: { is_enabled: true, monthly_limit: -5, used_credits: 1, utilization: 1, currency: 'EUR' },
      }).extraUsage,
    ).toBeNull();
    expect(
      ok({
        ...samplePayload(),
        extra_usage: { is_enabled: true, monthly_limit: 5, used_credits: 1, utilization: 1, currency: 'euro<script>' },
      }).extraUsage,
    ).toBeNull();
  });

  test('at most 16 limits, invalid ones dropped, display names cut to 64 characters', () => {
    const long = 'Ω'.repeat(100);
    const limits = [
      { kind: 'weekly_scoped', percent: 150, resets_at: null },
      { kind: 'bad kind with spaces', percent: 1, resets_at: null },
      ...Array.from({ length: 30 }, (_, i) => ({
        kind: 'weekly_scoped',
        group: 'weekly',
        percent: i,
        resets_at: null,
        is_active: 'maybe',
        scope: { model: { display_name: i === 0 ? long : `Model\n${i}` } },
      })),
    ];
    const u = ok({ ...samplePayload(), limits });
    expect(u.limits).toHaveLength(16);
    expect(u.limits[0]!.percent).toBe(0);
    expect(u.limits[0]!.displayName).toBe('Ω'.repeat(64));
    expect(u.limits[1]!.displayName).toBe('Model1');
    expect(u.limits[1]!.isActive).toBeNull();
  });

  test('unknown keys at every level are dropped: the bounded answer has exactly the known keys', () => {
    const junk = { unknown_key: 'UNKNOWN-VALUE', nested: { deep: 'UNKNOWN-VALUE' } };
    const w = (utilization: number) => ({ utilization, resets_at: '2026-07-08T09:00:00+00:00', ...junk });
    const raw = {
      ...junk,
      five_hour: w(11),
      seven_day: w(9),
      seven_day_sonnet: w(4),
      seven_day_opus: w(3),
      seven_day_oauth_apps: w(0),
      extra_usage: {
        is_enabled: true,
        monthly_limit: 2000,
        used_credits: 763,
        utilization: 38.15,
        currency: 'EUR',
        ...junk,
      },
      limits: [
        {
          kind: 'weekly_scoped',
          group: 'weekly',
          percent: 5,
          resets_at: null,
          is_active: true,
          ...junk,
          scope: { surface: null, ...junk, model: { id: 'm-1', display_name: 'Fable', ...junk } },
        },
      ],
    };
    const u = ok(raw);
    expect(sortedKeys(u)).toEqual([...BOUNDED_KEYS.usage]);
    for (const win of [u.fiveHour, u.sevenDay, u.sevenDaySonnet, u.sevenDayOpus, u.sevenDayOauthApps])
      expect(sortedKeys(win)).toEqual([...BOUNDED_KEYS.window]);
    expect(sortedKeys(u.extraUsage)).toEqual([...BOUNDED_KEYS.extraUsage]);
    expect(u.limits).toHaveLength(1);
    expect(sortedKeys(u.limits[0])).toEqual([...BOUNDED_KEYS.limit]);
    expect(JSON.stringify(u)).not.toMatch(/UNKNOWN-VALUE|unknown_key|nested|m-1|surface/);
  });

  test('a window that is present but invalid is dropped, not replaced by its limits[] entry', () => {
    const u = ok({ ...samplePayload(), seven_day: { utilization: 'nine', resets_at: null } });
    expect(u.sevenDay).toBeNull();
    expect(normalize({ ...samplePayload(), five_hour: { utilization: 'eleven' } })).toEqual({
      ok: false,
      problem: 'no valid 5-hour window in the answer',
    });
  });

  test('each limit is kept or dropped on its own; limits that are not a list read as none', () => {
    const base = { utilization: 11, resets_at: null };
    expect(ok({ five_hour: base, limits: 'lots' }).limits).toEqual([]);
    const u = ok({
      five_hour: base,
      limits: [
        { kind: 'weekly_scoped', group: 7, percent: 1, resets_at: null },
        { kind: 'weekly_scoped', percent: 2, resets_at: null, scope: { model: { display_name: '\u0007 \n' } } },
        { kind: 'weekly_scoped', percent: 3, resets_at: '2026-07-08T09:00:00+00:00', scope: [] },
      ],
    });
    expect(u.limits).toEqual([
      { kind: 'weekly_scoped', group: null, percent: 2, resetsAt: null, displayName: null, isActive: null },
      {
        kind: 'weekly_scoped',
        group: null,
        percent: 3,
        resetsAt: '2026-07-08T09:00:00.000Z',
        displayName: null,
        isActive: null,
      },
    ]);
  });

  test('a resets_at past the year 9999 is not a time the contract can hold', () => {
    // Matches the pattern, parses, but lands in the year 10000 once the offset is applied.
    expect(normalize({ five_hour: { utilization: 1, resets_at: '9999-12-31T23:59:59-23:59' } }).ok).toBe(false);
    expect(normalize({ five_hour: { utilization: 1, resets_at: '9999-12-31T23:59:59.999999+00:00' } }).ok).toBe(true);
  });

  test('a session limit that is invalid does not stand in for a null five_hour', () => {
    const r = normalize({ five_hour: null, limits: [{ kind: 'session', percent: 'eleven', resets_at: null }] });
    expect(r.ok).toBe(false);
  });
});

describe('normalizeUsagePayload: an endpoint that echoes the token', () => {
  const TOKEN = 'sk-ant-oat01-FAKE-CANARY-echo-0123456789abcdefABCDEF_xyz';
  afterEach(() => clearSecretsForTests());

  test('kind and group are known values or the limit is dropped: never free text', () => {
    const limit = (kind: unknown, group: unknown) => ({ kind, group, percent: 5, resets_at: null });
    const u = ok({
      ...samplePayload(),
      limits: [
        limit('weekly_scoped', 'weekly'),
        limit(TOKEN.slice(1), 'weekly'),
        limit('weekly_scoped', TOKEN.slice(1)),
        limit('Bearer x', null),
        limit('future_kind', 'weekly'),
        limit('session', 'session'),
        limit('weekly_all', null),
      ],
    });
    expect(u.limits.map((l) => [l.kind, l.group])).toEqual([
      ['weekly_scoped', 'weekly'],
      ['session', 'session'],
      ['weekly_all', null],
    ]);
  });

  test('a display name holding the token, or its tail, keeps no piece of 12 characters of it', () => {
    registerSecret(TOKEN);
    const named = (display_name: string) => ({
      ...samplePayload(),
      limits: [
        { kind: 'weekly_scoped', group: 'weekly', percent: 5, resets_at: null, scope: { model: { display_name } } },
      ],
    });
    for (const name of [`Bearer ${TOKEN}`, TOKEN.slice(1), `Fable ${TOKEN.slice(7, 40)}`]) {
      const text = JSON.stringify(ok(named(name)));
      expect(secretPieces(text, TOKEN)).toEqual([]);
    }
    expect(ok(named(`Fable ${TOKEN.slice(1)}`)).limits[0]!.displayName).toBe('Fable [REDACTED]');
  });
});
