// The whole scan against real temp trees: dedupe across files, bad input, incremental reads, a
// cache that cannot be trusted, the caller's memo short-cut, and workers.
import { afterAll, describe, expect, test } from 'bun:test';
import { Database } from 'bun:sqlite';
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  mkdirSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  assistantLine,
  makeConfigDir,
  makeTempDir,
  removeTempDirs,
  userLine,
} from '../../../test/fixtures/claude-log-fixtures.ts';
import { scanClaudeLogs, type ScanOptions, type ScanResult } from './scan.ts';
import { CACHE_FILE_NAME, LEGACY_PREFIX, MEMO_PREFIX } from './cache/store-file.ts';
import { captureLogLines } from '../../../test/fixtures/log-capture.ts';

const logged = captureLogLines();
afterAll(removeTempDirs);

const tempCache = (): string => join(makeTempDir('aios-cache-'), 'aios');

function rmIfThere(path: string): void {
  if (existsSync(path)) unlinkSync(path);
}

/** Everything a report depends on, in a stable order (read counters and timing left out). */
function essence(r: ScanResult) {
  const entries = r.entries!.map((e) => JSON.stringify(e)).sort();
  const limits = r.limitMessages.map((l) => `${l.at}>${l.resetsAt}`).sort();
  return {
    entries,
    limits,
    files: r.files,
    bytes: r.bytes,
    duplicates: r.duplicates,
    skipped: r.skipped,
    unreadable: r.unreadableFiles,
  };
}

async function expectWarmEqualsCold(opts: ScanOptions): Promise<ScanResult> {
  const warm = await scanClaudeLogs(opts);
  const cold = await scanClaudeLogs({ ...opts, cacheDir: null });
  expect(essence(warm)).toEqual(essence(cold));
  return warm;
}

describe('scanClaudeLogs: dedupe', () => {
  test("counts a resumed session's replayed response once, across files", async () => {
    const c = makeConfigDir();
    c.write('p/first.jsonl', [assistantLine({ id: 'm1', requestId: 'r1', session: 'first' })]);
    c.write('p/second.jsonl', [
      assistantLine({ id: 'm1', requestId: 'r1', session: 'second' }),
      assistantLine({ id: 'm2', requestId: 'r2', session: 'second' }),
    ]);
    const r = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: null });
    expect(r.entries!.map((e) => e.key).sort()).toEqual(['m1:r1', 'm2:r2']);
    expect(r.duplicates).toBe(1);
    expect(r.files).toBe(2);
  });

  test('keeps the largest streamed copy even when it sits in another file', async () => {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [assistantLine({ id: 'm1', requestId: 'r1', output: 900 })]);
    c.write('q/b.jsonl', [
      assistantLine({ id: 'm1', requestId: 'r1', output: 3 }),
      assistantLine({ id: 'm1', requestId: 'r1', output: 40 }),
    ]);
    const r = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: null });
    expect(r.entries).toHaveLength(1);
    expect(r.entries![0]).toMatchObject({ outputTokens: 900, project: 'p' });
    expect(r.duplicates).toBe(2);
  });

  test('ids that differ only in a lone surrogate stay two responses, warm as cold', async () => {
    const c = makeConfigDir();
    // JSON.stringify writes them as the escapes \ud800 and \udbff, as any JSON writer may.
    c.write('p/a.jsonl', [assistantLine({ id: 'msg_\ud800' }), assistantLine({ id: 'msg_\udbff' })]);
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    const first = await scanClaudeLogs(opts);
    expect(first.entries!.map((e) => e.key)).toEqual(['msg_\ud800:req_01FAKE', 'msg_\udbff:req_01FAKE']);
    const warm = await expectWarmEqualsCold(opts);
    expect(warm).toMatchObject({ filesRead: 0, entryCount: 2, duplicates: 0 });
  });

  test('counts responses missing an id without deduplicating them', async () => {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [assistantLine({ requestId: null }), assistantLine({ requestId: null })]);
    const r = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: null });
    expect(r.entries).toHaveLength(2);
    expect(r.duplicates).toBe(0);
  });

  test('gives the same result with workers as in one thread', async () => {
    const c = makeConfigDir();
    for (let f = 0; f < 6; f++) {
      const lines = [];
      for (let i = 0; i < 200; i++)
        lines.push(
          assistantLine({ id: `m${i % 150}`, requestId: `r${i % 150}`, output: (i * 7 + f) % 90, session: `s${f}` }),
          userLine(),
        );
      lines.push('{"usage": broken');
      c.write(`p${f % 2}/s${f}.jsonl`, lines);
    }
    const inThread = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: null, workers: 1 });
    const cache = tempCache();
    const parallel = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: cache, workers: 2, workerMinBytes: 0 });
    expect(essence(parallel)).toEqual(essence(inThread));
    expect(parallel.skipped).toEqual({ malformed: 6 });
    const warm = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: cache, workers: 2, workerMinBytes: 0 });
    expect(warm.filesRead).toBe(0);
    expect(essence(warm)).toEqual(essence(inThread));
  });
});

