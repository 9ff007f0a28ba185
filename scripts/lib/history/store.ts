// The usage history: every reading of Anthropic's numbers and every limit hit, in SQLite in the data
// dir (user data, not cache). Many processes write at once; any fault leaves the caller answering.
//
// Why SQLite (bun:sqlite): many `aios statusline` processes append at once and a transaction keeps
// each write whole; WAL lets readers run beside a writer, and a busy timeout makes writers queue
// instead of failing. Unlike the scan cache this file is not rebuildable, so it runs with
// synchronous=NORMAL (WAL: never damaged by a crash, at worst the last writes lost on power loss),
// and a foreign or damaged file is renamed aside, never deleted. Opening it is open-store.ts.
import type { Database } from 'bun:sqlite';
import { errorMessage } from '../support/errors.ts';
import { log } from '../support/log.ts';
import { hitsOfReading } from './hits.ts';
import { FUTURE_SLACK_MS, type LimitHit, type UsageReading } from './readings.ts';
import { hitToRow, readingToRow, rowToHit, rowToReading, type HitRow, type ReadingRow } from './rows.ts';
import { codeOf, isBusy } from '../support/sqlite-wal.ts';
import { inodeOf, isDamage, keepAside } from './sqlite-file.ts';

export { STORE_FILE_NAME } from './schema.ts';

const DAY = 86_400_000;
/** Per-minute detail older than this is thinned to one row per hour and source, peaks kept. */
const DETAIL_DAYS = 90;
/** At most this many readings are handed out by one read (the newest). */
const MAX_READ = 200_000;
const READING_COLUMNS = 'via, first_seen, last_seen, five_pct, five_reset, week_pct, week_reset, plan_tier, payload';

function sameReading(a: ReadingRow, b: ReadingRow): boolean {
  return (
    a.five_pct === b.five_pct &&
    a.five_reset === b.five_reset &&
    a.week_pct === b.week_pct &&
    a.week_reset === b.week_reset &&
    a.plan_tier === b.plan_tier &&
    a.payload === b.payload
  );
}

/** The store. Every method catches its own faults (logged) and answers empty or false. */
export class HistoryStore {
  /** Set after damage was found (the file is moved aside) or after close: nothing more is asked of it. */
  private broken = false;

  constructor(
    private readonly db: Database,
    readonly path: string,
    readonly readOnly: boolean,
    private readonly now: () => number,
  ) {}

