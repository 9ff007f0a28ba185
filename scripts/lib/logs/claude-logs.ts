// Claude Code's session logs: finding every *.jsonl under <config dir>/projects/, and turning one
// parsed JSONL record into a UsageEntry, a counted skip, or nothing (see CLAUDE-DATA.md §2).
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, join } from 'node:path';
import type { SKIP_REASONS } from '../../../src/contract/usage-data.ts';
import type { LimitMessage, UsageEntry } from './entry.ts';
import { errorCodeOrMessage } from '../support/errors.ts';

export type SkipReason = (typeof SKIP_REASONS)[number];

export interface LogFile {
  path: string;
  /** First path segment under projects/ (the encoded cwd). */
  project: string;
  /** Session id used when a record carries none: the file name without `.jsonl`. */
  fallbackSession: string;
  size: number;
  /** Change detection: device, inode and mtime (ns), as strings so 64-bit values stay exact. */
  dev: string;
  ino: string;
  mtime: string;
}

export interface Discovery {
  files: LogFile[];
  /** Paths named *.jsonl (or folders) that could not be listed or are not regular files. */
  unreadable: Array<{ path: string; error: string }>;
}

/** Files directly under projects/ have no project folder; they are grouped under this name. */
export const NO_PROJECT = 'unknown';

/**
 * List every `*.jsonl` below `<dir>/projects/` for each config dir, recursively: sub-agent logs
 * live in sub-folders (`<project>/<session>/subagents/agent-*.jsonl`). Symlinked folders are not
 * followed (a loop would never end); a symlinked file is followed and, when dangling, reported.
 */
export function discoverLogFiles(configDirs: string[]): Discovery {
  const out: Discovery = { files: [], unreadable: [] };
  for (const dir of configDirs) walk(join(dir, 'projects'), null, out);
  return out;
}

function walk(dir: string, project: string | null, out: Discovery): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    out.unreadable.push({ path: dir, error: errorCodeOrMessage(error) });
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(path, project ?? entry.name, out);
      continue;
    }
    if (!entry.name.endsWith('.jsonl')) continue;
    if (!entry.isFile() && !entry.isSymbolicLink()) {
      out.unreadable.push({ path, error: 'not a regular file' });
      continue;
    }
    try {
      const st = statSync(path, { bigint: true });
      if (!st.isFile()) {
        out.unreadable.push({ path, error: 'not a regular file' });
        continue;
      }
      out.files.push({
        path,
        project: project ?? NO_PROJECT,
        fallbackSession: basename(entry.name, '.jsonl'),
        size: Number(st.size),
        dev: st.dev.toString(),
        ino: st.ino.toString(),
        mtime: st.mtimeNs.toString(),
      });
    } catch (error) {
      out.unreadable.push({ path, error: errorCodeOrMessage(error) });
    }
  }
}

/** Token counts must be whole, non-negative and below 2^32 (they are stored as u32 in the cache). */
function tokenCount(value: unknown, optional: boolean): number {
  if (value === undefined || value === null) return optional ? 0 : -1;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? value : -1;
}

type Rec = Record<string, unknown>;
const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

// "Claude AI usage limit reached|1748469600": Claude Code's synthetic assistant message when the
// window is exhausted; the number is the reset time in epoch seconds (CLAUDE-DATA.md §2).
const LIMIT_TEXT = /usage limit reached\|(\d{9,11})/;

/** The limit message carried by an assistant record, if any. */
export function readLimitMessage(record: unknown): LimitMessage | null {
  if (!isObject(record) || record.type !== 'assistant' || !isObject(record.message)) return null;
  const at = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : NaN;
  if (!Number.isFinite(at)) return null;
  const content = record.message.content;
  const texts: unknown[] =
    typeof content === 'string'
      ? [content]
      : Array.isArray(content)
        ? content.map((c) => (isObject(c) ? c.text : null))
        : [];
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const match = LIMIT_TEXT.exec(text);
    if (match) return { at, resetsAt: Number(match[1]) * 1000 };
  }
  return null;
}

/**
 * Interpret one parsed JSONL record. Returns the entry, the reason it is skipped, or null for
 * records that never carry usage (user messages, tool results, summaries): those are not counted.
 * `strict` (for records parsed with their content cut out) returns null unless every field the
 * entry uses is present, so the caller falls back to parsing the whole line.
 */
export function readUsageRecord(
  record: unknown,
  project: string,
  fallbackSession: string,
  strict = false,
): UsageEntry | SkipReason | null {
  if (!isObject(record)) return 'malformed';
  if (record.type !== 'assistant') return null;
  const message = record.message;
  if (!isObject(message)) return 'no-usage';
  // API errors are logged as assistant messages with model "<synthetic>" (or the flag); their
  // usage is all zeros or absent and they were never billed.
  if (record.isApiErrorMessage === true || message.model === '<synthetic>') return 'api-error';
  const usage = message.usage;
  if (!isObject(usage)) return 'no-usage';
  const inputTokens = tokenCount(usage.input_tokens, false);
  const outputTokens = tokenCount(usage.output_tokens, false);
  const cacheCreationTokens = tokenCount(usage.cache_creation_input_tokens, true);
  const cacheReadTokens = tokenCount(usage.cache_read_input_tokens, true);
  const split = usage.cache_creation;
  let cacheCreation1hTokens = isObject(split) ? tokenCount(split.ephemeral_1h_input_tokens, true) : 0;
  if (
    inputTokens < 0 ||
    outputTokens < 0 ||
    cacheCreationTokens < 0 ||
    cacheReadTokens < 0 ||
    cacheCreation1hTokens < 0
  ) {
    return 'invalid-usage';
  }
  // The 1-hour share is part of cache_creation_input_tokens; a larger share would count twice.
  if (cacheCreation1hTokens > cacheCreationTokens) cacheCreation1hTokens = cacheCreationTokens;
  const timestamp = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : NaN;
  if (!Number.isFinite(timestamp)) return 'malformed';
  const id = message.id;
  const requestId = record.requestId;
  if (
    strict &&
    (typeof id !== 'string' ||
      typeof requestId !== 'string' ||
      typeof message.model !== 'string' ||
      typeof record.sessionId !== 'string')
  ) {
    return null;
  }
  // Dedupe key per CLAUDE-DATA.md §2: streamed copies and resumed-session replays share both ids.
  const key =
    typeof id === 'string' && id !== '' && typeof requestId === 'string' && requestId !== ''
      ? `${id}:${requestId}`
      : null;
  const sessionId =
    typeof record.sessionId === 'string' && record.sessionId !== '' ? record.sessionId : fallbackSession;
  const model = typeof message.model === 'string' && message.model !== '' ? message.model : 'unknown';
  return {
    key,
    timestamp,
    model,
    sessionId,
    project,
    inputTokens,
    outputTokens,
    cacheCreationTokens,
    cacheCreation1hTokens,
    cacheReadTokens,
  };
}
