// A FIFO put where aios keeps a file of its own (the report memo in the cache dir, the alert state in
// the data dir) is refused at once: a read that waited for a writer would hang the statusline and
// every command. Each read runs in a child process, since a blocked read cannot be interrupted here.
import { afterAll, describe, expect, test } from 'bun:test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs } from './fixtures/claude-log-fixtures.ts';
import { AIOS_ROOT } from './fixtures/run-aios.ts';

afterAll(removeTempDirs);

/** Run `script` under Bun with a deadline; the child is killed past it, and that is a failure. */
async function runWithin(
  script: string,
  ms: number,
): Promise<{ code: number | null; stdout: string; timedOut: boolean }> {
  const proc = Bun.spawn([process.execPath, '-e', script], { cwd: AIOS_ROOT, stdout: 'pipe', stderr: 'pipe' });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill('SIGKILL');
  }, ms);
  const [stdout, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  clearTimeout(timer);
  return { code, stdout, timedOut };
}

const mkfifo = (path: string) => execFileSync('mkfifo', [path]);

describe('a FIFO where aios keeps its own files', () => {
  test('the report memo: read as none, at once', async () => {
    const cache = makeTempDir('aios-fifo-memo-');
    const lib = join(AIOS_ROOT, 'scripts/lib/logs/cache/memo.ts');
    // Write a real memo first, to learn its file name, then put a FIFO in its place.
    const write = await runWithin(
      `const m = await import(${JSON.stringify(lib)});
       m.writeUsageMemo(${JSON.stringify(cache)}, 'scope', 'k', { zoneRequest: 'UTC', timezone: 'UTC',
         report: { totals: {}, daily: [], dailyBreakdown: [], models: [], projects: [], sessions: [], unpricedModels: [] },
         blocks: [], weekly: { timestamps: new Float64Array(0), tokens: new Float64Array(0), costs: new Float64Array(0) },
         scan: { entryCount: 0, duplicates: 0, limits: [], skipped: {} } });`,
      10_000,
    );
    expect(write.code).toBe(0);
    const [name] = readdirSync(cache);
    expect(name).toBeDefined();
    const path = join(cache, name!);
    Bun.spawnSync(['rm', path]);
    mkfifo(path);
    const read = await runWithin(
      `const m = await import(${JSON.stringify(lib)});
       console.log(JSON.stringify(m.readUsageMemo(${JSON.stringify(cache)}, 'scope', 'UTC')));`,
      5_000,
    );
    expect(read.timedOut).toBe(false);
    expect(read.stdout.trim()).toBe('null');
  }, 20_000);

  test('the alert state: read as none, at once', async () => {
    const data = makeTempDir('aios-fifo-alerts-');
    mkdirSync(data, { recursive: true });
    mkfifo(join(data, 'alerts-state.json'));
    const lib = join(AIOS_ROOT, 'scripts/lib/alerts/alert-state.ts');
    const read = await runWithin(
      `const m = await import(${JSON.stringify(lib)});
       console.log(JSON.stringify(m.alertStateIn(${JSON.stringify(data)}).read()));`,
      5_000,
    );
    expect(read.timedOut).toBe(false);
    expect(read.stdout.trim()).toBe('[]');
  }, 20_000);
});
