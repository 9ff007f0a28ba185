// The usage history store: recording and collapsing readings, limit hits, thinning that keeps every
// peak, and each fault (corrupt, foreign, newer, locked, read-only, symlink, config dir) answered.
import { Database } from 'bun:sqlite';
import { afterAll, describe, expect, test } from 'bun:test';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs } from '../../../test/fixtures/claude-log-fixtures.ts';
import {
  canMakeReadOnly,
  DAY,
  holdLock,
  HOUR,
  makeReadOnly,
  MINUTE,
  reading,
} from '../../../test/fixtures/history-fixtures.ts';
import type { ClaudeAuthoritativeUsage } from '../../../src/contract/usage-data.ts';
import { APPLICATION_ID, STORE_VERSION } from './schema.ts';
import { openHistoryStore, type HistoryOpenOptions } from './open-store.ts';
import { STORE_FILE_NAME } from './store.ts';
import { captureLogLines } from '../../../test/fixtures/log-capture.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');

const logged = captureLogLines();
afterAll(removeTempDirs);

function dataDir(): string {
  return join(makeTempDir('aios-history-'), 'data');
}

function open(dir: string, over: Partial<HistoryOpenOptions> = {}) {
  return openHistoryStore({ dataDir: dir, guardDirs: [], now: () => NOW, ...over });
}

function withStore<T>(dir: string, fn: (store: NonNullable<ReturnType<typeof open>>) => T): T {
  const store = open(dir);
  expect(store).not.toBeNull();
  try {
    return fn(store!);
  } finally {
    store!.close();
  }
}

const payload = (fetchedAt: number, resetIso: string): ClaudeAuthoritativeUsage => ({
  fetchedAt: new Date(fetchedAt).toISOString(),
  fiveHour: { utilization: 11, resetsAt: resetIso },
  sevenDay: null,
  sevenDaySonnet: null,
  sevenDayOpus: null,
  sevenDayOauthApps: null,
  extraUsage: { isEnabled: true, monthlyLimit: 20, usedCredits: 7.63, utilization: 38.15, currency: 'EUR' },
  limits: [
    {
      kind: 'weekly_scoped',
      group: 'weekly',
      percent: 5,
      resetsAt: resetIso,
      displayName: 'Fable',
      isActive: false,
    },
  ],
});

describe('recording readings', () => {
  test('a new store is owner-only, marked as ours, and gives back what was recorded, oldest first', () => {
    const dir = dataDir();
    withStore(dir, (store) => {
      expect(store.record(reading(NOW - 2 * MINUTE))).toBe(true);
      expect(store.record(reading(NOW - MINUTE, { fiveHour: { pct: 50, resetsAt: NOW + HOUR } }))).toBe(true);
      const got = store.readingsSince(NOW - HOUR);
      expect(got.map((r) => r.fiveHour?.pct)).toEqual([42, 50]);
      expect(got[0]).toEqual(reading(NOW - 2 * MINUTE));
    });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, STORE_FILE_NAME)).mode & 0o777).toBe(0o600);
    const db = new Database(join(dir, STORE_FILE_NAME), { readonly: true });
    expect(db.query('PRAGMA application_id').get()).toEqual({ application_id: APPLICATION_ID });
    expect(db.query('PRAGMA user_version').get()).toEqual({ user_version: STORE_VERSION });
    db.close();
  });

  test('identical readings in a row from one source are one row spanning first and last seen', () => {
    withStore(dataDir(), (store) => {
      const at = NOW - 10 * MINUTE;
      const same = (t: number) => reading(t, { fiveHour: { pct: 42, resetsAt: at + HOUR }, sevenDay: null });
      store.record(same(at));
      store.record(same(at + MINUTE));
      store.record(same(at + 2 * MINUTE));
      // The same numbers from another source are that source's own observation.
      store.record({ ...same(at + 3 * MINUTE), via: 'endpoint' });
      store.record({ ...same(at + 4 * MINUTE), fiveHour: { pct: 43, resetsAt: at + HOUR } });
      store.record(same(at + 5 * MINUTE));
      const got = store.readingsSince(0);
      expect(got.map((r) => [r.via, r.fiveHour?.pct, r.firstSeenAt - at, r.observedAt - at])).toEqual([
        ['statusline', 42, 0, 2 * MINUTE],
        ['endpoint', 42, 3 * MINUTE, 3 * MINUTE],
        ['statusline', 43, 4 * MINUTE, 4 * MINUTE],
        ['statusline', 42, 5 * MINUTE, 5 * MINUTE],
      ]);
    });
  });

  test('a payload comes back whole, dated at its last sighting; answers differing only in sub-second resets collapse', () => {
    withStore(dataDir(), (store) => {
      const first = NOW - 5 * MINUTE;
      const r = (at: number, iso: string) => ({
        ...reading(at, { via: 'endpoint' as const, sevenDay: null }),
        fiveHour: { pct: 11, resetsAt: Date.parse(iso) },
        payload: payload(at, iso),
      });
      store.record(r(first, '2026-11-20T17:00:00.282Z'));
      store.record(r(first + MINUTE, '2026-11-20T17:00:00.391Z'));
      const [got] = store.readingsSince(0);
      expect(store.readingsSince(0)).toHaveLength(1);
      expect(got!.observedAt).toBe(first + MINUTE);
      expect(got!.fiveHour!.resetsAt).toBe(Date.parse('2026-11-20T17:00:00Z'));
      expect(got!.payload).toEqual({
        ...payload(first + MINUTE, '2026-11-20T17:00:00.000Z'),
      });
      expect(store.readingsSince(0, { withPayload: false })[0]!.payload).toBeNull();
    });
  });

  test('latestCurrent: the freshest reading whose 5-hour window is still ahead, none from the future', () => {
    withStore(dataDir(), (store) => {
      store.record(reading(NOW - 3 * HOUR)); // its window reset an hour ago
      store.record(reading(NOW - 20 * MINUTE, { fiveHour: { pct: 60, resetsAt: NOW + HOUR } }));
      store.record(reading(NOW + 10 * MINUTE, { via: 'endpoint', fiveHour: { pct: 99, resetsAt: NOW + HOUR } }));
      expect(store.latestCurrent(NOW)?.fiveHour?.pct).toBe(60);
      expect(store.latestCurrent(NOW + 2 * HOUR)).toBeNull();
    });
  });
});

