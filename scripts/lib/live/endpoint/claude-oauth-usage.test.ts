// The OAuth usage reader end to end in-process: real credential files, a real loopback HTTP server,
// a real cache dir. Every scenario also checks that the canary token leaks nowhere.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FallbackReason } from '../../../../src/contract/usage-data.ts';
import {
  canaryToken,
  credentialJson,
  fakeExecutable,
  HOUR,
  readAllFiles,
  removeTempDirs,
  tempDir,
  writeCredential,
} from '../../../../test/fixtures/oauth-fixtures.ts';
import {
  samplePayload,
  stalled,
  startUsageStandIn,
  type UsageStandIn,
} from '../../../../test/fixtures/usage-endpoint.ts';
import { DEFAULT_USAGE_TIMEOUT_MS, MAX_BODY_BYTES, resolveUsageUrl } from './request.ts';
import {
  fetchClaudeOAuthUsage,
  getClaudeAuthoritativeUsage,
  readClaudeCredential,
  type ClaudeOAuthOptions,
} from './claude-oauth-usage.ts';
import { setLogLevel, setLogSink } from '../../support/log.ts';

const T0 = Date.parse('2026-11-28T12:00:00Z');
let server: UsageStandIn;
let restoreSink: (line: string) => void;
const logLines: string[] = [];
const seen: string[] = []; // every reason, result and error text, swept for canaries

beforeAll(() => {
  server = startUsageStandIn();
  restoreSink = setLogSink((line) => logLines.push(line));
  setLogLevel('debug');
});
afterAll(async () => {
  await server.stop();
  setLogSink(restoreSink);
  setLogLevel('info');
  removeTempDirs();
});
afterEach(() => {
  // Swept per scenario (a test may clear logLines to look at its own lines): no canary in any debug
  // log line, reason, result, cache file or thrown error of the scenario just run.
  for (const text of [...logLines, ...seen]) expect(text).not.toContain('CANARY');
  logLines.length = 0;
  seen.length = 0;
  server.handler = () => Response.json(samplePayload());
  server.requests.length = 0;
});

interface Setup {
  opts: ClaudeOAuthOptions;
  token: string;
  cacheDir: string;
  clock: { now: number };
}

/** A fresh home with a live credential, a fresh cache dir, a movable clock, the loopback endpoint. */
function setup(overrides: Record<string, unknown> = {}, extra: Partial<ClaudeOAuthOptions> = {}): Setup {
  const home = tempDir();
  const cacheDir = tempDir();
  const token = canaryToken('usage');
  writeCredential(join(home, '.claude'), credentialJson(token, T0, overrides));
  const clock = { now: T0 };
  const opts: ClaudeOAuthOptions = {
    env: { AIOS_CLAUDE_USAGE_URL: server.url },
    home,
    isMacOS: false,
    now: () => new Date(clock.now),
    cacheDir,
    claudeVersion: '2.1.332',
    timeoutMs: 800,
    ...extra,
  };
  return { opts, token, cacheDir, clock };
}

async function run(s: Setup) {
  try {
    const r = await getClaudeAuthoritativeUsage(s.opts);
    seen.push(JSON.stringify(r));
    for (const file of readAllFiles(s.cacheDir)) seen.push(file);
    return r;
  } catch (error) {
    seen.push(String(error), (error as Error).stack ?? '');
    throw error;
  }
}

function reasonOf(r: Awaited<ReturnType<typeof run>>): FallbackReason {
  if (r.ok) throw new Error('expected a fallback');
  return r.reason;
}

