// `aios serve` as a real child process: the demo page served on loopback, a clean stop on SIGINT,
// and the exit codes for a bad port, a config dir without projects/ and a port in use.
import { describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAios } from '../../test/fixtures/run-aios.ts';
import { startServeProcess } from '../../test/fixtures/serve-process.ts';
import { parsePort } from './serve.ts';

function baseEnv(name: string): Record<string, string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `aios-serve-${name}-`));
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
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const doc = await (await fetch(new URL('api/aggregate', server.url))).json();
      expect(doc.demo).toBe(true);
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      const code = await server.stop('SIGINT');
      expect(code).toBe(0);
      expect(server.output()).toContain('stopped (SIGINT)');
    }
  }, 180_000);

  test('a bad --port is a usage error (exit 2)', async () => {
    const r = await serveExit(['--port', 'http'], baseEnv('port'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port');
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
