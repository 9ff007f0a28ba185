// Claude Code's cached usage answer in .claude.json: where it is looked for, what counts, and every
// bad file (half-written, huge, foreign, from the future, a FIFO) ignored with a debug line, never written.
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs } from '../../../../test/fixtures/claude-log-fixtures.ts';
import { cachedUtilization, claudeJsonText, writeClaudeJson } from '../../../../test/fixtures/claude-json.ts';
import { captureLogLines } from '../../../../test/fixtures/log-capture.ts';
import { setLogLevel } from '../../support/log.ts';
import { claudeJsonPaths, MAX_CLAUDE_JSON_BYTES, readCachedUsageFile, readClaudeCachedUsage } from './cached-usage.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');
const HOUR = 3_600_000;

const logged = captureLogLines();
beforeEach(() => setLogLevel('debug'));
afterEach(() => setLogLevel('info'));
afterAll(removeTempDirs);

describe('where .claude.json is', () => {
  test('~/.claude.json, or $CLAUDE_CONFIG_DIR/.claude.json (each dir of a comma list)', () => {
    expect(claudeJsonPaths({}, '/home/me')).toEqual(['/home/me/.claude.json']);
    expect(claudeJsonPaths({ CLAUDE_CONFIG_DIR: '/cfg' }, '/home/me')).toEqual(['/cfg/.claude.json']);
    expect(claudeJsonPaths({ CLAUDE_CONFIG_DIR: '/a, ~/b' }, '/home/me')).toEqual([
      '/a/.claude.json',
      '/home/me/b/.claude.json',
    ]);
  });

  test('the freshest reading among the listed dirs wins; the home file is not read when the variable is set', () => {
    const base = makeTempDir('aios-claude-json-');
    writeClaudeJson(base, { cached: cachedUtilization(NOW, NOW - 10_000) }); // base is home here
    writeClaudeJson(join(base, 'a'), { cached: cachedUtilization(NOW, NOW - 5 * 60_000) });
    writeClaudeJson(join(base, 'b'), { cached: cachedUtilization(NOW, NOW - 60_000) });
    const env = { CLAUDE_CONFIG_DIR: `${join(base, 'a')},${join(base, 'b')}` };
    expect(readClaudeCachedUsage(env, base, NOW)?.observedAt).toBe(NOW - 60_000);
    expect(readClaudeCachedUsage({}, base, NOW)?.observedAt).toBe(NOW - 10_000);
  });
});

