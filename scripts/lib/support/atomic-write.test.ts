// Atomic writes with real files: whole replacement, no temp file left behind, the previous file
// kept when a write fails.
import { describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';

describe('writeFileAtomic', () => {
  test('writes the file and leaves no temp file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aios-atomic-'));
    const path = join(dir, 'usage.json');
    writeFileAtomic(path, '{"a":1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(dir)).toEqual(['usage.json']);
  });

  test('replaces the previous file whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aios-atomic-'));
    const path = join(dir, 'usage.json');
    writeFileSync(path, 'old contents that are longer than the new ones');
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  test('keeps the previous file when the write fails before the rename', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aios-atomic-'));
    // A directory where the target should be makes the rename fail after the temp file is written.
    const path = join(dir, 'usage.json');
    mkdirSync(path);
    writeFileSync(join(path, 'keep'), 'previous');
    expect(() => writeFileAtomic(path, 'new')).toThrow();
    expect(readFileSync(join(path, 'keep'), 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['usage.json']);
  });

  test('creates missing parent folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aios-atomic-'));
    const path = join(dir, 'a', 'b', 'usage.json');
    writeFileAtomic(path, 'x');
    expect(readFileSync(path, 'utf8')).toBe('x');
  });
});
