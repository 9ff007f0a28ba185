// The metrics token file is refused when missing, empty, short, odd or readable by others, and once
// accepted is redacted; the bearer check takes only the exact token.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redact } from '../support/redaction.ts';
import { bearerCheck, readBearerTokenFile } from './bearer-token.ts';

const TOKEN = 'FAKE-metrics-token-0123456789abcdef';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-token-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A file under this file's temp dir holding `text` with `mode`. */
function tokenFile(name: string, text: string, mode = 0o600): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
  return file;
}

describe('readBearerTokenFile', () => {
  test('reads the token (trimmed, like Prometheus does) and registers it for redaction', () => {
    const file = tokenFile('good', `${TOKEN}\n`);
    expect(readBearerTokenFile(file)).toEqual({ ok: true, token: TOKEN });
    expect(redact(`Authorization: ${TOKEN}`)).toBe('Authorization: [REDACTED]');
  });

  test('refuses a missing, empty, short, multi-word or oversized file, and a directory', () => {
    const cases: [string, string][] = [
      [path.join(root, 'absent'), 'no such file'],
      [tokenFile('empty', '  \n'), 'empty'],
      [tokenFile('short', 'abc123\n'), 'shorter than 16 characters'],
      [tokenFile('two-words', `${TOKEN} ${TOKEN}\n`), 'one word'],
      [tokenFile('big', 'x'.repeat(5000)), 'not a token file'],
      [root, 'not a regular file'],
    ];
    for (const [file, why] of cases) {
      const read = readBearerTokenFile(file);
      expect({ file, read }).toEqual({
        file,
        read: { ok: false, message: expect.stringContaining(`--metrics-token-file ${file}: `) },
      });
      expect({ file, message: read.ok ? '' : read.message }).toEqual({ file, message: expect.stringContaining(why) });
    }
  });

  test('a FIFO given as the token file is refused at once, not waited on', () => {
    const fifo = path.join(root, 'fifo');
    expect(Bun.spawnSync(['mkfifo', fifo]).exitCode).toBe(0);
    // In a child with a deadline: an open that blocks would hang this whole test process.
    const probe =
      `const { readBearerTokenFile } = await import(${JSON.stringify(path.join(import.meta.dir, 'bearer-token.ts'))});` +
      `console.log(JSON.stringify(readBearerTokenFile(${JSON.stringify(fifo)})));`;
    const run = Bun.spawnSync([process.execPath, '-e', probe], { timeout: 4_000 });
    expect(run.signalCode ?? null).toBeNull();
    expect(JSON.parse(run.stdout.toString())).toEqual({
      ok: false,
      message: `--metrics-token-file ${fifo}: not a regular file`,
    });
  });

  test('refuses a file that group or others may read or write, and says how to fix it', () => {
    for (const mode of [0o640, 0o604, 0o620, 0o602, 0o644]) {
      const file = tokenFile(`mode-${mode.toString(8)}`, TOKEN, mode);
      expect(readBearerTokenFile(file)).toEqual({
        ok: false,
        message: `--metrics-token-file ${file}: other users may read or change it (mode ${mode.toString(8)}); run: chmod 600 ${file}`,
      });
    }
    // Windows has no such mode bits to check.
    expect(readBearerTokenFile(tokenFile('mode-win', TOKEN, 0o644), 'win32')).toEqual({ ok: true, token: TOKEN });
    expect(readBearerTokenFile(tokenFile('mode-400', TOKEN, 0o400))).toEqual({ ok: true, token: TOKEN });
  });
});

describe('bearerCheck', () => {
  test('accepts exactly "Bearer <token>" (scheme in any case), nothing else', () => {
    const authorized = bearerCheck(TOKEN);
    expect(authorized(`Bearer ${TOKEN}`)).toBe(true);
    expect(authorized(`bearer ${TOKEN}`)).toBe(true);
    for (const bad of [
      null,
      '',
      'Bearer',
      'Bearer ',
      TOKEN,
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN} extra`,
    ]) {
      expect({ bad, ok: authorized(bad) }).toEqual({ bad, ok: false });
    }
  });
});
