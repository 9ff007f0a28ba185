// The usage history's SQLite schema as numbered migrations, and the marks that make a file ours
// (application_id, user_version, a meta row), so a foreign or newer file is never misread.
import type { Database } from 'bun:sqlite';

export const STORE_FILE_NAME = 'history.sqlite';
/** "AIOH": tells our file from any other SQLite file (the scan cache is "AIOS"). */
export const APPLICATION_ID = 0x41494f48;
const FORMAT = 'aios-usage-history';

/**
 * Migration n (1-based) takes the store from version n-1 to n. Append, never edit: a user's store
 * made by any earlier aios is brought forward step by step.
 *
 * Why this shape: one row per distinct reading (`first_seen`..`last_seen` spans its repeats), times
 * as integer epoch ms, the source as a small integer, both windows in columns (the calibration and
 * the window summary read only these), and the bounded payload as compact JSON only where a source
 * has one. Limit hits are a table of their own, one row per window and origin, keyed by the reset.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE readings (
     id INTEGER PRIMARY KEY,
     via INTEGER NOT NULL CHECK (via BETWEEN 0 AND 2),
     first_seen INTEGER NOT NULL,
     last_seen INTEGER NOT NULL,
     five_pct REAL,
     five_reset INTEGER,
     week_pct REAL,
     week_reset INTEGER,
     plan_tier TEXT,
     payload TEXT
   );
   CREATE INDEX readings_by_time ON readings (last_seen);
   CREATE INDEX readings_by_source ON readings (via, last_seen);
   CREATE TABLE hits (
     win INTEGER NOT NULL CHECK (win IN (0, 1)),
     origin INTEGER NOT NULL CHECK (origin IN (0, 1)),
     key INTEGER NOT NULL,
     at INTEGER NOT NULL,
     resets_at INTEGER,
     PRIMARY KEY (win, origin, key)
   ) WITHOUT ROWID;`,
];

export const STORE_VERSION = MIGRATIONS.length;

/** Why a file is not used as it is. */
export type Rejection = 'foreign' | 'damaged' | 'newer';

export class StoreRejected extends Error {
  override name = 'StoreRejected';
  constructor(
    readonly why: Rejection,
    message: string,
  ) {
    super(message);
  }
}

const pragma = (db: Database, name: string): number =>
  Number((db.query(`PRAGMA ${name}`).get() as Record<string, unknown>)[name]);

/**
 * Create or bring forward the schema. A current store is only read (no write lock, so many
 * statusline processes opening at once do not queue); anything else is settled under a write lock
 * so two processes creating the store at once do not collide. Throws StoreRejected for a file that
 * is not ours, is damaged, or is newer.
 */
export function migrate(db: Database): void {
  if (pragma(db, 'application_id') === APPLICATION_ID && pragma(db, 'user_version') === STORE_VERSION) {
    checkFormat(db);
    return;
  }
  db.transaction(() => {
    const appId = pragma(db, 'application_id');
    const version = pragma(db, 'user_version');
    const tables = (db.query('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
    if (appId === 0 && version === 0 && tables === 0) {
      db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    } else if (appId !== APPLICATION_ID) {
      throw new StoreRejected('foreign', `application_id ${appId} is not aios's usage history`);
    } else if (version > STORE_VERSION) {
      throw new StoreRejected('newer', `made by a newer aios (version ${version}, this one knows ${STORE_VERSION})`);
    } else if (version === 0) {
      throw new StoreRejected('damaged', 'marked as ours but has no schema');
    }
    for (let v = version; v < STORE_VERSION; v++) db.exec(MIGRATIONS[v]!);
    if (version < STORE_VERSION) {
      db.query('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('format', FORMAT);
      db.exec(`PRAGMA user_version = ${STORE_VERSION}`);
    }
    checkFormat(db);
  }).immediate();
}

/** Check the marks of a file opened read-only (no migration possible there). */
export function checkReadOnly(db: Database): void {
  const appId = pragma(db, 'application_id');
  const version = pragma(db, 'user_version');
  if (appId !== APPLICATION_ID)
    throw new StoreRejected('foreign', `application_id ${appId} is not aios's usage history`);
  if (version !== STORE_VERSION)
    throw new StoreRejected(version > STORE_VERSION ? 'newer' : 'damaged', `version ${version} cannot be read as is`);
  checkFormat(db);
}

/** The meta row that, with the pragmas, says the file is ours. */
function checkFormat(db: Database): void {
  const row = db.query('SELECT value FROM meta WHERE key = ?').get('format') as { value: string } | null;
  if (row?.value !== FORMAT) throw new StoreRejected('damaged', 'the format row is missing');
}
