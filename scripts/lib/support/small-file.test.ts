// Small files read whole: a regular file's bytes, and a clear failure for anything else, a FIFO
// (which must not hang the read), a directory, a file past the cap, a missing or unreadable one.
import { afterAll, describe, expect, test } from 'bun:test';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSmallFile } from './small-file.ts';

const root = mkdtempSync(join(tmpdir(), 'aios-small-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readSmallFile', () => {
  test('a regular file (or a link to one) up to the cap: its bytes and its stat', () => {
    const file = join(root, 'state.json');
    writeFileSync(file, '{"a":1}');
    symlinkSync(file, join(root, 'link.json'));
    for (const path of [file, join(root, 'link.json')]) {
      const read = readSmallFile(path, 7);
      if (!read.ok) throw new Error(`expected the file, got ${read.failure}`);
      expect([read.bytes.toString('utf8'), read.stat.size]).toEqual(['{"a":1}', 7]);
    }
    writeFileSync(join(root, 'empty'), '');
    expect(readSmallFile(join(root, 'empty'), 7)).toMatchObject({ ok: true, bytes: Buffer.alloc(0) });
  });

  test('with noFollow, a link in the file’s place is refused, whatever it points at', () => {
    const file = join(root, 'own.json');
    writeFileSync(file, '{}');
    symlinkSync(file, join(root, 'own-link.json'));
    expect(readSmallFile(file, 7, { noFollow: true })).toMatchObject({ ok: true });
    expect(readSmallFile(join(root, 'own-link.json'), 7, { noFollow: true })).toMatchObject({
      ok: false,
      failure: 'unreadable',
    });
  });

  test('past the cap: too large, with the stat', () => {
    writeFileSync(join(root, 'big'), 'x'.repeat(8));
    expect(readSmallFile(join(root, 'big'), 7)).toMatchObject({ ok: false, failure: 'too-large', stat: { size: 8 } });
  });

  test('a FIFO or a directory in the file’s place is not a file, at once', () => {
    const fifo = join(root, 'fifo');
    expect(Bun.spawnSync(['mkfifo', fifo]).exitCode).toBe(0);
    mkdirSync(join(root, 'dir'));
    for (const path of [fifo, join(root, 'dir'), '/dev/null'])
      expect([path, readSmallFile(path, 1024)]).toMatchObject([path, { ok: false, failure: 'not-a-file' }]);
  });

  test('missing (also below a file), or unreadable', () => {
    expect(readSmallFile(join(root, 'nothing'), 7)).toMatchObject({ ok: false, failure: 'missing' });
    expect(readSmallFile(join(root, 'big', 'below'), 7)).toMatchObject({ ok: false, failure: 'missing' });
    const locked = join(root, 'locked');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    const read = readSmallFile(locked, 7);
    chmodSync(locked, 0o600);
    // Root reads it all the same.
    if (process.getuid?.() !== 0) expect(read).toMatchObject({ ok: false, failure: 'unreadable' });
    else expect(read.ok).toBe(true);
  });
});
