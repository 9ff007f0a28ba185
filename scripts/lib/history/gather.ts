// Everything `aios history` shows, gathered: the readings and hits in the store, and from the logs
// the cost of each window and the "usage limit reached" lines (the report memo when it is current,
// else the cached scan). Reads only; records nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveClaudeConfigDirs } from '../logs/config-dirs.ts';
import { memoKey, readUsageMemo } from '../logs/cache/memo.ts';
import { scanClaudeLogs, scanScope } from '../logs/scan.ts';
import type { LimitMessage } from '../logs/entry.ts';
import { resolveAiosDataDir } from '../support/paths.ts';
import { protectedConfigDirs, writableCacheDir } from '../support/write-guard.ts';
import { weeklyPoints, type WeeklyPoints } from '../windows/estimate.ts';
import { hitsOfLimitMessages, hitsOfReading, uniqueHits } from './hits.ts';
import { FUTURE_SLACK_MS } from './readings.ts';
import type { HistoryView } from './history-output.ts';
import { openHistoryStore } from './open-store.ts';
import { STORE_FILE_NAME } from './store.ts';
import { summarizeWindows } from './windows.ts';

const DAY = 86_400_000;

export interface GatherHistoryOptions {
  env: Record<string, string | undefined>;
  home: string;
  now: number;
  /** How many days back (windows resetting since then). */
  days: number;
}

/**
 * The logs' per-entry costs and limit lines. The scan is told the memo's answer, so an unchanged
 * tree reads no file; a changed one is scanned through the cache. Nothing when there are no logs.
 */
async function fromLogs(
  env: Record<string, string | undefined>,
  home: string,
): Promise<{ points: WeeklyPoints | null; limits: LimitMessage[] }> {
  const configDirs = resolveClaudeConfigDirs(env, home).dirs;
  if (configDirs.length === 0) return { points: null, limits: [] };
  const cacheDir = writableCacheDir(env, home);
  // Any zone's memo serves: the weekly points and limit lines do not depend on the zone.
  const stored = cacheDir === null ? null : readUsageMemo(cacheDir, scanScope(configDirs), env.TZ ?? '');
  const known = stored
    ? (signature: string) => (stored.key === memoKey(signature, stored.memo.timezone) ? stored.memo.scan : null)
    : undefined;
  const scan = await scanClaudeLogs({ configDirs, cacheDir, known });
  if (scan.entries === null) return { points: stored!.memo.weekly, limits: stored!.memo.scan.limits };
  return { points: weeklyPoints(scan.entries), limits: scan.limitMessages };
}

/** The history of the last `days` days as windows and hits. Never throws for a bad store. */
export async function gatherHistory(o: GatherHistoryOptions): Promise<HistoryView> {
  const since = o.now - o.days * DAY;
  const dataDir = resolveAiosDataDir(o.env, o.home);
  // Reads only: with no history file there is nothing to read, and opening would create one.
  const store = existsSync(join(dataDir, STORE_FILE_NAME))
    ? openHistoryStore({ dataDir, guardDirs: protectedConfigDirs(o.env, o.home), now: () => o.now })
    : null;
  // A window that resets inside the span may have begun a week before it.
  const readFrom = since - 7 * DAY;
  const readings = (store?.readingsSince(readFrom, { withPayload: false }) ?? []).filter(
    (r) => r.observedAt <= o.now + FUTURE_SLACK_MS,
  );
  const stored = store?.hitsSince(readFrom) ?? [];
  store?.close();
  const logs = await fromLogs(o.env, o.home);
  const hits = uniqueHits([...stored, ...hitsOfLimitMessages(logs.limits), ...readings.flatMap(hitsOfReading)]);
  return {
    generatedAt: o.now,
    since,
    windows: summarizeWindows({ readings, hits, points: logs.points, now: o.now, since }),
    hits: hits.filter((h) => h.at >= since),
  };
}
