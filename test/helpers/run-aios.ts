// Runs the aios CLI as a real child process for CLI tests: exactly the environment given, both
// streams read to the end, the exit code and how long the whole run took.
import path from 'node:path';

/** The repository root, where `scripts/aios.ts` lives. */
export const AIOS_ROOT = path.resolve(import.meta.dir, '..', '..');

export interface AiosRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, in ms. */
  ms: number;
}

/**
 * Run `bun scripts/aios.ts <args>` with exactly `env` (nothing inherited) and no stdin.
 *
 * @example const r = await runAios(['usage', '--json'], { PATH: '/usr/bin:/bin', HOME: home });
 */
export async function runAios(args: string[], env: Record<string, string>): Promise<AiosRun> {
  const started = performance.now();
  const proc = Bun.spawn([process.execPath, path.join(AIOS_ROOT, 'scripts', 'aios.ts'), ...args], {
    cwd: AIOS_ROOT,
    env,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr, ms: performance.now() - started };
}