describe('scanClaudeLogs: bad input', () => {
  test('skips an unreadable file with a warning naming it, counts it and lists it', async () => {
    const c = makeConfigDir();
    c.write('p/good.jsonl', [assistantLine()]);
    // Tests run as root (chmod 000 does not stop root), so the unreadable file is a dangling symlink.
    const broken = join(c.dir, 'projects', 'p', 'broken.jsonl');
    symlinkSync(join(c.dir, 'missing-target.jsonl'), broken);
    const r = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: null });
    expect(r.entries).toHaveLength(1);
    expect(r.skipped['unreadable-file']).toBe(1);
    expect(r.unreadableFiles).toEqual([broken]);
    expect(logged.lines.some((w) => w.includes('warn') && w.includes(broken))).toBe(true);
  });

  test('reports a file that vanishes between listing and reading as unreadable', async () => {
    const c = makeConfigDir();
    // A directory reached through a *.jsonl symlink passes the listing but cannot be read as a file.
    mkdirSync(join(c.dir, 'elsewhere'));
    symlinkSync(join(c.dir, 'elsewhere'), join(c.dir, 'projects', 'dir.jsonl'));
    const r = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: null });
    expect(r.unreadableFiles).toEqual([join(c.dir, 'projects', 'dir.jsonl')]);
  });

  test('counts malformed, API-error and invalid-usage lines by reason', async () => {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [
      '{"type":"assistant","usage":',
      assistantLine({ model: '<synthetic>' }),
      assistantLine({ input: -4 }),
      userLine(),
      assistantLine({ id: 'ok' }),
    ]);
    const r = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: null });
    expect(r.skipped).toEqual({ malformed: 1, 'api-error': 1, 'invalid-usage': 1 });
    expect(r.entries!.map((e) => e.key)).toEqual(['ok:req_01FAKE']);
  });

  test('finds no logs without failing when projects/ is empty', async () => {
    const c = makeConfigDir();
    const r = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: tempCache() });
    expect(r).toMatchObject({ entries: [], files: 0, filesRead: 0, duplicates: 0, skipped: {} });
  });
});

