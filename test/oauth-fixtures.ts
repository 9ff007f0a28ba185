// Shared fixtures for the credential and OAuth tests: temp dirs, fake credentials, fake executables
// and a real loopback usage server that records what it was sent.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'aios-oauth-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** An obviously fake access token; every test token carries the CANARY marker so leaks are findable. */
export function canaryToken(tag: string): string {
  return `sk-ant-oat01-FAKE-CANARY-${tag}-${Math.random().toString(36).slice(2, 12)}`;
}

export const HOUR = 3_600_000;

/** Write `<dir>/.credentials.json` shaped like Claude Code's (shared doc §1). */
export function writeCredential(dir: string, oauth: Record<string, unknown> | null, extra: Record<string, unknown> = {}): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, '.credentials.json');
  writeFileSync(path, JSON.stringify({ ...(oauth ? { claudeAiOauth: oauth } : {}), ...extra }), { mode: 0o600 });
  return path;
}

export function credentialJson(token: string, now: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accessToken: token,
    refreshToken: token.replace('oat01', 'ort01'),
    expiresAt: now + HOUR,
    scopes: ['user:inference', 'user:profile'],
    subscriptionType: 'max',
    rateLimitTier: 'default_claude_max_20x',
    ...overrides,
  };
}

/** A `#!/bin/sh` script at `<dir>/<name>`, executable. */
export function fakeExecutable(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A sample answer in the endpoint's shape (shared doc §4), with an unknown key thrown in. */
export function samplePayload(): Record<string, unknown> {
  return {
    five_hour: { utilization: 11.0, resets_at: '2026-07-03T00:30:00.282668+00:00' },
    seven_day: { utilization: 9.0, resets_at: '2026-07-08T09:00:00.282694+00:00' },
    seven_day_opus: null,
    seven_day_sonnet: { utilization: 4.0, resets_at: '2026-07-08T09:00:00.282694+00:00' },
    seven_day_oauth_apps: { utilization: 0.0, resets_at: null },
    extra_usage: { is_enabled: true, monthly_limit: 2000, used_credits: 763, utilization: 38.15, currency: 'EUR' },
    limits: [
      { kind: 'session', group: 'session', percent: 11, resets_at: '2026-07-03T00:30:00.282668+00:00', scope: null, is_active: true },
      { kind: 'weekly_all', group: 'weekly', percent: 9, resets_at: '2026-07-08T09:00:00.282694+00:00', scope: null, is_active: false },
      {
        kind: 'weekly_scoped', group: 'weekly', percent: 5, resets_at: '2026-07-08T09:00:00.282694+00:00',
        scope: { model: { id: null, display_name: 'Fable' }, surface: null }, is_active: false,
      },
    ],
    some_future_key: { secret_ish: 'not kept' },
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

export interface UsageServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  handler: (req: Request) => Response | Promise<Response>;
  stop(): void;
}

/** A real HTTP server on 127.0.0.1 (or `hostname`), port 0; swap `handler` per scenario. */
export function startUsageServer(hostname = '127.0.0.1'): UsageServer {
  const state: UsageServer = {
    url: '',
    port: 0,
    requests: [],
    handler: () => Response.json(samplePayload()),
    stop: () => server.stop(true),
  };
  const server = Bun.serve({
    hostname,
    port: 0,
    idleTimeout: 0,
    fetch(req) {
      state.requests.push({ method: req.method, path: new URL(req.url).pathname, headers: Object.fromEntries(req.headers) });
      return state.handler(req);
    },
  });
  state.port = server.port!;
  state.url = `http://127.0.0.1:${server.port}/api/oauth/usage`;
  return state;
}

/** Every file under `dir`, read as text (for canary sweeps of cache dirs). */
export function readAllFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...readAllFiles(path));
    else out.push(readFileSync(path, 'utf8'));
  }
  return out;
}
