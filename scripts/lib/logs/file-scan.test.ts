// Reading one file in chunks: streamed copies, lines longer than a chunk or 10 MB, truncated and
// garbage lines, an unfinished last line, limit messages, and long lines that are not assistant records.
import { afterAll, describe, expect, test } from 'bun:test';
import { statSync } from 'node:fs';
import { assistantLine, makeConfigDir, removeTempDirs, userLine } from '../../../test/fixtures/claude-log-fixtures.ts';
import { MAX_LINE_BYTES, scanLogFile, type FileScanResult } from './file-scan.ts';
import { leadingRecordType } from './lines.ts';

afterAll(removeTempDirs);

function scanWhole(path: string, from = 0): FileScanResult {
  return scanLogFile(path, 'proj', 'fallback', from, statSync(path).size);
}

describe('scanLogFile', () => {
  test('keeps the largest streamed copy of a response and counts the others', () => {
    const c = makeConfigDir();
    const path = c.write('p/s.jsonl', [
      assistantLine({ id: 'm1', requestId: 'r1', output: 5 }),
      assistantLine({ id: 'm1', requestId: 'r1', output: 500 }),
      assistantLine({ id: 'm1', requestId: 'r1', output: 50 }),
      assistantLine({ id: 'm2', requestId: 'r2', output: 1 }),
    ]);
    const r = scanWhole(path);
    expect(r.body.deduper.entries.map((e) => [e.key, e.outputTokens])).toEqual([
      ['m1:r1', 500],
      ['m2:r2', 1],
    ]);
    expect(r.body.deduper.duplicates).toBe(2);
  });

  test('reads a response on a line longer than 10 MB', () => {
    const c = makeConfigDir();
    const huge = 'x'.repeat(11 * 1024 * 1024);
    const path = c.write('p/s.jsonl', [
      userLine(huge),
      assistantLine({ id: 'big', text: huge, output: 77 }),
      assistantLine({ id: 'after' }),
    ]);
    const r = scanWhole(path);
    expect(r.body.deduper.entries.map((e) => [e.key, e.outputTokens])).toEqual([
      ['big:req_01FAKE', 77],
      ['after:req_01FAKE', 50],
    ]);
    expect(r.body.skipped).toEqual({});
  });

  test('counts truncated and garbage marker lines as malformed and never stops', () => {
    const c = makeConfigDir();
    const good = assistantLine({ id: 'ok' });
    const path = c.write('p/s.jsonl', [
      good.slice(0, good.length - 20), // truncated mid-record, still has the marker
      '{"usage": nonsense',
      'random garbage without the marker',
      '',
      good,
    ]);
    const r = scanWhole(path);
    expect(r.body.deduper.entries.map((e) => e.key)).toEqual(['ok:req_01FAKE']);
    expect(r.body.skipped).toEqual({ malformed: 2 });
  });

  test('handles lines split across read chunks and CRLF endings', () => {
    const c = makeConfigDir();
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++)
      lines.push(assistantLine({ id: `m${i}`, text: 'y'.repeat(i % 700) }) + (i % 2 ? '\r' : ''));
    const path = c.write('p/s.jsonl', lines);
    expect(statSync(path).size).toBeGreaterThan(2 * 1024 * 1024);
    const r = scanWhole(path);
    expect(r.body.deduper.entries.length).toBe(3000);
    expect(r.body.skipped).toEqual({});
    expect(r.resumeOffset).toBe(statSync(path).size);
    expect(r.tail).toBeNull();
  });

  test('keeps an unterminated last line apart and resumes at its start', () => {
    const c = makeConfigDir();
    const first = assistantLine({ id: 'a' });
    const path = c.write('p/s.jsonl', [first, assistantLine({ id: 'b' })], false);
    const r = scanWhole(path);
    expect(r.body.deduper.entries.map((e) => e.key)).toEqual(['a:req_01FAKE']);
    expect(r.tail?.deduper.entries.map((e) => e.key)).toEqual(['b:req_01FAKE']);
    expect(r.resumeOffset).toBe(Buffer.byteLength(first) + 1);
    // Reading from the resume offset sees only the unfinished line.
    const again = scanWhole(path, r.resumeOffset);
    expect(again.bytesRead).toBe(statSync(path).size - r.resumeOffset);
    expect(again.tail?.deduper.entries.length).toBe(1);
  });

  test('collects usage-limit messages with their reset time', () => {
    const c = makeConfigDir();
    const path = c.write('p/s.jsonl', [
      assistantLine({
        model: '<synthetic>',
        text: 'Claude AI usage limit reached|1764100800',
        timestamp: '2026-11-25T18:00:00.000Z',
      }),
    ]);
    const r = scanWhole(path);
    expect(r.body.limits).toEqual([{ at: Date.parse('2026-11-25T18:00:00.000Z'), resetsAt: 1764100800000 }]);
    expect(r.body.skipped).toEqual({ 'api-error': 1 });
  });

  test('reads only up to the size it was given, leaving later growth for the next run', () => {
    const c = makeConfigDir();
    const line = assistantLine({ id: 'a' }) + '\n';
    const path = c.write('p/s.jsonl', [assistantLine({ id: 'a' }), assistantLine({ id: 'b' })]);
    const r = scanLogFile(path, 'proj', 'f', 0, Buffer.byteLength(line));
    expect(r.body.deduper.entries.map((e) => e.key)).toEqual(['a:req_01FAKE']);
    expect(r.resumeOffset).toBe(Buffer.byteLength(line));
  });
});

