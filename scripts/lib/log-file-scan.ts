// Reads one log file (or the part after a byte offset) in fixed-size byte chunks: only lines that
// contain a marker are decoded and JSON-parsed, so a 600 MB file or a 10 MB line never becomes one string.
import { closeSync, openSync, readSync } from 'node:fs';
import { readLimitMessage, readUsageRecord, type SkipReason } from './claude-logs.ts';
import { EntryDeduper } from './usage-dedupe.ts';
import type { LimitMessage } from './usage-entry.ts';

/** What one stretch of lines yielded, deduplicated within itself. */
export interface ScanPart {
  deduper: EntryDeduper;
  limits: LimitMessage[];
  skipped: Partial<Record<SkipReason, number>>;
}

export interface FileScanResult {
  /** Lines ending in a newline, from `from` up to `resumeOffset`: safe to cache. */
  body: ScanPart;
  /** The last line when it has no newline yet (Claude Code may be writing it): never cached as final. */
  tail: ScanPart | null;
  /** Byte offset just after the last newline: where the next incremental read starts. */
  resumeOffset: number;
  bytesRead: number;
  /** Marker lines longer than MAX_LINE_BYTES, skipped (counted as malformed). */
  oversizedLines: number;
  /** fingerprintAt(resumeOffset), taken while the file was open. */
  fingerprint: string;
}

const FINGERPRINT_BYTES = 4096;
const fingerprintBuffer = Buffer.allocUnsafe(2 * FINGERPRINT_BYTES);

/**
 * Identify the content an incremental read builds on: a hash of the first and of the last 4 KiB
 * before `resume`. If either changed, the file was rewritten (not appended) and must be rescanned.
 */
function fingerprintFd(fd: number, resume: number): string {
  const headLength = Math.min(FINGERPRINT_BYTES, resume);
  const buf = fingerprintBuffer;
  const head = readSync(fd, buf, 0, headLength, 0);
  const edgeStart = Math.max(0, resume - FINGERPRINT_BYTES);
  const edge = readSync(fd, buf, FINGERPRINT_BYTES, resume - edgeStart, edgeStart);
  const h1 = Bun.hash(buf.subarray(0, head)).toString(16);
  const h2 = Bun.hash(buf.subarray(FINGERPRINT_BYTES, FINGERPRINT_BYTES + edge)).toString(16);
  return `${resume}:${h1}:${h2}`;
}

/** The fingerprint of `path` at `resume` (see fingerprintFd); throws on I/O errors. */
export function fingerprintFile(path: string, resume: number): string {
  const fd = openSync(path, 'r');
  try {
    return fingerprintFd(fd, resume);
  } finally {
    closeSync(fd);
  }
}

const CHUNK_BYTES = 1 << 20;
/** A line longer than this is skipped rather than held in memory (counted malformed if it had a marker). */
export const MAX_LINE_BYTES = 64 << 20;
// `"usage"` with both quotes: inside a JSON string a quote is escaped (\"usage\"), so this only
// matches a real key, which is what lets every other line go unparsed.
const USAGE_MARKER = Buffer.from('"usage"');
const LIMIT_MARKER = Buffer.from('usage limit reached|');
const NEWLINE = 10;

const sharedChunk = Buffer.allocUnsafe(CHUNK_BYTES);

export function emptyPart(): ScanPart {
  return { deduper: new EntryDeduper(), limits: [], skipped: {} };
}

