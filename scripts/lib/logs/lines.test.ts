// One line at a time: the shortened parse (content cut out) must read a record as the whole line
// does, or give way to it. Cases found while building the log fuzz net (test/fuzz-log-records.test.ts).
import { describe, expect, test } from 'bun:test';
import { emptyPart, scanRegion } from './lines.ts';

/** What scanRegion makes of one line: its entries and skips. */
function read(line: string) {
  const part = emptyPart();
  const buf = Buffer.from(line + '\n');
  scanRegion(buf, 0, buf.length, part, 'p', 'f');
  return { entries: part.deduper.entries.length, skipped: part.skipped };
}

const HEAD =
  '{"type":"assistant","timestamp":"2026-11-20T10:00:00Z","sessionId":"s","requestId":"r",' +
  '"message":{"id":"m","model":"claude-sonnet-4-5","usage":{"input_tokens":1000,"output_tokens":1}},';

describe('the shortened parse', () => {
  test('a "content":[ that sits in a key after an escaped quote is not where the content is cut', () => {
    // JSON.parse keeps the last "type": this is a user record, and user records carry no usage.
    const line = `${HEAD}"\\"content":[1],"type":"user","x":[2],"stop_reason":null}`;
    expect((JSON.parse(line) as { type: string }).type).toBe('user');
    expect(read(line)).toEqual({ entries: 0, skipped: {} });
  });

  test('a top-level "content" array is not the message content: cutting it would drop top-level keys', () => {
    const line = `${HEAD}"content":[1],"type":"user","x":[2],"stop_reason":null}`;
    expect(read(line)).toEqual({ entries: 0, skipped: {} });
  });

  test('an assistant record as Claude Code writes it is still read from its shortened form', () => {
    const line =
      '{"type":"assistant","timestamp":"2026-11-20T10:00:00Z","sessionId":"s","requestId":"r","message":' +
      '{"id":"m","model":"x","content":[{"type":"text","text":"\\"content\\":[ ] ,\\"stop_reason\\":"}],' +
      '"stop_reason":null,"usage":{"input_tokens":1,"output_tokens":2}}}';
    expect(read(line)).toEqual({ entries: 1, skipped: {} });
  });
});
