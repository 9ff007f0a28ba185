// The scan cache's binary codec: every field of a part round-trips (odd keys, lone surrogates, speed
// and geo), and damaged, truncated or foreign bytes are refused rather than misread.
import { describe, expect, test } from 'bun:test';
import { decodePart, encodePart, type PartData } from './codec.ts';
import type { UsageEntry } from '../entry.ts';
import { makeEntry } from '../../../../test/fixtures/usage-entries.ts';

function entry(over: Partial<UsageEntry>): UsageEntry {
  return makeEntry({
    key: 'msg_1:req_1',
    timestamp: Date.parse('2026-11-20T18:17:07.586Z'),
    model: 'claude-opus-4-5-20251101',
    sessionId: 'sess-é',
    project: 'proj',
    inputTokens: 1,
    outputTokens: 2,
    cacheCreationTokens: 3,
    cacheCreation1hTokens: 1,
    cacheReadTokens: 0xffffffff,
    ...over,
  });
}

const part: PartData = {
  entries: [entry({}), entry({ key: null, model: 'other' }), entry({ key: 'weird\nkey', sessionId: 's2' })],
  duplicates: 4,
  limits: [{ at: 1764093600000, resetsAt: 1764100800000 }],
  skipped: { malformed: 2, 'api-error': 1 },
};

describe('scan codec', () => {
  test('round-trips entries, keys (including null and odd ones), limits and counts', () => {
    expect(decodePart(encodePart(part))).toEqual(part);
  });

  test('round-trips an empty part and entries from several projects', () => {
    const empty: PartData = { entries: [], duplicates: 0, limits: [], skipped: {} };
    expect(decodePart(encodePart(empty))).toEqual(empty);
    const mixed: PartData = { ...part, entries: [entry({ project: 'a' }), entry({ project: 'b', key: 'k2' })] };
    expect(decodePart(encodePart(mixed))!.entries.map((e) => e.project)).toEqual(['a', 'b']);
  });

  test('keeps keys holding lone surrogates apart: UTF-8 would turn each into U+FFFD', () => {
    const lone: PartData = {
      ...part,
      entries: [entry({ key: 'msg_\ud800:req_1' }), entry({ key: 'msg_\udbff:req_1' }), entry({ key: 'plain' })],
    };
    const decoded = decodePart(encodePart(lone))!;
    expect(decoded).toEqual(lone);
    expect(decoded.entries.map((e) => e.key)).toEqual(['msg_\ud800:req_1', 'msg_\udbff:req_1', 'plain']);
  });

  test('round-trips speed and inference geo, present or not', () => {
    const priced: PartData = {
      ...part,
      entries: [
        entry({ speed: 'fast', inferenceGeo: 'us' }),
        entry({ key: 'k2', speed: 'standard' }),
        entry({ key: 'k3', inferenceGeo: 'global' }),
        entry({ key: 'k4' }),
      ],
    };
    expect(decodePart(encodePart(priced))).toEqual(priced);
  });

  test('rejects damaged, truncated or foreign bytes instead of misreading them', () => {
    const bytes = encodePart(part);
    const flipped = bytes.slice();
    flipped[40]! ^= 1;
    expect(decodePart(flipped)).toBeNull();
    expect(decodePart(bytes.subarray(0, bytes.length - 1))).toBeNull();
    expect(decodePart(new Uint8Array(100))).toBeNull();
    expect(decodePart(new Uint8Array(3))).toBeNull();
  });

  test('decodes from an unaligned view, as a database driver may hand it over', () => {
    const bytes = encodePart(part);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(decodePart(padded.subarray(3))).toEqual(part);
  });

  test('round-trips keys joined plainly (no newline in any) and a lone keyless entry', () => {
    const plainKeys: PartData = {
      ...part,
      entries: [entry({}), entry({ key: null, model: 'other' }), entry({ key: 'k3', sessionId: 's2' })],
    };
    for (const p of [plainKeys, { ...part, entries: [entry({ key: null })] }])
      expect(decodePart(encodePart(p))).toEqual(p);
  });
});
