// The embedded demo: a small, deterministic Claude Code history that aios generates itself (used by
// `aggregate --demo` and when no logs exist anywhere), cached per hour under aios's cache dir.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateLogTree, noFeatures, type GenerateOptions } from './generate-logs.ts';

/** Bump when the demo's options change, so trees cached by an older aios are not reused. */
const DEMO_VERSION = 1;
const DEMO_SEED = 8;
const HOUR = 3_600_000;
/** Folders this old that never got renamed into place are leftovers of a crashed run. */
const STALE_TEMP_MS = HOUR;

/**
 * What the demo holds: ~45 days (so the weekly estimate has four full weeks), 4 projects, every
 * priced model, streamed and resumed copies, sub-agents, 1-hour cache writes, API errors, and a
 * session running up to a few minutes before `now` (a live, active 5-hour block). No malformed
 * lines, unpriced model or limit messages: the demo shows what aios does, not what it skips.
 */
export function demoTreeOptions(root: string, hour: Date): GenerateOptions {
  return {
    root,
    targetBytes: 6 << 20,
    seed: DEMO_SEED,
    now: hour,
    days: 45,
    projects: 4,
    payloadScale: 0.05,
    turnsPerSession: [6, 24],
    liveSessionMinutes: 45,
    features: {
      ...noFeatures(),
      streamedCopies: true,
      exactCopies: true,
      resumedSessions: true,
      apiErrors: true,
      cache1h: true,
      subagents: true,
      liveSession: true,
    },
  };
}

function hourStamp(hour: Date): string {
  return hour.toISOString().slice(0, 13).replace(/[-T]/g, '');
}

/**
 * Make sure the demo tree for `now`'s hour exists under `cacheDir` and return the Claude Code
 * config dir to scan (it holds `projects/`). The tree is a pure function of the hour: a folder
 * already holding it is reused; otherwise it is built in a temp folder and renamed into place, so
 * a crash or a concurrent run never leaves a half-written tree where a scan would find it.
 * `generate` is injectable so tests can see when a tree is (not) built.
 *
 * @example const dir = prepareDemoConfigDir(join(cacheDir, 'demo'), new Date());
 */
export function prepareDemoConfigDir(
  cacheDir: string,
  now: Date,
  generate: (opts: GenerateOptions) => unknown = generateLogTree,
): string {
  const hour = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const name = `v${DEMO_VERSION}-${hourStamp(hour)}`;
  const dir = join(cacheDir, name);
  if (existsSync(join(dir, 'projects'))) return dir;

  mkdirSync(cacheDir, { recursive: true });
  const tmp = join(cacheDir, `.tmp-${name}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  try {
    generate(demoTreeOptions(tmp, hour));
    renameSync(tmp, dir);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    // Another aios run renamed the same hour's tree into place first: theirs is as good as ours.
    if (!existsSync(join(dir, 'projects'))) throw error;
  }
  pruneOldTrees(cacheDir, name);
  return dir;
}

/**
 * Remove demo trees older than the previous hour's (a running server may still be reading that
 * one) and temp folders left by crashed runs. Failures only leave clutter, so they are ignored.
 */
function pruneOldTrees(cacheDir: string, current: string): void {
  const trees = readdirSync(cacheDir).filter((n) => /^v\d+-\d{10}$/.test(n) && n !== current);
  const newestOthers = trees.sort().reverse();
  const keep = new Set(newestOthers.slice(0, 1).filter((n) => n < current));
  for (const entry of readdirSync(cacheDir)) {
    const path = join(cacheDir, entry);
    try {
      if (/^v\d+-\d{10}$/.test(entry) && entry !== current && !keep.has(entry)) {
        rmSync(path, { recursive: true, force: true });
      } else if (entry.startsWith('.tmp-') && Date.now() - statSync(path).mtimeMs > STALE_TEMP_MS) {
        rmSync(path, { recursive: true, force: true });
      }
    } catch {
      // clutter at worst
    }
  }
}
