// The compact binary form of one scanned stretch of a log file: what the scan cache stores and
// what scan workers send back. Numbers go in typed arrays so a warm run decodes without parsing.
import type { LimitMessage, UsageEntry } from '../entry.ts';
import type { ScanPart } from '../lines.ts';

/** A scan's counts without its entries: what a warm run needs when its report is memoized. */
export interface ScanSummary {
  entryCount: number;
  duplicates: number;
  limits: LimitMessage[];
  skipped: Record<string, number>;
}

/** A decoded part: entries already deduplicated within it, plus the copies it dropped. */
export interface PartData {
  entries: UsageEntry[];
  duplicates: number;
  limits: LimitMessage[];
  skipped: Record<string, number>;
}

// Layout: header (6 x u32) | f64 timestamps[n] | f64 limits[2m] | u32 fields[8n] | utf8 strings.
// The strings section is JSON {s: distinct models, sessions and projects, d: duplicates, x: skipped, k?: keys}
// followed by a NUL and the keys joined by "\n" (unless a key holds "\n" or a UTF-16 surrogate, then
// they sit in `k`). JSON keeps every string exactly (a lone surrogate becomes the escape \ud800);
// raw UTF-8 would turn each lone surrogate into U+FFFD, and two ids differing only there would
// become one response in a warm run while a cold run counts two.
const MAGIC = 0x41494f31; // "AIO1"
const HEADER_WORDS = 6;
// input, output, cacheCreation, cacheCreation1h, cacheRead, then string-table indexes of model,
// session, project, speed and inference geo (the last two NONE when absent).
const FIELDS = 10;
const NONE = 0xffffffff;
const encoder = new TextEncoder();
/** A key that cannot be joined plainly: it holds the separator, or a surrogate UTF-8 may not keep. */
const NOT_PLAIN_KEY = /[\n\ud800-\udfff]/;

function checksum(bytes: Uint8Array): number {
  return Number(BigInt.asUintN(32, BigInt(Bun.hash(bytes))));
}

/**
 * Encode a part. The result owns its whole `.buffer` (a worker transfers it without copying);
 * the entries may come from several projects.
 */
export function encodePart(part: ScanPart | PartData): Uint8Array {
  const entries = 'deduper' in part ? part.deduper.entries : part.entries;
  const duplicates = 'deduper' in part ? part.deduper.duplicates : part.duplicates;
  const n = entries.length;
  const m = part.limits.length;
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  // Sizes first, then every section is written straight into the one output buffer: for a result
  // of 100k entries, building the keys as one joined string and re-encoding it doubled peak memory.
  let keysNeedJson = false;
  let keyBytes = 0;
  for (let i = 0; i < n; i++) {
    const key = entries[i]!.key;
    if (key === null) continue;
    if (NOT_PLAIN_KEY.test(key)) keysNeedJson = true;
    keyBytes += Buffer.byteLength(key, 'utf8');
  }
  for (const e of entries) {
    intern(e.model);
    intern(e.sessionId);
    intern(e.project);
    if (e.speed !== null) intern(e.speed);
    if (e.inferenceGeo !== null) intern(e.inferenceGeo);
  }
  const meta = {
    s: strings,
    d: duplicates,
    x: part.skipped,
    ...(keysNeedJson ? { k: entries.map((e) => e.key ?? '') } : {}),
  };
  const metaText = encoder.encode(JSON.stringify(meta) + '\0');
  const textBytes = metaText.byteLength + (keysNeedJson ? 0 : keyBytes + Math.max(0, n - 1));
  const body = HEADER_WORDS * 4;
  const floatsAt = body;
  const intsAt = floatsAt + 8 * (n + 2 * m);
  const textAt = intsAt + 4 * FIELDS * n;
  const out = Buffer.alloc(textAt + textBytes);
  const floats = new Float64Array(out.buffer, out.byteOffset + floatsAt, n + 2 * m);
  const ints = new Uint32Array(out.buffer, out.byteOffset + intsAt, FIELDS * n);
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    floats[i] = e.timestamp;
    const o = i * FIELDS;
    ints[o] = e.inputTokens;
    ints[o + 1] = e.outputTokens;
    ints[o + 2] = e.cacheCreationTokens;
    ints[o + 3] = e.cacheCreation1hTokens;
    ints[o + 4] = e.cacheReadTokens;
    ints[o + 5] = index.get(e.model)!;
    ints[o + 6] = index.get(e.sessionId)!;
    ints[o + 7] = index.get(e.project)!;
    ints[o + 8] = e.speed === null ? NONE : index.get(e.speed)!;
    ints[o + 9] = e.inferenceGeo === null ? NONE : index.get(e.inferenceGeo)!;
  }
  for (let j = 0; j < m; j++) {
    floats[n + 2 * j] = part.limits[j]!.at;
    floats[n + 2 * j + 1] = part.limits[j]!.resetsAt;
  }
  out.set(metaText, textAt);
  if (!keysNeedJson) {
    let at = textAt + metaText.byteLength;
    for (let i = 0; i < n; i++) {
      if (i > 0) out[at++] = 0x0a;
      const key = entries[i]!.key;
      if (key !== null) at += out.write(key, at, 'utf8');
    }
  }
  const header = new Uint32Array(out.buffer, out.byteOffset, HEADER_WORDS);
  header[0] = MAGIC;
  header[1] = n;
  header[2] = m;
  header[3] = textBytes;
  header[4] = checksum(out.subarray(body));
  return out;
}

