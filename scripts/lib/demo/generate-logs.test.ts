// The log generator: deterministic bytes, stats that match an independent reading of the tree,
// and feature switches that really switch.
import { afterAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateLogTree,
  MODELS,
  noFeatures,
  parseFeatureList,
  parseSize,
  type GenerateOptions,
} from './generate-logs.ts';
import { readTreeReference } from '../../../test/fixtures/reference-reader.ts';

const base = mkdtempSync(join(tmpdir(), 'aios-gen-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const NOW = new Date('2026-11-20T15:00:00Z');
const HOUR = 3_600_000;

function gen(opts: Partial<GenerateOptions> = {}) {
  const root = join(base, `t${n++}`);
  const stats = generateLogTree({ root, targetBytes: 1 << 20, seed: 3, now: NOW, ...opts });
  return { root, stats };
}

function treeHash(root: string): string {
  const h = createHash('sha256');
  const files = readdirSync(join(root, 'projects'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
  for (const f of files) h.update(f.slice(root.length)).update(readFileSync(f));
  return h.digest('hex');
}

describe('determinism', () => {
  test('the same seed, options and now write byte-identical trees', () => {
    const a = gen();
    const b = gen();
    expect(treeHash(a.root)).toBe(treeHash(b.root));
    expect({ ...a.stats, root: '' }).toEqual({ ...b.stats, root: '' });
  });

  test('another seed writes another tree', () => {
    expect(treeHash(gen({ seed: 4 }).root)).not.toBe(treeHash(gen().root));
  });
});

describe('stats agree with an independent reading of the tree', () => {
  const { root, stats } = gen({ targetBytes: 2 << 20 });
  const ref = readTreeReference(root);

  test('unique responses and their token sums under the largest-copy rule', () => {
    expect(ref.totals).toEqual(stats.totals);
    expect(ref.byModel).toEqual(stats.byModel);
    expect(ref.entries.length).toBe(stats.entries);
  });

  test('duplicates, partial first copies, malformed and API-error lines are as counted', () => {
    expect(ref.duplicateLines).toBe(stats.duplicateLines);
    expect(ref.firstCopyOutputTokens).toBe(stats.firstCopyOutputTokens);
    expect(ref.malformedLines).toBe(stats.malformedLines);
    expect(ref.apiErrorLines).toBe(stats.apiErrorLines);
    // A resumed session may replay a limit message: the stats list each message once.
    const resets = [...new Set(ref.limitResets)].map((t) => new Date(t).toISOString());
    expect(resets.sort()).toEqual(stats.limitMessages.map((m) => m.resetsAt).sort());
  });

  test('files, lines and bytes are as counted, and the size target is met without a wild overshoot', () => {
    expect([ref.files, ref.lines, ref.bytes]).toEqual([stats.files, stats.lines, stats.bytes]);
    expect(stats.bytes).toBeGreaterThanOrEqual(2 << 20);
    expect(stats.bytes).toBeLessThan(6 << 20);
  });

  test('every default feature shows up: streamed partial copies, replays, sub-agents, 1h writes, legacy usage', () => {
    expect(stats.partialCopyLines).toBeGreaterThan(0);
    expect(stats.firstCopyOutputTokens).toBeLessThan(stats.totals.outputTokens);
    expect(stats.replayedLines).toBeGreaterThan(0);
    expect(stats.subagentFiles).toBeGreaterThan(0);
    expect(stats.totals.cacheCreation1hTokens).toBeGreaterThan(0);
    expect(ref.entries.some((e) => e.legacy)).toBe(true);
    expect(stats.malformedUsageLines).toBeGreaterThan(0);
    expect(stats.unpricedModels).toEqual([MODELS.unpriced]);
    expect(stats.limitMessages.length).toBeGreaterThan(0);
  });

  test('timestamps stay within [now - days, now] and the live session ends minutes before now', () => {
    expect(ref.maxAt).toBeLessThanOrEqual(NOW.getTime());
    expect(ref.minAt).toBeGreaterThanOrEqual(NOW.getTime() - 42 * 24 * HOUR);
    expect(NOW.getTime() - Date.parse(stats.lastActivity!)).toBeLessThan(10 * 60_000);
  });

  test('Sonnet requests stay within 200k input tokens unless long context is on', () => {
    const over = ref.entries.filter(
      (e) => e.model.includes('sonnet') && e.inputTokens + e.cacheCreationTokens + e.cacheReadTokens > 200_000,
    );
    expect(over.length).toBe(0);
    expect(stats.longContextRequests).toBe(0);
  });
});

describe('feature switches', () => {
  test('with every feature off: one line per response, nothing skipped, no sub-agents, no recent activity', () => {
    const { root, stats } = gen({ features: noFeatures() });
    const ref = readTreeReference(root);
    expect(ref.totals).toEqual(stats.totals);
    expect([stats.duplicateLines, stats.malformedLines, stats.apiErrorLines, stats.subagentFiles]).toEqual([
      0, 0, 0, 0,
    ]);
    expect(ref.duplicateLines + ref.malformedLines + ref.apiErrorLines + ref.limitResets.length).toBe(0);
    expect(stats.totals.cacheCreation1hTokens).toBe(0);
    expect(ref.entries.every((e) => !e.legacy && e.model !== MODELS.unpriced)).toBe(true);
    expect(stats.firstCopyOutputTokens).toBe(stats.totals.outputTokens);
    expect(ref.maxAt).toBeLessThan(NOW.getTime() - HOUR);
  });

  test('exact copies alone repeat responses without changing any count', () => {
    const { root, stats } = gen({ features: { ...noFeatures(), exactCopies: true } });
    expect(stats.duplicateLines).toBeGreaterThan(0);
    expect(stats.partialCopyLines).toBe(0);
    expect(stats.firstCopyOutputTokens).toBe(stats.totals.outputTokens);
    expect(readTreeReference(root).totals).toEqual(stats.totals);
  });

  test('long context writes Sonnet requests over 200k input tokens, and counts them', () => {
    const { root, stats } = gen({ features: { ...noFeatures(), longContext: true } });
    const over = readTreeReference(root).entries.filter(
      (e) => e.model.includes('sonnet') && e.inputTokens + e.cacheCreationTokens + e.cacheReadTokens > 200_000,
    );
    expect(stats.longContextRequests).toBeGreaterThan(0);
    expect(over.length).toBe(stats.longContextRequests);
  });

  test('a huge line (over 10 MB, carrying the usage marker) and a huge file', () => {
    const { root, stats } = gen({
      features: { ...noFeatures(), hugeLine: true, hugeFile: true },
      hugeLineBytes: 11 << 20,
      hugeFileBytes: 3 << 20,
    });
    expect(stats.largestLineBytes).toBeGreaterThan(10 << 20);
    expect(stats.largestFileBytes).toBeGreaterThan(11 << 20);
    const ref = readTreeReference(root);
    expect(ref.totals).toEqual(stats.totals);
    expect(ref.maxAt).toBeLessThanOrEqual(NOW.getTime());
    const sizes = readdirSync(join(root, 'projects'), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => readFileSync(join(d.parentPath, d.name)).length);
    expect(sizes.filter((s) => s >= 3 << 20).length).toBe(2);
  });
});

describe('inputs', () => {
  test('refuses to write into a projects folder that already holds something', () => {
    const root = join(base, 'busy');
    mkdirSync(join(root, 'projects'), { recursive: true });
    writeFileSync(join(root, 'projects', 'x.jsonl'), '');
    expect(() => generateLogTree({ root, targetBytes: 1000, now: NOW })).toThrow(/not empty/);
  });

  test('sizes read K, M and G as powers of 1024, and bad sizes are refused', () => {
    expect(parseSize('200MB')).toBe(200 * 2 ** 20);
    expect(parseSize('1GB')).toBe(2 ** 30);
    expect(parseSize('1.5k')).toBe(1536);
    expect(parseSize('42')).toBe(42);
    expect(() => parseSize('lots')).toThrow(/cannot read size/);
  });

  test('feature lists apply left to right and unknown names are refused', () => {
    expect(parseFeatureList('none,+streamedCopies')).toEqual({ ...noFeatures(), streamedCopies: true });
    expect(parseFeatureList('all,-hugeFile').hugeFile).toBe(false);
    expect(parseFeatureList('all,-hugeFile').longContext).toBe(true);
    expect(() => parseFeatureList('+teleport')).toThrow(/unknown feature 'teleport'/);
  });
});

describe('command line', () => {
  const BUN = join(import.meta.dir, '..', '..', '..', 'node_modules', '.bin', 'bun');
  const cli = (...args: string[]) =>
    Bun.spawnSync([BUN, join(import.meta.dir, 'generate-logs.ts'), ...args], { stdout: 'pipe', stderr: 'pipe' });

  test('writes the tree and prints its stats as JSON, the same as the library would', () => {
    const out = join(base, 'cli');
    const run = cli(
      '--out',
      out,
      '--size',
      '300KB',
      '--seed',
      '3',
      '--now',
      NOW.toISOString(),
      '--features',
      'none,+streamedCopies',
    );
    expect(run.exitCode).toBe(0);
    const printed = JSON.parse(run.stdout.toString());
    const lib = gen({ targetBytes: 300 * 1024, features: { ...noFeatures(), streamedCopies: true } });
    expect({ ...printed, root: '' }).toEqual({ ...lib.stats, root: '' });
    expect(treeHash(out)).toBe(treeHash(lib.root));
  });

  test('a missing --out, an unknown feature or a bad size is a usage error (exit 2) with a clear message', () => {
    const noOut = cli('--size', '1MB');
    expect(noOut.exitCode).toBe(2);
    expect(noOut.stderr.toString()).toContain('--out DIR is required');
    const bad = cli('--out', join(base, 'cli-bad'), '--features', '+teleport');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.toString()).toContain("unknown feature 'teleport'");
    const size = cli('--out', join(base, 'cli-bad'), '--size', 'huge');
    expect(size.exitCode).toBe(2);
    expect(size.stderr.toString()).toContain("cannot read size 'huge'");
  });
});
