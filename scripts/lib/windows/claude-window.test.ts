// Choosing the panel's window from the readings, strongest first: Live (a fresh reading of the current
// window), live-plus-logs, the logged limit message, calibrated, history-p90, none; with honest reasons.
import { describe, expect, test } from 'bun:test';
import {
  validateAuthoritativeUsage,
  validateUsageData,
  type ClaudeAuthoritativeUsage,
  type FallbackReason,
  type UsageData,
} from '../../../src/contract/usage-data.ts';
import { makeSampleUsageData } from '../../../test/fixtures/sample-data.ts';
import {
  DAY,
  HOUR,
  MINUTE,
  syntheticHistory,
  usageEntriesOf,
  type LogEntry,
} from '../../../test/fixtures/synthetic-readings.ts';
import type { UsageReading } from '../history/readings.ts';
import type { LimitMessage, UsageEntry } from '../logs/entry.ts';
import { buildBlocks } from './blocks.ts';
import { resolveWindows, type WindowResolutionInput } from './claude-window.ts';
import { estimateClaudeWindow, weeklyPoints } from './estimate.ts';
import { hitsOfLimitMessages } from '../history/hits.ts';
import { readingFromPayload } from '../live/payload-reading.ts';
import { loggedUsage } from './logged-usage.ts';
import { LIVE_FRESH_MS } from './readings-view.ts';

const now = new Date('2026-11-28T12:00:00Z');
const nowMs = now.getTime();

/** Everything the resolution needs for a log and readings; `over` replaces any part. */
function resolve(
  entries: UsageEntry[],
  readings: UsageReading[],
  over: Partial<WindowResolutionInput> & { limitMessages?: LimitMessage[] } = {},
) {
  const blocks = buildBlocks(entries, now);
  const limitMessages = over.limitMessages ?? [];
  const estimate = estimateClaudeWindow({ entries, blocks, limitMessages, now });
  return resolveWindows({
    now,
    readings,
    hits: hitsOfLimitMessages(limitMessages),
    endpointFailure: null,
    blocks,
    logged: loggedUsage(weeklyPoints(entries)),
    estimate,
    ...over,
  });
}

/** The result inside a whole document, checked against the contract. */
function contractErrors(resolved: ReturnType<typeof resolveWindows>): string[] {
  const doc: UsageData = { ...makeSampleUsageData(), ...resolved };
  const r = validateUsageData(doc);
  return r.ok ? [] : r.errors;
}

// ---- An account: 20 days of one window a day at 4 points per dollar, $8 each, then today's use --

const past = syntheticHistory({ end: nowMs, days: 20, k5: 4, k7: 0.5, weekReset: nowMs + 2 * DAY + 2 * HOUR });
/** Today's window opened at 09:00 (no reading of it yet): $1 every 10 minutes until 11:50, $18. */
const today: LogEntry[] = Array.from({ length: 18 }, (_, i) => [nowMs - 3 * HOUR + i * 10 * MINUTE, 1]);
const entries = usageEntriesOf([...past.entries, ...today]);
const todayReset = nowMs + 2 * HOUR;

const reading = (ageMs: number, fivePct: number | null, over: Partial<UsageReading> = {}): UsageReading => ({
  via: 'statusline',
  firstSeenAt: nowMs - ageMs,
  observedAt: nowMs - ageMs,
  fiveHour: fivePct === null ? null : { pct: fivePct, resetsAt: todayReset },
  sevenDay: { pct: 40, resetsAt: nowMs + 2 * DAY + 2 * HOUR },
  planTier: 'tier-a',
  payload: null,
  ...over,
});

