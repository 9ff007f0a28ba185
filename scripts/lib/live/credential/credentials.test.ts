// Credential reader: real files in temp dirs, and a fake `security` executable spawned for real.
import { afterAll, afterEach, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canaryToken,
  credentialJson,
  fakeExecutable,
  HOUR,
  removeTempDirs,
  tempDir,
  writeCredential,
} from '../../../../test/fixtures/oauth-fixtures.ts';
import {
  credentialConfigDirs,
  keychainAccount,
  keychainService,
  MAX_CREDENTIAL_BYTES,
  readCredentialSources,
  type CredentialReadOptions,
} from './credentials.ts';
import { clearSecretsForTests, redact } from '../../support/redaction.ts';

const NOW = Date.parse('2026-11-28T12:00:00Z');
afterEach(() => clearSecretsForTests());
afterAll(() => removeTempDirs());

function linux(home: string, env: Record<string, string | undefined> = {}): CredentialReadOptions {
  return { env: { USER: 'alice', ...env }, home, isMacOS: false };
}

/** A fake `security` that records its arguments and prints `stdout` (or exits with `exit`). */
function fakeSecurity(dir: string, opts: { stdout?: string; exit?: number; sleep?: number } = {}) {
  mkdirSync(dir, { recursive: true });
  const record = join(dir, 'security-args');
  const payload = join(dir, 'security-out');
  writeFileSync(payload, opts.stdout ?? '');
  const path = fakeExecutable(
    dir,
    'security',
    [
      `printf '%s\\n' "$@" >> '${record}'`,
      `echo --- >> '${record}'`,
      // exec: the deadline's kill then ends the sleep itself, not just the shell around it.
      opts.sleep ? `exec sleep ${opts.sleep}` : '',
      opts.exit ? `exit ${opts.exit}` : `cat '${payload}'`,
    ].join('\n'),
  );
  const calls = (): string[][] =>
    existsSync(record)
      ? readFileSync(record, 'utf8')
          .split('---\n')
          .filter((c) => c !== '')
          .map((c) => c.trim().split('\n'))
      : [];
  return { path, calls };
}