  /**
   * Record one reading, and its limit hits (a window at 100 %). A reading identical to the latest
   * one of its source only widens that row's first and last seen. Returns whether it was stored.
   */
  record(reading: UsageReading): boolean {
    return this.write('record a reading', false, () => {
      const row = readingToRow(reading);
      this.db
        .transaction(() => {
          const last = this.db
            .query(`SELECT id, ${READING_COLUMNS} FROM readings WHERE via = ? ORDER BY last_seen DESC, id DESC LIMIT 1`)
            .get(row.via) as (ReadingRow & { id: number }) | null;
          if (last && sameReading(last, row)) {
            this.db
              .query('UPDATE readings SET first_seen = min(first_seen, ?), last_seen = max(last_seen, ?) WHERE id = ?')
              .run(row.first_seen, row.last_seen, last.id);
          } else {
            this.db
              .query(`INSERT INTO readings (${READING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
              .run(
                row.via,
                row.first_seen,
                row.last_seen,
                row.five_pct,
                row.five_reset,
                row.week_pct,
                row.week_reset,
                row.plan_tier,
                row.payload,
              );
          }
          this.insertHits(hitsOfReading(reading));
        })
        .immediate();
      return true;
    });
  }

  /** Record limit hits; one already known keeps its earliest time. Returns whether they were stored. */
  recordHits(hits: readonly LimitHit[]): boolean {
    if (hits.length === 0) return true;
    return this.write('record limit hits', false, () => {
      this.db.transaction(() => this.insertHits(hits)).immediate();
      return true;
    });
  }

  private insertHits(hits: readonly LimitHit[]): void {
    const upsert = this.db.query(
      `INSERT INTO hits (win, origin, key, at, resets_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (win, origin, key) DO UPDATE SET at = excluded.at WHERE excluded.at < hits.at`,
    );
    for (const h of hits) {
      const r = hitToRow(h);
      if (r.win >= 0 && r.origin >= 0) upsert.run(r.win, r.origin, r.key, r.at, r.resets_at);
    }
  }

  /** The readings last seen at or after `since`, oldest first (at most the newest 200,000). */
  readingsSince(since: number, opts: { withPayload?: boolean } = {}): UsageReading[] {
    return this.read('read readings', [], () => {
      const rows = this.db
        .query(`SELECT ${READING_COLUMNS} FROM readings WHERE last_seen >= ? ORDER BY last_seen DESC, id DESC LIMIT ?`)
        .all(Math.round(since), MAX_READ) as ReadingRow[];
      const out: UsageReading[] = [];
      for (let i = rows.length - 1; i >= 0; i--) {
        const r = rowToReading(rows[i]!, opts.withPayload ?? true);
        if (r) out.push(r);
      }
      return out;
    });
  }

  /**
   * The freshest reading whose 5-hour window resets after `now`, without its payload; one dated in
   * the future (past the clock slack) is not it.
   */
  latestCurrent(now: number): UsageReading | null {
    return this.read('read the latest reading', null, () => {
      const row = this.db
        .query(
          `SELECT ${READING_COLUMNS} FROM readings WHERE five_reset > ? AND last_seen <= ? ORDER BY last_seen DESC, id DESC LIMIT 1`,
        )
        .get(Math.round(now), Math.round(now + FUTURE_SLACK_MS)) as ReadingRow | null;
      return row ? rowToReading(row, false) : null;
    });
  }

  /** Limit hits at or after `since`, oldest first. */
  hitsSince(since: number): LimitHit[] {
    return this.read('read limit hits', [], () => {
      const rows = this.db
        .query('SELECT win, origin, key, at, resets_at FROM hits WHERE at >= ? ORDER BY at')
        .all(Math.round(since)) as HitRow[];
      return rows.map(rowToHit).filter((h): h is LimitHit => h !== null);
    });
  }

  /**
   * Thin readings last seen more than DETAIL_DAYS before `now` to the last one per hour and
   * source, never dropping the peak of a 5-hour window or a week. Returns the rows removed.
   */
  thin(now: number): number {
    return this.write('thin old readings', 0, () => {
      const cutoff = Math.round(now - DETAIL_DAYS * DAY);
      let removed = 0;
      this.db
        .transaction(() => {
          removed = this.db
            .query(
              `DELETE FROM readings WHERE last_seen < ?1 AND id NOT IN (
                 SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY via, last_seen / 3600000
                   ORDER BY last_seen DESC, id DESC) AS n FROM readings WHERE last_seen < ?1) WHERE n = 1
                 UNION ALL
                 SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY five_reset
                   ORDER BY five_pct DESC, last_seen) AS n FROM readings WHERE five_reset IS NOT NULL) WHERE n = 1
                 UNION ALL
                 SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY week_reset
                   ORDER BY week_pct DESC, last_seen) AS n FROM readings WHERE week_reset IS NOT NULL) WHERE n = 1)`,
            )
            .run(cutoff).changes;
          this.db.query('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('thinned_at', String(now));
        })
        .immediate();
      return removed;
    });
  }

  /** thin(), at most once a day (the last time is kept in the store). */
  thinIfDue(now: number): number {
    const last = this.read('read the last thinning', null, () => {
      const row = this.db.query('SELECT value FROM meta WHERE key = ?').get('thinned_at') as { value: string } | null;
      return row ? Number(row.value) : null;
    });
    if (this.readOnly || (last !== null && Number.isFinite(last) && now - last < DAY && last <= now)) return 0;
    return this.thin(now);
  }

  /** Release the file; later calls answer empty. */
  close(): void {
    if (this.broken) return;
    this.broken = true;
    try {
      this.db.close();
    } catch {
      // closing a broken handle has nothing left to release
    }
  }

  private read<T>(what: string, fallback: T, fn: () => T): T {
    if (this.broken) return fallback;
    try {
      return fn();
    } catch (error) {
      this.fault(what, error);
      return fallback;
    }
  }

  private write<T>(what: string, fallback: T, fn: () => T): T {
    if (this.broken) return fallback;
    if (this.readOnly) {
      log.debug(`usage history ${this.path} is read-only: did not ${what}`);
      return fallback;
    }
    return this.read(what, fallback, fn);
  }

  /** A fault mid-run: damage moves the file aside (the next run starts a new one); anything else is logged. */
  private fault(what: string, error: unknown): void {
    const code = codeOf(error);
    if (!isDamage(code)) {
      (isBusy(code) ? log.debug : log.warn)(`usage history ${this.path}: could not ${what} (${errorMessage(error)})`);
      return;
    }
    this.broken = true;
    const inode = inodeOf(this.path);
    try {
      this.db.close();
    } catch {
      // already unusable
    }
    try {
      const aside = keepAside(this.path, 'damaged', inode, this.now());
      if (aside !== null)
        log.warn(
          `usage history ${this.path} is damaged (${errorMessage(error)}); kept it as ${aside}, a new one starts next run`,
        );
    } catch (renameError) {
      log.warn(`usage history ${this.path} is damaged and could not be moved aside (${errorMessage(renameError)})`);
    }
  }
}
