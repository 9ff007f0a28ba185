// Desktop notifications: a fake notify-send on PATH receives the title and body as plain arguments;
// osascript gets them through argv, never inside its script; a missing tool is a quiet no.
import { afterAll, describe, expect, test } from 'bun:test';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogLines } from '../../../test/fixtures/log-capture.ts';
import type { SpawnFn } from '../support/platform.ts';
import { desktopNotifier, notifyCommand } from './desktop-notify.ts';

const root = mkdtempSync(join(tmpdir(), 'aios-notify-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const logged = captureLogLines();

/** A `notify-send` in its own bin dir that writes each argument on a line of `out`. */
function fakeNotifySend(name: string): { bin: string; out: string } {
  const bin = join(root, name);
  mkdirSync(bin);
  const out = join(bin, 'calls');
  writeFileSync(join(bin, 'notify-send'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> '${out}'\n`);
  chmodSync(join(bin, 'notify-send'), 0o755);
  return { bin, out };
}

const HOSTILE = `96% "quoted" \\ back'slash $(touch ${root}/pwned) \`id\` ; rm -rf /`;

describe('desktopNotifier', () => {
  test('runs notify-send from PATH with the title and the body as plain arguments, through the spawn given', async () => {
    const { bin, out } = fakeNotifySend('linux');
    const spawned: string[][] = [];
    const spawn = ((cmd: string[], options: Parameters<SpawnFn>[1]) => {
      spawned.push(cmd);
      return Bun.spawn(cmd, options);
    }) as SpawnFn;
    const notify = desktopNotifier({ platform: 'linux', env: { PATH: bin }, spawn });
    expect(await notify('aios: 5-hour window past 95%', HOSTILE)).toBe(true);
    expect(spawned).toEqual([['notify-send', '--app-name=aios', '--', 'aios: 5-hour window past 95%', HOSTILE]]);
    expect(readFileSync(out, 'utf8')).toBe(`--app-name=aios\n--\naios: 5-hour window past 95%\n${HOSTILE}\n`);
    // No shell ever read the text.
    expect(() => readFileSync(join(root, 'pwned'))).toThrow();
  });

  test('a missing notify-send is a quiet no: false, one debug line at most', async () => {
    const empty = join(root, 'empty-bin');
    mkdirSync(empty);
    const notify = desktopNotifier({ platform: 'linux', env: { PATH: empty } });
    expect(await notify('aios: title', 'body')).toBe(false);
    expect(await notify('aios: title', 'body')).toBe(false);
    expect(logged.lines.filter((l) => !l.startsWith('aios debug:'))).toEqual([]);
  });

  test('a spawn that cannot find the tool (ENOENT) is the same quiet no', async () => {
    const spawn = (() => {
      throw Object.assign(new Error('Executable not found in $PATH: "notify-send"'), { code: 'ENOENT' });
    }) as unknown as SpawnFn;
    expect(await desktopNotifier({ platform: 'linux', spawn })('t', 'b')).toBe(false);
  });

  test('a platform without a notifier gets none, without spawning anything', async () => {
    let spawned = false;
    const spawn = (() => {
      spawned = true;
      throw new Error('not expected');
    }) as unknown as SpawnFn;
    expect(await desktopNotifier({ platform: 'win32', spawn })('t', 'b')).toBe(false);
    expect(spawned).toBe(false);
  });
});

describe('notifyCommand', () => {
  test('osascript reads the title and body from argv: the script itself is fixed', () => {
    const command = notifyCommand('darwin', 'aios: "title"', HOSTILE)!;
    expect(command.slice(0, 7)).toEqual([
      'osascript',
      '-e',
      'on run argv',
      '-e',
      'display notification (item 2 of argv) with title (item 1 of argv)',
      '-e',
      'end run',
    ]);
    expect(command.slice(7)).toEqual(['aios: "title"', HOSTILE]);
  });

  test('text is one line, without control characters, and bounded', () => {
    const [, , , title, body] = notifyCommand('linux', 'a\nb\u0007c', 'x'.repeat(1000))!;
    expect(title).toBe('a b c');
    expect(body).toHaveLength(400);
    expect(body!.endsWith('…')).toBe(true);
  });
});
