// Gathering Anthropic's numbers: a fresh reading (statusline, Claude Code's cached copy, the endpoint's
// last answer) spares the endpoint; it is asked otherwise (never with AIOS_ENDPOINT=off); every
// observation is recorded; the logs' limit hits join the history; an unusable store costs only that.
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs } from '../../../test/fixtures/claude-log-fixtures.ts';
import { cachedUtilization, writeClaudeJson } from '../../../test/fixtures/claude-json.ts';
import { DAY, HOUR, MINUTE, reading } from '../../../test/fixtures/history-fixtures.ts';
import type { ClaudeAuthoritativeUsage } from '../../../src/contract/usage-data.ts';
import { openHistoryStore } from '../history/open-store.ts';
import { setLogSink } from '../support/log.ts';
import type { UsageResult } from './endpoint/outcome.ts';
import { gatherLiveReadings, type LiveReadingsOptions } from './live-readings.ts';
import { captureLogLines } from '../../../test/fixtures/log-capture.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');

const logged = captureLogLines();
afterAll(removeTempDirs);

/** The endpoint's answer at `at`: 5-hour 63 % resetting in two hours. */
function answer(at: number): ClaudeAuthoritativeUsage {
  return {
    fetchedAt: new Date(at).toISOString(),
    fiveHour: { utilization: 63, resetsAt: new Date(at + 2 * HOUR).toISOString() },
    sevenDay: { utilization: 27, resetsAt: new Date(at + 3 * DAY).toISOString() },
    sevenDaySonnet: null,
    sevenDayOpus: null,
    sevenDayOauthApps: null,
    extraUsage: null,
    limits: [],
  };
}

interface Setup {
  home: string;
  dataDir: string;
  asked: number;
  options(over?: Partial<LiveReadingsOptions>): LiveReadingsOptions;
}

function setup(result: UsageResult = { ok: true, usage: answer(NOW) }): Setup {
  const home = makeTempDir('aios-live-');
  const s: Setup = {
    home,
    dataDir: join(home, 'data'),
    asked: 0,
    options: (over = {}) => ({
      env: {},
      home,
      now: NOW,
      dataDir: s.dataDir,
      guardDirs: [join(home, '.claude')],
      intervalMs: 5 * MINUTE,
      planTier: Promise.resolve('default_claude_max_5x'),
      askEndpoint: async () => {
        s.asked++;
        return result;
      },
      ...over,
    }),
  };
  return s;
}

/** What another process (a statusline) recorded before this run. */
function recordedBefore(s: Setup, ...readings: ReturnType<typeof reading>[]): void {
  const store = openHistoryStore({ dataDir: s.dataDir, guardDirs: [] })!;
  for (const r of readings) store.record(r);
  store.close();
}

