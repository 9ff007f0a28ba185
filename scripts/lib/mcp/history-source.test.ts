// The MCP tool's usage history: `missing` without a history file (and none is made by asking), else
// the windows `aios history` shows, read from the store in the data dir.
import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY, HOUR, reading } from '../../../test/fixtures/history-fixtures.ts';
import { openHistoryStore } from '../history/open-store.ts';
import { STORE_FILE_NAME } from '../history/store.ts';
import { usageHistorySource } from './history-source.ts';

const root = mkdtempSync(join(tmpdir(), 'aios-mcp-history-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A home without Claude Code logs and a data dir of its own. */
function place(name: string) {
  const home = join(root, name);
  const dataDir = join(home, 'data');
  return { home, dataDir, env: { AIOS_DATA_DIR: dataDir, AIOS_CACHE_DIR: join(home, 'cache'), TZ: 'UTC' } };
}

describe('usageHistorySource', () => {
  test('no history file: missing, with nothing in it, and asking does not start one', async () => {
    const { home, dataDir, env } = place('missing');
    const now = new Date('2026-11-20T12:00:00Z');
    const facts = await usageHistorySource(env, home)(7, now);
    expect(facts).toEqual({
      store: 'missing',
      view: { generatedAt: now.getTime(), since: now.getTime() - 7 * DAY, windows: [], hits: [] },
    });
    expect(existsSync(join(dataDir, STORE_FILE_NAME))).toBe(false);
  });

  test('a history: the windows that reset in the span, with their peak; the logs being absent, no cost', async () => {
    const { home, dataDir, env } = place('present');
    const now = Date.parse('2026-11-20T12:00:00Z');
    const store = openHistoryStore({ dataDir, guardDirs: [], now: () => now })!;
    const reset = now - 10 * HOUR;
    store.record(reading(now - 12 * HOUR, { fiveHour: { pct: 40, resetsAt: reset }, sevenDay: null }));
    store.record(reading(now - 11 * HOUR, { fiveHour: { pct: 77, resetsAt: reset }, sevenDay: null }));
    // Reset nine days ago: outside a seven-day span.
    store.record(reading(now - 9 * DAY - HOUR, { fiveHour: { pct: 90, resetsAt: now - 9 * DAY }, sevenDay: null }));
    store.close();
    const facts = await usageHistorySource(env, home)(7, new Date(now));
    expect(facts.store).toBe('present');
    expect(facts.view.windows).toEqual([
      {
        kind: 'five_hour',
        startsAt: reset - 5 * HOUR,
        resetsAt: reset,
        peakPct: 77,
        peakAt: now - 11 * HOUR,
        readings: 2,
        sources: ['statusline'],
        costUsd: null,
        hits: [],
      },
    ]);
  });
});
