// The fuzz net for log records (fast-check): arbitrary JSONL (real records mutated, random bytes)
// never breaks the document; the same lines in any files and order give the same document; and a
// warm run equals a cold one after any appends, truncations and rewrites. Real files, the real cache.
import { afterAll, beforeAll, afterEach, beforeEach, describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { assistantLine, makeTempDir, removeTempDirs, userLine } from './fixtures/claude-log-fixtures.ts';
import { buildUsageData } from '../scripts/lib/assemble/build-document.ts';
import { setLogSink } from '../scripts/lib/support/log.ts';
import { validateUsageData, type UsageData } from '../src/contract/usage-data.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let base: string;
let restoreLog: ((line: string) => void) | null = null;
beforeAll(() => {
  base = makeTempDir('aios-fuzz-');
});
afterAll(removeTempDirs);
// The scan warns about what it skips; here that is the point, not news.
beforeEach(() => {
  restoreLog = setLogSink(() => {});
});
afterEach(() => {
  if (restoreLog) setLogSink(restoreLog);
});

let dirs = 0;
/** A fresh folder under this file's temp dir; each property run removes its own. */
const freshDir = (label: string) => mkdtempSync(join(base, `${label}-${dirs++}-`));

// ---- What a log line can be --------------------------------------------------------------------

const ID = fc.oneof(
  fc.constantFrom('msg_a', 'msg_b', 'msg_c', 'msg_\ud800', 'msg_\udbff', 'msg_\ud83d\ude00', 'msg_x\ny', ''),
  fc.string({ maxLength: 4 }),
);
const TIMESTAMP = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: NOW - 40 * DAY, max: NOW + HOUR }).map((t) => new Date(t).toISOString()) },
  fc.integer({ min: NOW, max: NOW + 100 * DAY }).map((t) => new Date(t).toISOString()),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((t) => new Date(t).toISOString()),
  fc.constantFrom(
    '9999-12-31T19:30:00Z',
    '9999-12-29T23:59:59Z',
    '+010000-01-01T00:00:00.000Z',
    '-000001-06-01T00:00:00.000Z',
    '0000-01-02T00:00:00Z',
    '0050-06-01T12:00:00Z',
    '2026-11-20',
    'yesterday',
    '',
  ),
);
const TOKENS = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 300_000 }) },
  fc.constantFrom(0, 0xffffffff, 2 ** 32, -1, 1.5, 1e300),
);
const MODEL = fc.constantFrom(
  'claude-sonnet-4-5-20250929',
  'claude-opus-4-8',
  'claude-opus-4-6[1m]',
  'claude-opus-4-5-20251101',
  'claude-haiku-4-5-20251001',
  'claude-sonnet-5',
  'claude-opus-5',
  '<synthetic>',
  'mystery-model',
  '',
);

/** An assistant record as Claude Code writes it, with fields drawn from odd and ordinary values. */
const RECORD = fc
  .record({
    id: ID,
    requestId: fc.constantFrom('req_1', 'req_2', 'req_\udfff'),
    session: fc.constantFrom('s1', 's2', ''),
    timestamp: TIMESTAMP,
    model: MODEL,
    input: TOKENS,
    output: TOKENS,
    cacheCreation: TOKENS,
    cacheCreation1h: TOKENS,
    cacheRead: TOKENS,
    speed: fc.option(fc.constantFrom('fast', 'standard', 'priority'), { nil: undefined }),
    inferenceGeo: fc.option(fc.constantFrom('us', 'global', 'eu'), { nil: undefined }),
  })
  .map((o) => assistantLine(o));

const LIMIT_LINE = fc
  .tuple(TIMESTAMP, fc.integer({ min: 1e9, max: 99_999_999_999 }))
  .map(([timestamp, reset]) =>
    assistantLine({ model: '<synthetic>', timestamp, text: `Claude AI usage limit reached|${reset}` }),
  );

