// Atomic writes with real files: whole replacement, no temp file left behind, the previous file
// kept when a write fails, the mode asked for, with or without the flush to disk.
import { afterAll, describe, expect, test } from 'bun:test';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotARegularFileError, refusalToReplace, writeFileAtomic } from './atomic-write.ts';

const base = mkdtempSync(join(tmpdir(), 'aios-atomic-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const tempDir = () => mkdtempSync(join(base, 'case-'));

describe('writeFileAtomic', () => {
  test('writes the file and leaves no temp file behind', () => {
    const dir = tempDir();
    const path = join(dir, 'usage.json');
    writeFileAtomic(path, '{"a":1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(dir)).toEqual(['usage.json']);
  });

  test('replaces the previous file whole', () => {
    const dir = tempDir();
    const path = join(dir, 'usage.json');
    writeFileSync(path, 'old contents that are longer than the new ones');
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  test('keeps the previous file when the write fails before the rename', () => {
    const dir = tempDir();
    // A directory where the target should be: refused before anything is written.
    const path = join(dir, 'usage.json');
    mkdirSync(path);
    writeFileSync(join(path, 'keep'), 'previous');
    expect(() => writeFileAtomic(path, 'new')).toThrow();
    expect(readFileSync(join(path, 'keep'), 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['usage.json']);
  });

  test('creates missing parent folders', () => {
    const dir = tempDir();
    const path = join(dir, 'a', 'b', 'usage.json');
    writeFileAtomic(path, 'x');
    expect(readFileSync(path, 'utf8')).toBe('x');
  });

  test('gives a new file the mode asked for, 0644 by default', () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, 'shared.json'), 'x');
    writeFileAtomic(join(dir, 'private.bin'), 'x', { mode: 0o600 });
    expect(statSync(join(dir, 'shared.json')).mode & 0o777).toBe(0o644);
    expect(statSync(join(dir, 'private.bin')).mode & 0o777).toBe(0o600);
  });

  test('without the flush to disk (a rebuildable cache file) it still replaces whole, bytes included', () => {
    const dir = tempDir();
    const path = join(dir, 'memo.bin');
    writeFileAtomic(path, new Uint8Array([1, 2, 3, 4]), { mode: 0o600, fsync: false });
    writeFileAtomic(path, new Uint8Array([9, 8]), { mode: 0o600, fsync: false });
    expect([...readFileSync(path)]).toEqual([9, 8]);
    expect(readdirSync(dir)).toEqual(['memo.bin']);
  });

  test('refuses to replace a FIFO or a symlink to one, and leaves both as they were', () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe');
    expect(Bun.spawnSync(['mkfifo', fifo]).exitCode).toBe(0);
    const link = join(dir, 'link');
    symlinkSync(fifo, link);
    expect(() => writeFileAtomic(fifo, 'x')).toThrow(NotARegularFileError);
    expect(() => writeFileAtomic(link, 'x')).toThrow('it is a symlink to a FIFO');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['link', 'pipe']);
  });

  test('a regular file, a symlink to one, a dangling symlink and a missing file may be replaced', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    symlinkSync(join(dir, 'file'), join(dir, 'to-file'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    for (const name of ['file', 'to-file', 'dangling', 'missing']) expect(refusalToReplace(join(dir, name))).toBeNull();
    expect(refusalToReplace(dir)).toBe('it is a directory');
    expect(refusalToReplace('/dev/null')).toBe('it is a character device');
  });
});
