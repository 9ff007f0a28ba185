// The alert state in the data dir: read back after a restart, atomic and owner-only, a damaged or
// foreign file not fatal, never through a symlink, and never inside a Claude Code config dir.
import { afterAll, describe, expect, test } from 'bun:test';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogLines } from '../../../test/fixtures/log-capture.ts';
import { makeSampleAlert } from '../../../test/fixtures/sample-data.ts';
import { ALERT_STATE_FILE, alertStateIn, openAlertState } from './alert-state.ts';

const root = mkdtempSync(join(tmpdir(), 'aios-alert-state-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const logged = captureLogLines();
const alert = makeSampleAlert();

describe('the alert state file', () => {
  test('what one process wrote, the next reads: a restart repeats nothing', () => {
    const dir = join(root, 'restart');
    expect(alertStateIn(dir).read()).toEqual([]);
    alertStateIn(dir).write([alert]);
    expect(JSON.parse(readFileSync(join(dir, ALERT_STATE_FILE), 'utf8'))).toEqual({ version: 1, fired: [alert] });
    // Another process (a restarted server) reads it from the file.
    const script = `import { alertStateIn } from ${JSON.stringify(join(import.meta.dir, 'alert-state.ts'))};
console.log(JSON.stringify(alertStateIn(${JSON.stringify(dir)}).read()));`;
    const child = Bun.spawnSync([process.execPath, '-e', script], { stderr: 'pipe' });
    expect(JSON.parse(child.stdout.toString())).toEqual([alert]);
  });

  test('written atomically and owner-only: no temp file left, mode 600, the dir 700', () => {
    const dir = join(root, 'modes');
    alertStateIn(dir).write([alert]);
    expect(readdirSync(dir)).toEqual([ALERT_STATE_FILE]);
    expect(statSync(join(dir, ALERT_STATE_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  test('a damaged file is said once and read as none; the next write replaces it', () => {
    const dir = join(root, 'damaged');
    const file = join(dir, ALERT_STATE_FILE);
    for (const text of [
      '{"version":1,"fired":[{"window":"five_hour"',
      '{"version":2,"fired":[]}',
      'x'.repeat(300_000),
    ]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, text);
      // A new dir each time would be warned about again; the same one is warned about once.
      expect(alertStateIn(dir).read()).toEqual([]);
    }
    expect(logged.lines).toHaveLength(1);
    expect(logged.lines[0]).toStartWith(`aios warn: alert state ${file} is damaged (`);
    expect(logged.lines[0]).toEndWith('); starting afresh (an alert may repeat once)');
    alertStateIn(dir).write([alert]);
    expect(alertStateIn(dir).read()).toEqual([alert]);
  });

  test('a state file that is a symlink is not read, and a write replaces the link, not its target', () => {
    const dir = join(root, 'link');
    mkdirSync(dir, { recursive: true });
    const target = join(root, 'link-target.json');
    writeFileSync(target, JSON.stringify({ version: 1, fired: [alert] }));
    symlinkSync(target, join(dir, ALERT_STATE_FILE));
    expect(alertStateIn(dir).read()).toEqual([]);
    alertStateIn(dir).write([]);
    expect(lstatSync(join(dir, ALERT_STATE_FILE)).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(target, 'utf8')).fired).toEqual([alert]);
  });

  test('a data dir inside a Claude Code config dir is refused: the alerts live in memory, nothing is written there', () => {
    const home = join(root, 'home');
    const claude = join(home, '.claude');
    mkdirSync(join(claude, 'projects'), { recursive: true });
    const env = { AIOS_DATA_DIR: join(claude, 'aios-data') };
    const state = openAlertState(env, home);
    expect(state.path).toBeNull();
    state.write([alert]);
    expect(openAlertState(env, home).read()).toEqual([alert]);
    expect(existsSync(join(claude, 'aios-data'))).toBe(false);
    expect(logged.lines).toEqual([
      `aios warn: data dir ${join(claude, 'aios-data')} is not used: aios never writes inside a Claude Code config dir (${claude})`,
    ]);
  });

  test('a write that fails is warned about and kept in memory', () => {
    const blocker = join(root, 'not-a-dir');
    writeFileSync(blocker, 'a file where the data dir should be');
    const state = alertStateIn(blocker);
    state.write([alert]);
    expect(state.read()).toEqual([alert]);
    expect(logged.lines).toHaveLength(1);
    expect(logged.lines[0]).toContain(`alert state ${join(blocker, ALERT_STATE_FILE)} could not be written (`);
  });
});