/** Where a JSON edit may land, and what it may put there. */
const JSON_PATHS = [
  ['type'],
  ['timestamp'],
  ['requestId'],
  ['sessionId'],
  ['isApiErrorMessage'],
  ['message'],
  ['message', 'id'],
  ['message', 'model'],
  ['message', 'content'],
  ['message', 'usage'],
  ['message', 'usage', 'input_tokens'],
  ['message', 'usage', 'output_tokens'],
  ['message', 'usage', 'cache_creation_input_tokens'],
  ['message', 'usage', 'cache_read_input_tokens'],
  ['message', 'usage', 'cache_creation'],
  ['message', 'usage', 'speed'],
  ['message', 'usage', 'inference_geo'],
];

const STRUCTURE = [
  '"content":[',
  '],"stop_reason":',
  '"type":"user",',
  '"type":"assistant",',
  '\\"',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"usage":{"input_tokens":7,"output_tokens":7},',
];

type Mutation = (line: string) => string;
const at = (line: string, f: number) => Math.floor(f * line.length);
const FRACTION = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  FRACTION.map((f) => (line: string) => line.slice(0, at(line, f))),
  fc.tuple(FRACTION, fc.string({ unit: 'binary', maxLength: 6 })).map(
    ([f, s]) =>
      (line: string) =>
        line.slice(0, at(line, f)) + s + line.slice(at(line, f)),
  ),
  fc.tuple(FRACTION, fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 })).map(
    ([f, c]) =>
      (line: string) =>
        line.slice(0, at(line, f)) + c + line.slice(at(line, f) + 1),
  ),
  // JSON's structure, spliced in: what the shortened parse's cut points look for, and duplicate keys.
  fc.tuple(FRACTION, fc.constantFrom(...STRUCTURE)).map(
    ([f, s]) =>
      (line: string) =>
        line.slice(0, at(line, f)) + s + line.slice(at(line, f)),
  ),
  fc.tuple(fc.constantFrom(...JSON_PATHS), fc.jsonValue({ maxDepth: 2 })).map(([path, value]) => (line: string) => {
    try {
      const record = JSON.parse(line) as Record<string, unknown>;
      let node: Record<string, unknown> = record;
      for (const key of path.slice(0, -1)) {
        if (typeof node[key] !== 'object' || node[key] === null) return line;
        node = node[key] as Record<string, unknown>;
      }
      node[path.at(-1)!] = value;
      return JSON.stringify(record);
    } catch {
      return line;
    }
  }),
);

/** A real record with up to three mutations applied. */
const MUTATED = fc
  .tuple(RECORD, fc.array(MUTATION, { maxLength: 3 }))
  .map(([line, mutations]) => mutations.reduce((l, m) => m(l), line));

/** One line of a log file, as bytes. */
const LINE: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 4, arbitrary: RECORD.map((l) => Buffer.from(l)) },
  { weight: 4, arbitrary: MUTATED.map((l) => Buffer.from(l)) },
  LIMIT_LINE.map((l) => Buffer.from(l)),
  fc.constant(Buffer.from(userLine('tool output', { toolUseResult: { usage: { input_tokens: 5 } } }))),
  fc.uint8Array({ maxLength: 48 }).map((b) => Buffer.from(b)),
  fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.concat([Buffer.from('{"type":"assistant","usage":'), b])),
);

/** A log file: lines joined by newlines, the last one perhaps unfinished. */
const FILE = fc
  .tuple(fc.array(LINE, { maxLength: 12 }), fc.boolean())
  .map(([lines, finished]) =>
    Buffer.concat(lines.flatMap((l, i) => (i < lines.length - 1 || finished ? [l, NL] : [l]))),
  );
const NL = Buffer.from('\n');

// ---- Helpers -----------------------------------------------------------------------------------

