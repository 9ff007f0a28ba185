// The document flags every command shares, and the one rule for a build: a configuration error is
// logged and becomes exit 2, anything else stays the caller's.
import { afterEach, describe, expect, test } from 'bun:test';
import { makeSampleUsageData as makeUsageData } from '../../../test/fixtures/sample-data.ts';
import { AggregateConfigError } from '../../lib/assemble/build-document.ts';
import { UsageError } from '../../lib/support/flags.ts';
import { setLogSink } from '../../lib/support/log.ts';
import { command as aggregate } from '../aggregate.ts';
import { DOCUMENT_FLAGS, documentOptions, settleDocument } from './document.ts';
import { command as serve } from '../serve.ts';
import { command as usage } from '../usage.ts';

let restoreSink: ((line: string) => void) | null = null;
afterEach(() => {
  if (restoreSink) setLogSink(restoreSink);
  restoreSink = null;
});

function captureLog(): string[] {
  const lines: string[] = [];
  restoreSink = setLogSink((line) => lines.push(line));
  return lines;
}

describe('DOCUMENT_FLAGS', () => {
  test('aggregate, serve and usage declare --timezone and --demo the same way', () => {
    for (const spec of [aggregate, serve, usage]) {
      expect(spec.flags.timezone).toBe(DOCUMENT_FLAGS.timezone);
      expect(spec.flags.demo).toBe(DOCUMENT_FLAGS.demo);
    }
  });

  test('aggregate, serve and usage all take --live-interval', () => {
    for (const spec of [aggregate, serve, usage])
      expect(spec.flags['live-interval']).toBe(DOCUMENT_FLAGS['live-interval']);
  });

  test('--live-interval SECONDS becomes the poll interval in ms; under 60 or not whole seconds is a usage error', () => {
    const where = { env: {}, home: '/home/dev' };
    expect(documentOptions({ 'live-interval': '120' }, where).liveIntervalMs).toBe(120_000);
    expect(documentOptions({}, where).liveIntervalMs).toBeUndefined();
    for (const bad of ['59', '1.5', 'soon'])
      expect(() => documentOptions({ 'live-interval': bad }, where)).toThrow(
        new UsageError(`--live-interval must be a whole number of seconds, at least 60, got '${bad}'`),
      );
  });

  test('become the build options, with --demo false when absent', () => {
    const where = { env: { TZ: 'UTC' }, home: '/home/dev' };
    expect(documentOptions({}, where)).toEqual({ ...where, timezone: undefined, demo: false });
    expect(documentOptions({ timezone: 'Asia/Tokyo', demo: true }, where)).toEqual({
      ...where,
      timezone: 'Asia/Tokyo',
      demo: true,
    });
  });
});

describe('settleDocument', () => {
  test('passes a built document through', async () => {
    const data = makeUsageData();
    expect(await settleDocument(Promise.resolve(data))).toEqual({ ok: true, data });
  });

  test('a configuration error is logged and becomes exit 2', async () => {
    const lines = captureLog();
    const outcome = await settleDocument(Promise.reject(new AggregateConfigError('/x has no projects/ folder')));
    expect(outcome).toEqual({ ok: false, exitCode: 2 });
    expect(lines).toEqual(['aios error: /x has no projects/ folder']);
  });

  test('any other error is rethrown for the caller, unlogged', async () => {
    const lines = captureLog();
    await expect(settleDocument(Promise.reject(new Error('disk on fire')))).rejects.toThrow('disk on fire');
    expect(lines).toEqual([]);
  });
});