describe('long lines that are not assistant records', () => {
  test('a multi-megabyte user record carrying "usage" is passed over, not parsed or counted', () => {
    const c = makeConfigDir();
    // A Task tool result: a user record whose toolUseResult has its own usage block.
    const taskResult = userLine('z'.repeat(3 << 20), {
      toolUseResult: { usage: { input_tokens: 4, output_tokens: 900 } },
    });
    const path = c.write('p/s.jsonl', [assistantLine({ id: 'a' }), taskResult, assistantLine({ id: 'b' })]);
    const r = scanWhole(path);
    expect(r.body.deduper.entries.map((e) => e.key)).toEqual(['a:req_01FAKE', 'b:req_01FAKE']);
    expect(r.body.skipped).toEqual({});
    expect(r.resumeOffset).toBe(statSync(path).size);
  });

  test('a short Task result (a user record with its own usage) is ignored, not counted', () => {
    const c = makeConfigDir();
    // Shaped by hand: `stop_reason` after the content lets the short parse (content cut out) read it.
    const task = JSON.stringify({
      type: 'user',
      message: { role: 'user', content: [{ type: 'tool_result', content: 'done' }], stop_reason: null },
      toolUseResult: { content: [{ type: 'text', text: 'x' }], usage: { input_tokens: 4, output_tokens: 900 } },
    });
    const path = c.write('p/s.jsonl', [task, assistantLine({ id: 'a' })]);
    const r = scanWhole(path);
    expect(r.body.deduper.entries.map((e) => e.key)).toEqual(['a:req_01FAKE']);
    expect(r.body.skipped).toEqual({});
  });

  test('an unfinished long user record is left for the next run from its start', () => {
    const c = makeConfigDir();
    const first = assistantLine({ id: 'a' });
    const partial = userLine('q'.repeat(3 << 20)).slice(0, -5);
    const path = c.write('p/s.jsonl', [first, partial], false);
    const r = scanWhole(path);
    expect(r.resumeOffset).toBe(Buffer.byteLength(first) + 1);
    expect(r.tail).toBeNull();
  });

  test('leadingRecordType reads the top-level type only when it comes before nested values', () => {
    const b = (s: string) => Buffer.from(s);
    const read = (s: string) => leadingRecordType(b(s), 0, Buffer.byteLength(s));
    expect(read('{"parentUuid":"x","isSidechain":false,"type":"user","message":{"type":"x"}}')).toBe('user');
    expect(read('{"note":"\\"type\\":\\"user\\"","message":{"role":"user"},"type":"user"}')).toBeNull();
    expect(read('{"message":{"type":"message"},"type":"assistant"}')).toBeNull();
    expect(read('{"a":"b\\\\","type":"summary"}')).toBe('summary');
  });
});

describe('lines beyond the 64 MiB limit', () => {
  test('an assistant line over the limit is skipped and counted as malformed, and the scan goes on', () => {
    const c = makeConfigDir();
    const path = c.write('p/s.jsonl', [
      assistantLine({ id: 'before' }),
      assistantLine({ id: 'giant', text: 'g'.repeat(MAX_LINE_BYTES + 1024) }),
      assistantLine({ id: 'after' }),
    ]);
    const r = scanWhole(path);
    expect(r.body.deduper.entries.map((e) => e.key)).toEqual(['before:req_01FAKE', 'after:req_01FAKE']);
    expect(r.body.skipped).toEqual({ malformed: 1 });
    expect(r.oversizedLines).toBe(1);
    expect(r.resumeOffset).toBe(statSync(path).size);
  });
});
