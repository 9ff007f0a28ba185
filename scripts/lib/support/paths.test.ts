// Where aios keeps its cache (AIOS_CACHE_DIR, XDG, ~/.cache) and the check that it never writes
// inside a Claude Code config dir, symlinks included.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInsideAny, resolveAiosCacheDir, resolveAiosDataDir } from './paths.ts';

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

describe('resolveAiosDataDir', () => {
  test('prefers AIOS_DATA_DIR, then XDG_DATA_HOME/aios, then ~/.local/share/aios, never the cache dir', () => {
    expect(resolveAiosDataDir({ AIOS_DATA_DIR: '/d/aios', XDG_DATA_HOME: '/x' }, '/h')).toBe('/d/aios');
    expect(resolveAiosDataDir({ XDG_DATA_HOME: '/x', AIOS_CACHE_DIR: '/c' }, '/h')).toBe('/x/aios');
    expect(resolveAiosDataDir({ AIOS_DATA_DIR: ' ', XDG_DATA_HOME: 'rel', AIOS_CACHE_DIR: '/c' }, '/h')).toBe(
      '/h/.local/share/aios',
    );
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
