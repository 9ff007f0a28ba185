// The secret of the remote metrics listener (`--metrics-token-file`): read from a file only its owner
// may read, registered for redaction, and compared with a request's bearer token in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { errorCodeOrMessage } from '../support/errors.ts';
import { registerSecret } from '../support/redaction.ts';
import { readSmallFile } from '../support/small-file.ts';

/** Shorter tokens are refused: guessable, and below what the redaction set will hide. */
export const MIN_TOKEN_LENGTH = 16;
/** A token file is one line; anything bigger is the wrong file. */
const MAX_TOKEN_FILE_BYTES = 4096;

export type TokenFileResult = { ok: true; token: string } | { ok: false; message: string };

const HOW_TO = 'create one with: openssl rand -hex 32 > FILE && chmod 600 FILE';

/**
 * The token in `file`: one line (surrounding whitespace trimmed, as Prometheus's `credentials_file`
 * does), in a regular file that neither group nor others may read or write (POSIX modes only).
 * The token is registered with the redaction set before it is returned.
 *
 * @example const read = readBearerTokenFile('/etc/aios/metrics.token'); if (!read.ok) log.error(read.message);
 */
export function readBearerTokenFile(file: string, platform: NodeJS.Platform = process.platform): TokenFileResult {
  const fail = (why: string): TokenFileResult => ({ ok: false, message: `--metrics-token-file ${file}: ${why}` });
  const read = readSmallFile(file, MAX_TOKEN_FILE_BYTES);
  if ('error' in read)
    return fail(
      read.failure === 'missing' ? `no such file (${HOW_TO})` : `cannot be read (${errorCodeOrMessage(read.error)})`,
    );
  // The open file is checked, not the name: it cannot be swapped between the check and the read.
  if (!read.stat.isFile()) return fail('not a regular file');
  if (platform !== 'win32' && (read.stat.mode & 0o077) !== 0) {
    const mode = (read.stat.mode & 0o777).toString(8).padStart(3, '0');
    return fail(`other users may read or change it (mode ${mode}); run: chmod 600 ${file}`);
  }
  if (!read.ok) return fail(`larger than ${MAX_TOKEN_FILE_BYTES} bytes: not a token file`);
  const text = read.bytes.toString('utf8');
  const token = text.trim();
  if (token === '') return fail(`empty (${HOW_TO})`);
  if (/[\s\p{C}]/u.test(token)) return fail('the token must be one word, without spaces or control characters');
  if (token.length < MIN_TOKEN_LENGTH) {
    return fail(`the token is shorter than ${MIN_TOKEN_LENGTH} characters (${HOW_TO})`);
  }
  registerSecret(token);
  return { ok: true, token };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * A check of a request's Authorization header against `token`. Both sides are hashed first, so the
 * comparison takes the same time whatever the length or content of the guess.
 *
 * @example const authorized = bearerCheck(token); authorized(request.headers.get('authorization'));
 */
export function bearerCheck(token: string): (authorization: string | null) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const presented = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1] ?? '';
    // A missing or malformed header is compared too, so it takes as long as a wrong token.
    const same = timingSafeEqual(digest(presented), expected);
    return same && presented !== '';
  };
}
