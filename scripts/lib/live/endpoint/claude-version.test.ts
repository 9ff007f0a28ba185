// `claude --version` detection against fake `claude` scripts spawned for real.
import { afterAll, afterEach, describe, expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeExecutable, removeTempDirs, tempDir } from '../../../../test/fixtures/oauth-fixtures.ts';
import { clearVersionCacheForTests, detectClaudeCodeVersion, parseClaudeVersion } from './claude-version.ts';

afterEach(() => clearVersionCacheForTests());
afterAll(() => removeTempDirs());

/** A fake `claude` in a fresh bin dir that counts its runs. */
function fakeClaude(body: string) {
  const bin = tempDir('aios-claude-bin-');
  const count = join(bin, 'runs');
  fakeExecutable(bin, 'claude', `echo run >> '${count}'\n${body}`);
  const runs = () => (existsSync(count) ? readFileSync(count, 'utf8').split('\n').filter(Boolean).length : 0);
  return { env: { PATH: `${bin}:/usr/bin:/bin` }, runs };
}

describe('parseClaudeVersion', () => {
  test('takes the first token of "2.1.332 (Claude Code)"', () => {
    expect(parseClaudeVersion('2.1.332 (Claude Code)\n')).toBe('2.1.332');
    expect(parseClaudeVersion('1.0.0-beta.3\n')).toBe('1.0.0-beta.3');
  });
  test('rejects anything else', () => {
    for (const s of [
      '',
      'hello world',
      '2.1 (Claude Code)',
      '2.1.332 (Other Tool)',
      '2.1.332\n2.1.333',
      'v2.1.332',
      '2.1.332;rm -rf /',
    ])
      expect(parseClaudeVersion(s)).toBeNull();
  });
});

describe('detectClaudeCodeVersion', () => {
  test('reads the version from `claude` on the injected PATH', async () => {
    const c = fakeClaude(`[ "$1" = --version ] && echo '2.1.332 (Claude Code)'`);
    expect(await detectClaudeCodeVersion({ env: c.env })).toBe('2.1.332');
  });

  test('garbage output is no version', async () => {
    const c = fakeClaude(`echo 'Welcome to Claude! Please log in.'`);
    expect(await detectClaudeCodeVersion({ env: c.env })).toBeNull();
  });

  test('a failing CLI is no version', async () => {
    const c = fakeClaude(`echo '2.1.332 (Claude Code)'; exit 3`);
    expect(await detectClaudeCodeVersion({ env: c.env })).toBeNull();
  });

  test('a CLI slower than the deadline is no version', async () => {
    // exec: the deadline's kill then ends the sleep itself, not just the shell around it.
    const c = fakeClaude(`exec sleep 30`);
    expect(await detectClaudeCodeVersion({ env: c.env, timeoutMs: 300 })).toBeNull();
  });

  test('a missing CLI is no version', async () => {
    expect(await detectClaudeCodeVersion({ env: { PATH: tempDir() } })).toBeNull();
    expect(await detectClaudeCodeVersion({ env: {} })).toBeNull();
  });

  test('is asked once per binary, then cached', async () => {
    const c = fakeClaude(`echo '2.1.332 (Claude Code)'`);
    await detectClaudeCodeVersion({ env: c.env });
    expect(await detectClaudeCodeVersion({ env: c.env })).toBe('2.1.332');
    expect(c.runs()).toBe(1);
  });

  test('a cache dir remembers the version across runs', async () => {
    const c = fakeClaude(`echo '2.1.332 (Claude Code)'`);
    const cacheDir = tempDir();
    await detectClaudeCodeVersion({ env: c.env, cacheDir });
    clearVersionCacheForTests(); // as if a new process
    expect(await detectClaudeCodeVersion({ env: c.env, cacheDir })).toBe('2.1.332');
    expect(c.runs()).toBe(1);
  });

  test('a FIFO in place of the cache file is no cache: the CLI is asked, and the read does not hang', () => {
    const c = fakeClaude(`echo '2.1.332 (Claude Code)'`);
    const cacheDir = tempDir();
    expect(Bun.spawnSync(['mkfifo', join(cacheDir, 'claude-version.json')]).exitCode).toBe(0);
    // In a child with a deadline: a read that blocks would hang this whole test process.
    const probe =
      `const { detectClaudeCodeVersion } = await import(${JSON.stringify(join(import.meta.dir, 'claude-version.ts'))});` +
      `console.log(await detectClaudeCodeVersion({ env: ${JSON.stringify(c.env)}, cacheDir: ${JSON.stringify(cacheDir)} }));`;
    const run = Bun.spawnSync([process.execPath, '-e', probe], { timeout: 4_000 });
    expect(run.signalCode ?? null).toBeNull();
    expect([run.exitCode, run.stdout.toString()]).toEqual([0, '2.1.332\n']);
    expect(c.runs()).toBe(1);
  });
});
