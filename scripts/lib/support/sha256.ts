// SHA-256 as hex through Bun's native hasher: node:crypto would cost every command its module
// load (several ms at start-up) for two small digests (the token's key, the Keychain suffix).

/** The lowercase hex SHA-256 of `text` (UTF-8). @example sha256Hex('abc').slice(0, 8) // 'ba7816bf' */
export function sha256Hex(text: string): string {
  return new Bun.CryptoHasher('sha256').update(text).digest('hex');
}
