// The redaction set: token shapes, run-time secrets, Bearer headers, and the logger that uses it.
import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { log, setLogSink } from './log.ts';
import { clearSecretsForTests, redact, redactError, registerSecret } from './redaction.ts';

afterEach(() => clearSecretsForTests());

describe('redact', () => {
  test('removes every Anthropic token shape (shared doc §4)', () => {
    const text = [
      'access sk-ant-oat01-FAKE-CANARY-abc_DEF-123',
      'refresh sk-ant-ort01-FAKE-CANARY-zzz',
      'key sk-ant-api03-FAKE-CANARY-k',
      'cookie sk-ant-sid01-FAKE-CANARY-c',
      'future sk-ant-xyz-FAKE',
    ].join('\n');
    const out = redact(text);
    expect(out).not.toContain('sk-ant-');
    expect(out).not.toContain('CANARY');
    expect(out.match(/\[REDACTED\]/g)).toHaveLength(5);
  });

  test('removes a registered secret of any shape, wherever it appears', () => {
    registerSecret('opaque-FAKE-secret-value');
    expect(redact('x=opaque-FAKE-secret-value;y=opaque-FAKE-secret-value')).toBe('x=[REDACTED];y=[REDACTED]');
  });

  test('removes a registered secret also in its JSON-escaped form (quotes or backslashes inside)', () => {
    const secret = 'opaque"FAKE\\secret-value';
    registerSecret(secret);
    const json = JSON.stringify({ message: `rejected ${secret}` });
    expect(redact(json)).toBe('{"message":"rejected [REDACTED]"}');
    expect(redact(`raw ${secret}`)).toBe('raw [REDACTED]');
  });

  test('removes Bearer credentials echoed back in errors', () => {
    expect(redact('sent Authorization: Bearer abcdefgh12345678')).toBe('sent Authorization: Bearer [REDACTED]');
  });

  test('leaves ordinary text alone and ignores too-short "secrets"', () => {
    registerSecret('abc');
    registerSecret(null);
    registerSecret(undefined);
    expect(redact('abc is fine; sk-ant is just a prefix')).toBe('abc is fine; sk-ant is just a prefix');
  });

  test('redactError redacts thrown errors and non-errors alike', () => {
    registerSecret('opaque-FAKE-secret-value');
    expect(redactError(new Error('failed with opaque-FAKE-secret-value'))).toBe('failed with [REDACTED]');
    expect(redactError('sk-ant-oat01-FAKE-CANARY-x')).toBe('[REDACTED]');
  });
});

describe('redact: fragments and tails of a token', () => {
  const TOKEN = 'sk-ant-oat01-FAKE-CANARY-fragment-0123456789abcdefABCDEF_-xyz';
  /** Every substring of `secret` that is `n` characters long. */
  const fragmentsOf = (secret: string, n = 12) =>
    Array.from({ length: secret.length - n + 1 }, (_, i) => secret.slice(i, i + n));
  const survivors = (text: string, secret: string) => fragmentsOf(secret).filter((f) => text.includes(f));

  test('removes the token minus its leading "s", or any piece of 12 characters or more of it', () => {
    registerSecret(TOKEN);
    for (const piece of [TOKEN.slice(1), TOKEN.slice(5, 30), TOKEN.slice(-12), TOKEN.slice(20, 32)]) {
      const out = redact(`{"display_name":"echo ${piece} echo"}`);
      expect(survivors(out, TOKEN)).toEqual([]);
      expect(out).toStartWith('{"display_name":"echo [REDACTED]');
    }
  });

  test('an 11-character piece is ordinary text, and so is everything around a redacted piece', () => {
    registerSecret(TOKEN);
    const eleven = TOKEN.slice(30, 41);
    expect(redact(`x ${eleven} y`)).toBe(`x ${eleven} y`);
    expect(redact(`before ${TOKEN.slice(13, 40)} after`)).toBe('before [REDACTED] after');
  });

  test('two pieces side by side, or overlapping copies, leave no fragment', () => {
    registerSecret(TOKEN);
    const text = TOKEN.slice(3, 20) + TOKEN.slice(10, 40) + '|' + TOKEN.slice(1) + TOKEN;
    expect(survivors(redact(text), TOKEN)).toEqual([]);
  });

  test('catches token tails by their shape, without any registration', () => {
    const tail = 'FAKE-CANARY-tail-0123456789abcdef';
    for (const text of [`k-ant-oat01-${tail}`, `ant-oat01-${tail}`, `-ant-ort01-${tail}`, `oat01-${tail}`]) {
      expect(redact(`name: ${text}.`)).toBe('name: [REDACTED].');
    }
    // A short tag-shaped word is not a token.
    expect(redact('see api03-v2 and relevant-data-flow')).toBe('see api03-v2 and relevant-data-flow');
  });

  test('a 2 MB document with no secret in it comes back unchanged', () => {
    registerSecret(TOKEN);
    registerSecret('another-FAKE-secret-that-is-long-enough');
    const doc = JSON.stringify({
      rows: Array.from({ length: 20_000 }, (_, i) => ({ i, project: `p-${i}-abcdefghijklmnopqrstuvwxyz0123456789` })),
    });
    expect(doc.length).toBeGreaterThan(1 << 20);
    expect(redact(doc)).toBe(doc);
  });
});

describe('log', () => {
  const lines: string[] = [];
  let restore: ((line: string) => void) | null = null;
  beforeEach(() => {
    lines.length = 0;
    restore = setLogSink((l) => lines.push(l));
  });
  afterEach(() => {
    if (restore) setLogSink(restore);
  });

  test('every log line passes through redaction', () => {
    registerSecret('opaque-FAKE-secret-value');
    log.warn('token opaque-FAKE-secret-value and sk-ant-oat01-FAKE-CANARY-log');
    log.error('Bearer abcdefgh12345678');
    expect(lines).toEqual(['aios warn: token [REDACTED] and [REDACTED]', 'aios error: Bearer [REDACTED]']);
  });
});
