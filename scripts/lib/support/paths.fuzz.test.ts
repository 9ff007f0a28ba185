// Property test (fast-check) for the config-dir guard: random relative and absolute paths (`..`,
// `..x`, `.`, symlinks in and out, repeated and trailing slashes) against an oracle that creates
// the path on disk and asks the kernel where it landed.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { containingDir, isInsideAny } from './paths.ts';

/**
 * The sandbox sits five levels below its temp dir and a path holds at most three `..`, and every
 * symlink points inside the sandbox: a path can climb out of the sandbox, never out of the temp dir,
 * so the oracle's mkdir stays in it.
 */
const base = mkdtempSync(join(tmpdir(), 'aios-pathfuzz-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
mkdirSync(join(base, 'l1', 'l2', 'l3', 'l4', 'sb'), { recursive: true });
const sb = realpathSync(join(base, 'l1', 'l2', 'l3', 'l4', 'sb'));
const cfg = join(sb, 'cfg');
mkdirSync(join(cfg, 'projects', 'p1'), { recursive: true });
mkdirSync(join(sb, 'out'), { recursive: true });
mkdirSync(join(sb, 'cfg-sibling'), { recursive: true });
mkdirSync(join(sb, '..x'), { recursive: true });
writeFileSync(join(cfg, 'file.json'), '{}');
symlinkSync(join(sb, 'out'), join(cfg, 'lout')); // from inside the config dir to outside
symlinkSync(cfg, join(sb, 'out', 'lcfg')); // from outside into it
symlinkSync('../cfg/projects', join(sb, 'out', 'rel')); // relative, into it
symlinkSync(join(cfg, 'not-yet'), join(sb, 'out', 'dangling')); // dangling, into it
symlinkSync(join(sb, 'out', 'loop'), join(sb, 'out', 'loop')); // a loop

const SEGMENTS = [
  '..',
  '.',
  '',
  '..x',
  '...',
  '..u.json',
  'x',
  'cfg',
  'cfg-sibling',
  'out',
  'lcfg',
  'lout',
  'rel',
  'dangling',
  'loop',
  'projects',
  'p1',
  'file.json',
];

/** A path as a user might type one: absolute or relative, up to three `..`, any slashes. */
const pathArb = fc
  .record({
    absolute: fc.boolean(),
    from: fc.constantFrom('', 'out', 'cfg'),
    segments: fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 7 }),
    trailing: fc.constantFrom('', '/', '//'),
  })
  .filter((p) => p.segments.filter((s) => s === '..').length <= 3)
  .map((p) => {
    const rest = [p.from, ...p.segments].filter((s, i) => i > 0 || s !== '').join('/') + p.trailing;
    return p.absolute ? `${sb}/${rest}` : rest === '' ? '.' : rest;
  });

/** The config dir as a caller might name it: plainly, with a trailing slash, or through a link. */
const dirArb = fc.constantFrom(cfg, `${cfg}/`, `${cfg}//.`, join(sb, 'out', 'lcfg'));

/** `path` as written, resolved against the cwd (no symlink followed): a string-prefix check. */
function lexicallyInside(path: string, dir: string): boolean {
  const p = resolve(path);
  const d = resolve(dir);
  return p === d || p.startsWith(d === '/' ? d : `${d}/`);
}

/**
 * The oracle: create the path one prefix of its text at a time (each mkdir walked by the kernel,
 * links and `..` as it takes them) and ask the kernel's realpath where it landed. Not
 * `fs.realpathSync`: it drops `..` from the text before following links. Null when the path
 * cannot be created (through a loop, a dangling link or a file): nothing can be written there.
 */
function physicallyInside(path: string, dir: string): boolean | null {
  try {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (prefix === '') continue;
      try {
        mkdirSync(prefix);
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
      }
    }
    const landed = realpathSync.native(path);
    const real = realpathSync.native(dir);
    return landed === real || landed.startsWith(`${real}/`);
  } catch {
    return null;
  }
}

describe('the config-dir guard, fuzzed', () => {
  test('agrees with the kernel on where a path lands, and with the path as written', () => {
    const cwd = process.cwd();
    // Relative paths are relative to the sandbox. The property runs synchronously, so no other
    // test sees the changed cwd, and it is restored whatever happens.
    process.chdir(sb);
    try {
      fc.assert(
        fc.property(pathArb, dirArb, (path, dir) => {
          // Asked before the oracle creates anything.
          const guard = isInsideAny(path, [dir]);
          expect(containingDir(path, [dir]) === dir).toBe(guard);
          const physical = physicallyInside(path, dir);
          if (physical === null) return;
          expect({ path, dir, inside: guard }).toEqual({
            path,
            dir,
            inside: physical || lexicallyInside(path, dir),
          });
        }),
        { numRuns: 600, interruptAfterTimeLimit: 4_000 },
      );
    } finally {
      process.chdir(cwd);
    }
  });
});
