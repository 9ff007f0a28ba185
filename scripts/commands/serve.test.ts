// `aios serve` as a real child process: the demo page served on loopback, a clean stop on SIGINT,
// and the exit codes for a bad port, a config dir without projects/ and a port in use.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAios } from '../../test/fixtures/run-aios.ts';
import { startServeProcess } from '../../test/fixtures/serve-process.ts';
import { parsePort } from './serve.ts';

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

describe('parsePort', () => {
  test('defaults to 4317, accepts 0-65535, refuses anything else', () => {
    expect(parsePort(undefined)).toBe(4317);
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    for (const bad of ['65536', '-1', 'abc', '80.5', '', true]) expect(parsePort(bad)).toBeNull();
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
