// OAuth end to end through the real CLI: `bun scripts/aios.ts aggregate` as a child process against a
// loopback usage server, with a fake credential in a temp CLAUDE_CONFIG_DIR. No token may leak.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UsageData } from '../src/contract/usage-data.ts';
import { runAios, type AiosRun } from './fixtures/run-aios.ts';
import {
  canaryToken,
  credentialJson,
  readAllFiles,
  removeTempDirs,
  secretPieces,
  tempDir,
  writeCredential,
} from './fixtures/oauth-fixtures.ts';
import { samplePayload, stalled, startUsageStandIn, type UsageStandIn } from './fixtures/usage-endpoint.ts';
import { cachedUtilization, writeClaudeJson } from './fixtures/claude-json.ts';
import { writeRecentSessions } from './fixtures/claude-log-fixtures.ts';
import { openHistoryStore } from '../scripts/lib/history/open-store.ts';
import { normalizeUsagePayload } from '../scripts/lib/live/endpoint/payload.ts';
import { readingFromPayload } from '../scripts/lib/live/payload-reading.ts';

let server: UsageStandIn;
let home: string;
let configDir: string;
let cacheDir: string;
/** The history of the scenario under way: each scenario starts with none (see newCredential). */
let dataDir: string;
const outputs: string[] = []; // every stdout and stderr, swept for canaries at the end

/** An instant `h` hours from now as the endpoint writes it. */
const hoursAhead = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString().replace('Z', '+00:00');

/** The sample answer with windows still open: Live needs a reading whose reset is ahead. */
function currentPayload(fiveHour = { utilization: 11.0, resets_at: hoursAhead(2) }): Record<string, unknown> {
  return { ...samplePayload(), five_hour: fiveHour, seven_day: { utilization: 9.0, resets_at: hoursAhead(90) } };
}
/** The endpoint's time as the history keeps it: to the second (its microseconds vary between answers). */
const asIso = (endpointTime: unknown) =>
  new Date(Math.round(Date.parse(String(endpointTime)) / 1000) * 1000).toISOString();

/**
 * A new canary credential in the config dir (Claude Code refreshed its token), and an empty usage
 * history: a reading recorded by an earlier scenario, seconds old, would still be Live, and each
 * scenario here is about what one run of the endpoint gives.
 */
function newCredential(tag: string): string {
  const token = canaryToken(tag);
  writeCredential(configDir, credentialJson(token, Date.now()));
  dataDir = join(home, 'data', tag);
  return token;
}

/** The environment every run here shares; the data dir is the scenario's. */
const runEnv = (): Record<string, string> => ({
  PATH: '/usr/bin:/bin',
  HOME: home,
  TZ: 'UTC',
  CLAUDE_CONFIG_DIR: configDir,
  AIOS_CACHE_DIR: cacheDir,
  AIOS_CLAUDE_USAGE_URL: server.url,
  AIOS_DATA_DIR: dataDir,
  AIOS_LOG_LEVEL: 'debug',
});

async function aggregate(
  extra: string[] = ['--json'],
  env: Record<string, string> = {},
): Promise<AiosRun & { doc: UsageData | null }> {
  const run = await runAios(['aggregate', ...extra], { ...runEnv(), ...env });
  outputs.push(run.stdout, run.stderr);
  let doc: UsageData | null = null;
  if (extra.includes('--json')) {
    try {
      doc = JSON.parse(run.stdout) as UsageData;
    } catch {
      doc = null;
    }
  }
  return { ...run, doc };
}

/** A failure's retryAt: the first backoff step, a minute after the run (that just ended). */
function expectAboutAMinuteAhead(retryAt: string | null | undefined): void {
  const ahead = Date.parse(retryAt ?? '') - Date.now();
  expect(ahead).toBeGreaterThan(45_000);
  expect(ahead).toBeLessThanOrEqual(60_000);
}

beforeAll(() => {
  server = startUsageStandIn();
  home = tempDir('aios-e2e-home-');
  configDir = join(home, 'claude-config');
  cacheDir = join(home, 'aios-cache');
  // A few days of sessions, the last still going: a block is active.
  writeRecentSessions(configDir, new Date());
});

afterAll(async () => {
  await server.stop();
  removeTempDirs();
});