describe('limit hits', () => {
  test('a reading at 100 % is a hit, once per window however often it is seen', () => {
    withStore(dataDir(), (store) => {
      const reset = NOW + HOUR;
      const full = (at: number) => reading(at, { fiveHour: { pct: 100, resetsAt: reset }, sevenDay: null });
      store.record(full(NOW - 3 * MINUTE));
      store.record(full(NOW - 2 * MINUTE));
      store.record({ ...full(NOW - MINUTE), via: 'endpoint' });
      expect(store.hitsSince(0)).toEqual([
        { window: 'five_hour', at: NOW - 3 * MINUTE, resetsAt: reset, origin: 'reading' },
      ]);
    });
  });

  test('recorded hits keep their earliest sighting, per window, origin and reset', () => {
    withStore(dataDir(), (store) => {
      const reset = NOW + 2 * DAY;
      store.recordHits([{ window: 'seven_day', at: NOW - MINUTE, resetsAt: reset, origin: 'log' }]);
      store.recordHits([
        { window: 'seven_day', at: NOW - HOUR, resetsAt: reset, origin: 'log' },
        { window: 'seven_day', at: NOW, resetsAt: reset, origin: 'log' },
        { window: 'five_hour', at: NOW, resetsAt: NOW + HOUR, origin: 'log' },
      ]);
      expect(store.hitsSince(0)).toEqual([
        { window: 'seven_day', at: NOW - HOUR, resetsAt: reset, origin: 'log' },
        { window: 'five_hour', at: NOW, resetsAt: NOW + HOUR, origin: 'log' },
      ]);
      expect(store.hitsSince(NOW - MINUTE)).toHaveLength(1);
    });
  });
});

describe('thinning', () => {
  test('per-minute detail older than 90 days becomes one row per hour and source; every window keeps its peak', () => {
    withStore(dataDir(), (store) => {
      const old = NOW - 100 * DAY;
      const reset = old + 3 * HOUR;
      const week = old + 4 * DAY;
      // Two hours of readings a minute apart, rising to a 5-hour peak of 90 % at minute 30.
      for (let m = 0; m < 120; m++) {
        const pct = m <= 30 ? 60 + m : 90 - (m - 30) / 10;
        store.record(
          reading(old + m * MINUTE, {
            fiveHour: { pct, resetsAt: reset },
            sevenDay: { pct: 20 + m / 100, resetsAt: week },
          }),
        );
      }
      const recent = reading(NOW - MINUTE);
      store.record(recent);
      expect(store.thin(NOW)).toBeGreaterThan(100);
      const kept = store.readingsSince(0);
      const five = kept.filter((r) => r.fiveHour?.resetsAt === reset);
      expect(Math.max(...five.map((r) => r.fiveHour!.pct))).toBe(90);
      expect(Math.max(...kept.map((r) => (r.sevenDay?.resetsAt === week ? r.sevenDay.pct : 0)))).toBe(20 + 119 / 100);
      // The last reading of each hour, the 5-hour peak and the week's peak (the hour's last), and the recent one.
      expect(kept.map((r) => r.observedAt)).toEqual([
        old + 30 * MINUTE,
        old + 59 * MINUTE,
        old + 119 * MINUTE,
        recent.observedAt,
      ]);
    });
  });

  test('thinIfDue thins at most once a day', () => {
    withStore(dataDir(), (store) => {
      // Three readings within an hour of one window: the middle one is neither its hour's last nor the peak.
      const threeIn = (start: number) =>
        [42, 10, 5].forEach((pct, m) =>
          store.record(reading(start + m * MINUTE, { fiveHour: { pct, resetsAt: start + HOUR }, sevenDay: null })),
        );
      threeIn(NOW - 100 * DAY);
      expect(store.thinIfDue(NOW)).toBe(1);
      threeIn(NOW - 99 * DAY);
      expect(store.thinIfDue(NOW + HOUR)).toBe(0);
      expect(store.thinIfDue(NOW + DAY)).toBe(1);
    });
  });
});