/** Decode a part; null when the bytes are not a valid, intact part. */
export function decodePart(bytes: Uint8Array): PartData | null {
  try {
    if (bytes.byteLength < HEADER_WORDS * 4) return null;
    // Typed-array views need 8-byte alignment; a copy is cheap next to a rescan.
    const data = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
    const header = new Uint32Array(data.buffer, data.byteOffset, HEADER_WORDS);
    const n = header[0] === MAGIC ? header[1]! : -1;
    const m = header[2]!;
    const textBytes = header[3]!;
    const body = HEADER_WORDS * 4;
    if (n < 0 || data.byteLength !== body + 8 * (n + 2 * m) + 4 * FIELDS * n + textBytes) return null;
    if (checksum(data.subarray(body)) !== header[4]) return null;
    const floats = new Float64Array(data.buffer, data.byteOffset + body, n + 2 * m);
    const ints = new Uint32Array(data.buffer, data.byteOffset + body + floats.byteLength, FIELDS * n);
    const textAt = data.byteOffset + body + floats.byteLength + ints.byteLength;
    const text = Buffer.from(data.buffer, textAt, textBytes);
    const split = text.indexOf(0);
    const meta = JSON.parse(text.toString('utf8', 0, split)) as {
      s: string[];
      d: number;
      x: Record<string, number>;
      k?: string[];
    };
    if (meta.k ? meta.k.length !== n : n === 0 ? split + 1 !== textBytes : keyCount(text, split + 1) !== n) return null;
    const strings = meta.s.length;
    for (let i = 0; i < n; i++) {
      const o = i * FIELDS;
      if (ints[o + 5]! >= strings || ints[o + 6]! >= strings || ints[o + 7]! >= strings) return null;
      if ((ints[o + 8]! >= strings && ints[o + 8] !== NONE) || (ints[o + 9]! >= strings && ints[o + 9] !== NONE))
        return null;
    }
    const limits: LimitMessage[] = new Array(m);
    for (let j = 0; j < m; j++) limits[j] = { at: floats[n + 2 * j]!, resetsAt: floats[n + 2 * j + 1]! };
    const keys = meta.k ?? (n === 0 ? [] : text.toString('utf8', split + 1).split('\n'));
    const entries: UsageEntry[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const o = i * FIELDS;
      const key = keys[i]!;
      entries[i] = {
        key: key === '' ? null : key,
        timestamp: floats[i]!,
        model: meta.s[ints[o + 5]!]!,
        sessionId: meta.s[ints[o + 6]!]!,
        project: meta.s[ints[o + 7]!]!,
        inputTokens: ints[o]!,
        outputTokens: ints[o + 1]!,
        cacheCreationTokens: ints[o + 2]!,
        cacheCreation1hTokens: ints[o + 3]!,
        cacheReadTokens: ints[o + 4]!,
        speed: ints[o + 8] === NONE ? null : meta.s[ints[o + 8]!]!,
        inferenceGeo: ints[o + 9] === NONE ? null : meta.s[ints[o + 9]!]!,
      };
    }
    return { entries, duplicates: meta.d, limits, skipped: meta.x };
  } catch {
    return null;
  }
}

/** How many keys text[from..] holds: they are joined by newlines (as split('\n') would count). */
function keyCount(text: Buffer, from: number): number {
  let count = 1;
  for (let at = text.indexOf(10, from); at >= 0; at = text.indexOf(10, at + 1)) count++;
  return count;
}

/** A part as plain data (for merging and for the in-thread path that skips encoding). */
export function partData(part: ScanPart): PartData {
  return {
    entries: part.deduper.entries,
    duplicates: part.deduper.duplicates,
    limits: part.limits,
    skipped: part.skipped as Record<string, number>,
  };
}