describe('scanClaudeLogs: incremental', () => {
  test('re-reads nothing when the logs are unchanged', async () => {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [assistantLine({ id: 'a' }), assistantLine({ id: 'b' })]);
    c.write('p/b.jsonl', [assistantLine({ id: 'c' })], false); // no final newline: still reused
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    const first = await scanClaudeLogs(opts);
    expect(first.filesRead).toBe(2);
    const second = await expectWarmEqualsCold(opts);
    expect(second).toMatchObject({ filesRead: 0, bytesRead: 0 });
    expect(second.entries).toHaveLength(3);
  });

  test("answers an unchanged tree from the caller's known result, without opening the cache or decoding entries", async () => {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [assistantLine({ id: 'a' }), assistantLine({ id: 'b' })]);
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    const first = await scanClaudeLogs(opts);
    expect(first.memoizable).not.toBeNull();
    // Garbage after a header that still looks like ours: opening it through SQLite would fail.
    const db = join(opts.cacheDir, CACHE_FILE_NAME);
    for (const suffix of ['-wal', '-shm']) rmIfThere(db + suffix);
    const damaged = Buffer.concat([readFileSync(db).subarray(0, 100), Buffer.alloc(4096, 0x5a)]);
    writeFileSync(db, damaged);
    const asked: string[] = [];
    const summary = { entryCount: 2, duplicates: 0, limits: [], skipped: { malformed: 7 } };
    const known = (signature: string) => (
      asked.push(signature), signature === first.memoizable!.signature ? summary : null
    );
    const warm = await scanClaudeLogs({ ...opts, known });
    expect(asked).toEqual([first.memoizable!.signature]);
    expect(warm).toMatchObject({ entries: null, entryCount: 2, filesRead: 0, skipped: { malformed: 7 } });
    expect(warm.memoizable).toEqual(first.memoizable);
    expect(readFileSync(db).equals(damaged)).toBe(true);
    expect(logged.lines).toEqual([]);
  });

  test('a known result for another signature is not taken: a changed tree is scanned', async () => {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [assistantLine({ id: 'a' }), assistantLine({ id: 'b' })]);
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    const first = await scanClaudeLogs(opts);
    const summary = { entryCount: 2, duplicates: 0, limits: [], skipped: {} };
    const known = (signature: string) => (signature === first.memoizable!.signature ? summary : null);
    c.write('p/b.jsonl', [assistantLine({ id: 'c' })]);
    const changed = await scanClaudeLogs({ ...opts, known });
    expect(changed).toMatchObject({ entryCount: 3, filesRead: 1 });
    expect(changed.entries!.map((e) => e.key).sort()).toEqual(['a:req_01FAKE', 'b:req_01FAKE', 'c:req_01FAKE']);
    expect(changed.memoizable!.signature).not.toBe(first.memoizable!.signature);
  });

  test('keeps nothing beside the database but the database, and a rerun uses its per-file rows', async () => {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [assistantLine({ id: 'a' })]);
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    const first = await scanClaudeLogs(opts);
    expect(first.memoizable?.signature).toBeString();
    expect(readdirSync(opts.cacheDir).filter((f) => !f.startsWith(CACHE_FILE_NAME))).toEqual([]);
    const second = await expectWarmEqualsCold(opts);
    expect(second).toMatchObject({ filesRead: 0, memoizable: first.memoizable });
  });

  test('a result with an unreadable file is not memoizable: the file is tried again next run', async () => {
    const c = makeConfigDir();
    c.write('p/good.jsonl', [assistantLine()]);
    symlinkSync(join(c.dir, 'missing-target.jsonl'), join(c.dir, 'projects', 'p', 'broken.jsonl'));
    const r = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: tempCache() });
    expect(r.unreadableFiles).toHaveLength(1);
    expect(r.memoizable).toBeNull();
  });

  test('reads an appended file only from where the last run stopped', async () => {
    const c = makeConfigDir();
    const path = c.write('p/a.jsonl', [assistantLine({ id: 'a' })]);
    c.write('p/other.jsonl', [assistantLine({ id: 'o' })]);
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    await scanClaudeLogs(opts);
    const added = assistantLine({ id: 'b' }) + '\n';
    c.append('p/a.jsonl', added);
    const warm = await expectWarmEqualsCold(opts);
    expect(warm).toMatchObject({ filesRead: 1, bytesRead: Buffer.byteLength(added) });
    expect(warm.entries!.map((e) => e.key).sort()).toEqual(['a:req_01FAKE', 'b:req_01FAKE', 'o:req_01FAKE']);
    expect(existsSync(path)).toBe(true);
  });

  test('keeps the larger copy when an append repeats an already-counted response', async () => {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [assistantLine({ id: 'm', requestId: 'r', output: 10 })]);
    c.write('p/replay.jsonl', [assistantLine({ id: 'm', requestId: 'r', output: 10 })]);
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    await scanClaudeLogs(opts);
    c.append('p/a.jsonl', assistantLine({ id: 'm', requestId: 'r', output: 700 }) + '\n');
    const warm = await expectWarmEqualsCold(opts);
    expect(warm.entries).toHaveLength(1);
    expect(warm.entries![0]!.outputTokens).toBe(700);
    expect(warm.duplicates).toBe(2);
  });

  test('finishes an unterminated last line on the next run without counting it twice', async () => {
    const c = makeConfigDir();
    const whole = assistantLine({ id: 'late', output: 33 });
    c.write('p/a.jsonl', [assistantLine({ id: 'a' })]);
    c.append('p/a.jsonl', whole.slice(0, 40)); // Claude Code is mid-write
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    const first = await scanClaudeLogs(opts);
    expect(first.skipped).toEqual({});
    c.append('p/a.jsonl', whole.slice(40) + '\n' + assistantLine({ id: 'next' }));
    const warm = await expectWarmEqualsCold(opts);
    expect(warm.entries!.map((e) => e.key).sort()).toEqual(['a:req_01FAKE', 'late:req_01FAKE', 'next:req_01FAKE']);
    expect(warm.filesRead).toBe(1);
    const again = await expectWarmEqualsCold(opts);
    expect(again.filesRead).toBe(0);
  });

  test('rescans a truncated file', async () => {
    const c = makeConfigDir();
    const path = c.write('p/a.jsonl', [assistantLine({ id: 'a' }), assistantLine({ id: 'b' })]);
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    await scanClaudeLogs(opts);
    truncateSync(path, Buffer.byteLength(assistantLine({ id: 'a' }) + '\n'));
    const warm = await expectWarmEqualsCold(opts);
    expect(warm.entries!.map((e) => e.key)).toEqual(['a:req_01FAKE']);
  });

  test('rescans a file replaced by another one (new inode), even at the same size', async () => {
    const c = makeConfigDir();
    const path = c.write('p/a.jsonl', [assistantLine({ id: 'a1', output: 11 })]);
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    await scanClaudeLogs(opts);
    const replacement = join(c.dir, 'replacement.tmp');
    writeFileSync(replacement, assistantLine({ id: 'a2', output: 22 }) + '\n');
    renameSync(replacement, path);
    const warm = await expectWarmEqualsCold(opts);
    expect(warm.entries!.map((e) => [e.key, e.outputTokens])).toEqual([['a2:req_01FAKE', 22]]);
    expect(warm.filesRead).toBe(1);
  });

  test('rescans a file rewritten in place that grew but whose earlier bytes changed', async () => {
    const c = makeConfigDir();
    const path = c.write('p/a.jsonl', [assistantLine({ id: 'x', output: 1 })]);
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    await scanClaudeLogs(opts);
    writeFileSync(
      path,
      [assistantLine({ id: 'y', output: 2 }), assistantLine({ id: 'z', output: 3 })].join('\n') + '\n',
    );
    const warm = await expectWarmEqualsCold(opts);
    expect(warm.entries!.map((e) => e.key).sort()).toEqual(['y:req_01FAKE', 'z:req_01FAKE']);
  });

  test('sees a same-size edit in place whose mtime was put back (its ctime cannot be)', async () => {
    const c = makeConfigDir();
    const path = c.write('p/a.jsonl', [assistantLine({ id: 'a', output: 11 }), assistantLine({ id: 'b', output: 12 })]);
    const WHEN = 1_764_000_000; // a whole second, so the mtime can be put back exactly
    utimesSync(path, WHEN, WHEN);
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    const first = await scanClaudeLogs(opts);
    const ctimeBefore = statSync(path, { bigint: true }).ctimeNs;
    // The same bytes but one digit, in the middle of the file: neither the head nor the tail changes.
    const edited = readFileSync(path, 'utf8').replace('"output_tokens":11', '"output_tokens":99');
    writeFileSync(path, edited);
    utimesSync(path, WHEN, WHEN);
    // A file system with a coarse clock may give the edit the scan's ctime: touch until it moves.
    while (statSync(path, { bigint: true }).ctimeNs === ctimeBefore) utimesSync(path, WHEN, WHEN);
    const warm = await expectWarmEqualsCold(opts);
    expect(warm.filesRead).toBe(1);
    expect(warm.entries!.map((e) => e.outputTokens)).toEqual([99, 12]);
    // Nor may a memo made for the tree before the edit answer for it.
    expect(warm.memoizable!.signature).not.toBe(first.memoizable!.signature);
  });

  test('speed and inference geo survive the cache: a warm run prices them as a cold one', async () => {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [
      assistantLine({ id: 'f', model: 'claude-opus-4-8', speed: 'fast' }),
      assistantLine({ id: 'g', inferenceGeo: 'us' }),
    ]);
    const opts = { configDirs: [c.dir], cacheDir: tempCache() };
    const cold = await scanClaudeLogs(opts);
    expect(cold.entries!.map((e) => [e.speed, e.inferenceGeo])).toEqual([
      ['fast', null],
      [null, 'us'],
    ]);
    const warm = await expectWarmEqualsCold(opts);
    expect(warm.filesRead).toBe(0);
  });

  test('drops a deleted file from the totals and the cache', async () => {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [assistantLine({ id: 'a' })]);
    const gone = c.write('p/b.jsonl', [assistantLine({ id: 'b' })]);
    const cacheDir = tempCache();
    const opts = { configDirs: [c.dir], cacheDir };
    await scanClaudeLogs(opts);
    unlinkSync(gone);
    const warm = await expectWarmEqualsCold(opts);
    expect(warm.entries!.map((e) => e.key)).toEqual(['a:req_01FAKE']);
    const db = new Database(join(cacheDir, CACHE_FILE_NAME), { readonly: true });
    expect(db.query('SELECT path FROM files').all()).toEqual([{ path: join(c.dir, 'projects', 'p', 'a.jsonl') }]);
    db.close();
  });

  test('leaves cached rows of config dirs it was not asked to scan', async () => {
    const one = makeConfigDir();
    const two = makeConfigDir();
    one.write('p/a.jsonl', [assistantLine({ id: 'a' })]);
    two.write('p/b.jsonl', [assistantLine({ id: 'b' })]);
    const cacheDir = tempCache();
    await scanClaudeLogs({ configDirs: [one.dir], cacheDir });
    await scanClaudeLogs({ configDirs: [two.dir], cacheDir });
    const again = await scanClaudeLogs({ configDirs: [one.dir, two.dir], cacheDir });
    expect(again.filesRead).toBe(0);
    expect(again.entries).toHaveLength(2);
  });
});

