// What `aios aggregate` may write, end to end: --out replaces only a regular file (never a device,
// a FIFO or what a link points to), `--out -` is stdout, and nothing lands inside a config dir.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLogTree, noFeatures } from '../scripts/lib/demo/generate-logs.ts';
import { validateUsageData } from '../src/contract/usage-data.ts';

const ROOT = join(import.meta.dir, '..');

let root: string;
let tree: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'aios-writes-'));
  tree = join(root, 'claude');
  generateLogTree({
    root: tree,
    targetBytes: 64 << 10,
    seed: 5,
    now: new Date('2026-11-20T12:00:00Z'),
    features: noFeatures(),
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tempDir = (label: string) => mkdtempSync(join(root, `${label}-`));

/** The CLI in a clean environment, run from `cwd` (a temp dir, so a stray relative write shows there). */
function runAios(args: string[], env: Record<string, string> = {}, cwd = tempDir('cwd')) {
  const proc = Bun.spawnSync([process.execPath, join(ROOT, 'scripts/aios.ts'), ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: tempDir('home'),
      AIOS_CACHE_DIR: tempDir('cache'),
      TZ: 'UTC',
      CLAUDE_CONFIG_DIR: tree,
      ...env,
    },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString(), cwd };
}

/** Run a system tool (mknod, mkfifo); false when it is missing or not permitted here. */
function tool(...argv: string[]): boolean {
  return Bun.spawnSync(argv, { stdout: 'ignore', stderr: 'ignore' }).exitCode === 0;
}

describe('--out replaces only a regular file', () => {
  test('a character device (a copy of /dev/null) is refused with exit 2 and left as it was', () => {
    const dev = join(tempDir('dev'), 'null-copy');
    // mknod needs root; where it is not permitted the FIFO case below covers the same rule.
    if (!tool('mknod', dev, 'c', '1', '3')) return;
    const r = runAios(['aggregate', '--out', dev]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`refusing to write ${dev}: it is a character device`);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
  });

  test('a FIFO, a directory and a symlink to a FIFO are refused with exit 2 and left as they were', () => {
    const dir = tempDir('special');
    const fifo = join(dir, 'pipe');
    expect(tool('mkfifo', fifo)).toBe(true);
    const link = join(dir, 'link-to-pipe');
    symlinkSync(fifo, link);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    for (const [target, what] of [
      [fifo, 'it is a FIFO'],
      [folder, 'it is a directory'],
      [link, 'it is a symlink to a FIFO'],
    ] as const) {
      const r = runAios(['aggregate', '--out', target]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`refusing to write ${target}: ${what}`);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(folder).isDirectory()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['folder', 'link-to-pipe', 'pipe']);
  });

  test('--out - prints the document on stdout and writes no file named "-"', () => {
    const r = runAios(['aggregate', '--out', '-']);
    expect(r.code).toBe(0);
    expect(validateUsageData(JSON.parse(r.stdout)).ok).toBe(true);
    expect(readdirSync(r.cwd)).toEqual([]);
  });
});
