// buildUsageData over a generated tree: a warm run (cached rows and the memoized report) must give
// the very document a cold run gives, at the same `now` and at a later one, in any time zone.
import { afterAll, describe, expect, test } from 'bun:test';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLogTree } from '../demo/generate-logs.ts';
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { buildUsageData } from './build-document.ts';
import { readUsageMemo, writeUsageMemo } from '../logs/cache/memo.ts';
import { CACHE_FILE_NAME, MEMO_PREFIX } from '../logs/cache/store-file.ts';
import { assistantLine } from '../../../test/fixtures/claude-log-fixtures.ts';
import { cachedUtilization, writeClaudeJson } from '../../../test/fixtures/claude-json.ts';
import { openHistoryStore } from '../history/open-store.ts';

const NOW = new Date('2026-11-20T15:00:00Z');
const base = mkdtempSync(join(tmpdir(), 'aios-aggregate-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const tree = join(base, 'claude');
mkdirSync(tree);
generateLogTree({ root: tree, targetBytes: 3 << 20, seed: 5, now: NOW });
const home = join(base, 'home'); // no credentials: the endpoint is never asked
mkdirSync(home);
let caches = 0;

async function aggregate(cacheDir: string, now: Date, timezone?: string): Promise<UsageData> {
  return buildUsageData({
    env: { CLAUDE_CONFIG_DIR: tree, AIOS_CACHE_DIR: cacheDir, TZ: 'UTC' },
    home,
    now: () => now,
    timezone,
  });
}

const freshCache = () => join(base, `cache-${caches++}`);

/** The document without what legitimately differs between a cold and a warm run. */
function comparable(doc: UsageData): unknown {
  const { generatedAt: _, sources, ...rest } = doc;
  const { scanMs: _ms, filesRead: _f, bytesRead: _b, ...counted } = sources;
  return { ...rest, sources: counted };
}

describe('buildUsageData: warm runs equal cold runs', () => {
  test('an unchanged tree gives the cold document, reading no file and recomputing no row', async () => {
    const cache = freshCache();
    const cold = await aggregate(cache, NOW);
    expect(cold.sources.filesRead).toBeGreaterThan(0);
    expect(readdirSync(cache).some((f) => f.startsWith(MEMO_PREFIX))).toBe(true);
    const warm = await aggregate(cache, NOW);
    expect(warm.sources).toMatchObject({ filesRead: 0, bytesRead: 0 });
    expect(comparable(warm)).toEqual(comparable(cold));
    expect(warm.generatedAt).toBe(cold.generatedAt);
  });

  test('the memo alone answers a warm run: nothing but the database and the memo is kept', async () => {
    const cache = freshCache();
    const cold = await aggregate(cache, NOW);
    const kept = readdirSync(cache).filter((f) => !f.startsWith(CACHE_FILE_NAME) && !f.startsWith(MEMO_PREFIX));
    expect(kept).toEqual([]);
    const warm = await aggregate(cache, NOW);
    expect(warm.sources).toMatchObject({ filesRead: 0, bytesRead: 0 });
    expect(comparable(warm)).toEqual(comparable(cold));
  });

  test('a damaged report memo is recomputed, never served', async () => {
    const cache = freshCache();
    const cold = await aggregate(cache, NOW);
    const memo = join(cache, readdirSync(cache).find((f) => f.startsWith(MEMO_PREFIX))!);
    const bytes = readFileSync(memo);
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(memo, bytes);
    expect(comparable(await aggregate(cache, NOW))).toEqual(comparable(cold));
    expect(readFileSync(memo).equals(bytes)).toBe(false); // rewritten whole
  });

  test('an intact memo whose rows break the contract (another aios wrote it) is recomputed', async () => {
    const cache = freshCache();
    const cold = await aggregate(cache, NOW);
    const scope = tree;
    const stored = readUsageMemo(cache, scope, 'UTC')!;
    expect(stored).not.toBeNull();
    writeUsageMemo(cache, scope, stored.key, {
      ...stored.memo,
      report: { ...stored.memo.report, totals: { ...stored.memo.report.totals, requests: -1 } },
    });
    expect(comparable(await aggregate(cache, NOW))).toEqual(comparable(cold));
    expect(readUsageMemo(cache, scope, 'UTC')!.memo.report.totals.requests).toBe(cold.totals.requests);
  });

  test('a later run recomputes what depends on now: the active block, its projection, the windows', async () => {
    const cache = freshCache();
    const before = await aggregate(cache, NOW);
    expect(before.blocks.some((b) => b.isActive && b.projection !== null)).toBe(true);
    const later = new Date(NOW.getTime() + 6 * 3_600_000);
    const warm = await aggregate(cache, later);
    const cold = await aggregate(freshCache(), later);
    expect(warm.blocks.some((b) => b.isActive)).toBe(false);
    expect(comparable(warm)).toEqual(comparable(cold));
    expect(warm.claudeWindow).toEqual(cold.claudeWindow);
  });

  test('another time zone is computed, not served from the memo of the first', async () => {
    const cache = freshCache();
    await aggregate(cache, NOW);
    const warm = await aggregate(cache, NOW, 'Pacific/Kiritimati');
    const cold = await aggregate(freshCache(), NOW, 'Pacific/Kiritimati');
    expect(warm.timezone).toBe('Pacific/Kiritimati');
    expect(comparable(warm)).toEqual(comparable(cold));
    expect(warm.daily).not.toEqual((await aggregate(cache, NOW)).daily);
  });

  test('an entry dated ahead is counted, kept out of the window, and joins it when its time comes', async () => {
    const cache = freshCache();
    const file = join(tree, 'projects', readdirSync(join(tree, 'projects'))[0]!, 'ahead.jsonl');
    const aheadAt = NOW.getTime() + 3 * 3_600_000;
    const line = assistantLine({
      id: 'msg_ahead',
      requestId: 'req_ahead',
      session: 'ahead-session',
      timestamp: new Date(aheadAt).toISOString(),
      input: 5,
      output: 9,
    });
    writeFileSync(file, line + '\n');
    try {
      const first = await aggregate(cache, NOW);
      expect(first.sources.futureEntries).toBe(1);
      const active = first.blocks.find((b) => b.isActive)!;
      expect(Date.parse(active.lastActivity!)).toBeLessThan(aheadAt);
      // Two hours later the entry is still ahead; three hours later it is the present: the memo
      // made before must not answer for that.
      for (const at of [NOW.getTime() + 2 * 3_600_000, aheadAt]) {
        const now = new Date(at);
        const warm = await aggregate(cache, now);
        const cold = await aggregate(freshCache(), now);
        expect(comparable(warm)).toEqual(comparable(cold));
      }
      const present = await aggregate(cache, new Date(aheadAt));
      expect(present.sources.futureEntries).toBe(0);
      // Now in the present, it joins the block it falls in by the 5-hour rule like any entry.
      const holding = present.blocks.find((b) => b.lastActivity === new Date(aheadAt).toISOString())!;
      expect(Date.parse(holding.start)).toBeLessThan(NOW.getTime());
    } finally {
      rmSync(file);
    }
  });

  test('an appended log changes the document exactly as a cold run sees it', async () => {
    const cache = freshCache();
    const first = await aggregate(cache, NOW);
    const file = join(tree, 'projects', readdirSync(join(tree, 'projects'))[0]!, 'appended.jsonl');
    const line = assistantLine({
      id: 'msg_appended',
      requestId: 'req_appended',
      session: 'appended-session',
      timestamp: new Date(NOW.getTime() - 60_000).toISOString(),
      input: 7,
      output: 11,
    });
    appendFileSync(file, line + '\n');
    try {
      const warm = await aggregate(cache, NOW);
      const cold = await aggregate(freshCache(), NOW);
      expect(warm.sources.entries).toBe(first.sources.entries + 1);
      expect(comparable(warm)).toEqual(comparable(cold));
    } finally {
      rmSync(file);
    }
  });
});

describe('buildUsageData: the live readings', () => {
  const dataDirOf = (h: string) => join(h, 'data');
  const run = (h: string, env: Record<string, string> = {}) =>
    buildUsageData({
      env: {
        CLAUDE_CONFIG_DIR: tree,
        AIOS_CACHE_DIR: join(h, 'cache'),
        AIOS_DATA_DIR: dataDirOf(h),
        TZ: 'UTC',
        ...env,
      },
      home: h,
      now: () => NOW,
    });

  test("a fresh statusline reading in the history makes the window Live; Claude Code's cached copy is recorded beside it", async () => {
    const h = mkdtempSync(join(base, 'live-'));
    const store = openHistoryStore({ dataDir: dataDirOf(h), guardDirs: [] })!;
    store.record({
      via: 'statusline',
      firstSeenAt: NOW.getTime() - 60_000,
      observedAt: NOW.getTime() - 60_000,
      fiveHour: { pct: 64, resetsAt: NOW.getTime() + 3_600_000 },
      sevenDay: { pct: 30, resetsAt: NOW.getTime() + 86_400_000 },
      planTier: null,
      payload: null,
    });
    store.close();
    // An older cached copy in the config dir: history, but not today's number.
    writeClaudeJson(tree, { cached: cachedUtilization(NOW.getTime() - 86_400_000, NOW.getTime() - 86_400_000) });
    let doc: UsageData;
    try {
      doc = await run(h);
    } finally {
      rmSync(join(tree, '.claude.json'));
    }
    expect(doc.claudeWindow.source).toBe('oauth');
    expect([doc.claudeWindow.pct, doc.claudeWindow.weekly.pct]).toEqual([64, 30]);
    const after = openHistoryStore({ dataDir: dataDirOf(h), guardDirs: [] })!;
    const vias = after.readingsSince(0).map((r) => r.via);
    after.close();
    expect(vias).toEqual(['claude-cache', 'statusline']);
  });

  test('AIOS_ENDPOINT=off without a fresh reading: the estimate, and the reason says the endpoint is off', async () => {
    const doc = await run(mkdtempSync(join(base, 'off-')), { AIOS_ENDPOINT: 'off' });
    expect(doc.claudeWindow.source).toBe('estimate');
    expect(doc.claudeWindow.fallbackReason?.kind).toBe('disabled');
  });

  test('the demo reads no live source and keeps no history', async () => {
    const h = mkdtempSync(join(base, 'demo-'));
    const doc = await buildUsageData({
      env: { AIOS_CACHE_DIR: join(h, 'cache'), AIOS_DATA_DIR: dataDirOf(h), TZ: 'UTC' },
      home: h,
      now: () => NOW,
      demo: true,
    });
    expect(doc.claudeWindow.fallbackReason?.kind).toBe('demo');
    expect(existsSync(dataDirOf(h))).toBe(false);
  });
});

describe('buildUsageData: money', () => {
  /** Every USD amount aios computed: `costUsd`, `usedCostUsd`, `costUsdPerHour`, … (not Anthropic's payload). */
  function amounts(value: unknown, path = '$', out: Array<[string, number]> = []): Array<[string, number]> {
    if (Array.isArray(value)) value.forEach((v, i) => amounts(v, `${path}[${i}]`, out));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        if (k === 'authoritative') continue;
        if (/Usd(PerHour)?$/.test(k) && typeof v === 'number') out.push([`${path}.${k}`, v]);
        else amounts(v, `${path}.${k}`, out);
      }
    return out;
  }

  test('every amount is stated to the millionth of a dollar, with no float noise, rows and blocks alike', async () => {
    const doc = await aggregate(freshCache(), NOW);
    const found = amounts(doc);
    const fields = new Set(found.map(([path]) => path.replace(/\[\d+\]/g, '[]')));
    for (const field of [
      '$.totals.costUsd',
      '$.daily[].costUsd',
      '$.blocks[].costUsd',
      '$.blocks[].burnRate.costUsdPerHour',
    ])
      expect(fields).toContain(field);
    expect(fields).toContain('$.claudeWindow.estimate.weekly.usedCostUsd');
    const noisy = found.filter(([, v]) => Math.round(v * 1e6) / 1e6 !== v);
    expect(noisy).toEqual([]);
  });
});
