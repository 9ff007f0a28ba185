// Claude Code's own last usage answer, `cachedUsageUtilization` in ~/.claude.json: an observation at
// `fetchedAtMs`, checked by the endpoint's payload parser. Read-only and bounded; never written.
import { join } from 'node:path';
import { claudeConfigDirCandidates } from '../../logs/config-dirs.ts';
import { errorMessage } from '../../support/errors.ts';
import { log } from '../../support/log.ts';
import { readSmallFile } from '../../support/small-file.ts';
import { FUTURE_SLACK_MS, type UsageReading } from '../../history/readings.ts';
import { normalizeUsagePayload } from '../endpoint/payload.ts';
import { readingFromPayload } from '../payload-reading.ts';
import { topLevelValue } from './top-level-value.ts';

/** Claude Code's config can be MBs (project history); past this it is not Claude Code's config. */
export const MAX_CLAUDE_JSON_BYTES = 64 << 20;
/** At most this many config dirs of a CLAUDE_CONFIG_DIR list are looked at. */
const MAX_DIRS = 8;
const KEY = 'cachedUsageUtilization';

/**
 * Where Claude Code keeps its global config: `$CLAUDE_CONFIG_DIR/.claude.json` when that is set,
 * else `~/.claude.json`. Claude Code itself takes CLAUDE_CONFIG_DIR as one dir; when it is a comma
 * list (the log scan's convention) each listed dir's file is read and the freshest reading wins.
 */
export function claudeJsonPaths(env: Record<string, string | undefined>, home: string): string[] {
  const { explicit, dirs } = claudeConfigDirCandidates(env, home);
  if (!explicit) return [join(home, '.claude.json')];
  return dirs.slice(0, MAX_DIRS).map((dir) => join(dir, '.claude.json'));
}

/** The file's bytes; null (logged) when it is not a plain, sane file. */
function readBounded(path: string): Uint8Array | null {
  const read = readSmallFile(path, MAX_CLAUDE_JSON_BYTES);
  if (read.ok) return read.bytes.length > read.stat.size ? skip(path, 'it grew while it was read') : read.bytes;
  switch (read.failure) {
    case 'missing':
      return null;
    case 'unreadable':
      log.debug(`${path}: not readable (${errorMessage(read.error)})`);
      return null;
    case 'not-a-file':
      return skip(path, 'not a regular file');
    case 'too-large':
      return skip(path, `${read.stat.size} bytes, too large to be Claude Code's config`);
  }
}

function skip(path: string, why: string): null {
  log.debug(`${path}: ${KEY} not read (${why})`);
  return null;
}

/** The reading in one `.claude.json`, or null (with a debug line saying why). */
export function readCachedUsageFile(path: string, now: number): UsageReading | null {
  const bytes = readBounded(path);
  if (bytes === null) return null;
  const lookup = topLevelValue(bytes, KEY);
  if (!lookup.found) return skip(path, lookup.why === 'absent' ? 'no such key' : `the file is ${lookup.why}`);
  const cached = lookup.value as { fetchedAtMs?: unknown; utilization?: unknown } | null;
  if (cached === null) return skip(path, 'cleared');
  if (typeof cached !== 'object' || Array.isArray(cached)) return skip(path, 'not an object');
  const at = cached.fetchedAtMs;
  if (typeof at !== 'number' || !Number.isFinite(at) || at <= 0) return skip(path, 'no valid fetchedAtMs');
  if (at > now + FUTURE_SLACK_MS) return skip(path, 'dated in the future');
  const parsed = normalizeUsagePayload(cached.utilization, new Date(at));
  if (!parsed.ok) return skip(path, parsed.problem);
  return readingFromPayload('claude-cache', parsed.usage);
}

/**
 * Claude Code's cached usage answer, the freshest among its config files, or null. Its windows may
 * have reset already: such a reading still belongs in the history, but is not current.
 *
 * @example const r = readClaudeCachedUsage(process.env, homedir(), Date.now());
 */
export function readClaudeCachedUsage(
  env: Record<string, string | undefined>,
  home: string,
  now: number,
): UsageReading | null {
  let best: UsageReading | null = null;
  for (const path of claudeJsonPaths(env, home)) {
    const r = readCachedUsageFile(path, now);
    if (r && (!best || r.observedAt > best.observedAt)) best = r;
  }
  return best;
}