describe('credentials file', () => {
  test('reads ~/.claude/.credentials.json and validates every field', async () => {
    const home = tempDir();
    const token = canaryToken('file');
    writeCredential(join(home, '.claude'), credentialJson(token, NOW));
    const read = await readCredentialSources(linux(home), NOW);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.credential.accessToken).toBe(token);
    expect(read.credential).toMatchObject({
      expiresAt: NOW + HOUR,
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: 'max',
      rateLimitTier: 'default_claude_max_20x',
      source: 'credentials-file',
      origin: join(home, '.claude', '.credentials.json'),
    });
    // Non-enumerable: serialising a credential by accident does not carry the token.
    expect(JSON.stringify(read.credential)).not.toContain('CANARY');
    expect(Bun.inspect(read.credential)).not.toContain('CANARY');
  });

  test('registers access and refresh tokens for redaction as soon as they are read', async () => {
    const home = tempDir();
    // Opaque tokens without the sk-ant shape: only registration can redact them.
    writeCredential(join(home, '.claude'), {
      accessToken: 'opaque-FAKE-access-0123456789',
      refreshToken: 'opaque-FAKE-refresh-0123456789',
      expiresAt: 'soon',
    });
    const read = await readCredentialSources(linux(home), NOW);
    expect(read.ok).toBe(false); // expiresAt has the wrong type, yet the tokens were registered first
    expect(redact('a opaque-FAKE-access-0123456789 b opaque-FAKE-refresh-0123456789')).toBe(
      'a [REDACTED] b [REDACTED]',
    );
  });

  test('uses only CLAUDE_CONFIG_DIR dirs when set, in order', async () => {
    const home = tempDir();
    const a = join(home, 'a');
    const b = join(home, 'b');
    writeCredential(join(home, '.claude'), credentialJson(canaryToken('home'), NOW));
    writeCredential(b, credentialJson(canaryToken('b'), NOW, { subscriptionType: 'pro' }));
    expect(credentialConfigDirs({ CLAUDE_CONFIG_DIR: ` ${a} , ${b} ` }, home)).toEqual([a, b]);
    const read = await readCredentialSources(linux(home, { CLAUDE_CONFIG_DIR: `${a},${b}` }), NOW);
    expect(read.ok && read.credential.origin).toBe(join(b, '.credentials.json'));
  });

  test('falls back to $XDG_CONFIG_HOME/claude when ~/.claude has no credential', async () => {
    const home = tempDir();
    const xdg = join(home, 'xdg');
    writeCredential(join(xdg, 'claude'), credentialJson(canaryToken('xdg'), NOW));
    const read = await readCredentialSources(linux(home, { XDG_CONFIG_HOME: xdg }), NOW);
    expect(read.ok && read.credential.origin).toBe(join(xdg, 'claude', '.credentials.json'));
  });

  test('reads ~/.claude before the XDG dir, where Claude Code writes the credential', async () => {
    const home = tempDir();
    const xdg = join(home, 'xdg');
    expect(credentialConfigDirs({ XDG_CONFIG_HOME: xdg }, home)).toEqual([join(home, '.claude'), join(xdg, 'claude')]);
    writeCredential(join(home, '.claude'), credentialJson(canaryToken('home'), NOW));
    writeCredential(join(xdg, 'claude'), credentialJson(canaryToken('xdg'), NOW));
    const read = await readCredentialSources(linux(home, { XDG_CONFIG_HOME: xdg }), NOW);
    expect(read.ok && read.credential.origin).toBe(join(home, '.claude', '.credentials.json'));
  });

  test('ignores a relative XDG_CONFIG_HOME (XDG spec), as the log scan does', async () => {
    const home = tempDir();
    expect(credentialConfigDirs({ XDG_CONFIG_HOME: 'xdg' }, home)).toEqual([
      join(home, '.claude'),
      join(home, '.config', 'claude'),
    ]);
    writeCredential(join(home, '.config', 'claude'), credentialJson(canaryToken('cfg'), NOW));
    const read = await readCredentialSources(linux(home, { XDG_CONFIG_HOME: 'xdg' }), NOW);
    expect(read.ok && read.credential.origin).toBe(join(home, '.config', 'claude', '.credentials.json'));
  });

  test('expands ~ in CLAUDE_CONFIG_DIR and reads at most 8 of its dirs', () => {
    const home = tempDir();
    expect(credentialConfigDirs({ CLAUDE_CONFIG_DIR: '~/cc' }, home)).toEqual([join(home, 'cc')]);
    const many = Array.from({ length: 12 }, (_, i) => join(home, `d${i}`));
    expect(credentialConfigDirs({ CLAUDE_CONFIG_DIR: many.join(',') }, home)).toEqual(many.slice(0, 8));
  });

  test('prefers an unexpired token over an expired one in another dir', async () => {
    const home = tempDir();
    writeCredential(join(home, '.claude'), credentialJson(canaryToken('old'), NOW, { expiresAt: NOW - HOUR }));
    writeCredential(join(home, '.config', 'claude'), credentialJson(canaryToken('new'), NOW));
    const read = await readCredentialSources(linux(home), NOW);
    expect(read.ok && read.credential.origin).toBe(join(home, '.config', 'claude', '.credentials.json'));
  });

  test('an expired credential is still returned (the caller skips the request)', async () => {
    const home = tempDir();
    writeCredential(join(home, '.claude'), credentialJson(canaryToken('exp'), NOW, { expiresAt: NOW - 1 }));
    const read = await readCredentialSources(linux(home), NOW);
    expect(read.ok && read.credential.expiresAt).toBe(NOW - 1);
  });

  test('no file anywhere is "missing"', async () => {
    expect(await readCredentialSources(linux(tempDir()), NOW)).toMatchObject({ ok: false, failure: 'missing' });
  });

  test('a file holding only mcpOAuth has no Claude credential', async () => {
    const home = tempDir();
    writeCredential(join(home, '.claude'), null, { mcpOAuth: { x: { accessToken: canaryToken('mcp') } } });
    expect(await readCredentialSources(linux(home), NOW)).toMatchObject({ ok: false, failure: 'missing' });
  });

  test('malformed JSON is "malformed", never a crash', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.claude'));
    writeFileSync(
      join(home, '.claude', '.credentials.json'),
      '{"claudeAiOauth": {"accessToken": "sk-ant-oat01-FAKE-CANARY-trunc',
    );
    expect(await readCredentialSources(linux(home), NOW)).toMatchObject({ ok: false, failure: 'malformed' });
  });

  const wrongTypes: [string, Record<string, unknown>][] = [
    ['accessToken is a number', { accessToken: 12345 }],
    ['accessToken is too short', { accessToken: 'short' }],
    ['accessToken holds a newline', { accessToken: 'sk-ant-oat01-FAKE-CANARY-x\r\nX-Evil: 1' }],
    ['expiresAt is a string', { expiresAt: '1700000000000' }],
    ['expiresAt is negative', { expiresAt: -5 }],
    ['scopes is a string', { scopes: 'user:profile' }],
    ['scopes holds a number', { scopes: ['user:profile', 7] }],
    ['refreshToken is an object', { refreshToken: {} }],
  ];
  for (const [name, override] of wrongTypes) {
    test(`rejects a credential whose ${name}`, async () => {
      const home = tempDir();
      writeCredential(join(home, '.claude'), credentialJson(canaryToken('wt'), NOW, override));
      expect(await readCredentialSources(linux(home), NOW)).toMatchObject({ ok: false, failure: 'malformed' });
    });
  }

  test('claudeAiOauth that is not an object is malformed', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.claude'));
    writeFileSync(join(home, '.claude', '.credentials.json'), '{"claudeAiOauth": ["x"]}');
    expect(await readCredentialSources(linux(home), NOW)).toMatchObject({ ok: false, failure: 'malformed' });
  });

  test('unknown or odd plan fields become null without rejecting the token', async () => {
    const home = tempDir();
    writeCredential(
      join(home, '.claude'),
      credentialJson(canaryToken('plan'), NOW, { subscriptionType: 'platinum', rateLimitTier: { x: 1 } }),
    );
    const read = await readCredentialSources(linux(home), NOW);
    expect(read.ok && [read.credential.subscriptionType, read.credential.rateLimitTier]).toEqual([null, null]);
  });

  test('a directory in place of the file is "not-a-file"', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.claude', '.credentials.json'), { recursive: true });
    expect(await readCredentialSources(linux(home), NOW)).toMatchObject({ ok: false, failure: 'not-a-file' });
  });

  test('a huge file is refused without being parsed', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.claude'));
    writeFileSync(join(home, '.claude', '.credentials.json'), '{"pad":"' + 'x'.repeat(MAX_CREDENTIAL_BYTES) + '"}');
    expect(await readCredentialSources(linux(home), NOW)).toMatchObject({ ok: false, failure: 'too-large' });
  });

  test('a FIFO in place of the file does not block the read', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.claude'));
    const made = Bun.spawnSync(['mkfifo', join(home, '.claude', '.credentials.json')]);
    if (made.exitCode !== 0) return; // no mkfifo on this system
    expect(await readCredentialSources(linux(home), NOW)).toMatchObject({ ok: false, failure: 'not-a-file' });
  });

  test('an unreadable file is "unreadable", for root too', async () => {
    const home = tempDir();
    // chmod 000 stops everyone but root (and these tests may run as root): a symlink loop stops
    // everyone, and opening it fails with ELOOP, which is neither "missing" nor a crash.
    mkdirSync(join(home, '.claude'));
    const path = join(home, '.claude', '.credentials.json');
    symlinkSync(path, path);
    expect(await readCredentialSources(linux(home), NOW)).toMatchObject({ ok: false, failure: 'unreadable' });
    if (process.getuid?.() === 0) return; // the mode check below means nothing to root
    const other = tempDir();
    const file = writeCredential(join(other, '.claude'), credentialJson(canaryToken('ro'), NOW));
    Bun.spawnSync(['chmod', '000', file]);
    expect(await readCredentialSources(linux(other), NOW)).toMatchObject({ ok: false, failure: 'unreadable' });
  });
});

