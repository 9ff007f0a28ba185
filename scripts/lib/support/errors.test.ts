// What a caught value reads as in warnings and skip reasons.
import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { errorCodeOrMessage, errorMessage } from './errors.ts';

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('errorMessage', () => {
  test('reads an Error by its message and anything else as text', () => {
    expect(errorMessage(new TypeError('bad input'))).toBe('bad input');
    expect(errorMessage('plain string')).toBe('plain string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(null)).toBe('null');
  });
});

describe('errorCodeOrMessage', () => {
  test('prefers the system error code of a failed file operation', () => {
    expect(errorCodeOrMessage(thrownBy(() => readFileSync('/nonexistent/aios/file')))).toBe('ENOENT');
  });

  test('falls back to the message when there is no string code', () => {
    expect(errorCodeOrMessage(new Error('no code here'))).toBe('no code here');
    expect(errorCodeOrMessage(Object.assign(new Error('numeric code'), { code: 7 }))).toBe('numeric code');
    expect(errorCodeOrMessage(undefined)).toBe('undefined');
  });
});