/** The store files kept aside in `dir` (without their side files). */
const asideFiles = (dir: string) =>
  readdirSync(dir).filter((n) => /\.(damaged|foreign)-/.test(n) && !/-(wal|shm|journal)$/.test(n));

describe('faults: the caller always gets an answer', () => {
  test('a corrupt file is kept aside (renamed, never deleted), named in a warning, and a new store started', () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    const junk = Buffer.from('this is not a database, '.repeat(200));
    writeFileSync(join(dir, STORE_FILE_NAME), junk);
    withStore(dir, (store) => expect(store.record(reading(NOW))).toBe(true));
    const [aside] = asideFiles(dir);
    expect(aside).toMatch(/^history\.sqlite\.damaged-\d{8}T\d{6}Z$/);
    expect(readFileSync(join(dir, aside!)).equals(junk)).toBe(true);
    expect(logged.lines).toEqual([
      `aios warn: usage history ${join(dir, STORE_FILE_NAME)} is damaged (file is not a database); kept it as ${join(dir, aside!)} and started a new one`,
    ]);
  });

  test("another program's SQLite file is kept aside as foreign, untouched", () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    const other = new Database(join(dir, STORE_FILE_NAME));
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
    other.close();
    withStore(dir, (store) => expect(store.readingsSince(0)).toEqual([]));
    const [aside] = asideFiles(dir);
    expect(aside).toMatch(/^history\.sqlite\.foreign-/);
    const kept = new Database(join(dir, aside!), { readonly: true });
    expect(kept.query('SELECT body FROM notes').get()).toEqual({ body: 'keep me' });
    kept.close();
    expect(logged.lines[0]).toContain('is not an aios usage history (application_id 0');
    expect(logged.lines[0]).toContain(`kept it as ${join(dir, aside!)} and started a new one`);
  });

  test('damage found mid-run moves the file aside; the next open starts a new one', () => {
    const dir = dataDir();
    withStore(dir, (store) => {
      for (let i = 0; i < 200; i++)
        store.record(reading(NOW - i * MINUTE, { fiveHour: { pct: i % 100, resetsAt: NOW + HOUR } }));
    });
    const path = join(dir, STORE_FILE_NAME);
    const bytes = readFileSync(path);
    // Wreck every page after the first (the header stays, so the open still takes it for ours).
    bytes.fill(0xa5, 4096);
    writeFileSync(path, bytes);
    withStore(dir, (store) => expect(store.readingsSince(0)).toEqual([]));
    expect(asideFiles(dir)[0]).toMatch(/\.damaged-/);
    expect(logged.lines.some((w) => w.includes('is damaged') && w.includes('kept it as'))).toBe(true);
    withStore(dir, (store) => expect(store.record(reading(NOW))).toBe(true));
  });

  test('a store made by a newer aios is left as it is and not used', () => {
    const dir = dataDir();
    withStore(dir, (store) => store.record(reading(NOW)));
    const db = new Database(join(dir, STORE_FILE_NAME));
    db.exec(`PRAGMA user_version = ${STORE_VERSION + 1}`);
    db.close();
    expect(open(dir)).toBeNull();
    expect(asideFiles(dir)).toEqual([]);
    expect(logged.lines[0]).toContain('made by a newer aios');
  });

  test('a writer holding the lock: recording gives up after the busy timeout, reading still works, nothing moved', async () => {
    const dir = dataDir();
    withStore(dir, (store) => store.record(reading(NOW - MINUTE)));
    const holder = await holdLock(join(dir, STORE_FILE_NAME));
    const store = open(dir, { busyTimeoutMs: 50 });
    let recorded: boolean;
    let read: number;
    try {
      recorded = store!.record(reading(NOW, { fiveHour: { pct: 77, resetsAt: NOW + HOUR } }));
      read = store!.readingsSince(0).length;
    } finally {
      store?.close();
      await holder.release();
    }
    expect(recorded).toBe(false);
    expect(read).toBe(1);
    expect(asideFiles(dir)).toEqual([]);
  });

  test('a process holding the store in exclusive mode: the open gives up (null), the file is not moved', async () => {
    const dir = dataDir();
    withStore(dir, (store) => store.record(reading(NOW - MINUTE)));
    const holder = await holdLock(join(dir, STORE_FILE_NAME), true);
    let store: ReturnType<typeof open>;
    try {
      store = open(dir, { busyTimeoutMs: 50 });
    } finally {
      await holder.release();
    }
    expect(store).toBeNull();
    expect(logged.lines).toEqual([
      `aios warn: usage history ${join(dir, STORE_FILE_NAME)} is locked by another process; not used this run`,
    ]);
    expect(asideFiles(dir)).toEqual([]);
    withStore(dir, (s) => expect(s.readingsSince(0)).toHaveLength(1));
  });

  test.skipIf(!canMakeReadOnly)('a read-only store is read, nothing is recorded, and it says so', () => {
    const dir = dataDir();
    withStore(dir, (store) => store.record(reading(NOW - MINUTE)));
    const path = join(dir, STORE_FILE_NAME);
    const undo = makeReadOnly([path, dir], [0o444, 0o555]);
    let store: ReturnType<typeof open>;
    let got: number;
    let recorded: boolean;
    try {
      store = open(dir);
      got = store?.readingsSince(0).length ?? -1;
      recorded = store?.record(reading(NOW)) ?? false;
      store?.close();
    } finally {
      undo();
    }
    expect(store!.readOnly).toBe(true);
    expect(got).toBe(1);
    expect(recorded).toBe(false);
    expect(logged.lines).toContain(
      `aios warn: usage history ${path} is read-only; it is read but nothing new is recorded`,
    );
  });

  test("a symbolic link in the store's place is never followed: no store, its target untouched", () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    const target = join(dir, '..', 'elsewhere.sqlite');
    writeFileSync(target, 'precious');
    symlinkSync(target, join(dir, STORE_FILE_NAME));
    expect(open(dir)).toBeNull();
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(lstatSync(join(dir, STORE_FILE_NAME)).isSymbolicLink()).toBe(true);
    expect(logged.lines[0]).toContain('is a symbolic link; aios does not follow it');
  });

  test('a data dir inside a Claude Code config dir is refused before anything is created', () => {
    const claude = join(makeTempDir('aios-history-claude-'), '.claude');
    mkdirSync(claude);
    const dir = join(claude, 'aios-data');
    expect(open(dir, { guardDirs: [claude] })).toBeNull();
    expect(existsSync(dir)).toBe(false);
    expect(logged.lines[0]).toContain('inside a Claude Code config dir');
  });

  test('a data dir that cannot be made (a file in its way) is no store, with a warning', () => {
    const base = makeTempDir('aios-history-');
    writeFileSync(join(base, 'data'), '');
    expect(open(join(base, 'data'))).toBeNull();
    expect(logged.lines[0]).toContain('is not usable');
  });
});

