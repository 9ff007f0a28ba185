// The endpoint's poll interval end to end: buildUsageData over a generated log tree with a credential,
// the history in a data dir and a loopback stand-in for the endpoint, the clock injected (no sleeps).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import type { UsageData } from '../src/contract/usage-data.ts';
import { buildUsageData } from '../scripts/lib/assemble/build-document.ts';
import { generateLogTree } from '../scripts/lib/demo/generate-logs.ts';
import { canaryToken, credentialJson, removeTempDirs, tempDir, writeCredential } from './fixtures/oauth-fixtures.ts';
import { answer, payloadAt, startUsageStandIn, type UsageStandIn } from './fixtures/usage-endpoint.ts';

const MINUTE = 60_000;
const BASE = Date.now();

let standIn: UsageStandIn;
let home: string;
let configDir: string;

beforeAll(() => {
  home = tempDir('aios-poll-');
  configDir = join(home, 'claude');
  generateLogTree({ root: configDir, targetBytes: 1 << 20, seed: 3, now: new Date(BASE) });
  writeCredential(configDir, credentialJson(canaryToken('poll'), BASE));
  standIn = startUsageStandIn(answer(payloadAt(new Date(BASE))));
});

afterAll(async () => {
  await standIn.stop();
  removeTempDirs();
});

/** One run at BASE + `after` ms; `explicit` is the dashboard's Refresh. */
function aggregate(after: number, opts: { explicit?: boolean; liveIntervalMs?: number } = {}): Promise<UsageData> {
  return buildUsageData({
    env: {
      CLAUDE_CONFIG_DIR: configDir,
      AIOS_CACHE_DIR: join(home, 'cache'),
      AIOS_DATA_DIR: join(home, 'data'),
      AIOS_CLAUDE_USAGE_URL: standIn.url,
      TZ: 'UTC',
    },
    home,
    now: () => new Date(BASE + after),
    oauth: { claudeVersion: null },
    ...opts,
  });
}

/** Where the document's Live number came from and when it was read, relative to BASE. */
const liveOf = (doc: UsageData) => [
  doc.claudeWindow.source,
  doc.claudeWindow.live?.via,
  Date.parse(doc.claudeWindow.live?.observedAt ?? '') - BASE,
];

describe("the usage endpoint's poll interval", () => {
  test('runs in a row ask once per interval; Refresh asks again once the last answer is older than 60 s', async () => {
    const steps: Array<[after: number, explicit: boolean, asked: number, observedAt: number]> = [
      [0, false, 1, 0],
      // The answer of a moment ago is Live, and spares the endpoint, for a run and for a Refresh alike.
      [30_000, true, 1, 0],
      [2 * MINUTE, false, 1, 0],
      // Refresh, the answer two minutes old: asked again.
      [2 * MINUTE, true, 2, 2 * MINUTE],
      // Four minutes after that answer the poll interval (5 minutes) still spares it; past it, not.
      [6 * MINUTE, false, 2, 2 * MINUTE],
      [7 * MINUTE + 1000, false, 3, 7 * MINUTE + 1000],
    ];
    for (const [after, explicit, asked, observedAt] of steps) {
      const doc = await aggregate(after, { explicit });
      expect([after, standIn.requests.length]).toEqual([after, asked]);
      expect(liveOf(doc)).toEqual(['oauth', 'endpoint', observedAt]);
    }
  }, 60_000);

  test('--live-interval sets the interval: at 60 s, the next minute asks again', async () => {
    const before = standIn.requests.length;
    const start = 8 * MINUTE + 1000; // past the interval since the last test's last answer
    await aggregate(start, { liveIntervalMs: MINUTE });
    await aggregate(start + 59_000, { liveIntervalMs: MINUTE });
    expect(standIn.requests.length - before).toBe(1);
    await aggregate(start + MINUTE, { liveIntervalMs: MINUTE });
    expect(standIn.requests.length - before).toBe(2);
  }, 60_000);
});
