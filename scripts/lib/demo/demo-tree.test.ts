// The embedded demo: one deterministic tree per hour, built atomically under aios's cache dir,
// with a live 5-hour block and enough history for the window estimate.
import { afterAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTreeReference } from '../../../test/fixtures/reference-reader.ts';
import { generateLogTree } from './generate-logs.ts';
import { prepareDemoConfigDir } from './demo-tree.ts';

const base = mkdtempSync(join(tmpdir(), 'aios-demo-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const HOUR = 3_600_000;
const NOW = new Date('2026-11-28T09:41:13Z');
let n = 0;
const freshCache = () => join(base, `cache${n++}`, 'demo');

function treeHash(dir: string): string {
  const h = createHash('sha256');
  const files = readdirSync(join(dir, 'projects'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
  for (const f of files) h.update(f.slice(dir.length)).update(readFileSync(f));
  return h.digest('hex');
}

/** 5-hour blocks by the rule in CLAUDE-DATA.md section 3, as [start, end, lastEntry]. */
function blocks(times: number[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const t of times) {
    const cur = out[out.length - 1];
    if (cur && t - cur[0] <= 5 * HOUR && t - cur[2] <= 5 * HOUR) cur[2] = t;
    else {
      const start = Math.floor(t / HOUR) * HOUR;
      out.push([start, start + 5 * HOUR, t]);
    }
  }
  return out;
}

describe('prepareDemoConfigDir', () => {
  const cache = freshCache();
  const dir = prepareDemoConfigDir(cache, NOW);
  const ref = readTreeReference(dir);

  test('returns a config dir with projects/ inside the given cache dir', () => {
    expect(dir.startsWith(cache)).toBe(true);
    expect(statSync(join(dir, 'projects')).isDirectory()).toBe(true);
    expect(ref.entries.length).toBeGreaterThan(500);
  });

  test('a few MB, about six weeks, four projects and every priced model', () => {
    expect(ref.bytes).toBeGreaterThan(1 << 20);
    expect(ref.bytes).toBeLessThan(12 << 20);
    expect(NOW.getTime() - ref.minAt).toBeGreaterThan(35 * 24 * HOUR);
    expect(new Set(ref.entries.map((e) => e.project)).size).toBe(4);
    expect([...new Set(ref.entries.map((e) => e.model))].sort()).toEqual([
      'claude-haiku-4-5-20251001',
      'claude-opus-4-1-20250805',
      'claude-opus-4-5-20251101',
      'claude-sonnet-4-5-20250929',
    ]);
    expect(ref.malformedLines).toBe(0);
  });

  test('nothing is stamped after now, and the last block is active: it ends after now with recent activity', () => {
    expect(ref.maxAt).toBeLessThanOrEqual(NOW.getTime());
    const all = blocks(ref.entries.map((e) => e.at));
    const last = all[all.length - 1]!;
    expect(last[1]).toBeGreaterThan(NOW.getTime());
    expect(NOW.getTime() - last[2]).toBeLessThan(HOUR);
    expect(all.length - 1).toBeGreaterThanOrEqual(10);
  });

  test('the same hour reuses the tree without generating it again', () => {
    let calls = 0;
    const again = prepareDemoConfigDir(cache, new Date(NOW.getTime() + 15 * 60_000), () => calls++);
    expect(again).toBe(dir);
    expect(calls).toBe(0);
    expect(
      prepareDemoConfigDir(cache, new Date(NOW.getTime() + HOUR), (o) => calls++ + generateLogTree(o).entries),
    ).not.toBe(dir);
    expect(calls).toBe(1);
  });

  test('the same hour in another cache dir gives a byte-identical tree', () => {
    const other = prepareDemoConfigDir(freshCache(), new Date(Math.floor(NOW.getTime() / HOUR) * HOUR));
    expect(treeHash(other)).toBe(treeHash(dir));
  });
});

describe('hour changes and leftovers', () => {
  test('a new hour gets a new tree; the previous hour is kept for readers, older ones go', () => {
    const cache = freshCache();
    const t0 = prepareDemoConfigDir(cache, NOW);
    const t1 = prepareDemoConfigDir(cache, new Date(NOW.getTime() + HOUR));
    expect(t1).not.toBe(t0);
    expect(existsSync(t0)).toBe(true);
    const t2 = prepareDemoConfigDir(cache, new Date(NOW.getTime() + 2 * HOUR));
    expect([existsSync(t0), existsSync(t1), existsSync(t2)]).toEqual([false, true, true]);
  });

  test('a half-written temp folder from a crashed run is never used and is cleaned up once stale', () => {
    const cache = freshCache();
    const crashed = join(cache, '.tmp-v1-2026112809-999-dead');
    mkdirSync(join(crashed, 'projects', 'p'), { recursive: true });
    writeFileSync(join(crashed, 'projects', 'p', 'half.jsonl'), '{"type":"assistant","message":{"usage":');
    const old = (Date.now() - 2 * HOUR) / 1000;
    utimesSync(crashed, old, old);
    const dir = prepareDemoConfigDir(cache, NOW);
    expect(dir).not.toBe(crashed);
    expect(existsSync(crashed)).toBe(false);
    expect(readTreeReference(dir).malformedLines).toBe(0);
  });

  test('when another run puts the same tree in place first, its tree is used and our temp folder removed', () => {
    const cache = freshCache();
    let theirs = '';
    const dir = prepareDemoConfigDir(cache, NOW, (o) => {
      generateLogTree(o);
      // The other run wins the rename while this one is still writing.
      theirs = prepareDemoConfigDir(cache, NOW);
      writeFileSync(join(theirs, 'marker'), 'theirs');
    });
    expect(dir).toBe(theirs);
    expect(readFileSync(join(dir, 'marker'), 'utf8')).toBe('theirs');
    expect(readdirSync(cache).filter((e) => e.startsWith('.tmp-'))).toEqual([]);
  });

  test('a failed build leaves no folder behind and reports the error', () => {
    const cache = freshCache();
    expect(() =>
      prepareDemoConfigDir(cache, NOW, () => {
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(readdirSync(cache)).toEqual([]);
  });
});
