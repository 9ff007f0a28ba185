// One record at a time: entries with their dedupe key, the skips and their reasons, the quirks of
// absent or oversized fields, and the limit message's reset time.
import { describe, expect, test } from 'bun:test';
import { assistantLine } from '../../../test/fixtures/claude-log-fixtures.ts';
import { readLimitMessage, readUsageRecord } from './record.ts';

const parse = (line: string): unknown => JSON.parse(line);

describe('readUsageRecord', () => {
  test('turns an assistant record into an entry with the dedupe key, 1-hour share and project', () => {
    const e = readUsageRecord(
      parse(
        assistantLine({
          id: 'msg_A',
          requestId: 'req_A',
          input: 3,
          output: 7,
          cacheCreation: 20,
          cacheCreation1h: 5,
          cacheRead: 40,
        }),
      ),
      'proj',
      'file-session',
    );
    expect(e).toEqual({
      key: 'msg_A:req_A',
      timestamp: Date.parse('2026-11-20T18:17:07.586Z'),
      model: 'claude-sonnet-4-5-20250929',
      sessionId: 'sess-1',
      project: 'proj',
      inputTokens: 3,
      outputTokens: 7,
      cacheCreationTokens: 20,
      cacheCreation1hTokens: 5,
      cacheReadTokens: 40,
      speed: null,
      inferenceGeo: null,
    });
  });

  test('carries usage.speed and usage.inference_geo as logged; a value that is not a string is invalid-usage', () => {
    const usageWith = (extra: Record<string, unknown>) => {
      const rec = JSON.parse(assistantLine()) as { message: { usage: Record<string, unknown> } };
      Object.assign(rec.message.usage, extra);
      return readUsageRecord(rec, 'p', 'f');
    };
    expect(usageWith({ speed: 'fast', inference_geo: 'us' })).toMatchObject({ speed: 'fast', inferenceGeo: 'us' });
    expect(usageWith({ speed: 'standard', inference_geo: null })).toMatchObject({
      speed: 'standard',
      inferenceGeo: null,
    });
    expect(usageWith({ speed: 2 })).toBe('invalid-usage');
    expect(usageWith({ inference_geo: { region: 'us' } })).toBe('invalid-usage');
  });

  test('gives no key when either id is missing, and falls back to the file session id', () => {
    const rec = JSON.parse(assistantLine({ requestId: null })) as Record<string, unknown>;
    delete rec.sessionId;
    const e = readUsageRecord(rec, 'p', 'from-file');
    expect(e).toMatchObject({ key: null, sessionId: 'from-file' });
    expect(readUsageRecord(parse(assistantLine({ id: null })), 'p', 'f')).toMatchObject({ key: null });
  });

  test('ignores records that never carry usage, without counting them', () => {
    expect(readUsageRecord({ type: 'user', message: { usage: { input_tokens: 1 } } }, 'p', 'f')).toBeNull();
    expect(readUsageRecord({ type: 'summary', summary: 'x' }, 'p', 'f')).toBeNull();
  });

  test('classifies API errors, missing usage, insane numbers and bad timestamps', () => {
    expect(readUsageRecord(parse(assistantLine({ model: '<synthetic>' })), 'p', 'f')).toBe('api-error');
    expect(readUsageRecord(parse(assistantLine({ extra: { isApiErrorMessage: true } })), 'p', 'f')).toBe('api-error');
    expect(readUsageRecord({ type: 'assistant', message: { id: 'x' } }, 'p', 'f')).toBe('no-usage');
    expect(readUsageRecord(parse(assistantLine({ output: -1 })), 'p', 'f')).toBe('invalid-usage');
    expect(readUsageRecord(parse(assistantLine({ input: 1.5 })), 'p', 'f')).toBe('invalid-usage');
    expect(readUsageRecord(parse(assistantLine({ cacheRead: 2 ** 40 })), 'p', 'f')).toBe('invalid-usage');
    expect(readUsageRecord(parse(assistantLine({ timestamp: 'yesterday' })), 'p', 'f')).toBe('malformed');
    expect(readUsageRecord([1, 2], 'p', 'f')).toBe('malformed');
  });

  test("skips a timestamp whose derived times would leave the contract's years as bad-timestamp", () => {
    const at = (timestamp: string) => readUsageRecord(parse(assistantLine({ timestamp })), 'p', 'f');
    // A block ends 5 h after it starts: 19:30 on the last day of year 9999 would end in year 10000.
    expect(at('9999-12-31T19:30:00Z')).toBe('bad-timestamp');
    expect(at('+010000-01-01T00:00:00.000Z')).toBe('bad-timestamp');
    expect(at('+275760-09-13T00:00:00.000Z')).toBe('bad-timestamp');
    expect(at('-000001-06-01T00:00:00.000Z')).toBe('bad-timestamp');
    expect(at('0000-01-01T03:00:00Z')).toBe('bad-timestamp');
    // Inside the range (a day of margin at each end), however odd, the line counts.
    expect(at('9999-12-29T23:00:00Z')).toMatchObject({ timestamp: Date.parse('9999-12-29T23:00:00Z') });
    expect(at('0000-01-02T00:00:00Z')).toMatchObject({ timestamp: Date.parse('0000-01-02T00:00:00Z') });
    expect(at('1970-01-01T00:00:00Z')).toMatchObject({ timestamp: 0 });
  });

  test('treats absent cache fields as zero and caps the 1-hour share at the cache writes', () => {
    const e = readUsageRecord(
      {
        type: 'assistant',
        timestamp: '2026-01-01T00:00:00Z',
        message: {
          id: 'm',
          model: 'x',
          usage: { input_tokens: 1, output_tokens: 2, cache_creation: { ephemeral_1h_input_tokens: 9 } },
        },
      },
      'p',
      'f',
    );
    expect(e).toMatchObject({ cacheCreationTokens: 0, cacheReadTokens: 0, cacheCreation1hTokens: 0, sessionId: 'f' });
  });
});

describe('readLimitMessage', () => {
  test("reads the reset time from Claude Code's synthetic limit message", () => {
    const line = assistantLine({
      model: '<synthetic>',
      text: 'Claude AI usage limit reached|1764100800',
      timestamp: '2026-11-25T18:00:00.000Z',
    });
    expect(readLimitMessage(parse(line))).toEqual({
      at: Date.parse('2026-11-25T18:00:00.000Z'),
      resetsAt: 1764100800000,
    });
  });

  test('ignores a message whose own timestamp is out of range', () => {
    const line = assistantLine({
      model: '<synthetic>',
      text: 'Claude AI usage limit reached|1764100800',
      timestamp: '+010000-01-01T00:00:00.000Z',
    });
    expect(readLimitMessage(parse(line))).toBeNull();
  });

  test('ignores the text in user records (a pasted log, a grep result)', () => {
    expect(
      readLimitMessage({
        type: 'user',
        timestamp: '2026-11-25T18:00:00Z',
        message: { content: 'Claude AI usage limit reached|1764100800' },
      }),
    ).toBeNull();
  });
});
