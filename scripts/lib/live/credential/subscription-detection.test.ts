// Plan detection: labels from subscriptionType + rateLimitTier, from a real file or a fake Keychain.
import { afterAll, afterEach, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canaryToken,
  credentialJson,
  fakeExecutable,
  removeTempDirs,
  tempDir,
  writeCredential,
} from '../../../../test/fixtures/oauth-fixtures.ts';
import type { PlanLabel, SubscriptionKind } from '../../../../src/contract/usage-data.ts';
import { clearSecretsForTests } from '../../support/redaction.ts';
import { detectSubscription, planFromCredential } from './subscription-detection.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
afterEach(() => clearSecretsForTests());
afterAll(() => removeTempDirs());

describe('planFromCredential', () => {
  const cases: [SubscriptionKind | null, string | null, PlanLabel | null][] = [
    ['pro', 'default_claude_ai', 'Pro'],
    ['max', 'default_claude_max_5x', 'Max 5x'],
    ['max', 'default_claude_max_20x', 'Max 20x'],
    ['max', 'default_claude_zero', 'Max'],
    ['max', null, 'Max'],
    ['team', 'default_claude_max_5x', 'Team'],
    ['enterprise', null, 'Enterprise'],
    [null, 'default_claude_max_5x', 'Max 5x'],
    [null, 'default_claude_ai', 'Pro'],
    [null, 'some_new_tier', null],
  ];
  for (const [type, tier, label] of cases) {
    test(`${type ?? 'no type'} + ${tier ?? 'no tier'} is labelled ${label ?? 'unknown'}, tier kept raw`, () => {
      const plan = planFromCredential({ subscriptionType: type, rateLimitTier: tier, source: 'credentials-file' });
      expect(plan).toEqual({ subscriptionType: type, rateLimitTier: tier, label, source: 'credentials-file' });
    });
  }

  test('no type and no tier is no plan at all', () => {
    expect(planFromCredential({ subscriptionType: null, rateLimitTier: null, source: 'keychain' })).toBeNull();
  });
});

describe('detectSubscription', () => {
  test('reads the plan from the credentials file and returns no token', async () => {
    const home = tempDir();
    writeCredential(join(home, '.claude'), credentialJson(canaryToken('plan'), NOW.getTime()));
    const plan = await detectSubscription({ env: {}, home, isMacOS: false, now: () => NOW });
    expect(plan).toEqual({
      subscriptionType: 'max',
      rateLimitTier: 'default_claude_max_20x',
      label: 'Max 20x',
      source: 'credentials-file',
    });
    expect(JSON.stringify(plan)).not.toContain('CANARY');
    expect(Object.keys(plan!).sort()).toEqual(['label', 'rateLimitTier', 'source', 'subscriptionType']);
  });

  test('an expired credential still tells the plan', async () => {
    const home = tempDir();
    writeCredential(
      join(home, '.claude'),
      credentialJson(canaryToken('old'), NOW.getTime(), {
        expiresAt: 1,
        subscriptionType: 'pro',
        rateLimitTier: 'default_claude_ai',
      }),
    );
    expect((await detectSubscription({ env: {}, home, isMacOS: false, now: () => NOW }))?.label).toBe('Pro');
  });

  test('reads the plan from the Keychain on macOS', async () => {
    const home = tempDir();
    const out = join(home, 'kc.json');
    writeFileSync(
      out,
      JSON.stringify({
        claudeAiOauth: credentialJson(canaryToken('kc'), NOW.getTime(), {
          subscriptionType: 'team',
          rateLimitTier: null,
        }),
      }),
    );
    const security = fakeExecutable(join(home, 'bin'), 'security', `cat '${out}'`);
    const plan = await detectSubscription({
      env: { USER: 'alice' },
      home,
      isMacOS: true,
      securityPath: security,
      now: () => NOW,
    });
    expect(plan).toEqual({ subscriptionType: 'team', rateLimitTier: null, label: 'Team', source: 'keychain' });
  });

  test('no credential, or a malformed one, is no plan', async () => {
    const home = tempDir();
    expect(await detectSubscription({ env: {}, home, isMacOS: false })).toBeNull();
    writeCredential(join(home, '.claude'), { accessToken: 42 });
    expect(await detectSubscription({ env: {}, home, isMacOS: false })).toBeNull();
  });

  test('a read already in flight is reused instead of reading again', async () => {
    const home = tempDir();
    const plan = await detectSubscription({
      env: {},
      home,
      isMacOS: false,
      credentialRead: Promise.resolve({ ok: false, failure: 'missing', origin: null }),
    });
    expect(plan).toBeNull();
  });
});
