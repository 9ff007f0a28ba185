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
