// When and where sessions happen: projects, models and versions drawn by weight, start times on
// working hours over the last `days`, kept clear of the last hours when a live session owns them.
import type { GeneratorFeatures } from './features.ts';
import type { Prng } from './prng.ts';
import type { SessionPlan } from './plan.ts';

export const MODELS = {
  sonnet45: 'claude-sonnet-4-5-20250929',
  opus41: 'claude-opus-4-1-20250805',
  opus45: 'claude-opus-4-5-20251101',
  haiku45: 'claude-haiku-4-5-20251001',
  /** No price table knows it: its tokens count, its cost is unknown. */
  unpriced: 'claude-nova-7-20270101',
} as const;

const MODEL_WEIGHTS = [
  [MODELS.sonnet45, 50],
  [MODELS.opus45, 22],
  [MODELS.opus41, 10],
  [MODELS.haiku45, 15],
] as const;
const PROJECT_NAMES = [
  'aurora-api',
  'billing-service',
  'web-dashboard',
  'infra-terraform',
  'ml-notebooks',
  'mobile-app',
  'dotfiles',
  'docs-site',
  'data-pipeline',
  'cli-tools',
];
const VERSIONS = ['2.0.14', '2.0.37', '2.1.332'];
const LEGACY_VERSIONS = ['1.0.98', '1.0.112'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Project {
  cwd: string;
  /** Claude Code's folder name for the cwd: every character outside [A-Za-z0-9] becomes '-'. */
  dir: string;
}

export function makeProjects(count: number): Project[] {
  return PROJECT_NAMES.slice(0, Math.max(1, Math.min(count, PROJECT_NAMES.length))).map((name) => {
    const cwd = `/home/dev/code/${name}`;
    return { cwd, dir: cwd.replace(/[^A-Za-z0-9]/g, '-') };
  });
}

export class Planner {
  private stream = 1;
  /** No ordinary session runs past this (the live session owns the time after it). */
  readonly cutoff: number;
  readonly earliest: number;

  constructor(
    private readonly rng: Prng,
    private readonly features: GeneratorFeatures,
    readonly projects: Project[],
    readonly now: number,
    days: number,
    private readonly payloadScale: number,
    private readonly turnRange: readonly [number, number] = [3, 30],
  ) {
    this.cutoff = now - (features.liveSession ? 6 * HOUR : HOUR);
    this.earliest = now - days * DAY;
  }

  /** A plan with the usual random choices; `over` pins some of them. */
  plan(over: Partial<SessionPlan> = {}): SessionPlan {
    const rng = this.rng;
    const f = this.features;
    const model = over.model ?? (f.unpricedModel && rng.chance(0.03) ? MODELS.unpriced : rng.weighted(MODEL_WEIGHTS));
    const legacy = over.legacy ?? (f.legacyUsage && rng.chance(0.12));
    const start = over.start ?? this.randomStart();
    const project = rng.weighted(this.projects.map((p, i) => [p, this.projects.length - i] as const));
    return {
      stream: this.stream++,
      projectDir: project.dir,
      cwd: project.cwd,
      sessionId: rng.uuid(),
      model,
      start,
      end: Math.min(start + 8 * HOUR, this.cutoff),
      turns: rng.int(this.turnRange[0], this.turnRange[1]),
      timeScale: 1,
      cache1h: f.cache1h && !legacy && rng.chance(0.25),
      legacy,
      longContext: false,
      unpriced: model === MODELS.unpriced,
      version: legacy ? rng.pick(LEGACY_VERSIONS) : rng.pick(VERSIONS),
      gitBranch: rng.pick(['main', 'main', 'feature/usage', 'fix/parser']),
      limitMessage: f.limitMessages && rng.chance(0.04),
      payloadScale: this.payloadScale,
      ...over,
    };
  }

  /**
   * Working hours, fewer sessions on two days a week; never after the cutoff. The calendar is
   * anchored at `now` (the user works in the 14 hours up to now's time of day), so a tree made
   * for another hour is the same tree shifted: the demo looks the same whenever it is opened.
   */
  private randomStart(): number {
    const rng = this.rng;
    const span = this.cutoff - this.earliest - HOUR;
    for (let i = 0; i < 20; i++) {
      const at = Math.floor(this.earliest + rng.next() * span);
      const ago = this.now - at;
      if (ago % DAY > 14 * HOUR) continue;
      if (Math.floor(ago / DAY) % 7 >= 5 && rng.chance(0.65)) continue;
      return at;
    }
    return Math.floor(this.earliest + rng.next() * span);
  }
}