describe('a good answer', () => {
  test('sends the documented headers and returns the bounded usage', async () => {
    const s = setup();
    const r = await run(s);
    expect(r.ok && r.usage.fiveHour).toEqual({ utilization: 11, resetsAt: '2026-07-03T00:30:00.282Z' });
    expect(r.ok && r.usage.fetchedAt).toBe('2026-11-28T12:00:00.000Z');
    expect(server.requests).toHaveLength(1);
    const h = server.requests[0]!.headers;
    expect(h.authorization).toBe(`Bearer ${s.token}`);
    expect(h['anthropic-beta']).toBe('oauth-2025-04-20');
    expect(h.accept).toBe('application/json');
    expect(h['user-agent']).toBe('claude-code/2.1.332');
  });

  test('is reused for 60 s without asking again, then asked again', async () => {
    const s = setup();
    await run(s);
    s.clock.now = T0 + 59_000;
    const again = await run(s);
    expect(again.ok).toBe(true);
    expect(server.requests).toHaveLength(1);
    s.clock.now = T0 + 61_000;
    expect((await run(s)).ok).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  test('a Keychain credential (macOS, fake `security` run for real) is sent, and leaks nowhere', async () => {
    const s = setup();
    rmSync(join(s.opts.home, '.claude'), { recursive: true });
    const token = canaryToken('keychain');
    // The fake Keychain lives outside the cache dir, which the sweep reads.
    const keychain = tempDir();
    writeFileSync(join(keychain, 'item.json'), JSON.stringify({ claudeAiOauth: credentialJson(token, T0) }));
    const security = fakeExecutable(keychain, 'security', `cat '${join(keychain, 'item.json')}'`);
    s.opts = { ...s.opts, isMacOS: true, securityPath: security };
    const r = await run(s);
    expect(r.ok).toBe(true);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${token}`);
  });

  test('a slow `claude --version` does not hold the request back: it goes without a User-Agent', async () => {
    const s = setup({}, { claudeVersion: new Promise<string | null>(() => {}) });
    expect((await run(s)).ok).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['user-agent']).not.toStartWith('claude-code/');
  });

  test('a limits[]-only answer counts', async () => {
    server.handler = () => Response.json({ ...samplePayload(), five_hour: null, seven_day: null });
    const r = await run(setup());
    expect(r.ok && [r.usage.fiveHour?.utilization, r.usage.sevenDay?.utilization]).toEqual([11, 9]);
  });
});

describe('no request at all', () => {
  test('no credential: says so', async () => {
    const s = setup();
    s.opts.home = tempDir();
    expect(reasonOf(await run(s))).toEqual({
      kind: 'no-credential',
      message: 'no Claude Code credential found',
      retryAt: null,
    });
    expect(server.requests).toHaveLength(0);
  });

  test('a malformed credential names the file, not its contents', async () => {
    const s = setup({ expiresAt: 'later' });
    const reason = reasonOf(await run(s));
    expect(reason.kind).toBe('no-credential');
    expect(reason.message).toContain('.credentials.json is malformed');
    expect(server.requests).toHaveLength(0);
  });

  test('an expired token is skipped, never refreshed', async () => {
    const s = setup({ expiresAt: T0 - 1 });
    expect(reasonOf(await run(s))).toEqual({
      kind: 'expired',
      message: 'token expired; waiting for Claude Code to refresh it',
      retryAt: null,
    });
    expect(server.requests).toHaveLength(0);
  });

  test('a token without user:profile (setup-token) is not sent', async () => {
    const s = setup({ scopes: ['user:inference'] });
    expect(reasonOf(await run(s)).kind).toBe('forbidden');
    expect(server.requests).toHaveLength(0);
  });
});

describe('refusals and cooldowns', () => {
  test('429 with Retry-After: rate limited until then, and not asked again before', async () => {
    server.handler = () => new Response('slow down', { status: 429, headers: { 'retry-after': '120' } });
    const s = setup();
    expect(reasonOf(await run(s))).toEqual({
      kind: 'rate-limited',
      message: 'rate limited by Anthropic until 12:02 UTC',
      retryAt: '2026-11-28T12:02:00.000Z',
    });
    server.handler = () => Response.json(samplePayload());
    s.clock.now = T0 + 119_000;
    expect(reasonOf(await run(s))).toEqual({
      kind: 'cooldown',
      message: 'rate limited by Anthropic until 12:02 UTC',
      retryAt: '2026-11-28T12:02:00.000Z',
    });
    expect(server.requests).toHaveLength(1);
    s.clock.now = T0 + 121_000;
    expect((await run(s)).ok).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  test('429 with retry-after: 0 waits 300 s', async () => {
    server.handler = () => new Response(null, { status: 429, headers: { 'retry-after': '0' } });
    expect(reasonOf(await run(setup())).retryAt).toBe('2026-11-28T12:05:00.000Z');
  });

  test('Retry-After beyond an hour is capped at an hour', async () => {
    server.handler = () => new Response(null, { status: 429, headers: { 'retry-after': '86400' } });
    expect(reasonOf(await run(setup())).retryAt).toBe('2026-11-28T13:00:00.000Z');
  });

  test('403 cools down 300 s without Retry-After and is not retried meanwhile', async () => {
    server.handler = () => new Response('{"error":"forbidden"}', { status: 403 });
    const s = setup();
    const first = reasonOf(await run(s));
    expect(first.kind).toBe('forbidden');
    expect(first.retryAt).toBe('2026-11-28T12:05:00.000Z');
    s.clock.now = T0 + 299_000;
    expect(reasonOf(await run(s)).kind).toBe('cooldown');
    expect(server.requests).toHaveLength(1);
  });

  test('401 cools down for an hour, unless the credential changes', async () => {
    server.handler = () => new Response(null, { status: 401 });
    const s = setup();
    const first = reasonOf(await run(s));
    expect(first.kind).toBe('unauthorized');
    expect(first.retryAt).toBe('2026-11-28T13:00:00.000Z');
    s.clock.now = T0 + 30 * 60_000;
    expect(reasonOf(await run(s)).kind).toBe('cooldown');
    expect(server.requests).toHaveLength(1);
    // Claude Code refreshed its token: a new credential is asked right away.
    writeCredential(join(s.opts.home, '.claude'), credentialJson(canaryToken('refreshed'), T0 + 30 * 60_000));
    server.handler = () => Response.json(samplePayload());
    expect((await run(s)).ok).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  test('a redirect is not followed: its target never sees the token', async () => {
    const target = startUsageStandIn();
    try {
      server.handler = () => new Response(null, { status: 302, headers: { location: target.url } });
      expect(reasonOf(await run(setup())).message).toBe('usage endpoint answered HTTP 302 (a redirect, not followed)');
      expect(target.requests).toHaveLength(0);
    } finally {
      await target.stop();
    }
  });
});

describe('backoff after 5xx, timeouts and bad payloads', () => {
  const MIN = 60_000;
  const failing = () => new Response('oops', { status: 500 });

  test('a 500 says when it asks again; until then runs say it is backing off, without a request', async () => {
    server.handler = failing;
    const s = setup();
    expect(reasonOf(await run(s))).toEqual({
      kind: 'http-error',
      message: 'usage endpoint answered HTTP 500',
      retryAt: '2026-11-28T12:01:00.000Z',
    });
    s.clock.now = T0 + 59_000;
    expect(reasonOf(await run(s))).toEqual({
      kind: 'cooldown',
      message: 'the usage endpoint failed; asking again after 12:01 UTC',
      retryAt: '2026-11-28T12:01:00.000Z',
    });
    expect(server.requests).toHaveLength(1);
  });

  test('50 refreshes 10 s apart against a 500 send 4 requests: waits of 1, 2 and 4 minutes between them', async () => {
    server.handler = failing;
    const s = setup();
    const asked: number[] = [];
    for (let i = 0; i < 50; i++) {
      const before = server.requests.length;
      await run(s);
      if (server.requests.length > before) asked.push((s.clock.now - T0) / 1000);
      s.clock.now += 10_000;
    }
    expect(asked).toEqual([0, 60, 180, 420]);
  });

  test('a timeout backs off too; a network failure does not', async () => {
    server.handler = stalled;
    const s = setup();
    await run(s);
    server.handler = () => Response.json(samplePayload());
    expect(reasonOf(await run(s)).kind).toBe('cooldown');
    expect(server.requests).toHaveLength(1);
    const gone = startUsageStandIn();
    const url = gone.url;
    await gone.stop();
    const offline = setup({}, { env: { AIOS_CLAUDE_USAGE_URL: url } });
    expect(reasonOf(await run(offline)).kind).toBe('network');
    expect(reasonOf(await run(offline)).kind).toBe('network');
  });

  test('a good answer ends the backoff: the next failure waits 1 minute again', async () => {
    server.handler = failing;
    const s = setup();
    await run(s);
    s.clock.now = T0 + MIN;
    await run(s);
    s.clock.now = T0 + 3 * MIN;
    server.handler = () => Response.json(samplePayload());
    expect((await run(s)).ok).toBe(true);
    s.clock.now = T0 + 5 * MIN; // the answer is no longer reused
    server.handler = failing;
    expect(reasonOf(await run(s)).retryAt).toBe(new Date(T0 + 6 * MIN).toISOString());
  });

  test('an explicit refresh may skip one step of the backoff, not all of them', async () => {
    server.handler = failing;
    const s = setup();
    const explicit = { ...s, opts: { ...s.opts, explicit: true } };
    await run(s); // failure 1 at 0: waits 1 min; an explicit refresh waits 0
    s.clock.now = T0 + 1_000;
    await run(explicit); // failure 2 at 1 s: waits 2 min; an explicit refresh waits 1 min
    expect(server.requests).toHaveLength(2);
    s.clock.now = T0 + 1_000 + MIN - 1;
    expect(reasonOf(await run(explicit)).kind).toBe('cooldown');
    expect(reasonOf(await run(s)).kind).toBe('cooldown');
    s.clock.now = T0 + 1_000 + MIN;
    await run(explicit); // failure 3: waits 4 min; explicit 2 min
    expect(server.requests).toHaveLength(3);
    // Pressing Refresh over and over asks no more than every step before the current one.
    let asked = 0;
    for (let t = 0; t < 20 * MIN; t += 10_000) {
      s.clock.now = T0 + 1_000 + MIN + t;
      const before = server.requests.length;
      await run(explicit);
      asked += server.requests.length - before;
    }
    // Explicit waits of 2, 4, 8 and 15 minutes fit into those 20 minutes 3 times.
    expect(asked).toBe(3);
  });
});

describe('deadline', () => {
  test('the default deadline is 6 s', () => {
    expect(DEFAULT_USAGE_TIMEOUT_MS).toBe(6000);
  });

  test('stalled headers: gives up at the deadline', async () => {
    server.handler = stalled;
    const started = performance.now();
    const reason = reasonOf(await run(setup()));
    expect(reason).toEqual({
      kind: 'timeout',
      message: 'usage endpoint did not answer within 0.8 s',
      retryAt: '2026-11-28T12:01:00.000Z',
    });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test('a trickled body: gives up at the deadline even while bytes keep coming', async () => {
    server.handler = () =>
      new Response(
        new ReadableStream({
          async pull(c) {
            await Bun.sleep(50);
            c.enqueue(new TextEncoder().encode(' '));
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    const started = performance.now();
    expect(reasonOf(await run(setup())).kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test('a closed port is a network failure', async () => {
    const gone = startUsageStandIn();
    const url = gone.url;
    await gone.stop();
    const s = setup({}, { env: { AIOS_CLAUDE_USAGE_URL: url } });
    expect(reasonOf(await run(s)).kind).toBe('network');
  });
});

describe('bad answers fall back silently', () => {
  const cases: [string, () => Response, string][] = [
    [
      'invalid JSON',
      () => new Response('{"five_hour": {', { status: 200 }),
      'usage endpoint answer was not valid JSON',
    ],
    [
      'wrong types',
      () => Response.json({ five_hour: { utilization: '11', resets_at: null } }),
      'usage endpoint answer unusable: no valid 5-hour window in the answer',
    ],
    [
      'out-of-range values',
      () => Response.json({ five_hour: { utilization: 140, resets_at: null } }),
      'usage endpoint answer unusable: no valid 5-hour window in the answer',
    ],
    [
      'an oversized body',
      () => new Response(JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) })),
      'usage endpoint answer was over 1 MB',
    ],
    [
      'an oversized body without a length',
      () => new Response(new Blob([JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES + 10) })]).stream()),
      'usage endpoint answer was over 1 MB',
    ],
  ];
  for (const [name, handler, message] of cases) {
    test(`${name}`, async () => {
      server.handler = handler;
      // Asked again after the first step of the backoff.
      expect(reasonOf(await run(setup()))).toEqual({
        kind: 'bad-payload',
        message,
        retryAt: '2026-11-28T12:01:00.000Z',
      });
    });
  }
});

describe('endpoint override', () => {
  test('accepts https and loopback http only', () => {
    const env = (u: string) => ({ AIOS_CLAUDE_USAGE_URL: u });
    expect(resolveUsageUrl(env('https://proxy.example/usage')).warning).toBeNull();
    for (const u of ['http://127.0.0.1:9/u', 'http://127.8.9.10/u', 'http://[::1]:9/u', 'http://localhost:9/u'])
      expect(resolveUsageUrl(env(u))).toEqual({ url: u, warning: null });
    for (const u of [
      'http://example.com/u',
      'http://127.0.0.1.evil.example/u',
      'http://10.0.0.1/u',
      'ftp://127.0.0.1/u',
      'file:///etc/passwd',
      'not a url',
      'https://user:pw@proxy.example/',
    ])
      expect(resolveUsageUrl(env(u), 'https://default.example/')).toMatchObject({ url: 'https://default.example/' });
  });

  test('a non-loopback http override is ignored with a warning and never receives the token', async () => {
    // The injected fetch records every URL and refuses anything off loopback, so a bug here fails
    // the test without a single packet leaving the machine.
    const asked: string[] = [];
    const guardedFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      asked.push(url);
      if (!url.startsWith('http://127.0.0.1:')) throw new Error('test refused a non-loopback request');
      return fetch(input, init);
    }) as typeof fetch;
    const s = setup(
      {},
      {
        env: { AIOS_CLAUDE_USAGE_URL: 'http://192.0.2.1:8080/api/oauth/usage' },
        endpointUrl: server.url,
        fetch: guardedFetch,
      },
    );
    expect((await run(s)).ok).toBe(true);
    expect(asked).toEqual([server.url]);
    expect(server.requests).toHaveLength(1);
    expect(logLines.some((l) => l.includes('is not https: or a loopback http: address; ignoring it'))).toBe(true);
  });
});

describe('the lower-level functions', () => {
  test('readClaudeCredential and fetchClaudeOAuthUsage return results that carry the reason', async () => {
    const s = setup({ expiresAt: T0 - HOUR });
    const credential = await readClaudeCredential(s.opts);
    if (!credential.ok) throw new Error(`expected a credential, got: ${credential.reason.message}`);
    expect(credential.credential.expiresAt).toBe(T0 - HOUR);
    expect(await fetchClaudeOAuthUsage(credential.credential, s.opts)).toEqual({
      ok: false,
      reason: { kind: 'expired', message: 'token expired; waiting for Claude Code to refresh it', retryAt: null },
    });
    s.opts.home = tempDir();
    expect(await readClaudeCredential(s.opts)).toEqual({
      ok: false,
      reason: { kind: 'no-credential', message: 'no Claude Code credential found', retryAt: null },
    });
    expect(server.requests).toHaveLength(0);
  });

  test('a credential read that throws is a reason, not a throw', async () => {
    const s = setup({}, { credentialRead: Promise.reject(new Error('disk on fire')) });
    expect(reasonOf(await run(s))).toEqual({
      kind: 'no-credential',
      message: 'Claude Code credential in the Claude Code config dir cannot be read',
      retryAt: null,
    });
  });

  test('without a cache dir, cooldowns still hold within the process', async () => {
    server.handler = () => new Response(null, { status: 429 });
    const s = setup({}, { cacheDir: null });
    await run(s);
    expect(reasonOf(await run(s)).kind).toBe('cooldown');
    expect(server.requests).toHaveLength(1);
  });
});

describe('the write guard', () => {
  test('a cache dir inside a Claude Code config dir gets neither the OAuth state nor the version cache', async () => {
    const s = setup();
    const bin = tempDir();
    fakeExecutable(bin, 'claude', 'echo "2.1.332 (Claude Code)"');
    const claudeDir = join(s.opts.home, '.claude');
    // `..aios` is a child of ~/.claude, however much it looks like a way out of it.
    for (const inside of [join(claudeDir, 'aios'), join(claudeDir, '..aios')]) {
      server.requests.length = 0;
      // A token of its own per case: the cooldown of the one before lives on in memory.
      writeCredential(claudeDir, credentialJson(canaryToken('guard'), T0));
      s.opts = { ...s.opts, cacheDir: inside, claudeVersion: undefined, env: { ...s.opts.env, PATH: bin } };
      server.handler = () => new Response(null, { status: 429 });
      expect(reasonOf(await run(s)).kind).toBe('rate-limited');
      // The cooldown still holds, in memory.
      expect(reasonOf(await run(s)).kind).toBe('cooldown');
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.headers['user-agent']).toBe('claude-code/2.1.332');
      expect(existsSync(inside)).toBe(false);
    }
    expect(readdirSync(claudeDir)).toEqual(['.credentials.json']);
  });
});