describe('macOS Keychain', () => {
  test('service and account follow Claude Code (suffix for CLAUDE_CONFIG_DIR, safe account name)', () => {
    expect(keychainService(null)).toBe('Claude Code-credentials');
    // Expected values from `printf '%s' <path> | sha256sum | cut -c1-8`, not from the code under test.
    expect(keychainService('/Users/a/.claude-work')).toBe('Claude Code-credentials-c7ed87c8');
    // The path as given: a trailing slash is part of what Claude Code hashed.
    expect(keychainService('/Users/a/.claude-work/')).toBe('Claude Code-credentials-cb59a703');
    // NFC: "café" typed decomposed (e + U+0301) hashes like the composed é Claude Code uses.
    expect(keychainService('/Users/a/cafe\u0301')).toBe('Claude Code-credentials-6843ed82');
    expect(keychainService('/Users/a/caf\u00e9')).toBe('Claude Code-credentials-6843ed82');
    expect(keychainAccount({ USER: 'alice.b-c_1' })).toBe('alice.b-c_1');
    expect(keychainAccount({ USER: 'bob smith' })).toBe('claude-code-user');
    expect(keychainAccount({})).toBe('claude-code-user');
  });

  test('reads the Keychain item with the right -s/-a when no file exists', async () => {
    const home = tempDir();
    const token = canaryToken('kc');
    const sec = fakeSecurity(join(home, 'bin'), {
      stdout: JSON.stringify({ claudeAiOauth: credentialJson(token, NOW) }) + '\n',
    });
    const read = await readCredentialSources({ ...linux(home), isMacOS: true, securityPath: sec.path }, NOW);
    expect(read.ok && read.credential.source).toBe('keychain');
    expect(read.ok && read.credential.accessToken).toBe(token);
    expect(sec.calls()).toEqual([['find-generic-password', '-s', 'Claude Code-credentials', '-a', 'alice', '-w']]);
  });

  test('asks for the suffixed service per CLAUDE_CONFIG_DIR and the fallback account', async () => {
    const home = tempDir();
    const dir = join(home, 'work-claude');
    const sec = fakeSecurity(join(home, 'bin'), { exit: 44 });
    const opts = { env: { USER: 'bob smith', CLAUDE_CONFIG_DIR: dir }, home, isMacOS: true, securityPath: sec.path };
    expect(await readCredentialSources(opts, NOW)).toMatchObject({ ok: false, failure: 'missing' });
    const suffix = createHash('sha256').update(dir).digest('hex').slice(0, 8);
    expect(sec.calls()).toEqual([
      ['find-generic-password', '-s', `Claude Code-credentials-${suffix}`, '-a', 'claude-code-user', '-w'],
    ]);
  });

  test('hashes CLAUDE_CONFIG_DIR exactly as set, or each entry of a list, always with the account', async () => {
    const home = tempDir();
    const sec = fakeSecurity(join(home, 'bin'), { exit: 44 });
    const hash = (d: string) => `Claude Code-credentials-${createHash('sha256').update(d).digest('hex').slice(0, 8)}`;
    const one = `${join(home, 'one')}/`;
    await readCredentialSources(
      { env: { USER: 'alice', CLAUDE_CONFIG_DIR: one }, home, isMacOS: true, securityPath: sec.path },
      NOW,
    );
    const list = `${join(home, 'a')}, ${join(home, 'b')}`;
    await readCredentialSources(
      { env: { USER: 'alice', CLAUDE_CONFIG_DIR: list }, home, isMacOS: true, securityPath: sec.path },
      NOW,
    );
    expect(sec.calls()).toEqual([
      ['find-generic-password', '-s', hash(one), '-a', 'alice', '-w'],
      ['find-generic-password', '-s', hash(join(home, 'a')), '-a', 'alice', '-w'],
      ['find-generic-password', '-s', hash(join(home, 'b')), '-a', 'alice', '-w'],
    ]);
  });

  test('a live credentials file on macOS means the Keychain is not asked', async () => {
    const home = tempDir();
    writeCredential(join(home, '.claude'), credentialJson(canaryToken('live'), NOW));
    const sec = fakeSecurity(join(home, 'bin'), { exit: 44 });
    const read = await readCredentialSources({ ...linux(home), isMacOS: true, securityPath: sec.path }, NOW);
    expect(read.ok && read.credential.source).toBe('credentials-file');
    expect(sec.calls()).toEqual([]);
  });

  test('a stale file on macOS gives way to the live Keychain token', async () => {
    const home = tempDir();
    writeCredential(join(home, '.claude'), credentialJson(canaryToken('stale'), NOW, { expiresAt: NOW - HOUR }));
    const fresh = canaryToken('fresh');
    const sec = fakeSecurity(join(home, 'bin'), {
      stdout: JSON.stringify({ claudeAiOauth: credentialJson(fresh, NOW) }),
    });
    const read = await readCredentialSources({ ...linux(home), isMacOS: true, securityPath: sec.path }, NOW);
    expect(read.ok && read.credential.accessToken).toBe(fresh);
  });

  test('concurrent readers (plan and usage) share one Keychain lookup; a later read asks again', async () => {
    const home = tempDir();
    const sec = fakeSecurity(join(home, 'bin'), {
      stdout: JSON.stringify({ claudeAiOauth: credentialJson(canaryToken('shared'), NOW) }),
    });
    const opts = { ...linux(home), isMacOS: true, securityPath: sec.path };
    const [a, b] = await Promise.all([readCredentialSources(opts, NOW), readCredentialSources(opts, NOW)]);
    expect(a.ok && b.ok).toBe(true);
    expect(sec.calls()).toHaveLength(1);
    await readCredentialSources(opts, NOW);
    expect(sec.calls()).toHaveLength(2);
  });

  test('a Keychain that hangs is given up after the deadline', async () => {
    const home = tempDir();
    const sec = fakeSecurity(join(home, 'bin'), { sleep: 30 });
    const opts = { ...linux(home), isMacOS: true, securityPath: sec.path, keychainTimeoutMs: 300 };
    expect(await readCredentialSources(opts, NOW)).toMatchObject({ ok: false, failure: 'keychain-timeout' });
  });

  test('garbage from security is malformed', async () => {
    const home = tempDir();
    const sec = fakeSecurity(join(home, 'bin'), { stdout: '7b22636c61756465\n' });
    const opts = { ...linux(home), isMacOS: true, securityPath: sec.path };
    expect(await readCredentialSources(opts, NOW)).toMatchObject({ ok: false, failure: 'malformed' });
  });

  test('on Linux `security` is never run, even when it is on PATH and no file exists', async () => {
    const home = tempDir();
    const bin = join(home, 'bin');
    const sec = fakeSecurity(bin, {
      stdout: JSON.stringify({ claudeAiOauth: credentialJson(canaryToken('nope'), NOW) }),
    });
    const read = await readCredentialSources({ ...linux(home, { PATH: bin }), securityPath: sec.path }, NOW);
    expect(read).toMatchObject({ ok: false, failure: 'missing' });
    expect(sec.calls()).toEqual([]);
  });
});