describe('gatherLiveReadings', () => {
  test('no local reading: the endpoint is asked, and its answer is recorded with the plan tier', async () => {
    const s = setup();
    const live = await gatherLiveReadings(s.options());
    live.close();
    expect(s.asked).toBe(1);
    expect(live.endpointFailure).toBeNull();
    expect(live.readings).toEqual([
      {
        via: 'endpoint',
        firstSeenAt: NOW,
        observedAt: NOW,
        fiveHour: { pct: 63, resetsAt: NOW + 2 * HOUR },
        sevenDay: { pct: 27, resetsAt: NOW + 3 * DAY },
        planTier: 'default_claude_max_5x',
        payload: answer(NOW),
      },
    ]);
  });

  test('a statusline reading younger than the interval spares the endpoint and is the newest reading', async () => {
    const s = setup();
    recordedBefore(s, reading(NOW - 2 * MINUTE, { fiveHour: { pct: 71, resetsAt: NOW + HOUR } }));
    const live = await gatherLiveReadings(s.options());
    live.close();
    expect(s.asked).toBe(0);
    expect(live.endpointFailure).toBeNull();
    expect(live.readings).toEqual([reading(NOW - 2 * MINUTE, { fiveHour: { pct: 71, resetsAt: NOW + HOUR } })]);
  });

  test('a statusline reading older than the interval does not: the endpoint is asked', async () => {
    const s = setup();
    recordedBefore(s, reading(NOW - 6 * MINUTE));
    const live = await gatherLiveReadings(s.options());
    live.close();
    expect(s.asked).toBe(1);
    expect(live.readings.map((r) => r.via)).toEqual(['statusline', 'endpoint']);
    // --live-interval 600 makes the same reading fresh enough.
    const wider = setup();
    recordedBefore(wider, reading(NOW - 6 * MINUTE));
    (await gatherLiveReadings(wider.options({ intervalMs: 10 * MINUTE }))).close();
    expect(wider.asked).toBe(0);
  });

  test("the endpoint's own answer spares it for the interval: a dashboard recomputing every minute asks every 5", async () => {
    const s = setup();
    const asks: number[] = [];
    for (let minute = 0; minute <= 10; minute++) {
      const at = NOW + minute * MINUTE;
      const live = await gatherLiveReadings({
        ...s.options({ now: at }),
        askEndpoint: async () => {
          asks.push(minute);
          return { ok: true, usage: answer(at) };
        },
      });
      live.close();
      // Spared, the last answer is the newest reading, as of when it came.
      expect(live.endpointFailure).toBeNull();
      expect(live.readings.at(-1)?.observedAt).toBe(NOW + asks.at(-1)! * MINUTE);
    }
    expect(asks).toEqual([0, 5, 10]);
  });

  test("the user's Refresh asks again once the last answer is older than 60 s, and not before", async () => {
    const s = setup();
    (await gatherLiveReadings(s.options())).close();
    expect(s.asked).toBe(1);
    for (const [after, explicit] of [
      [30_000, true],
      [MINUTE - 1, true],
      [MINUTE, false],
    ] as const) {
      (await gatherLiveReadings(s.options({ now: NOW + after, explicit }))).close();
    }
    expect(s.asked).toBe(1);
    (await gatherLiveReadings(s.options({ now: NOW + MINUTE, explicit: true }))).close();
    expect(s.asked).toBe(2);
  });

  test("Claude Code's cached copy, fresh: recorded with the plan tier and its limits, no request", async () => {
    const s = setup();
    writeClaudeJson(s.home, { cached: cachedUtilization(NOW, NOW - 30_000) });
    const live = await gatherLiveReadings(s.options());
    live.close();
    expect(s.asked).toBe(0);
    expect(live.endpointFailure).toBeNull();
    expect(live.readings[0]?.payload?.limits.map((l) => l.displayName)).toEqual(['Fable']);
    expect(live.readings).toHaveLength(1);
    expect(live.readings[0]).toMatchObject({ via: 'claude-cache', planTier: 'default_claude_max_5x' });
  });

  test('the cached copy, older than the interval, still goes into the history; the endpoint is asked', async () => {
    const s = setup();
    writeClaudeJson(s.home, { cached: cachedUtilization(NOW - 2 * DAY, NOW - 2 * DAY) });
    const live = await gatherLiveReadings(s.options());
    live.close();
    expect(s.asked).toBe(1);
    expect(live.readings.map((r) => [r.via, r.observedAt])).toEqual([
      ['claude-cache', NOW - 2 * DAY],
      ['endpoint', NOW],
    ]);
  });

  test('AIOS_ENDPOINT=off: never asked; without a fresh reading the reason says it is off', async () => {
    const s = setup();
    const off = await gatherLiveReadings(s.options({ env: { AIOS_ENDPOINT: 'off' } }));
    off.close();
    expect(s.asked).toBe(0);
    expect(off.endpointFailure?.kind).toBe('disabled');
    recordedBefore(s, reading(NOW - MINUTE));
    const fresh = await gatherLiveReadings(s.options({ env: { AIOS_ENDPOINT: 'off' } }));
    fresh.close();
    expect(fresh.endpointFailure).toBeNull();
    expect(s.asked).toBe(0);
  });

  test('an endpoint failure is today’s reason; what the history holds is still handed out', async () => {
    const reason = { kind: 'http-error' as const, message: 'usage endpoint answered HTTP 500', retryAt: null };
    const s = setup({ ok: false, reason });
    recordedBefore(s, reading(NOW - 3 * HOUR));
    const live = await gatherLiveReadings(s.options());
    live.close();
    expect(live.endpointFailure).toEqual(reason);
    expect(live.readings.map((r) => r.observedAt)).toEqual([NOW - 3 * HOUR]);
  });

  test('a reading dated in the future is neither fresh nor handed out', async () => {
    const s = setup();
    recordedBefore(s, reading(NOW + 10 * MINUTE, { fiveHour: { pct: 5, resetsAt: NOW + HOUR } }));
    const live = await gatherLiveReadings(s.options());
    live.close();
    expect(s.asked).toBe(1);
    expect(live.readings.map((r) => r.via)).toEqual(['endpoint']);
  });

  test("the logs' limit hits are recorded and handed out with the readings' own, once each", async () => {
    const s = setup({
      ok: true,
      usage: { ...answer(NOW), sevenDay: { utilization: 100, resetsAt: new Date(NOW + DAY).toISOString() } },
    });
    const log = [{ at: NOW - HOUR, resetsAt: NOW + 3 * HOUR }];
    const first = await gatherLiveReadings(s.options());
    expect(first.settleHits([...log, ...log])).toEqual([
      { window: 'five_hour', at: NOW - HOUR, resetsAt: NOW + 3 * HOUR, origin: 'log' },
      { window: 'seven_day', at: NOW, resetsAt: NOW + DAY, origin: 'reading' },
    ]);
    // A later run whose logs no longer hold the line (rotated away) still knows the hit.
    const later = await gatherLiveReadings(s.options({ now: NOW + MINUTE }));
    expect(later.settleHits([]).map((h) => h.origin)).toEqual(['log', 'reading']);
  });

  test('an unusable data dir costs only the history: this run’s observations are still handed out', async () => {
    const s = setup();
    writeFileSync(s.dataDir, 'a file where the dir should be');
    writeClaudeJson(s.home, { cached: cachedUtilization(NOW - DAY, NOW - DAY) });
    const live = await gatherLiveReadings(s.options());
    expect(live.settleHits([])).toEqual([]);
    expect(live.endpointFailure).toBeNull();
    expect(live.readings.map((r) => r.via)).toEqual(['claude-cache', 'endpoint']);
    expect(logged.lines.some((w) => w.includes('is not usable'))).toBe(true);
  });
});