describe('many writers at once', () => {
  test('processes recording together lose nothing and break nothing', async () => {
    const dir = dataDir();
    withStore(dir, () => undefined);
    const script = (
      i: number,
    ) => `import { openHistoryStore } from ${JSON.stringify(join(import.meta.dir, 'open-store.ts'))};
const store = openHistoryStore({ dataDir: ${JSON.stringify(dir)}, guardDirs: [], busyTimeoutMs: 5000 });
for (let k = 0; k < 20; k++) {
  const at = ${NOW} + ${i} * 1000 + k;
  if (!store.record({ via: 'statusline', firstSeenAt: at, observedAt: at, fiveHour: { pct: (${i} * 20 + k) / 2, resetsAt: ${NOW + HOUR} }, sevenDay: null, planTier: null, payload: null })) process.exit(3);
}
store.close();`;
    const children = Array.from({ length: 6 }, (_, i) =>
      Bun.spawn([process.execPath, '-e', script(i)], { stdout: 'ignore', stderr: 'pipe' }),
    );
    const codes = await Promise.all(children.map((c) => c.exited));
    const errors = await Promise.all(children.map((c) => new Response(c.stderr).text()));
    expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
    expect(errors.join('')).toBe('');
    withStore(dir, (store) => expect(new Set(store.readingsSince(0).map((r) => r.fiveHour!.pct)).size).toBe(120));
  });
});
