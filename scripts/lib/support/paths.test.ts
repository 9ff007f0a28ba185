// Where aios keeps its cache (AIOS_CACHE_DIR, XDG, ~/.cache) and the check that it never writes
// inside a Claude Code config dir, symlinks included.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInsideAny, resolveAiosCacheDir } from './paths.ts';

describe('resolveAiosCacheDir', () => {
  test('prefers AIOS_CACHE_DIR, then XDG_CACHE_HOME/aios, then ~/.cache/aios', () => {
    expect(resolveAiosCacheDir({ AIOS_CACHE_DIR: '/c/aios', XDG_CACHE_HOME: '/x' }, '/h')).toBe('/c/aios');
    expect(resolveAiosCacheDir({ XDG_CACHE_HOME: '/x' }, '/h')).toBe('/x/aios');
    expect(resolveAiosCacheDir({ AIOS_CACHE_DIR: ' ', XDG_CACHE_HOME: '' }, '/h')).toBe('/h/.cache/aios');
  });

  test('ignores a relative XDG_CACHE_HOME as the XDG spec requires', () => {
    expect(resolveAiosCacheDir({ XDG_CACHE_HOME: 'cache' }, '/h')).toBe('/h/.cache/aios');
  });
});

describe('isInsideAny', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'aios-inside-')));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const claude = join(root, '.claude');
  mkdirSync(join(claude, 'projects'), { recursive: true });

  test('catches the dir itself and anything below it, existing or not', () => {
    expect(isInsideAny(claude, [claude])).toBe(true);
    expect(isInsideAny(join(claude, 'cache', 'aios'), [claude])).toBe(true);
    expect(isInsideAny(join(root, '.claude-other'), [claude])).toBe(false);
    expect(isInsideAny(join(root, '.cache', 'aios'), [claude])).toBe(false);
  });

  test('catches a path that reaches a config dir through a symlink', () => {
    const link = join(root, 'sneaky');
    symlinkSync(claude, link);
    expect(isInsideAny(join(link, 'aios-cache'), [claude])).toBe(true);
  });
});