/** Write `files` under `<dir>/projects/`, two project folders; returns the config dir. */
function writeTree(dir: string, files: Buffer[], place = (i: number) => `p${i % 2}/s${i}.jsonl`): string {
  for (const [i, bytes] of files.entries()) {
    const path = join(dir, 'projects', place(i));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  mkdirSync(join(dir, 'projects'), { recursive: true });
  return dir;
}

function build(configDir: string, cacheDir: string, now: number, timezone = 'UTC'): Promise<UsageData> {
  return buildUsageData({
    env: { CLAUDE_CONFIG_DIR: configDir, AIOS_CACHE_DIR: cacheDir, TZ: 'UTC' },
    home: join(configDir, 'no-home'),
    now: () => new Date(now),
    timezone,
  });
}

/**
 * Lines the scan must account for, by a plain reading: each line holding the usage (or limit)
 * marker is one entry or one counted skip when it is an assistant record or no JSON object at
 * all; any other record (a user line) is passed over.
 */
function linesToAccountFor(files: Buffer[]): number {
  let n = 0;
  for (const bytes of files) {
    for (let start = 0; start <= bytes.length; ) {
      let end = bytes.indexOf(10, start);
      if (end < 0) end = bytes.length;
      const line = bytes.subarray(start, end);
      start = end + 1;
      if (line.indexOf('"usage"') < 0 && line.indexOf('usage limit reached|') < 0) continue;
      let record: unknown;
      try {
        record = JSON.parse(line.toString('utf8'));
      } catch {
        n++;
        continue;
      }
      const isObject = typeof record === 'object' && record !== null && !Array.isArray(record);
      if (!isObject || (record as { type?: unknown }).type === 'assistant') n++;
    }
  }
  return n;
}

const sum = (counts: Record<string, number>) =>
  Object.entries(counts).reduce((total, [reason, n]) => total + (reason === 'unreadable-file' ? 0 : n), 0);

/** The document without what depends on where and when the lines were read. */
function comparable(doc: UsageData): unknown {
  const { generatedAt: _, sources, ...rest } = doc;
  const { scanMs: _ms, filesRead: _fr, bytesRead: _br, dirs: _d, files: _f, bytes: _b, ...counted } = sources;
  return { ...rest, sources: counted };
}

// ---- The properties ----------------------------------------------------------------------------

describe('fuzz: arbitrary log lines', () => {
  test('the document is always built and valid, and every line looked at is counted once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(FILE, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: NOW - 2 * DAY, max: NOW + 2 * DAY }),
        fc.constantFrom('UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Pacific/Kiritimati'),
        async (files, now, timezone) => {
          const dir = freshDir('any');
          try {
            const doc = await build(writeTree(join(dir, 'claude'), files), join(dir, 'cache'), now, timezone);
            expect(validateUsageData(doc).ok).toBe(true);
            const { entries, duplicates, skipped } = doc.sources;
            expect(entries + duplicates + sum(skipped)).toBe(linesToAccountFor(files));
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe('fuzz: the same lines, any files, any order', () => {
  // All files in one project folder and with one file name, so that neither the project nor the
  // session a record without sessionId falls back to depends on the layout.
  const layout = (n: number) =>
    fc.tuple(
      fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      fc.array(fc.nat({ max: 2 }), { minLength: n, maxLength: n }),
    );

  function filesFor(lines: Buffer[], [order, fileOf]: [number[], number[]]): Buffer[] {
    const files: Buffer[][] = [[], [], []];
    for (const i of order) files[fileOf[i]!]!.push(lines[i]!, NL);
    return files.map((parts) => Buffer.concat(parts));
  }

  test('give the same document', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(
            LINE.filter((l) => !l.includes(10)),
            { minLength: 1, maxLength: 16 },
          )
          .chain((lines) => fc.tuple(fc.constant(lines), layout(lines.length), layout(lines.length))),
        async ([lines, one, two]) => {
          const dir = freshDir('order');
          try {
            const place = (i: number) => `p/f${i}/session.jsonl`;
            const a = await build(writeTree(join(dir, 'a'), filesFor(lines, one), place), join(dir, 'ca'), NOW);
            const b = await build(writeTree(join(dir, 'b'), filesFor(lines, two), place), join(dir, 'cb'), NOW);
            expect(comparable(a)).toEqual(comparable(b));
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('fuzz: warm equals cold after appends, truncations and rewrites', () => {
  type Op =
    | { kind: 'append'; file: number; bytes: Buffer }
    | { kind: 'truncate'; file: number; at: number }
    | { kind: 'rewrite'; file: number; bytes: Buffer; replace: boolean }
    | { kind: 'edit-in-place'; file: number; at: number; byte: number }
    | { kind: 'delete'; file: number };

  const FILE_NO = fc.nat({ max: 2 });
  const OP: fc.Arbitrary<Op> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('append'), file: FILE_NO, bytes: FILE }) },
    fc.record({ kind: fc.constant('truncate'), file: FILE_NO, at: FRACTION }),
    fc.record({ kind: fc.constant('rewrite'), file: FILE_NO, bytes: FILE, replace: fc.boolean() }),
    fc.record({ kind: fc.constant('edit-in-place'), file: FILE_NO, at: FRACTION, byte: fc.nat({ max: 255 }) }),
    fc.record({ kind: fc.constant('delete'), file: FILE_NO }),
  ) as fc.Arbitrary<Op>;

  /**
   * Let the file system's clock move past the last scan. A file rewritten to its old size within
   * the same clock tick as the scan that stored it keeps size, mtime and ctime (git's racy-file
   * case; Claude Code only appends): the cache cannot tell, so the sequence leaves a tick between.
   */
  function tick(dir: string): void {
    const probe = join(dir, 'tick');
    writeFileSync(probe, '');
    const before = statSync(probe, { bigint: true }).ctimeNs;
    while (statSync(probe, { bigint: true }).ctimeNs === before) utimesSync(probe, new Date(), new Date());
  }

  /**
   * Every file keeps one mtime throughout, as a tool that puts mtimes back would leave it (a whole
   * second, so it is set back exactly): only size, inode and ctime can tell the cache what changed.
   */
  const MTIME = 1_764_000_000;

  function apply(op: Op, path: string, scratch: string): void {
    change(op, path, scratch);
    if (existsSync(path)) utimesSync(path, MTIME, MTIME);
  }

  function change(op: Op, path: string, scratch: string): void {
    const exists = existsSync(path);
    switch (op.kind) {
      case 'append':
        mkdirSync(dirname(path), { recursive: true });
        appendFileSync(path, op.bytes);
        return;
      case 'truncate':
        if (exists) truncateSync(path, Math.floor(op.at * statSync(path).size));
        return;
      case 'rewrite':
        mkdirSync(dirname(path), { recursive: true });
        if (op.replace) {
          writeFileSync(scratch, op.bytes);
          renameSync(scratch, path);
        } else writeFileSync(path, op.bytes);
        return;
      case 'edit-in-place': {
        if (!exists) return;
        const bytes = readFileSync(path);
        if (bytes.length === 0) return;
        bytes[Math.floor(op.at * bytes.length)] = op.byte;
        writeFileSync(path, bytes);
        return;
      }
      case 'delete':
        if (exists) unlinkSync(path);
    }
  }

  test('at every step, with the report memo and the per-file rows in play', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(FILE, { minLength: 1, maxLength: 3 }),
        fc.array(OP, { minLength: 1, maxLength: 6 }),
        async (initial, ops) => {
          const dir = freshDir('steps');
          try {
            const tree = writeTree(join(dir, 'claude'), initial);
            for (const i of initial.keys()) utimesSync(join(tree, 'projects', `p${i % 2}/s${i}.jsonl`), MTIME, MTIME);
            const cache = join(dir, 'cache');
            let now = NOW;
            await build(tree, cache, now);
            for (const [step, op] of ops.entries()) {
              tick(dir);
              apply(op, join(tree, 'projects', `p${op.file % 2}/s${op.file}.jsonl`), join(dir, 'scratch'));
              now += 7 * 60_000;
              const warm = await build(tree, cache, now);
              const cold = await build(tree, join(dir, `cold-${step}`), now);
              expect(warm.sources.filesRead).toBeLessThanOrEqual(cold.sources.filesRead);
              expect(comparable(warm)).toEqual(comparable(cold));
            }
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 90_000);
});