describe('Live: a reading of the current window younger than the bound', () => {
  test('a statusline reading 40 s old is Live, from Claude Code, with the reading’s two windows', () => {
    const { claudeWindow: w } = resolve(entries, [...past.readings, reading(40_000, 63)]);
    expect(w).toMatchObject({
      source: 'oauth',
      pct: 63,
      resetsAt: new Date(todayReset).toISOString(),
      weekly: { pct: 40 },
      live: { via: 'statusline', observedAt: new Date(nowMs - 40_000).toISOString() },
      fallbackReason: null,
    });
    // No payload behind a statusline reading: the other windows are unknown, not guessed.
    expect(w.authoritative).toMatchObject({ sevenDaySonnet: null, extraUsage: null, limits: [] });
    expect(w.authoritative?.fiveHour?.utilization).toBe(63);
  });

  test('a fresh cached payload of the same week lends its per-model weeks and scoped limits', () => {
    const payload = endpointPayload({
      fetchedAt: new Date(nowMs - 5 * MINUTE).toISOString(),
      sevenDay: { utilization: 38, resetsAt: new Date(nowMs + 2 * DAY + 2 * HOUR).toISOString() },
      sevenDaySonnet: { utilization: 12, resetsAt: null },
      limits: [
        { kind: 'session', group: 'session', percent: 50, resetsAt: null, displayName: null, isActive: true },
        { kind: 'weekly_scoped', group: 'weekly', percent: 5, resetsAt: null, displayName: 'Fable', isActive: null },
      ],
    });
    const cache = { ...reading(5 * MINUTE, 50), via: 'claude-cache' as const, payload };
    const { claudeWindow: w } = resolve(entries, [cache, reading(40_000, 63)]);
    expect(w.live?.via).toBe('statusline');
    expect(w.authoritative?.sevenDaySonnet).toEqual({ utilization: 12, resetsAt: null });
    expect(w.authoritative?.limits.map((l) => l.kind)).toEqual(['weekly_scoped']);
    expect(w.authoritative?.fiveHour?.utilization).toBe(63);
  });

  test('just past the bound the same reading is the start of a live-plus-logs estimate instead', () => {
    const fresh = resolve(entries, [reading(LIVE_FRESH_MS, 63)]).claudeWindow;
    const stale = resolve(entries, [reading(LIVE_FRESH_MS + 1, 63)]).claudeWindow;
    expect([fresh.source, stale.source]).toEqual(['oauth', 'estimate']);
    expect(stale.estimate.basis).toBe('live-plus-logs');
  });

  test('a reading dated in the future is clock skew: not Live, not used', () => {
    const skewed = reading(-2 * HOUR, 63);
    const { claudeWindow: w } = resolve(entries, [skewed]);
    expect(w.source).toBe('estimate');
    expect(w.estimate.fromReading).toBeNull();
  });
});

