// The native SHA-256 helper against known vectors (FIPS 180-2 and sha256sum), so the token keys and
// the Keychain service suffix stay what they were with node:crypto.
import { describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { sha256Hex } from './sha256.ts';

describe('sha256Hex', () => {
  test('known vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  test('equals node:crypto for UTF-8 text', () => {
    for (const text of ['/Users/dév/.claude', 'sk-ant-oat01-FAKE-CANARY-x', 'é\u0301 ☃ 𝄞'])
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
