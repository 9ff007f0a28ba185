// What `aios aggregate` may write, end to end: --out replaces only a regular file (never a device,
// a FIFO or what a link points to), `--out -` is stdout, and nothing it (or the statusline, or
// `aios history`) writes lands inside a config dir.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLogTree, noFeatures } from '../scripts/lib/demo/generate-logs.ts';
import { validateUsageData, type UsageData } from '../src/contract/usage-data.ts';
import { credentialJson, fakeExecutable, writeCredential } from './fixtures/oauth-fixtures.ts';
import { payloadAt, startUsageStandIn } from './fixtures/usage-endpoint.ts';

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

/** A small generated config dir of its own. */
function configDir(label: string): string {
  const dir = tempDir(label);
  generateLogTree({ root: dir, targetBytes: 32 << 10, seed: 9, now: new Date(), features: noFeatures() });
  return dir;
}

/** Every path under `dir`, relative, sorted: what a run may not change. */
function listing(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

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

describe('nothing is written inside a Claude Code config dir', () => {
  test('--out with a name starting with two dots inside the config dir is refused (exit 2)', () => {
    const before = listing(tree);
    const r = runAios(['aggregate', '--out', join(tree, '..u.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('never writes inside a Claude Code config dir');
    expect(listing(tree)).toEqual(before);
  });

  test('AIOS_CACHE_DIR named `..k` inside the config dir: the run succeeds without a cache and writes nothing there', () => {
    const before = listing(tree);
    const r = runAios(['aggregate', '--json'], { AIOS_CACHE_DIR: join(tree, '..k') });
    expect(r.code).toBe(0);
    expect(validateUsageData(JSON.parse(r.stdout)).ok).toBe(true);
    expect(r.stderr).toContain(`cache dir ${join(tree, '..k')} is not used: aios never writes inside`);
    expect(listing(tree)).toEqual(before);
  });

  test('AIOS_CACHE_DIR inside the config dir: neither the OAuth state nor the version cache is written there', async () => {
    const dir = configDir('cfg-live');
    writeCredential(dir, credentialJson('sk-ant-oat01-FAKE-CANARY-guard-0123456789abcdef', Date.now()));
    const bin = tempDir('bin');
    fakeExecutable(bin, 'claude', 'echo "2.1.332 (Claude Code)"');
    const standIn = startUsageStandIn(() => Response.json(payloadAt(new Date())));
    try {
      const before = listing(dir);
      const proc = Bun.spawn([process.execPath, join(ROOT, 'scripts/aios.ts'), 'aggregate', '--json'], {
        cwd: tempDir('cwd'),
        env: {
          PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
          HOME: tempDir('home'),
          TZ: 'UTC',
          CLAUDE_CONFIG_DIR: dir,
          AIOS_CACHE_DIR: join(dir, 'aios'),
          AIOS_CLAUDE_USAGE_URL: standIn.url,
        },
        stdout: 'pipe',
        stderr: 'pipe',
      });
      const [stdout, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
      expect(code).toBe(0);
      // The live read still works, with its state in memory only.
      expect((JSON.parse(stdout) as UsageData).claudeWindow.source).toBe('oauth');
      expect(standIn.requests).toHaveLength(1);
      expect(existsSync(join(dir, 'aios'))).toBe(false);
      expect(listing(dir)).toEqual(before);
    } finally {
      await standIn.stop();
    }
  });

  test('~/.claude stays Claude Code’s when CLAUDE_CONFIG_DIR names another dir: no history, cache or state lands there', () => {
    const home = tempDir('home');
    const claude = join(home, '.claude');
    mkdirSync(claude);
    const env = {
      HOME: home,
      AIOS_DATA_DIR: join(claude, 'aios-data'),
      AIOS_CACHE_DIR: join(claude, 'aios-cache'),
      AIOS_ENDPOINT: 'off',
    };
    for (const args of [['aggregate', '--json'], ['statusline'], ['history']]) {
      const r = runAios(args, env);
      expect([args[0], r.code]).toEqual([args[0], 0]);
      expect([args[0], listing(claude)]).toEqual([args[0], []]);
    }
  });

  test('--demo with AIOS_CACHE_DIR inside a config dir is exit 2: the demo history needs a dir aios may write', () => {
    const before = listing(tree);
    const r = runAios(['aggregate', '--json', '--demo'], { AIOS_CACHE_DIR: join(tree, 'aios') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('never writes inside a Claude Code config dir');
    expect(listing(tree)).toEqual(before);
  });
});