describe('the estimate, strongest basis first', () => {
  test('live-plus-logs: the last reading of this window plus the calibrated points of the cost logged since', () => {
    // Read at 11:00 (30 %); $6 logged since (11:10 to 11:50) at 4 points per dollar.
    const { claudeWindow: w } = resolve(entries, [...past.readings, reading(HOUR, 30)]);
    expect(w.source).toBe('estimate');
    expect(w.estimate.basis).toBe('live-plus-logs');
    expect(w.estimate.pct).toBeCloseTo(30 + 4 * 5, 0);
    expect(w.pct).toBe(w.estimate.pct);
    expect(w.resetsAt).toBe(new Date(todayReset).toISOString()); // the window Anthropic named
    expect(w.estimate.fromReading).toEqual({
      via: 'statusline',
      observedAt: new Date(nowMs - HOUR).toISOString(),
      pct: 30,
    });
    expect(w.estimate.basisText).toMatch(
      /^Claude Code's statusline read 30% at 2026-11-28 11:00 UTC; \$5\.00 logged since adds 2\d\.\d points \(calibrated from 61 readings over 21 days, ±1 point\)$/,
    );
    // This window's own reading is one of them: readings of the current window calibrate too.
    expect(w.estimate.calibration).toMatchObject({ readings: 61, windows: 21 });
    expect(w.fallbackReason).toEqual({
      kind: 'stale-reading',
      message: "the last reading of this 5-hour window, from Claude Code's statusline, is 1 h old",
      retryAt: null,
    });
  });

  test('without a calibration the cost since a reading converts at the window’s own rate, or is said unconverted', () => {
    // At 11:00 the window read 30 % after $13 logged: 30/13 points per dollar for the $5 since.
    const own = resolve(entries, [reading(HOUR, 30)]).claudeWindow.estimate;
    expect(own.basis).toBe('live-plus-logs');
    expect(own.pct).toBeCloseTo(30 + (30 / 13) * 5, 1);
    expect(own.basisText).toContain("rate from this window's reading; not calibrated yet");
    // 2 % is too little to learn a rate from (whole-percent rounding alone is a quarter of it).
    const tiny = resolve(entries, [reading(HOUR, 2)]).claudeWindow.estimate;
    expect(tiny.pct).toBe(2);
    expect(tiny.basisText).toEndWith('$5.00 logged since is not converted to percent (no calibration yet)');
  });

  test('an endpoint failure keeps its kind and retry time and is said first', () => {
    const failure = {
      kind: 'rate-limited' as const,
      message: 'rate limited until 14:05',
      retryAt: '2026-11-28T14:05:00.000Z',
    };
    const { claudeWindow: w } = resolve(entries, [reading(25 * MINUTE, 30)], { endpointFailure: failure });
    expect(w.fallbackReason).toEqual({
      ...failure,
      message:
        "rate limited until 14:05; the last reading of this 5-hour window, from Claude Code's statusline, is 25 m old",
    });
  });

  test('calibrated: no reading of this window, so its logged cost times the calibrated rate', () => {
    const resolved = resolve(entries, past.readings);
    const w = resolved.claudeWindow;
    expect(w.estimate.basis).toBe('calibrated');
    expect(w.estimate.pct).toBeCloseTo(4 * 18, 0);
    expect(w.estimate.usedCostUsd).toBeCloseTo(18, 6);
    expect(w.estimate.basisText).toStartWith('$18.00 logged in this 5-hour window (its start guessed from your logs)');
    expect(w.estimate.basisText).toEndWith('calibrated from 60 readings over 21 days, ±1 point');
    expect(w.fallbackReason).toMatchObject({ kind: 'no-reading' });
    expect(w.fallbackReason?.message).toStartWith('no reading of the current 5-hour window yet (the last reading');
    expect(contractErrors(resolved)).toEqual([]);
  });

  test('history-p90 while too few readings calibrate, saying so', () => {
    const few = past.readings.slice(-6); // two windows
    const { claudeWindow: w } = resolve(entries, few);
    expect(w.estimate.basis).toBe('history-p90');
    expect(w.estimate.basisText).toContain(
      'not calibrated yet: 6 readings of 2 windows with cost logged here (needs 6 over 4)',
    );
    expect(w.estimate.calibration).toBeNull();
  });

  test('without any reading the history-p90 estimate says readings would calibrate it', () => {
    const { claudeWindow: w } = resolve(entries, []);
    expect(w.estimate.basis).toBe('history-p90');
    expect(w.estimate.basisText).toEndWith(
      "no readings of Anthropic's numbers to calibrate on yet (set up aios statusline)",
    );
    expect(w.fallbackReason).toMatchObject({ kind: 'no-reading' });
  });

  test('no usage and no readings: no estimate at all, as before', () => {
    const resolved = resolve([], []);
    expect(resolved.claudeWindow).toMatchObject({ source: 'estimate', pct: null });
    expect(resolved.claudeWindow.estimate.basis).toBe('no-activity');
    expect(resolved.history.fiveHour).toEqual({ readings: [], estimate: [], estimateBasis: 'none' });
    expect(contractErrors(resolved)).toEqual([]);
  });

  test('a logged "usage limit reached" beats a stale reading (the window stays full) but not a Live one', () => {
    const limitMessages = [{ at: nowMs - 10 * MINUTE, resetsAt: todayReset }];
    const stale = resolve(entries, [...past.readings, reading(HOUR, 80)], { limitMessages }).claudeWindow;
    expect([stale.estimate.basis, stale.pct]).toEqual(['log-limit-message', 100]);
    const live = resolve(entries, [...past.readings, reading(MINUTE, 97)], { limitMessages }).claudeWindow;
    expect([live.source, live.pct]).toEqual(['oauth', 97]);
  });

  test('the 5-hour window and the week are resolved separately', () => {
    // The last reading names an earlier 5-hour window but the current week: week live-plus-logs, 5-hour calibrated.
    const earlier = reading(4 * HOUR, 20, { fiveHour: { pct: 20, resetsAt: nowMs - 3 * HOUR } });
    const { claudeWindow: w } = resolve(entries, [...past.readings, earlier]);
    expect(w.estimate.basis).toBe('calibrated');
    expect(w.estimate.weekly.basis).toBe('live-plus-logs');
    expect(w.estimate.weekly.pct).toBeCloseTo(40 + 0.5 * 18, 0);
    expect(w.weekly.pct).toBe(w.estimate.weekly.pct);
  });

  test('the calibrated week starts 7-day steps after the last reset Anthropic named', () => {
    const weekAgo = past.readings.filter((r) => r.sevenDay!.resetsAt < nowMs);
    const { claudeWindow: w } = resolve(entries, weekAgo);
    expect(w.estimate.weekly.basis).toBe('calibrated');
    expect(w.estimate.weekly.resetsAt).toBe(new Date(nowMs + 2 * DAY + 2 * HOUR).toISOString());
  });
});

