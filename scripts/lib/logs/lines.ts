// One log line at a time: finding the lines that hold a marker in a byte buffer, and turning each
// into an entry, a limit message or a counted skip while decoding and parsing as little as possible.
import { readLimitMessage, readUsageRecord, type SkipReason } from './record.ts';
import { EntryDeduper } from './dedupe.ts';
import type { LimitMessage } from './entry.ts';

/** What one stretch of lines yielded, deduplicated within itself. */
export interface ScanPart {
  deduper: EntryDeduper;
  limits: LimitMessage[];
  skipped: Partial<Record<SkipReason, number>>;
}

// `"usage"` with both quotes: inside a JSON string a quote is escaped (\"usage\"), so this only
// matches a real key, which is what lets every other line go unparsed.
export const USAGE_MARKER = Buffer.from('"usage"');
export const LIMIT_MARKER = Buffer.from('usage limit reached|');
export const NEWLINE = 10;

export function emptyPart(): ScanPart {
  return { deduper: new EntryDeduper(), limits: [], skipped: {} };
}

export function countSkip(part: ScanPart, reason: SkipReason): void {
  part.skipped[reason] = (part.skipped[reason] ?? 0) + 1;
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Claude Code writes an assistant message as {"id","type","role","model","content":[...],
// "stop_reason",...,"usage":{...}}; the content (text, thinking, tool input) is most of the line and
// holds nothing the scan needs. So the line is first parsed with the content array emptied. Both cut
// points are structural (an unescaped quote cannot occur inside a JSON string), so the shortened line
// either fails to parse (a nested match: unbalanced) or is the record minus content values. Only a
// complete entry from the short parse is used; anything else is decided by parsing the whole line.
// The first match is not always the message's content (found while building the log fuzz net: a
// "content":[ after an escaped quote inside a key, or a top-level "content" array, cut out top-level
// keys that a line with duplicate keys depends on): the short parse counts only when the message's
// own content is the array it emptied. A line built to defeat even that (usage before content, a cut
// region that closes the message and opens another object) is read from its shortened form; no JSON
// writer produces one.
const CONTENT_OPEN = Buffer.from('"content":[');
const CONTENT_CLOSE = Buffer.from('],"stop_reason":');

let scratch = Buffer.allocUnsafe(16 << 10);

function shortParse(buf: Buffer, start: number, end: number): unknown {
  const view = buf.subarray(0, end);
  const open = view.indexOf(CONTENT_OPEN, start);
  if (open < 0) return undefined;
  const keepTo = open + CONTENT_OPEN.length;
  const close = view.indexOf(CONTENT_CLOSE, keepTo);
  if (close < 0) return undefined;
  // Join the two pieces as bytes and decode once: two strings and a concatenation would each
  // allocate, and allocation churn is what drives peak memory here.
  const length = keepTo - start + (end - close);
  if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
  buf.copy(scratch, 0, start, keepTo);
  buf.copy(scratch, keepTo - start, close, end);
  return parseOrNull(scratch.toString('utf8', 0, length));
}

/** True when `short` is a record whose `message.content` is the empty array the cut left. */
function emptiedMessageContent(short: unknown): boolean {
  if (typeof short !== 'object' || short === null) return false;
  const message = (short as { message?: unknown }).message;
  if (typeof message !== 'object' || message === null) return false;
  const content = (message as { content?: unknown }).content;
  return Array.isArray(content) && content.length === 0;
}

function handleLine(
  part: ScanPart,
  buf: Buffer,
  start: number,
  end: number,
  hasLimit: boolean,
  project: string,
  fallbackSession: string,
): void {
  if (!hasLimit) {
    const short = shortParse(buf, start, end);
    if (emptiedMessageContent(short)) {
      // A top-level type that is not "assistant" (a Task tool result carries its own usage) is
      // decisive: such records are ignored whatever their content held.
      const type = (short as { type?: unknown }).type;
      if (typeof type === 'string' && type !== 'assistant') return;
      const outcome = readUsageRecord(short, project, fallbackSession, true);
      if (outcome !== null && typeof outcome === 'object') {
        part.deduper.add(outcome);
        return;
      }
    }
  }
  const record = parseOrNull(buf.toString('utf8', start, end));
  if (record === undefined) {
    countSkip(part, 'malformed');
    return;
  }
  if (hasLimit) {
    const limit = readLimitMessage(record);
    if (limit) part.limits.push(limit);
  }
  const outcome = readUsageRecord(record, project, fallbackSession);
  if (outcome === null) return;
  if (typeof outcome === 'string') countSkip(part, outcome);
  else part.deduper.add(outcome);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const TYPE_KEY = Buffer.from('"type":"');

/**
 * The record's top-level `type` when it appears before any nested value, else null. Claude Code
 * writes `"type":"user"` ahead of `"message"` in user records, so a multi-megabyte tool result (a
 * Task result carries its own `"usage"`) is known not to be an assistant record from its first few
 * hundred bytes, and is never decoded or held whole. Assistant records put `type` after `message`:
 * for them this returns null and the line is read normally.
 */
export function leadingRecordType(buf: Buffer, start: number, end: number): string | null {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === QUOTE) {
      if (depth === 1 && buf.compare(TYPE_KEY, 0, TYPE_KEY.length, i, Math.min(end, i + TYPE_KEY.length)) === 0) {
        const valueEnd = buf.indexOf(QUOTE, i + TYPE_KEY.length);
        return valueEnd < 0 || valueEnd >= end ? null : buf.toString('latin1', i + TYPE_KEY.length, valueEnd);
      }
      // Skip the string, honouring escapes.
      for (i++; i < end && buf[i] !== QUOTE; i++) if (buf[i] === BACKSLASH) i++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > 1) return null; // a nested value: `type` did not come first
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return null;
}

/** Lines at least this long are checked with leadingRecordType before being decoded. */
const CHECK_TYPE_FROM_BYTES = 64 << 10;

/** Find lines holding a marker in buf[start, end) (start is a line start) and hand them on. */
export function scanRegion(
  buf: Buffer,
  start: number,
  end: number,
  part: ScanPart,
  project: string,
  fallbackSession: string,
): void {
  const view = buf.subarray(0, end);
  let nextUsage = view.indexOf(USAGE_MARKER, start);
  let nextLimit = view.indexOf(LIMIT_MARKER, start);
  while (nextUsage >= 0 || nextLimit >= 0) {
    const at = nextUsage < 0 ? nextLimit : nextLimit < 0 ? nextUsage : Math.min(nextUsage, nextLimit);
    const lineStart = Math.max(start, view.lastIndexOf(NEWLINE, at) + 1);
    let lineEnd = view.indexOf(NEWLINE, at);
    if (lineEnd < 0) lineEnd = end;
    const hasLimit = nextLimit >= 0 && nextLimit < lineEnd;
    const skip = lineEnd - lineStart >= CHECK_TYPE_FROM_BYTES && isOtherRecord(buf, lineStart, lineEnd);
    if (!skip) handleLine(part, buf, lineStart, lineEnd, hasLimit, project, fallbackSession);
    const after = lineEnd + 1;
    if (nextUsage >= 0 && nextUsage < after) nextUsage = after < end ? view.indexOf(USAGE_MARKER, after) : -1;
    if (nextLimit >= 0 && nextLimit < after) nextLimit = after < end ? view.indexOf(LIMIT_MARKER, after) : -1;
  }
}

/** True when the line is known (from its leading type) not to be an assistant record. */
export function isOtherRecord(buf: Buffer, start: number, end: number): boolean {
  const type = leadingRecordType(buf, start, end);
  return type !== null && type !== 'assistant';
}

export function hasMarker(buf: Buffer, end: number): boolean {
  const view = buf.subarray(0, end);
  return view.indexOf(USAGE_MARKER) >= 0 || view.indexOf(LIMIT_MARKER) >= 0;
}
