// Property tests (fast-check) for what the usage endpoint may send: any JSON, and answers laced with
// a registered token or pieces of it. The parser never throws, keeps no unknown key, and no piece of
// 12 characters of the token survives in its output, the state file or a redacted document.
import { afterAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LIMIT_GROUPS, LIMIT_KINDS } from '../../../../src/contract/claude-window.ts';
import type { ClaudeAuthoritativeUsage } from '../../../../src/contract/usage-data.ts';
import { removeTempDirs, secretPieces, tempDir } from '../../../../test/fixtures/oauth-fixtures.ts';
import { BOUNDED_KEYS, sortedKeys } from '../../../../test/fixtures/usage-endpoint.ts';
import { redact, registerSecret } from '../../support/redaction.ts';
import { setAnswer, STATE_FILE, tokenKey } from './cooldown.ts';
import { normalizeUsagePayload } from './payload.ts';

afterAll(() => removeTempDirs());

const AT = new Date('2026-11-28T12:00:00Z');
/** Each property stops after this long, whatever its run count: `npm test` stays fast. */
const BOUND = { numRuns: 1_000, interruptAfterTimeLimit: 3_000 };

/** Token-shaped, as Claude Code's are: `sk-ant-oat01-` and a long tail of [A-Za-z0-9_-]. */
const tail = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'),
  minLength: 40,
  maxLength: 90,
});
const SECRET = `sk-ant-oat01-${fc.sample(tail, { numRuns: 1, seed: 8 })[0]}`;
registerSecret(SECRET);

/** Every piece of the secret of 12 characters found in `text`. */
const survivors = (text: string) => secretPieces(text, SECRET);

/** A piece of the secret: its start cut off (as the echo that showed `k-ant-…`), its end, or both. */
const piece = fc
  .tuple(fc.nat({ max: SECRET.length - 1 }), fc.nat({ max: SECRET.length }))
  .map(([a, b]) => SECRET.slice(Math.min(a, b), Math.max(a, b) + 1));

/** Text that may hold the secret, pieces of it, and anything around them. */
const tainted = fc.oneof(
  fc.string(),
  piece,
  fc.constant(SECRET),
  fc.constant(`Bearer ${SECRET}`),
  fc.tuple(fc.string(), piece, fc.string(), piece).map((parts) => parts.join('')),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), piece), { maxLength: 6 }).map((parts) => parts.join('')),
);

/** Anything at all, tainted strings included, as a value. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  tainted,
  fc.double(),
  fc.constant(null),
  fc.constant(undefined),
);
const iso = fc
  .date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().replace('Z', '+00:00'));
/** Mostly valid, so that most answers get past the parser and their strings are looked at. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: other, weight: 1 });
const pct = mostly(fc.integer({ min: 0, max: 100 }), fc.oneof(fc.double({ min: -10, max: 110 }), anyValue));
/** Keys the parser does not know, holding anything. */
const extra = fc.dictionary(tainted, anyValue, { maxKeys: 3 });

const window = mostly(
  fc
    .record({ utilization: pct, resets_at: mostly(fc.oneof(iso, fc.constant(null)), tainted) })
    .chain((w) => extra.map((x) => ({ ...x, ...w }))),
  anyValue,
);
const limit = mostly(
  fc
    .record(
      {
        kind: mostly(fc.constantFrom(...LIMIT_KINDS), tainted),
        group: mostly(fc.constantFrom(...LIMIT_GROUPS, null), tainted),
        percent: pct,
        resets_at: mostly(fc.oneof(iso, fc.constant(null)), tainted),
        scope: mostly(
          fc.record({ model: fc.record({ display_name: tainted, id: tainted }, { requiredKeys: [] }) }),
          anyValue,
        ),
        is_active: mostly(fc.boolean(), anyValue),
      },
      { requiredKeys: ['percent'] },
    )
    .chain((l) => extra.map((x) => ({ ...x, ...l }))),
  anyValue,
);
const extraUsage = fc.oneof(
  anyValue,
  fc.record(
    {
      is_enabled: fc.oneof(fc.boolean(), anyValue),
      monthly_limit: fc.oneof(fc.nat(), anyValue),
      used_credits: fc.oneof(fc.nat(), anyValue),
      utilization: pct,
      currency: fc.oneof(fc.constantFrom('EUR', 'USD', 'JPY'), tainted),
    },
    { requiredKeys: [] },
  ),
);
/** An answer shaped like the endpoint's, every part of it liable to be wrong or tainted. */
const answerLike = fc
  .record(
    {
      five_hour: window,
      seven_day: window,
      seven_day_sonnet: window,
      seven_day_opus: window,
      seven_day_oauth_apps: window,
      extra_usage: extraUsage,
      limits: fc.oneof(fc.array(limit, { maxLength: 20 }), anyValue),
    },
    { requiredKeys: [] },
  )
  .chain((p) => extra.map((x) => ({ ...x, ...p })));
const anyAnswer = mostly(answerLike, fc.oneof(fc.jsonValue(), tainted));

/** The bounded answer holds exactly the contract's keys, and kinds and groups from their lists. */
function expectOnlyKnownKeys(u: ClaudeAuthoritativeUsage): void {
  expect(sortedKeys(u)).toEqual([...BOUNDED_KEYS.usage]);
  for (const w of [u.fiveHour, u.sevenDay, u.sevenDaySonnet, u.sevenDayOpus, u.sevenDayOauthApps])
    if (w !== null) expect(sortedKeys(w)).toEqual([...BOUNDED_KEYS.window]);
  if (u.extraUsage !== null) expect(sortedKeys(u.extraUsage)).toEqual([...BOUNDED_KEYS.extraUsage]);
  for (const l of u.limits) {
    expect(sortedKeys(l)).toEqual([...BOUNDED_KEYS.limit]);
    expect(LIMIT_KINDS).toContain(l.kind);
    if (l.group !== null) expect(LIMIT_GROUPS).toContain(l.group);
  }
}

describe('endpoint payloads, fuzzed', () => {
  test('the parser never throws, keeps no unknown key, and keeps no piece of the token', () => {
    fc.assert(
      fc.property(anyAnswer, (raw) => {
        const r = normalizeUsagePayload(raw, AT);
        if (!r.ok) return;
        expectOnlyKnownKeys(r.usage);
        expect(survivors(JSON.stringify(r.usage))).toEqual([]);
      }),
      BOUND,
    );
  });

  test('no piece of the token reaches the state file, even from an answer the parser let through', () => {
    const dir = tempDir();
    const key = tokenKey(SECRET);
    fc.assert(
      fc.property(answerLike, tainted, (raw, name) => {
        const r = normalizeUsagePayload(raw, AT);
        if (!r.ok) return;
        // As if a parser bug had let a tainted name through: the store still keeps none of it.
        const usage = r.usage.limits.length
          ? { ...r.usage, limits: r.usage.limits.map((l) => ({ ...l, displayName: name })) }
          : r.usage;
        setAnswer(dir, key, usage, AT.getTime());
        expect(survivors(readFileSync(join(dir, STATE_FILE), 'utf8'))).toEqual([]);
      }),
      BOUND,
    );
  });

  test('a redacted document keeps no piece of the token, whatever text surrounds the pieces', () => {
    fc.assert(
      fc.property(fc.array(tainted, { maxLength: 8 }), (parts) => {
        const doc = JSON.stringify({ dirs: parts, message: parts.join('') });
        expect(survivors(redact(doc))).toEqual([]);
        expect(survivors(redact(parts.join('')))).toEqual([]);
      }),
      BOUND,
    );
  });
});
