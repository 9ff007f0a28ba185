// `aios statusline` as Claude Code runs it: a child process with real stdin. Whatever the input or
// the store's state it prints a line and exits 0, records only good windows, never asks the network
// and never runs `claude`; --wrap adds the user's own statusline; many at once lose nothing.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openHistoryStore } from '../scripts/lib/history/open-store.ts';
import { STORE_FILE_NAME } from '../scripts/lib/history/store.ts';
import type { UsageReading } from '../scripts/lib/history/readings.ts';
import { writeRecentSessions } from './fixtures/claude-log-fixtures.ts';
import { holdLock } from './fixtures/history-fixtures.ts';
import {
  canaryToken,
  credentialJson,
  fakeExecutable,
  readAllFiles,
  removeTempDirs,
  tempDir,
  writeCredential,
} from './fixtures/oauth-fixtures.ts';
import { runAios, type AiosRun } from './fixtures/run-aios.ts';
import { startUsageStandIn, type UsageStandIn } from './fixtures/usage-endpoint.ts';

let server: UsageStandIn;
let root: string;
let runs = 0;
const outputs: string[] = [];

beforeAll(() => {
  server = startUsageStandIn();
  root = tempDir('aios-statusline-');
});
afterAll(async () => {
  await server.stop();
  removeTempDirs();
});

interface Machine {
  env: Record<string, string>;
  dataDir: string;
  configDir: string;
  /** Where the fake `claude` would leave its mark if anything ran it. */
  claudeRan: string;
}

/** A home with Claude Code logs and a live credential, a private data and cache dir, and a `claude` that tells on itself. */
function machine(): Machine {
  const home = join(root, `home-${runs++}`);
  const configDir = join(home, '.claude');
  writeRecentSessions(configDir, new Date());
  writeCredential(configDir, credentialJson(canaryToken('statusline'), Date.now()));
  const bin = join(home, 'bin');
  const claudeRan = join(home, 'claude-ran');
  fakeExecutable(bin, 'claude', `touch ${claudeRan}; echo "2.1.332 (Claude Code)"`);
  return {
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      HOME: home,
      TZ: 'UTC',
      AIOS_DATA_DIR: join(home, 'data'),
      AIOS_CACHE_DIR: join(home, 'cache'),
      AIOS_CLAUDE_USAGE_URL: server.url,
      AIOS_LOG_LEVEL: 'debug',
    },
    dataDir: join(home, 'data'),
    configDir,
    claudeRan,
  };
}

const S = () => Math.floor(Date.now() / 1000);

/** Claude Code's statusline input (CLAUDE-DATA.md §5) with `rateLimits` as given. */
function input(rateLimits: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    session_id: 'e2e-session-d',
    transcript_path: '/nowhere.jsonl',
    model: { id: 'claude-sonnet-4-5-20250929', display_name: 'Sonnet 4.5' },
    workspace: { current_dir: '/home/dev/proj', project_dir: '/home/dev/proj' },
    version: '2.1.332',
    cost: { total_cost_usd: 1.23 },
    ...(rateLimits === undefined ? {} : { rate_limits: rateLimits }),
    ...extra,
  });
}

const good = () => ({
  five_hour: { used_percentage: 42.5, resets_at: S() + 2 * 3600 + 600 },
  seven_day: { used_percentage: 17, resets_at: S() + 3 * 86400 },
});

async function statusline(m: Machine, stdin: string | Uint8Array, args: string[] = []): Promise<AiosRun> {
  const run = await runAios(['statusline', ...args], m.env, stdin);
  outputs.push(run.stdout, run.stderr);
  return run;
}

function stored(m: Machine): UsageReading[] {
  const store = openHistoryStore({ dataDir: m.dataDir, guardDirs: [] });
  try {
    return store?.readingsSince(0) ?? [];
  } finally {
    store?.close();
  }
}

