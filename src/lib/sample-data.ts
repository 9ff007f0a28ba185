// Contract-valid sample documents for component and terminal tests: a fixed clock, round numbers
// that are easy to assert on, and deep overrides so each test states only what it cares about.
import {
  SCHEMA_VERSION,
  validateUsageData,
  type ClaudeAuthoritativeUsage,
  type ClaudeWindow,
  type Usage,
  type UsageData,
} from './usage-data.ts';

/** The instant every sample is "generated" at; pass `new Date(SAMPLE_NOW)` as the clock. */
export const SAMPLE_NOW = '2026-11-20T12:00:00.000Z';

/** Objects merge key by key; arrays, primitives and null replace. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Deep-merge `overrides` into a copy of `base` (see DeepPartial for the rules). */
export function mergeDeep<T>(base: T, overrides: NoInfer<DeepPartial<T>> | undefined): T {
  if (overrides === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? mergeDeep(out[key], value) : value;
  }
  return out as T;
}

const at = (offsetMinutes: number) => new Date(Date.parse(SAMPLE_NOW) + offsetMinutes * 60_000).toISOString();

/** A usage row: tokens split 10/20/30/40 % across input/output/cache write/cache read. */
export function sampleUsage(totalTokens: number, costUsd: number | null, extra: Partial<Usage> = {}): Usage {
  return {
    inputTokens: totalTokens * 0.1,
    outputTokens: totalTokens * 0.2,
    cacheCreationTokens: totalTokens * 0.3,
    cacheReadTokens: totalTokens * 0.4,
    totalTokens,
    costUsd,
    unpricedTokens: costUsd === null ? totalTokens : 0,
    requests: Math.max(1, Math.round(totalTokens / 10_000)),
    ...extra,
  };
}

/** Anthropic's own numbers as the OAuth reader bounds them: 5 h 42 %, week 18 %, Sonnet 7 %. */
export function makeSampleAuthoritative(
  overrides?: DeepPartial<ClaudeAuthoritativeUsage>,
): ClaudeAuthoritativeUsage {
  const base: ClaudeAuthoritativeUsage = {
    fetchedAt: at(-0.5), // 30 s before SAMPLE_NOW
    fiveHour: { utilization: 42, resetsAt: at(134) }, // 2 h 14 m after SAMPLE_NOW
    sevenDay: { utilization: 18, resetsAt: at(3 * 24 * 60 + 60) },
    sevenDaySonnet: { utilization: 7, resetsAt: at(3 * 24 * 60 + 60) },
    sevenDayOpus: null,
    sevenDayOauthApps: null,
    extraUsage: { isEnabled: true, monthlyLimit: 20, usedCredits: 7.63, utilization: 38.15, currency: 'EUR' },
    limits: [
      { kind: 'session', group: 'session', percent: 42, resetsAt: at(134), displayName: null, isActive: true },
      { kind: 'weekly_all', group: 'weekly', percent: 18, resetsAt: at(4380), displayName: null, isActive: false },
      { kind: 'weekly_scoped', group: 'weekly', percent: 5, resetsAt: at(4380), displayName: 'Fable', isActive: false },
    ],
  };
  return mergeDeep(base, overrides);
}

/**
 * The panel's window. `source: 'oauth'` (default) carries the authoritative payload; pass
 * `{ source: 'estimate' }` for the fallback with a rate-limited reason.
 */
export function makeSampleClaudeWindow(
  source: ClaudeWindow['source'] = 'oauth',
  overrides?: DeepPartial<ClaudeWindow>,
): ClaudeWindow {
  const estimate: ClaudeWindow['estimate'] = {
    pct: 35,
    resetsAt: at(150),
    usedCostUsd: 7,
    usedTokens: 3_200_000,
    limitCostUsd: 20,
    basis: 'history-p90',
    basisText: 'learned from the 90th percentile of 24 past 5-hour blocks',
    sampleBlocks: 24,
    resetFromLog: null,
    burnRate: { tokensPerMinute: 12_300, costUsdPerHour: 4.2 },
    projectedExhaustionAt: at(62),
    weekly: {
      pct: 12,
      resetsAt: null,
      usedCostUsd: 30,
      usedTokens: 14_000_000,
      limitCostUsd: 250,
      basis: 'history-p90',
      basisText: 'learned from 3 past weeks',
    },
  };
  const base: ClaudeWindow =
    source === 'oauth'
      ? {
          source,
          pct: 42,
          resetsAt: at(134),
          weekly: { pct: 18, resetsAt: at(4380) },
          estimate,
          authoritative: makeSampleAuthoritative(),
          fallbackReason: null,
        }
      : {
          source,
          pct: 35,
          resetsAt: at(150),
          weekly: { pct: 12, resetsAt: null },
          estimate,
          authoritative: null,
          fallbackReason: { kind: 'rate-limited', message: 'rate limited until 12:05', retryAt: at(5) },
        };
  return mergeDeep(base, overrides);
}

