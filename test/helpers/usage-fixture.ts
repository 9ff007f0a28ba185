// A small, valid usage document for server and terminal tests, built by hand so those tests do not
// depend on the scan pipeline. Override any part; the result is checked against the contract.
import { SCHEMA_VERSION, validateUsageData, type UsageData } from '../../src/lib/usage-data.ts';

type WindowOverrides = Partial<UsageData['claudeWindow']>;

const zeroUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  totalTokens: 0,
  costUsd: 0,
  unpricedTokens: 0,
  requests: 0,
};

/** An estimate-sourced window: 42 % of a p90 history limit, resetting at 14:05Z. */
export function estimateWindow(overrides: WindowOverrides = {}): UsageData['claudeWindow'] {
  return {
    source: 'estimate',
    pct: 42,
    resetsAt: '2026-11-20T14:05:00.000Z',
    weekly: { pct: 18, resetsAt: '2026-11-24T09:00:00.000Z' },
    estimate: {
      pct: 42,
      resetsAt: '2026-11-20T14:05:00.000Z',
      usedCostUsd: 12.5,
      usedTokens: 1_250_000,
      limitCostUsd: 29.76,
      basis: 'history-p90',
      basisText: '90th percentile of 24 completed 5-hour blocks',
      sampleBlocks: 24,
      resetFromLog: null,
      burnRate: { tokensPerMinute: 5200, costUsdPerHour: 3.1 },
      projectedExhaustionAt: null,
      weekly: {
        pct: 18,
        resetsAt: '2026-11-24T09:00:00.000Z',
        usedCostUsd: 80,
        usedTokens: 9_000_000,
        limitCostUsd: 444,
        basis: 'history-p90',
        basisText: '90th percentile of 4 completed weeks',
      },
    },
    authoritative: null,
    fallbackReason: { kind: 'no-credential', message: 'no Claude Code credential', retryAt: null },
    ...overrides,
  };
}

/** An oauth-sourced window with the server's 5-hour 63 % and 7-day 27 %, plus a Sonnet weekly. */
export function oauthWindow(overrides: WindowOverrides = {}): UsageData['claudeWindow'] {
  const fiveHour = { utilization: 63, resetsAt: '2026-11-20T14:05:00.000Z' };
  const sevenDay = { utilization: 27, resetsAt: '2026-11-24T09:00:00.000Z' };
  return estimateWindow({
    source: 'oauth',
    pct: 63,
    resetsAt: fiveHour.resetsAt,
    weekly: { pct: 27, resetsAt: sevenDay.resetsAt },
    authoritative: {
      fetchedAt: '2026-11-20T11:50:20.000Z',
      fiveHour,
      sevenDay,
      sevenDaySonnet: { utilization: 12, resetsAt: sevenDay.resetsAt },
      sevenDayOpus: null,
      sevenDayOauthApps: null,
      extraUsage: null,
      limits: [],
    },
    fallbackReason: null,
    ...overrides,
  });
}

/** A complete valid document; throws when overrides break the contract (a test bug). */
export function makeUsageData(overrides: Partial<UsageData> = {}): UsageData {
  const doc: UsageData = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: '2026-11-20T11:51:00.000Z',
    demo: false,
    timezone: 'UTC',
    sources: {
      dirs: ['/home/dev/.claude'],
      files: 1,
      bytes: 100,
      filesRead: 1,
      bytesRead: 100,
      entries: 0,
      duplicates: 0,
      skipped: {},
      unreadableFiles: [],
      scanMs: 1,
    },
    totals: zeroUsage,
    daily: [],
    models: [],
    projects: [],
    sessions: [],
    unpricedModels: [],
    blocks: [],
    plan: null,
    claudeWindow: estimateWindow(),
    ...overrides,
  };
  const checked = validateUsageData(doc);
  if (!checked.ok) throw new Error(`fixture is not a valid document: ${checked.errors.join('; ')}`);
  return doc;
}
