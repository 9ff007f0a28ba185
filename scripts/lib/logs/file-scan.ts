// Reads one log file (or the part after a byte offset) in fixed-size byte chunks: only lines that
// contain a marker are decoded and JSON-parsed, so a 600 MB file or a 10 MB line never becomes one string.
import { closeSync, openSync, readSync } from 'node:fs';
import {
  countSkip,
  emptyPart,
  hasMarker,
  isOtherRecord,
  LIMIT_MARKER,
  NEWLINE,
  scanRegion,
  type ScanPart,
} from './lines.ts';

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
  /** The fingerprint at `resumeOffset` (see fingerprintFd), taken while the file was open. */
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
// One chunk buffer per thread, reused across files: a fresh 1 MiB per file is freed only at GC
// and shows up directly in peak RSS. A buffer grown for a long line is not kept.
const sharedChunk = Buffer.allocUnsafe(CHUNK_BYTES);
/** A line longer than this is skipped rather than held in memory (counted malformed if it had a marker). */
export const MAX_LINE_BYTES = 64 << 20;
/**
 * A thread that scans many files runs an eden collection after about this many bytes: the strings of
 * decoded lines are garbage at once, and left alone they pile up in peak RSS.
 */
export const GC_EVERY_BYTES = 8 << 20;

/**
 * Scan `path` from byte `from` up to byte `to` (the size seen at discovery; later growth is left for
 * the next run). Throws on I/O errors; the caller reports the file as unreadable.
 */
export function scanLogFile(
  path: string,
  project: string,
  fallbackSession: string,
  from: number,
  to: number,
): FileScanResult {
  const body = emptyPart();
  const result: FileScanResult = {
    body,
    tail: null,
    resumeOffset: from,
    bytesRead: 0,
    oversizedLines: 0,
    fingerprint: '',
  };
  const fd = openSync(path, 'r');
  try {
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
