// `aios serve` as a real child process: the demo page served on loopback, a clean stop on SIGINT,
// and the exit codes for a bad port, a config dir without projects/, a port in use, and the metrics
// flags (--machine, --metrics-listen without or with a bad token file).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAios } from '../../test/fixtures/run-aios.ts';
import { startServeProcess } from '../../test/fixtures/serve-process.ts';
import { UsageError } from '../lib/support/flags.ts';
import { metricsListenOption, parseMachine, parsePort } from './serve.ts';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-serve-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** An empty home and a private cache under this file's temp dir. */
function baseEnv(name: string): Record<string, string> {
  fs.mkdirSync(path.join(root, name));
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: path.join(root, 'home'),
    AIOS_CACHE_DIR: path.join(root, 'cache'),
    TZ: 'UTC',
  };
}

const serveExit = (args: string[], env: Record<string, string>) => runAios(['serve', ...args], env);

/** A token file with `mode` under this file's temp dir. */
function tokenFile(name: string, text: string, mode = 0o600): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
  return file;
}

describe('parsePort', () => {
  test('defaults to 2467 (no observability tool uses it), accepts 0-65535, refuses anything else', () => {
    expect(parsePort(undefined)).toBe(2467);
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    for (const bad of ['65536', '-1', 'abc', '80.5', '', true]) expect(parsePort(bad)).toBeNull();
  });
});

describe('parseMachine', () => {
  test('the hostname by default; a label without spaces of at most 64 characters', () => {
    expect(parseMachine(undefined, () => 'build-host.lan')).toBe('build-host.lan');
    expect(parseMachine('alice-laptop')).toBe('alice-laptop');
    expect(parseMachine('m'.repeat(64))).toBe('m'.repeat(64));
    for (const bad of ['', 'two words', 'tab\there', 'm'.repeat(65), 'line\nbreak']) {
      expect({ bad, parsed: parseMachine(bad) }).toEqual({ bad, parsed: null });
    }
  });
});

describe('metricsListenOption', () => {
  test('nothing without --metrics-listen; the address and the token with both flags', () => {
    expect(metricsListenOption({})).toBeNull();
    const file = tokenFile('token-ok', 'FAKE-serve-test-token-0123456789\n');
    expect(metricsListenOption({ 'metrics-listen': '[::]:2468', 'metrics-token-file': file })).toEqual({
      hostname: '::',
      port: 2468,
      token: 'FAKE-serve-test-token-0123456789',
    });
  });

  test('a bad address, a missing token file flag, or a token file alone is a usage error', () => {
    const file = tokenFile('token-usage', 'FAKE-serve-test-token-0123456789');
    const cases: [Parameters<typeof metricsListenOption>[0], string][] = [
      [
        { 'metrics-listen': '2468', 'metrics-token-file': file },
        "--metrics-listen must be ADDR:PORT (e.g. 0.0.0.0:2468), got '2468'",
      ],
      [{ 'metrics-listen': '0.0.0.0:2468' }, '--metrics-listen needs --metrics-token-file FILE'],
      [{ 'metrics-token-file': file }, '--metrics-token-file is only used with --metrics-listen'],
    ];
    for (const [flags, message] of cases) {
      expect(() => metricsListenOption(flags)).toThrow(UsageError);
      expect(() => metricsListenOption(flags)).toThrow(message);
    }
  });
});

describe('aios serve', () => {
  test('serves the demo document when the machine has no Claude Code logs, and stops on SIGINT', async () => {
    const server = await startServeProcess(baseEnv('demo'));
    let doc: { demo?: unknown };
    let page: Response;
    let html: string;
    let code: number;
    try {
      doc = await (await fetch(new URL('api/aggregate', server.url))).json();
      page = await fetch(server.url);
      html = await page.text();
    } finally {
      // Stopped whatever the requests did; the assertions come after, where a failure cannot hide one.
      code = await server.stop('SIGINT');
    }
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(doc.demo).toBe(true);
    expect(page.status).toBe(200);
    expect(html).toContain('<div id="root">');
    expect(code).toBe(0);
    expect(server.output()).toContain('stopped (SIGINT)');
  }, 180_000);

  test('a bad --port is a usage error (exit 2)', async () => {
    const r = await serveExit(['--port', 'http'], baseEnv('port'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port');
  });

  test('--port=N reads like --port N, and a --port without a value is exit 2 with the help', async () => {
    const outOfRange = await serveExit(['--port=65536'], baseEnv('port-eq'));
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toContain("--port must be a whole number from 0 to 65535, got '65536'");
    const missing = await serveExit(['--demo', '--port'], baseEnv('port-missing'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('aios serve: --port needs a value');
    expect(missing.stderr).toContain('usage: aios serve [flags]');
  });

  test('--metrics-listen refuses a missing, empty or world-readable token file with exit 2, before listening', async () => {
    const cases: [string, string][] = [
      [path.join(root, 'no-such-token'), 'no such file'],
      [tokenFile('token-empty', '\n'), 'empty'],
      [tokenFile('token-world', 'FAKE-serve-test-token-0123456789', 0o644), 'chmod 600'],
    ];
    for (const [file, why] of cases) {
      const r = await serveExit(
        ['--demo', '--port', '0', '--metrics-listen', '127.0.0.1:0', '--metrics-token-file', file],
        baseEnv(`token-${path.basename(file)}`),
      );
      expect({ file, code: r.code }).toEqual({ file, code: 2 });
      expect(r.stderr).toContain(`aios serve: --metrics-token-file ${file}: `);
      expect(r.stderr).toContain(why);
      expect(r.stdout).not.toContain('http://');
    }
    const world = await serveExit(
      ['--metrics-listen', '127.0.0.1:0', '--metrics-token-file', cases[2]![0]],
      baseEnv('token-leak'),
    );
    expect(world.stderr + world.stdout).not.toContain('FAKE-serve-test-token');
  });

  test('a --metrics-listen port already in use is a clear message (exit 1), and nothing stays listening', async () => {
    const blocker = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('busy') });
    try {
      const file = tokenFile('token-busy', 'FAKE-serve-test-token-0123456789');
      const r = await serveExit(
        ['--demo', '--port', '0', '--metrics-listen', `127.0.0.1:${blocker.port}`, '--metrics-token-file', file],
        baseEnv('metrics-busy'),
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`--metrics-listen 127.0.0.1:${blocker.port}: the port is already in use`);
      expect(r.stdout).not.toContain('aios dashboard:');
    } finally {
      blocker.stop(true);
    }
  }, 180_000);

  test('a --machine with spaces is exit 2', async () => {
    const r = await serveExit(['--machine', 'two words'], baseEnv('machine'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--machine must be 1 to 64 characters without spaces, got 'two words'");
  });

  test('a CLAUDE_CONFIG_DIR without projects/ stops before listening (exit 2)', async () => {
    const env = baseEnv('config');
    const r = await serveExit(['--port', '0'], { ...env, CLAUDE_CONFIG_DIR: env.HOME! });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('projects/');
    expect(r.stdout).not.toContain('http://');
  }, 180_000);

  test('a port already in use is a clear message (exit 1)', async () => {
    const blocker = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('busy') });
    try {
      const r = await serveExit(['--port', String(blocker.port), '--demo'], baseEnv('busy'));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`port ${blocker.port} is already in use`);
    } finally {
      blocker.stop(true);
    }
  }, 180_000);
});
