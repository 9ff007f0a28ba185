#!/usr/bin/env bun
// Deterministic generator of realistic Claude Code log trees, for tests, the demo and benchmarks:
// a library (`generateLogTree`) and a CLI (`bun scripts/lib/demo/generate-logs.ts --out DIR --size 200MB`).
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../support/errors.ts';
import { DEFAULT_FEATURES, type GeneratorFeatures } from './log-gen/features.ts';
import { LineFile } from './log-gen/line-sink.ts';
import { makeProjects, MODELS, Planner } from './log-gen/planner.ts';
import { Prng } from './log-gen/prng.ts';
import { StatsRecorder } from './log-gen/recorder.ts';
import type { GenContext, SessionPlan } from './log-gen/plan.ts';
import { renderSession } from './log-gen/session.ts';
import { writeHugeLineSession } from './log-gen/huge-line.ts';
import { TextPool } from './log-gen/text-pool.ts';
import type { GenerateStats } from './log-gen/stats.ts';

export type { GeneratorFeatures } from './log-gen/features.ts';
export type { GenerateStats, TokenSums } from './log-gen/stats.ts';
export { DEFAULT_FEATURES, noFeatures, parseFeatureList } from './log-gen/features.ts';
export { MODELS } from './log-gen/planner.ts';

export interface GenerateOptions {
  /** The tree goes to `<root>/projects/`; that folder must not exist yet or be empty. */
  root: string;
  /** Stop starting sessions once this many bytes are written (the last one may overshoot). */
  targetBytes: number;
  /** Default 1. Same seed, options and `now` give the same bytes. */
  seed?: number;
  /** The end of the history; default the current time. */
  now?: Date;
  /** How far back the history goes; default 42. */
  days?: number;
  /** Number of projects, 1-10; default 6. */
  projects?: number;
  /** Multiplies text and tool-result bytes (not tokens); default 1. The demo writes small files. */
  payloadScale?: number;
  /** User turns per ordinary session, min and max; default [3, 30]. */
  turnsPerSession?: readonly [number, number];
  /** Merged over DEFAULT_FEATURES. */
  features?: Partial<GeneratorFeatures>;
  /** How long the live session has been running at `now`; default 100. */
  liveSessionMinutes?: number;
  /** Default 12 MiB. */
  hugeLineBytes?: number;
  /** Default 40% of targetBytes. */
  hugeFileBytes?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Write a Claude Code log tree and return what it holds, including the totals a correct scanner
 * reports (each message.id + requestId once, at its largest copy).
 *
 * @example const stats = generateLogTree({ root: dir, targetBytes: 2 << 20, seed: 7, now });
 */
export function generateLogTree(opts: GenerateOptions): GenerateStats {
  const seed = opts.seed ?? 1;
  const now = opts.now ?? new Date();
  const features: GeneratorFeatures = { ...DEFAULT_FEATURES, ...opts.features };
  const projectsRoot = join(opts.root, 'projects');
  if (existsSync(projectsRoot) && readdirSync(projectsRoot).length > 0) {
    throw new Error(`${projectsRoot} is not empty; the generator only writes fresh trees`);
  }
  mkdirSync(projectsRoot, { recursive: true });
  const rec = new StatsRecorder(opts.root, seed, now);
  const ctx: GenContext = { seed, root: opts.root, pool: new TextPool(seed), features, rec };
  const rng = new Prng(seed, 0);
  const planner = new Planner(
    rng,
    features,
    makeProjects(opts.projects ?? 6),
    now.getTime(),
    opts.days ?? 42,
    opts.payloadScale ?? 1,
    opts.turnsPerSession,
  );
  const write = (plan: SessionPlan) => writeSession(ctx, plan);

  if (features.liveSession) {
    // Runs until a minute or two before `now`, so the latest 5-hour block is active.
    const start = now.getTime() - (opts.liveSessionMinutes ?? 100) * 60_000 - rng.int(0, 600_000);
    write(
      planner.plan({
        model: MODELS.sonnet45,
        start,
        end: now.getTime() - rng.int(60_000, 180_000),
        turns: 1_000,
        projectDir: planner.projects[0]!.dir,
        cwd: planner.projects[0]!.cwd,
        limitMessage: false,
      }),
    );
  }
  if (features.hugeLine) writeHugeLineSession(ctx, planner.plan({ turns: 1 }), opts.hugeLineBytes ?? 12 << 20);
  if (features.unpricedModel) write(planner.plan({ model: MODELS.unpriced, unpriced: true }));
  if (features.longContext)
    write(planner.plan({ model: MODELS.sonnet45, longContext: true, turns: 60, legacy: false }));
  if (features.limitMessages) write(planner.plan({ limitMessage: true }));
  if (features.hugeFile) {
    const bytes = opts.hugeFileBytes ?? Math.floor(opts.targetBytes * 0.4);
    const start = planner.earliest + DAY;
    const end = planner.cutoff - HOUR;
    // About 6 KB and 80 s per step at scale 1: squeeze the pauses so the file fits its time span.
    const timeScale = Math.min(1, (end - start) / ((bytes / 6_000) * 80_000));
    write(planner.plan({ start, end, minFileBytes: bytes, timeScale, turns: 0, limitMessage: false }));
  }
  // At least one ordinary session, and one resumed session when that feature is on, however
  // small the target: tests rely on every switched-on feature being present.
  let resumedOnce = false;
  for (
    let ordinary = 0;
    rec.counters.bytes < opts.targetBytes ||
    ordinary === 0 ||
    (features.resumedSessions && !resumedOnce && ordinary < 50);
    ordinary++
  ) {
    const plan = planner.plan(ordinary === 0 && features.legacyUsage ? { legacy: true, cache1h: false } : {});
    const endAt = write(plan);
    if (features.resumedSessions && (!resumedOnce || rng.chance(0.12))) {
      resumedOnce = writeResumed(ctx, planner, plan, endAt) || resumedOnce;
    }
  }
  return rec.finish();
}

function sessionPath(ctx: GenContext, plan: SessionPlan): string {
  return join(ctx.root, 'projects', plan.projectDir, `${plan.sessionId}.jsonl`);
}

function writeSession(ctx: GenContext, plan: SessionPlan): number {
  const out = new LineFile(sessionPath(ctx, plan), ctx.rec.counters);
  try {
    return renderSession(ctx, plan, out, false).endAt;
  } finally {
    out.close();
  }
}

/**
 * A resumed session: a new file that first replays `original` line for line (same message ids,
 * request ids and timestamps; quirk from CLAUDE-DATA.md section 2), then goes on with new turns.
 */
function writeResumed(ctx: GenContext, planner: Planner, original: SessionPlan, originalEnd: number): boolean {
  const room = planner.cutoff - HOUR - (originalEnd + 600_000);
  if (room <= 0) return false;
  const start =
    originalEnd + 600_000 + Math.floor(new Prng(ctx.seed, original.stream ^ 0x2e5).next() * Math.min(DAY, room));
  const next = planner.plan({
    start,
    projectDir: original.projectDir,
    cwd: original.cwd,
    model: original.model,
    unpriced: original.unpriced,
    legacy: original.legacy,
    limitMessage: false,
  });
  const out = new LineFile(sessionPath(ctx, next), ctx.rec.counters);
  try {
    renderSession(ctx, original, out, true);
    renderSession(ctx, next, out, false);
  } finally {
    out.close();
  }
  return true;
}

/** "200MB", "1GB", "512KiB", "1500000": K, M and G are powers of 1024. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|K|KB|KIB|M|MB|MIB|G|GB|GIB)?$/i.exec(text.trim());
  if (!m) throw new Error(`cannot read size '${text}' (try 200MB or 1GB)`);
  const unit = (m[2] ?? 'B').toUpperCase()[0]!;
  const factor = unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * factor);
}

const CLI_FLAGS = {
  out: { type: 'string', description: 'folder to write (the tree goes to DIR/projects/)', placeholder: 'DIR' },
  size: { type: 'string', description: 'bytes to write, e.g. 200MB, 1GB (default 20MB)', placeholder: 'SIZE' },
  seed: { type: 'string', description: 'random seed (default 1)', placeholder: 'N' },
  now: { type: 'string', description: 'end of the history (default: this hour)', placeholder: 'ISO' },
  days: { type: 'string', description: 'days of history (default 42)', placeholder: 'N' },
  projects: { type: 'string', description: 'number of projects, 1-10 (default 6)', placeholder: 'N' },
  features: {
    type: 'string',
    description: 'e.g. all | none,+streamedCopies | -hugeLine,+hugeFile',
    placeholder: 'LIST',
  },
  'huge-file-size': {
    type: 'string',
    description: 'size of the huge file (default 40% of --size)',
    placeholder: 'SIZE',
  },
} as const;

async function cli(argv: string[]): Promise<number> {
  const { defineCommand, runCommand, UsageError } = await import('../support/flags.ts');
  const { log } = await import('../support/log.ts');
  const { FEATURE_NAMES, parseFeatureList } = await import('./log-gen/features.ts');
  // Bad numbers, dates, sizes and feature names are the user's to fix: usage errors, not failures.
  const asUsage = <T>(read: () => T): T => {
    try {
      return read();
    } catch (error) {
      throw new UsageError(errorMessage(error));
    }
  };
  const num = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new UsageError(`--${name} needs a number`);
    return n;
  };
  const spec = defineCommand({
    name: 'generate-logs',
    summary: `write a deterministic Claude Code log tree; features: ${FEATURE_NAMES.join(', ')}`,
    flags: CLI_FLAGS,
    async run(flags) {
      if (flags.out === undefined) throw new UsageError('--out DIR is required');
      const now = flags.now === undefined ? new Date(Math.floor(Date.now() / HOUR) * HOUR) : new Date(flags.now);
      if (Number.isNaN(now.getTime())) throw new UsageError('--now needs an ISO date');
      const options: GenerateOptions = {
        root: flags.out,
        targetBytes: asUsage(() => parseSize(flags.size ?? '20MB')),
        seed: num('seed', flags.seed, 1),
        now,
        days: num('days', flags.days, 42),
        projects: num('projects', flags.projects, 6),
        features: asUsage(() => (flags.features === undefined ? undefined : parseFeatureList(flags.features))),
        hugeFileBytes: asUsage(() =>
          flags['huge-file-size'] === undefined ? undefined : parseSize(flags['huge-file-size']),
        ),
      };
      const started = performance.now();
      const stats = generateLogTree(options);
      const secs = (performance.now() - started) / 1000;
      log.info(
        `generated ${stats.files} files, ${(stats.bytes / 2 ** 20).toFixed(1)} MiB, ${stats.entries} responses in ${secs.toFixed(1)} s`,
      );
      console.log(JSON.stringify(stats, null, 2));
      return 0;
    },
  });
  try {
    return await runCommand(spec, argv, 'bun scripts/lib/demo/generate-logs.ts');
  } catch (error) {
    log.error(errorMessage(error));
    return 1;
  }
}

if (import.meta.main) {
  cli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