describe('readCachedUsageFile', () => {
  test('an observation at fetchedAtMs, checked by the payload parser: windows, per-model weeks, no stray key', () => {
    const dir = makeTempDir('aios-claude-json-');
    const path = writeClaudeJson(dir, {
      cached: cachedUtilization(NOW, NOW - 90_000, { unknown_key: { token: 'sk-ant-oat01-FAKE-CANARY-x' } }),
      secret: 'sk-ant-api03-FAKE-CANARY-y',
    });
    const r = readCachedUsageFile(path, NOW)!;
    expect(r).toMatchObject({
      via: 'claude-cache',
      firstSeenAt: NOW - 90_000,
      observedAt: NOW - 90_000,
      fiveHour: { pct: 31, resetsAt: NOW + 2 * HOUR },
      sevenDay: { pct: 12, resetsAt: NOW + 70 * HOUR },
      planTier: null,
    });
    expect(r.payload?.limits).toEqual([
      {
        kind: 'weekly_scoped',
        group: 'weekly',
        percent: 7,
        resetsAt: new Date(NOW + 70 * HOUR).toISOString(),
        displayName: 'Fable',
        isActive: false,
      },
    ]);
    expect(JSON.stringify(r)).not.toContain('CANARY');
  });

  test('windows that have reset are kept (the history wants them); only their currency is lost', () => {
    const dir = makeTempDir('aios-claude-json-');
    const path = writeClaudeJson(dir, { cached: cachedUtilization(NOW - 3 * 86_400_000, NOW - 3 * 86_400_000) });
    const r = readCachedUsageFile(path, NOW)!;
    expect(r.fiveHour!.resetsAt).toBeLessThan(NOW);
  });

  test('is read, never written: bytes and times stay as they were', () => {
    const dir = makeTempDir('aios-claude-json-');
    const path = writeClaudeJson(dir, { cached: cachedUtilization(NOW, NOW - 1000) });
    const before = readFileSync(path);
    const { mtimeMs, mode } = statSync(path);
    expect(readCachedUsageFile(path, NOW)).not.toBeNull();
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtimeMs);
    expect(statSync(path).mode).toBe(mode);
  });

  test('a huge file (tens of MB of history) is read; one past the cap is not, with a debug line', () => {
    const dir = makeTempDir('aios-claude-json-');
    const path = writeClaudeJson(dir, { cached: cachedUtilization(NOW, NOW - 1000), historyBytes: 24 << 20 });
    expect(statSync(path).size).toBeGreaterThan(20 << 20);
    expect(readCachedUsageFile(path, NOW)?.fiveHour?.pct).toBe(31);
    truncateSync(path, MAX_CLAUDE_JSON_BYTES + 1); // sparse: costs no disk
    expect(readCachedUsageFile(path, NOW)).toBeNull();
    expect(logged.lines.at(-1)).toContain('too large to be Claude Code');
  });

  const ignored: Array<[string, () => string, string]> = [
    [
      'half-written (cut inside the value)',
      () => claudeJsonText({ cached: cachedUtilization(NOW, NOW) }).replace(/"seven_day"[\s\S]*$/, ''),
      'truncated',
    ],
    [
      'half-written (cut before the key)',
      () => claudeJsonText({ cached: cachedUtilization(NOW, NOW) }).slice(0, 200),
      'no such key',
    ],
    ['without the key', () => claudeJsonText(), 'no such key'],
    ['cleared (null)', () => claudeJsonText({ cached: null }), 'cleared'],
    ['a foreign value (a string)', () => claudeJsonText({ cached: 'v2:opaque' }), 'not an object'],
    ['a foreign value (no fetchedAtMs)', () => claudeJsonText({ cached: { utilization: {} } }), 'no valid fetchedAtMs'],
    [
      'a foreign payload',
      () => claudeJsonText({ cached: { fetchedAtMs: NOW, utilization: { five_hour: 'full' } } }),
      'no valid 5-hour window',
    ],
    [
      'a reading dated in the future (clock skew)',
      () => claudeJsonText({ cached: cachedUtilization(NOW, NOW + 10 * 60_000) }),
      'dated in the future',
    ],
    ['not JSON at all', () => '\u0000\u0001 binary junk "cachedUsageUtilization"', 'not-json'],
  ];
  for (const [name, text, why] of ignored)
    test(`${name}: ignored with a debug line`, () => {
      const dir = makeTempDir('aios-claude-json-');
      const path = join(dir, '.claude.json');
      writeFileSync(path, text());
      expect(readCachedUsageFile(path, NOW)).toBeNull();
      expect(logged.lines).toHaveLength(1);
      expect(logged.lines[0]).toStartWith(`aios debug: ${path}: cachedUsageUtilization not read (`);
      expect(logged.lines[0]).toContain(why);
    });

  test('a missing file is quietly nothing; a FIFO in its place does not hang the read', () => {
    const dir = makeTempDir('aios-claude-json-');
    expect(readCachedUsageFile(join(dir, '.claude.json'), NOW)).toBeNull();
    expect(logged.lines).toEqual([]);
    mkdirSync(dir, { recursive: true });
    expect(spawnSync('mkfifo', [join(dir, '.claude.json')]).status).toBe(0);
    expect(readCachedUsageFile(join(dir, '.claude.json'), NOW)).toBeNull();
    expect(logged.lines[0]).toContain('not a regular file');
  });
});
