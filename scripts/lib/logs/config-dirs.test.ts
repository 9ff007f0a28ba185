// Finding Claude Code's config dirs with real temp dirs: the CLAUDE_CONFIG_DIR list, missing
// projects/ folders, the two defaults, and the one reading of the variables that the credential shares.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs } from '../../../test/fixtures/claude-log-fixtures.ts';
import { claudeConfigDirCandidates, resolveClaudeConfigDirs, splitConfigDirList } from './config-dirs.ts';

afterAll(removeTempDirs);

function tempHome(): string {
  return realpathSync(makeTempDir('aios-home-'));
}
function withProjects(dir: string): string {
  mkdirSync(join(dir, 'projects'), { recursive: true });
  return dir;
}

describe('claudeConfigDirCandidates', () => {
  test('CLAUDE_CONFIG_DIR entries only, trimmed, ~ expanded and resolved, nothing checked on disk', () => {
    expect(claudeConfigDirCandidates({ CLAUDE_CONFIG_DIR: ' /a/b/ , ,~/cc,~', XDG_CONFIG_HOME: '/x' }, '/h')).toEqual({
      explicit: true,
      dirs: ['/a/b', '/h/cc', '/h'],
    });
  });

  test('without it: $XDG_CONFIG_HOME/claude, then ~/.claude', () => {
    expect(claudeConfigDirCandidates({ XDG_CONFIG_HOME: ' /x ', CLAUDE_CONFIG_DIR: ' ' }, '/h')).toEqual({
      explicit: false,
      dirs: ['/x/claude', '/h/.claude'],
    });
    expect(claudeConfigDirCandidates({}, '/h').dirs).toEqual(['/h/.config/claude', '/h/.claude']);
  });

  test('a relative XDG_CONFIG_HOME is ignored, as the XDG spec says', () => {
    for (const xdg of ['relative/xdg', './xdg', '~/xdg', ''])
      expect({ xdg, dirs: claudeConfigDirCandidates({ XDG_CONFIG_HOME: xdg }, '/h').dirs }).toEqual({
        xdg,
        dirs: ['/h/.config/claude', '/h/.claude'],
      });
  });

  test('splitConfigDirList keeps the entries as written', () => {
    expect(splitConfigDirList(' ~/a/ ,, b ,')).toEqual(['~/a/', 'b']);
  });
});

describe('resolveClaudeConfigDirs', () => {
  test('uses only the comma-separated CLAUDE_CONFIG_DIR list when set, in order', () => {
    const home = tempHome();
    withProjects(join(home, '.claude'));
    const a = withProjects(join(home, 'a'));
    const b = withProjects(join(home, 'b'));
    const r = resolveClaudeConfigDirs({ CLAUDE_CONFIG_DIR: ` ${b}, ,${a} ` }, home);
    expect(r).toEqual({ dirs: [b, a], explicit: true, missing: [] });
  });

  test('reports explicitly named dirs without projects/ as missing', () => {
    const home = tempHome();
    const good = withProjects(join(home, 'good'));
    const bare = join(home, 'bare');
    mkdirSync(bare);
    const r = resolveClaudeConfigDirs({ CLAUDE_CONFIG_DIR: `${good},${bare},${join(home, 'nope')}` }, home);
    expect(r.dirs).toEqual([good]);
    expect(r.missing).toEqual([bare, join(home, 'nope')]);
  });

  test('defaults to ~/.config/claude and ~/.claude, keeping only those with projects/', () => {
    const home = tempHome();
    const xdg = withProjects(join(home, '.config', 'claude'));
    mkdirSync(join(home, '.claude')); // no projects/: not a log dir
    expect(resolveClaudeConfigDirs({}, home)).toEqual({ dirs: [xdg], explicit: false, missing: [] });
    const legacy = withProjects(join(home, '.claude'));
    expect(resolveClaudeConfigDirs({ CLAUDE_CONFIG_DIR: '  ' }, home).dirs).toEqual([xdg, legacy]);
  });

  test('honours XDG_CONFIG_HOME and ignores a relative one', () => {
    const home = tempHome();
    const xdgHome = join(home, 'xdg');
    const xdg = withProjects(join(xdgHome, 'claude'));
    expect(resolveClaudeConfigDirs({ XDG_CONFIG_HOME: xdgHome }, home).dirs).toEqual([xdg]);
    const fallback = withProjects(join(home, '.config', 'claude'));
    expect(resolveClaudeConfigDirs({ XDG_CONFIG_HOME: 'relative/xdg' }, home).dirs).toEqual([fallback]);
  });

  test('deduplicates dirs that are the same place through a symlink', () => {
    const home = tempHome();
    const real = withProjects(join(home, '.claude'));
    mkdirSync(join(home, '.config'));
    symlinkSync(real, join(home, '.config', 'claude'));
    expect(resolveClaudeConfigDirs({}, home).dirs).toEqual([real]);
    expect(
      resolveClaudeConfigDirs({ CLAUDE_CONFIG_DIR: `${real},${join(home, '.config', 'claude')},${real}/` }, home).dirs,
    ).toEqual([real]);
  });

  test('expands a leading ~ in CLAUDE_CONFIG_DIR', () => {
    const home = tempHome();
    const dir = withProjects(join(home, 'cc'));
    expect(resolveClaudeConfigDirs({ CLAUDE_CONFIG_DIR: '~/cc' }, home).dirs).toEqual([dir]);
  });
});
