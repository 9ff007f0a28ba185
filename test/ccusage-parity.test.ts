// aios checked against a peer: on generated trees, `aios aggregate --json` and ccusage 20.0.24
// (`ccusage daily --json --offline`) report the same tokens and cost wherever both price alike.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  generateLogTree,
  MODELS,
  noFeatures,
  type GenerateOptions,
  type GenerateStats,
} from '../scripts/lib/demo/generate-logs.ts';
import { assistantLine, configDirAt } from './fixtures/claude-log-fixtures.ts';
import { costOfEntry } from '../scripts/lib/pricing/pricing.ts';

const ROOT = resolve(import.meta.dir, '..');
const BUN = join(ROOT, 'node_modules/.bin/bun');
const CCUSAGE = join(ROOT, 'node_modules/.bin/ccusage');
const NOW = new Date('2026-11-20T15:00:00Z');
const base = mkdtempSync(join(tmpdir(), 'aios-parity-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

interface Tokens {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}
interface Side extends Tokens {
  cost: number;
}
interface Run {
  totals: Side;
  /** By date (UTC); ccusage's `period`, aios's `date`. */
  daily: Map<string, Side>;
  /** By model. */
  models: Map<string, Side>;
  unpricedModels: string[];
  /** aios only: what the scan says it read and skipped. */
  sources?: { entries: number; duplicates: number; skipped: Record<string, number> };
}

async function run(cmd: string[], env: Record<string, string>): Promise<unknown> {
  const proc = Bun.spawn(cmd, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC', ...env },
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  });
  const timer = setTimeout(() => proc.kill(), 60_000);
  try {
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    if (code !== 0) throw new Error(`${cmd.slice(0, 3).join(' ')} exited ${code}: ${err.slice(0, 2000)}`);
    return JSON.parse(out);
  } finally {
    clearTimeout(timer);
  }
}

const side = (r: any, cost: number): Side => ({
  inputTokens: r.inputTokens,
  outputTokens: r.outputTokens,
  cacheCreationTokens: r.cacheCreationTokens,
  cacheReadTokens: r.cacheReadTokens,
  cost,
});

/** ccusage with HOME pointed at an empty dir, so nothing but the tree is read. */
async function runCcusage(tree: string): Promise<Run> {
  const home = mkdtempSync(join(base, 'home-'));
  const doc: any = await run([CCUSAGE, 'daily', '--json', '--offline'], { HOME: home, CLAUDE_CONFIG_DIR: tree });
  const models = new Map<string, Side>();
  for (const day of doc.daily) {
    for (const m of day.modelBreakdowns) {
      const prev = models.get(m.modelName) ?? {
        inputTokens: 0,
        outputTokens: 0,
        cacheCreationTokens: 0,
        cacheReadTokens: 0,
        cost: 0,
      };
      models.set(m.modelName, {
        inputTokens: prev.inputTokens + m.inputTokens,
        outputTokens: prev.outputTokens + m.outputTokens,
        cacheCreationTokens: prev.cacheCreationTokens + m.cacheCreationTokens,
        cacheReadTokens: prev.cacheReadTokens + m.cacheReadTokens,
        cost: prev.cost + m.cost,
      });
    }
  }
  return {
    totals: side(doc.totals, doc.totals.totalCost),
    daily: new Map(doc.daily.map((d: any) => [d.period, side(d, d.totalCost)])),
    models,
    unpricedModels: [...(doc.totals.unpricedModels ?? [])].sort(),
  };
}

/** aios with its own empty cache dir; unpriced cost (null) is the priced part, i.e. 0 here. */
async function runAios(tree: string): Promise<Run> {
  const home = mkdtempSync(join(base, 'home-'));
  const cache = mkdtempSync(join(base, 'cache-'));
  const doc: any = await run([BUN, 'scripts/aios.ts', 'aggregate', '--json'], {
    HOME: home,
    CLAUDE_CONFIG_DIR: tree,
    AIOS_CACHE_DIR: cache,
  });
  expect(doc.demo).toBe(false);
  return {
    totals: side(doc.totals, doc.totals.costUsd ?? 0),
    daily: new Map(doc.daily.map((d: any) => [d.date, side(d, d.costUsd ?? 0)])),
    models: new Map(doc.models.map((m: any) => [m.model, side(m, m.costUsd ?? 0)])),
    unpricedModels: [...doc.unpricedModels].sort(),
    sources: doc.sources,
  };
}

function relErr(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** aios states money rounded to a millionth of a dollar (assemble/money.ts): at most this far off. */
const AIOS_ROUNDING_USD = 5e-7;

/**
 * Every field within relative error 1e-6 (token counts are integers, so in practice equal); a cost
 * may also differ by aios's rounding, which for a few cents is more than 1e-6 of it.
 */
function expectSame(ours: Side, theirs: Side, label: string): void {
  for (const k of ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens', 'cost'] as const) {
    const err = relErr(ours[k], theirs[k]);
    const rounding = k === 'cost' && Math.abs(ours[k] - theirs[k]) <= AIOS_ROUNDING_USD + 1e-12;
    if (err >= 1e-6 && !rounding)
      throw new Error(`${label} ${k}: aios ${ours[k]} vs ccusage ${theirs[k]} (relative error ${err})`);
  }
}

function tokensOf(s: GenerateStats['totals']): Tokens {
  return {
    inputTokens: s.inputTokens,
    outputTokens: s.outputTokens,
    cacheCreationTokens: s.cacheCreationTokens,
    cacheReadTokens: s.cacheReadTokens,
  };
}

function tokensOfSide(s: Side): Tokens {
  const { cost: _cost, ...t } = s;
  return t;
}

async function generateAndRun(
  name: string,
  opts: Partial<GenerateOptions>,
): Promise<{ stats: GenerateStats; aios: Run; ccusage: Run }> {
  const root = join(base, name);
  mkdirSync(root);
  const stats = generateLogTree({ root, targetBytes: 3 << 20, seed: 11, now: NOW, ...opts });
  const [aios, ccusage] = await Promise.all([runAios(root), runCcusage(root)]);
  return { stats, aios, ccusage };
}

describe('a tree of everything both tools treat alike', () => {
  // Streamed partial and exact copies, resumed sessions, sub-agents, malformed and API-error
  // lines, 1-hour cache writes, legacy usage, an unpriced model, limit messages and a >10 MB line.
  // Left out: long context (priced differently on purpose, see below).
  let r: { stats: GenerateStats; aios: Run; ccusage: Run };
  beforeAll(async () => {
    r = await generateAndRun('alike', {
      targetBytes: 14 << 20,
      features: { hugeLine: true, longContext: false },
      hugeLineBytes: 11 << 20,
    });
  }, 120_000);

  test('the same token totals and total cost (relative error < 1e-6)', () => {
    expectSame(r.aios.totals, r.ccusage.totals, 'totals');
    expect(r.aios.totals.cost).toBeGreaterThan(0);
  });

  test('both equal the totals the generator wrote', () => {
    expect(tokensOfSide(r.aios.totals)).toEqual(tokensOf(r.stats.totals));
    expect(tokensOfSide(r.ccusage.totals)).toEqual(tokensOf(r.stats.totals));
  });

  test("aios's scan counts what the generator wrote: responses, dropped copies, skipped lines", () => {
    expect(r.stats.largestLineBytes).toBeGreaterThan(10 << 20);
    expect(r.aios.sources!.entries).toBe(r.stats.entries);
    expect(r.aios.sources!.duplicates).toBe(r.stats.duplicateLines);
    expect(r.aios.sources!.skipped.malformed ?? 0).toBe(r.stats.malformedUsageLines);
    expect(r.stats.malformedUsageLines).toBeGreaterThan(0);
  });

  test('the same rows per UTC day and per model', () => {
    expect([...r.aios.daily.keys()].sort()).toEqual([...r.ccusage.daily.keys()].sort());
    for (const [date, ours] of r.aios.daily) expectSame(ours, r.ccusage.daily.get(date)!, date);
    expect([...r.aios.models.keys()].sort()).toEqual([...r.ccusage.models.keys()].sort());
    for (const [model, ours] of r.aios.models) expectSame(ours, r.ccusage.models.get(model)!, model);
  });

  test('the unpriced model is listed by both, its tokens counted and its cost left out', () => {
    expect(r.aios.unpricedModels).toEqual([MODELS.unpriced]);
    expect(r.ccusage.unpricedModels).toEqual([MODELS.unpriced]);
    expect(tokensOfSide(r.aios.models.get(MODELS.unpriced)!)).toEqual(tokensOf(r.stats.byModel[MODELS.unpriced]!));
  });
});

describe('streamed copies with partial output', () => {
  // The shared doc expected ccusage to keep the first streamed copy; 20.0.24 keeps the largest,
  // as aios does. Both must therefore exceed a keep-the-first count by what the generator predicts.
  let r: { stats: GenerateStats; aios: Run; ccusage: Run };
  beforeAll(async () => {
    r = await generateAndRun('streamed', {
      features: { ...noFeatures(), streamedCopies: true, resumedSessions: true },
    });
  }, 120_000);

  test('aios counts the largest copy: first-copy output plus exactly the partial-copy shortfall', () => {
    const shortfall = r.stats.totals.outputTokens - r.stats.firstCopyOutputTokens;
    expect(r.stats.partialCopyLines).toBeGreaterThan(0);
    expect(shortfall).toBeGreaterThan(0);
    expect(r.aios.totals.outputTokens - r.stats.firstCopyOutputTokens).toBe(shortfall);
  });

  test('ccusage 20.0.24 keeps the largest copy too, so the two agree exactly', () => {
    expect(r.aios.totals.outputTokens - r.ccusage.totals.outputTokens).toBe(0);
    expectSame(r.aios.totals, r.ccusage.totals, 'totals');
  });
});

describe('long context, where aios differs on purpose', () => {
  // Anthropic bills a whole Sonnet 4/4.5 request at long-context rates once its input exceeds
  // 200k tokens; ccusage 20.0.24 tiers each token category separately above 200k.
  let r: { stats: GenerateStats; aios: Run; ccusage: Run };
  beforeAll(async () => {
    r = await generateAndRun('long', { features: { ...noFeatures(), longContext: true } });
  }, 120_000);

  test('tokens agree; aios costs more, and only for Sonnet', () => {
    expect(r.stats.longContextRequests).toBeGreaterThan(0);
    expect(tokensOfSide(r.aios.totals)).toEqual(tokensOfSide(r.ccusage.totals));
    expect(r.aios.totals.cost).toBeGreaterThan(r.ccusage.totals.cost * (1 + 1e-6));
    for (const [model, ours] of r.aios.models) {
      if (model === MODELS.sonnet45) expect(ours.cost).toBeGreaterThan(r.ccusage.models.get(model)!.cost);
      else expectSame(ours, r.ccusage.models.get(model)!, model);
    }
  });
});

describe('fast mode and US-only inference (usage.speed, usage.inference_geo)', () => {
  // One response per UTC day, so each case is a row of its own in both tools' daily output.
  // Under 200k tokens of context each: long context is priced differently on purpose (above).
  interface Case {
    day: string;
    model: string;
    speed?: string;
    inferenceGeo?: string;
  }
  const CASES = {
    opus48: { day: '2026-11-01', model: 'claude-opus-4-8' },
    opus48Fast: { day: '2026-11-02', model: 'claude-opus-4-8', speed: 'fast' },
    opus47Fast: { day: '2026-11-03', model: 'claude-opus-4-7', speed: 'fast' },
    opus46Fast: { day: '2026-11-04', model: 'claude-opus-4-6', speed: 'fast' },
    sonnet46: { day: '2026-11-05', model: 'claude-sonnet-4-6', speed: 'standard' },
    sonnet5: { day: '2026-11-06', model: 'claude-sonnet-5' },
    fable5: { day: '2026-11-07', model: 'claude-fable-5', inferenceGeo: 'global' },
    sonnet45Us: { day: '2026-11-08', model: 'claude-sonnet-4-5-20250929', inferenceGeo: 'us' },
    opus48FastUs: { day: '2026-11-09', model: 'claude-opus-4-8', speed: 'fast', inferenceGeo: 'us' },
    opus45Fast: { day: '2026-11-10', model: 'claude-opus-4-5-20251101', speed: 'fast' },
    haiku45Fast: { day: '2026-11-11', model: 'claude-haiku-4-5-20251001', speed: 'fast' },
  } satisfies Record<string, Case>;
  const TOKENS = { input: 1200, output: 3400, cacheCreation: 5000, cacheCreation1h: 2000, cacheRead: 60_000 };
  const ALIKE = ['opus48', 'opus48Fast', 'opus47Fast', 'opus46Fast', 'sonnet46', 'sonnet5', 'fable5'] as const;
  let aios: Run;
  let ccusage: Run;

  beforeAll(async () => {
    const root = join(base, 'speed-geo');
    const tree = configDirAt(root);
    const lines = Object.entries(CASES).map(([name, c]: [string, Case]) =>
      assistantLine({
        id: `msg_${name}`,
        requestId: `req_${name}`,
        timestamp: `${c.day}T12:00:00.000Z`,
        model: c.model,
        speed: c.speed,
        inferenceGeo: c.inferenceGeo,
        ...TOKENS,
      }),
    );
    tree.write('-home-dev-proj/speed-geo.jsonl', lines);
    [aios, ccusage] = await Promise.all([runAios(root), runCcusage(root)]);
  }, 120_000);

  const day = (r: Run, c: Case) => r.daily.get(c.day)!;

  test('both count every token of every line, under the same model names ("-fast" for fast mode)', () => {
    expect(tokensOfSide(aios.totals)).toEqual(tokensOfSide(ccusage.totals));
    expect([...aios.models.keys()].sort()).toEqual([...ccusage.models.keys()].sort());
    expect(aios.models.has('claude-opus-4-8-fast')).toBe(true);
    for (const c of Object.values(CASES)) expect(tokensOfSide(day(aios, c))).toEqual(tokensOfSide(day(ccusage, c)));
  });

  test('the 1M-context rows and the known fast multiples (x2 opus-4-8, x6 opus-4-6/4-7) cost the same in both', () => {
    for (const name of ALIKE) expectSame(day(aios, CASES[name]), day(ccusage, CASES[name]), name);
    const standard = day(aios, CASES.opus48).cost;
    expect(day(aios, CASES.opus48Fast).cost).toBeCloseTo(2 * standard, 6);
  });

  test("US-only inference: aios charges 1.1x, as Claude Code's own estimate does; ccusage 20.0.24 ignores inference_geo", () => {
    for (const c of [CASES.sonnet45Us, CASES.opus48FastUs]) {
      const ours = day(aios, c).cost;
      const theirs = day(ccusage, c).cost;
      expect(theirs).toBeGreaterThan(0);
      expect(Math.abs(ours - 1.1 * theirs)).toBeLessThanOrEqual(AIOS_ROUNDING_USD + 1e-12);
    }
  });

  test('fast mode with no known fast price: aios leaves it unpriced and lists it; ccusage 20.0.24 prices it as standard', () => {
    // Standard would under-count by the unknown multiple, so aios counts the tokens and shows no cost.
    const unpriced = [`${CASES.haiku45Fast.model}-fast`, `${CASES.opus45Fast.model}-fast`];
    expect(aios.unpricedModels).toEqual(unpriced);
    expect(ccusage.unpricedModels).toEqual([]);
    for (const c of [CASES.opus45Fast, CASES.haiku45Fast]) {
      expect(day(aios, c).cost).toBe(0); // null in the document: nothing that day could be priced
      const standard = costOfEntry({
        key: null,
        timestamp: 0,
        model: c.model,
        sessionId: 's',
        project: 'p',
        inputTokens: TOKENS.input,
        outputTokens: TOKENS.output,
        cacheCreationTokens: TOKENS.cacheCreation,
        cacheCreation1hTokens: TOKENS.cacheCreation1h,
        cacheReadTokens: TOKENS.cacheRead,
        speed: null,
        inferenceGeo: null,
      })!;
      expect(relErr(day(ccusage, c).cost, standard)).toBeLessThan(1e-9);
    }
  });
});
