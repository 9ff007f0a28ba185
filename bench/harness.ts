// What the benchmarks share: the generated log tree (kept in .bench-data, keyed by the generator's
// source), a hot page cache, the environment runs are spawned with, medians, flags and the runner.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateLogTree, parseSize, type GenerateStats } from '../scripts/lib/demo/generate-logs.ts';
import { writeFileAtomic } from '../scripts/lib/support/atomic-write.ts';
import { errorMessage } from '../scripts/lib/support/errors.ts';
import { runCommand, UsageError, type CommandSpec, type FlagSpecs } from '../scripts/lib/support/flags.ts';

export const ROOT = resolve(import.meta.dir, '..');
export const BUN = join(ROOT, 'node_modules/.bin/bun');
/** The native binary the `ccusage` npm shim spawns: measured directly, so the Node shim's own
 * start-up and memory do not count against ccusage. */
export const CCUSAGE = join(ROOT, 'node_modules/@ccusage/ccusage-linux-x64/bin/ccusage');
/** A fixed end of history keeps the cached tree valid across days. */
const TREE_NOW = new Date('2026-11-20T15:00:00Z');

/** Key the cached tree by the generator's source, so a changed generator makes a new tree. */
function generatorHash(): string {
  const h = createHash('sha256');
  const dir = join(ROOT, 'scripts/lib/demo/log-gen');
  for (const f of readdirSync(dir).sort())
    if (f.endsWith('.ts') && !f.endsWith('.test.ts')) h.update(readFileSync(join(dir, f)));
  h.update(readFileSync(join(ROOT, 'scripts/lib/demo/generate-logs.ts')));
  return h.digest('hex').slice(0, 10);
}

/** The tree of `bytes` for `seed` under `dataDir`, generated (atomically) unless it is there already. */
export function ensureTree(
  dataDir: string,
  bytes: number,
  seed: number,
): { root: string; stats: GenerateStats; reused: boolean } {
  const big = bytes >= 2 ** 30;
  const root = join(dataDir, `tree-${bytes}-s${seed}-${generatorHash()}`);
  const statsFile = join(root, 'generate-stats.json');
  if (existsSync(statsFile)) return { root, stats: JSON.parse(readFileSync(statsFile, 'utf8')), reused: true };
  for (const old of existsSync(dataDir) ? readdirSync(dataDir) : []) {
    if (old.startsWith(`tree-${bytes}-s${seed}-`)) rmSync(join(dataDir, old), { recursive: true, force: true });
  }
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const stats = generateLogTree({
    root: tmp,
    targetBytes: bytes,
    seed,
    now: TREE_NOW,
    features: { hugeLine: true, hugeFile: big },
    hugeFileBytes: big ? 600 * 2 ** 20 : undefined,
  });
  writeFileAtomic(join(tmp, 'generate-stats.json'), JSON.stringify(stats, null, 2));
  renameSync(tmp, root);
  return { root, stats, reused: false };
}

/** Read every file once so all measured runs start with the same (hot) page cache. */
export async function warmPageCache(dir: string): Promise<void> {
  for (const d of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!d.isFile()) continue;
    const stream = createReadStream(join(d.parentPath, d.name), { highWaterMark: 1 << 20 });
    for await (const _ of stream) void _;
  }
}

/** The environment of a measured process: `env` over the caller's PATH and UTC, nothing else inherited. */
export function benchEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC', ...env };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** `--size` in bytes ("200MB", "1GB"), or a usage error. */
export function sizeFlag(raw: string | undefined, fallback: string): number {
  try {
    return parseSize(raw ?? fallback);
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
}

/** A whole number from a flag, or a usage error naming it. */
export function wholeNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} needs a whole number, got '${raw}'`);
  return Number(raw);
}

/**
 * Run a benchmark's command on this process's arguments and set the exit code; any failure is one
 * line on stderr, after `label: `.
 *
 * @example if (import.meta.main) runBench(command, 'bun bench/statusline.ts', 'bench/statusline');
 */
export function runBench<const S extends FlagSpecs>(command: CommandSpec<S>, invocation: string, label: string): void {
  runCommand(command, process.argv.slice(2), invocation).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${label}: ${errorMessage(error)}`);
      process.exitCode = 1;
    },
  );
}
