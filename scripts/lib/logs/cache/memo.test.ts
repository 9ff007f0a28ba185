// The report memo's file: what goes in comes out, one file per config dirs and zone, a damaged
// file reads as none, and earlier versions' files beside it are cleared away.
import { afterAll, describe, expect, test } from 'bun:test';
import { lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs } from '../../../../test/fixtures/claude-log-fixtures.ts';
import { memoKey, readUsageMemo, writeUsageMemo, type UsageMemo } from './memo.ts';
import { LEGACY_PREFIX, MEMO_PREFIX } from './store-file.ts';

afterAll(removeTempDirs);

const usage = {
  inputTokens: 1,
  outputTokens: 2,
  cacheCreationTokens: 3,
  cacheReadTokens: 4,
  totalTokens: 10,
  costUsd: 0.5,
  unpricedTokens: 0,
  requests: 1,
};

function memo(zoneRequest: string): UsageMemo {
  return {
    zoneRequest,
    timezone: zoneRequest || 'UTC',
    report: {
      totals: usage,
      daily: [],
      dailyBreakdown: [],
      models: [],
      projects: [],
      sessions: [],
      unpricedModels: [],
    },
    blocks: [],
    futureEntries: 0,
    weekly: {
      timestamps: new Float64Array([1, 2, 3]),
      tokens: new Float64Array([10, 20, 30]),
      costs: new Float64Array([0.1, NaN, 0.3]),
    },
    scan: { entryCount: 3, duplicates: 1, limits: [{ at: 5, resetsAt: 6 }], skipped: { malformed: 2 } },
  };
}

/** Typed columns as plain arrays, so NaN (an unpriced cost) compares equal to itself. */
function plain(m: UsageMemo) {
  const { timestamps, tokens, costs } = m.weekly;
  return { ...m, weekly: { timestamps: [...timestamps], tokens: [...tokens], costs: [...costs] } };
}

describe('report memo', () => {
  test('reads back what was written, weekly columns included, from an owner-only file', () => {
    const dir = makeTempDir('aios-memo-');
    const key = memoKey('sig', 'Europe/Berlin');
    writeUsageMemo(dir, 'scope', key, memo('Europe/Berlin'));
    const back = readUsageMemo(dir, 'scope', 'Europe/Berlin')!;
    expect(back.key).toBe(key);
    expect(plain(back.memo)).toEqual(plain(memo('Europe/Berlin')));
    const [file] = readdirSync(dir);
    expect(file!.startsWith(MEMO_PREFIX)).toBe(true);
    expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);
  });

  test('keeps one memo per set of config dirs and per zone as asked for', () => {
    const dir = makeTempDir('aios-memo-');
    writeUsageMemo(dir, 'scope', 'k1', memo(''));
    writeUsageMemo(dir, 'scope', 'k2', memo('Asia/Tokyo'));
    writeUsageMemo(dir, 'other', 'k3', memo(''));
    expect(readUsageMemo(dir, 'scope', '')?.key).toBe('k1');
    expect(readUsageMemo(dir, 'scope', 'Asia/Tokyo')?.key).toBe('k2');
    expect(readUsageMemo(dir, 'other', '')?.key).toBe('k3');
    expect(readUsageMemo(dir, 'other', 'Asia/Tokyo')).toBeNull();
  });

  test('a damaged or truncated file reads as no memo', () => {
    const dir = makeTempDir('aios-memo-');
    writeUsageMemo(dir, 'scope', 'k', memo(''));
    const file = join(dir, readdirSync(dir)[0]!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 3]! ^= 0xff;
    writeFileSync(file, bytes);
    expect(readUsageMemo(dir, 'scope', '')).toBeNull();
    writeFileSync(file, bytes.subarray(0, 20));
    expect(readUsageMemo(dir, 'scope', '')).toBeNull();
  });

  test('a memo file that is a symlink is not read, and writing replaces the link, not its target', () => {
    const dir = makeTempDir('aios-memo-');
    const elsewhere = makeTempDir('aios-memo-elsewhere-');
    writeUsageMemo(elsewhere, 'scope', 'k', memo(''));
    const name = readdirSync(elsewhere)[0]!;
    const target = join(elsewhere, name);
    symlinkSync(target, join(dir, name));
    expect(readUsageMemo(dir, 'scope', '')).toBeNull();
    const before = readFileSync(target);
    writeUsageMemo(dir, 'scope', 'k2', memo(''));
    expect(lstatSync(join(dir, name)).isFile()).toBe(true);
    expect(readFileSync(target).equals(before)).toBe(true);
  });

  test("the key changes with the tree's signature and with the zone", () => {
    expect(memoKey('a', 'UTC')).not.toBe(memoKey('b', 'UTC'));
    expect(memoKey('a', 'UTC')).not.toBe(memoKey('a', 'Asia/Tokyo'));
  });

  test("writing a memo clears earlier versions' snapshots and memos, and nothing else", () => {
    const dir = makeTempDir('aios-memo-');
    const legacy = [`${LEGACY_PREFIX}ab.bin`, `${LEGACY_PREFIX}ab.report-cd.bin`];
    for (const name of [...legacy, 'scan-cache.sqlite', 'oauth-state.json']) writeFileSync(join(dir, name), 'x');
    writeUsageMemo(dir, 'scope', 'k', memo(''));
    const left = readdirSync(dir).sort();
    expect(left.filter((f) => legacy.includes(f))).toEqual([]);
    expect(left.filter((f) => !f.startsWith(MEMO_PREFIX))).toEqual(['oauth-state.json', 'scan-cache.sqlite']);
  });
});
