#!/usr/bin/env bun
// Benchmark: `aios statusline` against `ccusage statusline --offline` (20.0.24 native binary) on the
// generated tree, same stdin, cold and warm, as medians of wall time. Not part of `npm test`.
// Usage: bun bench/statusline.ts [--runs N] [--size 200MB]
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineCommand, type ParsedFlags } from '../scripts/lib/support/flags.ts';
import {
  benchEnv,
  BUN,
  CCUSAGE,
  ensureTree,
  median,
  ROOT,
  runBench,
  sizeFlag,
  warmPageCache,
  wholeNumber,
} from './harness.ts';

const TARGET_WARM_VS_CCUSAGE = 0.5;
/** ccusage replays its last line for this long (its default --refresh-interval, 1 s); past it, it recomputes. */
const CCUSAGE_REFRESH_MS = 1000;

const FLAGS = {
  size: { type: 'string', description: 'tree size (default 200MB)', placeholder: 'SIZE' },
  runs: { type: 'string', description: 'runs per measurement, median reported (default 11)', placeholder: 'N' },
  'data-dir': { type: 'string', description: 'where trees are kept (default .bench-data)', placeholder: 'DIR' },
} as const;

/** Wall time of one run of `cmd` with `stdin` piped in; throws unless it exits 0 with a line. */
async function timed(cmd: string[], env: Record<string, string>, stdin: Uint8Array): Promise<number> {
  const started = performance.now();
  const proc = Bun.spawn(cmd, {
    cwd: ROOT,
    env: benchEnv(env),
    stdin,
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  const ms = performance.now() - started;
  if (code !== 0 || out.trim() === '') throw new Error(`${cmd.join(' ')} exited ${code}: ${err.slice(-1000)}`);
  return ms;
}

/** The newest session log of the tree: the statusline input names it, as Claude Code does. */
function newestSession(projects: string): { sessionId: string; path: string } {
  let best: { sessionId: string; path: string } | null = null;
  for (const d of readdirSync(projects, { recursive: true, withFileTypes: true })) {
    if (!d.isFile() || !d.name.endsWith('.jsonl') || d.parentPath.includes('subagents')) continue;
    const path = join(d.parentPath, d.name);
    if (!best || path > best.path) best = { sessionId: d.name.replace(/\.jsonl$/, ''), path };
  }
  if (!best) throw new Error(`no session log under ${projects}`);
  return best;
}

/** Claude Code's statusline input (CLAUDE-DATA.md §5), rate limits included, resets ahead of now. */
function statuslineInput(session: { sessionId: string; path: string }): Uint8Array {
  const s = Math.floor(Date.now() / 1000);
  return new TextEncoder().encode(
    JSON.stringify({
      session_id: session.sessionId,
      transcript_path: session.path,
      cwd: '/home/dev/code/app',
      model: { id: 'claude-sonnet-4-5-20250929', display_name: 'Sonnet 4.5' },
      workspace: { current_dir: '/home/dev/code/app', project_dir: '/home/dev/code/app' },
      version: '2.1.332',
      output_style: { name: 'default' },
      cost: { total_cost_usd: 1.23, total_duration_ms: 1000, total_api_duration_ms: 500 },
      rate_limits: {
        five_hour: { used_percentage: 42.5, resets_at: s + 7200 },
        seven_day: { used_percentage: 17, resets_at: s + 3 * 86400 },
      },
    }),
  );
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const verdict = (ratio: number) =>
  `${ratio.toFixed(3)}x (target <= ${TARGET_WARM_VS_CCUSAGE}x: ${ratio <= TARGET_WARM_VS_CCUSAGE ? 'met' : 'MISSED'})`;

async function bench(flags: ParsedFlags<typeof FLAGS>): Promise<number> {
  const bytes = sizeFlag(flags.size, '200MB');
  const runs = Math.max(1, wholeNumber('runs', flags.runs, 11));
  const tree = ensureTree(resolve(ROOT, flags['data-dir'] ?? '.bench-data'), bytes, 1);
  console.log(`tree: ${tree.root} (${(tree.stats.bytes / 2 ** 20).toFixed(0)} MiB, ${tree.stats.files} files)`);
  const projects = join(tree.root, 'projects');
  await warmPageCache(projects);
  const stdin = statuslineInput(newestSession(projects));

  const scratch = mkdtempSync(join(tmpdir(), 'aios-bench-statusline-'));
  const home = join(scratch, 'home');
  mkdirSync(home);
  const aios = [BUN, 'scripts/aios.ts', 'statusline'];
  const ccusage = [CCUSAGE, 'statusline', '--offline'];
  const aiosEnv = (name: string) => ({
    HOME: home,
    CLAUDE_CONFIG_DIR: tree.root,
    AIOS_CACHE_DIR: join(scratch, `${name}-cache`),
    AIOS_DATA_DIR: join(scratch, `${name}-data`),
  });
  // ccusage keeps its last line in $TMPDIR/ccusage-semaphore: a fresh TMPDIR is a cold ccusage.
  const ccusageEnv = (name: string) => {
    const dir = join(scratch, `${name}-tmp`);
    mkdirSync(dir, { recursive: true });
    return { HOME: home, CLAUDE_CONFIG_DIR: tree.root, TMPDIR: dir };
  };
  const samples: Record<string, number[]> = {
    'aios cold': [],
    'aios warm': [],
    'ccusage cold': [],
    'ccusage warm, replayed': [],
    'ccusage warm, recomputed': [],
    'bun -e 1': [],
    'bun importing the statusline command': [],
  };
  try {
    // Warm aios: the memo of an aggregate over this tree, and a store that exists.
    const warm = aiosEnv('warm');
    const agg = Bun.spawnSync([BUN, 'scripts/aios.ts', 'aggregate', '--json'], {
      cwd: ROOT,
      env: benchEnv({ AIOS_ENDPOINT: 'off', ...warm }),
      stdout: 'ignore',
    });
    if (agg.exitCode !== 0) throw new Error('aios aggregate (to warm the memo) failed');
    await timed(aios, warm, stdin);
    const ccWarm = ccusageEnv('warm');
    await timed(ccusage, ccWarm, stdin);
    for (let i = 0; i < runs; i++) {
      const cold = aiosEnv(`cold-${i}`);
      samples['aios cold']!.push(await timed(aios, cold, stdin));
      // Never a scan: the cold run found no memo and must have left the cache dir alone.
      if (existsSync(cold.AIOS_CACHE_DIR)) throw new Error('aios statusline touched the cache dir: it scanned');
      samples['aios warm']!.push(await timed(aios, warm, stdin));
      samples['ccusage cold']!.push(await timed(ccusage, ccusageEnv(`cold-${i}`), stdin));
      await Bun.sleep(CCUSAGE_REFRESH_MS + 200);
      samples['ccusage warm, recomputed']!.push(await timed(ccusage, ccWarm, stdin));
      samples['ccusage warm, replayed']!.push(await timed(ccusage, ccWarm, stdin));
      samples['bun -e 1']!.push(await timed([BUN, '-e', 'console.log(1)'], {}, stdin));
      samples['bun importing the statusline command']!.push(
        await timed([BUN, '-e', "await import('./scripts/commands/statusline.ts'); console.log(1)"], {}, stdin),
      );
      console.log(
        `  run ${i + 1}/${runs}: aios cold ${ms(samples['aios cold']!.at(-1)!)}, warm ${ms(samples['aios warm']!.at(-1)!)}; ` +
          `ccusage cold ${ms(samples['ccusage cold']!.at(-1)!)}, recomputed ${ms(samples['ccusage warm, recomputed']!.at(-1)!)}, ` +
          `replayed ${ms(samples['ccusage warm, replayed']!.at(-1)!)}`,
      );
    }
    const line = Bun.spawnSync(aios, { cwd: ROOT, env: benchEnv(warm), stdin });
    console.log(`  aios warm prints: ${line.stdout.toString().trim()}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const m = (k: string) => median(samples[k]!);
  console.log(
    `\nmedians of ${runs} (machine: ${navigator.hardwareConcurrency} cores, shared with other work; page cache hot)`,
  );
  for (const k of Object.keys(samples)) console.log(`  ${k.padEnd(38)} ${ms(m(k))}`);
  console.log('ratios (aios / ccusage)');
  console.log(`  warm / ccusage warm, recomputed   ${verdict(m('aios warm') / m('ccusage warm, recomputed'))}`);
  console.log(`  warm / ccusage warm, replayed     ${verdict(m('aios warm') / m('ccusage warm, replayed'))}`);
  console.log(`  cold / ccusage cold               ${(m('aios cold') / m('ccusage cold')).toFixed(3)}x`);
  console.log(
    `  (ccusage "replayed": a second call within its ${CCUSAGE_REFRESH_MS} ms refresh interval prints its last line; ` +
      '"recomputed": called again after it, as Claude Code does after each message, it reads the logs again)',
  );
  console.log('  aios never scanned the logs: every cold run left the cache dir untouched');
  return 0;
}

const command = defineCommand({
  name: 'statusline',
  summary: 'benchmark aios statusline against ccusage statusline --offline on a generated tree',
  flags: FLAGS,
  run: bench,
});

if (import.meta.main) runBench(command, 'bun bench/statusline.ts', 'bench/statusline');
