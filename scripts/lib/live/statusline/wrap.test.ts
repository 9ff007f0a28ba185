// The wrapped statusline command: it gets the same stdin, its output comes back trimmed, and a slow
// or broken one costs at most the timeout, its whole process group ended.
import { afterAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs } from '../../../../test/fixtures/claude-log-fixtures.ts';
import { runWrapped } from './wrap.ts';

afterAll(removeTempDirs);

/** Whether process `pid` is gone within two seconds (a killed process lingers until it is reaped). */
async function gone(pid: number): Promise<boolean> {
  const deadline = performance.now() + 2000;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (performance.now() > deadline) return false;
    await Bun.sleep(20);
  }
}
const stdin = new TextEncoder().encode('{"session_id":"s1","model":{"display_name":"Sonnet"}}');

describe('runWrapped', () => {
  test('runs through /bin/sh with the same stdin, and hands back its output trimmed', async () => {
    const out = await runWrapped('wc -c | tr -d " "; printf "line two\\n\\n"', stdin);
    expect(out).toBe(`${stdin.byteLength}\nline two`);
  });

  test('gets the environment it is given', async () => {
    expect(
      await runWrapped('printf "%s" "$STATUS_COLOR"', stdin, { env: { PATH: '/usr/bin:/bin', STATUS_COLOR: 'teal' } }),
    ).toBe('teal');
  });

  test('a command that fails without output is nothing; one that prints and fails keeps its output', async () => {
    expect(await runWrapped('exit 3', stdin)).toBeNull();
    expect(await runWrapped('echo partial; exit 3', stdin)).toBe('partial');
    expect(await runWrapped('no-such-command-aios-test 2>/dev/null', stdin)).toBeNull();
  });

  test('past the timeout it is given up, and what it started is ended with it', async () => {
    const dir = makeTempDir('aios-wrap-');
    const pidFile = join(dir, 'pid');
    const started = performance.now();
    const out = await runWrapped(`sleep 30 & echo $! > ${pidFile}; echo early; sleep 5`, stdin, { timeoutMs: 300 });
    expect(out).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
    // The background sleep was in the killed group: it is gone once init has reaped it.
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(await gone(pid)).toBe(true);
  });

  test('a flood of output is dropped', async () => {
    expect(await runWrapped('head -c 200000 /dev/zero', stdin)).toBeNull();
  });
});
