// Running helper programs with real child processes: stdout on success, classified failures,
// the deadline that kills a slow child, and the injected spawn.
import { afterAll, describe, expect, test } from 'bun:test';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IS_MACOS, runWithTimeout, type SpawnFn } from './platform.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function script(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aios-platform-'));
  dirs.push(dir);
  const path = join(dir, 'prog');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('runWithTimeout', () => {
  test('returns stdout of a program that exits 0', async () => {
    const r = await runWithTimeout([script('echo "2.1.332 (Claude Code)"')], { timeoutMs: 5000 });
    expect(r).toEqual({ ok: true, stdout: '2.1.332 (Claude Code)\n' });
  });

  test('reports a non-zero exit without its output', async () => {
    const r = await runWithTimeout([script('echo secret; exit 44')], { timeoutMs: 5000 });
    expect(r).toEqual({ ok: false, reason: 'exit-code', exitCode: 44 });
  });

  test('gives up at the deadline and kills the child', async () => {
    // `exec` makes the child the sleep itself, so its exit is the event that proves the kill.
    let child: ReturnType<SpawnFn> | undefined;
    const spawn = ((cmd: string[], o: Parameters<SpawnFn>[1]) => (child = Bun.spawn(cmd, o))) as unknown as SpawnFn;
    const started = Date.now();
    const r = await runWithTimeout([script('exec sleep 30')], { timeoutMs: 200, spawn });
    expect(r).toEqual({ ok: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2500);
    await child!.exited;
    expect(child!.signalCode).toBe('SIGTERM');
  });

  test('a missing program is not-found, not a throw', async () => {
    const r = await runWithTimeout(['/nonexistent/aios-no-such-program'], { timeoutMs: 1000 });
    expect(r).toEqual({ ok: false, reason: 'not-found' });
  });

  test('output past the limit is refused', async () => {
    const r = await runWithTimeout([script('head -c 5000 /dev/zero')], { timeoutMs: 5000, maxOutputBytes: 1000 });
    expect(r).toEqual({ ok: false, reason: 'too-large' });
  });

  test('uses the injected spawn', async () => {
    const seen: string[][] = [];
    const spawn = ((cmd: string[], o: Parameters<typeof Bun.spawn>[1]) => {
      seen.push(cmd);
      return Bun.spawn(['echo', 'injected'], o);
    }) as unknown as typeof Bun.spawn;
    const r = await runWithTimeout(['security', 'find-generic-password'], { timeoutMs: 5000, spawn });
    expect(seen).toEqual([['security', 'find-generic-password']]);
    expect(r).toEqual({ ok: true, stdout: 'injected\n' });
  });

  test('IS_MACOS follows the platform', () => {
    expect(IS_MACOS).toBe(process.platform === 'darwin');
  });
});
