// The redaction set: secret values registered at run time (and any piece of 12 characters or more
// of one) plus every Anthropic token shape. Everything aios prints, logs, writes or serves passes here.
import { errorMessage } from './errors.ts';

/** sk-ant-oat01-… (access), sk-ant-ort01-… (refresh), sk-ant-api03-… (API key), sk-ant-sid01-… (cookie). */
const TOKEN_SHAPE = /sk-ant-[a-z]+[0-9]*-[A-Za-z0-9_-]+/g;
/**
 * A token that lost its first characters (an endpoint echoing `k-ant-oat01-…` passed the shape
 * above), each with what may be left of the lost start before it: `ant-` and a tag such as
 * `oat01` (after what is left of `sk-`), or the tag alone before a long tail (after what is left of
 * `sk-ant-`). The tag's exact form (three letters, two digits) keeps words like `relevant-data-flow`
 * out. Two patterns with a literal start, not one with an optional lead: the lead made it slow.
 */
const TOKEN_TAILS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ant-[a-z]{3}\d{2}-[A-Za-z0-9_-]+/g, 'sk-'],
  [/(?:oat|ort|api|sid)\d{2}-[A-Za-z0-9_-]{16,}/g, 'sk-ant-'],
];
/** Bearer headers echoed back in errors, whatever the token looks like. */
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const REDACTED = '[REDACTED]';

/** Shorter values would redact ordinary words; real tokens are far longer. */
const MIN_SECRET_LENGTH = 8;
/** Any piece of a registered secret this long or longer is redacted wherever it appears. */
export const MIN_FRAGMENT = 12;

/** Registered secrets shorter than MIN_FRAGMENT: matched whole. */
const shortSecrets = new Set<string>();
/** Every MIN_FRAGMENT-character window of every longer secret. */
const windows = new Set<string>();
/** The rolling hashes of those windows: a text window is looked up as a string only on a hit. */
const windowHashes = new Set<number>();
/** One bit per hash bucket (the hash's top 21 bits), set for every window: most text windows stop here. */
const HASH_BITS = 21;
const hashFilter = new Int32Array((1 << HASH_BITS) / 32);
const bucket = (h: number) => h >>> (32 - HASH_BITS);

const BASE = 257;
/** BASE^(MIN_FRAGMENT-1) mod 2^32, to take the leaving character out of a rolling hash. */
const LEAVING = (() => {
  let p = 1;
  for (let i = 1; i < MIN_FRAGMENT; i++) p = Math.imul(p, BASE);
  return p;
})();

function hashOf(text: string, from: number): number {
  let h = 0;
  for (let i = from; i < from + MIN_FRAGMENT; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

function addSecret(value: string): void {
  if (value.length < MIN_FRAGMENT) {
    shortSecrets.add(value);
    return;
  }
  for (let i = 0; i + MIN_FRAGMENT <= value.length; i++) {
    const h = hashOf(value, i);
    windows.add(value.slice(i, i + MIN_FRAGMENT));
    windowHashes.add(h);
    hashFilter[bucket(h) >>> 5]! |= 1 << (bucket(h) & 31);
  }
}

/** Register a secret read at run time (an OAuth access or refresh token, say). */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  addSecret(value);
  // Inside a JSON document (the served /api/aggregate, a written file) a `"` or `\` in the value
  // appears escaped; credential tokens may hold any printable ASCII, so that form is a secret too.
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) addSecret(escaped);
}

/**
 * Replace every stretch of `text` made of windows of registered secrets. One pass with a rolling
 * hash over the text's 12-character windows, so a 2 MB document costs a few milliseconds however
 * many secrets there are; a stretch covered by overlapping windows becomes one [REDACTED].
 */
function redactFragments(text: string): string {
  if (windows.size === 0 || text.length < MIN_FRAGMENT) return text;
  let out = '';
  let copied = 0; // text before this index is in `out` (or redacted)
  let coverEnd = -1; // the current redacted stretch ends here (exclusive)
  let h = hashOf(text, 0);
  const last = text.length - MIN_FRAGMENT;
  for (let i = 0; ; i++) {
    const b = bucket(h);
    if (hashFilter[b >>> 5]! & (1 << (b & 31)) && windowHashes.has(h) && windows.has(text.slice(i, i + MIN_FRAGMENT))) {
      if (i > coverEnd) {
        // A new stretch: flush the one before, and the plain text up to here.
        if (coverEnd >= 0) out += REDACTED;
        out += text.slice(copied, i);
      }
      coverEnd = i + MIN_FRAGMENT;
      copied = coverEnd;
    }
    if (i === last) break;
    h = (Math.imul(h - Math.imul(text.charCodeAt(i), LEAVING), BASE) + text.charCodeAt(i + MIN_FRAGMENT)) | 0;
  }
  if (coverEnd < 0) return text;
  return out + REDACTED + text.slice(copied);
}

/** `text` with each match of `pattern` redacted, together with the end of `lead` just before it. */
function redactWithLead(text: string, pattern: RegExp, lead: string): string {
  pattern.lastIndex = 0;
  let out = '';
  let copied = 0;
  let found = false;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    found = true;
    let start = m.index;
    for (let k = Math.min(lead.length, start - copied); k > 0; k--) {
      if (text.startsWith(lead.slice(-k), start - k)) {
        start -= k;
        break;
      }
    }
    out += text.slice(copied, start) + REDACTED;
    copied = m.index + m[0].length;
  }
  return found ? out + text.slice(copied) : text;
}

/** Replace every registered secret (or piece of one), and every token-shaped string, in `text`. */
export function redact(text: string): string {
  // Whole token shapes first: a piece of another secret inside a token must not split it into
  // parts too short for the shapes to recognise.
  let out = text.replace(TOKEN_SHAPE, REDACTED);
  for (const [pattern, lead] of TOKEN_TAILS) out = redactWithLead(out, pattern, lead);
  out = redactFragments(out);
  for (const secret of shortSecrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(BEARER, `$1${REDACTED}`);
}

/** A message for any thrown value, redacted, safe to print. */
export function redactError(error: unknown): string {
  return redact(errorMessage(error));
}

/** For tests: forget registered secrets. */
export function clearSecretsForTests(): void {
  shortSecrets.clear();
  windows.clear();
  windowHashes.clear();
  hashFilter.fill(0);
}