function countSkip(part: ScanPart, reason: SkipReason): void {
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

function handleLine(part: ScanPart, buf: Buffer, start: number, end: number, hasLimit: boolean, project: string, fallbackSession: string): void {
  if (!hasLimit) {
    const short = shortParse(buf, start, end);
    if (short !== undefined) {
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
function scanRegion(buf: Buffer, start: number, end: number, part: ScanPart, project: string, fallbackSession: string): void {
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
function isOtherRecord(buf: Buffer, start: number, end: number): boolean {
  const type = leadingRecordType(buf, start, end);
  return type !== null && type !== 'assistant';
}

function hasMarker(buf: Buffer, end: number): boolean {
  const view = buf.subarray(0, end);
  return view.indexOf(USAGE_MARKER) >= 0 || view.indexOf(LIMIT_MARKER) >= 0;
}

/**
 * Scan `path` from byte `from` up to byte `to` (the size seen at discovery; later growth is left for
 * the next run). Throws on I/O errors; the caller reports the file as unreadable.
 */
export function scanLogFile(path: string, project: string, fallbackSession: string, from: number, to: number): FileScanResult {
  const body = emptyPart();
  const result: FileScanResult = { body, tail: null, resumeOffset: from, bytesRead: 0, oversizedLines: 0, fingerprint: '' };
  const fd = openSync(path, 'r');
  try {
    // One chunk buffer per thread, reused across files: a fresh 1 MiB per file is freed only at GC
    // and shows up directly in peak RSS. A buffer grown for a long line is not kept.
    let buf = sharedChunk;
    let filled = 0; // valid bytes in buf, starting at file offset result.resumeOffset
    let readPos = from;
    let skipping = false; // inside a line not worth keeping: discard bytes until its newline
    let skippedHadMarker = false;
    let skippedCounts = true; // false when the line is skipped as a non-assistant record
    let skipFrom = 0; // file offset where the skipped line starts
    for (;;) {
      const want = Math.min(buf.length - filled, to - readPos);
      const n = want > 0 ? readSync(fd, buf, filled, want, readPos) : 0;
      readPos += n;
      filled += n;
      result.bytesRead += n;
      const eof = n === 0;
      let consumed = 0;
      if (skipping) {
        const nl = buf.subarray(0, filled).indexOf(NEWLINE);
        const upTo = nl < 0 ? filled : nl;
        skippedHadMarker ||= hasMarker(buf, upTo);
        if (nl < 0 && eof) {
          // The skipped line is unfinished: leave it for the next run to see whole.
          result.resumeOffset = skipFrom;
          result.fingerprint = fingerprintFd(fd, result.resumeOffset);
          return result;
        }
        if (nl < 0) {
          // Keep a few bytes so a marker split across chunks is still seen.
          const keep = Math.min(filled, LIMIT_MARKER.length);
          buf.copyWithin(0, filled - keep, filled);
          result.resumeOffset += filled - keep;
          filled = keep;
          continue;
        }
        if (skippedHadMarker && skippedCounts) {
          countSkip(body, 'malformed');
          result.oversizedLines++;
        }
        skipping = false;
        skippedHadMarker = false;
        consumed = nl < 0 ? filled : nl + 1;
      }
      const lastNewline = filled > consumed ? buf.lastIndexOf(NEWLINE, filled - 1) : -1;
      if (lastNewline >= consumed) {
        scanRegion(buf, consumed, lastNewline + 1, body, project, fallbackSession);
        consumed = lastNewline + 1;
      }
      if (eof) {
        // Whatever remains has no newline: the tail line, re-read next time once it is finished.
        result.resumeOffset += consumed;
        if (filled > consumed) {
          result.tail = emptyPart();
          scanRegion(buf, consumed, filled, result.tail, project, fallbackSession);
        }
        result.fingerprint = fingerprintFd(fd, result.resumeOffset);
        return result;
      }
      if (consumed > 0) {
        buf.copyWithin(0, consumed, filled);
        filled -= consumed;
        result.resumeOffset += consumed;
      } else if (filled === buf.length) {
        // One line fills the whole buffer: drop it if it is a user record or the like, give it up
        // (counted) when absurdly long, or grow the buffer.
        const other = isOtherRecord(buf, 0, filled);
        if (other || buf.length >= MAX_LINE_BYTES) {
          skipping = true;
          skipFrom = result.resumeOffset;
          skippedCounts = !other;
          skippedHadMarker = hasMarker(buf, filled);
          const keep = LIMIT_MARKER.length;
          buf.copyWithin(0, filled - keep, filled);
          result.resumeOffset += filled - keep;
          filled = keep;
        } else {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}