describe('aios aggregate with the OAuth endpoint', () => {
  test('source flips oauth -> estimate (endpoint fails) -> oauth, with the server numbers only from a valid answer', async () => {
    const token = newCredential('flip1');
    const answer = currentPayload();
    server.handler = () => Response.json(answer);
    const first = await aggregate();
    expect(first.code).toBe(0);
    expect(first.doc?.claudeWindow.source).toBe('oauth');
    expect(first.doc?.claudeWindow.pct).toBe(11);
    expect(first.doc?.claudeWindow.resetsAt).toBe(asIso((answer.five_hour as { resets_at: string }).resets_at));
    expect(first.doc?.claudeWindow.weekly.pct).toBe(9);
    expect(first.doc?.claudeWindow.fallbackReason).toBeNull();
    expect(first.doc?.claudeWindow.authoritative?.fiveHour?.utilization).toBe(11);
    expect(first.doc?.plan?.label).toBe('Max 20x');
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);

    // A new token (the old answer is reused for 60 s) meets a failing endpoint.
    newCredential('flip2');
    server.handler = () => new Response('upstream broke', { status: 500 });
    const second = await aggregate();
    expect(second.code).toBe(0);
    expect(second.doc?.claudeWindow.source).toBe('estimate');
    expect(second.doc?.claudeWindow.authoritative).toBeNull();
    expect(second.doc?.claudeWindow.fallbackReason).toMatchObject({
      kind: 'http-error',
      message: 'usage endpoint answered HTTP 500',
    });
    expectAboutAMinuteAhead(second.doc?.claudeWindow.fallbackReason?.retryAt);
    expect(second.doc?.claudeWindow.pct).toBe(second.doc?.claudeWindow.estimate.pct ?? null);

    // The next run backs off (the state file remembers the failure) and sends nothing.
    const later = hoursAhead(4);
    server.handler = () => Response.json(currentPayload({ utilization: 42.5, resets_at: later }));
    const asked = server.requests.length;
    const backingOff = await aggregate();
    expect(backingOff.doc?.claudeWindow.fallbackReason?.kind).toBe('cooldown');
    expect(backingOff.doc?.claudeWindow.fallbackReason?.message).toStartWith(
      'the usage endpoint failed; asking again after ',
    );
    expect(server.requests.length).toBe(asked);

    // Claude Code refreshed its token: a new token has no failures behind it.
    newCredential('flip3');
    const third = await aggregate();
    expect(third.doc?.claudeWindow.source).toBe('oauth');
    expect(third.doc?.claudeWindow.pct).toBe(42.5);
    expect(third.doc?.claudeWindow.resetsAt).toBe(asIso(later));
  }, 60_000);

  test("two runs in a row ask the endpoint once: its answer, younger than the poll interval, is the second run's Live", async () => {
    newCredential('poll');
    server.handler = () => Response.json(currentPayload({ utilization: 23, resets_at: hoursAhead(3) }));
    const asked = server.requests.length;
    const first = await aggregate();
    const second = await aggregate();
    expect(server.requests.length).toBe(asked + 1);
    expect([first.doc?.claudeWindow.source, second.doc?.claudeWindow.source]).toEqual(['oauth', 'oauth']);
    expect(second.doc?.claudeWindow.pct).toBe(23);
    expect(second.doc?.claudeWindow.live?.via).toBe('endpoint');
    expect(second.doc?.claudeWindow.live?.observedAt).toBe(first.doc?.claudeWindow.live?.observedAt);
  }, 60_000);

  test('an answer an earlier run recorded, past the poll interval but within the Live bound, stays Live with its age when the endpoint fails now', async () => {
    newCredential('history-live');
    // Six minutes ago (the poll interval is five, Live lasts ten), the endpoint answered 23 %.
    const at = new Date(Date.now() - 6 * 60_000);
    const earlier = normalizeUsagePayload(currentPayload({ utilization: 23, resets_at: hoursAhead(3) }), at);
    if (!earlier.ok) throw new Error(earlier.problem);
    const store = openHistoryStore({ dataDir, guardDirs: [] })!;
    store.record(readingFromPayload('endpoint', earlier.usage));
    store.close();
    server.handler = () => new Response('upstream broke', { status: 500 });
    const asked = server.requests.length;
    const r = await aggregate();
    expect(server.requests.length).toBe(asked + 1);
    expect(r.doc?.claudeWindow.source).toBe('oauth');
    expect(r.doc?.claudeWindow.pct).toBe(23);
    expect(r.doc?.claudeWindow.live).toEqual({ via: 'endpoint', observedAt: at.toISOString() });
  }, 60_000);

  test('a recorded answer that no longer fits the contract (a damaged or foreign row) is not served: Live from its windows alone', async () => {
    newCredential('history-misfit');
    const at = new Date(Date.now() - 2 * 60_000);
    const earlier = normalizeUsagePayload(currentPayload({ utilization: 23, resets_at: hoursAhead(3) }), at);
    if (!earlier.ok) throw new Error(earlier.problem);
    const misfit = { ...earlier.usage, extraUsage: { isEnabled: 'yes' } } as unknown as typeof earlier.usage;
    const store = openHistoryStore({ dataDir, guardDirs: [] })!;
    store.record(readingFromPayload('endpoint', misfit));
    store.close();
    const r = await aggregate(['--json'], { AIOS_ENDPOINT: 'off' });
    expect(r.code).toBe(0);
    expect(r.doc?.claudeWindow.source).toBe('oauth');
    expect(r.doc?.claudeWindow.pct).toBe(23);
    expect(r.doc?.claudeWindow.authoritative?.extraUsage).toBeNull();
  }, 60_000);

  test('a bad payload keeps the estimate and the server reset time is not used', async () => {
    newCredential('badpayload');
    server.handler = () => Response.json({ five_hour: { utilization: 250, resets_at: '2030-01-01T00:00:00Z' } });
    const r = await aggregate();
    expect(r.doc?.claudeWindow.source).toBe('estimate');
    expect(r.doc?.claudeWindow.fallbackReason?.kind).toBe('bad-payload');
    expect(r.doc?.claudeWindow.resetsAt).not.toBe('2030-01-01T00:00:00.000Z');
  }, 60_000);

  test('429 is honoured on the next run: the server is not asked again', async () => {
    newCredential('ratelimit');
    server.handler = () => new Response(null, { status: 429, headers: { 'retry-after': '600' } });
    const before = server.requests.length;
    const first = await aggregate();
    expect(first.doc?.claudeWindow.fallbackReason?.kind).toBe('rate-limited');
    server.handler = () => Response.json(samplePayload());
    const second = await aggregate();
    expect(second.doc?.claudeWindow.fallbackReason?.kind).toBe('cooldown');
    expect(second.doc?.claudeWindow.fallbackReason?.message).toMatch(
      /^rate limited by Anthropic until \d\d:\d\d UTC$|^rate limited by Anthropic until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
    );
    expect(server.requests.length - before).toBe(1);
  }, 60_000);

  test('a stalled endpoint costs at most the 6 s deadline (plus 0.5 s): the run ends 6 s after the request arrived', async () => {
    // Measured from the request's arrival to the process's exit within the one stalled run, so neither
    // Bun's start-up nor the scan (both noisy on a loaded machine) sit inside the measured span.
    newCredential('stall');
    let arrivedAt = 0;
    server.handler = (req) => {
      arrivedAt = Date.now();
      return stalled(req);
    };
    const run = await aggregate();
    const afterArrival = Date.now() - arrivedAt;
    expect(run.code).toBe(0);
    expect(arrivedAt).toBeGreaterThan(0);
    expect(run.doc?.claudeWindow.source).toBe('estimate');
    expect(run.doc?.claudeWindow.fallbackReason).toMatchObject({
      kind: 'timeout',
      message: 'usage endpoint did not answer within 6 s',
    });
    // A timeout backs off: asked again a minute after it.
    expectAboutAMinuteAhead(run.doc?.claudeWindow.fallbackReason?.retryAt);
    // It waited the real 6 s default (the margin absorbs a late-scheduled handler on a loaded machine).
    expect(afterArrival).toBeGreaterThan(5000);
    expect(afterArrival).toBeLessThan(6500);
  }, 60_000);

  test('never refreshes: after a 401 the credential file is untouched and every request was a GET of the usage path', async () => {
    newCredential('unauth');
    const path = join(configDir, '.credentials.json');
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    server.handler = () => new Response(null, { status: 401 });
    const r = await aggregate();
    expect(r.doc?.claudeWindow.fallbackReason?.kind).toBe('unauthorized');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
    expect(server.requests.length).toBeGreaterThan(0);
    for (const req of server.requests) expect([req.method, req.path]).toEqual(['GET', '/api/oauth/usage']);
  }, 60_000);

  test('the --out file holds no token; missing credential keeps the estimate and says why', async () => {
    writeFileSync(join(configDir, '.credentials.json'), '{}');
    const outFile = join(tempDir('aios-e2e-out-'), 'usage.json');
    const r = await aggregate(['--out', outFile]);
    expect(r.code).toBe(0);
    const text = readFileSync(outFile, 'utf8');
    outputs.push(text);
    const doc = JSON.parse(text) as UsageData;
    expect(doc.claudeWindow.source).toBe('estimate');
    expect(doc.claudeWindow.fallbackReason).toEqual({
      kind: 'no-credential',
      message: 'no Claude Code credential found',
      retryAt: null,
    });
  }, 60_000);

  test('an endpoint that echoes the token in a limit (display name, kind, group): no piece of it is kept anywhere', async () => {
    const token = newCredential('echo');
    server.handler = (req) => {
      // The Authorization header minus "Bearer s": the token without its leading "s".
      const echo = (req.headers.get('authorization') ?? '').slice('Bearer s'.length);
      const limit = (kind: string, group: string, name: string) => ({
        kind,
        group,
        percent: 5,
        resets_at: null,
        scope: { model: { id: null, display_name: name } },
      });
      return Response.json({
        ...currentPayload(),
        limits: [
          limit('weekly_scoped', 'weekly', echo),
          limit(echo, 'weekly', 'Fable'),
          limit('weekly_scoped', echo, 'Opus'),
          limit('weekly_scoped', 'weekly', `Bearer ${echo.slice(3)}`),
        ],
      });
    };
    const r = await aggregate();
    expect(r.code).toBe(0);
    expect(r.doc?.claudeWindow.source).toBe('oauth');
    const limits = r.doc?.claudeWindow.authoritative?.limits ?? [];
    expect(limits.map((l) => [l.kind, l.group, l.displayName])).toEqual([
      ['weekly_scoped', 'weekly', '[REDACTED]'],
      ['weekly_scoped', 'weekly', 'Bearer [REDACTED]'],
    ]);
    for (const text of [r.stdout, r.stderr, ...readAllFiles(cacheDir), ...readAllFiles(dataDir)])
      expect(secretPieces(text, token)).toEqual([]);
  }, 60_000);

  test('AIOS_ENDPOINT=off: the endpoint is never asked, and the reason says it is off', async () => {
    newCredential('endpoint-off');
    server.handler = () => Response.json(samplePayload());
    const before = server.requests.length;
    const r = await aggregate(['--json'], { AIOS_ENDPOINT: 'off' });
    expect(r.code).toBe(0);
    expect(r.doc?.claudeWindow.source).toBe('estimate');
    expect(r.doc?.claudeWindow.fallbackReason?.kind).toBe('disabled');
    expect(server.requests.length).toBe(before);
  }, 60_000);

  test("Claude Code's cached copy, fresh, makes the window Live with its per-model weeks; no request, and nothing of its secrets is kept", async () => {
    newCredential('cached-copy');
    const claudeJson = writeClaudeJson(configDir, {
      cached: cachedUtilization(Date.now(), Date.now() - 2000, { leaked: canaryToken('in-cache') }),
      secret: canaryToken('api-key'),
    });
    const before = server.requests.length;
    let r: Awaited<ReturnType<typeof aggregate>>;
    try {
      r = await aggregate();
    } finally {
      rmSync(claudeJson);
    }
    expect(r.doc?.claudeWindow.source).toBe('oauth');
    expect(r.doc?.claudeWindow.pct).toBe(31);
    expect(r.doc?.claudeWindow.authoritative?.limits.map((l) => l.displayName)).toEqual(['Fable']);
    expect(server.requests.length).toBe(before);
  }, 60_000);

  test("a statusline reading younger than the poll interval spares the endpoint: Live from Claude Code's own numbers", async () => {
    newCredential('statusline');
    const s = Math.floor(Date.now() / 1000);
    const stdin = JSON.stringify({
      session_id: 'sess-1',
      rate_limits: {
        five_hour: { used_percentage: 77, resets_at: s + 3600 },
        seven_day: { used_percentage: 33, resets_at: s + 86400 },
      },
    });
    const line = await runAios(['statusline'], runEnv(), stdin);
    outputs.push(line.stdout, line.stderr);
    expect(line.stdout).toMatch(/^5h 77% /);
    const before = server.requests.length;
    const r = await aggregate();
    expect(r.doc?.claudeWindow.source).toBe('oauth');
    expect([r.doc?.claudeWindow.pct, r.doc?.claudeWindow.weekly.pct]).toEqual([77, 33]);
    expect(server.requests.length).toBe(before);
  }, 60_000);

  test('no token in any stdout or stderr of the runs above, nor in any file aios keeps in its cache or data dir', () => {
    expect(outputs.length).toBeGreaterThan(10);
    const files = readAllFiles(cacheDir);
    expect(files.length).toBeGreaterThan(0);
    const data = readAllFiles(join(home, 'data'));
    expect(data.length).toBeGreaterThan(0);
    for (const text of [...outputs, ...files, ...data]) expect(text).not.toContain('CANARY');
  });
});
