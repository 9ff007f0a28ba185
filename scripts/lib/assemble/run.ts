// What one build of the document works on, settled before anything is read: the config dirs (or the
// demo), aios's cache dirs, the zone, and the last run's report memo.
import { join } from 'node:path';
import type { ClaudeOAuthOptions } from '../live/endpoint/claude-oauth-usage.ts';
import { readUsageMemo } from '../logs/cache/memo.ts';
import { resolveClaudeConfigDirs } from '../logs/config-dirs.ts';
import { hasLogFiles } from '../logs/discover.ts';
import { scanScope } from '../logs/scan.ts';
import { log } from '../support/log.ts';
import { resolveTimezone as resolveZoneOnce, UnknownZoneError } from '../support/timezone.ts';
import { writableCacheDir } from '../support/write-guard.ts';
import type { AlertOptions } from '../alerts/document-alerts.ts';

export interface AggregateOptions {
  env: Record<string, string | undefined>;
  home: string;
  now?: () => Date;
  /** IANA zone for daily rows; default: TZ, else the system zone. */
  timezone?: string;
  /** Aggregate the generated demo history instead of the user's logs. */
  demo?: boolean;
  /** Test injection for the credential and endpoint readers (platform, spawn, URL, deadline). */
  oauth?: Partial<ClaudeOAuthOptions>;
  /**
   * The user asked for this document (the dashboard's Refresh button): the endpoint may be asked
   * again once its last answer is older than 60 s (not only past the poll interval), and the usage
   * read may skip one step of its backoff after failures. `aios aggregate` and the server's own
   * recomputes are not.
   */
  explicit?: boolean;
  /**
   * The poll interval (`--live-interval`): the endpoint is asked only when no reading (the
   * statusline's, Claude Code's cached copy, its own last answer) is younger. Default 5 minutes.
   */
  liveIntervalMs?: number;
  /** Whether this build records the alerts it fires, and who hears of them (default: recorded, told no one). */
  alerts?: AlertOptions;
}

/** A configuration problem the user must fix (exit 2), e.g. a CLAUDE_CONFIG_DIR without projects/. */
export class AggregateConfigError extends Error {
  override name = 'AggregateConfigError';
}

/**
 * The zone for days and clock times (see support/timezone.ts): --timezone, else TZ in any form
 * glibc reads, else the system zone. Throws AggregateConfigError for an unknown --timezone only.
 */
export function resolveTimezone(requested: string | undefined, env: Record<string, string | undefined>): string {
  try {
    return resolveZoneOnce(requested, env);
  } catch (error) {
    if (error instanceof UnknownZoneError) throw new AggregateConfigError(error.message);
    throw error;
  }
}

/** Where the scan and the demo tree live: the demo never shares the user's scan cache. */
function cacheDirs(base: string): { scan: string; demoTree: string; demoScan: string } {
  return { scan: base, demoTree: join(base, 'demo'), demoScan: join(base, 'demo-scan') };
}

export type StoredMemo = NonNullable<ReturnType<typeof readUsageMemo>>;

/** What one run works on, settled before anything is read. */
export interface Run {
  now: Date;
  demo: boolean;
  configDirs: string[];
  /** aios's own cache dir (the endpoint's state lives there); null inside a Claude Code config dir. */
  cacheBase: string | null;
  /** Where this run's scan cache and memo live (the demo has its own); null without a cache. */
  scanCacheDir: string | null;
  /** The zone as asked for (flag, else TZ), undefined for the system zone. */
  zoneRequest: string | undefined;
  /** Its IANA name. */
  timezone: string;
  /** The last run's memo for these config dirs and zone, whatever it was made for. */
  stored: StoredMemo | null;
}

/**
 * Resolve the config dirs (the demo when asked, or when the machine has no Claude Code logs), the
 * zone and the memo. Throws AggregateConfigError for a CLAUDE_CONFIG_DIR without projects/ or an
 * unknown zone.
 *
 * The demo's rule: it stands in for the machine's own logs only. Without CLAUDE_CONFIG_DIR, no
 * config dir, or config dirs whose projects/ hold no log file at all (a fresh Claude Code install),
 * mean the demo, with its banner. Dirs named by CLAUDE_CONFIG_DIR are shown as they are, empty or
 * not: the user said where to look, and a demo there would pass for their own numbers.
 */
export async function resolveRun(opts: AggregateOptions): Promise<Run> {
  const now = opts.now?.() ?? new Date();
  // Null (warned about) when it lies inside a Claude Code config dir: the run goes without a cache.
  const cacheBase = writableCacheDir(opts.env, opts.home);
  const resolution = resolveClaudeConfigDirs(opts.env, opts.home);
  if (resolution.missing.length > 0 && !opts.demo) {
    throw new AggregateConfigError(
      `CLAUDE_CONFIG_DIR names ${resolution.missing.map((d) => `'${d}'`).join(', ')}, which has no projects/ folder`,
    );
  }
  let demo = opts.demo === true;
  if (!demo && (resolution.dirs.length === 0 || (!resolution.explicit && !hasLogFiles(resolution.dirs)))) {
    demo = true;
    log.once('info', 'demo', 'no Claude Code logs found; showing demo data');
  }
  if (demo && cacheBase === null)
    throw new AggregateConfigError(
      'the demo history is generated in the cache dir, which aios may not write (see above)',
    );
  const caches = cacheBase === null ? null : cacheDirs(cacheBase);
  // Loaded only for the demo: it brings the whole log generator with it.
  const configDirs = demo
    ? [(await import('../demo/demo-tree.ts')).prepareDemoConfigDir(caches!.demoTree, now)]
    : resolution.dirs;
  const scanCacheDir = caches === null ? null : demo ? caches.demoScan : caches.scan;
  // The last run's memo, read before the scan: a zone it already resolved needs no ICU.
  const zoneRequest = opts.timezone ?? opts.env.TZ;
  const stored = scanCacheDir === null ? null : readUsageMemo(scanCacheDir, scanScope(configDirs), zoneRequest ?? '');
  // Only a name that resolved to itself is taken from the memo: a TZ that fell back (with a
  // warning) or depends on the system is resolved again, and warned about again.
  const timezone =
    stored &&
    zoneRequest !== undefined &&
    stored.memo.zoneRequest === zoneRequest &&
    stored.memo.timezone === zoneRequest
      ? stored.memo.timezone
      : resolveTimezone(opts.timezone, opts.env);
  return { now, demo, configDirs, cacheBase, scanCacheDir, zoneRequest, timezone, stored };
}
