// `aios aggregate` end to end as a user runs it: a real child process over real log trees.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLogTree, noFeatures } from '../scripts/lib/demo/generate-logs.ts';
import { validateUsageData, type UsageData } from '../src/contract/usage-data.ts';
import { assistantLine, configDirAt } from './fixtures/claude-log-fixtures.ts';

const ROOT = join(import.meta.dir, '..');
const BUN = process.execPath;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'aios-agg-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder under this file's temp dir, removed with it. */
function tempDir(label: string): string {
  return mkdtempSync(join(root, `${label}-`));
}

/** Run the CLI with a clean environment: an empty HOME, a private cache, and only what is given. */
function runAios(args: string[], env: Record<string, string>) {
  return runAiosIn(tempDir('home'), args, env);
}

/** runAios with `home` as HOME. */
function runAiosIn(home: string, args: string[], env: Record<string, string>) {
  const proc = Bun.spawnSync([BUN, join(ROOT, 'scripts/aios.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AIOS_CACHE_DIR: tempDir('cache'), TZ: 'UTC', ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString(), home };
}

function smallTree(): string {
  const dir = tempDir('claude');
  generateLogTree({
    root: dir,
    targetBytes: 256 << 10,
    seed: 3,
    now: new Date('2026-11-20T12:00:00Z'),
    features: noFeatures(),
  });
  return dir;
}

describe('aios aggregate', () => {
  test('--json prints a document that passes the contract, from the named config dir', () => {
    const dir = smallTree();
    const r = runAios(['aggregate', '--json'], { CLAUDE_CONFIG_DIR: dir });
    expect(r.code).toBe(0);
    const checked = validateUsageData(JSON.parse(r.stdout));
    expect(checked.ok).toBe(true);
    const doc = (checked as { value: UsageData }).value;
    expect(doc.demo).toBe(false);
    expect(doc.sources.dirs).toHaveLength(1);
    expect(doc.totals.totalTokens).toBeGreaterThan(0);
    expect(doc.claudeWindow.source).toBe('estimate');
    expect(doc.claudeWindow.fallbackReason?.kind).toBe('no-credential');
  });

  test('--out writes the file atomically and prints a summary on stderr, nothing on stdout', () => {
    const dir = smallTree();
    const outDir = tempDir('out');
    const out = join(outDir, 'usage.json');
    writeFileSync(out, 'previous');
    const r = runAios(['aggregate', '--out', out], { CLAUDE_CONFIG_DIR: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote ${out}`);
    expect(validateUsageData(JSON.parse(readFileSync(out, 'utf8'))).ok).toBe(true);
    expect(readdirSync(outDir)).toEqual(['usage.json']);
  });

  test('a named config dir without projects/ is a clear error with exit 2, and no file is written', () => {
    const dir = tempDir('noprojects');
    const out = join(tempDir('out'), 'usage.json');
    const r = runAios(['aggregate', '--out', out], { CLAUDE_CONFIG_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no projects/ folder');
    expect(existsSync(out)).toBe(false);
  });

  test('refuses to write inside a Claude Code config dir', () => {
    const dir = smallTree();
    const out = join(dir, 'usage.json');
    const r = runAios(['aggregate', '--out', out], { CLAUDE_CONFIG_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('never writes inside a Claude Code config dir');
    expect(existsSync(out)).toBe(false);
  });

  test('with no logs anywhere it aggregates the demo history and says so', () => {
    const r = runAios(['aggregate', '--json'], {});
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('demo data');
    const doc = JSON.parse(r.stdout) as UsageData;
    expect(validateUsageData(doc).ok).toBe(true);
    expect(doc.demo).toBe(true);
    expect(doc.claudeWindow.fallbackReason?.kind).toBe('demo');
    // The demo is built in aios's cache, never in the (empty) home.
    expect(existsSync(join(r.home, '.claude'))).toBe(false);
  });

  test('a fresh Claude Code install (an empty ~/.claude/projects) gets the demo too, with its banner', () => {
    const home = tempDir('fresh');
    mkdirSync(join(home, '.claude', 'projects', '-home-dev-empty'), { recursive: true });
    const r = runAiosIn(home, ['aggregate', '--json'], {});
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no Claude Code logs found; showing demo data');
    const doc = JSON.parse(r.stdout) as UsageData;
    expect(doc.demo).toBe(true);
    expect(doc.claudeWindow.fallbackReason?.kind).toBe('demo');
    expect(readdirSync(join(home, '.claude', 'projects'))).toEqual(['-home-dev-empty']);
  });

  test('CLAUDE_CONFIG_DIR naming a dir with no logs shows that dir, empty: no demo stands in for it', () => {
    const dir = tempDir('named-empty');
    mkdirSync(join(dir, 'projects'));
    const r = runAios(['aggregate', '--json'], { CLAUDE_CONFIG_DIR: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as UsageData;
    expect(doc.demo).toBe(false);
    expect(doc.sources).toMatchObject({ dirs: [dir], files: 0, entries: 0 });
  });

  test('--timezone moves the day boundary; an unknown zone is exit 2', () => {
    const dir = tempDir('tz');
    configDirAt(dir).write('-home-dev-tz/s1.jsonl', [
      assistantLine({ id: 'msg_a', requestId: 'req_a', timestamp: '2026-11-20T23:30:00.000Z' }),
    ]);
    const utc = JSON.parse(
      runAios(['aggregate', '--json', '--timezone', 'UTC'], { CLAUDE_CONFIG_DIR: dir }).stdout,
    ) as UsageData;
    const tokyo = JSON.parse(
      runAios(['aggregate', '--json', '--timezone', 'Asia/Tokyo'], { CLAUDE_CONFIG_DIR: dir }).stdout,
    ) as UsageData;
    expect(utc.daily.map((d) => d.date)).toEqual(['2026-11-20']);
    expect(tokyo.daily.map((d) => d.date)).toEqual(['2026-11-21']);
    expect(tokyo.timezone).toBe('Asia/Tokyo');
    const bad = runAios(['aggregate', '--json', '--timezone', 'Mars/Olympus'], { CLAUDE_CONFIG_DIR: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown time zone 'Mars/Olympus'");
  });

  test('an unknown flag is a usage error with the help text', () => {
    const r = runAios(['aggregate', '--bogus'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown flag --bogus');
    expect(r.stderr).toContain('--timezone TZ');
  });

  test('-h prints the help on stdout (exit 0); a stray argument or a value on --json is exit 2', () => {
    const help = runAios(['aggregate', '-h'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toStartWith('usage: aios aggregate [flags]');
    expect(help.stdout).toContain('--out FILE');
    const stray = runAios(['aggregate', 'usage.json'], {});
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("aios aggregate: unexpected argument 'usage.json'");
    const valued = runAios(['aggregate', '--json=yes'], {});
    expect(valued.code).toBe(2);
    expect(valued.stderr).toContain('--json takes no value');
  });

  test('--timezone=ZONE reads like --timezone ZONE', () => {
    const bad = runAios(['aggregate', '--json', '--timezone=Mars/Olympus'], { CLAUDE_CONFIG_DIR: smallTree() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown time zone 'Mars/Olympus'");
  });
});
