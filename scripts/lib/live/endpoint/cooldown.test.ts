// The per-token cooldown and answer store: persisted in a real temp cache dir, keyed by hash.
import { afterAll, afterEach, describe, expect, test } from 'bun:test';
import { clearSecretsForTests, registerSecret } from '../../support/redaction.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDirs, secretPieces, tempDir } from '../../../../test/fixtures/oauth-fixtures.ts';
import { samplePayload } from '../../../../test/fixtures/usage-endpoint.ts';
import { normalizeUsagePayload } from './payload.ts';
import {
  ANSWER_TTL_MS,
  backoffMs,
  getTokenState,
  recordFailure,
  setAnswer,
  setCooldown,
  STATE_FILE,
  tokenKey,
} from './cooldown.ts';

afterAll(() => removeTempDirs());

const T0 = Date.parse('2026-11-28T12:00:00Z');
const TOKEN = 'sk-ant-oat01-FAKE-CANARY-store-0001';
const answer = () => {
  const r = normalizeUsagePayload(samplePayload(), new Date(T0));
  if (!r.ok) throw new Error(r.problem);
  return r.usage;
};

describe('oauth state store', () => {
  test('a cooldown survives into the next run and ends on time', () => {
    const dir = tempDir();
    const key = tokenKey(TOKEN);
    setCooldown(dir, key, 'rate-limited', T0 + 300_000, T0);
    expect(getTokenState(dir, key, T0 + 1000)).toMatchObject({
      cooldownUntil: T0 + 300_000,
      cooldownCause: 'rate-limited',
    });
    expect(getTokenState(dir, key, T0 + 300_001)).toBeNull();
    expect(getTokenState(dir, tokenKey(TOKEN + 'x'), T0 + 1000)).toBeNull();
  });

  test('the file names the token only by its sha256', () => {
    const dir = tempDir();
    setCooldown(dir, tokenKey(TOKEN), 'unauthorized', T0 + 60_000, T0);
    setAnswer(dir, tokenKey(TOKEN + '2'), answer(), T0);
    const text = readFileSync(join(dir, STATE_FILE), 'utf8');
    expect(text).not.toContain('CANARY');
    expect(text).toContain(tokenKey(TOKEN));
  });

  test('cooldowns are capped at one hour even if asked for more', () => {
    const dir = tempDir();
    setCooldown(dir, tokenKey(TOKEN), 'forbidden', T0 + 10 * 3_600_000, T0);
    expect(getTokenState(dir, tokenKey(TOKEN), T0)?.cooldownUntil).toBe(T0 + 3_600_000);
  });

  test('an answer is reusable for 60 s, then forgotten', () => {
    const dir = tempDir();
    setAnswer(dir, tokenKey(TOKEN), answer(), T0);
    expect(getTokenState(dir, tokenKey(TOKEN), T0 + ANSWER_TTL_MS - 1)?.answer?.fiveHour?.utilization).toBe(11);
    expect(getTokenState(dir, tokenKey(TOKEN), T0 + ANSWER_TTL_MS)).toBeNull();
  });

  test('an answer from the future (clock moved back) is not reused', () => {
    const dir = tempDir();
    setAnswer(dir, tokenKey(TOKEN), answer(), T0);
    expect(getTokenState(dir, tokenKey(TOKEN), T0 - 5000)).toBeNull();
  });

  test('a good answer ends a cooldown', () => {
    const dir = tempDir();
    setCooldown(dir, tokenKey(TOKEN), 'rate-limited', T0 + 300_000, T0);
    setAnswer(dir, tokenKey(TOKEN), answer(), T0 + 1000);
    expect(getTokenState(dir, tokenKey(TOKEN), T0 + 2000)).toMatchObject({ cooldownUntil: null, cooldownCause: null });
  });

  test('a corrupt or foreign file reads as empty and is rewritten', () => {
    const dir = tempDir();
    for (const junk of [
      '{not json',
      '{"version":2,"tokens":{}}',
      JSON.stringify({ version: 1, tokens: { abc: { cooldownUntil: 'x' } } }),
    ]) {
      writeFileSync(join(dir, STATE_FILE), junk);
      expect(getTokenState(dir, tokenKey(TOKEN), T0)).toBeNull();
    }
    // A tampered answer is not trusted either.
    const key = tokenKey(TOKEN);
    writeFileSync(
      join(dir, STATE_FILE),
      JSON.stringify({ version: 1, tokens: { [key]: { answeredAt: T0, answer: { fiveHour: 'lots' } } } }),
    );
    expect(getTokenState(dir, key, T0 + 1)).toBeNull();
    setCooldown(dir, key, 'rate-limited', T0 + 1000, T0);
    expect(JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')).version).toBe(1);
  });

  test('a stored answer is reused with the contract keys only, whatever else the file holds', () => {
    const dir = tempDir();
    const key = tokenKey(TOKEN);
    const extra = { injected: 'EXTRA-VALUE' };
    const a = answer();
    const stored = {
      ...a,
      ...extra,
      fiveHour: { ...a.fiveHour, ...extra },
      extraUsage: { ...a.extraUsage, ...extra },
      limits: a.limits.map((l) => ({ ...l, ...extra })),
    };
    writeFileSync(
      join(dir, STATE_FILE),
      JSON.stringify({ version: 1, tokens: { [key]: { answeredAt: T0, answer: stored } } }),
    );
    const reused = getTokenState(dir, key, T0 + 1)?.answer;
    expect(reused).toEqual(a);
    expect(JSON.stringify(reused)).not.toContain('EXTRA-VALUE');
  });

  test('a FIFO in place of the state file reads as no state at once; it does not hang the run', () => {
    const dir = tempDir();
    expect(Bun.spawnSync(['mkfifo', join(dir, STATE_FILE)]).exitCode).toBe(0);
    // In a child with a deadline: a read that blocks would hang this whole test process.
    const probe =
      `const { getTokenState } = await import(${JSON.stringify(join(import.meta.dir, 'cooldown.ts'))});` +
      `console.log(JSON.stringify(getTokenState(${JSON.stringify(dir)}, ${JSON.stringify(tokenKey(TOKEN))}, ${T0})));`;
    const run = Bun.spawnSync([process.execPath, '-e', probe], { timeout: 4_000 });
    expect(run.signalCode ?? null).toBeNull();
    expect([run.exitCode, run.stdout.toString()]).toEqual([0, 'null\n']);
  });

  test('an unwritable cache dir costs the memory, not the run', () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    expect(() => setCooldown(file, tokenKey(TOKEN), 'rate-limited', T0 + 1000, T0)).not.toThrow();
  });

  test('without a cache dir the state lives in memory for this process', () => {
    const key = tokenKey(TOKEN + 'mem');
    setCooldown(null, key, 'rate-limited', T0 + 5000, T0);
    expect(getTokenState(null, key, T0 + 1)?.cooldownCause).toBe('rate-limited');
  });
});

