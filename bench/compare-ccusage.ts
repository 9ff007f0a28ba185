#!/usr/bin/env bun
// Benchmark: aios aggregate (cold and warm) against ccusage 20.0.24 on a generated tree, as medians
// of N runs of wall time and peak RSS. Not part of `npm test`. Usage: bun bench/compare-ccusage.ts
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineCommand, type ParsedFlags } from '../scripts/lib/support/flags.ts';
import type { GenerateStats } from '../scripts/lib/demo/generate-logs.ts';
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

const TIME = '/usr/bin/time';
const TARGETS = { coldVsCcusage: 0.5, rssVsCcusage: 0.5, warmVsCold: 0.1, rssMbAt1GB: 200 };

const FLAGS = {
  size: { type: 'string', description: 'tree size (default 200MB; 1GB adds a 600 MB file)', placeholder: 'SIZE' },
  runs: { type: 'string', description: 'runs per measurement, median reported (default 3)', placeholder: 'N' },
  seed: { type: 'string', description: 'generator seed (default 1)', placeholder: 'N' },
  'data-dir': { type: 'string', description: 'where trees are kept (default .bench-data)', placeholder: 'DIR' },
  'skip-ccusage': { type: 'boolean', description: 'measure aios only' },
} as const;

interface Sample {
  wallMs: number;
  rssKb: number;
}

