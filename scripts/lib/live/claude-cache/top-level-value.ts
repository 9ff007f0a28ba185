// One top-level value out of a big JSON file without parsing the rest: Claude Code writes
// ~/.claude.json with JSON.stringify(config, null, 2), so a top-level key sits at "\n  \"key\":".
// Anything that does not look like that is parsed whole (still correct, only slower).

export type ValueLookup =
  | { found: true; value: unknown }
  | { found: false; why: 'absent' | 'not-json' | 'not-an-object' | 'truncated' };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x7b, 0x5b]); // { [
const CLOSE = new Set([0x7d, 0x5d]); // } ]
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The end (exclusive) of the object or array that starts at `start`, skipping brackets inside
 * strings; -1 when the bytes end first (a half-written file).
 */
function endOfComposite(bytes: Uint8Array, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (OPEN.has(b)) depth++;
    else if (CLOSE.has(b) && --depth === 0) return i + 1;
  }
  return -1;
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && SPACE.has(bytes[i]!)) i++;
  return i;
}

function parseSlice(bytes: Uint8Array, from: number, to: number): ValueLookup {
  try {
    return { found: true, value: JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString()) };
  } catch {
    return { found: false, why: 'not-json' };
  }
}

/** The whole document parsed, and `key` taken from it: the slow, always-correct path. */
function fromWholeDocument(bytes: Uint8Array, key: string): ValueLookup {
  const whole = parseSlice(bytes, 0, bytes.length);
  if (!whole.found) return whole;
  const doc = whole.value;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { found: false, why: 'not-an-object' };
  return Object.hasOwn(doc, key) ? { found: true, value: (doc as Record<string, unknown>)[key] } : absent;
}

const absent: ValueLookup = { found: false, why: 'absent' };

/**
 * The value of top-level `key` in the JSON object `bytes`. Fast path: the key at two-space
 * indentation right after a newline (how Claude Code writes the file), with an object, array or
 * null value; only that value is parsed. When the key is nowhere in the bytes it is absent; in any
 * other layout the whole document is parsed. A value cut off by a half-written file is "truncated".
 *
 * @example topLevelValue(readFileSync(path), 'cachedUsageUtilization')
 */
export function topLevelValue(bytes: Uint8Array, key: string): ValueLookup {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const quoted = JSON.stringify(key);
  if (buf.indexOf(quoted) === -1) return absent;
  const marker = `\n  ${quoted}`;
  const at = buf.indexOf(marker);
  // A third space before the key would make it nested; the marker's own newline rules that out.
  if (at !== -1) {
    const colon = skipSpace(buf, at + marker.length);
    if (buf[colon] === 0x3a) {
      const start = skipSpace(buf, colon + 1);
      if (buf.toString('latin1', start, start + 4) === 'null') return { found: true, value: null };
      if (OPEN.has(buf[start]!)) {
        const end = endOfComposite(buf, start);
        return end === -1 ? { found: false, why: 'truncated' } : parseSlice(buf, start, end);
      }
    }
  }
  return fromWholeDocument(buf, key);
}
