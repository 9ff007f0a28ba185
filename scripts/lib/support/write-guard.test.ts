// The one write guard: which dirs it protects, the refusal for --out, and the cache and data dirs
// it hands out only when they lie outside every Claude Code config dir.
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogLines } from '../../../test/fixtures/log-capture.ts';
import { protectedConfigDirs, writableCacheDir, writableDataDir, writableDir, writeRefusal } from './write-guard.ts';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'aios-guard-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const home = join(root, 'home');
const cfg = join(root, 'cfg');
mkdirSync(join(cfg, 'projects'), { recursive: true });
mkdirSync(home, { recursive: true });

const logged = captureLogLines();

describe('protectedConfigDirs', () => {
  test('the named dirs and both default ones, with or without projects/', () => {
    expect(protectedConfigDirs({ CLAUDE_CONFIG_DIR: `${cfg}, ~/other` }, home)).toEqual([
      cfg,
      join(home, 'other'),
      join(home, '.config', 'claude'),
      join(home, '.claude'),
    ]);
    expect(protectedConfigDirs({ XDG_CONFIG_HOME: '/x' }, home)).toEqual(['/x/claude', join(home, '.claude')]);
  });
});

describe('writeRefusal', () => {
  const env = { CLAUDE_CONFIG_DIR: cfg };
  const refusal = `aios never writes inside a Claude Code config dir (${cfg})`;

  test('refuses a path inside a config dir, `..u.json` included, naming the dir', () => {
    expect(writeRefusal(join(cfg, '..u.json'), env, home)).toBe(refusal);
    expect(writeRefusal(join(cfg, 'x', 'y.json'), env, home)).toBe(refusal);
    // ~/.claude is protected even when CLAUDE_CONFIG_DIR points elsewhere and it has no projects/.
    expect(writeRefusal(join(home, '.claude', 'usage.json'), env, home)).toBe(
      `aios never writes inside a Claude Code config dir (${join(home, '.claude')})`,
    );
  });

  test('lets a path outside through, also a sibling whose name starts like the dir', () => {
    expect(writeRefusal(join(root, 'out', 'usage.json'), env, home)).toBeNull();
    expect(writeRefusal(`${cfg}-other/usage.json`, env, home)).toBeNull();
    expect(writeRefusal(`${cfg}/../usage.json`, env, home)).toBeNull();
  });
});

describe('writableCacheDir, writableDataDir, writableDir', () => {
  test('the dir when it is outside every config dir', () => {
    const env = { CLAUDE_CONFIG_DIR: cfg, AIOS_CACHE_DIR: join(root, 'cache'), AIOS_DATA_DIR: join(root, 'data') };
    expect(writableCacheDir(env, home)).toBe(join(root, 'cache'));
    expect(writableDataDir(env, home)).toBe(join(root, 'data'));
    expect(logged.lines).toEqual([]);
  });

  test('null, with one warning, for a dir inside one, however it is spelled', () => {
    const link = join(root, 'to-cfg');
    symlinkSync(cfg, link);
    for (const cache of [join(cfg, '..k'), join(cfg, 'aios'), join(link, 'aios'), join(cfg, 'projects', '..', 'c')]) {
      expect(writableCacheDir({ CLAUDE_CONFIG_DIR: cfg, AIOS_CACHE_DIR: cache }, home)).toBeNull();
    }
    expect(writableDataDir({ CLAUDE_CONFIG_DIR: cfg, AIOS_DATA_DIR: join(cfg, '..d') }, home)).toBeNull();
    expect(writableDataDir({ XDG_DATA_HOME: join(home, '.claude') }, home)).toBeNull();
    expect(
      logged.lines.filter((w) => w.includes('is not used: aios never writes inside a Claude Code config dir')),
    ).toHaveLength(6);
    // Said once per dir: `aios serve` asks every minute.
    writableCacheDir({ CLAUDE_CONFIG_DIR: cfg, AIOS_CACHE_DIR: join(cfg, 'aios') }, home);
    expect(logged.lines).toHaveLength(6);
  });

  test('writableDir passes null through, for callers that keep state in memory only', () => {
    expect(writableDir(null, {}, home, 'cache dir')).toBeNull();
  });
});
