// `aios statusline --wrap "<command>"`: the user's own statusline command, run the way Claude Code
// would run it (a shell command line from settings.json), with the same stdin, bounded and timed.
import { readCapped } from '../../support/read-capped.ts';

/** A statusline that takes longer than this is not waited for; aios's own segment still prints. */
export const WRAP_TIMEOUT_MS = 5000;
/** A statusline is a line or a few; past this its output is dropped. */
const MAX_WRAPPED_OUTPUT = 64 << 10;

/**
 * Run `command` through `/bin/sh -c` (it is the user's own shell command line from settings.json,
 * as Claude Code itself would run it), feeding it `stdin`. Its stdout, trimmed, or null when it
 * fails to start, exits non-zero with no output, prints too much, or outlives `timeoutMs`. Its own
 * process group is killed on the way out, so a slow pipeline does not outlive aios. Gets only
 * stdin (the bytes given), stdout (a pipe) and the environment; stderr goes nowhere. Never throws.
 */
export async function runWrapped(
  command: string,
  stdin: Uint8Array,
  opts: { timeoutMs?: number; env?: Record<string, string | undefined> } = {},
): Promise<string | null> {
  const spawn = () =>
    Bun.spawn(['/bin/sh', '-c', command], {
      // Bun writes the bytes and closes the pipe; a command that does not read them is not waited on.
      stdin: stdin,
      stdout: 'pipe',
      stderr: 'ignore',
      env: (opts.env ?? process.env) as Record<string, string>,
      detached: true,
    });
  let proc: ReturnType<typeof spawn>;
  try {
    proc = spawn();
  } catch {
    return null;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), opts.timeoutMs ?? WRAP_TIMEOUT_MS);
  });
  deadline.catch(() => undefined);
  try {
    const out = await readCapped(proc.stdout, MAX_WRAPPED_OUTPUT, deadline);
    const code = await Promise.race([proc.exited, deadline]);
    if (out === null) return null;
    const text = Buffer.from(out).toString('utf8').replace(/\s+$/, '');
    return text === '' && code !== 0 ? null : text;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    killGroup(proc.pid);
  }
}

/** End the wrapped command and anything it started (it leads its own process group). */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group has already exited
  }
}
