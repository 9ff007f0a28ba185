// Finding the logs in real temp trees: recursion into sub-agent folders, the project name, and
// what cannot be read reported instead of failing.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { assistantLine, makeConfigDir, removeTempDirs } from '../../../test/fixtures/claude-log-fixtures.ts';
import { discoverLogFiles, hasLogFiles } from './discover.ts';

afterAll(removeTempDirs);

describe('discoverLogFiles', () => {
  test('finds *.jsonl recursively, naming the project by the first folder under projects/', () => {
    const c = makeConfigDir();
    c.write('-home-dev-a/s1.jsonl', [assistantLine()]);
    c.write('-home-dev-a/s1/subagents/agent-x.jsonl', [assistantLine()]);
    c.write('-home-dev-b/notes.txt', ['not a log']);
    c.write('top.jsonl', [assistantLine()]);
    const d = discoverLogFiles([c.dir]);
    const found = d.files.map((f) => [f.path.slice(c.dir.length + 10), f.project, f.fallbackSession]).sort();
    expect(found).toEqual([
      ['-home-dev-a/s1.jsonl', '-home-dev-a', 's1'],
      ['-home-dev-a/s1/subagents/agent-x.jsonl', '-home-dev-a', 'agent-x'],
      ['top.jsonl', 'unknown', 'top'],
    ]);
    expect(d.unreadable).toEqual([]);
  });

  test('reports a dangling symlink named *.jsonl as unreadable instead of failing', () => {
    // Tests run as root, so chmod 000 would not stop a read; a dangling link fails for everyone.
    const c = makeConfigDir();
    mkdirSync(join(c.dir, 'projects', 'p'));
    symlinkSync(join(c.dir, 'gone.jsonl'), join(c.dir, 'projects', 'p', 'broken.jsonl'));
    const d = discoverLogFiles([c.dir]);
    expect(d.files).toEqual([]);
    expect(d.unreadable).toEqual([{ path: join(c.dir, 'projects', 'p', 'broken.jsonl'), error: 'ENOENT' }]);
  });
});

describe('hasLogFiles', () => {
  test('finds a log at any depth, and none in a tree of folders and other files', () => {
    const c = makeConfigDir();
    const empty = makeConfigDir();
    mkdirSync(join(empty.dir, 'projects', '-home-dev-a', 'sub'), { recursive: true });
    empty.write('-home-dev-a/notes.txt', ['not a log']);
    expect(hasLogFiles([empty.dir])).toBe(false);
    expect(hasLogFiles([join(empty.dir, 'missing')])).toBe(false);
    c.write('-home-dev-a/s1/subagents/agent-x.jsonl', [assistantLine()]);
    expect(hasLogFiles([empty.dir, c.dir])).toBe(true);
  });
});