// ---- The endpoint's answer as the one reading (today's caller) ---------------------------------

function endpointPayload(over: Partial<ClaudeAuthoritativeUsage> = {}): ClaudeAuthoritativeUsage {
  return {
    fetchedAt: '2026-11-28T11:59:58.000Z',
    fiveHour: { utilization: 11.5, resetsAt: '2026-11-28T14:30:00.282668+00:00' },
    sevenDay: { utilization: 9, resetsAt: '2026-12-03T09:00:00.282694+00:00' },
    sevenDaySonnet: null,
    sevenDayOpus: null,
    sevenDayOauthApps: null,
    extraUsage: null,
    limits: [],
    ...over,
  };
}
const limitsOnly = endpointPayload({
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

/** What the assembler hands over for one endpoint result: its answer as a reading, or its failure. */
const fromEndpoint = (result: { ok: true; usage: ClaudeAuthoritativeUsage } | { ok: false; reason: FallbackReason }) =>
  resolve(
    entries,
    [],
    result.ok
      ? { readings: [readingFromPayload('endpoint', result.usage)], endpointFailure: null }
      : { readings: [], endpointFailure: result.reason },
  );

describe('an endpoint answer is a reading with via "endpoint"', () => {
  test('the fixtures are valid payloads', () => {
    expect(validateAuthoritativeUsage(endpointPayload()).ok).toBe(true);
    expect(validateAuthoritativeUsage(limitsOnly).ok).toBe(true);
  });

  test('a valid answer is Live with the server’s 5-hour and 7-day numbers and its payload', () => {
    const resolved = fromEndpoint({ ok: true, usage: endpointPayload() });
    expect(resolved.claudeWindow).toMatchObject({
      source: 'oauth',
      pct: 11.5,
      resetsAt: '2026-11-28T14:30:00.282668+00:00',
      weekly: { pct: 9, resetsAt: '2026-12-03T09:00:00.282694+00:00' },
      live: { via: 'endpoint', observedAt: '2026-11-28T11:59:58.000Z' },
      fallbackReason: null,
    });
    expect(resolved.claudeWindow.authoritative).toEqual(endpointPayload());
    expect(contractErrors(resolved)).toEqual([]);
  });

  test('a limits[]-only answer uses the session and weekly_all entries', () => {
    const resolved = fromEndpoint({ ok: true, usage: limitsOnly });
    expect(resolved.claudeWindow).toMatchObject({
      source: 'oauth',
      pct: 42,
      resetsAt: '2026-11-28T15:00:00+00:00',
      weekly: { pct: 17, resetsAt: '2026-12-01T00:00:00+00:00' },
    });
    expect(contractErrors(resolved)).toEqual([]);
  });

  test('an answer with a 5-hour window but no weekly one leaves weekly unknown, not estimated', () => {
    const w = fromEndpoint({ ok: true, usage: endpointPayload({ sevenDay: null }) }).claudeWindow;
    expect(w.source).toBe('oauth');
    expect(w.weekly).toEqual({ pct: null, resetsAt: null });
  });

  test('a 5-hour window Anthropic sends without a reset (none open) is still Live, its reset unknown', () => {
    const w = fromEndpoint({
      ok: true,
      usage: endpointPayload({ fiveHour: { utilization: 0, resetsAt: null } }),
    }).claudeWindow;
    expect([w.source, w.pct, w.resetsAt]).toEqual(['oauth', 0, null]);
  });

  test('a failure with no reading at all keeps the estimate’s numbers and the endpoint’s words as they were', () => {
    const reason = {
      kind: 'rate-limited' as const,
      message: 'rate limited until 14:05',
      retryAt: '2026-11-28T14:05:00.000Z',
    };
    const resolved = fromEndpoint({ ok: false, reason });
    expect(resolved.claudeWindow).toMatchObject({
      source: 'estimate',
      live: null,
      authoritative: null,
      fallbackReason: reason,
    });
    expect(resolved.claudeWindow.pct).toBe(resolved.claudeWindow.estimate.pct);
    expect(resolved.claudeWindow.pct).not.toBeNull();
    expect(contractErrors(resolved)).toEqual([]);
  });

  test('an answer with every window null falls back to the estimate as a bad payload', () => {
    const resolved = fromEndpoint({ ok: true, usage: endpointPayload({ fiveHour: null, sevenDay: null }) });
    expect(resolved.claudeWindow.source).toBe('estimate');
    expect(resolved.claudeWindow.authoritative).toBeNull();
    expect(resolved.claudeWindow.fallbackReason?.kind).toBe('bad-payload');
    expect(contractErrors(resolved)).toEqual([]);
  });

  test('source flips oauth -> estimate -> oauth with the inputs, nothing carried over', () => {
    const reason = { kind: 'timeout' as const, message: 'no answer within 6 s', retryAt: null };
    const results = [
      { ok: true as const, usage: endpointPayload() },
      { ok: false as const, reason },
      { ok: true as const, usage: limitsOnly },
    ];
    expect(results.map((r) => fromEndpoint(r).claudeWindow).map((w) => [w.source, w.pct])).toEqual([
      ['oauth', 11.5],
      ['estimate', fromEndpoint(results[1]!).claudeWindow.estimate.pct],
      ['oauth', 42],
    ]);
  });
});

describe('the history for the chart', () => {
  test('holds the readings, a calibrated estimate line and the logged limit hits, all within 90 days', () => {
    const limitMessages = [{ at: nowMs - 2 * DAY, resetsAt: nowMs - 2 * DAY + 2 * HOUR }];
    const resolved = resolve(entries, past.readings, { limitMessages });
    const { history } = resolved;
    expect(history.since).toBe(new Date(nowMs - 90 * DAY).toISOString());
    expect(history.fiveHour.estimateBasis).toBe('calibrated');
    // The peak of each hourly bucket in the last 7 days (readings at 09:31, 10:11 and 10:51: two
    // buckets for each of 6 windows), of each 12-hour bucket before (one for each of 14 windows).
    expect(history.fiveHour.readings).toHaveLength(6 * 2 + 14);
    expect(history.fiveHour.readings.at(-1)).toEqual({
      at: new Date(past.readings.at(-1)!.observedAt).toISOString(),
      pct: 32,
    });
    expect(Math.max(...history.fiveHour.estimate.map((p) => p.pct))).toBeCloseTo(4 * 18, 0);
    expect(history.hits).toEqual([
      {
        window: 'five_hour',
        at: new Date(nowMs - 2 * DAY).toISOString(),
        resetsAt: new Date(nowMs - 2 * DAY + 2 * HOUR).toISOString(),
        origin: 'log',
      },
    ]);
    expect(contractErrors(resolved)).toEqual([]);
  });
});