/** Run `cmd` under /usr/bin/time; wall time from our clock, peak RSS (KB) from time's %M. */
async function measure(cmd: string[], env: Record<string, string>): Promise<Sample> {
  const timeFile = join(tmpdir(), `aios-bench-time-${process.pid}`);
  const started = performance.now();
  const proc = Bun.spawn([TIME, '-f', '%M', '-o', timeFile, ...cmd], {
    cwd: ROOT,
    env: benchEnv(env),
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
  });
  const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${cmd.join(' ')} exited ${code}: ${err.slice(-2000)}`);
  const rssKb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
  rmSync(timeFile, { force: true });
  return { wallMs, rssKb };
}

async function runJson(cmd: string[], env: Record<string, string>): Promise<any> {
  const proc = Bun.spawn(cmd, {
    cwd: ROOT,
    env: benchEnv(env),
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'ignore',
  });
  const [text, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  if (code !== 0) throw new Error(`${cmd.join(' ')} exited ${code}`);
  return JSON.parse(text);
}

function sameTokens(doc: Record<string, number>, want: GenerateStats['totals']): boolean {
  return (['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'] as const).every(
    (k) => doc[k] === want[k],
  );
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const verdict = (ratio: number, target: number) =>
  `${ratio.toFixed(3)}x (target <= ${target}x: ${ratio <= target ? 'met' : 'MISSED'})`;

async function compare(flags: ParsedFlags<typeof FLAGS>): Promise<number> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing (apt-get install -y time)`);
  const bytes = sizeFlag(flags.size, '200MB');
  const runs = Math.max(1, wholeNumber('runs', flags.runs, 3));
  const seed = wholeNumber('seed', flags.seed, 1);
  const dataDir = resolve(ROOT, flags['data-dir'] ?? '.bench-data');

  const genStart = performance.now();
  const tree = ensureTree(dataDir, bytes, seed);
  console.log(`tree: ${tree.root}`);
  console.log(
    `  ${(tree.stats.bytes / 2 ** 20).toFixed(0)} MiB, ${tree.stats.files} files, ${tree.stats.lines} lines, ${tree.stats.entries} responses, largest file ${(tree.stats.largestFileBytes / 2 ** 20).toFixed(0)} MiB, largest line ${(tree.stats.largestLineBytes / 2 ** 20).toFixed(1)} MiB`,
  );
  console.log(`  ${tree.reused ? 'reused' : `generated in ${secs(performance.now() - genStart)}`}`);
  await warmPageCache(join(tree.root, 'projects'));

  const scratch = mkdtempSync(join(tmpdir(), 'aios-bench-'));
  const home = join(scratch, 'home');
  mkdirSync(home);
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  const peer: Sample[] = [];
  // What no aios run can go below: Bun starting, and Bun loading the aggregate command's modules.
  const bunFloor: Sample[] = [];
  const importFloor: Sample[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const cache = join(scratch, `cache-${i}`);
      const env = { HOME: home, CLAUDE_CONFIG_DIR: tree.root, AIOS_CACHE_DIR: cache };
      const aios = [BUN, 'scripts/aios.ts', 'aggregate', '--json'];
      cold.push(await measure(aios, env));
      warm.push(await measure(aios, env));
      if (!flags['skip-ccusage'])
        peer.push(
          await measure([CCUSAGE, 'daily', '--json', '--offline'], { HOME: home, CLAUDE_CONFIG_DIR: tree.root }),
        );
      bunFloor.push(await measure([BUN, '-e', '1'], {}));
      importFloor.push(await measure([BUN, '-e', "await import('./scripts/commands/aggregate.ts')"], {}));
      console.log(
        `  run ${i + 1}/${runs}: aios cold ${secs(cold[i]!.wallMs)} ${mb(cold[i]!.rssKb)}, warm ${secs(warm[i]!.wallMs)} ${mb(warm[i]!.rssKb)}${peer[i] ? `, ccusage ${secs(peer[i]!.wallMs)} ${mb(peer[i]!.rssKb)}` : ''}`,
      );
    }
    // A fast wrong answer is no answer: check both tools' totals against what was generated.
    const env = { HOME: home, CLAUDE_CONFIG_DIR: tree.root, AIOS_CACHE_DIR: join(scratch, 'cache-0') };
    const ours = (await runJson([BUN, 'scripts/aios.ts', 'aggregate', '--json'], env)).totals;
    console.log(
      `  aios totals equal the generator's: ${sameTokens(ours, tree.stats.totals) ? 'yes' : `NO (${JSON.stringify(ours)})`}`,
    );
    if (!flags['skip-ccusage']) {
      const theirs = (
        await runJson([CCUSAGE, 'daily', '--json', '--offline'], { HOME: home, CLAUDE_CONFIG_DIR: tree.root })
      ).totals;
      console.log(
        `  ccusage totals equal the generator's: ${sameTokens(theirs, tree.stats.totals) ? 'yes' : `NO (${JSON.stringify(theirs)})`}`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const m = (s: Sample[], k: keyof Sample) => median(s.map((x) => x[k]));
  console.log(
    `\nmedians of ${runs} (machine: ${navigator.hardwareConcurrency} cores, shared with other work; page cache hot)`,
  );
  console.log(`  aios cold     ${secs(m(cold, 'wallMs'))}  peak RSS ${mb(m(cold, 'rssKb'))}`);
  console.log(`  aios warm     ${secs(m(warm, 'wallMs'))}  peak RSS ${mb(m(warm, 'rssKb'))}`);
  if (peer.length) console.log(`  ccusage       ${secs(m(peer, 'wallMs'))}  peak RSS ${mb(m(peer, 'rssKb'))}`);
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  console.log(
    `  floor         bun -e 1: ${ms(m(bunFloor, 'wallMs'))}, ${mb(m(bunFloor, 'rssKb'))}; bun loading the aggregate command: ${ms(m(importFloor, 'wallMs'))}, ${mb(m(importFloor, 'rssKb'))}`,
  );
  console.log('ratios');
  if (peer.length) {
    console.log(
      `  cold wall / ccusage wall   ${verdict(m(cold, 'wallMs') / m(peer, 'wallMs'), TARGETS.coldVsCcusage)}`,
    );
    console.log(`  cold RSS  / ccusage RSS    ${verdict(m(cold, 'rssKb') / m(peer, 'rssKb'), TARGETS.rssVsCcusage)}`);
  }
  console.log(`  warm wall / cold wall      ${verdict(m(warm, 'wallMs') / m(cold, 'wallMs'), TARGETS.warmVsCold)}`);
  console.log(
    `  (start-up and imports alone / cold wall: ${(m(importFloor, 'wallMs') / m(cold, 'wallMs')).toFixed(3)}x; imports alone / ccusage RSS: ${peer.length ? (m(importFloor, 'rssKb') / m(peer, 'rssKb')).toFixed(3) : '-'}x)`,
  );
  if (bytes >= 2 ** 30) {
    const peak = Math.max(...cold.map((s) => s.rssKb), ...warm.map((s) => s.rssKb)) / 1024;
    console.log(
      `  aios peak RSS at ${(tree.stats.bytes / 2 ** 30).toFixed(2)} GiB: ${peak.toFixed(0)} MB (target < ${TARGETS.rssMbAt1GB} MB: ${peak < TARGETS.rssMbAt1GB ? 'met' : 'MISSED'})`,
    );
  }
  return 0;
}

const command = defineCommand({
  name: 'compare-ccusage',
  summary: 'benchmark aios aggregate against ccusage on a generated tree',
  flags: FLAGS,
  run: compare,
});

if (import.meta.main) runBench(command, 'bun bench/compare-ccusage.ts', 'compare-ccusage');
