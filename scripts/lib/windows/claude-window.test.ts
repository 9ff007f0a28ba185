// Choosing the panel's window: the server's numbers from a valid answer (or limits[]), else the
// estimate with the fallback reason; the source flips with its inputs.
import { describe, expect, test } from 'bun:test';
import {
  SCHEMA_VERSION,
  validateAuthoritativeUsage,
  validateUsageData,
  type ClaudeAuthoritativeUsage,
  type ClaudeWindow,
  type UsageData,
} from '../../../src/contract/usage-data.ts';
import { resolveClaudeWindow } from './claude-window.ts';
import type { UsageEntry } from '../logs/entry.ts';
import { buildUsageReport } from '../report/usage-report.ts';
import { buildBlocks } from './blocks.ts';
import { estimateClaudeWindow } from './estimate.ts';

const now = new Date('2026-11-28T12:00:00Z');
const HOUR = 3_600_000;

function entry(at: number, inputTokens: number): UsageEntry {
  return {
    key: `msg_${at}:req_${at}`,
    timestamp: at,
    model: 'claude-sonnet-4-5-20250929',
    sessionId: 'sess-1',
    project: '-home-dev-proj',
    inputTokens,
    outputTokens: 500,
    cacheCreationTokens: 2000,
    cacheCreation1hTokens: 500,
    cacheReadTokens: 40_000,
    speed: null,
    inferenceGeo: null,
  };
}
// 14 days of one block each, then an active block.
const entries = [
  ...Array.from({ length: 14 }, (_, i) => entry(now.getTime() - (14 - i) * 24 * HOUR, 1000 * (i + 1))),
  entry(now.getTime() - 2 * HOUR, 5000),
  entry(now.getTime() - HOUR, 5000),
];
const blocks = buildBlocks(entries, now);
const estimate = estimateClaudeWindow({ entries, blocks, limitMessages: [], now });

const payload = (over: Partial<ClaudeAuthoritativeUsage> = {}): ClaudeAuthoritativeUsage => ({
  fetchedAt: '2026-11-28T11:59:58.000Z',
  fiveHour: { utilization: 11.5, resetsAt: '2026-11-28T14:30:00.282668+00:00' },
  sevenDay: { utilization: 9, resetsAt: '2026-12-03T09:00:00.282694+00:00' },
  sevenDaySonnet: null,
  sevenDayOpus: null,
  sevenDayOauthApps: null,
  extraUsage: null,
  limits: [],
  ...over,
});
const limitsOnly = payload({
  fiveHour: null,
  sevenDay: null,
  limits: [
    {
      kind: 'session',
      group: 'session',
      percent: 42,
      resetsAt: '2026-11-28T15:00:00+00:00',
      displayName: null,
      isActive: true,
    },
    {
      kind: 'weekly_all',
      group: 'weekly',
      percent: 17,
      resetsAt: '2026-12-01T00:00:00+00:00',
      displayName: null,
      isActive: false,
    },
  ],
});

function validateWith(claudeWindow: ClaudeWindow): string[] {
  const doc: UsageData = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    demo: false,
    timezone: 'Europe/Berlin',
    sources: {
      dirs: [],
      files: 1,
      bytes: 1,
      filesRead: 1,
      bytesRead: 1,
      entries: entries.length,
      duplicates: 0,
      futureEntries: 0,
      skipped: {},
      unreadableFiles: [],
      scanMs: 1,
    },
    ...buildUsageReport(entries, { timezone: 'Europe/Berlin' }),
    blocks,
    plan: null,
    claudeWindow,
  };
  const r = validateUsageData(doc);
  return r.ok ? [] : r.errors;
}

describe('resolveClaudeWindow', () => {
  test('the fixtures are valid: a learned estimate and bounded payloads', () => {
    expect(estimate.basis).toBe('history-p90');
    expect(validateAuthoritativeUsage(payload()).ok).toBe(true);
    expect(validateAuthoritativeUsage(limitsOnly).ok).toBe(true);
  });

  test('a valid answer makes the source oauth with the server’s 5-hour and 7-day numbers', () => {
    const w = resolveClaudeWindow(estimate, { usage: payload() });
    expect(w).toMatchObject({
      source: 'oauth',
      pct: 11.5,
      resetsAt: '2026-11-28T14:30:00.282668+00:00',
      weekly: { pct: 9, resetsAt: '2026-12-03T09:00:00.282694+00:00' },
      fallbackReason: null,
    });
    expect(w.authoritative).toEqual(payload());
    expect(w.estimate).toBe(estimate); // kept beside the server's numbers
    expect(validateWith(w)).toEqual([]);
  });

  test('a limits[]-only answer uses the session and weekly_all entries', () => {
    const w = resolveClaudeWindow(estimate, { usage: limitsOnly });
    expect(w).toMatchObject({
      source: 'oauth',
      pct: 42,
      resetsAt: '2026-11-28T15:00:00+00:00',
      weekly: { pct: 17, resetsAt: '2026-12-01T00:00:00+00:00' },
    });
    expect(validateWith(w)).toEqual([]);
  });

  test('an answer with a 5-hour window but no weekly one leaves weekly unknown, not estimated', () => {
    const w = resolveClaudeWindow(estimate, { usage: payload({ sevenDay: null }) });
    expect(w.source).toBe('oauth');
    expect(w.weekly).toEqual({ pct: null, resetsAt: null });
  });

  test('a failure reason keeps the estimate’s numbers and says why', () => {
    const reason = {
      kind: 'rate-limited' as const,
      message: 'rate limited until 14:05',
      retryAt: '2026-11-28T14:05:00.000Z',
    };
    const w = resolveClaudeWindow(estimate, { reason });
    expect(w).toMatchObject({
      source: 'estimate',
      pct: estimate.pct,
      resetsAt: estimate.resetsAt,
      weekly: { pct: estimate.weekly.pct, resetsAt: estimate.weekly.resetsAt },
      authoritative: null,
      fallbackReason: reason,
    });
    expect(w.pct).not.toBeNull();
    expect(validateWith(w)).toEqual([]);
  });

  test('an answer with every window null falls back to the estimate as a bad payload', () => {
    const w = resolveClaudeWindow(estimate, { usage: payload({ fiveHour: null, sevenDay: null }) });
    expect(w.source).toBe('estimate');
    expect(w.authoritative).toBeNull();
    expect(w.fallbackReason?.kind).toBe('bad-payload');
    expect(validateWith(w)).toEqual([]);
  });

  test('source flips oauth -> estimate -> oauth with the inputs, nothing carried over', () => {
    const reason = { kind: 'timeout' as const, message: 'no answer within 6 s', retryAt: null };
    const sources = [{ usage: payload() }, { reason }, { usage: limitsOnly }].map((live) =>
      resolveClaudeWindow(estimate, live),
    );
    expect(sources.map((w) => [w.source, w.pct])).toEqual([
      ['oauth', 11.5],
      ['estimate', estimate.pct],
      ['oauth', 42],
    ]);
  });
});