function sampleDaily(): UsageData['daily'] {
  const rows: UsageData['daily'] = [];
  for (let i = 29; i >= 0; i--) {
    const date = new Date(Date.parse(SAMPLE_NOW) - i * 86_400_000).toISOString().slice(0, 10);
    // A weekly rhythm with quiet weekends, deterministic so screenshots are stable.
    const tokens = ((i * 7) % 5 === 0 ? 0.4 : 1) * (2_000_000 + ((i * 37) % 11) * 450_000);
    rows.push({ ...sampleUsage(tokens, Math.round(tokens / 1e4) / 100), date, sessions: 1 + (i % 4) });
  }
  return rows;
}

/**
 * A complete, validated document (Live source by default). Overrides merge deeply; arrays replace.
 * Throws with the validator's errors when the overrides make it invalid, so a broken fixture
 * fails loudly instead of testing the error state by accident.
 */
export function makeSampleUsageData(overrides?: DeepPartial<UsageData>): UsageData {
  const base: UsageData = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: SAMPLE_NOW,
    demo: false,
    timezone: 'UTC',
    sources: {
      dirs: ['/home/dev/.claude'],
      files: 120,
      bytes: 48_000_000,
      filesRead: 3,
      bytesRead: 420_000,
      entries: 9_800,
      duplicates: 2_100,
      skipped: { malformed: 2 },
      unreadableFiles: [],
      scanMs: 85,
    },
    totals: sampleUsage(98_000_000, 412.5, { unpricedTokens: 150_000 }),
    daily: sampleDaily(),
    models: [
      { ...sampleUsage(60_000_000, 310), model: 'claude-opus-4-5-20251101', priced: true },
      { ...sampleUsage(37_850_000, 102.5), model: 'claude-sonnet-4-5-20250929', priced: true },
      { ...sampleUsage(150_000, null), model: 'claude-mystery-9', priced: false },
    ],
    projects: [
      { ...sampleUsage(70_000_000, 300), project: '-home-dev-aios', sessions: 40, lastActivity: at(-3) },
      { ...sampleUsage(28_000_000, 112.5), project: '-home-dev-website', sessions: 12, lastActivity: at(-600) },
    ],
    sessions: [
      {
        ...sampleUsage(3_200_000, 7),
        sessionId: '5f0c7a9e-1111-4a8b-9c3d-000000000001',
        project: '-home-dev-aios',
        firstActivity: at(-70),
        lastActivity: at(-3),
        models: ['claude-opus-4-5-20251101'],
      },
      {
        ...sampleUsage(900_000, null),
        sessionId: '5f0c7a9e-1111-4a8b-9c3d-000000000002',
        project: '-home-dev-website',
        firstActivity: at(-700),
        lastActivity: at(-600),
        models: ['claude-mystery-9'],
      },
    ],
    unpricedModels: ['claude-mystery-9'],
    blocks: [
      {
        ...sampleUsage(2_500_000, 9),
        start: at(-720),
        end: at(-420),
        lastActivity: at(-600),
        isActive: false,
        isGap: false,
        models: ['claude-sonnet-4-5-20250929'],
        burnRate: null,
        projection: null,
      },
      {
        ...sampleUsage(0, 0),
        start: at(-420),
        end: at(-120),
        lastActivity: null,
        isActive: false,
        isGap: true,
        models: [],
        burnRate: null,
        projection: null,
      },
      {
        ...sampleUsage(3_200_000, 7),
        start: at(-120),
        end: at(180),
        lastActivity: at(-3),
        isActive: true,
        isGap: false,
        models: ['claude-opus-4-5-20251101'],
        burnRate: { tokensPerMinute: 12_300, costUsdPerHour: 4.2 },
        projection: { totalTokens: 6_900_000, costUsd: 19.6, remainingMinutes: 180 },
      },
    ],
    plan: { subscriptionType: 'max', rateLimitTier: 'default_claude_max_5x', label: 'Max 5x', source: 'credentials-file' },
    claudeWindow: makeSampleClaudeWindow('oauth'),
  };
  const doc = mergeDeep(base, overrides);
  const result = validateUsageData(doc);
  if (!result.ok) throw new Error(`sample document is invalid:\n${result.errors.join('\n')}`);
  return result.value;
}
