// Platform facts and the one way aios runs a helper program (`security`, `claude --version`):
// Bun.spawn raced against a deadline, never execSync, never a shell.
import { readCapped } from './read-capped.ts';

/** True on macOS, where Claude Code keeps its live credential in the Keychain. */
export const IS_MACOS = process.platform === 'darwin';

export type SpawnFn = typeof Bun.spawn;

export interface RunOptions {
  timeoutMs: number;
  /** Injected in tests; defaults to Bun.spawn. */
  spawn?: SpawnFn;
  env?: Record<string, string | undefined>;
  /** Stdout beyond this many bytes is a failure (default 1 MiB). */
  maxOutputBytes?: number;
}

export type RunResult =
  | { ok: true; stdout: string }
  | { ok: false; reason: 'not-found' | 'timeout' | 'exit-code' | 'too-large' | 'error'; exitCode?: number };

/**
 * Run `cmd` without a shell; resolve with its stdout when it exits 0 within `timeoutMs`.
 * Never throws and never leaves the child running: on timeout it is killed.
 *
 * @example const r = await runWithTimeout(['claude', '--version'], { timeoutMs: 2000 });
 */
export async function runWithTimeout(cmd: string[], opts: RunOptions): Promise<RunResult> {
  const spawn = opts.spawn ?? Bun.spawn;
  let proc: ReturnType<SpawnFn>;
  try {
    proc = spawn(cmd, {
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'ignore',
      env: (opts.env ?? process.env) as Record<string, string>,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { ok: false, reason: code === 'ENOENT' || code === 'EACCES' ? 'not-found' : 'error' };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
  });
  try {
    const work = (async () => {
      const stdout = await readCapped(proc.stdout as ReadableStream<Uint8Array>, opts.maxOutputBytes ?? 1 << 20);
      const exitCode = await proc.exited;
      return { stdout: stdout && Buffer.from(stdout).toString('utf8'), exitCode };
    })();
    const outcome = await Promise.race([work, deadline]);
    if (outcome === 'timeout') return { ok: false, reason: 'timeout' };
    if (outcome.stdout === null) return { ok: false, reason: 'too-large' };
    if (outcome.exitCode !== 0) return { ok: false, reason: 'exit-code', exitCode: outcome.exitCode };
    return { ok: true, stdout: outcome.stdout };
  } catch {
    return { ok: false, reason: 'error' };
  } finally {
    clearTimeout(timer);
    if (proc.exitCode === null) proc.kill();
  }
}