describe('scanClaudeLogs: a cache that cannot be trusted', () => {
  async function primed(): Promise<{ opts: ScanOptions; cacheFile: string }> {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [assistantLine({ id: 'a', output: 5 }), assistantLine({ id: 'b', output: 6 })]);
    const cacheDir = tempCache();
    return { opts: { configDirs: [c.dir], cacheDir }, cacheFile: join(cacheDir, CACHE_FILE_NAME) };
  }

  test('rebuilds a corrupt cache file', async () => {
    const { opts, cacheFile } = await primed();
    await scanClaudeLogs(opts);
    writeFileSync(cacheFile, Buffer.from('this is not sqlite at all, just garbage '.repeat(200)));
    for (const suffix of ['-wal', '-shm']) rmIfThere(cacheFile + suffix);
    const r = await expectWarmEqualsCold(opts);
    expect(r.filesRead).toBe(1);
    expect(logged.lines.some((w) => w.includes('rebuilding'))).toBe(true);
    expect((await scanClaudeLogs(opts)).filesRead).toBe(0);
  });

  test('rebuilds a foreign SQLite file instead of trusting it', async () => {
    const { opts, cacheFile } = await primed();
    mkdirSync(opts.cacheDir!, { recursive: true });
    const foreign = new Database(cacheFile, { create: true });
    foreign.exec("CREATE TABLE files (path TEXT, body BLOB); INSERT INTO files VALUES ('x', x'00')");
    foreign.close();
    const r = await expectWarmEqualsCold(opts);
    expect(r.entries).toHaveLength(2);
    expect(logged.lines.some((w) => w.includes('rebuilding'))).toBe(true);
  });

  test('rebuilds a cache written by another version', async () => {
    const { opts, cacheFile } = await primed();
    await scanClaudeLogs(opts);
    const db = new Database(cacheFile);
    db.exec('PRAGMA user_version = 999');
    db.close();
    const r = await expectWarmEqualsCold(opts);
    expect(r.filesRead).toBe(1);
  });

  test('re-reads a file whose cached blob fails its checksum', async () => {
    const { opts, cacheFile } = await primed();
    await scanClaudeLogs(opts);
    const db = new Database(cacheFile);
    const row = db.query<{ body: Uint8Array }, []>('SELECT body FROM files').get()!;
    const damaged = new Uint8Array(row.body);
    damaged[damaged.length - 3]! ^= 0xff;
    db.query('UPDATE files SET body = ?').run(damaged);
    db.close();
    const r = await expectWarmEqualsCold(opts);
    expect(r.filesRead).toBe(1);
  });

  test('a rebuilt cache takes the memos beside it along, and those of earlier versions', async () => {
    const { opts, cacheFile } = await primed();
    await scanClaudeLogs(opts);
    const beside = [`${MEMO_PREFIX}1-2.bin`, `${LEGACY_PREFIX}3.bin`, `${LEGACY_PREFIX}3.report-4.bin`];
    for (const name of beside) writeFileSync(join(opts.cacheDir!, name), 'memo');
    writeFileSync(join(opts.cacheDir!, 'oauth-state.json'), '{}');
    writeFileSync(cacheFile, Buffer.from('this is not sqlite at all, just garbage '.repeat(200)));
    for (const suffix of ['-wal', '-shm']) rmIfThere(cacheFile + suffix);
    await expectWarmEqualsCold(opts);
    const left = readdirSync(opts.cacheDir!);
    expect(left.filter((f) => beside.includes(f))).toEqual([]);
    expect(left).toContain('oauth-state.json');
  });

  test('scans without a cache, and writes no memo, when the store file is a symlink', async () => {
    const { opts, cacheFile } = await primed();
    mkdirSync(opts.cacheDir!, { recursive: true });
    const target = join(makeTempDir('aios-link-target-'), 'target');
    writeFileSync(target, '');
    symlinkSync(target, cacheFile);
    const r = await expectWarmEqualsCold(opts);
    expect(r.entries).toHaveLength(2);
    expect(r.memoizable).toBeNull();
    expect(readFileSync(target, 'utf8')).toBe('');
    expect(readdirSync(opts.cacheDir!)).toEqual([CACHE_FILE_NAME]);
    expect(logged.lines.filter((w) => w.includes('symlink'))).toHaveLength(1);
  });

  test('never writes a cache inside a Claude Code config dir', async () => {
    const c = makeConfigDir();
    c.write('p/a.jsonl', [assistantLine()]);
    const inside = join(c.dir, 'aios-cache');
    const r = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: inside });
    expect(r.entries).toHaveLength(1);
    expect(existsSync(inside)).toBe(false);
    expect(logged.lines.some((w) => w.includes('inside a Claude Code config dir'))).toBe(true);
  });

  test('two processes scanning into one cache at once both get the full answer', async () => {
    const c = makeConfigDir();
    for (let f = 0; f < 20; f++)
      c.write(
        `p/s${f}.jsonl`,
        Array.from({ length: 50 }, (_, i) => assistantLine({ id: `m${f}-${i}` })),
      );
    const cacheDir = tempCache();
    const script = `import { scanClaudeLogs } from ${JSON.stringify(join(import.meta.dir, 'scan.ts'))};
const r = await scanClaudeLogs({ configDirs: [${JSON.stringify(c.dir)}], cacheDir: ${JSON.stringify(cacheDir)}, workers: 1 });
console.log(r.entries.length);`;
    const run = () => Bun.spawn([process.execPath, '-e', script], { stdout: 'pipe', stderr: 'pipe' });
    const procs = [run(), run()];
    const outs = await Promise.all(
      procs.map(
        async (p) =>
          [await new Response(p.stdout).text(), await new Response(p.stderr).text(), await p.exited] as const,
      ),
    );
    for (const [stdout, stderr, code] of outs) {
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout.trim()).toBe('1000');
    }
    expect((await scanClaudeLogs({ configDirs: [c.dir], cacheDir })).filesRead).toBe(0);
  });
});

describe('scanClaudeLogs: many unreadable files', () => {
  test('names the first ten, sums up the rest, and lists at most 100', async () => {
    const c = makeConfigDir();
    mkdirSync(join(c.dir, 'projects', 'p'));
    for (let i = 0; i < 120; i++)
      symlinkSync(join(c.dir, `gone-${i}`), join(c.dir, 'projects', 'p', `broken-${i}.jsonl`));
    const r = await scanClaudeLogs({ configDirs: [c.dir], cacheDir: null });
    expect(r.skipped['unreadable-file']).toBe(120);
    expect(r.unreadableFiles).toHaveLength(100);
    const named = logged.lines.filter((w) => w.includes('skipping unreadable log file'));
    expect(named).toHaveLength(10);
    expect(logged.lines.some((w) => w.includes('110 more unreadable log files skipped'))).toBe(true);
  });
});
