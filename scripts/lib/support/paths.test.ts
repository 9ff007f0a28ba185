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

  test('a name that starts with two dots is inside (`..u.json`, `..k`), `..` itself is not', () => {
    expect(isInsideAny(join(claude, '..u.json'), [claude])).toBe(true);
    expect(isInsideAny(`${claude}/..k/scan-cache.sqlite`, [claude])).toBe(true);
    expect(isInsideAny(`${claude}/...`, [claude])).toBe(true);
    expect(isInsideAny(`${claude}/..`, [claude])).toBe(false);
    expect(isInsideAny(`${claude}/projects/../../x`, [claude])).toBe(false);
  });

  test('`..` after a symlink climbs from where the link points, as the kernel does', () => {
    const jump = join(root, 'jump');
    symlinkSync(join(claude, 'projects'), jump);
    // Lexically root/x; on disk the parent of claude/projects, i.e. claude/x.
    expect(isInsideAny(`${jump}/../x.json`, [claude])).toBe(true);
    expect(isInsideAny(`${jump}/../../x.json`, [claude])).toBe(false);
  });

  test('a relative symlink, a dangling one into the dir, and a loop', () => {
    const rel = join(root, 'rel');
    symlinkSync('.claude/projects', rel);
    expect(isInsideAny(join(rel, 'a'), [claude])).toBe(true);
    // From the fuzz net (seed -300725886): `..` after a relative link, then a name and `..` again,
    // lands in the config dir; fs.realpathSync would have dropped the `..` from the text first.
    expect(isInsideAny(`${rel}/../lcfg/..//`, [claude])).toBe(true);
    const dangling = join(root, 'dangling');
    symlinkSync(join(claude, 'not-yet'), dangling);
    expect(isInsideAny(join(dangling, 'a'), [claude])).toBe(true);
    const loop = join(root, 'loop');
    symlinkSync(loop, loop);
    // Nothing can be written through a loop; the guard does not claim it is safe.
    expect(isInsideAny(join(loop, 'a'), [claude])).toBe(true);
  });

  test('trailing slashes, `.` and repeated slashes change nothing', () => {
    expect(isInsideAny(`${claude}/`, [claude])).toBe(true);
    expect(isInsideAny(`${claude}//./projects//`, [`${claude}/`])).toBe(true);
    expect(isInsideAny(`${root}//.claude-other/`, [`${claude}//`])).toBe(false);
  });
});
