// The sample documents the component tests use: contract-valid Live and Estimate documents, and
// deep overrides that still validate.
import { describe, expect, test } from 'bun:test';
import { makeSampleClaudeWindow, makeSampleUsageData, mergeDeep } from './sample-data.ts';
import { validateUsageData } from './usage-data.ts';

describe('makeSampleUsageData', () => {
  test('builds a contract-valid Live document by default', () => {
    const doc = makeSampleUsageData();
    expect(validateUsageData(doc).ok).toBe(true);
    expect(doc.claudeWindow.source).toBe('oauth');
    expect(doc.claudeWindow.authoritative?.fiveHour?.utilization).toBe(42);
  });

  test('builds a valid Estimate document with a fallback reason', () => {
    const doc = makeSampleUsageData({ claudeWindow: makeSampleClaudeWindow('estimate') });
    expect(validateUsageData(doc).ok).toBe(true);
    expect(doc.claudeWindow.authoritative).toBeNull();
    expect(doc.claudeWindow.fallbackReason?.kind).toBe('rate-limited');
  });

  test('merges overrides deeply, replaces arrays and nulls', () => {
    const doc = makeSampleUsageData({ claudeWindow: { weekly: { pct: null } }, models: [] });
    expect(doc.claudeWindow.weekly).toEqual({ pct: null, resetsAt: doc.claudeWindow.weekly.resetsAt });
    expect(doc.models).toEqual([]);
    expect(mergeDeep({ a: { b: 1, c: 2 } }, { a: { c: 3 } })).toEqual({ a: { b: 1, c: 3 } });
  });

  test('throws the validator errors when overrides break the contract', () => {
    expect(() => makeSampleUsageData({ claudeWindow: { pct: -1 } })).toThrow('$.claudeWindow.pct');
  });
});