describe('aios statusline', () => {
  test("records Claude Code's rate limits and prints 5-hour %, its reset, the week's %; no network, no `claude`", async () => {
    const m = machine();
    const before = server.requests.length;
    const r = await statusline(m, input(good()));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^5h 42% \(2h1\dm\) \| wk 17%\n$/);
    const [reading] = stored(m);
    expect(reading).toMatchObject({ via: 'statusline', fiveHour: { pct: 42.5 }, sevenDay: { pct: 17 }, payload: null });
    expect(server.requests.length).toBe(before);
    expect(existsSync(m.claudeRan)).toBe(false);
  });

  test('with a memo from the last aggregate it adds today’s cost and the burn rate; without one, never a scan', async () => {
    const m = machine();
    const bare = await statusline(m, input(good()));
    expect(bare.stdout).not.toContain('today');
    expect(existsSync(m.env.AIOS_CACHE_DIR!)).toBe(false); // nothing scanned, nothing cached
    const agg = await runAios(['aggregate', '--json'], { ...m.env, AIOS_ENDPOINT: 'off' });
    expect(agg.code).toBe(0);
    const r = await statusline(m, input(good()));
    expect(r.stdout).toMatch(/^5h 42% \(2h\d\dm\) \| wk 17% \| today \$\d+\.\d\d \| \$\d+\.\d\d\/h\n$/);
  }, 60_000);

  const noReading: Array<[string, () => string | Uint8Array]> = [
    ['empty stdin', () => ''],
    ['stdin that is not JSON', () => 'five_hour=42%\n'],
    ['JSON without rate_limits', () => input(undefined)],
    ['a 10 MB stdin', () => input(good(), { padding: 'x'.repeat(10 << 20) })],
    ['wrong types', () => input({ five_hour: { used_percentage: '42', resets_at: `${S() + 60}` } })],
    [
      'percentages outside 0-100',
      () =>
        input({
          five_hour: { used_percentage: 140, resets_at: S() + 60 },
          seven_day: { used_percentage: -3, resets_at: S() + 60 },
        }),
    ],
    ['a reset in the past', () => input({ five_hour: { used_percentage: 10, resets_at: S() - 60 } })],
    ['a reset more than 8 days ahead', () => input({ seven_day: { used_percentage: 10, resets_at: S() + 9 * 86400 } })],
  ];
  for (const [name, stdin] of noReading)
    test(`${name}: nothing recorded, a line printed, exit 0`, async () => {
      const m = machine();
      const r = await statusline(m, stdin());
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('aios: no usage reading yet\n');
      expect(stored(m)).toEqual([]);
    }, 30_000);

  test('a bad window is dropped alone: the good one is recorded and shown', async () => {
    const m = machine();
    const r = await statusline(
      m,
      input({
        five_hour: { used_percentage: 55, resets_at: S() + 3600 },
        seven_day: { used_percentage: 300, resets_at: S() + 86400 },
      }),
    );
    expect(r.stdout).toMatch(/^5h 55% \((1h00m|\d\dm)\)\n$/);
    expect(r.stderr).toContain('seven_day: used_percentage 300 is outside 0-100; not recorded');
    expect(stored(m).map((x) => [x.fiveHour?.pct, x.sevenDay])).toEqual([[55, null]]);
  });

  test('a later run without rate_limits shows the last current reading; identical readings stay one row', async () => {
    const m = machine();
    const limits = good();
    await statusline(m, input(limits));
    await statusline(m, input(limits));
    const r = await statusline(m, input(undefined));
    expect(r.stdout).toMatch(/^5h 42% \(2h\d\dm\) \| wk 17%\n$/);
    expect(stored(m)).toHaveLength(1);
  });

  test('--wrap runs the user’s statusline with the same stdin and prints it after aios’s segment', async () => {
    const m = machine();
    const stdin = input(good());
    const r = await statusline(m, stdin, ['--wrap', 'printf "mine: %s bytes" "$(wc -c | tr -d " ")"']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^5h 42% \\(2h\\d\\dm\\) \\| wk 17% \\| mine: ${Buffer.byteLength(stdin)} bytes\\n$`),
    );
    const broken = await statusline(m, '', ['--wrap', 'exit 7']);
    expect(broken.code).toBe(0);
    expect(broken.stdout).toMatch(/^5h 42% /);
  });

  test('--help prints the settings.json snippet', async () => {
    const r = await runAios(['statusline', '--help'], machine().env);
    expect(r.code).toBe(0);
    const snippet = r.stdout.slice(r.stdout.indexOf('{'), r.stdout.indexOf('\n}\n') + 2);
    const settings = JSON.parse(snippet);
    expect(settings.statusLine.type).toBe('command');
    expect(settings.statusLine.command).toMatch(/\/scripts\/aios\.ts statusline$/);
    expect(r.stdout).toContain('--wrap');
  });

  test('a locked store: the line still prints, exit 0', async () => {
    const m = machine();
    await statusline(m, input(good()));
    const holder = await holdLock(join(m.dataDir, STORE_FILE_NAME), true);
    let r: AiosRun;
    try {
      r = await statusline(m, input(good()));
    } finally {
      await holder.release();
    }
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^5h 42% /);
    expect(r.stderr).toContain('is locked by another process');
  });

  test('a corrupt store: the line prints, the file is kept aside and a new one records the reading', async () => {
    const m = machine();
    mkdirSync(m.dataDir, { recursive: true });
    writeFileSync(join(m.dataDir, STORE_FILE_NAME), 'garbage'.repeat(1000));
    const r = await statusline(m, input(good()));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^5h 42% /);
    expect(r.stderr).toContain('is damaged');
    expect(readdirSync(m.dataDir).some((n) => n.startsWith(`${STORE_FILE_NAME}.damaged-`))).toBe(true);
    expect(stored(m)).toHaveLength(1);
  });

  test('many statusline processes writing at once lose no reading', async () => {
    const m = machine();
    await statusline(m, input(good())); // the store exists, as it does after the first message
    const reset = S() + 3600;
    const all = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        statusline(m, input({ five_hour: { used_percentage: 10 + i, resets_at: reset } })),
      ),
    );
    expect(all.map((r) => r.code)).toEqual(Array(8).fill(0));
    const pcts = stored(m)
      .map((r) => r.fiveHour?.pct)
      .filter((p) => p !== 42.5);
    expect(pcts.sort((a, b) => a! - b!)).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
  }, 60_000);

  test('no token or credential field in any output, nor in the data dir', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const text of outputs) expect(text).not.toContain('CANARY');
    const dirs = readdirSync(root)
      .map((h) => join(root, h, 'data'))
      .filter((d) => existsSync(d));
    expect(dirs.length).toBeGreaterThan(5);
    for (const dir of dirs) for (const text of readAllFiles(dir)) expect(text).not.toContain('CANARY');
    for (const dir of dirs) {
      const db = new Database(join(dir, STORE_FILE_NAME), { readonly: true });
      const columns = db.query("SELECT name FROM pragma_table_info('readings')").all() as Array<{ name: string }>;
      db.close();
      expect(columns.map((c) => c.name).filter((n) => /token|secret|credential|key/i.test(n))).toEqual([]);
    }
  });
});