describe('oauth state store: never a secret', () => {
  afterEach(() => clearSecretsForTests());

  test('an answer holding pieces of a registered token is stored without them', () => {
    const secret = 'sk-ant-oat01-FAKE-CANARY-state-0123456789abcdefABCDEF';
    registerSecret(secret);
    const dir = tempDir();
    const tainted = answer();
    // Past the parser, as a stored answer from an older aios or a bug would be.
    tainted.limits[2] = { ...tainted.limits[2]!, displayName: secret.slice(1, 60) };
    setAnswer(dir, tokenKey(TOKEN), tainted, T0);
    const text = readFileSync(join(dir, STATE_FILE), 'utf8');
    expect(secretPieces(text, secret)).toEqual([]);
    expect(getTokenState(dir, tokenKey(TOKEN), T0 + 1)?.answer?.limits[2]?.displayName).toBe('[REDACTED]');
  });
});

describe('oauth state store: backoff after failures', () => {
  const MIN = 60_000;

  test('waits 1, 2, 4, 8 minutes, then 15 at most', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((n) => backoffMs(n) / MIN)).toEqual([0, 1, 2, 4, 8, 15, 15, 15]);
  });

  test('each failure in a row doubles the wait, and the count is kept in the file for the next run', () => {
    const dir = tempDir();
    const key = tokenKey(TOKEN);
    let at = T0;
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const until = recordFailure(dir, key, at);
      waits.push((until - at) / MIN);
      // What the next run reads from the file.
      expect(getTokenState(dir, key, at + 1)).toMatchObject({
        cooldownUntil: until,
        cooldownCause: 'backoff',
        failures: i + 1,
      });
      at = until;
    }
    expect(waits).toEqual([1, 2, 4, 8, 15, 15]);
    expect(JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')).tokens[key].failures).toBe(6);
  });

  test('a good answer resets the count; so does a long quiet spell', () => {
    const dir = tempDir();
    const key = tokenKey(TOKEN);
    recordFailure(dir, key, T0);
    const until = recordFailure(dir, key, T0 + MIN);
    setAnswer(dir, key, answer(), until + 1);
    expect(getTokenState(dir, key, until + 2)).toMatchObject({ cooldownCause: null, failures: 0 });
    expect(recordFailure(dir, key, until + 2) - (until + 2)).toBe(MIN);
    // Half an hour past the end of its wait, a failure streak is forgotten.
    const other = tokenKey(TOKEN + 'quiet');
    const end = recordFailure(dir, other, T0);
    expect(getTokenState(dir, other, end + 30 * MIN - 1)?.failures).toBe(1);
    expect(getTokenState(dir, other, end + 30 * MIN)).toBeNull();
  });
});
